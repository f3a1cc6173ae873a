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
use crate::resolve::listings::{GroupKind, Listing};
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
    term: Option<TermView<'a>>,
    terms: Option<TermsView>,
    section: Option<SectionView>,
    /// On a page of a listing split into pages: links to the others.
    pagination: Option<Pagination>,
    /// On the 404 and search pages: the categories to go on from.
    directory: Option<DirectoryView>,
    /// Where an article page is in the site's tree.
    nav: Option<NavView>,
    /// The language switcher: this page in each language of the site
    /// (none for a site in one language).
    languages: Vec<LanguageLink>,
    /// This page's translations, for `<link rel="alternate" hreflang>`:
    /// absolute URLs, `x-default` last.
    alternates: Vec<AlternateLink>,
}

#[derive(Serialize)]
struct LanguageLink {
    /// The language's tag (`fr`), for `lang` and `hreflang`.
    tag: String,
    /// Its own name (`Français`).
    name: String,
    /// The page in that language, else that language's home page.
    href: Url,
    current: bool,
    /// Whether the page has a translation in that language.
    translated: bool,
}

#[derive(Serialize)]
pub(super) struct AlternateLink {
    pub(super) hreflang: String,
    pub(super) href: Url,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// `ltr` or `rtl`.
    direction: &'static str,
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
    /// `5 min read`, in the site's language.
    reading_time: String,
    questions: usize,
    /// `2 questions`.
    questions_text: String,
}

#[derive(Serialize)]
struct Group {
    name: Option<String>,
    href: Option<Url>,
    articles: Vec<ListItem>,
    /// When the group has a page of its own: how many articles it has
    /// there.
    more: Option<More>,
}

#[derive(Serialize)]
struct More {
    count: usize,
    /// `All 12 articles in Drills`.
    text: String,
    href: Url,
}

/// How many articles the home page shows of each section or category.
const HOME_FIRST: usize = 5;

#[derive(Serialize)]
struct HomeView {
    groups: Vec<Group>,
    /// Whether the site is a book (`SUMMARY.md`): its unnamed group holds
    /// chapters.
    book: bool,
    questions: usize,
    /// `Browse all 40 questions`.
    browse: String,
    faq_href: Url,
}

