//! Exports on real SQLite files with the demo history: what the PDF says (read back with
//! poppler's pdftotext), that its font is embedded, that its pages render; the workbook read
//! back with calamine; the JSON parsed back; and `verify` on exact, edited and outdated files.
//!
//! The PDF checks need poppler-utils (pdftotext, pdffonts, pdftoppm); scripts/test.sh
//! installs it. Without it those tests fail and say so. On Windows, where poppler is not a
//! package away, the text and the font are read with the pure-Rust pdf-extract (and the lopdf
//! it is built on) instead; the two checks that render pages (a page's picture, the QR code)
//! need a renderer that has no Windows counterpart here and run on Linux and macOS only.

use chrono::{DateTime, FixedOffset};
use shebao_core::demo::load_demo;
use shebao_core::export::{
    content_digest, export_to_file, render, verify, ExportRequest, VerifyStatus,
};
use shebao_core::model::{
    Contribution, ContributionStatus, ExportFormat, InsuranceKind, Money, NewProfile, Payer,
    Profile, SourceKind,
};
use shebao_core::{Lang, Store};
use std::path::{Path, PathBuf};
#[cfg(not(windows))]
use std::process::Command;

fn at() -> DateTime<FixedOffset> {
    "2026-11-29T11:33:00+08:00".parse().unwrap()
}

struct Demo {
    dir: tempfile::TempDir,
    store: Store,
    profile: Profile,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = load_demo(&mut store, "2026-11".parse().unwrap())
        .unwrap()
        .profile;
    Demo {
        dir,
        store,
        profile,
    }
}

fn request(format: ExportFormat, profile: &Profile, lang: Lang) -> ExportRequest {
    ExportRequest {
        format,
        profile: profile.id,
        from: None,
        to: None,
        kinds: vec![],
        lang,
        show_id: false,
        with_estimate: false,
    }
}

/// The demo's records as exports list them: by month, kind in the app's order, payer.
fn in_statement_order(d: &Demo) -> Vec<Contribution> {
    let mut records: Vec<Contribution> = d
        .store
        .contributions(d.profile.id)
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    records.sort_by(|a, b| (a.month, a.kind, &a.payer).cmp(&(b.month, b.kind, &b.payer)));
    records
}

/// Runs a poppler tool, failing with a clear message when poppler-utils is not installed.
#[cfg(not(windows))]
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} could not run ({e}): these tests need poppler-utils \
             (apt-get install poppler-utils; scripts/test.sh installs it)"
        )
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

#[cfg(not(windows))]
fn pdf_text(path: &Path) -> String {
    poppler("pdftotext", &[path.as_os_str(), "-".as_ref()])
}

/// The text as pdf-extract reads it through the fonts' ToUnicode maps, as pdftotext does.
#[cfg(windows)]
fn pdf_text(path: &Path) -> String {
    pdf_extract::extract_text(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Keeps rendered pages where a person can look at them: target/export-preview/.
fn preview_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/export-preview");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_statement_text_has_the_person_the_month_counts_and_the_digest() {
    let mut d = demo();
    for lang in [Lang::Zh, Lang::En] {
        let path = d.dir.path().join(format!("statement-{lang}.pdf"));
        let record = export_to_file(
            &mut d.store,
            &request(ExportFormat::Pdf, &d.profile, lang),
            &path,
            at(),
        )
        .unwrap()
        .record;
        let text = pdf_text(&path);
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains("李明（示例）"), "{lang}: name");
        assert!(text.contains(&record.content_digest), "{lang}: digest");
        let summary = shebao_core::profile_analysis::profile_summary(&d.store, &d.profile).unwrap();
        for kind in &summary.kinds {
            assert!(
                text.contains(&kind.months_paid.to_string()),
                "{lang}: {} months of {}",
                kind.months_paid,
                kind.kind
            );
        }
        match lang {
            Lang::Zh => {
                assert!(flat.contains("个人社会保险缴费记录"));
                assert!(flat.contains("不是社会保险经办机构出具的官方证明"));
                assert!(flat.contains("国家社会保险公共服务平台"));
                assert!(flat.contains("掌上12333"));
                assert!(flat.contains("当地社保经办机构"));
                assert!(flat.contains("第1页/共"), "page numbers");
                assert!(flat.contains("2011-07至2026-10"), "the period");
                assert!(flat.contains("演示数据·Demodata"), "the source");
                assert!(flat.contains("2023-04至2023-06（3个月）"), "the gap");
            }
            Lang::En => {
                assert!(text.contains("Personal social-insurance contribution record"));
                assert!(text.contains("NOT an official certificate"));
                assert!(text.contains("Page 1 of"));
                assert!(text.contains("2011-07 to 2026-10"));
            }
        }
        // The ID number: the demo has none; the masked form is tested with a real one below.
        std::fs::copy(&path, preview_dir().join(format!("statement-{lang}.pdf"))).unwrap();
    }
}

