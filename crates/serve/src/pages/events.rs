//! The events list and the event page, the parallax view: outlets side by side with copies
//! collapsed under their origin, the claim-by-outlet matrix (states, disputes, silent), and
//! the timeline.

use std::collections::HashMap;

use parallax_core::Technique;

use crate::events::{EventClaim, EventListEntry, EventView};
use crate::html::Html;
use crate::links;
use crate::pages::common::{plural, score, technique_chip};
use crate::pages::svg::{self, Point};

/// Events shown per page of the list.
pub const PAGE: usize = 50;

/// Claim rows of the matrix (aligned claims with most sources first).
pub const MATRIX_ROWS: usize = 150;

pub fn list(total: u64, events: &[EventListEntry], offset: usize, pending: u64) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Events</h1><p class=\"lead\">")
        .text(&plural(total as usize, "event", "events"))
        .raw(" reported by two or more articles, largest first.</p>");
    if pending > 0 {
        h.raw("<p class=\"notice\">")
            .text(&plural(pending as usize, "stored record is", "stored records are"))
            .raw(" not in the corpus analysis yet; the next <code>parallax ingest</code> adds them.</p>");
    }
    if events.is_empty() {
        h.raw("<p>No event has more than one article yet.</p>");
        return h;
    }
    h.raw(
        "<table class=\"table events\"><thead><tr><th>Event</th><th>Articles</th>\
           <th>Outlets</th><th>From</th><th>To</th></tr></thead><tbody>",
    );
    for e in events {
        h.raw("<tr><td><a class=\"title\" href=\"")
            .text(&links::event(&e.id.to_string()))
            .raw("\">")
            .text(e.title.as_deref().unwrap_or("(untitled event)"))
            .raw("</a></td><td class=\"n\">")
            .num(e.articles)
            .raw("</td><td>");
        for (i, o) in e.outlets.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.raw("<a href=\"")
                .text(&links::outlet(o))
                .raw("\">")
                .text(o)
                .raw("</a>");
        }
        h.raw("</td><td>")
            .text(e.first_published.as_deref().unwrap_or("–"))
            .raw("</td><td>")
            .text(e.last_published.as_deref().unwrap_or("–"))
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if total as usize > offset + events.len() || offset > 0 {
        h.raw("<p class=\"pager\">");
        if offset > 0 {
            h.raw("<a href=\"/events?offset=")
                .num(offset.saturating_sub(PAGE))
                .raw("\">Previous</a>");
        }
        if total as usize > offset + events.len() {
            h.raw("<a href=\"/events?offset=")
                .num(offset + PAGE)
                .raw("\">Next</a>");
        }
        h.raw("</p>");
    }
    h
}

/// A column of the matrix: an original article (copies fold into it).
struct Column<'a> {
    article: usize,
    label: &'a str,
}

pub fn page(v: &EventView) -> Html {
    let mut h = Html::new();
    h.raw("<p class=\"kicker\">Event</p><h1>")
        .text(v.title.as_deref().unwrap_or("(untitled event)"))
        .raw("</h1><p class=\"lead\">")
        .text(&plural(v.articles.len(), "article", "articles"))
        .raw(" from ")
        .text(&plural(v.outlets.len(), "outlet", "outlets"))
        .raw(", ")
        .text(&plural(
            v.independent_sources,
            "independent source",
            "independent sources",
        ));
    match (&v.first_published, &v.last_published) {
        (Some(a), Some(b)) if a != b => {
            h.raw(", ").text(a).raw(" to ").text(b);
        }
        (Some(a), _) => {
            h.raw(", ").text(a);
        }
        _ => {}
    }
    h.raw(".</p>");

    let index: HashMap<&str, usize> = v
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let origin_of = |i: usize| -> usize {
        v.articles[i]
            .copy_of
            .as_deref()
            .and_then(|o| index.get(o).copied())
            .unwrap_or(i)
    };
    let columns: Vec<Column> = v
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.copy_of.is_none())
        .map(|(i, a)| Column {
            article: i,
            label: a.outlet.as_deref().unwrap_or("(no outlet)"),
        })
        .collect();

    side_by_side(&mut h, v, &columns);
    matrix(&mut h, v, &columns, &origin_of, &index);
    timeline(&mut h, v);
    h.raw("<section><h2>Data</h2><p><a href=\"")
        .text(&format!("/api/events/{}", v.id))
        .raw("\">This event as JSON</a></p></section>");
    h
}

