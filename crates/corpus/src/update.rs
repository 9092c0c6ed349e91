//! [`Updater`]: adds articles to the corpus structures one at a time, incrementally.
//!
//! For each article, in order: its terms are counted (document frequencies); its MinHash
//! signature is matched against the LSH buckets and copies join a near-duplicate group; it
//! joins an event (a copy's event, else the most similar nearby event, else a new one); and
//! its claims are aligned with the claims of the event's other articles. Everything it reads
//! and writes goes through a [`CorpusIndex`], so the same code runs over the SQLite store
//! during `parallax ingest` and over memory in tests and evaluations.

use std::collections::HashMap;
use std::sync::Arc;

use crate::align::{best_match, similarity, units, ClaimConfig};
use crate::dedup::{DuplicateRule, Overlap};
use crate::digest::{claim_digests, ArticleDigest, ClaimDigest};
use crate::dispute::DisputeModel;
use crate::events::{absorb, new_event, EventConfig, Places};
use crate::hash::TermMap;
use crate::index::{
    claim_group_id, claim_group_origin, ArticleKey, ClaimGroupId, ClaimLink, CorpusIndex,
    DupCandidate, EventId, EventState, Stance,
};
use crate::vector::{Idf, SparseVec};

/// Settings of the whole corpus analysis.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CorpusConfig {
    pub duplicates: DuplicateRule,
    pub events: EventConfig,
    pub claims: ClaimConfig,
}

/// Articles read per LSH bucket: a bucket shared by more texts than this is boilerplate, not
/// a copy.
const PER_BAND: usize = 32;
/// Articles whose claim digests (and places) are kept between calls: two generations of half
/// this, the older one dropped when the newer fills, so that what recent articles keep reading
/// (the members of their events) stays, instead of the whole cache emptying at once.
const CLAIM_CACHE: usize = 20_000;
/// Members of an event whose places are read to say where the event happened.
const PLACE_MEMBERS: usize = 24;

/// What adding one article did.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    /// The most similar stored copy, if the article is a near-duplicate.
    pub duplicate_of: Option<(ArticleKey, Overlap)>,
    pub event: EventId,
    /// Whether the article started its event.
    pub new_event: bool,
    /// Its similarity to the event it joined (1 for a new event).
    pub similarity: f64,
    /// Claims aligned with a claim of another article.
    pub aligned_claims: usize,
    /// Of those, claims that dispute their group's proposition.
    pub disputing_claims: usize,
}

/// Adds articles to the corpus structures. Keeps caches (document frequencies, claim digests)
/// valid for one backend; use a new updater for another backend.
pub struct Updater {
    config: CorpusConfig,
    disputes: &'static DisputeModel,
    df: TermMap<u32>,
    documents: Option<u64>,
    claims: Generations<Arc<Vec<ClaimDigest>>>,
    places: Generations<Arc<Places>>,
}

impl Updater {
    pub fn new(config: CorpusConfig) -> Updater {
        Updater::with_model(config, DisputeModel::builtin())
    }

    pub fn with_model(config: CorpusConfig, disputes: &'static DisputeModel) -> Updater {
        Updater {
            config,
            disputes,
            df: TermMap::default(),
            documents: None,
            claims: Generations::default(),
            places: Generations::default(),
        }
    }

    pub fn config(&self) -> &CorpusConfig {
        &self.config
    }

