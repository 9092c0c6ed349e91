//! `parallax duplicates --db DIR`: groups of near-duplicate articles (syndicated or scraped
//! copies), each with its origin: the earliest published copy.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_store::{ArticleSummary, Store};
use serde::Serialize;

use crate::cmd::corpus::{note_pending, outlet_name};

#[derive(Args)]
pub struct DuplicatesArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct GroupView {
    /// The earliest published copy (undated copies count after dated ones).
    origin: ArticleSummary,
    copies: Vec<ArticleSummary>,
    /// Distinct outlets carrying the story (the origin's outlet included).
    outlets: usize,
}

pub fn run(args: DuplicatesArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    note_pending(&store, &db)?;
    let (total, groups) = store
        .duplicate_groups(args.limit, args.offset)
        .with_context(|| format!("reading near-duplicate groups of {db}"))?;
    let views: Vec<GroupView> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut members| {
            // Members come earliest published first.
            let origin = members.remove(0);
            let mut outlets: Vec<String> = std::iter::once(&origin)
                .chain(&members)
                .filter_map(|a| a.outlet.as_deref())
                .map(|o| o.trim().to_lowercase())
                .collect();
            outlets.sort_unstable();
            outlets.dedup();
            let outlets = outlets.len();
            GroupView {
                origin,
                copies: members,
                outlets,
            }
        })
        .collect();
    match args.format {
        Format::Json => {
            let answer = serde_json::json!({"total": total, "groups": views});
            println!("{}", serde_json::to_string_pretty(&answer)?);
        }
        Format::Text => {
            println!("{total} near-duplicate groups");
            for g in &views {
                println!();
                println!(
                    "origin {} {} {}: {}",
                    g.origin.id,
                    g.origin.published.as_deref().unwrap_or("undated"),
                    outlet_name(g.origin.outlet.as_deref()),
                    g.origin.title.as_deref().unwrap_or("(untitled)")
                );
                for c in &g.copies {
                    println!(
                        "  copy {} {} {} (similarity {:.2})",
                        c.id,
                        c.published.as_deref().unwrap_or("undated"),
                        outlet_name(c.outlet.as_deref()),
                        c.similarity
                    );
                }
            }
        }
    }
    Ok(0)
}
