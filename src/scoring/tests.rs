//! One test per rule of CONTENT.md "Scoring rules", on small models and questionnaires written as
//! YAML and loaded through the same functions as real content. Expected numbers are worked out by
//! hand in the comment above each assertion.

use crate::content::{
    Model, Questionnaire, SourceFile, load_answers, load_model, load_questionnaire,
};
use crate::scoring::{Scorecard, score};

const EPSILON: f64 = 1e-9;

/// Five levels from 1, thresholds [0, 20, 40, 60, 80], three capabilities.
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
  - { id: cap-c, name: C }
";

/// Four levels from 1, cumulative rule with the default pass ratio (0.6), three capabilities.
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
  - { id: cap-b, name: B }
  - { id: cap-c, name: C }
";

/// Questionnaire header: scales `yes-no` (0-1), `four` (0-3) and `five` (0-4); `sections:` follows.
const QUESTIONNAIRE_HEADER: &str = "\
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

fn model(text: &str) -> Model {
    load_model(&source("model.yaml", text)).unwrap_or_else(|d| panic!("model: {d}"))
}

fn questionnaire(model: &Model, sections: &str) -> Questionnaire {
    let text = format!("{QUESTIONNAIRE_HEADER}{sections}");
    load_questionnaire(&source("questionnaire.yaml", &text), model)
        .unwrap_or_else(|d| panic!("questionnaire: {d}"))
}

/// Scores `answers` (the body of an answers file after its `kind` and `questionnaire` lines).
fn score_yaml(model_text: &str, sections: &str, answers: &str) -> Scorecard {
    let model = model(model_text);
    let questionnaire = questionnaire(&model, sections);
    let text = format!("kind: answers\nquestionnaire: q\n{answers}");
    let (checked, warnings) = load_answers(&source("answers.yaml", &text), &questionnaire, &model)
        .unwrap_or_else(|d| panic!("answers: {d}"));
    assert!(warnings.0.is_empty(), "unexpected warnings: {warnings}");
    score(&questionnaire, &model, &checked.answers, &checked.targets)
}

#[track_caller]
fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a percent, not null");
    assert!(
        (actual - expected).abs() < EPSILON,
        "expected {expected}, found {actual}"
    );
}

fn section_percent(card: &Scorecard, id: &str) -> Option<f64> {
    card.section(id).expect("section").percent
}

fn section_level(card: &Scorecard, id: &str) -> Option<i64> {
    card.section(id).expect("section").level
}

fn capability_percent(card: &Scorecard, id: &str) -> Option<f64> {
    card.capability(id).expect("capability").percent
}

fn capability_level(card: &Scorecard, id: &str) -> Option<i64> {
    card.capability(id).expect("capability").level
}

#[test]
fn section_percent_is_the_weighted_mean_of_normalised_values() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, weight: 2 }
      - { id: s1.b, text: t, scale: four }
      - { id: s1.c, text: t, scale: five }
",
        "answers: { s1.a: 3, s1.b: 1, s1.c: 2 }\n",
    );
    // a = 3/3 = 1, 1/3, 2/4 = 0.5; weights 2, 1, 1.
    // 100 × (2·1 + 1·(1/3) + 1·0.5) / (2 + 1 + 1) = 100 × (17/6) / 4 = 70.8333…
    assert_close(section_percent(&card, "s1"), 1700.0 / 24.0);
}

#[test]
fn question_weights_scale_each_contribution() {
    let sections = "
  - id: s1
    title: S1
    questions:
      - { id: s1.heavy, text: t, scale: yes-no, weight: 3 }
      - { id: s1.light, text: t, scale: yes-no }
";
    // Weights 3 and 1 (default). Heavy yes, light no: 100 × 3 / 4 = 75.
    let card = score_yaml(
        THRESHOLD_MODEL,
        sections,
        "answers: { s1.heavy: 1, s1.light: 0 }\n",
    );
    assert_close(section_percent(&card, "s1"), 75.0);
    // Heavy no, light yes: 100 × 1 / 4 = 25 (an unweighted mean would give 50 both times).
    let card = score_yaml(
        THRESHOLD_MODEL,
        sections,
        "answers: { s1.heavy: 0, s1.light: 1 }\n",
    );
    assert_close(section_percent(&card, "s1"), 25.0);
}

