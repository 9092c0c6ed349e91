//! Real-browser test: the server runs on an ephemeral 127.0.0.1 port over the fixture store,
//! and `tests/browser/smoke.cjs` drives headless Chromium through it with playwright-core,
//! saving screenshots under the test output directory.
//!
//! Needs node, the npm package playwright-core and Debian's chromium; `.ci/run` installs them
//! (playwright-core under ~/.cache/parallax/node). Where any is missing the test says so and
//! skips, unless PARALLAX_REQUIRE_BROWSER=1 (set by CI), where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

/// Where playwright-core is looked for: PARALLAX_NODE_MODULES, else the cache `.ci/run` fills.
fn node_modules() -> PathBuf {
    if let Some(dir) = std::env::var_os("PARALLAX_NODE_MODULES") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("PARALLAX_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/parallax")))
        .unwrap_or_else(|| PathBuf::from(".cache/parallax"));
    cache.join("node/node_modules")
}

fn chromium() -> PathBuf {
    std::env::var_os("PARALLAX_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What is missing to run the browser, if anything.
fn missing() -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    let modules = node_modules();
    if !modules.join("playwright-core/package.json").is_file() {
        return Some(format!(
            "playwright-core is not installed under {} (npm install playwright-core there, or \
             set PARALLAX_NODE_MODULES)",
            modules.display()
        ));
    }
    let chromium = chromium();
    if !chromium.is_file() {
        return Some(format!(
            "{} is missing (apt-get install chromium, or set PARALLAX_CHROMIUM)",
            chromium.display()
        ));
    }
    None
}

#[test]
fn a_browser_clicks_through_the_pages() {
    if let Some(why) = missing() {
        let required = std::env::var("PARALLAX_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(!required, "the browser test cannot run: {why}");
        eprintln!("SKIP a_browser_clicks_through_the_pages: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let mut config = parallax_serve::Config::new(dir.path());
    config.addr = "127.0.0.1:0".parse().unwrap();
    let pipeline = common::TestPipeline::new();
    let analyzer = Arc::new(move |raw| pipeline.process(raw));
    let (tx, rx) = std::sync::mpsc::channel();
    // The server runs until the test process ends.
    std::thread::spawn(move || {
        let result = parallax_serve::serve(config, analyzer, |addr| {
            let _ = tx.send(addr);
        });
        if let Err(error) = result {
            eprintln!("the server stopped: {error}");
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server starts");

    let out = std::env::var_os("PARALLAX_TEST_OUTPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")))
        .join("serve-screenshots");
    // Screenshots of an earlier run must not pass for this run's.
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/smoke.cjs");
    let output = Command::new("node")
        .arg(script)
        .arg(format!("http://{addr}"))
        .arg(&out)
        .arg(chromium())
        .env("NODE_PATH", node_modules())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "the browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("browser checks passed"));
    for name in [
        "01-home",
        "02-article",
        "03-event",
        "04-outlet",
        "05-search",
        "06-paste",
        "07-hostile",
    ] {
        let file = out.join(format!("{name}.png"));
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{} is missing or blank", file.display());
    }
    println!("screenshots in {}", out.display());
}
