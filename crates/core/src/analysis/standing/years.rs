//! Contribution years: how many months each kind has, and — for the pension — how the paid months
//! compare with the minimum the rules require by the statutory retirement month.
//!
//! "Paying continuously from today" means one month for every month from today's month up to
//! the month before retirement that is not already paid: the retirement month itself is when the
//! pension starts, not a contribution month. Months in cross-province transfer do not count yet.

use crate::model::{InsuranceKind, YearMonth};
use serde::{Serialize, Serializer};
use std::collections::BTreeSet;

/// A number of months shown as years with two decimals (181 → 15.08): months ÷ 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Years(pub u32);

impl Years {
    pub fn months(self) -> u32 {
        self.0
    }

    /// Hundredths of a year, rounded half-up: 181 months → 1508.
    pub fn hundredths(self) -> u32 {
        (self.0 * 100 * 2 + 12) / 24
    }
}

impl std::fmt::Display for Years {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let h = self.hundredths();
        match h % 100 {
            0 => write!(f, "{}", h / 100),
            r if r % 10 == 0 => write!(f, "{}.{}", h / 100, r / 10),
            r => write!(f, "{}.{r:02}", h / 100),
        }
    }
}

/// A JSON number: `15`, `15.5`, `15.08`.
impl Serialize for Years {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.hundredths();
        if h.is_multiple_of(100) {
            s.serialize_u32(h / 100)
        } else {
            s.serialize_f64(f64::from(h) / 100.0)
        }
    }
}

/// One kind's months: paid (counted once per month) and pending transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindYears {
    pub kind: InsuranceKind,
    pub months_paid: u32,
    pub years: Years,
    /// Months in cross-province transfer: they count once the transfer completes.
    pub months_pending: u32,
}

/// The pension's paid months against the minimum for the statutory retirement month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PensionYears {
    pub months_paid: u32,
    pub years_paid: Years,
    pub months_pending: u32,
    /// Minimum months for the year the statutory age is reached.
    pub months_required: u32,
    pub years_required: Years,
    /// Months still to pay to reach the minimum (0 when reached).
    pub months_still_needed: u32,
    /// Whether the minimum is already met by paid months.
    pub reached_already: bool,
    /// The month the minimum is (or was) reached: the last of the required months — a paid
    /// month if already reached, else paying every month from today. `None` when it cannot be
    /// reached before the retirement month.
    pub reached_in: Option<YearMonth>,
    /// Paid months plus every month from today to the month before retirement.
    pub months_at_retirement: u32,
    /// Months short at the statutory retirement month even paying every month from today.
    pub months_short: u32,
}

/// `paid`: the pension months that count; `pending`: those in transfer; `today`: the current
/// month; `retirement`: the statutory retirement month; `required`: the minimum in months.
pub fn pension_years(
    paid: &BTreeSet<YearMonth>,
    pending: &BTreeSet<YearMonth>,
    today: YearMonth,
    retirement: YearMonth,
    required: u32,
) -> PensionYears {
    let months_paid = paid.len() as u32;
    let months_still_needed = required.saturating_sub(months_paid);
    let reached_already = months_still_needed == 0;
    // Future months that could still be paid: today .. retirement − 1, minus those already paid.
    let mut future = Vec::new();
    let mut month = today;
    while month < retirement {
        if !paid.contains(&month) {
            future.push(month);
        }
        match month.next() {
            Some(next) => month = next,
            None => break,
        }
    }
    let reached_in = if reached_already {
        if required == 0 {
            None
        } else {
            paid.iter().nth(required as usize - 1).copied()
        }
    } else {
        future.get(months_still_needed as usize - 1).copied()
    };
    let months_at_retirement = months_paid + future.len() as u32;
    PensionYears {
        months_paid,
        years_paid: Years(months_paid),
        months_pending: pending.len() as u32,
        months_required: required,
        years_required: Years(required),
        months_still_needed,
        reached_already,
        reached_in,
        months_at_retirement,
        months_short: required.saturating_sub(months_at_retirement),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn run(from: YearMonth, n: i64) -> BTreeSet<YearMonth> {
        (0..n).map(|i| from.add_months(i).unwrap()).collect()
    }

    #[test]
    fn years_show_two_decimals_at_most() {
        assert_eq!(Years(180).to_string(), "15");
        assert_eq!(Years(186).to_string(), "15.5");
        assert_eq!(Years(181).to_string(), "15.08");
        assert_eq!(Years(183).to_string(), "15.25");
        assert_eq!(serde_json::to_string(&Years(181)).unwrap(), "15.08");
        assert_eq!(serde_json::to_string(&Years(240)).unwrap(), "20");
    }

    #[test]
    fn already_reached_names_the_month_it_was_reached() {
        let paid = run(ym(2000, 1), 200);
        let y = pension_years(&paid, &BTreeSet::new(), ym(2026, 11), ym(2030, 1), 180);
        assert!(y.reached_already);
        assert_eq!(y.reached_in, Some(ym(2014, 12)), "the 180th paid month");
        assert_eq!((y.months_still_needed, y.months_short), (0, 0));
    }

    #[test]
    fn paying_from_today_reaches_the_minimum_or_says_how_short() {
        // 120 months paid, 60 still needed; 2026-11 + 59 months = 2031-10.
        let paid = run(ym(2010, 1), 120);
        let y = pension_years(&paid, &BTreeSet::new(), ym(2026, 11), ym(2040, 1), 180);
        assert_eq!(y.months_still_needed, 60);
        assert_eq!(y.reached_in, Some(ym(2031, 10)));
        assert_eq!(y.months_short, 0);
        // Retiring in 2029-01: only 26 months left (2026-11 … 2028-12), 34 short.
        let y = pension_years(&paid, &BTreeSet::new(), ym(2026, 11), ym(2029, 1), 180);
        assert_eq!(y.reached_in, None);
        assert_eq!(y.months_at_retirement, 146);
        assert_eq!(y.months_short, 34);
    }

    #[test]
    fn a_month_already_paid_this_month_is_not_counted_twice() {
        let mut paid = run(ym(2005, 1), 179);
        paid.insert(ym(2026, 11)); // this month already paid: 180 in all
        let y = pension_years(&paid, &BTreeSet::new(), ym(2026, 11), ym(2040, 1), 180);
        assert!(y.reached_already);
        assert_eq!(y.reached_in, Some(ym(2026, 11)));
    }

    proptest! {
        /// Paying every month from today, the minimum is reached exactly when the months at
        /// retirement cover it; the reach month is before retirement; shortfall + reach agree.
        #[test]
        fn reach_and_shortfall_agree(
            paid_n in 0i64..260, today_off in 0i64..400, left in 0i64..400, required in (30u32..=40).prop_map(|h| h * 6),
        ) {
            let paid = run(ym(1995, 1), paid_n);
            let today = ym(1995, 1).add_months(today_off).unwrap();
            let retirement = today.add_months(left).unwrap();
            let y = pension_years(&paid, &BTreeSet::new(), today, retirement, required);
            prop_assert_eq!(y.months_short == 0, y.reached_in.is_some());
            prop_assert_eq!(y.months_short, required.saturating_sub(y.months_at_retirement));
            prop_assert!(y.months_at_retirement >= y.months_paid);
            if let Some(month) = y.reached_in {
                if !y.reached_already {
                    prop_assert!(month >= today && month < retirement);
                }
            }
        }
    }
}
