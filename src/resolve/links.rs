//! Where each link of an article leads: another page and heading, a file
//! beside the articles, the same page, or outside the site. Every broken
//! link is reported with what was probably meant.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap as Map, FxHashSet as Set};

use super::{urls, ResolveOptions};
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Severity};
use crate::load::{slug, Article, Asset, Link, LinkStyle};

/// What links may lead to besides the published articles.
pub(super) struct Others<'a> {
    pub(super) assets: &'a [Asset],
    pub(super) drafts: &'a [String],
    /// Sources of articles that failed to load.
    pub(super) failed: &'a [String],
    /// Those of them whose body could still be read: their links are
    /// checked too.
    pub(super) failed_articles: &'a [Article],
    /// `external_prefixes` of `site.toml`, from the site's root.
    pub(super) external_prefixes: &'a [String],
    /// The articles' folder, for messages.
    pub(super) content: &'a str,
    /// Folders that are sections without an `index.md`: folder → the
    /// section page's site path.
    pub(super) sections: &'a HashMap<String, String>,
    /// For the translations of another language, the site in its own.
    pub(super) original: Option<Original<'a>>,
    /// The tags of the site's languages, when it has several.
    pub(super) languages: &'a [&'a str],
}

/// The site in its own language, where links from translations lead
/// when what they name is not translated.
pub(super) struct Original<'a> {
    pub(super) site: &'a super::Site,
    /// The translations' language, which links may name (`b.fr.md`).
    pub(super) language: &'a str,
}

/// The targets of an article's links (in the order of its `links`) and
/// the problems with them.
pub(super) type ArticleLinks = (Vec<Target>, Vec<Diagnostic>);

/// The links of the articles `which` (every article when `None`), each
/// broken one reported; with every article, the links of the articles
/// that failed to load are checked too, their problems added to
/// `diagnostics`.
pub(super) fn resolve(
    articles: &[Arc<Article>],
    by_source: &super::SourceIndex,
    others: Others<'_>,
    options: ResolveOptions,
    which: Option<&[usize]>,
    diagnostics: &mut Diagnostics,
) -> Vec<ArticleLinks> {
    let asset_paths: Set<&str> = others.assets.iter().map(|a| a.source.as_str()).collect();
    let failed: Set<&str> = others.failed.iter().map(String::as_str).collect();
    let original_sources: Option<Map<&str, usize>> = (others.original.as_ref()).map(|o| {
        (o.site.articles.iter().enumerate())
            .map(|(i, a)| (a.source.as_str(), i))
            .collect()
    });
    let resolver = Resolver {
        articles: (articles.iter().map(|a| &**a))
            .chain(others.failed_articles)
            .collect(),
        by_source,
        assets: &asset_paths,
        drafts: others.drafts,
        failed: &failed,
        page_names: std::cell::OnceCell::new(),
        asset_names: asset_names(&asset_paths),
        external_prefixes: others.external_prefixes,
        content: others.content,
        sections: others.sections,
        original: others.original,
        original_sources: original_sources.as_ref(),
        languages: others.languages,
    };
    let severity = match options.warn_links {
        true => Severity::Warning,
        false => Severity::Error,
    };
    let resolve = |i: usize, article: &Article| -> ArticleLinks {
        let mut problems = Vec::new();
        let targets = (article.links.iter())
            .map(|link| match resolver.resolve(i, link) {
                Ok(target) => {
                    if let Some(mut d) = image_problem(others.assets, link, &target) {
                        d.file = article.file.clone();
                        problems.push(d.at_origin(article.locate(link.offset)));
                    }
                    target
                }
                Err(problem) => {
                    let mut d = Diagnostic::error(&article.file, problem.message)
                        .at_origin(article.locate(link.offset));
                    d.severity = severity;
                    d.help = problem.help;
                    problems.push(d);
                    problem.fallback
                }
            })
            .collect();
        (targets, problems)
    };
    match which {
        Some(which) => which.iter().map(|&i| resolve(i, &articles[i])).collect(),
        None => {
            for (i, article) in others.failed_articles.iter().enumerate() {
                diagnostics.extend(resolve(articles.len() + i, article).1);
            }
            (articles.iter().enumerate())
                .map(|(i, article)| resolve(i, article))
                .collect()
        }
    }
}

