//! Sections: folders under `articles/` are sections with pages listing
//! their articles and subsections; a folder's `index.md` introduces its
//! section; `SUMMARY.md`, when present, gives the whole tree; previous and
//! next walk the tree depth first; breadcrumbs follow it; section pages are
//! split into pages of 50.

mod common;

use std::collections::HashSet;

use common::*;

fn article(title: &str, front: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\n\n{body}\n")
}

/// The titles of a section page's entries.
fn entries(page: &Page) -> Vec<String> {
    page.texts(".section-entries h2")
}

/// The breadcrumb trail of a page, the page itself last.
fn crumbs(page: &Page) -> Vec<String> {
    page.texts(".breadcrumbs li")
}

/// Follows the previous/next navigation's `rel="next"` links from the
/// page at `start`, returning the `<h1>` of each page reached.
fn walk_next(out: &std::path::Path, start: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut at = start.to_string();
    let mut titles = Vec::new();
    loop {
        assert!(seen.insert(at.clone()), "the walk loops at {at}");
        let page = Page::open(out, &at);
        titles.push(heading_text(page.one("h1")));
        let next = page.attrs(".prev-next a[rel=next]", "href");
        let Some(href) = next.first() else { break };
        let (file, _) = resolve(out, &at, href).unwrap_or_else(|| panic!("{href} from {at}"));
        at = file;
    }
    titles
}

#[test]
fn folders_are_sections_with_pages_listing_articles_and_subsections_in_order() {
    let site = Site::new(&[
        (
            "articles/welcome.md",
            &article("Welcome", "weight = 1\n", "Hello."),
        ),
        (
            "articles/basics/posture.md",
            &article("Posture", "weight = 2\n", "Stand tall."),
        ),
        (
            "articles/basics/breathing.md",
            &article("Breathing", "weight = 1\n", "Breathe slowly."),
        ),
        (
            "articles/basics/warm-up/neck.md",
            &article("Neck rolls", "", "Roll gently."),
        ),
        (
            "articles/basics/warm-up/ankles.md",
            &article(
                "Ankle circles",
                "",
                "Circle each way. Back to [the basics](../) or [all warm-ups](./index.html).",
            ),
        ),
        // A folder holding only its index.md and an image is one article.
        (
            "articles/basics/shoulders/index.md",
            &article("Shoulders", "weight = 3\n", "![Diagram](diagram.png)"),
        ),
        ("articles/basics/shoulders/diagram.png", "PNG"),
    ]);
    let out = site.build_ok(&[]);

    let basics = site.page("basics/index.html");
    assert_eq!(
        heading_text(basics.one("h1")),
        "Basics",
        "title from the folder name"
    );
    assert_eq!(
        entries(&basics),
        ["Breathing", "Posture", "Shoulders", "Warm up"],
        "weight first, then title; the subsection is listed like an article"
    );
    assert_eq!(basics.href_of("Warm up"), "warm-up/");
    assert_eq!(basics.href_of("Shoulders"), "shoulders/");

    let warm_up = site.page("basics/warm-up/index.html");
    assert_eq!(entries(&warm_up), ["Ankle circles", "Neck rolls"]);
    assert_eq!(crumbs(&warm_up), ["Home", "Basics", "Warm up"]);
    // A link to a section's folder leads to its page.
    let ankles = site.page("basics/warm-up/ankles/index.html");
    assert_eq!(ankles.href_of("the basics"), "../../");
    assert_eq!(ankles.href_of("all warm-ups"), "../");

    // The folder article keeps its page and its image.
    let shoulders = site.page("basics/shoulders/index.html");
    assert_eq!(heading_text(shoulders.one("h1")), "Shoulders");
    assert!(out.join("basics/shoulders/diagram.png").is_file());

    // Previous and next walk the tree depth first, across sections.
    assert_eq!(
        walk_next(&out, "welcome/index.html"),
        [
            "Welcome",
            "Breathing",
            "Posture",
            "Shoulders",
            "Ankle circles",
            "Neck rolls"
        ]
    );
    assert_no_broken_links(&out);
}

#[test]
fn a_sections_index_md_gives_its_title_introduction_and_place() {
    let site = Site::new(&[
        ("articles/zebra.md", &article("Zebra", "", "Last by title.")),
        (
            "articles/guides/index.md",
            &article("Field guides", "weight = 1\n", "Guides for the *field*."),
        ),
        (
            "articles/guides/birds.md",
            &article("Birds", "", "Feathers."),
        ),
        (
            "articles/guides/trees/oak.md",
            &article("Oak", "", "An oak. See [the guides](../index.md)."),
        ),
    ]);
    let out = site.build_ok(&[]);
    let guides = site.page("guides/index.html");
    assert_eq!(heading_text(guides.one("h1")), "Field guides");
    assert_eq!(text(guides.one(".page-intro .prose em")), "field");
    assert_eq!(entries(&guides), ["Birds", "Trees"]);
    assert_eq!(text(guides.one("title")), "Field guides · Test site");

    let oak = site.page("guides/trees/oak/index.html");
    assert_eq!(crumbs(&oak), ["Home", "Field guides", "Trees", "Oak"]);
    assert_eq!(oak.href_of("the guides"), "../../");
    let list = oak
        .json_ld()
        .into_iter()
        .find(|v| v["@type"] == "BreadcrumbList")
        .expect("breadcrumb structured data");
    let names: Vec<&str> = (list["itemListElement"].as_array().unwrap().iter())
        .map(|item| item["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Home", "Field guides", "Trees", "Oak"]);

    // The weighted section comes before the loose article; its page is in
    // the walk, as its introduction is an article.
    assert_eq!(
        walk_next(&out, "guides/index.html"),
        ["Field guides", "Birds", "Oak", "Zebra"]
    );
    assert_no_broken_links(&out);
}

