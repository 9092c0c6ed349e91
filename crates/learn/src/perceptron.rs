//! Averaged multiclass perceptron over hashed features.
//!
//! The workhorse for quick, robust linear classifiers (sentence or span classification):
//! mistake-driven updates, weights averaged over all steps to generalise like a large-margin
//! model.

use crate::features::FeatureIndex;
use crate::rng::SplitMix64;

/// A training example: hashed feature keys and a class id.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<u64>,
    pub label: usize,
}

/// A trained multiclass perceptron.
#[derive(Debug, Clone)]
pub struct AveragedPerceptron {
    classes: usize,
    index: FeatureIndex,
    /// `weights[row * classes + class]`.
    weights: Vec<f32>,
}

impl AveragedPerceptron {
    /// Trains for `epochs` passes over the examples in a seeded random order.
    pub fn train(examples: &[Example], classes: usize, epochs: usize, seed: u64) -> Self {
        let mut index = FeatureIndex::new();
        let rows: Vec<Vec<u32>> = examples
            .iter()
            .map(|e| e.features.iter().map(|&k| index.insert(k)).collect())
            .collect();
        let n = index.len() * classes;
        let mut value = vec![0f32; n];
        let mut total = vec![0f64; n];
        let mut rng = SplitMix64::new(seed);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut step = 1.0f64;
        let mut scores = vec![0f32; classes];
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                scores.iter_mut().for_each(|s| *s = 0.0);
                for &row in &rows[i] {
                    let base = row as usize * classes;
                    for (s, w) in scores.iter_mut().zip(&value[base..base + classes]) {
                        *s += w;
                    }
                }
                let predicted = argmax(&scores);
                let gold = examples[i].label;
                if predicted != gold {
                    for &row in &rows[i] {
                        let base = row as usize * classes;
                        value[base + gold] += 1.0;
                        total[base + gold] += step;
                        value[base + predicted] -= 1.0;
                        total[base + predicted] -= step;
                    }
                }
                step += 1.0;
            }
        }
        let weights = value
            .iter()
            .zip(&total)
            .map(|(&v, &t)| (v as f64 - t / step) as f32)
            .collect();
        AveragedPerceptron {
            classes,
            index,
            weights,
        }
    }

    /// Class scores for a feature list (unknown features are ignored).
    pub fn scores(&self, features: &[u64]) -> Vec<f32> {
        let mut scores = vec![0f32; self.classes];
        for &key in features {
            if let Some(row) = self.index.get(key) {
                let base = row as usize * self.classes;
                for (s, w) in scores
                    .iter_mut()
                    .zip(&self.weights[base..base + self.classes])
                {
                    *s += w;
                }
            }
        }
        scores
    }

    pub fn predict(&self, features: &[u64]) -> usize {
        argmax(&self.scores(features))
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Feature keys in row order and the weight table, for serialisation.
    pub fn parts(&self) -> (&[u64], &[f32]) {
        (self.index.keys(), &self.weights)
    }

    /// Rebuilds a model from [`AveragedPerceptron::parts`].
    pub fn from_parts(classes: usize, keys: Vec<u64>, weights: Vec<f32>) -> Self {
        assert_eq!(
            keys.len() * classes,
            weights.len(),
            "weights must be keys x classes"
        );
        AveragedPerceptron {
            classes,
            index: FeatureIndex::from_keys(keys),
            weights,
        }
    }
}

/// Index of the largest score (the first on ties).
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
