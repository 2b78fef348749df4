//! Turns laid-out pages into PDF bytes with krilla: text in the bundled font (embedded as a
//! subset, extractable), lines and filled rectangles.

use super::layout::{LineStyle, Op, Page, Paint, Rgb, PAGE_HEIGHT, PAGE_WIDTH};
use crate::fonts::{FontMetrics, NOTO_SANS_SC_REGULAR};
use crate::{Error, Result};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;

/// What the PDF's document information says about itself.
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub language: &'static str,
    pub created: DateTime<FixedOffset>,
}

pub fn to_pdf(pages: &[Page], info: &DocInfo) -> Result<Vec<u8>> {
    let failed = |reason: String| Error::ExportFailed {
        format: "pdf",
        reason,
    };
    let font = Font::new(NOTO_SANS_SC_REGULAR.into(), 0)
        .ok_or_else(|| failed("the bundled font could not be read".into()))?;
    let mut document = Document::new();
    document.set_metadata(metadata(info));
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid size");
    for page in pages {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        for op in &page.ops {
            draw(&mut surface, &font, op);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| failed(e.to_string()))
}

fn metadata(info: &DocInfo) -> Metadata {
    let at = info.created;
    let offset_minutes = at.offset().local_minus_utc() / 60;
    let created = PdfDateTime::new(at.year() as u16)
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour((offset_minutes / 60) as i8)
        .utc_offset_minute((offset_minutes.abs() % 60) as u8);
    Metadata::new()
        .title(info.title.clone())
        .authors(vec![info.author.clone()])
        .language(info.language.to_string())
        .creator("社保账本 · Shebao Ledger".to_string())
        .creation_date(created)
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn paint(p: Paint) -> Fill {
    Fill {
        paint: color(p.color).into(),
        opacity: NormalizedF32::new(p.opacity.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
        rule: FillRule::NonZero,
    }
}

fn line_style(l: LineStyle) -> Stroke {
    Stroke {
        paint: color(l.color).into(),
        width: l.width,
        opacity: NormalizedF32::new(l.opacity.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
        line_join: LineJoin::Round,
        line_cap: LineCap::Butt,
        dash: l.dash.map(|[on, off]| StrokeDash {
            array: vec![on, off],
            offset: 0.0,
        }),
        ..Stroke::default()
    }
}

/// Fills and strokes a chart path.
fn draw_shape(
    surface: &mut Surface<'_>,
    path: PathBuilder,
    fill: Option<Paint>,
    stroke: Option<LineStyle>,
) {
    if let Some(path) = path.finish() {
        surface.set_fill(fill.map(paint));
        surface.set_stroke(stroke.map(line_style));
        surface.draw_path(&path);
        surface.set_fill(None);
        surface.set_stroke(None);
    }
}

fn draw(surface: &mut Surface<'_>, font: &Font, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            text,
            color: c,
            bold,
        } => {
            let glyphs: Vec<KrillaGlyph> = FontMetrics::get()
                .glyphs(text)
                .into_iter()
                .map(|g| {
                    KrillaGlyph::new(GlyphId::new(g.id), g.advance, 0.0, 0.0, 0.0, g.text, None)
                })
                .collect();
            surface.set_fill(Some(fill(*c)));
            // Bold is the regular outline filled and stroked: one font file less to ship, and
            // at heading sizes it reads as a semibold.
            surface.set_stroke(bold.then(|| Stroke {
                paint: color(*c).into(),
                width: size * 0.035,
                ..Stroke::default()
            }));
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &glyphs,
                font.clone(),
                text,
                *size,
                false,
            );
            surface.set_stroke(None);
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color: c,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*c)));
                surface.draw_path(&path);
            }
        }
        Op::Path {
            points,
            closed,
            fill,
            stroke,
        } => {
            let mut path = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    path.move_to(*x, *y);
                } else {
                    path.line_to(*x, *y);
                }
            }
            if *closed {
                path.close();
            }
            draw_shape(surface, path, *fill, *stroke);
        }
        Op::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => {
            // Four cubic Béziers, the usual circle approximation (error < 0.03%).
            let k = 0.552_284_8 * r;
            let (x, y, r) = (*cx, *cy, *r);
            let mut path = PathBuilder::new();
            path.move_to(x + r, y);
            path.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
            path.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
            path.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
            path.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
            path.close();
            draw_shape(surface, path, *fill, *stroke);
        }
    }
}
