//! Direct quotes from quotation marks: straight and curly double quotes, guillemets, low-9 and
//! corner brackets, and British-style single quotes. Nested single quotes inside a double quote
//! are part of its content. A quote left open at the end of a paragraph continues into the
//! next one when that paragraph opens with a quotation mark (the newspaper convention for a
//! quotation that runs over several paragraphs); otherwise it is reported as unclosed.

use std::ops::Range;

/// A quotation found from its marks. Offsets are bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark (the paragraph end when unclosed).
    pub close: usize,
    /// The quoted words: inside the marks, trimmed of spaces and of a trailing comma.
    pub content: Range<usize>,
    /// A closing mark was found.
    pub closed: bool,
    /// Quoted with single quotes.
    pub single: bool,
    /// The opening mark is the first character of its paragraph.
    pub starts_paragraph: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Corner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Open,
    Close,
    Either,
}

fn classify(c: char) -> Option<(Family, Direction)> {
    Some(match c {
        '"' | '＂' => (Family::Double, Direction::Either),
        '“' | '„' | '‟' | '«' => (Family::Double, Direction::Open),
        '”' | '»' => (Family::Double, Direction::Close),
        '\'' => (Family::Single, Direction::Either),
        '‘' | '‚' | '‹' => (Family::Single, Direction::Open),
        '’' | '›' => (Family::Single, Direction::Close),
        '「' | '『' => (Family::Corner, Direction::Open),
        '」' | '』' => (Family::Corner, Direction::Close),
        _ => return None,
    })
}

fn opens_before(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
}

fn closes_after(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '/' | '…'
    )
}

/// One quotation mark with what its neighbours allow it to do.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: usize,
    family: Family,
    can_open: bool,
    can_close: bool,
}

fn mark_at(at: usize, c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    let (family, direction) = classify(c)?;
    let is_mark = |c: char| classify(c).is_some();
    // A mark squeezed between a full stop and a capital ("said.”You have") opens a quote.
    let typo_open =
        prev.is_some_and(|p| matches!(p, '.' | '!' | '?')) && next.is_some_and(char::is_uppercase);
    let left = next.is_some_and(|n| !n.is_whitespace())
        && (prev.is_none_or(|p| p.is_whitespace() || opens_before(p) || is_mark(p)) || typo_open);
    let right = prev.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| n.is_whitespace() || closes_after(n) || is_mark(n));
    let (can_open, can_close) = match (family, direction) {
        // Apostrophes are far more common than single quotes: only clear flanking counts.
        (Family::Single, _) | (_, Direction::Either) => (left, right),
        // A directed mark does what its shape says, and the opposite only when its neighbours
        // clearly say so (German „…“ closes with “, Swedish ”…” opens with ”).
        (_, Direction::Open) => (true, right && !left),
        (_, Direction::Close) => (left && !right, !typo_open),
    };
    Some(Mark {
        at,
        len: c.len_utf8(),
        family,
        can_open,
        can_close,
    })
}

/// The quotation marks of one paragraph, in order.
fn marks(text: &str, paragraph: &Range<usize>) -> Vec<Mark> {
    let body = &text[paragraph.clone()];
    let mut out = Vec::new();
    for (i, byte) in body.bytes().enumerate() {
        // Every mark is '"', '\'' or outside ASCII: other ASCII bytes (most of a text) and
        // the inner bytes of a character are passed over without decoding.
        let maybe_mark = if byte.is_ascii() {
            matches!(byte, b'"' | b'\'')
        } else {
            body.is_char_boundary(i)
        };
        if !maybe_mark {
            continue;
        }
        let c = body[i..].chars().next().expect("a character starts here");
        if classify(c).is_some() {
            let prev = body[..i].chars().next_back();
            let next = body[i + c.len_utf8()..].chars().next();
            if let Some(mark) = mark_at(paragraph.start + i, c, prev, next) {
                out.push(mark);
            }
        }
    }
    out
}

/// Trims spaces, and a trailing comma that stands in for a full stop before the speaker.
fn trim_content(text: &str, mut range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    range.start += lead;
    loop {
        let s = &text[range.clone()];
        let trimmed = s.trim_end().trim_end_matches(',');
        if trimmed.len() == s.len() {
            break;
        }
        range.end = range.start + trimmed.len();
    }
    range
}

