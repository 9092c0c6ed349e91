//! Request parts that could not be read (a malformed query string, a body over the size
//! limit, a path that is not UTF-8) as [`Failure`]s, so they are answered like every other
//! error instead of with axum's plain-text rejections.

use axum::extract::rejection::{BytesRejection, FormRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;

use crate::error::Failure;

pub fn query(rejection: QueryRejection) -> Failure {
    Failure::bad_request(format!("malformed query string: {}", rejection.body_text()))
}

pub fn path(rejection: PathRejection) -> Failure {
    Failure::bad_request(format!("malformed path: {}", rejection.body_text()))
}

pub fn body(rejection: BytesRejection, limit: usize) -> Failure {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        Failure::bad_request(format!(
            "unreadable request body: {}",
            rejection.body_text()
        ))
    }
}

pub fn form(rejection: FormRejection, limit: usize) -> Failure {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        Failure::new(
            rejection.status(),
            "bad_form",
            format!("unreadable form: {}", rejection.body_text()),
        )
    }
}

fn too_large(limit: usize) -> Failure {
    Failure::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!(
            "the request body is larger than the limit of {} (--max-body-bytes)",
            parallax_ingest::human_bytes(limit)
        ),
    )
}
