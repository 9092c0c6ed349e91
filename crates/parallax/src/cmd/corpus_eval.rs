//! `parallax train disputes` and `parallax eval disputes | duplicates | events | alignment`: the corpus
//! layer's model and measures, on FNC-1 (`../shared/data/stance/fnc1`).
//!
//! FNC-1's stories (see `parallax_corpus::eval::fnc1`) are split once: every third story is
//! test, the rest dev. The dispute model trains on dev stories; the near-duplicate rule and the
//! event threshold were chosen on dev stories; the figures that count are the test ones.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_annotate::Annotator;
use parallax_core::{Article, InputFormat, InputInfo};
use parallax_corpus::dispute::DisputeModel;
use parallax_corpus::eval::bcubed::bcubed;
use parallax_corpus::eval::fnc1::{Fnc1, Split};
use parallax_corpus::eval::neardup::{self, CopyKind, Original};
use parallax_corpus::{ArticleDigest, CorpusConfig, MemoryIndex, Updater};
use rayon::prelude::*;
use serde::Serialize;

const FNC1: &str = "../shared/data/stance/fnc1";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalSplit {
    Dev,
    Test,
}

impl EvalSplit {
    fn split(self) -> Split {
        match self {
            EvalSplit::Dev => Split::Dev,
            EvalSplit::Test => Split::Test,
        }
    }

    fn name(self) -> &'static str {
        match self {
            EvalSplit::Dev => "dev",
            EvalSplit::Test => "test",
        }
    }
}

#[derive(Args)]
pub struct TrainDisputesArgs {
    /// The FNC-1 folder (train_bodies.csv, train_stances.csv).
    #[arg(long, default_value = FNC1)]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/dispute/model.bin")]
    out: PathBuf,
    /// How many times each dispute example is repeated (disputes are rare).
    #[arg(long, default_value_t = 4)]
    dispute_weight: usize,
}

#[derive(Args)]
pub struct EvalDisputesArgs {
    #[arg(long, default_value = FNC1)]
    data: PathBuf,
    /// A model file instead of the built-in one.
    #[arg(long)]
    model: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "test")]
    split: EvalSplit,
    /// Probability above which a pair is called a dispute.
    #[arg(long, default_value_t = 0.5)]
    threshold: f64,
}

