//! The JSON API against a fixture store: every documented operation is called, every answer
//! (errors included) is checked against docs/openapi.json, and the values are checked against
//! the stored records.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use parallax_serve::{router, AppState};
use serde_json::Value;
use tower::ServiceExt;

use common::openapi::OpenApi;

struct Api {
    state: Arc<AppState>,
    spec: OpenApi,
    called: std::cell::RefCell<HashSet<(String, String)>>,
}

impl Api {
    fn new(state: Arc<AppState>) -> Api {
        Api {
            state,
            spec: OpenApi::load(),
            called: Default::default(),
        }
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
        let response = router(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
        (status, headers, body)
    }

    /// GET `uri`, checked against the operation `template`.
    async fn get(&self, template: &str, uri: &str) -> (StatusCode, Value) {
        let request = Request::get(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = self.send(request).await;
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "application/json",
            "{uri}"
        );
        self.spec.check("get", template, status.as_u16(), &body);
        self.called
            .borrow_mut()
            .insert(("get".into(), template.into()));
        (status, body)
    }

    async fn post(
        &self,
        template: &str,
        content_type: &str,
        body: impl Into<Body>,
        extra: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut request = Request::post(template)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, content_type);
        for (k, v) in extra {
            request = request.header(*k, *v);
        }
        let (status, _, body) = self.send(request.body(body.into()).unwrap()).await;
        self.spec.check("post", template, status.as_u16(), &body);
        self.called
            .borrow_mut()
            .insert(("post".into(), template.into()));
        (status, body)
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap()
}

const POSTED_TEXT: &str = "Harbour tunnel reopens after repairs\n\n\
    The Vellmore harbour tunnel reopened on Friday after three weeks of repairs, \
    the transport office said.\n\n\
    \"Traffic is flowing normally again,\" said Mayor Imogen Hale.";

#[tokio::test]
async fn every_operation_answers_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let api = Api::new(common::state(dir.path(), None));

