//! `serve` re-renders only what an edit changed; whatever the edit, the
//! result must be exactly what a full build gives.

mod common;

use std::fs;
use std::path::Path;

use image::ImageEncoder;
use lectern::{build, BuildOptions, Incremental};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    // Make sure the modification time moves even on coarse clocks.
    std::thread::sleep(std::time::Duration::from_millis(5));
}

fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ncategory = \"C\"\ntags = [\"t\"]\n+++\n{body}\n")
}

/// Rebuilds incrementally and compares every file and warning with a full
/// build; returns how many pages were rendered.
fn assert_same_as_full(state: &mut Incremental, options: &BuildOptions, step: &str) -> usize {
    assert_same_after(state, options, None, step)
}

/// Like [`assert_same_as_full`], told which files were edited, as `serve`'s
/// watcher tells it.
fn assert_same_after(
    state: &mut Incremental,
    options: &BuildOptions,
    edited: Option<&[&str]>,
    step: &str,
) -> usize {
    let edited: Option<Vec<std::path::PathBuf>> =
        edited.map(|paths| paths.iter().map(Into::into).collect());
    let built = state
        .rebuild(options, edited.as_deref())
        .unwrap_or_else(|d| panic!("{step}: {d}"));
    let rendered = built.rendered;
    let mut incremental = built.files.clone();
    // Pages left to render are rendered when asked for.
    if let Some(deferred) = &built.deferred {
        for (at, file) in deferred.files().enumerate() {
            let page = deferred.render(at).unwrap();
            incremental.insert(file.clone(), std::sync::Arc::new(page));
        }
    }
    let full = build(options).unwrap().files;
    let differing: Vec<&String> = full
        .keys()
        .chain(incremental.keys())
        .filter(|k| full.get(*k) != incremental.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: incremental output differs from a full build in {differing:?}"
    );
    let (incremental, full) = (
        built.diagnostics.to_string(),
        build(options).unwrap().diagnostics.to_string(),
    );
    assert_eq!(
        incremental, full,
        "{step}: incremental warnings differ from a full build's"
    );
    rendered
}

/// Builds the site at `root` for the first time, checked against a full
/// build, keeping the state that later rebuilds start from.
fn first_build(root: &Path) -> (BuildOptions, Incremental) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    assert_same_as_full(&mut state, &options, "first build");
    (options, state)
}

/// Writes `text` to `path` and rebuilds, told of that file, checked
/// against a full build.
fn edit(state: &mut Incremental, options: &BuildOptions, path: &str, text: &str) {
    write(&options.root, path, text);
    assert_same_after(state, options, Some(&[path]), path);
}

/// The warnings of the last build whose message holds `about`, each as
/// `show` gives it.
fn warnings_about(
    state: &Incremental,
    about: &str,
    show: impl Fn(&lectern::diagnostics::Diagnostic) -> String,
) -> Vec<String> {
    let built = state.previous.as_ref().unwrap();
    (built.diagnostics.iter())
        .filter(|d| d.message.contains(about))
        .map(show)
        .collect()
}

#[test]
fn every_kind_of_edit_gives_the_full_build_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    write(
        root,
        "articles/a.md",
        &article(
            "A",
            "Intro.\n\n## Why?\n\nBecause.\n\nSee [b](b.md#part).\n",
        ),
    );
    write(root, "articles/b.md", &article("B", "## Part\n\nText.\n"));
    write(root, "articles/c.md", &article("C", "Plain.\n"));
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    let all = assert_same_as_full(&mut state, &options, "first build");

    write(
        root,
        "articles/a.md",
        &article(
            "A",
            "Intro.\n\n## Why?\n\nBecause, edited.\n\nSee [b](b.md#part).\n",
        ),
    );
    let rendered = assert_same_as_full(&mut state, &options, "body edit");
    assert_eq!(
        rendered, 3,
        "a body edit re-renders the article, the one it links to and the FAQ (of {all})"
    );

    write(
        root,
        "articles/a.md",
        &article(
            "A",
            "Intro.\n\n## Why?\n\nBecause.\n\n## New section\n\nSee [c](c.md).\n",
        ),
    );
    assert_same_as_full(
        &mut state,
        &options,
        "link moved to another article and section",
    );

    write(
        root,
        "articles/b.md",
        &article("B renamed", "## Part\n\nText.\n"),
    );
    assert_same_as_full(&mut state, &options, "title edit");

    write(root, "articles/d.md", &article("D", "New.\n"));
    assert_same_as_full(&mut state, &options, "new article");

    fs::remove_file(root.join("articles/d.md")).unwrap();
    assert_same_as_full(&mut state, &options, "deleted article");

    write(
        root,
        "articles/b.md",
        &article("B renamed", "## Part\n\nText.\n\n## Is it new?\n\nYes.\n"),
    );
    assert_same_as_full(&mut state, &options, "question added");

    // A now asks B's question first (with as many questions as before), so
    // B's page must drop that question from its FAQ structured data.
    write(
        root,
        "articles/a.md",
        &article(
            "A",
            "Intro.\n\n## Is it new?\n\nBecause.\n\n## New section\n\nSee [c](c.md).\n",
        ),
    );
    assert_same_as_full(
        &mut state,
        &options,
        "a question that repeats a later article's",
    );

    write(root, "templates/article.html", "{% extends \"base.html\" %}{% block content %}<p class=\"own\">{{ article.title }}</p>{% endblock content %}");
    assert_same_as_full(&mut state, &options, "template override added");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "articles/a.md", &article("A", "Fine.\n"));
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    state.rebuild(&options, None).unwrap();
    write(root, "articles/a.md", "+++\ntitle = \n+++\n");
    assert!(state.rebuild(&options, None).is_err());
    assert!(state.previous.is_some(), "the last good build is kept");
    write(root, "articles/a.md", &article("A", "Fixed.\n"));
    let fixed = state.rebuild(&options, None).unwrap();
    assert!(String::from_utf8_lossy(&fixed.files["a/index.html"]).contains("Fixed."));
}

