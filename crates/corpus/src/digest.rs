//! What the corpus layer keeps of a record: its near-duplicate signature, its event profile,
//! the terms counted for document frequencies, and a digest of each claim. Computed once per
//! record (on worker threads during an ingest), from the record alone.

use parallax_core::{Article, CharIndex};

use crate::date::unix_seconds;
use crate::dedup::Signature;
use crate::dispute::DisputeSide;
use crate::events::Places;
use crate::text::{entity_key, is_content, number_key, tokenize, word_key, Token};
use crate::vector::SparseVec;

/// Body words that make up an event profile: the lead and what follows it, enough to say what
/// the story is about without the background paragraphs at the end.
const PROFILE_WORDS: usize = 400;
/// Body words counted as the lead, weighted more.
const LEAD_WORDS: usize = 60;
const TITLE_WEIGHT: f32 = 2.0;
const LEAD_WEIGHT: f32 = 1.5;
/// Entity ids weigh more than words: "Deir ez-Zor" spelled three ways is one id.
const ENTITY_WEIGHT: f32 = 1.5;

/// Everything the corpus layer needs of one record.
#[derive(Debug, Clone)]
pub struct ArticleDigest {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Unix seconds of `published`.
    pub published_at: Option<i64>,
    pub signature: Signature,
    /// Event profile: sublinear term frequencies of title, lead and body words and entity ids,
    /// before IDF weighting.
    pub profile: SparseVec,
    /// The specific places it names (they keep it out of an event about another place).
    pub places: Places,
    /// Distinct term keys of the whole record (for document frequencies).
    pub terms: Vec<u32>,
    pub claims: Vec<ClaimDigest>,
}

/// A claim reduced to what alignment and dispute detection compare.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimDigest {
    /// Index in the record's `claims`.
    pub position: u32,
    /// Entity ids, content word stems and numbers of the claim, weight 1 each (entities more).
    pub keys: SparseVec,
    /// What the dispute detector reads of the claim (from every folded word, negations and
    /// refutation cues included).
    pub dispute: DisputeSide,
    /// Whether the text attributes the claim to someone.
    pub attributed: bool,
    /// The keys of each clause when the sentence joins several (", cutting off ...", "; ..."):
    /// a sentence may state more than one proposition. Empty for a single clause.
    pub parts: Vec<SparseVec>,
}

impl ArticleDigest {
    pub fn of(article: &Article) -> ArticleDigest {
        let tokens = tokenize(&article.text);
        let in_entity = entity_mask(article, &tokens);

        let mut profile: Vec<(u32, f32)> = Vec::new();
        if let Some(title) = &article.title {
            for t in tokenize(title).iter().filter(|t| is_content(t)) {
                profile.push((word_key(&t.norm), TITLE_WEIGHT));
            }
        }
        let mut profile_end_char = usize::MAX;
        for (i, t) in tokens.iter().enumerate() {
            if i >= PROFILE_WORDS {
                profile_end_char = t.start;
                break;
            }
            if in_entity[i] || !is_content(t) {
                continue;
            }
            let weight = if i < LEAD_WORDS { LEAD_WEIGHT } else { 1.0 };
            profile.push((word_key(&t.norm), weight));
        }
        let lead_end_char = tokens.get(LEAD_WORDS).map_or(usize::MAX, |t| t.start);
        for e in &article.entities {
            if e.start >= profile_end_char {
                continue;
            }
            let weight = if e.start < lead_end_char {
                LEAD_WEIGHT
            } else {
                1.0
            };
            profile.push((entity_key(&e.id), weight * ENTITY_WEIGHT));
        }
        let profile = sublinear(SparseVec::from_pairs(profile));

        let mut terms: Vec<u32> = tokens
            .iter()
            .filter(|t| is_content(t))
            .map(|t| word_key(&t.norm))
            .chain(article.entities.iter().map(|e| entity_key(&e.id)))
            .chain(
                article
                    .title
                    .iter()
                    .flat_map(|t| tokenize(t))
                    .filter(is_content)
                    .map(|t| word_key(&t.norm)),
            )
            .collect();
        terms.sort_unstable();
        terms.dedup();

        ArticleDigest {
            id: article.id.clone(),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published_at: article.published.as_deref().and_then(unix_seconds),
            signature: Signature::of_text(&article.text),
            profile,
            places: Places::of(article),
            terms,
            claims: claim_digests(article),
        }
    }
}

/// Sublinear weights, `1 + ln(w)` above 1: a word met ten times is not ten times the story.
fn sublinear(v: SparseVec) -> SparseVec {
    SparseVec(
        v.0.into_iter()
            .map(|(k, w)| (k, if w > 1.0 { 1.0 + w.ln() } else { w }))
            .collect(),
    )
}

