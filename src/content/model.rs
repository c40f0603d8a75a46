//! Maturity models: ordered levels, how a percentage or a set of practices maps to a level, and the
//! capabilities (grouped in areas) that questions are mapped to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::Problems;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ModelKind {
    #[serde(rename = "maturity-model")]
    MaturityModel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelRule {
    /// The highest level whose minimum percent the score reaches.
    Threshold,
    /// A level is reached when every practice of it and of the levels below passes.
    Cumulative,
}

impl LevelRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Threshold => "threshold",
            Self::Cumulative => "cumulative",
        }
    }
}

/// A maturity model file as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDoc {
    pub kind: ModelKind,
    pub id: String,
    /// Semantic version, such as 1.0.0.
    pub version: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free text kept with the model, such as the licence and attribution of its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Ordered, lowest first; ids are consecutive integers starting at 0 or 1.
    pub levels: Vec<LevelDoc>,
    pub level_rule: LevelRule,
    /// Threshold rule only: minimum percent of each level, one per level, ascending, first 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Vec<f64>>,
    /// Cumulative rule only: a practice passes at a normalised value of at least this (default 0.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_ratio: Option<f64>,
    #[serde(default)]
    pub areas: Vec<AreaDoc>,
    #[serde(default)]
    pub capabilities: Vec<CapabilityDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    pub id: i64,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaDoc {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityDoc {
    pub id: String,
    pub name: String,
    /// Id of one of the model's areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

pub const DEFAULT_PASS_RATIO: f64 = 0.6;

/// A checked maturity model.
#[derive(Debug, Clone)]
pub struct Model {
    doc: ModelDoc,
    pass_ratio: f64,
}

impl Model {
    pub(crate) fn check(doc: ModelDoc) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        problems.check_id("id", "model", &doc.id);
        problems.check_version("version", &doc.version);
        check_levels(&doc, &mut problems);
        check_rule(&doc, &mut problems);
        check_areas_and_capabilities(&doc, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let pass_ratio = doc.pass_ratio.unwrap_or(DEFAULT_PASS_RATIO);
        Ok(Self { doc, pass_ratio })
    }

    pub fn doc(&self) -> &ModelDoc {
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

    pub fn level_rule(&self) -> LevelRule {
        self.doc.level_rule
    }

    pub fn levels(&self) -> &[LevelDoc] {
        &self.doc.levels
    }

    pub fn lowest_level(&self) -> i64 {
        self.doc.levels[0].id
    }

    pub fn highest_level(&self) -> i64 {
        self.doc.levels[self.doc.levels.len() - 1].id
    }

    pub fn has_level(&self, id: i64) -> bool {
        (self.lowest_level()..=self.highest_level()).contains(&id)
    }

    pub fn level_name(&self, id: i64) -> Option<&str> {
        self.doc
            .levels
            .iter()
            .find(|level| level.id == id)
            .map(|level| level.name.as_str())
    }

    /// Minimum percent of each level (threshold rule); empty under the cumulative rule.
    pub fn thresholds(&self) -> &[f64] {
        self.doc.thresholds.as_deref().unwrap_or(&[])
    }

    pub fn pass_ratio(&self) -> f64 {
        self.pass_ratio
    }

    pub fn capabilities(&self) -> &[CapabilityDoc] {
        &self.doc.capabilities
    }

    pub fn capability_index(&self, id: &str) -> Option<usize> {
        self.doc
            .capabilities
            .iter()
            .position(|capability| capability.id == id)
    }
}

fn check_levels(doc: &ModelDoc, problems: &mut Problems) {
    let Some(first) = doc.levels.first() else {
        problems.add("levels", "a model needs at least one level");
        return;
    };
    if first.id != 0 && first.id != 1 {
        problems.add(
            "levels[0].id",
            format!("the lowest level id must be 0 or 1, found {}", first.id),
        );
    }
    for (i, pair) in doc.levels.windows(2).enumerate() {
        if pair[1].id != pair[0].id + 1 {
            problems.add(
                format!("levels[{}].id", i + 1),
                format!(
                    "level ids must be consecutive: expected {} after {}, found {}",
                    pair[0].id + 1,
                    pair[0].id,
                    pair[1].id
                ),
            );
        }
    }
    for (i, level) in doc.levels.iter().enumerate() {
        if level.name.trim().is_empty() {
            problems.add(format!("levels[{i}].name"), "a level needs a name");
        }
    }
}

fn check_rule(doc: &ModelDoc, problems: &mut Problems) {
    match doc.level_rule {
        LevelRule::Threshold => {
            if doc.pass_ratio.is_some() {
                problems.add(
                    "pass_ratio",
                    "pass_ratio applies only to `level_rule: cumulative`",
                );
            }
            match &doc.thresholds {
                None => problems.add(
                    "level_rule",
                    "`level_rule: threshold` needs `thresholds`, one minimum percent per level",
                ),
                Some(thresholds) => check_thresholds(thresholds, doc.levels.len(), problems),
            }
        }
        LevelRule::Cumulative => {
            if doc.thresholds.is_some() {
                problems.add(
                    "thresholds",
                    "thresholds apply only to `level_rule: threshold`",
                );
            }
            if let Some(ratio) = doc.pass_ratio
                && !(ratio > 0.0 && ratio <= 1.0)
            {
                problems.add(
                    "pass_ratio",
                    format!("pass_ratio must be greater than 0 and at most 1, found {ratio}"),
                );
            }
        }
    }
}

fn check_thresholds(thresholds: &[f64], level_count: usize, problems: &mut Problems) {
    if thresholds.len() != level_count {
        problems.add(
            "thresholds",
            format!(
                "expected {level_count} thresholds (one per level), found {}",
                thresholds.len()
            ),
        );
    }
    if let Some(first) = thresholds.first()
        && *first != 0.0
    {
        problems.add(
            "thresholds[0]",
            format!("the first threshold must be 0, found {first}"),
        );
    }
    for (i, threshold) in thresholds.iter().enumerate() {
        if !(0.0..=100.0).contains(threshold) {
            problems.add(
                format!("thresholds[{i}]"),
                format!("a threshold is a percent from 0 to 100, found {threshold}"),
            );
        } else if i > 0 && *threshold <= thresholds[i - 1] {
            problems.add(
                format!("thresholds[{i}]"),
                format!(
                    "thresholds must be ascending: {threshold} does not exceed {}",
                    thresholds[i - 1]
                ),
            );
        }
    }
}

fn check_areas_and_capabilities(doc: &ModelDoc, problems: &mut Problems) {
    for (i, area) in doc.areas.iter().enumerate() {
        problems.check_id(format!("areas[{i}].id"), "area", &area.id);
    }
    problems.check_unique(
        "area",
        doc.areas
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("areas[{i}].id"), a.id.as_str())),
    );
    for (i, capability) in doc.capabilities.iter().enumerate() {
        problems.check_id(
            format!("capabilities[{i}].id"),
            "capability",
            &capability.id,
        );
        if let Some(area) = &capability.area
            && !doc.areas.iter().any(|a| &a.id == area)
        {
            problems.add(
                format!("capabilities[{i}].area"),
                format!("unknown area `{area}`: not among the model's areas"),
            );
        }
    }
    problems.check_unique(
        "capability",
        doc.capabilities
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("capabilities[{i}].id"), c.id.as_str())),
    );
}
