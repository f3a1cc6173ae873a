//! Titles and the files that shape a site rather than being pages of it:
//! plain Markdown folders (a GitHub wiki, an mdBook's `src/`, a repository's
//! docs) build without front matter, `SUMMARY.md`, `_Sidebar.md` and
//! `_Footer.md` are not published, `Home.md` is the home page, and an
//! author's page at the URL of a generated page (`FAQ.md`) is its
//! introduction.

mod common;

use common::*;

/// The `<title>` of a page, without the site's name.
fn page_title(page: &Page) -> String {
    let title = text(page.one("title"));
    title
        .strip_suffix(" · Test site")
        .unwrap_or(&title)
        .to_string()
}

/// The texts of the home page's cards.
fn cards(site: &Site) -> Vec<String> {
    site.page("index.html").texts(".card h3")
}

/// A wiki page has no front matter and often no heading: it would be
/// refused for having no title.
#[test]
fn a_file_without_heading_or_front_matter_is_titled_from_its_name() {
    let site = Site::new(&[
        ("articles/Getting-Started.md", "Install it, then run it.\n"),
        ("articles/first_steps/index.md", "Begin here.\n"),
    ]);
    site.build_ok(&[]);
    let page = site.page("getting-started/index.html");
    assert_eq!(heading_text(page.one("h1")), "Getting Started");
    assert_eq!(page_title(&page), "Getting Started");
    let folder = site.page("first_steps/index.html");
    assert_eq!(heading_text(folder.one("h1")), "First steps");
    assert_eq!(cards(&site), ["First steps", "Getting Started"]);
}

/// A file nothing can name is published with a warning, not refused.
#[test]
fn an_article_nothing_names_is_a_warning() {
    let site = Site::new(&[("articles/__.md", "Only text.\n")]);
    let build = site.lib_build().expect("the build succeeds");
    let d = diagnostic_at(&build.diagnostics, "articles/__.md:1:1");
    assert!(!d.is_error());
    assert!(d.message.contains("no title"), "{}", d.message);
    site.build_ok(&[]);
    assert!(site.out().join("index.html").is_file());
}

/// A heading after a comment was not taken as the title, and a title
/// heading of level 2 would be shown twice.
#[test]
fn the_first_heading_after_a_comment_is_the_title_and_shown_once() {
    let site = Site::new(&[(
        "articles/guide.md",
        "<!-- generated; do not edit -->\n\n## The Guide\n\nRead on.\n\n## Details\n\nMore.\n",
    )]);
    site.build_ok(&[]);
    let page = site.page("guide/index.html");
    let h1 = page.one("h1");
    assert_eq!(heading_text(h1), "The Guide");
    assert_eq!(h1.value().attr("id"), Some("the-guide"));
    assert_eq!(page_title(&page), "The Guide");
    let h2s: Vec<String> = page
        .select(".prose h2")
        .into_iter()
        .map(heading_text)
        .collect();
    assert_eq!(h2s, ["Details"]);
    assert!(page.texts(".toc a").iter().all(|t| t != "The Guide"));
}

/// A link to a page's own title heading (`page.md#its-title`) was reported
/// as a missing heading, and the `<h1>` had no id to land on.
#[test]
fn links_to_the_title_heading_resolve_to_the_h1() {
    let site = Site::new(&[
        (
            "articles/setup.md",
            "# Setting Up\n\nSteps.\n\n## Setting Up\n\nThe same words again.\n",
        ),
        (
            "articles/other.md",
            "# Other\n\nSee [setup](setup.md#setting-up), its [section](setup.md#setting-up-1) and [this page's top](#other).\n",
        ),
    ]);
    let out = site.build_ok(&[]);
    let setup = site.page("setup/index.html");
    assert_eq!(setup.one("h1").value().attr("id"), Some("setting-up"));
    assert_eq!(
        setup.one(".prose h2").value().attr("id"),
        Some("setting-up-1")
    );
    let other = site.page("other/index.html");
    assert_eq!(other.href_of("setup"), "../setup/#setting-up");
    assert_no_broken_links(&out);

    site.write(
        "articles/other.md",
        "# Other\n\nSee [setup](setup.md#setting-upp).\n",
    );
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert!(d.message.contains("#setting-upp"), "{}", d.message);
}