#[test]
fn summary_md_gives_order_nesting_and_parts_and_unlisted_files_warn() {
    let site = Site::new(&[
        (
            "articles/SUMMARY.md",
            "# Summary\n\n[Preface](preface.md)\n\n# Getting going\n\n- [Set up](z-setup.md)\n    - [On Linux](a-linux.md)\n- [Later chapter]()\n\n# Going on\n\n- [Welcome](README.md)\n    - [Tuning](m-tuning.md)\n",
        ),
        ("articles/README.md", "# Welcome\n\nThe home page.\n"),
        ("articles/preface.md", "# Preface\n\nWhy this book.\n"),
        ("articles/z-setup.md", "# Set up\n\nGet ready.\n"),
        ("articles/a-linux.md", "# On Linux\n\nUse a package.\n"),
        ("articles/m-tuning.md", "# Tuning\n\nGo faster.\n"),
        ("articles/b-stray.md", "# Stray page\n\nNot listed.\n"),
    ]);
    let run = site.build(&[]);
    run.assert_ok();
    run.assert_stderr_has("articles/b-stray.md");
    run.assert_stderr_has("is not in `SUMMARY.md`");
    let out = site.out();
    assert_eq!(
        walk_next(&out, "preface/index.html"),
        ["Preface", "Set up", "On Linux", "Tuning", "Stray page"],
        "SUMMARY.md's order, not the files' names; the unlisted file last"
    );
    // The home page shows the book's parts with their top chapters (the
    // part "Going on" has none but the home page's own).
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".group h2"),
        ["Chapters", "Getting going", "Other chapters"]
    );
    assert_eq!(
        home.texts(".group .card h3"),
        ["Preface", "Set up", "Stray page"]
    );
    // A chapter under the home page's has no second "Home" crumb.
    assert_eq!(
        crumbs(&site.page("m-tuning/index.html")),
        ["Home", "Tuning"]
    );
    let linux = site.page("a-linux/index.html");
    assert_eq!(crumbs(&linux), ["Home", "Set up", "On Linux"]);
    assert_no_broken_links(&out);
}

#[test]
fn a_section_of_120_articles_has_three_linked_pages() {
    let mut files = Vec::new();
    for n in 0..120 {
        files.push((
            format!("articles/drills/drill-{n:03}.md"),
            article(&format!("Drill {n:03}"), "", "Repeat it."),
        ));
    }
    let site = Site::from_generated(&files);
    let out = site.build_ok(&[]);
    let first = site.page("drills/index.html");
    let second = site.page("drills/page/2/index.html");
    let third = site.page("drills/page/3/index.html");
    assert!(!out.join("drills/page/4").exists());
    assert_eq!(
        redirect_target(&out, "drills/page/1/index.html").as_deref(),
        Some("drills/index.html"),
        "the first page is the section's URL"
    );
    assert_eq!(entries(&first).len(), 50);
    assert_eq!(entries(&first)[0], "Drill 000");
    assert_eq!(entries(&second)[0], "Drill 050");
    assert_eq!(entries(&third).len(), 20);
    assert_eq!(entries(&third)[19], "Drill 119");

    // The home page shows the section's first articles and links to it.
    let home = site.page("index.html");
    assert_eq!(home.texts(".group h2"), ["Drills"]);
    assert_eq!(
        home.texts(".group .card h3"),
        [
            "Drill 000",
            "Drill 001",
            "Drill 002",
            "Drill 003",
            "Drill 004"
        ]
    );
    assert_eq!(home.href_of("All 120 articles in Drills"), "drills/");

    let rel = |page: &Page, rel: &str| page.attrs(&format!(".pagination a[rel={rel}]"), "href");
    assert_eq!(rel(&first, "prev"), Vec::<String>::new());
    assert_eq!(rel(&first, "next"), ["page/2/"]);
    assert_eq!(rel(&second, "prev"), ["../../"]);
    assert_eq!(rel(&second, "next"), ["../3/"]);
    assert_eq!(rel(&third, "next"), Vec::<String>::new());
    let canonical = |page: &Page| page.attrs("link[rel=canonical]", "href");
    assert_eq!(canonical(&first), ["https://example.org/docs/drills/"]);
    assert_eq!(
        canonical(&third),
        ["https://example.org/docs/drills/page/3/"]
    );

    // The sitemap lists every page a reader can land on, once.
    let locs = common::sitemap_locs(&out);
    let at = "https://example.org/docs/";
    let listed = |path: &str| locs.iter().filter(|l| **l == format!("{at}{path}")).count();
    for path in [
        "",
        "faq/",
        "tags/",
        "drills/",
        "drills/page/2/",
        "drills/page/3/",
    ] {
        assert_eq!(listed(path), 1, "{path} in the sitemap");
    }
    for path in ["drills/page/1/", "search/", "404.html"] {
        assert_eq!(listed(path), 0, "{path} not in the sitemap");
    }
    assert_eq!(locs.len(), 6 + 120);
    assert_no_broken_links(&out);
}

