//! Scale-out: two instances of the real server on one PostgreSQL database, with requests
//! alternating between them as a round-robin load balancer would send them.
//!
//! Why: the design promises that instances are interchangeable (sessions, CSRF tokens, revisions
//! and memberships live in the database, nothing another instance needs lives in process memory).
//! An in-process test shares one process and cannot tell; two processes can. PostgreSQL only:
//! SQLite is the one-machine engine. Skipped with a message without `TEST_POSTGRES_URL`, a
//! failure when `REQUIRE_POSTGRES=1`.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use cti_maturity::store;
use reqwest::StatusCode;
use support::server::{Browser, Server, http, login, reply_revision};
use support::{PASSWORD, TestDb, assessment, organisation};

/// Two instances and the assessment of organisation `acme` they serve.
struct Cluster {
    db: TestDb,
    org: i64,
    assessment: i64,
    a: Server,
    b: Server,
    turn: AtomicUsize,
    http: reqwest::Client,
}

impl Cluster {
    async fn start() -> Option<Cluster> {
        let db = support::postgres().await?;
        let org = organisation(&db.db, "acme").await;
        organisation(&db.db, "other").await;
        let manager = store::users::find_by_email(&db.db, "manager@acme.example")
            .await
            .unwrap()
            .unwrap();
        let assessment = assessment(&db.db, org, "2026-Q3", manager.id).await;
        let a = Server::start(&db.url);
        let b = Server::start(&db.url);
        assert_ne!(a.base, b.base);
        Some(Cluster {
            db,
            org,
            assessment,
            a,
            b,
            turn: AtomicUsize::new(0),
            http: http(),
        })
    }

    /// The next instance in round-robin order.
    fn next(&self) -> &Server {
        if self.turn.fetch_add(1, Ordering::SeqCst) % 2 == 0 {
            &self.a
        } else {
            &self.b
        }
    }

    fn answer_path(&self, question: &str) -> String {
        format!("/o/acme/assessments/{}/answers/{question}", self.assessment)
    }

    fn section_path(&self, section: &str) -> String {
        format!("/o/acme/assessments/{}/sections/{section}", self.assessment)
    }

    async fn login(&self, on: &Server, email: &str) -> Browser {
        login(&self.http, &on.base, email, PASSWORD).await
    }

    async fn save(
        &self,
        on: &Server,
        browser: &Browser,
        question: &str,
        revision: i64,
        note: &str,
    ) -> support::Reply {
        browser
            .post_json(
                &self.http,
                &on.url(&self.answer_path(question)),
                &[
                    ("revision", &revision.to_string()),
                    ("choice", "2"),
                    ("note", note),
                ],
                true,
            )
            .await
            .expect("the instance answers")
    }