/// `SUMMARY.md` was published as a page, and the chapter titles it gives
/// were ignored.
#[test]
fn summary_md_is_not_a_page_and_names_the_chapters() {
    let site = Site::new(&[
        (
            "articles/SUMMARY.md",
            "# Summary\n\n[Preface](preface.md)\n\n# Basics\n\n- [Getting started](ch01.md)\n    - [Tuning](ch01/tuning.md)\n- [Not written yet]()\n\n---\n\n- [Own title](ch02.md)\n",
        ),
        ("articles/preface.md", "Why this book.\n"),
        ("articles/ch01.md", "Start with the basics.\n"),
        (
            "articles/ch01/tuning.md",
            "# Chapter 1.1: Tuning the setup\n\nTurn the knobs.\n",
        ),
        (
            "articles/ch02.md",
            "+++\ntitle = \"Chosen in front matter\"\n+++\nMore.\n",
        ),
    ]);
    let out = site.build_ok(&[]);
    assert!(!out.join("summary").exists());
    assert!(html_files(&out)
        .iter()
        .all(|f| !f.to_lowercase().contains("summary")));

    let ch01 = site.page("ch01/index.html");
    assert_eq!(page_title(&ch01), "Getting started");
    assert_eq!(heading_text(ch01.one("h1")), "Getting started");
    // The chapter's own heading stays its h1; the summary names it elsewhere.
    let tuning = site.page("ch01/tuning/index.html");
    assert_eq!(page_title(&tuning), "Tuning");
    assert_eq!(
        heading_text(tuning.one("h1")),
        "Chapter 1.1: Tuning the setup"
    );
    let ch02 = site.page("ch02/index.html");
    assert_eq!(page_title(&ch02), "Chosen in front matter");
    // The home page lists the top chapters; "Tuning" is nested in one.
    let mut listed = cards(&site);
    listed.sort();
    assert_eq!(
        listed,
        ["Chosen in front matter", "Getting started", "Preface"]
    );
}

