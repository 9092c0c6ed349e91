//! A small corpus for the server's tests, written for them: four outlets reporting one story
//! (a harbour flood barrier in a made-up city), a near-copy of one report, an unrelated
//! article, and a hostile record whose every field carries markup or script.
//!
//! Documents go through the real reader, extractor and annotator (sentences, entities, quotes,
//! claims); the analysis stage (technique spans, scores) is not a dependency of the server's
//! tests, so the fixture marks technique spans on phrases chosen for it and derives a score
//! from them, the way a record from `parallax analyze` carries them.

#![allow(dead_code)]

pub mod openapi;

use std::path::Path;
use std::sync::Arc;

use parallax_annotate::Annotator;
use parallax_core::{
    Article, EntityMention, EntityType, InputFormat, InputInfo, Quote, Technique, TechniqueSpan,
};
use parallax_corpus::narratives::{read_catalog, Narrative};
use parallax_ingest::{extract, read_bytes, InputError, Limits, RawDocument, ReadOptions};
use parallax_serve::narratives::NarrativeCatalog;
use parallax_serve::{AppState, Config};
use parallax_store::{Entry, OnExisting, PreparedRecord, Store};

pub struct Doc {
    pub title: &'static str,
    pub outlet: &'static str,
    pub published: &'static str,
    pub url: &'static str,
    pub author: &'static str,
    pub text: &'static str,
}

pub const DOCS: &[Doc] = &[
    Doc {
        title: "Vellmore flood barrier fails during spring tide",
        outlet: "Northstar Wire",
        published: "2026-03-02",
        url: "https://northstar.example/vellmore-barrier",
        author: "Ada Quill",
        text: "The harbour flood barrier in Vellmore failed to close during Sunday's spring tide, \
               flooding 40 homes in the Lower Quay district.\n\n\
               \"The hydraulic gate did not respond to the closing signal,\" said Mayor Imogen \
               Hale at a press conference on Monday.\n\n\
               The barrier was built in 2019 at a cost of 86 million euros by Castellan \
               Engineering. The city council said an inspection in January found no faults.\n\n\
               Residents were moved to the Saint Brigid school overnight. No injuries were reported.",
    },
    Doc {
        title: "Vellmore flood barrier fails during spring tide",
        outlet: "Feedwell",
        published: "2026-03-02",
        url: "https://feedwell.example/news/vellmore-barrier-fails",
        author: "Ada Quill",
        text: "The harbour flood barrier in Vellmore failed to close during Sunday's spring tide, \
               flooding 40 homes in the Lower Quay district.\n\n\
               \"The hydraulic gate did not respond to the closing signal,\" said Mayor Imogen \
               Hale at a press conference on Monday.\n\n\
               The barrier was built in 2019 at a cost of 86 million euros by Castellan \
               Engineering. The city council said an inspection in January found no faults.\n\n\
               Residents were moved to the Saint Brigid school overnight.",
    },
    Doc {
        title: "Betrayed again: Vellmore's useless barrier drowns the Lower Quay",
        outlet: "The Daily Clarion",
        published: "2026-03-03",
        url: "https://clarion.example/2026/03/betrayed-again",
        author: "Rex Thorne",
        text: "The corrupt city hall has betrayed Vellmore once again. Its useless flood barrier \
               collapsed on Sunday and hundreds of families lost everything.\n\n\
               Everyone knows Castellan Engineering bought the contract. Who can still believe a \
               word from Mayor Imogen Hale?\n\n\
               \"They told us we were safe,\" said Marta Keel, a resident of the Lower Quay.\n\n\
               If nothing changes, the next tide will wipe out the whole harbour. Real patriots \
               must stand up for Vellmore now.",
    },
    Doc {
        title: "Engineers question barrier maintenance after Lower Quay flooding",
        outlet: "Vellmore Courier",
        published: "2026-03-04",
        url: "https://courier.example/local/barrier-maintenance",
        author: "Tomas Brenner",
        text: "Independent engineers said on Tuesday that the Vellmore flood barrier may have \
               failed because a sensor cable was not replaced during the January inspection.\n\n\
               \"A single faulty cable can stop the gate from receiving the closing signal,\" said \
               Professor Lina Ostrova of the Harbour Institute.\n\n\
               Castellan Engineering denied that the hydraulic gate did not respond to the closing \
               signal and called the claim false. The company said it was reviewing the \
               inspection records.\n\n\
               The barrier failed to close during Sunday's spring tide and flooded 40 homes in \
               the Lower Quay district, the city council said. Mayor Imogen Hale said the council \
               would publish the full report within two weeks.",
    },
    Doc {
        title: "Northstar: council approves new cycle lanes",
        outlet: "Northstar Wire",
        published: "2026-01-20",
        url: "https://northstar.example/cycle-lanes",
        author: "Ada Quill",
        text: "The Vellmore city council approved 12 kilometres of new cycle lanes on Tuesday.\n\n\
               Work on the first section along the river will begin in April, the council said.",
    },
];

