//! What lectern writes is safe: author text cannot inject markup, ids are
//! unambiguous, and the output folder is replaced whole or not at all.

mod common;

use std::collections::HashMap;
use std::fs;

use common::*;

/// Markup in a title or description would run as HTML on every page
/// listing the article.
#[test]
fn front_matter_text_is_escaped_everywhere() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Site <i>name</i>\"\nbase_url = \"https://example.org/\"\n\n[[menu]]\nname = \"<b>Menu</b>\"\nurl = \"faq/\"\n",
        ),
        (
            "articles/a.md",
            "+++\ntitle = \"<img src=x onerror=alert(1)> & \\\"quotes\\\"\"\n\
             description = \"<script>alert(2)</script>\"\ncategory = \"<em>Cat</em>\"\n\
             tags = [\"<u>tag</u>\"]\n+++\n\nBody.\n",
        ),
    ]);
    site.build_ok(&[]);
    for file in html_files(&site.out()) {
        let page = Page::open(&site.out(), &file);
        for tag in ["img[onerror]", "i", "b", "em", "u"] {
            assert!(
                page.select(tag).is_empty(),
                "{file}: author markup became a <{tag}> element"
            );
        }
        for script in page.select("script:not([type])") {
            let body: String = script.text().collect();
            assert!(!body.contains("alert"), "{file}: injected script {body}");
        }
    }
    let page = site.page("a/index.html");
    assert_eq!(
        text(page.one("h1")),
        "<img src=x onerror=alert(1)> & \"quotes\""
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        vec!["<script>alert(2)</script>"]
    );
    assert_eq!(page.texts(".site-nav a"), vec!["<b>Menu</b>"]);
    assert_eq!(page.texts(".article-footer a.tag"), vec!["<u>tag</u>"]);
}

/// With `allow_html = false`, raw HTML in an article would run in readers'
/// browsers instead of showing as text.
#[test]
fn raw_html_is_shown_as_text_when_not_allowed() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\nallow_html = false\n"),
        (
            "articles/a.md",
            "# A\n\nSome <b>bold</b> text.\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">\nblock\n</div>\n",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    let prose = page.one(".prose");
    assert!(page
        .select(".prose b, .prose script, .prose div[onclick]")
        .is_empty());
    let shown = text(prose);
    assert!(shown.contains("Some <b>bold</b> text."), "{shown}");
    assert!(shown.contains("<script>alert(1)</script>"), "{shown}");
}

/// By default authors are trusted: their HTML passes through.
#[test]
fn raw_html_passes_through_by_default() {
    let site = Site::new(&[(
        "articles/a.md",
        "# A\n\nPress <kbd>Ctrl</kbd> and <kbd>C</kbd>.\n",
    )]);
    site.build_ok(&[]);
    assert_eq!(
        site.page("a/index.html").texts(".prose kbd"),
        vec!["Ctrl", "C"]
    );
}

/// Quotes in a link title or image alt text would break the attribute.
#[test]
fn link_titles_and_alt_text_are_escaped() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nSee [b](b.md \"say &quot;hi&quot; & <go>\").\n\n\
             Inline ![a \"quoted\" &lt;alt&gt;](pic.svg) image.\n\n\
             ![lone \"alt\"](pic.svg \"caption with \\\"quotes\\\" & <tags>\")\n",
        ),
        ("articles/b.md", "# B\n\nText.\n"),
        (
            "articles/pic.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(
        page.link("b").value().attr("title"),
        Some("say \"hi\" & <go>")
    );
    let alts = page.attrs(".prose img", "alt");
    // Alt text is Markdown text, so smart punctuation curls its quotes.
    assert_eq!(alts, vec!["a “quoted” <alt>", "lone “alt”"]);
    assert_eq!(
        page.texts(".prose figcaption"),
        vec!["caption with \"quotes\" & <tags>"]
    );
}

/// An asset whose name has a space would be linked unencoded, or not found.
#[test]
fn asset_names_with_spaces_are_encoded() {
    let site = Site::new(&[
        (
            "articles/guide/index.md",
            "# Guide\n\nGet [the sheet](my%20sheet.pdf) or [this](<my sheet.pdf>).\n",
        ),
        ("articles/guide/my sheet.pdf", "%PDF"),
    ]);
    site.build_ok(&[]);
    let page = site.page("guide/index.html");
    assert_eq!(page.href_of("the sheet"), "my%20sheet.pdf");
    assert_eq!(page.href_of("this"), "my%20sheet.pdf");
    assert_eq!(site.read("public/guide/my sheet.pdf"), "%PDF");
    assert_no_broken_links(&site.out());
}

