//! Word clusters for the persuasion models: Brown cluster paths learned from unlabeled news
//! text, so words that occur in similar contexts ("vile", "despicable") share features even
//! when only one of them was seen in the labelled data.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use parallax_learn::brown::BrownClusters;
use parallax_learn::features::PassThroughHasher;
use parallax_learn::format::{ByteReader, ByteWriter, FormatError};
use parallax_learn::hashing::mix64;

use crate::text::word_hash;

/// Path prefix lengths used as features (coarse to fine).
pub const PREFIXES: [usize; 3] = [4, 8, 12];

/// Words (by lowercase hash) to cluster ids, and each cluster's hashed path prefixes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordClusters {
    words: HashMap<u64, u32, BuildHasherDefault<PassThroughHasher>>,
    prefixes: Vec<[u64; 3]>,
    /// Paths as bit strings, for serialisation.
    paths: Vec<String>,
}

impl WordClusters {
    /// From Brown clusters over lowercase words.
    pub fn from_brown(brown: &BrownClusters) -> Self {
        let mut out = WordClusters::default();
        let mut ids: HashMap<String, u32> = HashMap::new();
        for (word, path) in brown.entries() {
            let next = out.paths.len() as u32;
            let id = *ids.entry(path.to_string()).or_insert_with(|| {
                out.paths.push(path.to_string());
                next
            });
            out.words.insert(word_hash(word), id);
        }
        out.fill_prefixes();
        out
    }

    fn fill_prefixes(&mut self) {
        self.prefixes = self
            .paths
            .iter()
            .map(|p| {
                let mut keys = [0u64; 3];
                for (k, &len) in keys.iter_mut().zip(&PREFIXES) {
                    let prefix = &p[..len.min(p.len())];
                    *k = mix64(parallax_learn::hashing::hash_str(prefix) ^ len as u64);
                }
                keys
            })
            .collect();
    }

    /// The cluster of a word hash.
    #[inline]
    pub fn cluster(&self, word: u64) -> Option<u32> {
        self.words.get(&word).copied()
    }

    /// Hashed path prefixes of a cluster.
    #[inline]
    pub fn prefixes(&self, cluster: u32) -> &[u64; 3] {
        &self.prefixes[cluster as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Serialises paths (bit-packed) and word hashes grouped by cluster.
    pub fn write(&self, out: &mut ByteWriter) {
        out.varint(self.paths.len() as u64);
        for p in &self.paths {
            out.str(p);
        }
        let mut entries: Vec<(u64, u32)> = self.words.iter().map(|(&w, &c)| (w, c)).collect();
        entries.sort_unstable();
        out.varint(entries.len() as u64);
        let mut previous = 0u64;
        for (w, c) in entries {
            out.varint(w - previous);
            previous = w;
            out.varint(c as u64);
        }
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let malformed = |reason: &str| FormatError::Malformed {
            section: "clusters".into(),
            reason: reason.into(),
        };
        let n = input.varint()? as usize;
        let mut out = WordClusters::default();
        for _ in 0..n.min(1 << 20) {
            let p = input.str()?;
            if !p.bytes().all(|b| b == b'0' || b == b'1') {
                return Err(malformed("cluster path is not a bit string"));
            }
            out.paths.push(p.to_string());
        }
        let words = input.varint()? as usize;
        let mut previous = 0u64;
        for _ in 0..words.min(1 << 24) {
            previous = previous.wrapping_add(input.varint()?);
            let c = input.varint()? as u32;
            if c as usize >= out.paths.len() {
                return Err(malformed("cluster id out of range"));
            }
            out.words.insert(previous, c);
        }
        out.fill_prefixes();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_lookup() {
        let brown = BrownClusters::from_entries([
            ("vile".to_string(), "0110".to_string()),
            ("despicable".to_string(), "0110".to_string()),
            ("said".to_string(), "1".to_string()),
        ]);
        let c = WordClusters::from_brown(&brown);
        let a = c.cluster(word_hash("vile")).unwrap();
        assert_eq!(Some(a), c.cluster(word_hash("despicable")));
        assert_ne!(Some(a), c.cluster(word_hash("said")));
        assert_eq!(c.cluster(word_hash("unknown")), None);
        let mut out = ByteWriter::new();
        c.write(&mut out);
        let bytes = out.into_inner();
        let back = WordClusters::read(&mut ByteReader::new(&bytes)).unwrap();
        assert_eq!(back, c);
    }
}
