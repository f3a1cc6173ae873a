//! Code blocks: highlighted at build time into classed spans, with the
//! language's canonical `language-` class, text kept exactly as written
//! (escaped), and Rust's hidden `# ` lines left out.

mod common;

use common::*;
use scraper::ElementRef;

/// Builds one article whose body is `body` and returns its page.
fn page_of(body: &str) -> Page {
    let site = Site::new(&[(
        "articles/a.md",
        &format!("+++\ntitle = \"Code\"\n+++\n{body}"),
    )]);
    site.build_ok(&[]);
    site.page("a/index.html")
}

/// The exact text of an element, white space included.
fn raw_text(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// The texts of the spans of class `class` inside `code`.
fn spans(code: ElementRef<'_>, class: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(&format!("span.{class}")).unwrap();
    code.select(&selector).map(raw_text).collect()
}

#[test]
fn a_rust_ignore_block_is_highlighted_and_classed_as_rust() {
    let page = page_of(
        "```rust,ignore\n\
         // Adds one.\n\
         fn bump(count: &mut u32) { *count += 1; println!(\"now {count}\"); }\n\
         ```\n",
    );
    let code = page.one("pre > code");
    assert_eq!(code.value().attr("class"), Some("language-rust"));
    assert_eq!(spans(code, "hl-com"), ["// Adds one.\n"]);
    assert!(spans(code, "hl-kw").contains(&"fn".to_string()));
    assert_eq!(spans(code, "hl-fn"), ["bump"]);
    assert!(spans(code, "hl-mac").contains(&"println!".to_string()));
    assert!(spans(code, "hl-str").iter().any(|s| s.contains("now ")));
}

#[test]
fn console_and_shell_blocks_are_highlighted() {
    let page = page_of(
        "```console\n\
         $ grep -rn \"TODO\" src/ | wc -l\n\
         12\n\
         $ echo \\\n  \"two\"\n\
         notes.txt\n\
         ```\n\n\
         ```sh\n\
         # Make the folder first\n\
         mkdir -p \"$HOME/notes\" && echo done\n\
         ```\n",
    );
    let codes = page.select("pre > code");
    assert_eq!(codes.len(), 2);
    let console = codes[0];
    assert_eq!(console.value().attr("class"), Some("language-console"));
    assert_eq!(spans(console, "hl-prompt"), ["$ ", "$ "]);
    assert!(spans(console, "hl-str").contains(&"\"TODO\"".to_string()));
    // Output lines are plain; a command continued with `\` is still a command.
    let coloured: String = console
        .select(&scraper::Selector::parse("span").unwrap())
        .map(raw_text)
        .collect();
    assert!(!coloured.contains("12") && !coloured.contains("notes.txt"));
    assert!(spans(console, "hl-str").contains(&"\"two\"".to_string()));

    let sh = codes[1];
    assert_eq!(sh.value().attr("class"), Some("language-bash"));
    assert_eq!(spans(sh, "hl-com"), ["# Make the folder first\n"]);
    assert!(spans(sh, "hl-str").concat().contains("/notes"));
}

#[test]
fn an_unknown_language_is_plain_escaped_text() {
    let source = "qaStaH <nuq> & 'ej\n";
    let page = page_of(&format!("```klingon\n{source}```\n\n```\n{source}```\n"));
    let codes = page.select("pre > code");
    assert_eq!(codes[0].value().attr("class"), Some("language-klingon"));
    assert_eq!(codes[1].value().attr("class"), None);
    for code in codes {
        assert_eq!(raw_text(code), source);
        assert!(spans(code, "hl-kw").is_empty() && code.children().count() == 1);
    }
}

#[test]
fn markup_in_code_stays_text() {
    let page = page_of(
        "```html\n<script>alert(\"a & b\")</script>\n```\n\n\
         ```js\nconst tag = \"<script>\" && \"</script>\";\n```\n\n\
         ```text\n<script>x</script>\n```\n",
    );
    assert!(page.select("pre script").is_empty());
    let texts: Vec<String> = page
        .select("pre > code")
        .into_iter()
        .map(raw_text)
        .collect();
    assert_eq!(
        texts,
        [
            "<script>alert(\"a & b\")</script>\n",
            "const tag = \"<script>\" && \"</script>\";\n",
            "<script>x</script>\n"
        ]
    );
}

#[test]
fn hidden_rust_lines_are_left_out() {
    let page = page_of(
        "```rust\n\
         # use std::collections::HashMap;\n\
         #![allow(unused)]\n\
         # fn main() {\n\
         #[derive(Debug)]\n\
         struct Shelf;\n\
         ## a literal hash\n\
         #\n\
         \x20   # let hidden = 1;\n\
         let map: HashMap<u8, Shelf> = HashMap::new();\n\
         # }\n\
         ```\n\n\
         ```python\n# a Python comment stays\nx = 1\n```\n",
    );
    let codes = page.select("pre > code");
    assert_eq!(
        raw_text(codes[0]),
        "#![allow(unused)]\n#[derive(Debug)]\nstruct Shelf;\n# a literal hash\nlet map: HashMap<u8, Shelf> = HashMap::new();\n"
    );
    assert_eq!(raw_text(codes[1]), "# a Python comment stays\nx = 1\n");
}

/// A reader copying a block gets exactly what the author wrote, in every
/// language, and each of them is coloured.
#[test]
fn highlighted_text_equals_the_source() {
    let samples: &[(&str, &str, &str)] = &[
        ("rust", "rust", "fn main() {\n    let s = r#\"raw \"q\"\"#;\n    let r: &'static str = s;\n}\n"),
        ("py", "python", "def area(r: float) -> float:\n    \"\"\"Circle.\"\"\"\n    return 3.14 * r ** 2  # approx\n"),
        ("toml", "toml", "[package]\nname = \"shelf\"\nversion = \"0.1.0\" # first\n"),
        ("json", "json", "{\"name\": \"shelf\", \"count\": 3, \"ok\": true}\n"),
        ("yml", "yaml", "steps:\n  - run: cargo test # all\n    env: { N: 2 }\n"),
        ("sql", "sql", "SELECT id, name FROM shelves WHERE count > 2 -- busy\n"),
        ("ts", "typescript", "interface Shelf { id: number }\nconst s: Shelf = { id: 1 };\n"),
        ("js", "javascript", "const n = [1, 2].map((x) => x * 2); // doubled\n"),
        ("css", "css", "pre > code { color: #333; margin: 0 !important; }\n"),
        ("go", "go", "package main\n\nfunc main() { println(\"hi\") }\n"),
        ("c++", "cpp", "#include <vector>\nint main() { std::vector<int> v; return 0; }\n"),
        ("diff", "diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"),
        ("dockerfile", "dockerfile", "FROM debian:stable\nRUN apt-get update\n"),
        ("makefile", "makefile", "all: build\n\nbuild:\n\tcargo build\n"),
        ("rb", "ruby", "def greet(name) = \"hi #{name}\"\n"),
        ("cs", "csharp", "public class Shelf { public int Id { get; set; } }\n"),
        ("kotlin", "kotlin", "fun main() { val n = 3; println(\"n=$n\") }\n"),
        ("java", "java", "class A { public static void main(String[] a) {} }\n"),
        ("powershell", "powershell", "Get-ChildItem -Path $HOME | Where-Object { $_.Length -gt 0 }\n"),
    ];
    let body: String = samples
        .iter()
        .map(|(lang, _, code)| format!("```{lang}\n{code}```\n\n"))
        .collect();
    let page = page_of(&body);
    let codes = page.select("pre > code");
    assert_eq!(codes.len(), samples.len());
    for ((lang, class, source), code) in samples.iter().zip(codes) {
        assert_eq!(
            code.value().attr("class"),
            Some(format!("language-{class}").as_str()),
            "{lang}"
        );
        assert_eq!(raw_text(code), *source, "{lang}");
        let coloured = code
            .select(&scraper::Selector::parse("span[class^=\"hl-\"]").unwrap())
            .count();
        assert!(coloured > 0, "{lang} is highlighted");
    }
}

#[test]
fn terms_after_a_code_block_are_still_linked_and_terms_in_it_are_not() {
    let site = Site::new(&[
        (
            "articles/glossary.md",
            "+++\ntitle = \"Glossary\"\nglossary = true\n+++\nTerms.\n\n## Shelf\n\nA flat board for books.\n",
        ),
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n```text\nshelf\n```\n\nA shelf holds books.\n",
        ),
    ]);
    site.build_ok(&[]);
    let page = site.page("a/index.html");
    assert_eq!(page.texts("a.glossary-term"), ["shelf"]);
    assert!(page.select("pre a").is_empty());
}
