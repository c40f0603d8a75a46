//! Browser end-to-end: a real Chromium, driven through chromedriver, walks the path a new team
//! takes, from the first-run setup link to a finalised assessment, its dashboard and PDF, and a
//! stakeholder answering a survey on a phone.
//!
//! Why: the other tests talk HTTP and read HTML. Only a browser runs the autosave script, applies
//! the Content-Security-Policy, follows the redirects and lays the survey out at phone width; a
//! regression there (a blocked inline script, a broken form, a page that scrolls sideways on a
//! phone) passes every other test. Every step also fails on any error in the browser's console.
//!
//! The test starts the compiled binary on a fresh SQLite database and its own chromedriver on a
//! free port. Without `/usr/bin/chromium` or `/usr/bin/chromedriver` it is skipped with a message,
//! unless `REQUIRE_BROWSER=1` (set by `.ci/run`) makes that a failure. A failing step saves a
//! screenshot under `target/browser-failures/` and names the step.

mod support;

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::server::{Server, http};
use url::Url;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long a page may take to show what a step waits for.
const WAIT: Duration = Duration::from_secs(15);
/// The whole walk gives up after this long, so a hung browser cannot hang CI.
const WALK_TIMEOUT: Duration = Duration::from_secs(240);

const ADMIN_EMAIL: &str = "admin@acme.example";
const MANAGER_EMAIL: &str = "manager@acme.example";
const PASSWORD: &str = "a-long-browser-password";
const ORG_NAME: &str = "Acme Threat Intel";
const SLUG: &str = "acme";
const PERIOD: &str = "2026-Q3";
const EVIDENCE: &str = "https://wiki.acme.example/cti/reporting-line";
const GROUP: &str = "Security operations";
/// A common phone's viewport, in CSS pixels.
const PHONE_WIDTH: u32 = 390;
const PHONE: Screen = Screen::Phone {
    width: PHONE_WIDTH,
    height: 844,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_team_walks_from_setup_to_pdf_and_a_phone_survey() {
    if !browser_installed() {
        return;
    }
    let db = support::sqlite().await;
    let server = Server::start(&db.url);
    let driver = Chromedriver::start();
    let desktop = Browser::open(&driver, "desktop", Screen::Desktop).await;
    let phone = Browser::open(&driver, "phone", PHONE).await;

    let outcome = tokio::time::timeout(WALK_TIMEOUT, walk(&server, &desktop, &phone)).await;
    // Close the sessions before failing, so that no Chromium outlives the test.
    desktop.close().await;
    phone.close().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}\n\nserver log:\n{}", server.log()),
        Err(_) => panic!(
            "the walk did not finish within {WALK_TIMEOUT:?}\n\nserver log:\n{}",
            server.log()
        ),
    }
}

/// True when both programs are there; otherwise says so, or fails under `REQUIRE_BROWSER=1`.
fn browser_installed() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|program| !Path::new(program).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "browser end-to-end test needs {} (Debian: apt-get install chromium chromium-driver)",
        missing.join(" and ")
    );
    if std::env::var("REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("REQUIRE_BROWSER=1 but the {message}");
    }
    eprintln!("SKIPPED: the {message}");
    false
}

