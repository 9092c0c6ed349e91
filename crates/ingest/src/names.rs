//! Bylines to person names: "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"].

/// Words that mark an organisation or a role, never a person's name.
const NOT_PERSON: &[&str] = &[
    "news",
    "press",
    "agency",
    "agencies",
    "staff",
    "editor",
    "editors",
    "editorial",
    "team",
    "desk",
    "service",
    "services",
    "times",
    "post",
    "daily",
    "weekly",
    "wire",
    "reporter",
    "reporters",
    "correspondent",
    "contributor",
    "contributors",
    "writer",
    "writers",
    "online",
    "media",
    "network",
    "tv",
    "radio",
    "group",
    "research",
    "centre",
    "center",
    "institute",
    "foundation",
    "admin",
    "administrator",
    "guest",
    "anonymous",
    "unknown",
    "associated",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "cnn",
    "rt",
    "tass",
    "xinhua",
    "sputnik",
    "bloomberg",
    "journal",
    "gazette",
    "herald",
    "tribune",
    "magazine",
    "report",
    "reports",
    "global",
    "international",
    "world",
    "the",
    "our",
    "sources",
    "source",
    "comment",
    "comments",
    "share",
    "home",
    "analysis",
    "opinion",
    "world",
    "politics",
];

/// Lower-case name particles allowed inside a person name.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della", "der", "den", "di", "da", "dos",
    "du", "la", "le", "van", "von", "ter", "ten", "y", "mac", "st", "st.",
];

/// Splits a byline into person names, dropping "By", roles and outlet names.
pub fn parse_byline(byline: &str) -> Vec<String> {
    let mut text = byline.trim();
    for prefix in [
        "written by",
        "posted by",
        "reported by",
        "story by",
        "words by",
        "articles by",
        "article by",
        "authors",
        "author",
        "by",
    ] {
        if text.len() > prefix.len()
            && text.is_char_boundary(prefix.len())
            && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let rest = &text[prefix.len()..];
            if rest.starts_with([' ', ':', '\u{a0}']) {
                text = rest.trim_start_matches([' ', ':', '\u{a0}']);
                break;
            }
        }
    }
    // "Jane Doe | Outlet", "Jane Doe - Staff Writer": the name comes first.
    let text = text.split(['|', '·', '•']).next().unwrap_or("");
    let text = text
        .split(" - ")
        .next()
        .unwrap_or("")
        .split(" — ")
        .next()
        .unwrap_or("");
    let mut names = Vec::new();
    for part in text
        .split([',', ';', '&', '/'])
        .flat_map(|p| p.split(" and "))
    {
        let candidate = part
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if looks_like_person_name(candidate) {
            let name = candidate.split_whitespace().collect::<Vec<_>>().join(" ");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Whether a string reads as one person's name: two to five words, capitalised apart from
/// particles, letters (and hyphens, apostrophes, initials) only, no organisation words.
pub fn looks_like_person_name(candidate: &str) -> bool {
    let words: Vec<&str> = candidate.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || candidate.chars().count() > 60 {
        return false;
    }
    let mut capitalised = 0;
    for word in &words {
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches('.');
        if NOT_PERSON.contains(&bare) {
            return false;
        }
        if !word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        {
            return false;
        }
        let after_particle = bare
            .strip_prefix("al-")
            .or_else(|| bare.strip_prefix("el-"))
            .and_then(|_| word.chars().nth(3));
        if word.chars().next().is_some_and(char::is_uppercase)
            || after_particle.is_some_and(char::is_uppercase)
        {
            capitalised += 1;
        } else if !PARTICLES.contains(&bare) && !bare.starts_with("al-") && !bare.starts_with("el-")
        {
            return false;
        }
    }
    let all_caps = words
        .iter()
        .filter(|w| w.len() > 2 && w.chars().all(|c| !c.is_lowercase()))
        .count();
    capitalised >= 2 && (all_caps == 0 || all_caps == words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        assert_eq!(parse_byline("By Jane Doe"), vec!["Jane Doe"]);
        assert_eq!(
            parse_byline("By Jane Doe and John Q. Roe, Meridian Wire"),
            vec!["Jane Doe", "John Q. Roe"]
        );
        assert_eq!(
            parse_byline("Articles by: Omar al-Rashid"),
            vec!["Omar al-Rashid"]
        );
        assert_eq!(
            parse_byline("Written by Anna van der Berg | Daily Planet"),
            vec!["Anna van der Berg"]
        );
        assert_eq!(parse_byline("Author: Staff Reporter"), Vec::<String>::new());
        assert_eq!(parse_byline("By Reuters Staff"), Vec::<String>::new());
        assert_eq!(
            parse_byline("By the Associated Press"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn person_names() {
        assert!(looks_like_person_name("Mary-Jane O'Neil"));
        assert!(looks_like_person_name("J. R. Smith"));
        assert!(!looks_like_person_name("Madonna"));
        assert!(!looks_like_person_name("Global Research News"));
        assert!(!looks_like_person_name("the quick brown fox"));
        assert!(!looks_like_person_name("NATO Press Office"));
    }
}
