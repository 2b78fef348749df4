//! The first rows of a table as the user sees them, for the column-mapping step, with a
//! mapping to start from: the recognised header's, else a guess from the header's words and
//! the cells' values. The user checks and corrects it; nothing here is ever imported unseen.

use super::decode::TextEncoding;
use super::header::{self, Field};
use super::import_preview::FileFormat;
use super::mapping::{column_letters, table_width, ColumnMapping};
use super::read::{self, Contents};
use super::rows::read_month;
use super::table::{Cell, Row, Table};
use super::vocab;
use crate::model::Money;
use crate::{Error, Result};
use serde::Serialize;

/// At most this many columns are offered (a stray cell far to the right of a sheet would
/// otherwise make thousands of empty columns).
pub const MAX_COLUMNS: usize = 64;
/// At most this many rows are sampled, whatever is asked.
pub const MAX_ROWS: usize = 200;
/// A cell's text is cut after this many characters in the sample.
const MAX_CELL_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSample {
    pub file_name: String,
    pub format: FileFormat,
    pub encoding: Option<TextEncoding>,
    pub sheet: Option<String>,
    /// The letter of each column offered, A, B, …
    pub columns: Vec<String>,
    /// Whether the table is wider than the columns offered.
    pub more_columns: bool,
    pub rows: Vec<SampleRow>,
    /// How many rows the table has in all.
    pub total_rows: usize,
    /// Where to start: not necessarily complete or valid.
    pub suggestion: ColumnMapping,
    pub suggested_by: SuggestedBy,
}

/// One row: its 1-based line as a spreadsheet shows it, and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestedBy {
    /// The header was recognised by its words: this is what an import would use.
    Header,
    /// Guessed from the header's words and the cells' values.
    Guess,
}

/// The first `rows` rows of the table a mapping would apply to (see `read::table_to_map`).
pub fn table_sample(bytes: &[u8], file_name: &str, rows: usize) -> Result<TableSample> {
    let (tables, format, encoding) = match read::read(bytes, file_name)? {
        Contents::Json { .. } => {
            return Err(Error::ImportMapping {
                file: file_name.to_string(),
                problem: super::MappingProblem::NotATable,
            })
        }
        Contents::Tables {
            tables,
            format,
            encoding,
        } => (tables, format, encoding),
    };
    let table = read::table_to_map(tables);
    let width = table_width(&table);
    let shown = width.min(MAX_COLUMNS);
    let (suggestion, suggested_by) = match header::find(&table)
        .as_ref()
        .and_then(ColumnMapping::from_layout)
    {
        Some(mapping) => (mapping, SuggestedBy::Header),
        None => (guess(&table), SuggestedBy::Guess),
    };
    Ok(TableSample {
        file_name: file_name.to_string(),
        format,
        encoding,
        sheet: table.sheet.clone(),
        columns: (0..shown).map(column_letters).collect(),
        more_columns: width > shown,
        rows: table
            .rows
            .iter()
            .take(rows.min(MAX_ROWS))
            .map(|row| SampleRow {
                line: row.line,
                cells: (0..shown.min(row.cells.len()))
                    .map(|c| sample_text(row.cell(c)))
                    .collect(),
            })
            .collect(),
        total_rows: table.rows.len(),
        suggestion,
        suggested_by,
    })
}

/// The header line for a mapping given without one (`--mapping month=A,…` with no
/// `header=`): guessed from where the mapped month column's months begin.
pub fn guess_header_for(
    bytes: &[u8],
    file_name: &str,
    mapping: &ColumnMapping,
) -> Result<Option<usize>> {
    let Some(&month_col) = mapping.columns.get(&Field::Month) else {
        return Ok(None);
    };
    match read::read(bytes, file_name)? {
        Contents::Json { .. } => Ok(None),
        Contents::Tables { tables, .. } => {
            Ok(guess_header_line(&read::table_to_map(tables), month_col))
        }
    }
}

/// A cell as the user would recognise it: a date cell as its date, not Excel's serial.
fn sample_text(cell: &Cell) -> String {
    let text = match cell {
        Cell::Date(serial) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(serial.max(0.0) as u64)))
            .map_or_else(|| cell.display(), |d| d.to_string()),
        other => other.display(),
    };
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// How many rows the guess looks at.
const GUESS_ROWS: usize = 200;

