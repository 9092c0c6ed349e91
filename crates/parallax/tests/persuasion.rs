//! Persuasion analysis through the binary: the record's `techniques`, `sentences[].propaganda`,
//! `scores.propaganda` and `explanation` on the seed scrapes and on texts written here, and
//! quoted speech marked as reported.

mod common;

use common::{analyze, char_slice, seeds_dir};
use serde_json::Value;

/// The phrases an explanation quotes: text between single quotes, without a trailing ellipsis.
fn quoted_phrases(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(" '").map(|i| i + 2) {
        let Some(close) = rest[open..].find('\'').map(|i| i + open) else {
            break;
        };
        // An apostrophe inside a word ("don't") is not the closing quote.
        let mut close = close;
        while rest[close + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            match rest[close + 1..].find('\'') {
                Some(i) => close = close + 1 + i,
                None => break,
            }
        }
        out.push(rest[open..close].trim_end_matches('…').to_string());
        rest = &rest[close + 1..];
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the persuasion layers of one record against the spec's invariants.
fn check_layers(record: &Value) {
    let text = record["text"].as_str().expect("text");
    let chars = text.chars().count() as u64;
    let score = record["scores"]["propaganda"].as_f64().expect("score");
    assert!((0.0..=1.0).contains(&score), "{score}");
    for s in record["sentences"].as_array().expect("sentences") {
        let p = s["propaganda"].as_f64().expect("sentence propaganda");
        assert!((0.0..=1.0).contains(&p), "{p}");
    }
    for t in record["techniques"].as_array().expect("techniques") {
        let (start, end) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
        assert!(start < end && end <= chars, "{t}");
        let c = t["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{t}");
        assert!(t["technique"].is_string(), "{t}");
        // Serialized only when true.
        assert!(
            t.get("reported").is_none_or(|r| r == &Value::Bool(true)),
            "{t}"
        );
    }
    // Every quoted phrase is the article's own text (headline included).
    let haystack = collapse(&format!(
        "{} {}",
        record["title"].as_str().unwrap_or(""),
        text
    ));
    for line in record["explanation"].as_array().expect("explanation") {
        for phrase in quoted_phrases(line.as_str().unwrap()) {
            assert!(
                haystack.contains(&phrase),
                "explanation quotes {phrase:?}, which is not in the article"
            );
        }
    }
}

#[test]
fn seeds_get_persuasion_layers_whose_explanations_quote_the_article() {
    let Some(dir) = seeds_dir() else { return };
    let mut paths: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    paths.sort();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (records, output) = analyze(&args);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(records.len(), paths.len());
    for (record, path) in records.iter().zip(&paths) {
        check_layers(record);
        let explanation = record["explanation"].as_array().unwrap();
        let quoted: usize = explanation
            .iter()
            .map(|l| quoted_phrases(l.as_str().unwrap()).len())
            .sum();
        assert!(quoted >= 2, "{path}: {explanation:?}");
        assert!(
            !record["techniques"].as_array().unwrap().is_empty(),
            "{path}: no technique found"
        );
        // The last line summarises the sentence layer.
        let last = explanation.last().unwrap().as_str().unwrap();
        assert!(last.contains("sentences"), "{path}: {last}");
    }
    // The wire report (002) scores below each opinion piece; below 004 only narrowly (0.502
    // against 0.506, docs/BENCHMARKS.md, "Persuasion"), so not yet "clearly".
    let score = |prefix: &str| {
        let i = paths
            .iter()
            .position(|p| p.rsplit('/').next().unwrap().starts_with(prefix))
            .expect("seed present");
        records[i]["scores"]["propaganda"].as_f64().unwrap()
    };
    for other in ["000", "001", "003", "004"] {
        assert!(
            score("002") < score(other),
            "002 scores {} against {other}'s {}",
            score("002"),
            score(other)
        );
    }
}

const OWN_VOICE: &str = "Traitors at the gates

These cold-blooded traitors and their corrupt puppet masters are destroying everything our great nation holds dear. Only a fool would believe their disgusting lies. Wake up before it is too late! The radical mob will stop at nothing to crush our freedom.

The council met on Monday to discuss the budget.
";

const REPORTED: &str = "Council debates budget

The council met on Monday to discuss the budget. \"These cold-blooded traitors and their corrupt puppet masters are destroying everything our great nation holds dear,\" said opposition leader John Smith. \"Only a fool would believe their disgusting lies.\" The finance minister said the budget would be published next week. The meeting lasted three hours, according to a statement.
";

const PLAIN: &str = "Council approves budget

The city council approved the annual budget on Monday by seven votes to two. The budget sets aside 4.2 million for road repairs and 1.1 million for the public library, the finance office said in a statement. The new spending plan takes effect in January. The council will meet again on March 3 to discuss the school calendar.
";

fn analyze_text(name: &str, text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let (records, output) = analyze(&[path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    records.into_iter().next().expect("one record")
}

#[test]
fn charged_text_in_the_authors_voice_scores_high_and_is_explained_with_its_phrases() {
    let own = analyze_text("own.txt", OWN_VOICE);
    let plain = analyze_text("plain.txt", PLAIN);
    check_layers(&own);
    check_layers(&plain);
    let score = |r: &Value| r["scores"]["propaganda"].as_f64().unwrap();
    assert!(score(&own) > 0.7, "{}", score(&own));
    assert!(score(&plain) < 0.5, "{}", score(&plain));
    assert!(score(&own) > score(&plain) + 0.3);
    let text = own["text"].as_str().unwrap();
    let found: Vec<String> = own["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            char_slice(
                text,
                t["start"].as_u64().unwrap(),
                t["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found.iter().any(|f| f.contains("disgusting lies")),
        "{found:?}"
    );
    let first = own["explanation"][0].as_str().unwrap();
    assert!(!quoted_phrases(first).is_empty(), "{first}");
    // Sentences: the charged ones above the plain closing line.
    let sentences = own["sentences"].as_array().unwrap();
    let p = |i: usize| sentences[i]["propaganda"].as_f64().unwrap();
    assert!(p(1) > p(sentences.len() - 1), "{sentences:?}");
}

#[test]
fn techniques_inside_attributed_quotes_are_reported_and_weigh_less() {
    let own = analyze_text("own.txt", OWN_VOICE);
    let reported = analyze_text("reported.txt", REPORTED);
    check_layers(&reported);
    let techniques = reported["techniques"].as_array().unwrap();
    assert!(!techniques.is_empty());
    let text = reported["text"].as_str().unwrap();
    for t in techniques {
        let phrase = char_slice(
            text,
            t["start"].as_u64().unwrap(),
            t["end"].as_u64().unwrap(),
        );
        if phrase.contains("traitors") || phrase.contains("disgusting") {
            assert_eq!(t["reported"], Value::Bool(true), "{phrase}");
        }
    }
    assert!(
        techniques
            .iter()
            .any(|t| t["reported"] == Value::Bool(true)),
        "{techniques:?}"
    );
    // None of the author's own: the explanation says the techniques are only reported.
    assert!(own["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t.get("reported").is_none()));
    let explanation: Vec<&str> = reported["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        explanation
            .iter()
            .any(|l| l.contains("quotations attributed to others") && l.contains("John Smith")),
        "{explanation:?}"
    );
    let score = |r: &Value| r["scores"]["propaganda"].as_f64().unwrap();
    assert!(
        score(&reported) + 0.2 < score(&own),
        "reported {} own {}",
        score(&reported),
        score(&own)
    );
}

const SHARP_VOICE: &str = "Mayor pushes port deal through council

The corrupt mayor and his cronies are ramming a shameful giveaway through the council. This disgraceful deal betrays every family in the city and will destroy the harbour forever. Only fools and traitors could support such a rotten scheme. The council votes on Thursday.
";

const SHARP_REPORTED: &str = "Mayor pushes port deal through council

Opposition leader Dana Wirth said the corrupt mayor and his cronies were ramming a shameful giveaway through the council. Wirth said the disgraceful deal betrayed every family in the city and would destroy the harbour forever. According to Wirth, only fools and traitors could support such a rotten scheme. The council votes on Thursday.
";

#[test]
fn the_article_score_weighs_the_authors_voice_not_reported_speech() {
    // The same charged words, once asserted by the author and once reported as what a
    // named source said (no quotation marks): the score follows the author's voice.
    let own = analyze_text("own.txt", SHARP_VOICE);
    let reported = analyze_text("reported.txt", SHARP_REPORTED);
    check_layers(&own);
    check_layers(&reported);
    let score = |r: &Value| r["scores"]["propaganda"].as_f64().unwrap();
    assert!(
        score(&reported) + 0.3 < score(&own),
        "reported {} own {}",
        score(&reported),
        score(&own)
    );
}

#[test]
fn the_explanation_parser_finds_quoted_phrases() {
    assert_eq!(
        quoted_phrases("2 loaded-language phrases, e.g. 'cold-blooded', 'don't stop…'"),
        vec!["cold-blooded".to_string(), "don't stop".to_string()]
    );
}
