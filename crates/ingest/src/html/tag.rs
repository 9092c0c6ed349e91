//! Known HTML element names and the element classes the tree builder and extractor use.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    A,
    Abbr,
    Address,
    Area,
    Article,
    Aside,
    Audio,
    B,
    Base,
    Blockquote,
    Body,
    Br,
    Button,
    Canvas,
    Caption,
    Center,
    Cite,
    Code,
    Col,
    Colgroup,
    Dd,
    Del,
    Details,
    Dialog,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Font,
    Footer,
    Form,
    Frame,
    Frameset,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Head,
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Img,
    Input,
    Ins,
    Kbd,
    Label,
    Legend,
    Li,
    Link,
    Main,
    Map,
    Mark,
    Math,
    Menu,
    Meta,
    Nav,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    Optgroup,
    Option,
    Output,
    P,
    Param,
    Picture,
    Plaintext,
    Pre,
    Progress,
    Q,
    Rp,
    Rt,
    Rtc,
    S,
    Samp,
    Script,
    Section,
    Select,
    Small,
    Source,
    Span,
    Strong,
    Style,
    Sub,
    Summary,
    Sup,
    Svg,
    Table,
    Tbody,
    Td,
    Template,
    Textarea,
    Tfoot,
    Th,
    Thead,
    Time,
    Title,
    Tr,
    Track,
    U,
    Ul,
    Var,
    Video,
    Wbr,
    Xmp,
    /// Any other element (custom elements, obsolete tags).
    Other,
}

impl Tag {
    pub fn from_name(name: &str) -> Tag {
        match name {
            "a" => Tag::A,
            "abbr" => Tag::Abbr,
            "address" => Tag::Address,
            "area" => Tag::Area,
            "article" => Tag::Article,
            "aside" => Tag::Aside,
            "audio" => Tag::Audio,
            "b" => Tag::B,
            "base" => Tag::Base,
            "blockquote" => Tag::Blockquote,
            "body" => Tag::Body,
            "br" => Tag::Br,
            "button" => Tag::Button,
            "canvas" => Tag::Canvas,
            "caption" => Tag::Caption,
            "center" => Tag::Center,
            "cite" => Tag::Cite,
            "code" => Tag::Code,
            "col" => Tag::Col,
            "colgroup" => Tag::Colgroup,
            "dd" => Tag::Dd,
            "del" => Tag::Del,
            "details" => Tag::Details,
            "dialog" => Tag::Dialog,
            "div" => Tag::Div,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "em" => Tag::Em,
            "embed" => Tag::Embed,
            "fieldset" => Tag::Fieldset,
            "figcaption" => Tag::Figcaption,
            "figure" => Tag::Figure,
            "font" => Tag::Font,
            "footer" => Tag::Footer,
            "form" => Tag::Form,
            "frame" => Tag::Frame,
            "frameset" => Tag::Frameset,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "head" => Tag::Head,
            "header" => Tag::Header,
            "hgroup" => Tag::Hgroup,
            "hr" => Tag::Hr,
            "html" => Tag::Html,
            "i" => Tag::I,
            "iframe" => Tag::Iframe,
            "img" => Tag::Img,
            "input" => Tag::Input,
            "ins" => Tag::Ins,
            "kbd" => Tag::Kbd,
            "label" => Tag::Label,
            "legend" => Tag::Legend,
            "li" => Tag::Li,
            "link" => Tag::Link,
            "main" => Tag::Main,
            "map" => Tag::Map,
            "mark" => Tag::Mark,
            "math" => Tag::Math,
            "menu" => Tag::Menu,
            "meta" => Tag::Meta,
            "nav" => Tag::Nav,
            "noembed" => Tag::Noembed,
            "noframes" => Tag::Noframes,
            "noscript" => Tag::Noscript,
            "object" => Tag::Object,
            "ol" => Tag::Ol,
            "optgroup" => Tag::Optgroup,
            "option" => Tag::Option,
            "output" => Tag::Output,
            "p" => Tag::P,
            "param" => Tag::Param,
            "picture" => Tag::Picture,
            "plaintext" => Tag::Plaintext,
            "pre" => Tag::Pre,
            "progress" => Tag::Progress,
            "q" => Tag::Q,
            "rp" => Tag::Rp,
            "rt" => Tag::Rt,
            "rtc" => Tag::Rtc,
            "s" => Tag::S,
            "samp" => Tag::Samp,
            "script" => Tag::Script,
            "section" => Tag::Section,
            "select" => Tag::Select,
            "small" => Tag::Small,
            "source" => Tag::Source,
            "span" => Tag::Span,
            "strong" => Tag::Strong,
            "style" => Tag::Style,
            "sub" => Tag::Sub,
            "summary" => Tag::Summary,
            "sup" => Tag::Sup,
            "svg" => Tag::Svg,
            "table" => Tag::Table,
            "tbody" => Tag::Tbody,
            "td" => Tag::Td,
            "template" => Tag::Template,
            "textarea" => Tag::Textarea,
            "tfoot" => Tag::Tfoot,
            "th" => Tag::Th,
            "thead" => Tag::Thead,
            "time" => Tag::Time,
            "title" => Tag::Title,
            "tr" => Tag::Tr,
            "track" => Tag::Track,
            "u" => Tag::U,
            "ul" => Tag::Ul,
            "var" => Tag::Var,
            "video" => Tag::Video,
            "wbr" => Tag::Wbr,
            "xmp" => Tag::Xmp,
            _ => Tag::Other,
        }
    }

