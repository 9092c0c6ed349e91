//! Token features for the tagger. Only the tokens are used (raw text has no POS tags):
//! the words in a +-2 window, shapes, affixes, capitalisation patterns, Brown cluster paths,
//! a capitalisation prior from unlabeled text, gazetteer matches, and document-level evidence
//! (how the same word is written elsewhere in the document, and, in the second stage, how the
//! first stage labelled it elsewhere).

use std::collections::HashMap;

use parallax_learn::hashing::FeatureKey;

use crate::gazetteer::{Gazetteer, GazetteerMatch};
use crate::lexicon::{normalize, CasingLexicon, Clusters};
use crate::tags::{tag_type, Tag};

/// The word knowledge features draw on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resources {
    pub clusters: Clusters,
    pub casing: CasingLexicon,
    pub gazetteer: Gazetteer,
}

/// Per-document summary of the first stage's labels, by normalised word: how often each
/// word was tagged as each type (index 4: outside).
pub type StageOneVotes = HashMap<String, [u16; 5]>;

// Template ids. Changing any of them changes every key: bump the model layout version.
const BIAS: u32 = 1;
const WORD: u32 = 2;
const LOWER: u32 = 10; // + offset (0..5 for -2..+2)
const BIGRAM_PREV: u32 = 20;
const BIGRAM_NEXT: u32 = 21;
const SHAPE: u32 = 30; // + offset
const LONG_SHAPE: u32 = 36;
const SHAPE_TRIGRAM: u32 = 37;
const PREFIX: u32 = 40; // + length
const SUFFIX: u32 = 50; // + length
const POSITION: u32 = 60;
const HEADLINE: u32 = 61;
const LENGTH: u32 = 62;
const CAPS_RUN: u32 = 63;
const CLUSTER: u32 = 70; // + prefix index
const CLUSTER_PREV: u32 = 80;
const CLUSTER_NEXT: u32 = 85;
const CASING: u32 = 90;
const CASING_PREV: u32 = 91;
const CASING_NEXT: u32 = 92;
const GAZETTEER: u32 = 100;
const GAZETTEER_PREV: u32 = 101;
const GAZETTEER_NEXT: u32 = 102;
const DOC_CASE: u32 = 110;
const STAGE_ONE: u32 = 120;
const STAGE_ONE_SHAPE: u32 = 121;
const STAGE_ONE_TAG: u32 = 122;
const CONTEXT_BEFORE: u32 = 140;
const CONTEXT_AFTER: u32 = 141;
const CONTEXT_BEFORE_CLUSTER: u32 = 142;
const CONTEXT_AFTER_CLUSTER: u32 = 143;
const LOWER_PREV_SHAPE: u32 = 130;
const LOWER_NEXT_SHAPE: u32 = 131;

const CLUSTER_PREFIXES: [usize; 4] = [4, 6, 10, 20];

// Feature keys, one function per template, shared by `document_features` (training, and the
// reference the run-time path is tested against) and the run-time path (`crate::inference`),
// which adds the same keys grouped by what they depend on.

pub(crate) fn bias_key() -> u64 {
    FeatureKey::new(BIAS).finish()
}

/// Where key functions put their keys.
pub(crate) trait KeySink {
    fn push(&mut self, key: u64);
}

impl KeySink for Vec<u64> {
    #[inline]
    fn push(&mut self, key: u64) {
        Vec::push(self, key);
    }
}

/// Keys of the token's own word alone: the word, its lowercase form and shape (window
/// position 0), long shape, affixes and cluster paths.
pub(crate) fn word_keys(word: &str, norm: &str, shape: &str, cluster: Option<&str>) -> WordKeys {
    let mut keys = WordKeys::default();
    keys.push(word_key(word));
    keys.push(window_lower_key(2, norm));
    keys.push(window_shape_key(2, shape));
    keys.push(long_shape_key(word));
    affix_keys(word, &mut keys);
    cluster_keys(cluster, shape, &mut keys);
    keys
}

fn word_key(word: &str) -> u64 {
    FeatureKey::new(WORD).str(word).finish()
}

/// At most 1 + 2 + 1 + 4 + 5 + 6 keys.
pub(crate) type WordKeys = SmallKeys<24>;

/// A fixed-capacity list of keys (no allocation on the hot path).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SmallKeys<const N: usize> {
    keys: [u64; N],
    len: usize,
}

