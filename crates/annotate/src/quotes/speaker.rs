//! Who a noun phrase names as the source of a report: a named person or organisation (from the
//! names layer), a description ("a senior official at the interior ministry"), or a pronoun or
//! definite description ("she", "the commander", "the authority") resolved to a source named
//! nearby.

use std::ops::Range;

use super::lexicon::{self, Pronoun};
use super::names::{NameKind, Names};
use super::tokens::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Person,
    /// Several people ("officials", "residents").
    Group,
    Organisation,
    Document,
    Unknown,
}

/// The source a quotation is attributed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The name, or the description as written; `None` when it cannot be told.
    pub name: Option<String>,
    pub id: Option<String>,
    pub anonymous: bool,
    pub kind: SourceKind,
    /// Lower-cased title, role and description words, for resolving "the commander".
    pub roles: Vec<String>,
    /// The source is a name from the names layer (not a description).
    pub named: bool,
}

impl Source {
    fn unknown() -> Self {
        Source {
            name: None,
            id: None,
            anonymous: false,
            kind: SourceKind::Unknown,
            roles: Vec::new(),
            named: false,
        }
    }
}

/// Sources already met, for resolving pronouns and definite descriptions.
#[derive(Default)]
pub struct Context {
    /// (token position, source), in text order.
    entries: Vec<(usize, Source)>,
}

impl Context {
    pub fn push(&mut self, at: usize, source: Source) {
        if source.name.is_some() {
            self.entries.push((at, source));
        }
    }
}

/// How many sentences back a pronoun may look for its antecedent.
const PRONOUN_WINDOW: u32 = 3;

/// Reads the source named by the tokens `phrase`; `clause` is the wider stretch (appositives,
/// relative clauses) searched for anonymity markers.
pub fn analyse(
    doc: &Doc,
    names: &Names,
    context: &Context,
    phrase: Range<usize>,
    clause: Range<usize>,
) -> Option<Source> {
    let phrase = relative_antecedent(doc, phrase.clone()).unwrap_or_else(|| trim(doc, phrase));
    if phrase.is_empty() {
        return None;
    }
    let first = doc.lower(phrase.start);
    // "not one resident said", "no official said", "who said": no source.
    if matches!(
        first,
        "not" | "no" | "none" | "nobody" | "neither" | "who" | "which" | "what"
    ) {
        return None;
    }
    if let Some(pronoun) = lexicon::pronoun(first) {
        if phrase.len() <= 2 {
            return match pronoun {
                Pronoun::Author => None,
                _ => Some(resolve_pronoun(doc, names, context, pronoun, phrase.start)),
            };
        }
    }
    let mut source = match named_head(doc, names, phrase.clone()) {
        Some(source) => source,
        None => match appositive_name(doc, names, &phrase, &clause) {
            Some(source) => return Some(source),
            None => describe(doc, names, context, phrase.clone()),
        },
    };
    if !source.named {
        if let Some(first_name) = first_name_given(doc, clause.clone()) {
            source.name = Some(first_name);
            source.anonymous = false;
            source.kind = SourceKind::Person;
            return Some(source);
        }
        if has_anonymity_marker(doc, clause) {
            source.anonymous = true;
            if source.kind == SourceKind::Unknown {
                source.kind = SourceKind::Person;
            }
        }
        // A description that names no person, group, organisation or document ("the fact",
        // "the former argument", "fourteen graves") is a figure of speech, not a source.
        if source.kind == SourceKind::Unknown {
            return None;
        }
    }
    Some(source)
}

/// "The town's mayor, Samir Haddou, said": a description followed by a name in apposition.
fn appositive_name(
    doc: &Doc,
    names: &Names,
    phrase: &Range<usize>,
    clause: &Range<usize>,
) -> Option<Source> {
    let comma = phrase.end;
    if comma >= clause.end || !doc.tokens[comma].is_punct(',') {
        return None;
    }
    let name = names.covering(comma + 1)?;
    let after = name.tokens.end;
    let closes = after >= clause.end || doc.tokens[after].is_punct(',');
    if name.tokens.start != comma + 1 || !closes {
        return None;
    }
    source_of_name(doc, names, comma + 1)
}

