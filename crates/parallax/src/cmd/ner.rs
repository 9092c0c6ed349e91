//! `parallax train ner` and `parallax eval ner`: rebuild the shipped named-entity model from
//! CoNLL-2003 and score a model on a CoNLL file (entity-level P/R/F1 as conlleval, tokens/s).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use parallax_ner::train::{train, TrainOptions};
use parallax_ner::NerModel;

#[derive(Args)]
pub struct TrainNerArgs {
    /// The shared data folder (holding ner/conll2003/ and the unlabeled news text).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write model.bin.
    #[arg(long, default_value = "models/ner")]
    out: PathBuf,
    #[arg(long, default_value_t = 2003)]
    seed: u64,
    /// Perceptron passes over the training data.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Perceptrons trained per stage with consecutive seeds and averaged.
    #[arg(long, default_value_t = 3)]
    restarts: usize,
    /// Brown clusters (size of the active window).
    #[arg(long, default_value_t = 256)]
    clusters: usize,
    /// Drop features seen fewer times than this in training.
    #[arg(long, default_value_t = 1)]
    min_count: u32,
    /// Prune feature rows whose largest |weight| is below this.
    #[arg(long, default_value_t = 0.5)]
    prune: f32,
    /// Recompute Brown clusters instead of reusing ~/.cache/parallax/ner.
    #[arg(long)]
    no_cache: bool,
}

pub fn train_ner(args: TrainNerArgs) -> anyhow::Result<i32> {
    let mut options = TrainOptions::new(args.data.clone());
    options.seed = args.seed;
    options.epochs = args.epochs;
    options.restarts = args.restarts;
    options.brown.clusters = args.clusters;
    options.min_feature_count = args.min_count;
    options.prune_threshold = args.prune;
    if !args.no_cache {
        options.cache_dir =
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/parallax/ner"));
    }
    let outcome = train(&options, &mut |line| {
        eprintln!("parallax train ner: {line}")
    })
    .with_context(|| format!("training the NER model from {}", args.data.display()))?;
    let mut out = std::io::stdout().lock();
    outcome
        .model
        .save(&args.out)
        .with_context(|| format!("saving the model to {}", args.out.display()))?;
    let size = std::fs::metadata(args.out.join(parallax_ner::MODEL_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    writeln!(
        out,
        "model: {} ({:.2} MB)",
        args.out.join(parallax_ner::MODEL_FILE).display(),
        size as f64 / 1e6
    )?;
    writeln!(out, "training time: {:.0} s", outcome.seconds)?;
    writeln!(out, "confidence temperature: {}", outcome.model.temperature)?;
    writeln!(out, "dev ({}):", options.dev_file().display())?;
    write!(out, "{}", outcome.dev.table())?;
    writeln!(out, "tokens/s: {:.0}", outcome.dev.tokens_per_second())?;
    Ok(0)
}

#[derive(Args)]
pub struct EvalNerArgs {
    /// A CoNLL-2003 file (TOKEN POS TAG per line).
    #[arg(long, default_value = "../shared/data/ner/conll2003/dev.txt")]
    data: PathBuf,
    /// A model directory (holding model.bin); the built-in model when omitted.
    #[arg(long)]
    model: Option<PathBuf>,
}

pub fn eval_ner(args: EvalNerArgs) -> anyhow::Result<i32> {
    let loaded;
    let model: &NerModel = match &args.model {
        Some(dir) => {
            loaded = NerModel::load(dir)?;
            &loaded
        }
        None => NerModel::builtin()?,
    };
    let docs = parallax_ner::conll::read_file(&args.data)?;
    let mut out = std::io::stdout().lock();
    let evaluation = parallax_ner::evaluate::evaluate(model, &docs);
    write!(out, "{}", evaluation.table())?;
    writeln!(
        out,
        "tokens/s: {:.0} (tagging pre-tokenised sentences, one thread)",
        evaluation.tokens_per_second()
    )?;
    let (tokens, seconds) = parallax_ner::evaluate::recognize_throughput(model, &docs);
    writeln!(
        out,
        "tokens/s: {:.0} (recognize on plain text: tokenizer, tagging and confidences, one thread)",
        tokens as f64 / seconds.max(1e-9)
    )?;
    Ok(0)
}
