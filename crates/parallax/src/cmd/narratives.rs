//! `parallax narratives --db DIR --catalog FILE`: which stored articles carry which known
//! narratives of a catalog (JSONL or CSV: id, claim, summary, keywords), each match with a
//! score and the sentences that carry it.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use parallax_annotate::Annotator;
use parallax_core::{Article, InputFormat, InputInfo};
use parallax_corpus::narratives::{
    read_catalog, CarryingSentence, Narrative, NarrativeEntry, NarrativeMatcher, DEFAULT_THRESHOLD,
};
use parallax_store::Store;
use rayon::prelude::*;
use serde::Serialize;

use crate::cmd::corpus::{note_pending, outlet_name};

/// Records matched per parallel batch.
const BATCH: usize = 256;

#[derive(Args)]
pub struct NarrativesArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// The narrative catalog: JSONL (`id`, `claim`, `summary`, `keywords`) or CSV/TSV with a
    /// header row (EUvsDisinfo's export reads as is).
    #[arg(long, value_name = "FILE")]
    catalog: PathBuf,
    /// Score from which an article carries a narrative (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f64,
    /// Only this narrative id; repeat for several.
    #[arg(long, value_name = "ID")]
    narrative: Vec<String>,
    /// Only articles of this record id; repeat for several.
    #[arg(long, value_name = "ID")]
    article: Vec<String>,
    /// Articles shown per narrative (best first).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct NarrativeView<'a> {
    id: &'a str,
    claim: &'a str,
    /// Articles carrying it in all (the list may be cut at `--limit`).
    total: usize,
    articles: Vec<ArticleMatch>,
}

#[derive(Serialize, Clone)]
struct ArticleMatch {
    id: String,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    score: f64,
    sentences: Vec<CarryingSentence>,
}

/// Reads catalog entries into narratives, annotating each claim (and its keywords) so names
/// resolve to the same entity ids as in the articles.
pub fn prepare_catalog(entries: &[NarrativeEntry]) -> Vec<Narrative> {
    let annotator = Annotator::new();
    entries
        .par_iter()
        .map(|entry| {
            let mut paragraphs = vec![entry.claim.as_str()];
            paragraphs.extend(entry.keywords.iter().map(String::as_str));
            let mut article = Article::from_paragraphs(
                "narrative".into(),
                InputInfo {
                    path: None,
                    url: None,
                    format: InputFormat::Text,
                },
                &paragraphs,
            );
            article.language = Some("en".into());
            annotator.annotate(&mut article);
            Narrative::prepare(entry, &article)
        })
        .collect()
}

pub fn run(args: NarrativesArgs) -> anyhow::Result<i32> {
    let db = args.db.display().to_string();
    let mut entries = read_catalog(&args.catalog)
        .with_context(|| format!("reading the narrative catalog {}", args.catalog.display()))?;
    if !args.narrative.is_empty() {
        entries.retain(|e| args.narrative.contains(&e.id));
        if entries.is_empty() {
            anyhow::bail!(
                "{}: no narrative with id {}",
                args.catalog.display(),
                args.narrative.join(", ")
            );
        }
    }
    let store =
        Store::open_read_only(&args.db).with_context(|| format!("opening the store {db}"))?;
    note_pending(&store, &db)?;

    let mut matcher = NarrativeMatcher::new(prepare_catalog(&entries));
    matcher.threshold = args.threshold;
    // Concept weights from the store's document frequencies.
    let weights = store
        .term_weights(matcher.narratives().iter().flat_map(|n| n.concept_keys()))
        .with_context(|| format!("reading term statistics of {db}"))?;
    let weight = |k: u32| weights.weight(k);

    let mut found: Vec<Vec<ArticleMatch>> = vec![Vec::new(); matcher.narratives().len()];
    let mut articles = 0usize;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<Article>, found: &mut Vec<Vec<ArticleMatch>>| {
        let matched: Vec<(usize, ArticleMatch)> = batch
            .par_iter()
            .flat_map_iter(|a| {
                matcher
                    .match_article(a, &weight)
                    .into_iter()
                    .map(|m| {
                        (
                            m.narrative,
                            ArticleMatch {
                                id: a.id.clone(),
                                title: a.title.clone(),
                                outlet: a.outlet.clone(),
                                published: a.published.clone(),
                                score: m.score,
                                sentences: m.sentences,
                            },
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        for (n, m) in matched {
            found[n].push(m);
        }
        batch.clear();
    };
    if args.article.is_empty() {
        for record in store.records() {
            batch.push(record.with_context(|| format!("reading records of {db}"))?);
            articles += 1;
            if batch.len() == BATCH {
                flush(&mut batch, &mut found);
            }
        }
    } else {
        for id in &args.article {
            let record = store
                .get(id)?
                .with_context(|| format!("{db}: no record with id {id}"))?;
            batch.push(record);
            articles += 1;
        }
    }
    flush(&mut batch, &mut found);

    let mut views: Vec<NarrativeView> = matcher
        .narratives()
        .iter()
        .zip(found)
        .filter(|(_, m)| !m.is_empty())
        .map(|(n, mut m)| {
            m.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
            let total = m.len();
            m.truncate(args.limit);
            NarrativeView {
                id: &n.id,
                claim: &n.claim,
                total,
                articles: m,
            }
        })
        .collect();
    views.sort_by(|a, b| b.total.cmp(&a.total).then(a.id.cmp(b.id)));
    match args.format {
        Format::Json => {
            let answer = serde_json::json!({
                "catalog": entries.len(),
                "articles": articles,
                "threshold": args.threshold,
                "narratives": views,
            });
            println!("{}", serde_json::to_string_pretty(&answer)?);
        }
        Format::Text => {
            println!(
                "{} of {} narratives carried by the {articles} articles searched (score >= {})",
                views.len(),
                entries.len(),
                args.threshold
            );
            for v in &views {
                println!();
                println!("[{}] {} ({} articles)", v.id, v.claim, v.total);
                for a in &v.articles {
                    println!(
                        "  {:.2} {} {}: {}",
                        a.score,
                        a.id,
                        outlet_name(a.outlet.as_deref()),
                        a.title.as_deref().unwrap_or("(untitled)")
                    );
                    for s in a.sentences.iter().take(3) {
                        let text: String = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        println!("       {:.2} \"{}\"", s.score, text);
                    }
                }
            }
        }
    }
    Ok(0)
}
