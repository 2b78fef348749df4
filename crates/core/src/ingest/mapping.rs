//! A column mapping: the user says which column holds what, for a table whose header the
//! automatic reading does not recognise (a hand-made sheet, an HR system's own words, a table
//! copied from a web page without its header row).
//!
//! Columns are named by spreadsheet letters (A, B, … Z, AA) because that is what the user sees
//! in Excel, in WPS and in the wizard's sample; the header is named by its 1-based line, or is
//! absent. The same JSON shape is used by the window, the CLI's `--mapping-file` and the
//! database (`import_mappings`):
//!
//! ```json
//! {"header_line": 3, "columns": {"month": "A", "kind": "B", "personal": "D"}}
//! {"header_line": null, "columns": {"month": "A", "personal": "C"}, "kind": "housing_fund"}
//! ```
//!
//! A mapping without a kind column names the one kind of every row (a housing-fund statement
//! has no 险种 column). Everything else — skipping blank, total and note rows, reading months
//! and amounts, carrying merged cells down — is exactly what an automatically read table gets.

use super::header::{Column, Field, Layout, Shape};
use super::table::{Row, Table};
use super::vocab;
use crate::model::InsuranceKind;
use crate::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The header row's 1-based line; `None` when the table has no header row and every row
    /// is data. Rows above the header are skipped (and read for the person's name).
    #[serde(default)]
    pub header_line: Option<usize>,
    /// The 0-based column of each field (letters in JSON).
    #[serde(
        serialize_with = "columns_as_letters",
        deserialize_with = "columns_from_letters"
    )]
    pub columns: BTreeMap<Field, usize>,
    /// The kind of every row, for a table without a kind column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InsuranceKind>,
}

/// Why a mapping cannot be used. Each names what to change, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingProblem {
    MissingMonth,
    /// Neither a kind column nor the kind of every row.
    MissingKind,
    /// Both a kind column and the kind of every row.
    KindTwice,
    MissingAmount,
    /// Two fields on one column.
    SharedColumn {
        column: usize,
        first: Field,
        second: Field,
    },
    /// A column to the right of the table's last.
    OutsideTable {
        column: usize,
        width: usize,
    },
    /// The header line is not a line of the table.
    NoSuchLine {
        line: usize,
    },
    /// The file is the app's own JSON, which has no columns to map.
    NotATable,
    /// `--mapping` text that does not read as `field=COLUMN,…`.
    Spec {
        entry: String,
    },
    UnknownField {
        name: String,
    },
    BadColumn {
        text: String,
    },
    Repeated {
        field: Field,
    },
    /// A mapping file that is not the mapping JSON.
    BadJson {
        reason: String,
    },
}

