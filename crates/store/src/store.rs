//! [`Store`]: a directory holding the database (source of truth) and the search index
//! (derived), with one writer and any number of readers.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fs4::fs_std::FileExt;
use parallax_core::Article;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use tantivy::{IndexReader, ReloadPolicy};

use crate::db;
use crate::error::{Result, StoreError};
use crate::index::{IndexWriting, SearchIndex};
use crate::record::{IndexFields, PreparedRecord};
use crate::schema;
use crate::search::{self, SearchRequest, SearchResults};

const DATABASE_FILE: &str = "parallax.sqlite";
const INDEX_DIR: &str = "index";
const LOCK_FILE: &str = "write.lock";

/// Rows read per query when walking the whole store.
const PAGE: usize = 256;

/// One write to the store.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A record to store (boxed: a prepared record is large, a sighting small).
    Record(Box<PreparedRecord>),
    /// An input whose record is already stored under `id` (an exact duplicate, or the same
    /// input ingested again): only the source is noted.
    Seen { id: String, source: String },
}

impl From<PreparedRecord> for Entry {
    fn from(record: PreparedRecord) -> Self {
        Entry::Record(Box::new(record))
    }
}

/// What to do with a record whose id is already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnExisting {
    /// Keep the stored record (ids are content hashes: same input, same record).
    Keep,
    /// Replace it when the new one differs (the input was analysed again by a newer
    /// pipeline).
    Replace,
}

/// What one [`Store::write`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WriteReport {
    pub added: usize,
    pub replaced: usize,
    /// Already stored and kept (only the source was noted).
    pub unchanged: usize,
}

impl std::ops::AddAssign for WriteReport {
    fn add_assign(&mut self, other: WriteReport) {
        self.added += other.added;
        self.replaced += other.replaced;
        self.unchanged += other.unchanged;
    }
}

/// Counts describing a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub schema_version: i64,
    pub records: u64,
    /// Row counts of every table, by name.
    pub tables: Vec<(String, u64)>,
    /// The last change written to the database.
    pub last_change: i64,
    /// The last change the committed search index includes.
    pub indexed_through: i64,
    /// Records written but not yet searchable.
    pub unindexed: u64,
}

/// The result of [`Store::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub records: u64,
    /// Records written but not yet in the committed index (not a problem while an ingest
    /// runs; reconciled by the next writer).
    pub unindexed: u64,
    /// Everything found wrong; empty for a healthy store.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The writer's state: its lock, its index writer, and change numbers.
struct Writing {
    /// Held for as long as the store is open; the OS releases it if the process dies.
    _lock: File,
    index: IndexWriting,
    /// The highest `change_seq` in the database.
    last_change: i64,
    /// The highest `change_seq` handed to the index writer (committed or not).
    indexed: i64,
    /// The highest `change_seq` of the last index commit.
    committed: i64,
    commit_interval: Duration,
    commit_docs: usize,
}

/// A corpus store in a directory: `parallax.sqlite` (records and relations, the source of
/// truth) and `index/` (the full-text index, derived from it).
///
/// Opened with [`Store::open`] it is the single writer: it holds `write.lock`, migrates the
/// schema, and reconciles the index with the database before anything else. Opened with
/// [`Store::open_read_only`] it reads the last committed state while a writer works.
pub struct Store {
    dir: PathBuf,
    pub(crate) db: Connection,
    index: SearchIndex,
    reader: Option<IndexReader>,
    writing: Option<Writing>,
    reindexed: u64,
}