/// "citing Kurdish sources, who said …", "The Israeli government, which on Sunday said …":
/// a relative pronoun standing alone as the subject speaks for the noun phrase before its
/// comma.
fn relative_antecedent(doc: &Doc, phrase: Range<usize>) -> Option<Range<usize>> {
    let first = (phrase.start..phrase.end).find(|&j| doc.tokens[j].is_word())?;
    if !doc.is(first, &["who", "which"]) {
        return None;
    }
    let rest_is_adverbial = (first + 1..phrase.end).all(|j| {
        !doc.tokens[j].is_word()
            || lexicon::time_or_manner_word(doc.lower(j))
            || lexicon::date_word(doc.lower(j))
            || lexicon::verb_modifier(doc.lower(j))
    });
    if !rest_is_adverbial || first == 0 || !doc.tokens[first - 1].is_punct(',') {
        return None;
    }
    let end = first - 1;
    let mut start = end;
    while start > 0 && end - start < 8 {
        let t = &doc.tokens[start - 1];
        let lower = doc.lower(start - 1);
        if !t.is_word()
            || lexicon::preposition(lower)
            || lexicon::clause_word(lower)
            || (!t.has_upper && (lower.ends_with("ing") || lexicon::verbish(lower)))
        {
            break;
        }
        start -= 1;
    }
    (start < end).then_some(start..end)
}

/// Drops leading conjunctions and punctuation, and trailing punctuation.
fn trim(doc: &Doc, mut range: Range<usize>) -> Range<usize> {
    while range.start < range.end
        && (!doc.tokens[range.start].is_word()
            || doc.is(
                range.start,
                &[
                    "and",
                    "but",
                    "so",
                    "then",
                    "while",
                    "as",
                    "after",
                    "before",
                    "when",
                    "since",
                    "because",
                    "if",
                    "although",
                    "though",
                    "once",
                    "until",
                    "whereas",
                    "yet",
                    "still",
                    "meanwhile",
                    "however",
                    "also",
                    "even",
                ],
            ))
    {
        range.start += 1;
    }
    // "which the Pentagon estimated": the relative clause's own subject speaks.
    // "routes that serve the estates, where councillors said": so does an adverbial one's.
    if range.start < range.end
        && doc.is(
            range.start,
            &["which", "that", "whom", "where", "whereby", "wherever"],
        )
    {
        range.start += 1;
    }
    while range.end > range.start && !doc.tokens[range.end - 1].is_word() {
        range.end -= 1;
    }
    range
}

fn source_of_name(doc: &Doc, names: &Names, i: usize) -> Option<Source> {
    let name = names.covering(i)?;
    let kind = match name.kind {
        NameKind::Person => SourceKind::Person,
        NameKind::Organisation | NameKind::Place => SourceKind::Organisation,
        NameKind::Unknown => SourceKind::Unknown,
    };
    let _ = doc;
    Some(Source {
        name: Some(name.display.clone()),
        id: name.id.clone(),
        anonymous: false,
        kind,
        roles: name.roles.clone(),
        named: true,
    })
}

