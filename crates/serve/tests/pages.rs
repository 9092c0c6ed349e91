//! The pages against a fixture store that holds a hostile record: every page answers, carries
//! the Content-Security-Policy, and no article content becomes markup (no script element but
//! our own, no event-handler attribute, no javascript: link), wherever it is shown.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use parallax_serve::links;
use parallax_serve::security::CONTENT_SECURITY_POLICY;
use parallax_serve::{router, AppState};
use tower::ServiceExt;

async fn fetch(state: &Arc<AppState>, request: Request<Body>) -> (StatusCode, String) {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let csp = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .expect("every response carries a CSP")
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(csp, CONTENT_SECURITY_POLICY);
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn get(state: &Arc<AppState>, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    fetch(state, request).await
}

/// The tags of `html` as (name, attribute names, attribute text) — only our own markup
/// produces `<`, since every untrusted `<` is escaped.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let end = after.find('>').expect("every tag closes");
        let tag = &after[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        out.push((name, tag.to_string()));
        rest = &after[end + 1..];
    }
    out
}

/// The page with every tag removed, entities left escaped: the untrusted text as sent.
fn without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Attribute names of a tag, skipping quoted values.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = tag.chars().peekable();
    // Skip the element name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/'))
                .collect();
        if name.is_empty() {
            if chars.next().is_none() {
                break;
            }
            continue;
        }
        names.push(name.to_ascii_lowercase());
        if chars.peek() == Some(&'=') {
            chars.next();
            match chars.next() {
                Some('"') => while chars.next().is_some_and(|c| c != '"') {},
                Some('\'') => while chars.next().is_some_and(|c| c != '\'') {},
                _ => while chars.next().is_some_and(|c| !c.is_whitespace()) {},
            }
        }
    }
    names
}

/// Panics if `html` holds markup that could run script.
fn assert_inert(page: &str, html: &str) {
    for (name, tag) in tags(html) {
        match name.as_str() {
            "script" => assert!(
                tag == "script src=\"/static/app.js\" defer" || tag == "/script",
                "{page}: a script element that is not ours: <{tag}>"
            ),
            "iframe" | "object" | "embed" | "img" | "base" | "style" => {
                panic!("{page}: unexpected <{tag}>")
            }
            _ => {}
        }
        for attribute in attribute_names(&tag) {
            assert!(
                !attribute.starts_with("on"),
                "{page}: event handler {attribute} in <{tag}>"
            );
            assert!(attribute != "style", "{page}: inline style in <{tag}>");
        }
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.contains("javascript:") || !lower.contains("href"),
            "{page}: javascript: link in <{tag}>"
        );
    }
}

