//! Matching articles against narratives, sentence by sentence.
//!
//! A narrative's claim is read into **concepts**: its entity ids and content-word stems. When
//! the claim names two or more entities around a predicate ("The US created or supports
//! ISIS": US — created, supports — ISIS; "Daesh was created by the US": the same, passive), it
//! is **relational**: a sentence carries it only when it has the predicate (a stem of the
//! claim's predicate words or of the catalog's single-word keywords: "backs", "arms") with the
//! subject before it and the object after it (or, in the passive, "object ... predicate by/of
//! ... subject"), within [`WINDOW`] words. A hyphenated compound binds its predicate to the
//! noun right after it: "U.S.-backed militias" backs the militias, not whatever else the
//! sentence names. A definite generic noun ("the militants", "the terrorists", "the group")
//! stands for the article's most mentioned organisation, as readers resolve it.
//!
//! A sentence's **coverage** is the IDF-weighted share of the claim's concepts it contains.
//! Names are what a claim is about; its words are what it asserts, so a sentence must also
//! hold at least half (IDF-weighted) of the claim's own words, names aside, and at least two
//! of them, and every number the claim states ("9/11"). Predicate words stand for each other
//! only when they are alternatives ("created or supports", or synonyms given as lower-case
//! keywords); capitalised or multi-word keywords are topic tags and count for nothing.
//! Scores: relational narrative, relation found: `0.5 + 0.5 x coverage`; relational, no
//! relation: at most 0.45; other narratives: the coverage, when the sentence also has the
//! claim's head word (the first word after its first name: "The US *refuses* to ...") and
//! one of the names the claim names if it names any (and the article names them all). An
//! article's score is its best sentence's (its title counts as a sentence); it matches at
//! [`DEFAULT_THRESHOLD`], and the sentences at or above it are the ones that carry the
//! narrative.

use std::collections::{HashMap, HashSet};

use parallax_core::{Article, CharIndex, EntityType};
use serde::Serialize;

use crate::narratives::catalog::NarrativeEntry;
use crate::text::{entity_key, is_content, tokenize, word_key, Token};

/// Score at which an article carries a narrative.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// Share (IDF-weighted) of the claim's own words, names aside, a sentence must contain.
const MIN_WORD_COVERAGE: f64 = 0.5;
/// Words between a predicate and its subject or object.
const WINDOW: usize = 12;
/// Words after a hyphenated predicate ("-backed") where its object must start.
const COMPOUND_WINDOW: usize = 2;

/// Nouns that, after "the", refer back to the organisation an article is about.
const GENERIC_GROUP_NOUNS: &[&str] = &[
    "terrorists",
    "terrorist",
    "militants",
    "militant",
    "jihadists",
    "jihadist",
    "extremists",
    "insurgents",
    "group",
    "organisation",
    "organization",
    "fighters",
];