/// For each token, whether it lies inside an entity mention (counted by id instead).
fn entity_mask(article: &Article, tokens: &[Token]) -> Vec<bool> {
    let mut spans: Vec<(usize, usize)> =
        article.entities.iter().map(|e| (e.start, e.end)).collect();
    spans.sort_unstable();
    let mut mask = vec![false; tokens.len()];
    let mut j = 0;
    for (i, t) in tokens.iter().enumerate() {
        while j < spans.len() && spans[j].1 <= t.start {
            j += 1;
        }
        mask[i] = spans.get(j).is_some_and(|&(s, e)| s < t.end && t.start < e);
    }
    mask
}

/// Verbs that attribute a statement rather than make one.
fn is_reporting_verb(norm: &str) -> bool {
    matches!(
        norm,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "reported"
            | "reports"
            | "according"
            | "added"
            | "stated"
            | "noted"
            | "claimed"
            | "claims"
            | "argued"
            | "argues"
            | "announced"
            | "warned"
            | "revealed"
            | "wrote"
            | "writes"
    )
}

/// Presence, not frequency: a sentence repeating a word does not assert it twice.
fn presence(keys: Vec<(u32, f32)>) -> SparseVec {
    let mut keys = SparseVec::from_pairs(keys);
    for p in keys.0.iter_mut() {
        p.1 = p.1.min(ENTITY_WEIGHT);
    }
    keys
}

/// Words that open a new clause after a comma: conjunctions and relative pronouns.
fn opens_clause(norm: &str) -> bool {
    matches!(
        norm,
        "and"
            | "but"
            | "while"
            | "whereas"
            | "which"
            | "who"
            | "where"
            | "when"
            | "after"
            | "before"
            | "since"
            | "because"
            | "although"
            | "though"
            | "as"
            | "thereby"
            | "so"
            | "yet"
    )
}

