//! Bad input: every mistake an author can make is reported at its exact
//! file, line and column, and never crashes, hangs or damages anything.

mod common;

use std::time::Duration;

use common::*;

/// The one error of building a site whose only article is `text`, at
/// `articles/x.md`.
#[track_caller]
fn error_of(text: &str) -> lectern::diagnostics::Diagnostic {
    let site = Site::new(&[("articles/x.md", text)]);
    let errors = site.lib_errors();
    only_error(&errors).clone()
}

/// An author who forgot the closing `+++` would not know what is wrong.
#[test]
fn unclosed_front_matter() {
    let d = error_of("+++\ntitle = \"x\"\n\nBody text.\n");
    assert_eq!(d.location(), "articles/x.md:1:1");
    assert!(d.message.contains("never closed"), "{}", d.message);
    assert!(d.help.unwrap().contains("+++"));
}

/// Front matter that is not TOML would give a confusing error or none.
#[test]
fn front_matter_that_is_not_toml() {
    let d = error_of("+++\ntitle = \"x\"\nthis is not toml\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:6");
    assert!(!d.message.is_empty());
}

/// YAML front matter whose closing `---` is missing would swallow the body.
#[test]
fn unclosed_yaml_front_matter() {
    let d = error_of("---\ntitle: x\n\nBody text.\n");
    assert_eq!(d.location(), "articles/x.md:1:1");
    assert!(d.message.contains("`---` is never closed"), "{}", d.message);
    assert!(d.help.unwrap().contains("`---`"));
}

/// A value of the wrong type would be reported without pointing at it.
#[test]
fn wrong_type_points_at_the_value() {
    let d = error_of("+++\ntitle = \"x\"\nweight = \"heavy\"\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:10");
    assert!(d.message.contains("`weight`"), "{}", d.message);
    assert!(d.message.contains("whole number"), "{}", d.message);
}

/// A bad date is explained with the expected format.
#[test]
fn bad_date() {
    let d = error_of("+++\ntitle = \"x\"\ndate = \"last tuesday\"\n+++\nBody\n");
    assert_eq!(d.line, 3);
    assert!(d.message.contains("2026-11-20"), "{}", d.message);
}

/// A misspelt key would be silently ignored, or rejected without a hint.
#[test]
fn unknown_key_suggests_the_right_one() {
    let d = error_of("+++\ntitle = \"x\"\ncatgory = \"y\"\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:1");
    assert_eq!(d.message, "unknown key `catgory`");
    assert_eq!(d.help.as_deref(), Some("did you mean `category`?"));
}

/// A file saved in another encoding would crash or be garbled.
#[test]
fn invalid_utf8_names_the_byte_offset() {
    let site = Site::new(&[]);
    site.write("articles/x.md", b"+++\ntitle = \"x\"\n+++\nab\xffcd\n");
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/x.md:4:3");
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    assert!(d.message.contains("offset 22"), "{}", d.message);
}

/// An empty article would publish a blank page.
#[test]
fn empty_article() {
    let d = error_of("+++\ntitle = \"x\"\n+++\n\n");
    assert_eq!(d.location(), "articles/x.md:4:1");
    assert_eq!(d.message, "the article is empty");
    let site = Site::new(&[("articles/x.md", "")]);
    let errors = site.lib_errors();
    assert_eq!(only_error(&errors).file.to_str(), Some("articles/x.md"));
}

/// Two articles at one URL: one would silently overwrite the other.
#[test]
fn two_articles_with_the_same_slug() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nslug = \"same\"\n+++\nBody\n",
        ),
        (
            "articles/b.md",
            "+++\ntitle = \"B\"\nslug = \"same\"\n+++\nBody\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(
        d.location(),
        "articles/b.md:3:1",
        "points at the `slug` line"
    );
    assert!(d.message.contains("articles/a.md"), "{}", d.message);
    assert!(d.message.contains("/same/"), "{}", d.message);
}

