//! What `serve` keeps between builds, so that an edit redoes only what it
//! changed: the parsed articles of unchanged files, the last good build,
//! and which pages an edit can have changed.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};

use super::{load_sources, Build, BuildOptions, Files, Sink, Sources, Timings};
use crate::diagnostics::Diagnostics;
use crate::load::{self, Article, SiteConfig, Theme};
use crate::render::{paginate, Job};
use crate::resolve::listings::Listing;
use crate::resolve::sections::Kind;
use crate::resolve::{Site, Target};
use crate::search;

/// The state of a series of builds of one site.
pub struct Incremental {
    /// Whether parsed articles are kept for the next build.
    caching: bool,
    cache: load::ArticleCache,
    /// The last successful build.
    pub previous: Option<Build>,
    /// Identifies the settings and theme `previous` was built with.
    theme_key: u64,
    /// Last commit dates of the articles, read once.
    git_dates: Option<load::CommitDates>,
    /// The theme's templates as last parsed.
    templates: load::ParsedTemplates,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            caching: true,
            cache: Default::default(),
            previous: None,
            theme_key: 0,
            git_dates: None,
            templates: Default::default(),
        }
    }
}

impl Incremental {
    /// State for a single build, which keeps no articles for next time.
    pub(super) fn one_shot() -> Self {
        Incremental {
            caching: false,
            ..Incremental::default()
        }
    }

    /// Every file (absolute) the articles of the last build include: an
    /// edit to one is an edit to its articles, wherever it is.
    pub fn included_files(&self) -> HashSet<PathBuf> {
        load::included_files(&self.cache)
            .map(Path::to_path_buf)
            .collect()
    }

    /// Builds the site again, re-rendering only the pages an edit can have
    /// changed when the settings and theme are the same as last time.
    /// `edited`, when known, are all the files changed since the last
    /// build, relative to the site's folder.
    pub fn rebuild(
        &mut self,
        options: &BuildOptions,
        edited: Option<&[PathBuf]>,
    ) -> Result<&Build, Diagnostics> {
        let build = self.rebuild_pages(options, edited)?;
        build.complete_warnings();
        Ok(build)
    }

    /// Like [`Incremental::rebuild`], leaving the warnings of a successful
    /// build to [`Build::complete_warnings`], so the pages can be served
    /// before: at 10,000 articles with a warning or two each, copying and
    /// ordering them takes as long as the rest of a small edit.
    pub fn rebuild_pages(
        &mut self,
        options: &BuildOptions,
        edited: Option<&[PathBuf]>,
    ) -> Result<&mut Build, Diagnostics> {
        let files = Mutex::new(Files::new());
        let mut build = self.build(options, edited, &files)?;
        let made = files.into_inner().unwrap_or_else(|e| e.into_inner());
        let kept = (self.previous.as_mut()).filter(|_| build.keeps_previous_files);
        build.remade = kept.is_some().then(|| made.keys().cloned().collect());
        build.files = build.timings.record("reuse", || match kept {
            // Moved rather than copied: a large site has a hundred thousand.
            Some(previous) => {
                let mut files = std::mem::take(&mut previous.files);
                // The search index is made whole again, or by `serve`.
                search::remove_index_files(&mut files);
                files.extend(made);
                files
            }
            None => made,
        });
        // The pages left to render are not kept as they were: the old
        // versions of thousands of pages would stay in memory beside the new.
        if let Some(deferred) = &build.deferred {
            for file in deferred.files() {
                build.files.remove(file);
            }
        }
        // The build replaced is dropped beside the next steps, which
        // serve the pages: freeing thousands of them takes a while.
        if let Some(replaced) = self.previous.replace(build) {
            std::thread::spawn(move || drop(replaced));
        }
        Ok(self.previous.as_mut().expect("the build just kept"))
    }

    /// The articles' folder of the last good build.
    pub(crate) fn content_folder(&self) -> Option<&str> {
        Some(self.previous.as_ref()?.site.config.content.as_str())
    }

