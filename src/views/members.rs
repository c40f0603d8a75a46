//! Members of an organisation and their roles, invitations, and the pages behind an invitation
//! link.

use maud::{Markup, html};

use super::layout::{Chrome, bare_page, form_error, page};
use crate::store::Role;
use crate::store::invitations::Invitation;
use crate::store::organisations::Member;
use crate::web::password::MIN_PASSWORD_LENGTH;

/// What the members page shows besides the lists: a refusal, and the invitation form's input.
#[derive(Default)]
pub struct MembersMessages<'a> {
    /// A refused change of a member (last admin, unknown role).
    pub error: Option<&'a str>,
    /// The invitation form as the user filled it in, and what is wrong with it.
    pub invite_email: &'a str,
    pub invite_role: Option<Role>,
    pub invite_error: Option<&'a str>,
}

fn csrf_field(csrf: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(csrf); }
}

fn role_options(selected: Role) -> Markup {
    html! {
        @for role in Role::ALL {
            option value=(role.as_str()) selected[role == selected] { (role.as_str()) }
        }
    }
}

fn role_help() -> Markup {
    html! {
        p.muted.small {
            "admin: organisation settings and members · manager: assessments, targets, actions, surveys, feeds · "
            "assessor: answers questions · viewer: dashboards and exports, read-only"
        }
    }
}

pub fn members_page(
    chrome: &Chrome<'_>,
    slug: &str,
    me: i64,
    members: &[Member],
    invitations: &[Invitation],
    messages: &MembersMessages<'_>,
) -> Markup {
    let csrf = chrome.csrf;
    page(
        chrome,
        "Members",
        html! {
            h1 { "Members" }
            (form_error(messages.error))
            div.table-wrap {
                table.data {
                    thead { tr { th { "Name" } th { "Email" } th { "Role" } th { "Member since" } th { "" } } }
                    tbody {
                        @for member in members {
                            @let role = Role::parse(&member.role).unwrap_or(Role::Viewer);
                            tr {
                                td { (member.display_name) @if member.user_id == me { " " span.muted { "(you)" } } }
                                td { (member.email) }
                                td {
                                    form.inline method="post" action={ "/o/" (slug) "/members/" (member.user_id) "/role" } {
                                        (csrf_field(csrf))
                                        select name="role" aria-label={ "Role of " (member.email) } { (role_options(role)) }
                                        button.secondary type="submit" { "Change role" }
                                    }
                                }
                                td { (member.created_at.format("%Y-%m-%d")) }
                                td {
                                    form.inline method="post" action={ "/o/" (slug) "/members/" (member.user_id) "/remove" } {
                                        (csrf_field(csrf))
                                        button.danger type="submit" { "Remove" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (role_help())

            section {
                h2 { "Invite someone" }
                p.muted { "The invitation link is shown once, after you create it; send it to the person yourself. It works once and expires after 7 days." }
                (form_error(messages.invite_error))
                form.stack method="post" action={ "/o/" (slug) "/invitations" } {
                    (csrf_field(csrf))
                    label { "Email" input type="email" name="email" required value=(messages.invite_email); }
                    label { "Role" select name="role" { (role_options(messages.invite_role.unwrap_or(Role::Viewer))) } }
                    button type="submit" { "Create invitation link" }
                }
            }

            section {
                h2 { "Pending invitations" }
                @if invitations.is_empty() {
                    p.muted { "None." }
                } @else {
                    div.table-wrap {
                        table.data {
                            thead { tr { th { "Email" } th { "Role" } th { "Invited" } th { "Expires" } th { "" } } }
                            tbody {
                                @for invitation in invitations {
                                    tr {
                                        td { (invitation.email) }
                                        td { span.badge { (invitation.role().as_str()) } }
                                        td { (invitation.created_at.format("%Y-%m-%d %H:%M UTC")) }
                                        td { (invitation.expires_at.format("%Y-%m-%d %H:%M UTC")) }
                                        td {
                                            form.inline method="post" action={ "/o/" (slug) "/invitations/" (invitation.id) "/revoke" } {
                                                (csrf_field(csrf))
                                                button.secondary type="submit" { "Revoke" }
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

/// Shown once, right after an invitation is created: the link is not stored anywhere.
pub fn invitation_created_page(
    chrome: &Chrome<'_>,
    slug: &str,
    email: &str,
    role: Role,
    link: &str,
) -> Markup {
    page(
        chrome,
        "Invitation created",
        html! {
            h1 { "Invitation created" }
            p { "Send this link to " strong { (email) } ". It makes them " span.badge { (role.as_str()) } " of this organisation." }
            p.notice { code { (link) } }
            p.warning { "Copy it now: it is shown only this once. It works once and expires after 7 days. If it gets lost, revoke the invitation and create a new one." }
            p { a href={ "/o/" (slug) "/members" } { "Back to the members" } }
        },
    )
}

fn invitation_intro(org_name: &str, email: &str, role: Role) -> Markup {
    html! {
        h1 { "Join " (org_name) }
        p { "You are invited to " strong { (org_name) } " as " span.badge { (role.as_str()) } ", with the email " strong { (email) } "." }
    }
}

/// No account has the invitation's email yet: choose a name and a password.
pub fn invitation_new_account_page(
    org_name: &str,
    email: &str,
    role: Role,
    token: &str,
    csrf: Option<&str>,
    display_name: &str,
    error: Option<&str>,
) -> Markup {
    bare_page(
        "Join",
        html! {
            (invitation_intro(org_name, email, role))
            p { "Create your account:" }
            (form_error(error))
            form.stack method="post" action={ "/invite/" (token) } {
                @if let Some(csrf) = csrf { (csrf_field(csrf)) }
                label { "Email" input type="email" value=(email) disabled autocomplete="username"; }
                label { "Your name" input type="text" name="display_name" required value=(display_name) autofocus; }
                label { "Password (at least " (MIN_PASSWORD_LENGTH) " characters)" input type="password" name="password" required autocomplete="new-password"; }
                button type="submit" { "Create account and join" }
            }
        },
    )
}

/// The account exists and the visitor is logged in as it.
pub fn invitation_join_page(
    org_name: &str,
    email: &str,
    role: Role,
    token: &str,
    csrf: &str,
) -> Markup {
    bare_page(
        "Join",
        html! {
            (invitation_intro(org_name, email, role))
            form method="post" action={ "/invite/" (token) } {
                (csrf_field(csrf))
                button type="submit" { "Join" }
            }
        },
    )
}

/// The account exists, but the visitor is not logged in as it. `logged_in` is the visitor's
/// email and CSRF token when logged in as someone else.
pub fn invitation_login_page(
    org_name: &str,
    email: &str,
    role: Role,
    logged_in: Option<(&str, &str)>,
) -> Markup {
    bare_page(
        "Join",
        html! {
            (invitation_intro(org_name, email, role))
            @if let Some((current_email, csrf)) = logged_in {
                p.warning { "You are logged in as " strong { (current_email) } ". This invitation is for " strong { (email) } "." }
                p { "Log out, log in as " (email) ", then open this link again." }
                form method="post" action="/logout" {
                    (csrf_field(csrf))
                    button type="submit" { "Log out" }
                }
            } @else {
                p { "An account with this email exists. " a href="/login" { "Log in as " (email) } ", then open this link again." }
            }
        },
    )
}
