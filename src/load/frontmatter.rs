//! Front matter: the TOML block between `+++` lines, or the YAML block
//! between `---` lines, at the top of an article.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{foreign, yaml, Date};
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
    /// The school grade the article should read at, at most; replaces
    /// the site's `max_reading_grade`.
    pub max_reading_grade: Option<f64>,
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
    "max_reading_grade",
    "sources",
];

/// The language a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines (closed by `---` or `...`).
    Yaml,
}

/// An article split into its front matter and Markdown body.
pub struct Split<'a> {
    /// The TOML or YAML text, without the fence lines.
    pub front: Option<&'a str>,
    /// Byte offset of the front matter text in the file.
    pub front_offset: usize,
    pub format: Format,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` at its front matter fences.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let opening = rest.lines().next().unwrap_or("").trim_end();
    let (format, closing): (Format, &[&str]) = match opening {
        "+++" => (Format::Toml, &["+++"]),
        "---" => (Format::Yaml, &["---", "..."]),
        _ => {
            return Ok(Split {
                front: None,
                front_offset: 0,
                format: Format::Toml,
                body: rest,
                body_offset: bom,
            })
        }
    };
    let front_offset = bom + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut line_start = front_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if closing.contains(&text[line_start..line_end].trim_end()) {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front: Some(&text[front_offset..line_start]),
                front_offset,
                format,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(Diagnostic::error(
        file,
        format!("front matter opened with `{opening}` is never closed"),
    )
    .at(text, bom)
    .with_help(format!(
        "add a line with `{opening}` after the last front matter key"
    )))
}

/// What reading front matter found that does not stop the article from
/// being read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Keys with no meaning, as errors; a site that imports content from
    /// other tools may make them warnings (`unknown_front_matter = "warn"`).
    pub unknown: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a front matter block (TOML or YAML), with where each of its keys
/// starts in the file. Keys other tools use are read by their meaning.
pub fn parse(
    split: &Split,
    text: &str,
    file: &Path,
) -> Result<(FrontMatter, Keys, Notes), Diagnostic> {
    let Some(front) = split.front else {
        let front = FrontMatter {
            faq: true,
            ..FrontMatter::default()
        };
        return Ok((front, Keys::default(), Notes::default()));
    };
    let offset = split.front_offset;
    let place = foreign::Place { text, offset, file };
    let mut notes = Notes::default();
    let (front, keys) = match split.format {
        Format::Toml => {
            let table = toml::de::DeTable::parse(front)
                .map_err(|e| toml_error(&e, text, offset, file, KEYS, &[]))?;
            let table = foreign::normalize(table, split.format, &place, &mut notes)?;
            deserialize(table, offset, text, file, KEYS)?
        }
        Format::Yaml => {
            let problem = |p: yaml::Problem| {
                let d = Diagnostic::error(file, p.message).at(text, offset + p.offset);
                match p.help {
                    Some(help) => d.with_help(help),
                    None => d,
                }
            };
            let node = yaml::parse(front).map_err(problem)?;
            let table = node.to_table().map_err(problem)?;
            let table = foreign::normalize(table, split.format, &place, &mut notes)?;
            deserialize(table, offset, text, file, KEYS)?
        }
    };
    Ok((front, keys, notes))
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
    let table = toml::de::DeTable::parse(toml)
        .map_err(|e| toml_error(&e, text, offset, file, known, &[]))?;
    deserialize(table, offset, text, file, known)
}

/// Deserializes a table found at `offset` in the file `text` (read from
/// TOML or YAML), recording where its top-level keys are.
fn deserialize<T: serde::de::DeserializeOwned>(
    table: Spanned<toml::de::DeTable<'_>>,
    offset: usize,
    text: &str,
    file: &Path,
    known: &[&str],
) -> Result<(T, Keys), Diagnostic> {
    let keys = Keys {
        offsets: table
            .get_ref()
            .iter()
            .map(|(key, _)| (key.get_ref().to_string(), offset + key.span().start))
            .collect(),
        base: offset,
    };
    let mut values = Vec::new();
    value_spans(table.get_ref(), &mut values);
    let value = T::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| toml_error(&e, text, offset, file, known, &values))?;
    Ok((value, keys))
}

/// Every key of `table` and the tables inside it, with its value's span.
fn value_spans(table: &toml::de::DeTable<'_>, out: &mut Vec<(String, Range<usize>)>) {
    fn inner(value: &toml::de::DeValue<'_>, out: &mut Vec<(String, Range<usize>)>) {
        match value {
            toml::de::DeValue::Table(table) => value_spans(table, out),
            toml::de::DeValue::Array(items) => {
                for item in items.iter() {
                    inner(item.get_ref(), out);
                }
            }
            _ => {}
        }
    }
    for (key, value) in table.iter() {
        out.push((key.get_ref().to_string(), value.span()));
        inner(value.get_ref(), out);
    }
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
/// where the TOML starts in `text`, `keys` the accepted keys, `values` the
/// span of each key's value (to name the key of a value of the wrong type).
pub fn toml_error(
    error: &toml::de::Error,
    text: &str,
    offset: usize,
    file: &Path,
    keys: &[&str],
    values: &[(String, Range<usize>)],
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let start = error.span().map_or(0, |s| s.start);
    let mut diagnostic = Diagnostic::error(file, friendly(&message)).at(text, offset + start);
    // The innermost key whose value holds the problem.
    let key = values
        .iter()
        .filter(|(_, span)| span.contains(&start))
        .min_by_key(|(_, span)| span.len())
        .map(|(key, _)| key);
    if let Some(key) = key {
        if message.starts_with("invalid type") {
            diagnostic.message = format!("`{key}`: {}", diagnostic.message);
        }
    }
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        diagnostic.message = format!("unknown key `{unknown}`");
        diagnostic.help = Some(unknown_key_help(unknown, keys.iter().copied()));
    }
    diagnostic
}

/// The help for an unknown key: the closest of `keys`, or all of them.
pub(crate) fn unknown_key_help<'a>(
    unknown: &str,
    keys: impl Iterator<Item = &'a str> + Clone,
) -> String {
    match closest(unknown, keys.clone()) {
        Some(key) => format!("did you mean `{key}`?"),
        None => format!(
            "the keys allowed here are {}",
            keys.map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
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
        let (front, _, notes) = parse(&split, text, file)?;
        // An unknown key is an error unless the site says otherwise.
        match notes.unknown.into_iter().next() {
            Some(unknown) => Err(unknown),
            None => Ok(front),
        }
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

    /// Front matter, its keys and what did not stop it, from `text`.
    fn full(text: &str) -> (FrontMatter, Keys, Notes) {
        let file = Path::new("a.md");
        let split = split(text, file).unwrap();
        parse(&split, text, file).unwrap()
    }

    #[test]
    fn yaml_reads_into_the_same_fields() {
        let text = "---\ntitle: \"Squats: a guide\"\ndate: 2024-03-01 10:00:00 +0000\n\
                    updated: 2024-03-05T08:00:00Z\ntags: squats\ndraft: false\nweight: 2\n\
                    aliases:\n  - /old/squats/\nquestions:\n  - question: Why squat?\n    answer: Strength.\n\
                    sources:\n  - A book\n  - title: A paper\n    url: https://example.org/\n---\nBody\n";
        let (fm, keys, notes) = full(text);
        assert_eq!(notes, Notes::default());
        assert_eq!(fm.title.as_deref(), Some("Squats: a guide"));
        assert_eq!(fm.date.unwrap().iso(), "2024-03-01T10:00:00Z");
        assert_eq!(fm.updated.unwrap().iso(), "2024-03-05T08:00:00Z");
        assert_eq!(fm.tags, ["squats"]);
        assert_eq!(fm.weight, Some(2));
        assert_eq!(fm.questions[0].answer, "Strength.");
        assert_eq!(fm.sources.len(), 2);
        assert!(fm.faq);
        // Keys and list items are placed in the file, as for TOML.
        assert_eq!(&text[keys.get("weight").unwrap()..][..6], "weight");
        let alias = keys.value(text, &fm.aliases[0]);
        assert_eq!(&text[alias..][..13], "/old/squats/\n");
        let question = keys.value(text, &fm.questions[0].question);
        assert!(text[question..].starts_with("Why squat?"));
    }

    #[test]
    fn yaml_errors_point_at_the_key_or_value() {
        let e = front("---\ntitle: x\ncatgory: y\n---\n").unwrap_err();
        assert_eq!(
            (e.location().as_str(), e.message.as_str()),
            ("a.md:3:1", "unknown key `catgory`")
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `category`?"));
        let e = front("---\ntitle: x\nweight: heavy\n---\n").unwrap_err();
        assert_eq!(e.location(), "a.md:3:9");
        assert_eq!(
            e.message,
            "`weight`: expected a whole number (like `3`), found string \"heavy\""
        );
        let e = front("---\ntitle: x\ndate: 2024-02-30\n---\n").unwrap_err();
        assert_eq!(e.location(), "a.md:3:7");
        assert!(e.message.contains("not a date"), "{}", e.message);
        let e = front("---\ntitle: Squats: a guide\n---\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.help.unwrap().contains("quotes"));
        let e = front("---\ntitle: x\n").unwrap_err();
        assert!(e.message.contains("`---` is never closed"), "{}", e.message);
    }

    #[test]
    fn yaml_unquoted_numbers_and_dates_are_text_where_text_is_expected() {
        let (fm, ..) = full(
            "---\ntitle: 1984\ntags: [2024, rust]\ncategory: 2024-03-01\nupdated: \"2024-03-01 10:00:00 +0200\"\n---\n",
        );
        assert_eq!(fm.updated.unwrap().iso(), "2024-03-01T10:00:00+02:00");
        assert_eq!(fm.title.as_deref(), Some("1984"));
        assert_eq!(fm.tags, ["2024", "rust"]);
        assert_eq!(fm.category.as_deref(), Some("2024-03-01"));
    }

    #[test]
    fn keys_other_tools_write_are_read_by_meaning() {
        let text = "---\ntitle: T\nlastmod: 2024-04-01\nsummary: Short.\nsidebar_position: 3\n\
                    permalink: /guides/setup.html\npublished: false\ncategories: [Training, Legs, Squats]\n\
                    tags: [legs]\nauthors:\n  - name: Ada\n  - Grace\nlayout: post\nsidebar_label: Setup\n\
                    id: setup\nhide_title: true\n---\n";
        let (fm, keys, notes) = full(text);
        assert!(notes.unknown.is_empty(), "{:?}", notes.unknown);
        assert_eq!(fm.updated.unwrap().iso(), "2024-04-01");
        assert_eq!(fm.description.as_deref(), Some("Short."));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.slug.as_deref(), Some("guides/setup"));
        assert!(fm.draft);
        assert_eq!(fm.category.as_deref(), Some("Training"));
        assert_eq!(fm.tags, ["legs", "Legs", "Squats"]);
        assert_eq!(fm.author.as_deref(), Some("Ada, Grace"));
        // Each lectern key is placed at the key written for it.
        assert!(text[keys.get("updated").unwrap()..].starts_with("lastmod"));
        assert!(text[keys.get("slug").unwrap()..].starts_with("permalink"));
        // The same in TOML.
        let (fm, ..) =
            full("+++\ntitle = \"T\"\nlastmod = 2024-04-01\nnav_order = 4\ntags = \"one\"\n+++\n");
        assert_eq!(fm.updated.unwrap().iso(), "2024-04-01");
        assert_eq!(fm.weight, Some(4));
        assert_eq!(fm.tags, ["one"]);
    }

    #[test]
    fn two_keys_for_one_meaning_name_both() {
        let e =
            front("---\ntitle: T\nupdated: 2024-01-01\nlastmod: 2024-01-02\n---\n").unwrap_err();
        assert_eq!(
            e.message,
            "`lastmod` means the same as `updated`: keep one of them"
        );
        assert_eq!(e.location(), "a.md:4:1");
        let e = front("+++\nsummary = \"a\"\nexcerpt = \"b\"\n+++\n").unwrap_err();
        assert_eq!(
            e.message,
            "`summary` and `excerpt` both set `description`: keep one of them"
        );
    }

    #[test]
    fn permalinks_with_placeholders_are_ignored_with_a_warning() {
        let text = "---\ntitle: T\npermalink: /:categories/:title/\n---\n";
        let (fm, _, notes) = full(text);
        assert_eq!(fm.slug, None);
        assert_eq!(notes.warnings.len(), 1);
        assert_eq!(notes.warnings[0].location(), "a.md:3:12");
        assert!(notes.warnings[0].message.contains("placeholders"));
    }
}
