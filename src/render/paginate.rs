//! Listings that grow with the site, split into pages of `page_size`: the
//! first page at the listing's own path (`tags/rest/`), the others at
//! `tags/rest/page/2/`, `tags/rest/page/3/`, … (`page/1/` is only a
//! redirect to the first). Any listing can use it: a page job carries its page number,
//! the listing's items are sliced with [`slice`], and the template gets a
//! [`Pagination`] for its `rel="prev"`/`"next"` links.

use serde::Serialize;

use super::html::Url;
use crate::load::i18n::Words;

/// How many pages `items` items take at `size` a page: at least one, so an
/// empty listing still has its page.
pub(crate) fn count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// The site path of page `page` (0 for the first) of the listing at `path`
/// (a site path ending in `/`, or empty for the home page).
pub(crate) fn path(path: &str, page: usize) -> String {
    match page {
        0 => path.to_string(),
        n => format!("{path}page/{}/", n + 1),
    }
}

/// The items shown on page `page`.
pub(crate) fn slice<T>(items: &[T], page: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let start = page.saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    &items[start..end]
}

/// What a template needs to link the pages of a listing together.
#[derive(Serialize, Debug)]
pub(super) struct Pagination {
    /// This page's number, from 1.
    pub(super) number: usize,
    pub(super) pages: usize,
    /// The previous page's URL from this page, on every page but the first.
    pub(super) prev: Option<Url>,
    /// The next page's URL from this page, on every page but the last.
    pub(super) next: Option<Url>,
    /// `Page 2 of 3`, in the site's language.
    pub(super) label: String,
    /// `(page 2 of 3)`, after the heading of a page but the first.
    pub(super) heading: String,
}

/// The links of page `page` of `pages` of the listing at `listing`, made
/// with `url` (a site path → its URL from this page); `None` when the
/// listing fits on one page.
pub(super) fn links(
    listing: &str,
    page: usize,
    pages: usize,
    words: &Words,
    url: &impl Fn(&str) -> Url,
) -> Option<Pagination> {
    let (n, total) = ((page + 1).to_string(), pages.to_string());
    let numbers = [("n", n.as_str()), ("pages", total.as_str())];
    (pages > 1).then(|| Pagination {
        label: words.fill("page_of", &numbers),
        heading: words.fill("page_number", &numbers),
        number: page + 1,
        pages,
        prev: (page > 0).then(|| url(&path(listing, page - 1))),
        next: (page + 1 < pages).then(|| url(&path(listing, page + 1))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_at_most_their_size_and_every_item_once() {
        let items: Vec<usize> = (0..120).collect();
        assert_eq!(count(items.len(), 50), 3);
        let pages: Vec<&[usize]> = (0..3).map(|p| slice(&items, p, 50)).collect();
        assert_eq!(
            pages.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [50, 50, 20]
        );
        assert_eq!(pages.concat(), items);
        assert!(slice(&items, 3, 50).is_empty());
    }

    #[test]
    fn an_empty_or_exact_listing_has_no_empty_pages_after_it() {
        assert_eq!(count(0, 50), 1);
        assert_eq!(count(50, 50), 1);
        assert_eq!(count(51, 50), 2);
        assert_eq!(count(3, 0), 3, "a size of 0 is taken as 1");
    }

    #[test]
    fn the_first_page_is_the_listing_itself() {
        assert_eq!(path("tags/rest/", 0), "tags/rest/");
        assert_eq!(path("tags/rest/", 1), "tags/rest/page/2/");
        assert_eq!(path("", 2), "page/3/");
    }

    #[test]
    fn links_lead_to_the_neighbouring_pages() {
        let url = |to: &str| Url::new(to);
        let words = Words::default();
        let links = |page, pages| links("x/", page, pages, &words, &url);
        assert!(links(0, 1).is_none());
        let first = links(0, 3).unwrap();
        assert_eq!((first.number, first.pages), (1, 3));
        assert_eq!(first.label, "Page 1 of 3");
        assert!(first.prev.is_none());
        assert_eq!(first.next.unwrap().as_str(), "x/page/2/");
        let middle = links(1, 3).unwrap();
        assert_eq!(middle.heading, "(page 2 of 3)");
        assert_eq!(middle.prev.unwrap().as_str(), "x/");
        assert_eq!(middle.next.unwrap().as_str(), "x/page/3/");
        let last = links(2, 3).unwrap();
        assert_eq!(last.prev.unwrap().as_str(), "x/page/2/");
        assert!(last.next.is_none());
    }
}
