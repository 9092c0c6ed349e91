//! Feature extraction shared by the persuasion models: an article is prepared once (tokens,
//! lexicon cues, article-wide word counts), then sentences, tokens and spans read from it.
//!
//! Features are hashed 64-bit keys with values ([`crate::linear::Features`]). Templates are
//! small integers mixed into the key, so the same word under two templates gives two features.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use parallax_learn::features::PassThroughHasher;
use parallax_learn::hashing::mix64;

use crate::clusters::WordClusters;
use crate::lexicon::{is_stopword, Cue, Lexicon, CUE_COUNT};
use crate::linear::Features;
use crate::text::{flag, Doc, Kind, Token};

type CountMap = HashMap<u64, u16, BuildHasherDefault<PassThroughHasher>>;

/// Feature templates (never renumber: model files store the keys they produce).
pub mod template {
    pub const WORD: u64 = 1;
    pub const BIGRAM: u64 = 2;
    pub const CUE: u64 = 3;
    pub const LENGTH: u64 = 4;
    pub const PUNCT: u64 = 5;
    pub const SHAPE: u64 = 6;
    pub const POSITION: u64 = 7;
    pub const REPEAT: u64 = 8;
    pub const ARTICLE: u64 = 9;
    pub const QUOTED: u64 = 10;
    pub const STRUCTURE: u64 = 11;
    pub const STEM: u64 = 12;
    pub const CONTEXT: u64 = 13;
    pub const BIAS: u64 = 14;
    pub const CLUSTER: u64 = 15;
    // Token-tagger templates.
    pub const T_WORD: u64 = 20;
    pub const T_PREV: u64 = 21;
    pub const T_NEXT: u64 = 22;
    pub const T_PREV2: u64 = 23;
    pub const T_NEXT2: u64 = 24;
    pub const T_BI_LEFT: u64 = 25;
    pub const T_BI_RIGHT: u64 = 26;
    pub const T_CUE: u64 = 27;
    pub const T_CUE_PREV: u64 = 28;
    pub const T_CUE_NEXT: u64 = 29;
    pub const T_SHAPE: u64 = 30;
    pub const T_SENTENCE: u64 = 31;
    pub const T_POSITION: u64 = 32;
    pub const T_REPEAT: u64 = 33;
    pub const T_STEM: u64 = 34;
    pub const T_QUOTED: u64 = 35;
    pub const T_SENT_CUE: u64 = 36;
    pub const T_CLUSTER: u64 = 37;
    pub const T_SUFFIX: u64 = 38;
    // Span-classifier templates.
    pub const S_WORD: u64 = 40;
    pub const S_BIGRAM: u64 = 41;
    pub const S_FIRST: u64 = 42;
    pub const S_LAST: u64 = 43;
    pub const S_LENGTH: u64 = 44;
    pub const S_BEFORE: u64 = 45;
    pub const S_AFTER: u64 = 46;
    pub const S_CUE: u64 = 47;
    pub const S_REPEAT: u64 = 48;
    pub const S_SHAPE: u64 = 49;
    pub const S_SENTENCE: u64 = 50;
    pub const S_STEM: u64 = 51;
    pub const S_BEFORE2: u64 = 52;
    pub const S_COVER: u64 = 53;
}

/// A feature key from a template and one value.
#[inline]
pub fn key(template: u64, a: u64) -> u64 {
    mix64(a ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A feature key from a template and two values.
#[inline]
pub fn key2(template: u64, a: u64, b: u64) -> u64 {
    mix64(key(template, a).rotate_left(29) ^ b)
}

/// Bucket of a count on a rough log scale: 0, 1, 2, 3-4, 5-8, 9-16, 17+.
#[inline]
pub fn count_bucket(n: usize) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=4 => 3,
        5..=8 => 4,
        9..=16 => 5,
        _ => 6,
    }
}

/// Bucket of a probability in tenths.
#[inline]
pub fn probability_bucket(p: f32) -> u64 {
    ((p.clamp(0.0, 0.999) * 10.0) as u64).min(9)
}

