//! Reporting cues and the shape of the report around each: where the speaker phrase is and
//! where the reported content is.
//!
//! | shape | example | speaker | content |
//! | --- | --- | --- | --- |
//! | subject first | *X said (on Monday) (that) C.* | before | after |
//! | tail | *C, X said.* / *C, said X.* | before / after | before the comma |
//! | participle | *X rejected it, saying (that) C.* | subject of the sentence | after |
//! | according to | *According to X, C.* / *C, according to X.* / *C (according to X) C.* | after | the rest |
//! | claim noun | *X made allegations that C.* | before | after |
//!
//! A cue right after a direct quotation attributes that quotation (`"…," the official said`),
//! and a cue that ends its paragraph with a colon introduces what follows.

use std::ops::Range;

use super::lexicon::{self, VerbForm};
use super::tokens::Doc;

/// One reporting cue and the pieces around it. Ranges are token ranges.
#[derive(Debug, Clone)]
pub struct Cue {
    /// Tokens of the cue as reported: "said", "told RT", "according to", "made allegations".
    pub phrase: Range<usize>,
    /// The phrase naming the speaker.
    pub speaker: Range<usize>,
    /// Where anonymity markers are looked for (the speaker with its appositives).
    pub speaker_clause: Range<usize>,
    /// Reported content, when the cue reports something other than a direct quotation alone.
    pub content: Option<Range<usize>>,
    /// The cue follows a direct quotation whose closing mark ends just before `speaker`/`phrase`.
    pub after_quote: bool,
    /// The cue ends its paragraph with a colon or no content: it introduces what follows.
    pub intro: bool,
    /// A direct quote (its first token) that the cue also attributes, after a tail report:
    /// `C, Hunter said, but "…"`.
    pub continues: Option<usize>,
}

/// All cues of the document, in text order. Tokens inside direct quotes must be marked.
pub fn find(doc: &Doc) -> Vec<Cue> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        let t = &doc.tokens[i];
        if !t.is_word() || t.quoted {
            i += 1;
            continue;
        }
        let lower = doc.lower(i);
        let cue = if lower == "according" && doc.is(i + 1, &["to"]) {
            according_to(doc, i, 2)
        } else if lower == "per"
            && doc.tokens[i].capitalised
            && doc.tokens.get(i + 1).is_some_and(|t| t.has_upper)
        {
            according_to(doc, i, 1)
        } else if lexicon::claim_making_verb(lower)
            && i + 2 < n
            && lexicon::reporting_noun(doc.lower(i + 1))
            && doc.is(i + 2, &["that"])
        {
            claim_noun(doc, i)
        } else if let Some(form) = lexicon::reporting_verb(lower) {
            if matches!(lower, "points" | "pointed" | "point") && !doc.is(i + 1, &["out"]) {
                None
            } else {
                verb(doc, i, form)
            }
        } else {
            None
        };
        if let Some(cue) = cue {
            i = cue.phrase.end.max(i + 1);
            out.push(cue);
        } else {
            i += 1;
        }
    }
    out
}

/// Index just past the last token of the clause that holds `i`, bounded by its sentence and
/// paragraph, and extended over a direct quotation that starts inside it.
fn sentence_end(doc: &Doc, i: usize) -> usize {
    let sentence = doc.sentence_of(i);
    let mut end = sentence.end;
    // A quotation that the splitter cut keeps its report together.
    if end > 0 && end < doc.tokens.len() && doc.tokens[end - 1].quoted {
        let paragraph = doc.tokens[i].paragraph;
        while end < doc.tokens.len()
            && doc.tokens[end].quoted
            && doc.tokens[end].paragraph == paragraph
        {
            end += 1;
        }
    }
    end
}

/// Where the clause holding token `i` starts: after a direct quotation, a semicolon, a colon
/// or a bracket, or at the sentence start.
fn clause_start(doc: &Doc, i: usize) -> usize {
    let sentence = doc.sentence_of(i);
    let mut j = i;
    while j > sentence.start {
        let t = &doc.tokens[j - 1];
        if t.long_quote
            || matches!(t.punct(), Some(';' | ':' | '—' | '–'))
            || (doc.lower(j - 1) == "that" && j >= 2 && complementizer_host(doc, j - 2))
        {
            break;
        }
        j -= 1;
    }
    j
}

/// Whether "that" after token `j` opens a report: "said that", "claims that", "warned in a
/// report that".
fn complementizer_host(doc: &Doc, j: usize) -> bool {
    let lower = doc.lower(j);
    lexicon::reporting_verb(lower).is_some()
        || lexicon::reporting_noun(lower)
        || lexicon::document_noun(lower)
        || lexicon::date_word(lower)
}

