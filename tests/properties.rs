//! Property tests: whatever an article contains, the pipeline never panics,
//! and what it writes is well-formed.

use lectern::load::{Article, Loaded, SiteConfig, Theme};
use lectern::{build_loaded, BuildOptions, Timings};
use proptest::prelude::*;

/// Builds a one-article site (plus a fixed second article to link to) in
/// memory, with raw HTML disallowed.
fn build(text: &str) -> Option<Result<lectern::Build, lectern::diagnostics::Diagnostics>> {
    let article = Article::parse("articles/a.md".into(), "a.md".into(), text.to_string()).ok()?;
    let other = Article::parse(
        "articles/other.md".into(),
        "other.md".into(),
        "+++\ntitle = \"Other\"\n+++\n## Known section\n\nText.\n".into(),
    )
    .unwrap();
    let config = SiteConfig::parse(
        "title = \"P\"\nbase_url = \"https://example.org/\"\nallow_html = false",
        "site.toml".as_ref(),
    )
    .unwrap();
    let theme = Theme::load(std::path::Path::new("/nonexistent"), &Default::default()).unwrap();
    let loaded = Loaded {
        articles: vec![article.into(), other.into()],
        ..Loaded::default()
    };
    let options = BuildOptions::default();
    let files = std::sync::Mutex::new(lectern::Files::new());
    let built = build_loaded(
        config,
        &std::sync::Arc::new(theme),
        loaded,
        &options,
        Default::default(),
        Timings::default(),
        None,
        &files,
    );
    Some(built.map(|mut built| {
        built.files = files.into_inner().unwrap();
        built
    }))
}

/// Markdown-ish text: headings, links, emphasis, code, HTML, alerts, quotes.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("### Why? {#why}".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("[link](other.md#known-section)".to_string()),
        Just("[bad](missing.md#x)".to_string()),
        Just("[local](#why)".to_string()),
        Just("![alt](x.png \"t\")".to_string()),
        Just("> [!WARNING]\n> ".to_string()),
        Just("`code`".to_string()),
        Just("```\nfence\n".to_string()),
        Just("</script><script>alert(1)</script>".to_string()),
        Just("\"quotes\" & 'apostrophes' <b>".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("[^1]\n\n[^1]: note".to_string()),
        Just("- [ ] task\n".to_string()),
        "[a-zA-Z0-9 ?.,é]{0,20}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// 200 cases per run; `PROPTEST_CASES=5000 cargo test --test properties`
/// asks for more.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_body_builds_or_fails_cleanly(body in markdown(), title in any::<String>()) {
        let text = format!("+++\ntitle = {}\n+++\n{body}", toml_string(&title));
        let Some(result) = build(&text) else { return Ok(()) };
        match result {
            Ok(built) => {
                for (path, bytes) in &built.files {
                    if path.ends_with(".html") {
                        let html = String::from_utf8(bytes.to_vec()).expect("pages are UTF-8");
                        let document = scraper::Html::parse_document(&html);
                        let selector = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
                        for script in document.select(&selector) {
                            let json: String = script.text().collect();
                            serde_json::from_str::<serde_json::Value>(&json).expect("JSON-LD parses");
                        }
                        let scripts = scraper::Selector::parse("script:not([type])").unwrap();
                        prop_assert!(document.select(&scripts).all(|s| !s.text().collect::<String>().contains("alert(1)")),
                            "article text never becomes a script in {path}");
                    }
                }
            }
            Err(diagnostics) => {
                for d in diagnostics.iter() {
                    prop_assert!(!d.message.is_empty());
                    prop_assert!(d.file.to_string_lossy().starts_with("articles/") || d.file.to_string_lossy() == "site.toml");
                }
            }
        }
    }

    #[test]
    fn any_file_text_parses_or_is_diagnosed(text in any::<String>()) {
        match Article::parse("articles/a.md".into(), "a.md".into(), text.clone()) {
            Ok(article) => prop_assert!(!article.title().is_empty()),
            Err(d) => prop_assert!(d.line >= 1 && d.line <= text.lines().count().max(1) + 1),
        }
    }
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