/// The whole walk, one step after the other; the first failing step ends it.
async fn walk(server: &Server, desktop: &Browser, phone: &Browser) -> anyhow::Result<()> {
    desktop
        .step(
            "first-run setup of the site admin",
            setup_site_admin(desktop, server),
        )
        .await?;
    desktop
        .step("create an organisation", create_organisation(desktop))
        .await?;
    let invitation = desktop
        .step("invite a manager", invite_manager(desktop))
        .await?;
    desktop
        .step(
            "the manager accepts",
            accept_invitation(desktop, &invitation),
        )
        .await?;
    desktop
        .step("the manager logs in", log_in_again(desktop))
        .await?;
    let assessment = desktop
        .step("start an assessment", start_assessment(desktop))
        .await?;
    desktop
        .step(
            "answer a whole section",
            answer_first_section(desktop, assessment),
        )
        .await?;
    desktop
        .step("finalise", finalise(desktop, assessment))
        .await?;
    desktop
        .step("results page", results(desktop, assessment))
        .await?;
    desktop
        .step("executive dashboard", executive_dashboard(desktop))
        .await?;
    desktop
        .step(
            "download the PDF",
            download_pdf(desktop, &server.base, assessment),
        )
        .await?;
    let survey = desktop
        .step("start a survey round", start_survey_round(desktop))
        .await?;
    phone
        .step(
            "a stakeholder answers on a phone",
            answer_survey(phone, &server.base, &survey),
        )
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The steps

async fn setup_site_admin(browser: &Browser, server: &Server) -> anyhow::Result<()> {
    let setup_path = wait_until(|| async { Ok(server.setup_path()) })
        .await
        .context("the server printed no /setup/ link on its first start")?;
    browser.goto(&server.url(&setup_path)).await?;
    browser
        .fill("input[name=display_name]", "Ada Admin")
        .await?;
    browser.fill("input[name=email]", ADMIN_EMAIL).await?;
    browser.fill("input[name=password]", PASSWORD).await?;
    browser.click("button[type=submit]").await?;
    browser.wait_for_path(|p| p == "/orgs").await
}

async fn create_organisation(browser: &Browser) -> anyhow::Result<()> {
    let form = "form[action='/orgs']";
    browser
        .fill(&format!("{form} input[name=name]"), ORG_NAME)
        .await?;
    browser
        .fill(&format!("{form} input[name=slug]"), SLUG)
        .await?;
    browser
        .click(&format!("{form} button[type=submit]"))
        .await?;
    browser.wait_for_path(|p| p == format!("/o/{SLUG}")).await?;
    browser.expect_text("body", ORG_NAME).await
}

/// Returns the path of the invitation link the page shows once.
async fn invite_manager(browser: &Browser) -> anyhow::Result<String> {
    browser.goto_path(&format!("/o/{SLUG}/members")).await?;
    let form = format!("form[action='/o/{SLUG}/invitations']");
    browser
        .fill(&format!("{form} input[name=email]"), MANAGER_EMAIL)
        .await?;
    browser
        .find(&format!("{form} select[name=role]"))
        .await?
        .select_by_value("manager")
        .await?;
    browser
        .click(&format!("{form} button[type=submit]"))
        .await?;
    let link = browser.wait_for("p.notice code").await?.text().await?;
    path_from(&link, "/invite/")
}

async fn accept_invitation(browser: &Browser, invitation: &str) -> anyhow::Result<()> {
    // The site admin logs out first: the link is for the manager, in their own session.
    browser
        .click("form[action='/logout'] button[type=submit]")
        .await?;
    browser.wait_for_path(|p| p == "/login").await?;
    browser.goto_path(invitation).await?;
    let form = format!("form[action='{invitation}']");
    browser
        .fill(&format!("{form} input[name=display_name]"), "Max Manager")
        .await?;
    browser
        .fill(&format!("{form} input[name=password]"), PASSWORD)
        .await?;
    browser
        .click(&format!("{form} button[type=submit]"))
        .await?;
    browser
        .wait_for_path(|p| p.starts_with(&format!("/o/{SLUG}")))
        .await
}

async fn log_in_again(browser: &Browser) -> anyhow::Result<()> {
    browser
        .click("form[action='/logout'] button[type=submit]")
        .await?;
    browser.wait_for_path(|p| p == "/login").await?;
    browser.fill("input[name=email]", MANAGER_EMAIL).await?;
    browser.fill("input[name=password]", PASSWORD).await?;
    browser.click("button[type=submit]").await?;
    browser
        .wait_for_path(|p| p.starts_with(&format!("/o/{SLUG}")))
        .await?;
    browser.expect_text("body", MANAGER_EMAIL).await
}

/// Returns the new assessment's id.
async fn start_assessment(browser: &Browser) -> anyhow::Result<i64> {
    browser
        .goto_path(&format!("/o/{SLUG}/assessments/new"))
        .await?;
    browser.fill("input[name=period]", PERIOD).await?;
    let ten_steps = browser
        .find("input[name=questionnaire][value=ten-steps]")
        .await?;
    if !ten_steps.is_selected().await? {
        ten_steps.click().await?;
    }
    browser
        .click(&format!(
            "form[action^='/o/{SLUG}/assessments?csrf='] button[type=submit]"
        ))
        .await?;
    let prefix = format!("/o/{SLUG}/assessments/");
    browser
        .wait_for_path(|p| {
            p.strip_prefix(&prefix)
                .is_some_and(|id| id.parse::<i64>().is_ok())
        })
        .await?;
    let id = browser.path().await?[prefix.len()..].parse::<i64>()?;
    browser.expect_text("h1", PERIOD).await?;
    Ok(id)
}

/// What the walk answers for one question of the section.
#[derive(Debug, Clone, PartialEq)]
struct Planned {
    question: String,
    choice: String,
    evidence: Option<String>,
}

/// Answers every question of the first section through the autosave script (one N/A, one with an
/// evidence link), then reloads the page and checks that every answer was stored.
async fn answer_first_section(browser: &Browser, assessment: i64) -> anyhow::Result<()> {
    let overview = format!("/o/{SLUG}/assessments/{assessment}");
    browser.goto_path(&overview).await?;
    browser
        .click(&format!("a[href^='{overview}/sections/']"))
        .await?;
    browser
        .wait_for_path(|p| p.starts_with(&format!("{overview}/sections/")))
        .await?;
    let section = browser.path().await?;

    let forms = browser
        .client
        .find_all(Locator::Css("form.answer-form"))
        .await?;
    ensure!(
        forms.len() >= 2,
        "the section shows {} questions",
        forms.len()
    );
    let mut plan = Vec::new();
    for form in &forms {
        let planned = plan_answer(form, &plan).await?;
        answer(form, &planned).await?;
        plan.push(planned);
    }
    ensure!(
        plan.iter().any(|p| p.choice == "na"),
        "no question of the section allows N/A"
    );

    browser.goto_path(&section).await?;
    for planned in &plan {
        check_stored(browser, planned).await?;
    }
    browser.expect_text("main", " 0 open").await
}

/// N/A for the first question that allows it, an evidence link on the first other one, a rating
/// of 2 everywhere else.
async fn plan_answer(form: &Element, earlier: &[Planned]) -> anyhow::Result<Planned> {
    let question = form
        .attr("data-question")
        .await?
        .context("an answer form without data-question")?;
    let allows_na = !form
        .find_all(Locator::Css("input[name=choice][value=na]"))
        .await?
        .is_empty();
    let na_taken = earlier.iter().any(|p| p.choice == "na");
    let evidence_taken = earlier.iter().any(|p| p.evidence.is_some());
    Ok(if allows_na && !na_taken {
        Planned {
            question,
            choice: "na".into(),
            evidence: None,
        }
    } else {
        Planned {
            question,
            choice: "2".into(),
            evidence: (!evidence_taken).then(|| EVIDENCE.to_owned()),
        }
    })
}

/// Clicks the choice (saved at once by the script), then types the evidence and presses Save.
async fn answer(form: &Element, planned: &Planned) -> anyhow::Result<()> {
    let choice = format!("input[name=choice][value='{}'] + span", planned.choice);
    form.find(Locator::Css(&choice)).await?.click().await?;
    wait_saved(form, &planned.question).await?;
    if let Some(evidence) = &planned.evidence {
        form.find(Locator::Css("textarea[name=evidence]"))
            .await?
            .send_keys(evidence)
            .await?;
        form.find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_saved(form, &planned.question).await?;
    }
    Ok(())
}

/// Waits until the form's save indicator says the script's last save was acknowledged.
async fn wait_saved(form: &Element, question: &str) -> anyhow::Result<()> {
    let state = form.find(Locator::Css(".save-state")).await?;
    wait_until(|| async {
        let class = state.attr("class").await?.unwrap_or_default();
        if class.contains("failed") {
            bail!("the save of {question} failed: {}", state.text().await?);
        }
        Ok(class.contains("saved").then_some(()))
    })
    .await
    .with_context(|| format!("the answer to {question} was not acknowledged"))
}

async fn check_stored(browser: &Browser, planned: &Planned) -> anyhow::Result<()> {
    let form = browser
        .find(&format!("form[data-question='{}']", planned.question))
        .await?;
    let checked = form
        .find(Locator::Css("input[name=choice]:checked"))
        .await?
        .attr("value")
        .await?;
    ensure!(
        checked.as_deref() == Some(planned.choice.as_str()),
        "after a reload {} shows {checked:?}, not {:?}",
        planned.question,
        planned.choice
    );
    let evidence = form
        .find(Locator::Css("textarea[name=evidence]"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let expected = planned.evidence.as_deref().unwrap_or("");
    ensure!(
        evidence.trim() == expected,
        "after a reload {} has evidence {evidence:?}, not {expected:?}",
        planned.question
    );
    Ok(())
}

async fn finalise(browser: &Browser, assessment: i64) -> anyhow::Result<()> {
    let overview = format!("/o/{SLUG}/assessments/{assessment}");
    browser.goto_path(&overview).await?;
    browser
        .click(&format!(
            "form[action='{overview}/finalise'] button[type=submit]"
        ))
        .await?;
    browser
        .wait_for_path(|p| p == format!("{overview}/results"))
        .await
}

async fn results(browser: &Browser, assessment: i64) -> anyhow::Result<()> {
    browser
        .goto_path(&format!("/o/{SLUG}/assessments/{assessment}/results"))
        .await?;
    browser
        .expect_text("h1", &format!("Results {PERIOD}"))
        .await?;
    browser.expect_text("h1", "final").await?;
    browser
        .expect_text("main", "A place on the organisation chart")
        .await
}

async fn executive_dashboard(browser: &Browser) -> anyhow::Result<()> {
    browser.goto_path(&format!("/o/{SLUG}/dashboard")).await?;
    browser
        .expect_text("h1", &format!("Where we stand: {PERIOD}"))
        .await
}

/// Fetches the scorecard with the browser's own session cookie: a real PDF, not an error page.
async fn download_pdf(browser: &Browser, base: &str, assessment: i64) -> anyhow::Result<()> {
    let cookies = browser.client.get_all_cookies().await?;
    let cookie = cookies
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; ");
    let url = format!("{base}/o/{SLUG}/assessments/{assessment}/export/pdf");
    let response = http()
        .get(&url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    ensure!(
        status == StatusCode::OK,
        "GET {url} answered {status}: {}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
    );
    ensure!(
        bytes.starts_with(b"%PDF"),
        "GET {url} returned {} bytes that do not start with %PDF",
        bytes.len()
    );
    Ok(())
}

/// Adds a stakeholder group and starts a round of the shipped survey; returns the group link's
/// path, which the page shows once.
async fn start_survey_round(browser: &Browser) -> anyhow::Result<String> {
    let groups = format!("/o/{SLUG}/surveys/groups");
    browser.goto_path(&groups).await?;
    let form = format!("form[action='{groups}']");
    browser
        .fill(&format!("{form} input[name=name]"), GROUP)
        .await?;
    browser
        .click(&format!("{form} button[type=submit]"))
        .await?;
    browser.wait_for_path(|p| p == groups).await?;
    // The new group is listed as an editable row: its name is an input's value.
    browser
        .find(&format!(
            "form.group-edit input[name=name][value='{GROUP}']"
        ))
        .await?;

    browser.goto_path(&format!("/o/{SLUG}/surveys/new")).await?;
    browser
        .click("input[name=source][value^='shipped:']")
        .await?;
    browser
        .click(&format!(
            "form[action='/o/{SLUG}/surveys'] button[type=submit]"
        ))
        .await?;
    let link = browser
        .wait_for("input.link-copy")
        .await?
        .prop("value")
        .await?
        .context("the link field has no value")?;
    path_from(&link, "/s/")
}

/// At phone width: the page must not scroll sideways, every item gets an answer, and the
/// thank-you page follows.
async fn answer_survey(browser: &Browser, base: &str, survey_path: &str) -> anyhow::Result<()> {
    // A phone of its own: nothing open yet, no session.
    browser.goto(&format!("{base}{survey_path}")).await?;
    let width = browser
        .client
        .execute("return window.innerWidth;", vec![])
        .await?;
    ensure!(
        width.as_i64() == Some(i64::from(PHONE_WIDTH)),
        "the phone's viewport is {width} px wide, not {PHONE_WIDTH}"
    );
    let overflow = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await?;
    ensure!(
        overflow.as_i64() == Some(0),
        "the survey scrolls sideways by {overflow} px at phone width"
    );
    let items = browser
        .client
        .find_all(Locator::Css("fieldset.survey-item"))
        .await?;
    ensure!(!items.is_empty(), "the survey shows no item");
    for item in &items {
        answer_survey_item(item).await?;
    }
    browser.click("button.survey-submit").await?;
    browser
        .wait_for_path(|p| p == format!("{survey_path}/done"))
        .await?;
    browser.expect_text("h1", "Thank you").await
}

/// Taps the second-highest choice of a scale, and writes into a free-text box.
async fn answer_survey_item(item: &Element) -> anyhow::Result<()> {
    let choices = item.find_all(Locator::Css("label.choice span")).await?;
    if choices.len() >= 2 {
        choices[choices.len() - 2].click().await?;
    }
    for text in item.find_all(Locator::Css("textarea")).await? {
        text.send_keys("Earlier warning of phishing campaigns, please.")
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The browser

/// `chromedriver` on a free loopback port, killed when dropped.
struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        };
        driver.wait_ready();
        driver
    }

    /// Waits until chromedriver accepts connections on its port.
    fn wait_ready(&self) {
        let address = self.url.trim_start_matches("http://").trim_end_matches('/');
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(address).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {address} in time"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The screen a session emulates.
#[derive(Clone, Copy)]
enum Screen {
    Desktop,
    Phone { width: u32, height: u32 },
}

/// One Chromium session with its own throwaway profile.
struct Browser {
    name: &'static str,
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn open(driver: &Chromedriver, name: &'static str, screen: Screen) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-extensions",
                format!("--user-data-dir={}", profile.path().display()),
                "--window-size=1280,900",
            ],
        });
        if let Screen::Phone { width, height } = screen {
            // Headless Chromium keeps windows at least 500 px wide; a phone's viewport needs
            // chromedriver's device emulation.
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3, "mobile": true, "touch": true },
            });
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": options,
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("the capabilities are a JSON object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("chromedriver opens a {name} Chromium session: {e}"));
        Browser {
            name,
            client,
            _profile: profile,
        }
    }

    /// Runs one step, then checks the console. On failure saves a screenshot and names the step,
    /// the page and any console errors in the error.
    async fn step<T>(
        &self,
        name: &str,
        work: impl Future<Output = anyhow::Result<T>>,
    ) -> anyhow::Result<T> {
        let outcome = work.await;
        let console = self.console_errors().await;
        let error = match (outcome, console) {
            (Ok(value), Ok(())) => return Ok(value),
            (Ok(_), Err(console)) => console,
            (Err(error), Ok(())) => error,
            (Err(error), Err(console)) => error.context(format!("{console:#}")),
        };
        let at = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(no URL: {e})"),
        };
        let shot = match self.save_screenshot(name).await {
            Ok(path) => path,
            Err(e) => format!("(none: {e:#})"),
        };
        Err(error.context(format!(
            "step \"{name}\" failed in the {} browser at {at}; screenshot: {shot}",
            self.name
        )))
    }

    async fn close(&self) {
        let _ = self.client.clone().close().await;
    }

    async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Opens `path` on the server the browser is on.
    async fn goto_path(&self, path: &str) -> anyhow::Result<()> {
        let current = self.client.current_url().await?;
        let url = current.join(path)?;
        self.goto(url.as_str()).await
    }

    async fn path(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.path().to_owned())
    }

    async fn find(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))
    }

    /// Waits until an element matches `css`.
    async fn wait_for(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matched {css} within {WAIT:?}"))
    }

    async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.find(css).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// Waits until the current path satisfies `wanted` (after a form post and its redirect).
    async fn wait_for_path(&self, wanted: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await?;
            if wanted(&path) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the browser stayed on {path}, not the page the step expected");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Fails unless the first element matching `css` contains `wanted`.
    async fn expect_text(&self, css: &str, wanted: &str) -> anyhow::Result<()> {
        let text = self.find(css).await?.text().await?;
        ensure!(
            text.contains(wanted),
            "{css} does not contain {wanted:?}; it reads: {}",
            text.chars().take(600).collect::<String>()
        );
        Ok(())
    }

    /// Fails on any error the page logged since the last check (script errors, resources that did
    /// not load, Content-Security-Policy violations). Reading the log empties it.
    async fn console_errors(&self) -> anyhow::Result<()> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        let errors: Vec<String> = entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(anyhow!(
                "the browser console has errors:\n  {}",
                errors.join("\n  ")
            ))
        }
    }

    /// Saves a PNG of the window under `target/browser-failures/`; returns its path.
    async fn save_screenshot(&self, step: &str) -> anyhow::Result<String> {
        let png = self.client.screenshot().await?;
        let dir = failures_dir();
        std::fs::create_dir_all(&dir)?;
        let name: String = step
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = dir.join(format!("{}-{name}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path.display().to_string())
    }
}

/// `target/browser-failures`, next to the `target/tmp` cargo gives integration tests.
fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("browser-failures")
}

/// chromedriver's log endpoint (outside the W3C standard, so fantoccini has no method for it).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &Url) -> (Method, Option<String>) {
        (Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// Polls `probe` every 100 ms until it returns `Some`, for at most [`WAIT`].
async fn wait_until<T, F, Fut>(probe: F) -> anyhow::Result<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = probe().await? {
            return Ok(value);
        }
        if Instant::now() > deadline {
            bail!("gave up after {WAIT:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The part of a link shown on a page from `marker` on (`…/invite/TOKEN` → `/invite/TOKEN`):
/// the links carry the configured public URL, the browser uses the test server's address.
fn path_from(link: &str, marker: &str) -> anyhow::Result<String> {
    let start = link
        .find(marker)
        .with_context(|| format!("{link:?} contains no {marker}"))?;
    Ok(link[start..].trim().to_owned())
}
