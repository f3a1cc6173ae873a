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
    let mut problems = Vec::new();
    if config.base_url.is_empty() {
        problems.push(
            Diagnostic::warning("site.toml", "`base_url` is not set, so sitemap.xml, robots.txt, atom.xml and canonical links are left out")
                .with_help("set `base_url = \"https://example.org/\"` in site.toml, or pass `--base-url`"),
        );
    }
    let today = Date::today();
    let language = crate::load::i18n::primary(&config.language);
    for article in articles {
        problems.extend(reading::check(article, &language, config.max_reading_grade));
        problems.extend(a11y::check(article, config.allow_html));
        problems.extend(review::check(article, config.review_max_age_months, today));
    }
    problems
}
