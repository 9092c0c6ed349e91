//! A compact, versioned, checksummed binary container for model files.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic        8 bytes  "PLXMODEL"
//! format       u16      container version (FORMAT_VERSION)
//! kind         str      what the model is ("ner", ...)
//! kind_version u32      version of that model's own section layout
//! sections     u32      count, then for each:
//!   name       str
//!   flags      u8       bit 0: payload is deflate-compressed
//!   raw_len    u64      length after decompression
//!   stored_len u64      length in the file
//!   crc32      u32      CRC-32 of the raw payload
//!   payload    stored_len bytes
//! ```
//!
//! `str` is a varint length and UTF-8 bytes. A reader refuses a file whose magic, container
//! version, kind or checksums do not match, with an error saying which.

use std::io::{Read, Write};
use std::path::Path;

use thiserror::Error;

pub const MAGIC: &[u8; 8] = b"PLXMODEL";
pub const FORMAT_VERSION: u16 = 1;
const FLAG_DEFLATE: u8 = 1;

/// Why a model file could not be read.
#[derive(Debug, Error)]
pub enum FormatError {
    #[error("not a Parallax model file (bad magic bytes)")]
    BadMagic,
    #[error("model container version {found} is not supported (this build reads {expected})")]
    UnsupportedVersion { found: u16, expected: u16 },
    #[error("model is a {found:?} model, expected {expected:?}")]
    WrongKind { found: String, expected: String },
    #[error("{kind} model layout version {found} is not supported (this build reads {expected})")]
    UnsupportedKindVersion {
        kind: String,
        found: u32,
        expected: u32,
    },
    #[error("model file is truncated")]
    Truncated,
    #[error("model section {0:?} is missing")]
    MissingSection(String),
    #[error("model section {0:?} is corrupt (checksum mismatch)")]
    Checksum(String),
    #[error("model section {section:?} is malformed: {reason}")]
    Malformed { section: String, reason: String },
    #[error("model file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Builds a model file section by section.
#[derive(Debug)]
pub struct ModelWriter {
    kind: String,
    kind_version: u32,
    sections: Vec<(String, Vec<u8>, bool)>,
}

impl ModelWriter {
    pub fn new(kind: &str, kind_version: u32) -> Self {
        ModelWriter {
            kind: kind.to_string(),
            kind_version,
            sections: Vec::new(),
        }
    }

    /// Adds a section; `compress` deflates it (worth it for tables, not for tiny sections).
    pub fn section(&mut self, name: &str, payload: Vec<u8>, compress: bool) -> &mut Self {
        self.sections.push((name.to_string(), payload, compress));
        self
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = ByteWriter::new();
        out.bytes(MAGIC);
        out.u16(FORMAT_VERSION);
        out.str(&self.kind);
        out.u32(self.kind_version);
        out.u32(self.sections.len() as u32);
        for (name, payload, compress) in &self.sections {
            let mut crc = flate2::Crc::new();
            crc.update(payload);
            let stored = if *compress {
                let mut encoder =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
                encoder
                    .write_all(payload)
                    .expect("writing to memory cannot fail");
                encoder.finish().expect("writing to memory cannot fail")
            } else {
                payload.clone()
            };
            out.str(name);
            out.u8(if *compress { FLAG_DEFLATE } else { 0 });
            out.u64(payload.len() as u64);
            out.u64(stored.len() as u64);
            out.u32(crc.sum());
            out.bytes(&stored);
        }
        out.into_inner()
    }

