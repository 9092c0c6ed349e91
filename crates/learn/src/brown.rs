//! Brown word clustering (Brown et al. 1992) of unlabeled text, with the windowed
//! agglomerative algorithm of Liang (2005): words enter in frequency order, at most
//! `clusters + 1` clusters are active, and each step merges the pair whose merge loses the
//! least average mutual information between adjacent clusters. The merge history is a binary
//! tree; a word's bit-string path from the root gives clusters at every granularity (prefixes
//! of length 4, 6, 10, ... are classic features for taggers).
//!
//! Cost is `O(words * clusters^2)`; pair updates run in parallel (rayon) but every choice is
//! made by a sequential, tie-broken scan, so results do not depend on the thread count.

// Dynamic-programming tables are indexed by label and slot on purpose.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;

use rayon::prelude::*;

use crate::format::{ByteReader, ByteWriter, FormatError};

/// Clustering settings.
#[derive(Debug, Clone)]
pub struct BrownConfig {
    /// Size of the active window (the number of clusters before the final merges).
    pub clusters: usize,
    /// Words rarer than this are not clustered.
    pub min_count: u32,
    /// At most this many (most frequent) words are clustered.
    pub max_words: usize,
}

impl Default for BrownConfig {
    fn default() -> Self {
        BrownConfig {
            clusters: 256,
            min_count: 3,
            max_words: 40_000,
        }
    }
}

/// Cluster paths of words: bit strings like `"0110101"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrownClusters {
    /// Looked up for every new word a tagger meets: a fast hash (foldhash).
    words: foldhash::HashMap<String, u32>,
    paths: Vec<String>,
}

impl BrownClusters {
    /// Clusters the words of the given sentences (bigrams do not cross sentence boundaries).
    pub fn train<S: AsRef<str>>(sentences: &[Vec<S>], config: &BrownConfig) -> BrownClusters {
        // Vocabulary by descending frequency, ties broken by the word itself.
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for sentence in sentences {
            for w in sentence {
                *counts.entry(w.as_ref()).or_insert(0) += 1;
            }
        }
        let mut vocab: Vec<(&str, u64)> = counts
            .into_iter()
            .filter(|&(_, c)| c >= config.min_count as u64)
            .collect();
        vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        vocab.truncate(config.max_words);
        if vocab.is_empty() {
            return BrownClusters::default();
        }
        let ids: HashMap<&str, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &(w, _))| (w, i as u32))
            .collect();
        let mut bigrams: HashMap<(u32, u32), u64> = HashMap::new();
        for sentence in sentences {
            let mut prev: Option<u32> = None;
            for w in sentence {
                let id = ids.get(w.as_ref()).copied();
                if let (Some(a), Some(b)) = (prev, id) {
                    *bigrams.entry((a, b)).or_insert(0) += 1;
                }
                prev = id;
            }
        }
        let frequencies: Vec<f64> = vocab.iter().map(|&(_, c)| c as f64).collect();
        let total: f64 = frequencies.iter().sum();
        let mut right: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocab.len()];
        let mut left: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocab.len()];
        let mut sorted_bigrams: Vec<((u32, u32), u64)> = bigrams.into_iter().collect();
        sorted_bigrams.sort_unstable();
        for ((a, b), c) in sorted_bigrams {
            right[a as usize].push((b, c as f64));
            left[b as usize].push((a, c as f64));
        }
        let tree = Clustering::run(&frequencies, &right, &left, total, config.clusters.max(2));
        let words: foldhash::HashMap<String, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, &(w, _))| (w.to_string(), i as u32))
            .collect();
        BrownClusters { words, paths: tree }
    }

    /// The bit-string path of a word, if it was clustered.
    pub fn path(&self, word: &str) -> Option<&str> {
        self.words
            .get(word)
            .map(|&i| self.paths[i as usize].as_str())
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Words and paths, sorted by word (a deterministic order for serialisation).
    pub fn entries(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .words
            .iter()
            .map(|(w, &i)| (w.as_str(), self.paths[i as usize].as_str()))
            .collect();
        out.sort_unstable();
        out
    }

    /// Builds clusters from `(word, path)` pairs.
    pub fn from_entries<I: IntoIterator<Item = (String, String)>>(entries: I) -> Self {
        let mut clusters = BrownClusters::default();
        for (word, path) in entries {
            clusters.words.insert(word, clusters.paths.len() as u32);
            clusters.paths.push(path);
        }
        clusters
    }

    /// Serialises as a count then `(word, path)` pairs; paths are stored as bit-packed bytes.
    pub fn write(&self, out: &mut ByteWriter) {
        let entries = self.entries();
        out.varint(entries.len() as u64);
        for (word, path) in entries {
            out.str(word);
            out.varint(path.len() as u64);
            let mut byte = 0u8;
            for (i, bit) in path.bytes().enumerate() {
                if bit == b'1' {
                    byte |= 1 << (i % 8);
                }
                if i % 8 == 7 {
                    out.u8(byte);
                    byte = 0;
                }
            }
            if path.len() % 8 != 0 {
                out.u8(byte);
            }
        }
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let n = input.varint()? as usize;
        let mut entries = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let word = input.str()?.to_string();
            let len = input.varint()? as usize;
            let packed = input.take(len.div_ceil(8))?;
            let path: String = (0..len)
                .map(|i| {
                    if packed[i / 8] & (1 << (i % 8)) != 0 {
                        '1'
                    } else {
                        '0'
                    }
                })
                .collect();
            entries.push((word, path));
        }
        Ok(Self::from_entries(entries))
    }
}

