//! A [`Scene`] as a PNG: shapes rasterised by plotters' bitmap backend, text by the bundled
//! Noto Sans SC (so Chinese labels never turn into boxes, whatever the machine has installed).
//!
//! Plotters fills polygons without anti-aliasing, so shapes are drawn at [`SUPERSAMPLE`]× and
//! averaged down; text is then set at the final size with the font rasteriser's own
//! anti-aliasing, on top of the shapes (no chart draws a shape over text).

use super::scene::{text_left, text_width, Scene, Shape, Stroke, DENSITY};
use super::theme::Rgba;
use crate::fonts::{FontMetrics, NOTO_SANS_SC_REGULAR};
use crate::{Error, Result};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters::style::RGBAColor;
use plotters_backend::DrawingErrorKind;
use std::sync::OnceLock;

/// Shapes are drawn at this multiple of the output size, then averaged down.
const SUPERSAMPLE: u32 = 2;

fn failed(reason: impl Into<String>) -> Error {
    Error::ExportFailed {
        format: "png",
        reason: reason.into(),
    }
}

/// The RGB pixels of `scene` at `pixel_ratio` pixels per logical pixel.
pub fn to_pixels(scene: &Scene, pixel_ratio: f32) -> Result<(u32, u32, Vec<u8>)> {
    let (lw, lh) = scene.logical_size();
    let (w, h) = (
        (lw * pixel_ratio).round().max(1.0) as u32,
        (lh * pixel_ratio).round().max(1.0) as u32,
    );
    let (sw, sh) = (w * SUPERSAMPLE, h * SUPERSAMPLE);
    let bg = scene.background;
    let mut big: Vec<u8> = [bg.r, bg.g, bg.b].repeat((sw * sh) as usize);
    {
        let scale = pixel_ratio * SUPERSAMPLE as f32 / DENSITY;
        let mut backend = BitMapBackend::with_buffer(&mut big, (sw, sh));
        draw_shapes(&mut backend, scene, scale).map_err(|e| failed(e.to_string()))?;
        backend.present().map_err(|e| failed(e.to_string()))?;
    }
    let mut pixels = downsample(&big, sw, sh, SUPERSAMPLE);
    let text_scale = pixel_ratio / DENSITY;
    for shape in &scene.shapes {
        if let Shape::Text {
            x,
            y,
            size,
            anchor,
            color,
            text,
            bold,
        } = shape
        {
            let size = size * text_scale;
            let left = text_left(x * text_scale, text_width(text, size), *anchor);
            draw_text(
                &mut pixels,
                w,
                h,
                left,
                y * text_scale,
                size,
                *color,
                text,
                *bold,
            );
        }
    }
    Ok((w, h, pixels))
}

/// `scene` encoded as PNG bytes.
pub fn to_png(scene: &Scene, pixel_ratio: f32) -> Result<Vec<u8>> {
    let (w, h, pixels) = to_pixels(scene, pixel_ratio)?;
    let mut out = Vec::with_capacity(pixels.len() / 4);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Charts are flat colours: the fast setting compresses them well at a fraction of the
        // default's time.
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(|e| failed(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| failed(e.to_string()))?;
    }
    Ok(out)
}

fn plot_color(c: Rgba) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, f64::from(c.a))
}

type Bitmap<'a> = BitMapBackend<'a>;
type DrawResult =
    std::result::Result<(), DrawingErrorKind<<Bitmap<'static> as DrawingBackend>::ErrorType>>;

