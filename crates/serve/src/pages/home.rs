//! The start page: what the store holds, where to begin.

use crate::catalog::{Catalog, Summary};
use crate::html::Html;
use crate::links;
use crate::pages::common::{article_line, plural, score};

pub fn render(catalog: &Catalog, extra: &[Html]) -> Html {
    let mut h = Html::new();
    h.raw("<section class=\"intro\"><h1>Parallax</h1><p class=\"lead\">")
        .text(&plural(catalog.articles.len(), "article", "articles"))
        .raw(" from ")
        .text(&plural(catalog.outlets.len(), "outlet", "outlets"))
        .raw(", naming ")
        .text(&plural(catalog.entities.len(), "entity", "entities"))
        .raw(
            ".</p><form class=\"big-search\" action=\"/search\" method=\"get\" role=\"search\">\
             <input type=\"search\" name=\"q\" aria-label=\"Search articles\" \
             placeholder=\"Search the articles\"> <button type=\"submit\">Search</button></form>\
             <p><a href=\"/paste\">Paste an article</a> to analyse one that is not stored.</p>",
        );
    if !catalog.unreadable.is_empty() {
        h.raw("<p class=\"error-note\">")
            .text(&plural(
                catalog.unreadable.len(),
                "stored record",
                "stored records",
            ))
            .raw(" could not be read: ")
            .text(&catalog.unreadable[0])
            .raw("</p>");
    }
    h.raw("</section><div class=\"columns\"><div class=\"main-column\">");
    for section in extra {
        h.append(section);
    }
    let mut latest: Vec<&Summary> = catalog.articles.iter().collect();
    latest.sort_by(|a, b| b.published.cmp(&a.published));
    h.raw("<section><h2>Latest articles</h2><ul class=\"article-list\">");
    for a in latest.iter().take(15) {
        article_line(&mut h, a);
    }
    h.raw("</ul></section>");
    let mut loaded: Vec<&Summary> = catalog
        .articles
        .iter()
        .filter(|a| a.propaganda >= 0.35)
        .collect();
    loaded.sort_by(|a, b| {
        b.propaganda
            .partial_cmp(&a.propaganda)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if !loaded.is_empty() {
        h.raw("<section><h2>Highest propaganda scores</h2><ul class=\"article-list\">");
        for a in loaded.iter().take(10) {
            article_line(&mut h, a);
        }
        h.raw("</ul></section>");
    }
    h.raw("</div><aside class=\"side-column\"><section><h2>Outlets</h2><ul>");
    for o in catalog.outlets.iter().take(15) {
        let mean = o
            .articles
            .iter()
            .map(|&i| catalog.articles[i as usize].propaganda)
            .sum::<f64>()
            / o.articles.len().max(1) as f64;
        h.raw("<li><a href=\"")
            .text(&links::outlet(&o.name))
            .raw("\">")
            .text(&o.name)
            .raw("</a> <span class=\"count\">")
            .num(o.articles.len())
            .raw("</span> ");
        score(&mut h, mean);
        h.raw("</li>");
    }
    h.raw("</ul><p><a href=\"/outlets\">All outlets</a></p></section></aside></div>");
    h
}
