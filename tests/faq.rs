//! The FAQ index and structured data: every question of the site, each
//! leading to its answer, and JSON-LD that search engines can read.

mod common;

use std::path::Path;

use serde_json::Value;

use common::*;

/// The questions of `tests/fixtures/site`: headings ending in `?` and a
/// question title with its lead; `notes.md` has `faq = false`.
const FIXTURE_QUESTIONS: &[&str] = &[
    "What is good posture?",
    "Why does posture matter?",
    "Does it change with age?",
    "How do I do the knee-to-chest twist?",
    "Should it hurt?",
    "Is a deadlift safe?",
];

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn expected_questions() -> Vec<String> {
    sorted(FIXTURE_QUESTIONS.iter().map(|q| q.to_string()).collect())
}

fn built_fixture() -> Site {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    site
}

/// The FAQ index would miss questions, list non-questions, or list
/// questions of an article that opted out.
#[test]
fn faq_index_lists_exactly_the_questions() {
    let site = built_fixture();
    let faq = site.page("faq/index.html");
    let listed = faq.texts("details.faq-item > summary");
    assert_eq!(sorted(listed), expected_questions());
    assert!(text(faq.one(".faq .lead")).starts_with("6 questions"));
}

/// A reader opening a question would find no answer, or a "Read the full
/// answer" link leading nowhere.
#[test]
fn each_faq_item_links_to_its_answer() {
    let site = built_fixture();
    let out = site.out();
    let faq = site.page("faq/index.html");
    let items = faq.select("details.faq-item");
    assert_eq!(items.len(), FIXTURE_QUESTIONS.len());
    let link = scraper::Selector::parse(".faq-answer a[href]").unwrap();
    let summary = scraper::Selector::parse("summary").unwrap();
    for item in items {
        let question = text(item.select(&summary).next().unwrap());
        let a = item
            .select(&link)
            .next()
            .unwrap_or_else(|| panic!("no link for {question}"));
        let href = a.value().attr("href").unwrap();
        let (target, fragment) = resolve(&out, "faq/index.html", href).unwrap();
        let page = Page::open(&out, &target);
        match fragment {
            Some(id) => {
                let heading = page.one(&format!("[id=\"{id}\"]"));
                assert_eq!(
                    heading_text(heading),
                    question,
                    "{href} leads to another heading"
                );
            }
            None => assert_eq!(text(page.one("h1")), question, "{href}"),
        }
        assert!(!text(item).trim_start_matches(&question).trim().is_empty());
    }
    // The question title's answer is its lead paragraph.
    let posture = faq
        .select("details.faq-item")
        .into_iter()
        .find(|d| text(d.select(&summary).next().unwrap()) == "What is good posture?")
        .unwrap();
    assert!(text(posture)
        .contains("Good posture means keeping your spine in its natural curve while you move."));
}

/// Search engines would reject the page's structured data.
#[test]
fn every_json_ld_block_parses() {
    let site = built_fixture();
    let mut blocks = 0;
    for file in html_files(&site.out()) {
        blocks += Page::open(&site.out(), &file).json_ld().len();
    }
    assert!(blocks >= 11, "only {blocks} JSON-LD blocks");
}

fn faq_page(blocks: &[Value]) -> &Value {
    blocks
        .iter()
        .find(|b| b["@type"] == "FAQPage")
        .unwrap_or_else(|| panic!("no FAQPage in {blocks:#?}"))
}

fn questions_of(faq: &Value) -> Vec<(String, String)> {
    faq["mainEntity"]
        .as_array()
        .expect("mainEntity is a list")
        .iter()
        .map(|q| {
            assert_eq!(q["@type"], "Question");
            assert_eq!(q["acceptedAnswer"]["@type"], "Answer");
            (
                q["name"].as_str().expect("name").to_string(),
                q["acceptedAnswer"]["text"]
                    .as_str()
                    .expect("answer text")
                    .to_string(),
            )
        })
        .collect()
}