/// Positions come from the TOML's spans: a key or value named earlier in
/// the file (here in the title or description) does not mislead them.
#[test]
fn front_matter_problems_point_at_their_key_not_an_earlier_mention() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nslug = \"same\"\n+++\nBody\n",
        ),
        (
            "articles/b.md",
            "+++\ntitle = \"How to pick a slug\"\ndescription = \"slug = same\"\nslug = \"same\"\n+++\nBody\n",
        ),
    ]);
    let errors = site.lib_errors();
    assert_eq!(only_error(&errors).location(), "articles/b.md:4:1");

    let d =
        error_of("+++\ntitle = \"Why aliases like ../x fail\"\naliases = [\"../x\"]\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:13", "{}", d.message);

    let site = Site::new(&[
        (
            "site.toml",
            "title = \"T\"\ndescription = \"Set base_url and language\"\nlanguage = \"e n\"\nbase_url = \"example.org\"\n",
        ),
        ("articles/a.md", "# A\n\nBody\n"),
    ]);
    let errors = site.lib_errors();
    let locations: Vec<String> = errors.iter().map(|d| d.location()).collect();
    assert_eq!(locations, ["site.toml:3:1", "site.toml:4:1"]);
}

/// File names that differ only in case or punctuation also collide.
#[test]
fn derived_slugs_that_collide() {
    let site = Site::new(&[
        ("articles/Foo Bar.md", "# One\n\nBody\n"),
        ("articles/foo-bar.md", "# Two\n\nBody\n"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert!(d.message.contains("/foo-bar/"), "{}", d.message);
}

/// A slug with `..` could write outside the output folder.
#[test]
fn slug_with_dot_dot() {
    let d = error_of("+++\ntitle = \"x\"\nslug = \"../evil\"\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:1");
    assert!(d.message.contains(".."), "{}", d.message);
}

/// A slug with a space would make an awkward, fragile URL.
#[test]
fn slug_with_unsafe_characters() {
    let d = error_of("+++\ntitle = \"x\"\nslug = \"a b\"\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:1");
    assert!(d.message.contains("not safe in a URL"), "{}", d.message);
}

/// An article cannot put its page inside a file lectern writes itself.
#[test]
fn reserved_slug() {
    let site = Site::new(&[(
        "articles/x.md",
        "+++\nslug = \"sitemap.xml\"\n+++\n# Questions\n\nBody\n",
    )]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/x.md:2:1");
    assert!(d.message.contains("a file lectern writes"), "{}", d.message);
}

/// An alias with `..` could write a redirect outside the output folder.
#[test]
fn alias_with_dot_dot() {
    let d = error_of("+++\ntitle = \"x\"\naliases = [\"/ok/\", \"../../etc/\"]\n+++\nBody\n");
    assert_eq!(d.location(), "articles/x.md:3:21");
    assert!(d.message.contains("alias"), "{}", d.message);
    assert!(d.message.contains(".."), "{}", d.message);
}

/// A typo in a site's template would be reported in the embedded theme, or
/// without its line.
#[test]
fn template_syntax_error_points_at_the_site_template() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "templates/article.html:3:7");
    assert!(d.message.contains("template"), "{}", d.message);
    site.build(&[])
        .assert_fails()
        .assert_stderr_has("templates/article.html:3:7");
}

/// A template using a variable lectern does not provide.
#[test]
fn template_with_unknown_variable() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<p>ok</p>\n<p>{{ nope.thing }}</p>\n{% endblock content %}\n",
        ),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "templates/article.html:4:7");
    assert!(d.message.contains("nope.thing"), "{}", d.message);
}

/// A `base_url` without a scheme would produce broken canonical links.
#[test]
fn bad_base_url_in_site_toml() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\nbase_url = \"example.org\"\n"),
        ("articles/a.md", "# A\n\nBody\n"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "site.toml:2:1");
    assert!(d.message.contains("https://"), "{}", d.message);
    // The same mistake on the command line is named as such.
    let site = Site::new(&[("articles/a.md", "# A\n\nBody\n")]);
    site.build(&["--base-url", "example.org"])
        .assert_fails()
        .assert_stderr_has("--base-url");
}

/// A misspelt key in site.toml gets a suggestion too.
#[test]
fn unknown_key_in_site_toml() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\ndisclamer = \"x\"\n"),
        ("articles/a.md", "# A\n\nBody\n"),
    ]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "site.toml:2:1");
    assert_eq!(d.help.as_deref(), Some("did you mean `disclaimer`?"));
}

