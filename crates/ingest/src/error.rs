//! Why an input could not be read, and size limits that guard against hostile input.

use std::fmt;

/// Limits applied to every input. Each error that enforces one names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single document (a file, a JSONL line, a CSV row, a WARC record), in bytes,
    /// after decompression. Container files (JSONL, CSV, WARC) stream and may be any size.
    pub max_document_bytes: usize,
    /// Deepest element nesting accepted in HTML and JSON.
    pub max_depth: usize,
    /// Longest article body, in characters, after extraction. Annotation costs memory per
    /// word, so one enormous "article" must not take gigabytes; news articles are far shorter.
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 16 * 1024 * 1024,
            max_depth: 512,
            max_text_chars: 1_000_000,
        }
    }
}

/// The reason an input was rejected.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty input")]
    Empty,
    #[error("binary data, not a text document ({0})")]
    Binary(&'static str),
    #[error("larger than the limit of {} for one document (--max-doc-bytes)", human_bytes(*.limit))]
    TooLarge { limit: usize },
    #[error("nested deeper than the limit of {limit} levels (--max-depth)")]
    TooDeep { limit: usize },
    #[error("malformed gzip data: {0}")]
    Gzip(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("JSON nested deeper than the limit of {limit} levels")]
    JsonTooDeep { limit: usize },
    #[error("not an article: {0}")]
    NotAnArticle(String),
    #[error("malformed CSV: {0}")]
    Csv(String),
    #[error("malformed WARC record: {0}")]
    Warc(String),
    #[error("no article text found")]
    NoText,
    #[error("article text longer than the limit of {limit} characters (--max-text-chars)")]
    TextTooLong { limit: usize },
    #[error("{0}")]
    Unsupported(String),
}

/// An input that could not become an article: the input's name and the reason.
#[derive(Debug)]
pub struct InputError {
    /// The input as a user would find it: a path, `path:LINE` for a JSONL line, `path#N` for the
    /// N-th record of a CSV or WARC file, `-` for stdin.
    pub input: String,
    pub reason: Reason,
}

impl InputError {
    pub fn new(input: impl Into<String>, reason: impl Into<Reason>) -> Self {
        InputError {
            input: input.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

/// `16 MiB`, `512 KiB`, `100 bytes`.
pub fn human_bytes(n: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}