/// Google would not show the site's questions as FAQ results.
#[test]
fn faq_page_json_ld_has_questions_and_answers() {
    let site = built_fixture();
    let blocks = site.page("faq/index.html").json_ld();
    let faq = faq_page(&blocks);
    assert_eq!(faq["@context"], "https://schema.org");
    let questions = questions_of(faq);
    assert_eq!(
        sorted(questions.iter().map(|(q, _)| q.clone()).collect()),
        expected_questions()
    );
    for (q, answer) in &questions {
        assert!(!answer.is_empty(), "no answer text for {q}");
    }
    let (_, twist) = questions
        .iter()
        .find(|(q, _)| q == "How do I do the knee-to-chest twist?")
        .unwrap();
    assert!(twist.starts_with("Lie on your back"), "{twist}");
    let urls: Vec<&str> = faq["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["url"].as_str())
        .collect();
    assert!(
        urls.contains(&"https://example.org/docs/stretching/#knee-to-chest-twist"),
        "{urls:?}"
    );
}

/// An article page would lack its own Article and FAQPage data.
#[test]
fn article_pages_carry_article_breadcrumb_and_faq_data() {
    let site = built_fixture();
    let blocks = site.page("stretching/index.html").json_ld();
    let article = blocks
        .iter()
        .find(|b| b["@type"] == "Article")
        .expect("Article");
    assert_eq!(article["headline"], "Stretching after lifting");
    assert_eq!(article["url"], "https://example.org/docs/stretching/");
    assert!(blocks.iter().any(|b| b["@type"] == "BreadcrumbList"));
    let names: Vec<String> = questions_of(faq_page(&blocks))
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    assert_eq!(
        names,
        vec!["How do I do the knee-to-chest twist?", "Should it hurt?"]
    );
    // An article without questions has no FAQPage.
    let glossary = site.page("glossary/index.html").json_ld();
    assert!(!glossary.iter().any(|b| b["@type"] == "FAQPage"));
}

/// Text such as `</script>` in an article would end the JSON-LD script
/// early: broken structured data, or worse, injected script.
#[test]
fn script_end_tag_in_text_keeps_json_ld_valid() {
    let site = Site::new(&[(
        "articles/script-tag.md",
        "+++\ntitle = \"Is </script> safe in a title?\"\n\
         description = \"Talks about </script><script>alert(1)</script> & <!-- comments\"\n+++\n\n\
         Yes: `</script>` is escaped.\n\n\
         ## What does `</script>` do?\n\n\
         It ends a script: `</script><script>alert(1)</script>` & `<!--` too.\n",
    )]);
    site.build_ok(&[]);
    for file in ["script-tag/index.html", "faq/index.html"] {
        let page = site.page(file);
        let blocks = page.json_ld();
        let questions = questions_of(faq_page(&blocks));
        assert!(
            questions.contains(&(
                "What does </script> do?".to_string(),
                "It ends a script: </script><script>alert(1)</script> & <!-- too.".to_string()
            )),
            "{file}: {questions:#?}"
        );
        assert!(questions
            .iter()
            .any(|(q, _)| q == "Is </script> safe in a title?"));
        // No script element other than lectern's own.
        for script in page.select("script") {
            let body: String = script.text().collect();
            let kind = script.value().attr("type").unwrap_or("");
            assert!(
                kind == "application/ld+json" || !body.contains("alert(1)"),
                "{file}: injected script: {body}"
            );
        }
    }
    let article = site.page("script-tag/index.html");
    let blocks = article.json_ld();
    let data = blocks.iter().find(|b| b["@type"] == "Article").unwrap();
    assert_eq!(data["headline"], "Is </script> safe in a title?");
    assert_eq!(
        data["description"],
        "Talks about </script><script>alert(1)</script> & <!-- comments"
    );
    assert_eq!(text(article.one("h1")), "Is </script> safe in a title?");
}

/// The same question in two articles would confuse search engines; the
/// author is warned, the build still succeeds.
#[test]
fn question_asked_twice_is_a_warning() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nweight = 1\n+++\n\nIntro.\n\n## Why does it hurt?\n\nBecause.\n",
        ),
        (
            "articles/b.md",
            "+++\ntitle = \"B\"\nweight = 2\n+++\n\nIntro.\n\nMore.\n\n## Why does it hurt ?\n\nAlso because.\n",
        ),
    ]);
    let built = site
        .lib_build()
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    let warning = diagnostic_at(&built.diagnostics, "articles/b.md:10:1");
    assert!(!warning.is_error());
    assert!(
        warning.message.contains("also asked in `articles/a.md`"),
        "{}",
        warning.message
    );
    let run = site.build(&[]);
    run.assert_ok().assert_stderr_has("warning:");
    // Both are listed, but only the first carries structured data.
    let faq = site.page("faq/index.html");
    assert_eq!(faq.select("details.faq-item").len(), 2);
    let names: Vec<String> = questions_of(faq_page(&faq.json_ld()))
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    assert_eq!(names, vec!["Why does it hurt?"]);
    // `check --strict` turns the warning into a failure.
    site.lectern(&["check", "--strict"])
        .assert_fails()
        .assert_stderr_has("articles/b.md:10:1");
}

