//! Tables drawn row by row: a shaded header, thin rules, cells cut to their column with "…".
//! A table that reaches the bottom of a page continues on the next with its header repeated.

use super::layout::{
    baseline_in, fit, width, wrap, Align, Doc, Rgb, HEADER_FILL, INK, MARGIN_X, MUTED, RULE,
};

pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32, align: Align) -> Column {
        Column {
            title: title.to_string(),
            width,
            align,
        }
    }
}

/// One cell: its text and colour.
pub struct Cell {
    pub text: String,
    pub color: Rgb,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            color: INK,
        }
    }

    pub fn colored(text: impl Into<String>, color: Rgb) -> Cell {
        Cell {
            text: text.into(),
            color,
        }
    }
}

/// Columns as wide as their widest text (header included) plus padding, filling `total`:
/// the `flexible` column takes whatever the others leave (its text is cut if that is too
/// little); without one, spare width is shared equally and an overflow is taken from the
/// widest column. Measuring the actual text keeps long English labels from being cut.
pub fn fitted_columns(
    specs: &[(&str, Align)],
    rows: &[Vec<String>],
    size: f32,
    total: f32,
    flexible: Option<usize>,
) -> Vec<Column> {
    let mut widths: Vec<f32> = specs
        .iter()
        .map(|(title, _)| width(title, size) + 2.0 * PAD + AIR)
        .collect();
    for row in rows {
        for (w, text) in widths.iter_mut().zip(row) {
            *w = w.max(width(text, size) + 2.0 * PAD + AIR);
        }
    }
    match flexible {
        Some(i) => {
            let others: f32 = widths
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, w)| w)
                .sum();
            widths[i] = (total - others).max(2.0 * PAD);
        }
        None => {
            let sum: f32 = widths.iter().sum();
            if sum <= total {
                let extra = (total - sum) / widths.len() as f32;
                widths.iter_mut().for_each(|w| *w += extra);
            } else if let Some(widest) = widths.iter_mut().max_by(|a, b| a.total_cmp(b)) {
                *widest -= sum - total;
            }
        }
    }
    specs
        .iter()
        .zip(widths)
        .map(|((title, align), w)| Column::new(title, w, *align))
        .collect()
}

pub struct Table {
    pub columns: Vec<Column>,
    pub size: f32,
    pub row_height: f32,
    pub header_height: f32,
}

/// Space between a cell's edge and its text.
const PAD: f32 = 4.0;
/// The most lines a cell wraps onto; beyond that its text is cut with "…".
const MAX_LINES: usize = 3;
/// Extra room a fitted column gets beyond its widest text, so neighbours do not touch.
const AIR: f32 = 6.0;

impl Table {
    pub fn new(columns: Vec<Column>, size: f32, row_height: f32) -> Table {
        Table {
            columns,
            size,
            row_height,
            header_height: row_height + 2.0,
        }
    }

    pub fn width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    /// Draws the header row at the cursor.
    pub fn header(&self, doc: &mut Doc) {
        let top = doc.y;
        doc.rect(MARGIN_X, top, self.width(), self.header_height, HEADER_FILL);
        let y = baseline_in(top, self.header_height, self.size);
        let mut x = MARGIN_X;
        for column in &self.columns {
            doc.text_in(
                x + PAD,
                column.width - 2.0 * PAD,
                y,
                self.size,
                &column.title,
                MUTED,
                column.align,
            );
            x += column.width;
        }
        doc.y += self.header_height;
        self.rule(doc, RULE);
    }

    /// Starts the table: moves to a new page first unless the header and `rows` rows fit.
    pub fn start(&self, doc: &mut Doc, rows: usize) {
        doc.ensure(self.header_height + self.row_height * rows.max(1) as f32);
        self.header(doc);
    }

