//! The generator end to end: a fixture site builds into a complete,
//! internally consistent static site.

mod common;

use std::fs;

use common::*;

/// Builds `tests/fixtures/site` (copied to a temporary folder) into `public/`.
fn built_fixture() -> Site {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    site
}

/// The article pages of the fixture, as output files.
const ARTICLE_PAGES: &[&str] = &[
    "basics/index.html",
    "stretching/index.html",
    "glossary/index.html",
    "advanced/deadlift/index.html",
    "notes/index.html",
];

/// A reader would see the fixture site fail to build, or pages missing.
#[test]
fn fixture_site_builds_every_page() {
    let site = built_fixture();
    let files = read_tree(&site.out());
    for page in ARTICLE_PAGES.iter().chain(&[
        "index.html",
        "404.html",
        "faq/index.html",
        "tags/index.html",
        "tags/core/index.html",
        "categories/basics/index.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "stretching/twist.svg",
        "images/chair.svg",
    ]) {
        assert!(
            files.contains_key(*page),
            "missing {page}; built: {:?}",
            files.keys()
        );
    }
    assert!(
        !files.keys().any(|f| f.contains("draft")),
        "a draft was published: {:?}",
        files.keys()
    );
}

/// A reader clicking a table-of-contents entry would land nowhere, or the
/// TOC would list headings the article does not have.
#[test]
fn toc_entries_match_headings_and_ids() {
    let site = built_fixture();
    for file in ARTICLE_PAGES {
        let page = site.page(file);
        let headings: Vec<(String, String)> = page
            .select(".prose h2, .prose h3")
            .into_iter()
            .map(|h| {
                (
                    heading_text(h),
                    h.value().attr("id").unwrap_or("").to_string(),
                )
            })
            .collect();
        let toc: Vec<(String, String)> = page
            .select(".toc a")
            .into_iter()
            .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
            .collect();
        if headings.len() <= 1 {
            assert!(
                toc.is_empty(),
                "{file}: a TOC for {} heading(s)",
                headings.len()
            );
            continue;
        }
        let expected: Vec<(String, String)> = headings
            .iter()
            .map(|(t, id)| (t.clone(), format!("#{id}")))
            .collect();
        assert_eq!(toc, expected, "{file}: TOC does not match the headings");
        let ids = page.ids();
        for (_, href) in &toc {
            assert!(
                ids.contains(&href[1..]),
                "{file}: TOC link {href} has no target"
            );
        }
    }
}

/// A reader would hit a 404 or land at the top of a page instead of the
/// section a link promised.
#[test]
fn every_relative_link_and_fragment_resolves() {
    let site = built_fixture();
    assert_no_broken_links(&site.out());
}

/// The crawler itself must notice broken links, or the tests above prove
/// nothing.
#[test]
fn crawler_reports_broken_files_and_fragments() {
    let out = tempfile::tempdir().unwrap();
    fs::write(
        out.path().join("index.html"),
        r##"<a href="a/">ok</a><a href="a/#there">ok</a><a href="missing/">x</a>
        <a href="a/#nowhere">x</a><img src="../up.png"><a href="https://example.com/">ext</a>"##,
    )
    .unwrap();
    fs::create_dir(out.path().join("a")).unwrap();
    fs::write(out.path().join("a/index.html"), r#"<h2 id="there">T</h2>"#).unwrap();
    let problems = crawl(out.path());
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("missing/"));
    assert!(problems[1].contains("#nowhere"));
    assert!(problems[2].contains("leaves the site"));
}

/// The repository's own site would ship broken links.
#[test]
fn repository_site_has_no_broken_links() {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let run = lectern_in(
        out.parent().unwrap(),
        &[
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    run.assert_ok();
    assert_no_broken_links(&out);
    assert!(
        root_absolute_urls(&out).is_empty(),
        "{:#?}",
        root_absolute_urls(&out)
    );
}

/// An author's own `templates/article.html` would be ignored.
#[test]
fn site_template_overrides_the_embedded_one() {
    let site = Site::fixture("site");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}<article class=\"my-article\"><h1>{{ article.title }}</h1>{{ article.content | safe }}</article>{% endblock content %}\n",
    );
    site.build_ok(&[]);
    let page = site.page("basics/index.html");
    assert_eq!(text(page.one(".my-article h1")), "What is good posture?");
    assert!(
        page.select(".toc").is_empty(),
        "the embedded article template was used"
    );
    assert!(page.select(".breadcrumbs").is_empty());
    // Other pages still use the embedded templates.
    assert_eq!(site.page("index.html").select(".home").len(), 1);
}

