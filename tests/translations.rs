//! A site in English and French: translations beside their originals,
//! each language with its own pages, and every page leading to its
//! translations.

mod common;

use common::{
    assert_no_broken_links, diagnostic_at, percent_decode, search_meta, text, Page, Site,
};
use lectern::diagnostics::Severity;

const SITE_TOML: &str = r#"title = "Back Care"
description = "Plain answers about the lower back."
base_url = "https://example.org/docs/"
language = "en"

[languages.fr]
title = "Soins du dos"
description = "Des réponses simples sur le bas du dos."
"#;

fn bilingual() -> Site {
    Site::new(&[
        ("site.toml", SITE_TOML),
        ("articles/index.md", "# Back Care\n\nStart with [stretching](stretching.md).\n"),
        (
            "articles/index.fr.md",
            "# Soins du dos\n\nCommencez par [les étirements](stretching.md).\n",
        ),
        (
            "articles/stretching.md",
            "+++\ntags = [\"recovery\"]\ndate = 2026-11-20\n+++\n# Stretching\n\n## How soon can I stretch after lifting?\n\nGently, once the session is over. A [strain](basics/strain.md#what-does-a-strain-feel-like) needs rest first.\n",
        ),
        (
            "articles/stretching.fr.md",
            "+++\nslug = \"etirements\"\ntags = [\"récupération\"]\ndate = 2026-11-20\n+++\n# Étirements\n\n## Quand puis-je m’étirer après l’entraînement ?\n\nDoucement, une fois la séance finie. Une [élongation](basics/strain.md#what-does-a-strain-feel-like) demande d’abord du repos. Voir aussi [cette page](stretching.fr.md#quand-puis-je-métirer-après-lentraînement-).\n",
        ),
        (
            "articles/basics/strain.md",
            "# Strain\n\n## What does a strain feel like?\n\nA dull ache that grows with movement.\n",
        ),
    ])
}

