//! Export speed: the XLSX workbook of a demo quarter (target: under 30 ms), with the JSON and
//! standalone HTML of the same document for comparison.
//!
//! Run with `cargo bench --bench export`. The demo organisation is seeded into a temporary SQLite
//! database and the document gathered once before measuring: what is measured is rendering a
//! document already in memory, which is the part that differs between formats.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use cti_maturity::config::Config;
use cti_maturity::export::{ExportDocument, Format, Paper, Template, gather, render};
use cti_maturity::store::{self, Db};
use cti_maturity::web::AppState;

fn demo_document() -> ExportDocument {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("bench.db").display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        cti_maturity::cli::demo::seed(&db, Some("bench-password-long".to_owned()))
            .await
            .unwrap();
        let org = store::organisations::find_by_slug(&db, "demo")
            .await
            .unwrap()
            .unwrap();
        let id = store::assessments::list(&db, org.id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.period == "2026-Q3")
            .unwrap()
            .id;
        let state = AppState::new(db.clone(), Config::for_tests(&url));
        let doc = gather(&state, &org, id).await.unwrap();
        db.close().await;
        doc
    })
}

fn exports(c: &mut Criterion) {
    let doc = demo_document();
    let template = Template::builtin();
    for format in [
        Format::Pdf(Paper::A4),
        Format::Xlsx,
        Format::Json,
        Format::Html,
    ] {
        c.bench_function(
            &format!("export {} of a demo quarter", format.name()),
            |b| b.iter(|| render(black_box(&doc), format, &template).unwrap()),
        );
    }
}

criterion_group!(benches, exports);
criterion_main!(benches);