/// What is wrong with the image a link shows: it leads to a page, or to
/// an image file lectern cannot read. A warning, as the file is published
/// as it is, but without its size, and a broken one shows as a broken
/// picture. The caller places it at the link.
fn image_problem(assets: &[Asset], link: &Link, target: &Target) -> Option<Diagnostic> {
    // A picture's own place: a Markdown image or an `<img src>`, not a
    // `<source>` or `<video>`, whose formats browsers choose among.
    let picture = link.image && matches!(link.html, None | Some(("img", "src")));
    let path = match target {
        Target::Page { .. } | Target::Section { .. } | Target::Local { .. } if picture => {
            return Some(
                Diagnostic::warning(
                    "",
                    format!("the image `{}` is a page, not a picture", link.dest),
                )
                .with_help("link to the page with `[text](...)`, without the `!`"),
            )
        }
        Target::Asset { path, .. } if link.image => path,
        _ => return None,
    };
    let i = assets
        .binary_search_by(|a| a.source.as_str().cmp(path))
        .ok()?;
    let asset = &assets[i];
    let file = asset.file.display();
    Some(match asset.image.as_ref()?.problem()? {
        Err(why) => Diagnostic::warning("", format!("the image `{file}` cannot be shown: {why}"))
            .with_help("export the picture again as PNG, JPEG, WebP, GIF or SVG (a Git LFS file needs `git lfs pull`), or fix the link"),
        Ok(why) if picture => Diagnostic::warning("", format!("the image `{file}` has no known size: {why}"))
            .with_help("use PNG, JPEG, WebP, GIF or SVG, so that the page can keep the picture's place while it loads"),
        Ok(_) => return None,
    })
}

/// Where a link in an article leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Outside the site; kept as written.
    External,
    /// Beside the site, under one of `external_prefixes`: the path from the
    /// site's root (`../std/vec.html#examples`).
    Outside { path: String },
    /// A heading of the same page.
    Local { fragment: String },
    /// Another page (or the same one through its file name).
    Page {
        article: usize,
        fragment: Option<String>,
    },
    /// A file copied from `articles/`, by its site path.
    Asset { path: String, suffix: String },
    /// A section's page (`basics/`), by its site path.
    Section { path: String },
    /// A page of the site's own language, from a translation that links
    /// to an article not translated: its path from the output's root.
    Original {
        path: String,
        fragment: Option<String>,
    },
    /// Broken (reported as a diagnostic), or leading to an article that
    /// failed to load (whose own error fails the build): the text is kept,
    /// without a link.
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
    /// Where the link leads all the same, when broken links are warnings:
    /// the page when only its heading is missing, else nowhere.
    fallback: Target,
}

impl Problem {
    fn new(message: String, help: Option<String>) -> Self {
        Problem {
            message,
            help,
            fallback: Target::Broken,
        }
    }

    fn or_link_to(mut self, fallback: Target) -> Self {
        self.fallback = fallback;
        self
    }
}

/// A page as wikis name it, for `[[Page Name]]` and `[x](Page-Name)`.
struct Named<'a> {
    source: &'a str,
    /// The folder it is in, as a wiki key.
    folder: String,
    /// Its folder and name, as a wiki key (`guides/getting-started`).
    path: String,
    /// Its name with spaces as `-`, in the author's letter case.
    exact: String,
}

/// How wikis compare page names: in any letter case, with spaces and `-`
/// alike (`Getting Started` is `getting-started`).
fn wiki_key(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every page by the wiki key of its name: a file's name without `.md`,
/// and also its folder's name for a folder's `index.md` or `README.md`.
fn page_names<'a>(sources: impl Iterator<Item = &'a str>) -> Map<String, Vec<Named<'a>>> {
    let mut names: Map<String, Vec<Named<'a>>> = Map::default();
    for source in sources {
        let stem = source.strip_suffix(".md").unwrap_or(source);
        let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
        let mut add = |folder: &str, name: &str| {
            let key = wiki_key(name);
            let folder = wiki_key(folder);
            let path = match folder.is_empty() {
                true => key.clone(),
                false => format!("{folder}/{key}"),
            };
            names.entry(key).or_default().push(Named {
                source,
                folder,
                path,
                exact: name.replace(' ', "-"),
            });
        };
        add(folder, name);
        if matches!(name, "index" | "_index" | "README") && !folder.is_empty() {
            let (parent, folder_name) = folder.rsplit_once('/').unwrap_or(("", folder));
            add(parent, folder_name);
        }
    }
    for list in names.values_mut() {
        list.sort_by_key(|n| n.source);
    }
    names
}

