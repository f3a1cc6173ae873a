//! The FAQ index page, and the questions of one article as structured data.

use serde::Serialize;

use super::html::Url;
use super::jsonld;
use crate::load::markdown::excerpt;
use crate::resolve::Site;

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
    count: usize,
}

/// The questions of article `i` as (question, answer, absolute URL); only
/// those carrying structured data when `markup_only`.
pub(super) fn questions_of(
    site: &Site,
    i: usize,
    markup_only: bool,
) -> Vec<(String, String, String)> {
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

/// The FAQ index: every question grouped by category, then article, and
/// the `FAQPage` JSON-LD of those that carry structured data. The questions
/// of the article introducing the page (`intro`) are on it already, above
/// the list: they are left out of the list, not of the structured data.
pub(super) fn index(
    site: &Site,
    url: &impl Fn(&str) -> Url,
    intro: Option<usize>,
) -> (FaqView, Option<String>) {
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
