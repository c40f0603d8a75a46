//! Validating several files together: questionnaires find their model, and answers files their
//! questionnaire, among the files given.

use std::collections::HashMap;

use super::answers::check_answers_doc;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::ids::Problems;
use super::load::{Document, SourceFile, parse_document, to_diagnostics};
use super::locate::Locations;
use super::model::Model;
use super::questionnaire::Questionnaire;
use super::survey::Survey;

/// What a set of files held, and every problem found in them.
#[derive(Debug, Default)]
pub struct SetReport {
    pub diagnostics: Diagnostics,
    pub models: usize,
    /// Questionnaires, surveys included: `validate` prints four counts, and a survey is a
    /// questionnaire for stakeholders (it lives in `questionnaires/`).
    pub questionnaires: usize,
    pub answers: usize,
    /// Of the questionnaires, how many are stakeholder surveys.
    pub surveys: usize,
}

/// Checks every file, reporting all problems in all files.
pub fn validate_set(sources: &[SourceFile]) -> SetReport {
    let mut report = SetReport::default();
    let mut parsed = Vec::new();
    for source in sources {
        match parse_document(source) {
            Ok(document) => parsed.push((source, document)),
            Err(diagnostics) => report.diagnostics.0.extend(diagnostics.0),
        }
    }

    let mut models: HashMap<String, (Model, &str)> = HashMap::new();
    for (source, document) in &parsed {
        let Document::Model(doc) = document else {
            continue;
        };
        match Model::check(doc.clone()) {
            Ok(model) => {
                report.models += 1;
                if let Some((_, other)) = models.get(model.id()) {
                    report
                        .diagnostics
                        .0
                        .push(duplicate(source, "model", model.id(), other));
                } else {
                    models.insert(model.id().to_owned(), (model, &source.name));
                }
            }
            Err(problems) => report
                .diagnostics
                .0
                .extend(to_diagnostics(source, problems, false).0),
        }
    }

    let mut questionnaires: HashMap<String, (Questionnaire, &Model, &str)> = HashMap::new();
    for (source, document) in &parsed {
        let Document::Questionnaire(doc) = document else {
            continue;
        };
        let Some((model, _)) = models.get(&doc.model) else {
            report
                .diagnostics
                .0
                .push(unresolved(source, "model", &doc.model, "maturity model"));
            continue;
        };
        match Questionnaire::check(doc.clone(), model) {
            Ok(questionnaire) => {
                report.questionnaires += 1;
                if let Some((_, _, other)) = questionnaires.get(questionnaire.id()) {
                    report.diagnostics.0.push(duplicate(
                        source,
                        "questionnaire",
                        questionnaire.id(),
                        other,
                    ));
                } else {
                    questionnaires.insert(
                        questionnaire.id().to_owned(),
                        (questionnaire, model, &source.name),
                    );
                }
            }
            Err(problems) => report
                .diagnostics
                .0
                .extend(to_diagnostics(source, problems, false).0),
        }
    }

    let mut surveys: HashMap<String, &str> = HashMap::new();
    for (source, document) in &parsed {
        let Document::Survey(doc) = document else {
            continue;
        };
        match Survey::check(doc.clone()) {
            Ok(survey) => {
                report.questionnaires += 1;
                report.surveys += 1;
                if let Some(other) = surveys.get(survey.id()) {
                    report
                        .diagnostics
                        .0
                        .push(duplicate(source, "survey", survey.id(), other));
                } else {
                    surveys.insert(survey.id().to_owned(), &source.name);
                }
            }
            Err(problems) => report
                .diagnostics
                .0
                .extend(to_diagnostics(source, problems, false).0),
        }
    }

    for (source, document) in &parsed {
        let Document::Answers(doc) = document else {
            continue;
        };
        let Some((questionnaire, model, _)) = questionnaires.get(&doc.questionnaire) else {
            report.diagnostics.0.push(unresolved(
                source,
                "questionnaire",
                &doc.questionnaire,
                "questionnaire",
            ));
            continue;
        };
        match check_answers_doc(doc, questionnaire, model) {
            Ok(checked) => {
                report.answers += 1;
                report
                    .diagnostics
                    .0
                    .extend(to_diagnostics(source, checked.warnings, true).0);
            }
            Err(problems) => report
                .diagnostics
                .0
                .extend(to_diagnostics(source, problems, false).0),
        }
    }
    report
}

fn duplicate(source: &SourceFile, what: &str, id: &str, other_file: &str) -> Diagnostic {
    let mut problems = Problems::default();
    problems.add(
        "id",
        format!("duplicate {what} id `{id}`: also defined in {other_file}"),
    );
    to_diagnostics(source, problems, false).0.remove(0)
}

fn unresolved(source: &SourceFile, field: &str, id: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        &source.name,
        Locations::index(&source.text).find(field),
        format!("unknown {field} `{id}`: no {what} with this id among the files validated"),
    )
}
