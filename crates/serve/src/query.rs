//! Search parameters from a query string (shared by the search page and `/api/search`), and
//! facet counts over the best matches.

use std::collections::HashMap;

use parallax_store::{Hit, SearchRequest, SortOrder};
use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::Failure;

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 200;
/// Facets count this many of the best matches. Each match costs the store a body decode and a
/// snippet (about 0.4 ms), so the window bounds the search page's latency (see
/// docs/BENCHMARKS.md).
pub const FACET_WINDOW: usize = 100;

/// A search as the user asked for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchParams {
    pub q: String,
    pub outlets: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub entities: Vec<String>,
    pub techniques: Vec<String>,
    pub language: Option<String>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    pub sort: Option<SortOrder>,
    pub limit: Option<usize>,
    pub offset: usize,
    pub facets: bool,
}

impl SearchParams {
    /// Reads `q`, `outlet` (repeatable), `from`, `to`, `entity` (repeatable), `technique`
    /// (repeatable), `language`, `min_score`, `max_score`, `sort`, `limit`, `offset`, `facets`.
    /// Empty values count as absent (an empty form field).
    pub fn parse(pairs: &[(String, String)]) -> Result<SearchParams, Failure> {
        let mut p = SearchParams::default();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "q" => p.q = value.to_string(),
                "outlet" => p.outlets.push(value.to_string()),
                "from" => p.from = Some(value.to_string()),
                "to" => p.to = Some(value.to_string()),
                "entity" => p.entities.push(value.to_string()),
                "technique" => p.techniques.push(value.to_string()),
                "language" => p.language = Some(value.to_string()),
                "min_score" => p.min_score = Some(number(key, value)?),
                "max_score" => p.max_score = Some(number(key, value)?),
                "sort" => {
                    p.sort = Some(match value {
                        "relevance" => SortOrder::Relevance,
                        "newest" => SortOrder::Newest,
                        "oldest" => SortOrder::Oldest,
                        other => {
                            return Err(Failure::bad_request(format!(
                                "sort must be relevance, newest or oldest, not {other:?}"
                            )))
                        }
                    })
                }
                "limit" => {
                    let n = count(key, value)?;
                    if n == 0 || n > MAX_LIMIT {
                        return Err(Failure::bad_request(format!(
                            "limit must be between 1 and {MAX_LIMIT}, not {n}"
                        )));
                    }
                    p.limit = Some(n);
                }
                "offset" => p.offset = count(key, value)?,
                "facets" => {
                    p.facets = match value {
                        "true" | "1" | "yes" | "on" => true,
                        "false" | "0" | "no" | "off" => false,
                        other => {
                            return Err(Failure::bad_request(format!(
                                "facets must be true or false, not {other:?}"
                            )))
                        }
                    }
                }
                // Unknown parameters are ignored, as browsers and links may add their own.
                _ => {}
            }
        }
        if p.offset > 100_000 {
            return Err(Failure::bad_request("offset must be at most 100000"));
        }
        Ok(p)
    }

    /// Whether anything narrows the search.
    pub fn has_filters(&self) -> bool {
        !self.outlets.is_empty()
            || self.from.is_some()
            || self.to.is_some()
            || !self.entities.is_empty()
            || !self.techniques.is_empty()
            || self.language.is_some()
            || self.min_score.is_some()
            || self.max_score.is_some()
    }

    /// The query text: `*` (every record) when only filters were given.
    pub fn query_text(&self) -> &str {
        if self.q.is_empty() {
            "*"
        } else {
            &self.q
        }
    }

    /// The store request for `limit` hits from `offset`.
    pub fn request(&self, limit: usize, offset: usize) -> SearchRequest {
        SearchRequest {
            outlets: self.outlets.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            entities: self.entities.clone(),
            techniques: self.techniques.clone(),
            language: self.language.clone(),
            min_score: self.min_score,
            max_score: self.max_score,
            sort: self.sort.unwrap_or(if self.q.is_empty() {
                SortOrder::Newest
            } else {
                SortOrder::Relevance
            }),
            limit,
            offset,
            ..SearchRequest::new(self.query_text())
        }
    }

    /// The parameters as query-string pairs (for links that change one of them).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        out.extend(self.outlets.iter().map(|o| ("outlet", o.clone())));
        out.extend(self.from.iter().map(|v| ("from", v.clone())));
        out.extend(self.to.iter().map(|v| ("to", v.clone())));
        out.extend(self.entities.iter().map(|v| ("entity", v.clone())));
        out.extend(self.techniques.iter().map(|v| ("technique", v.clone())));
        out.extend(self.language.iter().map(|v| ("language", v.clone())));
        out.extend(self.min_score.iter().map(|v| ("min_score", v.to_string())));
        out.extend(self.max_score.iter().map(|v| ("max_score", v.to_string())));
        if let Some(sort) = self.sort {
            out.push((
                "sort",
                match sort {
                    SortOrder::Relevance => "relevance",
                    SortOrder::Newest => "newest",
                    SortOrder::Oldest => "oldest",
                }
                .to_string(),
            ));
        }
        out
    }
}

