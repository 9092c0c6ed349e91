//! The run-time tagging path of [`crate::NerModel`]: the features of [`crate::features`] and
//! the scores of [`HashedTagger::emissions`], assembled from parts computed once per distinct
//! word of a document (or once per model) instead of once per token.
//!
//! Scores are exact integer sums of 8-bit weights (see `parallax_learn::tagger`), so grouping
//! keys differently cannot change them. A token's score is the sum of
//! - its word's own keys (the word, affixes, shapes, clusters, and the position keys of a
//!   token that is neither sentence-initial nor in a headline), summed once per word;
//! - what each word in the +-2 window adds as a neighbour, summed once per word and offset;
//! - keys over neighbouring pairs and triples (bigrams, shape trigram), looked up per token,
//!   half-hashed once per word;
//! - keys with few values (capitalised runs, document casing, gazetteer codes, and in stage
//!   two stage one's tags and votes), summed once per model or document;
//! - context aggregation, summed once per distinct key of a name.
//!
//! Both stages' weights of a key sit side by side behind one lookup. The module's tests check
//! that every token gets exactly the sums [`crate::features::document_features`] gives.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use foldhash::HashMap;
use parallax_learn::features::KeyMap;
use parallax_learn::hashing::FeatureKey;
use parallax_learn::inline_key::InlineKey;
use parallax_learn::sequence::{DecodeScratch, Potentials};
use parallax_learn::tagger::HashedTagger;

use crate::features::{
    bias_key, bigram_next_start, bigram_prev_start, capitalised_runs, caps_run_key, caps_run_parts,
    context_keys, doc_case_evidence, doc_case_key, gazetteer_codes_of, gazetteer_keys,
    gazetteer_next_key, gazetteer_prev_key, is_initial, lower_next_shape_start,
    lower_prev_shape_start, neighbour_keys, position_keys, shape_trigram_start, short_shape,
    stage_one_tag_key, stage_one_vote_key, stage_one_vote_shape_key, starts_alphabetic,
    starts_upper, takes_context, vote_kind, vote_shares, word_keys, Resources,
    MAX_CONTEXT_OCCURRENCES, PAD_BEGIN_NORM, PAD_BEGIN_WORD, PAD_END_NORM, PAD_END_WORD,
};
use crate::lexicon::normalize;
use crate::tags::{Tag, OUTSIDE, TAG_COUNT};

const L: usize = TAG_COUNT;
/// Both stages side by side: stage one in `[..L]`, stage two in `[L..]`.
const L2: usize = 2 * TAG_COUNT;

/// Summed quantised weights of both stages.
type Sums = [i32; L2];
/// Summed quantised weights of stage two alone.
type StageSums = [i32; L];

#[inline(always)]
fn add(sums: &mut Sums, other: &Sums) {
    for (s, o) in sums.iter_mut().zip(other) {
        *s += o;
    }
}

#[inline(always)]
fn subtract(sums: &mut Sums, other: &Sums) {
    for (s, o) in sums.iter_mut().zip(other) {
        *s -= o;
    }
}

/// Both stages' quantised weights, one lookup per key: an open-addressing table (linear
/// probing, at most about two thirds full) of 32-bit key fingerprints, with the full key and
/// the weights stored by slot. The fingerprints (4 bytes a slot) mostly stay in the core's
/// cache, so an unknown key (common for word pairs) usually costs no memory access beyond
/// them, and a known one costs one row.
#[derive(Debug, Clone)]
struct JointWeights {
    mask: usize,
    /// Fingerprint by slot; 0 marks an empty slot.
    fingerprints: Vec<u32>,
    rows: Vec<JointRow>,
    /// The row of key 0 (whose fingerprint and slot could be anything).
    zero_row: Option<JointRow>,
}

#[derive(Debug, Clone, Copy)]
struct JointRow {
    key: u64,
    weights: [i8; L2],
}

const EMPTY_ROW: JointRow = JointRow {
    key: 0,
    weights: [0; L2],
};

