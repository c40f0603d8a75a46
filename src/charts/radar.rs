//! Radar of the sections: one spoke per section, one ring per level, one polygon per series
//! (typically the current quarter, the previous quarter and the target).
//!
//! Plotters has no radar chart, so this one is drawn in pixels: rings, spokes, labels, polygons.
//! A section without a value breaks the polygon there rather than pulling it to the centre, which
//! would read as level 0.

use std::f64::consts::PI;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, FONT, GRID, MUTED, SMALL_SIZE, TEXT};
use super::text::{columns_in, label, number};
use super::{Chart, DrawResult, Plot, Result, Series, Table, legend, marks, sealed};
use crate::scoring::Scorecard;

#[derive(Debug, Clone, PartialEq)]
pub struct RadarInput {
    pub title: String,
    /// One axis per section, clockwise from the top.
    pub axes: Vec<String>,
    /// One value per axis, from 0 to `max`.
    pub series: Vec<Series>,
    /// The outer ring (the model's highest level).
    pub max: f64,
}

impl RadarInput {
    /// Current levels, the previous quarter's (sections matched by id) and the targets, on a scale
    /// up to `max_level`. Axes are section ids; replace them with names for display.
    pub fn from_scorecards(
        current: &Scorecard,
        previous: Option<&Scorecard>,
        max_level: i64,
    ) -> Self {
        let level = |l: Option<i64>| l.map(|l| l as f64);
        let mut series = vec![Series::new(
            "Current",
            current.sections.iter().map(|s| level(s.level)).collect(),
        )];
        if let Some(previous) = previous {
            series.push(Series::new(
                "Previous quarter",
                current
                    .sections
                    .iter()
                    .map(|s| level(previous.section(&s.id).and_then(|p| p.level)))
                    .collect(),
            ));
        }
        series.push(Series::new(
            "Target",
            current.sections.iter().map(|s| level(s.target)).collect(),
        ));
        Self {
            title: "Maturity level by section".to_owned(),
            axes: current.sections.iter().map(|s| s.id.clone()).collect(),
            series,
            max: max_level as f64,
        }
    }

    /// Where value `v` of axis `i` lies, for a radar of `radius` centred on `centre`.
    fn point(&self, i: usize, v: f64, centre: (i32, i32), radius: f64) -> (i32, i32) {
        let angle = -PI / 2.0 + 2.0 * PI * i as f64 / self.axes.len() as f64;
        let r = radius * (v / self.max).clamp(0.0, 1.0);
        (
            centre.0 + (r * angle.cos()).round() as i32,
            centre.1 + (r * angle.sin()).round() as i32,
        )
    }

    /// "Current: average 2.3, lowest Collection (1), highest Analysis (4)".
    fn describe(&self, series: &Series, extremes: bool) -> Option<String> {
        let present: Vec<(&String, f64)> = self
            .axes
            .iter()
            .zip(&series.values)
            .filter_map(|(axis, v)| Some((axis, (*v)?)))
            .collect();
        let (low, high) =
            present
                .iter()
                .fold((present.first()?, present.first()?), |(lo, hi), p| {
                    (
                        if p.1 < lo.1 { p } else { lo },
                        if p.1 > hi.1 { p } else { hi },
                    )
                });
        let average = present.iter().map(|p| p.1).sum::<f64>() / present.len() as f64;
        let mut text = format!(
            "{} average {}",
            label(&series.name, 30),
            number(Some(average), 1)
        );
        if extremes && present.len() > 1 {
            text += &format!(
                " (lowest {} at {}, highest {} at {})",
                label(low.0, 30),
                number(Some(low.1), 1),
                label(high.0, 30),
                number(Some(high.1), 1)
            );
        }
        Some(text)
    }
}

