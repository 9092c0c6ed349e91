//! Entity identity: one id per real-world entity, within and across articles, however the
//! article spells it ("ISIS", "IS", "Daesh", "the Islamic State group" → `org:islamic-state`).
//!
//! Three layers decide, in order of precedence:
//!
//! 1. a **user alias file** (`parallax analyze --aliases FILE`), which adds entities and
//!    overrides the curated table (format in [`table`]);
//! 2. the **curated alias table** (`crates/annotate/data/aliases.tsv`, built in): countries and
//!    the capitals that stand for their governments, organisations, armed groups, leaders,
//!    cities with their transliterations, international bodies, news agencies;
//! 3. **rules over the article itself**: the same normalised name, the same transliteration key
//!    ("Deir El-Zour" = "Deir ez-Zor"), acronyms the article defines ("Delta Flood Authority
//!    (DFA)") or implies by initials, a surname or shorter form after a person's full name, a
//!    name repeated with a qualifier ("Islamic State in Syria"), and a word the recogniser left
//!    outside a mention ("Russian" before "Ministry of Defence").
//!
//! Ids are `kind:slug` (`per`, `org`, `loc`, `misc`). A table entity's id is the table's; any
//! other entity's id is built from the normalised key of its fullest mention in the article
//! ("Ilse Marrow" → `per:ilse-marrow`), so it is the same in every article that names it in
//! full. Ids never depend on the article otherwise.
//!
//! ```
//! use parallax_annotate::identity::EntityResolver;
//! use parallax_core::{EntityMention, EntityType};
//!
//! let text = "Daesh fighters entered Deir Ezzor. ISIS said the city had fallen.";
//! let mention = |start: usize, end: usize, entity_type| EntityMention {
//!     start, end, text: text[start..end].to_string(), entity_type, id: String::new(),
//! };
//! let mut mentions = vec![
//!     mention(0, 5, EntityType::Organization),
//!     mention(23, 33, EntityType::Location),
//!     mention(35, 39, EntityType::Organization),
//! ];
//! let resolver = EntityResolver::builtin();
//! let entities = resolver.resolve(text, &mut mentions);
//! assert_eq!(mentions[0].id, "org:islamic-state");
//! assert_eq!(mentions[2].id, "org:islamic-state");
//! assert_eq!(mentions[1].id, "loc:deir-ez-zor");
//! assert_eq!(entities[0].name, "Islamic State");
//! assert_eq!(resolver.canonical_name("loc:deir-ez-zor"), Some("Deir ez-Zor"));
//! ```

mod acronym;
mod metonymy;
pub mod normalize;
mod resolve;
mod ruler;
pub mod table;

use std::path::Path;
use std::sync::OnceLock;

use parallax_core::EntityType;
use serde::Serialize;

pub use resolve::kind;
pub use table::{AliasFileError, AliasTable, Entry};

/// The curated table, compiled into the binary.
const CURATED: &str = include_str!("../../data/aliases.tsv");

/// Where errors in the curated table point.
const CURATED_ORIGIN: &str = "crates/annotate/data/aliases.tsv";

/// The curated table, parsed once per process.
pub fn curated_table() -> &'static AliasTable {
    static TABLE: OnceLock<AliasTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is ours and a test parses it, so a failure here is a build defect.
        AliasTable::parse(CURATED, CURATED_ORIGIN)
            .unwrap_or_else(|error| panic!("the built-in alias table is invalid: {error}"))
    })
}

/// Assigns entity ids. Built once (the tables are indexed here), then shared by all threads.
#[derive(Debug, Clone)]
pub struct EntityResolver {
    curated: &'static AliasTable,
    user: Option<AliasTable>,
    /// First and last words of every listed name, for the ruler.
    name_ends: std::sync::Arc<ruler::NameEnds>,
}

impl Default for EntityResolver {
    fn default() -> Self {
        Self::builtin()
    }
}

/// One entity of an article: its id, the name to show for it, and its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedEntity {
    pub id: String,
    /// The canonical name: the table's, or the fullest mention's for an unlisted entity.
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Whether the id comes from an alias table (user or curated) rather than the article.
    pub listed: bool,
    /// Indexes of the entity's mentions in the slice given to [`EntityResolver::resolve`].
    pub mentions: Vec<usize>,
}

impl EntityResolver {
    /// A resolver with the curated table only.
    pub fn builtin() -> Self {
        static NAME_ENDS: OnceLock<std::sync::Arc<ruler::NameEnds>> = OnceLock::new();
        let name_ends = NAME_ENDS
            .get_or_init(|| std::sync::Arc::new(ruler::name_ends_of(curated_table(), None)));
        EntityResolver {
            curated: curated_table(),
            user: None,
            name_ends: name_ends.clone(),
        }
    }

    /// A resolver that reads a user alias file on top of the curated table.
    pub fn with_alias_file(path: &Path) -> Result<Self, AliasFileError> {
        Self::with_user_table(AliasTable::from_file(path)?)
    }

    /// A resolver with a parsed user table on top of the curated table. Checks that every
    /// "seat of" id the user table names exists.
    pub fn with_user_table(user: AliasTable) -> Result<Self, AliasFileError> {
        let curated = curated_table();
        for entry in user.entries() {
            if let Some(seat) = &entry.seat_of {
                if user.get(seat).is_none() && curated.get(seat).is_none() {
                    return Err(AliasFileError::Invalid {
                        origin: user.origin().to_string(),
                        line: entry.line,
                        message: format!("seat of: no entity has the id {seat}"),
                    });
                }
            }
        }
        let name_ends = std::sync::Arc::new(ruler::name_ends_of(curated, Some(&user)));
        Ok(EntityResolver {
            curated,
            user: Some(user),
            name_ends,
        })
    }

    /// The canonical name of a table entity (the user file's when it redefines the id).
    /// Unlisted entities have no global name: use [`ResolvedEntity::name`].
    pub fn canonical_name(&self, id: &str) -> Option<&str> {
        self.entry_by_id(id).map(|e| e.name.as_str())
    }

    /// The table entry for an id, the user file's first.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_by_id(id)
    }

    /// The curated table.
    pub fn curated(&self) -> &AliasTable {
        self.curated
    }

    /// The user table, if one was given.
    pub fn user(&self) -> Option<&AliasTable> {
        self.user.as_ref()
    }
}

#[cfg(test)]
mod tests;
