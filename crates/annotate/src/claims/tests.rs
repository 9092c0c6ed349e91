//! Check-worthiness on handwritten sentences: the fitted weights must rank checkable
//! assertions above opinions, questions and exhortations, and claims carry their source.

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

/// (sentence text, score) of every sentence.
fn scored(paragraphs: &[&str]) -> Vec<(String, f64, Option<String>)> {
    let a = article(paragraphs);
    super::score_sentences(&a)
        .into_iter()
        .map(|s| {
            let text: String = a.text.chars().skip(s.start).take(s.end - s.start).collect();
            (text, s.checkworthy, s.attributed_to)
        })
        .collect()
}

#[test]
fn factual_sentences_outscore_opinion_questions_and_exhortations() {
    let checkable = [
        "At least 14 people were killed on Sunday when the barrier in Al-Harmaq collapsed.",
        "The ministry cut the maintenance budget by 30 percent in 2020.",
        "Turkish forces shelled Kurdish positions near Azaz on Tuesday, killing 11 fighters.",
    ];
    let not_checkable = [
        "Are we really supposed to believe this?",
        "Wake up and ask yourself who benefits!",
        "It is a shameful and cowardly way to treat people.",
        "I do not believe it.",
    ];
    let low = scored(&not_checkable);
    let high = scored(&checkable);
    let max_low = low.iter().map(|s| s.1).fold(0.0, f64::max);
    for (text, score, _) in &high {
        assert!(
            *score >= super::DEFAULT_THRESHOLD,
            "{text:?} scored {score}"
        );
        assert!(*score > max_low, "{text:?} {score} vs {low:?}");
    }
    for (text, score, _) in &low {
        assert!(*score < super::DEFAULT_THRESHOLD, "{text:?} scored {score}");
    }
}

#[test]
fn claims_keep_the_sentences_above_the_threshold_with_their_source() {
    let a = article(&[
        "Ilse Marrow, the director-general, said the barrier had been designed to hold back a \
         surge of 4.5 metres. What a disgrace!",
        "The ministry cut the maintenance budget by 30 percent in 2020.",
    ]);
    let claims = &a.claims;
    assert_eq!(claims.len(), 2, "{claims:#?}");
    assert_eq!(claims[0].attributed_to.as_deref(), Some("Ilse Marrow"));
    assert_eq!(claims[1].attributed_to, None, "the author's own assertion");
    assert!(claims.iter().all(|c| (0.5..=1.0).contains(&c.checkworthy)));
    let everything = super::find_with_threshold(&a, 0.0);
    assert_eq!(everything.len(), a.sentences.len());
}

#[test]
fn any_text_scores_without_panics() {
    for paragraphs in [
        vec![""],
        vec!["?"],
        vec!["Der Minister sagte, 14 Menschen seien am Sonntag gestorben."],
        vec!["日本の首相は「我々は再建する」と述べた。"],
    ] {
        for (_, score, _) in scored(&paragraphs) {
            assert!((0.0..=1.0).contains(&score));
        }
    }
}

#[test]
fn every_feature_has_a_finite_weight() {
    assert_eq!(super::weights().len(), super::features::NAMES.len());
    assert!(super::weights().iter().all(|w| w.is_finite()));
    // The direction of the strongest signals is what the labels say it should be.
    let weight = |name: &str| {
        let i = super::features::NAMES
            .iter()
            .position(|n| *n == name)
            .unwrap();
        super::weights()[i]
    };
    assert!(weight("number") > 0.0 && weight("names") > 0.0 && weight("past_event") > 0.0);
    assert!(weight("question") < 0.0 && weight("second_person") < 0.0 && weight("short") < 0.0);
}
