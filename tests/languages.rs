//! Sites that are not in English: URLs in every script, tags and categories
//! that keep their own pages.

mod common;

use common::{assert_no_broken_links, diagnostic_at, percent_decode, Page, Server, Site};

const RUSSIAN_TOML: &str =
    "title = \"Спина\"\nlanguage = \"ru\"\nbase_url = \"https://example.org/docs/\"\n";

fn article(title: &str, tags: &str, category: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ntags = [{tags}]\ncategory = \"{category}\"\n+++\n{body}\n")
}

/// Two Russian articles, a German one whose name is stored decomposed (as
/// some file systems do), tags that differ only by punctuation and a
/// Cyrillic category.
fn russian_site(toml: &str) -> Site {
    Site::new(&[
        ("site.toml", toml),
        (
            "articles/осанка.md",
            &article(
                "Осанка",
                "\"Здоровье\", \"C++\"",
                "Упражнения",
                "Про осанку. См. [спину](спина.md) и [упражнения](U\u{308}bungen.md).",
            ),
        ),
        (
            "articles/спина.md",
            &article(
                "Спина",
                "\"здоровье\", \"C#\", \"c\"",
                "Упражнения",
                "Про спину. Назад к [осанке](%D0%BE%D1%81%D0%B0%D0%BD%D0%BA%D0%B0.md).",
            ),
        ),
        (
            "articles/U\u{308}bungen.md",
            &article("Übungen", "\"c\"", "Übungen", "Dehnen nach dem Heben."),
        ),
    ])
}

fn hrefs(page: &Page, css: &str) -> Vec<String> {
    let mut urls: Vec<String> = page
        .attrs(css, "href")
        .iter()
        .map(|u| percent_decode(u))
        .collect();
    urls.sort();
    urls
}

#[test]
fn urls_keep_the_letters_of_every_script() {
    let site = russian_site(RUSSIAN_TOML);
    let out = site.build_ok(&[]);
    for page in ["осанка", "спина", "übungen"] {
        assert!(out.join(page).join("index.html").is_file(), "no /{page}/");
    }
    // Links between the articles reach them, however they were written.
    let posture = site.page("осанка/index.html");
    assert_eq!(percent_decode(&posture.href_of("спину")), "../спина/");
    assert_eq!(
        percent_decode(&posture.href_of("упражнения")),
        "../übungen/"
    );
    assert_eq!(
        percent_decode(&site.page("спина/index.html").href_of("осанке")),
        "../осанка/"
    );
    assert_no_broken_links(&out);

    // Every article is on the home page, under its category.
    let home = site.page("index.html");
    let listed = hrefs(&home, "main a[href$='/']");
    for page in ["осанка/", "спина/", "übungen/"] {
        assert!(
            listed.contains(&page.to_string()),
            "{page} not on the home page: {listed:?}"
        );
    }
    assert!(out.join("categories/упражнения/index.html").is_file());
    assert!(out.join("categories/übungen/index.html").is_file());
}

#[test]
fn tags_that_differ_by_punctuation_keep_their_own_pages() {
    let site = russian_site(RUSSIAN_TOML);
    site.build_ok(&[]);
    let index = site.page("tags/index.html");
    let mut names = index.texts("main li a");
    names.sort();
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with('C') || n.starts_with('c'))
            .count(),
        3,
        "{names:?}"
    );
    for (slug, name, articles) in [
        ("c-plus-plus", "C++", vec!["Осанка"]),
        ("c-sharp", "C#", vec!["Спина"]),
        ("c", "c", vec!["Übungen", "Спина"]),
        // Case does not make another tag: `Здоровье` and `здоровье` are one.
        ("здоровье", "Здоровье", vec!["Осанка", "Спина"]),
    ] {
        let page = site.page(&format!("tags/{slug}/index.html"));
        assert!(
            page.one("h1").text().collect::<String>().contains(name),
            "tags/{slug}/"
        );
        let mut listed = page.texts("main li a");
        listed.sort();
        assert_eq!(listed, articles, "tags/{slug}/");
    }
}

#[test]
fn sitemap_and_feed_percent_encode_what_is_not_ascii() {
    let site = russian_site(RUSSIAN_TOML);
    let out = site.build_ok(&[]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.iter().all(|l| l.is_ascii()), "{locs:?}");
    let decoded: Vec<String> = locs.iter().map(|l| percent_decode(l)).collect();
    for url in [
        "https://example.org/docs/осанка/",
        "https://example.org/docs/übungen/",
        "https://example.org/docs/tags/здоровье/",
        "https://example.org/docs/categories/упражнения/",
    ] {
        assert!(decoded.iter().any(|d| d == url), "{url} not in {decoded:?}");
    }
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(links.iter().all(|l| l.is_ascii()), "{links:?}");
    assert!(
        links
            .iter()
            .any(|l| percent_decode(l) == "https://example.org/docs/спина/"),
        "{links:?}"
    );
    // The canonical link of a page is its encoded URL too.
    let canonical = site
        .page("осанка/index.html")
        .attrs("link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        ["https://example.org/docs/%D0%BE%D1%81%D0%B0%D0%BD%D0%BA%D0%B0/"]
    );
}

#[test]
fn ascii_slugs_transliterate() {
    let site = russian_site(&format!("{RUSSIAN_TOML}slugify = \"ascii\"\n"));
    let out = site.build_ok(&[]);
    for page in [
        "osanka",
        "spina",
        "ubungen",
        "tags/zdorove",
        "categories/uprazhneniia",
    ] {
        assert!(out.join(page).join("index.html").is_file(), "no /{page}/");
    }
    assert_eq!(
        percent_decode(&site.page("osanka/index.html").href_of("спину")),
        "../spina/"
    );
    assert_no_broken_links(&out);
}

#[test]
fn names_that_still_share_a_url_are_errors_at_both_places() {
    let site = Site::new(&[
        (
            "articles/a.md",
            &article("A", "\"back pain\"", "Guides", "Text."),
        ),
        (
            "articles/b.md",
            &article("B", "\"Back-Pain\", \"🎉\"", "guides!", "Text."),
        ),
    ]);
    let errors = site.lib_errors();
    let tag = diagnostic_at(&errors, "articles/b.md:3:10");
    assert!(tag.message.contains("`Back-Pain`"), "{}", tag.message);
    assert!(
        tag.message.contains("`back pain` of `articles/a.md`"),
        "{}",
        tag.message
    );
    assert!(tag.message.contains("tags/back-pain/"), "{}", tag.message);
    let category = diagnostic_at(&errors, "articles/b.md:4:13");
    assert!(
        category.message.contains("`guides!`"),
        "{}",
        category.message
    );
    assert!(
        category.message.contains("categories/guides/"),
        "{}",
        category.message
    );
    let emoji = diagnostic_at(&errors, "articles/b.md:3:23");
    assert!(
        emoji.message.contains("no letter or number"),
        "{}",
        emoji.message
    );
    assert_eq!(
        errors.iter().filter(|d| d.is_error()).count(),
        3,
        "{errors}"
    );
}

#[test]
fn the_server_answers_unicode_urls() {
    let site = russian_site(RUSSIAN_TOML);
    let server = Server::start(site.root(), &[]);
    let (status, body) = server.get("/%D0%BE%D1%81%D0%B0%D0%BD%D0%BA%D0%B0/");
    assert_eq!(status, 200, "{body}");
    let page = Page::parse(&body);
    assert_eq!(page.one("h1").text().collect::<String>().trim(), "Осанка");
}
