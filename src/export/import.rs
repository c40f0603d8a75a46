//! Importing an assessment into an organisation: a JSON export (any instance, any organisation)
//! or an answers file (the format `cti-maturity score` reads), told apart by content, never by
//! file name.
//!
//! Everything is checked before anything is written: the snapshot must match its SHA-256, the
//! questionnaire and model must load, every answer, target and action must fit them. Every
//! problem found is reported, and then nothing is stored; a good file is stored in one
//! transaction ([`store::imports::insert`]).

use chrono::{DateTime, Utc};

use super::json::{AssessmentExport, FORMAT, VERSION};
use crate::content::{
    Answer, Answers, Document, Model, Period, Questionnaire, Response, SourceFile, Targets,
    load_answers, load_model, load_questionnaire, parse_document,
};
use crate::store::assessments::sha256_hex;
use crate::store::imports::{ImportOutcome, ImportedAction, ImportedAnswer, ImportedAssessment};
use crate::store::{self, Db};
use crate::views::actions::ActionValues;
use crate::web::actions::check_fields;
use crate::web::library;

/// Why an import was refused: every problem found, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct Refused(pub Vec<String>);

impl Refused {
    fn one(message: impl Into<String>) -> Self {
        Self(vec![message.into()])
    }
}

/// A file to import, recognised by its content.
#[derive(Debug)]
pub enum Recognised {
    Export(Box<AssessmentExport>),
    Answers(SourceFile),
}

/// Tells a JSON export from an answers file. JSON must name the format and a version this app
/// reads; YAML must be of kind `answers`.
pub fn recognise(source: SourceFile) -> Result<Recognised, Refused> {
    if source.text.trim_start().starts_with('{') {
        return recognise_json(&source.text).map(|export| Recognised::Export(Box::new(export)));
    }
    match parse_document(&source) {
        Ok(Document::Answers(_)) => Ok(Recognised::Answers(source)),
        Ok(_) => Err(Refused::one(format!(
            "{}: not an assessment export (JSON) nor an answers file (YAML of kind `answers`)",
            source.name
        ))),
        Err(diagnostics) => Err(Refused(
            diagnostics.0.iter().map(ToString::to_string).collect(),
        )),
    }
}

fn recognise_json(text: &str) -> Result<AssessmentExport, Refused> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Refused::one(format!("the file is not valid JSON: {e}")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(Refused::one(format!(
                "unknown format `{other}`: this app imports `{FORMAT}` files"
            )));
        }
        None => {
            return Err(Refused::one(format!(
                "the JSON names no `format`: this app imports `{FORMAT}` files"
            )));
        }
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(Refused::one(format!(
                "version {v} of `{FORMAT}` is not supported: this app reads version {VERSION}"
            )));
        }
        None => return Err(Refused::one("the JSON names no `version`")),
    }
    serde_json::from_value(value)
        .map_err(|e| Refused::one(format!("the export does not have the expected shape: {e}")))
}

/// A JSON export, checked against its own snapshot and ready to store.
pub struct CheckedExport {
    pub period: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
    pub questionnaire: Questionnaire,
    pub questionnaire_yaml: String,
    pub model_yaml: String,
    pub answers: Vec<ImportedAnswer>,
    pub targets: Vec<(String, i64)>,
    pub not_relevant: Vec<String>,
    pub actions: Vec<ImportedAction>,
}

