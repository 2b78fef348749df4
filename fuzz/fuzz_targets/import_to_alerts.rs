//! Bytes imported (the app's JSON, or a CSV statement) into a new store, then the profile's
//! standing and alerts: whatever an import lets in, the analysis must not panic on.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::import_to_alerts(data);
});
