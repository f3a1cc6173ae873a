//! Sites that are not in English: URLs in every script, tags and categories
//! that keep their own pages.

mod common;

use common::{
    assert_no_broken_links, diagnostic_at, percent_decode, search_meta, Page, Server, Site,
};

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
    let locs = common::sitemap_locs(&out);
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
        tag.message.contains("`back pain` of `articles/a.md:3:10`"),
        "{}",
        tag.message
    );
    assert!(tag.message.contains("tags/back-pain/"), "{}", tag.message);
    let category = diagnostic_at(&errors, "articles/b.md:4:13");
    assert!(
        category.message.contains("`guides!`")
            && category
                .message
                .contains("`Guides` of `articles/a.md:4:13`"),
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

/// A site that uses every part of the theme: a section with an
/// introduction, a listing split into pages, tags, a category, questions,
/// callouts, sources and a review, backlinks, related articles, dates.
fn whole_theme_site(language: &str, more_toml: &str) -> Site {
    let toml = format!(
        "title = \"Rücken\"\nlanguage = \"{language}\"\nbase_url = \"https://example.org/\"\npage_size = 2\ndisclaimer = \"Kein ärztlicher Rat.\"\n{more_toml}"
    );
    let article = |title: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2026-11-20\nupdated = 2026-11-24\ntags = [\"Dehnen\", \"Heben\"]\ncategory = \"Übungen\"\nreviewed_by = \"Dr. Beispiel\"\nlast_reviewed = 2026-10-01\nsources = [\"Eine Quelle\"]\n[[questions]]\nquestion = \"Wie oft?\"\nanswer = \"Täglich.\"\n+++\n{body}\n"
        )
    };
    Site::new(&[
        ("site.toml", &toml),
        ("articles/kraft/index.md", "+++\ntitle = \"Kraft\"\n+++\nAlles über Kraft.\n"),
        (
            "articles/kraft/heben.md",
            &article(
                "Heben",
                "Beim Heben zählt die Haltung.\n\n> [!NOTE]\n> Langsam anfangen.\n\n:::danger\nNicht ruckartig.\n:::\n\n## Warum schmerzt der Rücken?\n\nMeist ist es eine Zerrung.\n\n## Was hilft?\n\nRuhe. Siehe [Dehnen](dehnen.md).\n",
            ),
        ),
        (
            "articles/kraft/dehnen.md",
            &article("Dehnen", "Sanft dehnen, siehe [Heben](heben.md).\n\n## Wann dehnen?\n\nDanach.\n"),
        ),
        ("articles/kraft/halten.md", &article("Halten", "Ruhig halten.\n")),
        ("articles/gehen.md", &article("Gehen", "Gehen ist gut.\n")),
    ])
}

