//! Workbook bombs: files of a few hundred bytes (or one MB) that would make calamine allocate
//! tens of GB and abort the process are refused before it sees them (ingest/precheck.rs),
//! with a one-line error naming the file and what was wrong, in both languages — in little
//! time and memory. Without the check each of these tests aborts the test process.

use shebao_core::ingest::precheck::{check_xls, check_xlsx, WorkbookLimit};
use shebao_core::ingest::{self, FileFormat};
use shebao_core::model::{EmploymentCategory, Profile};
use shebao_core::{Error, Lang};
use std::io::Write;
use std::time::{Duration, Instant};

fn profile() -> Profile {
    Profile {
        id: 1,
        name: "王芳".into(),
        id_number: None,
        sex: None,
        birth: None,
        region: None,
        employment: EmploymentCategory::Employee,
        original_age: None,
        payment_deadline_day: None,
    }
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// A statement the import reads: a header in shared strings and two months of pension.
fn statement_sheet() -> String {
    format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2"><v>202401</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>800</v></c></row><row r="3"><c r="A3"><v>202402</v></c><c r="B3" t="s"><v>3</v></c><c r="C3"><v>800</v></c></row>{SHEET_TAIL}"#
    )
}

fn strings(unique_count: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="{unique_count}"><si><t>费款所属期</t></si><si><t>险种</t></si><si><t>个人缴费</t></si><si><t>养老保险</t></si></sst>"#
    )
}

