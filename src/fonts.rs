//! The fonts inside the binary, shared by the charts and the PDF scorecard, so that a picture or a
//! document looks the same on every machine and never depends on what fonts a server has.
//!
//! DejaVu Sans sets Latin, Greek and Cyrillic text. Names are user data, and a team in Tokyo or
//! Seoul names its sections and feeds in its own script: DejaVu has no CJK glyphs, so Droid Sans
//! Fallback (Chinese, Japanese; Apache-2.0) and NanumSquare (Korean; OFL-1.1) are loaded beside it
//! for those characters only (`assets/fonts/README.md`).
//! Both renderers (resvg for PNG charts, typst for PDF) fall back glyph by glyph.

/// The family name every chart and template asks for first.
pub const PRIMARY_FAMILY: &str = "DejaVu Sans";

/// Droid Sans Fallback: Chinese and Japanese glyphs, no Latin or Hangul ones.
pub const CJK_FALLBACK: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

/// NanumSquare Regular: the Hangul syllables Droid Sans Fallback lacks.
pub const HANGUL_FALLBACK: &[u8] = include_bytes!("../assets/fonts/NanumSquareR.ttf");

/// Every font file, DejaVu Sans first (regular, bold, oblique, bold oblique), then the fallbacks
/// in the order they are tried.
pub fn all() -> [&'static [u8]; 6] {
    [
        dejavu::sans::regular(),
        dejavu::sans::bold(),
        dejavu::sans::oblique(),
        dejavu::sans::bold_oblique(),
        CJK_FALLBACK,
        HANGUL_FALLBACK,
    ]
}
