//! Metadata lines of a text scrape: bylines, datelines, and evidence for the outlet's name.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::date::{find_date, DateMatch};
use crate::names::{looks_like_person_name, parse_byline};

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:written|posted|reported|story|words|text)\s+by|by|authors?\s*:|articles\s+by\s*:?|more\s+articles\s+by\s*:?)\s+\S").unwrap()
});

static REPORTING_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:additional\s+)?(?:reporting|writing)\s+by\s+([^;.]+)").unwrap()
});

static PUBLISHED_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:published|posted|appeared|first published|picked up|republished|syndicated|gathered|aggregated)\s+(?:in|on|at|by)\s+(?-i)(?P<outlet>[A-Z0-9][^,·|]{1,60}?)\s*(?:\s(?i:on|at)\s|[,|·–—]|\s-\s)").unwrap()
});

static ORIGINAL_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:original\s+source\s+of\s+this\s+(?:article|story|post)\s+is|originally\s+(?:published|appeared)\s+(?:in|on|at|by))\s+(?-i)(?P<outlet>[A-Z0-9][\w&'’.\- ]{1,50}?)\s*(?:[.,;]|$)").unwrap()
});

/// "Source: X", "Read the original at X": X is where the story came from, not who published
/// this copy.
static ORIGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:source|via|courtesy of|read the (?:original|full story|full article) (?:at|on|from))\s*:?\s+(?-i)(?P<outlet>(?:[A-Z][\w&'’.\-]*\s?){1,5})").unwrap()
});

static MEMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:member\s+of|subscribe\s+to|support|donate\s+to|follow)\s+(?-i)(?P<outlet>(?:[A-Z][\w&'’.\-]*\s?){1,5})").unwrap()
});

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:copyright|©|\(c\))\s*(?:©\s*)?(?P<rest>.{2,120})").unwrap()
});

/// "PORTVILLE, March 3 (Meridian Wire) - " or "CAIRO (Reuters) - " at the start of a paragraph.
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?\s*\((?P<outlet>[A-Z][^()]{1,40})\)\s*(?:[-–—]+|:)\s+").unwrap()
});

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?(?P<name>[a-z0-9][a-z0-9-]{2,40})\.(?:com|org|net|ca|co|uk|info|news|eu|ru|de|fr|io|tv|me|us|au|in|eg|online)\b").unwrap()
});

/// A line that introduces author names.
pub fn byline_names(line: &str) -> Option<Vec<String>> {
    if line.split_whitespace().count() > 16 || !BYLINE.is_match(line) {
        return None;
    }
    // "By Jane Doe, Outlet, March 3, 2024": cut the date off before splitting names.
    let without_date = match find_date(line) {
        Some(m) => &line[..m.start],
        None => line,
    };
    Some(parse_byline(without_date))
}

/// "Reporting by A and B; Editing by C": the reporters.
pub fn reporting_by_names(line: &str) -> Vec<String> {
    REPORTING_BY
        .captures(line)
        .map(|c| parse_byline(&c[1]))
        .unwrap_or_default()
}

/// A short line that is mostly a date: "Outlet, January 19, 2017", "Published: ...".
pub fn dateline(line: &str) -> Option<DateMatch> {
    let words = line.split_whitespace().count();
    if words > 16 {
        return None;
    }
    let found = find_date(line)?;
    // The rest of the line must be short: a label, an outlet, a place, a byline.
    let rest_words = line[..found.start].split_whitespace().count()
        + line[found.end..].split_whitespace().count();
    (rest_words <= 10).then_some(found)
}

/// A wire-service dateline opening the first paragraph: its byte length and the service.
pub fn wire_dateline(paragraph: &str) -> Option<(usize, String)> {
    let c = WIRE_DATELINE.captures(paragraph)?;
    let outlet = c["outlet"].trim().to_string();
    if looks_like_person_name(&outlet) {
        return None;
    }
    Some((c.get(0)?.end(), outlet))
}

const MAX_DOMAINS: usize = 32;
const MAX_PHRASES: usize = 4096;

