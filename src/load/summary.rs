//! `articles/SUMMARY.md`, an mdBook's table of contents: not a page, but
//! the list of chapters, each with its title, in order and nested. It gives
//! the chapters it lists their titles; its order and nesting are kept for
//! navigation.
//!
//! The format is mdBook's: an optional `# Summary` title, prefix chapters
//! (links outside a list), `# Part` headings, numbered chapters as (nested)
//! list items, suffix chapters, `---` separators and draft chapters
//! without a file (`- [Later]()`).

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::markdown::{self, PlainText};
use crate::diagnostics::{closest, Diagnostic};
use crate::resolve::urls;

/// The chapters `SUMMARY.md` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The heading that opens the file (`# Summary`), when it has one.
    pub title: Option<String>,
    /// In the order written.
    pub entries: Vec<Entry>,
    /// Where a `---` separator stands: before the entry of each index
    /// (`entries.len()` for one after the last).
    pub separators: Vec<usize>,
}

/// One chapter of `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The link's text: the chapter's title.
    pub title: String,
    /// The chapter's file inside `articles/` (`guide/intro.md`); `None` for
    /// a draft chapter, which has no file yet.
    pub source: Option<String>,
    /// 0 for a prefix or suffix chapter (a link outside a list), 1 for an
    /// item of the top list, 2 for an item nested in one, and so on.
    pub level: usize,
    /// The `# Part` heading the chapter comes under, if any.
    pub part: Option<String>,
    /// Byte offset of the link in `SUMMARY.md`.
    pub offset: usize,
}

impl Summary {
    /// The title `SUMMARY.md` gives the file `source`: its first entry's.
    pub fn title_of(&self, source: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.source.as_deref() == Some(source))
            .map(|e| e.title.as_str())
    }
}

