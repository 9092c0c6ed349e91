//! Charts as inline SVG, drawn on the server: no script, no external image, and every label
//! escaped like any other text.

use crate::html::Html;

/// One bar: its label, its value, and the colour class of its bar (a static class name).
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    /// Shown at the end of the bar instead of the value, e.g. "12 spans".
    pub note: String,
    pub class: &'static str,
    /// A number appended to the class (`c7`), for colours indexed by technique.
    pub class_index: Option<usize>,
}

const LABEL_WIDTH: f64 = 250.0;
const BAR_AREA: f64 = 330.0;
const ROW: f64 = 22.0;

/// Horizontal bars, longest first as given, scaled to the largest value.
pub fn bars(title: &str, bars: &[Bar]) -> Html {
    let mut h = Html::new();
    let height = ROW * bars.len() as f64 + 8.0;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    h.raw("<svg class=\"chart bars\" role=\"img\" viewBox=\"0 0 ")
        .fixed(LABEL_WIDTH + BAR_AREA + 170.0, 0)
        .raw(" ")
        .fixed(height, 0)
        .raw("\" aria-label=\"")
        .text(title)
        .raw("\"><title>")
        .text(title)
        .raw("</title>");
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let width = if max > 0.0 {
            (bar.value / max * BAR_AREA).max(1.0)
        } else {
            0.0
        };
        h.raw("<text class=\"label\" x=\"")
            .fixed(LABEL_WIDTH - 8.0, 1)
            .raw("\" y=\"")
            .fixed(y + ROW * 0.68, 1)
            .raw("\" text-anchor=\"end\">")
            .text(bar.label)
            .raw("</text><rect class=\"")
            .raw(bar.class);
        if let Some(i) = bar.class_index {
            h.raw(" c").num(i);
        }
        h.raw("\" x=\"")
            .fixed(LABEL_WIDTH, 1)
            .raw("\" y=\"")
            .fixed(y + 3.0, 1)
            .raw("\" width=\"")
            .fixed(width, 1)
            .raw("\" height=\"")
            .fixed(ROW - 6.0, 1)
            .raw("\"><title>")
            .text(bar.label)
            .raw(": ")
            .text(&bar.note)
            .raw("</title></rect><text class=\"value\" x=\"")
            .fixed(LABEL_WIDTH + width + 6.0, 1)
            .raw("\" y=\"")
            .fixed(y + ROW * 0.68, 1)
            .raw("\">")
            .text(&bar.note)
            .raw("</text>");
    }
    h.raw("</svg>");
    h
}

/// A dated value: one article's score, or a period's mean.
pub struct Point<'a> {
    /// Days since 1970-01-01.
    pub day: i64,
    pub value: f64,
    pub label: &'a str,
}

const PLOT_W: f64 = 600.0;
const PLOT_H: f64 = 180.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

