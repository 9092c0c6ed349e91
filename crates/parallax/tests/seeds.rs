//! Acceptance: the five seed scrapes extract as a careful person would.
//!
//! Expectations name seed *lines* (1-based) rather than quoting them, so no seed text is
//! copied into the repository: the title is a given line, the body is exactly the given lines
//! (whitespace collapsed, markdown emphasis removed) joined by blank lines.

mod common;

use common::{analyze, seeds_dir};
use serde_json::Value;

struct Expected {
    file: &'static str,
    title_line: usize,
    authors: &'static [&'static str],
    published: Option<&'static str>,
    outlet: Option<&'static str>,
    format: &'static str,
    /// Inclusive ranges of lines that make up the body (blank lines inside are skipped).
    body_lines: &'static [(usize, usize)],
}

/// `[label](target)` -> `label`.
fn strip_links(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| i + open) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| i + close) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn normalise(line: &str) -> String {
    let collapsed = strip_links(line)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = collapsed.trim_start_matches("# ");
    // Whole-line emphasis (`*...*`) is markdown syntax, not text.
    let trimmed = if trimmed.len() > 2 && trimmed.starts_with('*') && trimmed.ends_with('*') {
        &trimmed[1..trimmed.len() - 1]
    } else {
        trimmed
    };
    trimmed.to_string()
}

fn check(expected: Expected) {
    let Some(dir) = seeds_dir() else { return };
    let path = dir.join(expected.file);
    let source = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let (records, output) = analyze(&[path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(records.len(), 1);
    let record = &records[0];

    assert_eq!(
        record["title"],
        Value::from(normalise(lines[expected.title_line - 1])),
        "title"
    );
    assert_eq!(
        record["authors"],
        Value::from(expected.authors.to_vec()),
        "authors"
    );
    assert_eq!(
        record["published"],
        expected.published.map_or(Value::Null, Value::from),
        "published"
    );
    assert_eq!(
        record["outlet"],
        expected.outlet.map_or(Value::Null, Value::from),
        "outlet"
    );
    assert_eq!(record["input"]["format"], expected.format);

    let body: Vec<String> = expected
        .body_lines
        .iter()
        .flat_map(|&(from, to)| (from..=to).map(|n| normalise(lines[n - 1])))
        .filter(|l| !l.is_empty())
        .collect();
    let text = record["text"].as_str().unwrap();
    let got: Vec<&str> = text.split("\n\n").collect();
    for (i, (want, got)) in body.iter().zip(&got).enumerate() {
        assert_eq!(got, want, "paragraph {i} differs");
    }
    assert_eq!(got.len(), body.len(), "paragraph count");
    assert_eq!(text, body.join("\n\n"));
    // Paragraph spans are character offsets onto exactly these paragraphs.
    let spans = record["paragraphs"].as_array().unwrap();
    assert_eq!(spans.len(), body.len());
    for (span, want) in spans.iter().zip(&body) {
        let slice = common::char_slice(
            text,
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        assert_eq!(&slice, want);
    }
}

#[test]
fn seed_000_markdown_scrape_with_dateline_labels_and_footer() {
    check(Expected {
        file: "000_55f4b6b1599edf53.txt",
        title_line: 3,
        authors: &["Mehmet Ersoy"],
        published: Some("2017-01-19"),
        outlet: Some("Global Research"),
        format: "markdown",
        body_lines: &[(15, 27)],
    });
}

#[test]
fn seed_001_column_with_leading_disclaimer_and_no_metadata() {
    check(Expected {
        file: "001_0c0131f657d60236.txt",
        title_line: 1,
        authors: &[],
        published: None,
        outlet: None,
        format: "text",
        body_lines: &[(5, 63)],
    });
}

#[test]
fn seed_002_aggregated_wire_report_with_ticker_and_widgets() {
    check(Expected {
        file: "002_da6a444d9b3b1551.txt",
        title_line: 14,
        authors: &[],
        published: Some("2017-01-21"),
        outlet: Some("Ahram Online"),
        format: "text",
        body_lines: &[(17, 41)],
    });
}

#[test]
fn seed_003_long_piece_with_subheadings_and_footer_byline() {
    check(Expected {
        file: "003_82e3d1e062e46c05.txt",
        title_line: 1,
        authors: &["Paul Mansfield"],
        published: None,
        outlet: Some("Global Research"),
        format: "text",
        body_lines: &[(3, 127)],
    });
}

#[test]
fn seed_004_lede_before_dateline_and_indented_paragraphs() {
    check(Expected {
        file: "004_048afb800288c5fb.txt",
        title_line: 1,
        authors: &[],
        published: Some("2017-01-18T13:29:00"),
        outlet: None,
        format: "text",
        body_lines: &[(3, 3), (7, 29)],
    });
}
