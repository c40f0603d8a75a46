//! `feeds overlap` on hand-made lists in the three formats, and the STIX 2.1 fixture read through
//! the library with every count checked.
//!
//! The lists, once normalised (tests/fixtures/feeds, tests/fixtures/stix):
//! - A, vendor-a.txt: 198.51.100.23, update-check.example.net, its payload URL, 192.0.2.200,
//!   evil-a.example, one SHA-256 and malware-drop.example: 7 (one duplicate in capitals);
//! - B, vendor-b.csv: 192.0.2.200, evil-a.example, evil-b.example, http://evil-b.example,
//!   203.0.113.77: 5 (one duplicate);
//! - C, vendor-c-bundle.json: 18 values (listed in `the_stix_bundle_gives_the_expected_values`);
//! - A's previous list: 198.51.100.23, update-check.example.net, old-c2.example.com, 192.0.2.99.
//!
//! Hence A∩B = 2 (192.0.2.200, evil-a.example), A∩C = 4 (198.51.100.23, the domain, the URL, the
//! hash), B∩C = 1 (203.0.113.77); exclusive: A 1, B 2, C 13; A kept 2 of its previous 4.

use std::collections::BTreeMap;

use cti_maturity::metrics::indicators::{Kind, parse_stix};

use crate::helpers::{json, run};

const A: &str = "A=tests/fixtures/feeds/vendor-a.txt";
const A_PREVIOUS: &str = "A=tests/fixtures/feeds/vendor-a-previous.txt";
const B: &str = "B=tests/fixtures/feeds/vendor-b.csv";
const C: &str = "C=tests/fixtures/stix/vendor-c-bundle.json";
const BUNDLE: &str = "tests/fixtures/stix/vendor-c-bundle.json";

#[track_caller]
fn assert_close(value: &serde_json::Value, expected: f64) {
    let actual = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, found {actual}"
    );
}

fn overlap(extra: &[&str]) -> crate::helpers::Run {
    let mut args = vec!["feeds", "overlap"];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn overlap_of_three_feeds_number_by_number() {
    let result = overlap(&[
        "--feed",
        A,
        "--feed",
        B,
        "--feed",
        C,
        "--previous",
        A_PREVIOUS,
    ]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr, "");
    let report = json(&result);

    let feeds = report["feeds"].as_array().unwrap();
    let names: Vec<&str> = feeds.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["A", "B", "C"], "in the order given");
    for feed in feeds {
        let keys: Vec<&String> = feed.as_object().unwrap().keys().collect();
        assert_eq!(
            keys.len(),
            6,
            "name, volume, exclusive, exclusive_share, novelty, churn: {feed}"
        );
    }

    let (a, b, c) = (&feeds[0], &feeds[1], &feeds[2]);
    assert_eq!(
        (a["volume"].as_u64(), a["exclusive"].as_u64()),
        (Some(7), Some(1))
    );
    assert_close(&a["exclusive_share"], 1.0 / 7.0);
    assert_close(&a["novelty"], 5.0 / 7.0); // 7 − 2 kept
    assert_close(&a["churn"], 2.0 / 7.0); // old-c2.example.com and 192.0.2.99 gone

    assert_eq!(
        (b["volume"].as_u64(), b["exclusive"].as_u64()),
        (Some(5), Some(2))
    );
    assert_close(&b["exclusive_share"], 0.4);
    assert!(b["novelty"].is_null() && b["churn"].is_null());

    assert_eq!(
        (c["volume"].as_u64(), c["exclusive"].as_u64()),
        (Some(18), Some(13))
    );
    assert_close(&c["exclusive_share"], 13.0 / 18.0);
    assert!(c["novelty"].is_null() && c["churn"].is_null());

    let overlap = &report["overlap"];
    assert_close(&overlap["A"]["B"], 2.0 / 7.0);
    assert_close(&overlap["A"]["C"], 4.0 / 7.0);
    assert_close(&overlap["B"]["A"], 0.4);
    assert_close(&overlap["B"]["C"], 0.2);
    assert_close(&overlap["C"]["A"], 4.0 / 18.0);
    assert_close(&overlap["C"]["B"], 1.0 / 18.0);
    let rows: Vec<&String> = overlap.as_object().unwrap().keys().collect();
    assert_eq!(rows, ["A", "B", "C"]);
    assert!(overlap["A"].get("A").is_none(), "no feed against itself");
}

#[test]
fn overlap_as_a_table() {
    let result = overlap(&["--feed", A, "--feed", B, "--format", "table"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        [
            "feed",
            "volume",
            "exclusive",
            "excl.",
            "%",
            "novelty",
            "churn"
        ]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["A", "7", "5", "71.4%", "—", "—"]
    );
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["B", "5", "3", "60.0%", "—", "—"]
    );
    assert!(
        result.stdout.contains("28.6%"),
        "A∩B / A:\n{}",
        result.stdout
    );
}

