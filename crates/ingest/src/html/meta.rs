//! Article metadata: title, authors, publication date, outlet, language and canonical URL, from
//! JSON-LD, `<meta>` tags, microdata and the visible page, in that order of trust.

use super::byline::{split_names, starts_like_byline, BYLINE_PREFIXES};
use super::date;
use super::dom::{Document, Kind, NodeId};
use super::jsonld;
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
    /// The first `<h1>` of the page (compared with body headings to drop the repeated title).
    pub h1: Option<String>,
}

/// Facts gathered from one page before choosing.
#[derive(Default)]
struct Found {
    meta: Vec<(String, String)>,
    ld: jsonld::Facts,
    microdata_authors: Vec<String>,
    microdata_published: Option<String>,
    byline_authors: Vec<String>,
    text_byline_authors: Vec<String>,
    visible_published: Option<String>,
    time_published: Option<String>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    lang: Option<String>,
}

impl Found {
    /// The first non-empty `<meta>` value among `keys` (lowercase), in the order of `keys`.
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.meta
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }
}

pub fn extract(doc: &Document, url: Option<&str>) -> Metadata {
    let found = gather(doc);
    let outlet = outlet(&found);
    let title = title(&found, outlet.as_deref());
    let outlet = outlet.or_else(|| title_suffix_outlet(&found, title.as_deref()));
    let authors = authors(&found, outlet.as_deref());
    let published = published(&found, url);
    let language = found.lang.as_deref().and_then(language_code).or_else(|| {
        found
            .meta(&["og:locale", "content-language", "language", "dc.language"])
            .and_then(language_code)
    });
    let canonical = found
        .canonical
        .as_deref()
        .or_else(|| found.meta(&["og:url"]))
        .and_then(|c| absolute(c, url));
    Metadata {
        title,
        authors,
        published,
        outlet,
        language,
        url: canonical,
        h1: found.h1,
    }
}

fn gather(doc: &Document) -> Found {
    let mut found = Found::default();
    let mut in_body = false;
    for id in 0..doc.len() as NodeId {
        let node = doc.node(id);
        if node.kind != Kind::Element {
            continue;
        }
        match node.tag {
            Tag::Html if found.lang.is_none() => {
                found.lang = doc
                    .attr(id, "lang")
                    .or_else(|| doc.attr(id, "xml:lang"))
                    .map(str::to_string);
            }
            Tag::Body => in_body = true,
            Tag::Meta => {
                let key = doc
                    .attr(id, "property")
                    .or_else(|| doc.attr(id, "name"))
                    .or_else(|| doc.attr(id, "itemprop"));
                if let (Some(key), Some(content)) = (key, doc.attr(id, "content")) {
                    found
                        .meta
                        .push((key.trim().to_ascii_lowercase(), collapse(content)));
                }
                if found.lang.is_none()
                    && doc
                        .attr(id, "http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
                {
                    found.lang = doc.attr(id, "content").map(str::to_string);
                }
            }
            Tag::Link if found.canonical.is_none() => {
                let rel = doc.attr(id, "rel").unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    found.canonical = doc.attr(id, "href").map(|h| h.trim().to_string());
                }
            }
            Tag::Title if found.title_tag.is_none() && !in_body => {
                found.title_tag = Some(collapse(&doc.subtree_text(id))).filter(|t| !t.is_empty());
            }
            Tag::Script
                if doc
                    .attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                jsonld::read(&doc.subtree_text(id), &mut found.ld);
            }
            Tag::H1 if found.h1.is_none() => {
                found.h1 = Some(collapse(&doc.subtree_text(id))).filter(|t| !t.is_empty());
            }
            Tag::Time if found.time_published.is_none() => {
                found.time_published = doc.attr(id, "datetime").and_then(date::normalise);
            }
            _ => {}
        }
        // Microdata outside <meta>: itemprop="author" / "datePublished" on visible elements.
        if let Some(itemprop) = doc.attr(id, "itemprop") {
            for prop in itemprop.split_ascii_whitespace() {
                match prop {
                    "author" | "creator" if node.tag != Tag::Meta => {
                        let name = microdata_name(doc, id);
                        if !name.is_empty() {
                            found.microdata_authors.push(name);
                        }
                    }
                    "datePublished" if found.microdata_published.is_none() => {
                        let value = doc
                            .attr(id, "datetime")
                            .or_else(|| doc.attr(id, "content"))
                            .map(str::to_string);
                        let value = value.unwrap_or_else(|| doc.subtree_text(id));
                        found.microdata_published = date::normalise(&value);
                    }
                    _ => {}
                }
            }
        }
        if in_body && found.byline_authors.is_empty() && is_byline_element(doc, id) {
            let text = collapse(&doc.subtree_text(id));
            if text.chars().count() <= 120 {
                found
                    .byline_authors
                    .extend(split_names(&text).into_iter().filter(|n| n.contains(' ')));
            }
        }
        // A short element classed as a date ("post-date", "entry-date", "datum").
        if in_body
            && found.visible_published.is_none()
            && node.end - id <= 12
            && is_date_element(doc, id)
        {
            found.visible_published = date::normalise(&doc.subtree_text(id));
        }
        // A short element that reads "By Jane Doe" is a byline whatever its class.
        if in_body
            && found.text_byline_authors.is_empty()
            && node.end - id <= 12
            && matches!(
                node.tag,
                Tag::P
                    | Tag::Div
                    | Tag::Span
                    | Tag::H2
                    | Tag::H3
                    | Tag::H4
                    | Tag::H5
                    | Tag::H6
                    | Tag::Li
                    | Tag::Address
                    | Tag::Em
                    | Tag::Strong
                    | Tag::B
                    | Tag::I
            )
            && first_text_starts_like_byline(doc, id)
        {
            let text = collapse(&doc.subtree_text(id));
            if text.chars().count() <= 100 && starts_like_byline(&text) {
                found
                    .text_byline_authors
                    .extend(split_names(&text).into_iter().filter(|n| n.contains(' ')));
            }
        }
    }
    found
}