    pub fn write(&self, path: &Path) -> Result<(), FormatError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| FormatError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}

/// Reads a model file and hands out its sections.
#[derive(Debug)]
pub struct ModelReader {
    kind: String,
    kind_version: u32,
    sections: Vec<(String, Vec<u8>)>,
}

impl ModelReader {
    /// Parses and verifies a whole model file.
    pub fn parse(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = ByteReader::new(bytes);
        if r.take(8).map_err(|_| FormatError::BadMagic)? != MAGIC {
            return Err(FormatError::BadMagic);
        }
        let version = r.u16()?;
        if version != FORMAT_VERSION {
            return Err(FormatError::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let kind = r.str()?.to_string();
        let kind_version = r.u32()?;
        let count = r.u32()?;
        let mut sections = Vec::new();
        for _ in 0..count {
            let name = r.str()?.to_string();
            let flags = r.u8()?;
            let raw_len = r.u64()? as usize;
            let stored_len = r.u64()? as usize;
            let crc_expected = r.u32()?;
            let stored = r.take(stored_len)?;
            let raw = if flags & FLAG_DEFLATE != 0 {
                let mut out = Vec::with_capacity(raw_len.min(1 << 30));
                flate2::read::DeflateDecoder::new(stored)
                    .read_to_end(&mut out)
                    .map_err(|_| FormatError::Checksum(name.clone()))?;
                out
            } else {
                stored.to_vec()
            };
            let mut crc = flate2::Crc::new();
            crc.update(&raw);
            if raw.len() != raw_len || crc.sum() != crc_expected {
                return Err(FormatError::Checksum(name));
            }
            sections.push((name, raw));
        }
        Ok(ModelReader {
            kind,
            kind_version,
            sections,
        })
    }

    pub fn open(path: &Path) -> Result<Self, FormatError> {
        let bytes = std::fs::read(path).map_err(|source| FormatError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&bytes)
    }

    /// Checks the model kind and its layout version.
    pub fn expect_kind(&self, kind: &str, version: u32) -> Result<(), FormatError> {
        if self.kind != kind {
            return Err(FormatError::WrongKind {
                found: self.kind.clone(),
                expected: kind.into(),
            });
        }
        if self.kind_version != version {
            return Err(FormatError::UnsupportedKindVersion {
                kind: kind.into(),
                found: self.kind_version,
                expected: version,
            });
        }
        Ok(())
    }

    pub fn kind(&self) -> &str {
        &self.kind
    }

    pub fn kind_version(&self) -> u32 {
        self.kind_version
    }

    pub fn section(&self, name: &str) -> Result<&[u8], FormatError> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| FormatError::MissingSection(name.to_string()))
    }

    /// A reader over a section, whose errors name the section.
    pub fn reader(&self, name: &str) -> Result<ByteReader<'_>, FormatError> {
        Ok(ByteReader::new(self.section(name)?))
    }
}

/// Appends primitive values to a byte buffer.
#[derive(Debug, Default)]
pub struct ByteWriter {
    buf: Vec<u8>,
}

impl ByteWriter {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }
    pub fn len(&self) -> usize {
        self.buf.len()
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.bytes(&v.to_le_bytes());
    }
    /// LEB128 unsigned varint.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    /// Zigzag-encoded signed varint.
    pub fn varint_signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }
}

/// Reads primitive values from a byte slice; every read fails cleanly on truncation.
#[derive(Debug, Clone)]
pub struct ByteReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        ByteReader { data, pos: 0 }
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).ok_or(FormatError::Truncated)?;
        let slice = self.data.get(self.pos..end).ok_or(FormatError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.array::<1>()?[0])
    }
    pub fn u16(&mut self) -> Result<u16, FormatError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, FormatError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn f32(&mut self) -> Result<f32, FormatError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(FormatError::Truncated)
    }
    pub fn varint_signed(&mut self) -> Result<i64, FormatError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let len = self.varint()? as usize;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| FormatError::Truncated)
    }
}

/// Linear 8-bit quantisation of weights: `w ≈ q * scale`. The scale maps the largest magnitude
/// to 127, so small weights lose precision first; prune before quantising.
pub fn quantize_i8(weights: &[f32]) -> (f32, Vec<i8>) {
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let q = weights
        .iter()
        .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (scale, q)
}

/// Writes a dense table of `width`-wide rows as 8-bit weights, keeping only the rows with a
/// non-zero weight: the scale, the number of rows kept, their row numbers (delta-coded), then
/// their quantised weights. Hashed models leave most rows empty, so this is what keeps their
/// files small. [`read_sparse_rows`] reads it back.
pub fn write_sparse_rows(out: &mut ByteWriter, weights: &[f32], width: usize) {
    let rows: Vec<usize> = (0..weights.len() / width)
        .filter(|&r| {
            weights[r * width..(r + 1) * width]
                .iter()
                .any(|w| *w != 0.0)
        })
        .collect();
    let mut kept = Vec::with_capacity(rows.len() * width);
    for &r in &rows {
        kept.extend_from_slice(&weights[r * width..(r + 1) * width]);
    }
    let (scale, q) = quantize_i8(&kept);
    out.f32(scale);
    out.varint(rows.len() as u64);
    let mut previous = 0usize;
    for &r in &rows {
        out.varint((r - previous) as u64);
        previous = r;
    }
    for v in q {
        out.u8(v as u8);
    }
}

