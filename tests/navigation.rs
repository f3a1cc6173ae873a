//! The section navigation of article pages: the current branch of the
//! site's tree (ancestors, their siblings by name, the page's own section),
//! the page marked with `aria-current`, and a size that does not grow with
//! the site.

mod common;

use common::*;
use scraper::ElementRef;

fn article(title: &str, front: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\n\nA few words about {title}.\n")
}

/// The navigation as an outline: one line per item, two spaces of indent
/// per level, the current page marked with `*`.
fn outline(page: &Page) -> Vec<String> {
    fn walk(list: ElementRef<'_>, depth: usize, lines: &mut Vec<String>) {
        for item in list.children().filter_map(ElementRef::wrap) {
            assert_eq!(item.value().name(), "li", "a list holds only items");
            let mut line = None;
            for child in item.children().filter_map(ElementRef::wrap) {
                match child.value().name() {
                    "a" | "span" => {
                        let mark = match child.value().attr("aria-current") {
                            Some("page") => "*",
                            _ => "",
                        };
                        line = Some(format!("{}{mark}{}", "  ".repeat(depth), text(child)));
                    }
                    "ul" => {
                        lines.extend(line.take());
                        walk(child, depth + 1, lines);
                    }
                    other => panic!("unexpected <{other}> in a navigation item"),
                }
            }
            lines.extend(line);
        }
    }
    let mut lines = Vec::new();
    walk(page.one(".section-nav nav > ul"), 0, &mut lines);
    lines
}

/// A small nested site: a section with a subsection with a subsection,
/// two other sections and an article outside sections.
fn garden() -> Site {
    let mut files = vec![(
        "articles/soil/index.md".to_string(),
        article("Soil", "weight = 1\n"),
    )];
    let sections: [(&str, &[&str]); 5] = [
        ("soil", &["Testing pH", "Compost basics", "Drainage"]),
        ("soil/worms", &["Worm bins", "Feeding worms"]),
        ("soil/worms/species", &["Red wigglers", "Nightcrawlers"]),
        ("plants", &["Tomatoes", "Beans"]),
        ("tools", &["Spades", "Pruners"]),
    ];
    for (folder, titles) in sections {
        for (i, title) in titles.iter().enumerate() {
            let slug = title.to_lowercase().replace(' ', "-");
            files.push((
                format!("articles/{folder}/{slug}.md"),
                article(title, &format!("weight = {i}\n")),
            ));
        }
    }
    files.push(("articles/about.md".into(), article("About", "weight = 9\n")));
    Site::from_generated(&files)
}

#[test]
fn a_deep_page_shows_its_branch_with_ancestors_siblings_and_itself_marked() {
    let site = garden();
    let out = site.build_ok(&[]);
    let page = site.page("soil/worms/species/red-wigglers/index.html");
    assert_eq!(
        outline(&page),
        [
            "Soil",
            "  Testing pH",
            "  Compost basics",
            "  Drainage",
            "  Worms",
            "    Worm bins",
            "    Feeding worms",
            "    Species",
            "      *Red wigglers",
            "      Nightcrawlers",
            "About",
            "Plants",
            "Tools",
        ],
        "the branch open, the other sections by name only, in the tree's order"
    );
    assert_eq!(
        page.texts(".section-nav [aria-current=page]"),
        ["Red wigglers"]
    );
    // A landmark of its own, collapsible without script.
    let nav = page.one(".section-nav nav");
    assert_eq!(nav.value().attr("aria-label"), Some("Sections"));
    assert_eq!(text(page.one("details.section-nav > summary")), "Sections");
    // The links lead to the pages they name.
    assert_eq!(page.href_of("Worms"), "../../");
    assert_eq!(page.href_of("Plants"), "../../../../plants/");
    assert_eq!(page.href_of("Nightcrawlers"), "../nightcrawlers/");
    assert_no_broken_links(&out);
}

#[test]
fn another_section_shows_its_own_articles_and_not_the_others() {
    let site = garden();
    site.build_ok(&[]);
    let page = site.page("plants/beans/index.html");
    assert_eq!(
        outline(&page),
        ["Soil", "About", "Plants", "  Tomatoes", "  *Beans", "Tools"]
    );
    // An article outside sections sees the top level only.
    let about = site.page("about/index.html");
    assert_eq!(outline(&about), ["Soil", "*About", "Plants", "Tools"]);
}

#[test]
fn a_section_page_shows_the_navigation_with_itself_marked_and_open() {
    let site = garden();
    site.build_ok(&[]);
    let worms = site.page("soil/worms/index.html");
    assert_eq!(
        outline(&worms),
        [
            "Soil",
            "  Testing pH",
            "  Compost basics",
            "  Drainage",
            "  *Worms",
            "    Worm bins",
            "    Feeding worms",
            "    Species",
            "About",
            "Plants",
            "Tools"
        ]
    );
    assert_eq!(worms.texts(".section-nav > summary"), ["Sections"]);
}

