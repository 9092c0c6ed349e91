//! ISO 8601 dates as the record writes them, turned into instants for range filters.
//!
//! A date names a period, not an instant: "2017" is a year, "2017-01-19" a day,
//! "2017-01-19T13:29" a minute. [`Period::parse`] keeps both ends so a filter `--to 2017-01-19`
//! can include the whole day. Times without an offset are taken as UTC (the record keeps the
//! offset only when the article states it).

/// A half-open interval of Unix seconds `[start, end)` named by an ISO 8601 date or date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: i64,
    pub end: i64,
}

impl Period {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`.
    /// Returns `None` for anything else, including impossible dates such as February 30.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (date, time) = match text.find(['T', ' ']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let year: i64 = number(parts.next()?, 4)?;
        // A part that is present must be valid; an absent one widens the period.
        let month = match parts.next() {
            Some(m) => Some(number(m, 2)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(number(d, 2)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let Some(month) = month else {
            if time.is_some() {
                return None;
            }
            let start = days_from_civil(year, 1, 1) * DAY;
            return Some(Period {
                start,
                end: days_from_civil(year + 1, 1, 1) * DAY,
            });
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        let Some(day) = day else {
            if time.is_some() {
                return None;
            }
            let (next_year, next_month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            return Some(Period {
                start: days_from_civil(year, month, 1) * DAY,
                end: days_from_civil(next_year, next_month, 1) * DAY,
            });
        };
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let midnight = days_from_civil(year, month, day) * DAY;
        let Some(time) = time else {
            return Some(Period {
                start: midnight,
                end: midnight + DAY,
            });
        };
        let (clock, offset) = split_offset(time)?;
        let (seconds, length) = clock_seconds(clock)?;
        let start = midnight + seconds - offset;
        Some(Period {
            start,
            end: start + length,
        })
    }
}

const DAY: i64 = 86_400;

/// Splits `13:29:00+02:00` into the clock and the offset in seconds east of UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 && digits.len() != 2 {
        return None;
    }
    let hours: i64 = number(&digits[..2], 2)?;
    let minutes: i64 = if digits.len() == 4 {
        number(&digits[2..], 2)?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 3600 + minutes * 60)))
}

/// Seconds since midnight of `HH:MM[:SS[.fff]]`, and the length of the period it names.
fn clock_seconds(clock: &str) -> Option<(i64, i64)> {
    let mut parts = clock.split(':');
    let hours: i64 = number(parts.next()?, 2)?;
    let minutes: i64 = number(parts.next()?, 2)?;
    let seconds = parts.next();
    if parts.next().is_some() || hours > 23 || minutes > 59 {
        return None;
    }
    let base = hours * 3600 + minutes * 60;
    match seconds {
        None => Some((base, 60)),
        Some(seconds) => {
            let whole = seconds
                .split_once('.')
                .map_or(seconds, |(whole, fraction)| {
                    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                        ""
                    } else {
                        whole
                    }
                });
            let seconds: i64 = number(whole, 2)?;
            // 60 admits a leap second.
            (seconds <= 60).then_some((base + seconds, 1))
        }
    }
}

/// A decimal field of exactly `width` ASCII digits.
fn number(text: &str, width: usize) -> Option<i64> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Years are counted from March so the
/// leap day falls last, in 400-year eras of 146,097 days.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_match_known_instants() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        // 2017-01-19T00:00:00Z is 1484784000.
        assert_eq!(Period::parse("2017-01-19").unwrap().start, 1_484_784_000);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn a_date_names_its_whole_period() {
        let day = Period::parse("2017-01-19").unwrap();
        assert_eq!(day.end - day.start, DAY);
        let month = Period::parse("2016-02").unwrap();
        assert_eq!(month.end - month.start, 29 * DAY);
        let year = Period::parse("2017").unwrap();
        assert_eq!(year.end - year.start, 365 * DAY);
        assert_eq!(year.start, Period::parse("2017-01-01").unwrap().start);
    }

    #[test]
    fn offsets_move_the_instant_to_utc() {
        let local = Period::parse("2017-01-18T13:29:00+02:00").unwrap();
        let utc = Period::parse("2017-01-18T11:29:00Z").unwrap();
        assert_eq!(local, utc);
        let minute = Period::parse("2017-01-18T13:29").unwrap();
        assert_eq!(minute.end - minute.start, 60);
        assert_eq!(
            Period::parse("2017-01-18T13:29:00.250-0500").unwrap().start,
            Period::parse("2017-01-18T18:29:00Z").unwrap().start
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2017-02-30",
            "2017-13-01",
            "17-01-19",
            "2017-01-19T25:00",
            "2017-01-19T10:00+2",
            "2017-01T10:00",
            "2017-01-19-04",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }
}