impl Store {
    /// Opens the store in `dir` for writing, creating it when absent. Fails with
    /// [`StoreError::Busy`] while another process writes to it.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| StoreError::Io {
                path: lock_path.clone(),
                source,
            })?;
        match lock.try_lock_exclusive() {
            Ok(true) => {}
            Ok(false) => return Err(StoreError::Busy(dir)),
            Err(source) => {
                return Err(StoreError::Io {
                    path: lock_path,
                    source,
                })
            }
        }

        let mut db = db::open_writer(&dir.join(DATABASE_FILE))?;
        schema::migrate(&mut db, schema::MIGRATIONS)?;
        let (index, checkpoint) = SearchIndex::open_for_writing(&dir.join(INDEX_DIR))?;
        let index_writing = index.writer()?;
        let last_change = db::last_change(&db)?;
        let mut store = Store {
            dir,
            db,
            index,
            reader: None,
            writing: Some(Writing {
                _lock: lock,
                index: index_writing,
                last_change,
                indexed: 0,
                committed: 0,
                commit_interval: Duration::from_secs(10),
                commit_docs: 50_000,
            }),
            reindexed: 0,
        };
        store.reconcile(checkpoint.map(|c| c.through))?;
        Ok(store)
    }

    /// Opens an existing store for reading. Works while another process writes: it sees
    /// the records committed so far, and searches the index as last committed.
    pub fn open_read_only(dir: impl AsRef<Path>) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        let path = dir.join(DATABASE_FILE);
        if !path.is_file() {
            return Err(StoreError::Missing(dir));
        }
        let mut db = db::open_reader(&path)?;
        schema::migrate(&mut db, schema::MIGRATIONS)?;
        db::query_only(&db)?;
        let index_dir = dir.join(INDEX_DIR);
        if !index_dir.join("meta.json").is_file() {
            return Err(StoreError::Missing(dir));
        }
        let index = open_index_retrying(&index_dir)?;
        Ok(Store {
            dir,
            db,
            index,
            reader: None,
            writing: None,
            reindexed: 0,
        })
    }

    /// Whether this is the writer (opened with [`Store::open`]).
    pub fn is_writer(&self) -> bool {
        self.writing.is_some()
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many records opening this store re-indexed (records an interrupted writer stored
    /// but had not indexed yet, or every record when the index was rebuilt).
    pub fn reindexed(&self) -> u64 {
        self.reindexed
    }

    /// How often new records become searchable during a long write: the index commits after
    /// `interval` or `docs` new records, whichever comes first.
    pub fn set_index_commit(&mut self, interval: Duration, docs: usize) {
        if let Some(w) = &mut self.writing {
            w.commit_interval = interval;
            w.commit_docs = docs.max(1);
        }
    }

    /// Brings the index up to the database: every row changed after the index's checkpoint
    /// `through` is (re-)indexed. An index ahead of the database (which lost its last
    /// transactions in a power cut) or without a checkpoint is rebuilt from scratch.
    fn reconcile(&mut self, through: Option<i64>) -> Result<()> {
        let w = self.writing.as_mut().ok_or(StoreError::ReadOnly)?;
        let mut after = match through {
            Some(t) if t <= w.last_change => t,
            _ => {
                w.index.writer.delete_all_documents()?;
                0
            }
        };
        loop {
            let rows = db::page_by_change(&self.db, after, PAGE)?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let fields = IndexFields::of(&row.decode()?);
                w.index.writer.delete_term(self.index.seq_term(row.seq));
                w.index
                    .writer
                    .add_document(self.index.document(row.seq, &fields))?;
                after = row.change;
                self.reindexed += 1;
            }
        }
        w.indexed = after;
        if through != Some(after) {
            w.index.commit(after)?;
        }
        w.committed = after;
        Ok(())
    }

    /// Ids among `ids` that are stored.
    pub fn stored_ids<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<std::collections::HashSet<String>> {
        let mut found = std::collections::HashSet::new();
        for id in ids {
            if db::seq_of(&self.db, id)?.is_some() {
                found.insert(id.to_string());
            }
        }
        Ok(found)
    }

    /// Writes `entries` in one transaction: after a crash either all of them are stored or
    /// none. The search index follows (it commits on its own schedule, see
    /// [`Store::set_index_commit`], and at [`Store::close`]).
    pub fn write(&mut self, entries: &[Entry], on_existing: OnExisting) -> Result<WriteReport> {
        let w = self.writing.as_mut().ok_or(StoreError::ReadOnly)?;
        let mut report = WriteReport::default();
        let mut change = w.last_change;
        // (key, fields, whether an older version may be in the index)
        let mut to_index = Vec::new();
        let tx = self
            .db
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for entry in entries {
            match entry {
                Entry::Record(record) => match db::find(&tx, &record.id)? {
                    None => {
                        change += 1;
                        let seq = db::insert(&tx, record, change)?;
                        to_index.push((seq, &record.index, false));
                        report.added += 1;
                    }
                    Some(existing)
                        if on_existing == OnExisting::Replace
                            && (existing.codec != record.codec || existing.blob != record.blob) =>
                    {
                        change += 1;
                        db::replace(&tx, existing.seq, record, change)?;
                        to_index.push((existing.seq, &record.index, true));
                        report.replaced += 1;
                    }
                    Some(existing) => {
                        if let Some(source) = &record.source {
                            db::add_source(&tx, existing.seq, source)?;
                        }
                        report.unchanged += 1;
                    }
                },
                Entry::Seen { id, source } => {
                    let seq = db::seq_of(&tx, id)?.ok_or_else(|| StoreError::Corrupt {
                        id: id.clone(),
                        reason: "named as already stored, but it is not".into(),
                    })?;
                    db::add_source(&tx, seq, source)?;
                    report.unchanged += 1;
                }
            }
        }
        tx.commit()?;
        w.last_change = change;

        for (seq, fields, replaced) in to_index {
            if replaced {
                w.index.writer.delete_term(self.index.seq_term(seq));
            }
            w.index
                .writer
                .add_document(self.index.document(seq, fields))?;
            w.index.pending += 1;
        }
        w.indexed = change;
        if w.index.pending >= w.commit_docs
            || (w.index.pending > 0 && w.index.last_commit.elapsed() >= w.commit_interval)
        {
            self.commit_index()?;
        }
        Ok(report)
    }

    /// Commits the search index now: everything written so far becomes searchable.
    pub fn commit_index(&mut self) -> Result<()> {
        let w = self.writing.as_mut().ok_or(StoreError::ReadOnly)?;
        if w.indexed != w.committed || w.index.pending > 0 {
            w.index.commit(w.indexed)?;
            w.committed = w.indexed;
        }
        if let Some(reader) = &self.reader {
            reader.reload()?;
        }
        Ok(())
    }

    /// Commits the index, lets its background merges finish, and releases the write lock.
    /// Dropping a writer without closing it leaves the last records unsearchable until the
    /// store is next opened for writing (they are stored; nothing is lost).
    pub fn close(mut self) -> Result<()> {
        if self.writing.is_some() {
            self.commit_index()?;
            if let Some(w) = self.writing.take() {
                w.index.writer.wait_merging_threads()?;
            }
        }
        Ok(())
    }

    /// The record stored under `id`.
    pub fn get(&self, id: &str) -> Result<Option<Article>> {
        db::get(&self.db, id)
    }

    /// The inputs the record `id` was read from.
    pub fn sources(&self, id: &str) -> Result<Vec<String>> {
        db::sources(&self.db, id)
    }

    /// Every stored record, in the order they were first stored. Reads a page at a time, so
    /// memory stays flat on any corpus.
    pub fn records(&self) -> Records<'_> {
        Records {
            db: &self.db,
            after: 0,
            page: Vec::new().into_iter(),
            done: false,
        }
    }

    /// Ranked search with filters; see [`SearchRequest`].
    pub fn search(&mut self, request: &SearchRequest) -> Result<SearchResults> {
        if self.reader.is_none() {
            self.reader = Some(self.index_reader()?);
        }
        let searcher = self
            .reader
            .as_ref()
            .expect("reader was just opened")
            .searcher();
        let mut results = search::run(&self.index, &searcher, &self.db, request)?;
        results.unindexed = self.unindexed()?;
        Ok(results)
    }

    /// Records written but not in the committed index.
    fn unindexed(&self) -> Result<u64> {
        let through = self.index.checkpoint()?.map_or(0, |c| c.through);
        db::changes_after(&self.db, through)
    }

    pub fn stats(&self) -> Result<Stats> {
        let tables = db::table_counts(&self.db)?;
        let records = tables
            .iter()
            .find(|(name, _)| name == "articles")
            .map_or(0, |(_, n)| *n);
        Ok(Stats {
            schema_version: schema::version(&self.db)?,
            records,
            tables,
            last_change: db::last_change(&self.db)?,
            indexed_through: self.index.checkpoint()?.map_or(0, |c| c.through),
            unindexed: self.unindexed()?,
        })
    }

    /// Checks the whole store: SQLite's integrity and references, every record readable and
    /// agreeing with its rows, and the committed index holding exactly the indexed records.
    /// Reads everything; meant for tests and repairs, not for every open.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport {
            problems: db::integrity_problems(&self.db)?,
            ..CheckReport::default()
        };
        let mut after = 0;
        loop {
            let page = db::page_by_seq(&self.db, after, PAGE)?;
            if page.is_empty() {
                break;
            }
            for row in page {
                report.records += 1;
                after = row.seq;
                match row.decode() {
                    Ok(article) => report
                        .problems
                        .extend(db::layer_mismatches(&self.db, row.seq, &article)?),
                    Err(error) => report.problems.push(error.to_string()),
                }
            }
        }

        let through = self.index.checkpoint()?.map_or(0, |c| c.through);
        report.unindexed = db::changes_after(&self.db, through)?;
        let indexed = self.indexed_seqs()?;
        let stored = db::all_seqs(&self.db)?;
        let must_be_indexed = db::seqs_through(&self.db, through)?;
        let missing: Vec<i64> = must_be_indexed
            .iter()
            .filter(|s| indexed.binary_search(s).is_err())
            .copied()
            .collect();
        if !missing.is_empty() {
            report.problems.push(format!(
                "{} indexed records missing from the index (first key {})",
                missing.len(),
                missing[0]
            ));
        }
        let unknown: Vec<i64> = indexed
            .iter()
            .filter(|s| stored.binary_search(s).is_err())
            .copied()
            .collect();
        if !unknown.is_empty() {
            report.problems.push(format!(
                "{} index entries have no record (first key {})",
                unknown.len(),
                unknown[0]
            ));
        }
        let duplicated = indexed.windows(2).filter(|w| w[0] == w[1]).count();
        if duplicated > 0 {
            report
                .problems
                .push(format!("{duplicated} records are indexed more than once"));
        }
        Ok(report)
    }

    fn index_reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }

    /// Keys of every live document in the committed index, sorted (duplicates kept).
    fn indexed_seqs(&self) -> Result<Vec<i64>> {
        let searcher = self.index_reader()?.searcher();
        let mut seqs = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("seq")?;
            for doc in segment.doc_ids_alive() {
                if let Some(seq) = column.first(doc) {
                    seqs.push(seq as i64);
                }
            }
        }
        seqs.sort_unstable();
        Ok(seqs)
    }
}

/// Opens the index, retrying briefly: a reader can race a writer's merge that removes the
/// files of the segments it was about to open.
fn open_index_retrying(dir: &Path) -> Result<SearchIndex> {
    let mut attempt = 0;
    loop {
        match SearchIndex::open(dir) {
            Ok(index) => return Ok(index),
            Err(error) if attempt >= 4 => return Err(error),
            Err(_) => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(50 * attempt));
            }
        }
    }
}

/// Iterator over every stored record, see [`Store::records`].
pub struct Records<'s> {
    db: &'s Connection,
    after: i64,
    page: std::vec::IntoIter<db::Row>,
    done: bool,
}

impl Iterator for Records<'_> {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.page.next() {
                self.after = row.seq;
                return Some(row.decode());
            }
            if self.done {
                return None;
            }
            match db::page_by_seq(self.db, self.after, PAGE) {
                Ok(page) if page.is_empty() => self.done = true,
                Ok(page) => self.page = page.into_iter(),
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            }
        }
    }
}
