//! What every chart shares: the canvas and its palette, the title and legend above the plot,
//! footnotes below it, a plotters Cartesian plot with a time axis in years, tick choice that
//! never crowds labels, money and year labels in both languages, and the geometry the window
//! needs for its hover read-out.

use super::scene::{text_width, Anchor, Canvas, Scene, SceneRef, Stroke, DENSITY};
use super::theme::{Palette, Rgba};
use super::{ChartOptions, Geometry, Panel};
use crate::model::{Money, YearMonth};
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// Font sizes in logical pixels.
pub const TITLE: f32 = 15.0;
pub const LABEL: f32 = 12.0;
pub const NOTE: f32 = 11.0;
/// The line above a plot that names its unit, in label heights: room for the unit and for
/// the top tick label, which is centred on the plot's top edge.
const UNIT_LINE: f32 = 2.0;
/// The family plotters is told; text is measured and set by the scene, so only the size counts.
const FAMILY: &str = crate::fonts::FAMILY;

pub type Plot<'a> = ChartContext<'a, Canvas, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The x position of a month: its first day, in years (`2024-01` → 2024.0, `2024-07` → 2024.5).
pub fn x_of(month: YearMonth) -> f64 {
    f64::from(month.year()) + f64::from(month.month() - 1) / 12.0
}

/// The x position of a date, in years.
pub fn x_of_date(date: NaiveDate) -> f64 {
    let days = if date.leap_year() { 366.0 } else { 365.0 };
    f64::from(date.year()) + f64::from(date.ordinal0()) / days
}

/// The x of the end of a month (where a step that covers it ends).
pub fn x_after(month: YearMonth) -> f64 {
    x_of(month) + 1.0 / 12.0
}

/// A legend entry's swatch.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    Line(Stroke),
    /// A line with a marker on it: a series of computed values and reported points.
    LineMarker(Stroke, Marker),
    Marker(Marker, Rgba),
    Area(Rgba),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Diamond,
}

pub struct Frame {
    pub scene: SceneRef,
    pub palette: Palette,
    pub lang: Lang,
    /// Device units.
    pub width: f32,
    pub height: f32,
    /// The top of the space still free for plots (device units).
    pub top: f32,
    /// The bottom of that space.
    pub bottom: f32,
    pub margin: f32,
    pub panels: Vec<Panel>,
}

impl Frame {
    pub fn new(options: &ChartOptions) -> Frame {
        let palette = options.theme.palette();
        let (width, height) = (
            options.width as f32 * DENSITY,
            options.height as f32 * DENSITY,
        );
        let margin = 12.0 * DENSITY;
        Frame {
            scene: Rc::new(RefCell::new(Scene::new(width, height, palette.background))),
            palette,
            lang: options.lang,
            width,
            height,
            top: margin,
            bottom: height - margin,
            margin,
            panels: Vec::new(),
        }
    }

    /// Logical pixels → device units.
    pub fn u(&self, logical: f32) -> f32 {
        logical * DENSITY
    }

    pub fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    pub fn title(&mut self, text: &str) {
        let size = self.u(TITLE);
        let y = self.top + 0.9 * size;
        let color = self.palette.text;
        self.scene
            .borrow_mut()
            .text(self.margin, y, size, Anchor::Start, color, text, true);
        self.top += size * 1.6;
    }

    /// A row of legend entries from the left, wrapping when the width runs out.
    pub fn legend(&mut self, items: &[(Swatch, String)]) {
        self.legend_with(items, self.u(22.0), |frame, swatch, x, mid, w| {
            frame.swatch(*swatch, x, mid, w)
        });
    }

