//! BERT text normalization and word splitting, drawing the same lines as the reference tokenizer.
//!
//! Order matters and follows the reference: clean (drop control/format/private-use characters,
//! turn whitespace into spaces), pad CJK ideographs with spaces, NFD + drop non-spacing marks
//! (accent stripping), lowercase; then split on whitespace and isolate each punctuation character.
//! Everything is a lazy iterator so that a huge input costs only what truncation keeps.

use unicode_normalization::UnicodeNormalization;

use super::unicode_tables::{NONSPACING_MARKS, PUNCTUATION, REMOVED};

/// Which normalization steps run; read from tokenizer.json's `BertNormalizer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormalizerSettings {
    pub clean_text: bool,
    pub handle_chinese_chars: bool,
    pub strip_accents: bool,
    pub lowercase: bool,
}

impl Default for NormalizerSettings {
    /// The uncased BERT settings (all steps on), as all-MiniLM-L6-v2 uses.
    fn default() -> Self {
        NormalizerSettings {
            clean_text: true,
            handle_chinese_chars: true,
            strip_accents: true,
            lowercase: true,
        }
    }
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_whitespace(c: char) -> bool {
    c.is_whitespace()
}

fn is_removed(c: char) -> bool {
    c == '\0' || c == '\u{FFFD}' || in_table(REMOVED, c)
}

pub(crate) fn is_punctuation(c: char) -> bool {
    in_table(PUNCTUATION, c)
}

/// CJK Unified Ideographs and their extensions and compatibility blocks (not kana or hangul,
/// which are written with spaces between words).
fn is_cjk_ideograph(c: char) -> bool {
    matches!(
        c as u32,
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

/// The normalized characters of `text`, lazily.
pub(crate) fn normalized_chars(
    text: &str,
    settings: NormalizerSettings,
) -> impl Iterator<Item = char> + '_ {
    let cleaned = text.chars().filter_map(move |c| {
        if !settings.clean_text {
            Some(c)
        } else if is_removed(c) {
            None
        } else if is_whitespace(c) {
            Some(' ')
        } else {
            Some(c)
        }
    });
    // Padding every ideograph with spaces makes each one a word of its own.
    let spaced = cleaned.flat_map(move |c| {
        let padded = settings.handle_chinese_chars && is_cjk_ideograph(c);
        let pad = padded.then_some(' ');
        pad.into_iter().chain(std::iter::once(c)).chain(pad)
    });
    let stripped: Box<dyn Iterator<Item = char> + '_> = if settings.strip_accents {
        Box::new(spaced.nfd().filter(|&c| !in_table(NONSPACING_MARKS, c)))
    } else {
        Box::new(spaced)
    };
    stripped.flat_map(move |c| {
        let lower = settings.lowercase.then(|| c.to_lowercase());
        let keep = (!settings.lowercase).then_some(c);
        lower.into_iter().flatten().chain(keep)
    })
}

/// Splits normalized characters into words: whitespace separates, punctuation stands alone.
/// `on_word` returns false to stop early (once truncation has what it needs).
pub(crate) fn for_each_word(
    chars: impl Iterator<Item = char>,
    mut on_word: impl FnMut(&str) -> bool,
) {
    let mut word = String::new();
    for c in chars {
        if is_whitespace(c) {
            if !word.is_empty() {
                if !on_word(&word) {
                    return;
                }
                word.clear();
            }
        } else if is_punctuation(c) {
            if !word.is_empty() {
                if !on_word(&word) {
                    return;
                }
                word.clear();
            }
            let mut buf = [0u8; 4];
            if !on_word(c.encode_utf8(&mut buf)) {
                return;
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        on_word(&word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(text: &str) -> String {
        normalized_chars(text, NormalizerSettings::default()).collect()
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(normalized_chars(text, NormalizerSettings::default()), |w| {
            out.push(w.to_string());
            true
        });
        out
    }

    #[test]
    fn lowercases_and_strips_accents() {
        assert_eq!(normalize("Crème Brûlée in İzmir"), "creme brulee in izmir");
        assert_eq!(normalize("ÅNGSTRÖM"), "angstrom");
    }

    #[test]
    fn cleans_controls_and_maps_whitespace_to_spaces() {
        assert_eq!(
            normalize("a\u{00AD}b\tc\u{200B}d\u{2003}e\u{0007}f\u{E000}g"),
            "ab cd efg"
        );
    }

    #[test]
    fn isolates_cjk_ideographs_but_not_kana() {
        assert_eq!(
            words("東京タワーは高い"),
            ["東", "京", "タワーは", "高", "い"]
        );
    }

    #[test]
    fn isolates_punctuation_including_ascii_symbols() {
        assert_eq!(
            words("U.S.-led talks ($5bn) \u{201C}stalled\u{201D}"),
            [
                "u", ".", "s", ".", "-", "led", "talks", "(", "$", "5bn", ")", "\u{201C}",
                "stalled", "\u{201D}"
            ]
        );
    }

    #[test]
    fn stops_when_asked() {
        let mut seen = Vec::new();
        for_each_word("one two three four".chars(), |w| {
            seen.push(w.to_string());
            seen.len() < 2
        });
        assert_eq!(seen, ["one", "two"]);
    }

    #[test]
    fn settings_switch_steps_off() {
        let cased = NormalizerSettings {
            lowercase: false,
            strip_accents: false,
            ..NormalizerSettings::default()
        };
        let text: String = normalized_chars("Crème", cased).collect();
        assert_eq!(text, "Crème");
    }
}
