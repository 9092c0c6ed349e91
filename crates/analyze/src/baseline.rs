//! The reference baseline for sentence-level propaganda detection: TF-IDF over word unigrams
//! and bigrams with a class-balanced logistic regression, as the NLP4IF-2019 organisers'
//! reference systems did. Trained on the training split, scored on a split, by our own code
//! (a scikit-learn anchor for the same split is in `bench/propaganda/`).

use std::collections::HashMap;
use std::path::Path;

use crate::data::{load_nlp4if, DataPaths, Split};
use crate::error::AnalyzeError;
use crate::features::key2;
use crate::linear::{sigmoid, Example, HashedLinear, Loss, TrainConfig};
use crate::measures::{Binary, Prf};
use crate::text::tokenize_into;
use crate::train::slc_units;

/// Unigram and bigram keys of a sentence.
fn terms(text: &str, range: std::ops::Range<usize>) -> Vec<u64> {
    let mut tokens = Vec::new();
    tokenize_into(text, range, &mut tokens);
    let words: Vec<u64> = tokens
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.word)
        .collect();
    let mut out: Vec<u64> = words.iter().map(|&w| key2(90, w, 0)).collect();
    out.extend(words.windows(2).map(|p| key2(91, p[0], p[1])));
    out
}

/// Sublinear TF-IDF vector (L2-normalised) of a sentence's terms.
fn vector(terms: &[u64], idf: &HashMap<u64, f32>) -> Vec<(u64, f32)> {
    let mut tf: HashMap<u64, f32> = HashMap::new();
    for t in terms {
        if idf.contains_key(t) {
            *tf.entry(*t).or_insert(0.0) += 1.0;
        }
    }
    let mut v: Vec<(u64, f32)> = tf
        .into_iter()
        .map(|(t, n)| (t, (1.0 + n.ln()) * idf[&t]))
        .collect();
    v.sort_by_key(|x| x.0);
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
    v.iter_mut().for_each(|x| x.1 /= norm);
    v
}

/// Trains on the training split and scores SLC on `split`.
pub fn tfidf_slc(data_dir: &Path, split: Split, seed: u64) -> Result<Prf, AnalyzeError> {
    let paths = DataPaths::new(data_dir);
    let train = load_nlp4if(&paths.nlp4if, Split::Train)?;
    let test = load_nlp4if(&paths.nlp4if, split)?;
    let mut docs: Vec<(Vec<u64>, bool)> = Vec::new();
    for a in &train {
        let (units, labels) = slc_units(a);
        for (u, y) in units.into_iter().zip(labels) {
            docs.push((terms(&a.text, u), y));
        }
    }
    // Document frequencies; terms in fewer than two sentences are dropped.
    let mut df: HashMap<u64, u32> = HashMap::new();
    for (t, _) in &docs {
        let mut seen = t.clone();
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            *df.entry(k).or_insert(0) += 1;
        }
    }
    let n = docs.len() as f32;
    let idf: HashMap<u64, f32> = df
        .into_iter()
        .filter(|&(_, d)| d >= 2)
        .map(|(k, d)| (k, ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0))
        .collect();
    let positives = docs.iter().filter(|d| d.1).count() as f32;
    let negatives = n - positives;
    let examples: Vec<Example> = docs
        .iter()
        .map(|(t, y)| Example {
            features: vector(t, &idf),
            labels: if *y { vec![0] } else { vec![] },
            // Balanced classes, as scikit-learn's class_weight="balanced".
            weight: if *y {
                n / (2.0 * positives.max(1.0))
            } else {
                n / (2.0 * negatives.max(1.0))
            },
        })
        .collect();
    let config = TrainConfig {
        bits: 22,
        epochs: 10,
        learning_rate: 0.1,
        l2: 1e-5,
        seed,
    };
    let model = HashedLinear::train(&examples, 1, Loss::Sigmoid, &config);
    let mut counts = Binary::default();
    for a in &test {
        let (units, labels) = slc_units(a);
        for (u, y) in units.into_iter().zip(labels) {
            let p = sigmoid(model.logit(&vector(&terms(&a.text, u), &idf)));
            counts.add(y, p >= 0.5);
        }
    }
    Ok(counts.score())
}
