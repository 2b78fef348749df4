//! A neutral grid of cells with the line numbers a spreadsheet shows, from delimited text or
//! from a workbook. Everything after this works on the grid and never on a file format.

use super::decode::Delimiter;
use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Reader, Sheets};
use std::io::Cursor;

/// One cell, trimmed. Numbers from a workbook are kept as their decimal spelling (see
/// [`decimal_text`]) so that amounts are parsed by the same `Money::from_str` as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric workbook cell, as decimal text (`640`, `1234.5`).
    Number(String),
    /// A workbook date cell: its Excel serial (days since 1899-12-30).
    Date(f64),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The text of a text or number cell.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(text) | Cell::Number(text) => Some(text),
            Cell::Empty | Cell::Date(_) => None,
        }
    }

    /// How the cell is quoted back to the user in an error.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Number(text) => text.clone(),
            Cell::Date(serial) => decimal_text(*serial),
        }
    }

    fn from_text(raw: &str) -> Cell {
        Cell::of_trimmed(cell_text(raw))
    }

    fn of_trimmed(text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, |text| Cell::Text(text.to_string()))
    }
}

/// A text cell's value: trimmed, unwrapped from `="…"`; `None` when that leaves nothing.
fn cell_text(raw: &str) -> Option<&str> {
    let mut text = raw.trim();
    // `="202401"` is how some systems force Excel to keep a value as text.
    if let Some(inner) = text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')) {
        text = inner.trim();
    }
    (!text.is_empty()).then_some(text)
}

/// A row and its 1-based line number, as the spreadsheet (or a text editor) shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// The rows of one sheet or one text file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The sheet's name, for workbooks.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
}

/// Reads delimited text. Empty lines are kept as blank rows, so that line numbers and the
/// count of skipped rows match what the user sees in an editor.
pub fn from_delimited(text: &str, delimiter: Delimiter) -> Result<Table, String> {
    let rows = DelimitedRows::new(text, delimiter).collect::<Result<Vec<Row>, String>>()?;
    Ok(Table { sheet: None, rows })
}

/// The rows of delimited text one at a time, as [`from_delimited`] reads them: a large file is
/// parsed without its whole grid of cells in memory at once. [`DelimitedRows::next_into`] reads
/// each row into the caller's row, reusing its cells' strings, so that a row costs no allocation
/// once the first rows have sized them (the reader's record is reused the same way): allocating
/// a record and a string per cell was most of the parse's time (docs/benchmarks.md, Parse at
/// 50 MB/s).
pub struct DelimitedRows<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    line: usize,
    counted_to: usize,
    /// Blank lines read but not yet handed out, and the line of the first of them: the empty
    /// lines before a record, which the reader skips but the user sees.
    blanks: usize,
    blank_line: usize,
    /// The line of the record read but not yet handed out (it follows the blanks).
    record_line: Option<usize>,
    failed: bool,
}

impl<'a> DelimitedRows<'a> {
    pub fn new(text: &'a str, delimiter: Delimiter) -> DelimitedRows<'a> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter.byte())
            .from_reader(text.as_bytes());
        DelimitedRows {
            bytes: text.as_bytes(),
            reader,
            record: csv::StringRecord::new(),
            line: 1,
            counted_to: 0,
            blanks: 0,
            blank_line: 0,
            record_line: None,
            failed: false,
        }
    }

    /// The next row, written over `row` (its line and cells; the cells' strings are reused).
    /// `None` after the last row, or after a read error (given once).
    pub fn next_into(&mut self, row: &mut Row) -> Option<Result<(), String>> {
        if self.blanks == 0 && self.record_line.is_none() {
            if self.failed {
                return None;
            }
            match self.reader.read_record(&mut self.record) {
                Ok(true) => self.place_record(),
                Ok(false) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e.to_string()));
                }
            }
        }
        if self.blanks > 0 {
            row.line = self.blank_line;
            row.cells.clear();
            self.blank_line += 1;
            self.blanks -= 1;
            return Some(Ok(()));
        }
        row.line = self.record_line.take()?;
        fill_cells(&mut row.cells, &self.record);
        Some(Ok(()))
    }

    /// Counts the lines up to the record just read, and the blank lines before it.
    fn place_record(&mut self) {
        let bytes = self.bytes;
        // The reader's own line numbers count from where it started reading, before the empty
        // lines it skips; so lines are counted here from its byte offsets.
        let mut at = self
            .record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        self.line += bytes[self.counted_to.min(at)..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        // The reader may stop between the \r and \n of a CRLF terminator: not a blank line.
        if at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
            at += 1;
            self.line += 1;
        }
        // Empty lines the reader skipped become blank rows.
        self.blank_line = self.line;
        loop {
            let rest = &bytes[at..];
            let skip = if rest.starts_with(b"\r\n") {
                2
            } else if rest.starts_with(b"\n") {
                1
            } else {
                break;
            };
            self.blanks += 1;
            self.line += 1;
            at += skip;
        }
        self.counted_to = at;
        self.record_line = Some(self.line);
    }
}

