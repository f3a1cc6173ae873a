//! The resolve stage: the whole site at once. Gives every article its URL,
//! resolves and checks every link, and computes what templates show
//! (backlinks, prev/next, related articles, tags, categories, the FAQ), so
//! no template ever walks the whole site.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::article::Article;
use crate::config::SiteConfig;
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Severity};
use crate::load::{Asset, Loaded};
use crate::slug::{self, slugify};
use crate::urls::{self, page_path};

/// Site paths the generator itself writes; no article may take them.
pub const RESERVED: &[&str] = &[
    "faq",
    "tags",
    "categories",
    "static",
    "search",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
];

/// Where a link in an article leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Outside the site; kept as written.
    External,
    /// A heading of the same page.
    Local { fragment: String },
    /// Another page (or the same one through its file name).
    Page {
        article: usize,
        fragment: Option<String>,
    },
    /// A file copied from `articles/`, by its site path.
    Asset { path: String, suffix: String },
    /// Broken (reported as a diagnostic); kept as written.
    Broken,
}

/// A link into an article from elsewhere, for "Referenced in".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Backlink {
    pub from: usize,
    /// The heading of `from` the link sits under: (text, id).
    pub section: Option<(String, String)>,
}

/// A question of the FAQ index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqEntry {
    pub article: usize,
    pub question: usize,
    /// False for the second asking of a question already asked elsewhere:
    /// it is listed, but only the first carries structured data.
    pub markup: bool,
}

/// A tag or a category, and its articles in site order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

/// A term defined in the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryTerm {
    pub term: String,
    /// The heading id on the glossary page.
    pub id: String,
    pub definition: String,
    /// The glossary article.
    pub article: usize,
}

/// How the build treats problems and drafts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    /// Broken links are warnings instead of errors.
    pub warn_links: bool,
}

/// The resolved site: everything the render stage needs.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// In site order: weight, then date, then title.
    pub articles: Vec<Article>,
    pub assets: Vec<Asset>,
    /// Per article, the target of each of its links, in order.
    pub targets: Vec<Vec<Target>>,
    pub backlinks: Vec<Vec<Backlink>>,
    pub related: Vec<Vec<usize>>,
    pub tags: Vec<Term>,
    pub categories: Vec<Term>,
    pub faq: Vec<FaqEntry>,
    /// Redirect files for old paths (`old/name/index.html`, `old/page.html`)
    /// and the article each leads to.
    pub aliases: Vec<(String, usize)>,
    /// Terms of the glossary articles, longest first so that "neutral
    /// spine" wins over "spine".
    pub glossary: Vec<GlossaryTerm>,
}

impl Site {
    /// The site path of an article's page (`stretching/`).
    pub fn path_of(&self, article: usize) -> String {
        page_path(&self.articles[article].slug)
    }

    pub fn prev(&self, article: usize) -> Option<usize> {
        article.checked_sub(1)
    }

    pub fn next(&self, article: usize) -> Option<usize> {
        (article + 1 < self.articles.len()).then_some(article + 1)
    }

    pub fn category_of(&self, article: usize) -> Option<&Term> {
        let name = self.articles[article].front.category.as_deref()?;
        self.categories.iter().find(|c| c.name == name)
    }
}