/// `p(x,y) * log(p(x,y) / (p(x) p(y)))` from counts over a corpus of `n` tokens.
#[inline]
fn q(pxy: f64, px: f64, py: f64, n: f64) -> f64 {
    if pxy <= 0.0 {
        0.0
    } else {
        pxy / n * (pxy * n / (px * py)).ln()
    }
}

/// State of the windowed agglomerative clustering. Slots hold active clusters.
struct Clustering<'a> {
    slots: usize,
    n: f64,
    active: Vec<bool>,
    /// Unigram count of each slot's cluster.
    p1: Vec<f64>,
    /// Directed bigram counts between slots, `p2[a * slots + b]`.
    p2: Vec<f64>,
    /// Cached `q` for each directed slot pair.
    qm: Vec<f64>,
    /// Merge loss of each slot pair (`a < b`), `loss[a * slots + b]`.
    loss: Vec<f64>,
    /// The tree node each slot's cluster is.
    node: Vec<u32>,
    /// Slot of each word added so far.
    word_slot: Vec<u32>,
    members: Vec<Vec<u32>>,
    right: &'a [Vec<(u32, f64)>],
    left: &'a [Vec<(u32, f64)>],
    frequencies: &'a [f64],
    /// `children[node - words]` for internal nodes.
    children: Vec<(u32, u32)>,
}

const NO_SLOT: u32 = u32::MAX;

impl<'a> Clustering<'a> {
    fn run(
        frequencies: &'a [f64],
        right: &'a [Vec<(u32, f64)>],
        left: &'a [Vec<(u32, f64)>],
        n: f64,
        clusters: usize,
    ) -> Vec<String> {
        let words = frequencies.len();
        let slots = clusters.min(words) + 1;
        let mut c = Clustering {
            slots,
            n,
            active: vec![false; slots],
            p1: vec![0.0; slots],
            p2: vec![0.0; slots * slots],
            qm: vec![0.0; slots * slots],
            loss: vec![0.0; slots * slots],
            node: vec![0; slots],
            word_slot: vec![NO_SLOT; words],
            members: vec![Vec::new(); slots],
            right,
            left,
            frequencies,
            children: Vec::new(),
        };
        let initial = slots - 1;
        for w in 0..initial {
            c.place(w as u32, w);
        }
        for a in 0..initial {
            c.refresh_q(a);
        }
        for a in 0..initial {
            for b in a + 1..initial {
                c.loss[a * slots + b] = c.merge_loss(a, b);
            }
        }
        for w in initial..words {
            let slot = (0..slots)
                .find(|&s| !c.active[s])
                .expect("one slot is always free");
            c.add_word(w as u32, slot);
            let (a, b) = c.best_pair();
            c.merge(a, b);
        }
        while c.active.iter().filter(|&&x| x).count() > 1 {
            let (a, b) = c.best_pair();
            c.merge(a, b);
        }
        c.paths(words)
    }

    fn place(&mut self, w: u32, slot: usize) {
        self.active[slot] = true;
        self.node[slot] = w;
        self.word_slot[w as usize] = slot as u32;
        self.members[slot] = vec![w];
        self.p1[slot] = self.frequencies[w as usize];
        let s = self.slots;
        for x in 0..s {
            self.p2[slot * s + x] = 0.0;
            self.p2[x * s + slot] = 0.0;
        }
        for &(v, count) in &self.right[w as usize] {
            let vs = self.word_slot[v as usize];
            if vs != NO_SLOT {
                self.p2[slot * s + vs as usize] += count;
            }
        }
        for &(v, count) in &self.left[w as usize] {
            let vs = self.word_slot[v as usize];
            // The self-bigram (w, w) was already counted from the right list.
            if vs != NO_SLOT && v != w {
                self.p2[vs as usize * s + slot] += count;
            }
        }
    }