/// A record's fields as cells, written over `cells`: a text cell's string is reused in place.
fn fill_cells(cells: &mut Vec<Cell>, record: &csv::StringRecord) {
    cells.truncate(record.len());
    for (i, raw) in record.iter().enumerate() {
        let text = cell_text(raw);
        match (cells.get_mut(i), text) {
            (Some(Cell::Text(kept)), Some(text)) => {
                kept.clear();
                kept.push_str(text);
            }
            (Some(slot), _) => *slot = Cell::of_trimmed(text),
            (None, _) => cells.push(Cell::of_trimmed(text)),
        }
    }
}

impl Iterator for DelimitedRows<'_> {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
        };
        Some(self.next_into(&mut row)?.map(|()| row))
    }
}

/// Reads every sheet of an XLSX or XLS workbook, in the workbook's order.
///
/// Merged cells: calamine gives a merged region's value in its top-left cell only. A region
/// spanning several rows (a month merged over its five insurance rows, an employer merged
/// over a year) is filled down its first column, which is what the user sees on screen.
pub fn from_workbook(bytes: &[u8]) -> Result<Vec<Table>, String> {
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        let merges: Vec<Dimensions> = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let Some((top, left)) = range.start() else {
            tables.push(Table {
                sheet: Some(name),
                rows: Vec::new(),
            });
            continue;
        };
        let mut rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| Row {
                line: top as usize + i + 1,
                cells: cells.iter().map(cell_of).collect(),
            })
            .collect();
        fill_merged_down(&mut rows, &merges, top, left);
        tables.push(Table {
            sheet: Some(name),
            rows,
        });
    }
    Ok(tables)
}

