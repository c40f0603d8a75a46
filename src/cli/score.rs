//! `cti-maturity score`: score an answers file and print the scorecard.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::content_files::{find_model, read};
use super::exit;
use crate::content::{
    Diagnostic, Document, Model, load_answers, load_model, load_questionnaire, parse_document,
};
use crate::scoring::{Scorecard, format_percent, score};

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ScoreFormat {
    #[default]
    Json,
    Table,
    Markdown,
}

pub struct ScoreArgs<'a> {
    pub questionnaire: &'a Path,
    pub answers: &'a Path,
    pub model: Option<&'a Path>,
    pub models_dir: PathBuf,
    pub format: ScoreFormat,
}

pub fn run(args: &ScoreArgs<'_>, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match load_and_score(args, err)? {
        Ok((scorecard, model)) => {
            match args.format {
                ScoreFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&scorecard)
                        .expect("a scorecard always serialises")
                )?,
                ScoreFormat::Table => write_table(&scorecard, &model, out)?,
                ScoreFormat::Markdown => write_markdown(&scorecard, &model, out)?,
            }
            Ok(exit::OK)
        }
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                writeln!(err, "{diagnostic}")?;
            }
            Ok(exit::INVALID)
        }
    }
}

type Loaded = Result<(Scorecard, Model), Vec<Diagnostic>>;

fn load_and_score(args: &ScoreArgs<'_>, err: &mut dyn Write) -> std::io::Result<Loaded> {
    let loaded = (|| {
        let questionnaire_source = read(args.questionnaire)?;
        let model = match args.model {
            Some(path) => load_model(&read(path)?).map_err(|d| d.0)?,
            None => {
                let Document::Questionnaire(doc) =
                    parse_document(&questionnaire_source).map_err(|d| d.0)?
                else {
                    return Err(vec![Diagnostic::error(
                        &questionnaire_source.name,
                        None,
                        "expected a file of kind `questionnaire`",
                    )]);
                };
                find_model(&args.models_dir, &doc.model)?
            }
        };
        let questionnaire = load_questionnaire(&questionnaire_source, &model).map_err(|d| d.0)?;
        let (checked, warnings) =
            load_answers(&read(args.answers)?, &questionnaire, &model).map_err(|d| d.0)?;
        Ok((
            score(&questionnaire, &model, &checked.answers, &checked.targets),
            model,
            warnings,
        ))
    })();
    Ok(match loaded {
        Ok((scorecard, model, warnings)) => {
            for warning in &warnings.0 {
                writeln!(err, "{warning}")?;
            }
            Ok((scorecard, model))
        }
        Err(diagnostics) => Err(diagnostics),
    })
}

fn level_text(model: &Model, level: Option<i64>) -> String {
    match level {
        Some(level) => match model.level_name(level) {
            Some(name) => format!("{level} {name}"),
            None => level.to_string(),
        },
        None => "—".to_owned(),
    }
}

fn option_text(value: Option<i64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// Rows of (scope, percent, level, target, gap, completion) shared by the two human formats.
fn rows(scorecard: &Scorecard, model: &Model) -> Vec<[String; 6]> {
    let overall = &scorecard.overall;
    let mut rows = vec![[
        "overall".to_owned(),
        format_percent(overall.percent),
        level_text(model, overall.level),
        "—".to_owned(),
        "—".to_owned(),
        format_percent(Some(overall.counts.completion)),
    ]];
    for section in &scorecard.sections {
        rows.push([
            section.id.clone(),
            if section.not_relevant {
                "not relevant".to_owned()
            } else {
                format_percent(section.percent)
            },
            level_text(model, section.level),
            option_text(section.target),
            option_text(section.gap),
            format_percent(Some(section.counts.completion)),
        ]);
    }
    for capability in &scorecard.capabilities {
        rows.push([
            format!("capability {}", capability.id),
            format_percent(capability.percent),
            level_text(model, capability.level),
            option_text(capability.target),
            option_text(capability.gap),
            String::new(),
        ]);
    }
    rows
}

const HEADER: [&str; 6] = ["scope", "percent", "level", "target", "gap", "completion"];

fn write_table(scorecard: &Scorecard, model: &Model, out: &mut dyn Write) -> std::io::Result<()> {
    let rows = rows(scorecard, model);
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .chain([HEADER[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[&str]| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    writeln!(
        out,
        "{} {} scored against {} {} ({} rule)",
        scorecard.questionnaire.id,
        scorecard.questionnaire.version,
        scorecard.model.id,
        scorecard.model.version,
        scorecard.model.level_rule
    )?;
    writeln!(out, "{}", line(&HEADER))?;
    for row in &rows {
        writeln!(out, "{}", line(&row.each_ref().map(String::as_str)))?;
    }
    let counts = &scorecard.overall.counts;
    writeln!(
        out,
        "{} questions: {} answered, {} N/A, {} unanswered",
        counts.total, counts.answered, counts.na, counts.unanswered
    )
}

fn write_markdown(
    scorecard: &Scorecard,
    model: &Model,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "# Scorecard: {} {}\n",
        scorecard.questionnaire.id, scorecard.questionnaire.version
    )?;
    writeln!(
        out,
        "Model {} {} ({} rule).\n",
        scorecard.model.id, scorecard.model.version, scorecard.model.level_rule
    )?;
    writeln!(out, "| {} |", HEADER.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(HEADER.len()))?;
    for row in rows(scorecard, model) {
        let cells: Vec<String> = row.iter().map(|cell| cell.replace('|', "\\|")).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
