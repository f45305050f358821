"""Node-RED and Verdaccio from npm, held to their truth files (test/realapps/): JSON logins
(Node-RED's OAuth-style token route needs --login-field), no state change."""

import harness
import realapps


class NodeRed(realapps.RealAppCase):
    APP = "nodered"


class Verdaccio(realapps.RealAppCase):
    APP = "verdaccio"


if __name__ == "__main__":
    harness.main()
