//! The quotes layer: direct and reported speech, who said it, the reporting cue, and whether
//! the source is deliberately unnamed.
//!
//! Rules over one linear pass of light tokens, no model:
//!
//! 1. [`marks`] pairs quotation marks into direct quotes (curly and straight, quotes running
//!    over paragraphs, nested single quotes, unbalanced marks).
//! 2. [`names`] lists the names: the entities layer when the NER stage filled it, else runs of
//!    capitalised words; each with its titles and its fullest form in the article.
//! 3. [`cues`] finds reporting cues ("said", "told RT", "according to", "warned", "made
//!    allegations that") outside quotes, and reads the shape around each: where the speaker
//!    phrase is and where the reported content is.
//! 4. [`speaker`] turns the speaker phrase into a source: a name (with its entity id), a
//!    description ("a senior official at the interior ministry", anonymous), or a pronoun or
//!    definite description ("she", "the commander", "the authority") resolved to the source
//!    named nearby.
//! 5. Direct quotes take the speaker of the cue right after them (`"…," the official said`),
//!    of the cue whose report they are part of (`said: "…"`, `told RT that "…"`), of a cue
//!    that ends the previous paragraph with a colon, or of the quote just before them in the
//!    same or the previous paragraph (a quotation resumed without a new cue, whose `cue` is
//!    then `null`).
//!
//! Spans: a direct quote covers the words inside the marks (a trailing comma before the closing
//! mark excluded); reported speech covers the reported content (after "said (that)", before
//! ", X said", after "According to X,"), final full stop excluded; a paragraph introduced by a
//! cue ending in a colon is a block quotation covering the paragraph. Reported speech that
//! contains a partial direct quote gives both spans.

mod cues;
pub mod evaluate;
pub(crate) mod lexicon;
mod marks;
mod names;
mod speaker;
pub(crate) mod tokens;

use std::ops::Range;

use parallax_core::{Article, Quote};

use cues::Cue;
use names::Names;
use speaker::{Context, Source};
use tokens::Doc;

/// Words a quotation needs to count without any cue attributing it; shorter quoted stretches
/// are scare quotes and quoted terms ("so-called “moderates”").
const MIN_WORDS_UNATTRIBUTED: usize = 5;
/// Words a quotation attributed by a cue needs ("no doubt" counts, "spying" does not).
const MIN_WORDS_ATTRIBUTED: usize = 2;
/// Words a quotation needs to continue the speaker of the previous one without a cue.
const MIN_WORDS_CONTINUED: usize = 3;
/// Words a paragraph needs to be read as a block quotation after an introducing cue.
const MIN_WORDS_BLOCK: usize = 6;

/// Finds the quotes of an article. Reads `text`, `paragraphs`, `sentences` and `entities`.
pub fn find(article: &Article) -> Vec<Quote> {
    find_with_doc(article).0
}

/// [`find`], also giving back the article's [`Doc`] (with its quotation marks marked), so
/// the claims layer need not tokenize the article again.
pub(crate) fn find_with_doc(article: &Article) -> (Vec<Quote>, Doc<'_>) {
    let mut doc = Doc::new(article);
    if article.text.is_empty() {
        return (Vec::new(), doc);
    }
    let marked = marks::find(doc.text, &doc.paragraphs);
    let direct: Vec<Direct> = marked.iter().map(|m| Direct::new(&mut doc, m)).collect();
    let names = Names::new(&doc);
    let cues = cues::find(&doc);
    let mut context = Context::default();
    let sources: Vec<Option<Source>> = cues
        .iter()
        .map(|cue| {
            let source = speaker::analyse(
                &doc,
                &names,
                &context,
                cue.speaker.clone(),
                cue.speaker_clause.clone(),
            );
            if let Some(source) = &source {
                context.push(cue.speaker.start, source.clone());
            }
            source
        })
        .collect();

    let mut found: Vec<Found> = Vec::new();
    for (cue, source) in cues.iter().zip(&sources) {
        if let Some(found_quote) = reported(&doc, cue, source.as_ref()) {
            found.push(found_quote);
        }
    }
    found.extend(block_quotes(&doc, &names, &context, &cues, &sources));
    found.sort_by_key(|f| (f.bytes.start, std::cmp::Reverse(f.bytes.end)));

    let mut quotes_in_order: Vec<Found> = Vec::new();
    let mut reported_iter = found.into_iter().peekable();
    for d in &direct {
        while let Some(r) = reported_iter.next_if(|r| r.bytes.start <= d.open_byte) {
            quotes_in_order.push(r);
        }
        if let Some(q) = attribute_direct(&doc, d, &cues, &sources, &quotes_in_order) {
            quotes_in_order.push(q);
        }
    }
    quotes_in_order.extend(reported_iter);
    quotes_in_order.sort_by_key(|f| (f.bytes.start, std::cmp::Reverse(f.bytes.end)));
    quotes_in_order.dedup_by(|a, b| a.bytes == b.bytes);
    let quotes = quotes_in_order
        .into_iter()
        .map(|f| f.into_quote(&doc))
        .collect();
    (quotes, doc)
}

