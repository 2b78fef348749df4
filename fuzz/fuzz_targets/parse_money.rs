//! Amounts as users and portals write them ("1,040.00", "¥640", "640.5"), and the decimal
//! text of workbook numbers. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::money(data);
});
