//! Early warnings: what a person is about to lose, said plainly, with what to do.
//!
//! Each alert has a stable [`AlertCode`], a [`Severity`], the insurance kind it concerns (or
//! none), the months it concerns, and facts from which its message (Chinese or English), its
//! advice and the rule it used are written. Pure functions of the records, the rule tables, the
//! standing and today's date decide them, one family per file:
//!
//! | file | codes |
//! |---|---|
//! | [`records`] | `gap`, `owed`, `transfer_pending` |
//! | [`due`] | `due_soon`, `overdue`, `deadline_unknown` (flexible employment) |
//! | [`medical`] | `medical_lapse_risk` |
//! | [`base_range`] | `base_out_of_range` |
//! | [`stale`] | `stale_data` |
//! | [`certificate`] | `certificate_stale` (the official certificate in the vault) |
//! | [`standing`](self::from_standing) | `min_years_shortfall`, `balance_mismatch` |
//!
//! **Acknowledgement.** An alert's fingerprint is a digest of its code, kind, months and facts
//! ([`fingerprint`]). Acknowledging stores (profile, code, kind, fingerprint); the alert is
//! listed as acknowledged while its facts stay the same, and comes back as a new alert when they
//! change (another month missed, a balance re-reported, a new sync that is stale again).

pub mod base_range;
pub mod certificate;
pub mod due;
pub mod fingerprint;
pub mod from_standing;
pub mod medical;
pub mod records;
pub mod stale;
#[cfg(test)]
mod tests;
mod text;

pub use text::months_text;

use super::standing::{self, Standing};
use crate::model::code_enum::code_enum;
use crate::model::{Contribution, InsuranceKind, Profile, Source, VaultDocument, YearMonth};
use crate::rules::RuleSet;
use crate::store::Acknowledgement;
use crate::vault::CertificateMaxAge;
use crate::{Error, Lang, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

code_enum! {
    /// What an alert is about. Stable: scripts and the acknowledgement table use these codes.
    pub enum AlertCode as "alert code" {
        /// Months without a paid record between paid months, per kind.
        Gap = "gap",
        /// Months marked owed (欠费).
        Owed = "owed",
        /// Flexible employment: this month's payment is due within a few days.
        DueSoon = "due_soon",
        /// Flexible employment: a month's payment is past its deadline and not recorded.
        Overdue = "overdue",
        /// Flexible employment: no payment deadline known for the profile.
        DeadlineUnknown = "deadline_unknown",
        /// A medical gap long enough to bring a waiting period (or of unknown consequence).
        MedicalLapseRisk = "medical_lapse_risk",
        /// The minimum pension years cannot be reached by the statutory retirement month.
        MinYearsShortfall = "min_years_shortfall",
        /// A base below the regional floor or above the ceiling for its month.
        BaseOutOfRange = "base_out_of_range",
        /// A source not brought up to date within its freshness class.
        StaleData = "stale_data",
        /// Months in cross-province transfer: pending, not gaps.
        TransferPending = "transfer_pending",
        /// The reported personal-account balance differs from the computed one (余额不符).
        BalanceMismatch = "balance_mismatch",
        /// The newest 参保证明 in the vault is older than the age limit.
        CertificateStale = "certificate_stale",
    }
}

code_enum! {
    /// How urgent: `info` to know, `warning` to act on, `critical` to act on now.
    pub enum Severity as "severity" {
        Info = "info",
        Warning = "warning",
        Critical = "critical",
    }
}

impl AlertCode {
    /// A short title: 断缴 / gap.
    pub fn label(self, lang: Lang) -> &'static str {
        use AlertCode::*;
        match self {
            Gap => lang.pick("断缴", "gap"),
            Owed => lang.pick("欠费", "owed"),
            DueSoon => lang.pick("即将到期", "due soon"),
            Overdue => lang.pick("逾期未缴", "overdue"),
            DeadlineUnknown => lang.pick("缴费截止日未知", "deadline unknown"),
            MedicalLapseRisk => lang.pick("医保中断风险", "medical cover at risk"),
            MinYearsShortfall => lang.pick("缴费年限不足", "minimum years short"),
            BaseOutOfRange => lang.pick("缴费基数超出范围", "base out of range"),
            StaleData => lang.pick("数据未更新", "stale data"),
            TransferPending => lang.pick("转移接续中", "transfer pending"),
            BalanceMismatch => lang.pick("余额不符", "balance mismatch"),
            CertificateStale => lang.pick("参保证明已过期", "certificate out of date"),
        }
    }
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("提示", "info"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Critical => lang.pick("紧急", "critical"),
        }
    }
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub code: AlertCode,
    pub kind: Option<InsuranceKind>,
    pub severity: Severity,
    pub months: Vec<YearMonth>,
    /// 16 hex digits: a digest of code, kind, months and facts.
    pub fingerprint: String,
    pub acknowledged: bool,
    /// What the message is written from.
    pub facts: Facts,
}

