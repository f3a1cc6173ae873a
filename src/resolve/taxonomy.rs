//! Tags and categories, and the related articles found through shared tags.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::load::slug::slugify;
use crate::load::Article;

/// A tag or a category, and its articles in site order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) slug: String,
    /// In site order, each once.
    pub(crate) articles: Vec<usize>,
}

/// Groups articles by the names `names` gives them, sorted by slug.
pub(super) fn terms(
    articles: &[Arc<Article>],
    names: impl Fn(&Article) -> Vec<String>,
) -> Vec<Term> {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for name in names(article) {
            let slug = slugify(&name);
            if slug.is_empty() {
                continue;
            }
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: name.trim().to_string(),
                slug,
                articles: Vec::new(),
            });
            // Articles come in order, so a repeat can only be the last one.
            if term.articles.last() != Some(&i) {
                term.articles.push(i);
            }
        }
    }
    by_slug.into_values().collect()
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
