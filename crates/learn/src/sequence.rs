//! Averaged structured perceptron for sequence labelling (Collins 2002), with first-order
//! Viterbi decoding under hard transition constraints and forward-backward marginals.
//!
//! Each position carries a list of feature rows (see [`crate::features::FeatureIndex`]); a
//! label's score at a position is the sum of its weights over those rows plus a learned
//! transition score from the previous label. Constraints (for example "I-PER may only follow
//! B-PER or I-PER") are enforced at decoding time, so outputs are always well formed.

// Dynamic-programming tables are indexed by label and slot on purpose.
#![allow(clippy::needless_range_loop)]

use std::ops::Range;

use crate::rng::SplitMix64;

/// One training sequence: feature rows at each position, and the gold label ids.
#[derive(Debug, Clone, Default)]
pub struct Sequence {
    pub positions: Vec<Vec<u32>>,
    pub labels: Vec<u16>,
}

/// Which label transitions are possible.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraints {
    labels: usize,
    /// `start[l]`: label `l` may open a sequence.
    pub start: Vec<bool>,
    /// `transition[p * labels + l]`: label `l` may follow label `p`.
    pub transition: Vec<bool>,
    /// `end[l]`: label `l` may close a sequence.
    pub end: Vec<bool>,
}

impl Constraints {
    /// Every transition allowed.
    pub fn none(labels: usize) -> Self {
        Constraints {
            labels,
            start: vec![true; labels],
            transition: vec![true; labels * labels],
            end: vec![true; labels],
        }
    }

    pub fn labels(&self) -> usize {
        self.labels
    }

    pub fn allows(&self, prev: usize, next: usize) -> bool {
        self.transition[prev * self.labels + next]
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
}

/// A trained (averaged) sequence model over a fixed feature-row space.
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceModel {
    labels: usize,
    /// `weights[row * labels + label]`.
    pub weights: Vec<f32>,
    /// `start[l]`, `transition[p * labels + l]`, `end[l]`.
    pub start: Vec<f32>,
    pub transition: Vec<f32>,
    pub end: Vec<f32>,
    pub constraints: Constraints,
}

/// Perceptron weights plus the running sums used to average them.
struct Averaged {
    value: Vec<f32>,
    /// Sum of `step * delta` for every update, so `average = value - total / steps`.
    total: Vec<f64>,
}

impl Averaged {
    fn new(len: usize) -> Self {
        Averaged {
            value: vec![0.0; len],
            total: vec![0.0; len],
        }
    }

    #[inline]
    fn add(&mut self, i: usize, delta: f32, step: f64) {
        self.value[i] += delta;
        self.total[i] += step * delta as f64;
    }

