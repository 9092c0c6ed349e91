//! The database schema and its forward migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`. Each [`Migration`] moves a store from
//! the version before it to its own, inside one `BEGIN IMMEDIATE` transaction that re-reads the
//! version first, so two processes opening an old store at once migrate it exactly once and a
//! failed step leaves the store at the previous version. Migrations are only ever appended:
//! a released step never changes.
//!
//! Conventions: `articles.seq` is the compact key every relation uses (text ids are 16 hex
//! digits; repeating them in every mention row would double those tables). Span columns are
//! character offsets into the record's text, as in the record itself.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Result, StoreError};

/// One forward step of the schema.
#[derive(Clone, Copy)]
pub struct Migration {
    /// The version the store has after this step.
    pub version: i64,
    pub apply: fn(&rusqlite::Transaction) -> rusqlite::Result<()>,
}

/// Every migration, in order. The last one's version is the current schema.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    apply: |tx| tx.execute_batch(V1_RECORDS),
}];

/// The schema version this code reads and writes.
pub fn current_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Version 1: records, their metadata and their annotation layers.
const V1_RECORDS: &str = "
-- One row per record (record ids are content hashes, so one row per distinct input).
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,  -- compact key used by every relation
    id           TEXT NOT NULL UNIQUE, -- the record id
    change_seq   INTEGER NOT NULL,     -- bumped on every write; the search index follows it
    title        TEXT,
    outlet       TEXT,
    published    TEXT,                 -- ISO 8601 as in the record
    published_at INTEGER,              -- Unix seconds of the start of `published` (UTC)
    url          TEXT,
    input_path   TEXT,
    input_format TEXT NOT NULL,
    language     TEXT,
    word_count   INTEGER NOT NULL,
    propaganda   REAL NOT NULL         -- scores.propaganda
);
CREATE UNIQUE INDEX articles_by_change ON articles(change_seq);
CREATE INDEX articles_by_outlet ON articles(outlet, published_at);
CREATE INDEX articles_by_published ON articles(published_at);

-- The full record, apart from its metadata row so scans of metadata stay compact.
CREATE TABLE records (
    article INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    codec   INTEGER NOT NULL,          -- how `record` is encoded (1: deflate-compressed JSON)
    record  BLOB NOT NULL
);

-- Every input a record was read from; an exact duplicate adds a source, not a record.
CREATE TABLE article_sources (
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    source  TEXT NOT NULL,             -- path, path:LINE, path#RECORD, or - for stdin
    PRIMARY KEY (article, source)
) WITHOUT ROWID;

CREATE TABLE authors (
    article  INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;

-- Mentions grouped by entity and surface form within an article.
CREATE TABLE entity_mentions (
    article   INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    type      TEXT NOT NULL,           -- PER, ORG, LOC, MISC
    text      TEXT NOT NULL,           -- the surface form
    count     INTEGER NOT NULL,
    PRIMARY KEY (article, entity_id, type, text)
) WITHOUT ROWID;
CREATE INDEX entity_mentions_by_entity ON entity_mentions(entity_id);

CREATE TABLE techniques (
    article        INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    technique      TEXT NOT NULL,      -- SemEval-2023 name
    count          INTEGER NOT NULL,
    max_confidence REAL NOT NULL,
    PRIMARY KEY (article, technique)
) WITHOUT ROWID;
CREATE INDEX techniques_by_technique ON techniques(technique);

CREATE TABLE claims (
    article       INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    position      INTEGER NOT NULL,    -- index in the record's claims
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    checkworthy   REAL NOT NULL,
    attributed_to TEXT,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;

CREATE TABLE quotes (
    article    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    position   INTEGER NOT NULL,       -- index in the record's quotes
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    speaker    TEXT,
    speaker_id TEXT,
    cue        TEXT,
    anonymous  INTEGER NOT NULL,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;

-- Named article scores other than propaganda (which is a column of articles).
CREATE TABLE scores (
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    value   REAL NOT NULL,
    PRIMARY KEY (article, name)
) WITHOUT ROWID;
";

/// The schema version of an open database.
pub fn version(db: &Connection) -> rusqlite::Result<i64> {
    db.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the database up to the last of `migrations`, one transaction per step. Refuses a
/// database newer than the code.
pub fn migrate(db: &mut Connection, migrations: &[Migration]) -> Result<i64> {
    let latest = migrations.last().map_or(0, |m| m.version);
    loop {
        let found = version(db)?;
        if found > latest {
            return Err(StoreError::TooNew {
                found,
                supported: latest,
            });
        }
        let Some(step) = migrations.iter().find(|m| m.version > found) else {
            return Ok(found);
        };
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        if version(&tx)? != found {
            continue;
        }
        let fail = |source| StoreError::Migration {
            version: step.version,
            source,
        };
        (step.apply)(&tx).map_err(fail)?;
        tx.pragma_update(None, "user_version", step.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        Connection::open_in_memory().unwrap()
    }

    #[test]
    fn a_new_database_reaches_the_current_version_and_stays_there() {
        let mut db = memory();
        assert_eq!(migrate(&mut db, MIGRATIONS).unwrap(), current_version());
        assert_eq!(version(&db).unwrap(), current_version());
        assert_eq!(migrate(&mut db, MIGRATIONS).unwrap(), current_version());
        let tables: i64 = db
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 9);
    }

    /// A later version adds a column and fills it from existing rows: the data written under
    /// the old schema must survive and be migrated.
    #[test]
    fn a_forward_step_migrates_existing_rows() {
        let mut db = memory();
        migrate(&mut db, MIGRATIONS).unwrap();
        db.execute(
            "INSERT INTO articles (id, change_seq, input_format, word_count, propaganda)
             VALUES ('aaaaaaaaaaaaaaaa', 1, 'text', 120, 0.5)",
            [],
        )
        .unwrap();
        let next = current_version() + 1;
        let mut extended = MIGRATIONS.to_vec();
        extended.push(Migration {
            version: next,
            apply: |tx| {
                tx.execute_batch(
                    "ALTER TABLE articles ADD COLUMN long_read INTEGER NOT NULL DEFAULT 0;
                     UPDATE articles SET long_read = word_count > 100;",
                )
            },
        });
        assert_eq!(migrate(&mut db, &extended).unwrap(), next);
        let long_read: i64 = db
            .query_row("SELECT long_read FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(long_read, 1);
        // The older code now refuses the store instead of misreading it.
        assert!(matches!(
            migrate(&mut db, MIGRATIONS),
            Err(StoreError::TooNew { found, .. }) if found == next
        ));
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version_intact() {
        let mut db = memory();
        migrate(&mut db, MIGRATIONS).unwrap();
        let mut broken = MIGRATIONS.to_vec();
        broken.push(Migration {
            version: current_version() + 1,
            apply: |tx| {
                tx.execute_batch(
                    "CREATE TABLE half_done (x INTEGER);
                     INSERT INTO no_such_table VALUES (1);",
                )
            },
        });
        assert!(matches!(
            migrate(&mut db, &broken),
            Err(StoreError::Migration { .. })
        ));
        assert_eq!(version(&db).unwrap(), current_version());
        let half_done: i64 = db
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half_done, 0);
    }
}
