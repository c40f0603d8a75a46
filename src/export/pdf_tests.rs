//! The built-in template laid out with hand-made data: every part shows up, long and non-Latin
//! names do not break it, an edited template's mistake is reported at its line, and a template
//! folder's own files (a logo) are found.

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use super::*;
use crate::export::pdf_data::*;

fn sample(sections: usize) -> PdfData {
    let section = |index: usize| {
        SectionRow {
        id: format!("s{index}"),
        title: format!("Section {index} — Überprüfung der Bedrohungslage"),
        not_relevant: index == 2,
        percent_text: if index == 2 { "not relevant".to_owned() } else { format!("{}.5 %", 40 + index) },
        level_name: "3 · Defined".to_owned(),
        target_name: "4 · Managed".to_owned(),
        gap_text: "+1".to_owned(),
        change_text: "+4.2 pp".to_owned(),
        completion_text: "100 %".to_owned(),
        counts_text: "3 answered, 0 N/A, 0 open of 3".to_owned(),
        questions: (0..3)
            .map(|q| QuestionRow {
                id: format!("s{index}.q{q}"),
                text: "Is the intelligence requirement written down and reviewed with its stakeholders?".to_owned(),
                answered: q != 2,
                answer_text: if q == 2 { "Not answered".to_owned() } else { "2 · Largely implemented".to_owned() },
                note: if q == 0 { "Reviewed with the SOC lead in September.".to_owned() } else { String::new() },
                evidence: vec![
                    Evidence { text: "https://wiki.example.org/pir".to_owned(), link: true },
                    Evidence { text: "Minutes of the 2026-09 review".to_owned(), link: false },
                ],
                by_text: "ana@example.org, 2026-09-14".to_owned(),
            })
            .collect(),
    }
    };
    PdfData {
        paper: "a4",
        organisation: "Ὀργανισμός Λ — Very Long Organisation Name Incorporated".to_owned(),
        period: "2026-Q3".to_owned(),
        questionnaire: QuestionnaireInfo {
            id: "ten-steps".to_owned(),
            version: "1.0.0".to_owned(),
            title: "Ten steps".to_owned(),
        },
        model: ModelInfo {
            title: "CTI practice maturity".to_owned(),
            rule_text: "threshold rule".to_owned(),
            levels: (1..=5)
                .map(|l| LevelInfo { id: l.to_string(), name: format!("Level {l}"), summary: "What it means.".to_owned() })
                .collect(),
        },
        status_text: "Final (frozen on 2026-10-02)".to_owned(),
        assessors: vec!["ana@example.org".to_owned(), "bo@example.org".to_owned()],
        date_text: "started 2026-09-01, finalised 2026-10-02".to_owned(),
        fingerprint: "0123456789ab".to_owned(),
        generated_on: "2026-11-28 09:00 UTC".to_owned(),
        previous_period: Some("2026-Q2".to_owned()),
        overall: Overall {
            level_name: "3 · Defined".to_owned(),
            percent_text: "58.4 %".to_owned(),
            change_text: "+4.2 pp, +1 level".to_owned(),
            target_text: "2 of 10 below".to_owned(),
        },
        summary_sentence: "The practice stands at level 3.".to_owned(),
        charts: Charts {
            radar: Some(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50"><title>Radar</title><circle cx="25" cy="25" r="20" fill="none" stroke="black"/><text x="50" y="30" font-family="sans-serif" font-size="8">Planning</text></svg>"#.to_owned()),
            radar_alt: "Levels by section.".to_owned(),
        },
        improvements: vec![Highlight { title: "Planning".to_owned(), text: "+12.0 pp".to_owned() }],
        gaps: vec![Highlight { title: "Collection".to_owned(), text: "2 levels below target, at 31.0 %".to_owned() }],
        sections: (1..=sections).map(section).collect(),
        overall_formula: "Overall = Σ weight × percent / Σ weight over the sections with a percent.".to_owned(),
        not_relevant_text: Some("Not relevant for this organisation: Section 2.".to_owned()),
        capabilities: vec![CapabilityRow {
            name: "Requirements".to_owned(),
            percent_text: "55 %".to_owned(),
            level_name: "3 · Defined".to_owned(),
            target_name: "—".to_owned(),
            gap_text: "—".to_owned(),
        }],
        target_rows: vec![TargetRow {
            name: "Collection".to_owned(),
            level_name: "2 · Developing".to_owned(),
            target_name: "4 · Managed".to_owned(),
            gap_text: "+2".to_owned(),
        }],
        actions: Actions {
            counts: ActionCounts { total: 1, open: 1, overdue: 1, done: 0 },
            rows: vec![ActionRow {
                title: "Write the collection plan".to_owned(),
                scope: "section: s1".to_owned(),
                owner: "Bo".to_owned(),
                due: "2026-10-01".to_owned(),
                overdue: true,
                priority: "5".to_owned(),
                status: "Open".to_owned(),
            }],
        },
        satisfaction: Some(Satisfaction {
            heading: "Survey round 2026-Q3 (closed).".to_owned(),
            rows: vec![SatisfactionRow { group: "SOC".to_owned(), responses: "12".to_owned(), mean: "4.1 / 5".to_owned(), nps: "+25".to_owned() }],
            note: "Hidden below 5 responses.".to_owned(),
        }),
        feeds: Some(Feeds {
            heading: "Renewal review of 2026-Q3.".to_owned(),
            rows: vec![FeedRow {
                name: "Premium Threat Feed X".to_owned(),
                cost: "EUR 22,500".to_owned(),
                value_per_cost: "0.10".to_owned(),
                flagged: true,
                review: "lowest value per cost".to_owned(),
            }],
        }),
        appendix: Appendix { paragraphs: vec!["Each answer is a value on its scale.".to_owned()] },
        attribution: Some("Licence: CC BY-SA 4.0.".to_owned()),
    }
}

/// All the text laid out on the pages, in order.
fn text_of(document: &PagedDocument) -> String {
    let mut out = String::new();
    for (text, _) in runs_of(document) {
        out.push_str(&text);
        out.push(' ');
    }
    out
}

/// Each run of text laid out on the pages, with the family of the font it is set in.
fn runs_of(document: &PagedDocument) -> Vec<(String, String)> {
    fn walk(frame: &Frame, out: &mut Vec<(String, String)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Text(text) => {
                    out.push((text.text.to_string(), text.font.info().family.clone()));
                }
                FrameItem::Group(group) => walk(&group.frame, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

#[test]
fn the_built_in_template_lays_out_every_part() {
    let document = compile(&sample(3), &Template::builtin()).unwrap();
    let text = text_of(&document);
    for expected in [
        "CTI maturity scorecard",
        "2026-Q3",
        "Executive summary",
        "58.4",
        "Results per section",
        "Reviewed with the SOC lead in September.",
        "Gaps and action plan",
        "Write the collection plan",
        "Stakeholder satisfaction",
        "Premium Threat Feed X",
        "how the scores are computed",
        "CC BY-SA 4.0",
        "not relevant",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from the PDF text"
        );
    }
    assert!(
        document.pages().len() >= 5,
        "{} pages",
        document.pages().len()
    );
    let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn optional_parts_can_be_absent_and_many_sections_flow_over_pages() {
    let mut data = sample(40);
    data.satisfaction = None;
    data.feeds = None;
    data.previous_period = None;
    data.charts.radar = None;
    data.attribution = None;
    data.not_relevant_text = None;
    data.paper = "us-letter";
    let document = compile(&data, &Template::builtin()).unwrap();
    let text = text_of(&document);
    assert!(!text.contains("Stakeholder satisfaction"));
    assert!(text.contains("Section 40"));
    assert!(
        document.pages().len() > 10,
        "{} pages",
        document.pages().len()
    );
}

#[test]
fn cjk_names_are_set_in_the_fallback_fonts_and_latin_in_dejavu() {
    let mut data = sample(1);
    data.organisation = "情報共有センター Tokyo 위협정보".to_owned();
    let runs = runs_of(&compile(&data, &Template::builtin()).unwrap());
    let cjk: Vec<_> = runs
        .iter()
        .filter(|(text, _)| text.chars().any(|c| "情報共有センター".contains(c)))
        .collect();
    let cjk_text: String = cjk.iter().map(|(text, _)| text.as_str()).collect();
    assert!(cjk_text.contains("情報共有センター"), "{cjk:?}");
    // Either fallback has real glyphs for these (`crate::fonts` tests that); never DejaVu.
    assert!(
        cjk.iter()
            .all(|(_, family)| ["Droid Sans Fallback", "NanumGothic"].contains(&family.as_str())),
        "{cjk:?}"
    );
    let latin = runs
        .iter()
        .find(|(text, _)| text.contains("Tokyo"))
        .unwrap();
    assert_eq!(latin.1, "DejaVu Sans", "{latin:?}");
    let hangul = runs.iter().find(|(text, _)| text.contains("위협")).unwrap();
    assert_eq!(hangul.1, "NanumGothic", "{hangul:?}");
}

#[test]
fn a_mistake_in_an_edited_template_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = BUILTIN_TEMPLATE.replacen("#let muted = luma(95)", "#let muted = luma(95\n", 1);
    std::fs::write(dir.path().join(TEMPLATE_FILE), broken).unwrap();
    let template = Template::from_dir(dir.path()).unwrap();
    let error = compile(&sample(1), &template).unwrap_err().to_string();
    let line = BUILTIN_TEMPLATE
        .lines()
        .position(|l| l.starts_with("#let muted"))
        .unwrap()
        + 1;
    assert!(error.contains("scorecard.typ:"), "{error}");
    assert!(
        error.contains(&format!(":{line}:")) || error.contains(&format!(":{}:", line + 1)),
        "{error}"
    );

    let missing = Template::from_dir(&dir.path().join("nowhere")).unwrap_err();
    assert!(
        missing.contains("scorecard-template --out DIR"),
        "{missing}"
    );
}

#[test]
fn a_branded_template_finds_its_logo_and_its_settings_apply() {
    let dir = tempfile::tempdir().unwrap();
    let logo = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>"#;
    std::fs::write(dir.path().join("logo.svg"), logo).unwrap();
    let branded = BUILTIN_TEMPLATE
        .replacen(
            "company: \"cti-maturity\"",
            "company: \"Northwind Advisory\"",
            1,
        )
        .replacen("logo: none,", "logo: \"logo.svg\",", 1);
    std::fs::write(dir.path().join(TEMPLATE_FILE), branded).unwrap();
    let template = Template::from_dir(dir.path()).unwrap();
    let document = compile(&sample(1), &template).unwrap();
    assert!(text_of(&document).contains("NORTHWIND ADVISORY"));
}
