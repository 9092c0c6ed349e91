//! `parallax eval quotes`: the quotes layer against our hand-made gold annotations of the seeds
//! and the bundled examples (`crates/annotate/testdata/attribution/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use parallax_annotate::quotes::evaluate::{self, Counts, GoldFile, Item};
use parallax_core::{Article, InputFormat};
use parallax_ingest::{Inputs, Limits, ReadOptions};

use crate::pipeline::Pipeline;

#[derive(Args)]
pub struct EvalQuotesArgs {
    /// Gold files (each says whether it is a development or a test set).
    #[arg(
        long,
        num_args = 1..,
        default_values = [
            "crates/annotate/testdata/attribution/quotes-dev.json",
            "crates/annotate/testdata/attribution/quotes-test.json",
        ]
    )]
    gold: Vec<PathBuf>,
    #[command(flatten)]
    sources: SourceArgs,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// List missed and spurious quotes and wrong fields.
    #[arg(long)]
    errors: bool,
}

/// Where the documents of each gold source are.
#[derive(Args, Clone)]
pub struct SourceArgs {
    /// Folder of the seed scrapes (gold source "seeds").
    #[arg(long, default_value = "../shared/seeds")]
    seeds: PathBuf,
    /// Folder of the bundled examples (gold source "examples").
    #[arg(long, default_value = "examples/articles")]
    examples: PathBuf,
    /// The FNC-1 article bodies (gold source "fnc1").
    #[arg(long, default_value = "../shared/data/stance/fnc1/train_bodies.csv")]
    fnc1: PathBuf,
}

