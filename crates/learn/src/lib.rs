//! Small, dependency-light machine-learning primitives shared by Parallax models.
//!
//! Models in Parallax are linear models over sparse, hashed features: the named-entity
//! recogniser (a structured perceptron over token features) and the propaganda-technique
//! models (linear classifiers and sequence taggers over word and character n-grams). This crate
//! holds the pieces they share:
//!
//! | module | job |
//! | --- | --- |
//! | [`hashing`] | stable 64-bit feature keys from a template id and parts; word and char n-grams |
//! | [`features`] | interning feature keys into dense row ids, with count cut-offs |
//! | [`inline_key`] | string keys for memo tables that keep short strings inline |
//! | [`perceptron`] | averaged multiclass perceptron |
//! | [`sequence`] | averaged structured perceptron with first-order Viterbi and forward-backward |
//! | [`tagger`] | a shippable sequence tagger: key index + model, pruning, 8-bit storage |
//! | [`logistic`] | binary and multinomial logistic regression trained with AdaGrad SGD |
//! | [`brown`] | Brown word clustering of unlabeled text (hierarchical bit-string paths) |
//! | [`eval`] | precision / recall / F1 counters and span-level scoring |
//! | [`format`] | a compact, checksummed, versioned binary container for model files |
//! | [`rng`] | a tiny deterministic random generator for shuffling |
//!
//! Everything is deterministic for a given seed, so `parallax train` reproduces shipped models
//! byte for byte.
//!
//! ```
//! use parallax_learn::hashing::FeatureKey;
//! use parallax_learn::perceptron::{AveragedPerceptron, Example};
//!
//! let key = |s: &str| FeatureKey::new(1).str(s).finish();
//! let examples = vec![
//!     Example { features: vec![key("goal"), key("match")], label: 0 },
//!     Example { features: vec![key("vote"), key("party")], label: 1 },
//! ];
//! let model = AveragedPerceptron::train(&examples, 2, 5, 7);
//! assert_eq!(model.predict(&[key("goal")]), 0);
//! assert_eq!(model.predict(&[key("party")]), 1);
//! ```

pub mod brown;
pub mod eval;
pub mod features;
pub mod format;
pub mod hashing;
pub mod inline_key;
pub mod logistic;
pub mod perceptron;
pub mod rng;
pub mod sequence;
pub mod tagger;

pub use format::{FormatError, ModelReader, ModelWriter};
