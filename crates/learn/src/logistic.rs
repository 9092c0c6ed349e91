//! Logistic regression over hashed features, trained with AdaGrad SGD and L2 regularisation.
//!
//! Gives calibrated probabilities, which the perceptron does not: use it where a score is
//! reported to users (propaganda probability of a sentence, technique confidence).

use crate::features::FeatureIndex;
use crate::format::{ByteReader, ByteWriter, FormatError};
use crate::perceptron::{read_linear, write_linear};
use crate::rng::SplitMix64;

/// Training settings.
#[derive(Debug, Clone)]
pub struct LogisticConfig {
    pub epochs: usize,
    pub learning_rate: f64,
    /// L2 penalty per example visit.
    pub l2: f64,
    pub seed: u64,
}

impl Default for LogisticConfig {
    fn default() -> Self {
        LogisticConfig {
            epochs: 10,
            learning_rate: 0.1,
            l2: 1e-6,
            seed: 1,
        }
    }
}

/// Multinomial logistic regression (softmax); with two classes it is ordinary logistic
/// regression.
#[derive(Debug, Clone)]
pub struct LogisticRegression {
    classes: usize,
    index: FeatureIndex,
    /// `weights[row * classes + class]`; the bias is row 0.
    weights: Vec<f32>,
}

const BIAS_KEY: u64 = 0x5bd1_e995_0000_0001;

impl LogisticRegression {
    /// Trains on `(features, class)` pairs.
    pub fn train(examples: &[(Vec<u64>, usize)], classes: usize, config: &LogisticConfig) -> Self {
        assert!(
            classes >= 2,
            "logistic regression needs at least two classes"
        );
        let mut index = FeatureIndex::new();
        index.insert(BIAS_KEY);
        let rows: Vec<Vec<u32>> = examples
            .iter()
            .map(|(f, _)| {
                let mut r: Vec<u32> = f.iter().map(|&k| index.insert(k)).collect();
                r.push(0);
                r
            })
            .collect();
        let n = index.len() * classes;
        let mut weights = vec![0f64; n];
        let mut squared = vec![1e-8f64; n];
        let mut rng = SplitMix64::new(config.seed);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut scores = vec![0f64; classes];
        for _ in 0..config.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                scores.iter_mut().for_each(|s| *s = 0.0);
                for &row in &rows[i] {
                    let base = row as usize * classes;
                    for (c, s) in scores.iter_mut().enumerate() {
                        *s += weights[base + c];
                    }
                }
                softmax(&mut scores);
                let gold = examples[i].1;
                for &row in &rows[i] {
                    let base = row as usize * classes;
                    for (c, &p) in scores.iter().enumerate() {
                        let target = if c == gold { 1.0 } else { 0.0 };
                        let j = base + c;
                        let gradient = (p - target) + config.l2 * weights[j];
                        squared[j] += gradient * gradient;
                        weights[j] -= config.learning_rate * gradient / squared[j].sqrt();
                    }
                }
            }
        }
        LogisticRegression {
            classes,
            index,
            weights: weights.iter().map(|&w| w as f32).collect(),
        }
    }

    /// Class probabilities.
    pub fn probabilities(&self, features: &[u64]) -> Vec<f64> {
        let mut scores = vec![0f64; self.classes];
        let rows = features
            .iter()
            .filter_map(|&k| self.index.get(k))
            .chain(std::iter::once(0));
        for row in rows {
            let base = row as usize * self.classes;
            for (c, s) in scores.iter_mut().enumerate() {
                *s += self.weights[base + c] as f64;
            }
        }
        softmax(&mut scores);
        scores
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Feature keys in row order and the weight table, for serialisation.
    pub fn parts(&self) -> (&[u64], &[f32]) {
        (self.index.keys(), &self.weights)
    }

    /// Serialises the model (put it in a compressed [`crate::format::ModelWriter`] section).
    pub fn write(&self, out: &mut ByteWriter) {
        write_linear(out, self.classes, self.index.keys(), &self.weights);
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let (classes, keys, weights) = read_linear(input)?;
        if classes < 2 {
            return Err(FormatError::Malformed {
                section: "logistic".into(),
                reason: "fewer than two classes".into(),
            });
        }
        Ok(Self::from_parts(classes, keys, weights))
    }

    /// Rebuilds a model from [`LogisticRegression::parts`].
    pub fn from_parts(classes: usize, keys: Vec<u64>, weights: Vec<f32>) -> Self {
        assert_eq!(
            keys.len() * classes,
            weights.len(),
            "weights must be keys x classes"
        );
        LogisticRegression {
            classes,
            index: FeatureIndex::from_keys(keys),
            weights,
        }
    }
}

fn softmax(scores: &mut [f64]) {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::FeatureKey;

    #[test]
    fn separates_two_classes_with_probabilities() {
        let key = |s: &str| FeatureKey::new(1).str(s).finish();
        let mut examples = Vec::new();
        for _ in 0..20 {
            examples.push((vec![key("good"), key("fine")], 1));
            examples.push((vec![key("bad"), key("awful")], 0));
        }
        let model = LogisticRegression::train(&examples, 2, &LogisticConfig::default());
        let p = model.probabilities(&[key("good")]);
        assert!(p[1] > 0.8, "{p:?}");
        let q = model.probabilities(&[key("awful")]);
        assert!(q[0] > 0.8, "{q:?}");
        assert!((p[0] + p[1] - 1.0).abs() < 1e-9);
        let mut out = crate::format::ByteWriter::new();
        model.write(&mut out);
        let bytes = out.into_inner();
        let back = LogisticRegression::read(&mut crate::format::ByteReader::new(&bytes)).unwrap();
        assert_eq!(back.probabilities(&[key("good")]), p);
    }
}
