//! Links glossary terms at their first use in each article, with the
//! definition shown on hover and keyboard focus.

use pulldown_cmark::{CowStr, Event};

use super::html::{escape, href};
use crate::resolve::{GlossaryTerm, Site, Target};

/// Finds the first use of each glossary term in one article's text.
pub(super) struct Linker<'a> {
    site: &'a Site,
    from: String,
    /// Terms not yet linked in this article.
    pending: Vec<&'a GlossaryTerm>,
}

impl<'a> Linker<'a> {
    /// A linker for article `index`. Terms the author already linked by hand
    /// are not linked again, and the glossary does not link to itself.
    pub(super) fn new(site: &'a Site, index: usize) -> Self {
        let linked: Vec<(usize, &str)> = site.targets[index]
            .iter()
            .filter_map(|t| match t {
                Target::Page {
                    article,
                    fragment: Some(f),
                } => Some((*article, f.as_str())),
                _ => None,
            })
            .collect();
        let pending = site
            .glossary
            .iter()
            .filter(|t| t.article != index && !linked.contains(&(t.article, t.id.as_str())))
            .collect();
        Linker {
            site,
            from: site.path_of(index),
            pending,
        }
    }

    /// Pushes `text` to `out`, with the first use of each pending term
    /// turned into a link.
    pub(super) fn push_text(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        let lower = text.to_lowercase();
        // Case mapping that changes byte lengths would misplace the match.
        if self.pending.is_empty() || lower.len() != text.len() {
            out.push(Event::Text(text));
            return;
        }
        let found = self
            .pending
            .iter()
            .enumerate()
            .filter_map(|(i, term)| {
                find_word(&lower, &term.term.to_lowercase()).map(|(start, end)| (start, end, i))
            })
            .min();
        let Some((start, end, i)) = found else {
            out.push(Event::Text(text));
            return;
        };
        let term = self.pending.remove(i);
        let href = href(
            self.site,
            &self.from,
            &Target::Page {
                article: term.article,
                fragment: Some(term.id.clone()),
            },
            "",
        );
        let tip = escape(&format!("gloss-{}", term.id));
        if start > 0 {
            out.push(Event::Text(text[..start].to_string().into()));
        }
        out.push(Event::Html(
            format!(
                "<span class=\"glossary\"><a class=\"glossary-term\" href=\"{}\" aria-describedby=\"{tip}\">{}</a><span class=\"glossary-tip\" role=\"tooltip\" id=\"{tip}\">{}</span></span>",
                escape(href.as_str()),
                escape(&text[start..end]),
                escape(&term.definition)
            )
            .into(),
        ));
        let rest = text[end..].to_string();
        if !rest.is_empty() {
            self.push_text(rest.into(), out);
        }
    }
}

/// The byte range of `word` (or its plural) in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<(usize, usize)> {
    if word.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let mut end = start + word.len();
        if text[end..].starts_with('s') && !text[end + 1..].starts_with(char::is_alphanumeric) {
            end += 1;
        }
        let before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after = text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !before && !after {
            return Some((start, end));
        }
        from = start + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_word;

    #[test]
    fn finds_whole_words_and_plurals() {
        assert_eq!(find_word("a strain here", "strain"), Some((2, 8)));
        assert_eq!(find_word("two strains.", "strain"), Some((4, 11)));
        assert_eq!(find_word("restrain", "strain"), None);
        assert_eq!(find_word("strainer strain", "strain"), Some((9, 15)));
        assert_eq!(
            find_word("keep a neutral spine", "neutral spine"),
            Some((7, 20))
        );
    }
}
