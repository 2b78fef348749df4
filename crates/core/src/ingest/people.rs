//! Many people in one file: an HR department's batch export of every employee, or a family's
//! records (亲情社保) kept by one person. Each data row names its person in a 身份证号 (证件号码,
//! 公民身份号码 …) column and/or a 姓名 column; the file is read once and split into one import
//! per person.
//!
//! A person is matched to a profile by ID number. A name alone only *asks*: the preview marks
//! the person [`Match::NeedsChoice`] and the caller decides (the window with a choice per
//! person, the CLI with `--match-names`). A row whose ID number fails its check digit is a row
//! error, never a new profile. [`commit`] writes every person's records, creating the missing
//! profiles, in one transaction — all of them or nothing.

use super::import_preview::Detected;
use super::read::{self, Classified, Contents};
use super::row_error::{RowError, RowErrorReport};
use super::rows::{self, Mode, Parsed};
use super::table::{DelimitedRows, Row, Table};
use super::{header, vocab};
use crate::model::{
    Contribution, EmploymentCategory, Freshness, IdNumber, InsuranceKind, NewProfile, Payer,
    Profile, ProfileId, SourceKind, ValidProfile, YearMonth,
};
use crate::store::{self, NewSource, PersonTarget, WriteReport};
use crate::{Error, Lang, Result, Store};
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::PathBuf;

/// How rows are told apart: by the ID number (normalised, checked), else by the name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PersonKey {
    Id(String),
    Name(String),
}

/// A person as the rows name them.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPerson {
    pub key: PersonKey,
    /// The first name written beside the person's rows.
    pub name: Option<String>,
    pub id: Option<IdNumber>,
    pub first_line: usize,
}

/// Which profile a person's records go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "match", rename_all = "snake_case")]
pub enum Match {
    /// The profile with the person's ID number.
    Profile {
        profile_id: ProfileId,
        profile_name: String,
    },
    /// No profile is this person: one would be created.
    New,
    /// Only the name is known and a profile has it: the user says whether it is the same person.
    NeedsChoice {
        profile_id: ProfileId,
        profile_name: String,
    },
}

/// One person's part of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonPart {
    pub person: FoundPerson,
    pub records: Vec<Contribution>,
    /// Row problems on this person's rows.
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowError>,
    pub matched: Match,
}

/// A whole multi-person file, split, matched, nothing written.
#[derive(Debug, Clone, PartialEq)]
pub struct PeoplePreview {
    pub file_name: String,
    pub detected: Detected,
    pub people: Vec<PersonPart>,
    /// Every row problem, in file order, with or without a person (a row naming nobody).
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowError>,
    pub skipped_rows: usize,
}

/// Refuses, before the rows are read, a table no row of which can name its person.
fn check_person_column(layout: &header::Layout, file_name: &str) -> Result<()> {
    match layout.column(header::Field::PersonId).is_some()
        || layout.column(header::Field::PersonName).is_some()
    {
        true => Ok(()),
        false => Err(Error::ImportNoPersonColumn {
            file: file_name.to_string(),
        }),
    }
}

/// Reads `bytes` per person and matches each person with the store's profiles.
pub fn preview(store: &Store, bytes: &[u8], file_name: &str) -> Result<PeoplePreview> {
    let no_header = || Error::ImportNoHeader {
        file: file_name.to_string(),
    };
    let (parsed, _, detected) = read_table(bytes, file_name)?.ok_or_else(no_header)?;
    let profiles = store.profiles()?;
    Ok(split(parsed, file_name, detected, &profiles))
}

/// The neutral profile rows are read for: no region to prefer, employed (the usual payer of a
/// batch). A flexible-employment person's payer is settled once matched ([`settle_payers`]).
fn reader_profile() -> Profile {
    Profile {
        id: 0,
        name: String::new(),
        id_number: None,
        sex: None,
        birth: None,
        region: None,
        employment: EmploymentCategory::Employee,
        original_age: None,
        payment_deadline_day: None,
    }
}