/// Every file beside the articles by its name (`diagram.png`).
fn asset_names<'a>(assets: &Set<&'a str>) -> Map<&'a str, Vec<&'a str>> {
    let mut names: Map<&str, Vec<&str>> = Map::default();
    for &source in assets {
        let name = source.rsplit_once('/').map_or(source, |(_, name)| name);
        names.entry(name).or_default().push(source);
    }
    for list in names.values_mut() {
        list.sort_unstable();
    }
    names
}

/// Why a path inside `articles/` is never published, if it is not: a part
/// of it is hidden, or an editor's file.
fn unpublished(joined: &str) -> Option<Problem> {
    let part = joined
        .split('/')
        .find(|part| crate::load::ignored(part.as_ref()))?;
    let (why, help) = match part.starts_with('.') {
        true => (
            "files and folders starting with `.` are skipped",
            "move what you want published out of the hidden file or folder",
        ),
        false => (
            "editor backup and swap files are skipped",
            "link to the file itself, not to an editor's copy of it",
        ),
    };
    Some(Problem::new(
        format!("`{joined}` is not published: {why}"),
        Some(help.into()),
    ))
}

struct Resolver<'a> {
    /// The published articles, then those that failed to load but whose
    /// links are checked.
    articles: Vec<&'a Article>,
    by_source: &'a super::SourceIndex,
    assets: &'a Set<&'a str>,
    drafts: &'a [String],
    failed: &'a Set<&'a str>,
    /// The articles' folder, for messages.
    content: &'a str,
    /// The names of every page a link may name as wikis write them, made
    /// when a link first needs them: most links name files.
    page_names: std::cell::OnceCell<Map<String, Vec<Named<'a>>>>,
    sections: &'a HashMap<String, String>,
    asset_names: Map<&'a str, Vec<&'a str>>,
    external_prefixes: &'a [String],
    original: Option<Original<'a>>,
    /// The articles of `original` by source.
    original_sources: Option<&'a Map<&'a str, usize>>,
    /// The tags of the site's languages, when it has several.
    languages: &'a [&'a str],
}

