//! The pension personal account (个人账户): a balance computed from the credited amounts and the
//! national crediting rates (记账利率), next to the balances an official statement reported.
//!
//! What is and is not known decides the method:
//!
//! - **Credits.** Each paid pension month's credited amount (划入个人账户) where the source
//!   gives it; else derived from its base and the personal-account share in the rule tables (8%
//!   of an employee's base since 2006, 11% before; 8% for flexible employment); a month with
//!   neither is *incomplete* and no judgement is made over it.
//! - **Interest** is credited at each year end at that year's national rate. How interest on
//!   the year's own credits is computed (the "月积数" convention) was not found in a source, so
//!   the computation keeps two bounds: *low* gives the year's own credits no interest, *high*
//!   gives them a full year. Any convention lies between.
//! - **Years without a national rate** (before 2016: provincial; a year not yet announced):
//!   interest is at least zero, so *low* takes none and *high* becomes unknown. Never invented.
//! - **Anchors.** Each reported balance is checked by rolling forward from the previous reported
//!   balance (from zero for the first), so one old difference does not spill into every later
//!   year. A reported balance outside `[low, high]` by more than the tolerance is a mismatch
//!   (余额不符) — often a second account left behind after a job change. The first balance,
//!   computed from zero, is only judged when it is *lower* than the credits alone: a higher one
//!   may hold years from before the first stored record.

use crate::model::YearMonth;
use crate::model::{
    date_supported, BalanceOrigin, BalanceSnapshot, Contribution, InsuranceKind, Money, Payer,
};
use crate::rules::{BasisPoints, CreditingRates, NationalTable, RateStatus};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The smallest difference ever flagged, whatever the balance: ¥10.
pub const TOLERANCE_MIN: Money = Money::from_fen(1_000);
/// And in proportion to the reported balance: 1% (100 bp).
pub const TOLERANCE_BP: i64 = 100;

/// How a paid month's credit was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditOrigin {
    /// The record says how much went into the account.
    Recorded,
    /// Base × the share in the rule tables.
    Derived,
}

/// The credits per month, and the months that have no credit and no base.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credits {
    pub by_month: BTreeMap<YearMonth, Money>,
    pub derived_months: Vec<YearMonth>,
    pub incomplete_months: Vec<YearMonth>,
}

impl Credits {
    /// Credits of the pension months that count as paid. A month paid by two payers has two
    /// credits (two accounts were credited); each is taken.
    pub fn of<'a>(
        records: impl IntoIterator<Item = &'a Contribution>,
        national: &NationalTable,
    ) -> Credits {
        let mut credits = Credits::default();
        for r in records {
            if r.kind != InsuranceKind::Pension || !r.status.counts_as_paid() {
                continue;
            }
            let credit = match (r.credited, r.base) {
                (Some(credited), _) => Some((credited, CreditOrigin::Recorded)),
                (None, Some(base)) => {
                    let account = &national.personal_account;
                    // Before 1998 each province set its own share: the credit is unknown.
                    let share = match r.payer {
                        Payer::SelfPaid => Some(account.flexible_account_share_bp),
                        Payer::Employer(_) => account.employee_share(r.month),
                    };
                    let whole = i64::from(BasisPoints::WHOLE);
                    share.map(|share| {
                        (
                            base.scale(i64::from(share.bp()), whole),
                            CreditOrigin::Derived,
                        )
                    })
                }
                (None, None) => None,
            };
            match credit {
                Some((amount, origin)) => {
                    *credits.by_month.entry(r.month).or_default() += amount;
                    if origin == CreditOrigin::Derived {
                        credits.derived_months.push(r.month);
                    }
                }
                None => credits.incomplete_months.push(r.month),
            }
        }
        credits.derived_months.dedup();
        credits.incomplete_months.dedup();
        credits
    }

    fn between(
        &self,
        after: Option<YearMonth>,
        upto: YearMonth,
    ) -> impl Iterator<Item = (YearMonth, Money)> + '_ {
        self.by_month
            .range(..=upto)
            .filter(move |(m, _)| after.is_none_or(|a| **m > a))
            .map(|(m, a)| (*m, *a))
    }

    fn incomplete_between(&self, after: Option<YearMonth>, upto: YearMonth) -> Vec<YearMonth> {
        self.incomplete_months
            .iter()
            .copied()
            .filter(|m| *m <= upto && after.is_none_or(|a| *m > a))
            .collect()
    }
}

