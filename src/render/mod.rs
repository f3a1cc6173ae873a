//! The render stage: receives the resolved [`Site`] and the theme, and
//! renders every page through its Tera template, in parallel, each with a
//! typed context; then the files that are not templated pages (assets,
//! redirects, sitemap, robots.txt, the feed). Hands on site path → bytes.

mod article;
mod body;
mod context;
mod faq;
mod feeds;
mod glossary;
mod highlight;
mod html;
pub(crate) mod image;
mod jsonld;
mod nav;
pub(crate) mod paginate;
mod redirect;
pub(crate) mod resize;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::Theme;
use crate::resolve::listings::Listing;
use crate::resolve::Site;

pub use glossary::term_uses;
pub(crate) use html::escape;
pub use html::sanitize_url;
pub(crate) use nav::pages_showing;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Job {
    /// A page of the home page's lists, from 0 (the home page itself).
    Home(usize),
    Article(usize),
    Faq,
    TermIndex,
    /// Page `.1` (from 0) of a tag's articles.
    Tag(usize, usize),
    Category(usize, usize),
    Search,
    NotFound,
    /// Page `.1` (from 0) of a section's entries.
    Section(usize, usize),
    /// Page `.1` (from 0) of a FAQ group's questions.
    FaqGroup(usize, usize),
}

impl Job {
    pub(crate) fn all(site: &Site) -> Vec<Job> {
        let mut jobs = vec![Job::Faq, Job::TermIndex, Job::Search];
        // Hosts serve one page for what is missing, at the root.
        if site.language == 0 {
            jobs.push(Job::NotFound);
        }
        // The few introductions found once, rather than each article's
        // path made to look it up.
        let intros: rustc_hash::FxHashSet<usize> = (site.intros.values())
            .copied()
            .filter(|&i| site.is_intro(i))
            .collect();
        jobs.extend(
            (0..site.articles.len())
                .filter(|i| !intros.contains(i))
                .map(Job::Article),
        );
        for listing in site.listings() {
            jobs.extend((0..site.pages(listing)).map(|page| Job::listing(listing, page)));
        }
        jobs.extend(Job::faq_pages(site));
        jobs
    }

    /// Page `page` (from 0) of `listing`.
    pub(crate) fn listing(listing: Listing, page: usize) -> Job {
        match listing {
            Listing::Home => Job::Home(page),
            Listing::Section(s) => Job::Section(s, page),
            Listing::Tag(t) => Job::Tag(t, page),
            Listing::Category(c) => Job::Category(c, page),
        }
    }

    /// The listing this job is a page of, and which page (from 0).
    pub(crate) fn page_of(&self) -> Option<(Listing, usize)> {
        match *self {
            Job::Home(page) => Some((Listing::Home, page)),
            Job::Section(s, page) => Some((Listing::Section(s), page)),
            Job::Tag(t, page) => Some((Listing::Tag(t), page)),
            Job::Category(c, page) => Some((Listing::Category(c), page)),
            _ => None,
        }
    }

    /// The FAQ's group pages, when the site has more questions than one
    /// page holds (the overview, `Job::Faq`, links to them).
    pub(crate) fn faq_pages(site: &Site) -> Vec<Job> {
        if site.faq.len() <= crate::resolve::FAQ_PER_PAGE {
            return Vec::new();
        }
        (site.faq_groups.iter().enumerate())
            .flat_map(|(g, group)| (0..group.pages()).map(move |page| Job::FaqGroup(g, page)))
            .collect()
    }

    pub(crate) fn of_article(site: &Site, i: usize) -> Job {
        if !site.is_intro(i) {
            return Job::Article(i);
        }
        if let Some(s) = site.tree.section_of_index(i) {
            return Job::Section(s, 0);
        }
        let path = site.path_of(i);
        let term = |terms: &[crate::resolve::Term], folder: &str| {
            let slug = path.strip_prefix(folder)?.strip_suffix('/')?;
            terms.iter().position(|t| t.slug == slug)
        };
        match path.as_str() {
            "" => Job::Home(0),
            "faq/" => Job::Faq,
            "tags/" => Job::TermIndex,
            "search/" => Job::Search,
            _ => term(&site.tags, "tags/")
                .map(|t| Job::Tag(t, 0))
                .or_else(|| term(&site.categories, "categories/").map(|t| Job::Category(t, 0)))
                .unwrap_or(Job::Article(i)),
        }
    }

