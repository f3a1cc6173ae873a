//! The FAQ index: every question of every article, each checked to have an
//! answer and to be asked once (a repeat is listed but carries no
//! structured data).

use std::collections::HashMap;
use std::sync::Arc;

use super::sections::{Kind, Tree};
use crate::diagnostics::{locate, Diagnostic, Diagnostics};
use crate::load::slug::{slugify, SlugStyle};
use crate::load::Article;

/// How many questions one FAQ page lists. A site with more has an overview
/// page at `faq/` and a page per group (`faq/<group>/`, in pages of this
/// many), so no page grows with the site.
pub(crate) const FAQ_PER_PAGE: usize = 100;

/// The questions of one top-level section (or, in a site without
/// sections, one category), in site order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FaqGroup {
    /// `None` for questions outside every section and category.
    pub(crate) name: Option<String>,
    /// Unique among the groups: its pages are at `faq/<slug>/`.
    pub(crate) slug: String,
    /// Indexes into the site's FAQ entries.
    pub(crate) entries: Vec<usize>,
}

impl FaqGroup {
    /// How many pages the group's questions take.
    pub(crate) fn pages(&self) -> usize {
        crate::render::paginate::count(self.entries.len(), FAQ_PER_PAGE)
    }
}

/// The FAQ entries grouped by the top-level section of their article, or
/// by its category when it is in no section; groups in the order their
/// first question comes in the site, entries in site order.
pub(super) fn groups(
    articles: &[Arc<Article>],
    tree: &Tree,
    entries: &[FaqEntry],
    slugs: SlugStyle,
) -> Vec<FaqGroup> {
    let name_of = |a: usize| -> Option<String> {
        let top = tree.of_article.get(a).copied().flatten().and_then(|node| {
            let mut top = node;
            while let Some(parent) = tree.nodes[top].parent.filter(|&p| p != 0) {
                top = parent;
            }
            match &tree.nodes[top].kind {
                Kind::Section(s) => Some(tree.sections[*s].title.clone()),
                _ => None,
            }
        });
        top.or_else(|| articles[a].front.category.clone())
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&e| (entries[e].article, entries[e].question));
    let mut groups: Vec<FaqGroup> = Vec::new();
    let mut by_name: HashMap<Option<String>, usize> = HashMap::new();
    for e in order {
        let name = name_of(entries[e].article);
        let g = *by_name.entry(name.clone()).or_insert_with(|| {
            groups.push(FaqGroup {
                name,
                slug: String::new(),
                entries: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].entries.push(e);
    }
    // Slugs unique among the groups, whatever their names.
    let mut taken: HashMap<String, usize> = HashMap::new();
    for group in &mut groups {
        let base = match group.name.as_deref().map(|name| slugify(name, slugs)) {
            Some(slug) if !slug.is_empty() && slug != "page" => slug,
            _ => "other".to_string(),
        };
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        group.slug = match *n {
            1 => base,
            n => format!("{base}-{n}"),
        };
    }
    groups
}

/// A question of the FAQ index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FaqEntry {
    pub(crate) article: usize,
    pub(crate) question: usize,
    /// False for the second asking of a question already asked elsewhere:
    /// it is listed, but only the first carries structured data.
    pub(crate) markup: bool,
    /// The entry of the question's first asking (this one's own index when
    /// it carries the markup).
    pub(crate) first: usize,
}

/// Collects the questions, in article order, and checks each has an
/// answer and is asked once.
pub(super) fn entries(articles: &[Arc<Article>], diagnostics: &mut Diagnostics) -> Vec<FaqEntry> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<FaqEntry> = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        for (q, question) in article.questions.iter().enumerate() {
            if question.answer.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &article.file,
                        format!(
                            "the question \u{201c}{}\u{201d} has no answer",
                            question.question
                        ),
                    )
                    .at_origin(article.locate(question.offset))
                    .with_help(
                        "write the answer under the heading, or end the heading without `?`",
                    ),
                );
                continue;
            }
            let own = entries.len();
            let first = *first
                .entry(normalize_question(&question.question))
                .or_insert(own);
            let entry = FaqEntry {
                article: a,
                question: q,
                markup: first == own,
                first,
            };
            if !entry.markup {
                diagnostics.push(asked_again(articles, &entry, &entries[first]));
            }
            entries.push(entry);
        }
    }
    entries
}

/// The warnings of `entries` as [`entries`] gives them, where each is the
/// one of `previous` (the warnings of the same entries before an edit)
/// unless the question or its first asking is in an article `edited`,
/// whose questions may have moved. `None` when `previous` is not the
/// warnings of these entries.
pub(super) fn warnings_after(
    articles: &[Arc<Article>],
    entries: &[FaqEntry],
    previous: &Arc<[Arc<Diagnostic>]>,
    edited: &[usize],
) -> Option<Arc<[Arc<Diagnostic>]>> {
    let repeated: Vec<&FaqEntry> = entries.iter().filter(|e| !e.markup).collect();
    if repeated.len() != previous.len() {
        return None;
    }
    let moved = |entry: &FaqEntry| {
        let moved = |e: &FaqEntry| edited.binary_search(&e.article).is_ok();
        moved(entry) || moved(&entries[entry.first])
    };
    let changed: Vec<(usize, Diagnostic)> = (repeated.iter().enumerate())
        .filter(|(_, entry)| moved(entry))
        .map(|(i, entry)| (i, asked_again(articles, entry, &entries[entry.first])))
        .filter(|(i, warning)| *warning != *previous[*i])
        .collect();
    // Most edits (a new title, a paragraph below the questions) change
    // none; the others change a few, and the rest are shared.
    if changed.is_empty() {
        return Some(previous.clone());
    }
    let mut warnings = previous.to_vec();
    for (i, warning) in changed {
        warnings[i] = Arc::new(warning);
    }
    Some(warnings.into())
}

/// The warning for `entry`, a question asked before at `first`.
fn asked_again(articles: &[Arc<Article>], entry: &FaqEntry, first: &FaqEntry) -> Diagnostic {
    let article = &articles[entry.article];
    let question = &article.questions[entry.question];
    let other = &articles[first.article];
    let asked = other.locate(other.questions[first.question].offset);
    Diagnostic::warning(
        &article.file,
        format!(
            "the question \u{201c}{}\u{201d} is also asked in `{}`",
            question.question,
            other.file.display()
        ),
    )
    .at_origin(article.locate(question.offset))
    .with_help(format!(
        "only the first, at {}:{}, carries the FAQ structured data; link to it instead of asking again",
        asked.file.display(),
        locate(asked.text, asked.offset).0
    ))
}

fn normalize_question(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
