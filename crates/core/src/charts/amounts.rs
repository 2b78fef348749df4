//! Monthly amounts: what the person and the employer paid each month (the chosen kinds
//! together), and the pension base against the regional floor–ceiling band.
//!
//! The band comes from the rule tables exactly as the base-range alert reads them: the table of
//! the record's pooling region (else the profile's region), the limits in force that month.
//! Where a table has no limit for a month, nothing is drawn for it — never one year's limits
//! applied to another, never a guess — and the chart says so.

use super::frame::{at, money_tick, x_after, x_of, Frame, Swatch, TimeAxes};
use super::scene::Stroke;
use super::ChartInput;
use crate::analysis::standing::profile_region;
use crate::model::{InsuranceKind, Money, YearMonth};
use crate::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmountsChart {
    /// The kinds whose amounts are added up.
    pub kinds: Vec<InsuranceKind>,
    /// Every month from the first record to the last.
    pub months: Vec<AmountMonth>,
    /// Months for which the tables give a floor or a ceiling.
    pub months_with_limits: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmountMonth {
    pub month: YearMonth,
    /// Paid by the person (months that count as paid), all the chosen kinds together.
    pub personal: Money,
    pub employer: Money,
    /// The pension base (the highest, when two payers paid the month).
    pub base: Option<Money>,
    /// The regional limits in force, where the rule tables have them.
    pub floor: Option<Money>,
    pub ceiling: Option<Money>,
}

/// `kinds`: the kinds whose amounts to add (empty: all).
pub fn data(input: &ChartInput<'_>, kinds: &[InsuranceKind]) -> AmountsChart {
    let kinds: Vec<InsuranceKind> = if kinds.is_empty() {
        InsuranceKind::ALL.to_vec()
    } else {
        InsuranceKind::ALL
            .iter()
            .copied()
            .filter(|k| kinds.contains(k))
            .collect()
    };
    let chosen: Vec<_> = input
        .records
        .iter()
        .filter(|r| kinds.contains(&r.kind))
        .collect();
    let (Some(first), Some(last)) = (
        chosen.iter().map(|r| r.month).min(),
        chosen.iter().map(|r| r.month).max(),
    ) else {
        return AmountsChart {
            kinds,
            months: Vec::new(),
            months_with_limits: 0,
        };
    };
    let mut by_month: BTreeMap<YearMonth, AmountMonth> = BTreeMap::new();
    let mut region_of: BTreeMap<YearMonth, &str> = BTreeMap::new();
    for r in &chosen {
        let entry = by_month
            .entry(r.month)
            .or_insert_with(|| AmountMonth::empty(r.month));
        if r.status.counts_as_paid() {
            entry.personal += r.personal;
            entry.employer += r.employer;
        }
    }
    for r in input.records {
        if r.kind == InsuranceKind::Pension && r.status.counts_as_paid() && kinds.contains(&r.kind)
        {
            if let Some(base) = r.base {
                let entry = by_month
                    .entry(r.month)
                    .or_insert_with(|| AmountMonth::empty(r.month));
                entry.base = entry.base.max(Some(base));
            }
        }
        if r.kind == InsuranceKind::Pension {
            if let Some(region) = r.region.as_deref() {
                region_of.insert(r.month, region);
            }
        }
    }
    let home = profile_region(input.rules, input.profile, input.records);
    let mut months = Vec::new();
    let mut with_limits = 0;
    let mut month = first;
    loop {
        let mut entry = by_month
            .remove(&month)
            .unwrap_or_else(|| AmountMonth::empty(month));
        let table = region_of
            .get(&month)
            .map_or(home, |code| input.rules.region_for(code));
        if let Some(limits) = table.contribution_base(month) {
            entry.floor = limits.floor_fen;
            entry.ceiling = limits.ceiling_fen;
            if entry.floor.is_some() || entry.ceiling.is_some() {
                with_limits += 1;
            }
        }
        months.push(entry);
        match month.next() {
            Some(next) if next <= last => month = next,
            _ => break,
        }
    }
    AmountsChart {
        kinds,
        months,
        months_with_limits: with_limits,
    }
}

impl AmountMonth {
    fn empty(month: YearMonth) -> AmountMonth {
        AmountMonth {
            month,
            personal: Money::ZERO,
            employer: Money::ZERO,
            base: None,
            floor: None,
            ceiling: None,
        }
    }
}

fn yuan(m: Money) -> f64 {
    m.fen() as f64 / 100.0
}

/// A step line over months: flat across each month, broken where `value` is `None`.
fn steps(
    months: &[AmountMonth],
    value: impl Fn(&AmountMonth) -> Option<f64>,
) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut previous: Option<YearMonth> = None;
    for m in months {
        let Some(v) = value(m) else {
            previous = None;
            continue;
        };
        let continues = previous.and_then(|p| p.next()) == Some(m.month);
        if !continues {
            runs.push(Vec::new());
        }
        let run = runs.last_mut().expect("pushed");
        run.push((x_of(m.month), v));
        run.push((x_after(m.month), v));
        previous = Some(m.month);
    }
    runs
}

