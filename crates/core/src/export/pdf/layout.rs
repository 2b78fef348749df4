//! Page geometry and a small page builder: krilla has no layout engine, so the statement is
//! laid out here as a list of drawing operations per page, measured with the font's own
//! advances. Laying out first and drawing second lets the footer say "page N of M" and lets
//! tests read every string the PDF will contain before it is drawn.

use crate::fonts::FontMetrics;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 50.0;
pub const MARGIN_TOP: f32 = 50.0;
/// Content stops here; the footer lives below.
pub const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 62.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const INK: Rgb = Rgb(0x1F, 0x23, 0x28);
pub const MUTED: Rgb = Rgb(0x5F, 0x67, 0x70);
pub const ACCENT: Rgb = Rgb(0x1D, 0x4E, 0x89);
pub const RULE: Rgb = Rgb(0xC9, 0xD1, 0xDA);
pub const HEADER_FILL: Rgb = Rgb(0xE8, 0xEE, 0xF4);
pub const STRIPE_FILL: Rgb = Rgb(0xF5, 0xF7, 0xF9);
pub const NOTICE_FILL: Rgb = Rgb(0xFD, 0xF6, 0xE3);
pub const NOTICE_BAR: Rgb = Rgb(0xD9, 0x9A, 0x1E);
pub const WARN: Rgb = Rgb(0xA8, 0x32, 0x2D);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One drawing operation. Coordinates are points from the top-left corner; text `y` is the
/// baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        color: Rgb,
        bold: bool,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A chart's polyline or polygon (closed), filled and/or stroked.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Paint>,
        stroke: Option<LineStyle>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Paint>,
        stroke: Option<LineStyle>,
    },
}

/// A fill colour with its opacity (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub color: Rgb,
    pub opacity: f32,
}

/// How a path is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    pub color: Rgb,
    pub opacity: f32,
    pub width: f32,
    /// Dash and gap lengths; `None` is solid.
    pub dash: Option<[f32; 2]>,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub ops: Vec<Op>,
}

pub fn width(text: &str, size: f32) -> f32 {
    FontMetrics::get().width(text, size)
}

/// The baseline that centres a line of `size`-point text vertically in a box starting at
/// `top` of height `height`. Noto Sans SC's ideographs span about 0.88 em above the baseline
/// and 0.12 em below it, so their middle sits 0.38 em above the baseline.
pub fn baseline_in(top: f32, height: f32, size: f32) -> f32 {
    top + height / 2.0 + 0.36 * size
}

/// `text` cut to fit `max` points, ending in "…" when something was cut.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let ellipsis = width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = width(c.encode_utf8(&mut [0; 4]), size);
        if used + w + ellipsis > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Breaks `text` into lines no wider than `max`: between any two Han characters, and at
/// spaces in Latin text. Closing punctuation (，。、）etc.) never starts a line, and opening
/// punctuation never ends one, as Chinese typesetting requires.
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for unit in break_units(paragraph) {
            let candidate = format!("{line}{unit}");
            if !line.is_empty() && width(candidate.trim_end(), size) > max {
                lines.push(line.trim_end().to_string());
                line = unit.trim_start().to_string();
            } else {
                line = candidate;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn no_line_start(c: char) -> bool {
    "，。、；：！？）》」』】〕…·,.;:!?)]%".contains(c)
}

fn no_line_end(c: char) -> bool {
    "（《「『【〔“‘([".contains(c)
}

/// Pieces of text between which a line may break.
fn break_units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let next = chars.get(i + 1).copied();
        let may_break = match next {
            None => true,
            Some(n) if no_line_start(n) || no_line_end(c) => false,
            Some(n) => c == ' ' || is_wide(c) || is_wide(n),
        };
        if may_break {
            units.push(std::mem::take(&mut current));
        }
    }
    units
}

/// Pages under construction, with a cursor `y` on the current page.
pub struct Doc {
    pub pages: Vec<Page>,
    pub y: f32,
    /// Draws what repeats at the top of every page after the first (returns its height).
    running_header: Box<dyn Fn(&mut Page) -> f32>,
}

impl Doc {
    pub fn new(running_header: Box<dyn Fn(&mut Page) -> f32>) -> Doc {
        Doc {
            pages: vec![Page::default()],
            y: MARGIN_TOP,
            running_header,
        }
    }

    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    pub fn new_page(&mut self) {
        let mut page = Page::default();
        let used = (self.running_header)(&mut page);
        self.pages.push(page);
        self.y = MARGIN_TOP + used;
    }

    /// Starts a new page unless `height` more points fit on this one. Returns whether it did.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > CONTENT_BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn push(&mut self, op: Op) {
        self.page().ops.push(op);
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str, color: Rgb, bold: bool) {
        if !text.is_empty() {
            self.push(Op::Text {
                x,
                y,
                size,
                text: text.to_string(),
                color,
                bold,
            });
        }
    }

    /// Text placed in a box of width `w` starting at `x`, aligned within it.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        size: f32,
        text: &str,
        color: Rgb,
        align: Align,
    ) {
        let text = fit(text, size, w);
        let tw = width(&text, size);
        let left = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(left, y, size, &text, color, false);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb) {
        self.push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Op::Rect { x, y, w, h, color });
    }

    /// A wrapped paragraph from the cursor, breaking pages between lines as needed.
    pub fn paragraph(&mut self, x: f32, max: f32, size: f32, leading: f32, text: &str, color: Rgb) {
        for line in wrap(text, size, max) {
            self.ensure(leading);
            let y = self.y + size;
            self.text(x, y, size, &line, color, false);
            self.y += leading;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_respects_punctuation() {
        let text = "本记录由“社保账本”在用户本机根据其保存的缴费记录生成，不是社会保险经办机构出具的官方证明。";
        let lines = wrap(text, 10.0, 120.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), text, "nothing lost or added");
        for line in &lines {
            assert!(width(line, 10.0) <= 120.0 + 10.0, "{line}");
            assert!(!line.starts_with(['，', '。', '”']), "{line}");
        }
        let english = wrap("This record is not an official certificate.", 10.0, 100.0);
        assert!(english
            .iter()
            .all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        assert_eq!(
            english.join(" "),
            "This record is not an official certificate."
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_only_when_needed() {
        assert_eq!(fit("李明", 8.0, 100.0), "李明");
        let cut = fit("成都蓉城云图软件有限公司（示例）", 8.0, 60.0);
        assert!(cut.ends_with('…') && width(&cut, 8.0) <= 60.0, "{cut}");
    }
}
