//! The parallax view of an event, from the corpus layer the store keeps (parallax-corpus):
//! its articles with copies collapsed under their origin, its outlets side by side, and each
//! claim with who states it, who disputes it, who is silent, and whether an independent, more
//! reliable outlet corroborates it. Shared by the event page, the article page and the API.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use parallax_corpus::corroboration::{independent_sources, is_earlier};
use parallax_corpus::events::choose_title;
use parallax_corpus::{Ratings, Stance};
use parallax_store::{ArticleSummary, AssessedClaim, EventQuery, EventSort, EventSummary, Store};
use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::Failure;

/// Claims that no other article states are shown from this check-worthiness up.
pub const MIN_SINGLE_CHECKWORTHY: f64 = 0.5;

/// An event in a list.
#[derive(Debug, Clone, Serialize)]
pub struct EventListEntry {
    pub id: i64,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub articles: u32,
    pub outlets: Vec<String>,
}

/// One article of an event.
#[derive(Debug, Clone, Serialize)]
pub struct EventArticle {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// How close it is to the event (or to its original, for a copy).
    pub similarity: f64,
    /// The article it is a near-copy of (its group's earliest member).
    pub copy_of: Option<String>,
    pub propaganda: Option<f64>,
    /// Technique spans in its own words, most first.
    pub techniques: Vec<TechniqueCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueCount {
    pub technique: &'static str,
    pub spans: u32,
}

/// What one article says about a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimStatement {
    pub article: String,
    pub outlet: Option<String>,
    /// `states` or `disputes`.
    pub stance: &'static str,
    /// The claim as this article words it.
    pub text: String,
    /// Its index among the article's claims.
    pub position: u32,
    pub checkworthy: f64,
    pub attributed_to: Option<String>,
    /// The outlet's rating, if it is rated: `low`, `mixed` or `high`.
    pub rating: Option<&'static str>,
    pub corroborated: bool,
    /// Independent, more reliable outlets with the same stance.
    pub corroborated_by: Vec<String>,
}

/// A claim across the event's articles.
#[derive(Debug, Clone, Serialize)]
pub struct EventClaim {
    pub group: i64,
    /// The claim, in the words of the article whose sentence started the group.
    pub text: String,
    /// Distinct sources stating it, copies counted once.
    pub independent_sources: usize,
    pub corroborated: bool,
    pub statements: Vec<ClaimStatement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: i64,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub articles: Vec<EventArticle>,
    /// Distinct outlets, in order of their first article.
    pub outlets: Vec<String>,
    /// Sources with their own reporting (copies counted once).
    pub independent_sources: usize,
    /// Aligned claims (most independent sources first), then claims one article alone makes.
    pub claims: Vec<EventClaim>,
}

/// Event views already built, for the catalog generation they were built with: the view of a
/// large event takes a noticeable time to build (hundreds of articles, thousands of aligned
/// claims), and every article page of the event shows part of it. Cleared whenever the store
/// changed (a new catalog generation) and when it holds [`EventCache::CAPACITY`] views.
#[derive(Default)]
pub struct EventCache {
    views: Mutex<(u64, HashMap<i64, Arc<EventView>>)>,
}

impl EventCache {
    pub const CAPACITY: usize = 512;

    /// The view of event `id`, built by `build` unless cached for this catalog generation.
    pub fn get_or_build(
        &self,
        catalog: &Catalog,
        id: i64,
        build: impl FnOnce() -> Result<Option<EventView>, Failure>,
    ) -> Result<Option<Arc<EventView>>, Failure> {
        {
            let views = self.lock();
            if views.0 == catalog.generation {
                if let Some(view) = views.1.get(&id) {
                    return Ok(Some(Arc::clone(view)));
                }
            }
        }
        let Some(view) = build()? else {
            return Ok(None);
        };
        let view = Arc::new(view);
        let mut views = self.lock();
        if views.0 != catalog.generation {
            *views = (catalog.generation, HashMap::new());
        }
        if views.1.len() >= Self::CAPACITY {
            views.1.clear();
        }
        views.1.insert(id, Arc::clone(&view));
        Ok(Some(view))
    }

    /// Forgets every view: the server itself changed the store.
    pub fn clear(&self) {
        self.lock().1.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, HashMap<i64, Arc<EventView>>)> {
        // Insert and clear only: a panic elsewhere cannot leave the map inconsistent.
        self.views.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Event ids are positive integers; anything else names no event.
pub fn parse_id(text: &str) -> Result<i64, Failure> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Failure::not_found(format!("there is no event {text:?}")))
}

fn date(at: Option<i64>) -> Option<String> {
    at.map(parallax_corpus::date::iso_date)
}

fn outlets_of(articles: &[ArticleSummary]) -> Vec<String> {
    let mut outlets: Vec<String> = Vec::new();
    for a in articles {
        if let Some(o) = &a.outlet {
            if !outlets.iter().any(|x| x.eq_ignore_ascii_case(o)) {
                outlets.push(o.trim().to_string());
            }
        }
    }
    outlets
}

