//! One article as loaded from its file: front matter, title, headings,
//! outgoing links and questions. No knowledge of the rest of the site.

use std::path::PathBuf;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::frontmatter::{self, FrontMatter, Keys};
use super::markdown::{self, PlainText};
use super::slug::{self, UniqueIds};
use super::Date;
use crate::diagnostics::Diagnostic;

/// An article, parsed and ready to be resolved against the site.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file as the author knows it (`articles/stretching/index.md`).
    pub(crate) file: PathBuf,
    /// The path inside `articles/`, with `/` separators (`stretching/index.md`).
    pub(crate) source: String,
    /// The whole file, for diagnostics.
    pub(crate) text: String,
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
    /// Questions: headings ending in `?`, with their answers.
    pub(crate) questions: Vec<Question>,
    /// The first paragraph, as plain text.
    pub(crate) lead: String,
    pub(crate) words: usize,
    /// Where the `# Title` heading that starts the body is, when it has one
    /// (then used as title and not rendered again).
    pub(crate) title_heading: Option<usize>,
    /// The date of the file's last commit, when the site is in git.
    pub(crate) committed: Option<Date>,
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
    /// The first paragraph under the heading, as plain text (a glossary
    /// term's definition).
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
    /// `LINK_TEXT_MAX` characters).
    pub(crate) text: String,
    /// Written `[[Page Name]]`: `dest` is a page's name, not a path.
    pub(crate) wiki: bool,
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
    /// Parses an article; `source` is its path inside `articles/`.
    pub fn parse(file: PathBuf, source: String, text: String) -> Result<Article, Diagnostic> {
        let split = frontmatter::split(&text, &file)?;
        let (front, front_keys) = frontmatter::parse(&split, &text, &file)?;
        if split.body.trim().is_empty() {
            return Err(Diagnostic::error(&file, "the article is empty")
                .at(&text, split.body_offset)
                .with_help("write some Markdown after the front matter, or delete the file"));
        }
        let body_offset = split.body_offset;
        let mut scan = scan(split.body, body_offset);
        if let Some((at, id)) = scan.invalid_ids.first() {
            return Err(invalid_id(&file, &text, *at, id, scan.invalid_ids.len()));
        }

        let title = match (&front.title, &scan.title) {
            (Some(title), _) => title.trim().to_string(),
            (None, Some((title, _))) => title.clone(),
            (None, None) => {
                return Err(Diagnostic::error(&file, "the article has no title")
                    .at(&text, 0)
                    .with_help("add `title = \"...\"` to the front matter, or start the article with a `# Title` line"))
            }
        };
        if title.is_empty() {
            return Err(Diagnostic::error(&file, "the article's title is empty").at(&text, 0));
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
            None => derived_slug(&source),
        };

        let mut questions = scan.questions;
        if front.faq && title.ends_with('?') && !scan.lead.is_empty() {
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
            let id = scan
                .ids
                .unique(&format!("q-{}", slug::heading_id(extra.question.get_ref())));
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
            questions,
            lead: scan.lead,
            words: scan.words,
            title_heading: scan.title.map(|(_, offset)| offset),
            committed: None,
            text,
        })
    }

    /// What can be read of an article that failed to parse (a mistake in
    /// its front matter, say): its body's headings and links, so its links
    /// are checked all the same. `None` when not even the body can be told
    /// from the front matter.
    pub(crate) fn parse_body_only(file: PathBuf, source: String, text: String) -> Option<Article> {
        let split = frontmatter::split(&text, &file).ok()?;
        let body_offset = split.body_offset;
        let scan = scan(split.body, body_offset);
        Some(Article {
            file,
            slug: derived_slug(&source),
            source,
            body_offset,
            front: FrontMatter::default(),
            front_keys: Keys::default(),
            title: scan
                .title
                .as_ref()
                .map_or(String::new(), |(t, _)| t.clone()),
            headings: scan.headings,
            links: scan.links,
            questions: Vec::new(),
            lead: scan.lead,
            words: scan.words,
            title_heading: scan.title.map(|(_, offset)| offset),
            committed: None,
            text,
        })
    }

    /// The article's title, from front matter or its `# Title` line.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Minutes a reader needs, at 200 words a minute.
    pub(crate) fn reading_minutes(&self) -> usize {
        self.words.div_ceil(200).max(1)
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

    /// A heading id, if the page has it.
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
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

    /// The index in `links` of the link or image at byte `offset`.
    pub(crate) fn link_at(&self, offset: usize) -> Option<usize> {
        self.links.binary_search_by_key(&offset, |l| l.offset).ok()
    }
}

