//! Front matter keys other tools write (Jekyll, Hugo, Docusaurus, Eleventy,
//! Obsidian), read by their meaning before the table is typed, so an
//! imported article builds without edits: `lastmod` is `updated`,
//! `sidebar_position` is `weight`, layout and navigation keys of the other
//! tool are accepted and ignored, and a key that means nothing is reported
//! (an error, or a warning where the site opts in).

use std::borrow::Cow;
use std::path::Path;

use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use super::frontmatter::{Format, Notes, KEYS};
use crate::diagnostics::{closest, Diagnostic};

/// Where a front matter block is: its file, the file's text and the byte
/// offset the block starts at.
pub(crate) struct Place<'a> {
    pub(crate) text: &'a str,
    pub(crate) offset: usize,
    pub(crate) file: &'a Path,
}

impl Place<'_> {
    /// A diagnostic at byte `at` of the block.
    fn error(&self, message: impl Into<String>, at: usize) -> Diagnostic {
        Diagnostic::error(self.file, message).at(self.text, self.offset + at)
    }

    /// The text a value was written as.
    fn written(&self, span: std::ops::Range<usize>) -> &str {
        self.text
            .get(self.offset + span.start..self.offset + span.end)
            .unwrap_or("")
            .trim()
    }
}

/// What a key another tool writes means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// The same as a lectern key.
    Same(&'static str),
    /// Jekyll's `published`, Obsidian's `publish`: `false` makes a draft.
    Published,
    /// A URL path (`/guides/setup/`, `/guides/setup.html`): the slug.
    Permalink,
    /// The first category is the `category`; the others are added to `tags`.
    Categories,
    /// Names, or `{ name = ... }` tables: `author`, joined with commas.
    Authors,
    /// Docusaurus's `{ date, author }`: its date is `updated`.
    LastUpdate,
    /// Layout, navigation or output settings of the tool the article comes
    /// from, which lectern's theme decides: accepted and ignored.
    Ignored,
}

use Meaning::*;

/// Every key other tools document that lectern reads or knowingly ignores.
const FOREIGN: &[(&str, Meaning)] = &[
    // Same meaning, another name.
    ("lastmod", Same("updated")),          // Hugo
    ("last_modified_at", Same("updated")), // Jekyll (jekyll-seo-tag, -sitemap)
    ("last_update", LastUpdate),           // Docusaurus
    ("summary", Same("description")),      // Hugo
    ("excerpt", Same("description")),      // Jekyll
    ("sidebar_position", Same("weight")),  // Docusaurus
    ("nav_order", Same("weight")),         // Jekyll's Just the Docs
    ("redirect_from", Same("aliases")),    // jekyll-redirect-from
    ("permalink", Permalink),              // Jekyll, Eleventy, Obsidian Publish
    ("url", Permalink),                    // Hugo
    ("published", Published),              // Jekyll
    ("publish", Published),                // Obsidian Publish
    ("categories", Categories),            // Jekyll, Hugo
    ("authors", Authors),                  // Hugo, Docusaurus
    // Layout and navigation: the theme's business.
    ("layout", Ignored),
    ("type", Ignored),
    ("sidebar_label", Ignored),
    ("sidebar_class_name", Ignored),
    ("sidebar_custom_props", Ignored),
    ("displayed_sidebar", Ignored),
    ("pagination_label", Ignored),
    ("pagination_next", Ignored),
    ("pagination_prev", Ignored),
    ("hide_title", Ignored),
    ("hide_table_of_contents", Ignored),
    ("toc", Ignored),
    ("toc_min_heading_level", Ignored),
    ("toc_max_heading_level", Ignored),
    ("linkTitle", Ignored),
    ("menu", Ignored),
    ("parent", Ignored),
    ("grand_parent", Ignored),
    ("has_children", Ignored),
    ("has_toc", Ignored),
    ("nav_exclude", Ignored),
    ("eleventyNavigation", Ignored),
    ("cssclasses", Ignored),
    ("cssclass", Ignored),
    ("comments", Ignored),
    // Identity and output, which lectern derives from the file.
    ("id", Ignored),
    ("translationKey", Ignored),
    ("lang", Ignored),
    ("outputs", Ignored),
    ("markup", Ignored),
    ("isCJKLanguage", Ignored),
    ("headless", Ignored),
    ("build", Ignored),
    ("_build", Ignored),
    ("cascade", Ignored),
    ("resources", Ignored),
    ("params", Ignored),
    ("sitemap", Ignored),
    ("unlisted", Ignored),
    ("custom_edit_url", Ignored),
    ("parse_number_prefixes", Ignored),
    ("excerpt_separator", Ignored),
    ("publishDate", Ignored),
    ("expiryDate", Ignored),
    ("series", Ignored),
    ("eleventyExcludeFromCollections", Ignored),
    ("eleventyComputed", Ignored),
    ("eleventyImport", Ignored),
    ("pagination", Ignored),
    ("templateEngineOverride", Ignored),
    ("dynamicPermalink", Ignored),
    ("permalinkBypassOutputDir", Ignored),
    // Page images and meta keywords, which the theme does not show.
    ("image", Ignored),
    ("images", Ignored),
    ("keywords", Ignored),
    // A post author's title, page and picture (Docusaurus, old and new
    // spellings), which the theme does not show.
    ("author_title", Ignored),
    ("author_url", Ignored),
    ("author_image_url", Ignored),
    ("authorTitle", Ignored),
    ("authorURL", Ignored),
    ("authorImageURL", Ignored),
    ("authorFBID", Ignored),
];

