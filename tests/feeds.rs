//! Feed value through the whole app, in process, on every available engine (SQLite always;
//! PostgreSQL when `TEST_POSTGRES_URL` is set): the register, metrics by hand and from CSV, the
//! renewal review, indicator lists read in the background, their overlap, what is kept of them,
//! and what bad input changes (nothing).

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use cti_maturity::metrics::overlap::OverlapReport;
use cti_maturity::store::{self, Db};
use support::{Client, TestDb, app, engines, login, organisation};

const VENDOR_A: &[u8] = include_bytes!("fixtures/feeds/vendor-a.txt");
const VENDOR_A_PREVIOUS: &[u8] = include_bytes!("fixtures/feeds/vendor-a-previous.txt");
const VENDOR_B: &[u8] = include_bytes!("fixtures/feeds/vendor-b.csv");
const VENDOR_C: &[u8] = include_bytes!("fixtures/stix/vendor-c-bundle.json");
const TRUNCATED_STIX: &[u8] = include_bytes!("fixtures/stix/truncated.json");

struct Acme {
    db: TestDb,
    id: i64,
    manager: Client,
}

async fn acme(db: TestDb) -> Acme {
    let id = organisation(&db.db, "acme").await;
    organisation(&db.db, "globex").await;
    let manager = login(&app(&db), &db.db, "manager@acme.example").await;
    Acme { db, id, manager }
}

