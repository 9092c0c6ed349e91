//! Outlet reliability: a factuality prior (`high`, `mixed`, `low`) for each outlet.
//!
//! Ratings come from three layers; the first that knows an outlet wins:
//!
//! 1. a **user file** (`--ratings FILE`): TSV lines `outlet name or domain<TAB>high|mixed|low`;
//! 2. **rating data sets** (`--sources DIR`): TSV files with the columns `source_url_normalized`
//!    (a domain), `ref` (the Media Bias/Fact Check page, whose slug names the outlet:
//!    `.../ahram-online/`) and `fact`, as released with Baly et al. (2018, 2020); when two files
//!    disagree the lower rating is kept (a cautious prior);
//! 3. a small **curated supplement** bundled with Parallax (`data/outlet-ratings.tsv`), written
//!    from public knowledge for outlets the data sets lack.
//!
//! Records name outlets ("Ahram Online"), data sets name domains and MBFC slugs, so a name is
//! matched by its slug form ("ahram-online", with or without a leading "the"), by its compact
//! form against domain names ("Global Research" / globalresearch.ca), and the record's URL by
//! its domain and parent domains.
//!
//! An article without an outlet, or whose outlet no layer rates, is **unrated**: it is a
//! source of its own (never merged with another unknown outlet) whose reliability is unknown.
//! An unrated source never corroborates anything, and any independent `mixed` or `high`
//! source corroborates it (see [`crate::corroboration`]).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::text::fold;

/// A factuality rating, ordered from least to most reliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Low,
    Mixed,
    High,
}

impl Rating {
    pub fn parse(s: &str) -> Option<Rating> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "very low" | "very-low" => Some(Rating::Low),
            "mixed" => Some(Rating::Mixed),
            "high" | "very high" | "very-high" | "mostly factual" => Some(Rating::High),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Low => "low",
            Rating::Mixed => "mixed",
            Rating::High => "high",
        }
    }
}

/// Where a rating came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RatingSource {
    /// The user's ratings file.
    User,
    /// A rating data set file (its name).
    Dataset(String),
    /// Parallax's curated supplement.
    Curated,
}

/// A rating and its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatedOutlet {
    pub rating: Rating,
    pub source: RatingSource,
    /// What matched: the domain or slug of the data set entry, or the name in a file.
    pub matched: String,
}

/// The curated supplement, compiled in.
const CURATED: &str = include_str!("../data/outlet-ratings.tsv");

#[derive(Debug, thiserror::Error)]
pub enum RatingsError {
    #[error("reading {path}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Format {
        path: String,
        line: usize,
        reason: String,
    },
}

/// One layer of ratings, by the forms a name or domain is looked up in.
#[derive(Debug, Clone, Default)]
struct Layer {
    by_domain: HashMap<String, RatedOutlet>,
    by_slug: HashMap<String, RatedOutlet>,
    by_compact: HashMap<String, RatedOutlet>,
}

impl Layer {
    fn is_empty(&self) -> bool {
        self.by_domain.is_empty() && self.by_slug.is_empty()
    }

    /// Adds an entry, keeping the lower rating when a key is already rated (data sets may
    /// disagree).
    fn insert(map: &mut HashMap<String, RatedOutlet>, key: String, value: RatedOutlet) {
        if key.is_empty() {
            return;
        }
        match map.get(&key) {
            Some(existing) if existing.rating <= value.rating => {}
            _ => {
                map.insert(key, value);
            }
        }
    }

    fn add_domain(&mut self, domain: &str, value: RatedOutlet) {
        let domain = normalize_domain(domain);
        if let Some(stem) = domain_stem(&domain) {
            Layer::insert(&mut self.by_compact, stem, value.clone());
        }
        Layer::insert(&mut self.by_domain, domain, value);
    }

    fn add_name(&mut self, name: &str, value: RatedOutlet) {
        let slug = slug(name);
        Layer::insert(
            &mut self.by_slug,
            strip_the(&slug).to_string(),
            value.clone(),
        );
        Layer::insert(&mut self.by_compact, compact(name), value);
    }

    fn lookup(&self, name: Option<&str>, url: Option<&str>) -> Option<&RatedOutlet> {
        if let Some(host) = url.and_then(host_of) {
            let mut domain = host.as_str();
            loop {
                if let Some(r) = self.by_domain.get(domain) {
                    return Some(r);
                }
                match domain.split_once('.') {
                    Some((_, parent)) if parent.contains('.') => domain = parent,
                    _ => break,
                }
            }
        }
        let name = name?;
        if let Some(r) = self.by_domain.get(&normalize_domain(name)) {
            return Some(r);
        }
        let s = slug(name);
        let s = strip_the(&s);
        for candidate in [s.to_string(), format!("{s}-news"), format!("{s}-online")] {
            if let Some(r) = self.by_slug.get(&candidate) {
                return Some(r);
            }
        }
        if let Some(base) = s
            .strip_suffix("-news")
            .or_else(|| s.strip_suffix("-online"))
        {
            if let Some(r) = self.by_slug.get(base) {
                return Some(r);
            }
        }
        let c = compact(name);
        (c.len() >= 4).then(|| self.by_compact.get(&c)).flatten()
    }
}

