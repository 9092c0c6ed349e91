//! `parallax export` through the binary: JSONL gives back exactly the records `analyze`
//! prints, and each CSV table holds the spans of its layer with their text.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{char_slice, parallax, repo_dir, stderr};
use serde_json::Value;

fn ingest_examples(db: &Path) {
    let articles = repo_dir().join("examples/articles");
    let output = parallax()
        .args(["ingest", "--db"])
        .arg(db)
        .arg(&articles)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

fn export(db: &Path, args: &[&str]) -> String {
    let output = parallax()
        .args(["export", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn jsonl_export_gives_back_the_analyzed_records_and_csv_tables_hold_their_spans() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    ingest_examples(&db);

    // JSONL: the same lines as `analyze --format jsonl` on the same inputs.
    let analyzed = parallax()
        .args(["analyze", "--format", "jsonl"])
        .arg(repo_dir().join("examples/articles"))
        .output()
        .unwrap();
    assert!(analyzed.status.success(), "{}", stderr(&analyzed));
    let analyzed: BTreeSet<String> = String::from_utf8(analyzed.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let exported_text = export(&db, &[]);
    let exported: BTreeSet<String> = exported_text.lines().map(str::to_string).collect();
    assert!(exported.len() >= 6, "{} records", exported.len());
    assert_eq!(exported, analyzed);
    let records: Vec<Value> = exported_text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    // Articles: one row per record, under a header.
    let articles = export(&db, &["--format", "csv", "--table", "articles"]);
    let mut reader = csv::Reader::from_reader(articles.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(reader.records().count(), records.len());

    // Techniques: every row's text is its span of the article, and every span is there.
    let techniques = export(&db, &["--format", "csv", "--table", "techniques"]);
    let mut reader = csv::Reader::from_reader(techniques.as_bytes());
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let record = records
            .iter()
            .find(|r| r["id"].as_str() == Some(&row[0]))
            .expect("a row names a stored record");
        let (start, end): (u64, u64) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        assert_eq!(
            row[6],
            char_slice(record["text"].as_str().unwrap(), start, end)
        );
        rows += 1;
    }
    let spans: usize = records
        .iter()
        .map(|r| r["techniques"].as_array().unwrap().len())
        .sum();
    assert!(spans > 0);
    assert_eq!(rows, spans);

    // Written to a file instead, with a note on standard error.
    let file = dir.path().join("claims.csv");
    let output = parallax()
        .args(["export", "--db"])
        .arg(&db)
        .args(["--format", "csv", "--table", "claims", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("exported"));
    let claims = std::fs::read_to_string(&file).unwrap();
    assert!(claims.starts_with("article,start,end,checkworthy,attributed_to,text"));
}

#[test]
fn exporting_a_missing_store_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-store");
    let output = parallax()
        .args(["export", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("no-store"), "{}", stderr(&output));
}
