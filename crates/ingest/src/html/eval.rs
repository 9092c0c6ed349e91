//! Evaluation of the HTML extractor on trafilatura's evaluation set, with trafilatura's measure.
//!
//! The set (`evaldata.json`) maps each page URL to its file and to text snippets the extracted
//! body must contain (`with`) and must not contain (`without`). A `with` snippet found in the
//! body is a true positive, missing a false negative; a `without` snippet found is a false
//! positive, absent a true negative. Pages are split into dev and test halves by a hash of
//! the URL (FNV-1a 64, even = dev), the same split `bench/anchors/trafilatura_eval.py` uses.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::Limits;

/// Which half of the set to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Pages used to develop the extractor.
    Dev,
    /// Pages held out for reporting.
    Test,
    All,
}

impl Split {
    /// The half a page belongs to.
    pub fn of(url: &str) -> Split {
        if fnv1a64(url.as_bytes()) & 1 == 0 {
            Split::Dev
        } else {
            Split::Test
        }
    }

    pub fn contains(self, url: &str) -> bool {
        self == Split::All || Split::of(url) == self
    }

    pub fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Test => "test",
            Split::All => "all",
        }
    }
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01B3);
    }
    hash
}

/// Failure to read the evaluation set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("malformed {path}: {message}")]
    Format { path: PathBuf, message: String },
}

#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    #[serde(default)]
    with: Vec<Option<String>>,
    #[serde(default)]
    without: Vec<Option<String>>,
}

/// One annotated page.
#[derive(Debug, Clone)]
pub struct Page {
    pub url: String,
    pub path: PathBuf,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

/// The pages of `split`, sorted by URL. Pages are looked up in `cache/` first, then `eval/`
/// (the order of trafilatura's own evaluation); a page whose file is missing is an error.
pub fn load(dir: &Path, split: Split) -> Result<Vec<Page>, EvalError> {
    let index = dir.join("evaldata.json");
    let json = fs::read_to_string(&index).map_err(|source| EvalError::Io {
        path: index.clone(),
        source,
    })?;
    let entries: BTreeMap<String, Entry> =
        serde_json::from_str(&json).map_err(|e| EvalError::Format {
            path: index.clone(),
            message: e.to_string(),
        })?;
    let mut pages = Vec::new();
    for (url, entry) in entries {
        if !split.contains(&url) {
            continue;
        }
        let path = ["cache", "eval"]
            .iter()
            .map(|sub| dir.join(sub).join(&entry.file))
            .find(|p| p.is_file())
            .ok_or_else(|| EvalError::Io {
                path: dir.join("eval").join(&entry.file),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "page file not found"),
            })?;
        pages.push(Page {
            url,
            path,
            with: entry.with.into_iter().flatten().collect(),
            without: entry.without.into_iter().flatten().collect(),
        });
    }
    Ok(pages)
}

/// Snippet counts over a set of pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_negatives: usize,
    pub false_positives: usize,
    pub true_negatives: usize,
    pub pages: usize,
    /// Pages with every `with` snippet present and every `without` snippet absent.
    pub pages_fully_right: usize,
}

impl Counts {
    /// Scores the text extracted from one page (`None`: the extractor found nothing).
    pub fn add(&mut self, text: Option<&str>, page: &Page) -> PageOutcome {
        let mut outcome = PageOutcome::default();
        for snippet in &page.with {
            if text.is_some_and(|t| t.contains(snippet.as_str())) {
                self.true_positives += 1;
            } else {
                self.false_negatives += 1;
                outcome.missing.push(snippet.clone());
            }
        }
        for snippet in &page.without {
            if text.is_some_and(|t| t.contains(snippet.as_str())) {
                self.false_positives += 1;
                outcome.unwanted.push(snippet.clone());
            } else {
                self.true_negatives += 1;
            }
        }
        self.pages += 1;
        if outcome.missing.is_empty() && outcome.unwanted.is_empty() {
            self.pages_fully_right += 1;
        }
        outcome
    }

    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        ratio(
            2 * self.true_positives,
            2 * self.true_positives + self.false_positives + self.false_negatives,
        )
    }

    pub fn accuracy(&self) -> f64 {
        let all =
            self.true_positives + self.true_negatives + self.false_positives + self.false_negatives;
        ratio(self.true_positives + self.true_negatives, all)
    }

    pub fn fully_right(&self) -> f64 {
        ratio(self.pages_fully_right, self.pages)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// How one page went wrong.
#[derive(Debug, Clone, Default)]
pub struct PageOutcome {
    pub missing: Vec<String>,
    pub unwanted: Vec<String>,
}

/// What one evaluation run measured on one split.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub split: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub fully_right: f64,
    /// Pages on which extraction returned an error (scored as empty output).
    pub failed_pages: usize,
    /// Wall-clock time spent decoding and extracting (reading files excluded), one thread.
    pub seconds: f64,
    pub pages_per_second: f64,
    pub megabytes_per_second: f64,
    /// CPU time of the extracting thread for the same work (Linux; `null` elsewhere): the
    /// stable figure on a machine shared with other work.
    pub cpu_seconds: Option<f64>,
    pub pages_per_cpu_second: Option<f64>,
}

