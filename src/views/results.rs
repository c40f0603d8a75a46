//! The results page of an assessment and its drill-downs (a section or capability down to the
//! answers behind its percent and level). Numbers arrive computed; this module only formats them.

use std::collections::HashMap;

use maud::{Markup, html};

use super::layout::{Chrome, form_error, page};
use crate::content::{Model, Questionnaire};
use crate::scoring::explain::{
    Change, Comparison, Explanation, LevelCheck, Outcome, OverallExplanation, next_threshold,
};
use crate::scoring::{Counts, Scorecard, format_percent, round_half_away};
use crate::store::actions::ScopeKind;
use crate::store::answers::StoredAnswer;
use crate::store::assessments::Assessment;

/// "4 · Managed"; a cumulative level below the lowest reads "0 · below Initial".
pub fn level_label(model: &Model, level: Option<i64>) -> String {
    match level {
        None => "—".to_owned(),
        Some(level) => match model.level_name(level) {
            Some(name) => format!("{level} · {name}"),
            None => format!("{level} · below {}", model.levels()[0].name),
        },
    }
}

/// A weight or a sum: up to three decimals, without trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{:.3}", round_half_away(value, 3));
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A change in percent points, one decimal: "+3.2 pp", "-1.0 pp", "±0.0 pp".
pub fn points(change: Option<f64>) -> String {
    match change.map(|value| round_half_away(value, 1)) {
        None => "—".to_owned(),
        // Also -0.0: a change that rounds to nothing has no sign.
        Some(value) if value.abs() < 0.05 => "±0.0 pp".to_owned(),
        Some(value) => format!("{value:+.1} pp"),
    }
}

pub fn level_change(change: Option<i64>) -> String {
    match change {
        None => "—".to_owned(),
        Some(0) => "±0 levels".to_owned(),
        Some(1) => "+1 level".to_owned(),
        Some(-1) => "-1 level".to_owned(),
        Some(change) => format!("{change:+} levels"),
    }
}

fn gap_cell(gap: Option<i64>) -> Markup {
    html! {
        @match gap {
            None => span.muted { "—" },
            Some(gap) if gap > 0 => span.badge.bad { "+" (gap) },
            Some(0) => "0 (met)",
            Some(gap) => { (gap) " (above)" },
        }
    }
}

fn change_cell(change: Option<&Change>) -> Markup {
    html! {
        @match change {
            None => span.muted { "new" },
            Some(Change { percent_points: None, levels: None }) => span.muted { "—" },
            Some(change) => {
                (points(change.percent_points))
                br;
                span.small.muted { (level_change(change.levels)) }
            }
        }
    }
}

fn assessment_base(slug: &str, assessment: &Assessment) -> String {
    format!("/o/{slug}/assessments/{}", assessment.id)
}

fn raise_action(slug: &str, assessment: &Assessment, kind: ScopeKind, scope: &str) -> Markup {
    html! {
        a.button.secondary.small href={ "/o/" (slug) "/actions/new?assessment=" (assessment.id) "&kind=" (kind.as_str()) "&scope=" (scope) } {
            "Raise action"
        }
    }
}

/// The assessment this page is about, and the finalised quarter before it.
pub struct Previous<'a> {
    pub assessment: &'a Assessment,
    pub comparison: &'a Comparison,
}

pub struct ResultsData<'a> {
    pub slug: &'a str,
    pub csrf: &'a str,
    pub assessment: &'a Assessment,
    pub model: &'a Model,
    pub questionnaire: &'a Questionnaire,
    pub scorecard: &'a Scorecard,
    pub overall: &'a OverallExplanation<'a>,
    /// Cumulative rule only: the levels of the whole questionnaire and what blocks them.
    pub overall_levels: Option<&'a Explanation<'a>>,
    pub previous: Option<Previous<'a>>,
    pub can_manage: bool,
    /// Target form values per scope id (stored, or as submitted).
    pub target_values: &'a HashMap<String, String>,
    pub error: Option<&'a str>,
    pub notice: Option<&'a str>,
}

