//! Finds the header row by its words and says what each column holds.
//!
//! Real exports put a title (成都市社会保险个人缴费明细), a person line (姓名：… 社会保障号码：…)
//! and blank rows above the header, so the header is the first row, among the first
//! [`SEARCH_ROWS`], whose words make one of three recognised shapes:
//!
//! - **long**: a month column, a kind column (险种) and at least one amount column;
//! - **wide**: a month column and columns per kind and part (养老保险(个人), 医疗保险(单位) …);
//! - **national pension detail** (the national public-service platform's 养老保险缴费明细):
//!   a month column, 个人缴费额 and 参保地 or 单位名称, and no kind column: every row is pension.

use super::period::{self, PeriodPart};
use super::table::{Row, Table};
use super::vocab::{self, KindWord};
use crate::model::code_enum::code_enum;
use crate::model::InsuranceKind;
use crate::Lang;
use serde::Serialize;

/// How far down a file the header may be.
pub(crate) const SEARCH_ROWS: usize = 50;

code_enum! {
    /// A column of the long format (or a shared column of the other two). The codes are what a
    /// column mapping names (`month=B` on the command line, `{"month": "B"}` in JSON).
    pub enum Field as "column field" {
        Month = "month",
        Kind = "kind",
        Base = "base",
        Personal = "personal",
        Employer = "employer",
        ToAccount = "to_account",
        Status = "status",
        Type = "type",
        Payer = "payer",
        Region = "region",
        PersonName = "name",
        PersonId = "id_number",
    }
}

impl Field {
    /// The field's name for the user, as the column-mapping step and its errors show it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Month => lang.pick("月份", "month"),
            Field::Kind => lang.pick("险种", "insurance kind"),
            Field::Base => lang.pick("缴费基数", "contribution base"),
            Field::Personal => lang.pick("个人缴费", "personal part"),
            Field::Employer => lang.pick("单位缴费", "employer part"),
            Field::ToAccount => lang.pick("划入个人账户", "credited to account"),
            Field::Status => lang.pick("缴费状态", "payment status"),
            Field::Type => lang.pick("缴费类型", "payment type"),
            Field::Payer => lang.pick("缴费单位", "payer"),
            Field::Region => lang.pick("参保地", "region"),
            Field::PersonName => lang.pick("姓名", "person's name"),
            Field::PersonId => lang.pick("身份证号", "ID number"),
        }
    }
}

const FIELD_WORDS: &[(Field, &[&str])] = &[
    (
        Field::Month,
        &[
            "费款所属期",
            "所属期",
            "缴费年月",
            "所属年月",
            "缴费月份",
            "年月",
            "月份",
            "所属月份",
            "费款所属年月",
            "对应费款所属期",
            "缴费所属期",
            "month",
        ],
    ),
    (
        Field::Kind,
        &[
            "险种",
            "险种类型",
            "险种名称",
            "保险类型",
            "险种类别",
            "kind",
        ],
    ),
    (
        Field::Base,
        &["缴费基数", "基数", "个人缴费基数", "月缴费基数", "base"],
    ),
    (
        Field::Personal,
        &[
            "个人缴费",
            "个人缴纳",
            "个人应缴",
            "个人缴费金额",
            "个人部分",
            "个人缴费额",
            "个人实缴",
            "个人应缴金额",
            "个人缴纳金额",
            "个人实缴金额",
            "personal",
        ],
    ),
    (
        Field::Employer,
        &[
            "单位缴费",
            "单位缴纳",
            "单位应缴",
            "单位缴费金额",
            "单位部分",
            "单位缴费额",
            "单位实缴",
            "单位应缴金额",
            "单位缴纳金额",
            "单位实缴金额",
            "employer",
        ],
    ),
    (
        Field::ToAccount,
        &[
            "划入个人账户",
            "记入个人账户",
            "个人账户记账金额",
            "划入个人账户金额",
            "记入个人账户金额",
            "划入账户金额",
            "to_account",
            "credited",
        ],
    ),
    (
        Field::Status,
        &[
            "缴费状态",
            "到账状态",
            "缴费标志",
            "实缴标志",
            "状态",
            "到帐状态",
            "status",
        ],
    ),
    (Field::Type, &["缴费类型", "征收类型", "type"]),
    (
        Field::Payer,
        &[
            "单位名称",
            "参保单位",
            "缴费单位",
            "参保单位名称",
            "缴费单位名称",
            "payer",
        ],
    ),
    (
        Field::Region,
        &[
            "参保地",
            "参保地区",
            "统筹区",
            "参保地名称",
            "缴费地",
            "行政区划",
            "region",
        ],
    ),
    (Field::PersonName, &["姓名"]),
    (
        Field::PersonId,
        &[
            "身份证号",
            "身份证号码",
            "社会保障号码",
            "社会保障号",
            "公民身份号码",
            "证件号码",
            "id_number",
        ],
    ),
];

