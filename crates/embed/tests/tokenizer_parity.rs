//! Our WordPiece tokenizer against ids from the reference (Hugging Face `tokenizers` with the
//! model's tokenizer.json), made by bench/embed/make_fixtures.py. Needs the fetched model.

mod common;

use parallax_embed::{WordPieceTokenizer, MAX_TOKENS};

#[test]
fn ids_match_the_reference_tokenizer() {
    let Some(paths) = common::fetched_model("ids_match_the_reference_tokenizer") else {
        return;
    };
    let tokenizer = WordPieceTokenizer::from_file(&paths.tokenizer).unwrap();
    assert_eq!(tokenizer.vocab_size(), 30522);
    let fixture = common::fixture("tokenizer_cases.json");
    assert_eq!(fixture["max_tokens"].as_u64(), Some(MAX_TOKENS as u64));
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() > 200, "fixture has {} cases", cases.len());
    let mut mismatches = Vec::new();
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let expected: Vec<u32> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let got = tokenizer.encode(text, MAX_TOKENS);
        if got != expected {
            mismatches.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

#[test]
fn long_input_is_truncated_to_the_model_length() {
    let Some(paths) = common::fetched_model("long_input_is_truncated_to_the_model_length") else {
        return;
    };
    let tokenizer = WordPieceTokenizer::from_file(&paths.tokenizer).unwrap();
    let text = "The council postponed the vote again. ".repeat(2000);
    let ids = tokenizer.encode(&text, MAX_TOKENS);
    assert_eq!(ids.len(), MAX_TOKENS);
    assert_eq!(ids[0], 101, "[CLS] first");
    assert_eq!(ids[MAX_TOKENS - 1], 102, "[SEP] last");
}
