//! The readable per-article summary of `--format text`.

use std::io::{self, Write};

use parallax_core::Article;

/// Writes a short summary of one record for a person at a terminal.
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
    let opening: String = article.text.chars().take(160).collect();
    let ellipsis = if article.text.chars().count() > 160 {
        "…"
    } else {
        ""
    };
    writeln!(out, "  {}{ellipsis}", opening.replace('\n', " "))?;
    writeln!(out)
}
