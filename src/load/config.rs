//! `site.toml`: the site's settings.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::frontmatter::parse_toml;
use crate::diagnostics::Diagnostic;

/// Reads `site.toml`; a site without one gets defaults, titled after its folder.
pub(crate) fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = Path::new("site.toml");
    if let Some(problem) = super::walk::refuse_file(root, &root.join(file)) {
        return Err(vec![problem]);
    }
    match std::fs::read_to_string(root.join(file)) {
        Ok(text) => SiteConfig::parse(&text, file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let name = std::fs::canonicalize(root)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
            let title = name.unwrap_or_else(|| "Site".into());
            Ok(SiteConfig::untitled(title))
        }
        Err(e) => Err(vec![Diagnostic::error(file, format!("cannot read: {e}"))]),
    }
}

/// The settings of a site, read from `site.toml` at its root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Shown in the header, page titles and feeds.
    pub(crate) title: String,
    /// The home page's description, also the default for pages without one.
    #[serde(default)]
    pub(crate) description: String,
    /// Where the site is published (`https://example.org/docs/`). Used only
    /// where an absolute URL is required: canonical links, sitemap, feed and
    /// structured data. Pages link to each other relatively, so the site works
    /// wherever it is uploaded.
    #[serde(default)]
    pub(crate) base_url: String,
    /// The content's language, as a BCP 47 tag (`en`, `en-GB`, `tr`).
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// The default author of articles.
    #[serde(default)]
    pub(crate) author: Option<String>,
    /// Shown in the footer of every page.
    #[serde(default)]
    pub(crate) disclaimer: Option<String>,
    /// Header navigation, in order.
    #[serde(default = "default_menu")]
    pub(crate) menu: Vec<MenuItem>,
    /// `pretty` links end in `/` (for web servers); `files` links end in
    /// `/index.html` so the site also browses from disk (`file://`).
    #[serde(default)]
    pub(crate) links: LinkStyle,
    /// Raw HTML inside Markdown is passed through when true (authors are
    /// trusted) and shown as text when false.
    #[serde(default = "yes")]
    pub(crate) allow_html: bool,
    /// `lectern check` warns about articles whose `last_reviewed` is older
    /// than this many months.
    #[serde(default = "twelve")]
    pub(crate) review_max_age_months: u32,
    /// Relative links starting with one of these (from the site's root,
    /// such as `../std/`) lead to sites published beside this one: they
    /// are not checked, and are written so they still reach them.
    #[serde(default)]
    pub(crate) external_prefixes: Vec<Spanned<String>>,
}

/// One entry of the header navigation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuItem {
    pub(crate) name: String,
    /// A site path such as `faq/`, or an absolute URL.
    pub(crate) url: String,
}

/// How internal links are written.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    /// `../other/`
    #[default]
    Pretty,
    /// `../other/index.html`
    Files,
}

impl std::str::FromStr for LinkStyle {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "pretty" => Ok(LinkStyle::Pretty),
            "files" => Ok(LinkStyle::Files),
            other => Err(format!(
                "`{other}` is not a link style (`pretty` or `files`)"
            )),
        }
    }
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
        let (mut config, keys): (SiteConfig, _) =
            parse_toml(text, 0, text, file, KEYS).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let at_key = |key: &str, message: String| {
            Diagnostic::error(file, message).at(text, keys.get(key).unwrap_or(0))
        };
        let url = std::mem::take(&mut config.base_url);
        if let Err(message) = config.set_base_url(&url) {
            problems.push(at_key("base_url", message));
        }
        if config.language.is_empty()
            || config
                .language
                .contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            problems.push(
                at_key(
                    "language",
                    format!("`language = {:?}` is not a language tag", config.language),
                )
                .with_help("use a BCP 47 tag such as `en` or `en-GB`"),
            );
        }
        for prefix in &config.external_prefixes {
            if let Some(problem) = prefix_problem(prefix.get_ref()) {
                let at = keys.value(text, prefix);
                problems.push(
                    Diagnostic::error(file, format!("`external_prefixes`: `{}` {problem}", prefix.get_ref()))
                        .at(text, at)
                        .with_help("write the start of the links as written from the site's root, such as `../std/` for a book published beside this site"),
                );
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The settings of a site without `site.toml`.
    fn untitled(title: String) -> SiteConfig {
        let text = format!("title = {}", toml::Value::String(title));
        toml::from_str(&text).expect("defaults for every key but the title")
    }

    /// Sets `base_url` after checking it is an absolute http(s) URL, with a
    /// trailing slash added so paths can be appended to it.
    pub(crate) fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let url = url.trim();
        if url.is_empty() {
            self.base_url.clear();
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
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Why an entry of `external_prefixes` cannot be one, if it cannot.
fn prefix_problem(prefix: &str) -> Option<&'static str> {
    let scheme = prefix
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if prefix.trim_matches(['.', '/']).is_empty() && !prefix.contains("..") {
        Some("names no folder")
    } else if prefix.starts_with('/') || scheme {
        Some("is not a relative path (external URLs are never checked anyway)")
    } else if prefix.contains(['?', '#']) || prefix.contains(char::is_whitespace) {
        Some("holds `?`, `#` or white space")
    } else {
        None
    }
}

/// The keys `site.toml` accepts, for suggestions.
const KEYS: &[&str] = &[
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
    "external_prefixes",
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
    fn external_prefixes_must_be_relative_paths() {
        let c = parse("title = \"T\"\nexternal_prefixes = [\"../std/\", \"api\"]").unwrap();
        let prefixes: Vec<&str> = c
            .external_prefixes
            .iter()
            .map(|p| p.get_ref().as_str())
            .collect();
        assert_eq!(prefixes, ["../std/", "api"]);
        let e = parse("title = \"T\"\nexternal_prefixes = [\n  \"../std/\",\n  \"https://x.org/\",\n  \"./\",\n]")
            .unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].location(), "site.toml:4:4");
        assert!(
            e[0].message.contains("not a relative path"),
            "{}",
            e[0].message
        );
        assert!(e[1].message.contains("names no folder"), "{}", e[1].message);
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let e = parse("title = \"T\"\ndisclamer = \"x\"").unwrap_err();
        assert_eq!(e[0].location(), "site.toml:2:1");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `disclaimer`?"));
    }
}
