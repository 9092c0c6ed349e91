//! Small pieces several pages show: article lines, score meters, outlet and entity links.

use parallax_core::Technique;

use crate::catalog::Summary;
use crate::html::Html;
use crate::links;
use crate::pages::body::technique_index;

/// The propaganda score as a meter with its value, and a word for it.
pub fn score(h: &mut Html, value: f64) {
    let value = if value.is_finite() {
        value.clamp(0.0, 1.0)
    } else {
        0.0
    };
    h.raw("<span class=\"score\"><meter min=\"0\" max=\"1\" low=\"0.35\" high=\"0.6\" optimum=\"0\" value=\"")
        .fixed(value, 3)
        .raw("\"></meter> <span class=\"score-value\">")
        .fixed(value, 2)
        .raw("</span> <span class=\"score-word\">")
        .raw(score_word(value))
        .raw("</span></span>");
}

/// Plain words for a propaganda score.
pub fn score_word(value: f64) -> &'static str {
    if value >= 0.6 {
        "high"
    } else if value >= 0.35 {
        "medium"
    } else {
        "low"
    }
}

/// A link to an outlet's page, or "no outlet".
pub fn outlet_link(h: &mut Html, outlet: Option<&str>) {
    match outlet {
        Some(name) => {
            h.raw("<a class=\"outlet\" href=\"")
                .text(&links::outlet(name))
                .raw("\">")
                .text(name)
                .raw("</a>");
        }
        None => {
            h.raw("<span class=\"outlet none\">no outlet</span>");
        }
    }
}

/// A technique name with its colour swatch.
pub fn technique_chip(h: &mut Html, technique: Technique) {
    h.raw("<span class=\"chip\"><span class=\"swatch c")
        .num(technique_index(technique))
        .raw("\"></span>")
        .text(&technique.name().replace('_', " "))
        .raw("</span>");
}

/// One article as a line of a list: title link, outlet, date, score.
pub fn article_line(h: &mut Html, a: &Summary) {
    h.raw("<li class=\"article-line\"><a class=\"title\" href=\"")
        .text(&links::article(&a.id))
        .raw("\">")
        .text(a.title.as_deref().unwrap_or("(untitled)"))
        .raw("</a> <span class=\"meta\">");
    outlet_link(h, a.outlet.as_deref());
    if let Some(published) = &a.published {
        h.raw(" · <time>").text(published).raw("</time>");
    }
    h.raw(" · ");
    score(h, a.propaganda);
    h.raw("</span></li>");
}

/// "1 article", "3 articles".
pub fn plural(n: usize, one: &'static str, many: &'static str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