/// A crediting rate as used, with how firm it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateUsed {
    pub year: i32,
    pub rate_bp: BasisPoints,
    pub status: RateStatus,
}

/// A computed balance at a date: between `low` and `high` (unknown when a year had no rate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Computed {
    pub as_of: NaiveDate,
    /// The reported balance it started from (`None`: from zero, the first record on).
    pub from: Option<Anchor>,
    pub low: Money,
    pub high: Option<Money>,
    pub rates_used: Vec<RateUsed>,
    /// Year ends that had no national rate: interest taken as zero in `low`, `high` unknown.
    pub years_without_rate: Vec<i32>,
    /// Paid months with neither a credited amount nor a base.
    pub incomplete_months: Vec<YearMonth>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anchor {
    pub as_of: NaiveDate,
    pub amount: Money,
}

/// The verdict on one reported balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceStatus {
    /// Within `[low − tolerance, high + tolerance]`.
    Consistent,
    /// Outside it: 余额不符.
    Mismatch,
    /// Cannot say: above `low` but `high` unknown (a year without a rate), or credits missing.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub as_of: NaiveDate,
    pub reported: Money,
    pub source: crate::model::SourceId,
    pub computed: Computed,
    pub tolerance: Money,
    pub status: BalanceStatus,
    /// Reported minus the nearer bound, when it is a mismatch (negative: reported is lower).
    pub difference: Option<Money>,
}

/// The personal account of one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountCheck {
    pub reconciliations: Vec<Reconciliation>,
    /// The balance today: from the latest reported balance (or zero) and the credits since.
    pub current: Computed,
    /// Months whose credit was derived from the base and the table's share.
    pub derived_months: u32,
}

/// `balances`: the profile's snapshots (only reported pension balances are used); `today`: the
/// date the current balance is computed for.
///
/// A balance dated outside the supported years (imports refuse one, but an older database may
/// hold it) is an error naming it: rolling to it would need its month.
pub fn account_check(
    credits: &Credits,
    balances: &[BalanceSnapshot],
    rates: &CreditingRates,
    today: NaiveDate,
) -> Result<AccountCheck> {
    let mut reported: Vec<&BalanceSnapshot> = balances
        .iter()
        .filter(|b| b.kind == InsuranceKind::Pension && b.origin == BalanceOrigin::Reported)
        .collect();
    if let Some(far) = reported.iter().find(|b| !date_supported(b.as_of)) {
        return Err(out_of_range("balance as_of", far.as_of));
    }
    reported.sort_by_key(|b| b.as_of);
    let mut anchor: Option<Anchor> = None;
    let mut reconciliations = Vec::new();
    for balance in reported {
        let computed = roll(credits, rates, anchor, balance.as_of)?;
        let tolerance = tolerance(balance.amount);
        let (status, difference) = judge(balance.amount, &computed, tolerance);
        reconciliations.push(Reconciliation {
            as_of: balance.as_of,
            reported: balance.amount,
            source: balance.source,
            computed,
            tolerance,
            status,
            difference,
        });
        anchor = Some(Anchor {
            as_of: balance.as_of,
            amount: balance.amount,
        });
    }
    let current = roll(credits, rates, anchor.filter(|a| a.as_of <= today), today)?;
    Ok(AccountCheck {
        reconciliations,
        current,
        derived_months: credits.derived_months.len() as u32,
    })
}

fn out_of_range(field: &str, date: NaiveDate) -> Error {
    Error::DateOutOfRange {
        field: field.into(),
        value: date.to_string(),
    }
}

/// max(¥10, 1% of the reported balance).
pub fn tolerance(reported: Money) -> Money {
    reported
        .scale(TOLERANCE_BP, i64::from(BasisPoints::WHOLE))
        .max(TOLERANCE_MIN)
}

