//! An article as search documents: one per section (the intro, each h2/h3,
//! each question), with its weighted terms.

use std::collections::BTreeSet;

use super::analyzer::{Analyzer, Vocab, Weights};
use super::{
    Document, HEADING_BOOST, MAX_FREQUENCY, PASSAGE_CHARS, SENTENCE_CHARS, TITLE_BOOST,
    TITLE_SECTION_BOOST,
};
use crate::check::prose;
use crate::load::{Article, Heading};
use crate::resolve::Site;

/// A section of an article: its heading (`None` for the intro) with its
/// place among the article's, and its text.
struct Section<'a> {
    heading: Option<(u32, &'a Heading)>,
    text: String,
}

/// Splits an article's body into sections from the text the load stage
/// gathered between headings ([`Article::plain`]): a deeper heading's text
/// and what follows it belong to its section.
fn sections(article: &Article) -> Vec<Section<'_>> {
    let questions: BTreeSet<usize> = article.questions.iter().filter_map(|q| q.heading).collect();
    let mut out = vec![Section {
        heading: None,
        text: String::new(),
    }];
    let add = |out: &mut Vec<Section>, text: &str| {
        let section = &mut out.last_mut().expect("a section").text;
        if !text.is_empty() {
            if !section.is_empty() {
                section.push(' ');
            }
            section.push_str(text);
        }
    };
    add(&mut out, article.plain.first().map_or("", String::as_str));
    for (i, h) in article.headings.iter().enumerate() {
        if h.level <= 3 || questions.contains(&i) {
            out.push(Section {
                heading: Some((i as u32, h)),
                text: String::new(),
            });
        } else {
            add(&mut out, &h.text);
        }
        add(
            &mut out,
            article.plain.get(i + 1).map_or("", String::as_str),
        );
    }
    out
}

/// A sentence that may be kept as a passage: where it is in the section's
/// text (cut to [`SENTENCE_CHARS`]), its length in characters, and its
/// distinct terms, by their place in a list of all the sentences' terms.
struct Candidate {
    range: std::ops::Range<usize>,
    chars: usize,
    words: std::ops::Range<u32>,
}

/// The documents of a run of articles, with their terms' postings.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) vocab: Vocab,
    /// By id, from the chunk's first; `None` for an id left unused at the
    /// end of a run.
    pub(super) docs: Vec<Option<Document>>,
    /// Per term of `vocab`: its postings in doc order, docs numbered from
    /// the chunk's first.
    pub(super) postings: Vec<Vec<Posting>>,
    /// Per article of the run, in order: its documents, numbered from the
    /// chunk's first.
    pub(super) articles: Vec<std::ops::Range<u32>>,
    weights: Weights,
    /// The terms of a section's sentences, reused.
    words: Vec<u32>,
    title: Weights,
}

/// A document holding a term, and the term's weight there. Postings are
/// the most numerous thing a chunk holds: packed, one takes five bytes
/// rather than eight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed)]
pub(super) struct Posting {
    pub(super) doc: u32,
    pub(super) weight: u8,
}

// The weight of a term in a document: its occurrences, capped, then a
// heading's boost once and a title's.
const _: () = assert!(MAX_FREQUENCY + HEADING_BOOST + TITLE_BOOST <= u8::MAX as u32);