/// Reads `text`, the `SUMMARY.md` shown as `file`; `sources` are the
/// Markdown files of the site, as paths inside `articles/`. A link
/// to anything else is an error at the link; a list item that is not a link
/// is a warning.
pub(crate) fn parse(
    file: &Path,
    text: &str,
    sources: &BTreeSet<&str>,
) -> (Summary, Vec<Diagnostic>) {
    let mut summary = Summary::default();
    let mut problems = Vec::new();
    // Whether anything but the title heading came yet.
    let mut started = false;
    let mut heading: Option<PlainText> = None;
    let mut part: Option<String> = None;
    let mut depth = 0usize;
    // Per open list item: where it starts, and whether it holds its link yet.
    let mut items: Vec<(usize, bool)> = Vec::new();
    // The link being read: destination, offset, level and text.
    let mut link: Option<(String, usize, usize, PlainText)> = None;

    for (event, range) in markdown::parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(PlainText::default()),
            Event::End(TagEnd::Heading(_)) => {
                let text = heading.take().unwrap_or_default().finish();
                if !started && summary.title.is_none() {
                    summary.title = Some(text);
                } else {
                    part = Some(text);
                }
                started = true;
            }
            Event::Start(Tag::List(_)) => {
                depth += 1;
                started = true;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => items.push((range.start, false)),
            Event::End(TagEnd::Item) => {
                if let Some((at, false)) = items.pop() {
                    problems.push(
                        Diagnostic::warning(file, "this item of `SUMMARY.md` is not a link to a chapter, so it is left out")
                            .at(text, at)
                            .with_help("write each chapter as a link to its file: `- [Getting started](getting-started.md)`"),
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if link.is_none() => {
                let in_item = items.last_mut();
                if let Some((_, true)) = in_item {
                    // A second link in an item is part of its text only.
                    continue;
                }
                if let Some(item) = in_item {
                    item.1 = true;
                }
                started = true;
                link = Some((
                    dest_url.to_string(),
                    range.start,
                    depth,
                    PlainText::default(),
                ));
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, offset, level, title)) = link.take() else {
                    continue;
                };
                let source = match chapter(&dest, sources) {
                    Ok(source) => source,
                    Err((message, help)) => {
                        let mut d = Diagnostic::error(file, message).at(text, offset);
                        d.help = help;
                        problems.push(d);
                        continue;
                    }
                };
                summary.entries.push(Entry {
                    title: title.finish(),
                    source,
                    level,
                    part: part.clone(),
                    offset,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((.., title)) = link.as_mut() {
                    title.push(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((.., title)) = link.as_mut() {
                    title.push(" ");
                }
            }
            Event::Rule => {
                summary.separators.push(summary.entries.len());
                started = true;
            }
            Event::Start(Tag::Paragraph) => started |= depth == 0 && items.is_empty(),
            _ => {}
        }
    }
    (summary, problems)
}

/// The file inside `articles/` a `SUMMARY.md` link names (`None` for a
/// draft chapter), or why it names none: (message, help).
fn chapter(
    dest: &str,
    sources: &BTreeSet<&str>,
) -> Result<Option<String>, (String, Option<String>)> {
    if dest.is_empty() {
        return Ok(None);
    }
    if urls::is_external(dest) {
        return Err((
            format!("`SUMMARY.md` links to `{dest}`, which is not a file of the site"),
            Some("list the site's own Markdown files; put outside links in an article".into()),
        ));
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let decoded = urls::percent_decode(path);
    let Some(joined) = urls::join("", &decoded) else {
        return Err((
            format!("`SUMMARY.md` links to `{dest}`, which is outside the articles' folder"),
            None,
        ));
    };
    if sources.contains(joined.as_str()) {
        return Ok(Some(joined));
    }
    let help = closest(&joined, sources.iter().copied()).map(|s| format!("did you mean `{s}`?"));
    let message = match joined.ends_with(".md") {
        true => format!(
            "`SUMMARY.md` lists `{decoded}`, which does not exist (looked for `{joined}` beside it)"
        ),
        false => {
            format!("`SUMMARY.md` lists `{decoded}`, which is not a Markdown file of the site")
        }
    };
    Err((message, help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str, sources: &[&str]) -> (Summary, Vec<Diagnostic>) {
        let sources = sources.iter().copied().collect();
        parse(Path::new("articles/SUMMARY.md"), text, &sources)
    }

    #[test]
    fn reads_titles_levels_parts_separators_and_drafts() {
        let text = "# Summary\n\n[Foreword](foreword.md)\n\n# Basics\n\n- [Getting *started*](ch01.md)\n    - [Installing](ch01/install.md#top)\n- [Later]()\n\n---\n\n# Going further\n\n- [Tuning](./ch02.md)\n\n[Thanks](thanks.md)\n";
        let sources = [
            "foreword.md",
            "ch01.md",
            "ch01/install.md",
            "ch02.md",
            "thanks.md",
        ];
        let (s, problems) = summary(text, &sources);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.title.as_deref(), Some("Summary"));
        let rows: Vec<_> = s
            .entries
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.source.as_deref(),
                    e.level,
                    e.part.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Foreword", Some("foreword.md"), 0, None),
                ("Getting started", Some("ch01.md"), 1, Some("Basics")),
                ("Installing", Some("ch01/install.md"), 2, Some("Basics")),
                ("Later", None, 1, Some("Basics")),
                ("Tuning", Some("ch02.md"), 1, Some("Going further")),
                ("Thanks", Some("thanks.md"), 0, Some("Going further")),
            ]
        );
        assert_eq!(s.separators, [4]);
        assert_eq!(&text[s.entries[1].offset..][..9], "[Getting ");
        assert_eq!(s.title_of("ch01.md"), Some("Getting started"));
        assert_eq!(s.title_of("missing.md"), None);
    }

    #[test]
    fn without_a_title_heading_the_first_heading_is_the_title_only_when_first() {
        let (s, _) = summary("- [A](a.md)\n\n# Part\n\n- [B](b.md)\n", &["a.md", "b.md"]);
        assert_eq!(s.title, None);
        assert_eq!(s.entries[1].part.as_deref(), Some("Part"));
    }

    #[test]
    fn links_to_missing_files_are_errors_at_the_link() {
        let text = "# Summary\n\n- [One](one.md)\n- [Two](tow.md)\n- [Web](https://example.org/)\n- Plain text\n- [Up](../x.md)\n";
        let (s, problems) = summary(text, &["one.md", "two.md"]);
        assert_eq!(s.entries.len(), 1);
        let shown: Vec<_> = problems
            .iter()
            .map(|d| (d.location(), d.is_error(), d.message.as_str()))
            .collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0].0, "articles/SUMMARY.md:4:3");
        assert!(shown[0].1 && shown[0].2.contains("`tow.md`, which does not exist"));
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `two.md`?"));
        assert_eq!(shown[1].0, "articles/SUMMARY.md:5:3");
        assert!(shown[1].2.contains("not a file of the site"));
        assert_eq!(shown[2].0, "articles/SUMMARY.md:6:1");
        assert!(!shown[2].1, "a plain item is a warning");
        assert_eq!(shown[3].0, "articles/SUMMARY.md:7:3");
        assert!(shown[3].2.contains("outside"));
    }
}
