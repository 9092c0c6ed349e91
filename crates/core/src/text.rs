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
        // A character starts at every byte that is not a UTF-8 continuation byte
        // (0b10xx_xxxx): one compare per byte instead of decoding each character, and one
        // allocation of the most that can be needed instead of growing.
        let mut char_starts: Vec<u32> = Vec::with_capacity(text.len() + 1);
        for (b, &byte) in text.as_bytes().iter().enumerate() {
            if (byte as i8) >= -0x40 {
                char_starts.push(b as u32);
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
        let ascii = CharIndex::new("plain");
        assert_eq!(ascii.char_of(3), 3);
        assert_eq!(ascii.slice("plain", 1, 3), "la");
    }
}
