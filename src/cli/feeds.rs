//! `cti-maturity feeds overlap`: compare feeds' indicator lists offline, for consultants and scripts.
//!
//! Each FILE is read by its extension (`.json`: a STIX 2.1 bundle; `.csv`: the column headed
//! `indicator`, `value` or `ioc`, else the first) or, for any other name, by its content (a file
//! starting with `{` is a STIX bundle, anything else one indicator per line). Indicators are
//! normalised and de-duplicated before comparing ([`crate::metrics::indicators`]); the figures are
//! those of [`crate::metrics::overlap`]. A file that cannot be read is named with the line, row or
//! object at fault, and nothing is printed on standard output (exit 1).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::exit;
use crate::metrics::indicators::fingerprint_list;
use crate::metrics::indicators::list_format;
use crate::metrics::overlap::{FeedSet, Fingerprints, OverlapReport};

/// Files read at the same time (each holds one file's text and fingerprints while it works).
const READERS: usize = 2;

/// Lists smaller than this in all are read without a progress bar.
const PROGRESS_FROM_BYTES: u64 = 8 * 1024 * 1024;

/// How often the progress bar is redrawn.
const PROGRESS_TICK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum OverlapFormat {
    #[default]
    Json,
    Table,
}

/// `NAME=FILE` on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFile {
    pub name: String,
    pub path: PathBuf,
}

impl FromStr for NamedFile {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once('=') {
            Some((name, path)) if !name.trim().is_empty() && !path.is_empty() => Ok(Self {
                name: name.trim().to_owned(),
                path: PathBuf::from(path),
            }),
            _ => Err(format!("expected NAME=FILE, found `{text}`")),
        }
    }
}

pub struct OverlapArgs {
    pub feeds: Vec<NamedFile>,
    pub previous: Vec<NamedFile>,
    pub format: OverlapFormat,
}

pub fn run_overlap(
    args: &OverlapArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if let Some(message) = check_names(args) {
        writeln!(err, "{message}")?;
        return Ok(exit::INVALID);
    }
    let progress = progress_bar(args);
    let report = match load(args, &progress) {
        Ok(set) => {
            progress.set_position(progress.length().unwrap_or(0));
            progress.set_message("comparing");
            set.compute()
        }
        Err(message) => {
            progress.finish_and_clear();
            writeln!(err, "{message}")?;
            return Ok(exit::INVALID);
        }
    };
    progress.finish_and_clear();
    match args.format {
        OverlapFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report).expect("a report always serialises")
        )?,
        OverlapFormat::Table => write_table(&report, out)?,
    }
    Ok(exit::OK)
}

/// Reads every list into a [`FeedSet`]: two threads read and fingerprint the files, each taking
/// the next file in order; a failure stops them, and the first failing file in the order given is
/// reported. Only this thread draws the progress bar: `main` holds the lock on standard error, and
/// a bar drawn from another thread would wait for it forever.
fn load(args: &OverlapArgs, progress: &ProgressBar) -> Result<FeedSet, String> {
    let files: Vec<(&NamedFile, bool)> = args
        .feeds
        .iter()
        .map(|f| (f, false))
        .chain(args.previous.iter().map(|f| (f, true)))
        .collect();
    let results: Vec<Mutex<Option<Result<Fingerprints, String>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let bytes_done = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(READERS));
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((file, _)) = files.get(index) else {
                            break;
                        };
                        let result = fingerprint_file(&file.path);
                        failed.fetch_or(result.is_err(), Ordering::Relaxed);
                        bytes_done.fetch_add(file_size(&file.path), Ordering::Relaxed);
                        *results[index].lock().expect("no reader panics") = Some(result);
                    }
                })
            })
            .collect();
        while !progress.is_hidden() && !readers.iter().all(|r| r.is_finished()) {
            let started = next.load(Ordering::Relaxed).min(files.len());
            progress.set_message(format!("reading {started} of {} files", files.len()));
            progress.set_position(bytes_done.load(Ordering::Relaxed));
            std::thread::sleep(PROGRESS_TICK);
        }
    });
    let mut set = FeedSet::new();
    for ((file, is_previous), result) in files.iter().zip(results) {
        let list = result
            .into_inner()
            .expect("no reader panics")
            .expect("every file is read unless an earlier one failed")?;
        let added = if *is_previous {
            set.set_previous(&file.name, list)
        } else {
            set.add_feed(&file.name, list)
        };
        added.map_err(|e| e.to_string())?;
    }
    Ok(set)
}

