//! The catalog: a summary of every stored record held in memory, for the pages that look at
//! the corpus as a whole (outlets, entities, facets) and that the store has no query for.
//!
//! It is built by one pass over the store's records and rebuilt in the background when the
//! database files change (an ingest ran, or the server stored a posted article); requests keep
//! using the previous catalog meanwhile. A summary is small (metadata, technique counts, entity
//! keys), about 200 bytes a record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use parallax_core::{Article, EntityType, Technique};
use parallax_store::Store;

use crate::error::Failure;

/// What the catalog keeps of one record.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub propaganda: f64,
    pub words: usize,
    /// Spans per technique the article uses itself (not those it only reports).
    pub techniques: Vec<(Technique, u32)>,
    /// Entities (keys into [`Catalog::entities`]) with their mention counts.
    pub entities: Vec<(u32, u32)>,
    pub claims: u32,
    pub quotes: u32,
}

/// One outlet: its articles, in publication order (undated last).
#[derive(Debug, Clone)]
pub struct OutletEntry {
    pub name: String,
    pub articles: Vec<u32>,
}

/// One entity id across the corpus.
#[derive(Debug, Clone)]
pub struct EntityEntry {
    pub id: String,
    pub kind: EntityType,
    /// Surface forms with their mention counts, most frequent first.
    pub names: Vec<(String, u32)>,
    pub mentions: u64,
    /// Articles mentioning it, in store order.
    pub articles: Vec<u32>,
}

impl EntityEntry {
    /// The name to show: the most frequent surface form.
    pub fn name(&self) -> &str {
        self.names
            .first()
            .map_or(self.id.as_str(), |(n, _)| n.as_str())
    }
}

#[derive(Debug, Default)]
pub struct Catalog {
    pub articles: Vec<Summary>,
    by_id: HashMap<String, u32>,
    /// Outlets, most articles first.
    pub outlets: Vec<OutletEntry>,
    by_outlet: HashMap<String, u32>,
    pub entities: Vec<EntityEntry>,
    by_entity: HashMap<String, u32>,
    /// Languages with their article counts, most first.
    pub languages: Vec<(String, usize)>,
    /// Distinguishes this build from every other in the process: what is derived from the
    /// store (event views) is kept per generation.
    pub generation: u64,
    /// Records that could not be decoded (reported on the start page).
    pub unreadable: Vec<String>,
    pub built_in: Duration,
}

static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Case-folded key for outlet names, as the store's outlet filter compares them.
pub fn outlet_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Catalog {
    /// Reads every record of `store`.
    pub fn build(store: &Store) -> Result<Catalog, Failure> {
        let started = Instant::now();
        let mut catalog = Catalog {
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
            ..Catalog::default()
        };
        let mut names: Vec<HashMap<String, u32>> = Vec::new();
        for record in store.records() {
            match record {
                Ok(article) => catalog.add(&article, &mut names),
                Err(error) => catalog.unreadable.push(error.to_string()),
            }
        }
        for (entry, forms) in catalog.entities.iter_mut().zip(names) {
            let mut forms: Vec<(String, u32)> = forms.into_iter().collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            entry.names = forms;
        }
        let articles = &catalog.articles;
        for outlet in &mut catalog.outlets {
            outlet.articles.sort_by(|&a, &b| {
                let (a, b) = (&articles[a as usize], &articles[b as usize]);
                match (&a.published, &b.published) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            });
        }
        catalog.outlets.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.name.cmp(&b.name))
        });
        catalog.by_outlet = catalog
            .outlets
            .iter()
            .enumerate()
            .map(|(i, o)| (outlet_key(&o.name), i as u32))
            .collect();
        let mut languages: HashMap<String, usize> = HashMap::new();
        for summary in &catalog.articles {
            if let Some(language) = &summary.language {
                *languages.entry(language.clone()).or_default() += 1;
            }
        }
        catalog.languages = languages.into_iter().collect();
        catalog
            .languages
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        catalog.built_in = started.elapsed();
        Ok(catalog)
    }

    fn add(&mut self, article: &Article, names: &mut Vec<HashMap<String, u32>>) {
        let index = self.articles.len() as u32;
        let mut techniques: Vec<(Technique, u32)> = Vec::new();
        for span in article.techniques.iter().filter(|s| !s.reported) {
            match techniques.iter_mut().find(|(t, _)| *t == span.technique) {
                Some((_, n)) => *n += 1,
                None => techniques.push((span.technique, 1)),
            }
        }
        techniques.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut entities: Vec<(u32, u32)> = Vec::new();
        for mention in &article.entities {
            let key = match self.by_entity.get(&mention.id) {
                Some(&k) => k,
                None => {
                    let k = self.entities.len() as u32;
                    self.entities.push(EntityEntry {
                        id: mention.id.clone(),
                        kind: mention.entity_type,
                        names: Vec::new(),
                        mentions: 0,
                        articles: Vec::new(),
                    });
                    names.push(HashMap::new());
                    self.by_entity.insert(mention.id.clone(), k);
                    k
                }
            };
            let entry = &mut self.entities[key as usize];
            entry.mentions += 1;
            if entry.articles.last() != Some(&index) {
                entry.articles.push(index);
            }
            *names[key as usize].entry(mention.text.clone()).or_default() += 1;
            match entities.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => entities.push((key, 1)),
            }
        }
        if let Some(outlet) = &article.outlet {
            let key = outlet_key(outlet);
            match self.by_outlet.get(&key) {
                Some(&o) => self.outlets[o as usize].articles.push(index),
                None => {
                    self.by_outlet.insert(key, self.outlets.len() as u32);
                    self.outlets.push(OutletEntry {
                        name: outlet.trim().to_string(),
                        articles: vec![index],
                    });
                }
            }
        }
        self.by_id.insert(article.id.clone(), index);
        self.articles.push(Summary {
            id: article.id.clone(),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published: article.published.clone(),
            language: article.language.clone(),
            propaganda: article.scores.propaganda,
            words: article.word_count(),
            techniques,
            entities,
            claims: article.claims.len() as u32,
            quotes: article.quotes.len() as u32,
        });
    }

    pub fn article(&self, id: &str) -> Option<&Summary> {
        self.by_id.get(id).map(|&i| &self.articles[i as usize])
    }

    pub fn outlet(&self, name: &str) -> Option<&OutletEntry> {
        self.by_outlet
            .get(&outlet_key(name))
            .map(|&i| &self.outlets[i as usize])
    }

    pub fn entity(&self, id: &str) -> Option<&EntityEntry> {
        self.by_entity.get(id).map(|&i| &self.entities[i as usize])
    }

    /// The catalog key of an entity id.
    pub fn entity_key(&self, id: &str) -> Option<u32> {
        self.by_entity.get(id).copied()
    }

    pub fn entity_at(&self, key: u32) -> &EntityEntry {
        &self.entities[key as usize]
    }
}

