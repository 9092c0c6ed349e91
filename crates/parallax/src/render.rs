//! The readable per-article summary of `--format text`.

use std::collections::HashMap;
use std::io::{self, Write};

use parallax_core::{score_word, Article};

/// How many explanation lines, entities, quotes and claims the summary shows.
const SHOWN: usize = 3;
const SHOWN_ENTITIES: usize = 6;
/// Characters of quoted text before an ellipsis.
const EXCERPT: usize = 90;

/// Writes a short summary of one record for a person at a terminal: where it came from, its
/// metadata, the opening, and the strongest of each layer (score and reasons, entities,
/// quotes, check-worthy claims). The full record is `--format json`.
pub fn summary(out: &mut impl Write, article: &Article) -> io::Result<()> {
    let source = article
        .input
        .path
        .as_deref()
        .or(article.input.url.as_deref())
        .unwrap_or("<stdin>");
    writeln!(
        out,
        "── {source} [{}] id {}",
        article.input.format, article.id
    )?;
    writeln!(out, "{}", article.title.as_deref().unwrap_or("(no title)"))?;
    let mut facts = Vec::new();
    if let Some(outlet) = &article.outlet {
        facts.push(outlet.clone());
    }
    if !article.authors.is_empty() {
        facts.push(article.authors.join(", "));
    }
    if let Some(published) = &article.published {
        facts.push(published.clone());
    }
    if let Some(language) = &article.language {
        facts.push(language.clone());
    }
    facts.push(format!(
        "{} words in {} paragraphs",
        article.word_count(),
        article.paragraphs.len()
    ));
    writeln!(out, "{}", facts.join(" · "))?;
    writeln!(out, "  {}", excerpt(&article.text, 160))?;
    if article.text.is_empty() {
        return writeln!(out);
    }
    let chars: Vec<char> = article.text.chars().collect();
    let slice = |start: usize, end: usize| -> String {
        chars[start.min(chars.len())..end.min(chars.len())]
            .iter()
            .collect()
    };

    let score = article.scores.propaganda;
    let mut reasons = article.explanation.iter().take(SHOWN);
    match reasons.next() {
        Some(first) if !article.sentences.is_empty() => {
            writeln!(
                out,
                "  persuasion {score:.2} ({}): {first}",
                score_word(score)
            )?;
            for reason in reasons {
                writeln!(out, "{:>13}{reason}", "")?;
            }
        }
        _ => writeln!(out, "  persuasion {score:.2} ({})", score_word(score))?,
    }

    // Entities by how often the article names them, each under its most frequent form.
    let mut by_id: HashMap<&str, (usize, usize, HashMap<&str, usize>)> = HashMap::new();
    for (order, e) in article.entities.iter().enumerate() {
        let entry = by_id
            .entry(e.id.as_str())
            .or_insert_with(|| (0, order, HashMap::new()));
        entry.0 += 1;
        *entry.2.entry(e.text.as_str()).or_default() += 1;
    }
    let mut entities: Vec<(&str, usize, usize, &str)> = by_id
        .iter()
        .map(|(id, (count, first, forms))| {
            let form = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(*id, |(f, _)| *f);
            (*id, *count, *first, form)
        })
        .collect();
    entities.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    if !entities.is_empty() {
        let shown: Vec<String> = entities
            .iter()
            .take(SHOWN_ENTITIES)
            .map(|(id, count, _, form)| format!("{form} ({id}) ×{count}"))
            .collect();
        let more = entities.len().saturating_sub(SHOWN_ENTITIES);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        writeln!(out, "  entities   {}{tail}", shown.join(", "))?;
    }

    if !article.quotes.is_empty() {
        writeln!(out, "  quotes     {}", article.quotes.len())?;
        for q in article.quotes.iter().take(SHOWN) {
            let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
            let anonymous = if q.anonymous { ", unnamed source" } else { "" };
            writeln!(
                out,
                "{:>13}{speaker}{anonymous}: “{}”",
                "",
                excerpt(&slice(q.start, q.end), EXCERPT)
            )?;
        }
    }

    if !article.claims.is_empty() {
        let mut claims: Vec<_> = article.claims.iter().collect();
        claims.sort_by(|a, b| b.checkworthy.total_cmp(&a.checkworthy));
        writeln!(out, "  claims     {} check-worthy", claims.len())?;
        for c in claims.iter().take(SHOWN) {
            let by = c
                .attributed_to
                .as_deref()
                .map_or_else(|| "the article".to_string(), str::to_string);
            writeln!(
                out,
                "{:>13}{:.2} ({by}) {}",
                "",
                c.checkworthy,
                excerpt(&slice(c.start, c.end), EXCERPT)
            )?;
        }
    }
    writeln!(out)
}

/// The first `limit` characters of `text` on one line, with an ellipsis when cut.
fn excerpt(text: &str, limit: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > limit {
        let cut: String = flat.chars().take(limit).collect();
        format!("{}…", cut.trim_end())
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_flattens_and_cuts_on_characters() {
        assert_eq!(excerpt("a\n\nb  c", 10), "a b c");
        assert_eq!(excerpt("ééééé", 3), "ééé…");
    }
}
