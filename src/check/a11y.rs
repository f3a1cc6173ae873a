//! Accessibility checks on an article's Markdown, reported as warnings
//! (`lectern check --strict` makes them errors): images without alt text,
//! links without text, skipped heading levels and a second `h1`.

use crate::diagnostics::Diagnostic;
use crate::load::Article;

/// The accessibility problems of one article; `raw_html` tells whether its
/// raw HTML is part of the page (`allow_html`).
pub(super) fn check(article: &Article, raw_html: bool) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let warn = |offset: usize, message: &str, help: &str| {
        Diagnostic::warning(&article.file, message)
            .at_origin(article.locate(offset))
            .with_help(help)
    };
    for link in &article.links {
        if let Some(html) = link.html {
            // Raw HTML: an `<img>` needs its `alt` (empty for decoration);
            // the text of its links is not tracked.
            if raw_html && html == ("img", "src") && link.text.is_empty() && !link.decorative {
                problems.push(warn(
                    link.offset,
                    "image without alt text",
                    "describe the image in an `alt` attribute: <img src=\"file.png\" alt=\"what the image shows\">, or write alt=\"\" for an image that is only decoration",
                ));
            }
        } else if link.image && link.text.is_empty() {
            problems.push(warn(
                link.offset,
                "image without alt text",
                "describe the image in the brackets: ![what the image shows](file.png)",
            ));
        } else if !link.image && link.text.is_empty() {
            problems.push(warn(
                link.offset,
                "link without text",
                "screen readers announce it as just \"link\"; put words in the brackets",
            ));
        }
    }
    // The page title is the h1, so the body's headings start at h2.
    let mut previous = 1;
    for heading in &article.headings {
        if heading.level == 1 {
            problems.push(warn(
                heading.offset,
                "a second level-1 heading (the title is the page's h1)",
                "use `##` for sections",
            ));
        } else if heading.level > previous + 1 {
            problems.push(warn(
                heading.offset,
                &format!(
                    "heading level skipped: h{} follows h{previous}",
                    heading.level
                ),
                &format!(
                    "use `{}` here, or add the missing level above",
                    "#".repeat(previous as usize + 1)
                ),
            ));
        }
        previous = heading.level;
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(body: &str) -> Vec<String> {
        let text = format!("+++\ntitle = \"T\"\n+++\n{body}");
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text).unwrap();
        check(&article, true)
            .into_iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn finds_each_problem_at_its_line() {
        assert_eq!(
            problems("![](x.png)\n\n[](y.md)\n\n# Again\n\n## Fine\n\n#### Skipped\n"),
            [
                "articles/a.md:4:1: image without alt text",
                "articles/a.md:6:1: link without text",
                "articles/a.md:8:1: a second level-1 heading (the title is the page's h1)",
                "articles/a.md:12:1: heading level skipped: h4 follows h2",
            ]
        );
    }

    #[test]
    fn raw_html_images_need_alt_text() {
        let body = "<p><img src=\"x.png\"> <img src=\"y.png\" alt=\"A chart\">\n<a href=\"b.md\"><img src=\"z.png\" alt=\"Next\"></a> <img src=\"line.svg\" alt=\"\"></p>\n";
        assert_eq!(
            problems(body),
            ["articles/a.md:4:14: image without alt text"]
        );
        let text = format!("+++\ntitle = \"T\"\n+++\n{body}");
        let article = Article::parse("articles/a.md".into(), "a.md".into(), text).unwrap();
        assert!(check(&article, false).is_empty());
    }

    #[test]
    fn a_clean_article_has_none() {
        assert!(
            problems("## One\n\n### Two\n\n![a figure](x.png) [text](y.md)\n\n## Three\n")
                .is_empty()
        );
    }
}
