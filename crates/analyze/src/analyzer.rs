//! The analysis stage at run time: fills `techniques`, `sentences[].propaganda`,
//! `scores.propaganda` and `explanation` of an annotated article.

use std::ops::Range;

use parallax_core::{round_score, Article, CharIndex, Technique, TechniqueSpan};

use crate::article_score::{ArticleEvidence, REPORTED_WEIGHT};
use crate::error::AnalyzeError;
use crate::explain;
use crate::features::Prepared;
use crate::linear::Features;
use crate::model::FastModels;
use crate::technique::span_features;
use crate::text::split_sentences;

/// A quotation as the analysis sees it: byte range, and who said it when it is someone the
/// article quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSpan {
    pub range: Range<usize>,
    /// Attributed to someone other than the author (a named or described speaker, or a
    /// reporting cue).
    pub attributed: bool,
    pub speaker: Option<String>,
    /// A direct quotation (quotation marks), rather than reported speech the article
    /// attributes without quoting ("X said that ..."). Only direct quotations mark technique
    /// spans as reported; both count as the source's voice for the article score.
    pub direct: bool,
}

/// The attributed direct quotation covering at least half of `span` (byte offsets), if any: a
/// technique found there is reported, not used by the author.
pub(crate) fn quote_covering(quotes: &[QuoteSpan], span: Range<usize>) -> Option<&QuoteSpan> {
    let len = span.len().max(1);
    quotes
        .iter()
        .filter(|q| q.attributed && q.direct)
        .find(|q| {
            let overlap = q
                .range
                .end
                .min(span.end)
                .saturating_sub(q.range.start.max(span.start));
            2 * overlap >= len
        })
}

/// Whose voice an article's evidence is in, as the article score weighs it.
pub(crate) struct Voice {
    /// Share of each sentence in attributed speech ([`attributed_share`]).
    pub voiced: Vec<f32>,
    /// Sentences that are mostly someone else's words.
    pub reported_sentences: Vec<bool>,
    /// Findings counted with reported ones at [`REPORTED_WEIGHT`].
    pub spans: f32,
}

impl Voice {
    pub fn of(sentences: &[Range<usize>], quotes: &[QuoteSpan], findings: &[Finding]) -> Voice {
        let voiced: Vec<f32> = sentences
            .iter()
            .map(|r| attributed_share(r, quotes))
            .collect();
        let reported_sentences = voiced.iter().map(|&v| v >= 0.5).collect();
        let spans = findings
            .iter()
            .map(|f| if f.reported { REPORTED_WEIGHT } else { 1.0 })
            .sum();
        Voice {
            voiced,
            reported_sentences,
            spans,
        }
    }
}

/// The share of `range` that lies in attributed speech (the union of the attributed spans
/// of `quotes`): how much of a sentence is the article reporting someone else's voice.
pub fn attributed_share(range: &Range<usize>, quotes: &[QuoteSpan]) -> f32 {
    let mut spans: Vec<Range<usize>> = quotes
        .iter()
        .filter(|q| q.attributed)
        .map(|q| q.range.start.max(range.start)..q.range.end.min(range.end))
        .filter(|r| r.start < r.end)
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut covered = 0;
    let mut reach = range.start;
    for r in spans {
        let start = r.start.max(reach);
        if r.end > start {
            covered += r.end - start;
            reach = r.end;
        }
    }
    covered as f32 / range.len().max(1) as f32
}

/// A technique found in the text (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub technique: Technique,
    /// Probability that this is a span of this technique.
    pub confidence: f32,
    /// Probability of the technique given that the span is persuasive.
    pub technique_probability: f32,
    /// Inside a quotation attributed to someone else.
    pub reported: bool,
    /// Who is quoted, when reported and known.
    pub speaker: Option<String>,
    /// Lexicon cue bits of the span's tokens ([`crate::lexicon::Cue::bit`]).
    pub cues: u32,
}

/// Everything the analysis found in one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Probability that each sentence uses a persuasion technique.
    pub sentences: Vec<f32>,
    /// Whether each sentence is mostly reported speech.
    pub reported_sentences: Vec<bool>,
    pub findings: Vec<Finding>,
    /// Probability that the article is propagandistic.
    pub article: f32,
    pub evidence: ArticleEvidence,
    /// The sentence decision threshold of the model.
    pub threshold: f32,
    /// Loaded words and labels per 100 words, outside attributed quotations.
    pub cue_density: f32,
}

/// The analysis stage. Built once (models are parsed here), shared by worker threads.
pub struct Analyzer {
    models: ModelsRef,
    /// The deep heads and their encoder, when the deep path is on.
    deep: Option<Box<crate::deep::Deep>>,
}

