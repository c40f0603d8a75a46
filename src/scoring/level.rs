//! The two level rules of a maturity model.

use crate::content::Model;

/// Tolerance for comparing a computed percent with a threshold: 3 of 5 must reach 60 exactly.
const EPSILON: f64 = 1e-9;

/// Threshold rule: the highest level whose minimum percent the score reaches.
pub(super) fn threshold_level(model: &Model, percent: Option<f64>) -> Option<i64> {
    let percent = percent?;
    let reached = model
        .thresholds()
        .iter()
        .take_while(|threshold| **threshold <= percent + EPSILON)
        .count();
    Some(model.levels()[reached.max(1) - 1].id)
}

/// What the cumulative rule needs to know about a scope: per model level, how many applicable
/// questions it has and how many of them fail (unanswered, or below the pass ratio).
#[derive(Debug, Clone)]
pub(super) struct LevelTally {
    applicable: Vec<usize>,
    failing: Vec<usize>,
}

impl LevelTally {
    pub fn new(model: &Model) -> Self {
        let levels = model.levels().len();
        Self {
            applicable: vec![0; levels],
            failing: vec![0; levels],
        }
    }

    /// Counts one applicable question of `level_index`; `passes` is false for an unanswered one.
    pub fn add(&mut self, level_index: usize, passes: bool) {
        self.applicable[level_index] += 1;
        if !passes {
            self.failing[level_index] += 1;
        }
    }

    /// Cumulative rule: walk up from the lowest level while every applicable question passes.
    pub fn level(&self, model: &Model) -> Option<i64> {
        if self.applicable.iter().all(|count| *count == 0) {
            return None;
        }
        let reached = self
            .failing
            .iter()
            .take_while(|failing| **failing == 0)
            .count();
        Some(model.lowest_level() - 1 + reached as i64)
    }
}