/// Phrases the fixture marks as technique spans (first occurrence in each article).
const MARKED: &[(&str, Technique)] = &[
    ("corrupt city hall", Technique::NameCallingLabeling),
    ("betrayed Vellmore once again", Technique::LoadedLanguage),
    ("useless flood barrier", Technique::LoadedLanguage),
    (
        "hundreds of families lost everything",
        Technique::ExaggerationMinimisation,
    ),
    ("Everyone knows", Technique::AppealToPopularity),
    (
        "Who can still believe a word from Mayor Imogen Hale?",
        Technique::Doubt,
    ),
    (
        "the next tide will wipe out the whole harbour",
        Technique::AppealToFearPrejudice,
    ),
    (
        "Real patriots must stand up for Vellmore now",
        Technique::FlagWaving,
    ),
    ("They told us we were safe", Technique::Doubt),
];

/// Text of the hostile record: markup, script and handler attributes in every field.
pub const HOSTILE_TITLE: &str = "<script>alert('title')</script><img src=x onerror=alert(1)>";
pub const HOSTILE_OUTLET: &str = "Evil \"Outlet\" <b onmouseover=alert(2)>";
pub const HOSTILE_AUTHOR: &str = "<svg onload=alert(3)>";
pub const HOSTILE_URL: &str = "javascript:alert(4)";
pub const HOSTILE_TEXT: &str = "<script>window.pwned=1</script> The mayor \"<img src=x \
     onerror=window.pwned=2>\" said nothing about the barrier on Monday.\n\n\
     Officials </textarea><script>window.pwned=3</script> lied about the harbour barrier again, \
     residents said, and <iframe src=javascript:alert(5)></iframe> nobody answered their letters.";
pub const HOSTILE_ENTITY_ID: &str = "per:\"><script>window.pwned=4</script>";
pub const HOSTILE_EXPLANATION: &str = "</li><script>window.pwned=5</script>";

/// The real reader + extractor + annotator: the pipeline up to analysis.
pub struct TestPipeline {
    annotator: Annotator,
}

impl TestPipeline {
    pub fn new() -> Self {
        TestPipeline {
            annotator: Annotator::new(),
        }
    }

    pub fn process(&self, raw: RawDocument) -> Result<Article, InputError> {
        let mut article = extract(raw, &Limits::default())?;
        self.annotator.annotate(&mut article);
        mark_techniques(&mut article);
        Ok(article)
    }
}

/// Technique spans on the fixture's phrases, and a score and explanation derived from them.
pub fn mark_techniques(article: &mut Article) {
    let chars: Vec<char> = article.text.chars().collect();
    let text: String = chars.iter().collect();
    for (phrase, technique) in MARKED {
        if let Some(byte) = text.find(phrase) {
            let start = text[..byte].chars().count();
            let end = start + phrase.chars().count();
            let reported = article
                .quotes
                .iter()
                .any(|q| q.start <= start && end <= q.end);
            article.techniques.push(TechniqueSpan {
                start,
                end,
                technique: *technique,
                confidence: 0.62 + 0.03 * (article.techniques.len() as f64),
                reported,
            });
        }
    }
    article.techniques.sort_by_key(|t| (t.start, t.end));
    let own = article.techniques.iter().filter(|t| !t.reported).count();
    article.scores.propaganda = (own as f64 / 8.0).min(0.95);
    if own > 0 {
        article.explanation = vec![format!(
            "{own} persuasion technique spans in the article's own words"
        )];
    }
}

