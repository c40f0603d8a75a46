//! Results, drill-downs, targets and the action plan through the whole app, in process, on every
//! available engine (SQLite always; PostgreSQL when `TEST_POSTGRES_URL` is set).

mod support;

use chrono::{Duration, Utc};
use cti_maturity::content::{
    Answer, Answers, Model, Questionnaire, SourceFile, Targets, load_model, load_questionnaire,
};
use cti_maturity::scoring::{format_percent, score};
use cti_maturity::store::{self, Db, answers::AnswerInput};
use support::{Client, TestDb, app, assessment, engines, login, organisation};

const QUESTIONNAIRE: &str = include_str!("../questionnaires/ten-steps.yaml");
const MODEL: &str = include_str!("../models/cti-practice.yaml");

fn content() -> (Model, Questionnaire) {
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
    (model, questionnaire)
}

async fn member_id(db: &Db, email: &str) -> i64 {
    store::users::find_by_email(db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn logged_in(db: &TestDb, email: &str) -> Client {
    login(&app(db), &db.db, email).await
}

/// An answer to store: a value, or None for N/A.
struct Given<'a> {
    question: &'a str,
    value: Option<i64>,
    note: &'a str,
    evidence: &'a str,
}

fn given(question: &str, value: Option<i64>) -> Given<'_> {
    Given {
        question,
        value,
        note: "",
        evidence: "",
    }
}

async fn save_all(db: &Db, org: i64, assessment: i64, user: i64, answers: &[Given<'_>]) {
    for answer in answers {
        let input = AnswerInput {
            value: answer.value,
            not_applicable: answer.value.is_none(),
            note: answer.note.into(),
            evidence: answer.evidence.into(),
            needs_review: false,
        };
        let outcome = store::answers::save(db, org, assessment, answer.question, 0, &input, user)
            .await
            .unwrap();
        assert!(
            matches!(outcome, store::answers::SaveOutcome::Saved { .. }),
            "{}: {outcome:?}",
            answer.question
        );
    }
}

/// The same answers as the engine sees them.
fn answers_of(questionnaire: &Questionnaire, given: &[Given<'_>]) -> Answers {
    let mut answers = Answers::default();
    for answer in given {
        let entry = match answer.value {
            Some(value) => Answer::value(value),
            None => Answer::not_applicable(),
        };
        answers
            .insert(questionnaire, answer.question, entry)
            .unwrap();
    }
    answers
}

const SOME_ANSWERS: &[(&str, Option<i64>)] = &[
    ("step-01.mandate", Some(3)),
    ("step-01.reporting-line", Some(2)),
    ("step-01.responsibilities", Some(1)),
    ("step-01.resources", None),
    ("step-02.it-resources", Some(2)),
    ("step-02.feed-operations", Some(0)),
    ("step-03.intelligence-roles", Some(1)),
];

fn some_answers() -> Vec<Given<'static>> {
    SOME_ANSWERS
        .iter()
        .map(|(question, value)| given(question, *value))
        .collect()
}

#[tokio::test]
async fn results_show_the_numbers_of_the_scoring_engine() {
    let (model, questionnaire) = content();
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let assessor = member_id(&db.db, "assessor@acme.example").await;
        let id = assessment(&db.db, org, "2026-Q3", assessor).await;
        let answers = some_answers();
        save_all(&db.db, org, id, assessor, &answers).await;
        let card = score(
            &questionnaire,
            &model,
            &answers_of(&questionnaire, &answers),
            &Targets::default(),
        );

        let viewer = logged_in(&db, "viewer@acme.example").await;
        let page = viewer
            .get(&format!("/o/acme/assessments/{id}/results"))
            .await;
        assert_eq!(page.status, 200, "{}: a viewer reads results", db.engine);
        let overall = format_percent(card.overall.percent);
        assert!(
            page.body.contains(&overall),
            "{}: overall {overall} shown",
            db.engine
        );
        for section in &card.sections {
            assert!(page.body.contains(&format_percent(section.percent)));
        }
        let level = card.overall.level.unwrap();
        let name = model.level_name(level).unwrap();
        assert!(page.body.contains(&format!("{level} · {name}")));
        assert!(page.body.contains("First assessment"));
        assert!(page.body.contains("/results/sections/step-01"));
        assert!(page.body.contains("/results/capabilities/governance"));
        assert!(
            !page.body.contains("Raise action"),
            "{}: viewers get no action buttons",
            db.engine
        );
        assert!(!page.body.contains("name=\"target.step-01\""));
    }
}

