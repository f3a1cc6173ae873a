//! The command line: its options, its output and its exit codes.

mod common;

use common::*;

/// Errors would be hard to read, or unlike the rustc format editors and
/// authors know.
#[test]
fn errors_print_rustc_style() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n\nSee [x](othr.md).\n",
        ),
        ("articles/other.md", "# Other\n\nText.\n"),
    ]);
    let run = site.build(&[]);
    run.assert_fails();
    let expected = "error: link to a missing article `othr.md`\n  --> articles/a.md:5:5\n  |\n5 | See [x](othr.md).\n  |     ^\n  = help: did you mean `other.md`?\n";
    assert!(run.stderr.contains(expected), "stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
}

/// `lectern check` would write files, or fail on a good site.
#[test]
fn check_reports_and_writes_nothing() {
    let site = Site::fixture("site");
    let run = site.lectern(&["check"]);
    run.assert_ok();
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
    assert!(!site.out().exists(), "check wrote the site");
    site.write(
        "articles/bad.md",
        "+++\ntitle = \"x\"\ncatgory = \"y\"\n+++\nText\n",
    );
    site.lectern(&["check"])
        .assert_fails()
        .assert_stderr_has("articles/bad.md:3:1");
}

/// `--strict` would let warnings through in CI.
#[test]
fn check_strict_fails_on_warnings() {
    let site = Site::new(&[
        ("site.toml", "title = \"No base url\"\n"),
        ("articles/a.md", "# A\n\nText.\n"),
    ]);
    site.lectern(&["check"])
        .assert_ok()
        .assert_stderr_has("warning:");
    site.lectern(&["check", "--strict"])
        .assert_fails()
        .assert_stderr_has("error:")
        .assert_stderr_has("base_url");
}

/// `--timings` would print nothing useful.
#[test]
fn build_timings_lists_the_stages() {
    let site = Site::fixture("site");
    let run = site.build(&["--timings"]);
    run.assert_ok();
    for stage in ["load", "resolve", "render", "write", "total"] {
        assert!(
            run.stdout.contains(stage),
            "no `{stage}` in:\n{}",
            run.stdout
        );
    }
    // The stages, "other" included, add up to the total.
    let ms = |line: &str| -> f64 { line.split_whitespace().nth(1).unwrap().parse().unwrap() };
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && l.split_whitespace().nth(2) == Some("ms"))
        .collect();
    // Each stage says how much memory the build has needed by its end.
    #[cfg(target_os = "linux")]
    for stage in ["load", "resolve", "render", "search"] {
        let line = lines
            .iter()
            .find(|l| l.trim_start().starts_with(stage))
            .unwrap();
        assert!(
            line.contains("peak memory") && line.ends_with(" MiB"),
            "{line}"
        );
    }
    let total = lines
        .iter()
        .find(|l| l.trim_start().starts_with("total"))
        .map(|l| ms(l))
        .unwrap();
    let stages: f64 = lines
        .iter()
        .take_while(|l| !l.trim_start().starts_with("total"))
        .map(|l| ms(l))
        .sum();
    assert!(
        (stages - total).abs() < 1.0,
        "stages {stages} ms, total {total} ms:\n{}",
        run.stdout
    );
    // The slowest templates name their pages.
    let templates = run
        .stdout
        .split("Slowest templates")
        .nth(1)
        .expect("a template list");
    assert!(templates.contains("article.html"), "{templates}");
    assert!(templates.contains("pages"), "{templates}");
}

/// Deploying a preview elsewhere would keep the production URLs.
#[test]
fn base_url_option_overrides_site_toml() {
    let site = Site::fixture("site");
    site.build_ok(&["--base-url", "https://preview.example.net/pr-7"]);
    let page = site.page("basics/index.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://preview.example.net/pr-7/basics/"]
    );
    assert!(site
        .read("public/sitemap.xml")
        .contains("<loc>https://preview.example.net/pr-7/basics/</loc>"));
    // The relative links do not change.
    assert_eq!(page.href_of("deadlift guide"), "../advanced/deadlift/");
}

/// Running `lectern build` inside the site folder would not find it.
#[test]
fn default_root_is_the_current_folder() {
    let site = Site::new(&[("articles/a.md", "# A\n\nText.\n")]);
    lectern_in(site.root(), &["build"]).assert_ok();
    assert!(site.out().join("a/index.html").is_file());
}

/// A relative `--out` would land in the current folder instead of the site.
#[test]
fn relative_out_is_inside_the_site() {
    let site = Site::new(&[("articles/a.md", "# A\n\nText.\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    lectern_in(
        elsewhere.path(),
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--out",
            "dist",
        ],
    )
    .assert_ok();
    assert!(site.path("dist/a/index.html").is_file());
    assert!(!elsewhere.path().join("dist").exists());
}

/// A folder without `articles/` would give a cryptic error.
#[test]
fn missing_articles_folder_is_explained() {
    let site = Site::new(&[]);
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("no `articles/` folder")
        .assert_stderr_has("help:");
}

/// `--drafts` would not publish drafts.
#[test]
fn drafts_are_published_only_on_request() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    assert!(!site.out().join("draft").exists());
    site.build_ok(&["--drafts"]);
    assert_eq!(
        text(site.page("draft/index.html").one("h1")),
        "Unfinished draft"
    );
}

