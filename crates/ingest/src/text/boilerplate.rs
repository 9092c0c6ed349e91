//! A lexicon of boilerplate phrasing and a few cheap line features.
//!
//! The lexicon describes *kinds* of page furniture that news sites share (legal notices,
//! share prompts, sign-up boxes, widget text, related-links headers), written as general
//! patterns rather than any one site's wording. Each pattern carries a weight: 3 for phrasing
//! that is almost never article prose, 2 for phrasing that usually is not, 1 for weak hints.

use std::sync::LazyLock;

use regex::RegexSet;

const PATTERNS: &[(&str, u32)] = &[
    // Legal notices and disclaimers.
    (r"©|\(c\)\s*\d{4}|\ball rights reserved\b", 3),
    (r"\bcopyright(ed)?\b", 2),
    (r"\bfair use\b", 2),
    (
        r"\bsole(ly)? (the )?responsibility of\b|\bsolely those of the\b",
        3,
    ),
    (r"\b(views|opinions|statements)\b[^.]{0,40}\bexpressed\b", 3),
    (r"\bdo(es)? not necessarily (reflect|represent)\b", 3),
    (r"\bnot (be )?(held )?(responsible|liable) for\b", 3),
    (r"\b(financial|investment|medical|legal) advice\b", 2),
    (
        r"\bterms (of|and) (use|service|conditions)\b|\bprivacy (policy|notice|settings)\b|\bcookie (policy|settings|preferences)\b",
        3,
    ),
    (r"\bwe use cookies\b|\baccept (all )?cookies\b", 3),
    (
        r"\bpermission to (cross-post|repost|republish|reprint|reproduce)\b|\bgrants? permission\b",
        3,
    ),
    (
        r"\bwithout (profit|charge) to\b|\bunauthori[sz]ed (use|reproduction|copying)\b",
        3,
    ),
    (
        r"\b(media|press|advertising) (inquiries|enquiries|contacts?)\b|\bcontact us\b",
        2,
    ),
    (r"^\W*disclaimer\b", 3),
    (
        r"^(additional )?(reporting|writing|editing|compiled|produced) by\b",
        3,
    ),
    // Share prompts, follow and sign-up boxes, donations.
    (
        r"\bshare (this|on|via|the|article|story|post)\b|\bshare\s*:",
        3,
    ),
    (r"\b(follow|like|join) us (on|at)\b", 3),
    (
        r"\b(our|the) (facebook|twitter|telegram|instagram|youtube|tiktok|vk|gab) (page|channel|account|group)\b",
        3,
    ),
    (
        r"\b(leave|post|add|write) a (comment|reply)\b|\bcomment on\b",
        2,
    ),
    (r"\bsubscribe (to|now|for|today)\b|\bsign up\b", 2),
    (r"\bnewsletters?\b|\bmailing list\b|\bin your inbox\b", 1),
    (r"\bbecome a (member|subscriber|patron|supporter)\b", 3),
    (
        r"\bdonat(e|ion)s?\b|\bsupport (our|independent|us|this site)\b|\bpatreon\b",
        2,
    ),
    (r"\b(clic|click|tap|press) (here|below|the link)\b", 3),
    (
        r"\bread (more|the full|the original|the rest|the story|the article|full (story|article))\b|\b(continue|keep) reading\b",
        2,
    ),
    (
        r"\bfrom (its|the) (original )?source\b|\boriginal source of\b|\boriginally (published|appeared)\b",
        3,
    ),
    (
        r"\brelated (articles?|stories|posts|news|coverage|content|reading|topics)\b|\byou (may|might) also like\b|\brecommended (for you|stories|articles)\b|\bmost (read|popular|viewed)\b|\bmore (from|stories|articles)\b",
        3,
    ),
    (
        r"^advertisement\W*$|\bsponsored (content|by|links?)\b|\badvertis(e|ing) (with|on) us\b",
        3,
    ),
    (
        r"\bthank(s| you) for (reporting|helping|your (feedback|report|help)|subscribing|reading|signing up|visiting)\b",
        3,
    ),
    (
        r"\b(report|flag) (this|an?) (image|comment|post|ad|photo)\b|\bwill be (automatically )?(disabled|removed|hidden) (when|if|after)\b",
        3,
    ),
    (r"\b(print|e-?mail) (this|article|story)\b", 2),
    (
        r"\b(more )?articles by\b|\babout the author\b|\bauthor'?s? (bio|profile)\b",
        3,
    ),
    (r"\[?email\s*protected\]?|\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b", 2),
    (
        r"\b(photo|image|picture|video) (credit|by|courtesy|source)\b|\bfile photo\b|\bgetty images\b|\bshutterstock\b",
        2,
    ),
    (
        r"\benable javascript\b|\byour browser does not support\b|^loading\W*$",
        3,
    ),
    (
        r"^(tags?|categor(y|ies)|topics?|filed under|keywords|sections?|region|theme|in-depth report)\s*:",
        3,
    ),
    (
        r"\b(listen|watch) (to )?(this|the) (article|story|video|podcast)\b",
        2,
    ),
    (r"^\d+\s+(comments?|shares?|views|likes)\b", 3),
    (
        r"\bskip to (main )?content\b|\bback to top\b|\btoggle navigation\b|\bmain menu\b",
        3,
    ),
];