/// A body edit keeps the rest of the site's resolve and leaves its
/// warnings to be listed after the pages: a broken link it adds must still
/// fail the rebuild, with the problems a full build reports.
#[test]
fn a_body_edit_that_breaks_a_link_fails_as_a_full_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // The question asked twice is a warning of the resolve stage.
    write(
        root,
        "articles/a.md",
        &article("A", "## Is it safe?\n\nYes.\n"),
    );
    let b = |body: &str| article("B", &format!("## Is it safe?\n\nMostly.\n\n{body}\n"));
    write(root, "articles/b.md", &b("See [a](a.md)."));
    let (options, mut state) = first_build(root);
    let edited = ["articles/b.md".into()];

    write(
        root,
        "articles/b.md",
        &b("See [a](a.md) and [gone](gone.md)."),
    );
    let Err(incremental) = state.rebuild_pages(&options, Some(&edited)) else {
        panic!("a broken link fails the rebuild");
    };
    let Err(full) = build(&options) else {
        panic!("a broken link fails the build");
    };
    assert!(full.has_errors());
    assert_eq!(incremental.to_string(), full.to_string());
    assert!(state.previous.is_some(), "the last good build is kept");

    write(root, "articles/b.md", &b("See [a](a.md), fixed."));
    let built = state.rebuild_pages(&options, Some(&edited)).unwrap();
    built.complete_warnings();
    let messages = |diagnostics: &lectern::diagnostics::Diagnostics| -> Vec<String> {
        diagnostics.iter().map(|d| d.to_string()).collect()
    };
    let warnings = messages(&built.diagnostics);
    assert_eq!(warnings, messages(&build(&options).unwrap().diagnostics));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("is also asked in"), "{warnings:?}");
    assert!(
        warnings[1].contains("`base_url` is not set"),
        "{warnings:?}"
    );
}

/// After an edit, `serve` shows the warnings of the edited files and
/// counts the others: they must be those of a full build, though the
/// problems the edit kept are never put in order.
#[test]
fn the_warnings_about_edited_files_are_those_of_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A lint (the skipped heading level) and a resolve warning (the
    // question asked again in b).
    write(
        root,
        "articles/a.md",
        &article("A", "## Is it safe?\n\nYes.\n\n#### Deep\n\nText.\n"),
    );
    let b = |body: &str| article("B", &format!("## Is it safe?\n\nMostly.\n\n{body}\n"));
    write(root, "articles/b.md", &b("First."));
    let (options, mut state) = first_build(root);
    write(root, "articles/b.md", &b("Edited."));
    let edited = ["articles/b.md".into()];
    state.rebuild_pages(&options, Some(&edited)).unwrap();

    let full = build(&options).unwrap().diagnostics;
    let all: Vec<String> = full.iter().map(|d| d.to_string()).collect();
    assert_eq!(all.len(), 3, "{all:?}");
    for file in ["articles/a.md", "articles/b.md", "site.toml"] {
        let built = state.previous.as_mut().unwrap();
        let (shown, others) = built.warnings_about(&[file.into()]);
        let shown: Vec<String> = shown.iter().map(|d| d.to_string()).collect();
        let expected: Vec<String> = (full.iter())
            .filter(|d| d.file == Path::new(file))
            .map(|d| d.to_string())
            .collect();
        assert_eq!(shown, expected, "{file}");
        assert_eq!(shown.len(), 1, "{file}: {shown:?}");
        assert_eq!(others, all.len() - shown.len(), "{file}");
    }
}

