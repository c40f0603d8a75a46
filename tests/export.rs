//! Exports and imports of assessments, on every available engine (SQLite always; PostgreSQL when
//! `TEST_POSTGRES_URL` is set).

mod support;

use cti_maturity::cli::demo;
use cti_maturity::config::Config;
use cti_maturity::content::SourceFile;
use cti_maturity::export::import::{ImportTarget, Imported, Refused, import};
use cti_maturity::export::{CsvTable, Format, Template, gather, render};
use cti_maturity::store::{self, Db, Role};
use cti_maturity::web::AppState;
use support::{TestDb, engines};

const DEMO_PASSWORD: &str = support::PASSWORD;

/// The demo organisation seeded into `db`, with the app state to gather from.
async fn seed_demo(db: &TestDb) -> (AppState, store::organisations::Organisation) {
    demo::seed(&db.db, Some(DEMO_PASSWORD.to_owned()))
        .await
        .unwrap();
    let org = store::organisations::find_by_slug(&db.db, "demo")
        .await
        .unwrap()
        .unwrap();
    let state = AppState::new(db.db.clone(), Config::for_tests(&db.url));
    (state, org)
}

async fn assessment_of(db: &Db, organisation_id: i64, period: &str) -> i64 {
    store::assessments::list(db, organisation_id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.period == period)
        .unwrap()
        .id
}

#[tokio::test]
async fn gathers_a_demo_quarter_with_everything_around_it() {
    for test_db in engines().await {
        let (state, org) = seed_demo(&test_db).await;
        let id = assessment_of(&test_db.db, org.id, "2026-Q3").await;
        let doc = gather(&state, &org, id).await.unwrap();
        let engine = test_db.engine;

        assert_eq!(doc.organisation.slug, "demo", "{engine}");
        assert_eq!(doc.assessment.period, "2026-Q3");
        assert!(doc.assessment.is_final());
        assert_eq!(doc.answers.len(), doc.questionnaire.question_count());
        let answered = doc.answers.iter().filter(|r| r.stored.is_some()).count();
        assert!(answered > 0, "{engine}: the demo quarter has answers");
        for row in doc.answers.iter().filter(|r| r.value().is_some()) {
            assert!(
                !row.label.is_empty(),
                "{}: a value has its scale label",
                row.question_id
            );
        }
        // The demo's manager entered every demo answer.
        assert_eq!(doc.assessors, vec![demo::email(Role::Manager)], "{engine}");

        let previous = doc.previous.as_ref().expect("2026-Q2 was finalised before");
        assert_eq!(previous.period, "2026-Q2");
        assert_eq!(
            previous.comparison.overall.percent_points,
            doc.scorecard
                .overall
                .percent
                .zip(previous.scorecard.overall.percent)
                .map(|(now, then)| now - then)
        );

        assert!(
            !doc.actions.is_empty(),
            "{engine}: actions were raised from this quarter"
        );
        assert!(
            doc.actions
                .iter()
                .all(|a| a.action.assessment_id == Some(id))
        );
        assert!(
            doc.actions
                .windows(2)
                .all(|w| w[0].priority >= w[1].priority),
            "{engine}: highest priority first"
        );
        let satisfaction = doc.satisfaction.as_ref().expect("closed survey rounds");
        assert!(satisfaction.round.period.as_str() <= "2026-Q3");
        assert!(!satisfaction.rows.is_empty());
        let feeds = doc.feeds.as_ref().expect("feed metrics of 2026-Q3");
        assert_eq!(feeds.period.to_string(), "2026-Q3");
        assert!(feeds.review.as_ref().is_ok_and(|r| !r.ranked.is_empty()));
        assert!(!doc.stored_targets.is_empty());
    }
}

#[tokio::test]
async fn another_organisations_assessment_is_not_found() {
    for test_db in engines().await {
        let (state, demo_org) = seed_demo(&test_db).await;
        let other_id = support::organisation(&test_db.db, "other").await;
        let other = store::organisations::find_by_slug(&test_db.db, "other")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(other.id, other_id);
        let demo_assessment = assessment_of(&test_db.db, demo_org.id, "2026-Q3").await;
        let refused = gather(&state, &other, demo_assessment).await;
        assert!(
            matches!(refused, Err(cti_maturity::web::error::AppError::NotFound)),
            "{}",
            test_db.engine
        );
    }
}

