//! The search page: the query form with every filter, facets over the best matches, and the
//! results with their snippets.

use parallax_core::Technique;
use parallax_store::{Hit, SearchResults, Snippet};

use crate::catalog::Catalog;
use crate::html::Html;
use crate::links;
use crate::pages::common::{outlet_link, score};
use crate::query::{FacetValue, Facets, SearchParams};

/// Results shown per page.
pub const PAGE: usize = 20;

pub struct SearchView<'a> {
    pub params: &'a SearchParams,
    pub results: Option<&'a SearchResults>,
    /// The hits of this page (a window of `results.hits`).
    pub hits: &'a [Hit],
    pub facets: Option<&'a Facets>,
    pub catalog: &'a Catalog,
    /// A problem with the query, shown above the form.
    pub error: Option<&'a str>,
}

pub fn render(view: &SearchView) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Search</h1>");
    if let Some(error) = view.error {
        h.raw("<p class=\"error-note\" role=\"alert\">")
            .text(error)
            .raw("</p>");
    }
    form(&mut h, view.params, view.catalog);
    h.raw("<div class=\"columns\"><div class=\"main-column\">");
    active_filters(&mut h, view.params, view.catalog);
    if let Some(results) = view.results {
        summary(&mut h, view, results);
        h.raw("<ol class=\"hits\" start=\"")
            .num(view.params.offset + 1)
            .raw("\">");
        for hit in view.hits {
            hit_item(&mut h, hit);
        }
        h.raw("</ol>");
        pager(&mut h, view.params, results.total);
    }
    h.raw("</div><aside class=\"side-column facets\">");
    if let Some(facets) = view.facets {
        facet_groups(&mut h, view.params, facets);
    }
    h.raw("</aside></div>");
    h
}

fn form(h: &mut Html, p: &SearchParams, catalog: &Catalog) {
    h.raw(
        "<form class=\"search-form\" action=\"/search\" method=\"get\">\
         <div class=\"row\"><label class=\"wide\">Words <input type=\"search\" name=\"q\" value=\"",
    )
    .text(&p.q)
    .raw(
        "\" placeholder='flood barrier, \"exact phrase\", a OR b, -word, title:word, *'>\
         </label><button type=\"submit\">Search</button></div><div class=\"row filters\">\
         <label>Outlet <select name=\"outlet\"><option value=\"\">any</option>",
    );
    let chosen_outlet = p.outlets.first().map(|o| o.to_lowercase());
    for outlet in catalog.outlets.iter().take(500) {
        h.raw("<option value=\"").text(&outlet.name).raw("\"");
        if chosen_outlet.as_deref() == Some(outlet.name.to_lowercase().as_str()) {
            h.raw(" selected");
        }
        h.raw(">")
            .text(&outlet.name)
            .raw(" (")
            .num(outlet.articles.len())
            .raw(")</option>");
    }
    h.raw("</select></label><label>Technique <select name=\"technique\"><option value=\"\">any</option>");
    let chosen_technique = p
        .techniques
        .first()
        .and_then(|t| t.parse::<Technique>().ok());
    for t in Technique::ALL {
        h.raw("<option value=\"").text(t.name()).raw("\"");
        if chosen_technique == Some(*t) {
            h.raw(" selected");
        }
        h.raw(">")
            .text(&t.name().replace('_', " "))
            .raw("</option>");
    }
    h.raw("</select></label><label>From <input type=\"text\" name=\"from\" size=\"10\" placeholder=\"2025-03\" value=\"")
        .text(p.from.as_deref().unwrap_or(""))
        .raw("\"></label><label>To <input type=\"text\" name=\"to\" size=\"10\" placeholder=\"2025-03-04\" value=\"")
        .text(p.to.as_deref().unwrap_or(""))
        .raw("\"></label><label>Language <input type=\"text\" name=\"language\" size=\"3\" placeholder=\"en\" value=\"")
        .text(p.language.as_deref().unwrap_or(""))
        .raw("\"></label><label>Score from <input type=\"number\" name=\"min_score\" min=\"0\" max=\"1\" step=\"0.05\" value=\"");
    if let Some(x) = p.min_score {
        h.fixed(x, 2);
    }
    h.raw("\"></label><label>to <input type=\"number\" name=\"max_score\" min=\"0\" max=\"1\" step=\"0.05\" value=\"");
    if let Some(x) = p.max_score {
        h.fixed(x, 2);
    }
    h.raw("\"></label><label>Order <select name=\"sort\">");
    for (value, label) in [
        ("", "best match"),
        ("newest", "newest first"),
        ("oldest", "oldest first"),
    ] {
        h.raw("<option value=\"").raw(value).raw("\"");
        let selected = matches!(
            (value, p.sort),
            ("newest", Some(parallax_store::SortOrder::Newest))
                | ("oldest", Some(parallax_store::SortOrder::Oldest))
                | ("", None | Some(parallax_store::SortOrder::Relevance))
        );
        if selected {
            h.raw(" selected");
        }
        h.raw(">").raw(label).raw("</option>");
    }
    h.raw("</select></label>");
    // Entity filters come from facet links; keep them when the form is submitted again.
    for entity in &p.entities {
        h.raw("<input type=\"hidden\" name=\"entity\" value=\"")
            .text(entity)
            .raw("\">");
    }
    for outlet in p.outlets.iter().skip(1) {
        h.raw("<input type=\"hidden\" name=\"outlet\" value=\"")
            .text(outlet)
            .raw("\">");
    }
    for technique in p.techniques.iter().skip(1) {
        h.raw("<input type=\"hidden\" name=\"technique\" value=\"")
            .text(technique)
            .raw("\">");
    }
    h.raw("</div></form>");
}

