//! The outlets list and the outlet profile: technique mix and scores over time as charts, top
//! entities, latest articles.

use parallax_core::Technique;
use parallax_corpus::reliability::{RatedOutlet, RatingSource};

use crate::html::Html;
use crate::links;
use crate::pages::body::technique_index;
use crate::pages::common::{plural, score};
use crate::pages::svg::{self, Bar, Point};
use crate::profiles::{OutletListEntry, OutletProfile};

pub fn list(outlets: &[OutletListEntry]) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Outlets</h1>");
    if outlets.is_empty() {
        h.raw("<p>No stored article names its outlet.</p>");
        return h;
    }
    h.raw(
        "<table class=\"table outlets\"><thead><tr><th>Outlet</th><th>Articles</th>\
           <th>Mean propaganda score</th><th>First</th><th>Latest</th></tr></thead><tbody>",
    );
    for o in outlets {
        h.raw("<tr><td><a href=\"")
            .text(&links::outlet(&o.name))
            .raw("\">")
            .text(&o.name)
            .raw("</a></td><td class=\"n\">")
            .num(o.articles)
            .raw("</td><td>");
        score(&mut h, o.mean_propaganda);
        h.raw("</td><td>")
            .text(o.first_published.as_deref().unwrap_or("–"))
            .raw("</td><td>")
            .text(o.last_published.as_deref().unwrap_or("–"))
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    h
}

/// The factuality section of an outlet's profile: its rating for corroboration and where the
/// rating comes from, or that it is unrated.
pub fn factuality(rated: Option<&RatedOutlet>) -> Html {
    let mut h = Html::new();
    h.raw("<section><h2>Factuality</h2>");
    match rated {
        Some(r) => {
            h.raw("<p><span class=\"rating rating-")
                .text(r.rating.as_str())
                .raw("\">")
                .text(r.rating.as_str())
                .raw("</span></p><p class=\"hint\">From ");
            match &r.source {
                RatingSource::User => h.raw("the server's ratings file"),
                RatingSource::Dataset(name) => h.raw("the data set ").text(name),
                RatingSource::Curated => h.raw("Parallax's curated list"),
            };
            h.raw(" (matched <code>").text(&r.matched).raw(
                "</code>). Claims it states are corroborated only by independent outlets \
                   rated higher, or as high.</p>",
            );
        }
        None => {
            h.raw(
                "<p>Unrated.</p><p class=\"hint\">No rating covers this outlet, so it \
                 corroborates nothing; start the server with <code>--sources DIR</code> or \
                 <code>--ratings FILE</code> to rate it.</p>",
            );
        }
    }
    h.raw("</section>");
    h
}

/// The profile; `extra` holds sections the corpus layer adds (rating, corroboration).
pub fn profile(p: &OutletProfile, extra: &[Html]) -> Html {
    let mut h = Html::new();
    h.raw("<h1 class=\"outlet-name\">")
        .text(&p.name)
        .raw("</h1>");
    h.raw("<p class=\"lead\">")
        .text(&plural(p.articles, "stored article", "stored articles"));
    if let (Some(first), Some(last)) = (&p.first_published, &p.last_published) {
        h.raw(", published ").text(first).raw(" to ").text(last);
    }
    h.raw(". <a href=\"")
        .text(&links::search(&[("outlet", &p.name)]))
        .raw("\">Search its articles</a>.</p>");
    h.raw("<div class=\"columns\"><div class=\"main-column\">");

    h.raw("<section><h2>Technique mix</h2>");
    if p.techniques.is_empty() {
        h.raw("<p>No persuasion technique was detected in its articles.</p>");
    } else {
        let bars: Vec<Bar> = p
            .techniques
            .iter()
            .map(|t| {
                let index = t.technique.parse::<Technique>().map(technique_index).ok();
                Bar {
                    label: t.technique,
                    value: t.spans as f64,
                    note: format!(
                        "{} in {}",
                        plural(t.spans as usize, "span", "spans"),
                        plural(t.articles as usize, "article", "articles")
                    ),
                    class: "bar",
                    class_index: index,
                }
            })
            .collect();
        h.append(&svg::bars(
            &format!("Persuasion techniques in the articles of {}", p.name),
            &bars,
        ));
        h.raw("<p class=\"hint\">")
            .fixed(p.techniques_per_1000_words, 2)
            .raw(" technique spans per 1,000 words.</p>");
    }
    h.raw("</section>");

    h.raw("<section><h2>Propaganda score over time</h2>");
    let points: Vec<Point> = p
        .points
        .iter()
        .map(|(day, value, label)| Point {
            day: *day,
            value: *value,
            label,
        })
        .collect();
    let month_labels: Vec<String> = p
        .months
        .iter()
        .map(|m| {
            format!(
                "{}: mean {:.2} over {}",
                m.month,
                m.mean_propaganda,
                plural(m.articles, "article", "articles")
            )
        })
        .collect();
    let line: Vec<Point> = p
        .months
        .iter()
        .zip(&month_labels)
        .filter_map(|(m, label)| {
            Some(Point {
                day: svg::day_number(&format!("{}-15", m.month))?,
                value: m.mean_propaganda,
                label,
            })
        })
        .collect();
    h.append(&svg::timeline(
        &format!("Propaganda scores of {} over time", p.name),
        &points,
        &line,
    ));
    h.raw("<p class=\"hint\">Dots are articles; the line joins monthly means.</p></section>");

    h.raw("<section><h2>Latest articles</h2><ul class=\"article-list\">");
    for a in &p.recent {
        h.raw("<li class=\"article-line\"><a class=\"title\" href=\"")
            .text(&links::article(&a.id))
            .raw("\">")
            .text(a.title.as_deref().unwrap_or("(untitled)"))
            .raw("</a> <span class=\"meta\">");
        if let Some(d) = &a.published {
            h.raw("<time>").text(d).raw("</time> · ");
        }
        score(&mut h, a.propaganda);
        h.raw("</span></li>");
    }
    h.raw("</ul></section></div><aside class=\"side-column\">");
    h.raw("<section><h2>Mean propaganda score</h2>");
    score(&mut h, p.mean_propaganda);
    h.raw("</section>");
    for section in extra {
        h.append(section);
    }
    h.raw("<section><h2>Most mentioned</h2><ul class=\"entity-list\">");
    for e in &p.top_entities {
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
    h.raw("</ul></section><section><h2>Data</h2><p><a href=\"")
        .text(&format!("/api/outlets/{}", links::encode(&p.name)))
        .raw("\">This profile as JSON</a></p></section></aside></div>");
    h
}
