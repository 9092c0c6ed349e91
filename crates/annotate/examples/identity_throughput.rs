//! Throughput of entity identity: articles and mentions resolved per second on one thread.
//!
//! ```sh
//! cargo run --release -p parallax-annotate --example identity_throughput -- ../shared/seeds
//! ```
//!
//! Mentions are every run of capitalised words in each file (a denser, noisier mention list
//! than a recogniser gives, so the figure is a lower bound). Resolution is timed alone.

use std::path::PathBuf;
use std::time::Instant;

use parallax_annotate::identity::EntityResolver;
use parallax_core::{EntityMention, EntityType};

/// Runs of capitalised words (with "al-"/"of" inside), as character-offset mentions.
fn capitalised_runs(text: &str) -> Vec<EntityMention> {
    let mut mentions = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if word_start && chars[i].is_uppercase() {
            let start = i;
            let mut end = i;
            let mut j = i;
            loop {
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || matches!(chars[j], '-' | '\'' | '’' | '.'))
                {
                    j += 1;
                }
                end = end.max(j);
                // Continue over one space into another capitalised word or a connector.
                if j + 1 < chars.len() && chars[j] == ' ' {
                    let next: String = chars[j + 1..].iter().take(4).collect();
                    if chars[j + 1].is_uppercase()
                        || next.starts_with("al-")
                        || next.starts_with("of ")
                    {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            let surface: String = chars[start..end].iter().collect();
            let surface = surface.trim_end_matches(['.', '-', '\'']).to_string();
            let end = start + surface.chars().count();
            let entity_type = match mentions.len() % 4 {
                0 => EntityType::Person,
                1 => EntityType::Organization,
                2 => EntityType::Location,
                _ => EntityType::Misc,
            };
            mentions.push(EntityMention {
                start,
                end,
                text: surface,
                entity_type,
                id: String::new(),
            });
            i = end.max(start + 1);
        } else {
            i += 1;
        }
    }
    mentions
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/seeds"));
    let mut articles: Vec<(String, Vec<EntityMention>)> = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("{}: {error}", dir.display());
            std::process::exit(2);
        }
    };
    for entry in entries.flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            let mentions = capitalised_runs(&text);
            articles.push((text, mentions));
        }
    }
    if articles.is_empty() {
        eprintln!("{}: no readable text files", dir.display());
        std::process::exit(2);
    }
    let resolver = EntityResolver::builtin();
    let mention_count: usize = articles.iter().map(|(_, m)| m.len()).sum();
    let rounds = 200;
    // Warm-up: parses the table and faults in code.
    for (text, mentions) in &articles {
        resolver.resolve(text, &mut mentions.clone());
    }
    let mut work: Vec<Vec<EntityMention>> = articles.iter().map(|(_, m)| m.clone()).collect();
    let started = Instant::now();
    for _ in 0..rounds {
        for ((text, _), mentions) in articles.iter().zip(work.iter_mut()) {
            std::hint::black_box(resolver.resolve(text, mentions));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let resolved = (rounds * articles.len()) as f64;
    println!(
        "{} articles, {} mentions ({:.0} per article), {rounds} rounds: {:.0} articles/s, {:.0} mentions/s (one thread)",
        articles.len(),
        mention_count,
        mention_count as f64 / articles.len() as f64,
        resolved / seconds,
        (rounds * mention_count) as f64 / seconds,
    );
    let started = Instant::now();
    let table = parallax_annotate::identity::AliasTable::parse(
        include_str!("../data/aliases.tsv"),
        "built-in alias table",
    )
    .expect("the built-in table parses");
    println!(
        "alias table: {} entities, {} aliases, parsed and indexed in {:.1} ms",
        table.len(),
        table.alias_count(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}
