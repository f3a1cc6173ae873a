//! Words to index terms: lowercase, split, stopwords left out, Snowball
//! stems for the site's language; and the per-article vocabulary they are
//! counted into.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as Map;

use super::STOPWORDS;
use crate::load::markdown::unspaced;

/// Splits text into index terms and stems them for the site's language.
pub(super) struct Analyzer {
    stemmer: Stemmer,
    /// Whether the English stopwords apply (English, or a language without
    /// a stemmer, where English words are the likely noise).
    pub(super) stopwords: bool,
    /// The stopwords as [`packed`] numbers, sorted.
    stop: Vec<u64>,
}

/// A word of at most eight bytes as a number, so that comparing two is
/// one instruction.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut b = [0u8; 8];
        b[..bytes.len()].copy_from_slice(bytes);
        u64::from_be_bytes(b)
    })
}

impl Analyzer {
    /// For a BCP 47 language tag (`en`, `de-CH`); English when the language
    /// has no Snowball stemmer.
    pub(super) fn new(language: &str) -> Analyzer {
        let primary = crate::load::i18n::primary(language);
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
        let stopwords = matches!(algorithm, None | Some(Algorithm::English));
        let mut stop: Vec<u64> = STOPWORDS.iter().filter_map(|w| packed(w)).collect();
        stop.sort_unstable();
        Analyzer {
            stemmer: Stemmer::create(algorithm.unwrap_or(Algorithm::English)),
            stopwords,
            stop,
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

    /// The words of lowercase `text`; in scripts written without spaces
    /// (Chinese, Japanese, Thai…), each pair of neighbouring characters.
    fn split<'a>(&'a self, text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        text.split(|c: char| !c.is_alphanumeric())
            .flat_map(pieces)
            .filter(|w| w.chars().nth(1).is_some() || w.chars().any(unspaced))
            .filter(|w| !self.is_stopword(w))
    }

    fn is_stopword(&self, word: &str) -> bool {
        self.stopwords
            && word.len() <= 5
            && packed(word).is_some_and(|p| self.stop.binary_search(&p).is_ok())
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
    /// and its stem), at most `cap` per word; leaves the terms met in
    /// `vocab.met`.
    pub(super) fn count(
        &self,
        text: &str,
        (weight, cap): (u32, u32),
        vocab: &mut Vocab,
        into: &mut Weights,
    ) {
        // Occurrences per word, kept in the vocabulary between calls so
        // nothing is allocated per word.
        let mut touched = std::mem::take(&mut vocab.touched);
        let mut add = |vocab: &mut Vocab, word: &str| {
            let id = vocab.id(word);
            let n = &mut vocab.counts[id as usize];
            if *n == 0 {
                touched.push(id);
            }
            *n += weight;
        };
        if text.is_ascii() {
            // The same words, without lowercasing the whole text first.
            let mut lower = String::new();
            for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
                if word.len() < 2 {
                    continue;
                }
                let word = if word.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                    lower.as_str()
                } else {
                    word
                };
                if !self.is_stopword(word) {
                    add(vocab, word);
                }
            }
        } else {
            let text = text.to_lowercase();
            for word in self.split(&text) {
                add(vocab, word);
            }
        }
        vocab.met.clear();
        for &word in &touched {
            let n = std::mem::take(&mut vocab.counts[word as usize]).min(cap);
            if let Some(stem) = vocab.stem(word, self) {
                into.add(stem, n);
                if !vocab.met.contains(&stem) {
                    vocab.met.push(stem);
                }
            }
            into.add(word, n);
            if !vocab.met.contains(&word) {
                vocab.met.push(word);
            }
        }
        touched.clear();
        vocab.touched = touched;
    }
}

/// The index terms of one word: the word itself, or, where it has runs of
/// [`unspaced`] characters, the other runs whole and each pair of
/// neighbouring characters of those runs (a run of one, alone).
fn pieces(word: &str) -> Pieces<'_> {
    if !word.chars().any(unspaced) {
        return Pieces::Whole(Some(word));
    }
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let end = |i: usize| chars.get(i).map_or(word.len(), |&(at, _)| at);
    let mut i = 0;
    while i < chars.len() {
        let kind = unspaced(chars[i].1);
        let mut j = i;
        while j < chars.len() && unspaced(chars[j].1) == kind {
            j += 1;
        }
        if !kind || j - i == 1 {
            out.push(&word[chars[i].0..end(j)]);
        } else {
            out.extend((i..j - 1).map(|k| &word[chars[k].0..end(k + 2)]));
        }
        i = j;
    }
    Pieces::Split(out.into_iter())
}

