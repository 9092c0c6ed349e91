//! The persistent corpus store of Parallax: article records and their relations in an embedded
//! SQLite database, and ranked full-text search over them with tantivy.
//!
//! A store is a directory. `parallax.sqlite` is the source of truth: the full record of every
//! article (compressed JSON) beside normalised tables of its metadata, authors, entity
//! mentions, techniques, claims and quotes, written in WAL mode one transaction per batch, so
//! a crash never leaves half a record. `index/` is a tantivy index derived from it; every
//! commit of the index names the last database change it holds, and a store opened for
//! writing first re-indexes whatever changed after that. One process writes at a time
//! (`write.lock`); readers work alongside it on the last committed state.
//!
//! ```no_run
//! use parallax_store::{Entry, OnExisting, PreparedRecord, SearchRequest, Store};
//! # fn demo(article: parallax_core::Article) -> Result<(), parallax_store::StoreError> {
//! let mut store = Store::open("corpus.db")?;
//! let record = PreparedRecord::new(&article, Some("feed.jsonl:1".into()));
//! store.write(&[record.into()], OnExisting::Keep)?;
//! store.close()?;
//!
//! let mut reader = Store::open_read_only("corpus.db")?;
//! let results = reader.search(&SearchRequest::new("\"flood barrier\" siren"))?;
//! for hit in results.hits {
//!     println!("{} {:?} {}", hit.id, hit.title, hit.snippet.text);
//! }
//! # Ok(()) }
//! ```
//!
//! SQL stays inside this crate: later layers add their tables as new migrations in `schema.rs`
//! and their queries as modules here. The corpus layer (`parallax-corpus`: near-duplicate
//! groups, events, claim alignment; schema versions 2 and 3) lives in `corpus.rs`, where
//! [`CorpusSession`] implements `parallax_corpus::CorpusIndex` inside one write transaction,
//! and `corpus_queries.rs`, its reads ([`Store::events`], [`Store::event_claims`], ...).

mod codec;
mod corpus;
mod corpus_queries;
mod date;
mod db;
mod error;
mod event_claims;
mod index;
mod record;
mod schema;
mod search;
mod store;

pub use corpus::{CorpusSession, PendingArticle};
pub use corpus_queries::{
    AlignedClaim, ArticleSummary, EventQuery, EventSort, EventSummary, TermWeights,
};
pub use date::Period;
pub use error::{Result, StoreError};
pub use event_claims::AssessedClaim;
pub use record::PreparedRecord;
pub use schema::current_version as schema_version;
pub use search::{HighlightRange, Hit, SearchRequest, SearchResults, Snippet, SortOrder};
pub use store::{CheckReport, Entry, OnExisting, Records, Stats, Store, WriteReport};
