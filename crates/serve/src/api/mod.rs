//! The JSON API under `/api/`, documented in `docs/openapi.json` (served at
//! `/api/openapi.json`). Every error is `{"error": {"status", "code", "message"}}`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use parallax_core::Article;
use parallax_store::{EventSort, SearchResults};
use serde::Serialize;

use crate::analysis::{self, name_for_media_type, Analysed, Ingested};
use crate::error::{ApiError, Failure};
use crate::extract;
use crate::narratives::NarrativeMatches;
use crate::profiles::{self, EntityListEntry, EntityProfile, OutletListEntry, OutletProfile};
use crate::query::{facets, Facets, SearchParams, FACET_WINDOW};
use crate::security::authorize_write;
use crate::state::Shared;

/// The OpenAPI description of this API.
pub const OPENAPI: &str = include_str!("../../../../docs/openapi.json");

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/records/{id}", get(record))
        .route("/api/search", get(search))
        .route("/api/analyze", post(analyze))
        .route("/api/ingest", post(ingest))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/outlets", get(outlets))
        .route("/api/outlets/{name}", get(outlet))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/narratives", get(narratives))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(Serialize)]
struct StatsBody {
    schema_version: i64,
    records: u64,
    outlets: usize,
    entities: usize,
    last_change: i64,
    indexed_through: i64,
    unindexed: u64,
}

async fn stats(State(state): State<Shared>) -> Result<Json<StatsBody>, ApiError> {
    let body = state
        .read_with_catalog(|store, catalog| {
            let stats = store.stats()?;
            Ok(StatsBody {
                schema_version: stats.schema_version,
                records: stats.records,
                outlets: catalog.outlets.len(),
                entities: catalog.entities.len(),
                last_change: stats.last_change,
                indexed_through: stats.indexed_through,
                unindexed: stats.unindexed,
            })
        })
        .await?;
    Ok(Json(body))
}

async fn record(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Article>, ApiError> {
    let Path(id) = id.map_err(extract::path)?;
    let article = state
        .read(move |store| {
            store
                .get(&id)?
                .ok_or_else(|| Failure::not_found(format!("no record with id {id:?}")))
        })
        .await?;
    Ok(Json(article))
}

#[derive(Serialize)]
struct SearchBody {
    query: String,
    #[serde(flatten)]
    results: SearchResults,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<Facets>,
}

async fn search(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<SearchBody>, ApiError> {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let params = SearchParams::parse(&pairs)?;
    let body = state
        .read_with_catalog(move |store, catalog| {
            let limit = params.limit.unwrap_or(10);
            let results = store.search(&params.request(limit, params.offset))?;
            let facets = if params.facets {
                let window = if params.offset == 0 && limit >= FACET_WINDOW.min(results.total) {
                    results.hits.clone()
                } else {
                    store.search(&params.request(FACET_WINDOW, 0))?.hits
                };
                Some(facets(&window, catalog))
            } else {
                None
            };
            Ok(SearchBody {
                query: params.query_text().to_string(),
                results,
                facets,
            })
        })
        .await?;
    Ok(Json(body))
}

async fn analyze(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Analysed>, ApiError> {
    authorize_write(&state, &method, &headers, None)?;
    let body = body.map_err(|r| extract::body(r, state.config.max_body_bytes))?;
    let name = name_for_media_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok()),
    );
    let analysed = analysis::analyse(&state, body.to_vec(), "posted", name).await?;
    Ok(Json(analysed))
}

async fn ingest(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Ingested>), ApiError> {
    authorize_write(&state, &method, &headers, None)?;
    let body = body.map_err(|r| extract::body(r, state.config.max_body_bytes))?;
    let name = name_for_media_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok()),
    );
    let ingested = analysis::ingest(&state, body.to_vec(), "posted", name).await?;
    let status = if ingested.records.iter().any(|r| r.status == "added") {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(ingested)))
}

async fn outlets(State(state): State<Shared>) -> Result<Json<Vec<OutletListEntry>>, ApiError> {
    let list = state
        .read_with_catalog(|_, catalog| Ok(profiles::outlet_list(catalog)))
        .await?;
    Ok(Json(list))
}

#[derive(Serialize)]
struct NarrativesBody {
    /// The catalog file the server was started with.
    source: String,
    #[serde(flatten)]
    matches: NarrativeMatches,
}

