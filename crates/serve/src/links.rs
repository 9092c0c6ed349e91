//! Addresses of our own pages and API resources, percent-encoded so any id or name (an outlet
//! called "A/B & C?", an entity id with a colon) makes a valid path that always starts with
//! `/`. Write them into markup with [`crate::html::Html::text`].

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn article(id: &str) -> String {
    format!("/articles/{}", encode(id))
}

pub fn outlet(name: &str) -> String {
    format!("/outlets/{}", encode(name))
}

pub fn entity(id: &str) -> String {
    format!("/entities/{}", encode(id))
}

pub fn event(id: &str) -> String {
    format!("/events/{}", encode(id))
}

pub fn narrative(id: &str) -> String {
    format!("/narratives/{}", encode(id))
}

/// `/search?` with the given parameters, in order, empty values left out.
pub fn search(params: &[(&str, &str)]) -> String {
    let mut out = String::from("/search");
    let mut first = true;
    for (key, value) in params {
        if value.is_empty() {
            continue;
        }
        out.push(if first { '?' } else { '&' });
        first = false;
        out.push_str(&encode(key));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_segments() {
        assert_eq!(outlet("A/B & C?"), "/outlets/A%2FB%20%26%20C%3F");
        assert_eq!(entity("org:islamic-state"), "/entities/org%3Aislamic-state");
        assert_eq!(outlet("Ahram Önline"), "/outlets/Ahram%20%C3%96nline");
        assert_eq!(
            article("javascript:alert(1)"),
            "/articles/javascript%3Aalert%281%29"
        );
    }

    #[test]
    fn search_skips_empty_values() {
        assert_eq!(
            search(&[
                ("q", "flood barrier"),
                ("outlet", ""),
                ("technique", "Doubt")
            ]),
            "/search?q=flood%20barrier&technique=Doubt"
        );
        assert_eq!(search(&[("q", "")]), "/search");
    }
}