/// A question heading with nothing under it would publish an empty answer.
#[test]
fn question_without_answer_is_an_error_at_its_line() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"A\"\n+++\n\nIntro.\n\n## Is this answered?\n\n## Next part\n\nText.\n",
    )]);
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:7:1");
    assert!(d.message.contains("Is this answered?"), "{}", d.message);
    assert!(d.message.contains("no answer"), "{}", d.message);
    // At the very end of the file too.
    let site = Site::new(&[("articles/a.md", "# A\n\nIntro.\n\n### Anything else?\n")]);
    let errors = site.lib_errors();
    assert_eq!(only_error(&errors).location(), "articles/a.md:5:1");
}

/// `faq = false` keeps an article's questions out of the index and its data.
#[test]
fn faq_false_opts_out() {
    let site = built_fixture();
    let faq = site.page("faq/index.html");
    assert!(!faq
        .texts("summary")
        .iter()
        .any(|q| q.contains("skip the warm-up")));
    let notes = site.page("notes/index.html").json_ld();
    assert!(!notes.iter().any(|b| b["@type"] == "FAQPage"));
}

/// The answer text search engines get is the text a reader sees under the
/// question on the repository's own site (definitions shown on hover,
/// self-links and callout labels are not part of it).
#[test]
fn json_ld_answers_are_the_text_on_the_page() {
    let site = Site::empty();
    let out = site.path("out");
    let run = lectern_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["build", "--out", out.to_str().unwrap()],
    );
    run.assert_ok();
    let mut checked = 0;
    for article in ["back-pain-after-deadlifts", "deadlift-injury", "stretching"] {
        let page = Page::open(&out, &format!("{article}/index.html"));
        let blocks = page.json_ld();
        for (question, answer) in questions_of(faq_page(&blocks)) {
            let normalize = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            let Some(heading) = page
                .select("h2, h3")
                .into_iter()
                .find(|h| heading_text(*h) == question)
            else {
                // A question title: its answer is the lead paragraph.
                assert_eq!(page.texts("h1"), std::slice::from_ref(&question));
                let lead = page.select(".prose > p")[0];
                assert_eq!(normalize(&visible_text(lead)), normalize(&answer));
                checked += 1;
                continue;
            };
            let level = heading.value().name().to_string();
            let mut seen = String::new();
            for sibling in heading
                .next_siblings()
                .filter_map(scraper::ElementRef::wrap)
            {
                let name = sibling.value().name();
                if matches!(name, "h1" | "h2" | "h3" | "h4") && name <= level.as_str() {
                    break;
                }
                if matches!(name, "h3" | "h4") {
                    continue;
                }
                seen.push(' ');
                seen.push_str(&visible_text(sibling));
            }
            let seen = normalize(&seen);
            assert_eq!(seen, normalize(&answer), "{article}: {question}");
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} questions checked");
}

/// Text of an element without what only appears on hover or is decoration.
fn visible_text(element: scraper::ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let hidden = node
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| {
                a.value()
                    .classes()
                    .any(|c| matches!(c, "glossary-tip" | "anchor" | "callout-title"))
            });
        if !hidden {
            out.push_str(text);
        }
    }
    out
}

/// Questions given in front matter are shown on the article, listed in the
/// FAQ index with a link to them, and carried in the structured data.
#[test]
fn front_matter_questions_join_the_faq() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"Recovery\"\n\n[[questions]]\nquestion = \"Can I train the next day?\"\nanswer = \"Only if it feels fine.\"\n+++\nSome text.\n",
    )]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(
        text(page.one("#q-can-i-train-the-next-day")),
        "Can I train the next day?"
    );
    let faq = site.page("faq/index.html");
    assert_eq!(
        faq.texts("details.faq-item summary"),
        ["Can I train the next day?"]
    );
    assert_eq!(
        faq.attrs(".faq-answer a", "href"),
        ["../a/#q-can-i-train-the-next-day"]
    );
    let blocks = page.json_ld();
    assert_eq!(
        questions_of(faq_page(&blocks)),
        [(
            "Can I train the next day?".to_string(),
            "Only if it feels fine.".to_string()
        )]
    );

    site.write(
        "articles/a.md",
        "+++\ntitle = \"Recovery\"\n\n[[questions]]\nquestion = \"Empty?\"\nanswer = \" \"\n+++\nSome text.\n",
    );
    let errors = site.lib_errors();
    let d = only_error(&errors);
    assert_eq!(d.location(), "articles/a.md:5:13");
    assert!(d.message.contains("has no answer"), "{}", d.message);

    // The question's own line, even when the title asks it too.
    site.write(
        "articles/a.md",
        "+++\ntitle = \"Empty? Recovery\"\n\n[[questions]]\nquestion = \"Empty?\"\nanswer = \" \"\n+++\nSome text.\n",
    );
    let errors = site.lib_errors();
    assert_eq!(only_error(&errors).location(), "articles/a.md:5:13");
}

