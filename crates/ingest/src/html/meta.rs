//! Article metadata: title, authors, publication date, outlet, language and canonical URL.

use super::dom::Document;
use super::normalize::collapse;
use super::tag::Tag;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
}

pub fn extract(doc: &Document, _url: Option<&str>) -> Metadata {
    let title = doc
        .elements(Tag::Title)
        .next()
        .map(|t| collapse(&doc.subtree_text(t)))
        .filter(|t| !t.is_empty());
    Metadata {
        title,
        ..Metadata::default()
    }
}
