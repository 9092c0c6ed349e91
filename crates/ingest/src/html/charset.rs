//! Decoding HTML bytes into text: byte-order mark, then valid UTF-8, then the declared charset
//! (`<meta charset>` or `http-equiv` Content-Type), then windows-1252 as browsers do.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// The page's text. Undecodable bytes become U+FFFD; this never fails.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return match encoding.decode_without_bom_handling(&bytes[bom_len..]) {
            (Cow::Borrowed(text), _) => Cow::Borrowed(text),
            (Cow::Owned(text), _) => Cow::Owned(text),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let encoding = declared_encoding(bytes).unwrap_or(WINDOWS_1252);
    let encoding = if encoding == UTF_8 { UTF_8 } else { encoding };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text
}

/// The charset a `<meta>` element declares within the first 4 KiB, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut from = 0;
    while let Some(i) = find_ascii_case_insensitive(&head[from..], b"charset") {
        let mut pos = from + i + b"charset".len();
        from = pos;
        while pos < head.len() && matches!(head[pos], b' ' | b'\t' | b'\n' | b'\r') {
            pos += 1;
        }
        if head.get(pos) != Some(&b'=') {
            continue;
        }
        pos += 1;
        while pos < head.len() && matches!(head[pos], b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'') {
            pos += 1;
        }
        let start = pos;
        while pos < head.len()
            && (head[pos].is_ascii_alphanumeric() || matches!(head[pos], b'-' | b'_' | b':' | b'.'))
        {
            pos += 1;
        }
        if let Some(encoding) = Encoding::for_label(&head[start..pos]) {
            return Some(encoding);
        }
    }
    None
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_declared_and_fallback() {
        assert_eq!(decode("Grüße".as_bytes()), "Grüße");
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), "hi");
        let latin1 = b"<meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe</p>";
        assert_eq!(decode(latin1), "<meta charset=\"iso-8859-1\"><p>Grüße</p>");
        let declared =
            b"<meta http-equiv=Content-Type content='text/html; charset=windows-1251'>\xcf\xf0\xe8";
        assert!(decode(declared).ends_with("При"));
        assert_eq!(decode(b"caf\xe9"), "café");
    }
}
