//! Article extraction from plain-text and markdown scrapes.
//!
//! A scrape is a page flattened to text: the article sits among headline tickers, widget text,
//! bylines and datelines, category labels, share prompts, disclaimers and copyright notices.
//! Extraction works on blocks (paragraph-sized units, see [`blocks`]):
//!
//! 1. every block gets a kind (prose, heading, byline, dateline, label, furniture, ticker) from
//!    line-level features: length, sentence punctuation, function-word ratio, link density, a
//!    boilerplate lexicon ([`boilerplate`]);
//! 2. the title is the heading before the first prose block;
//! 3. the body is the contiguous run of blocks with the highest total "prose weight" (a
//!    maximum-sum segment, so a subheading or a stray label inside the article is bridged while
//!    furniture runs at the top and bottom are cut off); furniture inside it is dropped;
//! 4. metadata comes from the blocks outside the body and the dropped ones ([`meta`]).

mod blocks;
mod boilerplate;
mod markdown;
mod meta;

use blocks::{segment, Block};
use boilerplate::{capitalised_ratio, ends_like_sentence, lexicon_score, stopword_ratio};

use crate::date::DateMatch;
use crate::Extracted;

pub use markdown::collapse_whitespace;

/// What a block is, judged from its own features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prose,
    Heading,
    Byline,
    Dateline,
    /// "Tags: ...", "Region: ...": a short label line.
    Label,
    /// Page furniture: legal notices, share prompts, widget text, related links.
    Furniture,
    /// Several headlines run together on one line.
    Ticker,
    /// Short text that is neither clearly prose nor furniture.
    Fragment,
}

struct Judged {
    block: Block,
    kind: Kind,
    words: usize,
    date: Option<DateMatch>,
    authors: Vec<String>,
}

/// Extracts title, authors, date, outlet and the clean body from a text or markdown scrape.
pub fn extract(document: &str, markdown: bool) -> Extracted {
    let judged: Vec<Judged> = segment(document, markdown).into_iter().map(judge).collect();
    if judged.is_empty() {
        return Extracted::default();
    }
    let title_index = find_title(&judged);
    let weights: Vec<f64> = judged
        .iter()
        .enumerate()
        // The body follows its title: nothing above the title can be body.
        .map(|(i, j)| {
            if title_index.is_some_and(|t| i <= t) {
                f64::NEG_INFINITY
            } else {
                weight(j)
            }
        })
        .collect();
    let body = best_segment(&weights);

    let mut extracted = Extracted {
        title: title_index.map(|i| judged[i].block.text.clone()),
        ..Default::default()
    };
    let mut outlet = meta::OutletEvidence::default();
    let mut reporters = Vec::new();
    let mut paragraphs = Vec::new();
    for (i, j) in judged.iter().enumerate() {
        let inside = body.as_ref().is_some_and(|r| r.contains(&i));
        if inside && matches!(j.kind, Kind::Prose | Kind::Heading | Kind::Fragment) {
            paragraphs.push(j.block.text.clone());
            continue;
        }
        if Some(i) == title_index {
            continue;
        }
        if extracted.authors.is_empty() && !j.authors.is_empty() {
            extracted.authors = j.authors.clone();
        }
        if reporters.is_empty() {
            reporters = meta::reporting_by_names(&j.block.text);
        }
        let before_body = body.as_ref().is_none_or(|r| i < r.end);
        if extracted.published.is_none() && before_body && j.kind == Kind::Dateline {
            extracted.published = j.date.as_ref().map(|d| d.iso.clone());
        }
        if !matches!(j.kind, Kind::Prose) || !inside {
            outlet.observe_furniture(
                &j.block.text,
                if j.kind == Kind::Dateline {
                    j.date.as_ref()
                } else {
                    None
                },
            );
        }
    }
    trim_edges(&mut paragraphs);
    if let Some(first) = paragraphs.first_mut() {
        if let Some((len, wire)) = meta::wire_dateline(first) {
            // The agency that wrote the story; a republisher's own name outweighs it.
            outlet.add(&wire, 2);
            first.replace_range(..len, "");
        }
    }
    if extracted.authors.is_empty() {
        extracted.authors = reporters;
    }
    extracted.outlet = outlet.best();
    extracted.paragraphs = paragraphs;
    extracted
}

