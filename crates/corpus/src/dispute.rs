//! The dispute detector: does one statement deny or refute another on the same subject?
//!
//! A logistic regression (parallax-learn) over features of a pair `(claim, response)`:
//! refutation cues in the response and not in the claim ("denied", "false", "hoax", "no
//! evidence"), negations on either side and their difference, hedges ("reportedly",
//! "allegedly"), confirmations, how much the two share, and which negations the response uses.
//! It is trained by `parallax train disputes` on FNC-1 headline–body
//! pairs of the development stories (a headline is the claim; the body sentences closest to it
//! are the response; `disagree` is a dispute, `agree` and `discuss` are not) and scored on the
//! held-out stories by `parallax eval disputes`; see `models/dispute/MODEL_CARD.md`.
//!
//! Between two aligned claims the detector runs both ways (either may answer the other) and
//! the larger probability counts.

use parallax_learn::format::{ByteReader, ByteWriter, FormatError, ModelReader, ModelWriter};
use parallax_learn::hashing::FeatureKey;
use parallax_learn::logistic::{LogisticConfig, LogisticRegression};

use crate::text::{is_negation, is_stop_word, stem};

const KIND: &str = "dispute";
const LAYOUT_VERSION: u32 = 1;

/// The shipped model, trained by `parallax train disputes`.
static BUILTIN_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/dispute/model.bin"
));

/// Stems of words that refute or deny what they answer.
const REFUTATION: &[&str] = &[
    "fake",
    "fals",
    "falsehood",
    "hoax",
    "deni",
    "deny",
    "debunk",
    "untru",
    "fabric",
    "fabric",
    "mislead",
    "bogus",
    "rumor",
    "rumour",
    "prank",
    "satir",
    "baseless",
    "unfound",
    "retract",
    "dismiss",
    "reject",
    "refut",
    "contradict",
    "doubt",
    "nonsens",
    "lie",
    "myth",
    "disprov",
    "wrong",
    "incorrect",
    "categor",
    "invent",
    "fiction",
    "fictiti",
    "spoof",
    "scam",
    "fraud",
    "mistak",
    "erron",
    "unsubstanti",
    "unsupport",
    "absurd",
    "ridicul",
    "propaganda",
    "smear",
    "slander",
    "groundless",
    "fantasi",
];

/// Stems of hedges: the response reports without committing.
const HEDGES: &[&str] = &[
    "report",
    "alleg",
    "claim",
    "appar",
    "unconfirm",
    "unverifi",
    "possibl",
    "rumor",
    "suggest",
    "accord",
    "purport",
    "suppos",
    "seem",
    "may",
    "might",
    "could",
];

/// Stems of confirmations.
const CONFIRMATIONS: &[&str] = &[
    "confirm",
    "verifi",
    "prove",
    "proven",
    "true",
    "inde",
    "admit",
    "acknowledg",
    "announc",
];

fn stems(words: &[String]) -> Vec<String> {
    words.iter().map(|w| stem(w)).collect()
}

fn count_in(stems: &[String], lexicon: &[&str]) -> usize {
    stems
        .iter()
        .filter(|s| lexicon.contains(&s.as_str()))
        .count()
}

fn bucket(n: usize) -> u64 {
    n.min(3) as u64
}

/// Feature keys of a `(claim, response)` pair of folded word sequences.
pub fn features(claim: &[String], response: &[String]) -> Vec<u64> {
    features_of(&DisputeSide::of(claim), &DisputeSide::of(response))
}

/// What the features need of one side of a pair: computed once per claim, when it is
/// digested (on the analysis threads), and small (stems as 64-bit hashes), since alignment
/// compares a claim with many and keeps the claims of recent articles in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DisputeSide {
    /// Hashes of the stems of the content words, sorted, distinct.
    content: Vec<u64>,
    /// Hashes of the stems of words that are not stop words and follow a negation within
    /// three words ("did not *cut* the road"), in order.
    negated: Vec<u64>,
    /// Stems of refutation cues, in order.
    refutation_stems: Vec<String>,
    /// Negation words, each once, in order of first use.
    negation_words: Vec<String>,
    refutations: usize,
    negations: usize,
    hedges: usize,
    confirmations: usize,
}

