#!/usr/bin/env bash
# The range of real applications gapscan is judged on (issue 13): software people deploy,
# installed from Debian and npm only, started on 127.0.0.1 with a test account each.
#   bash scripts/realapps.sh up [APP...]     install what is missing, configure, start
#   bash scripts/realapps.sh down [APP...]   stop (the configured data stays for the next up)
#   bash scripts/realapps.sh state [APP...]  one line per app: its users-and-settings digest
#   bash scripts/realapps.sh list            the apps and their URLs
# Apps: dokuwiki, mediawiki (Debian packages, Debian's Apache with mod_php), nodered, verdaccio
# (npm), lighttpd (Debian, static site with a listing folder), caddy (Debian, a single-page app
# behind a catch-all). Everything lives under $REALAPPS_DIR (default /tmp/gapscan-realapps) and
# listens on $REALAPPS_PORT_BASE+1..+6 (default 18081..18086); $REALAPPS_DIR/apps.json tells a
# test where each app is and how to log in. Meant for a disposable test machine or container:
# `up` installs packages with apt-get when they are missing (root) and adds one DokuWiki farm
# animal under /etc/dokuwiki/farm/ (Debian's own farm mechanism: the port picks it), nothing else
# outside $REALAPPS_DIR. The passwords below are for this loopback range only.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)
DIR=${REALAPPS_DIR:-/tmp/gapscan-realapps}
BASE=${REALAPPS_PORT_BASE:-18080}
ALL_APPS=(dokuwiki mediawiki nodered verdaccio lighttpd caddy)
NODE_RED_VERSION=4.1.8
VERDACCIO_VERSION=6.8.0
SWAGGER_UI_VERSION=5.36.0
DEBIAN_PACKAGES=(apache2 libapache2-mod-php php-sqlite3 dokuwiki mediawiki lighttpd caddy sqlite3
  curl)

port_of() {
  case $1 in
    dokuwiki) echo $((BASE + 1)) ;; mediawiki) echo $((BASE + 2)) ;; nodered) echo $((BASE + 3)) ;;
    verdaccio) echo $((BASE + 4)) ;; lighttpd) echo $((BASE + 5)) ;; caddy) echo $((BASE + 6)) ;;
    *) echo "realapps: unknown app '$1' (one of: ${ALL_APPS[*]})" >&2 && exit 2 ;;
  esac
}
DOKUWIKI_PASSWORD='Range-Doku-2026'
MEDIAWIKI_PASSWORD='Range-Media-2026'
NODERED_PASSWORD='Range-Red-2026'
VERDACCIO_PASSWORD='Range-Npm-2026'
FARM_ANIMAL() { echo "/etc/dokuwiki/farm/$(port_of dokuwiki).127.0.0.1.dokuwiki"; }

log() { echo "realapps: $*" >&2; }

wait_http() {  # URL [SECONDS]: until it answers anything
  local url=$1 deadline=$((SECONDS + ${2:-60}))
  until curl -s -o /dev/null --max-time 2 "$url"; do
    if [ $SECONDS -ge $deadline ]; then log "$url did not answer" && return 1; fi
    sleep 0.2
  done
}

ensure_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # Debian's nodejs and npm, unless a node with its npm is there already (e.g. NodeSource's).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
}

ensure_npm() {
  if [ -x "$DIR/npm/node_modules/.bin/node-red" ] && [ -x "$DIR/npm/node_modules/.bin/verdaccio" ] &&
    [ -d "$DIR/npm/node_modules/swagger-ui-dist" ]; then return; fi
  mkdir -p "$DIR/npm"
  log "installing node-red@$NODE_RED_VERSION verdaccio@$VERDACCIO_VERSION from npm"
  (cd "$DIR/npm" && npm install --no-audit --no-fund --loglevel=error \
    "node-red@$NODE_RED_VERSION" "verdaccio@$VERDACCIO_VERSION" \
    "swagger-ui-dist@$SWAGGER_UI_VERSION" >&2)
}

# --- Apache with mod_php: DokuWiki and MediaWiki, each on a port of its own ----------------
apache_conf() {
  local conf=$DIR/apache/apache2.conf
  mkdir -p "$DIR/apache"
  sed -e "s|@WORK@|$DIR/apache|g" -e "s|@DOKUWIKI_PORT@|$(port_of dokuwiki)|g" \
    -e "s|@MEDIAWIKI_PORT@|$(port_of mediawiki)|g" -e "s|@MEDIAWIKI_DIR@|$DIR/mediawiki|g" \
    "$SRC/test/realapps/apache2.conf.in" >"$conf"
  echo "$conf"
}

