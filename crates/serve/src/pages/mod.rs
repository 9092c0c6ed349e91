//! The server-rendered pages. They work without JavaScript; `/static/app.js` only adds
//! conveniences (technique toggles in the legend).

pub mod article;
pub mod body;
pub mod common;
pub mod entities;
pub mod events;
pub mod home;
pub mod layout;
pub mod narratives;
pub mod outlets;
pub mod paste;
pub mod search;
pub mod svg;

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::{Html as HtmlResponse, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::analysis;
use crate::error::{Failure, PageError};
use crate::extract;
use crate::html::Html;
use crate::links;
use crate::profiles;
use crate::query::{facets, SearchParams, FACET_WINDOW};
use crate::security::authorize_write;
use crate::state::Shared;
use layout::{page, Nav};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/search", get(search_page))
        .route("/articles/{id}", get(article_page))
        .route("/events", get(events_page))
        .route("/events/{id}", get(event_page))
        .route("/outlets", get(outlets_page))
        .route("/outlets/{name}", get(outlet_page))
        .route("/entities", get(entities_page))
        .route("/entities/{id}", get(entity_page))
        .route("/narratives", get(narratives_page))
        .route("/narratives/{id}", get(narrative_page))
        .route("/paste", get(paste_form).post(paste_submit))
}

type PageResult = Result<HtmlResponse<String>, PageError>;

async fn home(State(state): State<Shared>) -> PageResult {
    let body = state
        .read_with_catalog(|_, catalog| Ok(home::render(catalog, &[])))
        .await?;
    Ok(page("Start", Nav::Home, &body))
}

async fn search_page(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let params = SearchParams::parse(&pairs)?;
    let body = state
        .read_with_catalog(move |store, catalog| {
            let searching = !params.q.is_empty() || params.has_filters();
            let browse = SearchParams {
                sort: params.sort.or(Some(parallax_store::SortOrder::Newest)),
                ..params.clone()
            };
            let shown = if searching { &params } else { &browse };
            let end = shown.offset + search::PAGE;
            // One search when the page lies within the facet window, two otherwise.
            let outcome = if end <= FACET_WINDOW {
                store.search(&shown.request(FACET_WINDOW, 0)).map(|r| {
                    let hits: Vec<_> = r
                        .hits
                        .iter()
                        .skip(shown.offset)
                        .take(search::PAGE)
                        .cloned()
                        .collect();
                    (r, hits, None)
                })
            } else {
                store
                    .search(&shown.request(FACET_WINDOW, 0))
                    .and_then(|window| {
                        let page = store.search(&shown.request(search::PAGE, shown.offset))?;
                        let hits = page.hits.clone();
                        Ok((page, hits, Some(window)))
                    })
            };
            Ok(match outcome {
                Ok((results, hits, window)) => {
                    let facets = facets(&window.as_ref().unwrap_or(&results).hits, catalog);
                    search::render(&search::SearchView {
                        params: shown,
                        results: Some(&results),
                        hits: &hits,
                        facets: Some(&facets),
                        catalog,
                        error: None,
                    })
                }
                // A query the parser refuses is shown with the form, not as an error page.
                Err(error) => {
                    let failure = Failure::from(error);
                    if failure.status.is_server_error() {
                        return Err(failure);
                    }
                    search::render(&search::SearchView {
                        params: shown,
                        results: None,
                        hits: &[],
                        facets: None,
                        catalog,
                        error: Some(&failure.message),
                    })
                }
            })
        })
        .await?;
    let title = pairs
        .iter()
        .find(|(k, v)| k == "q" && !v.trim().is_empty())
        .map_or("Search".to_string(), |(_, v)| {
            format!("Search: {}", v.trim())
        });
    Ok(page(&title, Nav::Search, &body))
}

