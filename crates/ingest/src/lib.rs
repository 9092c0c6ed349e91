//! Ingest: turn inputs of any supported format into clean [`Article`](parallax_core::Article)s.
//!
//! Reading and extraction are separate steps so that callers can parallelise the expensive one:
//! the reader streams [`RawDocument`]s out of files, directories, archives and stdin (in input
//! order, bounded memory), and [`extract`] turns one raw document into an article with its
//! metadata, clean body and paragraphs.
//!
//! Supported inputs: plain text and markdown scrapes, HTML, JSONL, CSV and WARC, each optionally
//! gzip-compressed; the format is detected from the content, the file name only breaks ties.

mod containers;
pub mod date;
mod decode;
mod detect;
mod error;
mod extract;
mod extracted;
mod fields;
pub mod html;
pub mod names;
mod reader;
pub mod text;

pub use decode::{decode, Decoded};
pub use detect::{detect_format, is_article_extension};
pub use extract::{extract, iso_639_1};
pub use fields::Fields;
pub use reader::{read_bytes, DocumentStream, Inputs, Payload, RawDocument, ReadOptions};

pub use error::{human_bytes, InputError, Limits, Reason};
pub use extracted::Extracted;
