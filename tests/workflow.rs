//! The quarterly workflow through the web app, on every available engine: start an assessment,
//! answer, detect conflicting edits, save concurrently, finalise, reopen.

mod support;

use cti_maturity::store::{self, Role};
use support::{Client, TestDb, app, assessment, engines, login, organisation};

async fn member_id(db: &TestDb, email: &str) -> i64 {
    store::users::find_by_email(&db.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn logged_in(db: &TestDb, email: &str) -> Client {
    login(&app(db), &db.db, email).await
}

#[tokio::test]
async fn a_manager_starts_an_assessment_and_an_assessor_answers_it() {
    for db in engines().await {
        organisation(&db.db, "acme").await;
        let manager = logged_in(&db, "manager@acme.example").await;
        let started = manager.post("/o/acme/assessments/new", &[]).await;
        assert_eq!(
            started.status, 405,
            "{}: the form is GET, creation is a multipart POST",
            db.engine
        );
        let form = manager.get("/o/acme/assessments/new").await;
        assert_eq!(form.status, 200);
        assert!(
            form.body.contains("ten-steps"),
            "{}: the shipped questionnaire is offered",
            db.engine
        );

        let manager_id = member_id(&db, "manager@acme.example").await;
        let org = store::organisations::find_by_slug(&db.db, "acme")
            .await
            .unwrap()
            .unwrap();
        let id = assessment(&db.db, org.id, "2026-Q3", manager_id).await;

        let assessor = logged_in(&db, "assessor@acme.example").await;
        let section = assessor
            .get(&format!("/o/acme/assessments/{id}/sections/step-01"))
            .await;
        assert_eq!(section.status, 200);
        assert!(section.body.contains("step-01.mandate"));

        let saved = assessor
            .post(
                &format!("/o/acme/assessments/{id}/answers/step-01.mandate"),
                &[
                    ("revision", "0"),
                    ("choice", "2"),
                    ("note", "charter signed"),
                    ("evidence", "https://wiki.example/charter"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", db.engine);
        let stored = store::answers::get(&db.db, org.id, id, "step-01.mandate")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.value, stored.revision, stored.note.as_str()),
            (Some(2), 1, "charter signed")
        );
        assert_eq!(
            stored.answered_by_email.as_deref(),
            Some("assessor@acme.example")
        );

        let viewer = logged_in(&db, "viewer@acme.example").await;
        let refused = viewer
            .post(
                &format!("/o/acme/assessments/{id}/answers/step-01.mandate"),
                &[("revision", "1"), ("choice", "3")],
            )
            .await;
        assert_eq!(refused.status, 403, "{}: viewers cannot answer", db.engine);
    }
}

#[tokio::test]
async fn the_second_of_two_concurrent_edits_is_told_of_the_conflict() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let id = assessment(
            &db.db,
            org,
            "2026-Q3",
            member_id(&db, "manager@acme.example").await,
        )
        .await;
        let first = logged_in(&db, "assessor@acme.example").await;
        let second = logged_in(&db, "manager@acme.example").await;
        let path = format!("/o/acme/assessments/{id}/answers/step-02.it-resources");
        let question = store::answers::get(&db.db, org, id, "step-02.it-resources")
            .await
            .unwrap();
        assert!(question.is_none());

        // Both opened the page at revision 0; the first save wins.
        let a = first
            .post_json_reply(
                &path,
                &[("revision", "0"), ("choice", "1"), ("note", "first")],
            )
            .await;
        assert_eq!(a.status, 200, "{}: {}", db.engine, a.body);
        let b = second
            .post_json_reply(
                &path,
                &[("revision", "0"), ("choice", "3"), ("note", "second")],
            )
            .await;
        assert_eq!(b.status, 409, "{}: {}", db.engine, b.body);
        assert!(
            b.body.contains("\"status\":\"conflict\"") && b.body.contains("\"note\":\"first\""),
            "{}: theirs is shown: {}",
            db.engine,
            b.body
        );

        // Without JavaScript the page comes back with both versions and the user's input kept.
        let c = second
            .post(
                &path,
                &[
                    ("revision", "0"),
                    ("choice", "3"),
                    ("note", "second, again"),
                ],
            )
            .await;
        assert_eq!(c.status, 409);
        assert!(
            c.body.contains("Someone else changed this answer")
                && c.body.contains("second, again")
                && c.body.contains("first")
        );

        let stored = store::answers::get(&db.db, org, id, "step-02.it-resources")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.value, stored.note.as_str(), stored.revision),
            (Some(1), "first", 1),
            "{}: nothing overwritten",
            db.engine
        );

        // Saving again on the revision they were shown keeps their version, deliberately.
        let d = second
            .post_json_reply(
                &path,
                &[("revision", "1"), ("choice", "3"), ("note", "second")],
            )
            .await;
        assert_eq!(d.status, 200);
        let stored = store::answers::get(&db.db, org, id, "step-02.it-resources")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((stored.value, stored.revision), (Some(3), 2));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_saves_of_different_answers_are_all_stored() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let id = assessment(
            &db.db,
            org,
            "2026-Q3",
            member_id(&db, "manager@acme.example").await,
        )
        .await;
        let client = logged_in(&db, "assessor@acme.example").await;
        let yaml = include_str!("../questionnaires/ten-steps.yaml");
        let ids: Vec<String> = yaml
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- id: "))
            .filter(|id| id.contains('.'))
            .map(str::to_owned)
            .take(50)
            .collect();
        assert_eq!(ids.len(), 50);
        let saves = ids.iter().map(|question| {
            let client = client.clone();
            let path = format!("/o/acme/assessments/{id}/answers/{question}");
            tokio::spawn(async move {
                client
                    .post_json_reply(&path, &[("revision", "0"), ("choice", "2")])
                    .await
                    .status
            })
        });
        let statuses = futures_join(saves).await;
        assert!(
            statuses.iter().all(|s| *s == 200),
            "{}: {statuses:?}",
            db.engine
        );
        let stored = store::answers::list(&db.db, org, id).await.unwrap();
        assert_eq!(stored.len(), 50, "{}", db.engine);
        assert!(stored.iter().all(|a| a.value == Some(2) && a.revision == 1));
    }
}

