//! Errors of the analysis crate: reading data sets and model files. Analysis itself never
//! fails: any text gets a record.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AnalyzeError {
    // The I/O error is part of the message rather than a `source`, so an error chain
    // printed with `{:#}` does not repeat it.
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}:{line}: {reason}")]
    Format {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("model {path}: {source}")]
    Model {
        path: String,
        source: parallax_learn::FormatError,
    },
    #[error("model {path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("training: {0}")]
    Training(String),
}

impl AnalyzeError {
    pub(crate) fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        AnalyzeError::Io {
            path: path.display().to_string(),
            error,
        }
    }
}
