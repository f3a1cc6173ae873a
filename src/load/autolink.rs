//! Bare URLs and e-mail addresses in text become links, as GitHub writes
//! them (GFM's autolink extension): `https://example.org/a`,
//! `www.example.org` and `someone@example.org`, without trailing
//! punctuation. Applied to the Markdown events that load and render both
//! walk, so a bare URL is a link like any other, at its byte offset.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// `events` (of `body`, with ranges in it) with every bare URL in text
/// turned into a link: not inside links, images, code or a raw HTML `<a>`.
pub(crate) fn link_bare_urls<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    body: &'a str,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    // Consecutive texts (pulldown-cmark splits text at entities and
    // unmatched delimiters), read as one.
    let mut run: Vec<(CowStr<'a>, Range<usize>)> = Vec::new();
    // Inside a link, an image, a code block or a raw `<a>`.
    let mut inside = 0usize;
    for (event, range) in events {
        if let (Event::Text(text), 0) = (&event, inside) {
            run.push((text.clone(), range));
            continue;
        }
        flush(&mut run, body, &mut out);
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                inside = inside.saturating_sub(1)
            }
            Event::InlineHtml(html) => match html_anchor(html) {
                Some(true) => inside += 1,
                Some(false) => inside = inside.saturating_sub(1),
                None => {}
            },
            _ => {}
        }
        out.push((event, range));
    }
    flush(&mut run, body, &mut out);
    out
}

/// Whether `text` may hold a bare URL or address (when not, it has none).
pub(crate) fn may_hold_urls(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"://").is_some()
        || memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"www.").is_some()
}

/// Whether raw inline HTML opens (`true`) or closes (`false`) an `<a>`.
fn html_anchor(html: &str) -> Option<bool> {
    let lower = html.get(..3).unwrap_or(html).to_ascii_lowercase();
    let after = |n: usize| html[n..].chars().next();
    let ends_name = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/');
    if lower.starts_with("<a") && html.len() >= 2 && ends_name(after(2)) {
        Some(true)
    } else if lower.starts_with("</a") && ends_name(after(3)) {
        Some(false)
    } else {
        None
    }
}

/// A bare URL found in text: where it is and where it leads.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    range: Range<usize>,
    dest: String,
    email: bool,
}

/// The bare URLs of `text`, in order.
fn find(text: &str) -> Vec<Found> {
    // Most text has none: it is not scanned.
    if !may_hold_urls(text) {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut found = Vec::new();
    for link in finder.links(text) {
        let (start, mut end) = (link.start(), link.end());
        let email = *link.kind() == LinkKind::Email;
        let lower = link.as_str().to_ascii_lowercase();
        let www = link.as_str().starts_with("www.");
        if !(email || www || lower.starts_with("http://") || lower.starts_with("https://")) {
            continue;
        }
        // `www.` starts a link only after a space, `*`, `_`, `~` or `(`.
        let before = text[..start].chars().next_back();
        if www && before.is_some_and(|c| !(c.is_whitespace() || "*_~(".contains(c))) {
            continue;
        }
        // linkify leaves a final `;` out, which may end an entity.
        if text[end..].starts_with(';') {
            end = start + trimmed_len(&text[start..end + 1]).min(end - start);
        }
        end = start + trimmed_len(&text[start..end]);
        let shown = &text[start..end];
        if !email && !has_domain(shown) {
            continue;
        }
        let dest = match (email, www) {
            (true, _) => format!("mailto:{shown}"),
            (false, true) => format!("http://{shown}"),
            (false, false) => shown.to_string(),
        };
        found.push(Found {
            range: start..end,
            dest,
            email,
        });
    }
    found
}

/// Whether a URL's host has a dot (`www.` alone, or `http://x.` is no link).
fn has_domain(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.trim_end_matches('.').contains('.')
}

/// The length of `url` once trailing punctuation is left out, as GFM does:
/// `?!.,:*_~'"` at the end, a `)` that closes no `(` of the URL, an entity
/// such as `&amp;` at the end, and curly quotes (from smart punctuation)
/// onwards.
fn trimmed_len(url: &str) -> usize {
    let mut end = url.find(['‘', '’', '“', '”']).unwrap_or(url.len());
    loop {
        let s = &url[..end];
        let Some(last) = s.chars().next_back() else {
            return 0;
        };
        let unbalanced = last == ')' && s.matches(')').count() > s.matches('(').count();
        if "?!.,:*_~'\"".contains(last) || unbalanced {
            end -= 1;
        } else if last == ';' {
            match s.rfind('&') {
                Some(amp)
                    if amp + 2 < s.len()
                        && s[amp + 1..s.len() - 1]
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric()) =>
                {
                    end = amp
                }
                _ => return end,
            }
        } else {
            return end;
        }
    }
}

