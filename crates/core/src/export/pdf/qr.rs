//! The statement's QR code, drawn as vector rectangles.
//!
//! The `qrcode` crate gives only the module matrix (its image features are off), and each
//! horizontal run of dark modules becomes one filled rectangle: sharp at any zoom or printer
//! resolution, a few hundred path operations, and no raster image or image crate at all.

use super::layout::{Op, Rgb};
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// ECI assignment number for UTF-8: without it, readers guess the byte segment's encoding,
/// and a short Chinese name is often taken for Shift-JIS (王芳 scanned as 邇玖患).
const ECI_UTF8: u32 = 26;

/// The modules of `payload` as a square matrix (`true` = dark), without the quiet zone: the
/// smallest version that holds an ECI (UTF-8) designator and the text as bytes. Medium error
/// correction (15%) survives a crease or a smudge on paper.
pub fn matrix(payload: &str) -> Option<Vec<Vec<bool>>> {
    let level = EcLevel::M;
    let bits = (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_eci_designator(ECI_UTF8).ok()?;
        bits.push_byte_data(payload.as_bytes()).ok()?;
        bits.push_terminator(level).ok()?;
        Some(bits)
    })?;
    let code = QrCode::with_bits(bits, level).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    Some(
        colors
            .chunks(width)
            .map(|row| row.iter().map(|c| *c == Color::Dark).collect())
            .collect(),
    )
}

/// Rectangles drawing `modules` with its top-left corner at (x, y), each module `unit` wide.
pub fn draw(modules: &[Vec<bool>], x: f32, y: f32, unit: f32, color: Rgb) -> Vec<Op> {
    let mut ops = Vec::new();
    for (row, cells) in modules.iter().enumerate() {
        let mut col = 0;
        while col < cells.len() {
            if !cells[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < cells.len() && cells[col] {
                col += 1;
            }
            ops.push(Op::Rect {
                x: x + start as f32 * unit,
                y: y + row as f32 * unit,
                // A hair wider and taller so that adjacent rectangles leave no anti-aliasing seams.
                w: (col - start) as f32 * unit + 0.02,
                h: unit + 0.02,
                color,
            });
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let modules = matrix("shebao-ledger statement\nsha256 0123abcd").unwrap();
        let n = modules.len();
        assert!(n >= 21 && modules.iter().all(|row| row.len() == n));
        let ops = draw(&modules, 10.0, 20.0, 2.0, Rgb(0, 0, 0));
        let mut painted = vec![vec![false; n]; n];
        for op in ops {
            let Op::Rect { x, y, w, .. } = op else {
                panic!("only rectangles")
            };
            let row = ((y - 20.0) / 2.0).round() as usize;
            let first = ((x - 10.0) / 2.0).round() as usize;
            let count = (w / 2.0).floor() as usize;
            for cell in &mut painted[row][first..first + count] {
                assert!(!*cell, "no overlap");
                *cell = true;
            }
        }
        assert_eq!(painted, modules);
        // The three finder patterns: dark top-left corners of 7×7 squares.
        assert!(modules[0][0] && modules[0][n - 1] && modules[n - 1][0]);
    }
}
