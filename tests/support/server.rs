//! The real `cti-maturity serve` binary as a child process, and a small HTTP client for it.
//!
//! The in-process tests (`support::app`) cannot show what happens when the process dies or when
//! two processes share one database: these helpers start the compiled binary on `127.0.0.1:0`,
//! read the address it logs, and talk to it over real TCP. A [`Server`] is killed when dropped,
//! so a failing assertion never leaves a server behind.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};

// Replies are the in-process tests' [`Reply`] (reqwest and axum share the `http` crate's types).
use super::Reply;

/// How long a debug build may take to migrate and start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// Every request gives up after this long, so no test loop can hang on a dead server.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `serve` on `database_url` and waits until it listens.
    pub fn start(database_url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cti-maturity"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database",
                database_url,
            ])
            .arg("--content-dir")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info,sqlx=warn")
            .env_remove("CTI_MATURITY_LISTEN")
            .env_remove("CTI_MATURITY_PUBLIC_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the cti-maturity binary starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        // The console (stdout: the first-run setup link) and the log (stderr) land in one list.
        let stdout = child.stdout.take().expect("stdout is piped");
        drain(stdout, Arc::clone(&log), address_tx.clone());
        let stderr = child.stderr.take().expect("stderr is piped");
        drain(stderr, Arc::clone(&log), address_tx);
        let mut server = Server {
            child,
            base: String::new(),
            log,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            match address_rx.recv_timeout(Duration::from_millis(200)) {
                Ok(address) => {
                    server.base = format!("http://{address}");
                    return server;
                }
                Err(_) if Instant::now() > deadline => {
                    panic!("the server did not listen in time:\n{}", server.log())
                }
                Err(_) => {
                    if let Ok(Some(status)) = server.child.try_wait() {
                        // Give the reader thread a moment to collect the last lines.
                        std::thread::sleep(Duration::from_millis(200));
                        panic!("the server exited with {status}:\n{}", server.log());
                    }
                }
            }
        }
    }

    /// SIGKILL on unix: no graceful shutdown, no flushing, nothing in flight completes.
    pub fn kill(&mut self) {
        self.child.kill().expect("the server can be killed");
        self.child.wait().expect("the killed server is reaped");
    }

    /// Everything the server logged so far, for failure messages.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The path of the one-time site administrator link `serve` prints when the database has no
    /// user (`/setup/TOKEN`), once it has been printed.
    pub fn setup_path(&self) -> Option<String> {
        let log = self.log.lock().unwrap();
        let line = log.iter().find(|line| line.contains("/setup/"))?;
        let path = &line[line.find("/setup/")?..];
        Some(path.split_whitespace().next()?.to_owned())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `pipe` line by line into `log` for the whole life of the process (a full pipe would block
/// the server), reporting the address the server listens on.
fn drain(
    pipe: impl std::io::Read + Send + 'static,
    log: Arc<Mutex<Vec<String>>>,
    address_tx: mpsc::Sender<String>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let line = strip_ansi(&line);
            if let Some(address) = listening_address(&line) {
                let _ = address_tx.send(address);
            }
            log.lock().unwrap().push(line);
        }
    });
}

/// `INFO listening address=127.0.0.1:PORT engine=…` → `127.0.0.1:PORT`.
fn listening_address(line: &str) -> Option<String> {
    if !line.contains("listening") {
        return None;
    }
    let rest = line.split("address=").nth(1)?;
    let address = rest.split_whitespace().next()?;
    address
        .starts_with("127.0.0.1:")
        .then(|| address.to_owned())
}

/// Removes terminal colour sequences (`ESC [ … m`) in case the log is coloured anyway.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An HTTP client that follows no redirects (the tests look at them) and never waits long.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .no_proxy()
        .build()
        .expect("the HTTP client builds")
}

/// A logged-in browser, reduced to what the server looks at: its session cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// Logs in on `base` and reads the CSRF token from a page of the same server.
pub async fn login(http: &reqwest::Client, base: &str, email: &str, password: &str) -> Browser {
    let response = http
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("login request");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let mut browser = Browser {
        cookie,
        csrf: String::new(),
    };
    browser.csrf = browser.csrf_from(http, base).await;
    browser
}

impl Browser {
    pub async fn get(&self, http: &reqwest::Client, url: &str) -> Reply {
        let response = http
            .get(url)
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .expect("GET");
        reply(response).await.expect("GET reply")
    }

    /// The CSRF token in the forms of `base`'s organisations page (the logout form is on every
    /// page).
    pub async fn csrf_from(&self, http: &reqwest::Client, base: &str) -> String {
        let page = self.get(http, &format!("{base}/orgs")).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "organisations page: {}",
            page.body
        );
        hidden_csrf(&page.body).expect("a CSRF field on the organisations page")
    }

    /// Posts a form (with this browser's CSRF token unless `csrf` is false) asking for JSON, as
    /// the autosave script does. An error means no complete reply arrived (connection refused or
    /// reset, or a timeout): the save was not acknowledged.
    pub async fn post_json(
        &self,
        http: &reqwest::Client,
        url: &str,
        fields: &[(&str, &str)],
        csrf: bool,
    ) -> Result<Reply, reqwest::Error> {
        let mut all = fields.to_vec();
        if csrf {
            all.push(("csrf", &self.csrf));
        }
        let response = http
            .post(url)
            .header(COOKIE, &self.cookie)
            .header(ACCEPT, "application/json")
            .form(&all)
            .send()
            .await?;
        reply(response).await
    }
}

async fn reply(response: reqwest::Response) -> Result<Reply, reqwest::Error> {
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.text().await?;
    Ok(Reply {
        status,
        location,
        body,
    })
}

/// The value of the first `<input type="hidden" name="csrf" value="…">`.
pub fn hidden_csrf(html: &str) -> Option<String> {
    let rest = html.split("name=\"csrf\" value=\"").nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}

/// The `revision` of a JSON save reply (`{"status":"saved","revision":3}` or a conflict).
pub fn reply_revision(body: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("revision")?
        .as_i64()
}

/// The question ids of the shipped ten-steps questionnaire, in order.
pub fn question_ids() -> Vec<String> {
    include_str!("../../questionnaires/ten-steps.yaml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .filter(|id| id.contains('.'))
        .map(str::to_owned)
        .collect()
}
