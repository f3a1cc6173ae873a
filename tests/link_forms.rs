//! The link forms of books and wikis (`x.html`, `Page-Name`, `[[Page
//! Name]]`), bare URLs, links to sites published beside this one, and what
//! becomes of broken links: every form leads to the right page, and every
//! problem is reported at once.

mod common;

use common::*;

/// Follows the link `text` of the page `page` (a file of the output) and
/// asserts it lands on the file `file`, at the id `id` when given.
#[track_caller]
fn assert_leads_to(site: &Site, page: &str, text: &str, file: &str, id: Option<&str>) {
    let href = site.page(page).href_of(text);
    let (target, fragment) = resolve(&site.out(), page, &href)
        .unwrap_or_else(|| panic!("`{text}` ({href}) leaves the site"));
    assert_eq!(target, file, "`{text}` ({href}) on {page}");
    assert!(site.out().join(&target).is_file(), "{target} is missing");
    assert_eq!(fragment.as_deref(), id, "`{text}` ({href}) on {page}");
    if let Some(id) = id {
        assert!(
            site.page(&target).ids().contains(id),
            "no id `{id}` in {target}"
        );
    }
}

/// A book as mdBook writes its links: to the `.html` pages of its output.
#[test]
fn links_to_a_books_html_pages_lead_to_its_articles() {
    let site = Site::new(&[
        (
            "articles/ch01-intro.md",
            "# Introduction\n\nRead [variables](ch03-01-variables.html#shadowing), \
             [the part](part/index.html), [its README](guide/index.html) and \
             [the old page](legacy.html).\n",
        ),
        (
            "articles/ch03-01-variables.md",
            "# Variables\n\nIntro.\n\n## Shadowing\n\nA name used again.\n",
        ),
        ("articles/part/index.md", "# Part\n\nText.\n"),
        ("articles/guide/README.md", "# Guide\n\nText.\n"),
        ("articles/legacy.html", "<p>kept as a file</p>"),
    ]);
    site.build_ok(&[]);
    let page = "ch01-intro/index.html";
    assert_leads_to(
        &site,
        page,
        "variables",
        "ch03-01-variables/index.html",
        Some("shadowing"),
    );
    assert_leads_to(&site, page, "the part", "part/index.html", None);
    assert_leads_to(&site, page, "its README", "guide/index.html", None);
    // A file of that name is the file.
    assert_leads_to(&site, page, "the old page", "legacy.html", None);
}

#[test]
fn a_missing_books_page_names_the_article_it_looked_for() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nSee [x](ch02-guessing.html).\n"),
        ("articles/ch02-guessing-game.md", "# Guessing\n\nText.\n"),
    ]);
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/a.md:3:5");
    assert_eq!(
        error.message,
        "link to a missing article `ch02-guessing.md`"
    );
    assert_eq!(
        error.help.as_deref(),
        Some("did you mean `ch02-guessing-game.md`?")
    );
}

/// Wikis link pages by name, without `.md`, in any letter case.
#[test]
fn extension_less_links_lead_to_the_page_of_that_name() {
    let site = Site::new(&[
        (
            "articles/Home.md",
            "# Home\n\n[exact](Getting-Started), [lower case](getting-started), \
             [with a space](<Getting Started>), [section](Getting-Started#first-steps), \
             [folder](tools), [a dotted name](d3.js).\n",
        ),
        (
            "articles/Getting-Started.md",
            "# Getting started\n\nIntro.\n\n## First steps\n\nText.\n",
        ),
        ("articles/tools/index.md", "# Tools\n\nText.\n"),
        ("articles/D3.js.md", "# D3\n\nCharts.\n"),
        ("articles/tools/tools.png", "not really a png"),
        (
            "articles/deep/Page.md",
            "# Deep\n\nBack to [the start](Getting-Started).\n",
        ),
    ]);
    site.build_ok(&[]);
    // `Home.md` is the home page.
    let home = "index.html";
    let start = "getting-started/index.html";
    assert_leads_to(&site, home, "exact", start, None);
    assert_leads_to(&site, home, "lower case", start, None);
    assert_leads_to(&site, home, "with a space", start, None);
    assert_leads_to(&site, home, "section", start, Some("first-steps"));
    // A folder with an index comes first.
    assert_leads_to(&site, home, "folder", "tools/index.html", None);
    // A name with a dot is a page's when a page has it.
    assert_leads_to(&site, home, "a dotted name", "d3-js/index.html", None);
    // Wiki pages are found in any folder.
    assert_leads_to(&site, "deep/page/index.html", "the start", start, None);
}

