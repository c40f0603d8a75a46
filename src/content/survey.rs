//! Stakeholder satisfaction surveys: the questions a CTI team asks each stakeholder group every
//! quarter (did you use what we sent, ratings of relevance, timeliness, accuracy, actionability,
//! clarity and requirement met, likelihood to recommend, what to do differently).
//!
//! A survey is a content file of kind `survey`, written and checked like a questionnaire. A checked
//! [`Survey`] also checks a respondent's answers ([`Survey::check_answers`]), so that the web form,
//! imports and the demo can only store answers that fit the items.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::Problems;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SurveyKind {
    #[serde(rename = "survey")]
    Survey,
}

/// A survey file as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyDoc {
    pub kind: SurveyKind,
    pub id: String,
    /// Semantic version, such as 1.0.0.
    pub version: String,
    pub title: String,
    /// Shown to respondents above the first item: why you ask, how long it takes, that it is anonymous.
    pub intro: String,
    /// Shown after a response is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thanks: Option<String>,
    pub items: Vec<ItemDoc>,
}

/// What an item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A rating from 1 (lowest) to 5 (highest).
    Rating,
    /// Did you use it: yes, partly or no, with an optional reason.
    Usage,
    /// Likelihood to recommend the CTI service to a colleague, 0 to 10 (NPS).
    Recommend,
    /// Free text.
    Text,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rating => "rating",
            Self::Usage => "usage",
            Self::Recommend => "recommend",
            Self::Text => "text",
        }
    }
}

/// The quality a rating item measures; trends and comparisons across groups use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    Relevance,
    Timeliness,
    Accuracy,
    Actionability,
    Clarity,
    RequirementMet,
}

impl Dimension {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Timeliness => "timeliness",
            Self::Accuracy => "accuracy",
            Self::Actionability => "actionability",
            Self::Clarity => "clarity",
            Self::RequirementMet => "requirement-met",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemDoc {
    /// Unique within the survey; answers and trends across rounds are matched by it.
    pub id: String,
    pub kind: ItemKind,
    /// The question as the respondent reads it.
    pub text: String,
    /// A line of guidance under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Rating items only: the quality rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// Rating and recommend items only: what the lowest value means (such as "Not at all").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    /// Rating and recommend items only: what the highest value means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    /// Usage items only: the label of the field for the reason (default "Why?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// A response without this item is refused (default false: respondents may skip it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// The range of a rating item.
pub const RATING_MIN: i64 = 1;
pub const RATING_MAX: i64 = 5;
/// The range of a recommend item; 9-10 are promoters, 0-6 detractors.
pub const RECOMMEND_MAX: i64 = 10;
/// Longest free text (and reason) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// The answer to a usage item. Stored as 2 (yes), 1 (partly), 0 (no).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Usage {
    No,
    Partly,
    Yes,
}

impl Usage {
    pub const ALL: [Usage; 3] = [Usage::Yes, Usage::Partly, Usage::No];

    pub fn value(self) -> i64 {
        match self {
            Self::No => 0,
            Self::Partly => 1,
            Self::Yes => 2,
        }
    }

    pub fn from_value(value: i64) -> Option<Self> {
        match value {
            0 => Some(Self::No),
            1 => Some(Self::Partly),
            2 => Some(Self::Yes),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::No => "no",
            Self::Partly => "partly",
            Self::Yes => "yes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|usage| usage.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::No => "No",
            Self::Partly => "Partly",
            Self::Yes => "Yes",
        }
    }
}

/// One checked answer, as stored: a number for rating, usage (see [`Usage`]) and recommend items,
/// a text for text items and for the reason of a usage item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemAnswer {
    pub item_id: String,
    pub value: Option<i64>,
    pub text: Option<String>,
}

/// A respondent's raw input for one item: the choice (a number, or yes/partly/no) and the text.
#[derive(Debug, Clone, Default)]
pub struct RawAnswer {
    pub choice: String,
    pub text: String,
}

/// A checked survey.
#[derive(Debug, Clone)]
pub struct Survey {
    doc: SurveyDoc,
}

