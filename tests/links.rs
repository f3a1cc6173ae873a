//! Links between articles: every form an author writes becomes the right
//! relative URL, broken ones are reported where they are written, and the
//! cross-links lectern adds itself (backlinks, prev/next, related, terms,
//! aliases) lead where they say.

mod common;

use common::*;

/// A site with one link of every form, from `a.md` and from the folder
/// article `guide/index.md`.
fn link_forms_site() -> Site {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nweight = 1\n+++\n\n\
             - [plain](other.md)\n\
             - [with section](other.md#section-two)\n\
             - [nested](sub/other.md)\n\
             - [local](#local-heading)\n\
             - [reference][ref]\n\
             - [external](https://example.com/x?y=1)\n\
             - [mail](mailto:someone@example.org)\n\
             - [folder asset](guide/diagram.png)\n\
             - [folder page](guide/)\n\
             - [root relative](/other.md)\n\
             - [escaped](my%20notes.md)\n\
             \n## Local heading\n\nText.\n\n[ref]: other.md#section-two\n",
        ),
        (
            "articles/other.md",
            "# Other\n\nIntro.\n\n## Section two\n\nText.\n",
        ),
        ("articles/my notes.md", "# My notes\n\nText.\n"),
        (
            "articles/sub/other.md",
            "# Sub other\n\n[up](../other.md) and [sibling](../a.md#local-heading).\n",
        ),
        (
            "articles/guide/index.md",
            "# Guide\n\n[tools](../tools/index.md), [tools folder](../tools/), \
             [diagram](diagram.png), [home article](../a.md).\n\n![The diagram](diagram.png)\n",
        ),
        ("articles/guide/diagram.png", "not really a png"),
        ("articles/tools/index.md", "# Tools\n\nText.\n"),
    ]);
    site.build_ok(&[]);
    site
}

/// A reader clicking any of these links would land on the wrong page.
#[test]
fn each_link_form_becomes_the_right_relative_url() {
    let site = link_forms_site();
    let a = site.page("a/index.html");
    for (text, href) in [
        ("plain", "../other/"),
        ("with section", "../other/#section-two"),
        ("nested", "../sub/other/"),
        ("local", "#local-heading"),
        ("reference", "../other/#section-two"),
        ("external", "https://example.com/x?y=1"),
        ("mail", "mailto:someone@example.org"),
        ("folder asset", "../guide/diagram.png"),
        ("folder page", "../guide/"),
        ("root relative", "../other/"),
        ("escaped", "../my-notes/"),
    ] {
        assert_eq!(a.href_of(text), href, "link `{text}` in a.md");
    }
    let sub = site.page("sub/other/index.html");
    assert_eq!(sub.href_of("up"), "../../other/");
    assert_eq!(sub.href_of("sibling"), "../../a/#local-heading");

    let guide = site.page("guide/index.html");
    assert_eq!(guide.href_of("tools"), "../tools/");
    assert_eq!(guide.href_of("tools folder"), "../tools/");
    assert_eq!(guide.href_of("diagram"), "diagram.png");
    assert_eq!(guide.href_of("home article"), "../a/");
    assert_eq!(guide.attrs(".prose img", "src"), vec!["diagram.png"]);
    assert_no_broken_links(&site.out());
}

/// An image or download beside a folder article would be missing online.
#[test]
fn folder_article_assets_are_copied() {
    let site = link_forms_site();
    assert_eq!(site.read("public/guide/diagram.png"), "not really a png");
}

/// External links would open without `rel=noopener`, or be rewritten.
#[test]
fn external_links_are_kept_and_marked() {
    let site = link_forms_site();
    let a = site.page("a/index.html");
    let external = a.link("external");
    assert_eq!(
        external.value().attr("href"),
        Some("https://example.com/x?y=1")
    );
    let rel = external.value().attr("rel").unwrap_or("");
    assert!(
        rel.split_whitespace().any(|r| r == "noopener"),
        "rel={rel:?}"
    );
    // Internal links are not marked external.
    assert_eq!(a.link("plain").value().attr("rel"), None);
}

