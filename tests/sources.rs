//! What lectern reads: only regular files inside the project. A symbolic
//! link out of it, or a special file, is reported and never published; and
//! an article that fails to load is still known to the links that lead to it.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;

const ARTICLE: &str = "+++\ntitle = \"A\"\n+++\n\nText.\n";

/// A folder outside the site, holding a secret.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(
        dir.path().join("leak.md"),
        "+++\ntitle = \"Leak\"\n+++\n\nTOP-SECRET\n",
    )
    .unwrap();
    dir
}

/// No file of `dir` holds `needle`.
#[track_caller]
fn assert_nowhere_in(dir: &Path, needle: &str) {
    if !dir.exists() {
        return;
    }
    for (file, bytes) in read_tree(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "`{file}` holds {needle:?}"
        );
    }
}

/// The build and `lectern check` both fail with one error at `file` whose
/// message names `target`; nothing is published.
#[track_caller]
fn assert_refused(site: &Site, file: &str, target: &Path) {
    let error = only_error(&site.lib_errors()).clone();
    assert_eq!(error.location(), file, "{error}");
    let target = std::fs::canonicalize(target).unwrap_or(target.to_path_buf());
    assert!(
        error.message.contains(&target.display().to_string()),
        "the message names the link's target: {error}"
    );
    site.lectern(&["check"])
        .assert_fails()
        .assert_stderr_has(file);
    site.build(&[]).assert_fails().assert_stderr_has(file);
    assert!(!site.out().exists(), "nothing was published");
}

/// `ln -s /etc/shadow articles/x.txt` would publish the file.
#[test]
fn a_linked_file_outside_the_project_is_refused() {
    let secret = outside();
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    symlink(
        secret.path().join("secret.txt"),
        site.path("articles/x.txt"),
    )
    .unwrap();
    assert_refused(&site, "articles/x.txt", &secret.path().join("secret.txt"));
}

/// A linked folder would publish every file in it, articles included.
#[test]
fn a_linked_folder_outside_the_project_is_refused() {
    let secret = outside();
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    symlink(secret.path(), site.path("articles/notes")).unwrap();
    assert_refused(&site, "articles/notes", secret.path());
}

/// The theme's folders are published too: `static/` and `templates/`.
#[test]
fn links_out_of_the_project_are_refused_in_the_theme_folders() {
    let secret = outside();
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(secret.path().join("secret.txt"), site.path("static/x.txt")).unwrap();
    assert_refused(&site, "static/x.txt", &secret.path().join("secret.txt"));

    std::fs::remove_file(site.path("static/x.txt")).unwrap();
    symlink(secret.path(), site.path("templates")).unwrap();
    assert_refused(&site, "templates", secret.path());
}