/// Checks every part of `export`; all the problems found, or the checked import.
pub fn check_export(export: AssessmentExport) -> Result<CheckedExport, Refused> {
    let mut problems = Vec::new();
    for (what, content) in [
        ("questionnaire", &export.questionnaire),
        ("model", &export.model),
    ] {
        if sha256_hex(&content.yaml) != content.sha256.to_ascii_lowercase() {
            problems.push(format!(
                "the {what} snapshot does not match its SHA-256: it was changed after export"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Refused(problems));
    }
    let (model, questionnaire) = load_snapshot(&export)?;
    if let Err(message) = export.assessment.period.parse::<Period>() {
        problems.push(format!("period `{}`: {message}", export.assessment.period));
    }
    match (
        export.assessment.status.as_str(),
        export.assessment.finalised_at,
    ) {
        ("draft", None) | ("final", Some(_)) => {}
        ("draft" | "final", _) => problems.push(
            "a final assessment needs `finalised_at`, and a draft must not have one".to_owned(),
        ),
        (other, _) => problems.push(format!("status `{other}`: expected `draft` or `final`")),
    }
    let answers = check_answers(&export, &questionnaire, &mut problems);
    let targets = check_targets(&export, &questionnaire, &model, &mut problems);
    let not_relevant = check_not_relevant(&export, &questionnaire, &mut problems);
    let actions = check_actions(&export, &questionnaire, &model, &mut problems);
    if !problems.is_empty() {
        return Err(Refused(problems));
    }
    Ok(CheckedExport {
        period: export.assessment.period,
        status: export.assessment.status,
        created_at: export.assessment.created_at,
        finalised_at: export.assessment.finalised_at,
        questionnaire,
        questionnaire_yaml: export.questionnaire.yaml,
        model_yaml: export.model.yaml,
        answers,
        targets,
        not_relevant,
        actions,
    })
}

/// The model and questionnaire of the snapshot, which must be what the export says they are.
fn load_snapshot(export: &AssessmentExport) -> Result<(Model, Questionnaire), Refused> {
    let diagnostics =
        |d: crate::content::Diagnostics| Refused(d.0.iter().map(ToString::to_string).collect());
    let model = load_model(&SourceFile {
        name: "the export's model".into(),
        text: export.model.yaml.clone(),
    })
    .map_err(diagnostics)?;
    let questionnaire = load_questionnaire(
        &SourceFile {
            name: "the export's questionnaire".into(),
            text: export.questionnaire.yaml.clone(),
        },
        &model,
    )
    .map_err(diagnostics)?;
    let declared = (
        (
            export.questionnaire.id.as_str(),
            export.questionnaire.version.as_str(),
        ),
        (export.model.id.as_str(), export.model.version.as_str()),
    );
    let actual = (
        (questionnaire.id(), questionnaire.version()),
        (model.id(), model.version()),
    );
    if declared != actual {
        return Err(Refused::one(format!(
            "the export names questionnaire {} {} and model {} {}, but its snapshot holds {} {} and {} {}",
            declared.0.0,
            declared.0.1,
            declared.1.0,
            declared.1.1,
            actual.0.0,
            actual.0.1,
            actual.1.0,
            actual.1.1
        )));
    }
    Ok((model, questionnaire))
}

fn check_answers(
    export: &AssessmentExport,
    questionnaire: &Questionnaire,
    problems: &mut Vec<String>,
) -> Vec<ImportedAnswer> {
    let mut seen = Answers::default();
    let mut checked = Vec::new();
    for answer in &export.answers {
        let id = &answer.question;
        if questionnaire.question(id).is_none() {
            problems.push(format!(
                "answer to `{id}`: the questionnaire snapshot has no such question"
            ));
            continue;
        }
        if checked
            .iter()
            .any(|a: &ImportedAnswer| &a.question_id == id)
        {
            problems.push(format!("`{id}` is answered twice"));
            continue;
        }
        let response = match (answer.not_applicable, answer.value) {
            (true, None) => Some(Response::NotApplicable),
            (false, Some(value)) => Some(Response::Value(value)),
            (false, None) => None,
            (true, Some(_)) => {
                problems.push(format!("answer to `{id}`: both a value and N/A"));
                continue;
            }
        };
        if let Some(response) = response {
            let probe = Answer {
                response,
                note: None,
                evidence: Vec::new(),
                needs_review: false,
            };
            if let Err(problem) = seen.insert(questionnaire, id, probe) {
                problems.push(format!("answer to `{id}`: {problem}"));
                continue;
            }
        }
        checked.push(ImportedAnswer {
            question_id: id.clone(),
            value: answer.value,
            not_applicable: answer.not_applicable,
            note: answer.note.clone(),
            evidence: answer.evidence.join("\n"),
            needs_review: answer.needs_review,
            answered_by_email: answer.answered_by.clone(),
            answered_at: answer.answered_at,
        });
    }
    checked
}

fn check_targets(
    export: &AssessmentExport,
    questionnaire: &Questionnaire,
    model: &Model,
    problems: &mut Vec<String>,
) -> Vec<(String, i64)> {
    let mut targets = Targets::default();
    let mut checked: Vec<(String, i64)> = Vec::new();
    for target in &export.targets {
        if checked.iter().any(|(scope, _)| scope == &target.scope) {
            problems.push(format!("target `{}` is given twice", target.scope));
        } else if let Err(problem) =
            targets.insert(questionnaire, model, &target.scope, target.level)
        {
            problems.push(problem);
        } else {
            checked.push((target.scope.clone(), target.level));
        }
    }
    checked
}

/// The sections marked not relevant: each a section of the snapshot, each once.
fn check_not_relevant(
    export: &AssessmentExport,
    questionnaire: &Questionnaire,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let mut checked = Answers::default();
    let mut sections: Vec<String> = Vec::new();
    for section in &export.not_relevant {
        if sections.contains(section) {
            problems.push(format!("section `{section}` is marked not relevant twice"));
        } else if let Err(problem) = checked.mark_not_relevant(questionnaire, section) {
            problems.push(problem);
        } else {
            sections.push(section.clone());
        }
    }
    sections
}

fn check_actions(
    export: &AssessmentExport,
    questionnaire: &Questionnaire,
    model: &Model,
    problems: &mut Vec<String>,
) -> Vec<ImportedAction> {
    let mut checked = Vec::new();
    for (index, action) in export.actions.iter().enumerate() {
        let at = format!("action {} (`{}`)", index + 1, action.title);
        let scope_known = match action.scope_kind.as_str() {
            "section" => questionnaire.section_index(&action.scope_id).is_some(),
            "capability" => model.capability_index(&action.scope_id).is_some(),
            "question" => questionnaire.question(&action.scope_id).is_some(),
            other => {
                problems.push(format!(
                    "{at}: scope kind `{other}`: expected section, capability or question"
                ));
                continue;
            }
        };
        if !scope_known {
            problems.push(format!(
                "{at}: the snapshot has no {} `{}`",
                action.scope_kind, action.scope_id
            ));
            continue;
        }
        let values = ActionValues {
            title: action.title.clone(),
            owner: action.owner.clone(),
            due_date: action.due_date.clone().unwrap_or_default(),
            impact: action.impact.to_string(),
            effort: action.effort.to_string(),
            status: action.status.clone(),
            ..Default::default()
        };
        match check_fields(&values) {
            Ok(fields) => checked.push(ImportedAction {
                scope_kind: action.scope_kind.clone(),
                scope_id: action.scope_id.clone(),
                title: fields.title,
                owner: fields.owner,
                due_date: fields.due_date,
                impact: i64::from(fields.impact.get()),
                effort: i64::from(fields.effort.get()),
                status: fields.status.as_str().to_owned(),
                created_at: action.created_at,
                updated_at: action.updated_at,
            }),
            Err(problem) => problems.push(format!("{at}: {problem}")),
        }
    }
    checked
}

/// What an import stored, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub assessment_id: i64,
    pub period: String,
    pub questionnaire_id: String,
    pub answers: usize,
    /// Answers of people who are not members here, attributed to the importer.
    pub reattributed: usize,
    /// Warnings of an answers file (a different questionnaire version, …).
    pub warnings: Vec<String>,
}

/// The context of an import: where it goes, who imports, and (for answers files) where the
/// questionnaires offered for new assessments live and the period when the file names none.
pub struct ImportTarget<'a> {
    pub organisation_id: i64,
    /// The importing user; None from the command line.
    pub user_id: Option<i64>,
    pub content_dir: &'a std::path::Path,
    pub period: Option<&'a str>,
}