/// An author's `static/` file would be missing from the site, or their
/// stylesheet would not replace the theme's.
#[test]
fn site_static_files_are_merged_over_the_theme() {
    let site = Site::fixture("site");
    site.write("static/downloads/handout.txt", "take this home\n");
    site.write("static/style.css", "body { color: rebeccapurple }\n");
    site.build_ok(&[]);
    assert_eq!(
        site.read("public/static/downloads/handout.txt"),
        "take this home\n"
    );
    let page = site.page("basics/index.html");
    let css = page.attrs("link[rel=stylesheet]", "href");
    assert_eq!(css.len(), 1, "{css:?}");
    let (file, _) = resolve(&site.out(), &page.file, &css[0]).unwrap();
    assert_eq!(
        site.read(&format!("public/{file}")),
        "body { color: rebeccapurple }\n"
    );
    // The theme's scripts are still there: the page's own and the search
    // script it loads on demand.
    let mut js = page.attrs("script[src]", "src");
    js.extend(page.attrs("form.search", "data-script"));
    assert_eq!(js.len(), 2, "{js:?}");
    for src in &js {
        assert!(site
            .out()
            .join(resolve(&site.out(), &page.file, src).unwrap().0)
            .is_file());
    }
}

/// An author with a typo in front matter would get no hint where it is.
#[test]
fn bad_front_matter_fails_the_build_at_its_location() {
    let site = Site::fixture("site");
    site.write(
        "articles/broken.md",
        "+++\ntitle = \"Broken\"\nweight = \"heavy\"\n+++\n\nText.\n",
    );
    let run = site.build(&[]);
    run.assert_fails()
        .assert_stderr_has("articles/broken.md:3:10")
        .assert_stderr_has("error:");
    assert!(!site.out().exists(), "a failed build wrote the site");
}

/// Lectern would overwrite or delete files an author keeps in `public/`.
#[test]
fn foreign_public_folder_is_refused_and_left_untouched() {
    let site = Site::fixture("site");
    site.write("public/notes.txt", "my own notes\n");
    let run = site.build(&[]);
    run.assert_fails().assert_stderr_has("notes.txt");
    assert_eq!(site.read("public/notes.txt"), "my own notes\n");
    assert_eq!(
        read_tree(&site.out()).len(),
        1,
        "lectern wrote into a foreign folder"
    );
}

/// A file added by hand to lectern's own output is also protected.
#[test]
fn file_added_to_previous_output_is_not_deleted() {
    let site = built_fixture();
    site.write("public/extra.txt", "added by hand\n");
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("extra.txt");
    assert_eq!(site.read("public/extra.txt"), "added by hand\n");
}