/// Records of the documents under `path`, keyed as the gold files key them: the file name;
/// `file:N` for the N-th record of a JSONL or CSV file (counting records that yield no
/// article, which are skipped); the target URI for a WARC record. With `wanted`, only those
/// documents are analysed.
pub fn keyed_records(
    pipeline: &Pipeline,
    path: &Path,
    wanted: Option<&std::collections::BTreeSet<String>>,
) -> anyhow::Result<BTreeMap<String, Article>> {
    let mut out = BTreeMap::new();
    let inputs = Inputs::new(
        [path.to_string_lossy().into_owned()],
        ReadOptions {
            limits: Limits::default(),
            recursive: false,
        },
    );
    let mut records: BTreeMap<String, usize> = BTreeMap::new();
    for raw in inputs {
        let raw = raw.map_err(|e| anyhow::anyhow!("{e}"))?;
        let file = raw
            .input
            .path
            .as_deref()
            .and_then(|p| Path::new(p).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ordinal = records.entry(file.clone()).or_default();
        *ordinal += 1;
        let ordinal = *ordinal;
        let key = match raw.input.format {
            InputFormat::Jsonl | InputFormat::Csv => format!("{file}:{ordinal}"),
            InputFormat::Warc => raw.input.url.clone().unwrap_or(file),
            _ => file,
        };
        if wanted.is_some_and(|w| !w.contains(&key)) {
            continue;
        }
        // A record without article text is not an error here: it is simply not gold.
        let Ok(article) = pipeline.process(raw) else {
            continue;
        };
        out.insert(key, article);
    }
    Ok(out)
}

/// The records for every gold document, by (source, key); documents whose source folder is
/// missing are skipped with a note on stderr.
pub fn gold_records(
    pipeline: &Pipeline,
    wanted: impl IntoIterator<Item = (String, String)>,
    paths: &SourceArgs,
) -> anyhow::Result<BTreeMap<(String, String), Article>> {
    let mut out = BTreeMap::new();
    let wanted: Vec<(String, String)> = wanted.into_iter().collect();
    // Whole containers are read once per source, analysing only the gold documents.
    let mut containers: BTreeMap<String, Option<BTreeMap<String, Article>>> = BTreeMap::new();
    let keys_of = |source: &str| -> std::collections::BTreeSet<String> {
        wanted
            .iter()
            .filter(|(s, _)| s == source)
            .map(|(_, k)| k.clone())
            .collect()
    };
    for (source, key) in wanted.iter().cloned() {
        let container = match source.as_str() {
            "seeds" => {
                let path = paths.seeds.join(&key);
                if !path.is_file() {
                    eprintln!(
                        "parallax: note: skipping {key}: {} is not present",
                        path.display()
                    );
                    continue;
                }
                let article = keyed_records(pipeline, &path, None)?.into_values().next();
                match article {
                    Some(article) => {
                        out.insert((source, key), article);
                        continue;
                    }
                    None => {
                        anyhow::bail!("gold document {key}: {} yields no article", path.display())
                    }
                }
            }
            "examples" => &paths.examples,
            "fnc1" => &paths.fnc1,
            other => anyhow::bail!("gold document {key}: unknown source {other:?}"),
        };
        let records = containers.entry(source.clone()).or_insert_with(|| {
            if container.exists() {
                keyed_records(pipeline, container, Some(&keys_of(&source))).ok()
            } else {
                eprintln!(
                    "parallax: note: skipping source {source}: {} is not present",
                    container.display()
                );
                None
            }
        });
        let Some(records) = records else { continue };
        let article = records.get(&key).cloned();
        match article {
            Some(article) => {
                out.insert((source, key), article);
            }
            None => anyhow::bail!("gold document {key} ({source}) not found in the inputs"),
        }
    }
    Ok(out)
}

pub fn eval_quotes(args: EvalQuotesArgs) -> anyhow::Result<i32> {
    let mut files = Vec::new();
    for path in &args.gold {
        let gold: GoldFile = serde_json::from_str(
            &std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        )
        .with_context(|| format!("{} is not a quotes gold file", path.display()))?;
        files.push(gold);
    }
    let pipeline = Pipeline::new(Limits::default())?;
    let records = gold_records(
        &pipeline,
        files.iter().flat_map(|f| {
            f.documents
                .iter()
                .map(|d| (d.source.clone(), d.key.clone()))
        }),
        &args.sources,
    )?;
    let mut by_source: BTreeMap<String, Counts> = BTreeMap::new();
    for (gold, document) in files
        .iter()
        .flat_map(|f| f.documents.iter().map(move |d| (f, d)))
    {
        let Some(article) = records.get(&(document.source.clone(), document.key.clone())) else {
            continue;
        };
        let chars: Vec<char> = article.text.chars().collect();
        let mut gold_items = Vec::new();
        let mut stale = 0;
        for q in &document.quotes {
            match evaluate::anchor(&chars, q.start, q.end, &q.hash) {
                Some((start, end)) => gold_items.push(Item {
                    start,
                    end,
                    speaker: q.speaker.clone(),
                    cue: q.cue.clone(),
                    anonymous: q.anonymous,
                }),
                None => stale += 1,
            }
        }
        if stale > 0 {
            eprintln!(
                "parallax: note: {}: {stale} gold spans no longer found in the record text",
                document.key
            );
        }
        let predicted: Vec<Item> = article.quotes.iter().map(Item::from).collect();
        let mut outcome = evaluate::score_document(&chars, &gold_items, &predicted);
        outcome.counts.stale = stale;
        if args.errors {
            print_errors(
                &document.key,
                &document.source,
                &chars,
                &gold_items,
                &predicted,
                &outcome,
            );
        }
        by_source
            .entry(format!("{}/{}", gold.split, document.source))
            .or_default()
            .add(&outcome.counts);
        by_source
            .entry(gold.split.clone())
            .or_default()
            .add(&outcome.counts);
    }
    let reports: Vec<(String, evaluate::Report)> = by_source
        .iter()
        .map(|(s, c)| (s.clone(), c.report()))
        .collect();
    if args.json {
        let map: BTreeMap<_, _> = reports.into_iter().collect();
        println!("{}", serde_json::to_string_pretty(&map)?);
        return Ok(0);
    }
    println!("Quotes: {} gold documents found", records.len());
    println!("set              gold  pred  field          precision  recall     F1");
    for (set, r) in &reports {
        let rows = [
            ("span overlap", &r.span_overlap),
            ("span exact", &r.span_exact),
            ("speaker", &r.speaker),
            ("cue", &r.cue),
            ("anonymous", &r.anonymous_field),
            ("anon. sources", &r.anonymous_sources),
        ];
        for (k, (field, prf)) in rows.iter().enumerate() {
            let (g, p) = if k == 5 {
                (r.counts.gold_anonymous, r.counts.predicted_anonymous)
            } else {
                (r.counts.gold, r.counts.predicted)
            };
            let set = if k == 0 { set.as_str() } else { "" };
            println!(
                "{set:<15} {g:>5} {p:>5}  {field:<13}  {:>9.3}  {:>6.3}  {:>5.3}",
                prf.precision, prf.recall, prf.f1
            );
        }
    }
    Ok(0)
}

fn print_errors(
    key: &str,
    source: &str,
    chars: &[char],
    gold: &[Item],
    predicted: &[Item],
    outcome: &evaluate::DocumentOutcome,
) {
    // Seed text may not be shown in shared logs, so seeds print offsets and a short prefix only.
    let show = |i: &Item| -> String {
        let text: String = chars[i.start..i.end.min(chars.len())].iter().collect();
        let text = if source != "examples" {
            text.chars().take(40).collect::<String>()
        } else {
            text
        };
        format!("[{}..{}] {:?}", i.start, i.end, text)
    };
    println!("== {key}");
    for &g in &outcome.missed {
        let q = &gold[g];
        println!(
            "  missed   {} | {:?} | {:?} | anon={}",
            show(q),
            q.speaker,
            q.cue,
            q.anonymous
        );
    }
    for &p in &outcome.spurious {
        let q = &predicted[p];
        println!(
            "  spurious {} | {:?} | {:?} | anon={}",
            show(q),
            q.speaker,
            q.cue,
            q.anonymous
        );
    }
    for &(g, p) in &outcome.pairs {
        let (gq, pq) = (&gold[g], &predicted[p]);
        let speaker_ok = evaluate::same_speaker(gq.speaker.as_deref(), pq.speaker.as_deref());
        let cue_ok = evaluate::same_cue(gq.cue.as_deref(), pq.cue.as_deref());
        if !speaker_ok || !cue_ok || gq.anonymous != pq.anonymous {
            println!(
                "  fields   {} | speaker {:?} want {:?} | cue {:?} want {:?} | anon {} want {}",
                show(pq),
                pq.speaker,
                gq.speaker,
                pq.cue,
                gq.cue,
                pq.anonymous,
                gq.anonymous
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Claims: `parallax train claims` and `parallax eval claims`.

use parallax_annotate::claims::{self, features, fit};
use parallax_annotate::eval::Prf;
use parallax_annotate::quotes::evaluate::{anchor, same_speaker};
use parallax_annotate::Annotator;
use parallax_core::{InputInfo, Span};

#[derive(Args)]
pub struct TrainClaimsArgs {
    /// The labelled training sentences (article, line, label).
    #[arg(
        long,
        default_value = "crates/annotate/testdata/attribution/claims-train.tsv"
    )]
    labels: PathBuf,
    /// Folder of the NLP4IF-2019 articles the labels refer to.
    #[arg(
        long,
        default_value = "../shared/data/propaganda/nlp4if2019/train-articles"
    )]
    articles: PathBuf,
    /// Where to write the fitted weights (a Rust source file).
    #[arg(long, default_value = "crates/annotate/src/claims/weights.rs")]
    out: PathBuf,
    /// Folds of the cross-validation by article that picks the L2 strength.
    #[arg(long, default_value_t = 5)]
    folds: usize,
}

/// One NLP4IF article as an annotated record, with the character span of each line.
fn nlp4if_article(
    annotator: &Annotator,
    path: &Path,
) -> anyhow::Result<(Article, Vec<Option<Span>>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    // Paragraphs are blocks of lines; a line is a sentence.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut line_spans: Vec<Option<(usize, usize, usize)>> = Vec::new(); // (paragraph, offset, len)
    let mut current = String::new();
    for line in text.lines() {
        let clean = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if clean.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            line_spans.push(None);
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        let offset = current.chars().count();
        current.push_str(clean);
        line_spans.push(Some((paragraphs.len(), offset, clean.chars().count())));
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let mut article = Article::from_paragraphs(
        path.display().to_string(),
        InputInfo {
            path: Some(path.display().to_string()),
            url: None,
            format: InputFormat::Text,
        },
        &paragraphs,
    );
    annotator.annotate(&mut article);
    let spans = line_spans
        .into_iter()
        .map(|s| {
            s.map(|(p, offset, len)| {
                let start = article.paragraphs[p].start + offset;
                Span::new(start, start + len)
            })
        })
        .collect();
    Ok((article, spans))
}

fn training_examples(args: &TrainClaimsArgs) -> anyhow::Result<Vec<fit::Example>> {
    let labels = std::fs::read_to_string(&args.labels)
        .with_context(|| format!("cannot read {}", args.labels.display()))?;
    let mut by_article: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (n, line) in labels.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("article\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [article, line_number, label] = fields[..] else {
            anyhow::bail!(
                "{}:{}: expected article, line, label",
                args.labels.display(),
                n + 1
            );
        };
        let line_number: usize = line_number
            .parse()
            .with_context(|| format!("{}:{}: bad line number", args.labels.display(), n + 1))?;
        if !by_article.contains_key(article) {
            order.push(article.to_string());
        }
        by_article
            .entry(article.to_string())
            .or_default()
            .push((line_number, label == "1"));
    }
    let annotator = Annotator::new();
    let mut examples = Vec::new();
    for article_id in &order {
        let path = args.articles.join(format!("{article_id}.txt"));
        let (article, spans) = nlp4if_article(&annotator, &path)?;
        let context = features::Context::new(&article);
        for &(line, label) in &by_article[article_id] {
            let Some(Some(span)) = spans.get(line - 1) else {
                anyhow::bail!("{}: line {line} is empty or missing", path.display());
            };
            let bytes = context.doc.index.byte_of(span.start)..context.doc.index.byte_of(span.end);
            examples.push(fit::Example {
                features: context.features(bytes),
                label,
                group: article_id.clone(),
            });
        }
    }
    Ok(examples)
}

fn prf_at(scores: &[f64], labels: &[bool], threshold: f64) -> Prf {
    let predicted = scores.iter().filter(|&&s| s >= threshold).count();
    let gold = labels.iter().filter(|&&l| l).count();
    let tp = scores
        .iter()
        .zip(labels)
        .filter(|(&s, &l)| s >= threshold && l)
        .count();
    Prf::from_counts(tp, predicted, gold)
}

pub fn train_claims(args: TrainClaimsArgs) -> anyhow::Result<i32> {
    let examples = training_examples(&args)?;
    let labels: Vec<bool> = examples.iter().map(|e| e.label).collect();
    let articles = examples
        .iter()
        .map(|e| e.group.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    println!(
        "{} labelled sentences from {articles} articles ({} check-worthy)",
        examples.len(),
        labels.iter().filter(|&&l| l).count()
    );
    println!("cross-validation by article, {} folds:", args.folds);
    println!("      L2  precision  recall     F1    AUC");
    let mut best: Option<(f64, f64, Prf, f64)> = None;
    for l2 in [0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0] {
        let scores = fit::cross_validate(&examples, args.folds, l2);
        let prf = prf_at(&scores, &labels, claims::DEFAULT_THRESHOLD);
        let auc = fit::auc(&scores, &labels);
        println!(
            "{l2:>8}  {:>9.3}  {:>6.3}  {:>5.3}  {auc:.3}",
            prf.precision, prf.recall, prf.f1
        );
        // Chosen by AUC, which does not depend on the threshold; ties go to more smoothing.
        if best.as_ref().is_none_or(|b| auc >= b.1 - 1e-12) {
            best = Some((l2, auc, prf, auc));
        }
    }
    let (l2, _, cv, auc) = best.expect("at least one setting");
    let weights = fit::fit(&examples, l2);
    let mut source = String::new();
    source.push_str("//! Fitted check-worthiness weights. Generated by `parallax train claims`; do not edit by hand.\n//!\n");
    source.push_str(&format!(
        "//! {} sentences of {articles} NLP4IF-2019 articles (`testdata/attribution/claims-train.tsv`), L2 {l2};\n",
        examples.len()
    ));
    source.push_str(&format!(
        "//! {}-fold cross-validation by article: precision {:.3}, recall {:.3}, F1 {:.3}, AUC {auc:.3}.\n\n",
        args.folds, cv.precision, cv.recall, cv.f1
    ));
    source.push_str("use super::features::COUNT;\n\n/// In the order of `features::NAMES`.\n#[rustfmt::skip]\npub const WEIGHTS: [f64; COUNT] = [\n");
    for (name, w) in features::NAMES.iter().zip(weights.iter()) {
        source.push_str(&format!("    {w:.6}, // {name}\n"));
    }
    source.push_str("];\n");
    std::fs::write(&args.out, source)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("chose L2 {l2}; weights written to {}:", args.out.display());
    for (name, w) in features::NAMES.iter().zip(weights.iter()) {
        println!("  {name:<16} {w:>8.3}");
    }
    Ok(0)
}

/// The claims gold file.
#[derive(serde::Deserialize)]
struct ClaimsGold {
    split: String,
    documents: Vec<ClaimsGoldDocument>,
}

#[derive(serde::Deserialize)]
struct ClaimsGoldDocument {
    source: String,
    key: String,
    sentences: Vec<ClaimsGoldSentence>,
}

#[derive(serde::Deserialize)]
struct ClaimsGoldSentence {
    start: usize,
    end: usize,
    hash: String,
    checkworthy: bool,
}

#[derive(Args)]
pub struct EvalClaimsArgs {
    /// The labelled test sentences.
    #[arg(
        long,
        default_value = "crates/annotate/testdata/attribution/claims-test.json"
    )]
    gold: PathBuf,
    /// Quote gold for the same documents, from which each claim's expected attribution is read.
    #[arg(
        long,
        default_value = "crates/annotate/testdata/attribution/quotes-dev.json"
    )]
    quotes: PathBuf,
    /// The score a sentence needs to count as a claim.
    #[arg(long, default_value_t = claims::DEFAULT_THRESHOLD)]
    threshold: f64,
    #[command(flatten)]
    sources: SourceArgs,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
}

