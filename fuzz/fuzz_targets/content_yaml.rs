//! Any bytes given as a content file: loading must end in a value or located diagnostics, never a
//! panic, a hang or unbounded memory (YAML bombs are refused by the alias limit).
#![no_main]

use std::sync::OnceLock;

use cti_maturity::content::{
    Diagnostics, Model, Questionnaire, SourceFile, load_answers, load_model, load_questionnaire, load_survey,
    parse_document,
};
use libfuzzer_sys::fuzz_target;

/// The shipped model and questionnaire, for checking fuzzed questionnaires and answers against.
fn shipped() -> &'static (Model, Questionnaire) {
    static SHIPPED: OnceLock<(Model, Questionnaire)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let source = |name: &str, text: &str| SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        };
        let model = load_model(&source(
            "cti-practice.yaml",
            include_str!("../../models/cti-practice.yaml"),
        ))
        .expect("the shipped model loads");
        let questionnaire = load_questionnaire(
            &source("ten-steps.yaml", include_str!("../../questionnaires/ten-steps.yaml")),
            &model,
        )
        .expect("the shipped questionnaire loads");
        (model, questionnaire)
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzzed.yaml", bytes.to_vec()) else {
        return;
    };
    let (model, questionnaire) = shipped();
    // Every diagnostic names the file; a located one points inside the text.
    let lines = source.text.lines().count();
    let check = |diagnostics: Diagnostics| {
        for diagnostic in &diagnostics.0 {
            assert_eq!(diagnostic.file, "fuzzed.yaml");
            if let Some(line) = diagnostic.line {
                assert!((1..=lines + 1).contains(&line), "{diagnostic:?} in {lines} lines");
            }
        }
    };
    if let Err(diagnostics) = parse_document(&source) {
        check(diagnostics);
        return;
    }
    let _ = load_model(&source).map_err(check);
    let _ = load_questionnaire(&source, model).map_err(check);
    let _ = load_answers(&source, questionnaire, model).map_err(check);
    let _ = load_survey(&source).map_err(check);
});
