//! The persuasion-analysis stage of Parallax: which propaganda techniques an article uses,
//! phrase by phrase (SemEval-2023 Task 3 names), how likely each sentence is to be
//! propaganda, an article score, and an explanation in plain words that quotes the evidence.
//!
//! The fast path is linear models over hashed sparse features, no neural network:
//!
//! | module | job |
//! | --- | --- |
//! | [`text`] | tokens with byte offsets and hashed lowercase forms and stems |
//! | [`lexicon`] | hand-built cue lists: loaded words, labels, flag-waving, doubt, … |
//! | [`clusters`] | Brown word clusters learned from unlabeled news |
//! | [`features`] | sentence, token and span features from a prepared article |
//! | [`tagger`] | BIO span tagger (averaged structured perceptron) |
//! | [`sentence`] | two-stage sentence classifier (logistic regressions) |
//! | [`technique`] | span technique classifier (softmax regression) |
//! | [`article_score`] | calibrated article score |
//! | [`analyzer`] | the stage itself: [`Analyzer::analyze`] fills an article's layers |
//! | [`explain`] | explanations that quote the phrases |
//! | [`data`], [`measures`], [`train`], [`evaluate`] | data sets, official measures, training |
//!
//! ```no_run
//! use parallax_core::{Article, InputFormat, InputInfo};
//! let mut article = Article::from_paragraphs(
//!     "id".into(),
//!     InputInfo { path: None, url: None, format: InputFormat::Text },
//!     &["These cold-blooded traitors will destroy everything we hold dear."],
//! );
//! parallax_analyze::Analyzer::new()?.analyze(&mut article);
//! println!("{:?}", article.explanation);
//! # Ok::<(), parallax_analyze::AnalyzeError>(())
//! ```

pub mod analyzer;
pub mod article_score;
pub mod baseline;
pub mod clusters;
pub mod data;
pub mod deep;
mod error;
pub mod evaluate;
pub mod explain;
pub mod features;
pub mod genre;
pub mod lexicon;
pub mod linear;
pub mod measures;
pub mod model;
pub mod sentence;
pub mod spans;
pub mod tagger;
pub mod technique;
pub mod text;
pub mod train;
mod unlabeled;

pub use analyzer::{Analysis, Analyzer, Finding, QuoteSpan};
pub use error::AnalyzeError;
pub use model::FastModels;
