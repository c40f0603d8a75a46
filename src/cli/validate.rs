//! `cti-maturity validate`: check files and directories together, report every problem.

use std::io::Write;
use std::path::PathBuf;

use super::content_files::{DEFAULT_DIRS, collect_yaml_files};
use super::exit;
use crate::content::{read_source, validate_set};

pub fn run(paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        DEFAULT_DIRS.iter().map(PathBuf::from).collect()
    } else {
        paths.to_vec()
    };
    let files = match collect_yaml_files(&paths) {
        Ok(files) => files,
        Err(diagnostic) => {
            writeln!(err, "{diagnostic}")?;
            return Ok(exit::INVALID);
        }
    };
    let mut sources = Vec::new();
    let mut unreadable = 0;
    for file in &files {
        match read_source(file) {
            Ok(source) => sources.push(source),
            Err(diagnostic) => {
                unreadable += 1;
                writeln!(err, "{diagnostic}")?;
            }
        }
    }
    let report = validate_set(&sources);
    for diagnostic in &report.diagnostics.0 {
        writeln!(err, "{diagnostic}")?;
    }
    let errors = report.diagnostics.errors().count() + unreadable;
    if errors > 0 {
        writeln!(err, "{errors} error(s) in {} file(s)", files.len())?;
        return Ok(exit::INVALID);
    }
    writeln!(
        out,
        "ok: {} file(s) valid ({} model(s), {} questionnaire(s), {} answers file(s))",
        files.len(),
        report.models,
        report.questionnaires,
        report.answers
    )?;
    Ok(exit::OK)
}
