//! Small pieces several pages show: article lines, score meters, outlet and entity links.

use parallax_core::{score_word, Technique};

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
    article_line_start(
        h,
        &a.id,
        a.title.as_deref(),
        a.outlet.as_deref(),
        a.published.as_deref(),
    );
    h.raw(" · ");
    score(h, a.propaganda);
    h.raw("</span></li>");
}

/// The start of an article's list line: `<li>`, the title link, and the outlet and date in an
/// open `meta` span, for the caller to add to and close (`</span>`, then `</li>`).
pub fn article_line_start(
    h: &mut Html,
    id: &str,
    title: Option<&str>,
    outlet: Option<&str>,
    published: Option<&str>,
) {
    h.raw("<li class=\"article-line\"><a class=\"title\" href=\"")
        .text(&links::article(id))
        .raw("\">")
        .text(title.unwrap_or("(untitled)"))
        .raw("</a> <span class=\"meta\">");
    outlet_link(h, outlet);
    if let Some(published) = published {
        h.raw(" · <time>").text(published).raw("</time>");
    }
}

/// "1 article", "3 articles".
pub fn plural(n: usize, one: &'static str, many: &'static str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
