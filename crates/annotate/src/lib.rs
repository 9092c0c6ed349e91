//! The language layer of an article record: language, sentences, entities with a stable
//! identity, quotes with their speakers, attribution, and check-worthy claims.
//!
//! Each component reads the layers before it and adds one, like a spaCy pipeline:
//!
//! | component | reads | adds |
//! | --- | --- | --- |
//! | [`language`] | `text` | `language` |
//! | [`sentences`] | `text`, `paragraphs` | `sentences` |
//! | NER (`parallax-ner`) | `text`, `sentences` | `entities` |
//! | [`identity`] | `text`, `entities` | `entities[].id` |
//! | [`quotes`] | `text`, `paragraphs`, `sentences`, `entities` | `quotes` |
//! | [`claims`] | `sentences`, `entities`, `quotes` | `claims` |
//!
//! ```
//! use parallax_core::{Article, InputFormat, InputInfo};
//! let mut article = Article::from_paragraphs(
//!     "id".into(),
//!     InputInfo { path: None, url: None, format: InputFormat::Text },
//!     &["Gen. Hale arrived at 9 a.m. on Monday. He left at noon."],
//! );
//! parallax_annotate::Annotator::new().annotate(&mut article);
//! assert_eq!(article.sentences.len(), 2);
//! ```

pub mod claims;
pub mod eval;
pub mod identity;
pub mod language;
pub mod quotes;
pub mod sentences;

use parallax_core::{Article, CharIndex, EntityMention, Sentence};
use parallax_ner::NerModel;

/// Runs the language-layer components on articles. Built once, shared across threads.
pub struct Annotator {
    ner: &'static NerModel,
    resolver: identity::EntityResolver,
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new()
    }
}

impl Annotator {
    /// An annotator with the shipped models.
    pub fn new() -> Self {
        // The shipped model is compiled into the binary and checked by its tests; failing to
        // parse it is a build defect, not an input problem.
        let ner = NerModel::builtin().expect("the built-in NER model is valid");
        Annotator {
            ner,
            resolver: identity::EntityResolver::default(),
        }
    }

    /// Uses `resolver` for entity ids (for example one with a user alias file).
    pub fn with_resolver(mut self, resolver: identity::EntityResolver) -> Self {
        self.resolver = resolver;
        self
    }

    /// Adds the language layers to an article that has its ingest layers.
    pub fn annotate(&self, article: &mut Article) {
        article.language = language::identify(&article.text, article.language.as_deref());
        let index = CharIndex::new(&article.text);
        let sentence_ranges = sentences::split(&article.text);
        // The recogniser and the claim features are learned from English; on other languages
        // they mislabel (German capitalises every noun), so there only the language-independent
        // layers run: sentences, entities listed in the alias tables, quotations by their marks.
        let english = reads_as_english(article.language.as_deref());
        // Spans and types only: the record has no entity confidence.
        let recognized = if english {
            self.ner.recognize_spans(&article.text, &sentence_ranges)
        } else {
            Vec::new()
        };
        article.entities = recognized
            .into_iter()
            .map(|(range, entity_type)| EntityMention {
                start: index.char_of(range.start),
                end: index.char_of(range.end),
                text: article.text[range].to_string(),
                entity_type,
                id: String::new(),
            })
            .collect();
        article.sentences = sentence_ranges
            .into_iter()
            .map(|r| Sentence {
                start: index.char_of(r.start),
                end: index.char_of(r.end),
                propaganda: 0.0,
            })
            .collect();
        // Listed names the recogniser missed or mistyped, then ids: after the recogniser
        // fills `entities`, before attribution reads them.
        self.resolver
            .rule(&article.text, &index, &mut article.entities);
        self.resolver
            .resolve_with(&article.text, &mut article.entities, english);
        // Attribution reads sentences and entities, so it runs after them. Quotation marks are
        // found in any language; speakers only through the entities there are.
        let (quotes, doc) = quotes::find_with_doc(article);
        // Claims read the quotes for their attribution, and the tokens the quotes layer made.
        let claims = english.then(|| claims::find_with_doc(article, &quotes, doc));
        article.quotes = quotes;
        if let Some(claims) = claims {
            article.claims = claims;
        }
    }
}

/// Whether the English-trained components apply: the text is English, or too short or mixed
/// for its language to be told (most such texts in news feeds are English headlines).
pub fn reads_as_english(language: Option<&str>) -> bool {
    matches!(language, None | Some("en"))
}