    /// Adds the article stored under `key`, digested as `digest`.
    pub fn add<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
    ) -> Result<Added, I::Error> {
        self.count_terms(index, &digest.terms)?;
        let copies = self.find_copies(index, key, digest)?;
        let nearest = copies
            .iter()
            .max_by(|a, b| a.1.jaccard.total_cmp(&b.1.jaccard))
            .cloned();
        let (event, similarity, created) = match nearest.as_ref().and_then(|(c, _)| c.event) {
            Some(event) => {
                let sim = nearest.as_ref().map_or(1.0, |(_, o)| o.jaccard);
                self.join_event(index, key, digest, event, sim)?
            }
            None => self.assign_event(index, key, digest)?,
        };
        let (aligned_claims, disputing_claims) = if created {
            (0, 0)
        } else {
            self.align_claims(index, key, event, &digest.claims)?
        };
        self.remember_claims(key, digest.claims.clone());
        self.remember_places(key, digest.places.clone());
        Ok(Added {
            duplicate_of: nearest.map(|(c, o)| (c.article, o)),
            event,
            new_event: created,
            similarity,
            aligned_claims,
            disputing_claims,
        })
    }

    /// Adds the article stored under `key` to `event` as a member, without near-duplicate
    /// detection or a change to the event's profile, and aligns its claims: for evaluations
    /// that know which event an article belongs to (claim alignment given the event).
    pub fn add_to_event<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
        event: EventId,
    ) -> Result<Added, I::Error> {
        self.count_terms(index, &digest.terms)?;
        index.set_event(key, event, 1.0)?;
        let (aligned_claims, disputing_claims) =
            self.align_claims(index, key, event, &digest.claims)?;
        self.remember_claims(key, digest.claims.clone());
        Ok(Added {
            duplicate_of: None,
            event,
            new_event: false,
            similarity: 1.0,
            aligned_claims,
            disputing_claims,
        })
    }

    fn count_terms<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        terms: &[u32],
    ) -> Result<(), I::Error> {
        index.add_document(terms)?;
        for t in terms {
            if let Some(df) = self.df.get_mut(t) {
                *df += 1;
            }
        }
        match &mut self.documents {
            Some(n) => *n += 1,
            None => self.documents = Some(index.document_count()?),
        }
        Ok(())
    }

    /// Loads the document frequencies of `keys` that are not cached yet.
    fn load_df<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        keys: impl Iterator<Item = u32>,
    ) -> Result<(), I::Error> {
        let mut missing: Vec<u32> = keys.filter(|k| !self.df.contains_key(k)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        missing.sort_unstable();
        missing.dedup();
        let found = index.document_frequencies(&missing)?;
        self.df.extend(missing.into_iter().zip(found));
        Ok(())
    }

    fn idf(&self) -> impl Fn(u32) -> f64 + '_ {
        let idf = Idf {
            documents: self.documents.unwrap_or(0),
        };
        move |k| idf.weight(self.df.get(&k).copied().unwrap_or(0))
    }

    /// Near-duplicates: verified LSH candidates; groups them with the article.
    fn find_copies<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
    ) -> Result<Vec<(DupCandidate, Overlap)>, I::Error> {
        let compact = digest.signature.compact();
        let bands = digest.signature.bands();
        let mut copies = Vec::new();
        if !bands.is_empty() {
            for candidate in index.dup_candidates(&bands, PER_BAND)? {
                if candidate.article == key {
                    continue;
                }
                if let Some(o) = self
                    .config
                    .duplicates
                    .is_duplicate(&compact, &candidate.signature)
                {
                    copies.push((candidate, o));
                }
            }
        }
        index.add_signature(key, &bands, &compact)?;
        if copies.is_empty() {
            return Ok(copies);
        }
        let group = copies
            .iter()
            .map(|(c, _)| c.group.unwrap_or(c.article))
            .chain(std::iter::once(key))
            .min()
            .expect("at least the article itself");
        let mut merged = Vec::new();
        for (c, o) in &copies {
            match c.group {
                Some(g) if g != group => {
                    if !merged.contains(&g) {
                        index.merge_dup_groups(g, group)?;
                        merged.push(g);
                    }
                }
                Some(_) => {}
                None => index.set_dup_group(c.article, group, o.jaccard as f32)?,
            }
        }
        let best = copies.iter().map(|(_, o)| o.jaccard).fold(0.0, f64::max);
        index.set_dup_group(key, group, best as f32)?;
        Ok(copies)
    }

    /// The most similar event near the article in time, if similar enough; else a new event.
    fn assign_event<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
    ) -> Result<(EventId, f64, bool), I::Error> {
        let config = self.config.events;
        self.load_df(index, digest.profile.keys())?;
        let (vector, probe) = {
            let idf = self.idf();
            let vector = digest.profile.weighted(&idf).normalized();
            let probe = digest
                .profile
                .top_keys(config.probe_keys, |k, w| w as f64 * idf(k));
            (vector, probe)
        };
        let mut hits: HashMap<EventId, usize> = HashMap::new();
        for id in index.event_candidates(&probe, config.per_key)? {
            *hits.entry(id).or_default() += 1;
        }
        let mut ranked: Vec<(usize, EventId)> = hits.into_iter().map(|(id, n)| (n, id)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        ranked.truncate(config.candidates);

        let mut scored: Vec<(f64, EventId, EventState)> = Vec::new();
        for (_, id) in ranked {
            let Some(state) = index.event(id)? else {
                continue;
            };
            self.load_df(index, state.centroid.keys())?;
            let idf = self.idf();
            let sim = vector.cosine(&state.centroid.weighted(&idf))
                * config.time_factor(digest.published_at, &state);
            if sim >= config.threshold {
                scored.push((sim, id, state));
            }
        }
        // The most similar event, unless place sets them apart; then the next.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut joined = None;
        for (sim, id, state) in scored {
            if digest.places.mentions > 0 {
                let event_places = self.event_places(index, id)?;
                if digest.places.conflict(&event_places) {
                    continue;
                }
            }
            joined = Some((sim, id, state));
            break;
        }
        match joined {
            Some((sim, id, state)) => {
                self.absorb_into(index, key, digest, id, state, sim)?;
                Ok((id, sim, false))
            }
            None => {
                let mut state = new_event(&digest.profile, digest.published_at);
                self.rekey(&mut state);
                let id = index.create_event(&state)?;
                index.set_event(key, id, 1.0)?;
                Ok((id, 1.0, true))
            }
        }
    }

    /// Where an event happened, by the places its members name.
    fn event_places<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        event: EventId,
    ) -> Result<Places, I::Error> {
        let mut members = Vec::new();
        for member in index.event_members(event, PLACE_MEMBERS)? {
            let places = match self.places.get(member) {
                Some(p) => p,
                None => {
                    let places = Arc::new(
                        index
                            .article(member)?
                            .map(|a| Places::of(&a))
                            .unwrap_or_default(),
                    );
                    self.places.insert(member, places.clone());
                    places
                }
            };
            members.push(places);
        }
        Ok(Places::of_event(members.iter().map(|p| p.as_ref())))
    }

    fn remember_places(&mut self, key: ArticleKey, places: Places) {
        self.places.insert(key, Arc::new(places));
    }

    /// Joins a known event (a copy's).
    fn join_event<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
        event: EventId,
        similarity: f64,
    ) -> Result<(EventId, f64, bool), I::Error> {
        match index.event(event)? {
            Some(state) => {
                self.load_df(index, digest.profile.keys().chain(state.centroid.keys()))?;
                self.absorb_into(index, key, digest, event, state, similarity)?;
                Ok((event, similarity, false))
            }
            // The copy's event is gone (its record was re-analysed): cluster afresh.
            None => self.assign_event(index, key, digest),
        }
    }

    fn absorb_into<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        digest: &ArticleDigest,
        id: EventId,
        mut state: EventState,
        similarity: f64,
    ) -> Result<(), I::Error> {
        let old_keys = state.keys.clone();
        absorb(&mut state, &digest.profile, digest.published_at);
        self.load_df(index, state.centroid.keys())?;
        self.rekey(&mut state);
        index.update_event(id, &state, &old_keys)?;
        index.set_event(key, id, similarity as f32)
    }

    /// Prunes an event's centroid to its strongest terms and re-derives its index keys.
    fn rekey(&self, state: &mut EventState) {
        let config = self.config.events;
        let idf = self.idf();
        state
            .centroid
            .truncate_by(config.centroid_terms, |k, w| w as f64 * idf(k));
        state.keys = state
            .centroid
            .top_keys(config.index_keys, |k, w| w as f64 * idf(k));
    }

    fn remember_claims(&mut self, key: ArticleKey, claims: Vec<ClaimDigest>) {
        self.claims.insert(key, Arc::new(claims));
    }

    fn member_claims<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        member: ArticleKey,
    ) -> Result<Arc<Vec<ClaimDigest>>, I::Error> {
        if let Some(c) = self.claims.get(member) {
            return Ok(c);
        }
        let claims = index
            .article(member)?
            .map(|a| claim_digests(&a))
            .unwrap_or_default();
        self.remember_claims(member, claims);
        Ok(self.claims.get(member).expect("inserted above"))
    }

    /// Aligns each claim with its matches among the claims of the event's other members.
    ///
    /// Keys are weighted by corpus IDF times an event-local IDF (over the claims of the event's
    /// compared members): the names every claim of an event repeats ("IS", "Syria") say little
    /// about which proposition a claim states. Matches are tried best first; a claim joins a
    /// match's group (each of its groups, when it is in several) only if it is also similar to
    /// the group's first claim (groups do not chain from one proposition to another) and no
    /// other claim of its article is in that group, and joins up to `max_groups` groups.
    fn align_claims<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        key: ArticleKey,
        event: EventId,
        claims: &[ClaimDigest],
    ) -> Result<(usize, usize), I::Error> {
        let config = self.config.claims;
        let mine: Vec<&ClaimDigest> = claims
            .iter()
            .filter(|c| c.keys.len() >= config.min_keys)
            .collect();
        if mine.is_empty() {
            return Ok((0, 0));
        }
        let mut others = Vec::new();
        for member in index.event_members(event, config.max_members)? {
            if member != key {
                others.push((member, self.member_claims(index, member)?));
            }
        }
        if others.is_empty() {
            return Ok((0, 0));
        }
        // The claims compared with, each once, with an inverted index of their keys: only
        // claims sharing `min_shared` keys with a new claim are scored.
        let pool: Vec<(ArticleKey, &ClaimDigest)> = others
            .iter()
            .flat_map(|(m, cs)| {
                cs.iter()
                    .filter(|c| c.keys.len() >= config.min_keys)
                    .map(move |c| (*m, c))
            })
            .collect();
        if pool.is_empty() {
            return Ok((0, 0));
        }
        let mut postings: TermMap<Vec<u32>> = TermMap::default();
        for (i, (_, c)) in pool.iter().enumerate() {
            for k in c.keys.keys() {
                postings.entry(k).or_default().push(i as u32);
            }
        }
        let keys: Vec<u32> = mine
            .iter()
            .flat_map(|c| c.keys.keys())
            .chain(postings.keys().copied())
            .collect();
        self.load_df(index, keys.into_iter())?;
        let local = LocalIdf::of(mine.iter().copied().chain(pool.iter().map(|(_, c)| *c)));
        // Unit-length weighted key vectors of each pool claim's units, computed when a new
        // claim first shares enough keys with it (most of a large event's claims never do).
        let mut weighted: Vec<Option<Vec<SparseVec>>> = vec![None; pool.len()];

        let (mut aligned, mut disputing) = (0, 0);
        let mut joined: Vec<ClaimGroupId> = Vec::new();
        let mut shared = vec![0u16; pool.len()];
        let mut touched: Vec<u32> = Vec::new();
        for claim in mine {
            let candidates: Vec<(f64, usize)> = {
                let corpus_idf = self.idf();
                let weight = |k: u32| corpus_idf(k) * local.weight(k);
                let vectors: Vec<SparseVec> = units(claim, config.clauses)
                    .map(|u| u.weighted(weight).normalized())
                    .collect();
                for k in claim.keys.keys() {
                    for &i in postings.get(&k).map_or(&[][..], |v| v) {
                        if shared[i as usize] == 0 {
                            touched.push(i);
                        }
                        shared[i as usize] += 1;
                    }
                }
                let mut found = Vec::new();
                for &i in &touched {
                    let i = i as usize;
                    if shared[i] as usize >= config.min_shared {
                        let theirs = weighted[i].get_or_insert_with(|| {
                            units(pool[i].1, config.clauses)
                                .map(|u| u.weighted(weight).normalized())
                                .collect()
                        });
                        let sim = best_match(&vectors, theirs, config.min_shared);
                        if sim >= config.threshold {
                            found.push((sim, i));
                        }
                    }
                    shared[i] = 0;
                }
                touched.clear();
                found.sort_by(|a, b| b.0.total_cmp(&a.0));
                found
            };
            // The groups this claim joins: its best match's, and any other whose claim it
            // matches too (a sentence may state several propositions).
            let mut mine_joined: Vec<ClaimGroupId> = Vec::new();
            let mut mine_disputes = false;
            'candidates: for (sim, i) in candidates {
                let (member, other) = pool[i];
                let links = index.claim_links(member, other.position)?;
                let options: Vec<(ClaimGroupId, Option<ClaimLink>)> = if links.is_empty() {
                    vec![(claim_group_id(member, other.position), None)]
                } else {
                    links.into_iter().map(|l| (l.group, Some(l))).collect()
                };
                for (group, anchor) in options {
                    if joined.contains(&group) {
                        continue;
                    }
                    if anchor.is_some() {
                        let (first_article, first_position) = claim_group_origin(group);
                        if (first_article, first_position) != (member, other.position)
                            && !self.similar_to_claim(
                                index,
                                claim,
                                first_article,
                                first_position,
                                &local,
                            )?
                        {
                            continue;
                        }
                    }
                    let relation = if self.disputes.mutual_of(&claim.dispute, &other.dispute)
                        >= config.dispute_threshold
                    {
                        Stance::Disputes
                    } else {
                        Stance::States
                    };
                    let anchor = match anchor {
                        Some(link) => link,
                        None => {
                            let link = ClaimLink {
                                group,
                                stance: Stance::States,
                                similarity: 1.0,
                            };
                            index.set_claim_link(member, other.position, event, &link)?;
                            link
                        }
                    };
                    let stance = anchor.stance.compose(relation);
                    index.set_claim_link(
                        key,
                        claim.position,
                        event,
                        &ClaimLink {
                            group,
                            stance,
                            similarity: sim as f32,
                        },
                    )?;
                    joined.push(group);
                    mine_joined.push(group);
                    mine_disputes |= stance == Stance::Disputes;
                    if mine_joined.len() >= config.max_groups {
                        break 'candidates;
                    }
                }
            }
            if !mine_joined.is_empty() {
                aligned += 1;
                disputing += mine_disputes as usize;
            }
        }
        Ok((aligned, disputing))
    }

    /// Whether `claim` clears the alignment threshold against claim `position` of `article`.
    fn similar_to_claim<I: CorpusIndex>(
        &mut self,
        index: &mut I,
        claim: &ClaimDigest,
        article: ArticleKey,
        position: u32,
        local: &LocalIdf,
    ) -> Result<bool, I::Error> {
        let claims = self.member_claims(index, article)?;
        let Some(first) = claims.iter().find(|c| c.position == position) else {
            return Ok(false);
        };
        self.load_df(index, first.keys.keys())?;
        let corpus_idf = self.idf();
        let weight = |k: u32| corpus_idf(k) * local.weight(k);
        let sim = similarity(claim, first, &weight, &self.config.claims);
        Ok(sim >= self.config.claims.threshold)
    }
}

