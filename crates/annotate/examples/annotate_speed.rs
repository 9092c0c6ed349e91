//! Throughput of the annotate stage on one core, and of its attribution part alone.
//!
//! `cargo run --release -p parallax-annotate --example annotate_speed -- DIR [ROUNDS]`
//!
//! DIR holds plain-text articles (`*.txt`, paragraphs separated by blank lines), for example
//! `../shared/data/propaganda/nlp4if2019/train-articles`. Each article is annotated ROUNDS times
//! (default 3) on the calling thread; the figures are articles and words per second.

use std::path::Path;
use std::time::Instant;

use parallax_annotate::{claims, quotes, Annotator};
use parallax_core::{Article, InputFormat, InputInfo};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: annotate_speed DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("annotate_speed: cannot read {dir}: {e}");
            std::process::exit(2);
        }
    };
    paths.sort();
    let articles: Vec<Article> = paths.iter().filter_map(|p| article(p)).collect();
    let words: usize = articles.iter().map(Article::word_count).sum();
    let annotator = Annotator::new();

    let started = Instant::now();
    let mut annotated = Vec::new();
    for _ in 0..rounds {
        annotated.clear();
        for a in &articles {
            let mut a = a.clone();
            annotator.annotate(&mut a);
            annotated.push(a);
        }
    }
    let whole = started.elapsed().as_secs_f64() / rounds as f64;

    let started = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for a in &annotated {
            found += quotes::find(a).len();
        }
    }
    let quotes_time = started.elapsed().as_secs_f64() / rounds as f64;
    let started = Instant::now();
    for _ in 0..rounds {
        for a in &annotated {
            found += claims::find(a).len();
        }
    }
    let claims_time = started.elapsed().as_secs_f64() / rounds as f64;
    let attribution = quotes_time + claims_time;

    let n = articles.len() as f64;
    let per_800 = |seconds: f64| seconds / (words as f64 / 800.0);
    println!(
        "{} articles, {} words ({:.0} words per article), {rounds} rounds, one thread",
        articles.len(),
        words,
        words as f64 / n
    );
    println!(
        "whole annotate stage:  {:>8.0} articles/s  {:>9.0} words/s  {:>6.3} ms per 800 words",
        n / whole,
        words as f64 / whole,
        per_800(whole) * 1000.0
    );
    println!(
        "quotes + claims only:  {:>8.0} articles/s  {:>9.0} words/s  {:>6.3} ms per 800 words",
        n / attribution,
        words as f64 / attribution,
        per_800(attribution) * 1000.0
    );
    println!(
        "  of which quotes {:.3} ms, claims {:.3} ms per 800 words",
        per_800(quotes_time) * 1000.0,
        per_800(claims_time) * 1000.0
    );
    println!("({} quotes and claims found per round)", found / rounds);
}

fn article(path: &Path) -> Option<Article> {
    let text = std::fs::read_to_string(path).ok()?;
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    Some(Article::from_paragraphs(
        path.display().to_string(),
        InputInfo {
            path: Some(path.display().to_string()),
            url: None,
            format: InputFormat::Text,
        },
        &paragraphs,
    ))
}
