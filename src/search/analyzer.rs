//! Words to index terms: lowercase, split, stopwords left out, Snowball
//! stems for the site's language; and the per-article vocabulary they are
//! counted into.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as Map;

use super::STOPWORDS;

/// Splits text into index terms and stems them for the site's language.
pub(super) struct Analyzer {
    stemmer: Stemmer,
    /// Whether the English stopwords apply (English, or a language without
    /// a stemmer, where English words are the likely noise).
    pub(super) stopwords: bool,
}

impl Analyzer {
    /// For a BCP 47 language tag (`en`, `de-CH`); English when the language
    /// has no Snowball stemmer.
    pub(super) fn new(language: &str) -> Analyzer {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let algorithm = match primary.as_str() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "nl" => Some(Algorithm::Dutch),
            "en" => Some(Algorithm::English),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "es" => Some(Algorithm::Spanish),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        Analyzer {
            stemmer: Stemmer::create(algorithm.unwrap_or(Algorithm::English)),
            stopwords: matches!(algorithm, None | Some(Algorithm::English)),
        }
    }

    /// The words of `text` worth indexing: lowercase, split at anything
    /// that is not a letter or digit, without one-letter words and
    /// stopwords.
    #[cfg(test)]
    pub(super) fn words(&self, text: &str) -> Vec<String> {
        self.split(&text.to_lowercase())
            .map(str::to_string)
            .collect()
    }

    /// The words of lowercase `text`.
    fn split<'a>(&'a self, text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().nth(1).is_some())
            .filter(|w| !(self.stopwords && w.len() <= 5 && STOPWORDS.binary_search(w).is_ok()))
    }

    /// The word's stem, when it differs from the word.
    pub(super) fn stem(&self, word: &str) -> Option<String> {
        if word.contains(|c: char| c.is_numeric()) {
            return None;
        }
        let stem = self.stemmer.stem(word);
        (stem != word && stem.chars().nth(1).is_some()).then(|| stem.into_owned())
    }

    /// Adds `weight` for every occurrence of each term of `text` (the word
    /// and its stem), at most `cap` per word.
    pub(super) fn count(
        &self,
        text: &str,
        (weight, cap): (u32, u32),
        vocab: &mut Vocab,
        stems: &mut Stems,
        into: &mut Map<u32, u32>,
    ) {
        let text = text.to_lowercase();
        // A map kept between calls, so it is not grown again for each section.
        let mut counts = std::mem::take(&mut vocab.scratch);
        counts.clear();
        for word in self.split(&text) {
            *counts.entry(vocab.id(word)).or_default() += weight;
        }
        for (&word, &n) in &counts {
            let n = n.min(cap);
            if let Some(stem) = vocab.stem(word, self, stems) {
                *into.entry(stem).or_default() += n;
            }
            *into.entry(word).or_default() += n;
        }
        vocab.scratch = counts;
    }
}

/// Words and their stems, as far as met; kept from article to article.
pub(super) type Stems = Map<String, Option<String>>;

/// The terms of one article, each allocated once, with their stems.
#[derive(Default)]
pub(super) struct Vocab {
    ids: Map<String, u32>,
    pub(super) terms: Vec<String>,
    /// Per term met as a word: its stem's id, if it has one.
    stems: Vec<Option<Option<u32>>>,
    /// Occurrences per word of the text being counted.
    scratch: Map<u32, u32>,
}

impl Vocab {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        self.stems.push(None);
        id
    }

    fn stem(&mut self, word: u32, analyzer: &Analyzer, cache: &mut Stems) -> Option<u32> {
        if let Some(stem) = self.stems[word as usize] {
            return stem;
        }
        let text = &self.terms[word as usize];
        let stem = match cache.get(text) {
            Some(stem) => stem,
            None => cache
                .entry(text.clone())
                .or_insert_with(|| analyzer.stem(text)),
        };
        let stem = stem.as_deref().map(|s| self.id(s));
        self.stems[word as usize] = Some(stem);
        stem
    }
}
