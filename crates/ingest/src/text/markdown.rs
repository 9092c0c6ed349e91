//! Markdown syntax removal, line by line, keeping track of how much of a line was link text.

/// One source line with markdown syntax removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanLine {
    pub text: String,
    /// Characters of `text` that were inside links.
    pub link_chars: usize,
    /// Number of links on the line.
    pub links: usize,
    /// `# Heading` (level 1-6), or a setext underline was seen for it.
    pub heading: Option<u8>,
    /// `---`, `***`, `___`.
    pub rule: bool,
    /// `- item`, `* item`, `1. item`.
    pub list_item: bool,
    /// `> quoted`.
    pub blockquote: bool,
}

/// Cleans one line. In text mode only whitespace is normalised; in markdown mode block markers
/// and inline syntax (links, images, emphasis, code, escapes, inline HTML) are removed.
pub fn clean_line(raw: &str, markdown: bool) -> CleanLine {
    let mut line = CleanLine::default();
    let trimmed = raw.trim();
    if !markdown {
        line.text = collapse_whitespace(trimmed);
        return line;
    }
    let mut rest = trimmed;
    if is_rule(rest) {
        line.rule = true;
        return line;
    }
    while let Some(r) = rest.strip_prefix('>') {
        line.blockquote = true;
        rest = r.trim_start();
    }
    let hashes = rest.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t']) {
        line.heading = Some(hashes as u8);
        rest = rest[hashes..].trim().trim_end_matches('#').trim_end();
    } else if let Some(r) = strip_list_marker(rest) {
        line.list_item = true;
        rest = r;
    }
    let (text, link_chars, links) = strip_inline(rest);
    line.text = collapse_whitespace(&text);
    line.link_chars = link_chars.min(line.text.chars().count());
    line.links = links;
    line
}

/// Whether the line is a thematic break or a setext underline.
pub fn is_rule(line: &str) -> bool {
    let t = line.trim();
    if t.len() < 3 {
        return false;
    }
    let first = t.as_bytes()[0];
    matches!(first, b'-' | b'*' | b'_' | b'=')
        && t.bytes().all(|b| b == first || b == b' ')
        && t.bytes().filter(|b| *b == first).count() >= 3
}

fn strip_list_marker(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() > 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return Some(s[2..].trim_start());
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && b.len() > digits + 2
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
    {
        return Some(s[digits + 2..].trim_start());
    }
    None
}

/// Removes inline markdown. Returns the text, how many of its characters were link text, and
/// the number of links.
fn strip_inline(s: &str) -> (String, usize, usize) {
    strip_inline_at(s, 0)
}

/// Brackets are matched in one pass up front, so even a line of nothing but brackets costs
/// linear time; link labels are stripped again only one level deep for the same reason.
fn strip_inline_at(s: &str, depth: usize) -> (String, usize, usize) {
    let chars: Vec<char> = s.chars().collect();
    let matches = Matches::of(&chars);
    let mut out = String::with_capacity(s.len());
    let mut link_chars = 0usize;
    let mut links = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // Images carry no article text: drop alt text and target.
                match matches.link(&chars, i + 1) {
                    Some((_, end)) => i = end,
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '[' => match matches.link(&chars, i) {
                Some((label, end)) => {
                    let inner = if depth == 0 {
                        strip_inline_at(&label, depth + 1).0
                    } else {
                        label
                    };
                    link_chars += inner.chars().count();
                    links += 1;
                    out.push_str(&inner);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match autolink_or_tag_end(&chars, i) {
                Some((end, is_link)) => {
                    if is_link {
                        links += 1;
                    }
                    out.push(' ');
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '_' | '~' | '`' => {
                // Emphasis markers: a run of the same marker that touches a word on one side.
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let before = if i == 0 { None } else { Some(chars[i - 1]) };
                let after = chars.get(i + run).copied();
                let flanking = |x: Option<char>| x.is_some_and(|x| !x.is_whitespace());
                let intraword_underscore = c == '_'
                    && before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                if !((flanking(before) || flanking(after)) && !intraword_underscore && run <= 3) {
                    for _ in 0..run {
                        out.push(c);
                    }
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, link_chars, links)
}

/// The closing `]` of every `[` and the closing `)` of every `(`, by nesting.
struct Matches {
    close: Vec<Option<usize>>,
}

impl Matches {
    fn of(chars: &[char]) -> Self {
        let mut close = vec![None; chars.len()];
        let mut brackets = Vec::new();
        let mut parens = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '[' => brackets.push(i),
                ']' => {
                    if let Some(open) = brackets.pop() {
                        close[open] = Some(i);
                    }
                }
                '(' => parens.push(i),
                ')' => {
                    if let Some(open) = parens.pop() {
                        close[open] = Some(i);
                    }
                }
                _ => {}
            }
        }
        Matches { close }
    }

    /// `[label](target)` or `[label][ref]` starting at `open`; the label and the index after.
    fn link(&self, chars: &[char], open: usize) -> Option<(String, usize)> {
        let close = self.close[open]?;
        let label: String = chars[open + 1..close].iter().collect();
        match chars.get(close + 1) {
            Some('(') => Some((label, self.close[close + 1]? + 1)),
            Some('[') => Some((label, self.close[close + 1]? + 1)),
            _ => None,
        }
    }
}

/// `<https://...>` autolinks and inline HTML tags such as `<br>` or `</span>`.
fn autolink_or_tag_end(chars: &[char], open: usize) -> Option<(usize, bool)> {
    let close = chars[open..].iter().take(300).position(|&c| c == '>')? + open;
    let inner: String = chars[open + 1..close].iter().collect();
    if inner.starts_with("http://") || inner.starts_with("https://") || inner.starts_with("mailto:")
    {
        return Some((close + 1, true));
    }
    let name = inner.trim_start_matches('/');
    let tag_like = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count()
            <= 10
        && !inner.contains('<');
    tag_like.then_some((close + 1, false))
}

/// Trims and collapses runs of whitespace (no-break spaces included) into one space.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}') {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_emphasis_and_images_are_removed() {
        let line = clean_line(
            "By [Jane Doe](#) and **bold** _words_ ![pic](a.png) `code`",
            true,
        );
        assert_eq!(line.text, "By Jane Doe and bold words code");
        assert_eq!(line.link_chars, "Jane Doe".len());
        assert_eq!(line.links, 1);
    }

    #[test]
    fn block_markers() {
        let heading = clean_line("## Title here ##", true);
        assert_eq!(
            (heading.text.as_str(), heading.heading),
            ("Title here", Some(2))
        );
        assert!(clean_line("---", true).rule);
        assert!(clean_line("* * *", true).rule);
        let item = clean_line("- first item", true);
        assert!(item.list_item);
        assert_eq!(item.text, "first item");
        assert!(clean_line("> quoted text", true).blockquote);
    }

    #[test]
    fn literal_characters_survive() {
        assert_eq!(
            clean_line("snake_case_name and 5 * 3 = 15", true).text,
            "snake_case_name and 5 * 3 = 15"
        );
        assert_eq!(
            clean_line("a [bracket] alone", true).text,
            "a [bracket] alone"
        );
        assert_eq!(
            clean_line(r"an \*escaped\* star", true).text,
            "an *escaped* star"
        );
        assert_eq!(clean_line("x < y and y > z", true).text, "x < y and y > z");
        assert_eq!(
            clean_line("line<br>break <https://x.org>", true).text,
            "line break"
        );
    }

    #[test]
    fn text_mode_only_normalises_whitespace() {
        assert_eq!(
            clean_line("  a\u{a0}\u{a0} **b**\t c ", false).text,
            "a **b** c"
        );
    }
}
