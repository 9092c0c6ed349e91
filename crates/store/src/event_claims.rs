//! An event's claims, assessed: each claim group with its members, each member's rating and
//! corroboration, the member whose words name the group and the number of independent
//! sources stating it; then the claims one article alone makes. One assembly for every view
//! of an event (`parallax events --claims`, the event page, the API), so they agree.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use parallax_corpus::corroboration::GroupMember;
use parallax_corpus::corroboration::{assess, independent_sources, is_earlier, Assessment};
use parallax_corpus::{Ratings, Stance};

use crate::corpus_queries::AlignedClaim;
use crate::error::Result;
use crate::store::Store;

/// A claim of an event: a group of aligned claims, or a claim one article alone makes.
#[derive(Debug, Clone)]
pub struct AssessedClaim {
    /// The members, earliest published first.
    pub members: Vec<AlignedClaim>,
    /// What [`assess`] says of each member, in the same order.
    pub assessments: Vec<Assessment>,
    /// The member whose words name the claim: the one that started the group (the group's
    /// members joined by resembling it), else the earliest published stating member.
    pub label: usize,
    /// Distinct sources stating it, copies counted once.
    pub independent_sources: usize,
}

impl AssessedClaim {
    fn new(members: Vec<AlignedClaim>, ratings: &Ratings) -> AssessedClaim {
        let group: Vec<GroupMember> = members
            .iter()
            .map(|c| GroupMember {
                source: c.article.source(),
                position: c.position,
                stance: c.stance,
            })
            .collect();
        let assessments = assess(&group, ratings);
        let stating: Vec<_> = group
            .iter()
            .filter(|m| m.stance == Stance::States)
            .map(|m| m.source.clone())
            .collect();
        let started = members.iter().any(AlignedClaim::started_group);
        let label = group
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                m.stance == Stance::States && (!started || members[*i].started_group())
            })
            .min_by(|(_, a), (_, b)| {
                if is_earlier(&a.source, &b.source) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            })
            .map_or(0, |(i, _)| i);
        AssessedClaim {
            independent_sources: independent_sources(&stating).len(),
            members,
            assessments,
            label,
        }
    }

    /// The group id (for a claim one article alone makes, the id its group would have).
    pub fn group(&self) -> i64 {
        self.members[0].group
    }

    /// The claim in the words of its [`label`](Self::label) member.
    pub fn text(&self) -> &str {
        &self.members[self.label].text
    }

    /// Whether some member stating it is corroborated by an independent, more reliable source.
    pub fn corroborated(&self) -> bool {
        self.members
            .iter()
            .zip(&self.assessments)
            .any(|(c, a)| c.stance == Stance::States && a.corroborated)
    }

    /// The names (outlet, else record id) of the members that corroborate member `i`, each once.
    pub fn corroborated_by(&self, i: usize) -> Vec<String> {
        let mut names: Vec<String> = self.assessments[i]
            .corroborated_by
            .iter()
            .map(|&j| {
                let a = &self.members[j].article;
                a.outlet.clone().unwrap_or_else(|| a.id.clone())
            })
            .collect();
        names.dedup();
        names
    }
}

impl Store {
    /// The claims of an event: aligned groups first (most independent sources, then most
    /// members, first), then the claims no other article's claim aligned with, from
    /// `min_single_checkworthy` up.
    pub fn assessed_event_claims(
        &self,
        event: i64,
        min_single_checkworthy: f64,
        ratings: &Ratings,
    ) -> Result<Vec<AssessedClaim>> {
        let mut groups: BTreeMap<i64, Vec<AlignedClaim>> = BTreeMap::new();
        for c in self.event_claims(event)? {
            groups.entry(c.group).or_default().push(c);
        }
        let mut claims: Vec<AssessedClaim> = groups
            .into_values()
            .map(|members| AssessedClaim::new(members, ratings))
            .collect();
        claims.sort_by(|a, b| {
            b.independent_sources
                .cmp(&a.independent_sources)
                .then(b.members.len().cmp(&a.members.len()))
                .then(a.group().cmp(&b.group()))
        });
        for c in self.event_single_claims(event, min_single_checkworthy)? {
            claims.push(AssessedClaim::new(vec![c], ratings));
        }
        Ok(claims)
    }
}
