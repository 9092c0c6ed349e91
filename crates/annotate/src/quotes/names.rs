//! Names in the article, as the speaker rules need them: where each mention is, whether it
//! names a person or an organisation, the titles before it ("Interior Minister"), and its
//! fullest form in the article ("Marrow" -> "Ilse Marrow", "DFA" -> "Delta Flood Authority").
//!
//! The names come from the entities layer when the NER stage filled it (with its ids), else
//! from runs of capitalised words, which is what the rules fall back on for bare text.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use parallax_core::EntityType;

use super::lexicon;
use super::tokens::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Person,
    Organisation,
    Place,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Name {
    /// Tokens of the name proper, titles excluded.
    pub tokens: Range<usize>,
    /// Lower-cased title and role words before the name, and of an appositive after it.
    pub roles: Vec<String>,
    pub kind: NameKind,
    /// The entity id, when the name came from the entities layer.
    pub id: Option<String>,
    /// The fullest form of this name in the article.
    pub display: String,
}

/// All name mentions of an article, in text order.
pub struct Names {
    pub names: Vec<Name>,
    /// For each token, the name that covers it.
    pub at: Vec<Option<u32>>,
}

impl Names {
    pub fn new(doc: &Doc) -> Self {
        let mut names = if doc.entities.is_empty() {
            from_capitalisation(doc)
        } else {
            from_entities(doc)
        };
        add_appositive_roles(doc, &mut names);
        let mut at = vec![None; doc.tokens.len()];
        for (n, name) in names.iter().enumerate() {
            for slot in &mut at[name.tokens.clone()] {
                *slot = Some(n as u32);
            }
        }
        Names { names, at }
    }

    /// The name that covers token `i`.
    pub fn covering(&self, i: usize) -> Option<&Name> {
        self.at
            .get(i)
            .copied()
            .flatten()
            .map(|n| &self.names[n as usize])
    }
}

/// Leading title words inside a name ("Interior Minister Tomas Brekke") are moved out of it,
/// as long as something remains.
fn strip_titles(doc: &Doc, range: Range<usize>) -> Range<usize> {
    let mut start = range.start;
    let mut last_title = None;
    for i in range.clone() {
        let lower = doc.lower(i);
        if lexicon::title_word(lower) || lexicon::determiner(lower) {
            last_title = Some(i);
        }
    }
    if let Some(t) = last_title {
        if t + 1 < range.end && doc.tokens[t + 1].capitalised {
            start = t + 1;
        }
    }
    // Never leave a determiner at the front.
    while start + 1 < range.end && lexicon::determiner(doc.lower(start)) {
        start += 1;
    }
    start..range.end
}

/// Title and role words just before token `start`.
fn titles_before(doc: &Doc, from: usize, start: usize) -> Vec<String> {
    let mut roles = Vec::new();
    let mut i = start;
    while i > from {
        let lower = doc.lower(i - 1);
        if doc.tokens[i - 1].is_word() && lexicon::title_word(lower) {
            roles.push(lower.to_string());
            i -= 1;
        } else if doc.tokens[i - 1].capitalised && i >= 2 && lexicon::title_word(doc.lower(i - 2)) {
            // "Interior" in "Interior Minister" when "Minister" was already taken.
            roles.push(lower.to_string());
            i -= 1;
        } else {
            break;
        }
    }
    roles
}

fn kind_of(entity_type: EntityType) -> NameKind {
    match entity_type {
        EntityType::Person => NameKind::Person,
        EntityType::Organization => NameKind::Organisation,
        EntityType::Location => NameKind::Place,
        EntityType::Misc => NameKind::Unknown,
    }
}

