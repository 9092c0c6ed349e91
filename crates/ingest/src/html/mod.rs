//! HTML article extraction: main content and metadata from a web page.
//!
//! The page is tokenized ([`tokenizer`]) and built into a light arena DOM ([`dom`]); elements
//! get a role from their tag and class/id names ([`classify`]); furniture is pruned and text is
//! counted ([`analysis`]); the element holding the article is the one whose blocks of text
//! weigh most ([`select`]); it is rendered into blocks ([`blocks`]) and furniture blocks are
//! filtered out ([`filter`]). Metadata comes from JSON-LD, `<meta>` and the visible page
//! ([`meta`]).
//!
//! No step recurses, so deeply nested pages cannot overflow the stack; nesting beyond
//! `Limits::max_depth` is refused with [`Reason::TooDeep`]. Every pass is linear in the size
//! of the page.

mod analysis;
mod blocks;
mod byline;
pub mod charset;
mod classify;
mod date;
mod dom;
mod entities;
pub mod eval;
mod filter;
mod jsonld;
mod meta;
mod normalize;
mod select;
mod tag;
#[cfg(test)]
mod tests;
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
    let page = analysis::Page::new(&doc);
    let mut paragraphs = body(&page, &metadata, analysis::Pruning::Full);
    // Pages whose article is named like furniture (a live ticker in "comments", a body in a
    // "sidebar" layout) lose it to pruning: look again with only the never-text parts removed,
    // and take that when it finds the same text and much more.
    if total_chars(&paragraphs) < FALLBACK_BELOW_CHARS {
        let light = body(&page, &metadata, analysis::Pruning::Light);
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

/// Below this many characters of body text, the lightly pruned page is tried too.
const FALLBACK_BELOW_CHARS: usize = 100;

fn body(
    page: &analysis::Page,
    metadata: &meta::Metadata,
    pruning: analysis::Pruning,
) -> Vec<String> {
    let analysis = analysis::analyse(page, pruning);
    match select::select(page, &analysis) {
        Some(root) => filter::paragraphs(blocks::collect(page, &analysis, root), metadata),
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
        let page = super::analysis::Page::new(&doc);
        let analysis = super::analysis::analyse(&page, super::analysis::Pruning::Full);
        println!("{}", super::select::describe(&page, &analysis));
        let url = std::env::var("PARALLAX_HTML_URL").ok();
        match super::extract(&html, url.as_deref(), &crate::Limits::default()) {
            Ok(e) => {
                println!("title {:?}\nauthors {:?}\npublished {:?}\noutlet {:?}\nlanguage {:?}\nurl {:?}", e.title, e.authors, e.published, e.outlet, e.language, e.url);
                for p in e.paragraphs {
                    println!("| {p}");
                }
                let page = super::analysis::Page::new(&doc);
                let analysis = super::analysis::analyse(&page, super::analysis::Pruning::Full);
                if let Some(root) = super::select::select(&page, &analysis) {
                    let metadata = super::meta::extract(&doc, url.as_deref());
                    let blocks = super::blocks::collect(&page, &analysis, root);
                    for (block, verdict) in super::filter::judge(blocks, &metadata) {
                        if let Some(reason) = verdict {
                            println!("dropped ({reason}): {}", block.text);
                        }
                    }
                }
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
