//! The article body as markup: paragraphs, with sentences, quotes, technique spans and entity
//! mentions as nested elements.
//!
//! The layers of a record overlap freely (a technique span may cross a sentence end, two
//! techniques may share words, an entity may straddle a technique's edge), but HTML elements
//! must nest. Each layer is first made a list of non-overlapping pieces (overlapping technique
//! spans become segments carrying every technique active there); then the layers are laid
//! out outermost first, and a piece of an inner layer that crosses the edge of an outer piece
//! is cut in two there. Every span is a character offset into the text, checked against its
//! length, so a damaged record cannot break the page.

use parallax_core::{Article, Technique};

use crate::html::Html;
use crate::links;

/// Index of a technique in the SemEval-2023 scheme, which names its colour class `cN`.
pub fn technique_index(t: Technique) -> usize {
    Technique::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// One piece of one layer: `[start, end)` in characters, and what it is.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    start: usize,
    end: usize,
    tag: Tag,
}

#[derive(Debug, Clone, PartialEq)]
enum Tag {
    /// The n-th sentence, with its propaganda probability.
    Sentence { n: usize, propaganda: f64 },
    /// Quoted or reported speech, with its speaker.
    Quote {
        speaker: Option<String>,
        cue: Option<String>,
    },
    /// A stretch covered by the listed technique spans (indices into `article.techniques`),
    /// strongest first.
    Techniques(Vec<usize>),
    /// An entity mention.
    Entity { id: String, kind: &'static str },
}

/// The body of `article` as a sequence of `<p>` elements.
pub fn render(article: &Article) -> Html {
    let chars: Vec<char> = article.text.chars().collect();
    let len = chars.len();
    let clamp = |start: usize, end: usize| -> Option<(usize, usize)> {
        let (s, e) = (start.min(len), end.min(len));
        (s < e).then_some((s, e))
    };

    let sentences: Vec<Piece> = article
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(n, s)| {
            clamp(s.start, s.end).map(|(start, end)| Piece {
                start,
                end,
                tag: Tag::Sentence {
                    n,
                    propaganda: s.propaganda,
                },
            })
        })
        .collect();
    let quotes: Vec<Piece> = article
        .quotes
        .iter()
        .filter_map(|q| {
            clamp(q.start, q.end).map(|(start, end)| Piece {
                start,
                end,
                tag: Tag::Quote {
                    speaker: q.speaker.clone(),
                    cue: q.cue.clone(),
                },
            })
        })
        .collect();
    let entities: Vec<Piece> = article
        .entities
        .iter()
        .filter_map(|m| {
            clamp(m.start, m.end).map(|(start, end)| Piece {
                start,
                end,
                tag: Tag::Entity {
                    id: m.id.clone(),
                    kind: m.entity_type.as_str(),
                },
            })
        })
        .collect();
    let layers = [
        non_overlapping(sentences),
        non_overlapping(quotes),
        technique_segments(article, len),
        non_overlapping(entities),
    ];

    let paragraphs: Vec<(usize, usize)> = if article.paragraphs.is_empty() {
        clamp(0, len).into_iter().collect()
    } else {
        article
            .paragraphs
            .iter()
            .filter_map(|p| clamp(p.start, p.end))
            .collect()
    };
    let mut out = Html::new();
    let mut cursors = [0usize; 4];
    for (start, end) in non_overlapping_ranges(paragraphs) {
        out.raw("<p>");
        lay_out(&mut out, &chars, start, end, &layers, &mut cursors, article);
        out.raw("</p>");
    }
    out
}

/// Writes `chars[from..to]` with the pieces of `layers` (outermost first) as elements.
/// `cursors[k]` is the first piece of layer k that may still overlap: positions only grow.
fn lay_out(
    out: &mut Html,
    chars: &[char],
    from: usize,
    to: usize,
    layers: &[Vec<Piece>],
    cursors: &mut [usize],
    article: &Article,
) {
    let Some((layer, inner)) = layers.split_first() else {
        let text: String = chars[from..to].iter().collect();
        out.text(&text);
        return;
    };
    let (cursor, inner_cursors) = cursors.split_first_mut().expect("one cursor per layer");
    while *cursor < layer.len() && layer[*cursor].end <= from {
        *cursor += 1;
    }
    let mut pos = from;
    let mut i = *cursor;
    while i < layer.len() && layer[i].start < to {
        let piece = &layer[i];
        let (start, end) = (piece.start.max(from), piece.end.min(to));
        if start > pos {
            lay_out(out, chars, pos, start, inner, inner_cursors, article);
        }
        open(out, &piece.tag, article);
        lay_out(out, chars, start, end, inner, inner_cursors, article);
        out.raw(close(&piece.tag));
        pos = end;
        if piece.end > to {
            // Continues in the next outer piece.
            break;
        }
        i += 1;
    }
    *cursor = i;
    if pos < to {
        lay_out(out, chars, pos, to, inner, inner_cursors, article);
    }
}

