//! Personal-account balances over time per account (pension, medical, housing fund): the
//! balances official statements reported, as points, and the computed balance, as a line.
//!
//! The computed line is `standing::account::roll` at each month end, started — as the account
//! check does — from the latest reported balance before that date (from zero before the first):
//! - **pension**: the credits (recorded, or base × the table's share) with the national
//!   crediting rates; `low` is the line, and where `high` is known the range between them is
//!   shaded (years without a national rate leave `high` unknown, never guessed);
//! - **medical, housing fund**: the rule tables have no crediting rate and the app does not
//!   know what was spent or withdrawn, so the line is the reported balance plus the amounts
//!   recorded as credited since — the same roll with no rates — and says so.
//!
//! The line restarts at each reported balance, so the distance between a point and the line
//! just before it is what the account check judges.

use super::frame::{at, money_tick, x_of, x_of_date, Frame, Marker, Swatch, TimeAxes};
use super::scene::Stroke;
use super::ChartInput;
use crate::analysis::standing::account::{roll, Anchor, Credits};
use crate::model::{BalanceOrigin, InsuranceKind, Money, YearMonth};
use crate::rules::CreditingRates;
use chrono::NaiveDate;
use serde::Serialize;

/// The accounts a balance can be reported for, in the order they are drawn.
pub const ACCOUNTS: [InsuranceKind; 3] = [
    InsuranceKind::Pension,
    InsuranceKind::Medical,
    InsuranceKind::HousingFund,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BalanceChart {
    pub today: NaiveDate,
    /// Only accounts with a reported balance or a credited amount.
    pub accounts: Vec<AccountSeries>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputedMethod {
    /// Credits with the national crediting rates (the pension account).
    CreditingRates,
    /// Credits only: no interest, no spending or withdrawals known.
    CreditsOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountSeries {
    pub kind: InsuranceKind,
    pub method: ComputedMethod,
    pub reported: Vec<ReportedPoint>,
    /// Month ends from the first credit to today (the last point is today).
    pub computed: Vec<ComputedPoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportedPoint {
    pub as_of: NaiveDate,
    pub amount: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComputedPoint {
    pub as_of: NaiveDate,
    pub low: Money,
    /// Unknown when a year in the window had no crediting rate.
    pub high: Option<Money>,
    /// The reported balance it was rolled from (`None`: from zero).
    pub from: Option<NaiveDate>,
}

/// `kinds`: the accounts to include (empty: all three).
pub fn data(input: &ChartInput<'_>, kinds: &[InsuranceKind]) -> BalanceChart {
    let national = &input.rules.national;
    let no_rates = CreditingRates {
        source: national.crediting_rates.source.clone(),
        rates: Vec::new(),
    };
    let accounts = ACCOUNTS
        .into_iter()
        .filter(|k| kinds.is_empty() || kinds.contains(k))
        .filter_map(|kind| {
            let (credits, rates, method) = match kind {
                InsuranceKind::Pension => (
                    Credits::of(input.records, national),
                    &national.crediting_rates,
                    ComputedMethod::CreditingRates,
                ),
                _ => (
                    credited(input, kind),
                    &no_rates,
                    ComputedMethod::CreditsOnly,
                ),
            };
            let mut reported: Vec<ReportedPoint> = input
                .balances
                .iter()
                .filter(|b| b.kind == kind && b.origin == BalanceOrigin::Reported)
                .map(|b| ReportedPoint {
                    as_of: b.as_of,
                    amount: b.amount,
                })
                .collect();
            reported.sort_by_key(|r| r.as_of);
            reported.dedup_by_key(|r| r.as_of);
            if reported.is_empty() && credits.by_month.is_empty() {
                return None;
            }
            let computed = computed(&credits, rates, &reported, input.today);
            Some(AccountSeries {
                kind,
                method,
                reported,
                computed,
            })
        })
        .collect();
    BalanceChart {
        today: input.today,
        accounts,
    }
}

/// The amounts recorded as credited to `kind`'s account, by month, for months that count.
fn credited(input: &ChartInput<'_>, kind: InsuranceKind) -> Credits {
    let mut credits = Credits::default();
    for r in input.records {
        if r.kind == kind && r.status.counts_as_paid() {
            if let Some(amount) = r.credited {
                *credits.by_month.entry(r.month).or_default() += amount;
            }
        }
    }
    credits
}

fn month_end(month: YearMonth) -> NaiveDate {
    month
        .next()
        .map(|next| next.first_day().pred_opt().expect("not the first day ever"))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(month.year(), 12, 31).expect("valid"))
}

fn computed(
    credits: &Credits,
    rates: &CreditingRates,
    reported: &[ReportedPoint],
    today: NaiveDate,
) -> Vec<ComputedPoint> {
    let first_credit = credits.by_month.keys().next().copied();
    let first_reported = reported.first().and_then(|r| YearMonth::of_date(r.as_of));
    let Some(start) = [first_credit, first_reported].into_iter().flatten().min() else {
        return Vec::new();
    };
    let mut points = Vec::new();
    let mut month = start;
    loop {
        let end = month_end(month).min(today);
        if end < month.first_day() {
            break;
        }
        let anchor = reported
            .iter()
            .rev()
            .find(|r| r.as_of < end)
            .map(|r| Anchor {
                as_of: r.as_of,
                amount: r.amount,
            });
        // Every point is a month's end, and the anchors are the reported balances before it;
        // a reported date the analysis cannot place (an old database's) ends the line there.
        let Ok(c) = roll(credits, rates, anchor, end) else {
            break;
        };
        points.push(ComputedPoint {
            as_of: end,
            low: c.low,
            high: c.high,
            from: anchor.map(|a| a.as_of),
        });
        match month.next() {
            Some(next) if end < today => month = next,
            _ => break,
        }
    }
    points
}

fn yuan(m: Money) -> f64 {
    m.fen() as f64 / 100.0
}

fn marker_of(kind: InsuranceKind) -> Marker {
    match kind {
        InsuranceKind::Medical => Marker::Square,
        InsuranceKind::HousingFund => Marker::Diamond,
        _ => Marker::Circle,
    }
}

fn account_label(kind: InsuranceKind, frame: &Frame) -> &'static str {
    match kind {
        InsuranceKind::Medical => frame.pick("医保个人账户", "Medical account"),
        InsuranceKind::HousingFund => frame.pick("住房公积金", "Housing fund"),
        _ => frame.pick("养老保险个人账户", "Pension account"),
    }
}

pub fn draw(frame: &mut Frame, data: &BalanceChart) {
    let p = frame.palette;
    let line_w = frame.u(2.0);
    let legend: Vec<(Swatch, String)> = data
        .accounts
        .iter()
        .map(|a| {
            (
                Swatch::LineMarker(Stroke::solid(p.account(a.kind), line_w), marker_of(a.kind)),
                account_label(a.kind, frame).to_string(),
            )
        })
        .chain(
            data.accounts
                .iter()
                .any(|a| {
                    a.computed
                        .iter()
                        .any(|c| c.high.is_some_and(|h| h != c.low))
                })
                .then(|| {
                    (
                        Swatch::Area(p.primary.alpha(0.2)),
                        frame
                            .pick(
                                "计算范围（利息口径的上下限）",
                                "Computed range (interest conventions)",
                            )
                            .to_string(),
                    )
                }),
        )
        .collect();
    frame.legend(&legend);
    let mut notes = vec![frame
        .pick(
            "点为官方报告的余额，线为计算的余额（每个报告余额之后从它重新起算）。",
            "Points are balances an official statement reported; lines are computed, restarting from each reported balance.",
        )
        .to_string()];
    if data
        .accounts
        .iter()
        .any(|a| a.method == ComputedMethod::CreditingRates)
    {
        notes.push(
            frame
                .pick(
                    "养老：计入额按全国记账利率滚存；2016 年前没有全国利率，这些年份只算下限。",
                    "Pension: credits with the national crediting rates; before 2016 there is no national rate, so only the lower bound.",
                )
                .to_string(),
        );
    }
    if data
        .accounts
        .iter()
        .any(|a| a.method == ComputedMethod::CreditsOnly)
    {
        notes.push(
            frame
                .pick(
                    "医保、公积金：报告余额加此后记录的计入金额，不含利息，也不含支出和提取。",
                    "Medical, housing fund: the reported balance plus the amounts recorded as credited since, without interest, spending or withdrawals.",
                )
                .to_string(),
        );
    }
    frame.footnotes(&notes);
    let dates = data.accounts.iter().flat_map(|a| {
        a.reported
            .iter()
            .map(|r| r.as_of)
            .chain(a.computed.iter().map(|c| c.as_of))
    });
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        frame.empty(frame.pick(
            "没有个人账户余额或计入记录",
            "No account balances or credits on record",
        ));
        return;
    };
    let start = YearMonth::of_date(first).map_or(x_of_date(first), x_of);
    let x = start..x_of_date(last).max(start + 1.0);
    let top = data
        .accounts
        .iter()
        .flat_map(|a| {
            a.reported.iter().map(|r| r.amount).chain(
                a.computed
                    .iter()
                    .map(|c| c.high.unwrap_or(c.low).max(c.low)),
            )
        })
        .max()
        .map_or(1_000.0, yuan)
        .max(1_000.0);
    let lang = frame.lang;
    let axes = TimeAxes {
        x: x.clone(),
        y_max: top * 1.05,
        y_intervals: 6,
        y_label: &|v| money_tick(v, lang),
        y_unit: String::new(),
        x_labels: true,
        y_area_min: 0.0,
    };
    let band = frame.band(frame.top, frame.bottom);
    let plot = frame.time_plot(&band, "balance", &axes);

    for account in &data.accounts {
        let color = p.account(account.kind);
        // Runs of points rolled from the same reported balance: one line (and band) each.
        let mut runs: Vec<Vec<&ComputedPoint>> = Vec::new();
        for point in &account.computed {
            match runs.last_mut() {
                Some(run) if run[0].from == point.from => run.push(point),
                _ => runs.push(vec![point]),
            }
        }
        let mut scene = frame.scene.borrow_mut();
        for run in &runs {
            // The range where `high` is known, as bands over consecutive such points.
            let mut band: Vec<&ComputedPoint> = Vec::new();
            let flush =
                |band: &mut Vec<&ComputedPoint>, scene: &mut super::scene::Scene| {
                    if band.len() > 1 {
                        let mut polygon: Vec<(f32, f32)> = band
                            .iter()
                            .map(|c| at(&plot, x_of_date(c.as_of), yuan(c.low)))
                            .collect();
                        polygon.extend(band.iter().rev().map(|c| {
                            at(&plot, x_of_date(c.as_of), yuan(c.high.expect("in a band")))
                        }));
                        scene.polygon(polygon, color.alpha(0.2));
                    }
                    band.clear();
                };
            for point in run {
                if point.high.is_some() {
                    band.push(point);
                } else {
                    flush(&mut band, &mut scene);
                }
            }
            flush(&mut band, &mut scene);
            let mut line: Vec<(f32, f32)> = Vec::new();
            if let Some(from) = run[0].from {
                // Start the run at the reported balance it rolls from.
                if let Some(r) = account.reported.iter().find(|r| r.as_of == from) {
                    line.push(at(&plot, x_of_date(r.as_of), yuan(r.amount)));
                }
            }
            line.extend(
                run.iter()
                    .map(|c| at(&plot, x_of_date(c.as_of), yuan(c.low))),
            );
            scene.line(line, Stroke::solid(color, line_w));
        }
        drop(scene);
        for r in &account.reported {
            let (px, py) = at(&plot, x_of_date(r.as_of), yuan(r.amount));
            frame.marker(marker_of(account.kind), px, py, frame.u(4.5), color);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Scenario;
    use crate::charts::ProfileRecords;
    use crate::demo::load_demo;
    use crate::profile_analysis::profile_standing;
    use crate::Store;

    #[test]
    fn the_pension_line_is_the_account_checks_roll_and_ends_at_its_current_balance() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let records = ProfileRecords::load(&store, &profile).unwrap();
        let chart = data(&records.input(today), &[]);
        let kinds: Vec<InsuranceKind> = chart.accounts.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, ACCOUNTS, "the demo has all three accounts");
        let pension = &chart.accounts[0];
        assert_eq!(pension.method, ComputedMethod::CreditingRates);
        assert_eq!(pension.reported.len(), 3);
        let standing = profile_standing(&store, &profile, today, Scenario::default()).unwrap();
        let last = pension.computed.last().unwrap();
        assert_eq!(last.as_of, today);
        assert_eq!(
            (last.low, last.high),
            (standing.account.current.low, standing.account.current.high)
        );
        // At each reported date the line holds the computed value the check judged it against.
        for rec in &standing.account.reconciliations {
            let point = pension
                .computed
                .iter()
                .find(|c| c.as_of == rec.as_of)
                .unwrap();
            assert_eq!(
                (point.low, point.high),
                (rec.computed.low, rec.computed.high)
            );
        }
        // Before 2016 there is no national rate: high unknown in windows that span such a year end.
        let early = pension
            .computed
            .iter()
            .find(|c| c.as_of == NaiveDate::from_ymd_opt(2013, 6, 30).unwrap())
            .unwrap();
        assert_eq!(early.high, None);
        let fund = &chart.accounts[2];
        assert_eq!(fund.method, ComputedMethod::CreditsOnly);
        assert!(fund
            .computed
            .iter()
            .all(|c| c.high.is_none() || c.high == Some(c.low)));
    }

    #[test]
    fn credits_only_accounts_add_the_recorded_credits_to_the_last_reported_balance() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let records = ProfileRecords::load(&store, &profile).unwrap();
        let chart = data(&records.input(today), &[InsuranceKind::Medical]);
        assert_eq!(chart.accounts.len(), 1);
        let medical = &chart.accounts[0];
        let reported = medical.reported[0];
        assert_eq!(
            reported.as_of,
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
        );
        let credited_since: Money = records
            .records
            .iter()
            .filter(|r| {
                r.kind == InsuranceKind::Medical && r.month > YearMonth::new(2024, 12).unwrap()
            })
            .filter(|r| r.status.counts_as_paid())
            .filter_map(|r| r.credited)
            .sum();
        let last = medical.computed.last().unwrap();
        assert_eq!(last.from, Some(reported.as_of));
        assert_eq!(last.low, reported.amount + credited_since);
    }
}