impl<'a> Resolver<'a> {
    fn page_names(&self) -> &Map<String, Vec<Named<'a>>> {
        (self.page_names).get_or_init(|| {
            let by_source = self.by_source;
            let original = (self.original_sources.iter().flat_map(|o| o.keys().copied()))
                .filter(|source| !by_source.contains_key(*source));
            let sources = (by_source.keys().map(|source| &**source))
                .chain(self.drafts.iter().map(String::as_str))
                .chain(self.failed.iter().copied())
                .chain(original);
            page_names(sources)
        })
    }

    fn resolve(&self, from: usize, link: &Link) -> Result<Target, Problem> {
        let dest = link.dest.as_str();
        if dest.trim().is_empty() {
            let what = if link.image { "image" } else { "link" };
            return Err(Problem::new(
                format!("the {what} `{}` has no destination", link.text),
                Some("write the page, file or URL it leads to between the parentheses".into()),
            ));
        }
        if urls::is_external(dest) {
            return Ok(Target::External);
        }
        if link.wiki {
            return self.resolve_wiki(from, link);
        }
        let article = self.articles[from];
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
            self.check_fragment(from, &fragment).map_err(|p| {
                p.or_link_to(Target::Local {
                    fragment: String::new(),
                })
            })?;
            return Ok(Target::Local { fragment });
        }
        if let Some(outside) = self.outside(article.dir(), dest) {
            return Ok(outside);
        }
        let mut decoded = urls::percent_decode(path);
        // `/fr/basics/` from the root, as Hugo sites write it, is `/basics/`.
        if let Some(rest) = self.without_language(&decoded) {
            decoded = rest;
        }
        let Some(joined) = urls::join(article.dir(), &decoded) else {
            return Err(Problem::new(
                format!(
                    "the link `{dest}` points outside the `{}/` folder",
                    self.content
                ),
                Some("for a site published beside this one, list the start of its links in `external_prefixes` in `site.toml` (`external_prefixes = [\"../std/\"]`)".into()),
            ));
        };
        if let Some(problem) = unpublished(&joined) {
            return Err(problem);
        }

        // A section's folder (`basics/`, `basics/index.html`) is its page.
        let folder = (joined.strip_suffix("/index.html"))
            .or_else(|| joined.strip_suffix('/'))
            .unwrap_or(&joined);
        if let Some(path) = self.sections.get(folder) {
            return Ok(Target::Section { path: path.clone() });
        }
        if let Some(source) = self.page_source(&joined, !decoded.contains('/'))? {
            return self.page(&source, dest, fragment);
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

    /// The article a path inside `articles/` names, which may not exist,
    /// or `None` for a file: `x.md`; a folder's `index.md` or `README.md`;
    /// a book's output, `x.html` for `x.md` and `x/index.html` for the
    /// folder `x`; a page's name without extension, as wikis write it
    /// (`Getting-Started`, in any letter case, and when `anywhere`, in any
    /// folder if not in this one).
    fn page_source(&self, joined: &str, anywhere: bool) -> Result<Option<String>, Problem> {
        if joined.ends_with(".md") {
            return Ok(Some(joined.to_string()));
        }
        let folder = joined.ends_with('/') || joined.is_empty();
        if !folder && self.assets.contains(joined) {
            return Ok(None);
        }
        let dir = joined.trim_end_matches('/');
        if let Some(index) = self.folder_index(dir) {
            return Ok(Some(index));
        }
        let prefix = |dir: &str| match dir {
            "" => String::new(),
            dir => format!("{dir}/"),
        };
        if folder {
            return Ok(Some(format!("{}index.md", prefix(dir))));
        }
        if let Some(stem) = joined.strip_suffix(".html") {
            return Ok(Some(match stem.rsplit_once('/').unwrap_or(("", stem)) {
                (dir, "index") => self
                    .folder_index(dir)
                    .unwrap_or_else(|| format!("{}index.md", prefix(dir))),
                _ => format!("{stem}.md"),
            }));
        }
        let (dir, name) = joined.rsplit_once('/').unwrap_or(("", joined));
        let named = self.page_named(dir, name, anywhere, || format!("the link `{joined}`"))?;
        if name.contains('.') {
            // A file's name, unless a page has it (`Angular.js.md` for
            // `[Angular.js](Angular.js)` in a wiki).
            return Ok(named);
        }
        Ok(Some(named.unwrap_or_else(|| format!("{joined}.md"))))
    }

    /// The `index.md` or `README.md` of a folder, when it has one.
    fn folder_index(&self, dir: &str) -> Option<String> {
        let prefix = match dir {
            "" => String::new(),
            dir => format!("{dir}/"),
        };
        ["index.md", "_index.md", "README.md"]
            .iter()
            .map(|name| format!("{prefix}{name}"))
            .find(|source| {
                self.by_source.contains_key(source.as_str())
                    || self.failed.contains(source.as_str())
            })
    }

    /// The page `name` (which may start with folders) means from the
    /// folder `dir`, as a wiki finds it: in that folder, else (when
    /// `anywhere`) in any one folder, in any letter case and with spaces
    /// as `-`; an error when several pages could be meant.
    fn page_named(
        &self,
        dir: &str,
        name: &str,
        anywhere: bool,
        written: impl Fn() -> String,
    ) -> Result<Option<String>, Problem> {
        let key = wiki_key(name.trim_matches('/'));
        let (folder, stem) = key.rsplit_once('/').unwrap_or(("", &key));
        let Some(candidates) = self.page_names().get(stem) else {
            return Ok(None);
        };
        let here = urls::join(&wiki_key(dir), folder);
        let exact = name
            .rsplit('/')
            .next()
            .unwrap_or(name)
            .trim()
            .replace(char::is_whitespace, "-");
        // Of pages in one folder whose names differ only in letter case,
        // the one written as in the link.
        let pick = |found: Vec<&Named>| -> Result<Option<String>, Problem> {
            let exact: Vec<&Named> = found.iter().copied().filter(|n| n.exact == exact).collect();
            let one_folder = found.windows(2).all(|w| w[0].folder == w[1].folder);
            match (found.as_slice(), exact.as_slice(), one_folder) {
                ([], ..) => Ok(None),
                ([one], ..) | (_, [one], true) => Ok(Some(one.source.to_string())),
                (several, ..) => {
                    let list: Vec<String> =
                        several.iter().map(|n| format!("`{}`", n.source)).collect();
                    Err(Problem::new(
                        format!("{} could lead to any of {}", written(), list.join(", ")),
                        Some("name the folder too, or link to the file itself: `[text](folder/Page.md)`".into()),
                    ))
                }
            }
        };
        let near: Vec<&Named> = candidates
            .iter()
            .filter(|n| Some(&n.folder) == here.as_ref())
            .collect();
        if !near.is_empty() || !anywhere || name.contains("..") {
            return pick(near);
        }
        let far = candidates
            .iter()
            .filter(|n| n.path == key || n.path.ends_with(&format!("/{key}")))
            .collect();
        pick(far)
    }

    /// A link to the article `source` (or to a draft, or one that failed to
    /// load), at `fragment`.
    fn page(&self, source: &str, dest: &str, fragment: Option<String>) -> Result<Target, Problem> {
        // In a translation, `b.fr.md` is the French `b.md`.
        let source = match &self.original {
            Some(original) => crate::load::languages::translation_of(source, &[original.language])
                .map_or(source.to_string(), |(_, original)| original),
            None => source.to_string(),
        };
        let source = source.as_str();
        if self.failed.contains(source) {
            return Ok(Target::Broken);
        }
        let Some(&target) = self.by_source.get(source) else {
            if let Some(target) = self.original_page(source, fragment.as_deref())? {
                return Ok(target);
            }
            return Err(self.missing_article(source, dest));
        };
        if let Some(fragment) = &fragment {
            self.check_fragment(target, fragment).map_err(|p| {
                p.or_link_to(Target::Page {
                    article: target,
                    fragment: None,
                })
            })?;
        }
        Ok(Target::Page {
            article: target,
            fragment,
        })
    }

    /// A path from the root without the language prefix it starts with.
    fn without_language(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix('/')?;
        let (first, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (self.languages.iter())
            .any(|tag| tag.eq_ignore_ascii_case(first))
            .then(|| format!("/{rest}"))
    }

    /// The page of the site's own language an untranslated article has,
    /// its fragment checked there.
    fn original_page(
        &self,
        source: &str,
        fragment: Option<&str>,
    ) -> Result<Option<Target>, Problem> {
        let (Some(original), Some(sources)) = (&self.original, self.original_sources) else {
            return Ok(None);
        };
        let Some(&target) = sources.get(source) else {
            return Ok(None);
        };
        let path = original.site.path_of(target);
        if let Some(fragment) = fragment {
            check_fragment_in(&original.site.articles[target], fragment).map_err(|p| {
                p.or_link_to(Target::Original {
                    path: path.clone(),
                    fragment: None,
                })
            })?;
        }
        Ok(Some(Target::Original {
            path,
            fragment: fragment.map(str::to_string),
        }))
    }

    /// `[[Page Name]]`, `[[Page Name#Heading]]`, `[[text|Page Name]]`,
    /// `[[diagram.png]]`: a page or file found by its name.
    fn resolve_wiki(&self, from: usize, link: &Link) -> Result<Target, Problem> {
        let article = self.articles[from];
        let (name, fragment) = match link.dest.split_once('#') {
            Some((name, fragment)) => (name.trim(), Some(fragment.trim())),
            None => (link.dest.trim(), None),
        };
        let shown = match link.text == link.dest || link.text.is_empty() {
            true => format!("[[{}]]", link.dest),
            false => format!("[[{}|{}]]", link.text, link.dest),
        };
        if name.is_empty() {
            let fragment = self.wiki_fragment(from, fragment.unwrap_or_default());
            self.check_fragment(from, &fragment).map_err(|p| {
                p.or_link_to(Target::Local {
                    fragment: String::new(),
                })
            })?;
            return Ok(Target::Local { fragment });
        }
        if let Some(problem) = urls::join(article.dir(), name).and_then(|j| unpublished(&j)) {
            return Err(problem);
        }
        let is_file = name
            .rsplit('/')
            .next()
            .is_some_and(|n| n.contains('.') && !n.ends_with(".md"));
        if is_file {
            if let Some(path) = self.asset_named(article.dir(), name, &shown)? {
                return Ok(Target::Asset {
                    path,
                    suffix: fragment.map_or(String::new(), |f| format!("#{f}")),
                });
            }
        }
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let written = || format!("the wiki link `{shown}`");
        let Some(source) = self.page_named(article.dir(), stem, true, written)? else {
            if is_file {
                return Err(Problem::new(
                    format!("the wiki link `{shown}` names no file: looked for `{name}` in `articles/{}`, then in every folder", urls::page_path(article.dir())),
                    None,
                ));
            }
            return Err(self.missing_wiki_page(from, link, stem, &shown));
        };
        let fragment = match self.by_source.get(source.as_str()) {
            Some(&target) => fragment.map(|f| self.wiki_fragment(target, f)),
            None => fragment.map(str::to_string),
        };
        self.page(&source, &shown, fragment)
    }

    /// A wiki link's `#fragment`, which may be written as the heading's
    /// text (`[[Page#Common Mistakes]]`): the heading's id.
    fn wiki_fragment(&self, target: usize, fragment: &str) -> String {
        let article = self.articles[target];
        let id = slug::heading_id(fragment);
        match !article.has_id(fragment) && article.has_id(&id) {
            true => id,
            false => fragment.to_string(),
        }
    }

    /// The file beside the articles a wiki link names: in the link's
    /// folder, else the only one of that name.
    fn asset_named(&self, dir: &str, name: &str, shown: &str) -> Result<Option<String>, Problem> {
        let decoded = urls::percent_decode(name);
        if let Some(joined) = urls::join(dir, &decoded) {
            if self.assets.contains(joined.as_str()) {
                return Ok(Some(joined));
            }
        }
        let file = decoded.rsplit('/').next().unwrap_or(&decoded);
        match self.asset_names.get(file).map(Vec::as_slice) {
            Some([one]) => Ok(Some(one.to_string())),
            Some(several) if several.len() > 1 => {
                let list: Vec<String> = several.iter().map(|s| format!("`{s}`")).collect();
                Err(Problem::new(
                    format!(
                        "the wiki link `{shown}` could lead to any of {}",
                        list.join(", ")
                    ),
                    Some("write the file's folder too: `[[folder/file.png]]`".into()),
                ))
            }
            _ => Ok(None),
        }
    }

    /// The error for a wiki link whose page is nowhere, with the closest
    /// page name, or the order GitHub wikis write when the text before
    /// the `|` names a page.
    fn missing_wiki_page(&self, from: usize, link: &Link, name: &str, shown: &str) -> Problem {
        let dir = self.articles[from].dir();
        let written = || String::new();
        let reversed = !link.text.is_empty()
            && link.text != link.dest
            && matches!(self.page_named(dir, &link.text, true, written), Ok(Some(_)));
        let help = if reversed {
            Some(format!(
                "the text comes first and the page after the `|`, as GitHub wikis write it: `[[{}|{}]]`",
                link.dest, link.text
            ))
        } else {
            let key = wiki_key(name);
            let all = self.page_names().values().flatten();
            closest(&key, all.map(|n| n.path.as_str()))
                .and_then(|path| {
                    self.page_names()
                        .values()
                        .flatten()
                        .find(|n| n.path == path)
                })
                .map(|n| format!("did you mean `[[{}]]` (`{}`)?", n.exact, n.source))
        };
        let file = name.trim().replace(char::is_whitespace, "-");
        Problem::new(
            format!(
                "the wiki link `{shown}` names no article: looked for `{file}.md` (in any letter case, with spaces or `-`) in `articles/{}`, then in every folder",
                urls::page_path(dir)
            ),
            help,
        )
    }

    /// Where a link leads when it starts with one of `external_prefixes`
    /// once taken from the site's root: the path from there, as written.
    fn outside(&self, dir: &str, dest: &str) -> Option<Target> {
        if self.external_prefixes.is_empty() {
            return None;
        }
        let cut = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, rest) = dest.split_at(cut);
        let from_root = urls::join_outside(dir, path);
        self.external_prefixes
            .iter()
            .any(|prefix| urls::under(prefix, &from_root))
            .then(|| Target::Outside {
                path: format!("{from_root}{rest}"),
            })
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
        let help = closest(source, self.by_source.keys().map(|source| &**source))
            .map(|s| format!("did you mean `{s}`?"));
        Problem::new(format!("link to a missing article `{source}`"), help)
    }

    fn check_fragment(&self, target: usize, fragment: &str) -> Result<(), Problem> {
        check_fragment_in(self.articles[target], fragment)
    }
}

