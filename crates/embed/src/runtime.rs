//! ONNX Runtime: the process-wide environment and a pool of single-threaded sessions.
//!
//! ONNX Runtime allows one environment per process and ort's `Session::run` needs `&mut`, so an
//! [`Encoder`] keeps a pool of sessions and lends one to each thread that runs the model. Sessions
//! are created on demand up to the configured number and share their prepacked weights. Each
//! session computes on one thread: with single-threaded kernels a sentence's embedding does not
//! depend on which batch or thread computed it, and parallelism comes from running batches side
//! by side instead.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use ort::environment::Environment;
use ort::logging::LogLevel;
use ort::session::builder::{GraphOptimizationLevel, PrepackedWeights};
use ort::session::Session;
use ort::value::Tensor;

use crate::error::EmbedError;

/// The one environment of this process and the library it was loaded from. Only a success is
/// kept, so a failed load can be retried with another library.
static ENVIRONMENT: Mutex<Option<(Environment, PathBuf)>> = Mutex::new(None);

fn environment(library: &Path) -> Result<Environment, EmbedError> {
    let context = || format!("loading {}", library.display());
    let mut loaded = ENVIRONMENT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((env, loaded_from)) = loaded.as_ref() {
        if loaded_from != library {
            let reason = format!(
                "this process already loaded ONNX Runtime from {}",
                loaded_from.display()
            );
            return Err(EmbedError::runtime(context(), reason));
        }
        return Ok(env.clone());
    }
    let env = ort::init_from(library)
        .map_err(|e| EmbedError::runtime(context(), e))?
        .with_name("parallax-embed")
        .with_telemetry(false)
        .build()
        .map_err(|e| EmbedError::runtime(context(), e))?;
    // Failures come back to us as errors; ONNX Runtime's own log lines would only clutter stderr.
    env.set_log_level(LogLevel::Fatal);
    *loaded = Some((env.clone(), library.to_path_buf()));
    Ok(env)
}

/// A model with token inputs and a `[batch, sequence, hidden]` output, run by a pool of sessions.
pub(crate) struct Encoder {
    model: PathBuf,
    environment: Environment,
    prepacked: PrepackedWeights,
    max_sessions: usize,
    pool: Mutex<PoolState>,
    returned: Condvar,
}

struct PoolState {
    idle: Vec<Session>,
    created: usize,
}

/// A session lent by the pool; goes back to it when dropped.
pub(crate) struct LentSession<'a> {
    session: Option<Session>,
    encoder: &'a Encoder,
}

impl Encoder {
    /// Loads the runtime library (once per process) and builds the first session, so that a bad
    /// model file fails here rather than at the first sentence.
    pub(crate) fn load(
        library: &Path,
        model: &Path,
        max_sessions: usize,
    ) -> Result<Self, EmbedError> {
        let environment = environment(library)?;
        let encoder = Encoder {
            model: model.to_path_buf(),
            environment,
            prepacked: PrepackedWeights::new(),
            max_sessions: max_sessions.max(1),
            pool: Mutex::new(PoolState {
                idle: Vec::new(),
                created: 1,
            }),
            returned: Condvar::new(),
        };
        let first = encoder.new_session()?;
        encoder.lock().idle.push(first);
        Ok(encoder)
    }

    fn new_session(&self) -> Result<Session, EmbedError> {
        let fail = |e: &dyn std::fmt::Display| {
            EmbedError::runtime(format!("loading {}", self.model.display()), e)
        };
        let configure = || -> Result<ort::session::builder::SessionBuilder, String> {
            let text = |e: ort::Error<_>| e.to_string();
            Session::builder(&self.environment)
                .map_err(|e| e.to_string())?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(text)?
                .with_intra_threads(1)
                .map_err(text)?
                .with_inter_threads(1)
                .map_err(text)?
                .with_prepacked_weights(&self.prepacked)
                .map_err(text)
        };
        configure()
            .map_err(|e| fail(&e))?
            .commit_from_file(&self.model)
            .map_err(|e| fail(&e))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        // A panic while holding the lock cannot leave the pool inconsistent (pushes and pops
        // only), so a poisoned lock is still usable.
        self.pool
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An idle session, a new one while fewer than the maximum exist, or else the next one
    /// returned.
    pub(crate) fn lend(&self) -> Result<LentSession<'_>, EmbedError> {
        let mut state = self.lock();
        loop {
            if let Some(session) = state.idle.pop() {
                return Ok(LentSession {
                    session: Some(session),
                    encoder: self,
                });
            }
            if state.created < self.max_sessions {
                state.created += 1;
                drop(state);
                return match self.new_session() {
                    Ok(session) => Ok(LentSession {
                        session: Some(session),
                        encoder: self,
                    }),
                    Err(e) => {
                        self.lock().created -= 1;
                        self.returned.notify_one();
                        Err(e)
                    }
                };
            }
            state = self
                .returned
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    pub(crate) fn max_sessions(&self) -> usize {
        self.max_sessions
    }
}

impl Drop for LentSession<'_> {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.encoder.lock().idle.push(session);
            self.encoder.returned.notify_one();
        }
    }
}

/// One padded batch: `ids` and `mask` are `rows × width`, row-major.
pub(crate) struct Batch {
    pub rows: usize,
    pub width: usize,
    pub ids: Vec<i64>,
    pub mask: Vec<i64>,
}

impl LentSession<'_> {
    /// Runs the model on `batch` and hands the hidden states (`rows × width × hidden`,
    /// row-major) to `use_output`.
    pub(crate) fn run<T>(
        &mut self,
        batch: Batch,
        use_output: impl FnOnce(&[f32], usize) -> T,
    ) -> Result<T, EmbedError> {
        let session = self
            .session
            .as_mut()
            .expect("a lent session is present until dropped");
        let shape = [batch.rows, batch.width];
        let context = "running the sentence encoder";
        let ids =
            Tensor::from_array((shape, batch.ids)).map_err(|e| EmbedError::runtime(context, e))?;
        let mask =
            Tensor::from_array((shape, batch.mask)).map_err(|e| EmbedError::runtime(context, e))?;
        let types = Tensor::from_array((shape, vec![0i64; batch.rows * batch.width]))
            .map_err(|e| EmbedError::runtime(context, e))?;
        let outputs = session
            .run(ort::inputs![
                "input_ids" => ids,
                "attention_mask" => mask,
                "token_type_ids" => types,
            ])
            .map_err(|e| EmbedError::runtime(context, e))?;
        let (out_shape, hidden) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| EmbedError::runtime(context, e))?;
        let dims: &[i64] = out_shape;
        let expected = [batch.rows as i64, batch.width as i64];
        if dims.len() != 3 || dims[..2] != expected {
            return Err(EmbedError::runtime(
                context,
                format!(
                    "output has shape {dims:?}, expected [{}, {}, hidden]",
                    batch.rows, batch.width
                ),
            ));
        }
        Ok(use_output(hidden, dims[2] as usize))
    }
}
