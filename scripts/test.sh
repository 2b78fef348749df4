#!/usr/bin/env bash
# Runs every test: the UI's pure modules with node, then the whole Cargo workspace (core,
# CLI as a process, the shell through Tauri's mock runtime, and the real window through
# WebDriver under a virtual X display), then every fuzz target for a short fixed time
# (scripts/fuzz.sh). Between them, the same core, CLI and shell tests built for Windows and run
# under Wine (scripts/test-windows.sh). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_node
ensure_rust
ensure_tauri_driver
ensure_wsgidav
# The WebDAV tests fail without the server; this variable would let them skip (for a developer's
# bare `cargo test`), and the test command must never skip them.
unset SHEBAO_WSGIDAV_OPTIONAL

say "UI unit tests (node --test)"
# The files by name: Node 22 and later take the arguments as files or globs, not a folder.
node --test ui/tests/*.test.js

say "Rust tests (window tests under Xvfb)"
# A fresh display per run; the window tests fail fast if it is missing.
xvfb-run -a -s "-screen 0 1280x860x24" cargo test --workspace --locked

say "Windows build and tests under Wine"
scripts/test-windows.sh

# After the tests, not before: they are the contract and report first, and the stored fuzz
# inputs already ran in them (crates/core/tests/fuzz_corpus.rs); the fuzzers then look for new
# ones for a bounded time (7 to 8 minutes from clean, docs/reliability.md).
say "Fuzzing (every target for a fixed time)"
scripts/fuzz.sh 20
