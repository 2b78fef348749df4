//! What a chart draws, as a list of vector shapes — the one drawing that the SVG for the window,
//! the PNG export and the PDF statement are all made from.
//!
//! Charts are laid out with plotters (coordinates, meshes, series) on [`Canvas`], a plotters
//! backend that records instead of drawing. Recording first and writing second means:
//! - text is measured once, with the bundled font's own advances ([`FontMetrics`]), whatever
//!   the output — plotters' own SVG and bitmap backends each measure text differently;
//! - the PDF gets true vectors and extractable text from the same shapes (no SVG parser);
//! - dashes and cell marks are real shapes, not runs of tiny segments;
//! - tests can read every label and its box.
//!
//! Coordinates are device units: logical pixels × [`DENSITY`], so that plotters' integer
//! coordinates still place things to half a pixel.

use super::theme::Rgba;
use crate::fonts::FontMetrics;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

/// Device units per logical pixel.
pub const DENSITY: f32 = 2.0;

/// Noto Sans SC's ideographs reach about 0.88 em above the baseline and 0.12 em below; Latin
/// capitals and digits about 0.73 em above. Used to turn "top"/"centre"/"bottom" into a baseline.
const ASCENT: f32 = 0.88;
const CENTER_TO_BASELINE: f32 = 0.36;
const DESCENT: f32 = 0.14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgba,
    pub width: f32,
    /// Dash and gap lengths; `None` is a solid line.
    pub dash: Option<[f32; 2]>,
}

impl Stroke {
    pub fn solid(color: Rgba, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: None,
        }
    }

    pub fn dashed(color: Rgba, width: f32, dash: [f32; 2]) -> Stroke {
        Stroke {
            color,
            width,
            dash: Some(dash),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A polyline (or, closed, a polygon).
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    },
    /// One line of text; `y` is the baseline, `x` the anchor point.
    Text {
        x: f32,
        y: f32,
        size: f32,
        anchor: Anchor,
        color: Rgba,
        text: String,
        bold: bool,
    },
}

impl Shape {
    /// A text's box: left, top, right, bottom (by the bundled font's advances).
    pub fn text_box(&self) -> Option<(f32, f32, f32, f32)> {
        let Shape::Text {
            x,
            y,
            size,
            anchor,
            text,
            ..
        } = self
        else {
            return None;
        };
        let width = text_width(text, *size);
        let left = text_left(*x, width, *anchor);
        Some((left, y - 0.88 * size, left + width, y + 0.12 * size))
    }
}

pub fn text_width(text: &str, size: f32) -> f32 {
    FontMetrics::get().width(text, size)
}

/// The left edge of a text of `width` anchored at `x`.
pub fn text_left(x: f32, width: f32, anchor: Anchor) -> f32 {
    match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    }
}

/// A recorded chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Device units ([`DENSITY`] per logical pixel).
    pub width: f32,
    pub height: f32,
    pub background: Rgba,
    pub shapes: Vec<Shape>,
}

impl Scene {
    pub fn new(width: f32, height: f32, background: Rgba) -> Scene {
        Scene {
            width,
            height,
            background,
            shapes: Vec::new(),
        }
    }

    /// Logical pixels.
    pub fn logical_size(&self) -> (f32, f32) {
        (self.width / DENSITY, self.height / DENSITY)
    }

    pub fn line(&mut self, points: Vec<(f32, f32)>, stroke: Stroke) {
        if points.len() > 1 {
            self.shapes.push(Shape::Path {
                points,
                closed: false,
                fill: None,
                stroke: Some(stroke),
            });
        }
    }