/// The field a header cell names exactly, after normalising.
pub fn field_of(header: &str) -> Option<Field> {
    let key = vocab::normalize(header);
    FIELD_WORDS
        .iter()
        .find(|(_, words)| words.contains(&&*key))
        .map(|(field, _)| *field)
}

/// A looser reading for amount headers not in the lists (个人缴纳部分, 单位应缴金额合计):
/// 个人 or 单位 with a payment word. Tried only after the exact words and the wide
/// columns, so `养老保险个人缴费` stays a wide column.
fn amount_field_like(header: &str) -> Option<Field> {
    let key = vocab::normalize(header);
    let paying = ["缴", "部分", "金额"].iter().any(|w| key.contains(w));
    let excluded = ["账户", "基数", "编号", "名称", "姓名", "比例", "费率"]
        .iter()
        .any(|w| key.contains(w));
    if !paying || excluded {
        None
    } else if key.starts_with("个人") {
        Some(Field::Personal)
    } else if key.starts_with("单位") {
        Some(Field::Employer)
    } else {
        None
    }
}

/// Which amount of a kind a wide column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Base,
    Personal,
    Employer,
    ToAccount,
}

/// Reads what is left of a wide header once the kind word is removed: `(个人)`, `单位缴费`,
/// `划入个人账户`, `缴费基数`. Account words are checked before 个人, which they contain.
fn part_of(rest: &str) -> Option<Part> {
    if rest.contains("账户") || rest.contains("划入") || rest.contains("记入") {
        Some(Part::ToAccount)
    } else if rest.contains("基数") {
        Some(Part::Base)
    } else if rest.contains("单位") {
        Some(Part::Employer)
    } else if rest.contains("个人") {
        Some(Part::Personal)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Field(Field),
    /// A wide column of a kind the app tracks.
    Wide(InsuranceKind, Part),
    /// A wide column of a scheme the app does not track (大额医疗(个人)): ignored.
    Untracked,
    /// A column of a statement that lists spells (起始年月, 月数, 个人缴费合计 …).
    Period(PeriodPart),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Long,
    Wide,
    NationalPension,
    /// A table of one kind without a kind column, read through a column mapping that names
    /// the kind (a housing-fund statement): every row is [`Layout::fixed_kind`].
    SingleKind,
    /// A kind column and spells instead of months (起始年月 + 截止年月, or 起止年月): every
    /// row stands for each month of its spell (see [`period`](super::period)).
    Periods,
}

/// The header found: where it is, its shape, and each recognised column with its title as
/// written (errors quote the title the user sees).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Index into [`Table::rows`] of the (first) header row.
    pub row_index: usize,
    /// Index of the first row below the header (two rows down for a two-row header).
    pub first_data: usize,
    /// The header's 1-based line; `None` for a mapped table without a header row.
    pub line: Option<usize>,
    pub shape: Shape,
    pub columns: Vec<(usize, Column)>,
    pub titles: Vec<String>,
    /// The kind of every row when the table has no kind column (national pension detail:
    /// pension; a mapped single-kind table: the kind the user chose).
    pub fixed_kind: Option<InsuranceKind>,
}

impl Layout {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c)| *c == Column::Field(field))
            .map(|(i, _)| *i)
    }

    pub fn period_column(&self, part: PeriodPart) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c)| *c == Column::Period(part))
            .map(|(i, _)| *i)
    }

    pub fn title(&self, column: usize) -> &str {
        self.titles.get(column).map_or("", String::as_str)
    }

    /// The tracked kinds of a wide header, each with its columns.
    pub fn wide_kinds(&self) -> Vec<(InsuranceKind, Vec<(usize, Part)>)> {
        let mut kinds: Vec<(InsuranceKind, Vec<(usize, Part)>)> = Vec::new();
        for (index, column) in &self.columns {
            if let Column::Wide(kind, part) = column {
                match kinds.iter_mut().find(|(k, _)| k == kind) {
                    Some((_, parts)) => parts.push((*index, *part)),
                    None => kinds.push((*kind, vec![(*index, *part)])),
                }
            }
        }
        kinds
    }

    /// What tells a later row that repeats this header (multi-page exports print it on every
    /// page): the titles normalised once, not once for every row.
    pub fn repeated_header(&self) -> RepeatedHeader {
        RepeatedHeader {
            columns: (self.columns.iter())
                .map(|(i, _)| (*i, vocab::normalize(self.title(*i)).into_owned()))
                .collect(),
        }
    }
}

/// See [`Layout::repeated_header`].
#[derive(Debug, Clone)]
pub struct RepeatedHeader {
    /// Each recognised column and its title, normalised.
    columns: Vec<(usize, String)>,
}

