//! Prints the entities the built-in model finds in a text file, one per line:
//! `cargo run --release -p parallax-ner --example recognize -- FILE`.
//! Each non-empty line is treated as one sentence (the annotate stage passes real sentences).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: recognize FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("recognize: {path}: {error}");
            std::process::exit(1);
        }
    };
    let model = match parallax_ner::NerModel::builtin() {
        Ok(model) => model,
        Err(error) => {
            eprintln!("recognize: {error}");
            std::process::exit(1);
        }
    };
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            lines.push(offset..offset + line.len());
        }
        offset += line.len();
    }
    for entity in model.recognize(&text, &lines) {
        println!(
            "{}\t{}\t{:.2}\t{}",
            entity.start,
            entity.entity_type.as_str(),
            entity.confidence,
            &text[entity.range()]
        );
    }
}
