//! An audit log (an organisation's, or the site's logins and organisation changes): who did what,
//! when, newest first, a page at a time.

use maud::{Markup, html};

use super::layout::{Chrome, page};
use crate::store::audit::AuditEvent;

/// `older`: the `before` cursor of the next (older) page, when there is one. `first_page`: false
/// when this page was reached through a cursor, to offer a way back to the newest events.
pub fn audit_page(
    chrome: &Chrome<'_>,
    base: &str,
    intro: &str,
    events: &[AuditEvent],
    older: Option<i64>,
    first_page: bool,
) -> Markup {
    page(
        chrome,
        "Audit log",
        html! {
            h1 { "Audit log" }
            p.muted { (intro) " Newest first; times are UTC." }
            @if events.is_empty() {
                p.notice { "No events." }
            } @else {
                div.table-wrap {
                    table.data {
                        thead { tr { th { "Time (UTC)" } th { "Who" } th { "Action" } th { "Detail" } } }
                        tbody {
                            @for event in events {
                                tr {
                                    td { time datetime=(event.created_at.to_rfc3339()) { (event.created_at.format("%Y-%m-%d %H:%M:%S")) } }
                                    td { @if event.actor_email.is_empty() { span.muted { "—" } } @else { (event.actor_email) } }
                                    td { (event.action) }
                                    td { (event.detail) }
                                }
                            }
                        }
                    }
                }
            }
            p.toolbar {
                @if !first_page { a.button.secondary href=(base) { "Newest events" } }
                @if let Some(before) = older { a.button.secondary href={ (base) "?before=" (before) } { "Older events" } }
            }
        },
    )
}
