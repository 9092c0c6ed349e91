//! Tokens for persuasion analysis: words, numbers and punctuation with byte offsets, each
//! carrying hashes of its lowercase form and of a crude stem, so every later feature is built
//! from integers without allocating strings.

use std::ops::Range;

use parallax_learn::hashing::mix64;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
}

/// Token flags (bit set).
pub mod flag {
    /// The first character is uppercase.
    pub const CAPITALIZED: u8 = 1;
    /// Two or more letters, all uppercase ("NATO", "SHOCKING").
    pub const ALL_CAPS: u8 = 2;
    /// An opening or closing quotation mark.
    pub const QUOTE_MARK: u8 = 4;
    /// Inside a pair of quotation marks of the same sentence.
    pub const QUOTED: u8 = 8;
    /// Looks like a superlative adjective ("deadliest").
    pub const SUPERLATIVE: u8 = 16;
}

/// One token: a byte range of the text and hashes of its normalised forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// Hash of the lowercase form (numbers share one hash per digit shape).
    pub word: u64,
    /// Hash of the lowercase form with common English inflections removed.
    pub stem: u64,
    /// Hash of the last three characters of a longer word (0 otherwise).
    pub suffix: u64,
    pub kind: Kind,
    pub flags: u8,
    /// For punctuation, the character itself.
    pub punct: char,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }
    pub fn is(&self, f: u8) -> bool {
        self.flags & f != 0
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// Hash of a lowercase string, as [`Token::word`] computes it (lexicons use this).
pub fn word_hash(lowercase: &str) -> u64 {
    let mut h = Fnv::new();
    for c in lowercase.chars() {
        h.char(normalize_char(c));
    }
    h.finish()
}

/// Hash of the last three characters of a word, as [`Token::suffix`] computes it.
pub fn suffix_hash(tail: &str) -> u64 {
    mix64(fnv_str(tail) ^ 0x5355_4646)
}

/// Hash of a stem, as [`Token::stem`] computes it.
pub fn stem_hash(lowercase: &str) -> u64 {
    if lowercase.chars().any(|c| normalize_char(c) != c) {
        let normal: String = lowercase.chars().map(normalize_char).collect();
        return stem_hash_normalized(&normal);
    }
    stem_hash_normalized(lowercase)
}

/// [`stem_hash`] of a string already normalised (lowercase, straight apostrophes).
fn stem_hash_normalized(normal: &str) -> u64 {
    mix64(fnv_str(stem(normal)) ^ 0x5354_454d)
}

/// FNV-1a of a string's bytes, mixed (equal to [`word_hash`] of a normalised string).
#[inline]
fn fnv_str(s: &str) -> u64 {
    let mut h = Fnv::new();
    h.bytes(s.as_bytes());
    h.finish()
}

/// The form a token is hashed under: lowercase, curly apostrophes straightened, digits of
/// numbers as `0` (so `word_hash(&normalized(t))` equals `t.word`).
pub fn normalized(token_text: &str, kind: Kind) -> String {
    token_text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match kind {
            Kind::Number if c.is_ascii_digit() => '0',
            _ => normalize_char(c),
        })
        .collect()
}

fn normalize_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' => '\'',
        _ => c,
    }
}

/// Removes common English inflections so "destroyed", "destroys", "destroying" meet.
pub fn stem(word: &str) -> &str {
    let n = word.len();
    if n <= 4 || !word.is_ascii() {
        return word;
    }
    // Every suffix below ends in one of these letters: most words end in none of them.
    if !matches!(word.as_bytes()[n - 1], b's' | b'd' | b'g' | b'y') {
        return word;
    }
    for suffix in [
        "ingly", "edly", "ings", "ing", "ied", "ies", "ed", "ly", "s",
    ] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() < 3 {
                continue;
            }
            // "crisis", "bonus", "glass" are not plurals.
            if suffix == "s" && (base.ends_with('s') || base.ends_with('u') || base.ends_with('i'))
            {
                return word;
            }
            return base;
        }
    }
    word
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    #[inline]
    fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes());
    }
    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        mix64(self.0)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Appends the lowercase form of `c`: for ASCII (most characters of news text) one byte,
/// without the general case's iterator and per-character capacity checks.
#[inline]
fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The character at byte `i` of `text` (a character boundary) and its length in bytes: an
/// ASCII byte directly, without the decoder.
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

