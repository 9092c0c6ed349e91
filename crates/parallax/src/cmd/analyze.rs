//! `parallax analyze PATH...`: one article record per input document, in input order.

use std::io::{self, IsTerminal, Write};

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_core::Article;
use parallax_ingest::{InputError, Inputs, Limits, ReadOptions};
use rayon::prelude::*;

use crate::pipeline::Pipeline;
use crate::progress::Progress;
use crate::render;

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or directories to read; `-` reads stdin. Directories yield their article files
    /// (.txt .md .html .json .jsonl .csv .tsv .warc, optionally .gz).
    #[arg(required = true)]
    paths: Vec<String>,
    /// Output format: a readable summary, one JSON array, or one JSON record per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Descend into subdirectories.
    #[arg(long, short = 'r')]
    recursive: bool,
    /// A user alias file for entity ids, extending and overriding the built-in table
    /// (TAB-separated: id, type, canonical name, aliases separated by |; see the README).
    #[arg(long, value_name = "FILE")]
    aliases: Option<std::path::PathBuf>,
    /// Persuasion analysis on the deep path (sentence embeddings and trained heads; slower,
    /// about 200 sentences per second per core) instead of the fast linear models.
    #[arg(long)]
    deep: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Limits on hostile input, shared by every command that reads articles.
#[derive(Args, Clone, Copy)]
pub struct LimitArgs {
    /// Largest single document in bytes (a file, a JSONL line, a CSV row, a WARC record).
    #[arg(long, default_value_t = Limits::default().max_document_bytes)]
    pub max_doc_bytes: usize,
    /// Deepest nesting accepted in HTML.
    #[arg(long, default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Longest article body accepted, in characters.
    #[arg(long, default_value_t = Limits::default().max_text_chars)]
    pub max_text_chars: usize,
}

impl LimitArgs {
    pub fn limits(self) -> Limits {
        Limits {
            max_document_bytes: self.max_doc_bytes,
            max_depth: self.max_depth,
            max_text_chars: self.max_text_chars,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Jsonl,
}

/// Documents analysed together; bounds memory while keeping both cores busy.
const BATCH: usize = 64;

pub fn run(args: AnalyzeArgs) -> anyhow::Result<i32> {
    let limits = args.limits.limits();
    let mut pipeline = Pipeline::new(limits)?;
    if args.deep {
        pipeline = pipeline.with_deep()?;
    }
    if let Some(path) = &args.aliases {
        pipeline = pipeline.with_aliases(path)?;
    }
    let mut inputs = Inputs::new(
        args.paths.iter().cloned(),
        ReadOptions {
            limits,
            recursive: args.recursive,
        },
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // A bar only when a person watches stderr and the records go elsewhere.
    let progress = Progress::new(
        "analysing",
        io::stderr().is_terminal() && !io::stdout().is_terminal(),
    );
    let mut written = 0usize;
    let mut failed = 0usize;
    if args.format == Format::Json {
        out.write_all(b"[").context(WRITING)?;
    }
    loop {
        let batch: Vec<_> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<Result<(Article, Vec<String>), InputError>> = batch
            .into_par_iter()
            .map(|raw| {
                let raw = raw?;
                let notes: Vec<String> = raw
                    .notes
                    .iter()
                    .map(|n| format!("{}: {n}", raw.label))
                    .collect();
                pipeline.process(raw).map(|article| (article, notes))
            })
            .collect();
        for result in results {
            progress.tick();
            match result {
                Ok((article, notes)) => {
                    for note in notes {
                        progress.println(&format!("parallax: note: {note}"));
                    }
                    write_record(&mut out, args.format, &article, written == 0).context(WRITING)?;
                    written += 1;
                }
                Err(error) => {
                    failed += 1;
                    progress.println(&format!("parallax: error: {error}"));
                }
            }
        }
        out.flush().context(WRITING)?;
    }
    if args.format == Format::Json {
        out.write_all(if written > 0 { b"\n]\n" } else { b"]\n" })
            .context(WRITING)?;
    }
    out.flush().context(WRITING)?;
    progress.finish(written, failed);
    Ok(if failed > 0 { 1 } else { 0 })
}

/// What failed when the output cannot be written (a full disk, a closed pipe).
const WRITING: &str = "writing records to standard output";

/// Writes one record in the chosen format; `first` for the first record of a JSON array.
fn write_record(
    out: &mut impl Write,
    format: Format,
    article: &Article,
    first: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            if !first {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer_pretty(&mut *out, article)?;
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, article)?;
            out.write_all(b"\n")?;
        }
        Format::Text => render::summary(out, article)?,
    }
    Ok(())
}
