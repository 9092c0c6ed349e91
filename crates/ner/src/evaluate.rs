//! Entity-level evaluation in the CoNLL way (exact span and type match), with throughput.

use std::time::Instant;

use parallax_core::EntityType;
use parallax_learn::eval::{LabeledSpan, SpanScorer};

use crate::conll::LabeledDocument;
use crate::model::NerModel;
use crate::tags;

/// Scores of a model on labelled documents.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub scores: SpanScorer<EntityType>,
    pub tokens: usize,
    pub seconds: f64,
}

impl Evaluation {
    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// A conlleval-style table: overall and per type.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let o = &self.scores.overall;
        out.push_str(&format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n",
            self.tokens,
            o.gold(),
            o.predicted(),
            o.true_positives
        ));
        out.push_str(&format!(
            "{:<8} precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}\n",
            "overall",
            100.0 * o.precision(),
            100.0 * o.recall(),
            100.0 * o.f1()
        ));
        for t in EntityType::ALL {
            let c = self.scores.by_label.get(&t).copied().unwrap_or_default();
            out.push_str(&format!(
                "{:<8} precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}\n",
                t.as_str(),
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.predicted()
            ));
        }
        out
    }
}

/// Tags every document and scores the entity spans; the time covers tagging only (features,
/// both stages, Viterbi), not reading the file.
pub fn evaluate(model: &NerModel, documents: &[LabeledDocument]) -> Evaluation {
    let mut scores = SpanScorer::new();
    let mut tokens = 0;
    let mut seconds = 0.0;
    for doc in documents {
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let started = Instant::now();
        let predicted = model.tag_document(&words, false);
        seconds += started.elapsed().as_secs_f64();
        for (sentence, tags) in doc.sentences.iter().zip(&predicted.tags) {
            tokens += sentence.words.len();
            let gold = to_spans(&sentence.tags);
            let guess = to_spans(tags);
            scores.add(&gold, &guess);
        }
    }
    Evaluation {
        scores,
        tokens,
        seconds,
    }
}

/// Throughput of the runtime path, [`NerModel::recognize`] (tokenizer, both stages and
/// confidences), on the documents' sentences joined into plain text: `(tokens, seconds)`.
pub fn recognize_throughput(model: &NerModel, documents: &[LabeledDocument]) -> (usize, f64) {
    let mut tokens = 0;
    let mut seconds = 0.0;
    for doc in documents {
        let mut text = String::new();
        let mut sentences = Vec::new();
        for s in &doc.sentences {
            let start = text.len();
            text.push_str(&s.words.join(" "));
            sentences.push(start..text.len());
            text.push('\n');
            tokens += s.words.len();
        }
        let started = Instant::now();
        let entities = model.recognize(&text, &sentences);
        seconds += started.elapsed().as_secs_f64();
        std::hint::black_box(entities);
    }
    (tokens, seconds)
}

fn to_spans(tags: &[tags::Tag]) -> Vec<LabeledSpan<EntityType>> {
    tags::spans(tags)
        .into_iter()
        .map(|(start, end, label)| LabeledSpan { start, end, label })
        .collect()
}