    /// Builds the site, handing each file to `sink`; the warnings of a
    /// successful build are left to [`Build::complete_warnings`].
    pub(super) fn build(
        &mut self,
        options: &BuildOptions,
        edited: Option<&[PathBuf]>,
        sink: &dyn Sink,
    ) -> Result<Build, Diagnostics> {
        let mut timings = Timings::default();
        let root = &options.root;
        let Sources {
            config,
            theme,
            loaded,
            mut diagnostics,
        } = timings.record("load", || {
            load_sources(options, &mut self.templates, |content, slugs| {
                // Commits do not happen while an edit is saved: ask git once.
                let dates = (self.git_dates)
                    .get_or_insert_with(|| load::git::last_commit_dates(root, content));
                match self.caching {
                    true => load::load_cached(
                        root,
                        content,
                        slugs,
                        options.drafts,
                        dates,
                        &mut self.cache,
                        edited,
                    ),
                    false => load::load(root, content, slugs, options.drafts, dates),
                }
            })
        });
        let (Some(config), Some(theme)) = (config, theme) else {
            diagnostics.sort();
            return Err(diagnostics);
        };
        let key = theme_key(&config, &theme);
        // Each language of a site in several is built whole.
        let previous = (self.previous.as_ref())
            .filter(|_| self.theme_key == key && config.languages.is_empty());
        let built = super::build_loaded_unsorted(
            config,
            &theme,
            loaded,
            options,
            diagnostics,
            timings,
            previous,
            sink,
        );
        if built.is_ok() {
            self.theme_key = key;
        }
        built
    }
}

/// A fingerprint of everything besides the articles that shapes every page.
fn theme_key(config: &SiteConfig, theme: &Theme) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    // Each field with its length, so no two sequences of fields run together.
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(format!("{config:?}").as_bytes());
    let mut sources: Vec<_> = theme.sources.iter().collect();
    sources.sort_by_key(|(name, _)| name.as_str());
    for (name, source) in sources {
        field(name.as_bytes());
        field(source.text.as_bytes());
    }
    for (path, bytes) in &theme.files {
        field(path.as_bytes());
        field(bytes);
    }
    hasher.digest()
}

/// What an edit changed of the output.
pub(super) struct Affected {
    /// The pages to render again.
    pub(super) jobs: Vec<Job>,
    /// Whether the feeds and redirects must be made again (a title,
    /// description or date changed).
    pub(super) generated: bool,
    /// Whether the sitemaps must be made again too (a date changed).
    pub(super) sitemaps: bool,
}