/// Front matter text as one line of plain text.
fn markdown_free(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The URL path for a file: `guides/Getting Started.md` → `guides/getting-started`;
/// a folder's `index.md` or `README.md` takes the folder's name.
fn derived_slug(source: &str) -> String {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    let stem = match stem.rsplit_once('/') {
        Some((dir, "index" | "README")) => dir,
        _ => stem,
    };
    let slug: Vec<String> = stem
        .split('/')
        .map(slug::slugify)
        .filter(|s| !s.is_empty())
        .collect();
    if slug.is_empty() {
        "article".into()
    } else {
        slug.join("/")
    }
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

/// The error for the first invalid `{#id}` of a file, of `count`.
fn invalid_id(file: &std::path::Path, text: &str, at: usize, id: &str, count: usize) -> Diagnostic {
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
    Diagnostic::error(file, message)
        .at(text, at)
        .with_help("an id is one word of letters, digits and marks such as `-`, `_`, `.` or `:`, without spaces, quotes, `<`, `>`, `&` or control characters: `{#knee-to-chest}`")
}

/// What one pass over the Markdown events collects.
#[derive(Default)]
struct Scan {
    /// The `# Title` heading's text and offset.
    title: Option<(String, usize)>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    questions: Vec<Question>,
    lead: String,
    words: usize,
    /// Every id taken on the page, for ids given out later.
    ids: UniqueIds,
    /// Where each `{#id}` that cannot be used is, and the id.
    invalid_ids: Vec<(usize, String)>,
}

/// Walks the events once; `offset` is where `body` starts in the file.
fn scan(body: &str, offset: usize) -> Scan {
    let mut out = Scan::default();
    let mut ids = UniqueIds::default();
    // Author ids are reserved first, so generated ones never take them.
    let events = markdown::events(body);
    for id in THEME_IDS {
        ids.reserve(id);
    }
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
            _ => {}
        }
    }

    let mut heading: Option<(u8, Option<String>, usize, PlainText)> = None;
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

    for (event, range) in events {
        let at = offset + range.start;
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(*level),
                    id.as_ref().map(|s| s.to_string()),
                    at,
                    PlainText::default(),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = level_number(*level);
                let Some((_, custom, at, text)) = heading.take() else {
                    continue;
                };
                let text = text.finish();
                let is_title = level == 1 && first_block && out.title.is_none();
                first_block = false;
                close_questions(&mut out.questions, &mut open, &mut answer, level);
                if is_title {
                    out.title = Some((text, at));
                    continue;
                }
                let id = custom.unwrap_or_else(|| ids.unique(&slug::heading_id(&text)));
                if text.ends_with('?') {
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
                section_lead = Some((out.headings.len() - 1, None));
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
                links.push((out.links.len(), link_text.len()));
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    offset: at,
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                    text: String::new(),
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
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
            Event::Start(_) => first_block = false,
            Event::End(
                TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => answer.space(),
            Event::Text(text) | Event::Code(text) => {
                out.words += text.split_whitespace().count();
                if !links.is_empty() {
                    link_text.push(text);
                }
                if let Some((.., t)) = heading.as_mut() {
                    t.push(text);
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
                if let Some((.., t)) = heading.as_mut() {
                    t.push(space);
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
    out.lead = lead.map(PlainText::finish).unwrap_or_default();
    // Later passes look links up by offset.
    out.links.sort_by_key(|link| link.offset);
    out.ids = ids;
    out
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
        assert!(a.headings.is_empty());
        assert_eq!(a.lead, "Body text here.");
    }

    #[test]
    fn missing_title_is_an_error_with_help() {
        let e = Article::parse("articles/a.md".into(), "a.md".into(), "Just text.\n".into())
            .unwrap_err();
        assert_eq!(e.message, "the article has no title");
        assert!(e.help.unwrap().contains("# Title"));
    }

    #[test]
    fn headings_get_unique_github_ids_and_custom_ids_win() {
        let a = parse("# T\n\n## Intro\n\n## Intro\n\n## Renamed heading {#intro-1}\n\n## Intro\n");
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-1", "intro-3"]);
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
        assert_eq!(derived_slug("stretching/index.md"), "stretching");
        assert_eq!(
            derived_slug("guides/Getting Started.md"),
            "guides/getting-started"
        );
        assert_eq!(derived_slug("README.md"), "readme");
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
}