enum ModelsRef {
    Builtin(&'static FastModels),
    Owned(Box<FastModels>),
}

impl Analyzer {
    /// An analyzer with the shipped models.
    pub fn new() -> Result<Analyzer, AnalyzeError> {
        Ok(Analyzer {
            models: ModelsRef::Builtin(FastModels::builtin()?),
            deep: None,
        })
    }

    /// An analyzer with the given models (for example freshly trained ones).
    pub fn with_models(models: FastModels) -> Analyzer {
        Analyzer {
            models: ModelsRef::Owned(Box::new(models)),
            deep: None,
        }
    }

    /// Turns the deep path on: sentence embeddings (all-MiniLM-L6-v2) read by the deep
    /// heads. Fails when the encoder has not been fetched (`scripts/fetch-models.sh`).
    pub fn with_deep(mut self, deep: crate::deep::Deep) -> Analyzer {
        self.deep = Some(Box::new(deep));
        self
    }

    pub fn deep(&self) -> Option<&crate::deep::Deep> {
        self.deep.as_deref()
    }

    pub fn models(&self) -> &FastModels {
        match &self.models {
            ModelsRef::Builtin(m) => m,
            ModelsRef::Owned(m) => m,
        }
    }

    /// Fills the analysis layers of an annotated article (it reads `text`, `sentences`,
    /// `quotes` and `claims`). Articles without a sentence layer are split here.
    pub fn analyze(&self, article: &mut Article) {
        self.analyze_with_details(article);
    }

    /// [`Analyzer::analyze`], returning what the models said on the way (the evidence
    /// behind the article score, every finding), for explanations and diagnostics. The
    /// analysis reads the headline as its first sentence when the article has one.
    pub fn analyze_with_details(&self, article: &mut Article) -> Analysis {
        let index = CharIndex::new(&article.text);
        let mut sentences: Vec<Range<usize>> = article
            .sentences
            .iter()
            .map(|s| index.byte_of(s.start)..index.byte_of(s.end))
            .collect();
        if sentences.is_empty() {
            sentences = split_sentences(&article.text);
            article.sentences = sentences
                .iter()
                .map(|r| parallax_core::Sentence {
                    start: index.char_of(r.start),
                    end: index.char_of(r.end),
                    propaganda: 0.0,
                })
                .collect();
        }
        // The headline is read as the first sentence, as in the training data, where each
        // article's first line is its title; its findings count for the score and the
        // explanation but have no offsets in the body.
        let title = article
            .title
            .as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty());
        let shift = title.as_ref().map_or(0, |t| t.len() + 1);
        let mut combined = String::with_capacity(shift + article.text.len());
        let mut units = Vec::with_capacity(sentences.len() + 1);
        if let Some(t) = &title {
            combined.push_str(t);
            combined.push('\n');
            units.push(0..t.len());
        }
        combined.push_str(&article.text);
        units.extend(sentences.iter().map(|r| r.start + shift..r.end + shift));
        let quoted = article.quotes.iter().map(|q| QuoteSpan {
            range: index.byte_of(q.start) + shift..index.byte_of(q.end) + shift,
            attributed: q.speaker.is_some() || q.anonymous || q.cue.is_some(),
            speaker: q.speaker.clone(),
            direct: true,
        });
        // Claims the article attributes to a source are that source's voice too.
        let reported_claims = article.claims.iter().filter_map(|c| {
            c.attributed_to.as_ref().map(|who| QuoteSpan {
                range: index.byte_of(c.start) + shift..index.byte_of(c.end) + shift,
                attributed: true,
                speaker: Some(who.clone()),
                direct: false,
            })
        });
        let quotes: Vec<QuoteSpan> = quoted.chain(reported_claims).collect();
        let analysis = self.analyze_text(&combined, &units, &quotes);
        let first = usize::from(title.is_some());
        for (s, p) in article
            .sentences
            .iter_mut()
            .zip(&analysis.sentences[first..])
        {
            s.propaganda = round_score(*p as f64);
        }
        article.techniques = analysis
            .findings
            .iter()
            .filter(|f| f.start >= shift)
            .map(|f| TechniqueSpan {
                start: index.char_of(f.start - shift),
                end: index.char_of(f.end - shift),
                technique: f.technique,
                confidence: round_score(f.confidence as f64),
                reported: f.reported,
            })
            .collect();
        article.scores.propaganda = round_score(analysis.article as f64);
        let unsourced = unsourced_claims(article, &index, &analysis, shift);
        article.explanation = explain::explain(&combined, &analysis, &unsourced);
        analysis
    }