    /// The lines of each cell: one when the text fits its column, else wrapped onto up to
    /// [`MAX_LINES`] lines (the last cut with "…"), so that a long employer name is printed
    /// whole rather than cut short on a document someone relies on.
    fn lines(&self, cells: &[Cell]) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .zip(cells)
            .map(|(column, cell)| {
                let inner = column.width - 2.0 * PAD;
                if width(&cell.text, self.size) <= inner {
                    return vec![cell.text.clone()];
                }
                let mut lines = wrap(&cell.text, self.size, inner);
                if lines.len() > MAX_LINES {
                    let rest = lines[MAX_LINES - 1..].concat();
                    lines.truncate(MAX_LINES - 1);
                    lines.push(fit(&rest, self.size, inner));
                }
                lines
            })
            .collect()
    }

    fn line_step(&self) -> f32 {
        self.size * 1.4
    }

    /// The height a row of these cells takes.
    pub fn height_of(&self, cells: &[Cell]) -> f32 {
        let most = self.lines(cells).iter().map(Vec::len).max().unwrap_or(1);
        self.row_height + (most.max(1) - 1) as f32 * self.line_step()
    }

    /// Makes room for a row of `height`; on a new page the header comes first. Returns
    /// whether the row starts a page.
    pub fn room_for(&self, doc: &mut Doc, height: f32) -> bool {
        if doc.ensure(height) {
            self.header(doc);
            true
        } else {
            false
        }
    }

    /// Draws a row at the cursor (call `room_for` first), on an optional shade. Cells that
    /// need more than one line make the row taller; the others stay on its first line.
    pub fn row(&self, doc: &mut Doc, cells: &[Cell], shade: Option<Rgb>) {
        let top = doc.y;
        let height = self.height_of(cells);
        if let Some(fill) = shade {
            doc.rect(MARGIN_X, top, self.width(), height, fill);
        }
        let first = baseline_in(top, self.row_height, self.size);
        let mut x = MARGIN_X;
        for ((column, cell), lines) in self.columns.iter().zip(cells).zip(self.lines(cells)) {
            for (i, line) in lines.iter().enumerate() {
                doc.text_in(
                    x + PAD,
                    column.width - 2.0 * PAD,
                    first + i as f32 * self.line_step(),
                    self.size,
                    line,
                    cell.color,
                    column.align,
                );
            }
            x += column.width;
        }
        doc.y += height;
    }

    /// A thin rule across the table at the cursor.
    pub fn rule(&self, doc: &mut Doc, color: Rgb) {
        let y = doc.y;
        doc.line(MARGIN_X, y, MARGIN_X + self.width(), y, 0.5, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cell_wraps_and_makes_its_row_taller() {
        let table = Table::new(
            vec![
                Column::new("月份", 50.0, Align::Center),
                Column::new("缴费单位", 80.0, Align::Left),
            ],
            8.0,
            14.0,
        );
        let short = [Cell::plain("2024-01"), Cell::plain("甲公司")];
        assert_eq!(table.height_of(&short), 14.0);
        let long = [
            Cell::plain("2024-01"),
            Cell::plain("中国建设银行股份有限公司北京市分行营业部"),
        ];
        let lines = table.lines(&long);
        assert_eq!(lines[0].len(), 1);
        assert!(lines[1].len() >= 2 && lines[1].len() <= MAX_LINES);
        assert_eq!(
            lines[1].concat(),
            "中国建设银行股份有限公司北京市分行营业部"
        );
        assert!(table.height_of(&long) > 14.0);
    }

    #[test]
    fn columns_fit_their_text_and_fill_the_width() {
        let specs = [("Kind", Align::Left), ("Standing", Align::Left)];
        let rows = vec![vec![
            "Unemployment".to_string(),
            "stopped since 2022-01".to_string(),
        ]];
        let cols = fitted_columns(&specs, &rows, 8.5, 300.0, None);
        let total: f32 = cols.iter().map(|c| c.width).sum();
        assert!((total - 300.0).abs() < 0.01);
        assert!(cols[0].width >= width("Unemployment", 8.5) + 2.0 * PAD);
        let flex = fitted_columns(&specs, &rows, 8.5, 300.0, Some(0));
        assert!((flex[0].width + flex[1].width - 300.0).abs() < 0.01);
        assert!(flex[0].width > cols[0].width);
    }
}