fn open(out: &mut Html, tag: &Tag, article: &Article) {
    match tag {
        Tag::Sentence { n, propaganda } => {
            out.raw("<span class=\"s");
            if *propaganda >= 0.5 {
                out.raw(" s-hot");
            }
            out.raw("\" data-s=\"")
                .num(*n)
                .raw("\" data-p=\"")
                .fixed(*propaganda, 2)
                .raw("\">");
        }
        Tag::Quote { speaker, cue } => {
            out.raw("<span class=\"quote\" title=\"");
            match speaker {
                Some(s) => out.text(s),
                None => out.raw("unknown speaker"),
            };
            if let Some(cue) = cue {
                out.raw(" — ").text(cue);
            }
            out.raw("\">");
        }
        Tag::Techniques(spans) => {
            let primary = article.techniques[spans[0]].technique;
            out.raw("<mark class=\"t c").num(technique_index(primary));
            if spans.len() > 1 {
                out.raw(" multi");
            }
            if spans.iter().all(|&i| article.techniques[i].reported) {
                out.raw(" reported");
            }
            out.raw("\" data-ts=\"");
            for (k, &i) in spans.iter().enumerate() {
                if k > 0 {
                    out.raw(" ");
                }
                out.num(technique_index(article.techniques[i].technique));
            }
            out.raw("\" title=\"");
            for (k, &i) in spans.iter().enumerate() {
                let span = &article.techniques[i];
                if k > 0 {
                    out.raw("; ");
                }
                out.text(span.technique.name())
                    .raw(" ")
                    .fixed(span.confidence, 2);
                if span.reported {
                    out.raw(" (reported)");
                }
            }
            out.raw("\">");
        }
        Tag::Entity { id, kind } => {
            out.raw("<a class=\"ent ent-")
                .text(kind)
                .raw("\" href=\"")
                .text(&links::entity(id))
                .raw("\" title=\"")
                .text(id)
                .raw("\">");
        }
    }
}

fn close(tag: &Tag) -> &'static str {
    match tag {
        Tag::Sentence { .. } | Tag::Quote { .. } => "</span>",
        Tag::Techniques(_) => "</mark>",
        Tag::Entity { .. } => "</a>",
    }
}

/// Pieces sorted by start, dropping any that overlaps one kept before it (a layer that
/// should not overlap, such as sentences, can in a damaged record).
fn non_overlapping(mut pieces: Vec<Piece>) -> Vec<Piece> {
    pieces.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
    let mut kept: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if kept.last().is_none_or(|last| last.end <= piece.start) {
            kept.push(piece);
        }
    }
    kept
}

fn non_overlapping_ranges(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort();
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        if kept.last().is_none_or(|last| last.1 <= s) {
            kept.push((s, e));
        }
    }
    kept
}

