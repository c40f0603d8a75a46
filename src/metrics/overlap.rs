//! Overlap of feeds' indicator lists: volume, exclusive contribution, novelty, churn and the
//! pairwise overlap of every two feeds.
//!
//! For feed A of volume |A| (distinct indicators), in a set of feeds of the same period, with P the
//! list A had in the previous period:
//!
//! - exclusive = |indicators of A in no other feed|, exclusive_share = exclusive / |A|;
//! - novelty = |A \ P| / |A| (new this period), churn = |P \ A| / |A| (gone since), both `None`
//!   without a previous list;
//! - overlap(A, B) = |A ∩ B| / |A| (not symmetric: a small feed can lie wholly inside a big one).
//!
//! Every ratio with |A| = 0 is `None`. Values are compared exactly as given: normalise them first
//! ([`super::indicators`]).
//!
//! Sized for 20 feeds of 500,000 indicators (and their previous lists) on a small machine: a list
//! is kept as the sorted, distinct 128-bit SipHash-1-3 fingerprints of its values ([`Fingerprints`],
//! 16 bytes per indicator, no text), which threads can compute side by side, file by file. One
//! k-way merge of the current lists then gives every exclusive count and every pairwise
//! intersection at once (each value costs the pairs of feeds that share it, not the 190 pairs), and
//! one merge per feed its novelty and churn, on two threads (each takes half of the fingerprint
//! range). This replaces a first version that interned every value to a `u32` id in one shared
//! table: exact, but serial, and a cache miss or two per value at millions of values (with the
//! same reading code it took 44 s of CPU for the benchmark's lists against 20 s; BENCHMARKS.md).
//! The price is that two different values with the same fingerprint would count as one: at 10^7
//! distinct values the odds of any such pair are about 10^-25.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use indexmap::IndexMap;
use serde::Serialize;
use siphasher::sip128::SipHasher13;

use super::ratio;

/// The SipHash key. Fixed, so that fingerprints made by different threads or runs agree.
const KEY: (u64, u64) = (0x6374_692d_6d61_7475, 0x7269_7479_2d66_6565);

/// A list as the sorted, distinct fingerprints of its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints(Vec<u128>);

impl Fingerprints {
    pub fn of<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut builder = FingerprintBuilder::default();
        for value in values {
            builder.push(value);
        }
        builder.finish()
    }

    /// Distinct values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fingerprints as 16 little-endian bytes each, for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|f| f.to_le_bytes()).collect()
    }

    /// Reads what [`Fingerprints::to_bytes`] wrote; `None` when `bytes` cannot have come from it
    /// (a length not a multiple of 16, or values not sorted and distinct).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let chunks = bytes.chunks_exact(16);
        if !chunks.remainder().is_empty() {
            return None;
        }
        let values: Vec<u128> = chunks
            .map(|c| u128::from_le_bytes(c.try_into().expect("chunks of 16 bytes")))
            .collect();
        values
            .windows(2)
            .all(|pair| pair[0] < pair[1])
            .then_some(Self(values))
    }
}

/// Collects values one at a time (duplicates allowed) into [`Fingerprints`].
#[derive(Debug, Default)]
pub struct FingerprintBuilder {
    hashes: Vec<u128>,
    hasher: Hasher,
}

#[derive(Debug)]
struct Hasher(SipHasher13);

impl Default for Hasher {
    fn default() -> Self {
        Self(SipHasher13::new_with_keys(KEY.0, KEY.1))
    }
}

impl FingerprintBuilder {
    pub fn push(&mut self, value: &str) {
        self.hashes
            .push(self.hasher.0.hash(value.as_bytes()).into());
    }

    pub fn finish(mut self) -> Fingerprints {
        self.hashes.sort_unstable();
        self.hashes.dedup();
        self.hashes.shrink_to_fit();
        Fingerprints(self.hashes)
    }
}

/// The feeds to compare, each with its optional previous list.
#[derive(Default)]
pub struct FeedSet {
    feeds: Vec<Feed>,
}

