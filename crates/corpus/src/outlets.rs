//! Outlet profiles: what an outlet's articles look like in aggregate.

use std::collections::HashMap;

use serde::Serialize;

use crate::corroboration::{assess, GroupMember};
use crate::index::ArticleKey;
use crate::reliability::{RatedOutlet, Rating};

/// Totals of one outlet, as the store aggregates them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletTotals {
    pub articles: u64,
    pub words: u64,
    /// Technique spans in all its articles.
    pub techniques: u64,
    pub propaganda_sum: f64,
    pub claims: u64,
    /// Entity ids with the number of its articles that mention them, most first.
    pub top_entities: Vec<(String, u64)>,
}

/// One outlet's profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletProfile {
    /// `None` for articles without an outlet, profiled together.
    pub outlet: Option<String>,
    pub articles: u64,
    pub words: u64,
    pub techniques_per_1000_words: f64,
    pub mean_propaganda: f64,
    pub claims: u64,
    pub uncorroborated_claims: u64,
    /// Share of its claims no independent, more reliable source states (see
    /// [`crate::corroboration`]); `None` without claims.
    pub uncorroborated_share: Option<f64>,
    pub top_entities: Vec<TopEntity>,
    /// The factuality prior of the outlet, if rated.
    pub factuality: Option<Rating>,
    pub factuality_source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopEntity {
    pub id: String,
    /// Articles of the outlet that mention it.
    pub articles: u64,
}

/// Builds a profile from the store's totals, the number of its claims that are corroborated,
/// and its rating.
pub fn profile(
    outlet: Option<String>,
    totals: &OutletTotals,
    corroborated_claims: u64,
    rating: Option<&RatedOutlet>,
) -> OutletProfile {
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let uncorroborated = totals.claims.saturating_sub(corroborated_claims);
    OutletProfile {
        outlet,
        articles: totals.articles,
        words: totals.words,
        techniques_per_1000_words: if totals.words == 0 {
            0.0
        } else {
            round(totals.techniques as f64 * 1000.0 / totals.words as f64)
        },
        mean_propaganda: if totals.articles == 0 {
            0.0
        } else {
            round(totals.propaganda_sum / totals.articles as f64)
        },
        claims: totals.claims,
        uncorroborated_claims: uncorroborated,
        uncorroborated_share: (totals.claims > 0)
            .then(|| round(uncorroborated as f64 / totals.claims as f64)),
        top_entities: totals
            .top_entities
            .iter()
            .map(|(id, n)| TopEntity {
                id: id.clone(),
                articles: *n,
            })
            .collect(),
        factuality: rating.map(|r| r.rating),
        factuality_source: rating.map(|r| match &r.source {
            crate::reliability::RatingSource::User => "user ratings file".to_string(),
            crate::reliability::RatingSource::Dataset(file) => file.clone(),
            crate::reliability::RatingSource::Curated => "parallax curated supplement".to_string(),
        }),
    }
}

/// Corroborated claims per article, over every claim group.
pub fn corroborated_per_article(
    groups: &[Vec<GroupMember>],
    ratings: &crate::reliability::Ratings,
) -> HashMap<ArticleKey, u64> {
    let mut out: HashMap<ArticleKey, u64> = HashMap::new();
    for members in groups {
        for (m, verdict) in members.iter().zip(assess(members, ratings)) {
            if verdict.corroborated {
                *out.entry(m.source.article).or_default() += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_per_thousand_words_and_shares() {
        let totals = OutletTotals {
            articles: 4,
            words: 2000,
            techniques: 9,
            propaganda_sum: 2.0,
            claims: 10,
            top_entities: vec![("org:islamic-state".into(), 3)],
        };
        let p = profile(Some("Wire".into()), &totals, 4, None);
        assert_eq!(p.techniques_per_1000_words, 4.5);
        assert_eq!(p.mean_propaganda, 0.5);
        assert_eq!(p.uncorroborated_claims, 6);
        assert_eq!(p.uncorroborated_share, Some(0.6));
        assert_eq!(p.factuality, None);
        let empty = profile(None, &OutletTotals::default(), 0, None);
        assert_eq!(empty.uncorroborated_share, None);
    }
}