/// Keys whose value is a list; a single value is a list of one.
const LISTS: &[&str] = &["tags", "aliases"];
/// Keys whose value is text; in YAML an unquoted `1984` or `2024-03-01`
/// is still the text written.
const TEXTS: &[&str] = &[
    "title",
    "description",
    "category",
    "slug",
    "author",
    "reviewed_by",
];
/// Eleventy's computed dates, which lectern takes from git instead.
const ELEVENTY_DATES: &[&str] = &[
    "Last Modified",
    "Created",
    "git Last Modified",
    "git Created",
];

/// Reads the top-level keys of `table` by their meaning: renamed to the
/// lectern key, shaped as it expects, unknown ones left out and reported
/// in `notes`. Two keys meaning the same thing are an error naming both.
pub(crate) fn normalize<'i>(
    table: Spanned<DeTable<'i>>,
    format: Format,
    place: &Place,
    notes: &mut Notes,
) -> Result<Spanned<DeTable<'i>>, Diagnostic> {
    let span = table.span();
    let mut entries: Vec<_> = table.into_inner().into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut out = DeTable::new();
    // Which written key set each lectern key.
    let mut set_by: Vec<(&'static str, String)> = Vec::new();
    // Categories after the first, with where their list was.
    let mut more_tags: Option<(std::ops::Range<usize>, Vec<Spanned<DeValue<'i>>>)> = None;

    for (key, value) in entries {
        let name = key.get_ref().to_string();
        let at = key.span().start;
        let meaning = match KEYS.iter().find(|k| **k == name) {
            Some(known) => Same(known),
            None => match FOREIGN.iter().find(|(n, _)| *n == name) {
                Some(&(_, meaning)) => meaning,
                None => {
                    notes.unknown.push(unknown(&name, at, place));
                    continue;
                }
            },
        };
        let (target, value) = match meaning {
            Ignored => continue,
            Same(target) => (target, value),
            Published => {
                let span = value.span();
                match value.into_inner() {
                    DeValue::Boolean(published) => {
                        ("draft", Spanned::new(span, DeValue::Boolean(!published)))
                    }
                    other => {
                        return Err(place.error(
                            format!(
                                "`{name}`: expected `true` or `false`, found {}",
                                other.type_str()
                            ),
                            span.start,
                        ))
                    }
                }
            }
            Permalink => match permalink(value.get_ref()) {
                Ok(path) => {
                    let span = value.span();
                    (
                        "slug",
                        Spanned::new(span, DeValue::String(Cow::Owned(path))),
                    )
                }
                Err(why) => {
                    notes.warnings.push(
                        Diagnostic::warning(place.file, format!("`{name}` is ignored: it {why}"))
                            .at(place.text, place.offset + value.span().start)
                            .with_help(
                                "the URL comes from the file name; write the path itself \
                                 (`/guides/setup/`) or use `slug`",
                            ),
                    );
                    continue;
                }
            },
            Categories => {
                let list_span = value.span();
                let mut items = list(value, format, place).into_iter();
                let Some(first) = items.next() else {
                    continue;
                };
                more_tags = Some((list_span, items.collect()));
                ("category", first)
            }
            Authors => ("author", authors(&name, value, format, place)?),
            LastUpdate => {
                let span = value.span();
                match value.into_inner() {
                    DeValue::Table(mut table) => match table.remove("date") {
                        Some(date) => ("updated", date),
                        None => continue,
                    },
                    _ => {
                        return Err(place.error(
                            format!("`{name}`: expected `{{ date, author }}`"),
                            span.start,
                        ))
                    }
                }
            }
        };
        if let Some((_, first)) = set_by.iter().find(|(t, _)| *t == target) {
            let message = if first == target {
                format!("`{name}` means the same as `{first}`: keep one of them")
            } else {
                format!("`{first}` and `{name}` both set `{target}`: keep one of them")
            };
            return Err(place.error(message, at));
        }
        set_by.push((target, name.clone()));
        let value = if LISTS.contains(&target) {
            let span = value.span();
            let mut array = DeArray::new();
            for item in list(value, format, place) {
                array.push(item);
            }
            Spanned::new(span, DeValue::Array(array))
        } else if target == "author" {
            Spanned::new(value.span(), authors_value(&name, value, format, place)?)
        } else if TEXTS.contains(&target) {
            text(value, format, place)
        } else {
            value
        };
        let eleventy_date =
            matches!(value.get_ref(), DeValue::String(s) if ELEVENTY_DATES.contains(&s.as_ref()));
        if matches!(target, "date" | "updated") && eleventy_date {
            continue;
        }
        out.insert(Spanned::new(key.span(), Cow::Borrowed(target)), value);
    }

    if let Some((span, more)) = more_tags.filter(|(_, more)| !more.is_empty()) {
        let tags = out
            .entry(Spanned::new(span.clone(), Cow::Borrowed("tags")))
            .or_insert_with(|| Spanned::new(span, DeValue::Array(DeArray::new())));
        if let DeValue::Array(array) = tags.get_mut() {
            for tag in more {
                let duplicate = array.iter().any(|t| {
                    t.get_ref().as_str().is_some() && t.get_ref().as_str() == tag.get_ref().as_str()
                });
                if !duplicate {
                    array.push(tag);
                }
            }
        }
    }
    Ok(Spanned::new(span, out))
}

/// The diagnostic for a key that means nothing here, with the closest key
/// lectern or another tool knows as a suggestion.
fn unknown(name: &str, at: usize, place: &Place) -> Diagnostic {
    let known = KEYS.iter().copied().chain(FOREIGN.iter().map(|(n, _)| *n));
    let help = match closest(name, known) {
        Some(key) => format!("did you mean `{key}`?"),
        None => format!(
            "the keys lectern reads are {}",
            KEYS.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    place
        .error(format!("unknown key `{name}`"), at)
        .with_help(help)
}

/// A permalink as a slug: `/guides/setup/`, `/guides/setup.html` and
/// `/guides/setup/index.html` are `guides/setup`. Jekyll's placeholders
/// (`/:categories/:title/`) and Eleventy's templates (`{{ page.fileSlug }}`)
/// cannot be filled in, and `permalink: false` writes no page in Eleventy:
/// those are ignored, with the reason.
fn permalink(value: &DeValue) -> Result<String, &'static str> {
    let Some(path) = value.as_str() else {
        return Err("is not a path");
    };
    if path.contains(':') || path.contains("{{") || path.contains("{%") {
        return Err("holds placeholders (like `:title` or `{{ }}`) that lectern does not fill in");
    }
    let path = path.trim().trim_start_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path);
    let path = path.trim_matches('/');
    if path.is_empty() {
        return Err("is the home page, which is the site's own");
    }
    Ok(path.to_string())
}

/// A list's items, a single value being a list of one; Docusaurus's tag
/// tables (`{ label, permalink }`) are their label, and in YAML unquoted
/// numbers and dates are the text written.
fn list<'i>(
    value: Spanned<DeValue<'i>>,
    format: Format,
    place: &Place,
) -> Vec<Spanned<DeValue<'i>>> {
    let span = value.span();
    let items = match value.into_inner() {
        DeValue::Array(array) => array.iter().cloned().collect(),
        other => vec![Spanned::new(span, other)],
    };
    items
        .into_iter()
        .map(|item| {
            let span = item.span();
            match item.into_inner() {
                DeValue::Table(mut table) => match table.remove("label") {
                    Some(label) => text(label, format, place),
                    None => Spanned::new(span, DeValue::Table(table)),
                },
                other => text(Spanned::new(span, other), format, place),
            }
        })
        .collect()
}