/// A `site.toml` linked from elsewhere would print the linked file's lines
/// in its parse errors, and a FIFO in its place would hang the build.
#[test]
fn a_site_toml_from_outside_the_project_is_refused() {
    let secret = outside();
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    std::fs::remove_file(site.path("site.toml")).unwrap();
    symlink(secret.path().join("secret.txt"), site.path("site.toml")).unwrap();
    let errors = site.lib_errors();
    let error = only_error(&errors);
    assert_eq!(error.location(), "site.toml");
    assert!(error.message.contains("outside the project"), "{error}");
    assert!(!error.to_string().contains("TOP-SECRET"), "{error}");

    std::fs::remove_file(site.path("site.toml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(site.path("site.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = lectern_with_timeout(
        site.root(),
        &["check", "--root", "."],
        Duration::from_secs(20),
    )
    .expect("the build does not wait on the FIFO");
    run.assert_fails().assert_stderr_has("site.toml");
}

/// `/proc/self/environ` would publish the build's environment (and the
/// secrets a CI job keeps there).
#[test]
fn the_build_environment_is_never_published() {
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    symlink("/proc/self/environ", site.path("articles/env.txt")).unwrap();
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .env("LECTERN_TEST_SECRET", "TOP-SECRET-ENV")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("articles/env.txt"), "{stderr}");
    assert!(!stderr.contains("TOP-SECRET-ENV"), "{stderr}");
    assert_nowhere_in(&site.out(), "TOP-SECRET-ENV");
}

/// Hidden files are never content, even through a link: `.git/config` can
/// hold the credentials of a checkout.
#[test]
fn a_link_to_a_hidden_file_of_the_project_is_refused() {
    let site = Site::new(&[
        ("articles/a.md", ARTICLE),
        (".git/config", "token=TOP-SECRET"),
    ]);
    symlink("../.git/config", site.path("articles/config.txt")).unwrap();
    let error = only_error(&site.lib_errors()).clone();
    assert_eq!(error.location(), "articles/config.txt", "{error}");
    assert!(error.message.contains(".git/config"), "{error}");
}

/// Links that stay inside the project (shared images, a folder of articles
/// kept elsewhere in the repository) keep working.
#[test]
fn links_inside_the_project_work() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n\n![A figure](fig.svg) and [more](more/b.md).\n",
        ),
        (
            "shared/fig.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("extra/b.md", "+++\ntitle = \"B\"\n+++\n\nFrom elsewhere.\n"),
    ]);
    symlink("../shared/fig.svg", site.path("articles/fig.svg")).unwrap();
    symlink(site.path("extra"), site.path("articles/more")).unwrap();
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(page.attrs(".prose img", "src"), vec!["../fig.svg"]);
    assert_eq!(page.href_of("more"), "../more/b/");
    assert_eq!(
        site.read("public/fig.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(text(site.page("more/b/index.html").one("h1")), "B");
}

/// Reading a FIFO blocks until someone writes to it: the build would hang,
/// or skip it without a word.
#[test]
fn special_files_are_reported_and_never_opened() {
    let site = Site::new(&[("articles/a.md", ARTICLE)]);
    std::fs::create_dir_all(site.path("static")).unwrap();
    for fifo in ["articles/pipe.md", "articles/pipe.png", "static/pipe.css"] {
        let status = Command::new("mkfifo")
            .arg(site.path(fifo))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let run = lectern_with_timeout(
        site.root(),
        &["build", "--root", site.root().to_str().unwrap()],
        Duration::from_secs(30),
    )
    .expect("the build does not hang");
    run.assert_fails();
    let errors = site.lib_errors();
    for fifo in ["articles/pipe.md", "articles/pipe.png", "static/pipe.css"] {
        let error = diagnostic_at(&errors, fifo);
        assert!(error.message.contains("FIFO"), "{error}");
    }
    assert_eq!(
        errors.iter().filter(|d| d.is_error()).count(),
        3,
        "{errors}"
    );
}

/// A typo in one article's front matter would also report every link to it
/// as a link to a missing article.
#[test]
fn links_to_an_article_that_failed_to_load_are_not_reported() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\ntags = []\n+++\n\n## Part\n\nText.\n",
        ),
        (
            "articles/b.md",
            "+++\ntitle = \"B\"\n+++\n\nSee [a](a.md) and [its part](a.md#part).\n",
        ),
        (
            "articles/c/README.md",
            "+++\ntitle = \"C\"\ntitel = \"typo\"\n+++\n\nText.\n",
        ),
        (
            "articles/d.md",
            "+++\ntitle = \"D\"\n+++\n\nSee [c](c/) and [c's file](c/README.md).\n",
        ),
    ]);
    let errors = site.lib_errors();
    let files: Vec<String> = errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.display().to_string())
        .collect();
    assert_eq!(files, ["articles/a.md", "articles/c/README.md"], "{errors}");
    // A link to an article that does not exist is still reported.
    site.write(
        "articles/d.md",
        "+++\ntitle = \"D\"\n+++\n\nSee [e](e.md).\n",
    );
    let errors = site.lib_errors();
    assert!(
        diagnostic_at(&errors, "articles/d.md:5:5")
            .message
            .contains("missing article `e.md`"),
        "{errors}"
    );
}
