//! Whose statement is this? A file may name its person in a title line
//! (`姓名：张三 社会保障号码：510104…`), in label cells (`姓名：` | `张三`), or in columns. If
//! that differs from the profile, the import is refused unless forced: a parent's statement
//! must not land in a child's profile. ID numbers are compared exactly (portals that mask
//! the middle digits are compared on the digits they show) and only ever shown masked.

use super::table::Row;
use super::vocab;
use crate::model::{IdNumber, Profile};
use crate::Lang;
use serde::Serialize;

const NAME_LABELS: &[&str] = &["姓名", "参保人姓名", "参保人"];
const ID_LABELS: &[&str] = &[
    "社会保障号码",
    "社会保障号",
    "公民身份号码",
    "身份证号码",
    "身份证号",
    "证件号码",
];

/// Names and ID numbers a file states, with the line each was seen on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonSeen {
    pub names: Vec<(usize, String)>,
    pub ids: Vec<(usize, String)>,
}

/// How many distinct names (and ID numbers) are kept: enough to tell one person's file from
/// another's or from several people's, and a bound on the work — a batch file of 10,000 people
/// would otherwise be compared name by name on every row.
const MAX_SEEN: usize = 16;

impl PersonSeen {
    pub fn add_name(&mut self, line: usize, name: &str) {
        let name = name.trim();
        if self.names.len() < MAX_SEEN
            && !name.is_empty()
            && !self.names.iter().any(|(_, n)| n == name)
        {
            self.names.push((line, name.to_string()));
        }
    }

    pub fn add_id(&mut self, line: usize, id: &str) {
        if self.ids.len() >= MAX_SEEN {
            return;
        }
        let id = normalize_id(id);
        if !id.is_empty() && !self.ids.iter().any(|(_, i)| *i == id) {
            self.ids.push((line, id));
        }
    }

    /// Reads `label：value` pairs from a row of label cells: both in one cell (several pairs
    /// may share a cell, separated by spaces) and a label cell followed by its value cell.
    pub fn scan_labels(&mut self, row: &Row) {
        let texts: Vec<&str> = row.cells.iter().filter_map(|c| c.text()).collect();
        for (i, text) in texts.iter().enumerate() {
            for (labels, is_name) in [(NAME_LABELS, true), (ID_LABELS, false)] {
                for value in values_after_labels(text, labels) {
                    let value = if value.is_empty() {
                        // `姓名：` alone: the value is in the next cell.
                        match texts.get(i + 1) {
                            Some(next) if !is_labelled(next) => next.trim().to_string(),
                            _ => continue,
                        }
                    } else {
                        value
                    };
                    if is_name {
                        self.add_name(row.line, &value);
                    } else {
                        self.add_id(row.line, &value);
                    }
                }
            }
        }
    }
}

/// Whether a cell reads `label：…` (a CJK or Latin label, then a colon): a note or person
/// line such as `打印日期：2024-05-01`, never a data cell.
pub fn is_labelled(text: &str) -> bool {
    let text = text.trim();
    match text.find([':', '：']) {
        Some(at) => {
            let label = &text[..at];
            !label.trim().is_empty() && label.chars().any(|c| c.is_alphabetic())
        }
        None => NAME_LABELS.contains(&text) || ID_LABELS.contains(&text),
    }
}

/// For each label found in `text`, the value after it (up to the next space), or "" when the
/// label ends the cell.
fn values_after_labels(text: &str, labels: &[&str]) -> Vec<String> {
    // A shorter label inside a longer one (身份证号 in 身份证号码：) is not followed by a
    // colon, so each pair is read once; a label inside other words is skipped the same way.
    let mut values = Vec::new();
    for label in labels {
        let mut from = 0;
        while let Some(found) = text[from..].find(label) {
            let start = from + found;
            let end = start + label.len();
            from = end;
            // 经办人姓名：李四 names the clerk, not the person: a label starts the cell or
            // follows a space or separator.
            let starts_clean = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；' | '|'));
            if !starts_clean {
                continue;
            }
            let after = text[end..].trim_start();
            let Some(value) = after
                .strip_prefix(':')
                .or_else(|| after.strip_prefix('：'))
                .or_else(|| (text.trim() == *label).then_some(""))
            else {
                continue;
            };
            values.push(
                value
                    .trim_start()
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | ';' | '；'))
                    .collect(),
            );
        }
    }
    values
}

/// Upper-case X, ASCII digits, no spaces: the form ID numbers are compared in.
fn normalize_id(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'x' | 'ｘ' | 'Ｘ' => 'X',
            '＊' => '*',
            other => other,
        })
        .collect()
}

/// What differs between the file's person and the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMismatch {
    pub line: usize,
    /// `name` or `id_number`.
    pub field: &'static str,
    /// The file's value: a name as written; an ID number masked.
    pub found: String,
    /// The profile's value, the same way.
    pub expected: String,
    /// The file names more than one person (a batch or family file): the way out is a
    /// per-person import, not forcing. Not in the JSON shape.
    #[serde(skip)]
    pub several_people: bool,
}

impl PersonMismatch {
    pub fn message(&self, lang: Lang) -> String {
        // Line 0: the file as a whole (the JSON format's profile object).
        let place = match (lang, self.line) {
            (Lang::Zh, 0) => "文件".to_string(),
            (Lang::Zh, line) => format!("第 {line} 行"),
            (Lang::En, 0) => "the file".to_string(),
            (Lang::En, line) => format!("line {line}"),
        };
        match (lang, self.field) {
            (Lang::Zh, "name") => format!(
                "{place}写的是 {} 的记录，与成员 {} 不符",
                self.found, self.expected
            ),
            (Lang::Zh, _) => format!(
                "{place}的身份证号 {} 与成员的 {} 不符",
                self.found, self.expected
            ),
            (Lang::En, "name") => format!(
                "{place} names {}, not the profile's {}",
                self.found, self.expected
            ),
            (Lang::En, _) => format!(
                "the ID number {} in {place} is not the profile's {}",
                self.found, self.expected
            ),
        }
    }
}

