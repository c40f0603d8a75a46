//! The account page for API tokens: the user's tokens (revocable), the form for a new one, and
//! the new token itself, shown once.

use maud::{Markup, html};

use super::layout::{Chrome, form_error, page};
use crate::store::api_tokens::ApiToken;

/// What the page shows besides the list: a just-created token (name, token), or the form's
/// input and what is wrong with it.
#[derive(Default)]
pub struct TokenMessages<'a> {
    pub created: Option<(&'a str, &'a str)>,
    pub name: &'a str,
    pub error: Option<&'a str>,
}

pub fn tokens_page(
    chrome: &Chrome<'_>,
    tokens: &[ApiToken],
    public_url: &str,
    messages: &TokenMessages<'_>,
) -> Markup {
    page(
        chrome,
        "API tokens",
        html! {
            h1 { "API tokens" }
            p {
                "A token lets a script use the JSON API as you: it sees the organisations you belong to and may do what your role there allows. "
                "Send it as " code { "Authorization: Bearer <token>" } ". The API is described at " a href="/api/v1/openapi.json" { code { "/api/v1/openapi.json" } } "."
            }
            @if let Some((name, token)) = messages.created {
                section.card {
                    h2 { "New token: " (name) }
                    p.notice { code { (token) } }
                    p.warning { "Copy it now: it is shown only this once, and only its fingerprint is kept. If it gets lost, revoke it and create another." }
                    p.muted.small { "Try it: " code { "curl -H 'Authorization: Bearer " (token) "' " (public_url) "/api/v1/organisations" } }
                }
            }
            section {
                h2 { "Create a token" }
                (form_error(messages.error))
                form.stack method="post" action="/account/tokens" {
                    input type="hidden" name="csrf" value=(chrome.csrf);
                    label { "Name (what it is for)" input type="text" name="name" required maxlength="100" value=(messages.name); }
                    button type="submit" { "Create token" }
                }
            }
            section {
                h2 { "Your tokens" }
                @if tokens.is_empty() {
                    p.muted { "None yet." }
                } @else {
                    div.table-wrap {
                        table.data {
                            thead { tr { th { "Name" } th { "Created" } th { "Last used" } th { "Status" } th { "" } } }
                            tbody {
                                @for token in tokens {
                                    tr {
                                        td { (token.name) }
                                        td { (token.created_at.format("%Y-%m-%d %H:%M UTC")) }
                                        td {
                                            @match token.last_used_at {
                                                Some(at) => (at.format("%Y-%m-%d %H:%M UTC")),
                                                None => span.muted { "never" },
                                            }
                                        }
                                        td {
                                            @match token.revoked_at {
                                                Some(at) => span.badge.bad { "revoked " (at.format("%Y-%m-%d")) },
                                                None => span.badge.final { "active" },
                                            }
                                        }
                                        td {
                                            @if token.revoked_at.is_none() {
                                                form.inline method="post" action={ "/account/tokens/" (token.id) "/revoke" } {
                                                    input type="hidden" name="csrf" value=(chrome.csrf);
                                                    button.danger type="submit" { "Revoke" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
