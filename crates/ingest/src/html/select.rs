//! Choosing the element that holds the article: every rendered block of text gets a weight
//! (prose counts for it; link lists, teaser lists and fragments count against it) and the
//! element whose blocks add up to the most wins. An article spread over several sibling
//! sections is chosen whole, because each section adds to their common parent, while a
//! sidebar or a list of teasers next to it subtracts.

use super::analysis::{Analysis, Page};
use super::classify::Role;
use super::dom::{Document, Kind, NodeId, NONE};
use super::normalize::commas;
use super::tag::Tag;

/// A marked article body (`itemprop="articleBody"`, `class="entry-content"`) gets this much
/// more weight than an unmarked element with the same text.
const MARKED_BODY_BONUS: f32 = 1.1;

/// The element that holds the article, if any element holds more prose than furniture.
pub fn select(page: &Page, analysis: &Analysis) -> Option<NodeId> {
    let doc = page.doc;
    let n = doc.len();
    // Text belongs to its nearest block ancestor: that block is one paragraph.
    let mut own_chars = vec![0u32; n];
    let mut own_links = vec![0u32; n];
    let mut own_commas = vec![0u32; n];
    let mut owner = vec![NONE; n];
    for id in 1..n as NodeId {
        let i = id as usize;
        if analysis.removed[i] {
            continue;
        }
        let node = doc.node(id);
        let parent_owner = owner[node.parent as usize];
        match node.kind {
            Kind::Element => {
                owner[i] = if node.tag.is_block() {
                    id
                } else {
                    parent_owner
                }
            }
            Kind::Text => {
                if parent_owner != NONE && page.text_chars[i] > 0 {
                    let o = parent_owner as usize;
                    own_chars[o] += page.text_chars[i];
                    if page.in_link[i] {
                        own_links[o] += page.text_chars[i];
                    }
                    own_commas[o] += commas(doc.text_of(id));
                }
            }
            Kind::Document => {}
        }
    }
    let listing = listing_items(doc, analysis);
    let mut sum = vec![0f32; n];
    for i in 1..n {
        if own_chars[i] > 0 {
            sum[i] = if listing[i] {
                -0.5 * own_chars[i] as f32
            } else {
                block_weight(own_chars[i], own_links[i], own_commas[i])
            };
        }
    }
    for id in (1..n as NodeId).rev() {
        if !analysis.removed[id as usize] {
            let parent = doc.node(id).parent as usize;
            sum[parent] += sum[id as usize];
        }
    }
    // Parents come before children, so on a tie the innermost element wins: a wrapper that
    // adds nothing is not preferred over what it wraps.
    let mut best = NONE;
    let mut best_sum = 0.0;
    for id in 1..n as NodeId {
        let i = id as usize;
        if analysis.removed[i] || doc.node(id).kind != Kind::Element {
            continue;
        }
        let mut s = sum[i];
        if page.role[i] == Role::ArticleBody && s > 0.0 {
            s *= MARKED_BODY_BONUS;
        }
        if s >= best_sum && s > 0.0 {
            best_sum = s;
            best = id;
        }
    }
    (best != NONE).then_some(best)
}

/// What one block adds to the elements that contain it.
fn block_weight(chars: u32, links: u32, commas: u32) -> f32 {
    if links * 2 > chars {
        // Mostly link text: navigation, link lists.
        return -0.5 * chars as f32;
    }
    if chars < 20 {
        // Labels, dates, buttons: neither for nor against.
        return 0.0;
    }
    let prose = (chars - links) as f32;
    // Commas mark running sentences; capped so that lists of numbers do not count as prose.
    prose + 10.0 * commas.min((chars - links) / 20) as f32
}

