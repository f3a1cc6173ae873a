//! Full-text search: a static, sharded inverted index that `static/search.js`
//! queries in the browser, loading only the few files a query needs.
//!
//! A document is one section of an article: the text before its first
//! heading (the intro), or what follows an h2/h3 heading (or a question
//! heading of any level) up to the next such heading. Every file is a tiny
//! script calling `window.__lecternSearch(name, data)`, so the browser loads
//! it with a `<script>` tag, which works over http and from `file://` alike:
//!
//! - `search/meta.js`: format version, document count, block size, the
//!   prefixes that have a term shard, the stopwords and a content hash.
//! - `search/terms/<prefix>.js`: the terms starting with those two
//!   characters, each with up to [`MAX_POSTINGS`] `[doc, weight]` pairs in
//!   doc order. Words are indexed as written and as their Snowball stem.
//! - `search/docs/<n>.js`: documents `n * block ..`, each as
//!   `[title, section or null, site path#id, excerpt]`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::article::Article;
use crate::markdown::{self, PlainText};
use crate::resolve::Site;

/// Bumped whenever the layout of the files changes; `search.js` checks it.
pub const FORMAT: u32 = 1;
/// Documents per `docs/<n>.js` file. A query loads the blocks of its ten
/// best results, so blocks stay small: ~40 × ~450 bytes ≈ 18 KB each.
pub const DOCS_PER_BLOCK: usize = 40;
/// The best postings kept per term, which bounds every shard.
pub const MAX_POSTINGS: usize = 200;
/// Characters of a section's text kept for its excerpt.
pub const EXCERPT_CHARS: usize = 300;

/// Weight of a term in its section's heading, added once.
const HEADING_BOOST: u32 = 8;
/// Weight of a term of the article's title in its first document.
const TITLE_BOOST: u32 = 10;
/// Weight of a title term in the article's other documents, so a query
/// mixing a title word and a section word finds that section.
const TITLE_SECTION_BOOST: u32 = 2;
/// Occurrences counted in a section's text, so long sections do not swamp.
const MAX_FREQUENCY: u32 = 20;

/// Common English words left out of the index (with one-letter words).
pub const STOPWORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its", "me",
    "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "you", "your",
];

/// One search result as stored: a section of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// The section's heading; `None` for the intro.
    pub section: Option<String>,
    /// The page's site path, with `#id` for a section (`stretching/#twist`).
    pub url: String,
    /// The section's plain text, cut to [`EXCERPT_CHARS`] for the excerpt.
    pub text: String,
}

/// The search files of `site`: site path (`search/meta.js`,
/// `search/terms/co.js`, `search/docs/0.js`, ...) → bytes.
pub fn index(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let analyzer = Analyzer::new(&site.config.language);
    let per_article: Vec<Vec<(Document, Vec<(String, u32)>)>> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| article_documents(site, i, &analyzer))
        .collect();

    let mut docs: Vec<Document> = Vec::new();
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (doc, terms) in per_article.into_iter().flatten() {
        let id = docs.len() as u32;
        for (term, weight) in terms {
            postings.entry(term).or_default().push((id, weight));
        }
        docs.push(doc);
    }

    let mut shards: BTreeMap<String, BTreeMap<String, Vec<[u32; 2]>>> = BTreeMap::new();
    for (term, mut list) in postings {
        if list.len() > MAX_POSTINGS {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            list.sort_unstable();
        }
        let pairs = list.into_iter().map(|(d, w)| [d, w]).collect();
        shards.entry(prefix(&term)).or_default().insert(term, pairs);
    }

    let mut files = BTreeMap::new();
    for (key, terms) in &shards {
        let name = format!("terms/{}", file_name(key));
        files.insert(format!("search/{name}.js"), script(&name, terms));
    }
    for (n, block) in docs.chunks(DOCS_PER_BLOCK).enumerate() {
        let rows: Vec<(&str, Option<&str>, &str, &str)> = block
            .iter()
            .map(|d| {
                (
                    d.title.as_str(),
                    d.section.as_deref(),
                    d.url.as_str(),
                    d.text.as_str(),
                )
            })
            .collect();
        let name = format!("docs/{n}");
        files.insert(format!("search/{name}.js"), script(&name, &rows));
    }

    let mut hash = Fnv::default();
    for (path, bytes) in &files {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
    let meta = Meta {
        version: FORMAT,
        docs: docs.len(),
        block: DOCS_PER_BLOCK,
        prefixes: shards.keys().map(String::as_str).collect(),
        stopwords: if analyzer.stopwords { STOPWORDS } else { &[] },
        hash: format!("{:016x}", hash.0),
    };
    files.insert("search/meta.js".into(), script("meta", &meta));
    files
}

/// The documents of the whole site, in index order (a document's id is its
/// position).
pub fn documents(site: &Site) -> Vec<Document> {
    let analyzer = Analyzer::new(&site.config.language);
    (0..site.articles.len())
        .flat_map(|i| article_documents(site, i, &analyzer))
        .map(|(doc, _)| doc)
        .collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    block: usize,
    prefixes: Vec<&'a str>,
    stopwords: &'a [&'a str],
    hash: String,
}

/// `window.__lecternSearch("name", data);`
fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    let mut out = format!("window.__lecternSearch({},", serde_json::json!(name)).into_bytes();
    serde_json::to_writer(&mut out, data).expect("search data serializes");
    out.extend_from_slice(b");\n");
    out
}