/// A narrative read for matching.
#[derive(Debug, Clone)]
pub struct Narrative {
    pub id: String,
    pub claim: String,
    /// Concepts of the claim: entity keys and word keys, in order of first appearance.
    concepts: Vec<Concept>,
    /// Subject and object entity keys of a relational claim.
    subjects: Vec<u32>,
    objects: Vec<u32>,
    /// Word keys that express the claim's predicate.
    predicates: HashSet<u32>,
    /// The predicate words are alternatives ("created or supports", or synonyms given as
    /// keywords): any one of them stands for all. Otherwise each must be there itself.
    alternates: bool,
    /// The first word after the claim's first name, its predicate in the usual "Name verb
    /// ..." claim ("The US refuses to ..."): a claim that is not relational needs it.
    head: Option<u32>,
    /// Numbers the claim states ("9/11", "2014"): a sentence must state them too.
    numbers: Vec<String>,
    /// The entity keys the claim names: an article carries a narrative that is not relational
    /// only if it names them all (a claim about Moldova is not carried by one about Syria).
    entities: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Concept {
    key: u32,
    predicate: bool,
}

impl Narrative {
    /// Reads a catalog entry. `annotated` is an article whose first paragraph is the claim and
    /// whose further paragraphs are the keywords, one each, with the entities layer filled
    /// (the caller runs the annotator so catalog names resolve to the same ids as articles).
    pub fn prepare(entry: &NarrativeEntry, annotated: &Article) -> Narrative {
        let claim_end = annotated
            .paragraphs
            .first()
            .map_or(annotated.text.chars().count(), |p| p.end);
        let tokens = Tokens::of(annotated, 0, claim_end, None);
        let mut concepts: Vec<Concept> = Vec::new();
        let mut push = |key: u32, predicate: bool| {
            if !concepts.iter().any(|c| c.key == key) {
                concepts.push(Concept { key, predicate });
            }
        };
        // Ordered entity mentions (by token) and the words between the first and last.
        let entity_positions: Vec<(usize, u32)> = tokens
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| it.entity.map(|e| (i, e)))
            .collect();
        let distinct: Vec<u32> = {
            let mut d = Vec::new();
            for &(_, e) in &entity_positions {
                if !d.contains(&e) {
                    d.push(e);
                }
            }
            d
        };
        let mut predicate_words = Vec::new();
        let mut alternates = false;
        let (mut subjects, mut objects) = (Vec::new(), Vec::new());
        if distinct.len() >= 2 {
            let first = entity_positions[0];
            // The predicate: content words after the first entity, before the next different
            // entity (or, in the passive, before "by").
            let mut i = first.0 + 1;
            let mut next_entity = None;
            while i < tokens.items.len() {
                let it = &tokens.items[i];
                if let Some(e) = it.entity {
                    if e != first.1 {
                        next_entity = Some((i, e));
                        break;
                    }
                } else if it.content {
                    predicate_words.push(it.word);
                }
                i += 1;
            }
            if let Some((j, _)) = next_entity {
                alternates = tokens.items[first.0 + 1..j]
                    .iter()
                    .any(|it| it.norm == "or");
                let passive = tokens.items[first.0 + 1..j]
                    .iter()
                    .any(|it| it.norm == "by" || it.norm == "of");
                let before: Vec<u32> = entity_positions
                    .iter()
                    .filter(|(p, _)| *p < j)
                    .map(|(_, e)| *e)
                    .collect();
                let after: Vec<u32> = entity_positions
                    .iter()
                    .filter(|(p, _)| *p >= j)
                    .map(|(_, e)| *e)
                    .collect();
                if passive {
                    subjects = after;
                    objects = before;
                } else {
                    subjects = before;
                    objects = after;
                }
                subjects.dedup();
                objects.dedup();
                objects.retain(|o| !subjects.contains(o));
            }
        }
        let head = entity_positions.first().and_then(|&(p, e)| {
            tokens.items[p + 1..]
                .iter()
                .find(|it| it.entity != Some(e))
                .filter(|it| it.entity.is_none() && it.content)
                .or_else(|| {
                    tokens.items[p + 1..]
                        .iter()
                        .find(|it| it.entity.is_none() && it.content)
                })
                .map(|it| it.word)
        });
        let mut numbers: Vec<String> = Vec::new();
        for it in &tokens.items {
            if it.entity.is_none()
                && it.norm.chars().all(|c| c.is_ascii_digit())
                && !numbers.contains(&it.norm)
            {
                numbers.push(it.norm.clone());
            }
        }
        let mut predicates: HashSet<u32> = predicate_words.iter().copied().collect();
        let mut entities: Vec<u32> = Vec::new();
        for e in tokens.items.iter().filter_map(|it| it.entity) {
            if !entities.contains(&e) {
                entities.push(e);
            }
        }
        for it in &tokens.items {
            match it.entity {
                Some(e) => push(e, false),
                None if it.content => push(it.word, predicates.contains(&it.word)),
                None => {}
            }
        }
        // Single lower-case keywords widen the predicate ("backs", "arms"). Capitalised or
        // multi-word keywords are topic tags ("Syrian War", "NATO", "Conspiracy", as in the
        // EUvsDisinfo export): they say what the narrative is about, not what it asserts, so
        // they are no evidence of it.
        let chars = CharIndex::new(&annotated.text);
        for paragraph in annotated.paragraphs.iter().skip(1) {
            let text = chars.slice(&annotated.text, paragraph.start, paragraph.end);
            if text.trim().chars().next().is_none_or(|c| !c.is_lowercase()) {
                continue;
            }
            let kw = Tokens::of(annotated, paragraph.start, paragraph.end, None);
            let words: Vec<&Item> = kw.items.iter().filter(|it| it.content).collect();
            if kw.items.len() == 1
                && words.len() == 1
                && words[0].entity.is_none()
                && !subjects.is_empty()
            {
                predicates.insert(words[0].word);
                alternates = true;
            }
        }
        let relational = !subjects.is_empty() && !objects.is_empty() && !predicates.is_empty();
        if !relational {
            subjects.clear();
            objects.clear();
        }
        Narrative {
            id: entry.id.clone(),
            claim: entry.claim.clone(),
            concepts,
            subjects,
            objects,
            predicates,
            alternates,
            head,
            numbers,
            entities,
        }
    }

