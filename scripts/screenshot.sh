#!/usr/bin/env bash
# Opens the desktop app under a virtual X display and saves a screenshot of the screen, so a
# change to the UI can be looked at as a user would see it.
#   scripts/screenshot.sh OUT.png [--db PATH] [SECONDS]
# Needs: xvfb, imagemagick (import). Uses target/debug/shebao-desktop (run cargo build first).
set -euo pipefail
out=${1:?usage: scripts/screenshot.sh OUT.png [--db PATH] [SECONDS]}
shift
db_args=()
if [[ ${1:-} == --db ]]; then db_args=(--db "$2"); shift 2; fi
wait_s=${1:-6}
top=$(cd "$(dirname "$0")/.." && pwd)
xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
  "$0" "${@:3}" & app=$!
  sleep "$2"
  import -window root "$1"
  kill $app; wait $app 2>/dev/null || true
' "$top/target/debug/shebao-desktop" "$out" "$wait_s" "${db_args[@]}"
echo "saved $out"
