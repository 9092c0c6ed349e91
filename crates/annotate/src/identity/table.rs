//! Alias tables: the curated table shipped with Parallax and user files in the same format.
//!
//! A table is UTF-8 text, one entity a line, columns separated by a TAB:
//!
//! ```text
//! # id                 type  canonical name     aliases (| separated)            seat of (optional)
//! org:islamic-state    ORG   Islamic State      ISIS|ISIL|IS|Daesh|Islamic State of Iraq and the Levant
//! loc:damascus         LOC   Damascus           Dimashq                          loc:syria
//! ```
//!
//! Blank lines and lines starting with `#` are ignored. The canonical name is itself an alias.
//! The optional fifth column names the entity a capital stands for when a text uses it as
//! that government ("Damascus said"): see `metonymy`. Every key is precomputed when the table
//! is loaded, so a lookup is one hash probe.

use foldhash::HashMap;
use std::path::Path;

use parallax_core::EntityType;

use super::normalize::{name_keys, tokenize};

/// An error in an alias file, naming the file and the line.
#[derive(Debug, thiserror::Error)]
pub enum AliasFileError {
    #[error("{path}: cannot read alias file")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}:{line}: {message}")]
    Invalid {
        origin: String,
        line: usize,
        message: String,
    },
}

/// One entity of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub entity_type: EntityType,
    pub name: String,
    /// The entity this place stands for when used as a government (a capital's country).
    pub seat_of: Option<String>,
    /// Fewest words among the entry's aliases ("Washington" for Washington, D.C.).
    pub(crate) min_alias_tokens: usize,
    /// Line of the table the entry comes from.
    pub line: usize,
}

/// How an alias key points at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AliasRef {
    pub entry: u32,
    /// The alias is a short acronym written in capitals ("IS", "US", "WHO"): it only matches
    /// a surface in capitals, since "Is", "Us" and "Who" are words.
    pub capitals_only: bool,
    /// The alias is one word of a person's longer name ("Assad"): a weaker match, which a
    /// full name with that surname in the same article overrides.
    pub partial_name: bool,
}

/// A parsed table with its lookup indexes (looked up for every candidate name of every
/// article: a fast hash, foldhash; nothing depends on their order).
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    origin: String,
    entries: Vec<Entry>,
    by_id: HashMap<String, u32>,
    by_key: HashMap<String, Vec<AliasRef>>,
    by_translit: HashMap<String, Vec<u32>>,
    alias_count: usize,
}

impl AliasTable {
    /// Reads a user alias file.
    pub fn from_file(path: &Path) -> Result<Self, AliasFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| AliasFileError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses a table. `origin` names it in errors (a path, or "built-in alias table").
    pub fn parse(text: &str, origin: &str) -> Result<Self, AliasFileError> {
        let mut table = AliasTable {
            origin: origin.to_string(),
            ..Default::default()
        };
        let invalid = |line: usize, message: String| AliasFileError::Invalid {
            origin: origin.to_string(),
            line,
            message,
        };
        for (index, raw_line) in text.lines().enumerate() {
            let line_number = index + 1;
            let line = raw_line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
            if columns.len() < 3 || columns.len() > 5 {
                return Err(invalid(
                    line_number,
                    format!(
                        "expected 3 to 5 TAB-separated columns (id, type, name, aliases, seat of), found {}",
                        columns.len()
                    ),
                ));
            }
            let id = columns[0];
            validate_id(id).map_err(|m| invalid(line_number, m))?;
            let entity_type = EntityType::parse(columns[1]).ok_or_else(|| {
                invalid(
                    line_number,
                    format!("type must be PER, ORG, LOC or MISC, not {:?}", columns[1]),
                )
            })?;
            let name = columns[2];
            if name.is_empty() {
                return Err(invalid(line_number, "the canonical name is empty".into()));
            }
            let seat_of = match columns.get(4) {
                Some(seat) if !seat.is_empty() => {
                    validate_id(seat).map_err(|m| invalid(line_number, format!("seat of: {m}")))?;
                    Some(seat.to_string())
                }
                _ => None,
            };
            if let Some(&previous) = table.by_id.get(id) {
                let previous_line = table.entries[previous as usize].line;
                return Err(invalid(
                    line_number,
                    format!("id {id} is already defined on line {previous_line}"),
                ));
            }
            let entry_index = table.entries.len() as u32;
            let aliases = columns.get(3).copied().unwrap_or("");
            let name_words = tokenize(name).len();
            let mut min_alias_tokens = usize::MAX;
            for alias in std::iter::once(name).chain(aliases.split('|').map(str::trim)) {
                if alias.is_empty() {
                    continue;
                }
                let keys = name_keys(alias, entity_type == EntityType::Person);
                if keys.key.is_empty() {
                    return Err(invalid(
                        line_number,
                        format!("alias {alias:?} has no letters or digits"),
                    ));
                }
                min_alias_tokens = min_alias_tokens.min(keys.tokens.len());
                let alias_ref = AliasRef {
                    entry: entry_index,
                    capitals_only: keys.acronym && keys.key.chars().count() <= 3,
                    partial_name: entity_type == EntityType::Person
                        && keys.tokens.len() == 1
                        && name_words > 1,
                };
                let refs = table.by_key.entry(keys.key).or_default();
                match refs.iter_mut().find(|r| r.entry == entry_index) {
                    // Two spellings with one key ("DPA", "dpa"): the laxer reading wins.
                    Some(existing) => {
                        existing.capitals_only &= alias_ref.capitals_only;
                        existing.partial_name &= alias_ref.partial_name;
                    }
                    None => {
                        refs.push(alias_ref);
                        table.alias_count += 1;
                    }
                }
                if let Some(translit) = keys.translit {
                    let entries = table.by_translit.entry(translit).or_default();
                    if !entries.contains(&entry_index) {
                        entries.push(entry_index);
                    }
                }
            }
            table.by_id.insert(id.to_string(), entry_index);
            table.entries.push(Entry {
                id: id.to_string(),
                entity_type,
                name: name.to_string(),
                seat_of,
                min_alias_tokens,
                line: line_number,
            });
        }
        Ok(table)
    }

