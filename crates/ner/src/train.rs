//! Training the recogniser from CoNLL-2003 and unlabeled news text, deterministically.
//!
//! 1. Word resources from unlabeled text (Brown clusters, capitalisation prior) and the
//!    training names (gazetteer).
//! 2. Stage one: a structured perceptron over local and document-casing features. Its
//!    predictions for the training documents come from jackknifed models (each fold tagged
//!    by a model that did not see it), so stage two learns from realistic first-stage errors.
//! 3. Stage two: the same features plus how stage one labelled each word elsewhere in the
//!    document.
//! 4. Rows with tiny weights are pruned, weights quantised to 8 bits, and a temperature for
//!    confidences is fitted on the dev set.

use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_core::EntityType;
use parallax_learn::brown::{BrownClusters, BrownConfig};
use parallax_learn::features::FeatureIndex;
use parallax_learn::format::{ByteReader, ByteWriter};
use parallax_learn::hashing::FeatureKey;
use parallax_learn::rng::SplitMix64;
use parallax_learn::sequence::{DecodeScratch, Sequence, SequenceModel, TrainConfig};
use rayon::prelude::*;

use crate::conll::{read_file, LabeledDocument};
use crate::corpus::read_unlabeled;
use crate::error::NerError;
use crate::evaluate::{evaluate, Evaluation};
use crate::features::{add_stage_one_features, document_features, stage_one_votes, Resources};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{normalize, CasingLexicon, Clusters};
use crate::model::NerModel;
use crate::tags::{self, Tag, TAG_COUNT};
use parallax_learn::tagger::HashedTagger;

/// Everything that determines the trained model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The shared `data` folder (holding `ner/conll2003/` and the unlabeled sources).
    pub data_dir: PathBuf,
    pub seed: u64,
    pub epochs: usize,
    /// Perceptrons trained per model (consecutive seeds) and averaged.
    pub restarts: usize,
    /// Folds for jackknifed gazetteer features and stage-one predictions.
    pub folds: usize,
    /// Features seen fewer times in training are dropped.
    pub min_feature_count: u32,
    pub brown: BrownConfig,
    /// Rows whose largest |weight| is below this are pruned from the shipped model.
    pub prune_threshold: f32,
    /// Where Brown clusters may be cached between runs (they depend only on the data and
    /// `brown`); `None` recomputes them.
    pub cache_dir: Option<PathBuf>,
}

impl TrainOptions {
    pub fn new(data_dir: PathBuf) -> Self {
        TrainOptions {
            data_dir,
            seed: 2003,
            epochs: 12,
            restarts: 3,
            folds: 5,
            min_feature_count: 1,
            brown: BrownConfig {
                clusters: 256,
                min_count: 3,
                max_words: 40_000,
            },
            prune_threshold: 0.5,
            cache_dir: None,
        }
    }

    pub fn train_file(&self) -> PathBuf {
        self.data_dir.join("ner/conll2003/train.txt")
    }

    pub fn dev_file(&self) -> PathBuf {
        self.data_dir.join("ner/conll2003/dev.txt")
    }
}

/// The trained model and how it did.
pub struct TrainOutcome {
    pub model: NerModel,
    pub dev: Evaluation,
    pub seconds: f64,
}

