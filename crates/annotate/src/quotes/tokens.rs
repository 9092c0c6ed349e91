//! A light word tokenizer with byte offsets, and the per-article view the attribution rules
//! read: tokens with their sentence, paragraph and lower-cased form, entity mentions as byte
//! ranges, and which tokens lie inside direct quotes.

use std::ops::Range;

use parallax_core::{Article, CharIndex, EntityType};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits, with inner hyphens, apostrophes and dots ("al-Assad", "U.S", "1.7bn").
    Word,
    /// Any other single non-space character.
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The word starts with an upper-case letter.
    pub capitalised: bool,
    /// The word has an upper-case letter anywhere ("al-Assad", "McCain").
    pub has_upper: bool,
    /// Range of the lower-cased form in [`Doc::lower`].
    lower: Range<u32>,
    pub sentence: u32,
    pub paragraph: u32,
    /// Inside a direct quote, marks included (set once quotes are found).
    pub quoted: bool,
    /// Inside a direct quote of three words or more: a clause boundary for the cue rules,
    /// where a quoted term ("the “anti-ISIS” coalition") is not.
    pub long_quote: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    pub fn punct(&self) -> Option<char> {
        match self.kind {
            Kind::Punct(c) => Some(c),
            Kind::Word => None,
        }
    }
}

/// An entity mention in bytes.
#[derive(Debug, Clone)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub id: String,
}

/// The article as the attribution rules see it. All offsets are bytes into `text`.
pub struct Doc<'a> {
    pub text: &'a str,
    pub index: CharIndex,
    pub tokens: Vec<Token>,
    lower: String,
    pub paragraphs: Vec<Range<usize>>,
    /// Token range of each sentence.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Token range of each paragraph.
    pub paragraph_tokens: Vec<Range<usize>>,
    pub entities: Vec<Entity>,
}

impl<'a> Doc<'a> {
    /// Builds the view from the layers of an article (sentences and paragraphs are recomputed
    /// when the article lacks them, so the rules work on a bare text too).
    pub fn new(article: &'a Article) -> Self {
        let text = article.text.as_str();
        let index = CharIndex::new(text);
        let to_bytes = |start: usize, end: usize| index.byte_of(start)..index.byte_of(end);
        let paragraphs: Vec<Range<usize>> = if article.paragraphs.is_empty() {
            split_paragraphs(text)
        } else {
            article
                .paragraphs
                .iter()
                .map(|p| to_bytes(p.start, p.end))
                .collect()
        };
        let sentences: Vec<Range<usize>> = if article.sentences.is_empty() {
            crate::sentences::split(text)
        } else {
            article
                .sentences
                .iter()
                .map(|s| to_bytes(s.start, s.end))
                .collect()
        };
        let mut entities: Vec<Entity> = article
            .entities
            .iter()
            .map(|e| {
                let r = to_bytes(e.start, e.end);
                Entity {
                    start: r.start,
                    end: r.end,
                    entity_type: e.entity_type,
                    id: e.id.clone(),
                }
            })
            .filter(|e| e.start < e.end)
            .collect();
        entities.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
        let (mut tokens, lower) = tokenize(text);
        let sentence_tokens = assign(&mut tokens, &sentences, |t, i| t.sentence = i);
        let paragraph_tokens = assign(&mut tokens, &paragraphs, |t, i| t.paragraph = i);
        Doc {
            text,
            index,
            tokens,
            lower,
            paragraphs,
            sentence_tokens,
            paragraph_tokens,
            entities,
        }
    }

    /// Unmarks every token as inside a direct quote (as [`Doc::new`] leaves them).
    pub fn clear_quote_marks(&mut self) {
        for token in &mut self.tokens {
            token.quoted = false;
            token.long_quote = false;
        }
    }

    /// The lower-cased form of a token.
    pub fn lower(&self, i: usize) -> &str {
        let r = &self.tokens[i].lower;
        &self.lower[r.start as usize..r.end as usize]
    }

    /// The token's text as written.
    pub fn word(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    /// Whether token `i` exists and its lower-cased form is one of `words`.
    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        i < self.tokens.len() && words.contains(&self.lower(i))
    }

    /// The text from the start of token `from` to the end of token `to - 1`.
    pub fn span_text(&self, from: usize, to: usize) -> &'a str {
        if from >= to {
            return "";
        }
        &self.text[self.tokens[from].start..self.tokens[to - 1].end]
    }

    /// The first token at or after byte `byte`.
    pub fn token_at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }

    /// The sentence holding token `i`, as a token range.
    pub fn sentence_of(&self, i: usize) -> Range<usize> {
        self.sentence_tokens
            .get(self.tokens[i].sentence as usize)
            .cloned()
            .unwrap_or(i..i + 1)
    }
}

/// Paragraphs as blank-line separated blocks, for articles without a paragraph layer.
fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices("\n\n") {
        if text[start..at].trim().is_empty() {
            start = at + 2;
            continue;
        }
        out.push(start..at);
        start = at + 2;
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

/// Gives every token the index of the range that holds its start (ranges are sorted and do not
/// overlap); returns each range's token range. Tokens between ranges join the previous one.
fn assign(
    tokens: &mut [Token],
    ranges: &[Range<usize>],
    mut set: impl FnMut(&mut Token, u32),
) -> Vec<Range<usize>> {
    let mut out = vec![0..0; ranges.len()];
    let mut r = 0;
    for (i, token) in tokens.iter_mut().enumerate() {
        while r + 1 < ranges.len() && ranges[r + 1].start <= token.start {
            r += 1;
        }
        if ranges.is_empty() {
            break;
        }
        set(token, r as u32);
        if out[r].is_empty() {
            out[r] = i..i + 1;
        } else {
            out[r].end = i + 1;
        }
    }
    // Ranges without tokens keep an empty range at the right place.
    let mut next = 0;
    for range in out.iter_mut() {
        if std::ops::Range::is_empty(range) {
            *range = next..next;
        } else {
            next = range.end;
        }
    }
    out
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '‑')
}

