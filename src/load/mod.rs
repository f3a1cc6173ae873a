//! The load stage: reads `site.toml`, the theme and every article under
//! `articles/` (in parallel), each on its own, with no knowledge of the rest
//! of the site. Hands on the settings, the [`Theme`] and the [`Loaded`]
//! articles and assets; problems become diagnostics with file, line and
//! column.

pub(crate) mod admonition;
mod article;
mod autolink;
pub(crate) mod config;
mod date;
mod foreign;
pub(crate) mod frontmatter;
pub(crate) mod git;
pub(crate) mod i18n;
pub(crate) mod image;
mod include;
pub(crate) mod languages;
pub(crate) mod markdown;
pub(crate) mod raw_html;
pub(crate) mod slug;
pub mod summary;
mod theme;
mod walk;
mod yaml;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics};

pub use article::Article;
pub(crate) use article::{derived_slug, file_title, Heading, Link, Question};
pub(crate) use config::content_path;
pub use config::{LinkStyle, SiteConfig};
pub(crate) use date::Date;
pub use slug::SlugStyle;
pub use summary::Summary;
pub use theme::Theme;
pub(crate) use theme::{
    default_static, default_templates, render_error, ParsedTemplates, LIVE_RELOAD,
};

/// Everything found under `articles/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Published articles (and drafts, when asked for).
    pub articles: Vec<Arc<Article>>,
    /// Sources of drafts left out, so links to them are explained.
    pub drafts: Vec<String>,
    /// Sources of articles that could not be read or parsed (their errors
    /// are in `diagnostics`), so links to them are not reported as missing.
    pub failed: Vec<String>,
    /// Those of them whose body could be read despite their error (in
    /// their front matter, say), so their links are checked too; never
    /// published.
    pub failed_articles: Vec<Article>,
    /// Files that are not articles, as paths inside `articles/`, copied as they are.
    pub assets: Vec<Asset>,
    /// `articles/SUMMARY.md` as read, when the site has one: the chapters of
    /// a book, their titles, order and nesting. Not a page.
    pub summary: Option<Summary>,
    /// A GitHub wiki's `_Sidebar.md` and `_Footer.md` files: neither pages
    /// nor copied, kept for navigation.
    pub wiki_parts: Vec<Asset>,
    pub diagnostics: Diagnostics,
    /// Front matter keys that mean nothing, as errors, kept apart until the
    /// site's `unknown_front_matter` says whether they are warnings.
    pub unknown_keys: Vec<Diagnostic>,
    /// Known from the walk: no Markdown file is named like a translation
    /// (`b.fr.md`), so the articles need not be looked through for one
    /// after every edit. `false` when not known.
    pub no_language_names: bool,
}

impl Loaded {
    /// The unknown front matter keys, as `site.toml` asks them reported.
    pub(crate) fn take_unknown_keys(&mut self, config: Option<&SiteConfig>) -> Vec<Diagnostic> {
        let warn = config.is_some_and(|c| c.unknown_front_matter == config::Unknown::Warn);
        let mut problems = std::mem::take(&mut self.unknown_keys);
        if warn {
            for problem in &mut problems {
                problem.severity = crate::diagnostics::Severity::Warning;
            }
        }
        problems
    }
}

/// A file beside the articles (an image, a PDF), copied to the output.
/// A site's assets are in the order of their `source`.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Inside `articles/`, with `/` separators.
    pub source: String,
    pub path: PathBuf,
    /// The file as the author knows it (`articles/images/a.png`).
    pub file: PathBuf,
    /// What image it is, for a file named as one.
    pub(crate) image: Option<image::ImageInfo>,
}

/// Last commit dates of the articles, by path inside the articles' folder.
pub(crate) type CommitDates = HashMap<String, Date>;

/// Loads every article under `root/content` (the folder `site.toml`
/// names, `articles` by default), dated by `committed` where they have no
/// `updated`.
pub(crate) fn load(
    root: &Path,
    content: &str,
    slugs: SlugStyle,
    drafts: bool,
    committed: &CommitDates,
) -> Loaded {
    load_with(root, content, slugs, drafts, committed, None)
}