    fn average(&self, steps: f64) -> Vec<f32> {
        self.value
            .iter()
            .zip(&self.total)
            .map(|(&v, &t)| (v as f64 - t / steps) as f32)
            .collect()
    }
}

impl SequenceModel {
    /// Trains by the averaged structured perceptron: `rows` is the size of the feature-row
    /// space, sequences are visited in a seeded random order each epoch.
    pub fn train(
        data: &[Sequence],
        rows: usize,
        constraints: Constraints,
        config: &TrainConfig,
    ) -> SequenceModel {
        let labels = constraints.labels();
        let mut weights = Averaged::new(rows * labels);
        let mut start = Averaged::new(labels);
        let mut transition = Averaged::new(labels * labels);
        let mut end = Averaged::new(labels);
        let mut rng = SplitMix64::new(config.seed);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut step = 1.0f64;
        let mut scratch = DecodeScratch::default();
        let mut predicted = Vec::new();
        let incoming = Incoming::new(&constraints);
        for _ in 0..config.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let sequence = &data[i];
                if sequence.labels.is_empty() {
                    continue;
                }
                let emissions = emission_scores(&weights.value, labels, &sequence.positions);
                let mut masked = std::mem::take(&mut scratch.masked);
                masked.clear();
                masked.extend(
                    transition
                        .value
                        .iter()
                        .zip(&constraints.transition)
                        .map(|(&w, &ok)| if ok { w } else { f32::NEG_INFINITY }),
                );
                let scores = Scores {
                    start: &start.value,
                    masked: &masked,
                    end: &end.value,
                    incoming: &incoming,
                };
                viterbi_decode(
                    &constraints,
                    &emissions,
                    &scores,
                    &mut scratch,
                    &mut predicted,
                );
                scratch.masked = masked;
                let gold = &sequence.labels;
                for (t, features) in sequence.positions.iter().enumerate() {
                    let (g, p) = (gold[t] as usize, predicted[t] as usize);
                    if g != p {
                        for &row in features {
                            let base = row as usize * labels;
                            weights.add(base + g, 1.0, step);
                            weights.add(base + p, -1.0, step);
                        }
                    }
                    if t == 0 {
                        if g != p {
                            start.add(g, 1.0, step);
                            start.add(p, -1.0, step);
                        }
                    } else {
                        let (gp, pp) = (gold[t - 1] as usize, predicted[t - 1] as usize);
                        if g != p || gp != pp {
                            transition.add(gp * labels + g, 1.0, step);
                            transition.add(pp * labels + p, -1.0, step);
                        }
                    }
                }
                let last = gold.len() - 1;
                let (g, p) = (gold[last] as usize, predicted[last] as usize);
                if g != p {
                    end.add(g, 1.0, step);
                    end.add(p, -1.0, step);
                }
                step += 1.0;
            }
        }
        SequenceModel {
            labels,
            weights: weights.average(step),
            start: start.average(step),
            transition: transition.average(step),
            end: end.average(step),
            constraints,
        }
    }

    /// The element-wise mean of models trained on the same feature rows and labels (for
    /// example with different shuffling seeds): averaging several perceptron runs lowers the
    /// variance that the visiting order adds. `None` for an empty or mismatched list.
    pub fn average(models: &[SequenceModel]) -> Option<SequenceModel> {
        let first = models.first()?;
        let same = |m: &SequenceModel| {
            m.labels == first.labels
                && m.weights.len() == first.weights.len()
                && m.constraints == first.constraints
        };
        if !models.iter().all(same) {
            return None;
        }
        let n = models.len() as f32;
        let mean = |part: fn(&SequenceModel) -> &Vec<f32>| -> Vec<f32> {
            let mut out = vec![0f32; part(first).len()];
            for m in models {
                for (o, v) in out.iter_mut().zip(part(m)) {
                    *o += v / n;
                }
            }
            out
        };
        Some(SequenceModel {
            labels: first.labels,
            weights: mean(|m| &m.weights),
            start: mean(|m| &m.start),
            transition: mean(|m| &m.transition),
            end: mean(|m| &m.end),
            constraints: first.constraints.clone(),
        })
    }

    /// Assembles a model from stored parts.
    pub fn from_parts(
        labels: usize,
        weights: Vec<f32>,
        start: Vec<f32>,
        transition: Vec<f32>,
        end: Vec<f32>,
        constraints: Constraints,
    ) -> SequenceModel {
        assert_eq!(
            weights.len() % labels.max(1),
            0,
            "weights must be rows x labels"
        );
        assert_eq!(start.len(), labels);
        assert_eq!(transition.len(), labels * labels);
        assert_eq!(end.len(), labels);
        SequenceModel {
            labels,
            weights,
            start,
            transition,
            end,
            constraints,
        }
    }

    pub fn labels(&self) -> usize {
        self.labels
    }

    pub fn rows(&self) -> usize {
        self.weights.len() / self.labels.max(1)
    }

    /// Per-position label scores (`positions.len() * labels`).
    pub fn emissions(&self, positions: &[Vec<u32>]) -> Vec<f32> {
        emission_scores(&self.weights, self.labels, positions)
    }

    /// Adds the weights of one feature row to a score vector of `labels` entries.
    #[inline]
    pub fn add_row(&self, row: u32, scores: &mut [f32]) {
        let base = row as usize * self.labels;
        for (s, w) in scores
            .iter_mut()
            .zip(&self.weights[base..base + self.labels])
        {
            *s += w;
        }
    }

    /// The decoding part of the model (start, transition and end scores with the constraints).
    pub fn chain(&self) -> Chain {
        Chain::new(
            self.start.clone(),
            self.transition.clone(),
            self.end.clone(),
            self.constraints.clone(),
        )
    }

    /// The best label sequence for the given emission scores.
    pub fn viterbi(&self, emissions: &[f32]) -> Vec<u16> {
        let mut out = Vec::new();
        self.chain()
            .viterbi(emissions, &mut DecodeScratch::default(), &mut out);
        out
    }

    /// Posterior label marginals `p(label at t)` (`n * labels`), treating scores divided by
    /// `temperature` as log-potentials of a linear-chain CRF (see [`Chain::marginals`]).
    pub fn marginals(&self, emissions: &[f32], temperature: f32) -> Vec<f32> {
        let chain = self.chain();
        let mut out = Vec::new();
        chain.marginals(
            emissions,
            &chain.potentials(temperature),
            &mut DecodeScratch::default(),
            &mut out,
        );
        out
    }
}

