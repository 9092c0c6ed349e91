//! Finding the article in the page: pruning page furniture and choosing the subtree that holds
//! the body text.
//!
//! Every pass is a loop over node ids: forward passes see parents before children, reverse passes
//! see children before parents, so no pass recurses.

use super::classify::{self, Role};
use super::dom::{Document, Kind, NodeId, NONE};
use super::normalize::{commas, visible_chars};
use super::tag::Tag;

/// Per-node facts about the page, indexed by node id.
pub struct Analysis {
    pub role: Vec<Role>,
    /// The node is inside a subtree that is not article text (dropped or pruned furniture).
    pub removed: Vec<bool>,
    /// Visible characters in the subtree, removed parts excluded.
    pub chars: Vec<u32>,
    /// Of those, characters inside links.
    pub link_chars: Vec<u32>,
    /// The node is inside a link.
    pub in_link: Vec<bool>,
    /// The `<body>` element (or the document node when there is none).
    pub body: NodeId,
}

impl Analysis {
    pub fn link_density(&self, id: NodeId) -> f32 {
        let chars = self.chars[id as usize];
        if chars == 0 {
            0.0
        } else {
            self.link_chars[id as usize] as f32 / chars as f32
        }
    }

    /// Characters outside links.
    pub fn prose_chars(&self, id: NodeId) -> u32 {
        self.chars[id as usize] - self.link_chars[id as usize]
    }
}

/// How much to remove before looking for the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruning {
    /// Elements that are never text, plus everything named like furniture or comments.
    Full,
    /// Only elements that are never text: the fallback when full pruning leaves nothing.
    Light,
}

/// Classifies elements, prunes furniture and counts text.
pub fn analyse(doc: &Document, pruning: Pruning) -> Analysis {
    let n = doc.len();
    let mut role = vec![Role::Neutral; n];
    let mut removed = vec![false; n];
    let mut in_link = vec![false; n];
    let mut body = 0;
    for id in 1..n as NodeId {
        let node = doc.node(id);
        let parent = node.parent as usize;
        removed[id as usize] = removed[parent];
        in_link[id as usize] = in_link[parent];
        if node.kind == Kind::Element {
            if node.tag == Tag::Body && body == 0 {
                body = id;
            }
            in_link[id as usize] |= node.tag == Tag::A;
            if removed[parent] {
                continue;
            }
            let r = classify::role(doc, id, node.tag);
            role[id as usize] = r;
            removed[id as usize] = r == Role::Drop;
        }
    }
    let mut analysis = Analysis {
        role,
        removed,
        chars: vec![0; n],
        link_chars: vec![0; n],
        in_link,
        body,
    };
    count_chars(doc, &mut analysis);
    if pruning == Pruning::Full {
        prune(doc, &mut analysis, Role::Comments);
        count_chars(doc, &mut analysis);
        prune(doc, &mut analysis, Role::Boilerplate);
        count_chars(doc, &mut analysis);
    }
    analysis
}

fn count_chars(doc: &Document, analysis: &mut Analysis) {
    analysis.chars.iter_mut().for_each(|c| *c = 0);
    analysis.link_chars.iter_mut().for_each(|c| *c = 0);
    for id in (1..doc.len() as NodeId).rev() {
        let i = id as usize;
        if analysis.removed[i] {
            continue;
        }
        let node = doc.node(id);
        if node.kind == Kind::Text && !matches!(doc.node(node.parent).tag, Tag::Script | Tag::Title)
        {
            let chars = visible_chars(doc.text_of(id));
            analysis.chars[i] = chars;
            if analysis.in_link[i] {
                analysis.link_chars[i] = chars;
            }
        }
        let parent = node.parent as usize;
        analysis.chars[parent] += analysis.chars[i];
        analysis.link_chars[parent] += analysis.link_chars[i];
    }
}

/// Removes the elements with role `target` (comments first, then furniture), unless removing
/// them would take the article with them.
fn prune(doc: &Document, analysis: &mut Analysis, target: Role) {
    let n = doc.len();
    // Elements that contain an explicitly marked article body.
    let mut holds_body = vec![false; n];
    for id in (1..n as NodeId).rev() {
        let i = id as usize;
        if analysis.role[i] == Role::ArticleBody && analysis.prose_chars(id) >= 200 {
            holds_body[i] = true;
        }
        if holds_body[i] {
            holds_body[doc.node(id).parent as usize] = true;
        }
    }
    let total_prose = analysis.prose_chars(analysis.body).max(1);
    let mut id: NodeId = 1;
    while (id as usize) < n {
        let i = id as usize;
        let node = doc.node(id);
        if node.kind != Kind::Element || analysis.removed[i] {
            id += 1;
            continue;
        }
        let role = analysis.role[i];
        let prune = if role == target {
            !holds_body[i]
                && (target == Role::Comments
                    || (analysis.prose_chars(id) as f32) < 0.5 * total_prose as f32)
        } else {
            target == Role::Boilerplate
                && matches!(node.tag, Tag::Header | Tag::Time)
                && is_small_furniture(analysis, id, total_prose)
        };
        if prune {
            for r in &mut analysis.removed[i..node.end as usize] {
                *r = true;
            }
            id = node.end;
        } else {
            id += 1;
        }
    }
}

