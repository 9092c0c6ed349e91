//! One module per subcommand.

pub mod analyze;
pub mod attribution;
pub mod eval;
pub mod ingest;
pub mod ner;
pub mod propaganda;
pub mod search;
pub mod serve;
pub mod sentences;
pub mod train;
