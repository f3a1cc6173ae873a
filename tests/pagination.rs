//! Pages that do not grow with the site: tag and category pages split into
//! pages, a short feed, and a 404 page that offers search instead of
//! listing every article.

mod common;

use std::collections::BTreeSet;

use common::{assert_no_broken_links, redirect_target, resolve, Page, Site};

/// `n` articles tagged `stretching`, dated one day apart, the first in the
/// category "Mobility".
fn tagged_site(n: usize, settings: &str) -> Site {
    let mut files: Vec<(String, String)> = vec![(
        "site.toml".into(),
        format!("title = \"Stretch notes\"\nbase_url = \"https://example.org/docs/\"\n{settings}"),
    )];
    for i in 0..n {
        let category = if i == 0 {
            "category = \"Mobility\"\n"
        } else {
            ""
        };
        files.push((
            format!("articles/note-{i:03}.md"),
            format!(
                "+++\ntitle = \"Stretching note {i:03}\"\ndate = 2024-{:02}-{:02}\ntags = [\"stretching\"]\n{category}+++\nA short note on loosening the hips, number {i}.\n",
                1 + i / 28 % 12,
                1 + i % 28,
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    Site::new(&borrowed)
}

/// The titles of the articles a tag page lists.
fn listed(page: &Page) -> Vec<String> {
    page.texts(".term .card h2 a")
}

/// The one `href` of `css` on the page, if there is one.
fn only_href(page: &Page, css: &str) -> Option<String> {
    let hrefs = page.attrs(css, "href");
    assert!(hrefs.len() <= 1, "{css}: {hrefs:?}");
    hrefs.into_iter().next()
}

#[test]
fn a_tag_with_120_articles_has_three_linked_pages() {
    let site = tagged_site(120, "");
    let out = site.build_ok(&[]);
    assert_no_broken_links(&out);

    let files = [
        "tags/stretching/index.html",
        "tags/stretching/page/2/index.html",
        "tags/stretching/page/3/index.html",
    ];
    assert_eq!(
        redirect_target(&out, "tags/stretching/page/1/index.html").as_deref(),
        Some("tags/stretching/index.html"),
        "page 1 leads to the listing's own URL"
    );
    assert!(!out.join("tags/stretching/page/4/index.html").exists());

    let canonical = [
        "https://example.org/docs/tags/stretching/",
        "https://example.org/docs/tags/stretching/page/2/",
        "https://example.org/docs/tags/stretching/page/3/",
    ];
    let mut seen = BTreeSet::new();
    for (n, file) in files.iter().enumerate() {
        let page = site.page(file);
        let titles = listed(&page);
        assert!(titles.len() <= 50, "{file} lists {}", titles.len());
        assert!(!titles.is_empty(), "{file} lists nothing");
        for title in titles {
            assert!(seen.insert(title.clone()), "{title} listed twice");
        }
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [canonical[n]],
            "{file}"
        );
        // `rel` links in the head and visible ones in the page lead to the
        // neighbouring pages.
        for css in ["link", "a"] {
            let prev = only_href(&page, &format!("{css}[rel=prev]"));
            let next = only_href(&page, &format!("{css}[rel=next]"));
            let target =
                |href: Option<String>| href.and_then(|h| resolve(&out, file, &h)).map(|(f, _)| f);
            assert_eq!(
                target(prev),
                n.checked_sub(1).map(|p| files[p].to_string()),
                "{css} prev on {file}"
            );
            assert_eq!(
                target(next),
                files.get(n + 1).map(|f| f.to_string()),
                "{css} next on {file}"
            );
        }
    }
    assert_eq!(seen.len(), 120, "every article is listed once");
    let page_two = site.page("tags/stretching/page/2/index.html");
    assert_eq!(
        page_two.attrs("a[rel=prev]", "href"),
        ["../../"],
        "links stay relative"
    );
    assert!(page_two.one("title").inner_html().contains("page 2 of 3"));
}

#[test]
fn following_rel_next_reaches_every_article() {
    let site = tagged_site(120, "page_size = 25\n");
    let out = site.build_ok(&[]);
    let mut file = "tags/stretching/index.html".to_string();
    let mut reached = BTreeSet::new();
    let mut pages = 0;
    loop {
        pages += 1;
        let page = Page::open(&out, &file);
        let titles = listed(&page);
        assert!(titles.len() <= 25, "{file} lists {}", titles.len());
        reached.extend(titles);
        let Some(next) = only_href(&page, "link[rel=next]") else {
            break;
        };
        file = resolve(&out, &file, &next).unwrap().0;
        assert!(pages < 10, "rel=next goes round in circles");
    }
    assert_eq!(pages, 5);
    let all: BTreeSet<String> = (0..120)
        .map(|i| format!("Stretching note {i:03}"))
        .collect();
    assert_eq!(reached, all);
}

#[test]
fn a_short_listing_is_one_page_without_page_links() {
    let site = tagged_site(3, "");
    site.build_ok(&[]);
    let page = site.page("tags/stretching/index.html");
    assert_eq!(listed(&page).len(), 3);
    assert!(page
        .select("link[rel=next], link[rel=prev], .pagination")
        .is_empty());
    assert!(!site.out().join("tags/stretching/page").exists());
}

#[test]
fn the_tag_index_counts_articles_without_listing_them() {
    let site = tagged_site(60, "");
    site.build_ok(&[]);
    let page = site.page("tags/index.html");
    assert_eq!(page.texts(".term-list .tag"), ["stretching"]);
    assert_eq!(page.texts("section[aria-labelledby=tags] .count"), ["60"]);
    assert!(!page.one("main").inner_html().contains("Stretching note"));
}

#[test]
fn a_page_size_of_zero_is_reported_in_site_toml() {
    let site = tagged_site(2, "page_size = 0\n");
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("site.toml:3:1")
        .assert_stderr_has("page_size = 0");
}

fn feed_entries(site: &Site) -> Vec<String> {
    let feed = site.read("public/atom.xml");
    feed.split("<entry>")
        .skip(1)
        .map(|entry| {
            let start = entry.find("<title>").unwrap() + "<title>".len();
            entry[start..entry.find("</title>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_feed_holds_the_newest_twenty_by_default() {
    let site = tagged_site(30, "");
    site.build_ok(&[]);
    let entries = feed_entries(&site);
    // Note 29 is dated latest (2024-02-02), then 28 … 10.
    let newest: Vec<String> = (10..30)
        .rev()
        .map(|i| format!("Stretching note {i:03}"))
        .collect();
    assert_eq!(entries, newest);
}

#[test]
fn a_feed_limit_of_zero_holds_every_article() {
    let site = tagged_site(30, "feed_limit = 0\n");
    site.build_ok(&[]);
    assert_eq!(feed_entries(&site).len(), 30);
    let site = tagged_site(30, "feed_limit = 5\n");
    site.build_ok(&[]);
    assert_eq!(feed_entries(&site).len(), 5);
}

#[test]
fn the_404_page_offers_search_and_categories_not_every_article() {
    let site = tagged_site(60, "");
    let out = site.build_ok(&[]);
    assert_no_broken_links(&out);
    let page = site.page("404.html");
    let main = page.one("main").inner_html();
    assert!(!main.contains("Stretching note"), "no article is listed");
    // Its own search form, besides the header's, sends a query to the search page.
    let form = page.one("main form[role=search]");
    assert_eq!(form.value().attr("action"), Some("./search/"));
    assert_eq!(
        page.attrs("main form[role=search] input[type=search]", "name"),
        ["q"]
    );
    assert_eq!(page.texts("main .term-list a"), ["Mobility"]);
    assert_eq!(
        page.attrs("main .term-list a", "href"),
        ["categories/mobility/"]
    );
    // Served at any depth: its relative links start from the site's root.
    assert_eq!(page.attrs("base", "href"), ["https://example.org/docs/"]);
}

#[test]
fn the_search_page_lists_categories_not_every_article() {
    let site = tagged_site(60, "");
    site.build_ok(&[]);
    let page = site.page("search/index.html");
    assert!(!page.one("main").inner_html().contains("Stretching note"));
    assert_eq!(page.texts("main .term-list a"), ["Mobility"]);
}

#[test]
fn an_article_cannot_take_a_later_page_of_a_listing() {
    let site = tagged_site(60, "");
    site.write(
        "articles/more.md",
        "+++\ntitle = \"More stretching\"\nslug = \"tags/stretching/page/2\"\n+++\nText.\n",
    );
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("articles/more.md:3:")
        .assert_stderr_has("page 2 of the listing of the tag “stretching”");
    // On one page the URL is free.
    let site = tagged_site(10, "");
    site.write(
        "articles/more.md",
        "+++\ntitle = \"More stretching\"\nslug = \"tags/stretching/page/2\"\n+++\nText.\n",
    );
    site.build_ok(&[]);
    assert!(site
        .page("tags/stretching/page/2/index.html")
        .texts("h1")
        .contains(&"More stretching".to_string()));
}

#[test]
fn without_categories_the_404_page_offers_the_most_used_tags() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..30 {
        files.push((
            format!("articles/walk-{i:02}.md"),
            format!(
                "+++\ntitle = \"Walk {i:02}\"\ntags = [\"walking\", \"route {:02}\"]\n+++\nA walk.\n",
                i % 25
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::new(&borrowed);
    site.build_ok(&[]);
    for file in ["404.html", "search/index.html"] {
        let page = site.page(file);
        let tags = page.texts("main .term-list .tag");
        let mut expected = vec!["walking".to_string()];
        // Routes 00-04 have two walks, the others one.
        expected.extend((0..19).map(|i| format!("route {i:02}")));
        assert_eq!(tags, expected, "{file}");
        assert!(!page.one("main").inner_html().contains("Walk 0"), "{file}");
    }
}
