//! Every input format through detection, decoding, container splitting and extraction: any
//! bytes must give documents or errors, never a panic, and every article's spans must fit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{extract, read_bytes, Limits, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_document_bytes: 1 << 20, max_depth: 256, ..Limits::default() };
    let options = ReadOptions { limits, recursive: false };
    let Ok(documents) = read_bytes(data.to_vec(), "fuzz", None, options) else { return };
    for raw in documents.take(64) {
        let Ok(raw) = raw else { continue };
        if let Ok(article) = extract(raw, &limits) {
            let chars = article.text.chars().count();
            for span in &article.paragraphs {
                assert!(span.start < span.end && span.end <= chars);
            }
        }
    }
});