#[tokio::test]
async fn results_compare_with_the_previous_final_quarter() {
    let (model, questionnaire) = content();
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager = member_id(&db.db, "manager@acme.example").await;
        let q1 = assessment(&db.db, org, "2026-Q1", manager).await;
        let before = [
            given("step-01.mandate", Some(0)),
            given("step-01.reporting-line", Some(0)),
        ];
        save_all(&db.db, org, q1, manager, &before).await;
        // A draft quarter in between is not a comparison point.
        let q2 = assessment(&db.db, org, "2026-Q2", manager).await;
        save_all(
            &db.db,
            org,
            q2,
            manager,
            &[given("step-01.mandate", Some(3))],
        )
        .await;
        assert!(
            store::assessments::finalise(&db.db, org, q1, manager)
                .await
                .unwrap()
        );
        let q3 = assessment(&db.db, org, "2026-Q3", manager).await;
        let after = [
            given("step-01.mandate", Some(3)),
            given("step-01.reporting-line", Some(0)),
        ];
        save_all(&db.db, org, q3, manager, &after).await;

        let then = score(
            &questionnaire,
            &model,
            &answers_of(&questionnaire, &before),
            &Targets::default(),
        );
        let now = score(
            &questionnaire,
            &model,
            &answers_of(&questionnaire, &after),
            &Targets::default(),
        );
        // step-01: 0% then; (2·1 + 1·0) / 3 = 66.7% now.
        let delta = now.overall.percent.unwrap() - then.overall.percent.unwrap();
        assert!((delta - 200.0 / 3.0).abs() < 1e-9);

        let client = logged_in(&db, "viewer@acme.example").await;
        let page = client
            .get(&format!("/o/acme/assessments/{q3}/results"))
            .await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("+66.7 pp"),
            "{}: change shown",
            db.engine
        );
        assert!(page.body.contains("since 2026-Q1"), "{}", db.engine);
        assert!(!page.body.contains("First assessment"));
        // Level 1 (0%) to level 4 (66.7%): +3 levels.
        assert!(page.body.contains("+3 levels"));
    }
}