    pub fn is_relational(&self) -> bool {
        !self.subjects.is_empty()
    }

    /// The term keys of the claim's concepts (entity ids, word stems): the keys whose document
    /// frequencies the matcher's `idf` is asked for.
    pub fn concept_keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.concepts.iter().map(|c| c.key)
    }

    /// Keys an article must contain for this narrative to be worth scoring on it.
    fn required(&self) -> Vec<u32> {
        if self.is_relational() {
            vec![self.subjects[0], self.objects[0]]
        } else {
            self.concepts.iter().map(|c| c.key).collect()
        }
    }
}

/// A sentence that carries a narrative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarryingSentence {
    /// Character offsets into the article's text; `None` for the title.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: String,
    pub score: f64,
}

/// A narrative an article carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NarrativeMatch {
    pub narrative: usize,
    pub score: f64,
    pub sentences: Vec<CarryingSentence>,
}

/// Matches articles against a set of narratives.
pub struct NarrativeMatcher {
    narratives: Vec<Narrative>,
    /// Narratives by each key of [`Narrative::required`].
    by_key: HashMap<u32, Vec<usize>>,
    pub threshold: f64,
}

impl NarrativeMatcher {
    pub fn new(narratives: Vec<Narrative>) -> NarrativeMatcher {
        let mut by_key: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, n) in narratives.iter().enumerate() {
            for k in n.required() {
                let list = by_key.entry(k).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        NarrativeMatcher {
            narratives,
            by_key,
            threshold: DEFAULT_THRESHOLD,
        }
    }

    pub fn narratives(&self) -> &[Narrative] {
        &self.narratives
    }

    /// The narratives `article` carries, best first. `idf` weighs concepts (rare ones count
    /// more).
    pub fn match_article(
        &self,
        article: &Article,
        idf: &dyn Fn(u32) -> f64,
    ) -> Vec<NarrativeMatch> {
        let sentences = ArticleSentences::of(article);
        let present: HashSet<u32> = sentences.keys();
        let mut hits: HashMap<usize, usize> = HashMap::new();
        for k in &present {
            for &n in self.by_key.get(k).map_or(&[][..], |v| v) {
                *hits.entry(n).or_default() += 1;
            }
        }
        let mut out = Vec::new();
        for (n, count) in hits {
            let narrative = &self.narratives[n];
            let needed = if narrative.is_relational() {
                2
            } else {
                2.min(narrative.concepts.len())
            };
            if count < needed {
                continue;
            }
            if !narrative.is_relational() && !narrative.entities.iter().all(|e| present.contains(e))
            {
                continue;
            }
            let mut carrying = Vec::new();
            let mut best = 0.0f64;
            for s in &sentences.sentences {
                let score = score_sentence(narrative, &s.tokens, idf);
                best = best.max(score);
                if score >= self.threshold {
                    carrying.push(CarryingSentence {
                        start: s.span.map(|x| x.0),
                        end: s.span.map(|x| x.1),
                        text: s.text.clone(),
                        score: (score * 1000.0).round() / 1000.0,
                    });
                }
            }
            if best >= self.threshold {
                carrying.sort_by(|a, b| b.score.total_cmp(&a.score));
                out.push(NarrativeMatch {
                    narrative: n,
                    score: (best * 1000.0).round() / 1000.0,
                    sentences: carrying,
                });
            }
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.narrative.cmp(&b.narrative))
        });
        out
    }
}

