//! Structured inputs (JSONL objects, CSV rows): named fields mapped onto article parts.

/// Article fields given by a structured record. Any may be absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub title: Option<String>,
    /// The body as text (possibly a raw scrape).
    pub text: Option<String>,
    /// The page as HTML.
    pub html: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
}

/// Which article part a column or key holds, by its (lower-cased) name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Title,
    Text,
    Html,
    Url,
    Published,
    Outlet,
    Authors,
    Language,
}

/// Maps common column names of news data sets onto fields.
pub fn field_name(key: &str) -> Option<FieldName> {
    let key = key.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    Some(match key.as_str() {
        "title" | "headline" | "heading" | "name" => FieldName::Title,
        "text" | "body" | "content" | "article" | "articlebody" | "article_body" | "maintext"
        | "main_text" | "body_text" | "full_text" | "fulltext" | "story" | "description_full" => {
            FieldName::Text
        }
        "html" | "raw_html" | "page" | "source_html" | "content_html" => FieldName::Html,
        "url" | "link" | "uri" | "source_url" | "canonical_url" | "permalink" => FieldName::Url,
        "published" | "date" | "published_at" | "publish_date" | "date_published"
        | "datepublished" | "pubdate" | "publication_date" | "timestamp" | "created_at"
        | "time" => FieldName::Published,
        "outlet" | "source" | "site" | "site_name" | "publisher" | "publication" | "media"
        | "source_name" | "domain" => FieldName::Outlet,
        "authors" | "author" | "byline" | "by" | "writer" | "writers" => FieldName::Authors,
        "language" | "lang" | "locale" => FieldName::Language,
        _ => return None,
    })
}

/// Whether a column name holds an article body (used to recognise CSV files).
pub fn is_body_column(name: &str) -> bool {
    matches!(field_name(name), Some(FieldName::Text | FieldName::Html))
}

impl Fields {
    /// Sets one field from a string value; empty values are ignored.
    pub fn set(&mut self, name: FieldName, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let slot = match name {
            FieldName::Title => &mut self.title,
            FieldName::Text => &mut self.text,
            FieldName::Html => &mut self.html,
            FieldName::Url => &mut self.url,
            FieldName::Published => &mut self.published,
            FieldName::Outlet => &mut self.outlet,
            FieldName::Language => &mut self.language,
            FieldName::Authors => {
                for name in crate::names::parse_byline(value) {
                    if !self.authors.contains(&name) {
                        self.authors.push(name);
                    }
                }
                return;
            }
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }

    pub fn has_body(&self) -> bool {
        self.text.is_some() || self.html.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_and_authors_split() {
        let mut f = Fields::default();
        f.set(field_name("Headline").unwrap(), "A title");
        f.set(field_name("articleBody").unwrap(), "Body");
        f.set(field_name("author").unwrap(), "By Jane Doe and John Roe");
        f.set(field_name("date").unwrap(), "  ");
        assert_eq!(f.title.as_deref(), Some("A title"));
        assert_eq!(f.authors, vec!["Jane Doe", "John Roe"]);
        assert_eq!(f.published, None);
        assert!(f.has_body());
        assert!(is_body_column("text") && !is_body_column("id"));
    }
}
