//! What an extractor finds in one document, before it becomes an [`Article`](parallax_core::Article).

/// The result of extracting one document: metadata and the clean body as paragraphs.
///
/// Extractors fill what the document says and leave the rest `None` / empty: never a guess.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    /// Person names only, without "By" and without outlet names.
    pub authors: Vec<String>,
    /// ISO 8601: `2017-01-19` or `2017-01-18T13:29:00` (with an offset when known).
    pub published: Option<String>,
    /// The publication as readers know it ("Global Research", "Ahram Online").
    pub outlet: Option<String>,
    /// ISO 639-1 code when the document declares it (`<html lang>`); detection happens later.
    pub language: Option<String>,
    /// The document's canonical URL when it states one.
    pub url: Option<String>,
    /// Body paragraphs (headings inside the body included), whitespace-normalised, in order.
    pub paragraphs: Vec<String>,
}