/// Whether the clause starting at `cs` is the tail of the direct quote just before it: same
/// paragraph, and not a new sentence after a quote that ended with a full stop.
fn follows_quote(doc: &Doc, cs: usize) -> bool {
    if cs == 0 || cs >= doc.tokens.len() || !doc.tokens[cs - 1].long_quote {
        return false;
    }
    if doc.tokens[cs - 1].paragraph != doc.tokens[cs].paragraph {
        return false;
    }
    // The last character inside the closing mark.
    let inside = (0..cs - 1).rev().find(|&j| !is_quote_mark(doc, j));
    let ended = inside.is_some_and(|j| doc.tokens[j].is_punct('.'));
    !(ended && doc.tokens[cs].capitalised)
}

fn is_quote_mark(doc: &Doc, j: usize) -> bool {
    matches!(
        doc.tokens[j].punct(),
        Some('"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '「' | '」')
    )
}

/// Skips auxiliaries and adverbs backwards from the verb at `i`: "has also said" -> "has".
fn verb_group_start(doc: &Doc, i: usize, from: usize) -> usize {
    let mut j = i;
    while j > from {
        let lower = doc.lower(j - 1);
        if doc.tokens[j - 1].is_word()
            && (lexicon::verb_modifier(lower) || (lower.ends_with("ly") && lower.len() > 4))
        {
            j -= 1;
        } else {
            break;
        }
    }
    j
}

/// Whether the cue at `i` is negated, passive, or an infinitive or noun ("declined to say",
/// "was told", "the said report").
fn blocked(doc: &Doc, verb_start: usize, i: usize, form: VerbForm) -> bool {
    if verb_start == 0 {
        return false;
    }
    let before = doc.lower(verb_start - 1);
    if lexicon::blocks_cue(before) {
        // "is warning that" is a progressive report, not a passive.
        let progressive = form == VerbForm::Participle
            && matches!(before, "is" | "was" | "were" | "are" | "been")
            && (i + 1 < doc.tokens.len());
        if !progressive {
            return true;
        }
    }
    let mut j = verb_start;
    let mut steps = 0;
    while j > 0 && steps < 6 {
        j -= 1;
        steps += 1;
        let t = &doc.tokens[j];
        if !t.is_word() {
            break;
        }
        if doc.is(j, &["declined", "refused", "never", "not"]) && doc.is(j + 1, &["to"]) {
            return true;
        }
    }
    false
}

/// A noun-like form ("claims", "report") is a verb only after a subject-like word.
fn subject_like(doc: &Doc, j: usize) -> bool {
    let t = &doc.tokens[j];
    let lower = doc.lower(j);
    t.is_word()
        && (t.capitalised
            || lexicon::person_noun(lower)
            || lexicon::organisation_noun(lower)
            || lexicon::document_noun(lower)
            || matches!(lower, "he" | "she" | "they" | "it" | "who" | "which"))
}

/// The cue phrase after a verb: its addressee when it names an outlet or audience ("told RT
/// News", "told the Courier", "told reporters"). Returns (phrase end, where content may start).
fn addressee(doc: &Doc, i: usize) -> (usize, usize) {
    let n = doc.tokens.len();
    if doc.is(i, &["points", "pointed", "point"]) && doc.is(i + 1, &["out"]) {
        return (i + 2, i + 2);
    }
    if !lexicon::takes_addressee(doc.lower(i)) {
        return (i + 1, i + 1);
    }
    let mut j = i + 1;
    if j < n && doc.tokens[j].is_word() {
        let lower = doc.lower(j);
        if matches!(lower, "him" | "her" | "me" | "us" | "them" | "you") {
            return (i + 1, j + 1);
        }
        if lexicon::audience_noun(lower) {
            return (j + 1, j + 1);
        }
        if lower == "the" && doc.tokens.get(j + 1).is_some_and(|t| t.capitalised) {
            j += 1;
        }
        if doc.tokens[j].capitalised {
            let mut k = j;
            while k < n
                && (doc.tokens[k].capitalised
                    || (doc.is(k, &["of"]) && doc.tokens.get(k + 1).is_some_and(|t| t.capitalised)))
            {
                k += 1;
            }
            return (k, k);
        }
        if lower == "the"
            && doc
                .tokens
                .get(j + 1)
                .is_some_and(|_| lexicon::organisation_noun(doc.lower(j + 1)))
        {
            return (j + 2, j + 2);
        }
    }
    (i + 1, i + 1)
}

/// Where the reported content starts after a cue phrase ending at `p`: after "that", after an
/// adverbial that leads to "that" ("said on Monday that"), after "of" ("warned of"), else at
/// `p`. Also says whether a colon introduces it.
fn content_start(doc: &Doc, verb: usize, p: usize, end: usize) -> (usize, bool) {
    if p >= end {
        return (end, false);
    }
    // "describes that callback as …": "that" is a determiner after a verb of naming.
    let naming = lexicon::naming_verb(doc.lower(verb));
    if doc.is(p, &["that"]) && !naming {
        return (p + 1, false);
    }
    if doc.tokens[p].is_punct(':') {
        return (p + 1, true);
    }
    if doc.tokens[p].is_punct(',') {
        // "As X said, “…”" reports the quotation; "claimed, through photos, that C" reports C;
        // "Even then, X says, C" reports the rest; "he said, holding his hand" nothing.
        if doc.tokens.get(p + 1).is_some_and(|t| t.quoted) {
            return (p + 1, false);
        }
        // "Hunter said, but “you know …”": the report goes on in the quotation.
        if doc.is(p + 1, &["but", "and"]) && doc.tokens.get(p + 2).is_some_and(|t| t.quoted) {
            return (p + 2, false);
        }
        let mut j = p + 1;
        while j < end && j < p + 16 {
            if doc.tokens[j].is_punct(',') && doc.is(j + 1, &["that"]) {
                return (j + 2, false);
            }
            if doc.tokens[j].quoted || matches!(doc.tokens[j].punct(), Some('.' | ';' | ':')) {
                break;
            }
            j += 1;
        }
        let parenthetical = verb > 1
            && (verb - 1..verb)
                .chain(verb.saturating_sub(6)..verb)
                .any(|k| doc.tokens[k].is_punct(','));
        let next_is_clause = doc.tokens.get(p + 1).is_some_and(|t| {
            t.is_word()
                && !doc.lower(p + 1).ends_with("ing")
                && !doc.is(
                    p + 1,
                    &[
                        "but", "and", "or", "so", "yet", "while", "although", "though", "as",
                        "which", "who",
                    ],
                )
        }) && has_finite_verb_or_past(doc, p + 1..end);
        if parenthetical && next_is_clause {
            return (p + 1, false);
        }
        return (end, false);
    }
    // "warned of more gales"; "said of the planes" is only a topic.
    if doc.is(p, &["of"]) && lexicon::warning_verb(doc.lower(verb)) {
        return (p + 1, false);
    }
    let lower = doc.lower(p);
    if lexicon::time_or_manner_word(lower) || lexicon::preposition(lower) {
        let mut j = p;
        while j < end && j < p + 15 {
            let t = &doc.tokens[j];
            if t.quoted || matches!(t.punct(), Some(',' | ';' | '.' | ':')) {
                break;
            }
            if doc.is(j, &["that"]) {
                return (j + 1, false);
            }
            j += 1;
        }
    }
    (p, false)
}

/// Whether token `j` starts a verb phrase: an auxiliary, a past form or a reporting verb,
/// after optional adverbs ("but later backtracked", "but has declined").
fn verb_phrase_at(doc: &Doc, mut j: usize, end: usize) -> bool {
    while j < end
        && doc.tokens[j].is_word()
        && (lexicon::verb_modifier(doc.lower(j))
            && !doc.is(
                j,
                &["has", "have", "had", "would", "will", "did", "could", "can"],
            )
            || doc.lower(j).ends_with("ly"))
    {
        j += 1;
    }
    if j >= end || !doc.tokens[j].is_word() || doc.tokens[j].capitalised || doc.tokens[j].quoted {
        return false;
    }
    let lower = doc.lower(j);
    matches!(
        lower,
        "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "would"
            | "will"
            | "did"
            | "could"
            | "can"
    ) || (lower.ends_with("ed") && lower.len() > 4)
        || lexicon::reporting_verb(lower).is_some()
}

/// The content from `start` to the end of its sentence, without final punctuation. It stops
/// before a colon ending the paragraph (an introduction), before another report (", saying"),
/// before an appended participle clause (", raising fears") and before a second verb phrase of
/// the main clause (", but has declined to …").
fn content_to_end(doc: &Doc, start: usize, end: usize) -> (Range<usize>, bool) {
    content_until(doc, start, end, false)
}

/// [`content_to_end`]; `relative` for a report inside a relative clause ("which on Sunday said
/// C, had also stressed …"), which ends where the main clause resumes.
fn content_until(doc: &Doc, start: usize, end: usize, relative: bool) -> (Range<usize>, bool) {
    let mut stop = end;
    let mut intro = false;
    let mut j = start;
    while j < end {
        let t = &doc.tokens[j];
        if !t.quoted
            && j > start
            && doc.is(j, &["according"])
            && doc.is(j + 1, &["to"])
            && doc.tokens[j - 1]
                .punct()
                .is_some_and(|c| c == ',' || c == '”' || c == '"')
        {
            stop = j;
            break;
        }
        if !t.quoted {
            if t.is_punct(':') && (j + 1 == end || (!doc.tokens[j + 1].quoted && j + 2 >= end)) {
                stop = j;
                intro = true;
                break;
            }
            if t.is_punct(',') && j > start {
                let next = j + 1;
                let word = doc
                    .tokens
                    .get(next)
                    .filter(|n| n.is_word() && !n.quoted && !n.capitalised);
                if word.is_some() {
                    let lower = doc.lower(next);
                    let clause_before = has_finite_verb_or_past(doc, start..j);
                    let report = lexicon::reporting_verb(lower) == Some(VerbForm::Participle);
                    let participle = lower.ends_with("ing") && lower.len() > 4;
                    // After "that" a clause is still to come ("that Ankara, being …, has");
                    // an object ("warned of more gales, raising fears") is complete.
                    let after_that = start > 0 && doc.is(start - 1, &["that"]);
                    let complete = clause_before || !after_that;
                    let reports_again = doc
                        .tokens
                        .get(next + 1)
                        .is_some_and(|t| t.is_word() && !t.has_upper)
                        && lexicon::reporting_verb(doc.lower(next + 1)).is_some();
                    let second_verb = matches!(lower, "but" | "and")
                        && ((clause_before && verb_phrase_at(doc, next + 1, end)) || reports_again);
                    let relative_ends = relative && verb_phrase_at(doc, next, end);
                    if report || (participle && complete) || second_verb || relative_ends {
                        stop = j;
                        break;
                    }
                }
            }
        }
        j += 1;
    }
    while stop > start
        && matches!(
            doc.tokens[stop - 1].punct(),
            Some('.' | '!' | '?' | ',' | ';' | ':')
        )
        && !doc.tokens[stop - 1].quoted
    {
        stop -= 1;
    }
    // "confirmed the deaths on Thursday": the date belongs to the report, not its content.
    let time_end = |j: usize| {
        doc.tokens[j].is_word()
            && !doc.tokens[j].quoted
            && matches!(
                doc.lower(j),
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "yesterday"
                    | "today"
                    | "tonight"
                    | "week"
                    | "month"
                    | "year"
                    | "weekend"
                    | "morning"
                    | "evening"
                    | "afternoon"
            )
    };
    if stop > start + 2 && time_end(stop - 1) {
        let mut cut = stop - 1;
        while cut > start + 1
            && doc.is(
                cut - 1,
                &[
                    "on", "last", "this", "earlier", "late", "early", "next", "that",
                ],
            )
        {
            cut -= 1;
        }
        if cut < stop - 1 || doc.is(stop - 1, &["yesterday", "today", "tonight"]) {
            stop = cut;
        }
    }
    (start..stop, intro)
}

/// Splits `range` at commas outside brackets and quotations.
fn comma_segments(doc: &Doc, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut depth = 0i32;
    for j in range.clone() {
        match doc.tokens[j].punct() {
            Some('(') | Some('[') => depth += 1,
            Some(')') | Some(']') => depth -= 1,
            Some(',') if depth <= 0 && !doc.tokens[j].quoted => {
                out.push(start..j);
                start = j + 1;
            }
            // `"caught them," Hunter said`: the comma inside the closing mark ends the clause.
            Some(',')
                if doc.tokens[j].quoted
                    && doc
                        .tokens
                        .get(j + 1)
                        .is_some_and(|m| m.quoted && !m.is_word())
                    && doc.tokens.get(j + 2).is_some_and(|n| !n.quoted)
                    && j + 2 <= range.end =>
            {
                out.push(start..j + 2);
                start = j + 2;
            }
            _ => {}
        }
    }
    out.push(start..range.end);
    out
}

/// A comma segment that cannot be a subject: a fronted adverbial ("Yesterday", "Last month",
/// "In a statement", "by admitting that …").
fn adverbial(doc: &Doc, segment: &Range<usize>) -> bool {
    let words: Vec<usize> = segment
        .clone()
        .filter(|&j| doc.tokens[j].is_word())
        .collect();
    let Some(&first) = words.first() else {
        return true;
    };
    let lower = doc.lower(first);
    if lexicon::preposition(lower) || (lower.ends_with("ing") && !doc.tokens[first].capitalised) {
        return true;
    }
    if matches!(
        lower,
        "while"
            | "although"
            | "though"
            | "when"
            | "if"
            | "as"
            | "once"
            | "since"
            | "because"
            | "last"
            | "this"
            | "next"
    ) {
        return true;
    }
    if matches!(
        lower,
        "earlier"
            | "later"
            | "meanwhile"
            | "however"
            | "moreover"
            | "furthermore"
            | "yesterday"
            | "today"
            | "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "finally"
            | "instead"
            | "still"
            | "now"
            | "then"
            | "thus"
            | "indeed"
            | "also"
            | "again"
            | "separately"
            | "overnight"
            | "elsewhere"
            | "so"
            | "but"
            | "and"
            | "yet"
    ) {
        // "Yesterday" alone is an adverbial; "Yet North Korean defector X" is a subject.
        return words.len() == 1;
    }
    words.len() == 1 && lower.ends_with("ly")
}

/// The first comma segment from `from` that can be a subject.
fn first_subject_segment(doc: &Doc, from: usize, limit: usize) -> Range<usize> {
    let segments = comma_segments(doc, from..limit);
    segments
        .iter()
        .find(|s| !adverbial(doc, s))
        .cloned()
        .unwrap_or(from..from)
}

/// Words that make a stretch a clause rather than a noun phrase.
fn has_finite_verb(doc: &Doc, range: Range<usize>) -> bool {
    range.into_iter().any(|j| {
        doc.tokens[j].is_word()
            && matches!(
                doc.lower(j),
                "is" | "was"
                    | "were"
                    | "are"
                    | "has"
                    | "had"
                    | "have"
                    | "would"
                    | "will"
                    | "could"
                    | "can"
                    | "did"
                    | "does"
                    | "should"
                    | "might"
                    | "may"
                    | "must"
                    | "be"
            )
    })
}

/// A speaker phrase after a cue, up to a comma, clause word or the sentence end.
fn phrase_after(doc: &Doc, from: usize, end: usize) -> Range<usize> {
    let mut j = from;
    while j < end && j < from + 14 {
        let t = &doc.tokens[j];
        if t.quoted
            || matches!(
                t.punct(),
                Some(',' | '.' | ';' | ':' | '(' | ')' | '!' | '?')
            )
        {
            break;
        }
        if t.is_word() && j > from && lexicon::clause_word(doc.lower(j)) {
            break;
        }
        j += 1;
    }
    from..j
}

fn verb(doc: &Doc, i: usize, form: VerbForm) -> Option<Cue> {
    let sentence = doc.sentence_of(i);
    let cs = clause_start(doc, i);
    let vstart = verb_group_start(doc, i, cs);
    if blocked(doc, vstart, i, form) {
        return None;
    }
    let lower = doc.lower(i);
    // "reported on Plan B" names a topic; "reported on Monday" is a date.
    if matches!(
        lower,
        "reported" | "wrote" | "writes" | "posted" | "reports"
    ) && doc.is(i + 1, &["on", "about", "in"])
        && !doc
            .tokens
            .get(i + 2)
            .is_some_and(|_| lexicon::date_word(doc.lower(i + 2)))
        && !that_follows(doc, i + 1, 12)
    {
        return None;
    }
    if form == VerbForm::NounLike && (vstart == 0 || vstart <= cs || !subject_like(doc, vstart - 1))
    {
        return None;
    }
    let end = sentence_end(doc, i);
    let (phrase_end, after) = addressee(doc, i);
    let phrase = i..phrase_end;
    // "is warning that", "kept insisting that": the participle is the finite report.
    let participle = form == VerbForm::Participle
        && !(vstart > 0
            && doc.is(
                vstart - 1,
                &[
                    "is",
                    "was",
                    "were",
                    "are",
                    "been",
                    "kept",
                    "keeps",
                    "keep",
                    "continued",
                    "continues",
                    "continue",
                ],
            ));
    if participle {
        // Only a participle clause reports: ", saying …", "By admitting …", not "an annex
        // describing wear".
        // "Al Arabiya cited the ministry as saying that C": the ministry speaks.
        if doc.is(i - 1, &["as"]) {
            let cite = (i.saturating_sub(12)..i - 1).rev().find(|&j| {
                doc.is(
                    j,
                    &["cited", "cites", "citing", "quoted", "quotes", "quoting"],
                )
            });
            if let Some(c) = cite {
                let (content_from, _) = content_start(doc, i, after, end);
                let (content, _) = content_to_end(doc, content_from, end);
                return Some(Cue {
                    phrase,
                    speaker: c + 1..i - 1,
                    speaker_clause: c + 1..i - 1,
                    content: Some(content),
                    after_quote: false,
                    intro: false,
                    continues: None,
                });
            }
        }
        let opens_clause = i == cs
            || doc.tokens[i - 1].is_punct(',')
            || doc.is(i - 1, &["by", "while", "after", "before", "when", "in"]);
        if !opens_clause {
            return None;
        }
        return participle_cue(doc, i, phrase, after, cs, end);
    }
    // What stands between the clause start and the verb group.
    let mut before = cs..vstart;
    while before.start < before.end && !doc.tokens[before.start].is_word() {
        before.start += 1;
    }
    let trailing_comma = before.end > before.start && doc.tokens[before.end - 1].is_punct(',');
    let after_quote = follows_quote(doc, cs);
    let (content_from, colon) = content_start(doc, i, after, end);
    let has_words_before = (before.start..before.end).any(|j| doc.tokens[j].is_word());

    // "…," said the commander, a non-Syrian who …  /  C, said X.
    if !has_words_before || (trailing_comma && np_after(doc, after, end)) {
        let speaker = phrase_after(doc, after, end);
        if speaker.is_empty() {
            return None;
        }
        let content = if has_words_before {
            let mut c = cs..before.end - 1;
            while c.start < c.end && !doc.tokens[c.start].is_word() {
                c.start += 1;
            }
            Some(c)
        } else {
            None
        };
        return Some(Cue {
            phrase,
            speaker: speaker.clone(),
            speaker_clause: speaker.start..end,
            content,
            after_quote: after_quote && !has_words_before,
            intro: false,
            continues: None,
        });
    }

    // "X, the authority's director-general, said …": the subject is the first segment.
    let (speaker, speaker_clause) = if trailing_comma {
        let subject = first_subject_segment(doc, before.start, before.end - 1);
        (subject.clone(), subject.start..vstart)
    } else {
        let segments = comma_segments(doc, before.clone());
        let mut last = segments.last().cloned().unwrap_or(before.clone());
        // "Considering that even Comcast acknowledges", "the gate that he said": the subject
        // follows the last "that".
        if let Some(t) = (last.start..last.end).rev().find(|&j| {
            doc.is(
                j,
                &[
                    "that", "but", "whether", "because", "while", "although", "though", "if",
                    "since",
                ],
            )
        }) {
            if t + 1 < last.end {
                last.start = t + 1;
            }
        }
        if coordinated(doc, &last) {
            let subject = first_subject_segment(doc, sentence.start.max(cs), before.end);
            (subject.clone(), subject.start..vstart)
        } else {
            (last.clone(), last.start..vstart)
        }
    };

    // Tail shape: "C, X said (on Monday)." — a clause, a comma (perhaps inside a closing
    // quotation mark), a short subject, and nothing reported after the verb except perhaps a
    // quotation that goes on (`C, Hunter said, but "…"`).
    let boundary = speaker
        .start
        .checked_sub(1)
        .filter(|_| speaker.start > before.start);
    let tail_comma = !trailing_comma
        && boundary.is_some_and(|b| {
            doc.tokens[b].is_punct(',')
                || (doc.tokens[b].quoted
                    && !doc.tokens[b].is_word()
                    && b >= 1
                    && doc.tokens[b - 1].is_punct(','))
        });
    let quote_goes_on = content_from < end
        && doc.tokens[content_from].quoted
        && content_from > after
        && (after..content_from).all(|j| !doc.tokens[j].is_word() || doc.is(j, &["but", "and"]));
    let nothing_after = content_from >= end
        || quote_goes_on
        || (content_from == after && (nothing_but_adverbial(doc, after, end)));
    if tail_comma && nothing_after && speaker.len() <= 10 {
        let b = boundary.unwrap_or(speaker.start);
        let mut content = before.start..if doc.tokens[b].is_punct(',') {
            b
        } else {
            b + 1
        };
        while content.start < content.end && !doc.tokens[content.start].is_word() {
            content.start += 1;
        }
        // A quotation opening the sentence is part of the clause (`"At least 10" fighters
        // were captured …, X claims`).
        if content.start == cs && cs > sentence.start && doc.tokens[cs].is_word() {
            while content.start > sentence.start && doc.tokens[content.start - 1].quoted {
                content.start -= 1;
            }
        }
        let words = content.clone().filter(|&j| doc.tokens[j].is_word()).count();
        let verb = content.clone().any(|j| {
            doc.tokens[j].is_word() && !doc.tokens[j].capitalised && lexicon::verbish(doc.lower(j))
        });
        if words >= 3 && verb {
            return Some(Cue {
                phrase,
                speaker: speaker.clone(),
                speaker_clause: speaker.start..end,
                content: Some(content),
                after_quote: false,
                intro: false,
                continues: quote_goes_on.then_some(content_from),
            });
        }
    }
    if content_from >= end || nothing_but_adverbial(doc, content_from, end) && !colon {
        // "X said." with nothing reported: only useful right after a quotation.
        return Some(Cue {
            phrase,
            speaker,
            speaker_clause,
            content: None,
            after_quote,
            intro: colon && paragraph_ends_at(doc, end),
            continues: None,
        });
    }
    let relative = (speaker.start..speaker.end)
        .find(|&j| doc.tokens[j].is_word())
        .is_some_and(|j| doc.is(j, &["who", "which"]));
    // A report inside a fronted subordinate clause ("Considering that X acknowledges C, you
    // can …") ends at the comma that closes the clause.
    let mut stop = end;
    let comma_before = (sentence.start..i).any(|j| doc.tokens[j].is_punct(','));
    if subordinate_opening(doc, sentence.start) && !comma_before {
        if let Some(comma) =
            (content_from..end).find(|&j| doc.tokens[j].is_punct(',') && !doc.tokens[j].quoted)
        {
            stop = comma;
        }
    }
    let (content, intro) = content_until(doc, content_from, stop, relative);
    // "promised 1.7 billion marks" promises a thing; "promised the problems would be resolved"
    // reports a statement.
    let content = if lexicon::needs_clause(lower) && !has_finite_verb_or_past(doc, content.clone())
    {
        None
    } else {
        Some(content)
    };
    if lexicon::needs_quotation(lower)
        && (!content
            .as_ref()
            .is_some_and(|c| c.clone().any(|j| doc.tokens[j].quoted))
            || doc
                .tokens
                .get(i + 1)
                .is_some_and(|t| t.is_word() && lexicon::preposition(doc.lower(i + 1)))
            || doc.is(
                i + 1,
                &[
                    "himself",
                    "herself",
                    "itself",
                    "themselves",
                    "ourselves",
                    "myself",
                ],
            ))
    {
        return None;
    }
    Some(Cue {
        phrase,
        speaker,
        speaker_clause,
        content,
        after_quote,
        intro: intro || (colon && content_from >= end),
        continues: None,
    })
}

/// A sentence opening with a subordinate or participle clause.
fn subordinate_opening(doc: &Doc, start: usize) -> bool {
    start < doc.tokens.len()
        && doc.tokens[start].is_word()
        && (doc.is(
            start,
            &[
                "considering",
                "although",
                "though",
                "if",
                "while",
                "because",
                "since",
                "given",
                "whereas",
                "unless",
            ],
        ) || (doc.lower(start).ends_with("ing")
            && doc.lower(start).len() > 5
            && !doc.is(start, &["according", "during"])
            && lexicon::reporting_verb(doc.lower(start)).is_none()))
}

/// Whether "that" comes within `limit` tokens after `from`, before any comma or clause end.
fn that_follows(doc: &Doc, from: usize, limit: usize) -> bool {
    let mut j = from;
    while j < doc.tokens.len() && j < from + limit {
        let t = &doc.tokens[j];
        if t.quoted || matches!(t.punct(), Some(',' | ';' | '.' | ':' | '!' | '?')) {
            return false;
        }
        if doc.is(j, &["that"]) {
            return true;
        }
        j += 1;
    }
    false
}

/// Whether the paragraph ends with the sentence that ends at token `end`.
fn paragraph_ends_at(doc: &Doc, end: usize) -> bool {
    end >= doc.tokens.len() || doc.tokens[end].paragraph != doc.tokens[end - 1].paragraph
}

/// Only an adverbial ("on Monday", "in a statement", "recently in a leaked interview") before
/// the sentence ends.
fn nothing_but_adverbial(doc: &Doc, from: usize, end: usize) -> bool {
    if from >= end {
        return true;
    }
    if !doc.tokens[from].is_word() {
        return doc.tokens[from]
            .punct()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | ';'));
    }
    let lower = doc.lower(from);
    // "said about 120,000 people had…" is content, not an adverbial.
    let number_follows = doc.tokens.get(from + 1).is_some_and(|t| {
        t.is_word()
            && (doc.word(from + 1).as_bytes()[0].is_ascii_digit()
                || lexicon::number_word(doc.lower(from + 1)))
    });
    (lexicon::time_or_manner_word(lower) || lexicon::preposition(lower))
        && !number_follows
        && !(from..end).any(|j| doc.is(j, &["that"]) || doc.tokens[j].quoted)
}

