//! Shared domain types of Parallax.
//!
//! The [`Article`] is the record that `parallax analyze` emits (see
//! `../shared/specs/article-record.md`). Like a spaCy `Doc`, it owns the body `text` and every
//! annotation is a layer of spans into it: paragraphs, sentences, entities, quotes, claims and
//! techniques. Each pipeline stage adds its layers:
//!
//! | stage | crate | adds |
//! | --- | --- | --- |
//! | ingest | `parallax-ingest` | `id`, `input`, metadata, `text`, `paragraphs` |
//! | annotate | `parallax-annotate` | `language`, `sentences`, `entities`, `quotes`, `claims` |
//! | analyze | `parallax-analyze` | `techniques`, `sentences[].propaganda`, `scores`, `explanation` |
//!
//! Offsets in every layer are **character** offsets (Unicode scalar values, end exclusive), as
//! the spec requires. Stages that work on bytes convert through [`CharIndex`].
//!
//! ```
//! use parallax_core::{Article, InputFormat, InputInfo};
//! let article = Article::from_paragraphs(
//!     "id1".into(),
//!     InputInfo { path: None, url: None, format: InputFormat::Text },
//!     &["First paragraph.", "Second one."],
//! );
//! assert_eq!(article.text, "First paragraph.\n\nSecond one.");
//! assert_eq!(article.paragraphs[1].start, 18);
//! ```

mod article;
mod id;
mod technique;
mod text;

pub use article::*;
pub use id::{stable_id, stable_key};
pub use technique::{Technique, UnknownTechnique};
pub use text::{char_len, CharIndex};