/// The name heading the phrase: the first name reached from its start without crossing a
/// preposition or a clause ("a blogger Moon of Alabama", "US Secretary of State John Kerry"),
/// or, for a phrase that opens with a preposition, the last name in it ("During the election
/// Hillary Clinton"). A name used as a modifier ("Turkish Foreign Minister", "a Syria
/// analyst", "ISIS fighters") or a possessor ("Reyl's sister") is not a head.
fn named_head(doc: &Doc, names: &Names, phrase: Range<usize>) -> Option<Source> {
    let fronted = lexicon::preposition(doc.lower(phrase.start));
    let mut found = None;
    let mut i = phrase.start;
    while i < phrase.end {
        let token = &doc.tokens[i];
        if let Some(name) = names.covering(i) {
            let end = name.tokens.end.max(i + 1);
            let next = end;
            let modifier = next < phrase.end
                && (doc.is(next, &["'s"])
                    || (doc.tokens[next].is_word()
                        && !doc.tokens[next].capitalised
                        && (lexicon::person_noun(doc.lower(next))
                            || lexicon::agent_noun(doc.lower(next))))
                    || (name.kind == NameKind::Organisation
                        && doc.tokens[next].is_word()
                        && lexicon::title_word(doc.lower(next)))
                    || (matches!(name.kind, NameKind::Place | NameKind::Unknown)
                        && doc.tokens[next].is_word()
                        && (doc.tokens[next].capitalised
                            || lexicon::title_word(doc.lower(next))
                            || lexicon::organisation_noun(doc.lower(next)))
                        && !doc.is(next, &["and", "of"])));
            if !modifier {
                found = source_of_name(doc, names, i);
                if !fronted {
                    return found;
                }
            }
            i = end;
            continue;
        }
        let lower = doc.lower(i);
        if token.is_word() && token.has_upper && !fronted && found.is_none() {
            // A surname the recogniser missed: "Al-Jubeir made …" after "Adel al-Jubeir".
            if let Some(source) = surname_source(doc, names, i) {
                return Some(source);
            }
            // A full name it missed: two or more capitalised words that are not titles.
            if let Some(source) = capitalised_run(doc, names, i, phrase.end) {
                return Some(source);
            }
        }
        if token.is_word() && !token.has_upper && lexicon::verbish(lower) && !fronted {
            break;
        }
        if !token.is_word() {
            if token.is_punct(',') || token.is_punct('(') {
                if fronted && found.is_none() {
                    i += 1;
                    continue;
                }
                break;
            }
        } else if lexicon::clause_word(lower) && !(fronted && found.is_none()) {
            break;
        } else if lexicon::preposition(lower) && !fronted {
            // "Secretary of State John Kerry": a preposition between title words is part of
            // the title.
            let title_follows = doc.tokens.get(i + 1).is_some_and(|t| t.capitalised)
                && lexicon::title_word(doc.lower(i + 1));
            if !title_follows {
                break;
            }
        }
        i += 1;
    }
    found
}

/// Two or more capitalised words from `i`, none a title, a determiner or covered by a name,
/// followed by something that is not capitalised: a name the recogniser missed.
fn capitalised_run(doc: &Doc, names: &Names, i: usize, end: usize) -> Option<Source> {
    let mut j = i;
    while j < end
        && doc.tokens[j].is_word()
        && doc.tokens[j].has_upper
        && names.covering(j).is_none()
        && !lexicon::title_word(doc.lower(j))
        && !lexicon::determiner(doc.lower(j))
        && !lexicon::organisation_name_word(doc.lower(j))
    {
        j += 1;
    }
    if j - i < 2 || (j < end && doc.tokens[j].is_word() && doc.tokens[j].has_upper) {
        return None;
    }
    Some(Source {
        name: Some(doc.span_text(i, j).to_string()),
        id: None,
        anonymous: false,
        kind: SourceKind::Person,
        roles: Vec::new(),
        named: true,
    })
}

/// A capitalised word that is the last word of a person named elsewhere in the article.
fn surname_source(doc: &Doc, names: &Names, i: usize) -> Option<Source> {
    let word = doc.lower(i);
    if lexicon::title_word(word) || lexicon::determiner(word) {
        return None;
    }
    let name = names.names.iter().find(|n| {
        n.kind == NameKind::Person && n.tokens.len() > 1 && doc.lower(n.tokens.end - 1) == word
    })?;
    source_of_name(doc, names, name.tokens.start)
}

/// The end of a description: before a comma, a relative or adverbial clause, a bracket; and
/// for a long one, before its first preposition.
fn description_end(doc: &Doc, phrase: &Range<usize>) -> usize {
    let mut end = phrase.end;
    for i in phrase.clone() {
        let t = &doc.tokens[i];
        if i > phrase.start
            && (t.is_punct(',')
                || t.is_punct('(')
                || (t.is_word() && lexicon::clause_word(doc.lower(i)))
                || (t.is_word() && !t.has_upper && lexicon::verbish(doc.lower(i))))
        {
            end = i;
            break;
        }
    }
    let words = (phrase.start..end)
        .filter(|&i| doc.tokens[i].is_word())
        .count();
    if words > 8 {
        if let Some(p) = (phrase.start + 1..end).find(|&i| lexicon::preposition(doc.lower(i))) {
            end = p;
        }
    }
    end
}