impl MappingProblem {
    pub fn message(&self, lang: Lang) -> String {
        let letter = |c: &usize| column_letters(*c);
        match (self, lang) {
            (MappingProblem::MissingMonth, Lang::Zh) => "请指定月份所在的列".into(),
            (MappingProblem::MissingMonth, Lang::En) => "choose the column that holds the month".into(),
            (MappingProblem::MissingKind, Lang::Zh) => {
                "请指定险种所在的列，或者指定每一行的险种（例如整张表都是住房公积金）".into()
            }
            (MappingProblem::MissingKind, Lang::En) => {
                "choose the column that holds the insurance kind, or the one kind of every row (a housing-fund statement, say)".into()
            }
            (MappingProblem::KindTwice, Lang::Zh) => {
                "已指定险种列，就不能再指定每一行的险种；二选一".into()
            }
            (MappingProblem::KindTwice, Lang::En) => {
                "a kind column and a kind for every row were both given: choose one".into()
            }
            (MappingProblem::MissingAmount, Lang::Zh) => {
                "请至少指定一个金额列（缴费基数、个人缴费、单位缴费或划入个人账户）".into()
            }
            (MappingProblem::MissingAmount, Lang::En) => {
                "choose at least one amount column (base, personal, employer or credited to account)".into()
            }
            (MappingProblem::SharedColumn { column, first, second }, _) => match lang {
                Lang::Zh => format!(
                    "第 {} 列同时被指定为“{}”和“{}”",
                    letter(column),
                    first.label(lang),
                    second.label(lang)
                ),
                Lang::En => format!(
                    "column {} is chosen for both {} and {}",
                    letter(column),
                    first.label(lang),
                    second.label(lang)
                ),
            },
            (MappingProblem::OutsideTable { column, width }, Lang::Zh) => format!(
                "表格只有 {width} 列（A–{}），没有第 {} 列",
                column_letters(width.saturating_sub(1)),
                letter(column)
            ),
            (MappingProblem::OutsideTable { column, width }, Lang::En) => format!(
                "the table has {width} columns (A–{}); there is no column {}",
                column_letters(width.saturating_sub(1)),
                letter(column)
            ),
            (MappingProblem::NoSuchLine { line }, Lang::Zh) => format!("表格中没有第 {line} 行"),
            (MappingProblem::NoSuchLine { line }, Lang::En) => format!("the table has no line {line}"),
            (MappingProblem::NotATable, Lang::Zh) => {
                "这是社保账本自己的 JSON 文件，不需要指定列".into()
            }
            (MappingProblem::NotATable, Lang::En) => {
                "this is the app's own JSON format, which has no columns to map".into()
            }
            (MappingProblem::Spec { entry }, Lang::Zh) => {
                format!("{entry:?} 不是“字段=列”的写法（例如 month=A,kind=B,personal=D,header=3）")
            }
            (MappingProblem::Spec { entry }, Lang::En) => {
                format!("{entry:?} is not field=COLUMN (e.g. month=A,kind=B,personal=D,header=3)")
            }
            (MappingProblem::UnknownField { name }, _) => format!(
                "{}{name:?}{}{}",
                lang.pick("未知的字段 ", "unknown field "),
                lang.pick("，可用：", "; use one of: "),
                Field::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
            ),
            (MappingProblem::BadColumn { text }, Lang::Zh) => {
                format!("{text:?} 不是列字母（A、B、…、Z、AA）或险种代码（pension、housing_fund …）")
            }
            (MappingProblem::BadColumn { text }, Lang::En) => {
                format!("{text:?} is not a column letter (A, B, … Z, AA) or a kind code (pension, housing_fund …)")
            }
            (MappingProblem::Repeated { field }, Lang::Zh) => {
                format!("“{}”被指定了两次", field.label(lang))
            }
            (MappingProblem::Repeated { field }, Lang::En) => {
                format!("{} is given twice", field.label(lang))
            }
            (MappingProblem::BadJson { reason }, Lang::Zh) => format!(
                "不是列映射 JSON（应为 {{\"header_line\": 3, \"columns\": {{\"month\": \"A\", …}}}}）：{reason}"
            ),
            (MappingProblem::BadJson { reason }, Lang::En) => format!(
                "not a column-mapping JSON (expected {{\"header_line\": 3, \"columns\": {{\"month\": \"A\", …}}}}): {reason}"
            ),
        }
    }
}

const AMOUNT_FIELDS: [Field; 4] = [
    Field::Base,
    Field::Personal,
    Field::Employer,
    Field::ToAccount,
];

impl ColumnMapping {
    /// Checks what does not depend on the table: a month, a kind (column or fixed, not both),
    /// an amount, and no column used twice.
    pub fn validate(&self) -> Result<(), MappingProblem> {
        if !self.columns.contains_key(&Field::Month) {
            return Err(MappingProblem::MissingMonth);
        }
        match (self.columns.contains_key(&Field::Kind), self.kind) {
            (false, None) => return Err(MappingProblem::MissingKind),
            (true, Some(_)) => return Err(MappingProblem::KindTwice),
            _ => {}
        }
        if !AMOUNT_FIELDS.iter().any(|f| self.columns.contains_key(f)) {
            return Err(MappingProblem::MissingAmount);
        }
        let mut seen: BTreeMap<usize, Field> = BTreeMap::new();
        for (&field, &column) in &self.columns {
            if let Some(&first) = seen.get(&column) {
                return Err(MappingProblem::SharedColumn {
                    column,
                    first,
                    second: field,
                });
            }
            seen.insert(column, field);
        }
        Ok(())
    }