enum Pieces<'a> {
    Whole(Option<&'a str>),
    Split(std::vec::IntoIter<&'a str>),
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Pieces::Whole(word) => word.take(),
            Pieces::Split(pieces) => pieces.next(),
        }
    }
}

/// A term's stem not looked up yet, and a term without one.
const UNKNOWN: u32 = u32::MAX;
const NO_STEM: u32 = u32::MAX - 1;

/// The terms met so far (by a thread's share of the articles), each
/// allocated once, and each word stemmed once.
#[derive(Default)]
pub(super) struct Vocab {
    ids: Map<String, u32>,
    pub(super) terms: Vec<String>,
    /// Per term met as a word: its stem's id, [`NO_STEM`] or [`UNKNOWN`].
    stems: Vec<u32>,
    /// Per term: its occurrences in the text being counted.
    counts: Vec<u32>,
    /// The terms whose `counts` are not zero.
    touched: Vec<u32>,
    /// The terms the last text counted held, each once.
    pub(super) met: Vec<u32>,
}

impl Vocab {
    /// The id of `term`, if it was met.
    pub(super) fn find(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        self.stems.push(UNKNOWN);
        self.counts.push(0);
        id
    }

    fn stem(&mut self, word: u32, analyzer: &Analyzer) -> Option<u32> {
        let known = self.stems[word as usize];
        if known != UNKNOWN {
            return (known != NO_STEM).then_some(known);
        }
        let stem = analyzer
            .stem(&self.terms[word as usize])
            .map(|s| self.id(&s));
        self.stems[word as usize] = stem.unwrap_or(NO_STEM);
        stem
    }
}

/// A document's weight per term id, with the ids that have one.
#[derive(Default)]
pub(super) struct Weights {
    weights: Vec<u32>,
    touched: Vec<u32>,
}

impl Weights {
    pub(super) fn add(&mut self, term: u32, n: u32) {
        if n == 0 {
            return;
        }
        let i = term as usize;
        if i >= self.weights.len() {
            self.weights.resize(i + 1, 0);
        }
        if self.weights[i] == 0 {
            self.touched.push(term);
        }
        self.weights[i] += n;
    }

    pub(super) fn get(&self, term: u32) -> u32 {
        self.weights.get(term as usize).copied().unwrap_or(0)
    }

    /// Lowers every weight over `max` to it.
    pub(super) fn cap(&mut self, max: u32) {
        for &t in &self.touched {
            let w = &mut self.weights[t as usize];
            *w = (*w).min(max);
        }
    }

    /// The terms with a weight, in the order first added.
    pub(super) fn terms(&self) -> &[u32] {
        &self.touched
    }

    /// Each term and its weight, emptying `self`.
    pub(super) fn drain(&mut self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let weights = &mut self.weights;
        self.touched
            .drain(..)
            .map(move |t| (t, std::mem::take(&mut weights[t as usize])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms `count` finds in `text` and their weights, by term.
    fn counted(text: &str) -> Vec<(String, u32)> {
        let (analyzer, mut vocab, mut weights) =
            (Analyzer::new("en"), Vocab::default(), Weights::default());
        analyzer.count(text, (1, 3), &mut vocab, &mut weights);
        let mut out: Vec<(String, u32)> = weights
            .drain()
            .map(|(t, w)| (vocab.terms[t as usize].clone(), w))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn unspaced_scripts_are_indexed_by_pairs_of_characters() {
        let ja = Analyzer::new("ja");
        assert_eq!(ja.words("腰痛の予防"), ["腰痛", "痛の", "の予", "予防"]);
        // Other scripts in the same word stay whole; a lone ideograph is a term.
        assert_eq!(
            ja.words("ストレッチ3回"),
            ["スト", "トレ", "レッ", "ッチ", "回"]
        );
        assert_eq!(
            Analyzer::new("zh").words("腰 back 背痛"),
            ["腰", "back", "背痛"]
        );
    }

    #[test]
    fn ascii_text_counts_as_any_other() {
        let text = "The Stretches: stretching, STRETCH-ing and 2x3 reps; a b cd. Stretch stretch!";
        // A lone non-ASCII letter is no word, but takes the general path.
        assert_eq!(counted(text), counted(&format!("{text} é")));
        let found = counted(text);
        // "stretch" three times (the cap), and as the stem of two more words.
        assert!(found.contains(&("stretch".to_string(), 5)), "{found:?}");
        assert!(found.contains(&("stretches".to_string(), 1)));
        assert!(found.contains(&("2x3".to_string(), 1)));
        assert!(found.contains(&("cd".to_string(), 1)));
        assert!(!found
            .iter()
            .any(|(t, _)| t == "the" || t == "and" || t == "a"));
    }
}
