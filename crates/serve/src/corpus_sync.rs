//! Brings the store's corpus layer (near-duplicates, events, aligned claims) up to date after
//! the server stored posted articles, as `parallax ingest` does after each write; records an
//! interrupted run left out are caught up the same way.

use parallax_corpus::{ArticleDigest, CorpusConfig, Updater};
use parallax_store::Store;

use crate::error::Failure;

/// Records added to the corpus layer per transaction.
const CHUNK: usize = 256;

/// Adds every stored record the corpus layer does not include yet; returns how many.
pub fn sync(store: &mut Store) -> Result<usize, Failure> {
    let mut updater = Updater::new(CorpusConfig::default());
    let mut added = 0;
    loop {
        let mut session = store.corpus_session()?;
        let pending = session.pending(CHUNK)?;
        let Some(last) = pending.last().map(|p| p.change) else {
            break;
        };
        for p in &pending {
            if p.known {
                session.forget(p.key)?;
            }
            let Some(article) = session.record(p.key)? else {
                continue;
            };
            updater
                .add(&mut session, p.key, &ArticleDigest::of(&article))
                .map_err(|e| Failure::internal(format!("updating the corpus analysis: {e}")))?;
            added += 1;
        }
        session.commit(last)?;
    }
    Ok(added)
}
