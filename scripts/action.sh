#!/usr/bin/env bash
# The step behind action.yml (runnable by hand and by test_action.py): installs gapscan if
# needed, scans INPUT_TARGETS, writes the reports and the step's outputs ($GITHUB_OUTPUT), and
# exits with gapscan's exit code. GAPSCAN_BIN names an installed binary to use as it is.
set -euo pipefail
ACTION_PATH=${ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

gapscan=${GAPSCAN_BIN:-}
if [ -z "$gapscan" ] && [ -n "${INPUT_DEB:-}" ]; then
  deb=$INPUT_DEB
  case $deb in
    http://* | https://*) curl -fsSL -o /tmp/gapscan.deb "$deb" && deb=/tmp/gapscan.deb ;;
  esac
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "$(realpath "$deb")" >/dev/null
  gapscan=/usr/bin/gapscan
fi
if [ -z "$gapscan" ] && command -v gapscan >/dev/null; then gapscan=$(command -v gapscan); fi
if [ -z "$gapscan" ]; then
  echo "::group::build gapscan"
  (cd "$ACTION_PATH" && bash scripts/ensure-deps.sh && BUILD_TARGETS=gapscan bash scripts/build.sh)
  echo "::endgroup::"
  gapscan=$ACTION_PATH/build/gapscan
fi

read -r -a targets <<<"$(echo "${INPUT_TARGETS:-}" | tr '\n' ' ')"
if [ ${#targets[@]} -eq 0 ]; then
  echo "gapscan action: the 'targets' input is empty" >&2
  exit 2
fi
args=(scan "${targets[@]}" --fail-on "${INPUT_FAIL_ON:-high}"
  --sarif "${INPUT_SARIF:-gapscan.sarif}" --json "${INPUT_JSON:-gapscan.json}"
  --html "${INPUT_HTML:-gapscan.html}")
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_BASELINE:-}" ] && [ -f "$INPUT_BASELINE" ]; then
  args+=(--baseline "$INPUT_BASELINE")
  if [ "${INPUT_FAIL_ON_NEW:-false}" = true ]; then args+=(--fail-on-new); fi
fi
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
set +e
"$gapscan" "${args[@]}" "${extra[@]}"
code=$?
set -e
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif=${INPUT_SARIF:-gapscan.sarif}"
    echo "json=${INPUT_JSON:-gapscan.json}"
    echo "html=${INPUT_HTML:-gapscan.html}"
    echo "exit-code=$code"
  } >>"$GITHUB_OUTPUT"
fi
exit $code
