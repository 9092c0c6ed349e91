//! Turning the selected subtree into paragraphs: one paragraph per rendered block, whitespace
//! collapsed, then a filter for the blocks that are furniture even inside the article.

use super::content::Analysis;
use super::dom::{Document, Kind, NodeId};
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
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

struct Builder {
    blocks: Vec<Block>,
    text: String,
    link_chars: u32,
}

impl Builder {
    fn flush(&mut self, tag: Tag) {
        if self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let chars = visible_chars(&text);
            self.blocks.push(Block {
                text,
                tag,
                chars,
                link_chars: self.link_chars.min(chars),
            });
        }
        self.link_chars = 0;
    }
}

/// The blocks of the subtrees `roots`, in document order, skipping removed parts.
pub fn collect(doc: &Document, analysis: &Analysis, roots: &[NodeId]) -> Vec<Block> {
    let mut builder = Builder {
        blocks: Vec::new(),
        text: String::new(),
        link_chars: 0,
    };
    for &root in roots {
        // Open elements as (end, tag, is_block); the innermost block names flushed text.
        let mut open: Vec<(NodeId, Tag)> = Vec::new();
        let mut links = 0usize;
        let end = doc.node(root).end;
        let mut id = root;
        while id < end {
            while let Some(&(close, tag)) = open.last() {
                if close > id {
                    break;
                }
                open.pop();
                if tag == Tag::A {
                    links -= 1;
                }
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
                    if node.tag.is_block() {
                        builder.flush(innermost_block(&open, Tag::P));
                    }
                    if node.tag == Tag::Br || node.tag == Tag::Hr {
                        builder.flush(innermost_block(&open, Tag::P));
                    }
                    if node.tag == Tag::A {
                        links += 1;
                    }
                    open.push((node.end, node.tag));
                }
                Kind::Text => {
                    let text = doc.text_of(id);
                    if links > 0 {
                        builder.link_chars += visible_chars(text);
                    }
                    push_collapsed(&mut builder.text, text);
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
    }
    builder.blocks
}

fn innermost_block(open: &[(NodeId, Tag)], fallback: Tag) -> Tag {
    open.iter()
        .rev()
        .map(|&(_, tag)| tag)
        .find(|t| t.is_block())
        .unwrap_or(fallback)
}
