//! An article's prose, sentence by sentence: the text a reader reads as
//! sentences, without code, tables, headings, raw HTML, image alt text or
//! URLs written as links.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::load::{admonition, Article};

/// A sentence of the body and where it starts in the article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub(crate) text: String,
    pub(crate) offset: usize,
}

/// The sentences of `article`'s body, in order.
pub(crate) fn sentences(article: &Article) -> Vec<Sentence> {
    let base = article.body_offset;
    let body = &article.text[base..];
    let (events, _) = admonition::events(body);
    let mut block = Block::default();
    let mut sentences = Vec::new();
    // Inside something whose text is not prose.
    let mut skip = 0usize;
    // Links whose text is their URL (`<https://…>`, a bare address).
    let mut url_links: Vec<bool> = Vec::new();
    for (event, range) in events {
        let at = base + range.start;
        match event {
            Event::Start(
                Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::Image { .. }
                | Tag::MetadataBlock(_),
            ) => {
                block.flush(&mut sentences);
                skip += 1;
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::HtmlBlock
                | TagEnd::Image
                | TagEnd::MetadataBlock(_),
            ) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let written = &body[range.clone()];
                let is_url = matches!(link_type, LinkType::Autolink | LinkType::Email)
                    || written.trim_matches(['<', '>']) == dest_url.as_ref();
                url_links.push(is_url);
            }
            Event::End(TagEnd::Link) => {
                url_links.pop();
            }
            // Blocks end their last sentence.
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_))
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                block.flush(&mut sentences)
            }
            _ if skip > 0 || url_links.iter().any(|&u| u) => {}
            Event::Text(text) => block.push(&text, at, range.len()),
            Event::Code(_) | Event::SoftBreak | Event::HardBreak => block.push(" ", at, 0),
            _ => {}
        }
    }
    block.flush(&mut sentences);
    sentences
}

/// The text of one block, with where each piece of it was written.
#[derive(Default)]
struct Block {
    text: String,
    /// (start in `text`, offset in the article, length written): a piece
    /// whose written length matches its text maps each byte back.
    pieces: Vec<(usize, usize, usize)>,
}

impl Block {
    fn push(&mut self, text: &str, offset: usize, written: usize) {
        self.pieces.push((self.text.len(), offset, written));
        self.text.push_str(text);
    }

    /// Where byte `at` of the block's text was written.
    fn offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
        let Some(&(start, offset, written)) = self.pieces.get(i) else {
            return 0;
        };
        let piece_len = self.pieces.get(i + 1).map_or(self.text.len(), |p| p.0) - start;
        if piece_len == written {
            offset + at - start
        } else {
            offset
        }
    }

    fn flush(&mut self, out: &mut Vec<Sentence>) {
        for range in split(&self.text) {
            let piece = &self.text[range.clone()];
            if piece.chars().any(char::is_alphanumeric) {
                let lead = piece.len() - piece.trim_start().len();
                out.push(Sentence {
                    text: piece.split_whitespace().collect::<Vec<_>>().join(" "),
                    offset: self.offset(range.start + lead),
                });
            }
        }
        self.text.clear();
        self.pieces.clear();
    }
}

/// Abbreviations that end with a period inside a sentence, before a word
/// that starts with a capital ("Dr. Lee").
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "fig", "no", "nr",
];

/// The sentences of a block of text, as byte ranges: each ends after `.`,
/// `!`, `?` or `…` (and any closing quote or bracket) before white space,
/// or after a full-width stop (`。`, `！`, `？`). A period is no end after
/// an abbreviation, an initial, or before a lowercase word or a digit.
pub(crate) fn split(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut at = 0;
    // The stops are `.`, `!`, `?` and characters of three bytes, led by
    // 0xE2 (`…`), 0xE3 (`。`) or 0xEF (`！`, `？`): look for those bytes.
    let bytes = text.as_bytes();
    while let Some(found) =
        (bytes[at..].iter()).position(|b| matches!(b, b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF))
    {
        let stop = at + found;
        let c = text[stop..].chars().next().expect("a character");
        at = stop + c.len_utf8();
        if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            continue;
        }
        // Closing marks and more stops ("?!", "…”") belong to the sentence.
        while let Some(n) = text[at..].chars().next().filter(|n| {
            matches!(
                n,
                '.' | '!'
                    | '?'
                    | '…'
                    | '"'
                    | '\''
                    | '”'
                    | '’'
                    | ')'
                    | ']'
                    | '»'
                    | '」'
                    | '』'
                    | '）'
            )
        }) {
            at += n.len_utf8();
        }
        let wide = matches!(c, '。' | '！' | '？');
        let spaced = text[at..].chars().next().is_none_or(char::is_whitespace);
        if !(wide || spaced) {
            continue;
        }
        if c == '.' && !ends_sentence(text, stop, &text[at..]) {
            continue;
        }
        ranges.push(start..at);
        start = at;
    }
    if start < text.len() {
        ranges.push(start..text.len());
    }
    ranges
}

/// Whether the period at byte `at` of `text` ends its sentence, given the
/// text after it.
fn ends_sentence(text: &str, at: usize, after: &str) -> bool {
    let next = after.chars().find(|c| !c.is_whitespace());
    if next.is_some_and(|n| n.is_lowercase() || n.is_ascii_digit()) {
        return false;
    }
    // The letters (and periods, as in "e.g") right before the period.
    let from = (text[..at].char_indices().rev())
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(at, |(i, _)| i);
    let word = &text[from..at];
    let mut letters = word.chars();
    let initial = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    !(initial || word.contains('.') || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        let text = format!("+++\ntitle = \"T\"\n+++\n{body}");
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text).unwrap();
        sentences(&article).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_at_stops_but_not_inside_abbreviations_or_numbers() {
        assert_eq!(
            texts("Rest for 2.5 days. Then walk, e.g. to the shop! Ask Dr. Lee why? J. R. Smith agrees.\n"),
            [
                "Rest for 2.5 days.",
                "Then walk, e.g. to the shop!",
                "Ask Dr. Lee why?",
                "J. R. Smith agrees."
            ]
        );
        assert_eq!(
            texts("腰が痛い。休みます。\n"),
            ["腰が痛い。", "休みます。"]
        );
        assert_eq!(
            texts("He said “stop.” Then he left.\n"),
            ["He said “stop.”", "Then he left."]
        );
    }

    #[test]
    fn leaves_out_what_is_not_prose() {
        let body = "## A heading here\n\nA [link](b.md) and <https://example.org/x> end.\n\n\
                    ```\ncode. Not prose.\n```\n\n| a | b |\n|---|---|\n| cell. | x |\n\n\
                    ![alt text. More](x.png)\n\n- An item\n- Another item. Two.\n\n<div>html text.</div>\n\n> Quoted. Text\n";
        assert_eq!(
            texts(body),
            [
                "A link and end.",
                "An item",
                "Another item.",
                "Two.",
                "Quoted.",
                "Text"
            ]
        );
    }

    #[test]
    fn each_sentence_knows_its_line() {
        let text = "+++\ntitle = \"T\"\n+++\nFirst one. Second\none.\n\nThird *is* here.\n";
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text.into()).unwrap();
        let lines: Vec<(String, usize)> = sentences(&article)
            .into_iter()
            .map(|s| {
                (
                    s.text,
                    crate::diagnostics::locate(&article.text, s.offset).0,
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("First one.".to_string(), 4),
                ("Second one.".to_string(), 4),
                ("Third is here.".to_string(), 7)
            ]
        );
    }
}
