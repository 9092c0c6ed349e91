//! The SQL of the store: connections, writes of prepared records, and the reads built on them.
//! Nothing outside this crate sees SQL.

use std::path::Path;
use std::time::Duration;

use parallax_core::Article;
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::codec;
use crate::error::Result;
use crate::record::PreparedRecord;

/// How long a connection waits for another one's lock (a checkpoint, a migration).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens (creating when absent) the database for the store's single writer.
///
/// WAL mode lets readers work while the writer commits. `synchronous = NORMAL` in WAL mode
/// keeps every committed transaction across a crash of the process (`kill -9`) and keeps the
/// database consistent across a power loss, where only the last transactions may be lost;
/// those are re-ingested by running the same ingest again.
pub fn open_writer(path: &Path) -> Result<Connection> {
    let db = Connection::open(path)?;
    db.busy_timeout(BUSY_TIMEOUT)?;
    // Records are compressed blobs of a few kilobytes: 16 KiB pages pack several per page
    // (4 KiB pages hold one and waste the rest). Only takes effect when the file is created.
    db.pragma_update(None, "page_size", 16_384)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    // 128 MiB of page cache keeps the id and entity indexes hot during long ingests.
    db.pragma_update(None, "cache_size", -131_072)?;
    // Checkpoint every 4096 pages (64 MiB) rather than 1000: index pages that many batches
    // touch are copied back to the database once per checkpoint, not once per 16 MiB.
    db.pragma_update(None, "wal_autocheckpoint", 4096)?;
    // Statement journals (each INSERT OR REPLACE, or insert checked by a foreign key, keeps the
    // pages it changes until it completes) in memory: in a temporary file they cost a write
    // system call per page, an eighth of the corpus layer's time.
    db.pragma_update(None, "temp_store", "MEMORY")?;
    stable_plans(&db)?;
    Ok(db)
}

/// Keeps cached statements prepared. Without the query planner stability guarantee, SQLite
/// (3.54) marks a statement for re-preparing whenever a new value is bound to a `LIMIT ?` or
/// to a `column = ?` that switches between 0/1 and other integers, so the corpus layer's
/// lookups were compiled again on almost every call (a fifth of its time). And the writer uses
/// more distinct statements (records, then the corpus layer) than the default cache of 16.
fn stable_plans(db: &Connection) -> Result<()> {
    db.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    db.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Opens an existing database for reading. It is opened read-write so that an old schema can
/// be migrated (migrations lock and re-check), then switched to `query_only`.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let db = Connection::open_with_flags(path, flags)?;
    db.busy_timeout(BUSY_TIMEOUT)?;
    stable_plans(&db)?;
    Ok(db)
}

pub fn query_only(db: &Connection) -> Result<()> {
    db.pragma_update(None, "query_only", "ON")?;
    Ok(())
}

/// The stored row of a record id: its key, codec and bytes.
pub struct Existing {
    pub seq: i64,
    pub codec: i64,
    pub blob: Vec<u8>,
}

pub fn find(tx: &Connection, id: &str) -> Result<Option<Existing>> {
    Ok(tx
        .prepare_cached(
            "SELECT a.seq, r.codec, r.record FROM articles a JOIN records r ON r.article = a.seq
             WHERE a.id = ?1",
        )?
        .query_row([id], |row| {
            Ok(Existing {
                seq: row.get(0)?,
                codec: row.get(1)?,
                blob: row.get(2)?,
            })
        })
        .optional()?)
}

pub fn seq_of(db: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(db
        .prepare_cached("SELECT seq FROM articles WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?)
}

/// The highest change number written so far (0 for an empty store).
pub fn last_change(db: &Connection) -> Result<i64> {
    Ok(db.query_row(
        "SELECT coalesce(max(change_seq), 0) FROM articles",
        [],
        |row| row.get(0),
    )?)
}

/// Inserts a new record with its relations; returns its key.
pub fn insert(tx: &Transaction, record: &PreparedRecord, change: i64) -> Result<i64> {
    let m = &record.meta;
    tx.prepare_cached(
        "INSERT INTO articles (id, change_seq, title, outlet, published, published_at, url,
                               input_path, input_format, language, word_count, propaganda)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        record.id,
        change,
        m.title,
        m.outlet,
        m.published,
        m.published_at,
        m.url,
        m.input_path,
        m.input_format,
        m.language,
        m.word_count,
        m.propaganda,
    ])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO records (article, codec, record) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, record.codec, record.blob])?;
    insert_layers(tx, seq, record)?;
    Ok(seq)
}

/// Replaces the record stored under `seq` (same id) and its relations; sources are kept.
pub fn replace(tx: &Transaction, seq: i64, record: &PreparedRecord, change: i64) -> Result<()> {
    let m = &record.meta;
    tx.prepare_cached(
        "UPDATE articles SET change_seq = ?2, title = ?3, outlet = ?4, published = ?5,
                published_at = ?6, url = ?7, input_path = ?8, input_format = ?9,
                language = ?10, word_count = ?11, propaganda = ?12
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        change,
        m.title,
        m.outlet,
        m.published,
        m.published_at,
        m.url,
        m.input_path,
        m.input_format,
        m.language,
        m.word_count,
        m.propaganda,
    ])?;
    tx.prepare_cached("UPDATE records SET codec = ?2, record = ?3 WHERE article = ?1")?
        .execute(params![seq, record.codec, record.blob])?;
    for table in LAYER_TABLES {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))?
            .execute([seq])?;
    }
    insert_layers(tx, seq, record)
}

