//! Near-duplicates: MinHash signatures of word shingles, LSH band keys to find candidates,
//! and the rule that decides whether two texts are copies of one another.
//!
//! A text's shingles are its runs of [`SHINGLE_WORDS`] consecutive folded words. Two copies of
//! a wire story share most shingles even after edits, a new intro, cuts or reordered
//! paragraphs; two articles on the same story written separately share few. The Jaccard
//! similarity of the shingle sets is estimated from [`HASHES`] MinHash values, and the
//! containment of the shorter text in the longer one (what a truncated copy keeps) follows from
//! it and the two set sizes: |A∩B| = J(|A|+|B|)/(1+J).
//!
//! Candidates come from locality-sensitive hashing: the signature is cut into [`BANDS`] bands
//! of [`BAND_ROWS`] values, and texts that agree on a whole band share a bucket. With 32 bands
//! of 3 rows a pair with Jaccard 0.5 shares a bucket with probability 0.986, a pair at 0.3 with
//! 0.59 and a pair at 0.1 with 0.03; candidates are then verified with the whole signature.

use crate::hash::{combine, hash_bytes, mix};
use crate::text::tokenize;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// MinHash values per signature.
pub const HASHES: usize = 96;
/// Values per LSH band.
pub const BAND_ROWS: usize = 3;
/// LSH bands per signature.
pub const BANDS: usize = HASHES / BAND_ROWS;

/// The MinHash signature of a text, as computed (full 32-bit values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Distinct shingles in the text.
    pub shingles: u32,
    pub values: Vec<u32>,
}

/// The form a signature is stored and compared in: 16 bits of each value. Two unrelated
/// values agree by chance once in 65,536, which moves a Jaccard estimate by 0.00002.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactSignature {
    pub shingles: u32,
    pub values: Vec<u16>,
}

/// The coefficients of the i-th hash function `(a x + b) >> 32` over 64-bit shingle hashes.
fn coefficients() -> &'static [(u64, u64); HASHES] {
    static COEFFICIENTS: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    COEFFICIENTS.get_or_init(|| {
        let mut state = 0x005e_ed0f_d00d_u64;
        let mut out = [(0, 0); HASHES];
        for c in out.iter_mut() {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let a = mix(state) | 1;
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            *c = (a, mix(state));
        }
        out
    })
}

/// The distinct shingle hashes of a text.
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = tokenize(text)
        .iter()
        .map(|t| hash_bytes(t.norm.as_bytes()))
        .collect();
    let mut out: Vec<u64> = if words.is_empty() {
        Vec::new()
    } else if words.len() < SHINGLE_WORDS {
        vec![words.iter().fold(0, |h, &w| combine(h, w))]
    } else {
        words
            .windows(SHINGLE_WORDS)
            .map(|w| w.iter().fold(0, |h, &x| combine(h, x)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

impl Signature {
    /// The signature of a text (an empty text has no shingles and matches nothing).
    pub fn of_text(text: &str) -> Signature {
        Signature::of_shingles(&shingles(text))
    }

    pub fn of_shingles(shingles: &[u64]) -> Signature {
        let mut values = vec![u32::MAX; HASHES];
        for &s in shingles {
            for (v, &(a, b)) in values.iter_mut().zip(coefficients().iter()) {
                let h = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
                if h < *v {
                    *v = h;
                }
            }
        }
        Signature {
            shingles: shingles.len() as u32,
            values,
        }
    }

    /// The LSH bucket key of each band (none for an empty text).
    pub fn bands(&self) -> Vec<i64> {
        if self.shingles == 0 {
            return Vec::new();
        }
        self.values
            .chunks(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let h = rows
                    .iter()
                    .fold(band as u64 + 1, |h, &v| combine(h, v as u64));
                h as i64
            })
            .collect()
    }

    pub fn compact(&self) -> CompactSignature {
        CompactSignature {
            shingles: self.shingles,
            values: self.values.iter().map(|&v| (v >> 16) as u16).collect(),
        }
    }
}

impl CompactSignature {
    /// Little-endian bytes for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads stored bytes; `None` when they are not a signature of this layout.
    pub fn from_bytes(shingles: u32, bytes: &[u8]) -> Option<CompactSignature> {
        (bytes.len() == HASHES * 2).then(|| CompactSignature {
            shingles,
            values: bytes
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect(),
        })
    }
}

/// Estimated overlap of two texts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    /// Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Share of the smaller text's shingles found in the larger one.
    pub containment: f64,
}

/// Estimates the overlap of two texts from their signatures.
pub fn overlap(a: &CompactSignature, b: &CompactSignature) -> Overlap {
    if a.shingles == 0 || b.shingles == 0 {
        return Overlap {
            jaccard: 0.0,
            containment: 0.0,
        };
    }
    let same = a
        .values
        .iter()
        .zip(&b.values)
        .filter(|(x, y)| x == y)
        .count();
    let jaccard = same as f64 / HASHES as f64;
    let (na, nb) = (a.shingles as f64, b.shingles as f64);
    let intersection = jaccard * (na + nb) / (1.0 + jaccard);
    Overlap {
        jaccard,
        containment: (intersection / na.min(nb)).min(1.0),
    }
}

/// When two texts count as copies of one another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateRule {
    /// Copies at or above this Jaccard similarity, whatever their lengths.
    pub min_jaccard: f64,
    /// Or: the shorter text is contained at least this much in the longer one ...
    pub min_containment: f64,
    /// ... and has at least this many shingles (a few shared lines are not a copy) ...
    pub min_contained_shingles: u32,
    /// ... and the Jaccard similarity is at least this (a paragraph quoted in a long article
    /// is not a copy of it).
    pub min_contained_jaccard: f64,
}

