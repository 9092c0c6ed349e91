//! Unlabeled news text for word clusters: the training-split propaganda articles, FNC-1
//! article bodies and EUvsDisinfo case texts from the shared data folder. Development-split
//! articles are left out, so no evaluation text shapes the features.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::is_dev;
use crate::error::AnalyzeError;
use crate::text::{normalized, split_sentences, tokenize_into};

/// Sentences of normalised words, and a description of each source.
pub struct Unlabeled {
    pub sentences: Vec<Vec<String>>,
    pub sources: Vec<String>,
}

fn csv_error(path: &Path, e: csv::Error) -> AnalyzeError {
    AnalyzeError::Format {
        path: path.display().to_string(),
        line: e.position().map_or(0, |p| p.line() as usize),
        reason: e.to_string(),
    }
}

/// Reads the unlabeled sources that exist under `data_dir`.
pub fn read(data_dir: &Path) -> Result<Unlabeled, AnalyzeError> {
    let mut texts: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    // One copy per article id, training split only.
    let mut articles: BTreeMap<String, String> = BTreeMap::new();
    for dir in [
        "propaganda/semeval2023-en/train-articles-subtask-3",
        "propaganda/semeval2020-ptc/train-articles",
        "propaganda/nlp4if2019/train-articles",
    ] {
        let path = data_dir.join(dir);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        let mut added = 0;
        for file in names {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(id) = name
                .strip_prefix("article")
                .and_then(|n| n.strip_suffix(".txt"))
            else {
                continue;
            };
            if is_dev(id) || articles.contains_key(id) {
                continue;
            }
            let text = std::fs::read_to_string(&file).map_err(|e| AnalyzeError::io(&file, e))?;
            articles.insert(id.to_string(), text);
            added += 1;
        }
        sources.push(format!("{dir}: {added} training-split articles"));
    }
    texts.extend(articles.into_values());
    let bodies = data_dir.join("stance/fnc1/train_bodies.csv");
    if bodies.exists() {
        let mut reader = csv::Reader::from_path(&bodies).map_err(|e| csv_error(&bodies, e))?;
        let mut n = 0;
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&bodies, e))?;
            if let Some(body) = record.get(1) {
                texts.push(body.to_string());
                n += 1;
            }
        }
        sources.push(format!("stance/fnc1/train_bodies.csv: {n} bodies"));
    }
    let cases = data_dir.join("narratives/euvsdisinfo-2015-2017.csv");
    if cases.exists() {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .from_path(&cases)
            .map_err(|e| csv_error(&cases, e))?;
        let headers = reader.headers().map_err(|e| csv_error(&cases, e))?.clone();
        let columns: Vec<usize> = ["title", "summary", "disproof"]
            .iter()
            .filter_map(|name| headers.iter().position(|h| h == *name))
            .collect();
        let mut n = 0;
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&cases, e))?;
            for &c in &columns {
                if let Some(text) = record.get(c) {
                    texts.push(text.to_string());
                }
            }
            n += 1;
        }
        sources.push(format!("narratives/euvsdisinfo-2015-2017.csv: {n} cases"));
    }
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    for text in &texts {
        for range in split_sentences(text) {
            tokens.clear();
            tokenize_into(text, range, &mut tokens);
            let words: Vec<String> = tokens
                .iter()
                .map(|t| normalized(t.text(text), t.kind))
                .collect();
            if !words.is_empty() {
                sentences.push(words);
            }
        }
    }
    Ok(Unlabeled { sentences, sources })
}
