//! Bad input gets a clear error naming the input and the reason; the rest of the batch still
//! runs; the exit status is non-zero; nothing panics; no partial record is printed.

mod common;

use std::io::Write;
use std::path::Path;

use common::{analyze, stderr};

const GOOD: &str = "Harbour fire forces evacuation\n\nA fire that broke out at a grain terminal in Portville on Sunday forced the evacuation of hundreds of dock workers, the harbour authority said.\n\nFire crews fought the blaze for nine hours before bringing it under control, officials said.\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs a batch of one bad input between two good ones and checks the contract.
fn bad_between_good(name: &str, bytes: &[u8], reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "first.txt", GOOD.as_bytes());
    let bad = write(dir.path(), name, bytes);
    let last = write(
        dir.path(),
        "last.txt",
        GOOD.replace("Portville", "Northport").as_bytes(),
    );
    let (records, output) = analyze(&[&first, &bad, &last]);
    let message = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "non-zero exit after the batch: {message}"
    );
    assert_eq!(
        records.len(),
        2,
        "the good inputs still produce records: {message}"
    );
    assert!(records[0]["text"].as_str().unwrap().contains("Portville"));
    assert!(records[1]["text"].as_str().unwrap().contains("Northport"));
    let line = message
        .lines()
        .find(|l| l.contains(&bad))
        .unwrap_or_else(|| panic!("no error names {bad}: {message}"));
    assert!(
        line.contains(reason),
        "error for {name} should say {reason:?}: {line}"
    );
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    bad_between_good("junk.bin.txt", &junk, "binary data");
}

#[test]
fn empty_file() {
    bad_between_good("empty.txt", b"", "empty input");
    bad_between_good("blank.txt", b"  \n\n \t\n", "empty input");
}

#[test]
fn oversized_file_names_the_limit() {
    let big = "All work and no play makes a long article. ".repeat(50 * 1024 * 1024 / 43 + 1);
    bad_between_good("huge.txt", big.as_bytes(), "limit of 16 MiB");
}

#[test]
fn enormous_article_text_names_the_limit() {
    let long = "The council met again and talked for hours about the budget. ".repeat(20_000);
    bad_between_good(
        "endless.txt",
        long.as_bytes(),
        "limit of 1000000 characters",
    );
}

#[test]
fn furniture_only_document_has_no_text() {
    bad_between_good(
        "furniture.txt",
        b"Share this article\n\nSign up for our newsletter\n",
        "no article text",
    );
}