/// Rare name characters (堃 昇) in a name too long for one line of its column.
const LONG_PAYER: &str = "中国建设银行股份有限公司北京市分行营业部堃昇科技服务外包项目组";

#[test]
fn the_id_number_is_masked_unless_asked_and_filters_apply() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "王喆·阿卜杜热合曼·买买提明·艾尔肯江·热依拉·古丽努尔·迪丽达尔".into(),
                id_number: Some("11010519491231002X".into()),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let source = store
        .ensure_source(
            SourceKind::Manual,
            "手工",
            None,
            shebao_core::model::Freshness::Weekly,
        )
        .unwrap();
    let record = |kind, month: &str, status| Contribution {
        period_line: None,
        profile: profile.id,
        kind,
        month: month.parse().unwrap(),
        region: None,
        payer: Payer::Employer(LONG_PAYER.into()),
        base: Some(Money::from_yuan(10_000)),
        personal: Money::from_yuan(800),
        employer: Money::from_yuan(1_600),
        credited: None,
        status,
        source,
    };
    store
        .write_contributions(&[
            record(InsuranceKind::Pension, "2023-12", ContributionStatus::Paid),
            record(InsuranceKind::Pension, "2024-01", ContributionStatus::Paid),
            record(InsuranceKind::Medical, "2024-01", ContributionStatus::Paid),
            record(InsuranceKind::Pension, "2024-02", ContributionStatus::Owed),
        ])
        .unwrap();
    let mut req = request(ExportFormat::Pdf, &profile, Lang::Zh);
    req.from = "2024-01".parse().ok();
    req.kinds = vec![InsuranceKind::Pension];
    let masked = dir.path().join("masked.pdf");
    export_to_file(&mut store, &req, &masked, at()).unwrap();
    let text: String = pdf_text(&masked).split_whitespace().collect();
    assert!(text.contains("1101**********002X"));
    assert!(!text.contains("11010519491231002X"));
    assert!(
        text.contains("王喆·阿卜杜热合曼·买买提明·艾尔肯江·热依拉·古丽努尔·迪丽达尔"),
        "a long name wraps, whole"
    );
    assert!(text.contains(LONG_PAYER), "a long payer wraps, whole");
    assert!(
        text.contains("2024-01至2024-02"),
        "from 2024-01 to the last record"
    );
    assert!(!text.contains("2023-12"), "before --from");
    assert!(!text.contains("医疗保险"), "not a chosen kind");
    assert!(text.contains("欠费（自2024-02）"), "the standing");

    std::fs::copy(&masked, preview_dir().join("long-names.pdf")).unwrap();

    req.show_id = true;
    let shown = dir.path().join("shown.pdf");
    export_to_file(&mut store, &req, &shown, at()).unwrap();
    assert!(pdf_text(&shown).contains("11010519491231002X"));
}

