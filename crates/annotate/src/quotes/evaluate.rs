//! Scoring the quotes layer against hand-made gold annotations
//! (`crates/annotate/testdata/attribution/quotes.json`, format in its README).
//!
//! Gold spans are character offsets into the record text that `parallax analyze` produces for
//! the document, each with a hash of its text, so a gold file never holds the text of a
//! document it may not copy. When the extractor changes a text, every span whose text is still
//! there (same hash, same length) is found again; the others are reported as stale.
//!
//! A predicted quote matches a gold quote when their spans overlap by at least half of their
//! union (one-to-one, best overlap first); it matches *exactly* when the spans are equal after
//! trimming spaces, quotation marks and edge punctuation. Speaker, cue and anonymity are scored
//! on overlap-matched pairs, so a field's precision is "quotes predicted with the right span
//! and the right value" over all predicted quotes, and its recall the same over gold quotes.

use serde::{Deserialize, Serialize};

use crate::eval::Prf;
use parallax_core::Quote;

/// The gold file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldFile {
    /// "dev" (the rules were developed looking at these documents) or "test" (annotated before
    /// the rules were ever run on them, and not looked at while changing the rules).
    pub split: String,
    pub documents: Vec<GoldDocument>,
}

/// The gold quotes of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldDocument {
    /// Where the document comes from: "seeds" (`../shared/seeds`), "examples"
    /// (`examples/articles`), "fnc1" (`../shared/data/stance/fnc1/train_bodies.csv`).
    pub source: String,
    /// The file name; `feed.jsonl:N` for line N of a JSONL file; the target URI of a WARC record.
    pub key: String,
    /// Length in characters of the record text the offsets refer to.
    pub text_chars: usize,
    /// [`fingerprint`] of that text.
    pub text_hash: String,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    /// [`fingerprint`] of the span's text.
    pub hash: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub anonymous: bool,
    /// The span's text, for documents whose text may be copied (our own examples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// FNV-1a (64 bit) of the UTF-8 bytes, in hex: stable, and enough to recognise a span.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Finds a gold span again in `chars` (the record text as characters): at its offsets when the
/// text there still has its hash, else at the first place that does. `None` when it is gone.
pub fn anchor(chars: &[char], start: usize, end: usize, hash: &str) -> Option<(usize, usize)> {
    let len = end.checked_sub(start)?;
    let at = |s: usize| -> bool {
        s + len <= chars.len() && fingerprint(&chars[s..s + len].iter().collect::<String>()) == hash
    };
    if at(start) {
        return Some((start, end));
    }
    (0..chars.len().saturating_sub(len) + 1)
        .find(|&s| at(s))
        .map(|s| (s, s + len))
}

/// Counts over any number of documents.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub exact: usize,
    pub speaker: usize,
    pub cue: usize,
    pub anonymous_agree: usize,
    pub gold_anonymous: usize,
    pub predicted_anonymous: usize,
    pub anonymous_both: usize,
    /// Gold spans no longer found in the record text.
    pub stale: usize,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
        self.exact += other.exact;
        self.speaker += other.speaker;
        self.cue += other.cue;
        self.anonymous_agree += other.anonymous_agree;
        self.gold_anonymous += other.gold_anonymous;
        self.predicted_anonymous += other.predicted_anonymous;
        self.anonymous_both += other.anonymous_both;
        self.stale += other.stale;
    }

    pub fn report(&self) -> Report {
        let prf = |tp| Prf::from_counts(tp, self.predicted, self.gold);
        Report {
            span_overlap: prf(self.matched),
            span_exact: prf(self.exact),
            speaker: prf(self.speaker),
            cue: prf(self.cue),
            anonymous_field: prf(self.anonymous_agree),
            anonymous_sources: Prf::from_counts(
                self.anonymous_both,
                self.predicted_anonymous,
                self.gold_anonymous,
            ),
            counts: *self,
        }
    }
}

/// Precision, recall and F1 per field.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Spans overlapping by at least half their union.
    pub span_overlap: Prf,
    /// Spans equal after trimming.
    pub span_exact: Prf,
    /// Matched span and the right speaker.
    pub speaker: Prf,
    /// Matched span and the right cue.
    pub cue: Prf,
    /// Matched span and the right `anonymous` value.
    pub anonymous_field: Prf,
    /// Anonymous sources as a class: predicted anonymous and gold anonymous on matched spans.
    pub anonymous_sources: Prf,
    pub counts: Counts,
}

/// One gold or predicted quote, reduced to what is compared.
#[derive(Debug, Clone)]
pub struct Item {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub anonymous: bool,
}

impl From<&Quote> for Item {
    fn from(q: &Quote) -> Self {
        Item {
            start: q.start,
            end: q.end,
            speaker: q.speaker.clone(),
            cue: q.cue.clone(),
            anonymous: q.anonymous,
        }
    }
}

/// The outcome for one document: counts, and the pairs for error listings.
#[derive(Debug, Clone, Default)]
pub struct DocumentOutcome {
    pub counts: Counts,
    /// (gold index, predicted index) of matched pairs.
    pub pairs: Vec<(usize, usize)>,
    pub missed: Vec<usize>,
    pub spurious: Vec<usize>,
}

