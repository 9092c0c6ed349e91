//! Shared by the integration tests: find the fetched model or explain the skip.

use parallax_embed::ModelPaths;

/// The fetched model's paths, or `None` after printing why the calling test skips.
pub fn fetched_model(test: &str) -> Option<ModelPaths> {
    let paths = ModelPaths::from_env();
    match paths.check() {
        Ok(()) => Some(paths),
        Err(e) => {
            eprintln!("SKIP {test}: {e}");
            None
        }
    }
}

pub fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}