/// Not on Windows: it asks poppler's `pdffonts` and `pdftoppm`, which the Windows run has no
/// build of; there the same statement's text is read back through pdf-extract (the tests above).
#[test]
#[cfg(not(windows))]
fn the_font_is_embedded_as_a_subset_and_pages_render() {
    let mut d = demo();
    let path = d.dir.path().join("statement.pdf");
    export_to_file(
        &mut d.store,
        &request(ExportFormat::Pdf, &d.profile, Lang::Zh),
        &path,
        at(),
    )
    .unwrap();
    let fonts = poppler("pdffonts", &[path.as_os_str()]);
    let row = fonts
        .lines()
        .find(|l| l.contains("NotoSansSC"))
        .unwrap_or_else(|| panic!("Noto Sans SC not listed:\n{fonts}"));
    // name (ABCDEF+NotoSansSC-Regular), type, encoding, emb, sub, uni, object id.
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert!(cols[0].contains('+'), "a subset's name has a tag: {row}");
    let flags = &cols[cols.len() - 5..cols.len() - 2];
    assert_eq!(
        flags,
        ["yes", "yes", "yes"],
        "embedded, subset, unicode: {row}"
    );
    assert_eq!(fonts.lines().count(), 3, "one font only:\n{fonts}");

    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 400_000, "a subset, not the 10 MB font: {size} bytes");

    let prefix = d.dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-png".as_ref(),
            "-r".as_ref(),
            "60".as_ref(),
            "-f".as_ref(),
            "1".as_ref(),
            "-l".as_ref(),
            "1".as_ref(),
            path.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    let png = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("page 1 rendered");
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    std::fs::copy(&png, preview_dir().join("statement-zh-page1.png")).unwrap();
}

/// The same font checks as pdffonts makes above, read with lopdf (no page is rendered: see the
/// module's note).
#[test]
#[cfg(windows)]
fn the_font_is_embedded_as_a_subset() {
    use pdf_extract::{Document, Object};
    let mut d = demo();
    let path = d.dir.path().join("statement.pdf");
    export_to_file(
        &mut d.store,
        &request(ExportFormat::Pdf, &d.profile, Lang::Zh),
        &path,
        at(),
    )
    .unwrap();
    let doc = Document::load(&path).unwrap();
    let name = |dict: &pdf_extract::Dictionary, key: &[u8]| {
        dict.get(key)
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    };
    let fonts: Vec<&pdf_extract::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|dict| name(dict, b"Type") == "Font" && name(dict, b"Subtype") == "Type0")
        .collect();
    assert_eq!(fonts.len(), 1, "one font only");
    let font = fonts[0];
    let base = name(font, b"BaseFont");
    assert!(
        base.contains("+NotoSansSC"),
        "a subset's name has a tag: {base}"
    );
    assert!(font.has(b"ToUnicode"), "unicode: the text can be copied");
    let descendant = font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .unwrap()[0]
        .as_reference()
        .unwrap();
    let cid_font = doc.get_dictionary(descendant).unwrap();
    let descriptor = doc
        .get_dictionary(
            cid_font
                .get(b"FontDescriptor")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    assert!(
        descriptor.has(b"FontFile2") || descriptor.has(b"FontFile3"),
        "embedded"
    );
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 400_000, "a subset, not the 10 MB font: {size} bytes");
}