/// The label-chain part of a linear-chain model: start, transition and end scores under hard
/// constraints. Forbidden transitions are stored as `-inf` scores (zero potentials), so the
/// forward-backward loops test no constraints and vectorise over labels, with the very
/// results of skipping forbidden transitions; Viterbi scans each label's allowed
/// predecessors only.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    labels: usize,
    start: Vec<f32>,
    transition: Vec<f32>,
    end: Vec<f32>,
    constraints: Constraints,
    /// `transition`, `-inf` where forbidden.
    masked: Vec<f32>,
    incoming: Incoming,
}

/// The allowed predecessors of each label, in ascending order: Viterbi scans only these
/// (BILOU over four types allows 97 of the 289 transitions).
#[derive(Debug, Clone, PartialEq)]
struct Incoming {
    /// Predecessors of label `l` are `from[offsets[l]..offsets[l + 1]]`.
    offsets: Vec<usize>,
    from: Vec<usize>,
}

impl Incoming {
    fn new(c: &Constraints) -> Incoming {
        let labels = c.labels();
        let mut offsets = Vec::with_capacity(labels + 1);
        let mut from = Vec::new();
        offsets.push(0);
        for l in 0..labels {
            from.extend((0..labels).filter(|&p| c.allows(p, l)));
            offsets.push(from.len());
        }
        Incoming { offsets, from }
    }
}

/// Reusable buffers for [`Chain::viterbi`] and [`Chain::marginals`].
#[derive(Debug, Clone, Default)]
pub struct DecodeScratch {
    score: Vec<f32>,
    back: Vec<u16>,
    masked: Vec<f32>,
    emit: Vec<f32>,
    alpha: Vec<f32>,
    beta: Vec<f32>,
}

/// Chain scores as CRF potentials (`exp(score / temperature)`, 0 where forbidden), computed
/// once per temperature by [`Chain::potentials`].
#[derive(Debug, Clone, PartialEq)]
pub struct Potentials {
    inverse_temperature: f32,
    start: Vec<f32>,
    transition: Vec<f32>,
    /// `transposed[l * labels + p] = transition[p * labels + l]`.
    transposed: Vec<f32>,
    end: Vec<f32>,
}

impl Chain {
    pub fn new(
        start: Vec<f32>,
        transition: Vec<f32>,
        end: Vec<f32>,
        constraints: Constraints,
    ) -> Chain {
        let labels = constraints.labels();
        assert_eq!(start.len(), labels);
        assert_eq!(transition.len(), labels * labels);
        assert_eq!(end.len(), labels);
        let masked = masked_transitions(&constraints, &transition);
        let incoming = Incoming::new(&constraints);
        Chain {
            labels,
            start,
            transition,
            end,
            constraints,
            masked,
            incoming,
        }
    }

    pub fn labels(&self) -> usize {
        self.labels
    }

    /// `start[l]`, `transition[p * labels + l]`, `end[l]`.
    pub fn start(&self) -> &[f32] {
        &self.start
    }

    pub fn transition(&self) -> &[f32] {
        &self.transition
    }

    pub fn end(&self) -> &[f32] {
        &self.end
    }

    pub fn constraints(&self) -> &Constraints {
        &self.constraints
    }

    /// The best label sequence for the given emission scores (`n * labels`), into `out`.
    pub fn viterbi(&self, emissions: &[f32], scratch: &mut DecodeScratch, out: &mut Vec<u16>) {
        let scores = Scores {
            start: &self.start,
            masked: &self.masked,
            end: &self.end,
            incoming: &self.incoming,
        };
        viterbi_decode(&self.constraints, emissions, &scores, scratch, out);
    }

    /// The potentials of the chain scores at a temperature, for [`Chain::marginals`].
    pub fn potentials(&self, temperature: f32) -> Potentials {
        let c = &self.constraints;
        let inv = 1.0 / temperature.max(1e-6);
        let potential = |allowed: bool, score: f32| if allowed { (score * inv).exp() } else { 0.0 };
        let labels = self.labels;
        let transition: Vec<f32> = (0..labels * labels)
            .map(|i| potential(c.transition[i], self.transition[i]))
            .collect();
        let transposed = (0..labels * labels)
            .map(|i| transition[(i % labels) * labels + i / labels])
            .collect();
        Potentials {
            inverse_temperature: inv,
            start: (0..labels)
                .map(|l| potential(c.start[l], self.start[l]))
                .collect(),
            transition,
            transposed,
            end: (0..labels)
                .map(|l| potential(c.end[l], self.end[l]))
                .collect(),
        }
    }

