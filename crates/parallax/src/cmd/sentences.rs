//! `parallax eval sentences`: sentence-boundary agreement on the NLP4IF-2019 articles.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use parallax_annotate::{eval, sentences};

#[derive(Args)]
pub struct EvalSentencesArgs {
    /// Folder of articles written one sentence per line, paragraphs separated by blank lines.
    #[arg(
        long,
        default_value = "../shared/data/propaganda/nlp4if2019/train-articles"
    )]
    data: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// Also print up to N boundary errors with their context.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
}

/// Reads every article of the folder as paragraphs of gold sentences.
pub fn gold_paragraphs(dir: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut paragraphs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let mut current: Vec<String> = Vec::new();
        for line in text.lines() {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
    }
    Ok(paragraphs)
}

pub fn eval_sentences(args: EvalSentencesArgs) -> anyhow::Result<i32> {
    let paragraphs = gold_paragraphs(&args.data)?;
    let started = std::time::Instant::now();
    let scores = eval::sentence_boundaries(
        paragraphs.iter().map(Vec::as_slice),
        sentences::split_paragraph,
    );
    let seconds = started.elapsed().as_secs_f64();
    let sentences: usize = paragraphs.iter().map(Vec::len).sum();
    if args.errors > 0 {
        print_errors(&paragraphs, args.errors);
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({"scores": scores, "sentences": sentences, "seconds": seconds})
        );
    } else {
        println!(
            "Sentence boundaries on {} ({} paragraphs, {} sentences)",
            args.data.display(),
            paragraphs.len(),
            sentences
        );
        println!("gold boundaries inside paragraphs: {}", scores.gold);
        println!(
            "precision {:.4}  recall {:.4}  F1 {:.4}",
            scores.precision, scores.recall, scores.f1
        );
        println!("{:.0} sentences/s", sentences as f64 / seconds.max(1e-9));
    }
    Ok(0)
}

/// Prints missed (`-`) and spurious (`+`) boundaries with 40 characters of context.
fn print_errors(paragraphs: &[Vec<String>], limit: usize) {
    let mut shown = 0;
    for sentences in paragraphs {
        let text = sentences.join(" ");
        let mut gold = std::collections::BTreeSet::new();
        let mut offset = 0;
        for s in &sentences[..sentences.len() - 1] {
            offset += s.len();
            gold.insert(offset);
            offset += 1;
        }
        let predicted: std::collections::BTreeSet<usize> = sentences::split_paragraph(&text)
            .into_iter()
            .map(|r| r.end)
            .filter(|&e| e < text.len())
            .collect();
        for (mark, at) in gold
            .difference(&predicted)
            .map(|e| ('-', *e))
            .chain(predicted.difference(&gold).map(|e| ('+', *e)))
        {
            let from = text.floor_char_boundary(at.saturating_sub(40));
            let to = text.ceil_char_boundary((at + 40).min(text.len()));
            println!("{mark} {}|{}", &text[from..at], &text[at..to]);
            shown += 1;
            if shown >= limit {
                return;
            }
        }
    }
}