/// Collects evidence for the outlet's name from metadata and furniture lines, and picks the
/// best-supported name.
#[derive(Debug, Default)]
pub struct OutletEvidence {
    scores: HashMap<String, u32>,
    penalties: HashMap<String, u32>,
    order: Vec<String>,
    domains: Vec<String>,
    capitalised_phrases: Vec<String>,
}

impl OutletEvidence {
    pub fn add(&mut self, name: &str, weight: u32) {
        let name = clean_outlet(name);
        if name.is_empty() || looks_like_person_name(&name) && weight < 3 {
            return;
        }
        if !self.scores.contains_key(&name) {
            self.order.push(name.clone());
        }
        *self.scores.entry(name).or_default() += weight;
    }

    /// Evidence against a name (it is the story's origin, not its publisher).
    pub fn subtract(&mut self, name: &str, weight: u32) {
        let name = clean_outlet(name);
        if let Some(score) = self.penalties.get_mut(&name) {
            *score += weight;
        } else if !name.is_empty() {
            self.penalties.insert(name, weight);
        }
    }

    /// Reads one header or footer line for outlet evidence.
    pub fn observe_furniture(&mut self, line: &str, date: Option<&DateMatch>) {
        if let Some(c) = PUBLISHED_IN.captures(line) {
            self.add(&c["outlet"], 3);
        }
        if let Some(c) = ORIGINAL_SOURCE.captures(line) {
            self.add(&c["outlet"], 3);
        }
        for c in ORIGIN.captures_iter(line) {
            self.subtract(&c["outlet"], 2);
        }
        if let Some(c) = MEMBER_OF.captures(line) {
            self.add(&c["outlet"], 1);
        }
        if let Some(c) = COPYRIGHT.captures(line) {
            for part in c["rest"].split([',', '|', '.', ';']) {
                let part = part
                    .trim()
                    .trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == ' ')
                    .trim();
                if is_name_phrase(part) && !looks_like_person_name(part) {
                    self.add(part, 2);
                }
            }
        }
        if let Some(date) = date {
            // "Outlet, January 19, 2017": the words before the date, when they are a name.
            let before = line[..date.start]
                .trim()
                .trim_end_matches([',', '|', '-', '–', '—', '·'])
                .trim();
            let before = before.rsplit(['|', '·']).next().unwrap_or("").trim();
            let before = strip_label(before);
            if is_name_phrase(before) && !BYLINE.is_match(before) && !looks_like_person_name(before)
            {
                self.add(before, 3);
            }
        }
        // Bounded: a page of furniture must not make outlet picking quadratic.
        for m in DOMAIN.captures_iter(line) {
            let domain = m["name"].to_lowercase();
            if self.domains.len() < MAX_DOMAINS && !self.domains.contains(&domain) {
                self.domains.push(domain);
            }
        }
        if self.capitalised_phrases.len() < MAX_PHRASES {
            self.capitalised_phrases.extend(capitalised_phrases(line));
        }
    }

    /// The best-supported name, if the evidence is strong enough.
    pub fn best(mut self) -> Option<String> {
        // A capitalised phrase that spells a domain named on the page ("Daily Planet" and
        // dailyplanet.com) is strong evidence for that phrase.
        let phrases = std::mem::take(&mut self.capitalised_phrases);
        for phrase in phrases {
            let squashed = squash(&phrase);
            if squashed.len() >= 4 && self.domains.iter().any(|d| squash(d) == squashed) {
                self.add(&phrase, 2);
            }
        }
        for name in self.order.clone() {
            let squashed = squash(&name);
            if self.domains.iter().any(|d| squash(d) == squashed) {
                *self.scores.get_mut(&name).expect("scored") += 1;
            }
        }
        let net = |n: &String| {
            i64::from(self.scores[n]) - i64::from(self.penalties.get(n).copied().unwrap_or(0))
        };
        self.order
            .iter()
            .filter(|n| net(n) >= 2)
            .max_by_key(|n| {
                (
                    net(n),
                    std::cmp::Reverse(self.order.iter().position(|o| o == *n)),
                )
            })
            .cloned()
    }
}