fn judge(block: Block) -> Judged {
    let text = block.text.as_str();
    let words = text.split_whitespace().count();
    let lexicon = lexicon_score(text);
    let mut date = None;
    let mut authors = Vec::new();
    let kind = if block.wide_gap_segments >= 3 && !ends_like_sentence(text) {
        Kind::Ticker
    } else if let Some(names) = meta::byline_names(text) {
        authors = names;
        date = meta::dateline(text);
        if lexicon >= 3 && authors.is_empty() {
            Kind::Furniture
        } else {
            Kind::Byline
        }
    } else if let Some(found) = meta::dateline(text) {
        date = Some(found);
        Kind::Dateline
    } else if lexicon >= 3 || (lexicon >= 2 && words < 25) || block.link_density() > 0.6 {
        Kind::Furniture
    } else if is_label(text, block.link_density()) {
        Kind::Label
    } else if block.heading.is_some() {
        Kind::Heading
    } else if block.list_item || block.blockquote {
        if is_prose(text, words) {
            Kind::Prose
        } else {
            Kind::Fragment
        }
    } else if is_prose(text, words) {
        Kind::Prose
    } else if words <= 20 && !ends_like_sentence(text) && capitalised_ratio(text) >= 0.5 {
        Kind::Heading
    } else {
        Kind::Fragment
    };
    Judged {
        block,
        kind,
        words,
        date,
        authors,
    }
}

fn is_prose(text: &str, words: usize) -> bool {
    if words < 6 {
        return false;
    }
    let sentence_like = ends_like_sentence(text) || words >= 20;
    // Non-Latin scripts and languages outside the stopword list still count as prose when long.
    sentence_like && (stopword_ratio(text) >= 0.12 || words >= 25 || text.contains(", "))
}

/// "Section: [World](..)": a capitalised label of up to three words and a short, linked
/// value. (Labels with a known name are furniture already; unlinked "Plan B: Next Steps" lines
/// are subheadings.)
fn is_label(text: &str, link_density: f64) -> bool {
    let Some((label, value)) = text.split_once(':') else {
        return false;
    };
    let label_words = label.split_whitespace().count();
    let value_words = value.split_whitespace().count();
    link_density >= 0.4
        && label.chars().next().is_some_and(char::is_uppercase)
        && (1..=3).contains(&label_words)
        && value_words <= 8
        && !ends_like_sentence(value)
        && !value.trim_start().starts_with(['"', '“'])
}

/// How much a block adds to the body: prose adds its length; furniture subtracts its length
/// (so a long disclaimer is never absorbed); small in-between blocks cost a little, so the
/// body can bridge a subheading or a stray label but stops at runs of them.
fn weight(j: &Judged) -> f64 {
    let words = j.words as f64;
    // A thematic break often separates the article from what follows it.
    let boundary = if j.block.rule_before { -3.0 } else { 0.0 };
    boundary
        + match j.kind {
            Kind::Prose => words,
            Kind::Heading => -1.0,
            Kind::Fragment => -2.0,
            Kind::Byline | Kind::Dateline | Kind::Label => -3.0,
            Kind::Ticker => -(words.max(20.0)),
            Kind::Furniture => {
                if j.words <= 12 {
                    -6.0
                } else {
                    -(words.max(12.0))
                }
            }
        }
}

/// The contiguous run of blocks with the largest total weight.
fn best_segment(weights: &[f64]) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(f64, usize, usize)> = None;
    let mut start = 0usize;
    let mut sum = 0.0f64;
    for (i, &w) in weights.iter().enumerate() {
        if sum <= 0.0 {
            start = i;
            sum = 0.0;
        }
        sum += w;
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i + 1));
        }
    }
    best.map(|(_, s, e)| s..e)
}

/// The title, in order of evidence: a markdown heading near the top; a heading-like block
/// directly above a byline or dateline; else the heading-like block closest before the first
/// substantial prose block (skipping bylines, datelines, labels and furniture).
fn find_title(judged: &[Judged]) -> Option<usize> {
    let first_prose = judged
        .iter()
        .position(|j| j.kind == Kind::Prose && j.words >= 12)?;
    let first_long = judged
        .iter()
        .position(|j| j.kind == Kind::Prose && j.words >= 30)
        .unwrap_or(first_prose);
    let header = &judged[..first_long.max(first_prose).max(12.min(judged.len()))];
    if let Some(i) = judged[..first_prose]
        .iter()
        .position(|j| j.block.heading.is_some_and(|level| level <= 2) && title_like(j))
    {
        return Some(i);
    }
    let headline = |j: &Judged| matches!(j.kind, Kind::Heading | Kind::Fragment) && title_like(j);
    if let Some(i) = header.windows(2).position(|pair| {
        headline(&pair[0]) && matches!(pair[1].kind, Kind::Byline | Kind::Dateline)
    }) {
        return Some(i);
    }
    judged[..first_prose].iter().rposition(|j| {
        headline(j)
            || (j.kind == Kind::Prose && j.words <= 30 && !ends_like_sentence(&j.block.text))
    })
}

