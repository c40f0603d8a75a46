//! `validate`, `score` and `schema` on the shipped content.

use crate::helpers::{INVALID_DIR, VALID_SMALL, json, run};

const QUESTIONNAIRE: &str = "questionnaires/ten-steps.yaml";
const ANSWERS: &str = "examples/ten-steps-answers.yaml";

fn score(extra: &[&str]) -> crate::helpers::Run {
    let mut args = vec![
        "score",
        "--questionnaire",
        QUESTIONNAIRE,
        "--answers",
        ANSWERS,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[track_caller]
fn assert_close(value: &serde_json::Value, expected: f64) {
    let actual = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, found {actual}"
    );
}

/// The counts in `ok: N file(s) valid (M model(s), Q questionnaire(s), A answers file(s))`.
fn valid_counts(stdout: &str) -> [usize; 4] {
    let numbers: Vec<usize> = stdout
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().unwrap())
        .collect();
    assert!(stdout.starts_with("ok: "), "{stdout}");
    numbers
        .try_into()
        .unwrap_or_else(|n| panic!("{n:?} in {stdout}"))
}

#[test]
fn validate_accepts_the_shipped_content() {
    let result = run(&["validate", "models", "questionnaires", "examples"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr, "", "no warnings either");
    let [files, models, questionnaires, answers] = valid_counts(&result.stdout);
    assert!(models >= 1 && questionnaires >= 1 && answers >= 1);
    assert_eq!(files, models + questionnaires + answers);
}

#[test]
fn validate_without_paths_reads_models_and_questionnaires() {
    let result = run::<&str>(&["validate"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let [files, models, questionnaires, answers] = valid_counts(&result.stdout);
    assert_eq!(answers, 0, "examples/ is not read by default");
    assert!(models >= 1 && questionnaires >= 1);
    assert_eq!(files, models + questionnaires);
}

#[test]
fn validate_reports_errors_from_every_file_in_one_run() {
    let files = [
        "misspelt-field.yaml",
        "unknown-area.yaml",
        "answers-value-off-scale.yaml",
    ]
    .map(|file| format!("{INVALID_DIR}/{file}"));
    let mut args = vec!["validate", VALID_SMALL];
    args.extend(files.iter().map(String::as_str));
    let result = run(&args);
    assert_eq!(result.code, 1);
    for located in [
        format!("{}:19:9: ", files[0]),
        format!("{}:14:41: ", files[1]),
        format!("{}:6:14: ", files[2]),
    ] {
        assert!(
            result.stderr.lines().any(|line| line.starts_with(&located)),
            "no `{located}` in:\n{}",
            result.stderr
        );
    }
    assert!(
        result.stderr.ends_with("3 error(s) in 5 file(s)\n"),
        "{}",
        result.stderr
    );
}

#[test]
fn validate_reports_every_error_of_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-mistakes.yaml");
    std::fs::write(
        &path,
        "kind: questionnaire\nid: two-mistakes\nversion: 1.0.0\ntitle: T\nmodel: small-model\n\
         scales:\n  yes-no: [{ value: 0, label: N }, { value: 1, label: Y }]\n\
         sections:\n  - id: one\n    title: One\n    questions:\n\
         \x20     - { id: one.a, text: t, scale: maybe }\n\
         \x20     - { id: one.b, text: t, scale: yes-no, weight: 0 }\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    let result = run(&["validate", VALID_SMALL, shown.as_str()]);
    assert_eq!(result.code, 1);
    // Line 12: `      - { id: one.a, text: t, scale: maybe }`, the scale at column 38;
    // line 13: `      - { id: one.b, text: t, scale: yes-no, weight: 0 }`, the 0 at column 54.
    for expected in [
        format!("{shown}:12:38: unknown scale `maybe`"),
        format!("{shown}:13:54: a weight must be a number greater than 0, found 0"),
    ] {
        assert!(
            result
                .stderr
                .lines()
                .any(|line| line.starts_with(&expected)),
            "no `{expected}` in:\n{}",
            result.stderr
        );
    }
    assert!(
        result.stderr.contains("2 error(s) in 3 file(s)"),
        "{}",
        result.stderr
    );
}

#[test]
fn score_prints_the_example_scorecard_as_json() {
    let result = score(&[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let card = json(&result);
    let overall = &card["overall"];
    // Section-weighted mean of the ten step percents (all weights 1 in ten-steps.yaml).
    assert_close(&overall["percent"], 51.904761904761905);
    assert_eq!(overall["level"], 3);
    assert_eq!(overall["total"], 57);
    assert_eq!(overall["answered"], 52);
    assert_eq!(overall["na"], 2);
    assert_eq!(overall["unanswered"], 3);
    // (52 + 2) / 57.
    assert_close(&overall["completion"], 100.0 * 54.0 / 57.0);

    let sections = card["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 10);
    let step_10 = &sections[9];
    assert_eq!(step_10["id"], "step-10");
    assert_close(&step_10["percent"], 400.0 / 21.0);
    assert!((step_10["percent"].as_f64().unwrap() - 19.05).abs() < 0.005);
    assert_eq!(step_10["level"], 1);
    // The example sets target 3 for step-10: gap 3 − 1 = 2.
    assert_eq!(step_10["target"], 3);
    assert_eq!(step_10["gap"], 2);

    assert_eq!(card["questionnaire"]["id"], "ten-steps");
    assert_eq!(card["model"]["id"], "cti-practice");
    assert_eq!(card["model"]["level_rule"], "threshold");
    let capabilities = card["capabilities"].as_array().unwrap();
    assert!(!capabilities.is_empty());
    assert_eq!(card.as_object().unwrap().len(), 5);
    // The contract's field order, as printed (each opening appears once, at the top level).
    let positions: Vec<usize> = [
        "\"questionnaire\": {",
        "\"model\": {",
        "\"overall\": {",
        "\"sections\": [",
        "\"capabilities\": [",
    ]
    .iter()
    .map(|field| {
        result
            .stdout
            .find(field)
            .unwrap_or_else(|| panic!("no {field}"))
    })
    .collect();
    assert!(positions.is_sorted(), "fields out of order: {positions:?}");
}

#[test]
fn score_with_an_explicit_model_gives_the_same_numbers() {
    let implicit = json(&score(&[]));
    let explicit = json(&score(&["--model", "models/cti-practice.yaml"]));
    assert_eq!(implicit, explicit);
}

#[test]
fn score_formats_a_table_for_people() {
    let result = score(&["--format", "table"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "ten-steps 1.0.0 scored against cti-practice 1.0.0 (threshold rule)"
    );
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(lines[1]), "scope percent level target gap completion");
    // 51.904… → 51.9 %, 94.736… → 94.7 %; 19.047… → 19.0 %.
    assert_eq!(words(lines[2]), "overall 51.9% 3 Defined — — 94.7%");
    assert!(
        lines
            .iter()
            .any(|l| words(l) == "step-10 19.0% 1 Initial 3 2 100.0%")
    );
    assert_eq!(
        lines.last().copied(),
        Some("57 questions: 52 answered, 2 N/A, 3 unanswered")
    );
}

#[test]
fn score_formats_markdown_for_reports() {
    let result = score(&["--format", "markdown"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert_eq!(lines[0], "# Scorecard: ten-steps 1.0.0");
    assert!(lines.contains(&"| scope | percent | level | target | gap | completion |"));
    assert!(lines.contains(&"|---|---|---|---|---|---|"));
    assert!(lines.contains(&"| overall | 51.9% | 3 Defined | — | — | 94.7% |"));
    assert!(lines.contains(&"| step-10 | 19.0% | 1 Initial | 3 | 2 | 100.0% |"));
}

#[test]
fn score_refuses_invalid_answers_with_their_place() {
    let answers = format!("{INVALID_DIR}/answers-value-off-scale.yaml");
    let result = run(&[
        "score",
        "--questionnaire",
        &format!("{VALID_SMALL}/questionnaire.yaml"),
        "--model",
        &format!("{VALID_SMALL}/model.yaml"),
        "--answers",
        &answers,
    ]);
    assert_eq!(result.code, 1);
    assert_eq!(result.stdout, "");
    assert!(
        result
            .stderr
            .starts_with(&format!("{answers}:6:14: value 4 is not on scale")),
        "{}",
        result.stderr
    );
}

#[test]
fn schema_prints_json_schemas_of_each_file_kind() {
    let expected: [(&str, &[&str], &[&str]); 3] = [
        (
            "model",
            &[
                "kind",
                "id",
                "version",
                "title",
                "levels",
                "level_rule",
                "thresholds",
                "pass_ratio",
                "areas",
                "capabilities",
            ],
            &["kind", "id", "version", "title", "levels", "level_rule"],
        ),
        (
            "questionnaire",
            &[
                "kind", "id", "version", "title", "model", "scales", "sections",
            ],
            &[
                "kind", "id", "version", "title", "model", "scales", "sections",
            ],
        ),
        (
            "answers",
            &[
                "kind",
                "questionnaire",
                "questionnaire_version",
                "organisation",
                "period",
                "answers",
                "targets",
            ],
            &["kind", "questionnaire"],
        ),
    ];
    for (kind, properties, required) in expected {
        let result = run(&["schema", kind]);
        assert_eq!(result.code, 0, "{kind}: {}", result.stderr);
        let schema = json(&result);
        assert!(schema["$schema"].is_string(), "{kind}: no $schema");
        assert_eq!(schema["type"], "object", "{kind}");
        let found = schema["properties"].as_object().expect("properties");
        for property in properties {
            assert!(found.contains_key(*property), "{kind}: no `{property}`");
        }
        let found_required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required")
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for property in required {
            assert!(
                found_required.contains(property),
                "{kind}: `{property}` not required"
            );
        }
        // Unknown fields are refused, so editors must flag them too.
        assert_eq!(schema["additionalProperties"], false, "{kind}");
    }
}
