//! The words the theme shows, in the site's language: lectern's own table
//! for the language, under a site's `i18n/<language>.toml`, under the
//! `[strings]` of `site.toml`. What none of them gives is shown in English.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use toml::de::{DeTable, DeValue};

use super::Date;
use crate::diagnostics::{closest, Diagnostic};

/// lectern's own tables, by language.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("i18n/en.toml")),
    ("de", include_str!("i18n/de.toml")),
    ("fr", include_str!("i18n/fr.toml")),
    ("es", include_str!("i18n/es.toml")),
    ("pt", include_str!("i18n/pt.toml")),
    ("it", include_str!("i18n/it.toml")),
    ("nl", include_str!("i18n/nl.toml")),
    ("pl", include_str!("i18n/pl.toml")),
    ("ru", include_str!("i18n/ru.toml")),
    ("ar", include_str!("i18n/ar.toml")),
    ("zh", include_str!("i18n/zh.toml")),
    ("ja", include_str!("i18n/ja.toml")),
];

/// Languages written from right to left, by their primary subtag.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// One entry of a table (written into the search index as a text, a table
/// of forms or a list).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum Word {
    Text(String),
    /// A phrase with a number, by plural category (`one`, `few`, `other`…).
    Forms(BTreeMap<String, String>),
    List(Vec<String>),
}

impl Word {
    fn kind(&self) -> &'static str {
        match self {
            Word::Text(_) => "a text",
            Word::Forms(_) => "a table of plural forms (`{ one = \"…\", other = \"…\" }`)",
            Word::List(_) => "a list",
        }
    }
}

/// The theme's words in one language.
#[derive(Clone)]
pub struct Words {
    language: String,
    words: BTreeMap<String, Word>,
    plurals: Arc<Option<PluralRules>>,
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Words")
            .field("language", &self.language)
            .field("words", &self.words)
            .finish()
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::built_in("en")
    }
}

/// The primary subtag of a language tag, lowercased: `pt` for `pt-BR`.
pub(crate) fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// lectern's own table for `language` (`de-AT` takes `de`), if it has one.
fn built_in_table(language: &str) -> Option<&'static BTreeMap<String, Word>> {
    static TABLES: OnceLock<Vec<(&str, BTreeMap<String, Word>)>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(language, text)| {
                let entries = parse(text, Path::new(language)).expect("built-in tables parse");
                let words = entries
                    .into_iter()
                    .map(|(key, _, word)| (key, word))
                    .collect();
                (*language, words)
            })
            .collect()
    });
    let wanted = [language.to_lowercase(), primary(language)];
    wanted
        .iter()
        .find_map(|w| tables.iter().find(|(l, _)| l == w))
        .map(|(_, words)| words)
}

fn english() -> &'static BTreeMap<String, Word> {
    built_in_table("en").expect("English is built in")
}

impl Words {
    /// lectern's own words for `language`, English where it has none.
    pub(crate) fn built_in(language: &str) -> Words {
        let mut words = english().clone();
        if let Some(table) = built_in_table(language) {
            words.extend(table.iter().map(|(k, w)| (k.clone(), w.clone())));
        }
        Words::new(language, words)
    }

    fn new(language: &str, words: BTreeMap<String, Word>) -> Words {
        let plurals = (language.parse::<unic_langid::LanguageIdentifier>().ok())
            .or_else(|| primary(language).parse().ok())
            .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
        Words {
            language: language.to_string(),
            words,
            plurals: Arc::new(plurals),
        }
    }

