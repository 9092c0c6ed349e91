//! Shared by the corpus subcommands (`events`, `duplicates`, `claims`, `narratives`,
//! `outlets`) and by `ingest`: bringing the corpus layer up to date, outlet ratings, and
//! formatting helpers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use parallax_corpus::{ArticleDigest, CorpusConfig, Ratings, Updater};
use parallax_store::Store;
use rayon::prelude::*;

/// Records added to the corpus layer per transaction.
const CHUNK: usize = 512;

/// What bringing the corpus layer up to date did.
#[derive(Debug, Default, Clone, Copy)]
pub struct SyncReport {
    pub added: usize,
    /// Of those, records whose digest had to be read back from the store (not just analysed
    /// by this process).
    pub read_back: usize,
    pub duplicates: usize,
    pub new_events: usize,
    pub time: Duration,
}

impl std::ops::AddAssign for SyncReport {
    fn add_assign(&mut self, o: SyncReport) {
        self.added += o.added;
        self.read_back += o.read_back;
        self.duplicates += o.duplicates;
        self.new_events += o.new_events;
        self.time += o.time;
    }
}

/// Adds every record the corpus layer does not include yet (in the order they were
/// written), in transactions of [`CHUNK`]. `digests` holds digests the caller computed while
/// analysing (by record id); records without one are read back and digested here.
pub fn sync(
    store: &mut Store,
    updater: &mut Updater,
    digests: &mut HashMap<String, ArticleDigest>,
) -> anyhow::Result<SyncReport> {
    let started = Instant::now();
    let mut report = SyncReport::default();
    loop {
        let mut session = store.corpus_session()?;
        let pending = session.pending(CHUNK)?;
        let Some(last) = pending.last().map(|p| p.change) else {
            break;
        };
        // Digest what the caller did not, on all cores.
        let mut missing = Vec::new();
        for p in &pending {
            if !digests.contains_key(&p.id) {
                if let Some(article) = session.record(p.key)? {
                    missing.push(article);
                }
            }
        }
        report.read_back += missing.len();
        let computed: Vec<ArticleDigest> = missing.par_iter().map(ArticleDigest::of).collect();
        for d in computed {
            digests.insert(d.id.clone(), d);
        }
        for p in &pending {
            if p.known {
                session.forget(p.key)?;
            }
            let Some(digest) = digests.remove(&p.id) else {
                continue;
            };
            let added = updater.add(&mut session, p.key, &digest)?;
            report.added += 1;
            report.duplicates += added.duplicate_of.is_some() as usize;
            report.new_events += added.new_event as usize;
        }
        session.commit(last)?;
    }
    report.time = started.elapsed();
    Ok(report)
}

/// A new updater with the default settings.
pub fn updater() -> Updater {
    Updater::new(CorpusConfig::default())
}

/// Where outlet ratings come from.
#[derive(Args, Clone, Default)]
pub struct RatingArgs {
    /// A folder of outlet rating data sets (TSV with `source_url_normalized`, `ref` and `fact`
    /// columns, as in ../shared/data/sources). Parallax's small curated supplement applies to
    /// outlets they do not list.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Your own ratings, overriding everything: `outlet name or domain<TAB>high|mixed|low` per
    /// line.
    #[arg(long, value_name = "FILE")]
    pub ratings: Option<PathBuf>,
}

impl RatingArgs {
    pub fn load(&self) -> anyhow::Result<Ratings> {
        let mut ratings = Ratings::curated();
        if let Some(dir) = &self.sources {
            ratings
                .load_datasets(dir)
                .with_context(|| format!("reading outlet ratings from {}", dir.display()))?;
        }
        if let Some(file) = &self.ratings {
            ratings.load_user_file(file)?;
        }
        Ok(ratings)
    }
}

/// Warns when the corpus layer lags behind the records (an ingest is running or stopped).
pub fn note_pending(store: &Store, db: &str) -> anyhow::Result<()> {
    let pending = store.corpus_pending()?;
    if pending > 0 {
        eprintln!(
            "parallax: note: {db}: {pending} stored records are not in the corpus analysis yet \
             (an ingest is running, or was interrupted: running `parallax ingest` again \
             completes it)"
        );
    }
    Ok(())
}

/// An ISO date of Unix seconds, or "undated".
pub fn day(at: Option<i64>) -> String {
    at.map_or_else(|| "undated".to_string(), parallax_corpus::date::iso_date)
}

/// An outlet name for display.
pub fn outlet_name(outlet: Option<&str>) -> &str {
    outlet.unwrap_or("(no outlet)")
}
