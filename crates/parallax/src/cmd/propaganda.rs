//! `parallax train propaganda` and `parallax eval propaganda`: rebuild the shipped persuasion
//! models from `../shared/data` and score them with the official measures (NLP4IF-2019 SLC,
//! SemEval-2020 SI and TC, SemEval-2023 subtask 3, article-score calibration).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_analyze::data::Split;
use parallax_analyze::deep::{Deep, DeepModels};
use parallax_analyze::evaluate::{evaluate, Report};
use parallax_analyze::model::{MODEL_FILE, SENTENCES_DIR, SPANS_DIR, TECHNIQUES_DIR};
use parallax_analyze::train::{default_cache_dir, train, TrainOptions};
use parallax_analyze::{Analyzer, FastModels};

#[derive(Args)]
pub struct TrainPropagandaArgs {
    /// The shared data folder (holding propaganda/, stance/fnc1/ and narratives/).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write propaganda-{spans,sentences,techniques}/model.bin.
    #[arg(long, default_value = "models")]
    out: PathBuf,
    #[arg(long, default_value_t = 2019)]
    seed: u64,
    /// Cross-validation folds (by article id) for out-of-fold inputs and settings.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Perceptron passes of the span tagger.
    #[arg(long, default_value_t = 10)]
    tagger_epochs: usize,
    /// Perceptrons averaged into the span tagger.
    #[arg(long, default_value_t = 3)]
    tagger_restarts: usize,
    /// Recompute word clusters instead of reusing ~/.cache/parallax/propaganda.
    #[arg(long)]
    no_cache: bool,
    /// Also train the deep heads (models/propaganda-deep) on all-MiniLM-L6-v2 embeddings;
    /// needs scripts/fetch-models.sh first.
    #[arg(long)]
    deep: bool,
}

pub fn train_propaganda(args: TrainPropagandaArgs) -> anyhow::Result<i32> {
    let mut options = TrainOptions::new(args.data.clone());
    options.seed = args.seed;
    options.folds = args.folds;
    options.tagger_epochs = args.tagger_epochs;
    options.tagger_restarts = args.tagger_restarts;
    options.keep_out_of_fold = args.deep;
    if !args.no_cache {
        options.cache_dir = default_cache_dir();
    }
    // Load the encoder first, so a missing model fails before minutes of training.
    let embedder = if args.deep {
        Some(parallax_embed::Embedder::from_env()?)
    } else {
        None
    };
    let outcome = train(&options, &mut |line| {
        eprintln!("parallax train propaganda: {line}")
    })
    .with_context(|| {
        format!(
            "training the propaganda models from {}",
            args.data.display()
        )
    })?;
    outcome
        .models
        .save(&args.out)
        .with_context(|| format!("saving the models under {}", args.out.display()))?;
    for dir in [SPANS_DIR, SENTENCES_DIR, TECHNIQUES_DIR] {
        let path = args.out.join(dir).join(MODEL_FILE);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("model: {} ({:.2} MB)", path.display(), size as f64 / 1e6);
    }
    println!("training time: {:.0} s", outcome.seconds);
    let cv = &outcome.cv;
    println!(
        "out-of-fold on the training split: SLC F1 {:.4}, SI F1 {:.4} (P {:.4} R {:.4})",
        cv.slc_f1, cv.si.f1, cv.si.precision, cv.si.recall
    );
    println!(
        "settings chosen out of fold: SLC threshold {:.3}, tagger temperature {}, recall bias {} + {} x (sentence probability - 0.5)",
        cv.threshold, cv.temperature, cv.recall_bias, cv.slope
    );
    println!(
        "article score trained on {} articles ({} propagandistic by the ground-truth rule)",
        cv.articles, cv.article_ground_truth_positive
    );
    if let (Some(embedder), Some(oof)) = (embedder, &outcome.out_of_fold) {
        let (deep, figures) = parallax_analyze::deep::train(
            &outcome.models,
            oof,
            &args.data,
            &embedder,
            args.seed,
            &mut |line| eprintln!("parallax train propaganda: {line}"),
        )
        .context("training the deep heads")?;
        deep.save(&args.out)
            .with_context(|| format!("saving the deep heads under {}", args.out.display()))?;
        let path = args
            .out
            .join(parallax_analyze::deep::DEEP_DIR)
            .join(MODEL_FILE);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("model: {} ({:.2} MB)", path.display(), size as f64 / 1e6);
        println!(
            "deep heads: {:.0} s ({:.0} s embedding {} texts); out-of-fold SLC F1 {:.4}, SI F1 {:.4}",
            figures.seconds,
            figures.embedding_seconds,
            figures.embedded_texts,
            figures.slc_out_of_fold_f1,
            figures.si_out_of_fold_f1
        );
    }
    Ok(0)
}