/// The file parsed per person with its layout, streamed for delimited text as the one-person
/// import is; `None` when no header is recognised.
fn read_table(bytes: &[u8], file_name: &str) -> Result<Option<(Parsed, header::Layout, Detected)>> {
    let profile = reader_profile();
    if let Classified::Delimited {
        text,
        delimiter,
        format,
        encoding,
    } = read::classify(bytes, file_name)?
    {
        let mut rows = DelimitedRows::new(&text, delimiter);
        let head = Table {
            sheet: None,
            rows: rows
                .by_ref()
                .take(header::SEARCH_ROWS + 1)
                .collect::<std::result::Result<Vec<Row>, String>>()
                .map_err(|e| read::unreadable(file_name, e))?,
        };
        let Some(layout) = header::find(&head) else {
            return Ok(None);
        };
        check_person_column(&layout, file_name)?;
        let parsed = rows::parse_streamed(
            &head.rows,
            |row| rows.next_into(row),
            &layout,
            &profile,
            Mode::PerPerson,
        )
        .map_err(|e| read::unreadable(file_name, e))?;
        let detected = Detected {
            format,
            encoding: Some(encoding),
            sheet: None,
            header_line: layout.line,
            shape: Some(layout.shape),
        };
        return Ok(Some((parsed, layout, detected)));
    }
    match read::read(bytes, file_name)? {
        Contents::Json { .. } => Err(Error::ImportNoPersonColumn {
            file: file_name.to_string(),
        }),
        Contents::Tables {
            tables,
            format,
            encoding,
        } => {
            let Some((table, layout)) = tables
                .into_iter()
                .find_map(|t| header::find(&t).map(|layout| (t, layout)))
            else {
                return Ok(None);
            };
            check_person_column(&layout, file_name)?;
            let parsed = rows::parse_rows_as(&table, &layout, &profile, Mode::PerPerson);
            let detected = Detected {
                format,
                encoding,
                sheet: table.sheet.clone(),
                header_line: layout.line,
                shape: Some(layout.shape),
            };
            Ok(Some((parsed, layout, detected)))
        }
    }
}

/// Splits what the rows gave into one part per person and matches each with `profiles`.
fn split(
    parsed: Parsed,
    file_name: &str,
    detected: Detected,
    profiles: &[Profile],
) -> PeoplePreview {
    let mut parts: Vec<PersonPart> = parsed
        .people
        .iter()
        .map(|person| PersonPart {
            matched: match_person(person, profiles),
            person: person.clone(),
            records: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        })
        .collect();
    move_records(parsed.records, &parsed.owners, &mut parts);
    for (problems, to_warnings) in [(&parsed.errors, false), (&parsed.warnings, true)] {
        for problem in problems {
            // `row_people` is in line order: the rows were read top to bottom.
            let person = parsed
                .row_people
                .binary_search_by_key(&problem.line, |&(line, _)| line)
                .ok()
                .map(|at| parsed.row_people[at].1);
            if let Some(part) = person.and_then(|i| parts.get_mut(i)) {
                match to_warnings {
                    true => part.warnings.push(problem.clone()),
                    false => part.errors.push(problem.clone()),
                }
            }
        }
    }
    for part in &mut parts {
        if let Match::Profile { profile_id, .. } = &part.matched {
            if let Some(profile) = profiles.iter().find(|p| p.id == *profile_id) {
                settle_payers(&mut part.records, profile.employment);
            }
        }
    }
    PeoplePreview {
        file_name: file_name.to_string(),
        detected,
        people: parts,
        errors: parsed.errors,
        warnings: parsed.warnings,
        skipped_rows: parsed.skipped_rows,
    }
}

/// Moves each record to its person's part, in file order, without holding the file's records
/// twice: each part is sized first, and the records are taken from the end of `records`, whose
/// memory is given back as it empties (a 2,500-person file's records are some 250 MB;
/// docs/benchmarks.md, Per-person import).
fn move_records(mut records: Vec<Contribution>, owners: &[usize], parts: &mut [PersonPart]) {
    let mut counts = vec![0usize; parts.len()];
    for &owner in owners {
        if let Some(count) = counts.get_mut(owner) {
            *count += 1;
        }
    }
    for (part, count) in parts.iter_mut().zip(counts) {
        part.records.reserve_exact(count);
    }
    const GIVE_BACK_EVERY: usize = 1 << 16;
    let mut owners = owners[..owners.len().min(records.len())].iter().rev();
    records.truncate(owners.len());
    while let (Some(record), Some(&owner)) = (records.pop(), owners.next()) {
        if let Some(part) = parts.get_mut(owner) {
            part.records.push(record);
        }
        if records.len().is_multiple_of(GIVE_BACK_EVERY) {
            records.shrink_to_fit();
        }
    }
    for part in parts.iter_mut() {
        part.records.reverse();
    }
}

