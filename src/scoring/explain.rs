//! Why a score is what it is: the questions behind a section's or capability's percent and level,
//! the sections behind the overall percent, and the change since an earlier scorecard.
//!
//! Pure like the rest of `scoring`: the same inputs as [`super::score`], and the same rules, so that
//! every number a drill-down page shows adds up to the number on the results page. The level of an
//! explanation is computed independently of `score` (the walk is needed anyway to find what blocks
//! a level); the tests check that both agree.

use std::collections::HashMap;

use crate::content::{Answers, LevelRule, Model, Question, Questionnaire, Response};

use super::level::threshold_level;
use super::scorecard::Scorecard;

/// The part of a questionnaire a percent is computed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRef<'a> {
    /// A section id: the questions of that section.
    Section(&'a str),
    /// A capability id: every question, in any section, that lists the capability.
    Capability(&'a str),
}

/// What one question contributes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Unanswered,
    NotApplicable,
    /// A value of the question's scale and its normalised value a = value / scale maximum.
    Scored {
        value: i64,
        normalised: f64,
    },
}

/// One question in scope, with its part in the sums.
#[derive(Debug, Clone)]
pub struct Line<'q> {
    pub question: Question<'q>,
    pub outcome: Outcome,
    pub weight: f64,
    /// w·a, for a scored question only (N/A and unanswered questions are left out of the sums).
    pub contribution: Option<f64>,
    /// Percent points the scope would gain if this scored question were answered with the
    /// scale's maximum: 100 × w·(1 − a) / Σw.
    pub headroom: Option<f64>,
    /// Cumulative rule, for an applicable question with a level: whether it passes (a ≥ pass
    /// ratio; an unanswered question fails). None otherwise.
    pub passes: Option<bool>,
}

/// Per model level: whether the scope reached it, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCheck<'q> {
    pub level: i64,
    pub reached: bool,
    /// Threshold rule: the minimum percent of the level.
    pub threshold: Option<f64>,
    /// Cumulative rule: applicable questions of this level in scope (N/A ones are not applicable).
    pub applicable: usize,
    /// Cumulative rule: ids of the questions of this level that fail (unanswered, or below the
    /// pass ratio), in questionnaire order. A level with none is still not reached when the level
    /// below it is not.
    pub blocking: Vec<&'q str>,
}

/// The questions of a scope and the sums that make its percent and level.
#[derive(Debug, Clone)]
pub struct Explanation<'q> {
    /// Every question in scope, in questionnaire order.
    pub lines: Vec<Line<'q>>,
    /// Σ w·a over scored questions.
    pub weighted_sum: f64,
    /// Σ w over scored questions.
    pub weight_sum: f64,
    /// 100 × weighted_sum / weight_sum; None without a scored question.
    pub percent: Option<f64>,
    pub level: Option<i64>,
    /// Every level of the model, lowest first.
    pub levels: Vec<LevelCheck<'q>>,
}

/// Explains a section or capability; None when the id is not one of the questionnaire's sections
/// or of the model's capabilities.
pub fn explain<'q>(
    questionnaire: &'q Questionnaire,
    model: &Model,
    answers: &Answers,
    scope: ScopeRef<'_>,
) -> Option<Explanation<'q>> {
    let in_scope: Box<dyn Fn(&Question<'_>) -> bool> = match scope {
        ScopeRef::Section(id) => {
            let index = questionnaire.section_index(id)?;
            Box::new(move |q| q.section_index == index)
        }
        ScopeRef::Capability(id) => {
            model.capability_index(id)?;
            Box::new(move |q| q.doc.capabilities.iter().any(|c| c == id))
        }
    };
    let questions: Vec<Question<'q>> = questionnaire.questions().filter(|q| in_scope(q)).collect();
    Some(explain_questions(questions, model, answers))
}