/// An XLSX of the given sheet and shared strings, deflated as Excel writes it.
fn xlsx(sheet: &str, shared: &str) -> Vec<u8> {
    let parts: [(&str, &str); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An XLSX with one more entry of `gib` GiB of zeros, deflated while streamed (about 1 MB).
fn zeros_bomb(mib: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "xl/media/zeros.bin",
        zip::write::SimpleFileOptions::default().compression_level(Some(9)),
    )
    .unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..mib {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn refused(bytes: &[u8], file: &str) -> (WorkbookLimit, Error) {
    let error = ingest::preview(bytes, file, &profile()).unwrap_err();
    let Error::WorkbookTooLarge { limit, .. } = &error else {
        panic!("expected a refusal, got {error:?}");
    };
    let limit = limit.clone();
    assert_eq!(error.code(), "workbook_too_large");
    for lang in [Lang::Zh, Lang::En] {
        let message = error.message(lang);
        assert!(message.contains(file), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
    (limit, error)
}

#[test]
fn a_real_statement_passes_the_check_and_is_read() {
    let bytes = xlsx(&statement_sheet(), &strings("4"));
    assert_eq!(check_xlsx(&bytes), Ok(()));
    let preview = ingest::preview(&bytes, "statement.xlsx", &profile()).unwrap();
    assert_eq!(preview.detected.format, FileFormat::Xlsx);
    assert_eq!(preview.records.len(), 2);
}

#[test]
fn shared_strings_declaring_two_billion_are_refused() {
    let bytes = xlsx(&statement_sheet(), &strings("2000000000"));
    assert!(bytes.len() < 4096, "a small file: {} bytes", bytes.len());
    let (limit, error) = refused(&bytes, "bomb.xlsx");
    assert_eq!(
        limit,
        WorkbookLimit::SharedStrings {
            declared: 2_000_000_000,
            found: 4
        }
    );
    assert_eq!(
        error.message(Lang::Zh),
        "没有读取 bomb.xlsx：共享字符串表声明了 2000000000 个字符串，实际只有 4 个，文件已损坏"
    );
    assert_eq!(
        error.message(Lang::En),
        "bomb.xlsx was not read: its shared-string table declares 2000000000 strings but holds 4; the file is damaged"
    );
}

#[test]
fn a_cell_at_xfd1048576_in_a_tiny_sheet_is_refused() {
    let sheet = format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>{SHEET_TAIL}"#
    );
    let (limit, error) = refused(&xlsx(&sheet, &strings("4")), "far.xlsx");
    assert_eq!(
        limit,
        WorkbookLimit::Grid {
            part: "xl/worksheets/sheet1.xml".into(),
            rows: 1_048_576,
            columns: 16_384,
            cells: 2
        }
    );
    assert!(error
        .message(Lang::En)
        .contains("spans 1048576 rows × 16384 columns"));
    // The same through the mapping step's sample, which reads the file the same way.
    let sample = ingest::table_sample(&xlsx(&sheet, &strings("4")), "far.xlsx", 20).unwrap_err();
    assert_eq!(sample.code(), "workbook_too_large");
    // A declared dimension that large is legal and not judged: the real cells decide.
    let declared = statement_sheet().replace(
        "<sheetData>",
        r#"<dimension ref="A1:XFD1048576"/><sheetData>"#,
    );
    assert!(ingest::preview(&xlsx(&declared, &strings("4")), "ok.xlsx", &profile()).is_ok());
}

#[test]
fn an_entry_inflating_to_a_gigabyte_is_refused_after_the_first_128_mb() {
    let bytes = zeros_bomb(1024);
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let started = Instant::now();
    let (limit, _) = refused(&bytes, "zeros.xlsx");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        limit,
        WorkbookLimit::EntryTooLarge {
            entry: "xl/media/zeros.bin".into(),
            limit: 128 << 20
        }
    );
}

/// Peak memory of the checks, measured in a child process (this test binary, running only the
/// bombs) so that other tests do not count: under 200 MB for all of them.
#[test]
fn refusing_the_bombs_costs_little_memory() {
    if std::env::var_os("SHEBAO_BOMB_CHILD").is_some() {
        let bombs = [
            zeros_bomb(1024),
            xlsx(&statement_sheet(), &strings("2000000000")),
            xls(&sheet_records(&[dimensions(0, u32::MAX, 0, 256)])),
        ];
        for bomb in &bombs {
            assert!(ingest::preview(bomb, "bomb.xlsx", &profile()).is_err());
        }
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let peak = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        println!("PEAK {}", peak.split_whitespace().nth(1).unwrap());
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "refusing_the_bombs_costs_little_memory",
            "--exact",
            "--nocapture",
        ])
        .env("SHEBAO_BOMB_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak_kb: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PEAK "))
        .expect("the child reports its peak")
        .trim()
        .parse()
        .unwrap();
    assert!(peak_kb < 200 * 1024, "peak {peak_kb} kB");
}

// XLS: a compound file (512-byte sectors, version 3) holding a BIFF8 `Workbook` stream.

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

fn bof(dt: u16) -> Vec<u8> {
    let mut data = vec![0x00, 0x06];
    data.extend(dt.to_le_bytes());
    data.extend([0u8; 12]);
    record(0x0809, &data)
}

fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    data.extend((units.len() as u16).to_le_bytes());
    data.push(1);
    data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    record(0x0204, &data)
}

fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
    data.extend(value.to_le_bytes());
    record(0x0203, &data)
}

fn dimensions(
    first_row: u32,
    last_row_plus_one: u32,
    first_col: u16,
    last_col_plus_one: u16,
) -> Vec<u8> {
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend(last_row_plus_one.to_le_bytes());
    data.extend(first_col.to_le_bytes());
    data.extend(last_col_plus_one.to_le_bytes());
    data.extend([0, 0]);
    record(0x0200, &data)
}