/// By ID number when the file gives one; a name only ever asks.
fn match_person(person: &FoundPerson, profiles: &[Profile]) -> Match {
    if let Some(id) = &person.id {
        if let Some(profile) = profiles.iter().find(|p| p.id_number.as_ref() == Some(id)) {
            return Match::Profile {
                profile_id: profile.id,
                profile_name: profile.name.clone(),
            };
        }
    }
    let name = person.name.as_deref().map(vocab::normalize);
    // A profile with a different ID number is someone else of the same name.
    let same_name = profiles.iter().find(|p| {
        Some(vocab::normalize(&p.name)) == name && (person.id.is_none() || p.id_number.is_none())
    });
    match same_name {
        Some(profile) => Match::NeedsChoice {
            profile_id: profile.id,
            profile_name: profile.name.clone(),
        },
        None => Match::New,
    }
}

/// Records read without a payer column carry an unnamed employer; for a flexible-employment
/// profile paying no employer part that is the person themself, as a one-person import says.
fn settle_payers(records: &mut [Contribution], employment: EmploymentCategory) {
    if employment != EmploymentCategory::Flexible {
        return;
    }
    for record in records {
        if record.payer == Payer::Employer(String::new()) && record.employer.fen() == 0 {
            record.payer = Payer::SelfPaid;
        }
    }
}

/// What the user decided for a person. As the window sends it: `{"profile": 3}`, `"create"`,
/// `"skip"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Write to this profile (the matched one, or the one a name asked about).
    Profile(ProfileId),
    /// Create a profile from the file's name and ID number.
    Create,
    /// Leave this person out (the window's unticked "new profile").
    Skip,
}

/// The decisions the CLI's flags make: matched people go to their profile; `create` creates
/// the new ones; `match_names` takes a name's profile. Anyone left undecided is an error
/// naming them.
pub fn decide(preview: &PeoplePreview, create: bool, match_names: bool) -> Result<Vec<Decision>> {
    preview
        .people
        .iter()
        .map(|part| match (&part.matched, create, match_names) {
            (Match::Profile { profile_id, .. }, _, _) => Ok(Decision::Profile(*profile_id)),
            (Match::NeedsChoice { profile_id, .. }, _, true) => Ok(Decision::Profile(*profile_id)),
            (Match::New, true, _) => Ok(Decision::Create),
            (matched, _, _) => Err(Error::ImportPersonUndecided {
                file: preview.file_name.clone(),
                person: part.label(),
                asks_name: matches!(matched, Match::NeedsChoice { .. }),
            }),
        })
        .collect()
}

impl PersonPart {
    /// `王芳 1101**********002X`, or whichever of the two the file gives.
    pub fn label(&self) -> String {
        match (&self.person.name, &self.person.id) {
            (Some(name), Some(id)) => format!("{name} {}", id.masked()),
            (Some(name), None) => name.clone(),
            (None, Some(id)) => id.masked(),
            (None, None) => String::new(),
        }
    }

    /// The kinds the person's records cover, in the order the app lists kinds.
    pub fn kinds(&self) -> Vec<InsuranceKind> {
        let kinds: BTreeSet<InsuranceKind> = self.records.iter().map(|r| r.kind).collect();
        kinds.into_iter().collect()
    }

    /// Distinct months the person's records cover.
    pub fn months(&self) -> usize {
        let months: BTreeSet<YearMonth> = self.records.iter().map(|r| r.month).collect();
        months.len()
    }

    /// The profile a new person would become: the file's name (or, without one, the masked
    /// number) and ID number, made unique against `taken` names with the number's last four.
    fn new_profile(&self, taken: &BTreeSet<String>) -> Result<ValidProfile> {
        let id = self.person.id.as_ref();
        let mut name = self
            .person
            .name
            .clone()
            .or_else(|| id.map(IdNumber::masked))
            .unwrap_or_default();
        if taken.contains(&name) {
            if let Some(id) = id {
                let tail: String = id.as_str().chars().skip(14).collect();
                name = format!("{name}（{tail}）");
            }
        }
        NewProfile {
            name,
            id_number: id.map(|i| i.as_str().to_string()),
            ..Default::default()
        }
        .validate()
    }
}