/// Deploys would change on every build (noisy diffs, cache misses).
#[test]
fn building_twice_gives_identical_output() {
    let site = Site::fixture("site");
    let scratch = tempfile::tempdir().unwrap();
    let first = scratch.path().join("first");
    let second = scratch.path().join("second");
    site.build_ok(&["--out", first.to_str().unwrap()]);
    site.build_ok(&["--out", second.to_str().unwrap()]);
    let (a, b) = (read_tree(&first), read_tree(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
    // Rebuilding in place leaves everything as it was.
    site.build_ok(&["--out", first.to_str().unwrap()]);
    assert!(
        read_tree(&first) == a,
        "rebuilding in place changed the output"
    );
}

/// A new user following `lectern init` would get a site that does not build.
#[test]
fn init_creates_a_site_that_builds() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("newsite");
    lectern_in(scratch.path(), &["init", dir.to_str().unwrap()]).assert_ok();
    assert!(dir.join("site.toml").is_file());
    let out = scratch.path().join("out");
    lectern_in(
        scratch.path(),
        &[
            "build",
            "--root",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .assert_ok();
    assert!(out.join("index.html").is_file());
    assert_no_broken_links(&out);
    // The sample content is clean, even for `check --strict`.
    lectern_in(
        scratch.path(),
        &["check", "--strict", "--root", dir.to_str().unwrap()],
    )
    .assert_ok();
    // init refuses a folder that has content.
    lectern_in(scratch.path(), &["init", dir.to_str().unwrap()]).assert_fails();
}

/// `lectern new` would create a file in the wrong place, or one that does
/// not build.
#[test]
fn new_creates_an_article_that_builds() {
    let site = Site::new(&[("articles/first.md", "# First\n\nHello.\n")]);
    site.lectern(&["new", "My Title"]).assert_ok();
    let text = site.read("articles/my-title.md");
    assert!(text.contains("My Title"), "{text}");
    site.build_ok(&[]);
    let page = site.page("my-title/index.html");
    assert_eq!(text_of_h1(&page), "My Title");
    // A second `new` with the same title does not overwrite it.
    site.lectern(&["new", "My Title"]).assert_fails();
    assert_eq!(site.read("articles/my-title.md"), text);
}

fn text_of_h1(page: &Page) -> String {
    text(page.one("h1"))
}

/// A user typing `lectern <command> --help` would get an error instead of help.
#[test]
fn help_works_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let top = lectern_in(dir.path(), &["--help"]);
    top.assert_ok();
    for command in ["build", "check", "serve", "new", "init"] {
        assert!(
            top.stdout.contains(command),
            "top-level help lacks {command}"
        );
        let run = lectern_in(dir.path(), &[command, "--help"]);
        run.assert_ok();
        assert!(
            run.stdout.contains("Usage:"),
            "{command} --help:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(command),
            "{command} --help:\n{}",
            run.stdout
        );
    }
    let run = lectern_in(dir.path(), &["help", "build"]);
    run.assert_ok();
    assert!(run.stdout.contains("--out"));
}

/// The home page would not show articles by category, or would lose their
/// descriptions.
#[test]
fn home_page_groups_articles_by_category_with_descriptions() {
    let site = built_fixture();
    let page = site.page("index.html");
    let groups: Vec<(String, Vec<String>)> = page
        .select("section.group")
        .into_iter()
        .map(|g| {
            let name = text(g.select(&sel("h2")).next().unwrap());
            let titles = g.select(&sel(".card h3")).map(text).collect();
            (name, titles)
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                "Basics".to_string(),
                vec![
                    "What is good posture?".to_string(),
                    "Stretching after lifting".to_string()
                ]
            ),
            ("Reference".to_string(), vec!["Glossary".to_string()]),
            (
                "Advanced".to_string(),
                vec!["The deadlift, step by step".to_string()]
            ),
            ("Articles".to_string(), vec!["Training notes".to_string()]),
        ]
    );
    let cards: Vec<(String, String)> = page
        .select(".card")
        .into_iter()
        .map(|c| {
            (
                text(c.select(&sel("h3")).next().unwrap()),
                text(c.select(&sel("p")).next().unwrap()),
            )
        })
        .collect();
    assert!(cards.contains(&(
        "What is good posture?".into(),
        "Why posture matters when you lift, and how to keep it.".into()
    )));
    // Without a description, the lead paragraph stands in.
    assert!(cards.contains(&(
        "Glossary".into(),
        "Short explanations of the terms used on this site.".into()
    )));
    // Category headings link to the category pages.
    let basics = page.link("Basics");
    assert_eq!(basics.value().attr("href"), Some("categories/basics/"));
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

/// Readers would not see how long an article takes to read.
#[test]
fn reading_time_is_shown() {
    let words = "word ".repeat(450);
    let site = Site::new(&[("articles/long.md", &format!("# Long read\n\n{words}\n"))]);
    site.build_ok(&[]);
    let meta = text(site.page("long/index.html").one(".article-header .meta"));
    assert!(meta.contains("3 min read"), "{meta}");
    let card = text(site.page("index.html").one(".card .meta"));
    assert!(card.contains("3 min read"), "{card}");
}

/// A GitHub alert (`> [!WARNING]`) would show as a plain quote.
#[test]
fn github_alerts_render_as_callouts_with_a_title() {
    let site = built_fixture();
    let page = site.page("basics/index.html");
    let callout = page.one(".prose .callout.callout-warning");
    let title = callout
        .select(&sel(".callout-title"))
        .next()
        .expect("a callout title");
    assert_eq!(text(title), "Warning");
    assert!(text(callout).contains("Stop if you feel a sharp pain."));
    assert!(
        page.select(".prose blockquote").is_empty(),
        "the alert stayed a blockquote"
    );
}

/// An image with a title would lose its caption.
#[test]
fn lone_titled_image_becomes_a_figure() {
    let site = built_fixture();
    let page = site.page("stretching/index.html");
    let figure = page.one(".prose figure");
    let img = figure.select(&sel("img")).next().expect("img in figure");
    assert_eq!(img.value().attr("src"), Some("twist.svg"));
    assert_eq!(img.value().attr("alt"), Some("Drawing of the twist"));
    let caption = figure
        .select(&sel("figcaption"))
        .next()
        .expect("figcaption");
    assert_eq!(text(caption), "The knee-to-chest twist, in four steps");
    // An image inside running text stays an inline image.
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nText ![icon](i.svg \"Icon\") more text.\n",
        ),
        (
            "articles/i.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert!(page.select(".prose figure").is_empty());
    assert_eq!(page.attrs(".prose p img", "title"), vec!["Icon"]);
}

/// Tables, footnotes, strikethrough and task lists would render as raw
/// Markdown.
#[test]
fn extended_markdown_renders() {
    let site = built_fixture();
    let page = site.page("basics/index.html");
    assert_eq!(page.texts(".prose table thead th"), vec!["Item", "Needed"]);
    assert_eq!(page.select(".prose table tbody tr").len(), 2);
    assert_eq!(page.texts(".prose del"), vec!["wrong"]);
    let boxes = page.select(".prose li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes[0].value().attr("checked").is_some());
    assert!(boxes[1].value().attr("checked").is_none());
    let note = page.one(".prose sup.footnote-reference a");
    let target = &note.value().attr("href").unwrap()[1..];
    let definitions = page.select(".prose .footnote-definition");
    assert_eq!(definitions.len(), 1);
    assert_eq!(definitions[0].value().attr("id"), Some(target));
    assert!(text(definitions[0]).contains("A fixture footnote."));
}

/// Search engines and feed readers would get nothing when `base_url` is set.
#[test]
fn sitemap_robots_and_feed_list_the_articles() {
    let site = built_fixture();
    let sitemap = site.read("public/sitemap.xml");
    for url in [
        "https://example.org/docs/",
        "https://example.org/docs/faq/",
        "https://example.org/docs/basics/",
        "https://example.org/docs/advanced/deadlift/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lacks {url}"
        );
    }
    assert!(site
        .read("public/robots.txt")
        .contains("Sitemap: https://example.org/docs/sitemap.xml"));
    let feed = site.read("public/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 5);
    // Every page names its canonical URL.
    let page = site.page("basics/index.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://example.org/docs/basics/"]
    );
}

/// Link previews (chat apps, social sites) read a page's Open Graph tags;
/// X reads them too, after `twitter:card`.
#[test]
fn pages_describe_themselves_to_link_previews() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Back Notes\"\nbase_url = \"https://example.org/\"\n",
        ),
        (
            "articles/strain.md",
            "+++\ntitle = \"Strain & sprain\"\ndescription = \"How the two feel\"\n+++\n\nBody.\n",
        ),
    ]);
    site.build(&[]).assert_ok();
    let page = site.page("strain/index.html");
    let meta = |property: &str| page.attrs(&format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(meta("og:type"), ["article"]);
    assert_eq!(meta("og:title"), ["Strain & sprain"]);
    assert_eq!(meta("og:description"), ["How the two feel"]);
    assert_eq!(meta("og:site_name"), ["Back Notes"]);
    assert_eq!(meta("og:url"), ["https://example.org/strain/"]);
    assert_eq!(
        page.attrs("meta[name=\"twitter:card\"]", "content"),
        ["summary"]
    );
    let home = site.page("index.html");
    assert_eq!(
        home.attrs("meta[property=\"og:type\"]", "content"),
        ["website"]
    );
}

