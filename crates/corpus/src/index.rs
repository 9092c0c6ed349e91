//! [`CorpusIndex`]: the persistent state the incremental corpus analysis reads and extends.
//!
//! The analysis itself ([`crate::Updater`]) is storage-free; a backend keeps the state. The
//! corpus store (`parallax-store`) implements this trait over SQLite, one transaction per
//! batch of articles; [`crate::MemoryIndex`] implements it in memory for tests and
//! evaluations. Articles are named by the backend's compact key ([`ArticleKey`]).

use parallax_core::Article;

use crate::dedup::CompactSignature;
use crate::vector::SparseVec;

/// The backend's key of a stored article.
pub type ArticleKey = i64;
/// The backend's key of an event.
pub type EventId = i64;
/// A near-duplicate group, named by the smallest key of its members.
pub type DupGroupId = i64;
/// A claim group, named by its first claim: `article << 16 | position`.
pub type ClaimGroupId = i64;

/// A stored article that shares an LSH bucket with the one being added.
#[derive(Debug, Clone)]
pub struct DupCandidate {
    pub article: ArticleKey,
    pub signature: CompactSignature,
    pub group: Option<DupGroupId>,
    pub event: Option<EventId>,
}

/// The state of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventState {
    /// Sum of the members' unit-length profiles (before IDF), pruned to its strongest terms.
    pub centroid: SparseVec,
    /// The keys under which the event is found ([`CorpusIndex::event_candidates`]).
    pub keys: Vec<u32>,
    /// Publication span of the dated members, Unix seconds.
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub size: u32,
}

/// How a claim stands in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// States the group's proposition (its first claim).
    States,
    /// Disputes it (denies, refutes, calls it false).
    Disputes,
}

impl Stance {
    pub fn as_i64(self) -> i64 {
        match self {
            Stance::States => 0,
            Stance::Disputes => 1,
        }
    }

    pub fn from_i64(v: i64) -> Stance {
        if v == 1 {
            Stance::Disputes
        } else {
            Stance::States
        }
    }

    /// The stance towards the group of a claim that stands `relation` to a claim standing
    /// `self` to it (agreeing with a dispute disputes).
    pub fn compose(self, relation: Stance) -> Stance {
        if self == relation {
            Stance::States
        } else {
            Stance::Disputes
        }
    }
}

/// A claim's place in one claim group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimLink {
    pub group: ClaimGroupId,
    pub stance: Stance,
    /// Similarity to the claim it was aligned with (1 for the group's first claim).
    pub similarity: f32,
}

/// The claim group id of a group started by claim `position` of `article`.
pub fn claim_group_id(article: ArticleKey, position: u32) -> ClaimGroupId {
    (article << 16) | (position.min(0xffff) as i64)
}

/// The article and claim position that started a claim group.
pub fn claim_group_origin(group: ClaimGroupId) -> (ArticleKey, u32) {
    (group >> 16, (group & 0xffff) as u32)
}

/// Persistent state of the corpus analysis. Every write is visible to later reads through
/// the same backend (the analysis of an article sees the articles added before it).
pub trait CorpusIndex {
    type Error: std::error::Error + Send + Sync + 'static;

    // Near-duplicates.

    /// Stored articles sharing any of `bands` (at most `per_band` per bucket), with their
    /// signatures, near-duplicate groups and events.
    fn dup_candidates(
        &mut self,
        bands: &[i64],
        per_band: usize,
    ) -> Result<Vec<DupCandidate>, Self::Error>;
    fn add_signature(
        &mut self,
        article: ArticleKey,
        bands: &[i64],
        signature: &CompactSignature,
    ) -> Result<(), Self::Error>;
    fn set_dup_group(
        &mut self,
        article: ArticleKey,
        group: DupGroupId,
        similarity: f32,
    ) -> Result<(), Self::Error>;
    /// Moves every member of group `from` into group `into`.
    fn merge_dup_groups(&mut self, from: DupGroupId, into: DupGroupId) -> Result<(), Self::Error>;

    // Term statistics.

    /// Articles counted so far.
    fn document_count(&mut self) -> Result<u64, Self::Error>;
    /// The document frequency of each of `terms`, in order.
    fn document_frequencies(&mut self, terms: &[u32]) -> Result<Vec<u32>, Self::Error>;
    /// Counts one more article containing `terms` (distinct).
    fn add_document(&mut self, terms: &[u32]) -> Result<(), Self::Error>;

    // Events.

    /// Events indexed under any of `keys`, at most `per_key` per key (most recent first).
    fn event_candidates(
        &mut self,
        keys: &[u32],
        per_key: usize,
    ) -> Result<Vec<EventId>, Self::Error>;
    fn event(&mut self, id: EventId) -> Result<Option<EventState>, Self::Error>;
    fn create_event(&mut self, state: &EventState) -> Result<EventId, Self::Error>;
    /// Replaces an event's state; `old_keys` are the keys it was indexed under.
    fn update_event(
        &mut self,
        id: EventId,
        state: &EventState,
        old_keys: &[u32],
    ) -> Result<(), Self::Error>;
    fn set_event(
        &mut self,
        article: ArticleKey,
        event: EventId,
        similarity: f32,
    ) -> Result<(), Self::Error>;
    /// Up to `limit` members of an event, earliest added first.
    fn event_members(
        &mut self,
        event: EventId,
        limit: usize,
    ) -> Result<Vec<ArticleKey>, Self::Error>;

    // Claims.

    /// The stored record of an article (to digest its claims).
    fn article(&mut self, article: ArticleKey) -> Result<Option<Article>, Self::Error>;
    /// The claim groups claim `position` of `article` is in (a claim stating several
    /// propositions can be in several).
    fn claim_links(
        &mut self,
        article: ArticleKey,
        position: u32,
    ) -> Result<Vec<ClaimLink>, Self::Error>;
    /// Puts a claim in `link.group` (replacing its link to that group, if any).
    fn set_claim_link(
        &mut self,
        article: ArticleKey,
        position: u32,
        event: EventId,
        link: &ClaimLink,
    ) -> Result<(), Self::Error>;
}
