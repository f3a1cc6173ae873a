//! The build: runs load → resolve → render (and the search index) and
//! hands each output file to a [`Sink`] as soon as it is made: kept in
//! memory ([`build`], for `serve` and `check`), or written straight into
//! an output's staging folder ([`build_into`]), so a build holds no more
//! of its output than it is writing. [`Incremental`] keeps what `serve`
//! reuses between builds.

mod incremental;
mod languages;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LinkStyle, Loaded, SiteConfig, SlugStyle, Theme};
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
    /// Leaves out the smaller copies of images, only checking that the
    /// images decode, for `check`, which writes nothing.
    pub skip_image_copies: bool,
    /// After an edit that changes more than [`RENDERED_AT_ONCE`] pages,
    /// leaves them to [`Build::deferred`], for `serve` to render each when
    /// it is asked for and the others after.
    pub defer_pages: bool,
    /// Frees each article's Markdown once the pages and feeds are made,
    /// before the search index, which reads only the text gathered from it:
    /// for `lectern build`, which keeps nothing for later. The [`Build`]'s
    /// articles then have no source text.
    pub release_sources: bool,
}

/// The most pages a rebuild with [`BuildOptions::defer_pages`] renders
/// before it is served: about what a few milliseconds render.
pub const RENDERED_AT_ONCE: usize = 16;

/// A built site.
pub struct Build {
    /// Shared, so `serve` can index it for search on another thread. In
    /// the site's own language when it has several.
    pub site: Arc<Site>,
    /// The site in each of its other languages, in the order of
    /// `[languages]`.
    pub other_languages: Vec<Arc<Site>>,
    /// Every output file of a build kept in memory: site path → bytes,
    /// shared so that a rebuild keeps unchanged files without copying
    /// them. Empty when the files went to another [`Sink`].
    pub files: Files,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// How many pages were rendered (fewer than all after a small edit).
    pub rendered: usize,
    /// When `files` are those of the build before but a few made again,
    /// the paths of those few: what can differ from the pages served.
    /// `None` after a build that made every file.
    pub remade: Option<Vec<String>>,
    /// Renders the pages left to render (see [`BuildOptions::defer_pages`]).
    pub deferred: Option<Arc<render::Deferred>>,
    /// The pages still left to render, whose files are not in `files`.
    pending: Vec<render::Job>,
    pub timings: Timings,
    /// Whether the files of the previous build are this one's too, but
    /// those it made again: after an edit, only what it changed is made.
    keeps_previous_files: bool,
    /// Whether the problems of `site` are still to be added to
    /// `diagnostics` (see [`Build::complete_warnings`]).
    problems_unlisted: bool,
    /// The lints found, which the next build takes over.
    lints: Mutex<check::Lints>,
}

/// Output files: site path → bytes.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Where a build puts its files as it makes them, from any thread.
pub trait Sink: Sync {
    /// Takes the file at site path `path`; an error fails the build.
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) -> Result<(), String>;
}

/// Keeps the files in memory; a file put twice keeps its last bytes.
impl Sink for Mutex<Files> {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) -> Result<(), String> {
        (self.lock().unwrap_or_else(|e| e.into_inner())).insert(path, bytes);
        Ok(())
    }
}

/// Writes the files into an output's staging folder.
impl Sink for crate::output::Staging<'_> {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) -> Result<(), String> {
        crate::output::Staging::put(self, &path, &bytes).map_err(|e| e.to_string())
    }
}