/// Checks `source` and stores it in one transaction, or refuses it with every problem found.
pub async fn import(
    db: &Db,
    target: &ImportTarget<'_>,
    source: SourceFile,
) -> anyhow::Result<Result<Imported, Refused>> {
    let recognised = match recognise(source) {
        Ok(recognised) => recognised,
        Err(refused) => return Ok(Err(refused)),
    };
    match recognised {
        Recognised::Export(export) => match check_export(*export) {
            Ok(checked) => store_export(db, target, checked).await,
            Err(refused) => Ok(Err(refused)),
        },
        Recognised::Answers(source) => import_answers(db, target, source).await,
    }
}

async fn store_export(
    db: &Db,
    target: &ImportTarget<'_>,
    checked: CheckedExport,
) -> anyhow::Result<Result<Imported, Refused>> {
    let import = ImportedAssessment {
        organisation_id: target.organisation_id,
        period: &checked.period,
        questionnaire_id: checked.questionnaire.id(),
        questionnaire_version: checked.questionnaire.version(),
        questionnaire_yaml: &checked.questionnaire_yaml,
        model_yaml: &checked.model_yaml,
        status: &checked.status,
        created_at: checked.created_at,
        finalised_at: checked.finalised_at,
        imported_by: target.user_id,
        answers: &checked.answers,
        targets: &checked.targets,
        not_relevant: &checked.not_relevant,
        actions: &checked.actions,
    };
    match store::imports::insert(db, &import).await {
        Ok(ImportOutcome {
            assessment_id,
            reattributed,
        }) => Ok(Ok(Imported {
            assessment_id,
            period: checked.period.clone(),
            questionnaire_id: checked.questionnaire.id().to_owned(),
            answers: checked.answers.len(),
            reattributed,
            warnings: Vec::new(),
        })),
        Err(error) if store::is_unique_violation(&error) => Ok(Err(exists_already(
            checked.questionnaire.id(),
            &checked.period,
        ))),
        Err(error) => Err(error.into()),
    }
}

