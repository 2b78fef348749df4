//! What each target does with one input: call the parser as the app does, and put every
//! error it returns into words in both languages (a message can panic too, e.g. by slicing
//! text at a byte that is not a character boundary). crates/core/tests/fuzz_corpus.rs runs
//! the stored corpus through the same calls without the fuzzer.
#![allow(dead_code)]

use shebao_core::ingest::table::{decimal_text, round_to_fen, Cell};
use shebao_core::ingest::{preview, rows::read_month, table_sample};
use shebao_core::model::{EmploymentCategory, Money, Profile, YearMonth};
use shebao_core::Lang;

fn profile() -> Profile {
    Profile {
        id: 1,
        name: "王芳".into(),
        id_number: shebao_core::model::IdNumber::parse("11010519491231002X").ok(),
        sex: None,
        birth: None,
        region: None,
        employment: EmploymentCategory::Employee,
        original_age: None,
        payment_deadline_day: None,
    }
}

pub fn import(data: &[u8], file_name: &str) {
    match preview(data, file_name, &profile()) {
        Ok(preview) => {
            for error in &preview.errors {
                let _ = error.message(Lang::Zh);
                let _ = error.describe(Lang::En);
            }
            if let Some(mismatch) = &preview.person_mismatch {
                let _ = mismatch.message(Lang::Zh);
            }
        }
        Err(error) => {
            let _ = error.message(Lang::Zh);
            let _ = error.message(Lang::En);
        }
    }
}

pub fn sample(data: &[u8], file_name: &str) {
    if let Err(error) = table_sample(data, file_name, 20) {
        let _ = error.message(Lang::Zh);
    }
}

pub fn month(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = text.parse::<YearMonth>().map_err(|e| e.to_string());
        let _ = read_month(&Cell::Text(text.to_string()));
        let _ = read_month(&Cell::Number(text.to_string()));
    }
    if let Some(bytes) = data.get(..8) {
        let serial = f64::from_le_bytes(bytes.try_into().unwrap());
        let _ = YearMonth::from_excel_serial(serial);
        let _ = read_month(&Cell::Date(serial));
    }
}

pub fn money(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(money) = text.parse::<Money>() {
            let _ = money.to_string();
            let _ = money.to_plain();
        }
        let _ = round_to_fen(text);
    }
    if let Some(bytes) = data.get(..8) {
        let _ = decimal_text(f64::from_le_bytes(bytes.try_into().unwrap()));
    }
}

pub fn listing(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shebao_core::webdav::listing::parse_multistatus(text);
    }
}
