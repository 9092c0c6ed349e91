//! The span tagger: a first-order BIO sequence model (averaged structured perceptron, from
//! `parallax-learn`) over the phrase features, with hashed feature rows. It marks where
//! persuasion-technique spans begin and end; [`crate::technique`] then names each span.
//!
//! Perceptron scores are margins, not probabilities: confidences come from forward-backward
//! marginals at a temperature fitted on held-out folds, and a recall bias added to the B and I
//! scores at decoding trades precision for recall (also chosen on held-out folds).

use parallax_learn::format::{
    quantize_i8, read_sparse_rows, write_sparse_rows, ByteReader, ByteWriter, FormatError,
};
use parallax_learn::sequence::{
    Chain, Constraints, DecodeScratch, Potentials, Sequence, SequenceModel, TrainConfig,
};

use crate::features::Prepared;
use crate::lexicon::is_dangling;
use crate::linear::Features;
use crate::text::{Kind, Token};

pub const OUTSIDE: u16 = 0;
pub const BEGIN: u16 = 1;
pub const INSIDE: u16 = 2;
const LABELS: usize = 3;

/// BIO constraints: I only continues B or I.
pub fn constraints() -> Constraints {
    let mut c = Constraints::none(LABELS);
    c.start[INSIDE as usize] = false;
    c.transition[OUTSIDE as usize * LABELS + INSIDE as usize] = false;
    c
}

/// A trained span tagger.
#[derive(Debug, Clone)]
pub struct SpanTagger {
    bits: u32,
    pub model: SequenceModel,
    /// Added to the B and I scores of every token before decoding...
    pub recall_bias: f32,
    /// ... plus this times (sentence probability - 0.5).
    pub slope: f32,
    /// Divides scores before forward-backward.
    pub temperature: f32,
    /// The emission weights as stored (8-bit, `weight = q * scale`), once compacted: a quarter
    /// of the memory of `model.weights`, so scoring touches fewer cache lines.
    table: Vec<i8>,
    scale: f32,
}

/// What decoding needs of a tagger, built once for many sentences: its label chain, the
/// chain's potentials at the tagger's temperature, and buffers.
pub struct Decoder {
    chain: Chain,
    potentials: Potentials,
    scratch: DecodeScratch,
}

/// A tagged span: token range within the article's token list, and confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedSpan {
    pub tokens: std::ops::Range<usize>,
    pub sentence: usize,
    pub confidence: f32,
}

#[inline]
fn row(bits: u32, key: u64) -> u32 {
    (key >> (64 - bits)) as u32
}

/// Feature rows of one sentence's tokens.
fn sentence_rows(bits: u32, p: &Prepared, s: usize, scratch: &mut Features) -> Vec<Vec<u32>> {
    p.doc.sentences[s]
        .clone()
        .map(|i| {
            p.token_features(s, i, scratch);
            scratch.iter().map(|&(k, _)| row(bits, k)).collect()
        })
        .collect()
}

/// Token labels of an article from gold spans (byte ranges): a token is inside when it
/// overlaps a span.
pub fn token_labels(p: &Prepared, spans: &[(usize, usize)]) -> Vec<bool> {
    p.doc
        .tokens
        .iter()
        .map(|t| {
            let (s, e) = (t.start as usize, t.end as usize);
            spans.iter().any(|&(a, b)| s < b && a < e)
        })
        .collect()
}

/// BIO labels of one sentence from per-token inside flags.
fn bio(inside: &[bool]) -> Vec<u16> {
    let mut out = Vec::with_capacity(inside.len());
    for (i, &x) in inside.iter().enumerate() {
        out.push(match (x, i > 0 && inside[i - 1]) {
            (false, _) => OUTSIDE,
            (true, false) => BEGIN,
            (true, true) => INSIDE,
        });
    }
    out
}

