//! `site.toml`: the site's settings.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::frontmatter::toml_error;

/// The settings of a site, read from `site.toml` at its root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Shown in the header, page titles and feeds.
    pub title: String,
    /// The home page's description, also the default for pages without one.
    #[serde(default)]
    pub description: String,
    /// Where the site is published (`https://example.org/docs/`). Used only
    /// where an absolute URL is required: canonical links, sitemap, feed and
    /// structured data. Pages link to each other relatively, so the site works
    /// wherever it is uploaded.
    #[serde(default)]
    pub base_url: String,
    /// The content's language, as a BCP 47 tag (`en`, `en-GB`, `tr`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The default author of articles.
    #[serde(default)]
    pub author: Option<String>,
    /// Shown in the footer of every page.
    #[serde(default)]
    pub disclaimer: Option<String>,
    /// Header navigation, in order.
    #[serde(default = "default_menu")]
    pub menu: Vec<MenuItem>,
    /// `pretty` links end in `/` (for web servers); `files` links end in
    /// `/index.html` so the site also browses from disk (`file://`).
    #[serde(default)]
    pub links: LinkStyle,
    /// Raw HTML inside Markdown is passed through when true (authors are
    /// trusted) and shown as text when false.
    #[serde(default = "yes")]
    pub allow_html: bool,
    /// `lectern check` warns about articles whose `last_reviewed` is older
    /// than this many months.
    #[serde(default = "twelve")]
    pub review_max_age_months: u32,
}

/// One entry of the header navigation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    /// A site path such as `faq/`, or an absolute URL.
    pub url: String,
}

/// How internal links are written.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    /// `../other/`
    #[default]
    Pretty,
    /// `../other/index.html`
    Files,
}

fn default_language() -> String {
    "en".into()
}

fn yes() -> bool {
    true
}

fn twelve() -> u32 {
    12
}

fn default_menu() -> Vec<MenuItem> {
    [("Home", ""), ("FAQ", "faq/"), ("Tags", "tags/")]
        .into_iter()
        .map(|(name, url)| MenuItem {
            name: name.into(),
            url: url.into(),
        })
        .collect()
}

impl SiteConfig {
    /// Parses `site.toml` text; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut config: SiteConfig =
            toml::from_str(text).map_err(|e| vec![toml_error(&e, text, 0, file, KEYS)])?;
        let mut problems = Vec::new();
        if let Err(message) = config.normalize_base_url() {
            let offset = text.find("base_url").unwrap_or(0);
            problems.push(Diagnostic::error(file, message).at(text, offset));
        }
        if config.language.is_empty()
            || config
                .language
                .contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            let offset = text.find("language").unwrap_or(0);
            problems.push(
                Diagnostic::error(
                    file,
                    format!("`language = {:?}` is not a language tag", config.language),
                )
                .at(text, offset)
                .with_help("use a BCP 47 tag such as `en` or `en-GB`"),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Checks `base_url` is an absolute http(s) URL and gives it a trailing
    /// slash, so paths can be appended to it.
    fn normalize_base_url(&mut self) -> Result<(), String> {
        let url = self.base_url.trim();
        if url.is_empty() {
            return Ok(());
        }
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("`base_url = {url:?}` must start with `https://` or `http://`")
            })?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() || rest.contains(|c: char| c.is_whitespace() || "?#\"<>\\".contains(c)) {
            return Err(format!(
                "`base_url = {url:?}` is not a valid URL (expected `https://host/path/`)"
            ));
        }
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        Ok(())
    }

    /// The absolute URL of a site path, or the path itself when no
    /// `base_url` is set.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// The keys `site.toml` accepts, for suggestions.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "author",
    "disclaimer",
    "menu",
    "links",
    "allow_html",
    "review_max_age_months",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(text, Path::new("site.toml"))
    }

    #[test]
    fn fills_defaults_and_normalizes_base_url() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/docs\"").unwrap();
        assert_eq!(c.base_url, "https://example.org/docs/");
        assert_eq!(c.language, "en");
        assert_eq!(c.menu[1].url, "faq/");
        assert!(c.allow_html);
    }

    #[test]
    fn rejects_a_base_url_without_scheme_at_its_line() {
        let e = parse("title = \"T\"\nbase_url = \"example.org\"").unwrap_err();
        assert_eq!(e[0].location(), "site.toml:2:1");
        assert!(e[0].message.contains("must start with `https://`"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let e = parse("title = \"T\"\ndisclamer = \"x\"").unwrap_err();
        assert_eq!(e[0].location(), "site.toml:2:1");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `disclaimer`?"));
    }
}
