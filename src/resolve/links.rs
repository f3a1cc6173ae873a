//! Where each link of an article leads: another page and heading, a file
//! beside the articles, the same page, or outside the site. Every broken
//! link is reported with what was probably meant.

use std::collections::{HashMap, HashSet};

use super::{urls, ResolveOptions};
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Severity};
use crate::load::{Article, Asset, LinkStyle};

/// The target of every link of every article (in the order of each
/// article's `links`), with every broken one reported.
pub(super) fn resolve_all(
    articles: &[Article],
    assets: &[Asset],
    drafts: &[String],
    failed: &[String],
    content: &str,
    options: ResolveOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Target>> {
    let by_source: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let asset_paths: HashSet<&str> = assets.iter().map(|a| a.source.as_str()).collect();
    let failed: HashSet<&str> = failed.iter().map(String::as_str).collect();
    let resolver = Resolver {
        articles,
        by_source: &by_source,
        assets: &asset_paths,
        drafts,
        failed: &failed,
        content,
    };
    let severity = match options.warn_links {
        true => Severity::Warning,
        false => Severity::Error,
    };
    articles
        .iter()
        .enumerate()
        .map(|(i, article)| {
            article
                .links
                .iter()
                .map(|link| match resolver.resolve(i, &link.dest) {
                    Ok(target) => target,
                    Err(problem) => {
                        let mut d = Diagnostic::error(&article.file, problem.message)
                            .at_origin(article.locate(link.offset));
                        d.severity = severity;
                        d.help = problem.help;
                        diagnostics.push(d);
                        Target::Broken
                    }
                })
                .collect()
        })
        .collect()
}

/// Where a link in an article leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
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
    /// Broken (reported as a diagnostic), or leading to an article that
    /// failed to load (whose own error fails the build); kept as written.
    Broken,
}

/// A link into an article from elsewhere, for "Referenced in".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Backlink {
    pub(crate) from: usize,
    /// The heading of `from` the link sits under: (text, id).
    pub(crate) section: Option<(String, String)>,
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
    failed: &'a HashSet<&'a str>,
    /// The articles' folder, for messages.
    content: &'a str,
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
                format!(
                    "the link `{dest}` points outside the `{}/` folder",
                    self.content
                ),
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
                .find(|source| {
                    self.by_source.contains_key(source.as_str())
                        || self.failed.contains(source.as_str())
                })
                .or_else(|| joined.ends_with('/').then(|| format!("{prefix}index.md")))
        } else {
            None
        };

        if let Some(source) = page {
            if self.failed.contains(source.as_str()) {
                return Ok(Target::Broken);
            }
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
            format!(
                "link to a missing file `{decoded}` (looked for `{}`)",
                crate::load::content_path(self.content, &joined).display()
            ),
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
        // Browsers match fragments as written, so a difference in case is
        // a broken link, however close.
        let lower = fragment.to_lowercase();
        if let Some(id) = article.ids().find(|id| id.to_lowercase() == lower) {
            return Err(Problem::new(
                format!(
                    "link to `#{fragment}` in `{}`, whose id `#{id}` differs in case",
                    article.source
                ),
                Some(format!(
                    "did you mean `#{id}`? fragments are case-sensitive"
                )),
            ));
        }
        // The closest id, whatever the case of either.
        let lowered: Vec<(String, &str)> =
            article.ids().map(|id| (id.to_lowercase(), id)).collect();
        let help = closest(&lower, lowered.iter().map(|(l, _)| l.as_str()))
            .and_then(|l| lowered.iter().find(|(other, _)| other == l))
            .map(|(_, id)| format!("did you mean `#{id}`?"));
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
    urls::relative(&from, target, LinkStyle::Pretty)
}

pub(super) fn backlinks(articles: &[Article], targets: &[Vec<Target>]) -> Vec<Vec<Backlink>> {
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
