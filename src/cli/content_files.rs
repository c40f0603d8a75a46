//! Finding content files on disk.

use std::path::{Path, PathBuf};

use crate::content::{
    Diagnostic, Document, Model, SourceFile, load_model, parse_document, read_source,
};

/// The directories `validate` reads when given no path.
pub const DEFAULT_DIRS: [&str; 2] = ["models", "questionnaires"];

/// Expands files and directories into the YAML files to read, in a stable order. A directory is
/// walked recursively for `*.yaml` and `*.yml`; a file named explicitly is taken whatever its name.
pub fn collect_yaml_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Diagnostic::error(
                &path.display().to_string(),
                None,
                "no such file or directory",
            ));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let read_error = |error: std::io::Error| {
        Diagnostic::error(
            &dir.display().to_string(),
            None,
            format!("cannot read directory: {error}"),
        )
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// Finds the model with `id` among the YAML files of `dir`.
pub fn find_model(dir: &Path, id: &str) -> Result<Model, Vec<Diagnostic>> {
    let files = collect_yaml_files(&[dir.to_path_buf()]).map_err(|d| vec![d])?;
    for file in files {
        let Ok(source) = read_source(&file) else {
            continue;
        };
        if let Ok(Document::Model(doc)) = parse_document(&source)
            && doc.id == id
        {
            return load_model(&source).map_err(|d| d.0);
        }
    }
    Err(vec![Diagnostic::error(
        &dir.display().to_string(),
        None,
        format!("no maturity model with id `{id}` here; name one with --model"),
    )])
}

/// Reads a file, turning a read error into a diagnostic list.
pub fn read(path: &Path) -> Result<SourceFile, Vec<Diagnostic>> {
    read_source(path).map_err(|d| vec![d])
}
