//! One article as loaded from its file: front matter, title, headings,
//! outgoing links and questions. No knowledge of the rest of the site.

use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::admonition::{self, Admonition};
use super::frontmatter::{self, FrontMatter, Keys};
use super::include::{self, Includes, SourceMap};
use super::markdown::{self, PlainText};
use super::raw_html::{Anchor, RawHtml};
use super::slug::{self, SlugStyle, UniqueIds};
use super::Date;
use crate::diagnostics::{Diagnostic, Origin};

/// An article, parsed and ready to be resolved against the site.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file as the author knows it (`articles/stretching/index.md`).
    pub(crate) file: PathBuf,
    /// The path inside `articles/`, with `/` separators (`stretching/index.md`).
    pub(crate) source: String,
    /// The whole file, with its body's includes expanded: what every stage
    /// reads. Diagnostics locate offsets in it with [`Article::locate`].
    pub(crate) text: Arc<str>,
    /// Where each part of `text` was written, when the body includes files.
    pub(crate) source_map: Option<Arc<SourceMap>>,
    /// Where the Markdown body starts in `text`.
    pub(crate) body_offset: usize,
    pub(crate) front: FrontMatter,
    /// Where each front matter key is in `text`.
    pub(crate) front_keys: Keys,
    pub(crate) title: String,
    /// The URL path of the page, without slashes around it (`stretching`).
    pub(crate) slug: String,
    /// In the order they appear, so by offset.
    pub(crate) headings: Vec<Heading>,
    /// Links and images in the order they start, so by offset.
    pub(crate) links: Vec<Link>,
    /// Ids in raw HTML (`<a id="cfg">`, `<a name="old">`), in the order
    /// they are written: link targets like heading ids.
    pub(crate) anchors: Vec<Anchor>,
    /// Questions: headings ending in `?`, with their answers.
    pub(crate) questions: Vec<Question>,
    /// The first paragraph, as plain text.
    pub(crate) lead: String,
    /// The body's plain text between headings, for the search index:
    /// `plain[0]` is what precedes the first heading of `headings` (the
    /// title heading's text left out), `plain[i + 1]` what follows
    /// `headings[i]` up to the next heading. Heading text is not included.
    /// Shared, as `text` is, so that a cached article is reused cheaply.
    pub(crate) plain: Arc<[String]>,
    pub(crate) words: usize,
    /// Where the heading that starts the body is, when it has one: it is
    /// the page's `<h1>` and is not rendered again in the body.
    pub(crate) title_heading: Option<usize>,
    /// The title heading's text, which the page's `<h1>` shows.
    pub(crate) title_heading_text: Option<String>,
    /// The title heading's id: the `<h1>`'s, unique with the other headings.
    pub(crate) title_id: Option<String>,
    /// Where `title` comes from.
    pub(crate) title_from: TitleFrom,
    /// Problems found loading the article that do not stop it being
    /// published (an empty title, an ignored `permalink`, an unclosed
    /// `:::note`); the load stage hands them on with the site's diagnostics.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The date of the file's last commit, when the site is in git.
    pub(crate) committed: Option<Date>,
    /// Front matter keys that mean nothing, as errors (a site importing
    /// content may make them warnings).
    pub(crate) unknown_keys: Vec<Diagnostic>,
}

/// Where an article's title comes from, first found first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleFrom {
    /// `title` in the front matter.
    FrontMatter,
    /// The article's entry in `SUMMARY.md`.
    Summary,
    /// The heading that starts the body.
    Heading,
    /// The file's name (its folder's, for `index.md` and `README.md`).
    FileName,
    /// Nothing usable: the title is the file's name as written.
    Nothing,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) text: String,
    /// Unique within the page.
    pub(crate) id: String,
    /// Byte offset in the file, which identifies the heading.
    pub(crate) offset: usize,
    /// The first paragraph under the heading, as plain text: a glossary
    /// term's definition, so empty outside the glossary.
    pub(crate) lead: String,
}

/// How much of a link's text is kept: enough to tell whether it has any
/// and to quote it.
const LINK_TEXT_MAX: usize = 200;

/// A link or image destination, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) dest: String,
    /// Byte offset in the file, which identifies the link.
    pub(crate) offset: usize,
    pub(crate) image: bool,
    /// The link text or the image's alt text (its start, up to
    /// `LINK_TEXT_MAX` characters); for raw HTML, an `<img>`'s `alt`.
    pub(crate) text: String,
    /// For a URL in raw HTML, the element and attribute it is in
    /// (`("img", "src")`); `None` in Markdown.
    pub(crate) html: Option<(&'static str, &'static str)>,
    /// Written `[[Page Name]]`: `dest` is a page's name, not a path.
    pub(crate) wiki: bool,
    /// An image marked as decoration by an empty `alt=""`, which screen
    /// readers skip (raw HTML only: Markdown cannot tell it from no text).
    pub(crate) decorative: bool,
}

/// A heading that asks a question, and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Question {
    /// Index into `headings`; `None` for an article whose title is the
    /// question, and for questions given in front matter.
    pub(crate) heading: Option<usize>,
    /// The id of the element holding the question on the page; `None` for
    /// the title (the top of the page).
    pub(crate) id: Option<String>,
    pub(crate) question: String,
    /// The answer as the reader sees it, as plain text.
    pub(crate) answer: String,
    pub(crate) offset: usize,
}

impl Article {
    /// Parses an article; `source` is its path inside `articles/`. Its
    /// includes are left as written: only an article read from a project
    /// (`parse_in`) may read other files.
    pub fn parse(file: PathBuf, source: String, text: String) -> Result<Article, Diagnostic> {
        Article::parse_in(None, file, source, text, SlugStyle::default())
    }