/// An article ready for feature extraction.
pub struct Prepared<'t> {
    pub text: &'t str,
    pub doc: Doc,
    /// Lexicon cue bits per token.
    pub cues: Vec<u32>,
    /// How often each content-word stem occurs in the article.
    stem_counts: CountMap,
    /// How often each adjacent word pair (not both function words) occurs in the article.
    pair_counts: CountMap,
    /// [`Prepared::pair_repeats`] of each token in its sentence, which the features of the
    /// token and of the next one read.
    token_pair_repeats: Vec<u16>,
    /// Cue tokens per 100 words, per cue class.
    pub cue_density: [f32; CUE_COUNT],
    pub words: usize,
    /// Word cluster of each token (`NO_CLUSTER` when unknown).
    clusters: Vec<u32>,
    cluster_table: Option<&'t WordClusters>,
    /// [`Prepared::sentence_shape`] of each sentence, which every token's features read.
    sentence_shapes: Vec<u64>,
    /// The word hash of every word token, in order (punctuation and numbers left out).
    word_sequence: Vec<u64>,
}

const NO_CLUSTER: u32 = u32::MAX;

impl<'t> Prepared<'t> {
    /// Prepares `text` given its sentences as byte ranges.
    pub fn new(text: &'t str, sentences: &[Range<usize>]) -> Prepared<'t> {
        Prepared::with_clusters(text, sentences, None)
    }

    /// Prepares `text`, looking its words up in `clusters`.
    pub fn with_clusters(
        text: &'t str,
        sentences: &[Range<usize>],
        clusters: Option<&'t WordClusters>,
    ) -> Prepared<'t> {
        let doc = Doc::new(text, sentences);
        let lexicon = Lexicon::get();
        let mut cues = Vec::with_capacity(doc.tokens.len());
        let mut scratch = Vec::new();
        for range in &doc.sentences {
            lexicon.tag(&doc.tokens[range.clone()], &mut scratch);
            cues.extend_from_slice(&scratch);
        }
        // Sized for every token up front: regrowing a table rehashes every key in it.
        let mut stem_counts =
            CountMap::with_capacity_and_hasher(doc.tokens.len(), Default::default());
        let mut words = 0usize;
        let mut cue_counts = [0usize; CUE_COUNT];
        let mut word_sequence = Vec::with_capacity(doc.tokens.len());
        for (t, &c) in doc.tokens.iter().zip(&cues) {
            if t.kind != Kind::Word {
                continue;
            }
            words += 1;
            word_sequence.push(t.word);
            if !is_stopword(t.word) {
                *stem_counts.entry(t.stem).or_insert(0) += 1;
            }
            let mut bits = c;
            while bits != 0 {
                cue_counts[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        let mut pair_counts =
            CountMap::with_capacity_and_hasher(doc.tokens.len(), Default::default());
        for range in &doc.sentences {
            for pair in doc.tokens[range.clone()].windows(2) {
                if pair[0].is_word()
                    && pair[1].is_word()
                    && !(is_stopword(pair[0].word) && is_stopword(pair[1].word))
                {
                    *pair_counts
                        .entry(key2(0, pair[0].word, pair[1].word))
                        .or_insert(0) += 1;
                }
            }
        }
        let mut token_pair_repeats = Vec::with_capacity(doc.tokens.len());
        for range in &doc.sentences {
            token_pair_repeats.extend(
                range
                    .clone()
                    .map(|i| pair_repeats_in(&doc.tokens, &pair_counts, i, range.end)),
            );
        }
        let mut cue_density = [0f32; CUE_COUNT];
        for (d, n) in cue_density.iter_mut().zip(cue_counts) {
            *d = 100.0 * n as f32 / words.max(1) as f32;
        }
        let token_clusters = match clusters {
            Some(table) => doc
                .tokens
                .iter()
                .map(|t| table.cluster(t.word).unwrap_or(NO_CLUSTER))
                .collect(),
            None => Vec::new(),
        };
        let sentence_shapes = (0..doc.sentences.len())
            .map(|s| sentence_shape(doc.sentence_tokens(s)))
            .collect();
        Prepared {
            text,
            doc,
            cues,
            stem_counts,
            pair_counts,
            token_pair_repeats,
            cue_density,
            words,
            clusters: token_clusters,
            cluster_table: clusters,
            sentence_shapes,
            word_sequence,
        }
    }

    /// The word hash of every word token of the article, in order.
    pub fn word_sequence(&self) -> &[u64] {
        &self.word_sequence
    }

    /// Hashed cluster-path prefixes of token `i`, if its word has a cluster.
    #[inline]
    pub fn cluster_prefixes(&self, i: usize) -> Option<&[u64; 3]> {
        let table = self.cluster_table?;
        match self.clusters.get(i) {
            Some(&c) if c != NO_CLUSTER => Some(table.prefixes(c)),
            _ => None,
        }
    }

    pub fn sentence_count(&self) -> usize {
        self.doc.sentences.len()
    }

    /// Occurrences of a token's stem in the article (0 for function words and punctuation).
    #[inline]
    pub fn repeats(&self, t: &Token) -> u16 {
        if t.kind != Kind::Word {
            return 0;
        }
        self.stem_counts.get(&t.stem).copied().unwrap_or(0)
    }

    /// Occurrences in the article of the word pair starting at token `i` (0 when `i` and
    /// `i + 1` are not two words of one sentence).
    #[inline]
    pub fn pair_repeats(&self, i: usize, sentence_end: usize) -> u16 {
        pair_repeats_in(&self.doc.tokens, &self.pair_counts, i, sentence_end)
    }

    /// Article-level features shared by every sentence.
    fn article_features(&self, out: &mut Features) {
        use template::ARTICLE;
        for cue in [
            Cue::Loaded,
            Cue::Label,
            Cue::Fear,
            Cue::Absolute,
            Cue::Reporting,
        ] {
            let d = self.cue_density[cue.index()];
            let bucket = (d * 2.0).min(12.0) as u64;
            out.push((key2(ARTICLE, cue.index() as u64, bucket), 1.0));
        }
        out.push((key2(ARTICLE, 100, count_bucket(self.sentence_count())), 1.0));
    }

    /// Features of sentence `s` for the sentence classifier; `phrase` holds the phrase
    /// model's per-token probabilities for the whole article when available.
    pub fn sentence_features(&self, s: usize, phrase: Option<&[f32]>, out: &mut Features) {
        use template::*;
        out.clear();
        let range = self.doc.sentences[s].clone();
        let tokens = &self.doc.tokens[range.clone()];
        let cues = &self.cues[range.clone()];
        // Sized for every token: a filtered collect would grow it step by step.
        let mut words: Vec<&Token> = Vec::with_capacity(tokens.len());
        words.extend(tokens.iter().filter(|t| t.is_word()));
        let n = words.len();
        out.push((key(BIAS, 0), 1.0));
        out.push((key(LENGTH, count_bucket(n)), 1.0));
        out.push((key(LENGTH, 100 + (n / 5).min(12) as u64), 1.0));
        if tokens.is_empty() {
            return;
        }
        // Word features scaled so that long sentences do not dominate by length alone.
        let scale = 1.0 / (n.max(1) as f32).sqrt();
        for w in &words {
            out.push((key(WORD, w.word), scale));
            out.push((key(STEM, w.stem), scale));
        }
        for pair in words.windows(2) {
            out.push((key2(BIGRAM, pair[0].word, pair[1].word), scale));
        }
        for i in range.clone() {
            if let Some(prefixes) = self.cluster_prefixes(i) {
                out.push((key2(CLUSTER, 1, prefixes[1]), scale));
                out.push((key2(CLUSTER, 2, prefixes[2]), scale));
            }
        }
        // Lexicon cues: how many tokens carry each.
        let mut counts = [0usize; CUE_COUNT];
        for &c in cues {
            let mut bits = c;
            while bits != 0 {
                counts[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        for (i, &k) in counts.iter().enumerate() {
            if k > 0 {
                out.push((key2(CUE, i as u64, count_bucket(k).min(3)), 1.0));
                out.push((key(CUE, 1000 + i as u64), (1.0 + k as f32).ln()));
            }
        }
        // Punctuation and shape.
        let mut exclamations = 0;
        let mut questions = 0;
        let mut quote_marks = 0;
        let mut caps = 0;
        let mut superlatives = 0;
        let mut quoted = 0;
        let mut repeated = 0;
        for t in tokens {
            match t.kind {
                Kind::Punct => match t.punct {
                    '!' => exclamations += 1,
                    '?' => questions += 1,
                    _ if t.is(flag::QUOTE_MARK) => quote_marks += 1,
                    _ => {}
                },
                Kind::Word => {
                    if t.is(flag::ALL_CAPS) && t.end - t.start > 3 {
                        caps += 1;
                    }
                    if t.is(flag::QUOTED) {
                        quoted += 1;
                    }
                    if self.repeats(t) >= 3 {
                        repeated += 1;
                    }
                    if t.is(flag::SUPERLATIVE) {
                        superlatives += 1;
                    }
                }
                Kind::Number => {}
            }
        }
        out.push((
            key2(PUNCT, b'!' as u64, count_bucket(exclamations).min(2)),
            1.0,
        ));
        out.push((
            key2(PUNCT, b'?' as u64, count_bucket(questions).min(2)),
            1.0,
        ));
        out.push((
            key2(PUNCT, b'"' as u64, count_bucket(quote_marks).min(3)),
            1.0,
        ));
        let last = tokens.last().expect("non-empty");
        if last.kind == Kind::Punct && last.punct == '?' {
            out.push((key(STRUCTURE, 1), 1.0));
        }
        if caps > 0 {
            out.push((key2(SHAPE, 1, count_bucket(caps).min(2)), 1.0));
        }
        if superlatives > 0 {
            out.push((key(SHAPE, 2), 1.0));
        }
        if quoted > 0 {
            let share = quoted as f32 / n.max(1) as f32;
            out.push((key(QUOTED, (share * 4.0).min(4.0) as u64), 1.0));
        }
        out.push((key(REPEAT, count_bucket(repeated)), 1.0));
        if either_or(tokens) {
            out.push((key(STRUCTURE, 2), 1.0));
        }
        if let Some(first) = words.first() {
            out.push((key2(POSITION, 1, first.word), 1.0));
        }
        // Position in the article: the headline and the opening are written differently.
        let position = match s {
            0 => 0,
            1..=2 => 1,
            _ if s + 1 == self.sentence_count() => 3,
            _ => 2,
        };
        out.push((key(POSITION, position), 1.0));
        self.article_features(out);
        if let Some(probabilities) = phrase {
            add_phrase_summary(&probabilities[self.doc.sentences[s].clone()], out);
        }
        out.retain(|&(_, v)| v != 0.0);
    }

    /// Features of token `i` (a global token index) in sentence `s`, for the phrase model.
    pub fn token_features(&self, s: usize, i: usize, out: &mut Features) {
        out.clear();
        self.token_keys(s, i, |key| out.push((key, 1.0)));
    }

    /// The keys of [`Prepared::token_features`] (each with value 1), in the same order, passed
    /// to `emit` as they are made: the span tagger sums their weights without a list between.
    #[inline(always)]
    pub fn token_keys(&self, s: usize, i: usize, mut emit: impl FnMut(u64)) {
        use template::*;
        let range = self.doc.sentences[s].clone();
        let tokens = &self.doc.tokens;
        let t = &tokens[i];
        let word_at = |j: isize| -> u64 {
            let j = i as isize + j;
            if j < range.start as isize || j >= range.end as isize {
                0x0b0e // sentence boundary
            } else {
                tokens[j as usize].word
            }
        };
        emit(key(BIAS, 1));
        emit(key(T_WORD, t.word));
        emit(key(T_STEM, t.stem));
        let (p1, n1) = (word_at(-1), word_at(1));
        emit(key(T_PREV, p1));
        emit(key(T_NEXT, n1));
        emit(key(T_PREV2, word_at(-2)));
        emit(key(T_NEXT2, word_at(2)));
        emit(key2(T_BI_LEFT, p1, t.word));
        emit(key2(T_BI_RIGHT, t.word, n1));
        let cue = self.cues[i];
        let cue_prev = if i > range.start { self.cues[i - 1] } else { 0 };
        let cue_next = if i + 1 < range.end {
            self.cues[i + 1]
        } else {
            0
        };
        for (template, bits) in [(T_CUE, cue), (T_CUE_PREV, cue_prev), (T_CUE_NEXT, cue_next)] {
            let mut bits = bits;
            while bits != 0 {
                let index = bits.trailing_zeros() as u64;
                emit(key(template, index));
                bits &= bits - 1;
            }
        }
        let shape = match t.kind {
            Kind::Punct => 10 + (t.punct as u64 & 0xff),
            Kind::Number => 1,
            Kind::Word if t.is(flag::ALL_CAPS) => 2,
            Kind::Word if t.is(flag::CAPITALIZED) => 3,
            Kind::Word => 4,
        };
        emit(key(T_SHAPE, shape));
        if t.is(flag::SUPERLATIVE) {
            emit(key(T_SHAPE, 5));
        }
        if t.is(flag::QUOTED) {
            emit(key(T_QUOTED, 1));
            emit(key2(T_QUOTED, 2, t.word));
        }
        let len = range.len();
        let rel = ((i - range.start) * 5 / len.max(1)) as u64;
        emit(key2(T_POSITION, count_bucket(len / 4), rel));
        if i == range.start {
            emit(key(T_POSITION, 100));
        }
        let repeats = self.repeats(t) as usize;
        if repeats >= 2 {
            emit(key(T_REPEAT, count_bucket(repeats)));
        }
        let right = self.token_pair_repeats[i] as usize;
        let left = if i > range.start {
            self.token_pair_repeats[i - 1] as usize
        } else {
            0
        };
        if right >= 2 || left >= 2 {
            emit(key2(T_REPEAT, 10, count_bucket(right.max(left))));
        }
        if t.suffix != 0 {
            emit(key(T_SUFFIX, t.suffix));
        }
        if let Some(prefixes) = self.cluster_prefixes(i) {
            for (n, &p) in prefixes.iter().enumerate() {
                emit(key2(T_CLUSTER, n as u64, p));
            }
        }
        if i > range.start {
            if let Some(prefixes) = self.cluster_prefixes(i - 1) {
                emit(key2(T_CLUSTER, 10, prefixes[1]));
            }
        }
        if i + 1 < range.end {
            if let Some(prefixes) = self.cluster_prefixes(i + 1) {
                emit(key2(T_CLUSTER, 11, prefixes[1]));
            }
        }
        emit(key(T_SENTENCE, self.sentence_shapes[s]));
    }

    /// Cue bits over a token range.
    pub fn cue_union(&self, range: Range<usize>) -> u32 {
        self.cues[range].iter().fold(0, |a, &c| a | c)
    }
}

/// [`Prepared::pair_repeats`] from the article's tokens and pair counts.
#[inline]
fn pair_repeats_in(tokens: &[Token], pair_counts: &CountMap, i: usize, sentence_end: usize) -> u16 {
    if i + 1 >= sentence_end || !tokens[i].is_word() || !tokens[i + 1].is_word() {
        return 0;
    }
    pair_counts
        .get(&key2(0, tokens[i].word, tokens[i + 1].word))
        .copied()
        .unwrap_or(0)
}

/// A small code for a sentence's punctuation: question, exclamation, quotes.
fn sentence_shape(tokens: &[Token]) -> u64 {
    let mut code = 0;
    for t in tokens {
        if t.kind == Kind::Punct {
            match t.punct {
                '?' => code |= 1,
                '!' => code |= 2,
                _ if t.is(flag::QUOTE_MARK) => code |= 4,
                _ => {}
            }
        }
    }
    code
}

/// Sentence features summarising the phrase model's token probabilities.
fn add_phrase_summary(probabilities: &[f32], out: &mut Features) {
    use template::CONTEXT;
    let mut top = [0f32; 3];
    let mut above = 0usize;
    for &p in probabilities {
        if p >= 0.5 {
            above += 1;
        }
        if p > top[2] {
            top[2] = p;
            top.sort_by(|a, b| b.total_cmp(a));
        }
    }
    let max = top[0];
    out.push((key2(CONTEXT, 20, probability_bucket(max)), 1.0));
    out.push((key(CONTEXT, 21), logit(max)));
    let mean3 = (top[0] + top[1] + top[2]) / 3.0;
    out.push((key2(CONTEXT, 22, probability_bucket(mean3)), 1.0));
    out.push((key2(CONTEXT, 23, count_bucket(above)), 1.0));
}

/// Log-odds of a probability, clamped away from 0 and 1.
pub fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// "either … or" inside one sentence.
pub fn either_or(tokens: &[Token]) -> bool {
    let either = crate::text::word_hash("either");
    let or = crate::text::word_hash("or");
    match tokens.iter().position(|t| t.word == either) {
        Some(i) => tokens[i + 1..].iter().any(|t| t.word == or),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_features_reflect_cues_and_structure() {
        let text =
            "Either we stop these vile traitors or our nation dies!\nThe council met on Monday.";
        let sentences = vec![0..54, 55..text.len()];
        let p = Prepared::new(text, &sentences);
        let mut a = Vec::new();
        p.sentence_features(0, None, &mut a);
        let mut b = Vec::new();
        p.sentence_features(1, None, &mut b);
        let has = |f: &Features, k: u64| f.iter().any(|&(x, _)| x == k);
        assert!(has(&a, key(template::STRUCTURE, 2)));
        assert!(!has(&b, key(template::STRUCTURE, 2)));
        let loaded = Cue::Loaded.index() as u64;
        assert!(has(&a, key2(template::CUE, loaded, 1)));
        assert!(p.cue_density[Cue::Loaded.index()] > 0.0);
    }
}
