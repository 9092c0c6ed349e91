//! Throughput of annotate + persuasion (the fast path) on one core, the figure the
//! persuasion issue asks for: articles of 800 words per second per core.
//!
//! `cargo run --release -p parallax --example pipeline_speed -- DIR [ROUNDS]`
//!
//! DIR holds plain-text articles (`*.txt`, paragraphs separated by blank lines), for example
//! `../shared/data/propaganda/nlp4if2019/train-articles`. Articles are built from their
//! paragraphs up front (no extraction), then each round annotates and analyses a fresh copy
//! of every article on the calling thread. Time is the thread's CPU time
//! (`/proc/thread-self/schedstat`), which other jobs on a shared machine do not inflate, and
//! wall-clock time for completeness; the best round counts, after one warm-up round.

use std::path::Path;
use std::time::Instant;

use parallax_analyze::Analyzer;
use parallax_annotate::Annotator;
use parallax_core::{Article, InputFormat, InputInfo};

// The binary's allocator, so the figure is the binary's.
#[path = "../src/allocator.rs"]
mod allocator;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: pipeline_speed DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("pipeline_speed: cannot read {dir}: {e}");
            std::process::exit(2);
        }
    };
    paths.sort();
    let articles: Vec<Article> = paths.iter().filter_map(|p| article(p)).collect();
    let words: usize = articles.iter().map(Article::word_count).sum();
    let annotator = Annotator::new();
    let analyzer = match Analyzer::new() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("pipeline_speed: {e}");
            std::process::exit(1);
        }
    };

    let mut best = [f64::INFINITY; 4];
    let mut checksum = 0u64;
    for round in 0..=rounds {
        let (mut annotate_cpu, mut analyze_cpu) = (0.0, 0.0);
        let wall = Instant::now();
        checksum = 0;
        for a in &articles {
            let mut a = a.clone();
            let t0 = thread_cpu_seconds();
            annotator.annotate(&mut a);
            let t1 = thread_cpu_seconds();
            analyzer.analyze(&mut a);
            let t2 = thread_cpu_seconds();
            annotate_cpu += t1 - t0;
            analyze_cpu += t2 - t1;
            checksum = checksum
                .wrapping_mul(31)
                .wrapping_add(a.techniques.len() as u64 * 7 + a.entities.len() as u64)
                .wrapping_add((a.scores.propaganda * 1e4) as u64);
        }
        let wall = wall.elapsed().as_secs_f64();
        if round > 0 {
            let figures = [annotate_cpu + analyze_cpu, annotate_cpu, analyze_cpu, wall];
            for (b, f) in best.iter_mut().zip(figures) {
                *b = b.min(f);
            }
        }
    }
    let units = words as f64 / 800.0;
    println!(
        "{} articles, {} words ({:.0} per article), best of {rounds} rounds, one thread, checksum {checksum:016x}",
        articles.len(),
        words,
        words as f64 / articles.len().max(1) as f64
    );
    for (name, seconds) in [
        ("annotate + persuasion (CPU)", best[0]),
        ("  annotate (CPU)", best[1]),
        ("  persuasion (CPU)", best[2]),
        ("annotate + persuasion (wall)", best[3]),
    ] {
        println!(
            "{name:<30} {:>7.0} articles of 800 words/s  {:>6.3} ms per 800 words",
            units / seconds,
            1000.0 * seconds / units
        );
    }
}

/// CPU time of the calling thread in seconds (Linux); falls back to 0 elsewhere, which
/// makes the CPU lines meaningless but keeps the wall-clock line.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

fn article(path: &Path) -> Option<Article> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let title = lines.next().map(str::trim).filter(|t| !t.is_empty());
    let rest: String = lines.collect::<Vec<_>>().join("\n");
    let paragraphs: Vec<String> = rest
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let mut article = Article::from_paragraphs(
        path.display().to_string(),
        InputInfo {
            path: Some(path.display().to_string()),
            url: None,
            format: InputFormat::Text,
        },
        &paragraphs,
    );
    article.title = title.map(str::to_string);
    Some(article)
}