fn from_entities(doc: &Doc) -> Vec<Name> {
    let mut names: Vec<Name> = Vec::new();
    let mut fullest: HashMap<&str, String> = HashMap::new();
    let mut pending = Vec::new();
    for entity in &doc.entities {
        let first = doc.token_at(entity.start);
        let mut last = first;
        while last < doc.tokens.len() && doc.tokens[last].start < entity.end {
            last += 1;
        }
        if first >= last || names.last().is_some_and(|n| n.tokens.end > first) {
            continue;
        }
        // "Fourteen graves": a number word opening a sentence is not a name; nor is a title
        // standing alone ("Councillor").
        if last == first + 1 && lexicon::number_word(doc.lower(first)) {
            continue;
        }
        if (first..last).all(|i| !doc.tokens[i].is_word() || lexicon::title_word(doc.lower(i))) {
            continue;
        }
        let tokens = strip_titles(doc, first..last);
        let mut roles = titles_before(doc, 0, first);
        for i in first..tokens.start {
            roles.push(doc.lower(i).to_string());
        }
        let text = doc.span_text(tokens.start, tokens.end).to_string();
        let entry = fullest.entry(entity.id.as_str()).or_default();
        if text.chars().count() > entry.chars().count() {
            *entry = text.clone();
        }
        pending.push(entity.id.as_str());
        names.push(Name {
            tokens,
            roles,
            kind: kind_of(entity.entity_type),
            id: (!entity.id.is_empty()).then(|| entity.id.clone()),
            display: text,
        });
    }
    for (name, id) in names.iter_mut().zip(pending) {
        if !id.is_empty() {
            if let Some(full) = fullest.get(id) {
                name.display = full.clone();
            }
        }
    }
    link_parts(doc, &mut names);
    names
}

/// "the Observatory" after "the Syrian Observatory for Human Rights": a one-word organisation
/// name that is a word of a longer organisation name met before takes that name and id; a
/// one-word name that is the surname of a person named in full takes the person ("Hunter"
/// after "Rep. Duncan Hunter", whatever type the recogniser gave it).
fn link_parts(doc: &Doc, names: &mut [Name]) {
    for k in 0..names.len() {
        if names[k].tokens.len() == 1 && names[k].kind != NameKind::Person {
            let word = doc.lower(names[k].tokens.start);
            let person = (0..names.len()).find(|&j| {
                j != k
                    && names[j].kind == NameKind::Person
                    && names[j].tokens.len() > 1
                    && doc.lower(names[j].tokens.end - 1) == word
            });
            if let Some(j) = person {
                names[k].display = names[j].display.clone();
                names[k].id = names[j].id.clone();
                names[k].kind = NameKind::Person;
                continue;
            }
        }
        if names[k].tokens.len() != 1 || names[k].kind != NameKind::Organisation {
            continue;
        }
        let word = doc.lower(names[k].tokens.start);
        if !lexicon::organisation_noun(word) {
            continue;
        }
        let longer = (0..k).rev().find(|&j| {
            names[j].kind == NameKind::Organisation
                && names[j].tokens.len() > 1
                && names[j].tokens.clone().any(|i| doc.lower(i) == word)
        });
        if let Some(j) = longer {
            names[k].display = names[j].display.clone();
            names[k].id = names[j].id.clone();
        }
    }
}

/// Lower-case words that join the capitalised words of one name.
fn connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "for"
            | "al"
            | "bin"
            | "ibn"
            | "bint"
            | "abu"
            | "de"
            | "van"
            | "von"
            | "der"
            | "du"
            | "la"
            | "le"
            | "da"
            | "del"
            | "el"
            | "'s"
            | "&"
    )
}

/// A run of capitalised words opening a sentence is a name only when its first word is
/// capitalised somewhere inside a sentence too (so "Yesterday" and "Officials" are not).
fn from_capitalisation(doc: &Doc) -> Vec<Name> {
    let tokens = &doc.tokens;
    let sentence_first: HashSet<usize> = doc
        .sentence_tokens
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.start)
        .collect();
    let after_opening = |i: usize| {
        i > 0
            && tokens[i - 1].punct().is_some_and(|c| {
                matches!(
                    c,
                    '"' | '“' | '‘' | '\'' | '(' | '«' | '„' | ':' | '-' | '—' | '–'
                )
            })
    };
    let initial = |i: usize| sentence_first.contains(&i) || after_opening(i);
    let mut capitalised_inside: HashSet<&str> = HashSet::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.has_upper && !initial(i) {
            capitalised_inside.insert(doc.lower(i));
        }
    }
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].has_upper {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < tokens.len() {
            let t = &tokens[end];
            if t.has_upper && t.paragraph == tokens[start].paragraph {
                end += 1;
            } else if t.is_word()
                && connector(doc.lower(end))
                && tokens.get(end + 1).is_some_and(|n| n.has_upper)
            {
                end += 2;
            } else {
                break;
            }
        }
        i = end;
        let mut run = start..end;
        // A sentence-initial word that is never capitalised inside a sentence is just a word.
        while run.start < run.end
            && initial(run.start)
            && (!capitalised_inside.contains(doc.lower(run.start))
                || lexicon::determiner(doc.lower(run.start)))
        {
            run.start += 1;
            while run.start < run.end && !tokens[run.start].has_upper {
                run.start += 1;
            }
        }
        // A possessive or connector never ends a name.
        while run.end > run.start && !tokens[run.end - 1].has_upper {
            run.end -= 1;
        }
        if run.is_empty() {
            continue;
        }
        let name = strip_titles(doc, run.clone());
        if name.is_empty() || (name.len() == 1 && common_capitalised(doc.lower(name.start))) {
            continue;
        }
        // "Kalvorian shipping money": a demonym used as an adjective is not a name.
        if name.len() == 1
            && demonym(doc.lower(name.start))
            && doc
                .tokens
                .get(name.end)
                .is_some_and(|t| t.is_word() && !t.has_upper)
        {
            continue;
        }
        let mut roles = titles_before(doc, 0, run.start);
        for j in run.start..name.start {
            roles.push(doc.lower(j).to_string());
        }
        let kind = guess_kind(doc, &name, &roles);
        names.push(Name {
            tokens: name.clone(),
            roles,
            kind,
            id: None,
            display: doc.span_text(name.start, name.end).to_string(),
        });
    }
    link_short_forms(doc, &mut names);
    names
}