struct Feed {
    name: String,
    current: Fingerprints,
    previous: Option<Fingerprints>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverlapError {
    #[error("feed `{0}` is given twice")]
    DuplicateFeed(String),
    #[error("a previous list is given for `{0}`, which is not one of the feeds")]
    UnknownFeed(String),
    #[error("the previous list of `{0}` is given twice")]
    DuplicatePrevious(String),
}

/// The figures of one feed.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FeedOverlap {
    pub name: String,
    pub volume: usize,
    pub exclusive: usize,
    pub exclusive_share: Option<f64>,
    pub novelty: Option<f64>,
    pub churn: Option<f64>,
}

/// The result, feeds in the order they were added; `overlap[A][B]` = |A ∩ B| / |A| for B ≠ A.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OverlapReport {
    pub feeds: Vec<FeedOverlap>,
    pub overlap: IndexMap<String, IndexMap<String, Option<f64>>>,
}

impl FeedSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a feed's list of the period.
    pub fn add_feed(&mut self, name: &str, current: Fingerprints) -> Result<(), OverlapError> {
        if self.feeds.iter().any(|f| f.name == name) {
            return Err(OverlapError::DuplicateFeed(name.to_owned()));
        }
        self.feeds.push(Feed {
            name: name.to_owned(),
            current,
            previous: None,
        });
        Ok(())
    }

    /// Gives the list that feed `name` (already added) had in the previous period.
    pub fn set_previous(&mut self, name: &str, previous: Fingerprints) -> Result<(), OverlapError> {
        let feed = self
            .feeds
            .iter_mut()
            .find(|f| f.name == name)
            .ok_or_else(|| OverlapError::UnknownFeed(name.to_owned()))?;
        if feed.previous.is_some() {
            return Err(OverlapError::DuplicatePrevious(name.to_owned()));
        }
        feed.previous = Some(previous);
        Ok(())
    }

    pub fn compute(&self) -> OverlapReport {
        let lists: Vec<&[u128]> = self.feeds.iter().map(|f| f.current.0.as_slice()).collect();
        let Shared { exclusive, pairs } = shared_in_halves(&lists);
        let feeds = self
            .feeds
            .iter()
            .zip(&exclusive)
            .map(|(feed, &exclusive)| {
                let volume = feed.current.len();
                let (novelty, churn) = match &feed.previous {
                    Some(previous) => {
                        let kept = intersection(&feed.current.0, &previous.0);
                        (
                            ratio((volume - kept) as f64, volume as f64),
                            ratio((previous.len() - kept) as f64, volume as f64),
                        )
                    }
                    None => (None, None),
                };
                FeedOverlap {
                    name: feed.name.clone(),
                    volume,
                    exclusive,
                    exclusive_share: ratio(exclusive as f64, volume as f64),
                    novelty,
                    churn,
                }
            })
            .collect();
        let overlap = self
            .feeds
            .iter()
            .enumerate()
            .map(|(a, feed)| {
                let row = self
                    .feeds
                    .iter()
                    .enumerate()
                    .filter(|&(b, _)| b != a)
                    .map(|(b, other)| {
                        let share = ratio(pairs[a][b] as f64, feed.current.len() as f64);
                        (other.name.clone(), share)
                    })
                    .collect();
                (feed.name.clone(), row)
            })
            .collect();
        OverlapReport { feeds, overlap }
    }
}

/// What one pass over all lists finds: per list, the values in no other list; per pair, the values
/// in both.
struct Shared {
    exclusive: Vec<usize>,
    pairs: Vec<Vec<usize>>,
}

/// [`shared`] on two threads: fingerprints are uniform, so the values below 2^127 and those above
/// are two halves of equal work.
fn shared_in_halves(lists: &[&[u128]]) -> Shared {
    const MIDDLE: u128 = 1 << 127;
    let (low, high): (Vec<&[u128]>, Vec<&[u128]>) = lists
        .iter()
        .map(|list| list.split_at(list.partition_point(|&v| v < MIDDLE)))
        .unzip();
    let (low, high) = std::thread::scope(|scope| {
        let high = scope.spawn(|| shared(&high));
        (shared(&low), high.join().expect("the merge does not panic"))
    });
    let exclusive = low
        .exclusive
        .iter()
        .zip(&high.exclusive)
        .map(|(a, b)| a + b)
        .collect();
    let pairs = low
        .pairs
        .iter()
        .zip(&high.pairs)
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x + y).collect())
        .collect();
    Shared { exclusive, pairs }
}

