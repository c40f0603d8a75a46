//! `import cti-cmm` on a small galaxy file of our own in the CTI-CMM shape: the generated model
//! and questionnaire validate, keep the structure and the attribution, score under the cumulative
//! rule, and bad input writes nothing.

use std::path::Path;

use crate::helpers::run;

const MINI: &str = "tests/fixtures/cti-cmm/mini.misp-galaxy.json";

fn import(galaxy: &str, out: &Path, extra: &[&str]) -> crate::helpers::Run {
    let mut args = vec![
        "import",
        "cti-cmm",
        "--misp-galaxy",
        galaxy,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_generated_files_validate_and_keep_domains_use_cases_levels_and_sources() {
    let out = tempfile::tempdir().unwrap();
    let result = import(MINI, out.path(), &[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result
            .stdout
            .contains("2 domains, 3 use cases, 6 practices"),
        "{}",
        result.stdout
    );
    let model_path = out.path().join("models/cti-cmm-9-1.yaml");
    let questionnaire_path = out.path().join("questionnaires/cti-cmm-9-1.yaml");
    let validated = run(&["validate", out.path().to_str().unwrap()]);
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    assert!(validated.stdout.contains("1 model(s), 1 questionnaire(s)"));

    let model = yaml(&model_path);
    assert_eq!(model["level_rule"], "cumulative");
    let levels: Vec<(i64, &str)> = model["levels"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| (l["id"].as_i64().unwrap(), l["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            (0, "Pre-foundational (CTI0)"),
            (1, "Foundational (CTI1)"),
            (2, "Advanced (CTI2)"),
            (3, "Leading (CTI3)")
        ]
    );
    // Each use case is a capability of its domain's area.
    let capabilities: Vec<(&str, &str)> = model["capabilities"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["area"].as_str().unwrap()))
        .collect();
    assert_eq!(
        capabilities,
        [
            ("watch.uc1", "watch"),
            ("watch.uc2", "watch"),
            ("third-parties.uc1", "third-parties")
        ]
    );

    let questionnaire = yaml(&questionnaire_path);
    let sections = questionnaire["sections"].as_sequence().unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[1]["id"], "third-parties");
    assert_eq!(sections[1]["title"], "Partners & Suppliers (THIRD-PARTIES)");
    assert!(
        sections[1]["description"]
            .as_str()
            .unwrap()
            .contains("A note on this domain.")
    );
    let groups: Vec<&str> = sections[0]["groups"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["WATCH-1 Know the estate", "WATCH-2 Spot exposure"]);
    let exposure = &sections[0]["questions"][3];
    assert_eq!(exposure["id"], "watch-2.b");
    assert_eq!(exposure["level"], 3);
    assert_eq!(exposure["group"], "watch.uc2");
    assert_eq!(exposure["scale"], "implementation");
    assert_eq!(
        exposure["data_sources"],
        serde_yaml::from_str::<serde_yaml::Value>("[Scanner, Open sources]").unwrap()
    );
    assert!(
        exposure["help"]
            .as_str()
            .unwrap()
            .contains("Related domains: THIRD-PARTIES")
    );
    // The source's attribution and licence travel in both files.
    for doc in [&model, &questionnaire] {
        let attribution = doc["attribution"].as_str().unwrap();
        assert!(attribution.contains("invented"), "{attribution}");
        assert!(
            attribution.contains("Licence: CC BY-SA 4.0."),
            "{attribution}"
        );
        assert!(attribution.contains("Fixture CMM 9.1"), "{attribution}");
    }
}

#[test]
fn answers_to_the_generated_questionnaire_score_under_the_cumulative_rule() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(import(MINI, out.path(), &[]).code, 0);
    let answers = out.path().join("answers.yaml");
    // WATCH: both CTI1 practices largely done, the CTI2 one only partially → level 1.
    // THIRD-PARTIES is marked not relevant although its answers are zeros.
    std::fs::write(
        &answers,
        "kind: answers\nquestionnaire: cti-cmm-9-1\nanswers:\n  watch-1.a: 2\n  watch-2.a: 3\n  \
         watch-1.b: 1\n  watch-2.b: 3\n  third-parties-1.a: 0\n  third-parties-1.b: 0\n\
         not_relevant: [third-parties]\n",
    )
    .unwrap();
    let scored = run(&[
        "score",
        "--questionnaire",
        out.path()
            .join("questionnaires/cti-cmm-9-1.yaml")
            .to_str()
            .unwrap(),
        "--models-dir",
        out.path().join("models").to_str().unwrap(),
        "--answers",
        answers.to_str().unwrap(),
    ]);
    assert_eq!(scored.code, 0, "{}", scored.stderr);
    let card = crate::helpers::json(&scored);
    assert_eq!(card["sections"][0]["level"], 1);
    assert_eq!(card["sections"][1]["not_relevant"], true);
    assert_eq!(card["sections"][1]["level"], serde_json::Value::Null);
    assert_eq!(card["overall"]["level"], 1);
    // Use case 2 of WATCH: its CTI1 and CTI3 practices pass, no CTI2 practice → level 3.
    assert_eq!(card["capabilities"][1]["id"], "watch.uc2");
    assert_eq!(card["capabilities"][1]["level"], 3);
}

#[test]
fn bad_files_are_refused_with_where_and_why_and_nothing_is_written() {
    let out = tempfile::tempdir().unwrap();
    let truncated = import(
        "tests/fixtures/cti-cmm/truncated.misp-galaxy.json",
        out.path(),
        &[],
    );
    assert_eq!(truncated.code, 1);
    assert!(
        truncated
            .stderr
            .starts_with("tests/fixtures/cti-cmm/truncated.misp-galaxy.json:5:"),
        "{}",
        truncated.stderr
    );
    let bad_level = import(
        "tests/fixtures/cti-cmm/bad-level.misp-galaxy.json",
        out.path(),
        &[],
    );
    assert_eq!(bad_level.code, 1);
    assert!(
        bad_level
            .stderr
            .contains("values[0] (WATCH-1.a): maturity_level `CTI7` is not CTI1, CTI2 or CTI3"),
        "{}",
        bad_level.stderr
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // An existing file is kept unless --force.
    assert_eq!(import(MINI, out.path(), &[]).code, 0);
    let model_path = out.path().join("models/cti-cmm-9-1.yaml");
    std::fs::write(&model_path, "edited by hand\n").unwrap();
    let again = import(MINI, out.path(), &[]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(&model_path).unwrap(),
        "edited by hand\n"
    );
    assert_eq!(import(MINI, out.path(), &["--force"]).code, 0);
    assert!(
        std::fs::read_to_string(&model_path)
            .unwrap()
            .starts_with("kind: maturity-model")
    );
}