/// Trains the model; `log` receives progress lines.
pub fn train(options: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<TrainOutcome, NerError> {
    let started = Instant::now();
    let train_docs = read_file(&options.train_file())?;
    let dev_docs = read_file(&options.dev_file())?;
    if train_docs.is_empty() {
        return Err(NerError::Training(format!(
            "{} has no sentences",
            options.train_file().display()
        )));
    }
    log(&format!(
        "train: {} documents, {} tokens; dev: {} documents, {} tokens",
        train_docs.len(),
        train_docs.iter().map(|d| d.token_count()).sum::<usize>(),
        dev_docs.len(),
        dev_docs.iter().map(|d| d.token_count()).sum::<usize>()
    ));

    let unlabeled = read_unlabeled(&options.data_dir)?;
    for s in &unlabeled.sources {
        log(&format!("unlabeled: {s}"));
    }
    let mut outcome = train_documents(&train_docs, &dev_docs, unlabeled.sentences, options, log)?;
    outcome.seconds = started.elapsed().as_secs_f64();
    Ok(outcome)
}

/// Trains from documents in memory: `unlabeled` sentences feed the word clusters and the
/// capitalisation prior (the training words are added to them); `dev` fits the confidence
/// temperature and is scored.
pub fn train_documents(
    train_docs: &[LabeledDocument],
    dev_docs: &[LabeledDocument],
    unlabeled: Vec<Vec<String>>,
    options: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<TrainOutcome, NerError> {
    let started = Instant::now();
    if train_docs.is_empty() {
        return Err(NerError::Training("no training documents".into()));
    }
    // 1. Word resources.
    let mut sentences: Vec<Vec<String>> = unlabeled;
    for doc in train_docs {
        for s in &doc.sentences {
            sentences.push(s.words.clone());
        }
    }
    log(&format!(
        "unlabeled text: {} sentences, {} tokens (with the CoNLL training text)",
        sentences.len(),
        sentences.iter().map(Vec::len).sum::<usize>()
    ));
    let casing = CasingLexicon::build(&sentences);
    let clusters = brown_clusters(&sentences, options, log)?;
    drop(sentences);
    log(&format!(
        "clusters: {} words; casing prior: {} words",
        clusters.len(),
        casing.len()
    ));

    let mut rng = SplitMix64::new(options.seed);
    let mut order: Vec<usize> = (0..train_docs.len()).collect();
    rng.shuffle(&mut order);
    let folds = options.folds.max(2);
    let mut fold_of = vec![0usize; train_docs.len()];
    for (position, &doc) in order.iter().enumerate() {
        fold_of[doc] = position % folds;
    }
    let full_gazetteer = gazetteer(train_docs.iter());
    let base = Resources {
        clusters: Clusters { brown: clusters },
        casing,
        gazetteer: Gazetteer::new(),
    };

    // Base features of every training document, with the gazetteer of the other folds.
    let fold_resources: Vec<Resources> = (0..folds)
        .map(|k| Resources {
            gazetteer: gazetteer(
                train_docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold_of[*i] != k)
                    .map(|(_, d)| d),
            ),
            ..base.clone()
        })
        .collect();
    let word_lists: Vec<Vec<Vec<&str>>> = train_docs.iter().map(words_of).collect();
    let base_features: Vec<Vec<Vec<Vec<u64>>>> = word_lists
        .par_iter()
        .enumerate()
        .map(|(i, words)| document_features(words, &fold_resources[fold_of[i]]))
        .collect();
    drop(fold_resources);
    log(&format!(
        "features extracted ({:.0}s)",
        started.elapsed().as_secs_f64()
    ));

    // 2. Stage one, jackknifed.
    let config = TrainConfig {
        epochs: options.epochs,
        seed: options.seed,
    };
    let stage_one_index = index_of(&base_features, options.min_feature_count);
    let stage_one_data: Vec<Vec<Sequence>> =
        to_sequences(&base_features, train_docs, &stage_one_index);
    let fold_models: Vec<SequenceModel> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let data: Vec<Sequence> = stage_one_data
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of[*i] != k)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect();
            train_averaged(&data, stage_one_index.len(), options.restarts, &config)
        })
        .collect();
    let all_data: Vec<Sequence> = stage_one_data.iter().flatten().cloned().collect();
    let stage_one_model =
        train_averaged(&all_data, stage_one_index.len(), options.restarts, &config);
    drop(all_data);
    log(&format!(
        "stage one trained ({} features, {:.0}s)",
        stage_one_index.len(),
        started.elapsed().as_secs_f64()
    ));

    // 3. Stage two on jackknifed stage-one votes.
    let stage_two_features: Vec<Vec<Vec<Vec<u64>>>> = base_features
        .into_par_iter()
        .enumerate()
        .map(|(i, mut features)| {
            let model = &fold_models[fold_of[i]];
            let predicted: Vec<Vec<Tag>> = stage_one_data[i]
                .iter()
                .map(|s| model.viterbi(&model.emissions(&s.positions)))
                .collect();
            let votes = stage_one_votes(&word_lists[i], &predicted);
            add_stage_one_features(&word_lists[i], &predicted, &votes, &mut features);
            features
        })
        .collect();
    drop(stage_one_data);
    let stage_two_index = index_of(&stage_two_features, options.min_feature_count);
    let data: Vec<Sequence> = to_sequences(&stage_two_features, train_docs, &stage_two_index)
        .into_iter()
        .flatten()
        .collect();
    drop(stage_two_features);
    let stage_two_model = train_averaged(&data, stage_two_index.len(), options.restarts, &config);
    log(&format!(
        "stage two trained ({} features, {:.0}s)",
        stage_two_index.len(),
        started.elapsed().as_secs_f64()
    ));

    // 4. Compact, then fit the temperature on dev.
    let stage_one =
        HashedTagger::compact(&stage_one_index, &stage_one_model, options.prune_threshold);
    let stage_two =
        HashedTagger::compact(&stage_two_index, &stage_two_model, options.prune_threshold);
    let resources = Resources {
        gazetteer: full_gazetteer,
        ..base
    };
    let mut model = NerModel::new(resources, stage_one, stage_two, 1.0, String::new())?;
    model.temperature = fit_temperature(&model, dev_docs);
    let seconds = started.elapsed().as_secs_f64();
    model.info = serde_json::json!({
        "data": "CoNLL-2003 English train (entity labels); dev used for the confidence temperature only",
        "seed": options.seed,
        "epochs": options.epochs,
        "folds": folds,
        "restarts": options.restarts,
        "min_feature_count": options.min_feature_count,
        "brown_clusters": options.brown.clusters,
        "brown_min_count": options.brown.min_count,
        "prune_threshold": options.prune_threshold,
    })
    .to_string();
    // Evaluate the model exactly as it will be loaded.
    let model = NerModel::from_bytes(&model.to_bytes(), "trained model")?;
    let dev = evaluate(&model, dev_docs);
    Ok(TrainOutcome {
        model,
        dev,
        seconds,
    })
}

