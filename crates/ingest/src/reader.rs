//! Streams raw documents out of paths: files, directories, stdin, gzip, and the container
//! formats (JSONL, CSV, WARC) that hold many documents each.
//!
//! Memory stays bounded by the largest single document: containers are read record by record
//! and nothing is collected across inputs.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use parallax_core::{stable_id, InputFormat, InputInfo};

use crate::detect::{detect_format, is_article_extension};
use crate::fields::Fields;
use crate::{containers, decode, InputError, Limits, Reason};

/// One document as read, before extraction.
#[derive(Debug)]
pub struct RawDocument {
    /// Stable id from the document's bytes.
    pub id: String,
    /// How to name this document in messages: `path`, `path:LINE`, `path#RECORD`, `<stdin>`.
    pub label: String,
    pub input: InputInfo,
    pub payload: Payload,
    /// Things the user should know that did not stop reading (e.g. the encoding assumed).
    pub notes: Vec<String>,
}

/// The content of a raw document.
#[derive(Debug)]
pub enum Payload {
    Text(String),
    Markdown(String),
    Html(String),
    /// A structured record (JSONL object, CSV row).
    Fields(Fields),
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub limits: Limits,
    /// Descend into subdirectories.
    pub recursive: bool,
}

/// A stream of documents from one input.
pub type DocumentStream = Box<dyn Iterator<Item = Result<RawDocument, InputError>> + Send>;

/// The documents in an in-memory input (a posted body, a fuzz case), detected and split exactly
/// like a file named `name` (the name only breaks format ties). `label` names it in errors.
pub fn read_bytes(
    bytes: Vec<u8>,
    label: &str,
    name: Option<&str>,
    options: ReadOptions,
) -> Result<DocumentStream, InputError> {
    open_stream(
        Box::new(Cursor::new(bytes)),
        label.to_string(),
        None,
        name.map(str::to_string),
        options,
    )
}

/// An iterator over every document in a list of paths, in order. `-` reads stdin.
pub struct Inputs {
    pending: VecDeque<Pending>,
    current: Option<DocumentStream>,
    options: ReadOptions,
    /// Directories already expanded, by canonical path: a symbolic link that points back up
    /// the tree must not make a recursive walk read the same files again and again.
    expanded: HashSet<PathBuf>,
}

enum Pending {
    /// A path the user named.
    Named(String),
    /// A file found inside a named directory.
    Found(PathBuf),
}

impl Inputs {
    pub fn new<I, S>(paths: I, options: ReadOptions) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Inputs {
            pending: paths
                .into_iter()
                .map(|p| Pending::Named(p.into()))
                .collect(),
            current: None,
            options,
            expanded: HashSet::new(),
        }
    }

    fn open_next(&mut self, pending: Pending) -> Result<Option<DocumentStream>, InputError> {
        let path = match pending {
            Pending::Named(name) if name == "-" => {
                let stdin: Box<dyn Read + Send> = Box::new(io::stdin());
                return open_stream(stdin, "<stdin>".into(), None, None, self.options).map(Some);
            }
            Pending::Named(name) => PathBuf::from(name),
            Pending::Found(path) => path,
        };
        let label = path.display().to_string();
        let metadata = std::fs::metadata(&path).map_err(|e| InputError::new(&label, e))?;
        if metadata.is_dir() {
            let canonical = path
                .canonicalize()
                .map_err(|e| InputError::new(&label, e))?;
            if !self.expanded.insert(canonical) {
                return Err(InputError::new(
                    &label,
                    Reason::Unsupported(
                        "directory already read (a symbolic link leads back to it); skipped".into(),
                    ),
                ));
            }
            self.expand_directory(&path)
                .map_err(|e| InputError::new(&label, e))?;
            return Ok(None);
        }
        let file = File::open(&path).map_err(|e| InputError::new(&label, e))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string);
        open_stream(
            Box::new(file),
            label.clone(),
            Some(label),
            name,
            self.options,
        )
        .map(Some)
    }

    /// Queues a directory's article files (sorted, hidden files skipped) ahead of the rest, and
    /// its subdirectories when reading recursively.
    fn expand_directory(&mut self, dir: &Path) -> io::Result<()> {
        let mut entries: Vec<(PathBuf, bool)> = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let is_dir = entry.file_type()?.is_dir()
                || (entry.file_type()?.is_symlink() && entry.path().is_dir());
            if (is_dir && self.options.recursive) || (!is_dir && is_article_extension(&name)) {
                entries.push((entry.path(), is_dir));
            }
        }
        entries.sort();
        for (path, _) in entries.into_iter().rev() {
            self.pending.push_front(Pending::Found(path));
        }
        Ok(())
    }
}