/// In YAML, a number, boolean or date where text is expected is the text
/// written (`title: 1984`), as the other tools read it.
fn text<'i>(value: Spanned<DeValue<'i>>, format: Format, place: &Place) -> Spanned<DeValue<'i>> {
    let scalar = matches!(
        value.get_ref(),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_)
    );
    if format == Format::Yaml && scalar {
        let span = value.span();
        let written = place.written(span.clone()).to_string();
        return Spanned::new(span, DeValue::String(Cow::Owned(written)));
    }
    value
}

/// `authors`: one name or a list, each a name or a `{ name }` table.
fn authors<'i>(
    key: &str,
    value: Spanned<DeValue<'i>>,
    format: Format,
    place: &Place,
) -> Result<Spanned<DeValue<'i>>, Diagnostic> {
    let span = value.span();
    let mut names = Vec::new();
    for item in list(value, format, place) {
        match name(item.get_ref()) {
            Some(name) => names.push(name),
            None => return Err(not_a_name(key, item.span().start, place)),
        }
    }
    Ok(Spanned::new(
        span,
        DeValue::String(Cow::Owned(names.join(", "))),
    ))
}

/// `author`: a name, or Jekyll's `{ name }` table.
fn authors_value<'i>(
    key: &str,
    value: Spanned<DeValue<'i>>,
    format: Format,
    place: &Place,
) -> Result<DeValue<'i>, Diagnostic> {
    if let DeValue::Table(_) = value.get_ref() {
        return match name(value.get_ref()) {
            Some(name) => Ok(DeValue::String(Cow::Owned(name))),
            None => Err(not_a_name(key, value.span().start, place)),
        };
    }
    Ok(text(value, format, place).into_inner())
}