/// A word of a sentence, with what it stands for.
#[derive(Debug, Clone)]
struct Item {
    norm: String,
    word: u32,
    content: bool,
    /// The entity key of the mention the word is in (or that a generic noun stands for).
    entity: Option<u32>,
    /// The word is joined to the previous one by a hyphen ("U.S.-backed").
    hyphen_before: bool,
}

/// Words of a stretch of text with entity keys.
struct Tokens {
    items: Vec<Item>,
}

impl Tokens {
    /// The words of `article.text[start..end)` (characters). `group` is the key generic group
    /// nouns resolve to.
    fn of(article: &Article, start: usize, end: usize, group: Option<u32>) -> Tokens {
        let chars = CharIndex::new(&article.text);
        let end = end.min(chars.char_count());
        if start >= end {
            return Tokens { items: Vec::new() };
        }
        let slice = chars.slice(&article.text, start, end);
        let slice_chars: Vec<char> = slice.chars().collect();
        let mentions: Vec<_> = article
            .entities
            .iter()
            .filter(|e| e.start < end && start < e.end)
            .collect();
        let tokens = tokenize(slice);
        let mut items = Vec::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            let (s, e) = (t.start + start, t.end + start);
            let entity = mentions
                .iter()
                .find(|m| m.start < e && s < m.end)
                .map(|m| entity_key(&m.id));
            let hyphen_before = i > 0
                && t.start >= 1
                && slice_chars[tokens[i - 1].end..t.start]
                    .iter()
                    .collect::<String>()
                    == "-";
            items.push(item(t, entity, hyphen_before));
        }
        resolve_generic(&mut items, group);
        Tokens { items }
    }

    /// Words of a plain text (a title) whose entities are found by the names an article's
    /// mentions use.
    fn of_title(title: &str, names: &[(Vec<String>, u32)], group: Option<u32>) -> Tokens {
        let tokens = tokenize(title);
        let chars: Vec<char> = title.chars().collect();
        let mut entity: Vec<Option<u32>> = vec![None; tokens.len()];
        for (words, key) in names {
            if words.is_empty() {
                continue;
            }
            for i in 0..tokens.len().saturating_sub(words.len() - 1) {
                if (0..words.len()).all(|j| tokens[i + j].norm == words[j]) {
                    for slot in entity.iter_mut().skip(i).take(words.len()) {
                        slot.get_or_insert(*key);
                    }
                }
            }
        }
        let mut items: Vec<Item> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let hyphen =
                    i > 0 && chars[tokens[i - 1].end..t.start].iter().collect::<String>() == "-";
                item(t, entity[i], hyphen)
            })
            .collect();
        resolve_generic(&mut items, group);
        Tokens { items }
    }
}

fn item(t: &Token, entity: Option<u32>, hyphen_before: bool) -> Item {
    Item {
        norm: t.norm.clone(),
        word: word_key(&t.norm),
        content: is_content(t),
        entity,
        hyphen_before,
    }
}

/// "the militants" -> the article's main organisation.
fn resolve_generic(items: &mut [Item], group: Option<u32>) {
    let Some(group) = group else { return };
    for i in 1..items.len() {
        if items[i].entity.is_none()
            && items[i - 1].norm == "the"
            && GENERIC_GROUP_NOUNS.contains(&items[i].norm.as_str())
        {
            items[i].entity = Some(group);
        }
    }
}

