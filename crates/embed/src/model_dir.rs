//! Where the fetched model and the ONNX Runtime library live on disk.
//!
//! scripts/fetch-models.sh unpacks them under `$PARALLAX_MODELS` (default
//! `$HOME/.cache/parallax/models`):
//!
//! ```text
//! all-minilm-l6-v2/tokenizer.json        vocabulary and normalizer settings
//! all-minilm-l6-v2/model.onnx            the encoder (int8 weights, float compute)
//! all-minilm-l6-v2/model.safetensors     float32 weights (reference only)
//! onnxruntime-1.31.1/libonnxruntime.so   the runtime, loaded with dlopen
//! ```

use std::path::{Path, PathBuf};

use crate::error::EmbedError;

/// Environment variable naming the models folder.
pub const MODELS_ENV: &str = "PARALLAX_MODELS";
/// Folder of the sentence-embedding model inside the models folder.
pub const MODEL_NAME: &str = "all-minilm-l6-v2";
/// Folder of the ONNX Runtime library inside the models folder.
pub const RUNTIME_NAME: &str = "onnxruntime-1.31.1";

/// The files the embedder needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelPaths {
    pub tokenizer: PathBuf,
    pub model: PathBuf,
    pub runtime_library: PathBuf,
}

impl ModelPaths {
    /// The layout of scripts/fetch-models.sh under `models_dir`.
    pub fn in_models_dir(models_dir: &Path) -> Self {
        let model_dir = models_dir.join(MODEL_NAME);
        ModelPaths {
            tokenizer: model_dir.join("tokenizer.json"),
            model: model_dir.join("model.onnx"),
            runtime_library: models_dir.join(RUNTIME_NAME).join("libonnxruntime.so"),
        }
    }

    /// The paths under `$PARALLAX_MODELS`, or under the default cache when it is unset.
    pub fn from_env() -> Self {
        Self::in_models_dir(&default_models_dir())
    }

    /// Fails with [`EmbedError::NotFetched`] naming the first missing file.
    pub fn check(&self) -> Result<(), EmbedError> {
        for path in [&self.tokenizer, &self.model, &self.runtime_library] {
            if !path.is_file() {
                return Err(EmbedError::NotFetched { path: path.clone() });
            }
        }
        Ok(())
    }
}

/// `$PARALLAX_MODELS`, else `$HOME/.cache/parallax/models`.
pub fn default_models_dir() -> PathBuf {
    match std::env::var_os(MODELS_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            let home = std::env::var_os("HOME").unwrap_or_else(|| ".".into());
            PathBuf::from(home).join(".cache/parallax/models")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_follows_the_fetch_script() {
        let paths = ModelPaths::in_models_dir(Path::new("/m"));
        assert_eq!(
            paths.tokenizer,
            Path::new("/m/all-minilm-l6-v2/tokenizer.json")
        );
        assert_eq!(paths.model, Path::new("/m/all-minilm-l6-v2/model.onnx"));
        assert_eq!(
            paths.runtime_library,
            Path::new("/m/onnxruntime-1.31.1/libonnxruntime.so")
        );
    }

    #[test]
    fn missing_files_name_the_path_and_the_fetch_command() {
        let dir = std::env::temp_dir().join("parallax-embed-no-such-models-dir");
        let err = ModelPaths::in_models_dir(&dir).check().unwrap_err();
        let message = err.to_string();
        assert!(message.contains("tokenizer.json"), "{message}");
        assert!(message.contains(dir.to_str().unwrap()), "{message}");
        assert!(message.contains("scripts/fetch-models.sh"), "{message}");
    }
}
