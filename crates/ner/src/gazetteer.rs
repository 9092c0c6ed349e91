//! Entity-name lists built from labelled training data, matched against token sequences.
//!
//! Matches become tagger features, so the tagger learns how far to trust them. To keep the
//! tagger from trusting them blindly, training features use a gazetteer built from the other
//! folds of the training documents only (jackknifing).

use foldhash::{HashMap, HashSet};
use parallax_core::EntityType;
use parallax_learn::format::{ByteReader, ByteWriter, FormatError};

use crate::lexicon::normalize;

/// Longest entry, in tokens.
pub const MAX_ENTRY_TOKENS: usize = 6;

/// Normalised entity names (tokens joined by a space) with the types they were seen as.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    /// Bit `i` set: seen as `EntityType::ALL[i]`.
    entries: HashMap<String, u8>,
    /// First token of every entry, with the most tokens an entry starting with it has: most
    /// tokens start no entry, and are passed over with one lookup.
    first_tokens: HashMap<String, usize>,
    /// Last token of every entry: most spans tried end in a token that ends no entry, and are
    /// passed over without joining their tokens and looking the whole span up.
    last_tokens: HashSet<String>,
}

/// A match of the gazetteer over tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazetteerMatch {
    pub start: usize,
    pub end: usize,
    pub types: u8,
}

impl Gazetteer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, words: &[&str], entity_type: EntityType) {
        if words.is_empty() || words.len() > MAX_ENTRY_TOKENS {
            return;
        }
        let key = key(words.iter().copied());
        self.note_ends(&key);
        let bit = 1u8
            << EntityType::ALL
                .iter()
                .position(|&t| t == entity_type)
                .expect("known type");
        *self.entries.entry(key).or_insert(0) |= bit;
    }

    fn note_ends(&mut self, key: &str) {
        let first = key.split(' ').next().unwrap_or("");
        let tokens = key.split(' ').count();
        let longest = self.first_tokens.entry(first.to_string()).or_insert(0);
        *longest = (*longest).max(tokens);
        let last = key.rsplit(' ').next().unwrap_or("");
        if !self.last_tokens.contains(last) {
            self.last_tokens.insert(last.to_string());
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Greedy longest matches, left to right, of names in a token sequence (given normalised).
    pub fn matches<S: AsRef<str>>(&self, normalized: &[S]) -> Vec<GazetteerMatch> {
        self.matches_bounded(
            normalized,
            |i| self.max_tokens_from(normalized[i].as_ref()),
            |i| self.may_end_entry(normalized[i].as_ref()),
        )
    }

    /// Whether an entry can end with a token of this normalised form: the text after an
    /// entry's last space is its last token (a token with a space in it may end any).
    pub fn may_end_entry(&self, normalized: &str) -> bool {
        normalized.contains(' ') || self.last_tokens.contains(normalized)
    }

    /// An upper bound on the tokens of an entry a match starting at a token with this
    /// normalised form can have (0: no entry starts with it).
    pub fn max_tokens_from(&self, normalized: &str) -> usize {
        // Entries are keyed by their tokens joined with spaces, so a match starts with the
        // text before an entry's first space (a token with a space in it is tried fully).
        if normalized.contains(' ') {
            MAX_ENTRY_TOKENS
        } else {
            self.first_tokens.get(normalized).copied().unwrap_or(0)
        }
    }

    /// [`Gazetteer::matches`] given `max_tokens(i)` = `max_tokens_from(normalized[i])` and
    /// `may_end(i)` = `may_end_entry(normalized[i])` (for example computed once per distinct
    /// word).
    pub fn matches_bounded<S: AsRef<str>>(
        &self,
        normalized: &[S],
        max_tokens: impl Fn(usize) -> usize,
        may_end: impl Fn(usize) -> bool,
    ) -> Vec<GazetteerMatch> {
        let mut out = Vec::new();
        if self.entries.is_empty() {
            return out;
        }
        let mut i = 0;
        let mut buf = String::new();
        while i < normalized.len() {
            let mut found = None;
            let longest = max_tokens(i)
                .min(MAX_ENTRY_TOKENS)
                .min(normalized.len() - i);
            for len in (1..=longest).rev() {
                if !may_end(i + len - 1) {
                    continue;
                }
                buf.clear();
                for (k, w) in normalized[i..i + len].iter().enumerate() {
                    if k > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(w.as_ref());
                }
                if let Some(&types) = self.entries.get(buf.as_str()) {
                    found = Some(GazetteerMatch {
                        start: i,
                        end: i + len,
                        types,
                    });
                    break;
                }
            }
            match found {
                Some(m) => {
                    out.push(m);
                    i = m.end;
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn write(&self, out: &mut ByteWriter) {
        let mut entries: Vec<(&String, &u8)> = self.entries.iter().collect();
        entries.sort_unstable();
        out.varint(entries.len() as u64);
        for (k, t) in entries {
            out.str(k);
            out.u8(*t);
        }
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let n = input.varint()? as usize;
        let mut gazetteer = Gazetteer {
            entries: HashMap::with_capacity_and_hasher(n.min(1 << 20), Default::default()),
            first_tokens: HashMap::default(),
            last_tokens: HashSet::default(),
        };
        for _ in 0..n {
            let k = input.str()?.to_string();
            gazetteer.note_ends(&k);
            gazetteer.entries.insert(k, input.u8()?);
        }
        Ok(gazetteer)
    }
}

fn key<'a, I: Iterator<Item = &'a str>>(words: I) -> String {
    let mut out = String::new();
    for (i, w) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&normalize(w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins() {
        let mut g = Gazetteer::new();
        g.add(&["New", "York"], EntityType::Location);
        g.add(&["New", "York", "Times"], EntityType::Organization);
        g.add(&["York"], EntityType::Location);
        let words: Vec<String> = ["the", "NEW", "YORK", "TIMES", "in", "York"]
            .iter()
            .map(|w| normalize(w))
            .collect();
        let m = g.matches(&words);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (1, 4));
        assert_eq!(m[0].types, 1 << 1);
        assert_eq!((m[1].start, m[1].end, m[1].types), (5, 6, 1 << 2));
    }
}
