//! [`MemoryIndex`]: the corpus state in memory, for tests and evaluations (the store keeps it
//! in SQLite for real corpora).

use std::collections::{BTreeMap, HashMap};

use parallax_core::Article;

use crate::dedup::CompactSignature;
use crate::index::{
    ArticleKey, ClaimLink, CorpusIndex, DupCandidate, DupGroupId, EventId, EventState,
};

/// Corpus state held in maps. Articles are registered with [`MemoryIndex::insert_article`]
/// before they are added to the analysis (as the store has them before the corpus layer runs).
#[derive(Debug, Default)]
pub struct MemoryIndex {
    articles: HashMap<ArticleKey, Article>,
    signatures: HashMap<ArticleKey, CompactSignature>,
    buckets: HashMap<i64, Vec<ArticleKey>>,
    dup_groups: HashMap<ArticleKey, (DupGroupId, f32)>,
    documents: u64,
    df: HashMap<u32, u32>,
    events: BTreeMap<EventId, EventState>,
    event_keys: HashMap<u32, Vec<EventId>>,
    memberships: HashMap<ArticleKey, (EventId, f32)>,
    members: HashMap<EventId, Vec<ArticleKey>>,
    links: HashMap<(ArticleKey, u32), Vec<(EventId, ClaimLink)>>,
}

impl MemoryIndex {
    pub fn new() -> MemoryIndex {
        MemoryIndex::default()
    }

    pub fn insert_article(&mut self, key: ArticleKey, article: Article) {
        self.articles.insert(key, article);
    }

    /// The event of an article, with its similarity when it joined.
    pub fn event_of(&self, article: ArticleKey) -> Option<EventId> {
        self.memberships.get(&article).map(|m| m.0)
    }

    /// The near-duplicate group of an article, if it has copies.
    pub fn dup_group_of(&self, article: ArticleKey) -> Option<DupGroupId> {
        self.dup_groups.get(&article).map(|g| g.0)
    }

    pub fn event_state(&self, event: EventId) -> Option<&EventState> {
        self.events.get(&event)
    }

    /// Every claim link as `(article, position, event, link)`: one per claim and group.
    pub fn all_claim_links(
        &self,
    ) -> impl Iterator<Item = (ArticleKey, u32, EventId, ClaimLink)> + '_ {
        self.links
            .iter()
            .flat_map(|(&(a, p), links)| links.iter().map(move |&(e, l)| (a, p, e, l)))
    }

    pub fn stored_article(&self, key: ArticleKey) -> Option<&Article> {
        self.articles.get(&key)
    }
}

impl CorpusIndex for MemoryIndex {
    type Error = std::convert::Infallible;

    fn dup_candidates(
        &mut self,
        bands: &[i64],
        per_band: usize,
    ) -> Result<Vec<DupCandidate>, Self::Error> {
        let mut seen = Vec::new();
        for band in bands {
            if let Some(keys) = self.buckets.get(band) {
                for &k in keys.iter().rev().take(per_band) {
                    if !seen.contains(&k) {
                        seen.push(k);
                    }
                }
            }
        }
        Ok(seen
            .into_iter()
            .filter_map(|k| {
                Some(DupCandidate {
                    article: k,
                    signature: self.signatures.get(&k)?.clone(),
                    group: self.dup_groups.get(&k).map(|g| g.0),
                    event: self.memberships.get(&k).map(|m| m.0),
                })
            })
            .collect())
    }

    fn add_signature(
        &mut self,
        article: ArticleKey,
        bands: &[i64],
        signature: &CompactSignature,
    ) -> Result<(), Self::Error> {
        self.signatures.insert(article, signature.clone());
        for &b in bands {
            self.buckets.entry(b).or_default().push(article);
        }
        Ok(())
    }

    fn set_dup_group(
        &mut self,
        article: ArticleKey,
        group: DupGroupId,
        similarity: f32,
    ) -> Result<(), Self::Error> {
        self.dup_groups.insert(article, (group, similarity));
        Ok(())
    }

    fn merge_dup_groups(&mut self, from: DupGroupId, into: DupGroupId) -> Result<(), Self::Error> {
        for g in self.dup_groups.values_mut() {
            if g.0 == from {
                g.0 = into;
            }
        }
        Ok(())
    }

    fn document_count(&mut self) -> Result<u64, Self::Error> {
        Ok(self.documents)
    }

    fn document_frequencies(&mut self, terms: &[u32]) -> Result<Vec<u32>, Self::Error> {
        Ok(terms
            .iter()
            .map(|t| self.df.get(t).copied().unwrap_or(0))
            .collect())
    }

    fn add_document(&mut self, terms: &[u32]) -> Result<(), Self::Error> {
        self.documents += 1;
        for &t in terms {
            *self.df.entry(t).or_default() += 1;
        }
        Ok(())
    }

    fn event_candidates(
        &mut self,
        keys: &[u32],
        per_key: usize,
    ) -> Result<Vec<EventId>, Self::Error> {
        Ok(keys
            .iter()
            .filter_map(|k| self.event_keys.get(k))
            .flat_map(|events| events.iter().rev().take(per_key).copied())
            .collect())
    }

    fn event(&mut self, id: EventId) -> Result<Option<EventState>, Self::Error> {
        Ok(self.events.get(&id).cloned())
    }

    fn create_event(&mut self, state: &EventState) -> Result<EventId, Self::Error> {
        let id = self.events.keys().next_back().map_or(1, |k| k + 1);
        self.events.insert(id, state.clone());
        for &k in &state.keys {
            self.event_keys.entry(k).or_default().push(id);
        }
        Ok(id)
    }

    fn update_event(
        &mut self,
        id: EventId,
        state: &EventState,
        old_keys: &[u32],
    ) -> Result<(), Self::Error> {
        for k in old_keys {
            if let Some(events) = self.event_keys.get_mut(k) {
                events.retain(|&e| e != id);
            }
        }
        for &k in &state.keys {
            let events = self.event_keys.entry(k).or_default();
            events.retain(|&e| e != id);
            events.push(id);
        }
        self.events.insert(id, state.clone());
        Ok(())
    }

    fn set_event(
        &mut self,
        article: ArticleKey,
        event: EventId,
        similarity: f32,
    ) -> Result<(), Self::Error> {
        self.memberships.insert(article, (event, similarity));
        self.members.entry(event).or_default().push(article);
        Ok(())
    }

    fn event_members(
        &mut self,
        event: EventId,
        limit: usize,
    ) -> Result<Vec<ArticleKey>, Self::Error> {
        Ok(self
            .members
            .get(&event)
            .map(|m| m.iter().take(limit).copied().collect())
            .unwrap_or_default())
    }

    fn article(&mut self, article: ArticleKey) -> Result<Option<Article>, Self::Error> {
        Ok(self.articles.get(&article).cloned())
    }

    fn claim_links(
        &mut self,
        article: ArticleKey,
        position: u32,
    ) -> Result<Vec<ClaimLink>, Self::Error> {
        Ok(self
            .links
            .get(&(article, position))
            .map(|links| links.iter().map(|l| l.1).collect())
            .unwrap_or_default())
    }

    fn set_claim_link(
        &mut self,
        article: ArticleKey,
        position: u32,
        event: EventId,
        link: &ClaimLink,
    ) -> Result<(), Self::Error> {
        let links = self.links.entry((article, position)).or_default();
        links.retain(|l| l.1.group != link.group);
        links.push((event, *link));
        Ok(())
    }
}
