//! The executive dashboard through the whole app, on every available engine: on the demo
//! organisation's eight quarters its figures agree with the scoring engine, its charts carry
//! the sections and the quarters, viewers land on it, and an organisation without a final quarter
//! gets a sentence instead of empty charts.

mod support;

use axum::http::StatusCode;
use cti_maturity::cli::demo;
use cti_maturity::content::{SourceFile, Targets, load_model, load_questionnaire};
use cti_maturity::scoring::{format_percent, score};
use cti_maturity::store::{self, Db};
use cti_maturity::web::snapshot::to_answers;
use support::{PASSWORD, app, engines, login, organisation};

/// The overall percent of a final quarter of the demo, scored here from the stored answers.
async fn overall_percent(db: &Db, organisation_id: i64, period: &str) -> Option<f64> {
    let summary = store::assessments::list(db, organisation_id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.period == period && a.status == "final")
        .unwrap();
    let assessment = store::assessments::get(db, organisation_id, summary.id)
        .await
        .unwrap()
        .unwrap();
    let model = load_model(&SourceFile {
        name: "m".into(),
        text: assessment.model_yaml.clone(),
    })
    .unwrap();
    let questionnaire = load_questionnaire(
        &SourceFile {
            name: "q".into(),
            text: assessment.questionnaire_yaml.clone(),
        },
        &model,
    )
    .unwrap();
    let stored = store::answers::list(db, organisation_id, summary.id)
        .await
        .unwrap();
    let answers = to_answers(&questionnaire, &stored);
    score(&questionnaire, &model, &answers, &Targets::default())
        .overall
        .percent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_agrees_with_the_scoring_engine() {
    for db in engines().await {
        demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
        let org = store::organisations::find_by_slug(&db.db, demo::SLUG)
            .await
            .unwrap()
            .unwrap();
        let app = app(&db);
        let viewer = login(&app, &db.db, "viewer@demo.example").await;
        assert_eq!(
            viewer.get("/").await.location.as_deref(),
            Some("/o/demo/dashboard"),
            "viewers land on it"
        );
        let page = viewer.get("/o/demo/dashboard").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.body;

        let now = overall_percent(&db.db, org.id, "2026-Q3").await;
        let before = overall_percent(&db.db, org.id, "2026-Q2").await.unwrap();
        assert!(body.contains("Where we stand: 2026-Q3"));
        assert!(body.contains(&format_percent(now)), "overall {now:?}");
        let change = format!("{:+.1} pp", now.unwrap() - before);
        assert!(body.contains(&change), "change {change}");

        // The radar names the sections; the trend has every final quarter.
        assert_eq!(body.matches("<svg").count(), 2);
        assert!(
            body.contains("Maturity level by section")
                && body.contains("Overall maturity by quarter")
        );
        for period in ["2024-Q4", "2025-Q2", "2026-Q1", "2026-Q3"] {
            assert!(body.contains(period), "{period}");
        }
        assert!(
            body.contains("A technology stack"),
            "a section title on the radar"
        );
        // The demo's story: one feed flagged, six stakeholder groups, overdue actions.
        assert!(body.contains("Premium Threat Feed X"));
        assert!(body.contains("Vulnerability management"));
        assert!(body.contains(" overdue"));
        assert!(
            !body.contains("style=\""),
            "no inline style: the CSP forbids it"
        );

        // A second load draws nothing new: the charts come from the cache.
        let again = viewer.get("/o/demo/dashboard").await;
        assert_eq!(again.body, body);
    }
}

#[tokio::test]
async fn an_organisation_without_a_final_quarter_gets_a_sentence() {
    let db = support::sqlite().await;
    organisation(&db.db, "acme").await;
    let viewer = login(&app(&db), &db.db, "viewer@acme.example").await;
    let page = viewer.get("/o/acme/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No finalised quarter yet"));
    assert!(!page.body.contains("<svg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portfolio_shows_a_consultants_organisations_and_can_hide_their_names() {
    for db in engines().await {
        demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
        let acme = organisation(&db.db, "acme").await;
        organisation(&db.db, "globex").await;
        let demo_org = store::organisations::find_by_slug(&db.db, demo::SLUG)
            .await
            .unwrap()
            .unwrap();
        // The demo's manager also consults for acme (not for globex).
        let manager = store::users::find_by_email(&db.db, "manager@demo.example")
            .await
            .unwrap()
            .unwrap();
        store::organisations::set_membership(&db.db, acme, manager.id, store::Role::Viewer)
            .await
            .unwrap();
        let app = app(&db);
        let consultant = login(&app, &db.db, "manager@demo.example").await;

        let page = consultant.get("/portfolio").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Demo Corp") && page.body.contains("Org acme"));
        assert!(
            !page.body.contains("Org globex"),
            "only the user's organisations"
        );
        assert!(
            page.body.contains("Not assessed yet"),
            "acme has no final quarter"
        );
        let now = overall_percent(&db.db, demo_org.id, "2026-Q3").await;
        assert!(page.body.contains(&format_percent(now)));
        assert!(page.body.contains("class=\"sparkline\""));
        assert!(
            page.body.contains("2026-Q4 · "),
            "the demo's draft in progress"
        );

        let shared = consultant.get("/portfolio?anonymised=1").await;
        assert!(!shared.body.contains("Demo Corp") && !shared.body.contains("Org acme"));
        assert!(
            !shared.body.contains("/o/demo") && !shared.body.contains("/o/acme"),
            "no links"
        );
        assert!(shared.body.contains("Organisation A") && shared.body.contains("Organisation B"));
    }
}

#[tokio::test]
async fn the_manager_dashboard_follows_the_quarter_in_progress() {
    let db = support::sqlite().await;
    demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
    let org = store::organisations::find_by_slug(&db.db, demo::SLUG)
        .await
        .unwrap()
        .unwrap();
    let app = app(&db);
    let draft = store::assessments::list(&db.db, org.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.status == "draft")
        .unwrap();
    let answered = store::answers::list(&db.db, org.id, draft.id)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.value.is_some() || a.not_applicable)
        .count();
    let manager = login(&app, &db.db, "manager@demo.example").await;
    let page = manager.get("/o/demo/dashboard/manager").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("{answered} of 57 questions answered")),
        "{answered}"
    );
    assert!(page.body.contains("Completion of the current assessment"));
    assert!(
        page.body.contains("Premium Threat Feed X</a> renews"),
        "renewal within 90 days"
    );
    assert!(
        page.body.contains("2026-Q4</a> (open)"),
        "the round in progress"
    );
    let viewer = login(&app, &db.db, "viewer@demo.example").await;
    assert_eq!(
        viewer.get("/o/demo/dashboard/manager").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_quarterly_review_lists_the_answers_that_moved() {
    let db = support::sqlite().await;
    demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
    let org = store::organisations::find_by_slug(&db.db, demo::SLUG)
        .await
        .unwrap()
        .unwrap();
    let finals: Vec<_> = store::assessments::list(&db.db, org.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == "final")
        .collect();
    let (now, before) = (&finals[0], &finals[1]);
    assert_eq!(
        (now.period.as_str(), before.period.as_str()),
        ("2026-Q3", "2026-Q2")
    );
    let value = |answers: &[store::answers::StoredAnswer], id: &str| {
        answers
            .iter()
            .find(|a| a.question_id == id)
            .map(|a| (a.value, a.not_applicable))
    };
    let now_answers = store::answers::list(&db.db, org.id, now.id).await.unwrap();
    let before_answers = store::answers::list(&db.db, org.id, before.id)
        .await
        .unwrap();
    let moved = now_answers
        .iter()
        .filter(|a| value(&before_answers, &a.question_id) != Some((a.value, a.not_applicable)))
        .count();
    assert!(moved > 0);
    let viewer = login(&app(&db), &db.db, "viewer@demo.example").await;
    let page = viewer.get("/o/demo/review").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Quarterly review: 2026-Q3"));
    assert!(
        page.body
            .contains(&format!("{moved} answers changed since 2026-Q2")),
        "{moved}"
    );
    assert!(page.body.contains("What comes next") && page.body.contains("<svg"));
    // Every section's history: the level heatmap and the small multiples, by section title.
    let heatmap = chart(&page.body, "Section levels by quarter");
    let multiples = chart(&page.body, "Sections by quarter (percent)");
    for svg in [heatmap, multiples] {
        assert!(svg.contains("2024-Q4") && svg.contains("2026-Q3"), "{svg}");
        assert!(
            svg.contains("A technology stack"),
            "section titles, not ids: {svg}"
        );
    }
}

/// The `<svg>` element of the chart titled `title` in `body`.
fn chart<'a>(body: &'a str, title: &str) -> &'a str {
    let marker = format!("<title>{title}");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no chart titled {title}"));
    let start = body[..at].rfind("<svg").unwrap();
    let end = at + body[at..].find("</svg>").unwrap();
    &body[start..end]
}

