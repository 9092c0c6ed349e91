//! The technique classifier: names the persuasion technique of a span (SemEval-2023 scheme).
//!
//! A softmax regression over the span's words, bigrams, word clusters, first and last words,
//! length, the words around it, lexicon cues in and around it, how often the same words recur
//! in the article (the mark of Repetition), punctuation and shape (questions for Doubt,
//! capitals and quotation marks for Name calling and Slogans) and how much of its sentence it
//! covers.

use std::ops::Range;

use parallax_core::Technique;
use parallax_learn::format::{ByteReader, ByteWriter, FormatError};

use crate::features::{count_bucket, key, key2, template, Prepared};
use crate::lexicon::Cue;
use crate::linear::{Example, Features, HashedLinear, Loss, TrainConfig};
use crate::text::{flag, Kind};

/// A trained technique classifier.
#[derive(Debug, Clone)]
pub struct TechniqueModel {
    pub labels: Vec<Technique>,
    pub model: HashedLinear,
}

/// The token range of the tokens overlapping a byte span, and its sentence.
pub fn token_range(p: &Prepared, start: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let tokens = &p.doc.tokens;
    let first = tokens.partition_point(|t| (t.end as usize) <= start);
    let mut last = first;
    while last < tokens.len() && (tokens[last].start as usize) < end {
        last += 1;
    }
    if first == last {
        return None;
    }
    let sentence = p
        .doc
        .sentences
        .partition_point(|r| r.end <= first)
        .min(p.doc.sentences.len().saturating_sub(1));
    Some((first..last, sentence))
}

/// Features of the span covering `tokens` in sentence `s`.
pub fn span_features(p: &Prepared, tokens: Range<usize>, s: usize, out: &mut Features) {
    use template::*;
    out.clear();
    let all = &p.doc.tokens;
    let span = &all[tokens.clone()];
    let words: Vec<usize> = tokens.clone().filter(|&i| all[i].is_word()).collect();
    let n = words.len();
    out.push((key(BIAS, 2), 1.0));
    let scale = 1.0 / (n.max(1) as f32).sqrt();
    for &i in &words {
        out.push((key(S_WORD, all[i].word), scale));
        out.push((key(S_STEM, all[i].stem), scale));
        if let Some(prefixes) = p.cluster_prefixes(i) {
            out.push((key2(S_WORD, 7, prefixes[1]), scale));
        }
    }
    for pair in words.windows(2) {
        out.push((key2(S_BIGRAM, all[pair[0]].word, all[pair[1]].word), scale));
    }
    if let (Some(&first), Some(&last)) = (words.first(), words.last()) {
        out.push((key(S_FIRST, all[first].word), 1.0));
        out.push((key(S_LAST, all[last].word), 1.0));
    }
    out.push((key(S_LENGTH, count_bucket(n)), 1.0));
    let sentence = p.doc.sentences.get(s).cloned().unwrap_or(tokens.clone());
    let word_at = |i: isize| -> u64 {
        if i < sentence.start as isize || i >= sentence.end as isize {
            0x0b0e
        } else {
            all[i as usize].word
        }
    };
    out.push((key(S_BEFORE, word_at(tokens.start as isize - 1)), 1.0));
    out.push((key(S_BEFORE2, word_at(tokens.start as isize - 2)), 1.0));
    out.push((key(S_AFTER, word_at(tokens.end as isize)), 1.0));
    // Lexicon cues inside, and in the rest of the sentence.
    let inside = p.cue_union(tokens.clone());
    let around = p.cue_union(sentence.clone()) & !inside;
    for c in Cue::ALL {
        if inside & c.bit() != 0 {
            out.push((key2(S_CUE, 0, c.index() as u64), 1.0));
        }
        if around & c.bit() != 0 {
            out.push((key2(S_CUE, 1, c.index() as u64), 1.0));
        }
    }
    // Repetition: the span's content words recur elsewhere in the article.
    let repeats: Vec<u16> = words
        .iter()
        .map(|&i| p.repeats(&all[i]))
        .filter(|&r| r > 0)
        .collect();
    if !repeats.is_empty() {
        let min = *repeats.iter().min().expect("non-empty") as usize;
        let max = *repeats.iter().max().expect("non-empty") as usize;
        out.push((key2(S_REPEAT, 0, count_bucket(min)), 1.0));
        out.push((key2(S_REPEAT, 1, count_bucket(max)), 1.0));
    }
    out.push((
        key2(S_REPEAT, 2, count_bucket(phrase_occurrences(p, &words))),
        1.0,
    ));
    // Shape and punctuation.
    let mut caps = 0usize;
    let mut capitalized = 0usize;
    let mut quoted = 0usize;
    for &i in &words {
        let t = &all[i];
        if t.is(flag::ALL_CAPS) {
            caps += 1;
        }
        if t.is(flag::CAPITALIZED) {
            capitalized += 1;
        }
        if t.is(flag::QUOTED) {
            quoted += 1;
        }
        if t.is(flag::SUPERLATIVE) {
            out.push((key(S_SHAPE, 1), 1.0));
        }
    }
    if caps > 0 {
        out.push((key(S_SHAPE, 2), 1.0));
    }
    if let (Some(cap), Some(quo)) = (
        (4 * capitalized).checked_div(n),
        (4 * quoted).checked_div(n),
    ) {
        out.push((key2(S_SHAPE, 3, cap as u64), 1.0));
        out.push((key2(S_SHAPE, 4, quo as u64), 1.0));
    }
    for t in span {
        if t.kind == Kind::Punct {
            out.push((key2(S_SHAPE, 5, t.punct as u64), 1.0));
        }
    }
    let sentence_tokens = &all[sentence.clone()];
    if sentence_tokens
        .iter()
        .any(|t| t.kind == Kind::Punct && t.punct == '?')
    {
        out.push((key(S_SENTENCE, 1), 1.0));
    }
    if sentence_tokens
        .iter()
        .any(|t| t.kind == Kind::Punct && t.punct == '!')
    {
        out.push((key(S_SENTENCE, 2), 1.0));
    }
    let cover = tokens.len() as f32 / sentence.len().max(1) as f32;
    out.push((key(S_COVER, (cover * 4.0).min(4.0) as u64), 1.0));
}

