//! Per-section trends as small multiples: one small percent chart per section, same scales, so
//! that a section's path can be read on its own and compared with its neighbours at a glance.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::lines::{self, Lines};
use super::style::{FONT, SMALL_SIZE, TEXT};
use super::text::{label, list, number};
use super::{Chart, DrawResult, Plot, Result, Series, Table, sealed};
use crate::content::Period;
use crate::scoring::Scorecard;

/// The least height of a row of panels, in pixels.
const PANEL_HEIGHT: u32 = 120;

#[derive(Debug, Clone, PartialEq)]
pub struct SectionTrendsInput {
    pub title: String,
    /// Quarter labels, oldest first.
    pub quarters: Vec<String>,
    /// One series of percents per section, one value per quarter.
    pub sections: Vec<Series>,
}

impl SectionTrendsInput {
    /// From the scorecards of successive quarters, oldest first. Sections are named by id, in the
    /// order they first appear; a section absent from a quarter has a gap there.
    pub fn from_scorecards<'a>(history: impl IntoIterator<Item = (Period, &'a Scorecard)>) -> Self {
        let history: Vec<(Period, &Scorecard)> = history.into_iter().collect();
        let mut ids: Vec<&str> = Vec::new();
        for (_, scorecard) in &history {
            for section in &scorecard.sections {
                if !ids.contains(&section.id.as_str()) {
                    ids.push(&section.id);
                }
            }
        }
        Self {
            title: "Sections by quarter (percent)".to_owned(),
            quarters: history.iter().map(|(p, _)| p.to_string()).collect(),
            sections: ids
                .iter()
                .map(|id| {
                    let values = history
                        .iter()
                        .map(|(_, s)| s.section(id).and_then(|s| s.percent))
                        .collect();
                    Series::new(*id, values)
                })
                .collect(),
        }
    }

    /// Panels per row: about square panels on a wide canvas, at most five, and none narrower
    /// than 170 px.
    fn columns(&self, width: u32) -> usize {
        let n = self.sections.len() as f64;
        ((n * 1.6).sqrt().ceil() as usize)
            .clamp(1, 5)
            .min(self.sections.len().max(1))
            .min((width as usize / 170).max(1))
    }
}

/// The per-section small multiples chart.
pub fn section_trends(input: &SectionTrendsInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for SectionTrendsInput {}

impl Plot for SectionTrendsInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        lines::no_values(&self.sections)
    }

    fn text(&self) -> String {
        let latest: Vec<String> = self
            .sections
            .iter()
            .filter_map(|s| {
                let (quarter, value) = lines::latest(&self.quarters, s)?;
                Some(format!(
                    "{} {}% ({})",
                    label(&s.name, 40),
                    number(Some(value), 1),
                    label(quarter, 12)
                ))
            })
            .collect();
        format!(
            "Percent of {} sections over {} quarters; latest: {}.",
            self.sections.len(),
            self.quarters.len(),
            list(&latest, 6)
        )
    }

    fn table(&self) -> Table {
        lines::table("Quarter", &self.quarters, &self.sections, 1)
    }

    /// At least 120 px per row of panels: many sections make a taller chart, not flat panels.
    fn height(&self, width: u32) -> u32 {
        let rows = self.sections.len().div_ceil(self.columns(width)) as u32;
        (super::render::TITLE_HEIGHT + 8 + rows * PANEL_HEIGHT).max(super::style::HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let columns = self.columns(area.dim_in_pixel().0);
        let rows = self.sections.len().div_ceil(columns);
        let panels = area.margin(0, 8, 8, 8).split_evenly((rows, columns));
        let (panel_width, _) = panels[0].dim_in_pixel();
        let name_columns = (panel_width as usize / 8).max(6);
        let heading = (FONT, SMALL_SIZE)
            .into_font()
            .style(FontStyle::Bold)
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Top));
        for (section, panel) in self.sections.iter().zip(&panels) {
            panel.draw_text(&label(&section.name, name_columns), &heading, (6, 2))?;
            lines::draw(
                &panel.margin(18, 4, 0, 0),
                &Lines {
                    categories: &self.quarters,
                    series: std::slice::from_ref(section),
                    y_range: (0.0, 100.0),
                    y_desc: "Percent",
                    decimals: 0,
                    reference: None,
                    compact: true,
                    index_offset: 0,
                },
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_panel_per_section_with_its_name_and_numbers() {
        let input = SectionTrendsInput {
            title: "Sections".into(),
            quarters: vec!["2026-Q1".into(), "2026-Q2".into()],
            sections: vec![
                Series::new("Planning", vec![Some(20.0), Some(35.5)]),
                Series::new("Collection", vec![Some(50.0), None]),
            ],
        };
        let chart = section_trends(&input).unwrap();
        assert!(chart.svg.contains("Planning") && chart.svg.contains("Collection"));
        assert!(chart.svg.contains("2026-Q1"));
        assert_eq!(
            chart.text,
            "Percent of 2 sections over 2 quarters; latest: Planning 35.5% (2026-Q2) and Collection 50.0% (2026-Q1)."
        );
        assert_eq!(chart.table.columns, ["Quarter", "Planning", "Collection"]);
        assert_eq!(chart.table.rows[1], ["2026-Q2", "35.5", "—"]);
    }

    #[test]
    fn panels_stay_few_per_row() {
        let with = |n: usize| SectionTrendsInput {
            title: String::new(),
            quarters: vec![],
            sections: (0..n).map(|i| Series::new(i.to_string(), vec![])).collect(),
        };
        assert_eq!(with(1).columns(700), 1);
        assert_eq!(with(6).columns(700), 4);
        assert_eq!(with(30).columns(700), 4);
        assert_eq!(with(30).columns(360), 2);
    }
}
