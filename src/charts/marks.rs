//! Series marks in pixel space: a line in the series' dash pattern and its marker shape.
//!
//! Drawn on a [`Shift`] area in pixel coordinates so that line charts, the radar and the legend
//! share one implementation (ChartBuilder charts map their data to pixels first).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::DrawResult;
use super::style::{self, Marker};

pub(super) const LINE_WIDTH: u32 = 2;
pub(super) const MARKER_SIZE: i32 = 5;

/// A polyline through `points` in the style of series `index`.
pub(super) fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    index: usize,
) -> DrawResult<DB> {
    if points.len() < 2 {
        return Ok(());
    }
    let stroke = style::colour(index).stroke_width(LINE_WIDTH);
    match style::dash(index) {
        None => area.draw(&PathElement::new(points.to_vec(), stroke)),
        Some((dash, gap)) => area.draw(&DashedPathElement::new(
            points.iter().copied(),
            dash,
            gap,
            stroke,
        )),
    }
}

/// The marker of series `index` centred on `at`, filled white inside so overlapping markers
/// stay distinct.
pub(super) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    index: usize,
    size: i32,
) -> DrawResult<DB> {
    let colour = style::colour(index);
    let fill = colour.filled();
    let (x, y) = at;
    let s = size;
    match style::marker(index) {
        Marker::Circle => area.draw(&Circle::new(at, s, fill)),
        Marker::Square => area.draw(&Rectangle::new([(x - s, y - s), (x + s, y + s)], fill)),
        Marker::Triangle => area.draw(&Polygon::new(
            vec![(x, y - s - 1), (x + s + 1, y + s), (x - s - 1, y + s)],
            fill,
        )),
        Marker::Diamond => area.draw(&Polygon::new(
            vec![
                (x, y - s - 1),
                (x + s + 1, y),
                (x, y + s + 1),
                (x - s - 1, y),
            ],
            fill,
        )),
        Marker::Cross => {
            let stroke = colour.stroke_width(3);
            area.draw(&PathElement::new(
                vec![(x - s, y - s), (x + s, y + s)],
                stroke,
            ))?;
            area.draw(&PathElement::new(
                vec![(x - s, y + s), (x + s, y - s)],
                stroke,
            ))
        }
    }
}

/// Splits optional points into runs of consecutive present ones (gaps break a line).
pub(super) fn runs(points: &[Option<(i32, i32)>]) -> Vec<Vec<(i32, i32)>> {
    points
        .split(Option::is_none)
        .filter(|run| !run.is_empty())
        .map(|run| run.iter().flatten().copied().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn gaps_split_a_line_into_runs() {
        let points = [Some((0, 0)), Some((1, 1)), None, Some((3, 3)), None, None];
        assert_eq!(runs(&points), vec![vec![(0, 0), (1, 1)], vec![(3, 3)]]);
        assert!(runs(&[None, None]).is_empty());
    }
}