/// How often the span's word sequence occurs in the article (1 when only here).
fn phrase_occurrences(p: &Prepared, words: &[usize]) -> usize {
    if words.is_empty() || words.len() > 12 {
        return 1;
    }
    let all = &p.doc.tokens;
    let target: Vec<u64> = words.iter().map(|&i| all[i].word).collect();
    let sequence = p.word_sequence();
    let Some(last_start) = sequence.len().checked_sub(target.len()) else {
        return 1;
    };
    // The first word rules out most places before the whole sequence is compared: a plain
    // scan of the words (cheaper per place than a window iterator).
    let mut count = 0;
    for (start, &word) in sequence[..=last_start].iter().enumerate() {
        if word == target[0] && sequence[start..start + target.len()] == target[..] {
            count += 1;
        }
    }
    count.max(1)
}

impl TechniqueModel {
    /// Technique probabilities of one span.
    pub fn probabilities(&self, p: &Prepared, tokens: Range<usize>, s: usize) -> Vec<f32> {
        let mut features = Features::new();
        span_features(p, tokens, s, &mut features);
        self.model.probabilities(&features)
    }

    /// Trains on labelled spans: (prepared article, token range, sentence, technique).
    pub fn train(
        spans: &[(&Prepared, Range<usize>, usize, Technique)],
        labels: Vec<Technique>,
        config: &TrainConfig,
    ) -> TechniqueModel {
        let examples: Vec<Example> = spans
            .iter()
            .filter_map(|(p, r, s, t)| {
                let class = labels.iter().position(|l| l == t)?;
                let mut features = Features::new();
                span_features(p, r.clone(), *s, &mut features);
                Some(Example {
                    features,
                    labels: vec![class as u16],
                    weight: 1.0,
                })
            })
            .collect();
        let mut model = HashedLinear::train(&examples, labels.len(), Loss::Softmax, config);
        model.compact(0.0);
        TechniqueModel { labels, model }
    }

    pub fn write(&self, out: &mut ByteWriter) {
        out.varint(self.labels.len() as u64);
        for l in &self.labels {
            out.str(l.name());
        }
        self.model.write(out);
    }

