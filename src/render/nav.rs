//! The section navigation of an article page: where the page is in the
//! site's tree. It shows the current branch only: each level from the top
//! down to the page, with the sections and articles beside the branch by
//! name and link (their contents left out), and the page's own children.
//! Each level shows at most [`WINDOW`] entries around the branch, so the
//! navigation does not grow with the site.

use serde::Serialize;

use super::html::Url;
use super::paginate;
use crate::resolve::sections::Kind;
use crate::resolve::Site;

/// How many entries of one level the navigation shows, around the entry on
/// the page's branch.
const WINDOW: usize = 20;

/// The navigation, as rows of nested lists in document order.
#[derive(Serialize, Debug)]
pub(super) struct NavView {
    /// The name of the landmark and of its toggle.
    label: String,
    rows: Vec<NavRow>,
}

/// One list item. A row that `opens` starts a nested list after its link;
/// `closes` says how many nested lists (and their items) end after it.
#[derive(Serialize, Debug, Default)]
struct NavRow {
    title: String,
    /// `None` for a draft chapter, a part title or entries left out.
    href: Option<Url>,
    /// The page itself.
    current: bool,
    /// An entry the page is under.
    ancestor: bool,
    /// A section (or chapter with chapters), shown by name only unless on
    /// the branch.
    section: bool,
    /// A `# Part` title of `SUMMARY.md`.
    part: bool,
    /// Stands for entries left out of the level.
    more: bool,
    /// Comes after a `---` separator of `SUMMARY.md`.
    separated: bool,
    /// The class of its item, from the flags above.
    class: Option<&'static str>,
    /// Whether it is a link (a part's title is not, even with an address).
    link: bool,
    opens: bool,
    closes: usize,
}

/// The navigation of the page of `node` (an article's or a section's),
/// `None` when the site has no tree to show (the page is its only
/// article). It costs the entries it shows, not the site's size.
pub(super) fn view(site: &Site, node: usize, url: &impl Fn(&str) -> Url) -> Option<NavView> {
    let tree = &site.tree;
    let mut branch = tree.ancestors(node);
    branch.push(node);
    // The home page's own article is the home link, not an entry.
    let home = (site.articles.first())
        .filter(|a| a.slug.is_empty())
        .and_then(|_| tree.of_article[0]);
    let top = tree.nodes[0].children.len() - usize::from(home.is_some());
    if tree.sections.is_empty() && top < 2 {
        return None;
    }
    let mut rows = Vec::new();
    level(site, 0, &branch, home, url, &mut rows);
    // Worked out once here rather than by the template for every row of
    // every page: the navigation is a large part of rendering an article.
    for row in &mut rows {
        row.class = match (row.part, row.more, row.ancestor, row.separated) {
            (true, ..) => Some("nav-part"),
            (_, true, ..) => Some("nav-more"),
            (_, _, true, true) => Some("nav-open nav-separated"),
            (_, _, true, false) => Some("nav-open"),
            (_, _, false, true) => Some("nav-separated"),
            (false, false, false, false) => None,
        };
        row.link = row.href.is_some() && !row.part;
    }
    let label = match (tree.book, tree.sections.is_empty()) {
        (true, _) => "chapters",
        (false, true) => "articles",
        (false, false) => "sections",
    };
    let label = site.config.words.text(label).to_string();
    Some(NavView { label, rows })
}

