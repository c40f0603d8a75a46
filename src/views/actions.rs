//! The action plan: the list of improvement actions (highest priority first, overdue ones marked)
//! and the form to raise or edit one. Rows arrive sorted and flagged by the web layer.

use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{Chrome, form_error, page};
use crate::store::actions::{Action, ActionStatus};

/// What an action is about, for people: a label, and where its scores are explained.
#[derive(Debug, Clone, Default)]
pub struct ScopeInfo {
    pub label: String,
    pub link: Option<String>,
    /// The quarter of the assessment it was raised from.
    pub period: Option<String>,
}

pub struct ActionRow<'a> {
    pub action: &'a Action,
    pub priority: u8,
    pub overdue: bool,
    pub scope: &'a ScopeInfo,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCounts {
    /// Open or in progress.
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
    pub dropped: usize,
}

pub struct ListData<'a> {
    pub slug: &'a str,
    pub csrf: &'a str,
    pub rows: &'a [ActionRow<'a>],
    pub counts: PlanCounts,
    pub can_manage: bool,
}

pub fn actions_page(chrome: &Chrome<'_>, data: &ListData<'_>) -> Markup {
    let counts = data.counts;
    page(
        chrome,
        "Action plan",
        html! {
            h1 { "Action plan" }
            div.grid {
                div.stat { div.value { (counts.open) } div.label { "Open (open or in progress)" } }
                div.stat { div.value { (counts.overdue) } div.label { "Overdue" } }
                div.stat { div.value { (counts.done) } div.label { "Done" @if counts.dropped > 0 { " · " (counts.dropped) " dropped" } } }
            }
            @if data.rows.is_empty() {
                p.muted { "No actions yet. Managers raise them from the gaps on an assessment's results page." }
            } @else {
                p.small.muted { "Sorted by priority (impact + (4 − effort), from 2 to 6), then by due date." }
                div.table-wrap {
                    table.data {
                        thead { tr {
                            th.num { "Priority" } th { "Action" } th { "About" } th { "Owner" } th { "Due" }
                            th { "Impact" } th { "Effort" } th { "Status" }
                        } }
                        tbody {
                            @for row in data.rows {
                                (action_row(data, row))
                            }
                        }
                    }
                }
            }
        },
    )
}

fn action_row(data: &ListData<'_>, row: &ActionRow<'_>) -> Markup {
    let action = row.action;
    let status = action.status();
    html! {
        tr.overdue[row.overdue] {
            td.num { strong { (row.priority) } }
            td {
                a href={ "/o/" (data.slug) "/actions/" (action.id) } { (action.title) }
                @if row.overdue { " " span.badge.overdue { "overdue" } }
            }
            td { (scope_link(row.scope)) }
            td { @if action.owner.is_empty() { span.muted { "—" } } @else { (action.owner) } }
            td { (action.due_date.as_deref().unwrap_or("—")) }
            td { (rating_label(action.impact)) }
            td { (rating_label(action.effort)) }
            td {
                @if data.can_manage {
                    form.inline method="post" action={ "/o/" (data.slug) "/actions/" (action.id) "/status" } {
                        input type="hidden" name="csrf" value=(data.csrf);
                        (status_select(status.as_str(), &format!("Status of action {}", action.id)))
                        button.secondary.small type="submit" { "Set" }
                    }
                } @else {
                    (status_badge(status))
                }
            }
        }
    }
}

fn scope_link(scope: &ScopeInfo) -> Markup {
    html! {
        @match &scope.link {
            Some(link) => a href=(link) { (scope.label) },
            None => (scope.label),
        }
        @if let Some(period) = &scope.period { br; span.small.muted { (period) } }
    }
}

fn status_badge(status: ActionStatus) -> Markup {
    html! {
        @match status {
            ActionStatus::Done => span.badge.final { (status.label()) },
            ActionStatus::InProgress => span.badge.draft { (status.label()) },
            _ => span.badge { (status.label()) },
        }
    }
}

fn status_select(current: &str, label: &str) -> Markup {
    html! {
        select name="status" aria-label=(label) {
            @for status in ActionStatus::ALL {
                option value=(status.as_str()) selected[status.as_str() == current] { (status.label()) }
            }
        }
    }
}

