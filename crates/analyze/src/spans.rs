//! From token probabilities to technique spans: runs of likely tokens inside one sentence,
//! bridged over short gaps and trimmed of edge punctuation.

use crate::features::Prepared;
use crate::text::Kind;

/// How spans are cut from token probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanDecoder {
    /// A token at or above this probability starts or extends a span.
    pub threshold: f32,
    /// Tokens below the threshold that may sit inside a span between two likely tokens.
    pub max_gap: usize,
    /// A span needs at least one token at or above this probability.
    pub peak: f32,
}

/// A span found in an article: byte offsets and token range.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundSpan {
    pub start: usize,
    pub end: usize,
    pub tokens: std::ops::Range<usize>,
    pub sentence: usize,
    /// Mean token probability over the span.
    pub score: f32,
}

impl SpanDecoder {
    pub fn decode(&self, p: &Prepared, probabilities: &[f32]) -> Vec<FoundSpan> {
        let tokens = &p.doc.tokens;
        let mut out = Vec::new();
        for (s, range) in p.doc.sentences.iter().enumerate() {
            let mut i = range.start;
            while i < range.end {
                if probabilities[i] < self.threshold || tokens[i].kind == Kind::Punct {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut last = i;
                let mut j = i + 1;
                while j < range.end {
                    if probabilities[j] >= self.threshold {
                        last = j;
                        j += 1;
                    } else if j - last <= self.max_gap {
                        j += 1;
                    } else {
                        break;
                    }
                }
                // Trim trailing punctuation.
                while last > start && tokens[last].kind == Kind::Punct {
                    last -= 1;
                }
                let slice = &probabilities[start..=last];
                let peak = slice.iter().copied().fold(0.0, f32::max);
                if peak >= self.peak {
                    out.push(FoundSpan {
                        start: tokens[start].start as usize,
                        end: tokens[last].end as usize,
                        tokens: start..last + 1,
                        sentence: s,
                        score: slice.iter().sum::<f32>() / slice.len() as f32,
                    });
                }
                i = last + 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_bridge_small_gaps_and_stay_in_sentences() {
        let text = "They are vile , evil liars . Calm words here";
        let p = Prepared::new(text, &[0..28, 29..text.len()]);
        // tokens: They are vile , evil liars . | Calm words here
        let probs = [0.1, 0.1, 0.9, 0.2, 0.8, 0.7, 0.1, 0.9, 0.1, 0.1];
        let d = SpanDecoder {
            threshold: 0.5,
            max_gap: 1,
            peak: 0.5,
        };
        let spans = d.decode(&p, &probs);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "vile , evil liars");
        assert_eq!(&text[spans[1].start..spans[1].end], "Calm");
        assert_eq!(spans[1].sentence, 1);
    }
}