impl RepeatedHeader {
    /// Whether `row` repeats the header: at least two, and half, of its recognised columns
    /// hold their titles.
    pub fn is_in(&self, row: &Row) -> bool {
        let same = (self.columns.iter())
            .filter(|(i, title)| {
                row.cell(*i).text().is_some_and(|t| {
                    // Normalising never lengthens text: a shorter cell (a month, an amount)
                    // cannot be the title, and is not normalised (every row passes here); nor
                    // is a cell whose first character differs (a name, a kind, a place).
                    t.len() >= title.len()
                        && (title.is_empty() || vocab::normalized_first(t) == title.chars().next())
                        && vocab::normalize(t) == title.as_str()
                })
            })
            .count();
        same >= 2 && same * 2 >= self.columns.len()
    }
}

/// Looks for the header in the first rows of `table`: a one-row header, else a wide header
/// over two rows (kinds merged across the top, 个人/单位 below).
pub fn find(table: &Table) -> Option<Layout> {
    let rows = &table.rows;
    (0..rows.len().min(SEARCH_ROWS)).find_map(|i| {
        let titles: Vec<String> = rows[i]
            .cells
            .iter()
            .map(|c| c.text().unwrap_or("").to_string())
            .collect();
        layout_of(i, i + 1, rows[i].line, titles).or_else(|| {
            let next = rows.get(i + 1)?;
            let titles = two_row_titles(&rows[i], next)?;
            layout_of(i, i + 2, rows[i].line, titles).filter(|l| l.shape == Shape::Wide)
        })
    })
}

/// Joins a two-row wide header into one title per column: `养老保险` over `个人` becomes
/// `养老保险(个人)`. A kind merged across several columns has its name in the first of them
/// only, so it applies rightwards until the next title in the top row.
fn two_row_titles(top: &Row, bottom: &Row) -> Option<Vec<String>> {
    let is_kind = |t: &str| field_of(t).is_none() && vocab::kind(t).is_some();
    if !top.cells.iter().filter_map(|c| c.text()).any(is_kind) {
        return None;
    }
    let width = top.cells.len().max(bottom.cells.len());
    let mut current_kind: Option<&str> = None;
    let titles = (0..width)
        .map(|c| {
            let upper = top.cell(c).text();
            let lower = bottom.cell(c).text();
            if let Some(text) = upper {
                current_kind = is_kind(text).then_some(text);
            }
            match (current_kind, lower) {
                (Some(kind), Some(part)) if part_of(&vocab::normalize(part)).is_some() => {
                    format!("{kind}({part})")
                }
                _ => upper.or(lower).unwrap_or("").to_string(),
            }
        })
        .collect();
    Some(titles)
}