fn jsonl(docs: &[Doc]) -> String {
    docs.iter()
        .map(|d| {
            serde_json::json!({
                "title": d.title, "outlet": d.outlet, "published": d.published,
                "url": d.url, "author": d.author, "text": d.text,
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fixture's records (the story, the copy, the unrelated article, the hostile record).
pub fn records() -> Vec<Article> {
    let pipeline = TestPipeline::new();
    let options = ReadOptions {
        limits: Limits::default(),
        recursive: false,
    };
    let mut out: Vec<Article> = read_bytes(
        jsonl(DOCS).into_bytes(),
        "fixture",
        Some("fixture.jsonl"),
        options,
    )
    .expect("the fixture reads")
    .map(|raw| {
        pipeline
            .process(raw.expect("a fixture document reads"))
            .expect("analyses")
    })
    .collect();
    out.push(hostile(&pipeline));
    out
}

fn hostile(pipeline: &TestPipeline) -> Article {
    let doc = serde_json::json!({
        "title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET, "published": "2026-03-05",
        "url": HOSTILE_URL, "author": "Nobody", "text": HOSTILE_TEXT,
    })
    .to_string();
    let options = ReadOptions {
        limits: Limits::default(),
        recursive: false,
    };
    let raw = read_bytes(doc.into_bytes(), "hostile", Some("hostile.jsonl"), options)
        .expect("reads")
        .next()
        .expect("one document")
        .expect("a document");
    let mut article = pipeline.process(raw).expect("analyses");
    // Fields the pipeline would not produce from this text, set as a damaged or hostile
    // record could carry them.
    article.authors = vec![HOSTILE_AUTHOR.to_string()];
    let len = article.text.chars().count();
    article.entities.push(EntityMention {
        start: 0,
        end: 8.min(len),
        text: "<b>mayor</b>".into(),
        entity_type: EntityType::Person,
        id: HOSTILE_ENTITY_ID.into(),
    });
    article.quotes.push(Quote {
        start: 10.min(len),
        end: 30.min(len),
        speaker: Some("<script>window.pwned=6</script>".into()),
        speaker_id: Some(HOSTILE_ENTITY_ID.into()),
        cue: Some("\" onmouseover=\"window.pwned=7".into()),
        anonymous: false,
    });
    article.techniques.push(TechniqueSpan {
        start: 0,
        end: 20.min(len),
        technique: Technique::LoadedLanguage,
        confidence: 0.9,
        reported: false,
    });
    article.explanation.push(HOSTILE_EXPLANATION.into());
    article.scores.propaganda = 0.7;
    article
}

/// A store in `dir` holding [`records`], with its corpus layer (events, near-duplicates,
/// aligned claims) up to date; returns the records.
pub fn build_store(dir: &Path) -> Vec<Article> {
    let records = records();
    let mut store = Store::open(dir).expect("opens the store");
    let entries: Vec<Entry> = records
        .iter()
        .map(|a| PreparedRecord::new(a, Some("fixture".into())).into())
        .collect();
    store.write(&entries, OnExisting::Keep).expect("writes");
    store.commit_index().expect("indexes");
    let added = parallax_serve::corpus_sync::sync(&mut store).expect("the corpus layer updates");
    assert_eq!(added, records.len());
    store.close().expect("closes");
    records
}

/// Server state over a store in `dir`, with the test pipeline for posted documents.
pub fn state(dir: &Path, token: Option<&str>) -> Arc<AppState> {
    state_with(Config::new(dir), token)
}

/// The state of a server given a narrative catalog.
pub fn state_with_narratives(dir: &Path, narratives: NarrativeCatalog) -> Arc<AppState> {
    let mut config = Config::new(dir);
    config.narratives = Some(Arc::new(narratives));
    state_with(config, None)
}

/// The state of a server given outlet ratings (`parallax serve --sources/--ratings`).
pub fn state_with_ratings(dir: &Path, ratings: parallax_corpus::Ratings) -> Arc<AppState> {
    let mut config = Config::new(dir);
    config.ratings = ratings;
    state_with(config, None)
}

fn state_with(mut config: Config, token: Option<&str>) -> Arc<AppState> {
    config.token = token.map(str::to_string);
    config.max_body_bytes = 256 * 1024;
    let pipeline = TestPipeline::new();
    Arc::new(AppState::new(
        config,
        Arc::new(move |raw| pipeline.process(raw)),
    ))
}

/// A catalog written for these tests: one narrative the Clarion's report carries, one the
/// hostile record carries (its id and claim carry markup too), one nothing carries.
pub const NARRATIVES: &str = r#"{"id": "vel-contract", "claim": "Castellan Engineering bought the contract.", "keywords": []}
{"id": "lies\"><script>window.pwned=6</script>", "claim": "Officials lied about the harbour barrier <again>.", "keywords": []}
{"id": "moon", "claim": "The Vellmore ferry is secretly run by the harbour office of Mars.", "keywords": []}
"#;

/// Server state over the store in `dir` with [`NARRATIVES`] as its catalog (kept in `keep`).
pub fn state_with_catalog(dir: &std::path::Path, keep: &tempfile::TempDir) -> Arc<AppState> {
    let path = keep.path().join("narratives.jsonl");
    std::fs::write(&path, NARRATIVES).unwrap();
    state_with_narratives(dir, narrative_catalog(&path))
}

/// Reads a narrative catalog file and prepares it as `parallax serve --catalog` does: each
/// claim (then its keywords, a paragraph each) annotated so names resolve to entity ids.
pub fn narrative_catalog(path: &Path) -> NarrativeCatalog {
    let entries = read_catalog(path).unwrap();
    let annotator = Annotator::new();
    let narratives = entries
        .iter()
        .map(|entry| {
            let mut paragraphs = vec![entry.claim.as_str()];
            paragraphs.extend(entry.keywords.iter().map(String::as_str));
            let mut article = Article::from_paragraphs(
                "narrative".into(),
                InputInfo {
                    path: None,
                    url: None,
                    format: InputFormat::Text,
                },
                &paragraphs,
            );
            article.language = Some("en".into());
            annotator.annotate(&mut article);
            Narrative::prepare(entry, &article)
        })
        .collect();
    NarrativeCatalog::new(path.display().to_string(), narratives)
}

/// The record of the fixture with this title and outlet.
pub fn find<'a>(records: &'a [Article], outlet: &str) -> &'a Article {
    records
        .iter()
        .find(|a| a.outlet.as_deref() == Some(outlet))
        .unwrap_or_else(|| panic!("no fixture record from {outlet}"))
}