/// What one person's import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonOutcome {
    pub name: Option<String>,
    pub id_masked: Option<String>,
    /// `None` for a dry run's would-be-new profile.
    pub profile_id: Option<ProfileId>,
    pub created: bool,
    pub would_create: bool,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub months: usize,
    pub kinds: Vec<InsuranceKind>,
    pub problems: Vec<RowErrorReport>,
    pub warnings: Vec<RowErrorReport>,
}

/// What the whole per-person import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleReport {
    pub persons: Vec<PersonOutcome>,
    pub skipped_rows: usize,
    /// The automatic backup taken before writing; `None` for a dry run or no change.
    pub backup: Option<PathBuf>,
}

/// Refuses a preview with any row problem: the whole file is written or none of it.
fn check_clean(preview: &PeoplePreview) -> Result<()> {
    match preview.errors.is_empty() {
        true => Ok(()),
        false => Err(Error::ImportRows {
            file: preview.file_name.clone(),
            errors: preview.errors.clone(),
        }),
    }
}

/// What committing with `decisions` would do, writing nothing.
pub fn plan(
    store: &Store,
    preview: &PeoplePreview,
    decisions: &[Decision],
    lang: Lang,
) -> Result<PeopleReport> {
    check_clean(preview)?;
    let mut persons = Vec::new();
    for (part, decision) in preview.people.iter().zip(decisions) {
        let (profile_id, planned) = match decision {
            Decision::Profile(id) => {
                let records = with_profile(&part.records, *id);
                (Some(*id), store.compare_contributions(&records)?)
            }
            Decision::Create => (
                None,
                WriteReport {
                    inserted: part.records.len(),
                    ..WriteReport::default()
                },
            ),
            Decision::Skip => (None, WriteReport::default()),
        };
        persons.push(outcome(
            part,
            profile_id,
            false,
            *decision == Decision::Create,
            planned,
            lang,
        ));
    }
    Ok(PeopleReport {
        persons,
        skipped_rows: preview.skipped_rows,
        backup: None,
    })
}

/// Writes every person's records, creating the profiles decided so, in one transaction after
/// one automatic backup. `progress` hears (records done, records in all); `Break` cancels and
/// nothing is written.
pub fn commit(
    store: &mut Store,
    preview: &PeoplePreview,
    decisions: &[Decision],
    location: Option<&str>,
    lang: Lang,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<PeopleReport> {
    check_clean(preview)?;
    if decisions.len() != preview.people.len() {
        return Err(Error::InvalidField {
            field: "decisions",
            value: format!("{} for {} people", decisions.len(), preview.people.len()),
        });
    }
    let mut taken: BTreeSet<String> = store.profiles()?.into_iter().map(|p| p.name).collect();
    let mut work: Vec<(PersonTarget, &[Contribution])> = Vec::new();
    for (part, decision) in preview.people.iter().zip(decisions) {
        let target = match decision {
            Decision::Profile(id) => PersonTarget::Profile(*id),
            Decision::Create => {
                let profile = part.new_profile(&taken)?;
                taken.insert(profile.name.clone());
                PersonTarget::Create(profile)
            }
            Decision::Skip => continue,
        };
        work.push((target, part.records.as_slice()));
    }
    let total: usize = work.iter().map(|(_, records)| records.len()).sum();
    let backup = match total > 0 || decisions.contains(&Decision::Create) {
        true => Some(store::auto_backup(store)?),
        false => None,
    };
    let source = NewSource {
        kind: SourceKind::File,
        name: &preview.file_name,
        location,
        freshness: Freshness::Weekly,
    };
    let mut written = store
        .commit_people_import(&source, &work, &mut |done| progress(done, total))?
        .into_iter();
    let persons = preview
        .people
        .iter()
        .zip(decisions)
        .map(|(part, decision)| match decision {
            Decision::Skip => outcome(part, None, false, false, WriteReport::default(), lang),
            _ => match written.next() {
                Some((profile_id, created, report)) => {
                    outcome(part, Some(profile_id), created, false, report, lang)
                }
                None => outcome(part, None, false, false, WriteReport::default(), lang),
            },
        })
        .collect();
    Ok(PeopleReport {
        persons,
        skipped_rows: preview.skipped_rows,
        backup,
    })
}

/// The preview as a report with nothing compared or written (counts 0, matched profiles
/// only): what a refused file's `--json` shows beside its problems.
pub fn unplanned(preview: &PeoplePreview, lang: Lang) -> PeopleReport {
    let persons = preview
        .people
        .iter()
        .map(|part| {
            let profile_id = match part.matched {
                Match::Profile { profile_id, .. } => Some(profile_id),
                _ => None,
            };
            let would_create = part.matched == Match::New;
            outcome(
                part,
                profile_id,
                false,
                would_create,
                WriteReport::default(),
                lang,
            )
        })
        .collect();
    PeopleReport {
        persons,
        skipped_rows: preview.skipped_rows,
        backup: None,
    }
}

/// One person as the window's per-person preview shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonSummary {
    pub name: Option<String>,
    pub id_masked: Option<String>,
    pub records: usize,
    pub months: usize,
    pub kinds: Vec<InsuranceKind>,
    pub problems: Vec<RowErrorReport>,
    pub warnings: Vec<RowErrorReport>,
    #[serde(flatten)]
    pub matched: Match,
}