/// Editor backups and lock files would be published as articles or fail
/// the build.
#[test]
fn hidden_and_editor_files_are_ignored() {
    let garbage = "+++\nthis is not = = toml\n";
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        ("articles/.#a.md", garbage),
        ("articles/a.md~", garbage),
        ("articles/.a.md.swp", garbage),
        ("articles/#a.md#", garbage),
        ("articles/.hidden/b.md", garbage),
    ]);
    let out = site.build_ok(&[]);
    let files = read_tree(&out);
    assert!(files.contains_key("a/index.html"));
    let published: Vec<&String> = files
        .keys()
        .filter(|f| f.contains("swp") || f.contains('~') || f.contains('#') || f.contains("hidden"))
        .collect();
    assert!(
        published.is_empty(),
        "editor files were published: {published:?}"
    );
    assert_eq!(site.lib_build().unwrap().site.article_count(), 1);
}

/// A symbolic link loop under `articles/` would hang the build forever.
#[test]
fn symlink_loop_is_reported_not_hanging() {
    let site = Site::new(&[("articles/sub/a.md", "# A\n\nBody\n")]);
    std::os::unix::fs::symlink("..", site.path("articles/sub/back")).unwrap();
    let root = site.root().to_str().unwrap();
    let run = lectern_with_timeout(
        site.root(),
        &["check", "--root", root],
        Duration::from_secs(60),
    )
    .expect("lectern hung on a symbolic link loop");
    run.assert_fails()
        .assert_stderr_has("articles/sub/back")
        .assert_stderr_has("loop");
}

/// A file that cannot be read (here a link to nothing; permissions do not
/// stop the root user tests may run as) is named, with the reason, and the
/// other problems of the build are still reported.
#[test]
fn unreadable_files_are_reported_by_name() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++
title = \"A\"\ncatgory = \"x\"\n+++\nBody\n",
    )]);
    std::os::unix::fs::symlink("nowhere.md", site.path("articles/gone.md")).unwrap();
    let errors = site.lib_errors();
    let gone = diagnostic_at(&errors, "articles/gone.md");
    assert!(gone.message.starts_with("cannot read"), "{}", gone.message);
    assert!(gone.message.contains("No such file"), "{}", gone.message);
    diagnostic_at(&errors, "articles/a.md:3:1");
}

/// `--out` pointing at the project, its sources or `/` would delete them.
#[test]
fn dangerous_out_folders_are_refused() {
    let site = Site::new(&[("articles/a.md", "# A\n\nBody\n")]);
    let before = read_tree(site.root());
    for (out, why) in [
        (site.root().to_path_buf(), "holds the project"),
        (site.path("articles"), "articles/"),
        (site.path("articles/out"), "articles/"),
        (site.path("templates"), "templates/"),
        (site.path("static/out"), "static/"),
        (
            site.root().parent().unwrap().to_path_buf(),
            "holds the project",
        ),
        ("/".into(), "root"),
    ] {
        let run = site.build(&["--out", out.to_str().unwrap()]);
        run.assert_fails()
            .assert_stderr_has("refusing")
            .assert_stderr_has(why);
        assert!(
            run.stderr.contains("help:"),
            "no help for --out {out:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        read_tree(site.root()) == before,
        "a refused build changed the project"
    );
}

/// A relative `--out` is taken from the site's root; `.` is the root itself.
#[test]
fn relative_dot_out_is_refused() {
    let site = Site::new(&[("articles/a.md", "# A\n\nBody\n")]);
    site.build(&["--out", "."])
        .assert_fails()
        .assert_stderr_has("holds the project");
    assert!(site.path("articles/a.md").is_file());
}

/// A very long article (10 MB) would crash or be rejected.
#[test]
fn ten_megabyte_article_builds() {
    let paragraph = "Lift with a neutral spine and brace your core before every pull. ".repeat(16);
    let mut text = String::from("# Huge\n\nThe lead paragraph.\n\n");
    let mut section = 0;
    while text.len() < 10 * 1024 * 1024 {
        if text.len() / 200_000 > section {
            section += 1;
            text.push_str(&format!("## Section {section}\n\n"));
        }
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    let site = Site::new(&[("articles/huge.md", &text)]);
    site.build_ok(&[]);
    assert!(
        std::fs::metadata(site.out().join("huge/index.html"))
            .unwrap()
            .len()
            > 10 * 1024 * 1024
    );
}

/// The one error of a site with the default theme and `templates`.
#[track_caller]
fn template_error_of(templates: &[(&str, &str)]) -> lectern::diagnostics::Diagnostic {
    let mut files = vec![("articles/a.md", "# A\n\nBody\n")];
    files.extend_from_slice(templates);
    let errors = Site::new(&files).lib_errors();
    only_error(&errors).clone()
}

/// A template that includes itself overflowed the stack and aborted the
/// process (and the preview with it).
#[test]
fn template_including_itself() {
    let site = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        (
            "templates/x.html",
            "<p>\n  {% include \"x.html\" %}\n</p>\n",
        ),
    ]);
    let run = site.build(&[]);
    run.assert_fails();
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "templates/x.html:2:3");
    assert_eq!(
        d.message,
        "`x.html` includes itself, so rendering it would never end"
    );
    assert!(
        run.stderr.contains("templates/x.html:2:3"),
        "{}",
        run.stderr
    );
}

