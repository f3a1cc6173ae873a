//! The Markdown dialect lectern reads, shared by the load and render stages
//! so both see exactly the same events.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use super::autolink;

/// CommonMark plus tables, footnotes, strikethrough, task lists, smart
/// punctuation, `{#id}` heading attributes, GitHub's alerts and
/// `[[wiki links]]`.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

pub fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}

/// The events of `body` with their ranges in it, as every pass over an
/// article's Markdown reads them: `[[text|Page]]` in GitHub's order (the
/// page after the `|`), `<someone@example.org>` leading to `mailto:` and
/// bare URLs as links.
pub fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // Most articles have neither wiki links, addresses nor URLs.
    let events = parser(body).into_offset_iter();
    let events = match body.contains("[[") || body.contains('@') {
        true => wiki_text_first(events, body),
        false => events.collect(),
    };
    match autolink::may_hold_urls(body) {
        true => autolink::link_bare_urls(events, body),
        false => events,
    }
}

/// GitHub wikis write `[[Link text|Page Name]]`, pulldown-cmark (like
/// Obsidian) reads `[[Page Name|Link text]]`: each piped wiki link gets
/// the page written after the `|` as its destination and the text before
/// it as its text. Images keep the file first (`![[figure.png|alt text]]`),
/// as both write them.
fn wiki_text_first<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    body: &'a str,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out = Vec::new();
    // Inside a piped wiki link whose events are replaced: its nesting depth.
    let mut skipping = 0usize;
    for (event, range) in events {
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            if skipping == 0 {
                out.push((event, range));
            }
            continue;
        }
        if let Event::Start(Tag::Link {
            link_type: LinkType::Email,
            dest_url,
            title,
            id,
        }) = &event
        {
            let dest_url = match dest_url.starts_with("mailto:") {
                true => dest_url.clone(),
                false => format!("mailto:{dest_url}").into(),
            };
            let link = Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                title: title.clone(),
                id: id.clone(),
            };
            out.push((Event::Start(link), range));
            continue;
        }
        let Event::Start(Tag::Link {
            link_type: link_type @ LinkType::WikiLink { has_pothole: true },
            title,
            id,
            ..
        }) = &event
        else {
            out.push((event, range));
            continue;
        };
        let inner = range.start + 2..range.end.saturating_sub(2);
        let Some((text, page)) = body
            .get(inner.clone())
            .filter(|_| {
                body[range.clone()].starts_with("[[") && body[range.clone()].ends_with("]]")
            })
            .and_then(|inner| inner.split_once('|'))
        else {
            out.push((event, range));
            continue;
        };
        // In a table the `|` is written `\|`.
        let text = text.strip_suffix('\\').unwrap_or(text);
        // `[[Page|]]` names the page and shows it.
        let page = match page.trim() {
            "" => text.trim(),
            page => page,
        };
        out.push((
            Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: page.into(),
                title: title.clone(),
                id: id.clone(),
            }),
            range.clone(),
        ));
        out.push((
            Event::Text(text.into()),
            inner.start..inner.start + text.len(),
        ));
        skipping = 1;
    }
    out
}

/// Whether `c` is of a script written without spaces between words, where
/// a word is found by its pairs of characters and read in about two
/// characters' time. The same ranges as `UNSPACED` in `static/search.js`.
pub(crate) fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' // CJK ideographs
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
        | '\u{20000}'..='\u{2FFFF}')
}

/// Whether `text` asks something: it ends with a question mark of any
/// script (`?`, Arabic `؟`, the full-width `？` of Chinese and Japanese,
/// Greek `;`, Ethiopic `፧`).
pub(crate) fn is_question(text: &str) -> bool {
    text.trim_end()
        .ends_with(['?', '؟', '？', '\u{37E}', '፧', '︖', '﹖'])
}

/// How many words `text` holds, for the reading time: its words between
/// spaces, where a run of [`unspaced`] characters counts one word for each
/// two characters.
#[inline]
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            if word.is_ascii() {
                return 1;
            }
            let paired = word.chars().filter(|&c| unspaced(c)).count();
            let rest = word.chars().any(|c| c.is_alphanumeric() && !unspaced(c));
            paired.div_ceil(2) + usize::from(rest || paired == 0)
        })
        .sum()
}

/// Accumulates the text a reader sees, with runs of white space collapsed.
#[derive(Default, Debug, Clone)]
pub struct PlainText(String);

impl PlainText {
    /// Appends `text` with each run of whitespace as one space. What needs
    /// no change, words and the single spaces between them, is copied in
    /// one piece: every article's text passes here.
    pub fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let space = whitespace_at(text, i);
            let lone = space == 1
                && bytes[i] == b' '
                && i > run
                && (i + 1 == bytes.len() || whitespace_at(text, i + 1) == 0);
            if space == 0 || lone {
                i += 1;
                continue;
            }
            self.0.push_str(&text[run..i]);
            if !self.0.is_empty() && !self.0.ends_with(' ') {
                self.0.push(' ');
            }
            i += space;
            run = i;
        }
        self.0.push_str(&text[run..]);
    }

    /// Separates two blocks (paragraphs, list items).
    pub fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(' ') {
            self.0.push(' ');
        }
    }

    pub fn finish(self) -> String {
        self.0.trim().to_string()
    }

    /// The length of the text so far, in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The text pushed since it was `start` long, at most `max` characters
    /// of it, trimmed.
    pub fn excerpt_from(&self, start: usize, max: usize) -> String {
        let text = self.0[start..].trim_start();
        let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
        text[..end].trim_end().to_string()
    }
}

