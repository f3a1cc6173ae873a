//! The glossary's terms, gathered from the articles marked `glossary = true`.

use crate::load::Article;
use std::sync::Arc;

/// A term defined in the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GlossaryTerm {
    pub(crate) term: String,
    /// The heading id on the glossary page.
    pub(crate) id: String,
    pub(crate) definition: String,
    /// The glossary article.
    pub(crate) article: usize,
}

/// The terms of every article marked `glossary = true`: its `##` headings
/// that have a paragraph under them.
pub(super) fn terms(articles: &[Arc<Article>]) -> Vec<GlossaryTerm> {
    let mut terms: Vec<GlossaryTerm> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.front.glossary)
        .flat_map(|(i, a)| {
            a.headings
                .iter()
                .filter(|h| h.level == 2 && !h.lead.is_empty())
                .map(move |h| GlossaryTerm {
                    term: h.text.clone(),
                    id: h.id.clone(),
                    definition: h.lead.clone(),
                    article: i,
                })
        })
        .collect();
    terms.sort_by(|a, b| b.term.len().cmp(&a.term.len()).then(a.term.cmp(&b.term)));
    terms
}
