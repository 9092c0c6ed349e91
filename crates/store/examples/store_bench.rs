//! Measures the store alone, without the analysis pipeline (see `bench/store/run.sh`).
//!
//! ```text
//! store_bench load --db DIR RECORDS.jsonl [--every N]
//!     Stores records already analysed (`parallax analyze --format jsonl` output): records are
//!     prepared on all cores and written in transactions of 512, as `parallax ingest` does
//!     (`--batch B` to change). Prints the rate and the size on disk every N records.
//! store_bench corpus --db DIR [--every N]
//!     Brings the corpus layer (near-duplicates, events, claim alignment) up to date over the
//!     records of a store, as `parallax ingest` does after each write: records digested on all
//!     cores, added one by one in transactions of 512. Prints the rate and the size on disk.
//! store_bench query --db DIR QUERIES.jsonl [--rounds R] [--limit K]
//!     Runs each query (one JSON object a line: q, outlet, from, to, min_score, max_score,
//!     entity, technique) R times after one warm-up pass, and prints latency percentiles.
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parallax_core::Article;
use parallax_corpus::{ArticleDigest, CorpusConfig, Updater};
use parallax_store::{Entry, OnExisting, PreparedRecord, SearchRequest, Store};
use rayon::prelude::*;
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("load") => load(&args[1..]),
        Some("corpus") => corpus(&args[1..]),
        Some("query") => query(&args[1..]),
        _ => Err("usage: store_bench load|corpus|query --db DIR [FILE] [options]".into()),
    };
    if let Err(error) = result {
        eprintln!("store_bench: {error}");
        std::process::exit(2);
    }
}

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// `--db DIR`, one positional file, and numeric options with defaults.
struct Options {
    db: PathBuf,
    file: PathBuf,
    numbers: Vec<(String, usize)>,
}

impl Options {
    fn parse(args: &[String], defaults: &[(&str, usize)]) -> Fallible<Options> {
        let mut db = None;
        let mut file = None;
        let mut numbers: Vec<(String, usize)> =
            defaults.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg == "--db" {
                db = it.next().map(PathBuf::from);
            } else if let Some(name) = arg.strip_prefix("--") {
                let value = it.next().ok_or(format!("--{name} needs a value"))?;
                let slot = numbers
                    .iter_mut()
                    .find(|(k, _)| k == name)
                    .ok_or(format!("unknown option --{name}"))?;
                slot.1 = value.parse()?;
            } else {
                file = Some(PathBuf::from(arg));
            }
        }
        Ok(Options {
            db: db.ok_or("--db DIR is required")?,
            file: file.ok_or("an input file is required")?,
            numbers,
        })
    }

    fn number(&self, name: &str) -> usize {
        self.numbers.iter().find(|(k, _)| k == name).unwrap().1
    }
}

