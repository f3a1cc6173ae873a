//! Content written for other tools: YAML front matter as Jekyll, Hugo,
//! Docusaurus, Eleventy and Obsidian write it, their names for lectern's
//! keys, and Docusaurus's `:::` admonitions, built without edits.

mod common;

use common::*;
use lectern::diagnostics::Severity;

/// A Jekyll post, as its author wrote it for Jekyll.
const JEKYLL_POST: &str = "---
layout: post
title: \"Bracing: the breath before the lift\"
date: 2024-03-01 10:00:00 +0000
last_modified_at: 2024-03-08
categories: [Technique, Breathing]
tags: bracing
excerpt: How to take and hold the breath that protects your back.
author:
  name: Sam Carter
permalink: /technique/bracing/
---

Take a deep breath into your belly, then tighten as if about to be pushed.
";

/// Readers of an imported Jekyll site would get a build error, or a page
/// without its title, date, tags and description.
#[test]
fn a_jekyll_article_builds_with_its_settings() {
    let site = Site::new(&[("articles/2024-03-01-bracing.md", JEKYLL_POST)]);
    site.build_ok(&[]);
    let page = site.page("technique/bracing/index.html");
    assert_eq!(text(page.one("h1")), "Bracing: the breath before the lift");
    let updated = page.one(".article-header time");
    assert_eq!(updated.value().attr("datetime"), Some("2024-03-08"));
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["How to take and hold the breath that protects your back."]
    );
    assert_eq!(page.texts(".tags a.tag"), ["bracing", "Breathing"]);
    assert!(text(page.one(".article-header .meta")).contains("By Sam Carter"));
    // The first category is the category, shown in the breadcrumbs.
    assert!(page
        .texts(".breadcrumbs a")
        .contains(&"Technique".to_string()));
    // The publication date, with its time and offset, reaches the feed.
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("<published>2024-03-01T10:00:00Z</published>"),
        "{feed}"
    );
}

/// Docusaurus orders its docs by `sidebar_position`; imported, they would
/// lose their order.
#[test]
fn docusaurus_sidebar_position_orders_by_weight() {
    let doc = |title: &str, position: u32| {
        format!(
            "---\nid: {}\ntitle: {title}\nsidebar_label: {title}\nsidebar_position: {position}\n\
             hide_title: false\n---\n\nAbout {title}.\n",
            title.to_lowercase()
        )
    };
    let site = Site::new(&[
        ("articles/alpha.md", &doc("Alpha", 3)),
        ("articles/beta.md", &doc("Beta", 1)),
        ("articles/gamma.md", &doc("Gamma", 2)),
    ]);
    site.build_ok(&[]);
    let order = site.page("index.html").texts(".card h3");
    assert_eq!(order, ["Beta", "Gamma", "Alpha"]);
    let next = site
        .page("beta/index.html")
        .one("a.next")
        .value()
        .attr("href")
        .map(str::to_string);
    assert_eq!(next.as_deref(), Some("../gamma/"));
}

/// A misspelt YAML key would be silently dropped, or reported without a
/// place to look.
#[test]
fn an_unknown_yaml_key_is_an_error_at_its_line_with_a_suggestion() {
    let text = "---\ntitle: Squats\nsidebar_positon: 2\n---\n\nBody.\n";
    let site = Site::new(&[("articles/squats.md", text)]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/squats.md:3:1");
    assert_eq!(d.message, "unknown key `sidebar_positon`");
    assert_eq!(d.help.as_deref(), Some("did you mean `sidebar_position`?"));
}

/// A site importing hundreds of articles from another tool would not build
/// at all until every odd key was removed by hand.
#[test]
fn unknown_keys_are_warnings_when_the_site_opts_in() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Imported\"\nunknown_front_matter = \"warn\"\n",
        ),
        (
            "articles/squats.md",
            "---\ntitle: Squats\nmy_plugin_setting: 3\n---\n\nBody.\n",
        ),
        (
            "articles/lunges.md",
            "+++\ntitle = \"Lunges\"\nfavourite = true\n+++\n\nBody.\n",
        ),
    ]);
    let built = site
        .lib_build()
        .expect("unknown keys do not fail the build");
    let d = diagnostic_at(&built.diagnostics, "articles/squats.md:3:1");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.message, "unknown key `my_plugin_setting`");
    let d = diagnostic_at(&built.diagnostics, "articles/lunges.md:3:1");
    assert_eq!(d.severity, Severity::Warning);
    site.build_ok(&[]);
    assert_eq!(text(site.page("squats/index.html").one("h1")), "Squats");
}

