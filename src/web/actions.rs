//! The action plan: raising an improvement action from a gap, listing the organisation's actions
//! by priority, editing them and changing their status. Managers edit; other members read.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::OrgContext;
use super::org::parse_id;
use super::snapshot::{frozen_content, load_scored};
use crate::content::{Model, Questionnaire};
use crate::scoring::{Rating, action_priority};
use crate::store::actions::{Action, ActionFields, ActionStatus, ScopeKind};
use crate::store::{self, Role};
use crate::views::actions::{
    self as view, ActionRow, ActionValues, FormData, ListData, PlanCounts, ScopeInfo,
};
use crate::views::results::level_label;

pub const MAX_TEXT_CHARS: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/actions", get(list_actions).post(create_action))
        .route("/o/{slug}/actions/new", get(new_action))
        .route(
            "/o/{slug}/actions/{id}",
            get(show_action).post(update_action),
        )
        .route("/o/{slug}/actions/{id}/status", post(set_action_status))
}

/// An action's place in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// Index into the actions given to [`plan`].
    pub index: usize,
    pub priority: u8,
    pub overdue: bool,
}

fn rating(value: i64) -> Rating {
    Rating::new(value.clamp(1, 3)).expect("a clamped rating is valid")
}

fn due_date(action: &Action) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(action.due_date.as_deref()?, "%Y-%m-%d").ok()
}

/// Overdue: due before `today` and neither done nor dropped.
pub fn is_overdue(action: &Action, today: NaiveDate) -> bool {
    !action.status().is_closed() && due_date(action).is_some_and(|due| due < today)
}

/// The plan's order: priority descending, then due date (earliest first, undated last), then age.
pub fn plan(actions: &[Action], today: NaiveDate) -> Vec<Planned> {
    let mut planned: Vec<Planned> = actions
        .iter()
        .enumerate()
        .map(|(index, action)| Planned {
            index,
            priority: action_priority(rating(action.impact), rating(action.effort)),
            overdue: is_overdue(action, today),
        })
        .collect();
    planned.sort_by_key(|p| {
        let action = &actions[p.index];
        let due = due_date(action);
        (std::cmp::Reverse(p.priority), due.is_none(), due, action.id)
    });
    planned
}

pub fn count(actions: &[Action], planned: &[Planned]) -> PlanCounts {
    let mut counts = PlanCounts::default();
    for p in planned {
        match actions[p.index].status() {
            ActionStatus::Open | ActionStatus::InProgress => counts.open += 1,
            ActionStatus::Done => counts.done += 1,
            ActionStatus::Dropped => counts.dropped += 1,
        }
        if p.overdue {
            counts.overdue += 1;
        }
    }
    counts
}

/// The content of each assessment actions were raised from, to name their scopes.
async fn contents(
    state: &AppState,
    organisation_id: i64,
    actions: &[Action],
) -> AppResult<HashMap<i64, (String, Model, Questionnaire)>> {
    let mut contents = HashMap::new();
    for id in actions.iter().filter_map(|action| action.assessment_id) {
        if contents.contains_key(&id) {
            continue;
        }
        let Some(assessment) = store::assessments::get(&state.db, organisation_id, id).await?
        else {
            continue;
        };
        let (model, questionnaire) = frozen_content(&assessment)?.as_ref().clone();
        contents.insert(id, (assessment.period, model, questionnaire));
    }
    Ok(contents)
}

fn scope_info(
    slug: &str,
    action: &Action,
    contents: &HashMap<i64, (String, Model, Questionnaire)>,
) -> ScopeInfo {
    let kind = ScopeKind::parse(&action.scope_kind).unwrap_or(ScopeKind::Section);
    let fallback = format!("{} {}", action.scope_kind, action.scope_id);
    let Some(assessment_id) = action.assessment_id else {
        return ScopeInfo {
            label: fallback,
            ..ScopeInfo::default()
        };
    };
    let Some((period, model, questionnaire)) = contents.get(&assessment_id) else {
        return ScopeInfo {
            label: fallback,
            ..ScopeInfo::default()
        };
    };
    let label = scope_label(kind, &action.scope_id, model, questionnaire).unwrap_or(fallback);
    ScopeInfo {
        label,
        link: Some(scope_link(slug, assessment_id, kind, &action.scope_id)),
        period: Some(period.clone()),
    }
}

