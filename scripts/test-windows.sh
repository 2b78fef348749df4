#!/usr/bin/env bash
# Builds the app for Windows (x86_64-pc-windows-gnu) on Debian/Ubuntu and runs every shebao-core
# and shebao-cli test and the desktop shell's mock-runtime tests under Wine; fails on any failure. Offline-friendly: everything comes from the distribution (no rustup target download):
# Debian's Rust (rustc-web, cargo-web) builds the standard library for Windows from its source
# (rust-web-src) with -Zbuild-std, MinGW links, Wine 8 runs. Called by scripts/test.sh after the
# Linux tests; docs/install.md says what this does and does not prove.
#
# Settings (all optional): SHEBAO_WINDOWS_TARGET_DIR (default target/windows; its own directory,
# as another compiler builds into it), WINEPREFIX (default ~/.cache/shebao-ledger/wine).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

TARGET=x86_64-pc-windows-gnu
# Debian's toolchain, named by path: a rustup cargo earlier on the PATH has no Windows standard
# library to offer offline, and the two must not share a target directory.
WINDOWS_PACKAGES=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
  wine wine64 perl make python3)
ensure_apt_packages "${WINDOWS_PACKAGES[@]}"
ensure_wsgidav
unset SHEBAO_WSGIDAV_OPTIONAL

export WINE=/usr/lib/wine/wine64
export WINEPREFIX="${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/shebao-ledger/wine}"
export WINEDEBUG=-all
export CARGO_TARGET_DIR="${SHEBAO_WINDOWS_TARGET_DIR:-$PWD/target/windows}"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
# -Zbuild-std on a stable compiler: the only way to a Windows std without rustup.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE"
# A clean build in CI's budget: no incremental state to write, and no debug info to make and
# link into some 60 test binaries (a failure still names the test and its assertion).
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0
CARGO=(/usr/bin/cargo)
BUILD_STD=(--target "$TARGET" -Zbuild-std=std,panic_abort --locked)

# A private Wine prefix; without Mono and Gecko (whose installers would ask for a download).
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "creating the Wine prefix $WINEPREFIX"
  mkdir -p "$WINEPREFIX"
  WINEDLLOVERRIDES="mscoree,mshtml=" "$WINE" wineboot --init >/dev/null 2>&1
  "${WINE%64}server64" -w 2>/dev/null || true
fi
# Wine 8 lacks bcryptprimitives.dll, from which Rust's std imports ProcessPrng: built from
# scripts/windows/bcryptprimitives.c into the prefix (real Windows 10 and 11 have their own).
say "building the bcryptprimitives.dll stand-in for Wine"
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def -lbcrypt

# The WebDAV tests' servers: a Windows test cannot start the Linux wsgidav, so this service
# starts them on its behalf (crates/core/tests/support/wsgidav.rs, SHEBAO_WSGIDAV_SPAWNER).
spawner_port=$(mktemp)
"$WSGIDAV_VENV/bin/python" scripts/windows/dav-spawner.py "$SHEBAO_WSGIDAV" "$spawner_port" &
spawner_pid=$!
trap 'kill "$spawner_pid" 2>/dev/null || true; rm -f "$spawner_port"' EXIT
for _ in $(seq 100); do [ -s "$spawner_port" ] && break; sleep 0.1; done
[ -s "$spawner_port" ] || { say "the WebDAV spawner did not start"; exit 1; }
export SHEBAO_WSGIDAV_SPAWNER="127.0.0.1:$(cat "$spawner_port")"

say "Windows: shebao-core and shebao-cli tests under Wine ($TARGET)"
# Every failure, not only the first test binary's.
"${CARGO[@]}" test -p shebao-core -p shebao-cli --no-fail-fast "${BUILD_STD[@]}"

# The desktop shell for Windows: the library, its unit tests and the shell_* tests on Tauri's mock
# runtime (the window_* tests need a real WebView2, which Wine lacks: docs/install.md).
say "Windows: the desktop shell's mock-runtime tests under Wine"
shell_tests=()
for file in tests/shell_*.rs; do shell_tests+=(--test "$(basename "$file" .rs)"); done
"${CARGO[@]}" test -p shebao-desktop --lib "${shell_tests[@]}" --no-run "${BUILD_STD[@]}"
# The test binaries load WebView2Loader.dll from their own folder (deps/); the build puts it
# beside the app, one folder up.
dll_dir="$CARGO_TARGET_DIR/$TARGET/debug"
cp "$dll_dir/WebView2Loader.dll" "$dll_dir/deps/"
"${CARGO[@]}" test -p shebao-desktop --lib "${shell_tests[@]}" --no-fail-fast "${BUILD_STD[@]}"
