//! Behaviour of the whole extractor on small handwritten pages: what counts as the article,
//! what metadata is read, and how bad input is handled.

use super::extract;
use crate::{Limits, Reason};

fn paragraphs(html: &str) -> Vec<String> {
    extract(html, None, &Limits::default())
        .expect("article")
        .paragraphs
}

const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-US">
<head>
  <meta charset="utf-8">
  <title>Harbour bridge to close for repairs | The Coastal Courier</title>
  <meta property="og:site_name" content="The Coastal Courier">
  <meta property="og:title" content="Harbour bridge to close for repairs">
  <meta name="author" content="Maria Lopez">
  <meta property="article:published_time" content="2023-04-12T09:30:00+01:00">
  <link rel="canonical" href="https://courier.example/news/harbour-bridge">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">The Coastal Courier</a>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Harbour bridge to close for repairs</h1>
      <p class="byline">By Maria Lopez</p>
      <time datetime="2023-04-12">12 April 2023</time>
      <div class="article-body">
        <p>The harbour bridge will close for six weeks from May, the city council said on Tuesday, after inspectors found corrosion in two of its supports.</p>
        <p>Drivers will be diverted through the industrial estate, which the council expects to add up to twenty minutes to journeys at peak times.</p>
        <h2>Ferry service extended</h2>
        <p>The ferry between the two quays will run every fifteen minutes during the closure, and tickets will be free for residents, a spokesperson confirmed.</p>
        <p>Local businesses have asked for compensation, saying the last closure, in 2019, cost them a fifth of their summer trade.</p>
        <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
      </div>
    </article>
    <section class="related-articles">
      <h3>Related</h3>
      <ul>
        <li><a href="/a">Council approves new budget for road maintenance</a></li>
        <li><a href="/b">Ferry timetable changes announced for the summer season</a></li>
        <li><a href="/c">Residents protest against the industrial estate expansion</a></li>
      </ul>
    </section>
    <div id="comments" class="comments-area">
      <h3>2 comments</h3>
      <div class="comment"><p>About time they fixed it, the rust has been visible for years now.</p></div>
      <div class="comment"><p>Six weeks is far too long, they should work at night as well.</p></div>
    </div>
  </main>
  <aside class="sidebar"><h3>Most read</h3><p>Weather warning issued for the weekend as storms approach the coast.</p></aside>
  <footer class="site-footer"><p>© 2023 The Coastal Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>"##;

#[test]
fn news_page_body_is_the_article_only() {
    assert_eq!(
        paragraphs(NEWS_PAGE),
        [
            "The harbour bridge will close for six weeks from May, the city council said on Tuesday, after inspectors found corrosion in two of its supports.",
            "Drivers will be diverted through the industrial estate, which the council expects to add up to twenty minutes to journeys at peak times.",
            "Ferry service extended",
            "The ferry between the two quays will run every fifteen minutes during the closure, and tickets will be free for residents, a spokesperson confirmed.",
            "Local businesses have asked for compensation, saying the last closure, in 2019, cost them a fifth of their summer trade.",
        ]
    );
}

#[test]
fn news_page_metadata() {
    let e = extract(
        NEWS_PAGE,
        Some("https://courier.example/news/harbour-bridge?utm=x"),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        e.title.as_deref(),
        Some("Harbour bridge to close for repairs")
    );
    assert_eq!(e.authors, ["Maria Lopez"]);
    assert_eq!(e.published.as_deref(), Some("2023-04-12T09:30:00+01:00"));
    assert_eq!(e.outlet.as_deref(), Some("The Coastal Courier"));
    assert_eq!(e.language.as_deref(), Some("en"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://courier.example/news/harbour-bridge")
    );
}

#[test]
fn teaser_list_next_to_a_short_article_is_left_out() {
    let teaser = |i: usize| {
        format!(
            r#"<div class="teaser teaser-{i}"><h3><a href="/story-{i}">Headline of another story number {i} in the list</a></h3><p>A short summary of that other story, cut off after a few words of its own…</p></div>"#
        )
    };
    let html = format!(
        r#"<html><body><div class="page"><div class="story"><p>The library reopens on Monday after a renovation that took two years and cost more than expected, the mayor said.</p><p>New opening hours run from eight in the morning until ten at night, including weekends, for the first time in its history.</p></div><div class="more">{}</div></div></body></html>"#,
        (1..=6).map(teaser).collect::<String>()
    );
    let body = paragraphs(&html);
    assert_eq!(body.len(), 2, "{body:?}");
    assert!(body[0].starts_with("The library reopens"));
}

#[test]
fn article_split_over_sibling_sections_is_kept_whole() {
    let section = |i: usize| {
        format!(
            r#"<div class="frame"><div class="inner"><h2>Part {i}</h2><p>Section {i} explains, in several sentences of ordinary prose, one more step of the guide, with examples and the reasons behind them.</p></div></div>"#
        )
    };
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/guides">Guides</a></nav><div class="guide">{}</div><footer>Contact</footer></body></html>"#,
        (1..=4).map(section).collect::<String>()
    );
    let body = paragraphs(&html);
    assert_eq!(body.len(), 8, "{body:?}");
    assert_eq!(body[7], "Section 4 explains, in several sentences of ordinary prose, one more step of the guide, with examples and the reasons behind them.");
}

