//! Averaged multiclass perceptron over hashed features.
//!
//! The workhorse for quick, robust linear classifiers (sentence or span classification):
//! mistake-driven updates, weights averaged over all steps to generalise like a large-margin
//! model.

use crate::features::FeatureIndex;
use crate::format::{ByteReader, ByteWriter, FormatError};
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

    /// Serialises the model (put it in a compressed [`crate::format::ModelWriter`] section).
    pub fn write(&self, out: &mut ByteWriter) {
        write_linear(out, self.classes, self.index.keys(), &self.weights);
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let (classes, keys, weights) = read_linear(input)?;
        Ok(Self::from_parts(classes, keys, weights))
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

/// Writes a linear model's classes, keys (delta-encoded) and `f32` weights.
pub(crate) fn write_linear(out: &mut ByteWriter, classes: usize, keys: &[u64], weights: &[f32]) {
    out.varint(classes as u64);
    out.varint(keys.len() as u64);
    let mut previous = 0u64;
    for &k in keys {
        out.varint_signed(k.wrapping_sub(previous) as i64);
        previous = k;
    }
    for &w in weights {
        out.f32(w);
    }
}

/// Reads what [`write_linear`] wrote: `(classes, keys, weights)`.
pub(crate) fn read_linear(
    input: &mut ByteReader,
) -> Result<(usize, Vec<u64>, Vec<f32>), FormatError> {
    let classes = input.varint()? as usize;
    let n = input.varint()? as usize;
    if classes == 0 || n.checked_mul(classes).is_none_or(|total| total > 1 << 32) {
        return Err(FormatError::Malformed {
            section: "linear model".into(),
            reason: "implausible size".into(),
        });
    }
    let mut keys = Vec::with_capacity(n.min(1 << 24));
    let mut previous = 0u64;
    for _ in 0..n {
        previous = previous.wrapping_add(input.varint_signed()? as u64);
        keys.push(previous);
    }
    let weights = (0..n * classes)
        .map(|_| input.f32())
        .collect::<Result<Vec<f32>, _>>()?;
    Ok((classes, keys, weights))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::FeatureKey;

    #[test]
    fn learns_and_round_trips() {
        let key = |s: &str| FeatureKey::new(1).str(s).finish();
        let examples: Vec<Example> = (0..10)
            .flat_map(|_| {
                [
                    Example {
                        features: vec![key("rain"), key("cloud")],
                        label: 0,
                    },
                    Example {
                        features: vec![key("sun"), key("heat")],
                        label: 1,
                    },
                    Example {
                        features: vec![key("snow"), key("cloud")],
                        label: 2,
                    },
                ]
            })
            .collect();
        let model = AveragedPerceptron::train(&examples, 3, 5, 11);
        assert_eq!(model.predict(&[key("heat")]), 1);
        assert_eq!(model.predict(&[key("snow")]), 2);
        let mut out = ByteWriter::new();
        model.write(&mut out);
        let bytes = out.into_inner();
        let back = AveragedPerceptron::read(&mut ByteReader::new(&bytes)).unwrap();
        assert_eq!(back.scores(&[key("rain")]), model.scores(&[key("rain")]));
        assert!(AveragedPerceptron::read(&mut ByteReader::new(&bytes[..bytes.len() / 2])).is_err());
    }
}
