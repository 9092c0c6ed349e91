//! Reading CoNLL-2003 files (`TOKEN POS [CHUNK] TAG` per line, blank lines between sentences)
//! and grouping sentences into documents.
//!
//! Document boundaries matter because the tagger uses document-level evidence. Files with
//! `-DOCSTART-` lines are split there. Copies without them (as distributed in some mirrors)
//! are split before each Reuters dateline sentence (`BRUSSELS 1996-08-22`), taking the
//! headline before it, and an optional byline before that, into the new document.

use std::path::Path;

use crate::error::NerError;
use parallax_core::EntityType;

use crate::tags::{encode, from_iob2, iob2_spans, parse_iob2, Tag};

/// One sentence with gold tags (BILOU, see [`crate::tags`]). POS and chunk columns are
/// ignored: raw text has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabeledSentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

impl LabeledSentence {
    /// A sentence from words and their IOB2 tag names (`None` if a name is not IOB2 or the
    /// lengths differ).
    pub fn from_iob2(words: &[&str], tags: &[&str]) -> Option<Self> {
        if words.len() != tags.len() {
            return None;
        }
        Some(LabeledSentence {
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: from_iob2(tags)?,
        })
    }
}

/// A document: consecutive sentences of one news story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabeledDocument {
    pub sentences: Vec<LabeledSentence>,
}

impl LabeledDocument {
    pub fn token_count(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }
}

/// Reads a CoNLL file into documents.
pub fn read_file(path: &Path) -> Result<Vec<LabeledDocument>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text).map_err(|(line, reason)| NerError::Data {
        path: path.display().to_string(),
        line,
        reason,
    })
}

/// Parses CoNLL text; errors give the 1-based line and the reason.
pub fn parse(text: &str) -> Result<Vec<LabeledDocument>, (usize, String)> {
    let mut documents: Vec<LabeledDocument> = Vec::new();
    let mut explicit_boundaries = false;
    let mut current = LabeledDocument::default();
    let mut sentence = LabeledSentence::default();
    // IOB2 tags of the sentence being read; converted to BILOU when it ends.
    let mut iob: Vec<(bool, Option<EntityType>)> = Vec::new();
    let finish = |sentence: &mut LabeledSentence, iob: &mut Vec<(bool, Option<EntityType>)>| {
        sentence.tags = encode(iob.len(), &iob2_spans(iob));
        iob.clear();
        std::mem::take(sentence)
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sentence.words.is_empty() {
                current.sentences.push(finish(&mut sentence, &mut iob));
            }
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns[0] == "-DOCSTART-" {
            explicit_boundaries = true;
            if !sentence.words.is_empty() {
                current.sentences.push(finish(&mut sentence, &mut iob));
            }
            if !current.sentences.is_empty() {
                documents.push(std::mem::take(&mut current));
            }
            continue;
        }
        if columns.len() < 2 {
            return Err((
                number + 1,
                format!("expected `TOKEN ... TAG`, found {line:?}"),
            ));
        }
        let tag_text = columns[columns.len() - 1];
        let tag = parse_iob2(tag_text)
            .ok_or_else(|| (number + 1, format!("unknown entity tag {tag_text:?}")))?;
        sentence.words.push(columns[0].to_string());
        iob.push(tag);
    }
    if !sentence.words.is_empty() {
        current.sentences.push(finish(&mut sentence, &mut iob));
    }
    if !current.sentences.is_empty() {
        documents.push(current);
    }
    if explicit_boundaries {
        return Ok(documents);
    }
    let sentences: Vec<LabeledSentence> = documents.into_iter().flat_map(|d| d.sentences).collect();
    Ok(split_at_datelines(sentences))
}

/// `LONDON 1996-08-22`, `AKRON , Ohio 1996-08-22`, or a bare date: a short sentence ending in
/// an ISO date whose first word (the upper-case city) has no lowercase letter.
pub fn is_dateline(words: &[String]) -> bool {
    let Some((last, place)) = words.split_last() else {
        return false;
    };
    let date = last.len() == 10
        && last.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    date && place.len() <= 6
        && place
            .first()
            .is_none_or(|w| !w.chars().any(char::is_lowercase))
}

fn split_at_datelines(sentences: Vec<LabeledSentence>) -> Vec<LabeledDocument> {
    let mut starts: Vec<usize> = vec![0];
    for i in 0..sentences.len() {
        if !is_dateline(&sentences[i].words) || i == 0 {
            continue;
        }
        let mut start = i - 1; // the headline
                               // A short byline ("Peter Blackburn") between headline and dateline.
        let previous = &sentences[i - 1].words;
        let byline = previous.len() <= 4
            && previous
                .iter()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            && !previous.iter().any(|w| w == ".");
        if byline && i >= 2 {
            start = i - 2;
        }
        if start > *starts.last().expect("non-empty") {
            starts.push(start);
        }
    }
    starts.push(sentences.len());
    let mut documents = Vec::new();
    let mut iter = sentences.into_iter();
    for pair in starts.windows(2) {
        let sentences: Vec<LabeledSentence> = iter.by_ref().take(pair[1] - pair[0]).collect();
        if !sentences.is_empty() {
            documents.push(LabeledDocument { sentences });
        }
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_documents_at_datelines_and_docstart() {
        let text = "Rain NN O\nfalls VBZ O\n\nPARIS NNP B-LOC\n1996-08-22 CD O\n\nIt PRP O\nrained VBD O\n\n\
                    Storm NN O\nhits VBZ O\nOslo NNP B-LOC\n\nOSLO NNP B-LOC\n1996-08-23 CD O\n\nWindy JJ O\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 3);
        assert_eq!(docs[1].sentences[0].words, vec!["Storm", "hits", "Oslo"]);
        assert_eq!(docs[1].token_count(), 6);

        let explicit =
            "-DOCSTART- -X- O\n\nA DT O\n\n-DOCSTART- -X- O\n\nB NNP B-PER\nC NNP I-PER\n";
        let docs = parse(explicit).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[1].sentences[0],
            LabeledSentence::from_iob2(&["B", "C"], &["B-PER", "I-PER"]).unwrap()
        );

        let err = parse("word NN X-FOO\n").unwrap_err();
        assert_eq!(err.0, 1);
    }
}
