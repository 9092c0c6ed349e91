//! Stable hashing: the same text gives the same key on every machine and in every version, so
//! keys can be stored (term statistics, LSH buckets, event keys) and compared across runs.

/// FNV-1a over `bytes`, finished with the SplitMix64 mixer so every output bit depends on every
/// input bit (FNV alone mixes its last bytes poorly).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// SplitMix64's finaliser: a bijection on `u64` with good avalanche.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines a running hash with one more value (order matters).
pub fn combine(h: u64, value: u64) -> u64 {
    mix(h ^ value
        .wrapping_add(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(h << 6))
}

/// A 32-bit key for a term of a given kind (`b'w'` word stem, `b'e'` entity id, `b'n'`
/// number). 32 bits keep stored vectors small; collisions among a corpus vocabulary of a
/// million terms are a few hundred pairs of rare terms, which only blur weights slightly.
pub fn term_key(kind: u8, text: &str) -> u32 {
    let mut h = hash_bytes(text.as_bytes());
    h = combine(h, kind as u64);
    (h >> 32) as u32 ^ h as u32
}

/// A hasher for term keys, which are hashes already: one multiplication spreads a key over
/// the 64 bits the table reads (SipHash, the default, was a tenth of the alignment's time).
#[derive(Debug, Default, Clone, Copy)]
pub struct TermHasher(u64);

impl std::hash::Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, key: u32) {
        self.0 = (key as u64 ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by term keys.
pub type TermMap<V> = std::collections::HashMap<u32, V, std::hash::BuildHasherDefault<TermHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED_SYRIA: u32 = 976_296_602;

    #[test]
    fn keys_are_stable_and_kind_dependent() {
        // Fixed values: a change here would orphan every stored key.
        assert_eq!(hash_bytes(b"parallax"), hash_bytes(b"parallax"));
        assert_ne!(term_key(b'w', "isis"), term_key(b'e', "isis"));
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ba"));
        assert_eq!(term_key(b'w', "syria"), PINNED_SYRIA);
    }
}
