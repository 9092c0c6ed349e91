//! Claim alignment on FNC-1, given the events (`parallax eval alignment`).
//!
//! The bodies of a split are clustered into events by the corpus layer, in body-id order (as
//! `eval events` does), their claims aligned as they arrive. Then each headline, as an article
//! of one claim, joins the event holding most of the bodies it is related to and is aligned
//! there. A headline and a body are *aligned* when a claim of the body shares a claim group
//! with the headline.
//!
//! - Positive pairs: `agree` and `discuss` pairs whose body is in the headline's event (the
//!   body reports the headline's claim).
//! - Negative pairs, same event but unrelated story (what alignment must keep apart): the
//!   headline with each body of another story in its event; and a *decoy* copy of the
//!   headline, placed in the most similar event that holds no body of its story (IDF-weighted
//!   profile cosine with the event's centroid: the same topic, another story), with each body
//!   there.
//!
//! `disagree` pairs are left out (they align as disputes, which `eval disputes` measures).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_core::Article;
use serde::Serialize;

use crate::eval::fnc1::{Fnc1, FncStance, Split};
use crate::index::{ArticleKey, CorpusIndex, EventId};
use crate::vector::{Idf, SparseVec};
use crate::{ArticleDigest, CorpusConfig, MemoryIndex, Updater};