/// Whether `article` has the id `fragment`; if not, what was probably meant.
fn check_fragment_in(article: &Article, fragment: &str) -> Result<(), Problem> {
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
    let lowered: Vec<(String, &str)> = article.ids().map(|id| (id.to_lowercase(), id)).collect();
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

/// `target` (inside `articles/`) as a link from the folder `dir`.
fn relative_to(dir: &str, target: &str) -> String {
    let mut from = urls::page_path(dir);
    if dir.is_empty() {
        from.clear();
    }
    urls::relative(&from, target, LinkStyle::Pretty)
}

/// Every article's "Referenced in": the links into it from other
/// articles, each section of each once, in site order.
pub(super) fn backlinks(
    articles: &[Arc<Article>],
    targets: &[Arc<[Target]>],
) -> Vec<Arc<[Backlink]>> {
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); articles.len()];
    for (from, article) in articles.iter().enumerate() {
        for (to, backlink) in backlinks_from(from, article, &targets[from]) {
            backlinks[to].push(backlink);
        }
    }
    backlinks.into_iter().map(Arc::from).collect()
}

/// `previous` backlinks after the articles `changed` (in site order) have
/// new `targets`.
pub(super) fn update_backlinks(
    previous: &[Arc<[Backlink]>],
    previous_targets: &[Arc<[Target]>],
    articles: &[Arc<Article>],
    targets: &[Arc<[Target]>],
    changed: &[usize],
) -> Vec<Arc<[Backlink]>> {
    let mut backlinks = previous.to_vec();
    let pages = |targets: &[Arc<[Target]>]| -> Vec<usize> {
        (changed.iter().flat_map(|&from| targets[from].iter()))
            .filter_map(|target| match target {
                Target::Page { article, .. } => Some(*article),
                _ => None,
            })
            .collect()
    };
    let mut touched: Vec<usize> = pages(previous_targets);
    touched.extend(pages(targets));
    touched.sort_unstable();
    touched.dedup();
    let mut lists: Map<usize, Vec<Backlink>> = (touched.iter())
        .map(|&to| {
            let kept = (backlinks[to].iter()).filter(|b| changed.binary_search(&b.from).is_err());
            (to, kept.cloned().collect())
        })
        .collect();
    for &from in changed {
        for (to, backlink) in backlinks_from(from, &articles[from], &targets[from]) {
            lists.entry(to).or_default().push(backlink);
        }
    }
    for (to, mut list) in lists {
        // Stable: the links of one article stay in their order.
        list.sort_by_key(|b| b.from);
        backlinks[to] = list.into();
    }
    backlinks
}

