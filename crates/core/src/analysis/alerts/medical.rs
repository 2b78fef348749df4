//! `medical_lapse_risk`: a gap in medical insurance long enough to bring a waiting period (待遇
//! 等待期) when cover resumes — the costliest surprise of a missed month.
//!
//! Monthly medical records are taken to be employee medical insurance (职工医保, which flexible
//! workers may join); the residents' scheme (居民医保) is paid yearly and not modelled here. The
//! waiting-period rule is the region's `employee` entry in `medical_waiting` (Shanghai: 6 months,
//! waived when payment resumes within 3). No national rule for employee medical insurance was
//! found, so where the region has none the alert says the consequence is unknown and to ask the
//! city, rather than guessing.
//!
//! Two situations are watched:
//!
//! - **ongoing** — no medical month recorded after the last paid (or pending) one, up to the
//!   month before this one (this month may still be paid). With a rule: a warning while resuming
//!   would still waive the wait (and by when), critical once the wait applies (how long). Without
//!   a rule: a warning that the consequence is unknown.
//! - **past** — a gap between paid months whose waiting period, by the current rule, would still
//!   be running this month (warning). Older gaps are the `gap` alert's business.

use super::records::months_from;
use super::{Alert, AlertCode, Facts, Severity};
use crate::analysis::{gaps_between, MonthSets};
use crate::model::{InsuranceKind, YearMonth};
use crate::rules::{Citation, MedicalScheme, MedicalWaiting, RegionTable};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "situation", rename_all = "snake_case")]
pub enum Lapse {
    /// Unpaid since `last_paid`, and resuming by `resume_by` still waives the wait.
    WithinWaiver {
        resume_by: YearMonth,
        waiting_after: u32,
    },
    /// Unpaid long enough that re-enrolling now brings `waiting_months` of waiting.
    Waiting { waiting_months: u32 },
    /// Unpaid, and the region's rule is not known.
    UnknownRule,
    /// A past gap whose waiting period runs until `until` (this month or later).
    StillWaiting {
        resumed: YearMonth,
        until: YearMonth,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LapseFacts {
    pub situation: Lapse,
    pub last_paid: YearMonth,
    pub gap_months: u32,
    /// The region whose rule was looked up (its Chinese and English names).
    pub region: (String, String),
    /// The rule used, when the region has one.
    pub rule: Option<Citation>,
}

/// The waiting period, in months, after a gap of `gap` months under `rule`: none when resumed
/// within the waiver; else the fixed months, plus the variable months per gap year beyond the
/// first, and at least the long-gap minimum after a long gap.
pub fn waiting_months(rule: &MedicalWaiting, gap: u32) -> u32 {
    if gap == 0
        || rule
            .waived_if_resumed_within_months
            .is_some_and(|w| gap <= w)
    {
        return 0;
    }
    let mut total = rule.fixed_months;
    if let Some(per_year) = rule.variable_months_per_gap_year {
        let gap_years = gap.div_ceil(12);
        total += gap_years.saturating_sub(1) * per_year;
    }
    if let (Some(years), Some(min)) = (rule.long_gap_years, rule.long_gap_min_months) {
        if gap >= years * 12 {
            total = total.max(min);
        }
    }
    total
}

pub fn alerts(sets: &MonthSets, region: &RegionTable, this_month: YearMonth) -> Vec<Alert> {
    let kind = InsuranceKind::Medical;
    let empty = BTreeSet::new();
    let paid = sets.paid.get(&kind).unwrap_or(&empty);
    let pending = sets.pending.get(&kind).unwrap_or(&empty);
    let Some(&last_paid) = paid.range(..this_month).next_back() else {
        return Vec::new(); // never insured here, nothing to lapse
    };
    let rule = region
        .medical_waiting
        .iter()
        .find(|w| w.scheme == MedicalScheme::Employee);
    let names = (region.region.name_zh.clone(), region.region.name_en.clone());
    let facts = |situation, last_paid, gap_months| LapseFacts {
        situation,
        last_paid,
        gap_months,
        region: names.clone(),
        rule: rule.map(|r| r.source.clone()),
    };
    let mut alerts = Vec::new();

    // Ongoing: after the last paid or pending month, up to last month.
    let last_recorded = pending
        .iter()
        .copied()
        .filter(|m| *m < this_month)
        .chain([last_paid])
        .max()
        .unwrap_or(last_paid);
    let before_this_month = this_month.add_months(-1);
    if let (Some(first_unpaid), Some(last_month)) = (
        last_recorded.next().filter(|m| *m < this_month),
        before_this_month,
    ) {
        let months = months_from(first_unpaid, last_month);
        let gap = months.len() as u32;
        let (situation, severity) = match rule {
            None => (Lapse::UnknownRule, Severity::Warning),
            // The waiver's deadline from the rule table's months; one past the supported
            // years (a record near 2200) is judged as no waiver.
            Some(rule) => match rule
                .waived_if_resumed_within_months
                .filter(|&w| gap <= w)
                .and_then(|w| Some((w, last_recorded.add_months(i64::from(w) + 1)?)))
            {
                Some((w, resume_by)) => (
                    Lapse::WithinWaiver {
                        resume_by,
                        waiting_after: waiting_months(rule, w + 1),
                    },
                    Severity::Warning,
                ),
                None => (
                    Lapse::Waiting {
                        waiting_months: waiting_months(rule, gap),
                    },
                    Severity::Critical,
                ),
            },
        };
        alerts.push(Alert::new(
            AlertCode::MedicalLapseRisk,
            Some(kind),
            severity,
            months,
            Facts::MedicalLapse(facts(situation, last_recorded, gap)),
        ));
    }

    // Past gaps whose waiting period still runs.
    if let Some(rule) = rule {
        for gap in gaps_between(paid, pending) {
            let wait = waiting_months(rule, gap.months);
            // A gap lies between two paid months, so both neighbours exist.
            let (Some(resumed), Some(before)) = (gap.to.next(), gap.from.add_months(-1)) else {
                continue;
            };
            let Some(until) = resumed.add_months(i64::from(wait) - 1) else {
                continue;
            };
            if wait == 0 || until < this_month {
                continue;
            }
            alerts.push(Alert::new(
                AlertCode::MedicalLapseRisk,
                Some(kind),
                Severity::Warning,
                months_from(gap.from, gap.to),
                Facts::MedicalLapse(facts(
                    Lapse::StillWaiting { resumed, until },
                    before,
                    gap.months,
                )),
            ));
        }
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn rule(region: &str, scheme: MedicalScheme) -> MedicalWaiting {
        RuleSet::bundled()
            .region(region)
            .unwrap()
            .medical_waiting
            .iter()
            .find(|w| w.scheme == scheme)
            .unwrap()
            .clone()
    }

    #[test]
    fn shanghai_waives_within_three_months_then_waits_six() {
        let r = rule("shanghai", MedicalScheme::Employee);
        assert_eq!(
            (1..=8).map(|g| waiting_months(&r, g)).collect::<Vec<_>>(),
            [0, 0, 0, 6, 6, 6, 6, 6]
        );
    }

    #[test]
    fn the_residents_rule_adds_a_month_per_extra_gap_year() {
        let r = rule("national", MedicalScheme::Resident);
        // 1–12 months: 3; 13–24: 4; 25–36: 5; 4 years and more: at least 6.
        let w = |g| waiting_months(&r, g);
        assert_eq!(
            (w(1), w(12), w(13), w(24), w(25), w(48), w(60)),
            (3, 3, 4, 4, 5, 6, 7)
        );
    }
}