/// A k-way merge of sorted, distinct lists: each value is seen once with the lists that hold it.
fn shared(lists: &[&[u128]]) -> Shared {
    let n = lists.len();
    let mut exclusive = vec![0; n];
    let mut pairs = vec![vec![0; n]; n];
    let mut heads: BinaryHeap<Reverse<(u128, usize)>> = lists
        .iter()
        .enumerate()
        .filter_map(|(list, values)| values.first().map(|&v| Reverse((v, list))))
        .collect();
    let mut positions = vec![0usize; n];
    let mut holders = Vec::with_capacity(n);
    while let Some(Reverse((value, list))) = heads.pop() {
        holders.clear();
        holders.push(list);
        while let Some(&Reverse((next, other))) = heads.peek() {
            if next != value {
                break;
            }
            heads.pop();
            holders.push(other);
        }
        if let [only] = holders[..] {
            exclusive[only] += 1;
        } else {
            for (i, &a) in holders.iter().enumerate() {
                for &b in &holders[i + 1..] {
                    pairs[a][b] += 1;
                    pairs[b][a] += 1;
                }
            }
        }
        for &holder in &holders {
            positions[holder] += 1;
            if let Some(&next) = lists[holder].get(positions[holder]) {
                heads.push(Reverse((next, holder)));
            }
        }
    }
    Shared { exclusive, pairs }
}

