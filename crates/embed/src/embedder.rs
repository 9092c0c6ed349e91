//! Texts to sentence embeddings: tokenize, batch by length, encode, mean-pool, L2-normalise.
//!
//! This is what sentence-transformers does for all-MiniLM-L6-v2 (modules.json: Transformer,
//! then mean Pooling over real tokens, then Normalize), with its `max_seq_length` of 256
//! word pieces including `[CLS]` and `[SEP]`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::EmbedError;
use crate::model_dir::ModelPaths;
use crate::runtime::{Batch, Encoder};
use crate::tokenize::WordPieceTokenizer;

/// Width of an embedding.
pub const DIMENSIONS: usize = 384;
/// The model's maximum sequence length (sentence_bert_config.json), special tokens included.
pub const MAX_TOKENS: usize = 256;

/// A unit-length sentence embedding; the cosine of two is their dot product ([`cosine`]).
pub type Embedding = [f32; DIMENSIONS];

/// How an [`Embedder`] runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedderOptions {
    /// Batches encoded side by side, one single-threaded session each (at least 1). Each
    /// session holds its own copy of the dequantized weights, about 170 MB.
    pub threads: usize,
    /// Most sentences in one batch.
    pub batch_size: usize,
    /// Most tokens (rows × padded width) in one batch, which bounds the attention memory.
    pub batch_tokens: usize,
    /// Truncation length in word pieces, `[CLS]` and `[SEP]` included (at most [`MAX_TOKENS`]).
    pub max_tokens: usize,
}

impl Default for EmbedderOptions {
    fn default() -> Self {
        EmbedderOptions {
            // Capped because every session costs memory; raise it on a big machine.
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
            batch_size: 16,
            batch_tokens: 2048,
            max_tokens: MAX_TOKENS,
        }
    }
}

/// all-MiniLM-L6-v2 sentence embeddings. `Sync`: share one per process (`&Embedder` or `Arc`).
pub struct Embedder {
    tokenizer: WordPieceTokenizer,
    encoder: Encoder,
    options: EmbedderOptions,
}

impl Embedder {
    /// Loads the model fetched under `$PARALLAX_MODELS` (or the default cache), with default
    /// options. Fails with [`EmbedError::NotFetched`] naming the missing file and the fetch command.
    pub fn from_env() -> Result<Self, EmbedError> {
        Self::load(&ModelPaths::from_env(), EmbedderOptions::default())
    }

    pub fn load(paths: &ModelPaths, options: EmbedderOptions) -> Result<Self, EmbedError> {
        paths.check()?;
        let tokenizer = WordPieceTokenizer::from_file(&paths.tokenizer)?;
        let encoder = Encoder::load(&paths.runtime_library, &paths.model, options.threads)?;
        let options = EmbedderOptions {
            threads: options.threads.max(1),
            batch_size: options.batch_size.max(1),
            batch_tokens: options.batch_tokens.max(1),
            max_tokens: options.max_tokens.clamp(2, MAX_TOKENS),
        };
        Ok(Embedder {
            tokenizer,
            encoder,
            options,
        })
    }

    pub fn tokenizer(&self) -> &WordPieceTokenizer {
        &self.tokenizer
    }

    pub fn options(&self) -> &EmbedderOptions {
        &self.options
    }

    /// The token ids the model sees for `text`: `[CLS] pieces… [SEP]`, truncated.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, self.options.max_tokens)
    }

    pub fn embed_one(&self, text: &str) -> Result<Embedding, EmbedError> {
        Ok(self.embed(&[text])?.remove(0))
    }

    /// One embedding per text, in order. Deterministic: a text's embedding does not depend on
    /// the other texts in the call or on the number of threads.
    pub fn embed<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<Embedding>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let sequences: Vec<Vec<u32>> = texts.iter().map(|t| self.token_ids(t.as_ref())).collect();
        let batches = self.plan_batches(&sequences);
        let mut out = vec![[0f32; DIMENSIONS]; texts.len()];
        let workers = self
            .options
            .threads
            .min(self.encoder.max_sessions())
            .min(batches.len());
        if workers <= 1 {
            let mut session = self.encoder.lend()?;
            for members in &batches {
                let pooled = session
                    .run(padded(&sequences, members, &self.tokenizer), |h, d| {
                        mean_pool(h, d, &sequences, members)
                    })??;
                scatter(&mut out, members, pooled);
            }
            return Ok(out);
        }
        // Workers take batches in order from a shared counter; results land by index, so the
        // output does not depend on which worker ran what.
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let results: Mutex<Vec<(usize, Vec<Embedding>)>> =
            Mutex::new(Vec::with_capacity(batches.len()));
        let first_error: Mutex<Option<EmbedError>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let outcome = (|| -> Result<(), EmbedError> {
                        let mut session = self.encoder.lend()?;
                        while !failed.load(Ordering::Relaxed) {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            let Some(members) = batches.get(index) else {
                                break;
                            };
                            let pooled = session
                                .run(padded(&sequences, members, &self.tokenizer), |h, d| {
                                    mean_pool(h, d, &sequences, members)
                                })??;
                            lock(&results).push((index, pooled));
                        }
                        Ok(())
                    })();
                    if let Err(e) = outcome {
                        failed.store(true, Ordering::Relaxed);
                        lock(&first_error).get_or_insert(e);
                    }
                });
            }
        });
        if let Some(e) = first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        for (index, pooled) in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
            scatter(&mut out, &batches[index], pooled);
        }
        Ok(out)
    }

    /// Groups sequence indices into batches of similar length, which keeps padding small.
    fn plan_batches(&self, sequences: &[Vec<u32>]) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..sequences.len()).collect();
        order.sort_by_key(|&i| (sequences[i].len(), i));
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for i in order {
            let width = sequences[i].len(); // the longest so far, as the order is ascending
            let fits = batches.last().is_some_and(|b| {
                b.len() < self.options.batch_size
                    && (b.len() + 1) * width <= self.options.batch_tokens
            });
            if fits {
                batches.last_mut().expect("checked above").push(i);
            } else {
                batches.push(vec![i]);
            }
        }
        batches
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn scatter(out: &mut [Embedding], members: &[usize], pooled: Vec<Embedding>) {
    for (&i, e) in members.iter().zip(pooled) {
        out[i] = e;
    }
}

