//! `{{#include}}` and its kin, as mdBook books use them: listings beside
//! the articles show in the page's code blocks, exactly the lines asked
//! for; mistakes are errors at the directive; and every position reported
//! after or inside an include is where the author wrote it.

mod common;

use common::{diagnostic_at, only_error, Page, Site};

/// A small Rust listing with an anchor, as the listings of a book look.
const MAIN_RS: &str = "\
use std::io;

fn main() {
    // ANCHOR: read
    let mut guess = String::new();
    io::stdin().read_line(&mut guess).unwrap();
    // ANCHOR_END: read
    println!(\"You guessed: {guess}\");
}
";

/// The raw text of each code block of a page, as a reader copies it.
fn code_blocks(page: &Page) -> Vec<String> {
    page.select("pre code")
        .into_iter()
        .map(|code| code.text().collect::<String>())
        .collect()
}

fn site_with(article: &str, extra: &[(&str, &str)]) -> Site {
    let mut files = vec![
        ("articles/guessing.md", article),
        ("listings/ch02/src/main.rs", MAIN_RS),
    ];
    files.extend_from_slice(extra);
    Site::new(&files)
}

#[test]
fn each_form_shows_exactly_its_lines() {
    let fence = |directive: &str| format!("```rust\n{directive}\n```\n\n");
    let article: String = [
        "# Guessing\n\nThe listings.\n\n".to_string(),
        fence("{{#include ../listings/ch02/src/main.rs}}"),
        fence("{{#include ../listings/ch02/src/main.rs:3}}"),
        fence("{{#include ../listings/ch02/src/main.rs:8:}}"),
        fence("{{#include ../listings/ch02/src/main.rs::3}}"),
        fence("{{#include ../listings/ch02/src/main.rs:5:6}}"),
        fence("{{#include ../listings/ch02/src/main.rs:read}}"),
    ]
    .concat();
    let site = site_with(&article, &[]);
    site.build_ok(&[]);
    let blocks = code_blocks(&site.page("guessing/index.html"));
    let whole = "use std::io;\n\nfn main() {\n    let mut guess = String::new();\n    io::stdin().read_line(&mut guess).unwrap();\n    println!(\"You guessed: {guess}\");\n}\n";
    assert_eq!(
        blocks,
        [
            whole,
            "fn main() {\n",
            "    println!(\"You guessed: {guess}\");\n}\n",
            "use std::io;\n\nfn main() {\n",
            "    let mut guess = String::new();\n    io::stdin().read_line(&mut guess).unwrap();\n",
            "    let mut guess = String::new();\n    io::stdin().read_line(&mut guess).unwrap();\n",
        ]
    );
    assert!(
        !site.out().join("listings").exists(),
        "included listings are not published"
    );
}

#[test]
fn rustdoc_include_shows_its_lines_and_keeps_the_rest_for_rustdoc() {
    let site = site_with(
        "# Guessing\n\n```rust\n{{#rustdoc_include ../listings/ch02/src/main.rs:read}}\n```\n",
        &[],
    );
    site.build_ok(&[]);
    let code = &code_blocks(&site.page("guessing/index.html"))[0];
    assert!(
        code.contains("    let mut guess = String::new();\n    io::stdin()"),
        "{code}"
    );
    // The rest is kept for rustdoc as hidden lines, which the page leaves out.
    assert!(!code.contains("fn main() {"), "{code}");
    assert!(!code.contains("ANCHOR"), "{code}");
}

#[test]
fn playground_becomes_a_rust_code_block_with_its_attributes() {
    let site = site_with(
        "# Guessing\n\n{{#playground ../listings/ch02/src/main.rs editable}}\n",
        &[],
    );
    site.build_ok(&[]);
    let page = site.page("guessing/index.html");
    let code = page.one("pre code");
    let class = code.attr("class").unwrap_or_default();
    assert!(class.contains("language-rust"), "{class}");
    assert!(code
        .text()
        .collect::<String>()
        .starts_with("use std::io;\n"));
}

#[test]
fn included_markdown_is_part_of_the_page_and_may_include_in_turn() {
    let site = site_with(
        "# Guessing\n\n{{#include ../parts/setup.md}}\n\nThe end.\n",
        &[(
            "parts/setup.md",
            "## Setting up\n\nFirst the input:\n\n```rust\n{{#include ../listings/ch02/src/main.rs:read}}\n```\n",
        )],
    );
    site.build_ok(&[]);
    let page = site.page("guessing/index.html");
    assert!(
        page.ids().contains("setting-up"),
        "the heading is the page's"
    );
    assert_eq!(
        code_blocks(&page),
        ["    let mut guess = String::new();\n    io::stdin().read_line(&mut guess).unwrap();\n"]
    );
}

#[test]
fn an_escaped_directive_is_shown_as_written() {
    let site = site_with(
        "# Guessing\n\nWrite it like this:\n\n```hbs\n\\{{#include ../listings/ch02/src/main.rs}}\n```\n",
        &[],
    );
    site.build_ok(&[]);
    assert_eq!(
        code_blocks(&site.page("guessing/index.html")),
        ["{{#include ../listings/ch02/src/main.rs}}\n"]
    );
}

#[test]
fn a_missing_file_is_an_error_at_the_directive() {
    let site = site_with(
        "# Guessing\n\nText.\n\n```rust\n  {{#include ../listings/ch03/src/main.rs}}\n```\n",
        &[],
    );
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/guessing.md:6:3");
    assert!(error.message.contains("no such file"), "{}", error.message);
}

#[test]
fn bad_line_ranges_and_missing_anchors_are_errors_at_the_directive() {
    for (spec, says) in [
        (
            "main.rs:20",
            "line 20 is past the end of `listings/ch02/src/main.rs`, which has 9 lines",
        ),
        ("main.rs:6:2", "the lines 6 to 2 end before they start"),
        (
            "main.rs:raed",
            "`listings/ch02/src/main.rs` has no anchor `raed`",
        ),
    ] {
        let site = site_with(
            &format!("# Guessing\n\n```rust\n{{{{#include ../listings/ch02/src/{spec}}}}}\n```\n"),
            &[],
        );
        let errors = site.lib_errors();
        let error = only_error(&errors);
        assert_eq!(error.location(), "articles/guessing.md:4:1", "{spec}");
        assert_eq!(error.message, says);
    }
}

#[test]
fn an_include_cycle_is_an_error_naming_the_chain() {
    let site = site_with(
        "# Guessing\n\n{{#include ../parts/a.md}}\n",
        &[
            ("parts/a.md", "A\n\n{{#include b.md}}\n"),
            ("parts/b.md", "B\n\n{{#include a.md}}\n"),
        ],
    );
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(
        error.message,
        "include cycle: `parts/a.md` includes `parts/b.md` includes `parts/a.md`"
    );
    assert_eq!(error.location(), "parts/b.md:3:1");
    let shown = errors.to_string();
    assert!(
        shown.contains(
            "= note: included from parts/a.md:3:1, in turn included from articles/guessing.md:3:1"
        ),
        "{shown}"
    );
}

#[test]
fn nothing_outside_the_project_is_included() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "top secret").unwrap();
    let site = site_with(
        "# Guessing\n\n```\n{{#include ../listings/secret.txt}}\n```\n",
        &[],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("listings/secret.txt"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        let errors = site.lib_errors();
        let error = only_error(&errors);
        assert_eq!(error.location(), "articles/guessing.md:4:1");
        assert!(
            error.message.contains("outside the project"),
            "{}",
            error.message
        );
    }
    // Up and out with `..`, no link needed.
    let up = "../".repeat(site.root().components().count() + 1);
    let secret = outside.path().join("secret.txt");
    let secret = secret.to_str().unwrap().trim_start_matches('/');
    site.write(
        "articles/guessing.md",
        format!("# Guessing\n\nText.\n\n{{{{#include {up}{secret}}}}}\n"),
    );
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "articles/guessing.md:5:1");
    assert!(
        error.message.contains("outside the project"),
        "{}",
        error.message
    );
    assert!(!errors.to_string().contains("top secret"));
}

