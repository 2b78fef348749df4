#!/usr/bin/env bash
# Screenshots of every view in both languages (and the overview in dark) into docs/screenshots/,
# taken from the real window under Xvfb on the demo data. The README links them.
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_tauri_driver
xvfb-run -a -s "-screen 0 1280x860x24" cargo test --test screenshots -- --ignored --nocapture
ls -1 docs/screenshots