fn explain_questions<'q>(
    questions: Vec<Question<'q>>,
    model: &Model,
    answers: &Answers,
) -> Explanation<'q> {
    let cumulative = model.level_rule() == LevelRule::Cumulative;
    let mut lines: Vec<Line<'q>> = questions
        .into_iter()
        .map(|question| {
            let outcome = match answers.response(&question.doc.id) {
                None => Outcome::Unanswered,
                Some(Response::NotApplicable) => Outcome::NotApplicable,
                Some(Response::Value(value)) => Outcome::Scored {
                    value,
                    normalised: value as f64 / question.scale_max as f64,
                },
            };
            let weight = question.doc.weight;
            let passes = match outcome {
                _ if !cumulative || question.doc.level.is_none() => None,
                Outcome::NotApplicable => None,
                Outcome::Unanswered => Some(false),
                Outcome::Scored { normalised, .. } => Some(normalised >= model.pass_ratio()),
            };
            let contribution = match outcome {
                Outcome::Scored { normalised, .. } => Some(weight * normalised),
                _ => None,
            };
            Line {
                question,
                outcome,
                weight,
                contribution,
                headroom: None,
                passes,
            }
        })
        .collect();
    let weighted_sum: f64 = lines.iter().filter_map(|line| line.contribution).sum();
    let weight_sum: f64 = lines
        .iter()
        .filter(|line| line.contribution.is_some())
        .map(|line| line.weight)
        .sum();
    let percent = (weight_sum > 0.0).then(|| 100.0 * weighted_sum / weight_sum);
    for line in &mut lines {
        if let Some(contribution) = line.contribution {
            line.headroom = Some(100.0 * (line.weight - contribution) / weight_sum);
        }
    }
    let (level, levels) = check_levels(model, &lines, percent);
    Explanation {
        lines,
        weighted_sum,
        weight_sum,
        percent,
        level,
        levels,
    }
}

fn check_levels<'q>(
    model: &Model,
    lines: &[Line<'q>],
    percent: Option<f64>,
) -> (Option<i64>, Vec<LevelCheck<'q>>) {
    let mut checks: Vec<LevelCheck<'q>> = model
        .levels()
        .iter()
        .enumerate()
        .map(|(index, level)| LevelCheck {
            level: level.id,
            reached: false,
            threshold: model.thresholds().get(index).copied(),
            applicable: 0,
            blocking: Vec::new(),
        })
        .collect();
    let level = match model.level_rule() {
        LevelRule::Threshold => threshold_level(model, percent),
        LevelRule::Cumulative => {
            for line in lines {
                let (Some(level), Some(passes)) = (line.question.doc.level, line.passes) else {
                    continue;
                };
                let check = &mut checks[(level - model.lowest_level()) as usize];
                check.applicable += 1;
                if !passes {
                    check.blocking.push(&line.question.doc.id);
                }
            }
            let any_applicable = checks.iter().any(|check| check.applicable > 0);
            let reached = checks
                .iter()
                .take_while(|check| check.blocking.is_empty())
                .count();
            any_applicable.then(|| model.lowest_level() - 1 + reached as i64)
        }
    };
    for check in &mut checks {
        check.reached = level.is_some_and(|level| check.level <= level);
    }
    (level, checks)
}

/// The next level above `level` under the threshold rule, with its minimum percent.
pub fn next_threshold(model: &Model, level: Option<i64>) -> Option<(i64, f64)> {
    let next = level.map_or(model.lowest_level(), |level| level + 1);
    let index = usize::try_from(next - model.lowest_level()).ok()?;
    let threshold = *model.thresholds().get(index)?;
    Some((next, threshold))
}

/// One section's part in the overall percent.
#[derive(Debug, Clone, PartialEq)]
pub struct OverallLine<'a> {
    pub section_id: &'a str,
    pub weight: f64,
    pub percent: Option<f64>,
    /// W·P, for a section with a percent.
    pub contribution: Option<f64>,
}

/// Overall percent = Σ W·P / Σ W over sections with a percent.
#[derive(Debug, Clone, PartialEq)]
pub struct OverallExplanation<'a> {
    pub lines: Vec<OverallLine<'a>>,
    pub weighted_sum: f64,
    pub weight_sum: f64,
    pub percent: Option<f64>,
}

pub fn explain_overall<'a>(
    questionnaire: &'a Questionnaire,
    scorecard: &Scorecard,
) -> OverallExplanation<'a> {
    let lines: Vec<OverallLine<'a>> = questionnaire
        .sections()
        .iter()
        .map(|section| {
            let percent = scorecard
                .section(&section.id)
                .and_then(|score| score.percent);
            OverallLine {
                section_id: &section.id,
                weight: section.weight,
                percent,
                contribution: percent.map(|p| section.weight * p),
            }
        })
        .collect();
    let weighted_sum = lines.iter().filter_map(|line| line.contribution).sum();
    let weight_sum: f64 = lines
        .iter()
        .filter(|line| line.contribution.is_some())
        .map(|line| line.weight)
        .sum();
    OverallExplanation {
        lines,
        weighted_sum,
        weight_sum,
        percent: (weight_sum > 0.0).then(|| weighted_sum / weight_sum),
    }
}

