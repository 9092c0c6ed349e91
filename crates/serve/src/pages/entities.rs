//! The entities list and the entity page: names, outlets, what the entity said, the entities
//! it appears with, and its articles.

use crate::html::Html;
use crate::links;
use crate::pages::common::{outlet_link, plural, score};
use crate::profiles::{EntityListEntry, EntityProfile};

pub fn list(filter: &str, total: usize, entities: &[EntityListEntry]) -> Html {
    let mut h = Html::new();
    h.raw(
        "<h1>Entities</h1><form class=\"inline-form\" action=\"/entities\" method=\"get\">\
           <label>Name or id contains <input type=\"search\" name=\"q\" value=\"",
    )
    .text(filter)
    .raw("\"></label> <button type=\"submit\">Filter</button></form><p class=\"hint\">")
    .text(&plural(total, "entity", "entities"));
    if total > entities.len() {
        h.raw(", the ")
            .num(entities.len())
            .raw(" in most articles shown");
    }
    h.raw(
        ".</p><table class=\"table entities\"><thead><tr><th>Type</th><th>Name</th><th>Id</th>\
           <th>Articles</th><th>Mentions</th></tr></thead><tbody>",
    );
    for e in entities {
        h.raw("<tr><td><span class=\"kind ent-")
            .text(e.kind)
            .raw("\">")
            .text(e.kind)
            .raw("</span></td><td><a href=\"")
            .text(&links::entity(&e.id))
            .raw("\">")
            .text(&e.name)
            .raw("</a></td><td><code>")
            .text(&e.id)
            .raw("</code></td><td class=\"n\">")
            .num(e.articles)
            .raw("</td><td class=\"n\">")
            .num(e.mentions)
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    h
}

/// The page of an entity no stored article mentions (a pasted article may link to one).
pub fn unknown(id: &str) -> Html {
    let mut h = Html::new();
    h.raw("<h1>")
        .text(id)
        .raw("</h1><p>No stored article mentions this entity.</p>");
    h
}

pub fn profile(p: &EntityProfile) -> Html {
    let mut h = Html::new();
    h.raw("<h1><span class=\"kind ent-")
        .text(p.kind)
        .raw("\">")
        .text(p.kind)
        .raw("</span> ")
        .text(&p.name)
        .raw("</h1><p class=\"lead\"><code>")
        .text(&p.id)
        .raw("</code>: ")
        .text(&plural(p.mentions as usize, "mention", "mentions"))
        .raw(" in ")
        .text(&plural(p.articles, "article", "articles"))
        .raw(". <a href=\"")
        .text(&links::search(&[("entity", &p.id)]))
        .raw("\">Search them</a>.</p>");
    h.raw("<div class=\"columns\"><div class=\"main-column\">");
    h.raw("<section><h2>What it said</h2>");
    if p.statements.is_empty() {
        h.raw("<p>None of its latest articles quotes it.</p>");
    } else {
        h.raw("<ol class=\"quote-list\">");
        for s in &p.statements {
            h.raw("<li><blockquote>")
                .text(&s.text)
                .raw("</blockquote><p class=\"claim-meta\">");
            if let Some(cue) = &s.cue {
                h.raw("<span class=\"cue\">").text(cue).raw("</span>, ");
            }
            h.raw("<a href=\"")
                .text(&links::article(&s.article.id))
                .raw("\">")
                .text(s.article.title.as_deref().unwrap_or("(untitled)"))
                .raw("</a> · ");
            outlet_link(&mut h, s.article.outlet.as_deref());
            h.raw("</p></li>");
        }
        h.raw("</ol>");
    }
    h.raw("</section><section><h2>Articles</h2><ul class=\"article-list\">");
    for a in &p.recent {
        h.raw("<li class=\"article-line\"><a class=\"title\" href=\"")
            .text(&links::article(&a.id))
            .raw("\">")
            .text(a.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a> <span class=\"meta\">");
        outlet_link(&mut h, a.outlet.as_deref());
        if let Some(d) = &a.published {
            h.raw(" · <time>").text(d).raw("</time>");
        }
        h.raw(" · ");
        score(&mut h, a.propaganda);
        h.raw("</span></li>");
    }
    h.raw("</ul></section></div><aside class=\"side-column\"><section><h2>Written as</h2><ul>");
    for n in &p.names {
        h.raw("<li>")
            .text(&n.text)
            .raw(" <span class=\"count\">×")
            .num(n.count)
            .raw("</span></li>");
    }
    h.raw("</ul></section><section><h2>Outlets</h2><ul>");
    for o in &p.outlets {
        h.raw("<li><a href=\"")
            .text(&links::outlet(&o.name))
            .raw("\">")
            .text(&o.name)
            .raw("</a> <span class=\"count\">")
            .num(o.articles)
            .raw("</span></li>");
    }
    h.raw("</ul></section><section><h2>Appears with</h2><ul class=\"entity-list\">");
    for e in &p.co_mentioned {
        h.raw("<li><span class=\"kind ent-")
            .text(e.kind)
            .raw("\">")
            .text(e.kind)
            .raw("</span> <a href=\"")
            .text(&links::entity(&e.id))
            .raw("\">")
            .text(&e.name)
            .raw("</a> <span class=\"count\">")
            .text(&plural(e.articles, "article", "articles"))
            .raw("</span></li>");
    }
    h.raw("</ul></section></aside></div>");
    h
}