/// Settings that change what an article keeps of its Markdown (questions
/// from front matter only, raw HTML shown as text) apply to an edited
/// article as they do in a full build, and so does being the home page.
#[test]
fn edited_articles_keep_what_the_settings_say_as_in_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"S\"\nbase_url = \"https://example.org/\"\nquestions = \"front-matter\"\nallow_html = false\n",
    );
    write(root, "articles/index.md", "# Welcome\n\nHello.\n");
    let a = |text: &str| {
        let raw = "<a id=\"raw\" href=\"b.md\">raw</a>";
        article(
            "A",
            &format!("## Is it safe?\n\n{text}\n\n{raw}\n\nSee [b](b.md)."),
        )
    };
    write(root, "articles/a.md", &a("Yes."));
    let b = |text: &str| {
        let front = "+++\ntitle = \"B\"\n\n[[questions]]\nquestion = \"Can I rest?\"\nanswer = \"Yes.\"\n+++\n";
        format!("{front}## Is it hard?\n\n{text}\n")
    };
    write(root, "articles/b.md", &b("No."));
    let (options, mut state) = first_build(root);
    let faq = |state: &Incremental| {
        let built = state.previous.as_ref().unwrap();
        let page = common::Page::parse(&String::from_utf8_lossy(&built.files["faq/index.html"]));
        page.texts("details.faq-item > summary")
    };
    assert_eq!(faq(&state), ["Can I rest?"]);

    edit(&mut state, &options, "articles/a.md", &a("Yes, edited."));
    edit(&mut state, &options, "articles/b.md", &b("Not at all."));
    edit(
        &mut state,
        &options,
        "articles/index.md",
        "# Welcome\n\nHello again.\n",
    );
    assert_eq!(faq(&state), ["Can I rest?"]);
    let built = state.previous.as_ref().unwrap();
    let home = String::from_utf8_lossy(&built.files["index.html"]);
    assert_eq!(
        common::Page::parse(&home).texts("main p")[0],
        "Hello again."
    );
}

/// Editing a page shown as a generated page's introduction (the home page,
/// the FAQ index) or the titles `SUMMARY.md` gives would leave stale pages.
#[test]
fn edits_to_introductions_and_summary_titles_give_the_full_build_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\n",
    );
    write(root, "articles/Home.md", "# Wiki\n\nWelcome.\n\nMore.\n");
    write(root, "articles/FAQ.md", "# FAQ\n\n## Is it free?\n\nYes.\n");
    write(root, "articles/a.md", "Text of a. See [home](Home.md).\n");
    write(root, "articles/SUMMARY.md", "- [First title](a.md)\n");
    let (options, mut state) = first_build(root);

    write(
        root,
        "articles/Home.md",
        "# Wiki\n\nWelcome.\n\nMore, edited.\n",
    );
    let home = assert_same_as_full(&mut state, &options, "home page body edit");
    let built = state.previous.as_ref().unwrap();
    assert!(String::from_utf8_lossy(&built.files["index.html"]).contains("More, edited."));
    assert!(!built.files.contains_key("home/index.html"));
    assert_eq!(home, 1, "the home page alone: no question changed");

    write(
        root,
        "articles/FAQ.md",
        "# FAQ\n\n## Is it free?\n\nYes, edited.\n",
    );
    assert_same_as_full(&mut state, &options, "FAQ introduction edit");

    write(root, "articles/SUMMARY.md", "- [Second title](a.md)\n");
    assert_same_as_full(&mut state, &options, "summary title edit");
    let built = state.previous.as_ref().unwrap();
    assert!(String::from_utf8_lossy(&built.files["a/index.html"]).contains("Second title"));
}

#[test]
fn editing_an_included_file_rebuilds_the_articles_that_include_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.toml", "title = \"Inc\"\n");
    write(root, "listings/main.rs", "fn main() {}\n");
    write(
        root,
        "articles/a.md",
        &article("A", "```rust\n{{#include ../listings/main.rs}}\n```\n"),
    );
    write(root, "articles/b.md", &article("B", "Plain.\n"));
    let (options, mut state) = first_build(root);
    assert!(state
        .included_files()
        .contains(&fs::canonicalize(root.join("listings/main.rs")).unwrap()));

    write(root, "listings/main.rs", "fn main() { edited() }\n");
    let rendered = assert_same_as_full(&mut state, &options, "listing edited");
    assert_eq!(
        rendered, 1,
        "the including article; its questions did not change"
    );
    let page = &state.previous.as_ref().unwrap().files["a/index.html"];
    assert!(common::code_text(&String::from_utf8_lossy(page)).contains("edited()"));

    fs::remove_file(root.join("listings/main.rs")).unwrap();
    assert!(state.rebuild(&options, None).is_err(), "a listing removed");
    write(root, "listings/main.rs", "fn main() { back() }\n");
    assert_same_as_full(&mut state, &options, "listing back");
}

