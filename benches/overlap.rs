//! Feed overlap at the size of issue 4: 20 feeds of 500,000 indicators each, with their previous
//! lists, so that overlap, exclusive contribution, novelty and churn are all computed.
//!
//! The generated feeds overlap as real ones do: most of a feed is its own, and about 30% comes from
//! a shared pool of 2,000,000 indicators in which a few are in many feeds (skewed popularity). A
//! previous list keeps 85% of the current one and adds 15% gone since. Values mix IPv4, domains,
//! URLs, SHA-256 and MD5 hashes; in the raw text a tenth are defanged or in capitals.
//!
//! `cargo bench --bench overlap` measures, on one thread except for the final merge:
//! - `normalised`: from normalised values in memory, fingerprints of the 40 lists and every figure
//!   (`FeedSet::compute`);
//! - `from_text`: the whole computation the CLI does, from the raw text of the 40 lists: parse,
//!   normalise, fingerprint, compute (the CLI reads two files at a time on top of this).
//!
//! `OVERLAP_WRITE_FILES=DIR cargo bench --bench overlap` writes the same 40 lists to DIR (for
//! measuring the CLI's time and memory) and exits.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use cti_maturity::metrics::indicators::fingerprint_list;
use cti_maturity::metrics::indicators::{ListFormat, parse_lines};
use cti_maturity::metrics::overlap::{FeedSet, Fingerprints};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FEEDS: usize = 20;
const VOLUME: usize = 500_000;
const SHARED_POOL: u64 = 2_000_000;
const SHARED_SHARE: f64 = 0.3;
const KEPT_FROM_PREVIOUS: f64 = 0.85;

/// The raw text of one indicator, numbered `n` in a namespace (`pool`, `feedN`, `goneN`).
fn indicator(namespace: &str, n: u64, rng: &mut StdRng) -> String {
    let tag = fnv(namespace, n);
    let value = match tag % 5 {
        0 => format!(
            "{}.{}.{}.{}",
            (tag >> 8) % 223 + 1,
            (tag >> 16) % 256,
            (tag >> 24) % 256,
            (tag >> 32) % 256
        ),
        1 => format!("{namespace}-{n:x}.example-{}.net", tag % 997),
        2 => format!("http://{namespace}-{n:x}.example.org/dl/{tag:x}.bin?id={n}"),
        3 => format!(
            "{tag:016x}{:016x}{:016x}{:016x}",
            fnv("a", tag),
            fnv("b", tag),
            fnv("c", tag)
        ),
        _ => format!("{tag:016x}{:016x}", fnv("d", tag)),
    };
    // A tenth written as some feeds do: defanged or in capitals.
    match rng.gen_range(0..20) {
        0 => value.replace('.', "[.]").replacen("http", "hxxp", 1),
        1 => value.to_uppercase(),
        _ => value,
    }
}

/// A stable 64-bit hash (FNV-1a), so that a value is the same whichever feed draws it.
fn fnv(namespace: &str, n: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in namespace.bytes().chain(n.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One feed's current list and its previous list, as raw text values.
fn feed(index: usize, rng: &mut StdRng) -> (Vec<String>, Vec<String>) {
    let own = format!("feed{index}");
    let current: Vec<String> = (0..VOLUME as u64)
        .map(|n| {
            if rng.gen_bool(SHARED_SHARE) {
                // Skewed: low pool numbers are drawn far more often.
                let u: f64 = rng.r#gen();
                indicator("pool", (u * u * u * SHARED_POOL as f64) as u64, rng)
            } else {
                indicator(&own, n, rng)
            }
        })
        .collect();
    let gone = format!("gone{index}");
    let mut previous: Vec<String> = current
        .iter()
        .filter(|_| rng.gen_bool(KEPT_FROM_PREVIOUS))
        .cloned()
        .collect();
    let gone_count = (VOLUME as f64 * (1.0 - KEPT_FROM_PREVIOUS)) as u64;
    previous.extend((0..gone_count).map(|n| indicator(&gone, n, rng)));
    (current, previous)
}

fn generate() -> Vec<(Vec<String>, Vec<String>)> {
    let mut rng = StdRng::seed_from_u64(4);
    (0..FEEDS).map(|i| feed(i, &mut rng)).collect()
}

fn as_text(values: &[String]) -> Vec<u8> {
    let mut text = values.join("\n");
    text.push('\n');
    text.into_bytes()
}

fn name(index: usize) -> String {
    format!("feed-{index:02}")
}

fn overlap(c: &mut Criterion) {
    let raw = generate();
    let normalised: Vec<(Vec<String>, Vec<String>)> = raw
        .iter()
        .map(|(current, previous)| {
            let norm = |values: &[String]| {
                parse_lines(&as_text(values))
                    .expect("generated lists parse")
                    .values()
                    .map(str::to_owned)
                    .collect()
            };
            (norm(current), norm(previous))
        })
        .collect();
    let texts: Vec<(Vec<u8>, Vec<u8>)> = raw
        .iter()
        .map(|(current, previous)| (as_text(current), as_text(previous)))
        .collect();
    drop(raw);

    let mut group = c.benchmark_group("overlap_20x500k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(30));
    group.bench_function("normalised", |b| {
        b.iter(|| {
            let mut set = FeedSet::new();
            for (index, (current, _)) in normalised.iter().enumerate() {
                let list = Fingerprints::of(current.iter().map(String::as_str));
                set.add_feed(&name(index), list).unwrap();
            }
            for (index, (_, previous)) in normalised.iter().enumerate() {
                let list = Fingerprints::of(previous.iter().map(String::as_str));
                set.set_previous(&name(index), list).unwrap();
            }
            black_box(set.compute())
        });
    });
    group.bench_function("from_text", |b| {
        b.iter(|| {
            let mut set = FeedSet::new();
            for (index, (current, _)) in texts.iter().enumerate() {
                let list = fingerprint_list(current, &ListFormat::Lines).unwrap();
                set.add_feed(&name(index), list).unwrap();
            }
            for (index, (_, previous)) in texts.iter().enumerate() {
                let list = fingerprint_list(previous, &ListFormat::Lines).unwrap();
                set.set_previous(&name(index), list).unwrap();
            }
            black_box(set.compute())
        });
    });
    group.finish();
}

fn write_files(dir: &str) {
    std::fs::create_dir_all(dir).expect("the directory can be created");
    for (index, (current, previous)) in generate().iter().enumerate() {
        let path = |suffix: &str| format!("{dir}/{}{suffix}.txt", name(index));
        std::fs::write(path(""), as_text(current)).expect("writable");
        std::fs::write(path("-previous"), as_text(previous)).expect("writable");
    }
    println!("wrote {} lists to {dir}", FEEDS * 2);
}

criterion_group!(benches, overlap);

fn main() {
    if let Ok(dir) = std::env::var("OVERLAP_WRITE_FILES") {
        write_files(&dir);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
