//! `parallax train MODEL`: rebuild a shipped model from `../shared/data` with a fixed seed.

use clap::{Args, Subcommand};

#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    model: TrainModel,
}

#[derive(Subcommand)]
enum TrainModel {
    /// The named-entity recogniser (models/ner) from CoNLL-2003 train.
    Ner(super::ner::TrainNerArgs),
    /// The check-worthiness weights (crates/annotate/src/claims/weights.rs) from our labels.
    Claims(super::attribution::TrainClaimsArgs),
    /// The dispute detector of claim alignment (models/dispute) from FNC-1 dev stories.
    Disputes(super::corpus_eval::TrainDisputesArgs),
    /// The persuasion models (models/propaganda-*) from NLP4IF-2019, SemEval-2020 and 2023.
    Propaganda(super::propaganda::TrainPropagandaArgs),
}

pub fn run(args: TrainArgs) -> anyhow::Result<i32> {
    match args.model {
        TrainModel::Ner(args) => super::ner::train_ner(args),
        TrainModel::Claims(args) => super::attribution::train_claims(args),
        TrainModel::Disputes(args) => super::corpus_eval::train_disputes(args),
        TrainModel::Propaganda(args) => super::propaganda::train_propaganda(args),
    }
}
