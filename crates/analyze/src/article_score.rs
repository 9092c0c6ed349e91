//! The article score: the probability that an article is propagandistic.
//!
//! Ground truth (for training and for the calibration measure): an article is propagandistic
//! when at least [`PROPAGANDISTIC_SHARE`] of its sentences contain a gold persuasion-technique
//! span (NLP4IF-2019 sentence labels where the article has them, otherwise split sentences
//! overlapping a SemEval-2023 span, or a SemEval-2020 one for articles only in that set). The
//! score is a logistic regression over a few article-level summaries of the sentence and span
//! layers, trained on summaries from fold models that did not see the article. The score
//! weighs what the author says: the part of each sentence that lies in speech the article
//! attributes to someone else (attributed quotations and attributed claims) counts at
//! [`REPORTED_WEIGHT`], and sentence summaries are taken over all sentences, so the discounted
//! mass is missing from the total rather than renormalised away. An article that reports
//! others' loaded words thus scores below one that uses them itself. Training data carries no
//! attribution layers (every weight is 1), so the discount leaves the trained model and its
//! calibration on unattributed text unchanged.
//!
//! The article's genre ([`crate::genre`]) is read only when the genre model tells opinion from
//! reporting out of fold (ROC AUC at least [`GENRE_MIN_AUC`]). A genre model at chance adds
//! noise, and its learned weight then moves articles by noise: on the shared data it pushed
//! the most opinionated articles down.

use parallax_learn::format::{ByteReader, ByteWriter, FormatError};

use crate::features::{key, logit, Prepared};
use crate::lexicon::Cue;
use crate::linear::{sigmoid, Example, Features, HashedLinear, Loss, TrainConfig};
use crate::text::flag;

/// Share of technique-bearing sentences from which an article counts as propagandistic.
pub const PROPAGANDISTIC_SHARE: f32 = 0.25;
/// Weight of sentences and spans that are reported speech.
pub const REPORTED_WEIGHT: f32 = 0.4;
/// Out-of-fold ROC AUC from which the genre model counts as evidence for the article score.
pub const GENRE_MIN_AUC: f64 = 0.6;
/// The article-score feature that reads the genre.
const GENRE_FEATURE: u64 = 9;

/// What the score reads from an analysed article.
#[derive(Debug, Clone, Default)]
pub struct ArticleEvidence {
    /// Sentence probabilities.
    pub sentences: Vec<f32>,
    /// Weight of each sentence: 1 in the author's voice, down to [`REPORTED_WEIGHT`] when it
    /// is all attributed speech.
    pub weights: Vec<f32>,
    /// Sum of span weights (each span 1, reported spans [`REPORTED_WEIGHT`]).
    pub spans: f32,
    pub words: usize,
    /// The sentence classifier's decision threshold.
    pub threshold: f32,
    /// Loaded words and labels per 100 words (reported sentences at their weight).
    pub cue_density: f32,
    /// Share of sentences with a reporting cue ("said", "told", "according to"): the style of
    /// news reporting, which attributes rather than asserts.
    pub reporting_share: f32,
    /// Share of words inside quotation marks.
    pub quoted_share: f32,
    /// Probability that the article is opinion rather than reporting ([`crate::genre`]);
    /// `None` when the article score does not read the genre.
    pub opinion: Option<f32>,
}

impl ArticleEvidence {
    /// Evidence from a prepared article and what the models said about it. `attributed[s]`
    /// is the share of sentence `s` in speech attributed to someone else (empty: none known).
    pub fn new(
        p: &Prepared,
        sentences: Vec<f32>,
        attributed: &[f32],
        spans: f32,
        threshold: f32,
        opinion: Option<f32>,
    ) -> ArticleEvidence {
        let weight = |s: usize| {
            let share = attributed.get(s).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            1.0 - (1.0 - REPORTED_WEIGHT) * share
        };
        let loaded = Cue::Loaded.bit() | Cue::Label.bit();
        let mut hits = 0f32;
        let mut reporting = 0usize;
        for (s, range) in p.doc.sentences.iter().enumerate() {
            let cues = &p.cues[range.clone()];
            hits += weight(s) * cues.iter().filter(|&&c| c & loaded != 0).count() as f32;
            if cues.iter().any(|&c| c & Cue::Reporting.bit() != 0) {
                reporting += 1;
            }
        }
        let quoted = p
            .doc
            .tokens
            .iter()
            .filter(|t| t.is_word() && t.is(flag::QUOTED))
            .count();
        let n = p.sentence_count().max(1) as f32;
        ArticleEvidence {
            weights: (0..sentences.len()).map(weight).collect(),
            sentences,
            spans,
            words: p.words,
            threshold,
            cue_density: 100.0 * hits / p.words.max(1) as f32,
            reporting_share: reporting as f32 / n,
            quoted_share: quoted as f32 / p.words.max(1) as f32,
            opinion,
        }
    }

