//! The build: runs load → resolve → render (and the search index) in
//! memory and hands back every output file with the build's warnings.
//! [`Incremental`] keeps what `serve` reuses between builds. Writing the
//! files is left to the caller (`output`), so `check` writes nothing.

mod incremental;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LinkStyle, Loaded, SiteConfig, Theme};
use crate::resolve::{self, ResolveOptions, Site};
use crate::{check, render, search};

pub use incremental::Incremental;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `site.toml` and `articles/`, or a book's
    /// `book.toml` and `src/`, or a wiki's pages).
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
    pub site: Arc<Site>,
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
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

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

/// Loads, resolves and renders the site in memory. Returns every problem
/// found when there is any error.
pub fn build(options: &BuildOptions) -> Result<Build, Diagnostics> {
    // A single build keeps no copy of the parsed articles for next time.
    let mut state = Incremental::one_shot();
    state.rebuild(options)?;
    Ok(state
        .previous
        .take()
        .expect("a successful rebuild keeps its build"))
}

/// The settings, theme and articles of a site, with the problems found
/// loading them; `None` where loading failed.
struct Sources {
    config: Option<SiteConfig>,
    theme: Option<Theme>,
    loaded: Loaded,
    diagnostics: Diagnostics,
}

/// Reads `site.toml` and the theme, applying the command line's overrides;
/// the articles come from `articles`, given the folder that holds them
/// (and may reuse a cache).
fn load_sources(options: &BuildOptions, articles: impl FnOnce(&str) -> Loaded) -> Sources {
    let mut diagnostics = Diagnostics::default();
    let mut config = load::config::load(&options.root)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    if let (Some(config), Some(url)) = (config.as_mut(), &options.base_url) {
        if let Err(message) = config.set_base_url(url) {
            diagnostics.push(Diagnostic::error("--base-url", message));
        }
    }
    if let (Some(config), Some(links)) = (config.as_mut(), options.links) {
        config.links = links;
    }
    let theme = Theme::load(&options.root)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    // With unreadable settings the articles are still checked, where they
    // usually are.
    let content = config.as_ref().map_or("articles", |c| c.content.as_str());
    let mut loaded = articles(content);
    diagnostics.extend(std::mem::take(&mut loaded.diagnostics).0);
    diagnostics.extend(loaded.take_unknown_keys(config.as_ref()));
    Sources {
        config,
        theme,
        loaded,
        diagnostics,
    }
}

/// Resolves and renders articles that are already loaded: the part of a
/// build that needs no file system, except to read article assets.
/// `previous` is a build of the same settings and theme whose unchanged
/// pages may be kept.
pub fn build_loaded(
    config: SiteConfig,
    theme: &Theme,
    loaded: Loaded,
    options: &BuildOptions,
    mut diagnostics: Diagnostics,
    mut timings: Timings,
    previous: Option<&Build>,
) -> Result<Build, Diagnostics> {
    diagnostics.extend(check::site(&config, &loaded.articles));
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
    let failed = |mut diagnostics: Diagnostics| {
        diagnostics.sort();
        Err(diagnostics)
    };
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }

    let affected = previous.and_then(|p| incremental::affected(&p.site, &site));
    let jobs = affected.clone().unwrap_or_else(|| render::Job::all(&site));
    let rendered = timings.record("render", || render::pages(&site, theme, &jobs));
    timings.templates = rendered.templates;
    diagnostics.extend(rendered.problems);
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }

    // Pages nothing changed are kept from the previous build.
    let mut files: Files = match (previous, &affected) {
        // The search index is rebuilt whole: its shards depend on every word.
        (Some(previous), Some(_)) => previous
            .files
            .iter()
            .filter(|(path, _)| !search::is_index_file(path))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect(),
        _ => BTreeMap::new(),
    };
    let others = timings.record("extras", || render::other_files(&site, theme));
    let shared = |(path, bytes)| (path, Arc::new(bytes));
    if !options.defer_search {
        files.extend(
            timings
                .record("search", || search::index(&site))
                .into_iter()
                .map(shared),
        );
    }
    match others {
        Ok(others) => files.extend(others.into_iter().map(shared)),
        Err(problems) => {
            diagnostics.extend(problems);
            return failed(diagnostics);
        }
    }
    files.extend(rendered.files.into_iter().map(shared));
    diagnostics.sort();
    Ok(Build {
        rendered: jobs.len(),
        site: Arc::new(site),
        files,
        diagnostics,
        timings,
    })
}
