//! Readers for the three propaganda data sets in `../shared/data/propaganda`, and the one
//! development split shared by all of them.
//!
//! The sets overlap: the SemEval-2023 English train articles are the SemEval-2020 train and dev
//! articles relabelled, and most NLP4IF-2019 articles are SemEval-2020 train articles. Article
//! ids are shared, so the split is a function of the id alone ([`is_dev`]) and an article is on
//! the same side in every set. Offsets in the files are character offsets; here they become
//! byte offsets into the article text.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use parallax_core::CharIndex;
use parallax_learn::hashing::{hash_str, mix64};

use crate::error::AnalyzeError;

/// Share of articles kept for development: one in `DEV_MODULUS`.
pub const DEV_MODULUS: u64 = 5;
const SPLIT_SALT: u64 = 0x7061_7261_6c6c_6178; // "parallax"

/// Whether an article id belongs to the development split: the stable hash of its decimal id
/// (as in the file names, without the `article` prefix), salted, is divisible by 5. About a
/// fifth of the articles of every set, the same articles in every set.
pub fn is_dev(id: &str) -> bool {
    mix64(hash_str(id) ^ SPLIT_SALT).is_multiple_of(DEV_MODULUS)
}

/// The cross-validation fold of a training article, also a function of the id alone, so an
/// article sits in the same fold in every data set (out-of-fold predictions never leak).
pub fn fold_of(id: &str, folds: usize) -> usize {
    (mix64(hash_str(id) ^ SPLIT_SALT.rotate_left(17)) / DEV_MODULUS % folds.max(1) as u64) as usize
}

/// Which part of a data set to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Dev,
    /// Every article (for a held-out folder that was never trained on).
    All,
}

impl Split {
    pub fn keeps(self, id: &str) -> bool {
        match self {
            Split::Train => !is_dev(id),
            Split::Dev => is_dev(id),
            Split::All => true,
        }
    }
}

/// A gold technique span, as byte offsets into the article text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    /// The label as written in the data set (2020 or 2023 names).
    pub technique: String,
}

/// An article with technique spans.
#[derive(Debug, Clone)]
pub struct SpanArticle {
    pub id: String,
    pub text: String,
    /// Technique spans (SemEval-2020 task 2, SemEval-2023 subtask 3, or NLP4IF FLC).
    pub spans: Vec<GoldSpan>,
    /// Technique-free propaganda spans (SemEval-2020 task 1); empty for other sets.
    pub plain: Vec<(usize, usize)>,
    /// `Some` when the gold is paragraph-level (SemEval-2023 `…-labels-subtask-3.txt`): the
    /// labelled lines, each `spans` entry then covering one whole line. Such gold says which
    /// techniques a paragraph uses, not where, so it scores subtask 3 only.
    pub paragraphs: Option<Vec<Range<usize>>>,
}

/// An article with one label per line (NLP4IF-2019 sentence-level task).
#[derive(Debug, Clone)]
pub struct LineArticle {
    pub id: String,
    pub text: String,
    /// Byte range of each line (line `i + 1` in the label files).
    pub lines: Vec<Range<usize>>,
    /// Whether each line is labelled propaganda.
    pub labels: Vec<bool>,
}

/// The data sets' folders under the shared data directory.
#[derive(Debug, Clone)]
pub struct DataPaths {
    pub semeval2020: PathBuf,
    pub semeval2023: PathBuf,
    pub nlp4if: PathBuf,
}

impl DataPaths {
    /// `DATA/propaganda/{semeval2020-ptc,semeval2023-en,nlp4if2019}`.
    pub fn new(data_dir: &Path) -> Self {
        let p = data_dir.join("propaganda");
        DataPaths {
            semeval2020: p.join("semeval2020-ptc"),
            semeval2023: p.join("semeval2023-en"),
            nlp4if: p.join("nlp4if2019"),
        }
    }
}

fn read(path: &Path) -> Result<String, AnalyzeError> {
    std::fs::read_to_string(path).map_err(|e| AnalyzeError::io(path, e))
}

/// Article files `article<ID>.txt` in a folder, sorted by id.
fn article_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, AnalyzeError> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(|e| AnalyzeError::io(dir, e))? {
        let entry = entry.map_err(|e| AnalyzeError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name
            .strip_prefix("article")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                out.insert(id.to_string(), entry.path());
            }
        }
    }
    Ok(out)
}