pub fn results_page(chrome: &Chrome<'_>, data: &ResultsData<'_>) -> Markup {
    let assessment = data.assessment;
    let base = assessment_base(data.slug, assessment);
    let title = format!("Results {}", assessment.period);
    page(
        chrome,
        &title,
        html! {
            div.breadcrumb {
                a href={ "/o/" (data.slug) } { "Assessments" } " › "
                a href=(base) { (assessment.period) " · " (data.questionnaire.title()) } " › Results"
            }
            h1 { "Results " (assessment.period) " " span.badge.(assessment.status) { (assessment.status) } }
            p.muted.small {
                (data.questionnaire.title()) " " (data.questionnaire.version()) " · model "
                (data.model.title()) " " (data.model.version()) " (" (data.model.level_rule().as_str()) " rule)"
            }
            (form_error(data.error))
            @if let Some(notice) = data.notice { p.notice role="status" { (notice) } }
            (summary(data))
            (sections_table(data, &base))
            @if let Some(levels) = data.overall_levels {
                h3 { "Overall level (cumulative rule)" }
                (level_checks(data.model, levels, &format!("{base}/results/questions/")))
            }
            (capabilities_tables(data, &base))
            (targets_form(data, &base))
            (super::exports::export_links(data.slug, assessment.id))
        },
    )
}

fn summary(data: &ResultsData<'_>) -> Markup {
    let overall = &data.scorecard.overall;
    let counts = &overall.counts;
    html! {
        div.grid {
            div.stat { div.value { (format_percent(overall.percent)) } div.label { "Overall percent" } }
            div.stat { div.value { (level_label(data.model, overall.level)) } div.label { "Overall level" } }
            div.stat {
                div.value { (format_percent(Some(counts.completion))) }
                div.label { "Completion: " (counts.answered) " answered · " (counts.na) " N/A · " (counts.unanswered) " unanswered of " (counts.total) }
            }
            div.stat {
                @match &data.previous {
                    Some(previous) => {
                        div.value { (points(previous.comparison.overall.percent_points)) }
                        div.label { (level_change(previous.comparison.overall.levels)) " since " (previous.assessment.period) }
                    }
                    None => {
                        div.value { "First assessment" }
                        div.label { "No finalised earlier quarter of this questionnaire to compare with" }
                    }
                }
            }
        }
        @if let Some(previous) = &data.previous {
            @let comparison = previous.comparison;
            @if previous.assessment.questionnaire_version != data.assessment.questionnaire_version
                || !comparison.new_sections.is_empty() || !comparison.dropped_sections.is_empty() {
                p.notice {
                    (previous.assessment.period) " was answered against version " (previous.assessment.questionnaire_version)
                    " of the questionnaire; sections and capabilities are matched by id."
                    @if !comparison.new_sections.is_empty() { " New since then: " (comparison.new_sections.join(", ")) "." }
                    @if !comparison.dropped_sections.is_empty() { " No longer asked: " (comparison.dropped_sections.join(", ")) "." }
                }
            }
        }
    }
}

fn sections_table(data: &ResultsData<'_>, base: &str) -> Markup {
    let overall = data.overall;
    let comparison = data.previous.as_ref().map(|p| p.comparison);
    html! {
        h2 { "Sections" }
        div.table-wrap {
            table.data {
                thead { tr {
                    th { "Section" } th.num { "Weight" } th.num { "Percent" } th { "Level" } th { "Target" } th { "Gap" }
                    th { "Change" } th.num { "Completion" } th.num { "Answered" } th.num { "N/A" } th.num { "Unanswered" }
                    @if data.can_manage { th { span.muted { "Action" } } }
                } }
                tbody {
                    @for (section, score) in data.questionnaire.sections().iter().zip(&data.scorecard.sections) {
                        tr class=[score.not_relevant.then_some("not-relevant")] {
                            td {
                                a href={ (base) "/results/sections/" (section.id) } { (section.title) } br; span.small.muted { (section.id) }
                                @if score.not_relevant { " " span.badge title="Marked not relevant for this organisation: left out of every score" { "not relevant" } }
                            }
                            td.num { (number(section.weight)) }
                            td.num { @if score.not_relevant { span.muted { "not relevant" } } @else { (format_percent(score.percent)) } }
                            td { (level_label(data.model, score.level)) }
                            td { (level_label(data.model, score.target)) }
                            td { (gap_cell(score.gap)) }
                            td { @if let Some(comparison) = comparison { (change_cell(comparison.sections.get(&section.id))) } @else { span.muted { "—" } } }
                            (counts_cells(&score.counts))
                            @if data.can_manage {
                                td { @if score.gap.is_some_and(|gap| gap > 0) { (raise_action(data.slug, data.assessment, ScopeKind::Section, &section.id)) } }
                            }
                        }
                    }
                }
            }
        }
        @let not_relevant: Vec<&str> = data.questionnaire.sections().iter().zip(&data.scorecard.sections)
            .filter(|(_, score)| score.not_relevant).map(|(section, _)| section.title.as_str()).collect();
        @if !not_relevant.is_empty() {
            p.small { strong { "Not relevant for this organisation: " } (not_relevant.join(", ")) ". Their questions are left out of every score, the capabilities' and the overall's too." }
        }
        p.small.muted {
            "Overall percent = Σ section weight × percent / Σ weight, over sections with a percent = "
            (number(overall.weighted_sum)) " / " (number(overall.weight_sum)) " = " (format_percent(overall.percent)) "."
        }
    }
}

