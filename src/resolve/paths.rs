//! Page URLs and redirects: every article's path is unique, none takes a
//! path lectern writes itself, and every alias is a safe, unclaimed path.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{slug, Article};

/// Site paths the generator itself writes; no article may take them.
pub(crate) const RESERVED: &[&str] = &[
    "faq",
    "tags",
    "categories",
    "static",
    "search",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
];

/// Every page path must be unique and none may take a reserved path.
pub(super) fn check(articles: &[Article], diagnostics: &mut Diagnostics) {
    let mut taken: HashMap<&str, &Article> = HashMap::new();
    for article in articles {
        // At the `slug` key when the author chose the URL, else the file's start.
        let at = article.key_offset("slug");
        let first = article.slug.split('/').next().unwrap_or("");
        if RESERVED.contains(&first) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "the URL `/{}/` is reserved for lectern's own pages",
                        article.slug
                    ),
                )
                .at(&article.text, at)
                .with_help("rename the file or set another `slug` in the front matter"),
            );
        }
        if let Some(other) = taken.insert(&article.slug, article) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "this article and `{}` both have the URL `/{}/`",
                        other.file.display(),
                        article.slug
                    ),
                )
                .at(&article.text, at)
                .with_help("give one of them another `slug` in its front matter"),
            );
        }
    }
}

/// Validates `aliases` and pairs each old path with its article.
pub(super) fn aliases(articles: &[Article], diagnostics: &mut Diagnostics) -> Vec<(String, usize)> {
    let pages: HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for alias in &article.front.aliases {
            let offset = article.front_keys.value(&article.text, alias);
            let path = alias
                .get_ref()
                .trim()
                .trim_matches('/')
                .trim_end_matches("index.html")
                .trim_matches('/')
                .to_string();
            let problem = if path.is_empty() {
                Some("an alias cannot be the home page".to_string())
            } else if let Err(message) = slug::check_slug(&path) {
                Some(message.replace("the slug", "the alias"))
            } else if pages.contains(path.as_str())
                || RESERVED.contains(&path.split('/').next().unwrap_or(""))
            {
                Some(format!("the alias `/{path}/` is already the URL of a page"))
            } else {
                seen.get(&path).map(|other| {
                    format!(
                        "the alias `/{path}/` is also claimed by `{}`",
                        articles[*other].file.display()
                    )
                })
            };
            match problem {
                Some(message) => diagnostics
                    .push(Diagnostic::error(&article.file, message).at(&article.text, offset)),
                None => {
                    seen.insert(path.clone(), i);
                    // `/old/page.html` stays a file; `/old/name/` becomes a folder.
                    let file = if path.ends_with(".html") {
                        path.clone()
                    } else {
                        format!("{path}/index.html")
                    };
                    out.push((file, i));
                }
            }
        }
    }
    out.sort();
    out
}
