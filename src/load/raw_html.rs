//! Raw HTML in Markdown, read the way a browser reads it: its ids are
//! anchors that `#fragment` links may lead to, and the URLs in its `href`,
//! `src`, `srcset` and `poster` attributes are links, checked and rewritten
//! like Markdown links. Shared by load (which records what it finds) and
//! render (which finds the same URLs again and splices in their targets).
//!
//! pulldown-cmark hands an HTML block over one line at a time, with the
//! prefixes of enclosing list items and block quotes removed, and inline
//! HTML one tag (or comment) at a time. A [`RawHtml`] gathers such pieces
//! into the text the browser gets, remembering where each piece is in the
//! file, so a position in that text maps back to a byte offset of the file.
//! The text is tokenized by html5gum, a tokenizer that follows the WHATWG
//! specification: comments are not tags, and the contents of `<script>`,
//! `<style>`, `<textarea>` and the like are not tokenized as tags.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// Raw HTML as the browser gets it, and where each piece came from.
#[derive(Debug, Default)]
pub(crate) struct RawHtml {
    text: String,
    /// (position in `text`, byte offset in the file), by position: each
    /// maps the bytes up to the next one.
    segments: Vec<(usize, usize)>,
}

/// A URL in an attribute of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlUrl {
    /// As the browser reads it: character references decoded, white space
    /// around it dropped.
    pub(crate) dest: String,
    /// Where it is in the [`RawHtml`]'s text (what render replaces).
    pub(crate) span: Range<usize>,
    /// Where it starts in the file, which identifies the link.
    pub(crate) offset: usize,
    pub(crate) element: &'static str,
    pub(crate) attribute: &'static str,
    /// The `alt` text of an `<img>`, for its `src` only; `None` when it has
    /// no `alt`.
    pub(crate) alt: Option<String>,
}

impl HtmlUrl {
    /// Whether the URL is loaded into the page (an image, a video) rather
    /// than followed.
    pub(crate) fn embedded(&self) -> bool {
        self.attribute != "href"
    }
}

/// An `id` (or the `name` of an `<a>`) in raw HTML: a `#fragment` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) id: String,
    /// Where the value starts in the file.
    pub(crate) offset: usize,
}

/// An `<img>` in raw HTML, which render gives its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlImage {
    /// Where its `src` starts in the file, when it has one.
    pub(crate) src: Option<usize>,
    /// The attributes written: (name, lowercase; value).
    pub(crate) written: Vec<(String, String)>,
    /// Where attributes may be added in the text: right after `<img`.
    pub(crate) insert_at: usize,
}

/// What raw HTML holds, in the order it is written.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) urls: Vec<HtmlUrl>,
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) images: Vec<HtmlImage>,
}

/// The attributes whose values are URLs: (element, attribute).
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
];

impl RawHtml {
    /// Adds a piece of HTML that pulldown-cmark gave for bytes from
    /// `start` of `source` (the text its offsets count in); `base` is where
    /// `source` starts in the file.
    ///
    /// A piece is usually `source`'s bytes from `start` as they are. Inside
    /// a list item or a block quote, a tag that spans lines has each
    /// further line's prefix (indentation, `>`) removed; each such line is
    /// then found at the end of its source line, or for the last, after the
    /// prefix.
    pub(crate) fn push(&mut self, piece: &str, source: &str, start: usize, base: usize) {
        if source.get(start..).is_some_and(|s| s.starts_with(piece)) {
            self.segment(base + start);
            self.text.push_str(piece);
            return;
        }
        let mut line_start = start.min(source.len());
        for (i, line) in piece.split_inclusive('\n').enumerate() {
            if i > 0 {
                line_start = source[line_start..]
                    .find('\n')
                    .map_or(source.len(), |n| line_start + n + 1);
            }
            let end = source[line_start..]
                .find('\n')
                .map_or(source.len(), |n| line_start + n);
            let source_line = source[line_start..end].trim_end_matches('\r');
            let wanted = line.trim_end_matches('\n').trim_end_matches('\r');
            let at = if i == 0 {
                0
            } else if line.ends_with('\n') && source_line.ends_with(wanted) {
                source_line.len() - wanted.len()
            } else {
                after_prefix(source_line, wanted)
            };
            self.segment(base + line_start + at);
            self.text.push_str(line);
        }
    }

