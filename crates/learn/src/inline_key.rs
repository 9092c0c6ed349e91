//! A string as a hash-table key that keeps short strings inside the key itself.
//!
//! Memo tables keyed by words (the NER word cache, the claims' word classes) are probed once
//! per token. With a boxed key every probe that finds a slot follows a pointer to the stored
//! bytes (a likely cache miss) and calls `memcmp`; an inline key is compared as a fixed-size
//! array in the slot. A string is inline exactly when it fits, so an inline key never equals a
//! boxed one.

/// A string key: up to `N` bytes inline (zero-padded), longer strings boxed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineKey<const N: usize> {
    Inline { len: u8, bytes: [u8; N] },
    Boxed(Box<str>),
}

impl<const N: usize> InlineKey<N> {
    pub fn new(s: &str) -> Self {
        if s.len() <= N && N <= u8::MAX as usize {
            let mut bytes = [0; N];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            InlineKey::Inline {
                len: s.len() as u8,
                bytes,
            }
        } else {
            InlineKey::Boxed(s.into())
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            InlineKey::Inline { len, bytes } => &bytes[..*len as usize],
            InlineKey::Boxed(s) => s.as_bytes(),
        }
    }
}

impl<const N: usize> std::hash::Hash for InlineKey<N> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // By the string's bytes only, as equality goes.
        self.as_bytes().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_strings_are_inline_and_keys_compare_by_content() {
        let short = InlineKey::<8>::new("vile");
        assert!(matches!(short, InlineKey::Inline { len: 4, .. }));
        assert_eq!(short.as_bytes(), b"vile");
        let long = InlineKey::<8>::new("despicable");
        assert!(matches!(long, InlineKey::Boxed(_)));
        assert_eq!(long.as_bytes(), b"despicable");
        assert_eq!(InlineKey::<8>::new("despicable"), long);
        assert_ne!(short, long);
        // Zero padding does not make "a" equal "a\0".
        assert_ne!(InlineKey::<8>::new("a"), InlineKey::<8>::new("a\0"));
    }
}