/// `--version` would fail.
#[test]
fn version_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let run = lectern_in(dir.path(), &["--version"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("lectern "), "{}", run.stdout);
}

/// A typo in a subcommand or option would be accepted silently.
#[test]
fn unknown_arguments_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!lectern_in(dir.path(), &["biuld"]).success());
    assert!(!lectern_in(dir.path(), &["build", "--otu", "x"]).success());
    assert!(!lectern_in(dir.path(), &["build", "--links", "ugly"]).success());
}

/// One generated line with thousands of broken links would print gigabytes:
/// every diagnostic repeated the whole line.
#[test]
fn thousands_of_problems_on_one_long_line_stay_readable() {
    let line: String = (0..8000)
        .map(|i| format!("[x](missing-{i:04}.md) "))
        .collect();
    assert!(line.len() > 150_000);
    let site = Site::new(&[("articles/a.md", &format!("# A\n\n{line}\n"))]);
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr.len() < 16 * 1024,
        "{} bytes of stderr",
        run.stderr.len()
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.contains(&"... and 7,980 more errors in articles/a.md"),
        "{}",
        run.stderr
    );
    assert!(lines.contains(&"8,000 errors"), "{}", run.stderr);
    // Each of the 20 shown has its snippet cut around the link it names,
    // with the caret under the link.
    let carets: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with("| ") && lines[i].ends_with('^'))
        .collect();
    assert_eq!(carets.len(), 20, "{}", run.stderr);
    for (n, &i) in carets.iter().enumerate() {
        let snippet = lines[i - 1].split_once(" | ").unwrap().1;
        let column = lines[i].split_once(" | ").unwrap().1.chars().count() - 1;
        let wanted = format!("[x](missing-{n:04}.md)");
        let at_caret: String = snippet.chars().skip(column).take(wanted.len()).collect();
        assert_eq!(at_caret, wanted, "{snippet}");
    }
}

/// A template whose arithmetic overflows makes the template engine panic.
fn site_whose_build_panics() -> Site {
    let huge = format!("17{}.0", "0".repeat(307));
    Site::new(&[
        ("articles/a.md", "# A\n\nText.\n"),
        (
            "templates/index.html",
            &format!(
                "{{% extends \"base.html\" %}}{{% block content %}}{{{{ {huge} + {huge} }}}}{{% endblock content %}}"
            ),
        ),
    ])
}

/// A bug in lectern or a crate it uses would crash with a backtrace.
#[test]
fn a_panic_is_reported_as_an_error() {
    let site = site_whose_build_panics();
    for command in ["build", "check"] {
        let output = std::process::Command::new(BIN)
            .args([command, "--root"])
            .arg(site.root())
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert_eq!(
            first, "error: lectern failed: called `Option::unwrap()` on a `None` value",
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("= help: this is a bug in lectern, at tera-"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{command}: {stderr}"
        );
    }
    assert!(!site.out().exists(), "nothing was written");
}

/// `lectern build` frees each article's Markdown once its pages are made,
/// before the search index: a stage reading it after would write other
/// files than the library's build, which keeps it.
#[test]
fn build_writes_what_the_library_builds() {
    let bilingual = Site::new(&[
        (
            "site.toml",
            "title = \"Back\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n\n[languages.fr]\ntitle = \"Dos\"\n",
        ),
        ("articles/index.md", "# Back\n\nSee [stretching](stretching.md).\n"),
        ("articles/index.fr.md", "# Dos\n\nVoir [les étirements](stretching.md).\n"),
        (
            "articles/stretching.md",
            "+++\ntags = [\"recovery\"]\n+++\n# Stretching\n\n## When can I stretch?\n\nOnce the session is over.\n",
        ),
        (
            "articles/stretching.fr.md",
            "# Étirements\n\n## Quand puis-je m’étirer ?\n\nUne fois la séance finie.\n",
        ),
    ]);
    for site in [Site::fixture("site"), bilingual] {
        let mut written = read_tree(&site.build_ok(&[]));
        written.remove(".lectern-manifest");
        let built = site.lib_build().unwrap();
        let expected: std::collections::BTreeMap<String, Vec<u8>> = (built.files.iter())
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect();
        // The French pages, and their own index, are made too.
        let french = site.path("articles/index.fr.md").exists();
        assert_eq!(expected.contains_key("fr/search/meta.js"), french);
        assert_eq!(
            written.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &expected {
            assert!(written[path] == *bytes, "{path} differs");
        }
    }
}
