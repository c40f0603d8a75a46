//! Scoring and loading speed: the shipped ten-steps questionnaire with the example answers, a
//! generated 1,000-question questionnaire, and validating the shipped content.
//!
//! Run with `cargo bench --bench scoring`. Files are read once before measuring; what is measured
//! is the work on text already in memory.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use cti_maturity::content::{
    Answer, Answers, Model, Questionnaire, SourceFile, Targets, load_answers, load_model,
    load_questionnaire, read_source, validate_set,
};
use cti_maturity::scoring::score;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> SourceFile {
    read_source(&repo(path)).unwrap_or_else(|d| panic!("{d}"))
}

/// Every YAML file of the shipped content, as `validate models questionnaires examples` reads it.
fn shipped_sources() -> Vec<SourceFile> {
    let mut sources = Vec::new();
    for dir in ["models", "questionnaires", "examples"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(repo(dir))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        sources.extend(paths.iter().map(|path| read_source(path).unwrap()));
    }
    sources
}

const CAPABILITIES: usize = 8;
const SECTIONS: usize = 20;
const QUESTIONS_PER_SECTION: usize = 50;

/// A model with 8 capabilities and a questionnaire of 20 sections × 50 questions on a 0-3 scale,
/// each question mapped to one or two capabilities, with every question answered.
fn generated() -> (Model, Questionnaire, Answers) {
    let mut model = String::from(
        "kind: maturity-model\nid: bench\nversion: 1.0.0\ntitle: Bench\nlevels:\n\
         \x20 - { id: 1, name: One }\n  - { id: 2, name: Two }\n  - { id: 3, name: Three }\n\
         \x20 - { id: 4, name: Four }\n  - { id: 5, name: Five }\n\
         level_rule: threshold\nthresholds: [0, 20, 40, 60, 80]\ncapabilities:\n",
    );
    for c in 0..CAPABILITIES {
        model.push_str(&format!("  - {{ id: cap-{c}, name: Capability {c} }}\n"));
    }
    let model = load_model(&SourceFile {
        name: "bench-model.yaml".into(),
        text: model,
    })
    .unwrap_or_else(|d| panic!("{d}"));

    let mut text = String::from(
        "kind: questionnaire\nid: bench\nversion: 1.0.0\ntitle: Bench\nmodel: bench\nscales:\n\
         \x20 implementation:\n    - { value: 0, label: Not }\n    - { value: 1, label: Partly }\n\
         \x20   - { value: 2, label: Largely }\n    - { value: 3, label: Fully }\nsections:\n",
    );
    for s in 0..SECTIONS {
        text.push_str(&format!(
            "  - id: s{s:02}\n    title: Section {s}\n    weight: {}\n    questions:\n",
            1 + s % 3
        ));
        for q in 0..QUESTIONS_PER_SECTION {
            let n = s * QUESTIONS_PER_SECTION + q;
            let capabilities = if n % 2 == 0 {
                format!("cap-{}", n % CAPABILITIES)
            } else {
                format!("cap-{}, cap-{}", n % CAPABILITIES, (n + 3) % CAPABILITIES)
            };
            text.push_str(&format!(
                "      - {{ id: s{s:02}.q{q:02}, text: Question {n}, scale: implementation, \
                 weight: {}, capabilities: [{capabilities}] }}\n",
                1 + n % 4
            ));
        }
    }
    let questionnaire = load_questionnaire(
        &SourceFile {
            name: "bench-questionnaire.yaml".into(),
            text,
        },
        &model,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(questionnaire.question_count(), 1_000);

    let mut answers = Answers::default();
    let ids: Vec<String> = questionnaire
        .questions()
        .map(|q| q.doc.id.clone())
        .collect();
    for (n, id) in ids.iter().enumerate() {
        answers
            .insert(&questionnaire, id, Answer::value((n % 4) as i64))
            .unwrap();
    }
    (model, questionnaire, answers)
}

fn benches(c: &mut Criterion) {
    let model = load_model(&read("models/cti-practice.yaml")).unwrap();
    let questionnaire = load_questionnaire(&read("questionnaires/ten-steps.yaml"), &model).unwrap();
    let (checked, _) = load_answers(
        &read("examples/ten-steps-answers.yaml"),
        &questionnaire,
        &model,
    )
    .unwrap();
    c.bench_function("score ten-steps (57 questions, example answers)", |b| {
        b.iter(|| {
            score(
                black_box(&questionnaire),
                black_box(&model),
                black_box(&checked.answers),
                black_box(&checked.targets),
            )
        })
    });

    let (model, questionnaire, answers) = generated();
    let targets = Targets::default();
    c.bench_function("score 1,000 questions (20 x 50, 8 capabilities)", |b| {
        b.iter(|| {
            score(
                black_box(&questionnaire),
                black_box(&model),
                black_box(&answers),
                black_box(&targets),
            )
        })
    });

    let sources = shipped_sources();
    c.bench_function("load and validate the shipped content", |b| {
        b.iter(|| {
            let report = validate_set(black_box(&sources));
            assert!(!report.diagnostics.has_errors());
            report
        })
    });
}

criterion_group!(scoring, benches);
criterion_main!(scoring);
