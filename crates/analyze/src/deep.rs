//! The deep path (`parallax analyze --deep`): all-MiniLM-L6-v2 sentence embeddings
//! (`parallax-embed`) read by small heads on top of the fast path, trained on CPU by our code.
//!
//! - Sentences: a logistic regression over the sentence's embedding, the mean embedding of its
//!   neighbours, and the fast path's probability for it.
//! - Spans: the fast tagger proposes candidates with a higher recall bias; a verifier
//!   (logistic regression over the embeddings of the span and of its sentence, the tagger's
//!   confidence and both sentence probabilities) keeps the likely ones.
//! - Techniques: a softmax regression over the span and sentence embeddings and the fast
//!   technique probabilities.
//! - Article: the article score re-trained on the deep sentence probabilities.
//!
//! Heads are stacked on out-of-fold fast-path outputs, so they learn how far to trust them.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use parallax_core::{CharIndex, Technique};
use parallax_embed::{Embedder, Embedding, DIMENSIONS};
use parallax_learn::format::{ByteReader, ByteWriter, ModelReader, ModelWriter};
use parallax_learn::hashing::hash_str;

use crate::analyzer::{quote_covering, Analysis, Finding, Voice};
use crate::article_score::{is_propagandistic, ArticleEvidence, ArticleModel};
use crate::data::{load_semeval2020, DataPaths, Split};
use crate::error::AnalyzeError;
use crate::features::{count_bucket, key, logit, Prepared};
use crate::linear::{sigmoid, Example, Features, HashedLinear, Loss, TrainConfig};
use crate::measures::SpanOverlap;
use crate::model::{FastModels, MODEL_FILE};
use crate::sentence::best_f1_threshold;
use crate::tagger::{SpanTagger, TaggedSpan};
use crate::train::{non_empty_lines, OutOfFold};

pub const DEEP_DIR: &str = "propaganda-deep";
const KIND: &str = "propaganda-deep";
const LAYOUT_VERSION: u32 = 3;
/// Hash-table size of the heads: room for the dense dimensions and a few extra features.
const BITS: u32 = 16;

const T_SENTENCE: u64 = 100;
const T_NEIGHBOURS: u64 = 101;
const T_SPAN: u64 = 102;
const T_SPAN_SENTENCE: u64 = 103;
const T_SCALAR: u64 = 104;

fn dense(template: u64, e: &Embedding, out: &mut Features) {
    out.extend(
        e.iter()
            .enumerate()
            .map(|(d, &v)| (key(template, d as u64), v)),
    );
}

/// The deep heads.
#[derive(Debug, Clone)]
pub struct DeepModels {
    pub sentence: HashedLinear,
    pub verifier: HashedLinear,
    pub techniques: HashedLinear,
    pub article: ArticleModel,
    /// SLC decision threshold on the deep sentence probability.
    pub threshold: f32,
    /// Verifier probability a candidate span needs.
    pub keep: f32,
    /// Extra recall bias of the fast tagger when proposing candidates.
    pub candidate_bias: f32,
    /// Where the spans come from: the one of three decoders that scored best out of fold.
    pub spans: SpanSource,
    /// Weight of the deep technique head against the fast classifier when naming a span
    /// (log-linear mix; 1 is the deep head alone), chosen out of fold.
    pub technique_mix: f32,
    pub info: String,
}

/// How the deep path finds spans. Training scores each out of fold on the same articles and
/// keeps the best.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpanSource {
    /// The fast tagger proposes candidates with extra recall; the verifier keeps the likely.
    Verifier,
    /// The fast decoder exactly as on the fast path (its bias follows the fast sentence
    /// probabilities).
    Fast,
    /// The fast decoder with its bias following the deep sentence probabilities, which are
    /// better at telling which sentences carry a technique; bias and slope refitted on them.
    FastWithDeepSentences { recall_bias: f32, slope: f32 },
}

impl SpanSource {
    fn code(self) -> f32 {
        match self {
            SpanSource::Verifier => 0.0,
            SpanSource::Fast => 1.0,
            SpanSource::FastWithDeepSentences { .. } => 2.0,
        }
    }
}

fn sentence_features(embeddings: &[Embedding], fast: &[f32], s: usize, out: &mut Features) {
    out.clear();
    out.push((key(T_SCALAR, 0), 1.0));
    dense(T_SENTENCE, &embeddings[s], out);
    let mut neighbours = [0f32; DIMENSIONS];
    let mut n = 0f32;
    for j in [s.wrapping_sub(1), s + 1] {
        if let Some(e) = embeddings.get(j) {
            neighbours.iter_mut().zip(e).for_each(|(a, b)| *a += b);
            n += 1.0;
        }
    }
    if n > 0.0 {
        neighbours.iter_mut().for_each(|a| *a /= n);
        dense(T_NEIGHBOURS, &neighbours, out);
    }
    out.push((key(T_SCALAR, 1), logit(fast[s])));
}

