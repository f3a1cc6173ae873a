//! The render stage: every page of the site through its Tera template, in
//! parallel, each with a typed context computed from the resolved site.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::frontmatter::Source;
use crate::html::{self, escape};
use crate::jsonld;
use crate::markdown::excerpt;
use crate::resolve::{Site, Term};
use crate::theme::{self, Theme};
use crate::urls::relative;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Article(usize),
    Faq,
    TermIndex,
    Tag(usize),
    Category(usize),
    Search,
    NotFound,
}

impl Job {
    /// Every page of the site.
    pub fn all(site: &Site) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Faq,
            Job::TermIndex,
            Job::Search,
            Job::NotFound,
        ];
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.extend((0..site.tags.len()).map(Job::Tag));
        jobs.extend((0..site.categories.len()).map(Job::Category));
        jobs
    }

    /// The site path of the page (`faq/`), `404.html` for the error page.
    pub fn path(&self, site: &Site) -> String {
        match *self {
            Job::Home => String::new(),
            Job::Article(i) => site.path_of(i),
            Job::Faq => "faq/".into(),
            Job::TermIndex => "tags/".into(),
            Job::Tag(i) => format!("tags/{}/", site.tags[i].slug),
            Job::Category(i) => format!("categories/{}/", site.categories[i].slug),
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
        }
    }

    /// The file written for the page.
    pub fn file(&self, site: &Site) -> String {
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
        }
    }
}

