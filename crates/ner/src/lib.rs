//! Named-entity recognition for news text.
//!
//! A news tokenizer with byte offsets ([`tokenize`]), and a two-stage structured-perceptron
//! tagger ([`NerModel`]) trained by our own code on CoNLL-2003 (see `models/ner/MODEL_CARD.md`)
//! that finds PER, ORG, LOC and MISC mentions from the tokens alone: no POS tags, no external
//! models. Its word knowledge (Brown clusters, a capitalisation prior) was learned from
//! unlabeled news text; document-level features keep a name's label consistent across an
//! article.
//!
//! ```no_run
//! use parallax_ner::NerModel;
//! let model = NerModel::load(std::path::Path::new("models/ner")).unwrap();
//! let text = "Angela Merkel met Emmanuel Macron in Paris.";
//! for entity in model.recognize(text, &[0..text.len()]) {
//!     println!("{} {:?} {:.2}", &text[entity.range()], entity.entity_type, entity.confidence);
//! }
//! ```

pub mod conll;
pub mod corpus;
mod error;
pub mod evaluate;
pub mod features;
pub mod gazetteer;
pub mod lexicon;
mod model;
pub mod tags;
pub mod tokenize;
pub mod train;

pub use error::NerError;
pub use model::{DocumentTags, EntitySpan, NerModel, MODEL_FILE};
pub use tokenize::{tokenize, tokenize_into, Token};
