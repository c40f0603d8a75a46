//! What the scorecard template receives: one JSON object, every number already computed by the
//! scoring engine and formatted as the web pages format it, so a template (which consultants edit)
//! decides only how things look. README.md ("Scorecard template") documents the fields.

use serde::Serialize;

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