/// The pages to re-render when `site` differs from `previous` only in the
/// bodies or titles of some articles; `None` when everything must be
/// rendered again (articles added, removed or reordered, front matter or
/// anything else that appears in listings changed).
pub(super) fn affected(previous: &Site, site: &Site) -> Option<Affected> {
    if previous.articles.len() != site.articles.len()
        // A new picture may have a new size, and other copies.
        || (previous.assets.iter().map(|a| (&a.source, &a.image)))
            .ne(site.assets.iter().map(|a| (&a.source, &a.image)))
        // Sections, their titles and order are on many pages.
        || previous.tree != site.tree
        // Which FAQ pages there are: pages no longer made must go.
        || faq_paths(previous) != faq_paths(site)
    {
        return None;
    }
    let mut jobs = BTreeSet::new();
    let mut edited = Vec::new();
    let mut relisted = Vec::new();
    let mut glossary_edited = false;
    // Feeds and redirects show titles, descriptions and dates; sitemaps
    // only dates.
    let mut generated = false;
    let mut sitemaps = false;
    for (i, (old, new)) in previous.articles.iter().zip(&site.articles).enumerate() {
        // Articles not read again are the same ones.
        if Arc::ptr_eq(old, new) {
            continue;
        }
        if old.source != new.source {
            return None;
        }
        // A title can change without the file: from `SUMMARY.md`.
        let shown_elsewhere = listed(old) != listed(new);
        if !shown_elsewhere && old.text == new.text && old.committed == new.committed {
            continue;
        }
        // Other front matter can move the article or change its terms.
        if old.front_but_title() != new.front_but_title() {
            return None;
        }
        if shown_elsewhere {
            relisted.push(i);
        }
        let feeds = |a: &Article| (a.title.clone(), a.description(), a.last_changed());
        generated |= shown_elsewhere && feeds(old) != feeds(new);
        sitemaps |= old.last_changed() != new.last_changed();
        glossary_edited |= new.front.glossary;
        jobs.insert(i);
        edited.push(i);
        // The pages it links to (before and after) list it in "Referenced in".
        for targets in [&previous.targets[i], &site.targets[i]] {
            for target in targets.iter() {
                if let Target::Page { article, .. } = target {
                    jobs.insert(*article);
                }
            }
        }
    }
    // A glossary's terms are on every page: every page is rendered again,
    // but listings and feeds are as they were.
    if glossary_edited {
        return Some(Affected {
            jobs: crate::render::Job::all(site),
            generated,
            sitemaps,
        });
    }
    // A link can lead elsewhere after an edit of another article (to the
    // page alone when the heading it names is gone, with broken links as
    // warnings).
    jobs.extend(
        (0..site.articles.len()).filter(|&i| !same(&previous.targets[i], &site.targets[i])),
    );
    // An edit can move which asking of a repeated question carries the FAQ
    // structured data, on the pages of other articles.
    let markup = |site: &Site| {
        let mut flags = vec![Vec::new(); site.articles.len()];
        for entry in site.faq.iter() {
            flags[entry.article].push((entry.question, entry.markup));
        }
        flags
    };
    if !same(&previous.faq, &site.faq) {
        let (old_markup, new_markup) = (markup(previous), markup(site));
        jobs.extend((0..site.articles.len()).filter(|&i| old_markup[i] != new_markup[i]));
    }
    // An article introducing a generated page is rendered with it.
    let mut jobs: BTreeSet<Job> = jobs.into_iter().map(|i| Job::of_article(site, i)).collect();
    jobs.append(&mut listing_dependents(site, &relisted));
    // The FAQ pages whose questions or answers changed.
    if same(&previous.faq, &site.faq) && same(&previous.faq_groups, &site.faq_groups) {
        // The same questions in the same places: only the pages listing an
        // edited article's questions can differ.
        let changed = |&e: &usize| {
            let entry = &site.faq[e];
            let asked = |site: &Site| {
                let q = &site.articles[entry.article].questions[entry.question];
                (q.id.clone(), q.question.clone(), q.answer.clone())
            };
            edited.binary_search(&entry.article).is_ok() && asked(previous) != asked(site)
        };
        for (job, entries) in faq_page_entries(site) {
            // The FAQ shows the title of each question's article.
            let retitled = |&e: &usize| relisted.binary_search(&site.faq[e].article).is_ok();
            if entries.iter().any(|e| changed(e) || retitled(e)) {
                jobs.insert(job);
            }
        }
    } else {
        let (old_faq, new_faq) = (faq_pages(previous), faq_pages(site));
        jobs.extend(
            (new_faq.iter().zip(&old_faq))
                .filter(|(new, old)| new != old)
                .map(|(new, _)| new.0),
        );
    }
    Some(Affected {
        jobs: jobs.into_iter().collect(),
        generated,
        sitemaps,
    })
}

