//! The genre of an article: news reporting, or opinion (and satire). A logistic regression
//! trained on the SemEval-2023 subtask-1 labels over article-level style only: lexicon-cue
//! rates, first- and second-person voice, questions and exclamations, how much is attributed
//! ("said", "according to") or quoted, sentence length. Reporting attributes and describes;
//! opinion argues, and uses far more persuasion techniques, so the genre is evidence for the
//! article score.
//!
//! No words: the training split has only 33 reporting articles, and a bag of words over them
//! learned topics, not genre (out-of-fold ROC AUC 0.51 with it, 0.63 without).

use crate::features::{key, key2, Prepared};
use crate::lexicon::CUE_COUNT;
use crate::linear::{sigmoid, Example, Features, HashedLinear, Loss, TrainConfig};
use crate::text::{flag, word_hash, Kind};

const TEMPLATE: u64 = 70;

/// The word hashes of each voice (first person singular and plural, second person), with
/// its feature id; hashed once, not per article.
fn voice_groups() -> &'static [(Vec<u64>, u64); 3] {
    static GROUPS: std::sync::OnceLock<[(Vec<u64>, u64); 3]> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let hashed = |list: &[&str], id: u64| (list.iter().map(|w| word_hash(w)).collect(), id);
        [
            hashed(&["i", "me", "my", "mine", "i'm", "i've"], 3),
            hashed(&["we", "us", "our", "ours", "we're", "we've"], 4),
            hashed(&["you", "your", "yours", "you're"], 5),
        ]
    })
}

/// Article-level style features.
pub fn features(p: &Prepared) -> Features {
    let mut out = Features::new();
    let words = p.words.max(1) as f32;
    let sentences = p.sentence_count().max(1) as f32;
    out.push((key(TEMPLATE, 0), 1.0));
    // Cue rates per 100 words.
    for (i, d) in p.cue_density.iter().enumerate().take(CUE_COUNT) {
        out.push((key2(TEMPLATE, 2, i as u64), (d / 5.0).min(4.0)));
    }
    for (hashes, id) in voice_groups().iter() {
        let n = p
            .doc
            .tokens
            .iter()
            .filter(|t| hashes.contains(&t.word))
            .count() as f32;
        out.push((key(TEMPLATE, *id), (100.0 * n / words / 2.0).min(4.0)));
    }
    let (mut questions, mut exclamations) = (0f32, 0f32);
    for t in &p.doc.tokens {
        if t.kind == Kind::Punct {
            match t.punct {
                '?' => questions += 1.0,
                '!' => exclamations += 1.0,
                _ => {}
            }
        }
    }
    out.push((key(TEMPLATE, 6), (4.0 * questions / sentences).min(4.0)));
    out.push((key(TEMPLATE, 7), (4.0 * exclamations / sentences).min(4.0)));
    let quoted = p
        .doc
        .tokens
        .iter()
        .filter(|t| t.is_word() && t.is(flag::QUOTED))
        .count() as f32;
    out.push((key(TEMPLATE, 8), 4.0 * quoted / words));
    out.push((key(TEMPLATE, 9), (words / sentences / 10.0).min(4.0)));
    out.push((key(TEMPLATE, 10), (words.ln() / 4.0).min(4.0)));
    out
}

/// The genre model: probability that an article is opinion (or satire) rather than reporting.
#[derive(Debug, Clone)]
pub struct GenreModel {
    pub model: HashedLinear,
}

impl GenreModel {
    pub fn opinion(&self, p: &Prepared) -> f32 {
        sigmoid(self.model.logit(&features(p)))
    }

    /// Trains on articles labelled opinion (`true`) or reporting (`false`); classes weighted
    /// to balance.
    pub fn train(data: &[(&Prepared, bool)], seed: u64) -> GenreModel {
        let positives = data.iter().filter(|d| d.1).count().max(1) as f32;
        let negatives = (data.len() as f32 - positives).max(1.0);
        let n = data.len() as f32;
        let examples: Vec<Example> = data
            .iter()
            .map(|(p, y)| Example {
                features: features(p),
                labels: if *y { vec![0] } else { vec![] },
                weight: if *y {
                    n / (2.0 * positives)
                } else {
                    n / (2.0 * negatives)
                },
            })
            .collect();
        let config = TrainConfig {
            bits: 18,
            epochs: 20,
            learning_rate: 0.05,
            l2: 1e-3,
            seed,
        };
        let mut model = HashedLinear::train(&examples, 1, Loss::Sigmoid, &config);
        model.compact(0.0);
        GenreModel { model }
    }
}