fn scope_label(
    kind: ScopeKind,
    id: &str,
    model: &Model,
    questionnaire: &Questionnaire,
) -> Option<String> {
    Some(match kind {
        ScopeKind::Section => {
            let section = &questionnaire.sections()[questionnaire.section_index(id)?];
            format!("Section: {}", section.title)
        }
        ScopeKind::Capability => {
            let capability = &model.capabilities()[model.capability_index(id)?];
            format!("Capability: {}", capability.name)
        }
        ScopeKind::Question => format!("Question {id}: {}", questionnaire.question(id)?.doc.text),
    })
}

fn scope_link(slug: &str, assessment_id: i64, kind: ScopeKind, id: &str) -> String {
    let path = match kind {
        ScopeKind::Section => "sections",
        ScopeKind::Capability => "capabilities",
        ScopeKind::Question => "questions",
    };
    format!("/o/{slug}/assessments/{assessment_id}/results/{path}/{id}")
}

async fn list_actions(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    let actions = store::actions::list(&state.db, ctx.org.id).await?;
    let contents = contents(&state, ctx.org.id, &actions).await?;
    let planned = plan(&actions, Utc::now().date_naive());
    let scopes: Vec<ScopeInfo> = planned
        .iter()
        .map(|p| scope_info(&ctx.org.slug, &actions[p.index], &contents))
        .collect();
    let rows: Vec<ActionRow<'_>> = planned
        .iter()
        .zip(&scopes)
        .map(|(p, scope)| ActionRow {
            action: &actions[p.index],
            priority: p.priority,
            overdue: p.overdue,
            scope,
        })
        .collect();
    let data = ListData {
        slug: &ctx.org.slug,
        csrf: ctx.csrf(),
        rows: &rows,
        counts: count(&actions, &planned),
        can_manage: ctx.role.at_least(Role::Manager),
    };
    Ok(view::actions_page(&ctx.chrome(), &data).into_response())
}

/// The scope a new action is about, checked against the assessment's frozen content, and a
/// suggested title.
async fn new_scope(
    state: &AppState,
    ctx: &OrgContext,
    values: &ActionValues,
) -> AppResult<(i64, ScopeKind, ScopeInfo, String)> {
    let assessment_id = parse_id(&values.assessment)?;
    let kind = ScopeKind::parse(&values.kind).ok_or(AppError::NotFound)?;
    let scored = load_scored(&state.db, ctx.org.id, assessment_id).await?;
    let (model, questionnaire, card) = (&scored.model, &scored.questionnaire, &scored.scorecard);
    let id = values.scope.as_str();
    let label = scope_label(kind, id, model, questionnaire).ok_or(AppError::NotFound)?;
    let raise = |name: &str, level, target| match target {
        Some(target) => format!(
            "Raise {name} from {} to {}",
            level_label(model, level),
            level_label(model, Some(target))
        ),
        None => format!("Improve {name}"),
    };
    let suggestion = match kind {
        ScopeKind::Section => {
            let index = questionnaire.section_index(id).ok_or(AppError::NotFound)?;
            let score = &card.sections[index];
            raise(
                &questionnaire.sections()[index].title,
                score.level,
                score.target,
            )
        }
        ScopeKind::Capability => {
            let index = model.capability_index(id).ok_or(AppError::NotFound)?;
            let score = &card.capabilities[index];
            raise(&model.capabilities()[index].name, score.level, score.target)
        }
        ScopeKind::Question => {
            let text: String = questionnaire
                .question(id)
                .ok_or(AppError::NotFound)?
                .doc
                .text
                .chars()
                .take(MAX_TEXT_CHARS - 10)
                .collect();
            format!("Improve: {text}")
        }
    };
    let scope = ScopeInfo {
        label,
        link: Some(scope_link(&ctx.org.slug, assessment_id, kind, id)),
        period: Some(scored.assessment.period.clone()),
    };
    Ok((assessment_id, kind, scope, suggestion))
}

async fn new_action(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<ActionValues>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let (_, _, scope, suggestion) = new_scope(&state, &ctx, &query).await?;
    let values = ActionValues {
        title: suggestion,
        impact: "2".into(),
        effort: "2".into(),
        status: ActionStatus::Open.as_str().into(),
        ..query
    };
    Ok(form_page(&ctx, None, &scope, &values, None, None).into_response())
}

fn form_page(
    ctx: &OrgContext,
    action: Option<&Action>,
    scope: &ScopeInfo,
    values: &ActionValues,
    error: Option<&str>,
    notice: Option<&str>,
) -> maud::Markup {
    let data = FormData {
        slug: &ctx.org.slug,
        csrf: ctx.csrf(),
        action,
        scope,
        values,
        error,
        can_manage: ctx.role.at_least(Role::Manager),
        notice,
    };
    view::action_page(&ctx.chrome(), &data)
}

