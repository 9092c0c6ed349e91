//! Claim alignment: the same proposition stated in other words by another article of the
//! same event.
//!
//! Two claims align when the IDF-weighted cosine of their keys (entity ids, content-word stems,
//! numbers; see [`crate::digest::ClaimDigest`]) clears [`ClaimConfig::threshold`] and they share
//! at least [`ClaimConfig::min_shared`] keys. Entity ids carry the paraphrase across spellings
//! ("IS", "Daesh", "Islamic State"); stems carry it across inflections ("cutting off", "cut
//! off"). A sentence joining two clauses ("rebels advanced in the province, cutting off the
//! air base") states two propositions, and the cosine of the whole sentence understates its match
//! with either; so claims are compared by their best pair of units, the whole sentence or one of
//! its clauses ([`similarity`]).
//!
//! Alignment is incremental: a new claim joins the group of its best match among the claims of
//! the event's other articles, and every other group whose claim it also matches (up to
//! [`ClaimConfig::max_groups`]), with the stance the dispute detector gives each pair (see
//! [`crate::dispute`]). Joining one group only lost the second proposition of a compound
//! sentence, and split one proposition across groups that later statements could not bridge:
//! on FNC-1 (`parallax eval alignment`, docs/BENCHMARKS.md) the two changes together raise the
//! recall of headline-body alignment from 0.19 to 0.51 at the same precision (dev).

use crate::digest::ClaimDigest;
use crate::vector::SparseVec;

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
    /// Claim groups one claim may join (the best matches first): bounds the work and the
    /// links; on FNC-1 dev, 8 gives what no bound gives.
    pub max_groups: usize,
    /// Whether the clauses of a sentence are compared on their own too.
    pub clauses: bool,
}

impl Default for ClaimConfig {
    fn default() -> Self {
        ClaimConfig {
            threshold: 0.3,
            min_shared: 2,
            min_keys: 3,
            max_members: 100,
            dispute_threshold: 0.5,
            max_groups: 8,
            clauses: true,
        }
    }
}

/// The units a claim is compared by: the whole sentence, then each of its clauses (with
/// `clauses`).
pub fn units(c: &ClaimDigest, clauses: bool) -> impl Iterator<Item = &SparseVec> {
    let parts = if clauses { &c.parts[..] } else { &[] };
    std::iter::once(&c.keys).chain(parts.iter())
}

/// The similarity of two claims: the best IDF-weighted cosine between a unit of one and a unit
/// of the other sharing at least `min_shared` keys (0 when none does). Comparing clauses lets
/// a sentence that states two propositions match each of them.
pub fn similarity(
    a: &ClaimDigest,
    b: &ClaimDigest,
    idf: &impl Fn(u32) -> f64,
    config: &ClaimConfig,
) -> f64 {
    let weighted = |c: &ClaimDigest| -> Vec<SparseVec> {
        units(c, config.clauses)
            .map(|u| u.weighted(idf).normalized())
            .collect()
    };
    best_match(&weighted(a), &weighted(b), config.min_shared)
}

/// The best dot product between unit-length unit vectors sharing at least `min_shared` keys.
pub fn best_match(a: &[SparseVec], b: &[SparseVec], min_shared: usize) -> f64 {
    let mut best = 0.0f64;
    for x in a {
        for y in b {
            let (dot, shared) = dot_shared(x, y);
            if shared >= min_shared && dot > best {
                best = dot;
            }
        }
    }
    best
}

/// The dot product of two vectors and the number of keys they share.
pub fn dot_shared(a: &SparseVec, b: &SparseVec) -> (f64, usize) {
    let (x, y) = (&a.0, &b.0);
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += x[i].1 as f64 * y[j].1 as f64;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (dot, shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{entity_key, word_key};

    fn claim(words: &[&str], entities: &[&str]) -> ClaimDigest {
        let keys = words
            .iter()
            .map(|w| (word_key(w), 1.0))
            .chain(entities.iter().map(|e| (entity_key(e), 1.5)))
            .collect();
        ClaimDigest {
            position: 0,
            keys: SparseVec::from_pairs(keys),
            dispute: crate::dispute::DisputeSide::default(),
            attributed: false,
            parts: Vec::new(),
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
        let config = ClaimConfig::default();
        let s1 = similarity(&severed, &cutting, &idf, &config);
        let s2 = similarity(&severed, &other, &idf, &config);
        assert!(s1 > s2, "{s1} {s2}");
        assert!((similarity(&severed, &severed, &idf, &config) - 1.0).abs() < 1e-6);
    }
}
