//! Bylines: the words that open them and the person names in them, in the languages of most
//! news sites. Person names only: roles, teams and site names are not authors.

use super::normalize::collapse;

/// Words that open a byline, in the languages of most news sites (lower case).
pub const BYLINE_PREFIXES: &[&str] = &[
    "by ",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "av ",
    "autor: ",
    "autorin: ",
    "author: ",
    "text: ",
    "written by ",
    "posted by ",
    "geschrieben von ",
    "eingestellt von ",
    "verfasst von ",
    "ein beitrag von ",
    "publié par ",
    "escrito por ",
    "scritto da ",
    "napisał ",
];

pub fn starts_like_byline(text: &str) -> bool {
    let rest = BYLINE_PREFIXES.iter().find_map(|p| {
        text.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p) || head.to_lowercase() == *p)
            .map(|_| &text[p.len()..])
    });
    rest.is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
}

/// Person names in a byline: "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"].
pub fn split_names(text: &str) -> Vec<String> {
    let text = collapse(text);
    let mut rest = text.as_str();
    for prefix in BYLINE_PREFIXES {
        if rest.len() > prefix.len()
            && rest
                .get(..prefix.len())
                .is_some_and(|p| p.to_lowercase() == *prefix)
        {
            rest = &rest[prefix.len()..];
            break;
        }
    }
    let mut names = Vec::new();
    for part in rest.split([',', ';', '&', '|', '/', '\n']) {
        for name in split_on_words(
            part,
            &[
                " and ", " und ", " et ", " y ", " e ", " en ", " og ", " och ", " i ",
            ],
        ) {
            let name = name
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'');
            if is_person_name(name) && !names.iter().any(|n: &String| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

fn split_on_words<'a>(text: &'a str, words: &[&str]) -> Vec<&'a str> {
    let mut parts = vec![text];
    for word in words {
        parts = parts.into_iter().flat_map(|p| p.split(word)).collect();
    }
    parts
}

/// Words that name a role, a team or a site rather than a person.
const NOT_A_PERSON: &[&str] = &[
    "admin",
    "administrator",
    "redaktion",
    "editor",
    "editors",
    "editorial",
    "staff",
    "team",
    "newsroom",
    "desk",
    "blog",
    "blogger",
    "archiv",
    "archive",
    "gast",
    "guest",
    "anonymous",
    "unknown",
    "webmaster",
    "presse",
    "press",
    "news",
    "online",
    "magazin",
    "magazine",
    "verlag",
    "media",
    "medien",
    "agency",
    "agentur",
    "support",
    "service",
    "kontakt",
    "contact",
    "user",
    "autor",
    "author",
    "redacción",
    "reporter",
    "correspondent",
    "korrespondent",
    "korrespondentin",
    "writer",
    "redakteur",
    "redakteurin",
    "journalist",
    "journalistin",
    "contributor",
    "columnist",
    "photographer",
    "fotograf",
    "fotografin",
    "chief",
    "senior",
    "published",
    "updated",
    "veröffentlicht",
    "aktualisiert",
    "rédaction",
    "redazione",
    "zeitung",
    "gmbh",
    "inc",
    "ltd",
    "llc",
];

/// Looks like a person's name: 1 to 5 capitalised words, no digits, no URL, no e-mail, no
/// word of a team or site name.
fn is_person_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    if lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        NOT_A_PERSON.contains(&w)
            || w.ends_with("blog")
            || w.ends_with("blogger")
            || w.ends_with("redaktion")
    }) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || name.chars().count() > 60 {
        return false;
    }
    if name.contains("://")
        || name.contains('@')
        || name.contains("www.")
        || name.contains(':')
        || name.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let starts_upper = |w: &&str| w.chars().next().is_some_and(|c| c.is_uppercase());
    // A single word is accepted only as a capitalised name ("Mady"); particles may be lowercase.
    let particles = [
        "van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "y", "zu",
        "dos", "du",
    ];
    words
        .iter()
        .all(|w| starts_upper(w) || particles.contains(w))
        && starts_upper(&words[0])
}