#[tokio::test]
async fn every_page_answers_and_escapes_hostile_records() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let keep = tempfile::tempdir().unwrap();
    let state = common::state_with_catalog(dir.path(), &keep);
    let hostile = common::find(&records, common::HOSTILE_OUTLET);
    let wire = common::find(&records, "Northstar Wire");

    let mut pages: Vec<(String, StatusCode)> = vec![
        ("/".into(), StatusCode::OK),
        ("/search".into(), StatusCode::OK),
        ("/search?q=alert".into(), StatusCode::OK),
        ("/search?q=*&facets=true&sort=newest".into(), StatusCode::OK),
        ("/search?q=%22unbalanced".into(), StatusCode::OK),
        ("/search?q=x&limit=0".into(), StatusCode::BAD_REQUEST),
        ("/outlets".into(), StatusCode::OK),
        ("/events".into(), StatusCode::OK),
        ("/events/999999".into(), StatusCode::NOT_FOUND),
        ("/events/%3Cscript%3E".into(), StatusCode::NOT_FOUND),
        ("/entities".into(), StatusCode::OK),
        ("/entities?q=%3Cscript".into(), StatusCode::OK),
        ("/paste".into(), StatusCode::OK),
        ("/narratives".into(), StatusCode::OK),
        (links::article(&hostile.id), StatusCode::OK),
        (links::article(&wire.id), StatusCode::OK),
        (links::outlet(common::HOSTILE_OUTLET), StatusCode::OK),
        (links::outlet("Northstar Wire"), StatusCode::OK),
        (links::entity(common::HOSTILE_ENTITY_ID), StatusCode::OK),
        ("/articles/%3Cscript%3E".into(), StatusCode::NOT_FOUND),
        ("/outlets/nobody".into(), StatusCode::NOT_FOUND),
        ("/entities/per%3Anobody".into(), StatusCode::NOT_FOUND),
        ("/no/such/page?%3Cscript%3E".into(), StatusCode::NOT_FOUND),
    ];
    for entity in &wire.entities {
        pages.push((links::entity(&entity.id), StatusCode::OK));
    }
    let store = parallax_store::Store::open_read_only(dir.path()).unwrap();
    let (_, events) = store
        .events(&parallax_store::EventQuery::default())
        .unwrap();
    assert!(!events.is_empty());
    for event in events {
        pages.push((links::event(&event.id.to_string()), StatusCode::OK));
    }
    drop(store);
    for (uri, expected) in &pages {
        let (status, html) = get(&state, uri).await;
        assert_eq!(status, *expected, "{uri}: {html}");
        assert!(html.starts_with("<!DOCTYPE html>"), "{uri}");
        assert_inert(uri, &html);
        assert!(!html.contains("<script>"), "{uri}");
    }

    // The hostile record is shown, escaped, on its article page.
    let (_, html) = get(&state, &links::article(&hostile.id)).await;
    let text = without_tags(&html);
    assert!(
        text.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"),
        "{text}"
    );
    assert!(
        text.contains("&lt;/textarea&gt;&lt;script&gt;window.pwned=3"),
        "{text}"
    );
    assert!(text.contains("&lt;svg onload=alert(3)&gt;"));
    assert!(text.contains("&lt;/li&gt;&lt;script&gt;window.pwned=5"));
    // Its URL is text, not a link.
    assert!(html.contains("<span class=\"url\">javascript:alert(4)</span>"));
    // The entity link percent-encodes the hostile id.
    assert!(html.contains(&format!(
        "href=\"{}\"",
        links::entity(common::HOSTILE_ENTITY_ID)
    )));

    // The highlighted article: a legend and marked technique spans inside the body.
    let clarion = common::find(&records, "The Daily Clarion");
    let (_, html) = get(&state, &links::article(&clarion.id)).await;
    assert!(html.contains("class=\"legend-list\""));
    let marks = html.matches("<mark class=\"t c").count();
    assert!(marks >= clarion.techniques.len(), "{marks} marks");
    assert!(html.contains("Flag Waving"));

    // Pasting hostile text: analysed and shown escaped; the form keeps it escaped.
    let form = format!("text={}&format=auto", links::encode(common::HOSTILE_TEXT));
    let request = Request::post("/paste")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, html) = fetch(&state, request).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_inert("POST /paste", &html);
    assert!(html.contains("window.pwned=3"));
    assert!(html.contains("is not stored"));

    // A paste that reads as nothing comes back to the form, escaped.
    let request = Request::post("/paste")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("text=%3C%2Ftextarea%3E&format=html"))
        .unwrap();
    let (status, html) = fetch(&state, request).await;
    assert_inert("POST /paste (bad)", &html);
    assert!(
        status.is_client_error() || status == StatusCode::OK,
        "{status}"
    );
    assert!(!html.contains("</textarea></textarea>"));
}

#[tokio::test]
async fn pasting_with_store_adds_the_article_and_redirects_to_it() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let state = common::state(dir.path(), None);
    let text = "Ferry timetable changes in April\n\nThe Vellmore ferry will run every 20 \
                minutes from April, the harbour office said on Wednesday.";
    let request = Request::post("/paste")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "text={}&format=text&store=1",
            links::encode(text)
        )))
        .unwrap();
    let response = router(state.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.starts_with("/articles/"));
    let (status, html) = get(&state, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ferry timetable changes in April"));
}

#[tokio::test]
async fn static_assets_are_served_with_their_types() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let state = common::state(dir.path(), None);
    let response = router(state.clone())
        .oneshot(
            Request::get("/static/app.js")
                .header(header::HOST, "localhost:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    // The script never parses markup from strings.
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let script = String::from_utf8(bytes.to_vec()).unwrap();
    for risky in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(risky), "app.js uses {risky}");
    }
}

