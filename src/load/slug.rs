//! Heading ids and URL slugs.

use std::collections::HashMap;

/// A heading id by GitHub's rules (those of github-slugger, which GitHub's
/// own pages follow), from the heading's text as GitHub has it: lowercase;
/// every character dropped except letters (and other alphabetic characters,
/// such as Ⓐ), marks, decimal and letter numbers (`7`, `Ⅻ`), connector
/// punctuation (`_`), `-` and the space; each space becomes `-`. Nothing is
/// trimmed, so `C++ and C` gives `c-and-c` and `a - b` gives `a---b`.
/// A fragment that works on GitHub works on the site.
pub fn heading_id(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c == '-' || kept_in_id(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Whether GitHub keeps `c` in a heading id, by its Unicode general
/// category (`char` has no method for marks, connector punctuation, or
/// decimal numbers apart from other numbers such as `²`).
fn kept_in_id(c: char) -> bool {
    use unicode_properties::UnicodeGeneralCategory;
    use unicode_properties::{GeneralCategory as C, GeneralCategoryGroup as G};
    c.is_alphabetic()
        || matches!(c.general_category_group(), G::Letter | G::Mark)
        || matches!(
            c.general_category(),
            C::DecimalNumber | C::LetterNumber | C::ConnectorPunctuation
        )
}

/// Hands out ids that are unique within one page, as GitHub does: the second
/// `intro` becomes `intro-1`, the third `intro-2`.
#[derive(Default)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    /// Reserves an id chosen by the author (`{#id}`), as is.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let Some(&count) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut count = count;
        loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), count);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// How names become URLs, from `site.toml`'s `slugify`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// Letters of every script are kept: `/осанка/`, `/übungen/`.
    #[default]
    Unicode,
    /// Letters are transliterated to ASCII: `/osanka/`, `/ubungen/`.
    Ascii,
}

/// The URL slug of a title, a file name, a tag or a category:
/// `"Knee-to-chest Twist!"` → `knee-to-chest-twist`, `"Übungen"` →
/// `übungen` (`ubungen` in ASCII). Letters, marks and numbers of every
/// script are kept, lowercased and in their composed form; `_` is kept;
/// a `+` or `#` after a letter or number (`C++`, `C#`) is spelled out
/// (`c-plus-plus`, `c-sharp`), so those names keep pages of their own; any
/// other run of characters becomes one `-`. Empty when the text has no
/// letter or number.
pub fn slugify(text: &str, style: SlugStyle) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text: String = match style {
        SlugStyle::Unicode if text.is_ascii() => text.to_string(),
        SlugStyle::Unicode => text.nfc().collect(),
        SlugStyle::Ascii => transliterate(text),
    };
    // Whole, for the rules that depend on context (a final `Σ` is `ς`).
    let text = text.to_lowercase();
    let mut slug = String::with_capacity(text.len());
    let mut gap = false;
    let mut previous = None;
    for c in text.chars() {
        let word = match c {
            '+' => Some("plus"),
            '#' => Some("sharp"),
            _ => None,
        };
        match word {
            // Only after a letter, a number or another `+`: `+1` and
            // `#hashtag` drop the sign.
            Some(word) if previous.is_some_and(|p: char| p == c || kept_in_id(p)) => {
                slug.push('-');
                slug.push_str(word);
                gap = true;
            }
            _ if c == '_' || (c != '-' && kept_in_id(c)) => {
                if gap && !slug.is_empty() {
                    slug.push('-');
                }
                gap = false;
                slug.push(c);
            }
            _ => gap = true,
        }
        previous = Some(c);
    }
    slug
}

/// `text` in ASCII letters: `Здоровье` → `Zdorove`. The apostrophes some
/// letters become (the soft sign `ь`, say) are dropped, as they are not
/// read as a break between words.
fn transliterate(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        match c.is_ascii() {
            true => ascii.push(c),
            false => {
                let letters = deunicode::deunicode_char(c).unwrap_or("");
                ascii.extend(letters.chars().filter(|&c| c != '\''));
            }
        }
    }
    ascii
}

