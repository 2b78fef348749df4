//! Flexible employment (灵活就业): the person pays each month by a deadline, so the app watches
//! the calendar for them.
//!
//! - The kinds watched are those they paid themselves in the last twelve months (else ever; else
//!   one alert for the profile as a whole).
//! - `overdue` (critical): months after the kind's last paid month with nothing recorded —
//!   every earlier month, and this month once its deadline has passed. Months with an owed
//!   record are left to the `owed` alert, months in transfer are not due.
//! - `due_soon` (warning): this month is not recorded yet and its deadline is at most
//!   [`DUE_SOON_DAYS`] days away.
//! - `deadline_unknown` (info): this month is not recorded and the profile has no deadline day.
//!   Deadlines are local (bank batch debits, tax-bureau apps) and not in the rule tables, so the
//!   app asks for the day rather than guessing one.
//!
//! The deadline is the profile's day in the current month, or the month's last day when the
//! month is shorter. "Not recorded" is all the app can know: a payment made but not yet synced
//! looks the same, and the message says so.

use super::{Alert, AlertCode, Facts, Severity};
use crate::analysis::MonthSets;
use crate::model::{
    Contribution, ContributionStatus, EmploymentCategory, InsuranceKind, Payer, Profile, YearMonth,
};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

/// How many days before the deadline `due_soon` starts: the app's own choice, a week.
pub const DUE_SOON_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueFacts {
    pub deadline: NaiveDate,
    /// Days from today to the deadline (0: today). Not part of the fingerprint.
    #[serde(skip)]
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueFacts {
    /// This month's deadline, when known and passed.
    pub deadline: Option<NaiveDate>,
    /// The last paid month of the kind, if any.
    pub last_paid: Option<YearMonth>,
}

/// The deadline in `month` for a day of the month: that day, or the month's last day.
pub fn deadline_in(month: YearMonth, day: u32) -> NaiveDate {
    let first = month.first_day();
    let next = month.next().map_or(first, YearMonth::first_day);
    let last_day = next.pred_opt().map_or(28, |d| d.day());
    // Clamped to 1..=the month's last day, of a month in the supported years: always a date.
    NaiveDate::from_ymd_opt(month.year(), month.month(), day.min(last_day).max(1))
        .expect("a day within the month")
}

pub fn alerts(
    profile: &Profile,
    records: &[Contribution],
    sets: &MonthSets,
    today: NaiveDate,
    this_month: YearMonth,
) -> Vec<Alert> {
    if profile.employment != EmploymentCategory::Flexible {
        return Vec::new();
    }
    let deadline = profile
        .payment_deadline_day
        .map(|day| deadline_in(this_month, day));
    let past_deadline = deadline.is_some_and(|d| today > d);
    let year_ago = this_month.add_months(-12).unwrap_or(this_month);
    let self_paid = |recent: bool| -> BTreeSet<InsuranceKind> {
        records
            .iter()
            .filter(|r| r.payer == Payer::SelfPaid)
            .filter(|r| !recent || (year_ago..=this_month).contains(&r.month))
            .map(|r| r.kind)
            .collect()
    };
    let mut kinds: Vec<Option<InsuranceKind>> = self_paid(true).into_iter().map(Some).collect();
    if kinds.is_empty() {
        kinds = self_paid(false).into_iter().map(Some).collect();
    }
    if kinds.is_empty() {
        kinds.push(None);
    }
    let owed: BTreeSet<(InsuranceKind, YearMonth)> = records
        .iter()
        .filter(|r| r.status == ContributionStatus::Owed)
        .map(|r| (r.kind, r.month))
        .collect();

    let mut alerts = Vec::new();
    let mut this_month_open = false;
    for kind in kinds {
        let recorded = |m: YearMonth| match kind {
            Some(k) => sets.is_paid(k, m) || sets.is_pending(k, m) || owed.contains(&(k, m)),
            None => false,
        };
        let last_paid = kind.and_then(|k| sets.paid(k).filter(|m| *m < this_month).last());
        let mut overdue: Vec<YearMonth> = Vec::new();
        if let Some(last) = last_paid {
            let mut m = last.next();
            while let Some(month) = m.filter(|m| *m < this_month) {
                if !recorded(month) {
                    overdue.push(month);
                }
                m = month.next();
            }
        }
        let open = !recorded(this_month);
        if open && past_deadline {
            overdue.push(this_month);
        }
        if !overdue.is_empty() {
            alerts.push(Alert::new(
                AlertCode::Overdue,
                kind,
                Severity::Critical,
                overdue,
                Facts::Overdue(OverdueFacts {
                    deadline: deadline.filter(|_| open && past_deadline),
                    last_paid,
                }),
            ));
        }
        if !open || past_deadline {
            continue;
        }
        this_month_open = true;
        if let Some(deadline) = deadline {
            let days_left = (deadline - today).num_days();
            if days_left <= DUE_SOON_DAYS {
                alerts.push(Alert::new(
                    AlertCode::DueSoon,
                    kind,
                    Severity::Warning,
                    vec![this_month],
                    Facts::Due(DueFacts {
                        deadline,
                        days_left,
                    }),
                ));
            }
        }
    }
    if this_month_open && deadline.is_none() {
        alerts.push(Alert::new(
            AlertCode::DeadlineUnknown,
            None,
            Severity::Info,
            Vec::new(),
            Facts::DeadlineUnknown,
        ));
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn the_deadline_day_is_clamped_to_the_months_last_day() {
        let d = |y, m, day| deadline_in(ym(y, m), day).to_string();
        assert_eq!(d(2026, 2, 31), "2026-02-28");
        assert_eq!(d(2028, 2, 30), "2028-02-29");
        assert_eq!(d(2026, 4, 31), "2026-04-30");
        assert_eq!(d(2026, 12, 31), "2026-12-31");
        assert_eq!(d(2026, 11, 15), "2026-11-15");
    }
}
