//! Words for comparing texts: tokens with character offsets, folded to lower case without
//! diacritics, English stop words, Snowball stems, and term keys.
//!
//! Every comparison in the corpus layer (shingles, event profiles, claim and narrative
//! matching) reads text through this module, so "Deir al-Zor" and "Deir al-Zor" always give
//! the same words and "U.S." is one word, `us`.

use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::hash::term_key;

/// A word of a text: its character span and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower case, diacritics removed.
    pub norm: String,
}

impl Token {
    pub fn is_number(&self) -> bool {
        self.norm.chars().all(|c| c.is_ascii_digit())
    }
}

/// Splits `text` into words: runs of letters and digits. Hyphens and apostrophes separate
/// words ("U.S.-backed" is `us`, `backed`; "what's" is `what`, `s`); a dotted acronym of single
/// letters ("U.S.", "U.K.") is one word. Offsets are characters.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::with_capacity(chars.len() / 5);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        // A dotted acronym: letter '.' letter '.' ...
        if let Some(end) = dotted_acronym(&chars, i) {
            let letters: String = chars[i..end].iter().filter(|c| c.is_alphabetic()).collect();
            tokens.push(Token {
                start: i,
                end,
                norm: fold(&letters),
            });
            i = end;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        // Digits grouped by thin spaces, commas or dots stay one number ("120 000", "1,500").
        while i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && matches!(chars[i], ',' | '.' | '\u{202f}' | '\u{a0}' | ' ')
            && chars[i + 1].is_ascii_digit()
            && chars[start..i].iter().all(|c| c.is_ascii_digit())
            && chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
                == 3
        {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        let word: String = chars[start..i]
            .iter()
            .filter(|c| c.is_alphanumeric())
            .collect();
        tokens.push(Token {
            start,
            end: i,
            norm: fold(&word),
        });
    }
    tokens
}

/// The end of a dotted acronym starting at `i` ("U.S.", "U.S.A."), if one starts there.
fn dotted_acronym(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    let mut letters = 0;
    while j + 1 < chars.len() && chars[j].is_alphabetic() && chars[j + 1] == '.' {
        // The letter must stand alone (not the end of a longer word).
        if j > i && chars[j - 1] != '.' {
            break;
        }
        letters += 1;
        j += 2;
        if j < chars.len() && chars[j].is_alphabetic() && j + 1 < chars.len() && chars[j + 1] != '.'
        {
            break;
        }
    }
    (letters >= 2 && (j >= chars.len() || !chars[j].is_alphanumeric())).then_some(j)
}

/// Lower case without diacritics ("Dündar" -> "dundar").
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(Algorithm::English))
}

/// The Snowball English stem of a folded word.
pub fn stem(norm: &str) -> String {
    stemmer().stem(norm).into_owned()
}

/// Function words and the vocabulary of reporting itself, which says nothing about what a text
/// is about. Folded forms.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "nor",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "re",
    "s",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "see",
    "seen",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "told",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "ll",
    "ve",
    "d",
    "m",
    "don",
    "didn",
    "doesn",
    "isn",
    "wasn",
    "weren",
    "won",
    "wouldn",
    "couldn",
    "shouldn",
    "hasn",
    "haven",
    "hadn",
    "aren",
    "mr",
    "mrs",
    "ms",
    "dr",
    "via",
    "ie",
    "eg",
    "etc",
    "yesterday",
    "today",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "weeks",
    "day",
    "days",
    "year",
    "years",
    "month",
    "months",
    "time",
    "times",
    "new",
    "news",
    "reported",
    "report",
    "reports",
    "reporting",
    "reporter",
    "reporters",
    "statement",
    "added",
    "adding",
    "tell",
    "telling",
    "get",
    "got",
    "make",
    "made",
    "take",
    "took",
    "taken",
    "go",
    "going",
    "went",
    "come",
    "came",
    "way",
    "people",
    "including",
    "first",
    "last",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "least",
    "lot",
    "lots",
];

/// Whether a folded word is a stop word. "us" is kept: folded "U.S." and "US" carry meaning.
pub fn is_stop_word(norm: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(norm)
}

/// Negation cues, folded ("n't" arrives as the word `t` after an apostrophe split, so it is
/// matched through the contracted verb: `didn`, `isn`, ...).
pub const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot",
    "without", "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "hasn", "haven", "hadn",
    "won", "wouldn", "couldn", "shouldn",
];

pub fn is_negation(norm: &str) -> bool {
    NEGATIONS.contains(&norm)
}

/// A content word worth comparing: not a stop word, at least two characters, not a bare
/// number (numbers are handled separately where they matter).
pub fn is_content(token: &Token) -> bool {
    token.norm.chars().count() >= 2 && !token.is_number() && !is_stop_word(&token.norm)
}

/// The term key of a content word (by its stem).
pub fn word_key(norm: &str) -> u32 {
    term_key(b'w', &stem(norm))
}

/// The term key of an entity id.
pub fn entity_key(id: &str) -> u32 {
    term_key(b'e', id)
}

/// The term key of a number (digits only, separators dropped).
pub fn number_key(digits: &str) -> u32 {
    term_key(b'n', digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn splits_words_keeps_acronyms_and_grouped_numbers() {
        assert_eq!(
            words("The U.S.-backed forces in Deir al-Zor"),
            ["the", "us", "backed", "forces", "in", "deir", "al", "zor"]
        );
        assert_eq!(
            words("an estimated 120 000 civilians"),
            ["an", "estimated", "120000", "civilians"]
        );
        assert_eq!(
            words("1,500 people, 3 days"),
            ["1500", "people", "3", "days"]
        );
        assert_eq!(words("Dündar's É."), ["dundar", "s", "e"]);
        // A sentence-final single letter is not an acronym.
        assert_eq!(words("Plan B. Then"), ["plan", "b", "then"]);
    }

    #[test]
    fn offsets_are_characters() {
        let text = "Élan — U.S. aid";
        let tokens = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        let us = &tokens[1];
        assert_eq!(chars[us.start..us.end].iter().collect::<String>(), "U.S.");
        assert_eq!(tokens[2].start, 12);
    }

    #[test]
    fn stems_join_inflections() {
        assert_eq!(stem("cutting"), stem("cut"));
        assert_eq!(stem("supplying"), stem("supplies"));
        assert_eq!(word_key("armed"), word_key("arms"));
        assert!(is_stop_word("the") && !is_stop_word("us"));
    }
}