    /// The layout this mapping gives `table`, as if its header had been recognised.
    pub fn layout(&self, table: &Table) -> Result<Layout, MappingProblem> {
        self.validate()?;
        let width = table_width(table);
        if let Some(&column) = self.columns.values().find(|&&c| c >= width) {
            return Err(MappingProblem::OutsideTable { column, width });
        }
        let (row_index, first_data, header) = match self.header_line {
            Some(line) => {
                let index = table
                    .rows
                    .iter()
                    .position(|r| r.line == line)
                    .ok_or(MappingProblem::NoSuchLine { line })?;
                (index, index + 1, Some(&table.rows[index]))
            }
            None => (0, 0, None),
        };
        // Errors quote the header's words where there are some, else the column's letter.
        let titles = (0..width)
            .map(|c| {
                header
                    .and_then(|row| row.cell(c).text())
                    .map_or_else(|| column_letters(c), str::to_string)
            })
            .collect();
        let has_kind_column = self.columns.contains_key(&Field::Kind);
        Ok(Layout {
            row_index,
            first_data,
            line: self.header_line,
            shape: if has_kind_column {
                Shape::Long
            } else {
                Shape::SingleKind
            },
            columns: self
                .columns
                .iter()
                .map(|(&field, &column)| (column, Column::Field(field)))
                .collect(),
            titles,
            fixed_kind: self.kind,
        })
    }

    /// The mapping an automatically found layout amounts to, so the user can start from it
    /// and adjust. `None` for a wide table (a column per kind and part cannot be mapped to
    /// one field each).
    pub fn from_layout(layout: &Layout) -> Option<ColumnMapping> {
        if layout.shape == Shape::Wide || layout.first_data != layout.row_index + 1 {
            return None;
        }
        let columns = layout
            .columns
            .iter()
            .filter_map(|(index, column)| match column {
                Column::Field(field) => Some((*field, *index)),
                _ => None,
            })
            .collect();
        Some(ColumnMapping {
            header_line: layout.line,
            columns,
            kind: layout.fixed_kind.filter(|_| layout.shape != Shape::Long),
        })
    }

    /// Reads the command line's `--mapping` text: `field=COLUMN` pairs separated by commas,
    /// `kind=CODE` for the kind of every row, `header=LINE` or `header=none`. Without
    /// `header=`, the header is `None` here and is guessed from the table later (see
    /// [`super::sample::guess_header_line`]).
    pub fn parse_spec(text: &str) -> Result<(ColumnMapping, HeaderGiven), MappingProblem> {
        let mut mapping = ColumnMapping::default();
        let mut header = HeaderGiven::Guess;
        for entry in text
            .split([',', '，'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let (name, value) = entry
                .split_once(['=', ':'])
                .map(|(n, v)| (n.trim(), v.trim()))
                .filter(|(n, v)| !n.is_empty() && !v.is_empty())
                .ok_or_else(|| MappingProblem::Spec {
                    entry: entry.to_string(),
                })?;
            if name.eq_ignore_ascii_case("header") {
                header = if value.eq_ignore_ascii_case("none") || value == "0" {
                    HeaderGiven::None
                } else {
                    let line = value
                        .parse::<usize>()
                        .ok()
                        .filter(|l| *l > 0)
                        .ok_or_else(|| MappingProblem::Spec {
                            entry: entry.to_string(),
                        })?;
                    HeaderGiven::Line(line)
                };
                continue;
            }
            let field: Field =
                name.to_ascii_lowercase()
                    .parse()
                    .map_err(|_| MappingProblem::UnknownField {
                        name: name.to_string(),
                    })?;
            if field == Field::Kind {
                if let Ok(kind) = value.parse::<InsuranceKind>() {
                    if mapping.kind.replace(kind).is_some() {
                        return Err(MappingProblem::Repeated { field });
                    }
                    continue;
                }
            }
            let column = parse_column_letters(value).ok_or_else(|| MappingProblem::BadColumn {
                text: value.to_string(),
            })?;
            if mapping.columns.insert(field, column).is_some() {
                return Err(MappingProblem::Repeated { field });
            }
        }
        if let HeaderGiven::Line(line) = header {
            mapping.header_line = Some(line);
        }
        Ok((mapping, header))
    }

    /// One line for lists and logs: `月份=A，险种=B，个人缴费=D`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = self
            .columns
            .iter()
            .map(|(field, column)| format!("{}={}", field.label(lang), column_letters(*column)))
            .collect();
        if let Some(kind) = self.kind {
            parts.push(format!("{}={}", Field::Kind.label(lang), kind.as_str()));
        }
        parts.join(lang.pick("，", ", "))
    }
}

