//! Raw HTML is part of the page: its ids are anchors that links may lead
//! to, and its `href`, `src`, `srcset` and `poster` URLs are links, checked
//! and rewritten like Markdown links, with everything else of the HTML kept
//! as written.

mod common;

use common::*;

/// Where `url`, found on the page `page` (a file inside the output),
/// leads; panics when that file was not written.
#[track_caller]
fn assert_leads_to_a_file(site: &Site, page: &str, url: &str) -> String {
    let (file, _) =
        resolve(&site.out(), page, url).unwrap_or_else(|| panic!("{url} leaves the site"));
    assert!(
        site.out().join(&file).is_file(),
        "`{url}` on {page} leads to `{file}`, which is not in the output"
    );
    file
}

/// A book's pictures in raw HTML, written relative to its Markdown file,
/// would all break once pretty URLs put the page one folder deeper.
#[test]
fn raw_html_images_resolve_from_the_page() {
    let site = Site::new(&[
        (
            "articles/guide/intro.md",
            "# Intro\n\n\
             <p align=\"center\">\n  <img src=\"img/a.png\" alt=\"A diagram\" width=\"300\">\n</p>\n\n\
             <picture>\n  <source srcset=\"img/a.webp 1x, img/b.webp 2x\" type=\"image/webp\">\n  \
             <img src=\"img/a.png\" alt=\"The same diagram\">\n</picture>\n\n\
             <video src=\"media/clip.mp4\" poster=\"img/a.png\" controls></video>\n\n\
             Inline too: <img src=\"img/b.webp\" alt=\"small\"> in a sentence.\n",
        ),
        ("articles/guide/img/a.png", "png"),
        ("articles/guide/img/a.webp", "webp"),
        ("articles/guide/img/b.webp", "webp"),
        ("articles/guide/media/clip.mp4", "mp4"),
    ]);
    site.build_ok(&[]);
    let file = "guide/intro/index.html";
    let page = site.page(file);

    let srcs = page.attrs(".prose img", "src");
    assert_eq!(srcs, ["../img/a.png", "../img/a.png", "../img/b.webp"]);
    for src in &srcs {
        assert_leads_to_a_file(&site, file, src);
    }
    let srcset = page.attrs(".prose source", "srcset");
    assert_eq!(srcset, ["../img/a.webp 1x, ../img/b.webp 2x"]);
    for candidate in srcset[0].split(',') {
        let url = candidate.split_whitespace().next().unwrap();
        assert_leads_to_a_file(&site, file, url);
    }
    let video = page.one(".prose video");
    for attr in ["src", "poster"] {
        assert_leads_to_a_file(&site, file, video.value().attr(attr).unwrap());
    }
    // Everything else of the HTML is as written.
    let html = site.read(&format!("public/{file}"));
    assert!(html.contains("<p align=\"center\">\n  <img src=\"../img/a.png\" alt=\"A diagram\" width=\"300\">\n</p>"), "{html}");
    assert!(html.contains("type=\"image/webp\">"), "{html}");
    assert_no_broken_links(&site.out());
}

/// A link in raw HTML would lead to the `.md` file, which is not published.
#[test]
fn raw_html_links_become_page_urls() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\n\
             <div class=\"nav\"  data-kind='next'>\n<a href=\"other.md#setup\">Block link</a>\n</div>\n\n\
             Read <a href=\"sub/page.md\" title=\"Sub\">the sub page</a> or \
             <a href=\"https://example.org/?a=1&amp;b=2\">outside</a>, or <a href=\"#end\">jump</a>.\n\n\
             ## End\n\nDone.\n",
        ),
        ("articles/other.md", "# Other\n\n## Setup\n\nText.\n"),
        ("articles/sub/page.md", "# Sub page\n\n<a href=\"../a.md\">Back</a>\n"),
    ]);
    site.build_ok(&[]);
    let a = site.page("a/index.html");
    assert_eq!(a.href_of("Block link"), "../other/#setup");
    assert_eq!(a.href_of("the sub page"), "../sub/page/");
    assert_eq!(a.href_of("outside"), "https://example.org/?a=1&b=2");
    assert_eq!(a.href_of("jump"), "#end");
    assert_eq!(site.page("sub/page/index.html").href_of("Back"), "../../a/");
    // The rest of the HTML, and URLs that need no change, stay byte for byte.
    let html = site.read("public/a/index.html");
    assert!(html.contains("<div class=\"nav\"  data-kind='next'>\n<a href=\"../other/#setup\">Block link</a>\n</div>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">outside</a>"),
        "{html}"
    );
    assert!(html.contains("title=\"Sub\">the sub page</a>"), "{html}");
    assert_no_broken_links(&site.out());
}