#[test]
fn edits_to_the_tree_give_the_full_build_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\n",
    );
    write(root, "articles/basics/one.md", "# One\n\nFirst.\n");
    write(root, "articles/basics/two.md", "# Two\n\nSecond.\n");
    write(root, "articles/more/three.md", "# Three\n\nThird.\n");
    let (options, mut state) = first_build(root);

    write(
        root,
        "articles/basics/one.md",
        "# One\n\nFirst.\n\nEdited.\n",
    );
    let body = assert_same_as_full(&mut state, &options, "body edit in a section");
    assert!(body < 5, "a body edit re-renders few pages, not {body}");

    write(
        root,
        "articles/basics/index.md",
        "+++\nweight = 5\n+++\n# The basics\n\nStart here.\n",
    );
    assert_same_as_full(&mut state, &options, "a section gets its index.md");
    let built = state.previous.as_ref().unwrap();
    assert!(String::from_utf8_lossy(&built.files["basics/index.html"]).contains("Start here."));

    write(
        root,
        "articles/basics/two.md",
        "+++\nweight = 1\n+++\n# Two\n\nSecond.\n",
    );
    assert_same_as_full(&mut state, &options, "a weight reorders a section");

    write(root, "articles/more/deeper/four.md", "# Four\n\nFourth.\n");
    assert_same_as_full(&mut state, &options, "a new subsection");

    write(
        root,
        "articles/SUMMARY.md",
        "# Part two\n\n- [Three](more/three.md)\n- [One](basics/one.md)\n",
    );
    assert_same_as_full(&mut state, &options, "SUMMARY.md takes over the tree");

    write(
        root,
        "articles/SUMMARY.md",
        "# Part two\n\n- [Three](more/three.md)\n    - [One](basics/one.md)\n",
    );
    assert_same_as_full(&mut state, &options, "SUMMARY.md nests a chapter");
    let built = state.previous.as_ref().unwrap();
    let one = common::Page::parse(&String::from_utf8_lossy(
        &built.files["basics/one/index.html"],
    ));
    assert_eq!(one.texts(".breadcrumbs li"), ["Home", "Three", "One"]);
}

/// Questions added or removed move the FAQ between one page and a page per
/// section: pages no longer made would stay behind.
#[test]
fn the_faq_splitting_and_joining_gives_the_full_build_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\n",
    );
    let question = |i: usize| {
        format!("# A {i}\n\nLead.\n\n## Does {i} hurt?\n\nNo.\n\n## Is {i} safe?\n\nYes.\n")
    };
    for i in 0..40 {
        write(root, &format!("articles/basics/a{i}.md"), &question(i));
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    assert_same_as_full(&mut state, &options, "one page");
    for i in 40..60 {
        write(root, &format!("articles/care/a{i}.md"), &question(i));
    }
    assert_same_as_full(&mut state, &options, "split into sections");
    assert!(state
        .previous
        .as_ref()
        .unwrap()
        .files
        .contains_key("faq/care/index.html"));
    write(
        root,
        "articles/care/a59.md",
        &question(59).replace("Is 59 safe?", "Is 59 safe, really?"),
    );
    assert_same_as_full(&mut state, &options, "a question edited");
    for i in 40..60 {
        fs::remove_file(root.join(format!("articles/care/a{i}.md"))).unwrap();
    }
    assert_same_as_full(&mut state, &options, "joined again");
    assert!(!state
        .previous
        .as_ref()
        .unwrap()
        .files
        .contains_key("faq/care/index.html"));
}

#[test]
fn new_and_removed_articles_repaginate_tag_pages_as_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\npage_size = 2\nfeed_limit = 2\n",
    )
    .unwrap();
    for name in ["a", "b", "c"] {
        write(
            root,
            &format!("articles/{name}.md"),
            &article(name, "Text.\n"),
        );
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    let pages = |state: &Incremental| -> Vec<String> {
        let files = &state.previous.as_ref().unwrap().files;
        files
            .keys()
            .filter(|k| k.starts_with("tags/t/"))
            .cloned()
            .collect()
    };
    assert_same_as_full(&mut state, &options, "first build");
    assert_eq!(
        pages(&state),
        [
            "tags/t/index.html",
            "tags/t/page/1/index.html",
            "tags/t/page/2/index.html"
        ]
    );

    write(root, "articles/d.md", &article("d", "Text.\n"));
    write(root, "articles/e.md", &article("e", "Text.\n"));
    assert_same_as_full(&mut state, &options, "two new articles");
    assert_eq!(pages(&state).len(), 4);

    write(root, "articles/e.md", &article("e", "Text, edited.\n"));
    assert_same_as_full(&mut state, &options, "body edit on the last page");

    fs::remove_file(root.join("articles/e.md")).unwrap();
    fs::remove_file(root.join("articles/d.md")).unwrap();
    assert_same_as_full(&mut state, &options, "two articles removed");
    assert_eq!(
        pages(&state),
        [
            "tags/t/index.html",
            "tags/t/page/1/index.html",
            "tags/t/page/2/index.html"
        ]
    );
}

