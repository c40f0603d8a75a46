//! Answers files: the answers of one assessment and its targets, checked against a questionnaire.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use indexmap::IndexMap;
use schemars::{JsonSchema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::Problems;
use super::model::Model;
use super::period::Period;
use super::questionnaire::Questionnaire;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AnswersKind {
    #[serde(rename = "answers")]
    Answers,
}

/// An answers file as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersDoc {
    pub kind: AnswersKind,
    /// Id of the questionnaire answered.
    pub questionnaire: String,
    /// Version of the questionnaire answered; a different version gives a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// A quarter, written YYYY-Qn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Answer per question id. A question with no entry is unanswered.
    #[serde(default)]
    pub answers: IndexMap<String, AnswerEntry>,
    /// Target level per section or capability id.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub targets: IndexMap<String, i64>,
    /// Ids of sections that are not relevant for this organisation: their questions are left out
    /// of every score, as if each were answered `na`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_relevant: Vec<String>,
}

/// What was answered: a value of the question's scale, or not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Value(i64),
    NotApplicable,
}

/// One answer with its optional note and evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub response: Response,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub needs_review: bool,
}

/// An answer as written in a file: `2`, `na`, or `{ value: 2, note: ..., evidence: ... }`.
pub type AnswerEntry = Answer;

impl Answer {
    pub fn value(value: i64) -> Self {
        Self {
            response: Response::Value(value),
            note: None,
            evidence: Vec::new(),
            needs_review: false,
        }
    }

    pub fn not_applicable() -> Self {
        Self {
            response: Response::NotApplicable,
            ..Self::value(0)
        }
    }

    fn is_plain(&self) -> bool {
        self.note.is_none() && self.evidence.is_empty() && !self.needs_review
    }
}

/// The checked answers of one assessment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    by_question: HashMap<String, Answer>,
    not_relevant: BTreeSet<String>,
}

impl Answers {
    /// Adds an answer after checking it against its question; says what is wrong otherwise.
    pub fn insert(
        &mut self,
        questionnaire: &Questionnaire,
        question_id: &str,
        answer: Answer,
    ) -> Result<(), String> {
        check_answer(questionnaire, question_id, &answer)?;
        self.by_question.insert(question_id.to_owned(), answer);
        Ok(())
    }

    pub fn get(&self, question_id: &str) -> Option<&Answer> {
        self.by_question.get(question_id)
    }

    pub fn response(&self, question_id: &str) -> Option<Response> {
        self.by_question
            .get(question_id)
            .map(|answer| answer.response)
    }

    pub fn len(&self) -> usize {
        self.by_question.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_question.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.by_question
            .iter()
            .map(|(id, answer)| (id.as_str(), answer))
    }

    /// Marks a whole section not relevant for the organisation, after checking that it exists.
    pub fn mark_not_relevant(
        &mut self,
        questionnaire: &Questionnaire,
        section_id: &str,
    ) -> Result<(), String> {
        if questionnaire.section_index(section_id).is_none() {
            return Err(format!(
                "unknown section `{section_id}`: not in questionnaire `{}`",
                questionnaire.id()
            ));
        }
        self.not_relevant.insert(section_id.to_owned());
        Ok(())
    }

    pub fn is_not_relevant(&self, section_id: &str) -> bool {
        self.not_relevant.contains(section_id)
    }

    /// The sections marked not relevant, in id order.
    pub fn not_relevant_sections(&self) -> impl Iterator<Item = &str> {
        self.not_relevant.iter().map(String::as_str)
    }
}

/// Target levels per section or capability id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    by_id: HashMap<String, i64>,
}