fn draw_shapes(backend: &mut Bitmap<'_>, scene: &Scene, scale: f32) -> DrawResult {
    let at = |(x, y): (f32, f32)| ((x * scale).round() as i32, (y * scale).round() as i32);
    for shape in &scene.shapes {
        match shape {
            Shape::Path {
                points,
                closed,
                fill,
                stroke,
            } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|p| at(*p)).collect();
                if let Some(fill) = fill {
                    backend.fill_polygon(pts.clone(), &plot_color(*fill))?;
                }
                if let Some(stroke) = stroke {
                    let mut line = points.clone();
                    if *closed {
                        line.extend(points.first().copied());
                    }
                    stroke_path(backend, &line, stroke, scale)?;
                }
            }
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let (x0, y0) = at((*x, *y));
                let (x1, y1) = at((x + w, y + h));
                if let Some(fill) = fill {
                    // Plotters fills both corners inclusively.
                    backend.draw_rect((x0, y0), (x1 - 1, y1 - 1), &plot_color(*fill), true)?;
                }
                if let Some(stroke) = stroke {
                    let corners = [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h), (*x, *y)];
                    stroke_path(backend, &corners, stroke, scale)?;
                }
            }
            Shape::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let center = at((*cx, *cy));
                let radius = (r * scale).round().max(1.0) as u32;
                if let Some(fill) = fill {
                    backend.draw_circle(center, radius, &plot_color(*fill), true)?;
                }
                if let Some(stroke) = stroke {
                    let n = 48;
                    let ring: Vec<(f32, f32)> = (0..=n)
                        .map(|i| {
                            let a = i as f32 / n as f32 * std::f32::consts::TAU;
                            (cx + r * a.cos(), cy + r * a.sin())
                        })
                        .collect();
                    stroke_path(backend, &ring, stroke, scale)?;
                }
            }
            Shape::Text { .. } => {} // set after downsampling
        }
    }
    Ok(())
}

/// A stroked polyline: each segment a quad of the stroke's width, with round joins (a disc
/// at each vertex) so thick step lines have no notches. Dashes are cut along the length.
fn stroke_path(
    backend: &mut Bitmap<'_>,
    points: &[(f32, f32)],
    stroke: &Stroke,
    scale: f32,
) -> DrawResult {
    let color = plot_color(stroke.color);
    let half = (stroke.width * scale / 2.0).max(0.5);
    let pieces = match stroke.dash {
        Some(dash) => dashes(points, dash),
        None => vec![points.to_vec()],
    };
    for piece in pieces {
        for pair in piece.windows(2) {
            let (a, b) = (
                (pair[0].0 * scale, pair[0].1 * scale),
                (pair[1].0 * scale, pair[1].1 * scale),
            );
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len < 1e-3 {
                continue;
            }
            let (nx, ny) = (-dy / len * half, dx / len * half);
            let quad = [
                (a.0 + nx, a.1 + ny),
                (b.0 + nx, b.1 + ny),
                (b.0 - nx, b.1 - ny),
                (a.0 - nx, a.1 - ny),
            ];
            backend.fill_polygon(
                quad.iter()
                    .map(|(x, y)| (x.round() as i32, y.round() as i32)),
                &color,
            )?;
        }
        // Round joins where a thick line turns sharply (steps, corners); gentle bends in a
        // dense series need none, and skipping them keeps long series fast.
        if half >= 1.5 {
            for w in piece.windows(3) {
                let (a, b, c) = (w[0], w[1], w[2]);
                let (u, v) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
                let (lu, lv) = (
                    (u.0 * u.0 + u.1 * u.1).sqrt(),
                    (v.0 * v.0 + v.1 * v.1).sqrt(),
                );
                if lu < 1e-3 || lv < 1e-3 || (u.0 * v.0 + u.1 * v.1) / (lu * lv) < 0.9 {
                    let c = ((b.0 * scale).round() as i32, (b.1 * scale).round() as i32);
                    backend.draw_circle(c, half.round() as u32, &color, true)?;
                }
            }
        }
    }
    Ok(())
}

/// The dashes of a polyline, each a polyline of its own.
fn dashes(points: &[(f32, f32)], [dash, gap]: [f32; 2]) -> Vec<Vec<(f32, f32)>> {
    let period = dash + gap;
    let mut pieces = Vec::new();
    let mut current: Vec<(f32, f32)> = Vec::new();
    let mut travelled = 0.0f32;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0f32;
        while t < len {
            let phase = travelled % period;
            let on = phase < dash;
            let step = if on { dash - phase } else { period - phase }.min(len - t);
            let p = |s: f32| (a.0 + (b.0 - a.0) * s / len, a.1 + (b.1 - a.1) * s / len);
            if on {
                if current.is_empty() {
                    current.push(p(t));
                }
                current.push(p(t + step));
            } else if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            t += step;
            travelled += step;
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Averages each k × k block of `big` into one pixel.
fn downsample(big: &[u8], sw: u32, sh: u32, k: u32) -> Vec<u8> {
    let (w, h, k) = ((sw / k) as usize, (sh / k) as usize, k as usize);
    let sw = sw as usize;
    let n = (k * k) as u32;
    let mut out = vec![0u8; w * h * 3];
    let mut sums = vec![0u32; w * 3];
    for (y, out_row) in out.chunks_exact_mut(w * 3).enumerate() {
        sums.iter_mut().for_each(|s| *s = 0);
        for dy in 0..k {
            let row = &big[(y * k + dy) * sw * 3..][..sw * 3];
            for (x, block) in row.chunks_exact(k * 3).enumerate() {
                let sum = &mut sums[x * 3..x * 3 + 3];
                for px in block.chunks_exact(3) {
                    sum[0] += u32::from(px[0]);
                    sum[1] += u32::from(px[1]);
                    sum[2] += u32::from(px[2]);
                }
            }
        }
        for (o, s) in out_row.iter_mut().zip(&sums) {
            *o = ((s + n / 2) / n) as u8;
        }
    }
    out
}

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        FontRef::try_from_slice(NOTO_SANS_SC_REGULAR).expect("the bundled font parses")
    })
}

