//! What the scorecard template receives: one JSON object, every number already computed by the
//! scoring engine and formatted as the web pages format it, so a template (which consultants edit)
//! decides only how things look. README.md ("Scorecard template") documents the fields.

use serde::Serialize;

use super::document::{AnswerRow, ExportDocument};
use crate::charts::{self, RadarInput};
use crate::content::LevelRule;
use crate::metrics::satisfaction::Summary;
use crate::scoring::format_percent;
use crate::scoring::highlights::{biggest_gaps, biggest_improvements, target_distance};
use crate::store::actions::ActionStatus;
use crate::views::feeds::money;
use crate::views::results::{is_web_link, level_change, level_label, points};

#[derive(Debug, Clone, Serialize)]
pub struct PdfData {
    /// `a4` or `us-letter`.
    pub paper: &'static str,
    pub organisation: String,
    pub period: String,
    pub questionnaire: QuestionnaireInfo,
    pub model: ModelInfo,
    /// "Final (frozen on 2026-10-02)" or "Draft: results so far".
    pub status_text: String,
    pub assessors: Vec<String>,
    /// When the assessment started and, if final, was finalised.
    pub date_text: String,
    /// The first 12 hex digits of the frozen questionnaire's SHA-256.
    pub fingerprint: String,
    pub generated_on: String,
    pub previous_period: Option<String>,
    pub overall: Overall,
    /// One sentence for the executive summary.
    pub summary_sentence: String,
    pub charts: Charts,
    pub improvements: Vec<Highlight>,
    pub gaps: Vec<Highlight>,
    pub sections: Vec<SectionRow>,
    /// "Overall = Σ weight × percent / Σ weight = …", as the results page says it.
    pub overall_formula: String,
    /// Which sections were marked not relevant, in a sentence; none when none were.
    pub not_relevant_text: Option<String>,
    pub capabilities: Vec<CapabilityRow>,
    pub target_rows: Vec<TargetRow>,
    pub actions: Actions,
    pub satisfaction: Option<Satisfaction>,
    pub feeds: Option<Feeds>,
    pub appendix: Appendix,
    /// The questionnaire's and model's attribution (licence of their source), when they have one.
    pub attribution: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireInfo {
    pub id: String,
    pub version: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub title: String,
    /// "threshold rule" or "cumulative rule".
    pub rule_text: String,
    pub levels: Vec<LevelInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelInfo {
    pub id: String,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    pub level_name: String,
    pub percent_text: String,
    /// "+4.2 points, level up 1", "no change", or "—".
    pub change_text: String,
    /// "1 level below target", "at or above target", or "no target set".
    pub target_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// SVG text of the sections radar (current, previous, target), when there are sections to draw.
    pub radar: Option<String>,
    pub radar_alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow {
    pub id: String,
    pub title: String,
    pub not_relevant: bool,
    pub percent_text: String,
    pub level_name: String,
    pub target_name: String,
    pub gap_text: String,
    pub change_text: String,
    pub completion_text: String,
    /// "12 answered, 1 N/A, 0 open of 13".
    pub counts_text: String,
    pub questions: Vec<QuestionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    pub id: String,
    pub text: String,
    pub answered: bool,
    /// "2 · Largely implemented", "Not applicable" or "Not answered".
    pub answer_text: String,
    pub note: String,
    pub evidence: Vec<Evidence>,
    /// "ana@example.org, 2026-09-14", or empty.
    pub by_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub text: String,
    /// True for http(s) addresses only: the only evidence turned into links.
    pub link: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CapabilityRow {
    pub name: String,
    pub percent_text: String,
    pub level_name: String,
    pub target_name: String,
    pub gap_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub name: String,
    pub level_name: String,
    pub target_name: String,
    pub gap_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actions {
    pub counts: ActionCounts,
    pub rows: Vec<ActionRow>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionCounts {
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub title: String,
    /// "Section: Planning and direction".
    pub scope: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
    pub priority: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Satisfaction {
    pub heading: String,
    pub rows: Vec<SatisfactionRow>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SatisfactionRow {
    pub group: String,
    pub responses: String,
    pub mean: String,
    pub nps: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feeds {
    pub heading: String,
    pub rows: Vec<FeedRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedRow {
    pub name: String,
    pub cost: String,
    pub value_per_cost: String,
    pub flagged: bool,
    /// "Keep", or why the feed is flagged for the renewal review.
    pub review: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    pub paragraphs: Vec<String>,
}

/// Paper sizes the built-in template lays out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn typst_name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "us-letter",
        }
    }
}

impl PdfData {
    /// Everything the template shows, from the export document, formatted as the pages format it.
    pub fn from_document(doc: &ExportDocument, paper: Paper) -> Self {
        let model = &doc.model;
        let card = &doc.scorecard;
        let assessment = &doc.assessment;
        let comparison = doc.previous.as_ref().map(|p| &p.comparison);
        let section_title = |id: &str| {
            doc.questionnaire
                .sections()
                .iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.title.clone())
        };
        let distance = target_distance(card);
        let overall = Overall {
            level_name: level_label(model, card.overall.level),
            percent_text: format_percent(card.overall.percent),
            change_text: match comparison {
                Some(c) => change_text(c.overall.percent_points, c.overall.levels),
                None => "—".to_owned(),
            },
            target_text: match distance.sections_with_target {
                0 => "no target set".to_owned(),
                _ if distance.sections_below == 0 => "all targets met".to_owned(),
                _ => format!(
                    "{} of {} below",
                    distance.sections_below, distance.sections_with_target
                ),
            },
        };
        let improvements = comparison
            .map(|c| biggest_improvements(card, c, 3))
            .unwrap_or_default()
            .into_iter()
            .map(|i| Highlight {
                title: section_title(&i.section),
                text: points(Some(i.points)),
            })
            .collect();
        let gaps = biggest_gaps(card, 3)
            .into_iter()
            .map(|g| Highlight {
                title: section_title(&g.section),
                text: format!(
                    "{} level{} below target, at {}",
                    g.levels,
                    if g.levels == 1 { "" } else { "s" },
                    format_percent(g.percent)
                ),
            })
            .collect();
        let sections = doc
            .questionnaire
            .sections()
            .iter()
            .zip(&card.sections)
            .map(|(section, score)| SectionRow {
                id: section.id.clone(),
                title: section.title.clone(),
                not_relevant: score.not_relevant,
                percent_text: if score.not_relevant {
                    "not relevant".to_owned()
                } else {
                    format_percent(score.percent)
                },
                level_name: level_label(model, score.level),
                target_name: level_label(model, score.target),
                gap_text: gap_text(score.gap),
                change_text: match comparison.map(|c| c.sections.get(&section.id)) {
                    None => "—".to_owned(),
                    Some(None) => "new".to_owned(),
                    Some(Some(change)) => change_text(change.percent_points, change.levels),
                },
                completion_text: format_percent(Some(score.counts.completion)),
                counts_text: format!(
                    "{} answered, {} N/A, {} open of {}",
                    score.counts.answered,
                    score.counts.na,
                    score.counts.unanswered,
                    score.counts.total
                ),
                questions: doc
                    .answers
                    .iter()
                    .filter(|row| row.section_id == section.id)
                    .map(question_row)
                    .collect(),
            })
            .collect();
        let not_relevant: Vec<String> = doc
            .questionnaire
            .sections()
            .iter()
            .zip(&card.sections)
            .filter(|(_, score)| score.not_relevant)
            .map(|(section, _)| section.title.clone())
            .collect();
        let capability_name = |id: &str| {
            model
                .capabilities()
                .iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_owned(), |c| c.name.clone())
        };
        let capabilities = card
            .capabilities
            .iter()
            .map(|c| CapabilityRow {
                name: capability_name(&c.id),
                percent_text: format_percent(c.percent),
                level_name: level_label(model, c.level),
                target_name: level_label(model, c.target),
                gap_text: gap_text(c.gap),
            })
            .collect();
        let target_rows = card
            .sections
            .iter()
            .filter(|s| s.target.is_some())
            .map(|s| TargetRow {
                name: section_title(&s.id),
                level_name: level_label(model, s.level),
                target_name: level_label(model, s.target),
                gap_text: gap_text(s.gap),
            })
            .chain(
                card.capabilities
                    .iter()
                    .filter(|c| c.target.is_some())
                    .map(|c| TargetRow {
                        name: format!("Capability: {}", capability_name(&c.id)),
                        level_name: level_label(model, c.level),
                        target_name: level_label(model, c.target),
                        gap_text: gap_text(c.gap),
                    }),
            )
            .collect();
        let radar = radar(doc);
        PdfData {
            paper: paper.typst_name(),
            organisation: doc.organisation.name.clone(),
            period: assessment.period.clone(),
            questionnaire: QuestionnaireInfo {
                id: doc.questionnaire.id().to_owned(),
                version: doc.questionnaire.version().to_owned(),
                title: doc.questionnaire.title().to_owned(),
            },
            model: ModelInfo {
                title: model.title().to_owned(),
                rule_text: format!("{} rule", model.level_rule().as_str()),
                levels: model
                    .levels()
                    .iter()
                    .map(|l| LevelInfo {
                        id: l.id.to_string(),
                        name: l.name.clone(),
                        summary: l.summary.clone().unwrap_or_default(),
                    })
                    .collect(),
            },
            status_text: match assessment.finalised_at {
                Some(at) => format!("Final (frozen on {})", at.format("%Y-%m-%d")),
                None => "Draft: results so far".to_owned(),
            },
            assessors: doc.assessors.clone(),
            date_text: match assessment.finalised_at {
                Some(at) => format!(
                    "started {}, finalised {}",
                    assessment.created_at.format("%Y-%m-%d"),
                    at.format("%Y-%m-%d")
                ),
                None => format!("started {}", assessment.created_at.format("%Y-%m-%d")),
            },
            fingerprint: assessment.questionnaire_sha256.chars().take(12).collect(),
            generated_on: doc.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            previous_period: doc.previous.as_ref().map(|p| p.period.clone()),
            summary_sentence: summary_sentence(doc, &overall),
            overall,
            charts: radar,
            improvements,
            gaps,
            sections,
            overall_formula: format!(
                "Overall = Σ section weight × score / Σ section weight, over the {} of {} sections with a score.",
                card.sections.iter().filter(|s| s.percent.is_some()).count(),
                card.sections.len()
            ),
            not_relevant_text: (!not_relevant.is_empty()).then(|| {
                format!(
                    "Not relevant for this organisation: {}. Their questions are left out of every score.",
                    not_relevant.join(", ")
                )
            }),
            capabilities,
            target_rows,
            actions: actions(doc),
            satisfaction: satisfaction(doc),
            feeds: feeds(doc),
            appendix: appendix(doc),
            attribution: attribution(doc),
        }
    }
}

/// "+4.2 pp, +1 level", "±0.0 pp", or "—" when nothing can be compared.
fn change_text(points_change: Option<f64>, levels: Option<i64>) -> String {
    match (points_change, levels) {
        (None, None) => "—".to_owned(),
        (points_change, Some(0) | None) => points(points_change),
        (points_change, levels) => format!("{}, {}", points(points_change), level_change(levels)),
    }
}

fn gap_text(gap: Option<i64>) -> String {
    match gap {
        None => "—".to_owned(),
        Some(gap) if gap > 0 => format!("+{gap}"),
        Some(0) => "0 (met)".to_owned(),
        Some(gap) => format!("{gap} (above)"),
    }
}

fn question_row(row: &AnswerRow) -> QuestionRow {
    let answer_text = if row.not_applicable() {
        "Not applicable".to_owned()
    } else {
        match row.value() {
            Some(value) if row.label.is_empty() => format!("{value} of {}", row.scale_max),
            Some(value) => format!("{value} · {}", row.label),
            None => "Not answered".to_owned(),
        }
    };
    QuestionRow {
        id: row.question_id.clone(),
        text: row.question_text.clone(),
        answered: row.stored.is_some() && (row.not_applicable() || row.value().is_some()),
        answer_text,
        note: row.note().to_owned(),
        evidence: row
            .evidence()
            .into_iter()
            .map(|text| Evidence {
                text: text.to_owned(),
                link: is_web_link(text),
            })
            .collect(),
        by_text: row
            .stored
            .as_ref()
            .map(|s| {
                format!(
                    "{}, {}",
                    s.answered_by_email.as_deref().unwrap_or("—"),
                    s.answered_at.format("%Y-%m-%d")
                )
            })
            .unwrap_or_default(),
    }
}

fn actions(doc: &ExportDocument) -> Actions {
    let mut counts = ActionCounts {
        total: doc.actions.len(),
        ..ActionCounts::default()
    };
    let rows = doc
        .actions
        .iter()
        .map(|planned| {
            let action = &planned.action;
            let status = action.status();
            if status.is_closed() {
                counts.done += usize::from(status == ActionStatus::Done);
            } else {
                counts.open += 1;
            }
            counts.overdue += usize::from(planned.overdue);
            ActionRow {
                title: action.title.clone(),
                scope: format!("{}: {}", action.scope_kind, action.scope_id),
                owner: if action.owner.is_empty() {
                    "—".to_owned()
                } else {
                    action.owner.clone()
                },
                due: action.due_date.clone().unwrap_or_else(|| "—".to_owned()),
                overdue: planned.overdue,
                priority: planned.priority.to_string(),
                status: status.label().to_owned(),
            }
        })
        .collect();
    Actions { counts, rows }
}

fn satisfaction(doc: &ExportDocument) -> Option<Satisfaction> {
    let summaries = doc.satisfaction.as_ref()?;
    let rows = summaries
        .rows
        .iter()
        .map(|(group, summary)| match summary {
            Summary::Shown(shown) => SatisfactionRow {
                group: group.name.clone(),
                responses: shown.responses.to_string(),
                mean: charts::mean_rating(shown)
                    .map_or_else(|| "—".to_owned(), |mean| format!("{mean:.1} / 5")),
                nps: shown
                    .recommend
                    .shown()
                    .map_or_else(|| "—".to_owned(), |nps| format!("{:+.0}", nps.nps)),
            },
            Summary::Suppressed { responses } => SatisfactionRow {
                group: group.name.clone(),
                responses: responses.to_string(),
                mean: "hidden".to_owned(),
                nps: "hidden".to_owned(),
            },
        })
        .collect();
    Some(Satisfaction {
        heading: format!(
            "Survey round {} ({}).",
            summaries.round.period,
            if summaries.round.closed_at.is_some() {
                "closed"
            } else {
                "open"
            }
        ),
        rows,
        note: format!(
            "A group's figures are hidden below {} responses, so that no answer can be traced to a person.",
            summaries.round.min_responses
        ),
    })
}

fn feeds(doc: &ExportDocument) -> Option<Feeds> {
    let summary = doc.feeds.as_ref()?;
    let period = summary.period.to_string();
    Some(match &summary.review {
        Err(problem) => Feeds {
            heading: format!("Renewal review of {period}: {problem}"),
            rows: Vec::new(),
        },
        Ok(review) => Feeds {
            heading: format!(
                "Renewal review of {period}: feeds ranked by value per cost; the bottom quarter is flagged."
            ),
            rows: review
                .ranked
                .iter()
                .map(|feed| FeedRow {
                    name: feed.feed.clone(),
                    cost: money(feed.period_cost, review.currency.as_deref().unwrap_or("")),
                    value_per_cost: format!("{:.2}", feed.value_per_cost),
                    flagged: feed.flagged,
                    review: if feed.flagged {
                        feed.reasons.join("; ")
                    } else {
                        "Keep".to_owned()
                    },
                })
                .chain(review.unranked.iter().map(|feed| FeedRow {
                    name: feed.feed.clone(),
                    cost: "—".to_owned(),
                    value_per_cost: "—".to_owned(),
                    flagged: false,
                    review: feed.reason.clone(),
                }))
                .collect(),
        },
    })
}

fn appendix(doc: &ExportDocument) -> Appendix {
    let model = &doc.model;
    let mut paragraphs = vec![
        "Each answer is a value on its question's scale. Its normalised value is the value divided \
         by the scale's maximum, from 0 to 1. Questions answered N/A, questions left unanswered and \
         questions of a section marked not relevant are left out of every score."
            .to_owned(),
        "A section's score is the weighted mean of its questions' normalised values, as a percent. A \
         capability's score is the same mean over every question that measures it, in any section. \
         The overall score is the weighted mean of the section scores, by section weight, over the \
         sections that have a score."
            .to_owned(),
    ];
    paragraphs.push(match model.level_rule() {
        LevelRule::Threshold => format!(
            "Levels follow the threshold rule: a score reaches the highest level whose minimum it \
             meets ({}).",
            model
                .levels()
                .iter()
                .zip(model.thresholds())
                .map(|(level, minimum)| format!(
                    "{} from {}",
                    level.name,
                    format_percent(Some(*minimum))
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        LevelRule::Cumulative => format!(
            "Levels follow the cumulative rule: a scope reaches a level when every applicable \
             practice of that level and of every level below scores at least {} of its scale, and \
             an unanswered practice holds its level back.",
            format_percent(Some(model.pass_ratio() * 100.0))
        ),
    });
    paragraphs.push(
        "A gap is the target level minus the current level. An action's priority is its impact \
         (1-3) plus 4 minus its effort (1-3), from 2 to 6. Percentages are rounded to one decimal \
         for display only."
            .to_owned(),
    );
    Appendix { paragraphs }
}

fn attribution(doc: &ExportDocument) -> Option<String> {
    let texts: Vec<&str> = [doc.questionnaire.attribution(), doc.model.attribution()]
        .into_iter()
        .flatten()
        .collect();
    match texts.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [questionnaire, model] if questionnaire == model => Some((*questionnaire).to_owned()),
        [questionnaire, model] => Some(format!("{questionnaire}\n\n{model}")),
        _ => None,
    }
}

/// The radar of the section levels: current, previous quarter and target, sections by title.
fn radar(doc: &ExportDocument) -> Charts {
    let mut input = RadarInput::from_scorecards(
        &doc.scorecard,
        doc.previous.as_ref().map(|p| &p.scorecard),
        doc.model.highest_level(),
    );
    for axis in &mut input.axes {
        if let Some(section) = doc.questionnaire.sections().iter().find(|s| &s.id == axis) {
            axis.clone_from(&section.title);
        }
    }
    match charts::svg(&input) {
        Ok(chart) => Charts {
            radar: Some(chart.svg),
            radar_alt: chart.text,
        },
        Err(error) => {
            tracing::warn!(%error, "radar chart for the PDF scorecard not drawn");
            Charts {
                radar: None,
                radar_alt: String::new(),
            }
        }
    }
}

/// The one sentence an executive reads first.
fn summary_sentence(doc: &ExportDocument, overall: &Overall) -> String {
    let mut sentence = format!(
        "In {} the practice stands at level {} with an overall score of {}",
        doc.assessment.period, overall.level_name, overall.percent_text
    );
    if let Some(previous) = &doc.previous {
        sentence.push_str(&format!(
            " ({} since {})",
            overall.change_text, previous.period
        ));
    }
    let card = &doc.scorecard;
    let with_target = card.sections.iter().filter(|s| s.target.is_some()).count();
    if with_target > 0 {
        let met = card
            .sections
            .iter()
            .filter(|s| s.gap.is_some_and(|gap| gap <= 0))
            .count();
        sentence.push_str(&format!(
            "; {met} of the {with_target} sections with a target meet it"
        ));
    }
    sentence.push('.');
    sentence
}
