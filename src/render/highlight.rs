//! Fenced code blocks to highlighted HTML at build time, with no script on
//! the page: every token is a `<span class="hl-…">` whose colour comes from
//! the theme's CSS, so the light and dark palettes follow the site's toggle.
//!
//! The grammars are syntect's, from the set bat curates (two-face). They
//! are loaded once per process, the first time a page has a code block
//! worth highlighting, and shared by every render thread; each grammar
//! compiles its patterns the first time it is used.

use std::str::FromStr;
use std::sync::OnceLock;

use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme,
    ThemeItem, ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

use super::html::escape;

/// Token classes by TextMate scope selector. The most specific selector
/// that matches a token wins, as in an editor theme; [`OPERATOR`] is
/// decided by the token's text.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-com"),
    ("string, constant.character, markup.raw", "hl-str"),
    (
        "constant.character.escape, constant.other.placeholder",
        "hl-esc",
    ),
    (
        "constant.numeric, constant.language, constant.other, support.constant, \
         variable.other.constant",
        "hl-con",
    ),
    ("keyword, storage, variable.language", "hl-kw"),
    ("keyword.operator", OPERATOR),
    (
        "entity.name.function, support.function, variable.function",
        "hl-fn",
    ),
    (
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.name.trait, entity.name.union, entity.name.interface, entity.name.impl, \
         support.type, support.class, entity.other.inherited-class, storage.type.primitive, \
         storage.type.numeric",
        "hl-ty",
    ),
    ("support.macro, entity.name.macro", "hl-mac"),
    (
        "entity.other.attribute-name, meta.attribute, meta.annotation",
        "hl-attr",
    ),
    ("entity.name.tag", "hl-tag"),
    ("entity.name.table, entity.name.section", "hl-ty"),
    (
        "meta.mapping.key string, entity.name.tag.yaml, support.type.property-name, \
         entity.name.key",
        "hl-key",
    ),
    ("storage.modifier.lifetime, entity.name.lifetime", "hl-lt"),
    ("markup.inserted", "hl-ins"),
    ("markup.deleted", "hl-del"),
    (
        "markup.heading, meta.diff.range, meta.diff.header",
        "hl-head",
    ),
];

/// Operators: plain, or keywords when they are words.
const OPERATOR: &str = "operator";

/// The class of a console prompt (`$ `), which readers' copies skip.
const PROMPT: &str = "hl-prompt";

/// Grammar names of the bundled set.
const BASH: &str = "Bourne Again Shell (bash)";
/// A console transcript: prompts, commands (as shell) and their output.
const CONSOLE: &str = "console";

