//! The `cti-maturity` command: parses arguments and calls the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cti_maturity::cli::schema::{SchemaKind, schema_json};
use cti_maturity::cli::score::{ScoreArgs, ScoreFormat};
use cti_maturity::cli::{score, validate};

#[derive(Parser)]
#[command(
    name = "cti-maturity",
    version,
    about = "Measure and grow a cyber threat intelligence practice"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check models, questionnaires and answers files together (default: models/ and questionnaires/).
    Validate {
        /// Files and directories; directories are searched for *.yaml and *.yml.
        paths: Vec<PathBuf>,
    },
    /// Score an answers file against its questionnaire and model.
    Score {
        #[arg(long)]
        questionnaire: PathBuf,
        #[arg(long)]
        answers: PathBuf,
        /// The maturity model; by default the one the questionnaire names, found in --models-dir.
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long, default_value = "models")]
        models_dir: PathBuf,
        #[arg(long, value_enum, default_value_t = ScoreFormat::Json)]
        format: ScoreFormat,
    },
    /// Print the JSON Schema of a file kind, for editors that check YAML as you type.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let result = match cli.command {
        Command::Validate { paths } => validate::run(&paths, &mut out, &mut err),
        Command::Score {
            questionnaire,
            answers,
            model,
            models_dir,
            format,
        } => {
            let args = ScoreArgs {
                questionnaire: &questionnaire,
                answers: &answers,
                model: model.as_deref(),
                models_dir,
                format,
            };
            score::run(&args, &mut out, &mut err)
        }
        Command::Schema { kind } => writeln!(out, "{}", schema_json(kind)).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let _ = writeln!(err, "cti-maturity: {error}");
            ExitCode::from(2)
        }
    }
}
