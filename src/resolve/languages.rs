//! A site in several languages: which page of one language translates
//! which of another, for the language switcher, `hreflang` links and the
//! sitemap. Each language is resolved as a site of its own under its
//! prefix (`fr/`); these are what they know of each other.

use std::collections::{HashMap, HashSet};

use super::Site;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language {
    /// Its BCP 47 tag (`fr`).
    pub(crate) tag: String,
    /// Its own name for itself (`Français`).
    pub(crate) name: String,
    /// Where its pages are, from the output's root: `""` for the site's
    /// own language, `fr/` for the others.
    pub(crate) prefix: String,
}

/// The languages of a site and their pages.
#[derive(Debug, Default)]
pub(crate) struct Translations {
    /// The site's own language first; empty for a site in one language.
    pub(crate) languages: Vec<Language>,
    /// Per language: the source of each article (as its original is
    /// named) → the site path of its page.
    by_source: Vec<HashMap<String, String>>,
    /// Per language: the site path of every page it has.
    pages: Vec<HashSet<String>>,
}

/// The same page in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alternate<'a> {
    pub(crate) language: &'a Language,
    /// The page's path from the output's root, when that language has
    /// this page; else `None`.
    pub(crate) path: Option<String>,
}

impl Translations {
    /// What `sites` (one per language, the site's own first) hold, given
    /// the site path of every page of each.
    pub(crate) fn new(sites: &[&Site], pages: Vec<HashSet<String>>) -> Translations {
        let languages = (sites.iter().enumerate())
            .map(|(i, site)| Language {
                tag: site.config.language.clone(),
                name: site.config.words.text("language_name").to_string(),
                prefix: match i {
                    0 => String::new(),
                    _ => format!("{}/", site.config.language),
                },
            })
            .collect();
        let by_source = (sites.iter())
            .map(|site| {
                (0..site.articles.len())
                    .map(|i| (site.articles[i].source.clone(), site.path_of(i)))
                    .collect()
            })
            .collect();
        Translations {
            languages,
            by_source,
            pages,
        }
    }

    /// The page at site path `path` of language `this` (showing the
    /// article `source`, if any) in every language, `this` included: the
    /// translation of its article, else the page at the same path.
    pub(crate) fn alternates(
        &self,
        this: usize,
        path: &str,
        source: Option<&str>,
    ) -> Vec<Alternate<'_>> {
        (self.languages.iter().enumerate())
            .map(|(l, language)| {
                let found = match source {
                    Some(source) if l != this => self.by_source[l].get(source).cloned(),
                    _ => None,
                };
                let found =
                    found.or_else(|| self.pages[l].contains(path).then(|| path.to_string()));
                Alternate {
                    language,
                    path: found.map(|p| format!("{}{p}", language.prefix)),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(tag: &str, prefix: &str) -> Language {
        Language {
            tag: tag.into(),
            name: tag.to_uppercase(),
            prefix: prefix.into(),
        }
    }

    #[test]
    fn a_page_leads_to_its_translation_else_the_same_path() {
        let translations = Translations {
            languages: vec![language("en", ""), language("fr", "fr/")],
            by_source: vec![
                [("a.md".to_string(), "stretching/".to_string())].into(),
                [("a.md".to_string(), "etirements/".to_string())].into(),
            ],
            pages: vec![
                [
                    "".to_string(),
                    "stretching/".to_string(),
                    "faq/".to_string(),
                    "tags/x/".to_string(),
                ]
                .into(),
                [
                    "".to_string(),
                    "etirements/".to_string(),
                    "faq/".to_string(),
                ]
                .into(),
            ],
        };
        let paths = |this, path, source| -> Vec<Option<String>> {
            (translations.alternates(this, path, source).into_iter())
                .map(|a| a.path)
                .collect()
        };
        assert_eq!(
            paths(0, "stretching/", Some("a.md")),
            [Some("stretching/".into()), Some("fr/etirements/".into())]
        );
        assert_eq!(
            paths(1, "etirements/", Some("a.md")),
            [Some("stretching/".into()), Some("fr/etirements/".into())]
        );
        assert_eq!(
            paths(0, "faq/", None),
            [Some("faq/".into()), Some("fr/faq/".into())]
        );
        assert_eq!(paths(0, "tags/x/", None), [Some("tags/x/".into()), None]);
    }
}