/// Chips for the filters in force, each a link that removes it.
fn active_filters(h: &mut Html, p: &SearchParams, catalog: &Catalog) {
    let pairs = p.pairs();
    let filters: Vec<usize> = (0..pairs.len())
        .filter(|&i| !matches!(pairs[i].0, "q" | "sort"))
        .collect();
    if filters.is_empty() {
        return;
    }
    h.raw("<p class=\"active-filters\">Filters: ");
    for i in filters {
        let (key, value) = &pairs[i];
        let rest: Vec<(&str, &str)> = pairs
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (k, v))| (*k, v.as_str()))
            .collect();
        let shown = match *key {
            "entity" => catalog
                .entity(value)
                .map_or(value.clone(), |e| e.name().to_string()),
            _ => value.clone(),
        };
        h.raw("<a class=\"chip removable\" title=\"Remove this filter\" href=\"")
            .text(&links::search(&rest))
            .raw("\">")
            .text(&key.replace('_', " "))
            .raw(": ")
            .text(&shown)
            .raw(" ×</a> ");
    }
    h.raw("</p>");
}

fn summary(h: &mut Html, view: &SearchView, results: &SearchResults) {
    h.raw("<p class=\"result-count\">");
    if results.total == 0 {
        h.raw("No article matches.");
    } else {
        h.raw("Articles ")
            .num(view.params.offset + 1)
            .raw("–")
            .num(view.params.offset + view.hits.len())
            .raw(" of ")
            .num(results.total)
            .raw(".");
    }
    if results.unindexed > 0 {
        h.raw(" <span class=\"note\">")
            .num(results.unindexed)
            .raw(" stored records are not searchable yet (an ingest is running).</span>");
    }
    h.raw("</p>");
}

fn hit_item(h: &mut Html, hit: &Hit) {
    h.raw("<li class=\"hit\"><a class=\"title\" href=\"")
        .text(&links::article(&hit.id))
        .raw("\">")
        .text(hit.title.as_deref().unwrap_or("(untitled)"))
        .raw("</a><div class=\"meta\">");
    outlet_link(h, hit.outlet.as_deref());
    if let Some(p) = &hit.published {
        h.raw(" · <time>").text(p).raw("</time>");
    }
    h.raw(" · ");
    score(h, hit.propaganda);
    h.raw(" · ").num(hit.word_count).raw(" words</div>");
    if !hit.snippet.text.is_empty() {
        h.raw("<p class=\"snippet\">")
            .append(&snippet(&hit.snippet))
            .raw("</p>");
    }
    h.raw("</li>");
}

