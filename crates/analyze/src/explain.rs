//! Explanations a reader can check: counts of each technique the article itself uses, with
//! the phrases quoted; claims stated without a source; techniques that only appear in quoted
//! speech (which count less); and how many sentences read as persuasion. Strongest first.

use std::collections::BTreeMap;

use parallax_core::Technique;

use crate::analyzer::{Analysis, Finding};

/// Longest quoted example, in characters.
const MAX_EXAMPLE_CHARS: usize = 60;
/// Findings below this confidence are not named in the explanation.
pub const MIN_CONFIDENCE: f32 = 0.2;

/// Singular and plural noun for a technique, as a reader would say it.
pub fn technique_noun(t: Technique) -> (&'static str, &'static str) {
    use Technique::*;
    match t {
        AppealToAuthority => ("appeal to authority", "appeals to authority"),
        AppealToPopularity => ("appeal to popularity", "appeals to popularity"),
        AppealToValues => ("appeal to values", "appeals to values"),
        AppealToFearPrejudice => (
            "appeal to fear or prejudice",
            "appeals to fear or prejudice",
        ),
        FlagWaving => ("flag-waving appeal", "flag-waving appeals"),
        CausalOversimplification => ("causal oversimplification", "causal oversimplifications"),
        FalseDilemma => ("false dilemma", "false dilemmas"),
        ConsequentialOversimplification => ("slippery-slope claim", "slippery-slope claims"),
        StrawMan => ("straw man", "straw men"),
        RedHerring => ("red herring", "red herrings"),
        Whataboutism => ("whataboutism", "whataboutisms"),
        Slogans => ("slogan", "slogans"),
        AppealToTime => ("appeal to urgency", "appeals to urgency"),
        ConversationKiller => ("conversation killer", "conversation killers"),
        LoadedLanguage => ("loaded-language phrase", "loaded-language phrases"),
        Repetition => ("repeated phrase", "repeated phrases"),
        ExaggerationMinimisation => (
            "exaggeration or minimisation",
            "exaggerations or minimisations",
        ),
        ObfuscationVagueness => ("deliberately vague phrase", "deliberately vague phrases"),
        NameCallingLabeling => ("name-calling label", "name-calling labels"),
        Doubt => ("attempt to cast doubt", "attempts to cast doubt"),
        GuiltByAssociation => ("guilt-by-association link", "guilt-by-association links"),
        AppealToHypocrisy => ("charge of hypocrisy", "charges of hypocrisy"),
        QuestioningTheReputation => ("attack on reputation", "attacks on reputation"),
    }
}

/// A short phrase for quoting: whitespace collapsed, cut at a word boundary.
pub fn quote_phrase(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_EXAMPLE_CHARS {
        return collapsed;
    }
    let mut out = String::new();
    for word in collapsed.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX_EXAMPLE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = collapsed.chars().take(MAX_EXAMPLE_CHARS).collect();
    }
    out.push('…');
    out
}

fn count_phrase(n: usize, t: Technique) -> String {
    let (one, many) = technique_noun(t);
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Up to `k` distinct example phrases, most confident first.
fn examples(text: &str, findings: &[&Finding], k: usize) -> Vec<String> {
    let mut sorted: Vec<&&Finding> = findings.iter().collect();
    sorted.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.start.cmp(&b.start))
    });
    let mut out: Vec<String> = Vec::new();
    for f in sorted {
        let phrase = quote_phrase(&text[f.start..f.end]);
        if !out.iter().any(|p| p.eq_ignore_ascii_case(&phrase)) {
            out.push(phrase);
        }
        if out.len() == k {
            break;
        }
    }
    out
}

