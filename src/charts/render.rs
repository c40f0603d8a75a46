//! From a chart input to SVG text and PNG bytes.
//!
//! Plotters draws the SVG. The PNG is that same SVG rasterised by resvg rather than drawn again by
//! plotters' bitmap backend: plotters sets every string in one font and has no fallback, so a CJK
//! name would come out as boxes, while resvg takes each missing glyph from the next font that has
//! it ([`crate::fonts`]).

use std::sync::{Arc, OnceLock};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use resvg::{tiny_skia, usvg};

use super::style::{self, FONT, MUTED, TEXT, TITLE_SIZE};
use super::text::{label, xml_escape};
use super::{Chart, ChartError, DrawResult, Plot, Result};
use crate::fonts;

/// Height of the title strip at the top of every chart.
pub(super) const TITLE_HEIGHT: u32 = 40;

/// Renders `input` as a [`Chart`]: SVG, text alternative and table, [`style::WIDTH`] wide.
pub fn svg<P: Plot>(input: &P) -> Result<Chart> {
    svg_at(input, style::WIDTH)
}

/// [`svg`] laid out for a canvas `width` pixels wide (320 to 2000), for narrow screens: scaling
/// the standard chart down to a phone's width would shrink its text below legibility.
pub fn svg_at<P: Plot>(input: &P, width: u32) -> Result<Chart> {
    style::fonts();
    let width = width.clamp(320, 2000);
    let mut svg = String::new();
    {
        let size = (width, input.height(width));
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw_frame(input, &root).map_err(|e| ChartError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    let text = text(input);
    Ok(Chart {
        title: input.title().to_owned(),
        svg: accessible(&svg, input.title(), &text),
        text,
        table: input.table(),
    })
}

/// Renders `input` as PNG bytes, the same picture as [`svg`] at the same size, for exports.
pub fn png<P: Plot>(input: &P) -> Result<Vec<u8>> {
    rasterise(&svg(input)?.svg)
}

/// `svg` (one of our charts) as PNG bytes at its own size.
fn rasterise(svg: &str) -> Result<Vec<u8>> {
    let options = usvg::Options {
        font_family: fonts::PRIMARY_FAMILY.to_owned(),
        fontdb: font_database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Draw(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ChartError::Draw(format!("empty canvas {size:?}")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Encode(e.to_string()))
}

/// The fonts resvg may use, loaded once: DejaVu Sans answers for "sans-serif" (the family
/// plotters writes), the CJK fallback supplies what DejaVu lacks.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            for font in fonts::all() {
                database.load_font_data(font.to_vec());
            }
            database.set_sans_serif_family(fonts::PRIMARY_FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// The text alternative, or the sentence of an empty chart.
fn text<P: Plot>(input: &P) -> String {
    if input.is_empty() {
        format!("{}: no data yet.", label(input.title(), 120))
    } else {
        input.text()
    }
}

/// Background, title, then the body or "No data yet".
fn draw_frame<P: Plot, DB: DrawingBackend>(
    input: &P,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult<DB> {
    root.fill(&style::BACKGROUND)?;
    let title = (FONT, TITLE_SIZE)
        .into_font()
        .style(FontStyle::Bold)
        .color(&TEXT);
    let title_columns = (root.dim_in_pixel().0.saturating_sub(32) / 11) as usize;
    root.draw_text(&label(input.title(), title_columns), &title, (16, 10))?;
    let body = root.margin(TITLE_HEIGHT, 0, 0, 0);
    if input.is_empty() {
        return draw_no_data(&body);
    }
    input.draw(&body)
}

fn draw_no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let style = (FONT, TITLE_SIZE)
        .into_font()
        .color(&MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Rectangle::new(
        [(16, 8), (w as i32 - 16, h as i32 - 16)],
        style::GRID.stroke_width(1),
    ))?;
    area.draw_text("No data yet", &style, (w as i32 / 2, h as i32 / 2))
}

/// Adds `role="img"` and a `<title>` (the chart's title and text alternative) to plotters' SVG.
fn accessible(svg: &str, title: &str, text: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (open, rest) = svg.split_at(end);
    format!(
        "{open} role=\"img\"><title>{}</title>{}",
        xml_escape(&format!("{title}. {text}")),
        &rest[1..]
    )
}