/// The questions in a page's `FAQPage` structured data.
fn faq_page_questions(page: &Page) -> Vec<String> {
    page.json_ld()
        .iter()
        .filter(|d| d["@type"] == "FAQPage")
        .flat_map(|d| d["mainEntity"].as_array().cloned().unwrap_or_default())
        .map(|q| q["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A guide whose headings ask things ("What is a query?") would fill the FAQ
/// index with questions nobody asked.
#[test]
fn a_site_decides_what_counts_as_a_question() {
    let files = |rule: &str| {
        Site::new(&[
            (
                "site.toml",
                &format!("title = \"T\"\nbase_url = \"https://example.org/\"\nquestions = \"{rule}\"\n"),
            ),
            (
                "articles/guide.md",
                "+++\ntitle = \"Guide\"\n[[questions]]\nquestion = \"Is it free?\"\nanswer = \"Yes.\"\n+++\nIntro.\n\n## What is a query?\n\nA request.\n",
            ),
            ("articles/why.md", "# Why does it hurt?\n\nOften strain.\n"),
        ])
    };
    let listed = |site: &Site| {
        site.build_ok(&[]);
        let faq = site.page("faq/index.html");
        (
            sorted(faq.texts("details.faq-item > summary")),
            sorted(faq_page_questions(&faq)),
        )
    };
    let all = sorted(vec![
        "Is it free?".into(),
        "What is a query?".into(),
        "Why does it hurt?".into(),
    ]);
    assert_eq!(listed(&files("headings")), (all.clone(), all));
    let chosen = sorted(vec!["Is it free?".into(), "Why does it hurt?".into()]);
    assert_eq!(listed(&files("front-matter")), (chosen.clone(), chosen));
    assert_eq!(listed(&files("off")), (vec![], vec![]));
}

/// Built on a site of 120 articles with 2 questions each: the FAQ index
/// would be one page that grows with the site.
fn big_faq_site() -> Site {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..120 {
        let folder = if i < 90 { "basics" } else { "care" };
        files.push((
            format!("articles/{folder}/a{i:03}.md"),
            format!("# Article {i:03}\n\nLead.\n\n## Does step {i} hurt?\n\nRarely.\n\n## Is step {i} safe?\n\nUsually.\n"),
        ));
    }
    let site = Site::from_generated(&files);
    site.build_ok(&[]);
    site
}

/// Every FAQ page of `site`, from the overview: (path, listed questions,
/// questions in its FAQPage data).
fn faq_pages(site: &Site) -> Vec<(String, Vec<String>, Vec<String>)> {
    let out = site.out();
    let overview = site.page("faq/index.html");
    let mut pages = vec![("faq/index.html".to_string(), overview)];
    let firsts: Vec<String> = pages[0].1.attrs(".faq-overview a", "href");
    let mut result = Vec::new();
    for href in firsts {
        let (mut path, _) = resolve(&out, "faq/index.html", &href).expect("a group page");
        loop {
            let page = site.page(&path);
            let next = page
                .attrs(".pagination a[rel=next]", "href")
                .first()
                .cloned();
            pages.push((path.clone(), page));
            match next {
                Some(next) => path = resolve(&out, &path, &next).expect("the next page").0,
                None => break,
            }
        }
    }
    for (path, page) in pages {
        let data = faq_page_questions(&page);
        result.push((path, page.texts("details.faq-item > summary"), data));
    }
    result
}

#[test]
fn a_large_faq_splits_by_section_into_pages_that_each_list_their_own_questions() {
    let site = big_faq_site();
    let pages = faq_pages(&site);
    let paths: Vec<&str> = pages.iter().map(|(p, ..)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "faq/index.html",
            "faq/basics/index.html",
            "faq/basics/page/2/index.html",
            "faq/care/index.html"
        ]
    );
    // The overview lists the groups with their counts, and no question.
    let overview = site.page("faq/index.html");
    assert_eq!(overview.texts(".faq-overview h2"), ["Basics", "Care"]);
    assert_eq!(
        overview.texts(".faq-overview p"),
        ["180 questions", "60 questions"]
    );
    assert!(pages[0].1.is_empty() && pages[0].2.is_empty());
    // Every question is on exactly one page, in that page's structured data.
    let mut all: Vec<String> = Vec::new();
    for (path, listed, data) in &pages[1..] {
        assert!(listed.len() <= 100, "{path}: {}", listed.len());
        assert_eq!(sorted(listed.clone()), sorted(data.clone()), "{path}");
        all.extend(listed.iter().cloned());
    }
    assert_eq!(all.len(), 240);
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), 240);
    // Search engines find every page.
    let locs = common::sitemap_locs(&site.out());
    for page in ["faq/basics/", "faq/basics/page/2/", "faq/care/"] {
        assert!(
            locs.contains(&format!("https://example.org/docs/{page}")),
            "{page}"
        );
    }
}