fn trim_edges(chars: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
    let edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '\''
                    | '«'
                    | '»'
                    | '„'
                    | '.'
                    | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
            )
    };
    end = end.min(chars.len());
    while start < end && edge(chars[start]) {
        start += 1;
    }
    while end > start && edge(chars[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// Scores one document. `chars` is its record text as characters; gold items must already be
/// anchored in it.
pub fn score_document(chars: &[char], gold: &[Item], predicted: &[Item]) -> DocumentOutcome {
    let mut candidates = Vec::new();
    for (g, gq) in gold.iter().enumerate() {
        for (p, pq) in predicted.iter().enumerate() {
            let inter = gq.end.min(pq.end).saturating_sub(gq.start.max(pq.start));
            let union = gq.end.max(pq.end) - gq.start.min(pq.start);
            if inter > 0 && inter * 2 >= union {
                candidates.push((inter as f64 / union as f64, g, p));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut outcome = DocumentOutcome::default();
    let counts = &mut outcome.counts;
    counts.gold = gold.len();
    counts.predicted = predicted.len();
    counts.gold_anonymous = gold.iter().filter(|q| q.anonymous).count();
    counts.predicted_anonymous = predicted.iter().filter(|q| q.anonymous).count();
    for (_, g, p) in candidates {
        if gold_used[g] || predicted_used[p] {
            continue;
        }
        gold_used[g] = true;
        predicted_used[p] = true;
        let (gq, pq) = (&gold[g], &predicted[p]);
        counts.matched += 1;
        if trim_edges(chars, gq.start, gq.end) == trim_edges(chars, pq.start, pq.end) {
            counts.exact += 1;
        }
        if same_speaker(gq.speaker.as_deref(), pq.speaker.as_deref()) {
            counts.speaker += 1;
        }
        if same_cue(gq.cue.as_deref(), pq.cue.as_deref()) {
            counts.cue += 1;
        }
        if gq.anonymous == pq.anonymous {
            counts.anonymous_agree += 1;
        }
        if gq.anonymous && pq.anonymous {
            counts.anonymous_both += 1;
        }
        outcome.pairs.push((g, p));
    }
    outcome.missed = (0..gold.len()).filter(|&g| !gold_used[g]).collect();
    outcome.spurious = (0..predicted.len())
        .filter(|&p| !predicted_used[p])
        .collect();
    outcome
}

fn words_of(name: &str) -> Vec<String> {
    let lower = name.to_lowercase().replace('’', "'");
    let mut words: Vec<String> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '.'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('.').to_string())
        .collect();
    while words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an"))
    {
        words.remove(0);
    }
    words
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Whether two speaker strings name the same source: equal after dropping a leading article,
/// one a word prefix or suffix of the other ("Marrow" / "Ilse Marrow", "a military commander"
/// / "a military commander in the alliance …"), or one the acronym of the other. Both absent
/// also agree.
pub fn same_speaker(gold: Option<&str>, predicted: Option<&str>) -> bool {
    match (gold, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            let (gw, pw) = (words_of(g), words_of(p));
            if gw.is_empty() || pw.is_empty() {
                return gw == pw;
            }
            let (short, long) = if gw.len() <= pw.len() {
                (&gw, &pw)
            } else {
                (&pw, &gw)
            };
            let acronym = |a: &str, b: &str| {
                a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase()) && initials(b) == a
            };
            long.starts_with(short)
                || long.ends_with(short)
                || acronym(g.trim(), p)
                || acronym(p.trim(), g)
        }
        _ => false,
    }
}

/// Cues compare case-insensitively; both absent agree.
pub fn same_cue(gold: Option<&str>, predicted: Option<&str>) -> bool {
    match (gold, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) => g.trim().eq_ignore_ascii_case(p.trim()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(start: usize, end: usize, speaker: Option<&str>) -> Item {
        Item {
            start,
            end,
            speaker: speaker.map(str::to_string),
            cue: Some("said".into()),
            anonymous: false,
        }
    }

    #[test]
    fn speakers_match_by_word_prefix_suffix_or_acronym() {
        assert!(same_speaker(Some("Ilse Marrow"), Some("Marrow")));
        assert!(same_speaker(
            Some("A military commander in the alliance"),
            Some("a military commander")
        ));
        assert!(same_speaker(
            Some("HNC"),
            Some("High Negotiations Committee")
        ));
        assert!(same_speaker(
            Some("Delta Flood Authority"),
            Some("the flood authority")
        ));
        assert!(!same_speaker(Some("Ilse Marrow"), Some("Tomas Brekke")));
        assert!(!same_speaker(Some("Ilse Marrow"), None));
        assert!(same_speaker(None, None));
    }

    #[test]
    fn spans_match_by_overlap_one_to_one() {
        let chars: Vec<char> = "\"We will win,\" she said. Others said no more."
            .chars()
            .collect();
        let gold = vec![item(1, 12, Some("Jane")), item(30, 44, None)];
        let predicted = vec![item(1, 13, Some("jane")), item(0, 5, None)];
        let outcome = score_document(&chars, &gold, &predicted);
        assert_eq!(outcome.counts.matched, 1);
        assert_eq!(outcome.counts.exact, 1);
        assert_eq!(outcome.counts.speaker, 1);
        assert_eq!(outcome.missed, vec![1]);
        assert_eq!(outcome.spurious, vec![1]);
    }

    #[test]
    fn gold_spans_are_found_again_after_the_text_moves() {
        let text: Vec<char> = "New lead. He said it.".chars().collect();
        let hash = fingerprint("said it");
        assert_eq!(anchor(&text, 3, 10, &hash), Some((13, 20)));
        assert_eq!(anchor(&text, 13, 20, &hash), Some((13, 20)));
        assert_eq!(anchor(&text, 0, 4, "0000"), None);
    }
}
