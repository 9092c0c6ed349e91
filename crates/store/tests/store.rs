//! The store through its public API: durable writes, idempotence, search with filters,
//! reconciliation after an interrupted writer, concurrent readers.

use parallax_core::{
    stable_id, Article, Claim, EntityMention, EntityType, InputFormat, InputInfo, Quote, Technique,
    TechniqueSpan,
};
use parallax_store::{
    Entry, OnExisting, PreparedRecord, SearchRequest, SortOrder, Store, StoreError,
};

/// A small fictional corpus: one port strike and one dam inquiry, told by several outlets.
fn corpus() -> Vec<Article> {
    let stories: [(&str, &str, &str, &[&str], f64); 6] = [
        (
            "Dockers walk out at Port Kessan",
            "The Kessan Courier",
            "2024-05-02",
            &[
                "Dock workers at Port Kessan walked out on Thursday after talks over night-shift pay collapsed, leaving forty container ships waiting offshore.",
                "Union organiser Mira Solen said the harbour authority had ignored three written offers. \"We asked for a fair rota, nothing more,\" she said.",
            ],
            0.12,
        ),
        (
            "Strike chaos: greedy union holds the nation hostage",
            "Patriot Daily Wire",
            "2024-05-03",
            &[
                "Once again the greedy union bosses at Port Kessan have decided to hold an entire nation hostage, and ordinary families will pay the price.",
                "Mira Solen and her militants want to wreck the economy. Every true patriot knows where this ends.",
            ],
            0.81,
        ),
        (
            "Port Kessan strike enters second week",
            "The Kessan Courier",
            "2024-05-09",
            &[
                "The strike at Port Kessan entered its second week as the harbour authority offered mediation through the Labour Relations Board.",
                "Shipping agents estimated the backlog at sixty vessels.",
            ],
            0.08,
        ),
        (
            "Inquiry opens into Velden dam spillway failure",
            "Northern Ledger",
            "2023-11-20",
            &[
                "A public inquiry into the failure of the Velden dam spillway opened in Arnhal, with engineers from the water board due to give evidence.",
                "Inspection reports from 2019 flagged corrosion in the spillway gates, according to documents seen by the Ledger.",
            ],
            0.05,
        ),
        (
            "Velden dam: they knew and they lied",
            "Patriot Daily Wire",
            "2023-11-21",
            &[
                "The water board knew the Velden dam was a ticking time bomb and lied to every family downstream.",
                "Arnhal deserves the truth, not another cover-up by the same corrupt officials.",
            ],
            0.74,
        ),
        (
            "Zürich firm wins spillway repair contract",
            "Northern Ledger",
            "2024-02-14",
            &[
                "An engineering firm from Zürich won the contract to rebuild the Velden dam spillway gates, the water board said on Wednesday.",
                "Work is expected to take eighteen months.",
            ],
            0.10,
        ),
    ];
    stories
        .iter()
        .enumerate()
        .map(|(n, (title, outlet, published, paragraphs, propaganda))| {
            let input = InputInfo {
                path: Some("fixtures.jsonl".into()),
                url: Some(format!("https://news.example/{n}")),
                format: InputFormat::Jsonl,
            };
            let mut article = Article::from_paragraphs(
                stable_id(format!("{title}{outlet}").as_bytes()),
                input,
                paragraphs,
            );
            article.title = Some(title.to_string());
            article.outlet = Some(outlet.to_string());
            article.published = Some(published.to_string());
            article.language = Some("en".into());
            article.authors = vec!["Staff Reporter".into()];
            article.scores.propaganda = *propaganda;
            annotate(&mut article);
            article
        })
        .collect()
}

