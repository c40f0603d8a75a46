//! The export links of an assessment and the import page.

use maud::{Markup, html};

use super::layout::{Chrome, page};
use crate::export::Format;

/// Download links for every export format of assessment `id`.
pub fn export_links(slug: &str, id: i64) -> Markup {
    html! {
        section.card.exports {
            h2 { "Export" }
            ul.inline {
                @for format in Format::ALL {
                    li { a href={ "/o/" (slug) "/assessments/" (id) "/export/" (format.name()) } download { (format.label()) } }
                }
            }
        }
    }
}

/// What the import page shows after a try: the problems, or what was stored.
pub enum ImportMessage<'a> {
    None,
    Refused(&'a [String]),
}

pub fn import_page(chrome: &Chrome<'_>, slug: &str, message: ImportMessage<'_>) -> Markup {
    page(
        chrome,
        "Import an assessment",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) } { "Assessments" } " › Import" }
            h1 { "Import an assessment" }
            @if let ImportMessage::Refused(problems) = message {
                div.error role="alert" {
                    p { "Nothing was imported:" }
                    ul { @for problem in problems { li { code { (problem) } } } }
                }
            }
            p { "Upload a JSON export of an assessment (from this or another instance, with its questionnaire, answers, targets and actions), "
                "or an answers file in the format " code { "cti-maturity score" } " reads, which becomes a draft. "
                "The file is recognised by its content; at most 2 MiB." }
            form.stack method="post" enctype="multipart/form-data" action={ "/o/" (slug) "/import?csrf=" (chrome.csrf) } {
                label.block { "File (JSON export or answers YAML)" input type="file" name="file" required; }
                label { "Period, for an answers file that names none (such as 2026-Q3)" input type="text" name="period" pattern="[0-9]{4}-Q[1-4]"; }
                button type="submit" { "Import" }
            }
        },
    )
}