pub fn eval_claims(args: EvalClaimsArgs) -> anyhow::Result<i32> {
    let gold: ClaimsGold = serde_json::from_str(
        &std::fs::read_to_string(&args.gold)
            .with_context(|| format!("cannot read {}", args.gold.display()))?,
    )
    .with_context(|| format!("{} is not a claims gold file", args.gold.display()))?;
    let quote_gold: Option<GoldFile> = std::fs::read_to_string(&args.quotes)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let pipeline = Pipeline::new(Limits::default())?;
    let records = gold_records(
        &pipeline,
        gold.documents
            .iter()
            .map(|d| (d.source.clone(), d.key.clone())),
        &args.sources,
    )?;
    let (mut scores, mut labels, mut stale) = (Vec::new(), Vec::new(), 0usize);
    let mut by_source: BTreeMap<String, (Vec<f64>, Vec<bool>)> = BTreeMap::new();
    // Attribution of the check-worthy sentences: (agreeing, compared).
    let (mut attribution_agree, mut attribution_total) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for document in &gold.documents {
        let Some(article) = records.get(&(document.source.clone(), document.key.clone())) else {
            continue;
        };
        let chars: Vec<char> = article.text.chars().collect();
        let context = features::Context::new(article);
        let gold_quotes: Vec<parallax_core::Quote> = quote_gold
            .iter()
            .flat_map(|g| g.documents.iter())
            .filter(|d| d.source == document.source && d.key == document.key)
            .flat_map(|d| d.quotes.iter())
            .filter_map(|q| {
                anchor(&chars, q.start, q.end, &q.hash).map(|(start, end)| parallax_core::Quote {
                    start,
                    end,
                    speaker: q.speaker.clone(),
                    speaker_id: None,
                    cue: q.cue.clone(),
                    anonymous: q.anonymous,
                })
            })
            .collect();
        for sentence in &document.sentences {
            let Some((start, end)) = anchor(&chars, sentence.start, sentence.end, &sentence.hash)
            else {
                stale += 1;
                continue;
            };
            let bytes = context.doc.index.byte_of(start)..context.doc.index.byte_of(end);
            let score = fit::predict(claims::weights(), &context.features(bytes));
            scores.push(score);
            labels.push(sentence.checkworthy);
            let entry = by_source.entry(document.source.clone()).or_default();
            entry.0.push(score);
            entry.1.push(sentence.checkworthy);
            if sentence.checkworthy && score >= args.threshold && !gold_quotes.is_empty() {
                let expected = claims::attribution(&gold_quotes, start, end);
                let predicted = claims::attribution(&article.quotes, start, end);
                attribution_total += 1;
                if same_speaker(expected.as_deref(), predicted.as_deref()) {
                    attribution_agree += 1;
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if stale > 0 {
        eprintln!("parallax: note: {stale} gold sentences no longer found in their record text");
    }
    let report = |s: &[f64], l: &[bool]| {
        let prf = prf_at(s, l, args.threshold);
        serde_json::json!({
            "sentences": s.len(),
            "checkworthy": l.iter().filter(|&&x| x).count(),
            "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
            "accuracy": s.iter().zip(l).filter(|(&x, &y)| (x >= args.threshold) == y).count() as f64 / s.len().max(1) as f64,
            "auc": fit::auc(s, l),
        })
    };
    let mut sets: BTreeMap<String, serde_json::Value> = by_source
        .iter()
        .map(|(k, (s, l))| (format!("{}/{k}", gold.split), report(s, l)))
        .collect();
    sets.insert(gold.split.clone(), report(&scores, &labels));
    let attribution = if attribution_total > 0 {
        attribution_agree as f64 / attribution_total as f64
    } else {
        0.0
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "threshold": args.threshold, "sets": sets,
                "attribution": {"agree": attribution_agree, "compared": attribution_total, "accuracy": attribution},
                "seconds": seconds,
            }))?
        );
        return Ok(0);
    }
    println!(
        "Claims against {} at threshold {} ({} documents)",
        args.gold.display(),
        args.threshold,
        records.len()
    );
    println!("set              sentences  check-worthy  precision  recall     F1  accuracy    AUC");
    for (set, r) in &sets {
        println!(
            "{set:<16} {:>10} {:>13}  {:>9.3}  {:>6.3}  {:>5.3}  {:>8.3}  {:>5.3}",
            r["sentences"],
            r["checkworthy"],
            r["precision"].as_f64().unwrap_or(0.0),
            r["recall"].as_f64().unwrap_or(0.0),
            r["f1"].as_f64().unwrap_or(0.0),
            r["accuracy"].as_f64().unwrap_or(0.0),
            r["auc"].as_f64().unwrap_or(0.0)
        );
    }
    println!(
        "attributed_to of true claims: {attribution_agree}/{attribution_total} agree with the quote gold ({attribution:.3})"
    );
    Ok(0)
}
