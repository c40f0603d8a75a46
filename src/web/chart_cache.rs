//! Charts rendered once per distinct input. The key is the SHA-256 of the input's full debug form
//! (every value and name it is drawn from), so a chart is redrawn exactly when something in it
//! would change; two app instances each keep their own copy and can never disagree, because the
//! same input always draws the same chart. Bounded: cleared when full.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::charts::{self, Chart, Plot};

const CAPACITY: usize = 2048;

/// Canvas width of a chart shown beside another (`div.chart-pair`): about the width it is shown
/// at on a laptop, so its text keeps its size instead of being scaled down from
/// [`charts::style::WIDTH`].
pub const PAIR_WIDTH: u32 = 560;

#[derive(Default)]
pub struct ChartCache(Mutex<HashMap<[u8; 32], Arc<Chart>>>);

impl ChartCache {
    /// The chart of `input`, drawn on the first request for it.
    pub fn svg<P: Plot + Debug>(&self, input: &P) -> charts::Result<Arc<Chart>> {
        self.svg_at(input, charts::style::WIDTH)
    }

    /// The chart of `input` laid out for a canvas `width` pixels wide (see [`charts::svg_at`]).
    pub fn svg_at<P: Plot + Debug>(&self, input: &P, width: u32) -> charts::Result<Arc<Chart>> {
        let key: [u8; 32] =
            Sha256::digest(format!("{}:{width}:{input:?}", std::any::type_name::<P>())).into();
        if let Some(chart) = self.0.lock().expect("cache lock").get(&key) {
            return Ok(Arc::clone(chart));
        }
        let chart = Arc::new(charts::svg_at(input, width)?);
        let mut cache = self.0.lock().expect("cache lock");
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&chart));
        Ok(chart)
    }

    pub fn len(&self) -> usize {
        self.0.lock().expect("cache lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::TrendInput;

    fn input(percent: f64) -> TrendInput {
        TrendInput {
            title: "Overall maturity by quarter".to_owned(),
            quarters: vec!["2026-Q2".to_owned(), "2026-Q3".to_owned()],
            percent: vec![Some(40.0), Some(percent)],
            level: vec![Some(2), Some(3)],
        }
    }

    #[test]
    fn the_same_input_is_drawn_once_and_a_change_draws_anew() {
        let cache = ChartCache::default();
        let first = cache.svg(&input(55.0)).unwrap();
        let again = cache.svg(&input(55.0)).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(cache.len(), 1);
        let changed = cache.svg(&input(56.0)).unwrap();
        assert!(!Arc::ptr_eq(&first, &changed));
        assert_eq!(cache.len(), 2);
        assert!(changed.svg.contains("56"), "the new value is drawn");
    }
}