/// The parts of a data set folder to read: `train-*` folders for the training and development
/// splits; for [`Split::All`] (a held-out folder) every part present among `train-`, `dev-` and
/// `test-`, so a release's dev or test folders score as they are, and a data set the folder
/// does not hold is simply empty. `articles` names the articles folder after the prefix.
fn parts(dir: &Path, split: Split, articles: &str) -> Vec<&'static str> {
    match split {
        Split::Train | Split::Dev => vec!["train"],
        Split::All => ["train", "dev", "test"]
            .into_iter()
            .filter(|part| dir.join(format!("{part}-{articles}")).is_dir())
            .collect(),
    }
}

/// One way a release lays out a part's gold labels: a folder `{part}-{folder}` holding one
/// file `article{id}{file}` per article. Releases of the same task differ (SemEval-2020's first
/// release named its folders `…-task1-span-identification`, the final one, which added the dev
/// gold, `…-task-si`), so each data set lists the layouts it accepts, first found first.
#[derive(Debug, Clone, Copy)]
struct LabelLayout {
    folder: &'static str,
    file: &'static str,
}

const SEMEVAL2020_TC: &[LabelLayout] = &[
    LabelLayout {
        folder: "labels-task2-technique-classification",
        file: ".task2-TC.labels",
    },
    LabelLayout {
        folder: "labels-task-flc-tc",
        file: ".task-flc-tc.labels",
    },
];
const SEMEVAL2020_SI: &[LabelLayout] = &[
    LabelLayout {
        folder: "labels-task1-span-identification",
        file: ".task1-SI.labels",
    },
    LabelLayout {
        folder: "labels-task-si",
        file: ".task-si.labels",
    },
];
const SEMEVAL2023_SPANS: &[LabelLayout] = &[LabelLayout {
    folder: "labels-subtask-3-spans",
    file: "-labels-subtask-3.txt",
}];
const NLP4IF_SLC: &[LabelLayout] = &[LabelLayout {
    folder: "labels-SLC",
    file: ".task-SLC.labels",
}];
/// NLP4IF-2019 fragment labels, from which sentence labels follow (a line is propaganda when a
/// fragment overlaps it, as the task defined them) when a release ships no SLC labels.
const NLP4IF_FLC: &[LabelLayout] = &[LabelLayout {
    folder: "labels-FLC",
    file: ".task-FLC.labels",
}];

/// A part's label folder under the first of `layouts` present.
#[derive(Debug, Clone)]
struct LabelFolder {
    dir: PathBuf,
    file: &'static str,
}

impl LabelFolder {
    fn find(dir: &Path, part: &str, layouts: &[LabelLayout]) -> Option<LabelFolder> {
        layouts.iter().find_map(|l| {
            let folder = dir.join(format!("{part}-{}", l.folder));
            folder.is_dir().then_some(LabelFolder {
                dir: folder,
                file: l.file,
            })
        })
    }

    /// The label file of article `id` (it may be absent: an article without spans).
    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("article{id}{}", self.file))
    }
}

/// Releases also ship a part's gold in one file for all its articles (the per-article rows,
/// one after the other), read when the per-article folders are absent: SemEval-2020's
/// `{part}-task-flc-tc.labels` and `{part}-task-si.labels`, NLP4IF-2019's
/// `{part}.task-SLC.labels`. Each name follows the part's name.
const SEMEVAL2020_TC_FILE: &str = "-task-flc-tc.labels";
const SEMEVAL2020_SI_FILE: &str = "-task-si.labels";
const NLP4IF_SLC_FILE: &str = ".task-SLC.labels";

/// Label rows, each with its line in its file (from 1).
type NumberedRows = Vec<(usize, Vec<String>)>;

/// Where a part's gold rows are: a file per article, or one file for all of them.
enum GoldSource {
    PerArticle {
        folder: LabelFolder,
        fields: usize,
    },
    Combined {
        path: PathBuf,
        /// Rows by article id, each with its line in the file.
        rows: BTreeMap<String, NumberedRows>,
    },
}

impl GoldSource {
    /// The first of `layouts` present under `dir`, else the combined file `{part}{file}`.
    fn find(
        dir: &Path,
        part: &str,
        layouts: &[LabelLayout],
        file: &str,
        fields: usize,
    ) -> Result<Option<GoldSource>, AnalyzeError> {
        if let Some(folder) = LabelFolder::find(dir, part, layouts) {
            return Ok(Some(GoldSource::PerArticle { folder, fields }));
        }
        let path = dir.join(format!("{part}{file}"));
        if !path.is_file() {
            return Ok(None);
        }
        let mut rows: BTreeMap<String, NumberedRows> = BTreeMap::new();
        for (line, cols) in numbered_label_lines(&path, fields)? {
            rows.entry(cols[0].trim().to_string())
                .or_default()
                .push((line, cols));
        }
        Ok(Some(GoldSource::Combined { path, rows }))
    }

