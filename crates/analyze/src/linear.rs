//! Linear models over hashed sparse features with real values: binary, softmax and
//! multi-label logistic regression trained by AdaGrad, stored pruned and 8-bit quantised.
//!
//! Weights live in a dense table indexed by the top `bits` bits of each feature key, so scoring
//! is one array read per feature and output group, without hash-map probes: this keeps the
//! analysis stage well under a millisecond per article.

use parallax_learn::format::{
    quantize_i8, read_sparse_rows, write_sparse_rows, ByteReader, ByteWriter, FormatError,
};
use parallax_learn::rng::SplitMix64;

/// A sparse feature vector: hashed keys with values.
pub type Features = Vec<(u64, f32)>;

/// What the outputs mean and how they are trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Independent sigmoids: binary (one output) or multi-label.
    Sigmoid,
    /// One softmax over the outputs (multiclass).
    Softmax,
}

/// A training example. `labels` holds the positive outputs: for softmax exactly one class,
/// for sigmoid outputs any number (none: a negative example).
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Features,
    pub labels: Vec<u16>,
    pub weight: f32,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub bits: u32,
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty applied to each weight an example touches.
    pub l2: f32,
    pub seed: u64,
}

/// A trained linear model.
#[derive(Debug, Clone, PartialEq)]
pub struct HashedLinear {
    bits: u32,
    outputs: usize,
    loss: Loss,
    /// `weights[bucket * outputs + output]` while training; emptied by [`HashedLinear::compact`].
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// The stored 8-bit weights (`weight = q * scale`), once compacted or read: a quarter of the
    /// memory, so scoring touches fewer cache lines.
    table: Vec<i8>,
    scale: f32,
}

impl HashedLinear {
    #[inline]
    fn bucket(bits: u32, key: u64) -> usize {
        (key >> (64 - bits)) as usize
    }

    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Raw scores (logits) into `out` (length `outputs`).
    #[inline]
    pub fn scores_into(&self, features: &[(u64, f32)], out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        let k = self.outputs;
        if self.table.is_empty() {
            for &(key, value) in features {
                let b = Self::bucket(self.bits, key) * k;
                for (o, w) in out.iter_mut().zip(&self.weights[b..b + k]) {
                    *o += w * value;
                }
            }
        } else {
            let scale = self.scale;
            for &(key, value) in features {
                let b = Self::bucket(self.bits, key) * k;
                let v = value * scale;
                for (o, &q) in out.iter_mut().zip(&self.table[b..b + k]) {
                    *o += q as f32 * v;
                }
            }
        }
    }

    /// The logit of a one-output model.
    #[inline]
    pub fn logit(&self, features: &[(u64, f32)]) -> f32 {
        let k = self.outputs;
        if self.table.is_empty() {
            let mut s = self.bias[0];
            for &(key, value) in features {
                s += self.weights[Self::bucket(self.bits, key) * k] * value;
            }
            s
        } else {
            let mut s = 0f32;
            for &(key, value) in features {
                s += self.table[Self::bucket(self.bits, key) * k] as f32 * value;
            }
            self.bias[0] + s * self.scale
        }
    }

    /// Probabilities: sigmoids or a softmax, by the model's loss.
    pub fn probabilities(&self, features: &[(u64, f32)]) -> Vec<f32> {
        let mut out = vec![0f32; self.outputs];
        self.scores_into(features, &mut out);
        match self.loss {
            Loss::Sigmoid => out.iter_mut().for_each(|s| *s = sigmoid(*s)),
            Loss::Softmax => softmax(&mut out),
        }
        out
    }

    /// The weight of one feature for one output (for explanations).
    pub fn weight(&self, key: u64, output: usize) -> f32 {
        let i = Self::bucket(self.bits, key) * self.outputs + output;
        if self.table.is_empty() {
            self.weights[i]
        } else {
            self.table[i] as f32 * self.scale
        }
    }

    /// Trains by AdaGrad over shuffled examples.
    pub fn train(examples: &[Example], outputs: usize, loss: Loss, c: &TrainConfig) -> Self {
        assert!(outputs >= 1 && (loss == Loss::Sigmoid || outputs >= 2));
        assert!((8..=26).contains(&c.bits));
        let buckets = 1usize << c.bits;
        let mut weights = vec![0f32; buckets * outputs];
        let mut squared = vec![1e-6f32; buckets * outputs];
        let mut bias = vec![0f32; outputs];
        let mut bias_squared = vec![1e-6f32; outputs];
        // Start the biases at the log-odds of the label rates, so early steps fit the features.
        let total_weight: f32 = examples.iter().map(|e| e.weight).sum::<f32>().max(1e-6);
        for (o, b) in bias.iter_mut().enumerate() {
            let rate: f32 = examples
                .iter()
                .filter(|e| e.labels.contains(&(o as u16)))
                .map(|e| e.weight)
                .sum::<f32>()
                / total_weight;
            let rate = rate.clamp(1e-3, 1.0 - 1e-3);
            *b = match loss {
                Loss::Sigmoid => (rate / (1.0 - rate)).ln(),
                Loss::Softmax => rate.ln(),
            };
        }
        let buckets_of: Vec<Vec<(usize, f32)>> = examples
            .iter()
            .map(|e| {
                e.features
                    .iter()
                    .map(|&(k, v)| (Self::bucket(c.bits, k) * outputs, v))
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = SplitMix64::new(c.seed);
        let mut scores = vec![0f32; outputs];
        let mut gradient = vec![0f32; outputs];
        for _ in 0..c.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let e = &examples[i];
                scores.copy_from_slice(&bias);
                for &(b, v) in &buckets_of[i] {
                    for (s, w) in scores.iter_mut().zip(&weights[b..b + outputs]) {
                        *s += w * v;
                    }
                }
                match loss {
                    Loss::Sigmoid => scores.iter_mut().for_each(|s| *s = sigmoid(*s)),
                    Loss::Softmax => softmax(&mut scores),
                }
                for (o, g) in gradient.iter_mut().enumerate() {
                    let target = if e.labels.contains(&(o as u16)) {
                        1.0
                    } else {
                        0.0
                    };
                    *g = (scores[o] - target) * e.weight;
                }
                for (o, &g) in gradient.iter().enumerate() {
                    bias_squared[o] += g * g;
                    bias[o] -= c.learning_rate * g / bias_squared[o].sqrt();
                }
                for &(b, v) in &buckets_of[i] {
                    for (o, &g) in gradient.iter().enumerate() {
                        let j = b + o;
                        let step = g * v + c.l2 * weights[j];
                        squared[j] += step * step;
                        weights[j] -= c.learning_rate * step / squared[j].sqrt();
                    }
                }
            }
        }
        HashedLinear {
            bits: c.bits,
            outputs,
            loss,
            weights,
            bias,
            table: Vec::new(),
            scale: 0.0,
        }
    }