/// The character at byte `i` of `text` (a character boundary) and its length in bytes: an
/// ASCII byte directly, without the decoder (most of news text is ASCII).
#[inline(always)]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().expect("a character boundary");
        (c, c.len_utf8())
    }
}

/// Splits text into words and punctuation, with a lower-cased copy of every token.
fn tokenize(text: &str) -> (Vec<Token>, String) {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut lower = String::with_capacity(text.len());
    let mut start = 0;
    while start < bytes.len() {
        let (c, len) = char_at(text, start);
        if c.is_whitespace() {
            start += len;
            continue;
        }
        if !c.is_alphanumeric() {
            push(
                &mut tokens,
                &mut lower,
                text,
                start,
                start + len,
                Kind::Punct(c),
            );
            start += len;
            continue;
        }
        let mut end = start + len;
        let mut prev_digit = c.is_ascii_digit();
        while end < bytes.len() {
            // A run of ASCII letters and digits first, byte by byte.
            let run = bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if run > 0 {
                end += run;
                prev_digit = bytes[end - 1].is_ascii_digit();
                continue;
            }
            let (next, next_len) = char_at(text, end);
            if next.is_alphanumeric() {
                prev_digit = next.is_ascii_digit();
                end += next_len;
                continue;
            }
            // A joiner (or a digit separator) stays inside the word when a letter or digit
            // follows it directly.
            let joins = is_joiner(next) || (prev_digit && matches!(next, ',' | ':'));
            let after = text[end + next_len..].chars().next();
            if joins && after.is_some_and(|a| a.is_alphanumeric()) {
                if next == ',' && !three_digits(&text[end + 1..]) {
                    break;
                }
                end += next_len;
                continue;
            }
            break;
        }
        // A possessive 's is a token of its own, so "authority's" reads as a name plus 's.
        let word = &text[start..end];
        let possessive = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| word.len() > p.len() + 1 && word.ends_with(*p));
        match possessive {
            Some(p) => {
                let split = end - p.len();
                push(&mut tokens, &mut lower, text, start, split, Kind::Word);
                push(&mut tokens, &mut lower, text, split, end, Kind::Word);
            }
            None => push(&mut tokens, &mut lower, text, start, end, Kind::Word),
        }
        start = end;
    }
    (tokens, lower)
}

fn three_digits(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits == 3
}

fn push(
    tokens: &mut Vec<Token>,
    lower: &mut String,
    text: &str,
    start: usize,
    end: usize,
    kind: Kind,
) {
    let word = &text[start..end];
    let from = lower.len() as u32;
    let (capitalised, has_upper);
    if word.is_ascii() {
        // Copied whole, then lower-cased in place (ASCII lower-cases byte for byte).
        lower.push_str(word);
        lower[from as usize..].make_ascii_lowercase();
        let bytes = word.as_bytes();
        capitalised = kind == Kind::Word && bytes.first().is_some_and(u8::is_ascii_uppercase);
        has_upper = kind == Kind::Word && bytes.iter().any(u8::is_ascii_uppercase);
    } else {
        // Curly apostrophes read as straight ones, so one lexicon entry serves both.
        for c in word.chars() {
            if c == '’' {
                lower.push('\'');
            } else {
                lower.extend(c.to_lowercase());
            }
        }
        capitalised = kind == Kind::Word && word.chars().next().is_some_and(char::is_uppercase);
        has_upper = kind == Kind::Word && word.chars().any(char::is_uppercase);
    }
    tokens.push(Token {
        start,
        end,
        kind,
        capitalised,
        has_upper,
        lower: from..lower.len() as u32,
        sentence: 0,
        paragraph: 0,
        quoted: false,
        long_quote: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let (tokens, _) = tokenize(text);
        tokens
            .iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect()
    }

    #[test]
    fn words_keep_inner_joiners_and_split_possessives() {
        assert_eq!(
            words("The U.S. backed al-Assad's 120,000 men at 11:25, Harmaq’s \"end\"."),
            vec![
                "The", "U.S", ".", "backed", "al-Assad", "'s", "120,000", "men", "at", "11:25",
                ",", "Harmaq", "’s", "\"", "end", "\"", "."
            ]
        );
    }

    #[test]
    fn lower_forms_normalise_apostrophes() {
        let article = parallax_core::Article::from_paragraphs(
            "x".into(),
            parallax_core::InputInfo {
                path: None,
                url: None,
                format: parallax_core::InputFormat::Text,
            },
            &["Don’t SAY it.", "Second paragraph here."],
        );
        let doc = Doc::new(&article);
        assert_eq!(doc.lower(0), "don't");
        assert_eq!(doc.lower(1), "say");
        assert_eq!(doc.tokens[4].paragraph, 1);
        assert_eq!(doc.paragraph_tokens, vec![0..4, 4..8]);
    }
}