/// The facts of an alert, per code. Messages, advice and the rule used are written from them;
/// the fingerprint digests them (see [`Facts::canonical`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Facts {
    Gap(records::GapFacts),
    Owed,
    TransferPending,
    Due(due::DueFacts),
    Overdue(due::OverdueFacts),
    DeadlineUnknown,
    MedicalLapse(medical::LapseFacts),
    MinYears(from_standing::MinYearsFacts),
    BaseOutOfRange(base_range::BaseFacts),
    Stale(stale::StaleFacts),
    BalanceMismatch(from_standing::MismatchFacts),
    CertificateStale(certificate::CertificateFacts),
}

impl Alert {
    pub(crate) fn new(
        code: AlertCode,
        kind: Option<InsuranceKind>,
        severity: Severity,
        months: Vec<YearMonth>,
        facts: Facts,
    ) -> Alert {
        let fingerprint = fingerprint::of(code, kind, &months, &facts.canonical());
        Alert {
            code,
            kind,
            severity,
            months,
            fingerprint,
            acknowledged: false,
            facts,
        }
    }

    /// What happened and what it means, in `lang`.
    pub fn explanation(&self, lang: Lang) -> String {
        text::explanation(self, lang)
    }

    /// What to do about it.
    pub fn action(&self, lang: Lang) -> String {
        text::action(self, lang)
    }

    /// The rule the alert used, where one applies: a citation, or the app's own threshold.
    pub fn rule(&self, lang: Lang) -> Option<String> {
        text::rule(self, lang)
    }

    /// The whole message on one line: explanation, what to do, and the rule used.
    pub fn message(&self, lang: Lang) -> String {
        let mut parts = vec![self.explanation(lang)];
        parts.push(format!(
            "{}{}",
            lang.pick("建议：", "What to do: "),
            self.action(lang)
        ));
        if let Some(rule) = self.rule(lang) {
            parts.push(format!("{}{}", lang.pick("依据：", "Rule: "), rule));
        }
        parts.join(lang.pick("", " "))
    }
}

/// Everything the alerts read.
pub struct AlertInput<'a> {
    pub rules: &'a RuleSet,
    pub profile: &'a Profile,
    pub records: &'a [Contribution],
    /// The sources the profile's records and balances came from.
    pub sources: &'a [Source],
    /// The standing with the default scenario (statutory age, last base).
    pub standing: &'a Standing,
    /// The profile's documents in the vault, and after how many days a certificate is old.
    pub documents: &'a [VaultDocument],
    pub certificate_max_age: CertificateMaxAge,
    pub today: NaiveDate,
}

/// Every alert for the profile, most urgent first, none acknowledged. A `today` outside the
/// supported years is an error (the standing refuses it too).
pub fn alerts(input: &AlertInput<'_>) -> Result<Vec<Alert>> {
    let this_month = YearMonth::of_date(input.today).ok_or_else(|| Error::DateOutOfRange {
        field: "today".into(),
        value: input.today.to_string(),
    })?;
    let sets = super::MonthSets::of(input.records);
    let region = standing::profile_region(input.rules, input.profile, input.records);
    let mut all = Vec::new();
    all.extend(records::alerts(input.records, &sets));
    all.extend(due::alerts(
        input.profile,
        input.records,
        &sets,
        input.today,
        this_month,
    ));
    all.extend(medical::alerts(&sets, region, this_month));
    all.extend(base_range::alerts(input.rules, region, input.records));
    all.extend(stale::alerts(input.sources, input.today));
    all.extend(from_standing::alerts(input.rules, input.standing));
    all.extend(certificate::alerts(
        input.documents,
        input.certificate_max_age,
        input.today,
    ));
    sort(&mut all);
    Ok(all)
}

/// Most urgent first, then by code, kind and first month: a stable order for lists and tests.
pub fn sort(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(&b.code))
            .then(a.kind.cmp(&b.kind))
            .then(a.months.first().cmp(&b.months.first()))
            .then(a.fingerprint.cmp(&b.fingerprint))
    });
}

/// Marks the alerts whose (code, kind, fingerprint) were acknowledged.
pub fn mark_acknowledged(alerts: &mut [Alert], acknowledgements: &[Acknowledgement]) {
    let acked: BTreeSet<(&str, Option<InsuranceKind>, &str)> = acknowledgements
        .iter()
        .map(|a| (a.code.as_str(), a.kind, a.fingerprint.as_str()))
        .collect();
    for alert in alerts {
        alert.acknowledged =
            acked.contains(&(alert.code.as_str(), alert.kind, alert.fingerprint.as_str()));
    }
}
