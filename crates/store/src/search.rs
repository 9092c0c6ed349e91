//! Ranked search over the index, with filters and highlighted snippets.
//!
//! The words of a query must all match by default (`OR` and `-word` are available, as are
//! `"phrases"`, `title:word` and `*` for every record); ranking is BM25 over the title (boosted)
//! and the body. Filters never change the ranking: they only remove records.

use std::ops::Bound;

use parallax_core::{char_len, Technique};
use rusqlite::Connection;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, Term};

use crate::codec;
use crate::date::Period;
use crate::db;
use crate::error::{Result, StoreError};
use crate::index::SearchIndex;

/// The most hits one search returns (enough to list a large store's matches at once).
pub const MAX_LIMIT: usize = 100_000;
/// The deepest page a search reaches: paging further is better served by filters.
pub const MAX_OFFSET: usize = 1_000_000;

/// A search: the query text, filters, and the page of results wanted.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Words, `"phrases"`, `OR`, `-word`, `title:word`; `*` matches every record.
    pub query: String,
    /// Keep records from any of these outlets (case-insensitive, exact name).
    pub outlets: Vec<String>,
    /// Keep records published in or after this ISO 8601 period (`2017`, `2017-01`, a day...).
    pub from: Option<String>,
    /// Keep records published in or before this ISO 8601 period (the whole period counts).
    pub to: Option<String>,
    /// Keep records that mention every one of these entity ids.
    pub entities: Vec<String>,
    /// Keep records where every one of these techniques was detected.
    pub techniques: Vec<String>,
    /// Keep records in this language (ISO 639-1).
    pub language: Option<String>,
    /// Keep records whose propaganda score is at least this.
    pub min_score: Option<f64>,
    /// Keep records whose propaganda score is at most this.
    pub max_score: Option<f64>,
    pub sort: SortOrder,
    pub limit: usize,
    pub offset: usize,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
}

impl SearchRequest {
    /// A request for `query` with no filters: the ten best matches.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            outlets: Vec::new(),
            from: None,
            to: None,
            entities: Vec::new(),
            techniques: Vec::new(),
            language: None,
            min_score: None,
            max_score: None,
            sort: SortOrder::Relevance,
            limit: 10,
            offset: 0,
            snippet_chars: 240,
        }
    }
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// BM25 score, best first.
    Relevance,
    /// Publication date, latest first (undated records last).
    Newest,
    /// Publication date, earliest first (undated records last).
    Oldest,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// How many records match in all (not only this page).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Records stored but not yet searchable (an ingest is running or was interrupted).
    pub unindexed: u64,
}

/// One matching record.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    /// BM25 score; `None` when sorted by date.
    pub score: Option<f32>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub word_count: i64,
    pub propaganda: f64,
    pub snippet: Snippet,
}

/// A passage of the body around the best matches.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Matched words, as character ranges `[start, end)` into `text`.
    pub highlights: Vec<HighlightRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HighlightRange {
    pub start: usize,
    pub end: usize,
}

/// Runs `request` against an index snapshot, reading hit details from `db`.
pub(crate) fn run(
    index: &SearchIndex,
    searcher: &Searcher,
    db: &Connection,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let f = &index.fields;
    let text_query = text_query(index, &request.query)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
    for filter in filters(index, request)? {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let query = BooleanQuery::new(clauses);
    // The collector allocates for offset + limit hits up front: bound both.
    if !(1..=MAX_LIMIT).contains(&request.limit) {
        return Err(StoreError::Query(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {}",
            request.limit
        )));
    }
    if request.offset > MAX_OFFSET {
        return Err(StoreError::Query(format!(
            "offset must be at most {MAX_OFFSET}, not {}; narrow the query with filters instead",
            request.offset
        )));
    }
    let limit = request.limit;

    let (addresses, total): (Vec<(Option<f32>, DocAddress)>, usize) = match request.sort {
        SortOrder::Relevance => {
            let collector = TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_score();
            let (top, total) = searcher.search(&query, &(collector, Count))?;
            (top.into_iter().map(|(s, a)| (Some(s), a)).collect(), total)
        }
        SortOrder::Newest | SortOrder::Oldest => {
            let order = if request.sort == SortOrder::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let collector = TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_fast_field::<i64>("published", order);
            let (top, total) = searcher.search(&query, &(collector, Count))?;
            (top.into_iter().map(|(_, a)| (None, a)).collect(), total)
        }
    };

    let mut snippets = SnippetGenerator::create(searcher, &*text_query, f.body)?;
    snippets.set_max_num_chars(request.snippet_chars.max(20));
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let seq = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .u64("seq")?
            .first(address.doc_id);
        let Some(seq) = seq else { continue };
        // A record replaced since this index snapshot was taken is simply skipped.
        let Some(row) = db::summary(db, seq as i64)? else {
            continue;
        };
        let text = codec::decode_text(&row.id, row.codec, &row.blob)?;
        hits.push(Hit {
            snippet: snippet(&snippets, &text, request.snippet_chars),
            id: row.id,
            score,
            title: row.title,
            outlet: row.outlet,
            published: row.published,
            url: row.url,
            language: row.language,
            word_count: row.word_count,
            propaganda: row.propaganda,
        });
    }
    Ok(SearchResults {
        total,
        hits,
        unindexed: 0,
    })
}