    // Stats.
    let (status, stats) = api.get("/api/stats", "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["records"], records.len() as u64);
    assert_eq!(stats["outlets"], 5);

    // A record, exactly as stored.
    let wire = common::find(&records, "Northstar Wire");
    let (status, body) = api
        .get("/api/records/{id}", &format!("/api/records/{}", wire.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::to_value(wire).unwrap());
    let (status, body) = api.get("/api/records/{id}", "/api/records/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");

    // Search with facets: the three barrier reports that name the mayor, not the cycle lanes.
    let (status, body) = api
        .get(
            "/api/search",
            "/api/search?q=barrier%20Hale&facets=true&limit=50",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let outlets: HashSet<&str> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["outlet"].as_str().unwrap())
        .collect();
    assert!(outlets.contains("Northstar Wire") && outlets.contains("Vellmore Courier"));
    assert_eq!(
        body["total"].as_u64().unwrap() as usize,
        body["hits"].as_array().unwrap().len()
    );
    let techniques: Vec<&str> = body["facets"]["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert!(techniques.contains(&"Loaded_Language"), "{techniques:?}");
    // Filters alone browse everything, newest first.
    let (status, body) = api
        .get("/api/search", "/api/search?outlet=northstar%20wire")
        .await;
    assert_eq!(status, StatusCode::OK);
    let dates: Vec<&str> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap())
        .collect();
    assert_eq!(dates, vec!["2026-03-02", "2026-01-20"]);
    let (status, body) = api
        .get("/api/search", "/api/search?technique=Flag_Waving")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 1);
    assert_eq!(body["hits"][0]["outlet"], "The Daily Clarion");
    // Bad parameters are named.
    for uri in [
        "/api/search?q=x&limit=0",
        "/api/search?q=x&sort=best",
        "/api/search?q=x&min_score=high",
    ] {
        let (status, body) = api.get("/api/search", uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 10);
    }

    // Outlets and an outlet profile.
    let (status, body) = api.get("/api/outlets", "/api/outlets").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body[0]["name"], "Northstar Wire");
    assert_eq!(body[0]["articles"], 2);
    let (status, body) = api
        .get("/api/outlets/{name}", "/api/outlets/the%20daily%20clarion")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "The Daily Clarion");
    let own: u64 = common::find(&records, "The Daily Clarion")
        .techniques
        .iter()
        .filter(|t| !t.reported)
        .count() as u64;
    let spans: u64 = body["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["spans"].as_u64().unwrap())
        .sum();
    assert_eq!(spans, own);
    let (status, _) = api
        .get("/api/outlets/{name}", "/api/outlets/Nobody%20Here")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Entities: the mayor is named by every barrier report.
    let (status, body) = api.get("/api/entities", "/api/entities?q=hale").await;
    assert_eq!(status, StatusCode::OK);
    let mayor = &body["entities"][0];
    assert!(mayor["name"].as_str().unwrap().contains("Hale"), "{body}");
    assert!(mayor["articles"].as_u64().unwrap() >= 3);
    let id = mayor["id"].as_str().unwrap().to_string();
    let (status, body) = api
        .get(
            "/api/entities/{id}",
            &format!("/api/entities/{}", parallax_serve::links::encode(&id)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], id.as_str());
    assert!(body["outlets"].as_array().unwrap().len() >= 3);
    let (status, _) = api.get("/api/entities", "/api/entities?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .get("/api/entities/{id}", "/api/entities/per%3Anobody")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Analyse without storing: plain text and HTML.
    let (status, body) = api
        .post("/api/analyze", "text/plain", POSTED_TEXT, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let record = &body["records"][0];
    assert_eq!(record["title"], "Harbour tunnel reopens after repairs");
    assert!(!record["sentences"].as_array().unwrap().is_empty());
    assert!(!record["quotes"].as_array().unwrap().is_empty(), "{record}");
    let html = "<html><head><title>Tunnel</title></head><body><article><h1>Harbour tunnel \
                reopens</h1><p>The Vellmore harbour tunnel reopened on Friday after three weeks \
                of repairs, the transport office said on its website.</p><p>Engineers replaced \
                the ventilation fans and the emergency lighting in the eastern tube.</p>\
                </article></body></html>";
    let (status, body) = api.post("/api/analyze", "text/html", html, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["records"][0]["input"]["format"], "html");
    let (status, body) = api.post("/api/analyze", "text/plain", "   \n", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Ingest stores once; the record is then served.
    let (status, body) = api
        .post("/api/ingest", "text/plain", POSTED_TEXT, &[])
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["records"][0]["status"], "added");
    let id = body["records"][0]["id"].as_str().unwrap().to_string();
    let (status, _) = api
        .post("/api/ingest", "text/plain", POSTED_TEXT, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = api
        .get("/api/records/{id}", &format!("/api/records/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["title"], "Harbour tunnel reopens after repairs");

    // Too large.
    let big = "word ".repeat(60 * 1024);
    let (status, body) = api.post("/api/analyze", "text/plain", big, &[]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "too_large");

    // A write from another site's page.
    let (status, body) = api
        .post(
            "/api/analyze",
            "text/plain",
            POSTED_TEXT,
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "cross_origin");

    // Events (checked in detail below); the posted article joined the corpus layer.
    let (status, body) = api
        .get("/api/events", "/api/events?sort=newest&limit=5")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["pending"], 0);
    let event = body["events"][0]["id"].as_i64().unwrap();
    let (status, _) = api
        .get("/api/events/{id}", &format!("/api/events/{event}"))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Narratives need a catalog; this server was started without one.
    let (status, body) = api.get("/api/narratives", "/api/narratives").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--catalog FILE"));

    // The document is the whole API.
    let called = api.called.borrow().clone();
    for (method, path) in api.spec.operations() {
        assert!(
            called.contains(&(method.clone(), path.clone())),
            "{method} {path} is documented but not tested"
        );
    }
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let api = Api::new(common::state(dir.path(), Some("s3cret")));
    let (status, body) = api
        .post("/api/analyze", "text/plain", POSTED_TEXT, &[])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "token_required");
    let (status, body) = api
        .post(
            "/api/ingest",
            "text/plain",
            POSTED_TEXT,
            &[("authorization", "Bearer wrong")],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "bad_token");
    let (status, _) = api
        .post(
            "/api/analyze",
            "text/plain",
            POSTED_TEXT,
            &[("authorization", "Bearer s3cret")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Reading needs no token.
    let (status, _) = api.get("/api/stats", "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn beyond_loopback_writes_are_refused_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let mut config = parallax_serve::Config::new(dir.path());
    config.addr = "0.0.0.0:8080".parse().unwrap();
    let pipeline = common::TestPipeline::new();
    let state = Arc::new(AppState::new(
        config,
        Arc::new(move |raw| pipeline.process(raw)),
    ));
    let api = Api::new(state);
    let (status, body) = api
        .post("/api/analyze", "text/plain", POSTED_TEXT, &[])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "writing_disabled");
}

#[tokio::test]
async fn a_foreign_host_header_is_refused_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let api = Api::new(common::state(dir.path(), None));
    let request = Request::get("/api/stats")
        .header(header::HOST, "rebound.example:8080")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = api.send(request).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    api.spec.check("get", "/api/stats", 421, &body);
    // Unknown endpoints answer JSON too.
    let request = Request::get("/api/nothing")
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = api.send(request).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
}

/// The ratings a server is given decide who corroborates whom in the event view.
#[tokio::test]
async fn user_ratings_given_to_the_server_rate_the_event_statements() {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    let ratings_file = dir.path().join("ratings.tsv");
    std::fs::write(
        &ratings_file,
        "Vellmore Courier\thigh\nNorthstar Wire\thigh\n",
    )
    .unwrap();
    let mut ratings = parallax_corpus::Ratings::curated();
    ratings.load_user_file(&ratings_file).unwrap();
    let statements = |view: &Value| -> Vec<(String, Value, bool)> {
        view["claims"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["statements"].as_array().unwrap().clone())
            .map(|s| {
                (
                    s["outlet"].as_str().unwrap_or_default().to_string(),
                    s["rating"].clone(),
                    s["corroborated"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let mut views = Vec::new();
    for state in [
        common::state(dir.path(), None),
        common::state_with_ratings(dir.path(), ratings),
    ] {
        let api = Api::new(state);
        let (_, list) = api.get("/api/events", "/api/events").await;
        let id = list["events"][0]["id"].as_i64().unwrap();
        let (status, view) = api
            .get("/api/events/{id}", &format!("/api/events/{id}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        views.push(statements(&view));
    }
    let courier = |v: &[(String, Value, bool)]| -> Vec<Value> {
        v.iter()
            .filter(|s| s.0 == "Vellmore Courier")
            .map(|s| s.1.clone())
            .collect()
    };
    assert!(!courier(&views[0]).is_empty());
    assert!(
        courier(&views[0]).iter().all(Value::is_null),
        "{:?}",
        views[0]
    );
    assert!(
        courier(&views[1]).iter().all(|r| r == "high"),
        "{:?}",
        views[1]
    );
    // Two independent outlets rated high now corroborate each other on the claim both state.
    assert!(!views[0].iter().any(|s| s.2), "{:?}", views[0]);
    assert!(
        views[1].iter().any(|s| s.0 == "Vellmore Courier" && s.2),
        "{:?}",
        views[1]
    );
}

#[tokio::test]
async fn events_show_the_story_across_outlets() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let api = Api::new(common::state(dir.path(), None));
    let (status, body) = api.get("/api/events", "/api/events").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["pending"], 0);
    let story = &body["events"][0];
    let outlets: Vec<&str> = story["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    for outlet in [
        "Northstar Wire",
        "Feedwell",
        "The Daily Clarion",
        "Vellmore Courier",
    ] {
        assert!(
            outlets.contains(&outlet),
            "{outlet} missing from {outlets:?}"
        );
    }
    // The cycle lanes are another story.
    let cycle = records
        .iter()
        .find(|a| a.title.as_deref().is_some_and(|t| t.contains("cycle")))
        .unwrap();
    let id = story["id"].as_i64().unwrap();
    let (status, view) = api
        .get("/api/events/{id}", &format!("/api/events/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let articles = view["articles"].as_array().unwrap();
    assert!(articles.iter().all(|a| a["id"] != cycle.id.as_str()));
    // The wire copy is collapsed under the original: Feedwell copies Northstar (or the other
    // way round when both carry the same date; the earliest stored is the origin).
    let copies: Vec<&Value> = articles
        .iter()
        .filter(|a| !a["copy_of"].is_null())
        .collect();
    assert_eq!(copies.len(), 1, "{view}");
    let wire_ids: Vec<&str> = records
        .iter()
        .filter(|a| matches!(a.outlet.as_deref(), Some("Northstar Wire" | "Feedwell")))
        .filter(|a| a.title.as_deref().is_some_and(|t| t.contains("barrier")))
        .map(|a| a.id.as_str())
        .collect();
    assert!(wire_ids.contains(&copies[0]["id"].as_str().unwrap()));
    assert!(wire_ids.contains(&copies[0]["copy_of"].as_str().unwrap()));
    // The copy does not count as an independent source.
    assert_eq!(
        view["independent_sources"].as_u64().unwrap() as usize,
        articles.len() - 1
    );
    // Some claim is stated by more than one article.
    let claims = view["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    assert!(
        claims
            .iter()
            .any(|c| c["statements"].as_array().unwrap().len() >= 2),
        "{view}"
    );

    for uri in ["/api/events/999999", "/api/events/abc", "/api/events/0"] {
        let (status, body) = api.get("/api/events/{id}", uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(error_code(&body), "not_found");
    }
    let (status, _) = api.get("/api/events", "/api/events?sort=biggest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn narratives_list_the_articles_that_carry_them() {
    let dir = tempfile::tempdir().unwrap();
    let records = common::build_store(dir.path());
    let keep = tempfile::tempdir().unwrap();
    let api = Api::new(common::state_with_catalog(dir.path(), &keep));
    let (status, body) = api.get("/api/narratives", "/api/narratives").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["catalog"], 3);
    assert_eq!(body["articles"], records.len() as u64);
    assert!(body["source"]
        .as_str()
        .unwrap()
        .ends_with("narratives.jsonl"));
    let narratives = body["narratives"].as_array().unwrap();
    let ids: Vec<&str> = narratives
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(!ids.contains(&"moon"));
    let contract = narratives
        .iter()
        .find(|n| n["id"] == "vel-contract")
        .expect("the contract narrative is carried");
    let clarion = common::find(&records, "The Daily Clarion");
    let articles = contract["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["id"], clarion.id.as_str());
    assert!(articles[0]["score"].as_f64().unwrap() >= 0.6);
    let sentence = &articles[0]["sentences"][0];
    let (start, end) = (
        sentence["start"].as_u64().unwrap() as usize,
        sentence["end"].as_u64().unwrap() as usize,
    );
    // Character offsets into the stored text.
    let text: String = clarion.text.chars().skip(start).take(end - start).collect();
    assert_eq!(text, sentence["text"].as_str().unwrap());
}