fn fill_merged_down(rows: &mut [Row], merges: &[Dimensions], top: u32, left: u32) {
    for merge in merges.iter().filter(|m| m.end.0 > m.start.0) {
        let (Some(first_row), Some(column)) = (
            merge.start.0.checked_sub(top),
            merge.start.1.checked_sub(left),
        ) else {
            continue;
        };
        let (first_row, column) = (first_row as usize, column as usize);
        let Some(value) = rows
            .get(first_row)
            .map(|row| row.cell(column).clone())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        let last_row = (merge.end.0 - top) as usize;
        for row in rows.iter_mut().take(last_row + 1).skip(first_row + 1) {
            if row.cells.len() <= column {
                row.cells.resize(column + 1, Cell::Empty);
            }
            if row.cells[column].is_empty() {
                row.cells[column] = value.clone();
            }
        }
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::from_text(text),
        Data::Int(n) => Cell::Number(n.to_string()),
        Data::Float(f) => Cell::Number(decimal_text(*f)),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) if dt.is_datetime() => Cell::Date(dt.as_f64()),
        Data::DateTime(dt) => Cell::Number(decimal_text(dt.as_f64())),
        // `2024-01-15T00:00:00`: the date part is a spelling YearMonth understands.
        Data::DateTimeIso(text) => Cell::from_text(text.split('T').next().unwrap_or(text)),
        Data::DurationIso(text) => Cell::from_text(text),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// A workbook number as decimal text, for `Money::from_str` and `YearMonth::from_str`.
///
/// Excel stores every number as a binary float, so 640.10 is really 640.1000000000000227…
/// and a formula such as 8000×0.08 may give 640.0000000000001. Six decimals (correctly
/// rounded by Rust's formatter) sit far below the fen and remove that noise; trailing zeros
/// are then dropped. A genuine third decimal (12345×0.003 = 37.035) survives here; amounts
/// then go through [`round_to_fen`], never through float arithmetic.
pub fn decimal_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Rounds decimal text to two decimals, half away from zero, on the digits themselves:
/// `37.035` → `37.04`. Used for workbook number cells only, where a formula result such as
/// base × 0.3% carries a third decimal that Excel's `0.00` format shows rounded: the user
/// saw 37.04, and that is what was paid. Text amounts are taken as written (a third
/// decimal there is an error). `None` when `text` is not a plain decimal.
pub fn round_to_fen(text: &str) -> Option<String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) || whole.len() > 15 {
        return None;
    }
    let padded = format!("{fraction:0<3}");
    let fen_text = format!("{whole}{}", &padded[..2]);
    let mut fen: i64 = fen_text.parse().ok()?;
    if padded.as_bytes()[2] >= b'5' {
        fen += 1;
    }
    let sign = if negative && fen != 0 { "-" } else { "" };
    Some(format!("{sign}{}.{:02}", fen / 100, fen % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &Row) -> Vec<String> {
        row.cells.iter().map(Cell::display).collect()
    }

    #[test]
    fn decimal_text_drops_float_noise_but_keeps_real_decimals() {
        assert_eq!(decimal_text(640.1), "640.1");
        assert_eq!(decimal_text(8000.0 * 0.08), "640");
        assert_eq!(decimal_text(0.1 + 0.2), "0.3");
        assert_eq!(decimal_text(123.456), "123.456");
        assert_eq!(decimal_text(202401.0), "202401");
        assert_eq!(decimal_text(-0.0), "0");
        assert_eq!(decimal_text(-12.5), "-12.5");
    }

    #[test]
    fn rounding_to_the_fen_works_on_digits() {
        assert_eq!(round_to_fen("37.035").as_deref(), Some("37.04"));
        assert_eq!(
            round_to_fen(&decimal_text(12345.0 * 0.003)).as_deref(),
            Some("37.04")
        );
        assert_eq!(round_to_fen("86.414999").as_deref(), Some("86.41"));
        assert_eq!(round_to_fen("-0.005").as_deref(), Some("-0.01"));
        assert_eq!(round_to_fen("-0.004").as_deref(), Some("0.00"));
        assert_eq!(round_to_fen("640").as_deref(), Some("640.00"));
        assert_eq!(round_to_fen("1e5"), None);
        assert_eq!(round_to_fen("-"), None);
    }

    /// One row reused for every line gives each line exactly as a fresh row does: cells that
    /// turn blank, come back, grow longer or fewer, and blank lines between.
    #[test]
    fn a_reused_row_reads_every_line_as_a_fresh_one() {
        let text = "a,b,c\n1,,3\n\n\n=\"x\", y ,z,extra\n\"q\nr\"\n,,\n4,5,6\n";
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            let fresh = from_delimited(&text, Delimiter::Comma).unwrap().rows;
            let mut rows = DelimitedRows::new(&text, Delimiter::Comma);
            let mut row = Row {
                line: 0,
                cells: Vec::new(),
            };
            let mut reused = Vec::new();
            while let Some(read) = rows.next_into(&mut row) {
                read.unwrap();
                reused.push(row.clone());
            }
            assert_eq!(reused, fresh);
            let lines: Vec<usize> = fresh.iter().map(|r| r.line).collect();
            assert_eq!(lines, [1, 2, 3, 4, 5, 6, 8, 9]);
            assert_eq!(texts(&fresh[4]), ["x", "y", "z", "extra"]);
            assert!(fresh[6].is_blank(), "a row of empty cells is blank");
        }
    }

    #[test]
    fn delimited_text_keeps_line_numbers_of_blank_lines_and_quoted_newlines() {
        let text = "标题\n\n月份,单位\n2024-01,\"成都\n某公司\"\n\n2024-02,=\"x\"\n";
        let table = from_delimited(text, Delimiter::Comma).unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 6, 7]);
        let crlf = from_delimited(&text.replace('\n', "\r\n"), Delimiter::Comma).unwrap();
        let crlf_lines: Vec<usize> = crlf.rows.iter().map(|r| r.line).collect();
        assert_eq!(crlf_lines, lines, "Windows line ends count the same");
        assert!(table.rows[1].is_blank());
        assert_eq!(texts(&table.rows[3]), vec!["2024-01", "成都\n某公司"]);
        assert!(table.rows[4].is_blank());
        assert_eq!(texts(&table.rows[5]), vec!["2024-02", "x"]);
    }
}