#[test]
fn verify_passes_untouched_fails_edited_and_names_changed_months() {
    let mut d = demo();
    let path = d.dir.path().join("statement.pdf");
    export_to_file(
        &mut d.store,
        &request(ExportFormat::Pdf, &d.profile, Lang::Zh),
        &path,
        at(),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();

    let ok = verify(&d.store, &bytes).unwrap();
    assert_eq!(ok.status, VerifyStatus::Unchanged);
    assert!(ok.passed() && ok.changed_months.is_empty());

    let mut edited = bytes.clone();
    let middle = edited.len() / 2;
    edited[middle] ^= 0x01;
    let bad = verify(&d.store, &edited).unwrap();
    assert_eq!(bad.status, VerifyStatus::NotProduced);
    assert!(!bad.passed() && bad.export.is_none());

    // A changed amount in 2019-03 and a removed-then-different month via a new record in
    // 2023-05 (a gap month): both are named, nothing else.
    let mut record = d
        .store
        .contributions(d.profile.id)
        .unwrap()
        .into_iter()
        .find(|c| {
            c.record.month.to_string() == "2019-03" && c.record.kind == InsuranceKind::Pension
        })
        .unwrap()
        .record;
    record.personal += Money::from_fen(1);
    let mut filled = record.clone();
    filled.month = "2023-05".parse().unwrap();
    filled.status = ContributionStatus::BackPaid;
    d.store.write_contributions(&[record, filled]).unwrap();
    let changed = verify(&d.store, &bytes).unwrap();
    assert_eq!(changed.status, VerifyStatus::Changed);
    let months: Vec<String> = changed
        .changed_months
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(months, ["2019-03", "2023-05"]);
    assert!(!changed.passed());
}

#[test]
fn verify_recognises_every_format_and_a_deleted_profile() {
    let mut d = demo();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        let path = d.dir.path().join(format!("export.{}", format.extension()));
        let record = export_to_file(
            &mut d.store,
            &request(format, &d.profile, Lang::Zh),
            &path,
            at(),
        )
        .unwrap()
        .record;
        assert_eq!(record.format, format);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            verify(&d.store, &bytes).unwrap().status,
            VerifyStatus::Unchanged,
            "{format}"
        );
    }
    let bytes = std::fs::read(d.dir.path().join("export.csv")).unwrap();
    d.store.delete_profile(d.profile.id).unwrap();
    let gone = verify(&d.store, &bytes).unwrap();
    assert_eq!(gone.status, VerifyStatus::Changed);
    assert!(gone.profile_missing && !gone.changed_months.is_empty());
}

#[test]
fn csv_is_utf8_with_bom_one_row_per_record_and_plain_money() {
    let d = demo();
    let records = in_statement_order(&d);
    let zh = render(
        &d.store,
        &request(ExportFormat::Csv, &d.profile, Lang::Zh),
        at(),
    )
    .unwrap();
    assert!(zh.bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(zh.bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "月份,险种,缴费单位,参保地,缴费基数,个人缴费,单位缴费,划入个人账户,缴费状态,地区名称"
    );
    assert_eq!(lines.len(), records.len() + 1);
    assert!(text.contains("\r\n"));
    let first = &records[0];
    assert_eq!(
        first.kind,
        InsuranceKind::Pension,
        "kinds in the app's order"
    );
    assert_eq!(
        lines[1],
        format!(
            "{},{},{},{},{},{},{},{},{},{}",
            first.month,
            first.kind.label(Lang::Zh),
            first.payer.display(Lang::Zh),
            first.region.as_deref().unwrap_or(""),
            first.base.unwrap().to_plain(),
            first.personal.to_plain(),
            first.employer.to_plain(),
            first.credited.map(|c| c.to_plain()).unwrap_or_default(),
            first.status.label(Lang::Zh),
            demo_region_name(first.region.as_deref())
        )
    );
    let en = render(
        &d.store,
        &request(ExportFormat::Csv, &d.profile, Lang::En),
        at(),
    )
    .unwrap();
    let text = String::from_utf8(en.bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with(
        "month,kind,payer,region,base,personal,employer,credited,status,region_name\r\n"
    ));
    assert!(text.contains(",self,330100,") && text.contains(",back_paid,杭州市\r\n"));
}

/// The names of the demo's two regions (it moved from 成都 to 杭州), as GB/T 2260 lists them.
fn demo_region_name(code: Option<&str>) -> &'static str {
    match code {
        Some("510100") => "成都市",
        Some("330100") => "杭州市",
        other => panic!("the demo has no region {other:?}"),
    }
}