fn technique_features(span: &Embedding, sentence: &Embedding, fast: &[f32], out: &mut Features) {
    out.clear();
    out.push((key(T_SCALAR, 10), 1.0));
    dense(T_SPAN, span, out);
    dense(T_SPAN_SENTENCE, sentence, out);
    for (t, &p) in fast.iter().enumerate() {
        out.push((key(T_SCALAR, 20 + t as u64), p.max(1e-4).ln() / 4.0));
    }
}

/// Technique probabilities from the deep head and the fast classifier, mixed log-linearly
/// with `weight` on the deep head and renormalised. The deep head is better on frequent
/// techniques, the fast classifier keeps more of the rare ones.
fn mix_techniques(deep: &[f32], fast: &[f32], weight: f32) -> Vec<f32> {
    let mut out: Vec<f32> = deep
        .iter()
        .zip(fast)
        .map(|(&d, &f)| weight * d.max(1e-6).ln() + (1.0 - weight) * f.max(1e-6).ln())
        .collect();
    let max = out.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    out.iter_mut().for_each(|x| *x = (*x - max).exp());
    let total: f32 = out.iter().sum();
    out.iter_mut().for_each(|x| *x /= total);
    out
}

struct Candidate {
    confidence: f32,
    words: usize,
    fast_sentence: f32,
    deep_sentence: f32,
    fast_technique: f32,
}

fn verifier_features(span: &Embedding, sentence: &Embedding, c: &Candidate, out: &mut Features) {
    out.clear();
    out.push((key(T_SCALAR, 50), 1.0));
    dense(T_SPAN, span, out);
    dense(T_SPAN_SENTENCE, sentence, out);
    out.push((key(T_SCALAR, 51), logit(c.confidence)));
    out.push((key(T_SCALAR, 52), logit(c.fast_sentence)));
    out.push((key(T_SCALAR, 53), logit(c.deep_sentence)));
    out.push((key(T_SCALAR, 54), logit(c.fast_technique)));
    out.push((key(T_SCALAR, 60 + count_bucket(c.words)), 1.0));
}

/// Embeddings with a memory of texts already embedded (training embeds many texts twice).
pub struct EmbeddingCache<'e> {
    embedder: &'e Embedder,
    memory: Mutex<HashMap<u64, Embedding>>,
}

impl<'e> EmbeddingCache<'e> {
    pub fn new(embedder: &'e Embedder) -> Self {
        EmbeddingCache {
            embedder,
            memory: Mutex::new(HashMap::new()),
        }
    }

    pub fn embed<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<Embedding>, AnalyzeError> {
        let keys: Vec<u64> = texts.iter().map(|t| hash_str(t.as_ref())).collect();
        let missing: Vec<usize> = {
            let memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
            let mut seen = BTreeSet::new();
            (0..texts.len())
                .filter(|&i| !memory.contains_key(&keys[i]) && seen.insert(keys[i]))
                .collect()
        };
        if !missing.is_empty() {
            let batch: Vec<&str> = missing.iter().map(|&i| texts[i].as_ref()).collect();
            let embedded = self.embedder.embed(&batch).map_err(embed_error)?;
            let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
            for (&i, e) in missing.iter().zip(embedded) {
                memory.insert(keys[i], e);
            }
        }
        let memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        Ok(keys.iter().map(|k| memory[k]).collect())
    }
}

/// Byte range of each candidate span in the article's text.
fn byte_bounds(p: &Prepared, candidates: &[TaggedSpan]) -> Vec<(usize, usize)> {
    let tokens = &p.doc.tokens;
    candidates
        .iter()
        .map(|c| {
            (
                tokens[c.tokens.start].start as usize,
                tokens[c.tokens.end - 1].end as usize,
            )
        })
        .collect()
}

fn embed_error(e: parallax_embed::EmbedError) -> AnalyzeError {
    AnalyzeError::Training(format!("sentence embeddings: {e}"))
}

/// The deep heads with the sentence encoder they read.
pub struct Deep {
    pub models: DeepModels,
    embedder: Embedder,
}

static BUILTIN_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/propaganda-deep/model.bin"
));

impl Deep {
    /// The shipped heads (embedded in the binary) and the encoder fetched by
    /// `scripts/fetch-models.sh` (under `$PARALLAX_MODELS`).
    pub fn builtin() -> Result<Deep, AnalyzeError> {
        Deep::with_models(DeepModels::from_bytes(
            BUILTIN_BYTES,
            "built-in deep heads",
        )?)
    }