/// Without `base_url`, the machine files need absolute URLs and are left out.
#[test]
fn without_base_url_no_sitemap_but_a_working_site() {
    let site = Site::new(&[
        ("site.toml", "title = \"No base\"\n"),
        ("articles/a.md", "# A\n\nSee [b](b.md).\n"),
        ("articles/b.md", "# B\n\nBack to [a](a.md).\n"),
    ]);
    let run = site.build(&[]);
    run.assert_ok().assert_stderr_has("base_url");
    let files = read_tree(&site.out());
    assert!(!files.contains_key("sitemap.xml"));
    assert!(site
        .page("a/index.html")
        .select("link[rel=canonical]")
        .is_empty());
    assert_no_broken_links(&site.out());
}

/// A clean site would print warnings (`check --strict` would fail in CI).
#[test]
fn fixture_site_has_no_warnings() {
    let site = Site::fixture("site");
    let built = site
        .lib_build()
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    assert!(
        built.diagnostics.is_empty(),
        "warnings:\n{}",
        built.diagnostics
    );
    site.lectern(&["check", "--strict"]).assert_ok();
}

/// The feed is valid Atom (RFC 4287): the required elements are there,
/// once each, with RFC 3339 dates, and titles with markup characters are
/// escaped so the XML still parses.
#[test]
fn the_feed_is_valid_atom() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"Strains & <sprains> \\\"compared\\\"\"\ndate = 2026-11-20\n+++\nText.\n",
        ),
        ("articles/b.md", "+++\ntitle = \"B\"\ndate = 2026-11-21\nupdated = 2026-11-23\n+++\nText.\n"),
    ]);
    site.build_ok(&[]);
    let xml = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    assert_eq!(feed.tag_name().name(), "feed");
    let children = |node: roxmltree::Node<'_, '_>, name: &str| -> Vec<String> {
        node.children()
            .filter(|c| {
                c.is_element()
                    && c.tag_name().name() == name
                    && c.tag_name().namespace() == Some(atom)
            })
            .map(|c| c.text().unwrap_or("").to_string())
            .collect()
    };
    let rfc3339 = |date: &str| {
        date.len() >= 20
            && date.as_bytes()[4] == b'-'
            && date.as_bytes()[10] == b'T'
            && (date.ends_with('Z') || date.contains('+'))
    };
    for name in ["id", "title", "updated"] {
        assert_eq!(children(feed, name).len(), 1, "the feed has one <{name}>");
    }
    assert!(rfc3339(&children(feed, "updated")[0]));
    assert_eq!(
        children(feed, "author").len(),
        1,
        "entries without an author need the feed's"
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2);
    for entry in &entries {
        for name in ["id", "title", "updated"] {
            assert_eq!(children(*entry, name).len(), 1, "an entry has one <{name}>");
        }
        assert!(rfc3339(&children(*entry, "updated")[0]));
        let link = entry
            .children()
            .find(|c| c.tag_name().name() == "link")
            .expect("a link");
        assert!(link
            .attribute("href")
            .unwrap()
            .starts_with("https://example.org/docs/"));
    }
    // Newest first, and the title survives escaping.
    assert_eq!(children(entries[0], "title"), ["B"]);
    assert_eq!(
        children(entries[1], "title"),
        ["Strains & <sprains> \"compared\""]
    );
}