    /// A legend whose swatches `draw` draws, each `swatch_w` wide, centred on `mid`.
    pub fn legend_with<T>(
        &mut self,
        items: &[(T, String)],
        swatch_w: f32,
        draw: impl Fn(&Frame, &T, f32, f32, f32),
    ) {
        let size = self.u(LABEL);
        let gap = self.u(6.0);
        let spacing = self.u(16.0);
        let row_h = size * 1.7;
        let right = self.width - self.margin;
        let (mut x, mut y) = (self.margin, self.top);
        for (swatch, label) in items {
            let w = swatch_w + gap + text_width(label, size);
            if x > self.margin && x + w > right {
                x = self.margin;
                y += row_h;
            }
            let mid = y + row_h / 2.0;
            draw(self, swatch, x, mid, swatch_w);
            let color = self.palette.text;
            self.scene.borrow_mut().text(
                x + swatch_w + gap,
                mid + 0.36 * size,
                size,
                Anchor::Start,
                color,
                label.as_str(),
                false,
            );
            x += w + spacing;
        }
        self.top = y + row_h + self.u(4.0);
    }

    fn swatch(&self, swatch: Swatch, x: f32, mid: f32, w: f32) {
        match swatch {
            Swatch::Line(stroke) => self
                .scene
                .borrow_mut()
                .line(vec![(x, mid), (x + w, mid)], stroke),
            Swatch::LineMarker(stroke, marker) => {
                self.scene
                    .borrow_mut()
                    .line(vec![(x, mid), (x + w, mid)], stroke);
                self.marker(marker, x + w / 2.0, mid, self.u(4.0), stroke.color);
            }
            Swatch::Marker(marker, color) => {
                self.marker(marker, x + w / 2.0, mid, self.u(4.5), color)
            }
            Swatch::Area(color) => {
                let h = self.u(10.0);
                self.scene
                    .borrow_mut()
                    .rect(x, mid - h / 2.0, w, h, Some(color), None)
            }
        }
    }

    /// A data marker: filled, with a ring of the background so overlapping markers separate.
    pub fn marker(&self, marker: Marker, x: f32, y: f32, r: f32, color: Rgba) {
        let ring = Some(Stroke::solid(self.palette.background, self.u(1.0)));
        let mut scene = self.scene.borrow_mut();
        match marker {
            Marker::Circle => scene.circle(x, y, r, Some(color), ring),
            Marker::Square => {
                let s = r * 0.9;
                scene.rect(x - s, y - s, 2.0 * s, 2.0 * s, Some(color), ring)
            }
            Marker::Diamond => {
                let s = r * 1.25;
                scene.shapes.push(super::scene::Shape::Path {
                    points: vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)],
                    closed: true,
                    fill: Some(color),
                    stroke: ring,
                });
            }
        }
    }

    /// Muted lines of text at the bottom, wrapped to the width; the plots end above them.
    pub fn footnotes(&mut self, notes: &[String]) {
        let size = self.u(NOTE);
        let leading = size * 1.45;
        let max = self.width - 2.0 * self.margin;
        let lines: Vec<String> = notes
            .iter()
            .flat_map(|note| crate::charts::frame::wrap(note, size, max))
            .collect();
        let mut y = self.bottom - (lines.len() as f32 - 1.0) * leading - 0.12 * size;
        self.bottom -= lines.len() as f32 * leading + self.u(4.0);
        let color = self.palette.muted;
        let mut scene = self.scene.borrow_mut();
        for line in lines {
            scene.text(self.margin, y, size, Anchor::Start, color, line, false);
            y += leading;
        }
    }

    /// A message in the middle of the free space, for a chart with nothing to show.
    pub fn empty(&mut self, message: &str) {
        let size = self.u(14.0);
        let (x, y) = (self.width / 2.0, (self.top + self.bottom) / 2.0);
        let color = self.palette.muted;
        let mut scene = self.scene.borrow_mut();
        scene.rect(
            self.margin,
            self.top,
            self.width - 2.0 * self.margin,
            (self.bottom - self.top).max(0.0),
            None,
            Some(Stroke::dashed(
                self.palette.grid,
                self.u(1.0),
                [self.u(4.0), self.u(4.0)],
            )),
        );
        scene.text(x, y, size, Anchor::Middle, color, message, false);
    }

    pub fn area(&self) -> DrawingArea<Canvas, plotters::coord::Shift> {
        Canvas::new(self.scene.clone()).into_drawing_area()
    }

    pub fn finish(self) -> (Scene, Geometry) {
        let geometry = Geometry {
            width: self.width / DENSITY,
            height: self.height / DENSITY,
            panels: self.panels,
        };
        let scene = Rc::try_unwrap(self.scene)
            .map(RefCell::into_inner)
            .unwrap_or_else(|shared| shared.borrow().clone());
        (scene, geometry)
    }

    /// The text style plotters is given for tick labels.
    pub fn label_style(&self) -> TextStyle<'static> {
        let c = self.palette.muted;
        (FAMILY, f64::from(self.u(LABEL)))
            .into_font()
            .color(&RGBColor(c.r, c.g, c.b))
    }

    pub fn rgb(c: Rgba) -> RGBAColor {
        RGBAColor(c.r, c.g, c.b, f64::from(c.a))
    }
}