#[test]
fn a_section_and_an_article_at_the_same_url_is_an_error_naming_both() {
    let site = Site::new(&[
        ("articles/basics.md", &article("Basics", "", "On its own.")),
        ("articles/basics/one.md", &article("One", "", "Inside.")),
    ]);
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/basics.md:1:1");
    assert!(
        error.message.contains("the folder `basics`") && error.message.contains("`/basics/`"),
        "{}",
        error.message
    );
}

#[test]
fn the_home_page_lists_what_has_no_page_of_its_own_over_pages_of_its_own() {
    let mut files = Vec::new();
    for n in 0..60 {
        files.push((
            format!("articles/loose-{n:02}.md"),
            article(&format!("Loose {n:02}"), "", "Alone."),
        ));
    }
    for n in 0..7 {
        files.push((
            format!("articles/filed-{n}.md"),
            article(&format!("Filed {n}"), "category = \"Filed\"\n", "Sorted."),
        ));
    }
    let site = Site::from_generated(&files);
    let out = site.build_ok(&[]);
    let home = site.page("index.html");
    assert_eq!(home.texts(".group h2"), ["Filed", "Articles"]);
    let cards = |page: &Page, group: usize| {
        let groups = page.select(".group");
        let selector = scraper::Selector::parse(".card h3").unwrap();
        groups[group]
            .select(&selector)
            .map(text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cards(&home, 0),
        ["Filed 0", "Filed 1", "Filed 2", "Filed 3", "Filed 4"]
    );
    assert_eq!(home.href_of("All 7 articles in Filed"), "categories/filed/");
    assert_eq!(cards(&home, 1).len(), 50);
    assert_eq!(cards(&home, 1)[49], "Loose 49");

    // The other ten are on the second page, which has nothing else.
    assert_eq!(home.attrs("link[rel=next]", "href"), ["page/2/"]);
    assert_eq!(home.attrs(".pagination a[rel=next]", "href"), ["page/2/"]);
    let second = site.page("page/2/index.html");
    assert_eq!(second.texts(".group h2"), ["Articles"]);
    let rest = cards(&second, 0);
    assert_eq!(rest.len(), 10);
    assert_eq!(
        (rest[0].as_str(), rest[9].as_str()),
        ("Loose 50", "Loose 59")
    );
    assert_eq!(second.attrs(".pagination a[rel=prev]", "href"), ["../../"]);
    assert!(second.attrs(".pagination a[rel=next]", "href").is_empty());
    assert_eq!(text(second.one("title")), "Test site (page 2 of 2)");
    assert!(!out.join("page/3").exists());
    assert_eq!(
        redirect_target(&out, "page/1/index.html").as_deref(),
        Some("index.html")
    );
    assert_no_broken_links(&out);
}

#[test]
fn an_article_at_the_url_of_a_page_of_a_listing_is_an_error() {
    let mut files = Vec::new();
    for n in 0..55 {
        files.push((
            format!("articles/drills/drill-{n:02}.md"),
            article(&format!("Drill {n:02}"), "", "Repeat it."),
        ));
    }
    files.push((
        "articles/later.md".into(),
        article("Later", "slug = \"drills/page/2\"\n", "Here."),
    ));
    let errors = Site::from_generated(&files).lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/later.md:3:1");
    assert!(
        error
            .message
            .contains("page 2 of the section \u{201c}Drills\u{201d}"),
        "{}",
        error.message
    );
}

/// A reader who lands on a missing page would have no way into the site
/// but search.
#[test]
fn the_404_page_offers_the_sections() {
    let site = Site::new(&[
        ("articles/basics/one.md", "# One\n\nFirst.\n"),
        ("articles/basics/two.md", "# Two\n\nSecond.\n"),
        ("articles/care/three.md", "# Three\n\nThird.\n"),
    ]);
    site.build_ok(&[]);
    let page = site.page("404.html");
    let sections: Vec<String> = page
        .select(".not-found .term-list")
        .first()
        .map(|list| {
            let a = scraper::Selector::parse("a").unwrap();
            list.select(&a).map(text).collect()
        })
        .unwrap_or_default();
    assert_eq!(sections, ["Basics", "Care"]);
    assert_eq!(
        page.attrs(".not-found .term-list a", "href")[..2],
        ["basics/", "care/"]
    );
}