/// Renders `jobs` into (file, bytes) pairs; template problems are returned
/// as diagnostics.
pub fn render(site: &Site, theme: &Theme, jobs: &[Job]) -> Rendered {
    let results: Vec<(PageResult, Duration)> = jobs
        .par_iter()
        .map(|job| {
            let start = Instant::now();
            let context = context(site, theme, *job);
            let tera_context = tera::Context::from_serialize(&context)
                .expect("page contexts serialize to objects");
            let result = theme
                .tera
                .render(job.template(), &tera_context)
                .map(|html| (job.file(site), html.into_bytes()))
                .map_err(|e| theme::render_error(&e, job.template(), &theme.sources));
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
pub struct Rendered {
    pub files: Vec<(String, Vec<u8>)>,
    pub problems: Vec<Diagnostic>,
    /// Template, time spent on its pages (summed over threads), pages;
    /// slowest first.
    pub templates: Vec<(&'static str, Duration, usize)>,
}

/// What every template gets.
#[derive(Serialize)]
struct Page<'a> {
    site: SiteView<'a>,
    /// The relative URL of the site's root folder from this page (`../`,
    /// `./`); append a site path to it, then `index`.
    root: String,
    /// `index.html` when links name files (`links = "files"`), else empty:
    /// `{{ root }}faq/{{ index }}`.
    index: &'static str,
    /// The home page's URL from this page.
    home_url: String,
    /// Theme assets by name (`style.css`), as URLs from this page.
    assets: BTreeMap<&'a str, String>,
    menu: Vec<NavLink>,
    /// The page's own title (without the site title).
    title: String,
    description: String,
    /// Absolute URL, when `base_url` is set.
    canonical: Option<String>,
    feed: Option<String>,
    /// JSON-LD blocks, already escaped for a `<script>` element.
    jsonld: Vec<String>,
    kind: &'static str,
    /// `<base href>` for the 404 page, which is served at any depth.
    base: Option<String>,
    home: Option<HomeView>,
    article: Option<ArticleView>,
    faq: Option<FaqView>,
    term: Option<TermView>,
    terms: Option<TermsView>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    author: Option<&'a str>,
    disclaimer: Option<&'a str>,
    base_url: &'a str,
}

#[derive(Serialize, Clone)]
struct NavLink {
    name: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct ListItem {
    title: String,
    href: String,
    description: String,
    reading_minutes: usize,
    questions: usize,
}

#[derive(Serialize)]
struct Group {
    name: Option<String>,
    href: Option<String>,
    articles: Vec<ListItem>,
}

#[derive(Serialize)]
struct HomeView {
    groups: Vec<Group>,
    questions: usize,
    faq_href: String,
}

#[derive(Serialize)]
struct TocEntry {
    level: u8,
    text: String,
    id: String,
}

#[derive(Serialize)]
struct Backlink {
    title: String,
    href: String,
    section: Option<String>,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    display: String,
}

#[derive(Serialize)]
struct ArticleView {
    title: String,
    content: String,
    toc: Vec<TocEntry>,
    reading_minutes: usize,
    date: Option<DateView>,
    updated: Option<DateView>,
    author: Option<String>,
    category: Option<Link>,
    tags: Vec<Link>,
    breadcrumbs: Vec<Link>,
    backlinks: Vec<Backlink>,
    prev: Option<Link>,
    next: Option<Link>,
    related: Vec<Link>,
    sources: Vec<SourceView>,
    /// Questions given in front matter, shown at the end of the article.
    questions: Vec<ExtraQuestionView>,
    reviewed_by: Option<String>,
    last_reviewed: Option<DateView>,
}

#[derive(Serialize)]
struct ExtraQuestionView {
    id: String,
    question: String,
    answer: String,
}

#[derive(Serialize)]
struct SourceView {
    text: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct FaqQuestion {
    question: String,
    excerpt: String,
    href: String,
}

#[derive(Serialize)]
struct FaqArticle {
    title: String,
    href: String,
    questions: Vec<FaqQuestion>,
}

#[derive(Serialize)]
struct FaqGroup {
    name: Option<String>,
    articles: Vec<FaqArticle>,
}

#[derive(Serialize)]
struct FaqView {
    groups: Vec<FaqGroup>,
    count: usize,
}

#[derive(Serialize)]
struct TermView {
    kind: &'static str,
    name: String,
    articles: Vec<ListItem>,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct TermsView {
    tags: Vec<TermLink>,
    categories: Vec<TermLink>,
}

fn context<'a>(site: &'a Site, theme: &'a Theme, job: Job) -> Page<'a> {
    let config = &site.config;
    let from = match job {
        Job::NotFound => String::new(),
        _ => job.path(site),
    };
    let style = config.links;
    let url = |to: &str| relative(&from, to, style);
    let absolute = |to: &str| (!config.base_url.is_empty()).then(|| config.absolute(to));

    let menu = config
        .menu
        .iter()
        .map(|item| {
            let external = crate::urls::is_external(&item.url);
            let target = item.url.trim_start_matches('/');
            NavLink {
                name: item.name.clone(),
                href: if external {
                    item.url.clone()
                } else {
                    url(target)
                },
                current: !external && target == from,
            }
        })
        .collect();

    let mut page = Page {
        site: SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            author: config.author.as_deref(),
            disclaimer: config.disclaimer.as_deref(),
            base_url: &config.base_url,
        },
        root: relative(&from, "", crate::config::LinkStyle::Pretty),
        index: match style {
            crate::config::LinkStyle::Files => "index.html",
            crate::config::LinkStyle::Pretty => "",
        },
        home_url: url(""),
        assets: theme
            .assets
            .iter()
            .map(|(name, path)| (name.as_str(), url(path)))
            .collect(),
        menu,
        title: config.title.clone(),
        description: config.description.clone(),
        canonical: absolute(&from),
        feed: (!config.base_url.is_empty()).then(|| url("atom.xml")),
        jsonld: Vec::new(),
        kind: "home",
        base: None,
        home: None,
        article: None,
        faq: None,
        term: None,
        terms: None,
    };

    match job {
        Job::Home => page.home = Some(home(site, &url)),
        Job::Article(i) => {
            let article = &site.articles[i];
            page.kind = "article";
            page.title = article.title.clone();
            page.description = article.description();
            page.jsonld = article_jsonld(site, i);
            page.article = Some(article_view(site, i, &from));
        }
        Job::Faq => {
            page.kind = "faq";
            page.title = "Frequently asked questions".into();
            page.description = format!(
                "Every question answered on {}, with links to the full answers.",
                config.title
            );
            let (view, jsonld) = faq(site, &url);
            page.faq = Some(view);
            page.jsonld = jsonld.into_iter().collect();
        }
        Job::TermIndex => {
            page.kind = "terms";
            page.title = "Tags and categories".into();
            let links = |terms: &[Term], prefix: &str| {
                terms
                    .iter()
                    .map(|t| TermLink {
                        name: t.name.clone(),
                        href: url(&format!("{prefix}/{}/", t.slug)),
                        count: t.articles.len(),
                    })
                    .collect()
            };
            page.terms = Some(TermsView {
                tags: links(&site.tags, "tags"),
                categories: links(&site.categories, "categories"),
            });
        }
        Job::Tag(i) | Job::Category(i) => {
            let (kind, term) = match job {
                Job::Tag(_) => ("Tag", &site.tags[i]),
                _ => ("Category", &site.categories[i]),
            };
            page.kind = "term";
            page.title = format!("{kind}: {}", term.name);
            page.description = format!("Articles filed under {}.", term.name);
            page.term = Some(TermView {
                kind,
                name: term.name.clone(),
                articles: term
                    .articles
                    .iter()
                    .map(|&a| list_item(site, a, &url))
                    .collect(),
            });
        }
        Job::Search => {
            page.kind = "search";
            page.title = "Search".into();
            page.description = format!("Search {}.", config.title);
            page.home = Some(home(site, &url));
        }
        Job::NotFound => {
            page.kind = "404";
            page.title = "Page not found".into();
            page.canonical = None;
            // Served at whatever path was missing, so relative links need a base.
            if !config.base_url.is_empty() {
                page.base = Some(config.base_url.clone());
            }
            page.home = Some(home(site, &url));
        }
    }
    page
}

fn list_item(site: &Site, index: usize, url: &impl Fn(&str) -> String) -> ListItem {
    let article = &site.articles[index];
    ListItem {
        title: article.title.clone(),
        href: url(&site.path_of(index)),
        description: article.description(),
        reading_minutes: article.reading_minutes(),
        questions: article.questions.len(),
    }
}

fn home(site: &Site, url: &impl Fn(&str) -> String) -> HomeView {
    let mut groups: Vec<Group> = site
        .categories
        .iter()
        .map(|c| Group {
            name: Some(c.name.clone()),
            href: Some(url(&format!("categories/{}/", c.slug))),
            articles: c
                .articles
                .iter()
                .map(|&a| list_item(site, a, url))
                .collect(),
        })
        .collect();
    // Categories in the order of their first article, so weight decides.
    groups.sort_by_key(|g| {
        site.categories
            .iter()
            .find(|c| Some(&c.name) == g.name.as_ref())
            .and_then(|c| c.articles.first().copied())
    });
    let loose: Vec<ListItem> = (0..site.articles.len())
        .filter(|&i| site.articles[i].front.category.is_none())
        .map(|i| list_item(site, i, url))
        .collect();
    if !loose.is_empty() {
        groups.push(Group {
            name: None,
            href: None,
            articles: loose,
        });
    }
    HomeView {
        groups,
        questions: site.faq.len(),
        faq_href: url("faq/"),
    }
}

fn date_view(iso: &str) -> DateView {
    DateView {
        iso: iso.to_string(),
        display: display_date(iso),
    }
}

/// `2026-11-24` → `24 November 2026`.
pub fn display_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.get(..10).unwrap_or(iso).split('-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

fn article_view(site: &Site, i: usize, from: &str) -> ArticleView {
    let article = &site.articles[i];
    let style = site.config.links;
    let url = |to: &str| relative(from, to, style);
    let link = |a: usize| Link {
        title: site.articles[a].title.clone(),
        href: url(&site.path_of(a)),
    };
    let category = site.category_of(i).map(|c| Link {
        title: c.name.clone(),
        href: url(&format!("categories/{}/", c.slug)),
    });
    let mut breadcrumbs = vec![Link {
        title: "Home".into(),
        href: url(""),
    }];
    breadcrumbs.extend(site.category_of(i).map(|c| Link {
        title: c.name.clone(),
        href: url(&format!("categories/{}/", c.slug)),
    }));
    let tags = site
        .tags
        .iter()
        .filter(|t| t.articles.contains(&i))
        .map(|t| Link {
            title: t.name.clone(),
            href: url(&format!("tags/{}/", t.slug)),
        })
        .collect();
    ArticleView {
        title: article.title.clone(),
        content: html::render_body(site, i),
        toc: article
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocEntry {
                level: h.level,
                text: h.text.clone(),
                id: h.id.clone(),
            })
            .collect(),
        reading_minutes: article.reading_minutes(),
        date: article.front.date.as_deref().map(date_view),
        updated: article
            .front
            .updated
            .as_deref()
            .filter(|u| Some(*u) != article.front.date.as_deref())
            .map(date_view),
        author: article
            .front
            .author
            .clone()
            .or_else(|| site.config.author.clone()),
        category,
        tags,
        breadcrumbs,
        backlinks: site.backlinks[i]
            .iter()
            .map(|b| {
                let mut href = url(&site.path_of(b.from));
                if let Some((_, id)) = &b.section {
                    href.push('#');
                    href.push_str(id);
                }
                Backlink {
                    title: site.articles[b.from].title.clone(),
                    href,
                    section: b.section.as_ref().map(|(t, _)| t.clone()),
                }
            })
            .collect(),
        prev: site.prev(i).map(link),
        next: site.next(i).map(link),
        related: site.related[i].iter().map(|&a| link(a)).collect(),
        sources: article
            .front
            .sources
            .iter()
            .map(|s| match s {
                Source::Text(text) => SourceView {
                    text: text.clone(),
                    url: None,
                },
                Source::Link { title, url } => SourceView {
                    text: title.clone(),
                    url: Some(url.clone()),
                },
            })
            .collect(),
        questions: article
            .questions
            .iter()
            .filter(|q| q.heading.is_none())
            .filter_map(|q| {
                Some(ExtraQuestionView {
                    id: q.id.clone()?,
                    question: q.question.clone(),
                    answer: q.answer.clone(),
                })
            })
            .collect(),
        reviewed_by: article.front.reviewed_by.clone(),
        last_reviewed: article.front.last_reviewed.as_deref().map(date_view),
    }
}

/// The questions of article `i` as (question, answer, absolute URL).
fn questions_of(site: &Site, i: usize, markup_only: bool) -> Vec<(String, String, String)> {
    let article = &site.articles[i];
    site.faq
        .iter()
        .filter(|e| e.article == i && (e.markup || !markup_only))
        .map(|e| {
            let q = &article.questions[e.question];
            let mut url = site.config.absolute(&site.path_of(i));
            if let Some(id) = &q.id {
                url.push('#');
                url.push_str(id);
            }
            (q.question.clone(), q.answer.clone(), url)
        })
        .collect()
}

fn article_jsonld(site: &Site, i: usize) -> Vec<String> {
    let mut blocks = vec![jsonld::script_text(&jsonld::article(site, i))];
    let mut crumbs = vec![("Home".to_string(), site.config.absolute(""))];
    if let Some(c) = site.category_of(i) {
        crumbs.push((
            c.name.clone(),
            site.config.absolute(&format!("categories/{}/", c.slug)),
        ));
    }
    crumbs.push((
        site.articles[i].title.clone(),
        site.config.absolute(&site.path_of(i)),
    ));
    blocks.push(jsonld::script_text(&jsonld::breadcrumbs(&crumbs)));
    if article_reviewed(site, i) {
        blocks.push(jsonld::script_text(&jsonld::medical_page(site, i)));
    }
    let questions = questions_of(site, i, true);
    if !questions.is_empty() {
        blocks.push(jsonld::script_text(&jsonld::faq_page(&questions)));
    }
    blocks
}

fn article_reviewed(site: &Site, i: usize) -> bool {
    let front = &site.articles[i].front;
    front.reviewed_by.is_some() || front.last_reviewed.is_some()
}

fn faq(site: &Site, url: &impl Fn(&str) -> String) -> (FaqView, Option<String>) {
    let mut groups: Vec<FaqGroup> = Vec::new();
    fn group_of(groups: &mut Vec<FaqGroup>, name: Option<String>) -> usize {
        match groups.iter().position(|g| g.name == name) {
            Some(i) => i,
            None => {
                groups.push(FaqGroup {
                    name,
                    articles: Vec::new(),
                });
                groups.len() - 1
            }
        }
    }
    let mut all = Vec::new();
    let mut current: Option<(usize, usize)> = None; // (article, group)
    let mut order: Vec<usize> = (0..site.faq.len()).collect();
    // Group by category (in site order of first appearance), then article.
    order.sort_by_key(|&e| {
        let a = site.faq[e].article;
        let category = site
            .category_of(a)
            .and_then(|c| c.articles.first().copied())
            .unwrap_or(usize::MAX);
        (category, a, site.faq[e].question)
    });
    for e in order {
        let entry = &site.faq[e];
        let article = &site.articles[entry.article];
        let question = &article.questions[entry.question];
        let page = url(&site.path_of(entry.article));
        let href = match &question.id {
            Some(id) => format!("{page}#{id}"),
            None => page.clone(),
        };
        if current.map(|(a, _)| a) != Some(entry.article) {
            let g = group_of(&mut groups, article.front.category.clone());
            groups[g].articles.push(FaqArticle {
                title: article.title.clone(),
                href: page,
                questions: Vec::new(),
            });
            current = Some((entry.article, g));
        }
        let (_, g) = current.expect("set above");
        let item = FaqQuestion {
            question: question.question.clone(),
            excerpt: excerpt(&question.answer, 240),
            href,
        };
        groups[g]
            .articles
            .last_mut()
            .expect("pushed above")
            .questions
            .push(item);
        if entry.markup {
            let mut absolute = site.config.absolute(&site.path_of(entry.article));
            if let Some(id) = &question.id {
                absolute.push('#');
                absolute.push_str(id);
            }
            all.push((question.question.clone(), question.answer.clone(), absolute));
        }
    }
    let jsonld = (!all.is_empty()).then(|| jsonld::script_text(&jsonld::faq_page(&all)));
    (
        FaqView {
            groups,
            count: site.faq.len(),
        },
        jsonld,
    )
}

/// A page that sends readers from an old path (`aliases`) to the article.
pub fn redirect(site: &Site, file: &str, article: usize) -> String {
    let folder = file
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let target = relative(&folder, &site.path_of(article), site.config.links);
    let canonical = if site.config.base_url.is_empty() {
        String::new()
    } else {
        format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape(&site.config.absolute(&site.path_of(article)))
        )
    };
    let title = escape(&site.articles[article].title);
    let target = escape(&target);
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n{canonical}<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
        escape(&site.config.language)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_display_in_words() {
        assert_eq!(display_date("2026-11-24"), "24 November 2026");
        assert_eq!(display_date("2026-01-05T10:00:00Z"), "5 January 2026");
        assert_eq!(display_date("soon"), "soon");
    }
}
