//! Events: articles about the same real-world happening, across outlets and days.
//!
//! Clustering is single-pass and incremental, as in topic detection and tracking: each new
//! article is compared with the events that share its most specific terms and lie near it in
//! time, and joins the most similar one when the similarity clears a threshold; otherwise it
//! starts an event of its own. An article that is a near-duplicate of a stored one joins that
//! one's event directly (a copy reports the same happening).
//!
//! Similarity is the cosine of IDF-weighted profiles (title, lead and body words, entity ids;
//! see [`crate::digest`]) between the article and the event's centroid, times a time factor:
//! 1 within [`EventConfig::grace_days`] of the event's span, then decaying with
//! [`EventConfig::decay_days`]. An undated article or event is compared on its text alone.
//!
//! Place vetoes a join: an article does not join an event when one of them is clearly about a
//! specific place (see [`Places`]) that the other, naming enough specific places, barely
//! mentions. Undated articles on the same conflict share names and words; where they happen
//! often sets them apart.

use std::collections::HashMap;
use std::sync::OnceLock;

use parallax_core::{Article, EntityType};

use crate::index::EventState;
use crate::text::{entity_key, is_content, tokenize, word_key};
use crate::vector::SparseVec;

/// The place rule's bounds were chosen on the development stories of FNC-1 to be conservative
/// (`parallax eval events`): a veto needs a clearly dominant place and a side that names many
/// places but not that one.
///
/// Share of its specific-place mentions that makes a place what an article or event is about.
const DOMINANT_SHARE: f32 = 0.35;
/// Share below which a side barely mentions a place.
const ABSENT_SHARE: f32 = 0.02;
/// Specific-place mentions a side needs for its silence on a place to count.
const MIN_PLACE_MENTIONS: u32 = 20;
/// Mentions of its dominant place a side needs for that place to count.
const MIN_DOMINANT_MENTIONS: f32 = 10.0;

/// The specific places an article names (towns, provinces, sites; not countries or regions,
/// which a whole conflict shares), as shares of its mentions of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places {
    /// Entity keys and their shares, by key.
    pub shares: Vec<(u32, f32)>,
    /// Entity keys and their mention counts, by key.
    pub counts: Vec<(u32, f32)>,
    /// Mentions counted.
    pub mentions: u32,
}

impl Places {
    pub fn of(article: &Article) -> Places {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let mut mentions = 0;
        for e in &article.entities {
            if e.entity_type == EntityType::Location && !is_broad_place(&e.id) {
                *counts.entry(entity_key(&e.id)).or_default() += 1;
                mentions += 1;
            }
        }
        let mut shares: Vec<(u32, f32)> = counts
            .iter()
            .map(|(&k, &n)| (k, n as f32 / mentions as f32))
            .collect();
        shares.sort_unstable_by_key(|p| p.0);
        let mut counts: Vec<(u32, f32)> = counts.into_iter().map(|(k, n)| (k, n as f32)).collect();
        counts.sort_unstable_by_key(|p| p.0);
        Places {
            shares,
            counts,
            mentions,
        }
    }

    /// The places of an event: each member's shares averaged (a long article counts as much
    /// as a short one), mentions summed.
    pub fn of_event<'a>(members: impl IntoIterator<Item = &'a Places>) -> Places {
        let mut sums: HashMap<u32, f32> = HashMap::new();
        let mut counts: HashMap<u32, f32> = HashMap::new();
        let (mut n, mut mentions) = (0u32, 0u32);
        for m in members {
            if m.mentions == 0 {
                continue;
            }
            n += 1;
            mentions += m.mentions;
            for &(k, s) in &m.shares {
                *sums.entry(k).or_default() += s;
            }
            for &(k, c) in &m.counts {
                *counts.entry(k).or_default() += c;
            }
        }
        let mut shares: Vec<(u32, f32)> =
            sums.into_iter().map(|(k, s)| (k, s / n as f32)).collect();
        shares.sort_unstable_by_key(|p| p.0);
        let mut counts: Vec<(u32, f32)> = counts.into_iter().collect();
        counts.sort_unstable_by_key(|p| p.0);
        Places {
            shares,
            counts,
            mentions,
        }
    }

    pub fn share(&self, key: u32) -> f32 {
        self.shares
            .binary_search_by_key(&key, |p| p.0)
            .map_or(0.0, |i| self.shares[i].1)
    }

    fn count(&self, key: u32) -> f32 {
        self.counts
            .binary_search_by_key(&key, |p| p.0)
            .map_or(0.0, |i| self.counts[i].1)
    }

    /// The place holding the largest share, if it holds at least [`DOMINANT_SHARE`] and
    /// [`MIN_DOMINANT_MENTIONS`] mentions.
    pub fn dominant(&self) -> Option<u32> {
        self.shares
            .iter()
            .filter(|p| p.1 >= DOMINANT_SHARE && self.count(p.0) >= MIN_DOMINANT_MENTIONS)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|p| p.0)
    }

    /// Whether one side is about a place the other, naming enough places, barely mentions.
    pub fn conflict(&self, other: &Places) -> bool {
        let silent_on = |side: &Places, place: Option<u32>| {
            place.is_some_and(|p| {
                side.mentions >= MIN_PLACE_MENTIONS && side.share(p) < ABSENT_SHARE
            })
        };
        silent_on(other, self.dominant()) || silent_on(self, other.dominant())
    }
}