async fn article_page(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> PageResult {
    let Path(id) = id.map_err(extract::path)?;
    let ratings_state = state.clone();
    let (title, body) = state
        .read_with_catalog(move |store, catalog| {
            let article = store.get(&id)?.ok_or_else(|| {
                Failure::not_found(format!("no stored article has the id {id:?}"))
            })?;
            let sources = store.sources(&id)?;
            let shared = &ratings_state;
            let context = match crate::events::of_record(
                &shared.events,
                store,
                catalog,
                &shared.ratings,
                &id,
            )? {
                Some(view) => events::article_context(&view, &id),
                None => article::CorpusContext::default(),
            };
            let body = article::render(
                &article,
                article::Origin::Stored { sources: &sources },
                &context,
            );
            Ok((article.title.unwrap_or_else(|| "(untitled)".into()), body))
        })
        .await?;
    Ok(page(&title, Nav::None, &body))
}

async fn events_page(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let offset = match pairs.iter().find(|(k, _)| k == "offset") {
        Some((_, v)) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 100_000)
            .ok_or_else(|| {
                Failure::bad_request(format!(
                    "offset must be a whole number up to 100000, not {v:?}"
                ))
            })?,
        None => 0,
    };
    let body = state
        .read(move |store| {
            let (total, list) = crate::events::list(
                store,
                parallax_store::EventSort::Largest,
                events::PAGE,
                offset,
            )?;
            Ok(events::list(total, &list, offset, store.corpus_pending()?))
        })
        .await?;
    Ok(page("Events", Nav::Events, &body))
}

