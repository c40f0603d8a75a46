//! Turns the CTI-CMM practices, as published in a MISP galaxy cluster file, into a maturity model
//! and a questionnaire in our own formats.
//!
//! The CTI-CMM text is CC BY-SA: it is read at run time from the file the user supplies and never
//! shipped with the app. Its attribution and licence are carried into both generated files.
//!
//! The mapping:
//! - each domain (ASSET, THREAT, …) becomes a section, in the order the file first names it, and an
//!   area of the model;
//! - each use case becomes a group of its section and a capability of the model (so objectives get a
//!   percent and a level of their own);
//! - each practice becomes a question on the 0-3 implementation scale at its level (CTI1-CTI3), with
//!   its data sources kept;
//! - the model has the levels CTI0-CTI3 and the cumulative rule: a scope reaches a level when every
//!   practice of that level and below is largely or fully implemented.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::model::{AreaDoc, CapabilityDoc, LevelDoc, LevelRule, ModelDoc, ModelKind};
use super::questionnaire::{
    GroupDoc, QuestionDoc, QuestionnaireDoc, QuestionnaireKind, ScaleOption, SectionDoc,
};

/// The largest galaxy file read (the CTI-CMM 1.3 file is about 0.5 MiB).
pub const MAX_GALAXY_BYTES: usize = 16 * 1024 * 1024;

/// A MISP galaxy cluster file, as far as the conversion reads it.
#[derive(Debug, Deserialize)]
struct Cluster {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    uuid: Option<String>,
    values: Vec<ClusterValue>,
}

#[derive(Debug, Deserialize)]
struct ClusterValue {
    description: String,
    meta: PracticeMeta,
}

#[derive(Debug, Deserialize)]
struct PracticeMeta {
    attribution: String,
    license: String,
    #[serde(default)]
    refs: Vec<String>,
    framework_version: String,
    domain: String,
    domain_code: String,
    #[serde(default)]
    domain_purpose: Option<String>,
    #[serde(default)]
    cti_mission: Option<String>,
    #[serde(default)]
    domain_note: Option<String>,
    use_case: String,
    use_case_number: String,
    practice_id: String,
    maturity_level: String,
    maturity_level_name: String,
    #[serde(default)]
    maturity_level_summary: Option<String>,
    #[serde(default)]
    cti_data_sources: Vec<String>,
    #[serde(default)]
    related_domains: Vec<String>,
    #[serde(default)]
    source_section: Option<String>,
    #[serde(default)]
    source_pages: Vec<String>,
}

/// The generated pair, ready to be written as YAML.
#[derive(Debug)]
pub struct Converted {
    pub model: ModelDoc,
    pub questionnaire: QuestionnaireDoc,
    /// Domains, use cases and practices read, for the command's report.
    pub domains: usize,
    pub use_cases: usize,
    pub practices: usize,
}

/// Converts the bytes of a galaxy cluster file, or says what is wrong with it (with the line and
/// column for JSON errors, and the practice for content errors).
pub fn convert(bytes: &[u8]) -> Result<Converted, String> {
    if bytes.len() > MAX_GALAXY_BYTES {
        return Err(format!(
            "the file is {} bytes; at most {MAX_GALAXY_BYTES} are read",
            bytes.len()
        ));
    }
    let cluster: Cluster = serde_json::from_slice(bytes).map_err(|error| {
        format!(
            "{}:{}: not a MISP galaxy cluster file: {error}",
            error.line(),
            error.column()
        )
    })?;
    if cluster.values.is_empty() {
        return Err("the cluster has no values (practices)".to_owned());
    }
    let practices = cluster
        .values
        .iter()
        .enumerate()
        .map(|(index, value)| Practice::read(index, value))
        .collect::<Result<Vec<_>, _>>()?;
    check_unique_ids(&practices)?;
    let version = semver_of(&practices[0].meta.framework_version)?;
    let levels = levels(&practices);
    let domains = domains(&practices);
    let attribution = attribution(&cluster, &practices);
    let id = format!(
        "cti-cmm-{}",
        id_part(&practices[0].meta.framework_version).replace('.', "-")
    );
    let title = format!("CTI-CMM {}", practices[0].meta.framework_version);

    let model = ModelDoc {
        kind: ModelKind::MaturityModel,
        id: id.clone(),
        version: version.clone(),
        title: title.clone(),
        description: cluster.description.clone(),
        attribution: Some(attribution.clone()),
        levels,
        level_rule: LevelRule::Cumulative,
        thresholds: None,
        pass_ratio: Some(PASS_RATIO),
        areas: domains.iter().map(Domain::area).collect(),
        capabilities: domains.iter().flat_map(Domain::capabilities).collect(),
    };
    let questionnaire = QuestionnaireDoc {
        kind: QuestionnaireKind::Questionnaire,
        id: id.clone(),
        version,
        title: format!("{title} practices"),
        description: Some(format!(
            "Each practice of {} rated on the implementation scale. A domain reaches a level when every \
             practice of that level and below is largely or fully implemented. Mark a domain that \
             is not in use as not relevant; it is then left out of every score.",
            cluster.name
        )),
        attribution: Some(attribution),
        model: id,
        scales: IndexMap::from([(SCALE.to_owned(), implementation_scale())]),
        sections: domains.iter().map(Domain::section).collect(),
    };
    Ok(Converted {
        model,
        questionnaire,
        domains: domains.len(),
        use_cases: domains.iter().map(|d| d.use_cases.len()).sum(),
        practices: practices.len(),
    })
}