/// The export of `id` as JSON, with ids and timestamps of this instance taken out: what must
/// survive an export → import → export round trip.
async fn export_value(
    state: &AppState,
    org: &store::organisations::Organisation,
    id: i64,
) -> serde_json::Value {
    let doc = gather(state, org, id).await.unwrap();
    let mut value: serde_json::Value =
        serde_json::from_slice(&render(&doc, Format::Json, &Template::builtin()).unwrap()).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("exported_at");
    object.remove("organisation");
    value
}

#[tokio::test]
async fn export_import_export_gives_the_same_document() {
    for test_db in engines().await {
        let engine = test_db.engine;
        let (state, demo_org) = seed_demo(&test_db).await;
        let id = assessment_of(&test_db.db, demo_org.id, "2026-Q3").await;
        // A section marked not relevant travels too (marked on a reopened quarter, then final again).
        let manager_id = store::users::find_by_email(&test_db.db, &demo::email(Role::Manager))
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(store::assessments::reopen(&test_db.db, demo_org.id, id).await.unwrap());
        assert!(
            store::not_relevant::set(&test_db.db, demo_org.id, id, "step-07", true, manager_id)
                .await
                .unwrap()
        );
        assert!(
            store::assessments::finalise(&test_db.db, demo_org.id, id, manager_id)
                .await
                .unwrap()
        );
        let doc = gather(&state, &demo_org, id).await.unwrap();
        let json = render(&doc, Format::Json, &Template::builtin()).unwrap();
        let exported: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(exported["not_relevant"], serde_json::json!(["step-07"]), "{engine}");

        // Into another organisation whose members include the demo's manager (who answered).
        let other_id = support::organisation(&test_db.db, "client").await;
        let manager = store::users::find_by_email(&test_db.db, &demo::email(Role::Manager))
            .await
            .unwrap()
            .unwrap();
        store::organisations::set_membership(&test_db.db, other_id, manager.id, Role::Assessor)
            .await
            .unwrap();
        let imported = import_bytes(&test_db.db, other_id, &json).await.unwrap();
        assert_eq!(imported.reattributed, 0, "{engine}");
        let other = store::organisations::find_by_slug(&test_db.db, "client")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            export_value(&state, &other, imported.assessment_id).await,
            export_value(&state, &demo_org, id).await,
            "{engine}: the round trip changed the document"
        );

        // Into another instance (a fresh database) where nobody answered: the same again, but the
        // answers are the importer's.
        let fresh = support::sqlite().await;
        let fresh_org = support::organisation(&fresh.db, "fresh").await;
        let imported = import_bytes(&fresh.db, fresh_org, &json).await.unwrap();
        assert_eq!(imported.reattributed, imported.answers, "{engine}");
        let fresh_state = AppState::new(fresh.db.clone(), Config::for_tests(&fresh.url));
        let fresh_org = store::organisations::find_by_slug(&fresh.db, "fresh")
            .await
            .unwrap()
            .unwrap();
        let mut there = export_value(&fresh_state, &fresh_org, imported.assessment_id).await;
        let mut here = export_value(&state, &demo_org, id).await;
        for value in [&mut there, &mut here] {
            for answer in value["answers"].as_array_mut().unwrap() {
                answer.as_object_mut().unwrap().remove("answered_by");
            }
        }
        assert_eq!(there, here, "{engine}: across instances");
    }
}

async fn import_bytes(db: &Db, organisation_id: i64, bytes: &[u8]) -> Result<Imported, Refused> {
    let target = ImportTarget {
        organisation_id,
        user_id: None,
        content_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        period: None,
    };
    let source = SourceFile::from_bytes("upload", bytes.to_vec()).unwrap();
    import(db, &target, source).await.unwrap()
}

async fn row_counts(db: &Db) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["assessments", "answers", "targets", "actions"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        counts.push(cti_maturity::on_db!(db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await).unwrap());
    }
    counts
}

