//! How a full record is kept in the database: its JSON, deflate-compressed.
//!
//! The codec is named in each row (`records.codec`) so a later version can change it
//! without rewriting old rows.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use parallax_core::Article;

use crate::error::{Result, StoreError};

/// `records.codec` of JSON compressed with raw deflate.
pub const DEFLATE_JSON: i64 = 1;

/// Deflate level: records are mostly prose and repeated span keys; level 3 keeps nearly all of
/// level 6's ratio at a fraction of its cost.
const LEVEL: u32 = 3;

/// The stored bytes of a record.
pub fn encode(article: &Article) -> Vec<u8> {
    let json = serde_json::to_vec(article).expect("an Article always serializes");
    let mut encoder =
        DeflateEncoder::new(Vec::with_capacity(json.len() / 3), Compression::new(LEVEL));
    encoder
        .write_all(&json)
        .and_then(|_| encoder.finish())
        .expect("compressing into memory cannot fail")
}

/// The record from its stored bytes.
pub fn decode(id: &str, codec: i64, bytes: &[u8]) -> Result<Article> {
    let article: Article = decode_as(id, codec, bytes)?;
    if article.id != id {
        return Err(corrupt(id, format!("holds the record of {}", article.id)));
    }
    Ok(article)
}

/// Only the body text of a stored record: search snippets need nothing else, and skipping the
/// span layers makes this several times cheaper than [`decode`].
pub fn decode_text(id: &str, codec: i64, bytes: &[u8]) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct TextOnly {
        text: String,
    }
    Ok(decode_as::<TextOnly>(id, codec, bytes)?.text)
}

fn decode_as<T: serde::de::DeserializeOwned>(id: &str, codec: i64, bytes: &[u8]) -> Result<T> {
    if codec != DEFLATE_JSON {
        return Err(corrupt(id, format!("unknown record codec {codec}")));
    }
    let mut json = Vec::with_capacity(bytes.len() * 4);
    DeflateDecoder::new(bytes)
        .read_to_end(&mut json)
        .map_err(|e| corrupt(id, format!("cannot decompress: {e}")))?;
    serde_json::from_slice(&json).map_err(|e| corrupt(id, format!("not a record: {e}")))
}

fn corrupt(id: &str, reason: String) -> StoreError {
    StoreError::Corrupt {
        id: id.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{InputFormat, InputInfo};

    #[test]
    fn round_trips_and_detects_damage() {
        let article = Article::from_paragraphs(
            "0123456789abcdef".into(),
            InputInfo {
                path: Some("a.txt".into()),
                url: None,
                format: InputFormat::Text,
            },
            &["Ünïcode survives.", "So does the second paragraph."],
        );
        let bytes = encode(&article);
        assert_eq!(decode(&article.id, DEFLATE_JSON, &bytes).unwrap(), article);
        assert_eq!(
            decode_text(&article.id, DEFLATE_JSON, &bytes).unwrap(),
            article.text
        );
        assert!(decode("ffffffffffffffff", DEFLATE_JSON, &bytes).is_err());
        assert!(decode(&article.id, 99, &bytes).is_err());
        assert!(decode(&article.id, DEFLATE_JSON, &bytes[..bytes.len() / 2]).is_err());
    }
}