const SCALE: &str = "implementation";
/// "Largely implemented" (2 of 3) passes, "partially" (1 of 3) does not.
const PASS_RATIO: f64 = 0.6;

fn implementation_scale() -> Vec<ScaleOption> {
    [
        "Not implemented",
        "Partially implemented",
        "Largely implemented",
        "Fully implemented",
    ]
    .iter()
    .zip(0..)
    .map(|(label, value)| ScaleOption {
        value,
        label: (*label).to_owned(),
    })
    .collect()
}

/// One practice with the facts the conversion derives from it.
struct Practice<'a> {
    meta: &'a PracticeMeta,
    text: &'a str,
    /// 1 to 3, from `CTI1` to `CTI3`.
    level: i64,
    use_case_number: u32,
}

impl<'a> Practice<'a> {
    fn read(index: usize, value: &'a ClusterValue) -> Result<Self, String> {
        let meta = &value.meta;
        let named = |problem: String| format!("values[{index}] ({}): {problem}", meta.practice_id);
        let level = meta
            .maturity_level
            .strip_prefix("CTI")
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (1..=3).contains(n))
            .ok_or_else(|| {
                named(format!(
                    "maturity_level `{}` is not CTI1, CTI2 or CTI3",
                    meta.maturity_level
                ))
            })?;
        let use_case_number = meta.use_case_number.parse::<u32>().map_err(|_| {
            named(format!(
                "use_case_number `{}` is not a number",
                meta.use_case_number
            ))
        })?;
        if id_part(&meta.domain_code).is_empty() || id_part(&meta.practice_id).is_empty() {
            return Err(named(
                "domain_code and practice_id need letters or digits".to_owned(),
            ));
        }
        if value.description.trim().is_empty() {
            return Err(named("the practice has no description".to_owned()));
        }
        Ok(Self {
            meta,
            text: value.description.trim(),
            level,
            use_case_number,
        })
    }

    fn question(&self, section_id: &str) -> QuestionDoc {
        let meta = self.meta;
        let group = use_case_id(section_id, self.use_case_number);
        let mut help = format!(
            "{} {} ({}), use case {}: {}.",
            meta.practice_id,
            meta.maturity_level,
            meta.maturity_level_name,
            meta.use_case_number,
            meta.use_case
        );
        if !meta.related_domains.is_empty() {
            help.push_str(&format!(
                " Related domains: {}.",
                meta.related_domains.join(", ")
            ));
        }
        if let Some(section) = &meta.source_section {
            help.push_str(&format!(" CTI-CMM section {section}"));
            if !meta.source_pages.is_empty() {
                help.push_str(&format!(", page {}", meta.source_pages.join(", ")));
            }
            help.push('.');
        }
        QuestionDoc {
            id: id_part(&meta.practice_id),
            text: self.text.to_owned(),
            help: Some(help),
            scale: SCALE.to_owned(),
            weight: 1.0,
            capabilities: vec![group.clone()],
            level: Some(self.level),
            group: Some(group),
            data_sources: meta.cti_data_sources.clone(),
            allow_na: true,
            options: BTreeMap::new(),
        }
    }
}

/// A domain with its use cases and practices, in the order the file names them.
struct Domain<'a> {
    id: String,
    first: &'a PracticeMeta,
    use_cases: Vec<(u32, &'a str)>,
    practices: Vec<&'a Practice<'a>>,
}

impl Domain<'_> {
    fn area(&self) -> AreaDoc {
        AreaDoc {
            id: self.id.clone(),
            name: format!("{} ({})", self.first.domain, self.first.domain_code),
            description: self.first.domain_purpose.clone(),
        }
    }

    fn capabilities(&self) -> Vec<CapabilityDoc> {
        self.use_cases
            .iter()
            .map(|(number, name)| CapabilityDoc {
                id: use_case_id(&self.id, *number),
                name: format!("{}-{number} {name}", self.first.domain_code),
                area: Some(self.id.clone()),
                description: None,
            })
            .collect()
    }

    fn section(&self) -> SectionDoc {
        let meta = self.first;
        let description = [
            meta.domain_purpose
                .as_deref()
                .map(|p| format!("Purpose: {p}")),
            meta.cti_mission
                .as_deref()
                .map(|m| format!("CTI mission: {m}")),
            meta.domain_note.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
        SectionDoc {
            id: self.id.clone(),
            title: format!("{} ({})", meta.domain, meta.domain_code),
            description: (!description.is_empty()).then_some(description),
            weight: 1.0,
            groups: self
                .use_cases
                .iter()
                .map(|(number, name)| GroupDoc {
                    id: use_case_id(&self.id, *number),
                    title: format!("{}-{number} {name}", meta.domain_code),
                    description: None,
                })
                .collect(),
            questions: self
                .practices
                .iter()
                .map(|p| p.question(&self.id))
                .collect(),
        }
    }
}

