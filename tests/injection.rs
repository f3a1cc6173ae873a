//! Nothing an author writes becomes script in a published page: text is
//! escaped wherever it lands, ids cannot break out of their attributes,
//! every URL that would run a script becomes `#`, feeds stay valid XML, and
//! hostile or pathological input builds (or fails) in bounded time and
//! memory.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

/// `lectern build` of the site in `root`, with a memory limit, in a thread:
/// `None` when it has not finished within `limit` (it is then stopped).
fn build_within(root: &Path, limit: Duration) -> Option<Run> {
    // 1 GiB of address space is far more than any of these builds needs;
    // the quadratic ones took several.
    let mut child = Command::new("sh")
        .args([
            "-c",
            "ulimit -v 1048576 && exec \"$0\" \"$@\"",
            BIN,
            "build",
            "--root",
        ])
        .arg(root)
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lectern");
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let read = |mut from: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = from.read_to_string(&mut text);
                text
            })
        };
        let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
        let status = child.wait().unwrap();
        let _ = send.send(Run {
            code: status.code(),
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        });
    });
    let run = receive.recv_timeout(limit).ok();
    if run.is_none() {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    run
}

/// Deeply nested images, links and emphasis, many headings and many
/// questions took minutes and gigabytes: every text was added to every
/// open link, and answers were copied for each sub-section.
#[test]
fn pathological_markdown_builds_in_bounded_time_and_memory() {
    let n = 20_000;
    let inputs: Vec<(&str, String)> = vec![
        (
            "nested images with alt text",
            format!("# T\n\n{}x{}\n", "![a ".repeat(n), " b](a.png)".repeat(n)),
        ),
        (
            "nested images",
            format!(
                "# T\n\n{}x{}\n",
                "![".repeat(2 * n),
                "](a.png)".repeat(2 * n)
            ),
        ),
        (
            "links around images",
            format!(
                "# T\n\n{}x{}\n",
                "[![a ".repeat(n / 2),
                "](a.png) b](a.png)".repeat(n / 2)
            ),
        ),
        (
            "nested emphasis",
            format!("# T\n\n{}x{}\n", "*a **b ".repeat(n), "** c*".repeat(n)),
        ),
        (
            "nested brackets",
            format!(
                "# T\n\n{}x{}(a.png)\n",
                "[".repeat(5 * n),
                "]".repeat(5 * n)
            ),
        ),
        ("nested quotes", format!("# T\n\n{}x\n", "> ".repeat(2 * n))),
        (
            "100,000 headings",
            format!(
                "# T\n\n{}",
                (0..100_000)
                    .map(|i| format!("## H{i}\n"))
                    .collect::<String>()
            ),
        ),
        (
            "a question with many sub-sections",
            format!(
                "# T\n\n## Why?\n\n{}",
                "### Part\n\nSome words here.\n\n".repeat(n)
            ),
        ),
        (
            "many questions in front matter",
            format!(
                "+++\ntitle = \"T\"\nfaq = false\n{}+++\nBody.\n",
                "[[questions]]\nquestion = \"Same?\"\nanswer = \"Yes.\"\n".repeat(n / 2)
            ),
        ),
    ];
    let mut slow = Vec::new();
    for (name, text) in &inputs {
        let site = Site::new(&[
            ("site.toml", "title = \"T\"\n"),
            ("articles/a.md", text),
            ("articles/a.png", "PNG"),
            // The innermost `[[x]]` of nested brackets is a wiki link.
            ("articles/x.md", "# X\n\nText.\n"),
        ]);
        match build_within(site.root(), Duration::from_secs(120)) {
            None => slow.push(format!("{name}: not finished within 120 s")),
            Some(run) if !run.success() => slow.push(format!(
                "{name}: exit {:?}\n{}",
                run.code,
                &run.stderr[..run.stderr.len().min(2000)]
            )),
            Some(_) => {}
        }
    }
    assert!(slow.is_empty(), "{}", slow.join("\n"));
}