/// A date another tool accepts but the calendar does not would be
/// published as nonsense, or reported far from the mistake.
#[test]
fn a_bad_yaml_date_is_an_error_at_the_value() {
    let text = "---\ntitle: Squats\ndate: 2024-02-30\n---\n\nBody.\n";
    let site = Site::new(&[("articles/squats.md", text)]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/squats.md:3:7");
    assert!(
        d.message.contains("`2024-02-30` is not a date"),
        "{}",
        d.message
    );
}

/// Two keys meaning one thing: whichever won, the author would not know.
#[test]
fn two_keys_with_one_meaning_are_an_error_naming_both() {
    let text = "---\ntitle: Squats\nupdated: 2024-01-01\nlastmod: 2024-02-01\n---\n\nBody.\n";
    let site = Site::new(&[("articles/squats.md", text)]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/squats.md:4:1");
    assert!(
        d.message.contains("`lastmod`") && d.message.contains("`updated`"),
        "{}",
        d.message
    );
}

/// A Hugo article in TOML uses Hugo's names too.
#[test]
fn hugo_names_are_read_in_toml() {
    let text =
        "+++\ntitle = \"Deadlift\"\nlastmod = 2024-05-02\nsummary = \"Hinge, brace, pull.\"\n\
                draft = false\nurl = \"/lifts/deadlift/\"\ntype = \"docs\"\n+++\n\nBody.\n";
    let site = Site::new(&[("articles/deadlift.md", text)]);
    site.build_ok(&[]);
    let page = site.page("lifts/deadlift/index.html");
    assert_eq!(
        page.one(".article-header time").value().attr("datetime"),
        Some("2024-05-02")
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["Hinge, brace, pull."]
    );
}

/// A Jekyll permalink built from placeholders cannot be filled in: the page
/// keeps its file's URL, and the author is told.
#[test]
fn a_permalink_with_placeholders_is_ignored_with_a_warning() {
    let text = "---\ntitle: Squats\npermalink: /:categories/:title/\n---\n\nBody.\n";
    let site = Site::new(&[("articles/squats.md", text)]);
    let built = site.lib_build().expect("builds");
    let d = diagnostic_at(&built.diagnostics, "articles/squats.md:3:12");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("`permalink` is ignored"),
        "{}",
        d.message
    );
    site.build_ok(&[]);
    assert!(site.out().join("squats/index.html").is_file());
}

const ADMONITIONS: &str = "# Warming up

:::tip[Before you lift]
Walk for five minutes, then:

- swing your legs
- do ten empty-bar squats
:::

:::danger Stop if it hurts
A sharp pain is a signal, not a challenge. Read [the basics](basics.md).
:::

:::note
```text
:::
not a marker
```
:::

:::info
Unclosed until the end.
";

/// Docusaurus admonitions would show as paragraphs of colons.
#[test]
fn admonitions_render_as_callouts_with_their_titles() {
    let site = Site::new(&[
        ("articles/warm-up.md", ADMONITIONS),
        ("articles/basics.md", "# Basics\n\nStart here.\n"),
    ]);
    let built = site.lib_build().expect("builds");
    site.build_ok(&[]);
    let page = site.page("warm-up/index.html");
    let callouts = page.select(".prose .callout");
    let summary: Vec<(String, String)> = callouts
        .iter()
        .map(|c| {
            let class = c.value().attr("class").unwrap().to_string();
            let title = text(
                c.select(&scraper::Selector::parse(".callout-title").unwrap())
                    .next()
                    .unwrap(),
            );
            (class, title)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("callout callout-tip".into(), "Before you lift".into()),
            ("callout callout-caution".into(), "Stop if it hurts".into()),
            ("callout callout-note".into(), "Note".into()),
            ("callout callout-note".into(), "Info".into()),
        ]
    );
    // Markdown inside works: the list, the link (rewritten), the code.
    let items: Vec<String> = callouts[0]
        .select(&scraper::Selector::parse("li").unwrap())
        .map(text)
        .collect();
    assert_eq!(items, ["swing your legs", "do ten empty-bar squats"]);
    assert_eq!(page.href_of("the basics"), "../basics/");
    let code = text(
        callouts[2]
            .select(&scraper::Selector::parse("pre code").unwrap())
            .next()
            .unwrap(),
    );
    assert_eq!(code, "::: not a marker");
    // No marker is left on the page, nor counted as the lead.
    assert!(!text(page.one(".prose")).contains(":::tip"));
    assert!(page.select(".prose blockquote").is_empty());
    let description = page.attrs("meta[name=description]", "content");
    assert_eq!(description, ["Walk for five minutes, then:"]);
    // The unclosed one is a warning at its line.
    let d = diagnostic_at(&built.diagnostics, "articles/warm-up.md:21:1");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("`:::info` is never closed"),
        "{}",
        d.message
    );
}
