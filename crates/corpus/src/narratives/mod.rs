//! Narratives: matching articles against a catalog of known narratives.

pub mod catalog;
pub mod matcher;

pub use catalog::{read_catalog, CatalogError, NarrativeEntry};
pub use matcher::{
    CarryingSentence, Narrative, NarrativeMatch, NarrativeMatcher, DEFAULT_THRESHOLD,
};
