//! Capitals standing for their governments: "Washington halted the assault", "the air base
//! controlled by Damascus", "Moscow's position".
//!
//! News uses a capital's name for the government seated there far more often than for the
//! city. A capital mention is read as the city only when the text marks it as a place: a
//! locative word just before it ("in Washington", "talks held at Cairo", "flew to Moscow", "the
//! Damascus suburbs") or a qualifier after it ("Washington, D.C."). Otherwise it gets the id of
//! the country (or body) in the table's "seat of" column.

/// Words right before a capital that make it a place.
const LOCATIVE_BEFORE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "inside",
    "outside",
    "around",
    "across",
    "toward",
    "towards",
    "via",
    "through",
    "throughout",
    "within",
    "visit",
    "visited",
    "visiting",
    "visits",
    "arrived",
    "arrive",
    "arriving",
    "reached",
    "left",
    "leaving",
    "flew",
    "fly",
    "travelled",
    "traveled",
    "based",
    "central",
    "downtown",
    "greater",
    "suburban",
    "rural",
    "besieged",
    "northern",
    "southern",
    "eastern",
    "western",
    "the",
    "of",
    "outskirts",
    "capital",
    "city",
    "town",
];

/// Word-like things right after a capital that make it a place ("Washington, D.C.").
const PLACE_AFTER: &[&str] = &["dc", "d.c", "d.c."];

/// Whether a capital mention is used as the city rather than its government. `before` is the
/// text preceding the mention, `after` the text following it.
pub fn is_place(before: &str, after: &str) -> bool {
    let previous = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if LOCATIVE_BEFORE.contains(&previous.as_str()) {
        return true;
    }
    let following = after
        .trim_start_matches([',', ' '])
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches([',', ';', ':', ')'])
        .to_lowercase();
    PLACE_AFTER.contains(&following.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_use_is_not_a_place() {
        assert!(!is_place(
            "In December, 2016 ",
            " deliberately halted the assault"
        ));
        assert!(!is_place("the air base controlled by ", "."));
        assert!(!is_place("", "'s position hardened"));
        assert!(!is_place("Moscow and ", " agreed"));
    }

    #[test]
    fn locative_use_is_a_place() {
        assert!(is_place("talks in ", " on Monday"));
        assert!(is_place("he flew to ", "."));
        assert!(is_place("the ", " suburbs"));
        assert!(is_place("a rally in downtown ", ""));
        assert!(is_place("Kazakhstan's capital ", " to discuss"));
        assert!(is_place("", ", D.C., on Friday"));
        assert!(is_place("", " DC area"));
    }
}