/// The one pattern with a character outside ASCII: the copyright sign.
const COPYRIGHT_PATTERN: usize = 0;

static LEXICON: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(PATTERNS.iter().map(|(p, _)| format!("(?i){p}")))
        .expect("boilerplate lexicon compiles")
});

/// Sum of the weights of lexicon patterns found in the text.
///
/// With Unicode `\b` in the patterns, the regex engine's fast automaton gives up on any
/// byte outside ASCII (a curly quote or a dash is enough) and a slow fallback matches
/// instead, which took a third of `parallax analyze`. So a text with such bytes is matched
/// through its [`ascii_stand_in`], which each pattern matches exactly when it matches the
/// text; only the copyright sign is looked for in the text itself.
pub fn lexicon_score(text: &str) -> u32 {
    let score = |matched: regex::SetMatches| matched.iter().map(|i| PATTERNS[i].1).sum();
    if text.is_ascii() {
        return score(LEXICON.matches(text));
    }
    let matched = LEXICON.matches(&ascii_stand_in(text));
    let copyright_sign = !matched.matched(COPYRIGHT_PATTERN) && text.contains('©');
    score(matched)
        + if copyright_sign {
            PATTERNS[COPYRIGHT_PATTERN].1
        } else {
            0
        }
}

/// Classes of a character outside ASCII, in the regex engine's own Unicode tables: the
/// ASCII letter it matches case-insensitively (indices 0 to 25; the Kelvin sign is a `k`),
/// then `\s`, `\d` and `\w`.
static CHAR_CLASSES: LazyLock<RegexSet> = LazyLock::new(|| {
    let letters = ('a'..='z').map(|c| format!("(?i)^{c}$"));
    RegexSet::new(letters.chain([r"^\s$", r"^\d$", r"^\w$"].map(String::from)))
        .expect("character classes compile")
});

/// `text` with every character outside ASCII replaced by one ASCII character that every
/// part of the patterns treats alike (`\w`, `\s`, `\d`, `\W`, `[^.]`, letters under `(?i)`,
/// and `\b` through whether it is a word character): a letter that matches an ASCII letter
/// case-insensitively by that letter, whitespace by a tab (a space in a pattern is a literal
/// space, which such whitespace is not), a decimal digit by `0`, another word character by
/// `_`, anything else by `~`. No pattern has a tab, digit, `_` or `~` of its own, and one
/// character for one keeps the lengths that `{0,40}` counts.
fn ascii_stand_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let class = CHAR_CLASSES
            .matches(c.encode_utf8(&mut buffer))
            .iter()
            .next();
        out.push(match class {
            Some(letter @ 0..=25) => (b'a' + letter as u8) as char,
            Some(26) => '\t',
            Some(27) => '0',
            Some(_) => '_',
            None => '~',
        });
    }
    out
}

/// Frequent function words of the languages we see most in news: prose has many of them,
/// titles, labels and link lists few.
const STOPWORDS: &[&str] = &[
    // English
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "she", "this", "are", "or", "his", "her", "from", "at", "which", "but",
    "have", "an", "they", "has", "were", "had", "their", "its", "been", "who", "would", "will",
    "there", "we", "i", "you", "said", "than", "into", "after", "also", "more",
    // German
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "sich",
    "auf", // French
    "le", "la", "les", "et", "des", "est", "un", "une", "du", "que", "dans", "pour", "pas", "qui",
    "sur", // Spanish / Portuguese / Italian
    "el", "los", "las", "y", "en", "es", "por", "con", "del", "una", "o", "se", "il", "di", "che",
    "não", // Dutch
    "het", "een", "van", "dat", "niet", "zijn", // Russian
    "и", "в", "не", "на", "что", "с", "по", "это", "как",
];

/// Share of words that are common function words.
pub fn stopword_ratio(text: &str) -> f64 {
    let mut words = 0usize;
    let mut stop = 0usize;
    for word in text.split_whitespace() {
        words += 1;
        let bare = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if STOPWORDS.contains(&bare.as_str()) {
            stop += 1;
        }
    }
    if words == 0 {
        0.0
    } else {
        stop as f64 / words as f64
    }
}