/// Whether two shared values are equal, without comparing them when they
/// are the same one: `Arc`'s `==` only skips that for sized values.
fn same<T: PartialEq + ?Sized>(a: &Arc<T>, b: &Arc<T>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The pages showing what listings show of the articles `relisted` (their
/// titles, descriptions, reading times...), besides their own: those
/// listing them (the home page, their sections, tags and
/// category, search and 404), their neighbours, the articles they are
/// related to, and the pages whose navigation shows them. (The pages they
/// link to, which list them in "Referenced in", are those of any edit.)
fn listing_dependents(site: &Site, relisted: &[usize]) -> BTreeSet<Job> {
    let mut jobs = BTreeSet::new();
    if relisted.is_empty() {
        return jobs;
    }
    let listing = |jobs: &mut BTreeSet<Job>, listing: Listing| {
        jobs.extend((0..site.pages(listing)).map(|page| Job::listing(listing, page)));
    };
    listing(&mut jobs, Listing::Home);
    jobs.extend([Job::Search, Job::NotFound, Job::TermIndex]);
    let mut articles = BTreeSet::new();
    for &i in relisted {
        articles.insert(i);
        articles.extend(i.checked_sub(1));
        articles.extend(site.next(i));
        if let Some(node) = site.tree.of_article[i] {
            for section in site.tree.ancestors(node) {
                if let Kind::Section(s) = site.tree.nodes[section].kind {
                    listing(&mut jobs, Listing::Section(s));
                }
            }
            for shown in crate::render::pages_showing(site, node) {
                match site.tree.nodes[shown].kind {
                    Kind::Article(a) => {
                        articles.insert(a);
                    }
                    Kind::Section(s) => listing(&mut jobs, Listing::Section(s)),
                    Kind::Draft(_) | Kind::Root => {}
                }
            }
        }
    }
    for (t, tag) in site.tags.iter().enumerate() {
        if tag
            .articles
            .iter()
            .any(|a| relisted.binary_search(a).is_ok())
        {
            listing(&mut jobs, Listing::Tag(t));
        }
    }
    for (c, category) in site.categories.iter().enumerate() {
        if category
            .articles
            .iter()
            .any(|a| relisted.binary_search(a).is_ok())
        {
            listing(&mut jobs, Listing::Category(c));
        }
    }
    for (j, related) in site.related.iter().enumerate() {
        if related.iter().any(|a| relisted.binary_search(a).is_ok()) {
            articles.insert(j);
        }
    }
    jobs.extend(articles.into_iter().map(|a| Job::of_article(site, a)));
    jobs
}

/// Each FAQ page with the entries it lists: all of them on a single page,
/// else none on the overview and a slice of a group on each group page.
fn faq_page_entries(site: &Site) -> Vec<(Job, Vec<usize>)> {
    let groups = &site.faq_groups;
    let pages = Job::faq_pages(site);
    if pages.is_empty() {
        let all = groups.iter().flat_map(|g| g.entries.iter().copied());
        return vec![(Job::Faq, all.collect())];
    }
    let mut listed = vec![(Job::Faq, Vec::new())];
    for job in pages {
        if let Job::FaqGroup(g, page) = job {
            let entries = paginate::slice(&groups[g].entries, page, crate::resolve::FAQ_PER_PAGE);
            listed.push((job, entries.to_vec()));
        }
    }
    listed
}

/// Each FAQ page with a fingerprint of what it shows of the site's
/// questions: the whole index, or the overview and each group's pages.
fn faq_pages(site: &Site) -> Vec<(Job, u64)> {
    use std::hash::{Hash, Hasher};
    let fingerprint = |entries: &[usize]| {
        let mut hasher = rustc_hash::FxHasher::default();
        for &e in entries {
            let entry = &site.faq[e];
            let q = &site.articles[entry.article].questions[entry.question];
            let title = &site.articles[entry.article].title;
            (
                entry.article,
                entry.markup,
                &q.id,
                &q.question,
                &q.answer,
                title,
            )
                .hash(&mut hasher);
        }
        hasher.finish()
    };
    let groups = &site.faq_groups;
    let pages = Job::faq_pages(site);
    if pages.is_empty() {
        let all: Vec<usize> = groups.iter().flat_map(|g| g.entries.clone()).collect();
        return vec![(Job::Faq, fingerprint(&all))];
    }
    let mut overview = rustc_hash::FxHasher::default();
    for group in groups.iter() {
        (&group.name, group.entries.len()).hash(&mut overview);
    }
    let mut fingerprints = vec![(Job::Faq, overview.finish())];
    for job in pages {
        if let Job::FaqGroup(g, page) = job {
            let entries = paginate::slice(&groups[g].entries, page, crate::resolve::FAQ_PER_PAGE);
            fingerprints.push((job, fingerprint(entries)));
        }
    }
    fingerprints
}

/// The site paths of the FAQ's group pages.
fn faq_paths(site: &Site) -> Vec<String> {
    Job::faq_pages(site)
        .iter()
        .map(|job| job.path(site))
        .collect()
}

/// What listings, feeds and other pages show of an article but its front
/// matter.
fn listed(a: &Article) -> impl PartialEq + '_ {
    (
        &a.title,
        a.description(),
        a.reading_minutes(),
        a.questions.len(),
        a.last_changed(),
    )
}
