//! Language identification (ISO 639-1) with `whatlang`, falling back to what the document
//! declares when the text is too short or too mixed to tell.

/// Characters of text sampled for detection; more adds time, not accuracy.
const SAMPLE_CHARS: usize = 2000;

/// The article's language: detected when detection is reliable, else the declared one, else
/// a detection that is merely likely for texts long enough to trust it.
pub fn identify(text: &str, declared: Option<&str>) -> Option<String> {
    // The first SAMPLE_CHARS characters, borrowed rather than copied.
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    // Most news is plainly English, and whatlang then only confirms it after scoring the
    // sample against every Latin-script language (about a twentieth of the annotate stage).
    if plainly_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample);
    let detected = info.as_ref().and_then(|i| iso_639_1(i.lang().code()));
    match (info, detected) {
        (Some(info), Some(code)) if info.is_reliable() => Some(code),
        (_, _) if declared.is_some() => declared.map(str::to_string),
        (Some(_), Some(code)) if sample.split_whitespace().count() >= 30 => Some(code),
        _ => None,
    }
}

/// English function words frequent in any English prose and rare as words of other languages
/// (no "a", "in", "on", "was", "die", "so", which are also words elsewhere).
const ENGLISH_FUNCTION_WORDS: [&str; 24] = [
    "the", "of", "and", "to", "is", "that", "for", "with", "by", "at", "from", "said", "has",
    "have", "are", "were", "this", "which", "their", "they", "been", "would", "will", "its",
];

/// Whether a sample is unmistakably English prose: at least 60 words, nearly all ASCII (at
/// most one character in 50 not), "the" at least 4% of the words and these function words
/// together at least a fifth. English news runs at 6-7% "the" and about a third function
/// words; other languages, even ones quoting English, stay far below both. Anything less plain
/// goes to whatlang.
fn plainly_english(sample: &str) -> bool {
    // Counted in characters: a curly quote or dash is one character but three bytes, and by
    // bytes a third of English news articles (with typographic quotes) fell to whatlang.
    let (mut chars, mut non_ascii) = (0usize, 0usize);
    for c in sample.chars() {
        chars += 1;
        non_ascii += usize::from(!c.is_ascii());
    }
    if non_ascii * 50 > chars {
        return false;
    }
    let (mut words, mut the, mut function) = (0usize, 0usize, 0usize);
    for word in sample.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if word.len() > 5 {
            continue;
        }
        if word.eq_ignore_ascii_case("the") {
            the += 1;
        }
        if ENGLISH_FUNCTION_WORDS
            .iter()
            .any(|f| f.eq_ignore_ascii_case(word))
        {
            function += 1;
        }
    }
    words >= 60 && the * 25 >= words && function * 5 >= words
}

/// ISO 639-3 (as whatlang reports) to ISO 639-1. Languages without a two-letter code map to
/// `None`.
pub fn iso_639_1(code: &str) -> Option<String> {
    let two = match code {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    };
    Some(two.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_news_languages() {
        let en = "The harbour authority said on Monday that the barrier had failed below its design limit and that an inquiry would follow.";
        let de = "Die Hafenbehörde teilte am Montag mit, dass die Sperre unterhalb ihrer Auslegungsgrenze versagt habe und eine Untersuchung folgen werde.";
        let ru = "Портовое управление заявило в понедельник, что барьер не выдержал нагрузки ниже расчётного предела и что будет проведено расследование.";
        assert_eq!(identify(en, None).as_deref(), Some("en"));
        assert_eq!(identify(de, Some("en")).as_deref(), Some("de"));
        assert_eq!(identify(ru, None).as_deref(), Some("ru"));
    }

    #[test]
    fn plain_english_is_recognised_without_whatlang_and_agrees_with_it() {
        let en = "The harbour authority said on Monday that the barrier had failed below its \
                  design limit and that an inquiry would follow. The minister, who visited the \
                  town, said the government would pay for the repairs and that the families of \
                  the victims would receive help. Residents said they had heard no warning at \
                  all before the water reached their homes, and the opposition called for the \
                  head of the authority to resign over the failure of the gate.";
        assert!(plainly_english(en));
        let whatlang = whatlang::detect(en).unwrap();
        assert_eq!(whatlang.lang().code(), "eng");
        assert!(whatlang.is_reliable());
        // Too short to be plain, and other languages are never plain English.
        assert!(!plainly_english(
            "The harbour authority said on Monday that the gate failed."
        ));
        let de = "Die Hafenbehörde teilte am Montag mit, dass die Sperre unterhalb ihrer \
                  Auslegungsgrenze versagt habe und eine Untersuchung folgen werde. Der Minister \
                  besuchte die Stadt und sagte, die Regierung werde für die Reparaturen zahlen \
                  und den Familien der Opfer helfen. Anwohner sagten, sie hätten keine Warnung \
                  gehört, bevor das Wasser ihre Häuser erreichte, und die Opposition forderte \
                  den Rücktritt des Leiters der Behörde wegen des Versagens des Tores.";
        assert!(!plainly_english(de));
        assert_eq!(identify(de, Some("en")).as_deref(), Some("de"));
    }

    #[test]
    fn short_text_falls_back_to_the_declaration() {
        assert_eq!(identify("OK", Some("fr")).as_deref(), Some("fr"));
        assert_eq!(identify("", None), None);
    }
}