/// The backlinks the links of article `from` give, as (article linked
/// to, backlink), each once, in the order of the links.
fn backlinks_from(from: usize, article: &Article, targets: &[Target]) -> Vec<(usize, Backlink)> {
    let mut found: Vec<(usize, Backlink)> = Vec::new();
    let mut seen: Set<(usize, Backlink)> = Set::default();
    for (link, target) in article.links.iter().zip(targets) {
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
            found.push((to, backlink));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_names_compare_in_any_case_with_spaces_as_dashes() {
        assert_eq!(wiki_key(" Getting Started "), "getting-started");
        assert_eq!(wiki_key("Getting-Started"), "getting-started");
        assert_eq!(wiki_key("İstanbul Notes"), "i\u{307}stanbul-notes");
    }

    #[test]
    fn pages_are_named_by_file_and_folder() {
        let names = page_names(["guides/Getting Started.md", "tools/index.md"].into_iter());
        let start = &names["getting-started"][0];
        assert_eq!(
            (
                start.folder.as_str(),
                start.path.as_str(),
                start.exact.as_str()
            ),
            ("guides", "guides/getting-started", "Getting-Started")
        );
        let sources = |key: &str| names[key].iter().map(|n| n.source).collect::<Vec<_>>();
        assert_eq!(sources("tools"), ["tools/index.md"]);
        assert_eq!(sources("index"), ["tools/index.md"]);
    }

    #[test]
    fn hidden_and_editor_files_are_not_published() {
        let hidden = unpublished("guide/.drafts/a.md").unwrap();
        assert_eq!(
            hidden.message,
            "`guide/.drafts/a.md` is not published: files and folders starting with `.` are skipped"
        );
        assert!(unpublished("notes.md~").unwrap().message.contains("editor"));
        assert!(unpublished("guide/a.md").is_none());
    }
}
