//! `parallax search --db DIR QUERY`: ranked full-text search over a corpus store, with
//! filters and highlighted snippets. Works while an ingest writes to the same store.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_store::{Hit, SearchRequest, SearchResults, SortOrder, Store};
use serde::Serialize;

#[derive(Args)]
pub struct SearchArgs {
    /// Words (all must match), "quoted phrases", OR, -word, title:word; `*` matches every
    /// record (useful with filters). Several arguments are joined with spaces.
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// Only this outlet (exact name, any case); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    outlet: Vec<String>,
    /// Only articles published in or after this ISO 8601 period (2017, 2017-01, 2017-01-19).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only articles published in or before this ISO 8601 period (the whole period counts).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only articles mentioning this entity id; repeat to require several.
    #[arg(long, value_name = "ID")]
    entity: Vec<String>,
    /// Only articles where this technique was detected (SemEval-2023 name, e.g.
    /// Loaded_Language); repeat to require several.
    #[arg(long, value_name = "NAME")]
    technique: Vec<String>,
    /// Only articles in this language (ISO 639-1).
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
    /// Only articles whose propaganda score is at least this (0 to 1).
    #[arg(long, value_name = "SCORE")]
    min_score: Option<f64>,
    /// Only articles whose propaganda score is at most this (0 to 1).
    #[arg(long, value_name = "SCORE")]
    max_score: Option<f64>,
    /// Order of the results.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,
    /// Number of results to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format: readable text, or one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Sort {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The JSON answer: the request as understood, and the results.
#[derive(Serialize)]
struct JsonAnswer<'a> {
    query: &'a str,
    #[serde(flatten)]
    results: &'a SearchResults,
}

pub fn run(args: SearchArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let mut store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    let query = args.query.join(" ");
    let request = SearchRequest {
        outlets: args.outlet,
        from: args.from,
        to: args.to,
        entities: args.entity,
        techniques: args.technique,
        language: args.language,
        min_score: args.min_score,
        max_score: args.max_score,
        sort: match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Newest => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
        ..SearchRequest::new(query.clone())
    };
    let results = store.search(&request)?;
    if results.unindexed > 0 {
        eprintln!(
            "parallax: note: {db}: {} stored records are not searchable yet (an ingest is \
             running, or was interrupted: running it again completes it)",
            results.unindexed
        );
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &JsonAnswer {
                    query: &query,
                    results: &results,
                },
            )?;
            out.write_all(b"\n")?;
        }
        Format::Text => {
            let style = if io::stdout().is_terminal() {
                Highlight::Ansi
            } else {
                Highlight::Stars
            };
            render(&mut out, &query, request.offset, &results, style)?;
        }
    }
    out.flush().context("writing results")?;
    Ok(0)
}

#[derive(Clone, Copy)]
enum Highlight {
    /// Bold on a terminal.
    Ansi,
    /// `**word**` in a file or pipe.
    Stars,
}

fn render(
    out: &mut impl Write,
    query: &str,
    offset: usize,
    results: &SearchResults,
    style: Highlight,
) -> io::Result<()> {
    let shown = results.hits.len();
    if shown == 0 {
        writeln!(
            out,
            "No article matches {query:?} ({} in all).",
            results.total
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Articles {}-{} of {} matching {query:?}",
        offset + 1,
        offset + shown,
        results.total
    )?;
    for (n, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        render_hit(out, offset + n + 1, hit, style)?;
    }
    Ok(())
}

fn render_hit(out: &mut impl Write, rank: usize, hit: &Hit, style: Highlight) -> io::Result<()> {
    writeln!(
        out,
        "{rank}. {}",
        hit.title.as_deref().unwrap_or("(untitled)")
    )?;
    let mut facts = Vec::new();
    if let Some(outlet) = &hit.outlet {
        facts.push(outlet.clone());
    }
    if let Some(published) = &hit.published {
        facts.push(published.clone());
    }
    facts.push(format!("propaganda {:.2}", hit.propaganda));
    if let Some(score) = hit.score {
        facts.push(format!("relevance {score:.2}"));
    }
    facts.push(format!("id {}", hit.id));
    writeln!(out, "   {}", facts.join(" · "))?;
    if !hit.snippet.text.is_empty() {
        writeln!(out, "   {}", highlighted(&hit.snippet, style))?;
    }
    if let Some(url) = &hit.url {
        writeln!(out, "   {url}")?;
    }
    Ok(())
}

/// The snippet on one line, its matched words marked.
fn highlighted(snippet: &parallax_store::Snippet, style: Highlight) -> String {
    let (open, close) = match style {
        Highlight::Ansi => ("\x1b[1m", "\x1b[0m"),
        Highlight::Stars => ("**", "**"),
    };
    let mut out = String::with_capacity(snippet.text.len() + 16);
    let mut ranges = snippet.highlights.iter().peekable();
    for (i, c) in snippet.text.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r.end <= i) {
            ranges.next();
        }
        if ranges.peek().is_some_and(|r| r.start == i) {
            out.push_str(open);
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
        if ranges.peek().is_some_and(|r| r.end == i + 1) {
            out.push_str(close);
            ranges.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_store::{HighlightRange, Snippet};

    #[test]
    fn marks_highlights_by_character_and_flattens_lines() {
        let snippet = Snippet {
            text: "Dämme brachen.\n\nThe dam broke".into(),
            highlights: vec![
                HighlightRange { start: 0, end: 5 },
                HighlightRange { start: 20, end: 23 },
            ],
        };
        assert_eq!(
            highlighted(&snippet, Highlight::Stars),
            "**Dämme** brachen.  The **dam** broke"
        );
    }
}
