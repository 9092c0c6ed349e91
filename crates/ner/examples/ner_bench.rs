//! Throughput of `NerModel::recognize` (tokenizer, both stages, confidences) on one thread.
//!
//! `cargo run --release -p parallax-ner --example ner_bench -- [--rounds N] [--dump FILE] DIR...`
//!
//! Each DIR holds plain-text articles (`*.txt`), for example `examples/articles` and
//! `../shared/data/propaganda/semeval2020-ptc/train-articles`. Sentences are the non-empty lines,
//! split again after `.`, `?` or `!` followed by a space and a capital letter (a simple stand-in
//! for the annotate stage's splitter). All articles are recognised once (the first pass, which
//! starts with an empty word cache), then ROUNDS more times (default 5); the first pass and
//! the best and median rounds are reported as tokens/s, words/s (whitespace-separated words)
//! and articles of 800 words per second, by wall-clock time and by the time the thread was
//! on a CPU (`/proc/thread-self/schedstat`; less sensitive to a busy machine).
//! `--dump FILE` writes every entity (article, byte range, type, confidence) to compare runs.

use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use parallax_ner::NerModel;

fn main() {
    let mut rounds = 5usize;
    let mut dump: Option<PathBuf> = None;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => match args.next().and_then(|r| r.parse().ok()) {
                Some(r) if r > 0 => rounds = r,
                _ => fail("--rounds needs a positive number"),
            },
            "--dump" => match args.next() {
                Some(path) => dump = Some(PathBuf::from(path)),
                None => fail("--dump needs a file"),
            },
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    if dirs.is_empty() {
        fail("usage: ner_bench [--rounds N] [--dump FILE] DIR...");
    }
    let mut articles: Vec<(String, String)> = Vec::new();
    for dir in &dirs {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())));
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => articles.push((path.display().to_string(), text)),
                Err(e) => eprintln!("ner_bench: skipping {}: {e}", path.display()),
            }
        }
    }
    if articles.is_empty() {
        fail("no *.txt articles found");
    }
    let sentences: Vec<Vec<Range<usize>>> = articles.iter().map(|(_, t)| split(t)).collect();
    let model = NerModel::builtin().unwrap_or_else(|e| fail(&e.to_string()));

    let words: usize = articles
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    let tokens: usize = articles
        .iter()
        .zip(&sentences)
        .map(|((_, text), ranges)| {
            ranges
                .iter()
                .map(|r| {
                    let mut out = Vec::new();
                    parallax_ner::tokenize_into(text, r.clone(), &mut out);
                    out.len()
                })
                .sum::<usize>()
        })
        .sum();

    // The first pass, which also gives the output to dump and checksum.
    let started = Clock::now();
    let mut outputs = Vec::with_capacity(articles.len());
    for ((_, text), ranges) in articles.iter().zip(&sentences) {
        outputs.push(model.recognize(text, ranges));
    }
    let first = started.elapsed();
    let mut entities = 0usize;
    let mut checksum = 0u64;
    let mut confidence_sum = 0f64;
    let mut dumped = String::new();
    for ((name, text), found) in articles.iter().zip(outputs) {
        for e in found {
            entities += 1;
            confidence_sum += e.confidence as f64;
            checksum = checksum
                .wrapping_mul(0x100_0000_01b3)
                .wrapping_add((e.start as u64) << 32 | (e.end as u64) << 3 | e.entity_type as u64);
            if dump.is_some() {
                dumped.push_str(&format!(
                    "{name}\t{}\t{}\t{}\t{:.6}\t{}\n",
                    e.start,
                    e.end,
                    e.entity_type.as_str(),
                    e.confidence,
                    &text[e.range()]
                ));
            }
        }
    }
    if let Some(path) = &dump {
        std::fs::write(path, dumped)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
    }

    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Clock::now();
        for ((_, text), ranges) in articles.iter().zip(&sentences) {
            std::hint::black_box(model.recognize(text, ranges));
        }
        times.push(started.elapsed());
    }
    let pick = |k: usize, on_cpu: bool| {
        let mut t: Vec<f64> = times
            .iter()
            .map(|&(wall, cpu)| if on_cpu { cpu } else { wall })
            .collect();
        t.sort_by(f64::total_cmp);
        t[k.min(t.len() - 1)]
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} articles, {} words ({:.0} per article), {} tokens, {rounds} rounds, one thread",
        articles.len(),
        words,
        words as f64 / articles.len() as f64,
        tokens
    );
    let _ = writeln!(
        out,
        "entities: {entities} (checksum {checksum:016x}, mean confidence {:.6})",
        confidence_sum / entities.max(1) as f64
    );
    let cpu = first.1 > 0.0;
    let rows = [
        ("first pass, wall", first.0),
        ("first pass, on CPU", first.1),
        ("best round, wall", pick(0, false)),
        ("best round, on CPU", pick(0, true)),
        ("median round, wall", pick(rounds / 2, false)),
        ("median round, on CPU", pick(rounds / 2, true)),
    ];
    for (label, seconds) in rows {
        if label.ends_with("CPU") && !cpu {
            continue;
        }
        let _ = writeln!(
            out,
            "{label:>20}: {:>9.0} tokens/s {:>9.0} words/s {:>6.0} articles of 800 words/s \
             {:.3} ms per 800 words",
            tokens as f64 / seconds,
            words as f64 / seconds,
            words as f64 / 800.0 / seconds,
            seconds / (words as f64 / 800.0) * 1000.0
        );
    }
}

/// Wall-clock and on-CPU time of the calling thread.
struct Clock {
    wall: Instant,
    cpu: Option<f64>,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu_seconds(),
        }
    }

    /// Seconds since `now`: (wall, on CPU; 0 when unknown).
    fn elapsed(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, thread_cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        };
        (wall, cpu)
    }
}

/// Time this thread has run on a CPU (Linux: first field of schedstat, in nanoseconds).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Sentence ranges: non-empty lines, split after `.`/`?`/`!` + space + capital letter.
fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut start = offset;
        let bytes = line.as_bytes();
        for i in 0..bytes.len().saturating_sub(2) {
            if matches!(bytes[i], b'.' | b'?' | b'!')
                && bytes[i + 1] == b' '
                && bytes[i + 2].is_ascii_uppercase()
            {
                push_trimmed(text, start..offset + i + 1, &mut out);
                start = offset + i + 2;
            }
        }
        push_trimmed(text, start..offset + line.len(), &mut out);
        offset += line.len();
    }
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.start + piece.trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

fn fail(message: &str) -> ! {
    eprintln!("ner_bench: {message}");
    std::process::exit(2);
}
