//! One module per subcommand.

pub mod analyze;
pub mod eval;
pub mod ner;
pub mod sentences;
pub mod train;