/// Share of words that start with a capital letter (titles and name lists score high).
pub fn capitalised_ratio(text: &str) -> f64 {
    let mut words = 0usize;
    let mut capitalised = 0usize;
    for word in text.split_whitespace() {
        let Some(first) = word.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        if first.is_uppercase() || first.is_numeric() {
            capitalised += 1;
        }
    }
    if words == 0 {
        0.0
    } else {
        capitalised as f64 / words as f64
    }
}

/// Whether text ends like a sentence.
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '*' | '_')
    });
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_scores_high_and_prose_low() {
        for furniture in [
            "Share this article on Facebook",
            "© 2024 Daily Planet. All rights reserved.",
            "The views expressed in this column are those of the writer and do not necessarily reflect ours.",
            "Click here to read more",
            "Sign up for our newsletter",
            "Tags: politics, economy",
            "Thanks for subscribing!",
            "Reporting by Ann Lee; Editing by Tom Gray",
        ] {
            assert!(lexicon_score(furniture) >= 3, "{furniture}");
        }
        for prose in [
            "The minister said the plan would cut emissions by a third before 2030.",
            "Officials reported that the road to the airport had been cut on Tuesday.",
            "The share of voters who backed the measure rose to 54 percent.",
        ] {
            assert!(lexicon_score(prose) < 2, "{prose}");
        }
    }

    /// The score as the patterns give it on the text itself.
    fn reference_score(text: &str) -> u32 {
        LEXICON.matches(text).iter().map(|i| PATTERNS[i].1).sum()
    }

    #[test]
    fn only_the_copyright_pattern_has_a_character_outside_ascii() {
        let counts = regex::Regex::new(r"\{\d*,?\d*\}").unwrap();
        for (i, (pattern, _)) in PATTERNS.iter().enumerate() {
            let outside: String = pattern.chars().filter(|c| !c.is_ascii()).collect();
            let expected = if i == COPYRIGHT_PATTERN { "©" } else { "" };
            assert_eq!(outside, expected, "{pattern}");
            // Nor any stand-in (digits only in counts such as `{0,40}`).
            let rest = counts.replace_all(pattern, "");
            assert!(
                !rest.contains(|c: char| matches!(c, '\t' | '_' | '~') || c.is_ascii_digit()),
                "{pattern}"
            );
        }
    }

    #[test]
    fn stand_ins() {
        assert_eq!(
            ascii_stand_in("\u{212a}ſ é\u{a0}٣“x”"),
            "ks _\t0~x~".to_string()
        );
    }

    #[test]
    fn scores_through_the_stand_in_are_those_of_the_text() {
        let tricky = [
            "écopyright",
            "copyrighté",
            "Copyright\u{a0}2024",
            "fair\u{a0}use",
            "fair use",
            "© 2024",
            "(c) ٢٠٢٤",
            "(c) 2024",
            "Share this",
            "\u{212a}eywords: x",
            "ſhare this",
            "ſign up now",
            "“Share this article”",
            "views — not expressed",
            "Ünsubscribe to",
            "3 comments",
            "٣ comments",
            "日本 newsletter",
            "contact us—",
            "mailto:é@ex.com",
            "ann@exä.com",
            "ann@ex.cöm",
            "ann@ex.com",
            "Related stories…",
            "related\u{2009}stories",
            "Tags:",
            "Таги: sections:",
            "— Advertisement —",
            "Advertisement",
            "Loading…",
            "Thank you for reading",
            "opinions ‘expressed’",
            "the views of the author are expressed",
        ];
        for text in tricky {
            assert_eq!(lexicon_score(text), reference_score(text), "{text:?}");
        }
        // Every line and paragraph of the example articles and seeds.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut checked = 0;
        for dir in ["examples/articles", "../shared/seeds"] {
            let Ok(entries) = std::fs::read_dir(std::path::Path::new(root).join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                for piece in text.lines().chain(text.split("\n\n")) {
                    assert_eq!(lexicon_score(piece), reference_score(piece), "{piece:?}");
                    checked += 1;
                }
            }
        }
        eprintln!("checked {checked} lines and paragraphs");
    }

    #[test]
    fn features() {
        assert!(stopword_ratio("The cat sat on the mat and it was happy.") > 0.3);
        assert!(stopword_ratio("Breaking News Live Updates") < 0.1);
        assert!(capitalised_ratio("Losing Ground In The East") > 0.9);
        assert!(ends_like_sentence("He said “no.”"));
        assert!(!ends_like_sentence("A heading"));
    }
}
