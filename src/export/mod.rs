//! Exports of one assessment (PDF, JSON, CSV, XLSX, standalone HTML) and the import of a JSON
//! export or an answers file.
//!
//! [`document::gather`] reads everything once from the store; every renderer takes the
//! [`ExportDocument`] and nothing else. The web route and the CLI dispatch on [`Format`], so a new
//! format is one variant, its names and one renderer.

pub mod cells;
pub mod csv;
pub mod document;
pub mod html;
pub mod import;
pub mod json;
pub mod pdf;
pub mod pdf_data;
pub mod xlsx;

pub use csv::CsvTable;
pub use document::{ExportDocument, gather};
pub use pdf::Template;
pub use pdf_data::Paper;

/// A format an assessment can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf(Paper),
    Json,
    Csv(CsvTable),
    Xlsx,
    Html,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Self::Pdf(Paper::A4),
        Self::Pdf(Paper::Letter),
        Self::Json,
        Self::Csv(CsvTable::Answers),
        Self::Csv(CsvTable::Actions),
        Self::Xlsx,
        Self::Html,
    ];

    /// The name in URLs (`/export/{name}`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Pdf(Paper::A4) => "pdf",
            Self::Pdf(Paper::Letter) => "letter.pdf",
            Self::Json => "json",
            Self::Csv(CsvTable::Answers) => "answers.csv",
            Self::Csv(CsvTable::Actions) => "actions.csv",
            Self::Xlsx => "xlsx",
            Self::Html => "html",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What a download link says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf(Paper::A4) => "Scorecard (PDF, A4)",
            Self::Pdf(Paper::Letter) => "Scorecard (PDF, Letter)",
            Self::Json => "JSON (full, re-importable)",
            Self::Csv(CsvTable::Answers) => "Answers (CSV)",
            Self::Csv(CsvTable::Actions) => "Actions (CSV)",
            Self::Xlsx => "Workbook (XLSX)",
            Self::Html => "Scorecard (HTML)",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf(_) => "application/pdf",
            Self::Json => "application/json",
            Self::Csv(_) => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Html => "text/html; charset=utf-8",
        }
    }

    /// The download's file name: organisation, period, questionnaire and what it holds.
    pub fn file_name(self, doc: &ExportDocument) -> String {
        let stem = format!(
            "{}-{}-{}",
            doc.organisation.slug, doc.assessment.period, doc.assessment.questionnaire_id
        );
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        match self {
            Self::Pdf(Paper::A4) => format!("{stem}.pdf"),
            Self::Pdf(Paper::Letter) => format!("{stem}-letter.pdf"),
            Self::Json => format!("{stem}.json"),
            Self::Csv(table) => format!("{stem}-{}.csv", table.as_str()),
            Self::Xlsx => format!("{stem}.xlsx"),
            Self::Html => format!("{stem}.html"),
        }
    }
}

/// The export of `doc` in `format`; `template` lays out the PDF scorecard.
pub fn render(
    doc: &ExportDocument,
    format: Format,
    template: &Template,
) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Pdf(paper) => Ok(pdf::render(
            &pdf_data::PdfData::from_document(doc, paper),
            template,
        )?),
        Format::Json => json::render(doc),
        Format::Csv(table) => csv::render(doc, table),
        Format::Xlsx => xlsx::render(doc),
        Format::Html => html::render(doc),
    }
}
