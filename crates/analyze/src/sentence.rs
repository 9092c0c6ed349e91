//! The sentence classifier: the probability that a sentence uses a persuasion technique.
//!
//! Two stacked logistic regressions. The first reads the sentence alone (words, bigrams,
//! lexicon cues, punctuation, length, position, article-wide cue density). The second adds
//! what the first said about the rest of the article (mean, maximum, share of likely
//! sentences) and about the neighbouring sentences: propaganda clusters by article and by
//! passage. During training the second stage sees first-stage probabilities from models that
//! did not see that article (k-fold by article), so it learns from honest inputs.

use crate::features::{key, key2, logit, probability_bucket, template, Prepared};
use crate::linear::{sigmoid, Example, Features, HashedLinear, Loss, TrainConfig};

/// A trained two-stage sentence classifier.
#[derive(Debug, Clone)]
pub struct SentenceModel {
    pub base: HashedLinear,
    pub context: HashedLinear,
    /// Probability above which a sentence is called propaganda (SLC decision).
    pub threshold: f32,
}

/// One article's sentences with labels, ready for training.
pub struct LabeledSentences<'t> {
    pub prepared: Prepared<'t>,
    pub labels: Vec<bool>,
    /// Tagger inside-probabilities per token (from a tagger that did not see this article).
    pub phrase: Option<Vec<f32>>,
}

/// Training settings for both stages.
#[derive(Debug, Clone)]
pub struct SentenceConfig {
    pub linear: TrainConfig,
    pub folds: usize,
    /// Weight of positive examples (the class is the minority).
    pub positive_weight: f32,
}

impl SentenceModel {
    /// First-stage probabilities of every sentence of an article.
    pub fn base_probabilities(
        &self,
        p: &Prepared,
        phrase: Option<&[f32]>,
        scratch: &mut Features,
    ) -> Vec<f32> {
        base_probabilities(&self.base, p, phrase, scratch)
    }

    /// Final probabilities of every sentence of an article; `phrase` holds the tagger's
    /// inside-probabilities of the article's tokens.
    pub fn probabilities(&self, p: &Prepared, phrase: Option<&[f32]>) -> Vec<f32> {
        // Sentence features once; the second stage adds its context features to them.
        let mut features: Vec<Features> = (0..p.sentence_count())
            .map(|s| {
                // Room for every feature at once (about five per token, a few dozen per
                // sentence and article, the second stage's nine) rather than regrowing.
                let mut f = Features::with_capacity(6 * p.doc.sentences[s].len() + 64);
                p.sentence_features(s, phrase, &mut f);
                f
            })
            .collect();
        let base: Vec<f32> = features
            .iter()
            .map(|f| sigmoid(self.base.logit(f)))
            .collect();
        let summary = ArticleSummary::of(&base);
        features
            .iter_mut()
            .enumerate()
            .map(|(s, f)| {
                add_context_features_with(&base, &summary, s, f);
                sigmoid(self.context.logit(f))
            })
            .collect()
    }

    /// Trains both stages; `articles` are the training articles. Returns the model and the
    /// out-of-fold final probabilities of the training sentences (for choosing thresholds and
    /// training later stages on honest inputs).
    /// `fold[i]` is the cross-validation fold of article `i` (`0..c.folds`).
    pub fn train(
        articles: &[LabeledSentences],
        fold: &[usize],
        c: &SentenceConfig,
    ) -> (SentenceModel, Vec<Vec<f32>>) {
        let folds = c.folds.max(2);
        let fold_of = |i: usize| fold[i] % folds;
        // Out-of-fold first-stage probabilities.
        let mut oof_base: Vec<Vec<f32>> = vec![Vec::new(); articles.len()];
        for f in 0..folds {
            let train: Vec<&LabeledSentences> = articles
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(*i) != f)
                .map(|(_, a)| a)
                .collect();
            let model = train_stage(&train, c, None);
            let mut scratch = Vec::new();
            for (i, a) in articles.iter().enumerate() {
                if fold_of(i) == f {
                    oof_base[i] =
                        base_probabilities(&model, &a.prepared, a.phrase.as_deref(), &mut scratch);
                }
            }
        }
        let all: Vec<&LabeledSentences> = articles.iter().collect();
        let base = train_stage(&all, c, None);
        let context = train_stage(&all, c, Some(&oof_base));
        // Out-of-fold final probabilities: second stage trained without the fold too.
        let mut oof_final: Vec<Vec<f32>> = vec![Vec::new(); articles.len()];
        for f in 0..folds {
            let (train, base_probs): (Vec<&LabeledSentences>, Vec<Vec<f32>>) = articles
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(*i) != f)
                .map(|(i, a)| (a, oof_base[i].clone()))
                .unzip();
            let model = train_stage(&train, c, Some(&base_probs));
            let mut scratch = Vec::new();
            for (i, a) in articles.iter().enumerate() {
                if fold_of(i) == f {
                    oof_final[i] = (0..a.prepared.sentence_count())
                        .map(|s| {
                            a.prepared
                                .sentence_features(s, a.phrase.as_deref(), &mut scratch);
                            add_context_features(&oof_base[i], s, &mut scratch);
                            sigmoid(model.logit(&scratch))
                        })
                        .collect();
                }
            }
        }
        let pairs: Vec<(f32, bool)> = articles
            .iter()
            .zip(&oof_final)
            .flat_map(|(a, p)| p.iter().copied().zip(a.labels.iter().copied()))
            .collect();
        let threshold = best_f1_threshold(&pairs);
        (
            SentenceModel {
                base,
                context,
                threshold,
            },
            oof_final,
        )
    }
}

