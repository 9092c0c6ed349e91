//! Training the fast path from the shared data, deterministically.
//!
//! 1. Word clusters (Brown) from unlabeled news: training-split articles, FNC-1 bodies,
//!    EUvsDisinfo cases (cached between runs, keyed by their input).
//! 2. The span tagger on SemEval-2020 task-1 spans. Five fold taggers (folds by article id)
//!    give honest inside-probabilities for the training articles; their temperature is fitted
//!    on those.
//! 3. The sentence classifier on NLP4IF-2019 sentence labels (plus lines of the other
//!    training-split articles, labelled by gold-span overlap), reading the fold taggers'
//!    inside-probabilities; it returns out-of-fold sentence probabilities and picks the SLC
//!    threshold that maximises out-of-fold F1 on NLP4IF.
//! 4. The span decoder's recall bias and its dependence on the sentence probability, chosen to
//!    maximise out-of-fold SI F1.
//! 5. The technique classifier on SemEval-2020 task-2 and SemEval-2023 subtask-3 spans.
//! 6. The article score on out-of-fold article summaries (see [`crate::article_score`]).
//!
//! Only the training split is read ([`crate::data::is_dev`] keeps the development articles
//! out of every step, including the word clusters).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_core::{CharIndex, Technique};
use parallax_learn::brown::{BrownClusters, BrownConfig};
use parallax_learn::format::{ByteReader, ByteWriter};
use parallax_learn::hashing::{hash_str, mix64};
use rayon::prelude::*;

use crate::article_score::{is_propagandistic, ArticleEvidence, ArticleModel, GENRE_MIN_AUC};
use crate::clusters::WordClusters;
use crate::data::{
    fold_of, load_genres, load_nlp4if, load_semeval2020, load_semeval2023, DataPaths, LineArticle,
    SpanArticle, Split,
};
use crate::error::AnalyzeError;
use crate::features::Prepared;
use crate::genre::GenreModel;
use crate::linear::TrainConfig;
use crate::measures::{Prf, SpanOverlap};
use crate::model::FastModels;
use crate::sentence::{LabeledSentences, SentenceConfig, SentenceModel};
use crate::tagger::{token_labels, SpanTagger};
use crate::technique::{token_range, TechniqueModel};
use crate::text::split_sentences;

/// Everything that determines the trained models.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The shared `data` folder.
    pub data_dir: PathBuf,
    pub seed: u64,
    pub folds: usize,
    /// Hash-table size (bits) of the feature tables.
    pub bits: u32,
    pub tagger_epochs: usize,
    /// Perceptrons averaged into the tagger (consecutive seeds).
    pub tagger_restarts: usize,
    pub sentence_epochs: usize,
    pub sentence_learning_rate: f32,
    pub sentence_l2: f32,
    pub technique_epochs: usize,
    pub technique_learning_rate: f32,
    /// Hash-table size (bits) of the technique classifier (23 outputs per row).
    pub technique_bits: u32,
    pub brown: BrownConfig,
    /// Tagger rows whose weights are all below this are dropped from the shipped model.
    pub tagger_prune: f32,
    /// Logistic-regression weights below this are dropped from the shipped models.
    pub linear_prune: f32,
    /// Where word clusters may be cached between runs; `None` recomputes them.
    pub cache_dir: Option<PathBuf>,
    /// Keep fold models and out-of-fold outputs for the deep path ([`OutOfFold`]).
    pub keep_out_of_fold: bool,
}

impl TrainOptions {
    pub fn new(data_dir: PathBuf) -> Self {
        TrainOptions {
            data_dir,
            seed: 2019,
            folds: 5,
            bits: 20,
            tagger_epochs: 10,
            tagger_restarts: 3,
            sentence_epochs: 8,
            sentence_learning_rate: 0.1,
            sentence_l2: 1e-4,
            technique_epochs: 20,
            technique_learning_rate: 0.05,
            technique_bits: 18,
            brown: BrownConfig {
                clusters: 256,
                min_count: 3,
                max_words: 40_000,
            },
            tagger_prune: 0.01,
            linear_prune: 0.005,
            cache_dir: None,
            keep_out_of_fold: false,
        }
    }
}