/// A source given by description. Definite descriptions are resolved to an earlier source
/// with the same role ("the commander") or an organisation named earlier ("the authority").
fn describe(doc: &Doc, names: &Names, context: &Context, phrase: Range<usize>) -> Source {
    let end = description_end(doc, &phrase);
    let words: Vec<&str> = (phrase.start..end)
        .filter(|&i| doc.tokens[i].is_word())
        .map(|i| doc.lower(i))
        .collect();
    if words.is_empty() {
        return Source::unknown();
    }
    // The head noun: the last word before the first preposition ("one of the organisers"
    // takes the noun after "of").
    // Prepositions inside a name ("Department of Homeland Security") do not end the head.
    let mut before_prep: Vec<&str> = Vec::new();
    for i in (phrase.start..end).filter(|&i| doc.tokens[i].is_word()) {
        let w = doc.lower(i);
        let inside_name = doc.tokens.get(i + 1).is_some_and(|t| t.has_upper)
            && i > phrase.start
            && doc.tokens[i - 1].has_upper;
        if lexicon::preposition(w) && !inside_name {
            break;
        }
        before_prep.push(w);
    }
    // "one of the organisers": a quantifier's noun comes after "of".
    let quantifier = before_prep.len() == 1
        && matches!(
            before_prep[0],
            "one"
                | "some"
                | "many"
                | "several"
                | "most"
                | "none"
                | "two"
                | "three"
                | "few"
                | "each"
                | "all"
        )
        && words.len() > 2;
    let head_words: &[&str] = if quantifier || before_prep.is_empty() {
        &words
    } else {
        &before_prep
    };
    let head = head_words.last().copied().unwrap_or("");
    // Agent nouns by their ending count as people when written in lower case.
    let lowercase_agent = (phrase.start..end).any(|i| {
        doc.tokens[i].is_word()
            && !doc.tokens[i].has_upper
            && head_words.contains(&doc.lower(i))
            && lexicon::agent_noun(doc.lower(i))
    });
    let kind = if head_words.iter().any(|w| lexicon::person_noun(w)) || lowercase_agent {
        let person = head_words
            .iter()
            .rev()
            .find(|w| lexicon::person_noun(w) || lexicon::agent_noun(w))
            .copied()
            .unwrap_or(head);
        if person.ends_with('s')
            || matches!(person, "people" | "staff" | "personnel" | "women" | "men")
        {
            SourceKind::Group
        } else {
            SourceKind::Person
        }
    } else if head_words.iter().any(|w| lexicon::document_noun(w)) {
        SourceKind::Document
    } else if head_words.iter().any(|w| lexicon::organisation_noun(w)) {
        SourceKind::Organisation
    } else {
        SourceKind::Unknown
    };
    let definite = matches!(words[0], "the" | "this" | "that" | "these" | "those");
    let text = doc.span_text(phrase.start, end).to_string();
    let roles: Vec<String> = head_words
        .iter()
        .filter(|w| !lexicon::determiner(w))
        .map(|w| w.to_string())
        .collect();
    if definite {
        let content: Vec<&str> = words[1..]
            .iter()
            .copied()
            .filter(|w| !lexicon::determiner(w) && !lexicon::preposition(w))
            .collect();
        if let Some(found) =
            resolve_definite(doc, names, context, phrase.start, head, &content, kind)
        {
            return found;
        }
    }
    let anonymous = matches!(kind, SourceKind::Person | SourceKind::Group);
    Source {
        name: Some(text),
        id: None,
        anonymous,
        kind,
        roles,
        named: false,
    }
}

/// "the commander" -> the last source with the role "commander"; "the authority" -> the last
/// organisation whose name has the word "authority".
fn resolve_definite(
    doc: &Doc,
    names: &Names,
    context: &Context,
    at: usize,
    head: &str,
    words: &[&str],
    kind: SourceKind,
) -> Option<Source> {
    if head.is_empty() {
        return None;
    }
    match kind {
        SourceKind::Person | SourceKind::Group | SourceKind::Document => {
            let from_context = context
                .entries
                .iter()
                .rev()
                .filter(|(p, _)| *p < at)
                .find(|(_, s)| s.roles.iter().any(|r| r == head))
                .map(|(_, s)| s.clone());
            if from_context.is_some() || kind != SourceKind::Person {
                return from_context;
            }
            // "the source", "the official": the unnamed source met just before.
            if matches!(head, "source" | "official" | "person") {
                let sentence = doc.tokens[at].sentence;
                let recent = context
                    .entries
                    .iter()
                    .rev()
                    .filter(|(p, _)| *p < at && doc.tokens[*p].sentence + 3 >= sentence)
                    .find(|(_, s)| s.anonymous && s.kind == SourceKind::Person)
                    .map(|(_, s)| s.clone());
                if recent.is_some() {
                    return recent;
                }
            }
            // A named person with that title: "the minister" after "Interior Minister X".
            names
                .names
                .iter()
                .rev()
                .filter(|n| n.tokens.end <= at && n.kind != NameKind::Organisation)
                .find(|n| n.roles.iter().any(|r| r == head))
                .and_then(|n| source_of_name(doc, names, n.tokens.start))
        }
        SourceKind::Organisation => names
            .names
            .iter()
            .rev()
            .filter(|n| n.tokens.end <= at)
            .find(|n| {
                let name_words: Vec<&str> = n.tokens.clone().map(|i| doc.lower(i)).collect();
                words
                    .iter()
                    .filter(|w| w.chars().all(char::is_alphabetic))
                    .all(|w| name_words.contains(w))
                    && name_words.contains(&head)
            })
            .and_then(|n| source_of_name(doc, names, n.tokens.start)),
        SourceKind::Unknown => None,
    }
}