fn text_query(index: &SearchIndex, text: &str) -> Result<Box<dyn Query>> {
    let text = text.trim();
    if text.is_empty() || text == "*" {
        return Ok(Box::new(AllQuery));
    }
    let f = &index.fields;
    let mut parser = QueryParser::for_index(&index.index, vec![f.title, f.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser
        .parse_query(text)
        .map_err(|e| StoreError::Query(format!("{text:?}: {e}")))
}

fn filters(index: &SearchIndex, request: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
    let f = &index.fields;
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if !request.outlets.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = request
            .outlets
            .iter()
            .map(|o| (Occur::Should, term(f.outlet, &o.trim().to_lowercase())))
            .collect();
        filters.push(Box::new(BooleanQuery::new(any)));
    }
    for entity in &request.entities {
        filters.push(term(f.entity, entity.trim()));
    }
    for technique in &request.techniques {
        let technique: Technique = technique.trim().parse().map_err(|_| {
            StoreError::Filter(format!(
                "unknown technique {technique:?}; known: {}",
                Technique::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        filters.push(term(f.technique, technique.name()));
    }
    if let Some(language) = &request.language {
        filters.push(term(f.language, &language.trim().to_lowercase()));
    }
    let period = |text: &str, which: &str| {
        Period::parse(text).ok_or_else(|| {
            StoreError::Filter(format!(
                "--{which} {text:?} is not an ISO 8601 date (2017, 2017-01, 2017-01-19, \
                 2017-01-19T13:29:00Z)"
            ))
        })
    };
    let from = request
        .from
        .as_deref()
        .map(|t| period(t, "from"))
        .transpose()?;
    let to = request.to.as_deref().map(|t| period(t, "to")).transpose()?;
    if from.is_some() || to.is_some() {
        let lower = from.map_or(Bound::Unbounded, |p| {
            Bound::Included(Term::from_field_i64(f.published, p.start))
        });
        let upper = to.map_or(Bound::Unbounded, |p| {
            Bound::Excluded(Term::from_field_i64(f.published, p.end))
        });
        filters.push(Box::new(RangeQuery::new(lower, upper)));
    }
    for (value, which) in [
        (request.min_score, "min-score"),
        (request.max_score, "max-score"),
    ] {
        if let Some(v) = value {
            if !(0.0..=1.0).contains(&v) {
                return Err(StoreError::Filter(format!(
                    "--{which} {v} is outside [0, 1]"
                )));
            }
        }
    }
    if request.min_score.is_some() || request.max_score.is_some() {
        let lower = request.min_score.map_or(Bound::Unbounded, |v| {
            Bound::Included(Term::from_field_f64(f.propaganda, v))
        });
        let upper = request.max_score.map_or(Bound::Unbounded, |v| {
            Bound::Included(Term::from_field_f64(f.propaganda, v))
        });
        filters.push(Box::new(RangeQuery::new(lower, upper)));
    }
    Ok(filters)
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// The best passage of `text`, or its opening when the query matched elsewhere (the title)
/// or matched everything.
fn snippet(generator: &SnippetGenerator, text: &str, max_chars: usize) -> Snippet {
    let found = generator.snippet(text);
    if !found.is_empty() && !found.highlighted().is_empty() {
        let fragment = found.fragment();
        let highlights = found
            .highlighted()
            .iter()
            .map(|range| HighlightRange {
                start: char_len(&fragment[..range.start]),
                end: char_len(&fragment[..range.end]),
            })
            .collect();
        return Snippet {
            text: fragment.to_string(),
            highlights,
        };
    }
    let opening: String = text.chars().take(max_chars).collect();
    // End on a word boundary when the text was cut.
    let opening = if opening.len() < text.len() {
        match opening.rfind(char::is_whitespace) {
            Some(at) if at > 0 => opening[..at].to_string(),
            _ => opening,
        }
    } else {
        opening
    };
    Snippet {
        text: opening,
        highlights: Vec::new(),
    }
}