fn exists_already(questionnaire_id: &str, period: &str) -> Refused {
    Refused::one(format!(
        "this organisation has an assessment of `{questionnaire_id}` for {period} already: \
         import into another organisation, or delete that assessment first if it is a draft"
    ))
}

/// An answers file becomes a draft of the questionnaire it names, taken from the questionnaires
/// offered for new assessments.
async fn import_answers(
    db: &Db,
    target: &ImportTarget<'_>,
    source: SourceFile,
) -> anyhow::Result<Result<Imported, Refused>> {
    let Ok(Document::Answers(doc)) = parse_document(&source) else {
        return Ok(Err(Refused::one("not an answers file")));
    };
    let library = library::load(target.content_dir);
    let Some(offered) = library
        .offered
        .into_iter()
        .find(|o| o.questionnaire.id() == doc.questionnaire)
    else {
        return Ok(Err(Refused::one(format!(
            "the answers are for questionnaire `{}`, which this app does not offer",
            doc.questionnaire
        ))));
    };
    let (checked, warnings) = match load_answers(&source, &offered.questionnaire, &offered.model) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Ok(Err(Refused(
                diagnostics.0.iter().map(ToString::to_string).collect(),
            )));
        }
    };
    let period = match (target.period, checked.period) {
        (Some(given), _) => match given.parse::<Period>() {
            Ok(period) => period,
            Err(message) => return Ok(Err(Refused::one(format!("period `{given}`: {message}")))),
        },
        (None, Some(period)) => period,
        (None, None) => {
            return Ok(Err(Refused::one(
                "the answers file names no period: give one (YYYY-Qn)",
            )));
        }
    };
    let now = Utc::now();
    let answers: Vec<ImportedAnswer> = checked
        .answers
        .iter()
        .map(|(id, answer)| ImportedAnswer {
            question_id: id.to_owned(),
            value: match answer.response {
                Response::Value(value) => Some(value),
                Response::NotApplicable => None,
            },
            not_applicable: answer.response == Response::NotApplicable,
            note: answer.note.clone().unwrap_or_default(),
            evidence: answer.evidence.join("\n"),
            needs_review: answer.needs_review,
            answered_by_email: None,
            answered_at: now,
        })
        .collect();
    let targets: Vec<(String, i64)> = checked
        .targets
        .iter()
        .map(|(id, level)| (id.to_owned(), level))
        .collect();
    let not_relevant: Vec<String> = checked
        .answers
        .not_relevant_sections()
        .map(str::to_owned)
        .collect();
    let period = period.to_string();
    let import = ImportedAssessment {
        organisation_id: target.organisation_id,
        period: &period,
        questionnaire_id: offered.questionnaire.id(),
        questionnaire_version: offered.questionnaire.version(),
        questionnaire_yaml: &offered.questionnaire_yaml,
        model_yaml: &offered.model_yaml,
        status: "draft",
        created_at: now,
        finalised_at: None,
        imported_by: target.user_id,
        answers: &answers,
        targets: &targets,
        not_relevant: &not_relevant,
        actions: &[],
    };
    match store::imports::insert(db, &import).await {
        Ok(outcome) => Ok(Ok(Imported {
            assessment_id: outcome.assessment_id,
            period,
            questionnaire_id: offered.questionnaire.id().to_owned(),
            answers: answers.len(),
            reattributed: 0,
            warnings: warnings.0.iter().map(ToString::to_string).collect(),
        })),
        Err(error) if store::is_unique_violation(&error) => {
            Ok(Err(exists_already(offered.questionnaire.id(), &period)))
        }
        Err(error) => Err(error.into()),
    }
}