impl Targets {
    /// Sets a target after checking that `id` names a section or capability and `level` a level.
    pub fn insert(
        &mut self,
        questionnaire: &Questionnaire,
        model: &Model,
        id: &str,
        level: i64,
    ) -> Result<(), String> {
        if questionnaire.section_index(id).is_none() && model.capability_index(id).is_none() {
            return Err(format!(
                "unknown target `{id}`: not a section of `{}` nor a capability of `{}`",
                questionnaire.id(),
                model.id()
            ));
        }
        if !model.has_level(level) {
            return Err(format!(
                "target {level} for `{id}` is not a level of model `{}` ({} to {})",
                model.id(),
                model.lowest_level(),
                model.highest_level()
            ));
        }
        self.by_id.insert(id.to_owned(), level);
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<i64> {
        self.by_id.get(id).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, i64)> {
        self.by_id.iter().map(|(id, level)| (id.as_str(), *level))
    }
}

fn check_answer(
    questionnaire: &Questionnaire,
    question_id: &str,
    answer: &Answer,
) -> Result<(), String> {
    let question = questionnaire.question(question_id).ok_or_else(|| {
        format!(
            "unknown question `{question_id}`: not in questionnaire `{}`",
            questionnaire.id()
        )
    })?;
    match answer.response {
        Response::NotApplicable if !question.doc.allow_na => Err(format!(
            "question `{question_id}` cannot be answered `na` (allow_na: false)"
        )),
        Response::Value(value) if !(0..=question.scale_max).contains(&value) => Err(format!(
            "value {value} is not on scale `{}` of question `{question_id}`: expected 0 to {}{}",
            question.doc.scale,
            question.scale_max,
            if question.doc.allow_na {
                " or `na`"
            } else {
                ""
            }
        )),
        _ => Ok(()),
    }
}

/// The checked content of an answers file.
#[derive(Debug, Clone)]
pub struct CheckedAnswers {
    pub answers: Answers,
    pub targets: Targets,
    pub period: Option<Period>,
    pub(crate) warnings: Problems,
}

pub(crate) fn check_answers_doc(
    doc: &AnswersDoc,
    questionnaire: &Questionnaire,
    model: &Model,
) -> Result<CheckedAnswers, Problems> {
    let mut problems = Problems::default();
    let mut warnings = Problems::default();
    if doc.questionnaire != questionnaire.id() {
        problems.add(
            "questionnaire",
            format!(
                "answers are for questionnaire `{}`, not `{}`",
                doc.questionnaire,
                questionnaire.id()
            ),
        );
        return Err(problems);
    }
    if let Some(version) = &doc.questionnaire_version
        && version != questionnaire.version()
    {
        warnings.add(
            "questionnaire_version",
            format!(
                "answers were given to version {version} of `{}`; scoring against version {}",
                questionnaire.id(),
                questionnaire.version()
            ),
        );
    }
    let period = match doc.period.as_deref().map(str::parse::<Period>) {
        Some(Err(message)) => {
            problems.add("period", message);
            None
        }
        Some(Ok(period)) => Some(period),
        None => None,
    };
    let mut answers = Answers::default();
    for (question_id, answer) in &doc.answers {
        if let Err(message) = answers.insert(questionnaire, question_id, answer.clone()) {
            problems.add(format!("answers.{question_id}"), message);
        }
    }
    for (index, section_id) in doc.not_relevant.iter().enumerate() {
        if let Err(message) = answers.mark_not_relevant(questionnaire, section_id) {
            problems.add(format!("not_relevant[{index}]"), message);
        }
    }
    let mut targets = Targets::default();
    for (id, level) in &doc.targets {
        if let Err(message) = targets.insert(questionnaire, model, id, *level) {
            problems.add(format!("targets.{id}"), message);
        }
    }
    if problems.is_empty() {
        Ok(CheckedAnswers {
            answers,
            targets,
            period,
            warnings,
        })
    } else {
        Err(problems)
    }
}

const ANSWER_EXPECTED: &str = "a value of the question's scale, `na`, or a mapping with `value` and optional `note`, `evidence`, `needs_review`";

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;

        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = Answer;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(ANSWER_EXPECTED)
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Answer, E> {
                Ok(Answer::value(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Answer, E> {
                i64::try_from(value)
                    .map(Answer::value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Answer, E> {
                parse_na(text)
                    .map(|()| Answer::not_applicable())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Answer, M::Error> {
                let detail = AnswerDetail::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Answer {
                    response: detail.value.0,
                    note: detail.note,
                    evidence: match detail.evidence {
                        None => Vec::new(),
                        Some(Evidence::One(link)) => vec![link],
                        Some(Evidence::Many(links)) => links,
                    },
                    needs_review: detail.needs_review,
                })
            }
        }

        deserializer.deserialize_any(AnswerVisitor)
    }
}

fn parse_na(text: &str) -> Option<()> {
    (text == "na").then_some(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerDetail {
    value: ResponseValue,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    evidence: Option<Evidence>,
    #[serde(default)]
    needs_review: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Evidence {
    One(String),
    Many(Vec<String>),
}

struct ResponseValue(Response);

impl<'de> Deserialize<'de> for ResponseValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Answer::deserialize(deserializer)? {
            Answer {
                response,
                note: None,
                evidence,
                needs_review: false,
            } if evidence.is_empty() => Ok(Self(response)),
            _ => Err(de::Error::custom(
                "`value` must be a value of the scale or `na`",
            )),
        }
    }
}

impl Serialize for Response {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_i64(*value),
            Self::NotApplicable => serializer.serialize_str("na"),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_plain() {
            return self.response.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.response)?;
        if let Some(note) = &self.note {
            map.serialize_entry("note", note)?;
        }
        if !self.evidence.is_empty() {
            map.serialize_entry("evidence", &self.evidence)?;
        }
        if self.needs_review {
            map.serialize_entry("needs_review", &true)?;
        }
        map.end()
    }
}

impl JsonSchema for Answer {
    fn schema_name() -> Cow<'static, str> {
        "Answer".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> schemars::Schema {
        let value =
            json_schema!({ "anyOf": [ { "type": "integer", "minimum": 0 }, { "const": "na" } ] });
        json_schema!({
            "description": ANSWER_EXPECTED,
            "anyOf": [
                value,
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["value"],
                    "properties": {
                        "value": value,
                        "note": { "type": "string" },
                        "evidence": { "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] },
                        "needs_review": { "type": "boolean" }
                    }
                }
            ]
        })
    }
}
