//! The scoring rules, in one pass over the questions.

use crate::content::{Answers, LevelRule, Model, Question, Questionnaire, Response, Targets};

use super::level::{LevelTally, threshold_level};
use super::scorecard::{
    CapabilityScore, Counts, ModelRef, OverallScore, QuestionnaireRef, Scorecard, SectionScore,
};

/// Scores one assessment. `questionnaire` must have been checked against `model`; capabilities
/// that `model` does not know are ignored.
pub fn score(
    questionnaire: &Questionnaire,
    model: &Model,
    answers: &Answers,
    targets: &Targets,
) -> Scorecard {
    let mut sections = vec![Scope::new(model); questionnaire.sections().len()];
    let mut capabilities = vec![Scope::new(model); model.capabilities().len()];
    let mut overall = Scope::new(model);

    for question in questionnaire.questions() {
        let section_id = &questionnaire.sections()[question.section_index].id;
        let outcome = if answers.is_not_relevant(section_id) {
            Outcome::NotApplicable
        } else {
            Outcome::of(&question, answers.response(&question.doc.id))
        };
        let level_index = question
            .doc
            .level
            .map(|level| (level - model.lowest_level()) as usize);
        let weight = question.doc.weight;
        sections[question.section_index].add(outcome, weight, level_index, model);
        overall.add(outcome, weight, level_index, model);
        for capability in &question.doc.capabilities {
            if let Some(index) = model.capability_index(capability) {
                capabilities[index].add(outcome, weight, level_index, model);
            }
        }
    }

    let section_scores: Vec<SectionScore> = questionnaire
        .sections()
        .iter()
        .zip(&sections)
        .map(|(section, scope)| {
            let percent = scope.percent();
            let level = scope.level(model, percent);
            let target = targets.get(&section.id);
            SectionScore {
                id: section.id.clone(),
                percent,
                level,
                target,
                gap: gap(target, level),
                counts: scope.counts(),
                not_relevant: answers.is_not_relevant(&section.id),
            }
        })
        .collect();

    let overall_percent = weighted_mean(
        questionnaire
            .sections()
            .iter()
            .zip(&section_scores)
            .map(|(section, score)| (section.weight, score.percent)),
    );
    let overall_level = match model.level_rule() {
        LevelRule::Threshold => threshold_level(model, overall_percent),
        LevelRule::Cumulative => overall.tally.level(model),
    };

    let capability_scores = model
        .capabilities()
        .iter()
        .zip(&capabilities)
        .map(|(capability, scope)| {
            let percent = scope.percent();
            let level = scope.level(model, percent);
            let target = targets.get(&capability.id);
            CapabilityScore {
                id: capability.id.clone(),
                percent,
                level,
                target,
                gap: gap(target, level),
            }
        })
        .collect();

    Scorecard {
        questionnaire: QuestionnaireRef {
            id: questionnaire.id().to_owned(),
            version: questionnaire.version().to_owned(),
        },
        model: ModelRef {
            id: model.id().to_owned(),
            version: model.version().to_owned(),
            level_rule: model.level_rule().as_str().to_owned(),
        },
        overall: OverallScore {
            percent: overall_percent,
            level: overall_level,
            counts: overall.counts(),
        },
        sections: section_scores,
        capabilities: capability_scores,
    }
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Unanswered,
    NotApplicable,
    /// The normalised value a_q = v_q / m_q.
    Scored(f64),
}

impl Outcome {
    fn of(question: &Question<'_>, response: Option<Response>) -> Self {
        match response {
            None => Self::Unanswered,
            Some(Response::NotApplicable) => Self::NotApplicable,
            Some(Response::Value(value)) => Self::Scored(value as f64 / question.scale_max as f64),
        }
    }
}

/// The running sums of one scope: a section, a capability, or the whole questionnaire.
#[derive(Debug, Clone)]
struct Scope {
    weighted_value: f64,
    weight: f64,
    total: usize,
    answered: usize,
    na: usize,
    tally: LevelTally,
}

impl Scope {
    fn new(model: &Model) -> Self {
        Self {
            weighted_value: 0.0,
            weight: 0.0,
            total: 0,
            answered: 0,
            na: 0,
            tally: LevelTally::new(model),
        }
    }

    fn add(&mut self, outcome: Outcome, weight: f64, level_index: Option<usize>, model: &Model) {
        self.total += 1;
        let passes = match outcome {
            Outcome::NotApplicable => {
                self.na += 1;
                return;
            }
            Outcome::Unanswered => false,
            Outcome::Scored(value) => {
                self.answered += 1;
                self.weighted_value += weight * value;
                self.weight += weight;
                value >= model.pass_ratio()
            }
        };
        if let Some(index) = level_index {
            self.tally.add(index, passes);
        }
    }

    fn percent(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| 100.0 * self.weighted_value / self.weight)
    }

    fn level(&self, model: &Model, percent: Option<f64>) -> Option<i64> {
        match model.level_rule() {
            LevelRule::Threshold => threshold_level(model, percent),
            LevelRule::Cumulative => self.tally.level(model),
        }
    }

    fn counts(&self) -> Counts {
        let unanswered = self.total - self.answered - self.na;
        let completion = if self.total == 0 {
            0.0
        } else {
            100.0 * (self.answered + self.na) as f64 / self.total as f64
        };
        Counts {
            total: self.total,
            answered: self.answered,
            na: self.na,
            unanswered,
            completion,
        }
    }
}

fn weighted_mean(items: impl Iterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let (sum, weight) = items.fold((0.0, 0.0), |(sum, weight), (w, value)| match value {
        Some(value) => (sum + w * value, weight + w),
        None => (sum, weight),
    });
    (weight > 0.0).then(|| sum / weight)
}

fn gap(target: Option<i64>, level: Option<i64>) -> Option<i64> {
    Some(target? - level?)
}
