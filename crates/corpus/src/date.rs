//! Publication times as Unix seconds, from the record's ISO 8601 `published`.

/// The start of an ISO 8601 date or date-time ("2017", "2017-01", "2017-01-19",
/// "2017-01-18T13:29:00", with an optional `Z` or `±HH:MM` offset) in Unix seconds (UTC).
/// `None` for anything else.
pub fn unix_seconds(published: &str) -> Option<i64> {
    let s = published.trim();
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year: i64 = parse_digits(parts.next()?, 4)?;
    let month: i64 = parts.next().map_or(Some(1), |m| parse_digits(m, 2))?;
    let day: i64 = parts.next().map_or(Some(1), |d| parse_digits(d, 2))?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut fields = clock.split(':');
        let hour: i64 = parse_digits(fields.next()?, 2)?;
        let minute: i64 = fields.next().map_or(Some(0), |m| parse_digits(m, 2))?;
        let second: i64 = fields
            .next()
            .map_or(Some(0), |s| parse_digits(s.split('.').next()?, 2))?;
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second - offset;
    }
    Some(seconds)
}

fn parse_digits(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// Splits "13:29:00+02:00" into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let sign = if time.as_bytes()[i] == b'-' { -1 } else { 1 };
            let offset = time[i + 1..].replace(':', "");
            let hours: i64 = parse_digits(offset.get(..2)?, 2)?;
            let minutes: i64 = offset.get(2..).map_or(Some(0), |m| {
                if m.is_empty() {
                    Some(0)
                } else {
                    parse_digits(m, 2)
                }
            })?;
            Some((&time[..i], sign * (hours * 3600 + minutes * 60)))
        }
        None => Some((time, 0)),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The ISO date (YYYY-MM-DD) of Unix seconds, for display.
pub fn iso_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_times_and_offsets() {
        assert_eq!(unix_seconds("1970-01-01"), Some(0));
        assert_eq!(unix_seconds("2017-01-19"), Some(1_484_784_000));
        assert_eq!(unix_seconds("2017-01-18T13:29:00"), Some(1_484_746_140));
        assert_eq!(
            unix_seconds("2017-01-18T15:29:00+02:00"),
            Some(1_484_746_140)
        );
        assert_eq!(unix_seconds("2017-01-18T13:29Z"), Some(1_484_746_140));
        assert_eq!(unix_seconds("2017"), unix_seconds("2017-01-01"));
        for bad in [
            "",
            "January 2017",
            "2017-13-01",
            "2017-01-01T25:00",
            "17-01-01",
        ] {
            assert_eq!(unix_seconds(bad), None, "{bad}");
        }
        assert_eq!(iso_date(1_484_746_140), "2017-01-18");
        assert_eq!(iso_date(unix_seconds("2000-02-29").unwrap()), "2000-02-29");
    }
}