async fn narratives(State(state): State<Shared>) -> Result<Json<NarrativesBody>, ApiError> {
    let Some(narratives) = state.config.narratives.clone() else {
        return Err(Failure::not_found(
            "this server was started without a narrative catalog: \
             start it with parallax serve --db DIR --catalog FILE",
        )
        .into());
    };
    let cache_state = state.clone();
    let body = state
        .read_with_catalog(move |store, catalog| {
            let matches = cache_state.narratives.get(store, catalog, &narratives)?;
            Ok(NarrativesBody {
                source: narratives.source.clone(),
                matches: NarrativeMatches::clone(&matches),
            })
        })
        .await?;
    Ok(Json(body))
}

async fn outlet(
    State(state): State<Shared>,
    name: Result<Path<String>, PathRejection>,
) -> Result<Json<OutletProfile>, ApiError> {
    let Path(name) = name.map_err(extract::path)?;
    let profile = state
        .read_with_catalog(move |_, catalog| {
            profiles::outlet_profile(catalog, &name).ok_or_else(|| {
                Failure::not_found(format!("no stored article from the outlet {name:?}"))
            })
        })
        .await?;
    Ok(Json(profile))
}

#[derive(Serialize)]
struct EntityListBody {
    total: usize,
    entities: Vec<EntityListEntry>,
}

async fn entities(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<EntityListBody>, ApiError> {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let mut filter = String::new();
    let mut limit = 100usize;
    for (key, value) in pairs {
        match key.as_str() {
            "q" => filter = value,
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| {
                        Failure::bad_request(format!(
                            "limit must be a whole number from 1 to 1000, not {value:?}"
                        ))
                    })?
            }
            _ => {}
        }
    }
    let body = state
        .read_with_catalog(move |_, catalog| {
            let (total, entities) = profiles::entity_list(catalog, &filter, limit);
            Ok(EntityListBody { total, entities })
        })
        .await?;
    Ok(Json(body))
}

async fn entity(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<EntityProfile>, ApiError> {
    let Path(id) = id.map_err(extract::path)?;
    let profile = state
        .read_with_catalog(move |store, catalog| {
            profiles::entity_profile(store, catalog, &id)?
                .ok_or_else(|| Failure::not_found(format!("no stored article mentions {id:?}")))
        })
        .await?;
    Ok(Json(profile))
}

#[derive(Serialize)]
struct EventListBody {
    total: u64,
    /// Stored records the corpus layer does not include yet.
    pending: u64,
    events: Vec<crate::events::EventListEntry>,
}

async fn events(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<EventListBody>, ApiError> {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let mut limit = 50usize;
    let mut offset = 0usize;
    let mut sort = EventSort::Largest;
    for (key, value) in pairs {
        let bad = |what: &str| Failure::bad_request(format!("{key} must be {what}, not {value:?}"));
        match key.as_str() {
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or_else(|| bad("a whole number from 1 to 200"))?
            }
            "offset" => {
                offset = value
                    .parse()
                    .ok()
                    .filter(|n| *n <= 100_000)
                    .ok_or_else(|| bad("a whole number up to 100000"))?
            }
            "sort" => {
                sort = match value.as_str() {
                    "largest" => EventSort::Largest,
                    "newest" => EventSort::Newest,
                    "oldest" => EventSort::Oldest,
                    _ => return Err(bad("largest, newest or oldest").into()),
                }
            }
            _ => {}
        }
    }
    let body = state
        .read(move |store| {
            let (total, events) = crate::events::list(store, sort, limit, offset)?;
            Ok(EventListBody {
                total,
                pending: store.corpus_pending()?,
                events,
            })
        })
        .await?;
    Ok(Json(body))
}

/// Claims in one answer; the largest events have thousands.
const MAX_EVENT_CLAIMS: usize = 500;

#[derive(Serialize)]
struct EventBody {
    #[serde(flatten)]
    view: crate::events::EventView,
    /// Claims in all; `claims` holds the first 500 (aligned claims first).
    claims_total: usize,
}

async fn event(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<EventBody>, ApiError> {
    let Path(id) = id.map_err(extract::path)?;
    let id = crate::events::parse_id(&id)?;
    let shared = state.clone();
    let view = state
        .read_with_catalog(move |store, catalog| {
            crate::events::cached_view(&shared.events, store, catalog, &shared.ratings, id)?
                .ok_or_else(|| Failure::not_found(format!("there is no event {id}")))
        })
        .await?;
    let claims_total = view.claims.len();
    let mut view = crate::events::EventView::clone(&view);
    view.claims.truncate(MAX_EVENT_CLAIMS);
    Ok(Json(EventBody { view, claims_total }))
}