impl Survey {
    pub(crate) fn check(doc: SurveyDoc) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        problems.check_id("id", "survey", &doc.id);
        problems.check_version("version", &doc.version);
        if doc.items.is_empty() {
            problems.add("items", "a survey needs at least one item");
        }
        for (i, item) in doc.items.iter().enumerate() {
            check_item(&format!("items[{i}]"), item, &mut problems);
        }
        problems.check_unique(
            "item",
            doc.items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("items[{i}].id"), item.id.as_str())),
        );
        let mut dimensions = HashMap::new();
        for (i, item) in doc.items.iter().enumerate() {
            if let (ItemKind::Rating, Some(dimension)) = (item.kind, item.dimension)
                && let Some(first) = dimensions.insert(dimension, item.id.as_str())
            {
                problems.add(
                    format!("items[{i}].dimension"),
                    format!(
                        "dimension `{}` is rated by item `{first}` already: rate each dimension once",
                        dimension.as_str()
                    ),
                );
            }
        }
        let recommend: Vec<usize> = (0..doc.items.len())
            .filter(|&i| doc.items[i].kind == ItemKind::Recommend)
            .collect();
        for &i in recommend.iter().skip(1) {
            problems.add(
                format!("items[{i}].kind"),
                "a survey has at most one `recommend` item (it gives the survey's NPS)",
            );
        }
        if problems.is_empty() {
            Ok(Self { doc })
        } else {
            Err(problems)
        }
    }

    pub fn doc(&self) -> &SurveyDoc {
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

    pub fn items(&self) -> &[ItemDoc] {
        &self.doc.items
    }

    pub fn item(&self, id: &str) -> Option<&ItemDoc> {
        self.doc.items.iter().find(|item| item.id == id)
    }

    /// Checks a respondent's input, item by item. Items left empty are skipped (unless required);
    /// on refusal, every problem comes back as (item id, message for the respondent).
    pub fn check_answers(
        &self,
        raw: &HashMap<String, RawAnswer>,
    ) -> Result<Vec<ItemAnswer>, Vec<(String, String)>> {
        let mut answers = Vec::new();
        let mut problems = Vec::new();
        for item in &self.doc.items {
            let empty = RawAnswer::default();
            let input = raw.get(&item.id).unwrap_or(&empty);
            match check_one(item, input) {
                Ok(Some(answer)) => answers.push(answer),
                Ok(None) if item.required => {
                    problems.push((item.id.clone(), "Please answer this question.".to_owned()))
                }
                Ok(None) => {}
                Err(message) => problems.push((item.id.clone(), message)),
            }
        }
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(problems)
        }
    }
}

fn check_item(at: &str, item: &ItemDoc, problems: &mut Problems) {
    problems.check_id(format!("{at}.id"), "item", &item.id);
    if item.text.trim().is_empty() {
        problems.add(format!("{at}.text"), "an item needs a question text");
    }
    let kind = item.kind.as_str();
    if item.dimension.is_some() && item.kind != ItemKind::Rating {
        problems.add(
            format!("{at}.dimension"),
            format!("`dimension` applies to rating items only, not to a {kind} item"),
        );
    }
    for (field, value) in [("low", &item.low), ("high", &item.high)] {
        if value.is_some() && !matches!(item.kind, ItemKind::Rating | ItemKind::Recommend) {
            problems.add(
                format!("{at}.{field}"),
                format!(
                    "`{field}` applies to rating and recommend items only, not to a {kind} item"
                ),
            );
        }
    }
    if item.why.is_some() && item.kind != ItemKind::Usage {
        problems.add(
            format!("{at}.why"),
            format!("`why` applies to usage items only, not to a {kind} item"),
        );
    }
}