    fn segment(&mut self, offset: usize) {
        self.segments.push((self.text.len(), offset));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The byte offset in the file of position `at` of the text.
    pub(crate) fn offset(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|&(pos, _)| pos <= at);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((pos, offset)) => offset + (at - pos),
            None => self.segments.first().map_or(at, |&(_, offset)| offset),
        }
    }

    /// The URLs and anchors of the HTML, as a browser would find them.
    pub(crate) fn scan(&self) -> Found {
        let mut found = Found::default();
        for tag in start_tags(&self.text) {
            let attribute = |name: &str| tag.attributes.iter().find(|a| a.name == name);
            if let Some(id) = attribute("id").filter(|a| !a.value.is_empty()) {
                found.anchors.push(Anchor {
                    id: id.value.clone(),
                    offset: self.offset(id.span.start),
                });
            }
            if tag.name == "a" {
                if let Some(name) = attribute("name").filter(|a| !a.value.is_empty()) {
                    found.anchors.push(Anchor {
                        id: name.value.clone(),
                        offset: self.offset(name.span.start),
                    });
                }
            }
            if tag.name == "img" {
                let src = attribute("src").filter(|a| !a.value.trim().is_empty());
                found.images.push(HtmlImage {
                    src: src.map(|a| {
                        let lead = a.value.len() - a.value.trim_start().len();
                        self.offset(a.span.start + lead)
                    }),
                    written: (tag.attributes.iter())
                        .map(|a| (a.name.clone(), a.value.clone()))
                        .collect(),
                    insert_at: tag.start + "<img".len(),
                });
            }
            for attr in &tag.attributes {
                let Some(&(element, attribute_name)) = URL_ATTRIBUTES
                    .iter()
                    .find(|(e, a)| *e == tag.name && *a == attr.name)
                else {
                    continue;
                };
                let raw = &self.text[attr.span.clone()];
                let urls = if attribute_name == "srcset" {
                    srcset_urls(raw)
                } else {
                    single_url(raw, &attr.value)
                };
                for (range, url_start, dest) in urls {
                    let span = attr.span.start + range.start..attr.span.start + range.end;
                    let alt = (element == "img" && attribute_name == "src")
                        .then(|| attribute("alt").map(|a| a.value.clone()))
                        .flatten();
                    found.urls.push(HtmlUrl {
                        dest,
                        offset: self.offset(attr.span.start + url_start),
                        span,
                        element,
                        attribute: attribute_name,
                        alt,
                    });
                }
            }
        }
        found
    }

    /// The text with each of `edits` (a place in the text, found by
    /// [`RawHtml::scan`], and what replaces it: an empty place inserts)
    /// made; everything else stays as written. An edit overlapping one
    /// before it is left out.
    pub(crate) fn rewrite(&self, mut edits: Vec<(Range<usize>, String)>) -> String {
        edits.sort_by_key(|(span, _)| (span.start, span.end));
        let mut out = String::with_capacity(self.text.len());
        let mut done = 0;
        for (span, new) in edits {
            if span.start < done {
                continue;
            }
            out.push_str(&self.text[done..span.start]);
            out.push_str(&new);
            done = span.end;
        }
        out.push_str(&self.text[done..]);
        out
    }
}

/// Where `wanted` starts in `line` after a prefix of white space and `>`
/// (block quote markers): the last such place, as the prefix is all
/// pulldown-cmark removes. The line's start when there is none.
fn after_prefix(line: &str, wanted: &str) -> usize {
    let prefix = line
        .bytes()
        .take_while(|b| b.is_ascii_whitespace() || *b == b'>')
        .count();
    (0..=prefix)
        .rev()
        .find(|&at| line[at..].starts_with(wanted))
        .unwrap_or(0)
}

/// One attribute of a start tag: its name, its value as the browser reads
/// it, and where the value is written in the tokenized text.
#[derive(Debug)]
struct Attribute {
    name: String,
    value: String,
    span: Range<usize>,
}

#[derive(Debug)]
struct StartTag {
    name: String,
    attributes: Vec<Attribute>,
    /// Where its `<` is.
    start: usize,
}