    /// The article shown above what the page gathers: the one at its URL,
    /// on the first page of a listing only.
    pub(crate) fn intro(&self, site: &Site) -> Option<usize> {
        match self {
            Job::Article(_) | Job::NotFound => None,
            _ if self.page_of().is_some_and(|(_, page)| page > 0) => None,
            _ => site.intro(&self.path(site)),
        }
    }

    pub(crate) fn path(&self, site: &Site) -> String {
        let listing = |listing, page| paginate::path(&site.listing_path(listing), page);
        match *self {
            Job::Home(page) => listing(Listing::Home, page),
            Job::Section(s, page) => listing(Listing::Section(s), page),
            Job::Tag(t, page) => listing(Listing::Tag(t), page),
            Job::Category(c, page) => listing(Listing::Category(c), page),
            Job::Article(i) => site.path_of(i),
            Job::Faq => "faq/".into(),
            Job::TermIndex => "tags/".into(),
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
            Job::FaqGroup(g, page) => paginate::path(&faq::group_path(site, g), page),
        }
    }

    pub(crate) fn file(&self, site: &Site) -> String {
        match self {
            Job::NotFound => "404.html".into(),
            _ => self.path(site) + "index.html",
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Job::Home(_) => "index.html",
            Job::Article(_) => "article.html",
            Job::Faq | Job::FaqGroup(..) => "faq.html",
            Job::TermIndex => "terms.html",
            Job::Tag(..) | Job::Category(..) => "term.html",
            Job::Search => "search.html",
            Job::NotFound => "404.html",
            Job::Section(..) => "section.html",
        }
    }
}

/// Renders the pages of `jobs` in parallel, handing each to `put` (its
/// file, its bytes) as soon as it is made, so no more pages are held than
/// are being rendered.
pub(crate) fn pages(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    put: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
) -> Rendered {
    let glossary = glossary::Glossary::new(site.glossary.iter().map(|t| t.term.as_str()));
    let results: Vec<(Result<(), Diagnostic>, Duration)> = jobs
        .par_iter()
        .map(|job| {
            let start = Instant::now();
            let result =
                page(site, theme, &glossary, *job).and_then(|html| put(job.file(site), html));
            (result, start.elapsed())
        })
        .collect();
    let mut rendered = Rendered::default();
    let mut per_template: BTreeMap<&'static str, (Duration, usize)> = BTreeMap::new();
    for (job, (result, time)) in jobs.iter().zip(results) {
        let entry = per_template.entry(job.template()).or_default();
        entry.0 += time;
        entry.1 += 1;
        if let Err(problem) = result {
            rendered.problems.push(problem);
        }
    }
    rendered.templates = per_template
        .into_iter()
        .map(|(name, (time, pages))| (name, time, pages))
        .collect();
    rendered.templates.sort_by_key(|t| std::cmp::Reverse(t.1));
    rendered
}

/// The page of `job`, through its template.
fn page(
    site: &Site,
    theme: &Theme,
    glossary: &glossary::Glossary,
    job: Job,
) -> Result<Vec<u8>, Diagnostic> {
    let context = context::page(site, theme, glossary, job);
    let tera_context =
        tera::Context::from_serialize(&context).expect("page contexts serialize to objects");
    (theme.tera)
        .render(job.template(), &tera_context)
        .map(String::into_bytes)
        .map_err(|e| crate::load::render_error(&e, job.template(), &theme.sources))
}

/// The pages of a build left to render when they are asked for, or when
/// there is time: after an edit that changes thousands of pages, `serve`
/// answers with the one being looked at first.
pub struct Deferred {
    site: Arc<Site>,
    theme: Arc<Theme>,
    glossary: glossary::Glossary,
    /// Each page's output file and job, in the order of the files.
    jobs: Vec<(String, Job)>,
}

