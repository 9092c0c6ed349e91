//! Token features for the tagger. Only the tokens are used (raw text has no POS tags):
//! the words in a +-2 window, shapes, affixes, capitalisation patterns, Brown cluster paths,
//! a capitalisation prior from unlabeled text, gazetteer matches, and document-level evidence
//! (how the same word is written elsewhere in the document, and, in the second stage, how the
//! first stage labelled it elsewhere).

use std::collections::HashMap;

use parallax_learn::hashing::FeatureKey;

use crate::gazetteer::Gazetteer;
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

fn long_shape(word: &str) -> String {
    word.chars().take(12).map(class).collect()
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

fn starts_upper(w: &str) -> bool {
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
            if !w.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            let e = doc_case.entry(normalize(w)).or_insert((0, 0));
            if starts_upper(w) {
                e.0 += 1;
            } else {
                e.1 += 1;
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
    const MAX_OCCURRENCES: usize = 20;
    let mut occurrences: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (s, words) in sentences.iter().enumerate() {
        for (i, w) in words.iter().enumerate() {
            if starts_upper(w) && w.chars().nth(1).is_some() {
                let list = occurrences.entry(normalize(w)).or_default();
                if list.len() < MAX_OCCURRENCES {
                    list.push((s, i));
                }
            }
        }
    }
    let neighbour = |s: usize, i: isize| -> String {
        let words = &sentences[s];
        if i < 0 {
            "<s>".to_string()
        } else if i as usize >= words.len() {
            "</s>".to_string()
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
                    keys.push(FeatureKey::new(CONTEXT_BEFORE).str(before).finish());
                    keys.push(FeatureKey::new(CONTEXT_AFTER).str(after).finish());
                    // The neighbours' clusters generalise across synonyms ("said", "told").
                    for (template, word) in [
                        (CONTEXT_BEFORE_CLUSTER, before),
                        (CONTEXT_AFTER_CLUSTER, after),
                    ] {
                        if let Some(path) = resources.clusters.path(word) {
                            keys.push(
                                FeatureKey::new(template)
                                    .str(&path[..6.min(path.len())])
                                    .finish(),
                            );
                        }
                    }
                }
            }
            // Sorted so the order (and float summation) never depends on hashing.
            keys.sort_unstable();
            keys.dedup();
            features[s][i].extend(keys);
        }
    }
}