/// The mean of `restarts` perceptrons trained with consecutive seeds.
fn train_averaged(
    data: &[Sequence],
    rows: usize,
    restarts: usize,
    config: &TrainConfig,
) -> SequenceModel {
    let models: Vec<SequenceModel> = (0..restarts.max(1) as u64)
        .into_par_iter()
        .map(|r| {
            let config = TrainConfig {
                epochs: config.epochs,
                seed: config.seed.wrapping_add(r),
            };
            SequenceModel::train(data, rows, tags::constraints(), &config)
        })
        .collect();
    SequenceModel::average(&models).expect("models share rows and labels")
}

fn words_of(doc: &LabeledDocument) -> Vec<Vec<&str>> {
    doc.sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect()
}

fn gazetteer<'a, I: Iterator<Item = &'a LabeledDocument>>(docs: I) -> Gazetteer {
    let mut g = Gazetteer::new();
    for doc in docs {
        for s in &doc.sentences {
            for (start, end, t) in tags::spans(&s.tags) {
                let words: Vec<&str> = s.words[start..end].iter().map(String::as_str).collect();
                g.add(&words, t);
            }
        }
    }
    g
}

fn index_of(features: &[Vec<Vec<Vec<u64>>>], min_count: u32) -> FeatureIndex {
    FeatureIndex::from_counts(features.iter().flatten().flatten().flatten(), min_count)
}

fn to_sequences(
    features: &[Vec<Vec<Vec<u64>>>],
    docs: &[LabeledDocument],
    index: &FeatureIndex,
) -> Vec<Vec<Sequence>> {
    features
        .iter()
        .zip(docs)
        .map(|(doc_features, doc)| {
            doc_features
                .iter()
                .zip(&doc.sentences)
                .map(|(sentence, labeled)| Sequence {
                    positions: sentence
                        .iter()
                        .map(|keys| keys.iter().filter_map(|&k| index.get(k)).collect())
                        .collect(),
                    labels: labeled.tags.clone(),
                })
                .collect()
        })
        .collect()
}

