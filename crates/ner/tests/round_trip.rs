//! Training on a handful of handwritten sentences, then saving and loading the model.

use parallax_ner::conll::{LabeledDocument, LabeledSentence};
use parallax_ner::train::{train_documents, TrainOptions};
use parallax_ner::NerModel;

fn sentence(spec: &str) -> LabeledSentence {
    let (words, tags): (Vec<&str>, Vec<&str>) = spec
        .split_whitespace()
        .map(|item| item.split_once('/').unwrap_or((item, "O")))
        .unzip();
    LabeledSentence::from_iob2(&words, &tags).expect("valid IOB2 tags")
}

fn documents() -> Vec<LabeledDocument> {
    let specs = [
        "Maria/B-PER Lopez/I-PER visited Madrid/B-LOC on Monday .",
        "The ministry said Lopez/B-PER would return to Lisbon/B-LOC .",
        "Shares of Acme/B-ORG Corp/I-ORG rose in Chicago/B-LOC trading .",
        "Acme/B-ORG said its French/B-MISC unit was sold .",
        "John/B-PER Smith/I-PER of Globex/B-ORG spoke in Oslo/B-LOC .",
        "Smith/B-PER said prices fell .",
    ];
    specs
        .chunks(2)
        .map(|pair| LabeledDocument {
            sentences: pair.iter().map(|s| sentence(s)).collect(),
        })
        .collect()
}

#[test]
fn a_trained_model_survives_save_and_load() {
    let docs = documents();
    let unlabeled: Vec<Vec<String>> = (0..5)
        .map(|_| {
            "people in Madrid and Lisbon said that"
                .split(' ')
                .map(String::from)
                .collect()
        })
        .collect();
    let mut options = TrainOptions::new("unused".into());
    options.epochs = 5;
    options.folds = 2;
    options.prune_threshold = 0.0;
    let outcome = train_documents(&docs, &docs, unlabeled, &options, &mut |_| {}).expect("trains");
    let model = outcome.model;

    let dir = tempfile::tempdir().unwrap();
    model.save(dir.path()).unwrap();
    let loaded = NerModel::load(dir.path()).unwrap();
    assert_eq!(loaded.to_bytes(), model.to_bytes());

    let text = "Maria Lopez flew from Madrid to Oslo.";
    assert_eq!(loaded.recognize(text, &[]), model.recognize(text, &[]));
    // It learned something from six sentences: the training names come back.
    let words: Vec<Vec<&str>> = docs[0]
        .sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tagged = loaded.tag_document(&words, false);
    assert_eq!(tagged.tags[0], docs[0].sentences[0].tags);

    // A corrupt or missing file is an error naming the file, not a panic.
    let path = dir.path().join(parallax_ner::MODEL_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    let error = NerModel::load(dir.path()).unwrap_err().to_string();
    assert!(error.contains("model.bin"), "{error}");
    let missing = NerModel::load(&dir.path().join("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("nowhere"), "{missing}");
}