/// The cumulative levels of the whole questionnaire (the overall level under that rule), with
/// the questions that block each level.
pub fn explain_overall_levels<'q>(
    questionnaire: &'q Questionnaire,
    model: &Model,
    answers: &Answers,
) -> Explanation<'q> {
    explain_questions(questionnaire.questions().collect(), model, answers)
}

/// How one score moved since an earlier scorecard: None where either side has no value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub percent_points: Option<f64>,
    pub levels: Option<i64>,
}

impl Change {
    fn between(current: (Option<f64>, Option<i64>), previous: (Option<f64>, Option<i64>)) -> Self {
        Self {
            percent_points: current.0.zip(previous.0).map(|(now, then)| now - then),
            levels: current.1.zip(previous.1).map(|(now, then)| now - then),
        }
    }
}

/// Changes since an earlier scorecard, matched by section and capability id (questionnaire
/// versions may differ). Ids without a counterpart in the earlier scorecard have no entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub overall: Change,
    pub sections: HashMap<String, Change>,
    pub capabilities: HashMap<String, Change>,
    /// Section ids of the current scorecard that the earlier one lacks.
    pub new_sections: Vec<String>,
    /// Section ids of the earlier scorecard that the current one lacks.
    pub dropped_sections: Vec<String>,
}

