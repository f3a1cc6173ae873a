//! The theme: Tera templates and static assets. The default theme is
//! embedded in the binary; a site's own `templates/x.html` replaces the
//! embedded one of the same name, and its `static/` files are laid over the
//! theme's.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use super::i18n::{inline_words, Translate, Words};
use crate::diagnostics::{display_path, Diagnostic};

mod loops;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// The default theme's templates, by name.
pub(crate) fn default_templates() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::TEMPLATES.iter().copied()
}

/// The script `lectern serve` adds to every page it serves, to reload it
/// after a rebuild: `static/live-reload.js`, embedded apart from the theme.
pub(crate) const LIVE_RELOAD: &str = embedded::LIVE_RELOAD;
const LIVE_RELOAD_FILE: &str = "live-reload.js";

/// The default theme's static files, by path inside `static/`.
pub(crate) fn default_static() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::STATIC.iter().copied()
}

/// A template's text and where it came from, for error messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub text: String,
    /// `templates/x.html` for a site's own, `(default theme) templates/x.html`
    /// for an embedded one.
    pub file: String,
}

/// Parsed templates and the static files to publish.
pub struct Theme {
    /// Shared with the next load of the same templates and words.
    pub(crate) tera: Arc<Tera>,
    pub(crate) sources: HashMap<String, TemplateSource>,
    /// Output site path (`static/style.3f2a9c1e.css`) → bytes.
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    /// Asset name (`style.css`) → its fingerprinted site path.
    pub(crate) assets: BTreeMap<String, String>,
}

impl Theme {
    /// The theme of a site's other language, published under its prefix
    /// (`fr/`): its words, and the static files of the site's root.
    pub(crate) fn in_language(root: &Path, words: &Words) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::load(root, words)?;
        for path in theme.assets.values_mut() {
            path.insert_str(0, "../");
        }
        theme.files.clear();
        Ok(theme)
    }

    /// Loads the theme for the site at `root`: embedded files, then the
    /// site's own over them.
    pub fn load(root: &Path, words: &Words) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_reusing(root, words, &mut ParsedTemplates::default())
    }

    /// Loads the theme like [`Theme::load`], taking the parsed templates
    /// from `parsed` when they are parsed from the same texts and words
    /// (parsing is most of the cost of loading), and keeping them there.
    pub(crate) fn load_reusing(
        root: &Path,
        words: &Words,
        parsed: &mut ParsedTemplates,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut sources: HashMap<String, TemplateSource> = default_templates()
            .map(|(name, bytes)| {
                let text = String::from_utf8_lossy(bytes).into_owned();
                (
                    name.to_string(),
                    TemplateSource {
                        text,
                        file: format!("(default theme) templates/{name}"),
                    },
                )
            })
            .collect();
        for (name, path) in site_files(root, "templates", &mut problems) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let file = display_path(root, &path).display().to_string();
                    sources.insert(name, TemplateSource { text, file });
                }
                Err(e) => problems.push(Diagnostic::error(
                    display_path(root, &path),
                    format!("cannot read the template: {e}"),
                )),
            }
        }

        let key = templates_key(&sources, words);
        let tera = match &parsed.0 {
            Some((known, tera)) if *known == key => tera.clone(),
            _ => {
                let tera = Arc::new(parse(&sources, words, &mut problems));
                parsed.0 = problems.is_empty().then(|| (key, tera.clone()));
                tera
            }
        };

        let mut statics: BTreeMap<String, Vec<u8>> = default_static()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        // The preview's client is never published, even from a site's own
        // `static/` (this repository's site is also the default theme).
        let published = site_files(root, "static", &mut problems)
            .into_iter()
            .filter(|(name, _)| name != LIVE_RELOAD_FILE);
        for (name, path) in published {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    statics.insert(name, bytes);
                }
                Err(e) => problems.push(Diagnostic::error(
                    display_path(root, &path),
                    format!("cannot read: {e}"),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut files = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for (name, bytes) in statics {
            let published = fingerprinted(&name, &bytes);
            assets.insert(name, format!("static/{published}"));
            files.insert(format!("static/{published}"), bytes);
        }
        Ok(Theme {
            tera,
            sources,
            files,
            assets,
        })
    }
}

/// Parsed templates kept from one load for the next.
#[derive(Default)]
pub(crate) struct ParsedTemplates(Option<(u64, Arc<Tera>)>);

/// What the parsed templates are made of: their texts and the words
/// written into them.
fn templates_key(sources: &HashMap<String, TemplateSource>, words: &Words) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    for name in names {
        for field in [name.as_str(), &sources[name].text, &sources[name].file] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
    }
    hasher.update(format!("{words:?}").as_bytes());
    hasher.digest()
}

