//! Sparse term vectors (sorted by key) and the inverse document frequency that weighs them.

/// A sparse vector: `(term key, weight)` pairs sorted by key, keys distinct.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    /// Builds a vector from unsorted pairs, summing weights of repeated keys.
    pub fn from_pairs(mut pairs: Vec<(u32, f32)>) -> SparseVec {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(pairs.len());
        for (k, w) in pairs {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 += w,
                _ => out.push((k, w)),
            }
        }
        SparseVec(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().map(|p| p.0)
    }

    pub fn norm(&self) -> f64 {
        self.0
            .iter()
            .map(|&(_, w)| (w as f64) * (w as f64))
            .sum::<f64>()
            .sqrt()
    }

    /// This vector scaled to unit length (unchanged when zero).
    pub fn normalized(&self) -> SparseVec {
        let n = self.norm();
        if n == 0.0 {
            return self.clone();
        }
        SparseVec(
            self.0
                .iter()
                .map(|&(k, w)| (k, (w as f64 / n) as f32))
                .collect(),
        )
    }

    /// Each weight times `f(key)`.
    pub fn weighted(&self, f: impl Fn(u32) -> f64) -> SparseVec {
        SparseVec(
            self.0
                .iter()
                .map(|&(k, w)| (k, (w as f64 * f(k)) as f32))
                .collect(),
        )
    }

    pub fn dot(&self, other: &SparseVec) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 as f64 * b[j].1 as f64;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn cosine(&self, other: &SparseVec) -> f64 {
        let n = self.norm() * other.norm();
        if n == 0.0 {
            0.0
        } else {
            self.dot(other) / n
        }
    }

    /// Adds `other` scaled by `factor`.
    pub fn add_scaled(&mut self, other: &SparseVec, factor: f64) {
        let mut pairs = std::mem::take(&mut self.0);
        pairs.extend(
            other
                .0
                .iter()
                .map(|&(k, w)| (k, (w as f64 * factor) as f32)),
        );
        *self = SparseVec::from_pairs(pairs);
    }

    /// Keeps the `n` entries with the largest `score(key, weight)`, still sorted by key.
    pub fn truncate_by(&mut self, n: usize, score: impl Fn(u32, f32) -> f64) {
        if self.0.len() <= n {
            return;
        }
        let mut scored: Vec<(f64, (u32, f32))> =
            self.0.iter().map(|&(k, w)| (score(k, w), (k, w))).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1 .0.cmp(&b.1 .0)));
        scored.truncate(n);
        let mut kept: Vec<(u32, f32)> = scored.into_iter().map(|(_, p)| p).collect();
        kept.sort_unstable_by_key(|p| p.0);
        self.0 = kept;
    }

    /// Keys of the `n` entries with the largest `score(key, weight)`, best first.
    pub fn top_keys(&self, n: usize, score: impl Fn(u32, f32) -> f64) -> Vec<u32> {
        let mut scored: Vec<(f64, u32)> = self.0.iter().map(|&(k, w)| (score(k, w), k)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(n).map(|(_, k)| k).collect()
    }

    /// Little-endian `(key u32, weight f32)` pairs, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 8);
        for &(k, w) in &self.0 {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads [`SparseVec::to_bytes`]; `None` when the bytes are not such a vector.
    pub fn from_bytes(bytes: &[u8]) -> Option<SparseVec> {
        if !bytes.len().is_multiple_of(8) {
            return None;
        }
        let pairs: Vec<(u32, f32)> = bytes
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect();
        let sorted = pairs.windows(2).all(|w| w[0].0 < w[1].0);
        (sorted && pairs.iter().all(|p| p.1.is_finite())).then_some(SparseVec(pairs))
    }
}

/// Document frequencies of the corpus, as the IDF weighting sees them.
#[derive(Debug, Clone, Copy)]
pub struct Idf {
    /// Documents in the corpus.
    pub documents: u64,
}

impl Idf {
    /// Pseudo-documents added to the corpus size, so a small corpus does not treat every word
    /// of its few articles as rare.
    const PRIOR_DOCUMENTS: f64 = 20.0;

    /// The weight of a term found in `df` documents: a smoothed `ln(N/df)`, at least 0.1.
    pub fn weight(&self, df: u32) -> f64 {
        let n = self.documents as f64 + Self::PRIOR_DOCUMENTS;
        ((n + 1.0) / (df as f64 + 1.0)).ln().max(0.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_adds_and_compares() {
        let a = SparseVec::from_pairs(vec![(3, 1.0), (1, 2.0), (3, 1.0)]);
        assert_eq!(a.0, vec![(1, 2.0), (3, 2.0)]);
        let b = SparseVec::from_pairs(vec![(3, 1.0), (5, 1.0)]);
        assert!((a.dot(&b) - 2.0).abs() < 1e-9);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
        let mut c = a.clone();
        c.add_scaled(&b, 2.0);
        assert_eq!(c.0, vec![(1, 2.0), (3, 4.0), (5, 2.0)]);
        // Ties go to the lower key.
        c.truncate_by(2, |_, w| w as f64);
        assert_eq!(c.0, vec![(1, 2.0), (3, 4.0)]);
        assert_eq!(c.top_keys(1, |_, w| w as f64), vec![3]);
        assert_eq!(SparseVec::from_bytes(&c.to_bytes()), Some(c));
        assert_eq!(SparseVec::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn idf_prefers_rare_terms_even_in_a_small_corpus() {
        let idf = Idf { documents: 5 };
        assert!(idf.weight(1) > 1.5 * idf.weight(5));
        assert!(Idf { documents: 100_000 }.weight(100_000) >= 0.1);
    }
}