/// Countries and regions of the curated alias table (`crates/annotate/data/aliases.tsv`,
/// its "Countries" and "Regions" sections and every "seat of" target): places too broad to
/// say where something happened.
fn is_broad_place(id: &str) -> bool {
    static BROAD: OnceLock<Vec<String>> = OnceLock::new();
    BROAD
        .get_or_init(|| {
            let mut broad = Vec::new();
            let mut section = "";
            for line in include_str!("../../annotate/data/aliases.tsv").lines() {
                if let Some(title) = line.strip_prefix("# ") {
                    section = title;
                    continue;
                }
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let columns: Vec<&str> = line.split('\t').collect();
                if columns.get(1) != Some(&"LOC") {
                    continue;
                }
                if section.starts_with("Countries") || section.starts_with("Regions") {
                    broad.push(columns[0].to_string());
                }
                if let Some(seat) = columns.get(4).filter(|s| !s.is_empty()) {
                    broad.push(seat.to_string());
                }
            }
            broad.sort();
            broad.dedup();
            broad
        })
        .binary_search_by(|b| b.as_str().cmp(id))
        .is_ok()
}

/// Settings of event clustering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventConfig {
    /// Minimum similarity (cosine x time factor) to join an event.
    pub threshold: f64,
    /// Days around an event's span within which time does not count against an article.
    pub grace_days: f64,
    /// Beyond the grace period the time factor is `exp(-gap / decay_days)`.
    pub decay_days: f64,
    /// Terms kept in an event's centroid.
    pub centroid_terms: usize,
    /// Keys an event is indexed under (its strongest centroid terms).
    pub index_keys: usize,
    /// Keys of a new article probed to find candidate events.
    pub probe_keys: usize,
    /// Events read per probed key.
    pub per_key: usize,
    /// Candidate events compared in full.
    pub candidates: usize,
}

impl Default for EventConfig {
    /// The threshold was chosen on the development stories of FNC-1 (`parallax eval events`,
    /// see docs/BENCHMARKS.md); the rest are sizes that bound the work per article.
    fn default() -> Self {
        EventConfig {
            threshold: 0.2,
            grace_days: 2.0,
            decay_days: 3.0,
            centroid_terms: 160,
            index_keys: 12,
            probe_keys: 10,
            per_key: 48,
            candidates: 24,
        }
    }
}

impl EventConfig {
    /// How much the time between an article and an event's span counts against joining.
    pub fn time_factor(&self, at: Option<i64>, event: &EventState) -> f64 {
        let (Some(t), Some(first), Some(last)) = (at, event.first_at, event.last_at) else {
            return 1.0;
        };
        let gap_days = ((first - t).max(t - last).max(0)) as f64 / 86_400.0;
        if gap_days <= self.grace_days {
            1.0
        } else {
            (-(gap_days - self.grace_days) / self.decay_days).exp()
        }
    }
}

/// A new event holding one article.
pub fn new_event(profile: &SparseVec, at: Option<i64>) -> EventState {
    EventState {
        centroid: profile.normalized(),
        keys: Vec::new(),
        first_at: at,
        last_at: at,
        size: 1,
    }
}

