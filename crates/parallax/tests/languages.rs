//! Non-English articles through the whole pipeline: segmented and identified, but not scored by
//! the English persuasion models, and the record says so.

mod common;

use common::analyze;

#[test]
fn a_german_article_is_segmented_but_not_scored_for_persuasion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bericht.txt");
    std::fs::write(
        &path,
        "Sturmflut in Hafenstadt\n\n\
         Eine Sturmflut hat in der Nacht zum Montag das Nordtor des Sperrwerks zerstört. Nach \
         Angaben der Feuerwehr mussten rund 1200 Menschen ihre Häuser verlassen.\n\n\
         Die Bürgermeisterin sagte am Morgen: „Wir bauen das Tor so schnell wie möglich wieder \
         auf.“ Die Schäden werden auf mehrere Millionen Euro geschätzt.\n",
    )
    .unwrap();
    let (records, output) = analyze(&[path.to_str().unwrap()]);
    assert!(output.status.success());
    let record = &records[0];
    assert_eq!(record["language"], "de");
    assert_eq!(record["sentences"].as_array().unwrap().len(), 4);
    assert!(record["techniques"].as_array().unwrap().is_empty());
    assert!(record["claims"].as_array().unwrap().is_empty());
    assert_eq!(record["scores"]["propaganda"], 0.0);
    let explanation = record["explanation"][0].as_str().unwrap();
    assert!(
        explanation.contains("Not analysed for persuasion"),
        "{explanation}"
    );
    assert!(explanation.contains("'de'"), "{explanation}");
}