/// Adds a feed through the form; returns its id.
async fn add_feed(acme: &Acme, name: &str, cost: &str) -> i64 {
    let reply = acme
        .manager
        .post(
            "/o/acme/feeds",
            &[
                ("name", name),
                ("kind", "commercial"),
                ("annual_cost", cost),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.location.unwrap();
    location.rsplit('/').next().unwrap().parse().unwrap()
}

async fn enter_metrics(acme: &Acme, feed: i64, period: &str, figures: [&str; 4], relevance: &str) {
    let [received, actioned, detections, false_positives] = figures;
    let reply = acme
        .manager
        .post(
            &format!("/o/acme/feeds/{feed}/metrics"),
            &[
                ("period", period),
                ("received", received),
                ("actioned", actioned),
                ("detections", detections),
                ("false_positives", false_positives),
                ("relevance", relevance),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

async fn upload_list(acme: &Acme, feed: i64, period: &str, file: &str, bytes: &[u8]) -> i64 {
    let reply = acme
        .manager
        .post_multipart(
            &format!("/o/acme/feeds/{feed}/lists"),
            &[
                ("period", None, period.as_bytes()),
                ("list", Some(file), bytes),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Waits (at most 20 s) for a list job to end; returns its status and message.
async fn finished_job(db: &Db, organisation_id: i64, job: i64) -> (String, String) {
    for _ in 0..400 {
        let found = store::feed_lists::job(db, organisation_id, job)
            .await
            .unwrap()
            .unwrap();
        if found.status != "running" {
            return (found.status, found.message);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} still running after 20 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_keeps_feeds_and_whom_they_serve() {
    for db in engines().await {
        let acme = acme(db).await;
        let app = app(&acme.db);
        // The groups exist once someone has looked at them.
        assert_eq!(
            acme.manager.get("/o/acme/feeds/new").await.status,
            StatusCode::OK
        );
        let groups = store::stakeholder_groups::list(&acme.db.db, acme.id, false)
            .await
            .unwrap();
        let soc = groups.iter().find(|g| g.name == "SOC").unwrap().id;
        let globex = store::organisations::find_by_slug(&acme.db.db, "globex")
            .await
            .unwrap()
            .unwrap();
        let globex_group = store::stakeholder_groups::create(&acme.db.db, globex.id, "Theirs", "")
            .await
            .unwrap()
            .id;
        let reply = acme
            .manager
            .post(
                "/o/acme/feeds",
                &[
                    ("name", "Vendor <A>"),
                    ("provider", "Acme Intel Ltd"),
                    ("kind", "commercial"),
                    ("annual_cost", "48,000"),
                    ("currency", "eur"),
                    ("renewal_date", "2027-03-31"),
                    ("owner", "CTI lead"),
                    ("pirs", "PIR-1 ransomware"),
                    ("group", &soc.to_string()),
                    ("group", &globex_group.to_string()),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let feeds = store::feeds::list(&acme.db.db, acme.id, false)
            .await
            .unwrap();
        assert_eq!(feeds.len(), 1);
        assert_eq!(
            (feeds[0].annual_cost, feeds[0].currency.as_str()),
            (Some(48_000.0), "EUR")
        );
        let served = store::feeds::served_groups(&acme.db.db, acme.id)
            .await
            .unwrap();
        assert_eq!(
            served,
            vec![(feeds[0].id, soc)],
            "another organisation's group is ignored"
        );

        let viewer = login(&app, &acme.db.db, "viewer@acme.example").await;
        let page = viewer.get("/o/acme/feeds").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Vendor &lt;A&gt;"), "names are escaped");
        assert!(page.body.contains("EUR 48,000") && page.body.contains("SOC"));
        assert!(
            !page.body.contains("Add a feed"),
            "viewers do not get the edit links"
        );

        let twice = acme
            .manager
            .post(
                "/o/acme/feeds",
                &[("name", "Vendor <A>"), ("kind", "internal")],
            )
            .await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
        let bad = acme
            .manager
            .post(
                "/o/acme/feeds",
                &[
                    ("name", "B"),
                    ("kind", "commercial"),
                    ("annual_cost", "12k"),
                    ("currency", "EUR"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body
                .contains("The annual cost is a number of 0 or more, not `12k`.")
        );

        let id = feeds[0].id;
        let retire = acme
            .manager
            .post(&format!("/o/acme/feeds/{id}"), &[("action", "retire")])
            .await;
        assert_eq!(retire.status, StatusCode::SEE_OTHER);
        assert!(
            store::feeds::get(&acme.db.db, acme.id, id)
                .await
                .unwrap()
                .unwrap()
                .retired
        );
        assert!(
            acme.manager
                .get("/o/acme/feeds")
                .await
                .body
                .contains("Retired feeds (1)")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_renewal_review_flags_the_feed_not_worth_its_cost() {
    for db in engines().await {
        let acme = acme(db).await;
        let good = add_feed(&acme, "Good value", "20000").await;
        let fair = add_feed(&acme, "Fair value", "40000").await;
        let fine = add_feed(&acme, "Fine value", "30000").await;
        let poor = add_feed(&acme, "Poor value", "90000").await;
        enter_metrics(&acme, good, "2026-Q3", ["10000", "900", "120", "40"], "5").await;
        enter_metrics(&acme, fair, "2026-Q3", ["50000", "700", "60", "300"], "4").await;
        enter_metrics(&acme, fine, "2026-Q3", ["8000", "500", "50", "20"], "4").await;
        enter_metrics(&acme, poor, "2026-Q3", ["200000", "120", "3", "9000"], "2").await;

        let page = acme.manager.get("/o/acme/feeds").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.body
                .matches("<span class=\"badge bad\">review</span>")
                .count(),
            1
        );
        let flagged_row = page.body.split("<tr class=\"overdue\">").nth(1).unwrap();
        let flagged_row = flagged_row.split("</tr>").next().unwrap();
        assert!(flagged_row.contains("Poor value"), "{flagged_row}");
        // 90,000 a year is 22,500 a quarter, for 3 detections.
        assert!(
            flagged_row.contains("EUR 22,500") && flagged_row.contains("EUR 7,500"),
            "{flagged_row}"
        );
        // The cost-against-value chart names the ranked feeds.
        let chart = page
            .body
            .split("Feeds: cost against value")
            .nth(1)
            .expect("the chart");
        assert!(chart.contains("Poor value") && chart.contains("Good value"));

        let refused = acme
            .manager
            .post(
                &format!("/o/acme/feeds/{good}/metrics"),
                &[
                    ("period", "2026-Q4"),
                    ("received", "10"),
                    ("actioned", "20"),
                    ("detections", "0"),
                    ("false_positives", "0"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("actioned (20) is more than received (10)")
        );
        let periods = store::feed_metrics::periods(&acme.db.db, acme.id)
            .await
            .unwrap();
        assert_eq!(
            periods,
            vec!["2026-Q3".to_owned()],
            "nothing stored for 2026-Q4"
        );

        // A feed costed in another currency cannot be ranked with the others: the pages say so.
        let reply = acme
            .manager
            .post(
                "/o/acme/feeds",
                &[
                    ("name", "Dollar feed"),
                    ("kind", "commercial"),
                    ("annual_cost", "1000"),
                    ("currency", "USD"),
                ],
            )
            .await;
        let dollar: i64 = reply
            .location
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        enter_metrics(&acme, dollar, "2026-Q3", ["100", "10", "1", "0"], "3").await;
        for page in ["/o/acme/feeds", "/o/acme/dashboard/manager"] {
            let reply = acme.manager.get(page).await;
            assert_eq!(reply.status, StatusCode::OK, "{page}");
            assert!(reply.body.contains("different currencies"), "{page}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_import_names_bad_rows_and_imports_nothing_unless_asked() {
    for db in engines().await {
        let acme = acme(db).await;
        add_feed(&acme, "Alpha", "1000").await;
        add_feed(&acme, "Beta, Inc.", "2000").await;
        let template = acme
            .manager
            .get("/o/acme/feeds/import/template.csv?period=2026-Q2")
            .await;
        assert_eq!(template.status, StatusCode::OK);
        assert!(
            template
                .body
                .starts_with("feed,period,received,actioned,detections,false_positives")
        );
        assert!(
            template.body.contains("Alpha,2026-Q2,")
                && template.body.contains("\"Beta, Inc.\",2026-Q2,")
        );

        let csv = "feed,period,received,actioned,detections,false_positives,relevance\n\
                   Alpha,2026-Q2,1000,100,10,5,4\n\
                   Gamma,2026-Q2,10,1,0,0,\n\
                   \"Beta, Inc.\",2026-Q2,500,50,5,1,\n";
        let held = acme
            .manager
            .post_multipart(
                "/o/acme/feeds/import",
                &[("file", Some("metrics.csv"), csv.as_bytes())],
            )
            .await;
        assert_eq!(held.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(held.body.contains("Nothing was imported"), "{}", held.body);
        assert!(
            held.body
                .contains("Row 3: no feed named `Gamma` in the register")
        );
        assert!(
            store::feed_metrics::periods(&acme.db.db, acme.id)
                .await
                .unwrap()
                .is_empty()
        );

        let latin1 = acme
            .manager
            .post_multipart("/o/acme/feeds/import", &[("file", Some("m.csv"), b"feed,period,received,actioned,detections,false_positives\nCaf\xe9,2026-Q2,1,0,0,0\n")])
            .await;
        assert_eq!(latin1.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(latin1.body.contains("row 2: the file is not UTF-8 text"));

        let huge = vec![b'x'; 4 * 1024 * 1024];
        let too_large = acme
            .manager
            .post_multipart("/o/acme/feeds/import", &[("file", Some("huge.csv"), &huge)])
            .await;
        assert_eq!(too_large.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            too_large.body.contains("The file is too large"),
            "{}",
            too_large.body
        );
        assert!(
            store::feed_metrics::periods(&acme.db.db, acme.id)
                .await
                .unwrap()
                .is_empty()
        );

        let imported = acme
            .manager
            .post_multipart(
                "/o/acme/feeds/import",
                &[
                    ("file", Some("metrics.csv"), csv.as_bytes()),
                    ("import_good_rows", None, b"1"),
                ],
            )
            .await;
        assert_eq!(imported.status, StatusCode::OK);
        assert!(imported.body.contains("2 rows imported.") && imported.body.contains("Row 3:"));
        let rows = store::feed_metrics::of_period(&acme.db.db, acme.id, "2026-Q2")
            .await
            .unwrap();
        let received: Vec<i64> = rows.iter().map(|r| r.received).collect();
        assert_eq!(received, vec![1000, 500]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicator_lists_are_read_in_the_background_and_compared() {
    for db in engines().await {
        let acme = acme(db).await;
        let a = add_feed(&acme, "Vendor A", "1000").await;
        let b = add_feed(&acme, "Vendor B", "1000").await;
        let c = add_feed(&acme, "Vendor C", "1000").await;
        let jobs = [
            upload_list(&acme, a, "2026-Q3", "vendor-a.txt", VENDOR_A).await,
            upload_list(&acme, b, "2026-Q3", "vendor-b.csv", VENDOR_B).await,
            upload_list(&acme, c, "2026-Q3", "vendor-c.json", VENDOR_C).await,
            upload_list(
                &acme,
                a,
                "2026-Q2",
                "vendor-a-previous.txt",
                VENDOR_A_PREVIOUS,
            )
            .await,
        ];
        for job in jobs {
            let (status, message) = finished_job(&acme.db.db, acme.id, job).await;
            assert_eq!(status, "done", "{message}");
        }
        let (_, message) = finished_job(&acme.db.db, acme.id, jobs[2]).await;
        assert_eq!(
            message,
            "18 distinct indicators stored for 2026-Q3, from 24 read (6 duplicates)."
        );

        let json = store::feed_lists::report(&acme.db.db, acme.id, "2026-Q3")
            .await
            .unwrap()
            .unwrap();
        let report: OverlapReport = serde_json::from_str(&json).unwrap();
        let figures: Vec<(String, usize, usize)> = report
            .feeds
            .iter()
            .map(|f| (f.name.clone(), f.volume, f.exclusive))
            .collect();
        assert_eq!(
            figures,
            vec![
                (a.to_string(), 7, 1),
                (b.to_string(), 5, 2),
                (c.to_string(), 18, 13)
            ]
        );
        let feed_a = &report.feeds[0];
        assert!(
            (feed_a.novelty.unwrap() - 5.0 / 7.0).abs() < 1e-12,
            "the previous list, uploaded last, counts"
        );
        assert!((feed_a.churn.unwrap() - 2.0 / 7.0).abs() < 1e-12);
        let a_in_c = report.overlap[&a.to_string()][&c.to_string()].unwrap();
        assert!((a_in_c - 4.0 / 7.0).abs() < 1e-12);

        let page = acme
            .manager
            .get("/o/acme/feeds/overlap?period=2026-Q3")
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Vendor C") && page.body.contains("72.2 %"),
            "13/18 exclusive"
        );
        // The pairwise overlap as a heatmap named by feed, its numbers one click away.
        let heatmap = page.body.find("<title>Feed overlap").expect("the heatmap");
        let svg = &page.body[heatmap..heatmap + page.body[heatmap..].find("</svg>").unwrap()];
        assert!(
            svg.contains("Vendor C") && svg.contains("57"),
            "4/7 of A in C: {svg}"
        );
        assert!(page.body.contains("What it shows, and the numbers"));
        let job_page = acme
            .manager
            .get(&format!("/o/acme/feeds/jobs/{}", jobs[0]))
            .await;
        assert!(job_page.body.contains("7 distinct indicators stored"));
        assert!(
            !job_page.body.contains("http-equiv=\"refresh\""),
            "a finished job does not reload"
        );

        // A broken bundle stores nothing and keeps the list the feed had.
        let failed = upload_list(&acme, c, "2026-Q3", "broken.json", TRUNCATED_STIX).await;
        let (status, message) = finished_job(&acme.db.db, acme.id, failed).await;
        assert_eq!(status, "failed");
        assert!(message.starts_with("Nothing was stored: "), "{message}");
        let lists = store::feed_lists::of_feed(&acme.db.db, acme.id, c)
            .await
            .unwrap();
        assert_eq!((lists.len(), lists[0].volume), (1, 18));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_two_latest_periods_keep_their_fingerprints() {
    for db in engines().await {
        let acme = acme(db).await;
        let feed = add_feed(&acme, "Vendor A", "1000").await;
        for (period, list) in [
            ("2026-Q1", "a.example\n"),
            ("2026-Q2", "a.example\nb.example\n"),
            ("2026-Q3", "c.example\n"),
        ] {
            let job = upload_list(&acme, feed, period, "list.txt", list.as_bytes()).await;
            assert_eq!(finished_job(&acme.db.db, acme.id, job).await.0, "done");
        }
        let lists = store::feed_lists::of_feed(&acme.db.db, acme.id, feed)
            .await
            .unwrap();
        let kept: Vec<(&str, i64, bool)> = lists
            .iter()
            .map(|l| (l.period.as_str(), l.volume, l.kept))
            .collect();
        assert_eq!(
            kept,
            vec![
                ("2026-Q3", 1, true),
                ("2026-Q2", 2, true),
                ("2026-Q1", 1, false)
            ]
        );
        let report = store::feed_lists::report(&acme.db.db, acme.id, "2026-Q1")
            .await
            .unwrap();
        assert!(report.is_some(), "the figures of an old period stay");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversize_list_is_refused_before_anything_starts() {
    let acme = acme(support::sqlite().await).await;
    let feed = add_feed(&acme, "Vendor A", "1000").await;
    let huge = vec![b'a'; cti_maturity::web::feed_lists::MAX_LIST_BYTES + 128 * 1024];
    let reply = acme
        .manager
        .post_multipart(
            &format!("/o/acme/feeds/{feed}/lists"),
            &[
                ("period", None, b"2026-Q3"),
                ("list", Some("huge.txt"), &huge),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("limited to 64 MiB"), "{}", reply.body);
    assert!(
        store::feed_lists::of_feed(&acme.db.db, acme.id, feed)
            .await
            .unwrap()
            .is_empty()
    );
    let no_period = acme
        .manager
        .post_multipart(
            &format!("/o/acme/feeds/{feed}/lists"),
            &[
                ("period", None, b"Q3"),
                ("list", Some("l.txt"), b"a.example\n"),
            ],
        )
        .await;
    assert_eq!(no_period.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_period.body.contains("neither a quarter"));
}