setup_dokuwiki() {
  local animal data
  animal=$(FARM_ANIMAL)
  data=$DIR/dokuwiki/data
  if [ ! -d "$data" ]; then
    mkdir -p "$DIR/dokuwiki"
    cp -a /var/lib/dokuwiki/data "$data"
    # Pages that link to each other like a small team wiki.
    mkdir -p "$data/pages/team"
    printf '====== Team ======\n\n  * [[team:oncall|On-call rota]]\n  * [[wiki:syntax|Syntax]]\n' \
      >"$data/pages/team/start.txt"
    printf '====== On-call ======\n\nSee [[team:start]].\n' >"$data/pages/team/oncall.txt"
    printf '====== Range ======\n\n  * [[team:start|Team]]\n  * [[playground:playground]]\n' \
      >"$data/pages/start.txt"
    chown -R www-data:www-data "$DIR/dokuwiki"
  fi
  # The animal is rewritten on every up: it must point at this $DIR's data.
  mkdir -p "$animal"
  # Dereferenced: Debian's users.auth.php and acl.auth.php are symlinks into the shared
  # /var/lib/dokuwiki/acl/, and writing the range's users through them would change the main
  # wiki's (and every other range's) accounts.
  rm -f "$animal/users.auth.php" "$animal/acl.auth.php"
  cp -L /etc/dokuwiki/*.php /etc/dokuwiki/*.conf "$animal/" 2>/dev/null || true
  rm -f "$animal/users.auth.php" "$animal/acl.auth.php"
  printf "<?php\n\$conf['title'] = 'Range DokuWiki';\n\$conf['savedir'] = '%s';\n\$conf['useacl'] = 1;\n\$conf['superuser'] = '@admin';\n" \
    "$data" >"$animal/local.php"
  if [ ! -f "$DIR/dokuwiki/users.auth.php" ]; then
    local hash
    hash=$(php -r 'echo password_hash($argv[1], PASSWORD_BCRYPT);' "$DOKUWIKI_PASSWORD")
    printf '# users of the range animal\nadmin:%s:Range Admin:admin@range.invalid:admin,user\n' \
      "$hash" >"$DIR/dokuwiki/users.auth.php"
  fi
  cp "$DIR/dokuwiki/users.auth.php" "$animal/users.auth.php"
  printf '*               @ALL          1\n*               @user         8\n' >"$animal/acl.auth.php"
  chown -R root:www-data "$animal" && chmod -R g+rw "$animal"
}

setup_mediawiki() {
  local mw=$DIR/mediawiki
  [ -f "$mw/LocalSettings.php" ] && return
  mkdir -p "$mw/data"
  php /usr/share/mediawiki/maintenance/install.php --dbtype=sqlite --dbpath="$mw/data" \
    --dbname=wiki --server="http://127.0.0.1:$(port_of mediawiki)" --scriptpath=/mediawiki \
    --pass="$MEDIAWIKI_PASSWORD" --confpath="$mw" "Range Wiki" Admin >"$mw/install.log" 2>&1 ||
    { cat "$mw/install.log" >&2 && return 1; }
  chown -R www-data:www-data "$mw"
}

start_apache() {
  local conf pid=$DIR/apache/apache2.pid
  if [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null; then return; fi
  conf=$(apache_conf)
  # Its own session: prefork signals its whole process group when it stops.
  setsid sh -c ". /etc/apache2/envvars; export APACHE_RUN_DIR=$DIR/apache APACHE_LOCK_DIR=$DIR/apache \
    APACHE_LOG_DIR=$DIR/apache APACHE_PID_FILE=$pid; exec /usr/sbin/apache2 -f $conf -k start" \
    </dev/null >"$DIR/apache/start.log" 2>&1 || { cat "$DIR/apache/start.log" >&2 && return 1; }
  # `-k start` returns before the daemon writes its pid file: wait for it, or the next app of
  # the group (both wikis share this Apache) would start a second one that cannot bind.
  local deadline=$((SECONDS + 30))
  until [ -s "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "apache did not start" && cat "$DIR/apache/start.log" "$DIR/apache/error.log" >&2
      return 1
    fi
    sleep 0.1
  done
}

# --- Node-RED with the editor's admin login, Verdaccio with htpasswd -----------------------
setup_nodered() {
  local d=$DIR/nodered
  [ -f "$d/settings.js" ] && return
  mkdir -p "$d"
  local hash
  hash=$(cd "$DIR/npm" && node -e \
    'process.stdout.write(require("bcryptjs").hashSync(process.argv[1], 8))' "$NODERED_PASSWORD")
  sed -e "s|@PORT@|$(port_of nodered)|g" -e "s|@HASH@|$hash|g" -e "s|@DIR@|$d|g" \
    "$SRC/test/realapps/nodered-settings.js.in" >"$d/settings.js"
  cp "$SRC/test/realapps/nodered-flows.json" "$d/flows.json"
}

setup_verdaccio() {
  local d=$DIR/verdaccio
  [ -f "$d/config.yaml" ] && return
  mkdir -p "$d/storage"
  sed -e "s|@DIR@|$d|g" "$SRC/test/realapps/verdaccio.yaml.in" >"$d/config.yaml"
  # {SHA} is one of the htpasswd formats Verdaccio reads.
  printf 'admin:{SHA}%s:autocreated 2026-01-01T00:00:00.000Z\n' \
    "$(printf '%s' "$VERDACCIO_PASSWORD" | openssl dgst -sha1 -binary | base64)" >"$d/htpasswd"
}

start_node_app() {  # NAME COMMAND...
  local name=$1 pid=$DIR/$1/pid
  shift
  if [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null; then return; fi
  setsid "$@" </dev/null >"$DIR/$name/server.log" 2>&1 &
  echo $! >"$pid"
}

# --- lighttpd: a static documentation site with one listing folder --------------------------
setup_static_site() {
  local d=$DIR/lighttpd
  [ -f "$d/lighttpd.conf" ] && return
  mkdir -p "$d/www/docs" "$d/www/files"
  cp -r "$SRC/test/realapps/site/." "$d/www/"
  sed -e "s|@PORT@|$(port_of lighttpd)|g" -e "s|@DIR@|$d|g" \
    "$SRC/test/realapps/lighttpd.conf.in" >"$d/lighttpd.conf"
  chown -R www-data:www-data "$d/www"
}

# --- Caddy: Swagger UI as a single-page app behind a catch-all, plus a browse folder --------
setup_spa() {
  local d=$DIR/caddy
  [ -f "$d/Caddyfile" ] && return
  mkdir -p "$d/www/downloads"
  cp -r "$DIR/npm/node_modules/swagger-ui-dist/." "$d/www/"
  rm -f "$d/www/package.json" "$d/www/README.md" "$d/www/"*.map "$d/www/absolute-path.js" \
    "$d/www/index.js" "$d/www/"*es-bundle*
  cp "$SRC/test/realapps/spa/openapi.json" "$d/www/openapi.json"
  # The one change to the bundle: a link to the downloads folder, relative as SPAs write them.
  sed -i "s|</body>|<p><a href=\"downloads/\">Downloads</a></p></body>|" "$d/www/index.html"
  sed -i 's|https://petstore.swagger.io/v2/swagger.json|/openapi.json|' "$d/www/swagger-initializer.js"
  printf 'release 1.4.2\n' >"$d/www/downloads/CHANGES.txt"
  sed -e "s|@PORT@|$(port_of caddy)|g" -e "s|@DIR@|$d|g" "$SRC/test/realapps/Caddyfile.in" \
    >"$d/Caddyfile"
}

write_apps_json() {
  python3 - "$DIR" "$BASE" "$DOKUWIKI_PASSWORD" "$MEDIAWIKI_PASSWORD" "$NODERED_PASSWORD" \
    "$VERDACCIO_PASSWORD" <<'EOF'
import json, sys
d, base, doku, media, red, npm = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
u = lambda n, path: "http://127.0.0.1:%d%s" % (base + n, path)
apps = {
  "dokuwiki": {"url": u(1, "/dokuwiki/doku.php"), "username": "admin", "password": doku,
               "login": ["--login-url", u(1, "/dokuwiki/doku.php?do=login")]},
  "mediawiki": {"url": u(2, "/mediawiki/index.php/Main_Page"), "username": "Admin", "password": media,
                "login": ["--login-url", u(2, "/mediawiki/index.php?title=Special:UserLogin")]},
  "nodered": {"url": u(3, "/"), "username": "admin", "password": red,
              "login": ["--login-url", u(3, "/auth/token"), "--login-type", "json",
                        "--login-field", "client_id=node-red-editor",
                        "--login-field", "grant_type=password", "--login-field", "scope=*",
                        "--token-pointer", "/access_token"]},
  "verdaccio": {"url": u(4, "/"), "username": "admin", "password": npm,
                "login": ["--login-url", u(4, "/-/verdaccio/sec/login"), "--login-type", "json",
                          "--token-pointer", "/token"]},
  "lighttpd": {"url": u(5, "/")},
  "caddy": {"url": u(6, "/")},
}
json.dump(apps, open(d + "/apps.json", "w"), indent=2)
EOF
}

up() {
  mkdir -p "$DIR"
  # Tests bring groups of apps up in parallel: one installer at a time.
  exec 9>"$DIR/.install.lock"
  flock 9
  # The apps' configurations (MediaWiki's $wgServer, Node-RED's settings, ...) hold their
  # ports and are written once: a directory serves one port base.
  if [ -f "$DIR/.port_base" ] && [ "$(cat "$DIR/.port_base")" != "$BASE" ]; then
    log "$DIR was set up for port base $(cat "$DIR/.port_base"), not $BASE: use another REALAPPS_DIR or remove it"
    exit 2
  fi
  echo "$BASE" >"$DIR/.port_base"
  ensure_packages
  ensure_npm
  flock -u 9
  for app in "$@"; do
    case $app in
      dokuwiki) setup_dokuwiki ;; mediawiki) setup_mediawiki ;;
      nodered) setup_nodered ;; verdaccio) setup_verdaccio ;;
      lighttpd) setup_static_site ;; caddy) setup_spa ;;
    esac
  done
  for app in "$@"; do
    case $app in
      dokuwiki | mediawiki) start_apache ;;
      nodered)
        start_node_app nodered node "$DIR/npm/node_modules/node-red/red.js" \
          --settings "$DIR/nodered/settings.js" --userDir "$DIR/nodered" ;;
      verdaccio)
        start_node_app verdaccio node "$DIR/npm/node_modules/verdaccio/bin/verdaccio" \
          --config "$DIR/verdaccio/config.yaml" --listen "127.0.0.1:$(port_of verdaccio)" ;;
      lighttpd)
        start_node_app lighttpd /usr/sbin/lighttpd -D -f "$DIR/lighttpd/lighttpd.conf" ;;
      caddy)
        start_node_app caddy env HOME="$DIR/caddy" XDG_DATA_HOME="$DIR/caddy" \
          XDG_CONFIG_HOME="$DIR/caddy" /usr/bin/caddy run --config "$DIR/caddy/Caddyfile" \
          --adapter caddyfile ;;
    esac
  done
  write_apps_json
  for app in "$@"; do wait_http "http://127.0.0.1:$(port_of "$app")/" 90; done
  log "up: $*"
}

stop_pid() {  # PIDFILE [GROUP]: TERM the process (or its group), wait until it is gone
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ "${2:-}" = group ]; then kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  else kill "$pid" 2>/dev/null || true; fi
  # The next up binds the same ports: wait for them to be released.
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$file"
  # Prefork children may hold the listening socket a moment longer than their parent.
  for port in "${@:3}"; do
    for _ in $(seq 100); do
      curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" || break
      sleep 0.1
    done
  done
}

down() {
  for app in "$@"; do
    case $app in
      dokuwiki | mediawiki)
        stop_pid "$DIR/apache/apache2.pid" single "$(port_of dokuwiki)" "$(port_of mediawiki)"
        # The animal is rewritten by every up; leave nothing behind in /etc.
        if [ "$app" = dokuwiki ]; then rm -rf "$(FARM_ANIMAL)"; fi ;;
      *) stop_pid "$DIR/$app/pid" group ;;
    esac
  done
}

# The users and settings of each app, as one digest: what a scan must leave unchanged.
state() {
  for app in "$@"; do
    local digest
    case $app in
      dokuwiki)
        digest=$(cd "$(FARM_ANIMAL)" && cat users.auth.php acl.auth.php local.php |
          cat - <(cd "$DIR/dokuwiki/data" && find pages attic media -type f -print0 | sort -z |
            xargs -0 sha256sum) | sha256sum) ;;
      mediawiki)
        digest=$(sqlite3 "$DIR/mediawiki/data/wiki.sqlite" \
          "SELECT user_id, user_name, user_password, user_email, user_real_name FROM user ORDER BY 1;
           SELECT * FROM user_groups ORDER BY 1, 2; SELECT * FROM user_properties ORDER BY 1, 2;
           SELECT page_id, page_title, page_latest FROM page ORDER BY 1;" |
          cat - "$DIR/mediawiki/LocalSettings.php" | sha256sum) ;;
      nodered)
        digest=$(cd "$DIR/nodered" && cat settings.js flows.json $(ls flows_cred.json .config.users.json \
          2>/dev/null) | sha256sum) ;;
      verdaccio)
        digest=$(cd "$DIR/verdaccio" && cat config.yaml htpasswd <(find storage -type f | sort) |
          sha256sum) ;;
      lighttpd | caddy)
        digest=$(cd "$DIR/$app" && find www -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum) ;;
    esac
    echo "$app ${digest%% *}"
  done
}

cmd=${1:-}
shift || true
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then apps=("${ALL_APPS[@]}"); fi
for a in "${apps[@]}"; do port_of "$a" >/dev/null; done
case $cmd in
  up) up "${apps[@]}" ;;
  down) down "${apps[@]}" ;;
  state) state "${apps[@]}" ;;
  list) for a in "${apps[@]}"; do echo "$a http://127.0.0.1:$(port_of "$a")/"; done ;;
  *) echo "usage: $0 up|down|state|list [APP...]" >&2 && exit 2 ;;
esac
