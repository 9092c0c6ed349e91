//! The corpus layer's persistent state: [`CorpusSession`] implements
//! [`parallax_corpus::CorpusIndex`] over the version-2 tables, inside one write transaction.
//!
//! The layer is derived from the records, like the search index: `corpus_state.through_change`
//! names the last record change it includes. A session lists the records changed after it
//! ([`CorpusSession::pending`]), the caller adds them through a `parallax_corpus::Updater`, and
//! [`CorpusSession::commit`] writes everything with the new checkpoint in the same
//! transaction, so a crash loses the batch in flight and the next writer redoes it.

use std::collections::HashMap;

use parallax_core::Article;
use parallax_corpus::dedup::CompactSignature;
use parallax_corpus::vector::SparseVec;
use parallax_corpus::{
    ArticleKey, ClaimLink, CorpusIndex, DupCandidate, DupGroupId, EventId, EventState, Stance,
};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::codec;
use crate::error::{Result, StoreError};

/// A record the corpus layer has not seen in its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingArticle {
    pub key: ArticleKey,
    pub id: String,
    pub change: i64,
    /// The layer holds an older version of it (the record was replaced by a re-analysis):
    /// [`CorpusSession::forget`] it before adding it again.
    pub known: bool,
}

/// One write transaction of the corpus layer. Dropping it without [`CorpusSession::commit`]
/// rolls everything back.
pub struct CorpusSession<'s> {
    tx: Transaction<'s>,
    /// Document-frequency increments not yet written (flushed at commit).
    df_pending: HashMap<u32, u32>,
    documents_pending: u64,
}