/// A quote before conversion to the record: byte span, source and cue.
#[derive(Debug, Clone)]
struct Found {
    bytes: Range<usize>,
    paragraph: u32,
    source: Option<Source>,
    cue: Option<String>,
}

impl Found {
    fn into_quote(self, doc: &Doc) -> Quote {
        let (speaker, speaker_id, anonymous) = match self.source {
            Some(s) => (s.name, s.id, s.anonymous),
            None => (None, None, false),
        };
        Quote {
            start: doc.index.char_of(self.bytes.start),
            end: doc.index.char_of(self.bytes.end),
            speaker,
            speaker_id,
            cue: self.cue,
            anonymous,
        }
    }
}

/// A direct quote with its token range.
struct Direct {
    open_byte: usize,
    content: Range<usize>,
    /// Tokens from the opening mark to the closing mark, both included.
    tokens: Range<usize>,
    words: usize,
    closed: bool,
    single: bool,
    starts_paragraph: bool,
    paragraph: u32,
}

impl Direct {
    fn new(doc: &mut Doc, m: &marks::Marked) -> Self {
        let first = doc.token_at(m.open);
        let last = doc.token_at(m.close);
        let words = (first..last).filter(|&i| doc.tokens[i].is_word()).count();
        for token in &mut doc.tokens[first..last] {
            token.quoted = true;
            token.long_quote = words >= 3;
        }
        let paragraph = doc.tokens.get(first).map_or(0, |t| t.paragraph);
        Direct {
            open_byte: m.open,
            content: m.content.clone(),
            tokens: first..last,
            words,
            closed: m.closed,
            single: m.single,
            starts_paragraph: m.starts_paragraph,
            paragraph,
        }
    }
}

fn bytes_of(doc: &Doc, tokens: &Range<usize>) -> Range<usize> {
    doc.tokens[tokens.start].start..doc.tokens[tokens.end - 1].end
}

/// The reported-speech quote of a cue: its content, when the content has words of its own
/// (not only a direct quote, which is attributed separately) and states something (not an
/// indirect question, not a bare "a statement").
fn reported(doc: &Doc, cue: &Cue, source: Option<&Source>) -> Option<Found> {
    let content = cue.content.clone()?;
    source?;
    let words: Vec<usize> = content
        .clone()
        .filter(|&i| doc.tokens[i].is_word())
        .collect();
    let own = words.iter().filter(|&&i| !doc.tokens[i].quoted).count();
    if own < 1 || words.len() < 2 {
        return None;
    }
    let first = doc.lower(words[0]);
    if lexicon::question_word(first) && !doc.tokens[words[0]].quoted {
        return None;
    }
    // "which he said had been planned": the report's subject is outside it.
    if !doc.tokens[words[0]].quoted
        && !doc.tokens[words[0]].has_upper
        && matches!(
            first,
            "had"
                | "has"
                | "have"
                | "was"
                | "were"
                | "is"
                | "are"
                | "would"
                | "will"
                | "could"
                | "can"
                | "did"
                | "does"
        )
    {
        return None;
    }
    // A quotation with a few linking words ("“…,” being supported by “…”") is reported by
    // its direct quotes alone.
    if doc.tokens[content.start].quoted && own < 4 {
        return None;
    }
    let quotes_inside = content.clone().any(|i| doc.tokens[i].quoted);
    // "posted a statement on his page" reports nothing; "said the report had not been
    // treated as urgent" does: the noun is the subject of a verb right after it.
    if lexicon::determiner(first)
        && !quotes_inside
        && words.len() > 1
        && (lexicon::document_noun(doc.lower(words[1]))
            || lexicon::reporting_noun(doc.lower(words[1])))
        && !doc.tokens[words[1]].quoted
        && !words[2..]
            .iter()
            .take(2)
            .any(|&i| lexicon::verbish(doc.lower(i)))
    {
        return None;
    }
    Some(Found {
        bytes: bytes_of(doc, &content),
        paragraph: doc.tokens[content.start].paragraph,
        source: source.cloned(),
        cue: Some(cue_text(doc, &cue.phrase)),
    })
}

