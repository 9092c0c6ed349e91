//! A sequence tagger over hashed feature keys: a [`FeatureIndex`] from keys to rows plus a
//! [`SequenceModel`], with pruning, 8-bit quantisation and a compact serialisation. This is
//! what a trained tagger ships as; training produces the two parts.

use crate::features::FeatureIndex;
use crate::format::{quantize_i8, ByteReader, ByteWriter, FormatError};
use crate::sequence::{Constraints, SequenceModel};

/// A linear-chain tagger over hashed features.
#[derive(Debug, Clone)]
pub struct HashedTagger {
    pub index: FeatureIndex,
    pub model: SequenceModel,
}

impl HashedTagger {
    /// Emission scores of one sentence's feature keys (unknown keys are ignored).
    pub fn emissions(&self, keys: &[Vec<u64>]) -> Vec<f32> {
        let labels = self.model.labels();
        let mut out = vec![0f32; keys.len() * labels];
        for (t, features) in keys.iter().enumerate() {
            let scores = &mut out[t * labels..(t + 1) * labels];
            for &k in features {
                if let Some(row) = self.index.get(k) {
                    self.model.add_row(row, scores);
                }
            }
        }
        out
    }

    /// The best label sequence.
    pub fn tag(&self, keys: &[Vec<u64>]) -> Vec<u16> {
        self.model.viterbi(&self.emissions(keys))
    }

    /// Drops rows whose largest weight magnitude is below `threshold` and quantises weights
    /// to 8 bits, as they will be stored.
    pub fn compact(&self, threshold: f32) -> HashedTagger {
        let labels = self.model.labels();
        let mut keys = Vec::new();
        let mut weights = Vec::new();
        for (row, &key) in self.index.keys().iter().enumerate() {
            let w = &self.model.weights[row * labels..(row + 1) * labels];
            if w.iter().any(|x| x.abs() >= threshold) {
                keys.push(key);
                weights.extend_from_slice(w);
            }
        }
        // Stored order: by key, so keys delta-encode compactly.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by_key(|&i| keys[i]);
        let sorted_keys: Vec<u64> = order.iter().map(|&i| keys[i]).collect();
        let mut sorted_weights = Vec::with_capacity(weights.len());
        for &i in &order {
            sorted_weights.extend_from_slice(&weights[i * labels..(i + 1) * labels]);
        }
        let (scale, q) = quantize_i8(&sorted_weights);
        let weights = q.iter().map(|&x| x as f32 * scale).collect();
        HashedTagger {
            index: FeatureIndex::from_keys(sorted_keys),
            model: SequenceModel::from_parts(
                labels,
                weights,
                self.model.start.clone(),
                self.model.transition.clone(),
                self.model.end.clone(),
                self.model.constraints.clone(),
            ),
        }
    }

    /// Serialises the tagger: transition scores as `f32`, keys delta-encoded, weights as one
    /// 8-bit quantised column per label (mostly zeros: compress the section).
    pub fn write(&self, out: &mut ByteWriter) {
        let labels = self.model.labels();
        out.varint(labels as u64);
        for v in self
            .model
            .start
            .iter()
            .chain(&self.model.transition)
            .chain(&self.model.end)
        {
            out.f32(*v);
        }
        let keys = self.index.keys();
        out.varint(keys.len() as u64);
        let mut previous = 0u64;
        for &k in keys {
            // Keys are stored sorted (see `compact`); unsorted input still round-trips.
            out.varint_signed(k.wrapping_sub(previous) as i64);
            previous = k;
        }
        let (scale, q) = quantize_i8(&self.model.weights);
        out.f32(scale);
        // Weights column by column: each label's column is mostly zeros and compresses well.
        for l in 0..labels {
            for row in 0..keys.len() {
                out.u8(q[row * labels + l] as u8);
            }
        }
    }

    /// Reads a tagger written by [`HashedTagger::write`]; `constraints` (part of the task, not
    /// of the file) must have the stored number of labels.
    pub fn read(
        input: &mut ByteReader,
        constraints: Constraints,
    ) -> Result<HashedTagger, FormatError> {
        let malformed = |reason: &str| FormatError::Malformed {
            section: "tagger".into(),
            reason: reason.into(),
        };
        let labels = input.varint()? as usize;
        if labels != constraints.labels() {
            return Err(malformed("unexpected number of labels"));
        }
        let mut read_vec =
            |n: usize| -> Result<Vec<f32>, FormatError> { (0..n).map(|_| input.f32()).collect() };
        let start = read_vec(labels)?;
        let transition = read_vec(labels * labels)?;
        let end = read_vec(labels)?;
        let n = input.varint()? as usize;
        let mut keys = Vec::with_capacity(n.min(1 << 24));
        let mut previous = 0u64;
        for _ in 0..n {
            previous = previous.wrapping_add(input.varint_signed()? as u64);
            keys.push(previous);
        }
        let scale = input.f32()?;
        let mut weights = vec![0f32; n * labels];
        for l in 0..labels {
            let column = input.take(n)?;
            for (row, &b) in column.iter().enumerate() {
                weights[row * labels + l] = (b as i8) as f32 * scale;
            }
        }
        Ok(HashedTagger {
            index: FeatureIndex::from_keys(keys),
            model: SequenceModel::from_parts(labels, weights, start, transition, end, constraints),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ByteReader;
    use crate::hashing::FeatureKey;
    use crate::sequence::{Sequence, TrainConfig};

    #[test]
    fn compacts_and_round_trips() {
        let key = |s: &str| FeatureKey::new(1).str(s).finish();
        let mut index = FeatureIndex::new();
        let words = [
            ("the", 0u16),
            ("Paris", 1),
            ("is", 0),
            ("Rome", 1),
            ("big", 0),
        ];
        let data: Vec<Sequence> = words
            .chunks(2)
            .map(|chunk| Sequence {
                positions: chunk
                    .iter()
                    .map(|(w, _)| vec![index.insert(key(w))])
                    .collect(),
                labels: chunk.iter().map(|&(_, l)| l).collect(),
            })
            .collect();
        let model = SequenceModel::train(
            &data,
            index.len(),
            Constraints::none(2),
            &TrainConfig { epochs: 5, seed: 3 },
        );
        let tagger = HashedTagger { index, model }.compact(0.0);
        let sentence = vec![vec![key("the")], vec![key("Rome")], vec![key("unknown")]];
        let tags = tagger.tag(&sentence);
        assert_eq!(&tags[..2], &[0, 1]);
        let mut out = ByteWriter::new();
        tagger.write(&mut out);
        let bytes = out.into_inner();
        let back = HashedTagger::read(&mut ByteReader::new(&bytes), Constraints::none(2)).unwrap();
        assert_eq!(back.tag(&sentence), tags);
        assert_eq!(back.index.keys(), tagger.index.keys());
        assert!(HashedTagger::read(&mut ByteReader::new(&bytes), Constraints::none(3)).is_err());
        assert!(HashedTagger::read(
            &mut ByteReader::new(&bytes[..bytes.len() - 1]),
            Constraints::none(2)
        )
        .is_err());
    }
}