/// Time spent in each stage of a build.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// The process's peak memory (bytes) at the end of each stage, where
    /// the system tells it.
    pub peaks: Vec<(&'static str, u64)>,
    /// Per template: time on its pages (summed over threads) and pages,
    /// slowest first.
    pub templates: Vec<(&'static str, Duration, usize)>,
}

impl Build {
    /// Adds the warnings a build left out to list after its pages were
    /// served (those found resolving an edit), and puts them all in order.
    /// Every build the crate returns has it done, but
    /// [`Incremental::rebuild_pages`]'s.
    pub fn complete_warnings(&mut self) {
        if std::mem::take(&mut self.problems_unlisted) {
            (self.diagnostics).extend(self.site.problems.all().cloned());
        }
        self.diagnostics.sort();
    }

    /// The warnings about `files`, in order, and how many others there
    /// are: what `serve` shows after an edit. The problems a rebuild kept
    /// from the last build are looked through rather than copied and put
    /// in order, which on a large site takes longer than the edit.
    pub fn warnings_about(&mut self, files: &[PathBuf]) -> (Diagnostics, usize) {
        if !self.problems_unlisted {
            self.diagnostics.sort();
        }
        // Looked up by hash: comparing paths walks their components.
        let files: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
        let all = || {
            let unlisted = (self.problems_unlisted).then(|| self.site.problems.all());
            self.diagnostics
                .iter()
                .chain(unlisted.into_iter().flatten())
        };
        let mut shown = Diagnostics(
            all()
                .filter(|warning| files.contains(warning.file.as_path()))
                .cloned()
                .collect(),
        );
        let others = all().count() - shown.0.len();
        shown.sort();
        (shown, others)
    }

    /// Takes the deferred pages rendered since into `files`: `rendered`
    /// gives the bytes of the page at each place of [`Build::deferred`]'s
    /// files once it is.
    pub fn settle(&mut self, rendered: impl Fn(usize) -> Option<Arc<Vec<u8>>>) {
        let Some(deferred) = self.deferred.take() else {
            return;
        };
        self.pending.clear();
        for at in 0..deferred.files().len() {
            match rendered(at) {
                Some(bytes) => {
                    self.files.insert(deferred.file(at).to_string(), bytes);
                }
                None => self.pending.push(deferred.job(at)),
            }
        }
        if !self.pending.is_empty() {
            self.deferred = Some(deferred);
        }
    }

    /// How many articles the site has in all its languages.
    pub fn article_count(&self) -> usize {
        self.sites().map(|site| site.article_count()).sum()
    }

    /// The site in each of its languages, its own first.
    pub fn sites(&self) -> impl Iterator<Item = &Arc<Site>> {
        std::iter::once(&self.site).chain(&self.other_languages)
    }

    /// The table of `lectern check --report`: each article's words,
    /// reading time, reading grade, longest sentence and glossary terms.
    pub fn reading_report(&self) -> String {
        check::report::report(self.sites().map(|site| &**site))
    }
}

/// What indexing a site for search keeps for the next index of it: the
/// analysed articles of each language, by prefix.
#[derive(Default)]
pub(crate) struct SearchCache(std::collections::HashMap<String, search::Analysed>);

/// The search index of the site in each of its languages, each under its
/// prefix (`fr/search/`), with that language's analyzer, as what changed
/// since the index `cache` was kept from: the files written, and those
/// removed (`None`). Only the articles that changed are analysed again.
pub(crate) fn search_index_reusing<'a>(
    sites: impl Iterator<Item = &'a Arc<Site>>,
    cache: &mut SearchCache,
) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut prefixes = std::collections::HashSet::new();
    for site in sites {
        let prefix = site.prefix();
        prefixes.insert(prefix.to_string());
        let analysed = cache.0.entry(prefix.to_string()).or_default();
        files.extend(
            (search::index_reusing(site, analysed).into_iter())
                .map(|(path, bytes)| (format!("{prefix}{path}"), bytes)),
        );
    }
    // A language no longer there loses its index.
    cache.0.retain(|prefix, analysed| {
        let kept = prefixes.contains(prefix);
        if !kept {
            files.extend(
                analysed
                    .files()
                    .map(|path| (format!("{prefix}{path}"), None)),
            );
        }
        kept
    });
    files
}

impl Timings {
    fn record<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = work();
        self.stages.push((stage, start.elapsed()));
        if let Some(peak) = peak_memory() {
            self.peaks.push((stage, peak));
        }
        value
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// The peak resident memory of this process so far, in bytes (Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl BuildOptions {
    /// What the build does with the images its pages show.
    fn image_work(&self) -> render::resize::Work {
        match self.skip_image_copies {
            true => render::resize::Work::Check,
            false => render::resize::Work::Publish,
        }
    }
}

/// Loads, resolves and renders the site in memory. Returns every problem
/// found when there is any error.
pub fn build(options: &BuildOptions) -> Result<Build, Diagnostics> {
    let files = Mutex::new(Files::new());
    let mut built = build_into(options, &files)?;
    built.files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(built)
}

/// Loads, resolves and renders the site, handing each file to `sink` as
/// it is made. Returns every problem found when there is any error; the
/// files put by then are not a site.
pub fn build_into(options: &BuildOptions, sink: &dyn Sink) -> Result<Build, Diagnostics> {
    // A single build keeps no copy of the parsed articles for next time.
    let mut built = Incremental::one_shot().build(options, None, sink)?;
    built.complete_warnings();
    Ok(built)
}

