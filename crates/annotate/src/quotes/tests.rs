//! Handwritten sentences for each attribution pattern. The annotator runs in full (sentences,
//! entities, identity) so the tests see what `parallax analyze` does.

use parallax_core::{Article, InputFormat, InputInfo};

fn article(paragraphs: &[&str]) -> Article {
    let mut a = Article::from_paragraphs(
        "t".into(),
        InputInfo {
            path: None,
            url: None,
            format: InputFormat::Text,
        },
        paragraphs,
    );
    crate::Annotator::new().annotate(&mut a);
    a
}

/// (quoted text, speaker, cue, anonymous) of every quote, in order.
fn quotes(paragraphs: &[&str]) -> Vec<(String, Option<String>, Option<String>, bool)> {
    let a = article(paragraphs);
    a.quotes
        .iter()
        .map(|q| {
            let text: String = a.text.chars().skip(q.start).take(q.end - q.start).collect();
            (text, q.speaker.clone(), q.cue.clone(), q.anonymous)
        })
        .collect()
}

fn find<'a>(
    found: &'a [(String, Option<String>, Option<String>, bool)],
    text: &str,
) -> &'a (String, Option<String>, Option<String>, bool) {
    found
        .iter()
        .find(|q| q.0 == text)
        .unwrap_or_else(|| panic!("no quote {text:?} in {found:#?}"))
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn direct_quote_with_the_speaker_after_it() {
    let found = quotes(&[
        "Interior Minister Tomas Brekke visited the town on Monday.",
        "\"No family will be left to face this alone,\" Brekke told reporters outside the town hall.",
    ]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let q = find(&found, "No family will be left to face this alone");
    assert_eq!(q.1, some("Tomas Brekke"));
    assert_eq!(q.2, some("told reporters"));
    assert!(!q.3);
}

#[test]
fn curly_quote_with_the_cue_first_and_an_anonymous_speaker() {
    let found = quotes(&[
        "A senior officer in the harbour police said the crowd was trying to reach the gate.",
        "“They mean to get through before dark,” said the officer, who declined to be named \
         because she is not allowed to speak to the press.",
    ]);
    let reported = find(&found, "the crowd was trying to reach the gate");
    assert_eq!(reported.1, some("A senior officer in the harbour police"));
    assert!(reported.3, "an unnamed officer is an anonymous source");
    let direct = find(&found, "They mean to get through before dark");
    assert_eq!(direct.1, some("A senior officer in the harbour police"));
    assert_eq!(direct.2, some("said"));
    assert!(direct.3);
}

#[test]
fn a_quotation_running_over_two_paragraphs_is_one_quote() {
    let text = [
        "\"We will publish what we find,\" Marrow said in a statement. \"People are entitled to \
         the full truth.",
        "\"Our first duty is to the families.\"",
        "The inquiry begins on Friday.",
    ];
    let found = quotes(&text);
    let joined = find(
        &found,
        "People are entitled to the full truth.\n\n\"Our first duty is to the families.",
    );
    assert_eq!(joined.1, some("Marrow"));
    assert_eq!(joined.2, None, "a resumed quotation has no cue of its own");
    assert_eq!(find(&found, "We will publish what we find").2, some("said"));
}

#[test]
fn single_quotes_nested_in_double_quotes_stay_inside() {
    let found = quotes(&["“He told me ‘never again’ and walked out,” the witness said."]);
    let q = find(&found, "He told me ‘never again’ and walked out");
    assert_eq!(q.1, some("the witness"));
    assert!(q.3);
}

#[test]
fn reported_speech_said_that_and_told_an_outlet() {
    let found = quotes(&[
        "Verennan Foreign Minister Anja Holtby said on Monday that Lissport had helped prepare \
         the ground for the talks.",
        "A flood analyst told ABS News that the water had come from the estuary.",
    ]);
    let first = find(
        &found,
        "Lissport had helped prepare the ground for the talks",
    );
    assert_eq!(first.1, some("Anja Holtby"));
    assert_eq!(first.2, some("said"));
    let second = find(&found, "the water had come from the estuary");
    assert_eq!(second.1, some("A flood analyst"));
    assert_eq!(second.2, some("told ABS News"));
    assert!(second.3);
}

#[test]
fn reported_speech_with_the_source_at_the_end() {
    let found = quotes(&[
        "At least 14 people were killed in the flood, officials said on Monday.",
        "The militants have advanced on the air base, RT reported.",
        "About 120 000 residents were evacuated overnight, according to the civil protection \
         service.",
    ]);
    let officials = find(&found, "At least 14 people were killed in the flood");
    assert_eq!(officials.1, some("officials"));
    assert!(officials.3);
    let rt = find(&found, "The militants have advanced on the air base");
    assert_eq!(rt.1, some("RT"));
    assert_eq!(rt.2, some("reported"));
    assert!(!rt.3);
    let service = find(&found, "About 120 000 residents were evacuated overnight");
    assert_eq!(service.1, some("the civil protection service"));
    assert_eq!(service.2, some("according to"));
}

#[test]
fn according_to_at_the_start() {
    let found = quotes(&[
        "According to the Delta Flood Authority, which runs the barrier, the gate broke at 11.40pm.",
    ]);
    let q = find(&found, "the gate broke at 11.40pm");
    assert_eq!(q.1, some("Delta Flood Authority"));
    assert_eq!(q.2, some("according to"));
}

#[test]
fn anonymity_markers_make_a_source_anonymous() {
    let found = quotes(&[
        "A senior official at the ministry, speaking on condition of anonymity, said the report \
         had not been treated as urgent.",
        "Sources said the talks had stalled.",
    ]);
    let official = find(&found, "the report had not been treated as urgent");
    assert_eq!(official.1, some("A senior official at the ministry"));
    assert!(official.3);
    let sources = find(&found, "the talks had stalled");
    assert_eq!(sources.1, some("Sources"));
    assert!(sources.3);
}

#[test]
fn pronouns_and_definite_descriptions_resolve_to_the_source_named_before() {
    let found = quotes(&[
        "Yusra Bennani, 52, who runs a fish stall, said she woke shortly before midnight.",
        "\"There was no siren, nothing,\" she said.",
        "The Delta Flood Authority said sirens had sounded at 11.25pm. The authority said on \
         Monday that the gate had passed a check in January.",
    ]);
    assert_eq!(
        find(&found, "There was no siren, nothing").1,
        some("Yusra Bennani")
    );
    let authority = find(&found, "the gate had passed a check in January");
    assert_eq!(authority.1, some("Delta Flood Authority"));
    assert!(!authority.3);
}

#[test]
fn a_colon_introduces_the_next_paragraph() {
    let found = quotes(&[
        "Verennan Interior Minister Tomas Brekke set out the plan plainly, saying:",
        "“Within a year the gate will be rebuilt. Every month we wait, the cost of doing it \
         only grows.”",
        "A second paragraph of narrative follows here without any quotation.",
    ]);
    let q = find(
        &found,
        "Within a year the gate will be rebuilt. Every month we wait, the cost of doing it \
         only grows.",
    );
    assert_eq!(q.1, some("Tomas Brekke"));
    assert_eq!(q.2, some("saying"));
}

#[test]
fn partial_quotes_inside_reported_speech_give_both_spans() {
    let found = quotes(&[
        "Lena Orsak, a lawmaker for the opposition, called for an inquiry and said ministers had \
         \"known about the weak gate for two years and done nothing\".",
    ]);
    let reported = find(
        &found,
        "ministers had \"known about the weak gate for two years and done nothing\"",
    );
    assert_eq!(reported.1, some("Lena Orsak"));
    let direct = find(
        &found,
        "known about the weak gate for two years and done nothing",
    );
    assert_eq!(direct.1, some("Lena Orsak"));
    assert_eq!(direct.2, some("said"));
}

#[test]
fn scare_quotes_and_negated_or_passive_verbs_are_not_quotes() {
    let found = quotes(&[
        "The so-called “moderates” were armed by the “anti-ISIS” coalition.",
        "The ministry did not say when the report was written. The fighters are reported to be \
         near the city. Not one resident said they had heard the sirens.",
    ]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn speaker_ids_come_from_the_entities_layer() {
    let a = article(&["\"We will rebuild the gate,\" said Ilse Marrow, the director-general."]);
    let quote = a.quotes.first().expect("one quote");
    assert_eq!(quote.speaker.as_deref(), Some("Ilse Marrow"));
    let entity = a
        .entities
        .iter()
        .find(|e| e.text == "Ilse Marrow")
        .expect("the recogniser finds the name");
    assert_eq!(quote.speaker_id.as_deref(), Some(entity.id.as_str()));
}

#[test]
fn bare_text_without_entities_falls_back_to_capitalised_names() {
    let mut a = Article::from_paragraphs(
        "t".into(),
        InputInfo {
            path: None,
            url: None,
            format: InputFormat::Text,
        },
        &["Mayor Samir Haddou visited on Monday. Haddou said nearly 40% of homes were damaged."],
    );
    a.quotes = super::find(&a);
    assert_eq!(a.quotes.len(), 1);
    assert_eq!(a.quotes[0].speaker.as_deref(), Some("Samir Haddou"));
    assert_eq!(a.quotes[0].speaker_id, None);
}

#[test]
fn any_text_is_handled_without_panics() {
    // No quotes, unbalanced marks, other scripts and languages, marks at the edges.
    for paragraphs in [
        vec![""],
        vec!["\""],
        vec!["“", "”"],
        vec!["He said \"it is over and then left. She said: «"],
        vec!["Der Minister sagte: „Wir werden das Tor wieder aufbauen.“"],
        vec!["Министр заявил: «Мы восстановим ворота», — сказал он."],
        vec!["日本の首相は「我々は再建する」と述べた。"],
        vec!["' \" ' \" said said according to , , : :"],
    ] {
        let a = article(&paragraphs);
        let chars = a.text.chars().count();
        for q in &a.quotes {
            assert!(q.start < q.end && q.end <= chars, "{q:?} in {:?}", a.text);
        }
    }
}

#[test]
fn quotes_in_other_languages_are_found_by_their_marks() {
    let found = quotes(&["Der Minister sagte: „Wir werden das Tor wieder aufbauen, sofort.“"]);
    assert_eq!(
        found.iter().map(|q| q.0.as_str()).collect::<Vec<_>>(),
        vec!["Wir werden das Tor wieder aufbauen, sofort."]
    );
}

#[test]
fn long_articles_keep_every_quote() {
    let paragraph = "\"The water came in fast,\" a resident said. Officials said 14 people died.";
    let paragraphs: Vec<&str> = std::iter::repeat_n(paragraph, 2000).collect();
    let a = article(&paragraphs);
    assert_eq!(a.quotes.len(), 4000);
}

#[test]
fn an_adverbial_relative_clause_speaks_through_its_own_subject() {
    let found = quotes(&[
        "Most of the money goes to ferries on the island routes, where harbour masters said \
         passenger numbers had doubled since the spring.",
    ]);
    let q = find(&found, "passenger numbers had doubled since the spring");
    assert_eq!(q.1, some("harbour masters"));
    assert!(q.3, "harbour masters are not named: {q:?}");
}