#[test]
fn wiki_links_lead_to_pages_by_name_and_show_the_text_before_the_pipe() {
    let site = Site::new(&[
        (
            "articles/Home.md",
            "# Home\n\nStart with [[Getting Started]], then [[the setup guide|Setup Guide]], \
             then [[Setup Guide#Common Mistakes]] and [[getting started#first steps]].\n\n\
             ![[diagram.png]]\n",
        ),
        (
            "articles/Getting-Started.md",
            "# Getting started\n\nIntro.\n\n## First steps\n\nText.\n",
        ),
        (
            "articles/Setup Guide.md",
            "# Setup guide\n\nIntro.\n\n## Common mistakes\n\nText.\n",
        ),
        ("articles/pictures/diagram.png", "not really a png"),
    ]);
    site.build_ok(&[]);
    // `Home.md` is the home page.
    let home = "index.html";
    assert_leads_to(
        &site,
        home,
        "Getting Started",
        "getting-started/index.html",
        None,
    );
    // GitHub wikis: the text first, the page after the `|`.
    assert_leads_to(
        &site,
        home,
        "the setup guide",
        "setup-guide/index.html",
        None,
    );
    // A heading may be named by its text.
    assert_leads_to(
        &site,
        home,
        "Setup Guide#Common Mistakes",
        "setup-guide/index.html",
        Some("common-mistakes"),
    );
    assert_leads_to(
        &site,
        home,
        "getting started#first steps",
        "getting-started/index.html",
        Some("first-steps"),
    );
    let page = site.page(home);
    assert_eq!(page.attrs(".prose img", "src"), ["pictures/diagram.png"]);
    assert!(!page.texts(".prose").concat().contains("[["));
}

/// Wikis are flat: a name is looked for in the link's folder first, then
/// in every folder, and a name that could mean several pages is an error.
#[test]
fn wiki_names_are_found_nearest_first_and_ambiguity_is_an_error() {
    let files = [
        ("articles/care/Home.md", "# Care home\n\n[[Notes]].\n"),
        ("articles/care/Notes.md", "# Care notes\n\nText.\n"),
        ("articles/training/notes.md", "# Training notes\n\nText.\n"),
    ];
    let site = Site::new(&files);
    site.build_ok(&[]);
    assert_leads_to(
        &site,
        "care/home/index.html",
        "Notes",
        "care/notes/index.html",
        None,
    );

    let mut files = files.to_vec();
    files.push(("articles/index.md", "# Start\n\nSee [[notes]].\n"));
    let errors = Site::new(&files).lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/index.md:3:5");
    assert_eq!(
        error.message,
        "the wiki link `[[notes]]` could lead to any of `care/Notes.md`, `training/notes.md`"
    );
    assert!(error.help.as_deref().unwrap().contains("folder"));
}

#[test]
fn a_wiki_link_in_the_wrong_order_is_explained() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nSee [[Setup Guide|the setup]].\n"),
        ("articles/Setup-Guide.md", "# Setup\n\nText.\n"),
    ]);
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/a.md:3:5");
    assert!(
        error.message.starts_with(
            "the wiki link `[[Setup Guide|the setup]]` names no article: looked for `the-setup.md`"
        ),
        "{}",
        error.message
    );
    assert_eq!(
        error.help.as_deref(),
        Some("the text comes first and the page after the `|`, as GitHub wikis write it: `[[the setup|Setup Guide]]`")
    );
}

/// GitHub links bare URLs; so does lectern, without trailing punctuation,
/// and the glossary still links terms around them.
#[test]
fn bare_urls_become_external_links() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nKeep your spine straight, see https://example.com/posture. \
             Or www.example.org/guide, (https://example.com/a_(b)), and `https://example.com/code`.\n",
        ),
        (
            "articles/glossary.md",
            "+++\ntitle = \"Glossary\"\nglossary = true\n+++\n## Spine\n\nThe backbone.\n",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    let links = page.select(".prose a.external");
    let found: Vec<(String, String)> = links
        .iter()
        .map(|a| (text(*a), a.value().attr("href").unwrap().to_string()))
        .collect();
    let pair = |t: &str, h: &str| (t.to_string(), h.to_string());
    assert_eq!(
        found,
        [
            pair("https://example.com/posture", "https://example.com/posture"),
            pair("www.example.org/guide", "http://www.example.org/guide"),
            pair("https://example.com/a_(b)", "https://example.com/a_(b)"),
        ]
    );
    for a in &links {
        assert_eq!(a.value().attr("rel"), Some("noopener"));
    }
    // The sentence around each URL is intact, its full stop outside it.
    let prose = page.texts(".prose p").join(" ");
    assert!(
        prose.contains("see https://example.com/posture. Or"),
        "{prose}"
    );
    assert_eq!(page.texts(".prose code"), ["https://example.com/code"]);
    // The glossary term before the URL is still linked.
    assert_eq!(page.texts(".prose a.glossary-term"), ["spine"]);
}