#[derive(Clone, Copy, ValueEnum)]
enum SplitArg {
    /// Our development fifth of the shared training data (never trained on).
    Dev,
    /// Every article of the folder (a held-out set); articles the model saw are skipped.
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct EvalPropagandaArgs {
    /// A data folder laid out like ../shared/data (propaganda/nlp4if2019, semeval2020-ptc,
    /// semeval2023-en with their train-* subfolders). With `--split all` the dev-* and test-*
    /// subfolders of a release are read too (e.g. dev-articles and dev-labels-SLC), in either
    /// SemEval-2020 release's label layout (…-task1-span-identification or …-task-si), NLP4IF
    /// sentence labels follow from fragment labels (…-labels-FLC) when no SLC labels are
    /// shipped, a folder of articles without gold labels is named and left out, and a data set
    /// the folder lacks is reported with no articles.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    #[arg(long, value_enum, default_value = "dev")]
    split: SplitArg,
    /// A folder holding propaganda-{spans,sentences,techniques}/ (the built-in models when
    /// omitted).
    #[arg(long)]
    models: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Also train and score the TF-IDF + logistic-regression SLC baseline on the same split.
    #[arg(long)]
    baseline: bool,
    /// Score the deep path (embeddings + heads) instead of the fast path.
    #[arg(long)]
    deep: bool,
}

pub fn eval_propaganda(args: EvalPropagandaArgs) -> anyhow::Result<i32> {
    let mut analyzer = match &args.models {
        Some(dir) => Analyzer::with_models(FastModels::load(dir)?),
        None => Analyzer::new()?,
    };
    if args.deep {
        let deep = match &args.models {
            Some(dir) => Deep::with_models(DeepModels::load(dir)?)?,
            None => Deep::builtin()?,
        };
        analyzer = analyzer.with_deep(deep);
    }
    let split = match args.split {
        SplitArg::Dev => Split::Dev,
        SplitArg::All => Split::All,
    };
    let report = evaluate(&analyzer, &args.data, split)
        .with_context(|| format!("evaluating on {}", args.data.display()))?;
    let baseline = if args.baseline {
        Some(parallax_analyze::baseline::tfidf_slc(&args.data, split, 1)?)
    } else {
        None
    };
    match args.format {
        OutputFormat::Json => {
            let mut value = serde_json::to_value(&report)?;
            if let Some(b) = baseline {
                value["slc_tfidf_baseline"] = serde_json::to_value(b)?;
            }
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        OutputFormat::Text => {
            print_report(&report, &args.data);
            if let Some(b) = baseline {
                println!(
                    "SLC baseline (TF-IDF 1-2 grams + balanced logistic regression): P {:.4} R {:.4} F1 {:.4}",
                    b.precision, b.recall, b.f1
                );
            }
        }
    }
    Ok(0)
}

fn print_report(r: &Report, data: &Path) {
    println!(
        "Persuasion analysis ({} path) on {} (split: {})",
        r.path,
        data.display(),
        r.split
    );
    for note in &r.unlabelled {
        println!("  skipped {note}");
    }
    if r.skipped_trained > 0 {
        println!(
            "  skipped {} articles the models were trained on",
            r.skipped_trained
        );
    }
    let s = &r.slc;
    if s.articles == 0 {
        println!("NLP4IF-2019 SLC       no labelled articles in the data folder");
    } else {
        println!(
        "NLP4IF-2019 SLC     {:>3} articles {:>5} sentences ({:.1}% propaganda): P {:.4} R {:.4} F1 {:.4} (95% by article {:.3}-{:.3}; threshold {:.3})",
        s.articles, s.sentences, 100.0 * s.propaganda as f64 / s.sentences.max(1) as f64, s.score.precision, s.score.recall, s.score.f1, s.f1_interval.0, s.f1_interval.1, s.threshold
    );
    }
    let si = &r.si;
    if si.articles == 0 {
        println!("SemEval-2020 SI/TC    no labelled articles in the data folder");
    } else {
        println!(
        "SemEval-2020 SI     {:>3} articles {:>5} gold spans: P {:.4} R {:.4} F1 {:.4} (95% by article {:.3}-{:.3}; {} predicted)",
        si.articles, si.gold_spans, si.score.precision, si.score.recall, si.score.f1, si.f1_interval.0, si.f1_interval.1, si.predicted_spans
    );
        println!(
            "SemEval-2020 TC                 {:>5} gold spans: micro-F1 {:.4}",
            r.tc.spans, r.tc.micro.f1
        );
        for (class, (p, rc, f, n)) in &r.tc.by_class {
            println!("    {class:<38} P {p:.2} R {rc:.2} F1 {f:.2} (gold {n})");
        }
        let e = &r.explanation;
        println!(
            "Explanation examples            {:>5} quoted: {:.1}% on a gold span, {:.1}% on one of the same technique",
            e.examples,
            100.0 * e.on_gold_span,
            100.0 * e.same_technique
        );
    }
    let st = &r.subtask3;
    if st.articles == 0 {
        println!("SemEval-2023 ST3      no labelled articles in the data folder");
    } else {
        println!(
        "SemEval-2023 ST3    {:>3} articles {:>5} paragraphs: micro-F1 {:.4} (P {:.4} R {:.4}), macro-F1 {:.4} over 23 techniques, {:.4} over techniques in gold",
        st.articles, st.paragraphs, st.micro.f1, st.micro.precision, st.micro.recall, st.macro_f1, st.macro_f1_present
    );
    }
    let a = &r.article;
    println!(
        "Article score       {:>3} articles ({} propagandistic): ECE {:.4}, Brier {:.4}, AUC {:.4}, mean score {:.3}",
        a.articles, a.propagandistic, a.expected_calibration_error, a.brier, a.auc, a.mean_score
    );
    let sp = &r.speed;
    println!(
        "Speed (SLC articles, one thread): {:.0} articles/s, {:.3} ms per 800 words",
        sp.articles_per_second, sp.ms_per_800_words
    );
}