fn counts_cells(counts: &Counts) -> Markup {
    html! {
        td.num { (format_percent(Some(counts.completion))) }
        td.num { (counts.answered) }
        td.num { (counts.na) }
        td.num { (counts.unanswered) }
    }
}

fn capabilities_tables(data: &ResultsData<'_>, base: &str) -> Markup {
    let areas = &data.model.doc().areas;
    let mut groups: Vec<(&str, Vec<usize>)> = areas
        .iter()
        .map(|area| (area.name.as_str(), Vec::new()))
        .collect();
    let mut other = Vec::new();
    for (index, capability) in data.model.capabilities().iter().enumerate() {
        match capability
            .area
            .as_ref()
            .and_then(|area| areas.iter().position(|a| &a.id == area))
        {
            Some(group) => groups[group].1.push(index),
            None => other.push(index),
        }
    }
    if !other.is_empty() {
        groups.push(("Other capabilities", other));
    }
    let comparison = data.previous.as_ref().map(|p| p.comparison);
    html! {
        h2 { "Capabilities" }
        @for (name, indices) in groups.iter().filter(|(_, indices)| !indices.is_empty()) {
            h3 { (name) }
            div.table-wrap {
                table.data {
                    thead { tr {
                        th { "Capability" } th.num { "Percent" } th { "Level" } th { "Target" } th { "Gap" } th { "Change" }
                        @if data.can_manage { th { span.muted { "Action" } } }
                    } }
                    tbody {
                        @for index in indices {
                            @let capability = &data.model.capabilities()[*index];
                            @let score = &data.scorecard.capabilities[*index];
                            tr {
                                td { a href={ (base) "/results/capabilities/" (capability.id) } { (capability.name) } }
                                td.num { (format_percent(score.percent)) }
                                td { (level_label(data.model, score.level)) }
                                td { (level_label(data.model, score.target)) }
                                td { (gap_cell(score.gap)) }
                                td { @if let Some(comparison) = comparison { (change_cell(comparison.capabilities.get(&capability.id))) } @else { span.muted { "—" } } }
                                @if data.can_manage {
                                    td { @if score.gap.is_some_and(|gap| gap > 0) { (raise_action(data.slug, data.assessment, ScopeKind::Capability, &capability.id)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn target_select(data: &ResultsData<'_>, scope: &str) -> Markup {
    let value = data
        .target_values
        .get(scope)
        .map(String::as_str)
        .unwrap_or("");
    html! {
        select name={ "target." (scope) } aria-label={ "Target for " (scope) } {
            option value="" selected[value.is_empty()] { "No target" }
            @for level in data.model.levels() {
                @let id = level.id.to_string();
                option value=(id) selected[value == id] { (level.id) " · " (level.name) }
            }
        }
    }
}

fn targets_form(data: &ResultsData<'_>, base: &str) -> Markup {
    html! {
        h2 #targets { "Targets" }
        @if !data.can_manage {
            p.muted { "Managers set the target level of each section and capability." }
        } @else if data.assessment.is_final() {
            p.muted { "This assessment is final: its targets are frozen with the quarter." }
        } @else {
            form method="post" action={ (base) "/targets" } {
                input type="hidden" name="csrf" value=(data.csrf);
                div.table-wrap {
                    table.data {
                        thead { tr { th { "Section or capability" } th { "Current level" } th { "Target level" } } }
                        tbody {
                            @for (section, score) in data.questionnaire.sections().iter().zip(&data.scorecard.sections) {
                                tr {
                                    td { (section.title) " " span.small.muted { "section" } }
                                    td { (level_label(data.model, score.level)) }
                                    td { (target_select(data, &section.id)) }
                                }
                            }
                            @for (capability, score) in data.model.capabilities().iter().zip(&data.scorecard.capabilities) {
                                tr {
                                    td { (capability.name) " " span.small.muted { "capability" } }
                                    td { (level_label(data.model, score.level)) }
                                    td { (target_select(data, &capability.id)) }
                                }
                            }
                        }
                    }
                }
                div.toolbar { button type="submit" { "Save targets" } }
            }
        }
    }
}

/// One row per model level: reached or not, and (cumulative rule) the questions that block it.
fn level_checks(model: &Model, explanation: &Explanation<'_>, question_link: &str) -> Markup {
    const SHOWN: usize = 12;
    let cumulative = explanation
        .levels
        .iter()
        .all(|check| check.threshold.is_none());
    html! {
        div.table-wrap {
            table.data {
                thead { tr {
                    th { "Level" } th { "Reached" }
                    @if cumulative { th.num { "Questions" } th { "Blocked by" } } @else { th.num { "Minimum percent" } }
                } }
                tbody {
                    @for check in &explanation.levels {
                        tr {
                            td { (level_label(model, Some(check.level))) }
                            td { (reached_cell(check)) }
                            @if cumulative {
                                td.num { (check.applicable) }
                                td {
                                    @for (i, id) in check.blocking.iter().take(SHOWN).enumerate() {
                                        @if i > 0 { ", " }
                                        a href={ (question_link) (id) } { (id) }
                                    }
                                    @if check.blocking.len() > SHOWN { " and " (check.blocking.len() - SHOWN) " more" }
                                    @if check.blocking.is_empty() && !check.reached && check.applicable > 0 { span.muted { "the level below" } }
                                    @if check.blocking.is_empty() && !check.reached && check.applicable == 0 { span.muted { "no question of this level; follows the level below" } }
                                }
                            } @else {
                                td.num { (check.threshold.map_or("—".to_owned(), |t| format!("{}%", number(t)))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn reached_cell(check: &LevelCheck<'_>) -> Markup {
    html! {
        @if check.reached { span.badge.final { "reached" } } @else { span.badge { "not reached" } }
    }
}

pub struct ScopeData<'a> {
    pub slug: &'a str,
    pub assessment: &'a Assessment,
    pub model: &'a Model,
    pub questionnaire: &'a Questionnaire,
    pub scorecard: &'a Scorecard,
    pub kind: ScopeKind,
    pub scope_id: &'a str,
    pub explanation: &'a Explanation<'a>,
    pub stored: &'a [StoredAnswer],
    pub can_manage: bool,
}

pub fn scope_page(chrome: &Chrome<'_>, data: &ScopeData<'_>) -> Markup {
    let base = assessment_base(data.slug, data.assessment);
    let explanation = data.explanation;
    let (title, description, target, gap, counts) = match data.kind {
        ScopeKind::Section => {
            let index = data
                .questionnaire
                .section_index(data.scope_id)
                .unwrap_or_default();
            let section = &data.questionnaire.sections()[index];
            let score = &data.scorecard.sections[index];
            (
                section.title.as_str(),
                section.description.as_deref(),
                score.target,
                score.gap,
                Some(score.counts),
            )
        }
        _ => {
            let index = data
                .model
                .capability_index(data.scope_id)
                .unwrap_or_default();
            let capability = &data.model.capabilities()[index];
            let score = &data.scorecard.capabilities[index];
            (
                capability.name.as_str(),
                capability.description.as_deref(),
                score.target,
                score.gap,
                None,
            )
        }
    };
    let kind = match data.kind {
        ScopeKind::Section => "Section",
        _ => "Capability",
    };
    page(
        chrome,
        title,
        html! {
            div.breadcrumb {
                a href={ "/o/" (data.slug) } { "Assessments" } " › "
                a href=(base) { (data.assessment.period) } " › "
                a href={ (base) "/results" } { "Results" } " › " (kind)
            }
            h1 { (title) " " span.small.muted { (data.scope_id) } }
            @if let Some(description) = description { p.muted { (description) } }
            div.grid {
                div.stat { div.value { (format_percent(explanation.percent)) } div.label { (kind) " percent" } }
                div.stat { div.value { (level_label(data.model, explanation.level)) } div.label { "Level" } }
                div.stat { div.value { (level_label(data.model, target)) } div.label { "Target" } }
                div.stat { div.value { (gap_cell(gap)) } div.label { "Gap (target − level)" } }
                @if let Some(counts) = counts {
                    div.stat {
                        div.value { (format_percent(Some(counts.completion))) }
                        div.label { "Completion: " (counts.answered) " answered · " (counts.na) " N/A · " (counts.unanswered) " unanswered" }
                    }
                }
            }
            @if data.can_manage && gap.is_some_and(|gap| gap > 0) {
                div.toolbar { (raise_action(data.slug, data.assessment, data.kind, data.scope_id)) }
            }
            h2 { "How the percent is computed" }
            @match explanation.percent {
                Some(percent) => p {
                    "Percent = 100 × Σ w·a / Σ w over answered questions = 100 × " (number(explanation.weighted_sum))
                    " / " (number(explanation.weight_sum)) " = " strong { (format_percent(Some(percent))) }
                    ". a is the answer's value divided by its scale's maximum; N/A and unanswered questions are left out."
                },
                None => p { "No question in scope has been answered with a value (N/A and unanswered questions are left out): no percent, no level." },
            }
            (questions_table(data, &base))
            h2 { "How the level is reached" }
            (level_explanation(data))
            (level_checks(data.model, explanation, &format!("{base}/results/questions/")))
            @if !data.assessment.is_final() && data.kind == ScopeKind::Section {
                p { a href={ (base) "/sections/" (data.scope_id) } { "Answer or change the questions of this section" } }
            }
        },
    )
}

fn level_explanation(data: &ScopeData<'_>) -> Markup {
    let explanation = data.explanation;
    html! {
        @if explanation.levels.iter().all(|check| check.threshold.is_none()) {
            p {
                "Cumulative rule: a level is reached when every applicable question of that level scores at least "
                (number(data.model.pass_ratio() * 100.0)) "% of its scale (unanswered questions fail) and the level below is reached."
            }
        } @else {
            p {
                "Threshold rule: the level is the highest whose minimum percent the score reaches."
                @if let (Some(percent), Some((next, threshold))) = (explanation.percent, next_threshold(data.model, explanation.level)) {
                    " Next: " (level_label(data.model, Some(next))) " at " (number(threshold)) "%, "
                    (number(round_half_away((threshold - percent).max(0.0), 1))) " points more."
                }
            }
        }
    }
}

fn questions_table(data: &ScopeData<'_>, base: &str) -> Markup {
    let explanation = data.explanation;
    let cumulative = explanation
        .levels
        .iter()
        .all(|check| check.threshold.is_none());
    html! {
        div.table-wrap {
            table.data {
                thead { tr {
                    th { "Question" } th { "Answer" } th.num { "Weight w" } th.num { "a" } th.num { "w·a" }
                    th.num { "Headroom" } th { "Level" } th { "Answered by" }
                    @if data.can_manage { th { span.muted { "Action" } } }
                } }
                tbody {
                    @for line in &explanation.lines {
                        @let question = line.question.doc;
                        @let stored = data.stored.iter().find(|s| s.question_id == question.id);
                        tr id={ "q-" (question.id) } {
                            td {
                                span.small.muted { (question.id) }
                                @if data.kind != ScopeKind::Section {
                                    @let section = &data.questionnaire.sections()[line.question.section_index];
                                    " · " a.small href={ (base) "/results/sections/" (section.id) } { (section.title) }
                                }
                                br;
                                (question.text)
                                @if let Some(stored) = stored { (note_and_evidence(stored)) }
                            }
                            td { (answer_cell(data.questionnaire, &line.question, line.outcome)) }
                            td.num { (number(line.weight)) }
                            td.num { @match line.outcome { Outcome::Scored { normalised, .. } => (number(normalised)), _ => span.muted { "—" } } }
                            td.num { @match line.contribution { Some(c) => (number(c)), None => span.muted { "left out" } } }
                            td.num { @match line.headroom { Some(h) => { "+" (number(round_half_away(h, 1))) " pp" }, None => span.muted { "—" } } }
                            td {
                                @match question.level { Some(level) => (level_label(data.model, Some(level))), None => span.muted { "—" } }
                                @if cumulative {
                                    br;
                                    @match line.passes {
                                        Some(true) => span.badge.final { "passes" },
                                        Some(false) => span.badge.bad { "blocks" },
                                        None => span.muted.small { "not applicable" },
                                    }
                                }
                            }
                            td.small {
                                @if let Some(stored) = stored {
                                    (stored.answered_by_email.as_deref().unwrap_or("(deleted user)"))
                                    br;
                                    span.muted { (stored.answered_at.format("%Y-%m-%d %H:%M UTC")) }
                                } @else { span.muted { "—" } }
                            }
                            @if data.can_manage {
                                td {
                                    @let improvable = match line.outcome {
                                        Outcome::Scored { normalised, .. } => normalised < 1.0,
                                        Outcome::Unanswered => true,
                                        Outcome::NotApplicable => false,
                                    };
                                    @if improvable { (raise_action(data.slug, data.assessment, ScopeKind::Question, &question.id)) }
                                }
                            }
                        }
                    }
                }
                tfoot {
                    tr {
                        th { "Sums over answered questions" }
                        th {}
                        th.num { "Σ w = " (number(explanation.weight_sum)) }
                        th {}
                        th.num { "Σ w·a = " (number(explanation.weighted_sum)) }
                        th.num { (format_percent(explanation.percent)) }
                        th {} th {}
                        @if data.can_manage { th {} }
                    }
                }
            }
        }
        p.small.muted { "Headroom: the percent points this scope would gain if the question were fully implemented." }
    }
}

fn answer_cell(
    questionnaire: &Questionnaire,
    question: &crate::content::Question<'_>,
    outcome: Outcome,
) -> Markup {
    html! {
        @match outcome {
            Outcome::Unanswered => span.badge.review { "Unanswered" },
            Outcome::NotApplicable => span.badge { "N/A" },
            Outcome::Scored { value, .. } => {
                @let label = questionnaire
                    .scale(&question.doc.scale)
                    .and_then(|options| options.iter().find(|option| option.value == value))
                    .map(|option| option.label.as_str())
                    .unwrap_or("");
                strong { (value) } " · " (label)
                span.small.muted { " (of " (question.scale_max) ")" }
                @if let Some(meaning) = question.doc.options.get(&value) {
                    br; span.small.muted { (meaning) }
                }
            }
        }
    }
}

/// The note as text; evidence lines as links only when they are http(s) addresses.
fn note_and_evidence(stored: &StoredAnswer) -> Markup {
    let evidence: Vec<&str> = stored
        .evidence
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    html! {
        @if !stored.note.is_empty() {
            div.small { span.muted { "Note: " } (stored.note) }
        }
        @if !evidence.is_empty() {
            div.small {
                span.muted { "Evidence: " }
                @for (i, item) in evidence.iter().enumerate() {
                    @if i > 0 { " · " }
                    @if is_web_link(item) {
                        a href=(item) rel="noopener noreferrer" { (item) }
                    } @else {
                        (item)
                    }
                }
            }
        }
        @if stored.needs_review { span.badge.review { "needs review" } }
    }
}

pub fn is_web_link(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_are_links() {
        assert!(is_web_link("https://wiki.example/cti"));
        assert!(is_web_link("HTTP://intranet/doc"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("ftp://files/x"));
        assert!(!is_web_link("see the binder"));
        assert!(!is_web_link("http"));
    }

    #[test]
    fn changes_are_signed() {
        assert_eq!(points(Some(3.25)), "+3.3 pp");
        assert_eq!(points(Some(-1.0)), "-1.0 pp");
        assert_eq!(points(Some(0.04)), "±0.0 pp");
        assert_eq!(points(None), "—");
        assert_eq!(level_change(Some(2)), "+2 levels");
        assert_eq!(level_change(Some(-1)), "-1 level");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(2.0), "2");
        assert_eq!(number(1.0 / 3.0), "0.333");
        assert_eq!(number(0.5), "0.5");
    }
}