#[test]
fn a_book_shows_its_parts_draft_chapters_and_subchapters() {
    let site = Site::new(&[
        (
            "articles/SUMMARY.md",
            "# Summary\n\n[Preface](preface.md)\n\n# Getting going\n\n- [Set up](setup.md)\n    - [On Linux](linux.md)\n- [Later chapter]()\n\n# Going on\n\n- [Tuning](tuning.md)\n\n---\n\n[Appendix](appendix.md)\n",
        ),
        ("articles/appendix.md", "# Appendix\n\nThe rest.\n"),
        ("articles/preface.md", "# Preface\n\nWhy this book.\n"),
        ("articles/setup.md", "# Set up\n\nGet ready.\n"),
        ("articles/linux.md", "# On Linux\n\nUse a package.\n"),
        ("articles/tuning.md", "# Tuning\n\nGo faster.\n"),
    ]);
    site.build_ok(&[]);
    let setup = site.page("setup/index.html");
    assert_eq!(
        outline(&setup),
        [
            "Preface",
            "Getting going",
            "*Set up",
            "  On Linux",
            "Later chapter",
            "Going on",
            "Tuning",
            "Appendix"
        ],
        "the page's own subchapters open under it"
    );
    assert_eq!(
        setup.texts(".section-nav .nav-part"),
        ["Getting going", "Going on"]
    );
    // A `---` of SUMMARY.md sets the chapter after it apart.
    assert_eq!(setup.texts(".section-nav .nav-separated"), ["Appendix"]);
    assert_eq!(setup.texts(".section-nav > summary"), ["Chapters"]);
    assert_eq!(
        setup.attrs(".section-nav > nav", "aria-label"),
        ["Chapters"]
    );
    let tuning = site.page("tuning/index.html");
    assert_eq!(
        outline(&tuning),
        [
            "Preface",
            "Getting going",
            "Set up",
            "Later chapter",
            "Going on",
            "*Tuning",
            "Appendix"
        ],
        "another chapter's subchapters stay closed"
    );
}

#[test]
fn a_flat_site_of_100_articles_lists_20_around_the_page() {
    let files: Vec<(String, String)> = (0..100)
        .map(|i| {
            (
                format!("articles/note-{i:03}.md"),
                article(&format!("Note {i:03}"), ""),
            )
        })
        .chain([(
            "articles/index.md".to_string(),
            article("Welcome", "weight = 1\n"),
        )])
        .collect();
    let site = Site::from_generated(&files);
    site.build_ok(&[]);

    let page = site.page("note-050/index.html");
    assert!(
        !page
            .texts(".section-nav a")
            .contains(&"Welcome".to_string()),
        "the home page is not an entry"
    );
    let lines = outline(&page);
    assert_eq!(lines.len(), 22, "{lines:?}");
    assert_eq!(lines[0], "40 more before");
    assert_eq!(lines[1], "Note 040");
    assert!(lines.contains(&"*Note 050".to_string()));
    assert_eq!(lines[20], "Note 059");
    assert_eq!(lines[21], "40 more");
    assert_eq!(
        page.one(".section-nav nav").value().attr("aria-label"),
        Some("Articles")
    );
    assert_eq!(page.href_of("40 more"), "../", "the home page lists them");

    let first = outline(&site.page("note-000/index.html"));
    assert_eq!(first.len(), 21);
    assert_eq!(first[0], "*Note 000");
    assert_eq!(first[20], "80 more");
    let last = outline(&site.page("note-099/index.html"));
    assert_eq!(last[0], "80 more before");
    assert_eq!(last[20], "*Note 099");
}

#[test]
fn a_site_with_one_article_has_no_section_navigation() {
    let site = Site::new(&[("articles/only.md", &article("Only", ""))]);
    site.build_ok(&[]);
    assert!(site
        .page("only/index.html")
        .select(".section-nav")
        .is_empty());
}

#[test]
fn article_pages_stay_small_in_a_nested_site_of_2000_articles() {
    // Five sections of eight subsections of 45 articles, and a section of
    // 200 articles at the top.
    let mut files = Vec::new();
    for s in 0..5 {
        for sub in 0..8 {
            for a in 0..45 {
                files.push((
                    format!("articles/part-{s}/chapter-{sub}/page-{a:02}.md"),
                    article(&format!("Page {s}.{sub}.{a:02}"), ""),
                ));
            }
        }
    }
    for a in 0..200 {
        files.push((
            format!("articles/notes/note-{a:03}.md"),
            article(&format!("Note {a:03}"), ""),
        ));
    }
    assert_eq!(files.len(), 2000);
    let site = Site::from_generated(&files);
    let out = site.build_ok(&[]);

    let mut largest = (0, String::new());
    for file in html_files(&out) {
        if file.starts_with("part-") || file.starts_with("notes/") {
            let size = std::fs::metadata(out.join(&file)).unwrap().len();
            largest = largest.max((size, file));
        }
    }
    assert!(largest.0 < 60_000, "{} is {} bytes", largest.1, largest.0);

    let page = site.page("part-2/chapter-3/page-30/index.html");
    let lines = outline(&page);
    assert!(lines.len() <= 4 * 22, "{} items", lines.len());
    assert!(lines.contains(&"    *Page 2.3.30".to_string()), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.contains("Page 2.4.")),
        "other chapters closed"
    );
    assert!(
        !lines.iter().any(|l| l.contains("Note ")),
        "other sections closed"
    );

    // Entries left out link to the section page listing them.
    let note = site.page("notes/note-120/index.html");
    assert_eq!(note.href_of("110 more before"), "../page/3/");
    assert_eq!(note.href_of("70 more"), "../page/3/");
    assert!(out.join("notes/page/3/index.html").is_file());
}