/// Adds an article's documents to `chunk`.
pub(super) fn article_documents(site: &Site, index: usize, analyzer: &Analyzer, chunk: &mut Chunk) {
    let article = &site.articles[index];
    let place = chunk.articles.len() as u32;
    let vocab = &mut chunk.vocab;
    analyzer.count(&article.title, (1, 1), vocab, &mut chunk.title);

    let sections = sections(article);
    let only_intro = sections.len() == 1;
    let first = chunk.docs.len();
    for section in sections {
        let text = section.text;
        let heading = section.heading;
        if heading.is_none() && text.is_empty() && !only_intro {
            continue;
        }
        let terms = &mut chunk.weights;
        // Counted a sentence at a time, for the passages to know their words.
        let words = &mut chunk.words;
        words.clear();
        let sentences = sentences(&text, words, |piece, met| {
            analyzer.count(piece, (1, u32::MAX), vocab, terms);
            met.extend_from_slice(&vocab.met);
        });
        terms.cap(MAX_FREQUENCY);
        if let Some((_, h)) = heading {
            analyzer.count(&h.text, (HEADING_BOOST, HEADING_BOOST), vocab, terms);
        }
        let boost = if chunk.docs.len() == first {
            TITLE_BOOST
        } else {
            TITLE_SECTION_BOOST
        };
        for &term in chunk.title.terms() {
            terms.add(term, boost);
        }
        let id = chunk.docs.len() as u32;
        let passages = passages(&text, &sentences, words, |term| terms.get(term));
        for (term, weight) in terms.drain() {
            let i = term as usize;
            if i >= chunk.postings.len() {
                chunk.postings.resize_with(vocab.terms.len(), Vec::new);
            }
            let weight = u8::try_from(weight).unwrap_or(u8::MAX);
            chunk.postings[i].push(Posting { doc: id, weight });
        }
        chunk.docs.push(Some(Document {
            article: place,
            heading: heading.map(|(h, _)| h),
            text: passages.into_boxed_str(),
        }));
    }
    chunk.title.drain().for_each(drop);
    chunk.articles.push(first as u32..chunk.docs.len() as u32);
}

/// The sentences of a section's `text` that may be kept as passages, each
/// cut to [`SENTENCE_CHARS`]. `count` is given every piece of the text once
/// (a sentence, or what is cut off one) and adds the terms it met to
/// `words`, where each sentence's are kept.
fn sentences(
    text: &str,
    words: &mut Vec<u32>,
    mut count: impl FnMut(&str, &mut Vec<u32>),
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for range in prose::split(text) {
        let sentence = &text[range.clone()];
        let start = range.start + (sentence.len() - sentence.trim_start().len());
        let trimmed = sentence.trim();
        let kept = start..start + kept_len(trimmed, SENTENCE_CHARS);
        let from = words.len();
        count(&text[kept.clone()], words);
        let met = from as u32..words.len() as u32;
        if kept.end < range.end {
            count(&text[kept.end..range.end], words);
            words.truncate(met.end as usize);
        }
        if !kept.is_empty() {
            out.push(Candidate {
                chars: text[kept.clone()].chars().count(),
                range: kept,
                words: met,
            });
        }
    }
    out
}

