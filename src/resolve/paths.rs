//! Page URLs and redirects: every article's path is unique, none takes a
//! path lectern writes itself, every alias is a safe, unclaimed path, and
//! no file of the author's is published where lectern writes its own.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{slug, Article, Asset};

/// Site paths the generator itself writes, and what it writes there: no
/// article may take them, and no file of the author's may lie there. The
/// folders hold the pages and files named after them.
const GENERATED: &[(&str, &str)] = &[
    ("faq", "the FAQ index"),
    ("tags", "the tag pages"),
    ("categories", "the category pages"),
    ("static", "the theme's files"),
    ("search", "the search page and its index"),
    ("index.html", "the home page"),
    ("404.html", "the page shown for missing pages (`404.html`)"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "its own `robots.txt`"),
    ("atom.xml", "the feed"),
];

/// Whether lectern writes the site path `first` (a first segment) itself.
fn reserved(first: &str) -> bool {
    GENERATED.iter().any(|(path, _)| *path == first)
}

/// Every page path must be unique and none may take a reserved path.
pub(super) fn check(articles: &[Article], diagnostics: &mut Diagnostics) {
    let mut taken: HashMap<&str, &Article> = HashMap::new();
    for article in articles {
        // At the `slug` key when the author chose the URL, else the file's start.
        let at = article.key_offset("slug");
        let first = article.slug.split('/').next().unwrap_or("");
        if reserved(first) {
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
                || reserved(path.split('/').next().unwrap_or(""))
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

/// Every file copied from `articles/` must have its site path to itself:
/// not a path lectern writes (a page, a redirect, the sitemap), not inside
/// one of its folders (`faq/`), not a folder of its pages (`guide` beside
/// `guide/index.html`), not inside one of its files.
pub(super) fn check_assets(
    articles: &[Article],
    assets: &[Asset],
    aliases: &[(String, usize)],
    diagnostics: &mut Diagnostics,
) {
    // Site path of each file lectern writes outside its own folders → what it is.
    let mut generated: HashMap<String, String> = GENERATED
        .iter()
        .filter(|(path, _)| path.contains('.'))
        .map(|(path, what)| (path.to_string(), what.to_string()))
        .collect();
    for article in articles {
        let what = format!("the page of `{}`", article.file.display());
        generated.insert(format!("{}/index.html", article.slug), what);
    }
    for (file, article) in aliases {
        let old = file.strip_suffix("index.html").unwrap_or(file);
        let what = format!(
            "the redirect from `/{old}`, an alias of `{}`",
            articles[*article].file.display()
        );
        generated.insert(file.clone(), what);
    }
    // Each folder those files are in → one of them.
    let mut folders: HashMap<&str, &str> = HashMap::new();
    for file in generated.keys() {
        for (at, _) in file.match_indices('/') {
            folders.entry(&file[..at]).or_insert(file);
        }
    }

    for asset in assets {
        let source = asset.source.as_str();
        let first = source.split('/').next().unwrap_or(source);
        let folder = GENERATED
            .iter()
            .find(|(path, _)| *path == first && !path.contains('.'));
        let problem = if let Some((path, what)) = folder {
            Some(match source == first {
                true => format!("at `{path}`, the folder where lectern writes {what}"),
                false => format!("under `{path}/`, where lectern writes {what}"),
            })
        } else if let Some(what) = generated.get(source) {
            Some(format!("at `{source}`, where lectern writes {what}"))
        } else if let Some(file) = folders.get(source) {
            Some(format!(
                "at `{source}`, the folder where lectern writes {} (`{file}`)",
                generated[*file]
            ))
        } else {
            source
                .match_indices('/')
                .find_map(|(at, _)| generated.get_key_value(&source[..at]))
                .map(|(file, what)| format!("under `{file}`, where lectern writes {what}"))
        };
        if let Some(problem) = problem {
            let file = &asset.file;
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("`{}` would be published {problem}", file.display()),
                )
                .with_help("rename the file or move it to another folder"),
            );
        }
    }
}