/// Overlapping technique spans as non-overlapping segments, each listing the spans active
/// over it (highest confidence first); adjacent stretches with the same spans are merged.
fn technique_segments(article: &Article, len: usize) -> Vec<Piece> {
    let spans: Vec<(usize, usize, usize)> = article
        .techniques
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (s, e) = (t.start.min(len), t.end.min(len));
            (s < e).then_some((s, e, i))
        })
        .collect();
    let mut bounds: Vec<usize> = spans.iter().flat_map(|&(s, e, _)| [s, e]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut segments: Vec<Piece> = Vec::new();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        let mut active: Vec<usize> = spans
            .iter()
            .filter(|&&(s, e, _)| s <= start && end <= e)
            .map(|&(_, _, i)| i)
            .collect();
        if active.is_empty() {
            continue;
        }
        active.sort_by(|&a, &b| {
            let (x, y) = (&article.techniques[a], &article.techniques[b]);
            y.confidence
                .partial_cmp(&x.confidence)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        match segments.last_mut() {
            Some(last) if last.end == start && last.tag == Tag::Techniques(active.clone()) => {
                last.end = end;
            }
            _ => segments.push(Piece {
                start,
                end,
                tag: Tag::Techniques(active),
            }),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{
        EntityMention, EntityType, InputFormat, InputInfo, Sentence, TechniqueSpan,
    };

    fn article(paragraphs: &[&str]) -> Article {
        Article::from_paragraphs(
            "t".into(),
            InputInfo {
                path: None,
                url: None,
                format: InputFormat::Text,
            },
            paragraphs,
        )
    }

    fn technique(start: usize, end: usize, t: Technique, confidence: f64) -> TechniqueSpan {
        TechniqueSpan {
            start,
            end,
            technique: t,
            confidence,
            reported: false,
        }
    }

    /// The text of the markup with every tag removed and entities decoded.
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// Checks that every element opened is closed in order.
    fn assert_nested(html: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            let end = rest[at..].find('>').expect("tag closes") + at;
            let tag = &rest[at + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {html}");
            } else {
                stack.push(tag.split_whitespace().next().unwrap().to_string());
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
    }

    #[test]
    fn crossing_layers_nest_and_keep_every_character() {
        let mut a = article(&[
            "Évian traitors lie. They always lie!",
            "Second <b>para</b>.",
        ]);
        a.sentences = vec![
            Sentence {
                start: 0,
                end: 19,
                propaganda: 0.9,
            },
            Sentence {
                start: 20,
                end: 36,
                propaganda: 0.1,
            },
            Sentence {
                start: 38,
                end: 57,
                propaganda: 0.0,
            },
        ];
        // Crosses the sentence end, and overlaps a second technique.
        a.techniques = vec![
            technique(6, 24, Technique::NameCallingLabeling, 0.8),
            technique(15, 30, Technique::LoadedLanguage, 0.6),
        ];
        a.entities = vec![EntityMention {
            start: 0,
            end: 5,
            text: "Évian".into(),
            entity_type: EntityType::Location,
            id: "loc:evian".into(),
        }];
        let html = render(&a).into_string();
        assert_nested(&html);
        assert_eq!(
            visible(&html),
            "Évian traitors lie. They always lie!Second <b>para</b>."
        );
        assert!(html.contains("&lt;b&gt;para&lt;/b&gt;"));
        assert!(html.contains("<a class=\"ent ent-LOC\" href=\"/entities/loc%3Aevian\""));
        // The overlap is one segment with both techniques, the stronger first.
        let both = format!(
            "data-ts=\"{} {}\"",
            technique_index(Technique::NameCallingLabeling),
            technique_index(Technique::LoadedLanguage)
        );
        assert!(html.contains(&both), "{html}");
        assert!(html.contains("s-hot"));
    }

    #[test]
    fn damaged_spans_are_clamped_or_dropped() {
        let mut a = article(&["Short text."]);
        a.techniques = vec![
            technique(5, 500, Technique::Doubt, 0.5),
            technique(9, 3, Technique::Doubt, 0.5),
        ];
        a.sentences = vec![
            Sentence {
                start: 0,
                end: 11,
                propaganda: 0.2,
            },
            Sentence {
                start: 4,
                end: 8,
                propaganda: 0.2,
            },
        ];
        let html = render(&a).into_string();
        assert_nested(&html);
        assert_eq!(visible(&html), "Short text.");
    }

    #[test]
    fn segments_merge_only_equal_neighbours() {
        let mut a = article(&["abcdefghij"]);
        a.techniques = vec![
            technique(0, 4, Technique::Doubt, 0.5),
            technique(2, 6, Technique::Slogans, 0.7),
        ];
        let segments = technique_segments(&a, 10);
        let shape: Vec<(usize, usize, Vec<usize>)> = segments
            .into_iter()
            .map(|p| match p.tag {
                Tag::Techniques(v) => (p.start, p.end, v),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            shape,
            vec![(0, 2, vec![0]), (2, 4, vec![1, 0]), (4, 6, vec![1])]
        );
    }
}