/// Sets `text` with its left edge at `x` and baseline at `y`, advancing by the same metrics
/// that measured it ([`FontMetrics`]).
#[allow(clippy::too_many_arguments)]
fn draw_text(
    pixels: &mut [u8],
    w: u32,
    h: u32,
    x: f32,
    y: f32,
    size: f32,
    color: Rgba,
    text: &str,
    bold: bool,
) {
    let font = font();
    let units_per_em = font.units_per_em().unwrap_or(1000.0);
    let scale = PxScale::from(size * font.height_unscaled() / units_per_em);
    let scaled = font.as_scaled(scale);
    let mut pen = x;
    // Bold: the outline set twice, a fraction of a pixel apart.
    let passes: &[f32] = if bold { &[0.0, 0.45] } else { &[0.0] };
    for placed in FontMetrics::get().glyphs(text) {
        let c = text[placed.text.clone()].chars().next().unwrap_or(' ');
        for &dx in passes {
            let glyph = scaled.scaled_glyph(c);
            let glyph = ab_glyph::Glyph {
                position: ab_glyph::point(pen + dx, y),
                ..glyph
            };
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let px = bounds.min.x as i32 + gx as i32;
                    let py = bounds.min.y as i32 + gy as i32;
                    if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 {
                        return;
                    }
                    let a = (coverage * color.a).clamp(0.0, 1.0);
                    let o = ((py as u32 * w + px as u32) * 3) as usize;
                    for (i, c) in [color.r, color.g, color.b].into_iter().enumerate() {
                        let old = f32::from(pixels[o + i]);
                        pixels[o + i] = (old + (f32::from(c) - old) * a).round() as u8;
                    }
                });
            }
        }
        pen += placed.advance * size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::scene::Anchor;

    #[test]
    fn draws_shapes_and_chinese_text_into_a_png() {
        let mut scene = Scene::new(400.0, 200.0, Rgba::hex(0xffffff));
        scene.rect(0.0, 0.0, 100.0, 100.0, Some(Rgba::hex(0xff0000)), None);
        scene.text(
            200.0,
            150.0,
            60.0,
            Anchor::Start,
            Rgba::hex(0x000000),
            "养老",
            false,
        );
        let (w, h, pixels) = to_pixels(&scene, 1.0).unwrap();
        assert_eq!((w, h), (200, 100));
        let at = |x: u32, y: u32| {
            let o = ((y * w + x) * 3) as usize;
            (pixels[o], pixels[o + 1], pixels[o + 2])
        };
        assert_eq!(at(10, 10), (255, 0, 0), "the red square");
        assert_eq!(at(190, 10), (255, 255, 255), "background");
        // The text box (x 100–160, baseline 75, 30 px): ink inside, none far outside.
        let ink = |x0, x1, y0, y1| {
            (x0..x1)
                .flat_map(|x| (y0..y1).map(move |y| (x, y)))
                .filter(|&(x, y)| at(x, y).0 < 128)
                .count()
        };
        assert!(ink(100, 162, 48, 80) > 100, "the glyphs are drawn");
        assert_eq!(ink(165, 200, 0, 100), 0);
        let png = to_png(&scene, 1.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn dashes_cover_the_line_in_steps() {
        let pieces = dashes(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], [4.0, 2.0]);
        let lengths: Vec<f32> = pieces
            .iter()
            .map(|p| {
                p.windows(2)
                    .map(|s| (s[1].0 - s[0].0).abs() + (s[1].1 - s[0].1).abs())
                    .sum()
            })
            .collect();
        assert_eq!(lengths, [4.0, 4.0, 4.0, 2.0]);
    }
}