/// A site whose questions take many FAQ pages: an edit renders again only
/// the FAQ pages that show what it changed.
#[test]
fn an_edited_answer_renders_only_the_faq_page_listing_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.toml", "title = \"Many\"\n");
    let note = |n: usize, answer: &str| {
        format!("# Note {n:03}\n\nText.\n\n## Does note {n:03} help?\n\n{answer}\n\n## Is note {n:03} safe?\n\nYes.\n")
    };
    for n in 0..150 {
        write(
            root,
            &format!("articles/notes/note-{n:03}.md"),
            &note(n, "It does."),
        );
    }
    let (options, mut state) = first_build(root);
    let pages = |state: &Incremental| {
        let files = &state.previous.as_ref().unwrap().files;
        files.keys().filter(|k| k.starts_with("faq/notes/")).count()
    };
    assert_eq!(pages(&state), 3, "300 questions on pages of 100");

    write(
        root,
        "articles/notes/note-120.md",
        &note(120, "It does, slowly."),
    );
    let rendered = assert_same_as_full(&mut state, &options, "an answer edited");
    assert_eq!(rendered, 2, "the article and the third FAQ page");

    let asked = note(20, "It does.").replace("Does note 020 help?", "Does note 020 help at all?");
    write(root, "articles/notes/note-020.md", &asked);
    let rendered = assert_same_as_full(&mut state, &options, "a question reworded");
    assert_eq!(rendered, 2, "the article and the first FAQ page");

    // A new question moves every later one between the pages.
    let added = format!("{asked}\n## Can I skip it?\n\nNo.\n");
    write(root, "articles/notes/note-020.md", &added);
    assert_same_as_full(&mut state, &options, "a question added");
}

#[test]
fn edits_that_move_what_other_articles_read_give_the_full_build_output_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let a = |why_line: &str| {
        article(
            "A",
            &format!("{why_line}## Why?\n\nBecause.\n\nSee [b](b.md#part) and [c](c.md).\n"),
        )
    };
    write(root, "articles/a.md", &a(""));
    let b = |heading: &str| {
        article(
            "B",
            &format!("## {heading}\n\nText.\n\n## Why?\n\nAgain.\n"),
        )
    };
    write(root, "articles/b.md", &b("Part"));
    write(
        root,
        "articles/c.md",
        &article("C", "Plain, linking [b](b.md).\n"),
    );
    let options = BuildOptions {
        root: root.to_path_buf(),
        warn_links: true,
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    assert_same_as_full(&mut state, &options, "first build");
    let warnings = |state: &Incremental| state.previous.as_ref().unwrap().diagnostics.to_string();
    assert!(
        warnings(&state).contains("also asked in"),
        "{}",
        warnings(&state)
    );

    // The heading A links to is renamed: A's link breaks, with a warning.
    write(root, "articles/b.md", &b("Piece"));
    let b_md = Some(&["articles/b.md"][..]);
    assert_same_after(&mut state, &options, b_md, "linked heading renamed");
    assert!(warnings(&state).contains("#part"), "{}", warnings(&state));
    write(root, "articles/b.md", &b("Part"));
    assert_same_after(&mut state, &options, b_md, "linked heading restored");
    assert!(!warnings(&state).contains("#part"), "{}", warnings(&state));

    // A's question moves down a line: B's warning names its new line.
    write(root, "articles/a.md", &a("Intro.\n\n"));
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/a.md"]),
        "first asking moved",
    );
    // B's repeated question moves too.
    write(
        root,
        "articles/b.md",
        &article("B", "Lead.\n\n## Part\n\nText.\n\n## Why?\n\nAgain.\n"),
    );
    assert_same_after(&mut state, &options, b_md, "repeated asking moved");
    // A stops asking: B's asking carries the structured data, without a warning.
    write(
        root,
        "articles/a.md",
        &article("A", "No questions. See [b](b.md#part).\n"),
    );
    assert_same_as_full(&mut state, &options, "first asking removed");
    assert!(
        !warnings(&state).contains("also asked in"),
        "{}",
        warnings(&state)
    );

    // C stops linking to B, and then links from a section of its own.
    write(root, "articles/c.md", &article("C", "Plain.\n"));
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/c.md"]),
        "backlink removed",
    );
    write(
        root,
        "articles/c.md",
        &article("C", "## Where\n\nSee [b](b.md) and [a](a.md).\n"),
    );
    assert_same_as_full(&mut state, &options, "backlinks added under a heading");

    // A body edit of the same length that adds lines.
    write(
        root,
        "articles/c.md",
        &article("C", "## Where\n\nSee [b](b.md)\nand [a](a.md).\n"),
    );
    assert_same_as_full(&mut state, &options, "line split");
}

