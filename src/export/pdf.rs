//! The PDF scorecard: a typst template compiled in-process with the assessment's data.
//!
//! The template is a file, not code, so that a consultant can brand the scorecard (logo, colours,
//! company name, wording) without recompiling: `Template::from_dir` reads `scorecard.typ` from a
//! folder they copied from `templates/scorecard/`; files next to it (a logo) resolve from there.
//! Fonts are those shipped inside the binary ([`crate::fonts`]), so a PDF looks the same on every
//! machine; typst takes a CJK glyph from the fallback font when DejaVu lacks it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst::syntax::{DiagSpanKind, Source};
use typst::text::Font;
use typst_as_lib::{TypstAsLibError, TypstEngine};
use typst_layout::PagedDocument;

use super::pdf_data::PdfData;

/// The scorecard template that ships with the app.
pub const BUILTIN_TEMPLATE: &str = include_str!("../../templates/scorecard/scorecard.typ");
/// The file a template folder must hold.
pub const TEMPLATE_FILE: &str = "scorecard.typ";

/// A scorecard template: its main file and the folder other files it names resolve from.
#[derive(Debug, Clone)]
pub struct Template {
    text: String,
    name: String,
    root: Option<PathBuf>,
}

impl Template {
    pub fn builtin() -> Self {
        Self {
            text: BUILTIN_TEMPLATE.to_owned(),
            name: "built-in scorecard template".to_owned(),
            root: None,
        }
    }

    /// The template in `dir/scorecard.typ`, or what is wrong with that folder.
    pub fn from_dir(dir: &Path) -> Result<Self, String> {
        let path = dir.join(TEMPLATE_FILE);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            format!(
                "{}: {error} (a scorecard template folder holds {TEMPLATE_FILE}; \
                 `cti-maturity scorecard-template --out DIR` writes a copy to start from)",
                path.display()
            )
        })?;
        Ok(Self {
            text,
            name: path.display().to_string(),
            root: Some(dir.to_path_buf()),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Why a scorecard could not be made: almost always a mistake in an edited template.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{0}")]
    Template(String),
    #[error("cannot write the PDF: {0}")]
    Export(String),
}

/// Compiles the template with `data` and returns the PDF's bytes.
pub fn render(data: &PdfData, template: &Template) -> Result<Vec<u8>, PdfError> {
    let document = compile(data, template)?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|diagnostics| PdfError::Export(messages(&diagnostics)))
}

/// The laid-out pages, before they are written as PDF.
fn compile(data: &PdfData, template: &Template) -> Result<PagedDocument, PdfError> {
    let json = serde_json::to_vec(data).map_err(|e| PdfError::Export(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json).into_value());

    let builder = TypstEngine::builder()
        .main_file(template.text.as_str())
        .fonts(fonts());
    let engine = match &template.root {
        Some(root) => builder.with_file_system_resolver(root.clone()).build(),
        None => builder.build(),
    };
    engine
        .compile_with_input(inputs)
        .output
        .map_err(|error| PdfError::Template(describe(template, error)))
}

/// The shipped fonts, read once per process: typst copies font files given as bytes and indexes
/// every character they map, ~9 MB and ~37,000 characters with the CJK fallbacks, on each
/// render. A `Font` shares its data, so the clones are cheap.
fn fonts() -> Vec<Font> {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            crate::fonts::all()
                .into_iter()
                .flat_map(|file| Font::iter(Bytes::new(file)))
                .collect()
        })
        .clone()
}

/// The template's errors, each with the line and column where it is when that can be told.
fn describe(template: &Template, error: TypstAsLibError) -> String {
    match error {
        TypstAsLibError::TypstSource(diagnostics) => diagnostics
            .iter()
            .map(|diagnostic| located(template, diagnostic))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{}: {other}", template.name),
    }
}

/// "scorecard.typ:12:5: message (hint: …)". Spans are numbered by parsing, so parsing the same
/// text again finds the place an error points at.
fn located(template: &Template, diagnostic: &SourceDiagnostic) -> String {
    let range = match diagnostic.span.get() {
        DiagSpanKind::Number {
            id, num, sub_range, ..
        } => Source::new(id, template.text.clone()).range(num, sub_range),
        DiagSpanKind::Range { range, .. } => Some(range),
        DiagSpanKind::Detached => None,
    };
    let place = range
        .and_then(|range| {
            let lines = typst::syntax::Lines::new(template.text.clone());
            let (line, column) = lines.byte_to_line_column(range.start)?;
            Some(format!(":{}:{}", line + 1, column + 1))
        })
        .unwrap_or_default();
    let hints = diagnostic
        .hints
        .iter()
        .map(|hint| format!(" (hint: {})", hint.v))
        .collect::<String>();
    format!("{}{place}: {}{hints}", template.name, diagnostic.message)
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