#[tokio::test]
async fn drill_downs_list_every_question_with_its_contribution() {
    let (_, questionnaire) = content();
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let assessor = member_id(&db.db, "assessor@acme.example").await;
        let id = assessment(&db.db, org, "2026-Q3", assessor).await;
        let mut answers = some_answers();
        answers[0] = Given {
            question: "step-01.mandate",
            value: Some(3),
            note: "Signed by the CISO in March",
            evidence: "https://wiki.example/cti/mandate\njavascript:alert(1)\nThe binder on shelf 3",
        };
        save_all(&db.db, org, id, assessor, &answers).await;
        let viewer = logged_in(&db, "viewer@acme.example").await;

        let page = viewer
            .get(&format!(
                "/o/acme/assessments/{id}/results/sections/step-01"
            ))
            .await;
        assert_eq!(page.status, 200, "{}", db.engine);
        for question in &questionnaire.sections()[0].questions {
            assert!(
                page.body.contains(&format!("id=\"q-{}\"", question.id)),
                "{}: {} listed",
                db.engine,
                question.id
            );
        }
        // step-01: mandate 3/3 (w 2), reporting-line 2/3, responsibilities 1/3, resources N/A,
        // processes and mandate-review unanswered: Σ w·a = 2 + 2/3 + 1/3 = 3; Σ w = 4; 75%.
        assert!(page.body.contains("Σ w·a = 3<"), "{}: sum shown", db.engine);
        assert!(page.body.contains("Σ w = 4<"));
        assert!(page.body.contains("75.0%"));
        assert!(page.body.contains("100 × 3 / 4"));
        assert!(page.body.contains("Fully implemented"));
        assert!(page.body.contains("N/A"));
        assert!(page.body.contains("Unanswered"));
        assert!(page.body.contains("Signed by the CISO in March"));
        assert!(
            page.body
                .contains("<a href=\"https://wiki.example/cti/mandate\"")
        );
        assert!(page.body.contains("javascript:alert(1)"), "shown as text");
        assert!(!page.body.contains("href=\"javascript:"), "never as a link");
        assert!(page.body.contains("The binder on shelf 3"));
        assert!(page.body.contains("assessor@acme.example"), "who answered");
        assert!(page.body.contains("Next: 5 · Optimising at 80%"));

        let page = viewer
            .get(&format!(
                "/o/acme/assessments/{id}/results/capabilities/governance"
            ))
            .await;
        assert_eq!(page.status, 200);
        let in_scope: Vec<&str> = questionnaire
            .questions()
            .filter(|q| q.doc.capabilities.iter().any(|c| c == "governance"))
            .map(|q| q.doc.id.as_str())
            .collect();
        assert!(in_scope.len() > 6, "governance spans sections");
        for question in in_scope {
            assert!(
                page.body.contains(&format!("id=\"q-{question}\"")),
                "{question}"
            );
        }
        assert!(!page.body.contains("id=\"q-step-02.feed-operations\""));

        let missing = viewer
            .get(&format!("/o/acme/assessments/{id}/results/sections/nope"))
            .await;
        assert_eq!(missing.status, 404);
        let missing = viewer
            .get(&format!(
                "/o/acme/assessments/{id}/results/capabilities/step-01"
            ))
            .await;
        assert_eq!(missing.status, 404);
        let found = viewer
            .get(&format!(
                "/o/acme/assessments/{id}/results/questions/step-01.resources"
            ))
            .await;
        assert_eq!(found.status, 303);
        assert_eq!(
            found.location.as_deref(),
            Some(
                format!("/o/acme/assessments/{id}/results/sections/step-01#q-step-01.resources")
                    .as_str()
            )
        );
    }
}

const CUMULATIVE_MODEL: &str = "\
kind: maturity-model
id: ladder
version: 1.0.0
title: Ladder
levels:
  - { id: 1, name: Foundational }
  - { id: 2, name: Advanced }
  - { id: 3, name: Leading }
level_rule: cumulative
capabilities:
  - { id: intel, name: Intelligence }
";

const CUMULATIVE_QUESTIONNAIRE: &str = "\
kind: questionnaire
id: practices
version: 1.0.0
title: Practices
model: ladder
scales:
  implementation:
    - { value: 0, label: Not implemented }
    - { value: 1, label: Partially implemented }
    - { value: 2, label: Largely implemented }
    - { value: 3, label: Fully implemented }
sections:
  - id: s1
    title: Section one
    questions:
      - { id: s1.basic, text: Basic practice, scale: implementation, level: 1, capabilities: [intel] }
      - { id: s1.basic-too, text: Second basic practice, scale: implementation, level: 1 }
      - { id: s1.advanced, text: Advanced practice, scale: implementation, level: 2 }
      - { id: s1.leading, text: Leading practice, scale: implementation, level: 3 }
";

