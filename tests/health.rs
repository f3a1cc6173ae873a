//! Health-content care and the glossary: review data, sources, structured
//! data, stale-review warnings, and glossary terms linked at first use.

mod common;

use common::{text, Site};

const REVIEWED: &str = "+++
title = \"Reviewed\"
reviewed_by = \"Dr. A. Example\"
last_reviewed = 2020-01-15
sources = [\"A plain reference\", { title = \"A linked reference\", url = \"https://example.org/paper\" }]
+++
Lead paragraph.

## Why care?

Because.
";

#[test]
fn reviewed_pages_show_sources_and_carry_medical_web_page_data() {
    let site = Site::new(&[("articles/a.md", REVIEWED)]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(
        page.texts(".sources li"),
        ["A plain reference", "A linked reference"]
    );
    assert_eq!(
        page.attrs(".sources a", "href"),
        ["https://example.org/paper"]
    );
    let meta = page.texts(".article-header .meta span");
    assert!(
        meta.contains(&"Reviewed by Dr. A. Example".to_string()),
        "{meta:?}"
    );
    assert!(
        meta.contains(&"Reviewed on 15 January 2020".to_string()),
        "{meta:?}"
    );
    let medical = page
        .json_ld()
        .into_iter()
        .find(|v| v["@type"] == "MedicalWebPage")
        .expect("a MedicalWebPage block");
    assert_eq!(medical["lastReviewed"], "2020-01-15");
    assert_eq!(medical["reviewedBy"]["name"], "Dr. A. Example");
    assert_eq!(medical["citation"][1]["url"], "https://example.org/paper");
}

#[test]
fn stale_reviews_are_warned_about_and_fail_strict_checks() {
    let site = Site::new(&[("articles/a.md", REVIEWED)]);
    let run = site.lectern(&["check"]);
    run.assert_ok()
        .assert_stderr_has("warning: last reviewed")
        .assert_stderr_has("articles/a.md:4:1");
    site.lectern(&["check", "--strict"]).assert_fails();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nreview_max_age_months = 1200\n",
    );
    let run = site.lectern(&["check", "--strict"]);
    run.assert_ok();
}

const GLOSSARY: &str = "+++
title = \"Glossary\"
glossary = true
+++
Terms.

## Strain

A stretched or torn muscle.

## Neutral spine

The back's natural curves, neither rounded nor arched.
";

#[test]
fn glossary_terms_are_linked_once_per_article_with_their_definition() {
    let site = Site::new(&[
        ("articles/glossary.md", GLOSSARY),
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n## A strain?\n\nA strain hurts. Another strain later. Keep a neutral spine.\n\n`strain` in code stays plain.\n",
        ),
        ("articles/b.md", "+++\ntitle = \"B\"\n+++\nSee [the strain entry](glossary.md#strain); a strain again.\n"),
    ]);
    site.build_ok(&[]);
    let a = site.page("a/index.html");
    let terms = a.select("a.glossary-term");
    let linked: Vec<String> = terms.iter().map(|t| text(*t)).collect();
    assert_eq!(
        linked,
        ["strain", "neutral spine"],
        "first use only, never in headings or code"
    );
    assert_eq!(
        a.attrs("a.glossary-term", "href"),
        ["../glossary/#strain", "../glossary/#neutral-spine"]
    );
    let tip_id = terms[0].value().attr("aria-describedby").unwrap();
    assert_eq!(
        text(a.one(&format!("#{tip_id}"))),
        "A stretched or torn muscle."
    );

    let b = site.page("b/index.html");
    assert!(
        b.select("a.glossary-term").is_empty(),
        "a term the author linked by hand is not linked again"
    );

    let glossary = site.page("glossary/index.html");
    assert!(glossary.ids().contains("strain") && glossary.ids().contains("neutral-spine"));
    assert!(
        glossary.select("a.glossary-term").is_empty(),
        "the glossary does not link to itself"
    );
}