/// An author would get no location, or no suggestion, for a typo in a link.
#[test]
fn missing_article_is_reported_with_a_suggestion() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n\nSee [x](othr.md).\n",
        ),
        ("articles/other.md", "# Other\n\nText.\n"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:5:5");
    assert!(d.message.contains("othr.md"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `other.md`?"));
    // The same through the command line.
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("  --> articles/a.md:5:5")
        .assert_stderr_has("= help: did you mean `other.md`?");
}

/// A link to a renamed heading would silently land at the top of the page.
#[test]
fn missing_heading_is_reported_with_the_closest_id() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n\nTry\nthe [twist](stretch.md#knee-to-chest).\n",
        ),
        (
            "articles/stretch.md",
            "# Stretch\n\nIntro.\n\n## Knee-to-chest twist\n\nText.\n\n## Core\n\nText.\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:6:5");
    assert!(d.message.contains("#knee-to-chest"), "{}", d.message);
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `#knee-to-chest-twist`?")
    );
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("help: did you mean `#knee-to-chest-twist`?");
}

/// A broken local `#fragment` in the same article is caught too.
#[test]
fn missing_local_heading_is_reported() {
    let site = Site::new(&[(
        "articles/a.md",
        "# A\n\nJump to [setup](#set-up).\n\n## Setup\n\nText.\n",
    )]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:3:9");
    assert_eq!(d.help.as_deref(), Some("did you mean `#setup`?"));
}

/// `[STDDEV]()` (a link the author meant to fill in) leads nowhere.
#[test]
fn a_link_without_destination_is_reported() {
    let site = Site::new(&[("articles/a.md", "# A\n\nSee [STDDEV]() and ![chart](<>).\n")]);
    let errors = site.lib_errors();
    let messages: Vec<_> = errors
        .0
        .iter()
        .map(|d| (d.location(), d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "articles/a.md:3:5".to_string(),
                "the link `STDDEV` has no destination"
            ),
            (
                "articles/a.md:3:20".to_string(),
                "the image `chart` has no destination"
            ),
        ]
    );
}

/// A missing image would show as broken on the live site.
#[test]
fn missing_asset_is_reported() {
    let site = Site::new(&[
        (
            "articles/guide/index.md",
            "# Guide\n\nIntro.\n\n![Diagram](diagam.png)\n",
        ),
        ("articles/guide/diagram.png", "png"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/guide/index.md:5:1");
    assert!(d.message.contains("diagam.png"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `diagram.png`?"));
}

/// A link to an unpublished draft would be a 404 on the live site.
#[test]
fn link_to_a_draft_is_reported() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nSee [soon](soon.md).\n"),
        (
            "articles/soon.md",
            "+++\ntitle = \"Soon\"\ndraft = true\n+++\n\nText.\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:3:5");
    assert!(d.message.contains("draft"), "{}", d.message);
    // With --drafts the draft is published and the link works.
    site.build_ok(&["--drafts"]);
    assert_eq!(site.page("a/index.html").href_of("soon"), "../soon/");
}

/// An author fixing broken links one build at a time would lose patience.
#[test]
fn all_broken_links_are_reported_at_once() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nSee [x](nope.md).\n"),
        ("articles/b.md", "# B\n\nText.\n\nSee [y](a.md#nowhere).\n"),
    ]);
    let run = site.build(&[]);
    run.assert_fails()
        .assert_stderr_has("articles/a.md:3:5")
        .assert_stderr_has("articles/b.md:5:5")
        .assert_stderr_has("2 errors");
    assert!(!site.out().exists());
}

/// `--warn-links` would still fail the build on a broken link.
#[test]
fn warn_links_turns_link_errors_into_warnings() {
    let site = Site::new(&[("articles/a.md", "# A\n\nSee [x](nope.md).\n")]);
    let run = site.build(&["--warn-links"]);
    run.assert_ok()
        .assert_stderr_has("warning: link to a missing article")
        .assert_stderr_has("articles/a.md:3:5");
    // The text is kept, but no `.md` URL is written: it leads nowhere.
    let page = site.page("a/index.html");
    let broken = page.one("a.broken");
    assert_eq!(text(broken), "x");
    assert_eq!(broken.value().attr("href"), None);
    // Other errors still fail the build.
    site.write(
        "articles/b.md",
        "+++\ntitle = \"B\"\nweight = \"x\"\n+++\nText\n",
    );
    site.build(&["--warn-links"]).assert_fails();
}

/// Renaming a heading would break every link to it, even with a custom id.
#[test]
fn custom_heading_id_keeps_links_working_after_a_rename() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nSee [the part](b.md#stable).\n"),
        (
            "articles/b.md",
            "# B\n\nIntro.\n\n## Old wording {#stable}\n\nText.\n",
        ),
    ]);
    site.build_ok(&[]);
    site.write(
        "articles/b.md",
        "# B\n\nIntro.\n\n## Completely new wording {#stable}\n\nText.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        site.page("a/index.html").href_of("the part"),
        "../b/#stable"
    );
    let b = site.page("b/index.html");
    assert_eq!(heading_text(b.one("#stable")), "Completely new wording");
    assert_no_broken_links(&site.out());
}