/// Headers and dates hold titles and bylines, not body text, unless a page misuses them as
/// wrappers for everything.
fn is_small_furniture(analysis: &Analysis, id: NodeId, total_prose: u32) -> bool {
    (analysis.prose_chars(id) as f32) < 0.25 * total_prose as f32
}

/// The part of the page that holds the article: a root element and, when the body text
/// continues in siblings of that root, the siblings to include, in order.
#[derive(Debug)]
pub struct Selection {
    pub roots: Vec<NodeId>,
}

/// Chooses the subtree with the article text: the element whose blocks add up to the highest
/// weight, where prose counts for and link lists and fragments count against.
pub fn select(doc: &Document, analysis: &Analysis) -> Option<Selection> {
    if std::env::var_os("PX_READABILITY").is_some() {
        return select_readability(doc, analysis);
    }
    let n = doc.len();
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
                if parent_owner != NONE
                    && !matches!(doc.node(node.parent).tag, Tag::Script | Tag::Title)
                {
                    let o = parent_owner as usize;
                    let text = doc.text_of(id);
                    let chars = visible_chars(text);
                    own_chars[o] += chars;
                    if analysis.in_link[i] {
                        own_links[o] += chars;
                    }
                    own_commas[o] += commas(text);
                }
            }
            Kind::Document => {}
        }
    }
    let mut sum = vec![0f32; n];
    for id in 1..n as NodeId {
        let i = id as usize;
        if own_chars[i] > 0 {
            sum[i] = block_weight(own_chars[i], own_links[i], own_commas[i]);
        }
    }
    for id in (1..n as NodeId).rev() {
        let i = id as usize;
        if analysis.removed[i] {
            continue;
        }
        let parent = doc.node(id).parent;
        if parent != NONE {
            sum[parent as usize] += sum[i];
        }
    }
    let mut best = NONE;
    let mut best_sum = 0.0;
    for id in 1..n as NodeId {
        let i = id as usize;
        if analysis.removed[i] || doc.node(id).kind != Kind::Element {
            continue;
        }
        let mut s = sum[i];
        if analysis.role[i] == Role::ArticleBody {
            s *= 1.1;
        }
        if s >= best_sum && s > 0.0 {
            best_sum = s;
            best = id;
        }
    }
    if best == NONE {
        return None;
    }
    Some(Selection { roots: vec![best] })
}

/// What one block adds to the subtrees that contain it.
fn block_weight(chars: u32, links: u32, commas: u32) -> f32 {
    let prose = chars.saturating_sub(links) as f32;
    if links * 2 > chars {
        return -(chars as f32) * 0.5;
    }
    if chars < 20 {
        return -5.0;
    }
    prose + 10.0 * commas.min(prose as u32 / 20) as f32
}

/// Readability-style choice.
pub fn select_readability(doc: &Document, analysis: &Analysis) -> Option<Selection> {
    let n = doc.len();
    let mut score = vec![0f32; n];
    let mut own_chars = vec![0u32; n];
    let mut own_commas = vec![0u32; n];
    // Each text node belongs to its nearest block ancestor: that block is one paragraph.
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
                if parent_owner != NONE {
                    let text = doc.text_of(id);
                    own_chars[parent_owner as usize] += visible_chars(text);
                    own_commas[parent_owner as usize] += commas(text);
                }
            }
            Kind::Document => {}
        }
    }
    let mut is_candidate = vec![false; n];
    for id in 1..n as NodeId {
        let i = id as usize;
        if analysis.removed[i] || own_chars[i] < 25 {
            continue;
        }
        let tag = doc.node(id).tag;
        if matches!(tag, Tag::Li | Tag::Dt | Tag::Dd | Tag::Td | Tag::Th)
            && analysis.link_density(id) > 0.5
        {
            continue;
        }
        let paragraph = 1.0 + own_commas[i] as f32 + (own_chars[i] as f32 / 100.0).min(3.0);
        let mut level = 0;
        for ancestor in doc.ancestors(id) {
            if ancestor == 0 || level >= 5 {
                break;
            }
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / (level as f32 * 3.0),
            };
            if !is_candidate[ancestor as usize] {
                is_candidate[ancestor as usize] = true;
                score[ancestor as usize] = initial_score(doc, analysis, ancestor);
            }
            score[ancestor as usize] += paragraph * share;
            level += 1;
        }
    }
    let mut best = NONE;
    let mut best_score = f32::MIN;
    for id in 1..n as NodeId {
        let i = id as usize;
        if !is_candidate[i] || analysis.removed[i] {
            continue;
        }
        let final_score = score[i] * (1.0 - analysis.link_density(id));
        score[i] = final_score;
        if final_score > best_score {
            best_score = final_score;
            best = id;
        }
    }
    if best == NONE {
        return None;
    }
    let best = prefer_marked_body(doc, analysis, best);
    let mut roots = Vec::new();
    let parent = doc.node(best).parent;
    if parent == 0 || parent == NONE || best == analysis.body {
        roots.push(best);
        return Some(Selection { roots });
    }
    let threshold = (best_score * 0.2).max(10.0);
    for sibling in doc.children(parent) {
        let i = sibling as usize;
        if sibling == best {
            roots.push(sibling);
            continue;
        }
        if analysis.removed[i] || doc.node(sibling).kind != Kind::Element {
            continue;
        }
        let keep = (is_candidate[i] && score[i] >= threshold) || {
            let chars = analysis.chars[i];
            let density = analysis.link_density(sibling);
            doc.node(sibling).tag == Tag::P
                && ((chars > 80 && density < 0.25)
                    || (chars > 0 && density == 0.0 && ends_sentence(doc, sibling)))
        };
        if keep {
            roots.push(sibling);
        }
    }
    Some(Selection { roots })
}