/// Duplicate `id`s would make fragment links land on the wrong element.
#[track_caller]
fn assert_unique_ids(out: &std::path::Path) {
    let mut duplicates = Vec::new();
    for file in html_files(out) {
        let page = Page::open(out, &file);
        let mut counts: HashMap<String, usize> = HashMap::new();
        for id in page.attrs("[id]", "id") {
            *counts.entry(id).or_default() += 1;
        }
        let mut dup: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(id, n)| format!("{file}: id `{id}` ×{n}"))
            .collect();
        dup.sort();
        duplicates.extend(dup);
    }
    assert!(
        duplicates.is_empty(),
        "duplicate ids:\n{}",
        duplicates.join("\n")
    );
}

/// The fixture site's pages have no duplicate ids.
#[test]
fn fixture_pages_have_unique_ids() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    assert_unique_ids(&site.out());
}

/// A heading named like one of the theme's own elements ("Main",
/// "Related", "Referenced in") or a footnote named like a heading would
/// share its id, so the TOC link `#main` jumps to the top of the page
/// instead of the heading.
#[test]
fn heading_ids_do_not_collide_with_theme_or_footnote_ids() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\n\nIntro[^setup].\n\n## Main\n\nText.\n\n\
             ## Related\n\nText.\n\n## Referenced in\n\nText.\n\n## Setup\n\nText.\n\n[^setup]: A note.\n",
        ),
        ("articles/b.md", "+++\ntitle = \"B\"\ntags = [\"x\"]\n+++\n\nSee [a](a.md).\n"),
    ]);
    site.build_ok(&[]);
    assert_unique_ids(&site.out());
}

/// A build that fails would leave the site half-written or deleted.
#[test]
fn failed_build_leaves_previous_output_whole() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let before = read_tree(&site.out());
    site.write("articles/basics.md", "+++\ntitle = \"Broken\n+++\nText\n");
    site.build(&[]).assert_fails();
    assert!(
        read_tree(&site.out()) == before,
        "a failed build changed public/"
    );
}

/// Pages go to the staging folder as they are rendered: a page that fails
/// after others were written must still leave the output as it was.
#[test]
fn a_build_failing_in_the_middle_of_rendering_leaves_the_output_whole() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let before = read_tree(&site.out());
    let article = &fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/article.html"
    ))
    .unwrap();
    // One page of many fails: its template reads a value that is not there.
    let failing = article.replacen(
        "{% block content %}",
        "{% block content %}{% if article.title == \"What is good posture?\" %}{{ no_such_value }}{% endif %}",
        1,
    );
    assert_ne!(&failing, article);
    site.write("templates/article.html", failing);
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("templates/article.html");
    assert!(
        read_tree(&site.out()) == before,
        "a failed build changed public/"
    );
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["articles", "public", "site.toml", "templates"]);
}

/// Staging folders would pile up next to the output.
#[test]
fn no_staging_folders_left_behind() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    site.build_ok(&[]);
    site.write("articles/basics.md", "+++\ntitle = \"Broken\n+++\nText\n");
    site.build(&[]).assert_fails();
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["articles", "public", "site.toml"]);
}

/// A deleted article would stay online forever.
#[test]
fn rebuild_removes_pages_of_deleted_articles() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    assert!(site.out().join("notes/index.html").is_file());
    fs::remove_file(site.path("articles/notes.md")).unwrap();
    site.build_ok(&[]);
    assert!(!site.out().join("notes").exists());
    assert_no_broken_links(&site.out());
}

/// Unchanged pages would be rewritten on every build, so sync tools upload
/// the whole site each time.
#[test]
fn unchanged_files_keep_their_modification_time() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let page = site.out().join("glossary/index.html");
    let before = fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build_ok(&[]);
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), before);
}

