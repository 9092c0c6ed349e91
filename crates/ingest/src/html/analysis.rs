//! Per-node facts the extractor works with: each element's role, which parts are pruned as
//! furniture, and how much text (and link text) every subtree holds.
//!
//! Every pass is a loop over node ids: forward passes see parents before children, reverse
//! passes see children before parents, so no pass recurses.

use super::classify::{self, Role};
use super::dom::{Document, Kind, NodeId};
use super::normalize::visible_chars;
use super::tag::Tag;

/// What is known about a page before any pruning: computed once, shared by both pruning levels.
pub struct Page<'a> {
    pub doc: &'a Document,
    pub role: Vec<Role>,
    /// Visible characters of each text node that renders (not script or title text).
    pub text_chars: Vec<u32>,
    /// The node is inside a link.
    pub in_link: Vec<bool>,
    /// The `<body>` element (or the document node when there is none).
    pub body: NodeId,
}

impl<'a> Page<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let n = doc.len();
        let mut role = vec![Role::Neutral; n];
        let mut text_chars = vec![0; n];
        let mut in_link = vec![false; n];
        let mut dropped = vec![false; n];
        let mut body = 0;
        for id in 1..n as NodeId {
            let i = id as usize;
            let node = doc.node(id);
            let parent = node.parent as usize;
            in_link[i] = in_link[parent];
            dropped[i] = dropped[parent];
            match node.kind {
                Kind::Element => {
                    if node.tag == Tag::Body && body == 0 {
                        body = id;
                    }
                    in_link[i] |= node.tag == Tag::A;
                    // Inside a dropped subtree roles do not matter; skip the attribute lookups.
                    if !dropped[parent] {
                        role[i] = classify::role(doc, id, node.tag);
                        dropped[i] = role[i] == Role::Drop;
                    }
                }
                Kind::Text => {
                    if !dropped[parent]
                        && !matches!(doc.node(node.parent).tag, Tag::Script | Tag::Title)
                    {
                        text_chars[i] = visible_chars(doc.text_of(id));
                    }
                }
                Kind::Document => {}
            }
        }
        Page {
            doc,
            role,
            text_chars,
            in_link,
            body,
        }
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

/// The page after pruning, with text counts.
pub struct Analysis {
    /// The node is inside a subtree that is not article text (dropped or pruned furniture).
    pub removed: Vec<bool>,
    /// Visible characters in the subtree, removed parts excluded.
    pub chars: Vec<u32>,
    /// Of those, characters inside links.
    pub link_chars: Vec<u32>,
}

impl Analysis {
    /// Characters outside links.
    pub fn prose_chars(&self, id: NodeId) -> u32 {
        self.chars[id as usize] - self.link_chars[id as usize]
    }
}

/// Prunes the page as `pruning` says and counts its text.
pub fn analyse(page: &Page, pruning: Pruning) -> Analysis {
    let n = page.doc.len();
    let mut removed = vec![false; n];
    for id in 1..n {
        let parent = page.doc.node(id as NodeId).parent as usize;
        removed[id] = removed[parent] || page.role[id] == Role::Drop;
    }
    let mut analysis = Analysis {
        removed,
        chars: vec![0; n],
        link_chars: vec![0; n],
    };
    count_chars(page, &mut analysis);
    if pruning == Pruning::Full {
        // Comments first: a long comment thread must not make the furniture around the article
        // look small next to it.
        prune(page, &mut analysis, Role::Comments);
        count_chars(page, &mut analysis);
        prune(page, &mut analysis, Role::Boilerplate);
        count_chars(page, &mut analysis);
    }
    analysis
}

fn count_chars(page: &Page, analysis: &mut Analysis) {
    analysis.chars.iter_mut().for_each(|c| *c = 0);
    analysis.link_chars.iter_mut().for_each(|c| *c = 0);
    for id in (1..page.doc.len() as NodeId).rev() {
        let i = id as usize;
        if analysis.removed[i] {
            continue;
        }
        analysis.chars[i] += page.text_chars[i];
        if page.in_link[i] {
            analysis.link_chars[i] += page.text_chars[i];
        }
        let parent = page.doc.node(id).parent as usize;
        analysis.chars[parent] += analysis.chars[i];
        analysis.link_chars[parent] += analysis.link_chars[i];
    }
}

/// Removes the elements with role `target`, unless removing them would take the article with
/// them: an element that holds a marked article body stays, and so does furniture-named
/// element that holds half of the page's prose (a layout wrapper called "content-sidebar").
fn prune(page: &Page, analysis: &mut Analysis, target: Role) {
    let doc = page.doc;
    let n = doc.len();
    let mut holds_body = vec![false; n];
    for id in (1..n as NodeId).rev() {
        let i = id as usize;
        if page.role[i] == Role::ArticleBody && analysis.prose_chars(id) >= 200 {
            holds_body[i] = true;
        }
        if holds_body[i] {
            holds_body[doc.node(id).parent as usize] = true;
        }
    }
    let total_prose = analysis.prose_chars(page.body).max(1) as f32;
    let mut id: NodeId = 1;
    while (id as usize) < n {
        let i = id as usize;
        let node = doc.node(id);
        if node.kind != Kind::Element || analysis.removed[i] {
            id += 1;
            continue;
        }
        let prune = if page.role[i] == target {
            !holds_body[i]
                && (target == Role::Comments
                    || (analysis.prose_chars(id) as f32) < 0.5 * total_prose)
        } else {
            // Dates hold no body text unless a page misuses <time> as a wrapper.
            target == Role::Boilerplate
                && node.tag == Tag::Time
                && (analysis.prose_chars(id) as f32) < 0.25 * total_prose
        };
        if prune {
            analysis.removed[i..node.end as usize]
                .iter_mut()
                .for_each(|r| *r = true);
            id = node.end;
        } else {
            id += 1;
        }
    }
}
