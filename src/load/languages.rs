//! The translations of a site in several languages: `name.fr.md` beside
//! `name.md` is its French translation. Splits what was loaded into one
//! [`Loaded`] per language, the translations named as their originals so
//! that every language resolves the same paths.

use std::collections::HashSet;
use std::sync::Arc;

use super::article::{derived_slug, file_title, TitleFrom};
use super::{Article, Loaded, SiteConfig};
use crate::diagnostics::Diagnostic;

/// The articles of each language, the site's own language first, then
/// those of `languages` in their order, each with its tag.
pub(crate) fn split(
    mut loaded: Loaded,
    config: &SiteConfig,
) -> (Vec<(String, Loaded)>, Vec<Diagnostic>) {
    let others: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    if others.is_empty() {
        let problems = undeclared_translations(&loaded, config);
        return (vec![(config.language.clone(), loaded)], problems);
    }
    named_by_own_language(&mut loaded, config);
    let mut problems = Vec::new();
    let mut by_language: Vec<Loaded> = others.iter().map(|_| Loaded::default()).collect();
    // What the site's own language has, to find translations without it.
    let originals: HashSet<String> = (loaded.articles.iter().map(|a| a.source.clone()))
        .chain(loaded.drafts.iter().cloned())
        .chain(loaded.failed.iter().cloned())
        .filter(|source| translation_of(source, &others).is_none())
        .collect();

    let mut kept = Vec::new();
    for article in std::mem::take(&mut loaded.articles) {
        match translation_of(&article.source, &others) {
            Some((language, original)) => {
                if !originals.contains(&original) {
                    problems.push(no_original(&article, config, others[language], &original));
                }
                by_language[language]
                    .articles
                    .push(renamed(article, &original, config));
            }
            None => {
                if let Some(tag) = undeclared(&article.source, &originals) {
                    problems.push(undeclared_language(&article, config, tag));
                }
                kept.push(article);
            }
        }
    }
    loaded.articles = kept;
    let sources = |list: &mut Vec<String>,
                   by_language: &mut [Loaded],
                   pick: fn(&mut Loaded) -> &mut Vec<String>| {
        for source in std::mem::take(list) {
            match translation_of(&source, &others) {
                Some((language, original)) => pick(&mut by_language[language]).push(original),
                None => list.push(source),
            }
        }
    };
    let mut drafts = std::mem::take(&mut loaded.drafts);
    sources(&mut drafts, &mut by_language, |l| &mut l.drafts);
    loaded.drafts = drafts;
    let mut failed = std::mem::take(&mut loaded.failed);
    sources(&mut failed, &mut by_language, |l| &mut l.failed);
    loaded.failed = failed;
    for mut article in std::mem::take(&mut loaded.failed_articles) {
        match translation_of(&article.source, &others) {
            Some((language, original)) => {
                article.source = original;
                by_language[language].failed_articles.push(article);
            }
            None => loaded.failed_articles.push(article),
        }
    }
    // Files beside the articles are the site's, whatever the language of
    // the page that shows them.
    for other in &mut by_language {
        other.assets = loaded.assets.clone();
    }
    let mut all = vec![(config.language.clone(), loaded)];
    all.extend(others.iter().map(|tag| tag.to_string()).zip(by_language));
    (all, problems)
}

/// Names the articles written as `name.en.md` in a site whose own
/// language is `en` as Hugo does, `name.md`.
fn named_by_own_language(loaded: &mut Loaded, config: &SiteConfig) {
    let own = [config.language.as_str()];
    let plain = |source: &str| translation_of(source, &own).map(|(_, original)| original);
    for article in &mut loaded.articles {
        if let Some(original) = plain(&article.source) {
            *article = renamed(article.clone(), &original, config);
        }
    }
    for article in &mut loaded.failed_articles {
        if let Some(original) = plain(&article.source) {
            article.source = original;
        }
    }
    for source in loaded.drafts.iter_mut().chain(&mut loaded.failed) {
        if let Some(original) = plain(source) {
            *source = original;
        }
    }
}

/// The language (by index in `others`) and original of a translation's
/// source: `(0, "a/b.md")` for `a/b.fr.md` when `others[0]` is `fr`.
pub(crate) fn translation_of(source: &str, others: &[&str]) -> Option<(usize, String)> {
    let (stem, tag) = language_suffix(source)?;
    let language = others.iter().position(|o| o.eq_ignore_ascii_case(tag))?;
    Some((language, format!("{stem}.md")))
}

