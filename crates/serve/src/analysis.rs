//! Posted documents: read like a file (any supported format, detected from the content),
//! analysed by the pipeline, and optionally stored.

use std::collections::HashSet;

use axum::http::StatusCode;
use parallax_core::Article;
use parallax_ingest::read_bytes;
use parallax_store::{Entry, OnExisting, PreparedRecord, Store};
use serde::Serialize;

use crate::error::Failure;
use crate::state::Shared;

/// Most documents one request may carry (a JSONL or CSV batch); larger batches belong to
/// `parallax ingest`.
pub const MAX_DOCUMENTS: usize = 100;

/// A document that could not be analysed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentError {
    /// The document as named in the request: `posted`, `posted:3` for a JSONL line.
    pub input: String,
    pub message: String,
}

/// The outcome of analysing a request's documents.
#[derive(Debug, Default, Serialize)]
pub struct Analysed {
    pub records: Vec<Article>,
    pub errors: Vec<DocumentError>,
    /// Things worth knowing that did not stop anything (an encoding assumed).
    pub notes: Vec<String>,
}

/// The file name that stands for a media type when the format is detected (the name only
/// breaks ties between formats the content allows).
pub fn name_for_media_type(content_type: Option<&str>) -> Option<&'static str> {
    let media = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    Some(match media.as_str() {
        "text/html" | "application/xhtml+xml" => "posted.html",
        "text/markdown" | "text/x-markdown" => "posted.md",
        "application/json"
        | "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines" => "posted.jsonl",
        "text/csv" => "posted.csv",
        "text/tab-separated-values" => "posted.tsv",
        "text/plain" => "posted.txt",
        _ => return None,
    })
}

/// Analyses every document in `bytes` (blocking: run on a blocking thread). With `skip`, a
/// document whose id is in it is not analysed and only its id is reported through `seen`.
fn analyse_documents(
    state: &Shared,
    bytes: Vec<u8>,
    label: &str,
    name: Option<&str>,
    skip: &dyn Fn(&str) -> bool,
    seen: &mut Vec<(String, String)>,
) -> Result<Analysed, Failure> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::bad_request("the request carries no document"));
    }
    let documents = read_bytes(bytes, label, name, state.config.read).map_err(|e| {
        Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable",
            e.to_string(),
        )
    })?;
    let mut out = Analysed::default();
    for (n, document) in documents.enumerate() {
        if n >= MAX_DOCUMENTS {
            return Err(Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_documents",
                format!(
                    "the request holds more than {MAX_DOCUMENTS} documents; \
                     use `parallax ingest` for batches"
                ),
            ));
        }
        let raw = match document {
            Ok(raw) => raw,
            Err(error) => {
                out.errors.push(DocumentError {
                    input: error.input.clone(),
                    message: error.reason.to_string(),
                });
                continue;
            }
        };
        out.notes.extend(
            raw.notes
                .iter()
                .map(|note| format!("{}: {note}", raw.label)),
        );
        if skip(&raw.id) {
            seen.push((raw.id, raw.label));
            continue;
        }
        match state.analyzer.analyze(raw) {
            Ok(article) => out.records.push(article),
            Err(error) => out.errors.push(DocumentError {
                input: error.input.clone(),
                message: error.reason.to_string(),
            }),
        }
    }
    Ok(out)
}

/// Analyses the documents of a request without storing them.
pub async fn analyse(
    state: &Shared,
    bytes: Vec<u8>,
    label: &'static str,
    name: Option<&'static str>,
) -> Result<Analysed, Failure> {
    let _slot = state.analysis_slot().await?;
    let state = state.clone();
    crate::state::blocking(move || {
        analyse_documents(&state, bytes, label, name, &|_| false, &mut Vec::new())
    })
    .await
}

/// What storing a request's documents did, document by document.
#[derive(Debug, Default, Serialize)]
pub struct Ingested {
    pub records: Vec<IngestedRecord>,
    pub errors: Vec<DocumentError>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IngestedRecord {
    pub id: String,
    pub title: Option<String>,
    /// `added`, or `unchanged` when the same document was already stored.
    pub status: &'static str,
}

/// Analyses the documents of a request and stores their records, as `parallax ingest` does:
/// documents already stored are not analysed again.
pub async fn ingest(
    state: &Shared,
    bytes: Vec<u8>,
    label: &'static str,
    name: Option<&'static str>,
) -> Result<Ingested, Failure> {
    let _slot = state.analysis_slot().await?;
    let _writer = state.writer.lock().await;
    let state = state.clone();
    crate::state::blocking(move || {
        let mut store = Store::open(&state.config.db)?;
        let stored: HashSet<String> = {
            // Ids are content hashes: read the documents once to learn them cheaply.
            let ids: Vec<String> = read_bytes(bytes.clone(), label, name, state.config.read)
                .map(|docs| docs.filter_map(|d| d.ok().map(|d| d.id)).collect())
                .unwrap_or_default();
            store.stored_ids(ids.iter().map(String::as_str))?
        };
        let mut seen = Vec::new();
        let analysed = analyse_documents(
            &state,
            bytes,
            label,
            name,
            &|id| stored.contains(id),
            &mut seen,
        )?;
        let mut entries: Vec<Entry> = Vec::new();
        let mut records = Vec::new();
        for article in &analysed.records {
            entries.push(PreparedRecord::new(article, Some(label.to_string())).into());
            records.push(IngestedRecord {
                id: article.id.clone(),
                title: article.title.clone(),
                status: "added",
            });
        }
        for (id, source) in seen {
            let title = store.get(&id)?.and_then(|a| a.title);
            entries.push(Entry::Seen {
                id: id.clone(),
                source,
            });
            records.push(IngestedRecord {
                id,
                title,
                status: "unchanged",
            });
        }
        let report = store.write(&entries, OnExisting::Keep)?;
        // The new records join their events and duplicate groups before anyone reads them.
        crate::corpus_sync::sync(&mut store)?;
        store.close()?;
        state.stores.invalidate();
        state.events.clear();
        state.narratives.clear();
        // Two identical documents in one request: the second is the first one again.
        if report.added < analysed.records.len() {
            let mut first = HashSet::new();
            for r in &mut records {
                if !first.insert(r.id.clone()) {
                    r.status = "unchanged";
                }
            }
        }
        Ok(Ingested {
            records,
            errors: analysed.errors,
            notes: analysed.notes,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_formats() {
        assert_eq!(
            name_for_media_type(Some("text/html; charset=utf-8")),
            Some("posted.html")
        );
        assert_eq!(
            name_for_media_type(Some("Application/JSON")),
            Some("posted.jsonl")
        );
        assert_eq!(name_for_media_type(Some("application/octet-stream")), None);
        assert_eq!(name_for_media_type(None), None);
    }
}
