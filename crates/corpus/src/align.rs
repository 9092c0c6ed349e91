//! Claim alignment: the same proposition stated in other words by another article of the
//! same event.
//!
//! Two claims align when the IDF-weighted cosine of their keys (entity ids, content-word stems,
//! numbers; see [`crate::digest::ClaimDigest`]) clears [`ClaimConfig::threshold`] and they share
//! at least [`ClaimConfig::min_shared`] keys. Entity ids carry the paraphrase across spellings
//! ("IS", "Daesh", "Islamic State"); stems carry it across inflections ("cutting off", "cut
//! off"). Alignment is incremental: a new claim joins the group of its best match among the
//! claims of the event's other articles, with the stance the dispute detector gives the pair
//! (see [`crate::dispute`]).

use crate::digest::ClaimDigest;

/// Settings of claim alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimConfig {
    /// Minimum IDF-weighted cosine of two claims' keys.
    pub threshold: f64,
    /// Minimum number of keys the two claims share.
    pub min_shared: usize,
    /// Claims with fewer keys than this are not aligned (too little to compare).
    pub min_keys: usize,
    /// Members of an event a new article's claims are compared with (the earliest ones):
    /// bounds the work on very large events.
    pub max_members: usize,
    /// Probability above which the dispute detector calls a pair a dispute.
    pub dispute_threshold: f64,
}

impl Default for ClaimConfig {
    fn default() -> Self {
        ClaimConfig {
            threshold: 0.3,
            min_shared: 2,
            min_keys: 3,
            max_members: 100,
            dispute_threshold: 0.5,
        }
    }
}

/// The IDF-weighted cosine of two claims and the number of keys they share.
pub fn similarity(a: &ClaimDigest, b: &ClaimDigest, idf: &impl Fn(u32) -> f64) -> (f64, usize) {
    let (x, y) = (&a.keys.0, &b.keys.0);
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = idf(x[i].0);
                dot += x[i].1 as f64 * y[j].1 as f64 * w * w;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if shared == 0 {
        return (0.0, 0);
    }
    let norm = |v: &[(u32, f32)]| -> f64 {
        v.iter()
            .map(|&(k, w)| {
                let w = w as f64 * idf(k);
                w * w
            })
            .sum::<f64>()
            .sqrt()
    };
    (dot / (norm(x) * norm(y)), shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{entity_key, word_key};
    use crate::vector::SparseVec;

    fn claim(words: &[&str], entities: &[&str]) -> ClaimDigest {
        let keys = words
            .iter()
            .map(|w| (word_key(w), 1.0))
            .chain(entities.iter().map(|e| (entity_key(e), 1.5)))
            .collect();
        ClaimDigest {
            position: 0,
            keys: SparseVec::from_pairs(keys),
            words: words.iter().map(|w| w.to_string()).collect(),
            attributed: false,
        }
    }

    #[test]
    fn paraphrases_score_above_unrelated_claims_of_the_same_story() {
        let idf = |_k: u32| 1.0;
        let severed = claim(
            &["supply", "route", "cut", "severed", "road", "air", "base"],
            &["org:is"],
        );
        let cutting = claim(
            &["advanced", "cutting", "key", "air", "base", "supplying"],
            &["org:is", "loc:dz"],
        );
        let other = claim(
            &["fighters", "came", "from", "mosul"],
            &["org:is", "loc:dz"],
        );
        let (s1, n1) = similarity(&severed, &cutting, &idf);
        let (s2, _) = similarity(&severed, &other, &idf);
        assert!(n1 >= 4 && s1 > s2, "{s1} {s2}");
        assert!((similarity(&severed, &severed, &idf).0 - 1.0).abs() < 1e-9);
    }
}