struct Sentence {
    span: Option<(usize, usize)>,
    text: String,
    tokens: Tokens,
}

/// An article's title and sentences, as words with entity keys.
struct ArticleSentences {
    sentences: Vec<Sentence>,
}

impl ArticleSentences {
    fn of(article: &Article) -> ArticleSentences {
        // The organisation mentioned most often, for generic nouns.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in &article.entities {
            if e.entity_type == EntityType::Organization {
                *counts.entry(e.id.as_str()).or_default() += 1;
            }
        }
        let group = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(id, _)| entity_key(id));

        let chars = CharIndex::new(&article.text);
        let mut sentences = Vec::new();
        if let Some(title) = &article.title {
            let mut names: Vec<(Vec<String>, u32)> = article
                .entities
                .iter()
                .map(|e| {
                    (
                        tokenize(&e.text).into_iter().map(|t| t.norm).collect(),
                        entity_key(&e.id),
                    )
                })
                .collect();
            names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            names.dedup();
            sentences.push(Sentence {
                span: None,
                text: title.clone(),
                tokens: Tokens::of_title(title, &names, group),
            });
        }
        let spans: Vec<(usize, usize)> = if article.sentences.is_empty() {
            article
                .paragraphs
                .iter()
                .map(|p| (p.start, p.end))
                .collect()
        } else {
            article.sentences.iter().map(|s| (s.start, s.end)).collect()
        };
        for (start, end) in spans {
            if start >= end || end > chars.char_count() {
                continue;
            }
            sentences.push(Sentence {
                span: Some((start, end)),
                text: chars.slice(&article.text, start, end).to_string(),
                tokens: Tokens::of(article, start, end, group),
            });
        }
        ArticleSentences { sentences }
    }

    fn keys(&self) -> HashSet<u32> {
        self.sentences
            .iter()
            .flat_map(|s| s.tokens.items.iter())
            .flat_map(|it| [Some(it.word), it.entity])
            .flatten()
            .collect()
    }
}

/// The score of one sentence for one narrative.
fn score_sentence(n: &Narrative, tokens: &Tokens, idf: &dyn Fn(u32) -> f64) -> f64 {
    let items = &tokens.items;
    if items.is_empty() {
        return 0.0;
    }
    let entities: HashSet<u32> = items.iter().filter_map(|it| it.entity).collect();
    let words: HashSet<u32> = items
        .iter()
        .filter(|it| it.entity.is_none() && it.content)
        .map(|it| it.word)
        .collect();
    let any_predicate = words.iter().any(|w| n.predicates.contains(w));
    // Coverage over all concepts, and over the claim's own words alone: names are what a
    // claim is about, its words what it asserts, and a sentence that only names the same
    // people ("the US", "Putin") asserts nothing of it.
    let (mut total, mut covered) = (0.0, 0.0);
    let (mut word_total, mut word_covered, mut words_matched, mut word_concepts) =
        (0.0, 0.0, 0usize, 0usize);
    for c in &n.concepts {
        let w = idf(c.key);
        total += w;
        let is_entity = n.entities.contains(&c.key);
        let present = entities.contains(&c.key)
            || words.contains(&c.key)
            || (c.predicate && n.alternates && any_predicate);
        if present {
            covered += w;
        }
        if !is_entity {
            word_concepts += 1;
            word_total += w;
            if present {
                word_covered += w;
                words_matched += 1;
            }
        }
    }
    let coverage = if total > 0.0 { covered / total } else { 0.0 };
    let word_coverage = if word_total > 0.0 {
        word_covered / word_total
    } else {
        0.0
    };
    let asserts = word_coverage >= MIN_WORD_COVERAGE
        && words_matched >= 2.min(word_concepts)
        && n.numbers
            .iter()
            .all(|d| items.iter().any(|it| it.norm == *d));
    if n.is_relational() {
        if asserts && has_relation(n, items) {
            0.5 + 0.5 * coverage
        } else {
            (0.6 * coverage).min(0.45)
        }
    } else if asserts
        && words_matched >= 1
        && n.head.is_none_or(|h| words.contains(&h))
        && (n.entities.is_empty() || n.entities.iter().any(|e| entities.contains(e)))
    {
        coverage
    } else {
        0.0
    }
}