fn name(value: &DeValue) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.trim().to_string()),
        DeValue::Table(table) => table
            .get("name")?
            .get_ref()
            .as_str()
            .map(|s| s.trim().to_string()),
        _ => None,
    }
}

fn not_a_name(key: &str, at: usize, place: &Place) -> Diagnostic {
    place
        .error(format!("`{key}`: expected a name, or a list of names"), at)
        .with_help(format!("write `{key}: Ada Lovelace`, or a list of names"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_become_slugs_and_placeholders_are_refused() {
        let slug = |s: &str| permalink(&DeValue::String(Cow::Borrowed(s)));
        assert_eq!(slug("/guides/x/").as_deref(), Ok("guides/x"));
        assert_eq!(slug("/guides/x.html").as_deref(), Ok("guides/x"));
        assert_eq!(slug("guides/x/index.html").as_deref(), Ok("guides/x"));
        assert!(slug("/:categories/:title/")
            .unwrap_err()
            .contains("placeholders"));
        assert!(slug("/{{ page.fileSlug }}/")
            .unwrap_err()
            .contains("placeholders"));
        assert!(slug("/").is_err());
        assert!(permalink(&DeValue::Boolean(false)).is_err());
    }

    #[test]
    fn every_foreign_key_is_listed_once_and_is_not_a_lectern_key() {
        for (i, (name, _)) in FOREIGN.iter().enumerate() {
            assert!(!KEYS.contains(name), "{name} is a lectern key");
            assert!(
                FOREIGN[i + 1..].iter().all(|(other, _)| other != name),
                "{name} is listed twice"
            );
        }
        for (_, meaning) in FOREIGN {
            if let Same(target) = meaning {
                assert!(KEYS.contains(target), "{target}");
            }
        }
    }
}