#[test]
fn capability_percent_spans_sections_and_counts_shared_questions_fully() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    weight: 5
    questions:
      - { id: s1.a, text: t, scale: four, weight: 2, capabilities: [cap-a, cap-b] }
      - { id: s1.b, text: t, scale: four, capabilities: [cap-b] }
  - id: s2
    title: S2
    questions:
      - { id: s2.a, text: t, scale: yes-no, capabilities: [cap-a] }
      - { id: s2.b, text: t, scale: five }
",
        "answers: { s1.a: 3, s1.b: 0, s2.a: 0, s2.b: 4 }\n",
    );
    // cap-a: s1.a (w 2, a 1) and s2.a (w 1, a 0) from two sections; section weights play no part:
    // 100 × 2 / 3 = 66.67.
    assert_close(capability_percent(&card, "cap-a"), 200.0 / 3.0);
    // cap-b: s1.a again with its full weight 2 (a 1), and s1.b (w 1, a 0): 100 × 2 / 3 = 66.67.
    assert_close(capability_percent(&card, "cap-b"), 200.0 / 3.0);
    // Threshold levels: 66.67 ≥ 60 → level 4 for both.
    assert_eq!(capability_level(&card, "cap-a"), Some(4));
    assert_eq!(capability_level(&card, "cap-b"), Some(4));
}

#[test]
fn overall_is_the_section_weighted_mean_skipping_sections_without_percent() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    weight: 2
    questions:
      - { id: s1.a, text: t, scale: yes-no }
      - { id: s1.b, text: t, scale: yes-no }
      - { id: s1.c, text: t, scale: yes-no }
      - { id: s1.d, text: t, scale: yes-no }
  - id: s2
    title: S2
    questions:
      - { id: s2.a, text: t, scale: five }
  - id: s3
    title: S3
    weight: 5
    questions:
      - { id: s3.a, text: t, scale: four }
      - { id: s3.b, text: t, scale: four }
",
        "answers: { s1.a: 1, s1.b: 1, s1.c: 0, s1.d: 0, s2.a: 0, s3.a: na }\n",
    );
    // s1 = 2/4 = 50 (weight 2), s2 = 0/4 = 0 (weight 1), s3 has no scored question: null.
    assert_close(section_percent(&card, "s1"), 50.0);
    assert_close(section_percent(&card, "s2"), 0.0);
    assert_eq!(section_percent(&card, "s3"), None);
    // Overall = (2·50 + 1·0) / (2 + 1) = 33.33. Counting s3 as 0 would give 100 / 8 = 12.5;
    // a mean over questions would give 2 / 5 = 40.
    assert_close(card.overall.percent, 100.0 / 3.0);
    // 33.33 ≥ 20, < 40 → level 2.
    assert_eq!(card.overall.level, Some(2));
}

#[test]
fn counts_and_completion_per_section_and_overall() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four }
      - { id: s1.b, text: t, scale: four }
      - { id: s1.c, text: t, scale: four }
      - { id: s1.d, text: t, scale: four }
  - id: s2
    title: S2
    questions:
      - { id: s2.a, text: t, scale: four }
      - { id: s2.b, text: t, scale: four }
      - { id: s2.c, text: t, scale: four }
      - { id: s2.d, text: t, scale: four }