/// The cue as written, its first word in lower case ("According to" -> "according to"; a
/// name in the addressee keeps its capitals: "told RT").
fn cue_text(doc: &Doc, phrase: &Range<usize>) -> String {
    let text = doc.span_text(phrase.start, phrase.end);
    let first = doc.word(phrase.start);
    format!("{}{}", doc.lower(phrase.start), &text[first.len()..])
}

/// Paragraphs introduced by a cue ending the previous paragraph ("…, saying:", "According to
/// an article on the website") or by a closing phrase ("… in this way"), when they do not open
/// with a quotation mark themselves.
fn block_quotes(
    doc: &Doc,
    names: &Names,
    context: &Context,
    cues: &[Cue],
    sources: &[Option<Source>],
) -> Vec<Found> {
    let mut out = Vec::new();
    for p in 1..doc.paragraph_tokens.len() {
        let tokens = doc.paragraph_tokens[p].clone();
        if tokens.is_empty() || doc.tokens[tokens.start].quoted {
            continue;
        }
        let words = tokens.clone().filter(|&i| doc.tokens[i].is_word()).count();
        if words < MIN_WORDS_BLOCK {
            continue;
        }
        let previous = doc.paragraph_tokens[p - 1].clone();
        if previous.is_empty() {
            continue;
        }
        let intro = cues
            .iter()
            .zip(sources)
            .rev()
            .find(|(c, _)| previous.contains(&c.phrase.start))
            .filter(|(c, _)| c.intro);
        let (source, cue) = match intro {
            Some((cue, Some(source))) => (source.clone(), cue_text(doc, &cue.phrase)),
            _ => match intro_phrase(doc, names, context, previous) {
                Some(found) => found,
                None => continue,
            },
        };
        out.push(Found {
            bytes: doc.paragraphs[p].clone(),
            paragraph: p as u32,
            source: Some(source),
            cue: Some(cue),
        });
    }
    // Paragraph spans in the record never start or end with spaces, but trim anyway.
    for f in &mut out {
        let s = &doc.text[f.bytes.clone()];
        let lead = s.len() - s.trim_start().len();
        f.bytes = f.bytes.start + lead..f.bytes.start + s.trim_end().len();
    }
    out
}

/// A paragraph ending without punctuation on "… spoke about X in this way": the speaker is the
/// name before the verb of speaking.
fn intro_phrase(
    doc: &Doc,
    names: &Names,
    context: &Context,
    paragraph: Range<usize>,
) -> Option<(Source, String)> {
    let last = paragraph.end - 1;
    if !doc.tokens[last].is_word() {
        return None;
    }
    let words: Vec<&str> = (paragraph.start..paragraph.end)
        .rev()
        .take(3)
        .map(|i| doc.lower(i))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let matches = lexicon::INTRO_PHRASES
        .iter()
        .any(|phrase| words.ends_with(phrase));
    if !matches {
        return None;
    }
    let sentence = doc.sentence_of(last);
    let verb = (sentence.start..sentence.end).find(|&i| {
        doc.is(
            i,
            &[
                "spoke",
                "wrote",
                "put",
                "described",
                "explained",
                "summed",
                "talked",
                "said",
                "addressed",
                "speaks",
                "writes",
                "puts",
            ],
        )
    })?;
    let source = speaker::analyse(
        doc,
        names,
        context,
        sentence.start..verb,
        sentence.start..verb,
    )?;
    source.name.as_ref()?;
    Some((source, doc.lower(verb).to_string()))
}

