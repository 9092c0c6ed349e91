//! `parallax ingest PATH... --db DIR`: analyse documents and store their records in a corpus
//! store, durably and idempotently.
//!
//! Documents are read and analysed in ordered batches exactly as `analyze` does; the records
//! are written in transactions of a few batches (at most a second of analysis) each, on a
//! writer thread that then brings the corpus layer up to date while the next batches are
//! analysed. Inputs whose record is already stored (record ids are content hashes) are not
//! analysed again, so re-running an ingest, or completing one that was killed, costs little
//! more than reading the inputs.

use std::collections::HashMap;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use parallax_corpus::ArticleDigest;
use parallax_ingest::{InputError, Inputs, ReadOptions};
use parallax_store::{Entry, OnExisting, PreparedRecord, Store, WriteReport};
use rayon::prelude::*;

use crate::cmd::analyze::LimitArgs;
use crate::cmd::corpus;
use crate::pipeline::Pipeline;
use crate::progress::Progress;

/// One input as processed on a worker: its store entry, notes to print, and its digest for the
/// corpus layer (none when the record was already stored).
type Processed = (Entry, Vec<String>, Option<ArticleDigest>);

#[derive(Args)]
pub struct IngestArgs {
    /// Files or directories to read; `-` reads stdin. Directories yield their article files
    /// (.txt .md .html .json .jsonl .csv .tsv .warc, optionally .gz).
    #[arg(required = true)]
    paths: Vec<String>,
    /// The store directory; created when absent.
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// Descend into subdirectories.
    #[arg(long, short = 'r')]
    recursive: bool,
    /// A user alias file for entity ids, as for `analyze`. Records already stored keep their
    /// ids unless `--reanalyze` is given.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Analyse inputs that are already stored again, and replace their records when the
    /// result differs (after upgrading parallax, or with new aliases).
    #[arg(long)]
    reanalyze: bool,
    /// Seconds between commits of the search index while ingesting: new records become
    /// searchable at this pace (they are stored durably batch by batch regardless).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    index_interval: f64,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Documents analysed together (as in `analyze`).
const BATCH: usize = 64;

/// Records written in one transaction: several analysis batches, or what one second of
/// analysis produced. Larger transactions rewrite the store's random-key index pages less
/// often (a third of the write time at 100,000 records, see docs/BENCHMARKS.md); a crash loses
/// at most this much analysis, never part of a record.
const WRITE_BATCH: usize = 512;
const WRITE_INTERVAL: Duration = Duration::from_secs(1);

pub fn run(args: IngestArgs) -> anyhow::Result<i32> {
    let limits = args.limits.limits();
    let mut pipeline = Pipeline::new(limits)?;
    if let Some(path) = &args.aliases {
        pipeline = pipeline.with_aliases(path)?;
    }
    let db = args.db.display().to_string();
    let opened = Instant::now();
    let mut store = Store::open(&args.db).with_context(|| format!("opening the store {db}"))?;
    if store.reindexed() > 0 {
        eprintln!(
            "parallax: note: {db}: indexed {} stored records that were not searchable yet \
             (an earlier ingest was interrupted, or the index was rebuilt)",
            store.reindexed()
        );
    }
    if !(args.index_interval.is_finite() && args.index_interval >= 0.0) {
        anyhow::bail!("--index-interval must be a number of seconds");
    }
    store.set_index_commit(Duration::from_secs_f64(args.index_interval), 50_000);
    let store_time = opened.elapsed();

    // The corpus layer (near-duplicates, events, claim alignment) follows the records: first
    // whatever an interrupted ingest or an older parallax left out, then each write (on the
    // writer thread).
    let mut updater = corpus::updater();
    let mut digests: HashMap<String, ArticleDigest> = Default::default();
    let caught_up = corpus::sync(&mut store, &mut updater, &mut digests)
        .with_context(|| format!("updating the corpus analysis of {db}"))?;
    if caught_up.added > 0 {
        eprintln!(
            "parallax: note: {db}: added {} stored records to the corpus analysis (an earlier \
             ingest was interrupted, or the store predates it)",
            caught_up.added
        );
    }
    let corpus_report = caught_up;

    let on_existing = if args.reanalyze {
        OnExisting::Replace
    } else {
        OnExisting::Keep
    };
    // Which inputs are stored already is read through a second connection, so that the
    // analysis never waits for the writer.
    let reader = if args.reanalyze {
        None
    } else {
        Some(Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?)
    };

    // The writer thread owns the store: it writes each batch, then brings the corpus layer up
    // to date, while this thread reads and analyses the next batches. A bounded queue keeps
    // at most one batch waiting, so memory stays bounded when the writer is the slower side.
    let (batches, queue) = mpsc::sync_channel::<WriteBatch>(1);
    let writer_db = db.clone();
    let writer = std::thread::Builder::new()
        .name("parallax-writer".into())
        .spawn(move || {
            write_batches(
                store,
                updater,
                queue,
                on_existing,
                &writer_db,
                store_time,
                corpus_report,
            )
        })
        .context("starting the writer thread")?;

    let mut inputs = Inputs::new(
        args.paths.iter().cloned(),
        ReadOptions {
            limits,
            recursive: args.recursive,
        },
    );
    let progress = Progress::new("ingesting", io::stderr().is_terminal());
    let mut failed = 0usize;
    let mut analysis_time = Duration::ZERO;
    let mut pending = WriteBatch::default();
    let mut last_write = Instant::now();
    loop {
        let started = Instant::now();
        let batch: Vec<_> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let stored = match &reader {
            None => Default::default(),
            Some(reader) => {
                let ids = batch
                    .iter()
                    .filter_map(|raw| raw.as_ref().ok())
                    .map(|raw| raw.id.as_str());
                reader
                    .stored_ids(ids)
                    .with_context(|| format!("reading the store {db}"))?
            }
        };
        let results: Vec<Result<Processed, InputError>> = batch
            .into_par_iter()
            .map(|raw| {
                let raw = raw?;
                let notes: Vec<String> = raw
                    .notes
                    .iter()
                    .map(|n| format!("{}: {n}", raw.label))
                    .collect();
                if stored.contains(&raw.id) {
                    let entry = Entry::Seen {
                        id: raw.id,
                        source: raw.label,
                    };
                    return Ok((entry, notes, None));
                }
                let source = raw.label.clone();
                let article = pipeline.process(raw)?;
                let record = PreparedRecord::new(&article, Some(source));
                let digest = ArticleDigest::of(&article);
                Ok((Entry::from(record), notes, Some(digest)))
            })
            .collect();
        for result in results {
            progress.tick();
            match result {
                Ok((entry, notes, digest)) => {
                    for note in notes {
                        progress.println(&format!("parallax: note: {note}"));
                    }
                    if let Some(digest) = digest {
                        pending.digests.insert(digest.id.clone(), digest);
                    }
                    pending.entries.push(entry);
                }
                Err(error) => {
                    failed += 1;
                    progress.println(&format!("parallax: error: {error}"));
                }
            }
        }
        analysis_time += started.elapsed();

        if pending.entries.len() >= WRITE_BATCH || last_write.elapsed() >= WRITE_INTERVAL {
            // A closed queue means the writer stopped on an error: joining it reports it.
            if batches.send(std::mem::take(&mut pending)).is_err() {
                break;
            }
            last_write = Instant::now();
        }
    }
    let _ = batches.send(pending);
    drop(batches);
    let written = match writer.join() {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (totals, corpus_report) = (written.totals, written.corpus);
    progress.finish(totals.added + totals.replaced + totals.unchanged, failed);
    eprintln!(
        "parallax: {db}: {} added, {} replaced, {} already stored, {failed} failed \
         (reading, analysis and encoding {:.1} s; beside it, store writes {:.1} s and corpus \
         analysis {:.1} s: {} near-duplicates, {} new events)",
        totals.added,
        totals.replaced,
        totals.unchanged,
        analysis_time.as_secs_f64(),
        written.store_time.as_secs_f64(),
        corpus_report.time.as_secs_f64(),
        corpus_report.duplicates,
        corpus_report.new_events,
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Records analysed since the last write, and the corpus digests of the new ones.
#[derive(Default)]
struct WriteBatch {
    entries: Vec<Entry>,
    digests: HashMap<String, ArticleDigest>,
}

/// What the writer thread did.
struct Written {
    totals: WriteReport,
    store_time: Duration,
    corpus: corpus::SyncReport,
}

/// The writer thread: each batch in one transaction, then the corpus layer over it (in its own
/// transactions, with its checkpoint, as documented in the README: a crash loses at most the
/// batch in flight, and the next ingest redoes it), then the store is closed.
fn write_batches(
    mut store: Store,
    mut updater: parallax_corpus::Updater,
    queue: mpsc::Receiver<WriteBatch>,
    on_existing: OnExisting,
    db: &str,
    mut store_time: Duration,
    mut corpus_report: corpus::SyncReport,
) -> anyhow::Result<Written> {
    let mut totals = WriteReport::default();
    for mut batch in queue {
        let started = Instant::now();
        totals += store
            .write(&batch.entries, on_existing)
            .with_context(|| format!("writing to the store {db}"))?;
        store_time += started.elapsed();
        corpus_report += corpus::sync(&mut store, &mut updater, &mut batch.digests)
            .with_context(|| format!("updating the corpus analysis of {db}"))?;
    }
    let started = Instant::now();
    store
        .close()
        .with_context(|| format!("closing the store {db}"))?;
    store_time += started.elapsed();
    Ok(Written {
        totals,
        store_time,
        corpus: corpus_report,
    })
}
