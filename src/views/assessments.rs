//! Pages of the assessment workflow: the list, the new-assessment form and the overview.

use maud::{Markup, html};

use super::layout::{Chrome, page};
use crate::scoring::format_percent;
use crate::store::{Role, assessments::AssessmentSummary};
use crate::web::assessments::NewAssessmentInput;
use crate::web::library::Library;
use crate::web::snapshot::ScoredAssessment;

pub fn status_badge(status: &str) -> Markup {
    html! { span class={ "badge " (status) } { (if status == "final" { "final" } else { "draft" }) } }
}

pub fn list_page(
    chrome: &Chrome<'_>,
    slug: &str,
    role: Role,
    assessments: &[AssessmentSummary],
) -> Markup {
    page(
        chrome,
        "Assessments",
        html! {
            h1 { "Assessments" }
            @if role.at_least(Role::Manager) {
                p.toolbar { a.button href={ "/o/" (slug) "/assessments/new" } { "Start an assessment" } " " a href={ "/o/" (slug) "/import" } { "Import an assessment" } }
            }
            @if assessments.is_empty() {
                p.notice { "No assessment yet. "
                    @if role.at_least(Role::Manager) { "Start this quarter's assessment to measure where the practice stands." }
                    @else { "A manager of this organisation starts the first one." } }
            } @else {
                div.table-wrap {
                    table.data {
                        thead { tr { th { "Period" } th { "Questionnaire" } th { "Status" } th { "Started" } th { "Finalised" } th { "" } } }
                        tbody {
                            @for assessment in assessments {
                                tr {
                                    td.nowrap { a href={ "/o/" (slug) "/assessments/" (assessment.id) } { (assessment.period) } }
                                    td { (assessment.questionnaire_id) " " span.muted { (assessment.questionnaire_version) } }
                                    td { (status_badge(&assessment.status)) }
                                    td.nowrap { (assessment.created_at.format("%Y-%m-%d")) }
                                    td.nowrap { @if let Some(at) = assessment.finalised_at { (at.format("%Y-%m-%d")) } @else { "—" } }
                                    td { a href={ "/o/" (slug) "/assessments/" (assessment.id) "/results" } { "Results" } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn new_page(
    chrome: &Chrome<'_>,
    slug: &str,
    library: &Library,
    input: &NewAssessmentInput,
    errors: &[String],
) -> Markup {
    page(
        chrome,
        "Start an assessment",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) } { "Assessments" } " › New" }
            h1 { "Start an assessment" }
            @if !errors.is_empty() {
                div.error role="alert" {
                    p { "The assessment was not started:" }
                    ul { @for error in errors { li { code { (error) } } } }
                }
            }
            form.stack method="post" enctype="multipart/form-data" action={ "/o/" (slug) "/assessments?csrf=" (chrome.csrf) } {
                label { "Period (a quarter, such as 2026-Q3)" input type="text" name="period" required pattern="[0-9]{4}-Q[1-4]" value=(input.period); }
                fieldset.card {
                    legend { "Questionnaire" }
                    @if library.offered.is_empty() { p.muted { "No questionnaire is installed; upload one below." } }
                    ul.options {
                        @for offered in &library.offered {
                            li {
                                label {
                                    input type="radio" name="questionnaire" value=(offered.questionnaire.id())
                                        checked[input.questionnaire == offered.questionnaire.id() || (input.questionnaire.is_empty() && library.offered.len() == 1)];
                                    span {
                                        strong { (offered.questionnaire.title()) } " "
                                        span.muted { (offered.questionnaire.id()) " " (offered.questionnaire.version()) ", "
                                            (offered.questionnaire.question_count()) " questions, model " (offered.model.title()) }
                                    }
                                }
                            }
                        }
                    }
                    label.block { "…or upload a questionnaire (YAML, at most 2 MiB)" input type="file" name="questionnaire_file" accept=".yaml,.yml"; }
                    label.block { "…and its maturity model, if it is not installed" input type="file" name="model_file" accept=".yaml,.yml"; }
                }
                label.checkbox {
                    input type="checkbox" name="from_previous" value="on" checked[input.from_previous];
                    " Start from the previous finalised quarter's answers (each marked for review)"
                }
                button type="submit" { "Start the assessment" }
            }
            @if !library.problems.is_empty() {
                details.warning {
                    summary { "Some installed files could not be offered (" (library.problems.len()) ")" }
                    ul { @for problem in &library.problems { li { code { (problem) } } } }
                }
            }
        },
    )
}

pub fn overview_page(
    chrome: &Chrome<'_>,
    slug: &str,
    role: Role,
    scored: &ScoredAssessment,
    started_from: Option<&str>,
) -> Markup {
    let assessment = &scored.assessment;
    let base = format!("/o/{slug}/assessments/{}", assessment.id);
    let overall = &scored.scorecard.overall.counts;
    let needs_review = scored.stored.iter().filter(|a| a.needs_review).count();
    let can_mark = !assessment.is_final() && role.at_least(Role::Manager);
    let marked = scored
        .scorecard
        .sections
        .iter()
        .filter(|s| s.not_relevant)
        .count();
    page(
        chrome,
        &format!("{} assessment", assessment.period),
        html! {
            p.breadcrumb { a href={ "/o/" (slug) } { "Assessments" } " › " (assessment.period) }
            h1 { (assessment.period) " · " (scored.questionnaire.title()) " " (status_badge(&assessment.status)) }
            div.grid {
                div.stat { div.value { (format_percent(Some(overall.completion))) } div.label { "complete: " (overall.answered) " answered, " (overall.na) " N/A, " (overall.unanswered) " open" } }
                div.stat { div.value { (needs_review) } div.label { "answers marked for review" } }
                div.stat { div.value { (format_percent(scored.scorecard.overall.percent)) } div.label { a href={ (base) "/results" } { "results so far" } } }
            }
            dl.facts {
                dt { "Questionnaire" } dd { (scored.questionnaire.id()) " " (scored.questionnaire.version()) }
                dt { "Model" } dd { (scored.model.title()) " " (scored.model.version()) " (" (scored.model.level_rule().as_str()) " rule)" }
                dt { "Content fingerprint" } dd { code { (&assessment.questionnaire_sha256[..12]) } }
                @if let Some(period) = started_from { dt { "Started from" } dd { (period) " (answers carried over)" } }
                dt { "Started" } dd { (assessment.created_at.format("%Y-%m-%d %H:%M UTC")) }
                @if let Some(at) = assessment.finalised_at { dt { "Finalised" } dd { (at.format("%Y-%m-%d %H:%M UTC")) } }
            }
            h2 { "Sections" }
            @if marked > 0 {
                p.muted { (marked) " of " (scored.scorecard.sections.len()) " sections are marked not relevant for this organisation: their questions are left out of every score, as if answered N/A." }
            }
            div.table-wrap {
                table.data {
                    thead { tr { th { "Section" } th { "Progress" } th.num { "Answered" } th.num { "N/A" } th.num { "Open" } th { "Last answer" } @if can_mark { th { "Relevant here?" } } } }
                    tbody {
                        @for (section, score) in scored.questionnaire.sections().iter().zip(&scored.scorecard.sections) {
                            @let last = section.questions.iter().filter_map(|q| scored.stored_answer(&q.id)).max_by_key(|a| a.answered_at);
                            tr id={ "section-" (section.id) } class=[score.not_relevant.then_some("not-relevant")] {
                                td {
                                    a href={ (base) "/sections/" (section.id) } { (section.title) }
                                    @if score.not_relevant { " " span.badge { "not relevant" } }
                                }
                                td { meter min="0" max="100" value=(score.counts.completion) title={ (format_percent(Some(score.counts.completion))) } {} }
                                td.num { (score.counts.answered) }
                                td.num { (score.counts.na) }
                                td.num { (score.counts.unanswered) }
                                td.small { @if let Some(last) = last {
                                    (last.answered_by_email.as_deref().unwrap_or("—")) ", " (last.answered_at.format("%Y-%m-%d %H:%M"))
                                } @else { span.muted { "not started" } } }
                                @if can_mark { td { (relevance_form(chrome.csrf, &base, &section.id, score.not_relevant)) } }
                            }
                        }
                    }
                }
            }
            @if !assessment.is_final() && role.at_least(Role::Manager) {
                section.card {
                    h2 { "Finalise" }
                    p { "Finalising freezes this quarter: answers become read-only and the results enter the history."
                        @if overall.unanswered > 0 { " " strong { (overall.unanswered) " questions are still open" } " and will count as unanswered." } }
                    form method="post" action={ (base) "/finalise" } {
                        input type="hidden" name="csrf" value=(chrome.csrf);
                        button type="submit" { "Finalise " (assessment.period) }
                    }
                }
                details.card {
                    summary { "Delete this draft" }
                    p { "Deleting removes the draft with all its answers and targets. It cannot be undone; the audit log keeps a record." }
                    form.stack method="post" action={ (base) "/delete" } {
                        input type="hidden" name="csrf" value=(chrome.csrf);
                        label.checkbox { input type="checkbox" name="confirm" value="yes" required; " I want to delete the " (assessment.period) " draft" }
                        button.danger type="submit" { "Delete the draft" }
                    }
                }
            }
            @if assessment.is_final() && role.at_least(Role::Admin) {
                section.card {
                    h2 { "Reopen" }
                    p { "Reopening makes the answers editable again. The reason is kept in the audit log." }
                    form.stack method="post" action={ (base) "/reopen" } {
                        input type="hidden" name="csrf" value=(chrome.csrf);
                        label { "Reason" textarea name="reason" required {} }
                        button.secondary type="submit" { "Reopen" }
                    }
                }
            }
        },
    )
}

/// The button that marks a section not relevant for the organisation, or relevant again.
fn relevance_form(csrf: &str, base: &str, section_id: &str, not_relevant: bool) -> Markup {
    html! {
        form.inline method="post" action={ (base) "/sections/" (section_id) "/relevance" } {
            input type="hidden" name="csrf" value=(csrf);
            @if not_relevant {
                input type="hidden" name="relevant" value="yes";
                button.secondary.small type="submit" { "Count it again" }
            } @else {
                input type="hidden" name="relevant" value="no";
                button.secondary.small type="submit" title="Leave this section out of every score (as if every question were N/A)" { "Mark not relevant" }
            }
        }
    }
}