#[tokio::test]
async fn cumulative_drill_down_names_the_questions_that_block_a_level() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager = member_id(&db.db, "manager@acme.example").await;
        let new = store::assessments::NewAssessment {
            organisation_id: org,
            period: "2026-Q3",
            questionnaire_id: "practices",
            questionnaire_version: "1.0.0",
            questionnaire_yaml: CUMULATIVE_QUESTIONNAIRE,
            model_yaml: CUMULATIVE_MODEL,
            started_from_id: None,
            created_by: manager,
            not_relevant: &[],
        };
        let id = store::assessments::create(&db.db, &new, &[], &[])
            .await
            .unwrap();
        // Level 1 passes (2 and 3 of 3 ≥ 0.6); level 2 fails on s1.advanced (1/3); level 3 is
        // unanswered. The level is 1.
        let answers = [
            given("s1.basic", Some(2)),
            given("s1.basic-too", Some(3)),
            given("s1.advanced", Some(1)),
        ];
        save_all(&db.db, org, id, manager, &answers).await;
        let client = logged_in(&db, "viewer@acme.example").await;
        let page = client
            .get(&format!("/o/acme/assessments/{id}/results/sections/s1"))
            .await;
        assert_eq!(page.status, 200, "{}", db.engine);
        assert!(page.body.contains("1 · Foundational"));
        assert!(page.body.contains("Cumulative rule"));
        assert!(page.body.contains("blocks"));
        assert!(page.body.contains(&format!(
            "href=\"/o/acme/assessments/{id}/results/questions/s1.advanced\""
        )));
        assert!(page.body.contains(&format!(
            "href=\"/o/acme/assessments/{id}/results/questions/s1.leading\""
        )));
        assert!(!page.body.contains("results/questions/s1.basic\""));
        let results = client
            .get(&format!("/o/acme/assessments/{id}/results"))
            .await;
        assert!(results.body.contains("Overall level (cumulative rule)"));
    }
}

#[tokio::test]
async fn managers_set_targets_on_drafts_and_see_the_gaps() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager_id = member_id(&db.db, "manager@acme.example").await;
        let id = assessment(&db.db, org, "2026-Q3", manager_id).await;
        save_all(&db.db, org, id, manager_id, &some_answers()).await;
        let manager = logged_in(&db, "manager@acme.example").await;
        let results = format!("/o/acme/assessments/{id}/results");
        let targets = format!("/o/acme/assessments/{id}/targets");

        let page = manager.get(&results).await;
        assert!(
            page.body.contains("name=\"target.step-01\""),
            "{}",
            db.engine
        );

        let saved = manager
            .post(
                &targets,
                &[("target.step-01", "5"), ("target.governance", "4")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}: {}", db.engine, saved.body);
        let stored = store::targets::list(&db.db, org, id).await.unwrap();
        let pairs: Vec<(&str, i64)> = stored
            .iter()
            .map(|t| (t.scope_id.as_str(), t.level))
            .collect();
        assert_eq!(pairs, [("governance", 4), ("step-01", 5)]);
        let page = manager.get(&results).await;
        // step-01 is at 75% (level 4): target 5, gap +1, with a button to raise an action.
        assert!(page.body.contains("5 · Optimising"));
        assert!(page.body.contains("+1"));
        assert!(page.body.contains(&format!(
            "/o/acme/actions/new?assessment={id}&amp;kind=section&amp;scope=step-01"
        )));

        for (value, message) in [("9", "is not a level"), ("high", "must be a level")] {
            let refused = manager.post(&targets, &[("target.step-01", value)]).await;
            assert_eq!(refused.status, 422, "{}: {value}", db.engine);
            assert!(refused.body.contains(message), "{}", refused.body);
        }
        let refused = manager.post(&targets, &[("target.nope", "2")]).await;
        assert_eq!(refused.status, 422);
        let unchanged = store::targets::list(&db.db, org, id).await.unwrap();
        assert_eq!(unchanged.len(), 2, "refused forms change nothing");

        let cleared = manager
            .post(
                &targets,
                &[("target.step-01", ""), ("target.governance", "4")],
            )
            .await;
        assert_eq!(cleared.status, 303);
        let stored = store::targets::list(&db.db, org, id).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].scope_id, "governance");

        assert!(
            store::assessments::finalise(&db.db, org, id, manager_id)
                .await
                .unwrap()
        );
        let frozen = manager.post(&targets, &[("target.step-02", "3")]).await;
        assert_eq!(frozen.status, 409);
        assert!(frozen.body.contains("final"));
        assert_eq!(
            store::targets::list(&db.db, org, id).await.unwrap().len(),
            1
        );
    }
}

