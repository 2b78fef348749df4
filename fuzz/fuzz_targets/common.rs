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

/// A workbook's pre-check (ingest/precheck.rs): the bytes as they are through both formats'
/// checks, then — random bytes rarely make a zip — as the sheet and the shared-string table of
/// a minimal XLSX (split at the first 0xFF byte, which UTF-8 XML never holds), imported whole.
/// Whatever passes the check must then parse without an absurd allocation (the fuzzer's
/// memory limit) or a panic.
pub fn precheck(data: &[u8]) {
    use shebao_core::ingest::precheck::{check_xls, check_xlsx};
    for checked in [check_xlsx(data), check_xls(data)] {
        if let Err(limit) = checked {
            let _ = limit.message(Lang::Zh);
            let _ = limit.message(Lang::En);
        }
    }
    let (sheet, strings) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    import(&workbook(sheet, strings), "statement.xlsx");
}

/// A minimal XLSX holding one sheet and a shared-string table as given.
pub fn workbook(sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    use std::io::Write;
    const TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const BOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const BOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", BOOK),
        ("xl/_rels/workbook.xml.rels", BOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    for (name, bytes) in parts {
        // Writing into memory: nothing can fail but a bug here.
        zip.start_file(name, options).expect("a zip in memory");
        zip.write_all(bytes).expect("a zip in memory");
    }
    zip.finish().expect("a zip in memory").into_inner()
}

/// Bytes imported as the app's JSON (when they start with `{`) or as a CSV statement into a
/// new store, then the standing and the alerts of the profile — what the dashboard computes
/// from whatever an import let in. None may panic.
pub fn import_to_alerts(data: &[u8]) {
    use shebao_core::analysis::Scenario;
    use shebao_core::ingest::{import as import_file, ImportOptions};
    use shebao_core::model::NewProfile;
    use shebao_core::profile_analysis::{profile_alerts, profile_standing};
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUN: AtomicUsize = AtomicUsize::new(0);

    let dir = std::env::temp_dir().join(format!(
        "shebao-fuzz-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a folder in the temp dir");
    {
        let mut store = shebao_core::Store::open(dir.join("fuzz.db")).expect("a new store");
        let new = NewProfile {
            name: "王芳".into(),
            id_number: Some("11010519491231002X".into()),
            ..Default::default()
        };
        let profile = store
            .add_profile(&new.validate().expect("a valid profile"))
            .expect("a profile");
        let name = if data.first() == Some(&b'{') {
            "export.json"
        } else {
            "statement.csv"
        };
        let options = ImportOptions {
            dry_run: false,
            force: true,
        };
        if let Err(error) = import_file(&mut store, data, name, None, &profile, options) {
            let _ = error.message(Lang::En);
        }
        let today = YearMonth::new(2026, 11).expect("a month").first_day();
        if let Err(error) = profile_standing(&store, &profile, today, Scenario::default()) {
            let _ = error.message(Lang::Zh);
        }
        match profile_alerts(&store, &profile, today) {
            Ok(alerts) => {
                for alert in &alerts {
                    let _ = format!("{alert:?}");
                }
            }
            Err(error) => {
                let _ = error.message(Lang::En);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