/// A mapping guessed from a table whose header was not recognised: the month column is the
/// one whose cells read as months most often; the header is the row above the first month
/// (see [`guess_header_line`]); other columns by their header's words, else by their values
/// (kind words, status words).
pub fn guess(table: &Table) -> ColumnMapping {
    let rows: Vec<&Row> = table.rows.iter().take(GUESS_ROWS).collect();
    let width = table_width(table).min(MAX_COLUMNS);
    let months_in = |c: usize| {
        rows.iter()
            .filter(|r| read_month(r.cell(c)).is_some())
            .count()
    };
    let Some(month_col) = (0..width)
        .map(|c| (c, months_in(c)))
        .filter(|(_, n)| *n > 0)
        .max_by(|(a, n), (b, m)| n.cmp(m).then(b.cmp(a)))
        .map(|(c, _)| c)
    else {
        return ColumnMapping::default();
    };
    let header_line = guess_header_line(table, month_col);
    let header = header_line.and_then(|line| table.rows.iter().find(|r| r.line == line));
    let data: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|r| read_month(r.cell(month_col)).is_some())
        .collect();

    let mut mapping = ColumnMapping {
        header_line,
        ..ColumnMapping::default()
    };
    mapping.columns.insert(Field::Month, month_col);
    let mut numeric_unmapped = Vec::new();
    for c in (0..width).filter(|c| *c != month_col) {
        let cells: Vec<&str> = data.iter().filter_map(|r| r.cell(c).text()).collect();
        let by_words = header
            .and_then(|h| h.cell(c).text())
            .and_then(field_from_words);
        match by_words.or_else(|| field_from_values(&cells)) {
            Some(field) if !mapping.columns.contains_key(&field) => {
                mapping.columns.insert(field, c);
            }
            Some(_) => {}
            None if !cells.is_empty() && cells.iter().all(|t| t.parse::<Money>().is_ok()) => {
                numeric_unmapped.push(c);
            }
            None => {}
        }
    }
    let has_amount = [
        Field::Base,
        Field::Personal,
        Field::Employer,
        Field::ToAccount,
    ]
    .iter()
    .any(|f| mapping.columns.contains_key(f));
    // One unnamed amount column and nothing else: most likely what the person paid.
    if let ([only], false) = (numeric_unmapped.as_slice(), has_amount) {
        mapping.columns.insert(Field::Personal, *only);
    }
    mapping
}

/// The header of a table whose month column is `month_col`: the nearest non-blank row above
/// the first row whose month cell reads as a month, unless that row reads as a month too.
/// `None` when the table starts with data.
pub fn guess_header_line(table: &Table, month_col: usize) -> Option<usize> {
    let first_data = table
        .rows
        .iter()
        .position(|r| read_month(r.cell(month_col)).is_some())?;
    table.rows[..first_data]
        .iter()
        .rev()
        .find(|r| !r.is_blank())
        .filter(|r| r.cells.iter().filter(|c| c.text().is_some()).count() >= 2)
        .map(|r| r.line)
}

/// A header word not in the exact lists, read loosely: `类别` is a kind, `员工承担` the
/// personal part, `公司承担` the employer's, `单位` alone the payer. Only a suggestion: the user sees and confirms it.
fn field_from_words(title: &str) -> Option<Field> {
    if let Some(field) = header::field_of(title) {
        return Some(field);
    }
    let key = vocab::normalize(title);
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    let field = if has(&["身份证", "证件"]) {
        Field::PersonId
    } else if has(&["姓名", "名字"]) {
        Field::PersonName
    } else if has(&["账户", "划入", "记入", "credit"]) {
        Field::ToAccount
    } else if has(&["基数", "工资", "base"]) {
        Field::Base
    } else if has(&["状态", "标志", "status"]) {
        Field::Status
    } else if has(&["缴费类型", "征收", "type"]) {
        Field::Type
    } else if has(&["险种", "类别", "类型", "项目", "kind"]) || key.ends_with('险') {
        Field::Kind
    } else if has(&["个人", "员工", "职工", "personal"]) {
        Field::Personal
    } else if has(&["单位", "公司", "企业", "employer"]) {
        if has(&["缴", "金额", "部分", "额", "承担"]) {
            Field::Employer
        } else {
            Field::Payer
        }
    } else if has(&["参保地", "地区", "城市", "统筹", "region"]) {
        Field::Region
    } else if has(&["金额", "缴费", "实缴", "应缴", "amount"]) {
        Field::Personal
    } else {
        return None;
    };
    Some(field)
}