/// The last record change the corpus layer includes.
pub(crate) fn checkpoint(db: &rusqlite::Connection) -> Result<i64> {
    Ok(db
        .query_row(
            "SELECT value FROM corpus_state WHERE name = 'through_change'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Records changed after the corpus checkpoint.
pub(crate) fn pending_count(db: &rusqlite::Connection) -> Result<u64> {
    let through = checkpoint(db)?;
    crate::db::changes_after(db, through)
}

impl<'s> CorpusSession<'s> {
    pub(crate) fn new(tx: Transaction<'s>) -> CorpusSession<'s> {
        CorpusSession {
            tx,
            df_pending: HashMap::new(),
            documents_pending: 0,
        }
    }

    /// The last record change the layer includes.
    pub fn checkpoint(&self) -> Result<i64> {
        checkpoint(&self.tx)
    }

    /// Up to `limit` records changed after the checkpoint, in change order.
    pub fn pending(&self, limit: usize) -> Result<Vec<PendingArticle>> {
        let through = self.checkpoint()?;
        let mut statement = self.tx.prepare_cached(
            "SELECT a.seq, a.id, a.change_seq,
                    EXISTS (SELECT 1 FROM event_articles e WHERE e.article = a.seq)
             FROM articles a WHERE a.change_seq > ?1 ORDER BY a.change_seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![through, limit as i64], |r| {
            Ok(PendingArticle {
                key: r.get(0)?,
                id: r.get(1)?,
                change: r.get(2)?,
                known: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored record under `key`.
    pub fn record(&self, key: ArticleKey) -> Result<Option<Article>> {
        let row = self
            .tx
            .prepare_cached(
                "SELECT a.id, r.codec, r.record FROM articles a JOIN records r ON r.article = a.seq
                 WHERE a.seq = ?1",
            )?
            .query_row([key], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .optional()?;
        row.map(|(id, codec, blob)| codec::decode(&id, codec, &blob))
            .transpose()
    }

    /// Removes an article from the corpus structures (before adding its new version). Its
    /// event keeps the centroid it had (a re-analysis changes records little); its size and
    /// claim links are updated. Document frequencies keep counting the old version.
    pub fn forget(&mut self, key: ArticleKey) -> Result<()> {
        // Its LSH bucket rows stay: finding them would scan the largest corpus table, and a
        // stale bucket only offers a candidate that the new signature then fails.
        for sql in [
            "DELETE FROM dup_signatures WHERE article = ?1",
            "DELETE FROM dup_groups WHERE article = ?1",
            "DELETE FROM claim_links WHERE article = ?1",
        ] {
            self.tx.execute(sql, [key])?;
        }
        let event: Option<i64> = self
            .tx
            .query_row(
                "SELECT event FROM event_articles WHERE article = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(event) = event {
            self.tx
                .execute("DELETE FROM event_articles WHERE article = ?1", [key])?;
            self.tx
                .execute("UPDATE events SET size = size - 1 WHERE id = ?1", [event])?;
        }
        Ok(())
    }

    /// Writes the pending term statistics and the new checkpoint, and commits.
    pub fn commit(mut self, through_change: i64) -> Result<()> {
        self.flush_df()?;
        self.tx.execute(
            "UPDATE corpus_state SET value = max(value, ?1) WHERE name = 'through_change'",
            [through_change],
        )?;
        self.tx.commit()?;
        Ok(())
    }

    fn flush_df(&mut self) -> Result<()> {
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO term_df (term, df) VALUES (?1, ?2)
             ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
        )?;
        let mut terms: Vec<(&u32, &u32)> = self.df_pending.iter().collect();
        terms.sort_unstable();
        for (term, n) in terms {
            upsert.execute(params![*term as i64, *n as i64])?;
        }
        drop(upsert);
        self.df_pending.clear();
        if self.documents_pending > 0 {
            self.tx.execute(
                "UPDATE corpus_state SET value = value + ?1 WHERE name = 'documents'",
                [self.documents_pending as i64],
            )?;
            self.documents_pending = 0;
        }
        Ok(())
    }

    fn stored_df(&self, term: u32) -> Result<u32> {
        Ok(self
            .tx
            .prepare_cached("SELECT df FROM term_df WHERE term = ?1")?
            .query_row([term as i64], |r| r.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0) as u32)
    }
}

fn keys_to_bytes(keys: &[u32]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

pub(crate) fn keys_from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(crate) fn centroid_from_bytes(event: i64, bytes: &[u8]) -> Result<SparseVec> {
    SparseVec::from_bytes(bytes).ok_or_else(|| StoreError::Corrupt {
        id: format!("event {event}"),
        reason: "unreadable centroid".into(),
    })
}

impl CorpusIndex for CorpusSession<'_> {
    type Error = StoreError;

    fn dup_candidates(&mut self, bands: &[i64], per_band: usize) -> Result<Vec<DupCandidate>> {
        let mut keys: Vec<i64> = Vec::new();
        {
            let mut statement = self.tx.prepare_cached(
                "SELECT article FROM dup_buckets WHERE bucket = ?1 ORDER BY article DESC LIMIT ?2",
            )?;
            for &band in bands {
                let rows = statement.query_map(params![band, per_band as i64], |r| r.get(0))?;
                for k in rows {
                    let k: i64 = k?;
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
        let mut statement = self.tx.prepare_cached(
            "SELECT s.shingles, s.minhash, g.grp, e.event
             FROM dup_signatures s
             LEFT JOIN dup_groups g ON g.article = s.article
             LEFT JOIN event_articles e ON e.article = s.article
             WHERE s.article = ?1",
        )?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let row = statement
                .query_row([key], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<i64>>(3)?,
                    ))
                })
                .optional()?;
            let Some((shingles, bytes, group, event)) = row else {
                continue;
            };
            let signature =
                CompactSignature::from_bytes(shingles as u32, &bytes).ok_or_else(|| {
                    StoreError::Corrupt {
                        id: format!("article key {key}"),
                        reason: "unreadable near-duplicate signature".into(),
                    }
                })?;
            out.push(DupCandidate {
                article: key,
                signature,
                group,
                event,
            });
        }
        Ok(out)
    }

    fn add_signature(
        &mut self,
        article: ArticleKey,
        bands: &[i64],
        signature: &CompactSignature,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO dup_signatures (article, shingles, minhash)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                article,
                signature.shingles as i64,
                signature.to_bytes()
            ])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO dup_buckets (bucket, article) VALUES (?1, ?2)",
        )?;
        for &band in bands {
            insert.execute(params![band, article])?;
        }
        Ok(())
    }

    fn set_dup_group(
        &mut self,
        article: ArticleKey,
        group: DupGroupId,
        similarity: f32,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO dup_groups (article, grp, similarity) VALUES (?1, ?2, ?3)
                 ON CONFLICT (article) DO UPDATE SET grp = excluded.grp",
            )?
            .execute(params![article, group, similarity as f64])?;
        Ok(())
    }

    fn merge_dup_groups(&mut self, from: DupGroupId, into: DupGroupId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE dup_groups SET grp = ?2 WHERE grp = ?1")?
            .execute(params![from, into])?;
        Ok(())
    }

    fn document_count(&mut self) -> Result<u64> {
        let stored: i64 = self.tx.query_row(
            "SELECT value FROM corpus_state WHERE name = 'documents'",
            [],
            |r| r.get(0),
        )?;
        Ok(stored as u64 + self.documents_pending)
    }

    fn document_frequencies(&mut self, terms: &[u32]) -> Result<Vec<u32>> {
        terms
            .iter()
            .map(|&t| Ok(self.stored_df(t)? + self.df_pending.get(&t).copied().unwrap_or(0)))
            .collect()
    }

    fn add_document(&mut self, terms: &[u32]) -> Result<()> {
        for &t in terms {
            *self.df_pending.entry(t).or_default() += 1;
        }
        self.documents_pending += 1;
        Ok(())
    }

    fn event_candidates(&mut self, keys: &[u32], per_key: usize) -> Result<Vec<EventId>> {
        let mut statement = self.tx.prepare_cached(
            "SELECT event FROM event_keys WHERE key = ?1 ORDER BY event DESC LIMIT ?2",
        )?;
        let mut out = Vec::new();
        for &k in keys {
            let rows = statement.query_map(params![k as i64, per_key as i64], |r| r.get(0))?;
            for e in rows {
                out.push(e?);
            }
        }
        Ok(out)
    }

    fn event(&mut self, id: EventId) -> Result<Option<EventState>> {
        let row = self
            .tx
            .prepare_cached(
                "SELECT first_at, last_at, size, centroid, keys FROM events WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })
            .optional()?;
        row.map(|(first_at, last_at, size, centroid, keys)| {
            Ok(EventState {
                centroid: centroid_from_bytes(id, &centroid)?,
                keys: keys_from_bytes(&keys),
                first_at,
                last_at,
                size: size.max(0) as u32,
            })
        })
        .transpose()
    }

    fn create_event(&mut self, state: &EventState) -> Result<EventId> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (first_at, last_at, size, centroid, keys)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                state.first_at,
                state.last_at,
                state.size as i64,
                state.centroid.to_bytes(),
                keys_to_bytes(&state.keys),
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut insert = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO event_keys (key, event) VALUES (?1, ?2)")?;
        for &k in &state.keys {
            insert.execute(params![k as i64, id])?;
        }
        Ok(id)
    }

    fn update_event(&mut self, id: EventId, state: &EventState, old_keys: &[u32]) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE events SET first_at = ?2, last_at = ?3, size = ?4, centroid = ?5,
                        keys = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                state.first_at,
                state.last_at,
                state.size as i64,
                state.centroid.to_bytes(),
                keys_to_bytes(&state.keys),
            ])?;
        {
            let mut delete = self
                .tx
                .prepare_cached("DELETE FROM event_keys WHERE key = ?1 AND event = ?2")?;
            for k in old_keys.iter().filter(|k| !state.keys.contains(k)) {
                delete.execute(params![*k as i64, id])?;
            }
        }
        let mut insert = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO event_keys (key, event) VALUES (?1, ?2)")?;
        for k in state.keys.iter().filter(|k| !old_keys.contains(k)) {
            insert.execute(params![*k as i64, id])?;
        }
        Ok(())
    }

    fn set_event(&mut self, article: ArticleKey, event: EventId, similarity: f32) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO event_articles (article, event, similarity)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![article, event, similarity as f64])?;
        Ok(())
    }

    fn event_members(&mut self, event: EventId, limit: usize) -> Result<Vec<ArticleKey>> {
        let mut statement = self.tx.prepare_cached(
            "SELECT article FROM event_articles WHERE event = ?1 ORDER BY article LIMIT ?2",
        )?;
        let rows = statement.query_map(params![event, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn article(&mut self, article: ArticleKey) -> Result<Option<Article>> {
        self.record(article)
    }

    fn claim_links(&mut self, article: ArticleKey, position: u32) -> Result<Vec<ClaimLink>> {
        let mut statement = self.tx.prepare_cached(
            "SELECT grp, stance, similarity FROM claim_links
             WHERE article = ?1 AND position = ?2 ORDER BY grp",
        )?;
        let rows = statement.query_map(params![article, position as i64], |r| {
            Ok(ClaimLink {
                group: r.get(0)?,
                stance: Stance::from_i64(r.get(1)?),
                similarity: r.get::<_, f64>(2)? as f32,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn set_claim_link(
        &mut self,
        article: ArticleKey,
        position: u32,
        event: EventId,
        link: &ClaimLink,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO claim_links
                     (article, position, event, grp, stance, similarity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                article,
                position as i64,
                event,
                link.group,
                link.stance.as_i64(),
                link.similarity as f64,
            ])?;
        Ok(())
    }
}
