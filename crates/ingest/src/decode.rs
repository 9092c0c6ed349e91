//! Bytes to text: byte-order marks, UTF-8, UTF-16, legacy 8-bit encodings, and binary refusal.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::Reason;

/// Text decoded from an input, with a note when the decoding was not plain UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// Human-readable note for the user, e.g. "not valid UTF-8; decoded as windows-1252".
    pub note: Option<String>,
}

/// Decodes bytes that should hold text. `declared` is an encoding label the container states
/// (an HTTP `charset`, an HTML `<meta charset>`), tried before guessing.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, Reason> {
    if bytes.is_empty() {
        return Err(Reason::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let note = (encoding != UTF_8 || had_errors)
            .then(|| format!("decoded as {} (byte-order mark)", encoding.name()));
        return finish(text.into_owned(), note);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return finish(
            text.into_owned(),
            Some(format!("decoded as {}", encoding.name())),
        );
    }
    refuse_binary(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text.to_owned(), None);
    }
    if let Some(encoding) = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()))
    {
        if encoding != UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            return finish(
                text.into_owned(),
                Some(format!("decoded as declared {}", encoding.name())),
            );
        }
    }
    // Not valid UTF-8. If most non-ASCII bytes break UTF-8, this is a legacy 8-bit encoding
    // (latin-1 text is by far the most common in news scrapes); otherwise it is UTF-8 with a
    // few damaged bytes, and replacing those loses less than reinterpreting everything.
    let (valid, invalid) = utf8_damage(bytes);
    if invalid * 2 > valid {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        finish(
            text.into_owned(),
            Some("not valid UTF-8; decoded as windows-1252 (latin-1)".into()),
        )
    } else {
        let text = String::from_utf8_lossy(bytes).into_owned();
        finish(
            text,
            Some(format!("{invalid} invalid UTF-8 sequence(s) replaced")),
        )
    }
}

fn finish(text: String, note: Option<String>) -> Result<Decoded, Reason> {
    if text.trim().is_empty() {
        return Err(Reason::Empty);
    }
    Ok(Decoded { text, note })
}

/// UTF-16 without a byte-order mark shows as every other byte being NUL.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nul * 10 >= pairs * 9 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuses data that is not text: NUL bytes, or many control characters, in the first 8 KiB.
fn refuse_binary(bytes: &[u8]) -> Result<(), Reason> {
    let sample = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sample).is_some() {
        return Err(Reason::Binary("contains NUL bytes"));
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if control * 20 > sample.len() {
        return Err(Reason::Binary("too many control characters"));
    }
    Ok(())
}

/// Counts well-formed multi-byte UTF-8 sequences and bytes that break UTF-8.
fn utf8_damage(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                valid += rest.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(error) => {
                let good = &bytes[..error.valid_up_to()];
                // Safe: the prefix up to valid_up_to is valid UTF-8.
                valid += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                let skip = error.valid_up_to()
                    + error
                        .error_len()
                        .unwrap_or(bytes.len() - error.valid_up_to());
                bytes = &bytes[skip.min(bytes.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_stripped() {
        assert_eq!(decode("héllo".as_bytes(), None).unwrap().text, "héllo");
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], "hi there".as_bytes()].concat();
        let decoded = decode(&with_bom, None).unwrap();
        assert_eq!(decoded.text, "hi there");
        assert!(decoded.note.is_none());
    }

    #[test]
    fn latin1_is_decoded_with_a_note() {
        let latin1 = b"Caf\xe9 au lait, na\xefve r\xe9sum\xe9 \x93quoted\x94";
        let decoded = decode(latin1, None).unwrap();
        assert_eq!(decoded.text, "Café au lait, naïve résumé “quoted”");
        assert!(decoded.note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn mostly_utf8_with_a_damaged_byte_is_repaired_not_reinterpreted() {
        let mut bytes = "Déjà vu, über naïve — ".repeat(3).into_bytes();
        bytes.push(0xff);
        let decoded = decode(&bytes, None).unwrap();
        assert!(decoded.text.starts_with("Déjà vu"));
        assert!(decoded.note.unwrap().contains("replaced"));
    }

    #[test]
    fn utf16_is_detected_without_bom() {
        let bytes: Vec<u8> = "Plain news text here"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&bytes, None).unwrap().text, "Plain news text here");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00\x00", None),
            Err(Reason::Binary(_))
        ));
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert!(matches!(decode(&junk, None), Err(Reason::Binary(_))));
        assert!(matches!(decode(b"", None), Err(Reason::Empty)));
        assert!(matches!(decode(b"  \n\t ", None), Err(Reason::Empty)));
    }

    #[test]
    fn declared_charset_is_used_for_non_utf8() {
        let bytes = b"\xcf\xf0\xe8\xe2\xe5\xf2"; // "Привет" in windows-1251
        assert_eq!(decode(bytes, Some("windows-1251")).unwrap().text, "Привет");
    }
}