/// "he"/"she": the latest person source or person name in the last few sentences;
/// "they": the latest group or organisation source; "it": the latest organisation or document.
fn resolve_pronoun(
    doc: &Doc,
    names: &Names,
    context: &Context,
    pronoun: Pronoun,
    at: usize,
) -> Source {
    let sentence = doc.tokens[at].sentence;
    let window = sentence.saturating_sub(PRONOUN_WINDOW);
    let in_window = |p: usize| p < at && doc.tokens[p].sentence >= window;
    let wanted = |kind: SourceKind| match pronoun {
        Pronoun::Person => matches!(kind, SourceKind::Person | SourceKind::Unknown),
        Pronoun::Plural => matches!(kind, SourceKind::Group | SourceKind::Organisation),
        Pronoun::Thing => matches!(kind, SourceKind::Organisation | SourceKind::Document),
        Pronoun::Author => false,
    };
    let from_context = context
        .entries
        .iter()
        .rev()
        .filter(|(p, _)| in_window(*p))
        .find(|(_, s)| wanted(s.kind))
        .map(|(p, s)| (*p, s.clone()));
    let wanted_name = |kind: NameKind| match pronoun {
        Pronoun::Person => kind == NameKind::Person,
        Pronoun::Thing => kind == NameKind::Organisation,
        _ => false,
    };
    // "It" takes an organisation only when it was the subject of its sentence.
    let opens_sentence = |start: usize| {
        let sentence = doc.sentence_of(start);
        (sentence.start..start)
            .filter(|&j| doc.tokens[j].is_word())
            .count()
            <= 1
    };
    let from_names = names
        .names
        .iter()
        .rev()
        .filter(|n| in_window(n.tokens.start) && !doc.tokens[n.tokens.start].quoted)
        .find(|n| {
            wanted_name(n.kind) && (pronoun != Pronoun::Thing || opens_sentence(n.tokens.start))
        })
        .map(|n| (n.tokens.start, n));
    match (from_context, from_names) {
        (Some((p, source)), Some((q, _))) if p >= q => source,
        (_, Some((q, _))) => source_of_name(doc, names, q).unwrap_or_else(Source::unknown),
        (Some((_, source)), None) => source,
        (None, None) => Source::unknown(),
    }
}

fn has_anonymity_marker(doc: &Doc, clause: Range<usize>) -> bool {
    let words: Vec<&str> = clause
        .filter(|&i| doc.tokens[i].is_word())
        .map(|i| doc.lower(i))
        .collect();
    lexicon::ANONYMITY_MARKERS
        .iter()
        .any(|marker| words.windows(marker.len()).any(|w| w == *marker))
}

/// "who gave only her first name, Mirela": the first name.
fn first_name_given(doc: &Doc, clause: Range<usize>) -> Option<String> {
    let mut i = clause.start;
    while i + 3 < clause.end {
        if doc.is(i, &["first"]) && doc.is(i + 1, &["name"]) {
            let mut j = i + 2;
            while j < clause.end && !doc.tokens[j].is_word() {
                j += 1;
            }
            if j < clause.end && doc.tokens[j].capitalised {
                return Some(doc.word(j).to_string());
            }
        }
        i += 1;
    }
    None
}