/// A table of the theme's words, as lectern ships it.
fn table(language: &str) -> toml::Table {
    let path = format!(
        "{}/src/load/i18n/{language}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

/// What a reader meets on a page: its text (but scripts and styles), the
/// labels and placeholders, and the search box's words.
fn shown(page: &Page) -> String {
    let mut out = String::new();
    for node in page.html.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let parent = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name()));
            if !matches!(parent, Some("script" | "style")) {
                out.push_str(text);
                out.push('\n');
            }
        }
        if let Some(element) = node.value().as_element() {
            for attr in [
                "aria-label",
                "placeholder",
                "title",
                "data-words",
                "content",
            ] {
                if let Some(value) = element.attr(attr) {
                    out.push_str(value);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn a_german_site_shows_no_english_theme_words() {
    let site = whole_theme_site("de", "");
    let out = site.build_ok(&[]);
    let (english, german) = (table("en"), table("de"));
    // The English texts that German says otherwise, up to their first
    // placeholder, and each form of the phrases with a number.
    let mut forbidden = Vec::new();
    for (key, value) in &english {
        let texts: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Table(forms) => forms.values().filter_map(|f| f.as_str()).collect(),
            _ => continue,
        };
        for text in texts {
            let literal = text.split('{').next().unwrap().trim();
            let same = german[key].to_string().contains(literal);
            if literal.chars().count() >= 4 && !same {
                forbidden.push((key.clone(), literal.to_string()));
            }
        }
    }
    assert!(forbidden.len() > 60, "{}", forbidden.len());
    let mut pages = 0;
    for file in common::html_files(&out) {
        let text = shown(&Page::open(&out, &file));
        for (key, literal) in &forbidden {
            assert!(
                !text.contains(literal.as_str()),
                "{file} shows `{literal}` ({key}):\n{text}"
            );
        }
        pages += 1;
    }
    assert!(pages > 10, "{pages}");
    // And what the search box says, which comes with the index.
    let words = search_meta(&out, "")["words"].to_string();
    assert!(
        words.contains(german["search_results"].as_str().unwrap()),
        "{words}"
    );
    for (key, literal) in &forbidden {
        assert!(
            !words.contains(literal.as_str()),
            "the search box says `{literal}` ({key})"
        );
    }

    let page = site.page("kraft/heben/index.html");
    assert_eq!(page.attrs("html", "lang"), ["de"]);
    assert_eq!(page.attrs("html", "dir"), ["ltr"]);
    let meta = page.texts(".article-header .meta time");
    assert_eq!(meta, ["24. November 2026", "1. Oktober 2026"]);
    let callouts = page.texts(".callout-title");
    assert_eq!(
        callouts,
        [
            german["note"].as_str().unwrap(),
            german["danger"].as_str().unwrap()
        ]
    );
    assert_eq!(
        page.texts(".toc summary").first().map(String::as_str),
        german["on_this_page"].as_str()
    );
}

#[test]
fn numbers_take_the_plural_forms_of_the_language() {
    let site = whole_theme_site("ru", "");
    site.build_ok(&[]);
    let russian = table("ru");
    let phrase = |key: &str, category: &str, n: usize| {
        russian[key][category]
            .as_str()
            .unwrap()
            .replace("{n}", &n.to_string())
    };
    // Heben has three questions (two headings, one in front matter),
    // Dehnen two, Halten and Gehen one each: seven in all.
    let faq = site.page("faq/index.html");
    assert_eq!(
        common::text(faq.one(".lead")),
        phrase("faq_lead", "many", 7)
    );
    let metas = site.page("index.html").texts(".card .meta");
    for (n, category) in [(1, "one"), (2, "few"), (3, "few")] {
        let wanted = phrase("questions", category, n);
        assert!(
            metas.iter().any(|m| m.ends_with(&wanted)),
            "{wanted:?} not in {metas:?}"
        );
    }
    // The forms differ, so the test tells them apart.
    assert_ne!(phrase("questions", "one", 1), phrase("questions", "few", 1));
    assert_ne!(
        phrase("questions", "few", 1),
        phrase("questions", "many", 1)
    );
}

#[test]
fn right_to_left_languages_mirror_the_page() {
    let site = whole_theme_site("ar", "");
    site.build_ok(&[]);
    for file in [
        "index.html",
        "kraft/heben/index.html",
        "faq/index.html",
        "404.html",
    ] {
        let page = site.page(file);
        assert_eq!(page.attrs("html", "dir"), ["rtl"], "{file}");
        assert_eq!(page.attrs("html", "lang"), ["ar"], "{file}");
    }
}

#[test]
fn a_site_changes_the_words_and_is_told_what_is_wrong() {
    let site = whole_theme_site(
        "de",
        "[strings]\nprevious = \"Zurück\"\nnext_pag = \"Weiter\"\n",
    );
    site.write(
        "i18n/de.toml",
        "on_this_page = \"Inhalt\"\nquestions = { one = \"eine Frage\", other = \"{n} Fragen\" }\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    run.assert_stderr_has("site.toml:8:12");
    run.assert_stderr_has("did you mean `next_page`?");
    let page = site.page("kraft/heben/index.html");
    assert_eq!(
        page.texts(".toc summary").first().map(String::as_str),
        Some("Inhalt")
    );
    assert_eq!(page.texts(".prev-next .prev .label"), ["Zurück"]);
    let metas = site.page("index.html").texts(".card .meta");
    assert!(metas.iter().any(|m| m.ends_with("eine Frage")), "{metas:?}");
    assert!(metas.iter().any(|m| m.ends_with("3 Fragen")), "{metas:?}");

    // A table without `other` and a value of the wrong kind are errors.
    site.write(
        "i18n/de.toml",
        "questions = { one = \"eine Frage\" }\nprevious = [\"a\"]\n",
    );
    let errors = site.lib_errors();
    assert!(diagnostic_at(&errors, "i18n/de.toml:1:13")
        .message
        .contains("`other`"));
    assert!(diagnostic_at(&errors, "i18n/de.toml:2:12")
        .message
        .contains("must be a text"));
}

#[test]
fn a_language_without_a_table_is_english_with_a_warning() {
    let site = whole_theme_site("cs", "");
    let run = site.build(&[]);
    run.assert_ok();
    run.assert_stderr_has("the theme has no words in `cs`");
    run.assert_stderr_has("i18n/cs.toml");
    let page = site.page("kraft/heben/index.html");
    assert_eq!(
        page.texts(".toc summary").first().map(String::as_str),
        Some("On this page")
    );
    // A whole table of the site's own leaves nothing to warn about.
    let mut czech = String::new();
    for (key, value) in table("en") {
        czech.push_str(&format!("{key} = {value}\n"));
    }
    site.write(
        "i18n/cs.toml",
        czech.replace("\"On this page\"", "\"Na této stránce\""),
    );
    let run = site.build(&[]);
    run.assert_ok();
    assert!(!run.stderr.contains("no words in"), "{}", run.stderr);
    let page = site.page("kraft/heben/index.html");
    assert_eq!(
        page.texts(".toc summary").first().map(String::as_str),
        Some("Na této stránce")
    );
}

#[test]
fn a_japanese_site_has_japanese_urls_dates_and_reading_times() {
    // About 1,800 letters (and punctuation, which is not read as words):
    // five minutes at two letters a word and 200 words a minute.
    let sentence = "デッドリフトの後に腰が痛むのは、多くの場合、筋肉や腱の軽い損傷です。";
    let body = sentence.repeat(2000 / sentence.chars().count());
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"腰痛\"\nlanguage = \"ja\"\nbase_url = \"https://example.org/\"\n",
        ),
        (
            "articles/日本語.md",
            &format!(
                "+++\ntitle = \"腰痛とは\"\ndate = 2026-11-20\ntags = [\"腰痛\"]\n+++\n{body}\n"
            ),
        ),
    ]);
    let out = site.build_ok(&[]);
    assert!(out.join("日本語/index.html").is_file());
    assert!(out.join("tags/腰痛/index.html").is_file());
    let page = site.page("日本語/index.html");
    assert_eq!(page.attrs("html", "lang"), ["ja"]);
    assert_eq!(page.texts(".article-header .meta time"), ["2026年11月20日"]);
    let minutes = table("ja")["reading_time"]["other"]
        .as_str()
        .unwrap()
        .replace("{n}", "5");
    let meta = page.texts(".article-header .meta span");
    assert_eq!(meta.first(), Some(&minutes), "{meta:?}");
}