/// The tables holding a record's layers (all keyed by `article`), not its sources.
const LAYER_TABLES: [&str; 6] = [
    "authors",
    "entity_mentions",
    "techniques",
    "claims",
    "quotes",
    "scores",
];

/// The tables of the corpus layer (schema version 2, claim links re-keyed in 3), derived from
/// the records.
const CORPUS_TABLES: [&str; 8] = [
    "dup_signatures",
    "dup_buckets",
    "dup_groups",
    "term_df",
    "events",
    "event_keys",
    "event_articles",
    "claim_links",
];

fn insert_layers(tx: &Transaction, seq: i64, record: &PreparedRecord) -> Result<()> {
    if let Some(source) = &record.source {
        add_source(tx, seq, source)?;
    }
    let mut authors =
        tx.prepare_cached("INSERT INTO authors (article, position, name) VALUES (?1, ?2, ?3)")?;
    for (position, name) in record.authors.iter().enumerate() {
        authors.execute(params![seq, position as i64, name])?;
    }
    let mut entities = tx.prepare_cached(
        "INSERT INTO entity_mentions (article, entity_id, type, text, count)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &record.entities {
        entities.execute(params![seq, e.entity_id, e.kind, e.text, e.count])?;
    }
    let mut techniques = tx.prepare_cached(
        "INSERT INTO techniques (article, technique, count, max_confidence)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in &record.techniques {
        techniques.execute(params![seq, t.technique, t.count, t.max_confidence])?;
    }
    let mut claims = tx.prepare_cached(
        "INSERT INTO claims (article, position, start_char, end_char, text, checkworthy,
                             attributed_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, c) in record.claims.iter().enumerate() {
        claims.execute(params![
            seq,
            position as i64,
            c.start as i64,
            c.end as i64,
            c.text,
            c.checkworthy,
            c.attributed_to,
        ])?;
    }
    let mut quotes = tx.prepare_cached(
        "INSERT INTO quotes (article, position, start_char, end_char, text, speaker,
                             speaker_id, cue, anonymous)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, q) in record.quotes.iter().enumerate() {
        quotes.execute(params![
            seq,
            position as i64,
            q.start as i64,
            q.end as i64,
            q.text,
            q.speaker,
            q.speaker_id,
            q.cue,
            q.anonymous,
        ])?;
    }
    let mut scores =
        tx.prepare_cached("INSERT INTO scores (article, name, value) VALUES (?1, ?2, ?3)")?;
    for (name, value) in &record.scores {
        scores.execute(params![seq, name, value])?;
    }
    Ok(())
}

/// Notes that the record `seq` was also read from `source` (idempotent).
pub fn add_source(tx: &Connection, seq: i64, source: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO article_sources (article, source) VALUES (?1, ?2)")?
        .execute(params![seq, source])?;
    Ok(())
}

/// A stored row as read: its key, change number and encoded record.
pub struct Row {
    pub seq: i64,
    pub change: i64,
    pub id: String,
    codec: i64,
    blob: Vec<u8>,
}

impl Row {
    pub fn decode(&self) -> Result<Article> {
        codec::decode(&self.id, self.codec, &self.blob)
    }
}

/// Columns and tables of a [`Row`] query; `a` is `articles`.
const ROW_SELECT: &str = "SELECT a.seq, a.change_seq, a.id, r.codec, r.record
     FROM articles a JOIN records r ON r.article = a.seq";

fn read_row(row: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        seq: row.get(0)?,
        change: row.get(1)?,
        id: row.get(2)?,
        codec: row.get(3)?,
        blob: row.get(4)?,
    })
}

pub fn get(db: &Connection, id: &str) -> Result<Option<Article>> {
    let found = db
        .prepare_cached(&format!("{ROW_SELECT} WHERE a.id = ?1"))?
        .query_row([id], read_row)
        .optional()?;
    found.map(|row| row.decode()).transpose()
}