/// Frees the Markdown of `site`'s articles (see
/// [`BuildOptions::release_sources`]).
fn release_sources(site: &mut Site) {
    for article in &mut site.articles {
        // An article held elsewhere too keeps it.
        if let Some(article) = Arc::get_mut(article) {
            article.text = Arc::from("");
        }
    }
}

/// The settings, theme and articles of a site, with the problems found
/// loading them; `None` where loading failed.
struct Sources {
    config: Option<SiteConfig>,
    theme: Option<Arc<Theme>>,
    loaded: Loaded,
    diagnostics: Diagnostics,
}

/// Reads `site.toml` and the theme (reusing `templates` when they are as
/// they were), applying the command line's overrides; the articles come
/// from `articles`, given the folder that holds them (and may reuse a
/// cache).
fn load_sources(
    options: &BuildOptions,
    templates: &mut load::ParsedTemplates,
    articles: impl FnOnce(&str, SlugStyle) -> Loaded,
) -> Sources {
    let mut diagnostics = Diagnostics::default();
    let mut config = load::config::load(&options.root)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    if let Some(config) = config.as_mut() {
        diagnostics.extend(std::mem::take(&mut config.warnings));
    }
    if let (Some(config), Some(url)) = (config.as_mut(), &options.base_url) {
        if let Err(message) = config.set_base_url(url) {
            diagnostics.push(Diagnostic::error("--base-url", message));
        }
    }
    if let (Some(config), Some(links)) = (config.as_mut(), options.links) {
        config.links = links;
    }
    let words = config.as_ref().map(|c| c.words.clone()).unwrap_or_default();
    let theme = Theme::load_reusing(&options.root, &words, templates)
        .map(Arc::new)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    // With unreadable settings the articles are still checked, where they
    // usually are.
    let content = config.as_ref().map_or("articles", |c| c.content.as_str());
    let slugs = config
        .as_ref()
        .map_or_else(SlugStyle::default, |c| c.slugify);
    let mut loaded = articles(content, slugs);
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
/// pages may be kept; every file of the new build goes to `sink`.
#[allow(clippy::too_many_arguments)]
pub fn build_loaded(
    config: SiteConfig,
    theme: &Arc<Theme>,
    loaded: Loaded,
    options: &BuildOptions,
    diagnostics: Diagnostics,
    timings: Timings,
    previous: Option<&Build>,
    sink: &dyn Sink,
) -> Result<Build, Diagnostics> {
    let mut built = build_loaded_unsorted(
        config,
        theme,
        loaded,
        options,
        diagnostics,
        timings,
        previous,
        sink,
    )?;
    built.complete_warnings();
    Ok(built)
}

/// [`build_loaded`], leaving the warnings of a successful build incomplete
/// (see [`Build::complete_warnings`]); the problems of a failed one are
/// all there, in order.
#[allow(clippy::too_many_arguments)]
fn build_loaded_unsorted(
    config: SiteConfig,
    theme: &Arc<Theme>,
    loaded: Loaded,
    options: &BuildOptions,
    mut diagnostics: Diagnostics,
    mut timings: Timings,
    previous: Option<&Build>,
    sink: &dyn Sink,
) -> Result<Build, Diagnostics> {
    let (mut languages, problems) = load::languages::split(loaded, &config);
    diagnostics.extend(problems);
    if languages.len() > 1 {
        return languages::build(
            config,
            theme,
            languages,
            options,
            diagnostics,
            timings,
            sink,
        );
    }
    let loaded = languages.pop().expect("the site's own language").1;
    // Articles not edited since the previous build keep their lints.
    let mut lints = match previous {
        Some(previous) => {
            std::mem::take(&mut *previous.lints.lock().unwrap_or_else(|e| e.into_inner()))
        }
        None => check::Lints::default(),
    };
    diagnostics.extend(timings.record("lint", || {
        check::site_reusing(&config, &loaded.articles, &mut lints)
    }));
    let resolve_options = ResolveOptions {
        warn_links: options.warn_links,
    };
    // After an edit, what it cannot have changed is kept; the problems of
    // such an update are listed only when they fail the build or once the
    // pages are made, as copying them takes long on a large site.
    let mut problems_unlisted = false;
    let mut site = timings.record("resolve", || {
        let full = |(config, loaded), diagnostics: &mut Diagnostics| {
            resolve::resolve(config, loaded, resolve_options, diagnostics)
        };
        let Some(previous) = previous else {
            return full((config, loaded), &mut diagnostics);
        };
        match resolve::update(&previous.site, config, loaded, resolve_options) {
            Ok(site) => {
                problems_unlisted = true;
                site
            }
            Err(sources) => full(*sources, &mut diagnostics),
        }
    });
    if problems_unlisted && site.problems.all().any(Diagnostic::is_error) {
        diagnostics.extend(site.problems.all().cloned());
        problems_unlisted = false;
    }
    let failed = |mut diagnostics: Diagnostics| {
        diagnostics.sort();
        Err(diagnostics)
    };
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }
    let cannot_write = |path: &str, problem: String| {
        Diagnostic::error(path, format!("cannot write this file: {problem}"))
    };
    let put = |path: String, bytes: Arc<Vec<u8>>| {
        sink.put(path.clone(), bytes)
            .map_err(|problem| cannot_write(&path, problem))
    };

    let affected = timings.record("affected", || {
        previous.and_then(|p| incremental::affected(&p.site, &site))
    });
    // Pages nothing changed are kept from the previous build's files,
    // which the caller holds (see `Build::keeps_previous_files`).
    let keeps_previous_files = previous.is_some() && affected.is_some();
    // The copies of images, kept with the previous build's files when
    // they are, else made or read from the cache.
    site.copies = match previous.filter(|_| affected.is_some()) {
        Some(previous) => previous.site.copies.clone(),
        None => Arc::new(timings.record("images", || {
            render::resize::publish(
                &[&site],
                &options.root,
                options.image_work(),
                &|path, bytes| put(path, Arc::new(bytes)),
            )
        })),
    };
    diagnostics.extend(site.copies.problems.iter().cloned());
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }
    // Without a previous build to keep from, everything is made.
    // What the previous build left to render is not in the files it keeps.
    let left = (previous.filter(|_| affected.is_some())).map(|p| p.pending.as_slice());
    let (mut jobs, generated, sitemaps) = match affected {
        Some(affected) => (affected.jobs, affected.generated, affected.sitemaps),
        None => (render::Job::all(&site), true, true),
    };
    if let Some(left) = left {
        jobs.extend_from_slice(left);
        jobs.sort_unstable();
        jobs.dedup();
    }
    // Pages left for later: only after an edit, when many changed.
    let pending = match options.defer_pages && previous.is_some() && jobs.len() > RENDERED_AT_ONCE {
        true => std::mem::take(&mut jobs),
        false => Vec::new(),
    };
    let rendered = timings.record("render", || {
        render::pages(&site, theme, &jobs, &|path, bytes| {
            put(path, Arc::new(bytes))
        })
    });
    timings.templates = rendered.templates;
    diagnostics.extend(rendered.problems);
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }

    let others = timings.record("extras", || {
        render::publish_assets(&site, &|path, bytes| put(path, Arc::new(bytes)))?;
        // After edits to article bodies alone, what listings show is as it
        // was, and so are these files, kept from the previous build.
        let mut files = BTreeMap::new();
        if generated {
            files.extend(render::generated_files(&site, theme, sitemaps));
        }
        Ok::<_, Vec<Diagnostic>>(files)
    });
    let mut others = match others {
        Ok(others) => others,
        Err(problems) => {
            diagnostics.extend(problems);
            return failed(diagnostics);
        }
    };
    if options.release_sources {
        // No build follows this one to take its lints, which hold articles.
        lints = check::Lints::default();
        release_sources(&mut site);
    }
    if !options.defer_search {
        others.extend(timings.record("search", || search::index(&site)));
    }
    for (path, bytes) in others {
        if let Err(problem) = put(path, Arc::new(bytes)) {
            diagnostics.push(problem);
            return failed(diagnostics);
        }
    }
    let site = Arc::new(site);
    let deferred = (!pending.is_empty())
        .then(|| Arc::new(render::Deferred::new(site.clone(), theme.clone(), &pending)));
    Ok(Build {
        rendered: jobs.len(),
        deferred,
        pending,
        problems_unlisted,
        keeps_previous_files,
        site,
        other_languages: Vec::new(),
        files: Files::new(),
        remade: None,
        diagnostics,
        timings,
        lints: Mutex::new(lints),
    })
}