/// Adds entity, quote, claim and technique layers by finding known strings in the text.
fn annotate(article: &mut Article) {
    let text = article.text.clone();
    let find = |needle: &str| -> Option<(usize, usize)> {
        text.find(needle).map(|byte| {
            let start = text[..byte].chars().count();
            (start, start + needle.chars().count())
        })
    };
    for (name, id, entity_type) in [
        ("Port Kessan", "loc-port-kessan", EntityType::Location),
        ("Mira Solen", "per-mira-solen", EntityType::Person),
        ("Velden dam", "loc-velden-dam", EntityType::Location),
        ("Arnhal", "loc-arnhal", EntityType::Location),
        (
            "Labour Relations Board",
            "org-lrb",
            EntityType::Organization,
        ),
    ] {
        if let Some((start, end)) = find(name) {
            article.entities.push(EntityMention {
                start,
                end,
                text: name.into(),
                entity_type,
                id: id.into(),
            });
        }
    }
    if let Some((start, end)) = find("\"We asked for a fair rota, nothing more,\"") {
        article.quotes.push(Quote {
            start,
            end,
            speaker: Some("Mira Solen".into()),
            speaker_id: Some("per-mira-solen".into()),
            cue: Some("said".into()),
            anonymous: false,
        });
    }
    if let Some((start, end)) = find("Inspection reports from 2019 flagged corrosion") {
        article.claims.push(Claim {
            start,
            end,
            checkworthy: 0.9,
            attributed_to: Some("documents seen by the Ledger".into()),
        });
    }
    for (needle, technique) in [
        ("greedy union bosses", Technique::NameCallingLabeling),
        (
            "hold an entire nation hostage",
            Technique::ExaggerationMinimisation,
        ),
        ("ticking time bomb", Technique::LoadedLanguage),
        ("true patriot", Technique::FlagWaving),
    ] {
        if let Some((start, end)) = find(needle) {
            article.techniques.push(TechniqueSpan {
                start,
                end,
                technique,
                confidence: 0.8,
                reported: false,
            });
        }
    }
}

fn entries(articles: &[Article]) -> Vec<Entry> {
    articles
        .iter()
        .enumerate()
        .map(|(line, a)| {
            Entry::from(PreparedRecord::new(
                a,
                Some(format!("fixtures.jsonl:{}", line + 1)),
            ))
        })
        .collect()
}

fn filled_store(dir: &std::path::Path) -> Vec<Article> {
    let articles = corpus();
    let mut store = Store::open(dir).unwrap();
    let report = store.write(&entries(&articles), OnExisting::Keep).unwrap();
    assert_eq!(report.added, articles.len());
    store.close().unwrap();
    articles
}

fn ids(results: &parallax_store::SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

fn titles(results: &parallax_store::SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| h.title.clone().unwrap_or_default())
        .collect()
}