/// The names authors write after the fence → (the `language-` class,
/// the grammar; empty for plain text). Names not listed are looked up in
/// the bundled set by name or file extension.
const LANGUAGES: &[(&[&str], &str, &str)] = &[
    (&["rust", "rs"], "rust", "Rust"),
    (
        &[
            "console",
            "shell-session",
            "shellsession",
            "sh-session",
            "terminal",
        ],
        "console",
        CONSOLE,
    ),
    (&["sh", "shell", "bash"], "bash", BASH),
    (&["zsh"], "zsh", BASH),
    (&["fish"], "fish", "Fish"),
    (
        &["text", "plain", "plaintext", "txt", "none", "nohighlight"],
        "text",
        "",
    ),
    (
        &["js", "javascript", "jsx", "mjs", "cjs", "node"],
        "javascript",
        "JavaScript (Babel)",
    ),
    (
        &["ts", "typescript", "mts", "cts"],
        "typescript",
        "TypeScript",
    ),
    (&["tsx"], "tsx", "TypeScriptReact"),
    (&["py", "python", "python3", "py3"], "python", "Python"),
    (&["yml", "yaml"], "yaml", "YAML"),
    (&["toml"], "toml", "TOML"),
    (&["json"], "json", "JSON"),
    (&["jsonc", "json5"], "jsonc", "JSON"),
    (&["diff", "patch"], "diff", "Diff"),
    (&["html", "htm", "xhtml"], "html", "HTML"),
    (&["xml", "svg", "xsd", "xsl", "plist"], "xml", "XML"),
    (&["c", "h"], "c", "C"),
    (
        &["cpp", "c++", "cxx", "cc", "hpp", "hxx", "h++"],
        "cpp",
        "C++",
    ),
    (&["cs", "c#", "csharp"], "csharp", "C#"),
    (&["go", "golang"], "go", "Go"),
    (&["java"], "java", "Java"),
    (&["kotlin", "kt", "kts"], "kotlin", "Kotlin"),
    (&["swift"], "swift", "Swift"),
    (&["ruby", "rb"], "ruby", "Ruby"),
    (&["php"], "php", "PHP"),
    (
        &[
            "sql",
            "mysql",
            "postgresql",
            "postgres",
            "psql",
            "sqlite",
            "plsql",
        ],
        "sql",
        "SQL",
    ),
    (
        &["dockerfile", "docker", "containerfile"],
        "dockerfile",
        "Dockerfile",
    ),
    (&["makefile", "make", "mk", "mak"], "makefile", "Makefile"),
    (&["ini", "cfg", "editorconfig", "gitconfig"], "ini", "INI"),
    (&["lua"], "lua", "Lua"),
    (&["haskell", "hs"], "haskell", "Haskell"),
    (&["scala", "sbt"], "scala", "Scala"),
    (&["r"], "r", "R"),
    (&["perl", "pl", "pm"], "perl", "Perl"),
    (
        &["powershell", "ps1", "pwsh", "ps", "psm1"],
        "powershell",
        "PowerShell",
    ),
    (&["css"], "css", "CSS"),
    (&["scss"], "scss", "SCSS"),
    (&["sass"], "sass", "Sass"),
    (&["less"], "less", "Less"),
    (&["markdown", "md", "mdown"], "markdown", "Markdown"),
    (
        &["objc", "objective-c", "objectivec"],
        "objc",
        "Objective-C",
    ),
    (&["dart"], "dart", "Dart"),
    (&["elixir", "ex", "exs"], "elixir", "Elixir"),
    (&["erlang", "erl"], "erlang", "Erlang"),
    (&["clojure", "clj", "cljs", "edn"], "clojure", "Clojure"),
    (&["fsharp", "f#", "fs"], "fsharp", "F#"),
    (&["ocaml", "ml"], "ocaml", "OCaml"),
    (&["julia", "jl"], "julia", "Julia"),
    (&["zig"], "zig", "Zig"),
    (&["nix"], "nix", "Nix"),
    (&["graphql", "gql"], "graphql", "GraphQL"),
    (&["protobuf", "proto"], "protobuf", "Protocol Buffer"),
    (&["terraform", "tf", "hcl"], "terraform", "Terraform"),
    (&["nginx"], "nginx", "nginx"),
    (&["vim", "viml", "vimscript"], "vim", "VimL"),
    (&["latex", "tex"], "latex", "LaTeX"),
    (&["groovy", "gradle"], "groovy", "Groovy"),
    (&["batch", "bat", "cmd"], "batch", "Batch File"),
    (&["asm", "nasm", "x86asm"], "asm", "x86_64 Assembly"),
    (&["cmake"], "cmake", "CMake"),
    (&["elm"], "elm", "Elm"),
    (&["matlab"], "matlab", "MATLAB"),
    (&["csv"], "csv", "Comma Separated Values"),
    (&["regex", "regexp"], "regex", "Regular Expression"),
    (&["http"], "http", "HTTP Request and Response"),
    (&["properties"], "properties", "Java Properties"),
    (&["dotenv", "env"], "dotenv", "DotENV"),
    (&["vue"], "vue", "Vue Component"),
    (&["svelte"], "svelte", "Svelte"),
    (&["dot", "graphviz"], "dot", "Graphviz (DOT)"),
    (&["jinja", "jinja2", "j2"], "jinja", "Jinja2"),
];

/// rustdoc's and mdBook's code block attributes: a block whose first word
/// is one of these is Rust.
fn is_rust_attribute(word: &str) -> bool {
    matches!(
        word,
        "ignore"
            | "no_run"
            | "should_panic"
            | "compile_fail"
            | "test_harness"
            | "standalone_crate"
            | "editable"
            | "noplayground"
            | "mdbook-runnable"
    ) || word.starts_with("edition")
        || word.starts_with("ignore-")
}