#[tokio::test]
async fn narratives_page_lists_matches_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let keep = tempfile::tempdir().unwrap();
    let state = common::state_with_catalog(dir.path(), &keep);
    let (status, html) = get(&state, "/narratives").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_inert("/narratives", &html);
    assert!(html.contains("<a href=\"/narratives\" aria-current=\"page\">"));
    assert!(html.contains("2 narratives of the 3 in"), "{html}");

    // The Clarion's report carries the contract narrative, with its sentence and score.
    let clarion = common::find(&records, "The Daily Clarion");
    let section = html
        .split("<section class=\"narrative\">")
        .find(|s| s.contains("<code>vel-contract</code>"))
        .expect("the contract narrative is listed");
    assert!(section.contains("Castellan Engineering bought the contract."));
    assert!(section.contains(&format!("href=\"{}\"", links::article(&clarion.id))));
    assert!(section.contains(
        "<blockquote>Everyone knows Castellan Engineering bought the contract.</blockquote>"
    ));
    assert!(section.contains("score <span class=\"score-value\">"));
    assert!(!section.contains(&links::article(&common::find(&records, "Feedwell").id)));

    // The hostile record carries the other; its text, and the catalog's own markup, stay text.
    let hostile = common::find(&records, common::HOSTILE_OUTLET);
    let text = without_tags(&html);
    assert!(html.contains(&format!("href=\"{}\"", links::article(&hostile.id))));
    assert!(
        text.contains("lies&quot;&gt;&lt;script&gt;window.pwned=6&lt;/script&gt;"),
        "{text}"
    );
    assert!(text.contains("harbour barrier &lt;again&gt;."), "{text}");
    assert!(
        text.contains("Officials &lt;/textarea&gt;&lt;script&gt;window.pwned=3"),
        "{text}"
    );
    // Nothing carries the third.
    assert!(!html.contains("<code>moon</code>"));

    // Served from the cache the second time, the same page.
    let (_, again) = get(&state, "/narratives").await;
    assert_eq!(again, html);
}

#[tokio::test]
async fn a_narrative_has_its_own_page_with_every_article_that_carries_it() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let keep = tempfile::tempdir().unwrap();
    let state = common::state_with_catalog(dir.path(), &keep);
    // The list links each narrative to its page.
    let (_, list) = get(&state, "/narratives").await;
    let page = links::narrative("vel-contract");
    assert!(list.contains(&format!("<a href=\"{page}\">")), "{list}");

    let (status, html) = get(&state, &page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_inert(&page, &html);
    assert!(
        html.contains("<h1>Castellan Engineering bought the contract.</h1>"),
        "{html}"
    );
    let clarion = common::find(&records, "The Daily Clarion");
    assert!(html.contains(&format!("href=\"{}\"", links::article(&clarion.id))));
    assert!(html.contains(
        "<blockquote>Everyone knows Castellan Engineering bought the contract.</blockquote>"
    ));

    // The hostile narrative id makes a valid link and an inert page.
    let hostile_id = "lies\"><script>window.pwned=6</script>";
    let hostile_page = links::narrative(hostile_id);
    assert!(list.contains(&hostile_page.replace('&', "&amp;")), "{list}");
    let (status, html) = get(&state, &hostile_page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_inert(&hostile_page, &html);

    // A narrative nothing carries, or one the catalog lacks: not found, said plainly.
    for id in ["moon", "no-such-narrative"] {
        let (status, html) = get(&state, &links::narrative(id)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
        assert!(html.contains("Narrative not found"), "{html}");
    }
}

#[tokio::test]
async fn an_outlet_page_shows_its_factuality_rating_and_where_it_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let page = links::outlet("Vellmore Courier");
    let (status, html) = get(&common::state(dir.path(), None), &page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<h2>Factuality</h2><p>Unrated.</p>"),
        "{html}"
    );

    let file = dir.path().join("ratings.tsv");
    std::fs::write(&file, "Vellmore Courier\tmixed\n").unwrap();
    let mut ratings = parallax_corpus::Ratings::curated();
    ratings.load_user_file(&file).unwrap();
    let state = common::state_with_ratings(dir.path(), ratings);
    let (status, html) = get(&state, &page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_inert(&page, &html);
    assert!(
        html.contains("<span class=\"rating rating-mixed\">mixed</span>"),
        "{html}"
    );
    assert!(
        html.contains("From the server's ratings file (matched <code>"),
        "{html}"
    );
}

#[tokio::test]
async fn narratives_page_without_a_catalog_says_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let state = common::state(dir.path(), None);
    let (status, html) = get(&state, "/narratives").await;
    assert_eq!(status, StatusCode::OK);
    assert_inert("/narratives", &html);
    assert!(
        html.contains("parallax serve --db DIR --catalog FILE"),
        "{html}"
    );
}