/// A short noun phrase after the cue, ending the sentence or followed by an appositive:
/// "…, said the minister." as against "…, said the barrier had failed".
fn np_after(doc: &Doc, from: usize, end: usize) -> bool {
    let np = phrase_after(doc, from, end);
    !np.is_empty()
        && np.len() <= 8
        && !has_finite_verb(doc, np.clone())
        && !doc.is(np.start, &["that", "this", "these", "those"])
        && {
            let first = doc.lower(np.start);
            lexicon::determiner(first)
                || doc.tokens[np.start].capitalised
                || lexicon::person_noun(first)
        }
}

/// A subject segment that is really the tail of a verb phrase: "called for an inquiry and".
fn coordinated(doc: &Doc, segment: &Range<usize>) -> bool {
    let words: Vec<usize> = segment
        .clone()
        .filter(|&j| doc.tokens[j].is_word())
        .collect();
    let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
        return false;
    };
    if doc.is(last, &["and", "but", "or"]) {
        return true;
    }
    let lower = doc.lower(first);
    !doc.tokens[first].capitalised
        && !lexicon::determiner(lower)
        && lexicon::pronoun(lower).is_none()
        && !lexicon::person_noun(lower)
        && !lexicon::organisation_noun(lower)
        && !lexicon::document_noun(lower)
        && has_finite_verb_or_past(doc, segment.clone())
}

