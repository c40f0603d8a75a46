//! `cti-maturity export` and `cti-maturity import assessment`: the exports and the import of the
//! web app, against the database named by `--database` / `CTI_MATURITY_DATABASE_URL`.
//!
//! Both go through the same functions as the web routes ([`crate::export::gather`],
//! [`crate::export::render`], [`crate::export::import::import`]), so a file made here is the
//! file a download gives.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::config::Config;
use crate::content::{Period, read_source};
use crate::export::import::{ImportTarget, Imported, import};
use crate::export::{Format, Template, gather, render};
use crate::store::{self, Db, organisations::Organisation};
use crate::web::AppState;
use crate::web::error::AppError;

pub struct ExportArgs<'a> {
    pub database_url: &'a str,
    pub slug: &'a str,
    pub period: &'a str,
    /// The questionnaire when the organisation assessed several in the period.
    pub questionnaire: Option<&'a str>,
    pub format: Format,
    pub out: &'a Path,
    /// Lays out a PDF scorecard.
    pub template: &'a Template,
}

/// Writes the export to `out` (never overwriting a file) and returns its size in bytes.
pub async fn export(args: &ExportArgs<'_>) -> anyhow::Result<u64> {
    if args.out.exists() {
        bail!(
            "{} exists already; export never overwrites a file. Choose a new name.",
            args.out.display()
        );
    }
    let period: Period = args
        .period
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--period {}: {e}", args.period))?;
    let db = Db::connect(args.database_url).await?;
    let result = export_from(&db, args, &period.to_string()).await;
    db.close().await;
    let bytes = result?;
    std::fs::write(args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok(bytes.len() as u64)
}

async fn export_from(db: &Db, args: &ExportArgs<'_>, period: &str) -> anyhow::Result<Vec<u8>> {
    let org = organisation(db, args.slug).await?;
    let mut found: Vec<_> = store::assessments::list(db, org.id)
        .await?
        .into_iter()
        .filter(|a| a.period == period)
        .filter(|a| args.questionnaire.is_none_or(|q| a.questionnaire_id == q))
        .collect();
    let assessment = match found.len() {
        0 => bail!("`{}` has no assessment for {period}", args.slug),
        1 => found.remove(0),
        _ => bail!(
            "`{}` has several assessments for {period} ({}): choose one with --questionnaire",
            args.slug,
            found
                .iter()
                .map(|a| a.questionnaire_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let state = AppState::new(
        db.clone(),
        cli_config(args.database_url, ".", args.template),
    );
    let doc = gather(&state, &org, assessment.id)
        .await
        .map_err(app_error)?;
    render(&doc, args.format, args.template)
}

pub struct ImportArgs<'a> {
    pub database_url: &'a str,
    pub slug: &'a str,
    pub file: &'a Path,
    /// For an answers file that names no period.
    pub period: Option<&'a str>,
    /// Where the questionnaires offered for new assessments live (for answers files).
    pub content_dir: PathBuf,
}

/// Imports the file into the organisation; the refusal lists every problem found.
pub async fn import_assessment(args: &ImportArgs<'_>) -> anyhow::Result<Imported> {
    let source = read_source(args.file).map_err(|d| anyhow::anyhow!("{d}"))?;
    let db = Db::connect(args.database_url).await?;
    db.migrate().await?;
    let result = async {
        let org = organisation(&db, args.slug).await?;
        let target = ImportTarget {
            organisation_id: org.id,
            user_id: None,
            content_dir: &args.content_dir,
            period: args.period,
        };
        match import(&db, &target, source).await? {
            Ok(imported) => {
                let detail = format!(
                    "{} {} from the command line: {} answers",
                    imported.period, imported.questionnaire_id, imported.answers
                );
                store::audit::record(
                    &db,
                    store::audit::NewAuditEvent {
                        organisation_id: Some(org.id),
                        user_id: None,
                        actor_email: "(command line)",
                        action: "assessment_imported",
                        detail: &detail,
                    },
                )
                .await?;
                Ok(imported)
            }
            Err(refused) => bail!("nothing was imported:\n{refused}"),
        }
    }
    .await;
    db.close().await;
    result
}

async fn organisation(db: &Db, slug: &str) -> anyhow::Result<Organisation> {
    store::organisations::find_by_slug(db, slug)
        .await?
        .with_context(|| format!("no organisation `{slug}`"))
}

fn cli_config(database_url: &str, content_dir: &str, template: &Template) -> Config {
    Config {
        listen: String::new(),
        database_url: database_url.to_owned(),
        content_dir: PathBuf::from(content_dir),
        secure_cookies: false,
        public_url: String::new(),
        overdue_after_days: 120,
        bench_static: None,
        scorecard_template: template.clone(),
    }
}

fn app_error(error: AppError) -> anyhow::Error {
    match error {
        AppError::NotFound => anyhow::anyhow!("the assessment was not found"),
        AppError::Internal(error) => error,
        other => anyhow::anyhow!("{other:?}"),
    }
}
