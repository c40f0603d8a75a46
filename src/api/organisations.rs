//! `GET /api/v1/organisations` (the token owner's organisations, with their role in each) and
//! `GET /api/v1/organisations/{slug}/assessments` (an organisation's quarters, newest first).

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::{ApiOrg, ApiUser};
use super::error::{ApiResult, ErrorBody};
use super::extract::ApiQuery;
use super::paging::{PageInfo, PageQuery, cut};
use crate::scoring::QuestionnaireRef;
use crate::store::{self, Role};
use crate::web::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationItem {
    pub slug: String,
    pub name: String,
    /// The token owner's role there: viewer, assessor, manager or admin.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<OrganisationItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentItem {
    pub id: i64,
    /// The quarter, `YYYY-Qn`.
    pub period: String,
    /// `draft` (answers may change) or `final` (read-only).
    pub status: String,
    pub questionnaire: QuestionnaireRef,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentPage {
    pub items: Vec<AssessmentItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// The organisations the token's owner belongs to, by name.
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "organisations",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of organisations", body = OrganisationPage),
        (status = 400, description = "Bad page parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_organisations(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<OrganisationPage>> {
    let (page, per_page) = query.checked()?;
    let all: Vec<OrganisationItem> = store::organisations::list_for_user(&state.db, caller.user.id)
        .await?
        .into_iter()
        .map(|(org, role)| OrganisationItem {
            slug: org.slug,
            name: org.name,
            role: role.as_str().to_owned(),
        })
        .collect();
    let (items, page) = cut(all, page, per_page, "/api/v1/organisations");
    Ok(Json(OrganisationPage { items, page }))
}

/// The organisation's assessments, newest period first. Any member may list them.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{slug}/assessments",
    tag = "assessments",
    params(("slug" = String, Path, description = "The organisation's slug"), PageQuery),
    responses(
        (status = 200, description = "A page of assessments", body = AssessmentPage),
        (status = 400, description = "Bad page parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such organisation among the token owner's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_assessments(
    State(state): State<AppState>,
    ctx: ApiOrg,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<AssessmentPage>> {
    ctx.require(Role::Viewer)?;
    let (page, per_page) = query.checked()?;
    let all: Vec<AssessmentItem> = store::assessments::list(&state.db, ctx.org.id)
        .await?
        .into_iter()
        .map(|a| AssessmentItem {
            id: a.id,
            period: a.period,
            status: a.status,
            questionnaire: QuestionnaireRef {
                id: a.questionnaire_id,
                version: a.questionnaire_version,
            },
            created_at: a.created_at,
            finalised_at: a.finalised_at,
        })
        .collect();
    let path = format!("/api/v1/organisations/{}/assessments", ctx.org.slug);
    let (items, page) = cut(all, page, per_page, &path);
    Ok(Json(AssessmentPage { items, page }))
}