pub fn compare(current: &Scorecard, previous: &Scorecard) -> Comparison {
    let mut sections = HashMap::new();
    let mut new_sections = Vec::new();
    for section in &current.sections {
        match previous.section(&section.id) {
            Some(before) => {
                let change = Change::between(
                    (section.percent, section.level),
                    (before.percent, before.level),
                );
                sections.insert(section.id.clone(), change);
            }
            None => new_sections.push(section.id.clone()),
        }
    }
    let dropped_sections = previous
        .sections
        .iter()
        .filter(|before| current.section(&before.id).is_none())
        .map(|before| before.id.clone())
        .collect();
    let capabilities = current
        .capabilities
        .iter()
        .filter_map(|capability| {
            let before = previous.capability(&capability.id)?;
            let change = Change::between(
                (capability.percent, capability.level),
                (before.percent, before.level),
            );
            Some((capability.id.clone(), change))
        })
        .collect();
    Comparison {
        overall: Change::between(
            (current.overall.percent, current.overall.level),
            (previous.overall.percent, previous.overall.level),
        ),
        sections,
        capabilities,
        new_sections,
        dropped_sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{SourceFile, Targets, load_answers, load_model, load_questionnaire};
    use crate::scoring::score;

    const EPSILON: f64 = 1e-9;

    const THRESHOLD_MODEL: &str = "\
kind: maturity-model
id: m
version: 1.0.0
title: Threshold model
levels:
  - { id: 1, name: Initial }
  - { id: 2, name: Developing }
  - { id: 3, name: Defined }
  - { id: 4, name: Managed }
  - { id: 5, name: Optimising }
level_rule: threshold
thresholds: [0, 20, 40, 60, 80]
capabilities:
  - { id: cap-a, name: A }
  - { id: cap-b, name: B }
";

    const CUMULATIVE_MODEL: &str = "\
kind: maturity-model
id: m
version: 1.0.0
title: Cumulative model
levels:
  - { id: 1, name: Initial }
  - { id: 2, name: Developing }
  - { id: 3, name: Defined }
  - { id: 4, name: Managed }
level_rule: cumulative
capabilities:
  - { id: cap-a, name: A }
";

    const HEADER: &str = "\
kind: questionnaire
id: q
version: 1.0.0
title: Test questionnaire
model: m
scales:
  yes-no:
    - { value: 0, label: Absent }
    - { value: 1, label: Present }
  four:
    - { value: 0, label: Not implemented }
    - { value: 1, label: Partially }
    - { value: 2, label: Largely }
    - { value: 3, label: Fully }
  five:
    - { value: 0, label: Zero }
    - { value: 1, label: One }
    - { value: 2, label: Two }
    - { value: 3, label: Three }
    - { value: 4, label: Four }
sections:
";

    fn source(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }

    fn load(model_text: &str, sections: &str, answers: &str) -> (Model, Questionnaire, Answers) {
        let model = load_model(&source("m.yaml", model_text)).unwrap();
        let text = format!("{HEADER}{sections}");
        let questionnaire = load_questionnaire(&source("q.yaml", &text), &model).unwrap();
        let text = format!("kind: answers\nquestionnaire: q\n{answers}");
        let (checked, _) = load_answers(&source("a.yaml", &text), &questionnaire, &model).unwrap();
        (model, questionnaire, checked.answers)
    }

    #[track_caller]
    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a number, not null");
        assert!(
            (actual - expected).abs() < EPSILON,
            "expected {expected}, found {actual}"
        );
    }

    const SECTION: &str = "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, weight: 2, capabilities: [cap-a] }
      - { id: s1.b, text: t, scale: four, capabilities: [cap-b] }
      - { id: s1.c, text: t, scale: five }
      - { id: s1.d, text: t, scale: four }
      - { id: s1.e, text: t, scale: four }
  - id: s2
    title: S2
    weight: 3
    questions:
      - { id: s2.a, text: t, scale: yes-no, capabilities: [cap-a], weight: 2 }
";

    #[test]
    fn section_lines_hold_contributions_and_sums() {
        let (model, questionnaire, answers) = load(
            THRESHOLD_MODEL,
            SECTION,
            "answers: { s1.a: 3, s1.b: 1, s1.c: 2, s1.d: na, s2.a: 0 }\n",
        );
        let explained = explain(&questionnaire, &model, &answers, ScopeRef::Section("s1")).unwrap();
        let ids: Vec<&str> = explained
            .lines
            .iter()
            .map(|l| l.question.doc.id.as_str())
            .collect();
        assert_eq!(ids, ["s1.a", "s1.b", "s1.c", "s1.d", "s1.e"]);
        // a = 3/3 = 1 (w 2), 1/3 (w 1), 2/4 = 0.5 (w 1); d is N/A and e unanswered: no part.
        let lines = &explained.lines;
        assert_eq!(
            lines[0].outcome,
            Outcome::Scored {
                value: 3,
                normalised: 1.0
            }
        );
        close(lines[0].contribution, 2.0);
        close(lines[1].contribution, 1.0 / 3.0);
        close(lines[2].contribution, 0.5);
        assert_eq!(lines[3].outcome, Outcome::NotApplicable);
        assert_eq!(lines[3].contribution, None);
        assert_eq!(lines[4].outcome, Outcome::Unanswered);
        assert_eq!(lines[4].contribution, None);
        // Σ w·a = 2 + 1/3 + 1/2 = 17/6; Σ w = 4; percent = 100 × 17/24 = 70.833…
        close(Some(explained.weighted_sum), 17.0 / 6.0);
        close(Some(explained.weight_sum), 4.0);
        close(explained.percent, 1700.0 / 24.0);
        // Headroom: 100 × w(1 − a) / 4: 0 for a; 100 × (2/3) / 4 = 16.67 for b; 100 × 0.5 / 4 = 12.5 for c.
        close(lines[0].headroom, 0.0);
        close(lines[1].headroom, 50.0 / 3.0);
        close(lines[2].headroom, 12.5);
        assert_eq!(lines[4].headroom, None);
        // Threshold rule: 70.8 ≥ 60 → level 4; levels 1-4 reached, 5 (80) not; no pass flags.
        assert_eq!(explained.level, Some(4));
        let reached: Vec<bool> = explained.levels.iter().map(|c| c.reached).collect();
        assert_eq!(reached, [true, true, true, true, false]);
        assert_eq!(explained.levels[4].threshold, Some(80.0));
        assert!(lines.iter().all(|line| line.passes.is_none()));
        // The same numbers as the scorecard.
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        assert_eq!(card.section("s1").unwrap().percent, explained.percent);
        assert_eq!(card.section("s1").unwrap().level, explained.level);
    }

    #[test]
    fn capability_scope_spans_sections() {
        let (model, questionnaire, answers) = load(
            THRESHOLD_MODEL,
            SECTION,
            "answers: { s1.a: 3, s1.b: 1, s2.a: 0 }\n",
        );
        let explained = explain(
            &questionnaire,
            &model,
            &answers,
            ScopeRef::Capability("cap-a"),
        )
        .unwrap();
        let ids: Vec<&str> = explained
            .lines
            .iter()
            .map(|l| l.question.doc.id.as_str())
            .collect();
        assert_eq!(ids, ["s1.a", "s2.a"]);
        // s1.a: w 2, a 1; s2.a: w 2, a 0 → 100 × 2 / 4 = 50; section weights play no part.
        close(Some(explained.weighted_sum), 2.0);
        close(Some(explained.weight_sum), 4.0);
        close(explained.percent, 50.0);
        // Headroom of s2.a: 100 × 2 × 1 / 4 = 50 points.
        close(explained.lines[1].headroom, 50.0);
        // 50 ≥ 40 → level 3.
        assert_eq!(explained.level, Some(3));
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        assert_eq!(card.capability("cap-a").unwrap().percent, explained.percent);
        assert_eq!(card.capability("cap-a").unwrap().level, explained.level);
    }

    #[test]
    fn unknown_scopes_have_no_explanation() {
        let (model, questionnaire, answers) = load(THRESHOLD_MODEL, SECTION, "answers: {}\n");
        assert!(explain(&questionnaire, &model, &answers, ScopeRef::Section("nope")).is_none());
        assert!(explain(&questionnaire, &model, &answers, ScopeRef::Capability("s1")).is_none());
        assert!(explain(&questionnaire, &model, &answers, ScopeRef::Section("cap-a")).is_none());
    }

    #[test]
    fn scope_without_scored_question_has_no_percent_nor_level() {
        let (model, questionnaire, answers) =
            load(THRESHOLD_MODEL, SECTION, "answers: { s2.a: na }\n");
        let explained = explain(&questionnaire, &model, &answers, ScopeRef::Section("s2")).unwrap();
        assert_eq!(explained.percent, None);
        assert_eq!(explained.level, None);
        assert_eq!(explained.weight_sum, 0.0);
        assert!(explained.levels.iter().all(|check| !check.reached));
    }

    const CUMULATIVE_SECTION: &str = "
  - id: s1
    title: S1
    questions:
      - { id: s1.l1a, text: t, scale: four, level: 1, capabilities: [cap-a] }
      - { id: s1.l1b, text: t, scale: four, level: 1 }
      - { id: s1.l2a, text: t, scale: four, level: 2 }
      - { id: s1.l2b, text: t, scale: four, level: 2 }
      - { id: s1.l3a, text: t, scale: four, level: 3 }
";

    #[test]
    fn cumulative_levels_name_the_questions_that_block_them() {
        // Pass ratio 0.6: 2/3 = 0.67 passes, 1/3 = 0.33 fails; l2b is N/A, l3a unanswered.
        let (model, questionnaire, answers) = load(
            CUMULATIVE_MODEL,
            CUMULATIVE_SECTION,
            "answers: { s1.l1a: 2, s1.l1b: 1, s1.l2a: 3, s1.l2b: na }\n",
        );
        let explained = explain(&questionnaire, &model, &answers, ScopeRef::Section("s1")).unwrap();
        let passes: Vec<Option<bool>> = explained.lines.iter().map(|l| l.passes).collect();
        assert_eq!(
            passes,
            [Some(true), Some(false), Some(true), None, Some(false)]
        );
        // Level 1 is blocked by l1b, so nothing is reached: one below the lowest level, 0.
        assert_eq!(explained.level, Some(0));
        let l = &explained.levels;
        assert_eq!((l[0].level, l[0].applicable, l[0].reached), (1, 2, false));
        assert_eq!(l[0].blocking, ["s1.l1b"]);
        // Level 2 has no failing question (l2b is N/A, not applicable) but the level below failed.
        assert_eq!((l[1].applicable, l[1].reached), (1, false));
        assert!(l[1].blocking.is_empty());
        assert_eq!(l[2].blocking, ["s1.l3a"]);
        assert_eq!((l[3].applicable, l[3].reached), (0, false));
        assert_eq!(l[0].threshold, None);
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        assert_eq!(card.section("s1").unwrap().level, Some(0));

        // With l1b at 2 (passes): levels 1 and 2 reached, 3 blocked by the unanswered l3a → 2.
        let (model, questionnaire, answers) = load(
            CUMULATIVE_MODEL,
            CUMULATIVE_SECTION,
            "answers: { s1.l1a: 2, s1.l1b: 2, s1.l2a: 3, s1.l2b: na }\n",
        );
        let explained = explain(&questionnaire, &model, &answers, ScopeRef::Section("s1")).unwrap();
        assert_eq!(explained.level, Some(2));
        let reached: Vec<bool> = explained.levels.iter().map(|c| c.reached).collect();
        assert_eq!(reached, [true, true, false, false]);
        assert_eq!(explained.levels[2].blocking, ["s1.l3a"]);
        // The percent still follows the weighted mean: (2/3 + 2/3 + 1) / 3 = 7/9 → 77.78.
        close(explained.percent, 700.0 / 9.0);
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        assert_eq!(card.section("s1").unwrap().level, Some(2));
        assert_eq!(card.section("s1").unwrap().percent, explained.percent);
        let overall = explain_overall_levels(&questionnaire, &model, &answers);
        assert_eq!(overall.level, card.overall.level);
    }

    #[test]
    fn next_threshold_follows_the_current_level() {
        let model = load_model(&source("m.yaml", THRESHOLD_MODEL)).unwrap();
        assert_eq!(next_threshold(&model, Some(3)), Some((4, 60.0)));
        assert_eq!(next_threshold(&model, Some(5)), None);
        assert_eq!(next_threshold(&model, None), Some((1, 0.0)));
        let model = load_model(&source("m.yaml", CUMULATIVE_MODEL)).unwrap();
        assert_eq!(next_threshold(&model, Some(1)), None);
    }

    #[test]
    fn overall_is_explained_by_section_weights() {
        let (model, questionnaire, answers) = load(
            THRESHOLD_MODEL,
            SECTION,
            "answers: { s1.a: 3, s1.b: 0, s2.a: 1 }\n",
        );
        // s1: (2·1 + 1·0) / 3 = 66.67 (weight 1); s2: 100 (weight 3).
        // Overall = (66.67 + 300) / 4 = 91.67.
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        let overall = explain_overall(&questionnaire, &card);
        assert_eq!(overall.lines.len(), 2);
        close(overall.lines[0].contribution, 200.0 / 3.0);
        close(overall.lines[1].contribution, 300.0);
        close(Some(overall.weight_sum), 4.0);
        close(overall.percent, 1100.0 / 12.0);
        close(card.overall.percent, 1100.0 / 12.0);
    }

    #[test]
    fn overall_skips_sections_without_percent() {
        let (model, questionnaire, answers) =
            load(THRESHOLD_MODEL, SECTION, "answers: { s1.a: 3, s2.a: na }\n");
        let card = score(&questionnaire, &model, &answers, &Targets::default());
        let overall = explain_overall(&questionnaire, &card);
        // Only s1 (100, weight 1) counts: s2 has no percent and its weight 3 is left out.
        assert_eq!(overall.lines[1].contribution, None);
        close(Some(overall.weight_sum), 1.0);
        close(overall.percent, 100.0);
    }

    #[test]
    fn comparison_matches_by_id_and_reports_the_rest() {
        let (model, questionnaire, answers) = load(
            THRESHOLD_MODEL,
            SECTION,
            "answers: { s1.a: 3, s1.b: 0, s2.a: 1 }\n",
        );
        let current = score(&questionnaire, &model, &answers, &Targets::default());
        let (_, _, earlier) = load(
            THRESHOLD_MODEL,
            SECTION,
            "answers: { s1.a: 0, s1.b: 0, s2.a: na }\n",
        );
        let mut previous = score(&questionnaire, &model, &earlier, &Targets::default());
        // The earlier questionnaire called the second section differently.
        previous.sections[1].id = "old-s2".to_owned();
        let comparison = compare(&current, &previous);
        // s1: 66.67 now (level 4), 0 then (level 1): +66.67 points, +3 levels.
        let s1 = comparison.sections["s1"];
        close(s1.percent_points, 200.0 / 3.0);
        assert_eq!(s1.levels, Some(3));
        assert!(!comparison.sections.contains_key("s2"));
        assert_eq!(comparison.new_sections, ["s2"]);
        assert_eq!(comparison.dropped_sections, ["old-s2"]);
        // Overall: 91.67 now; then only s1 had a percent (0): +91.67 points, level 5 − 1 = +4.
        close(comparison.overall.percent_points, 1100.0 / 12.0);
        assert_eq!(comparison.overall.levels, Some(4));
        // cap-a: s1.a (w 2, a 1) and s2.a (w 2, a 1) = 100 now; then s1.a (a 0) only = 0.
        close(comparison.capabilities["cap-a"].percent_points, 100.0);
        // cap-b: 0 now and 0 then → 0 points, 0 levels.
        close(comparison.capabilities["cap-b"].percent_points, 0.0);
        assert_eq!(comparison.capabilities["cap-b"].levels, Some(0));
    }

    #[test]
    fn change_is_null_when_either_side_has_no_score() {
        let change = Change::between((Some(50.0), Some(3)), (None, None));
        assert_eq!(change.percent_points, None);
        assert_eq!(change.levels, None);
    }
}
