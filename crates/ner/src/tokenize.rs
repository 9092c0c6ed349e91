//! A news-text tokenizer with byte offsets, close to the CoNLL-2003 (Reuters) tokenisation.
//!
//! Whitespace separates chunks; each chunk is then split into words and punctuation:
//! opening quotes and brackets and currency signs come off the front; closing punctuation,
//! quotes and brackets come off the back; clitics come off as their own tokens (`'s`, `n't`,
//! `'re`, `'ve`, `'ll`, `'d`, `'m`, and the bare `'` of plural possessives); dashes, ellipses
//! and word/word slashes split inside a chunk. Hyphenated words (`German-based`), numbers
//! (`17,000`, `3.5`, `1996-08-22`), abbreviations (`U.S.`, `Inc.`, `a.m.`, `M.`) and URLs stay
//! whole. Works on any Unicode text; unknown scripts simply give fewer, longer tokens.

use std::ops::Range;

/// A token: a byte range into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn text<'t>(&self, source: &'t str) -> &'t str {
        &source[self.start..self.end]
    }
}

/// Tokenizes a whole text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0..text.len(), &mut out);
    out
}

/// Tokenizes `text[range]`, appending tokens (with offsets into `text`) to `out`. A range
/// that is out of bounds or not on character boundaries is clamped to the nearest valid one.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let start = floor_boundary(text, range.start.min(text.len()));
    let end = floor_boundary(text, range.end.min(text.len())).max(start);
    let slice = &text[start..end];
    let mut chunk_start: Option<usize> = None;
    let mut first = true;
    let mut back = Vec::new();
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() || c == '\u{200b}' {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, start + s, start + i, first, out, &mut back);
                first = false;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, start + s, end, first, out, &mut back);
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Characters split off the front of a chunk, one token each.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '('
            | '['
            | '{'
            | '<'
            | '$'
            | '€'
            | '£'
            | '¥'
            | '¿'
            | '¡'
            | '*'
            | '#'
            | '•'
            | '·'
            | '|'
            | '~'
            | '>'
            | '…'
    )
}

/// Characters split off the back of a chunk, one token each (`.` is handled separately).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '*'
            | '|'
            | '…'
            | '“'
            | '‘'
            | '<'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// Abbreviations that keep their final period (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "col", "lt",
    "sgt", "capt", "maj", "cmdr", "adm", "rev", "hon", "pres", "inc", "corp", "ltd", "co", "bros",
    "plc", "cie", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "vs", "etc", "no", "nos", "vol",
    "approx", "dept", "univ", "ave", "blvd", "mt", "ft", "fig", "est", "al", "pct", "mln", "bln",
    "cf", "ca", "op", "ed", "eds", "govt", "assn", "intl", "natl", "messrs",
];

fn is_abbreviation(word_with_period: &str) -> bool {
    let body = &word_with_period[..word_with_period.len() - 1];
    if body.is_empty() {
        return false;
    }
    // Letter-period sequences: U.S., a.m., U.N., and single initials (M.).
    let mut chars = body.chars().peekable();
    let mut pattern = true;
    let mut letters = 0;
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            letters += 1;
            match chars.peek() {
                Some('.') => {
                    chars.next();
                }
                None => {}
                Some(_) => {
                    pattern = false;
                    break;
                }
            }
        } else {
            pattern = false;
            break;
        }
    }
    if pattern && letters >= 1 && (letters == 1 || body.contains('.')) {
        return true;
    }
    if body.len() <= 8 && body.chars().all(|c| c.is_ascii_alphabetic()) {
        let lower = body.to_ascii_lowercase();
        return ABBREVIATIONS.contains(&lower.as_str());
    }
    false
}

/// Clitics split off the end of a word (lowercase; both apostrophe forms are accepted).
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Length in bytes of a clitic at the end of `word`, if any (with a word before it).
fn clitic_len(word: &str) -> Option<usize> {
    if word.is_ascii() {
        // The same test without the lower-cased copy (most words are ASCII, and ASCII
        // lower-cases byte for byte, with no curly apostrophe to straighten).
        let lower = |b: &u8| b.to_ascii_lowercase();
        return CLITICS.iter().find_map(|clitic| {
            let head_len = word.len().checked_sub(clitic.len()).filter(|&n| n > 0)?;
            let (head, tail) = word.as_bytes().split_at(head_len);
            let same = tail.iter().map(lower).eq(clitic.bytes());
            (same && head.last().is_some_and(u8::is_ascii_alphabetic)).then_some(clitic.len())
        });
    }
    clitic_len_any(word)
}

