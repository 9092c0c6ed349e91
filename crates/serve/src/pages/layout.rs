//! The frame every page shares: head, navigation, search box, footer.

use axum::response::Html as HtmlResponse;

use crate::html::Html;

/// The navigation entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    None,
    Home,
    Search,
    Events,
    Outlets,
    Narratives,
    Entities,
    Paste,
}

const ENTRIES: &[(Nav, &str, &str)] = &[
    (Nav::Search, "/search", "Search"),
    (Nav::Events, "/events", "Events"),
    (Nav::Outlets, "/outlets", "Outlets"),
    (Nav::Narratives, "/narratives", "Narratives"),
    (Nav::Entities, "/entities", "Entities"),
    (Nav::Paste, "/paste", "Paste an article"),
];

/// A whole page around `body`.
pub fn page(title: &str, nav: Nav, body: &Html) -> HtmlResponse<String> {
    let mut h = Html::new();
    h.raw(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>",
    )
    .text(title)
    .raw(
        " · Parallax</title>\
         <link rel=\"icon\" href=\"data:,\">\
         <link rel=\"stylesheet\" href=\"/static/style.css\">\
         <script src=\"/static/app.js\" defer></script>\
         </head><body><header class=\"top\"><a class=\"brand\" href=\"/\">Parallax</a><nav>",
    );
    for (entry, href, label) in ENTRIES {
        h.raw("<a href=\"").raw(href).raw("\"");
        if *entry == nav {
            h.raw(" aria-current=\"page\"");
        }
        h.raw(">").raw(label).raw("</a>");
    }
    h.raw(
        "</nav><form class=\"quick\" action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" placeholder=\"Search articles\" aria-label=\"Search articles\">\
         </form></header><main>",
    );
    h.append(body);
    h.raw(
        "</main><footer>Parallax reads news the way a careful fact-checker does. \
         Every figure on these pages comes from the stored records; \
         <a href=\"/api/openapi.json\">the same data as JSON</a>.</footer></body></html>\n",
    );
    HtmlResponse(h.into_string())
}