    fn refresh_q(&mut self, a: usize) {
        let s = self.slots;
        for x in 0..s {
            if !self.active[x] {
                continue;
            }
            self.qm[a * s + x] = q(self.p2[a * s + x], self.p1[a], self.p1[x], self.n);
            self.qm[x * s + a] = q(self.p2[x * s + a], self.p1[x], self.p1[a], self.n);
        }
    }

    /// Loss of average mutual information if clusters `a` and `b` were merged.
    fn merge_loss(&self, a: usize, b: usize) -> f64 {
        let s = self.slots;
        let (p1, p2, qm, n) = (&self.p1, &self.p2, &self.qm, self.n);
        let pab = p1[a] + p1[b];
        let mut before = -qm[a * s + b] - qm[b * s + a];
        let mut after = 0.0;
        for x in 0..s {
            if !self.active[x] {
                continue;
            }
            before += qm[a * s + x] + qm[x * s + a] + qm[b * s + x] + qm[x * s + b];
            if x != a && x != b {
                after += q(p2[a * s + x] + p2[b * s + x], pab, p1[x], n);
                after += q(p2[x * s + a] + p2[x * s + b], p1[x], pab, n);
            }
        }
        before -= qm[a * s + a] + qm[b * s + b];
        let self_count = p2[a * s + a] + p2[a * s + b] + p2[b * s + a] + p2[b * s + b];
        after += q(self_count, pab, pab, n);
        before - after
    }

    fn add_word(&mut self, w: u32, slot: usize) {
        self.place(w, slot);
        self.refresh_q(slot);
        let s = self.slots;
        let (p1, p2, qm, n, active) = (&self.p1, &self.p2, &self.qm, self.n, &self.active);
        // Existing pairs gain the terms of the new cluster.
        self.loss
            .par_chunks_mut(s)
            .enumerate()
            .for_each(|(c, row)| {
                if !active[c] || c == slot {
                    return;
                }
                for d in c + 1..s {
                    if !active[d] || d == slot {
                        continue;
                    }
                    let pcd = p1[c] + p1[d];
                    row[d] +=
                        qm[c * s + slot] + qm[slot * s + c] + qm[d * s + slot] + qm[slot * s + d]
                            - q(p2[c * s + slot] + p2[d * s + slot], pcd, p1[slot], n)
                            - q(p2[slot * s + c] + p2[slot * s + d], p1[slot], pcd, n);
                }
            });
        self.refresh_pairs_of(slot);
    }

    fn refresh_pairs_of(&mut self, a: usize) {
        let s = self.slots;
        let losses: Vec<(usize, f64)> = (0..s)
            .into_par_iter()
            .filter(|&x| x != a && self.active[x])
            .map(|x| (x, self.merge_loss(a.min(x), a.max(x))))
            .collect();
        for (x, l) in losses {
            self.loss[a.min(x) * s + a.max(x)] = l;
        }
    }

    fn best_pair(&self) -> (usize, usize) {
        let s = self.slots;
        let mut best = (f64::INFINITY, 0, 0);
        for a in 0..s {
            if !self.active[a] {
                continue;
            }
            for b in a + 1..s {
                if self.active[b] && self.loss[a * s + b] < best.0 {
                    best = (self.loss[a * s + b], a, b);
                }
            }
        }
        (best.1, best.2)
    }