/// [`clitic_len`] of any word, through a lower-cased copy with straight apostrophes.
fn clitic_len_any(word: &str) -> Option<usize> {
    let normalized: String = word
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    let lower = normalized.to_lowercase();
    for clitic in CLITICS {
        if lower.len() > clitic.len() && lower.ends_with(clitic) {
            let head = &lower[..lower.len() - clitic.len()];
            if !head.chars().last().is_some_and(|c| c.is_alphabetic()) {
                continue;
            }
            // Byte length of the clitic in the original spelling (’ is 3 bytes, ' is 1).
            let char_count = clitic.chars().count();
            let len: usize = word
                .chars()
                .rev()
                .take(char_count)
                .map(char::len_utf8)
                .sum();
            return Some(len);
        }
    }
    None
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://") || s.starts_with("www.") || (s.contains('@') && s.contains('.'))
}

/// Splits one whitespace-free chunk; `first` says it opens the tokenized range (where `1.`
/// is a list number, not a number ending a sentence). `back` is scratch space.
fn split_chunk(
    text: &str,
    mut start: usize,
    mut end: usize,
    first: bool,
    out: &mut Vec<Token>,
    back: &mut Vec<Token>,
) {
    // Front: opening punctuation, one character at a time (a run of dashes is one token),
    // straight into `out`.
    while start < end {
        let s = &text[start..end];
        let c = s.chars().next().expect("non-empty");
        if s.starts_with("--") || is_dash(c) {
            let len = dash_run(s);
            out.push(Token {
                start,
                end: start + len,
            });
            start += len;
        } else if s.starts_with("...") {
            let len = s.bytes().take_while(|&b| b == b'.').count();
            out.push(Token {
                start,
                end: start + len,
            });
            start += len;
        } else if is_opening(c) && !(c == '\'' && starts_clitic(&s[1..])) {
            out.push(Token {
                start,
                end: start + c.len_utf8(),
            });
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Back: closing punctuation, periods that end sentences, clitics.
    back.clear();
    while start < end {
        let s = &text[start..end];
        let c = s.chars().next_back().expect("non-empty");
        if s.ends_with("--") || is_dash(c) {
            let len: usize = s
                .chars()
                .rev()
                .take_while(|&c| c == '-' || is_dash(c))
                .map(char::len_utf8)
                .sum();
            back.push(Token {
                start: end - len,
                end,
            });
            end -= len;
        } else if s.ends_with("...") {
            let len = s.bytes().rev().take_while(|&b| b == b'.').count();
            back.push(Token {
                start: end - len,
                end,
            });
            end -= len;
        } else if c == '.' {
            let list_number = first
                && s.len() <= 4
                && s.len() >= 2
                && s[..s.len() - 1].bytes().all(|b| b.is_ascii_digit());
            if is_abbreviation(s) || list_number {
                break;
            }
            back.push(Token {
                start: end - 1,
                end,
            });
            end -= 1;
        } else if (c == '\'' || c == '’') && s.len() > c.len_utf8() {
            let head = &s[..s.len() - c.len_utf8()];
            let plural_possessive = head.ends_with('s') || head.ends_with('S');
            if plural_possessive
                || !head.contains(c)
                || head
                    .chars()
                    .next_back()
                    .is_some_and(|h| !h.is_alphanumeric())
            {
                back.push(Token {
                    start: end - c.len_utf8(),
                    end,
                });
                end -= c.len_utf8();
            } else {
                break;
            }
        } else if is_closing(c) {
            back.push(Token {
                start: end - c.len_utf8(),
                end,
            });
            end -= c.len_utf8();
        } else if let Some(len) = clitic_len(s) {
            back.push(Token {
                start: end - len,
                end,
            });
            end -= len;
            // A clitic ends the stripping: "don't." was handled by the period above.
            break;
        } else {
            break;
        }
    }
    if start < end {
        split_middle(text, start, end, out);
    }
    out.extend(back.drain(..).rev());
}

fn starts_clitic(rest: &str) -> bool {
    let lower = rest.to_lowercase();
    ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| lower == *c)
}

fn dash_run(s: &str) -> usize {
    s.chars()
        .take_while(|&c| c == '-' || is_dash(c))
        .map(char::len_utf8)
        .sum()
}

/// Splits the core of a chunk at dashes, ellipses, word/word slashes and non-numeric commas.
fn split_middle(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    if looks_like_url(s) {
        out.push(Token { start, end });
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut piece_start = 0usize;
    let mut i = 0usize;
    let emit = |a: usize, b: usize, out: &mut Vec<Token>| {
        if a < b {
            out.push(Token {
                start: start + a,
                end: start + b,
            });
        }
    };
    while i < chars.len() {
        let (offset, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let separator_len = if is_dash(c)
            && !(prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())
                && c == '–')
        {
            Some(
                s[offset..]
                    .chars()
                    .take_while(|&d| d == '-' || is_dash(d))
                    .map(char::len_utf8)
                    .sum::<usize>(),
            )
        } else if c == '-' && next == Some('-') {
            Some(dash_run(&s[offset..]))
        } else if c == '.' && s[offset..].starts_with("...") {
            Some(s[offset..].bytes().take_while(|&b| b == b'.').count())
        } else if c == '…'
            || (matches!(c, '/' | ',' | ';' | '"' | '“' | '”' | '(' | ')')
                && prev.is_some_and(|p| p.is_alphabetic())
                && next.is_some_and(|n| n.is_alphabetic()))
        {
            Some(c.len_utf8())
        } else {
            None
        };
        match separator_len {
            Some(len) => {
                emit(piece_start, offset, out);
                emit(offset, offset + len, out);
                piece_start = offset + len;
                while i < chars.len() && chars[i].0 < piece_start {
                    i += 1;
                }
            }
            None => i += 1,
        }
    }
    emit(piece_start, s.len(), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn clitics_of_ascii_words_as_of_any_word() {
        for word in [
            "don't",
            "DON'T",
            "it's",
            "'s",
            "s",
            "n't",
            "xn't",
            "isn't",
            "we'll",
            "I'd",
            "I'M",
            "a'd",
            "1's",
            "x's",
            "they're",
            "Can'T",
            "'ve",
            "I've",
            "o'",
            "rock'n'roll",
            "",
        ] {
            assert_eq!(clitic_len(word), clitic_len_any(word), "{word:?}");
        }
    }

    #[test]
    fn splits_news_punctuation_like_conll() {
        assert_eq!(
            words(
                "The U.S. envoy said: \"It's over,\" adding (quietly) that $17,000 was 3.5% of it."
            ),
            vec![
                "The", "U.S.", "envoy", "said", ":", "\"", "It", "'s", "over", ",", "\"", "adding",
                "(", "quietly", ")", "that", "$", "17,000", "was", "3.5", "%", "of", "it", "."
            ]
        );
        assert_eq!(
            words("Acme Inc. don't cut German-based players' wages -- Mr. Smith at 9 a.m. on 1996-08-22."),
            vec![
                "Acme", "Inc.", "do", "n't", "cut", "German-based", "players", "'", "wages", "--",
                "Mr.", "Smith", "at", "9", "a.m.", "on", "1996-08-22", "."
            ]
        );
        assert_eq!(
            words("sales rose yr/yr—again..."),
            vec!["sales", "rose", "yr", "/", "yr", "—", "again", "..."]
        );
        assert_eq!(words("John F. Kennedy"), vec!["John", "F.", "Kennedy"]);
        // A number opening the range is a list number; elsewhere its period ends a sentence.
        assert_eq!(
            words("1. Smith won in 1996."),
            vec!["1.", "Smith", "won", "in", "1996", "."]
        );
    }

    #[test]
    fn offsets_are_byte_ranges_into_unicode_text() {
        let text = "«Zürich’s» mayor — “Ça va” — visited Deir ez-Zor’s market.";
        let tokens = tokenize(text);
        let got: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            got,
            vec![
                "«", "Zürich", "’s", "»", "mayor", "—", "“", "Ça", "va", "”", "—", "visited",
                "Deir", "ez-Zor", "’s", "market", "."
            ]
        );
        for pair in tokens.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    #[test]
    fn ranges_and_odd_input_never_panic() {
        let text = "日本語のテキスト。 Привет, мир! 'tis '96 ''' ... -- — ";
        let all = tokenize(text);
        assert!(!all.is_empty());
        let mut out = Vec::new();
        // A range cutting through a multi-byte character is clamped.
        tokenize_into(text, 1..text.len() + 10, &mut out);
        for t in &out {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
        assert!(tokenize("").is_empty());
        assert!(tokenize("   \n\t").is_empty());
    }
}
