//! Sentence boundaries by rule: terminal punctuation that is followed by what can start a
//! sentence, minus the many periods of news English that do not end one (titles, initials,
//! abbreviations, decimals, ellipses inside a sentence).

use std::ops::Range;

/// Abbreviations that never end a sentence: they always precede a name or a number.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cpl", "pvt", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "fr", "hon", "pres", "supt", "insp", "det", "brig", "st",
    "mt", "no", "nos", "vol", "fig", "figs", "art", "sec", "ch", "pp", "p", "vs", "v", "cf", "al",
    "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "ca", "est", "dept", "univ", "assn", "ave", "blvd", "rd", "hwy", "op", "ed", "eds",
    "govt", "messrs", "mme", "mlle", "sr", "jr", "e.g", "i.e", "viz", "etc",
];

/// Abbreviations that may end a sentence: split only when a typical sentence opener follows.
const SOMETIMES_FINAL: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "am", "pm", "a.m", "p.m",
];

/// Words that open sentences far more often than they follow an abbreviation.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "what",
    "why",
    "how",
    "who",
    "where",
    "according",
    "however",
    "meanwhile",
    "also",
    "last",
    "earlier",
    "later",
    "since",
    "for",
    "with",
    "no",
    "some",
    "many",
    "most",
    "all",
    "one",
    "two",
    "both",
    "such",
    "despite",
    "among",
    "under",
];

/// Sentence byte ranges within one paragraph (no newlines inside), trimmed of spaces.
pub fn split_paragraph(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = 0;
    while i < bytes.len() {
        // Every terminal is '.', '!', '?' or outside ASCII: other ASCII bytes (most of a text)
        // are passed over without decoding a character.
        if bytes[i].is_ascii() && !matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        let width = c.len_utf8();
        if !is_terminal(c) {
            i += width;
            continue;
        }
        // A run of terminal punctuation ("?!", "...") and closing quotes or brackets.
        let mut end = i + width;
        while let Some(next) = text[end..].chars().next() {
            // “ and ‘ right after a terminal close a quotation („…“ in German, Czech and
            // others); an English opening mark would follow a space.
            if is_terminal(next) || is_closer(next) || matches!(next, '“' | '‘') {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        if ends_sentence(text, i, end) {
            let trimmed_end = trim_end(text, start, end);
            if trimmed_end > start {
                sentences.push(start..trimmed_end);
            }
            start = skip_space(text, end);
        }
        i = end;
    }
    let trimmed_end = trim_end(text, start, text.len());
    if trimmed_end > start {
        sentences.push(start..trimmed_end);
    }
    sentences
}

/// Sentence byte ranges of a whole text: paragraph breaks (newlines) always end a sentence.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        for range in split_paragraph(line) {
            sentences.push(offset + range.start..offset + range.end);
        }
        offset += line.len() + 1;
    }
    sentences
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '।')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '›')
}

fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Decides whether the punctuation run `text[at..end]` ends a sentence.
fn ends_sentence(text: &str, at: usize, end: usize) -> bool {
    let mark = text[at..].chars().next().expect("in bounds");
    let after = &text[end..];
    let Some(next) = after.chars().next() else {
        return true;
    };
    if is_cjk_terminal(mark) {
        return true;
    }
    if !next.is_whitespace() {
        // "1.7bn", "U.S.-backed", "www.x.org", "?!" handled by the run above.
        return false;
    }
    let rest = after.trim_start();
    let Some(first) = rest.chars().next() else {
        return true;
    };
    let next_word: String = rest
        .chars()
        .skip_while(|c| is_opener_punct(*c))
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect();
    let starts_upper = rest
        .chars()
        .find(|c| !is_opener_punct(*c))
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    if first.is_lowercase() {
        return false;
    }
    if !(starts_upper || is_opener_punct(first) || first.is_numeric()) && first.is_alphabetic() {
        // Scripts without case: a terminal followed by a space ends the sentence.
        return !first.is_ascii();
    }
    if mark != '.' {
        // "?" and "!" end sentences unless a lowercase attribution follows (checked above).
        return true;
    }
    let punctuation_run = &text[at..end];
    if punctuation_run.starts_with("..") || punctuation_run.starts_with('…') {
        // An ellipsis ends a sentence only before a capitalised opener.
        return starts_upper && is_opener(&next_word);
    }
    let word = word_before(text, at);
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() {
        return true;
    }
    if TITLES.contains(&bare) && !SOMETIMES_FINAL.contains(&bare) {
        return false;
    }
    if SOMETIMES_FINAL.contains(&bare) {
        return is_opener(&next_word);
    }
    // Initials and dotted initialisms: "J. Smith", "U.S.", "U.N."
    let letters = bare.chars().filter(|c| c.is_alphabetic()).count();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let is_initialism =
        bare.contains('.') && bare.split('.').all(|p| p.chars().count() <= 2) && letters <= 4;
    if is_initial || is_initialism {
        return is_opener(&next_word)
            || (is_initialism
                && next_word.chars().count() > 1
                && starts_upper
                && !next_word.chars().all(char::is_uppercase)
                && !looks_like_name_start(rest));
    }
    true
}

