//! Lines to blocks: the paragraph-sized units that the boilerplate classifier judges.
//!
//! Scrapes separate paragraphs in different ways: blank lines, one paragraph per line, or
//! hard-wrapped lines inside blank-line separated paragraphs. A group of consecutive non-blank
//! lines is joined only when it looks hard-wrapped (short lines of similar width that run on).

use super::markdown::{clean_line, is_rule, CleanLine};

/// A paragraph-sized unit of the document.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub text: String,
    pub link_chars: usize,
    pub links: usize,
    pub heading: Option<u8>,
    pub list_item: bool,
    pub blockquote: bool,
    /// A thematic break (`---`) separates this block from the previous one.
    pub rule_before: bool,
    /// Segments of the first raw line separated by wide gaps (three or more spaces): headline
    /// tickers run several headlines together on one line this way.
    pub wide_gap_segments: usize,
}

impl Block {
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
    pub fn link_density(&self) -> f64 {
        let chars = self.chars();
        if chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / chars as f64
        }
    }
}

/// Splits a document into blocks, removing markdown syntax when `markdown` is set.
pub fn segment(document: &str, markdown: bool) -> Vec<Block> {
    let lines: Vec<&str> = document.lines().collect();
    let mut blocks = Vec::new();
    let mut group: Vec<(usize, &str, CleanLine)> = Vec::new();
    let mut rule_pending = false;
    let mut in_fence = false;
    for (index, raw) in lines.iter().enumerate() {
        if markdown && (raw.trim_start().starts_with("```") || raw.trim_start().starts_with("~~~"))
        {
            in_fence = !in_fence;
            continue;
        }
        if raw.trim().is_empty() {
            flush(&mut group, &mut blocks, &mut rule_pending);
            continue;
        }
        if markdown && is_rule(raw) {
            let underline = raw.trim_start().starts_with(['=', '-']);
            if underline
                && group.len() == 1
                && group[0].2.heading.is_none()
                && !group[0].2.list_item
            {
                // Setext heading: "Title" over "=====" or "-----".
                group[0].2.heading = Some(if raw.trim_start().starts_with('=') {
                    1
                } else {
                    2
                });
                flush(&mut group, &mut blocks, &mut rule_pending);
            } else {
                flush(&mut group, &mut blocks, &mut rule_pending);
                rule_pending = true;
            }
            continue;
        }
        let clean = clean_line(raw, markdown && !in_fence);
        if clean.text.is_empty() {
            continue;
        }
        group.push((index, raw, clean));
    }
    flush(&mut group, &mut blocks, &mut rule_pending);
    blocks
}

fn flush(
    group: &mut Vec<(usize, &str, CleanLine)>,
    blocks: &mut Vec<Block>,
    rule_pending: &mut bool,
) {
    if group.is_empty() {
        return;
    }
    let widest = group
        .iter()
        .map(|(_, _, l)| l.text.chars().count())
        .max()
        .unwrap_or(0);
    // Hard-wrapped text breaks lines mid-sentence; one-paragraph-per-line text ends each line
    // with a sentence.
    let open_ends = group[..group.len() - 1]
        .iter()
        .filter(|(_, _, l)| !l.text.ends_with(['.', '!', '?', '"', '”']))
        .count();
    let wrapped = group.len() >= 2 && widest <= 120 && open_ends * 2 >= group.len() - 1;
    let mut current: Option<Block> = None;
    let mut previous: Option<&CleanLine> = None;
    for (_, raw, line) in group.iter() {
        let join = match (&current, previous) {
            (Some(_), Some(prev)) => wrapped && runs_on(prev, line, widest),
            _ => false,
        };
        if join {
            let block = current.as_mut().expect("joined onto a block");
            block.text.push(' ');
            block.text.push_str(&line.text);
            block.link_chars += line.link_chars;
            block.links += line.links;
        } else {
            if let Some(done) = current.take() {
                blocks.push(done);
            }
            current = Some(Block {
                text: line.text.clone(),
                link_chars: line.link_chars,
                links: line.links,
                heading: line.heading,
                list_item: line.list_item,
                blockquote: line.blockquote,
                rule_before: std::mem::take(rule_pending),
                wide_gap_segments: wide_gap_segments(raw),
            });
        }
        previous = Some(line);
    }
    if let Some(done) = current {
        blocks.push(done);
    }
    group.clear();
}

/// Whether `next` continues the paragraph of `prev` in hard-wrapped text.
fn runs_on(prev: &CleanLine, next: &CleanLine, widest: usize) -> bool {
    if prev.heading.is_some()
        || next.heading.is_some()
        || next.list_item
        || prev.blockquote != next.blockquote
    {
        return false;
    }
    let prev_len = prev.text.chars().count();
    // Lines of a hard-wrapped paragraph are short (terminals, e-mail) and fill most of the width.
    if widest > 120 || prev_len * 2 < widest || prev_len < 30 {
        return false;
    }
    let next_lower = next.text.chars().next().is_some_and(char::is_lowercase);
    // A headline over a dateline or byline is two lines, not one wrapped paragraph.
    if !next_lower
        && (crate::text::meta::dateline(&next.text).is_some()
            || crate::text::meta::byline_names(&next.text).is_some())
    {
        return false;
    }
    let ends_sentence = prev.text.ends_with(['.', '!', '?', ':', '"', '”', ')']);
    !ends_sentence || next_lower || prev_len * 10 >= widest * 9
}

fn wide_gap_segments(raw: &str) -> usize {
    let mut segments = 0;
    let mut gap = 0;
    let mut in_segment = false;
    for c in raw.trim().chars() {
        if c.is_whitespace() {
            gap += 1;
        } else {
            if !in_segment || gap >= 3 {
                segments += 1;
            }
            in_segment = true;
            gap = 0;
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_single_lines_both_separate_paragraphs() {
        let doc = "Title line\n\nFirst paragraph is long enough to be prose, and it ends here.\nSecond paragraph sits on the next line, long as well and complete.\n";
        let blocks = segment(doc, false);
        assert_eq!(blocks.len(), 3);
        assert!(blocks[2].text.starts_with("Second"));
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let doc = "The committee met on Tuesday to discuss the\nproposal, which would raise the levy on imported\ngrain by four percent over two years.\n\nNext paragraph.";
        let blocks = segment(doc, false);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0].text,
            "The committee met on Tuesday to discuss the proposal, which would raise the levy on imported grain by four percent over two years."
        );
    }

    #[test]
    fn setext_headings_rules_and_tickers() {
        let doc = "Big Title\n=========\n\ntext one\n\n---\n\nafter rule\n\nHeadline one    Headline two    Headline three";
        let blocks = segment(doc, true);
        assert_eq!(blocks[0].heading, Some(1));
        assert!(blocks[2].rule_before);
        assert_eq!(blocks[3].wide_gap_segments, 3);
    }
}