/// High bits of a key (the slot comes from the low bits), never 0.
#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl JointWeights {
    /// Both taggers must have [`TAG_COUNT`] labels (as model files are checked to have).
    fn new(one: &HashedTagger, two: &HashedTagger) -> JointWeights {
        assert!(
            one.labels() == L && two.labels() == L,
            "NER taggers have {L} labels"
        );
        let mut rows: Vec<JointRow> = Vec::new();
        let mut row_of: KeyMap<u32> = KeyMap::default();
        for (stage, tagger) in [one, two].into_iter().enumerate() {
            for (r, &key) in tagger.index().keys().iter().enumerate() {
                let row = *row_of.entry(key).or_insert_with(|| {
                    rows.push(JointRow {
                        key,
                        weights: [0; L2],
                    });
                    (rows.len() - 1) as u32
                });
                rows[row as usize].weights[stage * L..(stage + 1) * L]
                    .copy_from_slice(tagger.row(r as u32));
            }
        }
        let capacity = (rows.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut table = JointWeights {
            mask: capacity - 1,
            fingerprints: vec![0; capacity],
            rows: vec![EMPTY_ROW; capacity],
            zero_row: None,
        };
        // Inserted in row order (stage one's keys, then stage two's new ones), so the layout
        // is deterministic.
        for row in rows {
            if row.key == 0 {
                table.zero_row = Some(row);
                continue;
            }
            let mut i = row.key as usize & table.mask;
            while table.fingerprints[i] != 0 {
                i = (i + 1) & table.mask;
            }
            table.fingerprints[i] = fingerprint(row.key);
            table.rows[i] = row;
        }
        table
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&[i8; L2]> {
        if key == 0 {
            return self.zero_row.as_ref().map(|r| &r.weights);
        }
        self.find_from(key, self.home(key))
    }

    /// The slot where probing for `key` starts.
    #[inline]
    fn home(&self, key: u64) -> usize {
        key as usize & self.mask
    }

    /// The first slot from `i` on with `key`'s fingerprint, or `None` at an empty slot.
    #[inline]
    fn probe(&self, key: u64, mut i: usize) -> Option<usize> {
        let wanted = fingerprint(key);
        loop {
            let f = self.fingerprints[i];
            if f == wanted {
                return Some(i);
            } else if f == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The weights of `key` (not 0), probing from slot `i` on.
    #[inline]
    fn find_from(&self, key: u64, mut i: usize) -> Option<&[i8; L2]> {
        loop {
            i = self.probe(key, i)?;
            let row = &self.rows[i];
            if row.key == key {
                return Some(&row.weights);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Looks up `keys` (at most [`LOOKUP_BATCH`]) into `rows`, as `get` of each would.
    ///
    /// Most lookups miss the core's caches (the table is megabytes), and one at a time each
    /// waits for the memory read before it. So this works in passes: it reads every key's
    /// home fingerprint, then probes (in cache now), then reads the rows, and within a
    /// pass the reads of different keys do not depend on each other and overlap.
    #[inline(always)]
    fn get_batch<'w>(&'w self, keys: &[u64], rows: &mut [Option<&'w [i8; L2]>]) {
        debug_assert!(keys.len() <= LOOKUP_BATCH && rows.len() >= keys.len());
        let mut home = [0u32; LOOKUP_BATCH];
        for (h, &key) in home.iter_mut().zip(keys) {
            *h = self.fingerprints[self.home(key)];
        }
        let mut candidate = [usize::MAX; LOOKUP_BATCH];
        for ((c, &key), &h) in candidate.iter_mut().zip(keys).zip(&home) {
            if h != 0 && key != 0 {
                *c = self.probe(key, self.home(key)).unwrap_or(usize::MAX);
            }
        }
        for ((row, &key), &c) in rows.iter_mut().zip(keys).zip(&candidate) {
            *row = if key == 0 {
                self.zero_row.as_ref().map(|r| &r.weights)
            } else if c == usize::MAX {
                None
            } else if self.rows[c].key == key {
                Some(&self.rows[c].weights)
            } else {
                // Another key with the same fingerprint: probe on.
                self.find_from(key, (c + 1) & self.mask)
            };
        }
    }

    /// Looks up `keys` (any number) into `rows` (cleared first), as `get` of each would.
    #[inline(always)]
    fn get_all<'w>(&'w self, keys: &[u64], rows: &mut Vec<Option<&'w [i8; L2]>>) {
        rows.clear();
        rows.resize(keys.len(), None);
        for (keys, rows) in keys.chunks(LOOKUP_BATCH).zip(rows.chunks_mut(LOOKUP_BATCH)) {
            self.get_batch(keys, rows);
        }
    }

    /// Adds the weights of `key` (if known) to `sums`.
    #[inline(always)]
    fn add(&self, key: u64, sums: &mut Sums) {
        if let Some(row) = self.get(key) {
            add_row(sums, row);
        }
    }

    /// Adds the weights of every known key in `keys` to `sums`.
    #[inline(always)]
    fn add_all(&self, keys: &[u64], sums: &mut Sums) {
        let mut rows = [None; LOOKUP_BATCH];
        for keys in keys.chunks(LOOKUP_BATCH) {
            self.get_batch(keys, &mut rows);
            for row in rows[..keys.len()].iter().flatten() {
                add_row(sums, row);
            }
        }
    }

    #[inline(always)]
    fn sum(&self, keys: &[u64]) -> Sums {
        let mut sums = [0; L2];
        self.add_all(keys, &mut sums);
        sums
    }
}

/// Keys over neighbouring words per token: two bigrams, two word-shape pairs, a shape
/// trigram.
const PAIR_KEYS: usize = 5;

/// How many keys [`JointWeights::get_batch`] looks up together.
const LOOKUP_BATCH: usize = 32;

#[inline(always)]
fn add_row(sums: &mut Sums, row: &[i8; L2]) {
    for (s, &w) in sums.iter_mut().zip(row) {
        *s += w as i32;
    }
}

/// What the run-time path precomputes per model: the joint weights and the sums of keys
/// with few possible values.
#[derive(Debug, Clone)]
pub(crate) struct Runtime {
    /// Distinguishes models in the per-thread word caches (clones share it: same weights).
    id: u64,
    weights: JointWeights,
    bias: Sums,
    /// By `caps_run_index`.
    caps_runs: Vec<Sums>,
    /// By `evidence * 8 + capitalised * 4 + initial + 2 * headline`.
    doc_case: Vec<Sums>,
    /// Stage two, by `offset_index * (L + 1) + tag` (tag `L`: outside the sentence).
    stage_one_tags: Vec<StageSums>,
    /// Stage two, by `kind * 5 + share`.
    votes: Vec<StageSums>,
}

fn caps_run_index(len: u64, place: u64, initial: bool) -> usize {
    ((len as usize - 1) * 4 + place as usize) * 2 + initial as usize
}

fn stage_two(sums: Sums) -> StageSums {
    let mut out = [0; L];
    out.copy_from_slice(&sums[L..]);
    out
}

impl Runtime {
    pub(crate) fn new(one: &HashedTagger, two: &HashedTagger) -> Runtime {
        let weights = JointWeights::new(one, two);
        let mut caps_runs = vec![[0; L2]; caps_run_index(5, 3, true) + 1];
        for len in 1..=5 {
            for place in 0..4 {
                for initial in [false, true] {
                    caps_runs[caps_run_index(len, place, initial)] =
                        weights.sum(&[caps_run_key(len, place, initial)]);
                }
            }
        }
        let mut doc_case = vec![[0; L2]; 32];
        for evidence in 0..4u64 {
            for capitalised in [false, true] {
                for initial in [false, true] {
                    for headline in [false, true] {
                        doc_case[doc_case_index(evidence, capitalised, initial, headline)] =
                            weights.sum(&[doc_case_key(evidence, capitalised, initial, headline)]);
                    }
                }
            }
        }
        let mut stage_one_tags = Vec::with_capacity(3 * (L + 1));
        for offset_index in 0..3u64 {
            for tag in 0..=L {
                let tag = (tag < L).then_some(tag as Tag);
                stage_one_tags.push(stage_two(
                    weights.sum(&[stage_one_tag_key(offset_index, tag)]),
                ));
            }
        }
        let mut votes = Vec::with_capacity(25);
        for kind in 0..5u64 {
            for share in 0..5u64 {
                votes.push(stage_two(weights.sum(&[stage_one_vote_key(kind, share)])));
            }
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Runtime {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            bias: weights.sum(&[bias_key()]),
            weights,
            caps_runs,
            doc_case,
            stage_one_tags,
            votes,
        }
    }
}

fn doc_case_index(evidence: u64, capitalised: bool, initial: bool, headline: bool) -> usize {
    evidence as usize * 8 + capitalised as usize * 4 + initial as usize + 2 * headline as usize
}

/// Which tokens get confidences (marginals from forward-backward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confidence {
    None,
    /// A sentence's tokens from its first entity token to its last (all that spans need).
    Entities,
    All,
}

/// Tags of a document's tokens (flat, in order) and the marginal probability of each tag
/// where computed (NaN elsewhere).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tagged {
    pub tags: Vec<Tag>,
    pub confidence: Vec<f32>,
}

/// Words whose parts a thread keeps between documents (about 7 MB); when a document starts
/// with more than this many, the cache keeps the half used most recently.
const CACHE_WORDS: usize = 1 << 14;

thread_local! {
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// Runs `f` with this thread's word cache (or, if it is unavailable, a fresh one).
fn with_cache<R>(f: impl FnOnce(&mut WordCache) -> R) -> R {
    let mut f = Some(f);
    let done = CACHE.try_with(|cell| {
        let mut cache = cell.try_borrow_mut().ok()?;
        let f = f.take()?;
        Some(f(&mut cache))
    });
    match (done, f) {
        (Ok(Some(result)), _) => result,
        (_, Some(f)) => f(&mut WordCache::default()),
        (_, None) => unreachable!("the closure ran only if it returned"),
    }
}

/// A thread's memo of what words add to scores under one model: entries depend only on the
/// word and the model, and scores are exact sums, so results never depend on what is cached.
struct WordCache {
    /// Thinned to the half used most recently when a document starts with more words than
    /// this.
    capacity: usize,
    /// `Runtime::id` of the model the entries belong to (0: none yet).
    model: u64,
    words: Vec<Word>,
    /// Looked up for every token: a fast hash (foldhash), and short words held in the
    /// table itself.
    word_ids: HashMap<WordKey, u32>,
    norms: Vec<Norm>,
    norm_ids: HashMap<Box<str>, u32>,
    /// Numbers documents, so words and forms can carry document-local ids (see `local`).
    document: u64,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            capacity: CACHE_WORDS,
            model: 0,
            words: Vec::new(),
            word_ids: HashMap::default(),
            norms: Vec::new(),
            norm_ids: HashMap::default(),
            document: 0,
        }
    }
}

/// Bytes of a word kept in a [`WordKey`] itself (most words are shorter).
const INLINE_WORD: usize = 22;

/// A word as a key of the word cache: short words sit in the table's own slots.
type WordKey = InlineKey<INLINE_WORD>;

/// A lowercase-and-digit-folded form.
struct Norm {
    text: Box<str>,
    cluster: Option<Box<str>>,
    casing: u8,
    /// The most tokens a gazetteer entry starting with this form has (0: none).
    gazetteer_tokens: usize,
    /// Whether a gazetteer entry can end with this form.
    gazetteer_end: bool,
    local: Local,
}

/// A word, with what it adds to scores and its half-hashed pair keys.
struct Word {
    norm: u32,
    shape: Box<str>,
    capitalised: bool,
    alphabetic: bool,
    /// Counts towards headline detection: two letters or more, and none of them lowercase.
    lettered: bool,
    shouting: bool,
    takes_context: bool,
    casing: u8,
    chars: usize,
    /// Own keys with the position keys of a token in running text.
    own: [i16; L2],
    /// What the word adds at offsets -2, -1, +1, +2 from a token.
    neighbours: [[i16; L2]; 4],
    /// As the word before a token.
    bigram_prev: FeatureKey,
    lower_prev_shape: FeatureKey,
    shape_trigram: FeatureKey,
    /// As the token.
    bigram_next: FeatureKey,
    lower_next_shape: FeatureKey,
    local: Local,
}

/// A document-local id, valid while `document` is the cache's current document.
#[derive(Default, Clone, Copy)]
struct Local {
    document: u64,
    id: u32,
}

/// Word ids of the sentence padding.
const PAD_BEGIN: u32 = 0;
const PAD_END: u32 = 1;

/// Sums of at most a few dozen 8-bit weights always fit 16 bits.
fn narrow(sums: &Sums) -> [i16; L2] {
    let mut out = [0i16; L2];
    for (o, &s) in out.iter_mut().zip(sums) {
        *o = s.clamp(i16::MIN as i32, i16::MAX as i32) as i16;
    }
    out
}

#[inline(always)]
fn add_narrow(sums: &mut Sums, other: &[i16; L2]) {
    for (s, &o) in sums.iter_mut().zip(other) {
        *s += o as i32;
    }
}

impl WordCache {
    /// Readies the cache for a document tagged by `runtime`'s model.
    fn begin(&mut self, runtime: &Runtime, resources: &Resources) {
        if self.model == runtime.id && self.words.len() > self.capacity {
            self.keep_recent(self.capacity / 2);
        }
        if self.model != runtime.id {
            self.model = runtime.id;
            self.words.clear();
            self.word_ids.clear();
            self.norms.clear();
            self.norm_ids.clear();
            // The padding has fixed shapes and no cluster or casing prior, and is not looked
            // up by its text (a real token may read "<S>").
            for (word, norm) in [
                (PAD_BEGIN_WORD, PAD_BEGIN_NORM),
                (PAD_END_WORD, PAD_END_NORM),
            ] {
                let norm_id = self.norm(norm, resources);
                let entry = Word::new(word, norm_id, norm, word.to_string(), None, 0, runtime);
                self.words.push(entry);
            }
        }
        self.document += 1;
    }

    /// Drops all but the `keep` words (at most) used in the latest documents, and the forms
    /// no kept word has. Emptying the cache instead would drop the common words too, which
    /// every document has and which would all be rebuilt.
    fn keep_recent(&mut self, keep: usize) {
        // The last document each word was in; the padding always stays.
        let mut last_used: Vec<u64> = self.words[2..].iter().map(|w| w.local.document).collect();
        if last_used.len() <= keep {
            return;
        }
        // Words last used after the newest dropped one stay: `keep` at most.
        let (_, &mut newest_dropped, _) = last_used.select_nth_unstable_by(keep, |a, b| b.cmp(a));
        let mut word_id = vec![u32::MAX; self.words.len()];
        let mut kept = Vec::with_capacity(keep + 2);
        for (id, word) in std::mem::take(&mut self.words).into_iter().enumerate() {
            if id < 2 || word.local.document > newest_dropped {
                word_id[id] = kept.len() as u32;
                kept.push(word);
            }
        }
        self.words = kept;
        self.word_ids.retain(|_, id| {
            *id = word_id[*id as usize];
            *id != u32::MAX
        });
        let mut norm_id = vec![u32::MAX; self.norms.len()];
        for word in &self.words {
            norm_id[word.norm as usize] = 0;
        }
        let mut kept = Vec::with_capacity(self.words.len());
        for (id, norm) in std::mem::take(&mut self.norms).into_iter().enumerate() {
            if norm_id[id] == 0 {
                norm_id[id] = kept.len() as u32;
                kept.push(norm);
            }
        }
        self.norms = kept;
        for word in &mut self.words {
            word.norm = norm_id[word.norm as usize];
        }
        self.norm_ids.retain(|_, id| {
            *id = norm_id[*id as usize];
            *id != u32::MAX
        });
    }

    fn norm(&mut self, text: &str, resources: &Resources) -> u32 {
        if let Some(&id) = self.norm_ids.get(text) {
            return id;
        }
        let id = self.norms.len() as u32;
        self.norms.push(Norm {
            text: text.into(),
            cluster: resources.clusters.path(text).map(Box::from),
            casing: resources.casing.bucket(text),
            gazetteer_tokens: resources.gazetteer.max_tokens_from(text),
            gazetteer_end: resources.gazetteer.may_end_entry(text),
            local: Local::default(),
        });
        self.norm_ids.insert(text.into(), id);
        id
    }

    fn word(&mut self, text: &str, resources: &Resources, runtime: &Runtime) -> u32 {
        let key = WordKey::new(text);
        if let Some(&id) = self.word_ids.get(&key) {
            return id;
        }
        let norm_text = normalize(text);
        let norm_id = self.norm(&norm_text, resources);
        let norm = &self.norms[norm_id as usize];
        let word = Word::new(
            text,
            norm_id,
            &norm_text,
            short_shape(text),
            norm.cluster.as_deref(),
            norm.casing,
            runtime,
        );
        let id = self.words.len() as u32;
        // Pushed before it is indexed, so an interrupted insertion leaves no dangling id.
        self.words.push(word);
        self.word_ids.insert(key, id);
        id
    }

    fn norm_of(&self, word: u32) -> &Norm {
        &self.norms[self.words[word as usize].norm as usize]
    }
}

impl Word {
    fn new(
        text: &str,
        norm_id: u32,
        norm: &str,
        shape: String,
        cluster: Option<&str>,
        casing: u8,
        runtime: &Runtime,
    ) -> Self {
        let capitalised = starts_upper(text);
        let mut letters = 0;
        let mut lowercase = false;
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c.is_alphabetic() {
                letters += 1;
            }
            lowercase |= c.is_lowercase();
        }
        // Every key of the word in one list, looked up together (see `get_batch`): own keys
        // with the position keys of running text, then what it adds at each neighbour offset.
        let mut keys: Vec<u64> = Vec::with_capacity(48);
        keys.extend_from_slice(word_keys(text, norm, &shape, cluster).as_slice());
        keys.extend(position_keys(
            &shape,
            chars,
            casing,
            capitalised,
            false,
            false,
        ));
        let mut ends = [0usize; 5];
        ends[0] = keys.len();
        for (slot, offset_index) in [0u32, 1, 3, 4].into_iter().enumerate() {
            let neighbour =
                neighbour_keys(offset_index, norm, &shape, cluster, casing, capitalised);
            keys.extend_from_slice(neighbour.as_slice());
            ends[slot + 1] = keys.len();
        }
        let mut rows = Vec::new();
        runtime.weights.get_all(&keys, &mut rows);
        let sum = |range: std::ops::Range<usize>| {
            let mut sums = [0; L2];
            for row in rows[range].iter().flatten() {
                add_row(&mut sums, row);
            }
            sums
        };
        let own = sum(0..ends[0]);
        let mut neighbours = [[0; L2]; 4];
        for (slot, n) in neighbours.iter_mut().enumerate() {
            *n = narrow(&sum(ends[slot]..ends[slot + 1]));
        }
        Word {
            norm: norm_id,
            capitalised,
            alphabetic: starts_alphabetic(text),
            lettered: letters >= 2,
            shouting: !lowercase,
            takes_context: takes_context(text),
            casing,
            chars,
            own: narrow(&own),
            neighbours,
            bigram_prev: bigram_prev_start(norm),
            lower_prev_shape: lower_prev_shape_start(norm),
            shape_trigram: shape_trigram_start(&shape),
            bigram_next: bigram_next_start(norm),
            lower_next_shape: lower_next_shape_start(&shape),
            shape: shape.into(),
            local: Local::default(),
        }
    }
}

/// A document being tagged: its words, and its sentences (`[start, end)` ranges of word
/// indices, in order, covering the words).
struct Document<'a> {
    resources: &'a Resources,
    runtime: &'a Runtime,
    cache: &'a WordCache,
    words: &'a [&'a str],
    sentences: &'a [(usize, usize)],
    /// Cache id of each token's word.
    word_of: Vec<u32>,
    /// Document-local id of each token's word, and of each token's form.
    local_word_of: Vec<u32>,
    local_norm_of: Vec<u32>,
    /// Cache ids of the document's words and forms, by local id.
    local_words: Vec<u32>,
    local_norms: usize,
}

