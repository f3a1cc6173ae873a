//! `site.toml`: the site's settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::frontmatter::parse_toml;
use super::i18n::Words;
use super::slug::SlugStyle;
use crate::diagnostics::Diagnostic;

/// Reads `site.toml`. A folder without one is read as what it is: an
/// mdBook (its `book.toml` gives the title and the `src` folder), a site
/// with `articles/`, or else a folder of Markdown such as a GitHub wiki,
/// whose files are the articles; each is titled after its folder.
pub(crate) fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = Path::new("site.toml");
    let (mut config, text) = match read(root, file)? {
        Some(text) => (SiteConfig::parse(&text, file)?, text),
        None => match read(root, Path::new("book.toml"))? {
            Some(text) => (from_book(&text, untitled(root)), String::new()),
            None => {
                let mut config = untitled(root);
                if !root.join(DEFAULT_CONTENT).is_dir() {
                    config.content = ".".into();
                }
                (config, String::new())
            }
        },
    };
    let mut problems = Vec::new();
    config.words = Words::load(
        root,
        &config.language,
        &config.strings,
        &text,
        &mut problems,
    );
    for (code, other) in &mut config.languages {
        let other = other.get_mut();
        other.words = Words::load(root, code, &other.strings, &text, &mut problems);
    }
    // The default menu speaks the site's language; one the author wrote is as written.
    if config.menu == default_menu() {
        config.menu = default_menu_in(&config.words);
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    config.warnings = problems;
    Ok(config)
}

/// The text of a settings file, `None` when there is none.
fn read(root: &Path, file: &Path) -> Result<Option<String>, Vec<Diagnostic>> {
    if let Some(problem) = super::walk::refuse_file(root, &root.join(file)) {
        return Err(vec![problem]);
    }
    match std::fs::read_to_string(root.join(file)) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![Diagnostic::error(file, format!("cannot read: {e}"))]),
    }
}

/// Defaults for a site without settings, titled after its folder.
fn untitled(root: &Path) -> SiteConfig {
    let name = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    SiteConfig::untitled(name.unwrap_or_else(|| "Site".into()))
}

/// The settings an mdBook's `book.toml` gives: title, description,
/// language and the content folder. Everything else in it is for mdBook's
/// own renderers, so it is not checked here.
fn from_book(text: &str, mut config: SiteConfig) -> SiteConfig {
    #[derive(Deserialize, Default)]
    struct BookToml {
        #[serde(default)]
        book: Book,
    }
    #[derive(Deserialize, Default)]
    struct Book {
        title: Option<String>,
        description: Option<String>,
        language: Option<String>,
        src: Option<String>,
    }
    let book = toml::from_str::<BookToml>(text).unwrap_or_default().book;
    if let Some(title) = book.title.filter(|t| !t.trim().is_empty()) {
        config.title = title;
    }
    if let Some(description) = book.description {
        config.description = description;
    }
    if let Some(language) = book.language.filter(|l| language_problem(l).is_none()) {
        config.language = language;
    }
    config.content = book.src.unwrap_or_else(|| "src".into());
    if content_problem(&config.content).is_some() {
        config.content = "src".into();
    }
    config
}

/// A path inside the articles' folder `content` as the author knows it.
pub(crate) fn content_path(content: &str, source: &str) -> std::path::PathBuf {
    match content {
        "." => source.into(),
        dir => Path::new(dir).join(source),
    }
}