async fn futures_join(
    handles: impl Iterator<Item = tokio::task::JoinHandle<axum::http::StatusCode>>,
) -> Vec<axum::http::StatusCode> {
    let mut statuses = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        statuses.push(handle.await.unwrap());
    }
    statuses
}

#[tokio::test]
async fn a_final_assessment_is_read_only_until_an_admin_reopens_it_with_a_reason() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let id = assessment(
            &db.db,
            org,
            "2026-Q3",
            member_id(&db, "manager@acme.example").await,
        )
        .await;
        let manager = logged_in(&db, "manager@acme.example").await;
        let admin = logged_in(&db, "admin@acme.example").await;
        let path = format!("/o/acme/assessments/{id}/answers/step-01.mandate");
        assert_eq!(
            manager
                .post(&path, &[("revision", "0"), ("choice", "1")])
                .await
                .status,
            303
        );

        assert_eq!(
            manager
                .post(&format!("/o/acme/assessments/{id}/finalise"), &[])
                .await
                .status,
            303
        );
        let refused = manager
            .post(&path, &[("revision", "1"), ("choice", "3")])
            .await;
        assert_eq!(refused.status, 409, "{}", db.engine);
        assert_eq!(
            store::answers::get(&db.db, org, id, "step-01.mandate")
                .await
                .unwrap()
                .unwrap()
                .value,
            Some(1)
        );

        assert_eq!(
            manager
                .post(
                    &format!("/o/acme/assessments/{id}/reopen"),
                    &[("reason", "typo")]
                )
                .await
                .status,
            403,
            "managers cannot reopen"
        );
        assert_eq!(
            admin
                .post(
                    &format!("/o/acme/assessments/{id}/reopen"),
                    &[("reason", "  ")]
                )
                .await
                .status,
            422,
            "a reason is required"
        );
        assert_eq!(
            admin
                .post(
                    &format!("/o/acme/assessments/{id}/reopen"),
                    &[("reason", "wrong evidence in step 1")]
                )
                .await
                .status,
            303
        );
        assert_eq!(
            manager
                .post(&path, &[("revision", "1"), ("choice", "3")])
                .await
                .status,
            303
        );

        let events = store::audit::list(&db.db, org, 10).await.unwrap();
        let reopened = events
            .iter()
            .find(|e| e.action == "assessment_reopened")
            .expect("reopen is audited");
        assert!(reopened.detail.contains("wrong evidence in step 1"));
        assert_eq!(reopened.actor_email, "admin@acme.example");
        assert!(events.iter().any(|e| e.action == "assessment_finalised"));
    }
}