impl<'a> Document<'a> {
    fn new(
        resources: &'a Resources,
        runtime: &'a Runtime,
        cache: &'a mut WordCache,
        words: &'a [&'a str],
        sentences: &'a [(usize, usize)],
    ) -> Self {
        cache.begin(runtime, resources);
        let document = cache.document;
        let mut word_of = Vec::with_capacity(words.len());
        let mut local_word_of = Vec::with_capacity(words.len());
        let mut local_norm_of = Vec::with_capacity(words.len());
        let mut local_words = Vec::new();
        let mut local_norms = 0;
        for w in words {
            let id = cache.word(w, resources, runtime);
            let entry = &mut cache.words[id as usize];
            if entry.local.document != document {
                entry.local = Local {
                    document,
                    id: local_words.len() as u32,
                };
                local_words.push(id);
            }
            let (local_word, norm) = (entry.local.id, entry.norm);
            let norm = &mut cache.norms[norm as usize];
            if norm.local.document != document {
                norm.local = Local {
                    document,
                    id: local_norms as u32,
                };
                local_norms += 1;
            }
            word_of.push(id);
            local_word_of.push(local_word);
            local_norm_of.push(norm.local.id);
        }
        Document {
            resources,
            runtime,
            cache,
            words,
            sentences,
            word_of,
            local_word_of,
            local_norm_of,
            local_words,
            local_norms,
        }
    }

    fn word(&self, token: usize) -> &'a Word {
        &self.cache.words[self.word_of[token] as usize]
    }

    /// Whether each sentence is an all-caps headline (as [`crate::features::is_headline`]).
    fn headlines(&self) -> Vec<bool> {
        self.sentences
            .iter()
            .map(|&(a, b)| {
                let (mut lettered, mut shouting) = (0, 0);
                for i in a..b {
                    let w = self.word(i);
                    if w.lettered {
                        lettered += 1;
                        shouting += w.shouting as usize;
                    }
                }
                lettered >= 2 && shouting * 10 >= lettered * 7
            })
            .collect()
    }

    /// How each form is written in running text (neither the first token nor in a headline):
    /// capitalised and lowercase counts, by local form id.
    fn doc_case(&self, headlines: &[bool]) -> Vec<(u16, u16)> {
        let mut counts = vec![(0u16, 0u16); self.local_norms];
        for (&(a, b), &headline) in self.sentences.iter().zip(headlines) {
            if headline {
                continue;
            }
            for i in (a + 1).min(b)..b {
                let w = self.word(i);
                if !w.alphabetic {
                    continue;
                }
                let c = &mut counts[self.local_norm_of[i] as usize];
                if w.capitalised {
                    c.0 = c.0.saturating_add(1);
                } else {
                    c.1 = c.1.saturating_add(1);
                }
            }
        }
        counts
    }

    /// Stage one's sums and the part of stage two's that does not depend on stage one.
    /// Always inlined, so that [`tag_document`]'s AVX2 copy has it compiled for AVX2.
    #[inline(always)]
    fn base_sums(&self) -> Vec<Sums> {
        let runtime = self.runtime;
        let weights = &runtime.weights;
        let cache = self.cache;
        let headlines = self.headlines();
        let doc_case = self.doc_case(&headlines);
        let mut base: Vec<Sums> = vec![[0; L2]; self.words.len()];
        let mut gazetteer_cache: Vec<(u16, [Sums; 3])> = Vec::new();
        let mut gazetteer = |code: u16, part: usize| -> Sums {
            let at = match gazetteer_cache.iter().position(|&(c, _)| c == code) {
                Some(at) => at,
                None => {
                    gazetteer_cache.push((
                        code,
                        [
                            weights.sum(gazetteer_keys(code).as_slice()),
                            weights.sum(&[gazetteer_prev_key(code)]),
                            weights.sum(&[gazetteer_next_key(code)]),
                        ],
                    ));
                    gazetteer_cache.len() - 1
                }
            };
            gazetteer_cache[at].1[part]
        };
        let mut norms: Vec<&str> = Vec::new();
        let mut pair_keys: Vec<u64> = Vec::new();
        let mut pair_rows = Vec::new();
        for (&(a, b), &headline) in self.sentences.iter().zip(&headlines) {
            let sentence_words = &self.words[a..b];
            let len = b - a;
            norms.clear();
            norms.extend((a..b).map(|i| &*cache.norm_of(self.word_of[i]).text));
            let matches = self.resources.gazetteer.matches_bounded(
                &norms,
                |i| cache.norm_of(self.word_of[a + i]).gazetteer_tokens,
                |i| cache.norm_of(self.word_of[a + i]).gazetteer_end,
            );
            let codes = gazetteer_codes_of(len, &matches);
            let runs = capitalised_runs(sentence_words, headline);
            let word_at = |i: isize| -> u32 {
                if i < 0 {
                    PAD_BEGIN
                } else if i as usize >= len {
                    PAD_END
                } else {
                    self.word_of[a + i as usize]
                }
            };
            // Keys over neighbouring pairs and triples, PAIR_KEYS per token, looked up
            // together (see `get_batch`).
            pair_keys.clear();
            for i in 0..len {
                let ii = i as isize;
                let t = self.word(a + i);
                let (prev, next) = (word_at(ii - 1), word_at(ii + 1));
                let p = &cache.words[prev as usize];
                let norm = &*cache.norm_of(self.word_of[a + i]).text;
                let next_norm = &*cache.norm_of(next).text;
                let next_shape = &*cache.words[next as usize].shape;
                pair_keys.extend([
                    p.bigram_prev.str(norm).finish(),
                    t.bigram_next.str(next_norm).finish(),
                    p.lower_prev_shape.str(&t.shape).finish(),
                    t.lower_next_shape.str(next_norm).finish(),
                    p.shape_trigram.str(&t.shape).str(next_shape).finish(),
                ]);
            }
            weights.get_all(&pair_keys, &mut pair_rows);
            for i in 0..len {
                let t = self.word(a + i);
                // Summed in a local and stored once: adding into `base` in place keeps the
                // compiler from vectorising the additions (it cannot tell `base` from the
                // rows read).
                let mut local = runtime.bias;
                let sums = &mut local;
                add_narrow(sums, &t.own);
                let initial = is_initial(sentence_words, i);
                if initial || headline {
                    // `own` has the position keys of running text: swap them.
                    let (shape, chars, casing, capitalised) =
                        (&*t.shape, t.chars, t.casing, t.capitalised);
                    let actual =
                        position_keys(shape, chars, casing, capitalised, initial, headline);
                    let running = position_keys(shape, chars, casing, capitalised, false, false);
                    add(sums, &weights.sum(&actual));
                    subtract(sums, &weights.sum(&running));
                }
                let ii = i as isize;
                for (slot, offset) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                    add_narrow(
                        sums,
                        &cache.words[word_at(ii + offset) as usize].neighbours[slot],
                    );
                }
                for row in pair_rows[i * PAIR_KEYS..(i + 1) * PAIR_KEYS]
                    .iter()
                    .flatten()
                {
                    add_row(sums, row);
                }
                if runs[i].1 > runs[i].0 {
                    let (run_len, place) = caps_run_parts(i, runs[i]);
                    add(
                        sums,
                        &runtime.caps_runs[caps_run_index(run_len, place, initial)],
                    );
                }
                if codes[i] != 0 {
                    add(sums, &gazetteer(codes[i], 0));
                }
                if i > 0 && codes[i - 1] != 0 {
                    add(sums, &gazetteer(codes[i - 1], 1));
                }
                if i + 1 < len && codes[i + 1] != 0 {
                    add(sums, &gazetteer(codes[i + 1], 2));
                }
                if t.alphabetic {
                    let counts = doc_case[self.local_norm_of[a + i] as usize];
                    let evidence = doc_case_evidence(counts, t.capitalised, initial, headline);
                    let index = doc_case_index(evidence, t.capitalised, initial, headline);
                    add(sums, &runtime.doc_case[index]);
                }
                base[a + i] = local;
            }
        }
        for (i, sums) in self.context_sums() {
            add(&mut base[i], &sums);
        }
        base
    }

    /// Stage two's sums of every token, given the base sums and stage one's tags. Always
    /// inlined, as `base_sums`.
    #[inline(always)]
    fn stage_two_sums(&self, base: &[Sums], first: &[Tag]) -> Vec<StageSums> {
        let runtime = self.runtime;
        let cache = self.cache;
        // Stage one's votes per form (capitalised tokens only), then each word's vote sums.
        let mut votes: Vec<Option<[u16; 5]>> = vec![None; self.local_norms];
        for (i, &tag) in first.iter().enumerate() {
            if !self.word(i).capitalised {
                continue;
            }
            let counts = votes[self.local_norm_of[i] as usize].get_or_insert([0; 5]);
            let k = vote_kind(tag);
            counts[k] = counts[k].saturating_add(1);
        }
        let word_votes: Vec<Option<StageSums>> = self
            .local_words
            .iter()
            .map(|&id| {
                let w = &cache.words[id as usize];
                let counts = votes[cache.norms[w.norm as usize].local.id as usize].as_ref()?;
                let mut sums = [0; L2];
                for (kind, share) in vote_shares(counts) {
                    let table = &runtime.votes[kind as usize * 5 + share as usize];
                    for (s, v) in sums[L..].iter_mut().zip(table) {
                        *s += v;
                    }
                    let key = stage_one_vote_shape_key(kind, share, &w.shape);
                    runtime.weights.add(key, &mut sums);
                }
                Some(stage_two(sums))
            })
            .collect();
        let stage_one_tag = |offset_index: usize, tag: Option<Tag>| {
            &runtime.stage_one_tags[offset_index * (L + 1) + tag.map_or(L, |t| t as usize)]
        };
        let mut out = Vec::with_capacity(base.len());
        for &(a, b) in self.sentences {
            for i in a..b {
                let mut sums: StageSums = stage_two(base[i]);
                let before = (i > a).then(|| first[i - 1]);
                let after = (i + 1 < b).then(|| first[i + 1]);
                for (offset_index, tag) in [before, Some(first[i]), after].into_iter().enumerate() {
                    for (s, v) in sums.iter_mut().zip(stage_one_tag(offset_index, tag)) {
                        *s += v;
                    }
                }
                if let Some(extra) = &word_votes[self.local_word_of[i] as usize] {
                    for (s, v) in sums.iter_mut().zip(extra) {
                        *s += v;
                    }
                }
                out.push(sums);
            }
        }
        out
    }

    /// Context aggregation sums per token (see `add_document_context` in
    /// [`crate::features`]): each occurrence of a capitalised word gets the context keys of
    /// its other occurrences, each distinct key once. So occurrence `k` gets every key the
    /// occurrences give except those that only `k` gives.
    #[inline(always)]
    fn context_sums(&self) -> Vec<(usize, Sums)> {
        let cache = self.cache;
        let weights = &self.runtime.weights;
        let mut occurrences: Vec<Vec<usize>> = vec![Vec::new(); self.local_norms];
        let mut names: Vec<u32> = Vec::new();
        let mut sentence_of = vec![(0usize, 0usize); self.words.len()];
        for &(a, b) in self.sentences {
            sentence_of[a..b].fill((a, b));
            for i in a..b {
                if !self.word(i).takes_context {
                    continue;
                }
                let norm = self.local_norm_of[i];
                let list = &mut occurrences[norm as usize];
                if list.is_empty() {
                    names.push(norm);
                }
                if list.len() < MAX_CONTEXT_OCCURRENCES {
                    list.push(i);
                }
            }
        }
        let neighbour = |i: usize, offset: isize| -> &Norm {
            let (a, b) = sentence_of[i];
            let j = i as isize + offset;
            let word = if j < a as isize {
                PAD_BEGIN
            } else if j >= b as isize {
                PAD_END
            } else {
                self.word_of[j as usize]
            };
            cache.norm_of(word)
        };
        let mut out = Vec::new();
        // Distinct keys of one name with how many occurrences give each, and the keys each
        // occurrence gives.
        let mut distinct: Vec<(u64, u32)> = Vec::new();
        let mut given: Vec<[u64; 4]> = Vec::new();
        let mut given_len: Vec<usize> = Vec::new();
        for norm in names {
            let list = &occurrences[norm as usize];
            if list.len() < 2 {
                continue;
            }
            distinct.clear();
            given.clear();
            given_len.clear();
            for &i in list {
                let (before, after) = (neighbour(i, -1), neighbour(i, 1));
                let keys = context_keys(
                    &before.text,
                    &after.text,
                    before.cluster.as_deref(),
                    after.cluster.as_deref(),
                );
                let keys = keys.as_slice();
                let mut row = [0u64; 4];
                row[..keys.len()].copy_from_slice(keys);
                given.push(row);
                given_len.push(keys.len());
                for &key in keys {
                    match distinct.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, count)) => *count += 1,
                        None => distinct.push((key, 1)),
                    }
                }
            }
            let mut total = [0; L2];
            for &(key, _) in &distinct {
                weights.add(key, &mut total);
            }
            for (k, &i) in list.iter().enumerate() {
                let mut sums = total;
                for &key in &given[k][..given_len[k]] {
                    let count = distinct.iter().find(|(d, _)| *d == key).map_or(0, |d| d.1);
                    if count == 1 {
                        let mut own = [0; L2];
                        weights.add(key, &mut own);
                        subtract(&mut sums, &own);
                    }
                }
                out.push((i, sums));
            }
        }
        out
    }
}

