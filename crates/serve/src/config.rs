//! How the server runs: the store, the address, the token for writing, and the limits.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use parallax_corpus::Ratings;
use parallax_ingest::{Limits, ReadOptions};

use crate::narratives::NarrativeCatalog;

/// The default address: the loopback interface only, so nothing outside this machine can
/// reach the server unless asked for.
pub const DEFAULT_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080);

/// Largest request body by default: a posted article (text, HTML or a JSONL batch).
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    /// The store directory (filled by `parallax ingest`).
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The token writing endpoints require (`Authorization: Bearer TOKEN`, or the `token`
    /// field of a form). Required beyond the loopback interface: without one, such a server
    /// refuses to write.
    pub token: Option<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Limits on posted documents, as for `parallax analyze`.
    pub read: ReadOptions,
    /// Documents analysed at the same time (analysis is CPU-bound).
    pub analysis_workers: usize,
    /// Requests allowed to wait for an analysis worker before new ones are refused (503).
    pub analysis_queue: usize,
    /// Known narratives to match the stored articles against (`--catalog FILE`); the
    /// narratives page says how to give one when there is none.
    pub narratives: Option<Arc<NarrativeCatalog>>,
    /// Outlet ratings for corroboration: Parallax's curated supplement unless the caller
    /// layers data sets and a user file over it (`--sources`, `--ratings`).
    pub ratings: Ratings,
}

impl Config {
    pub fn new(db: impl Into<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            db: db.into(),
            addr: DEFAULT_ADDR,
            token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            read: ReadOptions {
                limits: Limits::default(),
                recursive: false,
            },
            analysis_workers: cores,
            analysis_queue: 4 * cores,
            narratives: None,
            ratings: Ratings::curated(),
        }
    }

    /// Whether the server only listens on the loopback interface (then writing needs no
    /// token, and the `Host` header must name the loopback address).
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().is_loopback()
    }

    /// Whether writing endpoints need a token: always beyond the loopback interface, and on
    /// it when one was given.
    pub fn writes_need_token(&self) -> bool {
        !self.is_loopback() || self.token.is_some()
    }
}