    /// Whether article `id` is labelled: always with a file per article (no file means no
    /// spans), only with rows of its own in a combined file.
    fn labels(&self, id: &str) -> bool {
        match self {
            GoldSource::PerArticle { .. } => true,
            GoldSource::Combined { rows, .. } => rows.contains_key(id),
        }
    }

    /// The gold rows of article `id` and the file they come from (no rows: no spans).
    fn rows(&self, id: &str) -> Result<(PathBuf, NumberedRows), AnalyzeError> {
        match self {
            GoldSource::PerArticle { folder, fields } => {
                let path = folder.path(id);
                let rows = numbered_label_lines(&path, *fields)?;
                Ok((path, rows))
            }
            GoldSource::Combined { path, rows } => {
                Ok((path.clone(), rows.get(id).cloned().unwrap_or_default()))
            }
        }
    }
}

/// Parts of the propaganda data sets under `data_dir` that hold articles but no gold labels in
/// any layout this build reads: the loaders leave them out, and `eval` says so rather than
/// scoring their articles against nothing.
pub fn unlabelled_parts(data_dir: &Path, split: Split) -> Vec<String> {
    let paths = DataPaths::new(data_dir);
    // (data set, articles folder, per-article label layouts, single gold files per part)
    type GoldPlaces<'a> = (&'a Path, &'a str, Vec<&'a [LabelLayout]>, Vec<&'a str>);
    let sets: [GoldPlaces; 3] = [
        (
            &paths.nlp4if,
            "articles",
            vec![NLP4IF_SLC, NLP4IF_FLC],
            vec![NLP4IF_SLC_FILE],
        ),
        (
            &paths.semeval2020,
            "articles",
            vec![SEMEVAL2020_TC, SEMEVAL2020_SI],
            vec![SEMEVAL2020_TC_FILE, SEMEVAL2020_SI_FILE],
        ),
        (
            &paths.semeval2023,
            "articles-subtask-3",
            vec![SEMEVAL2023_SPANS],
            vec![SEMEVAL2023_PARAGRAPH_FILE],
        ),
    ];
    let mut out = Vec::new();
    for (dir, articles, layouts, files) in sets {
        for part in parts(dir, split, articles) {
            if !dir.join(format!("{part}-{articles}")).is_dir() {
                continue;
            }
            let in_a_file = files
                .iter()
                .any(|f| dir.join(format!("{part}{f}")).is_file());
            if !in_a_file
                && layouts
                    .iter()
                    .all(|l| LabelFolder::find(dir, part, l).is_none())
            {
                let looked: Vec<String> = layouts
                    .iter()
                    .flat_map(|l| l.iter().map(|l| format!("{part}-{}", l.folder)))
                    .chain(files.iter().map(|f| format!("{part}{f}")))
                    .collect();
                out.push(format!(
                    "{}: no gold labels (looked for {}); its articles are not scored",
                    dir.join(format!("{part}-{articles}")).display(),
                    looked.join(", ")
                ));
            }
        }
    }
    out
}

/// Parses `ID<TAB>…` label lines; `fields` is the expected number of columns.
fn label_lines(path: &Path, fields: usize) -> Result<Vec<Vec<String>>, AnalyzeError> {
    Ok(numbered_label_lines(path, fields)?
        .into_iter()
        .map(|(_, cols)| cols)
        .collect())
}

/// [`label_lines`] with each row's line number in the file (from 1), for errors that point
/// at the row. A missing file has no rows (an article without spans has no label file).
fn numbered_label_lines(path: &Path, fields: usize) -> Result<NumberedRows, AnalyzeError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(AnalyzeError::io(path, e)),
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        if cols.len() != fields {
            return Err(AnalyzeError::Format {
                path: path.display().to_string(),
                line: n + 1,
                reason: format!(
                    "expected {fields} tab-separated fields, found {}",
                    cols.len()
                ),
            });
        }
        out.push((n + 1, cols));
    }
    Ok(out)
}

fn offset(path: &Path, line: usize, s: &str) -> Result<usize, AnalyzeError> {
    s.trim().parse().map_err(|_| AnalyzeError::Format {
        path: path.display().to_string(),
        line,
        reason: format!("{s:?} is not an offset"),
    })
}

