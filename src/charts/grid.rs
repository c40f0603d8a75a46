//! The heat grid that both heatmaps share: labelled rows and columns of coloured cells, each
//! with its value written in it when it fits, and a key of swatches below.
//!
//! Cells without a value are light grey with a diagonal stroke, so "n/a" stays distinct from a
//! low value in a black-and-white print. Column labels that would overlap are thinned to every
//! k-th one; rows shrink their font before their labels would collide.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::style::{self, FONT, MISSING, MUTED, SMALL_SIZE, TEXT};
use super::text::{columns, columns_in, label};

const KEY_HEIGHT: i32 = 30;
/// Each further row of key swatches on narrow canvases.
const KEY_ROW: i32 = 22;
/// Below this width the key starts at the left edge and may wrap to three rows.
const NARROW: i32 = 600;

fn key_height(width: i32) -> i32 {
    if width < NARROW {
        KEY_HEIGHT + 2 * KEY_ROW
    } else {
        KEY_HEIGHT
    }
}
const HEADER_HEIGHT: i32 = 22;
const COLUMN_WIDTH: f64 = 7.5;

/// The canvas height for a grid of `rows` rows: rows of 32 px, or 22 px past a dozen rows, so
/// that many capabilities make a taller chart rather than unreadable rows.
pub(super) fn canvas_height(rows: usize, width: u32) -> u32 {
    let cell = if rows <= 12 { 32 } else { 22 };
    let key = key_height(width as i32);
    let body = HEADER_HEIGHT + rows as i32 * cell + 10 + key + 8;
    (super::render::TITLE_HEIGHT + body as u32).clamp(220, 2000)
}

pub(super) struct Grid<'a> {
    pub rows: &'a [String],
    pub columns: &'a [String],
    /// `cells[row][column]`; a missing or `None` cell has no value.
    pub cells: &'a [Vec<Option<f64>>],
    /// The values at the light and the dark end of the ramp.
    pub range: (f64, f64),
    pub format: &'a dyn Fn(f64) -> String,
    /// Swatches of the key: a value and its description.
    pub key: Vec<(f64, String)>,
}

impl Grid<'_> {
    fn cell(&self, row: usize, column: usize) -> Option<f64> {
        self.cells
            .get(row)?
            .get(column)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }

    fn colour(&self, value: f64) -> RGBColor {
        let (low, high) = self.range;
        let t = if high > low {
            (value - low) / (high - low)
        } else {
            1.0
        };
        style::heat(t)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &Grid,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let max_label = (w * 3 / 10).min(200);
    let name_columns = columns_in(max_label).min(26);
    let label_width = grid
        .rows
        .iter()
        .map(|r| (columns(&label(r, name_columns)) as f64 * COLUMN_WIDTH) as i32)
        .max()
        .unwrap_or(0)
        .clamp(40, max_label);
    let left = 16 + label_width + 8;
    let n_columns = grid.columns.len().max(1) as i32;
    let n_rows = grid.rows.len().max(1) as i32;
    let cell_w = ((w - left - 16) / n_columns).max(1);
    let key = key_height(w);
    let cell_h = ((h - HEADER_HEIGHT - key - 8) / n_rows).clamp(1, 34);
    let top = HEADER_HEIGHT;

    let header = (FONT, SMALL_SIZE)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    let widest = grid
        .columns
        .iter()
        .map(|c| columns(&label(c, 10)))
        .max()
        .unwrap_or(1);
    let every = ((widest as f64 * COLUMN_WIDTH + 8.0) / f64::from(cell_w))
        .ceil()
        .max(1.0) as usize;
    for (c, name) in grid.columns.iter().enumerate() {
        if c % every == 0 {
            let x = left + c as i32 * cell_w + cell_w / 2;
            area.draw_text(&label(name, 10), &header, (x, top - 4))?;
        }
    }

    // All values or none: a grid where only the short ones are written reads as if the others
    // were missing.
    let show_values = (0..grid.rows.len())
        .flat_map(|r| (0..grid.columns.len()).map(move |c| (r, c)))
        .filter_map(|(r, c)| grid.cell(r, c))
        .all(|v| fits(&(grid.format)(v), cell_w, cell_h));
    let row_size = (f64::from(cell_h) * 0.8).clamp(7.0, SMALL_SIZE);
    let row_style = (FONT, row_size)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let value_style = |ink: RGBColor| {
        (FONT, SMALL_SIZE)
            .into_font()
            .color(&ink)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    for (r, name) in grid.rows.iter().enumerate() {
        let y = top + r as i32 * cell_h;
        area.draw_text(
            &label(name, name_columns),
            &row_style,
            (left - 8, y + cell_h / 2),
        )?;
        for c in 0..grid.columns.len() {
            let x = left + c as i32 * cell_w;
            let (x1, y1) = (x + cell_w - 1, y + cell_h - 1);
            let centre = (x + cell_w / 2, y + cell_h / 2);
            match grid.cell(r, c) {
                Some(value) => {
                    let fill = grid.colour(value);
                    area.draw(&Rectangle::new([(x, y), (x1, y1)], fill.filled()))?;
                    let text = (grid.format)(value);
                    if show_values {
                        area.draw_text(&text, &value_style(style::ink_on(fill)), centre)?;
                    }
                }
                None => {
                    area.draw(&Rectangle::new([(x, y), (x1, y1)], MISSING.filled()))?;
                    if fits("n/a", cell_w, cell_h) {
                        area.draw_text("n/a", &value_style(MUTED), centre)?;
                    } else {
                        area.draw(&PathElement::new(
                            vec![(x, y1), (x1, y)],
                            MUTED.stroke_width(1),
                        ))?;
                    }
                }
            }
        }
    }
    draw_key(area, grid, left, top + n_rows * cell_h + 10)
}

/// Whether `text` fits in a cell, with a little room around it.
fn fits(text: &str, cell_w: i32, cell_h: i32) -> bool {
    (columns(text) as f64 * COLUMN_WIDTH + 4.0) as i32 <= cell_w && cell_h >= 15
}

fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &Grid,
    left: i32,
    y: i32,
) -> DrawResult<DB> {
    let style = (FONT, SMALL_SIZE)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let (width, _) = area.dim_in_pixel();
    let left = if (width as i32) < NARROW { 16 } else { left };
    let (mut x, mut y) = (left, y);
    for (value, text) in grid
        .key
        .iter()
        .map(|(v, t)| (*v, t.as_str()))
        .chain([(f64::NAN, "n/a")])
    {
        let fill = if value.is_nan() {
            MISSING
        } else {
            grid.colour(value)
        };
        let entry = 19 + (columns(text) as f64 * COLUMN_WIDTH) as i32 + 14;
        if x > left && x + entry > width as i32 {
            (x, y) = (left, y + KEY_ROW);
        }
        area.draw(&Rectangle::new([(x, y), (x + 14, y + 14)], fill.filled()))?;
        area.draw(&Rectangle::new(
            [(x, y), (x + 14, y + 14)],
            MUTED.stroke_width(1),
        ))?;
        if value.is_nan() {
            // The stroke of the n/a cells that are too small for text.
            area.draw(&PathElement::new(
                vec![(x, y + 14), (x + 14, y)],
                MUTED.stroke_width(1),
            ))?;
        }
        area.draw_text(text, &style, (x + 19, y + 7))?;
        x += entry;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fits;

    #[test]
    fn values_are_written_only_where_they_fit() {
        assert!(fits("3", 20, 20));
        assert!(!fits("100%", 20, 20));
        assert!(!fits("3", 20, 10));
    }
}
