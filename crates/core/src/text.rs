//! Conversions between byte offsets (how Rust slices `str`) and character offsets (what the
//! record stores).

/// Number of Unicode scalar values in `s`.
pub fn char_len(s: &str) -> usize {
    // ASCII fast path: most news text is mostly ASCII.
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A byte-to-character offset table for one text, built once and queried many times.
///
/// For ASCII text both offsets coincide and the table stays empty.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `char_starts[i]` is the byte offset of character `i`; one extra entry holds the length.
    /// Empty when the text is pure ASCII.
    char_starts: Vec<u32>,
    byte_len: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                char_starts: Vec::new(),
                byte_len: text.len(),
            };
        }
        // Runs of ASCII (most of any news text) are found eight bytes at a time and their
        // offsets appended as a range; only a character outside ASCII is decoded. One
        // allocation of the most that can be needed instead of growing.
        let bytes = text.as_bytes();
        let mut char_starts: Vec<u32> = Vec::with_capacity(text.len() + 1);
        let mut at = 0;
        while at < bytes.len() {
            let run_end = at + ascii_prefix_len(&bytes[at..]);
            char_starts.extend(at as u32..run_end as u32);
            at = run_end;
            if let Some(c) = text[at..].chars().next() {
                char_starts.push(at as u32);
                at += c.len_utf8();
            }
        }
        char_starts.push(text.len() as u32);
        CharIndex {
            char_starts,
            byte_len: text.len(),
        }
    }

    /// Character offset of a byte offset. A byte offset inside a multi-byte character maps
    /// to that character's start.
    pub fn char_of(&self, byte: usize) -> usize {
        if self.char_starts.is_empty() {
            return byte.min(self.byte_len);
        }
        match self.char_starts.binary_search(&(byte as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of a character offset (clamped to the end of the text).
    pub fn byte_of(&self, char_offset: usize) -> usize {
        if self.char_starts.is_empty() {
            return char_offset.min(self.byte_len);
        }
        let last = self.char_starts.len() - 1;
        self.char_starts[char_offset.min(last)] as usize
    }

    /// Character count of the whole text.
    pub fn char_count(&self) -> usize {
        if self.char_starts.is_empty() {
            self.byte_len
        } else {
            self.char_starts.len() - 1
        }
    }

    /// The text between two character offsets.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        &text[self.byte_of(start)..self.byte_of(end)]
    }
}

/// How many bytes at the start of `bytes` are ASCII, tested eight at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("chunks of eight bytes"));
        if word & HIGH_BITS != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..].iter().take_while(|b| b.is_ascii()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_offsets_round_trip() {
        let text = "Deir ez-Zor — “ISIS” é";
        let index = CharIndex::new(text);
        for (char_offset, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_of(byte), char_offset);
            assert_eq!(index.byte_of(char_offset), byte);
        }
        assert_eq!(index.char_count(), text.chars().count());
        assert_eq!(index.slice(text, 14, 20), "“ISIS”");
        for byte in 0..=text.len() + 2 {
            let expected = text
                .char_indices()
                .take_while(|&(b, _)| b <= byte)
                .count()
                .saturating_sub(1)
                + usize::from(byte >= text.len());
            assert_eq!(index.char_of(byte), expected, "byte {byte}");
        }
        assert_eq!(index.byte_of(index.char_count() + 3), text.len());
        let ascii = CharIndex::new("plain");
        assert_eq!(ascii.char_of(3), 3);
        assert_eq!(ascii.slice("plain", 1, 3), "la");
    }
}
