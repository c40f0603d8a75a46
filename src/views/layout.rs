//! The page frame: header with the organisation and navigation, and the error page.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, html};

use crate::store::Role;

/// What the frame needs to know about the viewer.
pub struct Chrome<'a> {
    pub email: &'a str,
    pub csrf: &'a str,
    /// The organisation being viewed: slug, name and the viewer's role.
    pub org: Option<(&'a str, &'a str, Role)>,
}

fn head(title: &str, refresh_seconds: Option<u32>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            @if let Some(seconds) = refresh_seconds {
                meta http-equiv="refresh" content=(seconds);
            }
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · CTI maturity" }
            link rel="icon" href="/favicon.svg" type="image/svg+xml";
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
        }
    }
}

/// A page for a logged-in user.
pub fn page(chrome: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    page_refreshing(chrome, title, None, body)
}

/// A page that reloads itself every `refresh_seconds` (progress of a background job, without
/// script).
pub fn page_refreshing(
    chrome: &Chrome<'_>,
    title: &str,
    refresh_seconds: Option<u32>,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title, refresh_seconds))
            body {
                header.top {
                    a.brand href="/" { "CTI maturity" }
                    @if let Some((slug, name, role)) = chrome.org {
                        span.org-name { (name) }
                        nav {
                            @if role.at_least(Role::Manager) {
                                a href={ "/o/" (slug) "/dashboard/manager" } { "Dashboard" }
                            } @else {
                                a href={ "/o/" (slug) "/dashboard" } { "Dashboard" }
                            }
                            a href={ "/o/" (slug) } { "Assessments" }
                            a href={ "/o/" (slug) "/actions" } { "Action plan" }
                            a href={ "/o/" (slug) "/surveys" } { "Surveys" }
                            a href={ "/o/" (slug) "/feeds" } { "Feeds" }
                            @if role.at_least(Role::Admin) {
                                a href={ "/o/" (slug) "/members" } { "Members" }
                                a href={ "/o/" (slug) "/audit" } { "Audit log" }
                            }
                        }
                    }
                    div.account {
                        a href="/portfolio" { "Portfolio" }
                        a href="/orgs" { "Organisations" }
                        a href="/account/tokens" { "API tokens" }
                        span.email { (chrome.email) }
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(chrome.csrf);
                            button.link type="submit" { "Log out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A page for someone not logged in (login, first-run setup, invitations).
pub fn bare_page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title, None))
            body.bare {
                main.narrow {
                    p.brand-large { "CTI maturity" }
                    (body)
                }
            }
        }
    }
}

pub fn error_page(status: StatusCode, message: &str) -> Markup {
    bare_page(
        status.canonical_reason().unwrap_or("Error"),
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("Error")) }
            p { (message) }
            p { a href="/" { "Back to the start" } }
        },
    )
}

/// A form's error message, shown above the fields.
pub fn form_error(message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            p.error role="alert" { (message) }
        }
    }
}
