//! Health-content care: a warning when an article's last review is older
//! than the site allows.

use crate::article::Article;
use crate::diagnostics::Diagnostic;

/// A warning when `last_reviewed` is more than `max_months` before `today`.
pub fn check(article: &Article, max_months: u32, today: &str) -> Option<Diagnostic> {
    let reviewed = article.front.last_reviewed.as_deref()?;
    let age = months_between(reviewed, today)?;
    if age <= i64::from(max_months) {
        return None;
    }
    let offset = article.text.find("last_reviewed").unwrap_or(0);
    Some(
        Diagnostic::warning(&article.file, format!("last reviewed {age} months ago, on {reviewed}"))
            .at(&article.text, offset)
            .with_help(format!(
                "have the article reviewed again and update `last_reviewed` (the limit is `review_max_age_months = {max_months}` in site.toml)"
            )),
    )
}

/// Whole months from `from` to `to`, both `YYYY-MM-DD...`.
fn months_between(from: &str, to: &str) -> Option<i64> {
    let parse = |d: &str| -> Option<(i64, i64, i64)> {
        let mut parts = d.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
        Some((parts.next()??, parts.next()??, parts.next()??))
    };
    let (y0, m0, d0) = parse(from)?;
    let (y1, m1, d1) = parse(to)?;
    Some((y1 - y0) * 12 + (m1 - m0) - i64::from(d1 < d0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_whole_months() {
        assert_eq!(months_between("2025-11-24", "2026-11-24"), Some(12));
        assert_eq!(months_between("2025-11-25", "2026-11-24"), Some(11));
        assert_eq!(months_between("2024-01-01", "2026-11-24"), Some(34));
    }

    #[test]
    fn warns_only_past_the_limit() {
        let text = "+++\ntitle = \"T\"\nlast_reviewed = 2024-01-01\n+++\nBody.\n";
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text.into()).unwrap();
        let warning = check(&article, 12, "2026-11-24").unwrap();
        assert_eq!(warning.location(), "articles/a.md:3:1");
        assert_eq!(
            warning.message,
            "last reviewed 34 months ago, on 2024-01-01"
        );
        assert!(check(&article, 36, "2026-11-24").is_none());
    }
}