/// What `serve` keeps between loads: the parsed articles by path (a file
/// whose size and modification time did not change is not read again),
/// and what the last walk of the articles' folder found.
#[derive(Debug, Default)]
pub(crate) struct ArticleCache {
    articles: HashMap<PathBuf, Arc<Cached>>,
    /// What the last walk found, shared with the loads that reuse it.
    found: Option<Arc<Found>>,
    /// The articles of the last load, in the order of `found.markdown`,
    /// so a load of a few edited files finds the others without lookups.
    last: Vec<Arc<Cached>>,
    /// The style the cached articles' slugs were made in.
    slugs: SlugStyle,
}

/// The files a walk of the articles' folder found.
#[derive(Debug, Clone, Default)]
struct Found {
    /// The folder walked.
    content: String,
    /// Articles: (path, source).
    markdown: Vec<(PathBuf, String)>,
    assets: Vec<Asset>,
    wiki_parts: Vec<Asset>,
    summary: Option<PathBuf>,
    problems: Vec<Diagnostic>,
    /// Whether a file of `markdown` is named like a translation (`b.fr.md`).
    language_names: bool,
    /// Each article's place in `markdown` by source, made when an edit
    /// first asks.
    places: std::sync::OnceLock<rustc_hash::FxHashMap<Box<str>, usize>>,
}

/// One article as parsed, and the file state it was parsed from.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    source: String,
    modified: Option<SystemTime>,
    len: u64,
    /// Shared with the builds that use it, so reusing it costs nothing.
    result: Result<Arc<Article>, Diagnostic>,
    /// The files its includes read: a change to any makes it stale.
    includes: Vec<include::Dependency>,
    /// What could be read of it when it failed, for its links.
    scanned: Option<Article>,
    /// Read, not a draft, with no warning nor unknown key: all a load takes
    /// of it is the article, without looking into it.
    quiet: bool,
}

/// Every file (absolute) the cached articles include, whatever folder it
/// is in: editing one changes its articles.
pub(crate) fn included_files(cache: &ArticleCache) -> impl Iterator<Item = &Path> {
    (cache.articles.values()).flat_map(|cached| cached.includes.iter().map(|d| d.path.as_path()))
}

/// Like [`load`], reusing and updating `cache`. `edited`, when known, are
/// all the files changed since the last load (relative to `root`): when
/// they are articles that were there, the folder is not walked again and
/// only they are read.
pub(crate) fn load_cached(
    root: &Path,
    content: &str,
    slugs: SlugStyle,
    drafts: bool,
    committed: &CommitDates,
    cache: &mut ArticleCache,
    edited: Option<&[PathBuf]>,
) -> Loaded {
    if cache.slugs != slugs {
        cache.articles.clear();
        cache.last.clear();
        cache.slugs = slugs;
    }
    load_with(
        root,
        content,
        slugs,
        drafts,
        committed,
        Some((cache, edited)),
    )
}

