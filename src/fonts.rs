//! The fonts inside the binary, shared by the charts and the PDF scorecard, so that a picture or a
//! document looks the same on every machine and never depends on what fonts a server has.
//!
//! DejaVu Sans sets Latin, Greek and Cyrillic text. Names are user data, and a team in Tokyo or
//! Seoul names its sections and feeds in its own script: DejaVu has no CJK glyphs, so Droid Sans
//! Fallback (Chinese, Japanese; Apache-2.0) and NanumGothic (Korean; OFL-1.1) are loaded beside it
//! for those characters only (`assets/fonts/README.md`).
//! Both renderers (resvg for PNG charts, typst for PDF) fall back glyph by glyph.

/// The family name every chart and template asks for first.
pub const PRIMARY_FAMILY: &str = "DejaVu Sans";

/// Droid Sans Fallback: Chinese and Japanese glyphs, no Latin or Hangul ones.
pub const CJK_FALLBACK: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

/// NanumGothic Regular: the Hangul syllables Droid Sans Fallback lacks. Not the smaller
/// NanumSquare faces: they map most syllables (and NanumSquare every Hanja) to empty glyphs, and
/// text set in them vanished from the PDF.
pub const HANGUL_FALLBACK: &[u8] = include_bytes!("../assets/fonts/NanumGothic.ttf");

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A font that maps a character to an empty glyph makes it vanish from the page, since a
    /// renderer then has no reason to fall back: no shipped font may do that for CJK text.
    #[test]
    fn every_cjk_character_a_font_maps_has_an_outline() {
        let scripts = [0x3041..=0x30FF, 0x4E00..=0x9FFF, 0xAC00..=0xD7A3];
        for file in all() {
            let face = ttf_parser::Face::parse(file, 0).unwrap();
            let family = face
                .names()
                .into_iter()
                .find(|name| name.name_id == ttf_parser::name_id::FAMILY && name.is_unicode())
                .and_then(|name| name.to_string())
                .unwrap();
            let mut mapped = 0;
            for c in scripts.iter().cloned().flatten().filter_map(char::from_u32) {
                if let Some(glyph) = face.glyph_index(c) {
                    mapped += 1;
                    assert!(
                        face.glyph_bounding_box(glyph).is_some(),
                        "{family} maps {c} (U+{:04X}) to an empty glyph",
                        u32::from(c)
                    );
                }
            }
            let expected = match family.as_str() {
                "Droid Sans Fallback" | "NanumGothic" => 10_000..=40_000,
                _ => 0..=0,
            };
            assert!(expected.contains(&mapped), "{family} maps {mapped}");
        }
    }
}
