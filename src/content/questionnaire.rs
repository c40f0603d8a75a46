//! Questionnaires: sections of questions, each answered on a named scale and mapped to the
//! capabilities and levels of a maturity model.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::Problems;
use super::model::{LevelRule, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum QuestionnaireKind {
    #[serde(rename = "questionnaire")]
    Questionnaire,
}

/// A questionnaire file as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireDoc {
    pub kind: QuestionnaireKind,
    pub id: String,
    /// Semantic version, such as 1.0.0.
    pub version: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free text kept with the questionnaire, such as the licence and attribution of its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Id of the maturity model this questionnaire maps to.
    pub model: String,
    /// Named answer scales: ordered options with values ascending from 0.
    pub scales: IndexMap<String, Vec<ScaleOption>>,
    pub sections: Vec<SectionDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleOption {
    pub value: i64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionDoc {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Weight of the section in the overall percent; greater than 0.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Optional grouping of the section's questions (such as a CTI-CMM use case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDoc>,
    pub questions: Vec<QuestionDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupDoc {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDoc {
    /// Unique across the questionnaire.
    pub id: String,
    pub text: String,
    /// Guidance for the assessor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Name of one of the questionnaire's scales.
    pub scale: String,
    /// Weight of the question within its section and capabilities; greater than 0.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Ids of the model's capabilities this question measures.
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// The model level of this practice: required under the cumulative rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<i64>,
    /// Id of one of the section's groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Where the evidence for this practice usually comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<String>,
    #[serde(default = "default_true")]
    pub allow_na: bool,
    /// What each value of the scale means for this question.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<i64, String>,
}

fn default_weight() -> f64 {
    1.0
}

fn default_true() -> bool {
    true
}

/// A checked questionnaire, valid against the model it was checked with.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    doc: QuestionnaireDoc,
    /// Highest value of each question's scale, by section then question.
    scale_max: Vec<Vec<i64>>,
    by_id: HashMap<String, (usize, usize)>,
}

/// A question with the facts scoring needs.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    pub section_index: usize,
    pub doc: &'a QuestionDoc,
    pub scale_max: i64,
}

impl Questionnaire {
    pub(crate) fn check(doc: QuestionnaireDoc, model: &Model) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        problems.check_id("id", "questionnaire", &doc.id);
        problems.check_version("version", &doc.version);
        if doc.model != model.id() {
            problems.add(
                "model",
                format!(
                    "questionnaire maps to model `{}`, but was checked against `{}`",
                    doc.model,
                    model.id()
                ),
            );
        }
        check_scales(&doc, &mut problems);
        check_sections(&doc, model, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let scale_max = doc
            .sections
            .iter()
            .map(|section| {
                section
                    .questions
                    .iter()
                    .map(|q| doc.scales[&q.scale].last().map_or(0, |o| o.value))
                    .collect()
            })
            .collect();
        let by_id = doc
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, section)| {
                section
                    .questions
                    .iter()
                    .enumerate()
                    .map(move |(q, question)| (question.id.clone(), (s, q)))
            })
            .collect();
        Ok(Self {
            doc,
            scale_max,
            by_id,
        })
    }

    pub fn doc(&self) -> &QuestionnaireDoc {
        &self.doc
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }

    pub fn version(&self) -> &str {
        &self.doc.version
    }

    pub fn title(&self) -> &str {
        &self.doc.title
    }

    /// The licence and attribution of the content's source, when the file states them.
    pub fn attribution(&self) -> Option<&str> {
        self.doc.attribution.as_deref()
    }

    pub fn model_id(&self) -> &str {
        &self.doc.model
    }

    pub fn sections(&self) -> &[SectionDoc] {
        &self.doc.sections
    }

    pub fn question_count(&self) -> usize {
        self.by_id.len()
    }

    /// Every question, in questionnaire order.
    pub fn questions(&self) -> impl Iterator<Item = Question<'_>> {
        self.doc
            .sections
            .iter()
            .enumerate()
            .flat_map(move |(s, section)| {
                section
                    .questions
                    .iter()
                    .enumerate()
                    .map(move |(q, doc)| Question {
                        section_index: s,
                        doc,
                        scale_max: self.scale_max[s][q],
                    })
            })
    }

    pub fn question(&self, id: &str) -> Option<Question<'_>> {
        let &(s, q) = self.by_id.get(id)?;
        Some(Question {
            section_index: s,
            doc: &self.doc.sections[s].questions[q],
            scale_max: self.scale_max[s][q],
        })
    }

    pub fn scale(&self, name: &str) -> Option<&[ScaleOption]> {
        self.doc.scales.get(name).map(Vec::as_slice)
    }

    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.doc
            .sections
            .iter()
            .position(|section| section.id == id)
    }
}

fn check_scales(doc: &QuestionnaireDoc, problems: &mut Problems) {
    if doc.scales.is_empty() {
        problems.add("scales", "a questionnaire needs at least one scale");
    }
    for (name, options) in &doc.scales {
        problems.check_id(format!("scales.{name}"), "scale", name);
        if options.len() < 2 {
            problems.add(
                format!("scales.{name}"),
                format!("scale `{name}` needs at least two options"),
            );
        }
        for (i, option) in options.iter().enumerate() {
            if option.value != i as i64 {
                problems.add(
                    format!("scales.{name}[{i}].value"),
                    format!(
                        "scale values must ascend from 0 without gaps: expected {i}, found {}",
                        option.value
                    ),
                );
            }
        }
    }
}

