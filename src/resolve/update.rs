//! Resolving again after an edit that changed only the bodies of some
//! articles, or a title that keeps its place, as `serve` sees on most
//! saves: only their links, the links into them and their backlinks are
//! resolved again, the FAQ when their questions moved, the glossary when
//! it was edited. Everything else of the previous site holds. The result
//! is the site a full resolve gives, problems included.

use std::sync::Arc;

use super::{faq, glossary, links, prepare_article, Problems, ResolveOptions, Site};
use crate::diagnostics::Diagnostics;
use crate::load::{Article, Loaded, SiteConfig};

/// `previous` updated with `loaded`, resolved with the same settings (its
/// problems are in its `problems`, as a full resolve's are), or
/// `Err` giving them back when the edit can change more than article
/// bodies and titles (files added, removed or renamed, front matter, a
/// title that moves its article or names a section, `SUMMARY.md`, failed
/// articles), which takes a full resolve.
pub(crate) fn update(
    previous: &Site,
    config: SiteConfig,
    loaded: Loaded,
    options: ResolveOptions,
) -> Result<Site, Box<(SiteConfig, Loaded)>> {
    let Some((articles, changed)) = (body_edits(previous, &config, &loaded))
        .filter(|(articles, changed)| same_order(previous, articles, changed))
    else {
        return Err(Box::new((config, loaded)));
    };
    // Links into an edited article name its headings, which may have changed.
    let mut relinked: Vec<usize> = changed.clone();
    for &a in &changed {
        relinked.extend(previous.backlinks[a].iter().map(|b| b.from));
    }
    relinked.sort_unstable();
    relinked.dedup();

    let external_prefixes = super::external_prefixes(&config);
    let section_folders = super::section_folders(&previous.tree);
    let others = links::Others {
        sections: &section_folders,
        assets: &previous.assets,
        drafts: &previous.drafts,
        failed: &[],
        failed_articles: &[],
        content: &config.content,
        external_prefixes: &external_prefixes,
        original: None,
        languages: &[],
    };
    let mut targets = previous.targets.clone();
    let mut link_problems = previous.problems.links.clone();
    let mut unused = Diagnostics::default();
    let by_source = &previous.by_source;
    let relinking = Some(relinked.as_slice());
    let resolved = links::resolve(
        &articles,
        by_source,
        others,
        options,
        relinking,
        &mut unused,
    );
    for (&a, (new_targets, problems)) in relinked.iter().zip(resolved) {
        targets[a] = new_targets.into();
        link_problems[a] = problems;
    }
    let backlinks = links::update_backlinks(
        &previous.backlinks,
        &previous.targets,
        &articles,
        &targets,
        &relinked,
    );

    // Questions that only moved keep their entries; the warnings about
    // them, or about questions first asked in them, are made again.
    let questions_kept =
        (changed.iter()).all(|&a| questions(&previous.articles[a]) == questions(&articles[a]));
    let warnings = questions_kept
        .then(|| {
            let previous_warnings = &previous.problems.faq;
            faq::warnings_after(&articles, &previous.faq, previous_warnings, &changed)
        })
        .flatten();
    let (faq, faq_groups, faq_problems) = match warnings {
        Some(warnings) => (previous.faq.clone(), previous.faq_groups.clone(), warnings),
        None => {
            let mut problems = Diagnostics::default();
            let entries = faq::entries(&articles, &mut problems);
            let groups = faq::groups(&articles, &previous.tree, &entries, config.slugify);
            let warnings = problems.0.into_iter().map(Arc::new).collect();
            (entries.into(), groups.into(), warnings)
        }
    };
    let glossary = match changed.iter().any(|&a| articles[a].front.glossary) {
        true => Arc::new(glossary::terms(&articles)),
        false => previous.glossary.clone(),
    };
    let problems = Problems {
        links: link_problems,
        faq: faq_problems,
        other: previous.problems.other.clone(),
    };
    Ok(Site {
        config,
        articles,
        assets: previous.assets.clone(),
        by_source: previous.by_source.clone(),
        load_order: previous.load_order.clone(),
        targets,
        backlinks,
        related: previous.related.clone(),
        tags: previous.tags.clone(),
        categories: previous.categories.clone(),
        faq,
        faq_groups,
        aliases: previous.aliases.clone(),
        glossary,
        intros: previous.intros.clone(),
        tree: previous.tree.clone(),
        home: previous.home.clone(),
        drafts: previous.drafts.clone(),
        summary: previous.summary.clone(),
        problems,
        translations: previous.translations.clone(),
        language: previous.language,
        copies: previous.copies.clone(),
    })
}

