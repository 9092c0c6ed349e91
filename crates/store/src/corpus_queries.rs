//! Reads of the corpus layer: events and their articles, near-duplicate groups, aligned
//! claims, outlet totals and term statistics. Exposed as [`crate::Store`] methods.

use std::collections::HashMap;

use parallax_corpus::corroboration::{GroupMember, SourceArticle};
use parallax_corpus::outlets::OutletTotals;
use parallax_corpus::vector::{Idf, SparseVec};
use parallax_corpus::{ArticleKey, Stance};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::corpus::centroid_from_bytes;
use crate::error::Result;

/// Which events to list.
#[derive(Debug, Clone, PartialEq)]
pub struct EventQuery {
    /// Only events with at least this many articles.
    pub min_articles: u32,
    /// Only events whose span reaches into `[from, to]` (Unix seconds); undated events are
    /// left out when either bound is set.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub sort: EventSort,
    pub limit: usize,
    pub offset: usize,
}

impl Default for EventQuery {
    fn default() -> Self {
        EventQuery {
            min_articles: 2,
            from: None,
            to: None,
            sort: EventSort::Largest,
            limit: 50,
            offset: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSort {
    /// Most articles first.
    Largest,
    /// Latest article first.
    Newest,
    /// Earliest article first.
    Oldest,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub id: i64,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub size: u32,
    pub centroid: SparseVec,
}

/// An article as the corpus views show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    #[serde(skip)]
    pub key: ArticleKey,
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    #[serde(skip)]
    pub published_at: Option<i64>,
    pub url: Option<String>,
    /// Its near-duplicate group (the smallest key of the group), if it has copies.
    #[serde(skip)]
    pub dup_group: Option<i64>,
    /// Similarity to the event (or to its closest copy, in a near-duplicate group).
    pub similarity: f64,
}

impl ArticleSummary {
    pub fn source(&self) -> SourceArticle {
        SourceArticle {
            article: self.key,
            outlet: self.outlet.clone(),
            url: self.url.clone(),
            published_at: self.published_at,
            dup_group: self.dup_group,
        }
    }
}

/// An aligned claim with its text and article.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedClaim {
    pub group: i64,
    pub stance: Stance,
    pub similarity: f64,
    pub position: u32,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub checkworthy: f64,
    pub attributed_to: Option<String>,
    pub article: ArticleSummary,
}

impl AlignedClaim {
    /// Whether this claim started its group: the group's proposition in its own words. A
    /// sentence stating several propositions joins several groups, so the group is named by
    /// the claim that started it, not by whichever member came first.
    pub fn started_group(&self) -> bool {
        parallax_corpus::index::claim_group_origin(self.group) == (self.article.key, self.position)
    }
}

/// An `events` row: id, first_at, last_at, size, centroid.
type EventRow = (i64, Option<i64>, Option<i64>, i64, Vec<u8>);

const ARTICLE_COLUMNS: &str =
    "a.seq, a.id, a.title, a.outlet, a.published, a.published_at, a.url, g.grp";

fn read_article(
    r: &rusqlite::Row,
    offset: usize,
    similarity: f64,
) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        key: r.get(offset)?,
        id: r.get(offset + 1)?,
        title: r.get(offset + 2)?,
        outlet: r.get(offset + 3)?,
        published: r.get(offset + 4)?,
        published_at: r.get(offset + 5)?,
        url: r.get(offset + 6)?,
        dup_group: r.get(offset + 7)?,
        similarity,
    })
}

