//! Page URLs and redirects: every article's path is unique, the home
//! page's content may come from an article, an article at the URL of a page
//! lectern generates is that page's introduction, every alias is a safe,
//! unclaimed path, and no file of the author's is published where lectern
//! writes its own.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::taxonomy::Term;
use super::urls;
use super::Site;
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

/// Of those, the folders that hold only pages lectern generates (each an
/// `index.html`): an author's files may lie beside them, and an author's
/// page at the URL of one of them is its introduction.
const PAGE_FOLDERS: &[&str] = &["faq", "tags", "categories"];

/// Whether lectern writes the site path `first` (a first segment) itself.
pub(super) fn reserved(first: &str) -> bool {
    GENERATED.iter().any(|(path, _)| *path == first)
}

/// Files of the top of `articles/` whose page is the site's home page, in
/// order of preference: a site's `index.md` (as written: a wiki may have a
/// page `INDEX.md` about something else), Hugo's and Zola's `_index.md`, a GitHub wiki's `Home.md`, a
/// repository's or a book's `README.md` (both in any letter case, as
/// GitHub and mdBook read them).
const HOME_FILES: &[&str] = &["index.md", "_index.md", "home.md", "readme.md"];

/// The article whose page is the home page, if any: the first of
/// [`HOME_FILES`] at the top of `articles/` whose front matter sets no
/// `slug`. Its page moves to the site's root.
pub(super) fn home(articles: &mut [Arc<Article>]) -> Option<usize> {
    let rank = |a: &Article| {
        if a.source.contains('/') || a.front.slug.is_some() {
            return None;
        }
        let name = match a.source.as_str() {
            "index.md" => "index.md".to_string(),
            source if source.eq_ignore_ascii_case("index.md") => return None,
            // Only a name as long as one of them can be one, lowercased.
            source if !HOME_FILES.iter().any(|home| home.len() == source.len()) => return None,
            source => source.to_lowercase(),
        };
        HOME_FILES.iter().position(|home| *home == name)
    };
    let (home, _) = articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, rank(a)?)))
        .min_by_key(|(_, rank)| *rank)?;
    if !articles[home].slug.is_empty() {
        Arc::make_mut(&mut articles[home]).slug.clear();
    }
    Some(home)
}

/// Articles whose page is at the URL of a page lectern generates (the home
/// page, `faq/`, `tags/`, a tag's or a category's page, `search/`): the
/// generated page's site path → the article, its introduction.
pub(super) fn intros(
    articles: &[Arc<Article>],
    tags: &[Term],
    categories: &[Term],
) -> HashMap<String, usize> {
    let term = |terms: &[Term], slug: &str| terms.iter().any(|t| t.slug == slug);
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| match a.slug.split_once('/') {
            None => ["", "faq", "tags", "search"].contains(&a.slug.as_str()),
            Some(("tags", slug)) => term(tags, slug),
            Some(("categories", slug)) => term(categories, slug),
            Some(_) => false,
        })
        .map(|(i, a)| (urls::page_path(&a.slug), i))
        .collect()
}

/// Every page path must be unique and none may take a file lectern writes
/// (an article may take the URL of a generated page: see [`intros`]).
pub(super) fn check(articles: &[Arc<Article>], diagnostics: &mut Diagnostics) {
    let mut taken: HashMap<&str, &Article> = HashMap::new();
    for article in articles {
        // At the `slug` key when the author chose the URL, else the file's start.
        let at = article.key_offset("slug");
        let first = article.slug.split('/').next().unwrap_or("");
        if reserved(first) && first.contains('.') {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "the URL `/{}/` would put a page inside `{first}`, a file lectern writes",
                        article.slug
                    ),
                )
                .at_origin(article.locate(at))
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
                .at_origin(article.locate(at))
                .with_help("give one of them another `slug` in its front matter"),
            );
        }
    }
}

/// Validates `aliases` and pairs each old path with its article.
pub(super) fn aliases(
    articles: &[Arc<Article>],
    diagnostics: &mut Diagnostics,
) -> Vec<(String, usize)> {
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
                Some(message) => diagnostics.push(
                    Diagnostic::error(&article.file, message).at_origin(article.locate(offset)),
                ),
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
    articles: &[Arc<Article>],
    assets: &[Asset],
    aliases: &[(String, usize)],
    (tags, categories): (&[Term], &[Term]),
    diagnostics: &mut Diagnostics,
) {
    // Site path of each file lectern writes outside its own folders → what it is.
    let mut generated: HashMap<String, String> = GENERATED
        .iter()
        .filter(|(path, _)| path.contains('.'))
        .map(|(path, what)| (path.to_string(), what.to_string()))
        .collect();
    generated.insert("faq/index.html".into(), "the FAQ index".into());
    generated.insert("tags/index.html".into(), "the tag index".into());
    for (terms, kind) in [(tags, "tag"), (categories, "category")] {
        for term in terms {
            let what = format!("the page of the {kind} \u{201c}{}\u{201d}", term.name);
            let folder = if kind == "tag" { "tags" } else { "categories" };
            generated.insert(format!("{folder}/{}/index.html", term.slug), what);
        }
    }
    for article in articles {
        let what = format!("the page of `{}`", article.file.display());
        generated.insert(
            format!("{}index.html", urls::page_path(&article.slug)),
            what,
        );
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
        let folder = GENERATED.iter().find(|(path, _)| {
            *path == first && !path.contains('.') && !PAGE_FOLDERS.contains(path)
        });
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

/// The pages after the first of each listing (`tags/x/page/2/`, at
/// `page_size` entries a page), and the `page/1/` that leads back to the
/// first, are lectern's: no article's page and no file of `articles/` may
/// take one.
pub(super) fn check_listing_pages(site: &Site, diagnostics: &mut Diagnostics) {
    use crate::render::paginate;
    // Site path of each such page → what it is.
    let mut pages: HashMap<String, String> = HashMap::new();
    for listing in site.listings() {
        let count = site.pages(listing);
        if count < 2 {
            continue;
        }
        let first = site.listing_path(listing);
        let what = site.describe(listing);
        pages.insert(
            format!("{first}page/1/"),
            format!("the way back to the first page of {what}"),
        );
        for page in 1..count {
            pages.insert(
                paginate::path(&first, page),
                format!("page {} of {what}", page + 1),
            );
        }
    }
    if pages.is_empty() {
        return;
    }
    for article in &site.articles {
        let path = urls::page_path(&article.slug);
        if let Some(what) = pages.get(&path) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!("the URL `/{path}` is already {what}"),
                )
                .at_origin(article.locate(article.key_offset("slug")))
                .with_help("rename the file or set another `slug` in the front matter"),
            );
        }
    }
    for asset in &site.assets {
        let page = asset.source.strip_suffix("index.html");
        if let Some(what) = page.and_then(|page| pages.get(page)) {
            diagnostics.push(
                Diagnostic::error(
                    &asset.file,
                    format!(
                        "`{}` would be published where lectern writes {what}",
                        asset.file.display()
                    ),
                )
                .with_help("rename the file or move it to another folder"),
            );
        }
    }
}
