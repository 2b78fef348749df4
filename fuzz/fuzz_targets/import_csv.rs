//! A CSV/TSV statement (any bytes: UTF-8, UTF-16, GBK, or none of them) read as the import
//! does: preview (header found by its words), every row error put into words in both
//! languages, and the sample the mapping step shows. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::import(data, "statement.csv");
    common::sample(data, "statement.csv");
});