/// Converts character offsets to a byte span, rejecting spans outside the text.
fn byte_span(
    index: &CharIndex,
    text: &str,
    start: usize,
    end: usize,
    path: &Path,
    line: usize,
) -> Result<(usize, usize), AnalyzeError> {
    let chars = parallax_core::char_len(text);
    if start >= end || end > chars {
        return Err(AnalyzeError::Format {
            path: path.display().to_string(),
            line,
            reason: format!("span {start}..{end} is outside the article ({chars} characters)"),
        });
    }
    Ok((index.byte_of(start), index.byte_of(end)))
}

fn technique_spans(
    text: &str,
    path: &Path,
    rows: NumberedRows,
) -> Result<Vec<GoldSpan>, AnalyzeError> {
    let index = CharIndex::new(text);
    let mut spans = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let (s, e) = (offset(path, line, &row[2])?, offset(path, line, &row[3])?);
        let (start, end) = byte_span(&index, text, s, e, path, line)?;
        spans.push(GoldSpan {
            start,
            end,
            technique: row[1].clone(),
        });
    }
    spans.sort();
    Ok(spans)
}

/// SemEval-2023 Task 3 English: articles and subtask-3 spans (`split` chooses articles).
pub fn load_semeval2023(dir: &Path, split: Split) -> Result<Vec<SpanArticle>, AnalyzeError> {
    let mut out = Vec::new();
    for part in parts(dir, split, "articles-subtask-3") {
        let files = article_files(&dir.join(format!("{part}-articles-subtask-3")))?;
        let Some(labels) = LabelFolder::find(dir, part, SEMEVAL2023_SPANS) else {
            let paragraph_file = dir.join(format!("{part}{SEMEVAL2023_PARAGRAPH_FILE}"));
            if paragraph_file.is_file() {
                load_semeval2023_paragraphs(&paragraph_file, files, split, &mut out)?;
            }
            continue; // no gold otherwise: see `unlabelled_parts`
        };
        for (id, path) in files {
            if !split.keeps(&id) {
                continue;
            }
            let text = read(&path)?;
            let label_path = labels.path(&id);
            let spans = technique_spans(&text, &label_path, numbered_label_lines(&label_path, 4)?)?;
            out.push(SpanArticle {
                id,
                text,
                spans,
                plain: Vec::new(),
                paragraphs: None,
            });
        }
    }
    Ok(out)
}

/// The paragraph-level gold of a SemEval-2023 part (`{part}-labels-subtask-3.txt`), as the
/// task's scorer reads it.
const SEMEVAL2023_PARAGRAPH_FILE: &str = "-labels-subtask-3.txt";

/// SemEval-2023 subtask-3 gold at paragraph level, one file per part: `ID<TAB>LINE<TAB>TECHNIQUES`
/// with `LINE` counting the article file's lines from 1 (empty lines included, as the release's
/// `.template` files number them) and `TECHNIQUES` comma-separated, empty for a paragraph with
/// none. Releases that ship no span files give their gold this way. Only articles with a row
/// are labelled, and only the lines with a row are scored.
fn load_semeval2023_paragraphs(
    path: &Path,
    files: BTreeMap<String, PathBuf>,
    split: Split,
    out: &mut Vec<SpanArticle>,
) -> Result<(), AnalyzeError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Err(AnalyzeError::io(path, e)),
    };
    let format_error = |line: usize, reason: String| AnalyzeError::Format {
        path: path.display().to_string(),
        line,
        reason,
    };
    // Article id -> (label-file line, article line, techniques).
    let mut rows: BTreeMap<String, Vec<(usize, usize, Vec<String>)>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !(2..=3).contains(&cols.len()) {
            return Err(format_error(
                n + 1,
                format!("expected 3 tab-separated fields, found {}", cols.len()),
            ));
        }
        let number: usize = offset(path, n + 1, cols[1])?;
        let techniques = cols
            .get(2)
            .map(|t| {
                t.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        rows.entry(cols[0].trim().to_string())
            .or_default()
            .push((n + 1, number, techniques));
    }
    for (id, article_path) in files {
        let Some(labelled) = rows.get(&id) else {
            continue;
        };
        if !split.keeps(&id) {
            continue;
        }
        let text = read(&article_path)?;
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.trim_end_matches('\r').len();
            lines.push(start..end);
            start += line.len() + 1;
        }
        let mut spans = Vec::new();
        let mut paragraphs = Vec::with_capacity(labelled.len());
        for (row, number, techniques) in labelled {
            let Some(range) = number.checked_sub(1).and_then(|i| lines.get(i)) else {
                return Err(format_error(
                    *row,
                    format!("line {number} is outside article {id}"),
                ));
            };
            if text[range.clone()].trim().is_empty() {
                return Err(format_error(
                    *row,
                    format!("line {number} of article {id} is empty"),
                ));
            }
            paragraphs.push(range.clone());
            spans.extend(techniques.iter().map(|t| GoldSpan {
                start: range.start,
                end: range.end,
                technique: t.clone(),
            }));
        }
        spans.sort();
        paragraphs.sort_by_key(|r| r.start);
        paragraphs.dedup();
        out.push(SpanArticle {
            id,
            text,
            spans,
            plain: Vec::new(),
            paragraphs: Some(paragraphs),
        });
    }
    Ok(())
}