    /// Parses an article; with `includes` (the project it was read from),
    /// its include directives are expanded and the files they read recorded.
    pub(crate) fn parse_in(
        includes: Option<&mut Includes<'_>>,
        file: PathBuf,
        source: String,
        text: String,
        slugs: SlugStyle,
    ) -> Result<Article, Diagnostic> {
        let split = frontmatter::split(&text, &file)?;
        let (front, front_keys, notes) = frontmatter::parse(&split, &text, &file)?;
        if split.body.trim().is_empty() {
            return Err(Diagnostic::error(&file, "the article is empty")
                .at(&text, split.body_offset)
                .with_help("write some Markdown after the front matter, or delete the file"));
        }
        let body_offset = split.body_offset;
        let (text, map) = match includes {
            Some(includes) => include::expand(includes, &file, text, body_offset)?,
            None => (text, None),
        };
        let mut warnings = notes.warnings;
        let given = front.title.as_deref().map(str::trim);
        if given == Some("") {
            warnings.push(
                Diagnostic::warning(&file, "the front matter's `title` is empty")
                    .at(&text, front_keys.get("title").unwrap_or(0))
                    .with_help("write the title, or remove the key to take the title from the first heading or the file name"),
            );
        }
        let given = given.filter(|t| !t.is_empty());
        let mut scan = scan(
            &text[body_offset..],
            body_offset,
            given.is_some(),
            front.glossary,
        );
        if let Some((at, id)) = scan.invalid_ids.first() {
            let origin = include::origin(map.as_deref(), &file, &text, *at);
            return Err(invalid_id(origin, id, scan.invalid_ids.len()));
        }

        let heading = scan
            .title
            .as_ref()
            .map(|t| t.text.trim())
            .filter(|t| !t.is_empty());
        let (title, title_from) = match (given, heading, file_title(&source)) {
            (Some(title), ..) => (title.to_string(), TitleFrom::FrontMatter),
            (None, Some(title), _) => (title.to_string(), TitleFrom::Heading),
            (None, None, Some(title)) => (title, TitleFrom::FileName),
            (None, None, None) => (file_name(&source).to_string(), TitleFrom::Nothing),
        };

        if let Some(problem) = front.max_reading_grade.and_then(grade_problem) {
            let offset = front_keys.get("max_reading_grade").unwrap_or(0);
            return Err(Diagnostic::error(&file, problem)
                .at(&text, offset)
                .with_help("give the school grade the article should read at, such as 8"));
        }
        let slug = match &front.slug {
            Some(slug) => {
                let slug = slug.trim_matches('/').to_string();
                slug::check_slug(&slug).map_err(|message| {
                    let offset = front_keys.get("slug").unwrap_or(0);
                    Diagnostic::error(&file, message).at(&text, offset)
                })?;
                slug
            }
            None => {
                let slug = derived_slug(&source, slugs);
                if name_slug(&source, slugs).is_empty() {
                    warnings.push(
                        Diagnostic::warning(&file, format!("the file's name has no letter or digit to make its URL from; it is published at `{NAMELESS}/`"))
                            .with_help("give it a URL with `slug = \"...\"` in the front matter, or rename the file"),
                    );
                }
                slug
            }
        };

        let mut questions = scan.questions;
        if front.faq && markdown::is_question(&title) && !scan.lead.is_empty() {
            questions.insert(
                0,
                Question {
                    heading: None,
                    id: None,
                    question: title.clone(),
                    answer: scan.lead.clone(),
                    offset: body_offset,
                },
            );
        }
        for extra in &front.questions {
            let id = scan.ids.unique(&format!(
                "q-{}",
                slug::heading_id(extra.question.get_ref().trim())
            ));
            questions.push(Question {
                heading: None,
                id: Some(id),
                question: extra.question.get_ref().trim().to_string(),
                answer: markdown_free(&extra.answer),
                offset: front_keys.value(&text, &extra.question),
            });
        }
        if !front.faq {
            questions.clear();
        }
        for admonition in scan.admonitions.iter().filter(|a| !a.closed) {
            let at = body_offset + admonition.offset;
            warnings.push(
                Diagnostic::warning(
                    &file,
                    format!("`:::{}` is never closed", admonition.kind.name()),
                )
                .at_origin(include::origin(map.as_deref(), &file, &text, at))
                .with_help("end it with a line holding only `:::`"),
            );
        }

        Ok(Article {
            file,
            source,
            body_offset,
            front,
            front_keys,
            title,
            slug,
            headings: scan.headings,
            links: scan.links,
            anchors: scan.anchors,
            questions,
            lead: scan.lead,
            plain: scan.plain.into(),
            words: scan.words,
            title_heading: scan.title.as_ref().map(|t| t.offset),
            title_heading_text: heading.map(str::to_string),
            title_id: scan.title.map(|t| t.id),
            title_from,
            warnings,
            committed: None,
            unknown_keys: notes.unknown,
            text: text.into(),
            source_map: map,
        })
    }

