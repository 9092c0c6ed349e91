//! The "paste an article" form and its results.

use crate::analysis::DocumentError;
use crate::html::Html;

/// The form, with what was pasted kept when it comes back with an error.
pub fn form(
    text: &str,
    format: &str,
    store: bool,
    needs_token: bool,
    errors: &[DocumentError],
) -> Html {
    let mut h = Html::new();
    h.raw("<h1>Paste an article</h1>");
    if !errors.is_empty() {
        h.raw("<div class=\"error-note\" role=\"alert\"><p>These documents could not be analysed:</p><ul>");
        for e in errors {
            h.raw("<li><code>")
                .text(&e.input)
                .raw("</code>: ")
                .text(&e.message)
                .raw("</li>");
        }
        h.raw("</ul></div>");
    }
    h.raw(
        "<p class=\"lead\">Paste the text of an article as copied from a page, its markdown, the \
         HTML source of the page, or JSON lines with fields such as <code>title</code>, \
         <code>outlet</code>, <code>published</code> and <code>text</code>. The format is \
         detected from the content.</p>\
         <form class=\"paste-form\" action=\"/paste\" method=\"post\">\
         <label class=\"block\">Document <textarea name=\"text\" rows=\"18\" required \
         placeholder=\"Headline&#10;&#10;By A. Reporter&#10;&#10;The article text…\">",
    )
    .text(text)
    .raw("</textarea></label><div class=\"row\"><label>Format <select name=\"format\">");
    for (value, label) in [
        ("auto", "detect"),
        ("text", "plain text"),
        ("markdown", "markdown"),
        ("html", "HTML"),
        ("jsonl", "JSON lines"),
    ] {
        h.raw("<option value=\"").raw(value).raw("\"");
        if value == format {
            h.raw(" selected");
        }
        h.raw(">").raw(label).raw("</option>");
    }
    h.raw("</select></label><label><input type=\"checkbox\" name=\"store\" value=\"1\"");
    if store {
        h.raw(" checked");
    }
    h.raw("> Add it to the corpus</label>");
    if needs_token {
        h.raw(
            "<label>Token <input type=\"password\" name=\"token\" autocomplete=\"off\" \
             required></label>",
        );
    }
    h.raw("<button type=\"submit\">Analyse</button></div></form>");
    h
}

/// The file name that makes the reader prefer the chosen format.
pub fn name_for_format(format: &str) -> Option<&'static str> {
    match format {
        "text" => Some("pasted.txt"),
        "markdown" => Some("pasted.md"),
        "html" => Some("pasted.html"),
        "jsonl" => Some("pasted.jsonl"),
        _ => None,
    }
}