#[test]
fn the_workbook_reads_back_as_the_database() {
    use calamine::{Data, Reader, Xlsx};
    let d = demo();
    let rendered = render(
        &d.store,
        &request(ExportFormat::Xlsx, &d.profile, Lang::Zh),
        at(),
    )
    .unwrap();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(rendered.bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "汇总");
    let records = d.store.contributions(d.profile.id).unwrap();
    let summary = shebao_core::profile_analysis::profile_summary(&d.store, &d.profile).unwrap();

    let month_of = |cell: &Data| match cell {
        Data::DateTime(dt) => {
            shebao_core::model::YearMonth::from_excel_serial(dt.as_f64()).unwrap()
        }
        other => panic!("not a date cell: {other:?}"),
    };
    let money_of = |cell: &Data| match cell {
        Data::Float(f) => Money::from_fen((f * 100.0).round() as i64),
        other => panic!("not a number cell: {other:?}"),
    };

    let sheet = book.worksheet_range("汇总").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("险种".into()));
    for (i, kind) in summary.kinds.iter().enumerate() {
        let row = rows[i + 1];
        assert_eq!(row[0], Data::String(kind.kind.label(Lang::Zh).into()));
        assert_eq!(row[3], Data::Float(f64::from(kind.months_paid)));
        if let Some(first) = kind.first {
            assert_eq!(month_of(&row[1]), first);
        }
    }

    for kind in InsuranceKind::ALL {
        let mine: Vec<&Contribution> = records
            .iter()
            .map(|s| &s.record)
            .filter(|r| r.kind == *kind)
            .collect();
        if mine.is_empty() {
            assert!(!names.iter().any(|n| n == kind.label(Lang::Zh)));
            continue;
        }
        let sheet = book.worksheet_range(kind.label(Lang::Zh)).unwrap();
        let rows: Vec<&[Data]> = sheet.rows().collect();
        assert_eq!(rows.len(), mine.len() + 2, "header, records, total");
        for (row, r) in rows[1..].iter().zip(&mine) {
            assert_eq!(month_of(&row[0]), r.month);
            assert_eq!(row[1], Data::String(r.payer.display(Lang::Zh)));
            assert_eq!(money_of(&row[3]), r.base.unwrap());
            assert_eq!(money_of(&row[4]), r.personal);
            assert_eq!(money_of(&row[5]), r.employer);
            assert_eq!(row[7], Data::String(r.status.label(Lang::Zh).into()));
            assert_eq!(row[2], Data::String(r.region.clone().unwrap()));
            assert_eq!(
                row[8],
                Data::String(demo_region_name(r.region.as_deref()).into())
            );
        }
        let total: Money = mine.iter().map(|r| r.personal).sum();
        assert_eq!(money_of(&rows[mine.len() + 1][4]), total);
    }
}

#[test]
fn json_parses_back_to_the_same_records() {
    let d = demo();
    let rendered = render(
        &d.store,
        &request(ExportFormat::Json, &d.profile, Lang::Zh),
        at(),
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&rendered.bytes).unwrap();
    assert_eq!(value["format"], "shebao-ledger");
    assert_eq!(value["version"], 1);
    assert_eq!(value["profile"]["name"], "李明（示例）");
    let records: Vec<Contribution> =
        serde_json::from_value(value["contributions"].clone()).unwrap();
    assert_eq!(records, in_statement_order(&d));
    let balances: Vec<shebao_core::model::BalanceSnapshot> =
        serde_json::from_value(value["balances"].clone()).unwrap();
    assert_eq!(balances, d.store.balances(d.profile.id).unwrap());
    assert_eq!(value["sources"].as_array().unwrap().len(), 1);
    assert_eq!(
        content_digest(&rendered.selection).digest,
        rendered.digest.digest
    );
}

#[test]
fn a_start_after_the_end_or_an_unknown_profile_is_a_clear_error() {
    let d = demo();
    let mut req = request(ExportFormat::Csv, &d.profile, Lang::Zh);
    req.from = "2024-05".parse().ok();
    req.to = "2024-01".parse().ok();
    assert!(matches!(
        render(&d.store, &req, at()),
        Err(shebao_core::Error::InvalidPeriod { .. })
    ));
    req.from = None;
    req.profile = 999;
    assert!(matches!(
        render(&d.store, &req, at()),
        Err(shebao_core::Error::UnknownProfile { .. })
    ));
}