/// The editable fields, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFields {
    pub title: String,
    pub owner: String,
    /// Normalised to YYYY-MM-DD.
    pub due_date: Option<String>,
    pub impact: Rating,
    pub effort: Rating,
    pub status: ActionStatus,
}

impl CheckedFields {
    fn fields(&self) -> ActionFields<'_> {
        ActionFields {
            title: &self.title,
            owner: &self.owner,
            due_date: self.due_date.as_deref(),
            impact: i64::from(self.impact.get()),
            effort: i64::from(self.effort.get()),
            status: self.status,
        }
    }
}

pub fn check_fields(values: &ActionValues) -> Result<CheckedFields, String> {
    let mut problems = Vec::new();
    let title = values.title.trim();
    if title.is_empty() {
        problems.push("Enter a title.".to_owned());
    } else if title.chars().count() > MAX_TEXT_CHARS {
        problems.push(format!(
            "Keep the title to {MAX_TEXT_CHARS} characters or fewer."
        ));
    }
    let owner = values.owner.trim();
    if owner.chars().count() > MAX_TEXT_CHARS {
        problems.push(format!(
            "Keep the owner to {MAX_TEXT_CHARS} characters or fewer."
        ));
    }
    let due = values.due_date.trim();
    let due_date = if due.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(due, "%Y-%m-%d") {
            Ok(date) => Some(date.format("%Y-%m-%d").to_string()),
            Err(_) => {
                problems.push(format!(
                    "The due date must be a date written YYYY-MM-DD, not `{due}`."
                ));
                None
            }
        }
    };
    let mut rate = |what: &str, text: &str| match text
        .trim()
        .parse::<i64>()
        .map_err(|_| ())
        .and_then(|v| Rating::new(v).map_err(|_| ()))
    {
        Ok(rating) => Some(rating),
        Err(()) => {
            problems.push(format!(
                "Choose the {what}: 1 (low), 2 (medium) or 3 (high)."
            ));
            None
        }
    };
    let impact = rate("impact", &values.impact);
    let effort = rate("effort", &values.effort);
    let status = ActionStatus::parse(values.status.trim());
    if status.is_none() {
        problems.push("Choose a status: open, in progress, done or dropped.".to_owned());
    }
    match (impact, effort, status) {
        (Some(impact), Some(effort), Some(status)) if problems.is_empty() => Ok(CheckedFields {
            title: title.to_owned(),
            owner: owner.to_owned(),
            due_date,
            impact,
            effort,
            status,
        }),
        _ => Err(problems.join(" ")),
    }
}

