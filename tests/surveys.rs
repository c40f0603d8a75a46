//! Stakeholder satisfaction surveys through the whole app, in process, on every available engine
//! (SQLite always; PostgreSQL when `TEST_POSTGRES_URL` is set): the content kind, answering
//! through group and single-use links, what a closed or unknown link shows, suppression of small
//! groups, who sees free text, tenant isolation, rate limiting, and what is (not) stored.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cti_maturity::content::{SourceFile, load_survey, validate_set};
use cti_maturity::store::{self, Db};
use cti_maturity::web::survey_public::SUBMISSIONS_PER_WINDOW;
use support::{Reply, TestDb, app, engines, login, organisation, send, survey_round};

const SURVEY: &str = include_str!("../questionnaires/stakeholder-survey.yaml");

async fn member_id(db: &Db, email: &str) -> i64 {
    store::users::find_by_email(db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An organisation `acme` with a round for 2026-Q3: (organisation id, round id, group links).
async fn acme_round(db: &TestDb) -> (i64, i64, Vec<(i64, String)>) {
    let acme = organisation(&db.db, "acme").await;
    let manager = member_id(&db.db, "manager@acme.example").await;
    let (round, links) = survey_round(&db.db, acme, "2026-Q3", manager).await;
    (acme, round, links)
}

async fn anonymous_get(app: &Router, path: &str) -> Reply {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

async fn anonymous_post(app: &Router, path: &str, fields: &[(&str, &str)]) -> Reply {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (SecretPhone 12) respondent-agent",
        )
        .header("x-forwarded-for", "203.0.113.77")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    send(app, request).await
}

/// A full response of the shipped survey with `rating` for every rating item.
fn response(rating: &'static str, comment: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("item.used", "partly"),
        ("text.used", "only the weekly digest"),
        ("item.requirement-met", rating),
        ("item.relevance", rating),
        ("item.timeliness", rating),
        ("item.accuracy", rating),
        ("item.actionability", rating),
        ("item.clarity", rating),
        ("item.recommend", "9"),
        ("text.differently", comment),
    ]
}

async fn answer(app: &Router, token: &str, rating: &'static str, comment: &'static str) -> Reply {
    anonymous_post(app, &format!("/s/{token}"), &response(rating, comment)).await
}

async fn count(db: &Db, sql: &str) -> i64 {
    cti_maturity::on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

#[test]
fn survey_content_errors_are_located() {
    let broken = "kind: survey\nid: Our-Survey\nversion: 1.0.0\ntitle: T\nintro: I\nitems:\n  - id: relevance\n    kind: rating\n    text: How relevant?\n    dimension: relevance\n  - id: relevance\n    kind: text\n    text: Again?\n    low: nothing\n  - id: other\n    kind: recommend\n    text: Recommend?\n  - id: again\n    kind: recommend\n    text: Recommend again?\n";
    let report = validate_set(&[SourceFile {
        name: "broken.yaml".into(),
        text: broken.into(),
    }]);
    let found: Vec<String> = report
        .diagnostics
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "broken.yaml:2:5: survey id `Our-Survey` is not valid",
        "broken.yaml:14:10: `low` applies to rating and recommend items only, not to a text item",
        "broken.yaml:11:9: duplicate item id `relevance`",
        "broken.yaml:19:11: a survey has at most one `recommend` item",
    ] {
        assert!(
            found.iter().any(|line| line.starts_with(expected)),
            "missing `{expected}` in {found:#?}"
        );
    }
    assert_eq!(found.len(), 4, "{found:#?}");

    let typo = "kind: survey\nid: s\nversion: 1.0.0\ntitle: T\nintro: I\nitems:\n  - id: a\n    kind: ratin\n    text: Q\n";
    let error = load_survey(&SourceFile {
        name: "typo.yaml".into(),
        text: typo.into(),
    })
    .unwrap_err()
    .to_string();
    assert_eq!(
        error,
        "typo.yaml:8:11: items[0].kind: unknown variant `ratin`, expected one of `rating`, `usage`, `recommend`, `text`"
    );

    let shipped = validate_set(&[SourceFile {
        name: "stakeholder-survey.yaml".into(),
        text: SURVEY.into(),
    }]);
    assert!(shipped.diagnostics.0.is_empty(), "{}", shipped.diagnostics);
    assert_eq!((shipped.surveys, shipped.questionnaires), (1, 1));
}

#[test]
fn schema_survey_prints_the_json_schema_of_the_kind() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cti-maturity"))
        .args(["schema", "survey"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in ["kind", "id", "version", "title", "intro", "items"] {
        assert!(required.contains(&field), "{field}");
    }
    let item = &schema["$defs"]["ItemDoc"];
    assert_eq!(item["additionalProperties"], false);
    for field in ["dimension", "low", "high", "why", "required"] {
        assert!(item["properties"].get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn a_respondent_answers_through_a_group_link() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let (soc, token) = &links[0];
        let form = anonymous_get(&app, &format!("/s/{token}")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.engine);
        assert!(form.body.contains("Survey for <strong>SOC</strong>"));
        assert!(form.body.contains("How relevant was it to your work"));
        assert!(
            !form.body.contains("Org acme"),
            "the form does not name the organisation"
        );

        for rating in ["4", "5", "3"] {
            let sent = answer(&app, token, rating, "").await;
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
            assert_eq!(
                sent.location.as_deref(),
                Some(format!("/s/{token}/done").as_str())
            );
        }
        let done = anonymous_get(&app, &format!("/s/{token}/done")).await;
        assert_eq!(done.status, StatusCode::OK);
        assert!(done.body.contains("Thank you"));

        let stored = count(
            &db.db,
            &format!("SELECT COUNT(*) FROM survey_responses WHERE round_id = {round} AND group_id = {soc}"),
        )
        .await;
        assert_eq!(stored, 3);

        let viewer = login(&app, &db.db, "viewer@acme.example").await;
        let page = viewer.get(&format!("/o/acme/surveys/{round}")).await;
        assert_eq!(page.status, StatusCode::OK);
        // Relevance 4, 5, 3: a mean of 4.0; NPS: three promoters.
        assert!(page.body.contains("4.0"), "{}", page.body);
        assert!(page.body.contains("+100"));
        assert!(page.body.contains("1: 0 · 2: 0 · 3: 1 · 4: 1 · 5: 1"));
    }
}

#[tokio::test]
async fn an_answer_off_the_scale_is_refused_with_the_input_kept() {
    for db in engines().await {
        let (_, _, links) = acme_round(&db).await;
        let app = app(&db);
        let token = &links[0].1;
        let refused = anonymous_post(
            &app,
            &format!("/s/{token}"),
            &[("item.relevance", "9"), ("text.differently", "keep me")],
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.engine
        );
        assert!(refused.body.contains("Choose a value from 1 to 5."));
        assert!(refused.body.contains("keep me"));
        let empty = anonymous_post(&app, &format!("/s/{token}"), &[]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            count(&db.db, "SELECT COUNT(*) FROM survey_responses").await,
            0
        );
    }
}

#[tokio::test]
async fn a_single_use_link_works_once() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let group = links[4].0;
        let issued = manager
            .post(
                &format!("/o/acme/surveys/{round}/groups/{group}/recipients"),
                &[("count", "3")],
            )
            .await;
        assert_eq!(issued.status, StatusCode::OK, "{}", db.engine);
        let tokens: Vec<&str> = issued
            .body
            .split("/s/")
            .skip(1)
            .map(|rest| &rest[..64])
            .collect();
        assert_eq!(tokens.len(), 3, "{}", issued.body);

        let first = answer(&app, tokens[0], "4", "").await;
        assert_eq!(first.status, StatusCode::SEE_OTHER);
        let again = answer(&app, tokens[0], "1", "").await;
        assert_eq!(again.status, StatusCode::GONE);
        assert!(again.body.contains("You have answered already"));
        let reopened = anonymous_get(&app, &format!("/s/{}", tokens[0])).await;
        assert_eq!(reopened.status, StatusCode::GONE);
        assert_eq!(
            count(&db.db, "SELECT COUNT(*) FROM survey_responses").await,
            1
        );

        // Two submissions at the same moment through one link: exactly one is stored.
        let (a, b) = tokio::join!(
            answer(&app, tokens[1], "3", ""),
            answer(&app, tokens[1], "2", "")
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [303, 410], "{}", db.engine);
        assert_eq!(
            count(&db.db, "SELECT COUNT(*) FROM survey_responses").await,
            2
        );

        let activity = store::surveys::activity(&db.db, links_org(&db).await, round)
            .await
            .unwrap();
        let architects = activity.iter().find(|a| a.group_id == group).unwrap();
        assert_eq!(
            (architects.single_use_issued, architects.single_use_used),
            (3, 2)
        );
    }
}

async fn links_org(db: &TestDb) -> i64 {
    store::organisations::find_by_slug(&db.db, "acme")
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn closed_replaced_and_unknown_links_give_the_same_page() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let unknown = anonymous_get(&app, &format!("/s/{}", "cd".repeat(32))).await;
        let garbage = anonymous_get(&app, "/s/not-a-token").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(garbage.body, unknown.body);
        for leak in ["Org acme", "acme", "SOC", "stakeholder", "How useful"] {
            assert!(!unknown.body.contains(leak), "`{leak}` in {}", unknown.body);
        }

        // A replaced group link stops working.
        let (group, old) = &links[1];
        let replaced = manager
            .post(&format!("/o/acme/surveys/{round}/groups/{group}/link"), &[])
            .await;
        assert_eq!(replaced.status, StatusCode::OK, "{}", db.engine);
        let after = anonymous_get(&app, &format!("/s/{old}")).await;
        assert_eq!((after.status, &after.body), (unknown.status, &unknown.body));

        let closed = manager
            .post(&format!("/o/acme/surveys/{round}/close"), &[])
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        let token = &links[0].1;
        let form = anonymous_get(&app, &format!("/s/{token}")).await;
        assert_eq!((form.status, &form.body), (unknown.status, &unknown.body));
        let post = answer(&app, token, "5", "").await;
        assert_eq!((post.status, &post.body), (unknown.status, &unknown.body));
        let done = anonymous_get(&app, &format!("/s/{token}/done")).await;
        assert_eq!((done.status, &done.body), (unknown.status, &unknown.body));
        assert_eq!(
            count(&db.db, "SELECT COUNT(*) FROM survey_responses").await,
            0
        );

        let reopened = manager
            .post(&format!("/o/acme/surveys/{round}/reopen"), &[])
            .await;
        assert_eq!(reopened.status, StatusCode::SEE_OTHER);
        assert_eq!(
            anonymous_get(&app, &format!("/s/{token}")).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn a_group_below_the_minimum_shows_no_numbers() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let (soc, soc_token) = &links[0];
        let (ir, ir_token) = &links[2];
        // SOC: two answers of 1 (below the minimum of 3); incident response: three answers of 5.
        for _ in 0..2 {
            answer(&app, soc_token, "1", "").await;
        }
        for _ in 0..3 {
            answer(&app, ir_token, "5", "").await;
        }
        for email in ["viewer@acme.example", "manager@acme.example"] {
            let member = login(&app, &db.db, email).await;
            let page = member.get(&format!("/o/acme/surveys/{round}")).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(
                page.body
                    .contains("Not enough responses: 2 of the 3 needed"),
                "{}",
                page.body
            );
            assert!(
                !page.body.contains(&format!("id=\"group-{soc}\"")),
                "no SOC details"
            );
            assert!(page.body.contains(&format!("id=\"group-{ir}\"")));
            // Nothing averages in a rating of 1: no "1.0" and no pooled line with SOC in it.
            assert!(!page.body.contains(">1.0<"), "{email}");
            assert!(
                !page.body.contains("All groups shown</th>"),
                "only one group is shown"
            );
            let trend = member.get("/o/acme/surveys/trend").await;
            assert_eq!(trend.status, StatusCode::OK);
            assert!(trend.body.contains("2*"));
            assert!(!trend.body.contains(">1.0<"));
        }
    }
}

#[tokio::test]
async fn free_text_is_shown_to_managers_only() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let token = &links[0].1;
        for _ in 0..3 {
            answer(&app, token, "4", "Send the digest on Mondays").await;
        }
        // A group below the minimum keeps its words to itself, even from managers.
        answer(
            &app,
            &links[3].1,
            "2",
            "Only one business person wrote this",
        )
        .await;
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let page = manager.get(&format!("/o/acme/surveys/{round}")).await;
        assert!(
            page.body.contains("Send the digest on Mondays"),
            "{}",
            db.engine
        );
        assert!(page.body.contains("only the weekly digest"));
        assert!(!page.body.contains("Only one business person"));
        for email in ["viewer@acme.example", "assessor@acme.example"] {
            let member = login(&app, &db.db, email).await;
            let page = member.get(&format!("/o/acme/surveys/{round}")).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(!page.body.contains("Send the digest on Mondays"), "{email}");
            assert!(!page.body.contains("only the weekly digest"), "{email}");
            assert!(
                page.body
                    .contains("Free-text answers are shown to managers only.")
            );
            assert!(
                !page.body.contains("/recipients"),
                "{email} sees no link controls"
            );
        }
    }
}

