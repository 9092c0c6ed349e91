//! Named-entity recognition for news text.
//!
//! A news tokenizer with byte offsets ([`tokenize`]), and a two-stage structured-perceptron
//! tagger ([`NerModel`]) trained by our own code on CoNLL-2003 (see `models/ner/MODEL_CARD.md`)
//! that finds PER, ORG, LOC and MISC mentions from the tokens alone: no POS tags, no external
//! models. Its word knowledge (Brown clusters, a capitalisation prior) was learned from
//! unlabeled news text; document-level features keep a name's label consistent across an
//! article.
//!
//! ```
//! use parallax_core::EntityType;
//! use parallax_ner::NerModel;
//!
//! let model = NerModel::builtin().unwrap(); // the shipped model, embedded in the binary
//! let text = "Angela Merkel met Emmanuel Macron in Paris. They spoke for an hour.";
//! let sentences = [0..43, 44..text.len()]; // byte ranges, e.g. from the annotate stage
//! let entities = model.recognize(text, &sentences);
//! assert!(entities.iter().any(|e| &text[e.range()] == "Paris" && e.entity_type == EntityType::Location));
//! for entity in &entities {
//!     println!("{} {:?} {:.2}", &text[entity.range()], entity.entity_type, entity.confidence);
//! }
//! ```
//!
//! | module | job |
//! | --- | --- |
//! | [`tokenize`] | CoNLL-like news tokenizer with byte offsets (reusable on its own) |
//! | `model` | [`NerModel`]: `builtin`, `load`, `save`, `recognize`, `tag_document` |
//! | `inference` | the run-time path: the same scores, summed once per distinct word |
//! | [`features`] | token, document and second-stage features |
//! | [`lexicon`], [`gazetteer`] | word clusters, capitalisation prior, training names |
//! | [`tags`] | BILOU tags, constraints, IOB2 conversion, spans |
//! | [`conll`], [`corpus`] | reading CoNLL-2003 and the unlabeled news text |
//! | [`train`], [`evaluate`] | `parallax train ner` and `parallax eval ner` |

pub mod conll;
pub mod corpus;
mod error;
pub mod evaluate;
pub mod features;
pub mod gazetteer;
mod inference;
pub mod lexicon;
mod model;
pub mod tags;
pub mod tokenize;
pub mod train;

pub use error::NerError;
pub use model::{DocumentTags, EntitySpan, NerModel, MODEL_FILE};
pub use tokenize::{tokenize, tokenize_into, Token};