/// The templates parsed, with the words of `words`; problems go to
/// `problems`.
fn parse(
    sources: &HashMap<String, TemplateSource>,
    words: &Words,
    problems: &mut Vec<Diagnostic>,
) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // What templates print goes through lectern's one escaping path,
    // which leaves `/` as it is (Tera's writes `&#x2F;`, six bytes
    // for each slash of every URL) and drops characters HTML forbids.
    tera.set_escape_fn(crate::render::escape);
    tera.register_function("t", Translate(words.clone()));
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    // The words of the site's language that never change are written
    // into the templates once, not looked up on every page.
    let inlined: Vec<(&str, String)> = (names.iter())
        .map(|n| (n.as_str(), inline_words(&sources[*n].text, words)))
        .collect();
    let raw: Vec<(&str, &str)> = inlined.iter().map(|(n, t)| (*n, t.as_str())).collect();
    // Loops would overflow the stack when rendered, and an extends loop
    // already while Tera loads the templates: they are looked for first.
    let loops = loops::find(sources);
    if !loops.is_empty() {
        problems.extend(loops);
    } else if let Err(e) = tera.add_raw_templates(raw) {
        problems.push(template_error(&e, sources));
    }
    tera
}

/// `style.css` → `style.1a2b3c4d.css` for stylesheets and scripts, so hosts
/// can cache them forever; other files keep their names, so authors can link
/// to them.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = name
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "css" | "js"))
    else {
        return name.to_string();
    };
    // XXH3 is specified, so a name stays the same across builds, machines
    // and Rust releases.
    let hash = xxhash_rust::xxh3::xxh3_64(bytes);
    format!("{stem}.{:08x}.{ext}", hash as u32)
}

/// A site's own files under `root/dir`, by path inside `dir`.
fn site_files(
    root: &Path,
    dir: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, std::path::PathBuf)> {
    if !root.join(dir).is_dir() {
        return Vec::new();
    }
    super::walk::source_files(root, dir, problems)
}

/// The whole chain of a Tera error, as one message.
fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        messages.push(e.to_string());
        source = e.source();
    }
    messages
}

/// A template parse error, placed at its template's line and column.
fn template_error(error: &tera::Error, sources: &HashMap<String, TemplateSource>) -> Diagnostic {
    let chain = error_chain(error);
    let name = chain
        .iter()
        .find_map(|m| m.split('\'').nth(1))
        .unwrap_or("")
        .to_string();
    let file = sources
        .get(&name)
        .map_or_else(|| format!("templates/{name}"), |s| s.file.clone());
    let detail = chain.last().cloned().unwrap_or_default();
    // Tera's parser reports ` --> line:column`.
    let position = detail.split("--> ").nth(1).and_then(|rest| {
        let (line, column) = rest.split_whitespace().next()?.split_once(':')?;
        Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))
    });
    let summary = detail
        .lines()
        .filter(|l| l.trim_start().starts_with('='))
        .map(|l| l.trim().trim_start_matches('=').trim())
        .next();
    let message = format!(
        "syntax error in template: {}",
        summary.unwrap_or(chain[0].as_str())
    );
    let mut diagnostic = Diagnostic::error(file, message);
    if let (Some((line, column)), Some(source)) = (position, sources.get(&name)) {
        diagnostic = diagnostic.at(&source.text, offset_of(&source.text, line, column));
    }
    diagnostic
}

/// The byte offset of 1-based `line` and `column` (in characters), kept
/// within the line.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start..].split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// A render error of template `name`, placed at the first line mentioning
/// the missing variable when Tera names one.
pub(crate) fn render_error(
    error: &tera::Error,
    name: &str,
    sources: &HashMap<String, TemplateSource>,
) -> Diagnostic {
    let chain = error_chain(error);
    let detail = chain.last().cloned().unwrap_or_default();
    // The template the error happened in (a parent or include) may differ.
    let inner = detail
        .split("while rendering '")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .unwrap_or(name);
    let source = sources.get(inner).or_else(|| sources.get(name));
    let file = source.map_or_else(|| format!("templates/{name}"), |s| s.file.clone());
    let mut diagnostic = Diagnostic::error(file, format!("template error: {detail}"));
    let variable = detail.split('`').nth(1);
    if let (Some(variable), Some(source)) = (variable, source) {
        let root = variable.split(['.', '[']).next().unwrap_or(variable);
        if let Some(offset) =
            find_identifier(&source.text, variable).or_else(|| find_identifier(&source.text, root))
        {
            diagnostic = diagnostic.at(&source.text, offset);
        }
    }
    diagnostic
}

/// The first use of `name` as a variable: not part of a longer name and
/// not a field of another (`loop.index` is not `index`).
fn find_identifier(text: &str, name: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        !text[..at].ends_with(is_name)
            && !text[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}