fn title_of(event: &EventSummary, articles: &[ArticleSummary]) -> Option<String> {
    let titles: Vec<&str> = articles.iter().filter_map(|a| a.title.as_deref()).collect();
    choose_title(&event.centroid, &titles).map(str::to_string)
}

/// Events with at least two articles, and how many there are.
pub fn list(
    store: &Store,
    sort: EventSort,
    limit: usize,
    offset: usize,
) -> Result<(u64, Vec<EventListEntry>), Failure> {
    let query = EventQuery {
        sort,
        limit,
        offset,
        ..EventQuery::default()
    };
    let (total, events) = store.events(&query)?;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let articles = store.event_articles(event.id)?;
        out.push(EventListEntry {
            id: event.id,
            title: title_of(&event, &articles),
            first_published: date(event.first_at),
            last_published: date(event.last_at),
            articles: event.size,
            outlets: outlets_of(&articles),
        });
    }
    Ok((total, out))
}

/// The whole view of event `id`, or `None` when there is no such event.
pub fn view(
    store: &Store,
    catalog: &Catalog,
    ratings: &Ratings,
    id: i64,
) -> Result<Option<EventView>, Failure> {
    let Some(event) = store.event(id)? else {
        return Ok(None);
    };
    let articles = store.event_articles(id)?;
    let sources: Vec<_> = articles.iter().map(ArticleSummary::source).collect();
    // The origin of each near-duplicate group: its earliest member.
    let mut origins: BTreeMap<i64, usize> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        if let Some(g) = s.dup_group {
            let origin = origins.entry(g).or_insert(i);
            if is_earlier(s, &sources[*origin]) {
                *origin = i;
            }
        }
    }
    let event_articles = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let summary = catalog.article(&a.id);
            EventArticle {
                id: a.id.clone(),
                title: a.title.clone(),
                outlet: a.outlet.clone(),
                published: a.published.clone(),
                url: a.url.clone(),
                similarity: (a.similarity * 1000.0).round() / 1000.0,
                copy_of: a
                    .dup_group
                    .and_then(|g| origins.get(&g))
                    .filter(|&&o| o != i)
                    .map(|&o| articles[o].id.clone()),
                propaganda: summary.map(|s| s.propaganda),
                techniques: summary
                    .map(|s| {
                        s.techniques
                            .iter()
                            .map(|(t, n)| TechniqueCount {
                                technique: t.name(),
                                spans: *n,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(Some(EventView {
        id,
        title: title_of(&event, &articles),
        first_published: date(event.first_at),
        last_published: date(event.last_at),
        outlets: outlets_of(&articles),
        independent_sources: independent_sources(&sources).len(),
        articles: event_articles,
        claims: claims(store, id, ratings)?,
    }))
}

/// The claims of an event: aligned groups first, then claims a single article makes.
fn claims(store: &Store, event: i64, ratings: &Ratings) -> Result<Vec<EventClaim>, Failure> {
    Ok(store
        .assessed_event_claims(event, MIN_SINGLE_CHECKWORTHY, ratings)?
        .iter()
        .map(claim)
        .collect())
}

fn claim(claim: &AssessedClaim) -> EventClaim {
    let statements: Vec<ClaimStatement> = claim
        .members
        .iter()
        .zip(&claim.assessments)
        .enumerate()
        .map(|(i, (c, v))| ClaimStatement {
            article: c.article.id.clone(),
            outlet: c.article.outlet.clone(),
            stance: match c.stance {
                Stance::States => "states",
                Stance::Disputes => "disputes",
            },
            text: c.text.clone(),
            position: c.position,
            checkworthy: (c.checkworthy * 1000.0).round() / 1000.0,
            attributed_to: c.attributed_to.clone(),
            rating: v.rating.map(|r| r.as_str()),
            corroborated: v.corroborated,
            corroborated_by: claim.corroborated_by(i),
        })
        .collect();
    EventClaim {
        group: claim.group(),
        text: claim.text().to_string(),
        independent_sources: claim.independent_sources,
        corroborated: claim.corroborated(),
        statements,
    }
}

/// The view of event `id` through `cache`.
pub fn cached_view(
    cache: &EventCache,
    store: &Store,
    catalog: &Catalog,
    ratings: &Ratings,
    id: i64,
) -> Result<Option<Arc<EventView>>, Failure> {
    cache.get_or_build(catalog, id, || view(store, catalog, ratings, id))
}

/// The event of a stored record, for the article page; `None` when the record is in no event
/// of two or more articles.
pub fn of_record(
    cache: &EventCache,
    store: &Store,
    catalog: &Catalog,
    ratings: &Ratings,
    record_id: &str,
) -> Result<Option<Arc<EventView>>, Failure> {
    let Some(event) = store.event_of(record_id)? else {
        return Ok(None);
    };
    let view = cached_view(cache, store, catalog, ratings, event)?;
    Ok(view.filter(|v| v.articles.len() >= 2))
}