/// Attributes a direct quote: the cue right after it, the cue whose report holds it, a cue
/// introducing its paragraph, or the previous quote it continues.
fn attribute_direct(
    doc: &Doc,
    d: &Direct,
    cues: &[Cue],
    sources: &[Option<Source>],
    before: &[Found],
) -> Option<Found> {
    if d.tokens.is_empty() {
        return None;
    }
    let open = d.tokens.start;
    let close = d.tokens.end; // first token after the closing mark
    let make = |source: Option<Source>, cue: Option<String>| Found {
        bytes: d.content.clone(),
        paragraph: d.paragraph,
        source,
        cue,
    };
    let phrase = |c: &Cue| cue_text(doc, &c.phrase);

    // 1. `"…," the official said` / `"…," said the commander`.
    let tail = cues.iter().zip(sources).find(|(c, s)| {
        if !c.after_quote || s.is_none() {
            return false;
        }
        let lead = c.speaker.start.min(c.phrase.start);
        let mut j = lead;
        while j > close && !doc.tokens[j - 1].is_word() && !doc.tokens[j - 1].quoted {
            j -= 1;
        }
        j == close
    });
    // 2. `said: "…"`, `told RT that "…"`, `He posted "…"`, `"At least 10" fighters were
    // captured, X claims`, `C, Hunter said, but "…"`: the cue whose report holds the quote,
    // the nearest before it first.
    let head = || {
        let holds = |c: &Cue| {
            doc.tokens[c.phrase.start].paragraph == d.paragraph
                && (c.continues == Some(open)
                    || c.content.as_ref().is_some_and(|content| {
                        content.start <= open && open < content.end.max(content.start + 1)
                    }))
        };
        cues.iter()
            .zip(sources)
            .rev()
            .find(|(c, s)| s.is_some() && c.phrase.end <= open && holds(c))
            .or_else(|| {
                cues.iter()
                    .zip(sources)
                    .find(|(c, s)| s.is_some() && c.phrase.start >= close && holds(c))
            })
    };
    // 3. A cue ending the previous paragraph with a colon.
    let intro = || {
        if !d.starts_paragraph || d.paragraph == 0 {
            return None;
        }
        cues.iter()
            .zip(sources)
            .rev()
            .find(|(c, _)| doc.tokens[c.phrase.start].paragraph + 1 == d.paragraph)
            .filter(|(c, s)| c.intro && s.is_some())
    };
    if let Some((cue, source)) = tail.or_else(head).or_else(intro) {
        if d.words >= MIN_WORDS_ATTRIBUTED {
            return Some(make(source.clone(), Some(phrase(cue))));
        }
        return None;
    }
    if d.single {
        return None;
    }
    // 4. The quote before it, in this paragraph or, when this one opens the paragraph, in the
    // previous one.
    let previous = before.iter().rev().find(|q| q.bytes.end <= d.open_byte);
    let opens_sentence = d.starts_paragraph
        || open == 0
        || doc.tokens[open - 1].quoted
        || matches!(doc.tokens[open - 1].punct(), Some('.' | '!' | '?' | ':'));
    if let (Some(prev), true) = (previous, opens_sentence) {
        let near = prev.paragraph == d.paragraph
            || (d.starts_paragraph && prev.paragraph + 1 == d.paragraph);
        if near
            && prev.source.as_ref().is_some_and(|s| s.name.is_some())
            && d.words >= MIN_WORDS_CONTINUED
        {
            return Some(make(prev.source.clone(), None));
        }
    }
    if d.closed && d.words >= MIN_WORDS_UNATTRIBUTED {
        return Some(make(None, None));
    }
    None
}

#[cfg(test)]
mod tests;