#[test]
fn an_edit_the_watcher_reports_reads_only_that_file_and_a_new_file_is_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("site.toml"), "title = \"Inc\"\n").unwrap();
    write(root, "articles/a.md", &article("A", "First.\n"));
    write(
        root,
        "articles/b.md",
        &article("B", "Links to [a](a.md).\n"),
    );
    let (options, mut state) = first_build(root);

    // Told that only `a.md` changed, the build trusts the others as they were.
    write(root, "articles/a.md", &article("A", "Second.\n"));
    write(root, "articles/b.md", &article("B", "Edited unseen.\n"));
    state
        .rebuild(&options, Some(&["articles/a.md".into()]))
        .unwrap();
    let page = |state: &Incremental, path: &str| {
        let files = &state.previous.as_ref().unwrap().files;
        String::from_utf8(files[path].to_vec()).unwrap()
    };
    assert!(page(&state, "a/index.html").contains("Second."));
    assert!(page(&state, "b/index.html").contains("Links to"));

    // A file the last walk did not find is looked for: the folder is walked.
    write(root, "articles/c.md", &article("C", "New.\n"));
    let c_md = Some(&["articles/c.md"][..]);
    assert_same_after(&mut state, &options, c_md, "new article reported");
    assert!(page(&state, "b/index.html").contains("Edited unseen."));
    fs::remove_file(root.join("articles/c.md")).unwrap();
    assert_same_after(&mut state, &options, c_md, "deleted article reported");
}

#[test]
fn a_new_title_renders_the_pages_that_show_it_as_a_full_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\npage_size = 5\n",
    )
    .unwrap();
    // A section longer than the navigation's window, its articles in a
    // fixed order whatever their titles, with tags, a category, an alias,
    // a question, a link with no text and links from a loose article.
    let guide = |n: usize, title: &str| {
        let tags = ["t", "u", "v"][n % 3];
        let alias = if n == 15 {
            "aliases = [\"old-15\"]\n"
        } else {
            ""
        };
        format!(
            "+++\ntitle = \"{title}\"\nweight = {n}\ntags = [\"{tags}\"]\ncategory = \"C\"\n{alias}+++\n\
             ## Is {n} useful?\n\nYes.\n\nNext: [](g{:02}.md).\n",
            (n + 1) % 30
        )
    };
    for n in 0..30 {
        write(
            root,
            &format!("articles/guide/g{n:02}.md"),
            &guide(n, &format!("Guide {n}")),
        );
    }
    write(
        root,
        "articles/loose.md",
        "+++\ntitle = \"Loose\"\n+++\nSee [the guide](guide/g15.md).\n",
    );
    // A heading gives this one its title.
    write(
        root,
        "articles/headed.md",
        "# Headed\n\nSee [](guide/g15.md).\n",
    );
    // A second section, related only within itself, whose first article
    // follows the guide's last and links into the guide.
    let more = |n: usize, title: &str| {
        format!("+++\ntitle = \"{title}\"\nweight = {n}\ntags = [\"w\"]\n+++\nSee [g05](../guide/g05.md).\n")
    };
    for n in 0..25 {
        write(
            root,
            &format!("articles/more/m{n:02}.md"),
            &more(n, &format!("More {n}")),
        );
    }
    let (options, mut state) = first_build(root);
    let all = state.previous.as_ref().unwrap().rendered;

    write(
        root,
        "articles/guide/g15.md",
        &guide(15, "Guide fifteen, renamed"),
    );
    let rendered = assert_same_after(
        &mut state,
        &options,
        Some(&["articles/guide/g15.md"]),
        "title in front matter",
    );
    assert!(rendered < all, "{rendered} of {all} pages rendered again");

    write(
        root,
        "articles/headed.md",
        "# Headed, renamed\n\nSee [](guide/g15.md).\n",
    );
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/headed.md"]),
        "title from the heading",
    );
    write(
        root,
        "articles/guide/g00.md",
        &guide(0, "Guide zero, renamed"),
    );
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/guide/g00.md"]),
        "first of the section",
    );
    // The last of the section is the previous article of the page after it.
    write(
        root,
        "articles/guide/g29.md",
        &guide(29, "Guide 29, renamed"),
    );
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/guide/g29.md"]),
        "last of the section",
    );
    write(root, "articles/more/m00.md", &more(0, "More zero, renamed"));
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/more/m00.md"]),
        "first of another section",
    );
}

#[test]
fn a_new_picture_under_the_same_name_changes_its_pages_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let picture = |width: u32, height: u32| {
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(
                &vec![90; (width * height * 3) as usize],
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        bytes
    };
    write(root, "site.toml", "title = \"Pictures\"\n");
    write(
        root,
        "articles/a.md",
        &article("A", "![A wall](wall.png)\n"),
    );
    fs::write(root.join("articles/wall.png"), picture(1200, 800)).unwrap();
    let (options, mut state) = first_build(root);
    std::thread::sleep(std::time::Duration::from_millis(5));
    fs::write(root.join("articles/wall.png"), picture(1600, 400)).unwrap();
    assert_same_after(
        &mut state,
        &options,
        Some(&["articles/wall.png"]),
        "a new picture",
    );
    let built = state.rebuild(&options, None).unwrap();
    let page = String::from_utf8(built.files["a/index.html"].to_vec()).unwrap();
    let page = common::Page::parse(&page);
    let img = page.one(".prose img");
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("1600"), Some("400"))
    );
}

