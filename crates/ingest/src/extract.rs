//! Raw document to article: run the extractor that fits the payload, then apply what a
//! structured record states explicitly.

use parallax_core::Article;

use crate::date::parse_date;
use crate::detect::detect_format;
use crate::fields::Fields;
use crate::reader::{Payload, RawDocument};
use crate::text::collapse_whitespace;
use crate::{html, text, Extracted, InputError, Limits, Reason};

/// Extracts the article in a raw document: metadata, clean body and paragraph spans.
pub fn extract(raw: RawDocument, limits: &Limits) -> Result<Article, InputError> {
    let RawDocument {
        id,
        label,
        mut input,
        payload,
        ..
    } = raw;
    let fail = |reason: Reason| InputError::new(label.clone(), reason);
    let extracted = match payload {
        Payload::Text(body) => text::extract(&body, false),
        Payload::Markdown(body) => text::extract(&body, true),
        Payload::Html(page) => html::extract(&page, input.url.as_deref(), limits).map_err(fail)?,
        Payload::Fields(fields) => {
            from_fields(fields, input.url.as_deref(), limits).map_err(fail)?
        }
    };
    if extracted.paragraphs.is_empty() {
        return Err(fail(Reason::NoText));
    }
    let text_chars: usize = extracted
        .paragraphs
        .iter()
        .map(|p| p.chars().count() + 2)
        .sum();
    if text_chars > limits.max_text_chars {
        return Err(fail(Reason::TextTooLong {
            limit: limits.max_text_chars,
        }));
    }
    if input.url.is_none() {
        input.url = extracted.url.clone();
    }
    let mut article = Article::from_paragraphs(id, input, &extracted.paragraphs);
    article.title = extracted
        .title
        .map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty());
    article.authors = extracted.authors;
    article.published = extracted.published;
    article.outlet = extracted.outlet.filter(|o| !o.is_empty());
    article.language = extracted.language.and_then(|l| iso_639_1(&l));
    Ok(article)
}

/// Extracts from the body a record carries, then lets the record's own fields win.
fn from_fields(fields: Fields, url: Option<&str>, limits: &Limits) -> Result<Extracted, Reason> {
    let mut extracted = match (&fields.html, &fields.text) {
        (Some(page), _) => html::extract(page, url, limits)?,
        (None, Some(body)) => {
            let markdown =
                detect_format(body.as_bytes(), None) == parallax_core::InputFormat::Markdown;
            text::extract(body, markdown)
        }
        (None, None) => return Err(Reason::NoText),
    };
    if let Some(title) = fields.title {
        // A scrape often repeats the headline as its first line.
        if extracted
            .paragraphs
            .first()
            .is_some_and(|p| collapse_whitespace(p) == collapse_whitespace(&title))
        {
            extracted.paragraphs.remove(0);
        }
        extracted.title = Some(title);
    }
    if !fields.authors.is_empty() {
        extracted.authors = fields.authors;
    }
    if let Some(published) = fields.published.as_deref().and_then(parse_date) {
        extracted.published = Some(published);
    }
    if fields.outlet.is_some() {
        extracted.outlet = fields.outlet;
    }
    if fields.language.is_some() {
        extracted.language = fields.language;
    }
    if fields.url.is_some() {
        extracted.url = fields.url;
    }
    Ok(extracted)
}

/// `en`, `en-GB`, `EN_us` -> `en`; anything else -> `None`.
pub fn iso_639_1(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}