#[derive(Args)]
pub struct EvalDuplicatesArgs {
    #[arg(long, default_value = FNC1)]
    data: PathBuf,
    #[arg(long, value_enum, default_value = "test")]
    split: EvalSplit,
    /// Copies generated per original.
    #[arg(long, default_value_t = 5)]
    copies: usize,
    #[arg(long, default_value_t = 17)]
    seed: u64,
    /// Jaccard similarity from which two texts are copies, instead of the default (for
    /// choosing it on dev).
    #[arg(long)]
    min_jaccard: Option<f64>,
    /// Containment of the shorter text from which two texts are copies, instead of the
    /// default.
    #[arg(long)]
    min_containment: Option<f64>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct EvalEventsArgs {
    #[arg(long, default_value = FNC1)]
    data: PathBuf,
    #[arg(long, value_enum, default_value = "test")]
    split: EvalSplit,
    /// Event similarity threshold instead of the default (for choosing it on dev).
    #[arg(long)]
    threshold: Option<f64>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct EvalAlignmentArgs {
    #[arg(long, default_value = FNC1)]
    data: PathBuf,
    #[arg(long, value_enum, default_value = "test")]
    split: EvalSplit,
    /// Claim similarity threshold instead of the default (for choosing it on dev).
    #[arg(long)]
    threshold: Option<f64>,
    /// Claim groups one claim may join, instead of the default (1: the best match's only).
    #[arg(long)]
    max_groups: Option<usize>,
    /// Compare whole sentences only, not their clauses.
    #[arg(long)]
    no_clauses: bool,
    #[arg(long)]
    json: bool,
}

fn load(data: &std::path::Path) -> anyhow::Result<Fnc1> {
    Fnc1::load(data).with_context(|| format!("reading FNC-1 from {}", data.display()))
}

fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    parallax_annotate::sentences::split(text)
}

pub fn train_disputes(args: TrainDisputesArgs) -> anyhow::Result<i32> {
    let data = load(&args.data)?;
    let examples = data.dispute_examples(Split::Dev, &sentence_ranges);
    let disputes = examples.iter().filter(|e| e.dispute).count();
    eprintln!(
        "parallax: training the dispute model on {} dev pairs ({disputes} disputes)",
        examples.len()
    );
    let started = Instant::now();
    let triples: Vec<(Vec<String>, Vec<String>, bool)> = examples
        .into_iter()
        .map(|e| (e.claim, e.response, e.dispute))
        .collect();
    let info = serde_json::json!({
        "data": "fnc1 train, dev stories (story index % 3 != 2)",
        "pairs": triples.len(),
        "disputes": disputes,
        "dispute_weight": args.dispute_weight,
        "command": format!("parallax train disputes --dispute-weight {}", args.dispute_weight),
    })
    .to_string();
    let model = DisputeModel::train(&triples, args.dispute_weight, info);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "parallax: wrote {} in {:.1} s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

#[derive(Serialize)]
struct Prf {
    precision: f64,
    recall: f64,
    f1: f64,
}

fn prf(tp: f64, predicted: f64, gold: f64) -> Prf {
    let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
    let recall = if gold > 0.0 { tp / gold } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

pub fn eval_disputes(args: EvalDisputesArgs) -> anyhow::Result<i32> {
    let data = load(&args.data)?;
    let owned;
    let model = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            owned = DisputeModel::from_bytes(&bytes)
                .with_context(|| format!("reading the dispute model {}", path.display()))?;
            &owned
        }
        None => DisputeModel::builtin(),
    };
    let examples = data.dispute_examples(args.split.split(), &sentence_ranges);
    let scored: Vec<(f64, bool)> = examples
        .par_iter()
        .map(|e| (model.probability(&e.claim, &e.response), e.dispute))
        .collect();
    let gold = scored.iter().filter(|s| s.1).count() as f64;
    let predicted = scored.iter().filter(|s| s.0 >= args.threshold).count() as f64;
    let tp = scored
        .iter()
        .filter(|s| s.1 && s.0 >= args.threshold)
        .count() as f64;
    let m = prf(tp, predicted, gold);
    println!(
        "disputes ({} stories of FNC-1, {} related pairs, {} disagree): precision {:.3} recall {:.3} F1 {:.3} at p >= {}; ROC AUC {:.3}",
        args.split.name(),
        scored.len(),
        gold,
        m.precision,
        m.recall,
        m.f1,
        args.threshold,
        auc(&scored)
    );
    Ok(0)
}

/// ROC AUC: the probability that a random positive scores above a random negative.
fn auc(scored: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<&(f64, bool)> = scored.iter().collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut positives) = (0.0, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        // Ties share the mean rank (1-based).
        let rank = (i + j + 1) as f64 / 2.0;
        for s in &sorted[i..j] {
            if s.1 {
                rank_sum += rank;
                positives += 1.0;
            }
        }
        i = j;
    }
    let negatives = scored.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

fn plain_article(id: usize, text: &str) -> Article {
    let paragraphs: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    Article::from_paragraphs(
        format!("{id:016x}"),
        InputInfo {
            path: None,
            url: None,
            format: InputFormat::Text,
        },
        &paragraphs,
    )
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

pub fn eval_duplicates(args: EvalDuplicatesArgs) -> anyhow::Result<i32> {
    let data = load(&args.data)?;
    let splits = data.body_splits();
    let originals: Vec<Original> = data
        .bodies
        .iter()
        .filter_map(|(id, text)| {
            let &(story, split) = splits.get(id)?;
            (split == args.split.split()).then(|| Original {
                story,
                text: text.clone(),
            })
        })
        .collect();
    let set = neardup::build(&originals, args.copies, args.seed);
    let started = Instant::now();
    let digests: Vec<ArticleDigest> = set
        .items
        .par_iter()
        .enumerate()
        .map(|(i, item)| ArticleDigest::of(&plain_article(i, &item.text)))
        .collect();
    let mut config = CorpusConfig::default();
    if let Some(j) = args.min_jaccard {
        config.duplicates.min_jaccard = j;
    }
    if let Some(c) = args.min_containment {
        config.duplicates.min_containment = c;
    }
    let mut index = MemoryIndex::new();
    let mut updater = Updater::new(config);
    for (i, digest) in digests.iter().enumerate() {
        let key = i as i64 + 1;
        index.insert_article(key, plain_article(i, ""));
        updater.add(&mut index, key, digest)?;
    }
    let seconds = started.elapsed().as_secs_f64();
    // Predicted clusters: near-duplicate groups, singletons otherwise.
    let predicted: Vec<i64> = (0..set.items.len())
        .map(|i| {
            let key = i as i64 + 1;
            index.dup_group_of(key).unwrap_or(-key)
        })
        .collect();
    let mut joint: HashMap<(usize, i64), usize> = HashMap::new();
    let mut gold: HashMap<usize, usize> = HashMap::new();
    let mut pred: HashMap<i64, usize> = HashMap::new();
    let mut same_story: HashMap<(usize, i64), usize> = HashMap::new();
    for (item, &p) in set.items.iter().zip(&predicted) {
        *joint.entry((item.original, p)).or_default() += 1;
        *gold.entry(item.original).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *same_story.entry((item.story, p)).or_default() += 1;
    }
    let tp: f64 = joint.values().map(|&n| pairs(n)).sum();
    let gold_pairs: f64 = gold.values().map(|&n| pairs(n)).sum();
    let pred_pairs: f64 = pred.values().map(|&n| pairs(n)).sum();
    // False pairs inside one story: copies merged with another article of the same story.
    let story_pairs: f64 = same_story.values().map(|&n| pairs(n)).sum();
    let hard_negative_errors = story_pairs - tp;
    let pair = prf(tp, pred_pairs, gold_pairs);
    // Recall per copy kind: the copy is grouped with its original.
    let mut original_group: HashMap<usize, i64> = HashMap::new();
    for (item, &p) in set.items.iter().zip(&predicted) {
        if item.kind == CopyKind::Original {
            original_group.insert(item.original, p);
        }
    }
    let mut by_kind: Vec<(&'static str, usize, usize)> =
        CopyKind::COPIES.iter().map(|k| (k.name(), 0, 0)).collect();
    for (item, &p) in set.items.iter().zip(&predicted) {
        if let Some(row) = by_kind.iter_mut().find(|r| r.0 == item.kind.name()) {
            row.1 += 1;
            row.2 += (original_group.get(&item.original) == Some(&p)) as usize;
        }
    }
    if args.json {
        let kinds: serde_json::Map<String, serde_json::Value> = by_kind
            .iter()
            .map(|(k, n, found)| {
                (
                    k.to_string(),
                    serde_json::json!({"copies": n, "recall": *found as f64 / (*n).max(1) as f64}),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "split": args.split.name(),
                "originals": set.originals,
                "texts": set.items.len(),
                "pairs": pair,
                "hard_negative_false_pairs": hard_negative_errors,
                "recall_by_kind": kinds,
                "seconds": seconds,
            })
        );
        return Ok(0);
    }
    println!(
        "near-duplicates ({} stories of FNC-1): {} originals ({} dropped as overlapping, {} as short), {} texts",
        args.split.name(),
        set.originals,
        set.dropped_overlapping,
        set.dropped_short,
        set.items.len()
    );
    println!(
        "  pairs: precision {:.4} recall {:.4} F1 {:.4} ({} gold pairs, {} predicted; {} false pairs between articles of the same story)",
        pair.precision, pair.recall, pair.f1, gold_pairs, pred_pairs, hard_negative_errors
    );
    for (kind, n, found) in &by_kind {
        println!(
            "  {kind:<12} recall {:.4} ({found}/{n})",
            *found as f64 / (*n).max(1) as f64
        );
    }
    println!(
        "  {:.1} s for digests and corpus updates ({:.0} texts/s)",
        seconds,
        set.items.len() as f64 / seconds.max(1e-9)
    );
    Ok(0)
}

pub fn eval_events(args: EvalEventsArgs) -> anyhow::Result<i32> {
    let data = load(&args.data)?;
    let splits = data.body_splits();
    let bodies: Vec<(u32, usize, &String)> = data
        .bodies
        .iter()
        .filter_map(|(id, text)| {
            let &(story, split) = splits.get(id)?;
            (split == args.split.split()).then_some((*id, story, text))
        })
        .collect();
    let annotator = Annotator::new();
    let started = Instant::now();
    let articles: Vec<Article> = bodies
        .par_iter()
        .enumerate()
        .map(|(i, (_, _, text))| {
            let mut a = plain_article(i, text);
            annotator.annotate(&mut a);
            a
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    let mut config = CorpusConfig::default();
    if let Some(t) = args.threshold {
        config.events.threshold = t;
    }
    let started = Instant::now();
    let mut index = MemoryIndex::new();
    let mut updater = Updater::new(config);
    let mut labels = Vec::with_capacity(articles.len());
    for (i, article) in articles.into_iter().enumerate() {
        let key = i as i64 + 1;
        let digest = ArticleDigest::of(&article);
        index.insert_article(key, article);
        let added = updater.add(&mut index, key, &digest)?;
        labels.push((bodies[i].1, added.event));
    }
    let seconds = started.elapsed().as_secs_f64();
    let score = bcubed(&labels);
    let stories = labels
        .iter()
        .map(|l| l.0)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let events = labels
        .iter()
        .map(|l| l.1)
        .collect::<std::collections::HashSet<_>>()
        .len();
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "split": args.split.name(),
                "articles": labels.len(),
                "stories": stories,
                "events": events,
                "threshold": config.events.threshold,
                "bcubed": score,
                "annotate_seconds": annotate_seconds,
                "cluster_seconds": seconds,
            })
        );
        return Ok(0);
    }
    println!(
        "events ({} stories of FNC-1): {} articles in {} stories, {} events predicted (threshold {})",
        args.split.name(),
        labels.len(),
        stories,
        events,
        config.events.threshold
    );
    println!(
        "  B-cubed precision {:.4} recall {:.4} F1 {:.4}",
        score.precision, score.recall, score.f1
    );
    println!(
        "  annotation {:.1} s, clustering {:.2} s ({:.0} articles/s)",
        annotate_seconds,
        seconds,
        labels.len() as f64 / seconds.max(1e-9)
    );
    Ok(0)
}

/// Claim alignment on FNC-1, given the events: see `parallax_corpus::eval::alignment`.
pub fn eval_alignment(args: EvalAlignmentArgs) -> anyhow::Result<i32> {
    use parallax_corpus::eval::alignment::{evaluate, AlignmentSet};

    let data = load(&args.data)?;
    let set = AlignmentSet::of(&data, args.split.split());
    let annotator = Annotator::new();
    let started = Instant::now();
    let bodies: Vec<Article> = set
        .bodies
        .par_iter()
        .enumerate()
        .map(|(i, (_, _, text))| {
            let mut a = plain_article(i, text);
            annotator.annotate(&mut a);
            a
        })
        .collect();
    let headlines: Vec<Article> = set
        .headlines
        .par_iter()
        .enumerate()
        .map(|(i, (_, text))| {
            let mut a = plain_article(set.bodies.len() + i, text);
            annotator.annotate(&mut a);
            // The headline is the claim, whether or not the claim detector would pick it.
            let attributed_to = a.claims.first().and_then(|c| c.attributed_to.clone());
            a.claims = vec![parallax_core::Claim {
                start: 0,
                end: parallax_core::char_len(&a.text),
                checkworthy: 1.0,
                attributed_to,
            }];
            a
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    let mut config = CorpusConfig::default();
    if let Some(t) = args.threshold {
        config.claims.threshold = t;
    }
    if let Some(g) = args.max_groups {
        config.claims.max_groups = g.max(1);
    }
    config.claims.clauses = !args.no_clauses;
    let started = Instant::now();
    let score = evaluate(&set, bodies, headlines, config);
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut value = serde_json::to_value(&score)?;
        value["split"] = args.split.name().into();
        value["threshold"] = config.claims.threshold.into();
        value["max_groups"] = config.claims.max_groups.into();
        value["clauses"] = config.claims.clauses.into();
        value["annotate_seconds"] = annotate_seconds.into();
        value["align_seconds"] = seconds.into();
        println!("{value}");
        return Ok(0);
    }
    println!(
        "claim alignment ({} stories of FNC-1): {} bodies, {} headlines placed in their events (threshold {}, up to {} groups per claim, {})",
        args.split.name(),
        score.bodies,
        score.headlines,
        config.claims.threshold,
        config.claims.max_groups,
        if config.claims.clauses { "sentences and clauses" } else { "whole sentences" }
    );
    println!(
        "  {} of {} agree/discuss headline-body pairs aligned; {} of {} same-event pairs of another story, of which decoys {} of {} (false-positive rate {:.4})",
        score.aligned_positive,
        score.positive_pairs,
        score.aligned_negative + score.aligned_decoy,
        score.negative_pairs + score.decoy_negative_pairs,
        score.aligned_decoy,
        score.decoy_negative_pairs,
        score.false_positive_rate
    );
    println!(
        "  precision {:.4} recall {:.4} F1 {:.4}; {} agree/discuss pairs left out (body in another event); {} claim links of {} claims",
        score.precision,
        score.recall,
        score.f1,
        score.positive_pairs_outside_the_event,
        score.claim_links,
        score.linked_claims
    );
    println!(
        "  annotation {:.1} s, events and alignment {:.2} s",
        annotate_seconds, seconds
    );
    Ok(0)
}
