//! The load stage: reads `site.toml`, the theme and every article under
//! `articles/` (in parallel), each on its own, with no knowledge of the rest
//! of the site. Hands on the settings, the [`Theme`] and the [`Loaded`]
//! articles and assets; problems become diagnostics with file, line and
//! column.

mod article;
mod autolink;
pub(crate) mod config;
mod date;
pub(crate) mod frontmatter;
pub(crate) mod git;
pub(crate) mod markdown;
pub(crate) mod slug;
mod theme;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics};

pub use article::Article;
pub(crate) use article::{Heading, Link};
pub use config::{LinkStyle, SiteConfig};
pub(crate) use date::Date;
pub use theme::Theme;
pub(crate) use theme::{default_static, default_templates, render_error, LIVE_RELOAD};

/// Everything found under `articles/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Published articles (and drafts, when asked for).
    pub articles: Vec<Article>,
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
    pub diagnostics: Diagnostics,
}

/// A file beside the articles (an image, a PDF), copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Inside `articles/`, with `/` separators.
    pub source: String,
    pub path: PathBuf,
}

/// Loads every article under `root/articles`.
pub(crate) fn load(root: &Path, drafts: bool) -> Loaded {
    load_with(root, drafts, None)
}

/// Parsed articles kept between builds (by `serve`), by path; a file whose
/// size and modification time did not change is not read again.
pub(crate) type ArticleCache = HashMap<PathBuf, Cached>;

/// One article as parsed, and the file state it was parsed from.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    source: String,
    modified: Option<SystemTime>,
    len: u64,
    result: Result<Article, Diagnostic>,
    /// What could be read of it when it failed, for its links.
    scanned: Option<Article>,
}

/// Like [`load`], reusing and updating `cache`.
pub(crate) fn load_cached(root: &Path, drafts: bool, cache: &mut ArticleCache) -> Loaded {
    load_with(root, drafts, Some(cache))
}

fn load_with(root: &Path, drafts: bool, mut cache: Option<&mut ArticleCache>) -> Loaded {
    let dir = root.join("articles");
    let mut loaded = Loaded::default();
    if !dir.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error("articles", "there is no `articles/` folder")
                .with_help("create `articles/` and put one Markdown file per article in it (`lectern new \"Title\"`)"),
        );
        return loaded;
    }

    let mut markdown = Vec::new();
    let mut problems = Vec::new();
    for (source, path) in walk::source_files(root, "articles", &mut problems) {
        if source.ends_with(".md") {
            markdown.push((path, source));
        } else {
            loaded.assets.push(Asset { source, path });
        }
    }
    loaded.diagnostics.extend(problems);

    // Unchanged files keep their parsed article; the rest are read again.
    let mut previous = cache.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let mut reused = Vec::new();
    let mut stale = Vec::new();
    for (path, source) in markdown {
        let metadata = std::fs::metadata(&path).ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let len = metadata.map_or(0, |m| m.len());
        match previous.remove(&path) {
            Some(cached)
                if modified.is_some() && cached.modified == modified && cached.len == len =>
            {
                reused.push((path, cached))
            }
            _ => stale.push((path, source, modified, len)),
        }
    }
    let fresh: Vec<(PathBuf, Cached)> = stale
        .into_par_iter()
        .map(|(path, source, modified, len)| {
            let result = read_article(root, path.clone(), source.clone());
            let scanned = match result {
                Ok(_) => None,
                Err(_) => read_body_only(root, &path, &source),
            };
            (
                path,
                Cached {
                    source,
                    modified,
                    len,
                    result,
                    scanned,
                },
            )
        })
        .collect();
    let mut results = Vec::with_capacity(reused.len() + fresh.len());
    for (path, cached) in reused.into_iter().chain(fresh) {
        match cache.as_deref_mut() {
            Some(cache) => {
                let (result, scanned) = (cached.result.clone(), cached.scanned.clone());
                results.push((cached.source.clone(), result, scanned));
                cache.insert(path, cached);
            }
            None => results.push((cached.source, cached.result, cached.scanned)),
        }
    }
    for (source, result, scanned) in results {
        match result {
            Ok(article) if article.front.draft && !drafts => loaded.drafts.push(article.source),
            Ok(article) => loaded.articles.push(article),
            Err(d) => {
                loaded.failed.push(source);
                loaded.failed_articles.extend(scanned);
                loaded.diagnostics.push(d);
            }
        }
    }
    loaded
}

fn read_article(root: &Path, path: PathBuf, source: String) -> Result<Article, Diagnostic> {
    let file = display_path(root, &path);
    let bytes = std::fs::read(&path)
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
    Article::parse(file, source, text)
}

/// The body of an article that failed to load, read on its own so its
/// links are checked all the same.
fn read_body_only(root: &Path, path: &Path, source: &str) -> Option<Article> {
    let text = std::fs::read_to_string(path).ok()?;
    Article::parse_body_only(display_path(root, path), source.to_string(), text)
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