#[test]
fn a_body_edit_keeps_the_warnings_of_damaged_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut cut = Vec::new();
    image::codecs::png::PngEncoder::new(&mut cut)
        .write_image(&[7; 900 * 30 * 3], 900, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    cut.truncate(60);
    write(root, "site.toml", "title = \"Pictures\"\n");
    write(
        root,
        "articles/a.md",
        &article("A", "![A wall](wall.png)\n"),
    );
    write(
        root,
        "articles/b.md",
        &article("B", "Lead.\n\n## Part\n\nOne.\n"),
    );
    fs::write(root.join("articles/wall.png"), cut).unwrap();
    let (options, mut state) = first_build(root);
    let built = state.rebuild(&options, None).unwrap();
    assert!(built.diagnostics.to_string().contains("cannot be decoded"));
    write(
        root,
        "articles/b.md",
        &article("B", "Lead.\n\n## Part\n\nTwo.\n"),
    );
    let rendered = assert_same_after(
        &mut state,
        &options,
        Some(&["articles/b.md"]),
        "a body edit",
    );
    assert!(rendered < 5, "{rendered} pages rendered");
}

/// `serve` leaves the pages of an edit that changes many to render when
/// they are asked for, or in the background: those served either way, and
/// those of the next edits, are a full build's.
#[test]
fn pages_left_to_render_after_an_edit_are_a_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Inc\"\nbase_url = \"https://example.org/\"\npage_size = 5\n",
    )
    .unwrap();
    // Articles of the same date and weight, in the order of their titles,
    // each using the glossary's term.
    let article = |n: usize, title: &str, lead: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2026-01-01\ntags = [\"t{}\"]\n+++\n{lead}\n\n\
             ## Does the erector spinae tire?\n\nSee [the next](a{:02}.md).\n",
            n % 3,
            (n + 1) % 40
        )
    };
    for n in 0..40 {
        let title = format!("Article {n:02}");
        write(
            root,
            &format!("articles/a{n:02}.md"),
            &article(n, &title, "A lead."),
        );
    }
    let glossary = |definition: &str| {
        format!(
            "+++\ntitle = \"Glossary\"\nglossary = true\n+++\n## Erector spinae\n\n{definition}\n"
        )
    };
    write(
        root,
        "articles/glossary.md",
        &glossary("Muscles along the spine."),
    );
    let options = BuildOptions {
        root: root.to_path_buf(),
        defer_pages: true,
        ..BuildOptions::default()
    };
    let mut state = Incremental::default();
    assert_same_as_full(&mut state, &options, "first build");
    assert!(
        state.previous.as_ref().unwrap().deferred.is_none(),
        "a first build renders every page"
    );
    // Each edit, then whether all its deferred pages were rendered (and
    // taken into the build) before the next, or only some.
    // The same lead (and description), a longer reading time.
    let long_lead = format!("A lead.\n\n{}", "Many more words. ".repeat(300));
    let edits: [(&str, String, bool, &str); 6] = [
        (
            "articles/glossary.md",
            glossary("The long muscles beside the spine."),
            true,
            "glossary",
        ),
        (
            "articles/a10.md",
            article(10, "Article 10, renamed", "A lead."),
            false,
            "title",
        ),
        (
            "articles/a10.md",
            article(10, "Article 10, renamed", "A new lead."),
            true,
            "description",
        ),
        (
            "articles/a20.md",
            article(20, "Article 20", &long_lead),
            false,
            "reading time",
        ),
        (
            "articles/a05.md",
            article(5, "Article 99", "A lead."),
            true,
            "title that moves it",
        ),
        (
            "articles/a30.md",
            article(30, "Article 30", "An edited lead."),
            true,
            "after all that",
        ),
    ];
    let mut deferred_any = false;
    for (file, text, settled, step) in edits {
        write(root, file, &text);
        assert_same_as_full(&mut state, &options, step);
        let built = state.previous.as_mut().unwrap();
        if let Some(deferred) = built.deferred.clone() {
            deferred_any = true;
            assert!(
                built.rendered <= lectern::RENDERED_AT_ONCE,
                "{step}: {} pages rendered at once",
                built.rendered
            );
            // Else only every other page was asked for before the next edit.
            let rendered = |at: usize| settled || at.is_multiple_of(2);
            let pages: Vec<_> = (0..deferred.files().len())
                .map(|at| rendered(at).then(|| std::sync::Arc::new(deferred.render(at).unwrap())))
                .collect();
            built.settle(|at| pages[at].clone());
            assert_eq!(
                built.deferred.is_none(),
                settled,
                "{step}: the pages rendered are taken, the others left"
            );
        }
    }
    assert!(
        deferred_any,
        "some edits changed more pages than are rendered at once"
    );
}

