//! A forgiving HTML tokenizer: start tags with attributes, end tags and text, in one pass.
//!
//! It follows the HTML5 tokenizer where it matters for text extraction (comments, doctype,
//! bogus comments, quoted and unquoted attributes, raw-text elements) and never fails: input that
//! ends inside a tag or comment simply ends the token stream.

/// One token; tag names and attributes of a tag token are in the [`TagData`] passed to `next`.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text as written (character references not decoded yet).
    Text(&'a str),
    StartTag {
        self_closing: bool,
    },
    EndTag,
}

/// Name (ASCII-lowercased) and raw attributes of the last tag token.
#[derive(Debug, Default)]
pub struct TagData<'a> {
    pub name: String,
    /// Attribute names as written and raw values (references not decoded).
    pub attrs: Vec<(&'a str, &'a str)>,
}

pub struct Tokenizer<'a> {
    input: &'a str,
    pos: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

impl<'a> Tokenizer<'a> {
    pub fn new(input: &'a str) -> Self {
        // A byte-order mark is not text.
        let pos = if input.starts_with('\u{FEFF}') { 3 } else { 0 };
        Tokenizer { input, pos }
    }

    /// The next token, or `None` at the end of the input.
    pub fn next_token(&mut self, tag: &mut TagData<'a>) -> Option<Token<'a>> {
        let bytes = self.input.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return None;
            }
            if bytes[self.pos] != b'<' {
                let start = self.pos;
                let end = memchr::memchr(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                self.pos = end;
                return Some(Token::Text(&self.input[start..end]));
            }
            let next = bytes.get(self.pos + 1).copied();
            match next {
                Some(b) if b.is_ascii_alphabetic() => return self.start_tag(tag),
                Some(b'/') => match bytes.get(self.pos + 2).copied() {
                    Some(b) if b.is_ascii_alphabetic() => return self.end_tag(tag),
                    Some(b'>') => self.pos += 3,
                    None => {
                        // "</" at the very end is text.
                        let start = self.pos;
                        self.pos = bytes.len();
                        return Some(Token::Text(&self.input[start..]));
                    }
                    Some(_) => self.skip_past(b'>'),
                },
                Some(b'!') => {
                    if bytes[self.pos..].starts_with(b"<!--") {
                        self.skip_comment();
                    } else {
                        self.skip_past(b'>');
                    }
                }
                Some(b'?') => self.skip_past(b'>'),
                _ => {
                    // A lone "<" is text.
                    let start = self.pos;
                    self.pos += 1;
                    return Some(Token::Text(&self.input[start..start + 1]));
                }
            }
        }
    }

