//! Pointing lectern at the folder an author already has: a book with its
//! `book.toml`, a wiki's folder of pages, or a `content` folder named in
//! `site.toml`.

mod common;

use common::*;

/// A book would need its `src/` renamed to `articles/` and a `site.toml`.
#[test]
fn an_mdbook_builds_from_its_book_toml() {
    let site = Site::empty();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Lifting Notes\"\nsrc = \"text\"\n\n[output.html]\ngit-repository-url = \"x\"\n",
    );
    site.write(
        "text/SUMMARY.md",
        "- [Intro](intro.md)\n- [Setup](setup.md)\n",
    );
    site.write("text/intro.md", "# Intro\n\nSee [setup](setup.md).\n");
    site.write("text/setup.md", "# Setup\n\nFirst steps.\n");
    let out = site.build_ok(&[]);
    let page = site.page("setup/index.html");
    assert_eq!(text(page.one("h1")), "Setup");
    assert!(text(page.one("title")).contains("Lifting Notes"));
    assert_eq!(
        resolve(
            &out,
            "intro/index.html",
            &site.page("intro/index.html").href_of("setup")
        ),
        Some(("setup/index.html".into(), None))
    );
}

/// A wiki is a flat folder of pages with no settings at all; its output
/// folder, inside it, must never be read back as content.
#[test]
fn a_folder_of_pages_builds_as_it_is_and_its_output_is_not_content() {
    let site = Site::empty();
    site.write(
        "Home.md",
        "# Welcome\n\nStart with [the basics](Basics.md).\n",
    );
    site.write("Basics.md", "# Basics\n\nKeep a neutral spine.\n");
    site.write(
        "images/bar.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok(&[]);
    let first = html_files(&site.out());
    assert!(site.out().join("basics/index.html").is_file());
    assert!(site.out().join("images/bar.svg").is_file());
    // The second build sees the same sources, not `public/` as well.
    site.build_ok(&[]);
    assert_eq!(html_files(&site.out()), first);
    assert!(!site.out().join("public").exists());
}

/// A docs folder under another name would be refused.
#[test]
fn site_toml_names_the_content_folder() {
    let site = Site::new(&[
        ("site.toml", "title = \"Docs\"\ncontent = \"docs\"\n"),
        (
            "docs/guide/start.md",
            "# Start\n\nSee [missing](nowhere.md).\n",
        ),
    ]);
    let run = site.build(&[]);
    run.assert_fails()
        .assert_stderr_has("docs/guide/start.md:3:5")
        .assert_stderr_has("link to a missing article `guide/nowhere.md`");
    site.write("docs/guide/start.md", "# Start\n\nFine.\n");
    site.build_ok(&[]);
    assert_eq!(text(site.page("guide/start/index.html").one("h1")), "Start");
}

/// `content = "../elsewhere"` would publish files from outside the project.
#[test]
fn a_content_folder_outside_the_site_is_refused() {
    let site = Site::new(&[(
        "site.toml",
        "title = \"Docs\"\ncontent = \"../elsewhere\"\n",
    )]);
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("site.toml:2:1")
        .assert_stderr_has("leaves the site's folder");
}

/// A wiki with settings beside its pages publishes its pages, not its
/// settings or its word tables.
#[test]
fn a_wiki_does_not_publish_its_settings() {
    let site = Site::empty();
    site.write(
        "site.toml",
        "title = \"Wiki\"\ncontent = \".\"\nlanguage = \"de\"\n",
    );
    site.write("i18n/de.toml", "on_this_page = \"Inhalt\"\n");
    site.write(
        "Home.md",
        "# Willkommen\n\nZu den [Grundlagen](Grundlagen.md).\n",
    );
    site.write("Grundlagen.md", "# Grundlagen\n\nRücken gerade halten.\n");
    site.build_ok(&[]);
    assert!(site.out().join("grundlagen/index.html").is_file());
    for file in ["site.toml", "i18n/de.toml", "i18n"] {
        assert!(!site.out().join(file).exists(), "{file} is published");
    }
}
