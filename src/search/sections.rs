//! An article as search documents: one per section (the intro, each h2/h3,
//! each question), with its weighted terms.

use std::collections::BTreeSet;

use super::analyzer::{Analyzer, Vocab, Weights};
use super::{
    Document, EXCERPT_CHARS, HEADING_BOOST, MAX_FREQUENCY, TITLE_BOOST, TITLE_SECTION_BOOST,
};
use crate::load::{Article, Heading};
use crate::resolve::Site;

/// A section of an article: its heading (`None` for the intro) and text.
struct Section<'a> {
    heading: Option<&'a Heading>,
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
                heading: Some(h),
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

/// The documents of a run of articles, with their terms' postings.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) vocab: Vocab,
    pub(super) docs: Vec<Document>,
    /// Per term of `vocab`: `(doc, weight)` in doc order, docs numbered
    /// from the chunk's first.
    pub(super) postings: Vec<Vec<(u32, u32)>>,
    weights: Weights,
    title: Weights,
}

/// Adds an article's documents to `chunk`.
pub(super) fn article_documents(site: &Site, index: usize, analyzer: &Analyzer, chunk: &mut Chunk) {
    let article = &site.articles[index];
    let path = site.path_of(index);
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
        analyzer.count(&text, (1, MAX_FREQUENCY), vocab, terms);
        if let Some(h) = heading {
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
        let url = match heading {
            Some(h) => format!("{path}#{}", h.id),
            None => path.clone(),
        };
        let id = chunk.docs.len() as u32;
        for (term, weight) in terms.drain() {
            let i = term as usize;
            if i >= chunk.postings.len() {
                chunk.postings.resize_with(vocab.terms.len(), Vec::new);
            }
            chunk.postings[i].push((id, weight));
        }
        chunk.docs.push(Document {
            title: article.title.clone(),
            section: heading.map(|h| h.text.clone()),
            url,
            text: excerpt(&text, EXCERPT_CHARS),
        });
    }
    chunk.title.drain().for_each(drop);
}

/// `markdown::excerpt`, reading no more of `text` than it keeps: the
/// first `max` characters, cut at a word boundary, with an ellipsis when
/// something was cut.
fn excerpt(text: &str, max: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut = &text[..end];
    let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
    let cut = cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ');
    let mut out = String::with_capacity(cut.len() + 3);
    out.push_str(cut);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown;

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