    pub fn read(input: &mut ByteReader) -> Result<Self, FormatError> {
        let n = input.varint()? as usize;
        let mut labels = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            let name = input.str()?;
            labels.push(name.parse().map_err(|_| FormatError::Malformed {
                section: "techniques".into(),
                reason: format!("unknown technique {name:?}"),
            })?);
        }
        let model = HashedLinear::read(input)?;
        if model.outputs() != labels.len() {
            return Err(FormatError::Malformed {
                section: "techniques".into(),
                reason: "label count does not match the model".into(),
            });
        }
        Ok(TechniqueModel { labels, model })
    }
}

/// The SemEval-2020 Task 11 class a SemEval-2023 technique falls under, if any (used to
/// score technique classification with the 2020 labels).
pub fn semeval2020_class(t: Technique) -> Option<&'static str> {
    use Technique::*;
    Some(match t {
        AppealToAuthority => "Appeal_to_Authority",
        AppealToPopularity | GuiltByAssociation => "Bandwagon,Reductio_ad_hitlerum",
        AppealToFearPrejudice => "Appeal_to_fear-prejudice",
        FlagWaving => "Flag-Waving",
        CausalOversimplification => "Causal_Oversimplification",
        FalseDilemma => "Black-and-White_Fallacy",
        StrawMan | RedHerring | Whataboutism => "Whataboutism,Straw_Men,Red_Herring",
        Slogans => "Slogans",
        ConversationKiller => "Thought-terminating_Cliches",
        LoadedLanguage => "Loaded_Language",
        Repetition => "Repetition",
        ExaggerationMinimisation => "Exaggeration,Minimisation",
        NameCallingLabeling => "Name_Calling,Labeling",
        Doubt => "Doubt",
        AppealToValues
        | ConsequentialOversimplification
        | AppealToTime
        | ObfuscationVagueness
        | AppealToHypocrisy
        | QuestioningTheReputation => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_2020_label_maps_back_to_itself() {
        for label in [
            "Appeal_to_Authority",
            "Appeal_to_fear-prejudice",
            "Bandwagon,Reductio_ad_hitlerum",
            "Black-and-White_Fallacy",
            "Causal_Oversimplification",
            "Doubt",
            "Exaggeration,Minimisation",
            "Flag-Waving",
            "Loaded_Language",
            "Name_Calling,Labeling",
            "Repetition",
            "Slogans",
            "Thought-terminating_Cliches",
            "Whataboutism,Straw_Men,Red_Herring",
        ] {
            let t: Technique = label.parse().unwrap();
            assert_eq!(semeval2020_class(t), Some(label));
        }
    }

    /// `phrase_occurrences` as first written: the article's word tokens gathered per span,
    /// every window compared whole.
    fn phrase_occurrences_reference(p: &Prepared, words: &[usize]) -> usize {
        if words.is_empty() || words.len() > 12 {
            return 1;
        }
        let all = &p.doc.tokens;
        let target: Vec<u64> = words.iter().map(|&i| all[i].word).collect();
        let word_tokens: Vec<u64> = all.iter().filter(|t| t.is_word()).map(|t| t.word).collect();
        word_tokens
            .windows(target.len())
            .filter(|w| *w == target.as_slice())
            .count()
            .max(1)
    }

    #[test]
    fn phrase_occurrences_match_the_reference_on_an_article() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles");
        let text = std::fs::read_to_string(format!("{root}/wire-report.txt")).unwrap();
        let text = format!("{text}\n{text}\nThe harbour said. The harbour said it again.");
        let sentences = crate::text::split_sentences(&text);
        let p = Prepared::new(&text, &sentences);
        let words: Vec<usize> = (0..p.doc.tokens.len())
            .filter(|&i| p.doc.tokens[i].is_word())
            .collect();
        let mut repeated = 0;
        for start in 0..words.len() {
            for len in 0..=13.min(words.len() - start) {
                let span = &words[start..start + len];
                let fast = phrase_occurrences(&p, span);
                assert_eq!(fast, phrase_occurrences_reference(&p, span));
                repeated += usize::from(fast > 1);
            }
        }
        assert!(repeated > 100);
    }

    #[test]
    fn span_token_ranges() {
        let text = "One two. Three four five.";
        let p = Prepared::new(text, &[0..8, 9..text.len()]);
        let (r, s) = token_range(&p, 15, 19).unwrap();
        assert_eq!(s, 1);
        assert_eq!(
            &text[p.doc.tokens[r.start].start as usize..p.doc.tokens[r.end - 1].end as usize],
            "four"
        );
        assert!(token_range(&p, 8, 9).is_none());
    }
}