#[test]
fn records_round_trip_with_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let articles = filled_store(dir.path());
    let store = Store::open_read_only(dir.path()).unwrap();
    for article in &articles {
        assert_eq!(store.get(&article.id).unwrap().as_ref(), Some(article));
    }
    let all: Vec<Article> = store.records().map(Result::unwrap).collect();
    assert_eq!(all, articles, "records come back in the order stored");
    assert_eq!(
        store.sources(&articles[2].id).unwrap(),
        vec!["fixtures.jsonl:3".to_string()]
    );
    assert_eq!(store.get("ffffffffffffffff").unwrap(), None);
    let stats = store.stats().unwrap();
    assert_eq!(stats.records, 6);
    assert_eq!(stats.unindexed, 0);
    let count = |table: &str| stats.tables.iter().find(|(t, _)| t == table).unwrap().1;
    assert_eq!(count("quotes"), 1);
    assert_eq!(count("claims"), 1);
    assert_eq!(count("techniques"), 4);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn writing_the_same_records_again_changes_nothing_but_sources() {
    let dir = tempfile::tempdir().unwrap();
    let articles = filled_store(dir.path());
    let before = Store::open_read_only(dir.path()).unwrap().stats().unwrap();

    let mut store = Store::open(dir.path()).unwrap();
    let report = store.write(&entries(&articles), OnExisting::Keep).unwrap();
    assert_eq!((report.added, report.unchanged), (0, articles.len()));
    // The same bytes seen in another file: one record, two sources.
    let seen = Entry::Seen {
        id: articles[0].id.clone(),
        source: "mirror/fixtures.jsonl:1".into(),
    };
    store.write(&[seen], OnExisting::Keep).unwrap();
    // Replacing with an identical record is no change either.
    let report = store
        .write(&entries(&articles), OnExisting::Replace)
        .unwrap();
    assert_eq!(report.replaced, 0);
    store.close().unwrap();

    let store = Store::open_read_only(dir.path()).unwrap();
    let after = store.stats().unwrap();
    assert_eq!(after.records, before.records);
    assert_eq!(after.last_change, before.last_change);
    assert_eq!(store.sources(&articles[0].id).unwrap().len(), 2);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_changed_record_replaces_the_old_one_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles = filled_store(dir.path());
    articles[1].techniques.clear();
    articles[1].scores.propaganda = 0.3;
    articles[1].text = articles[1].text.replace("greedy", "determined");
    articles[1].title = Some("Strike: determined union holds out".into());

    let mut store = Store::open(dir.path()).unwrap();
    let report = store
        .write(&entries(&articles[1..2]), OnExisting::Keep)
        .unwrap();
    assert_eq!(report.unchanged, 1, "Keep never touches a stored record");
    let report = store
        .write(&entries(&articles[1..2]), OnExisting::Replace)
        .unwrap();
    assert_eq!(report.replaced, 1);
    store.close().unwrap();

    let mut store = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(
        store.get(&articles[1].id).unwrap().as_ref(),
        Some(&articles[1])
    );
    assert!(ids(&store.search(&SearchRequest::new("greedy")).unwrap()).is_empty());
    let found = store
        .search(&SearchRequest::new("determined union"))
        .unwrap();
    assert_eq!(ids(&found), vec![articles[1].id.clone()]);
    assert_eq!(found.hits[0].propaganda, 0.3);
    let mut request = SearchRequest::new("*");
    request.techniques = vec!["Name_Calling-Labeling".into()];
    assert!(store.search(&request).unwrap().hits.is_empty());
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn search_ranks_matches_and_highlights_them() {
    let dir = tempfile::tempdir().unwrap();
    filled_store(dir.path());
    let mut store = Store::open_read_only(dir.path()).unwrap();

    let results = store.search(&SearchRequest::new("spillway")).unwrap();
    assert_eq!(results.total, 2);
    // Both dam articles match; the one with the word in its title ranks first.
    assert_eq!(
        titles(&results)[0],
        "Inquiry opens into Velden dam spillway failure"
    );
    let snippet = &results.hits[0].snippet;
    assert!(!snippet.highlights.is_empty());
    for h in &snippet.highlights {
        let word: String = snippet
            .text
            .chars()
            .skip(h.start)
            .take(h.end - h.start)
            .collect();
        assert_eq!(word.to_lowercase(), "spillway");
    }

    // Words must all match by default; OR widens.
    let both = store.search(&SearchRequest::new("strike Velden")).unwrap();
    assert_eq!(both.total, 0);
    let either = store
        .search(&SearchRequest::new("strike OR Velden"))
        .unwrap();
    assert!(either.total >= 4);

    // Phrases keep word order; stemming and accent folding apply.
    let phrase = store
        .search(&SearchRequest::new("\"second week\""))
        .unwrap();
    assert_eq!(
        titles(&phrase),
        vec!["Port Kessan strike enters second week"]
    );
    assert_eq!(
        store
            .search(&SearchRequest::new("\"week second\""))
            .unwrap()
            .total,
        0
    );
    let stemmed = store.search(&SearchRequest::new("walking")).unwrap();
    assert_eq!(titles(&stemmed), vec!["Dockers walk out at Port Kessan"]);
    let folded = store.search(&SearchRequest::new("zurich")).unwrap();
    assert_eq!(folded.total, 1);

    // A query that cannot be parsed is an error, not an empty answer.
    assert!(matches!(
        store.search(&SearchRequest::new("title:(")),
        Err(StoreError::Query(_))
    ));
}

#[test]
fn filters_narrow_without_reranking() {
    let dir = tempfile::tempdir().unwrap();
    filled_store(dir.path());
    let mut store = Store::open_read_only(dir.path()).unwrap();
    let search = |store: &mut Store, edit: &dyn Fn(&mut SearchRequest)| {
        let mut request = SearchRequest::new("*");
        request.sort = SortOrder::Oldest;
        edit(&mut request);
        titles(&store.search(&request).unwrap())
    };

    let courier = search(&mut store, &|r| {
        r.outlets = vec!["the kessan COURIER".into()]
    });
    assert_eq!(
        courier,
        vec![
            "Dockers walk out at Port Kessan",
            "Port Kessan strike enters second week"
        ]
    );
    let may = search(&mut store, &|r| {
        r.from = Some("2024-05-03".into());
        r.to = Some("2024-05".into());
    });
    assert_eq!(
        may,
        vec![
            "Strike chaos: greedy union holds the nation hostage",
            "Port Kessan strike enters second week"
        ]
    );
    let to_day = search(&mut store, &|r| r.to = Some("2023-11-20".into()));
    assert_eq!(
        to_day,
        vec!["Inquiry opens into Velden dam spillway failure"]
    );

    let solen = search(&mut store, &|r| r.entities = vec!["per-mira-solen".into()]);
    assert_eq!(solen.len(), 2);
    let both = search(&mut store, &|r| {
        r.entities = vec!["per-mira-solen".into(), "loc-port-kessan".into()];
    });
    assert_eq!(both.len(), 2);
    let arnhal_and_solen = search(&mut store, &|r| {
        r.entities = vec!["per-mira-solen".into(), "loc-arnhal".into()];
    });
    assert!(arnhal_and_solen.is_empty());

    let flag = search(&mut store, &|r| r.techniques = vec!["Flag_Waving".into()]);
    assert_eq!(
        flag,
        vec!["Strike chaos: greedy union holds the nation hostage"]
    );
    // Older SemEval names are accepted for the same technique.
    let legacy = search(&mut store, &|r| r.techniques = vec!["Flag-Waving".into()]);
    assert_eq!(legacy, flag);

    let loud = search(&mut store, &|r| r.min_score = Some(0.7));
    assert_eq!(loud.len(), 2);
    let calm = search(&mut store, &|r| r.max_score = Some(0.1));
    assert_eq!(calm.len(), 3);

    let mut request = SearchRequest::new("union");
    request.outlets = vec!["Patriot Daily Wire".into()];
    let filtered = store.search(&request).unwrap();
    let mut unfiltered = store.search(&SearchRequest::new("union")).unwrap();
    unfiltered
        .hits
        .retain(|h| h.outlet.as_deref() == Some("Patriot Daily Wire"));
    assert_eq!(filtered.hits[0].score, unfiltered.hits[0].score);

    let mut bad = SearchRequest::new("*");
    bad.techniques = vec!["Shouting".into()];
    assert!(matches!(store.search(&bad), Err(StoreError::Filter(_))));
    let mut bad = SearchRequest::new("*");
    bad.from = Some("last week".into());
    assert!(matches!(store.search(&bad), Err(StoreError::Filter(_))));
}

#[test]
fn an_interrupted_writer_is_reconciled_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let articles = corpus();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .write(&entries(&articles[..2]), OnExisting::Keep)
            .unwrap();
        store.commit_index().unwrap();
        store
            .write(&entries(&articles[2..]), OnExisting::Keep)
            .unwrap();
        // Dropped without close: the index never commits the last four records, as when
        // the process is killed.
    }
    let mut reader = Store::open_read_only(dir.path()).unwrap();
    let report = reader.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.unindexed, 4);
    let results = reader.search(&SearchRequest::new("*")).unwrap();
    assert_eq!((results.total, results.unindexed), (2, 4));
    drop(reader);

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.reindexed(), 4);
    store.close().unwrap();
    let mut reader = Store::open_read_only(dir.path()).unwrap();
    let report = reader.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.unindexed, 0);
    assert_eq!(reader.search(&SearchRequest::new("*")).unwrap().total, 6);
}

