//! WARC (ISO 28500): HTML pages from `response` and `resource` records, gzip or not.
//!
//! Each record is framed by its `Content-Length`, so a damaged record is reported and the
//! reader resynchronises on the next `WARC/` version line; request, metadata and non-HTML
//! records are skipped without complaint.

use std::io::{BufRead, Read};

use parallax_core::{stable_id, InputFormat};

use crate::reader::{declared_charset, read_error, Payload, RawDocument, Source};
use crate::{decode, InputError, Reason};

/// Longest header line accepted; longer ones mean the framing is lost.
const MAX_HEADER_LINE: usize = 64 * 1024;

pub struct WarcDocuments {
    stream: Box<dyn BufRead + Send>,
    source: Source,
    record: usize,
    /// The next record's version line was already consumed (while resynchronising).
    version_seen: bool,
    done: bool,
}

struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum Line {
    Eof,
    Text(String),
}

impl WarcDocuments {
    pub fn new(stream: Box<dyn BufRead + Send>, source: Source) -> Self {
        WarcDocuments {
            stream,
            source,
            record: 0,
            version_seen: false,
            done: false,
        }
    }

    fn label(&self) -> String {
        format!("{}#{}", self.source.label, self.record)
    }

    fn read_line(&mut self) -> Result<Line, InputError> {
        let mut line = Vec::new();
        let n = (&mut self.stream)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(&self.label(), e))?;
        if n == 0 {
            return Ok(Line::Eof);
        }
        if !line.ends_with(b"\n") && n >= MAX_HEADER_LINE {
            return Err(InputError::new(
                self.label(),
                Reason::Warc("header line too long".into()),
            ));
        }
        Ok(Line::Text(
            String::from_utf8_lossy(&line)
                .trim_end_matches(['\r', '\n'])
                .to_string(),
        ))
    }

    /// Skips forward to the next `WARC/` version line (after a damaged record).
    fn resync(&mut self) -> Result<bool, InputError> {
        loop {
            match self.read_line()? {
                Line::Eof => return Ok(false),
                Line::Text(line) if line.starts_with("WARC/") => return Ok(true),
                Line::Text(_) => {}
            }
        }
    }

    /// Reads one record; `Ok(None)` at the end of the file, `Ok(Some(None))` for a record that
    /// holds no article.
    fn next_record(
        &mut self,
        version_seen: bool,
    ) -> Result<Option<Option<RawDocument>>, InputError> {
        if !version_seen {
            loop {
                match self.read_line()? {
                    Line::Eof => return Ok(None),
                    Line::Text(line) if line.trim().is_empty() => continue,
                    Line::Text(line) if line.starts_with("WARC/") => break,
                    Line::Text(line) => {
                        self.record += 1;
                        let shown: String = line.chars().take(40).collect();
                        return Err(InputError::new(
                            self.label(),
                            Reason::Warc(format!("expected a WARC/ version line, found {shown:?}")),
                        ));
                    }
                }
            }
        }
        self.record += 1;
        let mut header = Header { fields: Vec::new() };
        loop {
            match self.read_line()? {
                Line::Eof => {
                    return Err(InputError::new(
                        self.label(),
                        Reason::Warc("file ends inside a record header".into()),
                    ))
                }
                Line::Text(line) if line.is_empty() => break,
                Line::Text(line) => match line.split_once(':') {
                    Some((k, v)) => header
                        .fields
                        .push((k.trim().to_string(), v.trim().to_string())),
                    None => {
                        return Err(InputError::new(
                            self.label(),
                            Reason::Warc(format!("malformed header line {line:?}")),
                        ))
                    }
                },
            }
        }
        let length: usize = header
            .get("Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                InputError::new(
                    self.label(),
                    Reason::Warc("missing or invalid Content-Length".into()),
                )
            })?;
        let limit = self.source.limits.max_document_bytes;
        if length > limit {
            let skipped = std::io::copy(
                &mut (&mut self.stream).take(length as u64),
                &mut std::io::sink(),
            )
            .map_err(|e| read_error(&self.label(), e))?;
            if (skipped as usize) < length {
                self.done = true;
            }
            return Err(InputError::new(self.label(), Reason::TooLarge { limit }));
        }
        let mut block = Vec::with_capacity(length);
        (&mut self.stream)
            .take(length as u64)
            .read_to_end(&mut block)
            .map_err(|e| read_error(&self.label(), e))?;
        if block.len() < length {
            self.done = true;
            return Err(InputError::new(
                self.label(),
                Reason::Warc(format!(
                    "truncated: Content-Length is {length} but only {} bytes follow",
                    block.len()
                )),
            ));
        }
        let kind = header.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = header
            .get("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let url = header
            .get("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let page = match kind.as_str() {
            "response" if content_type.starts_with("application/http") => match http_body(&block) {
                Ok(Some(page)) => page,
                Ok(None) => return Ok(Some(None)),
                Err(reason) => return Err(InputError::new(self.label(), reason)),
            },
            "resource" | "response"
                if is_html(&content_type) || content_type.starts_with("text/plain") =>
            {
                Page {
                    body: block.clone(),
                    charset: charset_of(&content_type),
                    html: is_html(&content_type),
                }
            }
            _ => return Ok(Some(None)),
        };
        let declared = page.charset.clone().or_else(|| {
            if page.html {
                declared_charset(&page.body)
            } else {
                None
            }
        });
        let decoded = decode(&page.body, declared.as_deref())
            .map_err(|r| InputError::new(self.label(), r))?;
        let payload = if page.html {
            Payload::Html(decoded.text)
        } else {
            Payload::Text(decoded.text)
        };
        Ok(Some(Some(RawDocument {
            id: stable_id(&block),
            label: self.label(),
            input: self.source.input(url, InputFormat::Warc),
            payload,
            notes: decoded.note.into_iter().collect(),
        })))
    }
}

