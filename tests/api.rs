//! The JSON API under `/api/v1`, on every engine: token scoping and roles, revocation, the error
//! shape, pagination, the answer save rules, scorecard equality with `cti-maturity score`, the
//! `token create` command, and the OpenAPI document against the routes.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cti_maturity::content::{SourceFile, load_model, load_questionnaire};
use cti_maturity::store::{self, Db};
use serde_json::{Value, json};
use support::{TestDb, app, assessment, engines, login, organisation, send};

const QUESTIONNAIRE: &str = include_str!("../questionnaires/ten-steps.yaml");
const MODEL: &str = include_str!("../models/cti-practice.yaml");

/// Two organisations with a draft assessment and a feed each, and a token per acme role.
struct World {
    db: TestDb,
    acme_assessment: i64,
    acme_feed: i64,
    globex_assessment: i64,
    globex_feed: i64,
}

async fn user_id(db: &Db, email: &str) -> i64 {
    store::users::find_by_email(db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn feed(db: &Db, organisation_id: i64, name: &str) -> i64 {
    let fields = store::feeds::FeedFields {
        name: name.to_owned(),
        kind: "commercial".to_owned(),
        annual_cost: Some(40_000.0),
        currency: "EUR".to_owned(),
        ..Default::default()
    };
    store::feeds::create(db, organisation_id, &fields)
        .await
        .unwrap()
        .id
}

async fn world(db: TestDb) -> World {
    let acme = organisation(&db.db, "acme").await;
    let globex = organisation(&db.db, "globex").await;
    let acme_manager = user_id(&db.db, "manager@acme.example").await;
    let globex_manager = user_id(&db.db, "manager@globex.example").await;
    World {
        acme_assessment: assessment(&db.db, acme, "2026-Q3", acme_manager).await,
        globex_assessment: assessment(&db.db, globex, "2026-Q3", globex_manager).await,
        acme_feed: feed(&db.db, acme, "Vendor A").await,
        globex_feed: feed(&db.db, globex, "Vendor G").await,
        db,
    }
}

/// A new token of the user with `email`.
async fn token(db: &Db, email: &str) -> String {
    let id = user_id(db, email).await;
    cti_maturity::api::tokens::issue(db, id, "test")
        .await
        .unwrap()
        .1
}

struct Reply {
    status: StatusCode,
    json: Value,
}

async fn call(
    world: &World,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |text| Body::from(text.to_owned()));
    let reply = send(&app(&world.db), request.body(body).unwrap()).await;
    let json = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    Reply {
        status: reply.status,
        json,
    }
}

async fn get(world: &World, path: &str, token: &str) -> Reply {
    call(world, "GET", path, Some(token), None).await
}

/// Asserts the one error shape, with `code`, and a message for people.
fn assert_error(reply: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.json);
    assert_eq!(reply.json["error"]["code"], code, "{what}: {}", reply.json);
    assert!(
        reply.json["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{what}: {}",
        reply.json
    );
}

fn answer_path(assessment: i64, question: &str) -> String {
    format!("/api/v1/assessments/{assessment}/answers/{question}")
}

fn metrics_body(received: u64) -> String {
    json!({"period": "2026-Q3", "received": received, "actioned": 10, "detections": 2, "false_positives": 1})
        .to_string()
}

#[tokio::test]
async fn a_token_never_reads_or_changes_another_organisations_data() {
    for db in engines().await {
        let w = world(db).await;
        let admin = token(&w.db.db, "admin@acme.example").await;
        let orgs = get(&w, "/api/v1/organisations", &admin).await;
        assert_eq!(orgs.status, StatusCode::OK, "{}", w.db.engine);
        let slugs: Vec<&str> = orgs.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["acme"]);
        assert_eq!(orgs.json["items"][0]["role"], "admin");

        // Every id-bearing route with globex's slug or ids: 404, exactly as for ids that do not
        // exist, so that nothing about globex leaks.
        let (ga, gf) = (w.globex_assessment, w.globex_feed);
        let reads = [
            "/api/v1/organisations/globex/assessments".to_owned(),
            "/api/v1/organisations/globex/satisfaction".to_owned(),
            "/api/v1/organisations/globex/feeds".to_owned(),
            format!("/api/v1/assessments/{ga}/scorecard"),
            format!("/api/v1/assessments/{ga}/answers"),
            "/api/v1/assessments/999999/scorecard".to_owned(),
        ];
        for path in &reads {
            assert_error(
                &get(&w, path, &admin).await,
                StatusCode::NOT_FOUND,
                "not_found",
                path,
            );
        }
        let answer = json!({"revision": 0, "value": 3}).to_string();
        let writes = [
            ("PUT", answer_path(ga, "step-01.mandate"), answer.clone()),
            (
                "POST",
                format!("/api/v1/organisations/globex/feeds/{gf}/metrics"),
                metrics_body(100),
            ),
            // Acme's slug with globex's feed.
            (
                "POST",
                format!("/api/v1/organisations/acme/feeds/{gf}/metrics"),
                metrics_body(100),
            ),
        ];
        for (method, path, body) in &writes {
            let reply = call(&w, method, path, Some(&admin), Some(body)).await;
            assert_error(&reply, StatusCode::NOT_FOUND, "not_found", path);
        }
        let globex = store::organisations::find_by_slug(&w.db.db, "globex")
            .await
            .unwrap()
            .unwrap();
        assert!(
            store::answers::list(&w.db.db, globex.id, ga)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store::feed_metrics::of_feed(&w.db.db, globex.id, gf)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn tokens_are_the_only_credentials_and_a_revoked_one_fails_at_once() {
    for db in engines().await {
        let w = world(db).await;
        let path = "/api/v1/organisations";
        assert_error(
            &call(&w, "GET", path, None, None).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "no token",
        );
        assert_error(
            &get(&w, path, &format!("ctm_{}", "0".repeat(64))).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown token",
        );
        // A logged-in browser's session cookie is not accepted by the API.
        let client = login(&app(&w.db), &w.db.db, "admin@acme.example").await;
        let with_cookie = send(
            &client.app,
            Request::get(path)
                .header(header::COOKIE, &client.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(with_cookie.status, StatusCode::UNAUTHORIZED);

        // Created and revoked on the account page.
        let created = client.post("/account/tokens", &[("name", "CI")]).await;
        assert_eq!(created.status, StatusCode::OK);
        let secret = created
            .body
            .split(['>', '<'])
            .find(|text| text.starts_with("ctm_"))
            .expect("the new token is shown")
            .to_owned();
        assert_eq!(secret.len(), 4 + 64);
        assert_eq!(get(&w, path, &secret).await.status, StatusCode::OK);
        let admin = user_id(&w.db.db, "admin@acme.example").await;
        let stored = store::api_tokens::list_for_user(&w.db.db, admin)
            .await
            .unwrap();
        assert!(stored[0].last_used_at.is_some(), "last use is recorded");
        let listed = client.get("/account/tokens").await;
        assert!(listed.body.contains("CI") && !listed.body.contains(&secret));
        let revoked = client
            .post(&format!("/account/tokens/{}/revoke", stored[0].id), &[])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_error(
            &get(&w, path, &secret).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "revoked token",
        );
        // Another user cannot revoke it (nor learn that it exists).
        let mine = token(&w.db.db, "admin@acme.example").await;
        let mine_id = store::api_tokens::list_for_user(&w.db.db, admin)
            .await
            .unwrap()[0]
            .id;
        let other = login(&app(&w.db), &w.db.db, "viewer@acme.example").await;
        let refused = other
            .post(&format!("/account/tokens/{mine_id}/revoke"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&w, path, &mine).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn roles_are_the_web_apps() {
    for db in engines().await {
        let w = world(db).await;
        let a = w.acme_assessment;
        let put = |revision: i64| json!({"revision": revision, "value": 2}).to_string();
        let viewer = token(&w.db.db, "viewer@acme.example").await;
        let path = answer_path(a, "step-01.mandate");
        let reply = call(&w, "PUT", &path, Some(&viewer), Some(&put(0))).await;
        assert_error(&reply, StatusCode::FORBIDDEN, "forbidden", "viewer PUT");
        assert_eq!(
            get(&w, &format!("/api/v1/assessments/{a}/scorecard"), &viewer)
                .await
                .status,
            StatusCode::OK
        );
        let assessor = token(&w.db.db, "assessor@acme.example").await;
        let reply = call(&w, "PUT", &path, Some(&assessor), Some(&put(0))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        assert_eq!(reply.json["revision"], 1);

        let metrics = format!("/api/v1/organisations/acme/feeds/{}/metrics", w.acme_feed);
        for weaker in [&viewer, &assessor] {
            let reply = call(&w, "POST", &metrics, Some(weaker), Some(&metrics_body(50))).await;
            assert_error(&reply, StatusCode::FORBIDDEN, "forbidden", "metrics");
        }
        let manager = token(&w.db.db, "manager@acme.example").await;
        let reply = call(
            &w,
            "POST",
            &metrics,
            Some(&manager),
            Some(&metrics_body(50)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        let feeds = get(&w, "/api/v1/organisations/acme/feeds", &viewer).await;
        assert_eq!(feeds.json["period"], "2026-Q3");
        assert_eq!(feeds.json["register"][0]["id"], w.acme_feed);
        assert_eq!(feeds.json["review"]["ranked"][0]["feed"], "Vendor A");
        // The same checks as the form: more actioned than received is refused, and nothing changes.
        let bad = json!({"period": "2026-Q3", "received": 5, "actioned": 10, "detections": 0, "false_positives": 0});
        let reply = call(&w, "POST", &metrics, Some(&manager), Some(&bad.to_string())).await;
        assert_error(
            &reply,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "actioned > received",
        );
        assert!(
            reply.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("actioned")
        );
        let acme = store::organisations::find_by_slug(&w.db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let stored = store::feed_metrics::of_feed(&w.db.db, acme.id, w.acme_feed)
            .await
            .unwrap();
        assert_eq!((stored.len(), stored[0].received), (1, 50));
    }
}

#[tokio::test]
async fn answers_follow_the_web_saves_rules_and_bad_bodies_get_the_error_shape() {
    for db in engines().await {
        let w = world(db).await;
        let a = w.acme_assessment;
        let assessor = token(&w.db.db, "assessor@acme.example").await;
        let path = answer_path(a, "step-01.mandate");
        let put = |body: Value| {
            let (w, path, assessor) = (&w, path.clone(), assessor.clone());
            async move { call(w, "PUT", &path, Some(&assessor), Some(&body.to_string())).await }
        };
        assert_eq!(
            put(json!({"revision": 0, "value": 1})).await.json["revision"],
            1
        );
        let stale = put(json!({"revision": 0, "value": 3})).await;
        assert_error(&stale, StatusCode::CONFLICT, "conflict", "stale revision");
        assert_eq!(stale.json["error"]["current_revision"], 1);
        let saved = put(json!({"revision": 1, "value": 3, "note": "signed", "evidence": ["https://x.example/charter"]})).await;
        assert_eq!(saved.json["revision"], 2);
        // A client reads the revision to send from the list of answers.
        let listed = get(&w, &format!("/api/v1/assessments/{a}/answers"), &assessor).await;
        assert_eq!(listed.json["total"], 1);
        let item = &listed.json["items"][0];
        assert_eq!(
            (
                &item["question"],
                &item["value"],
                &item["revision"],
                &item["evidence"]
            ),
            (
                &json!("step-01.mandate"),
                &json!(3),
                &json!(2),
                &json!(["https://x.example/charter"])
            )
        );
        assert_eq!(item["answered_by"], "assessor@acme.example");
        assert_error(
            &put(json!({"revision": 2, "value": 4})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "off the scale",
        );
        assert_error(
            &put(json!({"revision": 2, "not_applicable": true})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "N/A where not allowed",
        );
        assert_error(
            &put(json!({"revision": 2, "value": 1, "not_applicable": true})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "value and N/A",
        );
        assert_error(
            &put(json!({"revision": 2, "value": "two"})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "a string for a number",
        );
        assert_error(
            &put(json!({"value": 1})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "no revision",
        );
        let malformed = call(&w, "PUT", &path, Some(&assessor), Some("{\"revision\": 2,")).await;
        assert_error(
            &malformed,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "malformed JSON",
        );
        let huge = json!({"revision": 2, "value": 1, "note": "x".repeat(300 * 1024)}).to_string();
        let too_large = call(&w, "PUT", &path, Some(&assessor), Some(&huge)).await;
        assert_error(
            &too_large,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "huge body",
        );
        let not_json = send(
            &app(&w.db),
            Request::put(&path)
                .header(header::AUTHORIZATION, format!("Bearer {assessor}"))
                .body(Body::from("revision=2&choice=1"))
                .unwrap(),
        )
        .await;
        assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_error(
            &call(
                &w,
                "PUT",
                &answer_path(a, "step-99.nothing"),
                Some(&assessor),
                Some(&json!({"revision": 0}).to_string()),
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
            "unknown question",
        );
        assert_error(
            &get(&w, "/api/v1/no-such-route", &assessor).await,
            StatusCode::NOT_FOUND,
            "not_found",
            "unknown route",
        );
        // None of the refused saves changed the answer.
        let acme = store::organisations::find_by_slug(&w.db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let stored = store::answers::get(&w.db.db, acme.id, a, "step-01.mandate")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.value, stored.revision, stored.note.as_str()),
            (Some(3), 2, "signed")
        );
        // A final assessment is read-only.
        let manager = user_id(&w.db.db, "manager@acme.example").await;
        assert!(
            store::assessments::finalise(&w.db.db, acme.id, a, manager)
                .await
                .unwrap()
        );
        let reply = put(json!({"revision": 2, "value": 0})).await;
        assert_error(&reply, StatusCode::CONFLICT, "conflict", "final assessment");
    }
}

#[tokio::test]
async fn lists_are_paged_with_a_total_and_a_next_link() {
    for db in engines().await {
        let w = world(db).await;
        let acme = store::organisations::find_by_slug(&w.db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let manager = user_id(&w.db.db, "manager@acme.example").await;
        for period in ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"] {
            assessment(&w.db.db, acme.id, period, manager).await;
        }
        let viewer = token(&w.db.db, "viewer@acme.example").await;
        let mut path = "/api/v1/organisations/acme/assessments?per_page=2".to_owned();
        let mut periods = Vec::new();
        loop {
            let page = get(&w, &path, &viewer).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.json);
            assert_eq!(page.json["total"], 5);
            assert!(page.json["items"].as_array().unwrap().len() <= 2);
            for item in page.json["items"].as_array().unwrap() {
                assert_eq!(item["questionnaire"]["id"], "ten-steps");
                assert_eq!(item["status"], "draft");
                periods.push(item["period"].as_str().unwrap().to_owned());
            }
            match page.json["next"].as_str() {
                Some(next) => path = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(
            periods,
            ["2026-Q3", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]
        );
        let past_the_end = get(&w, "/api/v1/organisations/acme/assessments?page=9", &viewer).await;
        assert!(past_the_end.json["items"].as_array().unwrap().is_empty());
        for bad in ["page=0", "per_page=0", "per_page=201", "page=two"] {
            let reply = get(&w, &format!("/api/v1/organisations?{bad}"), &viewer).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request", bad);
        }
    }
}

/// Answers over the whole questionnaire: values across the scale, N/A where allowed, some left
/// unanswered, some with a note and evidence; and a target.
#[tokio::test]
async fn the_scorecard_is_what_the_score_command_prints_for_the_same_answers() {
    for db in engines().await {
        let w = world(db).await;
        let a = w.acme_assessment;
        let assessor = token(&w.db.db, "assessor@acme.example").await;
        let model = load_model(&SourceFile {
            name: "model".into(),
            text: MODEL.into(),
        })
        .unwrap();
        let questionnaire = load_questionnaire(
            &SourceFile {
                name: "questionnaire".into(),
                text: QUESTIONNAIRE.into(),
            },
            &model,
        )
        .unwrap();
        let mut file_answers = serde_json::Map::new();
        for (i, question) in questionnaire.questions().enumerate() {
            let id = &question.doc.id;
            let body = if i % 7 == 3 {
                continue;
            } else if i % 5 == 2 && question.doc.allow_na {
                file_answers.insert(id.clone(), json!("na"));
                json!({"revision": 0, "not_applicable": true})
            } else {
                let value = i64::try_from(i).unwrap() % (question.scale_max + 1);
                if i % 4 == 0 {
                    let detail = json!({"value": value, "note": format!("note {i}"), "evidence": [format!("https://e.example/{i}")]});
                    file_answers.insert(id.clone(), detail);
                    json!({"revision": 0, "value": value, "note": format!("note {i}"), "evidence": [format!("https://e.example/{i}")]})
                } else {
                    file_answers.insert(id.clone(), json!(value));
                    json!({"revision": 0, "value": value})
                }
            };
            let reply = call(
                &w,
                "PUT",
                &answer_path(a, id),
                Some(&assessor),
                Some(&body.to_string()),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{id}: {}", reply.json);
        }
        let acme = store::organisations::find_by_slug(&w.db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let manager = user_id(&w.db.db, "manager@acme.example").await;
        store::targets::set(&w.db.db, acme.id, a, "step-01", Some(4), manager)
            .await
            .unwrap();
        let api = get(&w, &format!("/api/v1/assessments/{a}/scorecard"), &assessor).await;
        assert_eq!(api.status, StatusCode::OK);

        let dir = tempfile::tempdir().unwrap();
        let answers = json!({
            "kind": "answers",
            "questionnaire": "ten-steps",
            "answers": file_answers,
            "targets": {"step-01": 4},
        });
        let files = [
            ("questionnaire.yaml", QUESTIONNAIRE.to_owned()),
            ("model.yaml", MODEL.to_owned()),
            ("answers.yaml", serde_yaml::to_string(&answers).unwrap()),
        ];
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let (questionnaire_path, model_path, answers_path) = (
            dir.path().join("questionnaire.yaml"),
            dir.path().join("model.yaml"),
            dir.path().join("answers.yaml"),
        );
        let args = cti_maturity::cli::score::ScoreArgs {
            questionnaire: &questionnaire_path,
            answers: &answers_path,
            model: Some(&model_path),
            models_dir: dir.path().to_owned(),
            format: cti_maturity::cli::score::ScoreFormat::Json,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cti_maturity::cli::score::run(&args, &mut out, &mut err).unwrap();
        assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
        let printed: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(api.json, printed, "{}", w.db.engine);
        assert!(api.json["overall"]["na"].as_u64().unwrap() > 0);
        assert!(api.json["overall"]["unanswered"].as_u64().unwrap() > 0);
        assert_eq!(api.json["sections"][0]["target"], 4);
    }
}

#[tokio::test]
async fn satisfaction_is_the_dashboards_summary() {
    for db in engines().await {
        let w = world(db).await;
        let viewer = token(&w.db.db, "viewer@acme.example").await;
        let none = get(&w, "/api/v1/organisations/acme/satisfaction", &viewer).await;
        assert_eq!(none.status, StatusCode::OK);
        assert_eq!(none.json, json!({"round": null, "groups": []}));
        let acme = store::organisations::find_by_slug(&w.db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let manager = user_id(&w.db.db, "manager@acme.example").await;
        let (round, _) = support::survey_round(&w.db.db, acme.id, "2026-Q3", manager).await;
        let reply = get(&w, "/api/v1/organisations/acme/satisfaction", &viewer).await;
        assert_eq!(reply.json["round"]["id"], round);
        assert_eq!(reply.json["round"]["period"], "2026-Q3");
        let state = cti_maturity::web::AppState::new(
            w.db.db.clone(),
            cti_maturity::config::Config::for_tests(&w.db.url),
        );
        let direct =
            cti_maturity::web::survey_results::latest_round_summaries(&state, acme.id, false)
                .await
                .unwrap()
                .unwrap();
        let expected: Vec<Value> = direct
            .rows
            .iter()
            .map(|(group, summary)| json!({"group_id": group.id, "group": group.name, "summary": summary}))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(reply.json["groups"], Value::Array(expected));
        // No responses yet: below the round's minimum, only the count is given.
        assert_eq!(
            reply.json["groups"][0]["summary"],
            json!({"status": "suppressed", "responses": 0})
        );
    }
}

#[tokio::test]
async fn token_create_prints_the_token_alone() {
    for db in engines().await {
        let w = world(db).await;
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cti-maturity"))
            .args([
                "token",
                "create",
                "--email",
                "viewer@acme.example",
                "--name",
                "cron",
            ])
            .env("CTI_MATURITY_DATABASE_URL", &w.db.url)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        let printed = stdout.strip_suffix('\n').unwrap();
        assert!(
            printed.starts_with("ctm_")
                && printed.len() == 68
                && printed[4..].chars().all(|c| c.is_ascii_hexdigit()),
            "{stdout:?}"
        );
        assert_eq!(
            get(&w, "/api/v1/organisations", printed).await.status,
            StatusCode::OK
        );
        let refused = std::process::Command::new(env!("CARGO_BIN_EXE_cti-maturity"))
            .args([
                "token",
                "create",
                "--email",
                "nobody@acme.example",
                "--name",
                "x",
            ])
            .args(["--database", &w.db.url])
            .output()
            .unwrap();
        assert!(!refused.status.success() && refused.stdout.is_empty());
    }
}

/// Every documented operation answers (with a valid token, something other than 404 or 405),
/// every other method on a documented path is 405, and each `routes!` declaration has its entry.
#[tokio::test]
async fn the_openapi_document_is_true_to_the_routes() {
    let w = world(support::sqlite().await).await;
    let admin = token(&w.db.db, "admin@acme.example").await;
    let reply = call(&w, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json;
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        document,
        serde_json::to_value(cti_maturity::api::openapi()).unwrap()
    );
    let methods = ["get", "put", "post", "delete", "patch"];
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let concrete = path
            .replace("{slug}", "acme")
            .replace("{id}", &w.acme_assessment.to_string())
            .replace("{question}", "step-01.mandate")
            .replace("{feed}", &w.acme_feed.to_string());
        assert!(
            !concrete.contains('{'),
            "a placeholder this test does not know: {path}"
        );
        for method in methods {
            let documented = item.get(method).is_some();
            let body = match method {
                "put" => Some(json!({"revision": 0, "value": 1}).to_string()),
                "post" => Some(metrics_body(10)),
                _ => None,
            };
            let reply = call(
                &w,
                &method.to_uppercase(),
                &concrete,
                Some(&admin),
                body.as_deref(),
            )
            .await;
            if documented {
                operations += 1;
                assert!(
                    ![404, 405].contains(&reply.status.as_u16()) && reply.status.is_success(),
                    "{method} {path}: {} {}",
                    reply.status,
                    reply.json
                );
                let security = &item[method]["security"][0];
                assert!(
                    security.get("bearer").is_some(),
                    "{method} {path} names its security"
                );
            } else {
                let what = format!("undocumented {method} {path}");
                assert_error(
                    &reply,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    &what,
                );
            }
        }
    }
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/mod.rs")).unwrap();
    assert_eq!(
        source.matches(".routes(routes!(").count(),
        operations,
        "each declared route has exactly one documented operation"
    );
    assert!(operations >= 7);
    // The only routes outside `routes!`: the document itself and the JSON 404 for other paths.
    let mut plain_routes = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api")).unwrap() {
        plain_routes += std::fs::read_to_string(entry.unwrap().path())
            .unwrap()
            .matches(".route(")
            .count();
    }
    assert_eq!(
        plain_routes, 2,
        "an API route declared without its documentation"
    );
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    assert!(document["components"]["schemas"]["Scorecard"].is_object());
}

/// Every API operation against every kind of caller, as `tests/access_matrix.rs` does for the
/// pages: no token, a member of another organisation, and each role of the organisation named.
#[tokio::test]
async fn every_operation_checks_membership_and_role() {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Expect {
        /// Passed authorisation: a success, or a refusal on the merits (a 409 when an earlier
        /// caller saved the same answer first).
        Allowed,
        Status(u16),
    }
    use Expect::{Allowed, Status};
    const VIEWER_UP: [Expect; 6] = [Status(401), Status(404), Allowed, Allowed, Allowed, Allowed];
    let w = world(support::sqlite().await).await;
    let (a, f) = (w.acme_assessment, w.acme_feed);
    let answer = json!({"revision": 0, "value": 1}).to_string();
    let rows: Vec<(&str, String, Option<String>, [Expect; 6])> = vec![
        (
            "GET",
            "/api/v1/organisations".to_owned(),
            None,
            [Status(401), Allowed, Allowed, Allowed, Allowed, Allowed],
        ),
        (
            "GET",
            "/api/v1/organisations/acme/assessments".to_owned(),
            None,
            VIEWER_UP,
        ),
        (
            "GET",
            format!("/api/v1/assessments/{a}/scorecard"),
            None,
            VIEWER_UP,
        ),
        (
            "GET",
            format!("/api/v1/assessments/{a}/answers"),
            None,
            VIEWER_UP,
        ),
        (
            "GET",
            "/api/v1/organisations/acme/satisfaction".to_owned(),
            None,
            VIEWER_UP,
        ),
        (
            "GET",
            "/api/v1/organisations/acme/feeds".to_owned(),
            None,
            VIEWER_UP,
        ),
        (
            "PUT",
            answer_path(a, "step-01.mandate"),
            Some(answer),
            [
                Status(401),
                Status(404),
                Status(403),
                Allowed,
                Allowed,
                Allowed,
            ],
        ),
        (
            "POST",
            format!("/api/v1/organisations/acme/feeds/{f}/metrics"),
            Some(metrics_body(20)),
            [
                Status(401),
                Status(404),
                Status(403),
                Status(403),
                Allowed,
                Allowed,
            ],
        ),
    ];
    let mut tokens = vec![None, Some(token(&w.db.db, "admin@globex.example").await)];
    for role in ["viewer", "assessor", "manager", "admin"] {
        tokens.push(Some(token(&w.db.db, &format!("{role}@acme.example")).await));
    }
    let document = cti_maturity::api::openapi();
    let documented: usize = document
        .paths
        .paths
        .values()
        .map(|item| {
            [&item.get, &item.put, &item.post, &item.delete, &item.patch]
                .iter()
                .filter(|operation| operation.is_some())
                .count()
        })
        .sum();
    assert_eq!(documented, rows.len(), "a row for every operation");
    let mut failures = Vec::new();
    for (method, path, body, expect) in &rows {
        for (caller, token) in tokens.iter().enumerate() {
            let reply = call(&w, method, path, token.as_deref(), body.as_deref()).await;
            let status = reply.status.as_u16();
            let ok = match expect[caller] {
                Allowed => reply.status.is_success() || status == 409,
                Status(code) => status == code && reply.json["error"]["code"].is_string(),
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} caller {caller}: {status} {}",
                    reply.json
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