    /// What can be read of an article that failed to parse (a mistake in
    /// its front matter, say): its body's headings, anchors and links, so
    /// its links are checked all the same. `None` when not even the body
    /// can be told from the front matter.
    pub(crate) fn parse_body_only(
        file: PathBuf,
        source: String,
        text: String,
        slugs: SlugStyle,
    ) -> Option<Article> {
        let split = frontmatter::split(&text, &file).ok()?;
        let body_offset = split.body_offset;
        let scan = scan(split.body, body_offset, false, false);
        Some(Article {
            file,
            slug: derived_slug(&source, slugs),
            source,
            body_offset,
            front: FrontMatter::default(),
            front_keys: Keys::default(),
            title: scan
                .title
                .as_ref()
                .map_or(String::new(), |t| t.text.clone()),
            headings: scan.headings,
            links: scan.links,
            anchors: scan.anchors,
            questions: Vec::new(),
            lead: scan.lead,
            plain: scan.plain.into(),
            words: scan.words,
            title_heading: scan.title.as_ref().map(|t| t.offset),
            title_heading_text: None,
            title_id: scan.title.map(|t| t.id),
            title_from: TitleFrom::FileName,
            warnings: Vec::new(),
            committed: None,
            unknown_keys: Vec::new(),
            text: text.into(),
            source_map: None,
        })
    }

    /// The article's title: from front matter, `SUMMARY.md`, the heading
    /// that starts it, or its file name, the first found.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the page's `<h1>` shows: the heading that starts the body as
    /// written, else the title.
    pub(crate) fn h1(&self) -> &str {
        self.title_heading_text.as_deref().unwrap_or(&self.title)
    }

    /// Whether the title was given (in front matter or `SUMMARY.md`)
    /// rather than found in the article or its file name.
    pub(crate) fn has_given_title(&self) -> bool {
        matches!(self.title_from, TitleFrom::FrontMatter | TitleFrom::Summary)
    }

    /// Gives the article the title its entry in `SUMMARY.md` has, unless its
    /// front matter names it.
    pub(crate) fn set_summary_title(&mut self, title: &str) {
        if self.summary_title_changes(title) {
            self.title = title.trim().to_string();
            self.title_from = TitleFrom::Summary;
        }
    }

    /// Whether [`Article::set_summary_title`] would change the article.
    pub(crate) fn summary_title_changes(&self, title: &str) -> bool {
        let title = title.trim();
        self.title_from != TitleFrom::FrontMatter
            && !title.is_empty()
            && (self.title != title || self.title_from != TitleFrom::Summary)
    }

    /// The warnings found loading the article, with the one for an article
    /// that nothing names.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self.warnings.clone();
        if self.title_from == TitleFrom::Nothing {
            warnings.push(
                Diagnostic::warning(&self.file, format!("the article has no title; it is called `{}` after its file", self.title))
                    .at(&self.text, self.body_offset)
                    .with_help("add `title = \"...\"` to the front matter, start the article with a heading (`# Title`), or give the file a name"),
            );
        }
        warnings
    }

    /// Minutes a reader needs, at 200 words a minute.
    pub(crate) fn reading_minutes(&self) -> usize {
        self.words.div_ceil(200).max(1)
    }

    /// Its front matter but its title, which an edit can change without
    /// moving the article or changing what it is filed under.
    pub(crate) fn front_but_title(&self) -> FrontMatter {
        FrontMatter {
            title: None,
            ..self.front.clone()
        }
    }

    /// When the article last changed: `updated`, else its last commit in
    /// git, else `date`.
    pub(crate) fn last_changed(&self) -> Option<Date> {
        self.front.updated.or(self.committed).or(self.front.date)
    }

    /// Where front matter `key` is in the file; the file's start when the
    /// key is not written.
    pub(crate) fn key_offset(&self, key: &str) -> usize {
        self.front_keys.get(key).unwrap_or(0)
    }

    /// The description for meta tags and listings: front matter, else the lead.
    pub(crate) fn description(&self) -> String {
        match &self.front.description {
            Some(d) => d.trim().to_string(),
            None => markdown::excerpt(&self.lead, 160),
        }
    }

    /// The folder the article's relative links start from, inside `articles/`.
    pub(crate) fn dir(&self) -> &str {
        self.source.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Whether the page has the id: the title heading's, a heading's or
    /// one in raw HTML.
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.ids().any(|i| i == id)
    }

    /// Every id a `#fragment` may name: the title heading's, the headings'
    /// and raw HTML's.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        let headings = self.headings.iter().map(|h| h.id.as_str());
        let title = self.title_id.as_deref().into_iter();
        title
            .chain(headings)
            .chain(self.anchors.iter().map(|a| a.id.as_str()))
    }

    /// The heading at byte `offset` of the file, as a later pass over the
    /// Markdown meets it.
    pub(crate) fn heading_at(&self, offset: usize) -> Option<&Heading> {
        let i = self
            .headings
            .binary_search_by_key(&offset, |h| h.offset)
            .ok()?;
        Some(&self.headings[i])
    }

    /// Where byte `offset` of `text` was written: in this article's file, or
    /// in a file it includes. Every diagnostic about a place in an article
    /// is pointed there: `.at_origin(article.locate(offset))`.
    pub(crate) fn locate(&self, offset: usize) -> Origin<'_> {
        include::origin(self.source_map.as_deref(), &self.file, &self.text, offset)
    }

    /// The index in `links` of the link or image at byte `offset`.
    pub(crate) fn link_at(&self, offset: usize) -> Option<usize> {
        self.links.binary_search_by_key(&offset, |l| l.offset).ok()
    }
}

/// What is wrong with a `max_reading_grade`, which must be a grade.
pub(crate) fn grade_problem(grade: f64) -> Option<String> {
    (!(grade.is_finite() && grade > 0.0))
        .then(|| format!("`max_reading_grade = {grade}` is not a school grade"))
}

