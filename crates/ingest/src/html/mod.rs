//! HTML article extraction: main content and metadata from a web page.
//!
//! The page is tokenized and built into a light arena DOM ([`dom`]); elements are classified by
//! tag and class/id names ([`classify`]); furniture is pruned and the subtree holding the body
//! text is chosen by scoring paragraphs ([`content`]); that subtree is rendered into paragraphs
//! and furniture blocks are filtered out ([`blocks`], [`filter`]). Metadata comes from `<meta>`,
//! JSON-LD and the visible page ([`meta`]).
//!
//! No step recurses, so deeply nested pages cannot overflow the stack; nesting beyond
//! `Limits::max_depth` is refused with [`Reason::TooDeep`].

mod blocks;
pub mod charset;
mod classify;
mod content;
mod dom;
mod entities;
pub mod eval;
mod filter;
mod meta;
mod normalize;
mod tag;
mod tokenizer;

use crate::{Extracted, Limits, Reason};

/// Extracts the article in an HTML page.
///
/// `url` is the page's address when known (used for the outlet and relative links).
pub fn extract(html: &str, url: Option<&str>, limits: &Limits) -> Result<Extracted, Reason> {
    if html.len() > limits.max_document_bytes {
        return Err(Reason::TooLarge {
            limit: limits.max_document_bytes,
        });
    }
    if html.trim().is_empty() {
        return Err(Reason::Empty);
    }
    let doc = dom::parse(html, limits)?;
    let metadata = meta::extract(&doc, url);
    let mut paragraphs = body(&doc, &metadata, content::Pruning::Full);
    // Pages whose article is named like furniture (a live ticker in "comments", a body in a
    // "sidebar" layout) lose it to pruning: look again with only the never-text parts removed.
    if total_chars(&paragraphs) < 250 {
        let light = body(&doc, &metadata, content::Pruning::Light);
        let keeps_found_text = paragraphs.iter().all(|p| light.contains(p));
        if paragraphs.is_empty()
            || (keeps_found_text && total_chars(&light) > 3 * total_chars(&paragraphs))
        {
            paragraphs = light;
        }
    }
    if paragraphs.is_empty() {
        return Err(Reason::NoText);
    }
    Ok(Extracted {
        title: metadata.title,
        authors: metadata.authors,
        published: metadata.published,
        outlet: metadata.outlet,
        language: metadata.language,
        url: metadata.url,
        paragraphs,
    })
}

fn body(doc: &dom::Document, metadata: &meta::Metadata, pruning: content::Pruning) -> Vec<String> {
    let analysis = content::analyse(doc, pruning);
    match content::select(doc, &analysis) {
        Some(selection) => {
            let blocks = blocks::collect(doc, &analysis, &selection.roots);
            filter::paragraphs(blocks, metadata)
        }
        None => Vec::new(),
    }
}

fn total_chars(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| p.chars().count()).sum()
}

#[cfg(test)]
mod debug {
    /// Shows how a page is read: `PARALLAX_HTML_PAGE=path cargo test -p parallax-ingest
    /// html::debug -- --ignored --nocapture`.
    #[test]
    #[ignore = "a development aid; needs PARALLAX_HTML_PAGE"]
    fn show_page() {
        let Ok(path) = std::env::var("PARALLAX_HTML_PAGE") else {
            return;
        };
        let bytes = std::fs::read(&path).unwrap();
        let html = super::charset::decode(&bytes);
        let doc = super::dom::parse(&html, &crate::Limits::default()).unwrap();
        let analysis = super::content::analyse(&doc, super::content::Pruning::Full);
        println!("{}", super::content::describe(&doc, &analysis));
        match super::extract(&html, None, &crate::Limits::default()) {
            Ok(e) => {
                println!("title {:?}\nauthors {:?}\npublished {:?}\noutlet {:?}\nlanguage {:?}\nurl {:?}", e.title, e.authors, e.published, e.outlet, e.language, e.url);
                for p in e.paragraphs {
                    println!("| {p}");
                }
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
