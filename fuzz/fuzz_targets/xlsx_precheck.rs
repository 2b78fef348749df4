//! A workbook's pre-check (crates/core/src/ingest/precheck.rs) on the raw bytes, as XLSX and
//! as XLS, and the bytes as the sheet and shared strings of a minimal XLSX imported whole:
//! what passes the check must parse without a panic or an absurd allocation (libFuzzer's
//! memory limit catches one).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::precheck(data);
});
