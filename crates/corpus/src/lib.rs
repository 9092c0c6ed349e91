//! Corpus analysis for Parallax: the "parallax view" — many articles put together so one
//! story can be seen from every vantage point.
//!
//! Computes over article records (`parallax_core::Article`); persistence is the store's job
//! (`parallax-store` implements [`CorpusIndex`] over SQLite) and the binary orchestrates. The
//! layers, each in its own module:
//!
//! | module | job |
//! | --- | --- |
//! | [`dedup`] | near-duplicates: MinHash over word shingles, LSH band keys, the copy rule |
//! | [`events`] | events across outlets and days: incremental clustering of article profiles |
//! | [`align`], [`dispute`] | claims aligned across an event's articles, and which ones dispute |
//! | [`corroboration`], [`reliability`] | independent sources, outlet ratings, corroboration |
//! | [`narratives`] | matching articles against a catalog of known narratives |
//! | [`outlets`] | outlet profiles |
//! | [`update`] | the incremental driver: adds one article at a time through a [`CorpusIndex`] |
//! | [`eval`] | the evaluation sets and measures (near-duplicate P/R, B-cubed, FNC-1) |
//!
//! Shared plumbing: [`text`] (words, stems, stop words, term keys), [`vector`] (sparse
//! vectors, IDF), [`digest`] (what is kept of a record), [`date`], [`hash`].
//!
//! ```
//! use parallax_corpus::{ArticleDigest, CorpusConfig, MemoryIndex, Updater};
//! use parallax_core::{Article, InputFormat, InputInfo};
//!
//! let story = |id: &str, outlet: &str| {
//!     let mut a = Article::from_paragraphs(id.into(), InputInfo { path: None, url: None, format: InputFormat::Text },
//!         &["A storm surge broke the northern gate of the tidal barrier at Al-Harmaq on Sunday night, flooding the port town.",
//!           "Fourteen people died and about 120 000 were evacuated, the interior ministry said on Monday."]);
//!     a.outlet = Some(outlet.into());
//!     a
//! };
//! let mut index = MemoryIndex::new();
//! let mut updater = Updater::new(CorpusConfig::default());
//! for (key, article) in [(1, story("a", "Northstar Wire")), (2, story("b", "Feedwell"))] {
//!     let digest = ArticleDigest::of(&article);
//!     index.insert_article(key, article);
//!     updater.add(&mut index, key, &digest).unwrap();
//! }
//! // The copy joined the original's near-duplicate group and event.
//! assert_eq!(index.dup_group_of(2), Some(1));
//! assert_eq!(index.event_of(1), index.event_of(2));
//! ```

pub mod align;
pub mod corroboration;
pub mod date;
pub mod dedup;
pub mod digest;
pub mod dispute;
pub mod eval;
pub mod events;
pub mod hash;
pub mod index;
pub mod memory;
pub mod narratives;
pub mod outlets;
pub mod reliability;
pub mod text;
pub mod update;
pub mod vector;

pub use digest::{ArticleDigest, ClaimDigest};
pub use index::{
    ArticleKey, ClaimGroupId, ClaimLink, CorpusIndex, DupCandidate, DupGroupId, EventId,
    EventState, Stance,
};
pub use memory::MemoryIndex;
pub use reliability::{Rating, Ratings};
pub use update::{Added, CorpusConfig, Updater};
