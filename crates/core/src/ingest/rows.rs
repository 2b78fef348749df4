//! Rows of a table with a known header → contribution records and row errors.
//!
//! Every row below the header is accounted for: it gives records, or errors, or is skipped
//! and counted — blank rows, 合计/小计/总计 rows, repeated headers (multi-page exports), notes
//! such as `打印日期：…`, rows of schemes the app does not track, and exact repeats. Rows above
//! the header (title, person line) are skipped and counted too.

use super::header::{Field, Layout, Part, RepeatedHeader, Shape};
use super::people::{FoundPerson, PersonKey};
use super::period::{self, PeriodPart};
use super::person::{is_labelled, PersonSeen};
use super::row_error::{RowError, RowProblem};
use super::table::{self, Cell, Row, Table};
use super::vocab::{self, KindWord};
use crate::model::{
    Contribution, ContributionStatus, EmploymentCategory, InsuranceKind, Money, Payer, Profile,
    YearMonth,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// What the rows of one table gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The records, in file order; `source` is 0 until committed.
    pub records: Vec<Contribution>,
    pub errors: Vec<RowError>,
    /// Problems that do not stop the import (a period row whose 月数 disagrees with its span).
    pub warnings: Vec<RowError>,
    /// Records that stand for a month of a period row's spell, not a row of their own.
    pub derived_records: usize,
    pub skipped_rows: usize,
    pub person: PersonSeen,
    /// Read per person (see [`Mode::PerPerson`]): the people found, in file order.
    pub people: Vec<FoundPerson>,
    /// Read per person: each record's index into `people`, parallel to `records`.
    pub owners: Vec<usize>,
    /// Read per person: each data row's line and its index into `people`, so that a row
    /// problem can be shown with its person.
    pub row_people: Vec<(usize, usize)>,
}

/// Whether a table is one person's statement, or many people's (an HR department's batch
/// export, a family's records) to be split per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    OnePerson,
    /// Every data row names its person (ID number, else name); records are unique per person,
    /// kind, month and payer; a row naming nobody, or an ID number that fails its check, is a
    /// row error.
    PerPerson,
}

pub fn parse_rows(table: &Table, layout: &Layout, profile: &Profile) -> Parsed {
    parse_rows_as(table, layout, profile, Mode::OnePerson)
}

pub fn parse_rows_as(table: &Table, layout: &Layout, profile: &Profile, mode: Mode) -> Parsed {
    let mut parser = Parser::new(layout, profile, mode);
    parser.above_header(&table.rows[..layout.row_index]);
    for row in &table.rows[layout.first_data.min(table.rows.len())..] {
        parser.row(row);
    }
    parser.parsed
}

/// [`parse_rows`] for rows read one at a time, so that a large file's grid of cells is never
/// in memory whole: `head` is the first rows (at least through the header, as
/// [`header::find`](super::header::find) saw them); `next_into` writes each row after `head`
/// over the row it is given (as [`DelimitedRows::next_into`](super::table::DelimitedRows::next_into)
/// does, reusing its strings), `None` after the last. Gives what `parse_rows` gives for the
/// table `head` + the rest; stops at the first error of the rest.
pub fn parse_streamed<E>(
    head: &[Row],
    mut next_into: impl FnMut(&mut Row) -> Option<Result<(), E>>,
    layout: &Layout,
    profile: &Profile,
    mode: Mode,
) -> Result<Parsed, E> {
    let mut parser = Parser::new(layout, profile, mode);
    parser.above_header(&head[..layout.row_index.min(head.len())]);
    for row in &head[layout.first_data.min(head.len())..] {
        parser.row(row);
    }
    // Header rows not yet seen in `head` (a two-row header at its very end) are passed over.
    let mut unseen_header = layout.first_data.saturating_sub(head.len());
    let mut row = Row {
        line: 0,
        cells: Vec::new(),
    };
    while let Some(read) = next_into(&mut row) {
        read?;
        if unseen_header > 0 {
            unseen_header -= 1;
            continue;
        }
        parser.row(&row);
    }
    Ok(parser.parsed)
}

/// Values carried down from the row above when a cell is blank: what a merged cell looks
/// like once saved as CSV (the value in the first row only).
#[derive(Default)]
struct Carried {
    payer: Option<PayerId>,
    region: Option<RegionId>,
    month: Option<YearMonth>,
}

/// A payer's index into [`Parser::payers`].
type PayerId = u32;
/// A region code's index into [`Parser::region_codes`].
type RegionId = u32;

/// What makes a record unique within a file: its person (the index into [`Parsed::people`],
/// 0 reading one person's file), payer, month and kind — as small numbers, not a copy of the
/// payer's name: the map holds one per record, millions for a large file, and the smaller key
/// took 100 MB off the 2,500-person file's peak (docs/benchmarks.md, Parse at 50 MB/s).
///
/// 32 bits hold every count here: a text file is at most 1 GiB (file_size.rs), so it has fewer
/// lines, people and payers than that; a row gives at most one record per kind, each from a
/// cell of its own, and period rows at most `period::MAX_DERIVED_RECORDS` in all.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    person: u32,
    payer: PayerId,
    /// [`YearMonth::index`].
    month: u32,
    kind: InsuranceKind,
}

/// A kept record's line and its index into [`Parsed::records`] (32 bits: see [`Key`]).
type Seen = (u32, u32);