#[test]
fn a_lost_or_damaged_index_is_rebuilt_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    filled_store(dir.path());
    std::fs::write(dir.path().join("index/meta.json"), b"{ not json").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.reindexed(), 6);
    store.close().unwrap();

    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.reindexed(), 6);
    store.close().unwrap();

    let mut reader = Store::open_read_only(dir.path()).unwrap();
    assert!(reader.check().unwrap().is_ok());
    assert_eq!(reader.search(&SearchRequest::new("dam")).unwrap().total, 3);
}

#[test]
fn one_writer_at_a_time_and_readers_alongside() {
    let dir = tempfile::tempdir().unwrap();
    let articles = corpus();
    let mut writer = Store::open(dir.path()).unwrap();
    assert!(matches!(Store::open(dir.path()), Err(StoreError::Busy(_))));
    writer
        .write(&entries(&articles[..3]), OnExisting::Keep)
        .unwrap();
    writer.commit_index().unwrap();

    // A reader opened mid-write sees what is committed, and can read while the writer
    // keeps writing.
    let mut reader = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(reader.search(&SearchRequest::new("*")).unwrap().total, 3);
    writer
        .write(&entries(&articles[3..]), OnExisting::Keep)
        .unwrap();
    assert_eq!(reader.records().count(), 6);
    writer.close().unwrap();
    assert!(reader.check().unwrap().is_ok());
    let store = Store::open(dir.path()).unwrap();
    store.close().unwrap();

    assert!(matches!(
        Store::open_read_only(dir.path().join("nowhere")),
        Err(StoreError::Missing(_))
    ));
}

#[test]
fn page_sizes_and_offsets_out_of_bounds_are_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    filled_store(dir.path());
    let mut store = Store::open_read_only(dir.path()).unwrap();
    for (limit, offset, message) in [
        (0, 0, "limit must be between 1 and 100000, not 0"),
        (usize::MAX, 0, "limit must be between 1 and 100000"),
        (1_000_000_000_000, 0, "limit must be between 1 and 100000"),
        (10, 1_000_000_000_000, "offset must be at most 1000000"),
    ] {
        let mut request = SearchRequest::new("spillway");
        request.limit = limit;
        request.offset = offset;
        let error = store.search(&request).unwrap_err().to_string();
        assert!(error.contains(message), "{error}");
    }
    let mut request = SearchRequest::new("spillway");
    request.limit = 100_000;
    request.offset = 1_000_000;
    assert_eq!(store.search(&request).unwrap().hits.len(), 0);
}
