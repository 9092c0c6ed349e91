//! What an element is likely to be, judged from its tag and its `class`/`id`/`role`/`itemprop`
//! attributes alone: never content, likely boilerplate, likely the article body, or neutral.

use super::dom::{Document, NodeId};
use super::tag::Tag;

/// The verdict on one element before any text is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Neutral,
    /// Never article text: scripts, forms controls, navigation, hidden elements.
    Drop,
    /// Reader comments and comment forms.
    Comments,
    /// Named like page furniture: sidebars, share bars, related links, footers, ads.
    Boilerplate,
    /// Named like the article body.
    Content,
    /// Marked as the article body by microdata (`itemprop="articleBody"`).
    ArticleBody,
}

/// The role of element `id`.
pub fn role(doc: &Document, id: NodeId, tag: Tag) -> Role {
    match tag {
        Tag::Script
        | Tag::Figcaption
        | Tag::Rp
        | Tag::Rt
        | Tag::Rtc
        | Tag::Style
        | Tag::Template
        | Tag::Svg
        | Tag::Math
        | Tag::Iframe
        | Tag::Object
        | Tag::Embed
        | Tag::Canvas
        | Tag::Video
        | Tag::Audio
        | Tag::Picture
        | Tag::Select
        | Tag::Option
        | Tag::Optgroup
        | Tag::Button
        | Tag::Input
        | Tag::Textarea
        | Tag::Nav
        | Tag::Head
        | Tag::Title
        | Tag::Meta
        | Tag::Link
        | Tag::Base
        | Tag::Map
        | Tag::Area
        | Tag::Frameset
        | Tag::Frame
        | Tag::Noframes
        | Tag::Noembed
        | Tag::Dialog
        | Tag::Menu
        | Tag::Label
        | Tag::Legend
        | Tag::Output
        | Tag::Progress => return Role::Drop,
        _ => {}
    }
    if matches!(tag, Tag::Html | Tag::Body) {
        return Role::Neutral;
    }
    if is_hidden(doc, id) {
        return Role::Drop;
    }
    if let Some(itemprop) = doc.attr(id, "itemprop") {
        if itemprop
            .split_ascii_whitespace()
            .any(|p| p.eq_ignore_ascii_case("articleBody") || p.eq_ignore_ascii_case("reviewBody"))
        {
            return Role::ArticleBody;
        }
    }
    let mut verdict = Role::Neutral;
    if let Some(role) = doc.attr(id, "role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" | "search" | "banner" | "contentinfo"
            | "complementary" | "dialog" | "alertdialog" | "toolbar" | "tablist" => {
                return Role::Boilerplate
            }
            "main" | "article" => verdict = Role::Content,
            _ => {}
        }
    }
    for attr in ["id", "class"] {
        let Some(value) = doc.attr(id, attr) else {
            continue;
        };
        for word in value.split_ascii_whitespace().take(24) {
            // Publishing systems label posts with their taxonomy ("category-opinion",
            // "tag-comments"): those say what the post is about, not what the element is.
            if is_taxonomy_word(word) {
                continue;
            }
            let word_role = word_role(word);
            verdict = stronger(verdict, word_role);
        }
    }
    match (tag, verdict) {
        (_, Role::Comments | Role::Boilerplate) => verdict,
        (Tag::Aside | Tag::Footer | Tag::Figure | Tag::Noscript, _) => Role::Boilerplate,
        (Tag::Form, _) => Role::Boilerplate,
        (Tag::Article | Tag::Main, Role::Neutral) => Role::Content,
        _ => verdict,
    }
}