/// The snippet with its matched words in `<mark>`.
pub fn snippet(snippet: &Snippet) -> Html {
    let chars: Vec<char> = snippet.text.chars().collect();
    let mut h = Html::new();
    let mut pos = 0;
    for range in &snippet.highlights {
        let (start, end) = (range.start.min(chars.len()), range.end.min(chars.len()));
        if start < pos || start >= end {
            continue;
        }
        h.text(&chars[pos..start].iter().collect::<String>())
            .raw("<mark class=\"match\">")
            .text(&chars[start..end].iter().collect::<String>())
            .raw("</mark>");
        pos = end;
    }
    h.text(&chars[pos..].iter().collect::<String>());
    h
}

fn pager(h: &mut Html, p: &SearchParams, total: usize) {
    let pairs = p.pairs();
    let with_offset = |offset: usize| {
        let offset = offset.to_string();
        let mut list: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        list.push(("offset", &offset));
        links::search(&list)
    };
    h.raw("<nav class=\"pager\">");
    if p.offset > 0 {
        h.raw("<a rel=\"prev\" href=\"")
            .text(&with_offset(p.offset.saturating_sub(PAGE)))
            .raw("\">← previous</a> ");
    }
    if p.offset + PAGE < total {
        h.raw("<a rel=\"next\" href=\"")
            .text(&with_offset(p.offset + PAGE))
            .raw("\">next →</a>");
    }
    h.raw("</nav>");
}

fn facet_groups(h: &mut Html, p: &SearchParams, facets: &Facets) {
    h.raw("<h2>Refine</h2><p class=\"hint\">Counts over the best ")
        .num(facets.counted)
        .raw(" matches.</p>");
    let groups: [(&str, &str, &[FacetValue]); 5] = [
        ("Outlet", "outlet", &facets.outlets),
        ("Technique", "technique", &facets.techniques),
        ("Entity", "entity", &facets.entities),
        ("Month", "month", &facets.months),
        ("Language", "language", &facets.languages),
    ];
    let pairs = p.pairs();
    for (title, key, values) in groups {
        if values.is_empty() {
            continue;
        }
        h.raw("<section class=\"facet\"><h3>")
            .text(title)
            .raw("</h3><ul>");
        for v in values {
            let mut list: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if key == "month" {
                // A month is a from/to pair.
                list.retain(|(k, _)| *k != "from" && *k != "to");
                list.push(("from", &v.value));
                list.push(("to", &v.value));
            } else {
                list.push((key, &v.value));
            }
            let shown = v.label.as_deref().unwrap_or(&v.value).replace('_', " ");
            h.raw("<li><a href=\"")
                .text(&links::search(&list))
                .raw("\">")
                .text(&shown)
                .raw("</a> <span class=\"count\">")
                .num(v.count)
                .raw("</span></li>");
        }
        h.raw("</ul></section>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_store::HighlightRange;

    #[test]
    fn snippet_marks_by_character_and_escapes() {
        let s = Snippet {
            text: "Dämme <b>brachen</b> & more".into(),
            highlights: vec![
                HighlightRange { start: 0, end: 5 },
                HighlightRange { start: 9, end: 16 },
                // Out of order and out of range: ignored safely.
                HighlightRange { start: 2, end: 3 },
                HighlightRange { start: 90, end: 99 },
            ],
        };
        assert_eq!(
            snippet(&s).into_string(),
            "<mark class=\"match\">Dämme</mark> &lt;b&gt;<mark class=\"match\">brachen</mark>&lt;/b&gt; &amp; more"
        );
    }
}
