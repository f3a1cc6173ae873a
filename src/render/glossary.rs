//! Links glossary terms at their first use in each article, with the
//! definition shown on hover and keyboard focus.
//!
//! Every term is found in one pass over a text (Aho-Corasick, leftmost
//! longest), case-insensitively for all of Unicode: the text is lowercased
//! character by character, keeping where each character came from, so a
//! match always maps back to whole characters of what the author wrote.

use crate::load::markdown::unspaced;
use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use pulldown_cmark::{CowStr, Event};

use super::html::{escape, href};
use crate::resolve::{GlossaryTerm, Site, Target};

/// A glossary's terms, ready to be found in any text.
pub(super) struct Glossary {
    /// Pattern `p` is the lowercase form of term `terms[p]`.
    matcher: Option<AhoCorasick>,
    terms: Vec<usize>,
}

impl Glossary {
    /// The automaton for `terms` (most texts are matched against all of
    /// them, so it is built once per render).
    pub(super) fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> Glossary {
        let mut patterns = Vec::new();
        let mut indices = Vec::new();
        for (i, term) in terms.into_iter().enumerate() {
            let pattern = fold(term).0;
            if !pattern.is_empty() {
                patterns.push(pattern);
                indices.push(i);
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Both)
                .build(&patterns)
                .expect("a glossary's terms fit an automaton")
        });
        Glossary {
            matcher,
            terms: indices,
        }
    }

    /// The first use in `text` of each term still pending, in order: the
    /// term and its byte range in `text`. A use is a whole word, or its
    /// plural with `s`; where terms overlap, the longest wins.
    pub(super) fn uses(&self, text: &str, pending: &mut Pending) -> Vec<(usize, Range<usize>)> {
        let mut uses = Vec::new();
        if pending.left == 0 || self.matcher.is_none() {
            return uses;
        }
        let folded = Folded::new(text);
        let mut at = 0;
        while pending.left > 0 && at < folded.lower.len() {
            let Some(found) = self.find(Input::new(&folded.lower).span(at..folded.lower.len()))
            else {
                break;
            };
            at = found.2;
            if let Some((term, range, lower_end)) = self.accept(&folded, found, pending) {
                uses.push((term, range));
                at = lower_end;
            }
        }
        uses
    }

    /// The pending term to link for a match, or the longest shorter term
    /// at the same place when the match itself cannot be linked (`back
    /// pain` in "back painful" still links `back`): the term, its range in
    /// the text and the end of that range in the lowercase text.
    fn accept(
        &self,
        folded: &Folded,
        (mut pattern, start, mut end): (usize, usize, usize),
        pending: &mut Pending,
    ) -> Option<(usize, Range<usize>, usize)> {
        let original_start = folded.original(start)?;
        let before = folded.text[..original_start].chars().next_back();
        if joined(before, folded.text[original_start..].chars().next()) {
            return None;
        }
        loop {
            let term = self.terms[pattern];
            if let (true, Some(original_end)) = (pending.flags[term], folded.original(end)) {
                let rest = &folded.text[original_end..];
                let plural = usize::from(
                    rest.starts_with(['s', 'S']) && !rest[1..].starts_with(char::is_alphanumeric),
                );
                let last = folded.text[..original_end].chars().next_back();
                if !joined(last, folded.text[original_end + plural..].chars().next()) {
                    pending.flags[term] = false;
                    pending.left -= 1;
                    return Some((term, original_start..original_end + plural, end + plural));
                }
            }
            let shorter = Input::new(&folded.lower)
                .span(start..end - 1)
                .anchored(Anchored::Yes);
            (pattern, _, end) = self.find(shorter)?;
        }
    }

    /// The pattern matching `input` (leftmost longest), and where.
    fn find(&self, input: Input<'_>) -> Option<(usize, usize, usize)> {
        let m = self.matcher.as_ref()?.find(input)?;
        Some((m.pattern().as_usize(), m.start(), m.end()))
    }
}

/// Whether `a` and `b` side by side are inside one word: both letters or
/// digits of a script written with spaces. In Chinese or Japanese any
/// character may start or end a word.
fn joined(a: Option<char>, b: Option<char>) -> bool {
    let spaced = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !unspaced(c));
    spaced(a) && spaced(b)
}

/// Which terms are still to be linked in one article.
pub(super) struct Pending {
    flags: Vec<bool>,
    left: usize,
}

impl Pending {
    fn new(flags: Vec<bool>) -> Pending {
        let left = flags.iter().filter(|f| **f).count();
        Pending { flags, left }
    }
}

/// Links the first use of each glossary term in one article.
pub(super) struct Linker<'a> {
    site: &'a Site,
    glossary: &'a Glossary,
    from: String,
    pending: Pending,
}

impl<'a> Linker<'a> {
    /// A linker for article `index`. Terms the author already linked by hand
    /// are not linked again, and the glossary does not link to itself.
    pub(super) fn new(site: &'a Site, glossary: &'a Glossary, index: usize) -> Self {
        let linked: HashSet<(usize, &str)> = site.targets[index]
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
            .map(|t| t.article != index && !linked.contains(&(t.article, t.id.as_str())))
            .collect();
        Linker {
            site,
            glossary,
            from: site.path_of(index),
            pending: Pending::new(pending),
        }
    }

