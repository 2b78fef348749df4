//! The project's own JSON format, `{"format": "shebao-ledger", "version": 1, …}`: what the
//! JSON export writes and this reads back (docs/import-formats.md describes it).
//!
//! Contributions and balances are serialised exactly as the model's serde derives them.
//! Their `profile` and `source` ids belong to the database that wrote the file; on import
//! the target profile and the new file source replace them, so they are ignored here.

use super::person::PersonSeen;
use super::row_error::{RowError, RowProblem};
use crate::model::{
    date_supported, BalanceOrigin, BalanceSnapshot, Contribution, ContributionStatus,
    InsuranceKind, Money, Payer, Profile, YearMonth,
};
use chrono::NaiveDate;
use serde::Deserialize;

pub const FORMAT_NAME: &str = "shebao-ledger";
pub const FORMAT_VERSION: u32 = 1;

/// Why a JSON file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerJsonError {
    /// Not valid JSON for this format: serde's reason with the line and column in the file.
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    /// Valid JSON but another format (or none).
    NotOurs { found: Option<String> },
    /// Written by a newer version of the app.
    Newer { found: u32 },
}

#[derive(Deserialize)]
struct Envelope {
    format: Option<String>,
    version: Option<u32>,
}

#[derive(Deserialize)]
struct LedgerFile {
    #[serde(default)]
    profile: Option<FileProfile>,
    #[serde(default)]
    contributions: Vec<FileContribution>,
    #[serde(default)]
    balances: Vec<FileBalance>,
}

/// The person the file was exported for, as the export's `Profile` serialises it (the ID
/// number masked).
#[derive(Deserialize)]
struct FileProfile {
    name: Option<String>,
    id_number_masked: Option<String>,
}

#[derive(Deserialize)]
struct FileContribution {
    kind: InsuranceKind,
    month: YearMonth,
    #[serde(default)]
    region: Option<String>,
    payer: Payer,
    #[serde(default)]
    base: Option<Money>,
    personal: Money,
    employer: Money,
    #[serde(default)]
    credited: Option<Money>,
    status: ContributionStatus,
}

#[derive(Deserialize)]
struct FileBalance {
    kind: InsuranceKind,
    as_of: NaiveDate,
    amount: Money,
    origin: BalanceOrigin,
}

/// What a ledger file holds, ready for the target profile (`source` 0 until committed).
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerContents {
    pub records: Vec<Contribution>,
    pub balances: Vec<BalanceSnapshot>,
    pub person: PersonSeen,
    /// Two items for the same (kind, month, payer) with different values, and balances dated
    /// outside the supported years. `line` is the item's 1-based position in `contributions`
    /// (or `balances`, column `balances.as_of`): JSON has no spreadsheet lines.
    pub errors: Vec<RowError>,
}

pub fn read(text: &str, profile: &Profile) -> Result<LedgerContents, LedgerJsonError> {
    let syntax = |e: serde_json::Error| LedgerJsonError::Syntax {
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    };
    let envelope: Envelope = serde_json::from_str(text).map_err(syntax)?;
    if envelope.format.as_deref() != Some(FORMAT_NAME) {
        return Err(LedgerJsonError::NotOurs {
            found: envelope.format,
        });
    }
    match envelope.version {
        Some(v) if v > FORMAT_VERSION => return Err(LedgerJsonError::Newer { found: v }),
        Some(_) => {}
        None => return Err(LedgerJsonError::NotOurs { found: None }),
    }
    let file: LedgerFile = serde_json::from_str(text).map_err(syntax)?;
    let mut person = PersonSeen::default();
    if let Some(p) = &file.profile {
        // Line 0 stands for the file as a whole: JSON has no spreadsheet lines.
        if let Some(name) = &p.name {
            person.add_name(0, name);
        }
        if let Some(id) = &p.id_number_masked {
            person.add_id(0, id);
        }
    }
    let records: Vec<Contribution> = file
        .contributions
        .into_iter()
        .map(|c| Contribution {
            period_line: None,
            profile: profile.id,
            kind: c.kind,
            month: c.month,
            region: c.region,
            payer: c.payer,
            base: c.base,
            personal: c.personal,
            employer: c.employer,
            credited: c.credited,
            status: c.status,
            source: 0,
        })
        .collect();
    let (records, mut errors) = without_repeats(records);
    let mut balances = Vec::new();
    for (i, b) in file.balances.into_iter().enumerate() {
        // A date the analysis cannot place in a month (2300-06-30) is a row problem, like a
        // bad month in a statement: shown in the preview, never stored.
        if !date_supported(b.as_of) {
            errors.push(RowError {
                line: i + 1,
                column: "balances.as_of".into(),
                value: b.as_of.to_string(),
                problem: RowProblem::DateOutOfRange,
            });
            continue;
        }
        balances.push(BalanceSnapshot {
            profile: profile.id,
            kind: b.kind,
            as_of: b.as_of,
            amount: b.amount,
            origin: b.origin,
            source: 0,
        });
    }
    Ok(LedgerContents {
        records,
        balances,
        person,
        errors,
    })
}