    /// Analyses a text given its sentences and quotations (byte ranges), with the deep path
    /// when it is on (falling back to the fast path if the encoder fails on this text).
    pub fn analyze_text(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        quotes: &[QuoteSpan],
    ) -> Analysis {
        if let Some(deep) = &self.deep {
            if let Ok(analysis) = deep.analyze(self.models(), text, sentences, quotes) {
                return analysis;
            }
        }
        self.fast_analysis(text, sentences, quotes)
    }

    /// The fast-path analysis (linear models only).
    pub fn fast_analysis(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        quotes: &[QuoteSpan],
    ) -> Analysis {
        let m = self.models();
        let p = Prepared::with_clusters(text, sentences, Some(&m.clusters));
        let mut scratch = Features::new();
        // Tagger emissions once per sentence; inside probabilities feed the sentence model.
        let emissions: Vec<Vec<f32>> = (0..p.sentence_count())
            .map(|s| m.tagger.emissions(&p, s, &mut scratch))
            .collect();
        let mut decoder = m.tagger.decoder();
        let inside: Vec<f32> = emissions
            .iter()
            .flat_map(|e| m.tagger.inside_with(&mut decoder, e))
            .collect();
        let probabilities = m.sentences.probabilities(&p, Some(&inside));
        let mut findings = Vec::new();
        for (s, e) in emissions.iter().enumerate() {
            let bias = m.tagger.sentence_bias(probabilities[s]);
            for span in m.tagger.decode_with(&mut decoder, &p, s, e, bias) {
                span_features(&p, span.tokens.clone(), s, &mut scratch);
                let probs = m.techniques.model.probabilities(&scratch);
                let (best, &tp) = probs
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .expect("at least one technique");
                let tokens = &p.doc.tokens;
                let start = tokens[span.tokens.start].start as usize;
                let end = tokens[span.tokens.end - 1].end as usize;
                let quote = quote_covering(quotes, start..end);
                findings.push(Finding {
                    start,
                    end,
                    sentence: s,
                    technique: m.techniques.labels[best],
                    confidence: span.confidence * tp,
                    technique_probability: tp,
                    reported: quote.is_some(),
                    speaker: quote.and_then(|q| q.speaker.clone()),
                    cues: p.cue_union(span.tokens.clone()),
                });
            }
        }
        let Voice {
            voiced,
            reported_sentences,
            spans,
        } = Voice::of(sentences, quotes, &findings);
        let evidence = ArticleEvidence::new(
            &p,
            probabilities.clone(),
            &voiced,
            spans,
            m.sentences.threshold,
            m.article.reads_genre().then(|| m.genre.opinion(&p)),
        );
        let cue_density = evidence.cue_density;
        let article = m.article.probability(&evidence);
        Analysis {
            sentences: probabilities,
            reported_sentences,
            findings,
            article,
            evidence,
            threshold: m.sentences.threshold,
            cue_density,
        }
    }
}

/// Claims the text makes in its own voice, with no source, that carry a charged technique
/// (loaded words, labels, fear, doubt, attacks on reputation): the text of each, for the
/// explanation. `shift` is where the body starts in the analysed text.
fn unsourced_claims(
    article: &Article,
    index: &CharIndex,
    analysis: &Analysis,
    shift: usize,
) -> Vec<String> {
    use Technique::*;
    let charged = |t: Technique| {
        matches!(
            t,
            LoadedLanguage
                | NameCallingLabeling
                | AppealToFearPrejudice
                | Doubt
                | QuestioningTheReputation
                | GuiltByAssociation
                | ExaggerationMinimisation
        )
    };
    article
        .claims
        .iter()
        .filter(|c| c.attributed_to.is_none())
        .filter_map(|c| {
            let (start, end) = (index.byte_of(c.start), index.byte_of(c.end));
            let accuses = analysis.findings.iter().any(|f| {
                !f.reported
                    && f.confidence >= explain::MIN_CONFIDENCE
                    && charged(f.technique)
                    && f.start < end + shift
                    && start + shift < f.end
            });
            accuses.then(|| article.text[start..end].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>, attributed: bool) -> QuoteSpan {
        QuoteSpan {
            range,
            attributed,
            speaker: None,
            direct: true,
        }
    }

    #[test]
    fn attributed_share_counts_overlapping_spans_once_and_ignores_unattributed_ones() {
        let quotes = [span(10..30, true), span(20..40, true), span(40..60, false)];
        // 10..40 of 0..60 is attributed; the unattributed quotation adds nothing.
        assert!((attributed_share(&(0..60), &quotes) - 0.5).abs() < 1e-6);
        assert!((attributed_share(&(15..25), &quotes) - 1.0).abs() < 1e-6);
        assert_eq!(attributed_share(&(40..60), &quotes), 0.0);
        assert_eq!(attributed_share(&(5..5), &quotes), 0.0);
    }
}