/// mdBook's Rust book links to `../std/...`, the standard library's
/// documentation published beside it: `external_prefixes` allows that.
#[test]
fn links_to_a_sibling_site_are_kept_and_still_reach_it() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Book\"\nexternal_prefixes = [\"../std/\", \"../reference\"]\n",
        ),
        (
            "articles/ch01.md",
            "# One\n\nSee [Vec](../std/vec/struct.Vec.html#examples) and \
             [the reference](../reference/types.html).\n",
        ),
        (
            "articles/part/ch02.md",
            "# Two\n\nSee [Vec](../../std/vec/struct.Vec.html?search=x).\n",
        ),
    ]);
    site.build_ok(&[]);
    // Pages are one folder deeper than the files (`ch01/`), so the URL
    // climbs once more to reach `std/` beside the site.
    let one = site.page("ch01/index.html");
    assert_eq!(one.href_of("Vec"), "../../std/vec/struct.Vec.html#examples");
    assert_eq!(one.href_of("the reference"), "../../reference/types.html");
    assert_eq!(
        site.page("part/ch02/index.html").href_of("Vec"),
        "../../../std/vec/struct.Vec.html?search=x"
    );
    // Without the prefix, leaving the site is an error that says so.
    site.write("site.toml", "title = \"Book\"\n");
    let errors = site.lib_errors();
    let error = diagnostic_at(&errors, "articles/ch01.md:3:5");
    assert_eq!(
        error.message,
        "the link `../std/vec/struct.Vec.html#examples` points outside the `articles/` folder"
    );
    assert!(error.help.as_deref().unwrap().contains("external_prefixes"));
}

/// `--warn-links` writes the page anyway, and no link in it is worse than
/// its source: never a `.md` URL, and a missing heading leads to the page.
#[test]
fn warn_links_never_writes_a_dead_md_link() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\n[missing heading](b.md#nowhere), [missing page](gone.md#x), \
             [[Missing Wiki Page]], [local](#nowhere) and [fine](b.md#there).\n",
        ),
        ("articles/b.md", "# B\n\nIntro.\n\n## There\n\nText.\n"),
    ]);
    let run = site.build(&["--warn-links"]);
    run.assert_ok()
        .assert_stderr_has("warning: link to a missing heading `#nowhere` in `b.md`")
        .assert_stderr_has("warning: link to a missing article `gone.md`")
        .assert_stderr_has("warning: the wiki link `[[Missing Wiki Page]]` names no article");
    let page = site.page("a/index.html");
    assert_eq!(page.href_of("missing heading"), "../b/");
    assert_eq!(page.href_of("fine"), "../b/#there");
    assert_eq!(page.href_of("local"), "#");
    let broken = page.texts("a.broken");
    assert_eq!(broken, ["missing page", "Missing Wiki Page"]);
    for a in page.select("a.broken") {
        assert_eq!(a.value().attr("href"), None);
    }
    for file in html_files(&site.out()) {
        for href in Page::open(&site.out(), &file).attrs("a[href]", "href") {
            let path = href.split(['#', '?']).next().unwrap();
            assert!(!path.ends_with(".md"), "{file}: {href}");
        }
    }
}

/// A mistake in the front matter fails the article, but its links are
/// still checked: the author sees every problem in one run.
#[test]
fn an_article_with_bad_front_matter_still_reports_its_broken_links() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nwieght = 2\n+++\n\nSee [the missing one](missing.md), \
             [[Nowhere]] and [a fine one](b.md#there).\n",
        ),
        (
            "articles/b.md",
            "# B\n\nBack to [a](a.md).\n\n## There\n\nText.\n",
        ),
    ]);
    let run = site.build(&[]);
    run.assert_fails()
        .assert_stderr_has("error: unknown key `wieght`")
        .assert_stderr_has("articles/a.md:3:1")
        .assert_stderr_has("error: link to a missing article `missing.md`")
        .assert_stderr_has("articles/a.md:6:5")
        .assert_stderr_has("the wiki link `[[Nowhere]]` names no article")
        .assert_stderr_has("3 errors");
    assert!(!site.out().exists(), "nothing may be written");
    let errors = site.lib_errors();
    assert_eq!(
        errors.iter().filter(|d| d.is_error()).count(),
        3,
        "{errors}"
    );
    // The link to the failed article is not reported on top.
    assert!(errors.iter().all(|d| d.file.ends_with("a.md")), "{errors}");
}

#[test]
fn links_into_hidden_folders_say_they_are_not_published() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nSee [how to help](.github/CONTRIBUTING.md) and ![a picture](.hidden/img.png).\n",
        ),
        ("articles/.github/CONTRIBUTING.md", "# Contributing\n\nText.\n"),
        ("articles/.hidden/img.png", "not really a png"),
    ]);
    let errors = site.lib_errors();
    let contributing = diagnostic_at(&errors, "articles/a.md:3:5");
    assert_eq!(
        contributing.message,
        "`.github/CONTRIBUTING.md` is not published: files and folders starting with `.` are skipped"
    );
    let picture = diagnostic_at(&errors, "articles/a.md:3:48");
    assert_eq!(
        picture.message,
        "`.hidden/img.png` is not published: files and folders starting with `.` are skipped"
    );
}
