//! An article page's view (body, table of contents, dates, tags, links
//! around it, sources, review) and its structured data.

use serde::Serialize;

use super::context::Link;
use super::glossary::Glossary;
use super::html::Url;
use super::{body, faq, jsonld};
use crate::load::frontmatter::Source;
use crate::load::Date;
use crate::resolve::urls::relative;
use crate::resolve::Site;

#[derive(Serialize)]
struct TocEntry {
    level: u8,
    text: String,
    id: String,
}

#[derive(Serialize)]
struct Backlink {
    title: String,
    href: Url,
    section: Option<String>,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    display: String,
}

#[derive(Serialize)]
pub(super) struct ArticleView {
    title: String,
    /// What the page's `<h1>` shows: the heading that starts the article,
    /// else its title.
    pub(super) heading: String,
    /// The `<h1>`'s id: the title heading's, when the article has one.
    title_id: Option<String>,
    content: String,
    toc: Vec<TocEntry>,
    reading_minutes: usize,
    /// `5 min read`, in the site's language.
    reading_time: String,
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
    url: Option<Url>,
}

fn date_view(site: &Site, date: Date) -> DateView {
    DateView {
        iso: date.iso(),
        display: site.config.words.date(&date),
    }
}

pub(super) fn view(site: &Site, glossary: &Glossary, i: usize, from: &str) -> ArticleView {
    let article = &site.articles[i];
    let style = site.config.links;
    let url = |to: &str| Url::new(&relative(from, to, style));
    let link = |a: usize| Link {
        title: site.articles[a].title.clone(),
        href: url(&site.path_of(a)),
    };
    let category = site.category_of(i).map(|c| Link {
        title: c.name.clone(),
        href: url(&format!("categories/{}/", c.slug)),
    });
    let mut breadcrumbs = vec![Link {
        title: site.config.words.text("home").into(),
        href: url(""),
    }];
    // The sections above it, else its category.
    let crumbs = site.crumbs(i);
    if crumbs.is_empty() {
        breadcrumbs.extend(site.category_of(i).map(|c| Link {
            title: c.name.clone(),
            href: url(&format!("categories/{}/", c.slug)),
        }));
    }
    breadcrumbs.extend(crumbs.into_iter().map(|(title, path)| Link {
        title,
        href: url(&path),
    }));
    let tags = (site.tags_of(i).into_iter())
        .map(|t| Link {
            title: t.name.clone(),
            href: url(&format!("tags/{}/", t.slug)),
        })
        .collect();
    ArticleView {
        title: article.title.clone(),
        heading: article.h1().to_string(),
        title_id: article.title_id.clone(),
        content: body::render(site, glossary, i),
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
        reading_time: (site.config.words).count("reading_time", article.reading_minutes(), &[]),
        date: article.front.date.map(|d| date_view(site, d)),
        updated: article
            .front
            .updated
            .filter(|u| Some(*u) != article.front.date)
            .map(|d| date_view(site, d)),
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
                let mut href = relative(from, &site.path_of(b.from), style);
                if let Some((_, id)) = &b.section {
                    href.push('#');
                    href.push_str(id);
                }
                let href = Url::new(&href);
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
                    url: Some(Url::new(url)),
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
        last_reviewed: article.front.last_reviewed.map(|d| date_view(site, d)),
    }
}

/// The JSON-LD blocks of article `i`: `Article`, `BreadcrumbList` (but on
/// the home page), `MedicalWebPage` when reviewed, and `FAQPage` for its
/// questions when `questions`.
pub(super) fn structured_data(site: &Site, i: usize, questions: bool) -> Vec<String> {
    let mut blocks = vec![jsonld::script_text(&jsonld::article(site, i))];
    let home = site.config.words.text("home").to_string();
    let mut crumbs = vec![(home, site.config.absolute(""))];
    let sections = site.crumbs(i);
    if let Some(c) = site.category_of(i).filter(|_| sections.is_empty()) {
        crumbs.push((
            c.name.clone(),
            site.config.absolute(&format!("categories/{}/", c.slug)),
        ));
    }
    for (title, path) in sections {
        crumbs.push((title, site.config.absolute(&path)));
    }
    crumbs.push((
        site.articles[i].title.clone(),
        site.config.absolute(&site.path_of(i)),
    ));
    if !site.path_of(i).is_empty() {
        blocks.push(jsonld::script_text(&jsonld::breadcrumbs(&crumbs)));
    }
    if article_reviewed(site, i) {
        blocks.push(jsonld::script_text(&jsonld::medical_page(site, i)));
    }
    let questions = match questions {
        true => faq::questions_of(site, i, true),
        false => Vec::new(),
    };
    if !questions.is_empty() {
        blocks.push(jsonld::script_text(&jsonld::faq_page(&questions)));
    }
    blocks
}

fn article_reviewed(site: &Site, i: usize) -> bool {
    let front = &site.articles[i].front;
    front.reviewed_by.is_some() || front.last_reviewed.is_some()
}
