//! The resolve stage: the whole site at once. Receives the loaded articles
//! and settings; gives every article its URL, resolves and checks every
//! link and anchor, and computes what templates show (the tree of
//! sections and the order it gives, backlinks, prev/next, related
//! articles, tags, categories, the FAQ, the glossary),
//! so no template ever walks the whole site. Hands the render stage a
//! [`Site`].

mod faq;
mod glossary;
pub(crate) mod languages;
mod links;
pub(crate) mod listings;
mod paths;
pub(crate) mod sections;
mod taxonomy;
mod update;
pub(crate) mod urls;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::Questions;
use crate::load::{Article, Asset, Loaded, SiteConfig, SlugStyle, Summary};

pub(crate) use faq::{FaqEntry, FaqGroup, FAQ_PER_PAGE};
pub(crate) use glossary::GlossaryTerm;
pub(crate) use links::{Backlink, Target};
pub(crate) use taxonomy::Term;
pub(crate) use update::update;

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
    /// In site order: the tree's (`SUMMARY.md`, else weight, then date,
    /// then title, section by section).
    pub(crate) articles: Vec<Arc<Article>>,
    pub(crate) assets: Vec<Asset>,
    /// Each article's place in `articles` by its source path, made once
    /// and shared by the updates that keep every source in its place.
    pub(crate) by_source: Arc<SourceIndex>,
    /// Per article in the order it was loaded (the walk's), its place in
    /// `articles`: an update finds the places of the articles it loads
    /// without looking up their names, each far away in memory.
    pub(crate) load_order: Arc<[usize]>,
    /// Per article, the target of each of its links (by index in its
    /// `links`; see [`Site::target`]). Shared, as with the other lists
    /// per article, so that an update copies only what changed; the lists
    /// an update of article bodies keeps are shared whole.
    pub(crate) targets: Vec<Arc<[Target]>>,
    pub(crate) backlinks: Vec<Arc<[Backlink]>>,
    pub(crate) related: Arc<Vec<Vec<usize>>>,
    pub(crate) tags: Arc<Vec<Term>>,
    pub(crate) categories: Arc<Vec<Term>>,
    /// Shared, like the FAQ's groups, so that an update keeping them
    /// neither copies nor compares them.
    pub(crate) faq: Arc<[FaqEntry]>,
    /// The FAQ entries by top-level section or category, each group on
    /// pages of its own when the site has more than one FAQ page of them.
    pub(crate) faq_groups: Arc<[FaqGroup]>,
    /// Redirect files for old paths (`old/name/index.html`, `old/page.html`)
    /// and the article each leads to.
    pub(crate) aliases: Arc<Vec<(String, usize)>>,
    /// Terms of the glossary articles, longest first so that "neutral
    /// spine" wins over "spine".
    pub(crate) glossary: Arc<Vec<GlossaryTerm>>,
    /// Articles at the URL of a page lectern generates (the home page,
    /// `faq/`, `tags/`, a tag's or category's page, `search/`), which are
    /// shown as its introduction: site path of the page → article.
    pub(crate) intros: Arc<HashMap<String, usize>>,
    /// Sections and chapters: the order of `articles` is this tree's, depth
    /// first.
    pub(crate) tree: Arc<sections::Tree>,
    /// The groups of the home page, in order.
    pub(crate) home: Arc<Vec<listings::HomeGroup>>,
    /// What else of `articles/` the site was resolved from, so that an
    /// update can tell whether it changed.
    pub(crate) drafts: Vec<String>,
    pub(crate) summary: Option<Summary>,
    /// The problems found resolving it, kept for an update.
    pub(crate) problems: Problems,
    /// The site's languages and their pages, when it has several.
    pub(crate) translations: Arc<languages::Translations>,
    /// This site's language, by index in `translations`: 0 for the site's
    /// own, whose pages are at the root.
    pub(crate) language: usize,
    /// The smaller copies published of its images, which the build makes
    /// once the site is resolved.
    pub(crate) copies: Arc<crate::render::resize::Copies>,
}

/// Articles by source path → place in site order.
pub(crate) type SourceIndex = rustc_hash::FxHashMap<Box<str>, usize>;

/// The problems found resolving a site, by what they depend on.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    /// Per article, those of its links.
    pub(crate) links: Vec<Vec<Diagnostic>>,
    /// Those of the FAQ's questions, each shared, so that an edit that
    /// changes a few copies the others without their text.
    pub(crate) faq: Arc<[Arc<Diagnostic>]>,
    /// The others: about paths, sections and `SUMMARY.md`, which only
    /// front matter, file names and `SUMMARY.md` decide.
    pub(crate) other: Arc<[Diagnostic]>,
}

impl Problems {
    pub(crate) fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        (self.links.iter().flatten())
            .chain(self.faq.iter().map(|warning| &**warning))
            .chain(self.other.iter())
    }
}

impl Site {
    /// The file beside the articles at site path `path`.
    pub(crate) fn asset(&self, path: &str) -> Option<&Asset> {
        let i = (self.assets)
            .binary_search_by(|a| a.source.as_str().cmp(path))
            .ok()?;
        Some(&self.assets[i])
    }