#[derive(Default)]
struct Tally {
    counts: Counts,
    failed_pages: usize,
    elapsed: Duration,
    cpu: Option<Duration>,
    bytes: usize,
}

impl Tally {
    fn report(&self, split: Split) -> Report {
        let seconds = self.elapsed.as_secs_f64();
        let per_second = |x: f64| if seconds > 0.0 { x / seconds } else { 0.0 };
        Report {
            split: split.name(),
            counts: self.counts,
            precision: self.counts.precision(),
            recall: self.counts.recall(),
            f1: self.counts.f1(),
            accuracy: self.counts.accuracy(),
            fully_right: self.counts.fully_right(),
            failed_pages: self.failed_pages,
            seconds,
            pages_per_second: per_second(self.counts.pages as f64),
            megabytes_per_second: per_second(self.bytes as f64 / 1e6),
            cpu_seconds: self.cpu.map(|c| c.as_secs_f64()),
            pages_per_cpu_second: self
                .cpu
                .filter(|c| !c.is_zero())
                .map(|c| self.counts.pages as f64 / c.as_secs_f64()),
        }
    }
}

/// CPU time consumed by the calling thread so far, from the kernel's scheduler statistics
/// (Linux only; the first field of `/proc/thread-self/schedstat` is nanoseconds on CPU, kept
/// up to date within a scheduler tick, so it is read around whole loops, not single pages).
fn thread_cpu_time() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// One page's result, handed to the caller as the evaluation goes.
pub struct PageResult<'a> {
    pub page: &'a Page,
    pub split: Split,
    pub paragraphs: Option<&'a [String]>,
    /// Everything the extractor found, when it found an article.
    pub extracted: Option<&'a crate::Extracted>,
    pub outcome: PageOutcome,
}