impl SpanTagger {
    /// Trains on articles with per-token inside flags (global token indices).
    pub fn train(
        articles: &[(&Prepared, &[bool])],
        bits: u32,
        epochs: usize,
        seeds: &[u64],
    ) -> SpanTagger {
        let mut data = Vec::new();
        let mut scratch = Features::new();
        for (p, inside) in articles {
            for s in 0..p.sentence_count() {
                let range = p.doc.sentences[s].clone();
                if range.is_empty() {
                    continue;
                }
                data.push(Sequence {
                    positions: sentence_rows(bits, p, s, &mut scratch),
                    labels: bio(&inside[range]),
                });
            }
        }
        let models: Vec<SequenceModel> = seeds
            .iter()
            .map(|&seed| {
                SequenceModel::train(
                    &data,
                    1 << bits,
                    constraints(),
                    &TrainConfig { epochs, seed },
                )
            })
            .collect();
        let model = SequenceModel::average(&models).expect("at least one seed");
        SpanTagger {
            bits,
            model,
            recall_bias: 0.0,
            slope: 0.0,
            temperature: 1.0,
            table: Vec::new(),
            scale: 0.0,
        }
    }

    /// Rescales the perceptron's scores so that the spread of its emission margins (best of
    /// B and I minus O) over `sample` tokens is 1. Perceptron weights grow with the number of
    /// updates, so taggers trained on different amounts of data would otherwise need different
    /// temperatures and biases; after this, one setting fits them all.
    pub fn normalize_scale(&mut self, sample: &[&Prepared]) {
        let mut scratch = Features::new();
        let mut sum = 0f64;
        let mut n = 0usize;
        for p in sample {
            for s in 0..p.sentence_count() {
                let e = self.emissions(p, s, &mut scratch);
                for cell in e.chunks(LABELS) {
                    let margin =
                        cell[BEGIN as usize].max(cell[INSIDE as usize]) - cell[OUTSIDE as usize];
                    sum += (margin as f64).powi(2);
                    n += 1;
                }
            }
        }
        if n == 0 || sum <= 0.0 {
            return;
        }
        let factor = (sum / n as f64).sqrt() as f32;
        let m = &mut self.model;
        for v in m
            .weights
            .iter_mut()
            .chain(m.start.iter_mut())
            .chain(m.transition.iter_mut())
            .chain(m.end.iter_mut())
        {
            *v /= factor;
        }
    }

    /// Emission scores of sentence `s` (`tokens * 3`, labels O, B, I), without any bias.
    pub fn emissions(&self, p: &Prepared, s: usize, scratch: &mut Features) -> Vec<f32> {
        let range = p.doc.sentences[s].clone();
        let mut out = vec![0f32; range.len() * LABELS];
        for (t, i) in range.enumerate() {
            let cell = &mut out[t * LABELS..(t + 1) * LABELS];
            if self.table.is_empty() {
                p.token_features(s, i, scratch);
                for &(k, _) in scratch.iter() {
                    self.model.add_row(row(self.bits, k), cell);
                }
            } else {
                // Each key's weights added as the key is made (integer sums: the order of
                // keys does not matter).
                let mut sum = [0i32; LABELS];
                p.token_keys(s, i, |k| {
                    let r = row(self.bits, k) as usize * LABELS;
                    let q = &self.table[r..r + LABELS];
                    for l in 0..LABELS {
                        sum[l] += q[l] as i32;
                    }
                });
                for l in 0..LABELS {
                    cell[l] = sum[l] as f32 * self.scale;
                }
            }
        }
        out
    }

    /// A decoder for this tagger as it is now (its chain and temperature).
    pub fn decoder(&self) -> Decoder {
        let chain = self.model.chain();
        let potentials = chain.potentials(self.temperature);
        Decoder {
            chain,
            potentials,
            scratch: DecodeScratch::default(),
        }
    }

    /// Probability that each token lies inside a span (1 - marginal of O), at the fitted
    /// temperature.
    pub fn inside(&self, emissions: &[f32]) -> Vec<f32> {
        self.inside_with(&mut self.decoder(), emissions)
    }

    /// [`SpanTagger::inside`] with a decoder of this tagger.
    pub fn inside_with(&self, decoder: &mut Decoder, emissions: &[f32]) -> Vec<f32> {
        if emissions.is_empty() {
            return Vec::new();
        }
        let marginals = decoder.marginals(emissions);
        marginals
            .chunks(LABELS)
            .map(|m| 1.0 - m[OUTSIDE as usize])
            .collect()
    }