/// Resolves the loaded articles into a site, adding any problems found to
/// `diagnostics`.
pub fn resolve(
    config: SiteConfig,
    loaded: Loaded,
    options: ResolveOptions,
    diagnostics: &mut Diagnostics,
) -> Site {
    let Loaded {
        mut articles,
        drafts,
        assets,
        ..
    } = loaded;
    articles.sort_by(|a, b| {
        let weight = |a: &Article| a.front.weight.unwrap_or(i64::MAX);
        (weight(a), a.front.date.as_deref(), &a.title, &a.source).cmp(&(
            weight(b),
            b.front.date.as_deref(),
            &b.title,
            &b.source,
        ))
    });

    check_paths(&articles, diagnostics);
    let aliases = aliases(&articles, diagnostics);

    let by_source: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let asset_paths: HashSet<&str> = assets.iter().map(|a| a.source.as_str()).collect();
    let resolver = Resolver {
        articles: &articles,
        by_source: &by_source,
        assets: &asset_paths,
        drafts: &drafts,
    };

    let mut link_problems = Diagnostics::default();
    let targets: Vec<Vec<Target>> = articles
        .iter()
        .enumerate()
        .map(|(i, article)| {
            article
                .links
                .iter()
                .map(|link| match resolver.resolve(i, &link.dest) {
                    Ok(target) => target,
                    Err(problem) => {
                        let d = Diagnostic::error(&article.file, problem.message)
                            .at(&article.text, link.offset);
                        link_problems.push(match problem.help {
                            Some(help) => d.with_help(help),
                            None => d,
                        });
                        Target::Broken
                    }
                })
                .collect()
        })
        .collect();
    if options.warn_links {
        link_problems
            .0
            .iter_mut()
            .for_each(|d| d.severity = Severity::Warning);
    }
    diagnostics.extend(link_problems.0);

    let backlinks = backlinks(&articles, &targets);
    let tags = terms(&articles, |a| a.front.tags.clone());
    let categories = terms(&articles, |a| {
        a.front.category.clone().into_iter().collect()
    });
    let related = related(&articles, &tags);
    let faq = faq(&articles, diagnostics);
    let glossary = glossary(&articles);

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
    }
}

/// A link problem before it is placed in its file.
struct Problem {
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(message: String, help: Option<String>) -> Self {
        Problem { message, help }
    }
}

struct Resolver<'a> {
    articles: &'a [Article],
    by_source: &'a HashMap<&'a str, usize>,
    assets: &'a HashSet<&'a str>,
    drafts: &'a [String],
}

impl Resolver<'_> {
    fn resolve(&self, from: usize, dest: &str) -> Result<Target, Problem> {
        if dest.is_empty() || urls::is_external(dest) {
            return Ok(Target::External);
        }
        let article = &self.articles[from];
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(urls::percent_decode(fragment))),
            None => (dest, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, format!("?{query}")),
            None => (path, String::new()),
        };
        if path.is_empty() {
            let fragment = fragment.unwrap_or_default();
            self.check_fragment(from, &fragment)?;
            return Ok(Target::Local { fragment });
        }
        let decoded = urls::percent_decode(path);
        let Some(joined) = urls::join(article.dir(), &decoded) else {
            return Err(Problem::new(
                format!("the link `{dest}` points outside the `articles/` folder"),
                None,
            ));
        };

        let page = if joined.ends_with(".md") {
            Some(joined.clone())
        } else if joined.is_empty()
            || joined.ends_with('/')
            || !self.assets.contains(joined.as_str())
        {
            // A folder: its index.md or README.md.
            let dir = joined.trim_end_matches('/');
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            ["index.md", "README.md"]
                .iter()
                .map(|name| format!("{prefix}{name}"))
                .find(|source| self.by_source.contains_key(source.as_str()))
                .or_else(|| joined.ends_with('/').then(|| format!("{prefix}index.md")))
        } else {
            None
        };

        if let Some(source) = page {
            let Some(&target) = self.by_source.get(source.as_str()) else {
                return Err(self.missing_article(&source, dest));
            };
            if let Some(fragment) = &fragment {
                self.check_fragment(target, fragment)?;
            }
            return Ok(Target::Page {
                article: target,
                fragment,
            });
        }

        if self.assets.contains(joined.as_str()) {
            let suffix = match &fragment {
                Some(f) => format!("{query}#{f}"),
                None => query,
            };
            return Ok(Target::Asset {
                path: joined,
                suffix,
            });
        }
        let help = closest(&joined, self.assets.iter().copied())
            .map(|s| format!("did you mean `{}`?", relative_to(article.dir(), s)));
        Err(Problem::new(
            format!("link to a missing file `{decoded}` (looked for `articles/{joined}`)"),
            help,
        ))
    }

    fn missing_article(&self, source: &str, dest: &str) -> Problem {
        if self.drafts.iter().any(|d| d == source) {
            return Problem::new(
                format!("the link `{dest}` leads to a draft, which is not published"),
                Some(
                    "build with `--drafts`, or publish the draft by removing `draft = true`".into(),
                ),
            );
        }
        let help =
            closest(source, self.by_source.keys().copied()).map(|s| format!("did you mean `{s}`?"));
        Problem::new(format!("link to a missing article `{source}`"), help)
    }

    fn check_fragment(&self, target: usize, fragment: &str) -> Result<(), Problem> {
        let article = &self.articles[target];
        if fragment.is_empty() || article.has_id(fragment) {
            return Ok(());
        }
        let help = closest(fragment, article.headings.iter().map(|h| h.id.as_str()))
            .map(|id| format!("did you mean `#{id}`?"));
        Err(Problem::new(
            format!(
                "link to a missing heading `#{fragment}` in `{}`",
                article.source
            ),
            help,
        ))
    }
}