    /// The path from this language's root to the output's root: `../`
    /// for a language under its prefix (`fr/`), else empty.
    pub(crate) fn up(&self) -> &'static str {
        match self.language {
            0 => "",
            _ => "../",
        }
    }

    /// Where this language's pages are from the output's root: `fr/`, or
    /// empty for the site's own language.
    pub(crate) fn prefix(&self) -> &str {
        (self.translations.languages.get(self.language)).map_or("", |l| l.prefix.as_str())
    }

    /// The absolute URL of `path`, a path from the output's root (where
    /// the site's own language is).
    pub(crate) fn absolute_in_output(&self, path: &str) -> String {
        let base = &self.config.base_url;
        let root = base.strip_suffix(self.prefix()).unwrap_or(base);
        format!("{root}{}", urls::percent_encode_path(path))
    }

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

    /// The article before `article` in the tree, depth first (the order
    /// of `articles`).
    pub(crate) fn prev(&self, article: usize) -> Option<usize> {
        article.checked_sub(1)
    }

    pub(crate) fn next(&self, article: usize) -> Option<usize> {
        (article + 1 < self.articles.len()).then_some(article + 1)
    }

    /// Where article `i` is in the tree, the top first, without the home
    /// page: each section or chapter above it, as (title, site path).
    pub(crate) fn crumbs(&self, article: usize) -> Vec<(String, String)> {
        let Some(node) = self.tree.of_article.get(article).copied().flatten() else {
            return Vec::new();
        };
        self.node_crumbs(node)
    }

    /// The sections or chapters above tree node `node`, as (title, site path).
    pub(crate) fn node_crumbs(&self, node: usize) -> Vec<(String, String)> {
        use sections::Kind;
        (self.tree.ancestors(node).into_iter())
            .filter_map(|n| match &self.tree.nodes[n].kind {
                Kind::Section(s) => {
                    let s = &self.tree.sections[*s];
                    Some((s.title.clone(), s.path.clone()))
                }
                // The home page is the first crumb already.
                Kind::Article(a) if self.path_of(*a).is_empty() => None,
                Kind::Article(a) => Some((self.articles[*a].title.clone(), self.path_of(*a))),
                _ => None,
            })
            .collect()
    }

    /// The FAQ entries of `article`: `faq` is in article order, so they
    /// are found without going through the site's questions.
    pub(crate) fn faq_of(&self, article: usize) -> &[FaqEntry] {
        let start = self.faq.partition_point(|e| e.article < article);
        let end = self.faq.partition_point(|e| e.article <= article);
        &self.faq[start..end]
    }

    /// The tags of `article`, in the order of the site's tags, found by
    /// their slugs (the tags are sorted by slug).
    pub(crate) fn tags_of(&self, article: usize) -> Vec<&Term> {
        let mut found: Vec<usize> = (self.articles[article].front.tags.iter())
            .filter_map(|name| {
                let slug = crate::load::slug::slugify(name, self.config.slugify);
                self.tags.binary_search_by(|t| t.slug.cmp(&slug)).ok()
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|t| &self.tags[t]).collect()
    }

    pub(crate) fn category_of(&self, article: usize) -> Option<&Term> {
        let name = self.articles[article].front.category.as_deref()?;
        let slug = crate::load::slug::slugify(name, self.config.slugify);
        let c = self
            .categories
            .binary_search_by(|c| c.slug.cmp(&slug))
            .ok()?;
        Some(&self.categories[c])
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
    resolve_with(config, loaded, options, None, diagnostics)
}

/// Resolves the translations of a site into another language like
/// [`resolve`]; a link to an article they do not translate leads to the
/// page of `original`, the site in its own language.
pub(crate) fn resolve_translation(
    config: SiteConfig,
    loaded: Loaded,
    options: ResolveOptions,
    original: &Site,
    diagnostics: &mut Diagnostics,
) -> Site {
    resolve_with(config, loaded, options, Some(original), diagnostics)
}

fn resolve_with(
    config: SiteConfig,
    loaded: Loaded,
    options: ResolveOptions,
    original: Option<&Site>,
    diagnostics: &mut Diagnostics,
) -> Site {
    let Loaded {
        mut articles,
        drafts,
        failed,
        failed_articles,
        assets,
        summary,
        ..
    } = loaded;
    prepare(&config, &mut articles);
    let as_loaded = articles.clone();
    let mut problems = Problems::default();
    let other = &mut Diagnostics::default();
    let tree = order(&mut articles, summary.as_ref(), config.slugify, other);

    paths::check(&articles, other);
    let aliases = paths::aliases(&articles, other);
    let external_prefixes = external_prefixes(&config);
    let section_folders = section_folders(&tree);
    let by_source: SourceIndex = (articles.iter().enumerate())
        .map(|(i, a)| (a.source.as_str().into(), i))
        .collect();
    let load_order: Arc<[usize]> = (as_loaded.iter())
        .map(|a| by_source[a.source.as_str()])
        .collect();
    drop(as_loaded);
    let others = links::Others {
        sections: &section_folders,
        assets: &assets,
        drafts: &drafts,
        failed: &failed,
        failed_articles: &failed_articles,
        content: &config.content,
        external_prefixes: &external_prefixes,
        original: original.map(|site| links::Original {
            site,
            language: &config.language,
        }),
        languages: &language_tags(&config, original),
    };
    let (targets, link_problems): (Vec<_>, Vec<_>) =
        links::resolve(&articles, &by_source, others, options, None, other)
            .into_iter()
            .map(|(targets, problems)| (Arc::from(targets), problems))
            .unzip();
    problems.links = link_problems;
    let backlinks = links::backlinks(&articles, &targets);
    let tags = taxonomy::terms(&articles, taxonomy::Kind::Tag, config.slugify, other);
    let categories = taxonomy::terms(&articles, taxonomy::Kind::Category, config.slugify, other);
    let terms = (tags.as_slice(), categories.as_slice());
    paths::check_assets(&articles, &assets, &aliases, terms, other);
    let mut intros = paths::intros(&articles, &tags, &categories);
    for section in &tree.sections {
        if let Some(i) = section.index {
            intros.insert(section.path.clone(), i);
        }
    }
    let related = taxonomy::related(&articles, &tags);
    let mut faq_problems = Diagnostics::default();
    let faq = faq::entries(&articles, &mut faq_problems);
    problems.faq = faq_problems.0.into_iter().map(Arc::new).collect();
    let faq_groups = faq::groups(&articles, &tree, &faq, config.slugify);
    let glossary = glossary::terms(&articles);
    let home = listings::home_groups(&tree, &articles, &categories);

    let mut site = Site {
        config,
        articles,
        assets,
        by_source: Arc::new(by_source),
        load_order,
        targets,
        backlinks,
        related: Arc::new(related),
        tags: Arc::new(tags),
        categories: Arc::new(categories),
        faq: faq.into(),
        faq_groups: faq_groups.into(),
        aliases: Arc::new(aliases),
        glossary: Arc::new(glossary),
        intros: Arc::new(intros),
        tree: Arc::new(tree),
        home: Arc::new(home),
        drafts,
        summary,
        problems: Problems::default(),
        translations: Default::default(),
        language: 0,
        copies: Default::default(),
    };
    paths::check_listing_pages(&site, other);
    problems.other = std::mem::take(&mut other.0).into();
    diagnostics.extend(problems.all().cloned());
    site.problems = problems;
    site
}

/// Puts `articles` in site order and builds the tree they are in.
fn order(
    articles: &mut Vec<Arc<Article>>,
    summary: Option<&Summary>,
    slugs: SlugStyle,
    diagnostics: &mut Diagnostics,
) -> sections::Tree {
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
    // Then in the order of the site's tree.
    sections::build(articles, summary, slugs, diagnostics)
}

/// Applies the settings to the loaded articles and makes the home page's
/// article the one at the root; doing it twice changes nothing.
fn prepare(config: &SiteConfig, articles: &mut [Arc<Article>]) {
    paths::home(articles);
    for article in articles.iter_mut() {
        prepare_article(config, article);
    }
}

/// Applies the settings to one loaded article. It is shared with the load
/// cache: only when something changes is it copied.
fn prepare_article(config: &SiteConfig, article: &mut Arc<Article>) {
    // Questions from headings, when the site does not count them. When
    // every question counts, none is looked at.
    let keep: Option<fn(&crate::load::Question) -> bool> = match config.questions {
        Questions::Headings => None,
        Questions::FrontMatter => Some(|q| q.heading.is_none()),
        Questions::Off => Some(|_| false),
    };
    if let Some(keep) = keep {
        if !article.questions.iter().all(keep) {
            Arc::make_mut(article).questions.retain(keep);
        }
    }
    // Raw HTML is shown as text: its ids and URLs are not on the page.
    let raw_html = !article.anchors.is_empty() || article.links.iter().any(|l| l.html.is_some());
    if !config.allow_html && raw_html {
        let article = Arc::make_mut(article);
        article.links.retain(|link| link.html.is_none());
        article.anchors.clear();
    }
}

/// The tags of the site's languages, when it has several: this one's,
/// the original's and the others.
fn language_tags<'a>(config: &'a SiteConfig, original: Option<&'a Site>) -> Vec<&'a str> {
    if config.languages.is_empty() {
        return Vec::new();
    }
    (original
        .map(|site| site.config.language.as_str())
        .into_iter())
    .chain(config.languages.keys().map(String::as_str))
    .chain([config.language.as_str()])
    .collect()
}

/// `external_prefixes` of `site.toml`, from the site's root.
fn external_prefixes(config: &SiteConfig) -> Vec<String> {
    (config.external_prefixes.iter())
        .map(|prefix| urls::join_outside("", prefix.get_ref()))
        .collect()
}

/// Folders that are sections without an `index.md` → the section page's
/// site path.
fn section_folders(tree: &sections::Tree) -> HashMap<String, String> {
    (tree.sections.iter())
        .filter(|s| s.index.is_none())
        .map(|s| (s.folder.clone(), s.path.clone()))
        .collect()
}