/// Outlet ratings, layered (user file, data sets, curated supplement).
#[derive(Debug, Clone)]
pub struct Ratings {
    user: Layer,
    datasets: Layer,
    curated: Layer,
}

impl Default for Ratings {
    fn default() -> Self {
        Ratings::curated()
    }
}

impl Ratings {
    /// Only the curated supplement.
    pub fn curated() -> Ratings {
        let mut curated = Layer::default();
        for (_, line) in data_lines(CURATED) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(domain), Some(rating)) = (
                cols.first(),
                cols.get(1),
                cols.get(2).and_then(|r| Rating::parse(r)),
            ) else {
                continue;
            };
            let value = RatedOutlet {
                rating,
                source: RatingSource::Curated,
                matched: name.to_string(),
            };
            curated.add_name(name, value.clone());
            if !domain.is_empty() {
                curated.add_domain(domain, value);
            }
        }
        Ratings {
            user: Layer::default(),
            datasets: Layer::default(),
            curated,
        }
    }

    /// Adds every `*.tsv` rating data set in `dir` (columns by header name:
    /// `source_url_normalized` or `source_url`, `ref`, `fact`).
    pub fn load_datasets(&mut self, dir: &Path) -> Result<usize, RatingsError> {
        let io = |source| RatingsError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
            .collect();
        files.sort();
        let mut count = 0;
        for path in files {
            count += self.load_dataset(&path)?;
        }
        Ok(count)
    }

    /// Adds one rating data set file; returns the entries read.
    pub fn load_dataset(&mut self, path: &Path) -> Result<usize, RatingsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RatingsError::Io {
            path: shown.clone(),
            source,
        })?;
        let file = path
            .file_name()
            .map_or(shown.clone(), |f| f.to_string_lossy().into_owned());
        let mut lines = text.lines().enumerate();
        let header: Vec<String> = match lines.next() {
            Some((_, h)) => h
                .split('\t')
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
            None => return Ok(0),
        };
        let column = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| header.iter().position(|h| h == n))
        };
        let domain_col = column(&["source_url_normalized", "source_url", "domain"]);
        let ref_col = column(&["ref"]);
        let fact_col = column(&["fact", "factuality"]).ok_or_else(|| RatingsError::Format {
            path: shown.clone(),
            line: 1,
            reason: "no `fact` column in the header".into(),
        })?;
        let mut count = 0;
        for (i, line) in lines {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(rating) = cols.get(fact_col).and_then(|r| Rating::parse(r)) else {
                if line.trim().is_empty() {
                    continue;
                }
                return Err(RatingsError::Format {
                    path: shown.clone(),
                    line: i + 1,
                    reason: format!("unknown rating {:?}", cols.get(fact_col).unwrap_or(&"")),
                });
            };
            let domain = domain_col.and_then(|c| cols.get(c)).copied().unwrap_or("");
            let reference = ref_col.and_then(|c| cols.get(c)).copied().unwrap_or("");
            let value = RatedOutlet {
                rating,
                source: RatingSource::Dataset(file.clone()),
                matched: if domain.is_empty() {
                    reference.to_string()
                } else {
                    domain.to_string()
                },
            };
            if !domain.is_empty() {
                self.datasets.add_domain(domain, value.clone());
            }
            if let Some(s) = slug_of_reference(reference) {
                let s = strip_the(&s).to_string();
                Layer::insert(&mut self.datasets.by_slug, s, value);
            }
            count += 1;
        }
        Ok(count)
    }

    /// Adds the user's ratings file: `name or domain<TAB>rating` per line, `#` comments.
    pub fn load_user_file(&mut self, path: &Path) -> Result<usize, RatingsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RatingsError::Io {
            path: shown.clone(),
            source,
        })?;
        let mut count = 0;
        for (line_no, line) in data_lines(&text) {
            let (name, rating) = line.split_once('\t').ok_or_else(|| RatingsError::Format {
                path: shown.clone(),
                line: line_no,
                reason: "expected `outlet<TAB>high|mixed|low`".into(),
            })?;
            let rating = Rating::parse(rating).ok_or_else(|| RatingsError::Format {
                path: shown.clone(),
                line: line_no,
                reason: format!("rating must be high, mixed or low, not {:?}", rating.trim()),
            })?;
            let value = RatedOutlet {
                rating,
                source: RatingSource::User,
                matched: name.trim().to_string(),
            };
            // The user's word is final: replace, never keep the lower.
            if name.contains('.') && !name.contains(' ') {
                self.user.by_domain.insert(normalize_domain(name), value);
            } else {
                self.user
                    .by_slug
                    .insert(strip_the(&slug(name)).to_string(), value.clone());
                self.user.by_compact.insert(compact(name), value);
            }
            count += 1;
        }
        Ok(count)
    }

    /// Whether any data set was loaded.
    pub fn has_datasets(&self) -> bool {
        !self.datasets.is_empty()
    }

    /// The rating of an outlet, by its name and the article's URL; `None` when unrated.
    pub fn rate(&self, outlet: Option<&str>, url: Option<&str>) -> Option<&RatedOutlet> {
        if outlet.is_none() && url.is_none() {
            return None;
        }
        self.user
            .lookup(outlet, url)
            .or_else(|| self.datasets.lookup(outlet, url))
            .or_else(|| self.curated.lookup(outlet, url))
    }
}