    /// The recall bias for a sentence the sentence classifier scored `probability`.
    pub fn sentence_bias(&self, probability: f32) -> f32 {
        self.recall_bias + self.slope * (probability - 0.5)
    }

    /// Decodes the spans of sentence `s` from its emissions, with `bias` added to the B and I
    /// scores. Confidence of a span: the mean marginal of its labels under the same bias.
    pub fn decode(&self, p: &Prepared, s: usize, emissions: &[f32], bias: f32) -> Vec<TaggedSpan> {
        self.decode_with(&mut self.decoder(), p, s, emissions, bias)
    }

    /// [`SpanTagger::decode`] with a decoder of this tagger.
    pub fn decode_with(
        &self,
        decoder: &mut Decoder,
        p: &Prepared,
        s: usize,
        emissions: &[f32],
        bias: f32,
    ) -> Vec<TaggedSpan> {
        let range = p.doc.sentences[s].clone();
        if range.is_empty() {
            return Vec::new();
        }
        let mut biased = emissions.to_vec();
        for cell in biased.chunks_mut(LABELS) {
            cell[BEGIN as usize] += bias;
            cell[INSIDE as usize] += bias;
        }
        let mut labels = Vec::new();
        decoder
            .chain
            .viterbi(&biased, &mut decoder.scratch, &mut labels);
        if labels.iter().all(|&l| l == OUTSIDE) {
            return Vec::new();
        }
        let marginals = decoder.marginals(&biased);
        let tokens = &p.doc.tokens[range.clone()];
        let mut out = Vec::new();
        let mut t = 0;
        while t < labels.len() {
            if labels[t] == OUTSIDE {
                t += 1;
                continue;
            }
            let start = t;
            t += 1;
            while t < labels.len() && labels[t] == INSIDE {
                t += 1;
            }
            // Trim punctuation at the edges.
            let (mut a, mut b) = (start, t);
            while a < b && tokens[a].kind == Kind::Punct {
                a += 1;
            }
            while b > a && tokens[b - 1].kind == Kind::Punct {
                b -= 1;
            }
            // Then function words that cannot end the phrase, and punctuation before them.
            while b > a + 1 && is_dangling(tokens[b - 1].word) {
                b -= 1;
                while b > a + 1 && tokens[b - 1].kind == Kind::Punct {
                    b -= 1;
                }
            }
            if a == b {
                continue;
            }
            // Give back a quotation mark trimmed from an edge when the span holds its partner,
            // so a quoted phrase reads “so-called” rather than so-called”.
            let (a, b) = balance_quotes(tokens, a, b);
            let confidence = (start..t)
                .map(|k| marginals[k * LABELS + labels[k] as usize])
                .sum::<f32>()
                / (t - start) as f32;
            out.push(TaggedSpan {
                tokens: range.start + a..range.start + b,
                sentence: s,
                confidence,
            });
        }
        out
    }

    /// Spans of a whole article with one bias per sentence (`None`: the base bias only).
    pub fn tag_with(&self, p: &Prepared, sentence_bias: Option<&[f32]>) -> Vec<TaggedSpan> {
        let mut scratch = Features::new();
        let mut out = Vec::new();
        for s in 0..p.sentence_count() {
            let e = self.emissions(p, s, &mut scratch);
            let bias = sentence_bias.map_or(self.recall_bias, |b| b[s]);
            out.extend(self.decode(p, s, &e, bias));
        }
        out
    }

    /// Inside probabilities of every token of an article.
    pub fn inside_probabilities(&self, p: &Prepared) -> Vec<f32> {
        let mut scratch = Features::new();
        let mut out = Vec::with_capacity(p.doc.tokens.len());
        for s in 0..p.sentence_count() {
            let e = self.emissions(p, s, &mut scratch);
            out.extend(self.inside(&e));
        }
        out
    }

    /// Zeroes rows whose weights are all below `threshold` and rounds the rest to 8 bits.
    pub fn compact(&mut self, threshold: f32) {
        if self.model.weights.is_empty() {
            return; // already compact (read from a file)
        }
        let w = &mut self.model.weights;
        for cell in w.chunks_mut(LABELS) {
            if cell.iter().all(|x| x.abs() < threshold) {
                cell.iter_mut().for_each(|x| *x = 0.0);
            }
        }
        let (scale, q) = quantize_i8(w);
        for (x, q) in w.iter_mut().zip(&q) {
            *x = *q as f32 * scale;
        }
        self.table = q;
        self.scale = scale;
    }