/// Front matter text as one line of plain text.
fn markdown_free(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The URL path for a file: `guides/Getting Started.md` → `guides/getting-started`;
/// a folder's `index.md`, `_index.md` or `README.md` takes the folder's name.
pub(crate) fn derived_slug(source: &str, style: SlugStyle) -> String {
    let slug = name_slug(source, style);
    match slug.is_empty() {
        true => NAMELESS.into(),
        false => slug,
    }
}

/// The URL path of a file whose name gives none (`🎉.md`).
const NAMELESS: &str = "article";

/// The URL path a file's name and folders give; empty when they have no
/// letter or digit.
fn name_slug(source: &str, style: SlugStyle) -> String {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    let stem = match stem.rsplit_once('/') {
        Some((dir, "index" | "_index" | "README")) => dir,
        _ => stem,
    };
    let slug: Vec<String> = stem
        .split('/')
        .map(|segment| slug::slugify(segment, style))
        .filter(|s| !s.is_empty())
        .collect();
    slug.join("/")
}

/// The title a file's name gives, as wikis do: `Getting-Started.md` →
/// "Getting Started", `getting_started.md` → "Getting started"; a folder's
/// `index.md` or `README.md` takes the folder's name ("Home" at the top,
/// where it is the home page). `None` when the name has no letter or digit.
pub(crate) fn file_title(source: &str) -> Option<String> {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let name = match name {
        "index" | "_index" | "README" if dir.is_empty() => return Some("Home".into()),
        "index" | "_index" | "README" => dir.rsplit('/').next().unwrap_or(dir),
        _ => name,
    };
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.iter().any(|w| w.chars().any(char::is_alphanumeric)) {
        return None;
    }
    let mut title = words.join(" ");
    // A name whose first word is all small letters starts with a capital;
    // any other is kept as written (`iOS-tips` stays "iOS tips").
    if words[0].chars().all(|c| !c.is_uppercase()) {
        let mut chars = title.chars();
        if let Some(first) = chars.next() {
            title = first.to_uppercase().chain(chars).collect();
        }
    }
    Some(title)
}

/// The file's name without its folder and `.md`.
fn file_name(source: &str) -> &str {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    stem.rsplit_once('/').map_or(stem, |(_, name)| name)
}

/// Ids the default theme uses on article pages; headings never take them.
pub(crate) const THEME_IDS: &[&str] = &[
    "main",
    "referenced-in",
    "related",
    "sources",
    "search-input",
    "search-results",
];

/// Why `id`, written as `{#id}` after a heading, cannot be an HTML id, if
/// it cannot: it would break out of the attribute or not work as a link's
/// fragment.
fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.contains(|c: char| c.is_ascii_whitespace()) {
        Some("holds white space")
    } else if id.contains(['"', '\'', '<', '>', '&']) {
        Some("holds a quote, `<`, `>` or `&`")
    } else if id.contains(char::is_control) {
        Some("holds a control character")
    } else {
        None
    }
}

/// The error for the first invalid `{#id}` of a file (at `origin`), of `count`.
fn invalid_id(origin: Origin<'_>, id: &str, count: usize) -> Diagnostic {
    let problem = id_problem(id).unwrap_or_default();
    // Control characters shown as escapes, the rest as written.
    let shown: String = id
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_unicode().to_string(),
            false => c.to_string(),
        })
        .collect();
    let mut message = format!("the heading id `{shown}` {problem}");
    if count > 1 {
        message.push_str(&format!(
            " (and {} more invalid ids in this file)",
            count - 1
        ));
    }
    Diagnostic::error(origin.file, message)
        .at_origin(origin)
        .with_help("an id is one word of letters, digits and marks such as `-`, `_`, `.` or `:`, without spaces, quotes, `<`, `>`, `&` or control characters: `{#knee-to-chest}`")
}

/// The heading that starts an article's body.
struct TitleHeading {
    text: String,
    offset: usize,
    id: String,
}

/// What one pass over the Markdown events collects.
#[derive(Default)]
struct Scan {
    /// The heading that starts the body, when it is the title heading.
    title: Option<TitleHeading>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    anchors: Vec<Anchor>,
    questions: Vec<Question>,
    lead: String,
    plain: Vec<String>,
    words: usize,
    /// Every id taken on the page, for ids given out later.
    ids: UniqueIds,
    /// Where each `{#id}` that cannot be used is, and the id.
    invalid_ids: Vec<(usize, String)>,
    /// The `:::` admonitions, with offsets in the body.
    admonitions: Vec<Admonition>,
}

