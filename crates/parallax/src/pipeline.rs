//! The analysis pipeline: ingest -> annotate -> analyze, for one document at a time.

use anyhow::Context;
use parallax_analyze::Analyzer;
use parallax_annotate::Annotator;
use parallax_core::Article;
use parallax_ingest::{extract, InputError, Limits, RawDocument};

/// Everything needed to turn a raw document into a finished record. Built once (models are
/// loaded here), then shared by all worker threads.
pub struct Pipeline {
    limits: Limits,
    annotator: Annotator,
    analyzer: Analyzer,
}

impl Pipeline {
    pub fn new(limits: Limits) -> anyhow::Result<Self> {
        Ok(Pipeline {
            limits,
            annotator: Annotator::new(),
            analyzer: Analyzer::new()?,
        })
    }

    /// Reads a user alias file for entity ids (`--aliases`), on top of the curated table.
    pub fn with_aliases(mut self, path: &std::path::Path) -> anyhow::Result<Self> {
        let resolver = parallax_annotate::identity::EntityResolver::with_alias_file(path)?;
        self.annotator = std::mem::take(&mut self.annotator).with_resolver(resolver);
        Ok(self)
    }

    /// Switches the persuasion stage to its deep path: all-MiniLM-L6-v2 sentence embeddings
    /// (fetched by `scripts/fetch-models.sh`) with the trained heads of `models/propaganda-deep`.
    pub fn with_deep(self) -> anyhow::Result<Self> {
        let deep = parallax_analyze::deep::Deep::builtin()
            .context("loading the deep persuasion path (run scripts/fetch-models.sh first)")?;
        let Pipeline {
            limits,
            annotator,
            analyzer,
        } = self;
        Ok(Pipeline {
            limits,
            annotator,
            analyzer: analyzer.with_deep(deep),
        })
    }

    /// Runs every stage on one document.
    pub fn process(&self, raw: RawDocument) -> Result<Article, InputError> {
        let mut article = extract(raw, &self.limits)?;
        self.annotator.annotate(&mut article);
        if parallax_annotate::reads_as_english(article.language.as_deref()) {
            self.analyzer.analyze(&mut article);
        } else {
            // The persuasion models and lexicons are English; on other languages their output
            // would be noise, so the record says so instead of scoring.
            article.explanation = vec![format!(
                "Not analysed for persuasion: the models cover English, and this article reads as '{}'",
                article.language.as_deref().unwrap_or("unknown")
            )];
        }
        Ok(article)
    }
}