#[tokio::test]
async fn viewers_and_assessors_cannot_change_targets_or_actions() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager_id = member_id(&db.db, "manager@acme.example").await;
        let id = assessment(&db.db, org, "2026-Q3", manager_id).await;
        let action = raise(&db.db, org, id, manager_id, "Write the PIRs", 3, 1, None).await;
        let assessment_id = id.to_string();
        for email in ["viewer@acme.example", "assessor@acme.example"] {
            let client = logged_in(&db, email).await;
            let refused = client
                .post(
                    &format!("/o/acme/assessments/{id}/targets"),
                    &[("target.step-01", "3")],
                )
                .await;
            assert_eq!(refused.status, 403, "{}: {email}", db.engine);
            assert!(refused.body.contains("does not allow"));
            let fields = [
                ("assessment", assessment_id.as_str()),
                ("kind", "section"),
                ("scope", "step-01"),
                ("title", "Sneaky"),
                ("impact", "2"),
                ("effort", "2"),
                ("status", "open"),
            ];
            assert_eq!(client.post("/o/acme/actions", &fields).await.status, 403);
            assert_eq!(
                client
                    .post(&format!("/o/acme/actions/{action}"), &fields)
                    .await
                    .status,
                403
            );
            assert_eq!(
                client
                    .post(
                        &format!("/o/acme/actions/{action}/status"),
                        &[("status", "done")]
                    )
                    .await
                    .status,
                403
            );
            let new = client
                .get(&format!(
                    "/o/acme/actions/new?assessment={id}&kind=section&scope=step-01"
                ))
                .await;
            assert_eq!(new.status, 403);
            let read = client.get(&format!("/o/acme/actions/{action}")).await;
            assert_eq!(read.status, 200, "{email} reads the action");
            assert!(read.body.contains("Write the PIRs"));
            assert!(
                !read.body.contains("name=\"title\""),
                "read-only for {email}"
            );
            let list = client.get("/o/acme/actions").await;
            assert_eq!(list.status, 200);
            assert!(
                !list.body.contains("/status\""),
                "no status forms for {email}"
            );
        }
        assert!(
            store::targets::list(&db.db, org, id)
                .await
                .unwrap()
                .is_empty()
        );
        let stored = store::actions::get(&db.db, org, action)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, "open");
        assert_eq!(store::actions::list(&db.db, org).await.unwrap().len(), 1);
    }
}

#[expect(clippy::too_many_arguments)]
async fn raise(
    db: &Db,
    org: i64,
    assessment: i64,
    user: i64,
    title: &str,
    impact: i64,
    effort: i64,
    due_date: Option<&str>,
) -> i64 {
    let fields = store::actions::ActionFields {
        title,
        owner: "",
        due_date,
        impact,
        effort,
        status: store::actions::ActionStatus::Open,
    };
    store::actions::create(
        db,
        org,
        assessment,
        store::actions::ScopeKind::Section,
        "step-01",
        &fields,
        user,
    )
    .await
    .unwrap()
    .expect("the assessment is the organisation's")
}

