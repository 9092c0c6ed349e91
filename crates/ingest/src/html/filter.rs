//! The last word on each block: furniture that survived pruning (link lists, share prompts,
//! copyright lines, bylines, datelines, the title repeated) is dropped here.

use super::blocks::Block;
use super::date;
use super::meta::Metadata;
use super::tag::Tag;

/// The paragraphs of the article from its rendered blocks.
pub fn paragraphs(blocks: Vec<Block>, meta: &Metadata) -> Vec<String> {
    judge(blocks, meta)
        .into_iter()
        .filter(|(_, verdict)| verdict.is_none())
        .map(|(b, _)| b.text)
        .collect()
}

/// Why a block is not article text: `None` keeps it.
pub type Verdict = Option<&'static str>;

/// Every block with the reason it is dropped, if it is.
pub fn judge(blocks: Vec<Block>, meta: &Metadata) -> Vec<(Block, Verdict)> {
    let title = meta.title.as_deref().map(comparable);
    let h1 = meta.h1.as_deref().map(comparable);
    let total: u32 = blocks.iter().map(|b| b.chars).sum();
    let mut seen = 0;
    let mut ended = false;
    let mut judged: Vec<(Block, Verdict)> = Vec::with_capacity(blocks.len());
    for block in blocks {
        // Past the middle of the text, a heading such as "Related articles" or "About the
        // author" starts the page's own furniture: nothing after it is the article.
        ended |= seen * 2 >= total && is_end_marker(&block);
        seen += block.chars;
        let text = comparable(&block.text);
        let is_title = [&title, &h1].iter().any(|t| {
            t.as_deref().is_some_and(|t| {
                !t.is_empty()
                    && (t == text
                        || (block.tag.is_heading()
                            && t.contains(&text)
                            && text.chars().count() * 2 > t.chars().count()))
            })
        });
        let verdict = if ended {
            Some("after an end marker")
        } else if is_link_list_item(&block) {
            Some("links")
        } else if is_title {
            Some("title")
        } else if is_byline(&block, meta) {
            Some("byline")
        } else if is_dateline(&block) {
            Some("dateline")
        } else if is_furniture_text(&block) {
            Some("furniture wording")
        } else {
            None
        };
        judged.push((block, verdict));
    }
    // Headings and labels with nothing after them introduce furniture that was removed.
    for _ in 0..3 {
        let Some(last) = judged.iter_mut().rev().find(|(_, v)| v.is_none()) else {
            break;
        };
        if !is_label(&last.0) {
            break;
        }
        last.1 = Some("trailing label");
    }
    judged
}

/// Headings after which pages put related links, author biographies and comments.
fn is_end_marker(block: &Block) -> bool {
    if block.chars > 60 {
        return false;
    }
    let lower = block.text.to_lowercase();
    let lower = lower.trim_end_matches([':', '.', '!', ' ']);
    const MARKERS: &[&str] = &[
        "related",
        "related articles",
        "related posts",
        "related stories",
        "related content",
        "more from",
        "more stories",
        "more on this",
        "read more",
        "read next",
        "read also",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "about the author",
        "about the authors",
        "über den autor",
        "über die autorin",
        "zum autor",
        "zur autorin",
        "der autor",
        "die autorin",
        "das könnte sie auch interessieren",
        "das könnte dich auch interessieren",
        "lesen sie auch",
        "lies auch",
        "mehr zum thema",
        "weitere artikel",
        "weitere beiträge",
        "verwandte beiträge",
        "verwandte artikel",
        "ähnliche beiträge",
        "ähnliche artikel",
        "auch interessant",
        "empfehlungen",
        "comments",
        "kommentare",
        "leave a reply",
        "leave a comment",
        "schreibe einen kommentar",
        "kommentar verfassen",
        "notas relacionadas",
        "noticias relacionadas",
        "te puede interesar",
        "le puede interesar",
        "lee también",
        "más noticias",
        "à lire aussi",
        "lire aussi",
        "sur le même sujet",
        "articles similaires",
        "leggi anche",
        "potrebbe interessarti",
        "czytaj także",
        "zobacz także",
    ];
    MARKERS.contains(&lower)
}