impl<const N: usize> Default for SmallKeys<N> {
    fn default() -> Self {
        SmallKeys {
            keys: [0; N],
            len: 0,
        }
    }
}

impl<const N: usize> KeySink for SmallKeys<N> {
    #[inline]
    fn push(&mut self, key: u64) {
        self.keys[self.len] = key;
        self.len += 1;
    }
}

impl<const N: usize> SmallKeys<N> {
    pub(crate) fn as_slice(&self) -> &[u64] {
        &self.keys[..self.len]
    }
}

/// `offset_index` 0..5 stands for window offsets -2..=2.
pub(crate) fn window_lower_key(offset_index: u32, norm: &str) -> u64 {
    FeatureKey::new(LOWER + offset_index).str(norm).finish()
}

pub(crate) fn window_shape_key(offset_index: u32, shape: &str) -> u64 {
    FeatureKey::new(SHAPE + offset_index).str(shape).finish()
}

fn long_shape_key(word: &str) -> u64 {
    // The same key as `.str(&long_shape(word))`, without building the string.
    FeatureKey::new(LONG_SHAPE)
        .chars(word.chars().take(12).map(class))
        .finish()
}

fn affix_keys(word: &str, keys: &mut impl KeySink) {
    // Byte ends of the first 5 characters, and the character count (up to 6).
    let mut ends = [0usize; 5];
    let mut count = 0;
    for (i, c) in word.char_indices().take(5) {
        ends[count] = i + c.len_utf8();
        count += 1;
    }
    for n in 1..=4.min(count) {
        keys.push(
            FeatureKey::new(PREFIX + n as u32)
                .str(&word[..ends[n - 1]])
                .finish(),
        );
    }
    let mut starts = [0usize; 5];
    let mut from_end = 0;
    for (i, _) in word.char_indices().rev().take(5) {
        starts[from_end] = i;
        from_end += 1;
    }
    for n in 1..=5.min(from_end) {
        keys.push(
            FeatureKey::new(SUFFIX + n as u32)
                .str(&word[starts[n - 1]..])
                .finish(),
        );
    }
}

fn cluster_keys(cluster: Option<&str>, shape: &str, keys: &mut impl KeySink) {
    if let Some(path) = cluster {
        for (k, &p) in CLUSTER_PREFIXES.iter().enumerate() {
            let prefix = &path[..p.min(path.len())];
            keys.push(FeatureKey::new(CLUSTER + k as u32).str(prefix).finish());
            // Cluster with the capitalisation pattern: "a capitalised city-like word".
            if k == 1 || k == 3 {
                keys.push(
                    FeatureKey::new(CLUSTER + 10 + k as u32)
                        .str(prefix)
                        .str(shape)
                        .finish(),
                );
            }
        }
    } else {
        keys.push(FeatureKey::new(CLUSTER).str("?").str(shape).finish());
    }
}

/// Keys of the token's word with its position (sentence-initial, in a headline): the
/// position keys and the casing key.
pub(crate) fn position_keys(
    shape: &str,
    chars: usize,
    casing: u8,
    capitalised: bool,
    initial: bool,
    headline: bool,
) -> [u64; 4] {
    let [a, b, c] = shape_position_keys(shape, chars, initial, headline);
    [a, b, c, casing_key(casing, capitalised, initial, headline)]
}

fn shape_position_keys(shape: &str, chars: usize, initial: bool, headline: bool) -> [u64; 3] {
    [
        FeatureKey::new(POSITION)
            .int(initial as u64)
            .str(shape)
            .finish(),
        FeatureKey::new(HEADLINE)
            .int(headline as u64)
            .str(shape)
            .finish(),
        FeatureKey::new(LENGTH)
            .int(chars.min(12) as u64)
            .int(headline as u64)
            .finish(),
    ]
}

fn casing_key(casing: u8, capitalised: bool, initial: bool, headline: bool) -> u64 {
    FeatureKey::new(CASING)
        .int(casing as u64)
        .int(capitalised as u64)
        .int(initial as u64 | (headline as u64) << 1)
        .finish()
}

