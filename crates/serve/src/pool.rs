//! A pool of read-only stores. A [`Store`] holds a SQLite connection and is not `Sync`, so
//! each request borrows one for itself; opening costs a few milliseconds, so idle ones are
//! kept. A reader searches the index as it was when the reader first searched, so pooled
//! readers are retired after [`MAX_AGE`] and whenever the server itself wrote to the store:
//! records from an ingest running beside the server become searchable within that delay of the
//! ingest committing its index.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use parallax_store::{Result, Store};

/// How long a pooled reader serves before it is reopened to see newer index commits.
pub const MAX_AGE: Duration = Duration::from_secs(5);

/// Idle readers kept.
const MAX_IDLE: usize = 16;

pub struct StorePool {
    dir: PathBuf,
    idle: Mutex<Vec<Pooled>>,
    /// Bumped when the server writes: readers of an older generation are not reused.
    generation: AtomicU64,
}

struct Pooled {
    store: Store,
    opened: Instant,
    generation: u64,
}

/// A store borrowed from the pool; give it back with [`StorePool::give`].
pub struct Lease {
    pub store: Store,
    opened: Instant,
    generation: u64,
}

impl StorePool {
    pub fn new(dir: PathBuf) -> Self {
        StorePool {
            dir,
            idle: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
        }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// A fresh-enough reader: an idle one, or a newly opened one.
    pub fn take(&self) -> Result<Lease> {
        let generation = self.generation.load(Ordering::Acquire);
        while let Some(pooled) = self.lock().pop() {
            if pooled.generation == generation && pooled.opened.elapsed() < MAX_AGE {
                return Ok(Lease {
                    store: pooled.store,
                    opened: pooled.opened,
                    generation: pooled.generation,
                });
            }
        }
        Ok(Lease {
            store: Store::open_read_only(&self.dir)?,
            opened: Instant::now(),
            generation,
        })
    }

    /// Returns a reader to the pool (dropped when it is stale or the pool is full).
    pub fn give(&self, lease: Lease) {
        if lease.generation != self.generation.load(Ordering::Acquire)
            || lease.opened.elapsed() >= MAX_AGE
        {
            return;
        }
        let mut idle = self.lock();
        if idle.len() < MAX_IDLE {
            idle.push(Pooled {
                store: lease.store,
                opened: lease.opened,
                generation: lease.generation,
            });
        }
    }

    /// Retires every reader: the server wrote to the store.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Pooled>> {
        // A panic while holding the lock cannot leave the list inconsistent (push/pop only).
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}
