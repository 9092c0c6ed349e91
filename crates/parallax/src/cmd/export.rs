//! `parallax export --db DIR`: the stored records, for other tools. JSONL gives each record
//! exactly as `parallax analyze --format jsonl` prints it (the article-record spec); CSV gives
//! one layer as a table, a row per article or per span, with character offsets and the span's
//! text, for spreadsheets and dataframes. Records stream from the store one page at a time, so
//! memory does not grow with the store.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_core::{Article, CharIndex};
use parallax_store::Store;

use crate::cmd::corpus::note_pending;
use crate::progress::Progress;

#[derive(Args)]
pub struct ExportArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// With `--format csv`: which layer, one row per article or per span.
    #[arg(long, value_enum, default_value_t = Table::Articles)]
    table: Table,
    /// Write here instead of to standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One whole record per line.
    Jsonl,
    /// One table (`--table`), with a header row.
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Table {
    /// id, outlet, title, authors, published, language, words, score, counts of each layer.
    Articles,
    Sentences,
    Entities,
    Quotes,
    Claims,
    Techniques,
}

pub fn run(args: ExportArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    note_pending(&store, &db)?;
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    // A bar only when a person watches stderr and the records go elsewhere.
    let progress = Progress::new(
        "exporting",
        std::io::stderr().is_terminal() && (args.out.is_some() || !std::io::stdout().is_terminal()),
    );
    let mut exported = 0usize;
    match args.format {
        Format::Jsonl => {
            for record in store.records() {
                let article = record.with_context(|| format!("reading the records of {db}"))?;
                serde_json::to_writer(&mut out, &article)?;
                out.write_all(b"\n")?;
                exported += 1;
                progress.tick();
            }
        }
        Format::Csv => {
            let mut table = csv::Writer::from_writer(&mut out);
            table
                .write_record(header(args.table))
                .map_err(std::io::Error::from)?;
            for record in store.records() {
                let article = record.with_context(|| format!("reading the records of {db}"))?;
                for row in rows(args.table, &article) {
                    table.write_record(&row).map_err(std::io::Error::from)?;
                }
                exported += 1;
                progress.tick();
            }
            table.flush()?;
        }
    }
    out.flush()?;
    progress.clear();
    if let Some(path) = &args.out {
        eprintln!(
            "parallax: exported {exported} records of {db} to {}",
            path.display()
        );
    }
    Ok(0)
}

fn header(table: Table) -> &'static [&'static str] {
    match table {
        Table::Articles => &[
            "id",
            "outlet",
            "title",
            "authors",
            "published",
            "language",
            "url",
            "path",
            "words",
            "propaganda",
            "sentences",
            "entities",
            "quotes",
            "claims",
            "techniques",
            "explanation",
        ],
        Table::Sentences => &["article", "start", "end", "propaganda", "text"],
        Table::Entities => &["article", "start", "end", "type", "entity", "text"],
        Table::Quotes => &[
            "article",
            "start",
            "end",
            "speaker",
            "speaker_id",
            "cue",
            "anonymous",
            "text",
        ],
        Table::Claims => &[
            "article",
            "start",
            "end",
            "checkworthy",
            "attributed_to",
            "text",
        ],
        Table::Techniques => &[
            "article",
            "start",
            "end",
            "technique",
            "confidence",
            "reported",
            "text",
        ],
    }
}

/// The rows one article gives in `table`, in the order of [`header`].
fn rows(table: Table, a: &Article) -> Vec<Vec<String>> {
    // Built on first use: the articles table slices no text.
    let index = std::cell::OnceCell::new();
    let span = |start: usize, end: usize| -> [String; 2] { [start.to_string(), end.to_string()] };
    let text = |start: usize, end: usize| {
        index
            .get_or_init(|| CharIndex::new(&a.text))
            .slice(&a.text, start, end)
            .to_string()
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let id = || a.id.clone();
    match table {
        Table::Articles => vec![vec![
            id(),
            opt(&a.outlet),
            opt(&a.title),
            a.authors.join("; "),
            opt(&a.published),
            opt(&a.language),
            opt(&a.input.url),
            opt(&a.input.path),
            a.text.split_whitespace().count().to_string(),
            a.scores.propaganda.to_string(),
            a.sentences.len().to_string(),
            a.entities.len().to_string(),
            a.quotes.len().to_string(),
            a.claims.len().to_string(),
            a.techniques.len().to_string(),
            a.explanation.join(" | "),
        ]],
        Table::Sentences => a
            .sentences
            .iter()
            .map(|s| {
                let [start, end] = span(s.start, s.end);
                vec![
                    id(),
                    start,
                    end,
                    s.propaganda.to_string(),
                    text(s.start, s.end),
                ]
            })
            .collect(),
        Table::Entities => a
            .entities
            .iter()
            .map(|e| {
                let [start, end] = span(e.start, e.end);
                vec![
                    id(),
                    start,
                    end,
                    e.entity_type.as_str().to_string(),
                    e.id.clone(),
                    e.text.clone(),
                ]
            })
            .collect(),
        Table::Quotes => a
            .quotes
            .iter()
            .map(|q| {
                let [start, end] = span(q.start, q.end);
                vec![
                    id(),
                    start,
                    end,
                    opt(&q.speaker),
                    opt(&q.speaker_id),
                    opt(&q.cue),
                    q.anonymous.to_string(),
                    text(q.start, q.end),
                ]
            })
            .collect(),
        Table::Claims => a
            .claims
            .iter()
            .map(|c| {
                let [start, end] = span(c.start, c.end);
                vec![
                    id(),
                    start,
                    end,
                    c.checkworthy.to_string(),
                    opt(&c.attributed_to),
                    text(c.start, c.end),
                ]
            })
            .collect(),
        Table::Techniques => a
            .techniques
            .iter()
            .map(|t| {
                let [start, end] = span(t.start, t.end);
                vec![
                    id(),
                    start,
                    end,
                    t.technique.name().to_string(),
                    t.confidence.to_string(),
                    t.reported.to_string(),
                    text(t.start, t.end),
                ]
            })
            .collect(),
    }
}
