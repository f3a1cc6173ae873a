//! The site's tree: sections from folders, or the chapters of
//! `SUMMARY.md`. Folders under `articles/` are sections (`basics/*.md` is
//! the section "Basics" at `/basics/`), nested folders subsections; a
//! folder's `index.md` (or `README.md`) gives its section its title,
//! introduction, weight and front matter. A folder holding no article but
//! its `index.md` is that one article, not a section. When the site has a
//! `SUMMARY.md`, its order, nesting and parts make the whole tree instead,
//! and files it does not list come after the rest, with a warning each.
//!
//! The tree decides the order of the site: depth first, each level in the
//! order of `SUMMARY.md`, else by weight, date and title.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::urls;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{derived_slug, file_title, Article, Date, SlugStyle, Summary};

/// What a place in the tree holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The top of the tree: the home page.
    Root,
    Article(usize),
    Section(usize),
    /// A chapter `SUMMARY.md` lists without a file yet (`- [Later]()`).
    Draft(String),
}

/// A place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) parent: Option<usize>,
    /// In order.
    pub(crate) children: Vec<usize>,
    /// The `# Part` of `SUMMARY.md` it comes under.
    pub(crate) part: Option<String>,
    /// Whether a `---` separator of `SUMMARY.md` stands before it.
    pub(crate) separated: bool,
}

/// A folder of articles, with a page of its own listing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) title: String,
    /// Its site path (`basics/`).
    pub(crate) path: String,
    /// The folder inside `articles/` (`basics`).
    pub(crate) folder: String,
    /// Its `index.md`, shown as the section page's introduction.
    pub(crate) index: Option<usize>,
    pub(crate) node: usize,
}

/// The site's tree; node 0 is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) sections: Vec<Section>,
    /// Per article, its node (a section's for its `index.md`).
    pub(crate) of_article: Vec<Option<usize>>,
    /// Per node, its place among its parent's children.
    pub(crate) place: Vec<usize>,
    /// Whether `SUMMARY.md` made it: its entries are a book's chapters.
    pub(crate) book: bool,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node {
                kind: Kind::Root,
                parent: None,
                children: Vec::new(),
                part: None,
                separated: false,
            }],
            sections: Vec::new(),
            of_article: Vec::new(),
            place: vec![0],
            book: false,
        }
    }
}

impl Tree {
    fn add(&mut self, kind: Kind, parent: usize, part: Option<String>) -> usize {
        let node = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
            part,
            separated: false,
        });
        self.nodes[parent].children.push(node);
        node
    }

    /// The article a node shows on a page of its own, if any.
    fn article_of(&self, node: usize) -> Option<usize> {
        match self.nodes[node].kind {
            Kind::Article(a) => Some(a),
            Kind::Section(s) => self.sections[s].index,
            _ => None,
        }
    }

    /// The articles in tree order: depth first.
    fn order(&self) -> Vec<usize> {
        self.articles_under(0)
    }

    /// The articles under `node` in tree order, without its own.
    pub(crate) fn articles_under(&self, node: usize) -> Vec<usize> {
        let mut order = Vec::new();
        let mut stack: Vec<usize> = self.nodes[node].children.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            order.extend(self.article_of(node));
            stack.extend(self.nodes[node].children.iter().rev());
        }
        order
    }

    /// The nodes above `node`, the top first, without the root.
    pub(crate) fn ancestors(&self, node: usize) -> Vec<usize> {
        let mut up = Vec::new();
        let mut at = self.nodes[node].parent;
        while let Some(node) = at.filter(|&n| n != 0) {
            up.push(node);
            at = self.nodes[node].parent;
        }
        up.reverse();
        up
    }

    /// What the nodes of a level of a tree built from folders are in
    /// order of: weight, date, title and file (sections by their
    /// `index.md`).
    fn key<'a>(
        &'a self,
        articles: &'a [Arc<Article>],
        node: usize,
    ) -> (i64, Option<Date>, &'a str, &'a str) {
        let (article, title, source) = match &self.nodes[node].kind {
            Kind::Article(a) => (Some(*a), &*articles[*a].title, &*articles[*a].source),
            Kind::Section(s) => {
                let s = &self.sections[*s];
                (s.index, &*s.title, &*s.folder)
            }
            _ => (None, "", ""),
        };
        let front = article.map(|a| &articles[a].front);
        (
            front.and_then(|f| f.weight).unwrap_or(i64::MAX),
            front.and_then(|f| f.date),
            title,
            source,
        )
    }

    /// Whether the level of a tree built from folders holding article `i`
    /// is still in order with `articles` (after new titles).
    pub(crate) fn in_order(&self, articles: &[Arc<Article>], i: usize) -> bool {
        let level = (self.of_article.get(i).copied().flatten())
            .and_then(|node| self.nodes[node].parent)
            .map(|parent| &self.nodes[parent].children);
        level.is_some_and(|level| {
            (level.windows(2)).all(|pair| self.key(articles, pair[0]) < self.key(articles, pair[1]))
        })
    }

    /// The section whose `index.md` is article `i`.
    pub(crate) fn section_of_index(&self, i: usize) -> Option<usize> {
        self.sections.iter().position(|s| s.index == Some(i))
    }
}