impl DisputeSide {
    /// The side of a sequence of folded words.
    pub fn of(words: &[String]) -> DisputeSide {
        let stems = stems(words);
        let hash = |s: &str| crate::hash::hash_bytes(s.as_bytes());
        let mut content: Vec<u64> = stems
            .iter()
            .zip(words)
            .filter(|(_, w)| w.len() > 1 && !is_stop_word(w))
            .map(|(s, _)| hash(s))
            .collect();
        content.sort_unstable();
        content.dedup();
        let negated = stems
            .iter()
            .enumerate()
            .filter(|&(i, _)| {
                !is_stop_word(&words[i])
                    && words[i.saturating_sub(3)..i].iter().any(|w| is_negation(w))
            })
            .map(|(_, s)| hash(s))
            .collect();
        let mut negation_words: Vec<String> = Vec::new();
        for w in words.iter().filter(|w| is_negation(w)) {
            if !negation_words.contains(w) {
                negation_words.push(w.clone());
            }
        }
        DisputeSide {
            content,
            negated,
            refutation_stems: stems
                .iter()
                .filter(|s| REFUTATION.contains(&s.as_str()))
                .cloned()
                .collect(),
            negations: words.iter().filter(|w| is_negation(w)).count(),
            negation_words,
            refutations: count_in(&stems, REFUTATION),
            hedges: count_in(&stems, HEDGES),
            confirmations: count_in(&stems, CONFIRMATIONS),
        }
    }

    fn has_content(&self, stem: u64) -> bool {
        self.content.binary_search(&stem).is_ok()
    }
}

/// [`features`] of two prepared sides.
pub fn features_of(c: &DisputeSide, r: &DisputeSide) -> Vec<u64> {
    let mut out = Vec::with_capacity(64);
    let key = |t: u32| FeatureKey::new(t);

    let (refute_r, refute_c) = (r.refutations, c.refutations);
    let (neg_r, neg_c) = (r.negations, c.negations);

    out.push(key(1).int(bucket(refute_r)).finish());
    out.push(key(2).int(bucket(refute_c)).finish());
    out.push(key(3).int(bucket(neg_r)).int(bucket(neg_c)).finish());
    out.push(key(4).int(bucket(r.hedges)).finish());
    out.push(key(5).int(bucket(r.confirmations)).finish());
    out.push(
        key(6)
            .int((refute_r > refute_c) as u64)
            .int((neg_r > neg_c) as u64)
            .finish(),
    );
    for s in &r.refutation_stems {
        out.push(key(7).str(s).finish());
    }

    // Overlap of content stems, in tenths.
    let shared = c.content.iter().filter(|&&s| r.has_content(s)).count();
    let union = (c.content.len() + r.content.len() - shared).max(1);
    let overlap = (shared * 10 / union).min(9) as u64;
    out.push(key(8).int(overlap).finish());
    out.push(key(9).int(overlap).int((refute_r > 0) as u64).finish());
    out.push(key(10).int(overlap).int((neg_r > 0) as u64).finish());

    // A negation within three words before a shared content word: "did not cut the road".
    let negated_shared = r.negated.iter().filter(|&&s| c.has_content(s)).count();
    out.push(key(11).int(bucket(negated_shared)).finish());

    // Which negations the response uses. (The response's other words are left out: learned
    // as features they memorise the training stories' topics and do not carry to new ones.)
    for w in &r.negation_words {
        out.push(key(13).str(w).finish());
    }
    out
}

/// The dispute detector.
#[derive(Debug, Clone)]
pub struct DisputeModel {
    model: LogisticRegression,
    /// Free-form JSON describing how the model was trained.
    pub info: String,
}

/// Training settings for [`DisputeModel::train`].
pub fn training_config() -> LogisticConfig {
    LogisticConfig {
        epochs: 12,
        learning_rate: 0.1,
        l2: 1e-5,
        seed: 7,
    }
}

