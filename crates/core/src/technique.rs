//! Persuasion techniques, named as in the SemEval-2023 Task 3 scheme.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! techniques {
    ($( $variant:ident => $name:literal, $definition:literal; )*) => {
        /// One of the 23 persuasion techniques of SemEval-2023 Task 3 (Piskorski et al., 2023).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Technique { $( $variant, )* }

        impl Technique {
            /// Every technique, in the order of the scheme.
            pub const ALL: &'static [Technique] = &[ $( Technique::$variant, )* ];

            /// The official label, e.g. `Loaded_Language`.
            pub fn name(self) -> &'static str {
                match self { $( Technique::$variant => $name, )* }
            }

            /// A one-line definition for readers.
            pub fn definition(self) -> &'static str {
                match self { $( Technique::$variant => $definition, )* }
            }
        }
    };
}

techniques! {
    AppealToAuthority => "Appeal_to_Authority", "cites an authority as proof instead of evidence";
    AppealToPopularity => "Appeal_to_Popularity", "argues that something is right because many people hold it";
    AppealToValues => "Appeal_to_Values", "ties the argument to values the audience holds dear";
    AppealToFearPrejudice => "Appeal_to_Fear-Prejudice", "builds support by stoking fear or prejudice";
    FlagWaving => "Flag_Waving", "appeals to national or group pride and identity";
    CausalOversimplification => "Causal_Oversimplification", "assumes a single cause for a complex issue";
    FalseDilemma => "False_Dilemma-No_Choice", "presents two options as the only ones";
    ConsequentialOversimplification => "Consequential_Oversimplification", "claims one step will set off a chain of consequences";
    StrawMan => "Straw_Man", "refutes a distorted version of the opponent's position";
    RedHerring => "Red_Herring", "diverts attention to an irrelevant topic";
    Whataboutism => "Whataboutism", "answers criticism by accusing the critic of hypocrisy";
    Slogans => "Slogans", "a brief, striking phrase used as an argument";
    AppealToTime => "Appeal_to_Time", "argues that the time to act is now";
    ConversationKiller => "Conversation_Killer", "a phrase meant to end discussion";
    LoadedLanguage => "Loaded_Language", "words with strong emotional connotations";
    Repetition => "Repetition", "repeats the same message to make it stick";
    ExaggerationMinimisation => "Exaggeration-Minimisation", "overstates or downplays something";
    ObfuscationVagueness => "Obfuscation-Vagueness-Confusion", "deliberately unclear wording";
    NameCallingLabeling => "Name_Calling-Labeling", "labels the target with a loaded name";
    Doubt => "Doubt", "questions the credibility of someone or something";
    GuiltByAssociation => "Guilt_by_Association", "discredits by association with something disliked";
    AppealToHypocrisy => "Appeal_to_Hypocrisy", "attacks the target as a hypocrite";
    QuestioningTheReputation => "Questioning_the_Reputation", "attacks the character of the target";
}

/// A technique label that is neither a SemEval-2023 name nor a known older name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown persuasion technique {0:?}")]
pub struct UnknownTechnique(pub String);

impl FromStr for Technique {
    type Err = UnknownTechnique;

    /// Parses a SemEval-2023 name, or a SemEval-2020 / NLP4IF-2019 name mapped to the 2023
    /// technique that took it over. Merged 2020 classes map to their first member.
    fn from_str(label: &str) -> Result<Self, Self::Err> {
        if let Some(t) = Technique::ALL.iter().find(|t| t.name() == label) {
            return Ok(*t);
        }
        let legacy = match label {
            "Appeal_to_fear-prejudice" => Technique::AppealToFearPrejudice,
            "Bandwagon" | "Bandwagon,Reductio_ad_hitlerum" => Technique::AppealToPopularity,
            "Reductio_ad_hitlerum" => Technique::GuiltByAssociation,
            "Black-and-White_Fallacy" => Technique::FalseDilemma,
            "Exaggeration,Minimisation" => Technique::ExaggerationMinimisation,
            "Flag-Waving" => Technique::FlagWaving,
            "Name_Calling,Labeling" => Technique::NameCallingLabeling,
            "Thought-terminating_Cliches" => Technique::ConversationKiller,
            "Whataboutism,Straw_Men,Red_Herring" => Technique::Whataboutism,
            "Straw_Men" => Technique::StrawMan,
            "Obfuscation,Intentional_Vagueness,Confusion" => Technique::ObfuscationVagueness,
            _ => return Err(UnknownTechnique(label.to_string())),
        };
        Ok(legacy)
    }
}

impl fmt::Display for Technique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Technique {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Technique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = String::deserialize(deserializer)?;
        label.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_has_23_techniques_and_names_round_trip() {
        assert_eq!(Technique::ALL.len(), 23);
        for t in Technique::ALL {
            assert_eq!(t.name().parse::<Technique>().unwrap(), *t);
        }
        assert_eq!(
            "Flag-Waving".parse::<Technique>().unwrap(),
            Technique::FlagWaving
        );
        assert!("Nonsense".parse::<Technique>().is_err());
    }
}
