#!/usr/bin/env bash
# Signs the rule tables for `shebao rules update` (docs/rules.md, "Publishing an update").
#
#   scripts/sign-rules.sh KEY.pem [TABLES_DIR] [OUT_DIR]
#
# KEY.pem: the project's Ed25519 signing key (PKCS#8 PEM), kept offline, never in the repository.
# TABLES_DIR defaults to assets/rules; OUT_DIR to target/rules-release. Upload OUT_DIR's contents
# (manifest.json, national.json, regions/*.json) so that manifest.json is at the update address.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 KEY.pem [TABLES_DIR] [OUT_DIR]" >&2
  exit 2
fi
key=$1
tables=${2:-assets/rules}
out=${3:-target/rules-release}
rm -rf "$out"
cargo run --quiet --release -p shebao-core --example sign_rules -- \
  --key "$key" --tables "$tables" --out "$out"