/// `target` (inside `articles/`) as a link from the folder `dir`.
fn relative_to(dir: &str, target: &str) -> String {
    let mut from = urls::page_path(dir);
    if dir.is_empty() {
        from.clear();
    }
    urls::relative(&from, target, crate::config::LinkStyle::Pretty)
}

/// Every page path must be unique and none may take a reserved path.
fn check_paths(articles: &[Article], diagnostics: &mut Diagnostics) {
    let mut taken: HashMap<&str, &Article> = HashMap::new();
    for article in articles {
        let first = article.slug.split('/').next().unwrap_or("");
        if RESERVED.contains(&first) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "the URL `/{}/` is reserved for lectern's own pages",
                        article.slug
                    ),
                )
                .at(&article.text, 0)
                .with_help("rename the file or set another `slug` in the front matter"),
            );
        }
        if let Some(other) = taken.insert(&article.slug, article) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "this article and `{}` both have the URL `/{}/`",
                        other.file.display(),
                        article.slug
                    ),
                )
                .at(
                    &article.text,
                    article
                        .front
                        .slug
                        .as_ref()
                        .and_then(|_| article.text.find("slug"))
                        .unwrap_or(0),
                )
                .with_help("give one of them another `slug` in its front matter"),
            );
        }
    }
}

/// Validates `aliases` and pairs each old path with its article.
fn aliases(articles: &[Article], diagnostics: &mut Diagnostics) -> Vec<(String, usize)> {
    let pages: HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for alias in &article.front.aliases {
            let offset = article.text.find(alias.as_str()).unwrap_or(0);
            let path = alias
                .trim()
                .trim_matches('/')
                .trim_end_matches("index.html")
                .trim_matches('/')
                .to_string();
            let problem = if path.is_empty() {
                Some("an alias cannot be the home page".to_string())
            } else if let Err(message) = slug::check_slug(&path) {
                Some(message.replace("the slug", "the alias"))
            } else if pages.contains(path.as_str())
                || RESERVED.contains(&path.split('/').next().unwrap_or(""))
            {
                Some(format!("the alias `/{path}/` is already the URL of a page"))
            } else {
                seen.get(&path).map(|other| {
                    format!(
                        "the alias `/{path}/` is also claimed by `{}`",
                        articles[*other].file.display()
                    )
                })
            };
            match problem {
                Some(message) => diagnostics
                    .push(Diagnostic::error(&article.file, message).at(&article.text, offset)),
                None => {
                    seen.insert(path.clone(), i);
                    // `/old/page.html` stays a file; `/old/name/` becomes a folder.
                    let file = if path.ends_with(".html") {
                        path.clone()
                    } else {
                        format!("{path}/index.html")
                    };
                    out.push((file, i));
                }
            }
        }
    }
    out.sort();
    out
}