impl Iterator for Inputs {
    type Item = Result<RawDocument, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(stream) = self.current.as_mut() {
                match stream.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let pending = self.pending.pop_front()?;
            match self.open_next(pending) {
                Ok(stream) => self.current = stream,
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// Size of the prefix read to detect compression and format.
const HEAD_BYTES: usize = 64 * 1024;

fn open_stream(
    raw: Box<dyn Read + Send>,
    label: String,
    path: Option<String>,
    name: Option<String>,
    options: ReadOptions,
) -> Result<DocumentStream, InputError> {
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(HEAD_BYTES, raw));
    let magic = reader.fill_buf().map_err(|e| InputError::new(&label, e))?;
    if magic.is_empty() {
        return Err(InputError::new(&label, Reason::Empty));
    }
    if magic.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::with_capacity(
            HEAD_BYTES,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| read_error(&label, e))?;
    if head.is_empty() {
        return Err(InputError::new(&label, Reason::Empty));
    }
    let format = detect_format(&head, name.as_deref());
    let stream: Box<dyn BufRead + Send> = Box::new(BufReader::new(Cursor::new(head).chain(reader)));
    let source = Source {
        label,
        path,
        limits: options.limits,
    };
    Ok(match format {
        InputFormat::Jsonl => Box::new(containers::jsonl::JsonlDocuments::new(stream, source)),
        InputFormat::Csv => containers::csv::documents(stream, source),
        InputFormat::Warc => Box::new(containers::warc::WarcDocuments::new(stream, source)),
        single => Box::new(std::iter::once(read_single(stream, source, single))),
    })
}

/// Where documents of one stream come from.
#[derive(Debug, Clone)]
pub struct Source {
    pub label: String,
    pub path: Option<String>,
    pub limits: Limits,
}

impl Source {
    pub fn input(&self, url: Option<String>, format: InputFormat) -> InputInfo {
        InputInfo {
            path: self.path.clone(),
            url,
            format,
        }
    }
}

fn read_single(
    mut stream: Box<dyn BufRead + Send>,
    source: Source,
    format: InputFormat,
) -> Result<RawDocument, InputError> {
    let limit = source.limits.max_document_bytes;
    let mut bytes = Vec::new();
    (&mut stream)
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(&source.label, e))?;
    if bytes.len() > limit {
        return Err(InputError::new(&source.label, Reason::TooLarge { limit }));
    }
    let declared = (format == InputFormat::Html)
        .then(|| declared_charset(&bytes))
        .flatten();
    let decoded =
        decode(&bytes, declared.as_deref()).map_err(|r| InputError::new(&source.label, r))?;
    // Content detection ran on the raw bytes; look again now that the encoding is known.
    let format = if format == InputFormat::Text {
        detect_format(decoded.text.as_bytes(), None).max_text(format)
    } else {
        format
    };
    let payload = match format {
        InputFormat::Html => Payload::Html(decoded.text),
        InputFormat::Markdown => Payload::Markdown(decoded.text),
        _ => Payload::Text(decoded.text),
    };
    Ok(RawDocument {
        id: stable_id(&bytes),
        label: source.label.clone(),
        input: source.input(None, format),
        payload,
        notes: decoded.note.into_iter().collect(),
    })
}

trait TextFormat {
    fn max_text(self, fallback: InputFormat) -> InputFormat;
}

impl TextFormat for InputFormat {
    /// Re-detection may only refine plain text into markdown or HTML.
    fn max_text(self, fallback: InputFormat) -> InputFormat {
        match self {
            InputFormat::Markdown | InputFormat::Html => self,
            _ => fallback,
        }
    }
}

/// Maps a read failure to an error, telling gzip damage apart from I/O trouble.
pub(crate) fn read_error(label: &str, error: io::Error) -> InputError {
    // The decompressor reports damaged data as InvalidData or InvalidInput; some of its
    // messages name the format instead.
    let message = error.to_string();
    let damaged = matches!(
        error.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
    ) || message.contains("gzip")
        || message.contains("deflate");
    if damaged {
        InputError::new(label, Reason::Gzip(message))
    } else {
        InputError::new(label, error)
    }
}

/// The charset an HTML document declares in its first 2 KiB (`<meta charset>` or
/// `<meta http-equiv content="...; charset=...">`).
pub fn declared_charset(html: &[u8]) -> Option<String> {
    let head = &html[..html.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let value: String = lower[at..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|b| *b as char)
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_declarations() {
        assert_eq!(
            declared_charset(b"<meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            )
            .as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_charset(b"<html><body>"), None);
    }
}
