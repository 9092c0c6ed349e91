//! Defences around every request: security headers (a strict Content-Security-Policy among
//! them), the `Host` check that stops DNS rebinding against a loopback server, and the checks
//! writing endpoints make (same-origin requests only, and the token when one is required).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{json_error, Failure, PageError};
use crate::state::Shared;

/// Scripts and styles come only from our own `/static/` files: no inline script, no inline
/// style, no event-handler attributes, no plugins, no framing, forms post only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// Adds the security headers to every response, and refuses requests whose `Host` does not
/// name this server when it listens on the loopback interface (a page elsewhere could
/// otherwise point a domain of its own at 127.0.0.1 and read our answers).
pub async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    if state.config.is_loopback() {
        if let Err(failure) = check_host(request.headers(), state.config.addr.port()) {
            return reject(&request, failure);
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Nothing leaks to the sites articles link to; our own form posts keep their Origin
    // (under `no-referrer` browsers send `Origin: null`, which the write check refuses).
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Answers a refused request as JSON for the API, as a page otherwise.
fn reject(request: &Request, failure: Failure) -> Response {
    if request.uri().path().starts_with("/api/") {
        json_error(&failure)
    } else {
        PageError(failure).into_response()
    }
}

/// The `Host` header must name the loopback address we listen on.
fn check_host(headers: &HeaderMap, port: u16) -> Result<(), Failure> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(|| Failure::bad_request("the request has no Host header"))?
        .to_ascii_lowercase();
    let (name, host_port) = split_host(&host);
    let port_ok = match host_port {
        Some(p) => p == port.to_string(),
        None => port == 80,
    };
    let name_ok = matches!(name, "127.0.0.1" | "localhost" | "[::1]");
    if name_ok && port_ok {
        Ok(())
    } else {
        Err(Failure::new(
            StatusCode::MISDIRECTED_REQUEST,
            "wrong_host",
            format!(
                "this server answers only to 127.0.0.1:{port} or localhost:{port}, not {host:?}"
            ),
        ))
    }
}

/// `host:port` into its parts; an IPv6 literal keeps its brackets.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        match host.find(']') {
            Some(end) => {
                let port = host[end + 1..].strip_prefix(':');
                (&host[..=end], port)
            }
            None => (host, None),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    }
}

/// Checks a request to a writing endpoint: it must not come from another site's page, and it
/// must carry the token when one is required. `form_token` is the `token` field of a posted
/// form, for browsers (which cannot add an `Authorization` header to a form post).
pub fn authorize_write(
    state: &Shared,
    method: &Method,
    headers: &HeaderMap,
    form_token: Option<&str>,
) -> Result<(), Failure> {
    debug_assert!(method == Method::POST);
    check_same_origin(headers)?;
    if !state.config.writes_need_token() {
        return Ok(());
    }
    let Some(expected) = state.config.token.as_deref() else {
        return Err(Failure::new(
            StatusCode::FORBIDDEN,
            "writing_disabled",
            "this server listens beyond the loopback interface without a token, so it does \
             not accept documents; restart it with --token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .or(form_token.filter(|t| !t.is_empty()));
    match given {
        Some(given) if constant_time_eq(given.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            "bad_token",
            "the token is wrong",
        )),
        None => Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            "token_required",
            "this endpoint needs the server's token: send `Authorization: Bearer TOKEN`",
        )),
    }
}

/// Browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`); a post from another
/// site's page is refused. Clients that say nothing (curl, scripts) are not browsers driven by
/// a hostile page.
fn check_same_origin(headers: &HeaderMap) -> Result<(), Failure> {
    let refuse = |why: &str| {
        Err(Failure::new(
            StatusCode::FORBIDDEN,
            "cross_origin",
            format!("refused a write from another site ({why})"),
        ))
    };
    if let Some(site) = headers.get("sec-fetch-site").and_then(|h| h.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return refuse(&format!("Sec-Fetch-Site: {site}"));
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("").to_ascii_lowercase();
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let origin_host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        if origin_host != Some(host.as_str()) {
            return refuse(&format!("Origin: {origin}"));
        }
    }
    Ok(())
}

/// Compares secrets in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn host_must_be_loopback_with_our_port() {
        assert!(check_host(&headers(&[("host", "127.0.0.1:8080")]), 8080).is_ok());
        assert!(check_host(&headers(&[("host", "LOCALHOST:8080")]), 8080).is_ok());
        assert!(check_host(&headers(&[("host", "[::1]:8080")]), 8080).is_ok());
        assert!(check_host(&headers(&[("host", "localhost")]), 80).is_ok());
        assert!(check_host(&headers(&[("host", "evil.example:8080")]), 8080).is_err());
        assert!(check_host(&headers(&[("host", "127.0.0.1:9090")]), 8080).is_err());
        assert!(check_host(&headers(&[("host", "localhost")]), 8080).is_err());
        assert!(check_host(&headers(&[]), 8080).is_err());
    }

    #[test]
    fn cross_site_posts_are_refused() {
        assert!(check_same_origin(&headers(&[])).is_ok());
        assert!(check_same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            ("sec-fetch-site", "same-origin"),
        ]))
        .is_ok());
        assert!(check_same_origin(&headers(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(check_same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
        ]))
        .is_err());
        assert!(
            check_same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "null")])).is_err()
        );
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