    /// Pushes `text` to `out`, with the first use of each pending term
    /// turned into a link.
    pub(super) fn push_text(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        let uses = self.glossary.uses(&text, &mut self.pending);
        if uses.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        let mut copied = 0;
        for (term, range) in uses {
            if range.start > copied {
                out.push(Event::Text(text[copied..range.start].to_string().into()));
            }
            out.push(Event::Html(self.link(term, &text[range.clone()]).into()));
            copied = range.end;
        }
        if copied < text.len() {
            out.push(Event::Text(text[copied..].to_string().into()));
        }
    }

    /// The link for one use of `site.glossary[term]`, written as `shown`.
    fn link(&self, term: usize, shown: &str) -> String {
        let term: &GlossaryTerm = &self.site.glossary[term];
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
        format!(
            "<span class=\"glossary\"><a class=\"glossary-term\" href=\"{}\" aria-describedby=\"{tip}\">{}</a><span class=\"glossary-tip\" role=\"tooltip\" id=\"{tip}\">{}</span></span>",
            escape(href.as_str()),
            escape(shown),
            escape(&term.definition)
        )
    }
}

/// A text and its lowercase form, with where each character of the
/// lowercase form came from.
struct Folded<'t> {
    text: &'t str,
    lower: String,
    /// For each byte of `lower` (and its end), the offset in `text` of the
    /// character whose lowercase form starts there; `usize::MAX` inside a
    /// character's lowercase form (`İ` becomes two characters).
    starts: Vec<usize>,
}

impl<'t> Folded<'t> {
    fn new(text: &'t str) -> Self {
        let (lower, starts) = fold(text);
        Folded {
            text,
            lower,
            starts,
        }
    }

    /// The offset in the text of a byte offset in the lowercase form, when
    /// it falls between two of the text's characters.
    fn original(&self, lower: usize) -> Option<usize> {
        self.starts.get(lower).copied().filter(|&o| o != usize::MAX)
    }
}

/// `text` lowercased character by character, and the map of [`Folded`].
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut lower = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    for (offset, c) in text.char_indices() {
        let before = lower.len();
        lower.extend(c.to_lowercase());
        starts.push(offset);
        starts.resize(lower.len(), usize::MAX);
        debug_assert!(lower.len() > before);
    }
    starts.push(text.len());
    (lower, starts)
}

/// The first use of each of `terms` in `text`, as the linker finds them:
/// (index in `terms`, byte range in `text`), in order.
pub fn term_uses(terms: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
    let glossary = Glossary::new(terms.iter().copied());
    glossary.uses(text, &mut Pending::new(vec![true; terms.len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(terms: &[&str], text: &'t str) -> Vec<(usize, &'t str)> {
        term_uses(terms, text)
            .into_iter()
            .map(|(term, range)| (term, &text[range]))
            .collect()
    }

    #[test]
    fn finds_first_uses_of_whole_words_and_plurals() {
        assert_eq!(
            found(&["strain"], "a strain here, a strain"),
            [(0, "strain")]
        );
        assert_eq!(found(&["strain"], "two Strains."), [(0, "Strains")]);
        assert!(found(&["strain"], "restrain strainer").is_empty());
        assert_eq!(found(&["strain"], "strainer strain"), [(0, "strain")]);
        assert_eq!(
            found(
                &["spine", "neutral spine"],
                "keep a neutral spine, the spine"
            ),
            [(1, "neutral spine"), (0, "spine")]
        );
    }

    #[test]
    fn in_chinese_and_japanese_a_term_needs_no_spaces_around_it() {
        assert_eq!(
            found(&["腰痛"], "デッドリフトの後の腰痛は軽い"),
            [(0, "腰痛")]
        );
        assert_eq!(found(&["背痛"], "下背痛很常见"), [(0, "背痛")]);
        // A Latin term inside a Japanese sentence is still a whole word.
        assert_eq!(found(&["rom"], "ROMを広げる"), [(0, "ROM")]);
        assert!(found(&["rom"], "promを").is_empty());
    }

    #[test]
    fn a_longer_term_that_does_not_fit_gives_way_to_a_shorter_one() {
        assert_eq!(
            found(&["back", "back pain"], "back painful, back pain"),
            [(0, "back"), (1, "back pain")]
        );
    }

    #[test]
    fn matches_any_script_on_character_boundaries() {
        assert_eq!(found(&["K"], "\u{212A} İİ"), [(0, "\u{212A}")]);
        assert_eq!(found(&["İstanbul"], "in İSTANBUL"), [(0, "İSTANBUL")]);
        // `i` is the start of `İ`'s lowercase form, not a character of the text.
        assert!(found(&["i"], "İ").is_empty());
        assert_eq!(found(&["ǆ"], "Ǆ ǅ"), [(0, "Ǆ")]);
    }

    #[test]
    fn folding_keeps_where_characters_came_from() {
        let (lower, starts) = fold("K\u{212A}İs");
        assert_eq!(lower, "kki\u{307}s");
        assert_eq!(starts, [0, 1, 4, usize::MAX, usize::MAX, 6, 7]);
    }
}