    /// Posterior label marginals `p(label at t)` (`n * labels`, into `out`), treating scores
    /// divided by the temperature of `potentials` as log-potentials of a linear-chain CRF.
    /// Perceptron scores are not probabilities; the temperature calibrates them (fit it on
    /// held-out data).
    ///
    /// Runs the scaled forward-backward algorithm in probability space (each step normalised),
    /// so it needs one `exp` per emission score rather than a log-sum-exp per transition.
    pub fn marginals(
        &self,
        emissions: &[f32],
        potentials: &Potentials,
        scratch: &mut DecodeScratch,
        out: &mut Vec<f32>,
    ) {
        let n = emissions.len() / self.labels.max(1);
        self.marginals_within(emissions, potentials, 0..n, scratch, out);
    }

    /// [`Chain::marginals`] at the positions in `wanted` only (the other rows of `out` are
    /// 0), each the very value `marginals` gives: the forward pass stops at the last wanted
    /// position and the backward pass at the first.
    pub fn marginals_within(
        &self,
        emissions: &[f32],
        potentials: &Potentials,
        wanted: Range<usize>,
        scratch: &mut DecodeScratch,
        out: &mut Vec<f32>,
    ) {
        match self.labels {
            SPECIALISED_LABELS => self.marginals_with(
                SPECIALISED_LABELS,
                emissions,
                potentials,
                wanted,
                scratch,
                out,
            ),
            3 => self.marginals_with(3, emissions, potentials, wanted, scratch, out),
            labels => self.marginals_with(labels, emissions, potentials, wanted, scratch, out),
        }
    }

    #[inline(always)]
    fn marginals_with(
        &self,
        labels: usize,
        emissions: &[f32],
        potentials: &Potentials,
        wanted: Range<usize>,
        scratch: &mut DecodeScratch,
        out: &mut Vec<f32>,
    ) {
        let n = emissions.len() / labels;
        out.clear();
        if n == 0 {
            return;
        }
        if wanted.start >= wanted.end.min(n) {
            out.resize(n * labels, 0.0);
            return;
        }
        // Forward values up to the last wanted position, backward values down to the first.
        let (first, last) = (wanted.start, wanted.end.min(n) - 1);
        let inv = potentials.inverse_temperature;
        let transition = &potentials.transition;
        // Emission potentials, shifted by each position's maximum so exp cannot overflow.
        let emit = &mut scratch.emit;
        emit.clear();
        emit.resize(n * labels, 0.0);
        for t in 0..n {
            let row = &emissions[t * labels..(t + 1) * labels];
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            for l in 0..labels {
                emit[t * labels + l] = ((row[l] - max) * inv).exp();
            }
        }
        let alpha = &mut scratch.alpha;
        alpha.clear();
        alpha.resize(n * labels, 0.0);
        let beta = &mut scratch.beta;
        beta.clear();
        beta.resize(n * labels, 0.0);
        for l in 0..labels {
            alpha[l] = potentials.start[l] * emit[l];
        }
        normalize(&mut alpha[..labels]);
        for t in 1..=last {
            let (done, rest) = alpha.split_at_mut(t * labels);
            let previous = &done[(t - 1) * labels..];
            let current = &mut rest[..labels];
            for p in 0..labels {
                let a = previous[p];
                if a == 0.0 {
                    continue;
                }
                let row = &transition[p * labels..(p + 1) * labels];
                for (c, &w) in current.iter_mut().zip(row) {
                    *c += a * w;
                }
            }
            for (c, &e) in current.iter_mut().zip(&emit[t * labels..(t + 1) * labels]) {
                *c *= e;
            }
            normalize(current);
        }
        for l in 0..labels {
            beta[(n - 1) * labels + l] = potentials.end[l];
        }
        normalize(&mut beta[(n - 1) * labels..]);
        for t in (first..n - 1).rev() {
            let (current, later) = beta.split_at_mut((t + 1) * labels);
            let current = &mut current[t * labels..];
            let next = &later[..labels];
            // current[p] = sum over l of transition[p][l] * emit[t+1][l] * beta[t+1][l], each
            // sum taken in ascending l (as a dot product would), but vectorised over p.
            for l in 0..labels {
                let w = emit[(t + 1) * labels + l] * next[l];
                if w == 0.0 {
                    continue;
                }
                let column = &potentials.transposed[l * labels..(l + 1) * labels];
                for (c, &x) in current.iter_mut().zip(column) {
                    *c += x * w;
                }
            }
            normalize(current);
        }
        out.resize(n * labels, 0.0);
        for t in first..=last {
            let cell = &mut out[t * labels..(t + 1) * labels];
            for l in 0..labels {
                cell[l] = alpha[t * labels + l] * beta[t * labels + l];
            }
            normalize(cell);
        }
    }
}