fn load(args: &[String]) -> Fallible<()> {
    let options = Options::parse(args, &[("every", 10_000), ("batch", 512)])?;
    let every = options.number("every").max(1);
    let input = BufReader::new(std::fs::File::open(&options.file)?);
    let mut lines = input.lines();
    let mut store = Store::open(&options.db)?;
    let started = Instant::now();
    let mut parse_time = Duration::ZERO;
    let mut prepare_time = Duration::ZERO;
    let mut write_time = Duration::ZERO;
    let mut stored = 0usize;
    let mut line_no = 0usize;
    let mut next_report = every;
    println!(
        "records\tseconds\trecords_per_s\tprepare_s\twrite_s\tbytes_on_disk\tbytes_per_record"
    );
    loop {
        let batch: Vec<(usize, String)> = lines
            .by_ref()
            .take(options.number("batch"))
            .map(|l| {
                line_no += 1;
                l.map(|l| (line_no, l))
            })
            .collect::<Result<_, _>>()?;
        if batch.is_empty() {
            break;
        }
        let parsing = Instant::now();
        let articles: Vec<(usize, Article)> = batch
            .into_par_iter()
            .map(|(n, line)| serde_json::from_str(&line).map(|a| (n, a)))
            .collect::<Result<_, _>>()?;
        parse_time += parsing.elapsed();
        let preparing = Instant::now();
        let entries: Vec<Entry> = articles
            .par_iter()
            .map(|(n, article)| {
                let source = format!("{}:{n}", options.file.display());
                Entry::from(PreparedRecord::new(article, Some(source)))
            })
            .collect();
        prepare_time += preparing.elapsed();
        let writing = Instant::now();
        stored += store.write(&entries, OnExisting::Keep)?.added;
        if line_no >= next_report {
            store.commit_index()?;
        }
        write_time += writing.elapsed();
        if line_no >= next_report {
            let times = (started.elapsed() - parse_time, prepare_time, write_time);
            report(line_no, times, &options.db)?;
            next_report += every;
        }
    }
    let closing = Instant::now();
    store.close()?;
    write_time += closing.elapsed();
    println!(
        "# {stored} distinct records stored from {line_no} lines; total (without JSON \
         parsing), after the final index commit and merges"
    );
    let times = (started.elapsed() - parse_time, prepare_time, write_time);
    report(line_no, times, &options.db)?;
    Ok(())
}

/// One line of the load table. `prepare` ran on all cores; `write` is the single writer (SQL
/// transactions, handing documents to the index, index commits).
fn report(
    records: usize,
    (elapsed, prepare, write): (Duration, Duration, Duration),
    db: &Path,
) -> Fallible<()> {
    let bytes = disk_usage(db)?;
    println!(
        "{records}\t{:.1}\t{:.0}\t{:.1}\t{:.1}\t{bytes}\t{:.0}",
        elapsed.as_secs_f64(),
        records as f64 / elapsed.as_secs_f64(),
        prepare.as_secs_f64(),
        write.as_secs_f64(),
        bytes as f64 / records as f64
    );
    Ok(())
}

fn disk_usage(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        total += disk_usage(&entry?.path())?;
    }
    Ok(total)
}