    #[cfg(test)]
    pub fn name(self) -> &'static str {
        match self {
            Tag::A => "a",
            Tag::Abbr => "abbr",
            Tag::Address => "address",
            Tag::Area => "area",
            Tag::Article => "article",
            Tag::Aside => "aside",
            Tag::Audio => "audio",
            Tag::B => "b",
            Tag::Base => "base",
            Tag::Blockquote => "blockquote",
            Tag::Body => "body",
            Tag::Br => "br",
            Tag::Button => "button",
            Tag::Canvas => "canvas",
            Tag::Caption => "caption",
            Tag::Center => "center",
            Tag::Cite => "cite",
            Tag::Code => "code",
            Tag::Col => "col",
            Tag::Colgroup => "colgroup",
            Tag::Dd => "dd",
            Tag::Del => "del",
            Tag::Details => "details",
            Tag::Dialog => "dialog",
            Tag::Div => "div",
            Tag::Dl => "dl",
            Tag::Dt => "dt",
            Tag::Em => "em",
            Tag::Embed => "embed",
            Tag::Fieldset => "fieldset",
            Tag::Figcaption => "figcaption",
            Tag::Figure => "figure",
            Tag::Font => "font",
            Tag::Footer => "footer",
            Tag::Form => "form",
            Tag::Frame => "frame",
            Tag::Frameset => "frameset",
            Tag::H1 => "h1",
            Tag::H2 => "h2",
            Tag::H3 => "h3",
            Tag::H4 => "h4",
            Tag::H5 => "h5",
            Tag::H6 => "h6",
            Tag::Head => "head",
            Tag::Header => "header",
            Tag::Hgroup => "hgroup",
            Tag::Hr => "hr",
            Tag::Html => "html",
            Tag::I => "i",
            Tag::Iframe => "iframe",
            Tag::Img => "img",
            Tag::Input => "input",
            Tag::Ins => "ins",
            Tag::Kbd => "kbd",
            Tag::Label => "label",
            Tag::Legend => "legend",
            Tag::Li => "li",
            Tag::Link => "link",
            Tag::Main => "main",
            Tag::Map => "map",
            Tag::Mark => "mark",
            Tag::Math => "math",
            Tag::Menu => "menu",
            Tag::Meta => "meta",
            Tag::Nav => "nav",
            Tag::Noembed => "noembed",
            Tag::Noframes => "noframes",
            Tag::Noscript => "noscript",
            Tag::Object => "object",
            Tag::Ol => "ol",
            Tag::Optgroup => "optgroup",
            Tag::Option => "option",
            Tag::Output => "output",
            Tag::P => "p",
            Tag::Param => "param",
            Tag::Picture => "picture",
            Tag::Plaintext => "plaintext",
            Tag::Pre => "pre",
            Tag::Progress => "progress",
            Tag::Q => "q",
            Tag::Rp => "rp",
            Tag::Rt => "rt",
            Tag::Rtc => "rtc",
            Tag::S => "s",
            Tag::Samp => "samp",
            Tag::Script => "script",
            Tag::Section => "section",
            Tag::Select => "select",
            Tag::Small => "small",
            Tag::Source => "source",
            Tag::Span => "span",
            Tag::Strong => "strong",
            Tag::Style => "style",
            Tag::Sub => "sub",
            Tag::Summary => "summary",
            Tag::Sup => "sup",
            Tag::Svg => "svg",
            Tag::Table => "table",
            Tag::Tbody => "tbody",
            Tag::Td => "td",
            Tag::Template => "template",
            Tag::Textarea => "textarea",
            Tag::Tfoot => "tfoot",
            Tag::Th => "th",
            Tag::Thead => "thead",
            Tag::Time => "time",
            Tag::Title => "title",
            Tag::Tr => "tr",
            Tag::Track => "track",
            Tag::U => "u",
            Tag::Ul => "ul",
            Tag::Var => "var",
            Tag::Video => "video",
            Tag::Wbr => "wbr",
            Tag::Xmp => "xmp",
            Tag::Other => "other",
        }
    }

    /// Elements without content or end tag.
    pub fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base
                | Br
                | Col
                | Embed
                | Hr
                | Img
                | Input
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
                | Frame
        )
    }

    /// Elements whose content is raw text: the tokenizer reads it up to the matching end tag.
    pub fn is_raw_text(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script | Style | Title | Textarea | Xmp | Iframe | Noembed | Noframes | Plaintext
        )
    }

    /// Raw-text elements whose text is kept in the tree (the title, JSON-LD in scripts).
    pub fn keeps_raw_text(self) -> bool {
        matches!(self, Tag::Title | Tag::Script)
    }

    /// Raw-text elements whose character references are decoded (RCDATA).
    pub fn decodes_raw_text(self) -> bool {
        matches!(self, Tag::Title | Tag::Textarea)
    }

    /// Elements allowed in `<head>`; anything else starts the body.
    pub fn belongs_in_head(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Title | Meta | Link | Base | Script | Style | Noscript | Template
        )
    }

    /// Start tags that close an open `<p>`.
    pub fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hgroup
                | Hr
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Ul
                | Li
                | Dd
                | Dt
                | Plaintext
                | Xmp
        )
    }

    /// HTML start tags that end foreign (svg, math) content that was left open.
    pub fn breaks_out_of_foreign_content(self) -> bool {
        use Tag::*;
        matches!(
            self,
            B | Blockquote
                | Body
                | Br
                | Center
                | Code
                | Dd
                | Div
                | Dl
                | Dt
                | Em
                | Embed
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Head
                | Hr
                | I
                | Img
                | Li
                | Menu
                | Meta
                | Ol
                | P
                | Pre
                | S
                | Small
                | Span
                | Strong
                | Sub
                | Sup
                | Table
                | U
                | Ul
                | Var
        )
    }

    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    pub fn is_table_part(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Table | Caption | Colgroup | Thead | Tbody | Tfoot | Tr | Td | Th
        )
    }

    /// Elements an end tag does not search beyond ("has an element in scope").
    pub fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(self, Html | Table | Td | Th | Caption | Template | Object)
    }

    pub fn is_button_scope_boundary(self) -> bool {
        self.is_scope_boundary() || self == Tag::Button
    }

    pub fn is_list_scope_boundary(self) -> bool {
        self.is_scope_boundary() || matches!(self, Tag::Ul | Tag::Ol)
    }

    pub fn is_table_scope_boundary(self) -> bool {
        matches!(self, Tag::Html | Tag::Table | Tag::Template)
    }

    /// Elements that render as their own block: text before and after them is not one paragraph.
    pub fn is_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Body
                | Caption
                | Center
                | Dd
                | Details
                | Dialog
                | Div
                | Dl
                | Dt
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | Frameset
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hgroup
                | Hr
                | Html
                | Legend
                | Li
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Tbody
                | Td
                | Tfoot
                | Th
                | Thead
                | Tr
                | Ul
                | Option
                | Select
                | Textarea
                | Iframe
                | Video
                | Audio
                | Canvas
                | Object
                | Embed
        )
    }
}