/// Tokenizes `text[range]`, appending to `out` (offsets are into `text`). Words are runs of
/// letters and digits, joined across an inner apostrophe or hyphen ("don't", "anti-war");
/// every other visible character is a punctuation token of its own.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let first = out.len();
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let base = range.start;
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let (c, c_len) = char_at(slice, i);
        if c.is_whitespace() {
            i += c_len;
            continue;
        }
        if !is_word_char(c) {
            let mut flags = 0;
            if is_quote(c) {
                flags |= flag::QUOTE_MARK;
            }
            let mut h = Fnv::new();
            h.char(normalize_char(c));
            let hash = h.finish();
            out.push(Token {
                start: (base + i) as u32,
                end: (base + i + c_len) as u32,
                word: hash,
                stem: hash,
                suffix: 0,
                kind: Kind::Punct,
                flags,
                punct: c,
            });
            i += c_len;
            continue;
        }
        // A word or number: extend over word characters and inner joiners, from `c` on.
        let mut end = i;
        let mut letters = 0usize;
        let mut uppers = 0usize;
        let mut digits = 0usize;
        lower.clear();
        loop {
            // A run of ASCII letters and digits (most of a word) at once.
            let mut run_end = end;
            while let Some(&b) = bytes.get(run_end) {
                if b.is_ascii_lowercase() {
                    letters += 1;
                } else if b.is_ascii_uppercase() {
                    letters += 1;
                    uppers += 1;
                } else if b.is_ascii_digit() {
                    digits += 1;
                } else {
                    break;
                }
                run_end += 1;
            }
            if run_end > end {
                let from = lower.len();
                lower.push_str(&slice[end..run_end]);
                lower[from..].make_ascii_lowercase();
                end = run_end;
            }
            if end >= bytes.len() {
                break;
            }
            let (d, d_len) = char_at(slice, end);
            if is_word_char(d) {
                if d.is_alphabetic() {
                    letters += 1;
                    if d.is_uppercase() {
                        uppers += 1;
                    }
                } else if d.is_ascii_digit() {
                    digits += 1;
                }
                push_lowercase(&mut lower, d);
                end += d_len;
            } else if matches!(d, '\'' | '’' | '-')
                && slice[end + d_len..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char)
            {
                // Join only when a word character follows the joiner.
                lower.push(normalize_char(d));
                end += d_len;
            } else {
                break;
            }
        }
        let kind = if letters == 0 && digits > 0 {
            Kind::Number
        } else {
            Kind::Word
        };
        let mut flags = 0;
        if c.is_uppercase() {
            flags |= flag::CAPITALIZED;
        }
        if letters >= 2 && uppers == letters {
            flags |= flag::ALL_CAPS;
        }
        if kind == Kind::Word && crate::lexicon::looks_superlative(&lower) {
            flags |= flag::SUPERLATIVE;
        }
        let suffix = if kind == Kind::Word && lower.len() > 4 {
            // The last three characters.
            let at = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            if at > 0 {
                mix64(fnv_str(&lower[at..]) ^ 0x5355_4646)
            } else {
                0
            }
        } else {
            0
        };
        let (word, stem) = if kind == Kind::Number {
            let shape: String = lower
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            let h = word_hash(&shape);
            (h, h)
        } else {
            // `lower` is normalised already: word characters and straightened joiners.
            (fnv_str(&lower), stem_hash_normalized(&lower))
        };
        out.push(Token {
            start: (base + i) as u32,
            end: (base + end) as u32,
            word,
            stem,
            suffix,
            kind,
            flags,
            punct: '\0',
        });
        i = end;
    }
    mark_quoted(&mut out[first..]);
}

/// Flags the tokens between paired quotation marks of one sentence.
fn mark_quoted(tokens: &mut [Token]) {
    let mut open: Option<usize> = None;
    for i in 0..tokens.len() {
        if !tokens[i].is(flag::QUOTE_MARK) {
            continue;
        }
        let c = tokens[i].punct;
        match open {
            Some(o) if c != '“' && c != '«' && c != '„' => {
                for t in &mut tokens[o + 1..i] {
                    t.flags |= flag::QUOTED;
                }
                open = None;
            }
            _ => open = Some(i),
        }
    }
}

/// An analysed text: its tokens and, for each sentence, the range of its tokens.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub tokens: Vec<Token>,
    /// Token index ranges, one per sentence.
    pub sentences: Vec<Range<usize>>,
    /// Byte ranges of the sentences.
    pub sentence_bytes: Vec<Range<usize>>,
}

impl Doc {
    /// Tokenizes each sentence (byte ranges into `text`).
    pub fn new(text: &str, sentences: &[Range<usize>]) -> Doc {
        let mut doc = Doc {
            tokens: Vec::with_capacity(text.len() / 5),
            sentences: Vec::with_capacity(sentences.len()),
            sentence_bytes: Vec::with_capacity(sentences.len()),
        };
        for r in sentences {
            let start = doc.tokens.len();
            let r = clamp_range(text, r.clone());
            tokenize_into(text, r.clone(), &mut doc.tokens);
            doc.sentences.push(start..doc.tokens.len());
            doc.sentence_bytes.push(r);
        }
        doc
    }

    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        &self.tokens[self.sentences[s].clone()]
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| t.is_word()).count()
    }
}