/// `{#a"autofocus=""onfocus="alert(1)}` would add a handler to the heading
/// (and to every glossary tooltip of the term).
#[test]
fn heading_ids_that_would_break_attributes_are_errors() {
    for (id, problem) in [
        ("a\"autofocus=\"\"onfocus=\"alert(1)", "holds a quote"),
        ("a'b", "holds a quote"),
        ("a&b", "`&`"),
        ("a\u{1}b", "holds a control character"),
    ] {
        let site = Site::new(&[
            (
                "articles/glossary.md",
                &format!("+++\ntitle = \"Glossary\"\nglossary = true\n+++\nTerms.\n\n## Spine {{#{id}}}\n\nThe back bone.\n"),
            ),
            ("articles/a.md", "# A\n\nThe spine.\n"),
        ]);
        let errors = site.lib_errors();
        let error = diagnostic_at(&errors, "articles/glossary.md:7:1");
        assert!(error.message.contains(problem), "{id:?}: {}", error.message);
        assert!(
            error
                .help
                .as_deref()
                .unwrap_or("")
                .contains("{#knee-to-chest}"),
            "{error:?}"
        );
        site.build(&[]).assert_fails();
    }
}

/// `sources`, Markdown links, images and the menu would keep a
/// `javascript:` URL when raw HTML is allowed, and `--warn-links` kept a
/// broken link's `\u{1}javascript:` as written (now it has no `href`).
#[test]
fn script_urls_are_disarmed_in_every_mode() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"T\"\n\n[[menu]]\nname = \"Menu\"\nurl = \" javascript:alert(1)\"\n",
        ),
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\nsources = [{ title = \"x\", url = \"javascript:alert(1)\" }]\n+++\n\
             [click](javascript:alert(1)), [tab](<java\tscript:alert(1)>), [control](<\u{1}javascript:alert(1)>),\n\
             [entity](&#106;avascript:alert(1)), [fine](https://example.org/) ![pic](data:image/svg+xml;base64,PHN2Zz4=).\n",
        ),
    ]);
    site.build_ok(&["--warn-links"]);
    let page = site.page("a/index.html");
    assert_eq!(
        page.attrs(".prose a", "href"),
        ["#", "#", "https://example.org/"]
    );
    assert_eq!(page.texts(".prose a.broken"), ["tab", "control"]);
    assert_eq!(page.attrs(".prose img", "src"), ["#"]);
    assert_eq!(page.attrs(".sources a", "href"), ["#"]);
    assert_eq!(page.href_of("Menu"), "#");
}

const BASE_URL: &str = "https://example.org/docs/";