fn rating_label(value: i64) -> &'static str {
    match value {
        1 => "low",
        2 => "medium",
        3 => "high",
        _ => "?",
    }
}

/// The action form's fields as text, as submitted or as stored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionValues {
    pub assessment: String,
    pub kind: String,
    pub scope: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub impact: String,
    pub effort: String,
    pub status: String,
}

impl ActionValues {
    pub fn of(action: &Action) -> Self {
        Self {
            assessment: action
                .assessment_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            kind: action.scope_kind.clone(),
            scope: action.scope_id.clone(),
            title: action.title.clone(),
            owner: action.owner.clone(),
            due_date: action.due_date.clone().unwrap_or_default(),
            impact: action.impact.to_string(),
            effort: action.effort.to_string(),
            status: action.status.clone(),
        }
    }
}

pub struct FormData<'a> {
    pub slug: &'a str,
    pub csrf: &'a str,
    /// None for a new action.
    pub action: Option<&'a Action>,
    pub scope: &'a ScopeInfo,
    pub values: &'a ActionValues,
    pub error: Option<&'a str>,
    pub can_manage: bool,
    pub notice: Option<&'a str>,
}

pub fn action_page(chrome: &Chrome<'_>, data: &FormData<'_>) -> Markup {
    let title = match data.action {
        None => "Raise an action".to_owned(),
        Some(action) => action.title.clone(),
    };
    html! {
        (page(chrome, &title, html! {
            div.breadcrumb { a href={ "/o/" (data.slug) "/actions" } { "Action plan" } " › " @if data.action.is_some() { "Action" } @else { "New" } }
            h1 { (title) }
            p { "About: " (scope_link(data.scope)) }
            @if let Some(notice) = data.notice { p.notice role="status" { (notice) } }
            @if data.can_manage { (action_form(data)) } @else { (action_facts(data)) }
        }))
    }
}

fn action_form(data: &FormData<'_>) -> Markup {
    let values = data.values;
    let target = match data.action {
        None => format!("/o/{}/actions", data.slug),
        Some(action) => format!("/o/{}/actions/{}", data.slug, action.id),
    };
    let ratings = [("1", "1 · low"), ("2", "2 · medium"), ("3", "3 · high")];
    html! {
        (form_error(data.error))
        form.stack method="post" action=(target) {
            input type="hidden" name="csrf" value=(data.csrf);
            @if data.action.is_none() {
                input type="hidden" name="assessment" value=(values.assessment);
                input type="hidden" name="kind" value=(values.kind);
                input type="hidden" name="scope" value=(values.scope);
            }
            label { "Title" input type="text" name="title" required maxlength="200" value=(values.title); }
            label { "Owner" input type="text" name="owner" maxlength="200" value=(values.owner); }
            label { "Due date (YYYY-MM-DD)" input type="date" name="due_date" value=(values.due_date); }
            label { "Impact"
                select name="impact" {
                    @for (value, label) in ratings { option value=(value) selected[values.impact == value] { (label) } }
                }
            }
            label { "Effort"
                select name="effort" {
                    @for (value, label) in ratings { option value=(value) selected[values.effort == value] { (label) } }
                }
            }
            label { "Status" (status_select(&values.status, "Status")) }
            p.small.muted { "Priority = impact + (4 − effort): high impact and low effort come first." }
            div.toolbar {
                button type="submit" { @if data.action.is_some() { "Save" } @else { "Raise action" } }
                a.button.secondary href={ "/o/" (data.slug) "/actions" } { "Cancel" }
            }
        }
    }
}

fn action_facts(data: &FormData<'_>) -> Markup {
    html! {
        @if let Some(action) = data.action {
            dl.facts {
                dt { "Owner" } dd { @if action.owner.is_empty() { "—" } @else { (action.owner) } }
                dt { "Due" } dd { (action.due_date.as_deref().unwrap_or("—")) }
                dt { "Impact" } dd { (rating_label(action.impact)) }
                dt { "Effort" } dd { (rating_label(action.effort)) }
                dt { "Status" } dd { (status_badge(action.status())) }
                dt { "Updated" } dd { (action.updated_at.format("%Y-%m-%d %H:%M UTC")) }
            }
            p.muted.small { "Managers edit actions; your role shows them read-only." }
        }
    }
}
