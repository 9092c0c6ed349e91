//! Stable identifiers derived from content.

use sha2::{Digest, Sha256};

/// The record id of an input: the first 16 hex digits of the SHA-256 of its bytes, so the same
/// bytes always give the same id, whatever the file is called.
pub fn stable_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex(&digest[..8])
}

/// A stable key for a string (entity names, outlet names): 16 hex digits of its SHA-256.
pub fn stable_key(s: &str) -> String {
    stable_id(s.as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_bytes_same_id() {
        assert_eq!(super::stable_id(b"abc"), super::stable_id(b"abc"));
        assert_ne!(super::stable_id(b"abc"), super::stable_id(b"abd"));
        assert_eq!(super::stable_id(b"abc"), "ba7816bf8f01cfea");
    }
}
