//! `cti-maturity import cti-cmm`: writes a model and a questionnaire generated from the CTI-CMM
//! MISP galaxy file that the user supplies, after checking both as `validate` would.
//!
//! Nothing is written unless both files are valid, and an existing file is kept unless `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit;
use crate::content::cti_cmm::{self, MAX_GALAXY_BYTES};
use crate::content::{SourceFile, load_model, load_questionnaire};

pub struct ImportCtiCmmArgs<'a> {
    pub galaxy: &'a Path,
    /// Content directory: the files go to `models/` and `questionnaires/` under it.
    pub out_dir: &'a Path,
    pub force: bool,
}

pub fn run(
    args: &ImportCtiCmmArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    match import(args) {
        Ok(report) => {
            writeln!(out, "{report}")?;
            Ok(exit::OK)
        }
        Err(problem) => {
            writeln!(err, "{problem}")?;
            Ok(exit::INVALID)
        }
    }
}

fn import(args: &ImportCtiCmmArgs<'_>) -> Result<String, String> {
    let name = args.galaxy.display().to_string();
    let bytes = read_capped(args.galaxy).map_err(|problem| format!("{name}: {problem}"))?;
    let converted = cti_cmm::convert(&bytes).map_err(|problem| format!("{name}:{problem}"))?;
    let model_id = converted.model.id.clone();
    let model_path = args.out_dir.join("models").join(format!("{model_id}.yaml"));
    let questionnaire_path = args
        .out_dir
        .join("questionnaires")
        .join(format!("{}.yaml", converted.questionnaire.id));
    let model_yaml = to_yaml(&converted.model)?;
    let questionnaire_yaml = to_yaml(&converted.questionnaire)?;

    // The same checks as `validate`, on the very text about to be written.
    let model_source = source(&model_path, &model_yaml);
    let model = load_model(&model_source).map_err(|d| d.to_string())?;
    load_questionnaire(&source(&questionnaire_path, &questionnaire_yaml), &model)
        .map_err(|d| d.to_string())?;

    for path in [&model_path, &questionnaire_path] {
        if path.exists() && !args.force {
            return Err(format!(
                "{} exists already; nothing written (use --force to replace it)",
                path.display()
            ));
        }
    }
    let staged = [
        stage(&model_path, &model_yaml)?,
        stage(&questionnaire_path, &questionnaire_yaml)?,
    ];
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(format!(
        "wrote {} and {}: {} domains, {} use cases, {} practices (CC BY-SA: keep the attribution \
         field when you share them)",
        model_path.display(),
        questionnaire_path.display(),
        converted.domains,
        converted.use_cases,
        converted.practices
    ))
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|error| error.to_string())?
        .len();
    if size > MAX_GALAXY_BYTES as u64 {
        return Err(format!(
            "the file is {size} bytes; at most {MAX_GALAXY_BYTES} are read"
        ));
    }
    std::fs::read(path).map_err(|error| error.to_string())
}

fn to_yaml<T: serde::Serialize>(doc: &T) -> Result<String, String> {
    serde_yaml::to_string(doc).map_err(|error| format!("cannot write YAML: {error}"))
}

fn source(path: &Path, text: &str) -> SourceFile {
    SourceFile {
        name: path.display().to_string(),
        text: text.to_owned(),
    }
}

/// Writes `text` to a temporary file beside `path`, so that both files are complete before either
/// takes its name; returns (temporary, final) paths.
fn stage(path: &Path, text: &str) -> Result<(PathBuf, PathBuf), String> {
    let fail = |error: std::io::Error| format!("{}: {error}", path.display());
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let temporary = dir.join(format!(
        ".{}.partial",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("import")
    ));
    std::fs::write(&temporary, text).map_err(fail)?;
    Ok((temporary, path.to_path_buf()))
}