    pub fn write(&self, out: &mut ByteWriter) {
        out.u8(self.bits as u8);
        out.f32(self.recall_bias);
        out.f32(self.slope);
        out.f32(self.temperature);
        for v in self
            .model
            .start
            .iter()
            .chain(&self.model.transition)
            .chain(&self.model.end)
        {
            out.f32(*v);
        }
        let w: Vec<f32> = if self.table.is_empty() {
            self.model.weights.clone()
        } else {
            self.table.iter().map(|&q| q as f32 * self.scale).collect()
        };
        write_sparse_rows(out, &w, LABELS);
    }

    pub fn read(input: &mut ByteReader) -> Result<SpanTagger, FormatError> {
        let malformed = |reason: &str| FormatError::Malformed {
            section: "tagger".into(),
            reason: reason.into(),
        };
        let bits = input.u8()? as u32;
        if !(8..=24).contains(&bits) {
            return Err(malformed("hash table size out of range"));
        }
        let recall_bias = input.f32()?;
        let slope = input.f32()?;
        let temperature = input.f32()?;
        if !(temperature.is_finite()
            && temperature > 0.0
            && recall_bias.is_finite()
            && slope.is_finite())
        {
            return Err(malformed("bad decoding settings"));
        }
        let mut read_vec =
            |n: usize| -> Result<Vec<f32>, FormatError> { (0..n).map(|_| input.f32()).collect() };
        let start = read_vec(LABELS)?;
        let transition = read_vec(LABELS * LABELS)?;
        let end = read_vec(LABELS)?;
        let (scale, table) = read_sparse_rows(input, 1usize << bits, LABELS, "tagger")?;
        // The f32 weights are only needed for training; keep the model small.
        Ok(SpanTagger {
            bits,
            model: SequenceModel::from_parts(
                LABELS,
                Vec::new(),
                start,
                transition,
                end,
                constraints(),
            ),
            recall_bias,
            slope,
            temperature,
            table,
            scale,
        })
    }
}

impl Decoder {
    /// Label marginals of one sentence (as [`SequenceModel::marginals`] at the tagger's
    /// temperature).
    fn marginals(&mut self, emissions: &[f32]) -> Vec<f32> {
        let mut out = Vec::new();
        self.chain
            .marginals(emissions, &self.potentials, &mut self.scratch, &mut out);
        out
    }
}

