//! The claims layer: sentences that assert something a fact-checker could check, scored, and
//! who the text says each claim comes from.
//!
//! **Scorer.** A logistic regression over 23 interpretable features of a sentence
//! ([`features::NAMES`]: numbers, quantities, dates, named entities, past-tense events,
//! accusations, causal links, attribution to a source, question or exclamation, first and second
//! person, modals, opinion words, imperatives, length, fragments, superlatives, hedges, vague
//! subjects). The weights in [`weights`] are fitted by `parallax train claims` on 429 sentences
//! of 20 NLP4IF-2019 articles that we labelled (`testdata/attribution/claims-train.tsv`), with
//! the L2 strength chosen by cross-validation by article; `parallax eval claims` scores it on
//! 463 sentences of the seeds and the examples, labelled separately and never used for fitting.
//!
//! **Labels.** A sentence is check-worthy when it asserts something verifiable that a
//! fact-checker might want to verify: a specific event (who did what, where, when), a number or
//! statistic, a causal claim or an accusation stated as fact, or a report of what a source said
//! when what it said is itself such a claim. Opinions, value judgements, predictions and
//! speculation, questions, exhortations, rhetorical flourishes, headings and fragments, and
//! general background knowledge are not.
//!
//! **Output.** Users of a fact-checking tool want a short list of things to check, not every
//! sentence: the layer holds the sentences scoring at least [`DEFAULT_THRESHOLD`], each with its
//! score, so they can be ranked or cut higher. [`score_sentences`] gives every sentence's score
//! for callers that want their own threshold.
//!
//! **Attribution.** `attributed_to` is the speaker of the quote (reported or direct) covering
//! most of the sentence, when a quote covers at least 30% of it; else `null`, the author's own
//! assertion.

pub mod features;
pub mod fit;
mod weights;

use parallax_core::{round_score, Article, Claim, Quote};

use crate::quotes::tokens::Doc;
use features::Context;

/// The score a sentence needs to be listed as a claim.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Share of a sentence a quote must cover to attribute the sentence to its speaker.
const ATTRIBUTION_COVER: f64 = 0.3;

/// The fitted weights, in the order of [`features::NAMES`].
pub fn weights() -> &'static [f64; features::COUNT] {
    &weights::WEIGHTS
}

/// One sentence with its check-worthiness.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredSentence {
    /// Character offsets of the sentence.
    pub start: usize,
    pub end: usize,
    pub checkworthy: f64,
    pub attributed_to: Option<String>,
}

/// Scores every sentence of an article (reads `sentences`, `entities`, `quotes`).
pub fn score_sentences(article: &Article) -> Vec<ScoredSentence> {
    if article.sentences.is_empty() {
        return Vec::new();
    }
    score_with(article, &article.quotes, Context::new(article))
}

/// [`score_sentences`] with the article's `quotes` given apart and its context built.
fn score_with(article: &Article, quotes: &[Quote], context: Context) -> Vec<ScoredSentence> {
    article
        .sentences
        .iter()
        .map(|s| {
            let bytes = context.doc.index.byte_of(s.start)..context.doc.index.byte_of(s.end);
            let features = context.features(bytes);
            ScoredSentence {
                start: s.start,
                end: s.end,
                checkworthy: fit::predict(weights(), &features),
                attributed_to: attribution(quotes, s.start, s.end),
            }
        })
        .collect()
}

/// The claims of an article at the default threshold.
pub fn find(article: &Article) -> Vec<Claim> {
    find_with_threshold(article, DEFAULT_THRESHOLD)
}

/// The claims of an article: sentences scoring at least `threshold`.
pub fn find_with_threshold(article: &Article, threshold: f64) -> Vec<Claim> {
    claims_of(score_sentences(article), threshold)
}

/// [`find`] for an article whose `quotes` are given apart, with the [`Doc`] the quotes
/// layer built of it (so the article is not tokenized twice).
pub(crate) fn find_with_doc(article: &Article, quotes: &[Quote], doc: Doc) -> Vec<Claim> {
    if article.sentences.is_empty() {
        return Vec::new();
    }
    let scored = score_with(article, quotes, Context::with_doc(doc, quotes));
    claims_of(scored, DEFAULT_THRESHOLD)
}

fn claims_of(scored: Vec<ScoredSentence>, threshold: f64) -> Vec<Claim> {
    scored
        .into_iter()
        .filter(|s| s.checkworthy >= threshold)
        .map(|s| Claim {
            start: s.start,
            end: s.end,
            checkworthy: round_score(s.checkworthy),
            attributed_to: s.attributed_to,
        })
        .collect()
}

/// The speaker of the quote covering most of the sentence `[start, end)`, if it covers enough.
pub fn attribution(quotes: &[Quote], start: usize, end: usize) -> Option<String> {
    let length = end.saturating_sub(start).max(1) as f64;
    quotes
        .iter()
        .filter(|q| q.speaker.is_some())
        .map(|q| (q.end.min(end).saturating_sub(q.start.max(start)), q))
        .filter(|(covered, _)| *covered as f64 / length >= ATTRIBUTION_COVER)
        .max_by_key(|(covered, _)| *covered)
        .and_then(|(_, q)| q.speaker.clone())
}

#[cfg(test)]
mod tests;