    fn features(&self) -> Features {
        // Over all sentences, not the sum of weights: attributed speech adds less, it does
        // not just shift the average towards the author's sentences.
        let total = self.sentences.len().max(1) as f32;
        let mean = self
            .sentences
            .iter()
            .zip(&self.weights)
            .map(|(p, w)| p * w)
            .sum::<f32>()
            / total;
        let share = self
            .sentences
            .iter()
            .zip(&self.weights)
            .filter(|(p, _)| **p >= self.threshold)
            .map(|(_, w)| w)
            .sum::<f32>()
            / total;
        let mut weighted: Vec<f32> = self
            .sentences
            .iter()
            .zip(&self.weights)
            .map(|(p, w)| p * w)
            .collect();
        weighted.sort_by(|a, b| b.total_cmp(a));
        let top = weighted.iter().take(3).sum::<f32>() / weighted.len().clamp(1, 3) as f32;
        let density = 100.0 * self.spans / self.words.max(1) as f32;
        let mut features = vec![
            (key(60, 1), logit(mean)),
            (key(60, 2), share * 4.0),
            (key(60, 3), logit(top)),
            (key(60, 4), (density / 5.0).min(4.0)),
            (key(60, 5), ((1 + self.words) as f32).ln() / 5.0),
            (key(60, 6), (self.cue_density / 5.0).min(4.0)),
            (key(60, 7), self.reporting_share * 4.0),
            (key(60, 8), self.quoted_share * 4.0),
        ];
        if let Some(opinion) = self.opinion {
            features.push((key(60, GENRE_FEATURE), logit(opinion)));
        }
        features
    }
}

/// The article-score model.
#[derive(Debug, Clone)]
pub struct ArticleModel {
    pub model: HashedLinear,
}

impl ArticleModel {
    /// Whether the score reads the article's genre: it was trained with it, so the genre has a
    /// weight. Callers skip the genre model otherwise.
    pub fn reads_genre(&self) -> bool {
        self.model.weight(key(60, GENRE_FEATURE), 0) != 0.0
    }

    pub fn probability(&self, evidence: &ArticleEvidence) -> f32 {
        if evidence.sentences.is_empty() {
            return 0.0;
        }
        sigmoid(self.model.logit(&evidence.features()))
    }

    pub fn train(data: &[(ArticleEvidence, bool)], seed: u64) -> ArticleModel {
        let examples: Vec<Example> = data
            .iter()
            .map(|(e, y)| Example {
                features: e.features(),
                labels: if *y { vec![0] } else { vec![] },
                weight: 1.0,
            })
            .collect();
        let config = TrainConfig {
            bits: 8,
            epochs: 60,
            learning_rate: 0.1,
            l2: 1e-3,
            seed,
        };
        ArticleModel {
            model: HashedLinear::train(&examples, 1, Loss::Sigmoid, &config),
        }
    }

    pub fn write(&self, out: &mut ByteWriter) {
        self.model.write(out);
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        Ok(ArticleModel {
            model: HashedLinear::read(input)?,
        })
    }
}

/// The ground truth of an article from its gold sentence labels.
pub fn is_propagandistic(labels: &[bool]) -> bool {
    if labels.is_empty() {
        return false;
    }
    let share = labels.iter().filter(|&&l| l).count() as f32 / labels.len() as f32;
    share >= PROPAGANDISTIC_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evidence for `n` invented articles, half propagandistic by their sentence scores.
    fn articles(n: usize, opinion: bool) -> Vec<(ArticleEvidence, bool)> {
        (0..n)
            .map(|i| {
                let y = i % 2 == 0;
                let level = if y { 0.7 } else { 0.2 } + (i % 5) as f32 * 0.02;
                let evidence = ArticleEvidence {
                    sentences: vec![level; 10],
                    weights: vec![1.0; 10],
                    spans: if y { 6.0 } else { 1.0 },
                    words: 400,
                    threshold: 0.3,
                    cue_density: if y { 3.0 } else { 0.5 },
                    reporting_share: if y { 0.1 } else { 0.4 },
                    quoted_share: 0.1,
                    opinion: opinion.then_some(if y { 0.8 } else { 0.3 }),
                };
                (evidence, y)
            })
            .collect()
    }

    #[test]
    fn the_score_reads_the_genre_only_when_trained_with_it() {
        // Also guards against the genre feature sharing a hash bucket with another feature:
        // then a model trained without the genre would still seem to read it.
        let without = ArticleModel::train(&articles(40, false), 1);
        assert!(!without.reads_genre());
        let with = ArticleModel::train(&articles(40, true), 1);
        assert!(with.reads_genre());
        // Trained without it, the genre cannot move the score.
        let mut e = articles(1, false).remove(0).0;
        let before = without.probability(&e);
        e.opinion = Some(0.99);
        assert_eq!(without.probability(&e), before);
    }
}