/// Compares the file's person with the profile. An ID number on both sides decides (a
/// profile may be named 妈妈 while the statement says 王秀英); without one, names decide.
/// A file that names nobody passes.
pub fn check(seen: &PersonSeen, profile: &Profile) -> Option<PersonMismatch> {
    let several_people = seen.ids.len() > 1 || seen.names.len() > 1;
    check_one(seen, profile).map(|m| PersonMismatch {
        several_people,
        ..m
    })
}

fn check_one(seen: &PersonSeen, profile: &Profile) -> Option<PersonMismatch> {
    let comparable_ids: Vec<&(usize, String)> = seen
        .ids
        .iter()
        .filter(|(_, id)| id.chars().count() == 18)
        .collect();
    if let (Some(own), false) = (&profile.id_number, comparable_ids.is_empty()) {
        return comparable_ids
            .iter()
            .find(|(_, id)| !same_id(id, own))
            .map(|(line, id)| PersonMismatch {
                line: *line,
                field: "id_number",
                found: mask(id),
                expected: own.masked(),
                several_people: false,
            });
    }
    let own_name = vocab::normalize(&profile.name);
    seen.names
        .iter()
        .find(|(_, name)| vocab::normalize(name) != own_name)
        .map(|(line, name)| PersonMismatch {
            line: *line,
            field: "name",
            found: name.clone(),
            expected: profile.name.clone(),
            several_people: false,
        })
}

/// Exact comparison; a masked file number (`5101**********1234`) is compared on the
/// characters it shows.
fn same_id(file_id: &str, own: &IdNumber) -> bool {
    file_id
        .chars()
        .zip(own.as_str().chars())
        .all(|(f, o)| f == '*' || f == o)
}

/// Masks a number from a file the way [`IdNumber::masked`] does, whatever its validity.
fn mask(id: &str) -> String {
    match IdNumber::parse(id) {
        Ok(valid) => valid.masked(),
        Err(_) => {
            let chars: Vec<char> = id.chars().collect();
            let n = chars.len();
            if n <= 8 {
                "*".repeat(n)
            } else {
                let head: String = chars[..4].iter().collect();
                let tail: String = chars[n - 4..].iter().collect();
                format!("{head}{}{tail}", "*".repeat(n - 8))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::Cell;
    use crate::model::EmploymentCategory;

    const ID: &str = "11010519491231002X";

    fn profile(name: &str, id: Option<&str>) -> Profile {
        Profile {
            id: 1,
            name: name.into(),
            id_number: id.map(|i| IdNumber::parse(i).unwrap()),
            sex: None,
            birth: None,
            region: None,
            employment: EmploymentCategory::Employee,
            original_age: None,
            payment_deadline_day: None,
        }
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            line: 2,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn reads_labels_in_one_cell_and_across_cells() {
        let mut seen = PersonSeen::default();
        seen.scan_labels(&row(&[&format!("姓名：王芳   社会保障号码：{ID}")]));
        assert_eq!(seen.names, vec![(2, "王芳".into())]);
        assert_eq!(seen.ids, vec![(2, ID.into())]);

        let mut clerk = PersonSeen::default();
        clerk.scan_labels(&row(&["经办人姓名：李四", "打印日期：2024-05-01"]));
        assert_eq!(clerk, PersonSeen::default(), "the clerk is not the person");

        let mut split = PersonSeen::default();
        split.scan_labels(&row(&[
            "姓名：",
            "王芳",
            "",
            "身份证号码:",
            &ID.to_lowercase(),
        ]));
        assert_eq!(split.names, vec![(2, "王芳".into())]);
        assert_eq!(split.ids, vec![(2, ID.into())]);
    }

    #[test]
    fn labelled_cells() {
        assert!(is_labelled("打印日期：2024-05-01"));
        assert!(is_labelled("姓名"));
        assert!(!is_labelled("2024-01"));
        assert!(!is_labelled("12:30"));
    }

    #[test]
    fn the_id_number_decides_and_is_never_shown_whole() {
        let mut seen = PersonSeen::default();
        seen.add_name(3, "王秀英");
        seen.add_id(3, ID);
        assert_eq!(check(&seen, &profile("妈妈", Some(ID))), None);
        assert_eq!(
            check(
                &PersonSeen {
                    ids: vec![(3, "1101**********002X".into())],
                    ..Default::default()
                },
                &profile("妈妈", Some(ID))
            ),
            None,
            "a masked number that agrees"
        );

        let other = "110105201001010011";
        let mut child = PersonSeen::default();
        child.add_id(4, other);
        let mismatch = check(&child, &profile("妈妈", Some(ID))).unwrap();
        assert_eq!(mismatch.field, "id_number");
        assert_eq!(mismatch.expected, "1101**********002X");
        let text = format!(
            "{} {}",
            mismatch.message(Lang::Zh),
            mismatch.message(Lang::En)
        );
        assert!(!text.contains(other) && !text.contains(ID), "{text}");
    }

    #[test]
    fn without_ids_names_decide() {
        let mut seen = PersonSeen::default();
        seen.add_name(2, "张 三");
        assert_eq!(check(&seen, &profile("张三", None)), None);
        let mismatch = check(&seen, &profile("李四", None)).unwrap();
        assert_eq!((mismatch.field, mismatch.line), ("name", 2));
        assert_eq!(check(&PersonSeen::default(), &profile("李四", None)), None);
    }
}
