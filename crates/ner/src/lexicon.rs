//! Word knowledge learned from unlabeled news text: Brown cluster paths and how often a word
//! is capitalised when it is not sentence-initial (a proper-noun prior that rescues
//! sentence-initial and all-caps headline words).

use std::collections::HashMap;

use parallax_learn::brown::BrownClusters;
use parallax_learn::format::{ByteReader, ByteWriter, FormatError};

/// The form a word is clustered and looked up under: lowercase with every digit as `0`.
pub fn normalize(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Capitalisation prior of a word: `bucket(share of capitalised non-initial occurrences)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CasingLexicon {
    buckets: foldhash::HashMap<String, u8>,
}

/// Occurrences a word needs before its casing share is trusted.
const CASING_MIN_COUNT: u32 = 3;

impl CasingLexicon {
    /// Counts, over sentences of tokens, how often each word is capitalised when it is neither
    /// the first token nor in an all-caps headline.
    pub fn build<S: AsRef<str>>(sentences: &[Vec<S>]) -> Self {
        let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
        for sentence in sentences {
            let words: Vec<&str> = sentence.iter().map(|w| w.as_ref()).collect();
            if crate::features::is_headline(&words) {
                continue;
            }
            for w in words.iter().skip(1) {
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if !first.is_alphabetic() {
                    continue;
                }
                let entry = counts.entry(normalize(w)).or_insert((0, 0));
                if first.is_uppercase() {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
        }
        let buckets = counts
            .into_iter()
            .filter(|(_, (cap, low))| cap + low >= CASING_MIN_COUNT)
            .map(|(w, (cap, low))| (w, bucket(cap as f64 / (cap + low) as f64)))
            .collect();
        CasingLexicon { buckets }
    }

    /// Bucket 1..=5 of the capitalised share, or 0 when the word is unknown.
    pub fn bucket(&self, normalized: &str) -> u8 {
        self.buckets.get(normalized).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    pub fn write(&self, out: &mut ByteWriter) {
        let mut entries: Vec<(&String, &u8)> = self.buckets.iter().collect();
        entries.sort_unstable();
        out.varint(entries.len() as u64);
        for (w, b) in entries {
            out.str(w);
            out.u8(*b);
        }
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let n = input.varint()? as usize;
        let mut buckets =
            foldhash::HashMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let w = input.str()?.to_string();
            buckets.insert(w, input.u8()?);
        }
        Ok(CasingLexicon { buckets })
    }
}

fn bucket(share: f64) -> u8 {
    match share {
        s if s < 0.05 => 1,
        s if s < 0.35 => 2,
        s if s < 0.65 => 3,
        s if s < 0.95 => 4,
        _ => 5,
    }
}

/// Cluster paths looked up by normalised word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    pub brown: BrownClusters,
}

impl Clusters {
    pub fn path(&self, normalized: &str) -> Option<&str> {
        self.brown.path(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_prior_separates_names_from_common_words() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Yesterday", "Smith", "met", "the", "press"],
            vec!["The", "press", "liked", "Smith"],
            vec!["Press", "officers", "saw", "Smith", "and", "the", "press"],
        ];
        let lexicon = CasingLexicon::build(&sentences);
        assert_eq!(lexicon.bucket("smith"), 5);
        assert_eq!(lexicon.bucket("press"), 1);
        assert_eq!(lexicon.bucket("unknown"), 0);
        assert_eq!(normalize("ÉTÉ-1996"), "été-0000");
    }
}