/// Tags a document given as words (flat) and sentences (`[start, end)` ranges of word
/// indices, in order, covering the words); confidences are marginals of stage two at
/// `temperature`.
pub(crate) fn tag(
    resources: &Resources,
    runtime: &Runtime,
    stages: [&HashedTagger; 2],
    temperature: f32,
    words: &[&str],
    sentences: &[(usize, usize)],
    confidence: Confidence,
) -> Tagged {
    with_cache(|cache| {
        let document = Document::new(resources, runtime, cache, words, sentences);
        tag_document(&document, stages, temperature, confidence)
    })
}

fn tag_document(
    document: &Document,
    stages: [&HashedTagger; 2],
    temperature: f32,
    confidence: Confidence,
) -> Tagged {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been checked to support AVX2.
        return unsafe { tag_document_avx2(document, stages, temperature, confidence) };
    }
    tag_document_with(document, stages, temperature, confidence)
}

/// [`tag_document`] compiled for AVX2: the per-token sums widen 34 8-bit or 16-bit weights
/// to 32 bits and add them, eight lanes an instruction instead of four (and with one
/// instruction to widen where SSE2 takes several). Integer sums and the same float
/// operations in the same order, so the same scores and tags.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn tag_document_avx2(
    document: &Document,
    stages: [&HashedTagger; 2],
    temperature: f32,
    confidence: Confidence,
) -> Tagged {
    tag_document_with(document, stages, temperature, confidence)
}

