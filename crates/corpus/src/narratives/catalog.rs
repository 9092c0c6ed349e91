//! Narrative catalogs: known narratives to look for, each with an id, the claim it makes, a
//! summary and keywords. Read from JSONL (one object a line) or CSV/TSV with a header row
//! (delimiter `,`, `;` or TAB, detected from the header).
//!
//! Columns and keys are matched by name, in any case: `id`; `claim` or `title`; `summary` or
//! `description`; `keywords` or `tags` (a list, or one string separated by `,`, `;` or `|`).
//! So the EUvsDisinfo export (`issue;date;outlet;language;origin;reported by;keywords;source;
//! title;summary;disproof`) reads as claim = `title`, summary = `summary`, keywords =
//! `keywords`; it has no unique id column (`issue` numbers the weekly review), so entries
//! without an `id` are named by their data row number. Entries repeating an earlier entry's
//! claim and summary are dropped (the export lists some cases twice).

use std::path::Path;

use serde_json::Value;

/// One known narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeEntry {
    pub id: String,
    /// The narrative's claim in one sentence ("The US created ISIS").
    pub claim: String,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Entry {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Format { path: String, reason: String },
}

/// Reads a catalog file (JSONL, or CSV/TSV with a header row).
pub fn read_catalog(path: &Path) -> Result<Vec<NarrativeEntry>, CatalogError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| CatalogError::Io {
        path: shown.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.trim_start().chars().next();
    let mut entries = if first == Some('{') {
        read_jsonl(text, &shown)?
    } else {
        read_table(text, &shown)?
    };
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert((e.claim.clone(), e.summary.clone())));
    if entries.is_empty() {
        return Err(CatalogError::Format {
            path: shown,
            reason: "no narratives found".into(),
        });
    }
    Ok(entries)
}

fn split_keywords(s: &str) -> Vec<String> {
    s.split([',', ';', '|'])
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

fn read_jsonl(text: &str, path: &str) -> Result<Vec<NarrativeEntry>, CatalogError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| CatalogError::Entry {
            path: path.to_string(),
            line: i + 1,
            reason,
        };
        let value: Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let object = value
            .as_object()
            .ok_or_else(|| bad("not a JSON object".into()))?;
        let field = |names: &[&str]| -> Option<&Value> {
            object
                .iter()
                .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
                .map(|(_, v)| v)
        };
        let text_of = |v: &Value| -> Option<String> {
            match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let claim = field(&["claim", "title"])
            .and_then(text_of)
            .ok_or_else(|| bad("no `claim` (or `title`)".into()))?;
        let keywords = match field(&["keywords", "tags"]) {
            Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
            Some(Value::String(s)) => split_keywords(s),
            _ => Vec::new(),
        };
        out.push(NarrativeEntry {
            id: field(&["id"])
                .and_then(text_of)
                .unwrap_or_else(|| (out.len() + 1).to_string()),
            claim,
            summary: field(&["summary", "description"]).and_then(text_of),
            keywords,
        });
    }
    Ok(out)
}

fn read_table(text: &str, path: &str) -> Result<Vec<NarrativeEntry>, CatalogError> {
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CatalogError::Format {
            path: path.to_string(),
            reason: format!("unreadable header: {e}"),
        })?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == n))
    };
    let claim_col = column(&["claim", "title"]).ok_or_else(|| CatalogError::Format {
        path: path.to_string(),
        reason: "no `claim` or `title` column in the header".into(),
    })?;
    let id_col = column(&["id"]);
    let summary_col = column(&["summary", "description"]);
    let keywords_col = column(&["keywords", "tags"]);
    let mut out = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CatalogError::Entry {
            path: path.to_string(),
            line: e.position().map_or(row + 2, |p| p.line() as usize),
            reason: e.to_string(),
        })?;
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(claim) = get(Some(claim_col)) else {
            continue;
        };
        out.push(NarrativeEntry {
            id: get(id_col).unwrap_or_else(|| (row + 1).to_string()),
            claim,
            summary: get(summary_col),
            keywords: get(keywords_col)
                .map(|k| split_keywords(&k))
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jsonl_and_semicolon_csv() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("c.jsonl");
        std::fs::write(
            &jsonl,
            "{\"id\": \"n1\", \"claim\": \"The moon is cheese\", \"keywords\": [\"moon\", \"cheese\"]}\n\
             \n{\"title\": \"Rivers flow uphill\", \"summary\": \"Claims that rivers flow uphill.\", \"keywords\": \"rivers; gravity\"}\n",
        )
        .unwrap();
        let entries = read_catalog(&jsonl).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].keywords, ["moon", "cheese"]);
        assert_eq!(entries[1].id, "2");
        assert_eq!(entries[1].keywords, ["rivers", "gravity"]);

        let csv = dir.path().join("c.csv");
        std::fs::write(
            &csv,
            "\"issue\";\"keywords\";\"title\";\"summary\"\n\"82\";\"Moon, Space\";\"The moon is cheese\";\"It is.\"\n\
             \"82\";\"Moon, Space\";\"The moon is cheese\";\"It is.\"\n\"83\";\"\";\"Rivers flow uphill\";\"\"\n",
        )
        .unwrap();
        let entries = read_catalog(&csv).unwrap();
        // The repeated row is dropped; ids are data row numbers.
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id, "1");
        assert_eq!(entries[1].id, "3");
        assert_eq!(entries[0].keywords, ["Moon", "Space"]);
        assert_eq!(entries[1].summary, None);
    }

    #[test]
    fn bad_catalogs_say_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.jsonl");
        std::fs::write(&path, "{\"id\": 1, \"claim\": \"ok\"}\n{\"id\": 2}\n").unwrap();
        let error = read_catalog(&path).unwrap_err().to_string();
        assert!(error.contains("bad.jsonl:2:"), "{error}");
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        assert!(read_catalog(&path)
            .unwrap_err()
            .to_string()
            .contains("no `claim`"));
    }
}