fn check_one(item: &ItemDoc, input: &RawAnswer) -> Result<Option<ItemAnswer>, String> {
    let choice = input.choice.trim();
    let text = input.text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "Please shorten this answer to {MAX_TEXT_CHARS} characters."
        ));
    }
    let text = (!text.is_empty()).then(|| text.to_owned());
    let number = |max: i64, min: i64| -> Result<Option<i64>, String> {
        if choice.is_empty() {
            return Ok(None);
        }
        match choice.parse::<i64>() {
            Ok(value) if (min..=max).contains(&value) => Ok(Some(value)),
            _ => Err(format!("Choose a value from {min} to {max}.")),
        }
    };
    let answer = |value: Option<i64>, text: Option<String>| {
        (value.is_some() || text.is_some()).then(|| ItemAnswer {
            item_id: item.id.clone(),
            value,
            text,
        })
    };
    match item.kind {
        ItemKind::Rating => Ok(answer(number(RATING_MAX, RATING_MIN)?, None)),
        ItemKind::Recommend => Ok(answer(number(RECOMMEND_MAX, 0)?, None)),
        ItemKind::Text => Ok(answer(None, text)),
        ItemKind::Usage => {
            let usage = if choice.is_empty() {
                None
            } else {
                Some(Usage::parse(choice).ok_or("Choose yes, partly or no.")?)
            };
            if usage.is_none() && text.is_some() {
                return Err("Choose yes, partly or no as well as giving a reason.".to_owned());
            }
            Ok(answer(usage.map(Usage::value), text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey(items: &str) -> Result<Survey, Problems> {
        let text =
            format!("kind: survey\nid: s\nversion: 1.0.0\ntitle: T\nintro: I\nitems:\n{items}");
        Survey::check(serde_yaml::from_str(&text).unwrap())
    }

    fn messages(result: Result<Survey, Problems>) -> Vec<(String, String)> {
        result
            .unwrap_err()
            .0
            .into_iter()
            .map(|p| (p.at, p.message))
            .collect()
    }

    #[test]
    fn fields_of_another_kind_are_refused_where_they_are() {
        let found = messages(survey(
            "  - { id: a, kind: text, text: Q, dimension: clarity, low: x }\n  - { id: b, kind: rating, text: Q, why: W }\n",
        ));
        assert_eq!(
            found.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
            ["items[0].dimension", "items[0].low", "items[1].why"]
        );
    }

    #[test]
    fn item_ids_dimensions_and_recommend_are_checked() {
        let found = messages(survey(
            "  - { id: a, kind: rating, text: Q, dimension: clarity }\n  - { id: a, kind: rating, text: Q, dimension: clarity }\n  - { id: B, kind: recommend, text: Q }\n  - { id: c, kind: recommend, text: Q }\n",
        ));
        let at: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            at,
            [
                "items[2].id",
                "items[1].id",
                "items[1].dimension",
                "items[3].kind"
            ]
        );
    }

    #[test]
    fn answers_are_checked_against_the_items() {
        let survey = survey(
            "  - { id: r, kind: rating, text: Q, required: true }\n  - { id: u, kind: usage, text: Q }\n  - { id: n, kind: recommend, text: Q }\n  - { id: t, kind: text, text: Q }\n",
        )
        .unwrap();
        let raw = |pairs: &[(&str, &str, &str)]| -> HashMap<String, RawAnswer> {
            pairs
                .iter()
                .map(|(id, choice, text)| {
                    (
                        id.to_string(),
                        RawAnswer {
                            choice: choice.to_string(),
                            text: text.to_string(),
                        },
                    )
                })
                .collect()
        };
        let ok = survey
            .check_answers(&raw(&[
                ("r", "4", ""),
                ("u", "partly", " only the digest "),
                ("n", "10", ""),
                ("t", "", "  "),
            ]))
            .unwrap();
        assert_eq!(
            ok,
            vec![
                ItemAnswer {
                    item_id: "r".into(),
                    value: Some(4),
                    text: None
                },
                ItemAnswer {
                    item_id: "u".into(),
                    value: Some(1),
                    text: Some("only the digest".into())
                },
                ItemAnswer {
                    item_id: "n".into(),
                    value: Some(10),
                    text: None
                },
            ]
        );
        let refused = survey
            .check_answers(&raw(&[("u", "", "why"), ("n", "11", "")]))
            .unwrap_err();
        let ids: Vec<&str> = refused.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["r", "u", "n"]);
        assert!(
            survey
                .check_answers(&raw(&[("r", "0", "")]))
                .unwrap_err()
                .iter()
                .any(|(id, _)| id == "r")
        );
    }
}
