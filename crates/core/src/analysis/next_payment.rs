//! For someone who pays themselves (灵活就业): which month they pay next, for which kinds, and
//! by when — the line the dashboard shows beside the `due_soon` / `overdue` alerts, from the
//! same rules (see `alerts::due`): the kinds paid by themselves in the last twelve months (else
//! ever), this month until every one of them is recorded, then next month.

use super::alerts::due::deadline_in;
use super::MonthSets;
use crate::model::{ContributionStatus, EmploymentCategory, InsuranceKind, Profile, YearMonth};
use crate::store::ContributionMonth;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextPayment {
    pub month: YearMonth,
    /// The kinds still to be recorded for that month.
    pub kinds: Vec<InsuranceKind>,
    /// `None` when the profile has no deadline day (deadlines are local, not in the rules).
    pub deadline: Option<NaiveDate>,
    /// Days from today to the deadline; negative once it has passed.
    pub days_left: Option<i64>,
}

/// `None` for a profile that does not pay itself. `records` as [`crate::Store::contribution_months`]
/// reads them (a [`crate::model::Contribution`] converts with `ContributionMonth::from`): the
/// overview asks this of every profile, so it needs no more of a record than its kind, month,
/// status and whether it was self-paid.
pub fn next_payment(
    profile: &Profile,
    records: &[ContributionMonth],
    today: NaiveDate,
) -> Option<NextPayment> {
    if profile.employment != EmploymentCategory::Flexible {
        return None;
    }
    let this_month = YearMonth::of_date(today)?;
    let year_ago = this_month.add_months(-12).unwrap_or(this_month);
    let self_paid = |recent: bool| -> BTreeSet<InsuranceKind> {
        records
            .iter()
            .filter(|r| r.self_paid)
            .filter(|r| !recent || (year_ago..=this_month).contains(&r.month))
            .map(|r| r.kind)
            .collect()
    };
    let mut watched = self_paid(true);
    if watched.is_empty() {
        watched = self_paid(false);
    }
    let sets = MonthSets::of_months(records.iter().map(|r| (r.kind, r.month, r.status)));
    let recorded = |kind: InsuranceKind, month: YearMonth| {
        sets.is_paid(kind, month)
            || sets.is_pending(kind, month)
            || records
                .iter()
                .any(|r| r.kind == kind && r.month == month && r.status == ContributionStatus::Owed)
    };
    let open = |month: YearMonth| -> Vec<InsuranceKind> {
        watched
            .iter()
            .copied()
            .filter(|k| !recorded(*k, month))
            .collect()
    };
    let (month, kinds) = match open(this_month) {
        kinds if !kinds.is_empty() || watched.is_empty() => (this_month, kinds),
        _ => {
            let next = this_month.next()?;
            (next, watched.iter().copied().collect())
        }
    };
    let deadline = profile
        .payment_deadline_day
        .map(|day| deadline_in(month, day));
    Some(NextPayment {
        month,
        kinds,
        deadline,
        days_left: deadline.map(|d| (d - today).num_days()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contribution, Money, Payer};

    fn profile(deadline: Option<u32>, employment: EmploymentCategory) -> Profile {
        Profile {
            id: 1,
            name: "张三".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: None,
            employment,
            original_age: None,
            payment_deadline_day: deadline,
        }
    }

    fn paid(kind: InsuranceKind, month: &str) -> ContributionMonth {
        ContributionMonth::from(&Contribution {
            period_line: None,
            profile: 1,
            kind,
            month: month.parse().unwrap(),
            region: None,
            payer: Payer::SelfPaid,
            base: None,
            personal: Money::from_yuan(500),
            employer: Money::ZERO,
            credited: None,
            status: ContributionStatus::Paid,
            source: 1,
        })
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn this_month_until_every_kind_is_paid_then_next_month() {
        let p = profile(Some(25), EmploymentCategory::Flexible);
        let mut records = vec![
            paid(InsuranceKind::Pension, "2026-10"),
            paid(InsuranceKind::Medical, "2026-10"),
            paid(InsuranceKind::Pension, "2026-11"),
        ];
        let next = next_payment(&p, &records, day(2026, 11, 20)).unwrap();
        assert_eq!(next.month, "2026-11".parse().unwrap());
        assert_eq!(next.kinds, [InsuranceKind::Medical]);
        assert_eq!(next.deadline, Some(day(2026, 11, 25)));
        assert_eq!(next.days_left, Some(5));

        records.push(paid(InsuranceKind::Medical, "2026-11"));
        let next = next_payment(&p, &records, day(2026, 11, 20)).unwrap();
        assert_eq!(next.month, "2026-12".parse().unwrap());
        assert_eq!(next.kinds, [InsuranceKind::Pension, InsuranceKind::Medical]);
        assert_eq!(next.days_left, Some(35));
    }

    #[test]
    fn a_passed_deadline_counts_down_below_zero_and_a_short_month_ends_early() {
        let p = profile(Some(31), EmploymentCategory::Flexible);
        let records = vec![paid(InsuranceKind::Pension, "2027-01")];
        let next = next_payment(&p, &records, day(2027, 2, 10)).unwrap();
        assert_eq!(next.deadline, Some(day(2027, 2, 28)));
        let late = next_payment(
            &profile(Some(5), EmploymentCategory::Flexible),
            &records,
            day(2027, 2, 10),
        )
        .unwrap();
        assert_eq!(late.days_left, Some(-5));
    }

    #[test]
    fn employees_have_none_and_an_unknown_deadline_stays_unknown() {
        let records = vec![paid(InsuranceKind::Pension, "2026-10")];
        assert_eq!(
            next_payment(
                &profile(None, EmploymentCategory::Employee),
                &records,
                day(2026, 11, 1)
            ),
            None
        );
        let next = next_payment(
            &profile(None, EmploymentCategory::Flexible),
            &records,
            day(2026, 11, 1),
        )
        .unwrap();
        assert_eq!((next.deadline, next.days_left), (None, None));
    }

    #[test]
    fn only_self_paid_kinds_are_watched_and_an_owed_month_is_recorded() {
        let p = profile(None, EmploymentCategory::Flexible);
        let by_employer = ContributionMonth {
            self_paid: false,
            ..paid(InsuranceKind::Unemployment, "2026-11")
        };
        let owed = ContributionMonth {
            status: ContributionStatus::Owed,
            ..paid(InsuranceKind::Medical, "2026-11")
        };
        let records = vec![
            paid(InsuranceKind::Pension, "2026-11"),
            paid(InsuranceKind::Medical, "2026-10"),
            by_employer,
            owed,
        ];
        let next = next_payment(&p, &records, day(2026, 11, 20)).unwrap();
        assert_eq!(next.month, "2026-12".parse().unwrap());
        assert_eq!(next.kinds, [InsuranceKind::Pension, InsuranceKind::Medical]);
    }
}