#[test]
fn questions_in_arabic_and_japanese_are_in_the_faq() {
    let site = Site::new(&[
        (
            "articles/ar.md",
            "+++\ntitle = \"الظهر\"\n+++\nنص.\n\n## لماذا أشعر بالألم؟\n\nبسبب شد عضلي.\n",
        ),
        (
            "articles/ja.md",
            "+++\ntitle = \"腰痛\"\n+++\n本文。\n\n## 腰痛とは？\n\n筋肉の軽い損傷です。\n",
        ),
    ]);
    site.build_ok(&[]);
    let faq = site.page("faq/index.html");
    let mut questions = faq.texts(".faq-item summary");
    questions.sort();
    assert_eq!(questions, ["لماذا أشعر بالألم؟", "腰痛とは？"]);
    let answers: Vec<serde_json::Value> = faq
        .json_ld()
        .into_iter()
        .filter(|v| v["@type"] == "FAQPage")
        .collect();
    assert_eq!(answers[0]["mainEntity"].as_array().map(Vec::len), Some(2));
}

#[cfg(unix)]
#[test]
fn words_from_outside_the_project_are_refused() {
    let site = whole_theme_site("de", "");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "on_this_page = \"Geheim\"\n").unwrap();
    std::fs::create_dir_all(site.path("i18n")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("i18n/de.toml")).unwrap();
    let errors = site.lib_errors();
    let refused = common::only_error(&errors);
    assert_eq!(
        refused.file,
        std::path::Path::new("i18n/de.toml"),
        "{errors}"
    );
}