/// Cross-validation figures on the training split (out-of-fold).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CrossValidation {
    pub slc_f1: f64,
    pub si: Prf,
    pub temperature: f32,
    pub recall_bias: f32,
    pub slope: f32,
    pub threshold: f32,
    pub article_ground_truth_positive: usize,
    pub articles: usize,
}

/// The trained models and how training went.
pub struct TrainOutcome {
    pub models: FastModels,
    pub cv: CrossValidation,
    pub seconds: f64,
    /// Out-of-fold material for training the deep path on top (when asked for).
    pub out_of_fold: Option<OutOfFold>,
}

/// What the deep path's heads train on: fold models and out-of-fold fast-path outputs.
pub struct OutOfFold {
    pub folds: usize,
    /// Span taggers that each did not see one fold (normalised, with the fitted temperature).
    pub taggers: Vec<SpanTagger>,
    pub genres: Vec<GenreModel>,
    pub sentences: Vec<SentenceOof>,
    pub spans: Vec<SpanOof>,
}

/// An NLP4IF-2019 training article with out-of-fold fast sentence probabilities.
pub struct SentenceOof {
    pub id: String,
    pub text: String,
    pub units: Vec<Range<usize>>,
    pub labels: Vec<bool>,
    pub probabilities: Vec<f32>,
    pub fold: usize,
}

/// A technique training span with out-of-fold fast technique probabilities.
pub struct SpanOof {
    pub fold: usize,
    pub span: String,
    pub sentence: String,
    pub technique: Technique,
    pub probabilities: Vec<f32>,
}

/// Byte ranges of the non-empty lines of a text (the sentence units of the 2019/2020 sets).
pub fn non_empty_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push(start..start + line.len());
        }
        start += line.len() + 1;
    }
    out
}

/// Sentence units and labels of an NLP4IF article (non-empty lines).
pub fn slc_units(a: &LineArticle) -> (Vec<Range<usize>>, Vec<bool>) {
    let keep: Vec<usize> = (0..a.lines.len())
        .filter(|&i| !a.text[a.lines[i].clone()].trim().is_empty())
        .collect();
    (
        keep.iter().map(|&i| a.lines[i].clone()).collect(),
        keep.iter().map(|&i| a.labels[i]).collect(),
    )
}