fn judge(reported: Money, computed: &Computed, tolerance: Money) -> (BalanceStatus, Option<Money>) {
    if !computed.incomplete_months.is_empty() {
        return (BalanceStatus::Unknown, None);
    }
    if reported < computed.low - tolerance {
        return (BalanceStatus::Mismatch, Some(reported - computed.low));
    }
    match computed.high {
        // From zero, a higher balance may be history from before the first stored record (the
        // national platform shows at most three years per query): it cannot be judged.
        Some(high) if reported > high + tolerance && computed.from.is_none() => {
            (BalanceStatus::Unknown, None)
        }
        Some(high) if reported > high + tolerance => {
            (BalanceStatus::Mismatch, Some(reported - high))
        }
        Some(_) => (BalanceStatus::Consistent, None),
        None => (BalanceStatus::Unknown, None),
    }
}

/// The balance at `end`, starting from `anchor` (or zero before the first credit). Both dates
/// must lie in the supported years (an error names the one that does not).
pub fn roll(
    credits: &Credits,
    rates: &CreditingRates,
    anchor: Option<Anchor>,
    end: NaiveDate,
) -> Result<Computed> {
    let end_month = YearMonth::of_date(end).ok_or_else(|| out_of_range("as_of", end))?;
    let after = match anchor {
        Some(a) => {
            Some(YearMonth::of_date(a.as_of).ok_or_else(|| out_of_range("anchor", a.as_of))?)
        }
        None => None,
    };
    let start = anchor.map_or(Money::ZERO, |a| a.amount);
    let (mut low, mut high) = (start, Some(start));
    let mut rates_used = Vec::new();
    let mut years_without_rate = Vec::new();
    // Credits of the window grouped by year; interest at each year end inside the window.
    let mut by_year: BTreeMap<i32, Money> = BTreeMap::new();
    for (month, amount) in credits.between(after, end_month) {
        *by_year.entry(month.year()).or_default() += amount;
    }
    let first_year = match (anchor, by_year.keys().next()) {
        (Some(a), _) => a.as_of.year(),
        (None, Some(&y)) => y,
        (None, None) => end.year(),
    };
    for year in first_year..=end.year() {
        let credited = by_year.get(&year).copied().unwrap_or_default();
        // The years run between two checked dates, and 31 December exists in every one.
        let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a year of the checked range");
        let year_end_inside = year_end <= end && anchor.is_none_or(|a| year_end > a.as_of);
        if !year_end_inside {
            low += credited;
            high = high.map(|h| h + credited);
            continue;
        }
        // A carried balance earns the year's rate if it was there all year: an anchor dated
        // inside this year was partly this year's own credits, so low gives it none.
        let carried_all_year = anchor.is_none_or(|a| a.as_of.year() < year);
        match rates.for_year(year) {
            Some(rate) => {
                let bp = i64::from(rate.rate_bp.bp());
                let whole = i64::from(BasisPoints::WHOLE);
                let interest = |m: Money| m.scale(bp, whole);
                if carried_all_year {
                    low += interest(low);
                }
                low += credited;
                high = high.map(|h| h + interest(h) + credited + interest(credited));
                rates_used.push(RateUsed {
                    year,
                    rate_bp: rate.rate_bp,
                    status: rate.status,
                });
            }
            None => {
                low += credited;
                high = None;
                years_without_rate.push(year);
            }
        }
    }
    Ok(Computed {
        as_of: end,
        from: anchor,
        low,
        high,
        rates_used,
        years_without_rate,
        incomplete_months: credits.incomplete_between(after, end_month),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContributionStatus, Money, YearMonth};
    use crate::rules::RuleSet;
    use proptest::prelude::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rates() -> &'static CreditingRates {
        &RuleSet::bundled().national.crediting_rates
    }

    fn credits(entries: &[(YearMonth, i64)]) -> Credits {
        Credits {
            by_month: entries
                .iter()
                .map(|&(m, yuan)| (m, Money::from_yuan(yuan)))
                .collect(),
            ..Default::default()
        }
    }

    fn reported(as_of: NaiveDate, fen: i64) -> BalanceSnapshot {
        BalanceSnapshot {
            profile: 1,
            kind: InsuranceKind::Pension,
            as_of,
            amount: Money::from_fen(fen),
            origin: BalanceOrigin::Reported,
            source: 1,
        }
    }

    /// Hand-checked: ¥10,000 at the end of 2019, ¥400 credited each month of 2020, 2020's rate
    /// 6.04%: interest on the carried balance is ¥604.00; low = 10,000 + 604 + 4,800 = ¥15,404;
    /// high also gives the year's credits a full year: + 4,800 × 6.04% = ¥289.92 → ¥15,693.92.
    #[test]
    fn one_year_rolled_by_hand() {
        let year: Vec<(YearMonth, i64)> = (1..=12).map(|m| (ym(2020, m), 400)).collect();
        let anchor = Anchor {
            as_of: date(2019, 12, 31),
            amount: Money::from_yuan(10_000),
        };
        let c = roll(&credits(&year), rates(), Some(anchor), date(2020, 12, 31)).unwrap();
        assert_eq!(c.low, Money::from_yuan(15_404));
        assert_eq!(c.high, Some(Money::from_fen(1_569_392)));
        assert_eq!(
            c.rates_used,
            [RateUsed {
                year: 2020,
                rate_bp: BasisPoints(604),
                status: RateStatus::Official
            }]
        );
        assert!(c.years_without_rate.is_empty());
    }

    #[test]
    fn before_2016_there_is_no_national_rate_so_high_is_unknown() {
        let c = roll(
            &credits(&[(ym(2014, 6), 300), (ym(2015, 6), 300), (ym(2016, 6), 300)]),
            rates(),
            None,
            date(2016, 12, 31),
        )
        .unwrap();
        assert_eq!(c.years_without_rate, [2014, 2015]);
        assert_eq!(c.high, None);
        // low: 300, then 300 more, then 600 × 8.31% = 49.86 + 300.
        assert_eq!(c.low, Money::from_fen(94_986));
    }

    #[test]
    fn a_mid_year_date_has_no_interest_for_the_running_year() {
        let c = roll(
            &credits(&[(ym(2024, 1), 100), (ym(2024, 7), 100)]),
            rates(),
            None,
            date(2024, 6, 30),
        )
        .unwrap();
        assert_eq!(
            (c.low, c.high),
            (Money::from_yuan(100), Some(Money::from_yuan(100)))
        );
    }

    #[test]
    fn reported_balances_are_judged_against_the_range_from_the_previous_one() {
        let year: Vec<(YearMonth, i64)> = (1..=12).map(|m| (ym(2020, m), 400)).collect();
        let c = credits(&year);
        // 2019 is the first, from zero: higher than the (absent) credits before it, which may
        // be history from before the records, so not judged. 2020 rolls from it and fits.
        let ok = account_check(
            &c,
            &[
                reported(date(2019, 12, 31), 1_000_000),
                reported(date(2020, 12, 31), 1_550_000),
            ],
            rates(),
            date(2026, 11, 15),
        )
        .unwrap();
        let verdicts: Vec<BalanceStatus> = ok.reconciliations.iter().map(|r| r.status).collect();
        assert_eq!(
            verdicts,
            [BalanceStatus::Unknown, BalanceStatus::Consistent]
        );
        assert_eq!(ok.reconciliations[0].difference, None);
        // A first balance lower than the credits alone is judged: money is missing.
        let first_low = account_check(
            &c,
            &[reported(date(2020, 12, 31), 400_000)],
            rates(),
            date(2026, 11, 15),
        )
        .unwrap();
        assert_eq!(first_low.reconciliations[0].status, BalanceStatus::Mismatch);
        assert_eq!(
            first_low.reconciliations[0].difference,
            Some(Money::from_yuan(4_000 - 4_800))
        );
        // ¥1,000 lower than low and beyond 1% (¥150): a mismatch, reported lower.
        let low = account_check(
            &c,
            &[
                reported(date(2019, 12, 31), 1_000_000),
                reported(date(2020, 12, 31), 1_440_400),
            ],
            rates(),
            date(2026, 11, 15),
        )
        .unwrap();
        let second = &low.reconciliations[1];
        assert_eq!(second.status, BalanceStatus::Mismatch);
        assert_eq!(second.difference, Some(Money::from_yuan(-1_000)));
        assert_eq!(
            second.tolerance,
            Money::from_fen(1_440_400).scale(100, 10_000)
        );
        // The current balance rolls on from the latest reported one, through 2021–2025's rates.
        assert_eq!(low.current.from.unwrap().as_of, date(2020, 12, 31));
        let years: Vec<i32> = low.current.rates_used.iter().map(|r| r.year).collect();
        assert_eq!(years, [2021, 2022, 2023, 2024, 2025]);
    }

    #[test]
    fn credits_come_from_records_or_the_base_and_the_tables_share() {
        let national = &RuleSet::bundled().national;
        let record = |month: YearMonth, payer: Payer, base: Option<i64>, credited: Option<i64>| {
            Contribution {
                period_line: None,
                profile: 1,
                kind: InsuranceKind::Pension,
                month,
                region: None,
                payer,
                base: base.map(Money::from_yuan),
                personal: Money::ZERO,
                employer: Money::ZERO,
                credited: credited.map(Money::from_yuan),
                status: ContributionStatus::Paid,
                source: 1,
            }
        };
        let employer = || Payer::Employer("A".into());
        let records = [
            record(ym(2005, 12), employer(), Some(1000), None), // 11% → 110
            record(ym(2006, 1), employer(), Some(1000), None),  // 8% → 80
            record(ym(2006, 2), Payer::SelfPaid, Some(5000), None), // flexible 8% → 400
            record(ym(2006, 3), employer(), Some(1000), Some(77)), // as recorded
            record(ym(2006, 4), employer(), None, None),        // unknown
        ];
        let c = Credits::of(&records, national);
        let amounts: Vec<i64> = c.by_month.values().map(|m| m.fen() / 100).collect();
        assert_eq!(amounts, [110, 80, 400, 77]);
        assert_eq!(c.derived_months.len(), 3);
        assert_eq!(c.incomplete_months, [ym(2006, 4)]);
        // An incomplete window cannot be judged.
        let check = account_check(
            &c,
            &[reported(date(2006, 12, 31), 66_700)],
            &national.crediting_rates,
            date(2007, 1, 1),
        )
        .unwrap();
        assert_eq!(check.reconciliations[0].status, BalanceStatus::Unknown);
    }

    #[test]
    fn a_balance_dated_outside_the_supported_years_is_an_error_not_a_panic() {
        let c = credits(&[(ym(2020, 1), 400)]);
        let far = reported(date(2300, 6, 30), 1_000_000);
        let error = account_check(&c, &[far], rates(), date(2026, 11, 15)).unwrap_err();
        assert_eq!(error.code(), "date_out_of_range");
        assert!(error.message(crate::Lang::Zh).contains("2300-06-30"));
        let today_far = account_check(&c, &[], rates(), date(2300, 1, 1)).unwrap_err();
        assert_eq!(today_far.code(), "date_out_of_range");
    }

    proptest! {
        /// low ≤ high whenever high is known; more credits never lower either bound.
        #[test]
        fn bounds_are_ordered_and_monotone(
            monthly in proptest::collection::vec(0i64..3_000, 1..120),
            extra in 1i64..1_000,
        ) {
            let start = ym(2016, 1);
            let entries: Vec<(YearMonth, i64)> = monthly.iter().enumerate()
                .map(|(i, &y)| (start.add_months(i as i64).unwrap(), y)).collect();
            let end = date(2025, 12, 31);
            let a = roll(&credits(&entries), rates(), None, end).unwrap();
            prop_assert!(a.high.is_some(), "2016–2025 all have rates");
            prop_assert!(a.low <= a.high.unwrap());
            let mut more = entries.clone();
            more[0].1 += extra;
            let b = roll(&credits(&more), rates(), None, end).unwrap();
            prop_assert!(b.low > a.low);
            prop_assert!(b.high.unwrap() > a.high.unwrap());
        }
    }
}