/// Where articles are when `site.toml` does not say.
const DEFAULT_CONTENT: &str = "articles";

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
    /// `lectern check` and `build` warn about articles that read above this
    /// school grade (in the languages lectern has a formula for).
    #[serde(default)]
    pub(crate) max_reading_grade: Option<f64>,
    /// The folder holding the articles, relative to the site's folder
    /// (`articles`; `src` for a book; `.` for the site's folder itself).
    #[serde(default = "default_content")]
    pub(crate) content: String,
    /// Whether front matter keys that mean nothing fail the build (`error`)
    /// or are reported and ignored (`warn`, for content imported from
    /// other tools).
    #[serde(default)]
    pub(crate) unknown_front_matter: Unknown,
    /// What counts as a question for the FAQ index and its structured data.
    #[serde(default)]
    pub(crate) questions: Questions,
    /// Relative links starting with one of these (from the site's root,
    /// such as `../std/`) lead to sites published beside this one: they
    /// are not checked, and are written so they still reach them.
    #[serde(default)]
    pub(crate) external_prefixes: Vec<Spanned<String>>,
    /// How many articles a tag's or a category's page lists before the
    /// rest go on to `page/2/`, `page/3/`, ….
    #[serde(default = "fifty")]
    pub(crate) page_size: usize,
    /// How many of the newest articles the Atom feed holds; 0 for all.
    #[serde(default = "twenty")]
    pub(crate) feed_limit: usize,
    /// How file names, tags and categories become URLs: `unicode` keeps
    /// every script's letters, `ascii` transliterates them.
    #[serde(default)]
    pub(crate) slugify: SlugStyle,
    /// The theme's words replaced for this site (`on_this_page = "Contents"`).
    #[serde(default)]
    pub(crate) strings: BTreeMap<String, Spanned<toml::Value>>,
    /// The languages of the site besides `language`, by tag: their
    /// articles are the translations `name.<tag>.md`, published under
    /// `<tag>/`.
    #[serde(default)]
    pub(crate) languages: BTreeMap<String, Spanned<Language>>,
    /// How images beside the articles are sized and resized.
    #[serde(default)]
    pub(crate) images: Images,
    /// The theme's words in the site's language.
    #[serde(skip)]
    pub(crate) words: Words,
    /// What reading the settings found that does not stop a build.
    #[serde(skip)]
    pub(crate) warnings: Vec<Diagnostic>,
}

/// How the images beside the articles are published (`[images]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Images {
    /// Whether raster images get smaller copies for small screens.
    pub(crate) resize: bool,
    /// The widths (pixels) of those copies; an image gets those narrower
    /// than itself.
    pub(crate) widths: Vec<u32>,
    /// The `sizes` attribute of resized images: how wide the theme shows
    /// them, so the browser picks the smallest copy that fills that width.
    pub(crate) sizes: String,
    /// The quality of the WebP and JPEG copies, from 1 to 100.
    pub(crate) quality: u8,
}

impl Default for Images {
    fn default() -> Self {
        Images {
            resize: true,
            widths: vec![480, 960, 1600],
            // The default theme's column: 38rem, less its padding on a phone.
            sizes: "(max-width: 40.5rem) calc(100vw - 2.5rem), 38rem".into(),
            quality: 80,
        }
    }
}

/// What a site says in one of its other languages: what is not given is
/// as in the default language, and the theme's words are this language's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Language {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) disclaimer: Option<String>,
    pub(crate) menu: Option<Vec<MenuItem>>,
    #[serde(default)]
    pub(crate) strings: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(skip)]
    pub(crate) words: Words,
}

/// How front matter keys that mean nothing are reported.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Unknown {
    #[default]
    Error,
    Warn,
}

/// What counts as a question of the site.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Questions {
    /// Headings ending in `?`, question titles and `[[questions]]`.
    #[default]
    Headings,
    /// Only question titles and `[[questions]]`: a guide whose headings
    /// ask things is not an FAQ.
    FrontMatter,
    /// None: the site has no FAQ index.
    Off,
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

fn default_content() -> String {
    DEFAULT_CONTENT.into()
}

fn yes() -> bool {
    true
}

fn twelve() -> u32 {
    12
}

fn fifty() -> usize {
    50
}

fn twenty() -> usize {
    20
}