/// What a fence's info string asks for.
#[derive(Debug, PartialEq, Eq)]
struct Language {
    /// The `language-` class: the canonical name, or the name as written.
    class: String,
    /// The grammar's name in the bundled set ("" for none), or
    /// [`CONSOLE`]; `None` to look `class` up by name and extension.
    grammar: Option<&'static str>,
}

impl Language {
    /// `None` for a fence with no language.
    fn of(info: &str) -> Option<Language> {
        let word = info
            .split(|c: char| c == ',' || c.is_whitespace())
            .find(|w| !w.is_empty())?
            .to_lowercase();
        let word = if is_rust_attribute(&word) {
            "rust".to_string()
        } else {
            word
        };
        let known = LANGUAGES
            .iter()
            .find(|(names, _, _)| names.contains(&word.as_str()));
        Some(match known {
            Some((_, class, grammar)) => Language {
                class: (*class).to_string(),
                grammar: Some(grammar),
            },
            None => Language {
                class: word,
                grammar: None,
            },
        })
    }
}

/// The grammars and the theme that maps scopes to classes, loaded once.
struct Grammars {
    syntaxes: SyntaxSet,
    theme: Theme,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| Grammars {
        syntaxes: two_face::syntax::extra_newlines(),
        theme: class_theme(),
    })
}

/// A theme whose "colour" for each selector of [`CLASSES`] is the
/// selector's index + 1 (0 is plain), so syntect's own selector matching
/// decides each token's class.
fn class_theme() -> Theme {
    let scopes = CLASSES
        .iter()
        .enumerate()
        .map(|(i, (selectors, _))| ThemeItem {
            scope: ScopeSelectors::from_str(selectors).expect("the class selectors parse"),
            style: StyleModifier {
                foreground: Some(Color {
                    r: u8::try_from(i + 1).expect("fewer than 255 classes"),
                    g: 0,
                    b: 0,
                    a: 255,
                }),
                background: None,
                font_style: None,
            },
        })
        .collect();
    Theme {
        settings: ThemeSettings {
            foreground: Some(Color::BLACK),
            ..ThemeSettings::default()
        },
        scopes,
        ..Theme::default()
    }
}

/// A fenced code block as HTML: `<pre><code class="language-x">` with
/// highlighted, escaped code. `info` is the fence's info string (`rust,ignore`);
/// Rust blocks drop their hidden lines (`# `). An unknown language is
/// escaped plain text.
pub(super) fn code_block(info: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 48);
    let Some(language) = Language::of(info) else {
        out.push_str("<pre><code>");
        out.push_str(&escape(code));
        out.push_str("</code></pre>\n");
        return out;
    };
    out.push_str("<pre><code class=\"language-");
    out.push_str(&escape(&language.class));
    out.push_str("\">");
    let hidden;
    let code = if language.class == "rust" {
        hidden = hide_rust_lines(code);
        hidden.as_str()
    } else {
        code
    };
    match language.grammar {
        Some("") => out.push_str(&escape(code)),
        Some(CONSOLE) => console(&mut out, code),
        Some(name) => match grammars().syntaxes.find_syntax_by_name(name) {
            Some(syntax) => highlight(&mut out, syntax, code),
            None => out.push_str(&escape(code)),
        },
        None => match grammars().syntaxes.find_syntax_by_token(&language.class) {
            Some(syntax) => highlight(&mut out, syntax, code),
            None => out.push_str(&escape(code)),
        },
    }
    out.push_str("</code></pre>\n");
    out
}

