//! The contribution calendar: a years × months grid per kind, each month in one state — paid,
//! transferred in, back paid, owed, gap or pending transfer — shown by a colour *and* a mark,
//! so it reads in greyscale and for every kind of colour vision:
//!
//! | state | fill | mark |
//! |---|---|---|
//! | paid | solid | none |
//! | transferred in | light | ▶ |
//! | back paid | blue | ╱ |
//! | owed | red | ✕ |
//! | gap | none, red outline | – |
//! | pending transfer | amber | ○ |
//! | no record | faint | none |
//!
//! States follow the analysis: a month counts once (`MonthSets`); a gap is what
//! `gaps_between` calls one; a pending month no payer has paid is pending, not a gap.

use super::frame::{Frame, LABEL, NOTE};
use super::scene::{text_width, Anchor, Scene, Stroke, DENSITY};
use super::theme::CalendarColors;
use super::{CalendarGrid, ChartInput, Panel};
use crate::analysis::{gaps_between, MonthSets};
use crate::model::{ContributionStatus, InsuranceKind, YearMonth};
use crate::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthState {
    Paid,
    TransferredIn,
    BackPaid,
    Owed,
    Gap,
    Pending,
}

impl MonthState {
    pub const ALL: [MonthState; 6] = [
        MonthState::Paid,
        MonthState::TransferredIn,
        MonthState::BackPaid,
        MonthState::Owed,
        MonthState::Gap,
        MonthState::Pending,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MonthState::Paid => lang.pick("已缴", "Paid"),
            MonthState::TransferredIn => lang.pick("转入", "Transferred in"),
            MonthState::BackPaid => lang.pick("补缴", "Back paid"),
            MonthState::Owed => lang.pick("欠费", "Owed"),
            MonthState::Gap => lang.pick("断缴", "Gap"),
            MonthState::Pending => lang.pick("转移中", "Transfer pending"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarChart {
    /// The years shown, first to last (none without records).
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    pub kinds: Vec<KindCalendar>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCalendar {
    pub kind: InsuranceKind,
    /// Months with a state, in order; a month not listed has no record.
    pub months: Vec<CalendarMonth>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CalendarMonth {
    pub month: YearMonth,
    pub state: MonthState,
}

/// `kinds`: the kinds to show (empty: every kind with a record).
pub fn data(input: &ChartInput<'_>, kinds: &[InsuranceKind]) -> CalendarChart {
    let sets = MonthSets::of(input.records);
    let mut statuses: BTreeMap<(InsuranceKind, YearMonth), BTreeSet<ContributionStatus>> =
        BTreeMap::new();
    for r in input.records {
        statuses
            .entry((r.kind, r.month))
            .or_default()
            .insert(r.status);
    }
    let shown: Vec<InsuranceKind> = InsuranceKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            if kinds.is_empty() {
                input.records.iter().any(|r| r.kind == *k)
            } else {
                kinds.contains(k)
            }
        })
        .collect();
    let empty = BTreeSet::new();
    let calendars: Vec<KindCalendar> = shown
        .into_iter()
        .map(|kind| {
            let mut months: BTreeMap<YearMonth, MonthState> = BTreeMap::new();
            let paid = sets.paid.get(&kind).unwrap_or(&empty);
            let pending = sets.pending.get(&kind).unwrap_or(&empty);
            for gap in gaps_between(paid, pending) {
                let mut m = gap.from;
                while m <= gap.to {
                    months.insert(m, MonthState::Gap);
                    match m.next() {
                        Some(next) => m = next,
                        None => break,
                    }
                }
            }
            for ((_, month), set) in statuses.iter().filter(|((k, _), _)| *k == kind) {
                let state = if set.contains(&ContributionStatus::Paid) {
                    MonthState::Paid
                } else if set.contains(&ContributionStatus::TransferredIn) {
                    MonthState::TransferredIn
                } else if set.contains(&ContributionStatus::BackPaid) {
                    MonthState::BackPaid
                } else if sets.is_pending(kind, *month) {
                    MonthState::Pending
                } else {
                    MonthState::Owed
                };
                months.insert(*month, state);
            }
            KindCalendar {
                kind,
                months: months
                    .into_iter()
                    .map(|(month, state)| CalendarMonth { month, state })
                    .collect(),
            }
        })
        .collect();
    let years = calendars
        .iter()
        .flat_map(|k| k.months.iter().map(|m| m.month.year()));
    CalendarChart {
        first_year: years.clone().min(),
        last_year: years.max(),
        kinds: calendars,
    }
}

/// A kind's name short enough for a narrow panel.
fn short_label(kind: InsuranceKind, lang: Lang) -> &'static str {
    use InsuranceKind::*;
    match kind {
        Pension => lang.pick("养老", "Pension"),
        Medical => lang.pick("医疗", "Medical"),
        Unemployment => lang.pick("失业", "Unempl."),
        WorkInjury => lang.pick("工伤", "Injury"),
        Maternity => lang.pick("生育", "Maternity"),
        HousingFund => lang.pick("公积金", "Housing"),
    }
}

/// A legend or grid cell: `None` is a month without a record.
fn draw_cell(
    scene: &mut Scene,
    colors: &CalendarColors,
    state: Option<MonthState>,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) {
    let s = w.min(h);
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let mark_w = (s * 0.13).max(DENSITY * 0.9);
    let mark = |color| Stroke::solid(color, mark_w);
    match state {
        None => scene.rect(x, y, w, h, Some(colors.empty), None),
        Some(MonthState::Paid) => scene.rect(x, y, w, h, Some(colors.paid), None),
        Some(MonthState::TransferredIn) => {
            scene.rect(x, y, w, h, Some(colors.transferred_in), None);
            let r = s * 0.26;
            scene.polygon(
                vec![(cx - r * 0.7, cy - r), (cx + r, cy), (cx - r * 0.7, cy + r)],
                colors.transferred_mark,
            );
        }
        Some(MonthState::BackPaid) => {
            scene.rect(x, y, w, h, Some(colors.back_paid), None);
            let r = s * 0.3;
            scene.line(
                vec![(cx - r, cy + r), (cx + r, cy - r)],
                mark(colors.mark_on_fill),
            );
        }
        Some(MonthState::Owed) => {
            scene.rect(x, y, w, h, Some(colors.owed), None);
            let r = s * 0.27;
            scene.line(
                vec![(cx - r, cy - r), (cx + r, cy + r)],
                mark(colors.mark_on_fill),
            );
            scene.line(
                vec![(cx - r, cy + r), (cx + r, cy - r)],
                mark(colors.mark_on_fill),
            );
        }
        Some(MonthState::Gap) => {
            let inset = mark_w / 2.0;
            scene.rect(
                x + inset,
                y + inset,
                w - 2.0 * inset,
                h - 2.0 * inset,
                None,
                Some(mark(colors.gap)),
            );
            let r = s * 0.22;
            scene.line(vec![(cx - r, cy), (cx + r, cy)], mark(colors.gap));
        }
        Some(MonthState::Pending) => {
            scene.rect(x, y, w, h, Some(colors.pending), None);
            scene.circle(cx, cy, s * 0.22, None, Some(mark(colors.pending_mark)));
        }
    }
}

pub fn draw(frame: &mut Frame, data: &CalendarChart) {
    let lang = frame.lang;
    let colors = frame.palette.calendar;
    let mut legend: Vec<(Option<MonthState>, String)> = MonthState::ALL
        .iter()
        .map(|s| (Some(*s), s.label(lang).to_string()))
        .collect();
    legend.push((None, frame.pick("无记录", "No record").to_string()));
    let legend_cell = frame.u(13.0);
    frame.legend_with(&legend, legend_cell, |frame, state, x, mid, w| {
        draw_cell(
            &mut frame.scene.borrow_mut(),
            &colors,
            *state,
            x,
            mid - w / 2.0,
            w,
            w,
        );
    });
    frame.footnotes(&[frame
        .pick(
            "每月每个险种只计一次；断缴指两段已缴月份之间既未缴费也不在转移中的月份。",
            "Each month counts once per kind; a gap is a month between paid months that is neither paid nor in transfer.",
        )
        .to_string()]);
    let (Some(first_year), Some(last_year)) = (data.first_year, data.last_year) else {
        frame.empty(frame.pick("没有缴费记录", "No contributions on record"));
        return;
    };
    let p = frame.palette;
    let years = (last_year - first_year + 1) as usize;
    let label_size = frame.u(LABEL);
    let small = frame.u(NOTE) * 0.9;
    let year_w = text_width("2024", small) + frame.u(8.0);
    let panels = data.kinds.len().max(1);
    let panel_gap = frame.u(10.0);
    let left = frame.margin + year_w;
    let avail_w = frame.width - frame.margin - left;
    let pitch_x = (avail_w - panel_gap * (panels as f32 - 1.0)) / (12 * panels) as f32;
    let header_h = label_size * 1.5 + small * 1.4;
    let grid_top = frame.top + header_h;
    let avail_h = (frame.bottom - grid_top).max(frame.u(20.0));
    let pitch_y = (avail_h / years as f32)
        .min(pitch_x.max(frame.u(6.0)) * 1.2)
        .min(frame.u(24.0));
    let gap_x = (pitch_x * 0.14).clamp(DENSITY * 0.5, frame.u(2.0));
    let gap_y = (pitch_y * 0.14).clamp(DENSITY * 0.5, frame.u(2.0));
    let panel_w = pitch_x * 12.0;

    let mut scene = frame.scene.borrow_mut();
    // Year labels: every year if they fit, else the years divisible by 2, 5 or 10.
    let every = [1usize, 2, 5, 10]
        .into_iter()
        .find(|k| pitch_y * *k as f32 >= small * 1.15)
        .unwrap_or(10);
    for row in 0..years {
        let year = first_year + row as i32;
        let none_round = years < every && row == 0;
        if year % every as i32 == 0 || none_round {
            let y = grid_top + row as f32 * pitch_y + pitch_y / 2.0 + 0.36 * small;
            scene.text(
                left - frame.u(6.0),
                y,
                small,
                Anchor::End,
                p.muted,
                year.to_string(),
                false,
            );
        }
    }
    let month_labels: Vec<u32> = if text_width("12", small) + frame.u(2.0) <= pitch_x {
        (1..=12).collect()
    } else {
        vec![1, 4, 7, 10]
    };
    for (i, kind) in data.kinds.iter().enumerate() {
        let x0 = left + i as f32 * (panel_w + panel_gap);
        let full = kind.kind.label(lang);
        let name = if text_width(full, label_size) <= panel_w {
            full
        } else {
            short_label(kind.kind, lang)
        };
        scene.text(
            x0 + panel_w / 2.0,
            frame.top + label_size * 0.95,
            label_size,
            Anchor::Middle,
            p.text,
            name,
            true,
        );
        for m in &month_labels {
            scene.text(
                x0 + (*m as f32 - 0.5) * pitch_x,
                grid_top - small * 0.45,
                small,
                Anchor::Middle,
                p.muted,
                m.to_string(),
                false,
            );
        }
        let states: BTreeMap<YearMonth, MonthState> =
            kind.months.iter().map(|m| (m.month, m.state)).collect();
        for row in 0..years {
            let year = first_year + row as i32;
            for col in 0..12u32 {
                let state = YearMonth::new(year, col + 1).and_then(|m| states.get(&m).copied());
                draw_cell(
                    &mut scene,
                    &colors,
                    state,
                    x0 + col as f32 * pitch_x + gap_x / 2.0,
                    grid_top + row as f32 * pitch_y + gap_y / 2.0,
                    pitch_x - gap_x,
                    pitch_y - gap_y,
                );
            }
        }
        frame.panels.push(Panel {
            name: "calendar",
            left: x0 / DENSITY,
            top: grid_top / DENSITY,
            right: (x0 + panel_w) / DENSITY,
            bottom: (grid_top + pitch_y * years as f32) / DENSITY,
            x_from: 1.0,
            x_to: 13.0,
            y_from: f64::from(first_year),
            y_to: f64::from(last_year + 1),
            calendar: Some(CalendarGrid {
                kind: kind.kind,
                first_year,
                years: years as u32,
                cell_width: pitch_x / DENSITY,
                cell_height: pitch_y / DENSITY,
            }),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::ProfileRecords;
    use crate::demo::load_demo;
    use crate::model::{Contribution, Money, Payer, Profile};
    use crate::rules::RuleSet;
    use crate::Store;
    use chrono::NaiveDate;

    fn state_of(chart: &CalendarChart, kind: InsuranceKind, month: &str) -> Option<MonthState> {
        let month: YearMonth = month.parse().unwrap();
        chart
            .kinds
            .iter()
            .find(|k| k.kind == kind)?
            .months
            .iter()
            .find(|m| m.month == month)
            .map(|m| m.state)
    }

    #[test]
    fn the_demo_shows_its_back_payment_gap_and_owed_month() {
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
            (chart.first_year, chart.last_year),
            (Some(2011), Some(2026))
        );
        let kinds: Vec<InsuranceKind> = chart.kinds.iter().map(|k| k.kind).collect();
        assert_eq!(kinds, InsuranceKind::ALL, "every kind has records");
        let pension = InsuranceKind::Pension;
        assert_eq!(
            state_of(&chart, pension, "2022-09"),
            Some(MonthState::BackPaid)
        );
        assert_eq!(state_of(&chart, pension, "2023-04"), Some(MonthState::Gap));
        assert_eq!(state_of(&chart, pension, "2023-05"), Some(MonthState::Gap));
        assert_eq!(state_of(&chart, pension, "2023-06"), Some(MonthState::Owed));
        assert_eq!(state_of(&chart, pension, "2011-07"), Some(MonthState::Paid));
        assert_eq!(state_of(&chart, pension, "2011-06"), None);
        // Housing fund: employed only, so nothing after 2021 — not a gap, no record.
        assert_eq!(
            state_of(&chart, InsuranceKind::HousingFund, "2023-01"),
            None
        );
        let only = data(
            &records.input(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()),
            &[InsuranceKind::Medical],
        );
        assert_eq!(only.kinds.len(), 1);
    }

    #[test]
    fn a_pending_transfer_is_neither_paid_nor_a_gap_and_two_payers_count_once() {
        let rules = RuleSet::bundled();
        let profile = Profile {
            id: 1,
            name: "张三".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: None,
            employment: crate::model::EmploymentCategory::Employee,
            original_age: None,
            payment_deadline_day: None,
        };
        let record = |month: &str, status, payer: &str| Contribution {
            period_line: None,
            profile: 1,
            kind: InsuranceKind::Pension,
            month: month.parse().unwrap(),
            region: None,
            payer: Payer::Employer(payer.into()),
            base: None,
            personal: Money::from_yuan(100),
            employer: Money::ZERO,
            credited: None,
            status,
            source: 1,
        };
        use ContributionStatus::*;
        let records = vec![
            record("2024-01", Paid, "A"),
            record("2024-02", TransferPending, "A"),
            record("2024-03", Paid, "A"),
            record("2024-03", BackPaid, "B"),
            record("2024-05", TransferredIn, "A"),
        ];
        let input = ChartInput {
            rules,
            profile: &profile,
            records: &records,
            balances: &[],
            today: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        };
        let chart = data(&input, &[]);
        let states: Vec<(String, MonthState)> = chart.kinds[0]
            .months
            .iter()
            .map(|m| (m.month.to_string(), m.state))
            .collect();
        assert_eq!(
            states,
            [
                ("2024-01".into(), MonthState::Paid),
                ("2024-02".into(), MonthState::Pending),
                ("2024-03".into(), MonthState::Paid),
                ("2024-04".into(), MonthState::Gap),
                ("2024-05".into(), MonthState::TransferredIn),
            ]
        );
    }
}