#[tokio::test]
async fn another_organisations_assessment_is_not_found() {
    for db in engines().await {
        let acme = organisation(&db.db, "acme").await;
        organisation(&db.db, "globex").await;
        let id = assessment(
            &db.db,
            acme,
            "2026-Q3",
            member_id(&db, "manager@acme.example").await,
        )
        .await;
        let outsider = logged_in(&db, "admin@globex.example").await;
        for path in [
            format!("/o/acme/assessments/{id}"),
            format!("/o/globex/assessments/{id}"),
            format!("/o/globex/assessments/{id}/sections/step-01"),
        ] {
            assert_eq!(
                outsider.get(&path).await.status,
                404,
                "{}: {path}",
                db.engine
            );
        }
        let write = outsider
            .post(
                &format!("/o/globex/assessments/{id}/answers/step-01.mandate"),
                &[("revision", "0"), ("choice", "3")],
            )
            .await;
        assert_eq!(write.status, 404);
        assert!(
            store::answers::list(&db.db, acme, id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn starting_from_the_previous_quarter_carries_answers_and_targets_marked_for_review() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager_id = member_id(&db, "manager@acme.example").await;
        let q2 = assessment(&db.db, org, "2026-Q2", manager_id).await;
        let manager = logged_in(&db, "manager@acme.example").await;
        manager
            .post(
                &format!("/o/acme/assessments/{q2}/answers/step-01.mandate"),
                &[("revision", "0"), ("choice", "2"), ("note", "kept")],
            )
            .await;
        store::targets::set(&db.db, org, q2, "step-01", Some(4), manager_id)
            .await
            .unwrap();
        store::assessments::finalise(&db.db, org, q2, manager_id)
            .await
            .unwrap();

        let boundary = "XBOUNDARY";
        let body = ["period", "questionnaire", "from_previous"]
            .iter()
            .zip(["2026-Q3", "ten-steps", "on"])
            .map(|(name, value)| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"))
            .collect::<String>()
            + &format!("--{boundary}--\r\n");
        let request =
            axum::http::Request::post(format!("/o/acme/assessments?csrf={}", manager.csrf))
                .header("cookie", &manager.cookie)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(axum::body::Body::from(body))
                .unwrap();
        let created = support::send(&manager.app, request).await;
        assert_eq!(created.status, 303, "{}: {}", db.engine, created.body);
        let q3: i64 = created
            .location
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let carried = store::answers::get(&db.db, org, q3, "step-01.mandate")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (carried.value, carried.note.as_str(), carried.needs_review),
            (Some(2), "kept", true)
        );
        let targets = store::targets::list(&db.db, org, q3).await.unwrap();
        assert_eq!(targets.len(), 1);
        assert_eq!(
            (targets[0].scope_id.as_str(), targets[0].level),
            ("step-01", 4)
        );
        let _ = Role::Admin;
    }
}

#[tokio::test]
async fn a_section_marked_not_relevant_leaves_every_score_is_frozen_when_final_and_carries_forward()
{
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager_id = member_id(&db, "manager@acme.example").await;
        let q2 = assessment(&db.db, org, "2026-Q2", manager_id).await;
        let manager = logged_in(&db, "manager@acme.example").await;
        // step-01 fully answered with the top value, step-10 with the bottom one.
        for (question, choice) in [
            ("step-01.mandate", "3"),
            ("step-10.regular-assessment", "0"),
        ] {
            let saved = manager
                .post(
                    &format!("/o/acme/assessments/{q2}/answers/{question}"),
                    &[("revision", "0"), ("choice", choice)],
                )
                .await;
            assert_eq!(saved.status, 303, "{}: {}", db.engine, saved.body);
        }
        let results_path = format!("/o/acme/assessments/{q2}/results");
        let before = cti_maturity::web::snapshot::load_scored(&db.db, org, q2)
            .await
            .unwrap()
            .scorecard;
        assert!(before.section("step-10").unwrap().percent.is_some());

        let relevance = format!("/o/acme/assessments/{q2}/sections/step-10/relevance");
        let marked = manager.post(&relevance, &[("relevant", "no")]).await;
        assert_eq!(marked.status, 303, "{}: {}", db.engine, marked.body);
        let after = cti_maturity::web::snapshot::load_scored(&db.db, org, q2)
            .await
            .unwrap()
            .scorecard;
        let step_10 = after.section("step-10").unwrap();
        assert!(step_10.not_relevant);
        assert_eq!((step_10.percent, step_10.level), (None, None));
        assert!(after.overall.percent > before.overall.percent);
        let page = manager.get(&results_path).await;
        assert!(
            page.body.contains("Not relevant for this organisation: "),
            "{}",
            db.engine
        );
        let overview = manager.get(&format!("/o/acme/assessments/{q2}")).await;
        assert!(overview.body.contains("Count it again"), "{}", db.engine);

        // A value other than yes or no is refused and changes nothing.
        let refused = manager.post(&relevance, &[("relevant", "maybe")]).await;
        assert_eq!(refused.status, 422, "{}", db.engine);
        assert_eq!(
            store::not_relevant::list(&db.db, org, q2).await.unwrap(),
            ["step-10"]
        );
        // An unknown section is not found.
        let unknown = manager
            .post(
                &format!("/o/acme/assessments/{q2}/sections/step-99/relevance"),
                &[("relevant", "no")],
            )
            .await;
        assert_eq!(unknown.status, 404, "{}", db.engine);

        store::assessments::finalise(&db.db, org, q2, manager_id)
            .await
            .unwrap();
        let frozen = manager.post(&relevance, &[("relevant", "yes")]).await;
        assert_eq!(frozen.status, 409, "{}", db.engine);
        assert_eq!(
            store::not_relevant::list(&db.db, org, q2).await.unwrap(),
            ["step-10"]
        );

        let next = manager
            .post_multipart(
                "/o/acme/assessments",
                &[
                    ("period", None, b"2026-Q3"),
                    ("questionnaire", None, b"ten-steps"),
                    ("from_previous", None, b"on"),
                ],
            )
            .await;
        assert_eq!(next.status, 303, "{}: {}", db.engine, next.body);
        let q3: i64 = next
            .location
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            store::not_relevant::list(&db.db, org, q3).await.unwrap(),
            ["step-10"]
        );
        let events = store::audit::list(&db.db, org, 50).await.unwrap();
        assert!(events.iter().any(|e| e.action == "section_relevance_set"));
    }
}

