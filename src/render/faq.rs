//! The FAQ index page, and the questions of one article as structured data.

use serde::Serialize;

use super::html::Url;
use super::{jsonld, paginate};
use crate::load::markdown::excerpt;
use crate::resolve::{Site, FAQ_PER_PAGE};

#[derive(Serialize)]
struct FaqQuestion {
    question: String,
    excerpt: String,
    href: Url,
}

#[derive(Serialize)]
struct FaqArticle {
    title: String,
    href: Url,
    questions: Vec<FaqQuestion>,
}

#[derive(Serialize)]
struct FaqGroup {
    name: Option<String>,
    articles: Vec<FaqArticle>,
}

#[derive(Serialize)]
pub(super) struct FaqView {
    groups: Vec<FaqGroup>,
    /// Questions of the whole site.
    count: usize,
    /// `40 questions, each with a short answer…`, in the site's language.
    lead: String,
    /// On the overview of a site whose questions take several pages: each
    /// group, with its size and first page.
    overview: Vec<FaqGroupLink>,
    /// On a group's page: its name.
    group: Option<String>,
    overview_href: Url,
}

#[derive(Serialize)]
struct FaqGroupLink {
    name: Option<String>,
    href: Url,
    count: usize,
    /// `12 questions`.
    questions: String,
}

/// The questions of article `i` as (question, answer, absolute URL); only
/// those carrying structured data when `markup_only`.
pub(super) fn questions_of(
    site: &Site,
    i: usize,
    markup_only: bool,
) -> Vec<(String, String, String)> {
    let article = &site.articles[i];
    site.faq_of(i)
        .iter()
        .filter(|e| e.markup || !markup_only)
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

/// The site path of the first page of FAQ group `g`.
pub(super) fn group_path(site: &Site, g: usize) -> String {
    format!("faq/{}/", site.faq_groups[g].slug)
}

/// A FAQ page: the whole index when the site's questions fit on one page,
/// else the overview of the groups (`at` is `None`) or page `at = (g, n)`
/// (from 0) of group `g`. Listed questions are grouped by section or category, then
/// article, with the `FAQPage` JSON-LD of those that carry structured
/// data. The questions of the article introducing the page (`intro`) are
/// on it already, above the list: they are left out of the list, not of
/// the structured data.
pub(super) fn index(
    site: &Site,
    url: &impl Fn(&str) -> Url,
    intro: Option<usize>,
    at: Option<(usize, usize)>,
) -> (FaqView, Option<String>) {
    let split = site.faq.len() > FAQ_PER_PAGE;
    // The entries listed, each with its group.
    let listed: Vec<(usize, usize)> = match at {
        _ if !split => (site.faq_groups.iter().enumerate())
            .flat_map(|(g, group)| group.entries.iter().map(move |&e| (g, e)))
            .collect(),
        None => Vec::new(),
        Some((g, page)) => (paginate::slice(&site.faq_groups[g].entries, page, FAQ_PER_PAGE)
            .iter())
        .map(|&e| (g, e))
        .collect(),
    };
    let overview = match (split, at) {
        (true, None) => (site.faq_groups.iter().enumerate())
            .map(|(g, group)| FaqGroupLink {
                name: group.name.clone(),
                href: url(&group_path(site, g)),
                count: group.entries.len(),
                questions: (site.config.words).count("questions", group.entries.len(), &[]),
            })
            .collect(),
        _ => Vec::new(),
    };
    let group = at.map(|(g, _)| {
        (site.faq_groups[g].name.clone())
            .unwrap_or_else(|| site.config.words.text("other_questions").into())
    });
    let intro = intro.filter(|_| at.is_none());
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
    for (entry_group, e) in listed {
        let entry = &site.faq[e];
        let article = &site.articles[entry.article];
        let question = &article.questions[entry.question];
        if entry.markup {
            let mut absolute = site.config.absolute(&site.path_of(entry.article));
            if let Some(id) = &question.id {
                absolute.push('#');
                absolute.push_str(id);
            }
            all.push((question.question.clone(), question.answer.clone(), absolute));
        }
        if Some(entry.article) == intro {
            continue;
        }
        let page = url(&site.path_of(entry.article));
        let href = match &question.id {
            Some(id) => Url::new(&format!("{page}#{id}")),
            None => page.clone(),
        };
        if current.map(|(a, _)| a) != Some(entry.article) {
            let name = site.faq_groups[entry_group].name.clone();
            let g = group_of(&mut groups, name);
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
    }
    let jsonld = (!all.is_empty()).then(|| jsonld::script_text(&jsonld::faq_page(&all)));
    (
        FaqView {
            groups,
            count: site.faq.len(),
            lead: site.config.words.count("faq_lead", site.faq.len(), &[]),
            overview,
            group,
            overview_href: url("faq/"),
        },
        jsonld,
    )
}