fn alternates(page: &Page) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = (page.select("link[rel=alternate][hreflang]").iter())
        .map(|l| {
            let attr = |name| l.value().attr(name).unwrap_or_default().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn each_language_has_its_own_home_faq_tags_feed_and_search() {
    let site = bilingual();
    let out = site.build_ok(&[]);

    let home = site.page("fr/index.html");
    assert_eq!(home.one("html").value().attr("lang"), Some("fr"));
    assert_eq!(text(home.one(".site-title")), "Soins du dos");
    assert_eq!(home.texts(".site-nav a"), ["Accueil", "FAQ", "Étiquettes"]);

    // Each FAQ gathers the questions of its own language.
    let faq = site.page("fr/faq/index.html");
    let questions = faq.texts(".faq-item summary");
    assert!(
        questions.iter().any(|q| q.starts_with("Quand puis-je")),
        "{questions:?}"
    );
    assert!(
        !questions.iter().any(|q| q.contains("strain")),
        "{questions:?}"
    );
    let english = site.page("faq/index.html").texts(".faq-item summary");
    assert!(
        english.iter().any(|q| q.contains("What does a strain")),
        "{english:?}"
    );
    assert!(
        !english.iter().any(|q| q.starts_with("Quand")),
        "{english:?}"
    );

    // Tags are the language's own.
    assert!(out.join("fr/tags/récupération/index.html").is_file());
    assert!(!out.join("fr/tags/recovery").exists());
    assert!(!out.join("tags/récupération").exists());

    // The French feed lists the French pages, in French.
    let atom = std::fs::read_to_string(out.join("fr/atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&atom).unwrap();
    let root = feed.root_element();
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("fr")
    );
    let links: Vec<&str> = (root.descendants())
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|n| n.has_tag_name("link")))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(
        links,
        [
            "https://example.org/docs/fr/etirements/",
            "https://example.org/docs/fr/"
        ]
    );

    // Search: the French pages, stemmed as French, with the French words.
    let meta = search_meta(&out, "fr/");
    assert_eq!(meta["words"]["search_results"], "Résultats de recherche");
    let docs = std::fs::read_to_string(out.join("fr/search/docs/0.js")).unwrap();
    assert!(
        docs.contains("Étirements") && !docs.contains("Stretching"),
        "{docs}"
    );

    // What is the site's, once: the theme's files, the 404 page, robots.txt.
    for shared in ["static", "404.html", "robots.txt", "basics/strain"] {
        assert!(!out.join("fr").join(shared).exists(), "fr/{shared}");
    }
    assert_no_broken_links(&out);
}

#[test]
fn pages_lead_to_their_translations() {
    let site = bilingual();
    let out = site.build_ok(&[]);
    let pair = vec![
        (
            "en".to_string(),
            "https://example.org/docs/stretching/".to_string(),
        ),
        (
            "fr".to_string(),
            "https://example.org/docs/fr/etirements/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://example.org/docs/stretching/".to_string(),
        ),
    ];
    for file in ["stretching/index.html", "fr/etirements/index.html"] {
        assert_eq!(alternates(&site.page(file)), pair, "{file}");
    }
    assert_eq!(
        alternates(&site.page("fr/faq/index.html")),
        [
            (
                "en".to_string(),
                "https://example.org/docs/faq/".to_string()
            ),
            (
                "fr".to_string(),
                "https://example.org/docs/fr/faq/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://example.org/docs/faq/".to_string()
            ),
        ]
    );

    // The switcher: each language by its own name, this one current.
    let page = site.page("fr/etirements/index.html");
    let switcher = page.select("nav.languages a");
    let names: Vec<String> = switcher.iter().map(|a| text(*a)).collect();
    assert_eq!(names, ["English", "Français"]);
    assert_eq!(
        page.one("nav.languages").value().attr("aria-label"),
        Some("Langues")
    );
    assert_eq!(switcher[0].value().attr("href"), Some("../../stretching/"));
    assert_eq!(switcher[0].value().attr("lang"), Some("en"));
    assert_eq!(switcher[1].value().attr("aria-current"), Some("page"));

    // A page without a translation has no alternates, and its switcher
    // leads to the other language's home page.
    let strain = site.page("basics/strain/index.html");
    assert!(alternates(&strain).is_empty());
    let french = strain.one("nav.languages a[lang=fr]");
    assert_eq!(french.value().attr("href"), Some("../../fr/"));
    assert_eq!(french.value().attr("class"), Some("untranslated"));

    // The one 404 page leads to each language's home page.
    let missing = site.page("404.html");
    assert_eq!(missing.attrs("nav.languages a", "href"), ["./", "fr/"]);
    assert!(alternates(&missing).is_empty());

    // The sitemap of each language lists the alternates of its pages, as
    // their heads do.
    let xml = std::fs::read_to_string(out.join("fr/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entry = (doc.descendants())
        .find(|n| {
            n.has_tag_name("url")
                && n.children()
                    .any(|c| c.text() == Some("https://example.org/docs/fr/etirements/"))
        })
        .expect("the French page is in the French sitemap");
    let listed: Vec<(&str, &str)> = (entry.children())
        .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap(),
                n.attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("en", "https://example.org/docs/stretching/"),
            ("fr", "https://example.org/docs/fr/etirements/"),
            ("x-default", "https://example.org/docs/stretching/")
        ]
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap: "))
        .collect();
    assert_eq!(
        sitemaps,
        [
            "https://example.org/docs/sitemap.xml",
            "https://example.org/docs/fr/sitemap.xml"
        ]
    );
}

#[test]
fn links_stay_in_the_language_or_say_where_they_lead() {
    let site = bilingual();
    site.build_ok(&[]);
    // `stretching.md` from the French home is the French page.
    assert_eq!(
        site.page("fr/index.html").href_of("les étirements"),
        "etirements/"
    );
    let page = site.page("fr/etirements/index.html");
    // An article without a translation: the original, marked as English.
    let link = page.link("élongation");
    assert_eq!(
        percent_decode(link.value().attr("href").unwrap()),
        "../../basics/strain/#what-does-a-strain-feel-like"
    );
    assert_eq!(link.value().attr("hreflang"), Some("en"));
    let note = page.one(".lang-note");
    assert_eq!(note.value().attr("lang"), Some("en"));
    assert_eq!(text(note), "(English)");
    // A link to the translation's own file, as an editor previews it.
    assert_eq!(
        percent_decode(&page.href_of("cette page")),
        "#quand-puis-je-métirer-après-lentraînement-"
    );
}

#[test]
fn translations_are_checked_like_articles() {
    let site = bilingual();
    // A heading of the original that is not there.
    site.write(
        "articles/stretching.fr.md",
        "# Étirements\n\nVoir [l’élongation](basics/strain.md#ache).\n",
    );
    // A translation of nothing, and a language the site does not declare.
    site.write("articles/rest.fr.md", "# Repos\n");
    site.write("articles/stretching.es.md", "# Estiramientos\n");
    let errors = site.lib_errors();
    let broken = diagnostic_at(&errors, "articles/stretching.fr.md:3:6");
    assert!(broken.message.contains("#ache"), "{}", broken.message);
    let orphan = diagnostic_at(&errors, "articles/rest.fr.md");
    assert!(
        orphan.message.contains("articles/rest.md"),
        "{}",
        orphan.message
    );
    let spanish = diagnostic_at(&errors, "articles/stretching.es.md");
    assert_eq!(spanish.severity, Severity::Error);
    assert!(
        spanish.help.as_deref().unwrap().contains("[languages.es]"),
        "{spanish:?}"
    );
    site.build(&[]).assert_fails();
}

#[test]
fn a_site_in_one_language_warns_of_what_reads_as_a_translation() {
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\n"),
        ("articles/stretching.md", "# Stretching\n"),
        ("articles/stretching.fr.md", "# Étirements\n"),
    ]);
    let built = site.lib_build().unwrap();
    let warning = diagnostic_at(&built.diagnostics, "articles/stretching.fr.md");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning
            .message
            .contains("published as an article of its own"),
        "{}",
        warning.message
    );
    assert!(site
        .build_ok(&[])
        .join("stretching-fr/index.html")
        .is_file());
}

