//! The answering page: one section's questions, each a small form of its own.

use maud::{Markup, html};

use super::assessments::status_badge;
use super::layout::{Chrome, page};
use crate::content::QuestionDoc;
use crate::scoring::format_percent;
use crate::store::answers::StoredAnswer;
use crate::web::answering::{AnswerForm, describe_choice, stored_choice};
use crate::web::snapshot::ScoredAssessment;

/// What happened to the last save, shown beside its question.
pub enum Feedback {
    Saved(String),
    Invalid {
        question_id: String,
        message: String,
        form: AnswerForm,
    },
    Conflict {
        question_id: String,
        theirs: Option<StoredAnswer>,
        mine: AnswerForm,
    },
}

impl Feedback {
    fn question_id(&self) -> &str {
        match self {
            Self::Saved(id) => id,
            Self::Invalid { question_id, .. } | Self::Conflict { question_id, .. } => question_id,
        }
    }
}

/// The values shown in a question's form: the user's own input after a refused save, the stored
/// answer otherwise.
struct Shown {
    revision: i64,
    choice: String,
    note: String,
    evidence: String,
    needs_review: bool,
}

fn shown(stored: Option<&StoredAnswer>, feedback: Option<&Feedback>) -> Shown {
    match feedback {
        Some(Feedback::Invalid { form, .. }) | Some(Feedback::Conflict { mine: form, .. }) => {
            Shown {
                revision: form.revision,
                choice: form.choice.clone(),
                note: form.note.clone(),
                evidence: form.evidence.clone(),
                needs_review: form.needs_review.is_some(),
            }
        }
        _ => match stored {
            Some(stored) => Shown {
                revision: stored.revision,
                choice: stored_choice(stored),
                note: stored.note.clone(),
                evidence: stored.evidence.clone(),
                needs_review: stored.needs_review,
            },
            None => Shown {
                revision: 0,
                choice: String::new(),
                note: String::new(),
                evidence: String::new(),
                needs_review: false,
            },
        },
    }
}

pub fn section_page(
    chrome: &Chrome<'_>,
    slug: &str,
    scored: &ScoredAssessment,
    index: usize,
    editable: bool,
    feedback: Option<&Feedback>,
) -> Markup {
    let sections = scored.questionnaire.sections();
    let section = &sections[index];
    let score = &scored.scorecard.sections[index];
    let base = format!("/o/{slug}/assessments/{}", scored.assessment.id);
    page(
        chrome,
        &format!("{} · {}", section.title, scored.assessment.period),
        html! {
            p.breadcrumb { a href={ "/o/" (slug) } { "Assessments" } " › " a href=(base) { (scored.assessment.period) } " › Section " (index + 1) " of " (sections.len()) }
            h1 { (section.title) " " (status_badge(&scored.assessment.status)) }
            @if let Some(description) = &section.description { p.muted { (description) } }
            div.toolbar {
                meter min="0" max="100" value=(score.counts.completion) {}
                span.small { (format_percent(Some(score.counts.completion))) " complete · " (score.counts.answered) " answered, " (score.counts.na) " N/A, " (score.counts.unanswered) " open" }
            }
            @if score.not_relevant {
                p.notice { "This section is marked not relevant for this organisation: its questions are left out of every score. Answers given here are kept and count again if a manager marks the section relevant on the " a href={ (base) "#section-" (section.id) } { "overview" } "." }
            }
            @if !editable {
                p.notice { @if scored.assessment.is_final() { "This assessment is final: answers are read-only." } @else { "Your role can read this assessment but not answer it." } }
            }
            @for question in &section.questions {
                @let stored = scored.stored_answer(&question.id);
                @let own = feedback.filter(|f| f.question_id() == question.id);
                (question_form(&base, chrome.csrf, scored, question, stored, own, editable))
            }
            nav.toolbar {
                @if index > 0 { a.button.secondary href={ (base) "/sections/" (sections[index - 1].id) } { "← " (sections[index - 1].title) } }
                a.button.secondary href=(base) { "Overview" }
                @if index + 1 < sections.len() { a.button href={ (base) "/sections/" (sections[index + 1].id) } { (sections[index + 1].title) " →" } }
            }
        },
    )
}