fn number(key: &str, value: &str) -> Result<f64, Failure> {
    value
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Failure::bad_request(format!("{key} must be a number, not {value:?}")))
}

fn count(key: &str, value: &str) -> Result<usize, Failure> {
    value
        .parse::<usize>()
        .map_err(|_| Failure::bad_request(format!("{key} must be a whole number, not {value:?}")))
}

/// Counts of facet values among the best matches of a search.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    /// How many matches were counted (the best [`FACET_WINDOW`], or all when fewer).
    pub counted: usize,
    pub outlets: Vec<FacetValue>,
    pub techniques: Vec<FacetValue>,
    pub languages: Vec<FacetValue>,
    /// Publication months (`YYYY-MM`), latest first.
    pub months: Vec<FacetValue>,
    pub entities: Vec<FacetValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue {
    /// What to filter on: an outlet name, a technique name, a language code, a month, an
    /// entity id.
    pub value: String,
    /// A readable name when it differs from `value` (an entity's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: usize,
}

/// Facets of `hits` (the best matches), with technique and entity counts from the catalog.
pub fn facets(hits: &[Hit], catalog: &Catalog) -> Facets {
    let mut outlets: HashMap<String, usize> = HashMap::new();
    let mut languages: HashMap<String, usize> = HashMap::new();
    let mut months: HashMap<String, usize> = HashMap::new();
    let mut techniques: HashMap<&'static str, usize> = HashMap::new();
    let mut entities: HashMap<u32, usize> = HashMap::new();
    for hit in hits {
        if let Some(o) = &hit.outlet {
            *outlets.entry(o.trim().to_string()).or_default() += 1;
        }
        if let Some(l) = &hit.language {
            *languages.entry(l.clone()).or_default() += 1;
        }
        if let Some(month) = hit.published.as_deref().and_then(|p| p.get(..7)) {
            *months.entry(month.to_string()).or_default() += 1;
        }
        if let Some(summary) = catalog.article(&hit.id) {
            for (t, _) in &summary.techniques {
                *techniques.entry(t.name()).or_default() += 1;
            }
            for (e, _) in &summary.entities {
                *entities.entry(*e).or_default() += 1;
            }
        }
    }
    let sorted = |map: HashMap<String, usize>, top: usize| -> Vec<FacetValue> {
        let mut v: Vec<FacetValue> = map
            .into_iter()
            .map(|(value, count)| FacetValue {
                value,
                label: None,
                count,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        v.truncate(top);
        v
    };
    let mut month_values = sorted(months, usize::MAX);
    month_values.sort_by(|a, b| b.value.cmp(&a.value));
    month_values.truncate(24);
    let mut entity_values: Vec<FacetValue> = entities
        .into_iter()
        .map(|(key, count)| {
            let entry = catalog.entity_at(key);
            FacetValue {
                value: entry.id.clone(),
                label: Some(entry.name().to_string()),
                count,
            }
        })
        .collect();
    entity_values.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    entity_values.truncate(15);
    Facets {
        counted: hits.len(),
        outlets: sorted(outlets, 20),
        techniques: sorted(
            techniques
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            23,
        ),
        languages: sorted(languages, 10),
        months: month_values,
        entities: entity_values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn repeated_filters_and_empty_fields() {
        let p = SearchParams::parse(&pairs(&[
            ("q", " flood "),
            ("outlet", "Feedwell"),
            ("outlet", "Northstar Wire"),
            ("language", ""),
            ("min_score", "0.5"),
            ("sort", "newest"),
            ("limit", "5"),
            ("utm_source", "x"),
        ]))
        .unwrap();
        assert_eq!(p.q, "flood");
        assert_eq!(p.outlets, vec!["Feedwell", "Northstar Wire"]);
        assert_eq!(p.language, None);
        assert_eq!(p.min_score, Some(0.5));
        let r = p.request(5, 0);
        assert_eq!(r.sort, SortOrder::Newest);
        assert_eq!(r.query, "flood");
    }

    #[test]
    fn bad_values_are_named() {
        for (k, v) in [
            ("limit", "0"),
            ("limit", "1000"),
            ("limit", "ten"),
            ("min_score", "NaN"),
            ("sort", "best"),
            ("offset", "-1"),
        ] {
            let e = SearchParams::parse(&pairs(&[(k, v)])).unwrap_err();
            assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
            assert!(e.message.contains(k), "{}", e.message);
        }
    }

    #[test]
    fn filters_alone_browse_everything_newest_first() {
        let p = SearchParams::parse(&pairs(&[("outlet", "Feedwell")])).unwrap();
        assert!(p.has_filters());
        let r = p.request(10, 0);
        assert_eq!(r.query, "*");
        assert_eq!(r.sort, SortOrder::Newest);
    }
}
