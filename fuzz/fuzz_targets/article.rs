//! Any bytes as an article: front matter, Markdown, link resolution and
//! rendering must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lectern::load::{Article, Loaded, SiteConfig, Theme};
use lectern::{build_loaded, BuildOptions, Files, Timings};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(article) = Article::parse("articles/a.md".into(), "a.md".into(), text.to_string()) else { return };
    let other = Article::parse(
        "articles/b/index.md".into(),
        "b/index.md".into(),
        "# Other\n\n## Known?\n\nYes.\n".into(),
    )
    .expect("the fixed article parses");
    let config = SiteConfig::parse("title = \"F\"\nbase_url = \"https://example.org/\"", "site.toml".as_ref())
        .expect("the fixed config parses");
    let theme = Theme::load(std::path::Path::new("/nonexistent")).expect("the embedded theme loads");
    let loaded = Loaded { articles: vec![article.into(), other.into()], ..Loaded::default() };
    let files = std::sync::Mutex::new(Files::new());
    let _ = build_loaded(config, &theme, loaded, &BuildOptions::default(), Default::default(), Timings::default(), None, &files);
});
