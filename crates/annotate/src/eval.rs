//! Evaluation of the language layer against gold data.

use std::collections::BTreeSet;

/// Precision, recall and F1 of predicted against gold items.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn from_counts(true_positives: usize, predicted: usize, gold: usize) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            true_positives as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            true_positives as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            true_positives,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

/// Sentence-boundary agreement on gold paragraphs given as their sentences.
///
/// Each paragraph is rebuilt by joining its gold sentences with a space; the splitter runs on
/// the joined text; a boundary is the offset where one sentence ends inside the paragraph (the
/// paragraph's own end is not counted, since every splitter gets it for free).
pub fn sentence_boundaries<'a>(
    paragraphs: impl IntoIterator<Item = &'a [String]>,
    split: impl Fn(&str) -> Vec<std::ops::Range<usize>>,
) -> Prf {
    let (mut tp, mut predicted, mut gold) = (0, 0, 0);
    for sentences in paragraphs {
        let text = sentences.join(" ");
        let mut gold_ends = BTreeSet::new();
        let mut offset = 0;
        for s in &sentences[..sentences.len().saturating_sub(1)] {
            offset += s.len();
            gold_ends.insert(offset);
            offset += 1;
        }
        let predicted_ends: BTreeSet<usize> = split(&text)
            .into_iter()
            .map(|r| r.end)
            .filter(|&e| e < text.trim_end().len())
            .collect();
        tp += gold_ends.intersection(&predicted_ends).count();
        predicted += predicted_ends.len();
        gold += gold_ends.len();
    }
    Prf::from_counts(tp, predicted, gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_compared_inside_paragraphs() {
        let paragraphs = [
            vec!["One sentence here.".to_string(), "Another one.".to_string()],
            vec!["Alone.".to_string()],
        ];
        let perfect = sentence_boundaries(
            paragraphs.iter().map(Vec::as_slice),
            crate::sentences::split,
        );
        assert_eq!(
            (perfect.gold, perfect.true_positives, perfect.predicted),
            (1, 1, 1)
        );
        let whole = |t: &str| std::iter::once(0..t.len()).collect();
        let none = sentence_boundaries(paragraphs.iter().map(Vec::as_slice), whole);
        assert_eq!((none.recall, none.predicted), (0.0, 0));
    }
}
