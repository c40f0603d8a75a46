//! Completion of the current assessment: one bar per section, answered questions out of all.
//!
//! "Answered" counts N/A answers too, like [`crate::scoring::Counts::completion`]: an N/A is a
//! decision the assessor made, and the question needs no more work.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, FONT, GRID, MISSING, SMALL_SIZE, TEXT};
use super::text::{columns, columns_in, label, number};
use super::{Chart, DrawResult, Plot, Result, Table, sealed};
use crate::scoring::Scorecard;

/// Height of a section's row, in pixels.
const ROW_HEIGHT: i32 = 32;

#[derive(Debug, Clone, PartialEq)]
pub struct CompletionInput {
    pub title: String,
    pub sections: Vec<SectionCompletion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionCompletion {
    pub name: String,
    /// Questions answered, N/A included.
    pub answered: usize,
    pub total: usize,
}

impl SectionCompletion {
    fn percent(&self) -> Option<f64> {
        (self.total > 0).then(|| 100.0 * self.answered.min(self.total) as f64 / self.total as f64)
    }
}

impl CompletionInput {
    /// Per section of a scorecard (named by id).
    pub fn from_scorecard(scorecard: &Scorecard) -> Self {
        Self {
            title: "Completion of the current assessment".to_owned(),
            sections: scorecard
                .sections
                .iter()
                .map(|s| SectionCompletion {
                    name: s.id.clone(),
                    answered: s.counts.answered + s.counts.na,
                    total: s.counts.total,
                })
                .collect(),
        }
    }
}

/// The completion chart.
pub fn completion(input: &CompletionInput) -> Result<Chart> {
    super::svg(input)
}

fn fraction(s: &SectionCompletion) -> String {
    if s.total == 0 {
        return "no questions".to_owned();
    }
    format!("{} / {} ({}%)", s.answered, s.total, number(s.percent(), 0))
}

impl sealed::Sealed for CompletionInput {}

impl Plot for CompletionInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    fn text(&self) -> String {
        let answered: usize = self.sections.iter().map(|s| s.answered.min(s.total)).sum();
        let total: usize = self.sections.iter().map(|s| s.total).sum();
        let percent = (total > 0).then(|| 100.0 * answered as f64 / total as f64);
        let mut text = format!(
            "{answered} of {total} questions answered ({}%) in {} sections.",
            number(percent, 0),
            self.sections.len()
        );
        let least = self.sections.iter().filter(|s| s.total > 0).min_by(|a, b| {
            a.percent()
                .unwrap_or(0.0)
                .total_cmp(&b.percent().unwrap_or(0.0))
        });
        if let Some(least) = least.filter(|s| s.answered < s.total) {
            text += &format!(
                " Least complete: {} with {}.",
                label(&least.name, 40),
                fraction(least)
            );
        }
        text
    }

    fn table(&self) -> Table {
        Table {
            columns: vec![
                "Section".into(),
                "Answered".into(),
                "Questions".into(),
                "Percent".into(),
            ],
            rows: self
                .sections
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.answered.to_string(),
                        s.total.to_string(),
                        number(s.percent(), 1),
                    ]
                })
                .collect(),
        }
    }

    fn height(&self, _width: u32) -> u32 {
        let rows = self.sections.len() as u32;
        (super::render::TITLE_HEIGHT + 16 + rows * ROW_HEIGHT as u32).clamp(200, 2000)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let max_label = (w * 3 / 10).min(230);
        let name_columns = columns_in(max_label).min(30);
        let label_width = self
            .sections
            .iter()
            .map(|s| (columns(&label(&s.name, name_columns)) as f64 * 7.5) as i32)
            .max()
            .unwrap_or(0)
            .clamp(40, max_label);
        let left = 16 + label_width + 10;
        let right = w - 16 - 110;
        let row = ((h - 16) / self.sections.len() as i32).clamp(6, ROW_HEIGHT);
        let bar = (row * 6 / 10).max(4);
        let size = (f64::from(row) * 0.7).clamp(7.0, SMALL_SIZE);
        let name_style = (FONT, size)
            .into_font()
            .color(&TEXT)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let count_style = (FONT, size)
            .into_font()
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, section) in self.sections.iter().enumerate() {
            let y = 4 + i as i32 * row;
            let middle = y + row / 2;
            let (top, bottom) = (middle - bar / 2, middle + bar / 2);
            area.draw_text(
                &label(&section.name, name_columns),
                &name_style,
                (left - 10, middle),
            )?;
            area.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                MISSING.filled(),
            ))?;
            let filled = section.percent().unwrap_or(0.0) / 100.0;
            let end = left + (f64::from(right - left) * filled).round() as i32;
            if end > left {
                area.draw(&Rectangle::new(
                    [(left, top), (end, bottom)],
                    style::colour(0).filled(),
                ))?;
            }
            area.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                GRID.stroke_width(1),
            ))?;
            area.draw_text(&fraction(section), &count_style, (right + 8, middle))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_say_answered_out_of_total() {
        let input = CompletionInput {
            title: "Completion".into(),
            sections: vec![
                SectionCompletion {
                    name: "Planning".into(),
                    answered: 8,
                    total: 8,
                },
                SectionCompletion {
                    name: "Collection".into(),
                    answered: 3,
                    total: 12,
                },
                SectionCompletion {
                    name: "Empty".into(),
                    answered: 0,
                    total: 0,
                },
            ],
        };
        let chart = completion(&input).unwrap();
        for expected in [
            "Planning",
            "Collection",
            "8 / 8 (100%)",
            "3 / 12 (25%)",
            "no questions",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "11 of 20 questions answered (55%) in 3 sections. Least complete: Collection with 3 / 12 (25%)."
        );
        assert_eq!(chart.table.rows[1], ["Collection", "3", "12", "25.0"]);
    }
}
