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
/// broken link's `\u{1}javascript:` as written.
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
        ["#", "#", "#", "#", "https://example.org/"]
    );
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
        4
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