/// Values in [0, 1] over time: `points` as dots and `line` (period means) as a line.
pub fn timeline(title: &str, points: &[Point], line: &[Point]) -> Html {
    let mut h = Html::new();
    h.raw("<svg class=\"chart timeline\" role=\"img\" viewBox=\"0 0 ")
        .fixed(LEFT + PLOT_W + 16.0, 0)
        .raw(" ")
        .fixed(TOP + PLOT_H + BOTTOM, 0)
        .raw("\" aria-label=\"")
        .text(title)
        .raw("\"><title>")
        .text(title)
        .raw("</title>");
    let days = points.iter().chain(line).map(|p| p.day);
    let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
        h.raw("<text class=\"label\" x=\"20\" y=\"40\">No dated articles</text></svg>");
        return h;
    };
    let span = (last - first).max(1) as f64;
    let x = |day: i64| {
        if first == last {
            LEFT + PLOT_W / 2.0
        } else {
            LEFT + (day - first) as f64 / span * PLOT_W
        }
    };
    let y = |v: f64| TOP + (1.0 - v.clamp(0.0, 1.0)) * PLOT_H;
    // Axes and gridlines at 0, 0.5 and 1.
    for (v, label) in [(0.0, "0"), (0.5, "0.5"), (1.0, "1")] {
        h.raw("<line class=\"grid\" x1=\"")
            .fixed(LEFT, 1)
            .raw("\" x2=\"")
            .fixed(LEFT + PLOT_W, 1)
            .raw("\" y1=\"")
            .fixed(y(v), 1)
            .raw("\" y2=\"")
            .fixed(y(v), 1)
            .raw("\"/><text class=\"label\" x=\"")
            .fixed(LEFT - 6.0, 1)
            .raw("\" y=\"")
            .fixed(y(v) + 4.0, 1)
            .raw("\" text-anchor=\"end\">")
            .raw(label)
            .raw("</text>");
    }
    for (day, anchor) in [(first, "start"), (last, "end")] {
        h.raw("<text class=\"label\" x=\"")
            .fixed(x(day), 1)
            .raw("\" y=\"")
            .fixed(TOP + PLOT_H + 22.0, 1)
            .raw("\" text-anchor=\"")
            .raw(anchor)
            .raw("\">")
            .text(&iso_day(day))
            .raw("</text>");
        if first == last {
            break;
        }
    }
    if line.len() > 1 {
        h.raw("<polyline class=\"mean\" points=\"");
        for (i, p) in line.iter().enumerate() {
            if i > 0 {
                h.raw(" ");
            }
            h.fixed(x(p.day), 1).raw(",").fixed(y(p.value), 1);
        }
        h.raw("\"/>");
    }
    for p in line {
        h.raw("<circle class=\"mean-dot\" r=\"4\" cx=\"")
            .fixed(x(p.day), 1)
            .raw("\" cy=\"")
            .fixed(y(p.value), 1)
            .raw("\"><title>")
            .text(p.label)
            .raw("</title></circle>");
    }
    for p in points {
        h.raw("<circle class=\"dot\" r=\"3\" cx=\"")
            .fixed(x(p.day), 1)
            .raw("\" cy=\"")
            .fixed(y(p.value), 1)
            .raw("\"><title>")
            .text(p.label)
            .raw("</title></circle>");
    }
    h.raw("</svg>");
    h
}

/// Days since 1970-01-01 of an ISO 8601 date or date-time (its date part); `None` without a
/// full date.
pub fn day_number(iso: &str) -> Option<i64> {
    let date = iso.get(..10)?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm, proleptic Gregorian).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The ISO date of a day number.
pub fn iso_day(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-03-02T23:10:00+01:00"), Some(20149));
        for day in [-1000, 0, 59, 60, 11_016, 20_149, 30_000] {
            assert_eq!(day_number(&iso_day(day)), Some(day));
        }
        assert_eq!(day_number("2025-03"), None);
        assert_eq!(day_number("2025-13-01"), None);
    }

    #[test]
    fn labels_are_escaped_and_bars_scaled() {
        let svg = bars(
            "mix",
            &[
                Bar {
                    label: "<script>",
                    value: 4.0,
                    note: "4".into(),
                    class: "bar",
                    class_index: Some(3),
                },
                Bar {
                    label: "b",
                    value: 2.0,
                    note: "2".into(),
                    class: "bar",
                    class_index: None,
                },
            ],
        )
        .into_string();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("width=\"330.0\""));
        assert!(svg.contains("width=\"165.0\""));
        assert!(svg.contains("class=\"bar c3\""));
    }

    #[test]
    fn timeline_without_dates_says_so() {
        let svg = timeline("t", &[], &[]).into_string();
        assert!(svg.contains("No dated articles"));
        let one = [Point {
            day: 100,
            value: 0.4,
            label: "x",
        }];
        let svg = timeline("t", &one, &[]).into_string();
        assert!(svg.contains("1970-04-11"));
    }
}