/// `index.md`, `_index.md` (as Hugo and Zola name it) or `README.md`: the
/// file that stands for its folder.
fn is_index(source: &str) -> bool {
    let name = source.rsplit('/').next().unwrap_or(source);
    name == "index.md" || name == "_index.md" || name == "README.md"
}

fn parent_folder(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Builds the tree of `articles` (sorted by weight, date and title, the
/// home page's first) and puts them in its order, the home page's first.
pub(super) fn build(
    articles: &mut Vec<Arc<Article>>,
    summary: Option<&Summary>,
    slugs: SlugStyle,
    diagnostics: &mut Diagnostics,
) -> Tree {
    let mut tree = match summary {
        Some(summary) => from_summary(articles, summary, diagnostics),
        None => from_folders(articles, slugs, diagnostics),
    };
    // The home page's article stays first.
    let mut order: Vec<usize> = (0..articles.len())
        .filter(|&i| articles[i].slug.is_empty())
        .collect();
    let mut placed = vec![false; articles.len()];
    for &i in &order {
        placed[i] = true;
    }
    for i in tree.order() {
        if !std::mem::replace(&mut placed[i], true) {
            order.push(i);
        }
    }
    let mut new_index = vec![usize::MAX; articles.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for node in &mut tree.nodes {
        if let Kind::Article(a) = &mut node.kind {
            *a = new_index[*a];
        }
    }
    for section in &mut tree.sections {
        section.index = section.index.map(|a| new_index[a]);
    }
    let mut of_article = vec![None; articles.len()];
    for (node, n) in tree.nodes.iter().enumerate() {
        if let Kind::Article(a) = n.kind {
            of_article[a] = Some(node);
        }
    }
    for section in &tree.sections {
        if let Some(a) = section.index {
            of_article[a] = Some(section.node);
        }
    }
    tree.of_article = of_article;
    let mut place = vec![0; tree.nodes.len()];
    for node in &tree.nodes {
        for (i, &child) in node.children.iter().enumerate() {
            place[child] = i;
        }
    }
    tree.place = place;
    let mut taken: Vec<Option<Arc<Article>>> =
        std::mem::take(articles).into_iter().map(Some).collect();
    *articles = order.iter().filter_map(|&i| taken[i].take()).collect();
    tree
}

fn from_folders(
    articles: &[Arc<Article>],
    slugs: SlugStyle,
    diagnostics: &mut Diagnostics,
) -> Tree {
    // Folders holding an article that is not their own `index.md`.
    let mut folders = BTreeSet::new();
    for article in articles.iter().filter(|a| !a.slug.is_empty()) {
        let mut folder = article.dir();
        if is_index(&article.source) {
            folder = parent_folder(folder);
        }
        // Folders where lectern writes its own pages (`tags/`) are not sections.
        let first = folder.split('/').next().unwrap_or("");
        if super::paths::reserved(first) {
            continue;
        }
        while !folder.is_empty() && folders.insert(folder.to_string()) {
            folder = parent_folder(folder);
        }
    }
    let mut tree = Tree::default();
    let mut by_folder: HashMap<String, usize> = HashMap::new();
    // Each folder's `index.md` or `README.md`, the first in site order.
    let mut indexes: HashMap<&str, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if is_index(&a.source) && !a.slug.is_empty() {
            indexes.entry(a.dir()).or_insert(i);
        }
    }
    let mut is_section_index = vec![false; articles.len()];
    for folder in &folders {
        let index = indexes.get(folder.as_str()).copied();
        if let Some(i) = index {
            is_section_index[i] = true;
        }
        let (title, path) = match index {
            Some(i) => (
                articles[i].title.clone(),
                urls::page_path(&articles[i].slug),
            ),
            None => (
                file_title(&format!("{folder}/index.md")).unwrap_or_else(|| folder.clone()),
                urls::page_path(&derived_slug(&format!("{folder}/index.md"), slugs)),
            ),
        };
        let parent = by_folder
            .get(parent_folder(folder))
            .map_or(0, |&s| tree.sections[s].node);
        let s = tree.sections.len();
        let node = tree.add(Kind::Section(s), parent, None);
        tree.sections.push(Section {
            title,
            path,
            folder: folder.clone(),
            index,
            node,
        });
        by_folder.insert(folder.clone(), s);
    }
    for (i, article) in articles.iter().enumerate() {
        if article.slug.is_empty() || is_section_index[i] {
            continue;
        }
        let mut folder = article.dir();
        if is_index(&article.source) {
            folder = parent_folder(folder);
        }
        let parent = by_folder.get(folder).map_or(0, |&s| tree.sections[s].node);
        tree.add(Kind::Article(i), parent, None);
    }
    for node in 0..tree.nodes.len() {
        let mut children = std::mem::take(&mut tree.nodes[node].children);
        children.sort_by(|&a, &b| tree.key(articles, a).cmp(&tree.key(articles, b)));
        tree.nodes[node].children = children;
    }
    check_paths(articles, &tree, diagnostics);
    tree
}

/// A section page must have its URL to itself.
fn check_paths(articles: &[Arc<Article>], tree: &Tree, diagnostics: &mut Diagnostics) {
    let slugs: HashMap<&str, &Article> = articles.iter().map(|a| (a.slug.as_str(), &**a)).collect();
    for section in tree.sections.iter().filter(|s| s.index.is_none()) {
        let slug = section.path.trim_end_matches('/');
        let folder = format!("the folder `{}`", section.folder);
        if let Some(article) = slugs.get(slug) {
            diagnostics.push(
                Diagnostic::error(
                    &article.file,
                    format!(
                        "this article and the section of {folder} both have the URL `/{}`",
                        section.path
                    ),
                )
                .at_origin(article.locate(article.key_offset("slug")))
                .with_help("move the article into the folder as its `index.md`, rename one of them, or give the article another `slug`"),
            );
        }
    }
    let mut paths: HashMap<&str, &Section> = HashMap::new();
    for a in &tree.sections {
        if let Some(b) = paths.insert(&a.path, a) {
            let file = articles
                .iter()
                .find(|x| x.dir() == a.folder)
                .map_or_else(|| a.folder.clone().into(), |x| x.file.clone());
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the sections of the folders `{}` and `{}` both have the URL `/{}`",
                        b.folder, a.folder, a.path
                    ),
                )
                .with_help("rename one of the folders"),
            );
        }
    }
}

