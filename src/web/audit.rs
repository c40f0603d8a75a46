//! The organisation's audit log (admins only), newest first, [`PAGE_SIZE`] events a page; older
//! pages through `?before=<id>`, the id of the last event shown.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::error::AppResult;
use super::org::OrgContext;
use crate::store::{self, Role};
use crate::views::audit::audit_page;

pub const PAGE_SIZE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/o/{slug}/audit", get(show))
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
    let mut events =
        store::audit::list_before(&state.db, ctx.org.id, query.before, PAGE_SIZE as i64 + 1)
            .await?;
    let older = if events.len() > PAGE_SIZE {
        events.truncate(PAGE_SIZE);
        events.last().map(|event| event.id)
    } else {
        None
    };
    Ok(audit_page(
        &ctx.chrome(),
        &ctx.org.slug,
        &events,
        older,
        query.before.is_none(),
    ))
}
