//! Admonitions as Docusaurus and VuePress write them, fenced by `:::` lines:
//!
//! ```markdown
//! :::tip[Warm up first]
//! Five minutes of walking is enough.
//! :::
//! ```
//!
//! pulldown-cmark does not know them: it reads the marker lines as text,
//! grouped into paragraphs with what is around them (or, after a list
//! item, into the item's text). [`events`] rewrites the event stream so
//! that each admonition is a block quote of its kind (the events GitHub's
//! alerts give), with the marker lines gone. Load and render both read
//! Markdown through it, so the markers are never words, lead or answers,
//! and the render stage looks each admonition up by its offset for its
//! title.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::markdown;

/// The kinds of admonition, as written after the colons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Note,
    Tip,
    Info,
    Warning,
    Danger,
    Caution,
    Important,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        Some(match word.to_ascii_lowercase().as_str() {
            "note" => Kind::Note,
            "tip" => Kind::Tip,
            "info" => Kind::Info,
            "warning" => Kind::Warning,
            "danger" => Kind::Danger,
            "caution" => Kind::Caution,
            "important" => Kind::Important,
            _ => return None,
        })
    }

    /// The alert whose callout it is shown as.
    pub(crate) fn alert(self) -> BlockQuoteKind {
        match self {
            Kind::Note | Kind::Info => BlockQuoteKind::Note,
            Kind::Tip => BlockQuoteKind::Tip,
            Kind::Important => BlockQuoteKind::Important,
            Kind::Warning => BlockQuoteKind::Warning,
            Kind::Caution | Kind::Danger => BlockQuoteKind::Caution,
        }
    }

    /// Its name, which is also the key of its title in the theme's words.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Note => "note",
            Kind::Tip => "tip",
            Kind::Info => "info",
            Kind::Warning => "warning",
            Kind::Danger => "danger",
            Kind::Caution => "caution",
            Kind::Important => "important",
        }
    }
}

/// One admonition of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Admonition {
    /// Byte offset of its opening line in the body, which is also where
    /// its block quote event starts.
    pub(crate) offset: usize,
    pub(crate) kind: Kind,
    /// `:::tip Title` or `:::tip[Title]`, as plain text.
    pub(crate) title: Option<String>,
    /// Whether a `:::` line closed it; an unclosed one runs to the end of
    /// the block holding it (or of the article).
    pub(crate) closed: bool,
}

/// The body's events, with byte ranges in `body`, admonitions turned into
/// block quotes; and the admonitions, in order.
pub(crate) fn events(body: &str) -> (Vec<(Event<'_>, Range<usize>)>, Vec<Admonition>) {
    let input = markdown::events(body);
    // Most articles have none: nothing to rewrite.
    if !body.contains(":::") {
        return (input, Vec::new());
    }
    let mut rewrite = Rewrite {
        body,
        out: Vec::with_capacity(input.len() + 8),
        found: Vec::new(),
        stack: Vec::new(),
    };
    let mut events = input.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Paragraph) => {
                let mut run = Vec::new();
                for (event, r) in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Paragraph)) {
                        break;
                    }
                    run.push((event, r));
                }
                rewrite.run(run, Some(range));
            }
            // The text of a tight list item, which a `:::` line right
            // after the item joins.
            event if is_inline(&event) && rewrite.in_item() => {
                let mut run = vec![(event, range)];
                let mut depth = inline_depth(&run[0].0);
                while let Some((next, _)) = events.peek() {
                    if depth == 0 && !is_inline(next) {
                        break;
                    }
                    let (next, r) = events.next().expect("peeked");
                    depth += inline_depth(&next);
                    run.push((next, r));
                }
                rewrite.run(run, None);
            }
            Event::Start(tag) => {
                rewrite.stack.push(Frame::Block {
                    item: matches!(tag, Tag::Item),
                });
                rewrite.out.push((Event::Start(tag), range));
            }
            Event::End(tag) => {
                rewrite.close_unclosed(range.end);
                rewrite.stack.pop();
                rewrite.out.push((Event::End(tag), range.clone()));
                rewrite.close_pending(range.end);
            }
            event => rewrite.out.push((event, range)),
        }
    }
    // Only admonitions can still be open.
    let end = body.len();
    rewrite.close_pending(end);
    rewrite.close_unclosed(end);
    (rewrite.out, rewrite.found)
}

/// A block open in the output: one of pulldown-cmark's, or an admonition.
enum Frame {
    Block {
        item: bool,
    },
    Admonition {
        index: usize,
        colons: usize,
        /// Its `:::` line was met inside a block nested in it (a list
        /// item's text): it closes when that block ends.
        closing: bool,
    },
}

