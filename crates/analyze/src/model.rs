//! The fast-path model bundle and its files.
//!
//! Three model files, each a `parallax_learn::format` container with its own kind:
//!
//! | directory | kind | sections |
//! | --- | --- | --- |
//! | `models/propaganda-spans` | `propaganda-spans` | info, clusters, tagger |
//! | `models/propaganda-sentences` | `propaganda-sentences` | info, base, context, threshold, article, genre |
//! | `models/propaganda-techniques` | `propaganda-techniques` | info, techniques |
//!
//! `info` is JSON describing how the model was trained (data, seed, settings, the training
//! article ids), so `parallax eval` can refuse to score a model on articles it saw.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use parallax_learn::format::{ByteWriter, ModelReader, ModelWriter};

use crate::article_score::ArticleModel;
use crate::clusters::WordClusters;
use crate::error::AnalyzeError;
use crate::genre::GenreModel;
use crate::linear::HashedLinear;
use crate::sentence::SentenceModel;
use crate::tagger::SpanTagger;
use crate::technique::TechniqueModel;

pub const MODEL_FILE: &str = "model.bin";
pub const SPANS_DIR: &str = "propaganda-spans";
pub const SENTENCES_DIR: &str = "propaganda-sentences";
pub const TECHNIQUES_DIR: &str = "propaganda-techniques";
const LAYOUT_VERSION: u32 = 1;

static SPANS_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/propaganda-spans/model.bin"
));
static SENTENCES_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/propaganda-sentences/model.bin"
));
static TECHNIQUES_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/propaganda-techniques/model.bin"
));

/// Every model of the fast path.
#[derive(Debug, Clone)]
pub struct FastModels {
    pub clusters: WordClusters,
    pub tagger: SpanTagger,
    pub sentences: SentenceModel,
    pub article: ArticleModel,
    pub genre: GenreModel,
    pub techniques: TechniqueModel,
    /// JSON: how the models were trained.
    pub info: String,
}

fn section<T>(
    reader: &ModelReader,
    name: &str,
    origin: &str,
    read: impl FnOnce(&mut parallax_learn::format::ByteReader) -> Result<T, parallax_learn::FormatError>,
) -> Result<T, AnalyzeError> {
    let wrap = |source| AnalyzeError::Model {
        path: origin.to_string(),
        source,
    };
    let mut r = reader.reader(name).map_err(wrap)?;
    read(&mut r).map_err(wrap)
}

fn open(bytes: &[u8], kind: &str, origin: &str) -> Result<ModelReader, AnalyzeError> {
    let wrap = |source| AnalyzeError::Model {
        path: origin.to_string(),
        source,
    };
    let reader = ModelReader::parse(bytes).map_err(wrap)?;
    reader.expect_kind(kind, LAYOUT_VERSION).map_err(wrap)?;
    Ok(reader)
}

impl FastModels {
    /// The three files' bytes: spans, sentences, techniques.
    pub fn to_bytes(&self) -> [Vec<u8>; 3] {
        let info = self.info.clone().into_bytes();
        let mut spans = ModelWriter::new(SPANS_DIR, LAYOUT_VERSION);
        spans.section("info", info.clone(), false);
        let mut w = ByteWriter::new();
        self.clusters.write(&mut w);
        spans.section("clusters", w.into_inner(), true);
        let mut w = ByteWriter::new();
        self.tagger.write(&mut w);
        spans.section("tagger", w.into_inner(), true);

        let mut sentences = ModelWriter::new(SENTENCES_DIR, LAYOUT_VERSION);
        sentences.section("info", info.clone(), false);
        let mut w = ByteWriter::new();
        self.sentences.base.write(&mut w);
        sentences.section("base", w.into_inner(), true);
        let mut w = ByteWriter::new();
        self.sentences.context.write(&mut w);
        sentences.section("context", w.into_inner(), true);
        let mut w = ByteWriter::new();
        w.f32(self.sentences.threshold);
        sentences.section("threshold", w.into_inner(), false);
        let mut w = ByteWriter::new();
        self.article.write(&mut w);
        sentences.section("article", w.into_inner(), false);
        let mut w = ByteWriter::new();
        self.genre.model.write(&mut w);
        sentences.section("genre", w.into_inner(), true);

        let mut techniques = ModelWriter::new(TECHNIQUES_DIR, LAYOUT_VERSION);
        techniques.section("info", info, false);
        let mut w = ByteWriter::new();
        self.techniques.write(&mut w);
        techniques.section("techniques", w.into_inner(), true);
        [
            spans.to_bytes(),
            sentences.to_bytes(),
            techniques.to_bytes(),
        ]
    }