/// The current catalog, rebuilt in the background when the store changes.
pub struct CatalogCache {
    dir: PathBuf,
    current: RwLock<Option<(Arc<Catalog>, Fingerprint)>>,
    /// Serialises builds, so a burst of requests builds once.
    build_lock: Mutex<()>,
    rebuilding: AtomicBool,
    last_check: Mutex<Instant>,
}

/// How often the database files are looked at for changes.
const CHECK_EVERY: Duration = Duration::from_secs(2);

/// What the database files look like: size and modification time of the database and of its
/// write-ahead log (every committed write changes one of them). An empty log counts as none:
/// SQLite deletes and recreates it as readers come and go, which changes nothing stored (and
/// must not rebuild the catalog every few seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint(Vec<Option<(u64, SystemTime)>>);

impl Fingerprint {
    fn of(dir: &Path) -> Fingerprint {
        Fingerprint(
            ["parallax.sqlite", "parallax.sqlite-wal"]
                .iter()
                .map(|name| {
                    let meta = std::fs::metadata(dir.join(name)).ok()?;
                    if meta.len() == 0 {
                        return None;
                    }
                    Some((meta.len(), meta.modified().ok()?))
                })
                .collect(),
        )
    }
}

impl CatalogCache {
    pub fn new(dir: PathBuf) -> Self {
        CatalogCache {
            dir,
            current: RwLock::new(None),
            build_lock: Mutex::new(()),
            rebuilding: AtomicBool::new(false),
            last_check: Mutex::new(Instant::now()),
        }
    }

    /// The catalog, building it first if there is none (blocking: call from a blocking
    /// thread). When the store changed since it was built, a rebuild starts in the background
    /// and this one is returned.
    pub fn get(
        self: &Arc<Self>,
        open: impl Fn() -> Result<Store, Failure>,
    ) -> Result<Arc<Catalog>, Failure> {
        if let Some((catalog, fingerprint)) = self.read().clone() {
            if self.due_for_check()
                && Fingerprint::of(&self.dir) != fingerprint
                && !self.rebuilding.swap(true, Ordering::AcqRel)
            {
                let cache = Arc::clone(self);
                let store = open();
                std::thread::spawn(move || {
                    if let Ok(store) = store {
                        let _ = cache.rebuild(&store);
                    }
                    cache.rebuilding.store(false, Ordering::Release);
                });
            }
            return Ok(catalog);
        }
        let _building = self.build_lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((catalog, _)) = self.read().clone() {
            return Ok(catalog);
        }
        self.rebuild(&open()?)
    }

    /// Builds the catalog now and makes it current.
    pub fn rebuild(&self, store: &Store) -> Result<Arc<Catalog>, Failure> {
        let fingerprint = Fingerprint::of(&self.dir);
        let catalog = Arc::new(Catalog::build(store)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) =
            Some((Arc::clone(&catalog), fingerprint));
        Ok(catalog)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<(Arc<Catalog>, Fingerprint)>> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    fn due_for_check(&self) -> bool {
        let mut last = self.last_check.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() >= CHECK_EVERY {
            *last = Instant::now();
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_log_recreated_by_readers_is_no_change() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("parallax.sqlite"), b"database").unwrap();
        std::fs::write(dir.path().join("parallax.sqlite-wal"), b"").unwrap();
        let before = Fingerprint::of(dir.path());
        std::thread::sleep(Duration::from_millis(20));
        std::fs::remove_file(dir.path().join("parallax.sqlite-wal")).unwrap();
        std::fs::write(dir.path().join("parallax.sqlite-wal"), b"").unwrap();
        assert_eq!(Fingerprint::of(dir.path()), before);
        // A committed write grows the log.
        std::fs::write(dir.path().join("parallax.sqlite-wal"), b"frames").unwrap();
        assert_ne!(Fingerprint::of(dir.path()), before);
    }
}