/// The passages of a section's `text` kept for its excerpts: of its
/// `sentences`, those that hold the most of the section's weight (as
/// `weight` gives it per term), greedily, up to [`PASSAGE_CHARS`] in all.
/// Searches find a section by its weightiest words, so its excerpt can show
/// them without the browser loading the whole section. In text order,
/// neighbours joined, one passage a line, with `…` where text is left out.
fn passages(
    text: &str,
    sentences: &[Candidate],
    words: &[u32],
    weight: impl Fn(u32) -> u32,
) -> String {
    let words_of = |c: &Candidate| &words[c.words.start as usize..c.words.end as usize];
    let mut covered: Vec<u32> = Vec::new();
    let mut chosen: Vec<usize> = Vec::new();
    let mut left = PASSAGE_CHARS;
    // The sentence that adds the most weight not yet covered, the first of
    // equals, while one fits.
    while let Some((_, i)) = (0..sentences.len())
        .filter(|i| !chosen.contains(i) && sentences[*i].chars <= left)
        .map(|i| {
            let new: u32 = (words_of(&sentences[i]).iter())
                .filter(|w| !covered.contains(w))
                .map(|&w| weight(w))
                .sum();
            (new, i)
        })
        .filter(|&(new, _)| new > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
    {
        left -= sentences[i].chars;
        covered.extend(words_of(&sentences[i]));
        chosen.push(i);
    }
    if chosen.is_empty() {
        return excerpt(text, SENTENCE_CHARS);
    }
    chosen.sort_unstable();
    let mut out = String::new();
    let mut end = 0;
    for i in chosen {
        let r = &sentences[i].range;
        let joined = !out.is_empty() && text[end..r.start].trim().is_empty();
        if joined {
            out.push(' ');
        } else {
            if !out.is_empty() {
                if end < text.len() {
                    out.push('…');
                }
                out.push('\n');
            }
            if r.start > 0 {
                out.push('…');
            }
        }
        out.push_str(&text[r.clone()]);
        end = r.end;
    }
    if !text[end..].trim().is_empty() {
        out.push('…');
    }
    out
}

/// `markdown::excerpt`, reading no more of `text` than it keeps: the
/// first `max` characters, cut at a word boundary, with an ellipsis when
/// something was cut.
fn excerpt(text: &str, max: usize) -> String {
    let kept = kept_len(text, max);
    if kept == text.len() {
        return text.to_string();
    }
    let mut out = String::with_capacity(kept + 3);
    out.push_str(&text[..kept]);
    out.push('…');
    out
}

/// The bytes of `text` that [`excerpt`] keeps: all of it when it has at
/// most `max` characters, else its first `max` cut at a word boundary,
/// without the punctuation before the cut.
fn kept_len(text: &str, max: usize) -> usize {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.len();
    };
    let cut = &text[..end];
    let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
    cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ')
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown;

    /// The passages of `text` when each word weighs as `weights` says (1
    /// for any other).
    fn passages_of(text: &str, weights: &[(&str, u32)]) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut met = Vec::new();
        let sentences = sentences(text, &mut met, |piece, met| {
            let from = met.len();
            for word in piece.split(|c: char| !c.is_alphanumeric()) {
                let word = word.to_lowercase();
                if word.is_empty() {
                    continue;
                }
                let id = match words.iter().position(|w| *w == word) {
                    Some(id) => id as u32,
                    None => {
                        words.push(word);
                        words.len() as u32 - 1
                    }
                };
                if !met[from..].contains(&id) {
                    met.push(id);
                }
            }
        });
        passages(text, &sentences, &met, |id| {
            let word = &words[id as usize];
            weights.iter().find(|(w, _)| w == word).map_or(1, |w| w.1)
        })
    }

    #[test]
    fn a_short_section_is_kept_whole() {
        let text = "Lie on your back. Pull one knee in. Hold it.";
        assert_eq!(passages_of(text, &[]), text);
        assert_eq!(passages_of("", &[]), "");
    }

    #[test]
    fn passages_are_the_sentences_holding_the_weightiest_words() {
        let filler = "Rest a while between the sets and keep breathing slowly.";
        let text = format!(
            "{filler} {filler} {filler} A tight piriformis presses on the sciatic nerve. \
             The piriformis sits deep in the hip. {filler} {filler}"
        );
        let kept = passages_of(&text, &[("piriformis", 20), ("sciatic", 5)]);
        // The two sentences naming the muscle, next to each other, are one
        // passage; the room left goes to the filler's words, once, and an
        // ellipsis stands for each stretch of text left out.
        assert_eq!(
            kept,
            "Rest a while between the sets and keep breathing slowly.…\n\
             …A tight piriformis presses on the sciatic nerve. The piriformis sits deep in the hip.…"
        );
        let chars = kept.replace(['…', '\n'], "").chars().count();
        assert!(chars <= PASSAGE_CHARS, "{chars}: {kept}");
    }

    #[test]
    fn passages_apart_are_separate_lines_and_long_sentences_are_cut() {
        let long = "Breathe ".repeat(40);
        let text = format!("Squat low. {long}out. Then stand up tall.");
        let kept = passages_of(&text, &[("squat", 9), ("stand", 9), ("breathe", 0)]);
        assert_eq!(kept, "Squat low.…\n…Then stand up tall.");
        let cut = passages_of(&format!("{long}out."), &[]);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= SENTENCE_CHARS + 1,
            "{cut}"
        );
    }

    #[test]
    fn excerpts_cut_as_elsewhere() {
        for text in [
            "",
            "Short.",
            "One two three, four five six.",
            "Ünïcödé wörds ärë cut tøø",
        ] {
            for max in [0, 1, 5, 8, 12, 40] {
                assert_eq!(
                    excerpt(text, max),
                    markdown::excerpt(text, max),
                    "{text:?} {max}"
                );
            }
        }
    }
}