/// Keys a word gives the token `offset` positions away (`offset_index` 0, 1, 3, 4 for
/// offsets -2, -1, +1, +2): its lowercase form and shape, and next to the token its cluster
/// and capitalisation prior.
pub(crate) fn neighbour_keys(
    offset_index: u32,
    norm: &str,
    shape: &str,
    cluster: Option<&str>,
    casing: u8,
    capitalised: bool,
) -> SmallKeys<5> {
    let mut keys = SmallKeys::default();
    keys.push(window_lower_key(offset_index, norm));
    keys.push(window_shape_key(offset_index, shape));
    let (cluster_template, casing_template) = match offset_index {
        1 => (CLUSTER_PREV, CASING_PREV),
        3 => (CLUSTER_NEXT, CASING_NEXT),
        _ => return keys,
    };
    if let Some(path) = cluster {
        for key in neighbour_cluster_keys(cluster_template, path) {
            keys.push(key);
        }
    }
    keys.push(neighbour_casing_key(casing_template, casing, capitalised));
    keys
}

fn neighbour_cluster_keys(template: u32, path: &str) -> [u64; 2] {
    [
        FeatureKey::new(template)
            .str(&path[..4.min(path.len())])
            .finish(),
        FeatureKey::new(template + 1)
            .str(&path[..10.min(path.len())])
            .finish(),
    ]
}

fn neighbour_casing_key(template: u32, casing: u8, capitalised: bool) -> u64 {
    FeatureKey::new(template)
        .int(casing as u64)
        .int(capitalised as u64)
        .finish()
}

// Keys over two or three neighbouring words, built in two steps so a caller can keep the
// first step per word: `bigram_prev_start(prev).str(norm).finish()`.

pub(crate) fn bigram_prev_start(prev_norm: &str) -> FeatureKey {
    FeatureKey::new(BIGRAM_PREV).str(prev_norm)
}

pub(crate) fn bigram_next_start(norm: &str) -> FeatureKey {
    FeatureKey::new(BIGRAM_NEXT).str(norm)
}

pub(crate) fn lower_prev_shape_start(prev_norm: &str) -> FeatureKey {
    FeatureKey::new(LOWER_PREV_SHAPE).str(prev_norm)
}

pub(crate) fn lower_next_shape_start(shape: &str) -> FeatureKey {
    FeatureKey::new(LOWER_NEXT_SHAPE).str(shape)
}

pub(crate) fn shape_trigram_start(prev_shape: &str) -> FeatureKey {
    FeatureKey::new(SHAPE_TRIGRAM).str(prev_shape)
}

/// The run of capitalised words the token is in: its length (capped at 5), the token's place
/// in it (0 alone, 1 first, 2 last, 3 inside) and whether the sentence starts with it.
pub(crate) fn caps_run_key(len: u64, place: u64, initial: bool) -> u64 {
    FeatureKey::new(CAPS_RUN)
        .int(len)
        .int(place)
        .int(initial as u64)
        .finish()
}

/// Gazetteer keys of a token with match code `code` (see `sentence_features`).
pub(crate) fn gazetteer_keys(code: u16) -> SmallKeys<5> {
    let mut keys = SmallKeys::default();
    keys.push(FeatureKey::new(GAZETTEER).int(code as u64).finish());
    // Each type on its own, so overlapping type sets share evidence.
    for bit in 0..4 {
        if (code >> 2) & (1 << bit) != 0 {
            keys.push(
                FeatureKey::new(GAZETTEER)
                    .int(100 + bit)
                    .int((code & 3) as u64)
                    .finish(),
            );
        }
    }
    keys
}

pub(crate) fn gazetteer_prev_key(code: u16) -> u64 {
    FeatureKey::new(GAZETTEER_PREV).int(code as u64).finish()
}

pub(crate) fn gazetteer_next_key(code: u16) -> u64 {
    FeatureKey::new(GAZETTEER_NEXT).int(code as u64).finish()
}

/// Document casing evidence: 0 none, 1 capitalised elsewhere, 2 lowercase elsewhere, 3 both.
pub(crate) fn doc_case_key(evidence: u64, capitalised: bool, initial: bool, headline: bool) -> u64 {
    FeatureKey::new(DOC_CASE)
        .int(evidence)
        .int(capitalised as u64)
        .int(initial as u64 | (headline as u64) << 1)
        .finish()
}