/// |a ∩ b| of two sorted lists without duplicates.
fn intersection(a: &[u128], b: &[u128]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(feeds: &[(&str, &[&str])], previous: &[(&str, &[&str])]) -> OverlapReport {
        let mut set = FeedSet::new();
        for (name, values) in feeds {
            set.add_feed(name, Fingerprints::of(values.iter().copied()))
                .unwrap();
        }
        for (name, values) in previous {
            set.set_previous(name, Fingerprints::of(values.iter().copied()))
                .unwrap();
        }
        set.compute()
    }

    #[test]
    fn volume_exclusive_and_pairwise_overlap() {
        // A = {1,2,3,4}, B = {3,4,5}, C = {4,6}; 1 and 2 are A's alone, 5 B's, 6 C's.
        let report = set(
            &[
                ("A", &["1", "2", "3", "4", "4"]),
                ("B", &["3", "4", "5"]),
                ("C", &["4", "6"]),
            ],
            &[],
        );
        let figures: Vec<(&str, usize, usize)> = report
            .feeds
            .iter()
            .map(|f| (f.name.as_str(), f.volume, f.exclusive))
            .collect();
        assert_eq!(figures, [("A", 4, 2), ("B", 3, 1), ("C", 2, 1)]);
        assert_eq!(report.feeds[0].exclusive_share, Some(0.5));
        assert_eq!(report.feeds[1].exclusive_share, Some(1.0 / 3.0));
        assert_eq!(report.overlap["A"]["B"], Some(0.5)); // {3,4} of 4
        assert_eq!(report.overlap["B"]["A"], Some(2.0 / 3.0)); // {3,4} of 3
        assert_eq!(report.overlap["A"]["C"], Some(0.25));
        assert_eq!(report.overlap["C"]["B"], Some(0.5));
        assert!(!report.overlap["A"].contains_key("A"));
        assert_eq!(report.feeds[0].novelty, None);
        assert_eq!(report.feeds[0].churn, None);
    }

    #[test]
    fn novelty_and_churn_against_the_previous_list() {
        // A now {1,2,3,4}, before {3,4,7,8,9}: 1, 2 new; 7, 8, 9 gone.
        let report = set(
            &[("A", &["1", "2", "3", "4"]), ("B", &["9"])],
            &[("A", &["3", "4", "7", "8", "9"])],
        );
        assert_eq!(report.feeds[0].novelty, Some(0.5)); // 2 / 4
        assert_eq!(report.feeds[0].churn, Some(0.75)); // 3 / 4
        assert_eq!(report.feeds[1].novelty, None);
        // Previous lists do not make a value shared.
        assert_eq!(report.feeds[0].exclusive, 4);
    }

    #[test]
    fn an_empty_feed_has_no_ratios() {
        let report = set(&[("A", &[]), ("B", &["x"])], &[("A", &["x"])]);
        let a = &report.feeds[0];
        assert_eq!((a.volume, a.exclusive), (0, 0));
        assert_eq!((a.exclusive_share, a.novelty, a.churn), (None, None, None));
        assert_eq!(report.overlap["A"]["B"], None);
        assert_eq!(report.overlap["B"]["A"], Some(0.0));
    }

    #[test]
    fn json_keeps_the_order_given() {
        let report = set(&[("zeta", &["a"]), ("alpha", &["a", "b"])], &[]);
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(
            json,
            r#"{"feeds":[{"name":"zeta","volume":1,"exclusive":0,"exclusive_share":0.0,"novelty":null,"churn":null},{"name":"alpha","volume":2,"exclusive":1,"exclusive_share":0.5,"novelty":null,"churn":null}],"overlap":{"zeta":{"alpha":1.0},"alpha":{"zeta":0.5}}}"#
        );
    }

    #[test]
    fn names_must_be_unique_and_known() {
        let list = |values: &[&str]| Fingerprints::of(values.iter().copied());
        let mut set = FeedSet::new();
        set.add_feed("A", list(&["x"])).unwrap();
        assert_eq!(
            set.add_feed("A", list(&["y"])),
            Err(OverlapError::DuplicateFeed("A".into()))
        );
        assert_eq!(
            set.set_previous("B", list(&["y"])),
            Err(OverlapError::UnknownFeed("B".into()))
        );
        set.set_previous("A", list(&["y"])).unwrap();
        assert_eq!(
            set.set_previous("A", list(&["z"])),
            Err(OverlapError::DuplicatePrevious("A".into()))
        );
    }

    #[test]
    fn fingerprints_are_sorted_and_distinct() {
        let list = Fingerprints::of(["b", "a", "b", "", "a"]);
        assert_eq!(list.len(), 3);
        assert!(list.0.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            Fingerprints::of(["a", ""])
                .0
                .iter()
                .filter(|h| list.0.contains(h))
                .count(),
            2
        );
    }

    /// The one-pass merge against the plain definition, on lists with every kind of sharing.
    #[test]
    fn the_merge_agrees_with_pairwise_intersections() {
        let lists: Vec<Vec<u128>> = (0..6u128)
            .map(|k| {
                (0..300u128)
                    .filter(|v| v % (k + 2) == 0 || v % 7 == k)
                    // Spread over the whole range, so that both halves have work.
                    .map(|v| v * (u128::MAX / 300))
                    .collect()
            })
            .collect();
        let slices: Vec<&[u128]> = lists.iter().map(Vec::as_slice).collect();
        let Shared { exclusive, pairs } = shared(&slices);
        let halves = shared_in_halves(&slices);
        assert_eq!((&halves.exclusive, &halves.pairs), (&exclusive, &pairs));
        for (a, list) in lists.iter().enumerate() {
            let alone = list
                .iter()
                .filter(|v| {
                    lists
                        .iter()
                        .enumerate()
                        .all(|(b, o)| b == a || !o.contains(v))
                })
                .count();
            assert_eq!(exclusive[a], alone, "list {a}");
            for (b, other) in lists.iter().enumerate() {
                if a != b {
                    assert_eq!(pairs[a][b], intersection(list, other), "{a} ∩ {b}");
                }
            }
        }
    }

    #[test]
    fn fingerprints_round_trip_through_bytes() {
        let fingerprints = Fingerprints::of(["a.example", "b.example", "a.example"]);
        let bytes = fingerprints.to_bytes();
        assert_eq!(bytes.len(), 32);
        assert_eq!(Fingerprints::from_bytes(&bytes), Some(fingerprints));
        assert_eq!(Fingerprints::from_bytes(&bytes[..31]), None);
        let mut swapped = bytes[16..].to_vec();
        swapped.extend_from_slice(&bytes[..16]);
        assert_eq!(Fingerprints::from_bytes(&swapped), None);
        assert_eq!(Fingerprints::from_bytes(&[]), Some(Fingerprints::default()));
    }
}