/// Served at any depth, the 404 page's links would break without a base.
#[test]
fn not_found_page_links_from_the_site_root() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let page = site.page("404.html");
    assert_eq!(
        page.attrs("base", "href"),
        vec!["https://example.org/docs/"]
    );
    assert!(page
        .attrs(".not-found .term-list a", "href")
        .contains(&"categories/reference/".to_string()));
    assert!(page.select("link[rel=canonical]").is_empty());
}

/// With raw HTML disallowed, a `javascript:` link cannot run a script.
#[test]
fn script_links_are_disarmed_when_html_is_not_allowed() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\nallow_html = false\n"),
        ("articles/a.md", "+++\ntitle = \"A\"\n+++\n[click](javascript:alert(1)) and [fine](https://example.org/).\n"),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(
        page.attrs(".prose a", "href"),
        ["#", "https://example.org/"]
    );
}

/// An author's file where lectern writes one of its own would be replaced
/// silently, or stop the build with an error naming no file.
#[test]
fn author_files_where_lectern_writes_its_own_are_refused() {
    let cases = [
        ("articles/index.html", "the home page"),
        ("articles/404.html", "404"),
        ("articles/robots.txt", "robots.txt"),
        ("articles/sitemap.xml", "sitemap"),
        ("articles/atom.xml", "feed"),
        ("articles/faq/index.html", "FAQ"),
        ("articles/static/style.css", "theme"),
        ("articles/search/index.js", "search"),
        ("articles/tags/t/index.html", "tag"),
        ("articles/tags", "tag"),
        ("articles/categories/c/index.html", "categor"),
        ("articles/categories/c", "categor"),
        ("articles/old/index.html", "`/old/`"),
        ("articles/old.html", "`/old.html`"),
        ("articles/a/index.html", "the page of `articles/a.md`"),
        (
            "articles/guide/index.html",
            "the page of `articles/guide/index.md`",
        ),
        ("articles/b.pdf", "the page of `articles/b.md`"),
        ("articles/a/index.html/x.png", "the page of `articles/a.md`"),
    ];
    for (file, what) in cases {
        let site = Site::new(&[
            (
                "articles/a.md",
                "+++\ntitle = \"A\"\naliases = [\"/old/\", \"/old.html\"]\ntags = [\"t\"]\ncategory = \"c\"\n+++\n\nText.\n",
            ),
            ("articles/b.md", "+++\ntitle = \"B\"\nslug = \"b.pdf\"\n+++\n\nText.\n"),
            ("articles/guide/index.md", "+++\ntitle = \"Guide\"\n+++\n\nText.\n"),
            (file, "the author's own"),
        ]);
        let errors = site.lib_errors();
        let error = only_error(&errors);
        assert_eq!(error.location(), file, "{errors}");
        assert!(
            error.message.contains(what),
            "{file}: the message names what lectern writes there ({what}): {error}"
        );
        if file == "articles/robots.txt" {
            site.lectern(&["check"])
                .assert_fails()
                .assert_stderr_has(file);
        }
    }
}

/// Files beside pages, under an alias's folder or named like a generated
/// file in a subfolder are the author's to publish.
#[test]
fn author_files_beside_generated_ones_are_published() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n+++\n\n[sheet](a/sheet.pdf), [robots](guide/robots.txt), [map](old/map.png).\n",
        ),
        ("articles/a/sheet.pdf", "%PDF"),
        ("articles/guide/robots.txt", "notes"),
        ("articles/old/map.png", "png"),
    ]);
    site.build_ok(&[]);
    assert_eq!(site.read("public/a/sheet.pdf"), "%PDF");
    assert_eq!(site.read("public/guide/robots.txt"), "notes");
    assert_eq!(site.read("public/old/map.png"), "png");
    assert_no_broken_links(&site.out());
}