    /// Merges cluster `b` into `a`.
    fn merge(&mut self, a: usize, b: usize) {
        let s = self.slots;
        {
            let (p1, p2, qm, n, active) = (&self.p1, &self.p2, &self.qm, self.n, &self.active);
            let pab = p1[a] + p1[b];
            // Counts of the merged cluster against every slot.
            let to: Vec<f64> = (0..s).map(|x| p2[a * s + x] + p2[b * s + x]).collect();
            let from: Vec<f64> = (0..s).map(|x| p2[x * s + a] + p2[x * s + b]).collect();
            let q_ab: Vec<f64> = (0..s)
                .map(|c| {
                    if active[c] && c != a && c != b {
                        q(to[c], pab, p1[c], n) + q(from[c], p1[c], pab, n)
                    } else {
                        0.0
                    }
                })
                .collect();
            self.loss
                .par_chunks_mut(s)
                .enumerate()
                .for_each(|(c, row)| {
                    if !active[c] || c == a || c == b {
                        return;
                    }
                    let old_c = qm[c * s + a] + qm[a * s + c] + qm[c * s + b] + qm[b * s + c];
                    for d in c + 1..s {
                        if !active[d] || d == a || d == b {
                            continue;
                        }
                        let pcd = p1[c] + p1[d];
                        let old_d = qm[d * s + a] + qm[a * s + d] + qm[d * s + b] + qm[b * s + d];
                        let cd_a = q(p2[c * s + a] + p2[d * s + a], pcd, p1[a], n)
                            + q(p2[a * s + c] + p2[a * s + d], p1[a], pcd, n);
                        let cd_b = q(p2[c * s + b] + p2[d * s + b], pcd, p1[b], n)
                            + q(p2[b * s + c] + p2[b * s + d], p1[b], pcd, n);
                        let cd_ab =
                            q(from[c] + from[d], pcd, pab, n) + q(to[c] + to[d], pab, pcd, n);
                        row[d] += -old_c - old_d + q_ab[c] + q_ab[d] + cd_a + cd_b - cd_ab;
                    }
                });
        }
        // Fold b's counts into a.
        let self_count =
            self.p2[a * s + a] + self.p2[a * s + b] + self.p2[b * s + a] + self.p2[b * s + b];
        for x in 0..s {
            self.p2[a * s + x] += self.p2[b * s + x];
            self.p2[x * s + a] += self.p2[x * s + b];
        }
        self.p2[a * s + a] = self_count;
        self.p1[a] += self.p1[b];
        self.active[b] = false;
        for x in 0..s {
            self.p2[b * s + x] = 0.0;
            self.p2[x * s + b] = 0.0;
        }
        let moved = std::mem::take(&mut self.members[b]);
        for &w in &moved {
            self.word_slot[w as usize] = a as u32;
        }
        self.members[a].extend(moved);
        let words = self.frequencies.len() as u32;
        self.children.push((self.node[a], self.node[b]));
        self.node[a] = words + self.children.len() as u32 - 1;
        self.refresh_q(a);
        self.refresh_pairs_of(a);
    }

    /// Bit-string paths of every word from the root of the merge tree.
    fn paths(&self, words: usize) -> Vec<String> {
        let mut paths = vec![String::new(); words];
        let root = (0..self.slots)
            .find(|&s| self.active[s])
            .map(|s| self.node[s]);
        let mut stack: Vec<(u32, String)> = root.into_iter().map(|r| (r, String::new())).collect();
        while let Some((node, path)) = stack.pop() {
            if (node as usize) < words {
                paths[node as usize] = path;
            } else {
                let (l, r) = self.children[node as usize - words];
                stack.push((l, format!("{path}0")));
                stack.push((r, format!("{path}1")));
            }
        }
        paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_clusters() {
        let mut sentences: Vec<Vec<String>> = Vec::new();
        let people = ["alice", "bob", "carol"];
        let places = ["paris", "rome", "oslo"];
        for (i, p) in people.iter().enumerate() {
            for (j, c) in places.iter().enumerate() {
                for _ in 0..(1 + (i + j) % 2) {
                    let s = format!("yesterday {p} said that {p} will travel to {c} soon");
                    sentences.push(s.split(' ').map(String::from).collect());
                    let s = format!("in {c} the weather in {c} was fine");
                    sentences.push(s.split(' ').map(String::from).collect());
                }
            }
        }
        let config = BrownConfig {
            clusters: 4,
            min_count: 1,
            max_words: 100,
        };
        let clusters = BrownClusters::train(&sentences, &config);
        let prefix = |w: &str, n: usize| {
            clusters
                .path(w)
                .unwrap()
                .chars()
                .take(n)
                .collect::<String>()
        };
        let common = |a: &str, b: &str| {
            let (pa, pb) = (clusters.path(a).unwrap(), clusters.path(b).unwrap());
            pa.chars()
                .zip(pb.chars())
                .take_while(|(x, y)| x == y)
                .count()
        };
        // People are closer to each other than to places.
        assert!(
            common("alice", "bob") > common("alice", "paris"),
            "{:?}",
            clusters.entries()
        );
        assert!(
            common("rome", "oslo") > common("rome", "carol"),
            "{:?}",
            clusters.entries()
        );
        assert!(!prefix("alice", 1).is_empty());
        // Serialisation round trip.
        let mut out = ByteWriter::new();
        clusters.write(&mut out);
        let bytes = out.into_inner();
        let back = BrownClusters::read(&mut ByteReader::new(&bytes)).unwrap();
        assert_eq!(back.entries(), clusters.entries());
    }
}
