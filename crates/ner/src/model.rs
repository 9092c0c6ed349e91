//! The trained recogniser: word resources plus a two-stage tagger, its file format, and the
//! runtime API (`recognize` an article's text given its sentence ranges).

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use parallax_core::EntityType;
use parallax_learn::format::{ByteWriter, ModelReader, ModelWriter};
use parallax_learn::tagger::HashedTagger;

use crate::error::NerError;
use crate::features::Resources;
use crate::gazetteer::Gazetteer;
use crate::inference::{self, Confidence, Runtime, Tagged};
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

/// The named-entity recogniser.
#[derive(Debug, Clone)]
pub struct NerModel {
    resources: Resources,
    stage_one: HashedTagger,
    stage_two: HashedTagger,
    /// Both stages' weights in one table, and sums of features with few values.
    runtime: Runtime,
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
    /// Assembles a model; both taggers must use the BILOU tag set of [`crate::tags`]
    /// (`TAG_COUNT` labels).
    pub fn new(
        resources: Resources,
        stage_one: HashedTagger,
        stage_two: HashedTagger,
        temperature: f32,
        info: String,
    ) -> Result<NerModel, NerError> {
        if stage_one.labels() != TAG_COUNT || stage_two.labels() != TAG_COUNT {
            return Err(NerError::Invalid {
                path: "model".into(),
                reason: format!("the taggers must have {TAG_COUNT} labels"),
            });
        }
        let runtime = Runtime::new(&stage_one, &stage_two);
        Ok(NerModel {
            resources,
            stage_one,
            stage_two,
            runtime,
            temperature,
            info,
        })
    }

    /// The word knowledge the features draw on.
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// The first stage (token and document features).
    pub fn stage_one(&self) -> &HashedTagger {
        &self.stage_one
    }

    /// The second stage (the first stage's features plus its labels in the document).
    pub fn stage_two(&self) -> &HashedTagger {
        &self.stage_two
    }

    #[cfg(test)]
    pub(crate) fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Tags a document given as sentences of words. `with_confidence` also runs
    /// forward-backward for marginals (otherwise confidences are empty).
    pub fn tag_document(&self, sentences: &[Vec<&str>], with_confidence: bool) -> DocumentTags {
        let mut words = Vec::with_capacity(sentences.iter().map(Vec::len).sum());
        let mut ranges = Vec::with_capacity(sentences.len());
        for s in sentences {
            ranges.push((words.len(), words.len() + s.len()));
            words.extend_from_slice(s);
        }
        let confidence = if with_confidence {
            Confidence::All
        } else {
            Confidence::None
        };
        let tagged = self.tag_words(&words, &ranges, confidence);
        let mut out = DocumentTags::default();
        for &(a, b) in &ranges {
            out.tags.push(tagged.tags[a..b].to_vec());
            if with_confidence {
                out.confidence.push(tagged.confidence[a..b].to_vec());
            }
        }
        out
    }

    fn tag_words(
        &self,
        words: &[&str],
        sentences: &[(usize, usize)],
        confidence: Confidence,
    ) -> Tagged {
        let potentials = self.stage_two.chain().potentials(self.temperature);
        inference::tag(
            &self.resources,
            &self.runtime,
            [&self.stage_one, &self.stage_two],
            &potentials,
            words,
            sentences,
            confidence,
        )
    }

    /// Finds entity mentions in `text`. `sentences` are byte ranges of its sentences (the
    /// whole text is one sentence when empty); all sentences form one document, so a name
    /// is recognised consistently across the text. Returned ranges are byte offsets.
    pub fn recognize(&self, text: &str, sentences: &[Range<usize>]) -> Vec<EntitySpan> {
        self.recognize_with(text, sentences, Confidence::Entities)
            .into_iter()
            .map(|(range, entity_type, confidence)| EntitySpan {
                start: range.start,
                end: range.end,
                entity_type,
                confidence,
            })
            .collect()
    }

    /// The mentions [`NerModel::recognize`] finds, without their confidences: for callers
    /// that keep only spans and types (the annotate stage), which saves the forward-backward
    /// pass, about a third of tagging.
    pub fn recognize_spans(
        &self,
        text: &str,
        sentences: &[Range<usize>],
    ) -> Vec<(Range<usize>, EntityType)> {
        self.recognize_with(text, sentences, Confidence::None)
            .into_iter()
            .map(|(range, entity_type, _)| (range, entity_type))
            .collect()
    }

    /// Mentions as byte ranges with type and, when `confidence` asks for it, the lowest
    /// marginal of its tags (NaN otherwise).
    fn recognize_with(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        confidence: Confidence,
    ) -> Vec<(Range<usize>, EntityType, f32)> {
        let whole = 0..text.len();
        let ranges = if sentences.is_empty() {
            std::slice::from_ref(&whole)
        } else {
            sentences
        };
        let mut tokens: Vec<Token> = Vec::new();
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for range in ranges {
            let start = tokens.len();
            tokenize_into(text, range.clone(), &mut tokens);
            if tokens.len() > start {
                bounds.push((start, tokens.len()));
            }
        }
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let scored = confidence != Confidence::None;
        let tagged = self.tag_words(&words, &bounds, confidence);
        let mut out = Vec::new();
        for &(a, b) in &bounds {
            for (s, e, entity_type) in tags::spans(&tagged.tags[a..b]) {
                let confidence = if scored {
                    tagged.confidence[a + s..a + e]
                        .iter()
                        .copied()
                        .fold(1.0f32, f32::min)
                } else {
                    f32::NAN
                };
                out.push((
                    tokens[a + s].start..tokens[a + e - 1].end,
                    entity_type,
                    confidence,
                ));
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
        let stage_one = HashedTagger::read(
            &mut reader.reader("stage_one").map_err(wrap)?,
            tags::constraints(),
        )
        .map_err(wrap)?;
        let stage_two = HashedTagger::read(
            &mut reader.reader("stage_two").map_err(wrap)?,
            tags::constraints(),
        )
        .map_err(wrap)?;
        if !(temperature.is_finite() && temperature > 0.0) {
            return Err(NerError::Invalid {
                path: origin.into(),
                reason: "temperature must be positive".into(),
            });
        }
        let resources = Resources {
            clusters: Clusters { brown },
            casing,
            gazetteer,
        };
        NerModel::new(resources, stage_one, stage_two, temperature, info).map_err(|e| match e {
            NerError::Invalid { reason, .. } => NerError::Invalid {
                path: origin.into(),
                reason,
            },
            other => other,
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