/// The survey trend draws the mean rating and the NPS of each stakeholder group over the rounds.
#[tokio::test]
async fn the_survey_trend_draws_satisfaction_and_nps_per_group() {
    let db = support::sqlite().await;
    demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
    let viewer = login(&app(&db), &db.db, "viewer@demo.example").await;
    let page = viewer.get("/o/demo/surveys/trend").await;
    assert_eq!(page.status, StatusCode::OK);
    let satisfaction = chart(&page.body, "Stakeholder satisfaction (mean rating)");
    let nps = chart(&page.body, "Net Promoter Score");
    for svg in [satisfaction, nps] {
        assert!(svg.contains("SOC") && svg.contains("2026-Q3"), "{svg}");
        assert!(svg.contains("Executives"));
    }
    assert!(!page.body.contains("style=\""), "no inline style");
}

/// The number in `<strong>N</strong> {word}` of the dashboard's action plan line.
fn action_count(body: &str, word: &str) -> u32 {
    let end = body
        .find(&format!("</strong> {word}"))
        .unwrap_or_else(|| panic!("no count of {word}"));
    let start = body[..end].rfind('>').unwrap() + 1;
    body[start..end].parse().unwrap()
}

/// The executive dashboard is kept between loads and drawn anew after any change to what it
/// shows, wherever the change was made: through this app, through another instance (a second app
/// on the same database, with caches of its own) or by hand in the database. Each viewer still
/// gets their own page frame (email, CSRF token).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kept_dashboard_follows_every_change_on_any_instance() {
    for db in engines().await {
        demo::seed(&db.db, Some(PASSWORD.to_owned())).await.unwrap();
        let (org, role, revision) =
            store::organisations::membership_by_slug(&db.db, demo::SLUG, manager_id(&db.db).await)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(role, store::Role::Manager);
        let (one, two) = (app(&db), app(&db));
        let viewer = login(&one, &db.db, "viewer@demo.example").await;
        let first = viewer.get("/o/demo/dashboard").await.body;
        assert_eq!(viewer.get("/o/demo/dashboard").await.body, first, "kept");
        let (open, overdue) = (
            action_count(&first, "open"),
            action_count(&first, "overdue"),
        );

        // Another instance adds an overdue action.
        let manager = login(&two, &db.db, "manager@demo.example").await;
        let assessment = store::assessments::list(&db.db, org.id).await.unwrap()[0].id;
        let fields = store::actions::ActionFields {
            title: "Late action",
            owner: "",
            due_date: Some("2020-01-31"),
            impact: 2,
            effort: 2,
            status: store::actions::ActionStatus::Open,
        };
        let added = store::actions::create(
            &db.db,
            org.id,
            assessment,
            store::actions::ScopeKind::Section,
            "a",
            &fields,
            manager_id(&db.db).await,
        )
        .await
        .unwrap();
        assert!(added.is_some());
        let after = viewer.get("/o/demo/dashboard").await.body;
        assert_eq!(action_count(&after, "open"), open + 1, "{}", db.engine);
        assert_eq!(action_count(&after, "overdue"), overdue + 1);
        let (_, _, raised) =
            store::organisations::membership_by_slug(&db.db, demo::SLUG, manager_id(&db.db).await)
                .await
                .unwrap()
                .unwrap();
        assert!(raised > revision, "the database raised the revision");

        // By hand in the database: a feed renamed.
        let rename = "UPDATE feeds SET name = 'Renamed Feed' WHERE name = 'Premium Threat Feed X'";
        cti_maturity::on_db!(&db.db, pool => sqlx::query(rename).execute(pool).await.map(|done| done.rows_affected())).unwrap();
        let renamed = viewer.get("/o/demo/dashboard").await.body;
        assert!(renamed.contains("Renamed Feed") && !renamed.contains("Premium Threat Feed X"));

        // The other instance shows the same page, in the manager's own frame.
        let theirs = manager.get("/o/demo/dashboard").await.body;
        assert!(theirs.contains("manager@demo.example") && !theirs.contains("viewer@demo.example"));
        assert!(theirs.contains(&manager.csrf) && !theirs.contains(&viewer.csrf));
        assert!(renamed.contains(&viewer.csrf));
        assert_eq!(action_count(&theirs, "open"), open + 1);
    }
}

async fn manager_id(db: &Db) -> i64 {
    store::users::find_by_email(db, "manager@demo.example")
        .await
        .unwrap()
        .unwrap()
        .id
}
