//! The shipped model scored on CoNLL-2003 dev, when the shared data is present.

use std::path::PathBuf;

use parallax_core::EntityType;
use parallax_ner::{conll, evaluate, NerModel};

fn dev_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/conll2003/dev.txt")
}

#[test]
fn shipped_model_reaches_the_dev_target() {
    let path = dev_file();
    if !path.exists() {
        eprintln!(
            "SKIPPED: {} is absent (the shared data folder is not here)",
            path.display()
        );
        return;
    }
    let docs = conll::read_file(&path).expect("dev file parses");
    let evaluation = evaluate::evaluate(NerModel::builtin().unwrap(), &docs);
    let f1 = evaluation.scores.overall.f1();
    assert!(f1 >= 0.90, "dev F1 {f1:.4}\n{}", evaluation.table());
    for t in EntityType::ALL {
        assert!(
            evaluation.scores.by_label[&t].f1() > 0.8,
            "{t:?}\n{}",
            evaluation.table()
        );
    }
}