fn corpus(args: &[String]) -> Fallible<()> {
    let mut db = None;
    let mut every = 10_000usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--db" => db = it.next().map(PathBuf::from),
            "--every" => every = it.next().ok_or("--every needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let db = db.ok_or("--db DIR is required")?;
    let before = disk_usage(&db)?;
    let mut store = Store::open(&db)?;
    let mut updater = Updater::new(CorpusConfig::default());
    let started = Instant::now();
    let (mut read_time, mut digest_time) = (Duration::ZERO, Duration::ZERO);
    let (mut added, mut duplicates, mut events, mut aligned) = (0usize, 0usize, 0usize, 0usize);
    let mut next_report = every.max(1);
    println!("records\tseconds\trecords_per_s\tread_s\tdigest_s\tupdate_s\tduplicates\tevents\taligned_claims");
    loop {
        let mut session = store.corpus_session()?;
        let pending = session.pending(512)?;
        let Some(last) = pending.last().map(|p| p.change) else {
            break;
        };
        let reading = Instant::now();
        let mut records = Vec::with_capacity(pending.len());
        for p in &pending {
            if let Some(article) = session.record(p.key)? {
                records.push((p.key, article));
            }
        }
        read_time += reading.elapsed();
        let digesting = Instant::now();
        let digests: Vec<ArticleDigest> = records
            .par_iter()
            .map(|(_, a)| ArticleDigest::of(a))
            .collect();
        digest_time += digesting.elapsed();
        for ((key, _), digest) in records.iter().zip(&digests) {
            let a = updater.add(&mut session, *key, digest)?;
            added += 1;
            duplicates += a.duplicate_of.is_some() as usize;
            events += a.new_event as usize;
            aligned += a.aligned_claims;
        }
        session.commit(last)?;
        if added >= next_report {
            next_report += every.max(1);
            let elapsed = started.elapsed().as_secs_f64();
            println!(
                "{added}\t{elapsed:.1}\t{:.0}\t{:.1}\t{:.1}\t{:.1}\t{duplicates}\t{events}\t{aligned}",
                added as f64 / elapsed,
                read_time.as_secs_f64(),
                digest_time.as_secs_f64(),
                elapsed - read_time.as_secs_f64() - digest_time.as_secs_f64(),
            );
        }
    }
    store.close()?;
    let elapsed = started.elapsed().as_secs_f64();
    let after = disk_usage(&db)?;
    println!(
        "# {added} records added to the corpus layer in {elapsed:.1} s ({:.0} per s; read {:.1} s, \
         digest {:.1} s on all cores, update {:.1} s): {duplicates} near-duplicates, {events} \
         events started, {aligned} claims aligned; store {before} -> {after} bytes (+{:.0} per record)",
        added as f64 / elapsed.max(1e-9),
        read_time.as_secs_f64(),
        digest_time.as_secs_f64(),
        elapsed - read_time.as_secs_f64() - digest_time.as_secs_f64(),
        (after as f64 - before as f64) / added.max(1) as f64,
    );
    Ok(())
}

fn query(args: &[String]) -> Fallible<()> {
    let options = Options::parse(args, &[("rounds", 3), ("limit", 10)])?;
    let text = std::fs::read_to_string(&options.file)?;
    let mut requests = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let q: Value = serde_json::from_str(line)?;
        let field = |k: &str| q.get(k).and_then(Value::as_str).map(String::from);
        let mut request = SearchRequest::new(field("q").unwrap_or_else(|| "*".into()));
        request.outlets = field("outlet").into_iter().collect();
        request.from = field("from");
        request.to = field("to");
        request.entities = field("entity").into_iter().collect();
        request.techniques = field("technique").into_iter().collect();
        request.min_score = q.get("min_score").and_then(Value::as_f64);
        request.max_score = q.get("max_score").and_then(Value::as_f64);
        request.limit = options.number("limit");
        requests.push((field("kind").unwrap_or_else(|| "query".into()), request));
    }
    let mut store = Store::open_read_only(&options.db)?;
    let records = store.stats()?.records;
    // Warm-up: the first pass pays for mapping the index and the database pages.
    let mut hits = 0usize;
    let mut totals = 0usize;
    let first = Instant::now();
    for (_, request) in &requests {
        let results = store.search(request)?;
        hits += results.hits.len();
        totals += results.total;
    }
    let first = first.elapsed();
    let mut latencies: Vec<(String, Duration)> = Vec::new();
    for _ in 0..options.number("rounds") {
        for (kind, request) in &requests {
            let started = Instant::now();
            let results = store.search(request)?;
            latencies.push((kind.clone(), started.elapsed()));
            std::hint::black_box(results);
        }
    }
    println!(
        "records {records}, queries {}, rounds {}, limit {}: mean hits {:.1}, mean total \
         matches {:.0}; first pass {:.2} ms/query",
        requests.len(),
        options.number("rounds"),
        options.number("limit"),
        hits as f64 / requests.len() as f64,
        totals as f64 / requests.len() as f64,
        first.as_secs_f64() * 1000.0 / requests.len() as f64,
    );
    println!("kind\tp50_ms\tp90_ms\tp99_ms\tmax_ms");
    let mut kinds: Vec<String> = latencies.iter().map(|(k, _)| k.clone()).collect();
    kinds.sort();
    kinds.dedup();
    kinds.push("all".into());
    for kind in kinds {
        let mut times: Vec<Duration> = latencies
            .iter()
            .filter(|(k, _)| kind == "all" || *k == kind)
            .map(|(_, t)| *t)
            .collect();
        times.sort();
        let percentile = |p: f64| {
            let at = ((times.len() as f64 - 1.0) * p).round() as usize;
            times[at].as_secs_f64() * 1000.0
        };
        println!(
            "{kind}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
            percentile(0.5),
            percentile(0.9),
            percentile(0.99),
            percentile(1.0)
        );
    }
    Ok(())
}
