//! Acceptance: the bundled examples extract as `examples/expected.json` says.

mod common;

use common::{analyze, repo_dir};
use serde_json::Value;

fn expected() -> serde_json::Map<String, Value> {
    let path = repo_dir().join("examples/expected.json");
    let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value.as_object().unwrap().clone()
}

/// Records of the whole examples folder, keyed as expected.json keys them.
fn records() -> Vec<(String, Value)> {
    let dir = repo_dir().join("examples/articles");
    let (records, output) = analyze(&[dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let mut jsonl_line = 0;
    records
        .into_iter()
        .map(|record| {
            let path = record["input"]["path"].as_str().unwrap_or("").to_string();
            let file = path.rsplit('/').next().unwrap_or("").to_string();
            let key = match record["input"]["format"].as_str() {
                Some("jsonl") => {
                    jsonl_line += 1;
                    format!("{file}:{jsonl_line}")
                }
                Some("warc") => record["input"]["url"].as_str().unwrap().to_string(),
                _ => file,
            };
            (key, record)
        })
        .collect()
}

fn check(key: &str) {
    let all = expected();
    let want = &all[key];
    let records = records();
    let (_, got) = records
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no record for {key}"));
    for field in ["title", "authors", "published", "outlet"] {
        assert_eq!(got[field], want[field], "{key}: {field}");
    }
    let text = got["text"].as_str().unwrap();
    let first = want["first_sentence"].as_str().unwrap();
    let last = want["last_sentence"].as_str().unwrap();
    assert!(
        text.starts_with(first),
        "{key}: body starts with {:?}",
        &text[..text.len().min(200)]
    );
    assert!(
        text.ends_with(last),
        "{key}: body ends with {:?}",
        &text[text.len().saturating_sub(200)..]
    );
    for banned in want["must_not_contain"].as_array().unwrap() {
        assert!(
            !text.contains(banned.as_str().unwrap()),
            "{key}: body contains {banned}"
        );
    }
}

#[test]
fn wire_report() {
    check("wire-report.txt");
}

#[test]
fn syndicated_copy() {
    check("syndicated-copy.txt");
}

#[test]
fn opinion_column() {
    check("opinion-column.md");
}

#[test]
fn news_page_html() {
    check("news-page.html");
}

#[test]
fn jsonl_text_record() {
    check("feed.jsonl:1");
}

#[test]
fn jsonl_html_record() {
    check("feed.jsonl:2");
}

#[test]
fn jsonl_unrelated_record() {
    check("feed.jsonl:3");
}

#[test]
fn warc_response_record() {
    check("https://www.sarrowexaminer.example/news/2025/03/04/harmaq-counts-the-cost");
}

/// The default text summary shows what a person needs first: the score with its reasons,
/// who is named, who is quoted and what is worth checking.
#[test]
fn text_summary_shows_score_reasons_entities_quotes_and_claims() {
    let wire = repo_dir().join("examples/articles/wire-report.txt");
    let column = repo_dir().join("examples/articles/opinion-column.md");
    let output = common::parallax()
        .args(["analyze", wire.to_str().unwrap(), column.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let (wire_part, column_part) = text.split_once("opinion-column.md").unwrap();
    assert!(
        wire_part.contains("persuasion 0.") && wire_part.contains("(low)"),
        "{wire_part}"
    );
    assert!(column_part.contains("(high): "), "{column_part}");
    // Entities with their ids and counts; the most named first.
    assert!(
        wire_part.contains("(org:delta-flood-authority) ×"),
        "{wire_part}"
    );
    // Quotes with their speakers, and claims with who asserts them.
    assert!(wire_part.contains("Tomas Brekke") || wire_part.contains("Delta Flood Authority:"));
    assert!(column_part.contains("claims ") && column_part.contains("(the article)"));
}