#[derive(Serialize)]
struct TermView<'a> {
    /// `Tag` or `Category`, in the site's language.
    kind: &'a str,
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
    let words = &config.words;
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
            direction: words.direction(),
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
        languages: Vec::new(),
        alternates: Vec::new(),
    };

    let intro = job.intro(site);
    if let Some((listing, number)) = job.page_of() {
        let pages = site.pages(listing);
        page.pagination = paginate::links(&site.listing_path(listing), number, pages, words, &url);
    }
    match job {
        Job::Home(number) => page.home = Some(home(site, number, &url)),
        Job::Article(i) => {
            let article = &site.articles[i];
            page.kind = "article";
            page.title = article.title.clone();
            page.description = article.description();
            page.jsonld = article::structured_data(site, i, true);
            page.article = Some(article::view(site, glossary, i, &from));
            page.nav = (site.tree.of_article.get(i).copied().flatten())
                .and_then(|node| nav::view(site, node, &url));
        }
        Job::Faq => {
            page.kind = "faq";
            page.title = words.text("faq_title").into();
            page.description = words.fill("faq_description", &[("site", &config.title)]);
            let (view, jsonld) = faq::index(site, &url, intro, None);
            page.faq = Some(view);
            page.jsonld = jsonld.into_iter().collect();
        }
        Job::FaqGroup(g, number) => {
            page.kind = "faq";
            let name = site.faq_groups[g]
                .name
                .as_deref()
                .unwrap_or(words.text("other_questions"));
            page.title = words.fill("faq_group_title", &[("name", name)]);
            page.description = words.fill(
                "faq_group_description",
                &[("name", name), ("site", &config.title)],
            );
            let (view, jsonld) = faq::index(site, &url, None, Some((g, number)));
            page.faq = Some(view);
            page.jsonld = jsonld.into_iter().collect();
            let pages = site.faq_groups[g].pages();
            page.pagination =
                paginate::links(&faq::group_path(site, g), number, pages, words, &url);
        }
        Job::TermIndex => {
            page.kind = "terms";
            page.title = words.text("tags_and_categories").into();
            page.terms = Some(TermsView {
                tags: term_links(&site.tags, "tags", &url),
                categories: term_links(&site.categories, "categories", &url),
            });
        }
        Job::Tag(i, number) | Job::Category(i, number) => {
            let (kind, term, listing) = match job {
                Job::Tag(..) => ("tag", &site.tags[i], Listing::Tag(i)),
                _ => ("category", &site.categories[i], Listing::Category(i)),
            };
            page.kind = "term";
            let name = [("name", term.name.as_str())];
            page.title = words.fill(&format!("{kind}_title"), &name);
            page.description = words.fill("term_description", &name);
            let kind = words.text(kind);
            let listed = site.term_articles(listing);
            page.term = Some(TermView {
                kind,
                name: term.name.clone(),
                articles: paginate::slice(&listed, number, config.page_size)
                    .iter()
                    .map(|&a| list_item(site, a, &url))
                    .collect(),
            });
        }
        Job::Search => {
            page.kind = "search";
            page.title = words.text("search_title").into();
            page.description = words.fill("search_description", &[("site", &config.title)]);
            page.directory = Some(directory(site, &url));
        }
        Job::Section(s, number) => {
            page.kind = "section";
            page.section = Some(section(site, s, number, &url));
            page.title = site.tree.sections[s].title.clone();
            page.description = words.fill("section_description", &[("name", &page.title)]);
            page.nav = nav::view(site, site.tree.sections[s].node, &url);
        }
        Job::NotFound => {
            page.kind = "404";
            page.title = words.text("not_found_title").into();
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
        if job == Job::Home(0) {
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
    if site.translations.languages.len() > 1 {
        let source = match job {
            Job::Article(i) => Some(i),
            _ => intro,
        };
        let source = source.map(|i| site.articles[i].source.as_str());
        (page.languages, page.alternates) = languages(site, &from, source);
        // The 404 page leads to each language's home page, and translates
        // nothing.
        if job == Job::NotFound {
            page.alternates.clear();
            page.languages.iter_mut().for_each(|l| l.current = false);
        }
    }
    // Pages after the first say which they are.
    if let Some(pagination) = page.pagination.as_ref().filter(|p| p.number > 1) {
        page.title = format!("{} {}", page.title, pagination.heading);
    }
    page
}

/// The page at `from` (showing the article `source`) in each language:
/// the switcher's links, and the `hreflang` alternates.
fn languages(
    site: &Site,
    from: &str,
    source: Option<&str>,
) -> (Vec<LanguageLink>, Vec<AlternateLink>) {
    let style = site.config.links;
    let in_output = |path: &str| Url::new(&relative(from, &format!("{}{path}", site.up()), style));
    let alternates = site.translations.alternates(site.language, from, source);
    let switcher = (alternates.iter().enumerate())
        .map(|(l, alternate)| LanguageLink {
            tag: alternate.language.tag.clone(),
            name: alternate.language.name.clone(),
            href: in_output(
                alternate
                    .path
                    .as_deref()
                    .unwrap_or(&alternate.language.prefix),
            ),
            current: l == site.language,
            translated: alternate.path.is_some(),
        })
        .collect();
    let links = match site.config.base_url.is_empty() {
        true => Vec::new(),
        false => hreflang_links(site, &alternates),
    };
    (switcher, links)
}

/// The `hreflang` alternates of a page in each language it is translated
/// into (`alternates`, from [`crate::resolve::languages::Translations`]),
/// the site's own language again last as `x-default`: for the page's head
/// and the sitemap alike. None for a page alone in its language.
pub(super) fn hreflang_links(
    site: &Site,
    alternates: &[crate::resolve::languages::Alternate],
) -> Vec<AlternateLink> {
    let mut links = Vec::new();
    let translated: Vec<_> = (alternates.iter())
        .filter_map(|a| Some((a.language, a.path.as_deref()?)))
        .collect();
    if translated.len() < 2 {
        return links;
    }
    for (language, path) in translated {
        links.push(AlternateLink {
            hreflang: language.tag.clone(),
            href: Url::new(&site.absolute_in_output(path)),
        });
    }
    // The site's own language is for readers of any other.
    if let Some(path) = alternates.first().and_then(|a| a.path.as_deref()) {
        links.push(AlternateLink {
            hreflang: "x-default".into(),
            href: Url::new(&site.absolute_in_output(path)),
        });
    }
    links
}

/// Page `number` (from 0) of section `s`'s list of articles and subsections.
fn section(site: &Site, s: usize, number: usize, url: &impl Fn(&str) -> Url) -> SectionView {
    use crate::resolve::sections::Kind;
    let tree = &site.tree;
    let section = &tree.sections[s];
    let mut breadcrumbs = vec![Link {
        title: site.config.words.text("home").into(),
        href: url(""),
    }];
    breadcrumbs.extend(
        (site.node_crumbs(section.node).into_iter()).map(|(title, path)| Link {
            title,
            href: url(&path),
        }),
    );
    let children = &tree.nodes[section.node].children;
    let entries = paginate::slice(children, number, site.config.page_size)
        .iter()
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
                        None => site.config.words.count("entries", count, &[]),
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
    let link = |a: usize| Link {
        title: site.articles[a].title.clone(),
        href: url(&site.path_of(a)),
    };
    let index = section.index.filter(|_| number == 0);
    SectionView {
        title: section.title.clone(),
        breadcrumbs,
        entries,
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

/// `All 12 articles in Drills`, in the site's language.
fn all_articles_in(site: &Site, count: usize, name: Option<&str>) -> String {
    let name = [("name", name.unwrap_or_default())];
    site.config.words.count("all_articles_in", count, &name)
}

fn list_item(site: &Site, index: usize, url: &impl Fn(&str) -> Url) -> ListItem {
    let article = &site.articles[index];
    let words = &site.config.words;
    let questions = article.questions.len();
    ListItem {
        title: article.title.clone(),
        href: url(&site.path_of(index)),
        description: article.description(),
        reading_minutes: article.reading_minutes(),
        reading_time: words.count("reading_time", article.reading_minutes(), &[]),
        questions,
        // Shown only for an article with questions.
        questions_text: match questions {
            0 => String::new(),
            n => words.count("questions", n, &[]),
        },
    }
}

/// Page `number` (from 0) of the home page: on the first, each group of
/// the site with its first articles and a link to its page (a section's,
/// a category's); the groups without a page of their own (a book's parts,
/// the articles outside sections and categories) list their articles over
/// as many pages as they take, and only they go on to the next pages.
fn home(site: &Site, number: usize, url: &impl Fn(&str) -> Url) -> HomeView {
    let size = site.config.page_size;
    let mut after_part = false;
    let groups = (site.home.iter())
        .filter(|g| number == 0 || g.kind.paged_on_home())
        .filter_map(|group| {
            let (name, page) = match &group.kind {
                GroupKind::Section(s) => {
                    let section = &site.tree.sections[*s];
                    (Some(section.title.clone()), Some(url(&section.path)))
                }
                GroupKind::Category(c) => {
                    let category = &site.categories[*c];
                    let path = format!("categories/{}/", category.slug);
                    (Some(category.name.clone()), Some(url(&path)))
                }
                // The files `SUMMARY.md` does not list come after its parts.
                GroupKind::Part(None) if after_part => {
                    (Some(site.config.words.text("other_chapters").into()), None)
                }
                GroupKind::Part(name) => {
                    after_part |= name.is_some();
                    (name.clone(), None)
                }
                GroupKind::Loose => (None, None),
            };
            let shown = match page {
                Some(_) => &group.articles[..group.articles.len().min(HOME_FIRST)],
                None => paginate::slice(&group.articles, number, size),
            };
            if shown.is_empty() {
                return None;
            }
            let more = page.clone().map(|href| More {
                count: group.articles.len(),
                text: all_articles_in(site, group.articles.len(), name.as_deref()),
                href,
            });
            Some(Group {
                name,
                articles: shown.iter().map(|&a| list_item(site, a, url)).collect(),
                more,
                href: page,
            })
        })
        .collect();
    HomeView {
        groups,
        book: site.tree.book,
        questions: site.faq.len(),
        browse: site
            .config
            .words
            .count("browse_questions", site.faq.len(), &[]),
        faq_href: url("faq/"),
    }
}
