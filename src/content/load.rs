//! Reading and parsing content files: size cap, YAML syntax, file kind, then the semantic checks,
//! with every problem turned into a located [`Diagnostic`].

use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::aliases::{MAX_EXPANDED_NODES, alias_past_limit};
use super::answers::{AnswersDoc, CheckedAnswers, check_answers_doc};
use super::diagnostic::{Diagnostic, Diagnostics};
use super::ids::Problems;
use super::locate::Locations;
use super::model::{Model, ModelDoc};
use super::questionnaire::{Questionnaire, QuestionnaireDoc};
use super::survey::{Survey, SurveyDoc};

/// Larger inputs are refused before parsing: YAML nesting is only refused after a full parse.
pub const MAX_CONTENT_BYTES: usize = 2 * 1024 * 1024;

/// The text of one content file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// Checks size and encoding of uploaded or read bytes.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Self, Diagnostic> {
        if bytes.len() > MAX_CONTENT_BYTES {
            return Err(too_large(name, bytes.len() as u64));
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            Diagnostic::error(
                name,
                None,
                format!(
                    "not UTF-8 text: invalid byte at offset {}",
                    error.utf8_error().valid_up_to()
                ),
            )
        })?;
        Ok(Self {
            name: name.to_owned(),
            text,
        })
    }
}

fn too_large(name: &str, size: u64) -> Diagnostic {
    Diagnostic::error(
        name,
        None,
        format!(
            "file is {size} bytes; content files are limited to {MAX_CONTENT_BYTES} bytes (2 MiB)"
        ),
    )
}

/// Reads a content file, refusing one over [`MAX_CONTENT_BYTES`] without reading it whole.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|error| Diagnostic::error(&name, None, format!("cannot read: {error}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONTENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| Diagnostic::error(&name, None, format!("cannot read: {error}")))?;
    if bytes.len() > MAX_CONTENT_BYTES {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        return Err(too_large(&name, size));
    }
    SourceFile::from_bytes(&name, bytes)
}

/// A content file of any kind, parsed but not yet checked.
#[derive(Debug, Clone)]
pub enum Document {
    Model(ModelDoc),
    Questionnaire(QuestionnaireDoc),
    Answers(AnswersDoc),
    Survey(SurveyDoc),
}

pub const KINDS: &str = "`maturity-model`, `questionnaire`, `answers` or `survey`";

#[derive(Deserialize)]
struct KindProbe {
    kind: Option<serde_yaml::Value>,
}

/// Parses a file of any kind, telling the kind by its `kind` field.
pub fn parse_document(source: &SourceFile) -> Result<Document, Diagnostics> {
    if let Some(place) = alias_past_limit(&source.text) {
        return Err(Diagnostic::error(
            &source.name,
            Some(place),
            format!(
                "anchors and aliases expand this file to more than {MAX_EXPANDED_NODES} nodes; refused"
            ),
        )
        .into());
    }
    let probe: KindProbe = parse(source)?;
    match probe.kind.as_ref().and_then(serde_yaml::Value::as_str) {
        Some("maturity-model") => parse(source).map(Document::Model),
        Some("questionnaire") => parse(source).map(Document::Questionnaire),
        Some("answers") => parse(source).map(Document::Answers),
        Some("survey") => parse(source).map(Document::Survey),
        Some(other) => Err(located(
            source,
            "kind",
            format!("unknown kind `{other}`: expected {KINDS}"),
        )
        .into()),
        None if probe.kind.is_some() => {
            Err(located(source, "kind", format!("`kind` must be {KINDS}")).into())
        }
        None => Err(Diagnostic::error(
            &source.name,
            None,
            format!("missing field `kind`: expected {KINDS}"),
        )
        .into()),
    }
}

fn parse<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostics> {
    serde_yaml::from_str(&source.text).map_err(|error| yaml_error(source, &error).into())
}

fn yaml_error(source: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let text = error.to_string();
    match error.location() {
        Some(location) => {
            let message = text
                .rsplit_once(" at line ")
                .map_or(text.as_str(), |(message, _)| message);
            Diagnostic::error(
                &source.name,
                Some((location.line(), location.column())),
                message,
            )
        }
        None => Diagnostic::error(&source.name, None, text),
    }
}

fn located(source: &SourceFile, at: &str, message: String) -> Diagnostic {
    Diagnostic::error(
        &source.name,
        Locations::index(&source.text).find(at),
        message,
    )
}

pub(crate) fn to_diagnostics(
    source: &SourceFile,
    problems: Problems,
    warning: bool,
) -> Diagnostics {
    let locations = Locations::index(&source.text);
    Diagnostics(
        problems
            .0
            .into_iter()
            .map(|problem| {
                let place = locations.find(&problem.at);
                if warning {
                    Diagnostic::warning(&source.name, place, problem.message)
                } else {
                    Diagnostic::error(&source.name, place, problem.message)
                }
            })
            .collect(),
    )
}

fn expect_kind(
    source: &SourceFile,
    document: Document,
    wanted: &str,
) -> Result<Document, Diagnostics> {
    let found = match &document {
        Document::Model(_) => "maturity-model",
        Document::Questionnaire(_) => "questionnaire",
        Document::Answers(_) => "answers",
        Document::Survey(_) => "survey",
    };
    if found == wanted {
        Ok(document)
    } else {
        Err(located(
            source,
            "kind",
            format!("expected a file of kind `{wanted}`, found `{found}`"),
        )
        .into())
    }
}

pub fn load_model(source: &SourceFile) -> Result<Model, Diagnostics> {
    let Document::Model(doc) = expect_kind(source, parse_document(source)?, "maturity-model")?
    else {
        unreachable!()
    };
    Model::check(doc).map_err(|problems| to_diagnostics(source, problems, false))
}

pub fn load_questionnaire(
    source: &SourceFile,
    model: &Model,
) -> Result<Questionnaire, Diagnostics> {
    let Document::Questionnaire(doc) =
        expect_kind(source, parse_document(source)?, "questionnaire")?
    else {
        unreachable!()
    };
    Questionnaire::check(doc, model).map_err(|problems| to_diagnostics(source, problems, false))
}

/// Loads an answers file; its warnings (such as a different questionnaire version) come back with it.
pub fn load_answers(
    source: &SourceFile,
    questionnaire: &Questionnaire,
    model: &Model,
) -> Result<(CheckedAnswers, Diagnostics), Diagnostics> {
    let Document::Answers(doc) = expect_kind(source, parse_document(source)?, "answers")? else {
        unreachable!()
    };
    let mut checked = check_answers_doc(&doc, questionnaire, model)
        .map_err(|problems| to_diagnostics(source, problems, false))?;
    let warnings = to_diagnostics(source, std::mem::take(&mut checked.warnings), true);
    Ok((checked, warnings))
}

/// Loads a stakeholder survey (kind `survey`).
pub fn load_survey(source: &SourceFile) -> Result<Survey, Diagnostics> {
    let Document::Survey(doc) = expect_kind(source, parse_document(source)?, "survey")? else {
        unreachable!()
    };
    Survey::check(doc).map_err(|problems| to_diagnostics(source, problems, false))
}