/// Drops exact repeats; a repeat with other values is an error (writing both would leave
/// whichever came last, and a re-import would then report changes).
fn without_repeats(records: Vec<Contribution>) -> (Vec<Contribution>, Vec<RowError>) {
    let mut seen: std::collections::HashMap<(InsuranceKind, YearMonth, Payer), usize> =
        std::collections::HashMap::new();
    let mut kept: Vec<Contribution> = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in records.into_iter().enumerate() {
        let key = (record.kind, record.month, record.payer.clone());
        match seen.get(&key) {
            None => {
                seen.insert(key, i + 1);
                kept.push(record);
            }
            Some(&first) => {
                let original = kept
                    .iter()
                    .find(|r| (r.kind, r.month, &r.payer) == (key.0, key.1, &key.2));
                if original != Some(&record) {
                    errors.push(RowError {
                        line: i + 1,
                        column: "contributions".into(),
                        value: format!("{} {}", record.month, record.kind),
                        problem: RowProblem::Conflicts { line: first },
                    });
                }
            }
        }
    }
    (kept, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EmploymentCategory;
    use serde_json::json;

    fn profile() -> Profile {
        Profile {
            id: 3,
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

    #[test]
    fn reads_what_serde_writes_for_the_model() {
        let record = Contribution {
            period_line: None,
            profile: 99,
            kind: InsuranceKind::Pension,
            month: "2024-01".parse().unwrap(),
            region: Some("510100".into()),
            payer: Payer::Employer("甲公司".into()),
            base: Some(Money::from_yuan(8000)),
            personal: Money::from_yuan(640),
            employer: Money::from_yuan(1280),
            credited: Some(Money::from_yuan(640)),
            status: ContributionStatus::Paid,
            source: 42,
        };
        let text = json!({
            "format": "shebao-ledger", "version": 1,
            "profile": {"id": 99, "name": "王芳", "id_number_masked": "1101**********002X"},
            "contributions": [record],
            "balances": [{"profile": 99, "kind": "pension", "as_of": "2024-06-30",
                          "amount": 5234567, "origin": "reported", "source": 42}],
        })
        .to_string();
        let read = read(&text, &profile()).unwrap();
        assert_eq!(
            read.records,
            vec![Contribution {
                profile: 3,
                source: 0,
                ..record
            }]
        );
        assert_eq!(read.balances[0].amount, Money::from_fen(5_234_567));
        assert_eq!(read.person.names, vec![(0, "王芳".into())]);
    }

    #[test]
    fn repeats_are_dropped_and_conflicts_reported_by_item() {
        let item = |personal: i64| {
            json!({"kind": "pension", "month": "2024-01", "payer": {"type": "self"},
                   "personal": personal, "employer": 0, "status": "paid"})
        };
        let text = json!({"format": "shebao-ledger", "version": 1,
                          "contributions": [item(100), item(100), item(200)]})
        .to_string();
        let read = read(&text, &profile()).unwrap();
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.errors.len(), 1);
        assert_eq!(read.errors[0].line, 3);
        assert_eq!(read.errors[0].problem, RowProblem::Conflicts { line: 1 });
    }

    #[test]
    fn refuses_other_formats_newer_versions_and_bad_json_with_its_position() {
        assert_eq!(
            read(r#"{"format": "other", "version": 1}"#, &profile()),
            Err(LedgerJsonError::NotOurs {
                found: Some("other".into())
            })
        );
        assert_eq!(
            read(r#"{"format": "shebao-ledger", "version": 2}"#, &profile()),
            Err(LedgerJsonError::Newer { found: 2 })
        );
        let bad = "{\"format\": \"shebao-ledger\", \"version\": 1,\n \"contributions\": [{\"kind\": \"pensions\"}]}";
        match read(bad, &profile()) {
            Err(LedgerJsonError::Syntax { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
