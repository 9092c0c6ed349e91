//! Corroboration: for each claim of a claim group, who states it, who disputes it, and
//! whether an independent, more reliable source backs it.
//!
//! **Sources.** An article's source is its outlet (names compared folded, so "Ahram Online"
//! and "AHRAM ONLINE" are one); an article without an outlet is a source of its own. Copies
//! are one source: articles in the same near-duplicate group count once, as the group's origin
//! (the earliest published copy), so a wire story republished by ten sites is one voice.
//!
//! **Corroboration.** A claim is corroborated when another member of its group with the same
//! stance comes from an independent source (another source, not a copy of the claim's article)
//! rated at least `mixed` and more reliable than the claim's own source; for a `high` source,
//! another independent `high` source. Unrated sources (no outlet, or an outlet no rating layer
//! knows) never corroborate, and any independent `mixed` or `high` source corroborates them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::index::{ArticleKey, DupGroupId, Stance};
use crate::reliability::{Rating, Ratings};
use crate::text::fold;

/// One article as a source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceArticle {
    pub article: ArticleKey,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published_at: Option<i64>,
    pub dup_group: Option<DupGroupId>,
}

/// Who a source is: a folded outlet name, or the article itself when it has no outlet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceId {
    Outlet(String),
    Unnamed(ArticleKey),
}

impl SourceArticle {
    pub fn source(&self) -> SourceId {
        match &self.outlet {
            Some(o) if !o.trim().is_empty() => SourceId::Outlet(fold(o.trim())),
            _ => SourceId::Unnamed(self.article),
        }
    }

    /// Whether two articles are independent sources: different sources, and not copies.
    pub fn independent_of(&self, other: &SourceArticle) -> bool {
        self.article != other.article
            && self.source() != other.source()
            && (self.dup_group.is_none() || self.dup_group != other.dup_group)
    }
}

/// The independent sources among articles: each near-duplicate group counts once, as its
/// origin (earliest published, then lowest key), and articles of one outlet count once.
pub fn independent_sources(articles: &[SourceArticle]) -> BTreeSet<SourceId> {
    let mut origins: BTreeMap<DupGroupId, &SourceArticle> = BTreeMap::new();
    let mut sources = BTreeSet::new();
    for a in articles {
        match a.dup_group {
            Some(g) => {
                let origin = origins.entry(g).or_insert(a);
                if is_earlier(a, origin) {
                    *origin = a;
                }
            }
            None => {
                sources.insert(a.source());
            }
        }
    }
    sources.extend(origins.values().map(|a| a.source()));
    sources
}

/// Whether `a` was published before `b` (undated after dated; then by key).
pub fn is_earlier(a: &SourceArticle, b: &SourceArticle) -> bool {
    let at = |x: &SourceArticle| (x.published_at.is_none(), x.published_at, x.article);
    at(a) < at(b)
}

/// A claim of a group, as a source states it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMember {
    pub source: SourceArticle,
    pub position: u32,
    pub stance: Stance,
}

/// The verdict on one member of a claim group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The rating of the member's own source, if rated.
    pub rating: Option<Rating>,
    /// Whether an independent, more reliable source with the same stance backs it.
    pub corroborated: bool,
    /// Indices (into the group's members) of the members that corroborate it.
    pub corroborated_by: Vec<usize>,
}

/// Rates every member and decides which are corroborated.
pub fn assess(members: &[GroupMember], ratings: &Ratings) -> Vec<Assessment> {
    let rated: Vec<Option<Rating>> = members
        .iter()
        .map(|m| {
            ratings
                .rate(m.source.outlet.as_deref(), m.source.url.as_deref())
                .map(|r| r.rating)
        })
        .collect();
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let own = rated[i];
            let corroborated_by: Vec<usize> = members
                .iter()
                .enumerate()
                .filter(|(j, other)| {
                    *j != i
                        && other.stance == m.stance
                        && other.source.independent_of(&m.source)
                        && corroborates(rated[*j], own)
                })
                .map(|(j, _)| j)
                .collect();
            Assessment {
                rating: own,
                corroborated: !corroborated_by.is_empty(),
                corroborated_by,
            }
        })
        .collect()
}

/// Whether a source rated `by` corroborates a claim from a source rated `claimant`.
pub fn corroborates(by: Option<Rating>, claimant: Option<Rating>) -> bool {
    match (by, claimant) {
        (Some(b), _) if b < Rating::Mixed => false,
        (None, _) => false,
        (Some(_), None) => true,
        (Some(b), Some(c)) => b > c || (b == Rating::High && c == Rating::High),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(
        key: i64,
        outlet: Option<&str>,
        group: Option<i64>,
        day: Option<i64>,
    ) -> SourceArticle {
        SourceArticle {
            article: key,
            outlet: outlet.map(str::to_string),
            url: None,
            published_at: day.map(|d| d * 86_400),
            dup_group: group,
        }
    }

    #[test]
    fn copies_and_one_outlet_count_once() {
        let articles = [
            article(1, Some("Northstar Wire"), Some(1), Some(2)),
            article(2, Some("Feedwell"), Some(1), Some(3)),
            article(3, Some("Feedwell"), None, Some(3)),
            article(4, None, None, None),
            article(5, None, None, None),
            article(6, Some("northstar wire"), None, Some(4)),
        ];
        let sources = independent_sources(&articles);
        // Wire (origin of the copy, and its own second article), Feedwell's own story, two
        // unnamed articles.
        assert_eq!(sources.len(), 4, "{sources:?}");
        assert!(!articles[0].independent_of(&articles[1]));
        assert!(!articles[0].independent_of(&articles[5]));
        assert!(articles[3].independent_of(&articles[4]));
    }

    #[test]
    fn only_more_reliable_independent_sources_corroborate() {
        use Rating::*;
        assert!(corroborates(Some(High), None));
        assert!(corroborates(Some(High), Some(Low)));
        assert!(corroborates(Some(Mixed), Some(Low)));
        assert!(corroborates(Some(High), Some(High)));
        assert!(!corroborates(Some(Mixed), Some(Mixed)));
        assert!(!corroborates(Some(Low), None));
        assert!(!corroborates(None, Some(Low)));

        let ratings = Ratings::curated();
        let member = |key, outlet: Option<&str>, stance| GroupMember {
            source: article(key, outlet, None, Some(1)),
            position: 0,
            stance,
        };
        // InfoWars is rated low by the curated supplement; the others are unrated.
        let members = [
            member(1, Some("InfoWars"), Stance::States),
            member(2, None, Stance::States),
            member(3, Some("Natural News"), Stance::Disputes),
        ];
        let verdicts = assess(&members, &ratings);
        assert_eq!(verdicts[0].rating, Some(Low));
        assert!(verdicts.iter().all(|v| !v.corroborated));
    }
}