/// The evidence code of `doc_case_key`: `upper` and `lower` count the word's capitalised
/// and lowercase occurrences in running text, this one discounted when it is among them.
pub(crate) fn doc_case_evidence(
    (upper, lower): (u16, u16),
    capitalised: bool,
    initial: bool,
    headline: bool,
) -> u64 {
    let (upper, lower) = if !headline && !initial {
        if capitalised {
            (upper.saturating_sub(1), lower)
        } else {
            (upper, lower.saturating_sub(1))
        }
    } else {
        (upper, lower)
    };
    match (upper > 0, lower > 0) {
        (false, false) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
    }
}

/// Context-aggregation keys one other occurrence of a word contributes: the (normalised)
/// words before and after it, and their clusters.
pub(crate) fn context_keys(
    before: &str,
    after: &str,
    before_cluster: Option<&str>,
    after_cluster: Option<&str>,
) -> SmallKeys<4> {
    let mut keys = SmallKeys::default();
    keys.push(FeatureKey::new(CONTEXT_BEFORE).str(before).finish());
    keys.push(FeatureKey::new(CONTEXT_AFTER).str(after).finish());
    // The neighbours' clusters generalise across synonyms ("said", "told").
    for (template, cluster) in [
        (CONTEXT_BEFORE_CLUSTER, before_cluster),
        (CONTEXT_AFTER_CLUSTER, after_cluster),
    ] {
        if let Some(path) = cluster {
            keys.push(
                FeatureKey::new(template)
                    .str(&path[..6.min(path.len())])
                    .finish(),
            );
        }
    }
    keys
}

/// Second stage: stage one's tag at offset -1, 0, +1 (`offset_index` 0, 1, 2); `None`
/// outside the sentence.
pub(crate) fn stage_one_tag_key(offset_index: u64, tag: Option<Tag>) -> u64 {
    FeatureKey::new(STAGE_ONE_TAG)
        .int(offset_index)
        .int(tag.map_or(u64::MAX, |t| t as u64))
        .finish()
}

/// Second stage: the share (1..=4 quarters) of the word's capitalised occurrences that
/// stage one labelled `kind` (entity type index, 4 outside), alone and with the shape.
pub(crate) fn stage_one_vote_key(kind: u64, share: u64) -> u64 {
    FeatureKey::new(STAGE_ONE).int(kind).int(share).finish()
}

pub(crate) fn stage_one_vote_shape_key(kind: u64, share: u64, shape: &str) -> u64 {
    FeatureKey::new(STAGE_ONE_SHAPE)
        .int(kind)
        .int(share)
        .str(shape)
        .finish()
}

/// Whether the token at `i` starts its sentence (after an opening quote, bracket or dash).
pub(crate) fn is_initial(words: &[&str], i: usize) -> bool {
    i == 0 || (i == 1 && matches!(words[0], "\"" | "'" | "(" | "`" | "“" | "‘" | "-" | "--"))
}

/// Whether a sentence is an all-caps headline ("GREEK SOCIALISTS GIVE GREEN LIGHT").
pub fn is_headline(words: &[&str]) -> bool {
    let mut lettered = 0;
    let mut upper = 0;
    for w in words {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        lettered += 1;
        if !w.chars().any(char::is_lowercase) {
            upper += 1;
        }
    }
    lettered >= 2 && upper * 10 >= lettered * 7
}