fn check_sections(doc: &QuestionnaireDoc, model: &Model, problems: &mut Problems) {
    if doc.sections.is_empty() {
        problems.add("sections", "a questionnaire needs at least one section");
    }
    for (s, section) in doc.sections.iter().enumerate() {
        let at = format!("sections[{s}]");
        problems.check_id(format!("{at}.id"), "section", &section.id);
        if model.capability_index(&section.id).is_some() {
            problems.add(
                format!("{at}.id"),
                format!("section id `{}` is also a capability id of model `{}`: target keys would be ambiguous", section.id, model.id()),
            );
        }
        check_weight(&format!("{at}.weight"), section.weight, problems);
        if section.questions.is_empty() {
            problems.add(
                format!("{at}.questions"),
                format!("section `{}` needs at least one question", section.id),
            );
        }
        for (g, group) in section.groups.iter().enumerate() {
            problems.check_id(format!("{at}.groups[{g}].id"), "group", &group.id);
        }
        problems.check_unique(
            "group",
            section
                .groups
                .iter()
                .enumerate()
                .map(|(g, x)| (format!("{at}.groups[{g}].id"), x.id.as_str())),
        );
        for (q, question) in section.questions.iter().enumerate() {
            check_question(
                doc,
                model,
                section,
                &format!("{at}.questions[{q}]"),
                question,
                problems,
            );
        }
    }
    problems.check_unique(
        "section",
        doc.sections
            .iter()
            .enumerate()
            .map(|(s, x)| (format!("sections[{s}].id"), x.id.as_str())),
    );
    problems.check_unique(
        "question",
        doc.sections.iter().enumerate().flat_map(|(s, section)| {
            section
                .questions
                .iter()
                .enumerate()
                .map(move |(q, x)| (format!("sections[{s}].questions[{q}].id"), x.id.as_str()))
        }),
    );
}

fn check_question(
    doc: &QuestionnaireDoc,
    model: &Model,
    section: &SectionDoc,
    at: &str,
    question: &QuestionDoc,
    problems: &mut Problems,
) {
    problems.check_id(format!("{at}.id"), "question", &question.id);
    check_weight(&format!("{at}.weight"), question.weight, problems);
    match doc.scales.get(&question.scale) {
        None => problems.add(
            format!("{at}.scale"),
            format!(
                "unknown scale `{}`: not among the questionnaire's scales",
                question.scale
            ),
        ),
        Some(options) => {
            for value in question.options.keys() {
                if !options.iter().any(|option| option.value == *value) {
                    problems.add(
                        format!("{at}.options.{value}"),
                        format!(
                            "option {value} is not a value of scale `{}`",
                            question.scale
                        ),
                    );
                }
            }
        }
    }
    // A capability listed twice would silently count the question twice in it.
    problems.check_unique(
        "capability",
        question
            .capabilities
            .iter()
            .enumerate()
            .map(|(c, x)| (format!("{at}.capabilities[{c}]"), x.as_str())),
    );
    for (c, capability) in question.capabilities.iter().enumerate() {
        if model.capability_index(capability).is_none() {
            problems.add(
                format!("{at}.capabilities[{c}]"),
                format!(
                    "unknown capability `{capability}`: not in model `{}`",
                    model.id()
                ),
            );
        }
    }
    match question.level {
        Some(level) if !model.has_level(level) => problems.add(
            format!("{at}.level"),
            format!(
                "unknown level {level}: model `{}` has levels {} to {}",
                model.id(),
                model.lowest_level(),
                model.highest_level()
            ),
        ),
        None if model.level_rule() == LevelRule::Cumulative => problems.add(
            at.to_owned(),
            format!(
                "question `{}` needs a `level`: model `{}` uses the cumulative rule",
                question.id,
                model.id()
            ),
        ),
        _ => {}
    }
    if let Some(group) = &question.group
        && !section.groups.iter().any(|g| &g.id == group)
    {
        problems.add(
            format!("{at}.group"),
            format!(
                "unknown group `{group}`: not among the groups of section `{}`",
                section.id
            ),
        );
    }
}

fn check_weight(at: &str, weight: f64, problems: &mut Problems) {
    if !(weight.is_finite() && weight > 0.0) {
        problems.add(
            at.to_owned(),
            format!("a weight must be a number greater than 0, found {weight}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::content::{SourceFile, load_model, load_questionnaire};

    #[test]
    fn a_capability_listed_twice_in_one_question_is_refused_where_it_repeats() {
        let model = "kind: maturity-model\nid: m\nversion: 1.0.0\ntitle: M\nlevels: [{ id: 1, name: One }]\nlevel_rule: threshold\nthresholds: [0]\ncapabilities: [{ id: a, name: A }]\n";
        let model = load_model(&SourceFile {
            name: "m.yaml".into(),
            text: model.into(),
        })
        .unwrap();
        let questionnaire = "kind: questionnaire\nid: q\nversion: 1.0.0\ntitle: Q\nmodel: m\nscales:\n  s: [{ value: 0, label: No }, { value: 1, label: Yes }]\nsections:\n  - id: s1\n    title: S\n    questions:\n      - { id: s1.a, text: T, scale: s, capabilities: [a, a] }\n";
        let errors = load_questionnaire(
            &SourceFile {
                name: "q.yaml".into(),
                text: questionnaire.into(),
            },
            &model,
        )
        .unwrap_err();
        assert_eq!(
            errors.to_string(),
            "q.yaml:12:58: duplicate capability id `a`"
        );
    }
}