/// What `--mapping` said about the header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderGiven {
    Line(usize),
    None,
    /// Not said: guess it from the rows.
    Guess,
}

/// The number of columns of the widest row.
pub fn table_width(table: &Table) -> usize {
    table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
}

/// The spreadsheet name of a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

/// A spreadsheet column name (case-insensitive, at most three letters) → its 0-based index.
pub fn parse_column_letters(text: &str) -> Option<usize> {
    let text = text.trim();
    if text.is_empty() || text.len() > 3 || !text.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let n = text
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    Some(n - 1)
}

/// A header row's fingerprint: its words, normalised, in order. Two exports from the same
/// system share it whatever their title rows, file names or lengths, so a saved mapping is
/// found again by it. Empty for a row without words.
pub fn header_signature(row: &Row) -> String {
    let mut words: Vec<String> = row
        .cells
        .iter()
        .map(|c| {
            c.text()
                .map(|t| vocab::normalize(t).into_owned())
                .unwrap_or_default()
        })
        .collect();
    while words.last().is_some_and(String::is_empty) {
        words.pop();
    }
    words.join("|")
}

/// A file name with its digits folded: `缴费明细20240501(2).xls` → `缴费明细#(#).xls`. Portals
/// stamp dates and counters into names; what stays is the source's pattern. Used to find a
/// saved mapping for a table without a header row, which has no words to recognise.
pub fn name_pattern(file_name: &str) -> String {
    let mut pattern = String::new();
    for c in file_name.trim().to_lowercase().chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if !(c == '#' && pattern.ends_with('#')) {
            pattern.push(c);
        }
    }
    if pattern.is_empty() {
        // Never empty: it is a key in the database.
        pattern.push('-');
    }
    pattern
}

fn columns_as_letters<S: Serializer>(
    columns: &BTreeMap<Field, usize>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(columns.iter().map(|(f, c)| (f, column_letters(*c))))
}

