//! Manual entry: one payment typed in by hand — above all the month a flexible-employment person
//! just paid for themselves, before any statement shows it.
//!
//! The record is checked here (a month no later than next month, amounts not negative, a named
//! payer) and written through the same upsert as an import, under one "entered by hand" source:
//! entering a month again with the same values changes nothing, and with other values updates it
//! and keeps the old values in the revision history.

use super::vocab::{self, KindWord};
use crate::model::{
    Contribution, ContributionStatus, InsuranceKind, Money, Payer, Profile, YearMonth,
};
use crate::store::{FieldChange, StoredContribution, WriteReport};
use crate::{Error, Result, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The source every hand-entered record is written under (one per database, like the demo's).
pub const MANUAL_SOURCE_NAME: &str = "手工录入 · Entered by hand";

/// A payment as the user gives it. [`ManualEntry::new`] has the defaults that fit a
/// flexible-employment person paying themselves: payer self, nothing from an employer, paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualEntry {
    pub kind: InsuranceKind,
    pub month: YearMonth,
    pub payer: Payer,
    /// 缴费基数, if known.
    pub base: Option<Money>,
    pub personal: Money,
    pub employer: Money,
    /// The part credited to the personal account (划入个人账户), if the receipt says.
    pub to_account: Option<Money>,
    pub status: ContributionStatus,
    /// The pooling region's code; `None` takes the profile's.
    pub region: Option<String>,
}

impl ManualEntry {
    pub fn new(kind: InsuranceKind, month: YearMonth, personal: Money) -> ManualEntry {
        ManualEntry {
            kind,
            month,
            payer: Payer::SelfPaid,
            base: None,
            personal,
            employer: Money::ZERO,
            to_account: None,
            status: ContributionStatus::Paid,
            region: None,
        }
    }

    /// The latest month that can be entered on `today`: next month, since a flexible-employment
    /// payment can be made ahead for the coming month; anything later is a typo. A `today`
    /// outside the supported years (a wrong clock) is an error naming it.
    pub fn latest_month(today: NaiveDate) -> Result<YearMonth> {
        let this = YearMonth::of_date(today).ok_or_else(|| Error::DateOutOfRange {
            field: "today".into(),
            value: today.to_string(),
        })?;
        Ok(this.next().unwrap_or(this))
    }

    /// The record this entry makes for `profile`, once every value checks out.
    pub fn validate(&self, profile: &Profile, today: NaiveDate) -> Result<Contribution> {
        let latest = ManualEntry::latest_month(today)?;
        if self.month > latest {
            return Err(Error::FutureMonth {
                month: self.month,
                latest,
            });
        }
        let amounts = [
            ("base", self.base),
            ("personal", Some(self.personal)),
            ("employer", Some(self.employer)),
            ("to_account", self.to_account),
        ];
        for (field, amount) in amounts {
            if let Some(amount) = amount.filter(|a| *a < Money::ZERO) {
                return Err(Error::NegativeAmount { field, amount });
            }
        }
        let payer = match &self.payer {
            Payer::Employer(name) if name.trim().is_empty() => {
                return Err(Error::InvalidField {
                    field: "payer",
                    value: name.clone(),
                })
            }
            Payer::Employer(name) => Payer::Employer(name.trim().to_string()),
            Payer::SelfPaid => Payer::SelfPaid,
        };
        let region = match &self.region {
            Some(code) if code.trim().is_empty() => {
                return Err(Error::InvalidField {
                    field: "region",
                    value: code.clone(),
                })
            }
            // A code or a name (成都, Chengdu): stored as its code.
            Some(text) => Some(crate::regions::code_for(text)?),
            None => profile.region.clone(),
        };
        Ok(Contribution {
            period_line: None,
            profile: profile.id,
            kind: self.kind,
            month: self.month,
            region,
            payer,
            base: self.base,
            personal: self.personal,
            employer: self.employer,
            credited: self.to_account,
            status: self.status,
            source: 0, // replaced by the manual source's id when written
        })
    }
}

/// A kind by its code (`pension`) or a name a statement uses (养老, 基本养老保险, 公积金 …).
pub fn parse_kind(text: &str) -> Result<InsuranceKind> {
    if let Ok(kind) = text.parse::<InsuranceKind>() {
        return Ok(kind);
    }
    match vocab::kind(text) {
        Some(KindWord::Tracked(kind)) => Ok(kind),
        _ => Err(Error::InvalidField {
            field: "kind",
            value: text.to_string(),
        }),
    }
}

/// `self`, 个人, 灵活就业(人员) … mean the person paid; anything else names an employer.
pub fn parse_payer(text: &str) -> Payer {
    vocab::payer(text)
}

/// What an entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualOutcome {
    Added,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualReport {
    pub outcome: ManualOutcome,
    /// The record as stored now.
    pub record: StoredContribution,
    /// What changed, when an existing record was updated (also kept as revisions).
    pub changes: Vec<FieldChange>,
}

/// Checks `entry` and writes it for `profile` in one transaction.
pub fn add_manual(
    store: &mut Store,
    profile: &Profile,
    entry: &ManualEntry,
    today: NaiveDate,
) -> Result<ManualReport> {
    let record = entry.validate(profile, today)?;
    let (record, written, changes) = store.write_manual(MANUAL_SOURCE_NAME, &record)?;
    let outcome = match written {
        WriteReport { inserted: 1, .. } => ManualOutcome::Added,
        WriteReport { updated: 1, .. } => ManualOutcome::Updated,
        _ => ManualOutcome::Unchanged,
    };
    Ok(ManualReport {
        outcome,
        record,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EmploymentCategory;

    fn profile() -> Profile {
        Profile {
            id: 7,
            name: "王芳".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: Some("510100".into()),
            employment: EmploymentCategory::Flexible,
            original_age: None,
            payment_deadline_day: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn month(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn defaults_fit_a_person_paying_themselves() {
        let entry = ManualEntry::new(
            InsuranceKind::Pension,
            month("2026-11"),
            Money::from_yuan(960),
        );
        let record = entry.validate(&profile(), today()).unwrap();
        assert_eq!(record.payer, Payer::SelfPaid);
        assert_eq!(record.status, ContributionStatus::Paid);
        assert_eq!(record.employer, Money::ZERO);
        assert_eq!(record.region.as_deref(), Some("510100"));
        assert_eq!(record.profile, 7);
    }

    #[test]
    fn next_month_is_the_latest_that_can_be_entered() {
        let entry = |m: &str| ManualEntry::new(InsuranceKind::Medical, month(m), Money::ZERO);
        assert!(entry("2026-12").validate(&profile(), today()).is_ok());
        match entry("2027-01").validate(&profile(), today()) {
            Err(Error::FutureMonth { month: m, latest }) => {
                assert_eq!((m, latest), (month("2027-01"), month("2026-12")))
            }
            other => panic!("{other:?}"),
        }
        // Across a year end: on 31 December, January is next month.
        let new_year = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(
            ManualEntry::latest_month(new_year).unwrap(),
            month("2027-01")
        );
        assert!(entry("1995-07").validate(&profile(), today()).is_ok());
    }

    #[test]
    fn negative_amounts_and_empty_names_are_refused_by_field() {
        let base = ManualEntry::new(
            InsuranceKind::Pension,
            month("2026-10"),
            Money::from_yuan(1),
        );
        let cases: [(&str, ManualEntry); 4] = [
            (
                "personal",
                ManualEntry {
                    personal: Money::from_fen(-1),
                    ..base.clone()
                },
            ),
            (
                "employer",
                ManualEntry {
                    employer: Money::from_fen(-1),
                    ..base.clone()
                },
            ),
            (
                "base",
                ManualEntry {
                    base: Some(Money::from_fen(-1)),
                    ..base.clone()
                },
            ),
            (
                "to_account",
                ManualEntry {
                    to_account: Some(Money::from_fen(-1)),
                    ..base.clone()
                },
            ),
        ];
        for (name, entry) in cases {
            match entry.validate(&profile(), today()) {
                Err(Error::NegativeAmount { field, .. }) => assert_eq!(field, name),
                other => panic!("{name}: {other:?}"),
            }
        }
        let nameless = ManualEntry {
            payer: Payer::Employer("  ".into()),
            ..base.clone()
        };
        assert!(matches!(
            nameless.validate(&profile(), today()),
            Err(Error::InvalidField { field: "payer", .. })
        ));
        let zero = ManualEntry {
            personal: Money::ZERO,
            ..base
        };
        assert!(
            zero.validate(&profile(), today()).is_ok(),
            "zero is not negative"
        );
    }

    #[test]
    fn kinds_by_code_or_by_the_names_statements_use() {
        assert_eq!(parse_kind("pension").unwrap(), InsuranceKind::Pension);
        assert_eq!(parse_kind("养老").unwrap(), InsuranceKind::Pension);
        assert_eq!(
            parse_kind("住房公积金").unwrap(),
            InsuranceKind::HousingFund
        );
        assert_eq!(
            parse_kind("work_injury").unwrap(),
            InsuranceKind::WorkInjury
        );
        for bad in ["pensions", "大额医疗", "城乡居民养老保险", ""] {
            assert!(
                matches!(
                    parse_kind(bad),
                    Err(Error::InvalidField { field: "kind", .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(parse_payer("self"), Payer::SelfPaid);
        assert_eq!(parse_payer("灵活就业人员"), Payer::SelfPaid);
        assert_eq!(
            parse_payer("成都某某科技有限公司"),
            Payer::Employer("成都某某科技有限公司".into())
        );
    }
}