/// Adds an article to an event's state (the caller re-prunes and re-keys it).
pub fn absorb(event: &mut EventState, profile: &SparseVec, at: Option<i64>) {
    event.centroid.add_scaled(&profile.normalized(), 1.0);
    if let Some(t) = at {
        event.first_at = Some(event.first_at.map_or(t, |f| f.min(t)));
        event.last_at = Some(event.last_at.map_or(t, |l| l.max(t)));
    }
    event.size += 1;
}

/// The member title that best names an event: the one whose words weigh most in the
/// centroid, per word (long titles do not win by length), the earliest on ties.
pub fn choose_title<'a>(centroid: &SparseVec, titles: &[&'a str]) -> Option<&'a str> {
    let weight = |k: u32| -> f64 {
        centroid
            .0
            .binary_search_by_key(&k, |p| p.0)
            .map_or(0.0, |i| centroid.0[i].1 as f64)
    };
    let mut best: Option<(f64, &str)> = None;
    for &title in titles {
        let words: Vec<u32> = tokenize(title)
            .iter()
            .filter(|t| is_content(t))
            .map(|t| word_key(&t.norm))
            .collect();
        if words.is_empty() {
            continue;
        }
        let score = words.iter().map(|&k| weight(k)).sum::<f64>() / (words.len() as f64).sqrt();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, title));
        }
    }
    best.map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{EntityMention, InputFormat, InputInfo};

    /// An article naming places by id, each as many times as given.
    fn naming(places: &[(&str, usize)]) -> Article {
        let mut a = Article::from_paragraphs(
            "0000000000000002".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            &["Text."],
        );
        for &(id, n) in places {
            for _ in 0..n {
                a.entities.push(EntityMention {
                    start: 0,
                    end: 4,
                    text: id.into(),
                    entity_type: EntityType::Location,
                    id: id.into(),
                });
            }
        }
        a
    }

    #[test]
    fn countries_do_not_count_as_places_and_silence_on_an_event_place_vetoes() {
        let event_members = [
            Places::of(&naming(&[
                ("loc:town-a", 8),
                ("loc:syria", 30),
                ("loc:site-b", 4),
            ])),
            Places::of(&naming(&[("loc:town-a", 6), ("loc:united-states", 9)])),
        ];
        assert_eq!(event_members[1].mentions, 6, "countries are left out");
        let event = Places::of_event(event_members.iter());
        assert_eq!(event.dominant(), Some(entity_key("loc:town-a")));
        // Names many specific places, never the event's.
        let elsewhere = Places::of(&naming(&[
            ("loc:city-c", 6),
            ("loc:city-d", 5),
            ("loc:city-e", 5),
            ("loc:city-f", 5),
            ("loc:syria", 20),
        ]));
        assert!(elsewhere.conflict(&event) && event.conflict(&elsewhere));
        // Mentions it once among as many places: no veto.
        let also_there = Places::of(&naming(&[
            ("loc:town-a", 1),
            ("loc:city-c", 10),
            ("loc:city-d", 10),
        ]));
        assert!(!also_there.conflict(&event));
        // Names too few places for its silence to say anything.
        let terse = Places::of(&naming(&[("loc:city-c", 3)]));
        assert!(!terse.conflict(&event));
    }

    #[test]
    fn time_counts_only_beyond_the_grace_period() {
        let config = EventConfig::default();
        let day = 86_400;
        let event = EventState {
            centroid: SparseVec::default(),
            keys: vec![],
            first_at: Some(10 * day),
            last_at: Some(12 * day),
            size: 2,
        };
        assert_eq!(config.time_factor(Some(13 * day), &event), 1.0);
        assert_eq!(config.time_factor(None, &event), 1.0);
        let week_later = config.time_factor(Some(19 * day), &event);
        assert!(week_later < 0.2 && week_later > 0.0, "{week_later}");
    }

    #[test]
    fn absorbing_widens_the_span_and_names_the_event() {
        let a = SparseVec::from_pairs(vec![(word_key("barrier"), 2.0), (word_key("surge"), 1.0)]);
        let mut event = new_event(&a, Some(100));
        absorb(&mut event, &a, Some(50));
        absorb(&mut event, &a, None);
        assert_eq!(
            (event.first_at, event.last_at, event.size),
            (Some(50), Some(100), 3)
        );
        let titles = [
            "Budget approved",
            "Storm surge breaks the barrier",
            "The barrier",
        ];
        assert_eq!(choose_title(&event.centroid, &titles), Some("The barrier"));
    }
}