/// Up to `limit` rows with `seq > after`, in key order.
pub fn page_by_seq(db: &Connection, after: i64, limit: usize) -> Result<Vec<Row>> {
    let mut statement = db.prepare_cached(&format!(
        "{ROW_SELECT} WHERE a.seq > ?1 ORDER BY a.seq LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![after, limit as i64], read_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Up to `limit` rows with `change_seq > after`, in change order (for re-indexing).
pub fn page_by_change(db: &Connection, after: i64, limit: usize) -> Result<Vec<Row>> {
    let mut statement = db.prepare_cached(&format!(
        "{ROW_SELECT} WHERE a.change_seq > ?1 ORDER BY a.change_seq LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![after, limit as i64], read_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many records changed after `change` (written but not yet in an index at `change`).
pub fn changes_after(db: &Connection, change: i64) -> Result<u64> {
    let count: i64 = db.query_row(
        "SELECT count(*) FROM articles WHERE change_seq > ?1",
        [change],
        |row| row.get(0),
    )?;
    Ok(count as u64)
}

/// The metadata a search hit shows, read without decoding the record.
pub struct Summary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub word_count: i64,
    pub propaganda: f64,
    pub codec: i64,
    pub blob: Vec<u8>,
}

pub fn summary(db: &Connection, seq: i64) -> Result<Option<Summary>> {
    Ok(db
        .prepare_cached(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, a.language, a.word_count,
                    a.propaganda, r.codec, r.record
             FROM articles a JOIN records r ON r.article = a.seq WHERE a.seq = ?1",
        )?
        .query_row([seq], |row| {
            Ok(Summary {
                id: row.get(0)?,
                title: row.get(1)?,
                outlet: row.get(2)?,
                published: row.get(3)?,
                url: row.get(4)?,
                language: row.get(5)?,
                word_count: row.get(6)?,
                propaganda: row.get(7)?,
                codec: row.get(8)?,
                blob: row.get(9)?,
            })
        })
        .optional()?)
}

/// The inputs a record was read from, in name order.
pub fn sources(db: &Connection, id: &str) -> Result<Vec<String>> {
    let mut statement = db.prepare_cached(
        "SELECT s.source FROM article_sources s JOIN articles a ON a.seq = s.article
         WHERE a.id = ?1 ORDER BY s.source",
    )?;
    let rows = statement.query_map([id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Row counts of every table, by table name.
pub fn table_counts(db: &Connection) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    for table in ["articles", "records", "article_sources"]
        .into_iter()
        .chain(LAYER_TABLES)
        .chain(CORPUS_TABLES)
    {
        let count: i64 = db.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })?;
        out.push((table.to_string(), count as u64));
    }
    Ok(out)
}

/// Problems SQLite itself finds: page-level integrity and dangling references.
pub fn integrity_problems(db: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut statement = db.prepare("PRAGMA integrity_check")?;
    for line in statement.query_map([], |row| row.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(format!("integrity: {line}"));
        }
    }
    let mut statement = db.prepare("PRAGMA foreign_key_check")?;
    for row in statement.query_map([], |row| {
        Ok(format!(
            "dangling reference in {} (row {})",
            row.get::<_, String>(0)?,
            row.get::<_, Option<i64>>(1)?.unwrap_or(-1)
        ))
    })? {
        problems.push(row?);
    }
    let without_record: i64 = db.query_row(
        "SELECT count(*) FROM articles a LEFT JOIN records r ON r.article = a.seq
         WHERE r.article IS NULL",
        [],
        |row| row.get(0),
    )?;
    if without_record > 0 {
        problems.push(format!("{without_record} articles have no stored record"));
    }
    Ok(problems)
}

/// Every key, ascending.
pub fn all_seqs(db: &Connection) -> Result<Vec<i64>> {
    seqs_through(db, i64::MAX)
}

/// Keys of the records whose last change is at most `change`, ascending.
pub fn seqs_through(db: &Connection, change: i64) -> Result<Vec<i64>> {
    let mut statement =
        db.prepare("SELECT seq FROM articles WHERE change_seq <= ?1 ORDER BY seq")?;
    let rows = statement.query_map([change], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How the rows stored for record `seq` disagree with the record itself.
pub fn layer_mismatches(db: &Connection, seq: i64, article: &Article) -> Result<Vec<String>> {
    let expected = PreparedRecord::new(article, None);
    let mut problems = Vec::new();
    let stored = db
        .prepare_cached(
            "SELECT title, outlet, published, published_at, url, input_path, input_format,
                    language, word_count, propaganda
             FROM articles WHERE seq = ?1",
        )?
        .query_row([seq], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<i64>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, Option<String>>(7)?,
                row.get::<_, i64>(8)?,
                row.get::<_, f64>(9)?,
            ))
        })?;
    let m = &expected.meta;
    let wanted = (
        m.title.clone(),
        m.outlet.clone(),
        m.published.clone(),
        m.published_at,
        m.url.clone(),
        m.input_path.clone(),
        m.input_format.to_string(),
        m.language.clone(),
        m.word_count,
        m.propaganda,
    );
    if stored != wanted {
        problems.push(format!(
            "record {}: metadata columns disagree with the record",
            article.id
        ));
    }
    let counts = [
        ("authors", expected.authors.len()),
        ("entity_mentions", expected.entities.len()),
        ("techniques", expected.techniques.len()),
        ("claims", expected.claims.len()),
        ("quotes", expected.quotes.len()),
        ("scores", expected.scores.len()),
    ];
    for (table, want) in counts {
        let have: i64 = db
            .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE article = ?1"))?
            .query_row([seq], |row| row.get(0))?;
        if have as usize != want {
            problems.push(format!(
                "record {}: {have} rows in {table}, the record implies {want}",
                article.id
            ));
        }
    }
    Ok(problems)
}