/// Transition scores with `-inf` where the constraints forbid the transition.
fn masked_transitions(c: &Constraints, transition: &[f32]) -> Vec<f32> {
    transition
        .iter()
        .zip(&c.transition)
        .map(|(&score, &allowed)| if allowed { score } else { f32::NEG_INFINITY })
        .collect()
}

/// Scales a vector of non-negative numbers to sum to one (leaves an all-zero vector alone).
fn normalize(values: &mut [f32]) {
    let sum: f32 = values.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        values.iter_mut().for_each(|v| *v /= sum);
    }
}

/// Transition scores used by Viterbi (`masked`: see [`masked_transitions`]).
struct Scores<'a> {
    start: &'a [f32],
    masked: &'a [f32],
    end: &'a [f32],
    incoming: &'a Incoming,
}

/// Label counts whose decoding loops are compiled for that very count (BILOU over four
/// entity types has 17; BIO, 3, is compiled for too): a known length lets the compiler
/// unroll and vectorise them fully.
const SPECIALISED_LABELS: usize = 17;

fn viterbi_decode(
    c: &Constraints,
    emissions: &[f32],
    scores: &Scores,
    scratch: &mut DecodeScratch,
    out: &mut Vec<u16>,
) {
    match c.labels() {
        SPECIALISED_LABELS => {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has just been checked to support AVX2.
                unsafe {
                    viterbi_dense_avx2::<SPECIALISED_LABELS>(c, emissions, scores, scratch, out)
                };
                return;
            }
            viterbi_dense::<SPECIALISED_LABELS>(c, emissions, scores, scratch, out)
        }
        3 => viterbi_dense::<3>(c, emissions, scores, scratch, out),
        labels => viterbi_with(labels, c, emissions, scores, scratch, out),
    }
}

/// [`viterbi_dense`] compiled for AVX2: 17 labels take three vector steps per predecessor
/// instead of five with the baseline's 4-lane SSE2. The operations are the same element-wise
/// additions and comparisons, so the path and its ties are the same.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn viterbi_dense_avx2<const N: usize>(
    c: &Constraints,
    emissions: &[f32],
    scores: &Scores,
    scratch: &mut DecodeScratch,
    out: &mut Vec<u16>,
) {
    viterbi_dense::<N>(c, emissions, scores, scratch, out)
}