/// The default menu, named in `words`.
fn default_menu_in(words: &Words) -> Vec<MenuItem> {
    let mut menu = default_menu();
    for item in &mut menu {
        let key = match item.url.as_str() {
            "" => "home",
            "faq/" => "faq",
            _ => "tags",
        };
        item.name = words.text(key).to_string();
    }
    menu
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
        if let Some(problem) = language_problem(&config.language) {
            problems.push(
                at_key("language", format!("`language`: {problem}"))
                    .with_help("use a BCP 47 tag such as `en` or `en-GB`"),
            );
        }
        if config.page_size == 0 {
            problems.push(
                at_key(
                    "page_size",
                    "`page_size = 0` lists nothing on a page".into(),
                )
                .with_help("give the number of articles a listing shows on each page, such as 50"),
            );
        }
        if let Some(problem) = config
            .max_reading_grade
            .and_then(super::article::grade_problem)
        {
            problems.push(
                at_key("max_reading_grade", problem)
                    .with_help("give the school grade the articles should read at, such as 8"),
            );
        }
        let images = &config.images;
        if !(1..=100).contains(&images.quality) {
            problems.push(
                at_key(
                    "images",
                    format!("`images.quality = {}` is not a quality", images.quality),
                )
                .with_help(
                    "give a number from 1 (smallest files) to 100 (best pictures), such as 80",
                ),
            );
        }
        if images.widths.iter().any(|&w| !(16..=8192).contains(&w)) {
            problems.push(
                at_key(
                    "images",
                    "`images.widths` holds a width outside 16–8192 pixels".into(),
                )
                .with_help("list the widths of the copies in pixels, such as `[480, 960, 1600]`"),
            );
        }
        for (code, other) in &config.languages {
            let at = other.span().start;
            let problem = match language_problem(code) {
                Some(problem) => Some(problem),
                None if code.eq_ignore_ascii_case(&config.language) => Some(format!(
                    "`{code}` is the site's own `language`; `[languages]` names the others"
                )),
                None => None,
            };
            if let Some(problem) = problem {
                problems.push(
                    Diagnostic::error(file, format!("`[languages.{code}]`: {problem}"))
                        .at(text, at)
                        .with_help(
                            "name each other language by its BCP 47 tag, such as `[languages.fr]`",
                        ),
                );
            }
        }
        if let Some(problem) = content_problem(&config.content) {
            problems.push(at_key("content", problem).with_help(
                "name a folder inside the site's folder, such as `articles`, `src` or `.`",
            ));
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
        if !host.is_ascii() {
            return Err(format!(
                "`base_url = {url:?}` has a host name outside ASCII: write it as the host's punycode form (`xn--…`), which is what browsers send"
            ));
        }
        // The path's letters outside ASCII percent-encoded, as every absolute
        // URL lectern writes is (what is already encoded stays so).
        let mut encoded =
            percent_encoding::utf8_percent_encode(url, percent_encoding::CONTROLS).to_string();
        if !encoded.ends_with('/') {
            encoded.push('/');
        }
        self.base_url = encoded;
        Ok(())
    }

    /// The settings of the site in its other language `code` (one of
    /// `languages`): its title, words and menu, and the base URL of its
    /// pages, under `<code>/`.
    pub(crate) fn for_language(&self, code: &str) -> SiteConfig {
        let mut config = self.clone();
        let Some(other) = self.languages.get(code).map(Spanned::get_ref) else {
            return config;
        };
        config.language = code.to_string();
        config.words = other.words.clone();
        config.strings = other.strings.clone();
        let given = |value: &Option<String>, default: &str| {
            value.clone().unwrap_or_else(|| default.to_string())
        };
        config.title = given(&other.title, &self.title);
        config.description = given(&other.description, &self.description);
        config.author = other.author.clone().or_else(|| self.author.clone());
        config.disclaimer = other.disclaimer.clone().or_else(|| self.disclaimer.clone());
        config.menu = match &other.menu {
            Some(menu) => menu.clone(),
            None if self.menu == default_menu_in(&self.words) => default_menu_in(&other.words),
            None => self.menu.clone(),
        };
        if !self.base_url.is_empty() {
            config.base_url = format!("{}{}/", self.base_url, code);
        }
        config
    }

    /// The absolute URL of a site path, or the path itself when no
    /// `base_url` is set; letters outside ASCII are percent-encoded, as
    /// sitemaps and feed readers need (`%D0%BE%D1%81…/` for `осанка/`).
    pub(crate) fn absolute(&self, path: &str) -> String {
        let path = crate::resolve::urls::percent_encode_path(path);
        format!("{}{path}", self.base_url)
    }
}

