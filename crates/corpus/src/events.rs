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

use crate::index::EventState;
use crate::text::{is_content, tokenize, word_key};
use crate::vector::SparseVec;

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
