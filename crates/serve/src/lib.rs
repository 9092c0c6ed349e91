//! The web UI and HTTP API of Parallax (`parallax serve --db DIR`): a fact-checker opens a
//! browser on a corpus store and does what the command line does, with the evidence in view.
//!
//! - **Pages** (`pages`), rendered on the server and usable without JavaScript: the article
//!   with its technique spans highlighted, claims, quotes and entities; search with facets;
//!   the event page (the parallax view: outlets side by side, the claim-by-outlet matrix,
//!   copies under their origin, the timeline); outlet profiles with inline SVG charts; entity
//!   pages; known narratives and the articles that carry them (given `--catalog FILE`); a
//!   form to paste an article.
//! - **JSON API** (`api`) under `/api/`, described by `docs/openapi.json`: records, search,
//!   outlets, entities, events, narratives, and analysis (and storage) of posted documents.
//! - **Safety** (`security`, `html`): article content is untrusted and always escaped
//!   ([`html::Html`] accepts markup only from string literals); every response carries a
//!   strict Content-Security-Policy; the server listens on 127.0.0.1 by default, checks the
//!   `Host` header there, refuses cross-site writes, and requires a token for writes when it
//!   listens elsewhere; request bodies are size-limited and analyses are queued.
//!
//! The store is read through a pool of read-only [`parallax_store::Store`]s (a store is not
//! `Sync`), on blocking threads; the [`catalog::Catalog`] summarises every record in memory for
//! the pages that look across the corpus.
//!
//! ```no_run
//! use std::sync::Arc;
//! use parallax_serve::{Config, serve};
//! # fn demo(analyzer: Arc<dyn parallax_serve::Analyze>) -> Result<(), parallax_serve::ServeError> {
//! let config = Config::new("corpus.db");
//! serve(config, analyzer, |addr| eprintln!("listening on http://{addr}"))?;
//! # Ok(()) }
//! ```

pub mod analysis;
pub mod api;
pub mod catalog;
pub mod config;
pub mod corpus_sync;
pub mod error;
pub mod events;
mod extract;
pub mod html;
pub mod links;
pub mod narratives;
pub mod pages;
pub mod pool;
pub mod profiles;
pub mod query;
pub mod security;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub use config::Config;
pub use state::{Analyze, AppState};

use crate::error::{Failure, PageError};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    #[error("listening on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("starting the server: {0}")]
    Runtime(std::io::Error),
}

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

/// Every route, with the safety layers.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
        .fallback(page_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .with_state(state)
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        SCRIPT,
    )
}

async fn page_not_found(uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        error::json_error(&Failure::not_found(format!(
            "there is no API endpoint {}; see /api/openapi.json",
            uri.path()
        )))
    } else {
        PageError(Failure::not_found(format!(
            "there is no page at {}",
            uri.path()
        )))
        .into_response()
    }
}

async fn method_not_allowed(uri: axum::http::Uri) -> axum::response::Response {
    let failure = Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not accept this method", uri.path()),
    );
    if uri.path().starts_with("/api/") {
        error::json_error(&failure)
    } else {
        PageError(failure).into_response()
    }
}

/// Opens the store, binds the address and serves until the process ends. `ready` is called
/// with the bound address (useful with port 0) once connections are accepted.
pub fn serve(
    config: Config,
    analyzer: Arc<dyn Analyze>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    // Fail now, with the store's own message, rather than on the first request.
    drop(parallax_store::Store::open_read_only(&config.db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
        let mut config = config;
        config.addr = addr;
        let state = Arc::new(AppState::new(config, analyzer));
        ready(addr);
        axum::serve(listener, router(state))
            .await
            .map_err(ServeError::Runtime)
    })
}
