//! A WebDAV server's PROPFIND answer: XML from a server we do not control. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::listing(data);
});