/// A TOML basic string holding `text`.
fn toml_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A control character or U+FFFF in a title, description or first
/// paragraph made `atom.xml` invalid, so feed readers dropped the feed.
#[test]
fn feeds_and_sitemaps_parse_whatever_the_text_holds() {
    let site = Site::new(&[
        (
            "site.toml",
            &format!(
                "title = {}\ndescription = {}\nauthor = {}\nbase_url = \"{BASE_URL}\"\n",
                toml_str("Site\u{1}\u{ffff}"),
                toml_str("About\u{b} <this>"),
                toml_str("Me\u{1f}")
            ),
        ),
        (
            "articles/a.md",
            &format!(
                "+++\ntitle = {}\nauthor = {}\n+++\nThe lead\u{8} & more\u{fffe}.\n",
                toml_str("A\u{1}B & <C>"),
                toml_str("Au\u{7}thor")
            ),
        ),
        (
            "articles/b.md",
            &format!(
                "+++\ntitle = \"B\"\ndescription = {}\n+++\nText.\n",
                toml_str("D\u{c}E")
            ),
        ),
    ]);
    site.build_ok(&[]);
    let atom = site.read("public/atom.xml");
    let feed = roxmltree::Document::parse(&atom).expect("atom.xml parses");
    let texts = |tag: &str| -> Vec<String> {
        feed.descendants()
            .filter(|n| n.has_tag_name(tag))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(texts("title"), ["Site", "AB & <C>", "B"]);
    assert_eq!(texts("summary"), ["The lead & more.", "DE"]);
    assert_eq!(texts("name"), ["Me", "Author"]);
    let sitemap = site.read("public/sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
    assert_eq!(
        sitemap
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .count(),
        5,
        "the home page, the FAQ, the tags page and the two articles"
    );
}

const GLOSSARY_HEAD: &str = "+++\ntitle = \"Glossary\"\nglossary = true\n+++\nTerms.\n\n";

/// Lowercasing `K` (the Kelvin sign) or `İ` changes byte lengths: the
/// linker skipped such text, or panicked when the lengths happened to add
/// up but the boundaries moved.
#[test]
fn glossary_terms_are_found_in_any_script() {
    let site = Site::new(&[
        (
            "articles/glossary.md",
            &format!("{GLOSSARY_HEAD}## K\n\nA letter.\n\n## Strain\n\nA torn muscle.\n\n## İstanbul\n\nA city.\n"),
        ),
        ("articles/a.md", "# A\n\n\u{212A} İİ text.\n"),
        ("articles/b.md", "# B\n\nAt 300 \u{212A}, a STRAIN hurts in İSTANBUL.\n"),
    ]);
    site.build_ok(&[]);
    let a = site.page("a/index.html");
    assert_eq!(a.texts("a.glossary-term"), ["\u{212A}"]);
    let b = site.page("b/index.html");
    assert_eq!(
        b.texts("a.glossary-term"),
        ["\u{212A}", "STRAIN", "İSTANBUL"]
    );
}

/// Where terms start at the same word, the longest is linked; where the
/// longest does not fit, the longest shorter one that does.
#[test]
fn the_longest_glossary_term_wins() {
    let site = Site::new(&[
        (
            "articles/glossary.md",
            &format!("{GLOSSARY_HEAD}## Neutral\n\nNeither.\n\n## Neutral spine\n\nCurves.\n\n## Back\n\nBehind.\n\n## Back pain\n\nAche.\n"),
        ),
        ("articles/a.md", "# A\n\nKeep a neutral spine; back painful, neutral.\n"),
    ]);
    site.build_ok(&[]);
    let a = site.page("a/index.html");
    assert_eq!(
        a.texts("a.glossary-term"),
        ["neutral spine", "back", "neutral"]
    );
}

/// With 20,000 terms every text was searched once per term (the quotes
/// split each paragraph into several texts): minutes for this article.
#[test]
fn a_glossary_of_20000_terms_builds() {
    let terms: String = (0..20_000)
        .map(|i| format!("## Term{i} x\n\nMeaning {i}.\n\n"))
        .collect();
    let uses: String = (0..20_000)
        .map(|i| format!("Uses term{} x 'a' 'b' 'c'.\n\n", i * 7 % 20_000))
        .collect();
    let site = Site::new(&[
        ("site.toml", "title = \"T\"\n"),
        ("articles/glossary.md", &format!("{GLOSSARY_HEAD}{terms}")),
        ("articles/a.md", &format!("# A\n\n{uses}")),
    ]);
    let run = build_within(site.root(), Duration::from_secs(120))
        .expect("the build finishes within 120 s");
    run.assert_ok();
    let a = site.page("a/index.html");
    let linked = a.select("a.glossary-term");
    assert_eq!(linked.len(), 20_000);
    assert_eq!(text(linked[1]), "term7 x");
    assert_eq!(linked[1].value().attr("href"), Some("../glossary/#term7-x"));
}

/// Breaks out of an attribute and adds an element with a handler.
const ATTR: &str = "\"><img src=x onerror=alert(1)>";
/// Closes a script element (JSON-LD) and opens another.
const SCRIPT: &str = "</script><script>alert(1)</script>";
/// Characters XML forbids, and other controls.
const CONTROLS: &str = "\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{fffe}\u{ffff}";
/// URLs that run a script, as written and after the browser's stripping.
const SCRIPT_URLS: &[&str] = &[
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "\u{1}javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml,<svg onload=alert(1)>",
];

/// Hostile text number `n`: markup, a script URL written as text (the
/// entity is text too) and control characters.
fn hostile(n: usize) -> String {
    format!(
        "T{n} {ATTR} {SCRIPT} &#106;avascript:alert(1) {} {CONTROLS}",
        SCRIPT_URLS[n % SCRIPT_URLS.len()].replace(['\t', '\n'], " ")
    )
}

/// `text` as Markdown text: `<` escaped so no raw HTML starts, the line
/// breaks and form feeds that would end a block turned into spaces.
fn md(text: &str) -> String {
    text.replace('<', "\\<")
        .replace(['\n', '\r', '\u{b}', '\u{c}'], " ")
}

/// `url` as a Markdown link destination in `<...>`.
fn md_dest(url: &str) -> String {
    format!(
        "<{}>",
        url.replace('<', "\\<")
            .replace('>', "\\>")
            .replace('\n', "")
    )
}

/// `text` as a Markdown link title in `"..."`.
fn md_title(text: &str) -> String {
    format!("\"{}\"", md(text).replace('"', "\\\""))
}

/// Whether a URL runs a script once a browser has stripped it: leading and
/// trailing C0 controls and spaces, and tabs and newlines anywhere.
fn runs_script(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    url.starts_with("javascript:")
        || url.starts_with("vbscript:")
        || (url.starts_with("data:")
            && !["data:image/png", "data:image/jpeg", "data:image/gif"]
                .iter()
                .any(|p| url.starts_with(p)))
}

/// Attributes that hold URLs a browser follows or loads (`data-script` is
/// the search script the theme loads).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "xlink:href",
    "data-script",
];

/// Every way a page could run author-written script: event handler
/// attributes, script URLs, scripts holding author text, active elements.
fn script_problems(file: &str, page: &Page, base_url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for element in page.select("*") {
        let name = element.value().name();
        for (attr, value) in element.value().attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                problems.push(format!("{file}: <{name} {attr}={value:?}>"));
            }
            // The theme's empty icon, so browsers do not ask for one.
            let theme_icon = name == "link" && value == "data:,";
            if URL_ATTRS.contains(&attr) && runs_script(value) && !theme_icon {
                problems.push(format!("{file}: <{name} {attr}={value:?}> runs a script"));
            }
        }
        if matches!(
            name,
            "iframe" | "object" | "embed" | "frame" | "frameset" | "applet"
        ) {
            problems.push(format!("{file}: a <{name}> element"));
        }
    }
    for meta in page.select("meta[http-equiv]") {
        let content = meta.value().attr("content").unwrap_or("");
        if let Some((_, url)) = content.split_once("url=") {
            if runs_script(url) {
                problems.push(format!("{file}: refresh to {url:?}"));
            }
        }
    }
    for base in page.attrs("base", "href") {
        if base != base_url {
            problems.push(format!("{file}: <base href={base:?}>"));
        }
    }
    // The 404 page has a second search form of its own.
    let theme_forms = if file == "404.html" { 2 } else { 1 };
    if page.select("form").len() > theme_forms {
        problems.push(format!("{file}: a form besides the search box"));
    }
    for script in page.select("script") {
        let body: String = script.text().collect();
        if script.value().attr("type") == Some("application/ld+json") {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&body) {
                problems.push(format!("{file}: JSON-LD does not parse ({e}): {body}"));
            }
        } else if body.contains("alert")
            || script
                .value()
                .attr("src")
                .is_some_and(|s| s.contains("alert"))
        {
            problems.push(format!("{file}: a script holds author text: {body}"));
        }
    }
    problems
}

