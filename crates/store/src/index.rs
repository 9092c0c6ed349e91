//! The full-text index: a tantivy index derived from the database, never the source of truth.
//!
//! It holds no documents, only what search needs: the analysed title and body, the filter
//! fields, and `seq`, the row key in the database where everything else is read. Each commit
//! carries a checkpoint naming the last database change it includes, so a store reopened after
//! a crash re-indexes exactly the rows written since (see `Store::reconcile`). Changing the
//! schema below means bumping [`INDEX_VERSION`]; an index of another version is rebuilt.

use std::path::Path;
use std::time::Instant;

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::error::{Result, StoreError};
use crate::record::IndexFields;

/// Version of the index layout (schema and analyzer). Part of every checkpoint.
pub const INDEX_VERSION: u32 = 1;

/// Name under which the text analyzer is registered.
const TEXT_ANALYZER: &str = "parallax_text";

/// Indexing memory. One indexing thread: the analysis pipeline already keeps both cores busy.
const WRITER_THREADS: usize = 1;
const WRITER_MEMORY: usize = 96 * 1024 * 1024;

/// The fields of the index schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub seq: Field,
    pub title: Field,
    pub body: Field,
    pub outlet: Field,
    pub language: Field,
    pub entity: Field,
    pub technique: Field,
    pub published: Field,
    pub propaganda: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        seq: builder.add_u64_field("seq", INDEXED | FAST),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
        outlet: builder.add_text_field("outlet", STRING),
        language: builder.add_text_field("language", STRING),
        entity: builder.add_text_field("entity", STRING),
        technique: builder.add_text_field("technique", STRING),
        published: builder.add_i64_field("published", NumericOptions::default().set_fast()),
        propaganda: builder.add_f64_field("propaganda", NumericOptions::default().set_fast()),
    };
    (builder.build(), fields)
}

/// Words as search sees them: split on non-alphanumerics, lower-cased, accents folded
/// ("Zürich" finds "Zurich"), English-stemmed ("bombing" finds "bombed").
fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// What the last commit of the index includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub version: u32,
    /// Every database change up to this `change_seq` is in the index.
    pub through: i64,
}

impl Checkpoint {
    fn encode(self) -> String {
        format!("parallax-index {} through {}", self.version, self.through)
    }

    fn decode(payload: &str) -> Option<Checkpoint> {
        let rest = payload.strip_prefix("parallax-index ")?;
        let (version, through) = rest.split_once(" through ")?;
        Some(Checkpoint {
            version: version.parse().ok()?,
            through: through.parse().ok()?,
        })
    }
}

/// An open index.
pub(crate) struct SearchIndex {
    pub index: Index,
    pub fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, read-only use.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let index = Index::open_in_dir(dir)?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(StoreError::Index(tantivy::TantivyError::SchemaError(
                "the search index was built by another version of parallax; \
                 run `parallax ingest` on this store to rebuild it"
                    .into(),
            )));
        }
        index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
        Ok(SearchIndex { index, fields })
    }

    /// Opens the index in `dir` for writing, creating it when absent and recreating it when it
    /// is unreadable or of another layout (it is derived data). The caller holds the store's
    /// write lock. Returns the index and its checkpoint (`None` for a new index).
    pub fn open_for_writing(dir: &Path) -> Result<(SearchIndex, Option<Checkpoint>)> {
        if dir.join("meta.json").exists() {
            if let Ok(index) = SearchIndex::open(dir) {
                let checkpoint = index
                    .index
                    .load_metas()?
                    .payload
                    .as_deref()
                    .and_then(Checkpoint::decode);
                match checkpoint {
                    Some(c) if c.version == INDEX_VERSION => return Ok((index, Some(c))),
                    // A fresh index that never committed a checkpoint is still usable.
                    None if index.index.load_metas()?.segments.is_empty() => {
                        return Ok((index, None))
                    }
                    _ => {}
                }
            }
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
        Ok((SearchIndex { index, fields }, None))
    }

    /// The checkpoint of the last commit, if any.
    pub fn checkpoint(&self) -> Result<Option<Checkpoint>> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(Checkpoint::decode))
    }

    pub fn writer(&self) -> Result<IndexWriting> {
        Ok(IndexWriting {
            writer: self
                .index
                .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?,
            pending: 0,
            last_commit: Instant::now(),
        })
    }

    pub fn seq_term(&self, seq: i64) -> Term {
        Term::from_field_u64(self.fields.seq, seq as u64)
    }

    pub fn document(&self, seq: i64, record: &IndexFields) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.seq, seq as u64);
        if let Some(title) = &record.title {
            doc.add_text(f.title, title);
        }
        doc.add_text(f.body, &record.body);
        if let Some(outlet) = &record.outlet {
            doc.add_text(f.outlet, outlet);
        }
        if let Some(language) = &record.language {
            doc.add_text(f.language, language);
        }
        for entity in &record.entities {
            doc.add_text(f.entity, entity);
        }
        for technique in &record.techniques {
            doc.add_text(f.technique, technique);
        }
        if let Some(published) = record.published_at {
            doc.add_i64(f.published, published);
        }
        doc.add_f64(f.propaganda, record.propaganda);
        doc
    }
}

/// The index writer of a store opened for writing, with what it has not committed yet.
pub(crate) struct IndexWriting {
    pub writer: IndexWriter,
    /// Documents added since the last commit.
    pub pending: usize,
    pub last_commit: Instant,
}

impl IndexWriting {
    /// Makes every added document durable and visible, recording that the index now includes
    /// every change through `through`.
    pub fn commit(&mut self, through: i64) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(
            &Checkpoint {
                version: INDEX_VERSION,
                through,
            }
            .encode(),
        );
        prepared.commit()?;
        self.pending = 0;
        self.last_commit = Instant::now();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    #[test]
    fn checkpoints_round_trip_and_reject_foreign_payloads() {
        let c = Checkpoint {
            version: INDEX_VERSION,
            through: 12_345,
        };
        assert_eq!(Checkpoint::decode(&c.encode()), Some(c));
        assert_eq!(Checkpoint::decode("first commit"), None);
        assert_eq!(Checkpoint::decode("parallax-index x through 3"), None);
    }

    #[test]
    fn the_analyzer_folds_case_accents_and_inflection() {
        let mut analyzer = text_analyzer();
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream("Zürich BOMBINGS bombed");
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        assert_eq!(tokens, vec!["zurich", "bomb", "bomb"]);
    }
}
