//! `parallax events --db DIR`: the events of a corpus store (articles about the same
//! real-world happening across outlets and days), with their time span, outlets and articles;
//! with `--claims`, each event's claims: who states them, who disputes them, and whether an
//! independent, more reliable outlet corroborates them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_corpus::corroboration::{independent_sources, is_earlier};
use parallax_corpus::events::choose_title;
use parallax_corpus::{Rating, Ratings, Stance};
use parallax_store::{ArticleSummary, AssessedClaim, EventQuery, EventSort, EventSummary, Store};
use serde::Serialize;

use crate::cmd::corpus::{day, note_pending, outlet_name, RatingArgs};

#[derive(Args)]
pub struct EventsArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// Only events with at least this many articles.
    #[arg(long, default_value_t = 2)]
    min_articles: u32,
    /// Only events reaching into this ISO 8601 period or later (2017, 2017-01, 2017-01-19).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only events reaching into this ISO 8601 period or earlier.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only the event of this record id.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    #[arg(long, value_enum, default_value_t = Sort::Largest)]
    sort: Sort,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Show each event's claims with the outlets stating and disputing them, and
    /// corroboration.
    #[arg(long)]
    claims: bool,
    /// Claims stated by one article only are shown from this check-worthiness up (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    min_checkworthy: f64,
    #[command(flatten)]
    ratings: RatingArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Sort {
    Largest,
    Newest,
    Oldest,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// One event as shown.
#[derive(Serialize)]
pub struct EventView {
    pub id: i64,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub size: u32,
    /// Distinct outlet names, in order of first article.
    pub outlets: Vec<String>,
    /// Independent sources: copies count once (as their origin), an outlet once.
    pub independent_sources: usize,
    pub articles: Vec<EventArticle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<ClaimView>>,
}

#[derive(Serialize)]
pub struct EventArticle {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// The record id of the earliest copy, when this article is a later copy of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
}

/// One claim of an event: a group of aligned claims, or a claim one article alone states.
#[derive(Serialize)]
pub struct ClaimView {
    pub group: i64,
    /// The claim, in the words of the article whose sentence started the group.
    pub claim: String,
    pub stated_by: Vec<ClaimSource>,
    pub disputed_by: Vec<ClaimSource>,
    /// Independent sources stating it.
    pub independent_sources: usize,
    /// Whether some statement of it is corroborated by an independent, more reliable source.
    pub corroborated: bool,
    /// The best rating among the sources stating it (`None`: none is rated).
    pub best_rating: Option<Rating>,
}

#[derive(Serialize)]
pub struct ClaimSource {
    pub article: String,
    pub outlet: Option<String>,
    pub rating: Option<Rating>,
    pub text: String,
    pub checkworthy: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
    pub corroborated: bool,
    /// Outlets (or record ids, for articles without one) that corroborate it.
    pub corroborated_by: Vec<String>,
}

pub fn run(args: EventsArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    note_pending(&store, &db)?;
    let ratings = args.ratings.load()?;
    let period = |p: &Option<String>, end: bool| -> anyhow::Result<Option<i64>> {
        p.as_deref()
            .map(|s| {
                let period = parallax_store::Period::parse(s).with_context(|| {
                    format!("{s:?} is not an ISO 8601 date (2017, 2017-01, 2017-01-19)")
                })?;
                // The whole period counts: `--to 2017-01` reaches the end of January.
                Ok(if end { period.end - 1 } else { period.start })
            })
            .transpose()
    };
    let query = EventQuery {
        min_articles: args.min_articles,
        from: period(&args.from, false)?,
        to: period(&args.to, true)?,
        sort: match args.sort {
            Sort::Largest => EventSort::Largest,
            Sort::Newest => EventSort::Newest,
            Sort::Oldest => EventSort::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
    };
    let (total, events) = match &args.article {
        Some(id) => {
            let event = store
                .event_of(id)?
                .map(|e| store.event(e))
                .transpose()?
                .flatten();
            (event.is_some() as u64, event.into_iter().collect())
        }
        None => store.events(&query)?,
    };
    let claims = args.claims.then_some(args.min_checkworthy);
    let views = events
        .iter()
        .map(|e| event_view(&store, e, claims, &ratings))
        .collect::<anyhow::Result<Vec<_>>>()
        .with_context(|| format!("reading events from {db}"))?;
    match args.format {
        Format::Json => {
            let answer = serde_json::json!({"total": total, "events": views});
            println!("{}", serde_json::to_string_pretty(&answer)?);
        }
        Format::Text => print_text(total, &views, args.offset),
    }
    Ok(0)
}

/// Builds the view of an event; `claims` is the check-worthiness from which single-article
/// claims are listed (`None`: no claims).
pub fn event_view(
    store: &Store,
    event: &EventSummary,
    claims: Option<f64>,
    ratings: &Ratings,
) -> anyhow::Result<EventView> {
    let articles = store.event_articles(event.id)?;
    let titles: Vec<&str> = articles.iter().filter_map(|a| a.title.as_deref()).collect();
    let title = choose_title(&event.centroid, &titles).map(str::to_string);
    let mut outlets: Vec<String> = Vec::new();
    for a in &articles {
        if let Some(o) = &a.outlet {
            if !outlets.iter().any(|x| x.eq_ignore_ascii_case(o)) {
                outlets.push(o.clone());
            }
        }
    }
    let sources: Vec<_> = articles.iter().map(ArticleSummary::source).collect();
    let independent = independent_sources(&sources).len();
    // The origin of each near-duplicate group: its earliest published member.
    let mut origins: BTreeMap<i64, usize> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        if let Some(g) = s.dup_group {
            let origin = origins.entry(g).or_insert(i);
            if is_earlier(s, &sources[*origin]) {
                *origin = i;
            }
        }
    }
    let claim_views = match claims {
        Some(min_checkworthy) => Some(claim_views(store, event.id, min_checkworthy, ratings)?),
        None => None,
    };
    let articles = articles
        .iter()
        .enumerate()
        .map(|(i, a)| EventArticle {
            copy_of: a
                .dup_group
                .and_then(|g| origins.get(&g))
                .filter(|&&o| o != i)
                .map(|&o| articles[o].id.clone()),
            article: a.clone(),
        })
        .collect();
    Ok(EventView {
        id: event.id,
        title,
        first_published: event.first_at.map(parallax_corpus::date::iso_date),
        last_published: event.last_at.map(parallax_corpus::date::iso_date),
        size: event.size,
        outlets,
        independent_sources: independent,
        articles,
        claims: claim_views,
    })
}

/// The claims of an event: aligned groups first (most independent sources first), then the
/// claims single articles state.
pub fn claim_views(
    store: &Store,
    event: i64,
    min_checkworthy: f64,
    ratings: &Ratings,
) -> anyhow::Result<Vec<ClaimView>> {
    Ok(store
        .assessed_event_claims(event, min_checkworthy, ratings)?
        .iter()
        .map(claim_view)
        .collect())
}

fn claim_view(claim: &AssessedClaim) -> ClaimView {
    let mut stated_by = Vec::new();
    let mut disputed_by = Vec::new();
    for (i, (c, v)) in claim.members.iter().zip(&claim.assessments).enumerate() {
        let source = ClaimSource {
            article: c.article.id.clone(),
            outlet: c.article.outlet.clone(),
            rating: v.rating,
            text: c.text.clone(),
            checkworthy: (c.checkworthy * 1000.0).round() / 1000.0,
            attributed_to: c.attributed_to.clone(),
            corroborated: v.corroborated,
            corroborated_by: claim.corroborated_by(i),
        };
        match c.stance {
            Stance::States => stated_by.push(source),
            Stance::Disputes => disputed_by.push(source),
        }
    }
    ClaimView {
        group: claim.group(),
        claim: claim.text().to_string(),
        independent_sources: claim.independent_sources,
        corroborated: claim.corroborated(),
        best_rating: stated_by.iter().filter_map(|s| s.rating).max(),
        stated_by,
        disputed_by,
    }
}

fn print_text(total: u64, views: &[EventView], offset: usize) {
    if views.is_empty() {
        println!("no events (events list articles about the same happening from two or more articles; see --min-articles)");
        return;
    }
    println!("events {}-{} of {total}", offset + 1, offset + views.len());
    for v in views {
        println!();
        println!("#{} {}", v.id, v.title.as_deref().unwrap_or("(untitled)"));
        let span = match (&v.first_published, &v.last_published) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "undated".to_string(),
        };
        println!(
            "  {span}; {} articles, {} independent sources; outlets: {}",
            v.size,
            v.independent_sources,
            if v.outlets.is_empty() {
                "(none named)".to_string()
            } else {
                v.outlets.join(", ")
            }
        );
        for a in &v.articles {
            let date = a.article.published.clone().unwrap_or_else(|| day(None));
            let copy = a
                .copy_of
                .as_ref()
                .map(|o| format!(" [copy of {o}]"))
                .unwrap_or_default();
            println!(
                "  - {} {:<10} {}: {}{copy}",
                a.article.id,
                date.get(..10).unwrap_or(&date),
                outlet_name(a.article.outlet.as_deref()),
                a.article.title.as_deref().unwrap_or("(untitled)")
            );
        }
        if let Some(claims) = &v.claims {
            println!("  claims:");
            for c in claims {
                let verdict = if c.corroborated {
                    "corroborated"
                } else {
                    "not corroborated"
                };
                println!(
                    "  * {} ({} independent sources, best rating {}, {verdict})",
                    one_line(&c.claim),
                    c.independent_sources,
                    c.best_rating.map_or("unrated", Rating::as_str)
                );
                for s in &c.stated_by {
                    println!("      states   {}", source_line(s));
                }
                for s in &c.disputed_by {
                    println!("      disputes {}", source_line(s));
                }
            }
        }
    }
}

fn source_line(s: &ClaimSource) -> String {
    let by = if s.corroborated_by.is_empty() {
        String::new()
    } else {
        format!("; corroborated by {}", s.corroborated_by.join(", "))
    };
    format!(
        "{} ({}){by}",
        outlet_name(s.outlet.as_deref()),
        s.rating.map_or("unrated", Rating::as_str)
    )
}

fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        let cut: String = flat.chars().take(157).collect();
        format!("{cut}...")
    } else {
        flat
    }
}
