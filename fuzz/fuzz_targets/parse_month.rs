//! Every spelling of a month the app reads at the edge (202401, 2024-01, 2024/1, 2024年1月,
//! Excel serials), as text, as a table cell, and as a workbook date. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::month(data);
});