/// Non-empty, non-comment lines with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// "Ahram Online" -> "ahram-online".
fn slug(name: &str) -> String {
    let folded = fold(name).replace('&', " and ");
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

fn strip_the(slug: &str) -> &str {
    slug.strip_prefix("the-").unwrap_or(slug)
}

/// Letters and digits only: "Global Research" -> "globalresearch".
fn compact(name: &str) -> String {
    let folded = fold(name);
    let s = folded.strip_prefix("the ").unwrap_or(&folded);
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The MBFC slug of a reference URL: "http://mediabiasfactcheck.com/ahram-online/" ->
/// "ahram-online".
fn slug_of_reference(reference: &str) -> Option<String> {
    let path = reference.trim().trim_end_matches('/');
    let last = path.rsplit('/').next()?;
    (!last.is_empty() && !last.contains('.')).then(|| last.to_ascii_lowercase())
}

/// "https://www.Example.com/a" or "www.example.com" -> "example.com".
fn normalize_domain(s: &str) -> String {
    let s = s.trim().to_ascii_lowercase();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(&s);
    let host = s.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    host.strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host)
        .to_string()
}

fn host_of(url: &str) -> Option<String> {
    url.contains("://")
        .then(|| normalize_domain(url))
        .filter(|h| h.contains('.'))
}

/// The name part of a domain: "globalresearch.ca" -> "globalresearch"; none for hosts whose
/// first label is generic ("english.ahram.org.eg" names no outlet by itself).
fn domain_stem(domain: &str) -> Option<String> {
    let first = domain.split('.').next()?;
    let generic = [
        "english", "en", "news", "edition", "amp", "mobile", "uk", "us",
    ];
    (first.len() >= 4 && !generic.contains(&first)).then(|| first.replace('-', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn matches_names_slugs_and_domains_across_layers() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.tsv",
            "source_url\tsource_url_normalized\tref\tfact\tbias\n\
             http://english.ahram.org.eg\tenglish.ahram.org.eg\thttp://mediabiasfactcheck.com/ahram-online/\thigh\tcenter\n\
             http://theduran.com/\ttheduran.com\thttp://mediabiasfactcheck.com/the-duran/\tlow\tright\n\
             https://www.rt.com/news/\trt.com-news\thttp://mediabiasfactcheck.com/rt-news/\tmixed\tright\n\
             http://www.breitbart.com/\tbreitbart.com\thttp://mediabiasfactcheck.com/breitbart/\tmixed\tright\n",
        );
        write(
            dir.path(),
            "b.tsv",
            "source_url\tsource_url_normalized\tref\tfact\tbias\n\
             http://www.breitbart.com/\tbreitbart.com\thttp://mediabiasfactcheck.com/breitbart/\tlow\tright\n",
        );
        let mut ratings = Ratings::curated();
        assert_eq!(ratings.load_datasets(dir.path()).unwrap(), 5);
        let rate =
            |name: Option<&str>, url: Option<&str>| ratings.rate(name, url).map(|r| r.rating);
        assert_eq!(rate(Some("Ahram Online"), None), Some(Rating::High));
        assert_eq!(
            rate(None, Some("https://english.ahram.org.eg/News/1.aspx")),
            Some(Rating::High)
        );
        assert_eq!(rate(Some("The Duran"), None), Some(Rating::Low));
        assert_eq!(rate(Some("RT"), None), Some(Rating::Mixed));
        // The two files disagree: the lower rating is kept.
        assert_eq!(rate(Some("Breitbart"), None), Some(Rating::Low));
        // Not in the data sets: the curated supplement.
        let gr = ratings.rate(Some("Global Research"), None).unwrap();
        assert_eq!(
            (gr.rating, &gr.source),
            (Rating::Low, &RatingSource::Curated)
        );
        assert_eq!(rate(None, None), None);
        assert_eq!(rate(Some("Harbour Gazette"), None), None);

        let user = write(
            dir.path(),
            "mine.txt",
            "# my ratings\nAhram Online\tlow\nexample.org\thigh\n",
        );
        ratings.load_user_file(&user).unwrap();
        let ahram = ratings.rate(Some("Ahram Online"), None).unwrap();
        assert_eq!(
            (ahram.rating, &ahram.source),
            (Rating::Low, &RatingSource::User)
        );
        let other = ratings.rate(Some("Other"), Some("https://news.example.org/x"));
        assert_eq!(other.map(|r| r.rating), Some(Rating::High));
    }

    #[test]
    fn bad_files_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let user = write(dir.path(), "r.tsv", "Ahram Online\tsuperb\n");
        let error = Ratings::curated()
            .load_user_file(&user)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("r.tsv:1:") && error.contains("superb"),
            "{error}"
        );
        let missing = Ratings::curated().load_datasets(&dir.path().join("nope"));
        assert!(missing.is_err());
    }
}