fn load_with(
    root: &Path,
    content: &str,
    slugs: SlugStyle,
    drafts: bool,
    committed: &CommitDates,
    cache: Option<(&mut ArticleCache, Option<&[PathBuf]>)>,
) -> Loaded {
    let (mut cache, edited) = cache.unzip();
    let edited = edited.flatten();
    let mut loaded = Loaded::default();
    if !root.join(content).is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error(content, format!("there is no `{content}/` folder"))
                .with_help(format!("create `{content}/` and put one Markdown file per article in it (`lectern new \"Title\"`), or name the folder that holds them with `content = \"...\"` in `site.toml`")),
        );
        return loaded;
    }

    let project = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let last_walk = cache.as_deref().and_then(|c| c.found.clone());
    // Articles known to be as they were: all but those edited, when only
    // articles that were there were.
    let (found, unchanged) = match (last_walk.as_deref())
        .and_then(|found| Some((found, edits_of(found, content, edited?)?)))
    {
        Some((_, edits)) => (last_walk.unwrap_or_default(), Some(edits)),
        None => (Arc::new(walk(root, content)), None),
    };
    let Found {
        markdown,
        assets,
        wiki_parts,
        summary: summary_file,
        problems,
        language_names,
        ..
    } = &*found;
    loaded.no_language_names = !language_names;
    loaded.assets = assets.clone();
    loaded.wiki_parts = wiki_parts.clone();
    loaded.diagnostics.extend(problems.iter().cloned());
    if let Some(path) = summary_file {
        let sources: BTreeSet<&str> = markdown.iter().map(|(_, s)| s.as_str()).collect();
        loaded.summary = read_summary(root, path, &sources, &mut loaded.diagnostics);
    }
    let summary_titles: HashMap<&str, &str> = loaded
        .summary
        .iter()
        .flat_map(|s| s.entries.iter().rev())
        .filter_map(|e| Some((e.source.as_deref()?, e.title.as_str())))
        .collect();

    // Unchanged files keep their parsed article; the rest are read again.
    // The last load's articles are in the walk's order, which is kept: with
    // known edits this is the last load's walk, so its `i`th article is
    // this `i`th file, without comparing their names (10,000 strings apart
    // in memory on a large site, after every edit).
    // Taken rather than copied: the references of a hundred thousand
    // articles are each a write far away in memory.
    let last = match (cache.as_deref_mut(), &unchanged) {
        (Some(cache), Some(_)) if cache.last.len() == markdown.len() => {
            std::mem::take(&mut cache.last)
        }
        _ => Vec::new(),
    };
    let mut results: Vec<Option<Arc<Cached>>> = Vec::with_capacity(markdown.len());
    let mut stale = Vec::new();
    let mut last = last.into_iter();
    for (i, (path, source)) in markdown.iter().enumerate() {
        let kept = last.next();
        let known = match unchanged.as_ref().filter(|edits| !edits.contains(&i)) {
            None => None,
            Some(_) if kept.is_some() => kept,
            Some(_) => cache.as_deref().and_then(|c| c.articles.get(path)).cloned(),
        };
        if let Some(cached) = known {
            debug_assert_eq!(&cached.source, source);
            results.push(Some(cached));
            continue;
        }
        let metadata = std::fs::metadata(path).ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let len = metadata.map_or(0, |m| m.len());
        match cache.as_deref().and_then(|cache| cache.articles.get(path)) {
            Some(cached)
                if modified.is_some()
                    && cached.modified == modified
                    && cached.len == len
                    && !cached.includes.iter().any(include::Dependency::changed) =>
            {
                results.push(Some(cached.clone()))
            }
            _ => {
                stale.push((i, path.clone(), source.clone(), modified, len));
                results.push(None);
            }
        }
    }
    let fresh: Vec<(usize, PathBuf, Arc<Cached>)> = stale
        .into_par_iter()
        .map(|(i, path, source, modified, len)| {
            let mut includes = include::Includes::new(&project, &path);
            let result =
                read_article(root, &mut includes, &path, source.clone(), slugs).map(|mut a| {
                    a.committed = committed.get(&source).copied();
                    Arc::new(a)
                });
            let includes = includes.read;
            let scanned = match result {
                Ok(_) => None,
                Err(_) => read_body_only(root, &path, &source, slugs),
            };
            let quiet = result.as_ref().is_ok_and(|a| {
                !a.front.draft && a.unknown_keys.is_empty() && a.warnings().is_empty()
            });
            let cached = Cached {
                source,
                modified,
                len,
                result,
                includes,
                scanned,
                quiet,
            };
            (i, path, Arc::new(cached))
        })
        .collect();
    for (i, path, cached) in fresh {
        results[i] = Some(cached.clone());
        if let Some(cache) = cache.as_deref_mut() {
            cache.articles.insert(path, cached);
        }
    }
    // Every file was either known or read.
    let results: Vec<Arc<Cached>> = results.into_iter().flatten().collect();
    if let Some(cache) = cache.as_deref_mut() {
        // Files gone since the last build leave the cache.
        if unchanged.is_none() {
            let listed: HashSet<&Path> = markdown.iter().map(|(path, _)| path.as_path()).collect();
            cache
                .articles
                .retain(|path, _| listed.contains(path.as_path()));
        }
        cache.found = Some(found.clone());
    }
    let mut warnings = Vec::new();
    for cached in &results {
        // Most articles, after every edit: each looked into costs a read
        // from far away in memory.
        if let (true, Ok(article)) = (cached.quiet && summary_titles.is_empty(), &cached.result) {
            loaded.articles.push(article.clone());
            continue;
        }
        if let Ok(article) = &cached.result {
            loaded
                .unknown_keys
                .extend(article.unknown_keys.iter().cloned());
        }
        match cached.result.clone() {
            Ok(article) if article.front.draft && !drafts => {
                loaded.drafts.push(article.source.clone())
            }
            Ok(mut article) => {
                if let Some(title) = summary_titles.get(article.source.as_str()) {
                    if article.summary_title_changes(title) {
                        Arc::make_mut(&mut article).set_summary_title(title);
                    }
                }
                warnings.extend(article.warnings());
                loaded.articles.push(article);
            }
            Err(d) => {
                loaded.failed.push(cached.source.clone());
                loaded.failed_articles.extend(cached.scanned.clone());
                loaded.diagnostics.push(d);
            }
        }
    }
    loaded.diagnostics.extend(warnings);
    if let Some(cache) = cache {
        cache.last = results;
    }
    loaded
}

