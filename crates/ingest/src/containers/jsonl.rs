//! JSONL: one article object per line. A `.json` file holding one object or an array of
//! objects is read as well.

use std::io::{BufRead, Read};

use parallax_core::{stable_id, InputFormat};
use serde_json::Value;

use crate::fields::{field_name, FieldName, Fields};
use crate::reader::{read_error, Payload, RawDocument, Source};
use crate::{InputError, Reason};

/// serde_json's own nesting limit.
const JSON_DEPTH_LIMIT: usize = 128;

pub struct JsonlDocuments {
    stream: Box<dyn BufRead + Send>,
    source: Source,
    line: usize,
    /// Documents of a whole-file JSON array, waiting to be handed out.
    queued: std::vec::IntoIter<Result<RawDocument, InputError>>,
    done: bool,
}

impl JsonlDocuments {
    pub fn new(stream: Box<dyn BufRead + Send>, source: Source) -> Self {
        JsonlDocuments {
            stream,
            source,
            line: 0,
            queued: Vec::new().into_iter(),
            done: false,
        }
    }

    /// Reads one line, refusing (and skipping past) lines longer than the document limit
    /// without holding them in memory.
    fn read_line(&mut self) -> Option<Result<Vec<u8>, InputError>> {
        let limit = self.source.limits.max_document_bytes;
        let mut line = Vec::new();
        let read = (&mut self.stream)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Err(e) => {
                self.done = true;
                Some(Err(read_error(&self.source.label, e)))
            }
            Ok(0) => None,
            Ok(_) => {
                self.line += 1;
                if line.len() > limit && !line.ends_with(b"\n") {
                    // Discard the rest of the oversized line.
                    loop {
                        let buf = match self.stream.fill_buf() {
                            Ok(buf) => buf,
                            Err(e) => return Some(Err(read_error(&self.source.label, e))),
                        };
                        if buf.is_empty() {
                            break;
                        }
                        match memchr::memchr(b'\n', buf) {
                            Some(i) => {
                                self.stream.consume(i + 1);
                                break;
                            }
                            None => {
                                let n = buf.len();
                                self.stream.consume(n);
                            }
                        }
                    }
                    return Some(Err(self.error(Reason::TooLarge { limit })));
                }
                Some(Ok(line))
            }
        }
    }

    fn label(&self) -> String {
        format!("{}:{}", self.source.label, self.line)
    }

    fn error(&self, reason: Reason) -> InputError {
        InputError::new(self.label(), reason)
    }

    /// The first line did not parse on its own: read the whole input as one JSON value.
    fn read_whole(
        &mut self,
        first: Vec<u8>,
    ) -> Result<Vec<Result<RawDocument, InputError>>, InputError> {
        let limit = self.source.limits.max_document_bytes;
        let mut bytes = first;
        (&mut self.stream)
            .take((limit + 1).saturating_sub(bytes.len()) as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| read_error(&self.source.label, e))?;
        if bytes.len() > limit {
            return Err(InputError::new(
                &self.source.label,
                Reason::TooLarge { limit },
            ));
        }
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| InputError::new(&self.source.label, json_reason(&e)))?;
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let label = format!("{}#{}", self.source.label, i + 1);
                let bytes = serde_json::to_vec(&item).unwrap_or_default();
                document(item, &bytes, label, &self.source)
            })
            .collect())
    }
}

impl Iterator for JsonlDocuments {
    type Item = Result<RawDocument, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.queued.next() {
            return Some(item);
        }
        while !self.done {
            let line = match self.read_line()? {
                Ok(line) => line,
                Err(error) => return Some(Err(error)),
            };
            let trimmed = line.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            let parsed: Result<Value, _> = serde_json::from_slice(trimmed);
            let value = match parsed {
                Ok(value) => value,
                // A pretty-printed object or an array spans lines: read the file whole.
                Err(e) if self.line == 1 && (e.is_eof() || trimmed.starts_with(b"[")) => {
                    self.done = true;
                    return match self.read_whole(line) {
                        Ok(items) => {
                            self.queued = items.into_iter();
                            self.queued.next()
                        }
                        Err(error) => Some(Err(error)),
                    };
                }
                Err(e) => return Some(Err(self.error(json_reason(&e)))),
            };
            return Some(document(value, trimmed, self.label(), &self.source));
        }
        None
    }
}

fn json_reason(error: &serde_json::Error) -> Reason {
    if error.to_string().contains("recursion limit") {
        Reason::JsonTooDeep {
            limit: JSON_DEPTH_LIMIT,
        }
    } else {
        Reason::Json(error.to_string())
    }
}

/// Turns one JSON object into a raw document.
fn document(
    value: Value,
    bytes: &[u8],
    label: String,
    source: &Source,
) -> Result<RawDocument, InputError> {
    let Value::Object(object) = value else {
        return Err(InputError::new(
            label,
            Reason::NotAnArticle("expected an object with a text or html field".into()),
        ));
    };
    let mut fields = Fields::default();
    for (key, value) in &object {
        let Some(name) = field_name(key) else {
            continue;
        };
        match (name, value) {
            (FieldName::Authors, Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) => fields.set(name, s),
                        Value::Object(o) => {
                            if let Some(Value::String(s)) = o.get("name") {
                                fields.set(name, s)
                            }
                        }
                        _ => {}
                    }
                }
            }
            (FieldName::Published, Value::Number(n)) => {
                if let Some(iso) = n.as_i64().and_then(unix_to_iso) {
                    fields.set(name, &iso);
                }
            }
            (FieldName::Outlet, Value::Object(o)) => {
                if let Some(Value::String(s)) = o.get("name") {
                    fields.set(name, s)
                }
            }
            (_, Value::String(s)) => fields.set(name, s),
            _ => {}
        }
    }
    if !fields.has_body() {
        return Err(InputError::new(
            label,
            Reason::NotAnArticle(
                "no article body: expected a field such as text, body, content or html".into(),
            ),
        ));
    }
    Ok(RawDocument {
        id: stable_id(bytes),
        label,
        input: source.input(fields.url.clone(), InputFormat::Jsonl),
        payload: Payload::Fields(fields),
        notes: Vec::new(),
    })
}

/// Unix seconds (or milliseconds) to an ISO 8601 UTC date-time.
pub fn unix_to_iso(mut t: i64) -> Option<String> {
    if t > 100_000_000_000 {
        t /= 1000;
    }
    if !(0..=7_258_118_400).contains(&t) {
        return None;
    }
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times() {
        assert_eq!(unix_to_iso(0).as_deref(), Some("1970-01-01T00:00:00+00:00"));
        assert_eq!(
            unix_to_iso(1_484_746_140).as_deref(),
            Some("2017-01-18T13:29:00+00:00")
        );
        assert_eq!(
            unix_to_iso(1_484_746_140_000).as_deref(),
            Some("2017-01-18T13:29:00+00:00")
        );
        assert_eq!(unix_to_iso(-5), None);
    }
}
