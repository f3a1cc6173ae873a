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
    Tag(usize),
    Category(usize),
    Search,
    NotFound,
    /// A section's page: the section, and which page of its list (from 1).
    Section(usize, usize),
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
        jobs.extend((0..site.tags.len()).map(Job::Tag));
        jobs.extend((0..site.categories.len()).map(Job::Category));
        jobs
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
                .map(Job::Tag)
                .or_else(|| term(&site.categories, "categories/").map(Job::Category))
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
            Job::Tag(i) => format!("tags/{}/", site.tags[i].slug),
            Job::Category(i) => format!("categories/{}/", site.categories[i].slug),
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
            Job::Section(s, 1) => site.tree.sections[s].path.clone(),
            Job::Section(s, page) => format!("{}page/{page}/", site.tree.sections[s].path),
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
            Job::Faq => "faq.html",
            Job::TermIndex => "terms.html",
            Job::Tag(_) | Job::Category(_) => "term.html",
            Job::Search => "search.html",
            Job::NotFound => "404.html",
            Job::Section(..) => "section.html",
        }
    }
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
        files.insert("sitemap.xml".into(), feeds::sitemap(site).into_bytes());
        files.insert("robots.txt".into(), feeds::robots(site).into_bytes());
        files.insert("atom.xml".into(), feeds::atom(site).into_bytes());
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
