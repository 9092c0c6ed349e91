//! Non-English articles: segmentation still works, and the English-trained layers (the entity
//! recogniser, the claim scorer) stay out of the record instead of mislabelling it.

use parallax_annotate::Annotator;
use parallax_core::{Article, InputFormat, InputInfo};

fn annotate(paragraphs: &[&str]) -> Article {
    let mut article = Article::from_paragraphs(
        "test".into(),
        InputInfo {
            path: None,
            url: None,
            format: InputFormat::Text,
        },
        paragraphs,
    );
    Annotator::new().annotate(&mut article);
    article
}

fn sentence_texts(article: &Article) -> Vec<String> {
    let chars: Vec<char> = article.text.chars().collect();
    article
        .sentences
        .iter()
        .map(|s| chars[s.start..s.end].iter().collect())
        .collect()
}

#[test]
fn german_gets_sentences_listed_entities_and_quotes_but_no_english_model_output() {
    let article = annotate(&[
        "Der Stadtrat von Berlin beschloss am Dienstag nach langer Debatte den neuen Haushalt. \
         Die Kämmerin sagte vor der Presse: „Wir haben keine Wahl, wir müssen sparen.“ Die Sitzung dauerte bis 23 Uhr.",
        "Laut Angaben der Verwaltung steigen die Ausgaben um 4,5 Prozent. Kritiker sprechen von \
         einem Fehler, die Opposition will klagen.",
    ]);
    assert_eq!(article.language.as_deref(), Some("de"));
    assert_eq!(
        sentence_texts(&article),
        [
            "Der Stadtrat von Berlin beschloss am Dienstag nach langer Debatte den neuen Haushalt.",
            "Die Kämmerin sagte vor der Presse: „Wir haben keine Wahl, wir müssen sparen.“",
            "Die Sitzung dauerte bis 23 Uhr.",
            "Laut Angaben der Verwaltung steigen die Ausgaben um 4,5 Prozent.",
            "Kritiker sprechen von einem Fehler, die Opposition will klagen.",
        ]
    );
    // The English model would tag capitalised German nouns ("Debatte", "Sitzung") as names.
    for entity in &article.entities {
        assert_ne!(entity.text, "Debatte");
        assert_ne!(entity.text, "Sitzung");
        assert_ne!(entity.text, "Kritiker");
    }
    // Names in the alias tables are found in any language.
    let berlin: Vec<_> = article
        .entities
        .iter()
        .filter(|e| e.text == "Berlin")
        .collect();
    assert_eq!(berlin.len(), 1, "{:?}", article.entities);
    assert_eq!(berlin[0].id, "loc:berlin");
    // Quotations are found by their marks in any language.
    let chars: Vec<char> = article.text.chars().collect();
    let quoted: Vec<String> = article
        .quotes
        .iter()
        .map(|q| chars[q.start..q.end].iter().collect())
        .collect();
    assert_eq!(quoted, ["Wir haben keine Wahl, wir müssen sparen."]);
    assert!(
        article.claims.is_empty(),
        "the claim scorer is English-only"
    );
}

#[test]
fn english_articles_keep_every_layer() {
    let article = annotate(&[
        "The city council of Hamburg approved the new budget on Tuesday after a long debate. \
         \"We had no choice,\" treasurer Anna Vogt told reporters. Spending will rise by 4.5 per cent.",
    ]);
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(article.sentences.len(), 3);
    assert!(article.entities.iter().any(|e| e.text == "Hamburg"));
    assert!(!article.quotes.is_empty());
}
