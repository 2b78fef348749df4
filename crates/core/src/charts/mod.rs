//! Charts of a profile's history: pension years against the required minimum, personal-account
//! balances, a contribution calendar and monthly amounts against the regional base band.
//!
//! Each chart is two things: its **data** (plain structs, serialisable, for the window's
//! hover read-out and for "export this chart's data"), made from the analysis and rules modules
//! rather than computed anew; and its **drawing**, laid out with plotters onto a recorded
//! [`Scene`] that becomes SVG (the window), PNG (export) or vectors in the PDF statement.
//!
//! One file per chart (`pension_years`, `balance`, `calendar`, `amounts`); `frame` holds what
//! they share (title, legend, axes, ticks), `theme` the palettes, `scene` the recording
//! backend, `svg` and `png` the writers.
//!
//! Pure functions of the records, the rules and today's date (never the clock).

mod amounts;
mod balance;
mod calendar;
mod frame;
mod pension_years;
mod png;
mod scene;
mod svg;
mod theme;

pub use amounts::{AmountMonth, AmountsChart};
pub use balance::{AccountSeries, BalanceChart, ComputedMethod, ComputedPoint, ReportedPoint};
pub use calendar::{CalendarChart, CalendarMonth, KindCalendar, MonthState};
pub use pension_years::{PensionYearsChart, PensionYearsMonth, RetirementMark};
pub use scene::{Anchor, Scene, Shape, Stroke, DENSITY};
pub use svg::FONT_FAMILY;
pub use theme::{Palette, Rgba, Theme};

use crate::model::{BalanceSnapshot, Contribution, InsuranceKind, Profile, YearMonth};
use crate::rules::RuleSet;
use crate::{Error, Lang, Result, Store};
use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::path::Path;
use std::str::FromStr;

/// The four charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Paid pension years over time against the required minimum, retirement marked.
    PensionYears,
    /// Personal-account balances: reported points and the computed line.
    Balance,
    /// Years × months per kind: paid, back paid, owed, gap, pending transfer.
    Calendar,
    /// Monthly personal and employer amounts; the base against the regional band.
    Amounts,
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        ChartKind::PensionYears,
        ChartKind::Balance,
        ChartKind::Calendar,
        ChartKind::Amounts,
    ];

    /// The code used by the CLI and the window: `pension-years`, `balance`, `calendar`, `amounts`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::PensionYears => "pension-years",
            ChartKind::Balance => "balance",
            ChartKind::Calendar => "calendar",
            ChartKind::Amounts => "amounts",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ChartKind::PensionYears => lang.pick("养老保险缴费年限", "Pension contribution years"),
            ChartKind::Balance => lang.pick("个人账户余额", "Personal account balances"),
            ChartKind::Calendar => lang.pick("缴费日历", "Contribution calendar"),
            ChartKind::Amounts => lang.pick(
                "每月缴费金额与缴费基数",
                "Monthly amounts and contribution base",
            ),
        }
    }
}

impl std::fmt::Display for ChartKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChartKind {
    type Err = String;

    /// Accepts `pension-years` and `pension_years`.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase().replace('_', "-");
        ChartKind::ALL
            .into_iter()
            .find(|k| k.as_str() == code)
            .ok_or_else(|| {
                format!("unknown chart {s:?} (expected one of: pension-years, balance, calendar, amounts)")
            })
    }
}

impl Serialize for ChartKind {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The file formats a chart is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// The format a file name asks for, by its extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<ChartFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(Error::UnsupportedChartFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Smallest and largest chart sizes, in logical pixels.
pub const MIN_SIZE: (u32, u32) = (360, 240);
pub const MAX_SIZE: u32 = 4096;

/// How to draw: language, theme, size in logical pixels, whether to draw the title, which
/// kinds (the calendar and amounts; empty means every kind with records).
#[derive(Debug, Clone)]
pub struct ChartOptions {
    pub lang: Lang,
    pub theme: Theme,
    pub width: u32,
    pub height: u32,
    /// The window and the PDF have their own headings; an exported file carries its title.
    pub title: bool,
    pub kinds: Vec<InsuranceKind>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            lang: Lang::Zh,
            theme: Theme::Light,
            width: 960,
            height: 540,
            title: true,
            kinds: Vec::new(),
        }
    }
}

impl ChartOptions {
    pub fn validate(&self) -> Result<()> {
        let ok = (MIN_SIZE.0..=MAX_SIZE).contains(&self.width)
            && (MIN_SIZE.1..=MAX_SIZE).contains(&self.height);
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidField {
                field: "chart_size",
                value: format!("{}x{}", self.width, self.height),
            })
        }
    }
}

/// What the charts read: one profile's records and balances, the rules, and today's date.
#[derive(Clone, Copy)]
pub struct ChartInput<'a> {
    pub rules: &'a RuleSet,
    pub profile: &'a Profile,
    pub records: &'a [Contribution],
    pub balances: &'a [BalanceSnapshot],
    pub today: NaiveDate,
}

impl ChartInput<'_> {
    pub(crate) fn this_month(&self) -> YearMonth {
        YearMonth::of_date(self.today).expect("today is within the supported years")
    }
}

/// A profile's records and balances read from the store, to make [`ChartInput`]s from.
#[derive(Debug, Clone)]
pub struct ProfileRecords {
    pub profile: Profile,
    pub records: Vec<Contribution>,
    pub balances: Vec<BalanceSnapshot>,
}

