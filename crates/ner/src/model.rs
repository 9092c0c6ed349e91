//! The trained recogniser: word resources plus a two-stage tagger, its file format, and the
//! runtime API (`recognize` an article's text given its sentence ranges).

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use parallax_core::EntityType;
use parallax_learn::features::FeatureIndex;
use parallax_learn::format::{
    quantize_i8, ByteReader, ByteWriter, FormatError, ModelReader, ModelWriter,
};
use parallax_learn::sequence::SequenceModel;

use crate::error::NerError;
use crate::features::{add_stage_one_features, document_features, stage_one_votes, Resources};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{CasingLexicon, Clusters};
use crate::tags::{self, Tag, TAG_COUNT};
use crate::tokenize::{tokenize_into, Token};

/// File name of the model inside a model directory.
pub const MODEL_FILE: &str = "model.bin";
const KIND: &str = "ner";
/// Layout version of the sections below (and of the feature templates).
const LAYOUT_VERSION: u32 = 1;

/// The shipped model file, embedded so the binary works anywhere.
static BUILTIN_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/ner/model.bin"
));

/// One entity mention found in a text: a byte range, its type and a confidence in `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub confidence: f32,
}

impl EntitySpan {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A linear-chain tagger over hashed features.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub index: FeatureIndex,
    pub model: SequenceModel,
}

impl Tagger {
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

    pub fn tag(&self, keys: &[Vec<u64>]) -> Vec<Tag> {
        self.model.viterbi(&self.emissions(keys))
    }

