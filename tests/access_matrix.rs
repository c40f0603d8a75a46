//! Every route against every kind of caller: anonymous, a member of another organisation, and each
//! role of the organisation the route is about. A route added to `src/web` without a row here
//! fails `every_route_has_a_row`.

mod support;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cti_maturity::store::{self, Role, actions, invitations};
use support::{Client, TestDb, app, assessment, login, organisation, send, sqlite, survey_round};

/// What a caller must get.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Passed authorisation: any status but 401, 403, 404 and a redirect to the login page (a
    /// refusal on the request's merits, such as 409 or 422, counts as allowed).
    Allowed,
    /// 303 to /login.
    Login,
    Forbidden,
    NotFound,
    Status(u16),
}

use Expect::*;

/// Callers, in the order each row is tried (least privileged first, so that an allowed change
/// by one caller never hides a refusal of the next).
const CALLERS: [&str; 6] = [
    "anonymous",
    "outsider",
    "viewer",
    "assessor",
    "manager",
    "admin",
];

#[derive(Clone, Copy)]
enum Body_ {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Multipart(&'static [(&'static str, &'static str)]),
}

struct Row {
    method: &'static str,
    path: &'static str,
    body: Body_,
    /// One per caller, in [`CALLERS`] order.
    expect: [Expect; 6],
}

/// Shorthands for organisation routes: who may, from which role up.
const VIEWER_UP: [Expect; 6] = [Login, NotFound, Allowed, Allowed, Allowed, Allowed];
const ASSESSOR_UP: [Expect; 6] = [Login, NotFound, Forbidden, Allowed, Allowed, Allowed];
const MANAGER_UP: [Expect; 6] = [Login, NotFound, Forbidden, Forbidden, Allowed, Allowed];
const ADMIN_ONLY: [Expect; 6] = [Login, NotFound, Forbidden, Forbidden, Forbidden, Allowed];
const PUBLIC: [Expect; 6] = [Status(200); 6];
const LOGGED_IN: [Expect; 6] = [Login, Allowed, Allowed, Allowed, Allowed, Allowed];

fn rows() -> Vec<Row> {
    use Body_::{Form, Multipart, None as Empty};
    let row = |method, path, body, expect| Row {
        method,
        path,
        body,
        expect,
    };
    vec![
        row("GET", "/healthz", Empty, PUBLIC),
        // Mounted only when the load benchmark names a file (never in tests or production).
        row("GET", "/bench/static", Empty, [NotFound; 6]),
        row("GET", "/static/app.css", Empty, PUBLIC),
        row("GET", "/static/app.js", Empty, PUBLIC),
        row("GET", "/favicon.svg", Empty, PUBLIC),
        row(
            "GET",
            "/login",
            Empty,
            [Status(200), Allowed, Allowed, Allowed, Allowed, Allowed],
        ),
        row(
            "POST",
            "/login",
            Form(&[
                ("email", "nobody-{caller}@acme.example"),
                ("password", "wrong-password"),
            ]),
            [Status(401); 6],
        ),
        row("POST", "/logout", Form(&[]), [Login; 6]),
        row("GET", "/setup/{unknown_token}", Empty, [NotFound; 6]),
        row(
            "POST",
            "/setup/{unknown_token}",
            Form(&[
                ("email", "x@y.example"),
                ("display_name", "X"),
                ("password", "long-enough-password"),
            ]),
            [NotFound; 6],
        ),
        row("GET", "/invite/{unknown_token}", Empty, [NotFound; 6]),
        row(
            "POST",
            "/invite/{unknown_token}",
            Form(&[("display_name", "X"), ("password", "long-enough-password")]),
            [NotFound; 6],
        ),
        row("GET", "/", Empty, LOGGED_IN),
        row("GET", "/orgs", Empty, LOGGED_IN),
        // Only site administrators create organisations.
        row(
            "POST",
            "/orgs",
            Form(&[("name", "New"), ("slug", "new")]),
            [Login, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        row("POST", "/orgs/{slug}/switch", Form(&[]), VIEWER_UP),
        row("GET", "/o/{slug}", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/assessments/new", Empty, MANAGER_UP),
        row(
            "POST",
            "/o/{slug}/assessments",
            Multipart(&[("period", "2027-Q1"), ("questionnaire", "ten-steps")]),
            MANAGER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/sections/step-01",
            Empty,
            VIEWER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/answers/step-01.mandate",
            Form(&[("revision", "0"), ("choice", "2")]),
            ASSESSOR_UP,
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/finalise",
            Form(&[]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/reopen",
            Form(&[("reason", "a reason")]),
            ADMIN_ONLY,
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/sections/step-01/relevance",
            Form(&[("relevant", "no")]),
            MANAGER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/results",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/results/sections/step-01",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/results/capabilities/governance",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/results/questions/step-01.mandate",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/export/json",
            Empty,
            VIEWER_UP,
        ),
        row(
            "GET",
            "/o/{slug}/assessments/{assessment}/export/xlsx",
            Empty,
            VIEWER_UP,
        ),
        row("GET", "/o/{slug}/import", Empty, MANAGER_UP),
        row(
            "POST",
            "/o/{slug}/import",
            Multipart(&[(
                "file",
                "kind: answers\nquestionnaire: ten-steps\nperiod: 2031-Q1\nanswers:\n  step-01.mandate: 2\n",
            )]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/targets",
            Form(&[("target.step-01", "4")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/actions", Empty, VIEWER_UP),
        row(
            "GET",
            "/o/{slug}/actions/new?assessment={assessment}&kind=section&scope=step-01",
            Empty,
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/actions",
            Form(&[
                ("assessment", "{assessment}"),
                ("kind", "section"),
                ("scope", "step-01"),
                ("title", "Do it"),
                ("impact", "2"),
                ("effort", "2"),
                ("status", "open"),
            ]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/actions/{action}", Empty, VIEWER_UP),
        row(
            "POST",
            "/o/{slug}/actions/{action}",
            Form(&[
                ("title", "Do it"),
                ("impact", "2"),
                ("effort", "2"),
                ("status", "open"),
            ]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/actions/{action}/status",
            Form(&[("status", "done")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/members", Empty, ADMIN_ONLY),
        row(
            "POST",
            "/o/{slug}/members/{viewer}/role",
            Form(&[("role", "assessor")]),
            ADMIN_ONLY,
        ),
        row(
            "POST",
            "/o/{slug}/members/{viewer}/remove",
            Form(&[]),
            ADMIN_ONLY,
        ),
        row(
            "POST",
            "/o/{slug}/invitations",
            Form(&[("email", "new@acme.example"), ("role", "viewer")]),
            ADMIN_ONLY,
        ),
        row(
            "POST",
            "/o/{slug}/invitations/{invitation}/revoke",
            Form(&[]),
            ADMIN_ONLY,
        ),
        row("GET", "/o/{slug}/audit", Empty, ADMIN_ONLY),
        // Only site administrators read the site's log.
        row(
            "GET",
            "/audit",
            Empty,
            [Login, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        row(
            "POST",
            "/o/{slug}/assessments/{assessment}/delete",
            Form(&[]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/surveys", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/surveys/new", Empty, MANAGER_UP),
        row(
            "POST",
            "/o/{slug}/surveys",
            Form(&[
                ("period", "2027-Q1"),
                ("source", "shipped:stakeholder-survey"),
                ("min_responses", "3"),
            ]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/surveys/trend", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/surveys/{survey_round}", Empty, VIEWER_UP),
        row(
            "POST",
            "/o/{slug}/surveys/{survey_round}/close",
            Form(&[]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/surveys/{survey_round}/reopen",
            Form(&[]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/surveys/{survey_round}/groups/{group}/link",
            Form(&[]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/surveys/{survey_round}/groups/{group}/recipients",
            Form(&[("count", "2")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/surveys/groups", Empty, MANAGER_UP),
        row(
            "POST",
            "/o/{slug}/surveys/groups",
            Form(&[("name", "Fraud team {caller}")]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/surveys/groups/{group}",
            Form(&[("name", "SOC"), ("description", "Analysts")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/dashboard", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/dashboard/manager", Empty, MANAGER_UP),
        row("GET", "/o/{slug}/review", Empty, VIEWER_UP),
        row("GET", "/portfolio", Empty, LOGGED_IN),
        // Each user's own API tokens: another user's token is not found.
        row("GET", "/account/tokens", Empty, LOGGED_IN),
        row(
            "POST",
            "/account/tokens",
            Form(&[("name", "script of {caller}")]),
            LOGGED_IN,
        ),
        row(
            "POST",
            "/account/tokens/{api_token}/revoke",
            Form(&[]),
            [Login, NotFound, NotFound, NotFound, NotFound, Allowed],
        ),
        row("GET", "/portfolio?anonymised=1", Empty, LOGGED_IN),
        row("GET", "/o/{slug}/feeds", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/feeds?period=2026-Q3", Empty, VIEWER_UP),
        row("GET", "/o/{slug}/feeds/new", Empty, MANAGER_UP),
        row(
            "POST",
            "/o/{slug}/feeds",
            Form(&[("name", "Feed {caller}"), ("kind", "open_source")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/feeds/{feed}", Empty, VIEWER_UP),
        row(
            "POST",
            "/o/{slug}/feeds/{feed}",
            Form(&[("name", "Vendor A"), ("kind", "commercial")]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/feeds/{feed}/metrics",
            Form(&[
                ("period", "2026-Q2"),
                ("received", "100"),
                ("actioned", "10"),
                ("detections", "2"),
                ("false_positives", "1"),
            ]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/feeds/{feed}/metrics/delete",
            Form(&[("period", "2026-Q3")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/feeds/import", Empty, MANAGER_UP),
        row(
            "GET",
            "/o/{slug}/feeds/import/template.csv",
            Empty,
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/feeds/import",
            Multipart(&[(
                "file",
                "feed,period,received,actioned,detections,false_positives\nVendor A,2026-Q1,10,1,0,0\n",
            )]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/feeds/{feed}/lists",
            Multipart(&[("period", "2026-Q3"), ("list", "evil.example\n")]),
            MANAGER_UP,
        ),
        row(
            "POST",
            "/o/{slug}/feeds/{feed}/lists/delete",
            Form(&[("period", "2026-Q3")]),
            MANAGER_UP,
        ),
        row("GET", "/o/{slug}/feeds/jobs/{feed_job}", Empty, MANAGER_UP),
        row("GET", "/o/{slug}/feeds/overlap", Empty, VIEWER_UP),
        // The public survey form: no account needed, the same for everyone.
        row("GET", "/s/{survey_token}", Empty, PUBLIC),
        row(
            "POST",
            "/s/{survey_token}",
            Form(&[("item.relevance", "4")]),
            [Status(303); 6],
        ),
        row("GET", "/s/{survey_token}/done", Empty, PUBLIC),
        row("GET", "/s/{unknown_token}", Empty, [NotFound; 6]),
        row(
            "POST",
            "/s/{unknown_token}",
            Form(&[("item.relevance", "4")]),
            [NotFound; 6],
        ),
        row("GET", "/s/{unknown_token}/done", Empty, [NotFound; 6]),
    ]
}

/// The ids a row's path and fields refer to, in a fresh fixture.
struct Fixture {
    db: TestDb,
    assessment: i64,
    action: i64,
    invitation: i64,
    viewer: i64,
    survey_round: i64,
    /// The first stakeholder group and its link token in `survey_round`.
    group: i64,
    survey_token: String,
    feed: i64,
    feed_job: i64,
    /// An API token of admin@acme.
    api_token: i64,
}

async fn fixture() -> Fixture {
    let db = sqlite().await;
    let acme = organisation(&db.db, "acme").await;
    organisation(&db.db, "globex").await;
    let manager = store::users::find_by_email(&db.db, "manager@acme.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let viewer = store::users::find_by_email(&db.db, "viewer@acme.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let assessment = assessment(&db.db, acme, "2026-Q3", manager).await;
    let fields = actions::ActionFields {
        title: "Existing",
        owner: "",
        due_date: None,
        impact: 2,
        effort: 2,
        status: actions::ActionStatus::Open,
    };
    let action = actions::create(
        &db.db,
        acme,
        assessment,
        actions::ScopeKind::Section,
        "step-01",
        &fields,
        manager,
    )
    .await
    .unwrap()
    .unwrap();
    let expires = chrono::Utc::now() + chrono::Duration::days(7);
    let invitation = invitations::create(
        &db.db,
        acme,
        "invited@acme.example",
        Role::Viewer,
        &"0".repeat(64),
        manager,
        expires,
    )
    .await
    .unwrap()
    .id;
    let (survey_round, links) = survey_round(&db.db, acme, "2026-Q3", manager).await;
    let (group, survey_token) = links[0].clone();
    let (feed, feed_job) = feed_with_metrics_and_list(&db.db, acme, manager).await;
    let admin = store::users::find_by_email(&db.db, "admin@acme.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (api_token, _) = cti_maturity::api::tokens::issue(&db.db, admin, "matrix")
        .await
        .unwrap();
    Fixture {
        db,
        assessment,
        action,
        invitation,
        viewer,
        survey_round,
        group,
        survey_token,
        feed,
        feed_job,
        api_token: api_token.id,
    }
}

/// A feed with metrics and an indicator list for 2026-Q3, and a finished upload job.
async fn feed_with_metrics_and_list(
    db: &store::Db,
    organisation_id: i64,
    manager: i64,
) -> (i64, i64) {
    let fields = store::feeds::FeedFields {
        name: "Vendor A".to_owned(),
        kind: "commercial".to_owned(),
        ..Default::default()
    };
    let feed = store::feeds::create(db, organisation_id, &fields)
        .await
        .unwrap()
        .id;
    let raw = cti_maturity::metrics::feed_entry::RawFeedMetrics {
        period: "2026-Q3".into(),
        received: "100".into(),
        actioned: "10".into(),
        detections: "2".into(),
        false_positives: "1".into(),
        ..Default::default()
    };
    store::feed_metrics::save(db, organisation_id, feed, &raw.check().unwrap(), manager)
        .await
        .unwrap();
    let list = store::feed_lists::NewList {
        feed_id: feed,
        period: "2026-Q3",
        format: "one per line",
        values_read: 0,
        volume: 0,
        fingerprints: &[],
        uploaded_by: manager,
    };
    store::feed_lists::save(db, organisation_id, &list)
        .await
        .unwrap();
    let job = store::feed_lists::create_job(db, organisation_id, feed, "2026-Q3", manager)
        .await
        .unwrap();
    store::feed_lists::finish_job(db, job, false, "done")
        .await
        .unwrap();
    (feed, job)
}

impl Fixture {
    fn fill(&self, text: &str) -> String {
        text.replace("{slug}", "acme")
            .replace("{assessment}", &self.assessment.to_string())
            .replace("{action}", &self.action.to_string())
            .replace("{invitation}", &self.invitation.to_string())
            .replace("{viewer}", &self.viewer.to_string())
            .replace("{survey_round}", &self.survey_round.to_string())
            .replace("{group}", &self.group.to_string())
            .replace("{feed_job}", &self.feed_job.to_string())
            .replace("{feed}", &self.feed.to_string())
            .replace("{api_token}", &self.api_token.to_string())
            .replace("{survey_token}", &self.survey_token)
            .replace("{unknown_token}", &"ab".repeat(32))
    }
}

async fn caller(fixture: &Fixture, name: &str) -> Option<Client> {
    let email = match name {
        "anonymous" => return None,
        "outsider" => "admin@globex.example".to_owned(),
        role => format!("{role}@acme.example"),
    };
    Some(login(&app(&fixture.db), &fixture.db.db, &email).await)
}

fn request(fixture: &Fixture, row: &Row, caller: &str, client: Option<&Client>) -> Request<Body> {
    let mut path = fixture.fill(row.path);
    let mut builder = Request::builder().method(row.method);
    if let Some(client) = client {
        builder = builder.header(header::COOKIE, &client.cookie);
    }
    let csrf = client.map(|c| c.csrf.clone());
    let body = match row.body {
        Body_::None => Body::empty(),
        Body_::Form(fields) => {
            let mut pairs: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| (k.to_string(), fixture.fill(v).replace("{caller}", caller)))
                .collect();
            pairs.extend(csrf.map(|token| ("csrf".to_owned(), token)));
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(serde_urlencoded::to_string(&pairs).unwrap())
        }
        Body_::Multipart(fields) => {
            if let Some(token) = csrf {
                path = format!("{path}?csrf={token}");
            }
            let boundary = "MATRIXBOUNDARY";
            let mut text: String = fields
                .iter()
                .map(|(name, value)| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"))
                .collect();
            text.push_str(&format!("--{boundary}--\r\n"));
            builder = builder.header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
            Body::from(text)
        }
    };
    builder.uri(path).body(body).unwrap()
}

fn check(expect: Expect, status: StatusCode, location: Option<&str>) -> bool {
    let to_login = status == StatusCode::SEE_OTHER && location == Some("/login");
    match expect {
        Allowed => {
            !to_login && ![401, 403, 404].contains(&status.as_u16()) && status.as_u16() < 500
        }
        Login => to_login,
        Forbidden => status == StatusCode::FORBIDDEN,
        NotFound => status == StatusCode::NOT_FOUND,
        Status(code) => status.as_u16() == code,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_gets_what_the_matrix_says() {
    let mut failures = Vec::new();
    for row in rows() {
        // A deletion leaves nothing for the next caller to delete: each caller gets its own fixture.
        let fresh_per_caller = row.path.ends_with("/delete");
        let mut fixture = fixture().await;
        for (index, name) in CALLERS.iter().enumerate() {
            if fresh_per_caller && index > 0 {
                fixture = self::fixture().await;
            }
            let app = app(&fixture.db);
            let client = caller(&fixture, name).await;
            let reply = send(&app, request(&fixture, &row, name, client.as_ref())).await;
            if !check(row.expect[index], reply.status, reply.location.as_deref()) {
                failures.push(format!(
                    "{} {} as {name}: expected {:?}, got {} (location {:?})",
                    row.method, row.path, row.expect[index], reply.status, reply.location
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn another_organisations_ids_are_not_found_under_ones_own_slug() {
    let fixture = fixture().await;
    let outsider = caller(&fixture, "outsider").await.unwrap();
    let paths = [
        "/o/globex/assessments/{assessment}",
        "/o/globex/assessments/{assessment}/results",
        "/o/globex/assessments/{assessment}/export/json",
        "/o/globex/assessments/{assessment}/sections/step-01",
        "/o/globex/actions/{action}",
        "/o/globex/feeds/{feed}",
        "/o/globex/feeds/jobs/{feed_job}",
    ];
    for path in paths {
        assert_eq!(
            outsider.get(&fixture.fill(path)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let writes = [
        (
            "/o/globex/assessments/{assessment}/answers/step-01.mandate",
            vec![("revision", "0"), ("choice", "3")],
        ),
        ("/o/globex/assessments/{assessment}/finalise", vec![]),
        (
            "/o/globex/actions/{action}/status",
            vec![("status", "done")],
        ),
        ("/o/globex/invitations/{invitation}/revoke", vec![]),
        (
            "/o/globex/feeds/{feed}/metrics",
            vec![
                ("period", "2026-Q3"),
                ("received", "5"),
                ("actioned", "5"),
                ("detections", "5"),
                ("false_positives", "0"),
            ],
        ),
        (
            "/o/globex/feeds/{feed}/metrics/delete",
            vec![("period", "2026-Q3")],
        ),
        (
            "/o/globex/feeds/{feed}/lists/delete",
            vec![("period", "2026-Q3")],
        ),
        (
            "/o/globex/feeds/{feed}",
            vec![("action", "retire"), ("name", "x"), ("kind", "internal")],
        ),
    ];
    for (path, fields) in writes {
        assert_eq!(
            outsider.post(&fixture.fill(path), &fields).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let acme = store::organisations::find_by_slug(&fixture.db.db, "acme")
        .await
        .unwrap()
        .unwrap();
    assert!(
        store::answers::list(&fixture.db.db, acme.id, fixture.assessment)
            .await
            .unwrap()
            .is_empty()
    );
    let metrics = store::feed_metrics::of_feed(&fixture.db.db, acme.id, fixture.feed)
        .await
        .unwrap();
    assert_eq!((metrics.len(), metrics[0].received), (1, 100));
    let lists = store::feed_lists::of_feed(&fixture.db.db, acme.id, fixture.feed)
        .await
        .unwrap();
    assert_eq!(lists.len(), 1);
    let feed = store::feeds::get(&fixture.db.db, acme.id, fixture.feed)
        .await
        .unwrap()
        .unwrap();
    assert!(!feed.retired && feed.name == "Vendor A");
    assert!(
        !store::assessments::get(&fixture.db.db, acme.id, fixture.assessment)
            .await
            .unwrap()
            .unwrap()
            .is_final()
    );
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_csrf_token() {
    for row in rows().into_iter().filter(|row| row.method != "GET") {
        let fixture = fixture().await;
        let admin = caller(&fixture, "admin").await.unwrap();
        let mut without = admin.clone();
        without.csrf = "0".repeat(64);
        let reply = send(&admin.app, request(&fixture, &row, "admin", Some(&without))).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{} {} accepted a wrong CSRF token",
            row.method,
            row.path
        );
    }
}

/// The routes declared in `src/web`: (method, path) for every `.route(PATH, get(..).post(..))`.
fn declared_routes() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut rest = source.as_str();
        while let Some(start) = rest.find(".route(") {
            let call = &rest[start + ".route(".len()..];
            let mut depth = 1;
            let end = call.char_indices().find_map(|(i, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(i)
            });
            let call = &call[..end.unwrap()];
            let path = call.split('"').nth(1).unwrap().to_owned();
            for method in ["get", "post", "put", "patch", "delete"] {
                let needle = format!("{method}(");
                let found = call.match_indices(&needle).any(|(i, _)| {
                    i == 0
                        || !call.as_bytes()[i - 1].is_ascii_alphanumeric()
                            && call.as_bytes()[i - 1] != b'_'
                });
                if found {
                    routes.insert((method.to_uppercase(), path.clone()));
                }
            }
            rest = &rest[start + 1..];
        }
    }
    routes
}

/// A row's path with its concrete parts turned back into the router's placeholders.
fn route_of(row: &Row) -> (String, String) {
    let path = row.path.split('?').next().unwrap();
    let path = path
        .replace("{assessment}", "{id}")
        .replace("{action}", "{id}")
        .replace("{invitation}", "{id}")
        .replace("{viewer}", "{user_id}")
        .replace("{survey_round}", "{id}")
        .replace("{feed_job}", "{job}")
        .replace("{api_token}", "{id}")
        .replace("{survey_token}", "{token}")
        .replace("{unknown_token}", "{token}")
        .replace("/sections/step-01", "/sections/{section}")
        .replace("/answers/step-01.mandate", "/answers/{question}")
        .replace("/results/sections/{section}", "/results/sections/{scope}")
        .replace(
            "/results/capabilities/governance",
            "/results/capabilities/{scope}",
        )
        .replace(
            "/results/questions/step-01.mandate",
            "/results/questions/{scope}",
        );
    let path = match path.find("/export/") {
        Some(at) => format!("{}/export/{{format}}", &path[..at]),
        None => path,
    };
    (row.method.to_owned(), path)
}

#[test]
fn every_route_has_a_row() {
    let declared = declared_routes();
    let covered: BTreeSet<(String, String)> = rows().iter().map(route_of).collect();
    let missing: Vec<_> = declared.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );
    assert!(
        declared.len() >= 40,
        "found only {} routes: the route scanner is broken",
        declared.len()
    );
}