/// Finds the direct quotations of a text whose paragraphs are `paragraphs` (byte ranges).
pub fn find(text: &str, paragraphs: &[Range<usize>]) -> Vec<Marked> {
    let mut out = Vec::new();
    // An open quotation carried from the previous paragraph: (opening mark, paragraph start).
    let mut carried: Option<(Mark, bool)> = None;
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let marks = marks(text, paragraph);
        let starts_with_mark = |m: &Mark| text[paragraph.start..m.at].trim().is_empty();
        let mut open: Option<(Mark, bool)> = carried.take();
        let mut skip_first = open.is_some();
        for mark in marks.iter().copied() {
            if skip_first {
                // The mark that re-opens a continued quotation.
                skip_first = false;
                continue;
            }
            match open {
                Some((o, starts)) => {
                    let same = mark.family == o.family;
                    if same && mark.can_close {
                        let content = trim_content(text, o.at + o.len..mark.at);
                        if !content.is_empty() {
                            out.push(Marked {
                                open: o.at,
                                close: mark.at + mark.len,
                                content,
                                closed: true,
                                single: o.family == Family::Single,
                                starts_paragraph: starts,
                            });
                        }
                        open = None;
                    } else if same && mark.can_open {
                        // Two openings in a row: the first was a stray mark.
                        open = Some((mark, starts_with_mark(&mark)));
                    } else if o.family == Family::Single
                        && mark.family != Family::Single
                        && mark.can_open
                    {
                        // A double quote opening while a "single quote" is open: the single
                        // mark was an apostrophe.
                        open = Some((mark, starts_with_mark(&mark)));
                    }
                    // Other marks inside a quotation (nested single quotes, apostrophes) are
                    // part of its content.
                }
                None => {
                    if mark.can_open {
                        open = Some((mark, starts_with_mark(&mark)));
                    }
                }
            }
        }
        if let Some((o, starts)) = open {
            let next_opens = paragraphs.get(p + 1).is_some_and(|next| {
                let first = text[next.clone()].trim_start().chars().next();
                first.and_then(classify).is_some_and(|(family, direction)| {
                    family == o.family && direction != Direction::Close
                })
            });
            if next_opens && o.family != Family::Single {
                carried = Some((o, starts));
            } else if o.family != Family::Single {
                let content = trim_content(text, o.at + o.len..paragraph.end);
                if !content.is_empty() {
                    out.push(Marked {
                        open: o.at,
                        close: paragraph.end,
                        content,
                        closed: false,
                        single: false,
                        starts_paragraph: starts,
                    });
                }
            }
        }
    }
    if let Some((o, starts)) = carried {
        let end = paragraphs.last().map_or(text.len(), |p| p.end);
        let content = trim_content(text, o.at + o.len..end);
        if !content.is_empty() {
            out.push(Marked {
                open: o.at,
                close: end,
                content,
                closed: false,
                single: false,
                starts_paragraph: starts,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            out.push(start..at);
            start = at + 2;
        }
        out.push(start..text.len());
        out
    }

    fn quoted(text: &str) -> Vec<(String, bool)> {
        find(text, &paragraphs(text))
            .into_iter()
            .map(|m| (text[m.content].to_string(), m.closed))
            .collect()
    }

    #[test]
    fn straight_and_curly_quotes_pair_up() {
        let text = "\"We will win,\" he said. “They lost,” she said.";
        assert_eq!(
            quoted(text),
            vec![("We will win".into(), true), ("They lost".into(), true)]
        );
    }

    #[test]
    fn nested_single_quotes_and_apostrophes_stay_inside() {
        let text = "“He told me ‘never again’ and didn’t look back,” she said.";
        assert_eq!(
            quoted(text),
            vec![("He told me ‘never again’ and didn’t look back".into(), true)]
        );
    }

    #[test]
    fn a_quote_continues_into_a_paragraph_that_opens_with_a_mark() {
        let text = "\"First part of it.\n\n\"Second part,\" he said.\n\nNarrative.";
        let found = find(text, &paragraphs(text));
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].content.clone()],
            "First part of it.\n\n\"Second part"
        );
        assert!(found[0].closed && found[0].starts_paragraph);
    }

    #[test]
    fn unbalanced_marks_do_not_swallow_the_text() {
        let text = "He measured 12\" of rain. Then \"it stopped\n\nNext paragraph \"ok\" here.";
        let found = quoted(text);
        assert_eq!(
            found,
            vec![("it stopped".into(), false), ("ok".into(), true)]
        );
    }

    #[test]
    fn british_single_quotes_and_guillemets() {
        assert_eq!(
            quoted("‘We were lucky,’ she said. « C'est fini », dit-il."),
            vec![("We were lucky".into(), true), ("C'est fini".into(), true)]
        );
        assert_eq!(quoted("The residents' homes and the '90s."), vec![]);
    }
}
