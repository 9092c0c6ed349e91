//! A record made ready for the store: encoded, with its normalised rows and its index fields.
//!
//! Preparing is the CPU-heavy part of a write (serialising, compressing, grouping mentions), so
//! it is separate from [`Store::write`](crate::Store::write) and callers run it on their worker
//! threads; the single writer then only runs SQL.

use std::collections::BTreeMap;

use parallax_core::{Article, CharIndex};

use crate::codec;
use crate::date::Period;

/// Everything the store writes for one record.
#[derive(Debug, Clone)]
pub struct PreparedRecord {
    pub(crate) id: String,
    /// The input this record was read from (`path`, `path:LINE`, ...), when known.
    pub(crate) source: Option<String>,
    pub(crate) meta: Metadata,
    pub(crate) codec: i64,
    pub(crate) blob: Vec<u8>,
    pub(crate) authors: Vec<String>,
    pub(crate) entities: Vec<EntityRow>,
    pub(crate) techniques: Vec<TechniqueRow>,
    pub(crate) claims: Vec<ClaimRow>,
    pub(crate) quotes: Vec<QuoteRow>,
    pub(crate) scores: Vec<(String, f64)>,
    pub(crate) index: IndexFields,
}

impl PreparedRecord {
    /// Prepares `article`, read from the input named `source`.
    pub fn new(article: &Article, source: Option<String>) -> Self {
        let chars = CharIndex::new(&article.text);
        let span_text = |start: usize, end: usize| -> String {
            if start >= end {
                String::new()
            } else {
                chars.slice(&article.text, start, end).to_string()
            }
        };

        let mut entities: BTreeMap<(&str, &str, &str), i64> = BTreeMap::new();
        for mention in &article.entities {
            *entities
                .entry((
                    mention.id.as_str(),
                    mention.entity_type.as_str(),
                    mention.text.as_str(),
                ))
                .or_default() += 1;
        }
        let mut techniques: BTreeMap<&str, (i64, f64)> = BTreeMap::new();
        for span in &article.techniques {
            let entry = techniques
                .entry(span.technique.name())
                .or_insert((0, f64::NEG_INFINITY));
            entry.0 += 1;
            entry.1 = entry.1.max(span.confidence);
        }

        PreparedRecord {
            id: article.id.clone(),
            source,
            meta: Metadata::of(article),
            codec: codec::DEFLATE_JSON,
            blob: codec::encode(article),
            authors: article.authors.clone(),
            entities: entities
                .into_iter()
                .map(|((entity_id, kind, text), count)| EntityRow {
                    entity_id: entity_id.to_string(),
                    kind,
                    text: text.to_string(),
                    count,
                })
                .collect(),
            techniques: techniques
                .into_iter()
                .map(|(technique, (count, max_confidence))| TechniqueRow {
                    technique,
                    count,
                    max_confidence,
                })
                .collect(),
            claims: article
                .claims
                .iter()
                .map(|c| ClaimRow {
                    start: c.start,
                    end: c.end,
                    text: span_text(c.start, c.end),
                    checkworthy: c.checkworthy,
                    attributed_to: c.attributed_to.clone(),
                })
                .collect(),
            quotes: article
                .quotes
                .iter()
                .map(|q| QuoteRow {
                    start: q.start,
                    end: q.end,
                    text: span_text(q.start, q.end),
                    speaker: q.speaker.clone(),
                    speaker_id: q.speaker_id.clone(),
                    cue: q.cue.clone(),
                    anonymous: q.anonymous,
                })
                .collect(),
            scores: article
                .scores
                .other
                .iter()
                .map(|(name, value)| (name.clone(), *value))
                .collect(),
            index: IndexFields::of(article),
        }
    }

    /// The record id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The `articles` columns besides the keys and the record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub published_at: Option<i64>,
    pub url: Option<String>,
    pub input_path: Option<String>,
    pub input_format: &'static str,
    pub language: Option<String>,
    pub word_count: i64,
    pub propaganda: f64,
}

impl Metadata {
    pub fn of(article: &Article) -> Self {
        Metadata {
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published: article.published.clone(),
            published_at: published_at(article),
            url: article.input.url.clone(),
            input_path: article.input.path.clone(),
            input_format: article.input.format.as_str(),
            language: article.language.clone(),
            word_count: article.word_count() as i64,
            propaganda: article.scores.propaganda,
        }
    }
}

fn published_at(article: &Article) -> Option<i64> {
    article
        .published
        .as_deref()
        .and_then(Period::parse)
        .map(|p| p.start)
}

