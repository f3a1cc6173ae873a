//! The listings that grow with the site and are split into pages of
//! `page_size`: the home page's lists, each section's entries and each
//! tag's and category's articles. What each lists, and so how many pages
//! it takes, is decided here once, for the pages and for the check that no
//! article takes the URL of one.

use std::collections::HashMap;
use std::sync::Arc;

use super::sections::{Kind, Tree};
use super::{Site, Term};
use crate::load::Article;
use crate::render::paginate;

/// A listing split into pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Listing {
    Home,
    Section(usize),
    Tag(usize),
    Category(usize),
}

/// One group of the home page, in the order of the top of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HomeGroup {
    pub(crate) kind: GroupKind,
    /// In site order. A section's are all the articles under it.
    pub(crate) articles: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GroupKind {
    Section(usize),
    Category(usize),
    /// A `# Part` of `SUMMARY.md` (`None`: the chapters before the first
    /// part, or the files it does not list).
    Part(Option<String>),
    /// The articles outside sections and categories.
    Loose,
}

impl GroupKind {
    /// Whether the group has no page of its own, so that the home page
    /// lists all its articles, over as many pages as it takes.
    pub(crate) fn paged_on_home(&self) -> bool {
        matches!(self, GroupKind::Part(_) | GroupKind::Loose)
    }
}

/// The groups of the home page: each top-level section, each part of
/// `SUMMARY.md`, the top-level articles of each category, and the articles
/// outside all of them.
pub(super) fn home_groups(
    tree: &Tree,
    articles: &[Arc<Article>],
    categories: &[Term],
) -> Vec<HomeGroup> {
    let summary = tree.sections.is_empty()
        && (tree.nodes[0].children.iter()).any(|&n| tree.nodes[n].part.is_some());
    let category: HashMap<&str, usize> = (categories.iter().enumerate())
        .map(|(c, term)| (term.name.as_str(), c))
        .collect();
    let mut groups: Vec<HomeGroup> = Vec::new();
    // Where each category's group is.
    let mut of_category: HashMap<usize, usize> = HashMap::new();
    let mut loose = Vec::new();
    for &node in &tree.nodes[0].children {
        match &tree.nodes[node].kind {
            Kind::Section(s) => groups.push(HomeGroup {
                kind: GroupKind::Section(*s),
                articles: tree.articles_under(node),
            }),
            Kind::Article(a) if articles[*a].slug.is_empty() => {}
            Kind::Article(a) if summary => {
                // A part runs until the next one starts.
                let part = GroupKind::Part(tree.nodes[node].part.clone());
                match groups.last_mut().filter(|g| g.kind == part) {
                    Some(group) => group.articles.push(*a),
                    None => groups.push(HomeGroup {
                        kind: part,
                        articles: vec![*a],
                    }),
                }
            }
            Kind::Article(a) => {
                let c =
                    (articles[*a].front.category.as_deref()).and_then(|name| category.get(name));
                match c {
                    Some(&c) => {
                        let g = *of_category.entry(c).or_insert_with(|| {
                            groups.push(HomeGroup {
                                kind: GroupKind::Category(c),
                                articles: Vec::new(),
                            });
                            groups.len() - 1
                        });
                        groups[g].articles.push(*a);
                    }
                    None => loose.push(*a),
                }
            }
            Kind::Draft(_) | Kind::Root => {}
        }
    }
    if !loose.is_empty() {
        groups.push(HomeGroup {
            kind: GroupKind::Loose,
            articles: loose,
        });
    }
    groups
}

impl Site {
    /// How many entries `listing` splits into pages. The home page pages
    /// its groups without a page of their own side by side, so its longest
    /// such group counts.
    pub(crate) fn listed(&self, listing: Listing) -> usize {
        match listing {
            Listing::Home => (self.home.iter())
                .filter(|g| g.kind.paged_on_home())
                .map(|g| g.articles.len())
                .max()
                .unwrap_or(0),
            Listing::Section(s) => self.tree.nodes[self.tree.sections[s].node].children.len(),
            Listing::Tag(_) | Listing::Category(_) => self.term_articles(listing).len(),
        }
    }

    /// The articles of a tag's or category's listing, without the one
    /// introducing its page.
    pub(crate) fn term_articles(&self, listing: Listing) -> Vec<usize> {
        let term = match listing {
            Listing::Tag(t) => &self.tags[t],
            Listing::Category(c) => &self.categories[c],
            _ => return Vec::new(),
        };
        let intro = self.intro(&self.listing_path(listing));
        (term.articles.iter().copied())
            .filter(|&a| Some(a) != intro)
            .collect()
    }

    /// The site path of the listing's first page.
    pub(crate) fn listing_path(&self, listing: Listing) -> String {
        match listing {
            Listing::Home => String::new(),
            Listing::Section(s) => self.tree.sections[s].path.clone(),
            Listing::Tag(t) => format!("tags/{}/", self.tags[t].slug),
            Listing::Category(c) => format!("categories/{}/", self.categories[c].slug),
        }
    }

    /// How many pages `listing` takes: at least one.
    pub(crate) fn pages(&self, listing: Listing) -> usize {
        paginate::count(self.listed(listing), self.config.page_size)
    }

    /// Every listing of the site.
    pub(crate) fn listings(&self) -> impl Iterator<Item = Listing> + '_ {
        std::iter::once(Listing::Home)
            .chain((0..self.tree.sections.len()).map(Listing::Section))
            .chain((0..self.tags.len()).map(Listing::Tag))
            .chain((0..self.categories.len()).map(Listing::Category))
    }

    /// What a listing is, for messages.
    pub(crate) fn describe(&self, listing: Listing) -> String {
        match listing {
            Listing::Home => "the home page".into(),
            Listing::Section(s) => format!(
                "the section \u{201c}{}\u{201d}",
                self.tree.sections[s].title
            ),
            Listing::Tag(t) => format!(
                "the listing of the tag \u{201c}{}\u{201d}",
                self.tags[t].name
            ),
            Listing::Category(c) => {
                format!(
                    "the listing of the category \u{201c}{}\u{201d}",
                    self.categories[c].name
                )
            }
        }
    }
}