fn ends_sentence(doc: &Document, id: NodeId) -> bool {
    let text = doc.subtree_text(id);
    text.contains(". ") || text.trim_end().ends_with('.')
}

/// Readability-style priors: containers of prose are divs, lists and headings are not.
fn initial_score(doc: &Document, analysis: &Analysis, id: NodeId) -> f32 {
    let node = doc.node(id);
    let tag_prior = match node.tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 | Tag::Th => -5.0,
        _ => 0.0,
    };
    let class_prior = match analysis.role[id as usize] {
        Role::ArticleBody => 40.0,
        Role::Content => 25.0,
        Role::Boilerplate | Role::Comments => -25.0,
        _ => 0.0,
    };
    let article_prior = if node.tag == Tag::Article { 10.0 } else { 0.0 };
    tag_prior + class_prior + article_prior
}

/// When the best-scoring element sits inside (or around) an element marked as the article body,
/// the marked element is the better boundary: it includes the lead and excludes the furniture.
fn prefer_marked_body(doc: &Document, analysis: &Analysis, best: NodeId) -> NodeId {
    // A marked ancestor whose extra text is mostly prose.
    for ancestor in doc.ancestors(best) {
        if ancestor == analysis.body || ancestor == 0 {
            break;
        }
        if analysis.role[ancestor as usize] == Role::ArticleBody
            && !analysis.removed[ancestor as usize]
        {
            return ancestor;
        }
    }
    // A marked descendant that keeps most of the prose.
    let best_prose = analysis.prose_chars(best) as f32;
    let mut marked = NONE;
    for id in best + 1..doc.node(best).end {
        if analysis.role[id as usize] == Role::ArticleBody
            && !analysis.removed[id as usize]
            && analysis.prose_chars(id) as f32 >= 0.6 * best_prose
        {
            marked = id;
            break;
        }
    }
    if marked != NONE {
        return marked;
    }
    best
}

/// A development view of the analysis: the selected roots and the best candidates.
#[cfg(test)]
pub fn describe(doc: &Document, analysis: &Analysis) -> String {
    let mut out = String::new();
    let label = |id: NodeId| {
        format!(
            "#{id} <{} class={:?} id={:?}> role={:?} chars={} links={}",
            doc.node(id).tag.name(),
            doc.attr(id, "class").unwrap_or(""),
            doc.attr(id, "id").unwrap_or(""),
            analysis.role[id as usize],
            analysis.chars[id as usize],
            analysis.link_chars[id as usize]
        )
    };
    if let Some(selection) = select(doc, analysis) {
        for root in &selection.roots {
            out.push_str(&format!("root {}\n", label(*root)));
            for a in doc.ancestors(*root) {
                if a == 0 {
                    break;
                }
                out.push_str(&format!("   in {}\n", label(a)));
            }
        }
    }
    // Pruned elements with the most text.
    let mut pruned: Vec<(u32, NodeId)> = Vec::new();
    for id in 1..doc.len() as NodeId {
        let node = doc.node(id);
        if node.kind == Kind::Element
            && analysis.removed[id as usize]
            && !analysis.removed[node.parent as usize]
        {
            let text = super::normalize::visible_chars(&doc.subtree_text(id));
            pruned.push((text, id));
        }
    }
    pruned.sort_by(|a, b| b.0.cmp(&a.0));
    for (text, id) in pruned.iter().take(8) {
        out.push_str(&format!("pruned {text} chars: {}\n", label(*id)));
    }
    out
}
