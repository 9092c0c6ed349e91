//! A light arena DOM built from the token stream with the HTML5 tree-building rules that shape
//! text (implied end tags, void elements, scoped end tags), without recursion.
//!
//! Nodes are stored in document order and never moved, so the subtree of a node is the contiguous
//! id range `id..node.end`: traversals are plain loops and bottom-up aggregation is one reverse
//! pass in which every node adds into its parent.

use std::collections::HashMap;

use super::entities;
use super::tag::Tag;
use super::tokenizer::{TagData, Token, Tokenizer};
use crate::{Limits, Reason};

pub type NodeId = u32;
pub const NONE: NodeId = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Element,
    Text,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub tag: Tag,
    /// Index into the names of unknown tags (custom elements); 0 for known tags.
    pub other: u32,
    pub parent: NodeId,
    /// One past the last node of this subtree.
    pub end: NodeId,
    /// Text: byte range in [`Document::text`]. Element: range in [`Document::attrs`].
    pub start_index: u32,
    pub end_index: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct Attr {
    name: (u32, u32),
    value: (u32, u32),
}

/// A parsed page.
#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
    /// All text of all text nodes, references decoded.
    pub text: String,
    attrs: Vec<Attr>,
    attr_text: String,
}

/// Attributes the extractor reads; others are not stored.
fn kept_attribute(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "id"
            | "role"
            | "itemprop"
            | "itemtype"
            | "property"
            | "name"
            | "content"
            | "lang"
            | "xml:lang"
            | "href"
            | "rel"
            | "datetime"
            | "type"
            | "style"
            | "hidden"
            | "aria-hidden"
            | "charset"
            | "http-equiv"
    )
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_element(&self, id: NodeId, tag: Tag) -> bool {
        let node = self.node(id);
        node.kind == Kind::Element && node.tag == tag
    }

    /// The text of a text node (empty for other nodes).
    pub fn text_of(&self, id: NodeId) -> &str {
        let node = self.node(id);
        if node.kind == Kind::Text {
            &self.text[node.start_index as usize..node.end_index as usize]
        } else {
            ""
        }
    }

    /// The value of attribute `name` (lowercase) of an element.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        let node = self.node(id);
        if node.kind != Kind::Element {
            return None;
        }
        self.attrs[node.start_index as usize..node.end_index as usize]
            .iter()
            .find(|a| &self.attr_text[a.name.0 as usize..a.name.1 as usize] == name)
            .map(|a| &self.attr_text[a.value.0 as usize..a.value.1 as usize])
    }

    /// Children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        let node = self.node(id);
        Children {
            doc: self,
            next: id + 1,
            end: node.end,
        }
    }

    /// Element ancestors of `id`, nearest first.
    #[cfg(test)]
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut current = self.node(id).parent;
        std::iter::from_fn(move || {
            if current == NONE {
                return None;
            }
            let id = current;
            current = self.node(id).parent;
            Some(id)
        })
    }

    /// All text in the subtree, concatenated as written.
    pub fn subtree_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in id..self.node(id).end {
            out.push_str(self.text_of(n));
        }
        out
    }

    /// Elements with the given tag, in document order.
    #[cfg(test)]
    pub fn elements(&self, tag: Tag) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as NodeId).filter(move |&id| self.is_element(id, tag))
    }
}

pub struct Children<'a> {
    doc: &'a Document,
    next: NodeId,
    end: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next >= self.end {
            return None;
        }
        let id = self.next;
        self.next = self.doc.node(id).end;
        Some(id)
    }
}

/// Parses `html` into a [`Document`]. Fails only when elements nest deeper than `limits.max_depth`.
pub fn parse(html: &str, limits: &Limits) -> Result<Document, Reason> {
    let mut builder = Builder {
        doc: Document {
            nodes: Vec::with_capacity(html.len() / 40),
            text: String::with_capacity(html.len() / 4),
            attrs: Vec::new(),
            attr_text: String::new(),
        },
        stack: vec![0],
        other_names: HashMap::new(),
        max_depth: limits.max_depth,
        head_open: false,
        foreign: 0,
    };
    builder.doc.nodes.push(Node {
        kind: Kind::Document,
        tag: Tag::Other,
        other: 0,
        parent: NONE,
        end: NONE,
        start_index: 0,
        end_index: 0,
    });
    let mut tokenizer = Tokenizer::new(html);
    let mut tag = TagData::default();
    while let Some(token) = tokenizer.next_token(&mut tag) {
        match token {
            Token::Text(raw) => builder.text(raw),
            Token::StartTag { self_closing } => {
                let known = Tag::from_name(&tag.name);
                // Inside svg and math, <title> and <style> are ordinary elements.
                if known.is_raw_text() && builder.foreign == 0 {
                    let raw = tokenizer.raw_text(&tag.name);
                    builder.raw_text_element(known, &tag, raw)?;
                } else {
                    builder.start(known, &tag, self_closing)?;
                }
            }
            Token::EndTag => builder.end(Tag::from_name(&tag.name), &tag.name),
        }
    }
    let total = builder.doc.nodes.len() as NodeId;
    for &open in &builder.stack {
        builder.doc.nodes[open as usize].end = total;
    }
    Ok(builder.doc)
}