fn question_form(
    base: &str,
    csrf: &str,
    scored: &ScoredAssessment,
    question: &QuestionDoc,
    stored: Option<&StoredAnswer>,
    feedback: Option<&Feedback>,
    editable: bool,
) -> Markup {
    let values = shown(stored, feedback);
    let scale = scored.questionnaire.scale(&question.scale).unwrap_or(&[]);
    let conflict = matches!(feedback, Some(Feedback::Conflict { .. }));
    html! {
        article.question.conflict[conflict] id={ "q-" (question.id) } {
            h3 { (question.text) @if stored.is_some_and(|s| s.needs_review) { span.badge.review { "needs review" } } }
            @if let Some(help) = &question.help { p.help { (help) } }
            @match feedback {
                Some(Feedback::Saved(_)) => p.notice role="status" { "Saved." },
                Some(Feedback::Invalid { message, .. }) => p.error role="alert" { "Not saved: " (message) },
                Some(Feedback::Conflict { theirs, .. }) => div.error role="alert" {
                    p { strong { "Someone else changed this answer while you were editing." } " Nothing was overwritten. Compare, then save again to keep your version, or reload to take theirs." }
                    div.conflict-compare {
                        div { h4 { "Theirs (saved)" }
                            @if let Some(theirs) = theirs {
                                p { (describe_choice(&scored.questionnaire, &question.id, &stored_choice(theirs))) }
                                @if !theirs.note.is_empty() { p.small { (theirs.note) } }
                                p.small.muted { (theirs.answered_by_email.as_deref().unwrap_or("someone")) ", " (theirs.answered_at.format("%Y-%m-%d %H:%M:%S UTC")) }
                            } @else { p { "no answer" } }
                        }
                        div { h4 { "Yours (not saved)" } p { (describe_choice(&scored.questionnaire, &question.id, &values.choice)) } @if !values.note.is_empty() { p.small { (values.note) } } }
                    }
                },
                None => {},
            }
            form.answer-form method="post" action={ (base) "/answers/" (question.id) } data-question=(question.id) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="revision" value=(values.revision);
                fieldset disabled[!editable] {
                    legend.small.muted { "Answer" }
                    ul.options {
                        @for option in scale {
                            li { label {
                                input type="radio" name="choice" value=(option.value) checked[values.choice == option.value.to_string()];
                                span { strong { (option.value) " · " (option.label) }
                                    @if let Some(meaning) = question.options.get(&option.value) { br; span.small { (meaning) } } }
                            } }
                        }
                        @if question.allow_na {
                            li { label { input type="radio" name="choice" value="na" checked[values.choice == "na"]; span { strong { "N/A" } " · does not apply to this organisation" } } }
                        }
                        li { label { input type="radio" name="choice" value="" checked[values.choice.is_empty()]; span.muted { "Not answered yet" } } }
                    }
                    div.answer-meta {
                        label.block { "Note" textarea name="note" maxlength="10000" { (values.note) } }
                        label.block { "Evidence (links or references, one per line)" textarea name="evidence" { (values.evidence) } }
                    }
                    label.checkbox { input type="checkbox" name="needs_review" value="on" checked[values.needs_review]; " Needs review" }
                    div.toolbar {
                        @if editable { button type="submit" { "Save" } }
                        span.save-state aria-live="polite" {
                            @if let Some(stored) = stored {
                                "Last saved by " (stored.answered_by_email.as_deref().unwrap_or("—")) ", " (stored.answered_at.format("%Y-%m-%d %H:%M UTC"))
                            }
                        }
                    }
                }
            }
        }
    }
}