/// Nodes inside the items of a listing: three or more sibling elements built alike (same tag,
/// same classes up to digits), most of them short texts with a link, and with different link
/// texts. Teaser lists of other articles look like that; the paragraphs of an article, forum
/// posts signed with the same name and exercises with a "solution" link do not.
pub fn listing_items(doc: &Document, analysis: &Analysis) -> Vec<bool> {
    let n = doc.len();
    let mut listing = vec![false; n];
    // (signature, child) of one parent's candidate items, sorted to bring alike items together.
    let mut items: Vec<(u64, NodeId)> = Vec::new();
    for parent in 0..n as NodeId {
        let node = doc.node(parent);
        if node.kind == Kind::Text || analysis.removed[parent as usize] || node.end - parent < 4 {
            continue;
        }
        items.clear();
        for child in doc.children(parent) {
            let c = doc.node(child);
            if c.kind == Kind::Element
                && !analysis.removed[child as usize]
                && is_item_container(c.tag)
            {
                items.push((signature(doc, child), child));
            }
        }
        if items.len() < 3 {
            continue;
        }
        items.sort_unstable();
        for group in items.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 3 {
                continue;
            }
            let teasers: Vec<NodeId> = group
                .iter()
                .map(|&(_, m)| m)
                .filter(|&m| is_teaser(analysis, m))
                .collect();
            if teasers.len() >= 3
                && teasers.len() * 10 >= group.len() * 6
                && links_differ(doc, &teasers)
            {
                for m in teasers {
                    let end = doc.node(m).end as usize;
                    listing[m as usize..end].iter_mut().for_each(|l| *l = true);
                }
            }
        }
    }
    listing
}

fn is_item_container(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Li | Tag::Div | Tag::Article | Tag::Section | Tag::Tr | Tag::Dd | Tag::Other
    )
}

/// A short text with a link of some length in it, such as a headline linking elsewhere.
fn is_teaser(analysis: &Analysis, id: NodeId) -> bool {
    let chars = analysis.chars[id as usize];
    let links = analysis.link_chars[id as usize];
    chars > 0 && links >= 20 && links * 10 >= chars && analysis.prose_chars(id) < 400
}

/// Most items link under different texts (at least three in four distinct).
fn links_differ(doc: &Document, items: &[NodeId]) -> bool {
    let mut texts: Vec<String> = items
        .iter()
        .filter_map(|&item| {
            (item..doc.node(item).end)
                .find(|&id| doc.is_element(id, Tag::A))
                .map(|a| {
                    doc.subtree_text(a)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
        })
        .collect();
    let total = texts.len();
    texts.sort();
    texts.dedup();
    texts.len() * 4 >= total * 3
}

/// Tag and class names with digits ignored ("views-row-6" and "views-row-7" are alike).
fn signature(doc: &Document, id: NodeId) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325 ^ doc.node(id).tag as u64;
    for b in doc
        .attr(id, "class")
        .unwrap_or("")
        .bytes()
        .filter(|b| !b.is_ascii_digit())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01B3);
    }
    hash
}

/// A development view: the heaviest elements and the pruned elements with the most text.
#[cfg(test)]
pub fn describe(page: &Page, analysis: &Analysis) -> String {
    let doc = page.doc;
    let label = |id: NodeId| {
        format!(
            "#{id} <{} class={:?} id={:?}> role={:?} chars={} links={}",
            doc.node(id).tag.name(),
            doc.attr(id, "class").unwrap_or(""),
            doc.attr(id, "id").unwrap_or(""),
            page.role[id as usize],
            analysis.chars[id as usize],
            analysis.link_chars[id as usize]
        )
    };
    let mut out = String::new();
    if let Some(root) = select(page, analysis) {
        out.push_str(&format!("root {}\n", label(root)));
        for a in doc.ancestors(root).take_while(|&a| a != 0) {
            out.push_str(&format!("   in {}\n", label(a)));
        }
    }
    let mut pruned: Vec<(usize, NodeId)> = (1..doc.len() as NodeId)
        .filter(|&id| {
            let node = doc.node(id);
            node.kind == Kind::Element
                && analysis.removed[id as usize]
                && !analysis.removed[node.parent as usize]
        })
        .map(|id| {
            (
                doc.subtree_text(id)
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .sum(),
                id,
            )
        })
        .collect();
    pruned.sort_by_key(|p| std::cmp::Reverse(p.0));
    for (text, id) in pruned.iter().take(8) {
        out.push_str(&format!("pruned {text} chars: {}\n", label(*id)));
    }
    out
}