/// Keys of the clauses of a claim, when it has at least two of [`MIN_PART_KEYS`] keys. A
/// clause starts after a semicolon, colon or dash, or after a comma before a conjunction, a
/// relative pronoun or a participle ("..., cutting off the road"). A clause naming no entity
/// keeps the sentence's first one (its subject, usually: "IS advanced, cutting off ...").
fn clause_parts(
    text: &str,
    base: usize,
    tokens: &[Token],
    mentions: &[&parallax_core::EntityMention],
    is_source: &dyn Fn(&str) -> bool,
) -> Vec<SparseVec> {
    if tokens.len() < 2 * MIN_PART_KEYS {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut starts = vec![0usize];
    for i in 1..tokens.len() {
        let gap: String = chars[tokens[i - 1].end - base..tokens[i].start - base]
            .iter()
            .collect();
        let hard = gap.contains([';', ':', '—', '–']) || gap.contains(" - ");
        let soft = gap.contains(',')
            && (opens_clause(&tokens[i].norm)
                || (tokens[i].norm.len() > 5 && tokens[i].norm.ends_with("ing")));
        if hard || soft {
            starts.push(i);
        }
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    starts.push(tokens.len());
    let named: Vec<&&parallax_core::EntityMention> =
        mentions.iter().filter(|e| !is_source(&e.text)).collect();
    let mut parts = Vec::new();
    for w in starts.windows(2) {
        let span = &tokens[w[0]..w[1]];
        let (from, to) = (span[0].start, span[span.len() - 1].end);
        let mut keys: Vec<(u32, f32)> = Vec::new();
        let inside: Vec<_> = named
            .iter()
            .filter(|e| e.start < to && from < e.end)
            .collect();
        for e in &inside {
            keys.push((entity_key(&e.id), ENTITY_WEIGHT));
        }
        if inside.is_empty() {
            if let Some(subject) = named.first() {
                keys.push((entity_key(&subject.id), ENTITY_WEIGHT));
            }
        }
        for t in span {
            if mentions.iter().any(|e| e.start < t.end && t.start < e.end)
                || is_reporting_verb(&t.norm)
            {
                continue;
            }
            if t.is_number() {
                keys.push((number_key(&t.norm), 1.0));
            } else if is_content(t) {
                keys.push((word_key(&t.norm), 1.0));
            }
        }
        let keys = presence(keys);
        if keys.len() >= MIN_PART_KEYS {
            parts.push(keys);
        }
    }
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
}

/// Keys a clause needs to be compared on its own.
const MIN_PART_KEYS: usize = 5;

/// The digest of every claim of an article.
pub fn claim_digests(article: &Article) -> Vec<ClaimDigest> {
    if article.claims.is_empty() {
        return Vec::new();
    }
    let chars = CharIndex::new(&article.text);
    article
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.start < c.end)
        .map(|(position, claim)| {
            let text = chars.slice(&article.text, claim.start, claim.end);
            let tokens: Vec<Token> = tokenize(text)
                .into_iter()
                .map(|mut t| {
                    t.start += claim.start;
                    t.end += claim.start;
                    t
                })
                .collect();
            let mut keys: Vec<(u32, f32)> = Vec::new();
            let mentions: Vec<_> = article
                .entities
                .iter()
                .filter(|e| e.start < claim.end && claim.start < e.end)
                .collect();
            // Who a claim is attributed to is not part of what it says: "..., RT reported"
            // states the same as the sentence without its source.
            let source = claim.attributed_to.as_deref().map(str::to_lowercase);
            let is_source = |text: &str| source.as_deref() == Some(text.to_lowercase().as_str());
            for e in mentions.iter().filter(|e| !is_source(&e.text)) {
                keys.push((entity_key(&e.id), ENTITY_WEIGHT));
            }
            for t in &tokens {
                let inside = mentions.iter().any(|e| e.start < t.end && t.start < e.end);
                if inside || is_reporting_verb(&t.norm) {
                    continue;
                }
                if t.is_number() {
                    keys.push((number_key(&t.norm), 1.0));
                } else if is_content(t) {
                    keys.push((word_key(&t.norm), 1.0));
                }
            }
            let parts = clause_parts(text, claim.start, &tokens, &mentions, &is_source);
            ClaimDigest {
                position: position as u32,
                keys: presence(keys),
                parts,
                dispute: DisputeSide::of(&tokens.into_iter().map(|t| t.norm).collect::<Vec<_>>()),
                attributed: claim.attributed_to.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{Claim, EntityMention, EntityType, InputFormat, InputInfo};

    fn article() -> Article {
        let mut a = Article::from_paragraphs(
            "0000000000000001".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            &[
                "Militants cut the road to the air base near Deir Ezzor on Tuesday.",
                "Officials said 120 000 civilians were trapped.",
            ],
        );
        a.title = Some("Road to air base cut".into());
        a.published = Some("2017-01-18".into());
        a.entities = vec![EntityMention {
            start: 43,
            end: 53,
            text: "Deir Ezzor".into(),
            entity_type: EntityType::Location,
            id: "loc:deir-ez-zor".into(),
        }];
        a.claims = vec![Claim {
            start: 0,
            end: 66,
            checkworthy: 0.8,
            attributed_to: None,
        }];
        a
    }

    #[test]
    fn profiles_words_and_entities_and_digests_claims() {
        let d = ArticleDigest::of(&article());
        assert_eq!(d.published_at, unix_seconds("2017-01-18"));
        let road = word_key("road");
        let base = d.profile.0.iter().find(|p| p.0 == road).unwrap().1;
        // "road" in the title and the lead weighs more than a word met once in the body.
        let trapped = d
            .profile
            .0
            .iter()
            .find(|p| p.0 == word_key("trapped"))
            .unwrap()
            .1;
        assert!(base > trapped);
        assert!(d.profile.keys().any(|k| k == entity_key("loc:deir-ez-zor")));
        // Words inside an entity are counted by its id only.
        assert!(!d.profile.keys().any(|k| k == word_key("ezzor")));
        assert!(d.terms.contains(&word_key("civilians")));
        assert_eq!(d.claims.len(), 1);
        let c = &d.claims[0];
        assert!(c.keys.keys().any(|k| k == entity_key("loc:deir-ez-zor")));
        assert!(c.keys.keys().any(|k| k == word_key("cutting")));
        let words: Vec<String> =
            tokenize("Militants cut the road to the air base near Deir Ezzor on Tuesday.")
                .into_iter()
                .map(|t| t.norm)
                .collect();
        assert_eq!(c.dispute, DisputeSide::of(&words));
        assert!(!c.attributed);
    }

    /// A participle clause after a comma is a proposition of its own, about the sentence's
    /// subject; a short clause is not split off.
    #[test]
    fn a_compound_claim_has_a_part_per_clause() {
        let text = "Rebel fighters advanced quickly in northern Harmaq province, cutting off \
                    the coastal air base supplying troops and residents, officials said.";
        let start = text.find("Harmaq").unwrap();
        let mut a = Article::from_paragraphs(
            "0000000000000002".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            &[text],
        );
        a.entities = vec![EntityMention {
            start,
            end: start + 6,
            text: "Harmaq".into(),
            entity_type: EntityType::Location,
            id: "loc:harmaq".into(),
        }];
        a.claims = vec![Claim {
            start: 0,
            end: text.chars().count(),
            checkworthy: 0.8,
            attributed_to: None,
        }];
        let c = &claim_digests(&a)[0];
        assert_eq!(c.parts.len(), 2, "{:?}", c.parts);
        let harmaq = entity_key("loc:harmaq");
        // The second clause names no place of its own and keeps the sentence's first entity.
        assert!(c.parts[1].keys().any(|k| k == harmaq));
        assert!(c.parts[1].keys().any(|k| k == word_key("cutting")));
        assert!(!c.parts[0].keys().any(|k| k == word_key("base")));
        // ", officials said" is too short to be a clause of its own.
        let single = claim_digests(&article())[0].parts.len();
        assert_eq!(single, 0);
    }
}