#[inline(always)]
fn tag_document_with(
    document: &Document,
    stages: [&HashedTagger; 2],
    temperature: f32,
    confidence: Confidence,
) -> Tagged {
    let (n, sentences) = (document.words.len(), document.sentences);
    let base = document.base_sums();
    let [one, two] = stages;
    let mut scratch = DecodeScratch::default();
    let mut emissions: Vec<f32> = Vec::new();
    let mut path: Vec<Tag> = Vec::new();
    let mut first: Vec<Tag> = vec![OUTSIDE; n];
    for &(a, b) in sentences {
        emissions.clear();
        for sums in &base[a..b] {
            one.scale_extend(&sums[..L], &mut emissions);
        }
        one.chain().viterbi(&emissions, &mut scratch, &mut path);
        first[a..b].copy_from_slice(&path);
    }
    let second = document.stage_two_sums(&base, &first);
    let mut out = Tagged {
        tags: vec![OUTSIDE; n],
        confidence: vec![f32::NAN; n],
    };
    let mut marginals = Vec::new();
    // Stage two's potentials, worked out for the first sentence that needs confidences.
    let mut potentials: Option<Potentials> = None;
    for &(a, b) in sentences {
        emissions.clear();
        for sums in &second[a..b] {
            two.scale_extend(sums, &mut emissions);
        }
        two.chain().viterbi(&emissions, &mut scratch, &mut path);
        out.tags[a..b].copy_from_slice(&path);
        // Positions (in the sentence) that get confidences: with `Entities`, from the first
        // entity token to the last (`marginals_within` spares the rest of the sentence).
        let wanted = match confidence {
            Confidence::None => 0..0,
            Confidence::Entities => {
                let first = path.iter().position(|&t| t != OUTSIDE);
                let last = path.iter().rposition(|&t| t != OUTSIDE);
                first.zip(last).map_or(0..0, |(f, l)| f..l + 1)
            }
            Confidence::All => 0..path.len(),
        };
        if !wanted.is_empty() {
            let potentials = potentials.get_or_insert_with(|| two.chain().potentials(temperature));
            two.chain().marginals_within(
                &emissions,
                potentials,
                wanted.clone(),
                &mut scratch,
                &mut marginals,
            );
            for t in wanted {
                out.confidence[a + t] = marginals[t * L + path[t] as usize];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{add_stage_one_features, document_features, stage_one_votes};
    use crate::tokenize::tokenize_into;
    use crate::NerModel;
    use parallax_learn::sequence::DecodeScratch;

    /// Sums of every key of the reference path ([`document_features`] and stage two's
    /// additions), per token: stage one, then stage two given stage one's reference tags.
    fn reference_sums(
        model: &NerModel,
        sentences: &[Vec<&str>],
    ) -> (Vec<StageSums>, Vec<StageSums>, Vec<Tag>) {
        let [one, two] = [model.stage_one(), model.stage_two()];
        let sum = |tagger: &HashedTagger, keys: &[u64]| {
            let mut sums = [0; L];
            for &k in keys {
                tagger.add_key(k, &mut sums);
            }
            sums
        };
        let mut features = document_features(sentences, model.resources());
        let first: Vec<Vec<Tag>> = features.iter().map(|f| one.tag(f)).collect();
        let stage_one = features.iter().flatten().map(|k| sum(one, k)).collect();
        let votes = stage_one_votes(sentences, &first);
        add_stage_one_features(sentences, &first, &votes, &mut features);
        let stage_two = features.iter().flatten().map(|k| sum(two, k)).collect();
        (stage_one, stage_two, first.concat())
    }

    /// Checks the run-time sums, tags and confidences against the reference path.
    fn check(model: &NerModel, sentences: &[Vec<&str>]) {
        check_with(model, sentences, &mut WordCache::default());
    }

    fn check_with(model: &NerModel, sentences: &[Vec<&str>], cache: &mut WordCache) {
        let words: Vec<&str> = sentences.concat();
        let mut ranges = Vec::new();
        for s in sentences {
            let start = ranges.last().map_or(0, |&(_, b)| b);
            ranges.push((start, start + s.len()));
        }
        let (one, two, first) = reference_sums(model, sentences);
        let document = Document::new(model.resources(), model.runtime(), cache, &words, &ranges);
        let base = document.base_sums();
        assert_eq!(base.len(), words.len());
        for (i, (fast, slow)) in base.iter().zip(&one).enumerate() {
            assert_eq!(&fast[..L], slow, "stage one, token {i} {:?}", words[i]);
        }
        let second = document.stage_two_sums(&base, &first);
        for (i, (fast, slow)) in second.iter().zip(&two).enumerate() {
            assert_eq!(fast, slow, "stage two, token {i} {:?}", words[i]);
        }
        // Tags and confidences as the reference scores give them.
        let tagged = model.tag_document(sentences, true);
        let chain = model.stage_two().chain();
        let potentials = chain.potentials(model.temperature);
        let mut scratch = DecodeScratch::default();
        let (mut path, mut marginals) = (Vec::new(), Vec::new());
        for (s, &(a, b)) in ranges.iter().enumerate() {
            let mut emissions = vec![0f32; (b - a) * L];
            for (i, sums) in two[a..b].iter().enumerate() {
                model
                    .stage_two()
                    .scale_into(sums, &mut emissions[i * L..(i + 1) * L]);
            }
            chain.viterbi(&emissions, &mut scratch, &mut path);
            assert_eq!(tagged.tags[s], path);
            chain.marginals(&emissions, &potentials, &mut scratch, &mut marginals);
            for (t, &tag) in path.iter().enumerate() {
                assert_eq!(tagged.confidence[s][t], marginals[t * L + tag as usize]);
            }
        }
    }

    /// Sentences of words: lines, split again after ". ".
    fn sentences_of(text: &str) -> Vec<Vec<&str>> {
        let mut out = Vec::new();
        for line in text.lines() {
            let mut offset = 0;
            for piece in line.split_inclusive(". ") {
                let base = line.as_ptr() as usize - text.as_ptr() as usize + offset;
                let mut tokens = Vec::new();
                tokenize_into(text, base..base + piece.len(), &mut tokens);
                offset += piece.len();
                if !tokens.is_empty() {
                    out.push(tokens.iter().map(|t| t.text(text)).collect());
                }
            }
        }
        out
    }

    const HANDWRITTEN: &str = "\
GERMAN MINISTER QUITS OVER BUDGET ROW IN BERLIN
BERLIN 1996-08-22 (Reuters) - German Finance Minister Hans Vogel resigned on Thursday. \
\"It's over,\" Vogel told reporters in Berlin. The European Union said Vogel's exit was a \
domestic matter. Vogel, 61, had led talks with the International Monetary Fund since 1994.
Shares of Acme Corp. rose 3.5% to $17,000 in New York; Acme said its German unit was sold. \
New York Times reporters asked Vogel about Acme. Vogel declined. \"Acme is fine,\" said \
Anna-Lena Müller of Zürich. Müller's firm, Müller & Söhne, owns 12% of Acme.
- Vogel left Berlin for Paris. In Paris, Vogel met President Chirac. Chirac said: no. \
“Vogel” was seen in PARIS, paris and Paris again with Mr. Chirac and Chirac's aides.
A
<S> </S> <s> x";

    #[test]
    fn same_scores_as_the_reference_features() {
        let model = NerModel::builtin().unwrap();
        let sentences = sentences_of(HANDWRITTEN);
        assert!(sentences.len() > 10);
        check(model, &sentences);
        // More than MAX_CONTEXT_OCCURRENCES occurrences of a name, and a one-word document.
        let many: Vec<Vec<&str>> = (0..30)
            .map(|i| vec!["Vogel", if i % 2 == 0 { "said" } else { "left" }, "."])
            .collect();
        check(model, &many);
        check(model, &[vec!["Paris"]]);
        check(model, &[]);
    }

    #[test]
    fn word_keys_are_equal_exactly_when_the_words_are() {
        use std::hash::BuildHasher;
        let words = [
            "",
            "a",
            "Vogel",
            "Müller",
            "exactly-twenty-two-byt",
            "exactly-twenty-two-bytes",
            "a-much-longer-hyphenated-compound-word",
            "a-much-longer-hyphenated-compound-wort",
        ];
        let hash = |k: &WordKey| foldhash::fast::FixedState::with_seed(7).hash_one(k);
        for a in words {
            for b in words {
                let (ka, kb) = (WordKey::new(a), WordKey::new(b));
                assert_eq!(ka == kb, a == b, "{a:?} {b:?}");
                assert_eq!(ka.as_bytes(), a.as_bytes());
                if a == b {
                    assert_eq!(hash(&ka), hash(&kb));
                }
            }
        }
    }

    #[test]
    fn a_full_cache_keeps_the_words_of_recent_documents() {
        let model = NerModel::builtin().unwrap();
        let mut cache = WordCache {
            capacity: 40,
            ..WordCache::default()
        };
        let old: Vec<String> = (0..50).map(|i| format!("Old{i}")).collect();
        let old = vec![old.iter().map(String::as_str).collect::<Vec<_>>()];
        let recent = sentences_of("Vogel met Chirac in Paris on Monday , officials said .");
        check_with(model, &old, &mut cache);
        check_with(model, &recent, &mut cache);
        // Over capacity: the next document starts by dropping the older words.
        check_with(model, &recent, &mut cache);
        let cached = |word: &str| cache.word_ids.contains_key(&WordKey::new(word));
        assert!(cached("Vogel") && !cached("Old7"));
        assert!(cache.words.len() <= 2 + 20 && cache.norms.len() <= cache.words.len());
        check_with(model, &old, &mut cache);
        check_with(model, &recent, &mut cache);
    }

    #[test]
    fn same_scores_on_real_articles() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut files = Vec::new();
        for dir in ["examples/articles", "../shared/seeds"] {
            let path = std::path::Path::new(root).join(dir);
            match std::fs::read_dir(&path) {
                Ok(entries) => files.extend(entries.filter_map(|e| e.ok().map(|e| e.path()))),
                Err(_) => eprintln!("skipping {}: not found", path.display()),
            }
        }
        let model = NerModel::builtin().unwrap();
        // One cache across the articles, small enough to be emptied between some of them.
        let mut cache = WordCache {
            capacity: 300,
            ..WordCache::default()
        };
        let mut checked = 0;
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            check_with(model, &sentences_of(&text), &mut cache);
            check_with(model, &sentences_of(&text), &mut cache);
            checked += 1;
        }
        eprintln!("checked {checked} articles");
    }
}
