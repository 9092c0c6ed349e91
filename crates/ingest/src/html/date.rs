//! Publication dates as pages write them, normalised to ISO 8601.
//!
//! Machine dates (`2017-01-18T13:29:00+02:00`, `2017-01-18`) keep their time and offset; human
//! dates (`January 19, 2017`, `19. Januar 2017`, `19.01.2017`, `19 janvier 2017`) become a day.

/// An ISO 8601 date (`2017-01-19`) or date-time (`2017-01-18T13:29:00`, with the offset when the
/// source gives one), or `None` when `text` holds no plausible date.
pub fn normalise(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    iso(text).or_else(|| human(text))
}

fn plausible(year: u32, month: u32, day: u32) -> bool {
    (1990..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn digits(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(at..at + count)?;
    if !slice.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(slice.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS][.fff][Z|±HH:MM|±HHMM]` (a space may stand
/// for the `T`). Also `YYYY/MM/DD` and `YYYYMMDD` at the start of the text.
fn iso(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    let (month, day, mut pos) = match b.get(4) {
        Some(&sep @ (b'-' | b'/' | b'.')) => {
            let month = digits(b, 5, 2)?;
            if b.get(7) != Some(&sep) {
                return None;
            }
            (month, digits(b, 8, 2)?, 10)
        }
        Some(d) if d.is_ascii_digit() => (digits(b, 4, 2)?, digits(b, 6, 2)?, 8),
        _ => return None,
    };
    if b.get(pos).is_some_and(u8::is_ascii_digit) || !plausible(year, month, day) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if !matches!(b.get(pos), Some(b'T' | b' ' | b't')) {
        return Some(date);
    }
    pos += 1;
    let (Some(hour), Some(minute)) = (digits(b, pos, 2), digits(b, pos + 3, 2)) else {
        return Some(date);
    };
    if b.get(pos + 2) != Some(&b':') || hour > 23 || minute > 59 {
        return Some(date);
    }
    pos += 5;
    let mut second = 0;
    if b.get(pos) == Some(&b':') {
        second = digits(b, pos + 1, 2).filter(|s| *s < 61).unwrap_or(0);
        pos += 3;
    }
    if b.get(pos) == Some(&b'.') || b.get(pos) == Some(&b',') {
        pos += 1;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
    }
    let time = format!("{date}T{hour:02}:{minute:02}:{second:02}");
    while b.get(pos) == Some(&b' ') {
        pos += 1;
    }
    let offset = match b.get(pos) {
        Some(b'Z' | b'z') => Some("+00:00".to_string()),
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(b, pos + 1, 2);
            let om = if b.get(pos + 3) == Some(&b':') {
                digits(b, pos + 4, 2)
            } else {
                digits(b, pos + 3, 2)
            };
            match (oh, om.or(Some(0))) {
                (Some(h), Some(m)) if h <= 14 && m < 60 => {
                    Some(format!("{}{h:02}:{m:02}", sign as char))
                }
                _ => None,
            }
        }
        _ => None,
    };
    Some(match offset {
        Some(offset) => format!("{time}{offset}"),
        None => time,
    })
}

/// Month names and abbreviations in the languages of most news sites.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let month = match w.as_str() {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "janv" | "enero" | "ene"
        | "gennaio" | "gen" | "janeiro" | "januari" | "stycznia" | "styczeń" => 1,
        "february" | "feb" | "februar" | "feber" | "février" | "févr" | "fevrier" | "febrero"
        | "febbraio" | "fevereiro" | "fev" | "februari" | "lutego" | "luty" => 2,
        "march" | "mar" | "märz" | "mär" | "maerz" | "mars" | "marzo" | "março" | "maart"
        | "marca" | "marzec" | "mrz" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" | "kwietnia"
        | "kwiecień" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mag" | "maio" | "mei" | "maja" | "maj" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" | "giu" | "junho" | "czerwca"
        | "czerwiec" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" | "luglio" | "lug" | "julho"
        | "lipca" | "lipiec" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" | "augustus" | "sierpnia"
        | "sierpień" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "set" | "settembre"
        | "setembro" | "września" | "wrzesień" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "ottobre" | "ott"
        | "outubro" | "out" | "października" | "październik" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" | "listopada" | "listopad" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "déc" | "diciembre" | "dic"
        | "dicembre" | "dezembro" | "grudnia" | "grudzień" => 12,
        _ => return None,
    };
    Some(month)
}

/// A month name or abbreviation in one of the languages [`normalise`] reads.
pub fn is_month_name(word: &str) -> bool {
    month_number(word).is_some()
}

/// A weekday name or abbreviation (English, German, French, Spanish, Italian, Portuguese).
pub fn is_weekday_name(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_lowercase().as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "wed"
            | "thu"
            | "fri"
            | "sat"
            | "sun"
            | "montag"
            | "dienstag"
            | "mittwoch"
            | "donnerstag"
            | "freitag"
            | "samstag"
            | "sonntag"
            | "mo"
            | "di"
            | "mi"
            | "do"
            | "fr"
            | "sa"
            | "so"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "lunes"
            | "martes"
            | "miércoles"
            | "jueves"
            | "viernes"
            | "sábado"
            | "domingo"
            | "lunedì"
            | "martedì"
            | "mercoledì"
            | "giovedì"
            | "venerdì"
            | "sabato"
            | "segunda"
            | "terça"
            | "quarta"
            | "quinta"
            | "sexta"
    )
}

fn year_of(token: &str) -> Option<u32> {
    let year: u32 = token.parse().ok()?;
    (token.len() == 4 && (1990..=2100).contains(&year)).then_some(year)
}

fn day_of(token: &str) -> Option<u32> {
    let token = token
        .trim_end_matches('.')
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day: u32 = token.parse().ok()?;
    (token.len() <= 2 && (1..=31).contains(&day)).then_some(day)
}

/// Dates written for readers: a month name with a day and a year in either order, or numeric
/// day-first dates (`19.01.2017`, `19/01/2017`).
fn human(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && *t != "de" && *t != "del" && *t != "of" && *t != "the")
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        if let Some(month) = month_number(token) {
            // "19. Januar 2017", "19 janvier 2017", "19 de enero de 2017"
            if let (Some(day), Some(year)) = (
                i.checked_sub(1).and_then(|j| day_of(tokens[j])),
                tokens.get(i + 1).and_then(|t| year_of(t)),
            ) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
            // "January 19, 2017"
            if let (Some(day), Some(year)) = (
                tokens.get(i + 1).and_then(|t| day_of(t)),
                tokens.get(i + 2).and_then(|t| year_of(t)),
            ) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
        if let Some(date) = numeric_day_first(token) {
            return Some(date);
        }
    }
    None
}

fn numeric_day_first(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split(['.', '/', '-']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let year = year_of(parts[2])?;
    (parts[0].len() <= 2 && parts[1].len() <= 2 && plausible(year, month, day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A date in a URL path: `/2017/01/19/`, `/2017-01-19-`, `/20170119`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    let b = path.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'/' && b[i] != b'-' && b[i] != b'_' {
            continue;
        }
        let start = i + 1;
        let Some(year) = digits(b, start, 4) else {
            continue;
        };
        if !(1990..=2100).contains(&year) {
            continue;
        }
        let sep = b.get(start + 4).copied();
        if let Some(sep @ (b'/' | b'-' | b'_')) = sep {
            let (Some(month), Some(day)) = (digits(b, start + 5, 2), digits(b, start + 8, 2))
            else {
                continue;
            };
            if b.get(start + 7) == Some(&sep)
                && plausible(year, month, day)
                && !b.get(start + 10).is_some_and(u8::is_ascii_digit)
            {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        } else if let (Some(month), Some(day)) = (digits(b, start + 4, 2), digits(b, start + 6, 2))
        {
            if plausible(year, month, day) && !b.get(start + 8).is_some_and(u8::is_ascii_digit) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates_keep_time_and_offset() {
        assert_eq!(normalise("2017-01-19").as_deref(), Some("2017-01-19"));
        assert_eq!(
            normalise("2017-01-18T13:29:00+02:00").as_deref(),
            Some("2017-01-18T13:29:00+02:00")
        );
        assert_eq!(
            normalise("2017-01-18T13:29:00.000Z").as_deref(),
            Some("2017-01-18T13:29:00+00:00")
        );
        assert_eq!(
            normalise("2017-01-18 13:29").as_deref(),
            Some("2017-01-18T13:29:00")
        );
        assert_eq!(
            normalise("2017-01-18T13:29:00-0500").as_deref(),
            Some("2017-01-18T13:29:00-05:00")
        );
        assert_eq!(normalise("20170119").as_deref(), Some("2017-01-19"));
    }

    #[test]
    fn human_dates_in_several_languages() {
        assert_eq!(normalise("January 19, 2017").as_deref(), Some("2017-01-19"));
        assert_eq!(
            normalise("19. Januar 2017, 14:00 Uhr").as_deref(),
            Some("2017-01-19")
        );
        assert_eq!(
            normalise("Publié le 3 févr. 2020").as_deref(),
            Some("2020-02-03")
        );
        assert_eq!(
            normalise("19 de enero de 2017").as_deref(),
            Some("2017-01-19")
        );
        assert_eq!(
            normalise("Stand: 19.01.2017").as_deref(),
            Some("2017-01-19")
        );
        assert_eq!(normalise("Sept. 3rd 2021").as_deref(), Some("2021-09-03"));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(normalise("May I help you"), None);
        assert_eq!(normalise("2017-13-45"), None);
        assert_eq!(normalise("page 12 of 2000"), None);
        assert_eq!(normalise(""), None);
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            from_url("https://x.org/2017/01/19/story/").as_deref(),
            Some("2017-01-19")
        );
        assert_eq!(
            from_url("https://x.org/news/2021-10-30-title").as_deref(),
            Some("2021-10-30")
        );
        assert_eq!(
            from_url("https://x.org/a/20220503/juicio").as_deref(),
            Some("2022-05-03")
        );
        assert_eq!(
            from_url("https://x.org/2012/05/31/title").as_deref(),
            Some("2012-05-31")
        );
        assert_eq!(from_url("https://x.org/id/45292/title"), None);
        assert_eq!(from_url("https://2017.org/"), None);
    }
}