#[test]
fn the_stix_bundle_gives_the_expected_values() {
    let bytes = std::fs::read(BUNDLE).unwrap();
    let (list, summary) = parse_stix(&bytes).unwrap();
    let mut values: Vec<&str> = list.values().collect();
    values.sort_unstable();
    assert_eq!(
        values,
        [
            "192.0.2.15",
            "198.51.100.23",
            "2001:db8::bad",
            "203.0.113.77",
            "3395856ce81f2b7382dee72602f798b642f14140",
            "44d88612fea8a8f36de82e1278abb02f",
            "a-panel.example.biz",
            "b-panel.example.biz",
            "billing@invoice-portal.example",
            "cdn-sync.example.org",
            "d41d8cd98f00b204e9800998ecf8427e",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "http://[2001:db8::bad]:8080/x",
            "http://update-check.example.net/dl/Payload.bin?ID=7",
            "https://files.example.net",
            "https://login-verify.example.com/Account/Reset?token=AbC",
            "login-verify.example.com",
            "update-check.example.net",
        ]
    );
    // 13 values from patterns (the file name, the revoked and the Sigma indicator left out), 8
    // observables' values, 2 file hashes (not the SSDEEP) and 1 URL: 24, of which 6 repeat.
    assert_eq!((list.read(), list.duplicates()), (24, 6));
    let kinds: BTreeMap<Kind, usize> = [
        (Kind::Ip, 4),
        (Kind::Domain, 5),
        (Kind::Url, 4),
        (Kind::Email, 1),
        (Kind::Hash, 4),
    ]
    .into();
    assert_eq!(list.count_by_kind(), kinds);
    let objects: BTreeMap<&str, usize> = summary
        .objects
        .iter()
        .map(|(kind, n)| (kind.as_str(), *n))
        .collect();
    assert_eq!(
        objects,
        BTreeMap::from([
            ("domain-name", 2),
            ("email-addr", 1),
            ("file", 1),
            ("identity", 1),
            ("indicator", 11),
            ("ipv4-addr", 2),
            ("ipv6-addr", 1),
            ("malware", 1),
            ("relationship", 2),
            ("report", 1),
            ("url", 3),
        ])
    );
    assert_eq!((summary.revoked, summary.other_patterns), (1, 1));
}

#[track_caller]
fn assert_refused(result: &crate::helpers::Run, message: &str) {
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert_eq!(result.stdout, "", "nothing printed for a refused input");
    assert_eq!(result.stderr.trim_end(), message);
}

#[test]
fn a_malformed_bundle_is_refused_naming_the_object() {
    let result = overlap(&[
        "--feed",
        A,
        "--feed",
        "D=tests/fixtures/stix/malformed-pattern.json",
    ]);
    assert_refused(
        &result,
        "tests/fixtures/stix/malformed-pattern.json: objects[1] \
         (indicator--e1499a8f-70cd-5a31-9062-90cc08ced87f): pattern: expected `]`, found the end \
         of the pattern",
    );
    let result = overlap(&["--feed", "D=tests/fixtures/stix/truncated.json"]);
    assert_refused(
        &result,
        "tests/fixtures/stix/truncated.json: not valid JSON: EOF while parsing a string at line \
         21 column 16",
    );
}

#[test]
fn a_file_not_in_utf8_is_refused_naming_the_line() {
    let result = overlap(&["--feed", "D=tests/fixtures/feeds/latin1.txt"]);
    assert_refused(
        &result,
        "tests/fixtures/feeds/latin1.txt: not UTF-8 text: byte 0xE9 at line 3, column 4 is not \
         UTF-8 (save the file as UTF-8)",
    );
}

#[test]
fn a_short_csv_row_is_refused_naming_the_row() {
    let result = overlap(&["--feed", "D=tests/fixtures/feeds/short-row.csv"]);
    assert_refused(
        &result,
        "tests/fixtures/feeds/short-row.csv: row 3: 1 column(s), but the indicators are in \
         column 2",
    );
}

#[test]
fn names_are_checked_and_missing_files_named() {
    assert_refused(
        &overlap(&["--feed", A, "--feed", A]),
        "--feed A is given twice",
    );
    assert_refused(
        &overlap(&[
            "--feed",
            A,
            "--previous",
            "B=tests/fixtures/feeds/vendor-b.csv",
        ]),
        "--previous B names no --feed (the feeds are: A)",
    );
    let missing = overlap(&["--feed", "A=tests/fixtures/feeds/missing.txt"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing
            .stderr
            .starts_with("tests/fixtures/feeds/missing.txt: cannot read: "),
        "{}",
        missing.stderr
    );
    let malformed = overlap(&["--feed", "tests/fixtures/feeds/vendor-a.txt"]);
    assert_eq!(malformed.code, 2, "clap refuses an argument without NAME=");
    assert!(
        malformed.stderr.contains("expected NAME=FILE"),
        "{}",
        malformed.stderr
    );
}