fn strip_label(s: &str) -> &str {
    for label in [
        "published in",
        "published by",
        "published",
        "posted in",
        "posted",
        "source",
        "from",
    ] {
        if s.len() >= label.len()
            && s.is_char_boundary(label.len())
            && s[..label.len()].eq_ignore_ascii_case(label)
        {
            return s[label.len()..].trim_start_matches([':', ' ']);
        }
    }
    s
}

fn clean_outlet(name: &str) -> String {
    let name = name
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '!');
    let name = name.strip_prefix("the ").unwrap_or(name);
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One to six words, each starting with a capital or a digit (small joining words allowed).
fn is_name_phrase(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || s.chars().count() > 60 {
        return false;
    }
    let joining = ["of", "the", "and", "&", "for", "on", "de", "al", "el"];
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase()
            || first.is_ascii_digit()
            || (i > 0 && i + 1 < words.len() && joining.contains(w))
    }) && !words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// Runs of capitalised words in a line and their sub-runs (up to four words).
fn capitalised_phrases(line: &str) -> Vec<String> {
    let mut phrases = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut flush = |run: &mut Vec<&str>| {
        for start in 0..run.len() {
            for end in start + 1..=run.len().min(start + 4) {
                phrases.push(run[start..end].join(" "));
            }
        }
        run.clear();
    };
    for word in line.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.chars().next().is_some_and(char::is_uppercase) {
            run.push(bare);
            if bare.len() != word.len() && word.ends_with([',', '.', ':', ';', ')']) {
                flush(&mut run);
            }
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    phrases
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_and_reporting_credits() {
        assert_eq!(
            byline_names("By Jane Doe and Omar Haddad"),
            Some(vec!["Jane Doe".into(), "Omar Haddad".into()])
        );
        assert_eq!(
            byline_names("By Jane Doe, Meridian Post, March 3, 2024"),
            Some(vec!["Jane Doe".into()])
        );
        assert_eq!(
            byline_names("Bystanders ran for cover as the roof fell."),
            None
        );
        assert_eq!(
            reporting_by_names("Reporting by Lena Ortiz; Editing by Sam Hill"),
            vec!["Lena Ortiz".to_string()]
        );
    }

    #[test]
    fn datelines() {
        assert!(dateline("Daily Planet, March 3, 2024").is_some());
        assert!(dateline("Posted in Harbour Times on 05 - 03 - 2024").is_some());
        assert!(dateline("The council met on March 3, 2024 to vote on the budget that had been delayed for months by the row over the port levy.").is_none());
        let (len, outlet) =
            wire_dateline("PORTVILLE, March 3 (Meridian Wire) - Fire crews fought").unwrap();
        assert_eq!(outlet, "Meridian Wire");
        assert_eq!(
            &"PORTVILLE, March 3 (Meridian Wire) - Fire crews fought"[len..],
            "Fire crews fought"
        );
        assert!(wire_dateline("The minister (who declined to comment) - said").is_none());
    }

    #[test]
    fn outlet_from_dateline_copyright_and_domain() {
        let mut e = OutletEvidence::default();
        let line = "Harbour Times, March 3, 2024";
        e.observe_furniture(line, dateline(line).as_ref());
        assert_eq!(e.best().as_deref(), Some("Harbour Times"));

        let mut e = OutletEvidence::default();
        e.observe_furniture("Become a Member of Daily Planet", None);
        e.observe_furniture("Write to Daily Planet editors", None);
        e.observe_furniture("www.dailyplanet.org is a registered charity", None);
        assert_eq!(e.best().as_deref(), Some("Daily Planet"));

        let mut e = OutletEvidence::default();
        e.observe_furniture("Copyright © Jane Doe, Harbour Times, 2024", None);
        e.observe_furniture("Published in Harbour Times on 3 - 3 - 2024", None);
        assert_eq!(e.best().as_deref(), Some("Harbour Times"));

        let mut e = OutletEvidence::default();
        e.observe_furniture("Support us on Patreon", None);
        assert_eq!(e.best(), None);
    }
}
