//! One module per subcommand.

pub mod analyze;
pub mod attribution;
pub mod corpus;
pub mod corpus_eval;
pub mod duplicates;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
pub mod narratives;
pub mod ner;
pub mod outlets;
pub mod propaganda;
pub mod search;
pub mod sentences;
pub mod serve;
pub mod train;