impl Default for DuplicateRule {
    /// Chosen on the development half of the generated near-duplicate set (`parallax eval
    /// duplicates`, see docs/BENCHMARKS.md).
    fn default() -> Self {
        DuplicateRule {
            min_jaccard: 0.35,
            min_containment: 0.6,
            min_contained_shingles: 40,
            min_contained_jaccard: 0.25,
        }
    }
}

impl DuplicateRule {
    pub fn is_duplicate(&self, a: &CompactSignature, b: &CompactSignature) -> Option<Overlap> {
        let o = overlap(a, b);
        let smaller = a.shingles.min(b.shingles);
        let copy = o.jaccard >= self.min_jaccard
            || (o.containment >= self.min_containment
                && smaller >= self.min_contained_shingles
                && o.jaccard >= self.min_contained_jaccard);
        copy.then_some(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(seed: u64, words: usize) -> String {
        let vocabulary = [
            "troops",
            "city",
            "airport",
            "road",
            "convoy",
            "fighters",
            "officials",
            "said",
            "river",
            "bridge",
            "village",
            "army",
            "attack",
            "supplies",
            "civilians",
            "night",
            "morning",
            "forces",
            "province",
            "border",
            "group",
            "killed",
            "wounded",
            "hospital",
        ];
        let mut state = seed;
        (0..words)
            .map(|_| {
                state = mix(state.wrapping_add(1));
                vocabulary[(state % vocabulary.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn copies_are_near_and_strangers_far() {
        let original: Vec<String> = (0..6).map(|i| paragraph(i, 60)).collect();
        let text = original.join("\n\n");
        let truncated = original[..4].join("\n\n");
        let mut reordered = original.clone();
        reordered.reverse();
        let other = (10..16)
            .map(|i| paragraph(i, 60))
            .collect::<Vec<_>>()
            .join("\n\n");

        let sig = |t: &str| Signature::of_text(t).compact();
        let rule = DuplicateRule::default();
        let base = sig(&text);
        assert!(overlap(&base, &base).jaccard == 1.0);
        let t = rule
            .is_duplicate(&base, &sig(&truncated))
            .expect("truncated copy");
        assert!(t.containment > 0.9, "{t:?}");
        assert!(rule
            .is_duplicate(&base, &sig(&reordered.join("\n\n")))
            .is_some());
        assert!(rule.is_duplicate(&base, &sig(&other)).is_none());
    }

    #[test]
    fn bands_are_shared_by_identical_texts_only_mostly() {
        let a = Signature::of_text(&paragraph(1, 200));
        let b = Signature::of_text(&paragraph(1, 200));
        let c = Signature::of_text(&paragraph(2, 200));
        assert_eq!(a.bands(), b.bands());
        assert_eq!(a.bands().len(), BANDS);
        let shared = a.bands().iter().filter(|k| c.bands().contains(k)).count();
        assert!(shared < 3, "{shared}");
        assert!(Signature::of_text("").bands().is_empty());
    }

    #[test]
    fn stored_bytes_round_trip() {
        let s = Signature::of_text("one two three four five six").compact();
        let back = CompactSignature::from_bytes(s.shingles, &s.to_bytes()).unwrap();
        assert_eq!(back, s);
        assert!(CompactSignature::from_bytes(1, &[0; 3]).is_none());
    }
}