/// The lints of an article not edited are kept from the last build; an
/// edited article is linted again, and new settings lint every article.
#[test]
fn lints_follow_the_edited_articles_and_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "articles/a.md", &article("A", "![](a.png)\n"));
    write(root, "articles/b.md", &article("B", "Plain text.\n"));
    write(root, "articles/a.png", "not read");
    let (options, mut state) = first_build(root);
    let lints = |state: &Incremental| warnings_about(state, "alt text", |d| d.location());
    assert_eq!(lints(&state), ["articles/a.md:6:1"]);

    // b gains an image without alt text, a its alt text.
    let b = |body: &str| article("B", &format!("Plain text.\n\n{body}\n"));
    edit(&mut state, &options, "articles/b.md", &b("![](a.png)"));
    assert_eq!(lints(&state), ["articles/a.md:6:1", "articles/b.md:8:1"]);
    edit(
        &mut state,
        &options,
        "articles/a.md",
        &article("A", "![A chart](a.png)\n"),
    );
    assert_eq!(lints(&state), ["articles/b.md:8:1"]);

    // Raw HTML left out of the pages: the settings changed, so every
    // article is linted again, and an `<img>` needs no alt text.
    edit(
        &mut state,
        &options,
        "articles/b.md",
        &b("<img src=\"a.png\">"),
    );
    assert_eq!(lints(&state), ["articles/b.md:8:11"]);
    edit(
        &mut state,
        &options,
        "site.toml",
        "title = \"T\"\nallow_html = false\n",
    );
    assert_eq!(lints(&state), Vec::<String>::new());
}

/// Questions that only move keep their FAQ entries; the warnings about a
/// question asked again follow both the repeat and the first asking.
#[test]
fn moved_questions_move_their_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let asks = |title: &str, before: &str| {
        let questions = "## Is it safe?\n\nMostly.\n\n## Why stretch?\n\nIt helps.\n";
        article(title, &format!("{before}{questions}"))
    };
    write(root, "articles/a.md", &asks("A", ""));
    write(root, "articles/b.md", &asks("B", ""));
    write(
        root,
        "articles/c.md",
        &article("C", "## How long?\n\nA minute.\n"),
    );
    let (options, mut state) = first_build(root);
    let warnings = |state: &Incremental| {
        warnings_about(state, "also asked", |d| {
            format!("{} {}", d.location(), d.help.as_deref().unwrap_or(""))
        })
    };
    let at = |b: usize, a: usize| {
        format!("articles/b.md:{b}:1 only the first, at articles/a.md:{a}, carries the FAQ structured data; link to it instead of asking again")
    };
    assert_eq!(warnings(&state), [at(6, 6), at(10, 10)]);

    // The first asking moves down two lines, then the repeat three.
    edit(
        &mut state,
        &options,
        "articles/a.md",
        &asks("A", "Intro.\n\n"),
    );
    assert_eq!(warnings(&state), [at(6, 8), at(10, 12)]);
    edit(
        &mut state,
        &options,
        "articles/b.md",
        &asks("B", "One.\n\nTwo\nlines.\n\n"),
    );
    assert_eq!(warnings(&state), [at(11, 8), at(15, 12)]);
    // An edit elsewhere keeps them.
    let c = article("C", "Hello.\n\n## How long?\n\nA minute.\n");
    edit(&mut state, &options, "articles/c.md", &c);
    assert_eq!(warnings(&state), [at(11, 8), at(15, 12)]);
}

/// Whether a file is named like a translation is learnt when the folder is
/// walked; the edits after it, which reuse that walk, keep its warning.
#[test]
fn a_file_named_like_a_translation_keeps_its_warning_through_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "articles/a.md", &article("A", "Text.\n"));
    write(root, "articles/b.md", &article("B", "Text.\n"));
    let (options, mut state) = first_build(root);
    let named = |state: &Incremental| {
        warnings_about(state, "reads as a translation", |d| {
            d.file.display().to_string()
        })
    };
    assert!(named(&state).is_empty());

    // A new file: the folder is walked again.
    let french = article("A en français", "Texte.\n");
    edit(&mut state, &options, "articles/a.fr.md", &french);
    assert_eq!(named(&state), ["articles/a.fr.md"]);
    // Edits to files the walk found reuse it.
    edit(
        &mut state,
        &options,
        "articles/b.md",
        &article("B", "More.\n"),
    );
    edit(
        &mut state,
        &options,
        "articles/a.fr.md",
        &french.replace("Texte", "Plus"),
    );
    assert_eq!(named(&state), ["articles/a.fr.md"]);
    // Gone, and walked again.
    fs::remove_file(root.join("articles/a.fr.md")).unwrap();
    assert_same_after(&mut state, &options, Some(&["articles/a.fr.md"]), "removed");
    assert!(named(&state).is_empty());
}