struct Rewrite<'a> {
    body: &'a str,
    out: Vec<(Event<'a>, Range<usize>)>,
    found: Vec<Admonition>,
    stack: Vec<Frame>,
}

/// What a line of text is.
enum Line {
    Text,
    Open {
        colons: usize,
        kind: Kind,
        title: Option<String>,
    },
    Close {
        colons: usize,
    },
}

impl<'a> Rewrite<'a> {
    fn in_item(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Block { item: true }))
    }

    /// Rewrites a paragraph's inline events (`paragraph` is its range) or a
    /// tight item's text, line by line: marker lines become block quote
    /// starts and ends, the lines between them paragraphs again.
    fn run(&mut self, run: Vec<(Event<'a>, Range<usize>)>, paragraph: Option<Range<usize>>) {
        let lines = lines(&run);
        let kinds: Vec<Line> = lines.iter().map(|l| self.line(&run[l.clone()])).collect();
        if kinds.iter().all(|k| matches!(k, Line::Text)) {
            self.emit_text(run, paragraph);
            return;
        }
        let mut events: Vec<Option<(Event<'a>, Range<usize>)>> =
            run.into_iter().map(Some).collect();
        let mut text_from: Option<usize> = None;
        let flush = |this: &mut Self,
                     events: &mut Vec<Option<(Event<'a>, Range<usize>)>>,
                     from: Option<usize>,
                     to: usize| {
            if let Some(from) = from {
                let part: Vec<_> = events[from..to]
                    .iter_mut()
                    .filter_map(Option::take)
                    .collect();
                let range = part.first().map(|(_, r)| r.start).unwrap_or(0)
                    ..part.last().map(|(_, r)| r.end).unwrap_or(0);
                this.emit_text(part, paragraph.as_ref().map(|_| range));
            }
        };
        for (line, kind) in lines.iter().zip(kinds) {
            let range = events[line.start].as_ref().map_or(0, |(_, r)| r.start)
                ..events[line.end - 1].as_ref().map_or(0, |(_, r)| r.end);
            match kind {
                Line::Text => {
                    text_from.get_or_insert(line.start);
                }
                Line::Open {
                    colons,
                    kind,
                    title,
                } => {
                    // Text before the marker, up to the break before it.
                    flush(
                        self,
                        &mut events,
                        text_from.take(),
                        line.start.saturating_sub(1),
                    );
                    self.open(colons, kind, title, range);
                }
                Line::Close { colons } => {
                    if self.can_close(colons) {
                        flush(
                            self,
                            &mut events,
                            text_from.take(),
                            line.start.saturating_sub(1),
                        );
                        self.close(colons, range);
                    } else {
                        text_from.get_or_insert(line.start);
                    }
                }
            }
            // The break after a marker line goes with it.
            if text_from.is_none() {
                if let Some(slot) = events.get_mut(line.end) {
                    slot.take();
                }
            }
        }
        let len = events.len();
        flush(self, &mut events, text_from, len);
    }

    /// Text events as they were: in a paragraph (`range`) or bare.
    fn emit_text(
        &mut self,
        events: Vec<(Event<'a>, Range<usize>)>,
        paragraph: Option<Range<usize>>,
    ) {
        let events: Vec<_> = events
            .into_iter()
            .skip_while(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak))
            .collect();
        if events.is_empty() {
            return;
        }
        if let Some(range) = &paragraph {
            self.out.push((Event::Start(Tag::Paragraph), range.clone()));
        }
        let mut events = events;
        while matches!(
            events.last(),
            Some((Event::SoftBreak | Event::HardBreak, _))
        ) {
            events.pop();
        }
        self.out.extend(events);
        if let Some(range) = paragraph {
            self.out.push((Event::End(TagEnd::Paragraph), range));
        }
    }

    /// What the line of `events` is: only a line that starts a line of the
    /// source (after any `>` of its block quotes) is a marker, so an
    /// escaped `\:::` stays text.
    fn line(&self, events: &[(Event<'a>, Range<usize>)]) -> Line {
        let Some((Event::Text(first), range)) = events.first() else {
            return Line::Text;
        };
        if !first.starts_with(":::") {
            return Line::Text;
        }
        let line_start = self.body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        if !self.body[line_start..range.start]
            .chars()
            .all(|c| c == '>' || c.is_whitespace())
        {
            return Line::Text;
        }
        let mut plain = markdown::PlainText::default();
        for (event, _) in events {
            if let Event::Text(t) | Event::Code(t) = event {
                plain.push(t);
            }
        }
        let plain = plain.finish();
        let colons = plain.bytes().take_while(|&b| b == b':').count();
        let rest = &plain[colons..];
        if rest.is_empty() {
            let only_text = events.iter().all(|(e, _)| matches!(e, Event::Text(_)));
            return match only_text {
                true => Line::Close { colons },
                false => Line::Text,
            };
        }
        let word = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let Some(kind) = Kind::parse(&rest[..word]) else {
            return Line::Text;
        };
        let after = &rest[word..];
        if !(after.is_empty() || after.starts_with([' ', '[', '{'])) {
            return Line::Text;
        }
        Line::Open {
            colons,
            kind,
            title: title(after),
        }
    }

    fn open(&mut self, colons: usize, kind: Kind, title: Option<String>, range: Range<usize>) {
        let index = self.found.len();
        self.found.push(Admonition {
            offset: range.start,
            kind,
            title,
            closed: false,
        });
        self.stack.push(Frame::Admonition {
            index,
            colons,
            closing: false,
        });
        self.out
            .push((Event::Start(Tag::BlockQuote(Some(kind.alert()))), range));
    }

    /// The innermost open admonition fenced with as many colons, if any.
    fn matching(&self, colons: usize) -> Option<usize> {
        self.stack.iter().rposition(|frame| {
            matches!(frame, Frame::Admonition { colons: c, closing: false, .. } if *c == colons)
        })
    }

    fn can_close(&self, colons: usize) -> bool {
        self.matching(colons).is_some()
    }

    /// A `:::` line: closes the admonition it matches, and any opened in it
    /// and left unclosed; those still inside a nested block close when it
    /// ends.
    fn close(&mut self, colons: usize, range: Range<usize>) {
        let Some(at) = self.matching(colons) else {
            return;
        };
        for frame in &mut self.stack[at..] {
            if let Frame::Admonition { closing, .. } = frame {
                *closing = true;
            }
        }
        if let Some(Frame::Admonition { index, .. }) = self.stack.get(at) {
            self.found[*index].closed = true;
        }
        self.close_pending(range.start);
    }

    /// Ends the admonitions on top of the stack whose `:::` was met.
    fn close_pending(&mut self, at: usize) {
        while let Some(Frame::Admonition {
            index,
            closing: true,
            ..
        }) = self.stack.last()
        {
            let kind = self.found[*index].kind;
            self.stack.pop();
            self.out
                .push((Event::End(TagEnd::BlockQuote(Some(kind.alert()))), at..at));
        }
    }

    /// Ends the admonitions left open in the block about to end.
    fn close_unclosed(&mut self, at: usize) {
        while let Some(Frame::Admonition { index, .. }) = self.stack.last() {
            let kind = self.found[*index].kind;
            self.stack.pop();
            self.out
                .push((Event::End(TagEnd::BlockQuote(Some(kind.alert()))), at..at));
        }
    }
}

/// The title after the kind: `Title`, `[Title]`, without `{attributes}`.
fn title(after: &str) -> Option<String> {
    let after = after.trim();
    let title = if let Some(inner) = after.strip_prefix('[') {
        inner.rsplit_once(']').map_or(inner, |(t, _)| t)
    } else {
        after.split('{').next().unwrap_or("")
    };
    let title = title.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// The lines of inline events, as index ranges without the breaks between.
fn lines(run: &[(Event, Range<usize>)]) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut depth = 0isize;
    let mut start = 0;
    for (i, (event, _)) in run.iter().enumerate() {
        depth += inline_depth(event);
        if depth == 0 && matches!(event, Event::SoftBreak | Event::HardBreak) {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..run.len());
    lines.retain(|l| !l.is_empty());
    lines
}

/// +1 for an inline tag's start, -1 for its end.
fn inline_depth(event: &Event) -> isize {
    match event {
        Event::Start(_) => 1,
        Event::End(_) => -1,
        _ => 0,
    }
}

/// Whether `event` belongs to running text rather than starting a block.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body as HTML, as pulldown-cmark writes the rewritten events
    /// (block quotes of a kind show as `<blockquote class="markdown-alert-…">`).
    fn render(body: &str) -> (String, Vec<Admonition>) {
        let (events, found) = events(body);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        (out, found)
    }

    #[test]
    fn a_paragraph_holding_both_markers_is_split() {
        let (html, found) = render(":::note\nText here.\n:::\n\nAfter.\n");
        assert_eq!(
            html,
            "<blockquote class=\"markdown-alert-note\">\n<p>Text here.</p>\n</blockquote>\n<p>After.</p>\n"
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].closed);
        assert_eq!(
            (found[0].kind, found[0].title.as_deref()),
            (Kind::Note, None)
        );
    }

    #[test]
    fn titles_in_both_spellings() {
        let (_, found) =
            render(":::tip[My *own* title]\nx\n:::\n\n:::warning Be careful\ny\n:::\n");
        let titles: Vec<_> = found.iter().map(|a| a.title.as_deref()).collect();
        assert_eq!(titles, [Some("My own title"), Some("Be careful")]);
        assert_eq!(found[1].kind, Kind::Warning);
    }

    #[test]
    fn a_closing_line_after_a_list_item_closes_after_the_list() {
        let (html, _) = render(":::tip\n- a\n- b\n:::\n\nAfter.\n");
        assert_eq!(
            html,
            "<blockquote class=\"markdown-alert-tip\">\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn blocks_inside_with_blank_lines_and_code_left_alone() {
        let body = ":::danger Take care\n\nPara.\n\n```sh\n:::\nrm\n```\n\n:::\n:::info\n## Heading\ntext\n:::\n";
        let (html, found) = render(body);
        assert_eq!(
            html,
            "<blockquote class=\"markdown-alert-caution\">\n<p>Para.</p>\n<pre><code class=\"language-sh\">:::\nrm\n</code></pre>\n</blockquote>\n\
             <blockquote class=\"markdown-alert-note\">\n<h2>Heading</h2>\n<p>text</p>\n</blockquote>\n"
        );
        assert_eq!(found[1].offset, body.find(":::info").unwrap());
    }

    #[test]
    fn inside_a_block_quote_and_nested_by_colon_count() {
        let (html, _) = render("> :::warning\n> text\n> :::\n");
        assert!(
            html.contains(
                "<blockquote>\n<blockquote class=\"markdown-alert-warning\">\n<p>text</p>"
            ),
            "{html}"
        );
        let (html, found) = render("::::note Outer\n:::tip Inner\nx\n:::\n::::\n");
        assert_eq!(
            html,
            "<blockquote class=\"markdown-alert-note\">\n<blockquote class=\"markdown-alert-tip\">\n<p>x</p>\n</blockquote>\n</blockquote>\n"
        );
        assert!(found.iter().all(|a| a.closed));
    }

    #[test]
    fn unknown_kinds_escaped_markers_and_stray_closers_stay_text() {
        for body in [
            ":::foo\nx\n:::\n",
            "\\:::note x\n",
            "Text\n:::\n",
            "`:::note`\n",
            ":::notes\n",
        ] {
            let (html, found) = render(body);
            assert!(found.is_empty(), "{body}");
            assert!(!html.contains("blockquote"), "{body}: {html}");
            assert!(html.contains(":::"), "{body}: {html}");
        }
    }

    #[test]
    fn an_unclosed_admonition_runs_to_the_end_and_is_marked() {
        let (html, found) = render("Before.\n\n:::note\nnever closed\n\nmore\n");
        assert!(html.ends_with("<p>more</p>\n</blockquote>\n"), "{html}");
        assert!(!found[0].closed);
        // Inside a list item, it ends with the item.
        let (html, found) = render("- item\n\n  :::note\n  text\n- next\n");
        assert!(
            html.contains("<p>text</p>\n</blockquote>\n</li>\n<li>"),
            "{html}"
        );
        assert!(!found[0].closed);
    }

    /// Any mix of markers, blocks and text gives balanced events, so the
    /// HTML stays well nested.
    #[test]
    fn events_stay_balanced_for_any_mix_of_lines() {
        let pieces = [
            ":::note",
            ":::tip[T]",
            "::::warning Outer",
            ":::",
            "::::",
            "text",
            "- item",
            "  :::",
            "> :::info",
            "> :::",
            "```",
            "",
            "1. one",
            "# Head",
            "    code",
            "\\:::note",
            ":::foo",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut body = String::new();
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                body.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                body.push('\n');
            }
            let (events, _) = events(&body);
            let mut open = Vec::new();
            for (event, _) in &events {
                match event {
                    Event::Start(tag) => open.push(tag.to_end()),
                    Event::End(end) => assert_eq!(open.pop(), Some(*end), "{body:?}"),
                    _ => {}
                }
            }
            assert!(open.is_empty(), "{body:?}");
        }
    }
}
