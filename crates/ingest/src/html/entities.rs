//! Character references (`&amp;`, `&#8217;`, `&#x2019;`) in HTML text and attribute values.

use std::borrow::Cow;

mod table;

/// Appends `raw` to `out` with every character reference decoded.
///
/// `in_attribute` applies the legacy rule for attribute values: a reference without `;` that is
/// followed by `=` or an alphanumeric character stays literal (query strings in `href`).
pub fn decode_into(raw: &str, in_attribute: bool, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut last = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'&', &bytes[pos..]) {
        let amp = pos + offset;
        match reference_at(raw, amp, in_attribute) {
            Some((decoded, end)) => {
                out.push_str(&raw[last..amp]);
                push_decoded(decoded, out);
                last = end;
                pos = end;
            }
            None => pos = amp + 1,
        }
    }
    out.push_str(&raw[last..]);
}

/// `raw` with references decoded, borrowed when there is nothing to decode.
pub fn decode(raw: &str, in_attribute: bool) -> Cow<'_, str> {
    if memchr::memchr(b'&', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    decode_into(raw, in_attribute, &mut out);
    Cow::Owned(out)
}

enum Decoded {
    Char(char),
    Str(&'static str),
}

fn push_decoded(decoded: Decoded, out: &mut String) {
    match decoded {
        Decoded::Char(c) => out.push(c),
        Decoded::Str(s) => out.push_str(s),
    }
}

/// The reference starting at `amp` (which holds `&`) and the byte offset just after it.
fn reference_at(raw: &str, amp: usize, in_attribute: bool) -> Option<(Decoded, usize)> {
    let bytes = raw.as_bytes();
    let start = amp + 1;
    if bytes.get(start) == Some(&b'#') {
        return numeric_reference(bytes, start + 1);
    }
    // Longest name in the table is far below 32 bytes; a longer run is not a reference.
    let mut end = start;
    while end < bytes.len() && end - start < 32 && bytes[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if end == start {
        return None;
    }
    let name = &raw[start..end];
    if bytes.get(end) == Some(&b';') {
        if let Ok(i) = table::NAMED.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())) {
            return Some((Decoded::Str(table::NAMED[i].1), end + 1));
        }
        return None;
    }
    if in_attribute && matches!(bytes.get(end), Some(b'=')) {
        return None;
    }
    if table::LEGACY
        .binary_search_by(|n| n.as_bytes().cmp(name.as_bytes()))
        .is_ok()
    {
        let i = table::NAMED
            .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
            .ok()?;
        return Some((Decoded::Str(table::NAMED[i].1), end));
    }
    None
}

fn numeric_reference(bytes: &[u8], mut pos: usize) -> Option<(Decoded, usize)> {
    let hex = matches!(bytes.get(pos), Some(b'x' | b'X'));
    if hex {
        pos += 1;
    }
    let digits_start = pos;
    let mut value: u32 = 0;
    while let Some(&b) = bytes.get(pos) {
        let digit = if hex {
            (b as char).to_digit(16)
        } else {
            (b as char).to_digit(10)
        };
        let Some(digit) = digit else { break };
        // Saturate: an overlong number is still one (invalid) reference.
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(digit);
        pos += 1;
    }
    if pos == digits_start {
        return None;
    }
    if bytes.get(pos) == Some(&b';') {
        pos += 1;
    }
    Some((Decoded::Char(numeric_char(value)), pos))
}

/// Browsers map C1 control code points to their windows-1252 meaning and invalid ones to U+FFFD.
fn numeric_char(value: u32) -> char {
    const WINDOWS_1252: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}',
        '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}',
        '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize],
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_numeric_and_legacy_references() {
        assert_eq!(decode("Fish &amp; chips", false), "Fish & chips");
        assert_eq!(
            decode("it&#8217;s &#x201C;ok&#x201d;", false),
            "it\u{2019}s \u{201C}ok\u{201D}"
        );
        assert_eq!(decode("caf&eacute; M&uuml;nchen", false), "café München");
        assert_eq!(decode("a&nbsp;b &copy 2020", false), "a\u{a0}b © 2020");
        assert_eq!(decode("&#150; dash", false), "\u{2013} dash");
    }

    #[test]
    fn leaves_unknown_and_attribute_query_strings_alone() {
        assert_eq!(decode("AT&T &bogus; & done", false), "AT&T &bogus; & done");
        assert_eq!(decode("?a=1&copy=2", true), "?a=1&copy=2");
        assert_eq!(decode("&#xZZ; &#99999999999;", false), "&#xZZ; \u{FFFD}");
        assert_eq!(decode("trailing &", false), "trailing &");
    }
}
