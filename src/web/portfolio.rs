//! The consultant portfolio: every organisation the user belongs to, side by side: the latest
//! level of each section, the trend of the overall percent, the completion of the assessment in
//! progress, and when each was last assessed (overdue after a configurable number of days).
//!
//! With `?anonymised=1` the organisations are named A, B, C… (in a fixed, name-independent
//! order) and nothing links to them, so a consultant can share the benchmark with one client.
//! Only organisations the user is a member of are ever read.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::history::{FinalQuarter, final_quarter};
use super::session::CurrentUser;
use super::snapshot::content_by_hash;
use crate::store::{self, portfolio::MemberAssessment};
use crate::views::portfolio as view;

pub fn router() -> Router<AppState> {
    Router::new().route("/portfolio", get(portfolio))
}

/// One organisation's line.
pub struct PortfolioRow {
    /// The organisation's name and slug, or "Organisation B" and None when anonymised.
    pub name: String,
    pub slug: Option<String>,
    /// Final quarters, oldest first.
    pub finals: Vec<Arc<FinalQuarter>>,
    /// The assessment in progress: its period and the share of questions answered, 0 to 1.
    pub draft: Option<(String, f64)>,
    pub last_assessed: Option<DateTime<Utc>>,
    pub overdue: bool,
}

impl PortfolioRow {
    pub fn latest(&self) -> Option<&FinalQuarter> {
        self.finals.last().map(AsRef::as_ref)
    }
}

#[derive(Deserialize, Default)]
struct PortfolioQuery {
    anonymised: Option<String>,
}

async fn portfolio(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<PortfolioQuery>,
) -> AppResult<Response> {
    let anonymised = query.anonymised.is_some_and(|v| v != "0");
    let rows = rows(&state, current.user.id, anonymised, Utc::now()).await?;
    let chrome = crate::views::layout::Chrome {
        email: &current.user.email,
        csrf: &current.session.csrf_token,
        org: None,
    };
    let page = view::portfolio_page(&chrome, &rows, anonymised, state.config.overdue_after_days);
    Ok(page.into_response())
}

/// The rows of the user's organisations, by name (or by id when anonymised).
pub async fn rows(
    state: &AppState,
    user_id: i64,
    anonymised: bool,
    now: DateTime<Utc>,
) -> AppResult<Vec<PortfolioRow>> {
    let mut organisations = store::organisations::list_for_user(&state.db, user_id).await?;
    if anonymised {
        organisations.sort_by_key(|(org, _)| org.id);
    }
    let mut by_organisation: HashMap<i64, Vec<MemberAssessment>> = HashMap::new();
    for assessment in store::portfolio::assessments_of_member(&state.db, user_id).await? {
        by_organisation
            .entry(assessment.organisation_id)
            .or_default()
            .push(assessment);
    }
    let overdue_after = chrono::TimeDelta::days(state.config.overdue_after_days);
    let mut rows = Vec::with_capacity(organisations.len());
    for (index, (org, _)) in organisations.iter().enumerate() {
        let assessments = by_organisation.remove(&org.id).unwrap_or_default();
        let mut finals = Vec::new();
        let mut draft = None;
        for assessment in &assessments {
            match (assessment.status.as_str(), assessment.finalised_at) {
                ("final", Some(finalised_at)) => {
                    finals.push(final_quarter(state, org.id, assessment.id, finalised_at).await?)
                }
                ("draft", _) => draft = Some(assessment),
                _ => {}
            }
        }
        let draft = match draft {
            Some(draft) => Some((
                draft.period.clone(),
                completion(state, org.id, draft).await?,
            )),
            None => None,
        };
        let last_assessed = finals.last().map(|f| f.finalised_at);
        rows.push(PortfolioRow {
            name: if anonymised {
                anonymous_name(index)
            } else {
                org.name.clone()
            },
            slug: (!anonymised).then(|| org.slug.clone()),
            overdue: last_assessed.is_none_or(|at| now - at > overdue_after),
            finals,
            draft,
            last_assessed,
        });
    }
    Ok(rows)
}

/// The share of a draft's questions answered or marked N/A.
async fn completion(
    state: &AppState,
    organisation_id: i64,
    draft: &MemberAssessment,
) -> AppResult<f64> {
    let content = match content_by_hash(&draft.model_sha256, &draft.questionnaire_sha256) {
        Some(content) => content,
        None => {
            let assessment = store::assessments::get(&state.db, organisation_id, draft.id)
                .await?
                .ok_or(AppError::NotFound)?;
            super::snapshot::frozen_content(&assessment)?
        }
    };
    let total = content.1.question_count();
    Ok(if total == 0 {
        0.0
    } else {
        (draft.answered as f64 / total as f64).min(1.0)
    })
}

/// "Organisation A" … "Organisation Z", "Organisation AA" …
pub fn anonymous_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    format!("Organisation {}", letters.iter().rev().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::anonymous_name;

    #[test]
    fn anonymous_names_run_like_spreadsheet_columns() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .map(anonymous_name)
            .to_vec();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
                .map(|s| format!("Organisation {s}"))
        );
    }
}
