//! Fitting the check-worthiness model: L2-regularised logistic regression by Newton's method
//! over the [`features`](super::features) of labelled sentences, and cross-validation by
//! article. Small and exact: a few hundred examples and two dozen features fit in
//! milliseconds, and the same data always gives the same weights.

use super::features::{Features, COUNT};

/// A labelled sentence; `group` names its article, so cross-validation keeps articles whole.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Features,
    pub label: bool,
    pub group: String,
}

pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The probability the model gives a sentence.
pub fn predict(weights: &[f64; COUNT], features: &Features) -> f64 {
    let z: f64 = weights
        .iter()
        .zip(features.values.iter())
        .map(|(w, x)| w * x)
        .sum();
    sigmoid(z)
}

/// Fits weights minimising log-loss + `l2`/2 ‖w‖² (the bias is not penalised).
pub fn fit(examples: &[Example], l2: f64) -> [f64; COUNT] {
    let mut w = [0.0; COUNT];
    for _ in 0..50 {
        let mut gradient = [0.0; COUNT];
        let mut hessian = [[0.0; COUNT]; COUNT];
        for e in examples {
            let x = &e.features.values;
            let p = predict(&w, &e.features);
            let y = if e.label { 1.0 } else { 0.0 };
            let weight = (p * (1.0 - p)).max(1e-9);
            for i in 0..COUNT {
                gradient[i] += (p - y) * x[i];
                for j in 0..COUNT {
                    hessian[i][j] += weight * x[i] * x[j];
                }
            }
        }
        for i in 1..COUNT {
            gradient[i] += l2 * w[i];
            hessian[i][i] += l2;
        }
        // A tiny ridge keeps the system solvable when a feature never fires.
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let step = solve(hessian, gradient);
        let mut change = 0.0;
        for i in 0..COUNT {
            w[i] -= step[i];
            change += step[i] * step[i];
        }
        if change < 1e-18 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: [[f64; COUNT]; COUNT], mut b: [f64; COUNT]) -> [f64; COUNT] {
    for col in 0..COUNT {
        let pivot = (col..COUNT)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let diagonal = a[col][col];
        if diagonal.abs() < 1e-300 {
            continue;
        }
        let pivot_row = a[col];
        for row in col + 1..COUNT {
            let factor = a[row][col] / diagonal;
            if factor == 0.0 {
                continue;
            }
            for (x, p) in a[row].iter_mut().zip(pivot_row.iter()).skip(col) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; COUNT];
    for row in (0..COUNT).rev() {
        let sum: f64 = (row + 1..COUNT).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - sum) / a[row][row]
        };
    }
    x
}

/// Predictions for every example from models fitted without its article: `folds` groups of
/// articles, assigned in order of first appearance.
pub fn cross_validate(examples: &[Example], folds: usize, l2: f64) -> Vec<f64> {
    let mut groups: Vec<&str> = Vec::new();
    for e in examples {
        if !groups.contains(&e.group.as_str()) {
            groups.push(&e.group);
        }
    }
    let fold_of = |e: &Example| groups.iter().position(|g| *g == e.group).unwrap_or(0) % folds;
    let mut out = vec![0.0; examples.len()];
    for fold in 0..folds {
        let train: Vec<Example> = examples
            .iter()
            .filter(|e| fold_of(e) != fold)
            .cloned()
            .collect();
        let w = fit(&train, l2);
        for (i, e) in examples.iter().enumerate() {
            if fold_of(e) == fold {
                out[i] = predict(&w, &e.features);
            }
        }
    }
    out
}

/// Area under the ROC curve: the chance a random positive outscores a random negative.
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut pairs: Vec<(f64, bool)> = scores.iter().copied().zip(labels.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut positives) = (0.0, 0usize);
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            j += 1;
        }
        // Tied scores share the average rank.
        let rank = (i + j + 1) as f64 / 2.0;
        for pair in &pairs[i..j] {
            if pair.1 {
                rank_sum += rank;
                positives += 1;
            }
        }
        i = j;
    }
    let negatives = pairs.len() - positives;
    if positives == 0 || negatives == 0 {
        return 0.5;
    }
    (rank_sum - (positives * (positives + 1)) as f64 / 2.0) / (positives * negatives) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(x1: f64, label: bool, group: &str) -> Example {
        let mut values = [0.0; COUNT];
        values[0] = 1.0;
        values[1] = x1;
        Example {
            features: Features { values },
            label,
            group: group.into(),
        }
    }

    #[test]
    fn a_separating_feature_gets_a_large_weight() {
        let examples: Vec<Example> = (0..40)
            .map(|i| example(f64::from(i % 2), i % 2 == 1 || i % 10 == 0, "a"))
            .collect();
        let w = fit(&examples, 0.1);
        assert!(w[1] > 1.0, "{w:?}");
        let on = predict(&w, &example(1.0, true, "a").features);
        let off = predict(&w, &example(0.0, false, "a").features);
        assert!(on > 0.8 && off < 0.4, "{on} {off}");
    }

    #[test]
    fn auc_counts_ordered_pairs() {
        assert_eq!(
            auc(&[0.1, 0.4, 0.35, 0.8], &[false, true, false, true]),
            1.0
        );
        assert_eq!(auc(&[0.5, 0.5], &[false, true]), 0.5);
    }

    #[test]
    fn cross_validation_predicts_every_example() {
        let examples: Vec<Example> = (0..30)
            .map(|i| example(f64::from(i % 2), i % 2 == 1, &format!("g{}", i / 5)))
            .collect();
        let predictions = cross_validate(&examples, 3, 1.0);
        assert_eq!(predictions.len(), 30);
        assert!(predictions.iter().all(|p| (0.0..=1.0).contains(p)));
    }
}