/// The QR code on the last page, rendered by poppler and read back by a QR decoder, says
/// exactly what the statement's digest and period are — the Chinese name included (the code
/// declares UTF-8, or readers may take it for Shift-JIS).
/// Not on Windows: poppler's pdftoppm is the renderer, and no Rust one is good enough for a QR
/// code (the digest it encodes is checked as text there, in the first test of this file).
#[test]
#[cfg(not(windows))]
fn the_qr_code_on_the_rendered_last_page_decodes_to_the_digest() {
    let mut d = demo();
    let path = d.dir.path().join("statement.pdf");
    let record = export_to_file(
        &mut d.store,
        &request(ExportFormat::Pdf, &d.profile, Lang::Zh),
        &path,
        at(),
    )
    .unwrap()
    .record;
    let pages: String = poppler("pdfinfo", &[path.as_os_str()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        .unwrap();
    let prefix = d.dir.path().join("last");
    poppler(
        "pdftoppm",
        &[
            "-gray".as_ref(),
            "-r".as_ref(),
            "150".as_ref(),
            "-f".as_ref(),
            pages.as_ref(),
            "-l".as_ref(),
            pages.as_ref(),
            "-singlefile".as_ref(),
            path.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    let pgm = std::fs::read(d.dir.path().join("last.pgm")).unwrap();
    let (width, height, pixels) = parse_pgm(&pgm);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the last page");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(
        content,
        format!(
            "shebao-ledger statement\nprofile: {} 李明（示例）\nperiod: 2011-07..2026-10\n\
             kinds: pension,medical,unemployment,work_injury,maternity,housing_fund\nsha256: {}",
            d.profile.id, record.content_digest
        )
    );
}

/// A binary greyscale PGM (P5, 8-bit) as pdftoppm -gray writes it.
#[cfg(not(windows))]
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..pos]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5");
    assert_eq!(fields[3], "255");
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, &bytes[pos + 1..])
}

/// Payer names and regions that a spreadsheet would read as formulas (OWASP's CSV injection
/// list), beside ordinary ones and a negative adjustment that must stay a number.
const HOSTILE: [(&str, &str); 6] = [
    ("=HYPERLINK(\"http://x\",\"y\")", "110100"),
    ("+86 某某公司", "=1+1"),
    ("-某某公司", "@SUM(A1)"),
    ("@某某公司", "\t=1"),
    ("'=已加引号的名字", "成都市"),
    ("北京某某科技有限公司", "-2"),
];

/// A store with one profile whose pension months were paid by the hostile payers above, in
/// the hostile regions above (text an older version stored as a file wrote it).
fn hostile() -> (tempfile::TempDir, Store, Profile, Vec<Contribution>) {
    hostile_in(HOSTILE.map(|(_, region)| region))
}

/// Real region codes for the months of [`HOSTILE`]: what an import stores now.
const REAL_REGIONS: [&str; 6] = ["110100", "330100", "510100", "440300", "310100", "440100"];

/// [`hostile`] with these regions.
fn hostile_in(regions: [&str; 6]) -> (tempfile::TempDir, Store, Profile, Vec<Contribution>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "王芳".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let source = store
        .ensure_source(
            SourceKind::File,
            "statement.csv",
            None,
            shebao_core::model::Freshness::Weekly,
        )
        .unwrap();
    let records: Vec<Contribution> = HOSTILE
        .iter()
        .zip(regions)
        .enumerate()
        .map(|(i, ((payer, _), region))| Contribution {
            period_line: None,
            profile: profile.id,
            kind: InsuranceKind::Pension,
            month: format!("2024-{:02}", i + 1).parse().unwrap(),
            region: Some(region.to_string()),
            payer: Payer::Employer(payer.to_string()),
            base: Some(Money::from_fen(1_000_000)),
            personal: Money::from_fen(80_000),
            // A correction row: negative, and it must stay a number.
            employer: Money::from_fen(if i == 5 { -160_000 } else { 160_000 }),
            credited: None,
            status: ContributionStatus::Paid,
            source,
        })
        .collect();
    store.write_contributions(&records).unwrap();
    (dir, store, profile, records)
}

