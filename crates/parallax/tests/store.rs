//! `parallax ingest` and `parallax search` through the binary: idempotent ingest, per-input
//! errors, a `kill -9` in the middle of an ingest, and searches while an ingest runs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use common::{parallax, stderr};
use parallax_core::Article;
use parallax_store::{SearchRequest, Store};
use serde_json::{json, Value};

/// A deterministic synthetic corpus of `n` JSONL lines: articles on a handful of invented
/// stories across outlets, every 25th line repeating an earlier one (an exact duplicate).
fn write_corpus(path: &Path, n: usize) {
    const OUTLETS: [&str; 5] = [
        "Harbour Gazette",
        "Valley Courier",
        "National Ledger",
        "Freedom Truth Daily",
        "Continental Wire",
    ];
    const STORIES: [(&str, &str, &str); 4] = [
        ("strike", "dockers", "the port authority"),
        ("flood", "residents", "the water board"),
        ("inquiry", "engineers", "the transport ministry"),
        ("protest", "farmers", "the regional council"),
    ];
    const PLACES: [&str; 6] = [
        "Kessan", "Arnhal", "Velden", "Moravik", "Ostrel", "Brannock",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut lines: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        if i % 25 == 24 {
            let earlier = lines[next(lines.len())].clone();
            lines.push(earlier);
            continue;
        }
        let (story, who, body) = STORIES[next(STORIES.len())];
        let place = PLACES[next(PLACES.len())];
        let outlet = OUTLETS[next(OUTLETS.len())];
        let number = 3 + next(400);
        let mut paragraphs = vec![format!(
            "The {story} in {place} entered its {} day on Tuesday as {number} {who} waited \
             for word from {body}.",
            ["second", "third", "fourth", "fifth"][next(4)]
        )];
        for p in 0..3 + next(5) {
            paragraphs.push(format!(
                "Officials at {body} said a decision on the {story} would follow talks in \
                 {place} (report {i}-{p}). \"We are listening to the {who},\" a spokesperson \
                 said. Critics said the response to the {story} had been slow and that {} \
                 {who} had been affected.",
                number * (p + 1)
            ));
        }
        let record = json!({
            "title": format!("{} {story}: {number} {who} wait for {body}", place),
            "outlet": outlet,
            "published": format!("2024-{:02}-{:02}", 1 + next(12), 1 + next(28)),
            "url": format!("https://news.example/{i}"),
            "text": paragraphs.join("\n\n"),
        });
        lines.push(record.to_string());
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Distinct documents in a corpus of `n` lines.
fn distinct(n: usize) -> usize {
    n - n / 25
}

/// Corpus size for a run that takes a few seconds: the test binary and `parallax` share a
/// profile, and a debug build analyses about 25 times slower than a release build.
/// Large enough that an ingest takes several one-second write transactions (see
/// `WRITE_INTERVAL` in `cmd/ingest.rs`): the kill and concurrent-read tests need to catch it
/// between two of them, and the analysis keeps getting faster.
fn sizeable() -> usize {
    if cfg!(debug_assertions) {
        1_000
    } else {
        5_000
    }
}

fn ingest(corpus: &Path, db: &Path, extra: &[&str]) -> Output {
    parallax()
        .arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("parallax runs")
}

/// Starts an ingest that commits the search index every `index_interval` seconds.
fn spawn_ingest(corpus: &Path, db: &Path, index_interval: &str) -> Child {
    parallax()
        .arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .args(["--index-interval", index_interval])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("parallax starts")
}

fn search(db: &Path, args: &[&str]) -> (Value, Output) {
    let output = parallax()
        .arg("search")
        .arg("--db")
        .arg(db)
        .args(["--format", "json"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("parallax runs");
    let value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (value, output)
}

/// Records stored so far, read the way any reader would (`None` before the store exists).
fn stored(db: &Path) -> Option<u64> {
    Store::open_read_only(db)
        .ok()
        .and_then(|s| s.stats().ok())
        .map(|s| s.records)
}

/// Waits until the store holds at least `records` records, while `child` runs.
fn wait_for_records(child: &mut Child, db: &Path, records: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(n) = stored(db).filter(|n| *n >= records) {
            return n;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest finished before the store held {records} records"
        );
        assert!(Instant::now() < deadline, "ingest made no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Everything observable about a store's content: each record with its sources, the row
/// counts of every table, and every hit of a few searches with its score. (Hits are compared
/// as sets: equal scores may come in another order when the index segments differ.)
#[derive(Debug, PartialEq)]
struct Snapshot {
    records: Vec<(Article, Vec<String>)>,
    tables: Vec<(String, u64)>,
    searches: Vec<(usize, Vec<(String, String)>)>,
}

fn snapshot(db: &Path) -> Snapshot {
    let mut store = Store::open_read_only(db).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{}: {:?}", db.display(), report.problems);
    assert_eq!(
        report.unindexed,
        0,
        "{}: records left unindexed",
        db.display()
    );
    let records = store
        .records()
        .map(|r| {
            let article = r.expect("every stored record is readable");
            let sources = store.sources(&article.id).unwrap();
            (article, sources)
        })
        .collect();
    let tables = store.stats().unwrap().tables;
    let mut searches = Vec::new();
    for query in ["strike Kessan", "\"water board\"", "flood OR protest", "*"] {
        let mut request = SearchRequest::new(query);
        request.limit = 100_000;
        let results = store.search(&request).unwrap();
        let mut hits: Vec<(String, String)> = results
            .hits
            .into_iter()
            .map(|h| (h.id, format!("{:.4}", h.score.unwrap_or_default())))
            .collect();
        hits.sort();
        searches.push((results.total, hits));
    }
    Snapshot {
        records,
        tables,
        searches,
    }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    (dir, corpus)
}

#[test]
fn ingest_is_idempotent_and_reports_bad_inputs_like_analyze() {
    let (dir, corpus) = temp();
    write_corpus(&corpus, 60);
    // One broken line in the middle: reported by name, the rest stored, exit status 1.
    let mut text = std::fs::read_to_string(&corpus).unwrap();
    let at = text.match_indices('\n').nth(29).unwrap().0;
    text.insert_str(at + 1, "{\"title\": \"cut off\n");
    std::fs::write(&corpus, text).unwrap();
    let db = dir.path().join("db");

    let first = ingest(&corpus, &db, &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let message = stderr(&first);
    assert!(
        message.contains("parallax: error: ") && message.contains("corpus.jsonl:31"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{} added", distinct(60))),
        "{message}"
    );
    let before = snapshot(&db);
    assert_eq!(before.records.len(), distinct(60));
    // Exact duplicates are one record read from two lines.
    assert!(before.records.iter().any(|(_, sources)| sources.len() == 2));

    let second = ingest(&corpus, &db, &[]);
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains("0 added"), "{}", stderr(&second));
    assert_eq!(snapshot(&db), before, "ingesting again changes nothing");

    // Re-analysing with the same pipeline finds nothing to replace.
    let third = ingest(&corpus, &db, &["--reanalyze"]);
    assert!(
        stderr(&third).contains("0 added, 0 replaced"),
        "{}",
        stderr(&third)
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn search_filters_and_formats() {
    let (dir, corpus) = temp();
    write_corpus(&corpus, 120);
    let db = dir.path().join("db");
    assert!(ingest(&corpus, &db, &[]).status.success());

    let (all, output) = search(&db, &["*", "--limit", "500"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(all["total"], distinct(120));

    let (found, _) = search(&db, &["\"water board\"", "--outlet", "valley courier"]);
    let hits = found["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert_eq!(hit["outlet"], "Valley Courier");
        let snippet = hit["snippet"]["text"].as_str().unwrap();
        let marked: Vec<String> = hit["snippet"]["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let (s, e) = (h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap());
                common::char_slice(snippet, s, e).to_lowercase()
            })
            .collect();
        assert!(
            marked.iter().any(|w| w == "water" || w == "board"),
            "{marked:?}"
        );
    }

    let (march, _) = search(
        &db,
        &[
            "*", "--from", "2024-03", "--to", "2024-03", "--limit", "500",
        ],
    );
    let march = march["hits"].as_array().unwrap();
    assert!(!march.is_empty());
    assert!(march
        .iter()
        .all(|h| h["published"].as_str().unwrap().starts_with("2024-03")));

    let text = parallax()
        .args(["search", "--db"])
        .arg(&db)
        .args(["Kessan", "strike", "--limit", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("Articles 1-2 of "), "{text}");
    assert!(
        text.contains("**Kessan**") || text.contains("**strike**"),
        "{text}"
    );

    let (_, bad) = search(&db, &["title:("]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("invalid query"), "{}", stderr(&bad));
    let (_, bad) = search(&db, &["*", "--technique", "Shouting"]);
    assert_eq!(bad.status.code(), Some(2));
    let (_, missing) = search(&dir.path().join("nothing-here"), &["*"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no store at"),
        "{}",
        stderr(&missing)
    );
}

/// Kills an ingest of `corpus` into `db` with SIGKILL once a third of the records are
/// stored, checks the store left behind, and completes it with a second ingest. Returns the
/// number of records that were stored but not searchable at the kill.
fn kill_and_resume(corpus: &Path, db: &Path, n: usize, index_interval: &str) -> u64 {
    let mut child = spawn_ingest(corpus, db, index_interval);
    let at_kill = wait_for_records(&mut child, db, (distinct(n) / 3) as u64);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the ingest was killed, not finished");

    // Right after the kill: the store opens, passes every check, and every record in it is
    // whole. Records not yet indexed are allowed: the next writer indexes them.
    let interrupted = Store::open_read_only(db).unwrap();
    let report = interrupted.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.records >= at_kill && report.records < distinct(n) as u64);
    assert_eq!(
        interrupted.records().filter(|r| r.is_ok()).count() as u64,
        report.records
    );
    drop(interrupted);

    let resumed = ingest(corpus, db, &[]);
    let message = stderr(&resumed);
    assert!(resumed.status.success(), "{message}");
    let added = distinct(n) as u64 - report.records;
    assert!(message.contains(&format!("{added} added")), "{message}");
    if report.unindexed > 0 {
        assert!(
            message.contains(&format!("indexed {} stored records", report.unindexed)),
            "{message}"
        );
    }
    report.unindexed
}

#[test]
fn a_killed_ingest_leaves_a_consistent_store_that_the_next_ingest_completes() {
    let (dir, corpus) = temp();
    let n = sizeable();
    write_corpus(&corpus, n);
    let clean = dir.path().join("clean");
    let single = ingest(&corpus, &clean, &[]);
    assert!(single.status.success(), "{}", stderr(&single));
    let clean = snapshot(&clean);
    assert_eq!(clean.records.len(), distinct(n));

    // Killed before any index commit: every stored record must be re-indexed on resume.
    let never_indexed = dir.path().join("never-indexed");
    let unindexed = kill_and_resume(&corpus, &never_indexed, n, "3600");
    assert!(unindexed > 0);
    // Killed while the index commits after every batch (and merges segments).
    let busy_index = dir.path().join("busy-index");
    kill_and_resume(&corpus, &busy_index, n, "0");

    for db in [never_indexed, busy_index] {
        let resumed = snapshot(&db);
        assert!(
            resumed.records == clean.records,
            "{}: other records than a clean ingest",
            db.display()
        );
        assert_eq!(resumed.tables, clean.tables);
        assert!(
            resumed.searches == clean.searches,
            "{}: the index answers differently from a clean ingest's",
            db.display()
        );
    }
}

#[test]
fn searches_work_while_an_ingest_runs() {
    let (dir, corpus) = temp();
    let n = sizeable();
    write_corpus(&corpus, n);
    let db = dir.path().join("db");

    let mut child = spawn_ingest(&corpus, &db, "0.2");
    wait_for_records(&mut child, &db, 64);
    let mut answered_during_ingest = 0;
    let deadline = Instant::now() + Duration::from_secs(300);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        let (value, output) = search(&db, &["strike OR flood OR inquiry OR protest"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let total = value["total"].as_u64().unwrap();
        if total > 0 && child.try_wait().unwrap().is_none() {
            answered_during_ingest += 1;
            if answered_during_ingest >= 3 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        answered_during_ingest >= 1,
        "no search found records while the ingest ran"
    );
    let (value, _) = search(&db, &["*"]);
    assert_eq!(value["total"], distinct(n));
}

#[test]
fn only_one_ingest_writes_at_a_time() {
    let (dir, corpus) = temp();
    write_corpus(&corpus, sizeable());
    let db = dir.path().join("db");
    let mut first = spawn_ingest(&corpus, &db, "0.2");
    wait_for_records(&mut first, &db, 1);
    let second = ingest(&corpus, &db, &[]);
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("another process is writing"),
        "{}",
        stderr(&second)
    );
    first.kill().unwrap();
    first.wait().unwrap();
}

#[test]
fn ingest_stores_exactly_what_analyze_prints_aliases_included() {
    let dir = tempfile::tempdir().unwrap();
    let examples = common::repo_dir().join("examples/articles");
    let aliases = dir.path().join("aliases.tsv");
    std::fs::write(
        &aliases,
        "per:interior-minister\tPER\tTomas Brekke\tBrekke|Minister Brekke\n",
    )
    .unwrap();
    let aliases_arg = aliases.to_str().unwrap();
    let examples_arg = examples.to_str().unwrap();
    let (printed, output) = common::analyze(&["--aliases", aliases_arg, examples_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        printed.iter().any(|r| r["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "per:interior-minister")),
        "the alias file renames an entity of the examples"
    );

    let db = dir.path().join("db");
    let ingested = ingest(&examples, &db, &["--aliases", aliases_arg]);
    assert!(ingested.status.success(), "{}", stderr(&ingested));
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.stats().unwrap().records, printed.len() as u64);
    for record in &printed {
        let expected: Article = serde_json::from_value(record.clone()).unwrap();
        let stored = store
            .get(&expected.id)
            .unwrap()
            .expect("every record is stored");
        assert_eq!(stored, expected);
    }
    drop(store);
    let (found, _) = search(&db, &["*", "--entity", "per:interior-minister"]);
    assert!(found["total"].as_u64().unwrap() > 0);
}