fn is_date_element(doc: &Document, id: NodeId) -> bool {
    doc.attr(id, "class").is_some_and(|class| {
        let class = class.to_ascii_lowercase();
        ["date", "datum", "time", "publish", "posted", "meta"]
            .iter()
            .any(|w| class.contains(w))
    })
}

/// `rel="author"` links and elements whose class names them the byline or author.
fn is_byline_element(doc: &Document, id: NodeId) -> bool {
    if doc.node(id).tag == Tag::A
        && doc
            .attr(id, "rel")
            .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author"))
    {
        return true;
    }
    doc.attr(id, "class").is_some_and(|class| {
        class.split_ascii_whitespace().any(|word| {
            let w = word.to_ascii_lowercase();
            matches!(
                w.as_str(),
                "byline"
                    | "author"
                    | "author-name"
                    | "authorname"
                    | "byline__name"
                    | "byline-name"
                    | "article-author"
                    | "post-author"
                    | "entry-author"
                    | "author_name"
                    | "fn"
            )
        })
    })
}

/// The name inside an `itemprop="author"` element: its `itemprop="name"` child when present.
fn microdata_name(doc: &Document, id: NodeId) -> String {
    for inner in id + 1..doc.node(id).end {
        if doc
            .attr(inner, "itemprop")
            .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "name"))
        {
            let value = doc
                .attr(inner, "content")
                .map(str::to_string)
                .unwrap_or_else(|| doc.subtree_text(inner));
            return collapse(&value);
        }
    }
    doc.attr(id, "content")
        .map(collapse)
        .unwrap_or_else(|| collapse(&doc.subtree_text(id)))
}

/// Cheap test before collecting an element's text: its first words open a byline.
fn first_text_starts_like_byline(doc: &Document, id: NodeId) -> bool {
    (id + 1..doc.node(id).end)
        .map(|n| doc.text_of(n).trim_start())
        .find(|t| !t.is_empty())
        .is_some_and(|t| {
            BYLINE_PREFIXES
                .iter()
                .any(|p| t.get(..p.len()).is_some_and(|h| h.to_lowercase() == *p))
        })
}

fn outlet(found: &Found) -> Option<String> {
    found
        .meta(&[
            "og:site_name",
            "application-name",
            "publisher",
            "dc.publisher",
            "twitter:site",
        ])
        .map(|s| s.trim_start_matches('@').to_string())
        .or_else(|| found.ld.publisher.clone())
        .filter(|s| !s.is_empty() && s.chars().count() <= 80 && !s.contains("://"))
}

/// Separators between an article title and the site name in `<title>`.
const TITLE_SEPARATORS: [&str; 11] = [
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " › ", " : ", " // ",
];

