# Installs what building, running and testing the app need on Debian/Ubuntu, only where
# missing. Sourced by scripts/run.sh and scripts/test.sh.

# What the Tauri window needs to build and to show Chinese text (without fonts-noto-cjk, Chinese
# renders as boxes). perl and make build the OpenSSL that SQLCipher is compiled with.
APP_PACKAGES=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev
  fonts-noto-cjk perl make)
# What the tests add: a virtual display, the WebKit WebDriver, a private D-Bus session bus
# for the single-instance and keyring tests, GNOME Keyring (a real Secret Service for "remember on
# this computer"), poppler-utils to read back and render exported PDFs (Node for
# the UI unit tests comes from ensure_node).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus-daemon dbus-bin gnome-keyring poppler-utils sqlite3)

# The oldest Rust the workspace builds with (rust-version in Cargo.toml).
MIN_RUST=1.92

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    say "need root to run: $*  (install these packages by hand, then run this again)"
    exit 1
  fi
}

ensure_apt_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: install the equivalents of ${missing[*]} (see README.md)"
    exit 1
  fi
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The oldest Node whose test runner the UI tests use as scripts/test.sh calls it
# (`node --test FILE…`, stable since Node 20).
MIN_NODE=20

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Node from the distribution when there is none (Debian 13 and Ubuntu 24.10 ship 20 or newer);
# an older one, installed or the only one the distribution has, stops the run with what to do,
# rather than failing later in the middle of the tests.
ensure_node() {
  command -v node >/dev/null 2>&1 || ensure_apt_packages nodejs
  local have
  have=$(node --version | sed 's/^v//')
  if ! version_at_least "$have" "$MIN_NODE"; then
    say "Node $have is older than $MIN_NODE: install Node $MIN_NODE or newer (e.g. from nodejs.org or NodeSource), then run this again"
    exit 1
  fi
}

ensure_rust() {
  # shellcheck disable=SC1091
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing Rust with rustup (the distribution's Rust is too old for Tauri 2)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  local have
  have=$(rustc --version | awk '{print $2}')
  if ! version_at_least "$have" "$MIN_RUST"; then
    if command -v rustup >/dev/null 2>&1; then
      say "updating Rust $have to stable (need $MIN_RUST or newer)"
      rustup update stable && rustup default stable
    else
      say "Rust $have is older than $MIN_RUST: install a current toolchain with rustup"
      exit 1
    fi
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    say "installing tauri-driver (WebDriver for the app window)"
    cargo install tauri-driver --locked --version '^2'
  fi
}

# cargo-fuzz, which builds and runs the fuzz targets in fuzz/ (scripts/fuzz.sh). Pinned: its
# flags and its build of libFuzzer change between versions, and docs/reliability.md gives
# timings for this one.
CARGO_FUZZ_VERSION=0.13.2

ensure_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (builds and runs the fuzz targets)"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
  fi
}

# A real WebDAV server for the WebDAV backup tests (crates/core/tests/webdav.rs): WsgiDAV from
# PyPI, pinned in wsgidav-requirements.txt, in a virtualenv of its own so that no system
# Python is changed (Debian's refuses pip installs). Skipped when the pinned version is there.
# The tests find it through SHEBAO_WSGIDAV, and fail without it (unless SHEBAO_WSGIDAV_OPTIONAL=1,
# which scripts/test.sh unsets).
# The check reads pip's whole list (grep without -q): grep -q stops at the first match, pip dies
# of the broken pipe, and under pipefail the pinned version was reinstalled on every run.
WSGIDAV_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/shebao-ledger/wsgidav-venv"

ensure_wsgidav() {
  local requirements bin wanted
  requirements="$(dirname "${BASH_SOURCE[0]}")/wsgidav-requirements.txt"
  bin="$WSGIDAV_VENV/bin/wsgidav"
  wanted=$(grep -i '^wsgidav==' "$requirements" | cut -d= -f3)
  if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$wanted" ] \
    && "$WSGIDAV_VENV/bin/pip" freeze 2>/dev/null | grep -xF "$(grep -i '^cheroot==' "$requirements")" >/dev/null; then
    export SHEBAO_WSGIDAV="$bin"
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || ensure_apt_packages python3
  python3 -c 'import venv, ensurepip' 2>/dev/null || ensure_apt_packages python3-venv
  say "installing WsgiDAV $wanted (a WebDAV server for the backup tests) into $WSGIDAV_VENV"
  rm -rf "$WSGIDAV_VENV"
  python3 -m venv "$WSGIDAV_VENV"
  "$WSGIDAV_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  export SHEBAO_WSGIDAV="$bin"
}