/// A picture that would be missing online is reported where it is written.
#[test]
fn missing_raw_html_targets_are_errors_at_the_attribute() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nText.\n\n<figure>\n  <img alt=\"Chart\"\n       src=\"img/chart.pgn\">\n</figure>\n\n\
             See <a href=\"othr.md\">other</a>.\n",
        ),
        ("articles/img/chart.png", "png"),
        ("articles/other.md", "# Other\n\nText.\n"),
    ]);
    let errors = site.lib_errors();
    let image = diagnostic_at(&errors, "articles/a.md:7:13");
    assert!(
        image.message.contains("missing file `img/chart.pgn`"),
        "{}",
        image.message
    );
    assert_eq!(image.help.as_deref(), Some("did you mean `img/chart.png`?"));
    let link = diagnostic_at(&errors, "articles/a.md:10:14");
    assert!(
        link.message.contains("missing article `othr.md`"),
        "{}",
        link.message
    );
    assert_eq!(
        errors.iter().filter(|d| d.is_error()).count(),
        2,
        "{errors}"
    );
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("  --> articles/a.md:7:13");
}

/// mdBook-style anchors (`<a id>`, `<span id>`, `<a name>`) would be
/// reported as missing headings.
#[test]
fn raw_html_ids_are_link_targets() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\n[cfg](page.md#cfg), [zero-sized](page.md#zst), [old](page.md#old), \
             [heading](page.md#cfg-1) and [here](#note).\n\n<p id=\"note\">A note.</p>\n",
        ),
        (
            "articles/page.md",
            "# Page\n\n<a id=\"cfg\"></a>\n\n## cfg\n\nA <span id=\"zst\">zero-sized type</span>.\n\n\
             <a name=\"old\"></a>Moved here.\n",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("page/index.html");
    let ids = page.ids();
    for id in ["cfg", "zst", "cfg-1"] {
        assert!(ids.contains(id), "no id {id} in {ids:?}");
    }
    // The heading keeps clear of the anchor's id.
    assert_eq!(page.attrs(".prose h2", "id"), ["cfg-1"]);
    assert_eq!(page.attrs(".prose a[name]", "name"), ["old"]);
    let a = site.page("a/index.html");
    assert_eq!(a.href_of("cfg"), "../page/#cfg");
    assert_eq!(a.href_of("old"), "../page/#old");
}

/// Commented-out HTML would be checked, and fail the build, though no
/// reader ever sees it.
#[test]
fn links_in_html_comments_and_scripts_are_not_links() {
    let site = Site::new(&[(
        "articles/a.md",
        "# A\n\n<!--\n<img src=\"old/gone.png\">\n<a href=\"removed.md\">x</a>\n-->\n\n\
         Text <!-- <a href=\"also-gone.md\">y</a> --> here.\n\n\
         <script>\nconst tpl = '<img src=\"not-a-file.png\">';\n</script>\n",
    )]);
    site.build_ok(&[]);
    let html = site.read("public/a/index.html");
    assert!(html.contains("<img src=\"not-a-file.png\">"), "{html}");
}

/// `#TyCtxt` lands at the top of the page in a browser when the id is
/// `tyctxt`, so the author must hear that the case differs.
#[test]
fn fragments_are_case_sensitive() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\nSee [the context](types.md#TyCtxt) and [layout](types.md#layout).\n",
        ),
        (
            "articles/types.md",
            "# Types\n\n## TyCtxt\n\nText.\n\n<a id=\"Layout\"></a>\n\nMore.\n",
        ),
    ]);
    let errors = site.lib_errors();
    let context = diagnostic_at(&errors, "articles/a.md:3:5");
    assert!(
        context.message.contains("differs in case"),
        "{}",
        context.message
    );
    assert_eq!(
        context.help.as_deref(),
        Some("did you mean `#tyctxt`? fragments are case-sensitive")
    );
    let layout = diagnostic_at(&errors, "articles/a.md:3:40");
    assert_eq!(
        layout.help.as_deref(),
        Some("did you mean `#Layout`? fragments are case-sensitive")
    );
}

