//! The official measures of the propaganda shared tasks, and calibration error.
//!
//! - SemEval-2020 Task 11 span identification (SI): precision and recall with partial credit
//!   for overlap (Da San Martino et al. 2019): each predicted span earns the fraction of its
//!   characters that gold spans cover, each gold span the fraction that predictions cover.
//!   Overlapping spans on either side are merged first.
//! - SemEval-2020 technique classification (TC): micro-F1 over the gold spans, whose technique
//!   is predicted (equal to accuracy when every span gets one prediction).
//! - NLP4IF-2019 sentence level (SLC): F1 of the propaganda class.
//! - SemEval-2023 Task 3 subtask 3: micro- and macro-F1 over the 23 techniques, multi-label
//!   per paragraph.
//! - Expected calibration error over equal-width probability bins.
//! - Bootstrap intervals by article: how far a figure on a few dozen articles could move on
//!   another draw of articles like them.

use std::collections::BTreeMap;

use parallax_learn::eval::Counts;
use serde::Serialize;

use crate::data::merge_spans;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
    pub fn from_counts(c: &Counts) -> Self {
        Prf::new(c.precision(), c.recall())
    }
}

/// Accumulates the SI measure over articles. Offsets are any consistent unit (characters in
/// the official scorer; the measure is the same in bytes for ASCII text and nearly so otherwise,
/// so callers pass character offsets).
#[derive(Debug, Clone, Default)]
pub struct SpanOverlap {
    precision_sum: f64,
    recall_sum: f64,
    predicted: usize,
    gold: usize,
}

impl SpanOverlap {
    pub fn add(&mut self, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
        let mut g = gold.to_vec();
        let mut p = predicted.to_vec();
        g.retain(|(s, e)| e > s);
        p.retain(|(s, e)| e > s);
        merge_spans(&mut g);
        merge_spans(&mut p);
        for &(ps, pe) in &p {
            for &(gs, ge) in &g {
                let overlap = pe.min(ge).saturating_sub(ps.max(gs));
                if overlap > 0 {
                    self.precision_sum += overlap as f64 / (pe - ps) as f64;
                    self.recall_sum += overlap as f64 / (ge - gs) as f64;
                }
            }
        }
        self.predicted += p.len();
        self.gold += g.len();
    }

    pub fn score(&self) -> Prf {
        let p = if self.predicted == 0 {
            0.0
        } else {
            self.precision_sum / self.predicted as f64
        };
        let r = if self.gold == 0 {
            0.0
        } else {
            self.recall_sum / self.gold as f64
        };
        Prf::new(p, r)
    }

    /// Adds another accumulator's sums (an article's, say) to this one.
    pub fn merge(&mut self, other: &SpanOverlap) {
        self.precision_sum += other.precision_sum;
        self.recall_sum += other.recall_sum;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    pub fn predicted(&self) -> usize {
        self.predicted
    }
    pub fn gold(&self) -> usize {
        self.gold
    }
}

/// Technique classification: for each group of identical gold spans (same article and
/// offsets) with `k` labels, the system gives its `k` best distinct techniques; matches are
/// counted as a multiset intersection, as the official scorer aligns duplicate spans.
#[derive(Debug, Clone, Default)]
pub struct TechniqueAccuracy {
    pub counts: Counts,
    pub by_label: BTreeMap<String, Counts>,
}

impl TechniqueAccuracy {
    /// `gold` and `predicted` are the labels of one span group.
    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        let mut unmatched: Vec<&String> = gold.iter().collect();
        for p in predicted {
            if let Some(i) = unmatched.iter().position(|g| *g == p) {
                unmatched.swap_remove(i);
                self.counts.true_positives += 1;
                self.by_label.entry(p.clone()).or_default().true_positives += 1;
            } else {
                self.counts.false_positives += 1;
                self.by_label.entry(p.clone()).or_default().false_positives += 1;
            }
        }
        for g in unmatched {
            self.counts.false_negatives += 1;
            self.by_label.entry(g.clone()).or_default().false_negatives += 1;
        }
    }

    pub fn micro(&self) -> Prf {
        Prf::from_counts(&self.counts)
    }
}

/// Binary detection counts (SLC: the positive class is "propaganda").
#[derive(Debug, Clone, Default)]
pub struct Binary {
    pub counts: Counts,
}