async fn event_page(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> PageResult {
    let Path(id) = id.map_err(extract::path)?;
    let id = crate::events::parse_id(&id)?;
    let ratings_state = state.clone();
    let (title, body) = state
        .read_with_catalog(move |store, catalog| {
            let shared = &ratings_state;
            let view =
                crate::events::cached_view(&shared.events, store, catalog, &shared.ratings, id)?
                    .ok_or_else(|| Failure::not_found(format!("there is no event {id}")))?;
            Ok((
                view.title.clone().unwrap_or_else(|| "Event".into()),
                events::page(&view),
            ))
        })
        .await?;
    Ok(page(&title, Nav::Events, &body))
}

async fn outlets_page(State(state): State<Shared>) -> PageResult {
    let body = state
        .read_with_catalog(|_, catalog| Ok(outlets::list(&profiles::outlet_list(catalog))))
        .await?;
    Ok(page("Outlets", Nav::Outlets, &body))
}

async fn outlet_page(
    State(state): State<Shared>,
    name: Result<Path<String>, PathRejection>,
) -> PageResult {
    let Path(name) = name.map_err(extract::path)?;
    let rating_state = state.clone();
    let (title, body) = state
        .read_with_catalog(move |_, catalog| {
            let profile = profiles::outlet_profile(catalog, &name).ok_or_else(|| {
                Failure::not_found(format!("no stored article comes from the outlet {name:?}"))
            })?;
            let rated = rating_state.ratings.rate(Some(&profile.name), None);
            let extra = [outlets::factuality(rated)];
            Ok((profile.name.clone(), outlets::profile(&profile, &extra)))
        })
        .await?;
    Ok(page(&title, Nav::Outlets, &body))
}

async fn entities_page(
    State(state): State<Shared>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let Query(pairs) = pairs.map_err(extract::query)?;
    let filter = pairs
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let body = state
        .read_with_catalog(move |_, catalog| {
            let (total, list) = profiles::entity_list(catalog, &filter, 300);
            Ok(entities::list(&filter, total, &list))
        })
        .await?;
    Ok(page("Entities", Nav::Entities, &body))
}

async fn entity_page(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, PageError> {
    let Path(id) = id.map_err(extract::path)?;
    let shown = id.clone();
    let (found, title, body) = state
        .read_with_catalog(move |store, catalog| {
            Ok(match profiles::entity_profile(store, catalog, &id)? {
                Some(profile) => (true, profile.name.clone(), entities::profile(&profile)),
                None => (false, id.clone(), entities::unknown(&id)),
            })
        })
        .await?;
    let html = page(&title, Nav::Entities, &body);
    Ok(if found {
        html.into_response()
    } else {
        let _ = shown;
        (axum::http::StatusCode::NOT_FOUND, html).into_response()
    })
}

async fn narratives_page(State(state): State<Shared>) -> PageResult {
    let Some(narratives) = state.config.narratives.clone() else {
        return Ok(page(
            "Narratives",
            Nav::Narratives,
            &narratives::no_catalog(),
        ));
    };
    let cache_state = state.clone();
    let body = state
        .read_with_catalog(move |store, catalog| {
            let matches = cache_state.narratives.get(store, catalog, &narratives)?;
            Ok(narratives::list(&narratives.source, &matches))
        })
        .await?;
    Ok(page("Narratives", Nav::Narratives, &body))
}

async fn narrative_page(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, PageError> {
    let Path(id) = id.map_err(extract::path)?;
    let Some(narratives) = state.config.narratives.clone() else {
        let html = page("Narratives", Nav::Narratives, &narratives::no_catalog());
        return Ok((axum::http::StatusCode::NOT_FOUND, html).into_response());
    };
    let cache_state = state.clone();
    let (found, title, body) = state
        .read_with_catalog(move |store, catalog| {
            let matches = cache_state.narratives.get(store, catalog, &narratives)?;
            Ok(match matches.narratives.iter().find(|n| n.id == id) {
                Some(n) => (
                    true,
                    n.claim.clone(),
                    narratives::narrative(&narratives.source, n),
                ),
                None => (false, id.clone(), narratives::unknown(&id)),
            })
        })
        .await?;
    let html = page(&title, Nav::Narratives, &body);
    Ok(if found {
        html.into_response()
    } else {
        (axum::http::StatusCode::NOT_FOUND, html).into_response()
    })
}

async fn paste_form(State(state): State<Shared>) -> HtmlResponse<String> {
    let body = paste::form("", "auto", false, state.config.writes_need_token(), &[]);
    page("Paste an article", Nav::Paste, &body)
}

#[derive(Deserialize)]
struct PasteForm {
    text: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    token: Option<String>,
}

async fn paste_submit(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    form: Result<Form<PasteForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|r| extract::form(r, state.config.max_body_bytes))?;
    authorize_write(&state, &method, &headers, form.token.as_deref())?;
    let store = form.store.is_some();
    let name = paste::name_for_format(&form.format);
    let needs_token = state.config.writes_need_token();
    let again = |errors: &[analysis::DocumentError]| {
        let body = paste::form(&form.text, &form.format, store, needs_token, errors);
        (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            page("Paste an article", Nav::Paste, &body),
        )
            .into_response()
    };
    if store {
        let ingested =
            analysis::ingest(&state, form.text.clone().into_bytes(), "pasted", name).await?;
        if ingested.records.is_empty() {
            return Ok(again(&ingested.errors));
        }
        if ingested.records.len() == 1 && ingested.errors.is_empty() {
            return Ok(Redirect::to(&links::article(&ingested.records[0].id)).into_response());
        }
        let mut body = Html::new();
        body.raw("<h1>Stored</h1><ul class=\"article-list\">");
        for r in &ingested.records {
            body.raw("<li><a href=\"")
                .text(&links::article(&r.id))
                .raw("\">")
                .text(r.title.as_deref().unwrap_or("(untitled)"))
                .raw("</a> <span class=\"badge\">")
                .text(r.status)
                .raw("</span></li>");
        }
        body.raw("</ul>");
        for e in &ingested.errors {
            body.raw("<p class=\"error-note\"><code>")
                .text(&e.input)
                .raw("</code>: ")
                .text(&e.message)
                .raw("</p>");
        }
        return Ok(page("Stored", Nav::Paste, &body).into_response());
    }
    let analysed =
        analysis::analyse(&state, form.text.clone().into_bytes(), "pasted", name).await?;
    if analysed.records.is_empty() {
        return Ok(again(&analysed.errors));
    }
    let mut body = Html::new();
    for e in &analysed.errors {
        body.raw("<p class=\"error-note\"><code>")
            .text(&e.input)
            .raw("</code>: ")
            .text(&e.message)
            .raw("</p>");
    }
    for record in &analysed.records {
        body.append(&article::render(
            record,
            article::Origin::Pasted,
            &article::CorpusContext::default(),
        ));
    }
    let title = analysed.records[0]
        .title
        .clone()
        .unwrap_or_else(|| "Pasted article".into());
    Ok(page(&title, Nav::Paste, &body).into_response())
}