/// The texts of a split to annotate: bodies (id, story) and headlines (story, text).
pub struct AlignmentSet<'a> {
    pub bodies: Vec<(u32, usize, &'a str)>,
    pub headlines: Vec<(usize, &'a str)>,
    related: HashMap<&'a str, Vec<(u32, FncStance)>>,
}

impl<'a> AlignmentSet<'a> {
    pub fn of(data: &'a Fnc1, split: Split) -> AlignmentSet<'a> {
        let stories: Vec<_> = data
            .stories()
            .into_iter()
            .filter(|s| s.split == split)
            .collect();
        let story_of_body: HashMap<u32, usize> = stories
            .iter()
            .flat_map(|s| s.bodies.iter().map(move |&b| (b, s.index)))
            .collect();
        let bodies = data
            .bodies
            .iter()
            .filter_map(|(id, text)| Some((*id, *story_of_body.get(id)?, text.as_str())))
            .collect();
        // Story headlines are copies; borrow each from the data set instead.
        let texts: HashMap<&str, &'a str> = data
            .pairs
            .iter()
            .map(|p| (p.headline.as_str(), p.headline.as_str()))
            .collect();
        let mut headlines = Vec::new();
        for s in &stories {
            for h in &s.headlines {
                if let Some(&h) = texts.get(h.as_str()) {
                    headlines.push((s.index, h));
                }
            }
        }
        let mut related: HashMap<&str, Vec<(u32, FncStance)>> = HashMap::new();
        for p in data.pairs.iter().filter(|p| p.stance.related()) {
            if story_of_body.contains_key(&p.body) {
                related
                    .entry(p.headline.as_str())
                    .or_default()
                    .push((p.body, p.stance));
            }
        }
        AlignmentSet {
            bodies,
            headlines,
            related,
        }
    }
}

/// The measures.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentScore {
    pub bodies: usize,
    pub headlines: usize,
    pub positive_pairs: usize,
    pub aligned_positive: usize,
    /// `agree`/`discuss` pairs whose body the event clustering put in another event.
    pub positive_pairs_outside_the_event: usize,
    pub negative_pairs: usize,
    pub aligned_negative: usize,
    pub decoy_negative_pairs: usize,
    pub aligned_decoy: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub false_positive_rate: f64,
    /// Claim links written (a claim in two groups counts twice).
    pub claim_links: usize,
    /// Claims with at least one link.
    pub linked_claims: usize,
}

/// The value of a call that cannot fail.
fn ok<T>(r: Result<T, std::convert::Infallible>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// Runs the evaluation over the annotated `bodies` and `headlines` of `set` (same order; each
/// headline article holds its one claim).
pub fn evaluate(
    set: &AlignmentSet,
    bodies: Vec<Article>,
    headlines: Vec<Article>,
    config: CorpusConfig,
) -> AlignmentScore {
    let mut index = MemoryIndex::new();
    let mut updater = Updater::new(config);
    let mut event_of_body: HashMap<u32, EventId> = HashMap::new();
    let mut key_of_body: HashMap<u32, ArticleKey> = HashMap::new();
    let mut story_of_body: HashMap<u32, usize> = HashMap::new();
    for (i, article) in bodies.into_iter().enumerate() {
        let key = i as i64 + 1;
        let digest = ArticleDigest::of(&article);
        index.insert_article(key, article);
        let added = ok(updater.add(&mut index, key, &digest));
        let (id, story, _) = set.bodies[i];
        event_of_body.insert(id, added.event);
        key_of_body.insert(id, key);
        story_of_body.insert(id, story);
    }
    let related = |h: &str| set.related.get(h).into_iter().flatten();

    // Each headline in the event holding most of its related bodies.
    let mut placed: Vec<(ArticleKey, EventId, usize)> = Vec::new();
    let mut placed_articles = Vec::new();
    let first_headline = set.bodies.len() as i64 + 1;
    for (i, article) in headlines.into_iter().enumerate() {
        let text = set.headlines[i].1;
        let mut votes: BTreeMap<EventId, usize> = BTreeMap::new();
        for (body, _) in related(text) {
            *votes.entry(event_of_body[body]).or_default() += 1;
        }
        let Some((&event, _)) = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        let key = first_headline + i as i64;
        let digest = ArticleDigest::of(&article);
        index.insert_article(key, article.clone());
        ok(updater.add_to_event(&mut index, key, &digest, event));
        placed.push((key, event, i));
        placed_articles.push(article);
    }

    // Decoys: each headline again, in the most similar event without a body of its story.
    let mut story_events: HashMap<usize, BTreeSet<EventId>> = HashMap::new();
    for (body, &event) in &event_of_body {
        story_events
            .entry(story_of_body[body])
            .or_default()
            .insert(event);
    }
    let idf = Idf {
        documents: ok(index.document_count()),
    };
    let weigh = |index: &mut MemoryIndex, v: &SparseVec| -> SparseVec {
        let keys: Vec<u32> = v.keys().collect();
        let df = ok(index.document_frequencies(&keys));
        let weights: HashMap<u32, f64> = keys
            .into_iter()
            .zip(df)
            .map(|(k, d)| (k, idf.weight(d)))
            .collect();
        v.weighted(|k| weights[&k]).normalized()
    };
    let events: BTreeSet<EventId> = event_of_body.values().copied().collect();
    let mut centroids: Vec<(EventId, SparseVec)> = Vec::new();
    for event in events {
        if let Some(state) = index.event_state(event) {
            let centroid = state.centroid.clone();
            centroids.push((event, weigh(&mut index, &centroid)));
        }
    }
    let mut decoys: Vec<(ArticleKey, EventId, usize)> = Vec::new();
    let first_decoy = first_headline + set.headlines.len() as i64;
    for (&(_, _, i), article) in placed.iter().zip(placed_articles) {
        let story = set.headlines[i].0;
        let digest = ArticleDigest::of(&article);
        let profile = weigh(&mut index, &digest.profile);
        let own = story_events.get(&story);
        let best = centroids
            .iter()
            .filter(|(e, _)| !own.is_some_and(|o| o.contains(e)))
            .map(|(e, c)| (profile.dot(c), *e))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, event)) = best else { continue };
        let key = first_decoy + i as i64;
        index.insert_article(key, article);
        ok(updater.add_to_event(&mut index, key, &digest, event));
        decoys.push((key, event, story));
    }

    // The claim groups each article has a claim in.
    let mut groups: HashMap<ArticleKey, BTreeSet<i64>> = HashMap::new();
    let mut claim_links = 0;
    let mut linked: BTreeSet<(ArticleKey, u32)> = BTreeSet::new();
    for (article, position, _, link) in index.all_claim_links() {
        groups.entry(article).or_default().insert(link.group);
        linked.insert((article, position));
        claim_links += 1;
    }
    let aligned = |a: ArticleKey, b: ArticleKey| match (groups.get(&a), groups.get(&b)) {
        (Some(x), Some(y)) => !x.is_disjoint(y),
        _ => false,
    };
    let mut members: BTreeMap<EventId, Vec<u32>> = BTreeMap::new();
    for (&body, &event) in &event_of_body {
        members.entry(event).or_default().push(body);
    }
    let mut score = AlignmentScore {
        bodies: set.bodies.len(),
        headlines: placed.len(),
        positive_pairs: 0,
        aligned_positive: 0,
        positive_pairs_outside_the_event: 0,
        negative_pairs: 0,
        aligned_negative: 0,
        decoy_negative_pairs: 0,
        aligned_decoy: 0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        false_positive_rate: 0.0,
        claim_links,
        linked_claims: linked.len(),
    };
    for &(key, event, i) in &placed {
        let (story, text) = set.headlines[i];
        for &(body, stance) in related(text) {
            if stance == FncStance::Disagree {
                continue;
            }
            if event_of_body[&body] != event {
                score.positive_pairs_outside_the_event += 1;
                continue;
            }
            score.positive_pairs += 1;
            score.aligned_positive += aligned(key, key_of_body[&body]) as usize;
        }
        for body in members.get(&event).into_iter().flatten() {
            if story_of_body[body] != story {
                score.negative_pairs += 1;
                score.aligned_negative += aligned(key, key_of_body[body]) as usize;
            }
        }
    }
    for &(key, event, story) in &decoys {
        for body in members.get(&event).into_iter().flatten() {
            if story_of_body[body] != story {
                score.decoy_negative_pairs += 1;
                score.aligned_decoy += aligned(key, key_of_body[body]) as usize;
            }
        }
    }
    let tp = score.aligned_positive as f64;
    let fp = (score.aligned_negative + score.aligned_decoy) as f64;
    let negatives = (score.negative_pairs + score.decoy_negative_pairs) as f64;
    score.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    score.recall = tp / (score.positive_pairs.max(1) as f64);
    score.f1 = if score.precision + score.recall > 0.0 {
        2.0 * score.precision * score.recall / (score.precision + score.recall)
    } else {
        0.0
    };
    score.false_positive_rate = fp / negatives.max(1.0);
    score
}