impl ProfileRecords {
    pub fn load(store: &Store, profile: &Profile) -> Result<ProfileRecords> {
        Ok(ProfileRecords {
            profile: profile.clone(),
            records: store.contribution_records(profile.id)?,
            balances: store.balances(profile.id)?,
        })
    }

    /// With the bundled rules.
    pub fn input(&self, today: NaiveDate) -> ChartInput<'_> {
        ChartInput {
            rules: RuleSet::bundled(),
            profile: &self.profile,
            records: &self.records,
            balances: &self.balances,
            today,
        }
    }
}

/// A chart's data series, for the hover read-out and data export.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "chart", rename_all = "snake_case")]
pub enum ChartData {
    PensionYears(PensionYearsChart),
    Balance(BalanceChart),
    Calendar(CalendarChart),
    Amounts(AmountsChart),
}

/// Where the plots lie in the drawing, in logical pixels from its top-left corner, so the
/// window can turn a pointer position into a month and look its values up in [`ChartData`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub panels: Vec<Panel>,
}

/// One plot: `x_from..x_to` spans `left..right`, in years (`2024-07` is 2024.5: year +
/// (month − 1) / 12); `y_from..y_to` spans `bottom..top` in the panel's unit (years for
/// `pension_years`, yuan for `balance`, `amounts` and `base`). Calendar panels have a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    pub name: &'static str,
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub x_from: f64,
    pub x_to: f64,
    pub y_from: f64,
    pub y_to: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarGrid>,
}

/// A calendar panel: column `c` (0–11) is month c + 1, row `r` is year `first_year + r`;
/// the cell at (c, r) starts at (left + c × cell_width, top + r × cell_height).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarGrid {
    pub kind: InsuranceKind,
    pub first_year: i32,
    pub years: u32,
    pub cell_width: f32,
    pub cell_height: f32,
}

/// A chart drawn: its data, its recorded drawing and where its plots are.
#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartKind,
    pub data: ChartData,
    pub scene: Scene,
    pub geometry: Geometry,
    /// The accessible name of the drawing.
    pub title: String,
}

/// What the window gets: the SVG to show, the data and the geometry for hovering.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView<'a> {
    pub kind: ChartKind,
    pub svg: String,
    pub data: &'a ChartData,
    pub geometry: &'a Geometry,
}

impl Chart {
    pub fn svg(&self) -> String {
        svg::to_svg(&self.scene, &self.title)
    }

    /// PNG at one pixel per logical pixel (`pixel_ratio` 2 for a high-density copy).
    pub fn png(&self, pixel_ratio: f32) -> Result<Vec<u8>> {
        png::to_png(&self.scene, pixel_ratio)
    }

    pub fn view(&self) -> ChartView<'_> {
        ChartView {
            kind: self.kind,
            svg: self.svg(),
            data: &self.data,
            geometry: &self.geometry,
        }
    }

    pub fn bytes(&self, format: ChartFormat) -> Result<Vec<u8>> {
        match format {
            ChartFormat::Svg => Ok(self.svg().into_bytes()),
            ChartFormat::Png => self.png(1.0),
        }
    }
}

/// The data of a chart, without drawing it.
pub fn chart_data(
    kind: ChartKind,
    input: &ChartInput<'_>,
    options: &ChartOptions,
) -> Result<ChartData> {
    Ok(match kind {
        ChartKind::PensionYears => ChartData::PensionYears(pension_years::data(input)?),
        ChartKind::Balance => ChartData::Balance(balance::data(input, &options.kinds)),
        ChartKind::Calendar => ChartData::Calendar(calendar::data(input, &options.kinds)),
        ChartKind::Amounts => ChartData::Amounts(amounts::data(input, &options.kinds)),
    })
}

/// Makes a chart's data and draws it.
pub fn draw(kind: ChartKind, input: &ChartInput<'_>, options: &ChartOptions) -> Result<Chart> {
    options.validate()?;
    let data = chart_data(kind, input, options)?;
    let mut frame = frame::Frame::new(options);
    let title = format!("{} · {}", kind.title(options.lang), input.profile.name);
    if options.title {
        frame.title(&title);
    }
    match &data {
        ChartData::PensionYears(d) => pension_years::draw(&mut frame, d, input.rules),
        ChartData::Balance(d) => balance::draw(&mut frame, d),
        ChartData::Calendar(d) => calendar::draw(&mut frame, d),
        ChartData::Amounts(d) => amounts::draw(&mut frame, d),
    }
    let (scene, geometry) = frame.finish();
    Ok(Chart {
        kind,
        data,
        scene,
        geometry,
        title,
    })
}

/// A chart as the bytes of a file.
pub fn render(
    kind: ChartKind,
    input: &ChartInput<'_>,
    options: &ChartOptions,
    format: ChartFormat,
) -> Result<Vec<u8>> {
    draw(kind, input, options)?.bytes(format)
}

/// A chart written to `path` (whole or not at all), its format taken from the extension.
/// Returns the format and the number of bytes written.
pub fn write_chart(
    store: &Store,
    profile: &Profile,
    kind: ChartKind,
    options: &ChartOptions,
    path: &Path,
    today: NaiveDate,
) -> Result<(ChartFormat, usize)> {
    let format = ChartFormat::from_path(path)?;
    let records = ProfileRecords::load(store, profile)?;
    let bytes = render(kind, &records.input(today), options, format)?;
    crate::fs::atomic::write_atomic(path, &bytes)?;
    Ok((format, bytes.len()))
}

#[cfg(test)]
mod tests;
#[doc(hidden)]
pub fn png_pixels_for_profiling(scene: &Scene) -> usize {
    png::to_pixels(scene, 1.0).unwrap().2.len()
}
