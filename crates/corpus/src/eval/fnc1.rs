//! The FNC-1 training data (`../shared/data/stance/fnc1`) as stories and stance pairs.
//!
//! FNC-1 pairs headlines with article bodies as agree / disagree / discuss / unrelated. Every
//! headline and body comes from the Emergent collection of rumours: each headline belongs to
//! one story, and the bodies related to it (agree, disagree, discuss) report that story. The
//! connected components of the graph linking headlines to their related bodies are therefore
//! stories: 191 of them covering all 1,683 bodies (sizes 1 to 50), each one rumour followed
//! across outlets ("Christian Bale to play Steve Jobs", "ISIS fighters infected with Ebola",
//! "Spider burrows under tourist's skin"), with many stories on the same broad topics (a dozen
//! about the Islamic State) as hard negatives for one another.
//!
//! Stories are split once for every use: in the order of their smallest body id, every third
//! story (indices 2, 5, 8, ...) is **test**, the rest **dev**. Thresholds and models are chosen
//! or trained on dev stories only.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A stance label of FNC-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FncStance {
    Agree,
    Disagree,
    Discuss,
    Unrelated,
}

impl FncStance {
    fn parse(s: &str) -> Option<FncStance> {
        match s.trim().to_ascii_lowercase().as_str() {
            "0" | "agree" => Some(FncStance::Agree),
            "1" | "disagree" => Some(FncStance::Disagree),
            "2" | "discuss" => Some(FncStance::Discuss),
            "3" | "unrelated" => Some(FncStance::Unrelated),
            _ => None,
        }
    }

    pub fn related(self) -> bool {
        self != FncStance::Unrelated
    }
}

/// Dev (tuning, training) or test (held out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    Dev,
    Test,
}

/// A headline paired with a body.
#[derive(Debug, Clone)]
pub struct StancePair {
    pub headline: String,
    pub body: u32,
    pub stance: FncStance,
}

/// One story: the bodies and headlines of one connected component.
#[derive(Debug, Clone)]
pub struct Story {
    pub index: usize,
    pub bodies: Vec<u32>,
    pub headlines: Vec<String>,
    pub split: Split,
}

/// The data set.
#[derive(Debug, Clone)]
pub struct Fnc1 {
    pub bodies: BTreeMap<u32, String>,
    pub pairs: Vec<StancePair>,
}

#[derive(Debug, thiserror::Error)]
pub enum Fnc1Error {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
}

impl Fnc1 {
    /// Reads `train_bodies.csv` and `train_stances.csv` from `dir`.
    pub fn load(dir: &Path) -> Result<Fnc1, Fnc1Error> {
        let read = |name: &str| -> Result<Vec<csv::StringRecord>, Fnc1Error> {
            let path = dir.join(name);
            let bad = |reason: String| Fnc1Error::Read {
                path: path.display().to_string(),
                reason,
            };
            let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
            reader
                .records()
                .map(|r| r.map_err(|e| bad(e.to_string())))
                .collect()
        };
        let mut bodies = BTreeMap::new();
        for r in read("train_bodies.csv")? {
            if let (Some(id), Some(body)) = (r.get(0).and_then(|i| i.trim().parse().ok()), r.get(1))
            {
                bodies.insert(id, body.to_string());
            }
        }
        let mut pairs = Vec::new();
        for r in read("train_stances.csv")? {
            let (Some(headline), Some(body), Some(stance)) = (
                r.get(0),
                r.get(1).and_then(|b| b.trim().parse().ok()),
                r.get(2).and_then(FncStance::parse),
            ) else {
                continue;
            };
            pairs.push(StancePair {
                headline: headline.to_string(),
                body,
                stance,
            });
        }
        if bodies.is_empty() || pairs.is_empty() {
            return Err(Fnc1Error::Read {
                path: dir.display().to_string(),
                reason: "no bodies or stances read".into(),
            });
        }
        Ok(Fnc1 { bodies, pairs })
    }