fn title_like(j: &Judged) -> bool {
    (2..=35).contains(&j.words) && j.block.link_density() < 0.5 && lexicon_score(&j.block.text) < 2
}

/// Drops headings and fragments left at either end of the body.
fn trim_edges(paragraphs: &mut Vec<String>) {
    let dangling = |p: &String| p.split_whitespace().count() < 6 && !ends_like_sentence(p);
    while paragraphs.last().is_some_and(dangling) {
        paragraphs.pop();
    }
    let leading = paragraphs.iter().take_while(|p| dangling(p)).count();
    paragraphs.drain(..leading);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRAPE: &str = "\
World    Sport    Business    Culture    Weather

Thanks for subscribing!

Harbour fire forces evacuation of Portville docks

By Lena Ortiz and Samir Haddad

Harbour Times, March 3, 2024

Tags: [Portville](#), [Fires](#)

A fire that broke out at a grain terminal in Portville on Sunday forced the evacuation of hundreds of dock workers, the harbour authority said.

Fire crews fought the blaze for nine hours. \"We had never seen anything like it,\" said deputy fire chief Mara Quist, adding that nobody had been seriously hurt.

What happens next

The harbour authority said an inquiry would report within a month, and that the terminal would stay closed until then.

Share this article: [Facebook](#) [Twitter](#)

© 2024 Harbour Times. All rights reserved. Reproduction without permission is prohibited and the views of contributors are their own.

Visit www.harbourtimes.com for more.
";

    #[test]
    fn scrape_metadata_and_body() {
        let e = extract(SCRAPE, true);
        assert_eq!(
            e.title.as_deref(),
            Some("Harbour fire forces evacuation of Portville docks")
        );
        assert_eq!(e.authors, vec!["Lena Ortiz", "Samir Haddad"]);
        assert_eq!(e.published.as_deref(), Some("2024-03-03"));
        assert_eq!(e.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(e.paragraphs.len(), 4);
        assert!(e.paragraphs[0].starts_with("A fire that broke out"));
        assert_eq!(e.paragraphs[2], "What happens next");
        assert!(e.paragraphs[3].ends_with("stay closed until then."));
    }

    #[test]
    fn wire_dateline_is_removed_from_the_body_and_names_the_outlet() {
        let doc = "Storm cuts power to island\n\nNORTHPORT, May 2 (Meridian Wire) - A storm cut power to most of the island on Thursday, the utility said, leaving 40,000 homes dark.\n\nCrews expected to restore supply by the weekend, a spokesman for the utility said on Friday.\n\nReporting by Ann Lee; Editing by Tom Gray\n";
        let e = extract(doc, false);
        assert_eq!(e.title.as_deref(), Some("Storm cuts power to island"));
        assert!(e.paragraphs[0].starts_with("A storm cut power"));
        assert_eq!(e.outlet.as_deref(), Some("Meridian Wire"));
        assert_eq!(e.authors, vec!["Ann Lee"]);
        assert_eq!(e.paragraphs.len(), 2);
    }

    #[test]
    fn untitled_prose_keeps_everything_and_invents_nothing() {
        let doc = "The committee approved the budget on Tuesday after a debate that lasted most of the night.\n\nThe vote was 7 to 4, with two abstentions, and the plan now goes to the full council.\n";
        let e = extract(doc, false);
        assert_eq!(e.title, None);
        assert_eq!(e.paragraphs.len(), 2);
        assert_eq!((e.outlet, e.published), (None, None));
        assert!(e.authors.is_empty());
    }

    #[test]
    fn empty_and_furniture_only_documents_have_no_body() {
        assert!(extract("", false).paragraphs.is_empty());
        assert!(
            extract("Share this article\n\nSign up for our newsletter\n", false)
                .paragraphs
                .is_empty()
        );
    }
}