/// Two builds into one folder at once would mix their files: the one that
/// finishes last could leave a manifest naming files the other removed.
#[test]
fn a_build_is_refused_while_another_writes_the_same_output() {
    let site = Site::new(&[]);
    let body = "Some text for the page. ".repeat(200);
    for i in 0..300 {
        site.write(
            &format!("articles/a{i}.md"),
            format!("+++\ntitle = \"Article {i}\"\n+++\n{body}\n"),
        );
    }
    site.build_ok(&[]);
    let lock = site.path(".public.lectern-lock");
    assert!(!lock.exists(), "a finished build leaves no lock file");

    // Start a second build as soon as the first takes the lock: one of them
    // writes, the other says that another build is writing. A loaded
    // machine may let the first finish before the second starts: try again.
    let mut overlapped = false;
    for _ in 0..5 {
        let mut first = std::process::Command::new(BIN)
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while !lock.exists() && first.try_wait().unwrap().is_none() {
            assert!(start.elapsed().as_secs() < 60, "the first build hangs");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let second = site.build(&[]);
        let first = first.wait_with_output().unwrap();
        let first_stderr = String::from_utf8_lossy(&first.stderr);
        let refused = match (first.status.code(), second.code) {
            (Some(0), Some(0)) => continue,
            (Some(0), Some(1)) => second.stderr,
            (Some(1), Some(0)) => first_stderr.into_owned(),
            _ => panic!("one build writes:\n{first_stderr}\n{}", second.stderr),
        };
        assert!(
            refused.contains("another build is writing to"),
            "the other says why it stopped: {refused}"
        );
        overlapped = true;
        break;
    }
    assert!(overlapped, "the two builds ran at the same time");

    // What the manifest lists is what is there.
    let files = read_tree(&site.out());
    let manifest = site.read("public/.lectern-manifest");
    let listed: Vec<&str> = manifest.lines().collect();
    let present: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|f| *f != ".lectern-manifest")
        .collect();
    assert_eq!(listed, present);
    assert!(
        !lock.exists(),
        "the lock file is removed when the build ends"
    );
}

/// Another program holding the lock (a deploy script, say) keeps builds out
/// of the folder until it lets go.
#[test]
fn the_output_lock_is_the_systems_file_lock() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let before = read_tree(&site.out());
    let held = fs::File::create(site.path(".public.lectern-lock")).unwrap();
    held.try_lock().unwrap();
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("another build is writing to");
    assert!(read_tree(&site.out()) == before, "public/ is as it was");
    drop(held);
    site.build_ok(&[]);
}

/// A build that cannot write (a full disk, a quota) would leave its staging
/// folder behind, or a half-written output.
#[test]
fn a_build_that_cannot_write_leaves_the_previous_output_whole() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let before = read_tree(&site.out());
    let basics = site.read("articles/basics.md");
    site.write(
        "articles/basics.md",
        format!("{basics}\n\n{}\n", "A long paragraph. ".repeat(2000)),
    );
    // Files larger than 32 KB cannot be written, as on a full disk.
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["articles", "public", "site.toml"],
        "no staging folder left"
    );
    assert!(
        stderr.contains("basics/index.html"),
        "names the file: {stderr}"
    );
    assert!(read_tree(&site.out()) == before, "public/ is as it was");
}

/// A `public` that links to the real web root would be replaced by a
/// folder, and the web root left as it was.
#[test]
fn an_output_that_is_a_symbolic_link_is_written_through() {
    let site = Site::fixture("site");
    let web = tempfile::tempdir().unwrap();
    let root = web.path().join("www");
    std::os::unix::fs::symlink(&root, site.out()).unwrap();
    site.build_ok(&[]);
    assert!(fs::symlink_metadata(site.out()).unwrap().is_symlink());
    assert_eq!(fs::read_link(site.out()).unwrap(), root);
    assert_eq!(
        text(Page::open(&root, "basics/index.html").one("h1")),
        "What is good posture?"
    );

    let page = root.join("glossary/index.html");
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build_ok(&[]);
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), modified);
    let basics = site.read("articles/basics.md");
    site.write(
        "articles/basics.md",
        basics.replace("What is good posture?", "Changed"),
    );
    site.build_ok(&[]);
    assert!(fs::symlink_metadata(site.out()).unwrap().is_symlink());
    assert_eq!(
        text(Page::open(&root, "basics/index.html").one("h1")),
        "Changed"
    );
    let names: Vec<String> = fs::read_dir(web.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["www"], "nothing left beside the web root");
}

/// Templates print through lectern's own escaping, which leaves `/` as it
/// is: Tera's default writes every slash of every URL as six bytes.
#[test]
fn urls_in_pages_keep_their_slashes() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    for page in html_files(&out) {
        let html = fs::read_to_string(out.join(&page)).unwrap();
        assert!(!html.contains("&#x2F;"), "{page} writes `/` as `&#x2F;`");
    }
    assert_no_broken_links(&out);
}
