//! Tags and categories, and the related articles found through shared tags.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::slug::{slugify, SlugStyle};
use crate::load::Article;

/// A tag or a category, and its articles in site order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) slug: String,
    /// In site order, each once.
    pub(crate) articles: Vec<usize>,
}

/// What a kind of term is called, and the front matter key that gives it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Tag,
    Category,
}

impl Kind {
    fn names(self, article: &Article) -> Vec<&str> {
        match self {
            Kind::Tag => article.front.tags.iter().map(String::as_str).collect(),
            Kind::Category => article.front.category.as_deref().into_iter().collect(),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Tag => "tags",
            Kind::Category => "category",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Tag => "tag",
            Kind::Category => "category",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Kind::Tag => "tags",
            Kind::Category => "categories",
        }
    }
}

/// Groups articles by their tags or categories, sorted by slug. Names that
/// differ only in case or spacing are one term; different names whose
/// slugs are the same, and names with no letter or number to make a URL
/// of, are errors.
pub(super) fn terms(
    articles: &[Arc<Article>],
    kind: Kind,
    slugs: SlugStyle,
    diagnostics: &mut Diagnostics,
) -> Vec<Term> {
    // The term of each slug, and the article that first named it.
    let mut by_slug: BTreeMap<String, (Term, usize)> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for name in kind.names(article) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let slug = slugify(&name, slugs);
            if slug.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &article.file,
                        format!(
                            "the {} `{name}` has no letter or number to make its URL from",
                            kind.noun()
                        ),
                    )
                    .at_origin(article.locate(name_offset(article, kind, &name)))
                    .with_help(format!("name the {} with a word", kind.noun())),
                );
                continue;
            }
            let (term, first) = by_slug.entry(slug.clone()).or_insert_with(|| {
                let term = Term {
                    name: name.clone(),
                    slug,
                    articles: Vec::new(),
                };
                (term, i)
            });
            if !same_name(&term.name, &name) {
                let other = &articles[*first];
                // Where the other name is written, as `file:line:column`.
                let there = Diagnostic::error(&other.file, "")
                    .at_origin(other.locate(name_offset(other, kind, &term.name)))
                    .location();
                diagnostics.push(
                    Diagnostic::error(
                        &article.file,
                        format!(
                            "the {noun} `{name}` would share the page `{folder}/{slug}/` with the {noun} `{}` of `{}`",
                            term.name,
                            there,
                            noun = kind.noun(),
                            folder = kind.folder(),
                            slug = term.slug,
                        ),
                    )
                    .at_origin(article.locate(name_offset(article, kind, &name)))
                    .with_help(format!(
                        "spell both `{}` to make them one {noun}, or name them apart to give each its page",
                        term.name,
                        noun = kind.noun()
                    )),
                );
                continue;
            }
            // Articles come in order, so a repeat can only be the last one.
            if term.articles.last() != Some(&i) {
                term.articles.push(i);
            }
        }
    }
    by_slug.into_values().map(|(term, _)| term).collect()
}

/// Whether two names are the same term: the same letters, whatever their
/// case or composition.
fn same_name(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let fold = |s: &str| s.nfc().flat_map(char::to_lowercase).collect::<String>();
    a == b || fold(a) == fold(b)
}

/// Where `name` is written in the article's front matter: in its key's
/// value, or at the key when it is not found there as written.
fn name_offset(article: &Article, kind: Kind, name: &str) -> usize {
    let Some(key) = article.front_keys.get(kind.key()) else {
        return 0;
    };
    let front = article.text.get(key..article.body_offset).unwrap_or("");
    front.find(name).map_or(key, |at| key + at)
}

/// Up to three articles sharing the most tags with each article. Only the
/// articles near each one in a tag's list (in site order) are candidates,
/// so the cost grows with articles times tags, not with the square of a
/// popular tag's size.
pub(super) fn related(articles: &[Arc<Article>], tags: &[Term]) -> Vec<Vec<usize>> {
    const WINDOW: usize = 8;
    let mut shared: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); articles.len()];
    for tag in tags {
        for (p, &a) in tag.articles.iter().enumerate() {
            let near =
                &tag.articles[p.saturating_sub(WINDOW)..(p + WINDOW + 1).min(tag.articles.len())];
            for &b in near.iter().filter(|&&b| b != a) {
                *shared[a].entry(b).or_default() += 1;
            }
        }
    }
    shared
        .into_iter()
        .map(|counts| {
            let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.into_iter().take(3).map(|(i, _)| i).collect()
        })
        .collect()
}