#[test]
fn text_separated_by_line_breaks_becomes_paragraphs() {
    let html = "<html><body><div class=\"post\">First line of the poem, long enough to count as text,<br>second line of the poem, also long enough,<br><br>third line after a blank line, still part of it.</div></body></html>";
    assert_eq!(
        paragraphs(html),
        [
            "First line of the poem, long enough to count as text,",
            "second line of the poem, also long enough,",
            "third line after a blank line, still part of it."
        ]
    );
}

#[test]
fn live_ticker_named_comments_is_found_by_the_fallback() {
    let html = r#"<html><body><div class="live-comments"><p>12:03 The home side press high from the first whistle, winning two corners early on.</p><p>12:10 A long ball over the top finds the striker, whose shot goes just wide of the post.</p></div></body></html>"#;
    assert_eq!(paragraphs(html).len(), 2);
}

#[test]
fn pages_without_an_article() {
    let nav_only = r#"<html><body><nav><a href="/a">One</a><a href="/b">Two</a></nav><footer><a href="/c">Three</a></footer></body></html>"#;
    assert!(matches!(
        extract(nav_only, None, &Limits::default()),
        Err(Reason::NoText)
    ));
    assert!(matches!(
        extract(
            "<html><head><title>Only a title</title></head></html>",
            None,
            &Limits::default()
        ),
        Err(Reason::NoText)
    ));
    assert!(matches!(
        extract("  \n ", None, &Limits::default()),
        Err(Reason::Empty)
    ));
}

#[test]
fn truncated_and_malformed_html_still_yields_text() {
    let sentence = "This sentence is long enough, with a comma, to be article text on its own.";
    for html in [
        format!(
            "<html><body><p>{sentence}</p><p>Cut off in the middle of a tag <a href=\"http://exa"
        ),
        format!("<p>{sentence}<div><span><b>unclosed everything"),
        format!("<p>{sentence}<!-- an unterminated comment"),
        format!("</div></p></body><p>{sentence}</table></li>"),
        format!("<p class='a\" id=b>'>{sentence}</p><p a=b=c \"x\" =y>more</p>"),
        format!("<table><tr><td><p>{sentence}<td>cell</table></p></td>"),
        format!("\u{FEFF}<p>{sentence} &#0; &#x110000; &unknown; &amp</p>\0"),
    ] {
        let body =
            extract(&html, None, &Limits::default()).unwrap_or_else(|e| panic!("{html}: {e}"));
        assert!(
            body.paragraphs
                .iter()
                .any(|p| p.contains("This sentence is long enough")),
            "{html}: {body:?}"
        );
        assert!(body.paragraphs.iter().all(|p| !p.contains('\n')));
    }
}

#[test]
fn nesting_limits_and_size_limits_are_enforced() {
    let limits = Limits {
        max_depth: 100,
        max_document_bytes: 1 << 20,
        ..Limits::default()
    };
    let deep = format!("{}<p>text</p>", "<div>".repeat(150));
    match extract(&deep, None, &limits) {
        Err(Reason::TooDeep { limit }) => assert_eq!(limit, 100),
        other => panic!("expected TooDeep, got {other:?}"),
    }
    // Inline elements left open nest too; void elements and implied end tags do not.
    let flat = format!(
        "<body>{}{}",
        "<br><img src=x><p>paragraph text here, long enough to be prose".repeat(5000),
        "<li>item".repeat(5000)
    );
    assert!(extract(&flat, None, &limits).is_ok());
    let large = "x".repeat((1 << 20) + 1);
    match extract(&large, None, &limits) {
        Err(Reason::TooLarge { limit }) => assert_eq!(limit, 1 << 20),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn large_page_is_handled_whole() {
    let paragraph =
        "<p>Each of these paragraphs holds an ordinary sentence, with commas, of some length.</p>";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        paragraph.repeat(50_000)
    );
    let body = paragraphs(&html);
    assert_eq!(body.len(), 50_000);
}

#[test]
fn scripts_styles_and_hidden_text_never_show() {
    let html = r#"<html><body><article><p>Visible article text that is long enough to be selected as the body.</p>
        <script>var secret = "script text";</script><style>.x{content:"style text"}</style>
        <p style="display: none">hidden paragraph text</p><p hidden>also hidden text</p>
        <template><p>template text</p></template><p>Second visible paragraph, also long enough, with a comma.</p></article></body></html>"#;
    let body = paragraphs(html).join("\n");
    for unwanted in [
        "script text",
        "style text",
        "hidden paragraph",
        "also hidden",
        "template text",
    ] {
        assert!(!body.contains(unwanted), "{unwanted} in {body}");
    }
    assert!(body.contains("Second visible paragraph"));
}
