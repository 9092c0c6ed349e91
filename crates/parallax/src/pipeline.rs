//! The analysis pipeline: ingest -> annotate -> analyze, for one document at a time.

use parallax_annotate::Annotator;
use parallax_core::Article;
use parallax_ingest::{extract, InputError, Limits, RawDocument};

/// Everything needed to turn a raw document into a finished record. Built once (models are
/// loaded here), then shared by all worker threads.
pub struct Pipeline {
    limits: Limits,
    annotator: Annotator,
}

impl Pipeline {
    pub fn new(limits: Limits) -> anyhow::Result<Self> {
        Ok(Pipeline {
            limits,
            annotator: Annotator::new(),
        })
    }

    /// Runs every stage on one document.
    pub fn process(&self, raw: RawDocument) -> Result<Article, InputError> {
        let mut article = extract(raw, &self.limits)?;
        self.annotator.annotate(&mut article);
        Ok(article)
    }
}
