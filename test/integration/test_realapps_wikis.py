"""DokuWiki and MediaWiki from Debian, on Debian's Apache with mod_php, held to their truth
files (test/realapps/): form logins, no state change, precision on real PHP applications."""

import harness
import realapps

GROUP = ("dokuwiki", "mediawiki")


def tearDownModule():
    realapps.script("down", *GROUP)


class DokuWiki(realapps.RealAppCase):
    APP = "dokuwiki"
    GROUP = GROUP
    # The failed-login page says "Log In" (its title and button).
    LOOSE_REGEX = "Log In"


class MediaWiki(realapps.RealAppCase):
    APP = "mediawiki"
    GROUP = GROUP
    LOOSE_REGEX = "Log in"


if __name__ == "__main__":
    harness.main()