/// The start tags of `html`, with their attributes (the first of each name,
/// as browsers keep), as the WHATWG tokenizer finds them.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut current: Option<StartTag> = None;
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                current = Some(StartTag {
                    name: String::from_utf8_lossy(name).into_owned(),
                    attributes: Vec::new(),
                    start: span.start,
                })
            }
            CallbackEvent::AttributeName { name } => {
                if let Some(tag) = current.as_mut() {
                    tag.attributes.push(Attribute {
                        name: String::from_utf8_lossy(name).into_owned(),
                        value: String::new(),
                        span: span.end..span.end,
                    });
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(attribute) = current.as_mut().and_then(|t| t.attributes.last_mut()) {
                    attribute.value = String::from_utf8_lossy(value).into_owned();
                    attribute.span = span.start..span.end;
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                if let Some(mut tag) = current.take() {
                    let mut seen = std::collections::HashSet::new();
                    tag.attributes.retain(|a| seen.insert(a.name.clone()));
                    tags.push(tag);
                }
            }
            CallbackEvent::EndTag { .. } => current = None,
            _ => {}
        }
        None::<std::convert::Infallible>
    });
    let mut emitter = emitter;
    emitter.naively_switch_states(true);
    // The emitter's callback never fails, so neither does tokenizing.
    let _ = Tokenizer::new_with_emitter(html, emitter).finish();
    tags
}

/// The URL of an attribute holding one (`href`, `src`), as (its place in
/// `raw`, the value as written: all of it; where the URL starts in `raw`,
/// past white space; the URL as the browser reads it: `value`, trimmed).
/// An empty value is no link.
fn single_url(raw: &str, value: &str) -> Vec<(Range<usize>, usize, String)> {
    let blank = |c: char| c.is_ascii_whitespace();
    let dest = value.trim_matches(blank);
    if dest.is_empty() {
        return Vec::new();
    }
    let lead = raw.len() - raw.trim_start_matches(blank).len();
    vec![(0..raw.len(), lead, dest.to_string())]
}

