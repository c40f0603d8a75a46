//! The pages a survey respondent sees, without an account: the form, the thank-you page, and the
//! pages for a link that leads nowhere. Those never name the organisation, and an unknown link and
//! a closed round give the very same page.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, html};

use crate::content::{ItemDoc, ItemKind, RATING_MAX, RATING_MIN, RECOMMEND_MAX, Survey, Usage};

/// A respondent page: no navigation, no account links, room for a form on a phone.
fn respondent_page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                title { (title) }
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/static/app.css";
            }
            body.bare.respondent {
                main.survey-main { (body) }
            }
        }
    }
}

/// What the form shows: the survey, the group answering, and (after a refusal) the input and
/// the problems per item.
pub struct FormPage<'a> {
    pub survey: &'a Survey,
    pub group_name: &'a str,
    pub action: &'a str,
    /// The CSRF token of a logged-in visitor (a manager trying the link); None for respondents.
    pub csrf: Option<&'a str>,
    pub choices: &'a HashMap<String, String>,
    pub texts: &'a HashMap<String, String>,
    pub problems: &'a HashMap<String, String>,
    pub banner: Option<&'a str>,
}

pub fn form_page(page: &FormPage<'_>) -> Markup {
    let survey = page.survey;
    respondent_page(
        survey.title(),
        html! {
            p.survey-for { "Survey for " strong { (page.group_name) } }
            h1 { (survey.title()) }
            p.survey-intro { (survey.doc().intro) }
            @if let Some(banner) = page.banner {
                p.error role="alert" { (banner) }
            } @else if !page.problems.is_empty() {
                p.error role="alert" { "Some answers need another look: see the notes below." }
            }
            form.survey-form method="post" action=(page.action) {
                @if let Some(csrf) = page.csrf {
                    input type="hidden" name="csrf" value=(csrf);
                }
                @for (number, item) in survey.items().iter().enumerate() {
                    (item_fieldset(number + 1, item, page))
                }
                button.survey-submit type="submit" { "Send my answers" }
                p.small.muted { "Nothing that identifies you is stored with your answers." }
            }
        },
    )
}

fn item_fieldset(number: usize, item: &ItemDoc, page: &FormPage<'_>) -> Markup {
    let choice = page.choices.get(&item.id).map_or("", String::as_str);
    let text = page.texts.get(&item.id).map_or("", String::as_str);
    let problem = page.problems.get(&item.id);
    let help_id = format!("help-{}", item.id);
    html! {
        fieldset.survey-item.conflict[problem.is_some()] id={ "item-" (item.id) } {
            legend {
                span.survey-number { (number) "." }
                " " (item.text)
                @if item.required { " " span.badge { "required" } }
            }
            @if let Some(help) = &item.help {
                p.help id=(help_id) { (help) }
            }
            @if let Some(problem) = problem {
                p.error role="alert" { (problem) }
            }
            @match item.kind {
                ItemKind::Rating => (scale(item, choice, RATING_MIN, RATING_MAX, "scale-5")),
                ItemKind::Recommend => (scale(item, choice, 0, RECOMMEND_MAX, "scale-11")),
                ItemKind::Usage => {
                    div.choices.scale-3 {
                        @for usage in Usage::ALL {
                            label.choice {
                                input type="radio" name={ "item." (item.id) } value=(usage.as_str())
                                    checked[choice == usage.as_str()] required[item.required];
                                span { (usage.label()) }
                            }
                        }
                    }
                    label.block.survey-why {
                        (item.why.as_deref().unwrap_or("Why?"))
                        textarea name={ "text." (item.id) } rows="3" maxlength="4000" { (text) }
                    }
                }
                ItemKind::Text => {
                    textarea.survey-text name={ "text." (item.id) } rows="4" maxlength="4000"
                        aria-label=(item.text) required[item.required] { (text) }
                }
            }
        }
    }
}

fn scale(item: &ItemDoc, choice: &str, min: i64, max: i64, class: &str) -> Markup {
    html! {
        div class={ "choices " (class) } {
            @for value in min..=max {
                label.choice {
                    input type="radio" name={ "item." (item.id) } value=(value)
                        checked[choice == value.to_string()] required[item.required];
                    span { (value) }
                }
            }
        }
        @if item.low.is_some() || item.high.is_some() {
            div.scale-ends aria-hidden="true" {
                span { (min) " = " (item.low.as_deref().unwrap_or("lowest")) }
                span { (max) " = " (item.high.as_deref().unwrap_or("highest")) }
            }
        }
    }
}

pub fn thanks_page(survey: &Survey) -> Markup {
    respondent_page(
        "Thank you",
        html! {
            h1 { "Thank you" }
            p { (survey.doc().thanks.as_deref().unwrap_or("Your answers have been received.")) }
            p.muted { "You can close this page." }
        },
    )
}

/// For an unknown link and for a closed round alike: nothing about the organisation or survey.
pub fn not_open_page() -> Markup {
    respondent_page(
        "Survey not open",
        html! {
            h1 { "This survey is not open" }
            p { "The link may be incomplete, or the survey it belongs to has closed." }
            p { "If you think it should work, ask the person who sent it to you for a new link." }
        },
    )
}

pub fn already_answered_page() -> Markup {
    respondent_page(
        "Already answered",
        html! {
            h1 { "You have answered already" }
            p { "This personal link works once, and answers have been sent with it. Thank you for taking part." }
            p.muted { "If someone else should answer, ask for a link of their own." }
        },
    )
}

pub fn busy_page() -> Markup {
    respondent_page(
        "Please try again shortly",
        html! {
            h1 { "Please try again in a few minutes" }
            p { "Many people are answering right now. Go back, wait a moment, and send your answers again: they are still in the form." }
        },
    )
}