fn read_event(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn to_summary(row: EventRow) -> Result<EventSummary> {
    let (id, first_at, last_at, size, centroid) = row;
    Ok(EventSummary {
        id,
        first_at,
        last_at,
        size: size.max(0) as u32,
        centroid: centroid_from_bytes(id, &centroid)?,
    })
}

/// Events matching `query`, and how many match in all.
pub fn events(db: &Connection, query: &EventQuery) -> Result<(u64, Vec<EventSummary>)> {
    const FILTER: &str = "size >= ?1 AND (?2 IS NULL OR last_at >= ?2)
                          AND (?3 IS NULL OR first_at <= ?3)";
    let order = match query.sort {
        EventSort::Largest => "size DESC, last_at DESC, id",
        EventSort::Newest => "last_at IS NULL, last_at DESC, id",
        EventSort::Oldest => "first_at IS NULL, first_at, id",
    };
    let total: i64 = db.query_row(
        &format!("SELECT count(*) FROM events WHERE {FILTER}"),
        params![query.min_articles as i64, query.from, query.to],
        |r| r.get(0),
    )?;
    let mut statement = db.prepare(&format!(
        "SELECT id, first_at, last_at, size, centroid FROM events WHERE {FILTER}
         ORDER BY {order} LIMIT ?4 OFFSET ?5"
    ))?;
    let rows = statement.query_map(
        params![
            query.min_articles as i64,
            query.from,
            query.to,
            query.limit as i64,
            query.offset as i64
        ],
        read_event,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(to_summary(row?)?);
    }
    Ok((total as u64, out))
}

pub fn event(db: &Connection, id: i64) -> Result<Option<EventSummary>> {
    let row = db
        .query_row(
            "SELECT id, first_at, last_at, size, centroid FROM events WHERE id = ?1",
            [id],
            read_event,
        )
        .optional()?;
    row.map(to_summary).transpose()
}

/// The event of a record id.
pub fn event_of(db: &Connection, record_id: &str) -> Result<Option<i64>> {
    Ok(db
        .query_row(
            "SELECT e.event FROM event_articles e JOIN articles a ON a.seq = e.article
             WHERE a.id = ?1",
            [record_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The articles of an event, earliest published first (undated last).
pub fn event_articles(db: &Connection, event: i64) -> Result<Vec<ArticleSummary>> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT e.similarity, {ARTICLE_COLUMNS}
         FROM event_articles e JOIN articles a ON a.seq = e.article
         LEFT JOIN dup_groups g ON g.article = a.seq
         WHERE e.event = ?1
         ORDER BY a.published_at IS NULL, a.published_at, a.seq"
    ))?;
    let rows = statement.query_map([event], |r| {
        let similarity: f64 = r.get(0)?;
        read_article(r, 1, similarity)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Near-duplicate groups, largest first, and how many there are.
pub fn duplicate_groups(
    db: &Connection,
    limit: usize,
    offset: usize,
) -> Result<(u64, Vec<Vec<ArticleSummary>>)> {
    let total: i64 = db.query_row("SELECT count(DISTINCT grp) FROM dup_groups", [], |r| {
        r.get(0)
    })?;
    let mut statement = db.prepare(
        "SELECT grp FROM dup_groups GROUP BY grp ORDER BY count(*) DESC, grp LIMIT ?1 OFFSET ?2",
    )?;
    let groups: Vec<i64> = statement
        .query_map(params![limit as i64, offset as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut members = db.prepare_cached(&format!(
        "SELECT g.similarity, {ARTICLE_COLUMNS}
         FROM dup_groups g JOIN articles a ON a.seq = g.article
         WHERE g.grp = ?1
         ORDER BY a.published_at IS NULL, a.published_at, a.seq"
    ))?;
    let mut out = Vec::with_capacity(groups.len());
    for g in groups {
        let rows = members.query_map([g], |r| {
            let similarity: f64 = r.get(0)?;
            read_article(r, 1, similarity)
        })?;
        out.push(rows.collect::<rusqlite::Result<_>>()?);
    }
    Ok((total as u64, out))
}

/// The aligned claims of an event, by group.
pub fn event_claims(db: &Connection, event: i64) -> Result<Vec<AlignedClaim>> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT l.grp, l.stance, l.similarity, l.position, c.start_char, c.end_char, c.text,
                c.checkworthy, c.attributed_to, {ARTICLE_COLUMNS}
         FROM claim_links l
         JOIN claims c ON c.article = l.article AND c.position = l.position
         JOIN articles a ON a.seq = l.article
         LEFT JOIN dup_groups g ON g.article = a.seq
         WHERE l.event = ?1
         ORDER BY l.grp, a.published_at IS NULL, a.published_at, a.seq, l.position"
    ))?;
    let rows = statement.query_map([event], |r| {
        Ok(AlignedClaim {
            group: r.get(0)?,
            stance: Stance::from_i64(r.get(1)?),
            similarity: r.get(2)?,
            position: r.get::<_, i64>(3)? as u32,
            start: r.get::<_, i64>(4)? as usize,
            end: r.get::<_, i64>(5)? as usize,
            text: r.get(6)?,
            checkworthy: r.get(7)?,
            attributed_to: r.get(8)?,
            article: read_article(r, 9, 0.0)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The claims of an event's articles that no claim of another article aligned with, at
/// least `min_checkworthy`, each as a group of its own (stated by its article alone).
pub fn event_single_claims(
    db: &Connection,
    event: i64,
    min_checkworthy: f64,
) -> Result<Vec<AlignedClaim>> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT c.position, c.start_char, c.end_char, c.text, c.checkworthy, c.attributed_to,
                {ARTICLE_COLUMNS}
         FROM event_articles e
         JOIN claims c ON c.article = e.article
         JOIN articles a ON a.seq = e.article
         LEFT JOIN dup_groups g ON g.article = a.seq
         WHERE e.event = ?1 AND c.checkworthy >= ?2
           AND NOT EXISTS (SELECT 1 FROM claim_links l
                           WHERE l.article = c.article AND l.position = c.position)
         ORDER BY a.published_at IS NULL, a.published_at, a.seq, c.position"
    ))?;
    let rows = statement.query_map(params![event, min_checkworthy], |r| {
        let position = r.get::<_, i64>(0)? as u32;
        let article = read_article(r, 6, 0.0)?;
        Ok(AlignedClaim {
            group: parallax_corpus::index::claim_group_id(article.key, position),
            stance: Stance::States,
            similarity: 1.0,
            position,
            start: r.get::<_, i64>(1)? as usize,
            end: r.get::<_, i64>(2)? as usize,
            text: r.get(3)?,
            checkworthy: r.get(4)?,
            attributed_to: r.get(5)?,
            article,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every claim group of the corpus with its members as sources.
pub fn claim_groups(db: &Connection) -> Result<Vec<Vec<GroupMember>>> {
    let mut statement = db.prepare(
        "SELECT l.grp, l.article, l.position, l.stance, a.outlet, a.url, a.published_at, g.grp
         FROM claim_links l JOIN articles a ON a.seq = l.article
         LEFT JOIN dup_groups g ON g.article = l.article
         ORDER BY l.event, l.grp",
    )?;
    let mut out: Vec<Vec<GroupMember>> = Vec::new();
    let mut current = None;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            GroupMember {
                source: SourceArticle {
                    article: r.get(1)?,
                    outlet: r.get(4)?,
                    url: r.get(5)?,
                    published_at: r.get(6)?,
                    dup_group: r.get(7)?,
                },
                position: r.get::<_, i64>(2)? as u32,
                stance: Stance::from_i64(r.get(3)?),
            },
        ))
    })?;
    for row in rows {
        let (group, member) = row?;
        if current != Some(group) {
            out.push(Vec::new());
            current = Some(group);
        }
        out.last_mut().expect("pushed above").push(member);
    }
    Ok(out)
}

/// Totals per outlet (`None`: articles without an outlet), with each outlet's `top` entities.
pub fn outlet_totals(db: &Connection, top: usize) -> Result<Vec<(Option<String>, OutletTotals)>> {
    let mut statement = db.prepare(
        "SELECT a.outlet, count(*), sum(a.word_count), sum(a.propaganda),
                coalesce(sum(t.techniques), 0), coalesce(sum(c.claims), 0)
         FROM articles a
         LEFT JOIN (SELECT article, sum(count) AS techniques FROM techniques GROUP BY article) t
                ON t.article = a.seq
         LEFT JOIN (SELECT article, count(*) AS claims FROM claims GROUP BY article) c
                ON c.article = a.seq
         GROUP BY a.outlet ORDER BY count(*) DESC, a.outlet",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            OutletTotals {
                articles: r.get::<_, i64>(1)? as u64,
                words: r.get::<_, i64>(2)? as u64,
                propaganda_sum: r.get(3)?,
                techniques: r.get::<_, i64>(4)? as u64,
                claims: r.get::<_, i64>(5)? as u64,
                top_entities: Vec::new(),
            },
        ))
    })?;
    let mut out: Vec<(Option<String>, OutletTotals)> = rows.collect::<rusqlite::Result<_>>()?;
    if top > 0 {
        let mut entities = db.prepare(
            "SELECT a.outlet, m.entity_id, count(DISTINCT m.article) AS n
             FROM entity_mentions m JOIN articles a ON a.seq = m.article
             GROUP BY a.outlet, m.entity_id",
        )?;
        let mut by_outlet: HashMap<Option<String>, Vec<(String, u64)>> = HashMap::new();
        let rows = entities.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        for row in rows {
            let (outlet, id, n) = row?;
            by_outlet.entry(outlet).or_default().push((id, n));
        }
        for (outlet, totals) in out.iter_mut() {
            if let Some(mut list) = by_outlet.remove(outlet) {
                list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                list.truncate(top);
                totals.top_entities = list;
            }
        }
    }
    Ok(out)
}

/// Documents counted by the corpus layer, and the document frequency of each term.
pub fn term_stats(db: &Connection, terms: &[u32]) -> Result<(u64, Vec<u32>)> {
    let documents: i64 = db
        .query_row(
            "SELECT value FROM corpus_state WHERE name = 'documents'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let mut statement = db.prepare_cached("SELECT df FROM term_df WHERE term = ?1")?;
    let mut out = Vec::with_capacity(terms.len());
    for &t in terms {
        let df: Option<i64> = statement.query_row([t as i64], |r| r.get(0)).optional()?;
        out.push(df.unwrap_or(0) as u32);
    }
    Ok((documents as u64, out))
}

impl crate::Store {
    /// Opens a write transaction of the corpus layer (the writer only; see [`CorpusSession`]).
    ///
    /// [`CorpusSession`]: crate::CorpusSession
    pub fn corpus_session(&mut self) -> Result<crate::CorpusSession<'_>> {
        if !self.is_writer() {
            return Err(crate::StoreError::ReadOnly);
        }
        let tx = self
            .db
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(crate::CorpusSession::new(tx))
    }

    /// Records the corpus layer does not include yet (an ingest is running or was
    /// interrupted, or the store was made by an older parallax).
    pub fn corpus_pending(&self) -> Result<u64> {
        crate::corpus::pending_count(&self.db)
    }

    /// Events matching a query, and how many match in all.
    pub fn events(&self, query: &EventQuery) -> Result<(u64, Vec<EventSummary>)> {
        events(&self.db, query)
    }

    pub fn event(&self, id: i64) -> Result<Option<EventSummary>> {
        event(&self.db, id)
    }

    /// The event a record belongs to.
    pub fn event_of(&self, record_id: &str) -> Result<Option<i64>> {
        event_of(&self.db, record_id)
    }

    /// The articles of an event, earliest published first.
    pub fn event_articles(&self, event: i64) -> Result<Vec<ArticleSummary>> {
        event_articles(&self.db, event)
    }

    /// Near-duplicate groups, largest first, with the number of groups.
    pub fn duplicate_groups(
        &self,
        limit: usize,
        offset: usize,
    ) -> Result<(u64, Vec<Vec<ArticleSummary>>)> {
        duplicate_groups(&self.db, limit, offset)
    }

    /// The aligned claims of an event, by claim group.
    pub fn event_claims(&self, event: i64) -> Result<Vec<AlignedClaim>> {
        event_claims(&self.db, event)
    }

    /// The claims of an event no other article's claim aligned with (at least
    /// `min_checkworthy`), each a group of its own.
    pub fn event_single_claims(
        &self,
        event: i64,
        min_checkworthy: f64,
    ) -> Result<Vec<AlignedClaim>> {
        event_single_claims(&self.db, event, min_checkworthy)
    }

    /// Every claim group of the corpus, with its members as sources.
    pub fn claim_groups(&self) -> Result<Vec<Vec<GroupMember>>> {
        claim_groups(&self.db)
    }

    /// Totals per outlet with each outlet's `top_entities` most mentioned entities.
    pub fn outlet_totals(
        &self,
        top_entities: usize,
    ) -> Result<Vec<(Option<String>, OutletTotals)>> {
        outlet_totals(&self.db, top_entities)
    }

    /// Documents counted by the corpus layer and the document frequencies of `terms`.
    pub fn term_stats(&self, terms: &[u32]) -> Result<(u64, Vec<u32>)> {
        term_stats(&self.db, terms)
    }

    /// IDF weights of `terms` from the corpus layer's document frequencies (what narrative
    /// matching weighs a catalog's concepts by); a term not asked for weighs as unseen.
    pub fn term_weights(&self, terms: impl IntoIterator<Item = u32>) -> Result<TermWeights> {
        let mut terms: Vec<u32> = terms.into_iter().collect();
        terms.sort_unstable();
        terms.dedup();
        let (documents, dfs) = self.term_stats(&terms)?;
        let idf = Idf { documents };
        Ok(TermWeights {
            unseen: idf.weight(0),
            weights: terms
                .into_iter()
                .zip(dfs)
                .map(|(k, df)| (k, idf.weight(df)))
                .collect(),
        })
    }
}

/// IDF weights of a set of terms ([`Store::term_weights`]).
#[derive(Debug, Clone)]
pub struct TermWeights {
    weights: HashMap<u32, f64>,
    unseen: f64,
}

impl TermWeights {
    pub fn weight(&self, term: u32) -> f64 {
        self.weights.get(&term).copied().unwrap_or(self.unseen)
    }
}
