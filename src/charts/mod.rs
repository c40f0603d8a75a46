//! Charts: the pictures of the quarterly buy-in review, drawn from plain input data.
//!
//! Why a module of its own: executives decide from pictures, and the same picture must appear on a
//! page (inline SVG), in an export (PNG) and, for people who cannot see it, as words and as the
//! numbers behind it. So every chart is a [`Chart`]: the SVG, a text alternative of one or two
//! sentences with the key numbers, and the [`Table`] it was drawn from. [`png`] draws the same
//! chart to PNG bytes.
//!
//! Pure like [`crate::scoring`] and [`crate::metrics`]: no I/O, no clock, no database. Each kind
//! has a small input type (one file per kind) that callers fill from a [`crate::scoring::Scorecard`]
//! or a metrics summary through its `from_*` function, or by hand, so the charts never depend on
//! the store.
//!
//! Conventions shared by every chart, kept in [`style`] so they are decided once:
//! - one colour-blind-safe palette (Okabe–Ito); series are also told apart by dash pattern and
//!   marker shape, so a black-and-white print stays legible; heatmaps use a light-to-dark ramp
//!   and print each cell's value;
//! - every chart has a title; an input without data draws a titled "No data yet" chart;
//! - names are user data: plotters escapes `<`, `>`, `&` and quotes in SVG text, and
//!   [`text::label`] additionally drops control characters (invalid in XML) and shortens long
//!   names with an ellipsis so they cannot overflow;
//! - the DejaVu fonts are registered once, inside this module ([`style::fonts`]), so no caller can
//!   forget (without a registered font plotters cannot lay out text at all);
//! - the SVG has a `viewBox`, so a page can scale it with CSS `width: 100%; height: auto`; for a
//!   phone, [`svg_at`] lays the chart out for a narrow canvas instead, as scaling a 720 px chart
//!   down to 390 px would shrink its text to about 6 px.

mod completion;
mod feed_scatter;
mod grid;
mod legend;
mod level_heatmap;
mod lines;
mod marks;
mod nps;
mod overlap_heatmap;
mod radar;
mod render;
mod satisfaction;
mod section_trends;
mod sparkline;
pub mod style;
pub mod text;
mod trend;

#[cfg(test)]
mod builders_tests;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod gallery;
#[cfg(test)]
mod tests;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

pub use completion::{CompletionInput, SectionCompletion, completion};
pub use feed_scatter::{FeedPoint, FeedScatterInput, feed_scatter};
pub use level_heatmap::{LevelHeatmapInput, level_heatmap};
pub use nps::{NpsInput, nps};
pub use overlap_heatmap::{OverlapInput, overlap_heatmap};
pub use radar::{RadarInput, radar};
pub use render::{png, svg, svg_at};
pub use satisfaction::{SatisfactionInput, mean_rating, satisfaction};
pub use section_trends::{SectionTrendsInput, section_trends};
pub use sparkline::sparkline;
pub use trend::{TrendInput, trend};

/// A rendered chart: what a page needs to show it, describe it and show the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// A complete `<svg>` element with a `viewBox`, `role="img"` and a `<title>`.
    pub svg: String,
    /// One or two sentences that say what the chart shows, with the key numbers.
    pub text: String,
    /// The numbers behind the chart, with full (untruncated) names.
    pub table: Table,
}

/// Rows and columns of text: the data a chart was drawn from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One named line of values, one per category (quarter or axis); `None` is a gap (no data, N/A).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Self {
            name: name.into(),
            values,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(String),
}

pub type Result<T> = std::result::Result<T, ChartError>;

/// What every chart input provides; implemented by the input types of this module only.
pub trait Plot: sealed::Sealed {
    fn title(&self) -> &str;
    /// True when there is nothing to draw: the chart then says "No data yet".
    fn is_empty(&self) -> bool;
    /// The text alternative (see [`Chart::text`]); only called when the input is not empty.
    fn text(&self) -> String;
    fn table(&self) -> Table;
    /// Canvas height in pixels for a canvas `width` wide; charts with one row per item grow
    /// with their rows.
    fn height(&self, _width: u32) -> u32 {
        style::HEIGHT
    }
    /// Draws the chart body into `area` (the canvas below the title).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// The result of drawing on a backend.
pub type DrawResult<DB> =
    std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

mod sealed {
    pub trait Sealed {}
}