struct Parser<'a> {
    layout: &'a Layout,
    profile: &'a Profile,
    mode: Mode,
    parsed: Parsed,
    carried: Carried,
    /// Each record's key → (its line, its index in `records`).
    keys: HashMap<Key, Seen>,
    /// Per person: each person's key → its index into `parsed.people`.
    people: HashMap<PersonKey, usize>,
    /// The person of the row being read.
    person: usize,
    /// Per person: the ID number and name cells (trimmed; "" when blank or absent) of the last
    /// row whose person was found, and that person.
    last_person: Option<(String, String, usize)>,
    /// Region cells already resolved, by their text: a statement names a few places over and
    /// over, and resolving a name scans every region of the country (it was nine tenths of a
    /// large import's time: docs/benchmarks.md, Import).
    regions: HashMap<String, Result<RegionId, RowProblem>>,
    /// The codes `regions` resolved to, each once; a record copies its code from here.
    region_codes: Vec<String>,
    /// Every payer of the file, each once (the two defaults first: see [`Parser::new`]).
    payers: Vec<Payer>,
    payer_ids: HashMap<Payer, PayerId>,
    /// Payer cells already read, by their text: a file names its few payers on every row.
    payer_texts: HashMap<String, PayerId>,
    /// The amount columns of a row that gives one kind (see [`Parser::long_columns`]).
    long_columns: Vec<(usize, Part)>,
    /// A wide header's kinds, each with its columns.
    wide_kinds: Vec<(InsuranceKind, Vec<(usize, Part)>)>,
    repeated_header: RepeatedHeader,
    /// Kind, status and payment-type cells already read, by their text: a file repeats a few
    /// words on every row, and reading one normalises it and searches the vocabulary (a tenth
    /// of the parse: docs/benchmarks.md, Parse at 50 MB/s).
    kinds: Remembered<Option<KindWord>>,
    statuses: Remembered<Option<ContributionStatus>>,
    payment_types: Remembered<Option<ContributionStatus>>,
}

/// What reading a cell's text gave, remembered by the text, for the first [`Remembered::MOST`]
/// distinct texts (a file of ever-new words is read word by word, in bounded memory).
struct Remembered<T> {
    seen: HashMap<String, T>,
}

impl<T: Clone> Remembered<T> {
    const MOST: usize = 1 << 16;

    fn new() -> Remembered<T> {
        Remembered {
            seen: HashMap::new(),
        }
    }

    fn read(&mut self, text: &str, read: impl FnOnce(&str) -> T) -> T {
        if let Some(known) = self.seen.get(text) {
            return known.clone();
        }
        let value = read(text);
        if self.seen.len() < Self::MOST {
            self.seen.insert(text.to_string(), value.clone());
        }
        value
    }
}

/// The payer of a record whose file names none (see [`Parser::default_payer`]).
const SELF_PAID: PayerId = 0;
const UNNAMED_EMPLOYER: PayerId = 1;

/// A record a row gives, before [`Parser::keep`]: with its payer's id (for its key) and whether
/// its month was carried down from the row above.
struct Made {
    record: Contribution,
    payer: PayerId,
    carried_month: bool,
}

/// A month as read: from its own cell, or carried down from the row above.
enum MonthRead {
    Own(YearMonth),
    Carried(YearMonth),
}