/// Lower-case text without punctuation at the ends, for comparing titles.
fn comparable(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn is_link_list_item(block: &Block) -> bool {
    let density = block.link_density();
    let list_like = matches!(block.tag, Tag::Li | Tag::Td | Tag::Th | Tag::Dd | Tag::Dt);
    density > 0.8 || (list_like && density > 0.5)
}

/// A heading or a short line without sentence punctuation ("Related", "Tags:").
fn is_label(block: &Block) -> bool {
    block.tag.is_heading()
        || (block.chars < 40
            && !block
                .text
                .ends_with(['.', '!', '?', '…', ')', '"', '”', '»']))
}

/// "By Jane Doe", "Von Karl Weber | 3. Mai 2021": short lines that name the authors.
fn is_byline(block: &Block, meta: &Metadata) -> bool {
    if block.chars > 100 {
        return false;
    }
    let lower = block.text.to_lowercase();
    let starts_like_byline = [
        "by ",
        "von ",
        "par ",
        "por ",
        "di ",
        "door ",
        "text: ",
        "text von",
        "autor: ",
        "author: ",
        "written by",
        "posted by",
        "geschrieben von",
        "publié par",
        "escrito por",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    starts_like_byline
        || (!meta.authors.is_empty()
            && block.chars < 60
            && meta.authors.iter().any(|a| block.text.contains(a.as_str())))
}

/// A line that is mostly a date or time: "May 4, 2022", "3:59 PM", "19.01.2017 | 14:00 Uhr".
fn is_dateline(block: &Block) -> bool {
    if block.chars > 250 {
        return false;
    }
    if block.chars > 80 {
        // "This entry was posted on May 4, 2022 and filed under ...".
        let lower = block.text.to_lowercase();
        const PUBLISHING: &[&str] = &[
            "posted",
            "published",
            "updated",
            "filed under",
            "veröffentlicht",
            "aktualisiert",
            "erstellt am",
            "abgelegt unter",
            "geschrieben am",
            "publié",
            "mis à jour",
            "publicado",
            "actualizado",
            "pubblicato",
            "opublikowano",
        ];
        return PUBLISHING.iter().any(|p| lower.contains(p))
            && date::normalise(&block.text).is_some();
    }
    let words = block.text.split_whitespace().count();
    if words <= 8 && date::normalise(&block.text).is_some() {
        // Only a date and its usual company ("Published: 3 May 2021, 14:00 Uhr | News"), not
        // a sentence that mentions one ("Deadline: 03.11.2019 (postmark)").
        return words_besides_date(&block.text) <= 1;
    }
    words <= 3 && has_clock_time(&block.text)
}

/// Words of a dateline that are neither part of the date nor the words that go with dates.
fn words_besides_date(text: &str) -> usize {
    const WITH_DATES: &[&str] = &[
        "published",
        "updated",
        "posted",
        "on",
        "at",
        "am",
        "pm",
        "by",
        "von",
        "um",
        "uhr",
        "stand",
        "veröffentlicht",
        "aktualisiert",
        "zuletzt",
        "erstellt",
        "datum",
        "date",
        "le",
        "el",
        "de",
        "del",
        "à",
        "a",
        "las",
        "los",
        "publié",
        "publicado",
        "actualizado",
        "mis",
        "jour",
        "modifié",
        "pubblicato",
        "il",
        "alle",
        "ore",
        "gmt",
        "utc",
        "cet",
        "cest",
        "est",
        "edt",
        "pst",
        "min",
        "read",
        "lesezeit",
        "last",
        "modified",
        "letzte",
        "änderung",
        "geändert",
        "comment",
        "comments",
        "kommentar",
        "kommentare",
        "leave",
        "schreibe",
        "einen",
        "verfasst",
        "written",
        "geschrieben",
        "autor",
        "author",
        "par",
        "por",
    ];
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | '·' | '–' | '—' | '-' | ':' | '(' | ')' | '/')
    })
    .filter(|w| !w.is_empty())
    .filter(|w| {
        let lower = w.trim_end_matches('.').to_lowercase();
        !w.chars().any(|c| c.is_ascii_digit())
            && !date::is_month_name(&lower)
            && !WITH_DATES.contains(&lower.as_str())
            && !date::is_weekday_name(&lower)
    })
    .count()
}

