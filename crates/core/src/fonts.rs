//! The one font the app draws documents and charts with: Noto Sans SC Regular (OFL-1.1, see
//! `assets/fonts/OFL.txt`), bundled so that a statement looks the same on every machine.
//!
//! The whole Regular weight is shipped, not a GB2312 subset: such subsets lack characters that
//! appear in real names (喆 赟 堃 昇 彧 珺), and a PDF built from it would show a blank box where a
//! person's name should be. Only Regular is bundled (10.5 MB); bold is drawn by stroking the
//! regular outlines, which keeps the repository and the binary one weight lighter.
//!
//! Anything that draws text with this font should first ask [`missing_chars`]: krilla and the
//! chart backends silently draw an empty box for a character the font lacks.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{charmap::Charmap, FontRef, MetadataProvider};
use std::sync::OnceLock;

/// Noto Sans SC Regular (static TrueType, from the npm package `@expo-google-fonts/noto-sans-sc`
/// 0.4.3, Google Fonts v40). Use it through this constant so charts and PDFs share one copy.
pub static NOTO_SANS_SC_REGULAR: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");

/// The family name, as chart backends that register fonts by name want it.
pub const FAMILY: &str = "Noto Sans SC";

/// Character lookup and advance widths of the bundled font, parsed once.
pub struct FontMetrics {
    charmap: Charmap<'static>,
    /// Unscaled: advances in font units; scaled by `size / units_per_em` when measuring.
    glyphs: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl FontMetrics {
    /// The bundled font's metrics (parsed on first use).
    pub fn get() -> &'static FontMetrics {
        static METRICS: OnceLock<FontMetrics> = OnceLock::new();
        METRICS.get_or_init(|| {
            let font = FontRef::new(NOTO_SANS_SC_REGULAR).expect("the bundled font parses");
            FontMetrics {
                charmap: font.charmap(),
                glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                units_per_em: f32::from(
                    font.metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em,
                ),
            }
        })
    }

    /// Whether the font has a glyph for `c`. Line breaks and tabs need none.
    pub fn covers(&self, c: char) -> bool {
        matches!(c, '\n' | '\r' | '\t') || self.charmap.map(c).is_some()
    }

    /// The width of `text` set on one line at `size` points: the sum of its advances, exactly
    /// as [`FontMetrics::glyphs`] places them.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.advance).sum::<f32>() * size
    }

    /// One glyph per character, advanced by the font's horizontal metrics.
    ///
    /// This is all the shaping the documents need: Han characters, Latin letters, digits and
    /// punctuation in one font have no ligatures or contextual forms that matter, and placing
    /// glyphs ourselves means what we measure is exactly what is drawn (and is far faster than
    /// a full shaper per table cell). A character the font lacks maps to glyph 0 (.notdef).
    pub fn glyphs(&self, text: &str) -> Vec<PlacedGlyph> {
        text.char_indices()
            .map(|(start, c)| {
                let id = self.charmap.map(c).unwrap_or(skrifa::GlyphId::NOTDEF);
                let advance = self.glyphs.advance_width(id).unwrap_or(self.units_per_em);
                PlacedGlyph {
                    id: id.to_u32(),
                    advance: advance / self.units_per_em,
                    text: start..start + c.len_utf8(),
                }
            })
            .collect()
    }
}

/// A glyph of the bundled font placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// The glyph id in the font.
    pub id: u32,
    /// The horizontal advance in ems (multiply by the font size for points).
    pub advance: f32,
    /// The byte range of the character it draws, so the text stays extractable.
    pub text: std::ops::Range<usize>,
}

/// The distinct characters of `text` the bundled font cannot draw, in order of appearance.
pub fn missing_chars(text: &str) -> Vec<char> {
    let metrics = FontMetrics::get();
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !metrics.covers(c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_rare_name_characters_that_gb2312_subsets_lack() {
        assert_eq!(
            missing_chars("喆赟堃昇彧珺 李明 ¥1,234.56 第 1 页 / 共 2 页"),
            Vec::<char>::new()
        );
    }

    #[test]
    fn reports_what_it_cannot_draw() {
        // An emoji and a CJK Extension B character: neither is in Noto Sans SC.
        assert_eq!(missing_chars("王🙂𠀾王🙂"), vec!['🙂', '𠀾']);
    }

    #[test]
    fn measures_cjk_as_one_em_and_digits_narrower() {
        let m = FontMetrics::get();
        assert!((m.width("养老", 10.0) - 20.0).abs() < 0.01);
        let digits = m.width("2024", 10.0);
        assert!(digits > 15.0 && digits < 25.0, "{digits}");
    }
}
