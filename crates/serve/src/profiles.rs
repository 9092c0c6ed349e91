//! Outlet and entity profiles derived from the stored records (through the catalog), shared by
//! the pages and the API.

use std::collections::{BTreeMap, HashMap};

use parallax_core::Technique;
use parallax_store::Store;
use serde::Serialize;

use crate::catalog::{Catalog, Summary};
use crate::error::Failure;
use crate::pages::svg::day_number;

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub propaganda: f64,
}

impl From<&Summary> for ArticleRef {
    fn from(s: &Summary) -> Self {
        ArticleRef {
            id: s.id.clone(),
            title: s.title.clone(),
            outlet: s.outlet.clone(),
            published: s.published.clone(),
            propaganda: s.propaganda,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletListEntry {
    pub name: String,
    pub articles: usize,
    pub mean_propaganda: f64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueUse {
    pub technique: &'static str,
    /// Spans in all the articles.
    pub spans: u64,
    /// Articles using it at least once.
    pub articles: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthScore {
    /// `YYYY-MM`.
    pub month: String,
    pub articles: usize,
    pub mean_propaganda: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Articles (of the outlet, or shared with the entity) that mention it.
    pub articles: usize,
}

/// What an outlet's stored articles look like in aggregate.
#[derive(Debug, Clone, Serialize)]
pub struct OutletProfile {
    pub name: String,
    pub articles: usize,
    pub words: u64,
    pub mean_propaganda: f64,
    /// Technique spans per 1,000 words.
    pub techniques_per_1000_words: f64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub techniques: Vec<TechniqueUse>,
    pub months: Vec<MonthScore>,
    pub top_entities: Vec<EntityCount>,
    /// The latest articles, newest first (at most 50).
    pub recent: Vec<ArticleRef>,
    /// Every dated article's score, oldest first (for the chart; at most 2,000, the latest).
    #[serde(skip)]
    pub points: Vec<(i64, f64, String)>,
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn outlet_list(catalog: &Catalog) -> Vec<OutletListEntry> {
    catalog
        .outlets
        .iter()
        .map(|o| {
            let articles: Vec<&Summary> = o
                .articles
                .iter()
                .map(|&i| &catalog.articles[i as usize])
                .collect();
            let dated: Vec<&String> = articles
                .iter()
                .filter_map(|a| a.published.as_ref())
                .collect();
            OutletListEntry {
                name: o.name.clone(),
                articles: articles.len(),
                mean_propaganda: round(
                    articles.iter().map(|a| a.propaganda).sum::<f64>()
                        / articles.len().max(1) as f64,
                ),
                first_published: dated.first().map(|s| s.to_string()),
                last_published: dated.last().map(|s| s.to_string()),
            }
        })
        .collect()
}

pub fn outlet_profile(catalog: &Catalog, name: &str) -> Option<OutletProfile> {
    let entry = catalog.outlet(name)?;
    let articles: Vec<&Summary> = entry
        .articles
        .iter()
        .map(|&i| &catalog.articles[i as usize])
        .collect();
    let n = articles.len();
    let words: u64 = articles.iter().map(|a| a.words as u64).sum();
    let mut techniques: BTreeMap<Technique, (u64, u64)> = BTreeMap::new();
    let mut entities: HashMap<u32, usize> = HashMap::new();
    let mut months: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    let mut spans = 0u64;
    for a in &articles {
        for (t, count) in &a.techniques {
            let e = techniques.entry(*t).or_default();
            e.0 += *count as u64;
            e.1 += 1;
            spans += *count as u64;
        }
        for (key, _) in &a.entities {
            *entities.entry(*key).or_default() += 1;
        }
        if let Some(month) = a.published.as_deref().and_then(|p| p.get(..7)) {
            let m = months.entry(month.to_string()).or_default();
            m.0 += 1;
            m.1 += a.propaganda;
        }
    }
    let mut techniques: Vec<TechniqueUse> = techniques
        .into_iter()
        .map(|(t, (spans, articles))| TechniqueUse {
            technique: t.name(),
            spans,
            articles,
        })
        .collect();
    techniques.sort_by(|a, b| b.spans.cmp(&a.spans).then(a.technique.cmp(b.technique)));
    let dated: Vec<&String> = articles
        .iter()
        .filter_map(|a| a.published.as_ref())
        .collect();
    let mut points: Vec<(i64, f64, String)> = articles
        .iter()
        .filter_map(|a| {
            let day = day_number(a.published.as_deref()?)?;
            Some((
                day,
                a.propaganda,
                format!(
                    "{} ({}): {:.2}",
                    a.title.as_deref().unwrap_or("(untitled)"),
                    a.published.as_deref().unwrap_or(""),
                    a.propaganda
                ),
            ))
        })
        .collect();
    if points.len() > 2000 {
        points.drain(..points.len() - 2000);
    }
    Some(OutletProfile {
        name: entry.name.clone(),
        articles: n,
        words,
        mean_propaganda: round(
            articles.iter().map(|a| a.propaganda).sum::<f64>() / n.max(1) as f64,
        ),
        techniques_per_1000_words: if words == 0 {
            0.0
        } else {
            round(spans as f64 * 1000.0 / words as f64)
        },
        first_published: dated.first().map(|s| s.to_string()),
        last_published: dated.last().map(|s| s.to_string()),
        techniques,
        months: months
            .into_iter()
            .map(|(month, (count, sum))| MonthScore {
                month,
                articles: count,
                mean_propaganda: round(sum / count as f64),
            })
            .collect(),
        top_entities: top_entities(catalog, entities, 15),
        recent: articles
            .iter()
            .rev()
            .take(50)
            .map(|a| ArticleRef::from(*a))
            .collect(),
        points,
    })
}

fn top_entities(catalog: &Catalog, counts: HashMap<u32, usize>, top: usize) -> Vec<EntityCount> {
    let mut list: Vec<EntityCount> = counts
        .into_iter()
        .map(|(key, articles)| {
            let e = catalog.entity_at(key);
            EntityCount {
                id: e.id.clone(),
                name: e.name().to_string(),
                kind: e.kind.as_str(),
                articles,
            }
        })
        .collect();
    list.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.id.cmp(&b.id)));
    list.truncate(top);
    list
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityListEntry {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub mentions: u64,
    pub articles: usize,
}

/// Entities, most mentioned in most articles first; `filter` keeps those whose id or a
/// surface form contains it (any case).
pub fn entity_list(catalog: &Catalog, filter: &str, limit: usize) -> (usize, Vec<EntityListEntry>) {
    let filter = filter.trim().to_lowercase();
    let mut list: Vec<&crate::catalog::EntityEntry> = catalog
        .entities
        .iter()
        .filter(|e| {
            filter.is_empty()
                || e.id.to_lowercase().contains(&filter)
                || e.names
                    .iter()
                    .any(|(n, _)| n.to_lowercase().contains(&filter))
        })
        .collect();
    let total = list.len();
    list.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.id.cmp(&b.id))
    });
    let entries = list
        .into_iter()
        .take(limit)
        .map(|e| EntityListEntry {
            id: e.id.clone(),
            name: e.name().to_string(),
            kind: e.kind.as_str(),
            mentions: e.mentions,
            articles: e.articles.len(),
        })
        .collect();
    (total, entries)
}

#[derive(Debug, Clone, Serialize)]
pub struct NameCount {
    pub text: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletCount {
    pub name: String,
    pub articles: usize,
}

/// Something an entity said, as an article reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub article: ArticleRef,
    pub text: String,
    pub cue: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityProfile {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Surface forms, most frequent first.
    pub names: Vec<NameCount>,
    pub mentions: u64,
    pub articles: usize,
    pub outlets: Vec<OutletCount>,
    /// Entities mentioned in the same articles, most shared articles first.
    pub co_mentioned: Vec<EntityCount>,
    /// Quotes whose speaker is this entity, from its latest articles.
    pub statements: Vec<Statement>,
    /// Its latest articles, newest first (at most 50).
    pub recent: Vec<ArticleRef>,
}

/// Articles whose records are read for statements.
const STATEMENT_ARTICLES: usize = 50;

pub fn entity_profile(
    store: &Store,
    catalog: &Catalog,
    id: &str,
) -> Result<Option<EntityProfile>, Failure> {
    let Some(entry) = catalog.entity(id) else {
        return Ok(None);
    };
    let mut articles: Vec<&Summary> = entry
        .articles
        .iter()
        .map(|&i| &catalog.articles[i as usize])
        .collect();
    // Newest first, undated last.
    articles.sort_by(|a, b| match (&a.published, &b.published) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut outlets: HashMap<String, (String, usize)> = HashMap::new();
    let mut co: HashMap<u32, usize> = HashMap::new();
    let own_key = catalog.entity_key(id);
    for a in &articles {
        if let Some(o) = &a.outlet {
            outlets
                .entry(crate::catalog::outlet_key(o))
                .or_insert_with(|| (o.trim().to_string(), 0))
                .1 += 1;
        }
        for (key, _) in &a.entities {
            if Some(*key) != own_key {
                *co.entry(*key).or_default() += 1;
            }
        }
    }
    let mut outlets: Vec<OutletCount> = outlets
        .into_values()
        .map(|(name, articles)| OutletCount { name, articles })
        .collect();
    outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));

    let mut statements = Vec::new();
    for a in articles.iter().take(STATEMENT_ARTICLES) {
        let Some(record) = store.get(&a.id)? else {
            continue;
        };
        for quote in record
            .quotes
            .iter()
            .filter(|q| q.speaker_id.as_deref() == Some(id))
        {
            statements.push(Statement {
                article: ArticleRef::from(*a),
                text: record
                    .text
                    .chars()
                    .skip(quote.start)
                    .take(quote.end.saturating_sub(quote.start))
                    .collect(),
                cue: quote.cue.clone(),
            });
        }
    }
    Ok(Some(EntityProfile {
        id: entry.id.clone(),
        name: entry.name().to_string(),
        kind: entry.kind.as_str(),
        names: entry
            .names
            .iter()
            .take(20)
            .map(|(text, count)| NameCount {
                text: text.clone(),
                count: *count,
            })
            .collect(),
        mentions: entry.mentions,
        articles: articles.len(),
        outlets,
        co_mentioned: top_entities(catalog, co, 15),
        statements,
        recent: articles
            .iter()
            .take(50)
            .map(|a| ArticleRef::from(*a))
            .collect(),
    }))
}
