//! What every request shares: the configuration, the store readers, the catalog, the
//! analysis pipeline and the limits on concurrent work.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use parallax_core::Article;
use parallax_corpus::Ratings;
use parallax_ingest::{InputError, RawDocument};
use parallax_store::Store;
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};

use crate::catalog::{Catalog, CatalogCache};
use crate::config::Config;
use crate::error::Failure;
use crate::pool::StorePool;

/// Turns one raw document into a finished record. `parallax serve` passes the same pipeline
/// `parallax analyze` runs; the server itself does not depend on the annotation crates.
pub trait Analyze: Send + Sync + 'static {
    fn analyze(&self, raw: RawDocument) -> Result<Article, InputError>;
}

impl<F> Analyze for F
where
    F: Fn(RawDocument) -> Result<Article, InputError> + Send + Sync + 'static,
{
    fn analyze(&self, raw: RawDocument) -> Result<Article, InputError> {
        self(raw)
    }
}

pub struct AppState {
    pub config: Config,
    pub stores: StorePool,
    pub catalog: Arc<CatalogCache>,
    pub analyzer: Arc<dyn Analyze>,
    /// Outlet ratings for corroboration ([`Config::ratings`]).
    pub ratings: Ratings,
    pub events: crate::events::EventCache,
    /// Narrative matches over the store, when the server was given a catalog.
    pub narratives: crate::narratives::NarrativeCache,
    analysis_slots: Arc<Semaphore>,
    analysis_waiting: AtomicUsize,
    /// One write to the store at a time from this server.
    pub writer: Mutex<()>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(config: Config, analyzer: Arc<dyn Analyze>) -> Self {
        AppState {
            stores: StorePool::new(config.db.clone()),
            catalog: Arc::new(CatalogCache::new(config.db.clone())),
            analyzer,
            ratings: config.ratings.clone(),
            events: Default::default(),
            narratives: Default::default(),
            analysis_slots: Arc::new(Semaphore::new(config.analysis_workers.max(1))),
            analysis_waiting: AtomicUsize::new(0),
            writer: Mutex::new(()),
            config,
        }
    }

    /// Runs `work` with a read-only store on a blocking thread.
    pub async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, Failure> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || {
            let mut lease = state.stores.take()?;
            let result = work(&mut lease.store);
            state.stores.give(lease);
            result
        })
        .await
    }

    /// Runs `work` with a read-only store and the current catalog on a blocking thread.
    pub async fn read_with_catalog<T, F>(self: &Arc<Self>, work: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Catalog) -> Result<T, Failure> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || {
            let dir = state.stores.dir().to_path_buf();
            let catalog = state
                .catalog
                .get(|| Store::open_read_only(&dir).map_err(Failure::from))?;
            let mut lease = state.stores.take()?;
            let result = work(&mut lease.store, &catalog);
            state.stores.give(lease);
            result
        })
        .await
    }

    /// A slot to analyse documents in, waiting for one when all are busy; refused (503) when
    /// too many requests already wait.
    pub async fn analysis_slot(&self) -> Result<OwnedSemaphorePermit, Failure> {
        if let Ok(permit) = Arc::clone(&self.analysis_slots).try_acquire_owned() {
            return Ok(permit);
        }
        let waiting = self.analysis_waiting.fetch_add(1, Ordering::AcqRel);
        let _leave = Leave(&self.analysis_waiting);
        if waiting >= self.config.analysis_queue {
            return Err(Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many documents are waiting for analysis; try again shortly",
            ));
        }
        Arc::clone(&self.analysis_slots)
            .acquire_owned()
            .await
            .map_err(|_| Failure::internal("the analysis queue was closed"))
    }
}

/// Decrements a waiting count when the waiter leaves, however it leaves.
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Runs blocking work (SQLite, the index, analysis) off the async threads.
pub async fn blocking<T, F>(work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Failure> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Failure::internal(format!("a worker failed: {e}")))?
}
