//! Audit logs, newest first, [`PAGE_SIZE`] events a page; older pages through `?before=<id>`, the
//! id of the last event shown. An organisation's log is for its admins; the site's (logins, failed
//! logins, the site administrator's creation) for site administrators.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::OrgContext;
use super::session::CurrentUser;
use crate::store::{self, Role};
use crate::views::audit::audit_page;
use crate::views::layout::Chrome;

pub const PAGE_SIZE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/audit", get(show))
        .route("/audit", get(show_site))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    pub before: Option<i64>,
}

async fn show(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<AuditQuery>,
) -> AppResult<Markup> {
    ctx.require(Role::Admin)?;
    // One more than a page tells whether an older page exists.
    let events =
        store::audit::list_before(&state.db, ctx.org.id, query.before, PAGE_SIZE as i64 + 1)
            .await?;
    let (events, older) = one_page(events);
    let base = format!("/o/{}/audit", ctx.org.slug);
    Ok(audit_page(
        &ctx.chrome(),
        &base,
        "Changes to this organisation.",
        &events,
        older,
        query.before.is_none(),
    ))
}

async fn show_site(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> AppResult<Markup> {
    if !current.user.is_site_admin {
        return Err(AppError::Forbidden);
    }
    let events = store::audit::list_site(&state.db, query.before, PAGE_SIZE as i64 + 1).await?;
    let (events, older) = one_page(events);
    let chrome = Chrome {
        email: &current.user.email,
        csrf: &current.session.csrf_token,
        org: None,
    };
    let intro = "Logins, failed logins and other events of the whole site.";
    Ok(audit_page(
        &chrome,
        "/audit",
        intro,
        &events,
        older,
        query.before.is_none(),
    ))
}

/// The first [`PAGE_SIZE`] events, and the cursor of the next page when there are more.
fn one_page(
    mut events: Vec<store::audit::AuditEvent>,
) -> (Vec<store::audit::AuditEvent>, Option<i64>) {
    if events.len() > PAGE_SIZE {
        events.truncate(PAGE_SIZE);
        let older = events.last().map(|event| event.id);
        (events, older)
    } else {
        (events, None)
    }
}
