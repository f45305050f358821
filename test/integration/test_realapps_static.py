"""lighttpd and Caddy from Debian, held to their truth files (test/realapps/): a static site
with a listed folder, and a single-page app behind a catch-all where no guessed path may be
reported and the crawl stays near the real resources."""

import harness
import realapps


class Lighttpd(realapps.RealAppCase):
    APP = "lighttpd"


class Caddy(realapps.RealAppCase):
    APP = "caddy"

    def test_crawl_stays_near_the_real_resources(self):
        # Swagger UI's bundle: index.html and the files it links, the openapi.json it loads
        # (not linked), the downloads listing and its file; at most twice that.
        pages = self.anon.report["scan"]["statistics"]["pages"]
        self.assertLessEqual(pages, 2 * 12, self.anon.report["scan"]["statistics"])


if __name__ == "__main__":
    harness.main()
