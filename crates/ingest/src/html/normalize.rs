//! Whitespace normalisation and the character counts the scorer works with.

/// Whitespace as it renders: ASCII spaces, no-break and other Unicode spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters that render as nothing: soft hyphens, zero-width spaces, word joiners, byte-order
/// marks, and control characters. (Zero-width joiners stay: scripts and emoji need them.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
        || (c.is_control() && !c.is_whitespace())
}

/// Appends `text` to `out` collapsing every whitespace run into one space; `out` never starts
/// with a space. Invisible characters are dropped.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if is_space(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
}

/// `text` with whitespace collapsed and trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Number of characters that are not whitespace; ASCII fast path.
pub fn visible_chars(text: &str) -> u32 {
    let mut count = 0u32;
    if text.is_ascii() {
        for b in text.bytes() {
            count += u32::from(!matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C));
        }
        return count;
    }
    for c in text.chars() {
        count += u32::from(!is_space(c) && !is_invisible(c));
    }
    count
}

/// Commas and their equivalents in other scripts: a sign of running prose.
pub fn commas(text: &str) -> u32 {
    let mut count = memchr::memchr_iter(b',', text.as_bytes()).count() as u32;
    if !text.is_ascii() {
        count += text
            .chars()
            .filter(|c| matches!(c, '，' | '、' | '،'))
            .count() as u32;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_all_kinds_of_space() {
        assert_eq!(collapse("  a\u{a0}\n\tb \u{2009} c  "), "a b c");
        assert_eq!(
            collapse("Ita\u{ad}li\u{ad}ens\u{200b} \u{feff}x\u{0}y"),
            "Italiens xy"
        );
        assert_eq!(visible_chars(" ab c\n"), 3);
        assert_eq!(visible_chars("é è\u{a0}"), 2);
        assert_eq!(commas("a, b， c"), 2);
    }
}
