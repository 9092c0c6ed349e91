//! Unlabeled news text for word clusters and the capitalisation prior, read from the shared
//! data folder: the propaganda-corpus articles, FNC-1 article bodies and EUvsDisinfo case
//! texts. Every source is optional; missing ones are skipped and reported.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::NerError;
use crate::tokenize::tokenize;

/// Unlabeled sentences (tokenised) and a note of what was read.
pub struct UnlabeledText {
    pub sentences: Vec<Vec<String>>,
    pub sources: Vec<String>,
}

/// Reads all unlabeled sources under `data_dir` (the shared `data` folder).
pub fn read_unlabeled(data_dir: &Path) -> Result<UnlabeledText, NerError> {
    let mut texts: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    // The three propaganda corpora share articles: keep one copy per article file name.
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
            let Some(name) = file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if articles.contains_key(&name) {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&file) {
                articles.insert(name, text);
                added += 1;
            }
        }
        sources.push(format!("{dir}: {added} articles"));
    }
    texts.extend(articles.into_values());
    let bodies = data_dir.join("stance/fnc1/train_bodies.csv");
    if bodies.exists() {
        let mut reader = csv::Reader::from_path(&bodies)
            .map_err(|e| NerError::Training(format!("{}: {e}", bodies.display())))?;
        let mut n = 0;
        for record in reader.records() {
            let record =
                record.map_err(|e| NerError::Training(format!("{}: {e}", bodies.display())))?;
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
            .map_err(|e| NerError::Training(format!("{}: {e}", cases.display())))?;
        let headers = reader
            .headers()
            .map_err(|e| NerError::Training(format!("{}: {e}", cases.display())))?
            .clone();
        let columns: Vec<usize> = ["title", "summary", "disproof"]
            .iter()
            .filter_map(|name| headers.iter().position(|h| h == *name))
            .collect();
        let mut n = 0;
        for record in reader.records().flatten() {
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
    for text in &texts {
        for line in text.lines() {
            let tokens = tokenize(line);
            let mut sentence: Vec<String> = Vec::new();
            for t in tokens {
                let w = t.text(line);
                sentence.push(w.to_string());
                if matches!(w, "." | "!" | "?") {
                    sentences.push(std::mem::take(&mut sentence));
                }
            }
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
        }
    }
    Ok(UnlabeledText { sentences, sources })
}