/// Walks the events once; `offset` is where `body` starts in the file.
/// The heading that starts the body (after blank lines, comments and raw
/// HTML only) is the title heading when it is a level-1 heading, or at any
/// level when the article's title is not `titled` elsewhere. Only a
/// `glossary` keeps the first paragraph under each heading.
fn scan(body: &str, offset: usize, titled: bool, glossary: bool) -> Scan {
    let mut out = Scan::default();
    let mut ids = UniqueIds::default();
    // Author ids are reserved first, so generated ones never take them.
    let (events, admonitions) = admonition::events(body);
    out.admonitions = admonitions;
    for id in THEME_IDS {
        ids.reserve(id);
    }
    // The HTML block being read.
    let mut block: Option<RawHtml> = None;
    for (event, range) in &events {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                if id_problem(id).is_some() {
                    out.invalid_ids.push((offset + range.start, id.to_string()));
                }
                ids.reserve(id)
            }
            // Footnote definitions are rendered with their label as id.
            Event::Start(Tag::FootnoteDefinition(label)) => ids.reserve(label),
            Event::Start(Tag::HtmlBlock) => block = Some(RawHtml::default()),
            // A block's lines, and the padding of a tab that indents one.
            Event::Html(piece) | Event::Text(piece) => {
                if let Some(raw) = block.as_mut() {
                    raw.push(piece, body, range.start, offset);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(raw) = block.take() {
                    raw_html(&raw, &mut out, &mut ids);
                }
            }
            Event::InlineHtml(piece) => {
                let mut raw = RawHtml::default();
                raw.push(piece, body, range.start, offset);
                raw_html(&raw, &mut out, &mut ids);
            }
            _ => {}
        }
    }

    // The heading being read: level, `{#id}`, offset, text, and the text
    // its id is made of (GitHub's: see `id_text`).
    let mut heading: Option<(u8, Option<String>, usize, PlainText, String)> = None;
    // How many images the events are inside (alt text is no heading text).
    let mut images = 0usize;
    // Where the `# Title` heading ends, once read.
    let mut title_end = None;
    // Links being read, innermost last (an image's alt text may hold a
    // link): (index into out.links, where its text starts in `link_text`).
    // Links are recorded where they start, the order the render stage meets
    // them in. Nested links share one buffer, so deep nesting stays linear.
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut link_text = PlainText::default();
    // Open questions: (heading level, index into out.questions).
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut answer = PlainText::default();
    let mut lead: Option<PlainText> = None;
    let mut lead_done = false;
    let mut first_block = true;
    // The heading waiting for its first paragraph, and that paragraph's text.
    let mut section_lead: Option<(usize, Option<PlainText>)> = None;
    // The text since the last heading (see `Article::plain`).
    let mut plain = PlainText::default();

    for (event, range) in events {
        let at = offset + range.start;
        match &event {
            Event::Text(t) | Event::Code(t) if heading.is_none() => plain.push(t),
            Event::SoftBreak | Event::HardBreak if heading.is_none() => plain.push(" "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => plain.space(),
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(*level),
                    id.as_ref().map(|s| s.to_string()),
                    at,
                    PlainText::default(),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = level_number(*level);
                let Some((_, custom, at, text, id_text)) = heading.take() else {
                    continue;
                };
                let text = text.finish();
                let is_title = (level == 1 || !titled) && first_block && out.title.is_none();
                first_block = false;
                close_questions(&mut out.questions, &mut open, &mut answer, level);
                let id = custom.unwrap_or_else(|| ids.unique(&slug::heading_id(&id_text)));
                if is_title {
                    plain.space();
                    out.title = Some(TitleHeading {
                        text,
                        offset: at,
                        id,
                    });
                    title_end = Some(offset + range.end);
                    continue;
                }
                if markdown::is_question(&text) {
                    open.push((level, out.questions.len()));
                    out.questions.push(Question {
                        heading: Some(out.headings.len()),
                        id: Some(id.clone()),
                        question: text.clone(),
                        answer: String::new(),
                        offset: at,
                    });
                }
                out.headings.push(Heading {
                    level,
                    text,
                    id,
                    offset: at,
                    lead: String::new(),
                });
                out.plain.push(std::mem::take(&mut plain).finish());
                section_lead = glossary.then(|| (out.headings.len() - 1, None));
                lead_done |= lead.is_some();
            }
            Event::Start(
                Tag::Link {
                    dest_url,
                    link_type,
                    ..
                }
                | Tag::Image {
                    dest_url,
                    link_type,
                    ..
                },
            ) => {
                images += usize::from(matches!(event, Event::Start(Tag::Image { .. })));
                links.push((out.links.len(), link_text.len()));
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    offset: at,
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                    text: String::new(),
                    html: None,
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    decorative: false,
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if matches!(event, Event::End(TagEnd::Image)) {
                    images = images.saturating_sub(1);
                }
                if let Some((index, start)) = links.pop() {
                    out.links[index].text = link_text.excerpt_from(start, LINK_TEXT_MAX);
                }
                if links.is_empty() {
                    link_text = PlainText::default();
                }
            }
            Event::Start(Tag::Paragraph) => {
                first_block = false;
                if !lead_done && lead.is_none() {
                    lead = Some(PlainText::default());
                }
                if let Some((_, text @ None)) = section_lead.as_mut() {
                    *text = Some(PlainText::default());
                }
            }
            Event::End(TagEnd::Paragraph) => {
                lead_done |= lead.is_some();
                answer.space();
                if let Some((index, Some(text))) = section_lead.take() {
                    out.headings[index].lead = text.finish();
                }
            }
            // Comments, raw HTML (and a metadata block) may come before the
            // title heading.
            Event::Start(tag) => {
                first_block &= matches!(tag, Tag::HtmlBlock | Tag::MetadataBlock(_))
            }
            Event::End(
                TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => answer.space(),
            Event::Text(text) | Event::Code(text) => {
                out.words += markdown::word_count(text);
                if !links.is_empty() {
                    link_text.push(text);
                }
                if let Some((.., t, id_text)) = heading.as_mut() {
                    t.push(text);
                    if images == 0 {
                        id_text.push_str(self::id_text(text, &body[range.clone()]));
                    }
                    continue;
                }
                if let (Some(lead), false) = (lead.as_mut(), lead_done) {
                    lead.push(text);
                }
                if !open.is_empty() {
                    answer.push(text);
                }
                if let Some((_, Some(t))) = section_lead.as_mut() {
                    t.push(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                let space = " ";
                if let Some((.., t, id_text)) = heading.as_mut() {
                    t.push(space);
                    // On GitHub a line break in a heading is a newline,
                    // which its ids leave out.
                    id_text.push('\n');
                } else {
                    if let (Some(lead), false) = (lead.as_mut(), lead_done) {
                        lead.push(space);
                    }
                    answer.push(space);
                    if let Some((_, Some(t))) = section_lead.as_mut() {
                        t.push(space);
                    }
                }
            }
            _ => {}
        }
    }
    close_questions(&mut out.questions, &mut open, &mut answer, 0);
    out.plain.push(plain.finish());
    out.lead = lead.map(PlainText::finish).unwrap_or_default();
    // The title heading is not rendered (the template shows the title), so
    // ids in its raw HTML are not on the page.
    if let (Some(title), Some(end)) = (&out.title, title_end) {
        out.anchors
            .retain(|a| !(title.offset..end).contains(&a.offset));
    }
    // Later passes look links up by offset.
    out.links.sort_by_key(|link| link.offset);
    out.ids = ids;
    out
}

/// The text of a heading's text event that its id is made of: the text
/// GitHub's heading has, where smart punctuation is not applied: `--` stays
/// two hyphens (which ids keep), not an en dash (which they drop). `source`
/// is what the event was parsed from.
fn id_text<'a>(text: &'a str, source: &'a str) -> &'a str {
    let smart = matches!(text, "‘" | "’" | "“" | "”" | "–" | "—" | "…");
    if smart && !source.is_empty() && source.bytes().all(|b| b"-.'\"".contains(&b)) {
        source
    } else {
        text
    }
}

/// Records the anchors and URLs of a piece of raw HTML; its ids are
/// reserved, so headings never take them.
fn raw_html(raw: &RawHtml, out: &mut Scan, ids: &mut UniqueIds) {
    let found = raw.scan();
    for anchor in found.anchors {
        ids.reserve(&anchor.id);
        out.anchors.push(anchor);
    }
    for url in found.urls {
        out.links.push(Link {
            image: url.embedded(),
            decorative: url.alt.as_deref() == Some(""),
            text: url.alt.unwrap_or_default(),
            html: Some((url.element, url.attribute)),
            wiki: false,
            dest: url.dest,
            offset: url.offset,
        });
    }
}

/// A heading of `level` ends every open question at the same or a deeper
/// level; each takes the answer text gathered so far.
fn close_questions(
    questions: &mut [Question],
    open: &mut Vec<(u8, usize)>,
    answer: &mut PlainText,
    level: u8,
) {
    let text = answer.clone().finish();
    // The innermost question's answer is the text since its heading; an outer
    // question's answer includes its sub-sections, so it accumulates.
    while let Some(&(open_level, index)) = open.last() {
        if level != 0 && open_level < level {
            break;
        }
        open.pop();
        append(&mut questions[index].answer, &text);
    }
    for &(_, index) in open.iter() {
        append(&mut questions[index].answer, &text);
    }
    *answer = PlainText::default();
}

/// Adds `text` to an answer, in place: an outer question gathers the text
/// of every sub-section, however many.
fn append(answer: &mut String, text: &str) {
    if !text.is_empty() {
        if !answer.is_empty() {
            answer.push(' ');
        }
        answer.push_str(text);
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Article {
        Article::parse("articles/a.md".into(), "a.md".into(), text.into()).unwrap()
    }

    #[test]
    fn title_comes_from_front_matter_or_first_heading() {
        assert_eq!(parse("+++\ntitle = \"Front\"\n+++\nBody").title, "Front");
        let a = parse("# From heading\n\nBody text here.\n");
        assert_eq!(a.title, "From heading");
        assert_eq!(a.title_heading, Some(0));
        assert_eq!(a.title_id.as_deref(), Some("from-heading"));
        assert!(a.headings.is_empty());
        assert_eq!(a.lead, "Body text here.");
    }

    fn parse_as(source: &str, text: &str) -> Article {
        let file = format!("articles/{source}");
        Article::parse(file.into(), source.into(), text.into()).unwrap()
    }

    #[test]
    fn only_a_glossary_keeps_the_paragraph_under_each_heading() {
        let body = "## Erector spinae\n\nThe muscles along the spine.\n\nMore.\n\n## Empty\n\n## Disc\n\n- a list\n\nA cushion.\n";
        let leads = |front: &str| -> Vec<String> {
            (parse(&format!("+++\ntitle = \"T\"\n{front}+++\n{body}")).headings)
                .into_iter()
                .map(|h| h.lead)
                .collect()
        };
        assert_eq!(
            leads("glossary = true\n"),
            ["The muscles along the spine.", "", "A cushion."]
        );
        assert_eq!(leads(""), ["", "", ""]);
    }

    #[test]
    fn without_heading_or_front_matter_the_file_names_the_article() {
        for (source, title) in [
            ("Getting-Started.md", "Getting Started"),
            ("getting_started.md", "Getting started"),
            ("iOS-tips.md", "iOS tips"),
            ("guides/first-steps/index.md", "First steps"),
            ("guides/Setup/README.md", "Setup"),
            ("index.md", "Home"),
        ] {
            let a = parse_as(source, "Just text.\n");
            assert_eq!(
                (a.title.as_str(), a.title_from),
                (title, TitleFrom::FileName)
            );
            assert!(a.warnings().is_empty(), "{source}");
            assert_eq!(a.title_id, None);
        }
    }

    #[test]
    fn an_article_nothing_names_is_a_warning_not_an_error() {
        let a = parse_as("__.md", "+++\ntitle = \"  \"\n+++\nJust text.\n");
        assert_eq!(a.title, "__");
        let warnings = a.warnings();
        let messages: Vec<_> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`title` is empty"));
        assert_eq!((warnings[0].line, warnings[0].column), (2, 1));
        assert!(messages[1].contains("no title"));
        assert!(warnings.iter().all(|w| !w.is_error()));
        assert!(warnings[1].help.as_deref().unwrap().contains("# Title"));
    }

    #[test]
    fn the_first_heading_of_any_level_after_comments_is_the_title() {
        let text = "<!-- a comment -->\n\n<div align=\"center\"></div>\n\n## The Title\n\nBody.\n\n## Next\n";
        let a = parse(text);
        assert_eq!(
            (a.title.as_str(), a.title_from),
            ("The Title", TitleFrom::Heading)
        );
        assert_eq!(a.title_heading, text.find("## The"));
        assert_eq!(a.title_id.as_deref(), Some("the-title"));
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["next"]);
        // Text before the first heading: the heading is a section.
        let a = parse_as("Setup-Guide.md", "Some text.\n\n## Install\n");
        assert_eq!(a.title, "Setup Guide");
        assert_eq!(a.title_heading, None);
        assert_eq!(a.headings.len(), 1);
    }

    #[test]
    fn the_title_heading_takes_its_id_first_as_on_github() {
        let a = parse("# Stretching\n\n## Stretching\n\n## Other {#stretching-1}\n");
        assert_eq!(a.title_id.as_deref(), Some("stretching"));
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["stretching-2", "stretching-1"]);
        assert!(a.has_id("stretching") && a.has_id("stretching-2"));
        let a = parse("# Custom {#top}\n\nText.\n");
        assert_eq!(a.title_id.as_deref(), Some("top"));
    }

    #[test]
    fn a_front_matter_title_keeps_a_lower_first_heading_as_a_section() {
        let a = parse("+++\ntitle = \"Front\"\n+++\n## Intro\n\nText.\n");
        assert_eq!((a.title.as_str(), a.title_heading), ("Front", None));
        assert_eq!(a.headings[0].id, "intro");
        assert_eq!(a.h1(), "Front");
        let mut a = parse("+++\ntitle = \"Front\"\n+++\n# Shown Heading\n\nText.\n");
        assert_eq!(a.title, "Front");
        assert_eq!(a.h1(), "Shown Heading");
        a.set_summary_title("From the summary");
        assert_eq!(a.title, "Front");
    }

    #[test]
    fn a_summary_title_names_the_page_but_the_heading_stays_its_h1() {
        let mut a = parse("# Chapter 1: Basics\n\nText.\n");
        a.set_summary_title("Basics");
        assert_eq!(
            (a.title.as_str(), a.title_from),
            ("Basics", TitleFrom::Summary)
        );
        assert_eq!(a.h1(), "Chapter 1: Basics");
        let mut a = parse_as("__.md", "Text.\n");
        a.set_summary_title("Named");
        assert!(a.warnings().is_empty());
        assert_eq!(a.h1(), "Named");
    }

    #[test]
    fn headings_get_unique_github_ids_and_custom_ids_win() {
        let a = parse("# T\n\n## Intro\n\n## Intro\n\n## Renamed heading {#intro-1}\n\n## Intro\n");
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-1", "intro-3"]);
    }

    #[test]
    fn plain_text_is_gathered_between_headings() {
        let a = parse(
            "# Title\n\nIntro with `code`\nand a [link](x.md).\n\n\
             ## First {#one}\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n\n\
             #### Deep\n\n```\nlet x = 1;\n```\n\n> quoted\n\n\
             ## Empty\n\n## Last\n\nEnd.[^1]\n\n[^1]: A note.\n",
        );
        let headings: Vec<&str> = a.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, ["First", "Deep", "Empty", "Last"]);
        assert_eq!(
            a.plain[..],
            [
                "Intro with code and a link.",
                "item one item two a b c d",
                "let x = 1; quoted",
                "",
                "End. A note.",
            ]
        );
        // Without a title heading, the first heading's text is no intro text.
        let a = parse("+++\ntitle = \"T\"\n+++\n## Only\n\nText.\n");
        assert_eq!(a.plain[..], ["", "Text."]);
    }

    #[test]
    fn questions_and_answers_follow_heading_levels() {
        let a = parse(
            "# T\n\nLead.\n\n## Why does it hurt?\n\nBecause.\n\n### Is it technique?\n\nOften.\n\n## Other\n\nNot an answer.\n",
        );
        let qs: Vec<_> = a
            .questions
            .iter()
            .map(|q| (q.question.as_str(), q.answer.as_str()))
            .collect();
        assert_eq!(
            qs,
            [
                ("Why does it hurt?", "Because. Often."),
                ("Is it technique?", "Often.")
            ]
        );
        assert_eq!(a.lead, "Lead.");
    }

    #[test]
    fn a_question_title_counts_with_its_lead() {
        let a = parse("+++\ntitle = \"Is it normal?\"\n+++\nYes, fairly common.\n\nMore.\n");
        assert_eq!(a.questions[0].question, "Is it normal?");
        assert_eq!(a.questions[0].answer, "Yes, fairly common.");
        let a = parse(
            "+++\ntitle = \"Is it normal?\"\nfaq = false\n+++\nYes.\n\n## Why?\n\nBecause.\n",
        );
        assert!(a.questions.is_empty());
    }

    #[test]
    fn links_are_collected_with_offsets() {
        let text = "+++\ntitle = \"T\"\n+++\nSee [the glossary](glossary.md#core) and ![a figure](fig.svg).\n";
        let a = parse(text);
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[0].dest, "glossary.md#core");
        assert_eq!(a.links[0].text, "the glossary");
        assert_eq!(&text[a.links[0].offset..a.links[0].offset + 1], "[");
        assert!(a.links[1].image);
    }

    #[test]
    fn custom_ids_that_cannot_be_html_ids_are_errors() {
        for (id, problem) in [
            ("a\"b", "quote"),
            ("a'b", "quote"),
            ("a&b", "`&`"),
            ("a\u{1}b", "control character"),
            ("a\u{85}b", "control character"),
        ] {
            let text = format!(
                "# T\n\nLead.\n\n## First {{#{id}}}\n\n## Fine {{#ok}}\n\n## Again {{#{id}}}\n"
            );
            let e = Article::parse("articles/a.md".into(), "a.md".into(), text)
                .map(|_| ())
                .expect_err(id);
            assert!(e.message.contains(problem), "{id:?}: {}", e.message);
            assert!(e.message.contains("1 more"), "{}", e.message);
            assert_eq!((e.line, e.column), (5, 1));
        }
        let a = parse("# T\n\n## Odd {#Ωmega/1:2?x=y%20(z)}\n\n## Bare {#}\n");
        assert_eq!(a.headings[0].id, "Ωmega/1:2?x=y%20(z)");
        assert_eq!(a.headings[1].id, "bare");
    }

    #[test]
    fn nested_links_each_keep_their_text() {
        let a = parse("# T\n\n![outer ![inner](b.png) alt](a.png) and [plain](c.md)\n");
        let texts: Vec<_> = a.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["outer inner alt", "inner", "plain"]);
        let long = format!("# T\n\n[{}](a.md)\n", "word ".repeat(100));
        assert_eq!(
            parse(&long).links[0].text.chars().count(),
            LINK_TEXT_MAX - 1
        );
    }

    #[test]
    fn front_matter_questions_get_unique_ids() {
        let a = parse(
            "+++\ntitle = \"T\"\n[[questions]]\nquestion = \"Why?\"\nanswer = \"A.\"\n\
             [[questions]]\nquestion = \"Why?\"\nanswer = \"B.\"\n+++\n## Why {#q-why-1}\n\nText.\n",
        );
        let ids: Vec<_> = a.questions.iter().filter_map(|q| q.id.as_deref()).collect();
        assert_eq!(ids, ["q-why", "q-why-2"]);
    }

    #[test]
    fn slugs_derive_from_paths() {
        let unicode = |source| derived_slug(source, SlugStyle::Unicode);
        assert_eq!(unicode("stretching/index.md"), "stretching");
        assert_eq!(
            unicode("guides/Getting Started.md"),
            "guides/getting-started"
        );
        assert_eq!(unicode("README.md"), "readme");
        assert_eq!(unicode("упражнения/осанка.md"), "упражнения/осанка");
        assert_eq!(unicode("übungen.md"), "übungen");
        assert_eq!(
            derived_slug("упражнения/Осанка.md", SlugStyle::Ascii),
            "uprazhneniia/osanka"
        );
        // A name with nothing to make a URL of says so.
        assert_eq!(unicode("🎉.md"), "article");
        let text = "+++\ntitle = \"Party\"\n+++\nText.\n".to_string();
        let a = Article::parse("articles/🎉.md".into(), "🎉.md".into(), text).unwrap();
        let warnings = a.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("published at `article/`"));
        let named = Article::parse(
            "articles/party.md".into(),
            "party.md".into(),
            "Text.\n".into(),
        );
        assert!(named
            .unwrap()
            .warnings()
            .iter()
            .all(|w| !w.message.contains("URL")));
    }

    #[test]
    fn empty_article_is_an_error() {
        let e = Article::parse(
            "articles/a.md".into(),
            "a.md".into(),
            "+++\ntitle = \"x\"\n+++\n\n".into(),
        )
        .unwrap_err();
        assert_eq!(e.message, "the article is empty");
    }

    #[test]
    fn heading_ids_come_from_the_text_github_sees() {
        let a = parse(
            "# T\n\n## `Vec::new` and _emphasis_\n\n## Before -- after...\n\n\
             ## ![logo](l.png) Setup\n\n## Foo <span>bar</span>\n\n## &lt;tag&gt; &amp; more\n\n\
             Two lines\nof heading\n---\n",
        );
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "vecnew-and-emphasis",
                "before----after",
                "-setup",
                "foo-bar",
                "tag--more",
                "two-linesof-heading"
            ]
        );
        // The text shown keeps smart punctuation.
        assert_eq!(a.headings[1].text, "Before – after…");
    }

    #[test]
    fn raw_html_ids_are_anchors_and_its_urls_links() {
        let text = "# T\n\n<a id=\"intro\"></a>\n\n## Intro\n\nSee <a href=\"b.md#x\" name=\"old\">b</a>.\n\n\
                    - item\n\n  <figure>\n  <img src=\"img/a.png\"\n    alt=\"A\">\n  </figure>\n\n\
                    <!-- <img src=\"gone.png\"> -->\n";
        let a = parse(text);
        let anchors: Vec<_> = a.anchors.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(anchors, ["intro", "old"]);
        // The heading does not take the raw HTML's id.
        assert_eq!(a.headings[0].id, "intro-1");
        assert!(a.has_id("old") && a.has_id("intro-1") && !a.has_id("Intro"));
        let links: Vec<_> = a
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.image, l.html, l.text.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("b.md#x", false, Some(("a", "href")), ""),
                ("img/a.png", true, Some(("img", "src")), "A"),
            ]
        );
        for link in &a.links {
            assert_eq!(&text[link.offset..][..link.dest.len()], link.dest);
        }
    }

    #[test]
    fn ids_in_the_title_heading_are_not_on_the_page() {
        let a = parse("# <a id=\"top\"></a>Title\n\n<span id=\"kept\"></span>\n");
        assert_eq!(a.title, "Title");
        let anchors: Vec<_> = a.anchors.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(anchors, ["kept"]);
    }
}