/// After "U.S." a capitalised word usually continues the sentence when it is a name
/// ("U.S. President Donald Trump"), and starts a new one otherwise.
fn looks_like_name_start(rest: &str) -> bool {
    const TITLE_WORDS: &[&str] = &[
        "President",
        "Secretary",
        "Senator",
        "General",
        "Army",
        "Navy",
        "Air",
        "Department",
        "State",
        "Treasury",
        "Congress",
        "Embassy",
        "Ambassador",
        "Forces",
        "Special",
        "Defense",
        "Defence",
        "Government",
        "Administration",
        "Marines",
        "Court",
        "Supreme",
        "House",
        "Senate",
        "Central",
        "Command",
        "Vice",
        "Attorney",
        "Navy",
        "Coast",
        "Justice",
        "Federal",
        "National",
        "Policy",
    ];
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    TITLE_WORDS.contains(&word.as_str())
}

fn is_opener(word: &str) -> bool {
    OPENERS.contains(&word.to_lowercase().as_str())
}

fn is_opener_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '¿' | '¡' | '-' | '—' | '–'
    )
}

/// The whitespace-delimited word that ends right before `at`, without leading punctuation.
fn word_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\'' | '‘' | '['))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

fn skip_space(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start().len()
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_titles_and_initials_do_not_split() {
        assert_eq!(
            sentences("Gen. Mark Hale met Dr. J. R. Ewing on Jan. 5 at No. 10 Downing St. in London. They talked."),
            vec!["Gen. Mark Hale met Dr. J. R. Ewing on Jan. 5 at No. 10 Downing St. in London.", "They talked."]
        );
        assert_eq!(
            sentences(
                "The U.S. military said U.S. President Joe Biden approved it. The U.S. said no."
            ),
            vec![
                "The U.S. military said U.S. President Joe Biden approved it.",
                "The U.S. said no."
            ]
        );
        assert_eq!(
            sentences("Troops left the U.S. The move was abrupt."),
            vec!["Troops left the U.S.", "The move was abrupt."]
        );
    }

    #[test]
    fn numbers_and_quotes() {
        assert_eq!(
            sentences("It costs 1.7bn marks, up 3.5%. About 120 000 people left."),
            vec![
                "It costs 1.7bn marks, up 3.5%.",
                "About 120 000 people left."
            ]
        );
        assert_eq!(
            sentences(
                "\"They want it now,\" said the commander. \"It is very difficult.\" He left."
            ),
            vec![
                "\"They want it now,\" said the commander.",
                "\"It is very difficult.\"",
                "He left."
            ]
        );
        assert_eq!(
            sentences("“Why?” he asked. Nobody knew!"),
            vec!["“Why?” he asked.", "Nobody knew!"]
        );
    }

    #[test]
    fn ellipses_paragraphs_and_headings() {
        assert_eq!(
            sentences("Wait... what happened? And then... The end."),
            vec!["Wait... what happened?", "And then...", "The end."]
        );
        assert_eq!(
            sentences("FINAL BATTLE\nThe fight went on."),
            vec!["FINAL BATTLE", "The fight went on."]
        );
        assert_eq!(
            sentences("Acme Inc. The firm grew. Acme Inc. said so."),
            vec!["Acme Inc.", "The firm grew.", "Acme Inc. said so."]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            sentences("今日は晴れ。明日は雨。"),
            vec!["今日は晴れ。", "明日は雨。"]
        );
        assert_eq!(
            sentences("Это первое. Это второе."),
            vec!["Это первое.", "Это второе."]
        );
        assert_eq!(sentences(""), Vec::<&str>::new());
    }
}
