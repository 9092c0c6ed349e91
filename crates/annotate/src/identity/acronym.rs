//! Acronyms defined or implied in an article: "Delta Flood Authority (DFA)" then "the DFA",
//! "Russian Ministry of Defence (MOD)", or an unexplained "SOHR" beside "Syrian Observatory for
//! Human Rights".

use super::normalize::{is_acronym, tokenize};

/// Small words an acronym may skip ("Syrian Observatory for Human Rights" → SOHR).
const SKIPPABLE: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "al", "el",
];

/// The acronym in parentheses right after a name: for `after` = " (DFA) said", `Some("dfa")`.
pub fn parenthetical(after: &str) -> Option<String> {
    let rest = after.trim_start_matches([' ', '\u{a0}']);
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    let candidate = &inner[..close];
    if candidate.chars().count() > 12 || !is_acronym(candidate.trim()) {
        return None;
    }
    let key: String = tokenize(candidate).into_iter().map(|t| t.text).collect();
    (!key.is_empty()).then_some(key)
}

/// Whether `acronym` (folded, as from [`parenthetical`]) can abbreviate `name`: its letters are
/// the initials of the name's words in order, small words optional ("MOD" for "Russian Ministry
/// of Defence", "SOHR" for "Syrian Observatory for Human Rights").
pub fn abbreviates(acronym: &str, name: &str) -> bool {
    let words: Vec<String> = tokenize(name).into_iter().map(|t| t.text).collect();
    if words.len() < 2 || acronym.chars().count() < 2 {
        return false;
    }
    let initials: Vec<(char, bool)> = words
        .iter()
        .filter_map(|w| {
            w.chars()
                .next()
                .map(|c| (c, SKIPPABLE.contains(&w.as_str())))
        })
        .collect();
    let letters: Vec<char> = acronym.chars().collect();
    // Matches a suffix of the name's words (a leading qualifier like "Russian" may be left
    // out), skipping small words but no content word after the first match.
    (0..initials.len()).any(|start| matches_from(&letters, &initials[start..]))
}

fn matches_from(letters: &[char], initials: &[(char, bool)]) -> bool {
    match (letters.first(), initials.first()) {
        (None, None) => true,
        (None, Some(_)) => initials.iter().all(|&(_, skippable)| skippable),
        (Some(_), None) => false,
        (Some(&letter), Some(&(initial, skippable))) => {
            (letter == initial && matches_from(&letters[1..], &initials[1..]))
                || (skippable && matches_from(letters, &initials[1..]))
        }
    }
}

/// The initials of a name's content words ("Delta Flood Authority" → "dfa").
pub fn initials(name: &str) -> String {
    tokenize(name)
        .into_iter()
        .filter(|t| !SKIPPABLE.contains(&t.text.as_str()))
        .filter_map(|t| t.text.chars().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_parenthetical_acronym() {
        assert_eq!(parenthetical(" (DFA) said"), Some("dfa".into()));
        assert_eq!(parenthetical(" (U.S.)"), Some("us".into()));
        assert_eq!(parenthetical(" (which said)"), None);
        assert_eq!(parenthetical(", (DFA)"), None);
        assert_eq!(parenthetical(" (Dfa)"), None);
    }

    #[test]
    fn checks_that_the_acronym_fits_the_name() {
        assert!(abbreviates("dfa", "Delta Flood Authority"));
        assert!(abbreviates("mod", "Russian Ministry of Defence"));
        assert!(abbreviates("sohr", "Syrian Observatory for Human Rights"));
        assert!(abbreviates("nato", "North Atlantic Treaty Organization"));
        assert!(!abbreviates("isis", "Islamic State"));
        assert!(!abbreviates("dfa", "Delta Authority"));
        assert!(!abbreviates("da", "Delta"));
    }

    #[test]
    fn initials_skip_small_words() {
        assert_eq!(initials("Delta Flood Authority"), "dfa");
        assert_eq!(initials("Syrian Observatory for Human Rights"), "sohr");
    }
}
