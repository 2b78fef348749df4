#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) with Tauri's bundler, then smoke-tests the .deb
# as a user would get it: unpack it into a scratch root, check the menu entry and icons, and
# launch the unpacked binary under Xvfb on an existing database: its window must appear and
# the database must come through unchanged (screenshot: target/e2e/installed-app.png).
#   scripts/package.sh               build and smoke-test
#   scripts/package.sh --smoke-only  smoke-test the .deb already in target/release/bundle/deb
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" rpm x11-utils imagemagick
ensure_rust

if [ "${1:-}" != "--smoke-only" ]; then
  if ! cargo tauri --version >/dev/null 2>&1; then
    say "installing tauri-cli (Tauri's bundler)"
    cargo install tauri-cli --version '^2' --locked
  fi
  say "building the .deb and .rpm (release build; takes a while)"
  cargo tauri build --ci --bundles deb,rpm
fi

deb=$(ls -t target/release/bundle/deb/*.deb | head -n1)
rpm=$(ls -t target/release/bundle/rpm/*.rpm 2>/dev/null | head -n1 || true)
say "smoke-testing $deb"
root=$(mktemp -d)
dpkg-deb -x "$deb" "$root"
dpkg-deb -f "$deb" Package Version Depends

bin="$root/usr/bin/shebao-desktop"
[ -x "$bin" ] || { echo "no executable /usr/bin/shebao-desktop in $deb"; exit 1; }
desktop=$(ls "$root"/usr/share/applications/*.desktop)
grep -q '^Exec=shebao-desktop' "$desktop" || { echo "menu entry does not start the app: $desktop"; exit 1; }
icon_name=$(sed -n 's/^Icon=//p' "$desktop")
ls "$root"/usr/share/icons/hicolor/*/apps/"$icon_name".png >/dev/null \
  || { echo "no icon named $icon_name in the package"; exit 1; }
[ -z "$rpm" ] || rpm -qip "$rpm" >/dev/null

# An existing database, made by the CLI of this build: the installed app must open it as is.
cargo build --release --locked -p shebao-cli
data=$(mktemp -d)
trap 'rm -rf "$root" "$data"' EXIT
target/release/shebao --db "$data/shebao.db" demo >/dev/null
before=$(target/release/shebao --db "$data/shebao.db" --json summary --profile 1)
mkdir -p target/e2e
xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
  "$1" --db "$2" & app=$!
  for _ in $(seq 1 60); do
    xwininfo -root -tree | grep -q "Shebao Ledger" && break
    sleep 0.5
  done
  xwininfo -root -tree | grep "Shebao Ledger" || { echo "the installed app showed no window"; kill $app; exit 1; }
  sleep 3  # let the dashboard draw before the screenshot
  import -window root "$3"
  kill -TERM $app; wait $app || true
' _ "$bin" "$data/shebao.db" target/e2e/installed-app.png
after=$(target/release/shebao --db "$data/shebao.db" --json summary --profile 1)
[ "$before" = "$after" ] || { echo "the installed app changed the existing database"; exit 1; }
say "the installed app opened the existing database; screenshot: target/e2e/installed-app.png"
say "packages: $deb ${rpm:-}"
