//! Errors of the embedding runtime; each names the file or the step that failed.

use std::path::PathBuf;

/// The command that downloads the model, named in every "not fetched" error.
pub const FETCH_COMMAND: &str = "scripts/fetch-models.sh";

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file is missing: the model has not been fetched into this cache.
    #[error(
        "sentence-embedding model file not found: {path} (run {FETCH_COMMAND} to fetch it, \
         or set PARALLAX_MODELS to the folder that holds all-minilm-l6-v2/)"
    )]
    NotFetched { path: PathBuf },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// tokenizer.json exists but does not describe a BERT WordPiece tokenizer we can use.
    #[error("{path}: not a usable WordPiece tokenizer: {reason}")]
    Tokenizer { path: PathBuf, reason: String },

    /// ONNX Runtime failed: loading the library, building a session or running the model.
    #[error("ONNX Runtime: {context}: {message}")]
    Runtime { context: String, message: String },
}

impl EmbedError {
    pub(crate) fn runtime(context: impl Into<String>, error: impl std::fmt::Display) -> Self {
        EmbedError::Runtime {
            context: context.into(),
            message: error.to_string(),
        }
    }
}