/// A chapter listed in `SUMMARY.md` but missing would be silently dropped.
#[test]
fn summary_links_to_missing_files_are_errors_at_their_place() {
    let site = Site::new(&[
        (
            "articles/SUMMARY.md",
            "# Summary\n\n- [One](one.md)\n- [Two](chapter-two.md)\n",
        ),
        ("articles/one.md", "# One\n\nText.\n"),
        ("articles/chapter-2.md", "# Two\n\nText.\n"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/SUMMARY.md:4:3");
    assert!(d.message.contains("`chapter-two.md`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `chapter-2.md`?"));
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("articles/SUMMARY.md:4:3");
}

/// A GitHub wiki's sidebar and footer were published as pages.
#[test]
fn wiki_sidebar_and_footer_are_not_published() {
    let site = Site::new(&[
        ("articles/Home.md", "Welcome to the wiki.\n"),
        ("articles/Usage.md", "How to use it.\n"),
        (
            "articles/_Sidebar.md",
            "- [Usage](Usage.md)\n\nSIDEBAR-TEXT\n",
        ),
        ("articles/_Footer.md", "FOOTER-TEXT\n"),
        ("articles/guide/_Sidebar.md", "GUIDE-SIDEBAR-TEXT\n"),
        ("articles/guide/Intro.md", "Guide intro.\n"),
    ]);
    let out = site.build_ok(&[]);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!path.to_lowercase().contains("sidebar"), "{path}");
        assert!(!path.to_lowercase().contains("footer"), "{path}");
        for marker in ["SIDEBAR-TEXT", "FOOTER-TEXT"] {
            assert!(!text.contains(marker), "{path} holds {marker}");
        }
    }
    assert!(out.join("usage/index.html").is_file());
    assert!(out.join("guide/intro/index.html").is_file());
}

/// A wiki's `Home.md` was published at `/home/`, while `/` showed only a
/// generated list.
#[test]
fn home_md_is_the_home_page() {
    let site = Site::new(&[
        (
            "articles/Home.md",
            "# Project Wiki\n\nWELCOME-TEXT: start with [usage](Usage.md).\n\n## Why this wiki?\n\nTo keep notes.\n",
        ),
        ("articles/Usage.md", "How to use it. Back [home](Home.md).\n"),
    ]);
    let out = site.build_ok(&[]);
    assert!(!out.join("home").exists());
    let home = site.page("index.html");
    assert!(text(home.one("main")).contains("WELCOME-TEXT"));
    let h1 = home.one("h1");
    assert_eq!(heading_text(h1), "Project Wiki");
    assert_eq!(h1.value().attr("id"), Some("project-wiki"));
    assert_eq!(page_title(&home), "Test site");
    assert_eq!(home.href_of("usage"), "usage/");
    // The generated list of articles follows, without the home page itself.
    assert_eq!(cards(&site), ["Usage"]);

    let usage = site.page("usage/index.html");
    assert_eq!(usage.href_of("home"), "../");
    assert_eq!(heading_text(usage.one("h1")), "Usage");
    // Its questions are the FAQ's, linking to the home page.
    let faq = site.page("faq/index.html");
    assert_eq!(faq.texts("details.faq-item > summary"), ["Why this wiki?"]);
    assert_eq!(
        faq.href_of("Read the full answer: Why this wiki?"),
        "../#why-this-wiki"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert_eq!(
        sitemap
            .matches("<loc>https://example.org/docs/</loc>")
            .count(),
        1
    );
    assert_no_broken_links(&out);
}

/// Of a site's `index.md` and a repository's `README.md`, the first is the
/// home page; the other stays a page of its own.
#[test]
fn index_md_wins_the_home_page_over_readme_md() {
    let site = Site::new(&[
        ("articles/index.md", "INDEX-TEXT\n"),
        ("articles/README.md", "# Read me\n\nREADME-TEXT\n"),
    ]);
    site.build_ok(&[]);
    let home = site.page("index.html");
    assert!(text(home.one("main")).contains("INDEX-TEXT"));
    // Named by nothing but its file: the site's title heads it.
    assert_eq!(heading_text(home.one("h1")), "Test site");
    let readme = site.page("readme/index.html");
    assert!(text(readme.one("main")).contains("README-TEXT"));
}

/// A wiki's page about the keyword INDEX took the home page from its
/// `Home.md`; and a wiki's `readme.md` is a page like the others.
#[test]
fn a_wikis_home_md_wins_over_index_in_capitals_and_readme() {
    let site = Site::new(&[
        (
            "articles/INDEX.md",
            "# Keyword INDEX

INDEX-TEXT
",
        ),
        (
            "articles/readme.md",
            "# Read me

README-TEXT
",
        ),
        (
            "articles/Home.md",
            "# Welcome

HOME-TEXT
",
        ),
    ]);
    site.build_ok(&[]);
    let home = site.page("index.html");
    assert!(text(home.one("main")).contains("HOME-TEXT"));
    assert!(text(site.page("index/index.html").one("main")).contains("INDEX-TEXT"));
    assert!(text(site.page("readme/index.html").one("main")).contains("README-TEXT"));
}

/// An author's `FAQ.md` was refused because `/faq/` is lectern's.
#[test]
fn an_authors_faq_md_introduces_the_faq_index() {
    let site = Site::new(&[
        (
            "articles/FAQ.md",
            "# Questions and answers\n\nINTRO-TEXT: ask us anything.\n\n![A chart](faq/chart.svg)\n\n## Is it free?\n\nYes, always.\n",
        ),
        ("articles/faq/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        (
            "articles/lifting.md",
            "# Lifting\n\nSee [our answer](FAQ.md#is-it-free).\n\n## Does it hurt?\n\nNot if done well.\n",
        ),
    ]);
    let out = site.build_ok(&[]);
    let faq = site.page("faq/index.html");
    assert!(text(faq.one("main")).contains("INTRO-TEXT"));
    assert_eq!(heading_text(faq.one("h1")), "Questions and answers");
    assert_eq!(page_title(&faq), "Questions and answers");
    // The gathered questions follow; the introduction's own are above.
    assert_eq!(faq.texts("details.faq-item > summary"), ["Does it hurt?"]);
    assert_eq!(faq.one(".prose h2").value().attr("id"), Some("is-it-free"));
    let mut structured: Vec<String> = faq
        .json_ld()
        .iter()
        .filter(|v| v["@type"] == "FAQPage")
        .flat_map(|v| v["mainEntity"].as_array().cloned().unwrap_or_default())
        .map(|q| q["name"].as_str().unwrap_or_default().to_string())
        .collect();
    structured.sort();
    assert_eq!(structured, ["Does it hurt?", "Is it free?"]);

    let lifting = site.page("lifting/index.html");
    assert_eq!(lifting.href_of("our answer"), "../faq/#is-it-free");
    // The menu's and footer's FAQ links lead to the same page.
    let menu: Vec<String> = lifting.attrs(".site-nav a", "href");
    assert!(menu.contains(&"../faq/".to_string()), "{menu:?}");
    assert!(out.join("faq/chart.svg").is_file());
    assert_no_broken_links(&out);
    // Listed once in the sitemap.
    let sitemap = site.read("public/sitemap.xml");
    assert_eq!(sitemap.matches("/docs/faq/</loc>").count(), 1);
}

/// An author's page at a tag's URL introduces the tag's page, which still
/// lists the tag's articles.
#[test]
fn an_authors_page_at_a_tag_url_introduces_the_tag_page() {
    let site = Site::new(&[
        (
            "articles/tags/stretching.md",
            "# All about stretching\n\nTAG-INTRO-TEXT\n",
        ),
        (
            "articles/hamstrings.md",
            "+++\ntitle = \"Hamstrings\"\ntags = [\"stretching\"]\n+++\nText.\n",
        ),
    ]);
    let out = site.build_ok(&[]);
    let tag = site.page("tags/stretching/index.html");
    assert!(text(tag.one("main")).contains("TAG-INTRO-TEXT"));
    assert_eq!(tag.texts(".cards h2"), ["Hamstrings"]);
    assert_no_broken_links(&out);
}
