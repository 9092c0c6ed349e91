//! Any bytes through charset decoding and HTML extraction: never a panic, never a stack
//! overflow, and every result keeps the promises of `Extracted`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{html, Limits, Reason};

fuzz_target!(|data: &[u8]| {
    // A small nesting limit keeps the limit path exercised; the size limit is the default.
    let limits = Limits { max_depth: 256, ..Limits::default() };
    let text = html::charset::decode(data);
    match html::extract(&text, Some("https://example.org/2020/01/02/story"), &limits) {
        Ok(extracted) => {
            assert!(!extracted.paragraphs.is_empty());
            for paragraph in &extracted.paragraphs {
                assert!(!paragraph.is_empty());
                assert!(!paragraph.contains('\n'), "newline inside a paragraph: {paragraph:?}");
                assert_eq!(paragraph.trim(), paragraph);
            }
            for author in &extracted.authors {
                assert!(!author.is_empty());
            }
            if let Some(language) = &extracted.language {
                assert_eq!(language.len(), 2);
            }
        }
        Err(Reason::NoText | Reason::Empty | Reason::TooDeep { .. } | Reason::TooLarge { .. }) => {}
        Err(other) => panic!("unexpected error: {other}"),
    }
});