    /// The words of the site at `root` in `language`: lectern's, then
    /// `i18n/<language>.toml` (or the primary subtag's file), then
    /// `strings`, the `[strings]` of `site.toml` (`text` is its text).
    pub(crate) fn load(
        root: &Path,
        language: &str,
        strings: &BTreeMap<String, toml::Spanned<toml::Value>>,
        text: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Words {
        let mut words = Words::built_in(language);
        // The keys given in the language, to tell what is left in English.
        let mut given: BTreeSet<String> = built_in_table(language)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        let mut take = |entry: Result<(String, Word), Diagnostic>| match entry {
            Ok((key, word)) => {
                given.insert(key.clone());
                words.words.insert(key, word);
            }
            Err(problem) => problems.push(problem),
        };
        let names = [language.to_string(), primary(language)];
        let site_file = (names.iter())
            .map(|name| Path::new("i18n").join(format!("{name}.toml")))
            .find(|file| root.join(file).is_file());
        // Like `site.toml`, the file must be the project's own.
        let refused = site_file
            .as_ref()
            .and_then(|file| super::walk::refuse_file(root, &root.join(file)));
        if let Some(problem) = refused {
            take(Err(problem));
        } else if let Some(file) = &site_file {
            match std::fs::read_to_string(root.join(file)) {
                Ok(text) => match parse(&text, file) {
                    Ok(entries) => {
                        for (key, at, word) in entries {
                            take(check(&key, &word, file, &text, at.start).map(|()| (key, word)));
                        }
                    }
                    Err(problem) => take(Err(problem)),
                },
                Err(e) => take(Err(Diagnostic::error(file, format!("cannot read: {e}")))),
            }
        }
        let site_toml = Path::new("site.toml");
        for (key, value) in strings {
            let at = value.span().start;
            match word_of(value.get_ref()) {
                Some(word) => {
                    take(check(key, &word, site_toml, text, at).map(|()| (key.clone(), word)))
                }
                None => {
                    let message = format!(
                        "`strings.{key}` must be a text, a list or a table of plural forms"
                    );
                    take(Err(Diagnostic::error(site_toml, message).at(text, at)));
                }
            }
        }
        if !given.contains("language_name") {
            // Not "English" for a language lectern has no words for.
            (words.words).insert("language_name".into(), Word::Text(language.to_string()));
        }
        if primary(language) != "en" {
            let missing: Vec<&str> = (english().keys())
                .filter(|k| !given.contains(*k))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                problems.push(missing_words(language, &missing, site_file.as_deref()));
            }
        }
        words
    }

    /// `ltr` or `rtl`, for the pages' `dir`.
    pub(crate) fn direction(&self) -> &'static str {
        let language = self.language.to_lowercase();
        let primary = primary(&language);
        let rtl = RIGHT_TO_LEFT.contains(&primary.as_str())
            || language.contains("-arab")
            || language.contains("-hebr");
        if rtl {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The text of `key`.
    /// The text of `key`; the key itself for one the theme does not know.
    pub(crate) fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.words.get(key) {
            Some(Word::Text(text)) => text,
            _ => match english().get(key) {
                Some(Word::Text(text)) => text,
                _ => key,
            },
        }
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }

    /// The form of `key` for the number `n`, filled with `n` and `values`.
    pub(crate) fn count(&self, key: &str, n: usize, values: &[(&str, &str)]) -> String {
        let forms = match self.words.get(key) {
            Some(Word::Forms(forms)) => forms,
            _ => match english().get(key) {
                Some(Word::Forms(forms)) => forms,
                _ => return key.to_string(),
            },
        };
        let category = (*self.plurals)
            .as_ref()
            .and_then(|rules| rules.select(n).ok())
            .map_or("other", category_name);
        let form = forms
            .get(category)
            .or_else(|| forms.get("other"))
            .map_or(key, String::as_str);
        let number = n.to_string();
        let mut all = vec![("n", number.as_str())];
        all.extend_from_slice(values);
        fill(form, &all)
    }

    /// A day in words: `20 November 2026`, `20. November 2026`, `2026年11月20日`.
    pub(crate) fn date(&self, date: &Date) -> String {
        let (year, month, day) = date.ymd();
        let months = match self.words.get("months") {
            Some(Word::List(months)) if months.len() == 12 => months,
            _ => match english().get("months") {
                Some(Word::List(months)) => months,
                _ => unreachable!("English has the months"),
            },
        };
        let month_name = months[usize::from(month.unsigned_abs()) - 1].as_str();
        let (year, month_number, day) = (year.to_string(), month.to_string(), day.to_string());
        self.fill(
            "date",
            &[
                ("day", &day),
                ("month", month_name),
                ("month_number", &month_number),
                ("year", &year),
            ],
        )
    }

    /// The words the search script shows: the forms of `results` (it
    /// picks one by the browser's plural rules), `no_results` and
    /// `search_results`.
    pub(crate) fn search_words(&self) -> BTreeMap<&str, &Word> {
        [
            "results",
            "no_results",
            "search_results",
            "showing_results_for",
            "more_results",
            "pages",
            "previous_page",
            "next_page",
            "section",
            "category",
            "tag",
            "language",
            "filter_all",
        ]
        .into_iter()
        .filter_map(|key| Some((key, self.words.get(key).or_else(|| english().get(key))?)))
        .collect()
    }
}

