//! Free-text dates to ISO 8601: "January 19, 2017", "21 - 01 - 2017", "Published: January 18,
//! 2017, 1:29 pm", "2017-01-18T13:29:00+02:00".

use std::sync::LazyLock;

use regex::Regex;

/// A date found in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// `2017-01-19` or `2017-01-18T13:29:00` (with an offset when the text gives one).
    pub iso: String,
    /// Byte range of the whole date expression (time included) in the searched text.
    pub start: usize,
    pub end: usize,
}

const MONTHS: &str = r"(?i:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\b",
    )
    .unwrap()
});

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    ))
    .unwrap()
});

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTHS})\s*,?\s+(?P<year>\d{{4}})\b"))
        .unwrap()
});

static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{4})\b").unwrap());

/// A clock time right after a date: ", 1:29 pm", " at 13:29", " - 10:05 GMT".
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*,|\s+at|\s*[-|–]|\s)\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?i:(a\.?m\.?|p\.?m\.?))?(?:\s*(?i:(GMT|UTC|Z)))?(?:\s*([+-]\d{2}:?\d{2}))?")
        .unwrap()
});

/// Finds the first date in `text` and returns it in ISO 8601 with its byte range.
pub fn find_date(text: &str) -> Option<DateMatch> {
    let mut best: Option<DateMatch> = None;
    let mut consider = |m: Option<DateMatch>| {
        if let Some(m) = m {
            if best.as_ref().is_none_or(|b| m.start < b.start) {
                best = Some(m);
            }
        }
    };
    consider(ISO.captures(text).and_then(|c| {
        let whole = c.get(0)?;
        let date = ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        let iso = match c.get(4) {
            Some(hour) => {
                let time = hms(
                    hour.as_str().parse().ok()?,
                    c[5].parse().ok()?,
                    c.get(6).map_or(Some(0), |s| s.as_str().parse().ok())?,
                )?;
                format!(
                    "{date}T{time}{}",
                    c.get(7).map_or(String::new(), |z| offset(z.as_str()))
                )
            }
            None => date,
        };
        Some(DateMatch {
            iso,
            start: whole.start(),
            end: whole.end(),
        })
    }));
    for re in [&*MONTH_FIRST, &*DAY_FIRST] {
        consider(re.captures(text).and_then(|c| {
            let whole = c.get(0)?;
            let date = ymd(
                c["year"].parse().ok()?,
                month_number(&c["month"])?,
                c["day"].parse().ok()?,
            )?;
            Some(with_time(text, date, whole.start(), whole.end()))
        }));
    }
    consider(NUMERIC.captures(text).and_then(|c| {
        let whole = c.get(0)?;
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[3].parse().ok()?);
        let year: u32 = c[4].parse().ok()?;
        // Day-first unless impossible; slashes with an impossible day-first read US-style.
        let (day, month) = if a > 12 || (b <= 12 && &c[2] != "/") {
            (a, b)
        } else {
            (b, a)
        };
        let date = ymd(year, month, day)?;
        Some(with_time(text, date, whole.start(), whole.end()))
    }));
    best
}

/// Parses a string that is only a date (a metadata value, a JSON field) into ISO 8601.
pub fn parse_date(value: &str) -> Option<String> {
    find_date(value.trim()).map(|m| m.iso)
}

fn with_time(text: &str, date: String, start: usize, end: usize) -> DateMatch {
    let rest = &text[end..];
    if let Some(c) = TIME.captures(rest) {
        let mut hour: u32 = c[1].parse().unwrap_or(99);
        let minute: u32 = c[2].parse().unwrap_or(99);
        let second: u32 = c.get(3).map_or(0, |s| s.as_str().parse().unwrap_or(99));
        if let Some(meridiem) = c.get(4) {
            let pm = meridiem.as_str().to_ascii_lowercase().starts_with('p');
            if hour == 0 || hour > 12 {
                hour = 99;
            } else if pm && hour != 12 {
                hour += 12;
            } else if !pm && hour == 12 {
                hour = 0;
            }
        }
        if let Some(time) = hms(hour, minute, second) {
            let zone = if let Some(explicit) = c.get(6) {
                offset(explicit.as_str())
            } else if c.get(5).is_some() {
                "+00:00".to_string()
            } else {
                String::new()
            };
            let whole = c.get(0).map_or(0, |m| m.end());
            return DateMatch {
                iso: format!("{date}T{time}{zone}"),
                start,
                end: end + whole,
            };
        }
    }
    DateMatch {
        iso: date,
        start,
        end,
    }
}

fn offset(zone: &str) -> String {
    if zone.eq_ignore_ascii_case("z") {
        return "+00:00".into();
    }
    let digits: String = zone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 4 {
        format!("{}{}:{}", &zone[..1], &digits[..2], &digits[2..])
    } else {
        String::new()
    }
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month as usize - 1];
    (day <= days).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn hms(hour: u32, minute: u32, second: u32) -> Option<String> {
    (hour < 24 && minute < 60 && second < 60).then(|| format!("{hour:02}:{minute:02}:{second:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        find_date(s).map(|m| m.iso)
    }

    #[test]
    fn written_dates() {
        assert_eq!(
            iso("Meridian Post, March 3, 2024").as_deref(),
            Some("2024-03-03")
        );
        assert_eq!(
            iso("Thursday, 4th of July 2019").as_deref(),
            Some("2019-07-04")
        );
        assert_eq!(iso("Sept. 9 2021").as_deref(), Some("2021-09-09"));
        assert_eq!(
            iso("Published: February 2, 2016, 11:05 pm").as_deref(),
            Some("2016-02-02T23:05:00")
        );
        assert_eq!(
            iso("Updated 12 Dec 2020 at 09:30 GMT").as_deref(),
            Some("2020-12-12T09:30:00+00:00")
        );
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            iso("Posted on 05 - 11 - 2018").as_deref(),
            Some("2018-11-05")
        );
        assert_eq!(iso("11/25/2018").as_deref(), Some("2018-11-25"));
        assert_eq!(
            iso("2018-11-25T08:15:00+0100").as_deref(),
            Some("2018-11-25T08:15:00+01:00")
        );
        assert_eq!(
            iso("2018-11-25T08:15:00Z").as_deref(),
            Some("2018-11-25T08:15:00+00:00")
        );
        assert_eq!(iso("2018-11-25").as_deref(), Some("2018-11-25"));
    }

    #[test]
    fn impossible_dates_and_plain_numbers_are_not_dates() {
        assert_eq!(iso("February 30, 2017"), None);
        assert_eq!(iso("killing 83 soldiers in 2016"), None);
        assert_eq!(iso("an estimated 120 000 civilians"), None);
        assert_eq!(iso("13:29 on 45/45/2017"), None);
    }

    #[test]
    fn match_range_covers_date_and_time() {
        let line = "Outlet Name, January 5, 2017, 1:29 pm";
        let m = find_date(line).unwrap();
        assert_eq!(&line[m.start..m.end], "January 5, 2017, 1:29 pm");
        assert_eq!(m.iso, "2017-01-05T13:29:00");
    }
}