#[tokio::test]
async fn other_organisations_see_nothing() {
    for db in engines().await {
        let acme = organisation(&db.db, "acme").await;
        let globex = organisation(&db.db, "globex").await;
        let manager_id = member_id(&db.db, "manager@acme.example").await;
        let id = assessment(&db.db, acme, "2026-Q3", manager_id).await;
        let action = raise(&db.db, acme, id, manager_id, "Acme secret", 2, 2, None).await;
        let outsider = logged_in(&db, "manager@globex.example").await;
        for path in [
            format!("/o/globex/assessments/{id}/results"),
            format!("/o/acme/assessments/{id}/results"),
            format!("/o/globex/assessments/{id}/results/sections/step-01"),
            format!("/o/globex/assessments/{id}/results/capabilities/governance"),
            format!("/o/globex/actions/{action}"),
            format!("/o/acme/actions/{action}"),
            format!("/o/globex/actions/new?assessment={id}&kind=section&scope=step-01"),
            "/o/acme/actions".to_owned(),
        ] {
            let reply = outsider.get(&path).await;
            assert_eq!(reply.status, 404, "{}: {path}", db.engine);
            assert!(!reply.body.contains("Acme secret"));
        }
        let assessment_id = id.to_string();
        let fields = [
            ("assessment", assessment_id.as_str()),
            ("kind", "section"),
            ("scope", "step-01"),
            ("title", "Taken over"),
            ("impact", "2"),
            ("effort", "2"),
            ("status", "done"),
        ];
        for path in [
            format!("/o/globex/actions/{action}"),
            format!("/o/globex/actions/{action}/status"),
            "/o/globex/actions".to_owned(),
            format!("/o/globex/assessments/{id}/targets"),
        ] {
            let reply = outsider.post(&path, &fields).await;
            assert_eq!(reply.status, 404, "{}: POST {path}", db.engine);
        }
        assert!(
            store::actions::list(&db.db, globex)
                .await
                .unwrap()
                .is_empty()
        );
        let stored = store::actions::get(&db.db, acme, action)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.title.as_str(), stored.status.as_str()),
            ("Acme secret", "open")
        );
        assert!(
            store::actions::get(&db.db, globex, action)
                .await
                .unwrap()
                .is_none()
        );
        let list = outsider.get("/o/globex/actions").await;
        assert_eq!(list.status, 200);
        assert!(!list.body.contains("Acme secret"));
    }
}

/// The position of `needle` in `haystack`, or a failure naming it.
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found"))
}

