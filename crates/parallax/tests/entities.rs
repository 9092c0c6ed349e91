//! Acceptance: on the seeds, every surface form of ISIS maps to one entity id and every
//! spelling of Deir ez-Zor to one id, within and across articles.

mod common;

use std::collections::BTreeSet;

use common::{analyze, seeds_dir};

fn ids_of(
    records: &[serde_json::Value],
    matches: impl Fn(&str) -> bool,
) -> (BTreeSet<String>, usize) {
    let mut ids = BTreeSet::new();
    let mut mentions = 0;
    for record in records {
        for entity in record["entities"].as_array().unwrap() {
            let text = entity["text"].as_str().unwrap();
            if matches(text) {
                ids.insert(entity["id"].as_str().unwrap().to_string());
                mentions += 1;
            }
        }
    }
    (ids, mentions)
}

/// Surface words of the group, as whole words: "ISIS", "IS", "ISIL", "Daesh", "Islamic State".
fn names_isis(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is_group = |w: &&str| matches!(*w, "ISIS" | "IS" | "ISIL" | "Daesh");
    // A mention that is the group's name, possibly with a modifier ("ISIS-controlled").
    (words.iter().any(is_group) && words.len() <= 2)
        || text.trim_start_matches("the ").starts_with("Islamic State")
}

#[test]
fn every_form_of_isis_and_of_deir_ez_zor_has_one_id_across_the_seeds() {
    let Some(dir) = seeds_dir() else { return };
    let (records, output) = analyze(&[dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(records.len(), 5);

    let (ids, mentions) = ids_of(&records, names_isis);
    assert!(
        mentions >= 80,
        "ISIS is named often in the seeds, found {mentions} mentions"
    );
    assert_eq!(
        ids.len(),
        1,
        "one id for ISIS/IS/ISIL/Daesh/Islamic State: {ids:?}"
    );

    let (ids, mentions) = ids_of(&records, |t| t.starts_with("Deir"));
    assert!(
        mentions >= 20,
        "Deir ez-Zor is named often in the seeds, found {mentions} mentions"
    );
    assert_eq!(
        ids.len(),
        1,
        "one id for every spelling of Deir ez-Zor: {ids:?}"
    );

    // Each spelling the seeds use is recognised at least once.
    let spellings: BTreeSet<String> = records
        .iter()
        .flat_map(|r| r["entities"].as_array().unwrap().iter())
        .filter_map(|e| e["text"].as_str())
        .filter(|t| t.starts_with("Deir "))
        .map(str::to_string)
        .collect();
    assert!(
        spellings.len() >= 3,
        "several spellings of Deir ez-Zor are linked: {spellings:?}"
    );
}
