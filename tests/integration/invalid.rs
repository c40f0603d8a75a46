//! One fixture per kind of error: `validate` must refuse it with exit code 1 and say where, as
//! `path:line:column: message`, next to the valid small model and questionnaire it refers to.

use crate::helpers::{INVALID_DIR, VALID_SMALL, run, yaml_files};

/// Fixture, (line, column) of the error, and a part of the message.
const EXPECTED: &[(&str, (usize, usize), &str)] = &[
    // 1,000 sections × 1,000 questions × 1,000 capabilities through anchors: refused at the
    // first `*s` that passes 2^20 nodes, before anything is expanded.
    (
        "alias-bomb.yaml",
        (120, 5),
        "anchors and aliases expand this file to more than 1048576 nodes",
    ),
    (
        "answers-na-not-allowed.yaml",
        (5, 15),
        "question `team.roles` cannot be answered `na` (allow_na: false)",
    ),
    (
        "answers-unknown-question.yaml",
        (5, 16),
        "unknown question `team.budget`: not in questionnaire `small`",
    ),
    (
        "answers-value-off-scale.yaml",
        (6, 14),
        "value 4 is not on scale `four` of question `work.plan`: expected 0 to 3",
    ),
    (
        "bad-id-uppercase.yaml",
        (16, 15),
        "question id `one.Charter` is not valid: use lowercase letters",
    ),
    (
        "bad-semver.yaml",
        (3, 10),
        "version `1.0` is not a semantic version",
    ),
    (
        "duplicate-question-id.yaml",
        (21, 15),
        "duplicate question id `one.a`",
    ),
    (
        "duplicate-section-id.yaml",
        (17, 9),
        "duplicate section id `one`",
    ),
    (
        "levels-not-consecutive.yaml",
        (8, 11),
        "level ids must be consecutive: expected 3 after 2, found 4",
    ),
    (
        "misspelt-field.yaml",
        (19, 9),
        "unknown field `weigth`, expected one of",
    ),
    (
        "section-id-is-capability.yaml",
        (13, 9),
        "section id `planning` is also a capability id of model `small-model`",
    ),
    (
        "thresholds-first-not-zero.yaml",
        (9, 14),
        "the first threshold must be 0, found 10",
    ),
    (
        "thresholds-not-ascending.yaml",
        (10, 21),
        "thresholds must be ascending: 40 does not exceed 50",
    ),
    (
        "thresholds-wrong-count.yaml",
        (10, 13),
        "expected 3 thresholds (one per level), found 2",
    ),
    ("unknown-area.yaml", (14, 41), "unknown area `technology`"),
    (
        "unknown-capability.yaml",
        (19, 32),
        "unknown capability `budgeting`: not in model `small-model`",
    ),
    (
        "unknown-kind.yaml",
        (1, 7),
        "unknown kind `scorecard`: expected `maturity-model`, `questionnaire`, `answers` or `survey`",
    ),
    ("unknown-scale.yaml", (18, 16), "unknown scale `five`"),
    (
        "weight-negative.yaml",
        (15, 13),
        "a weight must be a number greater than 0, found -1.5",
    ),
    (
        "weight-zero.yaml",
        (19, 17),
        "a weight must be a number greater than 0, found 0",
    ),
    // An unterminated quoted string: the parser reports the end of the file, where it gave up.
    ("yaml-syntax.yaml", (9, 1), "found unexpected end of stream"),
];

#[test]
fn every_invalid_fixture_is_refused_where_the_error_is() {
    let mut failures = Vec::new();
    for (file, (line, column), message) in EXPECTED {
        let path = format!("{INVALID_DIR}/{file}");
        let result = run(&["validate", VALID_SMALL, &path]);
        let located = format!("{path}:{line}:{column}: ");
        let reported = result
            .stderr
            .lines()
            .any(|l| l.starts_with(&located) && l.contains(message));
        // Exactly one error: the companions are valid and each fixture has one mistake.
        let one_error = result.stderr.contains("1 error(s) in 3 file(s)");
        if result.code != 1 || !reported || !one_error {
            failures.push(format!(
                "{file}: expected exit 1 and `{located}…{message}`, got exit {} with:\n{}",
                result.code, result.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_file_has_an_expectation() {
    let listed: Vec<&str> = EXPECTED.iter().map(|(file, ..)| *file).collect();
    assert_eq!(yaml_files(INVALID_DIR), listed);
    assert!(listed.len() >= 14);
}

#[test]
fn the_companions_alone_are_valid() {
    let result = run(&["validate", VALID_SMALL]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(
        result.stdout.trim(),
        "ok: 2 file(s) valid (1 model(s), 1 questionnaire(s), 0 answers file(s))"
    );
}

#[test]
fn a_file_over_two_mib_is_refused_unparsed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oversize.yaml");
    // Valid YAML, one byte over the limit: refused on size alone, before parsing.
    let mut text = String::from("kind: maturity-model\ndescription: \"");
    let limit = 2 * 1024 * 1024;
    text.push_str(&"x".repeat(limit - text.len()));
    text.push_str("\"\n");
    assert_eq!(text.len(), limit + 2);
    std::fs::write(&path, &text).unwrap();
    let shown = path.display().to_string();

    let result = run(&["validate", VALID_SMALL, shown.as_str()]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    let expected = format!(
        "{shown}: file is {} bytes; content files are limited to {limit} bytes (2 MiB)",
        limit + 2
    );
    assert!(
        result.stderr.lines().any(|line| line == expected),
        "expected `{expected}` in:\n{}",
        result.stderr
    );
}
