//! The look shared by every chart: canvas size, fonts, palette, dashes, markers and the heat ramp.
//!
//! The palette is Okabe–Ito (Okabe and Ito, "Color Universal Design", 2008), distinguishable with
//! the common colour-vision deficiencies; yellow is left out because it is unreadable as a line on
//! white. Colour is never the only cue: series also differ in dash pattern and marker shape.

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor, register_font};

/// Canvas size of every chart, in pixels (the SVG's `viewBox`).
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 440;

/// The one font family used (registered as DejaVu Sans by [`fonts`]).
pub const FONT: &str = "sans-serif";
pub const TITLE_SIZE: f64 = 20.0;
pub const LABEL_SIZE: f64 = 14.0;
pub const SMALL_SIZE: f64 = 12.0;

pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x77, 0x77, 0x77);
pub const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);
/// Cells without a value (N/A) in heatmaps: light grey, hatched by the text "n/a".
pub const MISSING: RGBColor = RGBColor(0xf0, 0xf0, 0xf0);

/// Okabe–Ito without yellow: blue, vermillion, bluish green, reddish purple, orange, sky blue, black.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0x00, 0x00, 0x00),
];

/// The colour of the `index`-th series.
pub fn colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Dash patterns (dash, gap) in pixels; `None` is a solid line. Cycled with a period coprime to
/// the palette's and the markers', so two series rarely share all three cues.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((8, 5)), Some((3, 4)), Some((14, 4))];

pub fn dash(index: usize) -> Option<(u32, u32)> {
    DASHES[index % DASHES.len()]
}

/// Marker shapes, cycled like the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

const MARKERS: [Marker; 5] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
];

pub fn marker(index: usize) -> Marker {
    MARKERS[index % MARKERS.len()]
}

/// A sequential ramp from yellow to dark blue (the ends of cividis, which is readable with
/// colour-vision deficiencies and turns into a light-to-dark grey ramp in print); `t` from 0 to 1.
pub fn heat(t: f64) -> RGBColor {
    const STOPS: [(f64, (u8, u8, u8)); 4] = [
        (0.0, (0xf3, 0xdc, 0x7a)),
        (0.35, (0xb8, 0xc4, 0x7a)),
        (0.7, (0x4c, 0x7c, 0x94)),
        (1.0, (0x10, 0x2a, 0x5c)),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let upper = STOPS
        .iter()
        .position(|(at, _)| *at >= t)
        .unwrap_or(3)
        .max(1);
    let (t0, low) = STOPS[upper - 1];
    let (t1, high) = STOPS[upper];
    let f = (t - t0) / (t1 - t0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2))
}

/// Black or white, whichever reads better on `background`.
pub fn ink_on(background: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = background;
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luma > 140.0 { TEXT } else { BACKGROUND }
}

/// Registers DejaVu Sans (regular and bold) under [`FONT`], once per process. Every render calls
/// it: plotters needs a registered font to measure and place any text. Plotters only measures
/// with it: the SVG names the family, and whoever draws the SVG (a browser, or resvg for PNGs in
/// [`super::render`]) falls back to another font for glyphs DejaVu lacks.
pub fn fonts() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        // The bytes are the dejavu crate's own TTF files; parsing them cannot fail.
        let _ = register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_runs_from_light_to_dark() {
        let luma = |c: RGBColor| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        let steps: Vec<u32> = (0..=10).map(|i| luma(heat(f64::from(i) / 10.0))).collect();
        assert!(steps.windows(2).all(|w| w[0] > w[1]), "{steps:?}");
        assert_eq!(heat(-1.0), heat(0.0));
        assert_eq!(heat(f64::NAN), heat(0.0));
        assert_eq!(ink_on(heat(0.0)), TEXT);
        assert_eq!(ink_on(heat(1.0)), BACKGROUND);
    }

    #[test]
    fn neighbouring_series_differ_in_colour_dash_and_marker() {
        for i in 0..12 {
            assert_ne!(colour(i), colour(i + 1));
            assert_ne!(dash(i), dash(i + 1));
            assert_ne!(marker(i), marker(i + 1));
        }
    }
}
