//! lectern turns a folder of Markdown articles into a themed, cross-linked
//! static site with an FAQ index.
//!
//! The pipeline runs in four stages, each handing the next a plain value:
//! [`load`] reads and parses every article, [`resolve`] links the site
//! together and checks it, [`pages`] renders every page through the theme,
//! and [`output`] writes the result into place. [`build`] runs the first
//! three in memory; `lectern build` then writes, `lectern check` does not.

pub mod a11y;
pub mod article;
pub mod config;
pub mod diagnostics;
pub mod feeds;
pub mod frontmatter;
pub mod git;
pub mod glossary;
pub mod html;
pub mod incremental;
pub mod jsonld;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod resolve;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::{LinkStyle, SiteConfig};
use diagnostics::{Diagnostic, Diagnostics};
use resolve::{ResolveOptions, Site};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `site.toml` and `articles/`).
    pub root: PathBuf,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Publishes articles marked `draft = true`.
    pub drafts: bool,
    /// Broken links become warnings.
    pub warn_links: bool,
    /// Replaces `links` from `site.toml`.
    pub links: Option<LinkStyle>,
    /// Leaves the search index out, for `serve` to add it after the pages
    /// are served (it depends on every word of the site).
    pub defer_search: bool,
}

/// A site built in memory.
pub struct Build {
    /// Shared, so `serve` can index it for search on another thread.
    pub site: std::sync::Arc<Site>,
    /// Every output file: site path → bytes, shared so that a rebuild
    /// keeps unchanged files without copying them.
    pub files: Files,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// How many pages were rendered (fewer than all after a small edit).
    pub rendered: usize,
    pub timings: Timings,
}

/// Output files: site path → bytes.
pub type Files = BTreeMap<String, std::sync::Arc<Vec<u8>>>;

/// Time spent in each stage of a build.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Per template: time on its pages (summed over threads) and pages,
    /// slowest first.
    pub templates: Vec<(&'static str, Duration, usize)>,
}

impl Timings {
    fn record<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = work();
        self.stages.push((stage, start.elapsed()));
        value
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// Reads `site.toml`; a site without one gets defaults, titled after its folder.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => SiteConfig::parse(&text, Path::new("site.toml")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let name = std::fs::canonicalize(root)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
            let title = name.unwrap_or_else(|| "Site".into());
            SiteConfig::parse(
                &format!("title = {}", toml::Value::String(title)),
                Path::new("site.toml"),
            )
        }
        Err(e) => Err(vec![Diagnostic::error(
            "site.toml",
            format!("cannot read: {e}"),
        )]),
    }
}

/// Loads, resolves and renders the site in memory. Returns every problem
/// found when there is any error.
pub fn build(options: &BuildOptions) -> Result<Build, Diagnostics> {
    // A single build keeps no copy of the parsed articles for next time.
    let mut state = Incremental {
        caching: false,
        ..Incremental::default()
    };
    state.rebuild(options)?;
    Ok(state
        .previous
        .take()
        .expect("a successful rebuild keeps its build"))
}

/// What `serve` keeps between builds so that an edit redoes only what it
/// changed: parsed articles of unchanged files, and the last good build.
pub struct Incremental {
    caching: bool,
    cache: load::ArticleCache,
    /// The last successful build.
    pub previous: Option<Build>,
    /// Identifies the settings and theme `previous` was built with.
    theme_key: u64,
    /// Last commit dates of the articles, read once.
    git_dates: Option<std::collections::HashMap<String, String>>,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            caching: true,
            cache: Default::default(),
            previous: None,
            theme_key: 0,
            git_dates: None,
        }
    }
}

impl Incremental {
    /// Builds the site again, re-rendering only the pages an edit can have
    /// changed when the settings and theme are the same as last time.
    pub fn rebuild(&mut self, options: &BuildOptions) -> Result<&Build, Diagnostics> {
        let build = build_with(options, self)?;
        self.previous = Some(build);
        Ok(self.previous.as_ref().expect("just set"))
    }
}