    /// Drops rows whose largest weight magnitude is below `threshold` and quantises weights
    /// to 8 bits, as they will be stored.
    pub fn compact(&self, threshold: f32) -> Tagger {
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
        Tagger {
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

    fn write(&self, out: &mut ByteWriter) {
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

    fn read(input: &mut ByteReader) -> Result<Tagger, FormatError> {
        let malformed = |reason: &str| FormatError::Malformed {
            section: "tagger".into(),
            reason: reason.into(),
        };
        let labels = input.varint()? as usize;
        if labels != TAG_COUNT {
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
        Ok(Tagger {
            index: FeatureIndex::from_keys(keys),
            model: SequenceModel::from_parts(
                labels,
                weights,
                start,
                transition,
                end,
                tags::constraints(),
            ),
        })
    }
}

/// The named-entity recogniser.
#[derive(Debug, Clone)]
pub struct NerModel {
    pub resources: Resources,
    pub stage_one: Tagger,
    pub stage_two: Tagger,
    /// Divides scores before forward-backward so marginals are calibrated probabilities.
    pub temperature: f32,
    /// Free-form JSON describing how the model was trained.
    pub info: String,
}

/// Tags and per-token confidence of one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentTags {
    pub tags: Vec<Vec<Tag>>,
    /// Marginal probability of each chosen tag.
    pub confidence: Vec<Vec<f32>>,
}

impl NerModel {
    /// Tags a document given as sentences of words. `with_confidence` also runs
    /// forward-backward for marginals (otherwise confidences are empty).
    pub fn tag_document(&self, sentences: &[Vec<&str>], with_confidence: bool) -> DocumentTags {
        let mut features = document_features(sentences, &self.resources);
        let first: Vec<Vec<Tag>> = features.iter().map(|f| self.stage_one.tag(f)).collect();
        let votes = stage_one_votes(sentences, &first);
        add_stage_one_features(sentences, &votes, &mut features);
        let mut out = DocumentTags::default();
        for f in &features {
            let emissions = self.stage_two.emissions(f);
            let tags = self.stage_two.model.viterbi(&emissions);
            if with_confidence {
                let marginals = self.stage_two.model.marginals(&emissions, self.temperature);
                out.confidence.push(
                    tags.iter()
                        .enumerate()
                        .map(|(t, &tag)| marginals[t * TAG_COUNT + tag as usize])
                        .collect(),
                );
            }
            out.tags.push(tags);
        }
        out
    }

    /// Finds entity mentions in `text`. `sentences` are byte ranges of its sentences (the
    /// whole text is one sentence when empty); all sentences form one document, so a name
    /// is recognised consistently across the text. Returned ranges are byte offsets.
    pub fn recognize(&self, text: &str, sentences: &[Range<usize>]) -> Vec<EntitySpan> {
        let whole = 0..text.len();
        let ranges = if sentences.is_empty() {
            std::slice::from_ref(&whole)
        } else {
            sentences
        };
        let mut tokens: Vec<Vec<Token>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            let mut sentence = Vec::new();
            tokenize_into(text, range.clone(), &mut sentence);
            if !sentence.is_empty() {
                tokens.push(sentence);
            }
        }
        let words: Vec<Vec<&str>> = tokens
            .iter()
            .map(|s| s.iter().map(|t| t.text(text)).collect())
            .collect();
        let tagged = self.tag_document(&words, true);
        let mut out = Vec::new();
        for ((sentence, tags), confidence) in
            tokens.iter().zip(&tagged.tags).zip(&tagged.confidence)
        {
            for (s, e, entity_type) in tags::spans(tags) {
                let confidence = confidence[s..e].iter().copied().fold(1.0f32, f32::min);
                out.push(EntitySpan {
                    start: sentence[s].start,
                    end: sentence[e - 1].end,
                    entity_type,
                    confidence,
                });
            }
        }
        out
    }

    /// Serialises the model as a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = ModelWriter::new(KIND, LAYOUT_VERSION);
        writer.section("info", self.info.clone().into_bytes(), false);
        let mut w = ByteWriter::new();
        w.f32(self.temperature);
        writer.section("settings", w.into_inner(), false);
        let mut w = ByteWriter::new();
        self.resources.clusters.brown.write(&mut w);
        writer.section("clusters", w.into_inner(), true);
        let mut w = ByteWriter::new();
        self.resources.casing.write(&mut w);
        writer.section("casing", w.into_inner(), true);
        let mut w = ByteWriter::new();
        self.resources.gazetteer.write(&mut w);
        writer.section("gazetteer", w.into_inner(), true);
        for (name, tagger) in [
            ("stage_one", &self.stage_one),
            ("stage_two", &self.stage_two),
        ] {
            let mut w = ByteWriter::new();
            tagger.write(&mut w);
            writer.section(name, w.into_inner(), true);
        }
        writer.to_bytes()
    }

    /// Parses a model file; `origin` names it in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<NerModel, NerError> {
        let wrap = |source| NerError::Model {
            path: origin.to_string(),
            source,
        };
        let reader = ModelReader::parse(bytes).map_err(wrap)?;
        reader.expect_kind(KIND, LAYOUT_VERSION).map_err(wrap)?;
        let info = String::from_utf8_lossy(reader.section("info").map_err(wrap)?).into_owned();
        let temperature = reader
            .reader("settings")
            .and_then(|mut r| r.f32())
            .map_err(wrap)?;
        let brown = parallax_learn::brown::BrownClusters::read(
            &mut reader.reader("clusters").map_err(wrap)?,
        )
        .map_err(wrap)?;
        let casing =
            CasingLexicon::read(&mut reader.reader("casing").map_err(wrap)?).map_err(wrap)?;
        let gazetteer =
            Gazetteer::read(&mut reader.reader("gazetteer").map_err(wrap)?).map_err(wrap)?;
        let stage_one =
            Tagger::read(&mut reader.reader("stage_one").map_err(wrap)?).map_err(wrap)?;
        let stage_two =
            Tagger::read(&mut reader.reader("stage_two").map_err(wrap)?).map_err(wrap)?;
        if !(temperature.is_finite() && temperature > 0.0) {
            return Err(NerError::Invalid {
                path: origin.into(),
                reason: "temperature must be positive".into(),
            });
        }
        Ok(NerModel {
            resources: Resources {
                clusters: Clusters { brown },
                casing,
                gazetteer,
            },
            stage_one,
            stage_two,
            temperature,
            info,
        })
    }

    /// The shipped model (`models/ner/model.bin`, embedded in the binary), parsed once.
    pub fn builtin() -> Result<&'static NerModel, NerError> {
        static BUILTIN: OnceLock<Result<NerModel, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                NerModel::from_bytes(BUILTIN_BYTES, "built-in model").map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|reason| NerError::Invalid {
                path: "built-in model".into(),
                reason: reason.clone(),
            })
    }

    /// Loads `DIR/model.bin`.
    pub fn load(dir: &Path) -> Result<NerModel, NerError> {
        let path = dir.join(MODEL_FILE);
        let bytes = std::fs::read(&path).map_err(|source| NerError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes, &path.display().to_string())
    }

    /// Writes `DIR/model.bin`, creating the directory.
    pub fn save(&self, dir: &Path) -> Result<(), NerError> {
        std::fs::create_dir_all(dir).map_err(|source| NerError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let path = dir.join(MODEL_FILE);
        std::fs::write(&path, self.to_bytes()).map_err(|source| NerError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}
