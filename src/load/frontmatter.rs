//! Front matter: the TOML block between `+++` lines at the top of an article.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::Date;
use crate::diagnostics::{closest, Diagnostic};

/// An article's settings, every key optional except where the article has no
/// `# Title` heading, which then needs `title`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub weight: Option<i64>,
    /// Replaces the URL path derived from the file name.
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Old site paths (`/old/name/`) that redirect here.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub author: Option<String>,
    /// `false` keeps this article's questions out of the FAQ index.
    #[serde(default = "yes")]
    pub faq: bool,
    /// Questions answered in a sentence or two that have no heading of their
    /// own; shown at the end of the article and listed in the FAQ index.
    #[serde(default)]
    pub questions: Vec<ExtraQuestion>,
    /// Marks the site's glossary: each `##` heading is a term, defined by the
    /// paragraph under it, and linked from its first use in other articles.
    #[serde(default)]
    pub glossary: bool,
    /// Who reviewed the content (health content).
    pub reviewed_by: Option<String>,
    /// When it was last reviewed.
    pub last_reviewed: Option<Date>,
    /// References, shown as a "Sources" section.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A question given in front matter, with its answer.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExtraQuestion {
    pub question: Spanned<String>,
    pub answer: String,
}

/// A reference: plain text, or a title with a URL.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Source {
    Text(String),
    Link { title: String, url: String },
}

fn yes() -> bool {
    true
}

/// The keys front matter accepts, for suggestions.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "tags",
    "category",
    "weight",
    "slug",
    "draft",
    "aliases",
    "author",
    "faq",
    "questions",
    "glossary",
    "reviewed_by",
    "last_reviewed",
    "sources",
];