struct Builder {
    doc: Document,
    /// Open elements, the document node at the bottom.
    stack: Vec<NodeId>,
    other_names: HashMap<String, u32>,
    max_depth: usize,
    head_open: bool,
    /// Open svg and math elements: inside them `/>` closes any element.
    foreign: usize,
}

impl Builder {
    fn current(&self) -> NodeId {
        *self
            .stack
            .last()
            .expect("the document node is never popped")
    }

    fn push_node(&mut self, node: Node) -> NodeId {
        let id = self.doc.nodes.len() as NodeId;
        self.doc.nodes.push(node);
        id
    }

    fn text(&mut self, raw: &str) {
        let parent = self.current();
        let start = self.doc.text.len();
        if raw
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C))
        {
            // Whitespace between tags only separates words.
            if self.doc.text.ends_with(' ') && self.last_text_child(parent).is_some() {
                return;
            }
            self.doc.text.push(' ');
        } else {
            entities::decode_into(raw, false, &mut self.doc.text);
        }
        let end = self.doc.text.len() as u32;
        // Merge with a preceding text node of the same parent (text split by a stray "<").
        if let Some(last) = self.last_text_child(parent) {
            if self.doc.nodes[last as usize].end_index == start as u32 {
                self.doc.nodes[last as usize].end_index = end;
                return;
            }
        }
        let id = self.doc.nodes.len() as NodeId;
        self.push_node(Node {
            kind: Kind::Text,
            tag: Tag::Other,
            other: 0,
            parent,
            end: id + 1,
            start_index: start as u32,
            end_index: end,
        });
    }

    /// The last node, when it is a text child of `parent`.
    fn last_text_child(&self, parent: NodeId) -> Option<NodeId> {
        let last = self.doc.nodes.len() as NodeId - 1;
        let node = &self.doc.nodes[last as usize];
        (node.kind == Kind::Text && node.parent == parent).then_some(last)
    }

    fn element(&mut self, tag: Tag, data: &TagData) -> NodeId {
        let other = if tag == Tag::Other {
            let next = self.other_names.len() as u32 + 1;
            *self.other_names.entry(data.name.clone()).or_insert(next)
        } else {
            0
        };
        let attrs_start = self.doc.attrs.len() as u32;
        for &(name, value) in &data.attrs {
            if name.len() > 16 || !kept_attribute(&name.to_ascii_lowercase()) {
                continue;
            }
            let name_start = self.doc.attr_text.len() as u32;
            self.doc.attr_text.push_str(name);
            self.doc.attr_text[name_start as usize..].make_ascii_lowercase();
            let value_start = self.doc.attr_text.len() as u32;
            entities::decode_into(value, true, &mut self.doc.attr_text);
            let value_end = self.doc.attr_text.len() as u32;
            // Repeated attributes: the first one wins.
            let lowered = &self.doc.attr_text[name_start as usize..value_start as usize];
            let duplicate = self.doc.attrs[attrs_start as usize..]
                .iter()
                .any(|a| &self.doc.attr_text[a.name.0 as usize..a.name.1 as usize] == lowered);
            if duplicate {
                self.doc.attr_text.truncate(name_start as usize);
                continue;
            }
            self.doc.attrs.push(Attr {
                name: (name_start, value_start),
                value: (value_start, value_end),
            });
        }
        let attrs_end = self.doc.attrs.len() as u32;
        let parent = self.current();
        self.push_node(Node {
            kind: Kind::Element,
            tag,
            other,
            parent,
            end: NONE,
            start_index: attrs_start,
            end_index: attrs_end,
        })
    }

    fn open(&mut self, id: NodeId) -> Result<(), Reason> {
        // The document node is not an element level.
        if self.stack.len() > self.max_depth {
            return Err(Reason::TooDeep {
                limit: self.max_depth,
            });
        }
        self.stack.push(id);
        Ok(())
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            let id = self.stack.pop().expect("checked");
            match self.doc.nodes[id as usize].tag {
                Tag::Head => self.head_open = false,
                Tag::Svg | Tag::Math => self.foreign -= 1,
                _ => {}
            }
            self.doc.nodes[id as usize].end = self.doc.nodes.len() as NodeId;
        }
    }

    /// Pops up to and including the open element at stack position `index`.
    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index.max(1) {
            self.pop();
        }
    }

    fn tag_at(&self, index: usize) -> Tag {
        self.doc.nodes[self.stack[index] as usize].tag
    }

    /// Stack position of the nearest open element matching `wanted`, searching down to the first
    /// element for which `boundary` holds.
    fn find_open(
        &self,
        wanted: impl Fn(Tag) -> bool,
        boundary: impl Fn(Tag) -> bool,
    ) -> Option<usize> {
        for index in (1..self.stack.len()).rev() {
            let tag = self.tag_at(index);
            if wanted(tag) {
                return Some(index);
            }
            if boundary(tag) {
                return None;
            }
        }
        None
    }

    fn close_open(&mut self, wanted: impl Fn(Tag) -> bool, boundary: impl Fn(Tag) -> bool) {
        if let Some(index) = self.find_open(wanted, boundary) {
            self.pop_to(index);
        }
    }

    /// Implied end tags: what opening `tag` closes.
    fn close_implied(&mut self, tag: Tag) {
        if tag.closes_p() {
            self.close_open(|t| t == Tag::P, Tag::is_button_scope_boundary);
        }
        match tag {
            Tag::Li => self.close_open(
                |t| t == Tag::Li,
                |t| t.is_list_scope_boundary() || t == Tag::Div,
            ),
            Tag::Dt | Tag::Dd => self.close_open(
                |t| matches!(t, Tag::Dt | Tag::Dd),
                |t| matches!(t, Tag::Dl | Tag::Div) || t.is_scope_boundary(),
            ),
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
                if self.tag_at(self.stack.len() - 1).is_heading() =>
            {
                self.pop();
            }
            Tag::Option | Tag::Optgroup if self.tag_at(self.stack.len() - 1) == Tag::Option => {
                self.pop()
            }
            Tag::Tr => self.close_open(|t| t == Tag::Tr, Tag::is_table_scope_boundary),
            Tag::Td | Tag::Th => self.close_open(
                |t| matches!(t, Tag::Td | Tag::Th),
                |t| t.is_table_scope_boundary() || t == Tag::Tr,
            ),
            Tag::Thead | Tag::Tbody | Tag::Tfoot => self.close_open(
                |t| matches!(t, Tag::Thead | Tag::Tbody | Tag::Tfoot),
                Tag::is_table_scope_boundary,
            ),
            Tag::A => self.close_open(|t| t == Tag::A, Tag::is_scope_boundary),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, data: &TagData, self_closing: bool) -> Result<(), Reason> {
        if matches!(tag, Tag::Html | Tag::Body | Tag::Head)
            && self.find_open(|t| t == tag, |_| false).is_some()
        {
            return Ok(()); // a repeated html/head/body start tag adds nothing
        }
        if self.head_open && !tag.belongs_in_head() && tag != Tag::Html {
            // Content closes an open head (pages that forget </head>).
            if let Some(index) = self.find_open(|t| t == Tag::Head, |_| false) {
                self.pop_to(index);
            }
        }
        if self.foreign > 0 && tag.breaks_out_of_foreign_content() {
            while self.foreign > 0 && self.stack.len() > 1 {
                self.pop();
            }
        }
        self.close_implied(tag);
        let id = self.element(tag, data);
        if tag == Tag::Head {
            self.head_open = true;
        }
        // Self-closing syntax counts only for void, unknown and foreign elements.
        if tag.is_void()
            || (self_closing
                && (self.foreign > 0 || matches!(tag, Tag::Other | Tag::Svg | Tag::Math)))
        {
            self.doc.nodes[id as usize].end = id + 1;
            return Ok(());
        }
        self.open(id)?;
        if matches!(tag, Tag::Svg | Tag::Math) {
            self.foreign += 1;
        }
        Ok(())
    }

    fn raw_text_element(&mut self, tag: Tag, data: &TagData, raw: &str) -> Result<(), Reason> {
        self.start(tag, data, false)?;
        if tag.keeps_raw_text() {
            let start = self.doc.text.len();
            if tag.decodes_raw_text() {
                entities::decode_into(raw, false, &mut self.doc.text);
            } else {
                self.doc.text.push_str(raw);
            }
            let end = self.doc.text.len() as u32;
            let parent = self.current();
            let id = self.doc.nodes.len() as NodeId;
            self.push_node(Node {
                kind: Kind::Text,
                tag: Tag::Other,
                other: 0,
                parent,
                end: id + 1,
                start_index: start as u32,
                end_index: end,
            });
        }
        self.pop();
        Ok(())
    }

    fn end(&mut self, tag: Tag, name: &str) {
        match tag {
            Tag::Br => {
                // "</br>" is a line break in every browser.
                let id = self.element(Tag::Br, &TagData::default());
                self.doc.nodes[id as usize].end = id + 1;
            }
            Tag::Html | Tag::Body => {} // content after </body> still belongs to the body
            _ if tag.is_void() => {}
            Tag::Other => {
                let Some(&other) = self.other_names.get(name) else {
                    return;
                };
                let nodes = &self.doc.nodes;
                let found = (1..self.stack.len()).rev().find(|&i| {
                    let node = &nodes[self.stack[i] as usize];
                    node.tag == Tag::Other && node.other == other
                });
                if let Some(index) = found {
                    self.pop_to(index);
                }
            }
            _ => {
                let boundary: fn(Tag) -> bool = if tag.is_table_part() {
                    Tag::is_table_scope_boundary
                } else if tag == Tag::P {
                    Tag::is_button_scope_boundary
                } else if tag == Tag::Li {
                    Tag::is_list_scope_boundary
                } else {
                    Tag::is_scope_boundary
                };
                self.close_open(|t| t == tag, boundary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact rendering of the tree: `tag(children)` and quoted text.
    fn render(doc: &Document) -> String {
        let mut out = String::new();
        let mut closing: Vec<NodeId> = Vec::new();
        for id in 1..doc.len() as NodeId {
            while closing.last().is_some_and(|&end| end <= id) {
                closing.pop();
                out.push(')');
            }
            let node = doc.node(id);
            match node.kind {
                Kind::Text => out.push_str(&format!("{:?}", doc.text_of(id))),
                Kind::Element => {
                    out.push_str(node.tag.name());
                    out.push('(');
                    closing.push(node.end);
                }
                Kind::Document => {}
            }
        }
        for _ in closing {
            out.push(')');
        }
        out
    }

    fn tree(html: &str) -> String {
        render(&parse(html, &Limits::default()).unwrap())
    }

    #[test]
    fn implied_end_tags() {
        assert_eq!(tree("<p>a<p>b<div>c</div>"), "p(\"a\")p(\"b\")div(\"c\")");
        assert_eq!(tree("<ul><li>a<li>b</ul>"), "ul(li(\"a\")li(\"b\"))");
        assert_eq!(
            tree("<table><tr><td>a<td>b<tr><td>c</table>"),
            "table(tr(td(\"a\")td(\"b\"))tr(td(\"c\")))"
        );
        assert_eq!(
            tree("<dl><dt>a<dd>b<dt>c</dl>"),
            "dl(dt(\"a\")dd(\"b\")dt(\"c\"))"
        );
    }

    #[test]
    fn end_tags_respect_scope_and_stray_ones_are_ignored() {
        assert_eq!(
            tree("<div><table><tr><td>a</div>b</td></tr></table>c</div>"),
            "div(table(tr(td(\"ab\")))\"c\")"
        );
        assert_eq!(tree("<p>a</span>b</p></p>"), "p(\"ab\")");
        assert_eq!(tree("<b>a<i>b</b>c"), "b(\"a\"i(\"b\"))\"c\"");
    }

    #[test]
    fn void_raw_and_custom_elements() {
        assert_eq!(
            tree("<p>a<br>b<img src=x></br><script>x<y</script><my-el/>c<my-el>d</my-el>"),
            "p(\"a\"br()\"b\"img()br()script(\"x<y\")other()\"c\"other(\"d\"))"
        );
        let doc = parse(
            "<title>A &amp; B</title><script type=application/ld+json>{\"a\":1}</script>",
            &Limits::default(),
        )
        .unwrap();
        let title = doc.elements(Tag::Title).next().unwrap();
        assert_eq!(doc.subtree_text(title), "A & B");
        let script = doc.elements(Tag::Script).next().unwrap();
        assert_eq!(doc.subtree_text(script), "{\"a\":1}");
        assert_eq!(doc.attr(script, "type"), Some("application/ld+json"));
    }

    #[test]
    fn unclosed_svg_ends_at_html_content() {
        assert_eq!(
            tree("<div><svg><use/></div><p>a</p>"),
            "div(svg(other()))p(\"a\")"
        );
        assert_eq!(tree("<svg><g><p>a</svg>b"), "svg(other())p(\"ab\")");
    }

    #[test]
    fn head_closes_when_content_starts() {
        assert_eq!(
            tree("<html><head><title>t</title><p>x"),
            "html(head(title(\"t\"))p(\"x\"))"
        );
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused() {
        let deep = "<div>".repeat(600);
        let limits = Limits {
            max_depth: 512,
            ..Limits::default()
        };
        match parse(&deep, &limits) {
            Err(Reason::TooDeep { limit }) => assert_eq!(limit, 512),
            other => panic!("expected TooDeep, got {other:?}"),
        }
        assert!(parse(&"<div>".repeat(500), &limits).is_ok());
    }
}
