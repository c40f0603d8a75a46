//! The `cti-maturity` command: parses arguments and calls the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cti_maturity::cli::feeds::{NamedFile, OverlapArgs, OverlapFormat};
use cti_maturity::cli::schema::{SchemaKind, schema_json};
use cti_maturity::cli::score::{ScoreArgs, ScoreFormat};
use cti_maturity::cli::{feeds, score, validate};

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
