//! The lints: problems worth a warning that do not stop a build
//! (`lectern check --strict` makes them errors). They read the loaded
//! articles and settings and hand back diagnostics; nothing else.

mod a11y;
pub(crate) mod prose;
mod readability;
mod reading;
pub(crate) mod report;
mod review;
mod syllables;

use crate::diagnostics::Diagnostic;
use crate::load::{Article, Date, SiteConfig};
use std::sync::Arc;

/// Every lint of the site.
pub(crate) fn site(config: &SiteConfig, articles: &[Arc<Article>]) -> Vec<Diagnostic> {
    site_reusing(config, articles, &mut Lints::default())
}

/// The lints of each article, kept for the next build: an article that
/// is the same (not only equal) keeps its warnings when the settings the
/// lints read and the day are the same too.
#[derive(Default)]
pub(crate) struct Lints {
    settings: Option<Settings>,
    /// In the order of the articles linted; holding each article keeps
    /// its address from being reused by another.
    by_article: Vec<(Arc<Article>, Vec<Diagnostic>)>,
}

/// What the lints read besides the article.
#[derive(PartialEq)]
struct Settings {
    language: String,
    max_reading_grade: Option<f64>,
    allow_html: bool,
    review_max_age_months: u32,
    today: Date,
}

/// [`site`], linting again only the articles that `kept` does not hold,
/// and keeping what it finds for the next build in `kept`.
pub(crate) fn site_reusing(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    kept: &mut Lints,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if config.base_url.is_empty() {
        problems.push(
            Diagnostic::warning("site.toml", "`base_url` is not set, so sitemap.xml, robots.txt, atom.xml and canonical links are left out")
                .with_help("set `base_url = \"https://example.org/\"` in site.toml, or pass `--base-url`"),
        );
    }
    let settings = Settings {
        language: crate::load::i18n::primary(&config.language),
        max_reading_grade: config.max_reading_grade,
        allow_html: config.allow_html,
        review_max_age_months: config.review_max_age_months,
        today: Date::today(),
    };
    let mut previous: Vec<Option<(Arc<Article>, Vec<Diagnostic>)>> =
        match kept.settings.as_ref() == Some(&settings) {
            true => std::mem::take(&mut kept.by_article)
                .into_iter()
                .map(Some)
                .collect(),
            false => Vec::new(),
        };
    // An article kept is most often at its last place: only when one is
    // not are the others looked up by address.
    let mut elsewhere: Option<rustc_hash::FxHashMap<usize, usize>> = None;
    let mut by_article = Vec::with_capacity(articles.len());
    for (i, article) in articles.iter().enumerate() {
        let same = |entry: &Option<(Arc<Article>, _)>| {
            entry.as_ref().is_some_and(|(a, _)| Arc::ptr_eq(a, article))
        };
        let at = match previous.get(i).is_some_and(same) {
            true => Some(i),
            false => {
                let places = elsewhere.get_or_insert_with(|| {
                    (previous.iter().enumerate())
                        .filter_map(|(at, entry)| {
                            Some((Arc::as_ptr(&entry.as_ref()?.0) as usize, at))
                        })
                        .collect()
                });
                places.get(&(Arc::as_ptr(article) as usize)).copied()
            }
        };
        let entry = match at.and_then(|at| previous[at].take()) {
            Some(entry) => entry,
            None => {
                let mut found = Vec::new();
                found.extend(reading::check(
                    article,
                    &settings.language,
                    settings.max_reading_grade,
                ));
                found.extend(a11y::check(article, settings.allow_html));
                found.extend(review::check(
                    article,
                    settings.review_max_age_months,
                    settings.today,
                ));
                (article.clone(), found)
            }
        };
        problems.extend(entry.1.iter().cloned());
        by_article.push(entry);
    }
    kept.by_article = by_article;
    kept.settings = Some(settings);
    problems
}
