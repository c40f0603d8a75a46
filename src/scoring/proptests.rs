//! Properties of the scoring rules over random questionnaires and answers.
//!
//! Each case is a random questionnaire (1-6 sections of 1-8 questions, weights 0.5-4 in steps of
//! 0.25, scales of 2-6 options, any subset of a 3-capability model, levels 1-4) with a random
//! answer per question (a value, N/A or unanswered), scored under the threshold and the cumulative
//! rule. The questionnaire is written as JSON (which is YAML) and goes through the same loading and
//! checking as a file, so every generated case is also a valid questionnaire.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::json;

use crate::content::{
    Answer, Answers, LevelRule, Model, Questionnaire, SourceFile, Targets, load_model,
    load_questionnaire,
};
use crate::scoring::{Scorecard, score};

const CAPABILITIES: [&str; 3] = ["cap-a", "cap-b", "cap-c"];
const TOLERANCE: f64 = 1e-9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Response {
    Value(i64),
    NotApplicable,
    Unanswered,
}

#[derive(Debug, Clone)]
struct QuestionSpec {
    id: String,
    weight: f64,
    /// Highest value of the question's scale: 1 to 5 (2 to 6 options).
    scale_max: i64,
    capabilities: Vec<&'static str>,
    level: i64,
    response: Response,
}

#[derive(Debug, Clone)]
struct SectionSpec {
    id: String,
    weight: f64,
    questions: Vec<QuestionSpec>,
}

#[derive(Debug, Clone)]
struct Spec {
    rule: LevelRule,
    sections: Vec<SectionSpec>,
}

impl Spec {
    fn questions_mut(&mut self) -> impl Iterator<Item = &mut QuestionSpec> {
        self.sections
            .iter_mut()
            .flat_map(|s| s.questions.iter_mut())
    }

    fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// The spec without the `n`-th question (in questionnaire order), and without its section if
    /// that was the section's only question.
    fn without_question(&self, n: usize) -> Self {
        let mut spec = self.clone();
        let mut seen = 0;
        for section in &mut spec.sections {
            if n < seen + section.questions.len() {
                section.questions.remove(n - seen);
                break;
            }
            seen += section.questions.len();
        }
        spec.sections
            .retain(|section| !section.questions.is_empty());
        spec
    }
}

fn weight() -> impl Strategy<Value = f64> {
    (2u32..=16).prop_map(|quarters| f64::from(quarters) / 4.0)
}