/// `("a/b", "fr")` for `a/b.fr.md`: a file name's last part before `.md`
/// that may be a language tag.
fn language_suffix(source: &str) -> Option<(&str, &str)> {
    let stem = source.strip_suffix(".md")?;
    let (name_stem, tag) = stem.rsplit_once('.')?;
    let name = name_stem.rsplit('/').next().unwrap_or(name_stem);
    (!name.is_empty() && !tag.is_empty()).then_some((name_stem, tag))
}

/// Whether the file `source` is named like a translation (`b.fr.md`).
pub(super) fn names_a_language(source: &str) -> bool {
    language_suffix(source).is_some_and(|(_, tag)| is_language(tag))
}

/// In a site in one language, a warning for each article that reads as a
/// translation of another.
fn undeclared_translations(loaded: &Loaded, config: &SiteConfig) -> Vec<Diagnostic> {
    if loaded.no_language_names {
        return Vec::new();
    }
    let mut suspects = (loaded.articles.iter())
        .filter(|a| names_a_language(&a.source))
        .peekable();
    if suspects.peek().is_none() {
        return Vec::new();
    }
    let originals: HashSet<String> = (loaded.articles.iter().map(|a| a.source.clone()))
        .chain(loaded.drafts.iter().cloned())
        .chain(loaded.failed.iter().cloned())
        .collect();
    suspects
        .filter_map(|a| {
            Some(undeclared_language(
                a,
                config,
                undeclared(&a.source, &originals)?,
            ))
        })
        .collect()
}

/// Whether `tag` starts with a two-letter language code (`es`, `pt-BR`).
fn is_language(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    primary.len() == 2 && ISO_639_1.split(' ').any(|code| code == primary)
}

/// The tag of a file that reads as a translation into a language the
/// site does not declare: `b.es.md` beside `b.md`, `es` being a language.
fn undeclared<'a>(source: &'a str, originals: &HashSet<String>) -> Option<&'a str> {
    let (stem, tag) = language_suffix(source)?;
    (is_language(tag) && originals.contains(&format!("{stem}.md"))).then_some(tag)
}

/// A translation named as its original, with the slug and title its
/// original's file name gives, unless its front matter gives its own.
fn renamed(mut article: Arc<Article>, original: &str, config: &SiteConfig) -> Arc<Article> {
    let article_mut = Arc::make_mut(&mut article);
    article_mut.source = original.to_string();
    if article_mut.front.slug.is_none() {
        article_mut.slug = derived_slug(original, config.slugify);
    }
    if article_mut.title_from == TitleFrom::FileName {
        if let Some(title) = file_title(original) {
            article_mut.title = title;
        }
    }
    article
}

fn no_original(article: &Article, config: &SiteConfig, tag: &str, original: &str) -> Diagnostic {
    Diagnostic::error(
        &article.file,
        format!(
            "this is a translation into `{tag}` of `{}`, which does not exist",
            super::content_path(&config.content, original).display()
        ),
    )
    .with_help(format!(
        "a translation sits beside the article in `{}` it translates; write the original, or rename this file",
        config.language
    ))
}

fn undeclared_language(article: &Article, config: &SiteConfig, tag: &str) -> Diagnostic {
    let help = format!(
        "add `[languages.{tag}]` to `site.toml` to publish it as a translation, or rename the file"
    );
    let message = format!(
        "this file reads as a translation into `{tag}`, a language `site.toml` does not declare"
    );
    match config.languages.is_empty() {
        // A site in one language may name files so; it is still published.
        true => Diagnostic::warning(
            &article.file,
            format!("{message}: it is published as an article of its own"),
        ),
        false => Diagnostic::error(&article.file, message),
    }
    .with_help(help)
}

/// The two-letter language codes of ISO 639-1.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_is_named_by_its_language_before_md() {
        let others = ["fr", "pt-BR"];
        assert_eq!(
            translation_of("a/b.fr.md", &others),
            Some((0, "a/b.md".into()))
        );
        assert_eq!(
            translation_of("index.pt-br.md", &others),
            Some((1, "index.md".into()))
        );
        assert_eq!(translation_of("b.de.md", &others), None);
        assert_eq!(translation_of("b.md", &others), None);
        assert_eq!(translation_of(".fr.md", &others), None);
        assert_eq!(translation_of("a/.fr.md", &others), None);
    }

    #[test]
    fn only_a_language_code_beside_its_original_is_undeclared() {
        let originals: HashSet<String> = ["b.md".to_string(), "v1.md".to_string()].into();
        assert_eq!(undeclared("b.es.md", &originals), Some("es"));
        assert_eq!(undeclared("b.pt-BR.md", &originals), Some("pt-BR"));
        assert_eq!(undeclared("c.es.md", &originals), None);
        assert_eq!(undeclared("b.old.md", &originals), None);
        assert_eq!(undeclared("v1.2.md", &originals), None);
    }
}
