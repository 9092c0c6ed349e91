//! BERT uncased WordPiece tokenization, read from a Hugging Face tokenizer.json.
//!
//! Words come from [`normalize`]; each word becomes the longest vocabulary entries that cover it,
//! left to right, pieces after the first carrying the `##` continuation prefix. A word that cannot
//! be covered, or that is longer than `max_input_chars_per_word`, becomes one `[UNK]`.
//! Sequences are `[CLS] pieces… [SEP]`, truncated to a maximum length that includes both.

mod normalize;
mod unicode_tables;

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::EmbedError;
pub use normalize::NormalizerSettings;

/// A WordPiece tokenizer with BERT normalization.
#[derive(Clone, Debug)]
pub struct WordPieceTokenizer {
    vocab: HashMap<String, u32>,
    settings: NormalizerSettings,
    continuing_prefix: String,
    max_word_chars: usize,
    unk_id: u32,
    cls_id: u32,
    sep_id: u32,
    pad_id: u32,
}

// The parts of tokenizer.json we read; everything else is ignored.
#[derive(Deserialize)]
struct TokenizerJson {
    normalizer: Option<NormalizerJson>,
    model: WordPieceJson,
}

#[derive(Deserialize)]
struct NormalizerJson {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default = "yes")]
    clean_text: bool,
    #[serde(default = "yes")]
    handle_chinese_chars: bool,
    strip_accents: Option<bool>,
    #[serde(default = "yes")]
    lowercase: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct WordPieceJson {
    #[serde(rename = "type")]
    kind: String,
    vocab: HashMap<String, u32>,
    unk_token: String,
    #[serde(default = "default_prefix")]
    continuing_subword_prefix: String,
    #[serde(default = "default_max_word_chars")]
    max_input_chars_per_word: usize,
}

fn default_prefix() -> String {
    "##".into()
}

fn default_max_word_chars() -> usize {
    100
}

impl WordPieceTokenizer {
    /// Reads a tokenizer.json whose model is WordPiece and whose normalizer is BertNormalizer.
    pub fn from_file(path: &Path) -> Result<Self, EmbedError> {
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                EmbedError::NotFetched { path: path.into() }
            } else {
                EmbedError::Io {
                    path: path.into(),
                    source,
                }
            }
        })?;
        Self::from_json(&text).map_err(|reason| EmbedError::Tokenizer {
            path: path.into(),
            reason,
        })
    }

    /// Parses the text of a tokenizer.json; the error says what is wrong with it.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let parsed: TokenizerJson = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if parsed.model.kind != "WordPiece" {
            return Err(format!(
                "model type is {:?}, expected WordPiece",
                parsed.model.kind
            ));
        }
        let settings = match parsed.normalizer {
            Some(n) if n.kind == "BertNormalizer" => NormalizerSettings {
                clean_text: n.clean_text,
                handle_chinese_chars: n.handle_chinese_chars,
                // Unset means "follow lowercase", as in the reference.
                strip_accents: n.strip_accents.unwrap_or(n.lowercase),
                lowercase: n.lowercase,
            },
            Some(n) => {
                return Err(format!(
                    "normalizer type is {:?}, expected BertNormalizer",
                    n.kind
                ))
            }
            None => return Err("no normalizer, expected BertNormalizer".into()),
        };
        let vocab = parsed.model.vocab;
        let id = |token: &str| {
            vocab
                .get(token)
                .copied()
                .ok_or_else(|| format!("vocabulary has no {token}"))
        };
        let unk_id = id(&parsed.model.unk_token)?;
        let cls_id = id("[CLS]")?;
        let sep_id = id("[SEP]")?;
        let pad_id = id("[PAD]")?;
        Ok(WordPieceTokenizer {
            settings,
            continuing_prefix: parsed.model.continuing_subword_prefix,
            max_word_chars: parsed.model.max_input_chars_per_word,
            unk_id,
            cls_id,
            sep_id,
            pad_id,
            vocab,
        })
    }

    /// `[CLS] pieces… [SEP]` for `text`, at most `max_len` ids in all (pieces past the limit are
    /// dropped, as truncation does). `max_len` below 2 is treated as 2.
    pub fn encode(&self, text: &str, max_len: usize) -> Vec<u32> {
        let max_pieces = max_len.max(2) - 2;
        let mut ids = Vec::with_capacity(max_pieces.min(64) + 2);
        ids.push(self.cls_id);
        let mut candidate = String::new();
        normalize::for_each_word(normalize::normalized_chars(text, self.settings), |word| {
            self.push_word_pieces(word, &mut candidate, &mut ids);
            ids.len() - 1 < max_pieces
        });
        ids.truncate(max_pieces + 1);
        ids.push(self.sep_id);
        ids
    }

    /// The id of padding positions.
    pub fn pad_id(&self) -> u32 {
        self.pad_id
    }

    pub fn vocab_size(&self) -> usize {
        self.vocab.len()
    }

    /// Greedy longest-match-first pieces of one word; `candidate` is a reusable buffer.
    fn push_word_pieces(&self, word: &str, candidate: &mut String, ids: &mut Vec<u32>) {
        if word.chars().count() > self.max_word_chars {
            ids.push(self.unk_id);
            return;
        }
        let first = ids.len();
        let mut start = 0;
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                candidate.clear();
                if start > 0 {
                    candidate.push_str(&self.continuing_prefix);
                }
                candidate.push_str(&word[start..end]);
                if let Some(&id) = self.vocab.get(candidate.as_str()) {
                    found = Some(id);
                    break;
                }
                end = previous_boundary(word, end);
            }
            match found {
                Some(id) => {
                    ids.push(id);
                    start = end;
                }
                None => {
                    ids.truncate(first);
                    ids.push(self.unk_id);
                    return;
                }
            }
        }
    }
}