/// Whether a sentence links the narrative's subject to its object through its predicate.
fn has_relation(n: &Narrative, items: &[Item]) -> bool {
    let is_subject = |it: &Item| it.entity.is_some_and(|e| n.subjects.contains(&e));
    let is_object = |it: &Item| it.entity.is_some_and(|e| n.objects.contains(&e));
    for (p, it) in items.iter().enumerate() {
        if it.entity.is_some() || !n.predicates.contains(&it.word) {
            continue;
        }
        if it.hyphen_before {
            // "US-backed X": the subject is the word before, the object X.
            let subject = p >= 1 && is_subject(&items[p - 1]);
            let object = items[p + 1..].iter().take(COMPOUND_WINDOW).any(is_object);
            if subject && object {
                return true;
            }
            continue;
        }
        let before = &items[p.saturating_sub(WINDOW)..p];
        let after = &items[p + 1..(p + 1 + WINDOW).min(items.len())];
        // Active: subject ... predicate ... object.
        if before.iter().any(is_subject) && after.iter().any(is_object) {
            return true;
        }
        // Passive or nominal: object ... predicate by/of ... subject.
        if before.iter().any(is_object) {
            if let Some(marker) = after.iter().position(|a| a.norm == "by" || a.norm == "of") {
                if after[marker + 1..].iter().any(is_subject) {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{EntityMention, InputFormat, InputInfo, Sentence as CoreSentence};

    /// An article from paragraphs, with entity mentions found by listed surface forms.
    fn annotated(paragraphs: &[&str], names: &[(&str, &str, EntityType)]) -> Article {
        let mut a = Article::from_paragraphs(
            "0000000000000000".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            paragraphs,
        );
        let chars: Vec<char> = a.text.chars().collect();
        for (surface, id, kind) in names {
            let s: Vec<char> = surface.chars().collect();
            let mut i = 0;
            while i + s.len() <= chars.len() {
                let boundary = i + s.len() == chars.len() || !chars[i + s.len()].is_alphanumeric();
                let start_ok = i == 0 || !chars[i - 1].is_alphanumeric();
                if chars[i..i + s.len()] == s[..] && boundary && start_ok {
                    a.entities.push(EntityMention {
                        start: i,
                        end: i + s.len(),
                        text: surface.to_string(),
                        entity_type: *kind,
                        id: id.to_string(),
                    });
                    i += s.len();
                } else {
                    i += 1;
                }
            }
        }
        a.entities.sort_by_key(|e| e.start);
        // One sentence per paragraph is enough here.
        a.sentences = a
            .paragraphs
            .iter()
            .map(|p| CoreSentence {
                start: p.start,
                end: p.end,
                propaganda: 0.0,
            })
            .collect();
        a
    }

    const NAMES: &[(&str, &str, EntityType)] = &[
        ("US", "loc:us", EntityType::Location),
        ("U.S.", "loc:us", EntityType::Location),
        ("Washington", "loc:us", EntityType::Location),
        ("ISIS", "org:is", EntityType::Organization),
        ("IS", "org:is", EntityType::Organization),
        ("Daesh", "org:is", EntityType::Organization),
        ("Kurdish", "misc:kurdish", EntityType::Misc),
    ];

    fn narrative(claim: &str, keywords: &[&str]) -> Narrative {
        let mut paragraphs = vec![claim];
        paragraphs.extend_from_slice(keywords);
        let entry = NarrativeEntry {
            id: "n".into(),
            claim: claim.into(),
            summary: None,
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        };
        Narrative::prepare(&entry, &annotated(&paragraphs, NAMES))
    }

    fn score(n: &Narrative, sentence: &str) -> f64 {
        let matcher = NarrativeMatcher::new(vec![n.clone()]);
        let article = annotated(&[sentence, "Nothing else happened."], NAMES);
        matcher
            .match_article(&article, &|_| 1.0)
            .first()
            .map_or(0.0, |m| m.score)
    }

    #[test]
    fn reads_relational_claims_active_and_passive() {
        let n = narrative("The US created or supports ISIS", &["backs", "arms"]);
        assert!(n.is_relational());
        assert_eq!(n.subjects, vec![entity_key("loc:us")]);
        assert_eq!(n.objects, vec![entity_key("org:is")]);
        let passive = narrative("Daesh was created by the US", &[]);
        assert_eq!(passive.subjects, vec![entity_key("loc:us")]);
        assert_eq!(passive.objects, vec![entity_key("org:is")]);
        assert!(!narrative("Rivers flow uphill in spring", &[]).is_relational());
    }

    #[test]
    fn a_sentence_must_link_subject_to_object() {
        let n = narrative("The US created or supports ISIS", &["backs", "arms"]);
        assert!(score(&n, "For years Washington supported ISIS and armed it.") >= 0.5);
        assert!(score(&n, "ISIS, backed by the US, advanced.") >= 0.5);
        assert!(
            score(
                &n,
                "The aims of the U.S. and its allies, which back the militants, are clear."
            ) < 0.5
        );
        // The same sentence in an article about the group: "the militants" is ISIS.
        let matcher = NarrativeMatcher::new(vec![n.clone()]);
        let article = annotated(
            &[
                "ISIS attacked. ISIS advanced.",
                "The aims of the U.S. and its allies, which back the militants, are clear.",
            ],
            NAMES,
        );
        assert!(matcher.match_article(&article, &|_| 1.0)[0].score >= 0.5);
        // Backing someone else, in a sentence that also names ISIS: no.
        assert!(
            score(
                &n,
                "IS fighters held off an offensive by U.S.-backed militias, among them Kurdish units."
            ) < 0.5
        );
        assert!(score(&n, "The US fought ISIS.") < 0.5);
    }

    #[test]
    fn topic_tags_are_no_evidence() {
        // A capitalised keyword is a topic tag: it does not widen the predicate.
        let tagged = narrative("The US created or supports ISIS", &["Airstrikes"]);
        assert!(score(&tagged, "US airstrikes hit ISIS.") < DEFAULT_THRESHOLD);
        // A lower-case one is a synonym of the predicate.
        let synonym = narrative("The US created or supports ISIS", &["airstrikes"]);
        assert!(score(&synonym, "US airstrikes hit ISIS.") >= DEFAULT_THRESHOLD);
    }

    #[test]
    fn a_claim_needs_its_words_not_only_its_names() {
        let n = narrative(
            "The US refuses to cooperate against terrorism",
            &["Terrorism"],
        );
        assert!(!n.is_relational());
        assert_eq!(score(&n, "The US and its partners met on Monday."), 0.0);
        // Its topic and object, without its predicate: no.
        assert_eq!(
            score(
                &n,
                "The US called on allies to cooperate against terrorism."
            ),
            0.0
        );
        assert!(
            score(
                &n,
                "The US refuses to cooperate with Moscow against terrorism."
            ) >= DEFAULT_THRESHOLD
        );
    }

    #[test]
    fn titles_count_with_the_body_names() {
        let n = narrative("The US created or supports ISIS", &["helps"]);
        let matcher = NarrativeMatcher::new(vec![n]);
        let mut article = annotated(&["The US and ISIS were both there."], NAMES);
        article.title = Some("How the US keeps helping ISIS".into());
        let m = matcher.match_article(&article, &|_| 1.0);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].sentences[0].start, None);
    }
}