async fn create_action(
    State(state): State<AppState>,
    ctx: OrgContext,
    Form(values): Form<ActionValues>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let (assessment_id, kind, scope, _) = new_scope(&state, &ctx, &values).await?;
    let checked = match check_fields(&values) {
        Ok(checked) => checked,
        Err(message) => {
            let page = form_page(&ctx, None, &scope, &values, Some(&message), None);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let id = store::actions::create(
        &state.db,
        ctx.org.id,
        assessment_id,
        kind,
        &values.scope,
        &checked.fields(),
        ctx.user_id(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    ctx.audit(
        &state.db,
        "action_created",
        &format!("#{id} {}", checked.title),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/actions", ctx.org.slug)).into_response())
}

async fn load_action(
    state: &AppState,
    ctx: &OrgContext,
    id: &str,
) -> AppResult<(Action, ScopeInfo)> {
    let action = store::actions::get(&state.db, ctx.org.id, parse_id(id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let contents = contents(state, ctx.org.id, std::slice::from_ref(&action)).await?;
    let scope = scope_info(&ctx.org.slug, &action, &contents);
    Ok((action, scope))
}

#[derive(Deserialize)]
struct ShowQuery {
    saved: Option<String>,
}

async fn show_action(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let (action, scope) = load_action(&state, &ctx, &id).await?;
    let notice = query.saved.is_some().then_some("Saved.");
    let values = ActionValues::of(&action);
    Ok(form_page(&ctx, Some(&action), &scope, &values, None, notice).into_response())
}

async fn update_action(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(values): Form<ActionValues>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let (action, scope) = load_action(&state, &ctx, &id).await?;
    let checked = match check_fields(&values) {
        Ok(checked) => checked,
        Err(message) => {
            let page = form_page(&ctx, Some(&action), &scope, &values, Some(&message), None);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    if !store::actions::update(&state.db, ctx.org.id, action.id, &checked.fields()).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit(
        &state.db,
        "action_updated",
        &format!("#{} {}", action.id, checked.title),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/o/{}/actions/{}?saved=1",
        ctx.org.slug, action.id
    ))
    .into_response())
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn set_action_status(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let id = parse_id(&id)?;
    let status = ActionStatus::parse(&form.status).ok_or_else(|| {
        AppError::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a status: open, in progress, done or dropped.".to_owned(),
        )
    })?;
    if !store::actions::set_status(&state.db, ctx.org.id, id, status).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit(
        &state.db,
        "action_status",
        &format!("#{id} {}", status.as_str()),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/actions", ctx.org.slug)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: i64, impact: i64, effort: i64, due: Option<&str>, status: &str) -> Action {
        let now = Utc::now();
        Action {
            id,
            organisation_id: 1,
            assessment_id: Some(1),
            scope_kind: "section".into(),
            scope_id: "s1".into(),
            title: format!("action {id}"),
            owner: String::new(),
            due_date: due.map(str::to_owned),
            impact,
            effort,
            status: status.into(),
            created_at: now,
            updated_at: now,
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn plan_sorts_by_priority_then_due_date() {
        let actions = [
            action(1, 1, 3, Some("2026-01-10"), "open"), // priority 1 + 1 = 2
            action(2, 3, 1, None, "open"),               // 3 + 3 = 6, undated
            action(3, 3, 1, Some("2026-03-01"), "open"), // 6, dated
            action(4, 2, 2, Some("2026-02-01"), "done"), // 2 + 2 = 4
            action(5, 3, 1, Some("2026-02-01"), "in_progress"), // 6, earlier
        ];
        let planned = plan(&actions, day("2026-02-15"));
        let order: Vec<i64> = planned.iter().map(|p| actions[p.index].id).collect();
        assert_eq!(order, [5, 3, 2, 4, 1]);
        let priorities: Vec<u8> = planned.iter().map(|p| p.priority).collect();
        assert_eq!(priorities, [6, 6, 6, 4, 2]);
        // Overdue: 5 (due 02-01, in progress) and 1 (01-10, open); 4 is done, 3 not yet due.
        let overdue: Vec<i64> = planned
            .iter()
            .filter(|p| p.overdue)
            .map(|p| actions[p.index].id)
            .collect();
        assert_eq!(overdue, [5, 1]);
        let counts = count(&actions, &planned);
        assert_eq!(
            counts,
            PlanCounts {
                open: 4,
                overdue: 2,
                done: 1,
                dropped: 0
            }
        );
    }

    #[test]
    fn due_today_is_not_overdue_and_closed_actions_never_are() {
        let today = day("2026-02-15");
        assert!(!is_overdue(
            &action(1, 2, 2, Some("2026-02-15"), "open"),
            today
        ));
        assert!(is_overdue(
            &action(1, 2, 2, Some("2026-02-14"), "open"),
            today
        ));
        assert!(!is_overdue(
            &action(1, 2, 2, Some("2026-02-14"), "dropped"),
            today
        ));
        assert!(!is_overdue(&action(1, 2, 2, None, "open"), today));
    }

    fn values(title: &str, due: &str, impact: &str, effort: &str, status: &str) -> ActionValues {
        ActionValues {
            title: title.into(),
            due_date: due.into(),
            impact: impact.into(),
            effort: effort.into(),
            status: status.into(),
            ..ActionValues::default()
        }
    }

    #[test]
    fn fields_are_checked() {
        let checked =
            check_fields(&values(" Write the PIRs ", "2026-03-31", "3", "1", "open")).unwrap();
        assert_eq!(checked.title, "Write the PIRs");
        assert_eq!(checked.due_date.as_deref(), Some("2026-03-31"));
        assert_eq!(action_priority(checked.impact, checked.effort), 6);
        assert!(
            check_fields(&values("t", "", "2", "2", "done"))
                .unwrap()
                .due_date
                .is_none()
        );
        let error = check_fields(&values("", "31/03/2026", "4", "0", "later")).unwrap_err();
        assert!(error.contains("Enter a title"), "{error}");
        assert!(error.contains("YYYY-MM-DD"), "{error}");
        assert!(error.contains("impact"), "{error}");
        assert!(error.contains("effort"), "{error}");
        assert!(error.contains("status"), "{error}");
    }
}