/// The char boundary before byte offset `end` (which is itself a boundary above 0).
fn previous_boundary(word: &str, end: usize) -> usize {
    let mut i = end - 1;
    while !word.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up vocabulary, enough to exercise the algorithm without the real model.
    fn tiny() -> WordPieceTokenizer {
        let tokens = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "##a", "the",
            "talks", "stalled", ".", ",", "creme", "東", "##s",
        ];
        let vocab: serde_json::Map<String, serde_json::Value> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), serde_json::Value::from(i)))
            .collect();
        let json = serde_json::json!({
            "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                           "strip_accents": null, "lowercase": true},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 12, "vocab": vocab}
        });
        WordPieceTokenizer::from_json(&json.to_string()).unwrap()
    }

    fn pieces(tok: &WordPieceTokenizer, text: &str, max_len: usize) -> Vec<u32> {
        tok.encode(text, max_len)
    }

    #[test]
    fn longest_match_first_with_continuations() {
        let tok = tiny();
        // un ##aff ##able, the, talks, stalled, .
        assert_eq!(
            pieces(&tok, "Unaffable: the talks stalled.", 64),
            [2, 4, 5, 6, 1, 9, 10, 11, 12, 3]
        );
    }

    #[test]
    fn uncoverable_or_overlong_words_become_one_unk() {
        let tok = tiny();
        assert_eq!(pieces(&tok, "unaffx", 64), [2, 1, 3]);
        assert_eq!(pieces(&tok, "unaffableunaffable", 64), [2, 1, 3]);
        assert_eq!(pieces(&tok, "Crème 東東s", 64), [2, 14, 15, 15, 1, 3]);
    }

    #[test]
    fn truncation_counts_the_special_tokens() {
        let tok = tiny();
        assert_eq!(
            pieces(&tok, "the talks stalled , the talks", 5),
            [2, 9, 10, 11, 3]
        );
        assert_eq!(pieces(&tok, "unaffable", 4), [2, 4, 5, 3]);
        assert_eq!(pieces(&tok, "the talks", 0), [2, 3]);
        assert_eq!(pieces(&tok, "", 10), [2, 3]);
    }

    #[test]
    fn rejects_other_tokenizers() {
        let bpe =
            r#"{"normalizer": null, "model": {"type": "BPE", "vocab": {}, "unk_token": "x"}}"#;
        assert!(WordPieceTokenizer::from_json(bpe)
            .unwrap_err()
            .contains("WordPiece"));
        assert!(WordPieceTokenizer::from_json("{").is_err());
    }
}