fn side_by_side(h: &mut Html, v: &EventView, columns: &[Column]) {
    h.raw("<section><h2>Outlets side by side</h2><div class=\"outlet-columns\">");
    for column in columns {
        let a = &v.articles[column.article];
        h.raw("<div class=\"outlet-card\"><h3>");
        match &a.outlet {
            Some(o) => {
                h.raw("<a class=\"outlet\" href=\"")
                    .text(&links::outlet(o))
                    .raw("\">")
                    .text(o)
                    .raw("</a>");
            }
            None => {
                h.raw("(no outlet)");
            }
        }
        h.raw("</h3><p><a class=\"title\" href=\"")
            .text(&links::article(&a.id))
            .raw("\">")
            .text(a.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a></p><p class=\"meta\">")
            .text(a.published.as_deref().unwrap_or("undated"))
            .raw("</p>");
        if let Some(p) = a.propaganda {
            score(h, p);
        }
        let chips: Vec<Technique> = a
            .techniques
            .iter()
            .filter_map(|t| t.technique.parse().ok())
            .take(4)
            .collect();
        if !chips.is_empty() {
            h.raw("<p class=\"chips\">");
            for t in chips {
                technique_chip(h, t);
                h.raw(" ");
            }
            h.raw("</p>");
        }
        let copies: Vec<_> = v
            .articles
            .iter()
            .filter(|c| c.copy_of.as_deref() == Some(a.id.as_str()))
            .collect();
        if !copies.is_empty() {
            h.raw("<details class=\"copies\"><summary>")
                .text(&plural(copies.len(), "near-copy", "near-copies"))
                .raw("</summary><ul>");
            for c in copies {
                h.raw("<li><a href=\"")
                    .text(&links::article(&c.id))
                    .raw("\">")
                    .text(c.outlet.as_deref().unwrap_or("(no outlet)"))
                    .raw("</a> ")
                    .text(c.published.as_deref().unwrap_or(""))
                    .raw(" · ")
                    .fixed(c.similarity * 100.0, 0)
                    .raw("% similar</li>");
            }
            h.raw("</ul></details>");
        }
        h.raw("</div>");
    }
    h.raw("</div></section>");
}

fn matrix(
    h: &mut Html,
    v: &EventView,
    columns: &[Column],
    origin_of: &dyn Fn(usize) -> usize,
    index: &HashMap<&str, usize>,
) {
    h.raw("<section><h2>Claims by outlet</h2>");
    if v.claims.is_empty() {
        h.raw("<p>No check-worthy claim was found in these articles.</p></section>");
        return;
    }
    h.raw(
        "<p class=\"hint\">Each row is a claim, in the words of the sentence that started its group; each column an outlet's \
         original article (near-copies count with their original). <span class=\"stance-states\">\
         states</span>, <span class=\"stance-disputes\">disputes</span> or \
         <span class=\"stance-silent\">silent</span>; a cell links to the sentence.</p>\
         <div class=\"matrix-wrap\"><table class=\"matrix\"><thead><tr>\
         <th class=\"claim-head\">Claim</th>",
    );
    for column in columns {
        h.raw("<th scope=\"col\">").text(column.label).raw("</th>");
    }
    h.raw("</tr></thead><tbody>");
    for claim in v.claims.iter().take(MATRIX_ROWS) {
        row(h, claim, columns, origin_of, index);
    }
    h.raw("</tbody></table></div>");
    if v.claims.len() > MATRIX_ROWS {
        h.raw("<p class=\"hint\">The ")
            .num(MATRIX_ROWS)
            .raw(" claims stated by most sources of ")
            .num(v.claims.len())
            .raw("; <a href=\"")
            .text(&format!("/api/events/{}", v.id))
            .raw("\">the JSON</a> has more.</p>");
    }
    h.raw("</section>");
}