/// Combines the verdicts of several class words: furniture names win over content names,
/// because content words are common modifiers ("entry-meta", "post-footer").
fn stronger(a: Role, b: Role) -> Role {
    fn rank(r: Role) -> u8 {
        match r {
            Role::Neutral => 0,
            Role::Content => 1,
            Role::ArticleBody => 2,
            Role::Boilerplate => 3,
            Role::Comments => 4,
            Role::Drop => 5,
        }
    }
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

fn is_hidden(doc: &Document, id: NodeId) -> bool {
    if doc.attr(id, "hidden").is_some() {
        return true;
    }
    if doc
        .attr(id, "aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = doc.attr(id, "style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// The verdict on one class or id word such as `entry-content` or `socialShareBar`.
fn word_role(word: &str) -> Role {
    if word.len() > 64 {
        return Role::Neutral;
    }
    if is_hiding_word(word) {
        return Role::Drop;
    }
    let mut tokens: [&str; 8] = [""; 8];
    let mut count = 0;
    let mut lowered = [0u8; 64];
    let bytes = word.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        lowered[i] = b.to_ascii_lowercase();
    }
    let lowered = std::str::from_utf8(&lowered[..bytes.len()]).unwrap_or("");
    // Split on separators and camelCase humps.
    let mut start = 0;
    for i in 0..=bytes.len() {
        let boundary = i == bytes.len()
            || !bytes[i].is_ascii_alphanumeric()
            || (i > start && bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase());
        if boundary {
            if i > start && count < tokens.len() {
                tokens[count] = &lowered[start..i];
                count += 1;
            }
            start = if i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i
            } else {
                i + 1
            };
        }
    }
    let tokens = &tokens[..count];
    if tokens.is_empty() {
        return Role::Neutral;
    }
    if tokens.iter().any(|t| is_comment_token(t)) {
        return Role::Comments;
    }
    if tokens.iter().any(|t| is_furniture_token(t)) {
        return Role::Boilerplate;
    }
    // Weak furniture words count only as the head noun ("entry-meta", not "meta-content").
    if is_weak_furniture_token(tokens[tokens.len() - 1]) {
        return Role::Boilerplate;
    }
    if is_body_word(lowered) {
        return Role::ArticleBody;
    }
    if tokens.iter().any(|t| is_content_token(t)) {
        return Role::Content;
    }
    Role::Neutral
}

fn is_taxonomy_word(word: &str) -> bool {
    let lowered = word.as_bytes();
    ["category-", "tag-", "post_tag-"]
        .iter()
        .any(|p| lowered.len() > p.len() && lowered[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// Utility classes that hide an element on screen.
fn is_hiding_word(word: &str) -> bool {
    const HIDING: &[&str] = &[
        "hidden",
        "hide",
        "d-none",
        "invisible",
        "visually-hidden",
        "visuallyhidden",
        "sr-only",
        "screen-reader-text",
        "screenreader-only",
        "element-invisible",
    ];
    HIDING.iter().any(|h| word.eq_ignore_ascii_case(h))
}

fn is_comment_token(t: &str) -> bool {
    matches!(
        t,
        "comment"
            | "comments"
            | "commentlist"
            | "commentform"
            | "disqus"
            | "respond"
            | "replies"
            | "kommentare"
            | "comentarios"
            | "commentaires"
            | "discussion"
            | "talkback"
    ) || (t.starts_with("comment") && t.len() <= 12 && t != "commentary")
        || t.starts_with("disqus")
}

fn is_furniture_token(t: &str) -> bool {
    matches!(
        t,
        "nav"
            | "navbar"
            | "navigation"
            | "navi"
            | "menu"
            | "menus"
            | "submenu"
            | "megamenu"
            | "breadcrumb"
            | "breadcrumbs"
            | "crumbs"
            | "footer"
            | "sidebar"
            | "sidebars"
            | "aside"
            | "share"
            | "shares"
            | "sharing"
            | "sharebar"
            | "social"
            | "socials"
            | "related"
            | "recommended"
            | "recommendations"
            | "newsletter"
            | "subscribe"
            | "subscription"
            | "signup"
            | "login"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "ad"
            | "ads"
            | "adv"
            | "advert"
            | "adverts"
            | "advertisement"
            | "advertising"
            | "adsense"
            | "adslot"
            | "adunit"
            | "sponsor"
            | "sponsored"
            | "promo"
            | "promotion"
            | "popup"
            | "modal"
            | "outbrain"
            | "taboola"
            | "byline"
            | "author"
            | "authors"
            | "tagcloud"
            | "taglist"
            | "pagination"
            | "pager"
            | "paging"
            | "skip"
            | "toolbar"
            | "tools"
            | "rating"
            | "ratings"
            | "vote"
            | "masthead"
            | "dateline"
            | "timestamp"
            | "trending"
            | "popular"
            | "mostread"
            | "readmore"
            | "follow"
            | "offscreen"
            | "screenreader"
            | "disclaimer"
            | "copyright"
            | "legal"
            | "imprint"
            | "impressum"
            | "overlay"
            | "lightbox"
            | "ticker"
            | "search"
            | "widgets"
            | "sitemap"
            | "topbar"
            | "postnav"
            | "prevnext"
            | "pagenav"
            | "donate"
            | "teaserlist"
            | "categories"
            | "bio"
            | "profile"
            | "avatar"
            | "caption"
            | "credits"
            | "credit"
    ) || t.starts_with("share")
        || t.starts_with("social")
        || t.starts_with("related")
        || t.starts_with("newsletter")
        || t.starts_with("sidebar")
        || t.starts_with("breadcrumb")
        || t.starts_with("advert")
        || t.starts_with("sponsor")
        || t.starts_with("cookie")
        || t.starts_with("footer")
        || t.starts_with("navbar")
        || t.ends_with("sidebar")
        || t.ends_with("footer")
        || t.ends_with("share")
}

fn is_weak_furniture_token(t: &str) -> bool {
    matches!(
        t,
        "meta"
            | "banner"
            | "info"
            | "date"
            | "time"
            | "links"
            | "utility"
            | "utils"
            | "extra"
            | "extras"
            | "actions"
            | "buttons"
            | "icons"
            | "teaser"
            | "teasers"
            | "more"
            | "next"
            | "prev"
            | "previous"
            | "side"
            | "tags"
            | "tag"
    )
}

fn is_content_token(t: &str) -> bool {
    matches!(
        t,
        "article"
            | "articles"
            | "content"
            | "contents"
            | "entry"
            | "main"
            | "post"
            | "story"
            | "text"
            | "body"
            | "blog"
            | "hentry"
            | "prose"
            | "richtext"
            | "markdown"
            | "artikel"
            | "beitrag"
            | "inhalt"
    )
}

/// Whole class words that name the article body itself in common publishing systems.
fn is_body_word(word: &str) -> bool {
    const BODY_WORDS: &[&str] = &[
        "articlebody",
        "article-body",
        "article__body",
        "article_body",
        "article-content",
        "article__content",
        "article_content",
        "articlecontent",
        "article-text",
        "article__text",
        "articletext",
        "entry-content",
        "entry_content",
        "entrycontent",
        "post-content",
        "post_content",
        "postcontent",
        "post-body",
        "postbody",
        "post-entry",
        "post-text",
        "story-body",
        "storybody",
        "story-content",
        "story-text",
        "storytext",
        "body-text",
        "bodytext",
        "blog-content",
        "blog-post-content",
        "content-body",
        "td-post-content",
        "single-content",
        "main-text",
        "news-text",
        "text-content",
        "rich-text",
        "richtext",
        "field-name-body",
        "field--name-body",
        "node-content",
        "page-content",
        "article-main",
        "instapaper_body",
        "entry-body",
        "section-content",
        "artikel-text",
        "beitrag-text",
    ];
    BODY_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        assert_eq!(word_role("entry-content"), Role::ArticleBody);
        assert_eq!(word_role("entry-meta"), Role::Boilerplate);
        assert_eq!(word_role("socialShareBar"), Role::Boilerplate);
        assert_eq!(word_role("comment-body"), Role::Comments);
        assert_eq!(word_role("sharedaddy"), Role::Boilerplate);
        assert_eq!(word_role("main-content"), Role::Content);
        assert_eq!(word_role("header-content"), Role::Content);
        assert_eq!(word_role("col-md-8"), Role::Neutral);
        assert_eq!(word_role("badge"), Role::Neutral);
        assert_eq!(word_role("tag-politics"), Role::Neutral);
        assert_eq!(word_role("post-tags"), Role::Boilerplate);
        assert_eq!(word_role("hidden-xs"), Role::Neutral);
        assert_eq!(word_role("sr-only"), Role::Drop);
    }
}
