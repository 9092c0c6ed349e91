//! A generated near-duplicate set: real articles (FNC-1 bodies, read at run time) and copies
//! of them made the ways syndication and scraping make them, with the other articles of the
//! same story as hard negatives.
//!
//! Copy kinds: **edited** (3-12% of words substituted, deleted or inserted, and a sentence
//! dropped), **boilerplate** (a different intro and footer: syndication notes, newsletter and
//! social prompts, copyright lines, related links), **truncated** (the first 35-80% of the
//! text), **reordered** (paragraphs shuffled, or sentences when there are fewer than three
//! paragraphs), and **combined** (edits, boilerplate and truncation together). Originals that
//! already overlap one another (FNC-1 holds some syndicated copies) are dropped first, by exact
//! shingle overlap, so every pair of distinct originals is a true negative.

use parallax_learn::rng::SplitMix64;

use crate::dedup::shingles;

/// How a generated item relates to its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CopyKind {
    Original,
    Edited,
    Boilerplate,
    Truncated,
    Reordered,
    Combined,
}

impl CopyKind {
    pub const COPIES: [CopyKind; 5] = [
        CopyKind::Edited,
        CopyKind::Boilerplate,
        CopyKind::Truncated,
        CopyKind::Reordered,
        CopyKind::Combined,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CopyKind::Original => "original",
            CopyKind::Edited => "edited",
            CopyKind::Boilerplate => "boilerplate",
            CopyKind::Truncated => "truncated",
            CopyKind::Reordered => "reordered",
            CopyKind::Combined => "combined",
        }
    }
}

/// One text of the set.
#[derive(Debug, Clone)]
pub struct Item {
    pub text: String,
    /// Index of the original (in the kept originals) this item is, or copies.
    pub original: usize,
    pub kind: CopyKind,
    /// The story of the original (copies of one story's articles are hard negatives of
    /// each other's originals).
    pub story: usize,
}

/// An original offered to the generator.
#[derive(Debug, Clone)]
pub struct Original {
    pub story: usize,
    pub text: String,
}

/// The set and what building it dropped.
#[derive(Debug, Clone)]
pub struct NearDupSet {
    pub items: Vec<Item>,
    pub originals: usize,
    /// Originals dropped because they overlap an earlier original.
    pub dropped_overlapping: usize,
    /// Originals dropped as too short (fewer than `MIN_WORDS` words).
    pub dropped_short: usize,
}

const MIN_WORDS: usize = 80;

const INTROS: &[&str] = &[
    "This article originally appeared on {outlet} and is republished here with permission.",
    "Editor's note: this story has been updated with additional reporting from {outlet}.",
    "{outlet} | Breaking news, analysis and opinion. Share this article on Facebook and Twitter.",
    "Advertisement. Continue reading the main story below. Sign in to {outlet} to save articles.",
    "Listen to this article. Estimated reading time: five minutes. Subscribe to {outlet} today.",
];

const FOOTERS: &[&str] = &[
    "Copyright {year} {outlet}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Subscribe to the {outlet} newsletter to get the day's top stories delivered to your inbox every morning.",
    "Follow {outlet} on Twitter, Facebook and Instagram for the latest updates. Comments are closed for this article.",
    "Related coverage: more stories from {outlet}. Report a correction or typo. Read our editorial standards.",
    "Have a news tip? Contact the {outlet} newsroom. Views expressed are the author's own and not those of {outlet}.",
];

const OUTLETS: &[&str] = &[
    "The Daily Ledger",
    "Metro Wire",
    "Valley Courier",
    "NewsFlow",
    "The Evening Standard Post",
    "Harbour Gazette",
    "World Digest",
    "Capital Times Online",
];

fn pick<'a>(rng: &mut SplitMix64, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

fn fill(template: &str, rng: &mut SplitMix64) -> String {
    template
        .replace("{outlet}", pick(rng, OUTLETS))
        .replace("{year}", &(2010 + rng.below(12)).to_string())
}