impl Deferred {
    pub(crate) fn new(site: Arc<Site>, theme: Arc<Theme>, jobs: &[Job]) -> Deferred {
        let glossary = glossary::Glossary::new(site.glossary.iter().map(|t| t.term.as_str()));
        // After a glossary edit, every page: their files found in parallel.
        let mut jobs: Vec<(String, Job)> = (jobs.par_iter())
            .map(|job| (job.file(&site), *job))
            .collect();
        jobs.par_sort_unstable();
        Deferred {
            site,
            theme,
            glossary,
            jobs,
        }
    }

    /// The output files left to render, in order; a page is known by its
    /// place in it.
    pub fn files(&self) -> impl ExactSizeIterator<Item = &String> {
        self.jobs.iter().map(|(file, _)| file)
    }

    /// The place of output file `file` among them.
    pub fn position(&self, file: &str) -> Option<usize> {
        (self.jobs)
            .binary_search_by(|(f, _)| f.as_str().cmp(file))
            .ok()
    }

    /// The output file of the page at place `at`.
    pub fn file(&self, at: usize) -> &str {
        &self.jobs[at].0
    }

    /// Renders the page at place `at`.
    pub fn render(&self, at: usize) -> Result<Vec<u8>, Diagnostic> {
        page(&self.site, &self.theme, &self.glossary, self.jobs[at].1)
    }

    pub(crate) fn job(&self, at: usize) -> Job {
        self.jobs[at].1
    }
}

#[derive(Default)]
pub(crate) struct Rendered {
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) templates: Vec<(&'static str, Duration, usize)>,
}

/// Copies the files beside the articles, as they are now (they change
/// without any article changing), to `put` one by one as each is read, so
/// a site of photos is never all in memory.
pub(crate) fn publish_assets(
    site: &Site,
    put: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
) -> Result<(), Vec<Diagnostic>> {
    let problems: Vec<Diagnostic> = (site.assets.par_iter())
        .filter_map(|asset| {
            let bytes = std::fs::read(&asset.path)
                .map_err(|e| Diagnostic::error(&asset.file, format!("cannot read: {e}")));
            bytes
                .and_then(|bytes| put(asset.source.clone(), bytes))
                .err()
        })
        .collect();
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems),
    }
}

/// The theme's files, redirects, feeds and (unless `sitemaps` is false)
/// sitemaps: what only the settings, the theme and what listings show of
/// the articles decide.
pub(crate) fn generated_files(
    site: &Site,
    theme: &Theme,
    sitemaps: bool,
) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.files.clone();
    let words = &site.config.words;
    for (alias, article) in site.aliases.iter() {
        let (to, title) = (site.path_of(*article), &site.articles[*article].title);
        let page = redirect::page(site, alias, &to, title);
        files.insert(alias.clone(), page.into_bytes());
    }
    // The first page of a listing is its own path; `page/1/` leads there.
    for listing in site.listings().filter(|&l| site.pages(l) > 1) {
        let first = site.listing_path(listing);
        let file = format!("{first}page/1/index.html");
        let title = match listing {
            Listing::Home => site.config.title.clone(),
            Listing::Section(s) => site.tree.sections[s].title.clone(),
            Listing::Tag(t) => words.fill("tag_title", &[("name", &site.tags[t].name)]),
            Listing::Category(c) => {
                words.fill("category_title", &[("name", &site.categories[c].name)])
            }
        };
        files.insert(
            file.clone(),
            redirect::page(site, &file, &first, &title).into_bytes(),
        );
    }
    if !site.config.base_url.is_empty() {
        if sitemaps {
            for (file, xml) in feeds::sitemaps(site) {
                files.insert(file, xml.into_bytes());
            }
        }
        if site.language == 0 {
            files.insert("robots.txt".into(), feeds::robots(site).into_bytes());
        }
        files.insert("atom.xml".into(), feeds::atom(site).into_bytes());
    }
    files
}