fn columns_from_letters<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<Field, usize>, D::Error> {
    let raw = BTreeMap::<Field, String>::deserialize(d)?;
    raw.into_iter()
        .map(|(field, text)| {
            parse_column_letters(&text)
                .map(|c| (field, c))
                .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a column letter")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::Delimiter;
    use crate::ingest::table::from_delimited;

    fn mapping(pairs: &[(Field, usize)]) -> ColumnMapping {
        ColumnMapping {
            header_line: None,
            columns: pairs.iter().copied().collect(),
            kind: None,
        }
    }

    #[test]
    fn letters_both_ways() {
        for (index, letters) in [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(index), letters);
            assert_eq!(parse_column_letters(letters), Some(index));
        }
        assert_eq!(parse_column_letters("d"), Some(3));
        assert_eq!(parse_column_letters("pension"), None);
        assert_eq!(parse_column_letters("1"), None);
        assert_eq!(parse_column_letters(""), None);
    }

    #[test]
    fn json_names_columns_by_letter() {
        let mut m = mapping(&[(Field::Month, 0), (Field::Personal, 27)]);
        m.header_line = Some(3);
        m.kind = Some(InsuranceKind::HousingFund);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"header_line": 3, "columns": {"month": "A", "personal": "AB"}, "kind": "housing_fund"})
        );
        assert_eq!(serde_json::from_value::<ColumnMapping>(json).unwrap(), m);
        let bad = serde_json::json!({"columns": {"month": "1"}});
        assert!(serde_json::from_value::<ColumnMapping>(bad).is_err());
        let unknown = serde_json::json!({"columns": {"monat": "A"}});
        assert!(serde_json::from_value::<ColumnMapping>(unknown).is_err());
    }

    #[test]
    fn validation_names_what_is_missing_or_doubled() {
        assert_eq!(mapping(&[]).validate(), Err(MappingProblem::MissingMonth));
        assert_eq!(
            mapping(&[(Field::Month, 0), (Field::Personal, 1)]).validate(),
            Err(MappingProblem::MissingKind)
        );
        assert_eq!(
            mapping(&[(Field::Month, 0), (Field::Kind, 1)]).validate(),
            Err(MappingProblem::MissingAmount)
        );
        let shared = mapping(&[(Field::Month, 0), (Field::Kind, 1), (Field::Personal, 1)]);
        assert_eq!(
            shared.validate(),
            Err(MappingProblem::SharedColumn {
                column: 1,
                first: Field::Kind,
                second: Field::Personal
            })
        );
        assert!(shared
            .validate()
            .unwrap_err()
            .message(Lang::Zh)
            .contains("第 B 列"));
        let mut both = mapping(&[(Field::Month, 0), (Field::Kind, 1), (Field::Personal, 2)]);
        assert_eq!(both.validate(), Ok(()));
        both.kind = Some(InsuranceKind::Pension);
        assert_eq!(both.validate(), Err(MappingProblem::KindTwice));
    }

    #[test]
    fn the_layout_of_a_mapping_quotes_header_words_or_letters() {
        let table = from_delimited(
            "某单位工资条\n日期,类别,金额\n2024-01,养老,100\n",
            Delimiter::Comma,
        )
        .unwrap();
        let mut m = mapping(&[(Field::Month, 0), (Field::Kind, 1), (Field::Personal, 2)]);
        m.header_line = Some(2);
        let layout = m.layout(&table).unwrap();
        assert_eq!(
            (layout.row_index, layout.first_data, layout.line),
            (1, 2, Some(2))
        );
        assert_eq!(layout.shape, Shape::Long);
        assert_eq!(layout.title(2), "金额");
        assert_eq!(layout.column(Field::Personal), Some(2));

        m.header_line = None;
        let layout = m.layout(&table).unwrap();
        assert_eq!(
            (layout.row_index, layout.first_data, layout.line),
            (0, 0, None)
        );
        assert_eq!(layout.title(0), "A");

        m.header_line = Some(9);
        assert_eq!(
            m.layout(&table),
            Err(MappingProblem::NoSuchLine { line: 9 })
        );
        m.header_line = Some(2);
        m.columns.insert(Field::Employer, 5);
        assert_eq!(
            m.layout(&table),
            Err(MappingProblem::OutsideTable {
                column: 5,
                width: 3
            })
        );
    }

    #[test]
    fn command_line_spec() {
        let (m, header) = ColumnMapping::parse_spec("month=a, kind=B,personal=D,header=3").unwrap();
        assert_eq!(header, HeaderGiven::Line(3));
        assert_eq!(m.header_line, Some(3));
        assert_eq!(m.columns[&Field::Kind], 1);
        assert_eq!(m.columns[&Field::Personal], 3);

        let (m, header) = ColumnMapping::parse_spec(
            "month=A,kind=housing_fund,personal=C,to_account=D,header=none",
        )
        .unwrap();
        assert_eq!(header, HeaderGiven::None);
        assert_eq!(m.kind, Some(InsuranceKind::HousingFund));
        assert!(!m.columns.contains_key(&Field::Kind));
        assert_eq!(m.columns[&Field::ToAccount], 3);

        assert_eq!(
            ColumnMapping::parse_spec("month=A,kind=B").unwrap().1,
            HeaderGiven::Guess
        );
        assert_eq!(
            ColumnMapping::parse_spec("monat=A"),
            Err(MappingProblem::UnknownField {
                name: "monat".into()
            })
        );
        assert_eq!(
            ColumnMapping::parse_spec("month=7"),
            Err(MappingProblem::BadColumn { text: "7".into() })
        );
        assert_eq!(
            ColumnMapping::parse_spec("month"),
            Err(MappingProblem::Spec {
                entry: "month".into()
            })
        );
        assert_eq!(
            ColumnMapping::parse_spec("month=A,month=B"),
            Err(MappingProblem::Repeated {
                field: Field::Month
            })
        );
    }

    #[test]
    fn signatures_and_name_patterns() {
        let table = from_delimited("日期 , 类别,金额（元）,,\n", Delimiter::Comma).unwrap();
        assert_eq!(header_signature(&table.rows[0]), "日期|类别|金额");
        assert_eq!(name_pattern("缴费明细20240501(2).XLS"), "缴费明细#(#).xls");
        assert_eq!(name_pattern("paste-2025-01-15"), "paste-#-#-#");
    }
}
