//! HTML built so that article content cannot become markup.
//!
//! Every piece of an article (title, body, names, outlet, URL) is untrusted. [`Html`] accepts
//! markup only as `&'static str`, that is from string literals written in this crate; anything
//! computed at run time goes through [`Html::text`], which escapes it, or [`Html::num`] for
//! numbers. Our literals always double-quote attribute values, and the escaping covers both
//! quote characters, so escaped text is safe in element content and in attribute values alike.
//! Links to our own pages are built by [`crate::links`] (percent-encoded paths that always start
//! with `/`); links to the outside world go through [`Html::external_link`], which only links
//! `http` and `https` URLs.

use std::fmt::Write as _;

/// A fragment of HTML under construction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Html {
    buf: String,
}

/// Numbers that may be written into markup as they are.
pub trait Number: std::fmt::Display {}
impl Number for usize {}
impl Number for u64 {}
impl Number for u32 {}
impl Number for i64 {}
impl Number for i32 {}

impl Html {
    pub fn new() -> Self {
        Html {
            buf: String::with_capacity(4096),
        }
    }

    /// Markup written in this crate.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.buf.push_str(markup);
        self
    }

    /// Untrusted text, escaped for element content and double-quoted attribute values.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.buf, text);
        self
    }

    /// An integer.
    pub fn num<N: Number>(&mut self, n: N) -> &mut Self {
        let _ = write!(self.buf, "{n}");
        self
    }

    /// A decimal with `places` digits after the point (non-finite values print as 0).
    pub fn fixed(&mut self, x: f64, places: usize) -> &mut Self {
        let x = if x.is_finite() { x } else { 0.0 };
        let _ = write!(self.buf, "{x:.places$}");
        self
    }

    /// A fragment built elsewhere.
    pub fn append(&mut self, other: &Html) -> &mut Self {
        self.buf.push_str(&other.buf);
        self
    }

    /// `<a href="url" rel="...">label</a>` when `url` is an absolute http(s) URL, else the URL
    /// as plain text: a record's URL may be `javascript:` or anything else.
    pub fn external_link(&mut self, url: &str, label: &str) -> &mut Self {
        if is_web_url(url) {
            self.raw("<a class=\"external\" rel=\"noopener noreferrer nofollow\" href=\"")
                .text(url.trim())
                .raw("\">")
                .text(label)
                .raw("</a>")
        } else {
            self.raw("<span class=\"url\">").text(url).raw("</span>")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.buf
    }

    pub fn into_string(self) -> String {
        self.buf
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters that have no business in
/// a page (keeping tab and newlines).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Whether `url` is an absolute `http:` or `https:` URL with a host, safe to link to.
pub fn is_web_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_both_quotes() {
        let mut h = Html::new();
        h.raw("<p title=\"")
            .text("\"><script>alert('x')</script>")
            .raw("\">")
            .text("a & b < c")
            .raw("</p>");
        assert_eq!(
            h.as_str(),
            "<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\">a &amp; b &lt; c</p>"
        );
    }

    #[test]
    fn drops_control_characters_but_keeps_line_breaks() {
        assert_eq!(escape("a\u{0}b\u{1b}[1m\nc\td"), "ab[1m\nc\td");
    }

    #[test]
    fn links_only_web_urls() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/x",
            "https:///path",
            "http://exa mple.org",
            "vbscript:x",
        ] {
            let mut h = Html::new();
            h.external_link(bad, "label");
            assert!(
                !h.as_str().contains("href"),
                "{bad} was linked: {}",
                h.as_str()
            );
        }
        let mut h = Html::new();
        h.external_link("https://news.example/a?b=1&c=\"2\"", "story");
        assert_eq!(
            h.as_str(),
            "<a class=\"external\" rel=\"noopener noreferrer nofollow\" \
             href=\"https://news.example/a?b=1&amp;c=&quot;2&quot;\">story</a>"
        );
    }

    #[test]
    fn numbers_are_plain() {
        let mut h = Html::new();
        h.num(42usize)
            .raw(" ")
            .fixed(0.12345, 2)
            .raw(" ")
            .fixed(f64::NAN, 1);
        assert_eq!(h.as_str(), "42 0.12 0.0");
    }
}
