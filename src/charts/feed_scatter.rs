//! Feeds: what each costs against the value it delivered, one bubble per feed, its area
//! proportional to the feed's volume (distinct indicators).
//!
//! A dashed line through the origin marks the median value per cost: feeds above it deliver more
//! than the median for their price. Feeds flagged by the renewal review are drawn in a second
//! colour with a thick outline, so they stand out in black and white too.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, FONT, GRID, LABEL_SIZE, MUTED, SMALL_SIZE, TEXT};
use super::text::{columns, label, number, whole};
use super::{Chart, DrawResult, Plot, Result, Table, sealed};
use crate::metrics::feed_value::RenewalReview;
use crate::metrics::overlap::OverlapReport;

#[derive(Debug, Clone, PartialEq)]
pub struct FeedScatterInput {
    pub title: String,
    /// The currency of every cost, e.g. "EUR".
    pub currency: Option<String>,
    pub feeds: Vec<FeedPoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedPoint {
    pub name: String,
    /// The cost in the period.
    pub cost: f64,
    /// Weighted actioned indicators ([`crate::metrics::feed_value`]).
    pub value: f64,
    /// Distinct indicators in the period, when known.
    pub volume: Option<usize>,
    /// In the bottom quartile of the renewal review.
    pub flagged: bool,
}

impl FeedScatterInput {
    /// The ranked feeds of a renewal review; volumes from the period's overlap report, by name.
    pub fn from_review(review: &RenewalReview, overlap: Option<&OverlapReport>) -> Self {
        let volume = |name: &str| {
            overlap?
                .feeds
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.volume)
        };
        Self {
            title: "Feeds: cost against value".to_owned(),
            currency: review.currency.clone(),
            feeds: review
                .ranked
                .iter()
                .map(|f| FeedPoint {
                    name: f.feed.clone(),
                    cost: f.period_cost,
                    value: f.value,
                    volume: volume(&f.feed),
                    flagged: f.flagged,
                })
                .collect(),
        }
    }

    fn points(&self) -> impl Iterator<Item = &FeedPoint> {
        self.feeds.iter().filter(|f| {
            f.cost.is_finite() && f.value.is_finite() && f.cost >= 0.0 && f.value >= 0.0
        })
    }

    fn currency(&self) -> String {
        self.currency
            .as_deref()
            .map(|c| label(c, 8))
            .unwrap_or_default()
    }

    /// The median value per cost of the feeds that cost something.
    fn median_value_per_cost(&self) -> Option<f64> {
        let mut ratios: Vec<f64> = self
            .points()
            .filter(|f| f.cost > 0.0)
            .map(|f| f.value / f.cost)
            .collect();
        ratios.sort_by(f64::total_cmp);
        let n = ratios.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(ratios[n / 2]),
            _ => Some((ratios[n / 2 - 1] + ratios[n / 2]) / 2.0),
        }
    }

    /// Bubble radius in pixels: area proportional to volume, 5 to 26 px; 6 px without a volume.
    fn radius(&self, volume: Option<usize>) -> i32 {
        let max = self.points().filter_map(|f| f.volume).max().unwrap_or(0);
        match volume {
            Some(v) if max > 0 => 5 + (21.0 * (v as f64 / max as f64).sqrt()).round() as i32,
            _ => 6,
        }
    }
}