/// A question without its id: weight, scale, capabilities (bit set), level and response.
fn question() -> impl Strategy<Value = QuestionSpec> {
    (weight(), 1i64..=5, 0usize..8, 1i64..=4, 0u8..6, 0i64..60).prop_map(
        |(weight, scale_max, capability_bits, level, kind, value)| QuestionSpec {
            id: String::new(),
            weight,
            scale_max,
            capabilities: CAPABILITIES
                .iter()
                .enumerate()
                .filter(|(i, _)| capability_bits & (1 << i) != 0)
                .map(|(_, id)| *id)
                .collect(),
            level,
            response: match kind {
                0 => Response::NotApplicable,
                1 => Response::Unanswered,
                _ => Response::Value(value % (scale_max + 1)),
            },
        },
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    let rule = prop_oneof![Just(LevelRule::Threshold), Just(LevelRule::Cumulative)];
    let section = (weight(), prop::collection::vec(question(), 1..=8));
    (rule, prop::collection::vec(section, 1..=6)).prop_map(|(rule, sections)| Spec {
        rule,
        sections: sections
            .into_iter()
            .enumerate()
            .map(|(s, (weight, questions))| SectionSpec {
                id: format!("s{s}"),
                weight,
                questions: questions
                    .into_iter()
                    .enumerate()
                    .map(|(q, question)| QuestionSpec {
                        id: format!("s{s}.q{q}"),
                        ..question
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// A spec and the same spec with its sections, and the questions within each, shuffled.
fn spec_and_shuffled() -> impl Strategy<Value = (Spec, Spec)> {
    spec().prop_flat_map(|spec| {
        let sections: Vec<_> = spec
            .sections
            .iter()
            .map(|section| {
                let (id, weight) = (section.id.clone(), section.weight);
                Just(section.questions.clone())
                    .prop_shuffle()
                    .prop_map(move |questions| SectionSpec {
                        id: id.clone(),
                        weight,
                        questions,
                    })
            })
            .collect();
        let rule = spec.rule;
        let shuffled = sections
            .prop_shuffle()
            .prop_map(move |sections| Spec { rule, sections });
        (Just(spec), shuffled)
    })
}

fn model(rule: LevelRule) -> Model {
    let rule_fields = match rule {
        LevelRule::Threshold => "level_rule: threshold\nthresholds: [0, 25, 50, 75]\n",
        LevelRule::Cumulative => "level_rule: cumulative\n",
    };
    let text = format!(
        "kind: maturity-model\nid: m\nversion: 1.0.0\ntitle: M\n\
         levels:\n  - {{ id: 1, name: One }}\n  - {{ id: 2, name: Two }}\n  \
         - {{ id: 3, name: Three }}\n  - {{ id: 4, name: Four }}\n\
         {rule_fields}\
         capabilities:\n  - {{ id: cap-a, name: A }}\n  - {{ id: cap-b, name: B }}\n  \
         - {{ id: cap-c, name: C }}\n"
    );
    let source = SourceFile {
        name: "model.yaml".into(),
        text,
    };
    load_model(&source).unwrap_or_else(|d| panic!("{d}"))
}

fn questionnaire(spec: &Spec, model: &Model) -> Questionnaire {
    let scales: serde_json::Map<String, serde_json::Value> = (1..=5)
        .map(|max| {
            let options: Vec<_> = (0..=max)
                .map(|value| json!({ "value": value, "label": format!("v{value}") }))
                .collect();
            (format!("max-{max}"), json!(options))
        })
        .collect();
    let sections: Vec<_> = spec
        .sections
        .iter()
        .map(|section| {
            let questions: Vec<_> = section
                .questions
                .iter()
                .map(|q| {
                    json!({
                        "id": q.id,
                        "text": "t",
                        "scale": format!("max-{}", q.scale_max),
                        "weight": q.weight,
                        "capabilities": q.capabilities,
                        "level": q.level,
                    })
                })
                .collect();
            json!({
                "id": section.id,
                "title": "t",
                "weight": section.weight,
                "questions": questions,
            })
        })
        .collect();
    let doc = json!({
        "kind": "questionnaire",
        "id": "q",
        "version": "1.0.0",
        "title": "Q",
        "model": "m",
        "scales": scales,
        "sections": sections,
    });
    let source = SourceFile {
        name: "questionnaire.yaml".into(),
        text: doc.to_string(),
    };
    load_questionnaire(&source, model).unwrap_or_else(|d| panic!("{d}"))
}

fn card(spec: &Spec) -> Scorecard {
    let model = model(spec.rule);
    let questionnaire = questionnaire(spec, &model);
    let mut answers = Answers::default();
    for question in spec.sections.iter().flat_map(|s| &s.questions) {
        let answer = match question.response {
            Response::Value(value) => Answer::value(value),
            Response::NotApplicable => Answer::not_applicable(),
            Response::Unanswered => continue,
        };
        answers
            .insert(&questionnaire, &question.id, answer)
            .unwrap_or_else(|message| panic!("{message}"));
    }
    score(&questionnaire, &model, &answers, &Targets::default())
}

fn same_percent(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < TOLERANCE,
        (None, None) => true,
        _ => false,
    }
}

/// Percents (within 1e-9) and levels of every scope of `a` match those of `b`, compared by id;
/// sections of `a` that `b` lacks must have neither percent nor level.
fn assert_same_scores(a: &Scorecard, b: &Scorecard) -> Result<(), TestCaseError> {
    prop_assert!(
        same_percent(a.overall.percent, b.overall.percent),
        "overall percent {:?} vs {:?}",
        a.overall.percent,
        b.overall.percent
    );
    prop_assert_eq!(a.overall.level, b.overall.level, "overall level");
    for section in &a.sections {
        match b.section(&section.id) {
            Some(other) => {
                prop_assert!(
                    same_percent(section.percent, other.percent),
                    "section {} percent {:?} vs {:?}",
                    section.id,
                    section.percent,
                    other.percent
                );
                prop_assert_eq!(section.level, other.level, "section {} level", section.id);
            }
            None => prop_assert!(
                section.percent.is_none() && section.level.is_none(),
                "section {} only on one side, yet scored",
                section.id
            ),
        }
    }
    prop_assert_eq!(a.capabilities.len(), b.capabilities.len());
    for capability in &a.capabilities {
        let other = b
            .capability(&capability.id)
            .expect("every model capability");
        prop_assert!(
            same_percent(capability.percent, other.percent),
            "capability {} percent {:?} vs {:?}",
            capability.id,
            capability.percent,
            other.percent
        );
        prop_assert_eq!(
            capability.level,
            other.level,
            "capability {} level",
            capability.id
        );
    }
    Ok(())
}

/// `after` is nowhere below `before`: percents (where both have one) and levels.
fn assert_not_lower(before: &Scorecard, after: &Scorecard) -> Result<(), TestCaseError> {
    let not_lower = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => b >= a - TOLERANCE,
        (a, b) => a.is_none() == b.is_none(),
    };
    prop_assert!(not_lower(before.overall.percent, after.overall.percent));
    prop_assert!(after.overall.level >= before.overall.level, "overall level");
    for (a, b) in before.sections.iter().zip(&after.sections) {
        prop_assert!(
            not_lower(a.percent, b.percent),
            "section {} {:?} → {:?}",
            a.id,
            a.percent,
            b.percent
        );
        prop_assert!(b.level >= a.level, "section {} level", a.id);
    }
    for (a, b) in before.capabilities.iter().zip(&after.capabilities) {
        prop_assert!(
            not_lower(a.percent, b.percent),
            "capability {} {:?} → {:?}",
            a.id,
            a.percent,
            b.percent
        );
        prop_assert!(b.level >= a.level, "capability {} level", a.id);
    }
    Ok(())
}

proptest! {
    #[test]
    fn percents_stay_between_0_and_100(spec in spec()) {
        let card = card(&spec);
        let in_range = |p: Option<f64>| p.is_none_or(|p| (0.0..=100.0).contains(&p));
        prop_assert!(in_range(card.overall.percent));
        prop_assert!(in_range(Some(card.overall.counts.completion)));
        for section in &card.sections {
            prop_assert!(in_range(section.percent), "section {:?}", section);
            prop_assert!(in_range(Some(section.counts.completion)));
        }
        for capability in &card.capabilities {
            prop_assert!(in_range(capability.percent), "capability {:?}", capability);
        }
        // Levels are levels of the model, or one below the lowest under the cumulative rule.
        let lowest = if spec.rule == LevelRule::Cumulative { 0 } else { 1 };
        let levels = std::iter::once(card.overall.level)
            .chain(card.sections.iter().map(|s| s.level))
            .chain(card.capabilities.iter().map(|c| c.level));
        for level in levels.flatten() {
            prop_assert!((lowest..=4).contains(&level), "level {level}");
        }
    }

    #[test]
    fn raising_one_answer_lowers_nothing(spec in spec(), pick in any::<Index>(), step in any::<Index>()) {
        let raisable: Vec<usize> = spec
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .enumerate()
            .filter(|(_, q)| matches!(q.response, Response::Value(v) if v < q.scale_max))
            .map(|(n, _)| n)
            .collect();
        prop_assume!(!raisable.is_empty());
        let mut raised = spec.clone();
        let question = raised.questions_mut().nth(raisable[pick.index(raisable.len())]).unwrap();
        let Response::Value(value) = question.response else { unreachable!() };
        let new_value = value + 1 + step.index((question.scale_max - value) as usize) as i64;
        question.response = Response::Value(new_value);
        assert_not_lower(&card(&spec), &card(&raised))?;
    }

    #[test]
    fn na_is_the_same_as_removing_the_question(spec in spec(), pick in any::<Index>()) {
        // Removing the only question would leave no valid questionnaire to compare with.
        prop_assume!(spec.question_count() > 1);
        let n = pick.index(spec.question_count());
        let mut marked = spec.clone();
        marked.questions_mut().nth(n).unwrap().response = Response::NotApplicable;
        let marked_card = card(&marked);
        let removed_card = card(&spec.without_question(n));
        assert_same_scores(&marked_card, &removed_card)?;
        // The N/A question still counts in total and as done; nothing else changes.
        let (m, r) = (marked_card.overall.counts, removed_card.overall.counts);
        prop_assert_eq!((m.total, m.answered, m.na, m.unanswered), (r.total + 1, r.answered, r.na + 1, r.unanswered));
    }

    #[test]
    fn order_of_sections_and_questions_changes_nothing((spec, shuffled) in spec_and_shuffled()) {
        let (a, b) = (card(&spec), card(&shuffled));
        assert_same_scores(&a, &b)?;
        assert_same_scores(&b, &a)?;
        for section in &a.sections {
            prop_assert_eq!(section.counts, b.section(&section.id).unwrap().counts);
        }
        // Sections are reported in questionnaire order.
        let ids: Vec<&str> = b.sections.iter().map(|s| s.id.as_str()).collect();
        let expected: Vec<&str> = shuffled.sections.iter().map(|s| s.id.as_str()).collect();
        prop_assert_eq!(ids, expected);
    }

    #[test]
    fn scaling_every_weight_changes_nothing(spec in spec(), factor in 0.1f64..10.0) {
        let mut scaled = spec.clone();
        for section in &mut scaled.sections {
            section.weight *= factor;
            for question in &mut section.questions {
                question.weight *= factor;
            }
        }
        assert_same_scores(&card(&spec), &card(&scaled))?;
    }
}