    async fn stored(&self, question: &str) -> Option<store::answers::StoredAnswer> {
        store::answers::get(&self.db.db, self.org, self.assessment, question)
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_from_one_instance_works_on_the_other() {
    let Some(cluster) = Cluster::start().await else {
        return;
    };
    let manager = cluster.login(&cluster.a, "manager@acme.example").await;
    assert_eq!(
        manager.csrf_from(&cluster.http, &cluster.b.base).await,
        manager.csrf,
        "B shows the CSRF token of the session created on A"
    );

    let question = "step-01.mandate";
    for round in 0..6 {
        let on = cluster.next();
        let note = format!("round {round} via {}", on.base);
        let saved = cluster.save(on, &manager, question, round, &note).await;
        assert_eq!(saved.status, StatusCode::OK, "{note}: {}", saved.body);
        assert_eq!(reply_revision(&saved.body), Some(round + 1), "{note}");
    }
    let last = cluster.stored(question).await.expect("saved");
    assert_eq!(last.revision, 6);
    for on in [&cluster.a, &cluster.b] {
        let page = manager
            .get(&cluster.http, &on.url(&cluster.section_path("step-01")))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", on.base);
        assert!(
            page.body.contains(&last.note),
            "{} shows the latest save",
            on.base
        );
    }

    // Logging out on B ends the session on A too.
    let out = manager
        .post_json(&cluster.http, &cluster.b.url("/logout"), &[], true)
        .await
        .unwrap();
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = manager
        .get(
            &cluster.http,
            &cluster.a.url(&cluster.section_path("step-01")),
        )
        .await;
    assert_eq!(
        (after.status, after.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn conflicting_edits_through_different_instances_are_caught() {
    let Some(cluster) = Cluster::start().await else {
        return;
    };
    let (a, b) = (&cluster.a, &cluster.b);
    let manager = cluster.login(a, "manager@acme.example").await;
    let assessor = cluster.login(b, "assessor@acme.example").await;
    let question = "step-02.it-resources";

    // Both opened the question at revision 0; the first save wins, on whichever instance.
    let first = cluster
        .save(a, &manager, question, 0, "manager via A")
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = cluster
        .save(b, &assessor, question, 0, "assessor via B")
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(
        second.body.contains("\"status\":\"conflict\"")
            && second.body.contains("manager via A")
            && reply_revision(&second.body) == Some(1),
        "B shows what A saved: {}",
        second.body
    );
    // The same the other way round.
    let third = cluster
        .save(b, &assessor, question, 1, "assessor via B, on revision 1")
        .await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.body);
    let stale = cluster
        .save(a, &manager, question, 1, "manager via A, stale")
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let stored = cluster.stored(question).await.unwrap();
    assert_eq!(
        (stored.revision, stored.note.as_str()),
        (2, "assessor via B, on revision 1")
    );

    // Eight simultaneous saves on revision 2, spread over both instances: exactly one wins.
    let mut browsers = Vec::new();
    for n in 0..8 {
        let email = if n % 2 == 0 {
            "manager@acme.example"
        } else {
            "assessor@acme.example"
        };
        browsers.push((n, cluster.login(cluster.next(), email).await));
    }
    let racers = browsers.into_iter().map(|(n, browser)| {
        let http = cluster.http.clone();
        let url = cluster.next().url(&cluster.answer_path(question));
        tokio::spawn(async move {
            let note = format!("racer {n}");
            let fields = [("revision", "2"), ("choice", "1"), ("note", note.as_str())];
            let reply = browser.post_json(&http, &url, &fields, true).await.unwrap();
            (note, reply.status)
        })
    });
    let mut winners = Vec::new();
    let mut refused = 0;
    for racer in racers.collect::<Vec<_>>() {
        match racer.await.unwrap() {
            (note, StatusCode::OK) => winners.push(note),
            (_, StatusCode::CONFLICT) => refused += 1,
            (note, status) => panic!("{note}: {status}"),
        }
    }
    assert_eq!((winners.len(), refused), (1, 7), "{winners:?}");
    let stored = cluster.stored(question).await.unwrap();
    assert_eq!(
        (stored.revision, stored.note.as_str()),
        (3, winners[0].as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn access_rules_hold_across_instances() {
    let Some(cluster) = Cluster::start().await else {
        return;
    };
    let (a, b) = (&cluster.a, &cluster.b);
    let http = &cluster.http;
    let question = "step-03.intelligence-roles";
    let section = cluster.section_path("step-01");

    // A viewer logged in on A reads on B but cannot answer there.
    let viewer = cluster.login(a, "viewer@acme.example").await;
    assert_eq!(viewer.get(http, &b.url(&section)).await.status, 200);
    let by_viewer = cluster.save(b, &viewer, question, 0, "viewer").await;
    assert_eq!(by_viewer.status, StatusCode::FORBIDDEN);

    // Another organisation's manager, logged in on B, does not see acme on A.
    let outsider = cluster.login(b, "manager@other.example").await;
    assert_eq!(outsider.get(http, &a.url("/o/other")).await.status, 200);
    assert_eq!(outsider.get(http, &a.url(&section)).await.status, 404);
    let by_outsider = cluster.save(a, &outsider, question, 0, "outsider").await;
    assert_eq!(by_outsider.status, StatusCode::NOT_FOUND);

    // An assessor's session from A, on B: refused without its CSRF token, with another
    // session's token, and from another site.
    let assessor = cluster.login(a, "assessor@acme.example").await;
    let url = b.url(&cluster.answer_path(question));
    let fields = [("revision", "0"), ("choice", "1"), ("note", "forged")];
    let no_token = assessor
        .post_json(http, &url, &fields, false)
        .await
        .unwrap();
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let borrowed = Browser {
        csrf: viewer.csrf.clone(),
        ..assessor.clone()
    };
    let wrong_token = borrowed.post_json(http, &url, &fields, true).await.unwrap();
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    let cross_site = http
        .post(&url)
        .header(reqwest::header::COOKIE, &assessor.cookie)
        .header(reqwest::header::ORIGIN, "http://evil.example")
        .form(&[("revision", "0"), ("choice", "1"), ("csrf", &assessor.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    // Without a session: to the login page.
    let anonymous = http
        .post(&url)
        .form(&[("revision", "0"), ("choice", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/login")
    );

    assert_eq!(cluster.stored(question).await, None, "nothing was saved");
    // The same assessor, with everything right, on B: saved.
    let allowed = cluster.save(b, &assessor, question, 0, "assessor").await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.body);
    assert_eq!(cluster.stored(question).await.unwrap().note, "assessor");
}