    pub fn with_models(models: DeepModels) -> Result<Deep, AnalyzeError> {
        let embedder = Embedder::from_env().map_err(|e| AnalyzeError::Invalid {
            path: "sentence-embedding model".into(),
            reason: e.to_string(),
        })?;
        Ok(Deep { models, embedder })
    }

    pub fn embedder(&self) -> &Embedder {
        &self.embedder
    }

    /// Analyses a text with the fast models `m` and the deep heads. Errors of the encoder
    /// are returned so the caller can fall back to the fast analysis.
    pub(crate) fn analyze(
        &self,
        m: &FastModels,
        text: &str,
        sentences: &[Range<usize>],
        quotes: &[crate::analyzer::QuoteSpan],
    ) -> Result<Analysis, AnalyzeError> {
        let d = &self.models;
        let p = Prepared::with_clusters(text, sentences, Some(&m.clusters));
        let mut scratch = Features::new();
        let emissions: Vec<Vec<f32>> = (0..p.sentence_count())
            .map(|s| m.tagger.emissions(&p, s, &mut scratch))
            .collect();
        let inside: Vec<f32> = emissions.iter().flat_map(|e| m.tagger.inside(e)).collect();
        let fast = m.sentences.probabilities(&p, Some(&inside));
        let texts: Vec<&str> = p
            .doc
            .sentence_bytes
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        let embeddings = self.embedder.embed(&texts).map_err(embed_error)?;
        let deep: Vec<f32> = (0..texts.len())
            .map(|s| {
                sentence_features(&embeddings, &fast, s, &mut scratch);
                sigmoid(d.sentence.logit(&scratch))
            })
            .collect();
        // Candidates from the fast tagger, gated by the deep sentence probabilities.
        let mut candidates: Vec<TaggedSpan> = Vec::new();
        for (s, e) in emissions.iter().enumerate() {
            let bias = match d.spans {
                SpanSource::Fast => m.tagger.sentence_bias(fast[s]),
                SpanSource::FastWithDeepSentences { recall_bias, slope } => {
                    recall_bias + slope * (deep[s] - 0.5)
                }
                SpanSource::Verifier => m.tagger.sentence_bias(deep[s]) + d.candidate_bias,
            };
            candidates.extend(m.tagger.decode(&p, s, e, bias));
        }
        let bounds = byte_bounds(&p, &candidates);
        let span_texts: Vec<&str> = bounds.iter().map(|&(a, b)| &text[a..b]).collect();
        let span_embeddings = self.embedder.embed(&span_texts).map_err(embed_error)?;
        let mut findings = Vec::new();
        for ((c, &(start, end)), span_e) in candidates.iter().zip(&bounds).zip(&span_embeddings) {
            crate::technique::span_features(&p, c.tokens.clone(), c.sentence, &mut scratch);
            let fast_tech = m.techniques.model.probabilities(&scratch);
            let candidate = Candidate {
                confidence: c.confidence,
                words: c.tokens.len(),
                fast_sentence: fast[c.sentence],
                deep_sentence: deep[c.sentence],
                fast_technique: fast_tech.iter().copied().fold(0.0, f32::max),
            };
            let verified = d.spans == SpanSource::Verifier;
            let keep = if verified {
                verifier_features(span_e, &embeddings[c.sentence], &candidate, &mut scratch);
                sigmoid(d.verifier.logit(&scratch))
            } else {
                c.confidence
            };
            if verified && keep < d.keep {
                continue;
            }
            technique_features(span_e, &embeddings[c.sentence], &fast_tech, &mut scratch);
            let probs = mix_techniques(
                &d.techniques.probabilities(&scratch),
                &fast_tech,
                d.technique_mix,
            );
            let (best, &tp) = probs
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .expect("23 techniques");
            let quote = quote_covering(quotes, start..end);
            findings.push(Finding {
                start,
                end,
                sentence: c.sentence,
                technique: Technique::ALL[best],
                confidence: keep * tp,
                technique_probability: tp,
                reported: quote.is_some(),
                speaker: quote.and_then(|q| q.speaker.clone()),
                cues: p.cue_union(c.tokens.clone()),
            });
        }
        let Voice {
            voiced,
            reported_sentences,
            spans,
        } = Voice::of(sentences, quotes, &findings);
        let evidence = ArticleEvidence::new(
            &p,
            deep.clone(),
            &voiced,
            spans,
            d.threshold,
            d.article.reads_genre().then(|| m.genre.opinion(&p)),
        );
        let cue_density = evidence.cue_density;
        Ok(Analysis {
            article: d.article.probability(&evidence),
            sentences: deep,
            reported_sentences,
            findings,
            evidence,
            threshold: d.threshold,
            cue_density,
        })
    }