fn layout_of(
    row_index: usize,
    first_data: usize,
    line: usize,
    titles: Vec<String>,
) -> Option<Layout> {
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (index, title) in titles.iter().enumerate() {
        if title.is_empty() {
            continue;
        }
        let column = match field_of(title) {
            Some(field) => Column::Field(field),
            None => match period::part_of(&vocab::normalize(title)) {
                Some(part) => Column::Period(part),
                None => match vocab::kind_within(title) {
                    Some((KindWord::Tracked(kind), rest)) => match part_of(&rest) {
                        Some(part) => Column::Wide(kind, part),
                        None => continue,
                    },
                    Some((KindWord::Untracked, _)) => Column::Untracked,
                    None => match amount_field_like(title) {
                        Some(field) => Column::Field(field),
                        None => continue,
                    },
                },
            },
        };
        // The first column of a field wins; a second 状态 column is left alone.
        let taken = columns.iter().any(|(_, c)| *c == column);
        if !taken || column == Column::Untracked {
            columns.push((index, column));
        }
    }
    let has_period = |part| columns.iter().any(|(_, c)| *c == Column::Period(part));
    let has_span = (has_period(PeriodPart::Start) && has_period(PeriodPart::End))
        || has_period(PeriodPart::Span);
    let has_total = has_period(PeriodPart::PersonalTotal) || has_period(PeriodPart::EmployerTotal);
    let field_taken = |columns: &[(usize, Column)], field| {
        columns.iter().any(|(_, c)| *c == Column::Field(field))
    };
    if !has_span {
        // Without spans, 个人缴费合计 is a month's total of the personal parts, read as the
        // personal amount as it was before spells were read.
        for i in 0..columns.len() {
            let field = match columns[i].1 {
                Column::Period(PeriodPart::PersonalTotal) => Field::Personal,
                Column::Period(PeriodPart::EmployerTotal) => Field::Employer,
                _ => continue,
            };
            if !field_taken(&columns, field) {
                columns[i].1 = Column::Field(field);
            }
        }
    }
    let has = |field: Field| field_taken(&columns, field);
    let has_amount = has(Field::Personal) || has(Field::Employer) || has(Field::ToAccount);
    let has_wide = columns.iter().any(|(_, c)| matches!(c, Column::Wide(..)));
    let shape = if !has(Field::Month) && has(Field::Kind) && has_span {
        if !(has_amount || has_total || has(Field::Base)) {
            return None;
        }
        Shape::Periods
    } else if !has(Field::Month) {
        return None;
    } else if has(Field::Kind) && (has_amount || has(Field::Base)) {
        Shape::Long
    } else if !has(Field::Kind) && has_wide {
        Shape::Wide
    } else if !has(Field::Kind) && has(Field::Personal) && (has(Field::Region) || has(Field::Payer))
    {
        Shape::NationalPension
    } else {
        return None;
    };
    Some(Layout {
        row_index,
        first_data,
        line: Some(line),
        shape,
        columns,
        titles,
        fixed_kind: (shape == Shape::NationalPension).then_some(InsuranceKind::Pension),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::Delimiter;
    use crate::ingest::table::from_delimited;

    fn layout(text: &str) -> Option<Layout> {
        find(&from_delimited(text, Delimiter::Comma).unwrap())
    }

    #[test]
    fn long_header_below_a_title_and_a_person_line() {
        let found = layout(
            "成都市社会保险个人缴费明细\n姓名：张三 社会保障号码：510104198803151234\n\n\
             序号,费款所属期,险种类型,缴费基数（元）,个人缴费,单位缴费,缴费状态\n",
        )
        .unwrap();
        assert_eq!((found.line, found.shape), (Some(4), Shape::Long));
        assert_eq!(found.column(Field::Month), Some(1));
        assert_eq!(found.column(Field::Kind), Some(2));
        assert_eq!(found.column(Field::Base), Some(3));
        assert_eq!(found.column(Field::Status), Some(6));
        assert_eq!(found.title(3), "缴费基数（元）");
    }

    #[test]
    fn unlisted_amount_headers_by_their_words() {
        let found = layout("年月,险种,个人缴纳部分,单位应缴金额合计,个人缴费比例\n").unwrap();
        assert_eq!(found.column(Field::Personal), Some(2));
        assert_eq!(found.column(Field::Employer), Some(3));
        assert_eq!(found.columns.len(), 4, "a rate is not an amount");
    }

    #[test]
    fn spells_make_the_period_shape_and_totals_stay_amounts_without_them() {
        let found = layout("险种,起始年月,截止年月,月数,缴费基数,个人缴费合计,单位名称\n").unwrap();
        assert_eq!(found.shape, Shape::Periods);
        assert_eq!(found.period_column(PeriodPart::PersonalTotal), Some(5));
        let span = layout("险种,起止年月,个人缴费\n").unwrap();
        assert_eq!(span.period_column(PeriodPart::Span), Some(1));
        let monthly = layout("缴费年月,险种,个人缴费合计,单位缴费合计\n").unwrap();
        assert_eq!(monthly.shape, Shape::Long);
        assert_eq!(monthly.column(Field::Personal), Some(2));
        assert_eq!(monthly.column(Field::Employer), Some(3));
    }

    #[test]
    fn wide_header() {
        let found = layout(
            "缴费年月,缴费基数,养老保险(个人),养老保险(单位),医疗保险（个人）,大额医疗(个人)\n",
        )
        .unwrap();
        assert_eq!(found.shape, Shape::Wide);
        let kinds = found.wide_kinds();
        assert_eq!(
            kinds,
            vec![
                (
                    InsuranceKind::Pension,
                    vec![(2, Part::Personal), (3, Part::Employer)]
                ),
                (InsuranceKind::Medical, vec![(4, Part::Personal)]),
            ]
        );
    }

    #[test]
    fn wide_header_over_two_rows() {
        let found = layout(
            "姓名：张三\n缴费年月,养老保险,,医疗保险,,大额医疗\n缴费年月,个人,单位,个人缴费,单位缴费,个人\n",
        )
        .unwrap();
        assert_eq!(
            (found.line, found.first_data, found.shape),
            (Some(2), 3, Shape::Wide)
        );
        assert_eq!(found.title(2), "养老保险(单位)");
        assert_eq!(
            found.wide_kinds(),
            vec![
                (
                    InsuranceKind::Pension,
                    vec![(1, Part::Personal), (2, Part::Employer)]
                ),
                (
                    InsuranceKind::Medical,
                    vec![(3, Part::Personal), (4, Part::Employer)]
                ),
            ]
        );
    }

    #[test]
    fn national_pension_detail() {
        let found = layout("费款所属期,参保地,单位名称,个人缴费额\n").unwrap();
        assert_eq!(found.shape, Shape::NationalPension);
    }

    #[test]
    fn no_header_without_a_month_column() {
        assert_eq!(layout("险种,个人缴费\n养老,100\n"), None);
        assert_eq!(layout("hello,world\n"), None);
    }
}