fn quoted_list(phrases: &[String]) -> String {
    phrases
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The explanation of an analysis, strongest evidence first. `unsourced` holds claims stated
/// without a source in persuasive sentences.
pub fn explain(text: &str, analysis: &Analysis, unsourced: &[String]) -> Vec<String> {
    let mut reasons: Vec<(f32, String)> = Vec::new();
    // Techniques the article uses itself, grouped, by total confidence.
    let mut own: BTreeMap<Technique, Vec<&Finding>> = BTreeMap::new();
    let mut reported: Vec<&Finding> = Vec::new();
    for f in analysis
        .findings
        .iter()
        .filter(|f| f.confidence >= MIN_CONFIDENCE)
    {
        if f.reported {
            reported.push(f);
        } else {
            own.entry(f.technique).or_default().push(f);
        }
    }
    for (t, group) in &own {
        let strength: f32 = group.iter().map(|f| f.confidence).sum();
        let ex = examples(text, group, 2);
        let label = if ex.len() == 1 && group.len() == 1 {
            ""
        } else {
            "e.g. "
        };
        reasons.push((
            strength,
            format!(
                "{}, {label}{}",
                count_phrase(group.len(), *t),
                quoted_list(&ex)
            ),
        ));
    }
    if !unsourced.is_empty() {
        let ex: Vec<String> = unsourced.iter().take(1).map(|c| quote_phrase(c)).collect();
        let n = unsourced.len();
        let noun = if n == 1 { "claim" } else { "claims" };
        reasons.push((
            0.15 * n as f32,
            format!(
                "{n} {noun} stated with no source, e.g. {}",
                quoted_list(&ex)
            ),
        ));
    }
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = reasons.into_iter().map(|(_, r)| r).collect();
    if !reported.is_empty() {
        let refs: Vec<&Finding> = reported.to_vec();
        let ex = examples(text, &refs, 2);
        let speaker = reported.iter().find_map(|f| f.speaker.clone());
        let who = match speaker {
            Some(s) => format!(" (e.g. by {s})"),
            None => String::new(),
        };
        let n = reported.len();
        let noun = if n == 1 {
            "technique appears"
        } else {
            "techniques appear"
        };
        out.push(format!(
            "{n} {noun} only in quotations attributed to others{who}, such as {}; reported, not used, so they count less",
            quoted_list(&ex)
        ));
    }
    let total = analysis.sentences.len();
    if total > 0 {
        let likely = analysis
            .sentences
            .iter()
            .filter(|&&p| p >= analysis.threshold)
            .count();
        let summary = if own.is_empty() && likely * 5 <= total {
            format!(
                "Reads mostly as plain reporting: {likely} of {total} sentences likely use a persuasion technique"
            )
        } else {
            format!(
                "{likely} of {total} sentences ({}%) likely use a persuasion technique",
                (100 * likely + total / 2) / total
            )
        };
        out.push(summary);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_cut_at_word_boundaries() {
        assert_eq!(
            quote_phrase("heartless\n hired thugs"),
            "heartless hired thugs"
        );
        let long = "word ".repeat(30);
        let q = quote_phrase(&long);
        assert!(q.ends_with('…') && q.chars().count() <= MAX_EXAMPLE_CHARS + 1);
    }

    #[test]
    fn explanation_groups_quotes_and_separates_reported_speech() {
        let text = "These heartless hired thugs lied. \"Traitors,\" the minister said.";
        let finding = |start: usize, end: usize, t: Technique, reported: bool| Finding {
            start,
            end,
            sentence: 0,
            technique: t,
            confidence: 0.6,
            technique_probability: 0.8,
            reported,
            speaker: reported.then(|| "the minister".to_string()),
        };
        let analysis = Analysis {
            sentences: vec![0.9, 0.4],
            reported_sentences: vec![false, true],
            findings: vec![
                finding(6, 27, Technique::LoadedLanguage, false),
                finding(35, 43, Technique::NameCallingLabeling, true),
            ],
            article: 0.7,
            threshold: 0.5,
            ..Default::default()
        };
        let e = explain(text, &analysis, &["They lied".to_string()]);
        assert_eq!(e[0], "1 loaded-language phrase, 'heartless hired thugs'");
        assert!(
            e[1].starts_with("1 claim stated with no source, e.g. 'They lied'"),
            "{e:?}"
        );
        assert!(
            e[2].contains("'Traitors'") && e[2].contains("the minister"),
            "{e:?}"
        );
        assert_eq!(
            e[3],
            "1 of 2 sentences (50%) likely use a persuasion technique"
        );
    }
}