/// Builds the set from candidate originals: drops short ones and ones overlapping an earlier
/// kept original (exact Jaccard of shingles at least 0.2, or containment at least 0.5), then
/// makes `copies_per_original` copies of each kept original (kinds in rotation).
pub fn build(candidates: &[Original], copies_per_original: usize, seed: u64) -> NearDupSet {
    let mut rng = SplitMix64::new(seed);
    let mut kept: Vec<(usize, Vec<u64>)> = Vec::new();
    let (mut short, mut overlapping) = (0, 0);
    for (i, c) in candidates.iter().enumerate() {
        if c.text.split_whitespace().count() < MIN_WORDS {
            short += 1;
            continue;
        }
        let set = shingles(&c.text);
        let overlaps = kept.iter().any(|(_, other)| {
            let inter = intersection(&set, other) as f64;
            let union = (set.len() + other.len()) as f64 - inter;
            inter / union >= 0.2 || inter / set.len().min(other.len()).max(1) as f64 >= 0.5
        });
        if overlaps {
            overlapping += 1;
            continue;
        }
        kept.push((i, set));
    }
    let mut items = Vec::new();
    for (n, (i, _)) in kept.iter().enumerate() {
        let original = &candidates[*i];
        items.push(Item {
            text: original.text.clone(),
            original: n,
            kind: CopyKind::Original,
            story: original.story,
        });
        for c in 0..copies_per_original {
            let kind = CopyKind::COPIES[(n + c) % CopyKind::COPIES.len()];
            items.push(Item {
                text: make_copy(&original.text, kind, &mut rng),
                original: n,
                kind,
                story: original.story,
            });
        }
    }
    NearDupSet {
        items,
        originals: kept.len(),
        dropped_overlapping: overlapping,
        dropped_short: short,
    }
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A copy of `text` of the given kind.
pub fn make_copy(text: &str, kind: CopyKind, rng: &mut SplitMix64) -> String {
    match kind {
        CopyKind::Original => text.to_string(),
        CopyKind::Edited => edit(text, rng),
        CopyKind::Boilerplate => boilerplate(text, rng),
        CopyKind::Truncated => truncate(text, rng),
        CopyKind::Reordered => reorder(text, rng),
        CopyKind::Combined => {
            let t = edit(text, rng);
            let t = truncate(&t, rng);
            boilerplate(&t, rng)
        }
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    let ps: Vec<String> = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if ps.len() > 1 {
        ps
    } else {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// Sentences of a paragraph, split after `.`, `!` or `?` followed by a space.
fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = paragraph.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

fn edit(text: &str, rng: &mut SplitMix64) -> String {
    let rate = 0.03 + rng.unit_f64() * 0.09;
    let mut ps = paragraphs(text);
    // Drop one sentence of a paragraph with several.
    if let Some(p) = ps.iter_mut().find(|p| sentences(p).len() > 2) {
        let mut s = sentences(p);
        let drop = rng.below(s.len() as u64) as usize;
        s.remove(drop);
        *p = s.join(" ");
    }
    let vocabulary: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    ps.iter()
        .map(|p| {
            let mut out: Vec<String> = Vec::new();
            for w in p.split_whitespace() {
                if rng.unit_f64() < rate {
                    match rng.below(3) {
                        0 => out
                            .push(vocabulary[rng.below(vocabulary.len() as u64) as usize].clone()),
                        1 => {}
                        _ => {
                            out.push(w.to_string());
                            out.push(
                                vocabulary[rng.below(vocabulary.len() as u64) as usize].clone(),
                            );
                        }
                    }
                } else {
                    out.push(w.to_string());
                }
            }
            out.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn boilerplate(text: &str, rng: &mut SplitMix64) -> String {
    let intro = fill(pick(rng, INTROS), rng);
    let footer = fill(pick(rng, FOOTERS), rng);
    let second = fill(pick(rng, FOOTERS), rng);
    format!(
        "{intro}\n\n{}\n\n{footer}\n\n{second}",
        paragraphs(text).join("\n\n")
    )
}

fn truncate(text: &str, rng: &mut SplitMix64) -> String {
    let keep = 0.35 + rng.unit_f64() * 0.45;
    let words = text.split_whitespace().count();
    let target = ((words as f64) * keep) as usize;
    let mut out = Vec::new();
    let mut count = 0;
    for p in paragraphs(text) {
        let mut kept = Vec::new();
        for s in sentences(&p) {
            if count >= target {
                break;
            }
            count += s.split_whitespace().count();
            kept.push(s);
        }
        if !kept.is_empty() {
            out.push(kept.join(" "));
        }
        if count >= target {
            break;
        }
    }
    out.join("\n\n")
}

fn reorder(text: &str, rng: &mut SplitMix64) -> String {
    let mut ps = paragraphs(text);
    if ps.len() >= 3 {
        rng.shuffle(&mut ps);
        return ps.join("\n\n");
    }
    let mut s: Vec<String> = ps.iter().flat_map(|p| sentences(p)).collect();
    rng.shuffle(&mut s);
    s.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn original(story: usize, seed: u64) -> Original {
        let mut rng = SplitMix64::new(seed);
        let words = [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
            "juliet", "kilo", "lima", "mike", "november",
        ];
        let paragraphs: Vec<String> = (0..5)
            .map(|_| {
                (0..4)
                    .map(|_| {
                        let s: Vec<&str> = (0..10).map(|_| pick(&mut rng, &words)).collect();
                        format!("{}.", s.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        Original {
            story,
            text: paragraphs.join("\n\n"),
        }
    }

    #[test]
    fn builds_copies_of_every_kind_and_drops_overlapping_originals() {
        let a = original(0, 1);
        let b = original(0, 2);
        let copy_of_a = Original {
            story: 1,
            text: a.text.clone(),
        };
        let short = Original {
            story: 2,
            text: "too short".into(),
        };
        let set = build(&[a.clone(), b, copy_of_a, short], 5, 9);
        assert_eq!(set.originals, 2);
        assert_eq!((set.dropped_overlapping, set.dropped_short), (1, 1));
        assert_eq!(set.items.len(), 12);
        let kinds: std::collections::BTreeSet<CopyKind> =
            set.items.iter().map(|i| i.kind).collect();
        assert_eq!(kinds.len(), 6);
        let truncated = set
            .items
            .iter()
            .find(|i| i.kind == CopyKind::Truncated)
            .unwrap();
        assert!(truncated.text.len() < a.text.len());
        let boiler = set
            .items
            .iter()
            .find(|i| i.kind == CopyKind::Boilerplate && i.original == 0)
            .unwrap();
        assert!(boiler.text.contains(&paragraphs(&a.text)[0]));
    }
}