#[tokio::test]
async fn tampered_and_foreign_documents_are_refused_and_change_nothing() {
    for test_db in engines().await {
        let engine = test_db.engine;
        let (state, demo_org) = seed_demo(&test_db).await;
        let id = assessment_of(&test_db.db, demo_org.id, "2026-Q3").await;
        let doc = gather(&state, &demo_org, id).await.unwrap();
        let good: serde_json::Value =
            serde_json::from_slice(&render(&doc, Format::Json, &Template::builtin()).unwrap()).unwrap();
        let target = support::organisation(&test_db.db, "target").await;
        let before = row_counts(&test_db.db).await;

        let tamper = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            change(&mut value);
            serde_json::to_vec(&value).unwrap()
        };
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "snapshot edited",
                tamper(&|v| {
                    let yaml = format!(
                        "{}\n# edited after export\n",
                        v["questionnaire"]["yaml"].as_str().unwrap()
                    );
                    v["questionnaire"]["yaml"] = yaml.into();
                }),
                "does not match its SHA-256",
            ),
            (
                "unknown format",
                tamper(&|v| v["format"] = "someone-else/assessment".into()),
                "unknown format",
            ),
            (
                "newer version",
                tamper(&|v| v["version"] = 2.into()),
                "version 2",
            ),
            (
                "unknown question",
                tamper(&|v| v["answers"][0]["question"] = "step-99.nothing".into()),
                "no such question",
            ),
            (
                "value off the scale",
                tamper(&|v| v["answers"][0]["value"] = 7.into()),
                "step-01",
            ),
            (
                "bad action status",
                tamper(&|v| v["actions"][0]["status"] = "maybe".into()),
                "status",
            ),
            (
                "bad target",
                tamper(&|v| v["targets"][0]["level"] = 42.into()),
                "not a level",
            ),
            (
                "unknown field",
                tamper(&|v| v["answers"][0]["extra"] = true.into()),
                "unknown field",
            ),
            ("not JSON at all", b"{ not json".to_vec(), "not valid JSON"),
            (
                "a questionnaire, not answers",
                include_bytes!("../questionnaires/ten-steps.yaml").to_vec(),
                "not an assessment export",
            ),
        ];
        for (what, bytes, expected) in cases {
            let refused = import_bytes(&test_db.db, target, &bytes)
                .await
                .expect_err(what);
            let message = refused.to_string();
            assert!(message.contains(expected), "{engine}: {what}: {message}");
            assert_eq!(
                row_counts(&test_db.db).await,
                before,
                "{engine}: {what} changed the database"
            );
        }

        // A good document whose period the organisation has already: refused as a whole.
        let json = serde_json::to_vec(&good).unwrap();
        import_bytes(&test_db.db, target, &json).await.unwrap();
        let after_first = row_counts(&test_db.db).await;
        let again = import_bytes(&test_db.db, target, &json)
            .await
            .expect_err("a second copy");
        assert!(again.to_string().contains("already"), "{engine}: {again}");
        assert_eq!(row_counts(&test_db.db).await, after_first, "{engine}");
    }
}

#[tokio::test]
async fn an_answers_file_imports_as_a_draft() {
    for test_db in engines().await {
        let org = support::organisation(&test_db.db, "acme").await;
        let answers = b"kind: answers\nquestionnaire: ten-steps\nperiod: 2027-Q1\nanswers:\n  step-01.mandate: 2\n  step-01.reporting-line: na\ntargets:\n  step-01: 3\n";
        let imported = import_bytes(&test_db.db, org, answers).await.unwrap();
        assert_eq!((imported.period.as_str(), imported.answers), ("2027-Q1", 2));
        let stored = store::assessments::get(&test_db.db, org, imported.assessment_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, "draft", "{}", test_db.engine);
        let rows = store::answers::list(&test_db.db, org, imported.assessment_id)
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        let targets = store::targets::list(&test_db.db, org, imported.assessment_id)
            .await
            .unwrap();
        assert_eq!(targets.len(), 1);

        let before = row_counts(&test_db.db).await;
        let bad = b"kind: answers\nquestionnaire: ten-steps\nperiod: 2027-Q2\nanswers:\n  step-01.mandate: 9\n";
        let refused = import_bytes(&test_db.db, org, bad)
            .await
            .expect_err("off the scale");
        assert!(refused.to_string().contains("step-01.mandate"), "{refused}");
        assert_eq!(row_counts(&test_db.db).await, before);
    }
}

