//! Survey pages for members: the list of rounds, starting a round, the links created (shown once),
//! and the stakeholder groups.

use maud::{Markup, html};

use super::layout::{Chrome, form_error, page};
use crate::store::Role;
use crate::store::stakeholder_groups::StakeholderGroup;
use crate::store::surveys::{RoundSummary, SurveyRound};
use crate::web::survey_groups::GroupForm;
use crate::web::surveys::{LOWEST_MINIMUM, MAX_SINGLE_USE_LINKS, NewRoundForm, OfferedSurvey};

pub fn status_badge(status: &str) -> Markup {
    html! {
        @if status == "open" {
            span.badge.draft { "open" }
        } @else {
            span.badge.final { "closed" }
        }
    }
}

pub fn list_page(chrome: &Chrome<'_>, slug: &str, role: Role, rounds: &[RoundSummary]) -> Markup {
    let base = format!("/o/{slug}/surveys");
    page(
        chrome,
        "Stakeholder surveys",
        html! {
            h1 { "Stakeholder surveys" }
            p.muted {
                "Each quarter, every stakeholder group answers a short survey through its own link: "
                "did they use the intelligence, how relevant, timely, accurate, actionable and clear it was, "
                "and how likely they are to recommend the service."
            }
            div.toolbar {
                @if role.at_least(Role::Manager) {
                    a.button href={ (base) "/new" } { "Start a round" }
                    a.button.secondary href={ (base) "/groups" } { "Stakeholder groups" }
                }
                @if !rounds.is_empty() {
                    a.button.secondary href={ (base) "/trend" } { "Trend across quarters" }
                }
            }
            @if rounds.is_empty() {
                p { "No survey round yet." }
            } @else {
                div.table-wrap {
                    table.data {
                        thead { tr { th { "Quarter" } th { "Survey" } th { "Status" } th.num { "Responses" } th.num { "Minimum per group" } } }
                        tbody {
                            @for round in rounds {
                                tr {
                                    td { a href={ (base) "/" (round.id) } { (round.period) } }
                                    td { (round.survey_id) " " span.muted.small { (round.survey_version) } }
                                    td { (status_badge(&round.status)) }
                                    td.num { (round.responses) }
                                    td.num { (round.min_responses) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// What the new-round form needs.
pub struct NewRoundData<'a> {
    pub shipped: &'a [OfferedSurvey],
    pub latest: Option<&'a SurveyRound>,
    pub groups: &'a [StakeholderGroup],
    pub form: &'a NewRoundForm,
    pub errors: &'a [String],
}

pub fn new_page(chrome: &Chrome<'_>, slug: &str, data: &NewRoundData<'_>) -> Markup {
    let form = data.form;
    page(
        chrome,
        "Start a survey round",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/surveys" } { "Surveys" } " / new round" }
            h1 { "Start a survey round" }
            @if !data.errors.is_empty() {
                div.error role="alert" {
                    p { "The round was not started:" }
                    ul { @for error in data.errors { li { (error) } } }
                }
            }
            form.stack method="post" action={ "/o/" (slug) "/surveys" } {
                input type="hidden" name="csrf" value=(chrome.csrf);
                label { "Quarter (YYYY-Qn)" input type="text" name="period" required pattern="[0-9]{4}-Q[1-4]" value=(form.period); }
                fieldset.plain {
                    legend { "Survey" }
                    @for offered in data.shipped {
                        @let value = format!("shipped:{}", offered.survey.id());
                        label.checkbox {
                            input type="radio" name="source" value=(value) checked[form.source == value];
                            span { (offered.survey.title()) " " span.muted.small { "(shipped: " (offered.survey.id()) " " (offered.survey.version()) ")" } }
                        }
                    }
                    @if let Some(latest) = data.latest {
                        label.checkbox {
                            input type="radio" name="source" value="latest" checked[form.source == "latest"];
                            span { "Your latest round's survey " span.muted.small { "(" (latest.survey_id) " " (latest.survey_version) ", " (latest.period) ")" } }
                        }
                    }
                    label.checkbox {
                        input type="radio" name="source" value="pasted" checked[form.source == "pasted"];
                        span { "Your adapted survey, pasted below" }
                    }
                    label.block {
                        span.small.muted { "YAML of kind `survey` (see the README, \"Writing a questionnaire\"); start from the shipped file and change the wording or items." }
                        textarea.code name="survey_yaml" rows="8" { (form.survey_yaml) }
                    }
                }
                label {
                    "Minimum responses before a group's results are shown"
                    input type="number" name="min_responses" min=(LOWEST_MINIMUM) max="1000" required value=(form.min_responses);
                }
                div {
                    p.small.muted { "Each of these groups gets its own link:" }
                    @if data.groups.is_empty() {
                        p.warning { "No active stakeholder group. " a href={ "/o/" (slug) "/surveys/groups" } { "Add one" } " first." }
                    } @else {
                        ul.inline-list { @for group in data.groups { li { (group.name) } } }
                        p.small { a href={ "/o/" (slug) "/surveys/groups" } { "Change the groups" } }
                    }
                }
                button type="submit" { "Start the round" }
            }
        },
    )
}

/// The page after a round starts or a group link is replaced: each link, once.
pub fn links_created_page(
    chrome: &Chrome<'_>,
    slug: &str,
    round_id: i64,
    period: &str,
    links: &[(String, String)],
) -> Markup {
    page(
        chrome,
        "Survey links",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/surveys" } { "Surveys" } " / " a href={ "/o/" (slug) "/surveys/" (round_id) } { (period) } }
            h1 { "Survey links for " (period) }
            p.warning {
                strong { "Copy these links now." }
                " They are shown only on this page: the app keeps a fingerprint of each link, not the link. "
                "If one is lost, replace it from the round's page; the old link then stops working."
            }
            p { "Send each group its own link (by email or chat). Anyone with a group's link can answer for that group, from a phone or a computer, without an account." }
            div.table-wrap {
                table.data {
                    thead { tr { th { "Group" } th { "Link" } } }
                    tbody {
                        @for (group, link) in links {
                            tr {
                                td.nowrap { (group) }
                                td { input.link-copy type="text" readonly value=(link) aria-label={ "Link for " (group) }; }
                            }
                        }
                    }
                }
            }
            p { a.button href={ "/o/" (slug) "/surveys/" (round_id) } { "Go to the round" } }
        },
    )
}

pub fn single_use_created_page(
    chrome: &Chrome<'_>,
    slug: &str,
    round_id: i64,
    period: &str,
    group: &str,
    links: &[String],
) -> Markup {
    page(
        chrome,
        "Single-use links",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/surveys" } { "Surveys" } " / " a href={ "/o/" (slug) "/surveys/" (round_id) } { (period) } }
            h1 { (links.len()) " single-use links for " (group) }
            p.warning {
                strong { "Copy these links now." }
                " They are shown only on this page. Send one to each person: each link accepts one response, "
                "and the share of links used is the group's response rate."
            }
            p.small.muted { "One link per line, ready for a mail merge. Which person answered is never shown with the answers." }
            textarea.link-list readonly rows=(links.len().clamp(3, 20)) aria-label="Single-use links" {
                @for link in links { (link) "\n" }
            }
            p { a.button href={ "/o/" (slug) "/surveys/" (round_id) } { "Go to the round" } }
        },
    )
}

/// The links section of a round's page, for managers.
pub fn links_section(
    csrf: &str,
    base: &str,
    open: bool,
    rows: &[(&StakeholderGroup, &crate::store::surveys::GroupActivity)],
) -> Markup {
    html! {
        section {
            h2 id="links" { "Links" }
            @if !open {
                p.muted { "The round is closed: its links lead to a \"survey not open\" page. Reopen it to send links again." }
            }
            div.table-wrap {
                table.data {
                    thead { tr {
                        th { "Group" } th { "Group link" } th.num { "Single-use links used" }
                        @if open { th { "Send" } }
                    } }
                    tbody {
                        @for (group, activity) in rows {
                            tr {
                                td { (group.name) }
                                td { @if activity.group_links > 0 { "active" } @else { span.muted { "none" } } }
                                td.num {
                                    @if activity.single_use_issued > 0 {
                                        (activity.single_use_used) " of " (activity.single_use_issued)
                                    } @else {
                                        span.muted { "—" }
                                    }
                                }
                                @if open {
                                    td {
                                        div.link-actions {
                                            form.inline method="post" action={ (base) "/groups/" (group.id) "/link" } {
                                                input type="hidden" name="csrf" value=(csrf);
                                                button.secondary type="submit" { @if activity.group_links > 0 { "Replace group link" } @else { "Create group link" } }
                                            }
                                            form.inline method="post" action={ (base) "/groups/" (group.id) "/recipients" } {
                                                input type="hidden" name="csrf" value=(csrf);
                                                input.count type="number" name="count" min="1" max=(MAX_SINGLE_USE_LINKS) value="10" aria-label={ "Number of single-use links for " (group.name) };
                                                button.secondary type="submit" { "Create single-use links" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.small.muted {
                "A group link may be answered many times by anyone who has it. Single-use links accept one response each; "
                "a group's response rate is shown when it was sent single-use links only."
            }
        }
    }
}

pub fn groups_page(
    chrome: &Chrome<'_>,
    slug: &str,
    csrf: &str,
    groups: &[StakeholderGroup],
    error: Option<&str>,
    form: &GroupForm,
) -> Markup {
    let base = format!("/o/{slug}/surveys/groups");
    page(
        chrome,
        "Stakeholder groups",
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/surveys" } { "Surveys" } " / groups" }
            h1 { "Stakeholder groups" }
            p.muted { "Every group gets its own survey link in each round, and its own results. Archived groups get no new links; their past results stay." }
            (form_error(error))
            div.table-wrap {
                table.data {
                    thead { tr { th { "Name" } th { "What they need from us" } th { "" } } }
                    tbody {
                        @for group in groups {
                            tr {
                                td colspan="2" {
                                    form.group-edit method="post" action={ (base) "/" (group.id) } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        input type="text" name="name" value=(group.name) required maxlength="80" aria-label="Name";
                                        input type="text" name="description" value=(group.description) aria-label="Description";
                                        button.secondary type="submit" { "Save" }
                                    }
                                }
                                td.nowrap {
                                    form.inline method="post" action={ (base) "/" (group.id) } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        @if group.archived {
                                            span.badge { "archived" } " "
                                            input type="hidden" name="action" value="restore";
                                            button.secondary type="submit" { "Restore" }
                                        } @else {
                                            input type="hidden" name="action" value="archive";
                                            button.secondary type="submit" { "Archive" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Add a group" }
            form.stack method="post" action=(base) {
                input type="hidden" name="csrf" value=(csrf);
                label { "Name" input type="text" name="name" required maxlength="80" value=(form.name); }
                label { "What they need from the CTI team (optional)" input type="text" name="description" value=(form.description); }
                button type="submit" { "Add" }
            }
        },
    )
}