#[test]
fn malformed_jsonl_line_keeps_the_other_lines() {
    let dir = tempfile::tempdir().unwrap();
    let good_line = serde_json::json!({"title": "Port reopens", "text": GOOD}).to_string();
    let feed = format!("{good_line}\n{{\"title\": \"broken\", \"text\": \n{good_line}\n[1,2]\n{{\"title\": \"no body\"}}\n");
    let path = write(dir.path(), "feed.jsonl", feed.as_bytes());
    let (records, output) = analyze(&[&path]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(records.len(), 2, "{message}");
    assert!(
        message.contains(&format!("{path}:2: malformed JSON")),
        "{message}"
    );
    assert!(
        message.contains(&format!("{path}:4: not an article")),
        "{message}"
    );
    assert!(
        message.contains(&format!("{path}:5: not an article: no article body")),
        "{message}"
    );
}

#[test]
fn deeply_nested_json_names_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("{{\"text\": {}1{}}}\n", "[".repeat(5000), "]".repeat(5000));
    let path = write(dir.path(), "deep.jsonl", nested.as_bytes());
    let (records, output) = analyze(&[&path]);
    assert!(records.is_empty());
    assert!(
        stderr(&output).contains("nested deeper than the limit of 128"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn latin1_text_is_decoded_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let latin1: Vec<u8> = GOOD
        .replace("Portville", "Portvill\u{e9}")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let path = write(dir.path(), "latin1.txt", &latin1);
    let (records, output) = analyze(&[&path]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(records[0]["text"].as_str().unwrap().contains("Portvillé"));
    assert!(
        stderr(&output).contains("windows-1252"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn invalid_utf8_bytes_are_replaced_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = GOOD
        .replace("Portville", "Portville — “quoted”")
        .into_bytes();
    bytes.insert(60, 0xff);
    let path = write(dir.path(), "broken-utf8.txt", &bytes);
    let (records, output) = analyze(&[&path]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(records.len(), 1);
    assert!(
        stderr(&output).contains("invalid UTF-8"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn truncated_and_deeply_nested_html_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let truncated = "<!doctype html><html><head><title>Port fire</title></head><body><article><p>A fire that broke out at a grain terminal in Portville on Sunday forced the evacuation of hundreds of dock workers, the harbour authority said.</p><p>Fire crews fought the blaze for nine hours before bringing it under contr";
    let t = write(dir.path(), "truncated.html", truncated.as_bytes());
    let nested = format!(
        "<html><body>{}<p>deep</p></body></html>",
        "<div>".repeat(200_000)
    );
    let n = write(dir.path(), "nested.html", nested.as_bytes());
    let (records, output) = analyze(&[&t, &n]);
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{message}"
    );
    assert!(
        records
            .iter()
            .any(|r| r["text"].as_str().unwrap().contains("grain terminal")),
        "{message}"
    );
    if !records.iter().any(|r| r["input"]["path"] == n.as_str()) {
        assert!(
            message.contains(&n),
            "the nested page is either analysed or named in an error: {message}"
        );
    }
}

#[test]
fn warc_with_a_broken_record_reads_the_others() {
    let page = |title: &str| {
        format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{}</p></article></body></html>", GOOD.replace('\n', " "))
    };
    let record = |uri: &str, body: &str, declared_len: Option<usize>| {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        let len = declared_len.unwrap_or(http.len());
        format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n{http}\r\n\r\n")
    };
    let mut warc = String::new();
    warc.push_str(&record("https://a.example/1", &page("First story"), None));
    warc.push_str(
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\ngarbage\r\n\r\n",
    );
    warc.push_str(&record("https://a.example/3", &page("Third story"), None));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc", warc.as_bytes());
    let (records, output) = analyze(&[&path]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    let urls: Vec<&str> = records
        .iter()
        .map(|r| r["input"]["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        vec!["https://a.example/1", "https://a.example/3"],
        "{message}"
    );
    assert!(
        message.contains(&format!("{path}#2: malformed WARC record")),
        "{message}"
    );

    // A record cut short by the end of the file.
    let mut truncated = record("https://a.example/1", &page("First story"), None);
    truncated.push_str(&record(
        "https://a.example/2",
        &page("Second story"),
        Some(100_000),
    ));
    let path = write(dir.path(), "cut.warc", truncated.as_bytes());
    let (records, output) = analyze(&[&path]);
    assert_eq!(records.len(), 1);
    assert!(stderr(&output).contains("truncated"), "{}", stderr(&output));
}

#[test]
fn gzip_that_is_not_gzip_after_the_magic() {
    bad_between_good(
        "broken.txt.gz",
        &[0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        "gzip",
    );
}

#[test]
fn missing_file_and_directory_walk() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD.as_bytes());
    write(dir.path(), "notes.py", b"print('not an article')");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        &dir.path().join("sub"),
        "b.md",
        GOOD.replace("Portville", "Northport").as_bytes(),
    );
    let missing = dir.path().join("missing.txt");
    let (records, output) = analyze(&[dir.path().to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(
        records.len(),
        1,
        "only a.txt: .py skipped, sub/ needs --recursive"
    );
    assert!(
        stderr(&output).contains("missing.txt: cannot read"),
        "{}",
        stderr(&output)
    );
    let (records, _) = analyze(&["--recursive", dir.path().to_str().unwrap()]);
    assert_eq!(records.len(), 2);
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = common::parallax()
        .args(["analyze", "--format", "jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["title"], "Harbour fire forces evacuation");
    assert_eq!(record["input"]["path"], serde_json::Value::Null);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_read_once_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("news");
    std::fs::create_dir(&inner).unwrap();
    write(&inner, "story.txt", GOOD.as_bytes());
    std::os::unix::fs::symlink(dir.path(), inner.join("again")).unwrap();
    let (records, output) = analyze(&["--recursive", dir.path().to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(records.len(), 1, "{message}");
    assert!(
        message.contains("directory already read (a symbolic link leads back to it)"),
        "{message}"
    );
    assert_eq!(output.status.code(), Some(1));
}