",
        "answers: { s1.a: 0, s1.b: 3, s1.c: na, s2.a: na, s2.b: na }\n",
    );
    // s1: 4 questions, answered 2 (a 0 counts as answered), 1 N/A, 1 unanswered; completion
    // 100 × (2 + 1) / 4 = 75.
    let s1 = card.section("s1").unwrap().counts;
    assert_eq!((s1.total, s1.answered, s1.na, s1.unanswered), (4, 2, 1, 1));
    assert_close(Some(s1.completion), 75.0);
    // s2: answered 0, N/A 2, unanswered 2: completion 100 × 2 / 4 = 50.
    let s2 = card.section("s2").unwrap().counts;
    assert_eq!((s2.total, s2.answered, s2.na, s2.unanswered), (4, 0, 2, 2));
    assert_close(Some(s2.completion), 50.0);
    // Overall: 8 questions, 2 answered, 3 N/A, 3 unanswered: 100 × 5 / 8 = 62.5.
    let all = card.overall.counts;
    assert_eq!(
        (all.total, all.answered, all.na, all.unanswered),
        (8, 2, 3, 3)
    );
    assert_close(Some(all.completion), 62.5);
}

#[test]
fn na_and_unanswered_are_left_out_of_percent_but_only_na_completes() {
    let sections = "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four }
      - { id: s1.b, text: t, scale: four }
      - { id: s1.c, text: t, scale: four }
";
    let na = score_yaml(
        THRESHOLD_MODEL,
        sections,
        "answers: { s1.a: 3, s1.b: na, s1.c: na }\n",
    );
    let unanswered = score_yaml(THRESHOLD_MODEL, sections, "answers: { s1.a: 3 }\n");
    let zero = score_yaml(
        THRESHOLD_MODEL,
        sections,
        "answers: { s1.a: 3, s1.b: 0, s1.c: 0 }\n",
    );
    // Only s1.a is scored in the first two: 100 × 1 / 1 = 100, not 100 / 3 = 33.33.
    assert_close(section_percent(&na, "s1"), 100.0);
    assert_close(section_percent(&unanswered, "s1"), 100.0);
    // Answering 0 is not the same: 100 × 1 / 3.
    assert_close(section_percent(&zero, "s1"), 100.0 / 3.0);
    // Completion: N/A counts as done (3 of 3), unanswered does not (1 of 3).
    assert_close(Some(na.section("s1").unwrap().counts.completion), 100.0);
    assert_close(
        Some(unanswered.section("s1").unwrap().counts.completion),
        100.0 / 3.0,
    );
}

#[test]
fn threshold_level_is_the_highest_threshold_reached_including_the_boundary() {
    let five_yes_no = "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: yes-no }
      - { id: s1.b, text: t, scale: yes-no }
      - { id: s1.c, text: t, scale: yes-no }
      - { id: s1.d, text: t, scale: yes-no }
      - { id: s1.e, text: t, scale: yes-no }
";
    // Thresholds [0, 20, 40, 60, 80] for levels 1-5; k of 5 yes = 20k percent, exactly on a
    // threshold each time: 0 → 1, 20 → 2, 40 → 3, 60 → 4, 80 → 5, 100 → 5.
    let ids = ["s1.a", "s1.b", "s1.c", "s1.d", "s1.e"];
    for (yes, level) in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 5)] {
        let answers: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("{id}: {}", u8::from(i < yes)))
            .collect();
        let card = score_yaml(
            THRESHOLD_MODEL,
            five_yes_no,
            &format!("answers: {{ {} }}\n", answers.join(", ")),
        );
        assert_close(section_percent(&card, "s1"), 20.0 * yes as f64);
        assert_eq!(section_level(&card, "s1"), Some(level), "{yes} of 5 yes");
    }

    // 9 of 15 points on a 0-3 scale is 60 % exactly, but summing 0 + 2/3 + 2/3 + 1 + 2/3 in f64
    // gives 59.999999999999986: the level must still be 4, not 3.
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four }
      - { id: s1.b, text: t, scale: four }
      - { id: s1.c, text: t, scale: four }
      - { id: s1.d, text: t, scale: four }
      - { id: s1.e, text: t, scale: four }
