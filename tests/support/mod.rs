//! Shared test fixtures: a fresh database per test on each engine, the app in-process, and a
//! logged-in browser-like client; [`server`] runs the compiled binary instead, for the tests
//! that kill it or run two of it.
//!
//! SQLite always runs. PostgreSQL runs when `TEST_POSTGRES_URL` names a server where the tests
//! may create databases; without it those runs are skipped with a message, unless
//! `REQUIRE_POSTGRES=1` (set by `.ci/run`) makes that a failure.
#![allow(dead_code)]

pub mod server;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cti_maturity::config::Config;
use cti_maturity::store::{self, Db, Role};
use cti_maturity::web::{self, AppState, password};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestDb {
    pub engine: &'static str,
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    let db = Db::connect(&url).await.expect("SQLite opens");
    db.migrate().await.expect("SQLite migrates");
    TestDb {
        engine: "sqlite",
        db,
        url,
        _dir: Some(dir),
    }
}

/// A fresh PostgreSQL database, or None (with a message) when no server is configured.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set");
        }
        eprintln!("SKIPPED on PostgreSQL: set TEST_POSTGRES_URL to run this test there too");
        return None;
    };
    let name = format!("cti_test_{}", web::tokens::new_token()[..16].to_owned());
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("PostgreSQL admin connection");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    let db = Db::connect(&url).await.expect("PostgreSQL connects");
    db.migrate().await.expect("PostgreSQL migrates");
    Some(TestDb {
        engine: "postgres",
        db,
        url,
        _dir: None,
    })
}

/// Every engine available to this run.
pub async fn engines() -> Vec<TestDb> {
    let mut engines = vec![sqlite().await];
    engines.extend(postgres().await);
    engines
}

pub fn app(db: &TestDb) -> Router {
    web::app(AppState::new(db.db.clone(), Config::for_tests(&db.url)))
}

pub const PASSWORD: &str = "a-long-test-password";

pub async fn user(db: &Db, email: &str) -> i64 {
    let hash = password::hash(PASSWORD.to_owned()).await.unwrap();
    store::users::create(db, email, email, &hash, false)
        .await
        .unwrap()
        .id
}

/// An organisation with one member per role: admin@, manager@, assessor@, viewer@ SLUG.example.
pub async fn organisation(db: &Db, slug: &str) -> i64 {
    let org = store::organisations::create(db, slug, &format!("Org {slug}"))
        .await
        .unwrap();
    for role in Role::ALL {
        let id = user(db, &format!("{}@{slug}.example", role.as_str())).await;
        store::organisations::set_membership(db, org.id, id, role)
            .await
            .unwrap();
    }
    org.id
}

/// An assessment of the shipped ten-steps questionnaire.
pub async fn assessment(db: &Db, organisation_id: i64, period: &str, created_by: i64) -> i64 {
    let new = store::assessments::NewAssessment {
        organisation_id,
        period,
        questionnaire_id: "ten-steps",
        questionnaire_version: "1.0.0",
        questionnaire_yaml: include_str!("../../questionnaires/ten-steps.yaml"),
        model_yaml: include_str!("../../models/cti-practice.yaml"),
        started_from_id: None,
        created_by,
        not_relevant: &[],
    };
    store::assessments::create(db, &new, &[], &[])
        .await
        .unwrap()
}

/// A round of the shipped stakeholder survey for `period`, with the default groups (seeded when
/// the organisation has none): the round id and each group's (id, link token), in group order.
pub async fn survey_round(
    db: &Db,
    organisation_id: i64,
    period: &str,
    created_by: i64,
) -> (i64, Vec<(i64, String)>) {
    let defaults = web::survey_groups::DEFAULT_GROUPS;
    store::stakeholder_groups::seed_once(db, organisation_id, &defaults)
        .await
        .unwrap();
    let groups = store::stakeholder_groups::list(db, organisation_id, false)
        .await
        .unwrap();
    let tokens: Vec<(i64, String)> = groups
        .iter()
        .map(|group| (group.id, web::tokens::new_token()))
        .collect();
    let links: Vec<(i64, String)> = tokens
        .iter()
        .map(|(group, token)| (*group, web::tokens::hash_token(token)))
        .collect();
    let new = store::surveys::NewRound {
        organisation_id,
        period,
        survey_id: "stakeholder-survey",
        survey_version: "1.0.0",
        survey_yaml: include_str!("../../questionnaires/stakeholder-survey.yaml"),
        min_responses: 3,
        created_by,
    };
    let id = store::surveys::create_round(db, &new, &links)
        .await
        .unwrap();
    (id, tokens)
}

/// A logged-in client: its session cookie and CSRF token.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: String,
    pub csrf: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = String::from_utf8_lossy(&response.into_body().collect().await.unwrap().to_bytes())
        .into_owned();
    Reply {
        status,
        location,
        body,
    }
}

pub async fn login(app: &Router, db: &Db, email: &str) -> Client {
    let body = format!("email={}&password={PASSWORD}", urlencode(email));
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
    let set_cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let token = cookie.split_once('=').unwrap().1;
    let session = store::sessions::find_live(db, &web::tokens::hash_token(token))
        .await
        .unwrap()
        .unwrap();
    Client {
        app: app.clone(),
        cookie,
        csrf: session.csrf_token,
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_owned()
}

impl Client {
    pub async fn get(&self, path: &str) -> Reply {
        send(
            &self.app,
            Request::get(path)
                .header(header::COOKIE, &self.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Posts a form with the CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_raw(path, fields, true, false).await
    }

    pub async fn post_json_reply(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_raw(path, fields, true, true).await
    }

    /// Posts a multipart form with the CSRF token in the query, as the pages do: (field name,
    /// file name for a file, content).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, Option<&str>, &[u8])],
    ) -> Reply {
        let boundary = "SUPPORTBOUNDARY7f3a";
        let mut body = Vec::new();
        for (name, file_name, content) in fields {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match file_name {
                Some(file) => format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ),
                None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
            };
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let separator = if path.contains('?') { '&' } else { '?' };
        send(
            &self.app,
            Request::post(format!("{path}{separator}csrf={}", self.csrf))
                .header(header::COOKIE, &self.cookie)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        with_csrf: bool,
        json: bool,
    ) -> Reply {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if with_csrf {
            all.push(("csrf", &self.csrf));
        }
        let mut request = Request::post(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if json {
            request = request.header(header::ACCEPT, "application/json");
        }
        send(
            &self.app,
            request
                .body(Body::from(serde_urlencoded::to_string(&all).unwrap()))
                .unwrap(),
        )
        .await
    }
}
