//! The text and markdown scrape extractor must never panic, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for markdown in [false, true] {
            let extracted = parallax_ingest::text::extract(text, markdown);
            for paragraph in &extracted.paragraphs {
                assert!(!paragraph.is_empty());
                assert!(!paragraph.contains('\n'));
            }
        }
    }
});
