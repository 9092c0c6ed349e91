//! The article page: the body with its technique spans highlighted, the legend, the score and
//! its explanation, claims, quotes with speakers, and entities linked to their pages.

use std::collections::BTreeMap;

use parallax_core::{Article, EntityType, Technique};

use crate::html::Html;
use crate::links;
use crate::pages::body::{self, technique_index};
use crate::pages::common::{outlet_link, plural, score};

/// Where the article shown comes from.
pub enum Origin<'a> {
    /// A stored record, with the inputs it was read from.
    Stored { sources: &'a [String] },
    /// A pasted document, analysed and not stored.
    Pasted,
}

/// What the corpus knows about a stored article: its event, its copies, and how each of its
/// claims fares across outlets. Empty for pasted articles and stores without the corpus layer.
#[derive(Default)]
pub struct CorpusContext {
    pub sections: Vec<Html>,
    /// Markup to show under each claim, by claim position.
    pub claim_notes: BTreeMap<usize, Html>,
}

pub fn render(article: &Article, origin: Origin, corpus: &CorpusContext) -> Html {
    let mut h = Html::new();
    h.raw("<article class=\"record\" data-id=\"")
        .text(&article.id)
        .raw("\">");
    if let Origin::Pasted = origin {
        h.raw(
            "<p class=\"notice\">This article was analysed as pasted and is not stored. \
             Entity links lead to what the corpus holds about each entity.</p>",
        );
    }
    h.raw("<h1>")
        .text(article.title.as_deref().unwrap_or("(untitled)"))
        .raw("</h1>");
    metadata(&mut h, article, &origin);

    h.raw("<div class=\"columns\"><div class=\"main-column\">");
    legend(&mut h, article);
    h.raw("<section class=\"body\" id=\"body\" aria-label=\"Article text\">")
        .append(&body::render(article))
        .raw("</section>");
    claims(&mut h, article, corpus);
    quotes(&mut h, article);
    h.raw("</div><aside class=\"side-column\">");
    assessment(&mut h, article);
    for section in &corpus.sections {
        h.append(section);
    }
    entities(&mut h, article);
    h.raw("<section><h2>Record</h2><p><a href=\"")
        .text(&format!("/api/records/{}", links::encode(&article.id)))
        .raw("\">The record as JSON</a></p></section>");
    h.raw("</aside></div></article>");
    h
}

fn metadata(h: &mut Html, article: &Article, origin: &Origin) {
    h.raw("<dl class=\"meta-list\"><dt>Outlet</dt><dd>");
    outlet_link(h, article.outlet.as_deref());
    h.raw("</dd><dt>Published</dt><dd>");
    match &article.published {
        Some(p) => h.raw("<time>").text(p).raw("</time>"),
        None => h.raw("unknown"),
    };
    h.raw("</dd>");
    if !article.authors.is_empty() {
        h.raw("<dt>By</dt><dd>");
        for (i, author) in article.authors.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.text(author);
        }
        h.raw("</dd>");
    }
    h.raw("<dt>Language</dt><dd>")
        .text(article.language.as_deref().unwrap_or("unknown"))
        .raw("</dd><dt>Length</dt><dd>")
        .text(&plural(article.word_count(), "word", "words"))
        .raw("</dd>");
    if let Some(url) = &article.input.url {
        h.raw("<dt>URL</dt><dd>")
            .external_link(url, url)
            .raw("</dd>");
    }
    h.raw("<dt>Read as</dt><dd>")
        .text(article.input.format.as_str())
        .raw("</dd><dt>Id</dt><dd><code>")
        .text(&article.id)
        .raw("</code></dd>");
    if let Origin::Stored { sources } = origin {
        if !sources.is_empty() {
            h.raw("<dt>Sources</dt><dd>");
            for (i, source) in sources.iter().enumerate() {
                if i > 0 {
                    h.raw(", ");
                }
                h.raw("<code>").text(source).raw("</code>");
            }
            h.raw("</dd>");
        }
    }
    h.raw("</dl>");
}

/// Techniques present, with colour, count and definition. The checkboxes that hide or show a
/// technique's highlighting are added by the script; without it the legend is a list.
fn legend(h: &mut Html, article: &Article) {
    let mut counts: BTreeMap<usize, (Technique, usize, usize)> = BTreeMap::new();
    for span in &article.techniques {
        let entry = counts
            .entry(technique_index(span.technique))
            .or_insert((span.technique, 0, 0));
        if span.reported {
            entry.2 += 1;
        } else {
            entry.1 += 1;
        }
    }
    h.raw("<section class=\"legend\" id=\"legend\"><h2>Persuasion techniques</h2>");
    if counts.is_empty() {
        h.raw("<p>No persuasion technique was detected in this article.</p></section>");
        return;
    }
    h.raw(
        "<p class=\"hint\">Highlighted in the text by colour; a dashed underline marks a \
         technique the article only reports (inside someone else's quote), a double underline \
         several techniques on the same words. Hover over a highlight for its confidence.</p>\
         <ul class=\"legend-list\">",
    );
    for (index, (technique, own, reported)) in counts {
        h.raw("<li data-t=\"")
            .num(index)
            .raw("\"><span class=\"swatch c")
            .num(index)
            .raw("\"></span> <strong>")
            .text(&technique.name().replace('_', " "))
            .raw("</strong> <span class=\"count\">")
            .text(&plural(own, "span", "spans"));
        if reported > 0 {
            h.raw(", ").num(reported).raw(" reported");
        }
        h.raw("</span> <span class=\"definition\">")
            .text(technique.definition())
            .raw("</span></li>");
    }
    h.raw("</ul></section>");
}

