//! B-cubed precision, recall and F1 of a clustering (Bagga and Baldwin, 1998): for each item,
//! the share of its predicted cluster that shares its gold cluster (precision) and the share of
//! its gold cluster found in its predicted cluster (recall), averaged over items.

use std::collections::HashMap;
use std::hash::Hash;

/// B-cubed scores.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub items: usize,
}

/// Scores `(gold, predicted)` cluster labels, one pair per item.
pub fn bcubed<G: Eq + Hash, P: Eq + Hash>(items: &[(G, P)]) -> BCubed {
    let mut joint: HashMap<(&G, &P), usize> = HashMap::new();
    let mut gold: HashMap<&G, usize> = HashMap::new();
    let mut predicted: HashMap<&P, usize> = HashMap::new();
    for (g, p) in items {
        *joint.entry((g, p)).or_default() += 1;
        *gold.entry(g).or_default() += 1;
        *predicted.entry(p).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (g, p) in items {
        let both = joint[&(g, p)] as f64;
        precision += both / predicted[p] as f64;
        recall += both / gold[g] as f64;
    }
    let n = items.len().max(1) as f64;
    let (precision, recall) = (precision / n, recall / n);
    BCubed {
        precision,
        recall,
        f1: if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        },
        items: items.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_merged_and_split_clusterings() {
        let perfect = bcubed(&[(1, 'a'), (1, 'a'), (2, 'b')]);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
        let merged = bcubed(&[(1, 'a'), (1, 'a'), (2, 'a')]);
        assert!((merged.precision - (2.0 / 3.0 * 2.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(merged.recall, 1.0);
        let split = bcubed(&[(1, 'a'), (1, 'b')]);
        assert_eq!((split.precision, split.recall), (1.0, 0.5));
    }
}