fn from_summary(
    articles: &[Arc<Article>],
    summary: &Summary,
    diagnostics: &mut Diagnostics,
) -> Tree {
    let mut tree = Tree {
        book: true,
        ..Tree::default()
    };
    let by_source: HashMap<&str, usize> = (articles.iter().enumerate())
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let mut listed = vec![false; articles.len()];
    // The last node at each level above the entry being read.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // A separator stands before the next chapter placed.
    let mut separated = false;
    for (at, entry) in summary.entries.iter().enumerate() {
        separated |= summary.separators.contains(&at);
        let kind = match entry.source.as_deref() {
            None => Kind::Draft(entry.title.clone()),
            Some(source) => match by_source.get(source) {
                Some(&i) if !listed[i] => {
                    listed[i] = true;
                    Kind::Article(i)
                }
                // Listed twice: its first place is its place.
                Some(_) => continue,
                // A draft left out of the build: a chapter to come, which
                // keeps its place for the chapters nested in it.
                None => Kind::Draft(entry.title.clone()),
            },
        };
        while stack.last().is_some_and(|&(level, _)| level >= entry.level) {
            stack.pop();
        }
        let parent = match entry.level {
            0 => 0,
            _ => stack.last().map_or(0, |&(_, node)| node),
        };
        let part = (parent == 0).then(|| entry.part.clone()).flatten();
        let node = tree.add(kind, parent, part);
        tree.nodes[node].separated = std::mem::take(&mut separated);
        if entry.level == 0 {
            stack.clear();
        } else {
            stack.push((entry.level, node));
        }
    }
    for (i, article) in articles.iter().enumerate() {
        if listed[i] || article.slug.is_empty() {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                &article.file,
                format!(
                    "`{}` is not in `SUMMARY.md`; it is built and listed after the chapters",
                    article.source
                ),
            )
            .with_help(format!(
                "add it to `SUMMARY.md`: `- [{}]({})`",
                article.title, article.source
            )),
        );
        tree.add(Kind::Article(i), 0, None);
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::summary::Entry;

    fn articles(files: &[(&str, &str)]) -> Vec<Arc<Article>> {
        (files.iter())
            .map(|(source, text)| {
                let file = format!("articles/{source}").into();
                Article::parse(file, source.to_string(), text.to_string())
                    .unwrap()
                    .into()
            })
            .collect()
    }

    fn sources(articles: &[Arc<Article>]) -> Vec<&str> {
        articles.iter().map(|a| a.source.as_str()).collect()
    }

    #[test]
    fn folders_with_more_than_their_index_are_sections() {
        let mut list = articles(&[
            ("top.md", "# Top\n\nx\n"),
            ("basics/one.md", "# One\n\nx\n"),
            (
                "basics/index.md",
                "+++\nweight = 1\n+++\n# The basics\n\nx\n",
            ),
            ("basics/pics/index.md", "# Pictures\n\nx\n"),
            ("basics/deep/x.md", "# X\n\nx\n"),
        ]);
        let mut diagnostics = Diagnostics::default();
        let tree = build(&mut list, None, SlugStyle::Unicode, &mut diagnostics);
        assert!(diagnostics.is_empty());
        let folders: Vec<(&str, &str, &str)> = (tree.sections.iter())
            .map(|s| (s.folder.as_str(), s.title.as_str(), s.path.as_str()))
            .collect();
        assert_eq!(
            folders,
            [
                ("basics", "The basics", "basics/"),
                ("basics/deep", "Deep", "basics/deep/")
            ]
        );
        // The weighted section first, its index.md before what it holds,
        // then its entries by title: "Deep", "One", "Pictures".
        assert_eq!(
            sources(&list),
            [
                "basics/index.md",
                "basics/deep/x.md",
                "basics/one.md",
                "basics/pics/index.md",
                "top.md"
            ]
        );
        assert_eq!(tree.sections[0].index, Some(0));
        assert_eq!(tree.section_of_index(0), Some(0));
        let x = tree.of_article[1].unwrap();
        assert_eq!(
            tree.ancestors(x),
            [tree.sections[0].node, tree.sections[1].node]
        );
    }

    #[test]
    fn summary_nesting_makes_chapters_children_and_unlisted_files_come_last() {
        let mut list = articles(&[
            ("a.md", "# A\n\nx\n"),
            ("b.md", "# B\n\nx\n"),
            ("c.md", "# C\n\nx\n"),
            ("d.md", "# D\n\nx\n"),
        ]);
        let entry = |title: &str, source: Option<&str>, level, part: Option<&str>| Entry {
            title: title.into(),
            source: source.map(str::to_string),
            level,
            part: part.map(str::to_string),
            offset: 0,
        };
        let summary = Summary {
            title: None,
            entries: vec![
                entry("C", Some("c.md"), 1, Some("One")),
                entry("A", Some("a.md"), 2, Some("One")),
                entry("Soon", None, 2, Some("One")),
                entry("B", Some("b.md"), 1, Some("Two")),
            ],
            separators: Vec::new(),
        };
        let mut diagnostics = Diagnostics::default();
        let tree = build(
            &mut list,
            Some(&summary),
            SlugStyle::Unicode,
            &mut diagnostics,
        );
        assert_eq!(sources(&list), ["c.md", "a.md", "b.md", "d.md"]);
        let warnings: Vec<_> = diagnostics.iter().map(|d| d.location()).collect();
        assert_eq!(warnings, ["articles/d.md"]);
        let a = tree.of_article[1].unwrap();
        assert_eq!(tree.ancestors(a), [tree.of_article[0].unwrap()]);
        let c = tree.of_article[0].unwrap();
        assert_eq!(tree.nodes[c].part.as_deref(), Some("One"));
        assert_eq!(tree.nodes[c].children.len(), 2, "A and the draft");
        assert!(tree.sections.is_empty());
    }

    #[test]
    fn chapters_under_a_chapter_left_out_stay_nested() {
        let mut list = articles(&[("a.md", "# A\n\nx\n"), ("b.md", "# B\n\nx\n")]);
        let entry = |source: &str, level| Entry {
            title: source.into(),
            source: Some(source.into()),
            level,
            part: None,
            offset: 0,
        };
        let summary = Summary {
            title: None,
            // `draft.md` is a draft, not built.
            entries: vec![entry("a.md", 1), entry("draft.md", 1), entry("b.md", 2)],
            separators: Vec::new(),
        };
        let tree = build(
            &mut list,
            Some(&summary),
            SlugStyle::Unicode,
            &mut Diagnostics::default(),
        );
        let b = tree.of_article[1].unwrap();
        let above = tree.ancestors(b);
        assert_eq!(above.len(), 1);
        assert_eq!(tree.nodes[above[0]].kind, Kind::Draft("draft.md".into()));
    }
}
