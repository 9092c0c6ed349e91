//! The narratives pages: each known narrative of the server's catalog that stored articles
//! carry, with the best of those articles, their scores and the sentences that carry it; and
//! one narrative's page with every article that carries it.

use crate::html::Html;
use crate::links;
use crate::narratives::{NarrativeMatches, NarrativeView};
use crate::pages::common::{article_line_start, plural};

/// Articles shown per narrative (best first).
pub const ARTICLES_SHOWN: usize = 50;
/// Carrying sentences shown per article (best first).
pub const SENTENCES_SHOWN: usize = 3;

/// The page when the server was started without a catalog.
pub fn no_catalog() -> Html {
    let mut h = Html::new();
    h.raw(
        "<h1>Narratives</h1><p>This server was started without a narrative catalog. \
         Start it with one to see which stored articles carry which known narratives:</p>\
         <pre><code>parallax serve --db DIR --catalog FILE</code></pre>\
         <p class=\"hint\">The catalog is JSONL (<code>id</code>, <code>claim</code>, \
         <code>summary</code>, <code>keywords</code>) or CSV/TSV with a header row, as for \
         <code>parallax narratives</code>.</p>",
    );
    h
}

pub fn list(source: &str, matches: &NarrativeMatches) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Narratives</h1><p class=\"lead\">")
        .text(&plural(matches.narratives.len(), "narrative", "narratives"))
        .raw(" of the ")
        .num(matches.catalog)
        .raw(" in <code>")
        .text(source)
        .raw("</code> carried by the ")
        .text(&plural(
            matches.articles,
            "stored article",
            "stored articles",
        ))
        .raw(".</p>");
    if matches.narratives.is_empty() {
        h.raw("<p>No stored article carries a narrative of this catalog.</p>");
        return h;
    }
    for n in &matches.narratives {
        h.raw("<section class=\"narrative\"><h2><a href=\"")
            .text(&links::narrative(&n.id))
            .raw("\"><code>")
            .text(&n.id)
            .raw("</code> ")
            .text(&n.claim)
            .raw("</a></h2>");
        articles(&mut h, n, Some(ARTICLES_SHOWN));
        h.raw("</section>");
    }
    h
}

/// One narrative's page: every stored article that carries it.
pub fn narrative(source: &str, n: &NarrativeView) -> Html {
    let mut h = Html::new();
    h.raw("<p class=\"crumbs\"><a href=\"/narratives\">Narratives</a> of <code>")
        .text(source)
        .raw("</code></p><h1>")
        .text(&n.claim)
        .raw("</h1><p class=\"lead\">Narrative <code>")
        .text(&n.id)
        .raw("</code>.</p><section class=\"narrative\">");
    articles(&mut h, n, None);
    h.raw("</section>");
    h
}

/// The page for a narrative id no stored article carries (or the catalog lacks).
pub fn unknown(id: &str) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Narrative not found</h1><p>No stored article carries a narrative <code>")
        .text(id)
        .raw("</code> of this server's catalog. <a href=\"/narratives\">All narratives</a>.</p>");
    h
}

/// The articles carrying `n`, best first, at most `limit` of them.
fn articles(h: &mut Html, n: &NarrativeView, limit: Option<usize>) {
    let shown = limit.unwrap_or(usize::MAX);
    h.raw("<p class=\"hint\">")
        .text(&plural(n.articles.len(), "article", "articles"));
    if n.articles.len() > shown {
        h.raw(", the ")
            .num(shown)
            .raw(" best shown; <a href=\"")
            .text(&links::narrative(&n.id))
            .raw("\">all of them</a>");
    }
    h.raw(".</p><ul class=\"article-list\">");
    for a in n.articles.iter().take(shown) {
        article_line_start(
            h,
            &a.id,
            a.title.as_deref(),
            a.outlet.as_deref(),
            a.published.as_deref(),
        );
        h.raw(" · score <span class=\"score-value\">")
            .fixed(a.score, 2)
            .raw("</span></span>");
        if !a.sentences.is_empty() {
            h.raw("<ul class=\"quote-list\">");
            for s in a.sentences.iter().take(SENTENCES_SHOWN) {
                let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
                h.raw("<li><blockquote>")
                    .text(&text)
                    .raw("</blockquote> <span class=\"count\">")
                    .fixed(s.score, 2)
                    .raw("</span></li>");
            }
            h.raw("</ul>");
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
}