fn row(
    h: &mut Html,
    claim: &EventClaim,
    columns: &[Column],
    origin_of: &dyn Fn(usize) -> usize,
    index: &HashMap<&str, usize>,
) {
    h.raw("<tr><th class=\"claim\" scope=\"row\">")
        .text(&claim.text)
        .raw(" <span class=\"claim-meta\">")
        .text(&plural(claim.independent_sources, "source", "sources"));
    if claim.corroborated {
        h.raw(" · <span class=\"stance-states\">corroborated</span>");
    }
    h.raw("</span></th>");
    for column in columns {
        // The first statement from this column's article or one of its copies.
        let statement = claim.statements.iter().find(|s| {
            index
                .get(s.article.as_str())
                .is_some_and(|&i| origin_of(i) == column.article)
        });
        match statement {
            Some(s) => {
                let class = if s.stance == "disputes" {
                    "disputes"
                } else {
                    "states"
                };
                h.raw("<td class=\"cell ")
                    .raw(class)
                    .raw("\"><a href=\"")
                    .text(&format!(
                        "{}#claim-{}",
                        links::article(&s.article),
                        s.position
                    ))
                    .raw("\" title=\"")
                    .text(&s.text)
                    .raw("\">")
                    .raw(class)
                    .raw("</a>");
                if s.corroborated {
                    h.raw(" ✓");
                }
                h.raw("</td>");
            }
            None => {
                h.raw("<td class=\"cell silent\">silent</td>");
            }
        }
    }
    h.raw("</tr>");
}