/// Appends `code` highlighted with `syntax`: one flat run of spans, a new
/// span where the class changes. If the grammar fails on a line, the rest
/// is plain.
fn highlight(out: &mut String, syntax: &SyntaxReference, code: &str) {
    let grammars = grammars();
    let highlighter = Highlighter::new(&grammars.theme);
    let mut parse = ParseState::new(syntax);
    let mut state = HighlightState::new(&highlighter, ScopeStack::new());
    // The bundled Rust grammar predates these keywords and leaves them plain.
    let late_keywords: &[&str] = if syntax.name == "Rust" {
        &["async", "await", "dyn", "impl", "move", "union", "yield"]
    } else {
        &[]
    };
    let mut spans = Spans { out, open: "" };
    let mut done = 0;
    for line in code.split_inclusive('\n') {
        let Ok(ops) = parse.parse_line(line, &grammars.syntaxes) else {
            break;
        };
        for (style, text) in HighlightIterator::new(&mut state, &ops, line, &highlighter) {
            let class = usize::from(style.foreground.r)
                .checked_sub(1)
                .map_or("", |i| CLASSES[i].1);
            match class {
                // Operators that are words (`as`, `in`, `and`) are keywords.
                OPERATOR if !text.is_empty() && text.chars().all(char::is_alphabetic) => {
                    spans.push("hl-kw", text)
                }
                OPERATOR => spans.push("", text),
                "" if !late_keywords.is_empty() => {
                    for (word, text) in words(text) {
                        let keyword = word && late_keywords.contains(&text);
                        spans.push(if keyword { "hl-kw" } else { "" }, text);
                    }
                }
                class => spans.push(class, text),
            }
        }
        done += line.len();
    }
    spans.push("", &code[done..]);
}

/// Escaped text in spans, a new one where the class changes ("" is plain).
struct Spans<'a> {
    out: &'a mut String,
    open: &'static str,
}

impl Spans<'_> {
    fn push(&mut self, class: &'static str, text: &str) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if !self.open.is_empty() {
                self.out.push_str("</span>");
            }
            if !class.is_empty() {
                self.out.push_str("<span class=\"");
                self.out.push_str(class);
                self.out.push_str("\">");
            }
            self.open = class;
        }
        self.out.push_str(&escape(text));
    }
}

impl Drop for Spans<'_> {
    fn drop(&mut self) {
        if !self.open.is_empty() {
            self.out.push_str("</span>");
        }
    }
}

/// `text` cut into identifiers (`true`) and what lies between them.
fn words(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let word = is_word(first);
        let end = rest
            .find(|c: char| is_word(c) != word)
            .unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some((word, piece))
    })
}

/// Appends a console transcript: a line that starts with a prompt (`$ `,
/// `# `, `% `, `> `, or a lone `$`) is a command, highlighted as shell with
/// the prompt in its own span, and so are the lines it continues onto with
/// a trailing `\`; other lines are output, plain.
fn console(out: &mut String, code: &str) {
    let mut lines = code.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let Some(prompt) = prompt_len(line) else {
            out.push_str(&escape(line));
            continue;
        };
        out.push_str("<span class=\"");
        out.push_str(PROMPT);
        out.push_str("\">");
        out.push_str(&escape(&line[..prompt]));
        out.push_str("</span>");
        let mut command = line[prompt..].to_string();
        while command.trim_end_matches(['\n', '\r']).ends_with('\\') {
            match lines.next() {
                Some(next) => command.push_str(next),
                None => break,
            }
        }
        match grammars().syntaxes.find_syntax_by_name(BASH) {
            Some(bash) => highlight(out, bash, &command),
            None => out.push_str(&escape(&command)),
        }
    }
}

/// The length of a console line's prompt, if it has one.
fn prompt_len(line: &str) -> Option<usize> {
    let bare = line.trim_end_matches(['\n', '\r']);
    if bare == "$" {
        return Some(1);
    }
    let first = bare.chars().next()?;
    (matches!(first, '$' | '#' | '%' | '>') && bare[1..].starts_with(' ')).then_some(2)
}

