//! An XLSX (or XLS) workbook read as the import does. Start it from the corpus (real
//! workbooks): random bytes rarely make a zip. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::import(data, "statement.xlsx");
    common::sample(data, "statement.xlsx");
});
