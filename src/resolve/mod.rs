//! The resolve stage: the whole site at once. Receives the loaded articles
//! and settings; gives every article its URL, resolves and checks every
//! link and anchor, and computes what templates show (backlinks,
//! prev/next, related articles, tags, categories, the FAQ, the glossary),
//! so no template ever walks the whole site. Hands the render stage a
//! [`Site`].

mod faq;
mod glossary;
mod links;
mod paths;
mod taxonomy;
pub(crate) mod urls;

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::load::{Article, Asset, Loaded, SiteConfig};

pub(crate) use faq::FaqEntry;
pub(crate) use glossary::GlossaryTerm;
pub(crate) use links::{Backlink, Target};
pub(crate) use taxonomy::Term;

/// How the build treats problems and drafts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ResolveOptions {
    /// Broken links are warnings instead of errors.
    pub(crate) warn_links: bool,
}

/// The resolved site: everything the render stage needs.
#[derive(Debug)]
pub struct Site {
    pub(crate) config: SiteConfig,
    /// In site order: weight, then date, then title.
    pub(crate) articles: Vec<Article>,
    pub(crate) assets: Vec<Asset>,
    /// Per article, the target of each of its links (by index in its
    /// `links`; see [`Site::target`]).
    pub(crate) targets: Vec<Vec<Target>>,
    pub(crate) backlinks: Vec<Vec<Backlink>>,
    pub(crate) related: Vec<Vec<usize>>,
    pub(crate) tags: Vec<Term>,
    pub(crate) categories: Vec<Term>,
    pub(crate) faq: Vec<FaqEntry>,
    /// Redirect files for old paths (`old/name/index.html`, `old/page.html`)
    /// and the article each leads to.
    pub(crate) aliases: Vec<(String, usize)>,
    /// Terms of the glossary articles, longest first so that "neutral
    /// spine" wins over "spine".
    pub(crate) glossary: Vec<GlossaryTerm>,
    /// Articles at the URL of a page lectern generates (the home page,
    /// `faq/`, `tags/`, a tag's or category's page, `search/`), which are
    /// shown as its introduction: site path of the page → article.
    pub(crate) intros: HashMap<String, usize>,
}

impl Site {
    /// How many articles the site has.
    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    /// The site path of an article's page (`stretching/`).
    pub(crate) fn path_of(&self, article: usize) -> String {
        urls::page_path(&self.articles[article].slug)
    }

    /// The article introducing the generated page at site path `path`.
    pub(crate) fn intro(&self, path: &str) -> Option<usize> {
        self.intros.get(path).copied()
    }

    /// Whether article `i` is shown as the introduction of a generated
    /// page rather than on a page of its own.
    pub(crate) fn is_intro(&self, i: usize) -> bool {
        self.intro(&self.path_of(i)) == Some(i)
    }

    /// Where the link or image at byte `offset` of an article leads.
    pub(crate) fn target(&self, article: usize, offset: usize) -> &Target {
        self.articles[article]
            .link_at(offset)
            .map_or(&Target::Broken, |link| &self.targets[article][link])
    }

    pub(crate) fn prev(&self, article: usize) -> Option<usize> {
        article.checked_sub(1)
    }

    pub(crate) fn next(&self, article: usize) -> Option<usize> {
        (article + 1 < self.articles.len()).then_some(article + 1)
    }

    pub(crate) fn category_of(&self, article: usize) -> Option<&Term> {
        let name = self.articles[article].front.category.as_deref()?;
        self.categories.iter().find(|c| c.name == name)
    }
}

/// Resolves the loaded articles into a site, adding any problems found to
/// `diagnostics`.
pub(crate) fn resolve(
    config: SiteConfig,
    loaded: Loaded,
    options: ResolveOptions,
    diagnostics: &mut Diagnostics,
) -> Site {
    let Loaded {
        mut articles,
        drafts,
        failed,
        failed_articles,
        assets,
        ..
    } = loaded;
    paths::home(&mut articles);
    if !config.allow_html {
        // Raw HTML is shown as text: its ids and URLs are not on the page.
        for article in &mut articles {
            article.links.retain(|link| link.html.is_none());
            article.anchors.clear();
        }
    }
    articles.sort_by(|a, b| {
        let weight = |a: &Article| a.front.weight.unwrap_or(i64::MAX);
        (weight(a), a.front.date, &a.title, &a.source).cmp(&(
            weight(b),
            b.front.date,
            &b.title,
            &b.source,
        ))
    });
    // The home page's article comes first.
    articles.sort_by_key(|a| !a.slug.is_empty());

    paths::check(&articles, diagnostics);
    let aliases = paths::aliases(&articles, diagnostics);
    let external_prefixes: Vec<String> = (config.external_prefixes.iter())
        .map(|prefix| urls::join_outside("", prefix.get_ref()))
        .collect();
    let others = links::Others {
        assets: &assets,
        drafts: &drafts,
        failed: &failed,
        failed_articles: &failed_articles,
        content: &config.content,
        external_prefixes: &external_prefixes,
    };
    let targets = links::resolve_all(&articles, others, options, diagnostics);
    let backlinks = links::backlinks(&articles, &targets);
    let tags = taxonomy::terms(&articles, |a| a.front.tags.clone());
    let categories = taxonomy::terms(&articles, |a| {
        a.front.category.clone().into_iter().collect()
    });
    let terms = (tags.as_slice(), categories.as_slice());
    paths::check_assets(&articles, &assets, &aliases, terms, diagnostics);
    let intros = paths::intros(&articles, &tags, &categories);
    paths::check_listing_pages(
        &articles,
        &assets,
        terms,
        &intros,
        config.page_size,
        diagnostics,
    );
    let related = taxonomy::related(&articles, &tags);
    let faq = faq::entries(&articles, diagnostics);
    let glossary = glossary::terms(&articles);

    Site {
        config,
        articles,
        assets,
        targets,
        backlinks,
        related,
        tags,
        categories,
        faq,
        aliases,
        glossary,
        intros,
    }
}