/// Runs the extractor on every page, one thread, and scores it: one report per split present
/// (dev, test) and one for all pages. `each` sees every page's result.
///
/// The pages of a split are read into memory first and extracted in one timed loop, so the
/// time covers decoding and extraction only.
pub fn run(pages: &[Page], mut each: impl FnMut(PageResult<'_>)) -> Result<Vec<Report>, EvalError> {
    let limits = Limits::default();
    let mut tallies = Vec::new();
    for split in [Split::Dev, Split::Test] {
        let split_pages: Vec<&Page> = pages
            .iter()
            .filter(|p| Split::of(&p.url) == split)
            .collect();
        if split_pages.is_empty() {
            continue;
        }
        let mut inputs = Vec::with_capacity(split_pages.len());
        for page in &split_pages {
            let bytes = fs::read(&page.path).map_err(|source| EvalError::Io {
                path: page.path.clone(),
                source,
            })?;
            inputs.push(bytes);
        }
        let cpu_started = thread_cpu_time();
        let started = Instant::now();
        let results: Vec<_> = split_pages
            .iter()
            .zip(&inputs)
            .map(|(page, bytes)| {
                super::extract(&super::charset::decode(bytes), Some(&page.url), &limits)
            })
            .collect();
        let elapsed = started.elapsed();
        let cpu = thread_cpu_time()
            .zip(cpu_started)
            .map(|(end, start)| end.saturating_sub(start));
        let mut tally = Tally {
            elapsed,
            cpu,
            bytes: inputs.iter().map(Vec::len).sum(),
            ..Tally::default()
        };
        for (page, result) in split_pages.iter().zip(&results) {
            let paragraphs = result.as_ref().ok().map(|e| e.paragraphs.as_slice());
            if result.is_err() {
                tally.failed_pages += 1;
            }
            let text = paragraphs.map(|p| p.join("\n"));
            let outcome = tally.counts.add(text.as_deref(), page);
            each(PageResult {
                page,
                split,
                paragraphs,
                extracted: result.as_ref().ok(),
                outcome,
            });
        }
        tallies.push((split, tally));
    }
    let mut reports: Vec<Report> = tallies
        .iter()
        .map(|(split, tally)| tally.report(*split))
        .collect();
    if let [(_, dev), (_, test)] = tallies.as_slice() {
        let all = Tally {
            counts: Counts {
                true_positives: dev.counts.true_positives + test.counts.true_positives,
                false_negatives: dev.counts.false_negatives + test.counts.false_negatives,
                false_positives: dev.counts.false_positives + test.counts.false_positives,
                true_negatives: dev.counts.true_negatives + test.counts.true_negatives,
                pages: dev.counts.pages + test.counts.pages,
                pages_fully_right: dev.counts.pages_fully_right + test.counts.pages_fully_right,
            },
            failed_pages: dev.failed_pages + test.failed_pages,
            elapsed: dev.elapsed + test.elapsed,
            cpu: dev.cpu.zip(test.cpu).map(|(a, b)| a + b),
            bytes: dev.bytes + test.bytes,
        };
        reports.push(all.report(Split::All));
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(with: &[&str], without: &[&str]) -> Page {
        Page {
            url: "https://example.org/a".into(),
            path: PathBuf::new(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn snippet_counts_follow_the_trafilatura_measure() {
        let mut counts = Counts::default();
        let outcome = counts.add(
            Some("the body text here"),
            &page(&["body text", "absent"], &["here", "menu"]),
        );
        assert_eq!((counts.true_positives, counts.false_negatives), (1, 1));
        assert_eq!((counts.false_positives, counts.true_negatives), (1, 1));
        assert_eq!(outcome.missing, ["absent"]);
        assert_eq!(outcome.unwanted, ["here"]);
        counts.add(None, &page(&["x"], &["y"]));
        assert_eq!((counts.false_negatives, counts.true_negatives), (2, 2));
        counts.add(Some("x"), &page(&["x"], &["y"]));
        assert_eq!(counts.pages_fully_right, 1);
        assert!((counts.f1() - 4.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn split_is_stable_and_roughly_half() {
        assert_eq!(fnv1a64(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xAF63_DC4C_8601_EC8C);
        let dev = (0..1000)
            .filter(|i| Split::of(&format!("https://example.org/{i}")) == Split::Dev)
            .count();
        assert!((400..600).contains(&dev), "{dev}");
    }

    #[test]
    fn runs_on_the_shared_set_when_present() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/extraction/trafilatura-eval");
        if !dir.join("evaldata.json").is_file() {
            eprintln!("skipping: {} is absent", dir.display());
            return;
        }
        let dev = load(&dir, Split::Dev).unwrap();
        let test = load(&dir, Split::Test).unwrap();
        assert!(dev.len() > 300 && test.len() > 300);
        assert!(dev.iter().all(|p| Split::of(&p.url) == Split::Dev));
        let reports = run(&dev[..40], |_| {}).unwrap();
        assert_eq!(reports.len(), 1);
        let report = &reports[0];
        assert_eq!((report.split, report.counts.pages), ("dev", 40));
        // A working extractor finds most wanted snippets on any 40 pages of the set.
        assert!(report.recall > 0.6, "recall {}", report.recall);
    }
}

#[cfg(test)]
mod dev_tool {
    use super::*;

    /// Development aid: scores the dev split and writes failures and outputs.
    /// `cargo test --release -p parallax-ingest html::eval::dev_tool -- --ignored --nocapture`
    #[test]
    #[ignore = "a development aid that runs the whole dev split"]
    fn score_dev_split() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/extraction/trafilatura-eval");
        if !dir.join("evaldata.json").is_file() {
            eprintln!("skipping: {} is absent", dir.display());
            return;
        }
        let pages = load(&dir, Split::Dev).unwrap();
        let dump = std::env::var("PARALLAX_EVAL_DUMP").ok().map(PathBuf::from);
        let mut failures = String::new();
        let reports = run(&pages, |result| {
            let name = result
                .page
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !result.outcome.missing.is_empty() || !result.outcome.unwanted.is_empty() {
                failures.push_str(&format!("{name} {}\n", result.page.url));
                for s in &result.outcome.missing {
                    failures.push_str(&format!("  missing:  {s:?}\n"));
                }
                for s in &result.outcome.unwanted {
                    failures.push_str(&format!("  unwanted: {s:?}\n"));
                }
            }
            if let Some(dir) = &dump {
                let text = result.paragraphs.map(|p| p.join("\n")).unwrap_or_default();
                fs::write(dir.join(format!("{name}.txt")), text).unwrap();
                if let Some(e) = result.extracted {
                    let meta = serde_json::json!({
                        "title": e.title, "authors": e.authors, "published": e.published,
                        "outlet": e.outlet, "language": e.language, "url": e.url,
                    });
                    fs::write(dir.join(format!("{name}.meta.json")), meta.to_string()).unwrap();
                }
            }
        })
        .unwrap();
        if let Ok(path) = std::env::var("PARALLAX_EVAL_FAILURES") {
            fs::write(path, failures).unwrap();
        }
        let r = &reports[0];
        println!(
            "dev {} pages: P {:.3} R {:.3} F1 {:.3} acc {:.3} fully-right {:.3} {:.0} pages/s {:.0} pages/CPU-s",
            r.counts.pages,
            r.precision,
            r.recall,
            r.f1,
            r.accuracy,
            r.fully_right,
            r.pages_per_second,
            r.pages_per_cpu_second.unwrap_or(0.0)
        );
    }
}