#[tokio::test]
async fn another_organisations_round_ids_are_not_found() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let globex = organisation(&db.db, "globex").await;
        let globex_manager = member_id(&db.db, "manager@globex.example").await;
        let (globex_round, _) = survey_round(&db.db, globex, "2026-Q3", globex_manager).await;
        let app = app(&db);
        let outsider = login(&app, &db.db, "manager@globex.example").await;
        let acme_group = links[0].0;
        for path in [
            format!("/o/globex/surveys/{round}"),
            format!("/o/acme/surveys/{round}"),
            format!("/o/acme/surveys/{globex_round}"),
        ] {
            assert_eq!(
                outsider.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        for (path, fields) in [
            (format!("/o/globex/surveys/{round}/close"), vec![]),
            (
                format!("/o/globex/surveys/{round}/groups/{acme_group}/link"),
                vec![],
            ),
            (
                format!("/o/globex/surveys/{globex_round}/groups/{acme_group}/link"),
                vec![],
            ),
            (
                format!("/o/globex/surveys/{globex_round}/groups/{acme_group}/recipients"),
                vec![("count", "2")],
            ),
            (
                format!("/o/globex/surveys/groups/{acme_group}"),
                vec![("name", "Taken over")],
            ),
        ] {
            let reply = outsider.post(&path, &fields).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {}", db.engine);
        }
        let acme = links_org(&db).await;
        assert!(
            store::surveys::get_round(&db.db, acme, round)
                .await
                .unwrap()
                .unwrap()
                .is_open()
        );
        let groups = store::stakeholder_groups::list(&db.db, acme, true)
            .await
            .unwrap();
        assert_eq!(groups[0].name, "SOC");
        let acme_links = count(
            &db.db,
            &format!("SELECT COUNT(*) FROM survey_links WHERE group_id = {acme_group}"),
        )
        .await;
        assert_eq!(acme_links, 1, "no link was added to acme's group");
    }
}