impl DisputeModel {
    /// The shipped model (embedded in the binary).
    pub fn builtin() -> &'static DisputeModel {
        static MODEL: std::sync::OnceLock<DisputeModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            // Checked by this crate's tests: a model that does not parse is a build defect.
            DisputeModel::from_bytes(BUILTIN_BYTES).expect("the built-in dispute model is valid")
        })
    }

    /// Trains on `(claim words, response words, is_dispute)` examples. Disputes are rare, so
    /// each is repeated `dispute_weight` times.
    pub fn train(
        examples: &[(Vec<String>, Vec<String>, bool)],
        dispute_weight: usize,
        info: String,
    ) -> DisputeModel {
        let mut data = Vec::with_capacity(examples.len());
        for (claim, response, dispute) in examples {
            let f = features(claim, response);
            let copies = if *dispute { dispute_weight.max(1) } else { 1 };
            for _ in 0..copies {
                data.push((f.clone(), *dispute as usize));
            }
        }
        DisputeModel {
            model: LogisticRegression::train(&data, 2, &training_config()),
            info,
        }
    }

    /// The probability that `response` disputes `claim`.
    pub fn probability(&self, claim: &[String], response: &[String]) -> f64 {
        self.model.probabilities(&features(claim, response))[1]
    }

    /// The larger of the two directions: either claim may answer the other.
    pub fn mutual(&self, a: &[String], b: &[String]) -> f64 {
        self.mutual_of(&DisputeSide::of(a), &DisputeSide::of(b))
    }

    /// [`DisputeModel::mutual`] of two prepared sides.
    pub fn mutual_of(&self, a: &DisputeSide, b: &DisputeSide) -> f64 {
        let p = |c, r| self.model.probabilities(&features_of(c, r))[1];
        p(a, b).max(p(b, a))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut weights = ByteWriter::new();
        self.model.write(&mut weights);
        let mut writer = ModelWriter::new(KIND, LAYOUT_VERSION);
        writer.section("info", self.info.as_bytes().to_vec(), false);
        writer.section("model", weights.into_inner(), true);
        writer.to_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<DisputeModel, FormatError> {
        let reader = ModelReader::parse(bytes)?;
        reader.expect_kind(KIND, LAYOUT_VERSION)?;
        let info = String::from_utf8_lossy(reader.section("info")?).into_owned();
        let model = LogisticRegression::read(&mut ByteReader::new(reader.section("model")?))?;
        Ok(DisputeModel { model, info })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        crate::text::tokenize(s)
            .into_iter()
            .map(|t| t.norm)
            .collect()
    }

    #[test]
    fn refutation_cues_and_negated_shared_words_are_features() {
        let claim = words("The report warned of corrosion on the gate");
        let denial =
            words("The ministry denied the report warned of any risk, calling it a fabrication");
        let echo = words("A 2023 report warned of corrosion on the gate hinges");
        let f = features(&claim, &denial);
        assert!(f.contains(&FeatureKey::new(7).str(&stem("denied")).finish()));
        assert!(
            !features(&claim, &echo).contains(&FeatureKey::new(7).str(&stem("denied")).finish())
        );
        let negated = features(&claim, &words("The report did not warn of corrosion"));
        assert!(negated.contains(&FeatureKey::new(11).int(2).finish()));
    }

    #[test]
    fn learns_disputes_from_examples_and_round_trips() {
        let mut examples = Vec::new();
        for i in 0..30 {
            let claim = words(&format!(
                "officials say {i} people were evacuated from the town"
            ));
            examples.push((
                claim.clone(),
                words(&format!("{i} people were evacuated, officials confirmed")),
                false,
            ));
            examples.push((
                claim.clone(),
                words("the ministry denied that anyone was evacuated, calling it false"),
                true,
            ));
        }
        let model = DisputeModel::train(&examples, 1, "test".into());
        let claim = words("officials say 40 people were evacuated from the town");
        assert!(
            model.mutual(
                &claim,
                &words("police denied the evacuation claims as false")
            ) > 0.5
        );
        assert!(
            model.mutual(
                &claim,
                &words("40 people were evacuated, officials confirmed")
            ) < 0.5
        );
        let back = DisputeModel::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(
            back.probability(&claim, &claim),
            model.probability(&claim, &claim)
        );
    }

    #[test]
    fn the_builtin_model_loads() {
        let model = DisputeModel::builtin();
        assert!(model.info.contains("fnc1"), "{}", model.info);
    }
}