/// A demo quarter whose first answer note and first action title are formulas.
async fn with_formulas(test_db: &TestDb) -> (AppState, store::organisations::Organisation, i64) {
    let (state, org) = seed_demo(test_db).await;
    let id = assessment_of(&test_db.db, org.id, "2026-Q4").await;
    let question = "step-01.mandate";
    let current = store::answers::get(&test_db.db, org.id, id, question)
        .await
        .unwrap()
        .unwrap();
    let input = store::answers::AnswerInput {
        value: current.value,
        not_applicable: current.not_applicable,
        note: "=HYPERLINK(\"http://evil.example\",\"click\")".to_owned(),
        evidence: "@SUM(1+1)".to_owned(),
        needs_review: false,
    };
    let saved = store::answers::save(
        &test_db.db,
        org.id,
        id,
        question,
        current.revision,
        &input,
        1,
    )
    .await
    .unwrap();
    assert!(matches!(saved, store::answers::SaveOutcome::Saved { .. }));
    let fields = store::actions::ActionFields {
        title: "+cmd|' /C calc'!A0",
        owner: "-2+3",
        due_date: None,
        impact: 3,
        effort: 1,
        status: store::actions::ActionStatus::Open,
    };
    store::actions::create(
        &test_db.db,
        org.id,
        id,
        store::actions::ScopeKind::Section,
        "step-01",
        &fields,
        1,
    )
    .await
    .unwrap()
    .unwrap();
    (state, org, id)
}

