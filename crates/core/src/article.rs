//! The article record and its layers, field for field as in `specs/article-record.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::char_len;

/// The record for one input document. Every field is always serialized: unknown scalars are
/// `null`, unknown lists `[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the same input bytes always give the same id.
    pub id: String,
    /// Where the document came from.
    pub input: InputInfo,
    pub title: Option<String>,
    /// Person names only.
    pub authors: Vec<String>,
    /// ISO 8601 date or date-time.
    pub published: Option<String>,
    /// The publication as readers know it.
    pub outlet: Option<String>,
    /// ISO 639-1 code.
    pub language: Option<String>,
    /// The clean body; paragraphs separated by `"\n\n"`.
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<EntityMention>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
    pub techniques: Vec<TechniqueSpan>,
    pub scores: Scores,
    /// Short reasons behind the scores, strongest first.
    pub explanation: Vec<String>,
}

impl Article {
    /// An article with the ingest layers filled in: the body is the paragraphs joined by a
    /// blank line, and `paragraphs` holds their spans. Annotation layers start empty.
    pub fn from_paragraphs<S: AsRef<str>>(id: String, input: InputInfo, paragraphs: &[S]) -> Self {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(paragraphs.len());
        let mut offset = 0usize;
        for paragraph in paragraphs {
            let paragraph = paragraph.as_ref();
            if paragraph.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
                offset += 2;
            }
            let len = char_len(paragraph);
            text.push_str(paragraph);
            spans.push(Span {
                start: offset,
                end: offset + len,
            });
            offset += len;
        }
        Article {
            id,
            input,
            title: None,
            authors: Vec::new(),
            published: None,
            outlet: None,
            language: None,
            text,
            paragraphs: spans,
            sentences: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            claims: Vec::new(),
            techniques: Vec::new(),
            scores: Scores::default(),
            explanation: Vec::new(),
        }
    }

    /// Number of whitespace-separated words in the body.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Provenance of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The file the document was read from (`-` for stdin); for a record inside a container
    /// (a JSONL line, a CSV row, a WARC record) the container's path.
    pub path: Option<String>,
    /// The document's own URL when the input says it.
    pub url: Option<String>,
    pub format: InputFormat,
}

/// The format a document was read as (after decompression).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
    Jsonl,
    Csv,
    Warc,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Warc => "warc",
        }
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A character range `[start, end)` into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// Whether the two ranges share at least one character.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Whether `other` lies entirely inside this range.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A sentence, with the probability that it uses propaganda (filled by the analyze stage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub propaganda: f64,
}

impl Sentence {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Named-entity classes, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organization,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Organization => "ORG",
            EntityType::Location => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    pub fn parse(tag: &str) -> Option<Self> {
        match tag {
            "PER" => Some(EntityType::Person),
            "ORG" => Some(EntityType::Organization),
            "LOC" => Some(EntityType::Location),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// One mention of a named entity. `id` is shared by every mention of the same real-world
/// entity, within and across records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    pub id: String,
}

impl EntityMention {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Quoted or reported speech and who it is attributed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    /// The reporting verb or phrase: "said", "told RT", "according to".
    pub cue: Option<String>,
    /// The speaker is deliberately unnamed.
    pub anonymous: bool,
}

impl Quote {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A sentence that asserts something checkable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub start: usize,
    pub end: usize,
    /// How worth checking the claim is, in `[0, 1]`.
    pub checkworthy: f64,
    /// Who the text says the claim comes from, if anyone.
    pub attributed_to: Option<String>,
}

impl Claim {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A persuasion-technique span. `technique` uses the SemEval-2023 Task 3 names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueSpan {
    pub start: usize,
    pub end: usize,
    pub technique: crate::Technique,
    pub confidence: f64,
    /// The technique is used inside a quotation attributed to someone else: the article
    /// reports it rather than uses it. Serialized only when true, so records without reported
    /// techniques carry exactly the four fields of the record spec.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reported: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl TechniqueSpan {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Plain words for a propaganda score, the bands every view shows: `high` from 0.6, `medium`
/// from 0.35, else `low`.
pub fn score_word(value: f64) -> &'static str {
    if value >= 0.6 {
        "high"
    } else if value >= 0.35 {
        "medium"
    } else {
        "low"
    }
}

/// Article-level scores in `[0, 1]`. `propaganda` is always present; later stages may add
/// further named scores, which serialize beside it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub propaganda: f64,
    #[serde(flatten)]
    pub other: BTreeMap<String, f64>,
}

/// Rounds a probability for output, so records stay readable and diff cleanly.
pub fn round_score(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        Article::from_paragraphs(
            "abc".into(),
            InputInfo {
                path: Some("a.txt".into()),
                url: None,
                format: InputFormat::Text,
            },
            &["Héllo wörld.", "", "Second."],
        )
    }

    #[test]
    fn paragraphs_are_character_offsets_and_skip_empty() {
        let a = sample();
        assert_eq!(a.text, "Héllo wörld.\n\nSecond.");
        assert_eq!(a.paragraphs, vec![Span::new(0, 12), Span::new(14, 21)]);
        let chars: Vec<char> = a.text.chars().collect();
        let second: String = chars[14..21].iter().collect();
        assert_eq!(second, "Second.");
    }

    #[test]
    fn every_spec_field_is_serialized_even_when_unknown() {
        let value = serde_json::to_value(sample()).unwrap();
        let object = value.as_object().unwrap();
        for field in [
            "id",
            "input",
            "title",
            "authors",
            "published",
            "outlet",
            "language",
            "text",
            "paragraphs",
            "sentences",
            "entities",
            "quotes",
            "claims",
            "techniques",
            "scores",
            "explanation",
        ] {
            assert!(object.contains_key(field), "missing {field}");
        }
        assert!(object["title"].is_null());
        assert_eq!(object["input"]["format"], "text");
        assert_eq!(object["scores"]["propaganda"], 0.0);
    }

    #[test]
    fn extra_scores_flatten_beside_propaganda() {
        let mut scores = Scores {
            propaganda: 0.5,
            ..Default::default()
        };
        scores.other.insert("checkworthiness".into(), 0.25);
        let json = serde_json::to_string(&scores).unwrap();
        assert_eq!(json, r#"{"propaganda":0.5,"checkworthiness":0.25}"#);
        let back: Scores = serde_json::from_str(&json).unwrap();
        assert_eq!(back, scores);
    }
}
