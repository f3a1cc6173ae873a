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
mod jsonld;
mod nav;
pub(crate) mod paginate;
mod redirect;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::Theme;
use crate::resolve::Site;

pub use glossary::term_uses;
pub(crate) use html::escape;
pub use html::sanitize_url;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Job {
    Home,
    Article(usize),
    Faq,
    TermIndex,
    /// A tag's page: the tag, and which page of its listing (0 for the
    /// first).
    Tag(usize, usize),
    /// A category's page, likewise.
    Category(usize, usize),
    Search,
    NotFound,
    /// A section's page: the section, and which page of its list (from 1).
    Section(usize, usize),
    /// Page `.1` (from 1) of FAQ group `.0`, when the site's questions
    /// take more than one page.
    FaqGroup(usize, usize),
}

impl Job {
    /// Every page of the site. An article that introduces a generated page
    /// is rendered with that page, not on its own.
    pub(crate) fn all(site: &Site) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Faq,
            Job::TermIndex,
            Job::Search,
            Job::NotFound,
        ];
        jobs.extend(
            (0..site.articles.len())
                .filter(|&i| !site.is_intro(i))
                .map(Job::Article),
        );
        for s in 0..site.tree.sections.len() {
            jobs.extend((1..=site.tree.pages(s)).map(|page| Job::Section(s, page)));
        }
        let size = site.config.page_size;
        for (i, _) in site.tags.iter().enumerate() {
            let pages = paginate::count(term_articles(site, Job::Tag(i, 0)).len(), size);
            jobs.extend((0..pages).map(|page| Job::Tag(i, page)));
        }
        for (i, _) in site.categories.iter().enumerate() {
            let pages = paginate::count(term_articles(site, Job::Category(i, 0)).len(), size);
            jobs.extend((0..pages).map(|page| Job::Category(i, page)));
        }
        jobs.extend(Job::faq_pages(site));
        jobs
    }

    /// The pages of the FAQ groups, when the site's questions take more
    /// than one page (the overview, `Job::Faq`, links to them).
    pub(crate) fn faq_pages(site: &Site) -> Vec<Job> {
        if site.faq.len() <= crate::resolve::FAQ_PER_PAGE {
            return Vec::new();
        }
        (site.faq_groups.iter().enumerate())
            .flat_map(|(g, group)| (1..=group.pages()).map(move |page| Job::FaqGroup(g, page)))
            .collect()
    }

    /// The page that shows article `i`: its own, or the generated page it
    /// introduces.
    pub(crate) fn of_article(site: &Site, i: usize) -> Job {
        if !site.is_intro(i) {
            return Job::Article(i);
        }
        if let Some(s) = site.tree.section_of_index(i) {
            return Job::Section(s, 1);
        }
        let path = site.path_of(i);
        let term = |terms: &[crate::resolve::Term], folder: &str| {
            let slug = path.strip_prefix(folder)?.strip_suffix('/')?;
            terms.iter().position(|t| t.slug == slug)
        };
        match path.as_str() {
            "" => Job::Home,
            "faq/" => Job::Faq,
            "tags/" => Job::TermIndex,
            "search/" => Job::Search,
            _ => term(&site.tags, "tags/")
                .map(|t| Job::Tag(t, 0))
                .or_else(|| term(&site.categories, "categories/").map(|t| Job::Category(t, 0)))
                .unwrap_or(Job::Article(i)),
        }
    }

    /// The article shown as this generated page's introduction, if any.
    pub(crate) fn intro(&self, site: &Site) -> Option<usize> {
        match self {
            Job::Article(_) | Job::NotFound => None,
            _ => site.intro(&self.path(site)),
        }
    }

    /// The site path of the page (`faq/`), `404.html` for the error page.
    pub(crate) fn path(&self, site: &Site) -> String {
        match *self {
            Job::Home => String::new(),
            Job::Article(i) => site.path_of(i),
            Job::Faq => "faq/".into(),
            Job::TermIndex => "tags/".into(),
            Job::Tag(i, page) => paginate::path(&format!("tags/{}/", site.tags[i].slug), page),
            Job::Category(i, page) => {
                paginate::path(&format!("categories/{}/", site.categories[i].slug), page)
            }
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
            Job::Section(s, 1) => site.tree.sections[s].path.clone(),
            Job::Section(s, page) => format!("{}page/{page}/", site.tree.sections[s].path),
            Job::FaqGroup(g, page) => faq::group_path(site, g, page),
        }
    }

    /// The file written for the page.
    pub(crate) fn file(&self, site: &Site) -> String {
        match self {
            Job::NotFound => "404.html".into(),
            _ => format!("{}index.html", self.path(site)),
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Job::Home => "index.html",
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

/// The articles a tag's or category's page lists, over all its pages: the
/// term's articles but the one that introduces its first page.
pub(crate) fn term_articles(site: &Site, job: Job) -> Vec<usize> {
    let (term, first) = match job {
        Job::Tag(i, _) => (&site.tags[i], Job::Tag(i, 0)),
        Job::Category(i, _) => (&site.categories[i], Job::Category(i, 0)),
        _ => return Vec::new(),
    };
    let intro = first.intro(site);
    term.articles
        .iter()
        .copied()
        .filter(|&a| Some(a) != intro)
        .collect()
}

/// Renders `jobs` into (file, bytes) pairs; template problems are returned
/// as diagnostics.
pub(crate) fn pages(site: &Site, theme: &Theme, jobs: &[Job]) -> Rendered {
    let glossary = glossary::Glossary::new(site.glossary.iter().map(|t| t.term.as_str()));
    let results: Vec<(PageResult, Duration)> = jobs
        .par_iter()
        .map(|job| {
            let start = Instant::now();
            let context = context::page(site, theme, &glossary, *job);
            let tera_context = tera::Context::from_serialize(&context)
                .expect("page contexts serialize to objects");
            let result = theme
                .tera
                .render(job.template(), &tera_context)
                .map(|html| (job.file(site), html.into_bytes()))
                .map_err(|e| crate::load::render_error(&e, job.template(), &theme.sources));
            (result, start.elapsed())
        })
        .collect();
    let mut rendered = Rendered::default();
    let mut per_template: BTreeMap<&'static str, (Duration, usize)> = BTreeMap::new();
    for (job, (result, time)) in jobs.iter().zip(results) {
        let entry = per_template.entry(job.template()).or_default();
        entry.0 += time;
        entry.1 += 1;
        match result {
            Ok(file) => rendered.files.push(file),
            Err(problem) => rendered.problems.push(problem),
        }
    }
    rendered.templates = per_template
        .into_iter()
        .map(|(name, (time, pages))| (name, time, pages))
        .collect();
    rendered.templates.sort_by_key(|t| std::cmp::Reverse(t.1));
    rendered
}

/// A rendered page (file, bytes), or the template's problem.
type PageResult = Result<(String, Vec<u8>), Diagnostic>;

/// The pages of a render, its problems, and the time each template took.
#[derive(Default)]
pub(crate) struct Rendered {
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) problems: Vec<Diagnostic>,
    /// Template, time spent on its pages (summed over threads), pages;
    /// slowest first.
    pub(crate) templates: Vec<(&'static str, Duration, usize)>,
}

/// Everything that is not a templated page: theme and article assets,
/// redirects, sitemap, robots.txt and the feed.
pub(crate) fn other_files(
    site: &Site,
    theme: &Theme,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.files.clone();
    let read: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|asset| {
            std::fs::read(&asset.path)
                .map(|bytes| (asset.source.clone(), bytes))
                .map_err(|e| Diagnostic::error(&asset.file, format!("cannot read: {e}")))
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
            redirect::page(site, alias, *article).into_bytes(),
        );
    }
    if !site.config.base_url.is_empty() {
        for (file, xml) in feeds::sitemaps(site) {
            files.insert(file, xml.into_bytes());
        }
        files.insert("robots.txt".into(), feeds::robots(site).into_bytes());
        files.insert("atom.xml".into(), feeds::atom(site).into_bytes());
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