/// Parses every page and XML file of a built site; returns every problem.
fn site_problems(out: &Path, base_url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, bytes) in read_tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        if file.ends_with(".html") {
            problems.extend(script_problems(&file, &Page::parse(&text), base_url));
        } else if file.ends_with(".xml") {
            if let Err(e) = roxmltree::Document::parse(&text) {
                problems.push(format!("{file} is not XML: {e}"));
            }
        }
    }
    problems
}

/// A site whose every text field holds hostile text, every URL field a
/// script URL, and whose Markdown holds them in every construct whose
/// content is text (with `allow_html = false`, in raw HTML too).
fn hostile_site(allow_html: bool) -> Site {
    let mut config = format!(
        "title = {}\ndescription = {}\nauthor = {}\ndisclaimer = {}\nbase_url = \"{BASE_URL}\"\nallow_html = {allow_html}\n",
        toml_str(&hostile(1)),
        toml_str(&hostile(2)),
        toml_str(&hostile(3)),
        toml_str(&hostile(4)),
    );
    for (i, url) in SCRIPT_URLS.iter().enumerate() {
        config.push_str(&format!(
            "\n[[menu]]\nname = {}\nurl = {}\n",
            toml_str(&hostile(i)),
            toml_str(url)
        ));
    }
    config.push_str(&format!(
        "\n[[menu]]\nname = {}\nurl = \"faq/\"\n",
        toml_str(&hostile(9))
    ));

    let sources: Vec<String> = SCRIPT_URLS
        .iter()
        .enumerate()
        .map(|(i, url)| {
            format!(
                "{{ title = {}, url = {} }}",
                toml_str(&hostile(i)),
                toml_str(url)
            )
        })
        .chain([toml_str(&hostile(20))])
        .collect();
    let mut front = format!(
        "+++\ntitle = {}\ndescription = {}\ndate = 2026-01-02\ntags = [{}, {}]\ncategory = {}\nauthor = {}\n\
         reviewed_by = {}\nlast_reviewed = 2026-01-01\naliases = [\"/old.page_1-x/\"]\nsources = [{}]\n",
        toml_str(&hostile(10)),
        toml_str(&hostile(11)),
        toml_str(&hostile(12)),
        toml_str(&format!("second {}", hostile(13))),
        toml_str(&hostile(14)),
        toml_str(&hostile(15)),
        toml_str(&hostile(16)),
        sources.join(", "),
    );
    front.push_str(&format!(
        "\n[[questions]]\nquestion = {}\nanswer = {}\n+++\n",
        toml_str(&format!("{}?", hostile(17))),
        toml_str(&hostile(18)),
    ));

    let mut body = format!(
        "{}\n\nThe spine onmouseover=alert(1) is a term used here.\n\n\
         ## Why {}?\n\n{}\n\n\
         ## Odd but valid {{#Ωmega/1:2?x=y%20(z)}}\n\nSee [this](#Ωmega/1:2?x=y%20(z)).\n\n\
         ## Looks like a script {{#javascript:alert(1)}}\n\nSee [that](#javascript:alert(1)).\n\n\
         > [!WARNING]\n> {}\n\n\
         Code `{ATTR} {SCRIPT}` and a note[^n].\n\n```{}\n{ATTR}\n{SCRIPT}\n```\n\n\
         | {} |\n| --- |\n| {} |\n\n\
         Autolink <javascript:alert(1)> and [reference][r].\n\n[r]: <java\tscript:alert(1)> {}\n\n\
         [^n]: {}\n\n",
        md(&hostile(30)),
        md(&hostile(31)),
        md(&hostile(32)),
        md(&hostile(33)),
        "js\"><img src=x onerror=alert(1)>",
        md(&hostile(34)),
        md(&hostile(35)),
        md_title(&hostile(36)),
        md(&hostile(37)),
    );
    for (i, url) in SCRIPT_URLS.iter().enumerate() {
        body.push_str(&format!(
            "Link [{}]({} {}) and image ![{}]({} {}).\n\n![{}]({} {})\n\n",
            md(&hostile(40 + i)),
            md_dest(url),
            md_title(&hostile(50 + i)),
            md(&hostile(60 + i)),
            md_dest(url),
            md_title(&hostile(70 + i)),
            md(&hostile(80 + i)),
            md_dest(url),
            md_title(&hostile(90 + i)),
        ));
    }
    if !allow_html {
        body.push_str(
            "<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n\
             Inline <a href=\"javascript:alert(1)\" onclick=\"alert(1)\">link</a>.\n\n\
             <iframe src=\"javascript:alert(1)\"></iframe>\n\n<div onclick=\"alert(1)\">block</div>\n",
        );
    }
    let glossary = format!(
        "+++\ntitle = {}\nglossary = true\n+++\nTerms.\n\n## Spine onmouseover=alert(1)\n\n{}\n\n\
         ## Core {{#core/1:odd(x)}}\n\n{}\n",
        toml_str(&hostile(100)),
        md(&hostile(101)),
        md(&hostile(102)),
    );
    Site::new(&[
        ("site.toml", &config),
        ("articles/a.md", &format!("{front}{body}")),
        ("articles/glossary.md", &glossary),
        (
            "articles/b.md",
            &format!(
                "+++\ntitle = {}\ncategory = {}\n+++\nThe core and the spine onmouseover=alert(1) again, see [a](a.md).\n",
                toml_str(&hostile(110)),
                toml_str(&hostile(14))
            ),
        ),
    ])
}

