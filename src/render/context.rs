//! The context every template gets: the site, the page's URLs and menu,
//! and the view of what the page shows (home, article, FAQ, tags).

use std::collections::BTreeMap;

use serde::Serialize;

use super::article::{self, ArticleView};
use super::faq::{self, FaqView};
use super::glossary::Glossary;
use super::html::Url;
use super::nav::{self, NavView};
use super::paginate::{self, Pagination};
use super::Job;
use crate::load::{LinkStyle, Theme};
use crate::resolve::urls::{self, relative};
use crate::resolve::{Site, Term};

#[derive(Serialize)]
pub(super) struct Page<'a> {
    site: SiteView<'a>,
    /// The relative URL of the site's root folder from this page (`../`,
    /// `./`); append a site path to it, then `index`.
    root: Url,
    /// `index.html` when links name files (`links = "files"`), else empty:
    /// `{{ root }}faq/{{ index }}`.
    index: &'static str,
    /// The home page's URL from this page.
    home_url: Url,
    /// Theme assets by name (`style.css`), as URLs from this page.
    assets: BTreeMap<&'a str, Url>,
    menu: Vec<NavLink>,
    /// The page's own title (without the site title).
    title: String,
    description: String,
    /// Absolute URL, when `base_url` is set.
    canonical: Option<Url>,
    feed: Option<Url>,
    /// JSON-LD blocks, already escaped for a `<script>` element.
    jsonld: Vec<String>,
    kind: &'static str,
    /// `<base href>` for the 404 page, which is served at any depth.
    base: Option<Url>,
    home: Option<HomeView>,
    article: Option<ArticleView>,
    /// On a generated page (home, FAQ, tags, a tag or category, search),
    /// the author's article at its URL, shown above what lectern gathers.
    intro: Option<ArticleView>,
    faq: Option<FaqView>,
    term: Option<TermView>,
    terms: Option<TermsView>,
    section: Option<SectionView>,
    /// On a page of a listing split into pages: links to the others.
    pagination: Option<Pagination>,
    /// On the 404 and search pages: the categories to go on from.
    directory: Option<DirectoryView>,
    /// Where an article page is in the site's tree.
    nav: Option<NavView>,
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
    href: Url,
    current: bool,
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) href: Url,
}

#[derive(Serialize)]
pub(super) struct ListItem {
    title: String,
    href: Url,
    description: String,
    reading_minutes: usize,
    questions: usize,
}

#[derive(Serialize)]
struct Group {
    name: Option<String>,
    href: Option<Url>,
    articles: Vec<ListItem>,
    /// When the group shows only its first articles: how many it has, and
    /// the page listing them all.
    more: Option<More>,
}

#[derive(Serialize)]
struct More {
    count: usize,
    /// `None` when no page lists them all (the top chapters of a book).
    href: Option<Url>,
}

/// How many articles the home page shows of each section or category.
const HOME_FIRST: usize = 5;

/// How many articles the home page lists in a group that has no page of
/// its own (a part of a book, the articles outside sections and categories).
const HOME_MOST: usize = 50;

#[derive(Serialize)]
struct HomeView {
    groups: Vec<Group>,
    questions: usize,
    faq_href: Url,
}

#[derive(Serialize)]
struct TermView {
    kind: &'static str,
    name: String,
    articles: Vec<ListItem>,
}

#[derive(Serialize)]
struct SectionView {
    title: String,
    /// The sections or chapters above it, the home page first.
    breadcrumbs: Vec<Link>,
    /// Its articles, subsections and draft chapters on this page, in order.
    entries: Vec<SectionEntry>,
    page: usize,
    pages: usize,
    prev_page: Option<Url>,
    next_page: Option<Url>,
    /// The previous and next articles of the site, when the section's
    /// `index.md` is one of them.
    prev: Option<Link>,
    next: Option<Link>,
}

#[derive(Serialize)]
struct SectionEntry {
    title: String,
    /// `None` for a chapter without a page yet.
    href: Option<Url>,
    description: String,
    /// Whether it is a subsection.
    section: bool,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    href: Url,
    count: usize,
}

/// Where to go on from a page that cannot list every article: the
/// categories, or on a site without them its most used tags.
#[derive(Serialize)]
struct DirectoryView {
    /// The top-level sections, with their number of articles.
    sections: Vec<TermLink>,
    categories: Vec<TermLink>,
    tags: Vec<TermLink>,
}

/// How many tags a [`DirectoryView`] shows at most.
const DIRECTORY_TAGS: usize = 20;