    /// The stories (connected components of related headline–body pairs), with their split.
    pub fn stories(&self) -> Vec<Story> {
        // Union-find over nodes: bodies 0..n, headlines after.
        let body_ids: Vec<u32> = self.bodies.keys().copied().collect();
        let body_index: HashMap<u32, usize> =
            body_ids.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let mut headline_index: HashMap<&str, usize> = HashMap::new();
        for p in &self.pairs {
            let next = body_ids.len() + headline_index.len();
            headline_index.entry(p.headline.as_str()).or_insert(next);
        }
        let mut parent: Vec<usize> = (0..body_ids.len() + headline_index.len()).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for p in self.pairs.iter().filter(|p| p.stance.related()) {
            let Some(&b) = body_index.get(&p.body) else {
                continue;
            };
            let h = headline_index[p.headline.as_str()];
            let (rb, rh) = (find(&mut parent, b), find(&mut parent, h));
            parent[rb] = rh;
        }
        let mut components: BTreeMap<usize, (BTreeSet<u32>, BTreeSet<String>)> = BTreeMap::new();
        for (i, &b) in body_ids.iter().enumerate() {
            let root = find(&mut parent, i);
            components.entry(root).or_default().0.insert(b);
        }
        for (h, &i) in &headline_index {
            let root = find(&mut parent, i);
            if let Some(c) = components.get_mut(&root) {
                c.1.insert(h.to_string());
            }
        }
        let mut stories: Vec<(Vec<u32>, Vec<String>)> = components
            .into_values()
            .map(|(b, h)| (b.into_iter().collect(), h.into_iter().collect()))
            .collect();
        stories.sort_by_key(|(bodies, _)| bodies[0]);
        stories
            .into_iter()
            .enumerate()
            .map(|(index, (bodies, headlines))| Story {
                index,
                bodies,
                headlines,
                split: if index % 3 == 2 {
                    Split::Test
                } else {
                    Split::Dev
                },
            })
            .collect()
    }

    /// The split of each body (by its story).
    pub fn body_splits(&self) -> HashMap<u32, (usize, Split)> {
        self.stories()
            .into_iter()
            .flat_map(|s| s.bodies.into_iter().map(move |b| (b, (s.index, s.split))))
            .collect()
    }
}

/// A claim–response pair for the dispute detector, from a related headline–body pair.
#[derive(Debug, Clone)]
pub struct DisputeExample {
    pub claim: Vec<String>,
    pub response: Vec<String>,
    pub dispute: bool,
    pub story: usize,
}

/// Sentences of a body taken as the response to a headline.
const RESPONSE_SENTENCES: usize = 3;

impl Fnc1 {
    /// Dispute examples of the related pairs of one split: the headline is the claim, the
    /// [`RESPONSE_SENTENCES`] body sentences sharing most content words with it (in body
    /// order) are the response, and `disagree` is a dispute. `sentences` splits a body into
    /// sentence byte ranges.
    pub fn dispute_examples(
        &self,
        split: Split,
        sentences: &dyn Fn(&str) -> Vec<std::ops::Range<usize>>,
    ) -> Vec<DisputeExample> {
        use crate::text::{is_content, stem, tokenize};
        let splits = self.body_splits();
        let mut cache: HashMap<u32, Vec<Vec<String>>> = HashMap::new();
        let mut out = Vec::new();
        for pair in self.pairs.iter().filter(|p| p.stance.related()) {
            let Some(&(story, s)) = splits.get(&pair.body) else {
                continue;
            };
            if s != split {
                continue;
            }
            let Some(body) = self.bodies.get(&pair.body) else {
                continue;
            };
            let body_sentences = cache.entry(pair.body).or_insert_with(|| {
                sentences(body)
                    .into_iter()
                    .map(|r| tokenize(&body[r]).into_iter().map(|t| t.norm).collect())
                    .collect()
            });
            let claim: Vec<String> = tokenize(&pair.headline)
                .into_iter()
                .map(|t| t.norm)
                .collect();
            let claim_stems: std::collections::HashSet<String> = tokenize(&pair.headline)
                .iter()
                .filter(|t| is_content(t))
                .map(|t| stem(&t.norm))
                .collect();
            let mut scored: Vec<(usize, usize)> = body_sentences
                .iter()
                .enumerate()
                .map(|(i, words)| {
                    let shared = words
                        .iter()
                        .filter(|w| claim_stems.contains(&stem(w)))
                        .count();
                    (shared, i)
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut chosen: Vec<usize> = scored
                .iter()
                .take(RESPONSE_SENTENCES)
                .map(|x| x.1)
                .collect();
            chosen.sort_unstable();
            let response: Vec<String> = chosen
                .into_iter()
                .flat_map(|i| body_sentences[i].iter().cloned())
                .collect();
            out.push(DisputeExample {
                claim,
                response,
                dispute: pair.stance == FncStance::Disagree,
                story,
            });
        }
        out
    }
}