/// What a Cartesian plot over time shows on its axes.
pub struct TimeAxes<'f> {
    /// Years, as [`x_of`] gives them.
    pub x: Range<f64>,
    /// The highest value to show; the axis runs from 0 to a round value above it.
    pub y_max: f64,
    /// At most this many intervals between y labels (fewer when the plot is short).
    pub y_intervals: usize,
    pub y_label: &'f dyn Fn(f64) -> String,
    /// What the y axis counts (年, 每月缴费), written above the plot at the left.
    pub y_unit: String,
    /// Show year labels under this plot (only the lowest of stacked plots does).
    pub x_labels: bool,
    /// At least this much room for the y labels (device units), to line up stacked plots.
    pub y_area_min: f32,
}

impl Frame {
    /// The part of the canvas for a plot in the band `top..bottom` (device units), below the
    /// line that names the plot's unit.
    pub fn band(&self, top: f32, bottom: f32) -> DrawingArea<Canvas, plotters::coord::Shift> {
        let unit_h = self.u(LABEL) * UNIT_LINE;
        let left = self.margin;
        let right = self.width - self.margin - self.u(10.0);
        self.area().shrink(
            (left as i32, (top + unit_h) as i32),
            (
                (right - left) as u32,
                (bottom - top - unit_h).max(10.0) as u32,
            ),
        )
    }

    /// The y ticks that fit `sub` and the width their labels need (device units): plots
    /// stacked on one time axis take the widest, so their x positions line up.
    pub fn y_axis(
        &self,
        sub: &DrawingArea<Canvas, plotters::coord::Shift>,
        axes: &TimeAxes<'_>,
    ) -> (Vec<f64>, f32) {
        let size = self.u(LABEL);
        let (_, sub_y) = sub.get_pixel_range();
        let plot_h = sub_y.end as f32 - sub_y.start as f32 - x_label_area(axes, size, self.u(4.0));
        let fit = (plot_h / (size * 1.8)).floor().max(1.0) as usize;
        let ticks = nice_ticks(0.0, axes.y_max, axes.y_intervals.min(fit));
        let label_w = ticks
            .iter()
            .map(|v| text_width(&(axes.y_label)(*v), size))
            .fold(0.0, f32::max);
        (ticks, label_w + self.u(12.0))
    }

