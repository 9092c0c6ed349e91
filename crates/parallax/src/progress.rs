//! A progress bar on stderr when a person is watching, silence otherwise.

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner with a count and a rate (inputs stream, so the total is unknown).
    pub fn new(verb: &str, enabled: bool) -> Self {
        let bar = enabled.then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {verb} {{pos}} documents ({{per_sec}}, {{elapsed}})"
                ))
                .expect("valid progress template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress { bar }
    }

    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Prints a message on stderr without tearing the bar.
    pub fn println(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(message),
            None => eprintln!("{message}"),
        }
    }

    /// Takes the bar away, printing nothing.
    pub fn clear(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }

    pub fn finish(self, done: usize, failed: usize) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
            eprintln!("parallax: {done} documents analysed, {failed} failed");
        }
    }
}