/// The loaded articles in the previous site's order, prepared as it was,
/// and which of them (by index) changed, when only bodies and titles did.
fn body_edits(
    previous: &Site,
    config: &SiteConfig,
    loaded: &Loaded,
) -> Option<(Vec<Arc<Article>>, Vec<usize>)> {
    let same_files = loaded.failed.is_empty()
        && loaded.failed_articles.is_empty()
        && loaded.articles.len() == previous.articles.len()
        && loaded.drafts == previous.drafts
        && loaded.summary == previous.summary
        && (loaded.assets.iter().map(|a| (&a.source, &a.image)))
            .eq(previous.assets.iter().map(|a| (&a.source, &a.image)));
    if !same_files {
        return None;
    }
    let mut articles: Vec<Option<Arc<Article>>> = vec![None; previous.articles.len()];
    for (k, article) in loaded.articles.iter().enumerate() {
        // Loaded in the same order as last time, unless files changed.
        let guess = (previous.load_order.get(k).copied()).filter(|&i| {
            let old = &previous.articles[i];
            Arc::ptr_eq(old, article) || old.source == article.source
        });
        let i = match guess {
            Some(i) => i,
            None => *previous.by_source.get(article.source.as_str())?,
        };
        if articles[i].replace(article.clone()).is_some() {
            return None;
        }
    }
    let mut articles: Vec<Arc<Article>> = articles.into_iter().collect::<Option<_>>()?;
    let mut changed = Vec::new();
    for (i, (old, new)) in previous.articles.iter().zip(&mut articles).enumerate() {
        if Arc::ptr_eq(old, new) {
            continue;
        }
        // Prepared as a full resolve would: the home page's article, found
        // by its file name and front matter, is the one it was.
        if old.slug.is_empty() && !new.slug.is_empty() {
            Arc::make_mut(new).slug.clear();
        }
        prepare_article(config, new);
        let retitled = old.title != new.title;
        // The title of a section's or a generated page's article is the
        // page's, and `SUMMARY.md`'s problems quote titles.
        if retitled && (previous.is_intro(i) || previous.summary.is_some()) {
            return None;
        }
        if !only_body_and_title_differ(old, new) {
            return None;
        }
        changed.push(i);
    }
    Some((articles, changed))
}

/// Whether two versions of an article differ in nothing but their body
/// and title (the glossary's terms, read from its body, are found again).
fn only_body_and_title_differ(old: &Article, new: &Article) -> bool {
    let front_kept = match old.title == new.title {
        true => {
            old.front == new.front && old.text[..old.body_offset] == new.text[..new.body_offset]
        }
        false => old.front_but_title() == new.front_but_title(),
    };
    front_kept
        && old.file == new.file
        && old.title_from == new.title_from
        && old.slug == new.slug
        && old.committed == new.committed
}

/// Whether `articles`, in the previous site's order, are still in site
/// order: a new title can move its article among those beside it. Only
/// the `changed` ones can have a new title.
fn same_order(previous: &Site, articles: &[Arc<Article>], changed: &[usize]) -> bool {
    (changed.iter())
        .filter(|&&i| previous.articles[i].title != articles[i].title)
        .all(|&i| previous.tree.in_order(articles, i))
}

/// What the FAQ's entries read of an article's questions: each one's
/// text, and whether it has an answer.
fn questions(article: &Article) -> Vec<(&str, bool)> {
    (article.questions.iter())
        .map(|q| (q.question.as_str(), q.answer.is_empty()))
        .collect()
}
