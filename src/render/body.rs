//! Markdown events to HTML for one article: links rewritten to relative
//! URLs, headings with ids and self-links, alerts and `:::` admonitions as
//! callouts, lone titled images as figures.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::glossary::{Glossary, Linker};
use super::highlight;
use super::html::{escape, href, Url};
use super::image::{self, PageImages};
use crate::load::raw_html::RawHtml;
use crate::load::{admonition, markdown};
use crate::resolve::{urls, Site, Target};

/// The article's body as HTML. Every link, image and heading met is
/// looked up by its byte offset in what load and resolve found.
pub(super) fn render(site: &Site, glossary: &Glossary, index: usize) -> String {
    let article = &site.articles[index];
    let from = site.path_of(index);
    let base = article.body_offset;
    let body = &article.text[base..];
    let (events, admonitions) = admonition::events(body);
    let events: Vec<(Event, usize)> = events
        .into_iter()
        .map(|(event, range)| (event, base + range.start))
        .collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // Inside the `# Title` heading, which the template shows instead.
    let mut in_title = false;
    let mut heading_id = String::new();
    // The language of the page an open link leads to, when not the page's.
    let mut language_note: Option<String> = None;
    let mut glossary = Linker::new(site, glossary, index);
    let mut images = PageImages::new(site, &from);
    // Inside headings, links and code, terms are not linked (image alt text
    // is consumed whole by the image arms below).
    let mut no_terms = 0usize;
    let mut i = 0;

    while i < events.len() {
        let (event, at) = events[i].clone();
        i += 1;
        match &event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::CodeBlock(_)) => {
                no_terms += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::CodeBlock) => {
                no_terms = no_terms.saturating_sub(1)
            }
            _ => {}
        }
        if in_title {
            in_title = !matches!(event, Event::End(TagEnd::Heading(_)));
            continue;
        }
        match event {
            Event::Text(text) if no_terms == 0 => glossary.push_text(text, &mut out),
            Event::Start(Tag::Heading { .. }) if article.title_heading == Some(at) => {
                in_title = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_id = article
                    .heading_at(at)
                    .map_or(String::new(), |h| h.id.clone());
                let id = escape(&heading_id);
                out.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                // A visible self-link, skipped by screen readers and the tab order.
                let href = escape(Url::new(&format!("#{heading_id}")).as_str());
                let anchor = format!(" <a class=\"anchor\" href=\"{href}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n");
                out.push(Event::Html(anchor.into()));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let target = site.target(index, at);
                out.push(Event::Html(
                    link_open(site, &from, target, &dest_url, &title).into(),
                ));
                language_note = original_note(site, target);
            }
            Event::End(TagEnd::Link) => {
                out.push(Event::Html("</a>".into()));
                if let Some(note) = language_note.take() {
                    out.push(Event::Html(note.into()));
                }
            }
            Event::Start(Tag::Paragraph) if is_lone_image(&events[i..]) => {
                // [Start(Image), alt..., End(Image), End(Paragraph)]
                let (
                    Event::Start(Tag::Image {
                        dest_url, title, ..
                    }),
                    image_at,
                ) = &events[i]
                else {
                    unreachable!()
                };
                let target = site.target(index, *image_at);
                let end = image_end(&events, i);
                let alt = plain(&events[i + 1..end]);
                let src = href(site, &from, target, dest_url);
                let img = images.markdown(target, &src, &alt, None);
                let html = match title.is_empty() {
                    true => format!("<p>{img}</p>\n"),
                    false => image::figure(&img, title),
                };
                out.push(Event::Html(html.into()));
                i = end + 2;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let target = site.target(index, at);
                let end = image_end(&events, i - 1);
                let alt = plain(&events[i..end]);
                let src = href(site, &from, target, &dest_url);
                let title = (!title.is_empty()).then_some(title.as_ref());
                out.push(Event::Html(
                    images.markdown(target, &src, &alt, title).into(),
                ));
                i = end + 1;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let class = alert_class(kind);
                let words = &site.config.words;
                // A `:::tip[Title]` admonition starts where its line does.
                let label = match admonitions.iter().find(|a| base + a.offset == at) {
                    Some(a) => (a.title.as_deref()).unwrap_or_else(|| words.text(a.kind.name())),
                    None => words.text(class),
                };
                let label = escape(label);
                out.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::CodeBlock(kind)) => {
                // [Start(CodeBlock), Text..., End(CodeBlock)], consumed whole.
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let mut code = String::new();
                while let Some((Event::Text(text), _)) = events.get(i) {
                    code.push_str(text);
                    i += 1;
                }
                i += 1;
                no_terms = no_terms.saturating_sub(1);
                out.push(Event::Html(highlight::code_block(info, &code).into()));
            }
            Event::Html(html) | Event::InlineHtml(html) if !site.config.allow_html => {
                out.push(Event::Text(html))
            }
            Event::Start(Tag::HtmlBlock) if site.config.allow_html => {
                // The block's lines (and the padding of a tab indenting
                // one), up to its end, become one piece of HTML.
                let mut raw = RawHtml::default();
                while let Some((Event::Html(piece) | Event::Text(piece), piece_at)) = events.get(i)
                {
                    raw.push(piece, body, piece_at - base, base);
                    i += 1;
                }
                out.push(Event::Start(Tag::HtmlBlock));
                if !raw.is_empty() {
                    out.push(Event::Html(
                        raw_html(site, &from, index, &raw, &mut images).into(),
                    ));
                }
            }
            Event::InlineHtml(piece) => {
                let mut raw = RawHtml::default();
                raw.push(&piece, body, at - base, base);
                out.push(Event::InlineHtml(
                    raw_html(site, &from, index, &raw, &mut images).into(),
                ));
            }
            event => out.push(event),
        }
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

