#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a fixed time (default 20 s each), starting from
# the stored inputs (fuzz/seeds, fuzz/corpus-min, fuzz/regressions). A target that crashes
# (panic, overflow, hang, running out of memory) fails the run, naming the target and the
# input; the input is copied to fuzz/regressions/<target>/, where
# `cargo test -p shebao-core --test fuzz_corpus` replays it on every build.
#
#   scripts/fuzz.sh [SECONDS]
#
# Called by scripts/test.sh (CI). The build is the cheap one CI can afford (docs/reliability.md,
# "Fuzzing"): no sanitizer, light optimisation, the system's OpenSSL. Long runs use the full
# AddressSanitizer build instead; the commands are in that document.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

SECONDS_EACH=${1:-20}
if ! [[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]]; then
  say "usage: scripts/fuzz.sh [SECONDS]   (seconds per target, a whole number; got '$SECONDS_EACH')"
  exit 2
fi

ensure_apt_packages build-essential pkg-config libssl-dev
ensure_rust
ensure_cargo_fuzz

# The targets, in the order they run (all of fuzz/Cargo.toml's [[bin]]s).
TARGETS=(import_csv import_xlsx import_json xlsx_precheck import_to_alerts parse_month parse_money webdav_listing)

# cargo-fuzz passes nightly-only flags (-Zsanitizer, -Cpasses=sancov-module); this lets the
# stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
# What the targets exercise is safe Rust: a bug there shows as a panic or an overflow, which
# this build still catches (debug assertions and overflow checks stay on, fuzz/Cargo.toml).
# Without AddressSanitizer, at opt-level 1 and with 16 codegen units the build costs a fraction
# of the full one, and the fuzzer still gets the coverage feedback it needs.
BUILD_FLAGS=(--sanitizer none --codegen-units 16 --target-dir target/bounded)
export CARGO_PROFILE_RELEASE_OPT_LEVEL=1
# SQLCipher's crypto from the system's libssl instead of a vendored OpenSSL built from source
# (minutes of C): no target touches the database or its encryption, so nothing they test
# changes. The app itself keeps the vendored build.
export OPENSSL_NO_VENDOR=1

cd fuzz
say "building the fuzz targets (${BUILD_FLAGS[*]}, opt-level 1)"
started=$(date +%s)
nice -n 10 cargo fuzz build "${BUILD_FLAGS[@]}"
say "built in $(($(date +%s) - started)) s"

failed=()
for target in "${TARGETS[@]}"; do
  # The working corpus collects what the fuzzer finds (kept between local runs, not in git);
  # the stored inputs are read, never written.
  corpus=corpus/$target
  artifacts=artifacts/$target
  mkdir -p "$corpus" artifacts
  # Left over from an earlier run: only what this run writes counts. (libFuzzer writes
  # crash-, timeout- and oom- files here; slow-unit- files are only slow, not failures.)
  rm -rf "$artifacts"
  # Seeds that are import fixtures are listed in seeds/fixtures.txt, not copied into git twice:
  # they join the working corpus here.
  while read -r seed_target fixture; do
    if [ "$seed_target" = "$target" ]; then cp "../tests/fixtures/import/$fixture" "$corpus/"; fi
  done < <(grep -v '^#' seeds/fixtures.txt)
  # A target may have no seeds of its own, or no minimised corpus yet (git keeps no empty
  # folder), and libFuzzer exits on an input folder that is not there.
  inputs=("$corpus")
  [ -d "seeds/$target" ] && inputs+=("seeds/$target")
  [ -d "corpus-min/$target" ] && inputs+=("corpus-min/$target")
  [ -d "regressions/$target" ] && inputs+=("regressions/$target")

  say "fuzzing $target for $SECONDS_EACH s"
  status=0
  nice -n 10 cargo fuzz run "${BUILD_FLAGS[@]}" "$target" "${inputs[@]}" -- \
    -max_total_time="$SECONDS_EACH" -timeout=30 \
    >"$artifacts.log" 2>&1 || status=$?
  # How far it got: libFuzzer's last status line (executions, coverage, corpus size).
  grep -E '^#[0-9]+[[:space:]]+DONE' "$artifacts.log" | sed "s/^/  $target: /" >&2 || true

  crash_inputs=()
  if [ -d "$artifacts" ]; then
    while IFS= read -r -d '' file; do crash_inputs+=("$file"); done \
      < <(find "$artifacts" -maxdepth 1 -type f ! -name 'slow-unit-*' -print0)
  fi
  if [ "$status" -ne 0 ] || [ ${#crash_inputs[@]} -gt 0 ]; then
    failed+=("$target")
    say "FUZZ TARGET $target FAILED (exit $status); its output: fuzz/$artifacts.log"
    { grep -E -m1 -A1 'panicked at' "$artifacts.log"; grep -E -m1 '^SUMMARY' "$artifacts.log"; } >&2 || true
    mkdir -p "regressions/$target"
    for file in "${crash_inputs[@]}"; do
      cp "$file" "regressions/$target/"
      say "  crash input fuzz/$file, copied to fuzz/regressions/$target/$(basename "$file")"
    done
    if [ ${#crash_inputs[@]} -eq 0 ]; then
      say "  (no crash input was written: see that output)"
    fi
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  say "fuzzing found crashes in: ${failed[*]}. Commit the inputs under fuzz/regressions/, fix the"
  say "bug, and check with: cargo test -p shebao-core --test fuzz_corpus"
  exit 1
fi
say "fuzzing: ${#TARGETS[@]} targets, $SECONDS_EACH s each, no crash (total $(($(date +%s) - started)) s)"
