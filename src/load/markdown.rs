//! The Markdown dialect lectern reads, shared by the load and render stages
//! so both see exactly the same events.

use pulldown_cmark::{Options, Parser};

/// CommonMark plus tables, footnotes, strikethrough, task lists, smart
/// punctuation, `{#id}` heading attributes and GitHub's alerts.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

pub fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}

/// Accumulates the text a reader sees, with runs of white space collapsed.
#[derive(Default, Debug, Clone)]
pub struct PlainText(String);

impl PlainText {
    pub fn push(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.0.push_str(&rest[..word]);
            rest = &rest[word..];
            let space = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if space > 0 && !self.0.is_empty() && !self.0.ends_with(' ') {
                self.0.push(' ');
            }
            rest = &rest[space..];
        }
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
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }
}