fn timeline(h: &mut Html, v: &EventView) {
    h.raw("<section><h2>Timeline</h2>");
    let labels: Vec<String> = v
        .articles
        .iter()
        .map(|a| {
            format!(
                "{} — {} ({})",
                a.outlet.as_deref().unwrap_or("(no outlet)"),
                a.title.as_deref().unwrap_or("(untitled)"),
                a.published.as_deref().unwrap_or("undated")
            )
        })
        .collect();
    let points: Vec<Point> = v
        .articles
        .iter()
        .zip(&labels)
        .filter_map(|(a, label)| {
            Some(Point {
                day: svg::day_number(a.published.as_deref()?)?,
                value: a.propaganda?,
                label,
            })
        })
        .collect();
    if points.len() >= 2 {
        h.append(&svg::timeline(
            "Propaganda scores of the event's articles by publication date",
            &points,
            &[],
        ));
    }
    h.raw("<ol class=\"timeline-list\">");
    for a in &v.articles {
        h.raw("<li><time>")
            .text(a.published.as_deref().unwrap_or("undated"))
            .raw("</time> · ")
            .text(a.outlet.as_deref().unwrap_or("(no outlet)"))
            .raw(": <a href=\"")
            .text(&links::article(&a.id))
            .raw("\">")
            .text(a.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a>");
        if a.copy_of.is_some() {
            h.raw(" <span class=\"badge\">near-copy</span>");
        }
        h.raw("</li>");
    }
    h.raw("</ol></section>");
}

/// The section the article page shows about the article's event, and notes under each of
/// its claims that other articles of the event state or dispute.
pub fn article_context(v: &EventView, article_id: &str) -> crate::pages::article::CorpusContext {
    let mut context = crate::pages::article::CorpusContext::default();
    let mut h = Html::new();
    h.raw("<section class=\"event-link\"><h2>This story across outlets</h2><p><a href=\"")
        .text(&links::event(&v.id.to_string()))
        .raw("\">")
        .text(v.title.as_deref().unwrap_or("The event"))
        .raw("</a></p><p>")
        .text(&plural(v.articles.len(), "article", "articles"))
        .raw(" from ")
        .text(&plural(v.outlets.len(), "outlet", "outlets"))
        .raw(".</p>");
    let me = v.articles.iter().find(|a| a.id == article_id);
    if let Some(origin) = me.and_then(|a| a.copy_of.as_deref()) {
        if let Some(o) = v.articles.iter().find(|a| a.id == origin) {
            h.raw("<p class=\"notice\">A near-copy of <a href=\"")
                .text(&links::article(&o.id))
                .raw("\">")
                .text(o.outlet.as_deref().unwrap_or("an earlier article"))
                .raw("</a>.</p>");
        }
    }
    let copies: Vec<_> = v
        .articles
        .iter()
        .filter(|a| a.copy_of.as_deref() == Some(article_id))
        .collect();
    if !copies.is_empty() {
        h.raw("<p>Copied by ");
        for (i, c) in copies.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.raw("<a href=\"")
                .text(&links::article(&c.id))
                .raw("\">")
                .text(c.outlet.as_deref().unwrap_or("(no outlet)"))
                .raw("</a>");
        }
        h.raw(".</p>");
    }
    h.raw("</section>");
    context.sections.push(h);

    for claim in &v.claims {
        let Some(mine) = claim.statements.iter().find(|s| s.article == article_id) else {
            continue;
        };
        let others: Vec<_> = claim
            .statements
            .iter()
            .filter(|s| s.article != article_id)
            .collect();
        let mut note = Html::new();
        note.raw("<p class=\"corroboration\">");
        if others.is_empty() {
            note.raw("No other article of this event states it. ");
        } else {
            for (stance, label) in [("states", "Also stated by "), ("disputes", "Disputed by ")] {
                let list: Vec<_> = others.iter().filter(|s| s.stance == stance).collect();
                if list.is_empty() {
                    continue;
                }
                note.raw("<span class=\"stance-")
                    .raw(stance)
                    .raw("\">")
                    .raw(label)
                    .raw("</span>");
                for (i, s) in list.iter().enumerate() {
                    if i > 0 {
                        note.raw(", ");
                    }
                    note.raw("<a href=\"")
                        .text(&format!(
                            "{}#claim-{}",
                            links::article(&s.article),
                            s.position
                        ))
                        .raw("\">")
                        .text(s.outlet.as_deref().unwrap_or("(no outlet)"))
                        .raw("</a>");
                }
                note.raw(". ");
            }
        }
        if mine.corroborated {
            note.raw("<strong class=\"stance-states\">Corroborated</strong> by ")
                .text(&mine.corroborated_by.join(", "))
                .raw(", an independent, more reliable outlet.");
        } else if mine.stance == "states" {
            note.raw("Not corroborated by an independent, more reliable outlet.");
        }
        note.raw("</p>");
        context.claim_notes.insert(mine.position as usize, note);
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{ClaimStatement, EventArticle};

    fn article(id: &str, outlet: &str, copy_of: Option<&str>) -> EventArticle {
        EventArticle {
            id: id.into(),
            title: Some(format!("Report by {outlet}")),
            outlet: Some(outlet.into()),
            published: Some("2026-03-02".into()),
            url: None,
            similarity: 0.9,
            copy_of: copy_of.map(str::to_string),
            propaganda: Some(0.2),
            techniques: Vec::new(),
        }
    }

    fn statement(article: &str, outlet: &str, stance: &'static str) -> ClaimStatement {
        ClaimStatement {
            article: article.into(),
            outlet: Some(outlet.into()),
            stance,
            text: "The gate did not respond".into(),
            position: 2,
            checkworthy: 0.7,
            attributed_to: None,
            rating: None,
            corroborated: false,
            corroborated_by: Vec::new(),
        }
    }

    fn view() -> EventView {
        EventView {
            id: 7,
            title: Some("Barrier <fails>".into()),
            first_published: Some("2026-03-02".into()),
            last_published: Some("2026-03-04".into()),
            articles: vec![
                article("a", "Wire", None),
                article("b", "Copycat", Some("a")),
                article("c", "Clarion", None),
                article("d", "Courier", None),
            ],
            outlets: vec![
                "Wire".into(),
                "Copycat".into(),
                "Clarion".into(),
                "Courier".into(),
            ],
            independent_sources: 3,
            claims: vec![EventClaim {
                group: 1,
                text: "The gate did not respond".into(),
                independent_sources: 1,
                corroborated: false,
                // The copy states it (folded into the Wire column), the Courier disputes it,
                // the Clarion is silent.
                statements: vec![
                    statement("b", "Copycat", "states"),
                    statement("d", "Courier", "disputes"),
                ],
            }],
        }
    }

    #[test]
    fn the_matrix_shows_states_disputes_and_silence_per_original() {
        let html = page(&view()).into_string();
        // Three columns: the copy folds into its original.
        assert_eq!(html.matches("<th scope=\"col\">").count(), 3);
        let row = &html[html.find("<tr><th class=\"claim\"").unwrap()..];
        let cells: Vec<&str> = row
            .split("<td class=\"cell ")
            .skip(1)
            .map(|c| c.split('"').next().unwrap())
            .collect();
        assert_eq!(cells, vec!["states", "silent", "disputes"]);
        assert!(row.contains("href=\"/articles/b#claim-2\""));
        assert!(html.contains("Barrier &lt;fails&gt;"));
        assert!(html.contains("1 near-copy"));
    }

    #[test]
    fn the_article_context_names_who_else_states_or_disputes() {
        let context = article_context(&view(), "b");
        let note = context
            .claim_notes
            .get(&2)
            .expect("a note under claim 2")
            .as_str();
        assert!(note.contains("Disputed by"), "{note}");
        assert!(note.contains("Courier"));
        assert!(!note.contains("Also stated by"));
        assert!(context.sections[0].as_str().contains("A near-copy of"));
    }
}
