//! Health-content care: a warning when an article's last review is older
//! than the site allows.

use crate::diagnostics::Diagnostic;
use crate::load::{Article, Date};

/// A warning when `last_reviewed` is more than `max_months` before `today`.
pub(super) fn check(article: &Article, max_months: u32, today: Date) -> Option<Diagnostic> {
    let reviewed = article.front.last_reviewed?;
    let age = reviewed.months_until(today);
    if age <= i64::from(max_months) {
        return None;
    }
    Some(
        Diagnostic::warning(&article.file, format!("last reviewed {age} months ago, on {reviewed}"))
            .at_origin(article.locate(article.key_offset("last_reviewed")))
            .with_help(format!(
                "have the article reviewed again and update `last_reviewed` (the limit is `review_max_age_months = {max_months}` in site.toml)"
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_only_past_the_limit_at_the_key() {
        // The title mentions the key, so searching the text would find it there.
        let text =
            "+++\ntitle = \"Why last_reviewed matters\"\nlast_reviewed = 2024-01-01\n+++\nBody.\n";
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text.into()).unwrap();
        let today = Date::parse("2026-11-24").unwrap();
        let warning = check(&article, 12, today).unwrap();
        assert_eq!(warning.location(), "articles/a.md:3:1");
        assert_eq!(
            warning.message,
            "last reviewed 34 months ago, on 2024-01-01"
        );
        assert!(check(&article, 36, today).is_none());
    }
}
