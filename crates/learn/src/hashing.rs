//! Stable 64-bit feature keys.
//!
//! A feature is a template id plus a few string or integer parts ("word at -1 = the"). Its key
//! is a 64-bit hash that is the same on every platform and in every run, so keys can be stored
//! in model files. The hash is FNV-1a over the parts with a separator byte that never occurs in
//! UTF-8 (so `("ab", "c")` and `("a", "bc")` differ), finished with the MurmurHash3 mixer to
//! spread the bits.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// 0xFF is never a byte of valid UTF-8, so it cleanly separates string parts.
const SEPARATOR: u8 = 0xff;

/// Builder of one feature key: `FeatureKey::new(TEMPLATE).str("word").finish()`.
#[derive(Debug, Clone, Copy)]
pub struct FeatureKey {
    state: u64,
}

impl FeatureKey {
    /// Starts a key for the given feature template.
    #[inline]
    pub fn new(template: u32) -> Self {
        let mut key = FeatureKey { state: FNV_OFFSET };
        key.bytes(&template.to_le_bytes());
        key
    }

    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        let mut state = self.state;
        for &b in bytes {
            state ^= b as u64;
            state = state.wrapping_mul(FNV_PRIME);
        }
        self.state = state;
    }

    /// Appends a string part.
    #[inline]
    pub fn str(mut self, part: &str) -> Self {
        self.bytes(part.as_bytes());
        self.bytes(&[SEPARATOR]);
        self
    }

    /// Appends a string part given as characters (avoids building a `String`).
    #[inline]
    pub fn chars<I: IntoIterator<Item = char>>(mut self, part: I) -> Self {
        let mut buf = [0u8; 4];
        for c in part {
            self.bytes(c.encode_utf8(&mut buf).as_bytes());
        }
        self.bytes(&[SEPARATOR]);
        self
    }

    /// Appends an integer part.
    #[inline]
    pub fn int(mut self, part: u64) -> Self {
        self.bytes(&part.to_le_bytes());
        self.bytes(&[SEPARATOR]);
        self
    }

    /// The finished key.
    #[inline]
    pub fn finish(self) -> u64 {
        mix64(self.state)
    }
}

/// Keys of the word n-grams (`n` in `sizes`) of a token sequence under one template; the
/// n-gram length is part of the key. Typical bag-of-n-grams input for a linear classifier.
pub fn word_ngrams<S: AsRef<str>>(
    template: u32,
    words: &[S],
    sizes: std::ops::RangeInclusive<usize>,
    out: &mut Vec<u64>,
) {
    for n in sizes {
        if n == 0 || n > words.len() {
            continue;
        }
        for window in words.windows(n) {
            let mut key = FeatureKey::new(template).int(n as u64);
            for w in window {
                key = key.str(w.as_ref());
            }
            out.push(key.finish());
        }
    }
}

/// Keys of the character n-grams (`n` in `sizes`) of a text, with `^` and `$` marking its
/// start and end, under one template. Robust to spelling variants and unseen words.
pub fn char_ngrams(
    template: u32,
    text: &str,
    sizes: std::ops::RangeInclusive<usize>,
    out: &mut Vec<u64>,
) {
    let chars: Vec<char> = std::iter::once('^')
        .chain(text.chars())
        .chain(std::iter::once('$'))
        .collect();
    for n in sizes {
        if n == 0 || n > chars.len() {
            continue;
        }
        for window in chars.windows(n) {
            out.push(
                FeatureKey::new(template)
                    .int(n as u64)
                    .chars(window.iter().copied())
                    .finish(),
            );
        }
    }
}

/// The MurmurHash3 64-bit finaliser: a bijection that spreads every input bit over the output.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// The SplitMix64 output function (used by [`crate::rng::SplitMix64`]).
#[inline]
pub(crate) fn mix64_splitmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stable hash of a whole string (for lexicon lookups keyed by word).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    FeatureKey::new(0).str(s).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_part_boundaries_matter() {
        let a = FeatureKey::new(3).str("ab").str("c").finish();
        let b = FeatureKey::new(3).str("a").str("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, FeatureKey::new(3).str("ab").str("c").finish());
        assert_ne!(a, FeatureKey::new(4).str("ab").str("c").finish());
        // Pinned value: model files store these keys, so the function must never change.
        assert_eq!(
            FeatureKey::new(1).str("word").finish(),
            289_821_778_056_883_486
        );
    }

    #[test]
    fn ngram_counts() {
        let mut out = Vec::new();
        word_ngrams(1, &["a", "b", "c"], 1..=2, &mut out);
        assert_eq!(out.len(), 5);
        assert_eq!(out[0], FeatureKey::new(1).int(1).str("a").finish());
        out.clear();
        char_ngrams(2, "ab", 2..=3, &mut out); // "^ab$": 3 bigrams, 2 trigrams
        assert_eq!(out.len(), 5);
        out.clear();
        word_ngrams(1, &["a"], 2..=3, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn chars_and_str_agree() {
        let s = "Zürich";
        assert_eq!(
            FeatureKey::new(9).str(s).finish(),
            FeatureKey::new(9).chars(s.chars()).finish()
        );
    }
}