/// The text of every `<name>` element of an XML document, in order.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// A date-time written without an offset is taken as UTC: Atom needs
/// RFC 3339 dates with an offset, and one given is kept.
#[test]
fn local_date_times_get_an_offset_in_the_feed() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-11-20T10:00:00\nupdated = 2026-11-21T08:30:00+02:00\n+++\nText.\n",
    )]);
    site.build_ok(&[]);
    let xml = site.read("public/atom.xml");
    let published = xml_texts(&xml, "published");
    assert_eq!(published, ["2026-11-20T10:00:00Z"]);
    let updated = xml_texts(&xml, "updated");
    assert_eq!(updated, ["2026-11-21T08:30:00+02:00"; 2], "feed and entry");
    for date in published.iter().chain(&updated) {
        date.parse::<jiff::Timestamp>()
            .unwrap_or_else(|e| panic!("{date} is not RFC 3339 with an offset: {e}"));
    }
    // Readers see the day as written.
    let page = site.page("a/index.html");
    assert_eq!(page.texts("time"), ["21 November 2026"]);
}

/// "Last updated" falls back to the last commit, also for files whose names
/// git would quote (any letter outside ASCII).
#[test]
fn git_dates_reach_files_with_any_name() {
    let site = Site::new(&[
        (
            "articles/übungen.md",
            "+++\ntitle = \"Übungen\"\nslug = \"uebungen\"\n+++\nText.\n",
        ),
        ("articles/plain.md", "# Plain\n\nText.\n"),
    ]);
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(site.root())
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-01-15T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-15T12:00:00Z")
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.org")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.org")
            .stdout(std::process::Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "articles"]);
    git(&["commit", "-q", "-m", "articles"]);
    site.build_ok(&[]);
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let lastmod: std::collections::BTreeMap<String, String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "url")
        .filter_map(|url| {
            let text = |name: &str| {
                url.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            Some((text("loc")?, text("lastmod")?))
        })
        .collect();
    assert_eq!(
        lastmod
            .get("https://example.org/docs/plain/")
            .map(String::as_str),
        Some("2026-01-15")
    );
    assert_eq!(
        lastmod
            .get("https://example.org/docs/uebungen/")
            .map(String::as_str),
        Some("2026-01-15"),
        "the file with a non-ASCII name has its commit date: {lastmod:?}"
    );
}

/// The preview's live-reload client sits in the theme's `static/` folder
/// but is never published, even by a site whose `static/` holds it (as this
/// repository's does).
#[test]
fn the_live_reload_client_is_never_published() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nText.\n"),
        ("static/live-reload.js", "console.log('preview only');\n"),
        ("static/extra.js", "console.log('published');\n"),
    ]);
    site.build_ok(&[]);
    let files: Vec<String> = read_tree(&site.out()).into_keys().collect();
    assert!(
        files.iter().any(|f| f.starts_with("static/extra.")),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.contains("live-reload")),
        "{files:?}"
    );
}