/// SemEval-2023 subtask-1 genre labels: article id to `opinion`, `reporting` or `satire`
/// (empty when the file is absent).
pub fn load_genres(dir: &Path) -> Result<BTreeMap<String, String>, AnalyzeError> {
    let path = dir.join("train-labels-subtask-1.txt");
    Ok(label_lines(&path, 2)?
        .into_iter()
        .map(|row| (row[0].clone(), row[1].trim().to_string()))
        .collect())
}

/// SemEval-2020 Task 11: articles, task-2 technique spans and task-1 plain spans.
pub fn load_semeval2020(dir: &Path, split: Split) -> Result<Vec<SpanArticle>, AnalyzeError> {
    let mut out = Vec::new();
    for part in parts(dir, split, "articles") {
        load_semeval2020_part(dir, part, split, &mut out)?;
    }
    Ok(out)
}

fn load_semeval2020_part(
    dir: &Path,
    part: &str,
    split: Split,
    out: &mut Vec<SpanArticle>,
) -> Result<(), AnalyzeError> {
    let files = article_files(&dir.join(format!("{part}-articles")))?;
    let tc = GoldSource::find(dir, part, SEMEVAL2020_TC, SEMEVAL2020_TC_FILE, 4)?;
    let si = GoldSource::find(dir, part, SEMEVAL2020_SI, SEMEVAL2020_SI_FILE, 3)?;
    if tc.is_none() && si.is_none() {
        return Ok(()); // no gold: see `unlabelled_parts`
    }
    for (id, path) in files {
        if !split.keeps(&id) {
            continue;
        }
        let text = read(&path)?;
        let spans = match &tc {
            Some(tc) => {
                let (tc_path, rows) = tc.rows(&id)?;
                technique_spans(&text, &tc_path, rows)?
            }
            None => Vec::new(),
        };
        let mut plain = Vec::new();
        match &si {
            Some(si) => {
                let (si_path, rows) = si.rows(&id)?;
                let index = CharIndex::new(&text);
                for (line, row) in rows {
                    let (s, e) = (
                        offset(&si_path, line, &row[1])?,
                        offset(&si_path, line, &row[2])?,
                    );
                    plain.push(byte_span(&index, &text, s, e, &si_path, line)?);
                }
            }
            // Task-1 spans are the task-2 spans without their techniques, merged.
            None => {
                plain = spans.iter().map(|s| (s.start, s.end)).collect();
                merge_spans(&mut plain);
            }
        }
        plain.sort();
        out.push(SpanArticle {
            id,
            text,
            spans,
            plain,
            paragraphs: None,
        });
    }
    Ok(())
}

/// NLP4IF-2019: articles with one sentence per line and a label per line.
pub fn load_nlp4if(dir: &Path, split: Split) -> Result<Vec<LineArticle>, AnalyzeError> {
    let mut out = Vec::new();
    for part in parts(dir, split, "articles") {
        load_nlp4if_part(dir, part, split, &mut out)?;
    }
    Ok(out)
}