/// A typo in a fragment gets the closest id, a raw HTML one included.
#[test]
fn missing_fragments_suggest_raw_html_ids() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "# A\n\n[x](b.md#configuraton) [y](b.md#TyCtx)\n",
        ),
        (
            "articles/b.md",
            "# B\n\n<span id=\"configuration\"></span>Text.\n\n## TyCtxt\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = diagnostic_at(&errors, "articles/a.md:3:1");
    assert!(d.message.contains("#configuraton"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `#configuration`?"));
    // Close, and in another case too.
    let d = diagnostic_at(&errors, "articles/a.md:3:24");
    assert_eq!(d.help.as_deref(), Some("did you mean `#tyctxt`?"));
}

/// HTML inside a list item or a quote has its indentation and `>` removed
/// by the Markdown parser; its URLs must still be found, rewritten and
/// reported at the right place.
#[test]
fn html_blocks_in_lists_and_quotes() {
    let site = Site::new(&[
        (
            "articles/guide/steps.md",
            "# Steps\n\n\
             1. Open the panel.\n\n   <div class=\"shot\">\n   <img\n     src=\"img/panel.png\"\n     alt=\"The panel\">\n   </div>\n\n\
             2. Done.\n\n\
             > <p>Quoted <a\n> href=\"../other.md\">other</a></p>\n",
        ),
        ("articles/guide/img/panel.png", "png"),
        ("articles/other.md", "# Other\n\nText.\n"),
    ]);
    site.build_ok(&[]);
    let file = "guide/steps/index.html";
    let page = site.page(file);
    assert_eq!(page.attrs(".prose li img", "src"), ["../img/panel.png"]);
    assert_leads_to_a_file(&site, file, "../img/panel.png");
    assert_eq!(page.href_of("other"), "../../other/");

    site.write(
        "articles/guide/steps.md",
        "# Steps\n\n- One\n\n  <div>\n  <img\n    src=\"img/pane.png\" alt=\"x\">\n  </div>\n\n\
         > Quoted <a\n> href=\"../othr.md\">other</a>\n",
    );
    let errors = site.lib_errors();
    diagnostic_at(&errors, "articles/guide/steps.md:7:10");
    diagnostic_at(&errors, "articles/guide/steps.md:11:9");
}

/// With `allow_html = false`, raw HTML is text on the page: its URLs are
/// not links to check and its ids are not anchors.
#[test]
fn shown_as_text_raw_html_is_no_link() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\nallow_html = false\n"),
        (
            "articles/a.md",
            "# A\n\n<img src=\"missing.png\"> and <a href=\"nowhere.md\">x</a>\n\n<a id=\"cfg\"></a>\n",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert!(page.select(".prose img").is_empty());
    assert!(text(page.one(".prose")).contains("<img src=\"missing.png\">"));

    site.write("articles/b.md", "# B\n\n[cfg](a.md#cfg)\n");
    let errors = site.lib_errors();
    assert!(only_error(&errors)
        .message
        .contains("missing heading `#cfg`"));
}

/// A script URL in raw HTML is made harmless like one in Markdown (a
/// spelling that is no URL scheme to lectern, as `java&#9;script:`, is a
/// broken link, so the build needs `--warn-links`).
#[test]
fn script_urls_in_raw_html_are_neutralized() {
    let site = Site::new(&[(
        "articles/a.md",
        "# A\n\n<a href=\"javascript:alert(1)\">one</a> \
         <a href=\" java&#9;script:alert(2)\">two</a>\n\n\
         <iframe src=\"JAVASCRIPT:alert(3)\"></iframe>\n<img src=\"data:image/svg+xml,&lt;svg onload=alert(4)&gt;\" alt=\"x\">\n",
    )]);
    site.build_ok(&["--warn-links"]);
    let page = site.page("a/index.html");
    assert_eq!(page.href_of("one"), "#");
    assert_eq!(page.href_of("two"), "#");
    assert_eq!(page.attrs(".prose iframe", "src"), ["#"]);
    assert_eq!(page.attrs(".prose img", "src"), ["#"]);
    let html = site.read("public/a/index.html");
    assert!(
        !html.to_ascii_lowercase().contains("script:alert"),
        "{html}"
    );
}