/// The columns of a table, on either engine.
async fn columns(db: &Db, table: &str) -> Vec<String> {
    let mut names: Vec<String> = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(pool)
                .await
                .unwrap()
        }
        Db::Postgres(pool) => sqlx::query_scalar(
            "SELECT column_name::TEXT FROM information_schema.columns WHERE table_name = $1",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    names.sort();
    names
}

#[tokio::test]
async fn responses_store_no_ip_address_user_agent_or_time() {
    for db in engines().await {
        let (_, _, links) = acme_round(&db).await;
        let app = app(&db);
        answer(&app, &links[0].1, "4", "fine").await;
        assert_eq!(
            columns(&db.db, "survey_responses").await,
            ["group_id", "id", "numbers", "round_id", "via_single_use"],
            "{}",
            db.engine
        );
        assert_eq!(
            columns(&db.db, "survey_answers").await,
            ["item_id", "response_id", "text", "value"]
        );
        // Links know whether they were used, not when, nor by whom.
        assert_eq!(
            columns(&db.db, "survey_links").await,
            [
                "created_at",
                "group_id",
                "id",
                "revoked",
                "round_id",
                "single_use",
                "token_hash",
                "used",
                "window_hits",
                "window_start"
            ]
        );
        let texts: Vec<Option<String>> = cti_maturity::on_db!(&db.db, pool => sqlx::query_scalar(
            "SELECT text FROM survey_answers").fetch_all(pool).await.unwrap());
        for text in texts.into_iter().flatten() {
            assert!(!text.contains("203.0.113.77") && !text.contains("SecretPhone"));
        }
        let audit = count(
            &db.db,
            "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%203.0.113.77%' OR detail LIKE '%SecretPhone%'",
        )
        .await;
        assert_eq!(audit, 0);
    }
}

