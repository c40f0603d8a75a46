//! Downloads of an assessment in every export format (any member who can see its results), and
//! the import of a JSON export or an answers file (managers).
//!
//! The download dispatches on [`Format`]: a new format needs no new route.

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::Markup;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use crate::content::{MAX_CONTENT_BYTES, SourceFile};
use crate::export::import::{ImportTarget, import};
use crate::export::{Format, gather, render};
use crate::store::Role;
use crate::views::exports::{ImportMessage, import_page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/assessments/{id}/export/{format}", get(download))
        .route("/o/{slug}/import", get(show_import).post(run_import))
}

async fn download(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, format)): Path<(String, String, String)>,
) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let format = Format::parse(&format).ok_or(AppError::NotFound)?;
    let doc = gather(&state, &ctx.org, parse_id(&id)?).await?;
    let template = state.config.scorecard_template.clone();
    // A PDF takes the CPU for a while: keep it off the threads that serve other requests.
    let (doc, bytes) = tokio::task::spawn_blocking(move || {
        let bytes = render(&doc, format, &template);
        (doc, bytes)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let bytes = bytes?;
    let disposition = format!("attachment; filename=\"{}\"", format.file_name(&doc));
    let disposition = HeaderValue::from_str(&disposition)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("bad file name: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn show_import(ctx: OrgContext) -> AppResult<Markup> {
    ctx.require(Role::Manager)?;
    Ok(import_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ImportMessage::None,
    ))
}

async fn run_import(
    State(state): State<AppState>,
    ctx: OrgContext,
    mut multipart: Multipart,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let refuse = |problems: Vec<String>| -> Response {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            import_page(
                &ctx.chrome(),
                &ctx.org.slug,
                ImportMessage::Refused(&problems),
            ),
        )
            .into_response()
    };
    let (file, period) = match read_upload(&mut multipart).await {
        Ok(read) => read,
        Err(problem) => return Ok(refuse(vec![problem])),
    };
    let Some((name, bytes)) = file else {
        return Ok(refuse(vec!["Choose a file to import.".to_owned()]));
    };
    let source = match SourceFile::from_bytes(&name, bytes) {
        Ok(source) => source,
        Err(diagnostic) => return Ok(refuse(vec![diagnostic.to_string()])),
    };
    let target = ImportTarget {
        organisation_id: ctx.org.id,
        user_id: Some(ctx.user_id()),
        content_dir: &state.config.content_dir,
        period: period.as_deref(),
    };
    let imported = match import(&state.db, &target, source).await? {
        Ok(imported) => imported,
        Err(refused) => return Ok(refuse(refused.0)),
    };
    let detail = format!(
        "{} {} from {name}: {} answers ({} attributed to the importer)",
        imported.period, imported.questionnaire_id, imported.answers, imported.reattributed
    );
    ctx.audit(&state.db, "assessment_imported", &detail).await?;
    Ok(Redirect::to(&format!(
        "/o/{}/assessments/{}",
        ctx.org.slug, imported.assessment_id
    ))
    .into_response())
}

/// The uploaded file (name, bytes) and the optional period. The body limit of the app refuses
/// larger uploads before they are read; [`SourceFile::from_bytes`] caps the file at 2 MiB.
async fn read_upload(
    multipart: &mut Multipart,
) -> Result<(Option<(String, Vec<u8>)>, Option<String>), String> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "The upload is too large: files are limited to {MAX_CONTENT_BYTES} bytes (2 MiB)."
            )
        } else {
            format!("The form could not be read: {}", e.body_text())
        }
    };
    let (mut file, mut period) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "file" => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(unreadable)?.to_vec();
                if !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            "period" => {
                let text = field.text().await.map_err(unreadable)?.trim().to_owned();
                period = (!text.is_empty()).then_some(text);
            }
            _ => {}
        }
    }
    Ok((file, period))
}