impl<'a> Parser<'a> {
    fn new(layout: &'a Layout, profile: &'a Profile, mode: Mode) -> Parser<'a> {
        Parser {
            layout,
            profile,
            mode,
            parsed: Parsed::default(),
            carried: Carried::default(),
            keys: HashMap::new(),
            people: HashMap::new(),
            person: 0,
            last_person: None,
            regions: HashMap::new(),
            region_codes: Vec::new(),
            payers: vec![Payer::SelfPaid, Payer::Employer(String::new())],
            payer_ids: HashMap::from([
                (Payer::SelfPaid, SELF_PAID),
                (Payer::Employer(String::new()), UNNAMED_EMPLOYER),
            ]),
            payer_texts: HashMap::new(),
            long_columns: Parser::long_columns(layout),
            wide_kinds: layout.wide_kinds(),
            repeated_header: layout.repeated_header(),
            kinds: Remembered::new(),
            statuses: Remembered::new(),
            payment_types: Remembered::new(),
        }
    }

    /// Per person: whose row this is, by its ID number (which must pass its check), else its
    /// name. `None` (with the row error pushed) when it names nobody or a bad number.
    fn person_of(&mut self, row: &Row) -> Option<usize> {
        let name_col = self.layout.column(Field::PersonName);
        let id_col = self.layout.column(Field::PersonId);
        let name = name_col.and_then(|c| row.cell(c).text()).map(str::trim);
        let id_text = id_col.and_then(|c| row.cell(c).text()).map(str::trim);
        // A batch lists each person's rows together: the same cells as the row above give the
        // same person, without checking the number and looking it up again.
        if let Some((last_id, last_name, index)) = &self.last_person {
            if id_text.unwrap_or("") == last_id && name.unwrap_or("") == last_name {
                let index = *index;
                self.parsed.row_people.push((row.line, index));
                return Some(index);
            }
        }
        let (key, id) = match (id_text.filter(|t| !t.is_empty()), name) {
            (Some(text), _) => match crate::model::IdNumber::parse(text) {
                Ok(id) => (PersonKey::Id(id.as_str().to_string()), Some(id)),
                Err(_) => {
                    let col = id_col.unwrap_or(0);
                    self.parsed
                        .errors
                        .push(self.error(row, col, RowProblem::BadIdNumber));
                    return None;
                }
            },
            (None, Some(name)) if !name.is_empty() => {
                (PersonKey::Name(vocab::normalize(name).into_owned()), None)
            }
            _ => {
                let col = id_col.or(name_col).unwrap_or(0);
                self.parsed
                    .errors
                    .push(self.error(row, col, RowProblem::MissingPerson));
                return None;
            }
        };
        let index = match self.people.get(&key) {
            Some(&index) => index,
            None => {
                let index = self.parsed.people.len();
                self.people.insert(key.clone(), index);
                self.parsed.people.push(FoundPerson {
                    key,
                    name: None,
                    id,
                    first_line: row.line,
                });
                index
            }
        };
        let found = &mut self.parsed.people[index];
        if found.name.is_none() {
            found.name = name.filter(|n| !n.is_empty()).map(str::to_string);
        }
        self.parsed.row_people.push((row.line, index));
        self.last_person = Some((
            id_text.unwrap_or("").to_string(),
            name.unwrap_or("").to_string(),
            index,
        ));
        Some(index)
    }

    /// Rows above the header: a title, a person line — skipped, read for the person's name.
    fn above_header(&mut self, rows: &[Row]) {
        for row in rows {
            self.parsed.person.scan_labels(row);
            self.parsed.skipped_rows += 1;
        }
    }

    fn row(&mut self, row: &Row) {
        if row.is_blank() || is_total(row) || self.repeated_header.is_in(row) {
            self.parsed.skipped_rows += 1;
            return;
        }
        if self.is_note(row) {
            self.parsed.person.scan_labels(row);
            self.parsed.skipped_rows += 1;
            return;
        }
        if let Some(col) = self.layout.column(Field::PersonName) {
            if let Some(name) = row.cell(col).text() {
                self.parsed.person.add_name(row.line, name);
            }
        }
        if let Some(col) = self.layout.column(Field::PersonId) {
            if let Some(id) = row.cell(col).text() {
                self.parsed.person.add_id(row.line, id);
            }
        }
        if self.mode == Mode::PerPerson {
            match self.person_of(row) {
                Some(person) => self.person = person,
                None => return,
            }
        }

        let mut errors = Vec::new();
        let records = self.records_of(row, &mut errors);
        if !errors.is_empty() {
            self.parsed.errors.extend(errors);
            return;
        }
        if records.is_empty() {
            self.parsed.skipped_rows += 1;
            return;
        }
        let errors_before = self.parsed.errors.len();
        let mut kept_any = false;
        let from_period = self.layout.shape == Shape::Periods;
        for Made {
            record,
            payer,
            carried_month,
        } in records
        {
            let kept = self.keep(row, record, payer, carried_month);
            kept_any |= kept;
            self.parsed.derived_records += usize::from(kept && from_period);
        }
        if !kept_any && self.parsed.errors.len() == errors_before {
            self.parsed.skipped_rows += 1; // only repeats of records already read
        }
    }

    /// A note or label row: every non-empty cell reads `label：value`, or its only cell is
    /// words that are no month (`注：本表仅供参考`, `经办机构：…`).
    fn is_note(&self, row: &Row) -> bool {
        // Every row passes here: no list of its cells is made.
        let mut filled = row.cells.iter().filter(|c| !c.is_empty());
        if filled.clone().all(|c| c.text().is_some_and(is_labelled)) {
            return true;
        }
        match (filled.next(), filled.next()) {
            (Some(Cell::Text(text)), None) => {
                text.parse::<YearMonth>().is_err() && text.chars().any(char::is_alphabetic)
            }
            _ => false,
        }
    }

    /// The records one data row gives, each with whether its month was carried down.
    fn records_of(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Vec<Made> {
        if self.layout.shape == Shape::Periods {
            return self.period_records(row, errors);
        }
        let month = self.month(row, errors);
        let status = self.status(row, errors);
        let region = self.region(row, errors);
        let payer_cell = self.payer_cell(row);

        let mut drafts: Vec<(InsuranceKind, Amounts)> = Vec::new();
        match self.layout.shape {
            Shape::Long => {
                let amounts = self.amounts(row, &self.long_columns, errors);
                match self.kind(row, errors) {
                    Some(KindWord::Tracked(kind)) => drafts.push((kind, amounts)),
                    // A scheme we do not track (大额医疗, 长期照护): skipped, not an error.
                    Some(KindWord::Untracked) => return Vec::new(),
                    None => {}
                }
            }
            Shape::NationalPension | Shape::SingleKind => {
                let amounts = self.amounts(row, &self.long_columns, errors);
                let kind = self.layout.fixed_kind.unwrap_or(InsuranceKind::Pension);
                drafts.push((kind, amounts));
            }
            // Read by `period_records`, before this.
            Shape::Periods => return Vec::new(),
            Shape::Wide => {
                let shared_base = self
                    .layout
                    .column(Field::Base)
                    .map(|col| self.amount(row, col, errors));
                for (kind, parts) in &self.wide_kinds {
                    let kind = *kind;
                    let mut amounts = self.amounts(row, parts, errors);
                    if amounts.is_blank() {
                        continue; // not paid that month: no record, not an error
                    }
                    if amounts.base.is_none() {
                        amounts.base = shared_base.flatten();
                    }
                    drafts.push((kind, amounts));
                }
            }
        }
        let (Some(month), Some(status)) = (month, status) else {
            return Vec::new();
        };
        if !errors.is_empty() {
            return Vec::new();
        }
        drafts
            .into_iter()
            .map(|(kind, amounts)| {
                let employer = amounts.employer.unwrap_or(Money::ZERO);
                let payer = payer_cell.unwrap_or_else(|| self.default_payer(employer));
                let (month, carried) = match month {
                    MonthRead::Own(m) => (m, false),
                    MonthRead::Carried(m) => (m, true),
                };
                let record = Contribution {
                    profile: self.profile.id,
                    kind,
                    month,
                    region: self.region_code(region),
                    payer: self.payer(payer),
                    base: amounts.base,
                    personal: amounts.personal.unwrap_or(Money::ZERO),
                    employer,
                    credited: amounts.to_account,
                    status,
                    source: 0,
                    period_line: None,
                };
                Made {
                    record,
                    payer,
                    carried_month: carried,
                }
            })
            .collect()
    }

    /// Adds a record unless it repeats one already read. Returns whether it was kept.
    ///
    /// A repeat with equal values is dropped; an owed month later shown paid (a back payment
    /// listed beside the original arrears) keeps the paid one; any other difference is an error
    /// naming both lines. A carried-down month that lands on a taken key is reported as a
    /// missing month instead: the blank was a mistake, not a merged cell.
    fn keep(
        &mut self,
        row: &Row,
        record: Contribution,
        payer: PayerId,
        carried_month: bool,
    ) -> bool {
        let key = Key {
            person: self.person as u32,
            payer,
            month: record.month.index() as u32,
            kind: record.kind,
        };
        let Some(&(line, index)) = self.keys.get(&key) else {
            let seen = (row.line as u32, self.parsed.records.len() as u32);
            self.keys.insert(key, seen);
            self.parsed.records.push(record);
            if self.mode == Mode::PerPerson {
                self.parsed.owners.push(self.person);
            }
            return true;
        };
        let month_col = self.layout.column(Field::Month).unwrap_or(0);
        if carried_month {
            self.parsed
                .errors
                .push(self.error(row, month_col, RowProblem::MissingMonth));
            return false;
        }
        let existing = &mut self.parsed.records[index as usize];
        // The same month from two period rows that overlap is a repeat when the values agree:
        // which row it came from is not a value.
        let same_values = Contribution {
            period_line: existing.period_line,
            ..record.clone()
        } == *existing;
        if same_values {
            return false;
        }
        let owed = ContributionStatus::Owed;
        if existing.status == owed && record.status != owed {
            *existing = record;
            self.keys.insert(key, (row.line as u32, index));
            return true;
        }
        if record.status == owed && existing.status != owed {
            return false;
        }
        self.parsed.errors.push(self.error(
            row,
            month_col,
            RowProblem::Conflicts {
                line: line as usize,
            },
        ));
        false
    }

    /// A period row: one record per month of its spell, the same amounts each month (a
    /// spell's total spread in whole fen, the remainder on the last month). A 月数 that
    /// disagrees with the span, and a total that does not divide, are warnings on the row.
    fn period_records(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Vec<Made> {
        let span = self.span(row, errors);
        let status = self.status(row, errors);
        let region = self.region(row, errors);
        let payer_cell = self.payer_cell(row);
        let amounts = self.amounts(row, &self.long_columns, errors);
        let mut total = |part| {
            let col = self.layout.period_column(part)?;
            Some((col, self.amount(row, col, errors)))
        };
        let personal_total = total(PeriodPart::PersonalTotal);
        let employer_total = total(PeriodPart::EmployerTotal);
        let kind = match self.kind(row, errors) {
            Some(KindWord::Tracked(kind)) => Some(kind),
            Some(KindWord::Untracked) => return Vec::new(),
            None => None,
        };
        let (Some((start, end)), Some(status), Some(kind)) = (span, status, kind) else {
            return Vec::new();
        };
        if !errors.is_empty() {
            return Vec::new();
        }
        // Bounded before the months are made: a row may lie about its span, and a file of
        // such rows would otherwise ask for memory far beyond its own size.
        let span = start.months_until(end) + 1;
        let room = period::MAX_DERIVED_RECORDS.saturating_sub(self.parsed.derived_records) as i64;
        let limit = period::MAX_SPELL_MONTHS.min(room);
        if span > limit {
            let col = (self.layout.period_column(PeriodPart::Span))
                .or(self.layout.period_column(PeriodPart::Start))
                .unwrap_or(0);
            errors.push(self.error(
                row,
                col,
                RowProblem::PeriodTooLong {
                    months: span,
                    limit,
                },
            ));
            return Vec::new();
        }
        let months = period::months(start, end);
        let n = months.len();
        if let Some(col) = self.layout.period_column(PeriodPart::Months) {
            if let Some(text) = row.cell(col).text() {
                let stated = text.trim().trim_end_matches("个月").trim_end_matches('月');
                if stated.trim().parse::<i64>().ok() != Some(n as i64) {
                    let problem = RowProblem::PeriodMonthsDisagree {
                        stated: text.trim().to_string(),
                        span: n as i64,
                    };
                    self.parsed.warnings.push(self.error(row, col, problem));
                }
            }
        }
        let mut per_month = |monthly: Option<Money>, total: Option<(usize, Option<Money>)>| match (
            monthly, total,
        ) {
            (Some(each), _) => vec![each; n],
            (None, Some((col, Some(total)))) => {
                let (amounts, even) = period::spread(total, n);
                if !even {
                    let problem = RowProblem::TotalNotDivisible { months: n as i64 };
                    self.parsed.warnings.push(self.error(row, col, problem));
                }
                amounts
            }
            _ => vec![Money::ZERO; n],
        };
        let personal = per_month(amounts.personal, personal_total);
        let employer = per_month(amounts.employer, employer_total);
        months
            .into_iter()
            .enumerate()
            .map(|(i, month)| {
                let payer = payer_cell.unwrap_or_else(|| self.default_payer(employer[i]));
                let record = Contribution {
                    profile: self.profile.id,
                    kind,
                    month,
                    region: self.region_code(region),
                    payer: self.payer(payer),
                    base: amounts.base,
                    personal: personal[i],
                    employer: employer[i],
                    credited: amounts.to_account,
                    status,
                    source: 0,
                    period_line: u32::try_from(row.line).ok(),
                };
                Made {
                    record,
                    payer,
                    carried_month: false,
                }
            })
            .collect()
    }

    /// A period row's span: one 起止年月 cell, or 起始年月 and 截止年月 cells.
    fn span(&self, row: &Row, errors: &mut Vec<RowError>) -> Option<(YearMonth, YearMonth)> {
        let (read, col) = match self.layout.period_column(PeriodPart::Span) {
            Some(col) => (row.cell(col).text().and_then(period::read_span), col),
            None => {
                let start = self.layout.period_column(PeriodPart::Start)?;
                let end = self.layout.period_column(PeriodPart::End)?;
                let read = period::read_ends(row.cell(start), row.cell(end));
                // The end column is named when only it is wrong, so the user looks there.
                let col = match read_month(row.cell(start)) {
                    Some(_) => end,
                    None => start,
                };
                (read, col)
            }
        };
        if read.is_none() {
            errors.push(self.error(row, col, RowProblem::BadPeriod));
        }
        read
    }

    fn error(&self, row: &Row, column: usize, problem: RowProblem) -> RowError {
        RowError {
            line: row.line,
            column: self.layout.title(column).to_string(),
            value: row.cell(column).display(),
            problem,
        }
    }

    fn month(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Option<MonthRead> {
        let col = self.layout.column(Field::Month)?;
        let cell = row.cell(col);
        let parsed = match cell {
            Cell::Empty => {
                // Only the long format lists several rows per month (one per kind), so only
                // there does a blank month under a month mean a merged cell.
                if let (Shape::Long, Some(month)) = (self.layout.shape, self.carried.month) {
                    return Some(MonthRead::Carried(month));
                }
                errors.push(self.error(row, col, RowProblem::MissingMonth));
                return None;
            }
            cell => read_month(cell),
        };
        match parsed {
            Some(month) => {
                self.carried.month = Some(month);
                Some(MonthRead::Own(month))
            }
            None => {
                errors.push(self.error(row, col, RowProblem::BadMonth));
                None
            }
        }
    }

    fn kind(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Option<KindWord> {
        let col = self.layout.column(Field::Kind)?;
        let problem = match row.cell(col).text() {
            None => RowProblem::MissingKind,
            Some(text) => match self.kinds.read(text, vocab::kind) {
                Some(word) => return Some(word),
                None => RowProblem::UnknownKind,
            },
        };
        errors.push(self.error(row, col, problem));
        None
    }

    /// Paid unless the status column says otherwise; 补缴 or 转入 in the type column
    /// override a paid status (an owed back payment stays owed).
    fn status(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Option<ContributionStatus> {
        let mut status = ContributionStatus::Paid;
        if let Some(col) = self.layout.column(Field::Status) {
            if let Some(text) = row.cell(col).text() {
                match self.statuses.read(text, vocab::status) {
                    Some(read) => status = read,
                    None => {
                        errors.push(self.error(row, col, RowProblem::UnknownStatus));
                        return None;
                    }
                }
            }
        }
        if let Some(col) = self.layout.column(Field::Type) {
            let by_type = (row.cell(col).text())
                .and_then(|text| self.payment_types.read(text, vocab::payment_type));
            if let (Some(by_type), false) = (by_type, status == ContributionStatus::Owed) {
                status = by_type;
            }
        }
        Some(status)
    }

    /// The payer cell, or the one carried down from above when blank.
    fn payer_cell(&mut self, row: &Row) -> Option<PayerId> {
        let col = self.layout.column(Field::Payer)?;
        let Some(text) = row.cell(col).text() else {
            return self.carried.payer;
        };
        let id = match self.payer_texts.get(text) {
            Some(&id) => id,
            None => {
                let payer = vocab::payer(text);
                let id = match self.payer_ids.get(&payer) {
                    Some(&id) => id,
                    None => {
                        let id = self.payers.len() as PayerId;
                        self.payer_ids.insert(payer.clone(), id);
                        self.payers.push(payer);
                        id
                    }
                };
                if self.payer_texts.len() < Remembered::<PayerId>::MOST {
                    self.payer_texts.insert(text.to_string(), id);
                }
                id
            }
        };
        self.carried.payer = Some(id);
        Some(id)
    }

    /// Without a payer in the file: a flexible-employment profile paying no employer part
    /// paid it themselves; otherwise an employer the file does not name.
    fn default_payer(&self, employer: Money) -> PayerId {
        if self.profile.employment == EmploymentCategory::Flexible && employer == Money::ZERO {
            SELF_PAID
        } else {
            UNNAMED_EMPLOYER
        }
    }

    fn payer(&self, id: PayerId) -> Payer {
        self.payers[id as usize].clone()
    }

    fn region_code(&self, id: Option<RegionId>) -> Option<String> {
        id.map(|id| self.region_codes[id as usize].clone())
    }

    /// The region's code, from a cell holding a GB/T 2260 code or a name (成都市, 杭州市本级);
    /// a blank cell carries the one above down. A cell that names no region, or several with
    /// none near the profile's, is a row error, never a silent blank.
    fn region(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Option<RegionId> {
        let col = self.layout.column(Field::Region)?;
        let Some(text) = row.cell(col).text() else {
            return self.carried.region;
        };
        // Quoted by our CSV export if it starts like a formula (export::formula).
        let text = crate::export::formula::restore(text.trim());
        // A statement names a handful of places thousands of times; resolving a name searches
        // the whole region table, so each is resolved once per file.
        let resolved = match self.regions.get(text) {
            Some(known) => known.clone(),
            None => {
                let resolved = match crate::regions::code_near(text, self.profile.region.as_deref())
                {
                    Ok(code) => {
                        self.region_codes.push(code);
                        Ok((self.region_codes.len() - 1) as RegionId)
                    }
                    Err(crate::Error::AmbiguousRegion { candidates, .. }) => {
                        Err(RowProblem::AmbiguousRegion { candidates })
                    }
                    Err(_) => Err(RowProblem::UnknownRegion),
                };
                self.regions.insert(text.to_string(), resolved.clone());
                resolved
            }
        };
        match resolved {
            Ok(code) => {
                self.carried.region = Some(code);
                Some(code)
            }
            Err(problem) => {
                errors.push(self.error(row, col, problem));
                None
            }
        }
    }

    fn long_columns(layout: &Layout) -> Vec<(usize, Part)> {
        [
            (Field::Base, Part::Base),
            (Field::Personal, Part::Personal),
            (Field::Employer, Part::Employer),
            (Field::ToAccount, Part::ToAccount),
        ]
        .into_iter()
        .filter_map(|(field, part)| layout.column(field).map(|col| (col, part)))
        .collect()
    }

    fn amounts(&self, row: &Row, columns: &[(usize, Part)], errors: &mut Vec<RowError>) -> Amounts {
        let mut amounts = Amounts::default();
        for &(col, part) in columns {
            let value = self.amount(row, col, errors);
            let slot = match part {
                Part::Base => &mut amounts.base,
                Part::Personal => &mut amounts.personal,
                Part::Employer => &mut amounts.employer,
                Part::ToAccount => &mut amounts.to_account,
            };
            *slot = value;
        }
        amounts
    }

    /// An amount cell: blank, `-`, `--`, `—`, `/` and `无` mean none.
    fn amount(&self, row: &Row, col: usize, errors: &mut Vec<RowError>) -> Option<Money> {
        let cell = row.cell(col);
        // Borrowed, not copied: every amount cell of every row passes here.
        let text: Cow<str> = match cell {
            Cell::Empty => return None,
            Cell::Text(text) => Cow::Borrowed(text),
            // What Excel shows with a 0.00 format: see `table::round_to_fen`.
            Cell::Number(text) => table::round_to_fen(text).map_or(Cow::Borrowed(text), Cow::Owned),
            Cell::Date(_) => {
                errors.push(self.error(row, col, RowProblem::BadAmount));
                return None;
            }
        };
        if matches!(&*text, "-" | "--" | "—" | "/" | "无") {
            return None;
        }
        match text.parse() {
            Ok(money) => Some(money),
            Err(_) => {
                errors.push(self.error(row, col, RowProblem::BadAmount));
                None
            }
        }
    }
}

#[derive(Debug, Default)]
struct Amounts {
    base: Option<Money>,
    personal: Option<Money>,
    employer: Option<Money>,
    to_account: Option<Money>,
}

impl Amounts {
    fn is_blank(&self) -> bool {
        self.base.is_none()
            && self.personal.is_none()
            && self.employer.is_none()
            && self.to_account.is_none()
    }
}

/// A month cell: any spelling `YearMonth` reads, an Excel date cell, or a date with a time
/// (`2024-01-01 00:00:00`, as a database export writes it).
pub fn read_month(cell: &Cell) -> Option<YearMonth> {
    match cell {
        Cell::Empty => None,
        Cell::Date(serial) => YearMonth::from_excel_serial(*serial),
        Cell::Text(text) | Cell::Number(text) => text.parse().ok().or_else(|| {
            let date = text.split_whitespace().next()?;
            (date != text.trim()).then(|| date.parse().ok()).flatten()
        }),
    }
}

/// A 合计 / 小计 / 总计 row (also 本页合计, 累计合计 …).
fn is_total(row: &Row) -> bool {
    row.cells.iter().filter_map(Cell::text).any(|text| {
        // Every word ends in 计, which normalising never adds: most cells stop here.
        if !text.contains('计') {
            return false;
        }
        let key = vocab::normalize(text);
        ["合计", "小计", "总计"].iter().any(|w| key.contains(w)) && key.chars().count() <= 12
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::Delimiter;
    use crate::ingest::header;
    use crate::ingest::table::from_delimited;

    fn profile(employment: EmploymentCategory) -> Profile {
        Profile {
            id: 7,
            name: "张三".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: None,
            employment,
            original_age: None,
            payment_deadline_day: None,
        }
    }

    fn parse(text: &str) -> Parsed {
        let table = from_delimited(text, Delimiter::Comma).unwrap();
        let layout = header::find(&table).expect("a header");
        parse_rows(&table, &layout, &profile(EmploymentCategory::Employee))
    }

    /// Row by row gives what the whole table gives, wherever the head ends after the header:
    /// titles, a person line, blank lines, a two-row wide header, carried cells, a total row,
    /// a duplicate and an error all included.
    #[test]
    fn streamed_rows_parse_as_the_whole_table_does() {
        let texts = [
            "某市社保缴费明细\n姓名：张三\n\n\
             费款所属期,险种,缴费基数,个人缴费,单位缴费,缴费状态,单位名称\n\
             2024-01,养老,5000,400,800,已实缴,甲公司\n\
             ,医疗,5000,100,400,已实缴,\n\n\
             2024-02,养老,5000,400,800,欠费,甲公司\n\
             2024-02,养老,5000,400,800,欠费,甲公司\n\
             2024-03,养老,abc,400,800,已实缴,甲公司\n\
             合计,,,1300,2800,,\n",
            "缴费明细\n\
             年月,养老保险,,医疗保险,\n\
             ,个人,单位,个人,单位\n\
             202401,400,800,100,400\n\
             202402,400,800,,\n",
        ];
        let p = profile(EmploymentCategory::Employee);
        for text in texts {
            let table = from_delimited(text, Delimiter::Comma).unwrap();
            let layout = header::find(&table).expect("a header");
            let whole = parse_rows(&table, &layout, &p);
            assert!(!whole.records.is_empty());
            for head_len in layout.row_index + 1..=table.rows.len() {
                let (head, rest) = table.rows.split_at(head_len);
                let mut rest = rest.iter();
                let streamed = parse_streamed(
                    head,
                    |row: &mut Row| {
                        *row = rest.next()?.clone();
                        Some(Ok::<(), String>(()))
                    },
                    &layout,
                    &p,
                    Mode::OnePerson,
                )
                .unwrap();
                assert_eq!(streamed, whole, "head of {head_len} rows");
            }
        }
        // A read error in the rest stops the parse with that error.
        let table = from_delimited(texts[0], Delimiter::Comma).unwrap();
        let layout = header::find(&table).unwrap();
        let mut failing = std::iter::once(Err("bad quote at line 9".to_string()));
        let next_into = |_: &mut Row| failing.next();
        assert_eq!(
            parse_streamed(&table.rows[..5], next_into, &layout, &p, Mode::OnePerson).unwrap_err(),
            "bad quote at line 9"
        );
    }

    #[test]
    fn long_rows_with_title_notes_totals_and_carried_cells() {
        let parsed = parse(
            "某市社保缴费明细\n姓名：张三\n\
             费款所属期,险种,缴费基数,个人缴费,单位缴费,缴费状态,单位名称\n\
             2024-01,养老,\"8,000.00\",640.00,1280.00,已实缴,甲公司\n\
             ,医疗,8000,160,640,已实缴,\n\
             \n\
             2024-02,养老,8000,640,1280,欠费,\n\
             2024-02,养老,8000,640,1280,补缴,\n\
             2024-02,大额医疗,8000,5,0,已实缴,\n\
             费款所属期,险种,缴费基数,个人缴费,单位缴费,缴费状态,单位名称\n\
             合计,,,1445,3200,,\n\
             打印日期：2024-05-01\n",
        );
        assert_eq!(parsed.errors, vec![]);
        let got: Vec<(String, InsuranceKind, i64, ContributionStatus, Payer)> = parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.month.to_string(),
                    r.kind,
                    r.personal.fen(),
                    r.status,
                    r.payer.clone(),
                )
            })
            .collect();
        let a = Payer::Employer("甲公司".into());
        assert_eq!(
            got,
            vec![
                (
                    "2024-01".into(),
                    InsuranceKind::Pension,
                    64_000,
                    ContributionStatus::Paid,
                    a.clone()
                ),
                (
                    "2024-01".into(),
                    InsuranceKind::Medical,
                    16_000,
                    ContributionStatus::Paid,
                    a.clone()
                ),
                (
                    "2024-02".into(),
                    InsuranceKind::Pension,
                    64_000,
                    ContributionStatus::BackPaid,
                    a
                ),
            ]
        );
        assert_eq!(parsed.records[0].base, Some(Money::from_yuan(8000)));
        // title, person line, blank, untracked kind, repeated header, total, note
        assert_eq!(parsed.skipped_rows, 7);
        assert_eq!(parsed.person.names, vec![(2, "张三".into())]);
    }

    #[test]
    fn errors_name_line_column_and_value() {
        let parsed = parse(
            "缴费年月,险种类型,个人缴费金额\n2024-13,养老,100\n2024-01,意外险,100\n2024-02,医疗,12.345\n\
             2024-03,养老,1\n,养老,2\n",
        );
        let got: Vec<(usize, &str, &str, &str)> = parsed
            .errors
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.column.as_str(),
                    e.value.as_str(),
                    e.problem.code(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "缴费年月", "2024-13", "bad_month"),
                (3, "险种类型", "意外险", "unknown_kind"),
                (4, "个人缴费金额", "12.345", "bad_amount"),
                (6, "缴费年月", "", "missing_month"),
            ]
        );
    }

    #[test]
    fn wide_rows_make_one_record_per_kind_paid() {
        let parsed = parse(
            "缴费年月,缴费基数,养老保险(个人),养老保险(单位),医疗保险(个人),医疗保险(单位)\n\
             202401,5000,400,800,100,400\n\
             202402,5000,400,800,,\n",
        );
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.records.len(), 3);
        let medical = &parsed.records[1];
        assert_eq!(
            (medical.kind, medical.employer, medical.base),
            (
                InsuranceKind::Medical,
                Money::from_yuan(400),
                Some(Money::from_yuan(5000))
            )
        );
    }

    #[test]
    fn months_with_a_time_of_day_and_two_row_wide_headers() {
        let parsed = parse(
            "所属期,养老保险,\n,个人,单位\n2024-01-01 00:00:00,400,800\n2024-02-01 00:00:00,400,800\n",
        );
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.records[1].month.to_string(), "2024-02");
        assert_eq!(parsed.records[1].employer, Money::from_yuan(800));
        assert_eq!(parsed.skipped_rows, 0, "both header rows are the header");
    }

    #[test]
    fn conflicting_duplicates_are_errors() {
        let parsed =
            parse("年月,险种,个人缴费\n2024-01,养老,100\n2024-01,养老,100\n2024-01,养老,200\n");
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].problem, RowProblem::Conflicts { line: 2 });
        assert_eq!(parsed.skipped_rows, 1, "the exact repeat");
    }

    /// Each region text is resolved once and remembered: a text seen again gives the same
    /// code, or the same error on its own line.
    #[test]
    fn a_region_named_again_gives_the_same_code_or_the_same_error() {
        let text = "费款所属期,参保地,个人缴费额\n\
                    202301,杭州市本级,100\n\
                    202302,火星,100\n\
                    202303,火星,100\n\
                    202304,杭州市本级,100\n";
        let table = from_delimited(text, Delimiter::Comma).unwrap();
        let layout = header::find(&table).unwrap();
        let parsed = parse_rows(&table, &layout, &profile(EmploymentCategory::Flexible));
        let regions: Vec<Option<&str>> =
            parsed.records.iter().map(|r| r.region.as_deref()).collect();
        assert_eq!(regions, [Some("330100"), Some("330100")]);
        let lines: Vec<(usize, &RowProblem)> =
            parsed.errors.iter().map(|e| (e.line, &e.problem)).collect();
        assert_eq!(
            lines,
            [
                (3, &RowProblem::UnknownRegion),
                (4, &RowProblem::UnknownRegion)
            ]
        );
    }

    #[test]
    fn a_region_cell_becomes_its_code_and_an_unknown_one_is_a_row_error() {
        let text = "费款所属期,参保地,个人缴费额\n\
                    202301,杭州市本级,100\n\
                    202302,,100\n\
                    202303,火星,100\n\
                    202304,西湖区,100\n\
                    202305,330106,100\n";
        let table = from_delimited(text, Delimiter::Comma).unwrap();
        let layout = header::find(&table).unwrap();
        let parsed = parse_rows(&table, &layout, &profile(EmploymentCategory::Flexible));
        let regions: Vec<(String, Option<&str>)> = parsed
            .records
            .iter()
            .map(|r| (r.month.to_string(), r.region.as_deref()))
            .collect();
        assert_eq!(
            regions,
            [
                ("2023-01".to_string(), Some("330100")),
                ("2023-02".to_string(), Some("330100")), // carried down
                ("2023-05".to_string(), Some("330106")),
            ]
        );
        let problems: Vec<(usize, &str, &RowProblem)> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.value.as_str(), &e.problem))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0], (4, "火星", &RowProblem::UnknownRegion));
        assert_eq!(
            problems[1],
            (
                5,
                "西湖区",
                &RowProblem::AmbiguousRegion {
                    candidates: vec![
                        "浙江省杭州市西湖区 330106".into(),
                        "江西省南昌市西湖区 360103".into()
                    ]
                }
            )
        );
        // Near the profile's region, 西湖区 is 杭州's.
        let hangzhou = Profile {
            region: Some("330100".into()),
            ..profile(EmploymentCategory::Flexible)
        };
        let parsed = parse_rows(&table, &layout, &hangzhou);
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed
            .records
            .iter()
            .any(|r| r.month.to_string() == "2023-04" && r.region.as_deref() == Some("330106")));
    }

    #[test]
    fn national_pension_detail_is_pension() {
        let table = from_delimited(
            "费款所属期,参保地,单位名称,个人缴费额\n202301,成都市,灵活就业人员,\"1,000.80\"\n",
            Delimiter::Comma,
        )
        .unwrap();
        let layout = header::find(&table).unwrap();
        let parsed = parse_rows(&table, &layout, &profile(EmploymentCategory::Flexible));
        let r = &parsed.records[0];
        assert_eq!(
            (
                r.kind,
                r.personal.fen(),
                r.payer.clone(),
                r.region.as_deref()
            ),
            (
                InsuranceKind::Pension,
                100_080,
                Payer::SelfPaid,
                Some("510100") // 成都市 in the file, stored as its code
            )
        );
    }

    /// Spells expand to their months; hand-computed: ¥10,000.00 over 2015-01…2017-12 (36
    /// months) is 35 × ¥277.77 and ¥278.05 last; ¥1,200.00 over 2016 is ¥100.00 a month.
    #[test]
    fn period_rows_expand_to_months_with_warnings_on_their_row() {
        let parsed = parse(
            "险种,起始年月,截止年月,月数,缴费基数,个人缴费合计,单位名称\n\
             养老,2015.01,2017.12,36,5000,10000,甲公司\n\
             医疗,2016.01,2016.12,11,5000,\"1,200.00\",甲公司\n\
             失业,2017.12,2016.01,1,5000,10,甲公司\n",
        );
        let pension: Vec<&Contribution> = parsed
            .records
            .iter()
            .filter(|r| r.kind == InsuranceKind::Pension)
            .collect();
        assert_eq!(pension.len(), 36);
        assert_eq!(pension[0].month.to_string(), "2015-01");
        assert_eq!(pension[35].month.to_string(), "2017-12");
        assert!(pension[..35].iter().all(|r| r.personal.fen() == 27_777));
        assert_eq!(pension[35].personal.fen(), 27_805);
        assert_eq!(pension[0].base, Some(Money::from_yuan(5000)));
        assert_eq!(pension[0].payer, Payer::Employer("甲公司".into()));
        let medical: Vec<i64> = parsed
            .records
            .iter()
            .filter(|r| r.kind == InsuranceKind::Medical)
            .map(|r| r.personal.fen())
            .collect();
        assert_eq!(medical, vec![10_000; 12]);
        assert_eq!(parsed.derived_records, 48);
        // Each month names the line of its spell (the header is line 1).
        assert!(pension.iter().all(|r| r.period_line == Some(2)));
        assert!(parsed
            .records
            .iter()
            .filter(|r| r.kind == InsuranceKind::Medical)
            .all(|r| r.period_line == Some(3)));
        let warnings: Vec<(usize, &str, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.line, w.column.as_str(), w.problem.code()))
            .collect();
        assert_eq!(
            warnings,
            vec![
                (2, "个人缴费合计", "total_not_divisible"),
                (3, "月数", "period_months_disagree"),
            ]
        );
        let errors: Vec<(usize, &str)> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.problem.code()))
            .collect();
        assert_eq!(errors, vec![(4, "bad_period")], "the start after the end");
    }

    /// Two spells that overlap give the shared months twice: with the same amounts that is a
    /// repeat (kept once, from the first row), with other amounts a conflict naming the first.
    #[test]
    fn overlapping_spells_repeat_or_conflict_like_rows() {
        let parsed = parse(
            "险种,起止年月,个人缴费,单位名称\n\
             养老,2020.01-2020.06,400.00,甲公司\n\
             养老,2020.04-2020.09,400.00,甲公司\n\
             养老,2020.06-2020.07,500.00,甲公司\n",
        );
        let months: Vec<(String, Option<u32>)> = parsed
            .records
            .iter()
            .map(|r| (r.month.to_string(), r.period_line))
            .collect();
        let expected: Vec<(String, Option<u32>)> = (1..=9)
            .map(|m| (format!("2020-{m:02}"), Some(if m <= 6 { 2 } else { 3 })))
            .collect();
        assert_eq!(months, expected);
        let errors: Vec<(usize, &str)> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.problem.code()))
            .collect();
        assert_eq!(
            errors,
            vec![(4, "conflicting_duplicate"), (4, "conflicting_duplicate")],
            "2020-06 and 2020-07 were already 400.00"
        );
    }

    /// A row may lie about its span: 1900–2200 would be 3,612 months from 30 bytes, and a file
    /// of such rows a bomb. It is refused before its months are made, naming the span.
    #[test]
    fn a_span_longer_than_a_working_life_is_refused_before_it_is_expanded() {
        let parsed = parse(
            "险种,起止年月,个人缴费\n养老,1900.01-2200.12,400.00\n养老,1990.01-2049.12,400.00\n",
        );
        assert_eq!(
            parsed.records.len(),
            720,
            "60 years is still a working life"
        );
        let errors: Vec<(usize, &str, &str)> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.problem.code()))
            .collect();
        assert_eq!(errors, vec![(2, "起止年月", "period_too_long")]);
        assert_eq!(
            parsed.errors[0].problem,
            RowProblem::PeriodTooLong {
                months: 3_612,
                limit: 720
            }
        );
    }

    #[test]
    fn a_span_in_one_cell_with_a_monthly_amount() {
        let parsed = parse(
            "险种,起止年月,个人缴费,单位缴费\n养老,2015年11月—2016年1月,400.00,800.00\n\
             医疗,2016-01至2016-02,100,\n",
        );
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.warnings, vec![]);
        let got: Vec<(String, i64, i64)> = parsed
            .records
            .iter()
            .map(|r| (r.month.to_string(), r.personal.fen(), r.employer.fen()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2015-11".into(), 40_000, 80_000),
                ("2015-12".into(), 40_000, 80_000),
                ("2016-01".into(), 40_000, 80_000),
                ("2016-01".into(), 10_000, 0),
                ("2016-02".into(), 10_000, 0),
            ]
        );
    }
}
