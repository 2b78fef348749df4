#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) with Tauri's bundler, then smoke-tests the .deb
# as a user would get it: unpack it into a scratch root, check the menu entry and icons, and
# launch the unpacked binary under Xvfb on an existing database (WebDriver reads the
# dashboard and saves a screenshot to target/e2e/installed-app.png).
#   scripts/package.sh               build and smoke-test
#   scripts/package.sh --smoke-only  smoke-test the .deb already in target/release/bundle/deb
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" rpm
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
trap 'rm -rf "$root"' EXIT
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

ensure_tauri_driver
SHEBAO_APP_BINARY="$bin" xvfb-run -a -s "-screen 0 1280x860x24" \
  cargo test --locked --test window_installed -- --ignored --nocapture
say "packages: $deb ${rpm:-}"