impl Iterator for WarcDocuments {
    type Item = Result<RawDocument, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let version_seen = std::mem::take(&mut self.version_seen);
            match self.next_record(version_seen) {
                Ok(None) => return None,
                Ok(Some(None)) => {}
                Ok(Some(Some(document))) => return Some(Ok(document)),
                Err(error) => {
                    // Find the next record so the rest of the file still reads.
                    if !self.done {
                        match self.resync() {
                            Ok(found) => {
                                self.version_seen = found;
                                self.done = !found;
                            }
                            Err(_) => self.done = true,
                        }
                    }
                    return Some(Err(error));
                }
            }
        }
        None
    }
}

struct Page {
    body: Vec<u8>,
    charset: Option<String>,
    html: bool,
}

fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

fn charset_of(content_type: &str) -> Option<String> {
    let at = content_type.find("charset=")? + "charset=".len();
    let value: String = content_type[at..]
        .trim_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, ';' | ' ' | '"'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// The body of an HTTP response if it is a successful HTML (or plain-text) page.
fn http_body(block: &[u8]) -> Result<Option<Page>, Reason> {
    let Some(split) = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Err(Reason::Warc(
            "HTTP response without a header/body separator".into(),
        ));
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().to_ascii_lowercase();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = v,
            "transfer-encoding" => chunked = v.contains("chunked"),
            "content-encoding" => encoding = v,
            _ => {}
        }
    }
    let html = is_html(&content_type);
    if !html && !content_type.starts_with("text/plain") {
        return Ok(None);
    }
    let mut body = block[split.1..].to_vec();
    if chunked {
        body = dechunk(&body)
            .ok_or_else(|| Reason::Warc("malformed chunked transfer encoding".into()))?;
    }
    body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        "deflate" => inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        other => {
            return Err(Reason::Unsupported(format!(
                "unsupported HTTP Content-Encoding {other:?}"
            )))
        }
    };
    Ok(Some(Page {
        body,
        charset: charset_of(&content_type),
        html,
    }))
}

fn inflate(mut reader: impl Read) -> Result<Vec<u8>, Reason> {
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| Reason::Gzip(e.to_string()))?;
    Ok(out)
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = memchr::memchr(b'\n', body)?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?.trim();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert!(dechunk(b"zz\r\nhello").is_none());
    }

    #[test]
    fn charsets() {
        assert_eq!(
            charset_of("text/html; charset=iso-8859-1").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
