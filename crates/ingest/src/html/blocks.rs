//! Rendering the chosen subtree into blocks: one block per rendered paragraph (a `p`, a list
//! item, a heading, a table cell, a run of text between line breaks), whitespace collapsed.

use super::analysis::{Analysis, Page};
use super::dom::{Kind, NodeId};
use super::normalize::{push_collapsed, visible_chars};
use super::tag::Tag;

/// One rendered block of text.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// The element that makes this a block (`p`, `li`, `h2`, ...).
    pub tag: Tag,
    pub chars: u32,
    pub link_chars: u32,
}

impl Block {
    pub fn new(text: String, tag: Tag, link_chars: u32) -> Self {
        let chars = visible_chars(&text);
        Block {
            text,
            tag,
            chars,
            link_chars: link_chars.min(chars),
        }
    }

    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    text: String,
    link_chars: u32,
}

impl Builder {
    /// Ends the current block; `tag` is the element it belongs to.
    fn flush(&mut self, tag: Tag) {
        if self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.blocks.push(Block::new(text, tag, self.link_chars));
        }
        self.link_chars = 0;
    }
}

/// The blocks of the subtree at `root`, in document order, skipping removed parts.
pub fn collect(page: &Page, analysis: &Analysis, root: NodeId) -> Vec<Block> {
    let doc = page.doc;
    let mut builder = Builder::default();
    // Open elements as (end of subtree, tag); the innermost open block names the text.
    let mut open: Vec<(NodeId, Tag)> = Vec::new();
    let end = doc.node(root).end;
    let mut id = root;
    while id < end {
        while let Some(&(close, tag)) = open.last() {
            if close > id {
                break;
            }
            open.pop();
            if tag.is_block() {
                builder.flush(tag);
            }
        }
        let node = doc.node(id);
        if analysis.removed[id as usize] {
            id = node.end;
            continue;
        }
        match node.kind {
            Kind::Element => {
                if node.tag.is_block() || matches!(node.tag, Tag::Br | Tag::Hr) {
                    builder.flush(innermost_block(&open));
                }
                open.push((node.end, node.tag));
            }
            Kind::Text => {
                if page.in_link[id as usize] {
                    builder.link_chars += page.text_chars[id as usize];
                }
                if page.text_chars[id as usize] > 0 || !builder.text.is_empty() {
                    push_collapsed(&mut builder.text, doc.text_of(id));
                }
            }
            Kind::Document => {}
        }
        id += 1;
    }
    while let Some((_, tag)) = open.pop() {
        if tag.is_block() {
            builder.flush(tag);
        }
    }
    builder.flush(Tag::P);
    builder.blocks
}

fn innermost_block(open: &[(NodeId, Tag)]) -> Tag {
    open.iter()
        .rev()
        .map(|&(_, tag)| tag)
        .find(|t| t.is_block())
        .unwrap_or(Tag::P)
}