/// `Xxxx` -> `Xx`, `1996-08-22` -> `d-d-d`: character classes with repeats collapsed.
pub fn short_shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars().map(class) {
        if Some(c) != last {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

pub(crate) fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// What features need to know about one token, computed once.
struct TokenInfo<'a> {
    word: &'a str,
    norm: String,
    shape: String,
    cluster: Option<&'a str>,
    casing: u8,
    /// Gazetteer code: 0 none, else `types << 2 | position` (1 begin, 2 inside, 3 single).
    gazetteer: u16,
}

/// Extracts feature keys for every token of a document (sentences of words):
/// `result[sentence][token]` lists the keys.
pub fn document_features(sentences: &[Vec<&str>], resources: &Resources) -> Vec<Vec<Vec<u64>>> {
    let headlines: Vec<bool> = sentences.iter().map(|s| is_headline(s)).collect();
    // How each word is written in running text elsewhere in this document.
    let mut doc_case: HashMap<String, (u16, u16)> = HashMap::new();
    for (s, words) in sentences.iter().enumerate() {
        if headlines[s] {
            continue;
        }
        for w in words.iter().skip(1) {
            if !starts_alphabetic(w) {
                continue;
            }
            let e = doc_case.entry(normalize(w)).or_insert((0, 0));
            if starts_upper(w) {
                e.0 = e.0.saturating_add(1);
            } else {
                e.1 = e.1.saturating_add(1);
            }
        }
    }
    let mut features: Vec<Vec<Vec<u64>>> = sentences
        .iter()
        .enumerate()
        .map(|(s, words)| sentence_features(words, headlines[s], resources, &doc_case))
        .collect();
    add_document_context(sentences, resources, &mut features);
    features
}

/// Context aggregation: a capitalised word gets the words seen just before and after its
/// other occurrences in the document ("Clinton said", "President Clinton"), so evidence from
/// an unambiguous mention reaches the ambiguous ones.
fn add_document_context(
    sentences: &[Vec<&str>],
    resources: &Resources,
    features: &mut [Vec<Vec<u64>>],
) {
    let mut occurrences: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (s, words) in sentences.iter().enumerate() {
        for (i, w) in words.iter().enumerate() {
            if takes_context(w) {
                let list = occurrences.entry(normalize(w)).or_default();
                if list.len() < MAX_CONTEXT_OCCURRENCES {
                    list.push((s, i));
                }
            }
        }
    }
    let neighbour = |s: usize, i: isize| -> String {
        let words = &sentences[s];
        if i < 0 {
            PAD_BEGIN_NORM.to_string()
        } else if i as usize >= words.len() {
            PAD_END_NORM.to_string()
        } else {
            normalize(words[i as usize])
        }
    };
    for list in occurrences.values() {
        if list.len() < 2 {
            continue;
        }
        let contexts: Vec<(String, String)> = list
            .iter()
            .map(|&(s, i)| (neighbour(s, i as isize - 1), neighbour(s, i as isize + 1)))
            .collect();
        for (k, &(s, i)) in list.iter().enumerate() {
            let mut keys: Vec<u64> = Vec::new();
            for (j, (before, after)) in contexts.iter().enumerate() {
                if j != k {
                    keys.extend_from_slice(
                        context_keys(
                            before,
                            after,
                            resources.clusters.path(before),
                            resources.clusters.path(after),
                        )
                        .as_slice(),
                    );
                }
            }
            // Sorted so the order (and float summation) never depends on hashing.
            keys.sort_unstable();
            keys.dedup();
            features[s][i].extend(keys);
        }
    }
}

/// Occurrences of a word that context aggregation looks at, per document.
pub(crate) const MAX_CONTEXT_OCCURRENCES: usize = 20;

/// Whether a word takes part in context aggregation: capitalised, two characters or more.
pub(crate) fn takes_context(word: &str) -> bool {
    starts_upper(word) && word.chars().nth(1).is_some()
}

/// The stand-ins for the words before the first and after the last token of a sentence.
pub(crate) const PAD_BEGIN_WORD: &str = "<S>";
pub(crate) const PAD_BEGIN_NORM: &str = "<s>";
pub(crate) const PAD_END_WORD: &str = "</S>";
pub(crate) const PAD_END_NORM: &str = "</s>";

/// How a sentence's words are matched against the gazetteer: per token 0 (no match) or
/// `types << 2 | position` (1 begin, 2 inside, 3 single).
pub(crate) fn gazetteer_codes<S: AsRef<str>>(gazetteer: &Gazetteer, norms: &[S]) -> Vec<u16> {
    gazetteer_codes_of(norms.len(), &gazetteer.matches(norms))
}

/// [`gazetteer_codes`] of `len` tokens from their matches.
pub(crate) fn gazetteer_codes_of(len: usize, matches: &[GazetteerMatch]) -> Vec<u16> {
    let mut codes = vec![0u16; len];
    for m in matches {
        for (i, code) in codes.iter_mut().enumerate().take(m.end).skip(m.start) {
            let position = if m.end - m.start == 1 {
                3
            } else if i == m.start {
                1
            } else {
                2
            };
            *code = ((m.types as u16) << 2) | position;
        }
    }
    codes
}

/// Runs of capitalised tokens (none in headlines), for position-in-name features: for each
/// token the `[start, end)` of its run (empty when it is not capitalised).
pub(crate) fn capitalised_runs(words: &[&str], headline: bool) -> Vec<(usize, usize)> {
    let mut runs = vec![(0usize, 0usize); words.len()];
    if !headline {
        let mut i = 0;
        while i < words.len() {
            if starts_upper(words[i]) {
                let mut j = i;
                while j < words.len() && starts_upper(words[j]) {
                    j += 1;
                }
                for run in &mut runs[i..j] {
                    *run = (i, j);
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    runs
}

/// The `caps_run_key` parts of token `i` in run `[start, end)`: length and place.
pub(crate) fn caps_run_parts(i: usize, (start, end): (usize, usize)) -> (u64, u64) {
    let len = (end - start).min(5) as u64;
    let place = match (i == start, i + 1 == end) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    };
    (len, place)
}

fn sentence_features(
    words: &[&str],
    headline: bool,
    resources: &Resources,
    doc_case: &HashMap<String, (u16, u16)>,
) -> Vec<Vec<u64>> {
    let norms: Vec<String> = words.iter().map(|w| normalize(w)).collect();
    let gazetteer_codes = gazetteer_codes(&resources.gazetteer, &norms);
    let infos: Vec<TokenInfo> = words
        .iter()
        .zip(norms)
        .zip(gazetteer_codes)
        .map(|((&word, norm), gazetteer)| TokenInfo {
            word,
            shape: short_shape(word),
            cluster: resources.clusters.path(&norm),
            casing: resources.casing.bucket(&norm),
            norm,
            gazetteer,
        })
        .collect();
    let runs = capitalised_runs(words, headline);
    let pad_begin = TokenInfo {
        word: PAD_BEGIN_WORD,
        norm: PAD_BEGIN_NORM.into(),
        shape: PAD_BEGIN_WORD.into(),
        cluster: None,
        casing: 0,
        gazetteer: 0,
    };
    let pad_end = TokenInfo {
        word: PAD_END_WORD,
        norm: PAD_END_NORM.into(),
        shape: PAD_END_WORD.into(),
        cluster: None,
        casing: 0,
        gazetteer: 0,
    };
    let at = |i: isize| -> &TokenInfo {
        if i < 0 {
            &pad_begin
        } else if i as usize >= infos.len() {
            &pad_end
        } else {
            &infos[i as usize]
        }
    };
    let mut out = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let mut f: Vec<u64> = Vec::with_capacity(64);
        let t = &infos[i];
        let ii = i as isize;
        f.push(bias_key());
        f.push(word_key(t.word));
        for (k, offset) in (-2isize..=2).enumerate() {
            let o = at(ii + offset);
            f.push(window_lower_key(k as u32, &o.norm));
            f.push(window_shape_key(k as u32, &o.shape));
        }
        let (prev, next) = (at(ii - 1), at(ii + 1));
        f.push(bigram_prev_start(&prev.norm).str(&t.norm).finish());
        f.push(bigram_next_start(&t.norm).str(&next.norm).finish());
        f.push(lower_prev_shape_start(&prev.norm).str(&t.shape).finish());
        f.push(lower_next_shape_start(&t.shape).str(&next.norm).finish());
        f.push(long_shape_key(t.word));
        f.push(
            shape_trigram_start(&prev.shape)
                .str(&t.shape)
                .str(&next.shape)
                .finish(),
        );
        affix_keys(t.word, &mut f);
        let initial = is_initial(words, i);
        let chars = t.word.chars().count();
        f.extend(shape_position_keys(&t.shape, chars, initial, headline));
        if runs[i].1 > runs[i].0 {
            let (len, place) = caps_run_parts(i, runs[i]);
            f.push(caps_run_key(len, place, initial));
        }
        cluster_keys(t.cluster, &t.shape, &mut f);
        for (template, o) in [(CLUSTER_PREV, prev), (CLUSTER_NEXT, next)] {
            if let Some(path) = o.cluster {
                f.extend(neighbour_cluster_keys(template, path));
            }
        }
        let capitalised = starts_upper(t.word);
        f.push(casing_key(t.casing, capitalised, initial, headline));
        f.push(neighbour_casing_key(
            CASING_PREV,
            prev.casing,
            starts_upper(prev.word),
        ));
        f.push(neighbour_casing_key(
            CASING_NEXT,
            next.casing,
            starts_upper(next.word),
        ));
        if t.gazetteer != 0 {
            f.extend_from_slice(gazetteer_keys(t.gazetteer).as_slice());
        }
        if prev.gazetteer != 0 {
            f.push(gazetteer_prev_key(prev.gazetteer));
        }
        if next.gazetteer != 0 {
            f.push(gazetteer_next_key(next.gazetteer));
        }
        // Document evidence: is this word capitalised in running text elsewhere?
        if starts_alphabetic(t.word) {
            let counts = doc_case.get(&t.norm).copied().unwrap_or((0, 0));
            let evidence = doc_case_evidence(counts, capitalised, initial, headline);
            f.push(doc_case_key(evidence, capitalised, initial, headline));
        }
        out.push(f);
    }
    out
}

pub(crate) fn starts_alphabetic(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
}

/// Appends second-stage features: how the first stage labelled the same word elsewhere in
/// the document (`votes` from [`stage_one_votes`]).
pub fn add_stage_one_features(
    sentences: &[Vec<&str>],
    first: &[Vec<Tag>],
    votes: &StageOneVotes,
    features: &mut [Vec<Vec<u64>>],
) {
    for ((words, tags), sentence) in sentences.iter().zip(first).zip(features.iter_mut()) {
        for (i, (w, f)) in words.iter().zip(sentence.iter_mut()).enumerate() {
            // Stage one's tags around the token (stacking).
            for (k, offset) in [-1isize, 0, 1].into_iter().enumerate() {
                let j = i as isize + offset;
                let tag = if j < 0 || j as usize >= tags.len() {
                    None
                } else {
                    Some(tags[j as usize])
                };
                f.push(stage_one_tag_key(k as u64, tag));
            }
            let Some(counts) = votes.get(&normalize(w)) else {
                continue;
            };
            let shape = short_shape(w);
            for (kind, share) in vote_shares(counts) {
                f.push(stage_one_vote_key(kind, share));
                f.push(stage_one_vote_shape_key(kind, share, &shape));
            }
        }
    }
}

/// The labels a word's capitalised occurrences got from stage one, as `(kind, share)`:
/// kind as in [`StageOneVotes`], share in quarters (1..=4, rounded up).
pub(crate) fn vote_shares(counts: &[u16; 5]) -> impl Iterator<Item = (u64, u64)> + '_ {
    let total: u32 = counts.iter().map(|&c| c as u32).sum();
    counts
        .iter()
        .enumerate()
        .filter(move |&(_, &c)| c > 0 && total > 0)
        .map(move |(kind, &c)| (kind as u64, (c as u32 * 4).div_ceil(total) as u64))
}

/// Which [`StageOneVotes`] slot a stage-one tag counts in: its type's index, 4 for outside.
pub(crate) fn vote_kind(tag: Tag) -> usize {
    match tag_type(tag) {
        Some(t) => parallax_core::EntityType::ALL
            .iter()
            .position(|&x| x == t)
            .unwrap_or(0),
        None => 4,
    }
}

/// Counts first-stage labels per normalised word over a document. Only capitalised tokens
/// vote: they are the ones whose labels should agree across the document.
pub fn stage_one_votes(sentences: &[Vec<&str>], tags: &[Vec<Tag>]) -> StageOneVotes {
    let mut votes: StageOneVotes = HashMap::new();
    for (words, tags) in sentences.iter().zip(tags) {
        for (w, &tag) in words.iter().zip(tags) {
            if !starts_upper(w) {
                continue;
            }
            let e = votes.entry(normalize(w)).or_insert([0; 5]);
            let k = vote_kind(tag);
            e[k] = e[k].saturating_add(1);
        }
    }
    votes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_headlines() {
        assert_eq!(short_shape("Xavier"), "Xx");
        assert_eq!(short_shape("1996-08-22"), "d-d-d");
        assert_eq!(short_shape("U.S."), "X.X.");
        assert!(is_headline(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN", "."
        ]));
        assert!(!is_headline(&["The", "EU", "said", "so", "."]));
    }

    #[test]
    fn features_depend_on_context_and_document() {
        let resources = Resources::default();
        let doc = vec![
            vec!["Smith", "said", "."],
            vec!["Later", "Smith", "left", "."],
        ];
        let f = document_features(&doc, &resources);
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].len(), 4);
        // The same word in different contexts gets different feature sets.
        assert_ne!(f[0][0], f[1][1]);
        // Deterministic.
        assert_eq!(f, document_features(&doc, &resources));
    }
}
