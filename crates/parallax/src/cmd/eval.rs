//! `parallax eval TASK`: measure a model or extractor on held-out data with the official measures.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use parallax_ingest::html::eval as extraction;

#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    task: EvalTask,
}

#[derive(Subcommand)]
enum EvalTask {
    /// HTML article extraction on trafilatura's evaluation set (snippet precision/recall/F1).
    Extraction(ExtractionArgs),
    /// Named-entity recognition on a CoNLL-2003 file (entity-level P/R/F1 per type, tokens/s).
    Ner(super::ner::EvalNerArgs),
    /// Sentence boundaries on the NLP4IF-2019 articles (one sentence per line).
    Sentences(super::sentences::EvalSentencesArgs),
    /// Quotes and attribution against our gold annotations (P/R per field).
    Quotes(super::attribution::EvalQuotesArgs),
    /// Check-worthy claims against our labelled test sentences (P/R/F1, AUC, attribution).
    Claims(super::attribution::EvalClaimsArgs),
    /// Claim disputes on FNC-1 held-out stories (P/R/F1 of `disagree`, ROC AUC).
    Disputes(super::corpus_eval::EvalDisputesArgs),
    /// Near-duplicates on a set generated from FNC-1 bodies (pair P/R/F1, recall per copy kind).
    Duplicates(super::corpus_eval::EvalDuplicatesArgs),
    /// Event clustering on FNC-1 stories (B-cubed P/R/F1).
    Events(super::corpus_eval::EvalEventsArgs),
    /// Claim alignment on FNC-1 stories, given the events (headline-body pair P/R/F1).
    Alignment(super::corpus_eval::EvalAlignmentArgs),
    /// Persuasion analysis: SLC, SI, TC, SemEval-2023 subtask 3 and article-score calibration.
    Propaganda(super::propaganda::EvalPropagandaArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum SplitArg {
    Dev,
    Test,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Args)]
struct ExtractionArgs {
    /// The evaluation set: a folder with evaldata.json and the pages under eval/ and cache/.
    #[arg(long, default_value = "../shared/data/extraction/trafilatura-eval")]
    data: PathBuf,
    /// Which pages: dev (tuning half), test (held-out half) or all (reports dev, test and all).
    #[arg(long, value_enum, default_value = "all")]
    split: SplitArg,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Print the snippets each dev page got wrong (test pages are never listed).
    #[arg(long)]
    failures: bool,
    /// Write each dev page's extracted paragraphs to DIR/<file>.txt.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<i32> {
    match args.task {
        EvalTask::Extraction(args) => run_extraction(args),
        EvalTask::Ner(args) => super::ner::eval_ner(args),
        EvalTask::Sentences(args) => super::sentences::eval_sentences(args),
        EvalTask::Quotes(args) => super::attribution::eval_quotes(args),
        EvalTask::Claims(args) => super::attribution::eval_claims(args),
        EvalTask::Disputes(args) => super::corpus_eval::eval_disputes(args),
        EvalTask::Duplicates(args) => super::corpus_eval::eval_duplicates(args),
        EvalTask::Events(args) => super::corpus_eval::eval_events(args),
        EvalTask::Alignment(args) => super::corpus_eval::eval_alignment(args),
        EvalTask::Propaganda(args) => super::propaganda::eval_propaganda(args),
    }
}

fn run_extraction(args: ExtractionArgs) -> anyhow::Result<i32> {
    let split = match args.split {
        SplitArg::Dev => extraction::Split::Dev,
        SplitArg::Test => extraction::Split::Test,
        SplitArg::All => extraction::Split::All,
    };
    let pages = extraction::load(&args.data, split)?;
    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut io_error = None;
    let reports = extraction::run(&pages, |result| {
        if result.split != extraction::Split::Dev {
            return;
        }
        let name = result
            .page
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if args.failures
            && (!result.outcome.missing.is_empty() || !result.outcome.unwanted.is_empty())
        {
            println!("{name} {}", result.page.url);
            for snippet in &result.outcome.missing {
                println!("  missing:  {snippet:?}");
            }
            for snippet in &result.outcome.unwanted {
                println!("  unwanted: {snippet:?}");
            }
        }
        if let Some(dir) = &args.dump {
            let text = result.paragraphs.map(|p| p.join("\n")).unwrap_or_default();
            let path = dir.join(format!("{name}.txt"));
            if let Err(e) = std::fs::write(&path, text) {
                io_error.get_or_insert(anyhow::anyhow!("cannot write {}: {e}", path.display()));
            }
        }
    })?;
    if let Some(error) = io_error {
        return Err(error);
    }
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&reports)?),
        OutputFormat::Text => {
            println!(
                "HTML extraction on {} ({} pages)",
                args.data.display(),
                pages.len()
            );
            println!(
                "split  pages  precision  recall     F1  accuracy  fully-right  pages/s  pages/CPU-s   MB/s"
            );
            for r in &reports {
                let per_cpu = r
                    .pages_per_cpu_second
                    .map_or_else(|| "-".to_string(), |p| format!("{p:.0}"));
                println!(
                    "{:<5} {:>6}  {:>9.3}  {:>6.3}  {:>5.3}  {:>8.3}  {:>11.3}  {:>7.0}  {:>11}  {:>5.0}",
                    r.split,
                    r.counts.pages,
                    r.precision,
                    r.recall,
                    r.f1,
                    r.accuracy,
                    r.fully_right,
                    r.pages_per_second,
                    per_cpu,
                    r.megabytes_per_second
                );
            }
        }
    }
    Ok(0)
}