#[derive(Debug, Clone)]
pub(crate) struct EntityRow {
    pub entity_id: String,
    pub kind: &'static str,
    pub text: String,
    pub count: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct TechniqueRow {
    pub technique: &'static str,
    pub count: i64,
    pub max_confidence: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct ClaimRow {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub checkworthy: f64,
    pub attributed_to: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct QuoteRow {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub cue: Option<String>,
    pub anonymous: bool,
}

/// What the search index holds for a record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexFields {
    pub title: Option<String>,
    pub body: String,
    /// Lower-cased, so outlet filters ignore case.
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// Distinct entity ids.
    pub entities: Vec<String>,
    /// Distinct technique names.
    pub techniques: Vec<&'static str>,
    pub published_at: Option<i64>,
    pub propaganda: f64,
}

impl IndexFields {
    pub fn of(article: &Article) -> Self {
        let mut entities: Vec<String> = article.entities.iter().map(|e| e.id.clone()).collect();
        entities.sort_unstable();
        entities.dedup();
        let mut techniques: Vec<&'static str> = article
            .techniques
            .iter()
            .map(|t| t.technique.name())
            .collect();
        techniques.sort_unstable();
        techniques.dedup();
        IndexFields {
            title: article.title.clone(),
            body: article.text.clone(),
            outlet: article.outlet.as_deref().map(str::to_lowercase),
            language: article.language.clone(),
            entities,
            techniques,
            published_at: published_at(article),
            propaganda: article.scores.propaganda,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{
        Claim, EntityMention, EntityType, InputFormat, InputInfo, Quote, Technique, TechniqueSpan,
    };

    #[test]
    fn groups_mentions_and_cuts_span_texts_by_character() {
        let mut article = Article::from_paragraphs(
            "0123456789abcdef".into(),
            InputInfo {
                path: Some("feed.jsonl".into()),
                url: Some("https://example.org/a".into()),
                format: InputFormat::Jsonl,
            },
            &["Élan: “Ministers lied,” said Ana Vel. Ana Vel spoke in Oslo."],
        );
        article.published = Some("2024-03-05T10:00:00+01:00".into());
        let mention = |start, end, text: &str, id: &str, entity_type| EntityMention {
            start,
            end,
            text: text.into(),
            entity_type,
            id: id.into(),
        };
        article.entities = vec![
            mention(29, 36, "Ana Vel", "per-ana", EntityType::Person),
            mention(38, 45, "Ana Vel", "per-ana", EntityType::Person),
            mention(55, 59, "Oslo", "loc-oslo", EntityType::Location),
        ];
        article.quotes = vec![Quote {
            start: 6,
            end: 23,
            speaker: Some("Ana Vel".into()),
            speaker_id: Some("per-ana".into()),
            cue: Some("said".into()),
            anonymous: false,
        }];
        article.claims = vec![Claim {
            start: 38,
            end: 60,
            checkworthy: 0.25,
            attributed_to: None,
        }];
        article.techniques = vec![
            TechniqueSpan {
                start: 7,
                end: 20,
                technique: Technique::NameCallingLabeling,
                confidence: 0.4,
                reported: false,
            },
            TechniqueSpan {
                start: 8,
                end: 20,
                technique: Technique::NameCallingLabeling,
                confidence: 0.7,
                reported: false,
            },
        ];
        let prepared = PreparedRecord::new(&article, Some("feed.jsonl:3".into()));
        assert_eq!(prepared.entities.len(), 2);
        let ana = prepared
            .entities
            .iter()
            .find(|e| e.entity_id == "per-ana")
            .unwrap();
        assert_eq!(
            (ana.count, ana.kind, ana.text.as_str()),
            (2, "PER", "Ana Vel")
        );
        assert_eq!(prepared.quotes[0].text, "“Ministers lied,”");
        assert_eq!(prepared.claims[0].text, "Ana Vel spoke in Oslo.");
        assert_eq!(prepared.techniques.len(), 1);
        assert_eq!(prepared.techniques[0].count, 2);
        assert_eq!(prepared.techniques[0].max_confidence, 0.7);
        assert_eq!(prepared.index.entities, vec!["loc-oslo", "per-ana"]);
        // 10:00 at +01:00 is 09:00 UTC.
        assert_eq!(
            prepared.meta.published_at,
            Period::parse("2024-03-05T09:00Z").map(|p| p.start)
        );
        assert_eq!(prepared.meta.word_count, 11);
    }
}
