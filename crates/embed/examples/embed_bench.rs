//! Throughput of parallax-embed on 20-word news sentences, with 1 and 2 threads.
//!
//!   cargo build --release -p parallax-embed --example embed_bench
//!   $CARGO_TARGET_DIR/release/examples/embed_bench [SENTENCES [THREADS,...]]
//!
//! Sentences are generated from fixed templates (about 20 words, 24 word pieces), so every run
//! embeds the same text. Needs the model fetched by scripts/fetch-models.sh.

use std::time::Instant;

use parallax_embed::{Embedder, EmbedderOptions, ModelPaths};

const SUBJECTS: [&str; 8] = [
    "The finance minister",
    "Local officials in the region",
    "A spokesperson for the interior ministry",
    "Protesters gathered in the capital",
    "The central bank's governor",
    "Opposition leaders in parliament",
    "Police investigators",
    "A coalition of international aid groups",
];
const VERBS: [&str; 6] = [
    "said on Tuesday that",
    "warned reporters that",
    "denied reports that",
    "confirmed late on Friday that",
    "argued in a statement that",
    "announced that",
];
const OBJECTS: [&str; 6] = [
    "the new fuel tax would take effect next spring despite growing criticism from farmers",
    "talks over the disputed border had stalled again after a shooting near the crossing",
    "emergency funding for the flooded villages had been delayed by several weeks",
    "several journalists were detained during the overnight demonstrations outside the court",
    "the planned merger would cut about two thousand jobs across three countries",
    "inflation had slowed for the third consecutive month as energy prices fell",
];

fn sentences(count: usize) -> Vec<String> {
    // A fixed linear congruential sequence: the same sentences on every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    (0..count)
        .map(|_| {
            format!(
                "{} {} {}.",
                SUBJECTS[next(SUBJECTS.len())],
                VERBS[next(VERBS.len())],
                OBJECTS[next(OBJECTS.len())]
            )
        })
        .collect()
}

/// CPU seconds this process has used (user + system), from /proc/self/stat; None elsewhere.
/// Reported beside wall time because the benchmark machine is often shared with other builds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map_or(Ok(2000), |a| a.parse())?;
    let thread_counts: Vec<usize> = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "1,2".into())
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let texts = sentences(count);
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let paths = ModelPaths::from_env();

    for threads in thread_counts {
        let options = EmbedderOptions {
            threads,
            ..EmbedderOptions::default()
        };
        let started = Instant::now();
        let embedder = Embedder::load(&paths, options)?;
        let load = started.elapsed();
        // Warm-up: creates every session of the pool and touches the weights.
        embedder.embed(&texts[..64.min(count)])?;

        let started = Instant::now();
        let pieces: usize = texts.iter().map(|t| embedder.token_ids(t).len()).sum();
        let tokenize = started.elapsed();

        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let embeddings = embedder.embed(&texts)?;
        let elapsed = started.elapsed().as_secs_f64();
        let per_cpu_second = cpu_seconds()
            .zip(cpu_before)
            .map_or("?".to_string(), |(after, before)| {
                format!("{:.1}", count as f64 / (after - before))
            });
        assert_eq!(embeddings.len(), count);
        println!(
            "threads={threads} sentences={count} words/sentence={:.1} tokens/sentence={:.1} \
             load={:.0}ms tokenize={:.0}k sentences/s embed={:.1} sentences/s \
             ({per_cpu_second} per CPU-second)",
            words as f64 / count as f64,
            pieces as f64 / count as f64,
            load.as_secs_f64() * 1e3,
            count as f64 / tokenize.as_secs_f64() / 1e3,
            count as f64 / elapsed,
        );
    }
    Ok(())
}