fn load_nlp4if_part(
    dir: &Path,
    part: &str,
    split: Split,
    out: &mut Vec<LineArticle>,
) -> Result<(), AnalyzeError> {
    let slc = GoldSource::find(dir, part, NLP4IF_SLC, NLP4IF_SLC_FILE, 3)?;
    let flc = LabelFolder::find(dir, part, NLP4IF_FLC);
    let files = article_files(&dir.join(format!("{part}-articles")))?;
    for (id, path) in files {
        if !split.keeps(&id) {
            continue;
        }
        if slc.as_ref().is_some_and(|slc| !slc.labels(&id)) {
            continue; // not in the part's combined gold file
        }
        let text = read(&path)?;
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            lines.push(start..start + line.len());
            start += line.len() + 1;
        }
        let mut labels = vec![false; lines.len()];
        let labelled_lines = match (&slc, &flc) {
            (Some(slc), _) => {
                let (label_path, rows) = slc.rows(&id)?;
                for (row_line, row) in &rows {
                    let line: usize = offset(&label_path, *row_line, &row[1])?;
                    if line == 0 || line > lines.len() {
                        return Err(AnalyzeError::Format {
                            path: label_path.display().to_string(),
                            line: *row_line,
                            reason: format!("line {line} is outside article {id}"),
                        });
                    }
                    labels[line - 1] = row[2].trim() == "propaganda";
                }
                rows.len()
            }
            (None, Some(flc)) => {
                let label_path = flc.path(&id);
                let index = CharIndex::new(&text);
                let chars = parallax_core::char_len(&text);
                let mut fragments = Vec::new();
                for (n, row) in label_lines(&label_path, 4)?.into_iter().enumerate() {
                    let (s, e) = (
                        offset(&label_path, n + 1, &row[2])?,
                        offset(&label_path, n + 1, &row[3])?,
                    );
                    // Some released fragments run past the end of their article (in the
                    // shared training data two end past it, one starts past it). Only the
                    // lines a fragment touches matter here: its end is cut to the text, and
                    // one that starts past it touches no line.
                    if s >= chars && s <= e {
                        continue;
                    }
                    fragments.push(byte_span(
                        &index,
                        &text,
                        s,
                        e.min(chars),
                        &label_path,
                        n + 1,
                    )?);
                }
                for (label, line) in labels.iter_mut().zip(&lines) {
                    *label = fragments
                        .iter()
                        .any(|&(a, b)| a < line.end && line.start < b);
                }
                // Every line but the empty remainder after the final newline is labelled.
                lines.len() - usize::from(text.ends_with('\n'))
            }
            (None, None) => return Ok(()), // no gold: see `unlabelled_parts`
        };
        // Labels cover the lines before the final newline; drop the empty remainder.
        while lines.len() > labelled_lines.max(1) && lines.last().is_some_and(|r| r.is_empty()) {
            lines.pop();
            labels.pop();
        }
        out.push(LineArticle {
            id,
            text,
            lines,
            labels,
        });
    }
    Ok(())
}