/// Site with categories, tags, weights and cross-links for lectern's own
/// navigation.
fn navigation_site() -> Site {
    let site = Site::new(&[
        (
            "articles/first.md",
            "+++\ntitle = \"First\"\nweight = 1\ncategory = \"Basics\"\ntags = [\"x\", \"y\"]\n+++\n\nIntro.\n\n## Intro section\n\nSee [third](third.md).\n",
        ),
        (
            "articles/second.md",
            "+++\ntitle = \"Second\"\nweight = 2\ncategory = \"Basics\"\ntags = [\"x\", \"y\"]\n+++\n\nAlso see [third](third.md#details).\n",
        ),
        (
            "articles/third.md",
            "+++\ntitle = \"Third\"\nweight = 3\ncategory = \"Advanced Topics\"\ntags = [\"x\"]\n+++\n\nIntro.\n\n## Details\n\nText.\n",
        ),
        (
            "articles/fourth.md",
            "+++\ntitle = \"Fourth\"\nweight = 4\n+++\n\nNo tags, links back to [itself](fourth.md).\n",
        ),
    ]);
    site.build_ok(&[]);
    site
}

/// Readers would not find which articles point at this one.
#[test]
fn backlinks_list_linking_articles() {
    let site = navigation_site();
    let third = site.page("third/index.html");
    let backlinks: Vec<(String, String)> = third
        .select(".backlinks li a")
        .into_iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        backlinks,
        vec![
            (
                "First › Intro section".to_string(),
                "../first/#intro-section".to_string()
            ),
            ("Second".to_string(), "../second/".to_string()),
        ]
    );
    assert_eq!(text(third.one(".backlinks h2")), "Referenced in");
    // No section for an article nothing links to (or only itself).
    assert!(site
        .page("fourth/index.html")
        .select(".backlinks")
        .is_empty());
    assert!(site
        .page("first/index.html")
        .select(".backlinks")
        .is_empty());
}

/// Previous/next would skip articles or follow the wrong order.
#[test]
fn prev_and_next_follow_weight() {
    let site = navigation_site();
    let second = site.page("second/index.html");
    let prev = second.one(".prev-next a[rel=prev]");
    let next = second.one(".prev-next a[rel=next]");
    assert_eq!(prev.value().attr("href"), Some("../first/"));
    assert!(text(prev).contains("First"));
    assert_eq!(next.value().attr("href"), Some("../third/"));
    assert!(text(next).contains("Third"));
    assert!(site
        .page("first/index.html")
        .select("a[rel=prev]")
        .is_empty());
    assert!(site
        .page("fourth/index.html")
        .select("a[rel=next]")
        .is_empty());
}

