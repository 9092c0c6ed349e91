//! CSV and TSV: one article per row, columns mapped by their header names.

use std::io::{self, BufRead, Read};

use parallax_core::{stable_id, InputFormat};

use crate::fields::{field_name, FieldName, Fields};
use crate::reader::{Payload, RawDocument, Source};
use crate::{InputError, Reason};

type Documents = Box<dyn Iterator<Item = Result<RawDocument, InputError>> + Send>;

/// Streams the rows of a CSV file as documents.
pub fn documents(mut stream: Box<dyn BufRead + Send>, source: Source) -> Documents {
    let delimiter = match stream.fill_buf() {
        Ok(head) => sniff_delimiter(head),
        Err(e) => return Box::new(std::iter::once(Err(InputError::new(&source.label, e)))),
    };
    let guarded = LineGuard {
        inner: stream,
        run: 0,
        limit: source.limits.max_document_bytes,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(guarded);
    let columns: Vec<Option<FieldName>> = match reader.headers() {
        Ok(headers) => headers.iter().map(field_name).collect(),
        Err(e) => return Box::new(std::iter::once(Err(csv_error(&source, None, e)))),
    };
    if !columns
        .iter()
        .any(|c| matches!(c, Some(FieldName::Text | FieldName::Html)))
    {
        let error = InputError::new(
            &source.label,
            Reason::Csv("no column holds an article body (expected a header such as text, body, content or html)".into()),
        );
        return Box::new(std::iter::once(Err(error)));
    }
    let mut failed = false;
    Box::new(reader.into_byte_records().map_while(move |record| {
        if failed {
            return None;
        }
        Some(match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let label = format!("{}:{}", source.label, line);
                let mut fields = Fields::default();
                for (value, column) in record.iter().zip(&columns) {
                    if let Some(column) = column {
                        fields.set(*column, &String::from_utf8_lossy(value));
                    }
                }
                if !fields.has_body() {
                    Err(InputError::new(
                        label,
                        Reason::Csv("the row's body column is empty".into()),
                    ))
                } else {
                    let bytes: Vec<u8> = record.as_slice().to_vec();
                    Ok(RawDocument {
                        id: stable_id(&bytes),
                        label,
                        input: source.input(fields.url.clone(), InputFormat::Csv),
                        payload: Payload::Fields(fields),
                        notes: Vec::new(),
                    })
                }
            }
            Err(e) => {
                // An I/O failure or an oversized row ends the file; a malformed row does not.
                failed = matches!(e.kind(), csv::ErrorKind::Io(_));
                let line = e.position().map(|p| p.line());
                Err(csv_error(&source, line, e))
            }
        })
    }))
}

fn csv_error(source: &Source, line: Option<u64>, error: csv::Error) -> InputError {
    let label = match line {
        Some(line) => format!("{}:{}", source.label, line),
        None => source.label.clone(),
    };
    if let csv::ErrorKind::Io(io) = error.kind() {
        if io.kind() == io::ErrorKind::InvalidData && io.to_string().contains("limit") {
            return InputError::new(
                label,
                Reason::TooLarge {
                    limit: source.limits.max_document_bytes,
                },
            );
        }
    }
    InputError::new(label, Reason::Csv(error.to_string()))
}

fn sniff_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// Fails a read once more than `limit` bytes pass without a newline, so one huge row cannot
/// exhaust memory.
struct LineGuard<R> {
    inner: R,
    run: usize,
    limit: usize,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.run = 0;
            } else {
                self.run += 1;
            }
        }
        if self.run > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "row longer than the document limit",
            ));
        }
        Ok(n)
    }
}
