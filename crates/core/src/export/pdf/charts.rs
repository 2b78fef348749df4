//! The pension-years and balance charts in the statement, as vectors: each chart is drawn by
//! `crate::charts` into its recorded scene — the same drawing the window shows — and every
//! shape becomes a page operation here, scaled to the content width. Text stays text in the
//! bundled font (subset, extractable, and checked for coverage with the rest of the page).
//!
//! The charts show what the selection holds (its months and kinds, its balances), so they add
//! nothing the content digest does not already cover.

use super::layout::{Doc, LineStyle, Op, Paint, Rgb, CONTENT_WIDTH, INK, MARGIN_X, WARN};
use super::StatementContext;
use crate::charts::{
    self, Chart, ChartData, ChartInput, ChartKind, ChartOptions, Rgba, Shape, Theme,
};
use crate::export::selection::Selection;
use crate::model::InsuranceKind;
use crate::rules::RuleSet;
use crate::Lang;

/// The charts' size in logical pixels; at the content width one pixel is about 0.69 pt, so
/// their 12 px labels print at about 8 pt, like the tables.
const WIDTH: u32 = 720;
const HEIGHT: u32 = 330;

/// Places the charts for `selection` at the cursor, each under its own title and kept whole
/// on one page. A chart with nothing to show (no pension months, no balances) is left out.
pub fn place(doc: &mut Doc, selection: &Selection, ctx: &StatementContext<'_>) {
    let input = ChartInput {
        rules: RuleSet::bundled(),
        profile: &selection.profile,
        records: &selection.records,
        balances: &selection.balances,
        today: ctx.generated_at.date_naive(),
    };
    let options = ChartOptions {
        lang: ctx.lang,
        theme: Theme::Light,
        width: WIDTH,
        height: HEIGHT,
        title: false,
        kinds: selection.kinds.clone(),
    };
    for kind in [ChartKind::PensionYears, ChartKind::Balance] {
        if kind == ChartKind::PensionYears && !selection.kinds.contains(&InsuranceKind::Pension) {
            continue;
        }
        match charts::draw(kind, &input, &options) {
            Ok(chart) if has_data(&chart) => place_chart(doc, &chart, ctx.lang),
            Ok(_) => {}
            // The rules could not place this person (say, a retirement age that does not fit
            // the sex): the statement still goes out, saying why the chart is missing.
            Err(error) => {
                let line = match ctx.lang {
                    Lang::Zh => format!(
                        "{}：无法绘制（{}）",
                        kind.title(ctx.lang),
                        error.message(ctx.lang)
                    ),
                    Lang::En => format!(
                        "{}: cannot be drawn ({})",
                        kind.title(ctx.lang),
                        error.message(ctx.lang)
                    ),
                };
                doc.y += 6.0;
                doc.paragraph(MARGIN_X, CONTENT_WIDTH, 8.0, 12.0, &line, WARN);
            }
        }
    }
}

fn has_data(chart: &Chart) -> bool {
    match &chart.data {
        ChartData::PensionYears(d) => d.months_paid > 0 || d.months_pending > 0,
        ChartData::Balance(d) => !d.accounts.is_empty(),
        _ => true,
    }
}

fn rgb(c: Rgba) -> Rgb {
    Rgb(c.r, c.g, c.b)
}

