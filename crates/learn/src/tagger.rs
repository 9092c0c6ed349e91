//! A sequence tagger over hashed feature keys: a [`FeatureIndex`] from keys to rows, 8-bit
//! weights per row and a [`Chain`] for decoding, with pruning and a compact serialisation.
//! This is what a trained tagger ships as; training produces a [`FeatureIndex`] and a
//! [`SequenceModel`], and [`HashedTagger::compact`] turns them into one.
//!
//! Scores are sums of 8-bit integers, scaled once per label: the sum is exact, so it does
//! not depend on the order features are added in. A caller may therefore group features
//! freely (for example add a cached per-word sum) and still get the very same scores.

use crate::features::FeatureIndex;
use crate::format::{quantize_i8, ByteReader, ByteWriter, FormatError};
use crate::sequence::{Chain, Constraints, DecodeScratch, SequenceModel};

/// A linear-chain tagger over hashed features.
#[derive(Debug, Clone)]
pub struct HashedTagger {
    index: FeatureIndex,
    labels: usize,
    /// A weight is `weights[row * labels + label] as f32 * scale`.
    scale: f32,
    weights: Vec<i8>,
    chain: Chain,
}

impl HashedTagger {
    /// Drops rows of a trained model whose largest weight magnitude is below `threshold`,
    /// orders the rest by key and quantises the weights to 8 bits, as they will be stored.
    pub fn compact(index: &FeatureIndex, model: &SequenceModel, threshold: f32) -> HashedTagger {
        let labels = model.labels();
        let mut keys = Vec::new();
        let mut weights = Vec::new();
        for (row, &key) in index.keys().iter().enumerate() {
            let w = &model.weights[row * labels..(row + 1) * labels];
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
        // Quantised, dequantised and quantised again: the scale and values that earlier
        // versions stored (they kept dequantised weights and quantised them on writing), so
        // retraining still reproduces shipped model files byte for byte.
        let (scale, q) = quantize_i8(&sorted_weights);
        let dequantised: Vec<f32> = q.iter().map(|&x| x as f32 * scale).collect();
        let (scale, weights) = quantize_i8(&dequantised);
        HashedTagger {
            index: FeatureIndex::from_keys(sorted_keys),
            labels,
            scale,
            weights,
            chain: model.chain(),
        }
    }

    pub fn labels(&self) -> usize {
        self.labels
    }

    /// Feature keys and their rows.
    pub fn index(&self) -> &FeatureIndex {
        &self.index
    }

    /// Start, transition and end scores with the constraints: what decoding needs.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// What one unit of a quantised weight is worth.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The quantised weights of one row (`labels` values).
    #[inline]
    pub fn row(&self, row: u32) -> &[i8] {
        let base = row as usize * self.labels;
        &self.weights[base..base + self.labels]
    }

    /// Adds the quantised weights of `key`'s row to `sums` (`labels` values); false when the
    /// key is unknown.
    #[inline]
    pub fn add_key(&self, key: u64, sums: &mut [i32]) -> bool {
        match self.index.get(key) {
            Some(row) => {
                for (s, &w) in sums.iter_mut().zip(self.row(row)) {
                    *s += w as i32;
                }
                true
            }
            None => false,
        }
    }

    /// Emission scores of one sentence's feature keys (unknown keys are ignored).
    pub fn emissions(&self, keys: &[Vec<u64>]) -> Vec<f32> {
        let labels = self.labels;
        let mut out = vec![0f32; keys.len() * labels];
        let mut sums = vec![0i32; labels];
        for (t, features) in keys.iter().enumerate() {
            sums.iter_mut().for_each(|s| *s = 0);
            for &k in features {
                self.add_key(k, &mut sums);
            }
            self.scale_into(&sums, &mut out[t * labels..(t + 1) * labels]);
        }
        out
    }

    /// Scores from summed quantised weights: `out[l] = sums[l] * scale`.
    #[inline]
    pub fn scale_into(&self, sums: &[i32], out: &mut [f32]) {
        for (o, &s) in out.iter_mut().zip(sums) {
            *o = s as f32 * self.scale;
        }
    }

    /// [`HashedTagger::scale_into`] appended to `out` (no zeroed cells to overwrite).
    #[inline]
    pub fn scale_extend(&self, sums: &[i32], out: &mut Vec<f32>) {
        out.extend(sums.iter().map(|&s| s as f32 * self.scale));
    }

    /// The best label sequence.
    pub fn tag(&self, keys: &[Vec<u64>]) -> Vec<u16> {
        let mut out = Vec::new();
        self.chain.viterbi(
            &self.emissions(keys),
            &mut DecodeScratch::default(),
            &mut out,
        );
        out
    }

    /// Serialises the tagger: transition scores as `f32`, keys delta-encoded, weights as one
    /// 8-bit column per label (mostly zeros: compress the section).
    pub fn write(&self, out: &mut ByteWriter) {
        let labels = self.labels;
        out.varint(labels as u64);
        for v in self
            .chain
            .start()
            .iter()
            .chain(self.chain.transition())
            .chain(self.chain.end())
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
        out.f32(self.scale);
        // Weights column by column: each label's column is mostly zeros and compresses well.
        for l in 0..labels {
            for row in 0..keys.len() {
                out.u8(self.weights[row * labels + l] as u8);
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
        if !scale.is_finite() {
            return Err(malformed("weight scale is not finite"));
        }
        let mut weights = vec![0i8; n * labels];
        for l in 0..labels {
            let column = input.take(n)?;
            for (row, &b) in column.iter().enumerate() {
                weights[row * labels + l] = b as i8;
            }
        }
        Ok(HashedTagger {
            index: FeatureIndex::from_keys(keys),
            labels,
            scale,
            weights,
            chain: Chain::new(start, transition, end, constraints),
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
        let tagger = HashedTagger::compact(&index, &model, 0.0);
        let sentence = vec![vec![key("the")], vec![key("Rome")], vec![key("unknown")]];
        let tags = tagger.tag(&sentence);
        assert_eq!(&tags[..2], &[0, 1]);
        let mut out = ByteWriter::new();
        tagger.write(&mut out);
        let bytes = out.into_inner();
        let back = HashedTagger::read(&mut ByteReader::new(&bytes), Constraints::none(2)).unwrap();
        assert_eq!(back.tag(&sentence), tags);
        assert_eq!(back.index().keys(), tagger.index().keys());
        // Reading then writing gives the same bytes.
        let mut again = ByteWriter::new();
        back.write(&mut again);
        assert_eq!(again.into_inner(), bytes);
        assert!(HashedTagger::read(&mut ByteReader::new(&bytes), Constraints::none(3)).is_err());
        assert!(HashedTagger::read(
            &mut ByteReader::new(&bytes[..bytes.len() - 1]),
            Constraints::none(2)
        )
        .is_err());
    }
}