fn clusters(o: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<WordClusters, AnalyzeError> {
    let unlabeled = crate::unlabeled::read(&o.data_dir)?;
    for s in &unlabeled.sources {
        log(&format!("unlabeled: {s}"));
    }
    let tokens: usize = unlabeled.sentences.iter().map(Vec::len).sum();
    log(&format!(
        "unlabeled: {} sentences, {tokens} tokens",
        unlabeled.sentences.len()
    ));
    // Cache key: the clustering settings and every input word.
    let mut key = mix64(o.brown.clusters as u64 ^ (o.brown.min_count as u64) << 32)
        ^ o.brown.max_words as u64;
    for s in &unlabeled.sentences {
        for w in s {
            key = mix64(key ^ hash_str(w));
        }
        key = mix64(key ^ 0x0a);
    }
    let cache = o
        .cache_dir
        .as_ref()
        .map(|d| d.join(format!("clusters-{key:016x}.bin")));
    if let Some(path) = &cache {
        if let Ok(bytes) = std::fs::read(path) {
            if let Ok(brown) = BrownClusters::read(&mut ByteReader::new(&bytes)) {
                log(&format!("clusters: cached {}", path.display()));
                return Ok(WordClusters::from_brown(&brown));
            }
        }
    }
    let started = Instant::now();
    let brown = BrownClusters::train(&unlabeled.sentences, &o.brown);
    log(&format!(
        "clusters: {} words in {:.0} s",
        brown.len(),
        started.elapsed().as_secs_f64()
    ));
    if let Some(path) = &cache {
        let mut w = ByteWriter::new();
        brown.write(&mut w);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // A failed cache write only costs time next run.
        let _ = std::fs::write(path, w.into_inner());
    }
    Ok(WordClusters::from_brown(&brown))
}

/// Chooses the marginal temperature that maximises the likelihood of the gold inside flags.
fn fit_temperature(tagger: &[&SpanTagger], docs: &[(&Prepared, &[bool], usize)]) -> f32 {
    let mut scratch = Vec::new();
    let emissions: Vec<Vec<(Vec<f32>, Range<usize>)>> = docs
        .iter()
        .map(|(p, _, fold)| {
            (0..p.sentence_count())
                .map(|s| {
                    (
                        tagger[*fold].emissions(p, s, &mut scratch),
                        p.doc.sentences[s].clone(),
                    )
                })
                .collect()
        })
        .collect();
    let mut best = (f64::NEG_INFINITY, 1.0f32);
    for t in [0.25f32, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0] {
        let mut ll = 0f64;
        for ((_, inside, fold), sentences) in docs.iter().zip(&emissions) {
            let mut m = tagger[*fold].clone();
            m.temperature = t;
            for (e, range) in sentences {
                for (q, &y) in m.inside(e).iter().zip(&inside[range.clone()]) {
                    let q = q.clamp(1e-6, 1.0 - 1e-6) as f64;
                    ll += if y { q.ln() } else { (1.0 - q).ln() };
                }
            }
        }
        if ll > best.0 {
            best = (ll, t);
        }
    }
    best.1
}

/// SI score of decoding `docs` with a bias rule, using each document's fold tagger.
fn si_score(
    taggers: &[SpanTagger],
    docs: &[(&Prepared, &SpanArticle, usize, &[f32])],
    emissions: &[Vec<Vec<f32>>],
    bias: f32,
    slope: f32,
) -> SpanOverlap {
    let mut m = SpanOverlap::default();
    for ((p, a, fold, sentence_probs), e) in docs.iter().zip(emissions) {
        let tagger = &taggers[*fold];
        let index = CharIndex::new(&a.text);
        let c = |x: usize| index.char_of(x);
        let gold: Vec<(usize, usize)> = a.plain.iter().map(|&(s, e)| (c(s), c(e))).collect();
        let mut predicted = Vec::new();
        for (s, es) in e.iter().enumerate() {
            let b = bias + slope * (sentence_probs[s] - 0.5);
            for span in tagger.decode(p, s, es, b) {
                let t = &p.doc.tokens;
                predicted.push((
                    c(t[span.tokens.start].start as usize),
                    c(t[span.tokens.end - 1].end as usize),
                ));
            }
        }
        m.add(&gold, &predicted);
    }
    m
}

/// Trains every fast-path model; `log` receives progress lines.
pub fn train(o: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<TrainOutcome, AnalyzeError> {
    let started = Instant::now();
    let paths = DataPaths::new(&o.data_dir);
    let slc = load_nlp4if(&paths.nlp4if, Split::Train)?;
    let si = load_semeval2020(&paths.semeval2020, Split::Train)?;
    let mut s23 = load_semeval2023(&paths.semeval2023, Split::Train)?;
    // Paragraph-level gold says which techniques a paragraph uses, not where: no span or
    // sentence labels follow from it, so training reads span gold only.
    let paragraph_level = s23.iter().filter(|a| a.paragraphs.is_some()).count();
    if paragraph_level > 0 {
        s23.retain(|a| a.paragraphs.is_none());
        log(&format!(
            "SemEval-2023: {paragraph_level} articles with paragraph-level gold only, not trained on"
        ));
    }
    if slc.is_empty() || si.is_empty() {
        return Err(AnalyzeError::Training(format!(
            "no training articles under {}",
            o.data_dir.join("propaganda").display()
        )));
    }
    log(&format!(
        "training split: {} NLP4IF-2019, {} SemEval-2020, {} SemEval-2023 articles",
        slc.len(),
        si.len(),
        s23.len()
    ));
    let clusters = clusters(o, log)?;
    let folds = o.folds.max(2);

    // 2. Span tagger: fold taggers, temperature.
    let si_p: Vec<Prepared> = si
        .iter()
        .map(|a| Prepared::with_clusters(&a.text, &non_empty_lines(&a.text), Some(&clusters)))
        .collect();
    let si_inside: Vec<Vec<bool>> = si
        .iter()
        .zip(&si_p)
        .map(|(a, p)| token_labels(p, &a.plain))
        .collect();
    let si_fold: Vec<usize> = si.iter().map(|a| fold_of(&a.id, folds)).collect();
    let restarts: Vec<u64> = (0..o.tagger_restarts.max(1) as u64)
        .map(|i| o.seed + i)
        .collect();
    let train_tagger = |exclude: Option<usize>| {
        let set: Vec<(&Prepared, &[bool])> = (0..si.len())
            .filter(|&i| Some(si_fold[i]) != exclude)
            .map(|i| (&si_p[i], si_inside[i].as_slice()))
            .collect();
        let mut tagger = SpanTagger::train(&set, o.bits, o.tagger_epochs, &restarts);
        let sample: Vec<&Prepared> = set.iter().map(|(p, _)| *p).collect();
        tagger.normalize_scale(&sample);
        tagger
    };
    let t = Instant::now();
    let mut fold_taggers: Vec<SpanTagger> = (0..folds)
        .into_par_iter()
        .map(|f| train_tagger(Some(f)))
        .collect();
    log(&format!(
        "tagger: {folds} fold taggers in {:.0} s",
        t.elapsed().as_secs_f64()
    ));
    let temperature = {
        let refs: Vec<&SpanTagger> = fold_taggers.iter().collect();
        let docs: Vec<(&Prepared, &[bool], usize)> = (0..si.len())
            .map(|i| (&si_p[i], si_inside[i].as_slice(), si_fold[i]))
            .collect();
        fit_temperature(&refs, &docs)
    };
    for t in &mut fold_taggers {
        t.temperature = temperature;
    }
    log(&format!("tagger: marginal temperature {temperature}"));

    // 3. Sentence classifier.
    let slc_units: Vec<(Vec<Range<usize>>, Vec<bool>)> = slc.iter().map(slc_units).collect();
    let mut slc_fold: Vec<usize> = slc.iter().map(|a| fold_of(&a.id, folds)).collect();
    let mut labeled: Vec<LabeledSentences> = slc
        .iter()
        .zip(&slc_units)
        .zip(&slc_fold)
        .map(|((a, (units, labels)), &f)| {
            let prepared = Prepared::with_clusters(&a.text, units, Some(&clusters));
            let phrase = fold_taggers[f].inside_probabilities(&prepared);
            LabeledSentences {
                prepared,
                labels: labels.clone(),
                phrase: Some(phrase),
            }
        })
        .collect();
    // More sentences, labelled the way NLP4IF-2019 labelled its own (a line is propaganda
    // when a gold span overlaps it): training-split SemEval-2020 articles outside NLP4IF, then
    // SemEval-2023 articles outside both. Out-of-fold figures stay on NLP4IF alone.
    let slc_articles = labeled.len();
    let mut seen: std::collections::HashSet<&str> = slc.iter().map(|a| a.id.as_str()).collect();
    // (id, text, gold spans)
    type SpanLabelled<'a> = (&'a str, &'a str, Vec<(usize, usize)>);
    let extra: Vec<SpanLabelled> = si
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str(), a.plain.clone()))
        .chain(s23.iter().map(|a| {
            let spans = a.spans.iter().map(|s| (s.start, s.end)).collect();
            (a.id.as_str(), a.text.as_str(), spans)
        }))
        .collect();
    // The article ground truth of these articles, as `eval propaganda` states it: over split
    // sentences, with the SemEval-2023 spans where the article has them.
    let s23_spans: HashMap<&str, Vec<(usize, usize)>> = s23
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.spans.iter().map(|s| (s.start, s.end)).collect(),
            )
        })
        .collect();
    let mut extra_truth: Vec<bool> = Vec::new();
    for (id, text, spans) in extra {
        if !seen.insert(id) {
            continue;
        }
        let truth_spans = s23_spans.get(id).unwrap_or(&spans);
        let sentence_labels: Vec<bool> = split_sentences(text)
            .iter()
            .map(|u| truth_spans.iter().any(|&(x, y)| x < u.end && u.start < y))
            .collect();
        extra_truth.push(is_propagandistic(&sentence_labels));
        let units = non_empty_lines(text);
        let labels = units
            .iter()
            .map(|u| spans.iter().any(|&(x, y)| x < u.end && u.start < y))
            .collect();
        let f = fold_of(id, folds);
        let prepared = Prepared::with_clusters(text, &units, Some(&clusters));
        let phrase = fold_taggers[f].inside_probabilities(&prepared);
        labeled.push(LabeledSentences {
            prepared,
            labels,
            phrase: Some(phrase),
        });
        slc_fold.push(f);
    }
    log(&format!(
        "sentences: {slc_articles} NLP4IF-2019 articles and {} more from span labels",
        labeled.len() - slc_articles
    ));
    let config = SentenceConfig {
        linear: TrainConfig {
            bits: o.bits,
            epochs: o.sentence_epochs,
            learning_rate: o.sentence_learning_rate,
            l2: o.sentence_l2,
            seed: o.seed,
        },
        folds,
        positive_weight: 1.0,
    };
    let t = Instant::now();
    let (sentences, slc_oof) = SentenceModel::train(&labeled, &slc_fold, &config);
    let mut slc_counts = crate::measures::Binary::default();
    for (a, probs) in labeled.iter().zip(&slc_oof).take(slc_articles) {
        for (&p, &y) in probs.iter().zip(&a.labels) {
            slc_counts.add(y, p >= sentences.threshold);
        }
    }
    log(&format!(
        "sentences: trained in {:.0} s; threshold {:.3}, out-of-fold SLC F1 {:.4}",
        t.elapsed().as_secs_f64(),
        sentences.threshold,
        slc_counts.score().f1
    ));

    // 4. Decoder bias, on SemEval-2020 articles whose lines match an NLP4IF article.
    let oof_by_id: HashMap<&str, &Vec<f32>> = slc
        .iter()
        .zip(&slc_oof)
        .map(|(a, p)| (a.id.as_str(), p))
        .collect();
    let tune_docs: Vec<(&Prepared, &SpanArticle, usize, &[f32])> = (0..si.len())
        .filter_map(|i| {
            let probs = oof_by_id.get(si[i].id.as_str())?;
            (probs.len() == si_p[i].sentence_count())
                .then(|| (&si_p[i], &si[i], si_fold[i], probs.as_slice()))
        })
        .collect();
    let tune_emissions: Vec<Vec<Vec<f32>>> = tune_docs
        .par_iter()
        .map(|(p, _, fold, _)| {
            let mut scratch = Vec::new();
            (0..p.sentence_count())
                .map(|s| fold_taggers[*fold].emissions(p, s, &mut scratch))
                .collect()
        })
        .collect();
    // Biases in units of the (normalised) margin spread.
    let grid: Vec<(f32, f32)> = [0.0f32, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0]
        .iter()
        .flat_map(|&b| [0.0f32, 1.0, 2.0, 3.0, 4.0].map(|s| (b, s)))
        .collect();
    let scores: Vec<(f32, f32, SpanOverlap)> = grid
        .par_iter()
        .map(|&(b, s)| {
            (
                b,
                s,
                si_score(&fold_taggers, &tune_docs, &tune_emissions, b, s),
            )
        })
        .collect();
    let (recall_bias, slope, best_si) = scores
        .into_iter()
        .max_by(|a, b| a.2.score().f1.total_cmp(&b.2.score().f1))
        .expect("non-empty grid");
    log(&format!(
        "decoder: recall bias {recall_bias}, slope {slope}; out-of-fold SI F1 {:.4} on {} articles ({} spans predicted for {} gold)",
        best_si.score().f1,
        tune_docs.len(),
        best_si.predicted(),
        best_si.gold()
    ));

    // The shipped tagger: all training articles.
    let t = Instant::now();
    let mut tagger = train_tagger(None);
    tagger.temperature = temperature;
    tagger.recall_bias = recall_bias;
    tagger.slope = slope;
    log(&format!(
        "tagger: trained in {:.0} s",
        t.elapsed().as_secs_f64()
    ));

    // 5. Technique classifier: SemEval-2020 task-2 and SemEval-2023 spans.
    let s23_p: Vec<Prepared> = s23
        .iter()
        .map(|a| Prepared::with_clusters(&a.text, &split_sentences(&a.text), Some(&clusters)))
        .collect();
    let mut technique_spans = Vec::new();
    for (a, p) in si.iter().zip(&si_p).chain(s23.iter().zip(&s23_p)) {
        for s in &a.spans {
            let Ok(t) = s.technique.parse::<Technique>() else {
                continue;
            };
            if let Some((r, sentence)) = token_range(p, s.start, s.end) {
                technique_spans.push((p, r, sentence, t));
            }
        }
    }
    let t = Instant::now();
    let technique_config = TrainConfig {
        bits: o.technique_bits,
        epochs: o.technique_epochs,
        learning_rate: o.technique_learning_rate,
        l2: 1e-5,
        seed: o.seed,
    };
    let techniques =
        TechniqueModel::train(&technique_spans, Technique::ALL.to_vec(), &technique_config);
    // For the deep path: every training span with probabilities from a fold model that did
    // not see its article.
    let span_ids: Vec<&str> = si
        .iter()
        .zip(&si_p)
        .chain(s23.iter().zip(&s23_p))
        .flat_map(|(a, p)| {
            a.spans.iter().filter_map(move |s| {
                s.technique.parse::<Technique>().ok()?;
                token_range(p, s.start, s.end)?;
                Some(a.id.as_str())
            })
        })
        .collect();
    let span_oof: Vec<SpanOof> = if o.keep_out_of_fold {
        let span_fold: Vec<usize> = span_ids.iter().map(|id| fold_of(id, folds)).collect();
        let fold_models: Vec<TechniqueModel> = (0..folds)
            .into_par_iter()
            .map(|f| {
                let set: Vec<_> = technique_spans
                    .iter()
                    .zip(&span_fold)
                    .filter(|(_, &g)| g != f)
                    .map(|(x, _)| x.clone())
                    .collect();
                TechniqueModel::train(&set, Technique::ALL.to_vec(), &technique_config)
            })
            .collect();
        technique_spans
            .iter()
            .zip(&span_fold)
            .map(|((p, r, s, t), &f)| {
                let tokens = &p.doc.tokens;
                let span = &p.text[tokens[r.start].start as usize..tokens[r.end - 1].end as usize];
                let sentence = &p.text[p.doc.sentence_bytes[*s].clone()];
                SpanOof {
                    fold: f,
                    span: span.to_string(),
                    sentence: sentence.to_string(),
                    technique: *t,
                    probabilities: fold_models[f].probabilities(p, r.clone(), *s),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    log(&format!(
        "techniques: {} spans, trained in {:.0} s",
        technique_spans.len(),
        t.elapsed().as_secs_f64()
    ));

    // 6. Genre (opinion or reporting) from the SemEval-2023 subtask-1 labels: fold models give
    // honest opinion probabilities for the article score's training articles.
    let genres = load_genres(&paths.semeval2023)?;
    let genre_data: Vec<(&Prepared, bool, usize)> = s23
        .iter()
        .zip(&s23_p)
        .filter_map(|(a, p)| {
            let label = genres.get(&a.id)?;
            Some((p, label != "reporting", fold_of(&a.id, folds)))
        })
        .collect();
    let train_genre = |exclude: Option<usize>| {
        let set: Vec<(&Prepared, bool)> = genre_data
            .iter()
            .filter(|d| Some(d.2) != exclude)
            .map(|d| (d.0, d.1))
            .collect();
        GenreModel::train(&set, o.seed)
    };
    let fold_genres: Vec<GenreModel> = (0..folds).map(|f| train_genre(Some(f))).collect();
    let genre = train_genre(None);
    let genre_oof: Vec<(f64, bool)> = genre_data
        .iter()
        .map(|d| (fold_genres[d.2].opinion(d.0) as f64, d.1))
        .collect();
    let genre_auc = crate::measures::roc_auc(&genre_oof);
    let reads_genre = genre_auc >= GENRE_MIN_AUC;
    log(&format!(
        "genre: {} articles with subtask-1 labels ({} reporting); out-of-fold ROC AUC {:.3}; {}",
        genre_data.len(),
        genre_data.iter().filter(|d| !d.1).count(),
        genre_auc,
        if reads_genre {
            "the article score reads it"
        } else {
            "below the bar, so the article score leaves it out"
        }
    ));

    // 7. Article score, on every sentence-training article (NLP4IF and the span-labelled ones
    // outside it) with out-of-fold sentence probabilities, fold-tagger spans and fold genre
    // models: the final sentence model and tagger have seen all of these articles, so their
    // probabilities here would be overconfident and the score would learn to trust them too
    // much.
    let mut article_data: Vec<(ArticleEvidence, bool)> = Vec::new();
    let truth = labeled
        .iter()
        .take(slc_articles)
        .map(|a| is_propagandistic(&a.labels))
        .chain(extra_truth);
    for (((a, p), fold), truth) in labeled.iter().zip(&slc_oof).zip(&slc_fold).zip(truth) {
        let tagger = &fold_taggers[*fold];
        let mut scratch = Vec::new();
        let mut spans = 0f32;
        for (s, &q) in p.iter().enumerate() {
            let e = tagger.emissions(&a.prepared, s, &mut scratch);
            spans += tagger
                .decode(&a.prepared, s, &e, recall_bias + slope * (q - 0.5))
                .len() as f32;
        }
        let opinion = reads_genre.then(|| fold_genres[*fold].opinion(&a.prepared));
        let evidence = ArticleEvidence::new(
            &a.prepared,
            p.clone(),
            &[],
            spans,
            sentences.threshold,
            opinion,
        );
        article_data.push((evidence, truth));
    }
    let article = ArticleModel::train(&article_data, o.seed);
    let positive = article_data.iter().filter(|(_, y)| *y).count();
    log(&format!(
        "article score: {} articles, {positive} propagandistic by the ground-truth rule",
        article_data.len()
    ));

    // Shipped form: pruned, quantised.
    tagger.compact(o.tagger_prune);
    let mut sentences = sentences;
    sentences.base.compact(o.linear_prune);
    sentences.context.compact(o.linear_prune);
    let mut techniques = techniques;
    techniques.model.compact(o.linear_prune);

    let mut ids: Vec<&str> = slc
        .iter()
        .map(|a| a.id.as_str())
        .chain(si.iter().map(|a| a.id.as_str()))
        .chain(s23.iter().map(|a| a.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let cv = CrossValidation {
        slc_f1: slc_counts.score().f1,
        si: best_si.score(),
        temperature,
        recall_bias,
        slope,
        threshold: sentences.threshold,
        article_ground_truth_positive: positive,
        articles: article_data.len(),
    };
    let info = serde_json::json!({
        "models": "parallax propaganda fast path",
        "data": {
            "nlp4if2019": slc.len(),
            "semeval2020": si.len(),
            "semeval2023": s23.len(),
            "split": "training split: articles whose id is not in the development fifth (parallax_analyze::data::is_dev)",
        },
        "seed": o.seed,
        "settings": {
            "folds": folds,
            "bits": o.bits,
            "tagger_epochs": o.tagger_epochs,
            "tagger_restarts": o.tagger_restarts,
            "sentence_epochs": o.sentence_epochs,
            "sentence_learning_rate": o.sentence_learning_rate,
            "sentence_l2": o.sentence_l2,
            "technique_epochs": o.technique_epochs,
            "technique_learning_rate": o.technique_learning_rate,
            "technique_bits": o.technique_bits,
            "brown_clusters": o.brown.clusters,
            "tagger_prune": o.tagger_prune,
            "linear_prune": o.linear_prune,
        },
        "cross_validation": cv,
        "training_article_ids": ids,
    });
    let models = FastModels {
        clusters,
        tagger,
        sentences,
        article,
        genre,
        techniques,
        info: info.to_string(),
    };
    let out_of_fold = o.keep_out_of_fold.then(|| OutOfFold {
        folds,
        taggers: fold_taggers,
        genres: fold_genres,
        sentences: slc
            .iter()
            .zip(&slc_units)
            .zip(slc_oof)
            .zip(&slc_fold)
            .map(
                |(((a, (units, labels)), probabilities), &fold)| SentenceOof {
                    id: a.id.clone(),
                    text: a.text.clone(),
                    units: units.clone(),
                    labels: labels.clone(),
                    probabilities,
                    fold,
                },
            )
            .collect(),
        spans: span_oof,
    });
    Ok(TrainOutcome {
        models,
        cv,
        seconds: started.elapsed().as_secs_f64(),
        out_of_fold,
    })
}

/// Where training caches word clusters by default: `~/.cache/parallax/propaganda`.
pub fn default_cache_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/parallax/propaganda"))
}
