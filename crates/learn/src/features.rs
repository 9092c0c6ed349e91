//! Interning feature keys into dense row ids.
//!
//! Training extracts 64-bit [`crate::hashing::FeatureKey`]s; weight tables are indexed by
//! dense `u32` rows. A [`FeatureIndex`] maps one to the other and can be built with a count
//! cut-off (features seen fewer than `min_count` times carry too little evidence and bloat the
//! model).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `Hasher` for keys that are already well-mixed 64-bit hashes: it passes them through.
#[derive(Default, Clone, Copy)]
pub struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only used for u64 keys; fold anything else in FNV style so it still works.
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// A `HashMap` keyed by pre-hashed `u64` keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<PassThroughHasher>>;

/// Maps feature keys to dense row ids `0..len()`.
#[derive(Debug, Clone, Default)]
pub struct FeatureIndex {
    rows: KeyMap<u32>,
    keys: Vec<u64>,
}

impl FeatureIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds an index of the keys that occur at least `min_count` times in `occurrences`,
    /// numbered in order of first occurrence (so the numbering is deterministic).
    pub fn from_counts<'a, I>(occurrences: I, min_count: u32) -> Self
    where
        I: IntoIterator<Item = &'a u64>,
    {
        let mut counts: KeyMap<u32> = KeyMap::default();
        let mut order: Vec<u64> = Vec::new();
        for &key in occurrences {
            let count = counts.entry(key).or_insert(0);
            if *count == 0 {
                order.push(key);
            }
            *count += 1;
        }
        let mut index = FeatureIndex::new();
        for key in order {
            if counts[&key] >= min_count {
                index.insert(key);
            }
        }
        index
    }

    /// The row of `key`, adding it if new.
    pub fn insert(&mut self, key: u64) -> u32 {
        let next = self.keys.len() as u32;
        let row = *self.rows.entry(key).or_insert(next);
        if row == next {
            self.keys.push(key);
        }
        row
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<u32> {
        self.rows.get(&key).copied()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Keys in row order.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Rebuilds an index from keys in row order (as stored in a model file).
    pub fn from_keys(keys: Vec<u64>) -> Self {
        let mut rows = KeyMap::default();
        rows.reserve(keys.len());
        for (i, &k) in keys.iter().enumerate() {
            rows.insert(k, i as u32);
        }
        FeatureIndex { rows, keys }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_cutoff_keeps_frequent_keys_in_first_seen_order() {
        let occurrences = [5u64, 7, 5, 9, 7, 5, 11];
        let index = FeatureIndex::from_counts(&occurrences, 2);
        assert_eq!(index.keys(), &[5, 7]);
        assert_eq!(index.get(7), Some(1));
        assert_eq!(index.get(9), None);
        let rebuilt = FeatureIndex::from_keys(index.keys().to_vec());
        assert_eq!(rebuilt.get(5), Some(0));
    }
}