/// Reads what [`write_sparse_rows`] wrote into a dense table of `rows` rows of `width`
/// weights, returning the scale and the table; errors name the model `section` read.
pub fn read_sparse_rows(
    input: &mut ByteReader,
    rows: usize,
    width: usize,
    section: &str,
) -> Result<(f32, Vec<i8>), FormatError> {
    let malformed = |reason: &str| FormatError::Malformed {
        section: section.into(),
        reason: reason.into(),
    };
    let scale = input.f32()?;
    let n = input.varint()? as usize;
    if n > rows {
        return Err(malformed("more rows than buckets"));
    }
    let mut kept = Vec::with_capacity(n);
    let mut previous = 0usize;
    for i in 0..n {
        let delta = input.varint()? as usize;
        if i > 0 && delta == 0 {
            return Err(malformed("rows out of order"));
        }
        previous += delta;
        if previous >= rows {
            return Err(malformed("row out of range"));
        }
        kept.push(previous);
    }
    let q = input.take(n * width)?;
    let mut table = vec![0i8; rows * width];
    for (i, &r) in kept.iter().enumerate() {
        for o in 0..width {
            table[r * width + o] = q[i * width + o] as i8;
        }
    }
    Ok((scale, table))
}

/// Linear 16-bit quantisation: `w ≈ q * scale`.
pub fn quantize_i16(weights: &[f32]) -> (f32, Vec<i16>) {
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    let q = weights
        .iter()
        .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    (scale, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_round_trip_and_reject_bad_row_lists() {
        // Rows 1 and 3 of four hold weights; rows 0 and 2 are empty and not stored.
        let weights = [0.0, 0.0, 1.27, -0.5, 0.0, 0.0, 0.0, 0.01];
        let mut out = ByteWriter::new();
        write_sparse_rows(&mut out, &weights, 2);
        let bytes = out.into_inner();
        let (scale, table) =
            read_sparse_rows(&mut ByteReader::new(&bytes), 4, 2, "test").expect("reads");
        let back: Vec<f32> = table.iter().map(|&q| q as f32 * scale).collect();
        for (b, w) in back.iter().zip(weights) {
            assert!((b - w).abs() <= scale / 2.0 + 1e-6, "{back:?}");
        }
        // Fewer buckets than the rows stored: an error naming the section, no panic.
        let err = read_sparse_rows(&mut ByteReader::new(&bytes), 2, 2, "test").unwrap_err();
        assert!(err.to_string().contains("test"), "{err}");
        // Cut short: truncated.
        let cut = &bytes[..bytes.len() - 1];
        assert!(read_sparse_rows(&mut ByteReader::new(cut), 4, 2, "test").is_err());
    }

    #[test]
    fn round_trip_and_corruption_detection() {
        let mut w = ByteWriter::new();
        w.varint(300);
        w.varint_signed(-5);
        w.str("Zürich");
        w.f32(1.5);
        let payload = w.into_inner();
        let mut writer = ModelWriter::new("test", 3);
        writer
            .section("a", payload.clone(), true)
            .section("b", vec![1, 2, 3], false);
        let bytes = writer.to_bytes();
        let reader = ModelReader::parse(&bytes).unwrap();
        reader.expect_kind("test", 3).unwrap();
        assert!(matches!(
            reader.expect_kind("ner", 3),
            Err(FormatError::WrongKind { .. })
        ));
        assert!(matches!(
            reader.expect_kind("test", 4),
            Err(FormatError::UnsupportedKindVersion { .. })
        ));
        let mut r = reader.reader("a").unwrap();
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.varint_signed().unwrap(), -5);
        assert_eq!(r.str().unwrap(), "Zürich");
        assert_eq!(r.f32().unwrap(), 1.5);
        assert!(r.u8().is_err());
        assert_eq!(reader.section("b").unwrap(), &[1, 2, 3]);
        assert!(matches!(
            reader.section("c"),
            Err(FormatError::MissingSection(_))
        ));

        let mut corrupt = bytes.clone();
        let last = corrupt.len() - 1;
        corrupt[last] ^= 0xff;
        assert!(matches!(
            ModelReader::parse(&corrupt),
            Err(FormatError::Checksum(_))
        ));
        assert!(matches!(
            ModelReader::parse(&bytes[..bytes.len() - 2]),
            Err(FormatError::Truncated)
        ));
        assert!(matches!(
            ModelReader::parse(b"nonsense"),
            Err(FormatError::BadMagic)
        ));
    }

    #[test]
    fn quantisation_keeps_sign_and_scale() {
        let (scale, q) = quantize_i8(&[0.0, 2.54, -1.27]);
        assert_eq!(q, vec![0, 127, -64]);
        assert!((q[1] as f32 * scale - 2.54).abs() < 1e-6);
    }
}