#[test]
fn the_site_language_is_not_one_of_the_others() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"T\"\nlanguage = \"en\"\n\n[languages.en]\ntitle = \"X\"\n",
        ),
        ("articles/a.md", "# A\n"),
    ]);
    let errors = site.lib_errors();
    let problem = diagnostic_at(&errors, "site.toml:4:1");
    assert!(
        problem.message.contains("the site's own `language`"),
        "{}",
        problem.message
    );
}

#[test]
fn an_original_may_carry_the_site_language_as_hugo_writes_it() {
    let site = Site::new(&[
        ("site.toml", SITE_TOML),
        (
            "articles/strain.en.md",
            "# Strain\n\nSee [rest](rest.md).\n",
        ),
        ("articles/rest.md", "# Rest\n"),
        ("articles/strain.fr.md", "# Élongation\n"),
    ]);
    let out = site.build_ok(&[]);
    assert!(out.join("strain/index.html").is_file());
    assert!(!out.join("strain-en").exists());
    let french = site.page("fr/strain/index.html");
    assert_eq!(
        french.attrs("link[rel=alternate][hreflang=en]", "href"),
        ["https://example.org/docs/strain/"]
    );
    assert_no_broken_links(&out);
    // Both names for one article are one URL twice.
    site.write("articles/strain.md", "# Strain again\n");
    let errors = site.lib_errors();
    let twice = diagnostic_at(&errors, "articles/strain.md:1:1");
    assert!(twice.message.contains("strain.en.md"), "{}", twice.message);
}

#[test]
fn a_hugo_site_in_two_languages_builds_as_written() {
    let site = Site::new(&[
        ("site.toml", SITE_TOML),
        ("articles/_index.en.md", "# Guide\n"),
        ("articles/_index.fr.md", "# Guide en français\n"),
        (
            "articles/basics/_index.en.md",
            "# Basics\n\n![Diagram](/en/basics/images/spine.svg)\n",
        ),
        (
            "articles/basics/_index.fr.md",
            "# Les bases\n\n![Schéma](/en/basics/images/spine.svg) and [the guide](/fr/).\n",
        ),
        (
            "articles/basics/images/spine.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let out = site.build_ok(&[]);
    // `_index.md` stands for its folder, as `index.md` does.
    assert_eq!(text(site.page("index.html").one("main h1")), "Guide");
    assert_eq!(
        text(site.page("fr/basics/index.html").one("main h1")),
        "Les bases"
    );
    assert!(!out.join("_index").exists() && !out.join("basics/_index").exists());
    // Links from the root with a language's prefix are read without it;
    // the image is the site's, once.
    let french = site.page("fr/basics/index.html");
    assert_eq!(
        french.attrs("main img", "src"),
        ["../../basics/images/spine.svg"]
    );
    assert_eq!(french.href_of("the guide"), "../");
    assert!(!out.join("fr/basics/images").exists());
    assert_no_broken_links(&out);
}