/// The templates' `t` function: `{{ t(key="on_this_page") }}`, and for a
/// phrase with a number `{{ t(key="questions", n=3) }}`; any other
/// argument fills the placeholder of its name (`name="Drills"`).
pub(crate) struct Translate(pub(crate) Words);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(tera::Value::as_str)
            .ok_or("`t` needs the key of the words to show: `t(key=\"on_this_page\")`")?;
        let Some(word) = self.0.words.get(key) else {
            return Err(format!("the theme has no words called `{key}`").into());
        };
        let values: Vec<(String, String)> = (args.iter())
            .filter(|(name, _)| !matches!(name.as_str(), "key" | "n"))
            .map(|(name, value)| {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                (name.clone(), text)
            })
            .collect();
        let values: Vec<(&str, &str)> = (values.iter())
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let text = match (word, args.get("n")) {
            (Word::Forms(_), Some(n)) => {
                let n = n
                    .as_u64()
                    .ok_or_else(|| format!("`t(key=\"{key}\", n=…)` needs a whole number"))?;
                self.0
                    .count(key, usize::try_from(n).unwrap_or(usize::MAX), &values)
            }
            (Word::Forms(_), None) => {
                return Err(
                    format!("`{key}` is a phrase with a number: `t(key=\"{key}\", n=…)`").into(),
                )
            }
            _ => self.0.fill(key, &values),
        };
        Ok(tera::Value::String(text))
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// `text` with each `{name}` of `values` replaced, in one pass; a `{…}`
/// that names no value stays as written.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The template `source` with each `{{ t(key="…") }}` of a text replaced by
/// the text itself, escaped, so that rendering a page calls nothing for
/// the words that never change; the other calls of `t` stay as written.
pub(crate) fn inline_words(source: &str, words: &Words) -> String {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let text = after.find(CLOSE).and_then(|end| {
            let key = &after[..end];
            match words.words.get(key) {
                Some(Word::Text(text)) => Some((text, end)),
                _ => None,
            }
        });
        match text {
            Some((text, end)) => {
                // Braces too, so no text can open a template tag.
                // Braces too, so no text can open a template tag, and line
                // breaks as spaces, so errors keep their template lines.
                let escaped = crate::render::escape(text);
                let escaped = escaped.replace('{', "&#123;").replace('}', "&#125;");
                out.push_str(&escaped.replace(['\n', '\r'], " "));
                rest = &after[end + CLOSE.len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entries of a table file: (key, span of the value, word).
fn parse(text: &str, file: &Path) -> Result<Vec<(String, Range<usize>, Word)>, Diagnostic> {
    let table = DeTable::parse(text)
        .map_err(|e| super::frontmatter::toml_error(&e, text, 0, file, &[], &[]))?;
    let mut entries = Vec::new();
    for (key, value) in table.get_ref().iter() {
        let span = value.span();
        let string = |value: &toml::Spanned<DeValue<'_>>, what: &str| match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(Diagnostic::error(
                file,
                format!("`{}`: every {what} must be a text", key.get_ref()),
            )
            .at(text, value.span().start)),
        };
        let word = match value.get_ref() {
            DeValue::String(s) => Word::Text(s.to_string()),
            DeValue::Array(items) => Word::List(
                (items.iter())
                    .map(|item| string(item, "item"))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(forms) => Word::Forms(
                (forms.iter())
                    .map(|(category, form)| {
                        Ok((category.get_ref().to_string(), string(form, "form")?))
                    })
                    .collect::<Result<_, Diagnostic>>()?,
            ),
            _ => {
                return Err(Diagnostic::error(
                    file,
                    format!(
                        "`{}` must be a text, a list or a table of plural forms",
                        key.get_ref()
                    ),
                )
                .at(text, span.start))
            }
        };
        entries.push((key.get_ref().to_string(), span, word));
    }
    Ok(entries)
}

/// A value of `site.toml`'s `[strings]` as a word.
fn word_of(value: &toml::Value) -> Option<Word> {
    match value {
        toml::Value::String(s) => Some(Word::Text(s.clone())),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .map(Word::List),
        toml::Value::Table(forms) => forms
            .iter()
            .map(|(c, f)| Some((c.clone(), f.as_str()?.to_string())))
            .collect::<Option<_>>()
            .map(Word::Forms),
        _ => None,
    }
}

/// What is wrong with an author's `word` for `key`, written at byte `at`
/// of `file`'s `text`, if anything.
fn check(key: &str, word: &Word, file: &Path, text: &str, at: usize) -> Result<(), Diagnostic> {
    let error = |message: String| Err(Diagnostic::error(file, message).at(text, at));
    let Some(english) = english().get(key) else {
        let mut problem =
            Diagnostic::warning(file, format!("the theme has no words called `{key}`"))
                .at(text, at);
        if let Some(near) = closest(key, english().keys().map(String::as_str)) {
            problem = problem.with_help(format!("did you mean `{near}`?"));
        }
        return Err(problem);
    };
    if std::mem::discriminant(english) != std::mem::discriminant(word) {
        return error(format!("`{key}` must be {}", english.kind()));
    }
    match word {
        Word::Forms(forms) => {
            if let Some(bad) = forms.keys().find(|c| !CATEGORIES.contains(&c.as_str())) {
                return error(format!(
                    "`{key}`: `{bad}` is not a plural category (zero, one, two, few, many, other)"
                ));
            }
            if !forms.contains_key("other") {
                return error(format!(
                    "`{key}` needs an `other` form, used for every number no other form covers"
                ));
            }
        }
        Word::List(items) if key == "months" && items.len() != 12 => {
            return error(format!("`months` must name 12 months, not {}", items.len()));
        }
        _ => {}
    }
    Ok(())
}

/// The warning for a language whose words are partly English.
fn missing_words(language: &str, missing: &[&str], file: Option<&Path>) -> Diagnostic {
    let total = english().len();
    let file_name = file.map_or_else(
        || format!("i18n/{language}.toml"),
        |f| f.display().to_string().replace('\\', "/"),
    );
    let shown: Vec<String> = missing.iter().take(5).map(|k| format!("`{k}`")).collect();
    let more = if missing.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    Diagnostic::warning(
        "site.toml",
        format!(
            "the theme has no words in `{language}` for {} of its {total} strings ({}{more}); they are shown in English",
            missing.len(),
            shown.join(", ")
        ),
    )
    .with_help(format!(
        "write them in `{file_name}`, with the keys of lectern's English table (see the README's \"Languages\")"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_have_the_english_keys_and_valid_forms() {
        for (language, _) in BUILT_IN {
            let table = built_in_table(language).unwrap();
            let keys: Vec<&String> = table.keys().collect();
            let english: Vec<&String> = super::english().keys().collect();
            assert_eq!(keys, english, "{language}");
            for (key, word) in table {
                let problem = check(key, word, Path::new(language), "", 0);
                assert!(problem.is_ok(), "{language}: {problem:?}");
            }
        }
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let questions = |language: &str, n| Words::built_in(language).count("questions", n, &[]);
        assert_eq!(questions("en", 1), "1 question");
        assert_eq!(questions("en", 2), "2 questions");
        assert_eq!(questions("en", 0), "0 questions");
        // French: 0 and 1 are singular.
        assert!(!questions("fr", 0).ends_with('s'), "{}", questions("fr", 0));
        assert!(questions("fr", 2).ends_with('s'));
        // Russian: 1, 21 (one); 2–4, 22 (few); 5–20, 25, 11 (many).
        let ru: Vec<String> = [1, 21, 2, 22, 5, 11, 25].map(|n| questions("ru", n)).into();
        assert_eq!(ru[0].split(' ').nth(1), ru[1].split(' ').nth(1));
        assert_eq!(ru[2].split(' ').nth(1), ru[3].split(' ').nth(1));
        assert_eq!(ru[4].split(' ').nth(1), ru[5].split(' ').nth(1));
        assert_eq!(ru[4].split(' ').nth(1), ru[6].split(' ').nth(1));
        assert_ne!(ru[0].split(' ').nth(1), ru[2].split(' ').nth(1));
        assert_ne!(ru[2].split(' ').nth(1), ru[4].split(' ').nth(1));
        // Polish: 22 is "few" but 12 is "many", unlike 2.
        let pl = |n| questions("pl", n).split(' ').nth(1).unwrap().to_string();
        assert_eq!(pl(2), pl(22));
        assert_eq!(pl(12), pl(5));
        assert_ne!(pl(2), pl(12));
        assert_ne!(pl(1), pl(2));
        // A regional tag takes its language's rules and words.
        assert_eq!(questions("pt-BR", 2), questions("pt", 2));
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let date = Date::parse("2026-11-20").unwrap();
        let day = |language: &str| Words::built_in(language).date(&date);
        assert_eq!(day("en"), "20 November 2026");
        assert_eq!(day("de"), "20. November 2026");
        assert_eq!(day("fr"), "20 novembre 2026");
        assert_eq!(day("es"), "20 de noviembre de 2026");
        assert_eq!(day("ja"), "2026年11月20日");
        assert!(day("ru").starts_with("20 ноября 2026"), "{}", day("ru"));
        assert_eq!(day("pl"), "20 listopada 2026");
    }

    #[test]
    fn direction_follows_the_script() {
        for (language, dir) in [
            ("ar", "rtl"),
            ("he", "rtl"),
            ("fa-IR", "rtl"),
            ("ur", "rtl"),
            ("en", "ltr"),
            ("ru", "ltr"),
            ("az-Arab", "rtl"),
        ] {
            assert_eq!(Words::built_in(language).direction(), dir, "{language}");
        }
    }

    #[test]
    fn templates_call_t_for_words_forms_and_placeholders() {
        use tera::Function;
        let t = Translate(Words::built_in("de"));
        let call = |args: &[(&str, tera::Value)]| {
            let args = args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            t.call(&args).map(|v| v.as_str().unwrap().to_string())
        };
        let key = |k: &str| ("key", tera::Value::from(k));
        assert_eq!(call(&[key("on_this_page")]).unwrap(), "Auf dieser Seite");
        assert_eq!(
            call(&[key("questions"), ("n", 1.into())]).unwrap(),
            "1 Frage"
        );
        assert_eq!(
            call(&[key("questions"), ("n", 3.into())]).unwrap(),
            "3 Fragen"
        );
        let name = ("name", tera::Value::from("Beine"));
        assert_eq!(
            call(&[key("tag_title"), name]).unwrap(),
            "Schlagwort: Beine"
        );
        assert!(call(&[key("on_this_pag")])
            .unwrap_err()
            .to_string()
            .contains("no words called"));
        assert!(call(&[key("questions")])
            .unwrap_err()
            .to_string()
            .contains("n=…"));
    }

    #[test]
    fn placeholders_are_filled_once_each() {
        assert_eq!(
            fill("{n} of {pages}", &[("n", "2"), ("pages", "3")]),
            "2 of 3"
        );
        assert_eq!(
            fill("{n} {unknown} {", &[("n", "{pages}"), ("pages", "x")]),
            "{pages} {unknown} {"
        );
    }

    #[test]
    fn words_that_never_change_are_written_into_the_templates() {
        let mut words = Words::built_in("en");
        words
            .words
            .insert("x".into(), Word::Text("<{% raw %}>".into()));
        let source = "<p>{{ t(key=\"on_this_page\") }}</p>{{ t(key=\"x\") }}{{ t(key=\"questions\", n=2) }}{{ t(key=\"nope\") }}";
        assert_eq!(
            inline_words(source, &words),
            "<p>On this page</p>&lt;&#123;% raw %&#125;&gt;{{ t(key=\"questions\", n=2) }}{{ t(key=\"nope\") }}"
        );
    }

    #[test]
    fn author_words_are_checked() {
        let at = |key: &str, word: Word| check(key, &word, Path::new("i18n/de.toml"), "x", 0);
        let typo = at("on_this_pag", Word::Text("x".into())).unwrap_err();
        assert!(!typo.is_error());
        assert_eq!(typo.help.as_deref(), Some("did you mean `on_this_page`?"));
        let wrong = at("questions", Word::Text("x".into())).unwrap_err();
        assert!(
            wrong.is_error() && wrong.message.contains("plural forms"),
            "{}",
            wrong.message
        );
        let forms = |pairs: &[(&str, &str)]| {
            Word::Forms(
                pairs
                    .iter()
                    .map(|(c, f)| (c.to_string(), f.to_string()))
                    .collect(),
            )
        };
        assert!(at("questions", forms(&[("one", "{n} Frage")]))
            .unwrap_err()
            .message
            .contains("`other`"));
        assert!(at("questions", forms(&[("several", "x"), ("other", "y")]))
            .unwrap_err()
            .message
            .contains("not a plural category"));
        assert!(at(
            "questions",
            forms(&[("one", "{n} Frage"), ("other", "{n} Fragen")])
        )
        .is_ok());
    }
}
