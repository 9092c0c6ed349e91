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
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        apply: |tx| tx.execute_batch(V1_RECORDS),
    },
    Migration {
        version: 2,
        apply: |tx| tx.execute_batch(V2_CORPUS),
    },
    Migration {
        version: 3,
        apply: |tx| tx.execute_batch(V3_CLAIM_GROUPS),
    },
];

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

/// Version 2: the corpus layer (`parallax-corpus`): near-duplicate signatures, LSH buckets and
/// groups, term statistics, events, and claim alignment. Derived from the records: a store
/// migrated from version 1 has none of it, and the next writer computes it for every stored
/// record (`corpus_state.through_change` is the last change the layer includes).
const V2_CORPUS: &str = "
-- What the corpus layer has done: 'through_change' (records with a higher change_seq are not
-- in it yet) and 'documents' (records counted in term_df).
CREATE TABLE corpus_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO corpus_state (name, value) VALUES ('through_change', 0), ('documents', 0);

-- MinHash signature of the body (16 bits per value, see parallax_corpus::dedup).
CREATE TABLE dup_signatures (
    article  INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    shingles INTEGER NOT NULL,
    minhash  BLOB NOT NULL
);
-- LSH buckets: one row per band of each signature. No foreign key (records are never
-- deleted, and a cascade would need a second index on this, the largest corpus table).
CREATE TABLE dup_buckets (
    bucket  INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (bucket, article)
) WITHOUT ROWID;
-- Articles that have near-duplicates, by group (named by its smallest member key).
CREATE TABLE dup_groups (
    article    INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    grp        INTEGER NOT NULL,
    similarity REAL NOT NULL           -- estimated Jaccard with its closest copy
);
CREATE INDEX dup_groups_by_group ON dup_groups(grp);

-- Document frequencies of term keys (word stems and entity ids, hashed to 32 bits).
CREATE TABLE term_df (
    term INTEGER PRIMARY KEY,
    df   INTEGER NOT NULL
);

-- Events: centroid and index keys as little-endian (u32 key, f32 weight) / u32 arrays.
CREATE TABLE events (
    id       INTEGER PRIMARY KEY,
    first_at INTEGER,                  -- Unix seconds, dated members only
    last_at  INTEGER,
    size     INTEGER NOT NULL,
    centroid BLOB NOT NULL,
    keys     BLOB NOT NULL
);
CREATE INDEX events_by_size ON events(size, last_at);
CREATE TABLE event_keys (
    key   INTEGER NOT NULL,
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (key, event)
) WITHOUT ROWID;
CREATE TABLE event_articles (
    article    INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    event      INTEGER NOT NULL REFERENCES events(id),
    similarity REAL NOT NULL
);
CREATE INDEX event_articles_by_event ON event_articles(event, article);

-- Claims aligned across an event's articles; only claims in a group of two or more.
CREATE TABLE claim_links (
    article    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    position   INTEGER NOT NULL,       -- index in the record's claims
    event      INTEGER NOT NULL,
    grp        INTEGER NOT NULL,       -- article << 16 | position of the group's first claim
    stance     INTEGER NOT NULL,       -- 0 states the group's claim, 1 disputes it
    similarity REAL NOT NULL,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX claim_links_by_group ON claim_links(grp);
CREATE INDEX claim_links_by_event ON claim_links(event);
";

/// Version 3: a claim may be in several claim groups (a sentence can state several
/// propositions), so a claim link is keyed by its group too. The key leads with the event and
/// the group (a group lives in one event): an event's claims are one range, already grouped,
/// and each link costs one index besides, not two. Existing links are kept.
const V3_CLAIM_GROUPS: &str = "
CREATE TABLE claim_links_v3 (
    article    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    event      INTEGER NOT NULL,
    grp        INTEGER NOT NULL,
    stance     INTEGER NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (event, grp, article, position)
) WITHOUT ROWID;
INSERT INTO claim_links_v3 (article, position, event, grp, stance, similarity)
    SELECT article, position, event, grp, stance, similarity FROM claim_links;
DROP TABLE claim_links;
ALTER TABLE claim_links_v3 RENAME TO claim_links;
CREATE INDEX claim_links_by_claim ON claim_links(article, position);
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
        // 9 tables of records (version 1); the corpus layer's 8 and its checkpoint table
        // (version 2).
        assert_eq!(tables, 18);
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

    /// Version 2 adds the corpus layer to a version-1 store that holds records, keeping
    /// them, with the layer's checkpoint at zero so the next writer computes it for them.
    #[test]
    fn version_2_adds_the_corpus_layer_to_a_version_1_store() {
        let mut db = memory();
        assert_eq!(migrate(&mut db, &MIGRATIONS[..1]).unwrap(), 1);
        db.execute(
            "INSERT INTO articles (id, change_seq, input_format, word_count, propaganda)
             VALUES ('aaaaaaaaaaaaaaaa', 7, 'text', 120, 0.5)",
            [],
        )
        .unwrap();
        assert_eq!(migrate(&mut db, &MIGRATIONS[..2]).unwrap(), 2);
        let kept: String = db
            .query_row("SELECT id FROM articles WHERE change_seq = 7", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(kept, "aaaaaaaaaaaaaaaa");
        let through: i64 = db
            .query_row(
                "SELECT value FROM corpus_state WHERE name = 'through_change'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(through, 0);
        for table in [
            "dup_signatures",
            "dup_buckets",
            "dup_groups",
            "term_df",
            "events",
            "event_keys",
            "event_articles",
            "claim_links",
        ] {
            let n: i64 = db
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table}");
        }
        // An article in an event must name an existing event.
        db.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        assert!(db
            .execute(
                "INSERT INTO event_articles (article, event, similarity) VALUES (1, 99, 1.0)",
                [],
            )
            .is_err());
    }

    /// Version 3 keys claim links by group too, keeping the links a version-2 store holds.
    #[test]
    fn version_3_lets_a_claim_join_several_groups_and_keeps_old_links() {
        let mut db = memory();
        assert_eq!(migrate(&mut db, &MIGRATIONS[..2]).unwrap(), 2);
        db.execute_batch(
            "INSERT INTO articles (id, change_seq, input_format, word_count, propaganda)
             VALUES ('aaaaaaaaaaaaaaaa', 1, 'text', 120, 0.5);
             INSERT INTO claim_links (article, position, event, grp, stance, similarity)
             VALUES (1, 0, 1, 65536, 0, 0.5);",
        )
        .unwrap();
        assert_eq!(migrate(&mut db, MIGRATIONS).unwrap(), 3);
        db.execute(
            "INSERT INTO claim_links (article, position, event, grp, stance, similarity)
             VALUES (1, 0, 1, 131072, 1, 0.4)",
            [],
        )
        .unwrap();
        let groups: Vec<i64> = db
            .prepare("SELECT grp FROM claim_links WHERE article = 1 AND position = 0 ORDER BY grp")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(groups, vec![65536, 131072]);
        let indexes: i64 = db
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claim_links'
                   AND name = 'claim_links_by_claim'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1);
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