/// The URLs of a `srcset` value as written (`raw`): each image candidate's
/// place in `raw` (twice, as for [`single_url`]) and its URL as the browser
/// reads it, split the way the
/// HTML specification splits them (URLs end at white space; a `,` right
/// after one ends its candidate; descriptors run to the next `,` outside
/// parentheses).
fn srcset_urls(raw: &str) -> Vec<(Range<usize>, usize, String)> {
    let bytes = raw.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        let ended = raw[start..end].ends_with(',');
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        if end > start {
            urls.push((start..end, start, decode(&raw[start..end])));
        }
        if !ended {
            // Descriptors (`2x`, `640w`) up to the next comma.
            let mut depth = 0usize;
            while i < bytes.len() {
                match bytes[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
    }
    urls
}

/// Part of an attribute value as written, with its character references
/// decoded as a browser decodes them in attribute values.
fn decode(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let html = format!("<x v=\"{}\">", raw.replace('"', "&quot;"));
    start_tags(&html)
        .into_iter()
        .next()
        .and_then(|tag| tag.attributes.into_iter().next())
        .map_or_else(|| raw.to_string(), |a| a.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(html: &str) -> Found {
        let mut raw = RawHtml::default();
        raw.push(html, html, 0, 0);
        raw.scan()
    }

    fn dests(found: &Found) -> Vec<&str> {
        found.urls.iter().map(|u| u.dest.as_str()).collect()
    }

    #[test]
    fn urls_and_ids_are_found_with_their_offsets() {
        let html = r#"<p id="top"><a href="b.md#x" name="old">b</a> <IMG SRC='img/a.png' alt="A cat"></p>"#;
        let found = scan(html);
        assert_eq!(dests(&found), ["b.md#x", "img/a.png"]);
        for url in &found.urls {
            assert_eq!(&html[url.offset..url.offset + url.dest.len()], url.dest);
        }
        assert_eq!(found.urls[1].alt.as_deref(), Some("A cat"));
        assert!(found.urls[1].embedded() && !found.urls[0].embedded());
        let ids: Vec<_> = found.anchors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["top", "old"]);
        assert_eq!(&html[found.anchors[1].offset..][..3], "old");
    }

    #[test]
    fn comments_scripts_and_styles_hold_no_links() {
        let found = scan(
            "<!-- <a href=\"gone.md\"> --><script>let s = '<img src=\"x.png\">';</script>\
             <style>a[href=\"y.md\"] {}</style><textarea><a href=z.md></textarea><a href=\"kept.md\">",
        );
        assert_eq!(dests(&found), ["kept.md"]);
    }

    #[test]
    fn srcset_candidates_are_each_a_url() {
        let html = r#"<picture><source srcset="a.webp 1x,b.webp 2x , c(1).webp 640w"><img src="a.png" srcset="d.png, e.png 2x"></picture>"#;
        let found = scan(html);
        assert_eq!(
            dests(&found),
            ["a.webp", "b.webp", "c(1).webp", "a.png", "d.png", "e.png"]
        );
        for url in &found.urls {
            assert_eq!(&html[url.span.clone()], url.dest);
        }
    }

    #[test]
    fn references_are_decoded_and_duplicates_ignored() {
        let html =
            r#"<a href=" a.md?x=1&amp;y=2 " href="second.md">x</a><img srcset="p.png?a&amp;b 2x">"#;
        let found = scan(html);
        assert_eq!(dests(&found), ["a.md?x=1&y=2", "p.png?a&b"]);
        assert_eq!(&html[found.urls[0].offset..][..4], "a.md");
    }

    #[test]
    fn empty_and_unfinished_attributes_are_no_links() {
        assert!(scan(r#"<a href="">x</a><a href>y</a><img src="a.png""#)
            .urls
            .is_empty());
    }

    #[test]
    fn rewrite_splices_only_the_urls_and_additions() {
        let html = "<div class=x>\n<IMG  src = \"a.png\"  alt=a>\n</div>";
        let mut raw = RawHtml::default();
        raw.push(html, html, 0, 0);
        let found = raw.scan();
        let mut edits: Vec<(Range<usize>, String)> = (found.urls.iter())
            .map(|u| (u.span.clone(), format!("../{}", u.dest)))
            .collect();
        let image = &found.images[0];
        assert_eq!(
            image.written,
            [("src".into(), "a.png".into()), ("alt".into(), "a".into())]
        );
        assert_eq!(image.src, Some(html.find("a.png").unwrap()));
        edits.push((image.insert_at..image.insert_at, " width=\"2\"".into()));
        assert_eq!(
            raw.rewrite(edits),
            "<div class=x>\n<IMG width=\"2\"  src = \"../a.png\"  alt=a>\n</div>"
        );
        assert_eq!(raw.rewrite(Vec::new()), html);
        // White space around a URL goes with it; its offset is the URL's.
        let mut padded = RawHtml::default();
        padded.push("<a href=' b.md '>", "<a href=' b.md '>", 0, 0);
        let found = padded.scan();
        assert_eq!(found.urls[0].offset, 10);
        let out = padded.rewrite(vec![(found.urls[0].span.clone(), "../b/".into())]);
        assert_eq!(out, "<a href='../b/'>");
    }

    #[test]
    fn pieces_of_blocks_in_lists_and_quotes_map_to_the_file() {
        // An HTML block in a list item: each line is a piece of its own.
        let source = "- item\n\n  <div>\n  <img\n  src=\"a.png\">\n  </div>\n";
        let mut raw = RawHtml::default();
        for line in ["<div>\n", "<img\n", "src=\"a.png\">\n", "</div>\n"] {
            let start = source.find(line).unwrap();
            raw.push(line, source, start, 100);
        }
        let found = raw.scan();
        let offset = found.urls[0].offset - 100;
        assert_eq!(&source[offset..offset + 5], "a.png");

        // Inline HTML in a block quote, its prefix removed on the second line.
        let source = "> Text <a\n> href=\"b.md\">b</a>\n";
        let mut raw = RawHtml::default();
        raw.push("<a\nhref=\"b.md\">", source, 7, 0);
        let found = raw.scan();
        assert_eq!(&source[found.urls[0].offset..][..4], "b.md");
        // Not found where the prefix is (`>` is also where tags end).
        assert_eq!(after_prefix("> >rest", ">"), 2);
    }
}