",
        "answers: { s1.a: 0, s1.b: 2, s1.c: 2, s1.d: 3, s1.e: 2 }\n",
    );
    assert_close(section_percent(&card, "s1"), 60.0);
    assert_eq!(section_level(&card, "s1"), Some(4));

    // Just under a threshold: on a 0-4 scale, 3/4 with weight 1 and 0 with weight 3:
    // 100 × 0.75 / 4 = 18.75 < 20 → level 1.
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: five }
      - { id: s1.b, text: t, scale: five, weight: 3 }
",
        "answers: { s1.a: 3, s1.b: 0 }\n",
    );
    assert_close(section_percent(&card, "s1"), 18.75);
    assert_eq!(section_level(&card, "s1"), Some(1));
}

/// Sections for the cumulative rule: s1 holds practices of levels 1, 2, 3 (and none of level 4).
const CUMULATIVE_SECTIONS: &str = "
  - id: s1
    title: S1
    questions:
      - { id: s1.l1a, text: t, scale: four, level: 1 }
      - { id: s1.l1b, text: t, scale: four, level: 1 }
      - { id: s1.l2a, text: t, scale: four, level: 2 }
      - { id: s1.l2b, text: t, scale: four, level: 2 }
      - { id: s1.l3a, text: t, scale: four, level: 3 }
";

#[test]
fn cumulative_level_needs_every_practice_of_the_level_and_below() {
    // On a 0-3 scale with pass ratio 0.6: 2/3 = 0.67 passes, 1/3 = 0.33 fails.
    // Level 1 passes, one level-2 practice fails, level 3 passes: level 2 is not reached, so
    // level 3 cannot be either → 1.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 2, s1.l2a: 2, s1.l2b: 1, s1.l3a: 3 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(1));
    // With s1.l2b raised to 2, levels 1-3 pass; level 4 has no practice, so it is reached
    // because level 3 was → 4.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 2, s1.l2a: 2, s1.l2b: 2, s1.l3a: 3 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(4));
    // The percent is still computed: (3 + 2 + 2 + 2 + 3) / 15 = 80.
    assert_close(section_percent(&card, "s1"), 80.0);
}

#[test]
fn cumulative_unanswered_practice_blocks_its_level() {
    // Everything answered 3 except s1.l2b, left unanswered: level 2 is not reached → 1.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 3, s1.l2a: 3, s1.l3a: 3 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(1));
    // Marked N/A instead, it is no longer applicable: levels 1-3 pass, 4 has none → 4.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 3, s1.l2a: 3, s1.l2b: na, s1.l3a: 3 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(4));
}

#[test]
fn cumulative_level_without_applicable_practice_follows_the_level_below() {
    // Both level-2 practices N/A: level 2 has no applicable question and is reached because
    // level 1 is; level 3 passes; level 4 has none → 4.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 2, s1.l2a: na, s1.l2b: na, s1.l3a: 2 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(4));
    // Same, but level 3 fails: level 2 (no practice) is reached, level 3 is not → 2.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 3, s1.l1b: 2, s1.l2a: na, s1.l2b: na, s1.l3a: 1 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(2));
}

#[test]
fn cumulative_lowest_level_not_reached_gives_one_below_it() {
    // A level-1 practice at 1/3 fails: the lowest level (1) is not reached → 0, even though
    // every higher practice passes.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        CUMULATIVE_SECTIONS,
        "answers: { s1.l1a: 1, s1.l1b: 3, s1.l2a: 3, s1.l2b: 3, s1.l3a: 3 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(0));
    assert_eq!(card.overall.level, Some(0));

    // A model whose levels start at 0: one below the lowest is −1.
    let zero_based = CUMULATIVE_MODEL.replace(
        "  - { id: 1, name: Initial }\n",
        "  - { id: 0, name: None }\n  - { id: 1, name: Initial }\n",
    );
    let zero_based = zero_based.replace("  - { id: 4, name: Managed }\n", "");
    let card = score_yaml(
        &zero_based,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.l0, text: t, scale: yes-no, level: 0 }
      - { id: s1.l1, text: t, scale: yes-no, level: 1 }
",
        "answers: { s1.l0: 0, s1.l1: 1 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(-1));
}