fn base_probabilities(
    model: &HashedLinear,
    p: &Prepared,
    phrase: Option<&[f32]>,
    scratch: &mut Features,
) -> Vec<f32> {
    (0..p.sentence_count())
        .map(|s| {
            p.sentence_features(s, phrase, scratch);
            sigmoid(model.logit(scratch))
        })
        .collect()
}

/// Trains one stage; with `base` (first-stage probabilities per article) it is the second.
fn train_stage(
    articles: &[&LabeledSentences],
    c: &SentenceConfig,
    base: Option<&[Vec<f32>]>,
) -> HashedLinear {
    let mut examples = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        for s in 0..a.prepared.sentence_count() {
            let mut features = Vec::new();
            a.prepared
                .sentence_features(s, a.phrase.as_deref(), &mut features);
            if let Some(base) = base {
                add_context_features(&base[i], s, &mut features);
            }
            let positive = a.labels[s];
            examples.push(Example {
                features,
                labels: if positive { vec![0] } else { vec![] },
                weight: if positive { c.positive_weight } else { 1.0 },
            });
        }
    }
    let mut model = HashedLinear::train(&examples, 1, Loss::Sigmoid, &c.linear);
    model.compact(0.0);
    model
}

/// Second-stage features: what the first stage thinks of this sentence, its neighbours and
/// the whole article.
pub fn add_context_features(base: &[f32], s: usize, out: &mut Features) {
    add_context_features_with(base, &ArticleSummary::of(base), s, out);
}

/// What the second stage reads of the whole article's first-stage probabilities: the same
/// for every sentence, so worked out once per article.
#[derive(Debug, Clone, Copy)]
pub struct ArticleSummary {
    mean: f32,
    /// Share of sentences at 0.5 or more.
    share: f32,
    /// Mean of the three highest.
    top3: f32,
}

impl ArticleSummary {
    pub fn of(base: &[f32]) -> ArticleSummary {
        let n = base.len();
        let mean = base.iter().sum::<f32>() / n.max(1) as f32;
        let share = base.iter().filter(|&&p| p >= 0.5).count() as f32 / n.max(1) as f32;
        let mut sorted: Vec<f32> = base.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let top3 = sorted.iter().take(3).sum::<f32>() / sorted.len().clamp(1, 3) as f32;
        ArticleSummary { mean, share, top3 }
    }
}

/// [`add_context_features`] given the article's summary (`ArticleSummary::of(base)`).
pub fn add_context_features_with(
    base: &[f32],
    summary: &ArticleSummary,
    s: usize,
    out: &mut Features,
) {
    use template::CONTEXT;
    let n = base.len();
    let own = base[s];
    out.push((key2(CONTEXT, 1, probability_bucket(own)), 1.0));
    out.push((key(CONTEXT, 2), logit(own)));
    out.push((key2(CONTEXT, 3, probability_bucket(summary.mean)), 1.0));
    out.push((key(CONTEXT, 4), logit(summary.mean)));
    out.push((key2(CONTEXT, 5, probability_bucket(summary.share)), 1.0));
    let prev = if s > 0 { base[s - 1] } else { -1.0 };
    let next = if s + 1 < n { base[s + 1] } else { -1.0 };
    for (t, p) in [(6, prev), (7, next)] {
        let bucket = if p < 0.0 { 10 } else { probability_bucket(p) };
        out.push((key2(CONTEXT, t, bucket), 1.0));
    }
    out.push((key2(CONTEXT, 8, probability_bucket(summary.top3)), 1.0));
}

/// The threshold that maximises F1 of the positive class on `(probability, gold)` pairs.
pub fn best_f1_threshold(pairs: &[(f32, bool)]) -> f32 {
    let mut sorted: Vec<(f32, bool)> = pairs.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = sorted.iter().filter(|p| p.1).count() as f64;
    let mut tp = 0.0;
    let mut best = (0.0f64, 0.5f32);
    for (i, &(p, y)) in sorted.iter().enumerate() {
        if y {
            tp += 1.0;
        }
        let predicted = (i + 1) as f64;
        let f1 = 2.0 * tp / (predicted + positives);
        // Only cut between distinct probabilities.
        let next = sorted.get(i + 1).map(|x| x.0);
        if next != Some(p) && f1 > best.0 {
            let threshold = match next {
                Some(q) => (p + q) / 2.0,
                None => p,
            };
            best = (f1, threshold);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_maximises_f1() {
        let pairs = [
            (0.9, true),
            (0.8, true),
            (0.7, false),
            (0.6, true),
            (0.1, false),
        ];
        let t = best_f1_threshold(&pairs);
        // Cutting below 0.6 gives 3 TP, 1 FP: F1 6/7, the best.
        assert!(t > 0.1 && t < 0.6, "{t}");
    }
}