/// Right-padded ids and attention mask for the `members` of one batch.
fn padded(sequences: &[Vec<u32>], members: &[usize], tokenizer: &WordPieceTokenizer) -> Batch {
    let width = members
        .iter()
        .map(|&i| sequences[i].len())
        .max()
        .unwrap_or(0);
    let rows = members.len();
    let mut ids = vec![i64::from(tokenizer.pad_id()); rows * width];
    let mut mask = vec![0i64; rows * width];
    for (row, &i) in members.iter().enumerate() {
        for (col, &id) in sequences[i].iter().enumerate() {
            ids[row * width + col] = i64::from(id);
            mask[row * width + col] = 1;
        }
    }
    Batch {
        rows,
        width,
        ids,
        mask,
    }
}

/// Mean of each row's real-token hidden states, scaled to unit length.
fn mean_pool(
    hidden: &[f32],
    hidden_size: usize,
    sequences: &[Vec<u32>],
    members: &[usize],
) -> Result<Vec<Embedding>, EmbedError> {
    if hidden_size != DIMENSIONS {
        return Err(EmbedError::runtime(
            "running the sentence encoder",
            format!("hidden size is {hidden_size}, expected {DIMENSIONS}"),
        ));
    }
    let width = hidden.len() / (members.len() * DIMENSIONS).max(1);
    let mut out = Vec::with_capacity(members.len());
    for (row, &i) in members.iter().enumerate() {
        let len = sequences[i].len();
        let mut sum = [0f32; DIMENSIONS];
        for pos in 0..len {
            let start = (row * width + pos) * DIMENSIONS;
            for (s, h) in sum.iter_mut().zip(&hidden[start..start + DIMENSIONS]) {
                *s += h;
            }
        }
        let count = len.max(1) as f32;
        sum.iter_mut().for_each(|s| *s /= count);
        normalize(&mut sum);
        out.push(sum);
    }
    Ok(out)
}

/// Scales to unit length (a zero vector stays zero), as sentence-transformers' Normalize does.
fn normalize(v: &mut Embedding) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
}

/// Cosine similarity of two embeddings (their dot product, as both have unit length).
pub fn cosine(a: &Embedding, b: &Embedding) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_ignores_padding_and_normalises() {
        let sequences = vec![vec![1, 2], vec![1, 2, 3]];
        let members = [0, 1];
        let width = 3;
        let mut hidden = vec![0f32; 2 * width * DIMENSIONS];
        // Row 0: tokens hold 1.0 and 3.0 in dim 0, padding holds 100.0 (must be ignored).
        hidden[0] = 1.0;
        hidden[DIMENSIONS] = 3.0;
        hidden[2 * DIMENSIONS] = 100.0;
        // Row 1: dim 1 = 2.0 on every token.
        for pos in 0..3 {
            hidden[(width + pos) * DIMENSIONS + 1] = 2.0;
        }
        let pooled = mean_pool(&hidden, DIMENSIONS, &sequences, &members).unwrap();
        assert_eq!(pooled[0][0], 1.0);
        assert_eq!(pooled[0][1], 0.0);
        assert_eq!(pooled[1][1], 1.0);
        assert!((cosine(&pooled[0], &pooled[0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&pooled[0], &pooled[1]), 0.0);
    }

    #[test]
    fn wrong_hidden_size_is_an_error() {
        let err = mean_pool(&[0.0; 8], 4, &[vec![1, 2]], &[0]).unwrap_err();
        assert!(err.to_string().contains("hidden size is 4"));
    }

    #[test]
    fn embedder_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Embedder>();
    }

    #[test]
    fn zero_vector_stays_finite() {
        let mut v = [0f32; DIMENSIONS];
        normalize(&mut v);
        assert!(v.iter().all(|x| *x == 0.0));
    }
}
