//! Helpers shared by the binary's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// `../shared` beside the repository, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir()
        .then(|| dir.canonicalize().expect("shared dir resolves"))
}

/// The seeds folder, or `None` after printing why the test is skipped.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = shared_dir().map(|d| d.join("seeds")).filter(|d| d.is_dir());
    if dir.is_none() {
        eprintln!("SKIPPED: ../shared/seeds is not present beside the repository");
    }
    dir
}

pub fn repo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn parallax() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
}

/// Runs `parallax analyze --format json ARGS` and returns (records, output).
pub fn analyze(args: &[&str]) -> (Vec<Value>, Output) {
    let output = parallax()
        .arg("analyze")
        .arg("--format")
        .arg("json")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("parallax runs");
    let records: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON array ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (records.as_array().expect("an array").clone(), output)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Characters of `text` between two character offsets.
pub fn char_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}