/// Widens `a..b` by one token on a side where a quotation mark was left out while its partner
/// is inside: an opening mark before a span that holds more closing marks than opening ones,
/// a closing mark after one that holds more opening marks, or a straight double quote beside
/// a span holding an odd number of them.
fn balance_quotes(tokens: &[Token], a: usize, b: usize) -> (usize, usize) {
    let mark = |t: &Token| if t.kind == Kind::Punct { t.punct } else { '\0' };
    let (mut opening, mut closing, mut straight) = (0, 0, 0);
    for t in &tokens[a..b] {
        match mark(t) {
            '“' | '‘' | '«' => opening += 1,
            '”' | '’' | '»' => closing += 1,
            '"' => straight += 1,
            _ => {}
        }
    }
    let before = a.checked_sub(1).map(|i| mark(&tokens[i]));
    let after = tokens.get(b).map(mark);
    if closing > opening && matches!(before, Some('“' | '‘' | '«')) {
        return (a - 1, b);
    }
    if opening > closing && matches!(after, Some('”' | '’' | '»')) {
        return (a, b + 1);
    }
    if straight % 2 == 1 {
        if before == Some('"') {
            return (a - 1, b);
        }
        if after == Some('"') {
            return (a, b + 1);
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a tagged span covers.
    fn span_text<'t>(p: &Prepared<'t>, span: &TaggedSpan) -> &'t str {
        let t = &p.doc.tokens;
        &p.text[t[span.tokens.start].start as usize..t[span.tokens.end - 1].end as usize]
    }

    #[test]
    fn learns_loaded_phrases_and_round_trips() {
        let texts = [
            "The vile traitors lied again.",
            "The council met on Monday.",
            "These vile traitors must go.",
            "The mayor met the council.",
        ];
        let spans = [vec![(4, 17)], vec![], vec![(6, 19)], vec![]];
        let prepared: Vec<Prepared> = texts
            .iter()
            .map(|t| Prepared::new(t, std::slice::from_ref(&(0..t.len()))))
            .collect();
        let labels: Vec<Vec<bool>> = prepared
            .iter()
            .zip(&spans)
            .map(|(p, s)| token_labels(p, s))
            .collect();
        let data: Vec<(&Prepared, &[bool])> = prepared
            .iter()
            .zip(&labels)
            .map(|(p, l)| (p, l.as_slice()))
            .collect();
        let mut tagger = SpanTagger::train(&data, 16, 5, &[1, 2]);
        tagger.compact(0.0);
        let text = "Those vile traitors met.";
        let p = Prepared::new(text, std::slice::from_ref(&(0..text.len())));
        let found = tagger.tag_with(&p, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(span_text(&p, &found[0]), "vile traitors");
        let mut out = ByteWriter::new();
        tagger.write(&mut out);
        let bytes = out.into_inner();
        let back = SpanTagger::read(&mut ByteReader::new(&bytes)).unwrap();
        assert_eq!(back.tag_with(&p, None), found);
    }

    #[test]
    fn spans_do_not_end_on_a_function_word() {
        let data: Vec<(Prepared, Vec<bool>)> = ["The vile traitors lied.", "The mayor met."]
            .iter()
            .map(|t| {
                let p = Prepared::new(t, std::slice::from_ref(&(0..t.len())));
                let gold: &[(usize, usize)] = if t.contains("vile") { &[(4, 17)] } else { &[] };
                let labels = token_labels(&p, gold);
                (p, labels)
            })
            .collect();
        let set: Vec<(&Prepared, &[bool])> = data.iter().map(|(p, l)| (p, l.as_slice())).collect();
        let tagger = SpanTagger::train(&set, 16, 1, &[1]);
        // Emissions that make the tagger run a span on past "traitors" over ", and the".
        let text = "vile traitors , and the mayor";
        let p = Prepared::new(text, std::slice::from_ref(&(0..text.len())));
        let n = p.doc.tokens.len();
        let mut emissions = vec![0f32; n * LABELS];
        for k in 0..n {
            let cell = &mut emissions[k * LABELS..(k + 1) * LABELS];
            let inside = k < 5; // vile traitors , and the
            cell[OUTSIDE as usize] = if inside { -5.0 } else { 5.0 };
            cell[BEGIN as usize] = if k == 0 { 5.0 } else { -5.0 };
            cell[INSIDE as usize] = if inside && k > 0 { 5.0 } else { -5.0 };
        }
        let found = tagger.decode(&p, 0, &emissions, 0.0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(span_text(&p, &found[0]), "vile traitors");
    }

    #[test]
    fn a_quoted_phrase_keeps_both_quotation_marks() {
        let text = "so-called \u{201c}moderate\u{201d} rebels , he said";
        let p = Prepared::new(text, std::slice::from_ref(&(0..text.len())));
        let t = &p.doc.tokens;
        let phrase = |(a, b): (usize, usize)| &text[t[a].start as usize..t[b - 1].end as usize];
        let word = |w: &str| t.iter().position(|x| x.text(text) == w).unwrap();
        // "moderate” rebels": the opening mark comes back.
        let (m, r) = (word("moderate"), word("rebels"));
        assert_eq!(
            phrase(balance_quotes(t, m, r + 1)),
            "\u{201c}moderate\u{201d} rebels"
        );
        // "“moderate": the closing mark comes back.
        assert_eq!(
            phrase(balance_quotes(t, m - 1, m + 1)),
            "\u{201c}moderate\u{201d}"
        );
        // Balanced or unquoted spans stay as they are.
        assert_eq!(
            phrase(balance_quotes(t, m - 1, r + 1)),
            "\u{201c}moderate\u{201d} rebels"
        );
        assert_eq!(phrase(balance_quotes(t, r, r + 1)), "rebels");
    }
}