/// [`viterbi_with`] for `N` labels without branches: each step takes every predecessor `p`
/// in ascending order and, for all labels at once (vectorised), keeps `p` where it scores
/// strictly higher. A forbidden transition scores `-inf` in `masked`, so its candidate is
/// `-inf` (or NaN) and never wins: the same maxima and the same ties (to the lowest
/// allowed label) as scanning each label's allowed predecessors, with the same sums.
#[inline(always)]
fn viterbi_dense<const N: usize>(
    c: &Constraints,
    emissions: &[f32],
    scores: &Scores,
    scratch: &mut DecodeScratch,
    out: &mut Vec<u16>,
) {
    let (start, masked, end) = (scores.start, scores.masked, scores.end);
    let n = emissions.len() / N;
    out.clear();
    if n == 0 {
        return;
    }
    let masked: &[[f32; N]] = masked.as_chunks::<N>().0;
    assert_eq!(masked.len(), N, "N x N transition scores");
    scratch.back.clear();
    scratch.back.resize(n * N, 0);
    let (emitted, _) = emissions.as_chunks::<N>();
    let mut previous = [f32::NEG_INFINITY; N];
    for l in 0..N {
        if c.start[l] {
            previous[l] = start[l] + emitted[0][l];
        }
    }
    for (t, emitted) in emitted.iter().enumerate().skip(1) {
        let mut best = [f32::NEG_INFINITY; N];
        let mut arg = [0u32; N];
        for (p, row) in masked.iter().enumerate() {
            let from = previous[p];
            for l in 0..N {
                let candidate = from + row[l];
                let better = candidate > best[l];
                best[l] = if better { candidate } else { best[l] };
                arg[l] = if better { p as u32 } else { arg[l] };
            }
        }
        for l in 0..N {
            previous[l] = best[l] + emitted[l];
        }
        for (b, &a) in scratch.back[t * N..(t + 1) * N].iter_mut().zip(&arg) {
            *b = a as u16;
        }
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for l in 0..N {
        if !c.end[l] {
            continue;
        }
        let s = previous[l] + end[l];
        if s > best {
            best = s;
            arg = l;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u16;
    for t in (1..n).rev() {
        out[t - 1] = scratch.back[t * N + out[t] as usize];
    }
}

#[inline(always)]
fn viterbi_with(
    labels: usize,
    c: &Constraints,
    emissions: &[f32],
    scores: &Scores,
    scratch: &mut DecodeScratch,
    out: &mut Vec<u16>,
) {
    let (start, masked, end) = (scores.start, scores.masked, scores.end);
    let n = emissions.len() / labels;
    out.clear();
    if n == 0 {
        return;
    }

    scratch.score.clear();
    scratch.score.resize(n * labels, f32::NEG_INFINITY);
    scratch.back.clear();
    scratch.back.resize(n * labels, 0);
    for l in 0..labels {
        if c.start[l] {
            scratch.score[l] = start[l] + emissions[l];
        }
    }
    let incoming = scores.incoming;
    for t in 1..n {
        let (done, rest) = scratch.score.split_at_mut(t * labels);
        let previous = &done[(t - 1) * labels..];
        let current = &mut rest[..labels];
        let back = &mut scratch.back[t * labels..(t + 1) * labels];
        let emitted = &emissions[t * labels..(t + 1) * labels];
        for l in 0..labels {
            // Allowed predecessors in ascending order with a strict `>`: ties go to the
            // lowest label, and a label no allowed path reaches stays at -inf.
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0usize;
            for &p in &incoming.from[incoming.offsets[l]..incoming.offsets[l + 1]] {
                let candidate = previous[p] + masked[p * labels + l];
                if candidate > best {
                    best = candidate;
                    arg = p;
                }
            }
            current[l] = best + emitted[l];
            back[l] = arg as u16;
        }
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for l in 0..labels {
        if !c.end[l] {
            continue;
        }
        let s = scratch.score[(n - 1) * labels + l] + end[l];
        if s > best {
            best = s;
            arg = l;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u16;
    for t in (1..n).rev() {
        out[t - 1] = scratch.back[t * labels + out[t] as usize];
    }
}

fn emission_scores(weights: &[f32], labels: usize, positions: &[Vec<u32>]) -> Vec<f32> {
    let mut out = vec![0f32; positions.len() * labels];
    for (t, features) in positions.iter().enumerate() {
        let scores = &mut out[t * labels..(t + 1) * labels];
        for &row in features {
            let base = row as usize * labels;
            for (s, w) in scores.iter_mut().zip(&weights[base..base + labels]) {
                *s += w;
            }
        }
    }
    out
}

/// `log(sum(exp(x)))`, stable, `-inf` for an empty or all `-inf` input.
pub fn log_sum_exp(values: &[f32]) -> f32 {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f32>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels: 0 = O, 1 = B, 2 = I; I may not start or follow O.
    fn bio() -> Constraints {
        let mut c = Constraints::none(3);
        c.start[2] = false;
        c.transition[2] = false; // O -> I
        c
    }

    #[test]
    fn learns_a_toy_chunker_and_respects_constraints() {
        // Feature rows: 0 = capitalised word, 1 = lowercase word, 2 = previous word capitalised.
        let make = |caps: &[bool]| {
            let positions = caps
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let mut f = vec![if c { 0 } else { 1 }];
                    if i > 0 && caps[i - 1] {
                        f.push(2);
                    }
                    f
                })
                .collect();
            let labels = caps
                .iter()
                .enumerate()
                .map(|(i, &c)| match (c, i > 0 && caps[i - 1]) {
                    (false, _) => 0,
                    (true, false) => 1,
                    (true, true) => 2,
                })
                .collect();
            Sequence { positions, labels }
        };
        let data = vec![
            make(&[true, true, false, false]),
            make(&[false, true, false, true, true]),
            make(&[false, false, true]),
        ];
        let model = SequenceModel::train(
            &data,
            3,
            bio(),
            &TrainConfig {
                epochs: 10,
                seed: 1,
            },
        );
        let test = make(&[false, true, true, true, false]);
        let emissions = model.emissions(&test.positions);
        assert_eq!(model.viterbi(&emissions), test.labels);
        let averaged = SequenceModel::average(&[model.clone(), model.clone()]).unwrap();
        assert_eq!(averaged.viterbi(&emissions), test.labels);
        assert!(SequenceModel::average(&[]).is_none());
        let marginals = model.marginals(&emissions, 1.0);
        for t in 0..5 {
            let row = &marginals[t * 3..t * 3 + 3];
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
        // Marginals agree with brute-force enumeration of all allowed label sequences.
        let emissions = vec![0.5, -1.0, 2.0, 1.0, 0.3, -0.2, -0.4, 1.5, 0.8];
        let temperature = 2.0;
        let fast = model.marginals(&emissions, temperature);
        let mut brute = vec![0f64; 9];
        let mut total = 0f64;
        for a in 0..3 {
            for b in 0..3 {
                for c in 0..3 {
                    let path = [a, b, c];
                    let k = &model.constraints;
                    if !k.start[a] || !k.allows(a, b) || !k.allows(b, c) || !k.end[c] {
                        continue;
                    }
                    let mut score = model.start[a] + model.end[c];
                    score += model.transition[a * 3 + b] + model.transition[b * 3 + c];
                    for (t, &l) in path.iter().enumerate() {
                        score += emissions[t * 3 + l];
                    }
                    let p = ((score / temperature) as f64).exp();
                    total += p;
                    for (t, &l) in path.iter().enumerate() {
                        brute[t * 3 + l] += p;
                    }
                }
            }
        }
        for (f, b) in fast.iter().zip(&brute) {
            assert!(
                (*f as f64 - b / total).abs() < 1e-4,
                "{fast:?} vs {brute:?}"
            );
        }
        // Even when emissions favour I everywhere, the first label cannot be I.
        let forced = vec![0.0, 0.0, 10.0, 0.0, 0.0, 10.0];
        let path = model.viterbi(&forced);
        assert_ne!(path[0], 2);
    }

    /// Viterbi spelled out: each label scans its allowed predecessors in ascending order
    /// (strict `>`, so ties go to the lowest label).
    fn reference_viterbi(chain: &Chain, emissions: &[f32]) -> Vec<u16> {
        let (labels, c) = (chain.labels, &chain.constraints);
        let n = emissions.len() / labels;
        let mut score = vec![f32::NEG_INFINITY; n * labels];
        let mut back = vec![0usize; n * labels];
        for l in (0..labels).filter(|&l| c.start[l]) {
            score[l] = chain.start[l] + emissions[l];
        }
        for t in 1..n {
            for l in 0..labels {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for p in (0..labels).filter(|&p| c.allows(p, l)) {
                    let candidate = score[(t - 1) * labels + p] + chain.transition[p * labels + l];
                    if candidate > best {
                        (best, arg) = (candidate, p);
                    }
                }
                score[t * labels + l] = best + emissions[t * labels + l];
                back[t * labels + l] = arg;
            }
        }
        let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
        for l in (0..labels).filter(|&l| c.end[l]) {
            let s = score[(n - 1) * labels + l] + chain.end[l];
            if s > best {
                (best, arg) = (s, l);
            }
        }
        let mut out = vec![arg as u16; n];
        for t in (1..n).rev() {
            out[t - 1] = back[t * labels + out[t] as usize] as u16;
        }
        out
    }

    #[test]
    fn viterbi_breaks_ties_towards_the_lowest_label() {
        let mut rng = SplitMix64::new(11);
        // Few distinct values, so ties are common; 17 labels take the specialised loops.
        for labels in [3usize, 17] {
            let mut uniform = || (rng.next_u64() % 5) as f32 - 2.0;
            let mut c = Constraints::none(labels);
            for i in 0..labels * labels {
                c.transition[i] = uniform() > -1.0;
            }
            for l in 0..labels {
                c.start[l] = uniform() > -2.0;
                c.end[l] = uniform() > -2.0;
            }
            for _ in 0..200 {
                let chain = Chain::new(
                    (0..labels).map(|_| uniform()).collect(),
                    (0..labels * labels).map(|_| uniform()).collect(),
                    (0..labels).map(|_| uniform()).collect(),
                    c.clone(),
                );
                let n = 1 + (uniform() + 2.0) as usize * 3;
                let emissions: Vec<f32> = (0..n * labels).map(|_| uniform()).collect();
                let mut out = Vec::new();
                chain.viterbi(&emissions, &mut DecodeScratch::default(), &mut out);
                assert_eq!(out, reference_viterbi(&chain, &emissions));
            }
        }
    }

    #[test]
    fn marginals_within_a_range_are_those_of_the_whole() {
        let mut rng = SplitMix64::new(5);
        let mut uniform = || (rng.next_u64() % 2001) as f32 / 500.0 - 2.0;
        let labels = 17;
        let mut c = Constraints::none(labels);
        for i in 0..labels * labels {
            c.transition[i] = uniform() > -1.0;
        }
        let chain = Chain::new(
            (0..labels).map(|_| uniform()).collect(),
            (0..labels * labels).map(|_| uniform()).collect(),
            (0..labels).map(|_| uniform()).collect(),
            c,
        );
        let potentials = chain.potentials(1.7);
        let mut scratch = DecodeScratch::default();
        let (mut whole, mut part) = (Vec::new(), Vec::new());
        for n in [1usize, 2, 7] {
            let emissions: Vec<f32> = (0..n * labels).map(|_| uniform()).collect();
            chain.marginals(&emissions, &potentials, &mut scratch, &mut whole);
            for start in 0..=n {
                for end in start..=n + 1 {
                    chain.marginals_within(
                        &emissions,
                        &potentials,
                        start..end,
                        &mut scratch,
                        &mut part,
                    );
                    assert_eq!(part.len(), whole.len());
                    for t in 0..n {
                        let row = t * labels..(t + 1) * labels;
                        if (start..end).contains(&t) {
                            assert_eq!(part[row.clone()], whole[row]);
                        } else {
                            assert!(part[row].iter().all(|&p| p == 0.0));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn viterbi_finds_the_best_allowed_path() {
        // Brute force over all 3^4 label sequences of random scores under BIO constraints.
        let mut rng = SplitMix64::new(7);
        let mut uniform = || (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0;
        let c = bio();
        for _ in 0..50 {
            let start: Vec<f32> = (0..3).map(|_| uniform()).collect();
            let transition: Vec<f32> = (0..9).map(|_| uniform()).collect();
            let end: Vec<f32> = (0..3).map(|_| uniform()).collect();
            let emissions: Vec<f32> = (0..12).map(|_| uniform()).collect();
            let model = SequenceModel::from_parts(
                3,
                vec![0.0; 3],
                start.clone(),
                transition.clone(),
                end.clone(),
                c.clone(),
            );
            let mut best = (f32::NEG_INFINITY, vec![]);
            for code in 0..81usize {
                let path: Vec<usize> = (0..4).map(|t| code / 3usize.pow(t) % 3).collect();
                if !c.start[path[0]]
                    || !c.end[path[3]]
                    || !path.windows(2).all(|w| c.allows(w[0], w[1]))
                {
                    continue;
                }
                let mut score = start[path[0]] + end[path[3]];
                for (t, &l) in path.iter().enumerate() {
                    score += emissions[t * 3 + l];
                    if t > 0 {
                        score += transition[path[t - 1] * 3 + l];
                    }
                }
                if score > best.0 {
                    best = (score, path.iter().map(|&l| l as u16).collect());
                }
            }
            let got = model.viterbi(&emissions);
            let score_of = |path: &[u16]| {
                let path: Vec<usize> = path.iter().map(|&l| l as usize).collect();
                let mut score = start[path[0]] + end[path[3]];
                for (t, &l) in path.iter().enumerate() {
                    score += emissions[t * 3 + l];
                    if t > 0 {
                        score += transition[path[t - 1] * 3 + l];
                    }
                }
                score
            };
            // Equal up to float summation order (near ties may pick either path).
            let allowed = c.start[got[0] as usize]
                && c.end[got[3] as usize]
                && got
                    .windows(2)
                    .all(|w| c.allows(w[0] as usize, w[1] as usize));
            assert!(allowed, "{got:?}");
            assert!(
                (score_of(&got) - best.0).abs() < 1e-4,
                "{got:?} {} vs {:?} {}",
                score_of(&got),
                best.1,
                best.0
            );
        }
    }
}