/// Walks the articles' folder `content`.
fn walk(root: &Path, content: &str) -> Found {
    let mut found = Found {
        content: content.to_string(),
        ..Found::default()
    };
    for (source, path) in walk::source_files(root, content, &mut found.problems) {
        if !source.ends_with(".md") {
            let file = display_path(root, &path);
            found.assets.push(Asset {
                source,
                path,
                file,
                image: None,
            });
            continue;
        }
        match walk::markdown_kind(&source) {
            walk::Markdown::Page => found.markdown.push((path, source)),
            walk::Markdown::Summary => found.summary = Some(path),
            walk::Markdown::WikiPart => {
                let file = display_path(root, &path);
                found.wiki_parts.push(Asset {
                    source,
                    path,
                    file,
                    image: None,
                })
            }
        }
    }
    found.language_names = (found.markdown.iter()).any(|(_, s)| languages::names_a_language(s));
    // By source, for lookups from links.
    found.assets.sort_by(|a, b| a.source.cmp(&b.source));
    // Headers only: a few reads per image, in parallel.
    (found.assets.par_iter_mut()).for_each(|asset| asset.image = image::probe(&asset.path));
    found
}

/// Where the `edited` files (relative to the site's root) are in `found`'s
/// articles, when every one is an article `found` by the last walk of
/// `content` and is still there.
fn edits_of(
    found: &Found,
    content: &str,
    edited: &[PathBuf],
) -> Option<rustc_hash::FxHashSet<usize>> {
    if found.content != content {
        return None;
    }
    let mut edits = rustc_hash::FxHashSet::default();
    for path in edited {
        let inside = match content {
            "." => path.as_path(),
            content => path.strip_prefix(content).ok()?,
        };
        let source = inside.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
        let places = found.places.get_or_init(|| {
            (found.markdown.iter().enumerate())
                .map(|(at, (_, source))| (source.as_str().into(), at))
                .collect()
        });
        let &at = places.get(source.as_str())?;
        if !found.markdown[at].0.is_file() {
            return None;
        }
        edits.insert(at);
    }
    Some(edits)
}

/// Reads `SUMMARY.md` at `path`; `sources` are the site's Markdown files.
fn read_summary(
    root: &Path,
    path: &Path,
    sources: &BTreeSet<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Summary> {
    let file = display_path(root, path);
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (summary, problems) = summary::parse(&file, &text, sources);
            diagnostics.extend(problems);
            Some(summary)
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                &file,
                format!("cannot read `SUMMARY.md`: {e}"),
            ));
            None
        }
    }
}

fn read_article(
    root: &Path,
    includes: &mut include::Includes<'_>,
    path: &Path,
    source: String,
    slugs: SlugStyle,
) -> Result<Article, Diagnostic> {
    let file = display_path(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&file, format!("cannot read the article: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let mut d = Diagnostic::error(
            &file,
            format!("the file is not valid UTF-8 (invalid byte at offset {offset})"),
        )
        .at(&valid, offset)
        .with_help("save the file as UTF-8");
        d.snippet = None;
        d
    })?;
    Article::parse_in(Some(includes), file, source, text, slugs)
}

/// The body of an article that failed to load, read on its own so its
/// links are checked all the same.
fn read_body_only(root: &Path, path: &Path, source: &str, slugs: SlugStyle) -> Option<Article> {
    let text = std::fs::read_to_string(path).ok()?;
    Article::parse_body_only(display_path(root, path), source.to_string(), text, slugs)
}

/// Hidden files, editor swap files and backups are never content.
pub(crate) fn ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.md", "a.md~", ".a.md.swp", "#a.md#", ".hidden"] {
            assert!(ignored(name.as_ref()), "{name}");
        }
        assert!(!ignored("a.md".as_ref()));
    }
}