fn multipart(fields: &[(&str, &str, Option<&str>)]) -> (String, String) {
    let boundary = "XUPLOADBOUNDARY";
    let mut body = String::new();
    for (name, value, file_name) in fields {
        let file = file_name
            .map(|f| format!("; filename=\"{f}\""))
            .unwrap_or_default();
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(client: &Client, fields: &[(&str, &str, Option<&str>)]) -> support::Reply {
    let (content_type, body) = multipart(fields);
    let request = axum::http::Request::post(format!("/o/acme/assessments?csrf={}", client.csrf))
        .header("cookie", &client.cookie)
        .header("content-type", content_type)
        .body(axum::body::Body::from(body))
        .unwrap();
    support::send(&client.app, request).await
}

#[tokio::test]
async fn an_uploaded_questionnaire_with_a_typo_is_refused_with_its_line_and_column_and_nothing_is_created()
 {
    let db = support::sqlite().await;
    let org = organisation(&db.db, "acme").await;
    let manager = logged_in(&db, "manager@acme.example").await;
    let broken = include_str!("../questionnaires/ten-steps.yaml").replacen(
        "    weight: 2\n",
        "    weigth: 2\n",
        1,
    );
    let line = broken.lines().position(|l| l.contains("weigth")).unwrap() + 1;
    let column = broken
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("weigth")
        .unwrap()
        + 1;
    let reply = upload(
        &manager,
        &[
            ("period", "2026-Q3", None),
            ("questionnaire_file", &broken, Some("mine.yaml")),
        ],
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.body.contains(&format!("mine.yaml:{line}:{column}: ")),
        "line and column shown: {}",
        reply.body
    );
    assert!(reply.body.contains("unknown field `weigth`"));
    assert!(
        reply.body.contains("value=\"2026-Q3\""),
        "the period the user typed is kept"
    );
    assert!(
        store::assessments::list(&db.db, org)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_uploaded_questionnaire_starts_an_assessment_with_its_own_text_frozen() {
    let db = support::sqlite().await;
    let org = organisation(&db.db, "acme").await;
    let manager = logged_in(&db, "manager@acme.example").await;
    let mine = include_str!("../questionnaires/ten-steps.yaml").replacen(
        "id: ten-steps",
        "id: my-steps",
        1,
    );
    let reply = upload(
        &manager,
        &[
            ("period", "2026-Q3", None),
            ("questionnaire_file", &mine, Some("mine.yaml")),
        ],
    )
    .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let listed = store::assessments::list(&db.db, org).await.unwrap();
    assert_eq!(listed.len(), 1);
    let stored = store::assessments::get(&db.db, org, listed[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            stored.questionnaire_id.as_str(),
            stored.questionnaire_yaml.as_str()
        ),
        ("my-steps", mine.as_str())
    );
    assert_eq!(
        stored.questionnaire_sha256,
        store::assessments::sha256_hex(&mine)
    );
    let events = store::audit::list(&db.db, org, 10).await.unwrap();
    assert!(events.iter().any(|e| e.action == "questionnaire_imported"));
}

#[tokio::test]
async fn an_oversize_upload_is_refused_and_nothing_is_created() {
    let db = support::sqlite().await;
    let org = organisation(&db.db, "acme").await;
    let manager = logged_in(&db, "manager@acme.example").await;
    let huge = format!("kind: questionnaire\n# {}\n", "x".repeat(3 * 1024 * 1024));
    let reply = upload(
        &manager,
        &[
            ("period", "2026-Q3", None),
            ("questionnaire_file", &huge, Some("huge.yaml")),
        ],
    )
    .await;
    assert!(
        reply.status == 413 || reply.status == 422,
        "status {}",
        reply.status
    );
    assert!(
        reply.body.contains("2 MiB"),
        "the limit is named: {}",
        &reply.body[..reply.body.len().min(400)]
    );
    let just_over = format!("kind: questionnaire\n# {}\n", "x".repeat(2 * 1024 * 1024));
    let reply = upload(
        &manager,
        &[
            ("period", "2026-Q3", None),
            ("questionnaire_file", &just_over, Some("big.yaml")),
        ],
    )
    .await;
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("limited to 2097152 bytes"),
        "{}",
        &reply.body[..reply.body.len().min(2000)]
    );
    assert!(
        store::assessments::list(&db.db, org)
            .await
            .unwrap()
            .is_empty()
    );
}
