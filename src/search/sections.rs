//! An article as search documents: one per section (the intro, each h2/h3,
//! each question), with its weighted terms.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag, TagEnd};
use rustc_hash::FxHashMap as Map;

use super::analyzer::{Analyzer, Stems, Vocab};
use super::{
    Document, EXCERPT_CHARS, HEADING_BOOST, MAX_FREQUENCY, TITLE_BOOST, TITLE_SECTION_BOOST,
};
use crate::load::markdown::{self, PlainText};
use crate::load::{Article, Heading};
use crate::resolve::Site;

/// A section of an article while its text is gathered.
struct Section<'a> {
    /// `None` for the intro.
    heading: Option<&'a Heading>,
    text: PlainText,
}

/// Splits an article's body into sections, walking its Markdown once and
/// looking up each heading it meets by offset.
fn sections(article: &Article) -> Vec<Section<'_>> {
    let base = article.body_offset;
    let body = &article.text[base..];
    let questions: BTreeSet<usize> = article
        .questions
        .iter()
        .filter_map(|q| Some(article.headings[q.heading?].offset))
        .collect();
    let mut out = vec![Section {
        heading: None,
        text: PlainText::default(),
    }];
    // Inside a heading whose text is not section text (the title, or a
    // heading that starts a section and is stored as its name).
    let mut hidden = false;
    for (event, range) in markdown::events(body) {
        let text = &mut out.last_mut().expect("a section").text;
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let at = base + range.start;
                if article.title_heading == Some(at) {
                    hidden = true;
                    continue;
                }
                match article.heading_at(at) {
                    Some(h) if h.level <= 3 || questions.contains(&at) => {
                        hidden = true;
                        out.push(Section {
                            heading: Some(h),
                            text: PlainText::default(),
                        });
                    }
                    // A deeper heading is part of its section's text.
                    _ => text.space(),
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                hidden = false;
                text.space();
            }
            Event::Text(t) | Event::Code(t) if !hidden => text.push(&t),
            Event::SoftBreak | Event::HardBreak if !hidden => text.push(" "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => text.space(),
            _ => {}
        }
    }
    out
}

/// An article's documents, each with its weighted terms by their id in
/// `vocab`.
pub(super) struct ArticleDocuments {
    pub(super) vocab: Vocab,
    pub(super) docs: Vec<(Document, Vec<(u32, u32)>)>,
}

pub(super) fn article_documents(
    site: &Site,
    index: usize,
    analyzer: &Analyzer,
    stems: &mut Stems,
) -> ArticleDocuments {
    let article = &site.articles[index];
    let path = site.path_of(index);
    let mut vocab = Vocab::default();
    let mut title_terms = Map::default();
    let mut count = |text: &str, weights, into: &mut Map<u32, u32>| {
        analyzer.count(text, weights, &mut vocab, stems, into);
    };
    count(&article.title, (1, 1), &mut title_terms);

    let sections = sections(article);
    let only_intro = sections.len() == 1;
    let mut docs = Vec::new();
    for section in sections {
        let text = section.text.finish();
        let heading = section.heading;
        if heading.is_none() && text.is_empty() && !only_intro {
            continue;
        }
        let mut terms = Map::default();
        count(&text, (1, MAX_FREQUENCY), &mut terms);
        if let Some(h) = heading {
            count(&h.text, (HEADING_BOOST, HEADING_BOOST), &mut terms);
        }
        let boost = if docs.is_empty() {
            TITLE_BOOST
        } else {
            TITLE_SECTION_BOOST
        };
        for &term in title_terms.keys() {
            *terms.entry(term).or_default() += boost;
        }
        let url = match heading {
            Some(h) => format!("{path}#{}", h.id),
            None => path.clone(),
        };
        docs.push((
            Document {
                title: article.title.clone(),
                section: heading.map(|h| h.text.clone()),
                url,
                text: markdown::excerpt(&text, EXCERPT_CHARS),
            },
            terms.into_iter().collect(),
        ));
    }
    ArticleDocuments { vocab, docs }
}