#[test]
fn a_broken_link_after_an_include_is_reported_where_it_is_written() {
    let site = site_with(
        "# Guessing\n\n```rust\n{{#include ../listings/ch02/src/main.rs}}\n```\n\nSee [the next step](nowhere.md).\n",
        &[],
    );
    let errors = site.lib_errors();
    let error = only_error(&errors);
    // Line 7 of the article, though the page's text has the listing's lines
    // before it.
    assert_eq!(error.location(), "articles/guessing.md:7:5");
    assert_eq!(
        error.snippet.as_deref(),
        Some("See [the next step](nowhere.md).")
    );
    assert_eq!(error.note, None);
}

#[test]
fn a_broken_link_inside_an_included_file_is_reported_in_that_file() {
    let site = site_with(
        "# Guessing\n\nIntro.\n\n{{#include ../parts/more.md}}\n",
        &[("parts/more.md", "More text.\n\nAnd [a link](missing.md).\n")],
    );
    let errors = site.lib_errors();
    let error = diagnostic_at(&errors, "parts/more.md:3:5");
    assert!(error.message.contains("missing.md"), "{}", error.message);
    assert_eq!(
        error.note.as_deref().map(String::as_str),
        Some("included from articles/guessing.md:5:1")
    );
    let run = site.build(&[]);
    run.assert_fails()
        .assert_stderr_has("--> parts/more.md:3:5")
        .assert_stderr_has("= note: included from articles/guessing.md:5:1");
}

#[test]
fn a_warning_inside_an_included_file_is_reported_in_that_file() {
    let site = site_with(
        "# Guessing\n\n{{#include ../parts/deep.md}}\n\n## Section\n\n#### Too deep here\n",
        &[("parts/deep.md", "Text.\n\n\n#### Too deep there\n")],
    );
    let build = site.lib_build().unwrap();
    let locations: Vec<String> = build
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("heading level skipped"))
        .map(|d| d.location())
        .collect();
    assert_eq!(locations, ["articles/guessing.md:7:1", "parts/deep.md:4:1"]);
}

#[test]
fn included_files_under_articles_stay_assets() {
    let site = Site::new(&[
        (
            "articles/code/index.md",
            "# Code\n\n```rust\n{{#include main.rs:read}}\n```\n",
        ),
        ("articles/code/main.rs", MAIN_RS),
    ]);
    let out = site.build_ok(&[]);
    assert_eq!(
        std::fs::read_to_string(out.join("code/main.rs")).unwrap(),
        MAIN_RS
    );
}