/// Builds the hostile site and checks every page and XML file; also
/// checks the hostile text did arrive, so the checks are not vacuous.
fn assert_hostile_site_is_inert(allow_html: bool) {
    let site = hostile_site(allow_html);
    let run = site.build(&["--warn-links"]);
    run.assert_ok();
    let out = site.out();
    let problems = site_problems(&out, BASE_URL);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let page = site.page("a/index.html");
    assert!(
        text(page.one("h1")).contains(ATTR),
        "the title is shown as text"
    );
    assert_eq!(
        page.attrs(".sources a", "href"),
        vec!["#"; SCRIPT_URLS.len()],
        "every script URL of `sources` is disarmed"
    );
    let menu = page.attrs(".site-nav a", "href");
    assert_eq!(menu.len(), SCRIPT_URLS.len() + 1);
    assert!(
        menu[..SCRIPT_URLS.len()].iter().all(|h| h == "#"),
        "every script URL of the menu is disarmed: {menu:?}"
    );
    let prose_hrefs = page.attrs(".prose a", "href");
    // Disarmed: `#`, or no `href` at all for a link broken with `--warn-links`.
    let disarmed =
        prose_hrefs.iter().filter(|h| *h == "#").count() + page.select(".prose a.broken").len();
    assert!(disarmed >= SCRIPT_URLS.len() + 2, "{prose_hrefs:?}");
    assert!(page.ids().contains("Ωmega/1:2?x=y%20(z)"));
    assert!(page.ids().contains("javascript:alert(1)"));
    assert!(prose_hrefs.contains(&"#javascript:alert(1)".to_string()));
    assert_eq!(page.select(".prose img").len(), 2 * SCRIPT_URLS.len());
    assert!(page.attrs(".prose img", "src").iter().all(|src| src == "#"));
    // Markdown text has its quotes curled; the markup stays text.
    let img = "<img src=x onerror=alert(1)>";
    assert!(text(page.one(".callout")).contains(img));
    assert!(page.texts(".prose code").iter().any(|c| c.contains(SCRIPT)));
    let tip = page.one(".glossary-tip");
    assert!(text(tip).contains(img), "the definition is text");
    if !allow_html {
        assert!(text(page.one(".prose")).contains("<iframe src=\"javascript:alert(1)\">"));
    }
    let b = site.page("b/index.html");
    assert_eq!(
        b.select("a.glossary-term").len(),
        2,
        "both terms are linked"
    );
    let json_ld = page.json_ld();
    assert!(json_ld
        .iter()
        .any(|b| b["headline"].as_str().is_some_and(|h| h.contains(SCRIPT))));

    let feed = site.read("public/atom.xml");
    let feed = roxmltree::Document::parse(&feed).expect("the feed parses");
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains(ATTR) && t.contains(SCRIPT)),
        "{titles:?}"
    );
    assert!(html_files(&out).len() > 10);
}

#[test]
fn a_hostile_site_is_inert_with_raw_html_allowed() {
    assert_hostile_site_is_inert(true);
}

#[test]
fn a_hostile_site_is_inert_with_raw_html_disallowed() {
    assert_hostile_site_is_inert(false);
}