fn assessment(h: &mut Html, article: &Article) {
    h.raw("<section class=\"assessment\"><h2>Propaganda score</h2>");
    score(h, article.scores.propaganda);
    let others: Vec<_> = article
        .scores
        .other
        .iter()
        .filter(|(name, _)| name.as_str() != "propaganda")
        .collect();
    if !others.is_empty() {
        h.raw("<dl class=\"other-scores\">");
        for (name, value) in others {
            h.raw("<dt>")
                .text(&name.replace('_', " "))
                .raw("</dt><dd>")
                .fixed(*value, 2)
                .raw("</dd>");
        }
        h.raw("</dl>");
    }
    h.raw("<h3>Why</h3>");
    if article.explanation.is_empty() {
        h.raw("<p>No explanation was given.</p>");
    } else {
        h.raw("<ol class=\"explanation\">");
        for reason in &article.explanation {
            h.raw("<li>").text(reason).raw("</li>");
        }
        h.raw("</ol>");
    }
    h.raw("</section>");
}

/// The slice of the text a span covers (characters), clamped.
pub fn excerpt(article: &Article, start: usize, end: usize) -> String {
    article
        .text
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

fn claims(h: &mut Html, article: &Article, corpus: &CorpusContext) {
    h.raw("<section class=\"claims\" id=\"claims\"><h2>Check-worthy claims</h2>");
    if article.claims.is_empty() {
        h.raw("<p>No sentence of this article was judged worth checking.</p></section>");
        return;
    }
    let mut order: Vec<usize> = (0..article.claims.len()).collect();
    order.sort_by(|&a, &b| {
        article.claims[b]
            .checkworthy
            .partial_cmp(&article.claims[a].checkworthy)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    h.raw("<ol class=\"claim-list\">");
    for i in order {
        let claim = &article.claims[i];
        h.raw("<li class=\"claim\" id=\"claim-")
            .num(i)
            .raw("\"><blockquote>")
            .text(&excerpt(article, claim.start, claim.end))
            .raw("</blockquote><p class=\"claim-meta\">check-worthiness ")
            .fixed(claim.checkworthy, 2)
            .raw(" · ");
        match &claim.attributed_to {
            Some(who) => h.raw("attributed to <strong>").text(who).raw("</strong>"),
            None => h.raw("asserted by the article"),
        };
        h.raw("</p>");
        if let Some(note) = corpus.claim_notes.get(&i) {
            h.append(note);
        }
        h.raw("</li>");
    }
    h.raw("</ol></section>");
}

fn quotes(h: &mut Html, article: &Article) {
    h.raw("<section class=\"quotes\" id=\"quotes\"><h2>Quotes</h2>");
    if article.quotes.is_empty() {
        h.raw("<p>No quoted or reported speech was found.</p></section>");
        return;
    }
    h.raw("<ol class=\"quote-list\">");
    for quote in &article.quotes {
        h.raw("<li><p class=\"speaker\">");
        match (&quote.speaker, &quote.speaker_id) {
            (Some(name), Some(id)) => {
                h.raw("<a href=\"")
                    .text(&links::entity(id))
                    .raw("\">")
                    .text(name)
                    .raw("</a>");
            }
            (Some(name), None) => {
                h.text(name);
            }
            (None, _) => {
                h.raw("<em>speaker not identified</em>");
            }
        }
        if quote.anonymous {
            h.raw(" <span class=\"badge\">anonymous source</span>");
        }
        if let Some(cue) = &quote.cue {
            h.raw(" <span class=\"cue\">").text(cue).raw("</span>");
        }
        h.raw("</p><blockquote>")
            .text(&excerpt(article, quote.start, quote.end))
            .raw("</blockquote></li>");
    }
    h.raw("</ol></section>");
}

fn entities(h: &mut Html, article: &Article) {
    // id -> (type, most frequent surface form, mentions)
    let mut by_id: BTreeMap<&str, (EntityType, BTreeMap<&str, usize>, usize)> = BTreeMap::new();
    for m in &article.entities {
        let entry = by_id
            .entry(m.id.as_str())
            .or_insert((m.entity_type, BTreeMap::new(), 0));
        *entry.1.entry(m.text.as_str()).or_default() += 1;
        entry.2 += 1;
    }
    h.raw("<section class=\"entities\"><h2>Entities</h2>");
    if by_id.is_empty() {
        h.raw("<p>No named entity was found.</p></section>");
        return;
    }
    let mut rows: Vec<_> = by_id.into_iter().collect();
    rows.sort_by(|a, b| b.1 .2.cmp(&a.1 .2).then(a.0.cmp(b.0)));
    h.raw("<ul class=\"entity-list\">");
    for (id, (kind, forms, mentions)) in rows {
        let name = forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(id, |(n, _)| *n);
        h.raw("<li><span class=\"kind ent-")
            .text(kind.as_str())
            .raw("\">")
            .text(kind.as_str())
            .raw("</span> <a href=\"")
            .text(&links::entity(id))
            .raw("\">")
            .text(name)
            .raw("</a> <span class=\"count\">×")
            .num(mentions)
            .raw("</span></li>");
    }
    h.raw("</ul></section>");
}