#[tokio::test]
async fn a_flood_through_one_link_is_refused_and_the_answers_kept() {
    for db in engines().await {
        let (_, _, links) = acme_round(&db).await;
        let app = app(&db);
        let token = &links[0].1;
        for _ in 0..SUBMISSIONS_PER_WINDOW {
            let sent = answer(&app, token, "4", "").await;
            assert_eq!(sent.status, StatusCode::SEE_OTHER);
        }
        let refused = answer(&app, token, "4", "please keep this text").await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            db.engine
        );
        assert!(refused.body.contains("please keep this text"));
        // Other groups' links have their own allowance.
        assert_eq!(
            answer(&app, &links[1].1, "4", "").await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            count(&db.db, "SELECT COUNT(*) FROM survey_responses").await,
            SUBMISSIONS_PER_WINDOW + 1
        );
    }
}

#[tokio::test]
async fn a_round_starts_from_the_shipped_survey_or_a_pasted_adaptation() {
    for db in engines().await {
        organisation(&db.db, "acme").await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let created = manager
            .post(
                "/o/acme/surveys",
                &[
                    ("period", "2026-Q3"),
                    ("source", "shipped:stakeholder-survey"),
                    ("min_responses", "3"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        // Every default group got a link, shown once.
        assert_eq!(created.body.matches("/s/").count(), 6);
        assert!(created.body.contains("Copy these links now."));

        let broken = "kind: survey\nid: ours\nversion: 1.0.0\ntitle: Ours\nintro: Hi\nitems:\n  - id: a\n    kind: rating\n    text: Q\n    why: not here\n";
        let refused = manager
            .post(
                "/o/acme/surveys",
                &[
                    ("period", "2026-Q4"),
                    ("source", "pasted"),
                    ("survey_yaml", broken),
                    ("min_responses", "3"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("pasted survey:10:10: `why` applies to usage items only"),
            "{}",
            refused.body
        );
        let adapted = SURVEY.replace("id: stakeholder-survey", "id: acme-survey");
        let accepted = manager
            .post(
                "/o/acme/surveys",
                &[
                    ("period", "2026-Q4"),
                    ("source", "pasted"),
                    ("survey_yaml", &adapted),
                    ("min_responses", "5"),
                ],
            )
            .await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        let twice = manager
            .post(
                "/o/acme/surveys",
                &[
                    ("period", "2026-Q4"),
                    ("source", "latest"),
                    ("min_responses", "5"),
                ],
            )
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(twice.body.contains("exists already"));
        let list = manager.get("/o/acme/surveys").await;
        assert!(list.body.contains("acme-survey") && list.body.contains("stakeholder-survey"));
    }
}

#[tokio::test]
async fn groups_are_seeded_once_and_editable() {
    for db in engines().await {
        let acme = organisation(&db.db, "acme").await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let page = manager.get("/o/acme/surveys/groups").await;
        assert_eq!(page.status, StatusCode::OK);
        for name in ["SOC", "Vulnerability management", "Executives"] {
            assert!(page.body.contains(name), "{name}");
        }
        let groups = store::stakeholder_groups::list(&db.db, acme, true)
            .await
            .unwrap();
        assert_eq!(groups.len(), 6);
        let soc = groups[0].id;
        let archived = manager
            .post(
                &format!("/o/acme/surveys/groups/{soc}"),
                &[("action", "archive")],
            )
            .await;
        assert_eq!(archived.status, StatusCode::SEE_OTHER);
        let added = manager
            .post("/o/acme/surveys/groups", &[("name", "Fraud team")])
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let duplicate = manager
            .post("/o/acme/surveys/groups", &[("name", "Fraud team")])
            .await;
        assert_eq!(duplicate.status, StatusCode::CONFLICT);
        manager.get("/o/acme/surveys/groups").await;
        let active = store::stakeholder_groups::list(&db.db, acme, false)
            .await
            .unwrap();
        assert_eq!(
            active.len(),
            6,
            "one archived, one added, none seeded again"
        );
        assert!(active.iter().all(|g| g.name != "SOC"));
    }
}

#[tokio::test]
async fn a_group_added_after_the_round_started_can_be_sent_a_link() {
    for db in engines().await {
        let (acme, round, _) = acme_round(&db).await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let added = manager
            .post("/o/acme/surveys/groups", &[("name", "Fraud team")])
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let fraud = store::stakeholder_groups::list(&db.db, acme, false)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.name == "Fraud team")
            .unwrap();
        let page = manager.get(&format!("/o/acme/surveys/{round}")).await;
        let action = format!("/o/acme/surveys/{round}/groups/{}/link", fraud.id);
        assert!(page.body.contains(&action), "{}", db.engine);
        assert!(page.body.contains("Create group link"));
        let created = manager.post(&action, &[]).await;
        assert_eq!(created.status, StatusCode::OK);
        let token = &created.body[created.body.find("/s/").unwrap() + 3..][..64];
        let form = anonymous_get(&app, &format!("/s/{token}")).await;
        assert!(form.body.contains("Survey for <strong>Fraud team</strong>"));
    }
}

#[tokio::test]
async fn the_trend_of_a_reopened_round_counts_its_new_answers() {
    for db in engines().await {
        let (_, round, links) = acme_round(&db).await;
        let app = app(&db);
        let manager = login(&app, &db.db, "manager@acme.example").await;
        let ir_token = &links[2].1;
        for _ in 0..3 {
            answer(&app, ir_token, "5", "").await;
        }
        let close_path = format!("/o/acme/surveys/{round}/close");
        let reopen_path = format!("/o/acme/surveys/{round}/reopen");
        assert_eq!(
            manager.post(&close_path, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let before = manager.get("/o/acme/surveys/trend").await;
        assert!(before.body.contains(">5.0<"), "{}", db.engine);
        // Kept while closed: the same page again.
        assert_eq!(manager.get("/o/acme/surveys/trend").await.body, before.body);

        assert_eq!(
            manager.post(&reopen_path, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        for _ in 0..3 {
            answer(&app, ir_token, "1", "").await;
        }
        assert_eq!(
            manager.post(&close_path, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let after = manager.get("/o/acme/surveys/trend").await;
        assert!(after.body.contains(">3.0<"), "(3 × 5 + 3 × 1) / 6");
        assert!(!after.body.contains(">5.0<"));
    }
}
