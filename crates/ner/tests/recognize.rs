//! The shipped model on handwritten news text, and on input it was never meant for.

use parallax_core::EntityType;
use parallax_ner::NerModel;

fn found(text: &str, sentences: &[std::ops::Range<usize>]) -> Vec<(String, EntityType, f32)> {
    let model = NerModel::builtin().expect("the built-in model loads");
    model
        .recognize(text, sentences)
        .into_iter()
        .map(|e| (text[e.range()].to_string(), e.entity_type, e.confidence))
        .collect()
}

/// Sentence ranges of a handwritten paragraph: ends at ". " boundaries.
fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        out.push(start..i + 1);
        start = i + 2;
    }
    out.push(start..text.len());
    out
}

#[test]
fn finds_people_organisations_and_places_in_a_news_paragraph() {
    let text = "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on \
                Tuesday. The two leaders discussed the budget of the European Union with officials \
                from the International Monetary Fund. Merkel later flew to London, where she spoke \
                to reporters outside the Bank of England.";
    let entities = found(text, &sentence_ranges(text));
    let has = |name: &str, t: EntityType| entities.iter().any(|(n, ty, _)| n == name && *ty == t);
    for (name, t) in [
        ("Angela Merkel", EntityType::Person),
        ("Emmanuel Macron", EntityType::Person),
        ("Berlin", EntityType::Location),
        ("European Union", EntityType::Organization),
        ("International Monetary Fund", EntityType::Organization),
        ("Merkel", EntityType::Person),
        ("London", EntityType::Location),
        ("Bank of England", EntityType::Organization),
    ] {
        assert!(has(name, t), "expected {name} as {t:?}, found {entities:?}");
    }
    assert!(entities
        .iter()
        .any(|(n, t, _)| (n == "German" || n == "French") && *t == EntityType::Misc));
    for (name, _, confidence) in &entities {
        assert!((0.0..=1.0).contains(confidence), "{name}: {confidence}");
    }
    // Nothing in lowercase running text is an entity here.
    assert!(!entities
        .iter()
        .any(|(n, _, _)| n == "reporters" || n == "budget"));
}

#[test]
fn offsets_are_byte_ranges_of_the_original_text() {
    let text = "«Il a dit» — Zürich’s mayor Corine Mauch met Pope Francis in Rome.";
    let entities = NerModel::builtin()
        .unwrap()
        .recognize(text, std::slice::from_ref(&(0..text.len())));
    assert!(!entities.is_empty());
    for e in &entities {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(!text[e.range()].trim().is_empty());
    }
    assert!(entities
        .iter()
        .any(|e| &text[e.range()] == "Rome" && e.entity_type == EntityType::Location));
}

#[test]
fn non_english_and_degenerate_input_never_panics() {
    let model = NerModel::builtin().unwrap();
    for text in [
        "",
        "   ",
        "日本の首相は東京で記者会見を行った。",
        "Президент России Владимир Путин прибыл в Москву.",
        "!!!! ???? .... ---- \u{200b}\u{feff}",
        "A",
    ] {
        let _ = model.recognize(text, &[]);
        let _ = model.recognize(text, std::slice::from_ref(&(0..text.len())));
    }
    // Ranges past the end or inside a multi-byte character are clamped, not trusted.
    let text = "Präsident Müller";
    let _ = model.recognize(text, &[2..100, 0..3]);
}