fn sentence_features(
    words: &[&str],
    headline: bool,
    resources: &Resources,
    doc_case: &HashMap<String, (u16, u16)>,
) -> Vec<Vec<u64>> {
    let norms: Vec<String> = words.iter().map(|w| normalize(w)).collect();
    let mut gazetteer_codes = vec![0u16; words.len()];
    for m in resources.gazetteer.matches(&norms) {
        for (i, code) in gazetteer_codes
            .iter_mut()
            .enumerate()
            .take(m.end)
            .skip(m.start)
        {
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
    // Runs of capitalised tokens (not in headlines), for position-in-name features.
    let mut run_start = vec![0usize; words.len()];
    let mut run_end = vec![0usize; words.len()];
    if !headline {
        let mut i = 0;
        while i < words.len() {
            if starts_upper(words[i]) {
                let mut j = i;
                while j < words.len() && starts_upper(words[j]) {
                    j += 1;
                }
                for k in i..j {
                    run_start[k] = i;
                    run_end[k] = j;
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    let pad_begin = TokenInfo {
        word: "<S>",
        norm: "<s>".into(),
        shape: "<S>".into(),
        cluster: None,
        casing: 0,
        gazetteer: 0,
    };
    let pad_end = TokenInfo {
        word: "</S>",
        norm: "</s>".into(),
        shape: "</S>".into(),
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
        f.push(FeatureKey::new(BIAS).finish());
        f.push(FeatureKey::new(WORD).str(t.word).finish());
        for (k, offset) in (-2isize..=2).enumerate() {
            let o = at(ii + offset);
            f.push(FeatureKey::new(LOWER + k as u32).str(&o.norm).finish());
            f.push(FeatureKey::new(SHAPE + k as u32).str(&o.shape).finish());
        }
        let (prev, next) = (at(ii - 1), at(ii + 1));
        f.push(
            FeatureKey::new(BIGRAM_PREV)
                .str(&prev.norm)
                .str(&t.norm)
                .finish(),
        );
        f.push(
            FeatureKey::new(BIGRAM_NEXT)
                .str(&t.norm)
                .str(&next.norm)
                .finish(),
        );
        f.push(
            FeatureKey::new(LOWER_PREV_SHAPE)
                .str(&prev.norm)
                .str(&t.shape)
                .finish(),
        );
        f.push(
            FeatureKey::new(LOWER_NEXT_SHAPE)
                .str(&t.shape)
                .str(&next.norm)
                .finish(),
        );
        f.push(
            FeatureKey::new(LONG_SHAPE)
                .str(&long_shape(t.word))
                .finish(),
        );
        f.push(
            FeatureKey::new(SHAPE_TRIGRAM)
                .str(&prev.shape)
                .str(&t.shape)
                .str(&next.shape)
                .finish(),
        );
        let chars: Vec<char> = t.word.chars().collect();
        for n in 1..=4.min(chars.len()) {
            f.push(
                FeatureKey::new(PREFIX + n as u32)
                    .chars(chars[..n].iter().copied())
                    .finish(),
            );
        }
        for n in 1..=5.min(chars.len()) {
            f.push(
                FeatureKey::new(SUFFIX + n as u32)
                    .chars(chars[chars.len() - n..].iter().copied())
                    .finish(),
            );
        }
        let initial = i == 0
            || (i == 1 && matches!(words[0], "\"" | "'" | "(" | "`" | "“" | "‘" | "-" | "--"));
        f.push(
            FeatureKey::new(POSITION)
                .int(initial as u64)
                .str(&t.shape)
                .finish(),
        );
        f.push(
            FeatureKey::new(HEADLINE)
                .int(headline as u64)
                .str(&t.shape)
                .finish(),
        );
        f.push(
            FeatureKey::new(LENGTH)
                .int(chars.len().min(12) as u64)
                .int(headline as u64)
                .finish(),
        );
        if run_end[i] > run_start[i] {
            let len = (run_end[i] - run_start[i]).min(5) as u64;
            let pos = match (i == run_start[i], i + 1 == run_end[i]) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            f.push(
                FeatureKey::new(CAPS_RUN)
                    .int(len)
                    .int(pos)
                    .int(initial as u64)
                    .finish(),
            );
        }
        if let Some(path) = t.cluster {
            for (k, &p) in CLUSTER_PREFIXES.iter().enumerate() {
                let prefix = &path[..p.min(path.len())];
                f.push(FeatureKey::new(CLUSTER + k as u32).str(prefix).finish());
                // Cluster with the capitalisation pattern: "a capitalised city-like word".
                if k == 1 || k == 3 {
                    f.push(
                        FeatureKey::new(CLUSTER + 10 + k as u32)
                            .str(prefix)
                            .str(&t.shape)
                            .finish(),
                    );
                }
            }
        } else {
            f.push(FeatureKey::new(CLUSTER).str("?").str(&t.shape).finish());
        }
        for (template, o) in [(CLUSTER_PREV, prev), (CLUSTER_NEXT, next)] {
            if let Some(path) = o.cluster {
                f.push(
                    FeatureKey::new(template)
                        .str(&path[..4.min(path.len())])
                        .finish(),
                );
                f.push(
                    FeatureKey::new(template + 1)
                        .str(&path[..10.min(path.len())])
                        .finish(),
                );
            }
        }
        let capitalised = starts_upper(t.word);
        f.push(
            FeatureKey::new(CASING)
                .int(t.casing as u64)
                .int(capitalised as u64)
                .int(initial as u64 | (headline as u64) << 1)
                .finish(),
        );
        f.push(
            FeatureKey::new(CASING_PREV)
                .int(prev.casing as u64)
                .int(starts_upper(prev.word) as u64)
                .finish(),
        );
        f.push(
            FeatureKey::new(CASING_NEXT)
                .int(next.casing as u64)
                .int(starts_upper(next.word) as u64)
                .finish(),
        );
        if t.gazetteer != 0 {
            f.push(FeatureKey::new(GAZETTEER).int(t.gazetteer as u64).finish());
            // Each type on its own, so overlapping type sets share evidence.
            for bit in 0..4 {
                if (t.gazetteer >> 2) & (1 << bit) != 0 {
                    f.push(
                        FeatureKey::new(GAZETTEER)
                            .int(100 + bit)
                            .int((t.gazetteer & 3) as u64)
                            .finish(),
                    );
                }
            }
        }
        if prev.gazetteer != 0 {
            f.push(
                FeatureKey::new(GAZETTEER_PREV)
                    .int(prev.gazetteer as u64)
                    .finish(),
            );
        }
        if next.gazetteer != 0 {
            f.push(
                FeatureKey::new(GAZETTEER_NEXT)
                    .int(next.gazetteer as u64)
                    .finish(),
            );
        }
        // Document evidence: is this word capitalised in running text elsewhere?
        if t.word.chars().next().is_some_and(char::is_alphabetic) {
            let (upper, lower) = doc_case.get(&t.norm).copied().unwrap_or((0, 0));
            // Discount this occurrence itself when it is in running text.
            let (upper, lower) = if !headline && !initial {
                if capitalised {
                    (upper.saturating_sub(1), lower)
                } else {
                    (upper, lower.saturating_sub(1))
                }
            } else {
                (upper, lower)
            };
            let evidence = match (upper > 0, lower > 0) {
                (false, false) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (true, true) => 3,
            };
            f.push(
                FeatureKey::new(DOC_CASE)
                    .int(evidence)
                    .int(capitalised as u64)
                    .int(initial as u64 | (headline as u64) << 1)
                    .finish(),
            );
        }
        out.push(f);
    }
    out
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
                    u64::MAX
                } else {
                    tags[j as usize] as u64
                };
                f.push(
                    FeatureKey::new(STAGE_ONE_TAG)
                        .int(k as u64)
                        .int(tag)
                        .finish(),
                );
            }
            let Some(counts) = votes.get(&normalize(w)) else {
                continue;
            };
            let total: u32 = counts.iter().map(|&c| c as u32).sum();
            if total == 0 {
                continue;
            }
            let shape = short_shape(w);
            for (k, &c) in counts.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let share = (c as u32 * 4).div_ceil(total) as u64; // 1..=4
                f.push(FeatureKey::new(STAGE_ONE).int(k as u64).int(share).finish());
                f.push(
                    FeatureKey::new(STAGE_ONE_SHAPE)
                        .int(k as u64)
                        .int(share)
                        .str(&shape)
                        .finish(),
                );
            }
        }
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
            let k = match tag_type(tag) {
                Some(t) => parallax_core::EntityType::ALL
                    .iter()
                    .position(|&x| x == t)
                    .unwrap_or(0),
                None => 4,
            };
            let e = votes.entry(normalize(w)).or_insert([0; 5]);
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