fn has_clock_time(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// Short blocks whose wording is page furniture in the languages of most news sites.
fn is_furniture_text(block: &Block) -> bool {
    if block.chars > 160 {
        return false;
    }
    let lower = block.text.to_lowercase();
    /// Openings of furniture lines, checked on blocks of up to 160 characters.
    const STARTS: &[&str] = &[
        "follow us",
        "folgen sie",
        "suivez-nous",
        "síguenos",
        "sign up",
        "read more",
        "read also",
        "read next",
        "see also",
        "more from",
        "you may also like",
        "you might also like",
        "lesen sie auch",
        "lies auch",
        "mehr zum thema",
        "weitere artikel",
        "weitere beiträge",
        "das könnte sie auch",
        "auch interessant",
        "zum weiterlesen",
        "weiterführende",
        "mehr aus",
        "mehr kolumnen",
        "lee también",
        "leer más",
        "notas relacionadas",
        "noticias relacionadas",
        "más noticias",
        "à lire aussi",
        "lire aussi",
        "voir aussi",
        "leggi anche",
        "czytaj także",
        "czytaj też",
        "zobacz też",
        "©",
        "all rights reserved",
        "alle rechte vorbehalten",
        "tags:",
        "tags ",
        "schlagwörter",
        "schlagworte",
        "stichwörter",
        "markiert mit",
        "filed under",
        "posted in",
        "veröffentlicht in",
        "dieser eintrag wurde",
        "photo:",
        "foto:",
        "bild:",
        "fotos:",
        "quelle:",
        "source:",
        "image:",
        "credit:",
        "bildquelle",
        "beitragsbild",
        "kommentar verfassen",
        "kommentar schreiben",
        "leave a reply",
        "leave a comment",
        "write a comment",
        "no comments",
        "bisher keine kommentare",
        "keine kommentare",
        "deja un comentario",
        "laisser un commentaire",
        "back to",
        "next article",
        "previous article",
        "nächster artikel",
        "vorheriger artikel",
        "aufrufe:",
        "views:",
        "rate this",
        "teile diesen",
        "bild anzeigen",
    ];
    /// First words of furniture labels and buttons, checked only on short blocks ("Share",
    /// "Facebook Twitter E-Mail", "Kommentare (3)"): longer text opening with them is prose.
    const SHORT_STARTS: &[&str] = &[
        "abonnez",
        "abonnieren",
        "advertisement",
        "anzeige",
        "bewerten",
        "categories",
        "comentarios",
        "commentaires",
        "comments",
        "compartir",
        "condividi",
        "copyright",
        "drucken",
        "e-mail",
        "email",
        "facebook",
        "imprimir",
        "instagram",
        "kategorien",
        "kommentare",
        "newsletter",
        "partager",
        "print",
        "publicidad",
        "publicité",
        "recommended",
        "related",
        "share",
        "subscribe",
        "suscríbete",
        "teilen",
        "telegram",
        "tweet",
        "twitter",
        "weiterlesen",
        "werbung",
        "whatsapp",
        "zoom",
        "zurück",
    ];
    const CONTAINS: &[&str] = &[
        "all rights reserved",
        "alle rechte vorbehalten",
        "todos los derechos reservados",
        "tous droits réservés",
        "tutti i diritti riservati",
        "newsletter",
        "subscribe to",
        "sign up for",
        "sign up to",
        "follow us on",
        "follow the",
        "download the",
        "app for ios",
        "canal de telegram",
        "canal de youtube",
        "on facebook",
        "on twitter",
        "bei facebook",
        "auf facebook",
        "unterstütze",
        "support our",
        "cookies",
        "javascript",
        "creative commons",
        "kommentare zu schreiben",
        "to comment",
        "um zu kommentieren",
        "für den inhalt",
        "bloggern gefällt das",
        "bloggers like this",
        "registrieren sie sich",
        "loggen sie sich",
        "log in",
        "sie sind nicht",
        "copyright",
        "©",
        // Image credits and captions.
        "(foto",
        "(photo",
        "(bild",
        "foto:",
        "photo:",
        "bild:",
        "fotos:",
        "quelle: foto",
        "(quelle",
        "(archiv)",
        "(archive)",
        "getty images",
        "shutterstock",
        "einloggen",
    ];
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    STARTS.iter().any(|p| opening.starts_with(p))
        || (block.chars <= 40 && SHORT_STARTS.iter().any(|p| opening.starts_with(p)))
        || (block.chars <= 120 && CONTAINS.iter().any(|p| lower.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str, tag: Tag, link_chars: u32) -> Block {
        Block::new(text.to_string(), tag, link_chars)
    }

    #[test]
    fn drops_title_byline_date_and_prompts_keeps_prose() {
        let meta = Metadata {
            title: Some("Storm hits the coast".into()),
            authors: vec!["Jane Doe".into()],
            ..Metadata::default()
        };
        let blocks = vec![
            block("Storm hits the coast", Tag::H1, 0),
            block("By Jane Doe", Tag::P, 0),
            block("May 4, 2022", Tag::Div, 0),
            block(
                "The storm reached the coast on Monday, flooding roads.",
                Tag::P,
                0,
            ),
            block("Share this article", Tag::Div, 0),
            block("Officials said repairs would take weeks.", Tag::P, 0),
            block("Home", Tag::Li, 4),
            block("Related stories", Tag::H3, 0),
        ];
        assert_eq!(
            paragraphs(blocks, &meta),
            [
                "The storm reached the coast on Monday, flooding roads.",
                "Officials said repairs would take weeks."
            ]
        );
    }
}
