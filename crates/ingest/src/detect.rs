//! Format detection from content; the file name only breaks ties.

use parallax_core::InputFormat;

/// Guesses the format of a (decompressed) input from its first bytes and its name.
pub fn detect_format(head: &[u8], name: Option<&str>) -> InputFormat {
    let extension = name.map(extension_of).unwrap_or_default();
    let start = skip_bom_and_space(head);
    let body = &head[start..];
    if body.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    if body.starts_with(b"{")
        || (body.starts_with(b"[")
            && skip_bom_and_space(&body[1..]) < body.len() - 1
            && body[1 + skip_bom_and_space(&body[1..])] == b'{')
    {
        return InputFormat::Jsonl;
    }
    let lower_head: Vec<u8> = body.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let html_markers = [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta ",
        b"<title",
        b"<article",
        b"<div",
        b"<p>",
        b"<p ",
        b"<!--",
    ];
    if body.starts_with(b"<") && html_markers.iter().any(|m| contains(&lower_head, m)) {
        return InputFormat::Html;
    }
    let tag_count = [&b"</p>"[..], b"<div", b"<br", b"</a>", b"<span", b"</li>"]
        .iter()
        .map(|m| count(&lower_head, m))
        .sum::<usize>();
    if tag_count >= 6
        || (matches!(extension.as_str(), "html" | "htm" | "xhtml" | "shtml") && tag_count >= 1)
    {
        return InputFormat::Html;
    }
    if matches!(extension.as_str(), "csv" | "tsv") || looks_like_csv(body) {
        return InputFormat::Csv;
    }
    if matches!(extension.as_str(), "md" | "markdown") || markdown_signals(body) >= 2 {
        return InputFormat::Markdown;
    }
    InputFormat::Text
}

/// The lower-cased extension, ignoring a trailing `.gz`.
pub fn extension_of(name: &str) -> String {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Whether a name has an extension that article inputs use; directory walks read only these.
pub fn is_article_extension(name: &str) -> bool {
    matches!(
        extension_of(name).as_str(),
        "txt"
            | "text"
            | "md"
            | "markdown"
            | "html"
            | "htm"
            | "xhtml"
            | "shtml"
            | "json"
            | "jsonl"
            | "ndjson"
            | "csv"
            | "tsv"
            | "warc"
    )
}

fn skip_bom_and_space(bytes: &[u8]) -> usize {
    let mut i = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}

/// A header row naming article columns, and following rows with the same number of fields.
fn looks_like_csv(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(8192)]);
    let mut lines = text.lines();
    let Some(header) = lines.next() else {
        return false;
    };
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| header.matches(*d).count())
        .unwrap_or(',');
    let fields: Vec<String> = header
        .split(delimiter)
        .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    fields.len() >= 2 && fields.iter().any(|f| crate::fields::is_body_column(f))
}

fn markdown_signals(body: &[u8]) -> usize {
    let text = String::from_utf8_lossy(&body[..body.len().min(16384)]);
    let mut signals = 0;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            signals += 2;
        }
        if t.contains("](") && t.contains('[') {
            signals += 1;
        }
        if t.starts_with("**") || (t.starts_with('*') && t.ends_with('*') && t.len() > 2) {
            signals += 1;
        }
        if t == "---" || t == "***" {
            signals += 1;
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides() {
        assert_eq!(
            detect_format(b"WARC/1.0\r\nWARC-Type: warcinfo", None),
            InputFormat::Warc
        );
        assert_eq!(
            detect_format(b"{\"text\": \"x\"}\n{\"text\": \"y\"}", Some("a.txt")),
            InputFormat::Jsonl
        );
        assert_eq!(
            detect_format(b"  <!DOCTYPE html><html><body>", Some("page.txt")),
            InputFormat::Html
        );
        assert_eq!(
            detect_format(b"title,text,url\n\"A\",\"B\",\"C\"\n", None),
            InputFormat::Csv
        );
        assert_eq!(
            detect_format(b"# Heading\n\nSee [this](http://x).\n", Some("a.txt")),
            InputFormat::Markdown
        );
        assert_eq!(
            detect_format(b"Plain words in a plain file.\n", Some("a.md")),
            InputFormat::Markdown
        );
        assert_eq!(
            detect_format(b"Plain words in a plain file.\n", Some("a.txt")),
            InputFormat::Text
        );
        assert_eq!(
            detect_format(b"A price < 5 and > 3\n", None),
            InputFormat::Text
        );
    }

    #[test]
    fn extensions() {
        assert_eq!(extension_of("dir/page.HTML.gz"), "html");
        assert_eq!(extension_of(".hidden"), "");
        assert!(is_article_extension("feed.jsonl.gz"));
        assert!(!is_article_extension("script.py"));
    }
}