    /// A plot over time on `sub` (from [`Frame::band`]), with its grid, axes and labels drawn by
    /// plotters, recorded for hover as `name`.
    pub fn time_plot<'a>(
        &mut self,
        sub: &'a DrawingArea<Canvas, plotters::coord::Shift>,
        name: &'static str,
        axes: &TimeAxes<'_>,
    ) -> Plot<'a> {
        let size = self.u(LABEL);
        let (y_ticks, y_area) = self.y_axis(sub, axes);
        let y_area = y_area.max(axes.y_area_min);
        let x_area = x_label_area(axes, size, self.u(4.0));
        let (sub_x, sub_y) = sub.get_pixel_range();
        let y = 0.0..*y_ticks.last().expect("ticks");
        let unit_h = size * UNIT_LINE;
        let top = sub_y.start as f32 - unit_h;
        let (left, right) = (sub_x.start as f32, sub_x.end as f32);
        let plot_w = (right - left - y_area).max(10.0);
        let x_ticks = year_ticks(&axes.x, plot_w, text_width("2024", size) + self.u(18.0));
        let mut chart = ChartBuilder::on(sub)
            .y_label_area_size(y_area as u32)
            .x_label_area_size(x_area as u32)
            .build_cartesian_2d(axes.x.start..axes.x.end, y.clone())
            .expect("recording never fails");
        let grid = Frame::rgb(self.palette.grid);
        let axis = Frame::rgb(self.palette.axis);
        let x_fmt = |v: &f64| format!("{}", v.round() as i64);
        let y_fmt = |v: &f64| (axes.y_label)(*v);
        let mut mesh = chart.configure_mesh();
        mesh.bold_line_style(grid.stroke_width(DENSITY as u32))
            .light_line_style(TRANSPARENT)
            .axis_style(axis.stroke_width(DENSITY as u32))
            .label_style(self.label_style())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .set_all_tick_mark_size(self.u(4.0) as i32)
            // Plotters picks round values (1, 2, 5 × 10ⁿ) up to these counts, as ours do.
            .x_labels(x_ticks.len().max(2))
            .y_labels(y_ticks.len());
        if !axes.x_labels {
            mesh.x_label_formatter(&|_| String::new());
        }
        mesh.draw().expect("recording never fails");
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let color = self.palette.muted;
        self.scene.borrow_mut().text(
            self.margin,
            top + size * 0.9,
            size,
            Anchor::Start,
            color,
            axes.y_unit.as_str(),
            false,
        );
        self.panels.push(Panel {
            name,
            left: xr.start as f32 / DENSITY,
            top: yr.start as f32 / DENSITY,
            right: xr.end as f32 / DENSITY,
            bottom: yr.end as f32 / DENSITY,
            x_from: axes.x.start,
            x_to: axes.x.end,
            y_from: y.start,
            y_to: y.end,
            calendar: None,
        });
        chart
    }
}

fn x_label_area(axes: &TimeAxes<'_>, size: f32, without: f32) -> f32 {
    if axes.x_labels {
        size * 1.9
    } else {
        without
    }
}

/// The device point of `(x, y)` on a plot.
pub fn at(plot: &Plot<'_>, x: f64, y: f64) -> (f32, f32) {
    let (px, py) = plot.backend_coord(&(x, y));
    (px as f32, py as f32)
}

/// Year ticks at a step of 1, 2, 5, 10, 20 … years, as many as fit `width` with labels of
/// `label_w` each.
pub fn year_ticks(x: &Range<f64>, width: f32, label_w: f32) -> Vec<f64> {
    let fit = (width / label_w).floor().max(2.0) as i64;
    let (first, last) = (x.start.ceil() as i64, x.end.floor() as i64);
    let span = (last - first).max(1);
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| span / s < fit)
        .unwrap_or(100);
    let start = first + (step - first.rem_euclid(step)) % step;
    (0..)
        .map(|i| start + i * step)
        .take_while(|y| *y <= last)
        .map(|y| y as f64)
        .collect()
}

/// "Nice" ticks from 0 (or `min`) to at least `max`: a step of 1, 2 or 5 × 10ⁿ giving at most
/// `count` intervals. Returns the ticks; the last is the axis end.
pub fn nice_ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    let span = (max - min).max(1e-9);
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= count as f64 + 1e-9)
        .unwrap_or(10.0 * magnitude);
    let start = (min / step).floor() * step;
    let mut ticks = vec![start];
    while *ticks.last().expect("not empty") < max - 1e-9 {
        let next = ticks.last().expect("not empty") + step;
        ticks.push((next / step).round() * step);
    }
    ticks
}

/// An axis label for an amount of yuan: ¥8,000, ¥1.2万 / ¥12k.
pub fn money_tick(yuan: f64, lang: Lang) -> String {
    let abs = yuan.abs();
    let sign = if yuan < 0.0 { "-" } else { "" };
    let trim = |v: f64| {
        let s = format!("{v:.1}");
        s.trim_end_matches(".0").to_string()
    };
    match lang {
        Lang::Zh if abs >= 10_000.0 => format!("{sign}¥{}万", trim(abs / 10_000.0)),
        Lang::En if abs >= 1_000_000.0 => format!("{sign}¥{}M", trim(abs / 1_000_000.0)),
        Lang::En if abs >= 10_000.0 => format!("{sign}¥{}k", trim(abs / 1_000.0)),
        _ => {
            let whole = Money::from_yuan(abs.round() as i64).to_string();
            format!("{sign}{}", whole.trim_end_matches(".00"))
        }
    }
}