/// Templates that include each other overflowed the stack.
#[test]
fn templates_including_each_other() {
    let d = template_error_of(&[
        ("templates/a.html", "{% include \"b.html\" %}\n"),
        ("templates/b.html", "<p>b</p>\n{%- include \"a.html\" -%}\n"),
    ]);
    assert_eq!(d.location(), "templates/b.html:2:1");
    assert_eq!(
        d.message,
        "`b.html` includes `a.html`, which includes `b.html`: rendering would never end"
    );
}

/// A site template extending one that includes it overflowed the stack;
/// Tera's own check of extends loops named no line.
#[test]
fn templates_extending_in_a_loop() {
    let d = template_error_of(&[(
        "templates/base.html",
        "{# A layout of its own #}\n{%- extends \"article.html\" %}\n",
    )]);
    assert_eq!(d.location(), "templates/base.html:2:1");
    assert!(
        d.message
            .starts_with("`base.html` extends `article.html`, which extends `base.html`"),
        "{}",
        d.message
    );
}

/// Macro files that import each other overflowed the stack while loading
/// their macros.
#[test]
fn templates_importing_each_other() {
    let d = template_error_of(&[
        (
            "templates/one.html",
            "{% import \"two.html\" as two %}\n{% macro a() %}a{% endmacro %}\n",
        ),
        (
            "templates/two.html",
            "{% import \"one.html\" as one %}\n{% macro b() %}b{% endmacro %}\n",
        ),
    ]);
    assert_eq!(d.location(), "templates/two.html:1:1");
    assert!(
        d.message.contains("`two.html` imports `one.html`"),
        "{}",
        d.message
    );
}

/// A macro that calls itself overflowed the stack.
#[test]
fn macro_calling_itself() {
    let d = template_error_of(&[(
        "templates/macros.html",
        "{% macro tree(items) %}\n<ul>{% for item in items %}<li>{{ self::tree(items=item.children) }}</li>{% endfor %}</ul>\n{% endmacro tree %}\n",
    )]);
    assert_eq!(d.location(), "templates/macros.html:2:35");
    assert_eq!(
        d.message,
        "macro `tree` calls itself, so rendering it would never end"
    );
    assert!(d.help.as_deref().unwrap().contains("each level"));
}

/// Macros of two files that call each other overflowed the stack.
#[test]
fn macros_calling_each_other() {
    let errors = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        (
            "templates/one.html",
            "{% import \"two.html\" as two %}\n{% macro ping() %}{{ two::pong() }}{% endmacro %}\n",
        ),
        (
            "templates/two.html",
            "{% import \"one.html\" as one %}\n{% macro pong() %}{{ one::ping() }}{% endmacro %}\n",
        ),
    ])
    .lib_errors();
    // The files import each other too: each loop is its own error.
    let d = diagnostic_at(&errors, "templates/two.html:2:22");
    assert_eq!(
        d.message,
        "macro `pong` of `two.html` calls macro `ping` of `one.html`, which calls macro `pong` of `two.html`: rendering would never end"
    );
    assert_eq!(errors.error_count(), 2, "{errors}");

    let errors = Site::new(&[
        ("articles/a.md", "# A\n\nBody\n"),
        (
            "templates/one.html",
            "{% macro ping() %}{{ self::pong() }}{% endmacro %}\n{% macro pong() %}\n  {{ self::ping() }}\n{% endmacro %}\n",
        ),
    ])
    .lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "templates/one.html:3:6");
    assert_eq!(
        d.message,
        "macro `pong` calls macro `ping`, which calls macro `pong`: rendering would never end"
    );
}