fn has_finite_verb_or_past(doc: &Doc, range: Range<usize>) -> bool {
    range.into_iter().any(|j| {
        let t = &doc.tokens[j];
        t.is_word() && !t.capitalised && !t.quoted && lexicon::verbish(doc.lower(j))
    })
}

/// "X rejected the claims, saying (that) C": the subject of the sentence speaks. A fronted
/// participle ("By admitting that C, X has …") takes the subject after it.
fn participle_cue(
    doc: &Doc,
    i: usize,
    phrase: Range<usize>,
    after: usize,
    cs: usize,
    end: usize,
) -> Option<Cue> {
    let sentence = doc.sentence_of(i);
    let fronted = i == cs
        || (i > sentence.start
            && doc.is(i - 1, &["by", "while", "after", "before", "in", "when"])
            && {
                let s = first_subject_segment(doc, sentence.start, i);
                s.is_empty() || s.start >= i
            });
    let (content_from, colon) = content_start(doc, i, after, end);
    if fronted {
        // Content up to the next comma; the subject is the segment after it.
        let mut j = content_from;
        while j < end && (doc.tokens[j].quoted || !doc.tokens[j].is_punct(',')) {
            j += 1;
        }
        let subject = first_subject_segment(doc, (j + 1).min(end), end);
        return Some(Cue {
            phrase,
            speaker: subject.clone(),
            speaker_clause: subject,
            content: Some(content_from..j),
            after_quote: false,
            intro: false,
            continues: None,
        });
    }
    // The subject of the whole sentence, even across a "that" clause ("X rejected claims that
    // Y did it, saying …" is X speaking).
    let from = if cs > sentence.start && doc.tokens[cs - 1].long_quote {
        cs
    } else {
        sentence.start
    };
    let subject = first_subject_segment(doc, from, i);
    let (content, intro) = if content_from >= end {
        (None, colon && paragraph_ends_at(doc, end))
    } else {
        let (c, intro) = content_to_end(doc, content_from, end);
        (Some(c), intro || colon && content_from >= end)
    };
    Some(Cue {
        phrase,
        speaker: subject.clone(),
        speaker_clause: subject.start..i,
        content,
        after_quote: false,
        intro: intro || (colon && paragraph_ends_at(doc, end)),
        continues: None,
    })
}

