//! Known narratives in the stored articles: the catalog `parallax serve --catalog FILE` was
//! given (prepared by the binary, which runs the annotator on each claim), matched against
//! every stored record with the corpus layer's matcher, as `parallax narratives` does. The
//! matches are kept until the store changes (a new catalog generation).

use std::sync::{Arc, Mutex};

use parallax_corpus::narratives::{CarryingSentence, Narrative, NarrativeMatcher};
use parallax_store::Store;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::Failure;

/// The narratives the server matches, with the file they came from.
pub struct NarrativeCatalog {
    /// Where the catalog was read from, as shown to users.
    pub source: String,
    matcher: NarrativeMatcher,
}

impl NarrativeCatalog {
    pub fn new(source: impl Into<String>, narratives: Vec<Narrative>) -> Self {
        NarrativeCatalog {
            source: source.into(),
            matcher: NarrativeMatcher::new(narratives),
        }
    }

    /// Narratives in the catalog.
    pub fn len(&self) -> usize {
        self.matcher.narratives().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for NarrativeCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NarrativeCatalog")
            .field("source", &self.source)
            .field("narratives", &self.len())
            .finish()
    }
}

/// A stored article that carries a narrative.
#[derive(Debug, Clone, Serialize)]
pub struct NarrativeArticle {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub score: f64,
    /// The sentences that carry it, best first.
    pub sentences: Vec<CarryingSentence>,
}

/// A narrative with the articles that carry it, best first.
#[derive(Debug, Clone, Serialize)]
pub struct NarrativeView {
    pub id: String,
    pub claim: String,
    pub articles: Vec<NarrativeArticle>,
}

/// Every match over the store.
#[derive(Debug, Clone, Serialize)]
pub struct NarrativeMatches {
    /// Narratives in the catalog.
    pub catalog: usize,
    /// Articles searched.
    pub articles: usize,
    /// Narratives carried by at least one article, most carried first.
    pub narratives: Vec<NarrativeView>,
}

/// The matches for the catalog generation they were computed with: matching reads every
/// record, so it runs once per store state, not per request.
#[derive(Default)]
pub struct NarrativeCache {
    current: Mutex<Option<(u64, Arc<NarrativeMatches>)>>,
}

impl NarrativeCache {
    /// The matches of `narratives` over `store`, computed unless cached for this generation.
    pub fn get(
        &self,
        store: &Store,
        catalog: &Catalog,
        narratives: &NarrativeCatalog,
    ) -> Result<Arc<NarrativeMatches>, Failure> {
        // Held while computing, so a burst of requests computes once.
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((generation, matches)) = current.as_ref() {
            if *generation == catalog.generation {
                return Ok(Arc::clone(matches));
            }
        }
        let matches = Arc::new(compute(store, narratives)?);
        *current = Some((catalog.generation, Arc::clone(&matches)));
        Ok(matches)
    }

    /// Forgets the matches: the server itself changed the store.
    pub fn clear(&self) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// Matches every stored record against the catalog.
pub fn compute(store: &Store, narratives: &NarrativeCatalog) -> Result<NarrativeMatches, Failure> {
    let matcher = &narratives.matcher;
    // Concept weights from the store's document frequencies, as `parallax narratives` does.
    let weights = store.term_weights(matcher.narratives().iter().flat_map(|n| n.concept_keys()))?;
    let weight = |k: u32| weights.weight(k);

    let mut found: Vec<Vec<NarrativeArticle>> = vec![Vec::new(); matcher.narratives().len()];
    let mut articles = 0;
    for record in store.records() {
        let article = record?;
        articles += 1;
        for m in matcher.match_article(&article, &weight) {
            found[m.narrative].push(NarrativeArticle {
                id: article.id.clone(),
                title: article.title.clone(),
                outlet: article.outlet.clone(),
                published: article.published.clone(),
                score: m.score,
                sentences: m.sentences,
            });
        }
    }
    let mut views: Vec<NarrativeView> = matcher
        .narratives()
        .iter()
        .zip(found)
        .filter(|(_, m)| !m.is_empty())
        .map(|(n, mut m)| {
            m.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
            NarrativeView {
                id: n.id.clone(),
                claim: n.claim.clone(),
                articles: m,
            }
        })
        .collect();
    views.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.id.cmp(&b.id))
    });
    Ok(NarrativeMatches {
        catalog: matcher.narratives().len(),
        articles,
        narratives: views,
    })
}