#[test]
fn cumulative_pass_ratio_is_inclusive_and_configurable() {
    let sections = "
  - id: s1
    title: S1
    questions:
      - { id: s1.l1, text: t, scale: five, level: 1 }
      - { id: s1.l2, text: t, scale: five, level: 2 }
";
    // Default 0.6 on a 0-4 scale: 3/4 = 0.75 passes, 2/4 = 0.5 fails → level 1.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        sections,
        "answers: { s1.l1: 3, s1.l2: 2 }\n",
    );
    assert_eq!(section_level(&card, "s1"), Some(1));
    // pass_ratio 0.5: 2/4 = 0.5 now passes (≥, not >); levels 3 and 4 have no practice → 4.
    let half = CUMULATIVE_MODEL.replace(
        "level_rule: cumulative\n",
        "level_rule: cumulative\npass_ratio: 0.5\n",
    );
    let card = score_yaml(&half, sections, "answers: { s1.l1: 3, s1.l2: 2 }\n");
    assert_eq!(section_level(&card, "s1"), Some(4));
    // pass_ratio 0.75: 3/4 passes exactly on the boundary, 2/4 fails → level 1; and with
    // level 1 at 2/4 nothing is reached → 0.
    let strict = CUMULATIVE_MODEL.replace(
        "level_rule: cumulative\n",
        "level_rule: cumulative\npass_ratio: 0.75\n",
    );
    let card = score_yaml(&strict, sections, "answers: { s1.l1: 3, s1.l2: 2 }\n");
    assert_eq!(section_level(&card, "s1"), Some(1));
    let card = score_yaml(&strict, sections, "answers: { s1.l1: 2, s1.l2: 4 }\n");
    assert_eq!(section_level(&card, "s1"), Some(0));
}

#[test]
fn cumulative_level_is_computed_per_section_capability_and_overall() {
    let card = score_yaml(
        CUMULATIVE_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.l1, text: t, scale: four, level: 1, capabilities: [cap-a] }
      - { id: s1.l2, text: t, scale: four, level: 2, capabilities: [cap-a, cap-b] }
  - id: s2
    title: S2
    questions:
      - { id: s2.l1, text: t, scale: four, level: 1, capabilities: [cap-b] }
      - { id: s2.l3, text: t, scale: four, level: 3, capabilities: [cap-b] }
",
        "answers: { s1.l1: 3, s1.l2: 1, s2.l1: 2, s2.l3: 3 }\n",
    );
    // Passing (≥ 0.6): s1.l1 (1), s2.l1 (0.67), s2.l3 (1); failing: s1.l2 (0.33, level 2).
    // s1: level 1 passes, level 2 fails → 1.
    assert_eq!(section_level(&card, "s1"), Some(1));
    // s2: level 1 passes, level 2 has none (reached), level 3 passes, level 4 none → 4.
    assert_eq!(section_level(&card, "s2"), Some(4));
    // cap-a: s1.l1 passes, s1.l2 fails → 1. cap-b: s2.l1 passes, s1.l2 fails at level 2 → 1.
    assert_eq!(capability_level(&card, "cap-a"), Some(1));
    assert_eq!(capability_level(&card, "cap-b"), Some(1));
    // Overall: every question; level 2 fails → 1 (not the mean of the section levels).
    assert_eq!(card.overall.level, Some(1));
    // cap-c has no question → null.
    assert_eq!(capability_level(&card, "cap-c"), None);
}

#[test]
fn a_scope_with_only_na_has_no_percent_and_no_level_under_either_rule() {
    let threshold = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, capabilities: [cap-a] }
      - { id: s1.b, text: t, scale: four, capabilities: [cap-a] }
",
        "answers: { s1.a: na, s1.b: na }\n",
    );
    let cumulative = score_yaml(
        CUMULATIVE_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, level: 1, capabilities: [cap-a] }
      - { id: s1.b, text: t, scale: four, level: 2, capabilities: [cap-a] }