/// Breadcrumbs would not lead back to the category and home.
#[test]
fn breadcrumbs_lead_home_and_to_the_category() {
    let site = navigation_site();
    let third = site.page("third/index.html");
    let crumbs: Vec<(String, String)> = third
        .select(".breadcrumbs a")
        .into_iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        crumbs,
        vec![
            ("Home".to_string(), "../".to_string()),
            (
                "Advanced Topics".to_string(),
                "../categories/advanced-topics/".to_string()
            ),
        ]
    );
    assert_eq!(text(third.one(".breadcrumbs [aria-current=page]")), "Third");
    let fourth = site.page("fourth/index.html");
    assert_eq!(fourth.texts(".breadcrumbs a"), vec!["Home"]);
}

/// "Related articles" would suggest unrelated ones.
#[test]
fn related_articles_share_tags_most_first() {
    let site = navigation_site();
    assert_eq!(
        site.page("first/index.html").texts(".related li a"),
        vec!["Second", "Third"]
    );
    assert_eq!(
        site.page("third/index.html").texts(".related li a"),
        vec!["First", "Second"]
    );
    assert!(site.page("fourth/index.html").select(".related").is_empty());
}

/// A tag or category page would miss its articles.
#[test]
fn tag_and_category_pages_list_their_articles() {
    let site = navigation_site();
    let tag = site.page("tags/x/index.html");
    assert_eq!(
        tag.texts(".term .card h2 a"),
        vec!["First", "Second", "Third"]
    );
    assert_eq!(tag.href_of("Third"), "../../third/");
    assert_eq!(
        site.page("tags/y/index.html").texts(".term .card h2 a"),
        vec!["First", "Second"]
    );
    let category = site.page("categories/basics/index.html");
    assert_eq!(category.texts(".term .card h2 a"), vec!["First", "Second"]);
    assert_eq!(text(category.one(".term h1")), "Basics");
    let advanced = site.page("categories/advanced-topics/index.html");
    assert_eq!(advanced.texts(".term .card h2 a"), vec!["Third"]);
    // The tags index lists every tag and category with its count.
    let index = site.page("tags/index.html");
    assert_eq!(index.texts("a.tag"), vec!["x", "y"]);
    assert_eq!(index.href_of("x"), "x/");
    assert_eq!(index.href_of("Basics"), "../categories/basics/");
    // Article pages link to their tags.
    assert_eq!(
        site.page("third/index.html").texts(".article-footer a.tag"),
        vec!["x"]
    );
    assert_no_broken_links(&site.out());
}

/// Old bookmarks would 404 after an article moves.
#[test]
fn aliases_redirect_to_the_new_page() {
    let site = Site::new(&[(
        "articles/new-name.md",
        "+++\ntitle = \"New name\"\naliases = [\"/old/path/\"]\n+++\n\nText.\n",
    )]);
    site.build_ok(&[]);
    let redirect = site.page("old/path/index.html");
    let refresh = redirect.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, vec!["0; url=../../new-name/"]);
    assert_eq!(
        redirect.attrs("link[rel=canonical]", "href"),
        vec!["https://example.org/docs/new-name/"]
    );
    assert_eq!(redirect.href_of("New name"), "../../new-name/");
    assert_no_broken_links(&site.out());
}

/// An old `page.html` address would not redirect: the redirect must be
/// written at that very file, not at `page.html/index.html`.
#[test]
fn alias_ending_in_html_is_written_at_that_file() {
    let site = Site::new(&[(
        "articles/new-name.md",
        "+++\ntitle = \"New name\"\naliases = [\"/old/page.html\"]\n+++\n\nText.\n",
    )]);
    site.build_ok(&[]);
    let files = read_tree(&site.out());
    assert!(
        files.contains_key("old/page.html"),
        "no old/page.html; redirect files: {:?}",
        files
            .keys()
            .filter(|f| f.starts_with("old"))
            .collect::<Vec<_>>()
    );
    let redirect = site.page("old/page.html");
    assert_eq!(
        redirect.attrs("meta[http-equiv=refresh]", "content"),
        vec!["0; url=../new-name/"]
    );
}

