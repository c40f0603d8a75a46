//! Crash safety: the real server is killed with SIGKILL in the middle of a burst of answer saves,
//! restarted on the same database, and every save it acknowledged must be there, exactly as sent.
//!
//! Why: "no answer is lost" is a promise about what the user was told was saved. An in-process
//! test cannot break it by dying, so this one runs the compiled binary over real HTTP. On SQLite
//! it checks the README's claim that WAL with `synchronous=NORMAL` survives a crash of the
//! process, and that the file passes `PRAGMA integrity_check` afterwards; on PostgreSQL (a
//! separate process that the kill does not touch) it checks that the app acknowledges nothing it
//! has not committed.
//!
//! Each client saves its own questions one request at a time, so after the kill at most one save
//! per client is unaccounted for: the one in flight, which may or may not have been committed. The
//! database must hold, for every question, either the last acknowledged save or that in-flight
//! save, never anything else.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cti_maturity::store::answers::StoredAnswer;
use cti_maturity::store::{self, Db};
use reqwest::StatusCode;
use support::server::{Browser, Server, http, login, question_ids, reply_revision};
use support::{PASSWORD, TestDb, assessment, organisation};

const CLIENTS: usize = 8;
const QUESTIONS_PER_CLIENT: usize = 7;
/// At most 8 × 60 = 480 saves; the kill comes after [`KILL_AFTER_ACKS`].
const SAVES_PER_CLIENT: usize = 60;
const KILL_AFTER_ACKS: usize = 160;
const BURST_TIMEOUT: Duration = Duration::from_secs(120);
const ASSESSOR: &str = "assessor@acme.example";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_saves_survive_kill_9_on_sqlite() {
    kill_in_a_burst_and_check(support::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_saves_survive_kill_9_on_postgres() {
    let Some(db) = support::postgres().await else {
        return;
    };
    kill_in_a_burst_and_check(db).await;
}

/// One save as sent: the revision it creates if it succeeds, and its content.
#[derive(Clone, Debug)]
struct Save {
    question: String,
    revision: i64,
    choice: i64,
    note: String,
}

/// What one client knows after the burst.
#[derive(Default)]
struct ClientRun {
    questions: Vec<String>,
    /// The last acknowledged save of each question.
    acknowledged: HashMap<String, Save>,
    acknowledged_count: usize,
    /// Sent but with no complete reply: the server died first.
    in_flight: Option<Save>,
    /// Replies that are neither a save nor a dead server (a 500, a conflict): all failures.
    unexpected: Vec<String>,
}

async fn kill_in_a_burst_and_check(db: TestDb) {
    let engine = db.engine;
    let org = organisation(&db.db, "acme").await;
    let manager = store::users::find_by_email(&db.db, "manager@acme.example")
        .await
        .unwrap()
        .unwrap();
    let id = assessment(&db.db, org, "2026-Q3", manager.id).await;
    // The server must recover the file on its own: no connection of ours keeps it open.
    db.db.close().await;

    let mut server = Server::start(&db.url);
    let http = http();
    let answers = format!("{}/o/acme/assessments/{id}/answers/", server.base);
    let (runs, killed_after) = burst_then_kill(&mut server, &http, &answers, engine).await;
    let interrupted = runs.iter().filter(|r| r.in_flight.is_some()).count();
    let total_acked: usize = runs.iter().map(|r| r.acknowledged_count).sum();
    // The kill must have cut the burst, not followed it.
    assert!(interrupted > 0, "{engine}: no save was cut by the kill");
    assert!(total_acked < CLIENTS * SAVES_PER_CLIENT);
    let wal = db
        .url
        .strip_prefix("sqlite:")
        .map_or(String::new(), |path| {
            let bytes = std::fs::metadata(format!("{path}-wal")).map_or(0, |m| m.len());
            format!("; {bytes} bytes in the WAL at the kill")
        });

    // Restarting proves the server opens the crashed database; then check what it holds.
    let restarted = Server::start(&db.url);
    let check = Db::connect(&db.url).await.expect("the database reopens");
    let stored: HashMap<String, StoredAnswer> = store::answers::list(&check, org, id)
        .await
        .unwrap()
        .into_iter()
        .map(|answer| (answer.question_id.clone(), answer))
        .collect();
    let (lost, in_flight_committed) = compare(&runs, &stored);
    assert!(lost.is_empty(), "{engine}: {lost:#?}");
    if let Db::Sqlite(pool) = &check {
        assert_intact(pool).await;
    }
    check.close().await;

    // The restarted server carries on from the stored revision.
    let browser = login(&http, &restarted.base, ASSESSOR, PASSWORD).await;
    let question = &runs[0].questions[0];
    let current = stored.get(question).map_or(0, |a| a.revision);
    let again = browser
        .post_json(
            &http,
            &restarted.url(&format!("/o/acme/assessments/{id}/answers/{question}")),
            &[("revision", &current.to_string()), ("choice", "3")],
            true,
        )
        .await
        .expect("the restarted server answers");
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(reply_revision(&again.body), Some(current + 1));

    eprintln!(
        "{engine}: kill -9 after {killed_after:?} with {total_acked} saves acknowledged \
         ({interrupted} in flight, {in_flight_committed} of those committed){wal}; \
         every acknowledged save present"
    );
}

/// Logs the clients in, starts them saving, kills the server once [`KILL_AFTER_ACKS`] saves are
/// acknowledged, and returns what each client knows once its last request has failed, and how
/// long into the burst the kill came.
async fn burst_then_kill(
    server: &mut Server,
    http: &reqwest::Client,
    answers: &str,
    engine: &str,
) -> (Vec<ClientRun>, Duration) {
    let questions = question_ids();
    assert!(questions.len() >= CLIENTS * QUESTIONS_PER_CLIENT);
    // Everyone logs in first, so that all clients save at the same time.
    let mut browsers = Vec::new();
    for _ in 0..CLIENTS {
        browsers.push(login(http, &server.base, ASSESSOR, PASSWORD).await);
    }
    let acked = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + BURST_TIMEOUT;
    let mut tasks = Vec::new();
    for (client, browser) in browsers.into_iter().enumerate() {
        let mine = questions[client * QUESTIONS_PER_CLIENT..][..QUESTIONS_PER_CLIENT].to_vec();
        tasks.push(tokio::spawn(save_repeatedly(
            http.clone(),
            answers.to_owned(),
            browser,
            client,
            mine,
            Arc::clone(&acked),
            deadline,
        )));
    }
    while acked.load(Ordering::SeqCst) < KILL_AFTER_ACKS {
        if Instant::now() > deadline || tasks.iter().all(|t| t.is_finished()) {
            panic!(
                "{engine}: only {} saves acknowledged before the burst ended:\n{}",
                acked.load(Ordering::SeqCst),
                server.log()
            );
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();
    let killed_after = started.elapsed();
    let mut runs = Vec::new();
    for task in tasks {
        runs.push(task.await.expect("a client task"));
    }
    let unexpected: Vec<&String> = runs.iter().flat_map(|r| &r.unexpected).collect();
    assert!(unexpected.is_empty(), "{engine}: {unexpected:#?}");
    (runs, killed_after)
}

/// Every question must hold its last acknowledged save, or the save that was in flight at the
/// kill, or (never acknowledged, not committed) nothing. Returns the questions that do not, and
/// how many in-flight saves were committed.
fn compare(runs: &[ClientRun], stored: &HashMap<String, StoredAnswer>) -> (Vec<String>, usize) {
    let mut lost = Vec::new();
    let mut in_flight_committed = 0;
    for run in runs {
        for question in &run.questions {
            let found = stored.get(question);
            let holds = |save: &Save| {
                found.is_some_and(|a| {
                    (a.revision, a.value, a.note.as_str())
                        == (save.revision, Some(save.choice), save.note.as_str())
                })
            };
            let in_flight = run.in_flight.as_ref().filter(|s| &s.question == question);
            if in_flight.is_some_and(holds) {
                in_flight_committed += 1;
            } else if let Some(save) = run.acknowledged.get(question) {
                if !holds(save) {
                    lost.push(format!(
                        "{question}: acknowledged {save:?}, stored {found:?}"
                    ));
                }
            } else if found.is_some() {
                lost.push(format!("{question}: never acknowledged, stored {found:?}"));
            }
        }
    }
    (lost, in_flight_committed)
}

/// SQLite's own checks of the file: pages, indexes and foreign keys.
async fn assert_intact(pool: &sqlx::SqlitePool) {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(integrity, ["ok"], "integrity check");
    let broken_references: Vec<(String, i64)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(broken_references.is_empty(), "{broken_references:?}");
}

/// Saves this client's questions in turn, each on the revision it last saw acknowledged, until
/// the count, the deadline, or the first request without a complete reply.
async fn save_repeatedly(
    http: reqwest::Client,
    base: String,
    browser: Browser,
    client: usize,
    questions: Vec<String>,
    acked: Arc<AtomicUsize>,
    deadline: Instant,
) -> ClientRun {
    let mut run = ClientRun {
        questions,
        ..ClientRun::default()
    };
    for n in 0..SAVES_PER_CLIENT {
        if Instant::now() > deadline {
            run.unexpected
                .push(format!("client {client}: deadline reached"));
            break;
        }
        let question = run.questions[n % run.questions.len()].clone();
        let previous = run.acknowledged.get(&question).map_or(0, |s| s.revision);
        let save = Save {
            question: question.clone(),
            revision: previous + 1,
            choice: (n % 4) as i64,
            note: format!("client {client} save {n}"),
        };
        let sent = browser
            .post_json(
                &http,
                &format!("{base}{question}"),
                &[
                    ("revision", &previous.to_string()),
                    ("choice", &save.choice.to_string()),
                    ("note", &save.note),
                ],
                true,
            )
            .await;
        match sent {
            Ok(reply)
                if reply.status == StatusCode::OK
                    && reply_revision(&reply.body) == Some(save.revision) =>
            {
                run.acknowledged.insert(question, save);
                run.acknowledged_count += 1;
                acked.fetch_add(1, Ordering::SeqCst);
            }
            Ok(reply) => {
                run.unexpected.push(format!(
                    "client {client}, {save:?}: {} {}",
                    reply.status, reply.body
                ));
                break;
            }
            Err(_) => {
                run.in_flight = Some(save);
                break;
            }
        }
    }
    run
}