/// Why an author's slug cannot be used as a URL path, if it cannot.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    for segment in slug.split('/') {
        if segment == ".." || segment == "." {
            return Err(format!(
                "the slug `{slug}` has a `{segment}` segment, which would leave the output folder"
            ));
        }
        if segment.is_empty() {
            return Err(format!(
                "the slug `{slug}` has an empty segment (`//` or a leading or trailing `/`)"
            ));
        }
        if let Some(c) = segment
            .chars()
            .find(|&c| !(kept_in_id(c) || "-_.".contains(c)))
        {
            return Err(format!(
                "the slug `{slug}` contains `{c}`, which is not safe in a URL (use letters, digits, `-`, `_` and `.`)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        // (heading text as GitHub has it, the id GitHub gives it)
        let table = [
            ("Why does my back hurt?", "why-does-my-back-hurt"),
            ("C++ for beginners", "c-for-beginners"),
            ("C# and F#", "c-and-f"),
            ("Strain vs. sprain", "strain-vs-sprain"),
            ("What's new in 2.0", "whats-new-in-20"),
            ("Rock & roll", "rock--roll"),
            ("Knee-to-chest  twist", "knee-to-chest--twist"),
            (" leading and trailing ", "-leading-and-trailing-"),
            ("a - b", "a---b"),
            ("--flag", "--flag"),
            ("snake_case and __init__", "snake_case-and-__init__"),
            ("‿ tie", "‿-tie"),
            ("🎉 Release notes", "-release-notes"),
            ("Party 🎉🎉 time", "party--time"),
            (":smile: emoji", "smile-emoji"),
            ("Привет мир", "привет-мир"),
            ("日本語の見出し", "日本語の見出し"),
            ("ΟΔΟΣ", "οδος"),
            ("हिन्दी भाषा", "हिन्दी-भाषा"),
            ("Café au lait", "café-au-lait"),
            ("Cafe\u{301} crème", "cafe\u{301}-crème"),
            ("Über uns", "über-uns"),
            ("İstanbul", "i\u{307}stanbul"),
            ("x² + y²", "x--y"),
            ("Chapter Ⅻ", "chapter-ⅻ"),
            ("Ⓐ circled", "ⓐ-circled"),
            ("$100 € prices", "100--prices"),
            ("100%", "100"),
            ("[brackets] (parens) {braces}", "brackets-parens-braces"),
            ("path/to/file.rs", "pathtofilers"),
            ("Vec::new() returns", "vecnew-returns"),
            ("en–dash and em—dash", "endash-and-emdash"),
            ("“Quoted” ‘text’", "quoted-text"),
            ("tab\there", "tabhere"),
            ("no\u{a0}break", "nobreak"),
            ("zero\u{200b}width", "zerowidth"),
            ("ﾃｽﾄ 全角", "ﾃｽﾄ-全角"),
        ];
        for (text, id) in table {
            assert_eq!(heading_id(text), id, "{text:?}");
        }
    }

    #[test]
    fn duplicate_ids_are_numbered() {
        let mut ids = UniqueIds::default();
        ids.reserve("intro-1");
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique(""), "section");
        // As GitHub numbers them: a generated id never takes one given out.
        let mut ids = UniqueIds::default();
        let given: Vec<_> = ["step", "step", "step 1", "step-1", "step"]
            .iter()
            .map(|text| ids.unique(&heading_id(text)))
            .collect();
        assert_eq!(given, ["step", "step-1", "step-1-1", "step-1-2", "step-2"]);
    }

    #[test]
    fn slugs() {
        let unicode = |text| slugify(text, SlugStyle::Unicode);
        let ascii = |text| slugify(text, SlugStyle::Ascii);
        // (text, its Unicode slug, its ASCII slug)
        let table = [
            (
                "Knee-to-chest Twist!",
                "knee-to-chest-twist",
                "knee-to-chest-twist",
            ),
            ("  What's a strain?  ", "what-s-a-strain", "what-s-a-strain"),
            ("осанка", "осанка", "osanka"),
            ("Спина и шея", "спина-и-шея", "spina-i-sheia"),
            ("Übungen", "übungen", "ubungen"),
            // Decomposed, as some file systems store names: the same slug.
            ("U\u{308}bungen", "übungen", "ubungen"),
            ("日本語", "日本語", "ri-ben-yu"),
            ("اللغة العربية", "اللغة-العربية", "llg-l-rby"),
            ("ΟΔΟΣ", "οδος", "odos"),
            ("Здоровье", "здоровье", "zdorove"),
            ("C++", "c-plus-plus", "c-plus-plus"),
            ("C#", "c-sharp", "c-sharp"),
            ("c", "c", "c"),
            (
                "F# for C++ users",
                "f-sharp-for-c-plus-plus-users",
                "f-sharp-for-c-plus-plus-users",
            ),
            ("#hashtag", "hashtag", "hashtag"),
            ("+1 reps", "1-reps", "1-reps"),
            ("snake_case", "snake_case", "snake_case"),
            ("Node.js & npm", "node-js-npm", "node-js-npm"),
            ("--a--b--", "a-b", "a-b"),
            ("🎉", "", "tada"),
            ("", "", ""),
        ];
        for (text, u, a) in table {
            assert_eq!(unicode(text), u, "{text:?}");
            assert_eq!(ascii(text), a, "{text:?}");
        }
    }

    #[test]
    fn author_slugs() {
        assert!(check_slug("guides/stretching").is_ok());
        assert!(check_slug("упражнения/осанка").is_ok());
        assert!(check_slug("../etc")
            .unwrap_err()
            .contains("leave the output folder"));
        assert!(check_slug("a b").unwrap_err().contains("not safe in a URL"));
        assert!(check_slug("a?b").unwrap_err().contains("not safe in a URL"));
        assert!(check_slug("a%20b")
            .unwrap_err()
            .contains("not safe in a URL"));
    }
}