/// Brown clusters of normalised words, cached by a key of the corpus and settings.
fn brown_clusters(
    sentences: &[Vec<String>],
    options: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<BrownClusters, NerError> {
    let normalized: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| normalize(w)).collect())
        .collect();
    let mut key = FeatureKey::new(0)
        .int(options.brown.clusters as u64)
        .int(options.brown.min_count as u64)
        .int(options.brown.max_words as u64);
    for s in &normalized {
        for w in s {
            key = key.str(w);
        }
        key = key.int(0);
    }
    let cache = options
        .cache_dir
        .as_ref()
        .map(|d| d.join(format!("brown-{:016x}.bin", key.finish())));
    if let Some(path) = &cache {
        if let Ok(bytes) = std::fs::read(path) {
            if let Ok(clusters) = BrownClusters::read(&mut ByteReader::new(&bytes)) {
                log(&format!("clusters: reused {}", path.display()));
                return Ok(clusters);
            }
        }
    }
    let started = Instant::now();
    let clusters = BrownClusters::train(&normalized, &options.brown);
    log(&format!(
        "clusters: Brown clustering took {:.0}s",
        started.elapsed().as_secs_f64()
    ));
    if let Some(path) = &cache {
        let mut w = ByteWriter::new();
        clusters.write(&mut w);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        // A cache that cannot be written only costs time next run.
        let _ = std::fs::write(path, w.into_inner());
    }
    Ok(clusters)
}

/// The temperature that maximises the likelihood of the gold dev tags under the marginals.
fn fit_temperature(model: &NerModel, dev: &[LabeledDocument]) -> f32 {
    if dev.is_empty() {
        return 1.0;
    }
    let candidates: Vec<f32> = (0..=16).map(|i| 2f32.powf(i as f32 / 2.0)).collect();
    // Emissions of stage two on dev, computed once.
    let mut sentences: Vec<(Vec<f32>, Vec<Tag>)> = Vec::new();
    for doc in dev {
        let words = words_of(doc);
        let mut features = document_features(&words, model.resources());
        let first: Vec<Vec<Tag>> = features.iter().map(|f| model.stage_one().tag(f)).collect();
        let votes = stage_one_votes(&words, &first);
        add_stage_one_features(&words, &first, &votes, &mut features);
        for (f, s) in features.iter().zip(&doc.sentences) {
            sentences.push((model.stage_two().emissions(f), s.tags.clone()));
        }
    }
    let chain = model.stage_two().chain();
    let mut best = (f64::NEG_INFINITY, 1.0f32);
    for t in candidates {
        let potentials = chain.potentials(t);
        // Summed in a fixed order so the choice never depends on thread scheduling.
        let per_sentence: Vec<f64> = sentences
            .par_iter()
            .map_init(DecodeScratch::default, |scratch, (emissions, gold)| {
                let mut m = Vec::new();
                chain.marginals(emissions, &potentials, scratch, &mut m);
                gold.iter()
                    .enumerate()
                    .map(|(i, &g)| (m[i * TAG_COUNT + g as usize].max(1e-6) as f64).ln())
                    .sum::<f64>()
            })
            .collect();
        let log_likelihood: f64 = per_sentence.iter().sum();
        if log_likelihood > best.0 {
            best = (log_likelihood, t);
        }
    }
    best.1
}

/// Number of entity mentions per type in documents (for the model card).
pub fn entity_counts(docs: &[LabeledDocument]) -> Vec<(EntityType, usize)> {
    EntityType::ALL
        .iter()
        .map(|&t| {
            let n = docs
                .iter()
                .flat_map(|d| &d.sentences)
                .map(|s| tags::spans(&s.tags).iter().filter(|x| x.2 == t).count())
                .sum();
            (t, n)
        })
        .collect()
}

/// Where the shared data folder is relative to a crate's manifest directory.
pub fn default_data_dir(manifest_dir: &Path) -> PathBuf {
    manifest_dir.join("../../../shared/data")
}
