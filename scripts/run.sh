#!/usr/bin/env bash
# Builds and opens the desktop app on its default database (the OS data directory, or
# $SHEBAO_DB, or --db PATH given after the command). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_apt_packages "${APP_PACKAGES[@]}"
ensure_rust
say "building and starting 社保账本 (the first build takes several minutes)"
exec cargo run --release --locked --bin shebao-desktop -- "$@"