    /// Zeroes weights with magnitude below `threshold` and quantises the rest to the 8-bit
    /// values they are stored as, so a model scores exactly as it will after a save and load.
    pub fn compact(&mut self, threshold: f32) {
        if self.weights.is_empty() {
            return; // already compact
        }
        for w in &mut self.weights {
            if w.abs() < threshold {
                *w = 0.0;
            }
        }
        let (scale, q) = quantize_i8(&self.weights);
        self.table = q;
        self.scale = scale;
        self.weights = Vec::new();
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        if self.table.is_empty() {
            self.weights.iter().filter(|w| **w != 0.0).count()
        } else {
            self.table.iter().filter(|w| **w != 0).count()
        }
    }

    /// Serialises: header, biases, then the non-zero rows (delta-coded bucket ids) with their
    /// weights as 8-bit integers. Compress the section.
    pub fn write(&self, out: &mut ByteWriter) {
        out.u8(self.bits as u8);
        out.varint(self.outputs as u64);
        out.u8(match self.loss {
            Loss::Sigmoid => 0,
            Loss::Softmax => 1,
        });
        for b in &self.bias {
            out.f32(*b);
        }
        let weights: Vec<f32> = if self.table.is_empty() {
            self.weights.clone()
        } else {
            self.table.iter().map(|&q| q as f32 * self.scale).collect()
        };
        write_sparse_rows(out, &weights, self.outputs);
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let malformed = |reason: &str| FormatError::Malformed {
            section: "linear".into(),
            reason: reason.into(),
        };
        let bits = input.u8()? as u32;
        if !(8..=26).contains(&bits) {
            return Err(malformed("hash table size out of range"));
        }
        let outputs = input.varint()? as usize;
        if outputs == 0 || outputs > 256 {
            return Err(malformed("number of outputs out of range"));
        }
        let loss = match input.u8()? {
            0 => Loss::Sigmoid,
            1 => Loss::Softmax,
            _ => return Err(malformed("unknown loss")),
        };
        let bias = (0..outputs)
            .map(|_| input.f32())
            .collect::<Result<Vec<_>, _>>()?;
        let (scale, table) = read_sparse_rows(input, 1usize << bits, outputs, "linear")?;
        Ok(HashedLinear {
            bits,
            outputs,
            loss,
            weights: Vec::new(),
            bias,
            table,
            scale,
        })
    }
}

#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

pub fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
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
    use parallax_learn::hashing::FeatureKey;

    fn key(s: &str) -> u64 {
        FeatureKey::new(1).str(s).finish()
    }

    fn config() -> TrainConfig {
        TrainConfig {
            bits: 12,
            epochs: 20,
            learning_rate: 0.5,
            l2: 1e-6,
            seed: 3,
        }
    }

    #[test]
    fn binary_and_round_trip() {
        let mut examples = Vec::new();
        for _ in 0..30 {
            examples.push(Example {
                features: vec![(key("vile"), 1.0), (key("the"), 1.0)],
                labels: vec![0],
                weight: 1.0,
            });
            examples.push(Example {
                features: vec![(key("said"), 1.0), (key("the"), 1.0)],
                labels: vec![],
                weight: 1.0,
            });
        }
        let mut model = HashedLinear::train(&examples, 1, Loss::Sigmoid, &config());
        model.compact(0.0);
        assert!(sigmoid(model.logit(&[(key("vile"), 1.0)])) > 0.8);
        assert!(sigmoid(model.logit(&[(key("said"), 1.0)])) < 0.2);
        let mut out = ByteWriter::new();
        model.write(&mut out);
        let bytes = out.into_inner();
        let back = HashedLinear::read(&mut ByteReader::new(&bytes)).unwrap();
        assert_eq!(back, model);
        assert!(HashedLinear::read(&mut ByteReader::new(&bytes[..bytes.len() - 1])).is_err());
    }

    #[test]
    fn softmax_classes() {
        let mut examples = Vec::new();
        for (i, w) in ["a", "b", "c"].iter().enumerate() {
            for _ in 0..10 {
                examples.push(Example {
                    features: vec![(key(w), 1.0)],
                    labels: vec![i as u16],
                    weight: 1.0,
                });
            }
        }
        let model = HashedLinear::train(&examples, 3, Loss::Softmax, &config());
        let p = model.probabilities(&[(key("b"), 1.0)]);
        assert!(p[1] > 0.8, "{p:?}");
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
