//! A [`Scene`] as SVG for the window: text stays text (selectable, read by screen readers) and
//! is set in the fonts the window itself uses, named in the same order as `ui/styles.css`.
//! The drawing keeps its device units in the `viewBox`, and `width`/`height` give its size in
//! logical pixels, so it scales cleanly to any card.

use super::scene::{Anchor, Scene, Shape, Stroke};
use super::theme::Rgba;
use std::fmt::Write;

/// The window's font stack (`ui/styles.css`), ending in generic families: the chart's Chinese
/// labels render with whichever CJK font the system has.
pub const FONT_FAMILY: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', system-ui, sans-serif";

/// `title` becomes the SVG's accessible name.
pub fn to_svg(scene: &Scene, title: &str) -> String {
    let (w, h) = scene.logical_size();
    let mut out = String::with_capacity(64 * scene.shapes.len() + 512);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{FONT_FAMILY}" role="img" aria-label="{}">"#,
        num(w),
        num(h),
        num(scene.width),
        num(scene.height),
        escape(title)
    );
    let _ = write!(out, "<title>{}</title>", escape(title));
    let _ = write!(
        out,
        r#"<rect width="{}" height="{}" fill="{}"/>"#,
        num(scene.width),
        num(scene.height),
        scene.background.css()
    );
    for shape in &scene.shapes {
        shape_to_svg(&mut out, shape);
    }
    out.push_str("</svg>\n");
    out
}

fn shape_to_svg(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Path {
            points,
            closed,
            fill,
            stroke,
        } => {
            out.push_str(r#"<path d=""#);
            for (i, (x, y)) in points.iter().enumerate() {
                let _ = write!(
                    out,
                    "{}{} {}",
                    if i == 0 { 'M' } else { 'L' },
                    num(*x),
                    num(*y)
                );
            }
            if *closed {
                out.push('Z');
            }
            out.push('"');
            paint(out, *fill, *stroke);
            if stroke.is_some() {
                out.push_str(r#" stroke-linejoin="round""#);
            }
            out.push_str("/>");
        }
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            );
            paint(out, *fill, *stroke);
            out.push_str("/>");
        }
        Shape::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}""#,
                num(*cx),
                num(*cy),
                num(*r)
            );
            paint(out, *fill, *stroke);
            out.push_str("/>");
        }
        Shape::Text {
            x,
            y,
            size,
            anchor,
            color,
            text,
            bold,
        } => {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="{}""#,
                num(*x),
                num(*y),
                num(*size)
            );
            match anchor {
                Anchor::Start => {}
                Anchor::Middle => out.push_str(r#" text-anchor="middle""#),
                Anchor::End => out.push_str(r#" text-anchor="end""#),
            }
            if *bold {
                out.push_str(r#" font-weight="600""#);
            }
            let _ = write!(out, r#" fill="{}""#, color.css());
            opacity(out, "fill-opacity", *color);
            let _ = write!(out, ">{}</text>", escape(text));
        }
    }
}

fn paint(out: &mut String, fill: Option<Rgba>, stroke: Option<Stroke>) {
    match fill {
        Some(fill) => {
            let _ = write!(out, r#" fill="{}""#, fill.css());
            opacity(out, "fill-opacity", fill);
        }
        None => out.push_str(r#" fill="none""#),
    }
    if let Some(stroke) = stroke {
        let _ = write!(
            out,
            r#" stroke="{}" stroke-width="{}""#,
            stroke.color.css(),
            num(stroke.width)
        );
        opacity(out, "stroke-opacity", stroke.color);
        if let Some([dash, gap]) = stroke.dash {
            let _ = write!(out, r#" stroke-dasharray="{} {}""#, num(dash), num(gap));
        }
    }
}

fn opacity(out: &mut String, name: &str, color: Rgba) {
    if color.a < 1.0 {
        let _ = write!(out, r#" {name}="{}""#, num(color.a));
    }
}

/// A number with at most two decimals and no trailing zeros: compact and exact enough.
fn num(v: f32) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        let s = format!("{rounded:.2}");
        s.trim_end_matches('0').to_string()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::scene::DENSITY;

    #[test]
    fn writes_shapes_text_and_the_windows_fonts() {
        let mut scene = Scene::new(200.0, 100.0, Rgba::hex(0xffffff));
        scene.line(
            vec![(0.0, 0.0), (10.5, 20.25)],
            Stroke::dashed(Rgba::hex(0x0f766e), 2.0, [6.0, 4.0]),
        );
        scene.rect(
            1.0,
            2.0,
            3.0,
            4.0,
            Some(Rgba::hex(0xff0000).alpha(0.5)),
            None,
        );
        scene.text(
            5.0,
            6.0,
            24.0,
            Anchor::End,
            Rgba::hex(0),
            "养老 <A&B>",
            true,
        );
        let svg = to_svg(&scene, "图 \"1\"");
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(&format!(r#"width="{}""#, 200.0 / DENSITY)));
        assert!(svg.contains(r#"viewBox="0 0 200 100""#));
        assert!(svg.contains("'Noto Sans CJK SC', 'Noto Sans SC'"));
        assert!(svg.contains(r#"aria-label="图 &quot;1&quot;""#));
        assert!(svg.contains(r#"d="M0 0L10.5 20.25""#));
        assert!(svg.contains(r#"stroke-dasharray="6 4""#));
        assert!(svg.contains(r##"fill="#ff0000" fill-opacity="0.5""##));
        assert!(svg.contains(
            r##"<text x="5" y="6" font-size="24" text-anchor="end" font-weight="600" fill="#000000">养老 &lt;A&amp;B&gt;</text>"##
        ));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