#[test]
fn csv_cells_that_start_like_a_formula_are_quoted_and_import_back_exactly() {
    let (_dir, store, profile, _) = hostile();
    for lang in [Lang::Zh, Lang::En] {
        let csv = render(&store, &request(ExportFormat::Csv, &profile, lang), at()).unwrap();
        let mut reader = ::csv::ReaderBuilder::new().from_reader(&csv.bytes[3..]);
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), HOSTILE.len());
        for (row, (payer, region)) in rows.iter().zip(HOSTILE) {
            let quoted = |text: &str| {
                let t = text.trim_start_matches('\'');
                ["=", "+", "-", "@", "\t", "\r"]
                    .iter()
                    .any(|c| t.starts_with(c))
            };
            let expect = |text: &str| {
                if quoted(text) {
                    format!("'{text}")
                } else {
                    text.to_string()
                }
            };
            assert_eq!(&row[2], expect(payer), "{lang:?}");
            assert_eq!(&row[3], expect(region), "{lang:?}");
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                    "{cell:?} would be a formula"
                );
            }
        }
        // The correction stays a plain negative number.
        assert_eq!(&rows[5][6], "-1600.00");

        // Imported into a fresh database: every region cell is read as a region now, so the
        // hostile ones are row problems (a name or code is expected) and nothing is written.
        let dir = tempfile::tempdir().unwrap();
        let mut other = Store::open(dir.path().join("shebao.db")).unwrap();
        let target = other
            .add_profile(
                &NewProfile {
                    name: "王芳".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let refused = shebao_core::ingest::import(
            &mut other,
            &csv.bytes,
            "export.csv",
            None,
            &target,
            shebao_core::ingest::ImportOptions::default(),
        );
        match refused {
            Err(shebao_core::Error::ImportRows { errors, .. }) => {
                let lines: Vec<(usize, &str)> =
                    errors.iter().map(|e| (e.line, e.problem.code())).collect();
                // =1+1, @SUM(A1), \t=1 and -2 on lines 3, 4, 5 and 7 (line 1 is the header).
                assert_eq!(
                    lines,
                    [3, 4, 5, 7].map(|line| (line, "unknown_region")),
                    "{lang:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(other.contributions(target.id).unwrap().is_empty());
    }
}

#[test]
fn csv_payers_that_start_like_a_formula_import_back_exactly() {
    let (_dir, store, profile, records) = hostile_in(REAL_REGIONS);
    for lang in [Lang::Zh, Lang::En] {
        let csv = render(&store, &request(ExportFormat::Csv, &profile, lang), at()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut other = Store::open(dir.path().join("shebao.db")).unwrap();
        let target = other
            .add_profile(
                &NewProfile {
                    name: "王芳".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        shebao_core::ingest::import(
            &mut other,
            &csv.bytes,
            "export.csv",
            None,
            &target,
            shebao_core::ingest::ImportOptions::default(),
        )
        .unwrap();
        let mut back: Vec<Contribution> = other
            .contributions(target.id)
            .unwrap()
            .into_iter()
            .map(|s| s.record)
            .collect();
        back.sort_by_key(|r| r.month);
        let strip = |r: &Contribution| {
            (
                r.kind,
                r.month,
                r.region.clone(),
                r.payer.clone(),
                r.base,
                r.personal,
                r.employer,
                r.status,
            )
        };
        assert_eq!(
            back.iter().map(strip).collect::<Vec<_>>(),
            records.iter().map(strip).collect::<Vec<_>>(),
            "{lang:?}"
        );
    }
}

#[test]
fn workbook_text_cells_are_strings_never_formulas() {
    use calamine::{Data, Reader, Xlsx};
    let (_dir, store, profile, _) = hostile();
    let rendered = render(
        &store,
        &request(ExportFormat::Xlsx, &profile, Lang::Zh),
        at(),
    )
    .unwrap();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(rendered.bytes)).unwrap();
    let sheet = InsuranceKind::Pension.label(Lang::Zh);
    let values = book.worksheet_range(sheet).unwrap();
    let formulas = book.worksheet_formula(sheet).unwrap();
    for (i, (payer, region)) in HOSTILE.iter().enumerate() {
        let row = (i + 1) as u32;
        // String cells, exactly as recorded: a string cell is never evaluated, so the workbook
        // needs no quote (and reads back exact).
        assert_eq!(
            values.get_value((row, 1)),
            Some(&Data::String(payer.to_string()))
        );
        assert_eq!(
            values.get_value((row, 2)),
            Some(&Data::String(region.to_string()))
        );
        for col in 0..8 {
            let formula = formulas.get_value((row, col)).cloned().unwrap_or_default();
            assert!(formula.is_empty(), "row {row} col {col}: {formula}");
        }
    }
    // The correction stays a number.
    assert_eq!(values.get_value((6, 5)), Some(&Data::Float(-1600.0)));
}

/// Asked for, the PDF ends its records with the pension estimate: the figures the person
/// entered, labelled as theirs, and the same monthly total the overview and `standing` show.
/// The appendix is a calculation, not a record: the content digest is the statement's without
/// it, and only a PDF carries it.
#[test]
fn the_pdf_can_carry_the_estimate_with_the_persons_own_figures_outside_the_digest() {
    use shebao_core::analysis::standing::given::{Change, GivenChanges};
    use shebao_core::analysis::standing::{Index, Scenario};
    use shebao_core::profile_analysis::profile_standing;

    let mut d = demo();
    d.store
        .change_given_inputs(
            d.profile.id,
            &GivenChanges {
                benefit_base: Change::Set(Money::from_yuan(9_000)),
                average_index: Change::Set(Index(8_500)),
                ..Default::default()
            },
            "2026-11-20".parse().unwrap(),
        )
        .unwrap();
    let today = at().date_naive();
    let expected = profile_standing(&d.store, &d.profile, today, Scenario::default())
        .unwrap()
        .estimate
        .total
        .expect("a benefit base and an average index give a total");

    let plain = request(ExportFormat::Pdf, &d.profile, Lang::Zh);
    let with = ExportRequest {
        with_estimate: true,
        ..plain.clone()
    };
    let without = render(&d.store, &plain, at()).unwrap();
    let rendered = render(&d.store, &with, at()).unwrap();
    assert_eq!(rendered.digest.digest, without.digest.digest);

    let path = d.dir.path().join("with-estimate.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    std::fs::copy(&path, preview_dir().join("statement-with-estimate.pdf")).unwrap();
    let text = pdf_text(&path);
    assert!(text.contains("附：养老金估算（仅供参考）"), "{text}");
    assert!(text.contains("不在本文件的核验摘要之内"), "{text}");
    assert!(
        text.contains("¥9,000.00（由你于 2026-11-20 填写）"),
        "{text}"
    );
    assert!(
        text.contains(&expected.to_string()),
        "{expected} not in the PDF"
    );
    assert!(!pdf_text(&{
        let p = d.dir.path().join("plain.pdf");
        std::fs::write(&p, &without.bytes).unwrap();
        p
    })
    .contains("养老金估算"));

    // Only the PDF: a workbook asked for the estimate is the same workbook.
    let xlsx = |with_estimate| ExportRequest {
        format: ExportFormat::Xlsx,
        with_estimate,
        ..plain.clone()
    };
    assert_eq!(
        render(&d.store, &xlsx(true), at()).unwrap().digest.digest,
        render(&d.store, &xlsx(false), at()).unwrap().digest.digest
    );
}
