//! The entity ruler: names from the alias tables found in the text directly.
//!
//! A recogniser trained on 1990s wire copy misses or mistypes names it never saw ("IS" read as
//! a verb, "Daesh" as a person). The tables know those names, so before ids are assigned the
//! ruler (1) gives a mention that is exactly a listed name the listed type, and (2) adds a
//! mention for every listed name that no mention covers. Only capitalised words (and "al-"
//! names) can start a match, and a table acronym written in capitals only matches capitals.

use std::ops::Range;

use parallax_core::{CharIndex, EntityMention, EntityType};

use super::normalize::{is_acronym, last_key_word, match_key};
use super::table::AliasTable;
use super::EntityResolver;

/// Longest listed name, in words, that the ruler tries.
const MAX_WORDS: usize = 7;

/// Which words can start and end a listed name: the first and the last word of every alias
/// key.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameEnds {
    /// Asked of every capitalised word: a fast hash (foldhash).
    first_words: foldhash::HashSet<String>,
    last_words: foldhash::HashSet<String>,
}

impl NameEnds {
    pub(crate) fn of(tables: &[&AliasTable]) -> Self {
        let mut first_words = foldhash::HashSet::default();
        let mut last_words = foldhash::HashSet::default();
        for table in tables {
            for key in table.keys() {
                if let Some(first) = key.split(' ').next() {
                    first_words.insert(first.to_string());
                }
                if let Some(last) = key.rsplit(' ').next() {
                    last_words.insert(last.to_string());
                }
            }
        }
        NameEnds {
            first_words,
            last_words,
        }
    }
}