    /// Technique probabilities of a span with the deep technique head.
    pub(crate) fn classify_span(
        &self,
        m: &FastModels,
        text: &str,
        sentences: &[Range<usize>],
        start: usize,
        end: usize,
    ) -> Vec<(Technique, f32)> {
        let p = Prepared::with_clusters(text, sentences, Some(&m.clusters));
        let Some((r, s)) = crate::technique::token_range(&p, start, end) else {
            return Vec::new();
        };
        let fast = m.techniques.probabilities(&p, r, s);
        let sentence = &text[p.doc.sentence_bytes[s].clone()];
        let Ok(e) = self.embedder.embed(&[&text[start..end], sentence]) else {
            return Technique::ALL.iter().copied().zip(fast).collect();
        };
        let mut scratch = Features::new();
        technique_features(&e[0], &e[1], &fast, &mut scratch);
        let deep = self.models.techniques.probabilities(&scratch);
        Technique::ALL
            .iter()
            .copied()
            .zip(mix_techniques(&deep, &fast, self.models.technique_mix))
            .collect()
    }
}

impl DeepModels {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ModelWriter::new(KIND, LAYOUT_VERSION);
        w.section("info", self.info.clone().into_bytes(), false);
        for (name, model) in [
            ("sentence", &self.sentence),
            ("verifier", &self.verifier),
            ("techniques", &self.techniques),
        ] {
            let mut b = ByteWriter::new();
            model.write(&mut b);
            w.section(name, b.into_inner(), true);
        }
        let mut b = ByteWriter::new();
        self.article.write(&mut b);
        w.section("article", b.into_inner(), false);
        let mut b = ByteWriter::new();
        b.f32(self.threshold);
        b.f32(self.keep);
        b.f32(self.candidate_bias);
        b.f32(self.spans.code());
        let (recall_bias, slope) = match self.spans {
            SpanSource::FastWithDeepSentences { recall_bias, slope } => (recall_bias, slope),
            _ => (0.0, 0.0),
        };
        b.f32(recall_bias);
        b.f32(slope);
        b.f32(self.technique_mix);
        w.section("settings", b.into_inner(), false);
        w.to_bytes()
    }

    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<DeepModels, AnalyzeError> {
        let wrap = |source| AnalyzeError::Model {
            path: origin.to_string(),
            source,
        };
        let r = ModelReader::parse(bytes).map_err(wrap)?;
        r.expect_kind(KIND, LAYOUT_VERSION).map_err(wrap)?;
        let read = |name: &str| -> Result<HashedLinear, AnalyzeError> {
            HashedLinear::read(&mut r.reader(name).map_err(wrap)?).map_err(wrap)
        };
        let sentence = read("sentence")?;
        let verifier = read("verifier")?;
        let techniques = read("techniques")?;
        if techniques.outputs() != Technique::ALL.len() || sentence.outputs() != 1 {
            return Err(AnalyzeError::Invalid {
                path: origin.into(),
                reason: "heads have the wrong number of outputs".into(),
            });
        }
        let article = ArticleModel::read(&mut r.reader("article").map_err(wrap)?).map_err(wrap)?;
        let mut settings: ByteReader = r.reader("settings").map_err(wrap)?;
        let threshold = settings.f32().map_err(wrap)?;
        let keep = settings.f32().map_err(wrap)?;
        let candidate_bias = settings.f32().map_err(wrap)?;
        let code = settings.f32().map_err(wrap)?;
        let recall_bias = settings.f32().map_err(wrap)?;
        let slope = settings.f32().map_err(wrap)?;
        let technique_mix = settings.f32().map_err(wrap)?;
        let spans = match code as u32 {
            0 => SpanSource::Verifier,
            1 => SpanSource::Fast,
            2 => SpanSource::FastWithDeepSentences { recall_bias, slope },
            other => {
                return Err(AnalyzeError::Invalid {
                    path: origin.into(),
                    reason: format!("unknown span source {other}"),
                })
            }
        };
        let info = String::from_utf8_lossy(r.section("info").map_err(wrap)?).into_owned();
        Ok(DeepModels {
            spans,
            technique_mix,
            sentence,
            verifier,
            techniques,
            article,
            threshold,
            keep,
            candidate_bias,
            info,
        })
    }

    /// Loads `ROOT/propaganda-deep/model.bin`.
    pub fn load(root: &Path) -> Result<DeepModels, AnalyzeError> {
        let path = root.join(DEEP_DIR).join(MODEL_FILE);
        let bytes = std::fs::read(&path).map_err(|e| AnalyzeError::io(&path, e))?;
        DeepModels::from_bytes(&bytes, &path.display().to_string())
    }

    pub fn save(&self, root: &Path) -> Result<(), AnalyzeError> {
        let dir = root.join(DEEP_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| AnalyzeError::io(&dir, e))?;
        let path = dir.join(MODEL_FILE);
        std::fs::write(&path, self.to_bytes()).map_err(|e| AnalyzeError::io(&path, e))
    }
}

