//! The gallery: every chart written to files, to look at them.

use super::fixtures::*;

/// Writes every chart as SVG and PNG to /tmp/charts, to look at them:
/// `cargo test --lib charts::gallery -- --ignored --nocapture` (also prints render times).
#[test]
#[ignore = "writes files to /tmp/charts for people to look at"]
fn gallery() {
    let dir = std::path::Path::new("/tmp/charts");
    std::fs::create_dir_all(dir).unwrap();
    let typical = names(&[
        "Planning & direction",
        "Collection",
        "Processing",
        "Analysis",
        "Dissemination",
        "Feedback",
    ]);
    let long = vec![
        "Ünïcödé 情報 ".repeat(8),
        "Threat hunting <team> & \"friends\"".into(),
        "SOC".into(),
    ];
    let cjk = names(&[
        "情報収集計画",
        "脅威分析",
        "위협 인텔리전스",
        "Collection 收集",
    ]);
    let many: Vec<String> = (1..=24).map(|i| format!("Capability {i}")).collect();
    let cases = [
        ("many", inputs(&many, &quarters(8), wave)),
        ("typical", inputs(&typical, &quarters(6), wave)),
        ("forty", inputs(&typical, &quarters(40), wave)),
        ("single", inputs(&typical[..3], &quarters(1), wave)),
        ("long", inputs(&long, &quarters(4), wave)),
        ("cjk", inputs(&cjk, &quarters(4), wave)),
        (
            "na",
            inputs(&typical, &quarters(5), |n, q| {
                if (n + q) % 3 == 0 { None } else { wave(n, q) }
            }),
        ),
        ("empty", inputs(&[], &[], wave)),
    ];
    for (case, inputs) in &cases {
        let started = std::time::Instant::now();
        let rendered = charts(inputs);
        println!(
            "{case}: 9 SVGs in {:?} (this build's opt-level)",
            started.elapsed()
        );
        for (kind, chart) in rendered {
            std::fs::write(dir.join(format!("{kind}-{case}.svg")), &chart.svg).unwrap();
        }
        for (kind, chart) in narrow_charts(inputs) {
            std::fs::write(dir.join(format!("{kind}-{case}-narrow.svg")), &chart.svg).unwrap();
        }
        for (kind, bytes) in pngs(inputs) {
            // As a black-and-white print would show it.
            let grey = image::load_from_memory(&bytes).unwrap().grayscale();
            grey.save(dir.join(format!("{kind}-{case}-grey.png")))
                .unwrap();
            std::fs::write(dir.join(format!("{kind}-{case}.png")), bytes).unwrap();
        }
    }
}
