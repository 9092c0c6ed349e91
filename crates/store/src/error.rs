//! What can go wrong with a store, with enough context to act on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {} (create one with `parallax ingest --db {} PATH...`)", .0.display(), .0.display())]
    Missing(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(
        "the store has schema version {found}, newer than this parallax understands \
         (up to {supported}); use a newer parallax"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("migrating the store to schema version {version}: {source}")]
    Migration {
        version: i64,
        source: rusqlite::Error,
    },
    #[error("another process is writing to the store at {} (only one ingest at a time)", .0.display())]
    Busy(PathBuf),
    #[error("stored record {id} is damaged: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("invalid query: {0}")]
    Query(String),
    #[error("invalid filter: {0}")]
    Filter(String),
    #[error("the store was opened read-only")]
    ReadOnly,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