/// Capitalised words that are not names on their own.
fn common_capitalised(word: &str) -> bool {
    lexicon::title_word(word)
        || lexicon::determiner(word)
        || lexicon::pronoun(word).is_some()
        || lexicon::date_word(word)
        || matches!(word, "i" | "mr" | "mrs" | "ms" | "dr")
}

/// Two capitals ("IS", "US") are too ambiguous to expand by initials.
fn demonym(word: &str) -> bool {
    ["ian", "ean", "ish", "ese", "ic", "an"]
        .iter()
        .any(|suffix| word.len() > suffix.len() + 2 && word.ends_with(suffix))
}

fn is_acronym(word: &str) -> bool {
    word.len() >= 3 && word.chars().all(|c| c.is_ascii_uppercase())
}

fn guess_kind(doc: &Doc, name: &Range<usize>, roles: &[String]) -> NameKind {
    let words: Vec<&str> = name.clone().map(|i| doc.lower(i)).collect();
    if words.iter().any(|w| lexicon::organisation_name_word(w))
        || (words.len() == 1 && is_acronym(doc.word(name.start)))
    {
        return NameKind::Organisation;
    }
    let person_title = roles.iter().any(|r| {
        lexicon::title_word(r) && !lexicon::organisation_noun(r) && r != "state" && r != "house"
    });
    if person_title {
        NameKind::Person
    } else {
        NameKind::Unknown
    }
}

/// Gives short forms the display of their full form: a surname the last word of an earlier
/// (or later) longer name, an acronym the initials of one, a single organisation word part of
/// one ("the Observatory").
fn link_short_forms(doc: &Doc, names: &mut [Name]) {
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|n| {
            n.tokens
                .clone()
                .filter(|&i| doc.tokens[i].has_upper)
                .map(|i| doc.lower(i))
                .collect()
        })
        .collect();
    let initials: Vec<String> = names
        .iter()
        .map(|n| {
            n.tokens
                .clone()
                .filter(|&i| doc.tokens[i].capitalised)
                .filter_map(|i| doc.word(i).chars().next())
                .collect()
        })
        .collect();
    for k in 0..names.len() {
        if words[k].len() != 1 {
            continue;
        }
        let word = words[k][0];
        let raw = doc.word(names[k].tokens.start);
        let mut best: Option<usize> = None;
        for j in 0..names.len() {
            if words[j].len() < 2 {
                continue;
            }
            let last = words[j].last().copied() == Some(word);
            let acronym = is_acronym(raw) && initials[j] == raw;
            let part = lexicon::organisation_noun(word) && words[j].contains(&word);
            if last || acronym || part {
                // The nearest full form before the short one, else the first after it.
                let better = match best {
                    None => true,
                    Some(b) => (j < k && (b > k || j > b)) || (b > k && j > k && j < b),
                };
                if better {
                    best = Some(j);
                }
            }
        }
        if let Some(j) = best {
            names[k].display = names[j].display.clone();
            if names[k].kind == NameKind::Unknown {
                names[k].kind = names[j].kind;
            }
            let roles = names[j].roles.clone();
            names[k].roles.extend(roles);
        }
    }
    // A name used as a person elsewhere is a person here too.
    let persons: HashSet<String> = names
        .iter()
        .filter(|n| n.kind == NameKind::Person)
        .map(|n| n.display.clone())
        .collect();
    for name in names.iter_mut() {
        if name.kind == NameKind::Unknown && persons.contains(&name.display) {
            name.kind = NameKind::Person;
        }
    }
}