    /// Where the table came from (a path, or "built-in alias table").
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of distinct (alias key, entity) pairs.
    pub fn alias_count(&self) -> usize {
        self.alias_count
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// Every alias key.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.by_key.keys().map(String::as_str)
    }

    pub(crate) fn by_key(&self, key: &str) -> &[AliasRef] {
        self.by_key.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn by_translit(&self, key: &str) -> &[u32] {
        self.by_translit.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Alias keys that point at more than one entity (for table checks).
    pub fn ambiguous_keys(&self) -> Vec<(&str, Vec<&str>)> {
        let mut out: Vec<(&str, Vec<&str>)> = self
            .by_key
            .iter()
            .filter(|(_, refs)| refs.len() > 1)
            .map(|(key, refs)| {
                (
                    key.as_str(),
                    refs.iter()
                        .map(|r| self.entry(r.entry).id.as_str())
                        .collect(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

/// Ids are `kind:slug`: a lower-case kind, a colon, then lower-case letters, digits, '-', '_'
/// or '.'. Readable, and safe in URLs and file names.
fn validate_id(id: &str) -> Result<(), String> {
    let Some((kind, slug)) = id.split_once(':') else {
        return Err(format!(
            "id {id:?} must look like kind:slug (\"org:islamic-state\")"
        ));
    };
    let kind_ok = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_lowercase());
    let slug_ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || matches!(c, '-' | '_' | '.'));
    if kind_ok && slug_ok {
        Ok(())
    } else {
        Err(format!(
            "id {id:?} must look like kind:slug with lower-case letters, digits, '-', '_' or '.'"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_indexes_every_alias() {
        let table = AliasTable::parse(
            "# comment\n\norg:acme\tORG\tAcme Corporation\tAcme|ACME Corp.\n\
             loc:x-city\tLOC\tX City\tX\tloc:x-land\n",
            "test",
        )
        .unwrap();
        assert_eq!(table.len(), 2);
        let acme = table.by_key("acme corp");
        assert_eq!(acme.len(), 1);
        assert_eq!(table.entry(acme[0].entry).name, "Acme Corporation");
        assert_eq!(table.by_key("acme corporation").len(), 1);
        let city = table.get("loc:x-city").unwrap();
        assert_eq!(city.seat_of.as_deref(), Some("loc:x-land"));
        assert_eq!(city.min_alias_tokens, 1);
        assert_eq!(city.line, 4);
    }

    #[test]
    fn short_capital_acronyms_and_surnames_are_flagged() {
        let table = AliasTable::parse(
            "org:is\tORG\tIslamic State\tIS|Daesh\nper:b-a\tPER\tBashar al-Assad\tAssad\n",
            "test",
        )
        .unwrap();
        assert!(table.by_key("is")[0].capitals_only);
        assert!(!table.by_key("daesh")[0].capitals_only);
        assert!(table.by_key("assad")[0].partial_name);
        assert!(!table.by_key("bashar assad")[0].partial_name);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases = [
            ("org:a\tORG\n", "expected 3 to 5"),
            ("Org:a\tORG\tA\n", "kind:slug"),
            ("org:a b\tORG\tA\n", "kind:slug"),
            ("org:a\tCOMPANY\tA\n", "PER, ORG, LOC or MISC"),
            ("org:a\tORG\t\n", "canonical name is empty"),
            ("org:a\tORG\tA\t--\n", "no letters or digits"),
            (
                "org:a\tORG\tA\norg:a\tORG\tB\n",
                "already defined on line 1",
            ),
            ("loc:a\tLOC\tA\t\tnot an id\n", "seat of"),
        ];
        for (text, expected) in cases {
            let error = AliasFileError::to_string(&AliasTable::parse(text, "my.tsv").unwrap_err());
            assert!(error.starts_with("my.tsv:"), "{error}");
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let error = AliasTable::parse("\n\norg:a\tORG\tA\nbad\n", "my.tsv").unwrap_err();
        assert!(error.to_string().starts_with("my.tsv:4: "), "{error}");
    }

    #[test]
    fn a_missing_file_is_named() {
        let error = AliasTable::from_file(Path::new("/nonexistent/aliases.tsv")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/aliases.tsv"));
    }
}