/// An article split into its front matter and Markdown body.
pub struct Split<'a> {
    /// The TOML text, without the `+++` lines.
    pub front: Option<&'a str>,
    /// Byte offset of the TOML text in the file.
    pub front_offset: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` at its front matter fences.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let opening = rest.lines().next().unwrap_or("").trim_end();
    if opening == "---" {
        return Err(Diagnostic::error(
            file,
            "YAML front matter (between `---` lines) is not supported",
        )
        .at(text, bom)
        .with_help("write the front matter as TOML between `+++` lines"));
    }
    if opening != "+++" {
        return Ok(Split {
            front: None,
            front_offset: 0,
            body: rest,
            body_offset: bom,
        });
    }
    let front_offset = bom + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut line_start = front_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front: Some(&text[front_offset..line_start]),
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(
        Diagnostic::error(file, "front matter opened with `+++` is never closed")
            .at(text, bom)
            .with_help("add a line with `+++` after the last front matter key"),
    )
}

/// Parses the TOML of a front matter block, with where each of its keys
/// starts in the file.
pub fn parse(split: &Split, text: &str, file: &Path) -> Result<(FrontMatter, Keys), Diagnostic> {
    match split.front {
        None => Ok((
            FrontMatter {
                faq: true,
                ..FrontMatter::default()
            },
            Keys::default(),
        )),
        Some(front) => parse_toml(front, split.front_offset, text, file, KEYS),
    }
}

/// Deserializes the TOML `toml`, found at `offset` in the file `text`, and
/// records where its top-level keys are.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    toml: &str,
    offset: usize,
    text: &str,
    file: &Path,
    known: &[&str],
) -> Result<(T, Keys), Diagnostic> {
    let error = |e: toml::de::Error| toml_error(&e, text, offset, file, known);
    let table = toml::de::DeTable::parse(toml).map_err(error)?;
    let keys = Keys {
        offsets: table
            .get_ref()
            .iter()
            .map(|(key, _)| (key.get_ref().to_string(), offset + key.span().start))
            .collect(),
        base: offset,
    };
    let value = T::deserialize(toml::de::Deserializer::from(table)).map_err(error)?;
    Ok((value, keys))
}

/// Where the top-level keys of a TOML block are in their file, so a
/// diagnostic about a setting points at its key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    offsets: Vec<(String, usize)>,
    /// Where the TOML starts in the file, to place values.
    base: usize,
}

impl Keys {
    /// The byte offset in the file of `key`, if it was written.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.offsets
            .iter()
            .find(|(name, _)| name == key)
            .map(|&(_, at)| at)
    }

    /// The byte offset in the file `text` of a value's text (inside its
    /// quotes, for a string), from the value's span in the TOML.
    pub fn value<T>(&self, text: &str, value: &Spanned<T>) -> usize {
        let start = self.base + value.span().start;
        let quotes = ["\"\"\"", "'''", "\"", "'"]
            .iter()
            .find(|q| text.get(start..).is_some_and(|rest| rest.starts_with(**q)))
            .map_or(0, |q| q.len());
        start + quotes
    }
}

/// Turns a TOML error into a diagnostic at its place in the file; `offset` is
/// where the TOML starts in `text`, `keys` the accepted keys.
pub fn toml_error(
    error: &toml::de::Error,
    text: &str,
    offset: usize,
    file: &Path,
    keys: &[&str],
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let at = offset + error.span().map_or(0, |s| s.start);
    let mut diagnostic = Diagnostic::error(file, friendly(&message)).at(text, at);
    if let Some(key) = diagnostic
        .snippet
        .as_deref()
        .and_then(|line| line.split_once('='))
        .map(|(k, _)| k.trim().to_string())
    {
        if message.starts_with("invalid type") && !key.is_empty() {
            diagnostic.message = format!("`{key}`: {}", diagnostic.message);
        }
    }
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        diagnostic.message = format!("unknown key `{unknown}`");
        diagnostic.help = Some(match closest(unknown, keys.iter().copied()) {
            Some(key) => format!("did you mean `{key}`?"),
            None => format!(
                "the keys allowed here are {}",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    diagnostic
}

/// Serde's type names in words an author knows.
fn friendly(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected {
        "i64" | "u64" | "i32" | "u32" | "an integer" => "a whole number (like `3`)",
        "a boolean" => "`true` or `false`",
        "a string" => "text in quotes",
        "a sequence" => "a list (like `[\"a\", \"b\"]`)",
        other => other,
    };
    format!("expected {expected}, found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> Result<FrontMatter, Diagnostic> {
        let file = Path::new("a.md");
        let split = split(text, file)?;
        parse(&split, text, file).map(|(front, _)| front)
    }

    #[test]
    fn splits_and_parses_toml() {
        let text = "+++\ntitle = \"Hi\"\ndate = 2026-11-20\ntags = [\"a\"]\n+++\nBody\n";
        let split = split(text, Path::new("a.md")).unwrap();
        assert_eq!(split.body, "Body\n");
        assert_eq!(&text[split.body_offset..], "Body\n");
        let fm = front(text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hi"));
        assert_eq!(fm.date.map(|d| d.iso()).as_deref(), Some("2026-11-20"));
        assert!(fm.faq);
    }

    #[test]
    fn no_front_matter_is_fine() {
        assert_eq!(front("# Title\n").unwrap().title, None);
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_line() {
        let e = front("+++\ntitle = \"x\"\n").unwrap_err();
        assert_eq!(e.location(), "a.md:1:1");
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn unknown_key_names_the_key_and_suggests() {
        let e = front("+++\ntitle = \"x\"\ncatgory = \"y\"\n+++\n").unwrap_err();
        assert_eq!(e.message, "unknown key `catgory`");
        assert_eq!(e.location(), "a.md:3:1");
        assert_eq!(e.help.as_deref(), Some("did you mean `category`?"));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let e = front("+++\ntitle = \"x\"\nweight = \"heavy\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(
            e.message,
            "`weight`: expected a whole number (like `3`), found string \"heavy\""
        );
    }

    #[test]
    fn bad_date_is_explained() {
        let e = front("+++\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert!(e.message.contains("not a date"), "{}", e.message);
        assert_eq!(e.line, 2);
    }
}