/// The rows of the children of `parent`, the `depth`th level of `branch`
/// (the nodes from the top down to the page), leaving out `home`.
fn level(
    site: &Site,
    parent: usize,
    branch: &[usize],
    home: Option<usize>,
    url: &impl Fn(&str) -> Url,
    rows: &mut Vec<NavRow>,
) {
    let tree = &site.tree;
    let children = &tree.nodes[parent].children;
    let depth = branch
        .iter()
        .position(|&n| n == parent)
        .map_or(0, |d| d + 1);
    let current = branch[branch.len() - 1];
    let at = branch.get(depth).map_or(0, |&n| tree.place[n]);
    let (start, end) = window(children.len(), at);
    // The home article, when it is among the children, is not counted.
    let home = home
        .filter(|&h| tree.nodes[h].parent == Some(parent))
        .map(|h| tree.place[h]);
    let before = start - usize::from(home.is_some_and(|h| h < start));
    let after = children.len() - end - usize::from(home.is_some_and(|h| h >= end));
    // Where the entries left out are listed: the section's page holding
    // them, else the home page.
    let listing = |at: usize| match &tree.nodes[parent].kind {
        Kind::Section(s) => Some(url(&paginate::path(
            &tree.sections[*s].path,
            at / site.config.page_size,
        ))),
        Kind::Root => Some(url("")),
        _ => None,
    };
    if before > 0 {
        rows.push(NavRow {
            title: site.config.words.count("more_before", before, &[]),
            href: listing(start - 1),
            more: true,
            ..NavRow::default()
        });
    }
    let mut part = start
        .checked_sub(1)
        .and_then(|p| tree.nodes[children[p]].part.clone());
    for (place, &child) in children.iter().enumerate().take(end).skip(start) {
        if Some(place) == home {
            continue;
        }
        let node = &tree.nodes[child];
        // Each part's title before its first entry; the files `SUMMARY.md`
        // does not list come after the parts, under "Other chapters" as on
        // the home page.
        if node.part != part && (node.part.is_some() || part.is_some()) {
            part.clone_from(&node.part);
            rows.push(NavRow {
                title: (node.part.clone())
                    .unwrap_or_else(|| site.config.words.text("other_chapters").into()),
                part: true,
                ..NavRow::default()
            });
        }
        let (title, href) = match &node.kind {
            Kind::Section(s) => {
                let s = &tree.sections[*s];
                (s.title.clone(), Some(url(&s.path)))
            }
            Kind::Article(a) => (
                site.articles[*a].title.clone(),
                Some(url(&site.path_of(*a))),
            ),
            Kind::Draft(title) => (title.clone(), None),
            Kind::Root => continue,
        };
        let here = branch.get(depth) == Some(&child);
        let opens = here && !node.children.is_empty();
        rows.push(NavRow {
            title,
            href,
            current: child == current,
            ancestor: here && child != current,
            section: !node.children.is_empty() || matches!(node.kind, Kind::Section(_)),
            separated: node.separated,
            opens,
            ..NavRow::default()
        });
        if opens {
            level(site, child, branch, None, url, rows);
            if let Some(last) = rows.last_mut() {
                last.closes += 1;
            }
        }
    }
    if after > 0 {
        rows.push(NavRow {
            title: site.config.words.count("more_after", after, &[]),
            href: listing(end),
            more: true,
            ..NavRow::default()
        });
    }
}

/// The nodes whose page's navigation shows `node`: the pages under each
/// entry of its level whose window holds it, and its parent's own page.
pub(crate) fn pages_showing(site: &Site, node: usize) -> Vec<usize> {
    let tree = &site.tree;
    let Some(parent) = tree.nodes[node].parent else {
        return Vec::new();
    };
    let siblings = &tree.nodes[parent].children;
    let place = tree.place[node];
    let holds = |at: usize| {
        let (start, end) = window(siblings.len(), at);
        (start..end).contains(&place)
    };
    // The parent's page shows its children from the first.
    let mut pages: Vec<usize> = Vec::new();
    if holds(0) {
        pages.push(parent);
    }
    for (at, &sibling) in siblings.iter().enumerate() {
        if holds(at) {
            let mut stack = vec![sibling];
            while let Some(n) = stack.pop() {
                pages.push(n);
                stack.extend(&tree.nodes[n].children);
            }
        }
    }
    pages
}

/// The range of at most [`WINDOW`] of `len` entries shown around entry `at`.
fn window(len: usize, at: usize) -> (usize, usize) {
    if len <= WINDOW {
        return (0, len);
    }
    let start = at.saturating_sub(WINDOW / 2).min(len - WINDOW);
    (start, start + WINDOW)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_window_keeps_the_entry_and_stays_within_the_level() {
        assert_eq!(window(5, 3), (0, 5));
        assert_eq!(window(100, 0), (0, 20));
        assert_eq!(window(100, 50), (40, 60));
        assert_eq!(window(100, 99), (80, 100));
        for at in 0..100 {
            let (start, end) = window(100, at);
            assert!(start <= at && at < end && end - start == 20);
        }
    }
}