/// "According to X, C." / "C, according to X." / "C (according to X) C." / "According to X"
/// closing a paragraph (introducing the next).
fn according_to(doc: &Doc, i: usize, len: usize) -> Option<Cue> {
    let sentence = doc.sentence_of(i);
    let end = sentence_end(doc, i);
    let phrase = i..i + len;
    let speaker = phrase_after(doc, i + len, end);
    if speaker.is_empty() {
        return None;
    }
    let cs = clause_start(doc, i);
    let parenthetical = i > 0 && doc.tokens[i - 1].is_punct('(');
    let speaker_clause = speaker.clone();
    if parenthetical {
        // The clause around the bracket: from the comma before it to the sentence end.
        let mut from = i - 1;
        while from > sentence.start && !doc.tokens[from - 1].is_punct(',') {
            from -= 1;
        }
        let (content, _) = content_to_end(doc, from, end);
        return Some(Cue {
            phrase,
            speaker,
            speaker_clause,
            content: Some(content),
            after_quote: false,
            intro: false,
            continues: None,
        });
    }
    let at_start = {
        let lead = comma_segments(doc, cs..i);
        cs == i
            || lead.iter().all(|s| {
                s.is_empty()
                    || (adverbial(doc, s)
                        && s.clone().filter(|&j| doc.tokens[j].is_word()).count() <= 4)
            })
    };
    if at_start {
        let after = speaker.end;
        if after >= end
            || (matches!(doc.tokens[after].punct(), Some('.' | ':')) && after + 1 >= end)
        {
            return Some(Cue {
                phrase,
                speaker,
                speaker_clause,
                content: None,
                after_quote: false,
                intro: paragraph_ends_at(doc, end),
                continues: None,
            });
        }
        let mut from = if doc.tokens[after].is_punct(',') {
            after + 1
        } else {
            after
        };
        // "According to the authority, which runs the barrier, C": skip the relative clause.
        if doc.is(from, &["which", "who"]) {
            if let Some(comma) =
                (from..end).find(|&j| doc.tokens[j].is_punct(',') && !doc.tokens[j].quoted)
            {
                from = comma + 1;
            }
        }
        let (content, intro) = content_to_end(doc, from, end);
        return Some(Cue {
            phrase,
            speaker,
            speaker_clause,
            content: Some(content),
            after_quote: false,
            intro,
            continues: None,
        });
    }
    // "C, according to X(, …)."
    let mut content = cs..i;
    while content.end > content.start
        && !doc.tokens[content.end - 1].is_word()
        && !doc.tokens[content.end - 1].quoted
    {
        content.end -= 1;
    }
    Some(Cue {
        phrase,
        speaker,
        speaker_clause,
        content: Some(content),
        after_quote: false,
        intro: false,
        continues: None,
    })
}

/// "X made allegations that C", "X repeated claims that C".
fn claim_noun(doc: &Doc, i: usize) -> Option<Cue> {
    let sentence = doc.sentence_of(i);
    let end = sentence_end(doc, i);
    let cs = clause_start(doc, i);
    let vstart = verb_group_start(doc, i, cs);
    if blocked(doc, vstart, i, VerbForm::Finite) {
        return None;
    }
    let before = cs..vstart;
    let segments = comma_segments(doc, before.clone());
    let mut speaker = segments.last().cloned().unwrap_or(before.clone());
    if before.end > before.start && doc.tokens[before.end - 1].is_punct(',') {
        speaker = first_subject_segment(doc, sentence.start.max(cs), before.end - 1);
    }
    let (content, _) = content_to_end(doc, i + 3, end);
    Some(Cue {
        phrase: i..i + 2,
        speaker: speaker.clone(),
        speaker_clause: speaker.start..i,
        content: Some(content),
        after_quote: false,
        intro: false,
        continues: None,
    })
}