/// The length of the whitespace character at byte `i` of `text`, 0 when
/// there is none. Bytes of ASCII are answered at once; a character beyond
/// it can be whitespace only when it starts with one of four bytes.
fn whitespace_at(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b'\t'..=b'\r' | b' ' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => (text[i..].chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// The first `max` characters of `text`, cut at a word boundary, with an
/// ellipsis when something was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::TagEnd;

    #[test]
    fn questions_end_with_the_question_mark_of_their_script() {
        for asked in [
            "Why?",
            "لماذا أشعر بالألم؟",
            "腰痛とは？",
            "Τι είναι\u{37E}",
            "¿Por qué duele? ",
        ] {
            assert!(is_question(asked), "{asked}");
        }
        for told in ["Stretching", "Notes (why)", "腰痛とは", "a;"] {
            assert!(!is_question(told), "{told}");
        }
    }

    #[test]
    fn words_are_counted_in_every_script() {
        assert_eq!(word_count("Lie on your back, then rest."), 6);
        assert_eq!(word_count("Übungen für den Rücken"), 4);
        // Two characters of Japanese or Chinese read as long as a word.
        assert_eq!(word_count("腰痛の予防"), 3);
        assert_eq!(word_count("ストレッチ 3回"), 5);
        assert_eq!(word_count("— …"), 2);
    }

    #[test]
    fn plain_text_collapses_space() {
        let mut t = PlainText::default();
        t.push("Lie  on your ");
        t.push("back");
        t.space();
        t.push("\nthen rest.");
        assert_eq!(t.finish(), "Lie on your back then rest.");
    }

    #[test]
    fn every_kind_of_space_collapses_to_one() {
        // Every character that is whitespace, among others sharing their
        // first bytes that are not.
        let space = [
            '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
            '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
        ];
        let other = ['a', 'é', '\u{a9}', '\u{1681}', '\u{2010}', '\u{3001}', '腰'];
        assert!(space.iter().all(|c| c.is_whitespace()));
        assert!(!other.iter().any(|c| c.is_whitespace()));
        for (n, s) in space.iter().enumerate() {
            let o = other[n % other.len()];
            let mut t = PlainText::default();
            t.push(&format!("{s}{o}{s}{s}{o}{o}{s}"));
            t.push(&format!("{o}{s}"));
            t.push(&format!("{o} {o} {s}{o} {o} "));
            t.push(&format!(" {o}"));
            assert_eq!(t.0, format!("{o} {o}{o} {o} {o} {o} {o} {o} {o}"), "{s:?}");
        }
    }

    /// The destination and text of each link of `body`.
    fn links(body: &str) -> Vec<(String, String)> {
        let mut links = Vec::new();
        let mut text: Option<(String, String)> = None;
        for (event, _) in events(body) {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    text = Some((dest_url.to_string(), String::new()))
                }
                Event::Text(t) => {
                    if let Some((_, s)) = text.as_mut() {
                        s.push_str(&t)
                    }
                }
                Event::End(TagEnd::Link | TagEnd::Image) => links.extend(text.take()),
                _ => {}
            }
        }
        links
    }

    #[test]
    fn wiki_links_put_the_page_after_the_pipe() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            links("[[Getting Started]], [[the *setup*|Install Guide]] and [[Page|]].\n\n| a |\n| - |\n| [[in a table\\|Table Page]] |\n"),
            pairs(&[
                ("Getting Started", "Getting Started"),
                ("Install Guide", "the *setup*"),
                ("Page", "Page"),
                ("Table Page", "in a table"),
            ])
        );
        assert_eq!(
            links("![[figure.png|A figure]] <someone@example.org>"),
            pairs(&[
                ("figure.png", "A figure"),
                ("mailto:someone@example.org", "someone@example.org")
            ])
        );
    }

    #[test]
    fn bare_urls_are_links_outside_code_and_links() {
        let body = "Go to https://example.org/a&amp;b. `https://example.org/code`\n\n\
                    [https://example.org/in](other.md) <a href=\"x\">www.example.org</a>\n\n\
                    ```\nhttps://example.org/block\n```\n";
        assert_eq!(
            links(body),
            [
                (
                    "https://example.org/a&b".to_string(),
                    "https://example.org/a&b".to_string()
                ),
                ("other.md".to_string(), "https://example.org/in".to_string()),
            ]
        );
        let at = events(body)
            .into_iter()
            .find_map(|(e, r)| matches!(e, Event::Start(Tag::Link { .. })).then_some(r))
            .unwrap();
        assert_eq!(&body[at], "https://example.org/a&amp;b");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }
}