    pub fn polygon(&mut self, points: Vec<(f32, f32)>, fill: Rgba) {
        if points.len() > 2 {
            self.shapes.push(Shape::Path {
                points,
                closed: true,
                fill: Some(fill),
                stroke: None,
            });
        }
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    ) {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, fill: Option<Rgba>, stroke: Option<Stroke>) {
        self.shapes.push(Shape::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        anchor: Anchor,
        color: Rgba,
        text: impl Into<String>,
        bold: bool,
    ) {
        let text = text.into();
        if !text.is_empty() {
            self.shapes.push(Shape::Text {
                x,
                y,
                size,
                anchor,
                color,
                text,
                bold,
            });
        }
    }

    /// Every text drawn, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

pub type SceneRef = Rc<RefCell<Scene>>;

/// The plotters backend that records into a [`Scene`].
pub struct Canvas {
    scene: SceneRef,
}

impl Canvas {
    pub fn new(scene: SceneRef) -> Canvas {
        Canvas { scene }
    }
}

fn color(c: BackendColor) -> Rgba {
    Rgba {
        r: c.rgb.0,
        g: c.rgb.1,
        b: c.rgb.2,
        a: c.alpha as f32,
    }
}

fn point(p: BackendCoord) -> (f32, f32) {
    (p.0 as f32, p.1 as f32)
}

fn stroke_of<S: BackendStyle>(style: &S) -> Stroke {
    Stroke::solid(color(style.color()), style.stroke_width() as f32)
}

impl DrawingBackend for Canvas {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        let scene = self.scene.borrow();
        (scene.width as u32, scene.height as u32)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (x, y) = point(p);
        self.scene
            .borrow_mut()
            .rect(x, y, 1.0, 1.0, Some(color(c)), None);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if style.stroke_width() > 0 && style.color().alpha > 0.0 {
            self.scene
                .borrow_mut()
                .line(vec![point(from), point(to)], stroke_of(style));
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (x0, y0) = point(ul);
        let (x1, y1) = point(br);
        let (fill, stroke) = if fill {
            (Some(color(style.color())), None)
        } else {
            (None, Some(stroke_of(style)))
        };
        self.scene.borrow_mut().rect(
            x0.min(x1),
            y0.min(y1),
            (x1 - x0).abs(),
            (y1 - y0).abs(),
            fill,
            stroke,
        );
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let points: Vec<(f32, f32)> = path.into_iter().map(point).collect();
        self.scene.borrow_mut().line(points, stroke_of(style));
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (cx, cy) = point(center);
        let (fill, stroke) = if fill {
            (Some(color(style.color())), None)
        } else {
            (None, Some(stroke_of(style)))
        };
        self.scene
            .borrow_mut()
            .circle(cx, cy, radius as f32, fill, stroke);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let points: Vec<(f32, f32)> = vert.into_iter().map(point).collect();
        self.scene
            .borrow_mut()
            .polygon(points, color(style.color()));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let size = style.size() as f32;
        let (x, y) = point(pos);
        let anchor = style.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => y + ASCENT * size,
            VPos::Center => y + CENTER_TO_BASELINE * size,
            VPos::Bottom => y - DESCENT * size,
        };
        let h = match anchor.h_pos {
            HPos::Left => Anchor::Start,
            HPos::Center => Anchor::Middle,
            HPos::Right => Anchor::End,
        };
        self.scene
            .borrow_mut()
            .text(x, baseline, size, h, color(style.color()), text, false);
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let size = style.size() as f32;
        Ok((text_width(text, size).ceil() as u32, size.ceil() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::{IntoDrawingArea, IntoFont, PathElement, Rectangle, BLACK, RED};
    use plotters::style::Color;

    #[test]
    fn plotters_drawing_is_recorded_with_text_measured_by_the_bundled_font() {
        let scene: SceneRef = Rc::new(RefCell::new(Scene::new(200.0, 100.0, Rgba::hex(0xffffff))));
        let root = Canvas::new(scene.clone()).into_drawing_area();
        root.draw(&PathElement::new(
            vec![(0, 0), (10, 20)],
            Color::stroke_width(&BLACK, 2),
        ))
        .unwrap();
        root.draw(&Rectangle::new([(5, 5), (15, 25)], RED.filled()))
            .unwrap();
        let style = ("sans-serif", 20.0).into_font().color(&BLACK);
        root.draw_text("养老 2024", &style, (10, 10)).unwrap();
        let (w, _) = root.estimate_text_size("养老", &style).unwrap();
        assert_eq!(w, 40, "two ideographs are two ems");
        let scene = scene.borrow();
        assert_eq!(scene.shapes.len(), 3);
        assert!(
            matches!(&scene.shapes[0], Shape::Path { points, stroke: Some(s), .. }
            if points == &[(0.0, 0.0), (10.0, 20.0)] && s.width == 2.0)
        );
        assert!(
            matches!(&scene.shapes[1], Shape::Rect { w, h, fill: Some(_), .. }
            if *w == 10.0 && *h == 20.0)
        );
        let (left, top, _, bottom) = scene.shapes[2].text_box().unwrap();
        assert_eq!(left, 10.0);
        assert!(
            top >= 9.0 && bottom <= 40.0,
            "drawn below its top-left anchor"
        );
        assert_eq!(scene.texts().collect::<Vec<_>>(), ["养老 2024"]);
    }
}
