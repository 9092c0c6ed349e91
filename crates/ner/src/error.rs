//! Errors of the recogniser: every one names the file or model it concerns.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Data {
        path: String,
        line: usize,
        reason: String,
    },
    // The cause is printed by the error chain (`{:#}`), not repeated here.
    #[error("NER model {path}")]
    Model {
        path: String,
        source: parallax_learn::FormatError,
    },
    #[error("NER model {path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("training data: {0}")]
    Training(String),
}
