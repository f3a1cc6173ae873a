//! Reading level: articles above `max_reading_grade` are warned about with
//! their hardest sentences, and `lectern check --report` tables every article.

mod common;

use common::{diagnostic_at, Site};

const SITE: &str =
    "title = \"Reading\"\nbase_url = \"https://example.org/\"\nmax_reading_grade = 8\n";

/// Plain sentences, then one long and heavy one on line 7.
const DENSE: &str = "+++
title = \"Dense\"
+++
You lift. Your back hurts. Rest a day.

Consider the following comparatively uncomplicated recommendation: \
persistent musculoskeletal discomfort following intensive resistance training \
necessitates professional evaluation, particularly whenever numbness, weakness \
or radiating sensations accompany the characteristic localized tenderness.

Walk a bit.
";

const PLAIN: &str = "+++
title = \"Plain\"
+++
Your back can hurt after you lift. Most of the time it is a mild strain. Rest for a day or two.

## Does it last?

It should fade in a few days. If it gets worse, see a doctor.
";

const GLOSSARY: &str = "+++
title = \"Glossary\"
glossary = true
+++
## Strain

An injury to a muscle or the cord that ties it to bone.

## Sprain

An injury to a ligament.
";

#[test]
fn a_dense_article_warns_at_its_hardest_sentence_and_a_plain_one_does_not() {
    let site = Site::new(&[
        ("site.toml", SITE),
        ("articles/dense.md", DENSE),
        ("articles/plain.md", PLAIN),
    ]);
    let built = site.lib_build().expect("warnings do not fail a build");
    let warning = diagnostic_at(&built.diagnostics, "articles/dense.md:6:1");
    assert!(
        warning.message.starts_with("reads at grade ")
            && warning
                .message
                .contains("(Flesch–Kincaid), above the target of 8 set in site.toml"),
        "{}",
        warning.message
    );
    let help = warning.help.as_deref().unwrap();
    assert!(
        help.contains("line 6 (grade ") && help.contains("“Consider the following comparatively"),
        "{help}"
    );
    let about_plain = built
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("plain.md"))
        .count();
    assert_eq!(about_plain, 0);
    // A warning, so a plain build passes and a strict check does not.
    site.lectern(&["check"]).assert_ok();
    site.lectern(&["check", "--strict"])
        .assert_fails()
        .assert_stderr_has("articles/dense.md:6:1");
}

#[test]
fn an_article_may_set_its_own_target() {
    let raised = DENSE.replace(
        "title = \"Dense\"\n",
        "title = \"Dense\"\nmax_reading_grade = 40\n",
    );
    let site = Site::new(&[("site.toml", SITE), ("articles/dense.md", &raised)]);
    site.lectern(&["check", "--strict"]).assert_ok();
    // Without a site-wide target, an article's own still counts.
    let own = DENSE.replace(
        "title = \"Dense\"\n",
        "title = \"Dense\"\nmax_reading_grade = 6.5\n",
    );
    let site = Site::new(&[("articles/dense.md", &own)]);
    site.lectern(&["check"])
        .assert_ok()
        .assert_stderr_has("above the target of 6.5 set in its front matter");
}

#[test]
fn a_target_that_is_no_grade_is_an_error_at_its_key() {
    let below = DENSE.replace(
        "title = \"Dense\"\n",
        "title = \"Dense\"\nmax_reading_grade = -1\n",
    );
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\nmax_reading_grade = 0\n"),
        ("articles/dense.md", &below),
    ]);
    site.lectern(&["check"])
        .assert_fails()
        .assert_stderr_has("site.toml:2:1")
        .assert_stderr_has("`max_reading_grade = 0` is not a school grade")
        .assert_stderr_has("articles/dense.md:3:1")
        .assert_stderr_has("`max_reading_grade = -1` is not a school grade");
}

/// The report's rows: article file → its cells.
fn rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter(|l| l.starts_with("articles/"))
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn the_report_tables_every_article() {
    let site = Site::new(&[
        ("site.toml", SITE),
        ("articles/dense.md", DENSE),
        ("articles/plain.md", PLAIN),
        ("articles/glossary.md", GLOSSARY),
    ]);
    let run = site.lectern(&["check", "--report"]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains("3 articles in en (grades by Flesch–Kincaid, target grade 8)"),
        "{}",
        run.stdout
    );
    let rows = rows(&run.stdout);
    let row = |file: &str| {
        rows.iter()
            .find(|r| r[0] == file)
            .unwrap_or_else(|| panic!("no row for {file}: {rows:?}"))
            .clone()
    };
    let dense = row("articles/dense.md");
    // words, minutes, grade, longest sentence, glossary terms
    assert_eq!(dense[1], "39");
    assert_eq!(dense[2], "1");
    let (grade, target) = dense[3].split_once(" > ").expect("above its target");
    assert!(
        grade.parse::<f64>().unwrap() > 8.0 && target == "8",
        "{dense:?}"
    );
    assert_eq!(dense[4], "28 words, line 6");
    assert_eq!(dense[5], "0", "{dense:?}");
    let plain = row("articles/plain.md");
    assert!(plain[3].parse::<f64>().unwrap() < 8.0, "{plain:?}");
    assert_eq!(plain[5], "1", "{plain:?}");
}

#[test]
fn other_languages_use_their_own_formula_or_none() {
    let site = Site::new(&[
        ("site.toml", "title = \"Rücken\"\nbase_url = \"https://example.org/\"\nlanguage = \"de\"\nmax_reading_grade = 8\n"),
        (
            "articles/ruecken.md",
            "+++\ntitle = \"Rücken\"\n+++\nDer Rücken tut weh. Ruhe dich aus.\n",
        ),
    ]);
    let run = site.lectern(&["check", "--report"]);
    assert!(
        run.stdout
            .contains("(grades by Flesch–Amstad, target grade 8)"),
        "{}",
        run.stdout
    );
    let site = Site::new(&[
        ("site.toml", "title = \"腰\"\nbase_url = \"https://example.org/\"\nlanguage = \"ja\"\nmax_reading_grade = 8\n"),
        ("articles/koshi.md", "+++\ntitle = \"腰\"\n+++\n腰が痛い。休みます。\n"),
    ]);
    let run = site.lectern(&["check", "--report", "--strict"]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains("no reading-level formula for this language"),
        "{}",
        run.stdout
    );
    assert_eq!(rows(&run.stdout)[0][3], "–");
}
