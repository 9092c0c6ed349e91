//! `parallax`: the command-line interface. It parses arguments, wires the pipeline stages
//! together and prints; the work itself lives in the stage crates.

mod allocator;
mod cmd;
mod pipeline;
mod progress;
mod render;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "Read news the way a careful fact-checker does."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print one record per input document.
    Analyze(cmd::analyze::AnalyzeArgs),
    /// Analyse articles and store their records in a corpus store (idempotent, crash-safe).
    Ingest(cmd::ingest::IngestArgs),
    /// Search a corpus store: ranked, filtered, with highlighted snippets.
    Search(cmd::search::SearchArgs),
    /// List the events of a corpus store (the same happening across outlets and days); with
    /// --claims, who states and disputes each claim and whether it is corroborated.
    Events(cmd::events::EventsArgs),
    /// List groups of near-duplicate articles (copies), each with its origin.
    Duplicates(cmd::duplicates::DuplicatesArgs),
    /// Export a corpus store's records: JSONL (whole records) or CSV (one layer as a table).
    Export(cmd::export::ExportArgs),
    /// Match a corpus store against a catalog of known narratives.
    Narratives(cmd::narratives::NarrativesArgs),
    /// Profile the outlets of a corpus store.
    Outlets(cmd::outlets::OutletsArgs),
    /// Serve the web UI and JSON API over a corpus store (127.0.0.1:8080 by default).
    Serve(cmd::serve::ServeArgs),
    /// Train a model from the shared data sets.
    Train(cmd::train::TrainArgs),
    /// Evaluate a model or extractor with the official measures.
    Eval(cmd::eval::EvalArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Duplicates(args) => cmd::duplicates::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Narratives(args) => cmd::narratives::run(args),
        Command::Outlets(args) => cmd::outlets::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Eval(args) => cmd::eval::run(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        // The reader of our output went away (`parallax analyze … | head`): stop quietly, as
        // other command-line tools do.
        Err(error) if closed_pipe(&error) => std::process::exit(0),
        Err(error) => {
            eprintln!("parallax: error: {error:#}");
            std::process::exit(2);
        }
    }
}

/// Whether an error comes from writing to a pipe whose reader has closed it.
fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