/// Raw HTML as written, with each URL of its links and images replaced by
/// the URL of its target from the page (made safe and escaped), when that
/// differs from what is written, and its images given their size.
fn raw_html(
    site: &Site,
    from: &str,
    index: usize,
    raw: &RawHtml,
    images: &mut PageImages,
) -> String {
    let found = raw.scan();
    let mut edits = Vec::new();
    for url in &found.urls {
        let target = site.target(index, url.offset);
        let new = href(site, from, target, &url.dest);
        if new.as_str() != url.dest {
            edits.push((url.span.clone(), escape(new.as_str())));
        }
    }
    for image in &found.images {
        let src = (image.src).and_then(|offset| {
            found
                .urls
                .iter()
                .find(|u| u.offset == offset && u.attribute == "src")
        });
        let (target, src) = match src {
            Some(url) => {
                let target = site.target(index, url.offset);
                (target, href(site, from, target, &url.dest))
            }
            None => (&Target::Broken, Url::new("")),
        };
        let added = images.raw(target, &src, &image.written);
        edits.push((image.insert_at..image.insert_at, added));
    }
    raw.rewrite(edits)
}

/// Whether `events` (after a paragraph start) hold one image and nothing else.
fn is_lone_image(events: &[(Event, usize)]) -> bool {
    let Some((Event::Start(Tag::Image { .. }), _)) = events.first() else {
        return false;
    };
    let end = image_end(events, 0);
    matches!(
        events.get(end + 1),
        Some((Event::End(TagEnd::Paragraph), _))
    )
}

/// The index of the end of the image starting at `start`, past any image
/// nested in its alt text.
fn image_end(events: &[(Event, usize)], start: usize) -> usize {
    let mut depth = 0;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The text of alt text's events, links inside it flattened.
fn plain(events: &[(Event, usize)]) -> String {
    let mut text = markdown::PlainText::default();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push(t);
        }
    }
    text.finish()
}

/// A GitHub alert's class, which is also the key of its title in the
/// theme's words.
fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// After a link from a translation to a page not translated, the
/// language it is in: ` (English)`.
fn original_note(site: &Site, target: &Target) -> Option<String> {
    let Target::Original { .. } = target else {
        return None;
    };
    let original = site.translations.languages.first()?;
    Some(format!(
        "<span class=\"lang-note\" lang=\"{}\"> ({})</span>",
        escape(&original.tag),
        escape(&original.name)
    ))
}

/// The opening tag of a link: a broken one (when broken links are
/// warnings) keeps its text but leads nowhere.
fn link_open(site: &Site, from: &str, target: &Target, written: &CowStr, title: &CowStr) -> String {
    let url = escape(href(site, from, target, written).as_str());
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    if *target == Target::Broken {
        return format!("<a class=\"broken\"{title}>");
    }
    if let (Target::Original { .. }, Some(original)) = (target, site.translations.languages.first())
    {
        return format!(
            "<a href=\"{url}\"{title} hreflang=\"{}\">",
            escape(&original.tag)
        );
    }
    let external = matches!(target, Target::External)
        && urls::is_external(written)
        && !written.starts_with("mailto:");
    if external {
        format!("<a href=\"{url}\"{title} class=\"external\" rel=\"noopener\">")
    } else {
        format!("<a href=\"{url}\"{title}>")
    }
}