    /// Consumes the content of a raw-text element (`script`, `style`, `title`, ...) up to its end
    /// tag and returns it. Without an end tag the content runs to the end of the input.
    pub fn raw_text(&mut self, name: &str) -> &'a str {
        let bytes = self.input.as_bytes();
        let start = self.pos;
        let mut search = start;
        while let Some(i) = memchr::memmem::find(&bytes[search..], b"</") {
            let at = search + i;
            let name_start = at + 2;
            let name_end = name_start + name.len();
            if name_end <= bytes.len()
                && bytes[name_start..name_end].eq_ignore_ascii_case(name.as_bytes())
                && bytes
                    .get(name_end)
                    .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                self.pos = at;
                self.skip_past(b'>');
                return &self.input[start..at];
            }
            search = at + 2;
        }
        self.pos = bytes.len();
        &self.input[start..]
    }

    fn skip_past(&mut self, byte: u8) {
        let bytes = self.input.as_bytes();
        self.pos =
            memchr::memchr(byte, &bytes[self.pos..]).map_or(bytes.len(), |i| self.pos + i + 1);
    }

    fn skip_comment(&mut self) {
        let bytes = self.input.as_bytes();
        let body = self.pos + 4;
        // "<!-->" and "<!--->" are complete (empty) comments.
        if bytes[body..].starts_with(b">") {
            self.pos = body + 1;
            return;
        }
        if bytes[body..].starts_with(b"->") {
            self.pos = body + 2;
            return;
        }
        self.pos =
            memchr::memmem::find(&bytes[body..], b"-->").map_or(bytes.len(), |i| body + i + 3);
    }

    fn read_name(&mut self, tag: &mut TagData<'a>) {
        let bytes = self.input.as_bytes();
        let start = self.pos;
        while self.pos < bytes.len()
            && !is_space(bytes[self.pos])
            && !matches!(bytes[self.pos], b'/' | b'>')
        {
            self.pos += 1;
        }
        tag.name.clear();
        tag.name.push_str(&self.input[start..self.pos]);
        tag.name.make_ascii_lowercase();
    }

    fn start_tag(&mut self, tag: &mut TagData<'a>) -> Option<Token<'a>> {
        let bytes = self.input.as_bytes();
        self.pos += 1;
        self.read_name(tag);
        tag.attrs.clear();
        let mut self_closing = false;
        loop {
            while self.pos < bytes.len() && (is_space(bytes[self.pos]) || bytes[self.pos] == b'/') {
                self_closing = bytes[self.pos] == b'/';
                self.pos += 1;
            }
            let &b = bytes.get(self.pos)?;
            if b == b'>' {
                self.pos += 1;
                return Some(Token::StartTag { self_closing });
            }
            self_closing = false;
            let name_start = self.pos;
            self.pos += 1; // the first character may be anything, even "="
            while self.pos < bytes.len()
                && !is_space(bytes[self.pos])
                && !matches!(bytes[self.pos], b'/' | b'>' | b'=')
            {
                self.pos += 1;
            }
            let name = &self.input[name_start..self.pos];
            while self.pos < bytes.len() && is_space(bytes[self.pos]) {
                self.pos += 1;
            }
            let mut value = "";
            if bytes.get(self.pos) == Some(&b'=') {
                self.pos += 1;
                while self.pos < bytes.len() && is_space(bytes[self.pos]) {
                    self.pos += 1;
                }
                match bytes.get(self.pos).copied() {
                    Some(quote @ (b'"' | b'\'')) => {
                        let start = self.pos + 1;
                        let end = start + memchr::memchr(quote, &bytes[start..])?;
                        value = &self.input[start..end];
                        self.pos = end + 1;
                    }
                    Some(_) => {
                        let start = self.pos;
                        while self.pos < bytes.len()
                            && !is_space(bytes[self.pos])
                            && bytes[self.pos] != b'>'
                        {
                            self.pos += 1;
                        }
                        value = &self.input[start..self.pos];
                    }
                    None => return None,
                }
            }
            tag.attrs.push((name, value));
        }
    }

    fn end_tag(&mut self, tag: &mut TagData<'a>) -> Option<Token<'a>> {
        let bytes = self.input.as_bytes();
        self.pos += 2;
        self.read_name(tag);
        tag.attrs.clear();
        let close = memchr::memchr(b'>', &bytes[self.pos..])?;
        self.pos += close + 1;
        Some(Token::EndTag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Vec<String> {
        let mut tokenizer = Tokenizer::new(input);
        let mut tag = TagData::default();
        let mut out = Vec::new();
        while let Some(token) = tokenizer.next_token(&mut tag) {
            out.push(match token {
                Token::Text(t) => format!("T({t})"),
                Token::StartTag { self_closing } => {
                    let attrs: Vec<String> =
                        tag.attrs.iter().map(|(n, v)| format!("{n}={v}")).collect();
                    format!(
                        "<{}{}{}>",
                        tag.name,
                        if attrs.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", attrs.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::EndTag => format!("</{}>", tag.name),
            });
            if matches!(tag.name.as_str(), "script")
                && out.last().is_some_and(|t| t.starts_with("<script"))
            {
                out.push(format!("RAW({})", tokenizer.raw_text("script")));
            }
        }
        out
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            tokens("<P Class=\"a b\" id='x' hidden data-x=1>Hi<br/></p>"),
            [
                "<p Class=a b id=x hidden= data-x=1>",
                "T(Hi)",
                "<br/>",
                "</p>"
            ]
        );
    }

    #[test]
    fn comments_doctype_and_stray_brackets() {
        assert_eq!(
            tokens("<!DOCTYPE html><!-- <p>no</p> -->a < b<!---->c<?xml x?></ >d"),
            ["T(a )", "T(<)", "T( b)", "T(c)", "T(d)"]
        );
    }

    #[test]
    fn raw_text_runs_to_its_end_tag() {
        assert_eq!(
            tokens("<script>if (a<b) x='</p>'</SCRIPT >t"),
            ["<script>", "RAW(if (a<b) x='</p>')", "T(t)"]
        );
    }

    #[test]
    fn truncated_input_ends_quietly() {
        assert_eq!(tokens("text<div class=\"never"), ["T(text)"]);
        assert_eq!(tokens("a<!-- open"), ["T(a)"]);
        assert_eq!(tokens("a</"), ["T(a)", "T(</)"]);
        assert_eq!(tokens("<p"), Vec::<String>::new());
    }
}