fn domains<'a>(practices: &'a [Practice<'a>]) -> Vec<Domain<'a>> {
    let mut domains: Vec<Domain<'a>> = Vec::new();
    for practice in practices {
        let id = id_part(&practice.meta.domain_code);
        let index = match domains.iter().position(|d| d.id == id) {
            Some(index) => index,
            None => {
                domains.push(Domain {
                    id,
                    first: practice.meta,
                    use_cases: Vec::new(),
                    practices: Vec::new(),
                });
                domains.len() - 1
            }
        };
        let domain = &mut domains[index];
        if !domain
            .use_cases
            .iter()
            .any(|(number, _)| *number == practice.use_case_number)
        {
            domain
                .use_cases
                .push((practice.use_case_number, practice.meta.use_case.as_str()));
        }
        domain.practices.push(practice);
    }
    for domain in &mut domains {
        domain.use_cases.sort_by_key(|(number, _)| *number);
        // Stable: practices keep the file's order within a use case.
        domain.practices.sort_by_key(|p| p.use_case_number);
    }
    domains
}

/// CTI0 (nothing in place) below the three levels the practices name, with the names and
/// summaries the file gives them.
fn levels(practices: &[Practice<'_>]) -> Vec<LevelDoc> {
    let mut levels = vec![LevelDoc {
        id: 0,
        name: "Pre-foundational (CTI0)".to_owned(),
        summary: Some("Below the foundational practices.".to_owned()),
    }];
    for level in 1..=3 {
        let named = practices.iter().find(|p| p.level == level);
        levels.push(LevelDoc {
            id: level,
            name: match named {
                Some(p) => format!("{} (CTI{level})", p.meta.maturity_level_name),
                None => format!("CTI{level}"),
            },
            summary: named.and_then(|p| p.meta.maturity_level_summary.clone()),
        });
    }
    levels
}

/// The source's attribution and licence, as the file states them, with where they came from.
fn attribution(cluster: &Cluster, practices: &[Practice<'_>]) -> String {
    let mut statements: Vec<&str> = Vec::new();
    let mut licences: Vec<&str> = Vec::new();
    let mut refs: Vec<&str> = Vec::new();
    for meta in practices.iter().map(|p| p.meta) {
        push_new(&mut statements, meta.attribution.trim());
        push_new(&mut licences, meta.license.trim());
        for reference in &meta.refs {
            push_new(&mut refs, reference.trim());
        }
    }
    let mut text = statements.join(" ");
    text.push_str(&format!("\nLicence: {}.", licences.join(", ")));
    if !refs.is_empty() {
        text.push_str(&format!("\nReferences: {}.", refs.join(" ")));
    }
    text.push_str(&format!(
        "\nConverted by cti-maturity from the MISP galaxy cluster \"{}\"{}{}. The converted text is \
         shared under the same licence.",
        cluster.name,
        cluster
            .uuid
            .as_deref()
            .map(|uuid| format!(" ({uuid})"))
            .unwrap_or_default(),
        cluster
            .source
            .as_deref()
            .map(|source| format!(", source {source}"))
            .unwrap_or_default(),
    ));
    text
}

fn push_new<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

fn check_unique_ids(practices: &[Practice<'_>]) -> Result<(), String> {
    let mut seen = BTreeMap::new();
    for (index, practice) in practices.iter().enumerate() {
        let id = id_part(&practice.meta.practice_id);
        if let Some(first) = seen.insert(id.clone(), index) {
            return Err(format!(
                "values[{index}]: practice `{}` appears twice (first at values[{first}])",
                practice.meta.practice_id
            ));
        }
    }
    Ok(())
}

/// `1.3` → `1.3.0`: the framework version as the semantic version our files need.
fn semver_of(version: &str) -> Result<String, String> {
    let parts: Vec<&str> = version.trim().split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [major, minor] if [major, minor].iter().all(|p| numeric(p)) => {
            Ok(format!("{major}.{minor}.0"))
        }
        [_, _, _] if parts.iter().all(numeric) => Ok(parts.join(".")),
        _ => Err(format!(
            "framework_version `{version}` is not a version such as 1.3"
        )),
    }
}

/// An id in our alphabet (lowercase letters, digits, `-`, `_`, `.`): `THIRD-PARTIES` →
/// `third-parties`, `ASSET-1.a` → `asset-1.a`.
fn id_part(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_owned()
}

/// The id of a use case, shared by its group and its capability: `asset.uc1`.
fn use_case_id(domain_id: &str, number: u32) -> String {
    format!("{domain_id}.uc{number}")
}
