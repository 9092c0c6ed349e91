//! Acceptance: quotes carry their speakers and claims their scores, on the seeds and the bundled
//! examples, against the gold annotations in `crates/annotate/testdata/attribution/`.
//!
//! Seed expectations come from the gold file (offsets and speaker names), so no seed text is
//! written here.

mod common;

use common::{analyze, parallax, repo_dir, seeds_dir, shared_dir};
use parallax_annotate::quotes::evaluate::{anchor, same_speaker, GoldFile};
use serde_json::Value;

fn gold(name: &str) -> GoldFile {
    let path = repo_dir()
        .join("crates/annotate/testdata/attribution")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Runs `parallax eval TASK --json ARGS` from the repository root.
fn eval_json(task: &str, args: &[&str]) -> Value {
    let output = parallax()
        .current_dir(repo_dir())
        .args(["eval", task, "--json"])
        .args(args)
        .output()
        .expect("parallax runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON scores")
}

fn f1(report: &Value, field: &str) -> f64 {
    report[field]["f1"]
        .as_f64()
        .unwrap_or_else(|| panic!("no {field} in {report}"))
}

#[test]
fn seed_002_quotes_carry_their_speakers() {
    let Some(dir) = seeds_dir() else { return };
    let key = "002_da6a444d9b3b1551.txt";
    let (records, output) = analyze(&[dir.join(key).to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let record = &records[0];
    let quotes = record["quotes"].as_array().unwrap();
    assert!(quotes.len() >= 10, "{} quotes", quotes.len());
    for q in quotes {
        assert!(q["speaker"].is_string(), "a quote without a speaker: {q}");
    }
    // Every gold quote is found, with the speaker the gold names.
    let chars: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    let document = gold("quotes-dev.json")
        .documents
        .into_iter()
        .find(|d| d.key == key)
        .expect("seed 002 is in the gold");
    let mut right = 0;
    for g in &document.quotes {
        let (start, end) =
            anchor(&chars, g.start, g.end, &g.hash).expect("gold span still in the text");
        let found = quotes.iter().find(|q| {
            let (s, e) = (
                q["start"].as_u64().unwrap() as usize,
                q["end"].as_u64().unwrap() as usize,
            );
            let inter = e.min(end).saturating_sub(s.max(start));
            inter * 2 >= e.max(end) - s.min(start)
        });
        let Some(found) = found else {
            panic!("gold quote at {start}..{end} not found");
        };
        if same_speaker(g.speaker.as_deref(), found["speaker"].as_str())
            && found["anonymous"].as_bool() == Some(g.anonymous)
        {
            right += 1;
        }
    }
    assert!(
        right * 10 >= document.quotes.len() * 9,
        "{right} of {} gold quotes have the right speaker",
        document.quotes.len()
    );
    // A named speaker carries the entity id of its name.
    assert!(quotes
        .iter()
        .any(|q| q["anonymous"] == false && q["speaker_id"].is_string()));
}

#[test]
fn example_quotes_match_the_gold() {
    let scores = eval_json(
        "quotes",
        &[
            "--gold",
            "crates/annotate/testdata/attribution/quotes-dev.json",
        ],
    );
    let examples = &scores["dev/examples"];
    assert!(f1(examples, "span_overlap") >= 0.92, "{examples}");
    assert!(f1(examples, "speaker") >= 0.92, "{examples}");
    assert!(f1(examples, "cue") >= 0.92, "{examples}");
    assert!(f1(examples, "anonymous_sources") >= 0.9, "{examples}");
    if seeds_dir().is_some() {
        let seeds = &scores["dev/seeds"];
        assert!(f1(seeds, "span_overlap") >= 0.9, "{seeds}");
        assert!(f1(seeds, "speaker") >= 0.88, "{seeds}");
    }
}

#[test]
fn held_out_quotes_stay_above_their_floor() {
    let Some(shared) = shared_dir() else {
        eprintln!("SKIPPED: ../shared is not present beside the repository");
        return;
    };
    if !shared.join("data/stance/fnc1/train_bodies.csv").is_file() {
        eprintln!("SKIPPED: ../shared/data/stance/fnc1 is not present");
        return;
    }
    let scores = eval_json(
        "quotes",
        &[
            "--gold",
            "crates/annotate/testdata/attribution/quotes-test.json",
        ],
    );
    let test = &scores["test"];
    assert!(f1(test, "span_overlap") >= 0.8, "{test}");
    assert!(f1(test, "speaker") >= 0.65, "{test}");
}

#[test]
fn example_claims_are_scored_like_the_labels() {
    let scores = eval_json("claims", &[]);
    let examples = &scores["sets"]["test/examples"];
    assert!(examples["f1"].as_f64().unwrap() >= 0.75, "{examples}");
    assert!(examples["auc"].as_f64().unwrap() >= 0.8, "{examples}");
    assert!(
        scores["attribution"]["accuracy"].as_f64().unwrap() >= 0.9,
        "{}",
        scores["attribution"]
    );
}

#[test]
fn every_example_record_has_valid_quote_and_claim_spans() {
    let dir = repo_dir().join("examples/articles");
    let (records, output) = analyze(&[dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let mut quotes = 0;
    for record in &records {
        let chars = record["text"].as_str().unwrap().chars().count() as u64;
        for q in record["quotes"].as_array().unwrap() {
            let (s, e) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
            assert!(s < e && e <= chars, "{q}");
            quotes += 1;
        }
        let sentences = record["sentences"].as_array().unwrap();
        for c in record["claims"].as_array().unwrap() {
            let score = c["checkworthy"].as_f64().unwrap();
            assert!((0.5..=1.0).contains(&score), "{c}");
            // A claim is one of the record's sentences.
            assert!(
                sentences
                    .iter()
                    .any(|s| s["start"] == c["start"] && s["end"] == c["end"]),
                "{c}"
            );
        }
    }
    assert!(quotes >= 100, "{quotes} quotes in the examples");
    // The opinion column asserts little that can be checked; the wire report a lot.
    let share = |name: &str| {
        let r = records
            .iter()
            .find(|r| r["input"]["path"].as_str().unwrap_or("").ends_with(name))
            .unwrap();
        r["claims"].as_array().unwrap().len() as f64
            / r["sentences"].as_array().unwrap().len() as f64
    };
    assert!(
        share("wire-report.txt") > 0.6,
        "{}",
        share("wire-report.txt")
    );
    assert!(
        share("opinion-column.md") < 0.35,
        "{}",
        share("opinion-column.md")
    );
}