/// A column whose values are mostly kind words is the kind; mostly status words (not the
/// bare 1/0/Y/N a number column would also match), the status.
fn field_from_values(cells: &[&str]) -> Option<Field> {
    if cells.is_empty() {
        return None;
    }
    let mostly = |check: &dyn Fn(&str) -> bool| {
        cells.iter().filter(|t| check(t)).count() * 5 >= cells.len() * 4
    };
    if mostly(&|t| vocab::kind(t).is_some()) {
        Some(Field::Kind)
    } else if mostly(&|t| {
        t.chars().count() > 1 && t.parse::<Money>().is_err() && vocab::status(t).is_some()
    }) {
        Some(Field::Status)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::Delimiter;
    use crate::ingest::table::from_delimited;
    use crate::model::InsuranceKind;

    fn table(text: &str) -> Table {
        from_delimited(text, Delimiter::Comma).unwrap()
    }

    #[test]
    fn guesses_a_hand_made_sheet() {
        let t = table(
            "某单位代缴明细\n\n日期,类别,个人金额,单位金额,备注\n2024-01,养老,100,200,\n2024-01,医疗,20,80,\n",
        );
        let m = guess(&t);
        assert_eq!(m.header_line, Some(3));
        assert_eq!(m.columns[&Field::Month], 0);
        assert_eq!(m.columns[&Field::Kind], 1);
        assert_eq!(m.columns[&Field::Personal], 2);
        assert_eq!(m.columns[&Field::Employer], 3);
        assert_eq!(m.columns.len(), 4);
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn guesses_a_headerless_paste_by_values() {
        let t = table("2024-01,养老保险,640.00,已到账\n2024-02,养老保险,640.00,已到账\n");
        let m = guess(&t);
        assert_eq!(m.header_line, None);
        assert_eq!(m.columns[&Field::Kind], 1);
        assert_eq!(m.columns[&Field::Personal], 2, "the one amount column");
        assert_eq!(m.columns[&Field::Status], 3);
    }

    #[test]
    fn guesses_nothing_without_months() {
        assert_eq!(guess(&table("a,b\nc,d\n")), ColumnMapping::default());
    }

    #[test]
    fn the_sample_shows_lines_letters_and_dates() {
        let bytes = "标题\n\n日期,金额\n2024-01,100\n2024-02,100\n".as_bytes();
        let sample = table_sample(bytes, "x.csv", 3).unwrap();
        assert_eq!(sample.columns, vec!["A", "B"]);
        let lines: Vec<usize> = sample.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
        assert_eq!(sample.rows[2].cells, vec!["日期", "金额"]);
        assert_eq!(sample.total_rows, 5);
        assert_eq!(sample.suggested_by, SuggestedBy::Guess);
        assert_eq!(sample.suggestion.header_line, Some(3));
        assert_eq!(sample_text(&Cell::Date(45292.0)), "2024-01-01");
    }

    #[test]
    fn a_recognised_header_is_the_suggestion() {
        let bytes = "费款所属期,参保地,个人缴费额\n202301,成都市,100\n".as_bytes();
        let sample = table_sample(bytes, "national.csv", 10).unwrap();
        assert_eq!(sample.suggested_by, SuggestedBy::Header);
        assert_eq!(sample.suggestion.kind, Some(InsuranceKind::Pension));
        assert_eq!(sample.suggestion.header_line, Some(1));
        assert_eq!(sample.suggestion.columns[&Field::Region], 1);
    }

    #[test]
    fn json_has_no_columns_to_sample() {
        let err = table_sample(br#"{"format": "shebao-ledger"}"#, "a.json", 5).unwrap_err();
        assert_eq!(err.code(), "import_bad_mapping");
    }
}
