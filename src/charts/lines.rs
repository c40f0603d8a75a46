//! The line chart over quarters that the trend, section, satisfaction and NPS charts share: a
//! category x axis (one tick per quarter, thinned when there are many), a numeric y axis, one
//! line per series broken at gaps, and a legend above.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::style::{FONT, GRID, LABEL_SIZE, MUTED, SMALL_SIZE, TEXT};
use super::text::{label, number};
use super::{Series, legend, marks};

/// What to draw; `index_offset` shifts the series styles (a small multiple keeps its section's).
pub(super) struct Lines<'a> {
    pub categories: &'a [String],
    pub series: &'a [Series],
    pub y_range: (f64, f64),
    pub y_desc: &'a str,
    pub decimals: usize,
    /// A dashed horizontal reference line (e.g. NPS 0).
    pub reference: Option<f64>,
    /// A small multiple: no legend, no axis descriptions, fewer labels.
    pub compact: bool,
    pub index_offset: usize,
}

/// The pixel position of every point, per series, relative to the area drawn on.
pub(super) type Points = Vec<Vec<Option<(i32, i32)>>>;

/// The label of the category at `x`, if `x` is one (plotters picks tick values freely).
fn category_at(categories: &[String], x: f64, columns: usize) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 || i as usize >= categories.len() {
        return String::new();
    }
    label(&categories[i as usize], columns)
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &Lines,
) -> Result<Points, DrawingAreaErrorKind<DB::ErrorType>> {
    let names: Vec<String> = lines.series.iter().map(|s| s.name.clone()).collect();
    let (width, _) = area.dim_in_pixel();
    let plot_area = if lines.compact {
        area.clone()
    } else {
        let legend_height = legend::height(&names, width - 40);
        let (strip, rest) = area.split_vertically(legend_height + 4);
        legend::draw(&strip.margin(0, 0, 40, 0), &names)?;
        rest
    };
    let n = lines.categories.len().max(1);
    let (y0, y1) = lines.y_range;
    let label_size = if lines.compact {
        SMALL_SIZE - 1.0
    } else {
        SMALL_SIZE
    };
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(if lines.compact { 4 } else { 12 })
        .margin_right(if lines.compact { 8 } else { 24 })
        .margin_bottom(4)
        .x_label_area_size(if lines.compact { 18 } else { 40 })
        .y_label_area_size(if lines.compact { 30 } else { 56 })
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..y1)?;
    let categories = lines.categories;
    let columns = if lines.compact { 7 } else { 10 };
    let x_labels = (width / 85).clamp(2, if lines.compact { 3 } else { 8 }) as usize;
    let x_format = |x: &f64| category_at(categories, *x, columns);
    let y_format = |y: &f64| number(Some(*y), lines.decimals);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(x_labels.min(n))
        .y_labels(if lines.compact { 3 } else { 6 })
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style((FONT, label_size).into_font().color(&TEXT));
    if !lines.compact {
        mesh.y_desc(lines.y_desc)
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&TEXT));
    }
    mesh.draw()?;
    let base = area.get_base_pixel();
    let to_pixel = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px - base.0, py - base.1)
    };
    if let Some(reference) = lines.reference {
        let ends = [
            to_pixel(-0.5, reference),
            to_pixel(n as f64 - 0.5, reference),
        ];
        area.draw(&DashedPathElement::new(ends, 4, 4, MUTED.stroke_width(1)))?;
    }
    let marker_size = if n > 3 && (lines.compact || n > 16) {
        3
    } else {
        marks::MARKER_SIZE
    };
    let mut all = Vec::new();
    for (index, series) in lines.series.iter().enumerate() {
        // Values past the last category have no place on the axis.
        let points: Vec<Option<(i32, i32)>> = series
            .values
            .iter()
            .take(lines.categories.len())
            .enumerate()
            .map(|(x, v)| {
                v.filter(|v| v.is_finite())
                    .map(|v| to_pixel(x as f64, v.clamp(y0, y1)))
            })
            .collect();
        let style_index = index + lines.index_offset;
        for run in marks::runs(&points) {
            marks::line(area, &run, style_index)?;
        }
        for at in points.iter().flatten() {
            marks::marker(area, *at, style_index, marker_size)?;
        }
        all.push(points);
    }
    Ok(all)
}

/// A table with one row per category and one column per series.
pub(super) fn table(
    first_column: &str,
    categories: &[String],
    series: &[Series],
    decimals: usize,
) -> super::Table {
    let mut columns = vec![first_column.to_owned()];
    columns.extend(series.iter().map(|s| s.name.clone()));
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![category.clone()];
            row.extend(
                series
                    .iter()
                    .map(|s| number(s.values.get(i).copied().flatten(), decimals)),
            );
            row
        })
        .collect();
    super::Table { columns, rows }
}

/// The last present value of a series and its category, for the text alternatives.
pub(super) fn latest<'a>(categories: &'a [String], series: &Series) -> Option<(&'a str, f64)> {
    series
        .values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| Some((categories.get(i)?.as_str(), (*v)?)))
}

/// True when no series has a single value.
pub(super) fn no_values(series: &[Series]) -> bool {
    series.iter().all(|s| s.values.iter().all(Option::is_none))
}