#[tokio::test]
async fn no_exported_text_runs_as_a_formula_in_csv() {
    let test_db = support::sqlite().await;
    let (state, org, id) = with_formulas(&test_db).await;
    let doc = gather(&state, &org, id).await.unwrap();
    let answers = String::from_utf8(render(&doc, Format::Csv(CsvTable::Answers), &Template::builtin()).unwrap()).unwrap();
    let actions = String::from_utf8(render(&doc, Format::Csv(CsvTable::Actions), &Template::builtin()).unwrap()).unwrap();
    let cells: Vec<String> = [answers, actions]
        .iter()
        .flat_map(|text| {
            csv::Reader::from_reader(text.as_bytes())
                .records()
                .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .collect();
    for typed in [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "@SUM(1+1)",
        "+cmd|' /C calc'!A0",
        "-2+3",
    ] {
        assert!(
            cells.contains(&format!("'{typed}")),
            "{typed} is written neutralised"
        );
    }
    // A negative number such as -1 is data; any other text starting a formula is not.
    let formula = |c: &String| {
        c.starts_with(['=', '+', '@']) || (c.starts_with('-') && c.parse::<f64>().is_err())
    };
    assert!(!cells.iter().any(formula), "no cell starts a formula");
}

/// Every `<c>` element of the workbook's sheets, with the shared strings resolved.
fn xlsx_cells(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let shared_xml = read("xl/sharedStrings.xml");
    let shared: Vec<String> = shared_xml
        .split("<si>")
        .skip(1)
        .map(|si| {
            let start = si
                .find("<t")
                .and_then(|i| si[i..].find('>').map(|j| i + j + 1))
                .unwrap();
            let end = si.find("</t>").unwrap();
            si[start..end]
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&apos;", "'")
        })
        .collect();
    let mut cells = Vec::new();
    for sheet in 1..=5 {
        let xml = read(&format!("xl/worksheets/sheet{sheet}.xml"));
        for cell in xml.split("<c ").skip(1) {
            let cell = &cell[..cell.find("</c>").unwrap_or(cell.len())];
            let value = if cell.contains("t=\"s\"") {
                let v = &cell[cell.find("<v>").unwrap() + 3..cell.find("</v>").unwrap()];
                format!("string:{}", shared[v.parse::<usize>().unwrap()])
            } else if cell.contains("<f>") {
                format!("formula:{cell}")
            } else {
                format!("other:{cell}")
            };
            cells.push((sheet.to_string(), value));
        }
    }
    cells
}

#[tokio::test]
async fn no_exported_text_runs_as_a_formula_in_xlsx() {
    let test_db = support::sqlite().await;
    let (state, org, id) = with_formulas(&test_db).await;
    let doc = gather(&state, &org, id).await.unwrap();
    let cells = xlsx_cells(&render(&doc, Format::Xlsx, &Template::builtin()).unwrap());
    assert!(
        cells.iter().all(|(_, v)| !v.starts_with("formula:")),
        "the workbook has no formula"
    );
    for typed in [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "@SUM(1+1)",
        "+cmd|' /C calc'!A0",
        "-2+3",
    ] {
        let wanted = format!("string:'{typed}");
        assert!(
            cells.iter().any(|(_, v)| *v == wanted),
            "{typed} is a neutralised string cell"
        );
    }
}

#[tokio::test]
async fn the_workbook_has_every_sheet_and_the_radar() {
    let test_db = support::sqlite().await;
    let (state, org) = seed_demo(&test_db).await;
    let id = assessment_of(&test_db.db, org.id, "2026-Q3").await;
    let doc = gather(&state, &org, id).await.unwrap();
    let bytes = render(&doc, Format::Xlsx, &Template::builtin()).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/workbook.xml").unwrap(),
        &mut workbook,
    )
    .unwrap();
    for sheet in [
        "Summary",
        "Answers",
        "Gaps and actions",
        "Satisfaction",
        "Feeds",
    ] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(chart.contains("<c:radarChart>"));
    assert_eq!(
        chart.matches("<c:ser>").count(),
        3,
        "current, previous quarter and target"
    );
}

#[tokio::test]
async fn the_standalone_html_has_its_style_and_charts_and_no_script() {
    let test_db = support::sqlite().await;
    let (state, org, id) = with_formulas(&test_db).await;
    let doc = gather(&state, &org, id).await.unwrap();
    let html = String::from_utf8(render(&doc, Format::Html, &Template::builtin()).unwrap()).unwrap();
    assert!(html.contains("<style>"));
    assert!(html.contains("<svg"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"), "nothing is fetched");
    assert!(
        html.contains("=HYPERLINK(&quot;http://evil.example&quot;"),
        "user text is escaped"
    );
}

#[tokio::test]
async fn downloads_have_their_type_and_file_name_and_stay_in_their_organisation() {
    for test_db in engines().await {
        let (_, org) = seed_demo(&test_db).await;
        let id = assessment_of(&test_db.db, org.id, "2026-Q3").await;
        let app = support::app(&test_db);
        let viewer = support::login(&app, &test_db.db, &demo::email(Role::Viewer)).await;
        for format in Format::ALL {
            let path = format!("/o/demo/assessments/{id}/export/{}", format.name());
            let response = get_response(&viewer, &path).await;
            assert_eq!(response.status(), 200, "{path}");
            let headers = response.headers();
            assert_eq!(headers["content-type"], format.content_type(), "{path}");
            let disposition = headers["content-disposition"].to_str().unwrap();
            assert!(
                disposition.starts_with("attachment; filename=\"demo-2026-Q3-ten-steps"),
                "{disposition}"
            );
        }
        support::organisation(&test_db.db, "rival").await;
        let rival = support::login(&app, &test_db.db, "viewer@rival.example").await;
        let reply = rival
            .get(&format!("/o/rival/assessments/{id}/export/json"))
            .await;
        assert_eq!(reply.status, 404, "{}", test_db.engine);
        let reply = viewer
            .get(&format!("/o/demo/assessments/{id}/export/pdf"))
            .await;
        assert_eq!(reply.status, 404, "an unknown format");
    }
}

async fn get_response(client: &support::Client, path: &str) -> axum::response::Response {
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .header(axum::http::header::COOKIE, &client.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    client.app.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn the_import_page_stores_a_good_file_and_refuses_an_oversize_one() {
    let test_db = support::sqlite().await;
    let org = support::organisation(&test_db.db, "acme").await;
    let app = support::app(&test_db);
    let manager = support::login(&app, &test_db.db, "manager@acme.example").await;
    let before = row_counts(&test_db.db).await;

    let oversize = vec![b'#'; 2 * 1024 * 1024 + 10];
    let reply = manager
        .post_multipart("/o/acme/import", &[("file", Some("big.yaml"), &oversize)])
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("2 MiB"), "{}", reply.body);
    assert_eq!(row_counts(&test_db.db).await, before);

    let tampered = br#"{"format": "cti-maturity/assessment", "version": 2}"#;
    let reply = manager
        .post_multipart("/o/acme/import", &[("file", Some("x.json"), tampered)])
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("version 2"), "{}", reply.body);
    assert_eq!(row_counts(&test_db.db).await, before);

    let answers = b"kind: answers\nquestionnaire: ten-steps\nanswers:\n  step-01.mandate: 3\n";
    let reply = manager
        .post_multipart(
            "/o/acme/import",
            &[
                ("file", Some("answers.txt"), answers),
                ("period", None, b"2027-Q3"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let stored = store::assessments::list(&test_db.db, org).await.unwrap();
    assert_eq!(
        (
            stored.len(),
            stored[0].period.as_str(),
            stored[0].status.as_str()
        ),
        (1, "2027-Q3", "draft")
    );
    let answers = store::answers::list(&test_db.db, org, stored[0].id)
        .await
        .unwrap();
    assert_eq!(
        answers[0].answered_by_email.as_deref(),
        Some("manager@acme.example")
    );
}
