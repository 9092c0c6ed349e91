//! `parallax serve --db DIR`: the web UI and JSON API over a corpus store (parallax-serve),
//! with the same analysis pipeline as `analyze` for posted and pasted articles.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use parallax_corpus::narratives::read_catalog;
use parallax_ingest::ReadOptions;
use parallax_serve::narratives::NarrativeCatalog;
use parallax_serve::Config;

use crate::cmd::analyze::LimitArgs;
use crate::cmd::corpus::RatingArgs;
use crate::cmd::narratives::prepare_catalog;
use crate::pipeline::Pipeline;

#[derive(Args)]
pub struct ServeArgs {
    /// The store directory (filled by `parallax ingest`).
    #[arg(long, value_name = "DIR")]
    db: PathBuf,
    /// Address to listen on. Anything but a loopback address makes the server reachable from
    /// other machines; writing endpoints then need --token.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Token that posting and storing articles require (`Authorization: Bearer TOKEN`, or the
    /// form's token field). Also read from PARALLAX_TOKEN, which keeps it out of `ps`.
    #[arg(long)]
    token: Option<String>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = parallax_serve::config::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// A user alias file for entity ids, as for `analyze`.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// A narrative catalog (JSONL or CSV, as for `narratives`): the /narratives page then
    /// shows which stored articles carry which of its narratives.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    #[command(flatten)]
    ratings: RatingArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<i32> {
    let limits = args.limits.limits();
    let mut pipeline = Pipeline::new(limits)?;
    if let Some(path) = &args.aliases {
        pipeline = pipeline.with_aliases(path)?;
    }
    let token = args.token.or_else(|| {
        std::env::var("PARALLAX_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
    });
    if token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        anyhow::bail!("--token must not be empty");
    }
    let mut config = Config::new(&args.db);
    config.ratings = args.ratings.load()?;
    if let Some(path) = &args.catalog {
        // Read once, now: a bad catalog stops the server before it listens.
        let entries = read_catalog(path)
            .with_context(|| format!("reading the narrative catalog {}", path.display()))?;
        config.narratives = Some(Arc::new(NarrativeCatalog::new(
            path.display().to_string(),
            prepare_catalog(&entries),
        )));
    }
    config.addr = SocketAddr::new(args.host, args.port);
    config.token = token;
    config.max_body_bytes = args.max_body_bytes;
    config.read = ReadOptions {
        limits,
        recursive: false,
    };
    if !config.is_loopback() && config.token.is_none() {
        eprintln!(
            "parallax: note: listening beyond the loopback interface without --token: \
             the server will refuse to analyse or store posted articles"
        );
    }
    let db = args.db.display().to_string();
    let analyzer = Arc::new(move |raw| pipeline.process(raw));
    parallax_serve::serve(config, analyzer, |addr| {
        eprintln!("parallax: serving {db} on http://{addr}/ (Ctrl-C stops)");
    })
    .with_context(|| format!("serving the store {db}"))?;
    Ok(0)
}