fn directory(site: &Site, url: &impl Fn(&str) -> Url) -> DirectoryView {
    let categories = term_links(&site.categories, "categories", url);
    let mut tags = Vec::new();
    if categories.is_empty() {
        tags = term_links(&site.tags, "tags", url);
        // Most used first, then by name as the tags come.
        tags.sort_by_key(|t| std::cmp::Reverse(t.count));
        tags.truncate(DIRECTORY_TAGS);
    }
    let tree = &site.tree;
    let sections = (tree.nodes[0].children.iter())
        .filter_map(|&node| match tree.nodes[node].kind {
            crate::resolve::sections::Kind::Section(s) => Some(TermLink {
                name: tree.sections[s].title.clone(),
                href: url(&tree.sections[s].path),
                count: tree.articles_under(node).len(),
            }),
            _ => None,
        })
        .collect();
    DirectoryView {
        sections,
        categories,
        tags,
    }
}

#[derive(Serialize)]
struct TermsView {
    tags: Vec<TermLink>,
    categories: Vec<TermLink>,
}

/// The context of the page `job`.
pub(super) fn page<'a>(
    site: &'a Site,
    theme: &'a Theme,
    glossary: &Glossary,
    job: Job,
) -> Page<'a> {
    let config = &site.config;
    let from = match job {
        Job::NotFound => String::new(),
        _ => job.path(site),
    };
    let style = config.links;
    let url = |to: &str| Url::new(&relative(&from, to, style));
    let absolute = |to: &str| (!config.base_url.is_empty()).then(|| Url::new(&config.absolute(to)));

    let menu = config
        .menu
        .iter()
        .map(|item| {
            let written = Url::new(&item.url);
            let target = written.as_str().trim_start_matches('/');
            // An absolute URL, or a fragment (`#` for a disarmed script URL).
            let as_written = urls::is_external(target) || target.starts_with('#');
            NavLink {
                name: item.name.clone(),
                current: !as_written && target == from,
                href: if as_written {
                    written.clone()
                } else {
                    url(target)
                },
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
        root: Url::new(&relative(&from, "", LinkStyle::Pretty)),
        index: match style {
            LinkStyle::Files => "index.html",
            LinkStyle::Pretty => "",
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
        intro: None,
        faq: None,
        term: None,
        terms: None,
        section: None,
        pagination: None,
        directory: None,
        nav: None,
    };

    let intro = job.intro(site);
    match job {
        Job::Home => page.home = Some(home(site, &url)),
        Job::Article(i) => {
            let article = &site.articles[i];
            page.kind = "article";
            page.title = article.title.clone();
            page.description = article.description();
            page.jsonld = article::structured_data(site, i, true);
            page.article = Some(article::view(site, glossary, i, &from));
            page.nav = nav::view(site, i, &url);
        }
        Job::Faq => {
            page.kind = "faq";
            page.title = "Frequently asked questions".into();
            page.description = format!(
                "Every question answered on {}, with links to the full answers.",
                config.title
            );
            let (view, jsonld) = faq::index(site, &url, intro, None);
            page.faq = Some(view);
            page.jsonld = jsonld.into_iter().collect();
        }
        Job::FaqGroup(g, number) => {
            page.kind = "faq";
            let name = site.faq_groups[g]
                .name
                .as_deref()
                .unwrap_or("Other questions");
            page.title = match number {
                1 => format!("Questions: {name}"),
                n => format!("Questions: {name} (page {n})"),
            };
            page.description = format!(
                "The questions on {name} answered on {}, with links to the full answers.",
                config.title
            );
            let (view, jsonld) = faq::index(site, &url, None, Some((g, number)));
            page.faq = Some(view);
            page.jsonld = jsonld.into_iter().collect();
        }
        Job::TermIndex => {
            page.kind = "terms";
            page.title = "Tags and categories".into();
            page.terms = Some(TermsView {
                tags: term_links(&site.tags, "tags", &url),
                categories: term_links(&site.categories, "categories", &url),
            });
        }
        Job::Tag(i, number) | Job::Category(i, number) => {
            let (kind, term, first) = match job {
                Job::Tag(..) => ("Tag", &site.tags[i], Job::Tag(i, 0)),
                _ => ("Category", &site.categories[i], Job::Category(i, 0)),
            };
            page.kind = "term";
            page.title = format!("{kind}: {}", term.name);
            page.description = format!("Articles filed under {}.", term.name);
            let listed = super::term_articles(site, job);
            let size = config.page_size;
            let pages = paginate::count(listed.len(), size);
            page.pagination = paginate::links(&first.path(site), number, pages, &url);
            if let Some(pagination) = &page.pagination {
                page.title = format!(
                    "{} (page {} of {})",
                    page.title, pagination.number, pagination.pages
                );
            }
            page.term = Some(TermView {
                kind,
                name: term.name.clone(),
                articles: paginate::slice(&listed, number, size)
                    .iter()
                    .map(|&a| list_item(site, a, &url))
                    .collect(),
            });
        }
        Job::Search => {
            page.kind = "search";
            page.title = "Search".into();
            page.description = format!("Search {}.", config.title);
            page.directory = Some(directory(site, &url));
        }
        Job::Section(s, number) => {
            page.kind = "section";
            page.section = Some(section(site, s, number, &url));
            page.title = site.tree.sections[s].title.clone();
            page.description = format!("The articles of {}.", page.title);
            if number > 1 {
                page.title = format!("{} (page {number})", page.title);
            }
        }
        Job::NotFound => {
            page.kind = "404";
            page.title = "Page not found".into();
            page.canonical = None;
            // Served at whatever path was missing, so relative links need a base.
            if !config.base_url.is_empty() {
                page.base = Some(Url::new(&config.base_url));
            }
            page.directory = Some(directory(site, &url));
        }
    }
    if let Some(i) = intro {
        let article = &site.articles[i];
        let mut view = article::view(site, glossary, i, &from);
        if job == Job::Home {
            // Named by nothing but its file (`README.md`): the site's title.
            if article.title_heading_text.is_none() && !article.has_given_title() {
                view.heading = config.title.clone();
            }
            if config.description.is_empty() {
                page.description = article.description();
            }
        } else {
            page.title = article.title.clone();
            page.description = article.description();
        }
        // The FAQ index carries every question's structured data itself.
        let questions = !matches!(job, Job::Faq | Job::FaqGroup(..));
        page.jsonld
            .extend(article::structured_data(site, i, questions));
        page.intro = Some(view);
    }
    page
}

/// Page `number` of section `s`'s list of articles and subsections.
fn section(site: &Site, s: usize, number: usize, url: &impl Fn(&str) -> Url) -> SectionView {
    use crate::resolve::sections::{Kind, PER_PAGE};
    let tree = &site.tree;
    let section = &tree.sections[s];
    let mut breadcrumbs = vec![Link {
        title: "Home".into(),
        href: url(""),
    }];
    breadcrumbs.extend(
        (site.node_crumbs(section.node).into_iter()).map(|(title, path)| Link {
            title,
            href: url(&path),
        }),
    );
    let entries = tree.nodes[section.node]
        .children
        .iter()
        .skip((number - 1) * PER_PAGE)
        .take(PER_PAGE)
        .filter_map(|&node| match &tree.nodes[node].kind {
            Kind::Root => None,
            Kind::Section(sub) => {
                let sub = &tree.sections[*sub];
                let count = tree.nodes[sub.node].children.len();
                Some(SectionEntry {
                    title: sub.title.clone(),
                    href: Some(url(&sub.path)),
                    description: match sub.index {
                        Some(i) => site.articles[i].description(),
                        None => format!("{count} {}", if count == 1 { "entry" } else { "entries" }),
                    },
                    section: true,
                })
            }
            Kind::Article(a) => Some(SectionEntry {
                title: site.articles[*a].title.clone(),
                href: Some(url(&site.path_of(*a))),
                description: site.articles[*a].description(),
                section: false,
            }),
            Kind::Draft(title) => Some(SectionEntry {
                title: title.clone(),
                href: None,
                description: String::new(),
                section: false,
            }),
        })
        .collect();
    let pages = tree.pages(s);
    let page_url = |n: usize| match n {
        1 => url(&section.path),
        n => url(&format!("{}page/{n}/", section.path)),
    };
    let link = |a: usize| Link {
        title: site.articles[a].title.clone(),
        href: url(&site.path_of(a)),
    };
    let index = section.index.filter(|_| number == 1);
    SectionView {
        title: section.title.clone(),
        breadcrumbs,
        entries,
        page: number,
        pages,
        prev_page: (number > 1).then(|| page_url(number - 1)),
        next_page: (number < pages).then(|| page_url(number + 1)),
        prev: index.and_then(|i| site.prev(i)).map(link),
        next: index.and_then(|i| site.next(i)).map(link),
    }
}

/// A link to each term's page under `folder`, with its number of articles.
fn term_links(terms: &[Term], folder: &str, url: &impl Fn(&str) -> Url) -> Vec<TermLink> {
    terms
        .iter()
        .map(|t| TermLink {
            name: t.name.clone(),
            href: url(&format!("{folder}/{}/", t.slug)),
            count: t.articles.len(),
        })
        .collect()
}

fn list_item(site: &Site, index: usize, url: &impl Fn(&str) -> Url) -> ListItem {
    let article = &site.articles[index];
    ListItem {
        title: article.title.clone(),
        href: url(&site.path_of(index)),
        description: article.description(),
        reading_minutes: article.reading_minutes(),
        questions: article.questions.len(),
    }
}

fn home(site: &Site, url: &impl Fn(&str) -> Url) -> HomeView {
    use crate::resolve::sections::Kind;
    let tree = &site.tree;
    // The top of the tree in order: each section (with its first articles
    // and a link to its page), each part of `SUMMARY.md`, and the articles
    // outside sections by category.
    let mut groups: Vec<Group> = Vec::new();
    let mut category_group: Vec<(usize, usize)> = Vec::new();
    let mut loose = Vec::new();
    let mut part_group: Option<(Option<&str>, usize)> = None;
    // Per group, how many articles a part has.
    let mut parted: Vec<usize> = Vec::new();
    let summary = tree.sections.is_empty()
        && tree.nodes[0]
            .children
            .iter()
            .any(|&n| tree.nodes[n].part.is_some());
    for &node in &tree.nodes[0].children {
        match &tree.nodes[node].kind {
            Kind::Section(s) => {
                let section = &tree.sections[*s];
                let under = tree.articles_under(node);
                groups.push(Group {
                    name: Some(section.title.clone()),
                    href: Some(url(&section.path)),
                    articles: (under.iter().take(HOME_FIRST))
                        .map(|&a| list_item(site, a, url))
                        .collect(),
                    more: Some(More {
                        count: under.len(),
                        href: Some(url(&section.path)),
                    }),
                });
            }
            Kind::Article(a) if site.path_of(*a).is_empty() => {}
            Kind::Article(a) if summary => {
                let part = tree.nodes[node].part.as_deref();
                let group = match part_group {
                    Some((p, g)) if p == part => g,
                    _ => {
                        groups.push(Group {
                            name: part.map(str::to_string),
                            href: None,
                            articles: Vec::new(),
                            more: None,
                        });
                        part_group = Some((part, groups.len() - 1));
                        parted.resize(groups.len(), 0);
                        groups.len() - 1
                    }
                };
                parted[group] += 1;
                if groups[group].articles.len() < HOME_MOST {
                    groups[group].articles.push(list_item(site, *a, url));
                }
            }
            Kind::Article(a) => match site.category_of(*a) {
                Some(category) => {
                    let c = site
                        .categories
                        .iter()
                        .position(|x| x.name == category.name)
                        .unwrap_or(0);
                    let group = match category_group.iter().find(|(x, _)| *x == c) {
                        Some(&(_, g)) => g,
                        None => {
                            let slug = &category.slug;
                            let count = (category.articles.iter())
                                .filter(|&&a| {
                                    !site.path_of(a).is_empty() && site.crumbs(a).is_empty()
                                })
                                .count();
                            groups.push(Group {
                                name: Some(category.name.clone()),
                                href: Some(url(&format!("categories/{slug}/"))),
                                articles: Vec::new(),
                                more: (count > HOME_FIRST).then(|| More {
                                    count,
                                    href: Some(url(&format!("categories/{slug}/"))),
                                }),
                            });
                            category_group.push((c, groups.len() - 1));
                            groups.len() - 1
                        }
                    };
                    if groups[group].articles.len() < HOME_FIRST {
                        groups[group].articles.push(list_item(site, *a, url));
                    }
                }
                None => loose.push(*a),
            },
            Kind::Draft(_) | Kind::Root => {}
        }
    }
    parted.resize(groups.len(), 0);
    if !loose.is_empty() {
        parted.push(loose.len());
        groups.push(Group {
            name: None,
            href: None,
            articles: (loose.iter().take(HOME_MOST))
                .map(|&a| list_item(site, a, url))
                .collect(),
            more: None,
        });
    }
    // A long list with no page of its own shows its start.
    for (group, &count) in groups.iter_mut().zip(&parted) {
        if count > HOME_MOST {
            group.more = Some(More { count, href: None });
        }
    }
    HomeView {
        groups,
        questions: site.faq.len(),
        faq_href: url("faq/"),
    }
}
