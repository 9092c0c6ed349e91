//! Scoring an analyzer on the shared data with the official measures (see [`crate::measures`]):
//! NLP4IF-2019 SLC, SemEval-2020 SI and TC, SemEval-2023 subtask 3, and the calibration of
//! the article score. Articles a model was trained on are skipped and counted.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use parallax_core::{CharIndex, Technique};
use serde::Serialize;

use crate::analyzer::{Analysis, Analyzer};
use crate::article_score::is_propagandistic;
use crate::data::{
    load_nlp4if, load_semeval2020, load_semeval2023, unlabelled_parts, DataPaths, Split,
};
use crate::error::AnalyzeError;
use crate::features::Prepared;
use crate::measures::{
    bootstrap_interval, expected_calibration_error, roc_auc, Binary, MultiLabel, Prf, SpanOverlap,
    TechniqueAccuracy,
};
use crate::technique::{semeval2020_class, token_range};
use crate::text::split_sentences;
use crate::train::{non_empty_lines, slc_units};

/// Seed of the bootstrap intervals, so a report reads the same on every run.
const BOOTSTRAP_SEED: u64 = 2019;

#[derive(Debug, Clone, Serialize)]
pub struct SlcReport {
    pub score: Prf,
    /// 95% bootstrap interval of F1, resampling articles ([`bootstrap_interval`]).
    pub f1_interval: (f64, f64),
    pub articles: usize,
    pub sentences: usize,
    pub propaganda: u64,
    pub threshold: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiReport {
    pub score: Prf,
    /// 95% bootstrap interval of F1, resampling articles ([`bootstrap_interval`]).
    pub f1_interval: (f64, f64),
    pub articles: usize,
    pub gold_spans: usize,
    pub predicted_spans: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TcReport {
    pub micro: Prf,
    pub spans: u64,
    /// Per SemEval-2020 class: precision, recall, F1, gold count.
    pub by_class: BTreeMap<String, (f64, f64, f64, u64)>,
}

/// How often the phrases an explanation quotes as examples ([`crate::explain::quoted_findings`])
/// lie on a gold span (SemEval-2020), and on one of the same technique.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationReport {
    pub examples: usize,
    /// Share of examples overlapping a gold span.
    pub on_gold_span: f64,
    /// Share of examples overlapping a gold span of the technique they are quoted for (by
    /// SemEval-2020 class).
    pub same_technique: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subtask3Report {
    pub micro: Prf,
    /// Mean F1 over the 23 techniques (techniques absent from gold and predictions score 0).
    pub macro_f1: f64,
    /// Mean F1 over the techniques present in the gold paragraphs.
    pub macro_f1_present: f64,
    pub articles: usize,
    pub paragraphs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    pub articles: usize,
    pub propagandistic: usize,
    pub expected_calibration_error: f64,
    pub brier: f64,
    pub auc: f64,
    pub mean_score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeedReport {
    pub articles: usize,
    pub words: usize,
    pub seconds: f64,
    pub articles_per_second: f64,
    /// Milliseconds per 800 words of text.
    pub ms_per_800_words: f64,
}

/// Every measure on one split.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `fast` or `deep`.
    pub path: String,
    pub split: String,
    pub slc: SlcReport,
    pub si: SiReport,
    pub tc: TcReport,
    pub explanation: ExplanationReport,
    pub subtask3: Subtask3Report,
    pub article: ArticleReport,
    pub speed: SpeedReport,
    /// Articles left out because the model was trained on them.
    pub skipped_trained: usize,
    /// Folders of articles left out because they have no gold labels ([`unlabelled_parts`]).
    pub unlabelled: Vec<String>,
}

/// What evaluation needs from a persuasion model (the fast path, or the deep path on top).
pub trait Persuasion {
    /// Analyses a text given its sentences (byte ranges), without quotations.
    fn analyze_text(&self, text: &str, sentences: &[Range<usize>]) -> Analysis;
    /// Technique probabilities of a given span (byte range) of a text.
    fn classify_span(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        start: usize,
        end: usize,
    ) -> Vec<(Technique, f32)>;
    /// Article ids the models were trained on.
    fn trained_ids(&self) -> BTreeSet<String>;
    /// The SLC decision threshold.
    fn threshold(&self) -> f32;
    /// `fast` or `deep`.
    fn path(&self) -> &'static str;
}

impl Persuasion for Analyzer {
    fn analyze_text(&self, text: &str, sentences: &[Range<usize>]) -> Analysis {
        Analyzer::analyze_text(self, text, sentences, &[])
    }

    fn classify_span(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        start: usize,
        end: usize,
    ) -> Vec<(Technique, f32)> {
        let models = self.models();
        if let Some(deep) = self.deep() {
            return deep.classify_span(models, text, sentences, start, end);
        }
        let p = Prepared::with_clusters(text, sentences, Some(&models.clusters));
        match token_range(&p, start, end) {
            Some((r, s)) => models
                .techniques
                .labels
                .iter()
                .copied()
                .zip(models.techniques.probabilities(&p, r, s))
                .collect(),
            None => Vec::new(),
        }
    }

    fn trained_ids(&self) -> BTreeSet<String> {
        self.models().trained_ids()
    }

    fn path(&self) -> &'static str {
        if self.deep().is_some() {
            "deep"
        } else {
            "fast"
        }
    }

    fn threshold(&self) -> f32 {
        match self.deep() {
            Some(deep) => deep.models.threshold,
            None => self.models().sentences.threshold,
        }
    }
}

/// Evaluates `analyzer` on the articles of `split` under `data_dir`.
pub fn evaluate(
    analyzer: &dyn Persuasion,
    data_dir: &Path,
    split: Split,
) -> Result<Report, AnalyzeError> {
    let paths = DataPaths::new(data_dir);
    let trained: BTreeSet<String> = analyzer.trained_ids();
    let mut skipped = BTreeSet::new();
    let mut keep = |id: &str| {
        if trained.contains(id) {
            skipped.insert(id.to_string());
            false
        } else {
            true
        }
    };

    // NLP4IF-2019 SLC, and the article ground truth where sentence labels exist.
    let nlp4if = load_nlp4if(&paths.nlp4if, split)?;
    let mut slc = Binary::default();
    let mut slc_by_article: Vec<Binary> = Vec::new();
    let mut sentences = 0;
    let mut articles: BTreeMap<String, (f32, bool)> = BTreeMap::new();
    let mut words = 0usize;
    let mut seconds = 0f64;
    let mut timed = 0usize;
    let mut slc_articles = 0;
    for a in nlp4if.iter().filter(|a| keep(&a.id)) {
        let (units, labels) = slc_units(a);
        let started = Instant::now();
        let analysis = analyzer.analyze_text(&a.text, &units);
        seconds += started.elapsed().as_secs_f64();
        timed += 1;
        words += a.text.split_whitespace().count();
        let mut article_slc = Binary::default();
        for (&p, &y) in analysis.sentences.iter().zip(&labels) {
            article_slc.add(y, p >= analysis.threshold);
        }
        slc.merge(&article_slc);
        slc_by_article.push(article_slc);
        sentences += labels.len();
        slc_articles += 1;
        articles.insert(a.id.clone(), (analysis.article, is_propagandistic(&labels)));
    }

    // SemEval-2020 SI and TC.
    let s20 = load_semeval2020(&paths.semeval2020, split)?;
    let mut si = SpanOverlap::default();
    let mut si_by_article: Vec<SpanOverlap> = Vec::new();
    let mut tc = TechniqueAccuracy::default();
    let (mut examples, mut examples_on_gold, mut examples_same) = (0usize, 0usize, 0usize);
    let mut si_articles = 0;
    for a in s20.iter().filter(|a| keep(&a.id)) {
        si_articles += 1;
        let units = non_empty_lines(&a.text);
        let analysis = analyzer.analyze_text(&a.text, &units);
        let index = CharIndex::new(&a.text);
        let c = |x: usize| index.char_of(x);
        let gold: Vec<(usize, usize)> = a.plain.iter().map(|&(s, e)| (c(s), c(e))).collect();
        let predicted: Vec<(usize, usize)> = analysis
            .findings
            .iter()
            .map(|f| (c(f.start), c(f.end)))
            .collect();
        let mut article_si = SpanOverlap::default();
        article_si.add(&gold, &predicted);
        si.merge(&article_si);
        si_by_article.push(article_si);
        for f in crate::explain::quoted_findings(&a.text, &analysis) {
            let overlapping = || {
                a.spans
                    .iter()
                    .filter(move |g| g.start < f.end && f.start < g.end)
            };
            examples += 1;
            examples_on_gold += usize::from(overlapping().next().is_some());
            let class = semeval2020_class(f.technique);
            examples_same +=
                usize::from(overlapping().any(|g| class == Some(g.technique.as_str())));
        }
        // TC: the gold spans, grouped by offsets.
        let mut groups: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for s in &a.spans {
            groups
                .entry((s.start, s.end))
                .or_default()
                .push(s.technique.clone());
        }
        for ((start, end), gold) in groups {
            let mut by_class: BTreeMap<&str, f32> = BTreeMap::new();
            for (t, q) in analyzer.classify_span(&a.text, &units, start, end) {
                if let Some(class) = semeval2020_class(t) {
                    *by_class.entry(class).or_default() += q;
                }
            }
            let mut ranked: Vec<(&str, f32)> = by_class.into_iter().collect();
            ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
            let predicted: Vec<String> = ranked
                .iter()
                .take(gold.len())
                .map(|x| x.0.to_string())
                .collect();
            tc.add(&gold, &predicted);
        }
    }

    // SemEval-2023 subtask 3 (paragraphs are lines), and the article ground truth elsewhere.
    let s23 = load_semeval2023(&paths.semeval2023, split)?;
    let mut st3 = MultiLabel::new(
        Technique::ALL
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
    );
    let mut paragraphs = 0;
    let mut st3_articles = 0;
    for a in s23.iter().filter(|a| keep(&a.id)) {
        st3_articles += 1;
        let units = split_sentences(&a.text);
        let analysis = analyzer.analyze_text(&a.text, &units);
        // Paragraph-level gold scores the lines it labels; span gold, every non-empty line.
        let lines = a
            .paragraphs
            .clone()
            .unwrap_or_else(|| non_empty_lines(&a.text));
        for line in lines {
            let overlaps = |s: usize, e: usize| s < line.end && line.start < e;
            let mut gold: Vec<String> = a
                .spans
                .iter()
                .filter(|s| overlaps(s.start, s.end))
                .map(|s| s.technique.clone())
                .collect();
            gold.sort();
            gold.dedup();
            let mut predicted: Vec<String> = analysis
                .findings
                .iter()
                .filter(|f| overlaps(f.start, f.end))
                .map(|f| f.technique.name().to_string())
                .collect();
            predicted.sort();
            predicted.dedup();
            st3.add(&gold, &predicted);
            paragraphs += 1;
        }
        // Whole-paragraph gold would overstate the share of propaganda sentences on which the
        // article ground truth rests, so such articles stay out of the calibration figures.
        if a.paragraphs.is_none() && !articles.contains_key(&a.id) {
            let labels: Vec<bool> = units
                .iter()
                .map(|u| a.spans.iter().any(|s| s.start < u.end && u.start < s.end))
                .collect();
            articles.insert(a.id.clone(), (analysis.article, is_propagandistic(&labels)));
        }
    }

    let pairs: Vec<(f64, bool)> = articles.values().map(|&(p, y)| (p as f64, y)).collect();
    let brier = pairs
        .iter()
        .map(|&(p, y)| (p - if y { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / pairs.len().max(1) as f64;
    let mut by_class = BTreeMap::new();
    for (label, c) in &tc.by_label {
        by_class.insert(label.clone(), (c.precision(), c.recall(), c.f1(), c.gold()));
    }
    Ok(Report {
        path: analyzer.path().to_string(),
        split: format!("{split:?}").to_lowercase(),
        slc: SlcReport {
            score: slc.score(),
            f1_interval: bootstrap_interval(
                &slc_by_article,
                Binary::merge,
                |b| b.score().f1,
                BOOTSTRAP_SEED,
            ),
            articles: slc_articles,
            sentences,
            propaganda: slc.counts.gold(),
            threshold: analyzer.threshold(),
        },
        si: SiReport {
            score: si.score(),
            f1_interval: bootstrap_interval(
                &si_by_article,
                SpanOverlap::merge,
                |s| s.score().f1,
                BOOTSTRAP_SEED,
            ),
            articles: si_articles,
            gold_spans: si.gold(),
            predicted_spans: si.predicted(),
        },
        tc: TcReport {
            micro: tc.micro(),
            spans: tc.counts.gold(),
            by_class,
        },
        explanation: ExplanationReport {
            examples,
            on_gold_span: examples_on_gold as f64 / examples.max(1) as f64,
            same_technique: examples_same as f64 / examples.max(1) as f64,
        },
        subtask3: Subtask3Report {
            micro: st3.micro(),
            macro_f1: st3.macro_f1(),
            macro_f1_present: st3.macro_f1_present(),
            articles: st3_articles,
            paragraphs,
        },
        article: ArticleReport {
            articles: pairs.len(),
            propagandistic: pairs.iter().filter(|p| p.1).count(),
            expected_calibration_error: expected_calibration_error(&pairs, 10),
            brier,
            auc: roc_auc(&pairs),
            mean_score: pairs.iter().map(|p| p.0).sum::<f64>() / pairs.len().max(1) as f64,
        },
        speed: SpeedReport {
            articles: timed,
            words,
            seconds,
            articles_per_second: timed as f64 / seconds.max(1e-9),
            ms_per_800_words: 1000.0 * seconds * 800.0 / words.max(1) as f64,
        },
        skipped_trained: skipped.len(),
        unlabelled: unlabelled_parts(data_dir, split),
    })
}
