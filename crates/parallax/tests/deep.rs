//! `parallax analyze --deep`: the persuasion stage on sentence embeddings. Skips when the
//! sentence encoder has not been fetched (`scripts/fetch-models.sh`, which `.ci/run` runs).

mod common;

use common::{analyze, repo_dir, stderr};

#[test]
fn the_deep_path_scores_the_partisan_column_above_the_wire_report() {
    if let Err(e) = parallax_embed::ModelPaths::from_env().check() {
        eprintln!("SKIPPED: the sentence encoder is not fetched: {e}");
        return;
    }
    let articles = repo_dir().join("examples/articles");
    let wire = articles.join("wire-report.txt");
    let column = articles.join("opinion-column.md");
    let (records, output) = analyze(&["--deep", wire.to_str().unwrap(), column.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let score = |i: usize| records[i]["scores"]["propaganda"].as_f64().unwrap();
    assert!(
        score(1) > score(0) + 0.3,
        "column {} vs wire report {}",
        score(1),
        score(0)
    );
    assert!(!records[1]["techniques"].as_array().unwrap().is_empty());
    assert!(!records[1]["explanation"].as_array().unwrap().is_empty());
}