",
        "answers: { s1.a: na, s1.b: na }\n",
    );
    for card in [&threshold, &cumulative] {
        // Null, not 0 and not level 1 (or 0).
        assert_eq!(section_percent(card, "s1"), None);
        assert_eq!(section_level(card, "s1"), None);
        assert_eq!(capability_percent(card, "cap-a"), None);
        assert_eq!(capability_level(card, "cap-a"), None);
        assert_eq!(card.overall.percent, None);
        assert_eq!(card.overall.level, None);
        // Yet the questions are complete: 2 N/A of 2.
        assert_close(Some(card.overall.counts.completion), 100.0);
    }
}

#[test]
fn a_capability_no_question_maps_to_is_listed_with_null_scores() {
    for model_text in [THRESHOLD_MODEL, CUMULATIVE_MODEL] {
        let card = score_yaml(
            model_text,
            "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, level: 1, capabilities: [cap-b] }
",
            "answers: { s1.a: 3 }\ntargets: { cap-c: 2 }\n",
        );
        // Every model capability, in model order, also those without questions.
        let ids: Vec<&str> = card.capabilities.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["cap-a", "cap-b", "cap-c"]);
        for id in ["cap-a", "cap-c"] {
            assert_eq!(capability_percent(&card, id), None);
            assert_eq!(capability_level(&card, id), None);
        }
        // A target does not make up a level, so no gap either.
        let cap_c = card.capability("cap-c").unwrap();
        assert_eq!((cap_c.target, cap_c.gap), (Some(2), None));
        assert_close(capability_percent(&card, "cap-b"), 100.0);
    }
}

#[test]
fn gap_is_target_minus_level_and_null_without_target() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: five, capabilities: [cap-a] }
  - id: s2
    title: S2
    questions:
      - { id: s2.a, text: t, scale: five, capabilities: [cap-b] }
",
        "answers: { s1.a: 1, s2.a: 4 }\ntargets: { s1: 4, s2: 3, cap-a: 2 }\n",
    );
    // s1 = 25 % → level 2; target 4 → gap 2.
    let s1 = card.section("s1").unwrap();
    assert_eq!((s1.level, s1.target, s1.gap), (Some(2), Some(4), Some(2)));
    // s2 = 100 % → level 5; target 3 → gap −2 (ahead of target).
    let s2 = card.section("s2").unwrap();
    assert_eq!((s2.level, s2.target, s2.gap), (Some(5), Some(3), Some(-2)));
    // cap-a = 25 % → level 2; target 2 → gap 0.
    let cap_a = card.capability("cap-a").unwrap();
    assert_eq!(
        (cap_a.level, cap_a.target, cap_a.gap),
        (Some(2), Some(2), Some(0))
    );
    // cap-b has a level (5) but no target: target and gap null.
    let cap_b = card.capability("cap-b").unwrap();
    assert_eq!(
        (cap_b.level, cap_b.target, cap_b.gap),
        (Some(5), None, None)
    );
}

