//! Container formats that hold many documents: one reader per format, each streaming.

pub mod csv;
pub mod jsonl;
pub mod warc;
