//! ┌───────────────────────────────────────────────────────────────────────────────────────┐
//! │ CHARTS GO HERE (issue 5, not yet done): the pension-years and balance charts.          │
//! └───────────────────────────────────────────────────────────────────────────────────────┘
//!
//! The statement leaves room for them after the summary table (`statement::compose` calls
//! [`place`]). When the `chart` module lands (SVG made with plotters, the CJK font registered
//! from `crate::fonts`), embed each chart here as vectors:
//!
//! 1. add `krilla-svg = "=0.8.x"` (it needs exactly usvg 0.47 / fontdb 0.23), and an
//!    `Op::Svg { x, y, w, h, svg: Arc<usvg::Tree> }` in `layout.rs`, drawn in `draw.rs` with
//!    `surface.draw_svg(&tree, Size::from_wh(w, h), SvgSettings::default())` inside a
//!    `push_transform(Transform::from_translate(x, y))`;
//! 2. parse the chart's SVG with a `usvg::Options` whose fontdb holds only
//!    `fonts::NOTO_SANS_SC_REGULAR`, so chart labels use the same glyphs as the text;
//! 3. here: `doc.ensure(height)`, push the op, `doc.y += height + gap`, and add each chart's
//!    labels to the glyph-coverage test in `mod.rs`.
//!
//! The charts show data the digest already covers (months and balances), so the content
//! digest does not change when they are added.

use super::layout::Doc;
use super::StatementContext;
use crate::export::selection::Selection;

/// Places the charts for `selection` at the cursor. Draws nothing until the chart module
/// exists; see the module documentation for how to fill it in.
pub fn place(_doc: &mut Doc, _selection: &Selection, _ctx: &StatementContext<'_>) {}