/// The per-person preview as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleSummary {
    pub file_name: String,
    pub detected: Detected,
    pub persons: Vec<PersonSummary>,
    /// Every row problem, also of rows naming nobody: any means nothing can be imported.
    pub errors: Vec<RowErrorReport>,
    pub skipped_rows: usize,
}

impl PeoplePreview {
    pub fn summary(&self, lang: Lang) -> PeopleSummary {
        PeopleSummary {
            file_name: self.file_name.clone(),
            detected: self.detected.clone(),
            persons: self
                .people
                .iter()
                .map(|part| PersonSummary {
                    name: part.person.name.clone(),
                    id_masked: part.person.id.as_ref().map(IdNumber::masked),
                    records: part.records.len(),
                    months: part.months(),
                    kinds: part.kinds(),
                    problems: part.errors.iter().map(|e| e.report(lang)).collect(),
                    warnings: part.warnings.iter().map(|e| e.report(lang)).collect(),
                    matched: part.matched.clone(),
                })
                .collect(),
            errors: self.errors.iter().map(|e| e.report(lang)).collect(),
            skipped_rows: self.skipped_rows,
        }
    }
}

fn with_profile(records: &[Contribution], profile: ProfileId) -> Vec<Contribution> {
    records
        .iter()
        .map(|r| Contribution {
            profile,
            ..r.clone()
        })
        .collect()
}