/// A map of bounded size that forgets its least recently used entries a generation at a time.
#[derive(Debug)]
struct Generations<V> {
    newer: HashMap<ArticleKey, V>,
    older: HashMap<ArticleKey, V>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            newer: HashMap::new(),
            older: HashMap::new(),
        }
    }
}

impl<V: Clone> Generations<V> {
    /// The value of `key`, moved to the newer generation when found in the older.
    fn get(&mut self, key: ArticleKey) -> Option<V> {
        if let Some(v) = self.newer.get(&key) {
            return Some(v.clone());
        }
        let v = self.older.remove(&key)?;
        self.insert(key, v.clone());
        Some(v)
    }

    fn insert(&mut self, key: ArticleKey, value: V) {
        if self.newer.len() >= CLAIM_CACHE / 2 {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(key, value);
    }
}

/// A damping factor for keys that many of a set of claims (an event's) hold: 1 for a key in at
/// most a quarter of the claims, falling with `ln((n + 1) / (df + 1))` to 0.1 for a key in all
/// of them. Capped at 1 so that words only one claim has do not outweigh the shared ones.
struct LocalIdf {
    claims: usize,
    df: TermMap<u32>,
}

impl LocalIdf {
    fn of<'a>(claims: impl Iterator<Item = &'a ClaimDigest>) -> LocalIdf {
        let mut df: TermMap<u32> = TermMap::default();
        let mut n = 0;
        for c in claims {
            n += 1;
            for k in c.keys.keys() {
                *df.entry(k).or_default() += 1;
            }
        }
        LocalIdf { claims: n, df }
    }