/// Rust code without the lines rustdoc and mdBook hide: after any
/// indentation, `# ` or a lone `#`. `##` stands for a literal `#` (one is
/// dropped); `#!` and `#[` (attributes) and other `#` lines stay as they are.
fn hide_rust_lines(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let trimmed = bare.trim_start();
        if trimmed.starts_with("##") {
            let at = line.len() - line.trim_start().len();
            out.push_str(&line[..at]);
            out.push_str(&line[at + 1..]);
        } else if trimmed == "#" || trimmed.starts_with("# ") {
            continue;
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_name_languages() {
        let of = |info| Language::of(info).map(|l| l.class);
        assert_eq!(of("rust,ignore").as_deref(), Some("rust"));
        assert_eq!(of("rust no_run").as_deref(), Some("rust"));
        assert_eq!(of("should_panic").as_deref(), Some("rust"));
        assert_eq!(of("edition2021").as_deref(), Some("rust"));
        assert_eq!(of("Rust,edition2021").as_deref(), Some("rust"));
        assert_eq!(of("sh").as_deref(), Some("bash"));
        assert_eq!(of("c++").as_deref(), Some("cpp"));
        assert_eq!(of("c#").as_deref(), Some("csharp"));
        assert_eq!(of("yml").as_deref(), Some("yaml"));
        assert_eq!(of("klingon").as_deref(), Some("klingon"));
        assert_eq!(of(""), None);
        assert_eq!(of("  "), None);
    }

    #[test]
    fn every_listed_grammar_is_bundled() {
        let syntaxes = &grammars().syntaxes;
        for (names, _, grammar) in LANGUAGES {
            if !grammar.is_empty() && *grammar != CONSOLE {
                assert!(
                    syntaxes.find_syntax_by_name(grammar).is_some(),
                    "{names:?}: no grammar named {grammar:?}"
                );
            }
        }
        assert!(LANGUAGES.len() >= 30);
    }

    #[test]
    fn hidden_lines_follow_rustdoc() {
        let code = "# fn main() {\n#\n    # let hidden = 1;\nlet shown = 2;\n## not hidden\n#[derive(Debug)]\n#![allow(dead_code)]\n#hash\n# }\n";
        assert_eq!(
            hide_rust_lines(code),
            "let shown = 2;\n# not hidden\n#[derive(Debug)]\n#![allow(dead_code)]\n#hash\n"
        );
        assert_eq!(hide_rust_lines("let a = 1;"), "let a = 1;");
    }

    #[test]
    fn prompts() {
        assert_eq!(prompt_len("$ ls\n"), Some(2));
        assert_eq!(prompt_len("# apt-get install\n"), Some(2));
        assert_eq!(prompt_len("$\n"), Some(1));
        assert_eq!(prompt_len("$HOME\n"), None);
        assert_eq!(prompt_len("output\n"), None);
        assert_eq!(prompt_len("\n"), None);
    }

    #[test]
    fn highlighted_text_is_the_code_escaped() {
        let html = code_block("rust", "let s = \"<b>&</b>\"; // x < y\n");
        assert!(html.starts_with("<pre><code class=\"language-rust\">"));
        assert!(html.contains("<span class=\"hl-kw\">let</span>"), "{html}");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn word_operators_and_late_rust_keywords_are_keywords() {
        let html = code_block(
            "rust",
            "async fn f(x: &dyn Any) -> impl Fn() { x as u8 = 1 }\n",
        );
        for keyword in ["async", "fn", "dyn", "impl", "as"] {
            assert!(
                html.contains(&format!("<span class=\"hl-kw\">{keyword}</span>")),
                "{keyword}: {html}"
            );
        }
        assert!(!html.contains(">=<") && !html.contains(">-&gt;<"), "{html}");
        assert!(!html.contains("hl-kw\">asyncx"), "{html}");
        let html = code_block("py", "if a in b and not c:\n");
        for keyword in ["if", "in", "and", "not"] {
            assert!(
                html.contains(&format!("<span class=\"hl-kw\">{keyword}</span>")),
                "{html}"
            );
        }
    }

    #[test]
    fn words_split_identifiers_from_the_rest() {
        let pieces: Vec<(bool, &str)> = words("x.await; r_2").collect();
        assert_eq!(
            pieces,
            [
                (true, "x"),
                (false, "."),
                (true, "await"),
                (false, "; "),
                (true, "r_2")
            ]
        );
    }

    #[test]
    fn plain_blocks_are_escaped() {
        assert_eq!(
            code_block("", "<i>\n"),
            "<pre><code>&lt;i&gt;\n</code></pre>\n"
        );
        assert_eq!(
            code_block("text", "a & b\n"),
            "<pre><code class=\"language-text\">a &amp; b\n</code></pre>\n"
        );
        assert_eq!(
            code_block("x\"y", "z\n"),
            "<pre><code class=\"language-x&quot;y\">z\n</code></pre>\n"
        );
    }
}
