//! The questionnaires offered for new assessments: every valid questionnaire under
//! `CONTENT_DIR/questionnaires` with its model from `CONTENT_DIR/models`, read at request time so
//! that an edited file is offered at once (assessments keep their own frozen copy).

use std::path::Path;

use crate::cli::content_files::collect_yaml_files;
use crate::content::{
    Diagnostic, Document, Model, Questionnaire, SourceFile, load_model, load_questionnaire,
    parse_document, read_source,
};

/// A questionnaire ready to start an assessment from, with the exact texts to freeze.
pub struct Offered {
    pub questionnaire: Questionnaire,
    pub questionnaire_yaml: String,
    pub model: Model,
    pub model_yaml: String,
}

pub struct Library {
    pub offered: Vec<Offered>,
    /// Files that could not be offered, and why (shown to managers).
    pub problems: Vec<Diagnostic>,
}

pub fn load(content_dir: &Path) -> Library {
    let mut problems = Vec::new();
    let models: Vec<(Model, String)> = sources(&content_dir.join("models"), &mut problems)
        .into_iter()
        .filter_map(|source| match load_model(&source) {
            Ok(model) => Some((model, source.text)),
            Err(diagnostics) => {
                problems.extend(diagnostics.0);
                None
            }
        })
        .collect();
    let mut offered = Vec::new();
    for source in sources(&content_dir.join("questionnaires"), &mut problems) {
        let Ok(Document::Questionnaire(doc)) = parse_document(&source) else {
            continue;
        };
        let Some((model, model_yaml)) = models.iter().find(|(model, _)| model.id() == doc.model)
        else {
            problems.push(Diagnostic::error(
                &source.name,
                None,
                format!("its model `{}` is not in the models directory", doc.model),
            ));
            continue;
        };
        match load_questionnaire(&source, model) {
            Ok(questionnaire) => offered.push(Offered {
                questionnaire,
                questionnaire_yaml: source.text,
                model: model.clone(),
                model_yaml: model_yaml.clone(),
            }),
            Err(diagnostics) => problems.extend(diagnostics.0),
        }
    }
    offered.sort_by(|a, b| a.questionnaire.title().cmp(b.questionnaire.title()));
    Library { offered, problems }
}

/// Loads an uploaded questionnaire against a model of the library (or an uploaded model).
pub fn load_uploaded(
    content_dir: &Path,
    questionnaire: SourceFile,
    model: Option<SourceFile>,
) -> Result<Offered, Vec<Diagnostic>> {
    let (model, model_yaml) = match model {
        Some(source) => (load_model(&source).map_err(|d| d.0)?, source.text),
        None => {
            let Document::Questionnaire(doc) = parse_document(&questionnaire).map_err(|d| d.0)?
            else {
                return Err(vec![Diagnostic::error(
                    &questionnaire.name,
                    None,
                    "expected a file of kind `questionnaire`",
                )]);
            };
            let mut problems = Vec::new();
            sources(&content_dir.join("models"), &mut problems)
                .into_iter()
                .find_map(|source| {
                    load_model(&source)
                        .ok()
                        .filter(|m| m.id() == doc.model)
                        .map(|m| (m, source.text))
                })
                .ok_or_else(|| {
                    vec![Diagnostic::error(
                        &questionnaire.name,
                        None,
                        format!(
                            "model `{}` is not installed here: upload it with the questionnaire",
                            doc.model
                        ),
                    )]
                })?
        }
    };
    let loaded = load_questionnaire(&questionnaire, &model).map_err(|d| d.0)?;
    Ok(Offered {
        questionnaire: loaded,
        questionnaire_yaml: questionnaire.text,
        model,
        model_yaml,
    })
}

fn sources(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let files = match collect_yaml_files(&[dir.to_path_buf()]) {
        Ok(files) => files,
        Err(problem) => {
            problems.push(problem);
            return Vec::new();
        }
    };
    files
        .iter()
        .filter_map(|file| match read_source(file) {
            Ok(source) => Some(source),
            Err(problem) => {
                problems.push(problem);
                None
            }
        })
        .collect()
}