/// "Ilse Marrow, the authority's director-general," gives Marrow the role "director-general";
/// "Mr Reyl's sister, Annika," and "Idris Caldera, 67," are persons.
fn add_appositive_roles(doc: &Doc, names: &mut [Name]) {
    for name in names.iter_mut() {
        let after = name.tokens.end;
        if !doc.tokens.get(after).is_some_and(|t| t.is_punct(',')) {
            continue;
        }
        let age = doc.tokens.get(after + 1).is_some_and(|t| {
            t.is_word()
                && doc.word(after + 1).len() <= 3
                && doc.word(after + 1).bytes().all(|b| b.is_ascii_digit())
        }) && doc.tokens.get(after + 2).is_some_and(|t| t.is_punct(','));
        if age && name.kind == NameKind::Unknown {
            name.kind = NameKind::Person;
        }
        let mut i = after + 1;
        let mut roles = Vec::new();
        // ", the source said": a subject after a clause, not an appositive of the name.
        let mut end = after + 1;
        while end < doc.tokens.len() && end < after + 10 && doc.tokens[end].is_word() {
            end += 1;
        }
        let subject = (after + 1..end).any(|j| lexicon::reporting_verb(doc.lower(j)).is_some());
        if subject {
            continue;
        }
        while i < doc.tokens.len() && i < after + 10 {
            let t = &doc.tokens[i];
            if !t.is_word() || lexicon::clause_word(doc.lower(i)) {
                break;
            }
            let lower = doc.lower(i);
            if lexicon::title_word(lower) || lexicon::person_noun(lower) {
                roles.push(lower.to_string());
            }
            if lexicon::preposition(lower) {
                break;
            }
            i += 1;
        }
        if !roles.is_empty() && name.kind == NameKind::Unknown {
            name.kind = NameKind::Person;
        }
        name.roles.extend(roles);
    }
    // An appositive name after a person description: "sister, Annika,".
    for name in names.iter_mut() {
        let start = name.tokens.start;
        if start >= 2 && doc.tokens[start - 1].is_punct(',') {
            let before = doc.lower(start - 2);
            if lexicon::person_noun(before)
                && matches!(name.kind, NameKind::Unknown | NameKind::Place)
            {
                name.kind = NameKind::Person;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{Article, InputFormat, InputInfo};

    fn article(text: &str) -> Article {
        Article::from_paragraphs(
            "t".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            &text.split("\n\n").collect::<Vec<_>>(),
        )
    }

    fn displays(text: &str) -> Vec<(String, String, NameKind)> {
        let a = article(text);
        let doc = Doc::new(&a);
        let names = Names::new(&doc);
        names
            .names
            .iter()
            .map(|n| {
                (
                    doc.span_text(n.tokens.start, n.tokens.end).to_string(),
                    n.display.clone(),
                    n.kind,
                )
            })
            .collect()
    }

    #[test]
    fn titles_are_stripped_and_short_forms_linked() {
        let found = displays(
            "Interior Minister Tomas Brekke visited the Delta Flood Authority (DFA) on Monday. \
             Brekke said the DFA would pay.",
        );
        assert_eq!(
            found,
            vec![
                (
                    "Tomas Brekke".into(),
                    "Tomas Brekke".into(),
                    NameKind::Person
                ),
                (
                    "Delta Flood Authority".into(),
                    "Delta Flood Authority".into(),
                    NameKind::Organisation
                ),
                (
                    "DFA".into(),
                    "Delta Flood Authority".into(),
                    NameKind::Organisation
                ),
                ("Monday".into(), "Monday".into(), NameKind::Unknown),
                ("Brekke".into(), "Tomas Brekke".into(), NameKind::Person),
                (
                    "DFA".into(),
                    "Delta Flood Authority".into(),
                    NameKind::Organisation
                ),
            ]
            .into_iter()
            .filter(|(t, _, _)| t != "Monday")
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        let found = displays("Officials said so. Yesterday the Syrian Observatory spoke.");
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, vec!["Syrian Observatory"]);
    }
}