/// The cost-against-value chart.
pub fn feed_scatter(input: &FeedScatterInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for FeedScatterInput {}

impl Plot for FeedScatterInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        self.points().next().is_none()
    }

    fn text(&self) -> String {
        let currency = self.currency();
        let describe = |f: &FeedPoint| {
            format!(
                "{} (value {} for {} {currency})",
                label(&f.name, 40),
                whole(f.value),
                whole(f.cost)
            )
        };
        let per_cost = |f: &&FeedPoint| {
            if f.cost > 0.0 {
                f.value / f.cost
            } else {
                f64::INFINITY
            }
        };
        let mut text = format!("Cost against value of {} feeds.", self.points().count());
        let best = self
            .points()
            .max_by(|a, b| per_cost(a).total_cmp(&per_cost(b)));
        let worst = self
            .points()
            .min_by(|a, b| per_cost(a).total_cmp(&per_cost(b)));
        if let (Some(best), Some(worst)) = (best, worst) {
            text += &format!(" Best value per cost: {}", describe(best));
            if best != worst {
                text += &format!("; lowest: {}", describe(worst));
            }
            text.push('.');
        }
        let flagged = self.points().filter(|f| f.flagged).count();
        if flagged > 0 {
            text += &format!(" {flagged} flagged for the renewal review.");
        }
        text
    }

    fn table(&self) -> Table {
        let currency = self.currency();
        Table {
            columns: vec![
                "Feed".into(),
                format!("Cost ({currency})").replace(" ()", ""),
                "Value".into(),
                "Value per 1,000 cost".into(),
                "Volume".into(),
                "Flagged".into(),
            ],
            rows: self
                .feeds
                .iter()
                .map(|f| {
                    let per = (f.cost > 0.0).then(|| f.value / f.cost * 1000.0);
                    vec![
                        f.name.clone(),
                        whole(f.cost),
                        number(Some(f.value), 1),
                        number(per, 2),
                        f.volume.map_or("—".to_owned(), |v| whole(v as f64)),
                        if f.flagged { "yes" } else { "no" }.to_owned(),
                    ]
                })
                .collect(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let narrow = area.dim_in_pixel().0 < 700;
        let (strip, body) = area.split_vertically(if narrow { 62 } else { 26 });
        draw_key(&strip.margin(0, 0, 40, 0), narrow)?;
        let max_cost = self.points().map(|f| f.cost).fold(0.0, f64::max).max(1.0) * 1.15;
        let max_value = self.points().map(|f| f.value).fold(0.0, f64::max).max(1.0) * 1.2;
        let currency = self.currency();
        let mut chart = ChartBuilder::on(&body)
            .margin_left(12)
            .margin_right(28)
            .margin_bottom(4)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..max_cost, 0.0..max_value)?;
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| whole(*x))
            .y_label_formatter(&|y| whole(*y))
            .x_desc(
                format!("Cost in the period {currency}")
                    .trim_end()
                    .to_owned(),
            )
            .y_desc("Value (weighted actioned indicators)")
            .label_style((FONT, SMALL_SIZE).into_font().color(&TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&TEXT))
            .draw()?;
        let base = body.get_base_pixel();
        let to_pixel = |x: f64, y: f64| {
            let (px, py) = chart.backend_coord(&(x, y));
            (px - base.0, py - base.1)
        };
        if let Some(median) = self.median_value_per_cost() {
            let end = if median * max_cost > max_value {
                (max_value / median, max_value)
            } else {
                (max_cost, median * max_cost)
            };
            body.draw(&DashedPathElement::new(
                [to_pixel(0.0, 0.0), to_pixel(end.0, end.1)],
                6,
                4,
                MUTED.stroke_width(1),
            ))?;
        }
        let name_style = (FONT, SMALL_SIZE)
            .into_font()
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let mut points: Vec<&FeedPoint> = self.points().collect();
        // Big bubbles first, so small ones stay visible on top.
        points.sort_by_key(|f| std::cmp::Reverse(f.volume));
        for feed in points {
            let at = to_pixel(feed.cost, feed.value);
            let r = self.radius(feed.volume);
            bubble(&body, at, r, feed.flagged)?;
            let name = label(&feed.name, 18);
            let room = body.dim_in_pixel().0 as i32 - (at.0 + r + 4);
            if (columns(&name) as f64 * 7.5) as i32 <= room {
                body.draw_text(&name, &name_style, (at.0 + r + 4, at.1))?;
            } else {
                let left_of = name_style.pos(Pos::new(HPos::Right, VPos::Center));
                body.draw_text(&name, &left_of, (at.0 - r - 4, at.1))?;
            }
        }
        Ok(())
    }
}

fn bubble<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    r: i32,
    flagged: bool,
) -> DrawResult<DB> {
    let colour = style::colour(usize::from(flagged));
    area.draw(&Circle::new(at, r, colour.mix(0.3).filled()))?;
    let outline = if flagged {
        TEXT.stroke_width(3)
    } else {
        colour.stroke_width(1)
    };
    area.draw(&Circle::new(at, r, outline))
}

/// "Renewed / flagged" swatches and what the bubble size means.
/// On a narrow canvas the explanations go on lines of their own.
fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, narrow: bool) -> DrawResult<DB> {
    let style = (FONT, SMALL_SIZE)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    bubble(area, (8, 11), 7, false)?;
    area.draw_text("Feed", &style, (20, 11))?;
    bubble(area, (70, 11), 7, true)?;
    area.draw_text("Flagged by the renewal review", &style, (82, 11))?;
    if narrow {
        area.draw_text("Bubble area: indicator volume", &style, (0, 31))?;
        area.draw_text("Dashed line: median value per cost", &style, (0, 49))
    } else {
        area.draw_text(
            "Bubble area: indicator volume · dashed line: median value per cost",
            &style,
            (320, 11),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str, cost: f64, value: f64, volume: Option<usize>, flagged: bool) -> FeedPoint {
        FeedPoint {
            name: name.into(),
            cost,
            value,
            volume,
            flagged,
        }
    }

    #[test]
    fn shows_feeds_axes_and_the_best_and_worst() {
        let input = FeedScatterInput {
            title: "Feeds".into(),
            currency: Some("EUR".into()),
            feeds: vec![
                point("Abuse.ch", 0.0, 40.0, Some(1000), false),
                point("Vendor X", 12500.0, 300.0, Some(40000), false),
                point("Vendor Y", 20000.0, 50.0, None, true),
            ],
        };
        let chart = feed_scatter(&input).unwrap();
        for expected in [
            "Abuse.ch",
            "Vendor X",
            "Vendor Y",
            "Cost in the period EUR",
            "Value (weighted",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "Cost against value of 3 feeds. Best value per cost: Abuse.ch (value 40 for 0 EUR); \
             lowest: Vendor Y (value 50 for 20,000 EUR). 1 flagged for the renewal review."
        );
        assert_eq!(chart.table.columns[1], "Cost (EUR)");
        assert_eq!(
            chart.table.rows[1],
            ["Vendor X", "12,500", "300.0", "24.00", "40,000", "no"]
        );
    }

    #[test]
    fn bubble_area_follows_volume() {
        let input = FeedScatterInput {
            title: String::new(),
            currency: None,
            feeds: vec![
                point("a", 1.0, 1.0, Some(100), false),
                point("b", 1.0, 1.0, Some(25), false),
            ],
        };
        assert_eq!(input.radius(Some(100)), 26);
        assert_eq!(input.radius(Some(25)), 16);
        assert_eq!(input.radius(None), 6);
        assert_eq!(input.median_value_per_cost(), Some(1.0));
    }
}
