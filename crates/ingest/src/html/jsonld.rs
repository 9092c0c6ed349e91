//! JSON-LD (`<script type="application/ld+json">`): the article's headline, publication date,
//! authors and publisher, from article nodes first, with `@graph` and `@id` references resolved.

use serde_json::Value;

use super::byline::split_names;
use super::date;
use super::normalize::collapse;

/// What the JSON-LD blocks of a page say; the first block that gives a field wins.
#[derive(Debug, Default)]
pub struct Facts {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
}

/// Reads the facts of JSON-LD blocks: article nodes first, then any node with the fields.
pub fn read(json: &str, found: &mut Facts) {
    let Ok(value) = serde_json::from_str::<Value>(json.trim().trim_end_matches(';')) else {
        return;
    };
    let mut nodes: Vec<&Value> = Vec::new();
    let mut stack = vec![&value];
    // Walk arrays and @graph without recursion; the parser already bounds nesting.
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                nodes.push(v);
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
                if let Some(main) = map.get("mainEntity") {
                    stack.push(main);
                }
            }
            _ => {}
        }
    }
    let is_article = |v: &Value| {
        types(v).iter().any(|t| {
            t.ends_with("Article")
                || matches!(
                    t.as_str(),
                    "BlogPosting"
                        | "Report"
                        | "Review"
                        | "LiveBlogPosting"
                        | "SocialMediaPosting"
                        | "Posting"
                )
        })
    };
    // Graphs name people and organisations once and refer to them by "@id".
    let resolve = |v: &'_ Value| -> Value {
        let lookup = |item: &Value| -> Value {
            match item.get("@id").and_then(Value::as_str) {
                Some(id) if item.get("name").is_none() => nodes
                    .iter()
                    .find(|n| {
                        n.get("@id").and_then(Value::as_str) == Some(id) && n.get("name").is_some()
                    })
                    .map_or_else(|| item.clone(), |n| (*n).clone()),
                _ => item.clone(),
            }
        };
        match v {
            Value::Array(items) => Value::Array(items.iter().map(lookup).collect()),
            other => lookup(other),
        }
    };
    let mut ordered: Vec<&Value> = nodes.iter().copied().filter(|v| is_article(v)).collect();
    ordered.extend(
        nodes
            .iter()
            .copied()
            .filter(|v| !is_article(v) && types(v).iter().any(|t| t == "WebPage")),
    );
    for node in ordered {
        if found.headline.is_none() {
            found.headline = string_field(node, "headline").or_else(|| {
                if is_article(node) {
                    string_field(node, "name")
                } else {
                    None
                }
            });
        }
        if found.published.is_none() {
            found.published = string_field(node, "datePublished").and_then(|d| date::normalise(&d));
        }
        if found.authors.is_empty() {
            if let Some(author) = node.get("author") {
                found.authors = person_names(&resolve(author));
            }
        }
        if found.publisher.is_none() {
            found.publisher = node.get("publisher").map(resolve).and_then(|p| match &p {
                Value::Array(items) => items.first().and_then(|i| string_field(i, "name")),
                other => string_field(other, "name"),
            });
        }
    }
}

fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn string_field(v: &Value, key: &str) -> Option<String> {
    let s = match v.get(key)? {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.first()?.as_str()?.to_string(),
        _ => return None,
    };
    let s = collapse(&super::entities::decode(&s, false));
    (!s.is_empty()).then_some(s)
}

/// Names of the persons in a JSON-LD `author` value (organisations are outlets, not authors).
fn person_names(author: &Value) -> Vec<String> {
    let items: Vec<&Value> = match author {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut names = Vec::new();
    for item in items {
        match item {
            Value::String(s) => names.extend(split_names(s)),
            Value::Object(_) => {
                if types(item)
                    .iter()
                    .any(|t| t == "Organization" || t == "NewsMediaOrganization")
                {
                    continue;
                }
                if let Some(name) = string_field(item, "name") {
                    names.extend(split_names(&name));
                }
            }
            _ => {}
        }
    }
    names
}
