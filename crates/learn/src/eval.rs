//! Precision, recall and F1, for labels and for exact-match spans (the CoNLL measure).

use std::collections::BTreeMap;

/// True-positive, false-positive and false-negative counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Number of gold items.
    pub fn gold(&self) -> u64 {
        self.true_positives + self.false_negatives
    }
    /// Number of predicted items.
    pub fn predicted(&self) -> u64 {
        self.true_positives + self.false_positives
    }
    pub fn add(&mut self, other: &Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A labelled span `[start, end)` in some unit (tokens, characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabeledSpan<L> {
    pub start: usize,
    pub end: usize,
    pub label: L,
}

/// Exact-match span scoring: a predicted span counts only if start, end and label all match a
/// gold span. Accumulates over many units (sentences, documents).
#[derive(Debug, Clone)]
pub struct SpanScorer<L: Ord + Clone> {
    pub overall: Counts,
    pub by_label: BTreeMap<L, Counts>,
}

impl<L: Ord + Clone> Default for SpanScorer<L> {
    fn default() -> Self {
        SpanScorer {
            overall: Counts::default(),
            by_label: BTreeMap::new(),
        }
    }
}

impl<L: Ord + Clone> SpanScorer<L> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scores one unit's gold and predicted spans.
    pub fn add(&mut self, gold: &[LabeledSpan<L>], predicted: &[LabeledSpan<L>]) {
        let mut gold_sorted: Vec<&LabeledSpan<L>> = gold.iter().collect();
        gold_sorted.sort();
        gold_sorted.dedup();
        let mut matched = vec![false; gold_sorted.len()];
        let mut predicted_sorted: Vec<&LabeledSpan<L>> = predicted.iter().collect();
        predicted_sorted.sort();
        predicted_sorted.dedup();
        for p in predicted_sorted {
            let counts = self.by_label.entry(p.label.clone()).or_default();
            match gold_sorted.binary_search(&p) {
                Ok(i) => {
                    matched[i] = true;
                    counts.true_positives += 1;
                    self.overall.true_positives += 1;
                }
                Err(_) => {
                    counts.false_positives += 1;
                    self.overall.false_positives += 1;
                }
            }
        }
        for (g, m) in gold_sorted.iter().zip(matched) {
            if !m {
                self.by_label
                    .entry(g.label.clone())
                    .or_default()
                    .false_negatives += 1;
                self.overall.false_negatives += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &'static str) -> LabeledSpan<&'static str> {
        LabeledSpan { start, end, label }
    }

    #[test]
    fn exact_match_spans() {
        let mut scorer = SpanScorer::new();
        let gold = [span(0, 2, "PER"), span(5, 6, "LOC"), span(8, 9, "ORG")];
        let predicted = [span(0, 2, "PER"), span(5, 7, "LOC"), span(8, 9, "LOC")];
        scorer.add(&gold, &predicted);
        assert_eq!(scorer.overall.true_positives, 1);
        assert_eq!(scorer.overall.false_positives, 2);
        assert_eq!(scorer.overall.false_negatives, 2);
        assert!((scorer.overall.f1() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(scorer.by_label["PER"].f1(), 1.0);
        assert_eq!(scorer.by_label["ORG"].recall(), 0.0);
        assert_eq!(scorer.by_label["LOC"].predicted(), 2);
    }
}