fn build_with(options: &BuildOptions, state: &mut Incremental) -> Result<Build, Diagnostics> {
    let mut timings = Timings::default();
    let mut diagnostics = Diagnostics::default();
    let root = &options.root;

    let (config, theme, loaded) = timings.record("load", || {
        let config = load_config(root);
        let theme = theme::Theme::load(root);
        let loaded = if state.caching {
            load::load_cached(root, options.drafts, &mut state.cache)
        } else {
            load::load(root, options.drafts)
        };
        (config, theme, loaded)
    });
    let mut config = match config {
        Ok(config) => Some(config),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    if let (Some(config), Some(url)) = (config.as_mut(), &options.base_url) {
        match SiteConfig::parse(
            &format!(
                "title = \"\"\nbase_url = {}",
                toml::Value::String(url.clone())
            ),
            Path::new("--base-url"),
        ) {
            Ok(parsed) => config.base_url = parsed.base_url,
            Err(mut problems) => {
                for p in &mut problems {
                    p.line = 0;
                    p.snippet = None;
                }
                diagnostics.extend(problems)
            }
        }
    }
    if let (Some(config), Some(links)) = (config.as_mut(), options.links) {
        config.links = links;
    }
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    let mut loaded = loaded;
    diagnostics.extend(std::mem::take(&mut loaded.diagnostics).0);
    diagnostics.extend(loaded.articles.iter().flat_map(a11y::check));
    if loaded.articles.iter().any(|a| a.front.updated.is_none()) {
        // Commits do not happen while an edit is saved: ask git once.
        let dates = state
            .git_dates
            .get_or_insert_with(|| git::last_commit_dates(root));
        for article in &mut loaded.articles {
            article.committed = dates.get(&article.source).cloned();
        }
    }
    let (Some(config), Some(theme)) = (config, theme) else {
        diagnostics.sort();
        return Err(diagnostics);
    };
    let key = theme_key(&config, &theme);
    let previous = state.previous.as_ref().filter(|_| state.theme_key == key);
    let built = build_loaded(
        config,
        &theme,
        loaded,
        options,
        diagnostics,
        timings,
        previous,
    );
    if built.is_ok() {
        state.theme_key = key;
    }
    built
}

/// A fingerprint of everything besides the articles that shapes every page.
fn theme_key(config: &SiteConfig, theme: &theme::Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{config:?}").hash(&mut hasher);
    let mut sources: Vec<_> = theme
        .sources
        .iter()
        .map(|(name, source)| (name, &source.text))
        .collect();
    sources.sort();
    sources.hash(&mut hasher);
    theme.files.hash(&mut hasher);
    hasher.finish()
}

/// Resolves and renders articles that are already loaded: the part of a
/// build that needs no file system, except to read article assets.
pub fn build_loaded(
    config: SiteConfig,
    theme: &theme::Theme,
    loaded: load::Loaded,
    options: &BuildOptions,
    mut diagnostics: Diagnostics,
    mut timings: Timings,
    previous: Option<&Build>,
) -> Result<Build, Diagnostics> {
    if config.base_url.is_empty() {
        diagnostics.push(
            Diagnostic::warning("site.toml", "`base_url` is not set, so sitemap.xml, robots.txt, atom.xml and canonical links are left out")
                .with_help("set `base_url = \"https://example.org/\"` in site.toml, or pass `--base-url`"),
        );
    }

    let today = scaffold::today();
    diagnostics.extend(
        loaded
            .articles
            .iter()
            .filter_map(|a| review::check(a, config.review_max_age_months, &today)),
    );
    let site = timings.record("resolve", || {
        resolve::resolve(
            config,
            loaded,
            ResolveOptions {
                warn_links: options.warn_links,
            },
            &mut diagnostics,
        )
    });
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }

    let affected = previous.and_then(|p| incremental::affected(&p.site, &site));
    let jobs = affected.clone().unwrap_or_else(|| pages::Job::all(&site));
    let rendered = timings.record("render", || pages::render(&site, theme, &jobs));
    let pages = rendered.files;
    timings.templates = rendered.templates;
    diagnostics.extend(rendered.problems);
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }

    // Pages nothing changed are kept from the previous build.
    let mut files: Files = match (previous, &affected) {
        // The search index is rebuilt whole: its shards depend on every word.
        (Some(previous), Some(_)) => previous
            .files
            .iter()
            .filter(|(k, _)| !k.starts_with("search/") || k.as_str() == "search/index.html")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => BTreeMap::new(),
    };
    let extras = timings.record("extras", || extras(&site, theme));
    let shared = |(path, bytes)| (path, std::sync::Arc::new(bytes));
    if !options.defer_search {
        files.extend(
            timings
                .record("search", || search::index(&site))
                .into_iter()
                .map(shared),
        );
    }
    match extras {
        Ok(extra) => files.extend(extra.into_iter().map(shared)),
        Err(problems) => {
            diagnostics.extend(problems);
            diagnostics.sort();
            return Err(diagnostics);
        }
    }
    files.extend(pages.into_iter().map(shared));
    diagnostics.sort();
    Ok(Build {
        rendered: jobs.len(),
        site: std::sync::Arc::new(site),
        files,
        diagnostics,
        timings,
    })
}

/// Everything that is not a templated page: theme and article assets,
/// redirects, sitemap, robots.txt and the feed.
fn extras(site: &Site, theme: &theme::Theme) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.files.clone();
    let read: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|asset| {
            std::fs::read(&asset.path)
                .map(|bytes| (asset.source.clone(), bytes))
                .map_err(|e| {
                    Diagnostic::error(
                        Path::new("articles").join(&asset.source),
                        format!("cannot read: {e}"),
                    )
                })
        })
        .collect();
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(problem) => problems.push(problem),
        }
    }
    for (alias, article) in &site.aliases {
        files.insert(
            alias.clone(),
            pages::redirect(site, alias, *article).into_bytes(),
        );
    }
    if !site.config.base_url.is_empty() {
        let listed = ["faq/".to_string()];
        files.insert(
            "sitemap.xml".into(),
            feeds::sitemap(site, &listed).into_bytes(),
        );
        files.insert("robots.txt".into(), feeds::robots(site).into_bytes());
        files.insert("atom.xml".into(), feeds::atom(site).into_bytes());
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