/// The workbook globals (one BoundSheet) followed by the sheet's substream.
fn sheet_records(cells: &[Vec<u8>]) -> Vec<u8> {
    let mut bound = vec![0u8; 4];
    bound.extend([0, 0, 2, 0]);
    bound.extend(b"S1");
    let globals_len = bof(5).len() + record(0x0085, &bound).len() + record(0x000A, &[]).len();
    bound[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
    let mut stream = [
        bof(5),
        record(0x0085, &bound),
        record(0x000A, &[]),
        bof(0x10),
    ]
    .concat();
    for cell in cells {
        stream.extend(cell);
    }
    stream.extend(record(0x000A, &[]));
    stream
}

const FREE: u32 = 0xFFFF_FFFF;
const END: u32 = 0xFFFF_FFFE;

/// A compound file with `stream` as its `Workbook` (padded to the 4,096 bytes below which a
/// stream would live in the mini stream).
fn xls(stream: &[u8]) -> Vec<u8> {
    cfb(stream, false)
}

fn cfb(stream: &[u8], looping: bool) -> Vec<u8> {
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let sectors = stream.len() / 512;
    let mut header = Vec::new();
    header.extend(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    header.extend([0u8; 16]);
    for v in [0x003Eu16, 3, 0xFFFE, 9, 6] {
        header.extend(v.to_le_bytes());
    }
    header.extend([0u8; 6]);
    for v in [0u32, 1, 1, 0, 4096, END, 0, END, 0] {
        header.extend(v.to_le_bytes());
    }
    header.extend(0u32.to_le_bytes());
    while header.len() < 512 {
        header.extend(FREE.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFDu32, END];
    for i in 0..sectors {
        let next = if i + 1 < sectors {
            3 + i as u32
        } else if looping {
            2
        } else {
            END
        };
        fat.push(next);
    }
    fat.resize(128, FREE);
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&FREE.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let size = if looping {
        0xFFFF_FF00
    } else {
        stream.len() as u32
    };
    let mut directory = [
        entry("Root Entry", 5, 1, END, 0),
        entry("Workbook", 2, FREE, 2, size),
    ]
    .concat();
    directory.resize(512, 0);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(directory);
    out.extend(stream);
    out
}

fn xls_statement() -> Vec<u8> {
    let mut cells = vec![
        dimensions(0, 3, 0, 3),
        label(0, 0, "费款所属期"),
        label(0, 1, "险种"),
        label(0, 2, "个人缴费"),
    ];
    for (row, month) in [(1u16, 202401.0), (2, 202402.0)] {
        cells.push(number(row, 0, month));
        cells.push(label(row, 1, "养老保险"));
        cells.push(number(row, 2, 800.0));
    }
    xls(&sheet_records(&cells))
}

#[test]
fn a_real_xls_statement_passes_the_check_and_is_read() {
    let bytes = xls_statement();
    assert_eq!(check_xls(&bytes), Ok(()));
    let preview = ingest::preview(&bytes, "statement.xls", &profile()).unwrap();
    assert_eq!(preview.detected.format, FileFormat::Xls);
    assert_eq!(preview.records.len(), 2);
}

#[test]
fn xls_dimensions_declaring_four_billion_rows_are_refused() {
    let bytes = xls(&sheet_records(&[
        dimensions(0, u32::MAX, 0, 256),
        number(0, 0, 1.0),
    ]));
    let (limit, _) = refused(&bytes, "dims.xls");
    assert_eq!(
        limit,
        WorkbookLimit::DeclaredGrid {
            part: "#1".into(),
            declared: u64::from(u32::MAX) * 256,
            cells: 1
        }
    );
}

#[test]
fn xls_cells_at_opposite_corners_are_refused() {
    let bytes = xls(&sheet_records(&[
        number(0, 0, 1.0),
        number(65_535, 255, 2.0),
    ]));
    let (limit, _) = refused(&bytes, "corners.xls");
    assert_eq!(
        limit,
        WorkbookLimit::Grid {
            part: "#1".into(),
            rows: 65_536,
            columns: 256,
            cells: 2
        }
    );
}

#[test]
fn an_xls_whose_sector_chain_loops_is_refused() {
    let bytes = cfb(&sheet_records(&[number(0, 0, 1.0)]), true);
    let (limit, error) = refused(&bytes, "loop.xls");
    assert!(matches!(limit, WorkbookLimit::Damaged { .. }), "{limit:?}");
    assert!(error.message(Lang::Zh).contains("扇区链循环或越界"));
}