impl Binary {
    pub fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.counts.true_positives += 1,
            (false, true) => self.counts.false_positives += 1,
            (true, false) => self.counts.false_negatives += 1,
            (false, false) => {}
        }
    }
    pub fn score(&self) -> Prf {
        Prf::from_counts(&self.counts)
    }

    /// Adds another accumulator's counts (an article's, say) to this one.
    pub fn merge(&mut self, other: &Binary) {
        self.counts.true_positives += other.counts.true_positives;
        self.counts.false_positives += other.counts.false_positives;
        self.counts.false_negatives += other.counts.false_negatives;
    }
}

/// Resamples of the articles behind a bootstrap interval.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// A 95% percentile-bootstrap interval of a corpus-level figure, resampling whole articles
/// with replacement: sentences and spans of one article are not independent, so articles are
/// the unit. `per_article[i]` is article `i`'s accumulator, `merge` adds one to a running
/// total, `score` reads the figure off a total. Deterministic for a given `seed`.
pub fn bootstrap_interval<A: Default>(
    per_article: &[A],
    merge: impl Fn(&mut A, &A),
    score: impl Fn(&A) -> f64,
    seed: u64,
) -> (f64, f64) {
    if per_article.is_empty() {
        return (0.0, 0.0);
    }
    let mut rng = parallax_learn::rng::SplitMix64::new(seed);
    let n = per_article.len() as u64;
    let mut figures: Vec<f64> = (0..BOOTSTRAP_RESAMPLES)
        .map(|_| {
            let mut total = A::default();
            for _ in 0..n {
                merge(&mut total, &per_article[rng.below(n) as usize]);
            }
            score(&total)
        })
        .collect();
    figures.sort_by(f64::total_cmp);
    let at = |q: f64| figures[((figures.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// Multi-label F1 over a fixed label set (SemEval-2023 subtask 3): micro over all decisions,
/// macro as the mean of per-label F1 over `labels` (a label never in gold nor predicted scores
/// 0, as scikit-learn's `f1_score` does by default).
#[derive(Debug, Clone)]
pub struct MultiLabel {
    labels: Vec<String>,
    per_label: Vec<Counts>,
}

impl MultiLabel {
    pub fn new(labels: Vec<String>) -> Self {
        let n = labels.len();
        MultiLabel {
            labels,
            per_label: vec![Counts::default(); n],
        }
    }

    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        for (i, label) in self.labels.iter().enumerate() {
            let g = gold.contains(label);
            let p = predicted.contains(label);
            let c = &mut self.per_label[i];
            match (g, p) {
                (true, true) => c.true_positives += 1,
                (false, true) => c.false_positives += 1,
                (true, false) => c.false_negatives += 1,
                (false, false) => {}
            }
        }
    }

    pub fn micro(&self) -> Prf {
        let mut total = Counts::default();
        for c in &self.per_label {
            total.add(c);
        }
        Prf::from_counts(&total)
    }

    /// Macro-F1 over every label of the scheme.
    pub fn macro_f1(&self) -> f64 {
        let sum: f64 = self.per_label.iter().map(|c| Prf::from_counts(c).f1).sum();
        sum / self.labels.len().max(1) as f64
    }

    /// Macro-F1 over the labels that occur in the gold data.
    pub fn macro_f1_present(&self) -> f64 {
        let present: Vec<f64> = self
            .per_label
            .iter()
            .filter(|c| c.gold() > 0)
            .map(|c| Prf::from_counts(c).f1)
            .collect();
        present.iter().sum::<f64>() / present.len().max(1) as f64
    }

    pub fn per_label(&self) -> impl Iterator<Item = (&str, &Counts)> {
        self.labels
            .iter()
            .map(String::as_str)
            .zip(self.per_label.iter())
    }
}

/// Expected calibration error: the sample-weighted mean gap between the mean predicted
/// probability and the observed frequency, over `bins` equal-width bins.
pub fn expected_calibration_error(pairs: &[(f64, bool)], bins: usize) -> f64 {
    if pairs.is_empty() {
        return 0.0;
    }
    let mut sum_p = vec![0f64; bins];
    let mut sum_y = vec![0f64; bins];
    let mut n = vec![0usize; bins];
    for &(p, y) in pairs {
        let b = ((p.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        sum_p[b] += p;
        sum_y[b] += if y { 1.0 } else { 0.0 };
        n[b] += 1;
    }
    let total = pairs.len() as f64;
    (0..bins)
        .filter(|&b| n[b] > 0)
        .map(|b| (n[b] as f64 / total) * ((sum_p[b] - sum_y[b]) / n[b] as f64).abs())
        .sum()
}

/// Area under the ROC curve (probability that a random positive outranks a random negative).
pub fn roc_auc(pairs: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<(f64, bool)> = pairs.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|p| p.1).count() as f64;
    let negatives = sorted.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    // Rank sum with ties averaged.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let rank = (i + j + 1) as f64 / 2.0;
        rank_sum += rank * sorted[i..j].iter().filter(|p| p.1).count() as f64;
        i = j;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_overlap_credit() {
        let mut m = SpanOverlap::default();
        // Gold 0..10; prediction 5..15 covers half of gold and half of itself.
        m.add(&[(0, 10)], &[(5, 15)]);
        let s = m.score();
        assert!((s.precision - 0.5).abs() < 1e-12 && (s.recall - 0.5).abs() < 1e-12);
        // A second article with a missed gold span and no prediction.
        m.add(&[(0, 4)], &[]);
        let s = m.score();
        assert!((s.recall - 0.25).abs() < 1e-12);
        assert!((s.precision - 0.5).abs() < 1e-12);
        // Overlapping predictions are merged before scoring.
        let mut m = SpanOverlap::default();
        m.add(&[(0, 10)], &[(0, 6), (4, 10)]);
        assert_eq!(m.predicted(), 1);
        assert!((m.score().f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn technique_groups_match_as_multisets() {
        let mut t = TechniqueAccuracy::default();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        t.add(
            &s(&["Doubt", "Loaded_Language"]),
            &s(&["Loaded_Language", "Repetition"]),
        );
        t.add(&s(&["Slogans"]), &s(&["Slogans"]));
        assert_eq!(t.counts.true_positives, 2);
        assert!((t.micro().f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn multilabel_micro_and_macro() {
        let labels = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let mut m = MultiLabel::new(labels);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        m.add(&s(&["A"]), &s(&["A", "B"]));
        m.add(&s(&["B"]), &s(&[]));
        // A: tp1 -> F1 1; B: fp1 fn1 -> 0; C: nothing -> 0.
        assert!((m.micro().precision - 0.5).abs() < 1e-12);
        assert!((m.micro().recall - 0.5).abs() < 1e-12);
        assert!((m.macro_f1() - 1.0 / 3.0).abs() < 1e-12);
        assert!((m.macro_f1_present() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn calibration_and_auc() {
        let perfect = [(0.0, false), (1.0, true)];
        assert_eq!(expected_calibration_error(&perfect, 10), 0.0);
        let off = [(0.9, false), (0.9, false)];
        assert!((expected_calibration_error(&off, 10) - 0.9).abs() < 1e-12);
        assert_eq!(roc_auc(&[(0.1, false), (0.9, true)]), 1.0);
        assert_eq!(roc_auc(&[(0.5, false), (0.5, true)]), 0.5);
    }

    fn article(tp: u64, fp: u64, fn_: u64) -> Binary {
        let mut b = Binary::default();
        b.counts.true_positives = tp;
        b.counts.false_positives = fp;
        b.counts.false_negatives = fn_;
        b
    }

    #[test]
    fn bootstrap_interval_brackets_the_figure_and_narrows_with_agreeing_articles() {
        let score = |b: &Binary| b.score().f1;
        // Identical articles: every resample scores the same.
        let same = vec![article(3, 1, 1); 20];
        let (lo, hi) = bootstrap_interval(&same, Binary::merge, score, 7);
        assert!(
            (lo - 0.75).abs() < 1e-12 && (hi - 0.75).abs() < 1e-12,
            "{lo} {hi}"
        );
        // Articles that disagree: a real interval around the pooled figure.
        let mixed: Vec<Binary> = (0..30)
            .map(|i| {
                if i % 3 == 0 {
                    article(0, 4, 4)
                } else {
                    article(5, 1, 0)
                }
            })
            .collect();
        let mut pooled = Binary::default();
        mixed.iter().for_each(|a| pooled.merge(a));
        let (lo, hi) = bootstrap_interval(&mixed, Binary::merge, score, 7);
        let f1 = pooled.score().f1;
        assert!(lo < f1 && f1 < hi, "{lo} {f1} {hi}");
        assert!(hi - lo > 0.05, "{lo} {hi}");
        // Deterministic for a seed.
        assert_eq!(
            bootstrap_interval(&mixed, Binary::merge, score, 7),
            (lo, hi)
        );
    }
}