impl EntityResolver {
    /// Corrects the type of mentions that are listed names and adds listed names no mention
    /// covers. Mentions stay sorted by start.
    pub fn rule(&self, text: &str, index: &CharIndex, mentions: &mut Vec<EntityMention>) {
        for mention in mentions.iter_mut() {
            if let Some(listed) = self.listed_type(&mention.text, Some(mention.entity_type)) {
                // A one-word demonym the recogniser called MISC ("Syrian") stays MISC.
                let demonym =
                    mention.entity_type == EntityType::Misc && !mention.text.contains(' ');
                if !demonym {
                    mention.entity_type = listed;
                }
            }
        }
        let covered: Vec<Range<usize>> = mentions
            .iter()
            .map(|m| index.byte_of(m.start)..index.byte_of(m.end))
            .collect();
        let mut added = Vec::new();
        let mut replaced = Vec::new();
        let words = word_spans(text);
        // Whether each line (by its start) is a heading, worked out once per line.
        let mut headings: Vec<(usize, bool)> = Vec::new();
        let mut in_heading = |at: usize| {
            let start = line_start(text, at);
            match headings.iter().find(|(s, _)| *s == start) {
                Some(&(_, heading)) => heading,
                None => {
                    let heading = is_heading(text, start);
                    headings.push((start, heading));
                    heading
                }
            }
        };
        // Whether each capitalised word can start a listed name, worked out once per distinct
        // word: sentence openers ("The", "But") and names recur through an article.
        let mut starts_name: foldhash::HashMap<&str, bool> = foldhash::HashMap::default();
        // Likewise whether a span ending in a word can be a listed name by its last word (see
        // `last_key_word`): most spans tried end in a word no name ends with ("said"), and
        // their keys need not be made.
        let mut ends_name: foldhash::HashMap<&str, bool> = foldhash::HashMap::default();
        let mut i = 0;
        while i < words.len() {
            let first = &text[words[i].clone()];
            let can_start = could_start_name(first)
                && *starts_name
                    .entry(first)
                    .or_insert_with(|| self.name_ends().first_words.contains(&match_key(first)));
            if !can_start {
                i += 1;
                continue;
            }
            let mut matched: Option<(usize, EntityType)> = None;
            let longest = MAX_WORDS.min(words.len() - i);
            // A span holds a character no listed name runs across when it ends after the first
            // one from its start: found once for all the spans tried from this word.
            let window = words[i].start..words[i + longest - 1].end;
            let first_break = text[window.clone()]
                .find(['\n', '.', ',', ';', ':', '(', ')', '"', '“', '”'])
                .map_or(usize::MAX, |k| window.start + k);
            for n in (1..=longest).rev() {
                let span = words[i].start..words[i + n - 1].end;
                let surface = &text[span.clone()];
                if first_break < span.end && !is_dotted_acronym(surface) {
                    continue;
                }
                let last = words[i + n - 1].clone();
                // The word's own last key word is the span's only after a space.
                if n == 1 || text.as_bytes()[last.start - 1] == b' ' {
                    let last = &text[last];
                    let can_end = *ends_name.entry(last).or_insert_with(|| {
                        last_key_word(last)
                            .is_none_or(|word| self.name_ends().last_words.contains(&word))
                    });
                    if !can_end {
                        continue;
                    }
                }
                if let Some(entity_type) = self.listed_type(surface, None) {
                    matched = Some((n, entity_type));
                    break;
                }
            }
            match matched {
                Some((n, entity_type)) => {
                    let span = words[i].start..words[i + n - 1].end;
                    // In a title-case heading the recogniser cannot lean on capitals and runs
                    // names into the words around them ("Fuels ISIS Support"): there the
                    // listed name replaces a longer mention that contains it.
                    let container = covered
                        .iter()
                        .position(|c| c.start <= span.start && span.end <= c.end && *c != span);
                    if let Some(k) = container {
                        let outer = &text[covered[k].clone()];
                        if in_heading(span.start) && self.listed_type(outer, None).is_none() {
                            replaced.push((k, span.clone(), entity_type));
                        }
                    }
                    if !covered
                        .iter()
                        .any(|c| c.start < span.end && span.start < c.end)
                    {
                        added.push(EntityMention {
                            start: index.char_of(span.start),
                            end: index.char_of(span.end),
                            text: text[span].to_string(),
                            entity_type,
                            id: String::new(),
                        });
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        // One replacement per mention; later ones would refer to a mention already cut.
        replaced.dedup_by_key(|(k, _, _)| *k);
        for (k, span, entity_type) in replaced {
            mentions[k] = EntityMention {
                start: index.char_of(span.start),
                end: index.char_of(span.end),
                text: text[span].to_string(),
                entity_type,
                id: String::new(),
            };
        }
        if !added.is_empty() {
            mentions.extend(added);
            mentions.sort_by_key(|m| (m.start, m.end));
        }
    }

    /// The listed type of a surface that is exactly a table name (the user table first); an
    /// ambiguous name takes the hinted type when one of its entities has it, else none.
    fn listed_type(&self, surface: &str, hint: Option<EntityType>) -> Option<EntityType> {
        let key = match_key(surface);
        if key.is_empty() {
            return None;
        }
        let capitals = is_acronym(surface);
        for table in self.user.iter().chain(std::iter::once(self.curated)) {
            let refs: Vec<_> = table
                .by_key(&key)
                .iter()
                .filter(|r| !r.partial_name && (!r.capitals_only || capitals))
                .collect();
            let types: Vec<EntityType> = refs
                .iter()
                .map(|r| table.entry(r.entry).entity_type)
                .collect();
            match types.as_slice() {
                [] => continue,
                [only] => return Some(*only),
                several => return hint.filter(|h| several.contains(h)),
            }
        }
        None
    }

    fn name_ends(&self) -> &NameEnds {
        &self.name_ends
    }
}

/// Word spans: runs of letters, digits, apostrophes, hyphens and dots inside a word
/// ("al-Assad", "U.S.", "Da'esh"), with a trailing sentence dot or apostrophe left out.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII byte (most of a text) is its character: only other characters are decoded.
        let c = match bytes[i] {
            byte if byte.is_ascii() => byte as char,
            _ => text[i..].chars().next().expect("a character starts here"),
        };
        let at = i;
        i += c.len_utf8();
        let inner = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '\'' | '’' | '.'));
        match (inner, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push(trim_word(text, s, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(trim_word(text, s, text.len()));
    }
    spans.retain(|r| !r.is_empty());
    spans
}

fn trim_word(text: &str, start: usize, end: usize) -> Range<usize> {
    let word = &text[start..end];
    // Keep the dots of "U.S." but not a sentence's full stop or a possessive's apostrophe.
    let keep_dot = is_dotted_acronym(word);
    let trimmed =
        word.trim_end_matches(|c: char| matches!(c, '-' | '\'' | '’') || (c == '.' && !keep_dot));
    let trimmed = trimmed
        .strip_suffix("'s")
        .or_else(|| trimmed.strip_suffix("’s"))
        .unwrap_or(trimmed);
    start..start + trimmed.len()
}

/// "U.S.", "U.N.": single capitals each followed by a dot.
fn is_dotted_acronym(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    let mut letters = 0;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether the paragraph starting at byte `start` is a short title-case heading.
fn is_heading(text: &str, start: usize) -> bool {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..end];
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !words.is_empty()
        && words.len() <= 16
        && capitalised * 10 >= words.len() * 7
        && !line.trim_end().ends_with('.')
}

fn could_start_name(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    first.is_uppercase() || word.starts_with("al-") || word.starts_with("el-")
}

/// The first- and last-word index a resolver builds from its tables.
pub(crate) fn name_ends_of(curated: &AliasTable, user: Option<&AliasTable>) -> NameEnds {
    let mut tables = vec![curated];
    tables.extend(user);
    NameEnds::of(&tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, needle: &str, entity_type: EntityType) -> EntityMention {
        let start = text.find(needle).unwrap();
        EntityMention {
            start,
            end: start + needle.len(),
            text: needle.to_string(),
            entity_type,
            id: String::new(),
        }
    }

    #[test]
    fn adds_missed_names_and_fixes_listed_types() {
        let text =
            "IS fighters took the town. Daesh said U.S. forces left Deir ez-Zor. Is it over?";
        let index = CharIndex::new(text);
        let mut mentions = vec![mention(text, "Daesh", EntityType::Person)];
        let resolver = EntityResolver::builtin();
        resolver.rule(text, &index, &mut mentions);
        let found: Vec<(&str, EntityType)> = mentions
            .iter()
            .map(|m| (m.text.as_str(), m.entity_type))
            .collect();
        assert_eq!(
            found,
            vec![
                ("IS", EntityType::Organization),
                ("Daesh", EntityType::Organization),
                ("U.S.", EntityType::Location),
                ("Deir ez-Zor", EntityType::Location),
            ]
        );
        resolver.resolve(text, &mut mentions);
        assert_eq!(mentions[0].id, mentions[1].id);
    }

    #[test]
    fn headings_do_not_run_names_together() {
        let text = "The Dream That Fuels ISIS Support\n\nISIS Support grew, said Fuels ISIS.";
        let index = CharIndex::new(text);
        let mut mentions = vec![mention(text, "Fuels ISIS Support", EntityType::Person)];
        EntityResolver::builtin().rule(text, &index, &mut mentions);
        assert_eq!(mentions[0].text, "ISIS");
        assert_eq!(mentions[0].entity_type, EntityType::Organization);
    }

    #[test]
    fn words_and_acronyms() {
        let text = "The U.S. and al-Assad's Da'esh. End.";
        let words: Vec<&str> = word_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            vec!["The", "U.S.", "and", "al-Assad", "Da'esh", "End"]
        );
    }
}