#[tokio::test]
async fn the_action_plan_sorts_by_priority_and_flags_overdue_actions() {
    for db in engines().await {
        let org = organisation(&db.db, "acme").await;
        let manager_id = member_id(&db.db, "manager@acme.example").await;
        let id = assessment(&db.db, org, "2026-Q3", manager_id).await;
        save_all(&db.db, org, id, manager_id, &some_answers()).await;
        let manager = logged_in(&db, "manager@acme.example").await;

        let form = manager
            .get(&format!(
                "/o/acme/actions/new?assessment={id}&kind=question&scope=step-01.responsibilities"
            ))
            .await;
        assert_eq!(form.status, 200, "{}", db.engine);
        assert!(
            form.body.contains("Improve: Are the responsibilities"),
            "title prefilled"
        );
        assert!(
            form.body
                .contains("name=\"scope\" value=\"step-01.responsibilities\"")
        );

        let yesterday = (Utc::now().date_naive() - Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let next_month = (Utc::now().date_naive() + Duration::days(30))
            .format("%Y-%m-%d")
            .to_string();
        let assessment_id = id.to_string();
        // (title, impact, effort, due): priorities 2, 6, 4 and 6 (later due date).
        let plans = [
            ("Low priority action", "1", "3", next_month.as_str()),
            ("Top priority action", "3", "1", yesterday.as_str()),
            ("Middle priority action", "2", "2", ""),
            ("Second top action", "3", "1", next_month.as_str()),
        ];
        for (title, impact, effort, due) in plans {
            let created = manager
                .post(
                    "/o/acme/actions",
                    &[
                        ("assessment", assessment_id.as_str()),
                        ("kind", "section"),
                        ("scope", "step-01"),
                        ("title", title),
                        ("owner", "Dana"),
                        ("due_date", due),
                        ("impact", impact),
                        ("effort", effort),
                        ("status", "open"),
                    ],
                )
                .await;
            assert_eq!(created.status, 303, "{}: {}", db.engine, created.body);
        }
        let refused = manager
            .post(
                "/o/acme/actions",
                &[
                    ("assessment", assessment_id.as_str()),
                    ("kind", "section"),
                    ("scope", "step-01"),
                    ("title", "Bad date"),
                    ("due_date", "31/12/2026"),
                    ("impact", "2"),
                    ("effort", "2"),
                    ("status", "open"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("YYYY-MM-DD"));
        let unknown_scope = manager
            .post(
                "/o/acme/actions",
                &[
                    ("assessment", assessment_id.as_str()),
                    ("kind", "section"),
                    ("scope", "step-99"),
                    ("title", "Nowhere"),
                    ("impact", "2"),
                    ("effort", "2"),
                    ("status", "open"),
                ],
            )
            .await;
        assert_eq!(unknown_scope.status, 404);
        assert_eq!(store::actions::list(&db.db, org).await.unwrap().len(), 4);

        let list = manager.get("/o/acme/actions").await;
        assert_eq!(list.status, 200);
        let order: Vec<usize> = [
            "Top priority action",
            "Second top action",
            "Middle priority action",
            "Low priority action",
        ]
        .iter()
        .map(|title| position(&list.body, title))
        .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "{}: order {order:?}",
            db.engine
        );
        // Only the top action is overdue: its row is marked and it carries the badge.
        assert_eq!(list.body.matches("<tr class=\"overdue\">").count(), 1);
        let row = position(&list.body, "<tr class=\"overdue\">");
        assert!(row < order[0] && order[0] < position(&list.body, "badge overdue"));
        assert!(
            list.body
                .contains("Section: A place on the organisation chart")
        );

        // Marking it done clears the flag; the counts follow.
        let top = store::actions::list(&db.db, org)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.title == "Top priority action")
            .unwrap();
        let done = manager
            .post(
                &format!("/o/acme/actions/{}/status", top.id),
                &[("status", "done")],
            )
            .await;
        assert_eq!(done.status, 303);
        let list = manager.get("/o/acme/actions").await;
        assert!(!list.body.contains("<tr class=\"overdue\">"));
        assert!(
            list.body
                .contains("<div class=\"value\">3</div><div class=\"label\">Open")
        );
        assert!(
            list.body
                .contains("<div class=\"value\">0</div><div class=\"label\">Overdue")
        );
        assert!(
            list.body
                .contains("<div class=\"value\">1</div><div class=\"label\">Done")
        );

        // Editing the whole action.
        let edited = manager
            .post(
                &format!("/o/acme/actions/{}", top.id),
                &[
                    ("title", "Top priority, renamed"),
                    ("owner", "Sam"),
                    ("due_date", ""),
                    ("impact", "1"),
                    ("effort", "1"),
                    ("status", "in_progress"),
                ],
            )
            .await;
        assert_eq!(edited.status, 303);
        let stored = store::actions::get(&db.db, org, top.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.title, "Top priority, renamed");
        assert_eq!(stored.owner, "Sam");
        assert_eq!(stored.due_date, None);
        assert_eq!(
            (stored.impact, stored.effort, stored.status.as_str()),
            (1, 1, "in_progress")
        );
        let page = manager.get(&format!("/o/acme/actions/{}", top.id)).await;
        assert!(page.body.contains("value=\"Top priority, renamed\""));
        let bad = manager
            .post(
                &format!("/o/acme/actions/{}", top.id),
                &[
                    ("title", " "),
                    ("impact", "2"),
                    ("effort", "2"),
                    ("status", "open"),
                ],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("Enter a title"));
    }
}
