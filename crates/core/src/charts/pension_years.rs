//! Pension years over time against the required minimum.
//!
//! - **Paid**: the pension months that count (`MonthSets`: once per month, back-paid and
//!   transferred-in included, owed and pending not), accumulated month by month.
//! - **Projection** (dashed): paying every month from today to the month before the statutory
//!   retirement month, exactly as `standing::years::pension_years` counts it; it ends at that
//!   function's `months_at_retirement`.
//! - **Minimum**: the rule table's minimum for someone reaching the statutory age in each year —
//!   15 years to 2029, then rising half a year a year from 2030 — a step line.
//! - **Retirement** (from the rules' schedule) is marked with the minimum that applies to it, and
//!   the month the minimum is (or will be) reached.
//!
//! Without a birth month or sex there is no retirement and no projection; the chart says so.

use super::frame::{at, x_after, x_of, years_tick, Frame, Marker, Swatch, TimeAxes};
use super::scene::{text_width, Anchor, Stroke};
use super::ChartInput;
use crate::analysis::standing::years::pension_years;
use crate::analysis::MonthSets;
use crate::model::{InsuranceKind, YearMonth};
use crate::rules::{Age, RuleSet};
use crate::{Lang, Result};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PensionYearsChart {
    /// The month projections start from.
    pub today: YearMonth,
    /// One entry per month from the first pension month to the retirement month (or to today).
    pub months: Vec<PensionYearsMonth>,
    pub retirement: Option<RetirementMark>,
    /// Pension months paid (counted once each).
    pub months_paid: u32,
    /// Months in cross-province transfer, not counted yet.
    pub months_pending: u32,
    /// Paid plus every month from today to the month before retirement.
    pub months_at_retirement: Option<u32>,
    /// The month the minimum is (or was) reached; `None` when it cannot be before retirement.
    pub reached_in: Option<YearMonth>,
    /// `birth`, `sex`: what the profile lacks for a retirement date.
    pub missing_profile_facts: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PensionYearsMonth {
    pub month: YearMonth,
    /// Months paid up to and including this month; `None` for months still to come.
    pub paid_months: Option<u32>,
    /// Paying every month from today; from the last paid month to retirement.
    pub projected_months: Option<u32>,
    /// The minimum for someone reaching the statutory age in this month's year.
    pub required_months: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetirementMark {
    pub month: YearMonth,
    pub age: Age,
    /// The minimum that applies to this person.
    pub required_months: u32,
}

pub fn data(input: &ChartInput<'_>) -> Result<PensionYearsChart> {
    let this_month = input.this_month();
    let sets = MonthSets::of(input.records);
    let empty = BTreeSet::new();
    let paid = sets.paid.get(&InsuranceKind::Pension).unwrap_or(&empty);
    let pending = sets.pending.get(&InsuranceKind::Pension).unwrap_or(&empty);
    let profile = input.profile;
    let mut missing_profile_facts = Vec::new();
    if profile.birth.is_none() {
        missing_profile_facts.push("birth");
    }
    if profile.sex.is_none() {
        missing_profile_facts.push("sex");
    }
    let retirement = match (profile.birth, profile.sex) {
        (Some(born), Some(sex)) => Some(input.rules.retirement(born, sex, profile.original_age)?),
        _ => None,
    };
    let years = retirement.as_ref().map(|r| {
        pension_years(
            paid,
            pending,
            this_month,
            r.retirement_month,
            r.min_contribution_years.months(),
        )
    });
    let min_years = &input.rules.national.min_pension_contribution;
    let mut chart = PensionYearsChart {
        today: this_month,
        months: Vec::new(),
        retirement: retirement.as_ref().map(|r| RetirementMark {
            month: r.retirement_month,
            age: r.age,
            required_months: r.min_contribution_years.months(),
        }),
        months_paid: paid.len() as u32,
        months_pending: pending.len() as u32,
        months_at_retirement: years.as_ref().map(|y| y.months_at_retirement),
        reached_in: years.as_ref().and_then(|y| y.reached_in),
        missing_profile_facts,
    };
    let first = [paid.first(), pending.first()]
        .into_iter()
        .flatten()
        .min()
        .copied();
    let Some(first) = first.or(retirement.as_ref().map(|_| this_month)) else {
        return Ok(chart);
    };
    // The last month of history: last month, or a later month already paid.
    let before_today = this_month.add_months(-1).unwrap_or(this_month);
    let last_actual = [Some(before_today), paid.last().copied()]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(before_today)
        .max(first);
    let retirement_month = retirement.as_ref().map(|r| r.retirement_month);
    let end = retirement_month.map_or(last_actual, |r| r.max(last_actual));
    let mut counted = 0u32;
    let mut future = 0u32;
    let mut month = first;
    loop {
        if paid.contains(&month) {
            counted += 1;
        } else if month >= this_month && retirement_month.is_some_and(|r| month < r) {
            future += 1;
        }
        let projected =
            (retirement_month.is_some() && month >= last_actual).then_some(counted + future);
        chart.months.push(PensionYearsMonth {
            month,
            paid_months: (month <= last_actual).then_some(counted),
            projected_months: projected,
            required_months: min_years.for_year(month.year()).months(),
        });
        match month.next() {
            Some(next) if next <= end => month = next,
            _ => break,
        }
    }
    Ok(chart)
}

fn years(months: u32) -> f64 {
    f64::from(months) / 12.0
}

pub fn draw(frame: &mut Frame, data: &PensionYearsChart, rules: &RuleSet) {
    let lang = frame.lang;
    let p = frame.palette;
    let paid_stroke = Stroke::solid(p.primary, frame.u(2.5));
    let projection_stroke = Stroke::dashed(p.primary, frame.u(2.0), [frame.u(6.0), frame.u(4.0)]);
    let required_stroke = Stroke::solid(p.required, frame.u(1.75));
    let mut legend = vec![
        (
            Swatch::Line(paid_stroke),
            frame.pick("已缴年限", "Years paid").to_string(),
        ),
        (
            Swatch::Line(required_stroke),
            frame
                .pick(
                    "最低缴费年限（按达到退休年龄的年份）",
                    "Minimum years (by the year retirement age is reached)",
                )
                .to_string(),
        ),
    ];
    if data.retirement.is_some() {
        legend.insert(
            1,
            (
                Swatch::Line(projection_stroke),
                frame
                    .pick("按月续缴至退休", "Paying every month until retirement")
                    .to_string(),
            ),
        );
        legend.push((
            Swatch::Marker(Marker::Diamond, p.marker),
            frame.pick("法定退休", "Statutory retirement").to_string(),
        ));
    }
    frame.legend(&legend);
    let mut notes = Vec::new();
    if !data.missing_profile_facts.is_empty() {
        notes.push(
            frame
                .pick(
                    "成员资料缺少出生年月或性别，无法推算法定退休时间和续缴预测。",
                    "The profile lacks a birth month or sex, so there is no retirement date or projection.",
                )
                .to_string(),
        );
    }
    if data.months_pending > 0 {
        notes.push(match lang {
            Lang::Zh => format!(
                "另有 {} 个月在转移接续中，转移完成后计入。",
                data.months_pending
            ),
            Lang::En => format!(
                "{} more months are in cross-province transfer and count once it completes.",
                data.months_pending
            ),
        });
    }
    notes.push(
        frame
            .pick(
                "最低缴费年限按国家规则表：2030 年起每年提高半年，至 20 年。",
                "Minimum years from the national rule table: from 2030 half a year more each year, up to 20.",
            )
            .to_string(),
    );
    frame.footnotes(&notes);

    let (Some(first), Some(last)) = (data.months.first(), data.months.last()) else {
        frame.empty(frame.pick("没有养老保险缴费记录", "No pension contributions on record"));
        return;
    };
    let x = x_of(first.month)..x_after(last.month).max(x_of(first.month) + 1.0);
    let top_months = data
        .months
        .iter()
        .flat_map(|m| [m.paid_months, m.projected_months, Some(m.required_months)])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(12);
    let unit = frame.pick("年", "years").to_string();
    let axes = TimeAxes {
        x: x.clone(),
        y_max: years(top_months) * 1.06,
        y_intervals: 6,
        y_label: &|v| years_tick(v),
        y_unit: unit,
        x_labels: true,
        y_area_min: 0.0,
    };
    let band = frame.band(frame.top, frame.bottom);
    let plot = frame.time_plot(&band, "pension_years", &axes);
    let (px, py) = plot.plotting_area().get_pixel_range();
    let (plot_left, plot_right) = (px.start as f32, px.end as f32);
    let plot_top = py.start as f32;
    let plot_bottom = py.end as f32;
    let mut scene = frame.scene.borrow_mut();

    // The minimum as a step over the calendar years of the range.
    let min_years = &rules.national.min_pension_contribution;
    let mut steps = Vec::new();
    let mut year = x.start.floor() as i32;
    while f64::from(year) < x.end {
        let from = f64::from(year).max(x.start);
        let to = f64::from(year + 1).min(x.end);
        let v = years(min_years.for_year(year).months());
        steps.push(at(&plot, from, v));
        steps.push(at(&plot, to, v));
        year += 1;
    }
    scene.line(steps, required_stroke);

    // Today: where history ends and the projection begins.
    let today_x = at(&plot, x_of(data.today), 0.0).0;
    if today_x > plot_left && today_x < plot_right {
        let size = frame.u(super::frame::NOTE);
        scene.line(
            vec![(today_x, plot_top), (today_x, plot_bottom)],
            Stroke::dashed(p.axis, frame.u(1.0), [frame.u(2.0), frame.u(3.0)]),
        );
        let label = frame.pick("今天", "today");
        let anchor = if today_x + text_width(label, size) + frame.u(4.0) > plot_right {
            (today_x - frame.u(4.0), Anchor::End)
        } else {
            (today_x + frame.u(4.0), Anchor::Start)
        };
        scene.text(
            anchor.0,
            plot_bottom - frame.u(6.0),
            size,
            anchor.1,
            p.muted,
            label,
            false,
        );
    }

    let paid: Vec<(f32, f32)> = std::iter::once(at(&plot, x.start, 0.0))
        .chain(
            data.months
                .iter()
                .filter_map(|m| m.paid_months.map(|v| at(&plot, x_after(m.month), years(v)))),
        )
        .collect();
    let projection: Vec<(f32, f32)> = data
        .months
        .iter()
        .filter_map(|m| {
            // Paying stops the month before retirement: the line ends on the retirement mark.
            let x = match &data.retirement {
                Some(r) if m.month >= r.month => x_of(r.month),
                _ => x_after(m.month),
            };
            m.projected_months.map(|v| at(&plot, x, years(v)))
        })
        .collect();
    scene.line(projection, projection_stroke);
    scene.line(paid, paid_stroke);
    drop(scene);

    let size = frame.u(super::frame::NOTE);
    if let Some(r) = &data.retirement {
        let rx = at(&plot, x_of(r.month), 0.0).0;
        let ry = at(&plot, x_of(r.month), years(r.required_months)).1;
        frame.scene.borrow_mut().line(
            vec![(rx, plot_top), (rx, plot_bottom)],
            Stroke::dashed(p.marker, frame.u(1.25), [frame.u(4.0), frame.u(3.0)]),
        );
        frame.marker(Marker::Diamond, rx, ry, frame.u(5.0), p.marker);
        let label = match lang {
            Lang::Zh => format!(
                "法定退休 {}（{}），需 {} 年",
                r.month,
                age_short(r.age, lang),
                years_tick(years(r.required_months))
            ),
            Lang::En => format!(
                "Retirement {} (age {}), {} years needed",
                r.month,
                age_short(r.age, lang),
                years_tick(years(r.required_months))
            ),
        };
        let w = text_width(&label, size);
        let (lx, anchor) = if rx - frame.u(6.0) - w >= plot_left {
            (rx - frame.u(6.0), Anchor::End)
        } else {
            (rx + frame.u(6.0), Anchor::Start)
        };
        frame.scene.borrow_mut().text(
            lx,
            plot_top + size * 1.2,
            size,
            anchor,
            p.marker,
            label,
            false,
        );
        if let Some(end) = data.months_at_retirement {
            let (ex, ey) = at(&plot, x_of(r.month), years(end));
            let text = match lang {
                Lang::Zh => format!("届时 {} 年", years_tick(years(end))),
                Lang::En => format!("{} years by then", years_tick(years(end))),
            };
            let w = text_width(&text, size);
            let (tx, anchor) = if ex - frame.u(6.0) - w >= plot_left {
                (ex - frame.u(6.0), Anchor::End)
            } else {
                (ex + frame.u(6.0), Anchor::Start)
            };
            // Above the point, unless that would touch the retirement label.
            let ty = if ey - frame.u(8.0) > plot_top + size * 2.4 {
                ey - frame.u(8.0)
            } else {
                ey + size * 1.3
            };
            frame
                .scene
                .borrow_mut()
                .text(tx, ty, size, anchor, p.primary, text, false);
        }
    }
    if let (Some(month), Some(r)) = (data.reached_in, &data.retirement) {
        let (cx, cy) = at(&plot, x_after(month), years(r.required_months));
        if cx >= plot_left && cx <= plot_right {
            frame.marker(Marker::Circle, cx, cy, frame.u(4.5), p.primary);
            let text = match lang {
                Lang::Zh => format!("{month} 达到 {} 年", years_tick(years(r.required_months))),
                Lang::En => format!(
                    "{} years reached {month}",
                    years_tick(years(r.required_months))
                ),
            };
            // Above and to the left: the history line below it and the lines rising to its
            // right leave that corner free.
            let w = text_width(&text, size);
            let (tx, anchor) = if cx - frame.u(8.0) - w >= plot_left {
                (cx - frame.u(8.0), Anchor::End)
            } else {
                (cx + frame.u(8.0), Anchor::Start)
            };
            frame
                .scene
                .borrow_mut()
                .text(tx, cy - frame.u(8.0), size, anchor, p.text, text, false);
        }
    }
}

fn age_short(age: Age, lang: Lang) -> String {
    match (lang, age.months) {
        (Lang::Zh, 0) => format!("{}岁", age.years),
        (Lang::Zh, m) => format!("{}岁{}个月", age.years, m),
        (Lang::En, 0) => format!("{}", age.years),
        (Lang::En, m) => format!("{}y{}m", age.years, m),
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
    use chrono::NaiveDate;

    #[test]
    fn the_demo_profile_counts_as_the_standing_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let records = ProfileRecords::load(&store, &profile).unwrap();
        let chart = data(&records.input(today)).unwrap();
        let standing = profile_standing(&store, &profile, today, Scenario::default()).unwrap();
        let pension = standing.pension.unwrap();
        assert_eq!(chart.months_paid, pension.months_paid);
        assert_eq!(
            chart.months_at_retirement,
            Some(pension.months_at_retirement)
        );
        assert_eq!(chart.reached_in, pension.reached_in);
        let retirement = chart.retirement.as_ref().unwrap();
        assert_eq!(
            retirement.month,
            standing.retirement.as_ref().unwrap().month
        );
        assert_eq!(
            retirement.required_months,
            standing
                .retirement
                .as_ref()
                .unwrap()
                .min_contribution_years
                .months()
        );
        // The series: from the first paid month, paid through last month, projected to the end.
        let first = chart.months.first().unwrap();
        assert_eq!(first.month, "2011-07".parse().unwrap());
        assert_eq!(first.paid_months, Some(1));
        let last_paid = chart
            .months
            .iter()
            .rev()
            .find_map(|m| m.paid_months)
            .unwrap();
        assert_eq!(last_paid, pension.months_paid);
        let last = chart.months.last().unwrap();
        assert_eq!(last.month, retirement.month);
        assert_eq!(last.projected_months, Some(pension.months_at_retirement));
        assert_eq!(last.paid_months, None);
        // The minimum steps up from 2030 and stops at 20 years.
        let required = |ym: &str| {
            chart
                .months
                .iter()
                .find(|m| m.month == ym.parse().unwrap())
                .map(|m| m.required_months)
        };
        assert_eq!(required("2029-12"), Some(180));
        assert_eq!(required("2030-01"), Some(186));
        assert_eq!(required("2045-06"), Some(240));
        // Owed (2023-06) and unrecorded (2023-04, 05) months do not count.
        let at = |ym: &str| {
            chart
                .months
                .iter()
                .find(|m| m.month == ym.parse().unwrap())
                .unwrap()
                .paid_months
                .unwrap()
        };
        assert_eq!(at("2023-06") - at("2023-03"), 0);
        assert_eq!(
            at("2022-09") - at("2022-08"),
            1,
            "the back-paid month counts"
        );
    }

    #[test]
    fn without_birth_or_sex_there_is_history_but_no_projection() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let mut records = ProfileRecords::load(&store, &profile).unwrap();
        records.profile.birth = None;
        let chart = data(&records.input(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap())).unwrap();
        assert_eq!(chart.missing_profile_facts, ["birth"]);
        assert!(chart.retirement.is_none());
        assert!(chart
            .months
            .iter()
            .all(|m| m.projected_months.is_none() && m.paid_months.is_some()));
        assert_eq!(
            chart.months.last().unwrap().month,
            "2026-10".parse().unwrap()
        );
    }
}