/// The shard a term belongs to: its first two characters.
pub fn prefix(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A prefix as a file name that any host serves: ASCII letters and digits
/// as they are, any other character as `_<hex code point>_` (`ül` →
/// `_fc_l`). `search.js` does the same.
pub fn file_name(prefix: &str) -> String {
    let mut name = String::new();
    for c in prefix.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    name
}

/// Splits text into index terms and stems them for the site's language.
pub struct Analyzer {
    stemmer: Stemmer,
    /// Whether the English stopwords apply (English, or a language without
    /// a stemmer, where English words are the likely noise).
    stopwords: bool,
}

impl Analyzer {
    /// For a BCP 47 language tag (`en`, `de-CH`); English when the language
    /// has no Snowball stemmer.
    pub fn new(language: &str) -> Analyzer {
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
    pub fn words<'a>(&'a self, text: &'a str) -> impl Iterator<Item = String> + 'a {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().nth(1).is_some())
            .map(str::to_lowercase)
            .filter(move |w| !(self.stopwords && STOPWORDS.contains(&w.as_str())))
    }

    /// The word's stem, when it differs from the word.
    pub fn stem(&self, word: &str) -> Option<String> {
        if word.contains(|c: char| c.is_numeric()) {
            return None;
        }
        let stem = self.stemmer.stem(word);
        (stem != word && stem.chars().nth(1).is_some()).then(|| stem.into_owned())
    }

    /// Adds `weight` for every occurrence of each term of `text` (the word
    /// and its stem), at most `cap` in all per term.
    fn count(&self, text: &str, weight: u32, cap: u32, into: &mut HashMap<String, u32>) {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for word in self.words(text) {
            if let Some(stem) = self.stem(&word) {
                *counts.entry(stem).or_default() += weight;
            }
            *counts.entry(word).or_default() += weight;
        }
        for (term, n) in counts {
            *into.entry(term).or_default() += n.min(cap);
        }
    }
}

/// A section of an article while its text is gathered.
struct Section {
    /// Index into the article's headings; `None` for the intro.
    heading: Option<usize>,
    text: PlainText,
}

/// Splits an article's body into sections, walking its Markdown once.
fn sections(article: &Article) -> Vec<Section> {
    let body = &article.text[article.body_offset..];
    let splits: BTreeSet<usize> = article
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level <= 3)
        .map(|(i, _)| i)
        .chain(article.questions.iter().filter_map(|q| q.heading))
        .collect();
    let mut out = vec![Section {
        heading: None,
        text: PlainText::default(),
    }];
    let mut headings = 0..article.headings.len();
    let mut skip_title = article.has_title_heading;
    // Inside a heading whose text is not section text (the title, or a
    // heading that starts a section and is stored as its name).
    let mut hidden = false;
    for event in markdown::parser(body) {
        let text = &mut out.last_mut().expect("a section").text;
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if std::mem::take(&mut skip_title) {
                    hidden = true;
                    continue;
                }
                match headings.next() {
                    Some(i) if splits.contains(&i) => {
                        hidden = true;
                        out.push(Section {
                            heading: Some(i),
                            text: PlainText::default(),
                        });
                    }
                    // A deeper heading is part of its section's text.
                    _ => text.space(),
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                hidden = false;
                text.space();
            }
            Event::Text(t) | Event::Code(t) if !hidden => text.push(&t),
            Event::SoftBreak | Event::HardBreak if !hidden => text.push(" "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => text.space(),
            _ => {}
        }
    }
    out
}

/// An article's documents with their weighted terms.
fn article_documents(
    site: &Site,
    index: usize,
    analyzer: &Analyzer,
) -> Vec<(Document, Vec<(String, u32)>)> {
    let article = &site.articles[index];
    let path = site.path_of(index);
    let mut title_terms = HashMap::new();
    analyzer.count(&article.title, 1, 1, &mut title_terms);

    let sections = sections(article);
    let only_intro = sections.len() == 1;
    let mut out = Vec::new();
    for section in sections {
        let text = section.text.finish();
        let heading = section.heading.map(|i| &article.headings[i]);
        if heading.is_none() && text.is_empty() && !only_intro {
            continue;
        }
        let mut terms = HashMap::new();
        analyzer.count(&text, 1, MAX_FREQUENCY, &mut terms);
        if let Some(h) = heading {
            analyzer.count(&h.text, HEADING_BOOST, HEADING_BOOST, &mut terms);
        }
        let boost = if out.is_empty() {
            TITLE_BOOST
        } else {
            TITLE_SECTION_BOOST
        };
        for term in title_terms.keys() {
            *terms.entry(term.clone()).or_default() += boost;
        }
        let mut terms: Vec<(String, u32)> = terms.into_iter().collect();
        terms.sort_unstable();
        let url = match heading {
            Some(h) => format!("{path}#{}", h.id),
            None => path.clone(),
        };
        out.push((
            Document {
                title: article.title.clone(),
                section: heading.map(|h| h.text.clone()),
                url,
                text: markdown::excerpt(&text, EXCERPT_CHARS),
            },
            terms,
        ));
    }
    out
}

/// FNV-1a, a hash that stays the same across Rust versions.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