/// Merges overlapping or touching-free overlapping spans (sorted output), as the SI scorer does.
pub fn merge_spans(spans: &mut Vec<(usize, usize)>) {
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &(s, e) in spans.iter() {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *spans = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_a_stable_fifth() {
        let ids: Vec<String> = (0..5000)
            .map(|i| (111_111_111 + i * 7919).to_string())
            .collect();
        let dev = ids.iter().filter(|id| is_dev(id)).count();
        assert!((800..1200).contains(&dev), "{dev}");
        assert_eq!(is_dev("111111111"), is_dev("111111111"));
        assert!(Split::Train.keeps("1") != Split::Dev.keeps("1"));
    }

    #[test]
    fn merging() {
        let mut s = vec![(5, 9), (0, 3), (2, 4), (9, 10)];
        merge_spans(&mut s);
        assert_eq!(s, vec![(0, 4), (5, 9), (9, 10)]);
    }

    #[test]
    fn reads_a_small_data_set() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("semeval2023-en");
        std::fs::create_dir_all(root.join("train-articles-subtask-3")).unwrap();
        std::fs::create_dir_all(root.join("train-labels-subtask-3-spans")).unwrap();
        std::fs::write(
            root.join("train-articles-subtask-3/article7.txt"),
            "Títle\n\nThey are évil liars.\n",
        )
        .unwrap();
        std::fs::write(
            root.join("train-labels-subtask-3-spans/article7-labels-subtask-3.txt"),
            "7\tLoaded_Language\t16\t20\n",
        )
        .unwrap();
        let articles = load_semeval2023(&root, Split::All).unwrap();
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        let s = &a.spans[0];
        assert_eq!(&a.text[s.start..s.end], "évil");
        std::fs::write(
            root.join("train-labels-subtask-3-spans/article7-labels-subtask-3.txt"),
            "7\tLoaded_Language\t16\t99\n",
        )
        .unwrap();
        let err = load_semeval2023(&root, Split::All).unwrap_err().to_string();
        assert!(err.contains("outside the article"), "{err}");
    }

    #[test]
    fn a_held_out_folder_reads_its_dev_and_test_parts_and_may_lack_a_set() {
        let dir = tempfile::tempdir().unwrap();
        let nlp4if = dir.path().join("nlp4if2019");
        for part in ["dev", "test"] {
            std::fs::create_dir_all(nlp4if.join(format!("{part}-articles"))).unwrap();
            std::fs::create_dir_all(nlp4if.join(format!("{part}-labels-SLC"))).unwrap();
        }
        std::fs::write(
            nlp4if.join("dev-articles/article11.txt"),
            "They lie.\nRain fell.\n",
        )
        .unwrap();
        std::fs::write(
            nlp4if.join("dev-labels-SLC/article11.task-SLC.labels"),
            "11\t1\tpropaganda\n11\t2\tnon-propaganda\n",
        )
        .unwrap();
        std::fs::write(nlp4if.join("test-articles/article12.txt"), "Calm.\n").unwrap();
        std::fs::write(
            nlp4if.join("test-labels-SLC/article12.task-SLC.labels"),
            "12\t1\tnon-propaganda\n",
        )
        .unwrap();
        let articles = load_nlp4if(&nlp4if, Split::All).unwrap();
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["11", "12"]);
        assert_eq!(articles[0].labels, [true, false]);
        // The training and development splits read the training folder only, which is missing.
        assert!(load_nlp4if(&nlp4if, Split::Dev).is_err());
        assert!(load_semeval2020(&dir.path().join("nowhere"), Split::Dev).is_err());
        // A held-out folder without the other sets scores them as empty.
        let missing = dir.path().join("semeval2020-ptc");
        assert!(load_semeval2020(&missing, Split::All).unwrap().is_empty());
        assert!(load_semeval2023(&missing, Split::All).unwrap().is_empty());
    }

    #[test]
    fn reads_the_final_semeval2020_layout_and_derives_what_a_release_leaves_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("propaganda");
        let s20 = root.join("semeval2020-ptc");
        // The final release's names, technique spans only: task-1 spans follow from them.
        for folder in ["dev-articles", "dev-labels-task-flc-tc"] {
            std::fs::create_dir_all(s20.join(folder)).unwrap();
        }
        std::fs::write(
            s20.join("dev-articles/article21.txt"),
            "Vile traitors lie.\n",
        )
        .unwrap();
        std::fs::write(
            s20.join("dev-labels-task-flc-tc/article21.task-flc-tc.labels"),
            "21\tLoaded_Language\t0\t4\n21\tName_Calling,Labeling\t0\t13\n",
        )
        .unwrap();
        let articles = load_semeval2020(&s20, Split::All).unwrap();
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].spans.len(), 2);
        assert_eq!(articles[0].plain, [(0, 13)]);
        // NLP4IF sentence labels from fragment labels when no SLC folder is shipped.
        let nlp4if = root.join("nlp4if2019");
        for folder in ["test-articles", "test-labels-FLC"] {
            std::fs::create_dir_all(nlp4if.join(folder)).unwrap();
        }
        std::fs::write(
            nlp4if.join("test-articles/article31.txt"),
            "Rain fell.\nThey are vile.\n",
        )
        .unwrap();
        std::fs::write(
            nlp4if.join("test-labels-FLC/article31.task-FLC.labels"),
            // The second fragment ends past the file and the third starts past it, as some
            // released ones do.
            "31\tLoaded_Language\t20\t24\n31\tName_Calling,Labeling\t20\t60\n31\tDoubt\t70\t80\n",
        )
        .unwrap();
        let lines = load_nlp4if(&nlp4if, Split::All).unwrap();
        assert_eq!(lines[0].labels, [false, true]);
        assert_eq!(lines[0].lines.len(), 2);
        // A part with articles and no gold in any layout is left out, and said to be.
        let s23 = root.join("semeval2023-en");
        std::fs::create_dir_all(s23.join("test-articles-subtask-3")).unwrap();
        std::fs::write(s23.join("test-articles-subtask-3/article41.txt"), "Calm.\n").unwrap();
        assert!(load_semeval2023(&s23, Split::All).unwrap().is_empty());
        let notes = unlabelled_parts(dir.path(), Split::All);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("test-articles-subtask-3")
                && notes[0].contains("test-labels-subtask-3-spans")
                && notes[0].contains("test-labels-subtask-3.txt"),
            "{notes:?}"
        );
    }

    #[test]
    fn reads_semeval2020_gold_from_the_files_that_hold_a_whole_part() {
        let dir = tempfile::tempdir().unwrap();
        let s20 = dir.path().join("semeval2020-ptc");
        std::fs::create_dir_all(s20.join("dev-articles")).unwrap();
        std::fs::write(
            s20.join("dev-articles/article61.txt"),
            "Vile traitors lie.\n",
        )
        .unwrap();
        std::fs::write(s20.join("dev-articles/article62.txt"), "Rain fell.\n").unwrap();
        // Rows of several articles in one file, one of them not in the folder.
        std::fs::write(
            s20.join("dev-task-flc-tc.labels"),
            "61\tLoaded_Language\t0\t4\n63\tDoubt\t0\t2\n\n61\tName_Calling,Labeling\t5\t13\n",
        )
        .unwrap();
        std::fs::write(s20.join("dev-task-si.labels"), "61\t0\t13\n").unwrap();
        let articles = load_semeval2020(&s20, Split::All).unwrap();
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].spans.len(), 2);
        assert_eq!(articles[0].plain, [(0, 13)]);
        assert!(articles[1].spans.is_empty() && articles[1].plain.is_empty());
        assert!(unlabelled_parts(dir.path(), Split::All).is_empty());
        // An error points at the combined file and the row's own line in it.
        std::fs::write(
            s20.join("dev-task-flc-tc.labels"),
            "61\tDoubt\t0\t4\n\n61\tDoubt\t0\t99\n",
        )
        .unwrap();
        let err = load_semeval2020(&s20, Split::All).unwrap_err().to_string();
        assert!(err.contains("dev-task-flc-tc.labels:3:"), "{err}");
        // NLP4IF-2019's one-file sentence labels; an article with no rows in it is unlabelled.
        let nlp4if = dir.path().join("nlp4if2019");
        std::fs::create_dir_all(nlp4if.join("dev-articles")).unwrap();
        std::fs::write(
            nlp4if.join("dev-articles/article71.txt"),
            "They lie.\nRain fell.\n",
        )
        .unwrap();
        std::fs::write(nlp4if.join("dev-articles/article72.txt"), "Calm.\n").unwrap();
        std::fs::write(
            nlp4if.join("dev.task-SLC.labels"),
            "71\t1\tpropaganda\n71\t2\tnon-propaganda\n",
        )
        .unwrap();
        let lines = load_nlp4if(&nlp4if, Split::All).unwrap();
        assert!(unlabelled_parts(dir.path(), Split::All).is_empty());
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (lines[0].id.as_str(), lines[0].labels.as_slice()),
            ("71", &[true, false][..])
        );
        std::fs::write(
            nlp4if.join("dev.task-SLC.labels"),
            "71\t1\tpropaganda\n71\t5\tpropaganda\n",
        )
        .unwrap();
        let err = load_nlp4if(&nlp4if, Split::All).unwrap_err().to_string();
        assert!(err.contains("dev.task-SLC.labels:2:"), "{err}");
    }

    #[test]
    fn reads_semeval2023_paragraph_labels_when_a_release_ships_no_spans() {
        let dir = tempfile::tempdir().unwrap();
        let s23 = dir.path().join("semeval2023-en");
        std::fs::create_dir_all(s23.join("dev-articles-subtask-3")).unwrap();
        // Title, an empty line, two paragraphs (CRLF endings on one), as the release numbers
        // lines: from 1, empty ones counted.
        std::fs::write(
            s23.join("dev-articles-subtask-3/article51.txt"),
            "Traitors win\n\nThey lie to you.\r\nRain fell.\n",
        )
        .unwrap();
        std::fs::write(
            s23.join("dev-articles-subtask-3/article52.txt"),
            "Unlabelled.\n",
        )
        .unwrap();
        std::fs::write(
            s23.join("dev-labels-subtask-3.txt"),
            "51\t1\tName_Calling-Labeling\n51\t3\tLoaded_Language,Doubt\n51\t4\t\n",
        )
        .unwrap();
        let articles = load_semeval2023(&s23, Split::All).unwrap();
        assert_eq!(articles.len(), 1, "only an article with rows is labelled");
        let a = &articles[0];
        let lines: Vec<&str> = a
            .paragraphs
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| &a.text[r.clone()])
            .collect();
        assert_eq!(lines, ["Traitors win", "They lie to you.", "Rain fell."]);
        let labelled: Vec<(&str, &str)> = a
            .spans
            .iter()
            .map(|s| (&a.text[s.start..s.end], s.technique.as_str()))
            .collect();
        assert_eq!(labelled.len(), 3);
        assert!(labelled.contains(&("Traitors win", "Name_Calling-Labeling")));
        assert!(labelled.contains(&("They lie to you.", "Doubt")));
        assert!(labelled.contains(&("They lie to you.", "Loaded_Language")));
        assert!(unlabelled_parts(dir.path(), Split::All).is_empty());
        // A row naming an empty line, or one past the end, is an error naming the file.
        for bad in ["51\t2\tDoubt\n", "51\t9\tDoubt\n"] {
            std::fs::write(s23.join("dev-labels-subtask-3.txt"), bad).unwrap();
            let err = load_semeval2023(&s23, Split::All).unwrap_err().to_string();
            assert!(err.contains("dev-labels-subtask-3.txt"), "{err}");
        }
    }
}