/// Clamps a byte range to the text and to character boundaries.
pub fn clamp_range(text: &str, r: Range<usize>) -> Range<usize> {
    let mut start = r.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = r.end.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end.max(start)
}

/// A plain sentence splitter for training texts (and for records that arrive without a
/// sentence layer): lines are paragraphs; inside a line a sentence ends at `.`, `!` or `?`
/// (with closing quotes) followed by a space and an uppercase letter, a digit or an opening
/// quote, unless the word before is a short abbreviation ("Mr.", "U.S.").
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let bytes = line.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if matches!(c, b'.' | b'!' | b'?') {
                let mut end = i + 1;
                while end < bytes.len()
                    && matches!(bytes[end], b'"' | b'\'' | b')' | b'.' | b'!' | b'?')
                {
                    end += 1;
                }
                // Curly closing quotes are multi-byte.
                while line[end..].starts_with('”') || line[end..].starts_with('’') {
                    end += '”'.len_utf8();
                }
                let rest = &line[end..];
                let next = rest.trim_start_matches(' ');
                let spaced = rest.len() > next.len();
                let opens = next.chars().next().is_some_and(|n| {
                    n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'')
                });
                if spaced && opens && !(c == b'.' && abbreviation(&line[start..i])) {
                    push_trimmed(line, line_start, start, end, &mut out);
                    start = end;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        push_trimmed(line, line_start, start, line.len(), &mut out);
        line_start += line.len() + 1;
    }
    out
}

fn push_trimmed(line: &str, base: usize, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &line[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(base + start + lead..base + start + lead + trimmed.len());
    }
}

/// Whether the text before a full stop ends with an abbreviation.
fn abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Gen"
            | "Sen"
            | "Rep"
            | "Gov"
            | "St"
            | "Jr"
            | "Sr"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Rev"
            | "vs"
            | "No"
            | "Inc"
            | "Co"
            | "Corp"
            | "Ltd"
            | "Jan"
            | "Feb"
            | "Aug"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    ) || (letters == 1 && word.len() <= 3)
        || word.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize_into(text, 0..text.len(), &mut out);
        out.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_joiners_and_punctuation() {
        assert_eq!(
            words("Don't trust the anti-war “experts”!"),
            vec!["Don't", "trust", "the", "anti-war", "“", "experts", "”", "!"]
        );
        assert_eq!(
            words("rock- and 'roll'"),
            vec!["rock", "-", "and", "'", "roll", "'"]
        );
    }

    #[test]
    fn hashes_ignore_case_and_inflection() {
        let text = "Destroyed DESTROYING destroys";
        let mut t = Vec::new();
        tokenize_into(text, 0..text.len(), &mut t);
        assert_eq!(t[0].word, word_hash("destroyed"));
        assert_eq!(t[0].stem, t[1].stem);
        assert_eq!(t[1].stem, t[2].stem);
        assert!(t[1].is(flag::ALL_CAPS));
        assert!(t[0].is(flag::CAPITALIZED) && !t[0].is(flag::ALL_CAPS));
        assert_eq!(stem("destroyed"), "destroy");
        assert_eq!(stem("news"), "news");
    }

    #[test]
    fn sentences_split_at_terminal_punctuation() {
        let text = "Mr. Smith left. He said \"No!\" Then U.S. troops came.\n\nA new line? Yes.";
        let parts: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            parts,
            vec![
                "Mr. Smith left.",
                "He said \"No!\"",
                "Then U.S. troops came.",
                "A new line?",
                "Yes."
            ]
        );
    }

    #[test]
    fn normalized_forms_hash_like_tokens() {
        let text = "Don’t PAY 1,500";
        let mut t = Vec::new();
        tokenize_into(text, 0..text.len(), &mut t);
        for tok in &t {
            assert_eq!(word_hash(&normalized(tok.text(text), tok.kind)), tok.word);
        }
    }

    #[test]
    fn quoted_tokens_are_flagged() {
        let text = "He called them “cold-blooded killers” today";
        let mut t = Vec::new();
        tokenize_into(text, 0..text.len(), &mut t);
        let quoted: Vec<&str> = t
            .iter()
            .filter(|t| t.is(flag::QUOTED))
            .map(|t| t.text(text))
            .collect();
        assert_eq!(quoted, vec!["cold-blooded", "killers"]);
    }
}