/// Writes the texts of `run` to `out`: as they are, or split around the
/// links made of their bare URLs.
fn flush<'a>(
    run: &mut Vec<(CowStr<'a>, Range<usize>)>,
    body: &'a str,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    if run.is_empty() {
        return;
    }
    let pieces = std::mem::take(run);
    let text: String = pieces.iter().map(|(t, _)| t.as_ref()).collect();
    let found = find(&text);
    if found.is_empty() {
        out.extend(pieces.into_iter().map(|(t, r)| (Event::Text(t), r)));
        return;
    }
    // Where each piece starts in `text`, for offsets in the file.
    let mut starts = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for (piece, _) in &pieces {
        starts.push(at);
        at += piece.len();
    }
    // The offset in `body` of position `i` of `text`: exact in a piece
    // that is written as it reads, else the start of the piece.
    let source = |i: usize| -> usize {
        let k = starts.partition_point(|&s| s <= i).saturating_sub(1);
        let (piece, range) = &pieces[k];
        let exact = body.get(range.clone()) == Some(piece.as_ref());
        match (exact, i - starts[k]) {
            (_, 0) => range.start,
            (true, d) => range.start + d,
            (false, d) if d >= piece.len() => range.end,
            (false, _) => range.start,
        }
    };
    let end = pieces.last().map_or(0, |(_, r)| r.end);
    let mut copied = 0;
    for link in found {
        let (start, stop) = (link.range.start, link.range.end);
        if start > copied {
            let range = source(copied)..source(start);
            out.push((Event::Text(text[copied..start].to_string().into()), range));
        }
        let range = source(start)..if stop == text.len() {
            end
        } else {
            source(stop)
        };
        let link_type = match link.email {
            true => LinkType::Email,
            false => LinkType::Autolink,
        };
        out.push((
            Event::Start(Tag::Link {
                link_type,
                dest_url: link.dest.into(),
                title: "".into(),
                id: "".into(),
            }),
            range.clone(),
        ));
        out.push((
            Event::Text(text[start..stop].to_string().into()),
            range.clone(),
        ));
        out.push((Event::End(TagEnd::Link), range));
        copied = stop;
    }
    if copied < text.len() {
        out.push((
            Event::Text(text[copied..].to_string().into()),
            source(copied)..end,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.range], f.dest))
            .collect()
    }

    #[test]
    fn finds_urls_www_and_addresses() {
        assert_eq!(
            urls("See https://example.org/a_b, www.example.com. Or write to me@example.net."),
            [
                (
                    "https://example.org/a_b",
                    "https://example.org/a_b".to_string()
                ),
                ("www.example.com", "http://www.example.com".to_string()),
                ("me@example.net", "mailto:me@example.net".to_string()),
            ]
        );
    }

    #[test]
    fn trailing_punctuation_is_left_out() {
        for (text, url) in [
            ("at https://example.org/x.", "https://example.org/x"),
            ("(see https://example.org/x)", "https://example.org/x"),
            (
                "https://en.example.org/Link_(game))",
                "https://en.example.org/Link_(game)",
            ),
            ("https://example.org/?q=1!", "https://example.org/?q=1"),
            ("https://example.org/a&amp;", "https://example.org/a"),
            ("“https://example.org/q”", "https://example.org/q"),
            ("*https://example.org/e*", "https://example.org/e"),
        ] {
            assert_eq!(urls(text)[0].0, url, "{text}");
        }
    }

    #[test]
    fn only_real_starts_count() {
        assert!(urls("example.org/page and wwwx.org").is_empty());
        assert!(urls("xwww.example.org").is_empty());
        assert!(urls("ftp://example.org/file").is_empty());
        assert!(urls("www. and http://localhost/").is_empty());
        assert_eq!(urls("(www.example.org)")[0].0, "www.example.org");
    }

    #[test]
    fn raw_anchors_are_recognized() {
        assert_eq!(html_anchor("<a href=\"x\">"), Some(true));
        assert_eq!(html_anchor("<A>"), Some(true));
        assert_eq!(html_anchor("</a>"), Some(false));
        assert_eq!(html_anchor("<abbr>"), None);
        assert_eq!(html_anchor("</abbr>"), None);
        assert_eq!(html_anchor("<b>"), None);
    }
}
