//! Markdown events to HTML for one article: links rewritten to relative
//! URLs, headings with ids and self-links, alerts as callouts, lone titled
//! images as figures.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use crate::markdown;
use crate::resolve::{Site, Target};
use crate::urls::{self, relative};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The article's body as HTML, for the page at site path `from`.
pub fn render_body(site: &Site, index: usize) -> String {
    let article = &site.articles[index];
    let from = site.path_of(index);
    let body = &article.text[article.body_offset..];
    let events: Vec<Event> = markdown::parser(body).collect();
    let mut targets = site.targets[index].iter();
    let mut headings = article.headings.iter();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut skip_title = article.has_title_heading;
    let mut skipping = false;
    let mut heading_id = String::new();
    let mut glossary = crate::glossary::Linker::new(site, index);
    // Inside headings, links and code, terms are not linked (image alt text
    // is consumed whole by the image arms below).
    let mut no_terms = 0usize;
    let mut i = 0;

    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        if skipping {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    skipping = false;
                    no_terms = no_terms.saturating_sub(1);
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    targets.next();
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::CodeBlock(_)) => {
                no_terms += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::CodeBlock) => {
                no_terms = no_terms.saturating_sub(1)
            }
            _ => {}
        }
        match event {
            Event::Text(text) if no_terms == 0 => glossary.push_text(text, &mut out),
            Event::Start(Tag::Heading { .. }) if skip_title => {
                skip_title = false;
                skipping = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                skip_title = false;
                heading_id = escape(headings.next().map(|h| h.id.as_str()).unwrap_or(""));
                out.push(Event::Html(format!("<{level} id=\"{heading_id}\">").into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                // A visible self-link, skipped by screen readers and the tab order.
                let anchor = format!(" <a class=\"anchor\" href=\"#{heading_id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n");
                out.push(Event::Html(anchor.into()));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let target = targets.next().unwrap_or(&Target::Broken);
                out.push(Event::Html(
                    link_open(site, &from, target, &dest_url, &title).into(),
                ));
            }
            Event::End(TagEnd::Link) => out.push(Event::Html("</a>".into())),
            Event::Start(Tag::Paragraph) if is_lone_image(&events[i..]) => {
                // [Start(Image), alt..., End(Image), End(Paragraph)]
                let Event::Start(Tag::Image {
                    dest_url, title, ..
                }) = &events[i]
                else {
                    unreachable!()
                };
                let target = targets.next().unwrap_or(&Target::Broken);
                let end = image_end(&events, i);
                let alt = plain(&events[i + 1..end]);
                skip_inner_targets(&events[i + 1..end], &mut targets);
                let src = escape(&href(site, &from, target, dest_url));
                let img = format!(
                    "<img src=\"{src}\" alt=\"{}\" loading=\"lazy\">",
                    escape(&alt)
                );
                let html = if title.is_empty() {
                    format!("<p>{img}</p>\n")
                } else {
                    format!(
                        "<figure>{img}<figcaption>{}</figcaption></figure>\n",
                        escape(title)
                    )
                };
                out.push(Event::Html(html.into()));
                i = end + 2;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let target = targets.next().unwrap_or(&Target::Broken);
                let end = image_end(&events, i - 1);
                let alt = plain(&events[i..end]);
                skip_inner_targets(&events[i..end], &mut targets);
                let src = escape(&href(site, &from, target, &dest_url));
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                out.push(Event::Html(
                    format!(
                        "<img src=\"{src}\" alt=\"{}\"{title} loading=\"lazy\">",
                        escape(&alt)
                    )
                    .into(),
                ));
                i = end + 1;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert(kind);
                out.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            Event::Html(html) | Event::InlineHtml(html) if !site.config.allow_html => {
                out.push(Event::Text(html))
            }
            event => out.push(event),
        }
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

/// Whether `events` (after a paragraph start) hold one image and nothing else.
fn is_lone_image(events: &[Event]) -> bool {
    let Some(Event::Start(Tag::Image { .. })) = events.first() else {
        return false;
    };
    let end = image_end(events, 0);
    matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))
}

/// The index of the end of the image starting at `start`, past any image
/// nested in its alt text.
fn image_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0;
    for (i, event) in events.iter().enumerate().skip(start) {
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

/// Links inside alt text are flattened to text, but their targets were
/// resolved, so they are consumed to keep the rest in step.
fn skip_inner_targets<'t>(events: &[Event], targets: &mut impl Iterator<Item = &'t Target>) {
    for event in events {
        if let Event::Start(Tag::Link { .. } | Tag::Image { .. }) = event {
            targets.next();
        }
    }
}

fn plain(events: &[Event]) -> String {
    let mut text = markdown::PlainText::default();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push(t);
        }
    }
    text.finish()
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The URL a link's target has from the page at `from`.
pub fn href(site: &Site, from: &str, target: &Target, written: &str) -> String {
    let style = site.config.links;
    match target {
        // With raw HTML disallowed, links cannot run scripts either.
        Target::External if !site.config.allow_html && runs_script(written) => "#".to_string(),
        Target::External | Target::Broken => written.to_string(),
        Target::Local { fragment } => format!("#{fragment}"),
        Target::Page { article, fragment } => {
            let mut url = relative(from, &site.path_of(*article), style);
            if let Some(fragment) = fragment.as_deref().filter(|f| !f.is_empty()) {
                if site.path_of(*article) == from {
                    url.clear();
                }
                url.push('#');
                url.push_str(fragment);
            }
            url
        }
        Target::Asset { path, suffix } => format!(
            "{}{suffix}",
            urls::percent_encode_path(&relative(from, path, style))
        ),
    }
}

/// Whether a URL would run code when followed (`javascript:`, `vbscript:`,
/// `data:` other than images).
fn runs_script(url: &str) -> bool {
    let url: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let url = url.to_ascii_lowercase();
    url.starts_with("javascript:")
        || url.starts_with("vbscript:")
        || (url.starts_with("data:") && !url.starts_with("data:image/"))
}

fn link_open(site: &Site, from: &str, target: &Target, written: &CowStr, title: &CowStr) -> String {
    let url = escape(&href(site, from, target, written));
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let external = matches!(target, Target::External)
        && urls::is_external(written)
        && !written.starts_with("mailto:");
    if external {
        format!("<a href=\"{url}\"{title} class=\"external\" rel=\"noopener\">")
    } else {
        format!("<a href=\"{url}\"{title}>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognized() {
        assert!(runs_script("javascript:alert(1)"));
        assert!(runs_script(" JaVa\tScript:alert(1)"));
        assert!(runs_script("data:text/html,<script>"));
        assert!(!runs_script("data:image/png;base64,AAAA"));
        assert!(!runs_script("https://example.org"));
    }

    #[test]
    fn escapes_attribute_text() {
        assert_eq!(
            escape("a \"b\" <c> & 'd'"),
            "a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;"
        );
    }
}