/// The radar chart.
pub fn radar(input: &RadarInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for RadarInput {}

impl Plot for RadarInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        self.axes.is_empty()
            || self
                .series
                .iter()
                .all(|s| s.values.iter().all(Option::is_none))
    }

    fn text(&self) -> String {
        let parts: Vec<String> = self
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.describe(s, i == 0))
            .collect();
        format!(
            "Levels of {} sections on a scale of 0 to {}. {}.",
            self.axes.len(),
            number(Some(self.max), 0),
            parts.join("; ")
        )
    }

    fn table(&self) -> Table {
        let mut columns = vec!["Section".to_owned()];
        columns.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .axes
            .iter()
            .enumerate()
            .map(|(i, axis)| {
                let mut row = vec![axis.clone()];
                row.extend(
                    self.series
                        .iter()
                        .map(|s| number(s.values.get(i).copied().flatten(), 1)),
                );
                row
            })
            .collect();
        Table { columns, rows }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let names: Vec<String> = self.series.iter().map(|s| s.name.clone()).collect();
        let (width, _) = area.dim_in_pixel();
        let (strip, body) = area.split_vertically(legend::height(&names, width - 40) + 4);
        legend::draw(&strip.margin(0, 0, 20, 0), &names)?;
        let (w, h) = body.dim_in_pixel();
        let centre = (w as i32 / 2, h as i32 / 2);
        let label_room = (w as i32 * 26 / 100).min(170);
        let radius = f64::from((h as i32 / 2 - 26).min(w as i32 / 2 - label_room).max(20));
        let label_columns = columns_in(label_room - 14).min(22);
        self.draw_grid(&body, centre, radius, label_columns)?;
        for (index, series) in self.series.iter().enumerate() {
            let mut points: Vec<Option<(i32, i32)>> = (0..self.axes.len())
                .map(|i| {
                    let v = series
                        .values
                        .get(i)
                        .copied()
                        .flatten()
                        .filter(|v| v.is_finite())?;
                    Some(self.point(i, v, centre, radius))
                })
                .collect();
            if let Some(first) = points.first().copied() {
                points.push(first);
            }
            if index == 0 && points.iter().all(Option::is_some) {
                let shape: Vec<(i32, i32)> = points.iter().flatten().copied().collect();
                body.draw(&Polygon::new(shape, style::colour(0).mix(0.12).filled()))?;
            }
            points.pop();
            let mut closed = points.clone();
            closed.push(points.first().copied().flatten());
            for run in marks::runs(&closed) {
                marks::line(&body, &run, index)?;
            }
            for at in points.iter().flatten() {
                marks::marker(&body, *at, index, 4)?;
            }
        }
        Ok(())
    }
}

impl RadarInput {
    /// Rings (one per level up to 10, else five), spokes, and the axis labels.
    fn draw_grid<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        centre: (i32, i32),
        radius: f64,
        label_columns: usize,
    ) -> DrawResult<DB> {
        let rings = if self.max.fract() == 0.0 && self.max <= 10.0 {
            self.max as usize
        } else {
            5
        };
        let ring_label = (FONT, SMALL_SIZE - 2.0)
            .into_font()
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for ring in 1..=rings.max(1) {
            let v = self.max * ring as f64 / rings.max(1) as f64;
            let outline: Vec<(i32, i32)> = (0..=self.axes.len().max(3) * 8)
                .map(|k| {
                    let angle = 2.0 * PI * k as f64 / (self.axes.len().max(3) * 8) as f64;
                    let r = radius * v / self.max;
                    (
                        centre.0 + (r * angle.cos()).round() as i32,
                        centre.1 + (r * angle.sin()).round() as i32,
                    )
                })
                .collect();
            area.draw(&PathElement::new(outline, GRID.stroke_width(1)))?;
            let (_, y) = self.point(0, v, centre, radius);
            area.draw_text(&number(Some(v), 0), &ring_label, (centre.0 + 4, y + 7))?;
        }
        let axis_label = |i: usize| {
            let angle = -PI / 2.0 + 2.0 * PI * i as f64 / self.axes.len() as f64;
            let h = if angle.cos() > 0.2 {
                HPos::Left
            } else if angle.cos() < -0.2 {
                HPos::Right
            } else {
                HPos::Center
            };
            let v = if angle.sin() > 0.5 {
                VPos::Top
            } else if angle.sin() < -0.5 {
                VPos::Bottom
            } else {
                VPos::Center
            };
            (FONT, SMALL_SIZE)
                .into_font()
                .color(&TEXT)
                .pos(Pos::new(h, v))
        };
        for (i, axis) in self.axes.iter().enumerate() {
            let end = self.point(i, self.max, centre, radius);
            area.draw(&PathElement::new(vec![centre, end], GRID.stroke_width(1)))?;
            let at = self.point(i, self.max, centre, radius + 10.0);
            area.draw_text(&label(axis, label_columns), &axis_label(i), at)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RadarInput {
        RadarInput {
            title: "Levels".into(),
            axes: vec![
                "Planning".into(),
                "Collection".into(),
                "Analysis".into(),
                "Dissemination".into(),
            ],
            series: vec![
                Series::new("Current", vec![Some(2.0), Some(1.0), Some(4.0), None]),
                Series::new("Target", vec![Some(3.0), Some(3.0), Some(4.0), Some(3.0)]),
            ],
            max: 5.0,
        }
    }

    #[test]
    fn shows_axes_series_rings_and_key_numbers() {
        let chart = radar(&input()).unwrap();
        for expected in [
            "Planning",
            "Dissemination",
            "Current",
            "Target",
            ">\n5\n<",
            ">\n1\n<",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "Levels of 4 sections on a scale of 0 to 5. Current average 2.3 (lowest Collection at 1.0, \
             highest Analysis at 4.0); Target average 3.3."
        );
        assert_eq!(chart.table.columns, ["Section", "Current", "Target"]);
        assert_eq!(chart.table.rows[3], ["Dissemination", "—", "3.0"]);
    }

    #[test]
    fn points_lie_on_their_spoke_at_their_level() {
        let input = input();
        assert_eq!(input.point(0, 5.0, (100, 100), 50.0), (100, 50));
        assert_eq!(input.point(1, 2.5, (100, 100), 50.0), (125, 100));
        assert_eq!(input.point(2, 9.0, (100, 100), 50.0), (100, 150));
    }
}
