//! The tokenizer against CoNLL-2003's own tokenisation, and against random input.

use std::path::PathBuf;

use parallax_learn::rng::SplitMix64;
use parallax_ner::{conll, tokenize};

#[test]
fn conll_tokens_survive_retokenisation() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ner/conll2003/dev.txt");
    if !path.exists() {
        eprintln!(
            "SKIPPED: {} is absent (the shared data folder is not here)",
            path.display()
        );
        return;
    }
    let docs = conll::read_file(&path).unwrap();
    let (mut same, mut total) = (0usize, 0usize);
    let mut differing: Vec<String> = Vec::new();
    for sentence in docs.iter().flat_map(|d| &d.sentences) {
        // Joining a sentence with spaces and tokenizing must give back CoNLL's tokens.
        let text = sentence.words.join(" ");
        let tokens: Vec<&str> = tokenize(&text).iter().map(|t| t.text(&text)).collect();
        total += 1;
        if tokens == sentence.words {
            same += 1;
        } else if differing.len() < 40 {
            let mismatch: Vec<String> = tokens
                .iter()
                .filter(|t| !sentence.words.iter().any(|w| w == *t))
                .map(|t| t.to_string())
                .collect();
            differing.push(format!("{mismatch:?}"));
        }
    }
    let share = same as f64 / total as f64;
    eprintln!("{same}/{total} dev sentences re-tokenise identically");
    assert!(
        share > 0.99,
        "{same}/{total} sentences re-tokenise identically; e.g. {differing:?}"
    );
}

#[test]
fn random_text_gives_ordered_in_bounds_tokens() {
    let alphabet: Vec<char> = "aZ9 .,;:'\"’“”-—–()[]$%/…\n\téßЖ日😀\u{200b}\u{301}"
        .chars()
        .collect();
    let mut rng = SplitMix64::new(7);
    for _ in 0..2000 {
        let len = rng.below(40) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect();
        let tokens = tokenize(&text);
        let mut previous_end = 0;
        for t in &tokens {
            assert!(t.start < t.end && t.end <= text.len(), "{text:?}: {t:?}");
            assert!(t.start >= previous_end, "{text:?}: overlapping tokens");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(
                !t.text(&text).chars().any(char::is_whitespace),
                "{text:?}: {t:?}"
            );
            previous_end = t.end;
        }
    }
}