/// `<title>` without the site name: "Storm hits coast | The Daily" -> "Storm hits coast".
/// With a known outlet only the outlet's name is removed; without one, a short last part is.
fn strip_site_name(title: &str, outlet: Option<&str>) -> String {
    let outlet_key = outlet.map(comparable_title).filter(|o| !o.is_empty());
    let names_outlet = |part: &str| {
        let part = comparable_title(part);
        outlet_key.as_deref().is_some_and(|o| {
            !part.is_empty() && (part == o || o.contains(&part) || part.contains(o))
        })
    };
    for sep in TITLE_SEPARATORS {
        // "Title | Outlet", "Title : Outlet | tagline": cut before the part that names the outlet.
        let mut from = 0;
        while let Some(i) = title[from..].find(sep).map(|i| from + i) {
            let rest = &title[i + sep.len()..];
            let part = TITLE_SEPARATORS
                .iter()
                .filter_map(|s| rest.find(s))
                .min()
                .map_or(rest, |j| &rest[..j]);
            if i > 0 && names_outlet(part) {
                return title[..i].trim().to_string();
            }
            from = i + sep.len();
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if names_outlet(head) {
                return tail.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.rsplit_once(sep) {
            // Pipes and guillemets rarely occur inside headlines; dashes and colons do.
            let max_words = if matches!(sep, " - " | " – " | " — " | " : ") {
                4
            } else {
                8
            };
            let short_tail = outlet.is_none()
                && tail.split_whitespace().count() <= max_words
                && head.chars().count() > tail.chars().count();
            if short_tail {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

fn title(found: &Found, outlet: Option<&str>) -> Option<String> {
    let candidates = [
        found
            .meta(&["og:title", "twitter:title", "dc.title", "citation_title"])
            .map(str::to_string),
        found.ld.headline.clone(),
        found.title_tag.clone(),
    ];
    // The visible headline is the title without any site name, when the declared titles
    // contain it.
    if let Some(h1) = found.h1.as_deref() {
        let h1_key = comparable_title(h1);
        let is_outlet = outlet.is_some_and(|o| comparable_title(o) == h1_key);
        let h1_len = h1_key.chars().count();
        let matches = |declared: &String| {
            let declared = comparable_title(declared);
            declared.starts_with(&h1_key)
                || (declared.contains(&h1_key) && h1_len * 2 >= declared.chars().count())
        };
        if h1_len >= 8 && !is_outlet && candidates.iter().flatten().any(matches) {
            return Some(h1.to_string());
        }
    }
    candidates
        .into_iter()
        .flatten()
        .chain(found.h1.clone())
        .map(|t| strip_site_name(&t, outlet))
        .find(|t| !t.is_empty())
}

/// Lower case, letters and digits only, single spaces: titles compared across sources.
fn comparable_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// When no tag names the outlet, the part of `<title>` that the title itself does not contain.
fn title_suffix_outlet(found: &Found, title: Option<&str>) -> Option<String> {
    let full = found.title_tag.as_deref()?;
    let title = title?;
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = full.rsplit_once(sep) {
            let tail = tail.trim();
            if head.trim() == title
                && !tail.is_empty()
                && tail.split_whitespace().count() <= 4
                && !tail.contains('/')
            {
                return Some(tail.to_string());
            }
        }
    }
    None
}

fn authors(found: &Found, outlet: Option<&str>) -> Vec<String> {
    let meta_authors = found
        .meta(&[
            "author",
            "article:author",
            "citation_author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
        ])
        .filter(|a| !a.contains("://"))
        .map(split_names)
        .unwrap_or_default();
    let lists = [
        &found.ld.authors,
        &meta_authors,
        &found.microdata_authors,
        &found.byline_authors,
        &found.text_byline_authors,
    ];
    let is_outlet = |name: &str| outlet.is_some_and(|o| o.eq_ignore_ascii_case(name));
    for list in lists {
        let names: Vec<String> = list.iter().filter(|n| !is_outlet(n)).cloned().collect();
        if !names.is_empty() {
            let mut unique: Vec<String> = Vec::new();
            for n in names {
                if !unique.contains(&n) {
                    unique.push(n);
                }
            }
            unique.truncate(10);
            return unique;
        }
    }
    Vec::new()
}

fn published(found: &Found, url: Option<&str>) -> Option<String> {
    found
        .ld
        .published
        .clone()
        .or_else(|| {
            found
                .meta(&[
                    "article:published_time",
                    "og:article:published_time",
                    "datepublished",
                    "publishdate",
                    "publish-date",
                    "pubdate",
                    "date",
                    "dc.date.issued",
                    "dc.date",
                    "dcterms.date",
                    "dcterms.created",
                    "citation_publication_date",
                    "sailthru.date",
                    "parsely-pub-date",
                    "article.published",
                ])
                .and_then(date::normalise)
        })
        .or_else(|| found.microdata_published.clone())
        .or_else(|| found.time_published.clone())
        .or_else(|| url.and_then(date::from_url))
        .or_else(|| found.visible_published.clone())
}

/// The two-letter ISO 639-1 code of a language tag ("en-GB", "de_DE", "fr").
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// `href` made absolute against the page URL when it is relative.
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    let host = rest.split('/').next()?;
    if let Some(path) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{path}"));
    }
    if href.starts_with('/') {
        return Some(format!("{scheme}://{host}{href}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    fn meta_of(html: &str, url: Option<&str>) -> Metadata {
        extract(
            &super::super::dom::parse(html, &Limits::default()).unwrap(),
            url,
        )
    }

    #[test]
    fn json_ld_article_wins() {
        let html = r#"<html lang="en-GB"><head><title>Flood warning issued | Riverside Gazette</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Riverside Gazette"},
              {"@type":"NewsArticle","headline":"Flood warning issued","datePublished":"2021-03-04T08:15:00Z",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],
               "publisher":{"@type":"Organization","name":"Riverside Gazette"}}]}</script>
            <link rel="canonical" href="/news/flood"></head><body><p>Text.</p></body></html>"#;
        let m = meta_of(html, Some("https://gazette.example/news/flood?ref=x"));
        assert_eq!(m.title.as_deref(), Some("Flood warning issued"));
        assert_eq!(m.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(m.published.as_deref(), Some("2021-03-04T08:15:00+00:00"));
        assert_eq!(m.outlet.as_deref(), Some("Riverside Gazette"));
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(m.url.as_deref(), Some("https://gazette.example/news/flood"));
    }

    #[test]
    fn meta_tags_and_byline() {
        let html = r#"<html lang="de"><head><title>Neue Brücke eröffnet - Stadtblatt</title>
            <meta property="og:site_name" content="Stadtblatt">
            <meta property="og:title" content="Neue Brücke eröffnet">
            <meta property="article:published_time" content="2019-06-02T10:00:00+02:00">
            <meta property="og:url" content="https://stadtblatt.example/bruecke"></head>
            <body><p class="byline">Von Karl Weber und Eva Roth</p><p>Text.</p></body></html>"#;
        let m = meta_of(html, None);
        assert_eq!(m.title.as_deref(), Some("Neue Brücke eröffnet"));
        assert_eq!(m.authors, ["Karl Weber", "Eva Roth"]);
        assert_eq!(m.published.as_deref(), Some("2019-06-02T10:00:00+02:00"));
        assert_eq!(m.outlet.as_deref(), Some("Stadtblatt"));
        assert_eq!(m.language.as_deref(), Some("de"));
        assert_eq!(m.url.as_deref(), Some("https://stadtblatt.example/bruecke"));
    }

    #[test]
    fn title_suffix_names_the_outlet_and_url_gives_the_date() {
        let html = "<title>Council approves budget | Harbour Times</title><h1>Council approves budget</h1><p>x</p>";
        let m = meta_of(html, Some("https://harbour.example/2020/11/05/budget"));
        assert_eq!(m.title.as_deref(), Some("Council approves budget"));
        assert_eq!(m.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(m.published.as_deref(), Some("2020-11-05"));
        assert_eq!(m.authors, Vec::<String>::new());
        assert_eq!(m.language, None);
    }

    #[test]
    fn authors_are_people_not_outlets_or_urls() {
        assert_eq!(
            split_names("By Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            split_names("Maria García, Luis Pérez y Ana Ruiz"),
            ["Maria García", "Luis Pérez", "Ana Ruiz"]
        );
        assert_eq!(
            split_names("https://example.org/author/jd"),
            Vec::<String>::new()
        );
        assert_eq!(split_names("staff writer 2"), Vec::<String>::new());
        let html = r#"<meta name="author" content="Harbour Times"><meta property="og:site_name" content="Harbour Times"><p>x</p>"#;
        assert_eq!(meta_of(html, None).authors, Vec::<String>::new());
        let html = r#"<script type="application/ld+json">{"@type":"Article","author":{"@type":"Organization","name":"Harbour Times"}}</script><p>x</p>"#;
        assert_eq!(meta_of(html, None).authors, Vec::<String>::new());
    }
}