/// A number of years with at most one decimal: 15, 17.5.
pub fn years_tick(years: f64) -> String {
    let s = format!("{years:.1}");
    s.trim_end_matches(".0").to_string()
}

/// Lines of `text` no wider than `max` at `size` (device units): between Han characters and
/// at spaces, never starting a line with closing punctuation — as the PDF statement wraps.
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let wide = |c: char| matches!(c as u32, 0x2E80..=0x9FFF | 0xFF00..=0xFFEF);
    let closing = |c: char| "，。、；：！？）》…,.;:!?)%".contains(c);
    let opening = |c: char| "（《“([".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut unit = String::new();
    for (i, &c) in chars.iter().enumerate() {
        unit.push(c);
        let may_break = match chars.get(i + 1).copied() {
            None => true,
            Some(n) if closing(n) || opening(c) => false,
            Some(n) => c == ' ' || wide(c) || wide(n),
        };
        if !may_break {
            continue;
        }
        let candidate = format!("{line}{unit}");
        if !line.trim().is_empty() && text_width(candidate.trim_end(), size) > max {
            lines.push(line.trim_end().to_string());
            line = unit.trim_start().to_string();
        } else {
            line = candidate;
        }
        unit.clear();
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ticks_thin_out_to_fit() {
        assert_eq!(
            year_ticks(&(2011.5..2016.0), 1000.0, 60.0),
            [2012.0, 2013.0, 2014.0, 2015.0, 2016.0]
        );
        let wide = year_ticks(&(1990.0..2050.0), 600.0, 60.0);
        assert_eq!(wide.first(), Some(&1990.0));
        assert!(
            wide.len() <= 10 && wide.windows(2).all(|w| w[1] - w[0] == 10.0),
            "{wide:?}"
        );
    }

    #[test]
    fn nice_ticks_cover_the_range_in_round_steps() {
        assert_eq!(nice_ticks(0.0, 17.5, 5), [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(
            nice_ticks(0.0, 9_300.0, 5),
            [0.0, 2_000.0, 4_000.0, 6_000.0, 8_000.0, 10_000.0]
        );
        let t = nice_ticks(0.0, 123_456.0, 6);
        assert!(t.last().unwrap() >= &123_456.0 && t.len() <= 7, "{t:?}");
    }

    #[test]
    fn money_ticks_read_naturally_in_each_language() {
        assert_eq!(money_tick(8_000.0, Lang::Zh), "¥8,000");
        assert_eq!(money_tick(120_000.0, Lang::Zh), "¥12万");
        assert_eq!(money_tick(15_000.0, Lang::Zh), "¥1.5万");
        assert_eq!(money_tick(120_000.0, Lang::En), "¥120k");
        assert_eq!(money_tick(2_500_000.0, Lang::En), "¥2.5M");
        assert_eq!(years_tick(17.5), "17.5");
        assert_eq!(years_tick(20.0), "20");
    }

    #[test]
    fn months_and_dates_sit_on_a_year_axis() {
        assert_eq!(x_of(YearMonth::new(2024, 7).unwrap()), 2024.5);
        assert_eq!(x_after(YearMonth::new(2024, 12).unwrap()), 2025.0);
        let new_year = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert_eq!(x_of_date(new_year), 2025.0);
    }

    #[test]
    fn wrapping_keeps_words_and_fits() {
        let lines = wrap("one two three four five six", 10.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "one two three four five six");
        let zh = wrap(
            "计算：养老按全国记账利率滚存，医疗与公积金为计入额累计。",
            10.0,
            80.0,
        );
        assert_eq!(
            zh.concat(),
            "计算：养老按全国记账利率滚存，医疗与公积金为计入额累计。"
        );
        assert!(zh.iter().all(|l| text_width(l, 10.0) <= 80.0 + 10.0));
        assert!(zh
            .iter()
            .all(|l| !l.starts_with('，') && !l.starts_with('。')));
    }
}