#[test]
fn json_has_the_shape_of_the_contract() {
    let card = score_yaml(
        THRESHOLD_MODEL,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, capabilities: [cap-a] }
      - { id: s1.b, text: t, scale: yes-no }
  - id: s2
    title: S2
    weight: 3
    questions:
      - { id: s2.a, text: t, scale: yes-no }
",
        "answers: { s1.a: 3, s1.b: 0, s2.a: na }\ntargets: { s1: 4, cap-a: 5 }\n",
    );
    // s1 = (1 + 0) / 2 = 50 % → level 3, gap 4 − 3 = 1; s2 all N/A: nulls, completion 100.
    // Overall = s1 alone = 50; completion 100 × (2 + 1) / 3 = 100.
    // cap-a = 100 % → level 5, target 5, gap 0; cap-b, cap-c: nulls.
    let expected = concat!(
        r#"{"questionnaire":{"id":"q","version":"1.0.0"},"#,
        r#""model":{"id":"m","version":"1.0.0","level_rule":"threshold"},"#,
        r#""overall":{"percent":50.0,"level":3,"total":3,"answered":2,"na":1,"unanswered":0,"completion":100.0},"#,
        r#""sections":["#,
        r#"{"id":"s1","percent":50.0,"level":3,"target":4,"gap":1,"total":2,"answered":2,"na":0,"unanswered":0,"completion":100.0},"#,
        r#"{"id":"s2","percent":null,"level":null,"target":null,"gap":null,"total":1,"answered":0,"na":1,"unanswered":0,"completion":100.0}"#,
        r#"],"#,
        r#""capabilities":["#,
        r#"{"id":"cap-a","percent":100.0,"level":5,"target":5,"gap":0},"#,
        r#"{"id":"cap-b","percent":null,"level":null,"target":null,"gap":null},"#,
        r#"{"id":"cap-c","percent":null,"level":null,"target":null,"gap":null}"#,
        r#"]}"#,
    );
    assert_eq!(serde_json::to_string(&card).unwrap(), expected);
    // And it reads back to the same scorecard (the web app and exports may store it).
    let back: Scorecard = serde_json::from_str(expected).unwrap();
    assert_eq!(back, card);
}

#[test]
fn a_section_not_relevant_leaves_every_score_and_says_so() {
    let sections = "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four, capabilities: [cap-a], level: 1 }
  - id: s2
    title: S2
    weight: 3
    questions:
      - { id: s2.a, text: t, scale: four, capabilities: [cap-a], level: 1 }
      - { id: s2.b, text: t, scale: four, allow_na: false, level: 2 }
";
    // s2 is answered 0 (and s2.b left unanswered, though it does not allow N/A), then marked not
    // relevant: s1 alone decides everything.
    let card = score_yaml(
        CUMULATIVE_MODEL,
        sections,
        "answers: { s1.a: 3, s2.a: 0 }\nnot_relevant: [s2]\n",
    );
    let s2 = card.section("s2").unwrap();
    assert!(s2.not_relevant);
    assert_eq!((s2.percent, s2.level), (None, None));
    // Both s2 questions count as N/A: completion 100, nothing unanswered.
    assert_eq!((s2.counts.na, s2.counts.unanswered), (2, 0));
    assert_close(Some(s2.counts.completion), 100.0);
    // cap-a = s1.a alone = 100 %; overall = s1 = 100 %; level 2 is reached because its only
    // practice (s2.b) is out of scope, and levels 3 and 4 have none.
    assert_close(capability_percent(&card, "cap-a"), 100.0);
    assert_close(card.overall.percent, 100.0);
    assert_eq!(card.overall.level, Some(4));
    assert!(!card.section("s1").unwrap().not_relevant);

    // The JSON says so for that section only.
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["sections"][1]["not_relevant"], true);
    assert!(json["sections"][0].get("not_relevant").is_none());

    // Without the mark, the same answers give s2 = 0 % and pull the overall down.
    let marked_relevant = score_yaml(
        CUMULATIVE_MODEL,
        sections,
        "answers: { s1.a: 3, s2.a: 0 }\n",
    );
    assert_close(section_percent(&marked_relevant, "s2"), 0.0);
    assert_close(marked_relevant.overall.percent, 25.0);
}

#[test]
fn marking_an_unknown_section_not_relevant_is_an_error_at_its_line() {
    let model = model(THRESHOLD_MODEL);
    let questionnaire = questionnaire(
        &model,
        "
  - id: s1
    title: S1
    questions:
      - { id: s1.a, text: t, scale: four }
",
    );
    let text =
        "kind: answers\nquestionnaire: q\nanswers: { s1.a: 1 }\nnot_relevant:\n  - s1\n  - s9\n";
    let errors = load_answers(&source("answers.yaml", text), &questionnaire, &model)
        .expect_err("unknown section refused")
        .to_string();
    assert!(errors.contains("answers.yaml:6:5"), "{errors}");
    assert!(errors.contains("unknown section `s9`"), "{errors}");
}
