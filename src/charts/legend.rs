//! A legend strip: for each series a sample of its line and marker, then its name; entries wrap
//! into rows. Laid out by estimated width so that the space it needs is known before drawing.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::marks;
use super::style::{FONT, SMALL_SIZE, TEXT};
use super::text::{columns, columns_in, label};

const ROW_HEIGHT: i32 = 20;
const SAMPLE_WIDTH: i32 = 30;
/// Average width of a column of 12 px DejaVu Sans, rounded up.
const COLUMN_WIDTH: f64 = 7.5;
const NAME_COLUMNS: usize = 28;

/// Columns of a name: 28 at most, fewer when the legend is narrower than an entry of 28.
fn name_columns(width: u32) -> usize {
    columns_in(width as i32 - SAMPLE_WIDTH - 32).min(NAME_COLUMNS)
}

/// Where each entry goes: (row, x) for each name, for an area `width` pixels wide.
fn layout(names: &[String], width: u32) -> Vec<(i32, i32)> {
    let mut row = 0;
    let mut x = 0;
    names
        .iter()
        .map(|name| {
            let entry = SAMPLE_WIDTH
                + 8
                + (columns(&label(name, name_columns(width))) as f64 * COLUMN_WIDTH) as i32
                + 18;
            if x > 0 && x + entry > width as i32 {
                row += 1;
                x = 0;
            }
            let at = (row, x);
            x += entry;
            at
        })
        .collect()
}

/// The height the legend of `names` needs in an area `width` pixels wide.
pub(super) fn height(names: &[String], width: u32) -> u32 {
    let rows = layout(names, width).last().map_or(0, |(row, _)| row + 1);
    (rows * ROW_HEIGHT) as u32 + 4
}

/// Draws the legend of `names` (series 0, 1, ... in order) at the top of `area`.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    names: &[String],
) -> DrawResult<DB> {
    let style = (FONT, SMALL_SIZE)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (index, (name, (row, x))) in names
        .iter()
        .zip(layout(names, area.dim_in_pixel().0))
        .enumerate()
    {
        let y = row * ROW_HEIGHT + ROW_HEIGHT / 2;
        marks::line(area, &[(x, y), (x + SAMPLE_WIDTH, y)], index)?;
        marks::marker(area, (x + SAMPLE_WIDTH / 2, y), index, 4)?;
        area.draw_text(
            &label(name, name_columns(area.dim_in_pixel().0)),
            &style,
            (x + SAMPLE_WIDTH + 6, y),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_wrap_into_rows_that_fit() {
        let names: Vec<String> = (0..8).map(|i| format!("Stakeholder group {i}")).collect();
        let spots = layout(&names, 400);
        assert_eq!(spots[0], (0, 0));
        assert!(spots.iter().all(|(_, x)| *x < 400));
        assert!(spots.last().unwrap().0 >= 2);
        assert_eq!(height(&names[..1], 400), 24);
        assert_eq!(height(&[], 400), 4);
    }
}
