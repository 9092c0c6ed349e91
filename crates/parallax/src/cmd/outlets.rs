//! `parallax outlets --db DIR`: outlet profiles: articles, techniques per 1,000 words, mean
//! propaganda score, share of uncorroborated claims, top entities, factuality prior.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_corpus::corroboration::assess;
use parallax_corpus::outlets::{profile, OutletProfile};
use parallax_corpus::Ratings;
use parallax_store::Store;

use crate::cmd::corpus::{note_pending, outlet_name, RatingArgs};

#[derive(Args)]
pub struct OutletsArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// Entities listed per outlet (those mentioned by most of its articles).
    #[arg(long, default_value_t = 5)]
    top_entities: usize,
    /// Only outlets with at least this many articles.
    #[arg(long, default_value_t = 1)]
    min_articles: u64,
    #[command(flatten)]
    ratings: RatingArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Every outlet's profile, most articles first.
pub fn outlet_profiles(
    store: &Store,
    ratings: &Ratings,
    top_entities: usize,
) -> anyhow::Result<Vec<OutletProfile>> {
    // Claims corroborated per outlet, over every claim group of the corpus (claims no other
    // article states are in no group, so they count as uncorroborated).
    let mut corroborated: HashMap<Option<String>, u64> = HashMap::new();
    for members in store.claim_groups()? {
        for (m, verdict) in members.iter().zip(assess(&members, ratings)) {
            if verdict.corroborated {
                *corroborated.entry(m.source.outlet.clone()).or_default() += 1;
            }
        }
    }
    Ok(store
        .outlet_totals(top_entities)?
        .into_iter()
        .map(|(outlet, totals)| {
            let rating = outlet.as_deref().and_then(|o| ratings.rate(Some(o), None));
            let n = corroborated.get(&outlet).copied().unwrap_or(0);
            profile(outlet, &totals, n, rating)
        })
        .collect())
}

pub fn run(args: OutletsArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    note_pending(&store, &db)?;
    let ratings = args.ratings.load()?;
    let mut profiles = outlet_profiles(&store, &ratings, args.top_entities)
        .with_context(|| format!("reading outlet totals of {db}"))?;
    profiles.retain(|p| p.articles >= args.min_articles);
    match args.format {
        Format::Json => {
            let answer = serde_json::json!({ "outlets": profiles });
            println!("{}", serde_json::to_string_pretty(&answer)?);
        }
        Format::Text => {
            println!(
                "{:<32} {:>8} {:>10} {:>10} {:>8} {:>14} {:>10}",
                "outlet",
                "articles",
                "tech/1kw",
                "mean prop",
                "claims",
                "uncorroborated",
                "factuality"
            );
            for p in &profiles {
                let name: String = outlet_name(p.outlet.as_deref()).chars().take(32).collect();
                println!(
                    "{:<32} {:>8} {:>10.2} {:>10.3} {:>8} {:>14} {:>10}",
                    name,
                    p.articles,
                    p.techniques_per_1000_words,
                    p.mean_propaganda,
                    p.claims,
                    p.uncorroborated_share
                        .map_or("-".to_string(), |s| format!("{:.0}%", s * 100.0)),
                    p.factuality.map_or("unrated", |r| r.as_str()),
                );
                if !p.top_entities.is_empty() {
                    let top: Vec<String> = p
                        .top_entities
                        .iter()
                        .map(|e| format!("{} ({})", e.id, e.articles))
                        .collect();
                    println!("    top entities: {}", top.join(", "));
                }
            }
        }
    }
    Ok(0)
}
