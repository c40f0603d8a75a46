//! The feed metrics import page: the template, the upload form, and what an upload did.

use maud::{Markup, html};

use super::layout::{Chrome, page};
use crate::metrics::feed_csv::{COLUMNS, RowProblem};
use crate::web::feed_import::Outcome;

fn problems_list(problems: &[RowProblem]) -> Markup {
    html! {
        ul.small {
            @for problem in problems {
                li { "Row " (problem.row) ": " (problem.message) }
            }
        }
    }
}

pub fn import_page(chrome: &Chrome<'_>, slug: &str, outcome: Option<&Outcome>) -> Markup {
    let base = format!("/o/{slug}/feeds");
    page(
        chrome,
        "Import feed metrics",
        html! {
            p.breadcrumb { a href=(base) { "Feeds" } " / import metrics" }
            h1 { "Import feed metrics" }
            @match outcome {
                Some(Outcome::Refused(message)) => p.error role="alert" { (message) },
                Some(Outcome::Held(import)) => div.error role="alert" {
                    p { "Nothing was imported: " (import.problems.len()) " of " (import.problems.len() + import.rows.len()) " rows are wrong. Correct them and upload the file again, or tick “import the good rows anyway”." }
                    (problems_list(&import.problems))
                },
                Some(Outcome::Imported(count, import)) => div.notice role="status" {
                    p { (count) " rows imported." @if !import.problems.is_empty() { " " (import.problems.len()) " bad rows were skipped:" } }
                    (problems_list(&import.problems))
                    p { a href=(base) { "See the renewal review" } }
                },
                None => {}
            }
            p { "One row per feed and period. Feeds are named as in the register; a period is a quarter (2026-Q3) or a month (2026-07); a row for a period that has figures already replaces them." }
            p { a.button.secondary href={ (base) "/import/template.csv" } download { "Download the template" } " " span.muted.small { "(your feeds, this quarter, figures to fill in)" } }
            p.small.muted { "Columns: " (COLUMNS.join(", ")) ". The last three may be empty." }
            form.stack method="post" enctype="multipart/form-data" action={ (base) "/import?csrf=" (chrome.csrf) } {
                label { "CSV file (UTF-8, up to 2 MiB)" input type="file" name="file" accept=".csv,text/csv" required; }
                label.checkbox { input type="checkbox" name="import_good_rows" value="1"; "If some rows are wrong, import the good rows anyway" }
                button type="submit" { "Import" }
            }
        },
    )
}