    /// Parses the three files; `origins` name them in errors.
    pub fn from_bytes(files: [&[u8]; 3], origins: [&str; 3]) -> Result<FastModels, AnalyzeError> {
        let spans = open(files[0], SPANS_DIR, origins[0])?;
        let sentences = open(files[1], SENTENCES_DIR, origins[1])?;
        let techniques = open(files[2], TECHNIQUES_DIR, origins[2])?;
        let info = String::from_utf8_lossy(spans.section("info").map_err(|source| {
            AnalyzeError::Model {
                path: origins[0].into(),
                source,
            }
        })?)
        .into_owned();
        let clusters = section(&spans, "clusters", origins[0], WordClusters::read)?;
        let tagger = section(&spans, "tagger", origins[0], SpanTagger::read)?;
        let base = section(&sentences, "base", origins[1], HashedLinear::read)?;
        let context = section(&sentences, "context", origins[1], HashedLinear::read)?;
        let threshold = section(&sentences, "threshold", origins[1], |r| r.f32())?;
        let article = section(&sentences, "article", origins[1], ArticleModel::read)?;
        let genre = GenreModel {
            model: section(&sentences, "genre", origins[1], HashedLinear::read)?,
        };
        let techniques = section(&techniques, "techniques", origins[2], TechniqueModel::read)?;
        if !(threshold.is_finite() && (0.0..=1.0).contains(&threshold)) {
            return Err(AnalyzeError::Invalid {
                path: origins[1].into(),
                reason: "sentence threshold outside [0, 1]".into(),
            });
        }
        for (model, origin) in [(&base, origins[1]), (&context, origins[1])] {
            if model.outputs() != 1 {
                return Err(AnalyzeError::Invalid {
                    path: origin.into(),
                    reason: "sentence models must have one output".into(),
                });
            }
        }
        Ok(FastModels {
            clusters,
            tagger,
            sentences: SentenceModel {
                base,
                context,
                threshold,
            },
            article,
            genre,
            techniques,
            info,
        })
    }

    /// Loads `ROOT/propaganda-{spans,sentences,techniques}/model.bin`.
    pub fn load(root: &Path) -> Result<FastModels, AnalyzeError> {
        let paths =
            [SPANS_DIR, SENTENCES_DIR, TECHNIQUES_DIR].map(|d| root.join(d).join(MODEL_FILE));
        let mut bytes = Vec::new();
        for p in &paths {
            bytes.push(std::fs::read(p).map_err(|e| AnalyzeError::io(p, e))?);
        }
        let names = paths.each_ref().map(|p| p.display().to_string());
        FastModels::from_bytes(
            [&bytes[0], &bytes[1], &bytes[2]],
            [&names[0], &names[1], &names[2]],
        )
    }

    /// Writes the three model files under `root`, creating the directories.
    pub fn save(&self, root: &Path) -> Result<(), AnalyzeError> {
        for (dir, bytes) in [SPANS_DIR, SENTENCES_DIR, TECHNIQUES_DIR]
            .iter()
            .zip(self.to_bytes())
        {
            let dir = root.join(dir);
            std::fs::create_dir_all(&dir).map_err(|e| AnalyzeError::io(&dir, e))?;
            let path = dir.join(MODEL_FILE);
            std::fs::write(&path, bytes).map_err(|e| AnalyzeError::io(&path, e))?;
        }
        Ok(())
    }

    /// The shipped models (embedded in the binary), parsed once.
    pub fn builtin() -> Result<&'static FastModels, AnalyzeError> {
        static BUILTIN: OnceLock<Result<FastModels, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                FastModels::from_bytes(
                    [SPANS_BYTES, SENTENCES_BYTES, TECHNIQUES_BYTES],
                    [
                        "built-in spans model",
                        "built-in sentences model",
                        "built-in techniques model",
                    ],
                )
                .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|reason| AnalyzeError::Invalid {
                path: "built-in propaganda models".into(),
                reason: reason.clone(),
            })
    }

    /// Article ids the models were trained on (from `info`), to keep evaluation honest.
    pub fn trained_ids(&self) -> BTreeSet<String> {
        serde_json::from_str::<serde_json::Value>(&self.info)
            .ok()
            .and_then(|v| {
                v.get("training_article_ids")?.as_array().map(|ids| {
                    ids.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
            })
            .unwrap_or_default()
    }
}