fn outcome(
    part: &PersonPart,
    profile_id: Option<ProfileId>,
    created: bool,
    would_create: bool,
    written: WriteReport,
    lang: Lang,
) -> PersonOutcome {
    PersonOutcome {
        name: part.person.name.clone(),
        id_masked: part.person.id.as_ref().map(IdNumber::masked),
        profile_id,
        created,
        would_create,
        new: written.inserted,
        updated: written.updated,
        unchanged: written.unchanged,
        months: part.months(),
        kinds: part.kinds(),
        problems: part.errors.iter().map(|e| e.report(lang)).collect(),
        warnings: part.warnings.iter().map(|e| e.report(lang)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(first17: &str) -> String {
        IdNumber::with_check_char(first17)
            .unwrap()
            .as_str()
            .to_string()
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        (dir, store)
    }

    fn add(store: &mut Store, name: &str, id_number: Option<&str>) -> Profile {
        let profile = NewProfile {
            name: name.into(),
            id_number: id_number.map(Into::into),
            ..Default::default()
        };
        store.add_profile(&profile.validate().unwrap()).unwrap()
    }

    /// Three people: 王芳 by ID number (a profile has it), 李强 by ID number (new), 王明 by
    /// name only (a profile has the name).
    fn three_people(fang: &str, qiang: &str) -> String {
        format!(
            "姓名,身份证号,缴费年月,险种,个人缴费,单位缴费\n\
             王芳,{fang},2024-01,养老,400.00,800.00\n\
             王芳,{fang},2024-02,养老,400.00,800.00\n\
             李强,{qiang},2024-01,养老,320.00,640.00\n\
             李强,{qiang},2024-01,医疗,80.00,320.00\n\
             王明,,2024-01,养老,240.00,480.00\n"
        )
    }

    #[test]
    fn splits_matches_by_id_number_and_asks_for_names() {
        let (_dir, mut store) = store();
        let fang = id("11010519491231002");
        let qiang = id("51010419880315123");
        let fang_profile = add(&mut store, "妈妈", Some(&fang));
        let ming_profile = add(&mut store, "王明", None);
        let text = three_people(&fang, &qiang);
        let preview = preview(&store, text.as_bytes(), "staff.csv").unwrap();
        assert_eq!(preview.errors, vec![]);
        let got: Vec<(Option<&str>, usize, &Match)> = preview
            .people
            .iter()
            .map(|p| (p.person.name.as_deref(), p.records.len(), &p.matched))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("王芳"),
                    2,
                    &Match::Profile {
                        profile_id: fang_profile.id,
                        profile_name: "妈妈".into()
                    }
                ),
                (Some("李强"), 2, &Match::New),
                (
                    Some("王明"),
                    1,
                    &Match::NeedsChoice {
                        profile_id: ming_profile.id,
                        profile_name: "王明".into()
                    }
                ),
            ]
        );
        assert_eq!(preview.people[1].kinds().len(), 2);
        assert_eq!(preview.people[1].months(), 1);

        // Undecided people are refused by name, the new one first.
        let refused = decide(&preview, false, false).unwrap_err();
        assert!(
            matches!(&refused, Error::ImportPersonUndecided { person, asks_name: false, .. }
                if person.starts_with("李强 5101")),
            "{refused:?}"
        );
        let refused = decide(&preview, true, false).unwrap_err();
        assert!(matches!(
            refused,
            Error::ImportPersonUndecided {
                asks_name: true,
                ..
            }
        ));

        let decisions = decide(&preview, true, true).unwrap();
        let planned = plan(&store, &preview, &decisions, Lang::En).unwrap();
        assert_eq!(planned.persons[1].profile_id, None);
        assert!(planned.persons[1].would_create && !planned.persons[1].created);
        assert_eq!(store.profiles().unwrap().len(), 2, "a plan writes nothing");

        let report = commit(
            &mut store,
            &preview,
            &decisions,
            None,
            Lang::En,
            &mut |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
        let counts: Vec<(bool, usize)> =
            report.persons.iter().map(|p| (p.created, p.new)).collect();
        assert_eq!(counts, vec![(false, 2), (true, 2), (false, 1)]);
        assert!(report.backup.is_some());
        let profiles = store.profiles().unwrap();
        assert_eq!(profiles.len(), 3);
        let qiang_profile = &profiles[2];
        assert_eq!(qiang_profile.name, "李强");
        assert_eq!(
            qiang_profile.id_number.as_ref().map(IdNumber::as_str),
            Some(qiang.as_str())
        );
        assert_eq!(
            store.contribution_records(qiang_profile.id).unwrap().len(),
            2
        );
        let fang_records = store.contribution_records(fang_profile.id).unwrap();
        assert_eq!(fang_records.len(), 2);
        assert_eq!(fang_records[0].personal.fen(), 40_000);

        // Twice is a no-op: every person is matched now, nothing new.
        let again = preview_and_commit(&mut store, &text);
        let unchanged: Vec<(usize, usize)> =
            again.persons.iter().map(|p| (p.new, p.unchanged)).collect();
        assert_eq!(unchanged, vec![(0, 2), (0, 2), (0, 1)]);
    }

    /// People's rows need not be together: each keeps its records in file order, a row
    /// problem goes to the person of its row, and a row with the number but no name is still
    /// that person's.
    #[test]
    fn interleaved_people_keep_their_own_records_and_problems_in_order() {
        let (_dir, store) = store();
        let fang = id("11010519491231002");
        let qiang = id("51010419880315123");
        let text = format!(
            "姓名,身份证号,缴费年月,险种,个人缴费,单位缴费\n\
             王芳,{fang},2024-01,养老,400.00,800.00\n\
             李强,{qiang},2024-01,养老,320.00,640.00\n\
             王芳,{fang},2024-02,养老,401.00,800.00\n\
             王芳,{fang},2024-03,养老,abc,800.00\n\
             李强,{qiang},2024-02,养老,321.00,640.00\n\
             ,{qiang},2024-03,养老,322.00,640.00\n"
        );
        let preview = preview(&store, text.as_bytes(), "staff.csv").unwrap();
        type Seen<'a> = (Option<&'a str>, Vec<(String, i64)>, Vec<usize>);
        let got: Vec<Seen> = (preview.people.iter())
            .map(|p| {
                let records = (p.records.iter())
                    .map(|r| (r.month.to_string(), r.personal.fen()))
                    .collect();
                let lines = p.errors.iter().map(|e| e.line).collect();
                (p.person.name.as_deref(), records, lines)
            })
            .collect();
        let month = |m: &str, fen| (m.to_string(), fen);
        assert_eq!(
            got,
            vec![
                (
                    Some("王芳"),
                    vec![month("2024-01", 40_000), month("2024-02", 40_100)],
                    vec![5]
                ),
                (
                    Some("李强"),
                    vec![
                        month("2024-01", 32_000),
                        month("2024-02", 32_100),
                        month("2024-03", 32_200)
                    ],
                    vec![]
                ),
            ]
        );
    }

    fn preview_and_commit(store: &mut Store, text: &str) -> PeopleReport {
        let preview = preview(store, text.as_bytes(), "staff.csv").unwrap();
        let decisions = decide(&preview, true, true).unwrap();
        commit(store, &preview, &decisions, None, Lang::En, &mut |_, _| {
            ControlFlow::Continue(())
        })
        .unwrap()
    }

    #[test]
    fn a_bad_check_digit_is_a_row_problem_and_nothing_is_written() {
        let (_dir, mut store) = store();
        let good = id("11010519491231002");
        // The right number with its last digit changed fails the check.
        let bad = format!("{}1", &id("51010419880315123")[..17]);
        let bad = if IdNumber::parse(&bad).is_ok() {
            format!("{}2", &bad[..17])
        } else {
            bad
        };
        let text = format!(
            "姓名,身份证号,缴费年月,险种,个人缴费\n王芳,{good},2024-01,养老,400\n李强,{bad},2024-01,养老,320\n,,2024-02,养老,1\n"
        );
        let preview = preview(&store, text.as_bytes(), "staff.csv").unwrap();
        let problems: Vec<(usize, &str)> = preview
            .errors
            .iter()
            .map(|e| (e.line, e.problem.code()))
            .collect();
        assert_eq!(problems, vec![(3, "bad_id_number"), (4, "missing_person")]);
        assert_eq!(preview.people.len(), 1, "a bad number is never a person");
        let decisions = decide(&preview, true, true).unwrap();
        let refused = commit(
            &mut store,
            &preview,
            &decisions,
            None,
            Lang::En,
            &mut |_, _| ControlFlow::Continue(()),
        );
        assert!(matches!(refused, Err(Error::ImportRows { .. })));
        assert!(store.profiles().unwrap().is_empty(), "nothing half-written");
    }

    #[test]
    fn a_cancelled_commit_leaves_no_profile_and_no_record() {
        let (_dir, mut store) = store();
        let text = three_people(&id("11010519491231002"), &id("51010419880315123"));
        let preview = preview(&store, text.as_bytes(), "staff.csv").unwrap();
        let decisions = decide(&preview, true, true).unwrap();
        let mut calls = 0;
        let cancelled = commit(
            &mut store,
            &preview,
            &decisions,
            None,
            Lang::En,
            &mut |done, total| {
                calls += 1;
                assert_eq!(total, 5);
                // Let the first person through, stop within the second.
                match done >= 2 {
                    true => ControlFlow::Break(()),
                    false => ControlFlow::Continue(()),
                }
            },
        );
        assert!(matches!(cancelled, Err(Error::Cancelled)), "{cancelled:?}");
        assert!(calls >= 2);
        assert!(store.profiles().unwrap().is_empty());
    }
}
