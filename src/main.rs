//! The `cti-maturity` command: parses arguments and calls the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cti_maturity::cli::feeds::{NamedFile, OverlapArgs, OverlapFormat};
use cti_maturity::cli::import_cti_cmm::{self, ImportCtiCmmArgs};
use cti_maturity::cli::schema::{SchemaKind, schema_json};
use cti_maturity::cli::score::{ScoreArgs, ScoreFormat};
use cti_maturity::cli::{feeds, score, validate};
use cti_maturity::export::{Paper, Template};

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
    /// Compare intelligence feeds' indicator lists offline.
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
    },
    /// Run the web app.
    Serve {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Manage user accounts from scripts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Seed a demo organisation (slug `demo`): eight finalised quarters, a draft, targets, actions
    /// and one user per role.
    Demo {
        /// Password of the demo users; generated and printed when not given.
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Export one assessment of an organisation to a file.
    Export {
        #[arg(long = "org", value_name = "SLUG")]
        org: String,
        /// The quarter, such as 2026-Q3.
        #[arg(long)]
        period: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// CSV only: which table (a CSV holds one).
        #[arg(long, value_enum, default_value_t = CsvWhat::Answers)]
        what: CsvWhat,
        /// The questionnaire, when the organisation assessed several in the period.
        #[arg(long)]
        questionnaire: Option<String>,
        /// PDF only: the paper size.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// PDF only: a folder with a branded copy of the scorecard template.
        #[arg(long, env = "CTI_MATURITY_SCORECARD_TEMPLATE", value_name = "DIR", value_parser = template_dir, default_value = "")]
        scorecard_template: Template,
        /// The new file; an existing file is never overwritten.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Write a copy of the built-in PDF scorecard template to brand (see --scorecard-template).
    ScorecardTemplate {
        /// The folder to create; it must not hold a scorecard.typ already.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Bring in an assessment, or content from other tools.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    /// API tokens: create (printed alone on standard output), list and revoke.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Copy the SQLite database to a new file while the app runs (PostgreSQL: use pg_dump).
    Backup {
        /// The new file; an existing file is never overwritten.
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(clap::Args)]
struct DatabaseArgs {
    /// `sqlite:PATH` or `postgres://…`.
    #[arg(
        long,
        env = "CTI_MATURITY_DATABASE_URL",
        default_value = "sqlite:cti-maturity.db"
    )]
    database: String,
}

#[derive(clap::Args)]
struct ServerArgs {
    #[arg(long, env = "CTI_MATURITY_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Directory holding questionnaires/ and models/.
    #[arg(long, env = "CTI_MATURITY_CONTENT_DIR", default_value = ".")]
    content_dir: PathBuf,
    /// Serve over HTTPS (behind a TLS proxy): Secure cookies and HSTS.
    #[arg(long, env = "CTI_MATURITY_SECURE_COOKIES")]
    secure_cookies: bool,
    /// The address people open, for links printed on the console; default http://LISTEN.
    #[arg(long, env = "CTI_MATURITY_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seed the demo organisation first (if it is not there yet) and print its logins.
    #[arg(long)]
    demo: bool,
    /// In the portfolio, an organisation last assessed longer ago than this is overdue.
    #[arg(long, env = "CTI_MATURITY_OVERDUE_AFTER_DAYS", default_value_t = 120)]
    overdue_after_days: i64,
    /// A folder holding a branded copy of the PDF scorecard template (scorecard.typ and its
    /// files; see `scorecard-template`). Default: the built-in template.
    #[arg(long, env = "CTI_MATURITY_SCORECARD_TEMPLATE", value_name = "DIR", value_parser = template_dir, default_value = "")]
    scorecard_template: Template,
    /// Serve this file at /bench/static (for the load benchmark only).
    #[arg(long, env = "CTI_MATURITY_BENCH_STATIC", hide = true)]
    bench_static: Option<PathBuf>,
}

#[derive(Subcommand)]
enum FeedsCommand {
    /// Volume, exclusive contribution, novelty, churn and pairwise overlap, after normalisation.
    ///
    /// FILE: `.json` a STIX 2.1 bundle; `.csv` the column headed indicator, value or ioc (else the
    /// first); otherwise one indicator per line (a file starting with `{` is read as STIX).
    Overlap {
        /// A feed's list of the period; repeat for each feed.
        #[arg(long = "feed", value_name = "NAME=FILE", required = true)]
        feeds: Vec<NamedFile>,
        /// The list a feed had in the previous period, for novelty and churn.
        #[arg(long, value_name = "NAME=FILE")]
        previous: Vec<NamedFile>,
        #[arg(long, value_enum, default_value_t = OverlapFormat::Json)]
        format: OverlapFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Pdf,
    Xlsx,
    Csv,
    Json,
    Html,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

impl PaperArg {
    fn paper(self) -> Paper {
        match self {
            Self::A4 => Paper::A4,
            Self::Letter => Paper::Letter,
        }
    }
}

/// `--scorecard-template DIR`: the template in DIR, or the built-in one when DIR is empty.
fn template_dir(dir: &str) -> Result<Template, String> {
    if dir.is_empty() {
        Ok(Template::builtin())
    } else {
        Template::from_dir(std::path::Path::new(dir))
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CsvWhat {
    Answers,
    Actions,
}

impl ExportFormat {
    fn format(self, what: CsvWhat, paper: Paper) -> cti_maturity::export::Format {
        use cti_maturity::export::{CsvTable, Format};
        match (self, what) {
            (Self::Pdf, _) => Format::Pdf(paper),
            (Self::Xlsx, _) => Format::Xlsx,
            (Self::Json, _) => Format::Json,
            (Self::Html, _) => Format::Html,
            (Self::Csv, CsvWhat::Answers) => Format::Csv(CsvTable::Answers),
            (Self::Csv, CsvWhat::Actions) => Format::Csv(CsvTable::Actions),
        }
    }
}

#[derive(Subcommand)]
enum ImportCommand {
    /// An assessment: a JSON export (from any instance) or an answers file (as a draft),
    /// recognised by content.
    Assessment {
        file: PathBuf,
        #[arg(long = "org", value_name = "SLUG")]
        org: String,
        /// For an answers file that names no period.
        #[arg(long)]
        period: Option<String>,
        /// Directory holding questionnaires/ and models/ (answers files name a questionnaire).
        #[arg(long, env = "CTI_MATURITY_CONTENT_DIR", default_value = ".")]
        content_dir: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Generate a model and a questionnaire from the CTI-CMM practices in their MISP galaxy form.
    ///
    /// Writes DIR/models/ID.yaml and DIR/questionnaires/ID.yaml (ID such as cti-cmm-1-3), each
    /// checked as `validate` would first. The CTI-CMM text is CC BY-SA 4.0: both files carry its
    /// attribution and licence.
    CtiCmm {
        /// The MISP galaxy cluster file of CTI-CMM (JSON).
        #[arg(long, value_name = "FILE")]
        misp_galaxy: PathBuf,
        /// The content directory to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace files that exist already.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long)]
        site_admin: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token for a user and print it (it is shown only this once).
    Create {
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List a user's tokens: id, status, created, last used, name.
    List {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke one of a user's tokens by its id.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = run_async(&cli.command) {
        return code;
    }
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
        Command::ScorecardTemplate { out: dir } => write_scorecard_template(&dir, &mut out),
        Command::Import {
            command:
                ImportCommand::CtiCmm {
                    misp_galaxy,
                    out: out_dir,
                    force,
                },
        } => import_cti_cmm::run(
            &ImportCtiCmmArgs {
                galaxy: &misp_galaxy,
                out_dir: &out_dir,
                force,
            },
            &mut out,
            &mut err,
        ),
        Command::Feeds {
            command:
                FeedsCommand::Overlap {
                    feeds,
                    previous,
                    format,
                },
        } => feeds::run_overlap(
            &OverlapArgs {
                feeds,
                previous,
                format,
            },
            &mut out,
            &mut err,
        ),
        Command::Serve { .. }
        | Command::User { .. }
        | Command::Token { .. }
        | Command::Backup { .. }
        | Command::Export { .. }
        | Command::Import {
            command: ImportCommand::Assessment { .. },
        }
        | Command::Demo { .. } => {
            unreachable!("handled by run_async")
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`score … | head`): nothing more to say.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "cti-maturity: {error}");
            ExitCode::from(2)
        }
    }
}

/// The commands that need the async runtime and the database; None for the others.
fn run_async(command: &Command) -> Option<ExitCode> {
    let job = match command {
        Command::Serve { .. }
        | Command::User { .. }
        | Command::Token { .. }
        | Command::Backup { .. }
        | Command::Export { .. }
        | Command::Import {
            command: ImportCommand::Assessment { .. },
        }
        | Command::Demo { .. } => command,
        _ => return None,
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("the async runtime starts");
    let result = runtime.block_on(async {
        match job {
            Command::Serve { server } => {
                if server.demo {
                    seed_demo(&server.database.database, None).await?;
                }
                cti_maturity::web::serve(server_config(server)).await
            }
            Command::Demo { password, database } => {
                seed_demo(&database.database, password.clone()).await
            }
            Command::User {
                command:
                    UserCommand::Add {
                        email,
                        name,
                        password_stdin: _,
                        site_admin,
                        database,
                    },
            } => {
                let mut password = String::new();
                std::io::stdin().read_line(&mut password)?;
                let password = password.trim_end_matches(['\n', '\r']).to_owned();
                cti_maturity::cli::users::add_user(
                    &database.database,
                    email,
                    name.as_deref(),
                    password,
                    *site_admin,
                )
                .await
            }
            Command::Backup { to, database } => {
                cti_maturity::cli::backup::run(&database.database, to).await
            }
            Command::Export {
                org,
                period,
                format,
                what,
                questionnaire,
                paper,
                scorecard_template,
                out,
                database,
            } => {
                use cti_maturity::cli::export::{ExportArgs, export};
                let args = ExportArgs {
                    database_url: &database.database,
                    slug: org,
                    period,
                    questionnaire: questionnaire.as_deref(),
                    format: format.format(*what, paper.paper()),
                    out,
                    template: scorecard_template,
                };
                let size = export(&args).await?;
                println!("Wrote {} ({size} bytes).", out.display());
                Ok(())
            }
            Command::Import {
                command:
                    ImportCommand::Assessment {
                        file,
                        org,
                        period,
                        content_dir,
                        database,
                    },
            } => {
                use cti_maturity::cli::export::{ImportArgs, import_assessment};
                let args = ImportArgs {
                    database_url: &database.database,
                    slug: org,
                    file,
                    period: period.as_deref(),
                    content_dir: content_dir.clone(),
                };
                let imported = import_assessment(&args).await?;
                for warning in &imported.warnings {
                    eprintln!("warning: {warning}");
                }
                println!(
                    "Imported {} {} into `{org}` as assessment {} ({} answers).",
                    imported.questionnaire_id,
                    imported.period,
                    imported.assessment_id,
                    imported.answers
                );
                Ok(())
            }
            Command::Token { command } => run_token(command).await,
            _ => unreachable!("only async commands reach here"),
        }
    });
    Some(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cti-maturity: {error:#}");
            ExitCode::FAILURE
        }
    })
}

/// Writes the built-in scorecard template into `dir` for a consultant to brand.
fn write_scorecard_template(dir: &std::path::Path, out: &mut dyn Write) -> std::io::Result<u8> {
    use cti_maturity::export::pdf::{BUILTIN_TEMPLATE, TEMPLATE_FILE};
    let path = dir.join(TEMPLATE_FILE);
    if path.exists() {
        eprintln!("cti-maturity: {} exists already; nothing written", path.display());
        return Ok(1);
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(&path, BUILTIN_TEMPLATE)?;
    writeln!(
        out,
        "wrote {}: change its `brand` settings (company, colours, logo next to it), then start \
         with --scorecard-template {}",
        path.display(),
        dir.display()
    )?;
    Ok(0)
}

async fn run_token(command: &TokenCommand) -> anyhow::Result<()> {
    use cti_maturity::cli::tokens;
    let mut out = std::io::stdout();
    match command {
        TokenCommand::Create {
            email,
            name,
            database,
        } => tokens::create(&database.database, email, name, &mut out).await,
        TokenCommand::List { email, database } => {
            tokens::list(&database.database, email, &mut out).await
        }
        TokenCommand::Revoke {
            email,
            id,
            database,
        } => tokens::revoke(&database.database, email, *id).await,
    }
}

fn server_config(server: &ServerArgs) -> cti_maturity::config::Config {
    cti_maturity::config::Config {
        listen: server.listen.clone(),
        database_url: server.database.database.clone(),
        content_dir: server.content_dir.clone(),
        secure_cookies: server.secure_cookies,
        public_url: server
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", server.listen)),
        overdue_after_days: server.overdue_after_days,
        bench_static: server.bench_static.clone(),
        scorecard_template: server.scorecard_template.clone(),
    }
}

async fn seed_demo(database_url: &str, password: Option<String>) -> anyhow::Result<()> {
    use cti_maturity::cli::demo;
    use cti_maturity::store::{Db, Role};
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let logins = demo::seed(&db, password).await?;
    db.close().await;
    if logins.created {
        println!(
            "\nDemo organisation `{}` created. Log in as any of:",
            demo::SLUG
        );
        for role in Role::ALL {
            println!("    {:<24} ({})", demo::email(role), role.as_str());
        }
        println!("with the password: {}\n", logins.password);
    } else {
        println!(
            "The demo organisation `{}` exists already; its users keep their password.",
            demo::SLUG
        );
    }
    Ok(())
}