/// Deep-training figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeepTraining {
    pub seconds: f64,
    pub embedding_seconds: f64,
    pub embedded_texts: usize,
    pub slc_out_of_fold_f1: f64,
    pub si_out_of_fold_f1: f64,
}

fn head_config(seed: u64, epochs: usize) -> TrainConfig {
    TrainConfig {
        bits: BITS,
        epochs,
        learning_rate: 0.05,
        l2: 1e-5,
        seed,
    }
}

/// Trains the deep heads on the out-of-fold material of a fast training run.
pub fn train(
    fast: &FastModels,
    oof: &OutOfFold,
    data_dir: &Path,
    embedder: &Embedder,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> Result<(DeepModels, DeepTraining), AnalyzeError> {
    let started = Instant::now();
    let cache = EmbeddingCache::new(embedder);
    let embed_seconds = std::cell::Cell::new(0f64);
    let embedded = std::cell::Cell::new(0usize);
    let embed = |texts: &[&str]| -> Result<Vec<Embedding>, AnalyzeError> {
        let t = Instant::now();
        let out = cache.embed(texts)?;
        embed_seconds.set(embed_seconds.get() + t.elapsed().as_secs_f64());
        embedded.set(embedded.get() + texts.len());
        Ok(out)
    };
    let folds = oof.folds;

    // Sentences: NLP4IF training articles, stacked on out-of-fold fast probabilities.
    let mut sentence_embeddings: Vec<Vec<Embedding>> = Vec::new();
    for a in &oof.sentences {
        let texts: Vec<&str> = a.units.iter().map(|u| &a.text[u.clone()]).collect();
        sentence_embeddings.push(embed(&texts)?);
    }
    log(&format!(
        "deep: embedded {} sentences of {} articles in {:.0} s",
        sentence_embeddings.iter().map(Vec::len).sum::<usize>(),
        oof.sentences.len(),
        embed_seconds.get()
    ));
    let sentence_examples = |exclude: Option<usize>| -> Vec<Example> {
        let mut out = Vec::new();
        for (a, e) in oof.sentences.iter().zip(&sentence_embeddings) {
            if Some(a.fold) == exclude {
                continue;
            }
            for (s, &y) in a.labels.iter().enumerate() {
                let mut f = Features::new();
                sentence_features(e, &a.probabilities, s, &mut f);
                out.push(Example {
                    features: f,
                    labels: if y { vec![0] } else { vec![] },
                    weight: 1.0,
                });
            }
        }
        out
    };
    let mut deep_oof: Vec<Vec<f32>> = vec![Vec::new(); oof.sentences.len()];
    for f in 0..folds {
        let model = HashedLinear::train(
            &sentence_examples(Some(f)),
            1,
            Loss::Sigmoid,
            &head_config(seed, 6),
        );
        for (i, (a, e)) in oof.sentences.iter().zip(&sentence_embeddings).enumerate() {
            if a.fold == f {
                let mut scratch = Features::new();
                deep_oof[i] = (0..a.labels.len())
                    .map(|s| {
                        sentence_features(e, &a.probabilities, s, &mut scratch);
                        sigmoid(model.logit(&scratch))
                    })
                    .collect();
            }
        }
    }
    let pairs: Vec<(f32, bool)> = oof
        .sentences
        .iter()
        .zip(&deep_oof)
        .flat_map(|(a, p)| p.iter().copied().zip(a.labels.iter().copied()))
        .collect();
    let threshold = best_f1_threshold(&pairs);
    let slc_f1 = {
        let mut b = crate::measures::Binary::default();
        for &(p, y) in &pairs {
            b.add(y, p >= threshold);
        }
        b.score().f1
    };
    let mut sentence = HashedLinear::train(
        &sentence_examples(None),
        1,
        Loss::Sigmoid,
        &head_config(seed, 6),
    );
    sentence.compact(0.0);
    log(&format!(
        "deep: sentence head, out-of-fold SLC F1 {slc_f1:.4} at threshold {threshold:.3}"
    ));

    // Techniques: every training span, stacked on out-of-fold fast technique probabilities.
    let span_texts: Vec<&str> = oof.spans.iter().map(|s| s.span.as_str()).collect();
    let span_sentences: Vec<&str> = oof.spans.iter().map(|s| s.sentence.as_str()).collect();
    let span_e = embed(&span_texts)?;
    let span_sentence_e = embed(&span_sentences)?;
    let technique_examples: Vec<Example> = oof
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut f = Features::new();
            technique_features(&span_e[i], &span_sentence_e[i], &s.probabilities, &mut f);
            Example {
                features: f,
                labels: vec![Technique::ALL
                    .iter()
                    .position(|t| *t == s.technique)
                    .unwrap_or(0) as u16],
                weight: 1.0,
            }
        })
        .collect();
    let mut techniques = HashedLinear::train(
        &technique_examples,
        Technique::ALL.len(),
        Loss::Softmax,
        &head_config(seed, 8),
    );
    techniques.compact(0.0);
    // The mix with the fast classifier, chosen on out-of-fold probabilities of both: fold
    // heads that did not see a span's article name it, and the mix that does best on the
    // mean of micro- and macro-F1 (frequent and rare techniques alike) is kept.
    let mut deep_technique_oof: Vec<Vec<f32>> = vec![Vec::new(); oof.spans.len()];
    for f in 0..folds {
        let train: Vec<Example> = technique_examples
            .iter()
            .zip(&oof.spans)
            .filter(|(_, s)| s.fold != f)
            .map(|(e, _)| e.clone())
            .collect();
        let model = HashedLinear::train(
            &train,
            Technique::ALL.len(),
            Loss::Softmax,
            &head_config(seed, 8),
        );
        for ((e, s), out) in technique_examples
            .iter()
            .zip(&oof.spans)
            .zip(deep_technique_oof.iter_mut())
        {
            if s.fold == f {
                *out = model.probabilities(&e.features);
            }
        }
    }
    let mut best_mix = (-1.0f64, 1.0f32, 0.0f64, 0.0f64);
    for weight in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
        let labels: Vec<String> = Technique::ALL.iter().map(|t| t.to_string()).collect();
        let mut scores = crate::measures::MultiLabel::new(labels);
        for (s, deep) in oof.spans.iter().zip(&deep_technique_oof) {
            let mixed = mix_techniques(deep, &s.probabilities, weight);
            let best = mixed
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map_or(0, |(i, _)| i);
            scores.add(
                &[s.technique.to_string()],
                &[Technique::ALL[best].to_string()],
            );
        }
        let (micro, macro_f1) = (scores.micro().f1, scores.macro_f1_present());
        if (micro + macro_f1) / 2.0 > best_mix.0 {
            best_mix = ((micro + macro_f1) / 2.0, weight, micro, macro_f1);
        }
    }
    let technique_mix = best_mix.1;
    log(&format!(
        "deep: technique mix {technique_mix} (out of fold: micro-F1 {:.4}, macro-F1 {:.4})",
        best_mix.2, best_mix.3
    ));
    log(&format!(
        "deep: technique head on {} spans",
        oof.spans.len()
    ));

    // Verifier: candidates of the fold taggers on SemEval-2020 training articles whose lines
    // match an NLP4IF article (so out-of-fold sentence probabilities exist).
    let paths = DataPaths::new(data_dir);
    let si = load_semeval2020(&paths.semeval2020, Split::Train)?;
    let by_id: HashMap<&str, usize> = oof
        .sentences
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let candidate_bias = 0.2f32;
    struct Scored {
        article: usize,
        start: usize,
        end: usize,
        features: Features,
        /// Share of the candidate's characters inside gold spans.
        covered: f32,
        fold: usize,
    }
    let mut scored: Vec<Scored> = Vec::new();
    let mut si_docs: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    let mut doc_article: Vec<usize> = Vec::new();
    // Per scored article: its prepared text and fold-tagger emissions, to score the fast
    // decoder on the same articles.
    let mut decodable: Vec<(Prepared, Vec<Vec<f32>>, &SpanTagger)> = Vec::new();
    for a in &si {
        let Some(&i) = by_id.get(a.id.as_str()) else {
            continue;
        };
        let s_oof = &oof.sentences[i];
        let units = non_empty_lines(&a.text);
        if units.len() != s_oof.units.len() {
            continue;
        }
        let p = Prepared::with_clusters(&a.text, &units, Some(&fast.clusters));
        let tagger = &oof.taggers[s_oof.fold];
        let mut scratch = Features::new();
        let mut candidates = Vec::new();
        let mut emissions = Vec::new();
        for (s, &probability) in deep_oof[i].iter().enumerate().take(p.sentence_count()) {
            let e = tagger.emissions(&p, s, &mut scratch);
            let bias = tagger.sentence_bias(probability) + candidate_bias;
            candidates.extend(tagger.decode(&p, s, &e, bias));
            emissions.push(e);
        }
        let bounds = byte_bounds(&p, &candidates);
        let texts: Vec<&str> = bounds.iter().map(|&(x, y)| &a.text[x..y]).collect();
        let e = embed(&texts)?;
        let index = CharIndex::new(&a.text);
        let c = |x: usize| index.char_of(x);
        let doc = si_docs.len();
        si_docs.push((doc, a.plain.iter().map(|&(x, y)| (c(x), c(y))).collect()));
        doc_article.push(i);
        for ((cand, &(x, y)), span_e) in candidates.iter().zip(&bounds).zip(&e) {
            crate::technique::span_features(&p, cand.tokens.clone(), cand.sentence, &mut scratch);
            let fast_tech = fast.techniques.model.probabilities(&scratch);
            let candidate = Candidate {
                confidence: cand.confidence,
                words: cand.tokens.len(),
                fast_sentence: s_oof.probabilities[cand.sentence],
                deep_sentence: deep_oof[i][cand.sentence],
                fast_technique: fast_tech.iter().copied().fold(0.0, f32::max),
            };
            let mut f = Features::new();
            verifier_features(
                span_e,
                &sentence_embeddings[i][cand.sentence],
                &candidate,
                &mut f,
            );
            let covered: usize = a
                .plain
                .iter()
                .map(|&(gs, ge)| y.min(ge).saturating_sub(x.max(gs)))
                .sum();
            scored.push(Scored {
                article: doc,
                start: c(x),
                end: c(y),
                features: f,
                covered: (covered as f32 / (y - x).max(1) as f32).min(1.0),
                fold: s_oof.fold,
            });
        }
        decodable.push((p, emissions, tagger));
    }
    // Soft labels: a candidate is a positive example weighted by the share of it that gold
    // spans cover and a negative one weighted by the rest, which is what it adds to the SI
    // precision.
    let verifier_examples = |exclude: Option<usize>| -> Vec<Example> {
        scored
            .iter()
            .filter(|s| Some(s.fold) != exclude)
            .flat_map(|s| {
                [
                    Example {
                        features: s.features.clone(),
                        labels: vec![0],
                        weight: s.covered,
                    },
                    Example {
                        features: s.features.clone(),
                        labels: vec![],
                        weight: 1.0 - s.covered,
                    },
                ]
            })
            .filter(|e| e.weight > 0.0)
            .collect()
    };
    let mut keep_oof = vec![0f32; scored.len()];
    for f in 0..folds {
        let model = HashedLinear::train(
            &verifier_examples(Some(f)),
            1,
            Loss::Sigmoid,
            &head_config(seed, 6),
        );
        for (k, s) in scored.iter().enumerate() {
            if s.fold == f {
                keep_oof[k] = sigmoid(model.logit(&s.features));
            }
        }
    }
    let mut best = (-1.0f64, 0.5f32);
    for keep in [0.0f32, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] {
        let mut m = SpanOverlap::default();
        for (doc, gold) in &si_docs {
            let predicted: Vec<(usize, usize)> = scored
                .iter()
                .zip(&keep_oof)
                .filter(|(s, &q)| s.article == *doc && q >= keep)
                .map(|(s, _)| (s.start, s.end))
                .collect();
            m.add(gold, &predicted);
        }
        let f1 = m.score().f1;
        if f1 > best.0 {
            best = (f1, keep);
        }
    }
    let (verifier_f1, keep) = best;

    // The fast decoder on the same articles, with its bias following the fast (out-of-fold)
    // sentence probabilities as on the fast path, or the deep ones with bias and slope
    // refitted on them.
    // Returns the SI F1 and the number of spans found in each article.
    let decoded_si = |deep_sentences: bool, recall_bias: f32, slope: f32| -> (f64, Vec<usize>) {
        let mut m = SpanOverlap::default();
        let mut counts = Vec::with_capacity(si_docs.len());
        for (((_, gold), &i), (p, emissions, tagger)) in
            si_docs.iter().zip(&doc_article).zip(&decodable)
        {
            let probabilities = if deep_sentences {
                &deep_oof[i]
            } else {
                &oof.sentences[i].probabilities
            };
            let index = CharIndex::new(p.text);
            let tokens = &p.doc.tokens;
            let mut predicted = Vec::new();
            for (s, e) in emissions.iter().enumerate() {
                let bias = recall_bias + slope * (probabilities[s] - 0.5);
                for span in tagger.decode(p, s, e, bias) {
                    predicted.push((
                        index.char_of(tokens[span.tokens.start].start as usize),
                        index.char_of(tokens[span.tokens.end - 1].end as usize),
                    ));
                }
            }
            counts.push(predicted.len());
            m.add(gold, &predicted);
        }
        (m.score().f1, counts)
    };
    let (fast_f1, _) = decoded_si(false, fast.tagger.recall_bias, fast.tagger.slope);
    let mut deep_decoder = (-1.0f64, 0.0f32, 0.0f32);
    for recall_bias in [0.0f32, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0] {
        for slope in [0.0f32, 1.0, 2.0, 3.0, 4.0] {
            let (f1, _) = decoded_si(true, recall_bias, slope);
            if f1 > deep_decoder.0 {
                deep_decoder = (f1, recall_bias, slope);
            }
        }
    }
    let (spans, si_f1) = [
        (SpanSource::Verifier, verifier_f1),
        (SpanSource::Fast, fast_f1),
        (
            SpanSource::FastWithDeepSentences {
                recall_bias: deep_decoder.1,
                slope: deep_decoder.2,
            },
            deep_decoder.0,
        ),
    ]
    .into_iter()
    .fold((SpanSource::Fast, -1.0), |best, (source, f1)| {
        if f1 > best.1 {
            (source, f1)
        } else {
            best
        }
    });
    log(&format!(
        "deep: out-of-fold SI F1 on {} articles: verifier {verifier_f1:.4}, fast decoder {fast_f1:.4}, \
         fast decoder on deep sentences {:.4} (bias {}, slope {}); spans from {spans:?}",
        si_docs.len(),
        deep_decoder.0,
        deep_decoder.1,
        deep_decoder.2
    ));
    let mut verifier = HashedLinear::train(
        &verifier_examples(None),
        1,
        Loss::Sigmoid,
        &head_config(seed, 6),
    );
    verifier.compact(0.0);
    log(&format!(
        "deep: verifier on {} candidates, keep at {keep}, out-of-fold SI F1 {verifier_f1:.4}",
        scored.len()
    ));

    // Article score on deep sentence probabilities (out of fold), verified spans, genre.
    // Span counts as the chosen source finds them, so the article score trains on what it
    // will read at run time.
    let chosen_counts: Option<Vec<usize>> = match spans {
        SpanSource::Verifier => None,
        SpanSource::Fast => Some(decoded_si(false, fast.tagger.recall_bias, fast.tagger.slope).1),
        SpanSource::FastWithDeepSentences { recall_bias, slope } => {
            Some(decoded_si(true, recall_bias, slope).1)
        }
    };
    let mut verified = vec![0f32; oof.sentences.len()];
    let mut has_doc = vec![false; oof.sentences.len()];
    for (d, (&(doc, _), &i)) in si_docs.iter().zip(&doc_article).enumerate() {
        has_doc[i] = true;
        verified[i] = match &chosen_counts {
            Some(counts) => counts[d] as f32,
            None => scored
                .iter()
                .zip(&keep_oof)
                .filter(|(s, &q)| s.article == doc && q >= keep)
                .count() as f32,
        };
    }
    let mut article_data = Vec::new();
    for (i, a) in oof.sentences.iter().enumerate() {
        let p = Prepared::with_clusters(&a.text, &a.units, Some(&fast.clusters));
        // Articles without SemEval-2020 candidates count their likely sentences instead.
        let spans = if has_doc[i] {
            verified[i]
        } else {
            deep_oof[i].iter().filter(|&&q| q >= threshold).count() as f32
        };
        let evidence = ArticleEvidence::new(
            &p,
            deep_oof[i].clone(),
            &[],
            spans,
            threshold,
            fast.article
                .reads_genre()
                .then(|| oof.genres[a.fold].opinion(&p)),
        );
        article_data.push((evidence, is_propagandistic(&a.labels)));
    }
    let article = ArticleModel::train(&article_data, seed);
    let info = serde_json::json!({
        "models": "parallax propaganda deep heads",
        "encoder": "all-MiniLM-L6-v2 (parallax-embed, int8 ONNX)",
        "seed": seed,
        "fast_models": serde_json::from_str::<serde_json::Value>(&fast.info).ok().and_then(|v| v.get("cross_validation").cloned()),
        "out_of_fold": {"slc_f1": slc_f1, "si_f1": si_f1},
    });
    let training = DeepTraining {
        seconds: started.elapsed().as_secs_f64(),
        embedding_seconds: embed_seconds.get(),
        embedded_texts: embedded.get(),
        slc_out_of_fold_f1: slc_f1,
        si_out_of_fold_f1: si_f1,
    };
    Ok((
        DeepModels {
            sentence,
            verifier,
            techniques,
            article,
            threshold,
            keep,
            candidate_bias,
            spans,
            technique_mix,
            info: info.to_string(),
        },
        training,
    ))
}