fn place_chart(doc: &mut Doc, chart: &Chart, lang: Lang) {
    let scene = &chart.scene;
    let scale = CONTENT_WIDTH / scene.width;
    let height = scene.height * scale;
    let title = chart.kind.title(lang);
    let title_size = 9.5;
    doc.ensure(title_size + 10.0 + height);
    doc.y += 8.0;
    doc.text(MARGIN_X, doc.y + title_size, title_size, title, INK, true);
    doc.y += title_size + 4.0;
    let (x0, y0) = (MARGIN_X, doc.y);
    let pt = |(x, y): (f32, f32)| (x0 + x * scale, y0 + y * scale);
    let paint = |c: Option<Rgba>| {
        c.map(|c| Paint {
            color: rgb(c),
            opacity: c.a,
        })
    };
    let line = |s: Option<charts::Stroke>| {
        s.map(|s| LineStyle {
            color: rgb(s.color),
            opacity: s.color.a,
            width: s.width * scale,
            dash: s.dash.map(|[on, off]| [on * scale, off * scale]),
        })
    };
    for shape in &scene.shapes {
        let op = match shape {
            Shape::Path {
                points,
                closed,
                fill,
                stroke,
            } => Op::Path {
                points: points.iter().map(|p| pt(*p)).collect(),
                closed: *closed,
                fill: paint(*fill),
                stroke: line(*stroke),
            },
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let (left, top) = pt((*x, *y));
                let (right, bottom) = pt((x + w, y + h));
                Op::Path {
                    points: vec![(left, top), (right, top), (right, bottom), (left, bottom)],
                    closed: true,
                    fill: paint(*fill),
                    stroke: line(*stroke),
                }
            }
            Shape::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let (cx, cy) = pt((*cx, *cy));
                Op::Circle {
                    cx,
                    cy,
                    r: r * scale,
                    fill: paint(*fill),
                    stroke: line(*stroke),
                }
            }
            Shape::Text {
                y,
                size,
                text,
                color,
                bold,
                ..
            } => {
                let (left, ..) = shape.text_box().expect("a text");
                let (x, y) = pt((left, *y));
                Op::Text {
                    x,
                    y,
                    size: size * scale,
                    text: text.clone(),
                    color: rgb(*color),
                    bold: *bold,
                }
            }
        };
        doc.push(op);
    }
    doc.y += height;
}

#[cfg(test)]
mod tests {
    use super::super::layout::Page;
    use super::super::statement::compose;
    use super::*;
    use crate::demo::load_demo;
    use crate::export::selection::resolve;
    use crate::model::Period;
    use crate::Store;

    fn pages_for(kinds: &[InsuranceKind], lang: Lang) -> Vec<Page> {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let selection = resolve(&store, &profile, Period::ALL, kinds).unwrap();
        let ctx = StatementContext {
            lang,
            show_id: false,
            generated_at: "2026-11-29T11:33:00+08:00".parse().unwrap(),
            digest: "0",
            estimate: None,
        };
        compose(&selection, &ctx)
    }

    fn texts(pages: &[Page]) -> Vec<&str> {
        pages
            .iter()
            .flat_map(|p| &p.ops)
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_charts_are_vectors_with_text_inside_the_content_width() {
        for lang in [Lang::Zh, Lang::En] {
            let pages = pages_for(&[], lang);
            let words = texts(&pages);
            for kind in [ChartKind::PensionYears, ChartKind::Balance] {
                assert!(words.contains(&kind.title(lang)), "{lang}: {kind}");
            }
            assert!(words.contains(&lang.pick("法定退休", "Statutory retirement")));
            let paths = pages
                .iter()
                .flat_map(|p| &p.ops)
                .filter(|op| matches!(op, Op::Path { .. } | Op::Circle { .. }))
                .count();
            assert!(paths > 50, "{lang}: {paths} vector shapes");
            for op in pages.iter().flat_map(|p| &p.ops) {
                if let Op::Path { points, .. } = op {
                    for (x, _) in points {
                        assert!(*x >= MARGIN_X - 0.5 && *x <= MARGIN_X + CONTENT_WIDTH + 0.5);
                    }
                }
            }
        }
    }

    #[test]
    fn a_chart_with_nothing_to_show_is_left_out() {
        let medical = texts(&pages_for(&[InsuranceKind::Medical], Lang::Zh))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>();
        assert!(!medical
            .iter()
            .any(|t| t == ChartKind::PensionYears.title(Lang::Zh)));
        assert!(medical
            .iter()
            .any(|t| t == ChartKind::Balance.title(Lang::Zh)));
        assert!(medical.iter().any(|t| t == "医保个人账户"));
        assert!(!medical.iter().any(|t| t == "养老保险个人账户"));
        let unemployment = texts(&pages_for(&[InsuranceKind::Unemployment], Lang::Zh))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>();
        for kind in [ChartKind::PensionYears, ChartKind::Balance] {
            assert!(!unemployment.iter().any(|t| t == kind.title(Lang::Zh)));
        }
    }
}