fn backlinks(articles: &[Article], targets: &[Vec<Target>]) -> Vec<Vec<Backlink>> {
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); articles.len()];
    let mut seen: HashSet<(usize, Backlink)> = HashSet::new();
    for (from, article) in articles.iter().enumerate() {
        for (link, target) in article.links.iter().zip(&targets[from]) {
            let Target::Page { article: to, .. } = *target else {
                continue;
            };
            if to == from {
                continue;
            }
            let section = article
                .headings
                .iter()
                .take_while(|h| h.offset < link.offset)
                .last()
                .map(|h| (h.text.clone(), h.id.clone()));
            let backlink = Backlink { from, section };
            if seen.insert((to, backlink.clone())) {
                backlinks[to].push(backlink);
            }
        }
    }
    backlinks
}

/// Groups articles by the names `names` gives them, sorted by name.
fn terms(articles: &[Article], names: impl Fn(&Article) -> Vec<String>) -> Vec<Term> {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for name in names(article) {
            let slug = slugify(&name);
            if slug.is_empty() {
                continue;
            }
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: name.trim().to_string(),
                slug,
                articles: Vec::new(),
            });
            // Articles come in order, so a repeat can only be the last one.
            if term.articles.last() != Some(&i) {
                term.articles.push(i);
            }
        }
    }
    by_slug.into_values().collect()
}

/// Up to three articles sharing the most tags with each article. Only the
/// articles near each one in a tag's list (in site order) are candidates,
/// so the cost grows with articles times tags, not with the square of a
/// popular tag's size.
fn related(articles: &[Article], tags: &[Term]) -> Vec<Vec<usize>> {
    const WINDOW: usize = 8;
    let mut shared: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); articles.len()];
    for tag in tags {
        for (p, &a) in tag.articles.iter().enumerate() {
            let near =
                &tag.articles[p.saturating_sub(WINDOW)..(p + WINDOW + 1).min(tag.articles.len())];
            for &b in near.iter().filter(|&&b| b != a) {
                *shared[a].entry(b).or_default() += 1;
            }
        }
    }
    shared
        .into_iter()
        .map(|counts| {
            let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.into_iter().take(3).map(|(i, _)| i).collect()
        })
        .collect()
}

/// Collects the questions and checks each has an answer and is asked once.
fn faq(articles: &[Article], diagnostics: &mut Diagnostics) -> Vec<FaqEntry> {
    let mut first: HashMap<String, (usize, usize)> = HashMap::new();
    let mut entries = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        for (q, question) in article.questions.iter().enumerate() {
            if question.answer.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &article.file,
                        format!(
                            "the question \u{201c}{}\u{201d} has no answer",
                            question.question
                        ),
                    )
                    .at(&article.text, question.offset)
                    .with_help(
                        "write the answer under the heading, or end the heading without `?`",
                    ),
                );
                continue;
            }
            let key = normalize_question(&question.question);
            let markup = match first.get(&key) {
                Some(&(fa, fq)) => {
                    let other = &articles[fa];
                    diagnostics.push(
                        Diagnostic::warning(&article.file, format!("the question \u{201c}{}\u{201d} is also asked in `{}`", question.question, other.file.display()))
                            .at(&article.text, question.offset)
                            .with_help(format!(
                                "only the first, at {}:{}, carries the FAQ structured data; link to it instead of asking again",
                                other.file.display(),
                                crate::diagnostics::locate(&other.text, other.questions[fq].offset).0
                            )),
                    );
                    false
                }
                None => {
                    first.insert(key, (a, q));
                    true
                }
            };
            entries.push(FaqEntry {
                article: a,
                question: q,
                markup,
            });
        }
    }
    entries
}

/// The terms of every article marked `glossary = true`: its `##` headings
/// that have a paragraph under them.
fn glossary(articles: &[Article]) -> Vec<GlossaryTerm> {
    let mut terms: Vec<GlossaryTerm> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.front.glossary)
        .flat_map(|(i, a)| {
            a.headings
                .iter()
                .filter(|h| h.level == 2 && !h.lead.is_empty())
                .map(move |h| GlossaryTerm {
                    term: h.text.clone(),
                    id: h.id.clone(),
                    definition: h.lead.clone(),
                    article: i,
                })
        })
        .collect();
    terms.sort_by(|a, b| b.term.len().cmp(&a.term.len()).then(a.term.cmp(&b.term)));
    terms
}

fn normalize_question(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