/// Why `tag` is not a language tag, if it is not.
fn language_problem(tag: &str) -> Option<String> {
    let bad = tag.is_empty() || tag.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
    bad.then(|| format!("{tag:?} is not a language tag"))
}

/// Why `dir` cannot hold the articles, if it cannot: it must stay inside
/// the site's folder.
fn content_problem(dir: &str) -> Option<String> {
    let path = Path::new(dir);
    let leaves = path.is_absolute()
        || path.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    if dir.trim().is_empty() {
        Some("`content` is empty".into())
    } else if leaves {
        Some(format!(
            "`content = {dir:?}` leaves the site's folder; articles must be inside it"
        ))
    } else {
        None
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
    "max_reading_grade",
    "content",
    "unknown_front_matter",
    "questions",
    "page_size",
    "feed_limit",
    "external_prefixes",
    "slugify",
    "strings",
    "languages",
    "images",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(text, Path::new("site.toml"))
    }

    #[test]
    fn a_base_url_outside_ascii_is_percent_encoded_or_refused() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/вики\"").unwrap();
        assert_eq!(c.base_url, "https://example.org/%D0%B2%D0%B8%D0%BA%D0%B8/");
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/%D0%B2/\"").unwrap();
        assert_eq!(c.base_url, "https://example.org/%D0%B2/");
        let e = parse("title = \"T\"\nbase_url = \"https://пример.рф/\"").unwrap_err();
        assert!(e[0].message.contains("punycode"), "{}", e[0].message);
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
    fn content_stays_inside_the_site() {
        assert_eq!(parse("title = \"T\"").unwrap().content, "articles");
        assert_eq!(
            parse("title = \"T\"\ncontent = \"docs\"").unwrap().content,
            "docs"
        );
        for dir in ["../elsewhere", "/etc", "a/../../b", ""] {
            let e = parse(&format!("title = \"T\"\ncontent = {dir:?}")).unwrap_err();
            assert_eq!(e[0].location(), "site.toml:2:1", "{dir}");
        }
    }

    #[test]
    fn a_book_toml_gives_title_and_source_folder() {
        let config = from_book(
            "[book]\ntitle = \"The Book\"\nsrc = \"text\"\nlanguage = \"de\"\n[output.html]\nx = 1\n",
            SiteConfig::untitled("folder".into()),
        );
        assert_eq!(
            (
                config.title.as_str(),
                config.content.as_str(),
                config.language.as_str()
            ),
            ("The Book", "text", "de")
        );
        let config = from_book("[book]\nsrc = \"../up\"", SiteConfig::untitled("f".into()));
        assert_eq!(
            (config.title.as_str(), config.content.as_str()),
            ("f", "src")
        );
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

    #[test]
    fn questions_come_from_headings_unless_set_otherwise() {
        assert_eq!(
            parse("title = \"T\"").unwrap().questions,
            Questions::Headings
        );
        let c = parse("title = \"T\"\nquestions = \"front-matter\"").unwrap();
        assert_eq!(c.questions, Questions::FrontMatter);
        let e = parse("title = \"T\"\nquestions = \"some\"").unwrap_err();
        assert_eq!(e[0].location(), "site.toml:2:13");
    }

    #[test]
    fn unknown_front_matter_is_an_error_unless_set_to_warn() {
        assert_eq!(
            parse("title = \"T\"").unwrap().unknown_front_matter,
            Unknown::Error
        );
        let c = parse("title = \"T\"\nunknown_front_matter = \"warn\"").unwrap();
        assert_eq!(c.unknown_front_matter, Unknown::Warn);
        let e = parse("title = \"T\"\nunknown_front_matter = \"ignore\"").unwrap_err();
        assert_eq!(e[0].location(), "site.toml:2:24");
    }
}