pub fn draw(frame: &mut Frame, data: &AmountsChart) {
    let p = frame.palette;
    let lang = frame.lang;
    let personal = Stroke::solid(p.personal, frame.u(2.0));
    let employer = Stroke::dashed(p.employer, frame.u(2.0), [frame.u(7.0), frame.u(3.0)]);
    let base = Stroke::solid(p.marker, frame.u(2.0));
    let limit = Stroke::solid(p.band, frame.u(1.25));
    let mut legend = vec![
        (
            Swatch::Line(personal),
            frame.pick("个人缴费", "Personal").to_string(),
        ),
        (
            Swatch::Line(employer),
            frame.pick("单位缴费", "Employer").to_string(),
        ),
        (
            Swatch::Line(base),
            frame.pick("养老缴费基数", "Pension base").to_string(),
        ),
    ];
    if data.months_with_limits > 0 {
        legend.push((
            Swatch::Area(p.band.alpha(0.16)),
            frame
                .pick("当地基数上下限", "Regional floor–ceiling")
                .to_string(),
        ));
    }
    frame.legend(&legend);
    let kinds = if data.kinds.len() == InsuranceKind::ALL.len() {
        frame.pick("全部险种", "all kinds").to_string()
    } else {
        data.kinds
            .iter()
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let mut notes = vec![match lang {
        Lang::Zh => format!("金额为每月实缴（{kinds}合计，欠费月份不计）；基数为养老保险的缴费基数。"),
        Lang::En => format!(
            "Amounts are paid per month ({kinds} together; owed months not counted); the base is the pension base."
        ),
    }];
    let base_months = data.months.iter().filter(|m| m.base.is_some()).count() as u32;
    if data.months_with_limits == 0 {
        notes.push(
            frame
                .pick(
                    "规则表中没有这些月份所在地区的缴费基数上下限，因此未画出区间。",
                    "The rule tables have no floor or ceiling for these months and regions, so no band is drawn.",
                )
                .to_string(),
        );
    } else if data.months_with_limits < base_months {
        notes.push(
            frame
                .pick(
                    "上下限只画出规则表中有数据的月份。",
                    "The band is drawn only for months the rule tables cover.",
                )
                .to_string(),
        );
    }
    frame.footnotes(&notes);
    let (Some(first), Some(last)) = (data.months.first(), data.months.last()) else {
        frame.empty(frame.pick("没有缴费记录", "No contributions on record"));
        return;
    };
    let x = x_of(first.month)..x_after(last.month).max(x_of(first.month) + 1.0);
    let gap = frame.u(10.0);
    let split = frame.top + (frame.bottom - frame.top - gap) * 0.52;
    let (top, bottom) = (frame.top, frame.bottom);

    let most = data
        .months
        .iter()
        .map(|m| m.personal.max(m.employer))
        .max()
        .map_or(100.0, yuan)
        .max(100.0);
    let highest = data
        .months
        .iter()
        .flat_map(|m| [m.base, m.ceiling, m.floor])
        .flatten()
        .max()
        .map_or(1_000.0, yuan)
        .max(1_000.0);
    let money = |v: f64| money_tick(v, lang);
    let mut amounts_axes = TimeAxes {
        x: x.clone(),
        y_max: most * 1.05,
        y_intervals: 4,
        y_label: &money,
        y_unit: frame.pick("每月缴费", "Paid each month").to_string(),
        x_labels: false,
        y_area_min: 0.0,
    };
    let mut base_axes = TimeAxes {
        x,
        y_max: highest * 1.05,
        y_intervals: 4,
        y_label: &money,
        y_unit: frame.pick("缴费基数", "Contribution base").to_string(),
        x_labels: true,
        y_area_min: 0.0,
    };
    let upper = frame.band(top, split);
    let lower = frame.band(split + gap, bottom);
    // One time axis: both plots get the room of the wider labels, so months line up.
    let room = frame
        .y_axis(&upper, &amounts_axes)
        .1
        .max(frame.y_axis(&lower, &base_axes).1);
    amounts_axes.y_area_min = room;
    base_axes.y_area_min = room;

    // Amounts.
    let plot = frame.time_plot(&upper, "amounts", &amounts_axes);
    {
        let mut scene = frame.scene.borrow_mut();
        for (value, stroke) in [
            (
                &(|m: &AmountMonth| Some(yuan(m.employer))) as &dyn Fn(&AmountMonth) -> Option<f64>,
                employer,
            ),
            (&|m: &AmountMonth| Some(yuan(m.personal)), personal),
        ] {
            for run in steps(&data.months, value) {
                scene.line(run.iter().map(|(x, y)| at(&plot, *x, *y)).collect(), stroke);
            }
        }
    }
    drop(plot);

    // The base against the band.
    let plot = frame.time_plot(&lower, "base", &base_axes);
    let mut scene = frame.scene.borrow_mut();
    // The band where both limits are known; a lone floor or ceiling as a line.
    let both = |m: &AmountMonth| m.floor.zip(m.ceiling);
    let mut runs: Vec<Vec<&AmountMonth>> = Vec::new();
    let mut previous: Option<YearMonth> = None;
    for m in &data.months {
        if both(m).is_none() {
            previous = None;
            continue;
        }
        match runs.last_mut() {
            Some(run) if previous.and_then(|p| p.next()) == Some(m.month) => run.push(m),
            _ => runs.push(vec![m]),
        }
        previous = Some(m.month);
    }
    for months in runs {
        let mut polygon: Vec<(f32, f32)> = months
            .iter()
            .flat_map(|m| {
                let (floor, _) = both(m).expect("in the run");
                [
                    at(&plot, x_of(m.month), yuan(floor)),
                    at(&plot, x_after(m.month), yuan(floor)),
                ]
            })
            .collect();
        polygon.extend(months.iter().rev().flat_map(|m| {
            let (_, ceiling) = both(m).expect("in the run");
            [
                at(&plot, x_after(m.month), yuan(ceiling)),
                at(&plot, x_of(m.month), yuan(ceiling)),
            ]
        }));
        scene.polygon(polygon, p.band.alpha(0.16));
    }
    for value in [|m: &AmountMonth| m.floor, |m: &AmountMonth| m.ceiling] {
        for run in steps(&data.months, |m| value(m).map(yuan)) {
            scene.line(run.iter().map(|(x, y)| at(&plot, *x, *y)).collect(), limit);
        }
    }
    for run in steps(&data.months, |m| m.base.map(yuan)) {
        scene.line(run.iter().map(|(x, y)| at(&plot, *x, *y)).collect(), base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::ProfileRecords;
    use crate::demo::load_demo;
    use crate::model::{Contribution, ContributionStatus, EmploymentCategory, Payer, Profile};
    use crate::rules::RuleSet;
    use crate::Store;
    use chrono::NaiveDate;

    #[test]
    fn the_demo_adds_up_paid_amounts_and_has_no_band_where_the_tables_have_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let records = ProfileRecords::load(&store, &profile).unwrap();
        let chart = data(
            &records.input(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()),
            &[],
        );
        assert_eq!(
            chart.months.first().unwrap().month,
            "2011-07".parse().unwrap()
        );
        assert_eq!(
            chart.months.last().unwrap().month,
            "2026-10".parse().unwrap()
        );
        let month = |ym: &str| {
            chart
                .months
                .iter()
                .find(|m| m.month == ym.parse().unwrap())
                .unwrap()
        };
        let expected: Money = records
            .records
            .iter()
            .filter(|r| r.month == "2015-03".parse().unwrap())
            .map(|r| r.personal)
            .sum();
        assert_eq!(month("2015-03").personal, expected);
        assert_eq!(month("2023-06").personal, Money::ZERO, "owed, not paid");
        assert_eq!(month("2023-06").base, None);
        assert!(month("2015-03").base.is_some());
        // Chengdu's table starts in 2025 and Hangzhou's has no bases: no band at all.
        assert_eq!(chart.months_with_limits, 0);
        assert!(chart
            .months
            .iter()
            .all(|m| m.floor.is_none() && m.ceiling.is_none()));
    }

    #[test]
    fn the_band_is_the_tables_limits_for_the_records_region_and_month() {
        let rules = RuleSet::bundled();
        let profile = Profile {
            id: 1,
            name: "王芳".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: None,
            employment: EmploymentCategory::Employee,
            original_age: None,
            payment_deadline_day: None,
        };
        let records: Vec<Contribution> = ["2020-06", "2020-07", "2020-08"]
            .iter()
            .map(|m| Contribution {
                period_line: None,
                profile: 1,
                kind: InsuranceKind::Pension,
                month: m.parse().unwrap(),
                region: Some("310104".into()), // a Shanghai district
                payer: Payer::Employer("甲".into()),
                base: Some(Money::from_yuan(8_000)),
                personal: Money::from_yuan(640),
                employer: Money::from_yuan(1_280),
                credited: None,
                status: ContributionStatus::Paid,
                source: 1,
            })
            .collect();
        let input = ChartInput {
            rules,
            profile: &profile,
            records: &records,
            balances: &[],
            today: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        };
        let chart = data(&input, &[]);
        let shanghai = rules.region_for("310104");
        for m in &chart.months {
            let limits = shanghai.contribution_base(m.month);
            assert_eq!(m.floor, limits.and_then(|l| l.floor_fen), "{}", m.month);
            assert_eq!(m.ceiling, limits.and_then(|l| l.ceiling_fen), "{}", m.month);
        }
        // Shanghai's first row (the 2020 year) starts in 2020-07.
        assert_eq!(
            chart.months[0].floor, None,
            "before 2020-07: nothing invented"
        );
        assert!(chart.months[1].floor.is_some() && chart.months[1].ceiling.is_some());
        assert_eq!(chart.months_with_limits, 2);
    }
}