/// Site served under a prefix (`https://host/docs/`): any root-absolute
/// link would point outside it.
#[test]
fn no_root_absolute_links_anywhere() {
    let site = Site::fixture("site");
    site.write(
        "site.toml",
        "title = \"Prefixed\"\nbase_url = \"https://example.org/docs/\"\n\n[[menu]]\nname = \"FAQ\"\nurl = \"/faq/\"\n\n[[menu]]\nname = \"Glossary\"\nurl = \"/glossary/\"\n",
    );
    site.write(
        "articles/rooted.md",
        "# Rooted\n\nSee [the glossary](/glossary.md#core).\n",
    );
    site.build_ok(&[]);
    let rooted = root_absolute_urls(&site.out());
    assert!(
        rooted.is_empty(),
        "root-absolute URLs:\n{}",
        rooted.join("\n")
    );
    assert_eq!(
        site.page("rooted/index.html").href_of("the glossary"),
        "../glossary/#core"
    );
    assert_eq!(
        site.page("advanced/deadlift/index.html")
            .href_of("Glossary"),
        "../../glossary/"
    );
    assert_no_broken_links(&site.out());
}

/// Browsing the site from disk (`file://`) would show folder listings
/// instead of pages with `--links files`.
#[test]
fn links_files_makes_page_links_end_in_index_html() {
    let site = Site::fixture("site");
    let out = site.build_ok(&["--links", "files"]);
    let mut pretty = Vec::new();
    for file in html_files(&out) {
        let page = Page::open(&out, &file);
        for href in page.attrs("a[href]", "href") {
            if is_external(&href) || href.starts_with('#') {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap();
            let (target, _) = resolve(&out, &file, &href).unwrap();
            let is_page = target.ends_with("index.html");
            if is_page && !path.ends_with("index.html") {
                pretty.push(format!("{file}: {href}"));
            }
        }
    }
    let broken = crawl(&out);
    assert!(
        pretty.is_empty() && broken.is_empty(),
        "links to folders:\n{}\nbroken links:\n{}",
        pretty.join("\n"),
        broken.join("\n")
    );
    assert_eq!(
        site.page("basics/index.html").href_of("deadlift guide"),
        "../advanced/deadlift/index.html"
    );
}

/// An image whose alt text holds a link (valid CommonMark) would show the
/// linked page as its image, and every later link could shift.
#[test]
fn image_with_a_link_in_its_alt_text_keeps_its_source() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nSee ![alt with [inner](b.md)](pic.svg) and then [c link](c.md).\n\n\
             ![lone with [inner](b.md)](pic.svg \"Caption\")\n\n[c again](c.md)\n",
        ),
        ("articles/b.md", "# B\n\nText.\n"),
        ("articles/c.md", "# C\n\nText.\n"),
        (
            "articles/pic.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(
        page.attrs(".prose img", "src"),
        vec!["../pic.svg", "../pic.svg"]
    );
    assert_eq!(page.href_of("c link"), "../c/");
    assert_eq!(page.href_of("c again"), "../c/");
    // A missing image in that position is reported like any other.
    site.write(
        "articles/a.md",
        "# A\n\n![alt with [inner](b.md)](nope.svg)\n",
    );
    assert!(
        !site.build(&[]).success(),
        "a missing image was not reported"
    );
}

/// A link inside a heading (or the `# Title`) would be reported as a
/// "link without text", failing `lectern check --strict` on a correct site.
#[test]
fn links_in_headings_raise_no_warnings() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A guide to [the core](b.md)\n\nIntro.\n\n## Why [stretching](b.md) helps\n\nText.\n\n## Other\n\nText.\n",
        ),
        ("articles/b.md", "# B\n\nText.\n"),
    ]);
    let built = site
        .lib_build()
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    assert!(
        built.diagnostics.is_empty(),
        "unexpected warnings:\n{}",
        built.diagnostics
    );
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(page.href_of("stretching"), "../b/");
    assert_eq!(page.texts(".toc a"), vec!["Why stretching helps", "Other"]);
}