/// The fingerprints of a file's normalised values; the error names the file.
fn fingerprint_file(path: &Path) -> Result<Fingerprints, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    fingerprint_list(&bytes, &list_format(&name, &bytes))
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// Feed names given twice, or previous lists of unknown feeds, before any file is read.
fn check_names(args: &OverlapArgs) -> Option<String> {
    for (index, feed) in args.feeds.iter().enumerate() {
        if args.feeds[..index].iter().any(|f| f.name == feed.name) {
            return Some(format!("--feed {} is given twice", feed.name));
        }
    }
    for (index, previous) in args.previous.iter().enumerate() {
        if !args.feeds.iter().any(|f| f.name == previous.name) {
            return Some(format!(
                "--previous {} names no --feed (the feeds are: {})",
                previous.name,
                args.feeds
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if args.previous[..index]
            .iter()
            .any(|p| p.name == previous.name)
        {
            return Some(format!("--previous {} is given twice", previous.name));
        }
    }
    None
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// A bar over the bytes of all files, drawn only on a terminal and for large lists.
fn progress_bar(args: &OverlapArgs) -> ProgressBar {
    let total: u64 = args
        .feeds
        .iter()
        .chain(&args.previous)
        .map(|f| file_size(&f.path))
        .sum();
    if total < PROGRESS_FROM_BYTES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:30}] {bytes}/{total_bytes} ({elapsed}) {wide_msg}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}

fn write_table(report: &OverlapReport, out: &mut dyn Write) -> std::io::Result<()> {
    let width = report
        .feeds
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    writeln!(
        out,
        "{:<width$}  {:>10}  {:>10}  {:>9}  {:>8}  {:>8}",
        "feed", "volume", "exclusive", "excl. %", "novelty", "churn"
    )?;
    for feed in &report.feeds {
        writeln!(
            out,
            "{:<width$}  {:>10}  {:>10}  {:>9}  {:>8}  {:>8}",
            feed.name,
            feed.volume,
            feed.exclusive,
            percent(feed.exclusive_share),
            percent(feed.novelty),
            percent(feed.churn)
        )?;
    }
    writeln!(
        out,
        "\noverlap: share of the row's feed also in the column's"
    )?;
    let column = width.max(7);
    write!(out, "{:<width$}", "")?;
    for feed in &report.feeds {
        write!(out, "  {:>column$}", feed.name)?;
    }
    writeln!(out)?;
    for (row, shares) in &report.overlap {
        write!(out, "{row:<width$}")?;
        for feed in &report.feeds {
            let cell = match shares.get(&feed.name) {
                Some(share) => percent(*share),
                None => "—".to_owned(),
            };
            write!(out, "  {cell:>column$}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |s| format!("{:.1}%", s * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_equals_file() {
        let named: NamedFile = "Vendor A=lists/a=1.txt".parse().unwrap();
        assert_eq!(named.name, "Vendor A");
        assert_eq!(named.path, PathBuf::from("lists/a=1.txt"));
        assert!("a.txt".parse::<NamedFile>().is_err());
        assert!("=a.txt".parse::<NamedFile>().is_err());
        assert!("A=".parse::<NamedFile>().is_err());
    }

    #[test]
    fn names_are_checked_before_reading() {
        let named = |n: &str| NamedFile {
            name: n.into(),
            path: "missing".into(),
        };
        let args = |feeds: &[&str], previous: &[&str]| OverlapArgs {
            feeds: feeds.iter().map(|n| named(n)).collect(),
            previous: previous.iter().map(|n| named(n)).collect(),
            format: OverlapFormat::Json,
        };
        assert_eq!(
            check_names(&args(&["A", "B", "A"], &[])).unwrap(),
            "--feed A is given twice"
        );
        assert_eq!(
            check_names(&args(&["A", "B"], &["C"])).unwrap(),
            "--previous C names no --feed (the feeds are: A, B)"
        );
        assert_eq!(
            check_names(&args(&["A"], &["A", "A"])).unwrap(),
            "--previous A is given twice"
        );
        assert_eq!(check_names(&args(&["A", "B"], &["B"])), None);
    }
}