    fn weight(&self, key: u32) -> f64 {
        let df = self.df.get(&key).copied().unwrap_or(0) as f64;
        let idf = ((self.claims as f64 + 1.0) / (df + 1.0)).ln();
        (idf / 4f64.ln()).clamp(0.1, 1.0)
    }
}

/// Unit-length IDF-weighted profile of a digest (for evaluations that compare articles).
pub fn weighted_profile(profile: &SparseVec, idf: impl Fn(u32) -> f64) -> SparseVec {
    profile.weighted(idf).normalized()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryIndex;
    use parallax_core::{Article, Claim, InputFormat, InputInfo};

    /// An article whose one paragraph is its one claim.
    fn article(id: u64, text: &str) -> Article {
        let mut a = Article::from_paragraphs(
            format!("{id:016x}"),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            &[text],
        );
        a.claims = vec![Claim {
            start: 0,
            end: text.chars().count(),
            checkworthy: 0.9,
            attributed_to: None,
        }];
        a
    }

    fn groups(index: &MemoryIndex, key: ArticleKey) -> Vec<ClaimGroupId> {
        let mut g: Vec<_> = index
            .all_claim_links()
            .filter(|l| l.0 == key)
            .map(|l| l.3.group)
            .collect();
        g.sort_unstable();
        g
    }

    /// A sentence stating two propositions joins the group of each: the advance (stated by
    /// the first article) and the road cut (stated by the second).
    #[test]
    fn a_compound_sentence_joins_the_group_of_each_proposition() {
        let texts = [
            "Militants advanced on the town of Harmaq from the desert on Sunday.",
            "The garrison's only supply road was severed when militants cut the route to the northern airfield.",
            "Militants advanced on the town of Harmaq from the desert, cutting the supply road to the northern airfield.",
        ];
        let mut index = MemoryIndex::new();
        let mut updater = Updater::new(CorpusConfig::default());
        let mut event = None;
        for (i, text) in texts.iter().enumerate() {
            let key = i as i64 + 1;
            let a = article(key as u64, text);
            let digest = ArticleDigest::of(&a);
            index.insert_article(key, a);
            match event {
                None => event = Some(updater.add(&mut index, key, &digest).unwrap().event),
                Some(e) => {
                    updater.add_to_event(&mut index, key, &digest, e).unwrap();
                }
            }
        }
        assert_eq!(
            groups(&index, 3),
            vec![claim_group_id(1, 0), claim_group_id(2, 0)]
        );
        // The first two state different things.
        assert_eq!(groups(&index, 2), vec![claim_group_id(2, 0)]);
    }
}
