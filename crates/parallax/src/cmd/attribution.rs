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
/// article, which are skipped); the target URI for a WARC record.
pub fn keyed_records(
    pipeline: &Pipeline,
    path: &Path,
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
        // A record without article text is not an error here: it is simply not gold.
        let Ok(article) = pipeline.process(raw) else {
            continue;
        };
        let key = match article.input.format {
            InputFormat::Jsonl | InputFormat::Csv => format!("{file}:{ordinal}"),
            InputFormat::Warc => article.input.url.clone().unwrap_or(file),
            _ => file,
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
    // Whole containers are read once per source.
    let mut containers: BTreeMap<String, Option<BTreeMap<String, Article>>> = BTreeMap::new();
    for (source, key) in wanted {
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
                let article = keyed_records(pipeline, &path)?.into_values().next();
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
                keyed_records(pipeline, container).ok()
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
