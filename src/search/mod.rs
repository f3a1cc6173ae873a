//! Full-text search: a static, sharded inverted index that `static/search.js`
//! queries in the browser, loading only the few files a query needs.
//! Receives the resolved site; hands on the index's files (site path →
//! bytes), which the build adds to the pages.
//!
//! A document is one section of an article: the text before its first
//! heading (the intro), or what follows an h2/h3 heading (or a question
//! heading of any level) up to the next such heading. Every file is a tiny
//! script calling `window.__lecternSearch(name, data)`, so the browser loads
//! it with a `<script>` tag, which works over http and from `file://` alike:
//!
//! - `search/meta.js`: format version, document count, block size, the
//!   postings cap, the prefixes that have a term shard, the stopwords, the
//!   words the search box shows in the site's language and a content hash.
//! - `search/terms/<prefix>.js`: the terms starting with those two
//!   characters, each with up to [`MAX_POSTINGS`] postings in doc order as
//!   one string (see [`encode::postings`]: per posting the gap since the
//!   last doc and the weight, in a character or two each), or, for a list
//!   that was cut, `[postings, term]` naming the `all/` file of its
//!   documents. Words are indexed as written and as their Snowball stem. A
//!   shard over [`SHARD_BYTES`] is split by a further character (`co` into
//!   `con`, `cor`, ...; terms as long as the prefix stay in `co`), so a site
//!   with a large vocabulary still loads little per word.
//! - `search/all/<term>.js`: for a term in [`MAX_POSTINGS`] documents or
//!   more, every document holding it (see [`membership`]), so that a
//!   query of several common words still finds the sections holding all.
//!   Terms held by the same documents (a word and its stem, often) share
//!   the file of the first of them.
//! - `search/docs/<n>.js`: documents `n * block ..` (fewer at the end of
//!   a run of [`RUN`] articles, whose ids run to the next block), grouped by page as
//!   `[title, site path, doc, ...]`, each doc the passages kept for the
//!   intro's excerpts (up to [`PASSAGE_CHARS`], one a line), `[section,
//!   passages]`, or `[section, passages, id]` when the heading's id is not
//!   what [`encode::plain_id`] makes of it.
//! - `search/filters.js` and `search/filter/<file>.js`: the search page's
//!   filters by section, category, tag and language (see [`filters`]).
//!
//! The build tokenises each section's text once (the load stage gathers it,
//! see `Article::plain`), counting runs of articles in parallel, each with
//! its own vocabulary that stems each word once; the runs' postings are
//! then joined per term and encoded in parallel. `serve` keeps the runs,
//! the terms' entries and each file's hash: after an edit that leaves
//! every run its blocks, it analyses the edited run again, encodes only
//! the terms whose postings changed, and writes only the shards, `all/`
//! files and blocks of documents that differ.

mod analyzer;
mod encode;
mod sections;
mod terms;

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as Map;
use serde::Serialize;

use crate::load::i18n::Word;
use crate::load::Article;
use crate::resolve::Site;
use analyzer::Analyzer;
use encode::{doc_block, file_name, membership, postings, raw_script, script};
use sections::{article_documents, Chunk, Posting};
use terms::{Changes, Terms};

/// Bumped whenever the layout of the files changes; `search.js` checks it.
const FORMAT: u32 = 3;
/// Documents per `docs/<n>.js` file. A query loads the blocks of its ten
/// best results, so blocks stay small: 25 × ~190 bytes ≈ 5 KB each.
const DOCS_PER_BLOCK: usize = 25;
/// The size over which a term shard is split by a further character.
const SHARD_BYTES: usize = 64 * 1024;
/// The longest shard prefix, in characters.
const MAX_PREFIX: usize = 6;
/// The best postings kept per term, which bounds every shard.
const MAX_POSTINGS: usize = 200;
/// Characters of a section's text kept for its excerpts, in passages of
/// whole sentences (see `sections::passages`).
const PASSAGE_CHARS: usize = 240;
/// The longest passage, in characters: a longer sentence is cut.
const SENTENCE_CHARS: usize = 160;

/// Weight of a term in its section's heading, added once.
const HEADING_BOOST: u32 = 8;
/// Weight of a term of the article's title in its first document.
const TITLE_BOOST: u32 = 10;
/// Weight of a title term in the article's other documents, so a query
/// mixing a title word and a section word finds that section.
const TITLE_SECTION_BOOST: u32 = 2;
/// Occurrences counted in a section's text, so long sections do not swamp.
const MAX_FREQUENCY: u32 = 20;

/// Common English words left out of the index (with one-letter words):
/// sorted, and none longer than five letters.
const STOPWORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its", "me",
    "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "you", "your",
];

/// One search result as kept while the index is made: a section of an
/// article, which it names by places rather than copies of its title and
/// heading (the most numerous thing kept, but for postings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    /// The article, by its place from its chunk's first.
    article: u32,
    /// The section's heading, by its place among the article's; `None` for
    /// the intro.
    heading: Option<u32>,
    /// The passages of the section's plain text kept for its excerpts, one
    /// a line (see `sections::passages`).
    text: Box<str>,
}

/// A document as the index shows it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Shown<'a> {
    pub(crate) title: &'a str,
    /// The section's heading; `None` for the intro.
    pub(crate) section: Option<&'a str>,
    /// The page's site path.
    pub(crate) path: String,
    /// The section's id on the page; empty for the intro.
    pub(crate) id: &'a str,
    pub(crate) text: &'a str,
}

impl Document {
    /// How `site` shows this document of its article `article`.
    fn shown<'a>(&'a self, site: &'a Site, article: usize) -> Shown<'a> {
        let heading = (self.heading).map(|h| &site.articles[article].headings[h as usize]);
        Shown {
            title: &site.articles[article].title,
            section: heading.map(|h| h.text.as_str()),
            path: site.path_of(article),
            id: heading.map_or("", |h| h.id.as_str()),
            text: &self.text,
        }
    }
}

/// Whether a site path is one of the index's files (not the search page).
pub(crate) fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path != "search/index.html"
}

/// Removes the index's files from `files`, looking only where they are.
pub(crate) fn remove_index_files(files: &mut BTreeMap<String, Arc<Vec<u8>>>) {
    // `0` follows `/`: the range holds every path in `search/`.
    use std::ops::Bound::{Excluded, Included};
    let index: Vec<String> = (files.range::<str, _>((Included("search/"), Excluded("search0"))))
        .map(|(path, _)| path)
        .filter(|path| is_index_file(path))
        .cloned()
        .collect();
    for path in index {
        files.remove(&path);
    }
}

/// The search files of `site`: site path (`search/meta.js`,
/// `search/terms/co.js`, `search/docs/0.js`, ...) → bytes.
pub(crate) fn index(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let analyzer = Analyzer::new(&site.config.language);
    let chunks = chunks(site, &analyzer);
    let mut kept = Analysed::default();
    let files = index_with(
        site,
        &analyzer,
        &chunks,
        None,
        &mut kept,
        SHARD_BYTES,
        MAX_POSTINGS,
    );
    (files.into_iter())
        .filter_map(|(path, bytes)| Some((path, bytes?)))
        .collect()
}

/// Like [`index`], analysing again only the runs of articles of `site`
/// that differ from those `analysed` holds, which it then holds instead.
/// What changed since that index: the files written, and those removed
/// (`None`). When the documents keep their numbers, only the terms whose
/// postings changed are encoded again.
pub(crate) fn index_reusing(site: &Site, analysed: &mut Analysed) -> Changes {
    reindex(site, analysed, SHARD_BYTES, MAX_POSTINGS)
}

/// [`index_reusing`] with shards of `shard_bytes` and `cap` postings.
fn reindex(site: &Site, analysed: &mut Analysed, shard_bytes: usize, cap: usize) -> Changes {
    let analyzer = Analyzer::new(&site.config.language);
    if analysed.language != site.config.language {
        *analysed = Analysed {
            language: site.config.language.clone(),
            hashes: std::mem::take(&mut analysed.hashes),
            ..Analysed::default()
        };
    }
    let n = site.articles.len();
    let runs = runs(n);
    let run = |r: usize| &site.articles[run_articles(n, r)];
    // The previous runs by their first article.
    let address = |article: &Arc<Article>| Arc::as_ptr(article) as usize;
    let previous: Map<usize, &(Vec<Arc<Article>>, Arc<Chunk>)> = (analysed.runs.iter())
        .filter_map(|kept| Some((address(kept.0.first()?), kept)))
        .collect();
    let chunks: Vec<(Arc<Chunk>, bool)> = (0..runs)
        .into_par_iter()
        .map(|r| {
            let articles = run(r);
            let kept = (articles.first())
                .and_then(|first| previous.get(&address(first)))
                .filter(|(old, _)| {
                    old.len() == articles.len()
                        && old.iter().zip(articles).all(|(a, b)| Arc::ptr_eq(a, b))
                });
            match kept {
                Some((_, chunk)) => (chunk.clone(), true),
                None => (Arc::new(run_documents(site, r..r + 1, &analyzer)), false),
            }
        })
        .collect();
    drop(previous);
    // The runs analysed again, with what they were: only when the runs
    // are where they were, and each takes as many blocks of documents as
    // before.
    let kept_articles: usize = analysed.runs.iter().map(|(a, _)| a.len()).sum();
    let since: Option<Vec<(usize, Arc<Chunk>)>> =
        (analysed.indexed && analysed.runs.len() == runs && kept_articles == n)
            .then(|| {
                (chunks.iter().enumerate())
                    .filter(|(_, (_, reused))| !reused)
                    .map(|(r, _)| (r, analysed.runs[r].1.clone()))
                    .collect::<Vec<_>>()
            })
            .filter(|changed| {
                (changed.iter()).all(|(r, old)| old.docs.len() == chunks[*r].0.docs.len())
            });
    analysed.runs = (0..runs)
        .map(|r| (run(r).to_vec(), chunks[r].0.clone()))
        .collect();
    let chunks: Vec<Arc<Chunk>> = chunks.into_iter().map(|(c, _)| c).collect();
    index_with(
        site,
        &analyzer,
        &chunks,
        since.as_deref(),
        analysed,
        shard_bytes,
        cap,
    )
}

/// What an index keeps for the next: the articles analysed, in runs of
/// [`RUN`], each with its documents and postings, and what was
/// made of them. Holding the articles keeps their addresses from being
/// reused by others, so equal pointers mean the same articles.
#[derive(Default)]
pub struct Analysed {
    language: String,
    runs: Vec<(Vec<Arc<Article>>, Arc<Chunk>)>,
    /// Whether `terms` and `hashes` are those of an index of `runs`.
    indexed: bool,
    terms: Terms,
    /// The hash of each file of the last index.
    hashes: BTreeMap<String, u64>,
}

impl Analysed {
    /// The site paths of the last index's files.
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.hashes.keys().map(String::as_str)
    }
}

/// Articles per run. The documents are numbered run by run, each run from
/// the start of a block of [`DOCS_PER_BLOCK`] (ids at a run's end are left
/// unused), so an article that gains or loses a section moves no other
/// run's documents unless its own comes to take a block more or fewer.
/// `serve` keeps each run's analysis, and an edit analyses one run again;
/// more runs make joining them slower (in full, and for each term an edit
/// changed).
const RUN: usize = 64;

/// How many runs the `n` articles of a site make.
fn runs(n: usize) -> usize {
    n.div_ceil(RUN).max(1)
}

/// The articles of run `r` of a site's `n`, by their place.
fn run_articles(n: usize, r: usize) -> std::ops::Range<usize> {
    let runs = runs(n);
    n * r / runs..n * (r + 1) / runs
}

/// The index of the documents of `chunks`, in order, as what changed
/// since the index `kept` holds. With `since` (the chunks analysed again,
/// by place, with what they were), only their terms and documents are
/// encoded again; the whole index otherwise.
fn index_with(
    site: &Site,
    analyzer: &Analyzer,
    chunks: &[impl Borrow<Chunk> + Sync],
    since: Option<&[(usize, Arc<Chunk>)]>,
    kept: &mut Analysed,
    shard_bytes: usize,
    cap: usize,
) -> Changes {
    let chunks: Vec<&Chunk> = chunks.iter().map(Borrow::borrow).collect();
    // Each chunk's first document id, and its first article.
    let mut offsets = Vec::with_capacity(chunks.len());
    let mut firsts = Vec::with_capacity(chunks.len());
    let (mut count, mut articles) = (0, 0);
    for chunk in &chunks {
        offsets.push(count);
        firsts.push(articles);
        count += chunk.docs.len() as u32;
        articles += chunk.articles.len();
    }
    // Every id, the unused ones at the runs' ends too; the documents.
    let ids = count as usize;
    let docs = (chunks.iter())
        .map(|c| c.docs.iter().flatten().count())
        .sum();
    // Made afresh, every file is compared with the last index's.
    let before = match since {
        Some(_) => BTreeMap::new(),
        None => {
            kept.terms = Terms::default();
            std::mem::take(&mut kept.hashes)
        }
    };
    // The terms to encode, each with where its postings are: (chunk, the
    // term's id there).
    let sources = match since {
        None => every_term(&chunks),
        Some(changed) => changed_terms(&chunks, changed),
    };
    let encoded: Vec<(String, Option<terms::Encoded>)> = sources
        .into_par_iter()
        .map(|(term, sources)| {
            let encoded = (!sources.is_empty()).then(|| {
                let mut list: Vec<(u32, u32)> = Vec::with_capacity(
                    sources
                        .iter()
                        .map(|&(c, l)| chunks[c as usize].postings[l as usize].len())
                        .sum(),
                );
                for &(c, l) in &sources {
                    let offset = offsets[c as usize];
                    let postings = &chunks[c as usize].postings[l as usize];
                    list.extend(postings.iter().map(|p| (p.doc + offset, p.weight.into())));
                }
                encode_term(&term, list, cap, ids)
            });
            (term, encoded)
        })
        .collect();
    let mut files = Changes::new();
    kept.terms.update(encoded, shard_bytes, &mut files);
    // The blocks of documents of the chunks analysed again.
    let blocks: Vec<usize> = match since {
        None => (0..ids.div_ceil(DOCS_PER_BLOCK)).collect(),
        Some(changed) => {
            let mut blocks: Vec<usize> = (changed.iter())
                .flat_map(|&(c, _)| {
                    let start = offsets[c] as usize;
                    let end = start + chunks[c].docs.len();
                    start / DOCS_PER_BLOCK..end.div_ceil(DOCS_PER_BLOCK)
                })
                .collect();
            blocks.dedup();
            blocks
        }
    };
    let all_docs: Vec<Option<(&Document, usize)>> = (chunks.iter().zip(&firsts))
        .flat_map(|(c, &first)| {
            (c.docs.iter()).map(move |doc| doc.as_ref().map(|d| (d, first + d.article as usize)))
        })
        .collect();
    let written: Vec<(String, Vec<u8>)> = blocks
        .into_par_iter()
        .map(|n| {
            let name = format!("docs/{n}");
            let block: Vec<Shown> = all_docs[n * DOCS_PER_BLOCK..ids.min((n + 1) * DOCS_PER_BLOCK)]
                .iter()
                .flatten()
                .map(|&(doc, article)| doc.shown(site, article))
                .collect();
            (
                format!("search/{name}.js"),
                raw_script(&name, &doc_block(&block)),
            )
        })
        .collect();
    files.extend(written.into_iter().map(|(path, bytes)| (path, Some(bytes))));
    // The filters are few: made afresh, and compared with the last.
    let of_article: Vec<std::ops::Range<u32>> = (chunks.iter().zip(&offsets))
        .flat_map(|(chunk, offset)| {
            (chunk.articles.iter()).map(move |docs| docs.start + offset..docs.end + offset)
        })
        .collect();
    let mut filtered = BTreeMap::new();
    filters(site, &of_article, ids, &mut filtered);
    for path in kept.hashes.keys().chain(before.keys()) {
        if path.starts_with("search/filter") && !filtered.contains_key(path) {
            files.insert(path.clone(), None);
        }
    }
    files.extend(
        filtered
            .into_iter()
            .map(|(path, bytes)| (path, Some(bytes))),
    );
    let meta = Meta {
        version: FORMAT,
        docs,
        block: DOCS_PER_BLOCK,
        cap,
        prefixes: kept.terms.prefixes().collect(),
        stopwords: if analyzer.stopwords { STOPWORDS } else { &[] },
        words: site.config.words.search_words(),
        hash: String::new(),
    };
    // What is written as it was is left out; the rest is hashed for the
    // meta file's content hash, which covers every file.
    let hashes: Vec<Option<u64>> = (files.par_iter())
        .map(|(_, bytes)| bytes.as_deref().map(xxhash_rust::xxh3::xxh3_64))
        .collect();
    let mut changed = Changes::new();
    for ((path, bytes), hash) in files.into_iter().zip(hashes) {
        let last = before.get(&path).or(kept.hashes.get(&path)).copied();
        match hash {
            Some(hash) => kept.hashes.insert(path.clone(), hash),
            None => kept.hashes.remove(&path),
        };
        if hash != last {
            changed.insert(path, bytes);
        }
    }
    let mut digest = xxhash_rust::xxh3::Xxh3::new();
    for (path, file) in kept.hashes.iter().filter(|(path, _)| *path != META) {
        digest.update(path.as_bytes());
        digest.update(&file.to_le_bytes());
    }
    let hash = format!("{:016x}", digest.digest());
    let meta = script("meta", &Meta { hash, ..meta });
    let hash = xxhash_rust::xxh3::xxh3_64(&meta);
    if before.get(META).or(kept.hashes.get(META)) != Some(&hash) {
        changed.insert(META.into(), Some(meta));
    }
    kept.hashes.insert(META.into(), hash);
    for path in before.keys().filter(|p| !kept.hashes.contains_key(*p)) {
        changed.insert(path.clone(), None);
    }
    kept.indexed = true;
    changed
}

/// The index's one file read first.
const META: &str = "search/meta.js";

/// Every term of `chunks` with postings, in order, with where they are.
fn every_term(chunks: &[&Chunk]) -> Vec<(String, Vec<(u32, u32)>)> {
    let mut ids: Map<&str, u32> = Map::default();
    let mut terms: Vec<(&str, Vec<(u32, u32)>)> = Vec::new();
    for (c, chunk) in chunks.iter().enumerate() {
        for (local, term) in chunk.vocab.terms.iter().enumerate() {
            if chunk.postings.get(local).is_none_or(Vec::is_empty) {
                continue;
            }
            let id = *ids.entry(term).or_insert_with(|| {
                terms.push((term, Vec::new()));
                terms.len() as u32 - 1
            });
            terms[id as usize].1.push((c as u32, local as u32));
        }
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    (terms.into_iter())
        .map(|(term, sources)| (term.to_string(), sources))
        .collect()
}

/// The terms whose postings differ between the chunks `changed` (by
/// place, with what they were) and what they are now in `chunks`, with
/// where their postings are in `chunks` (none for a term gone).
fn changed_terms(
    chunks: &[&Chunk],
    changed: &[(usize, Arc<Chunk>)],
) -> Vec<(String, Vec<(u32, u32)>)> {
    fn postings<'a>(chunk: &'a Chunk, term: &str) -> Option<&'a [Posting]> {
        let local = chunk.vocab.find(term)? as usize;
        (chunk.postings.get(local))
            .filter(|p| !p.is_empty())
            .map(Vec::as_slice)
    }
    let mut terms = std::collections::BTreeSet::new();
    for (c, old) in changed {
        let new = chunks[*c];
        for term in new.vocab.terms.iter().chain(&old.vocab.terms) {
            if postings(new, term) != postings(old, term) {
                terms.insert(term.as_str());
            }
        }
    }
    (terms.into_iter())
        .map(|term| {
            let sources = (chunks.iter().enumerate())
                .filter_map(|(c, chunk)| {
                    postings(chunk, term)?;
                    Some((c as u32, chunk.vocab.find(term)?))
                })
                .collect();
            (term.to_string(), sources)
        })
        .collect()
}

/// A term's postings `list` (by doc, each below `ids`), cut to its best
/// `cap`, and when cut, the set of documents that hold it (for queries of
/// several words).
fn encode_term(term: &str, mut list: Vec<(u32, u32)>, cap: usize, ids: usize) -> terms::Encoded {
    let all = (list.len() >= cap && file_name(term).len() <= 100).then(|| {
        let held: Vec<u32> = list.iter().map(|(d, _)| *d).collect();
        membership(&held, ids)
    });
    if list.len() > cap {
        // The best `cap` in linear time; the order among them is by doc.
        list.select_nth_unstable_by(cap - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(cap);
        list.sort_unstable();
    }
    (postings(&list), all)
}

/// The search page's filters. `search/filters.js` lists them by kind,
/// `{"sections": [[name, file], ...], "categories": ..., "tags": ...}`, and
/// for a site in several languages `"languages": [[tag, name, root], ...]`
/// with each language's root from this one's. `search/filter/<file>.js`
/// holds the documents of one, as a [`membership`] set. `of_article` gives
/// each article's documents, all below `ids`.
fn filters(
    site: &Site,
    of_article: &[std::ops::Range<u32>],
    ids: usize,
    files: &mut BTreeMap<String, Vec<u8>>,
) {
    let mut listed = BTreeMap::new();
    let mut add = |kind: &'static str, name: &str, articles: &[usize]| {
        let mut held: Vec<u32> = articles
            .iter()
            .flat_map(|&a| of_article[a].clone())
            .collect();
        if held.is_empty() {
            return;
        }
        held.sort_unstable();
        let list: &mut Vec<(String, String)> = listed.entry(kind).or_default();
        let file = format!("filter/{}{}", &kind[..1], list.len());
        files.insert(
            format!("search/{file}.js"),
            script(&file, &membership(&held, ids)),
        );
        list.push((name.to_string(), file));
    };
    let tree = &site.tree;
    for &node in &tree.nodes[0].children {
        if let crate::resolve::sections::Kind::Section(s) = tree.nodes[node].kind {
            add(
                "sections",
                &tree.sections[s].title,
                &tree.articles_under(node),
            );
        }
    }
    for term in site.categories.iter() {
        add("categories", &term.name, &term.articles);
    }
    for term in site.tags.iter() {
        add("tags", &term.name, &term.articles);
    }
    let mut data = serde_json::to_value(&listed).expect("filters serialize");
    let languages = &site.translations.languages;
    if languages.len() > 1 {
        let own = &languages[site.language].prefix;
        let up = "../".repeat(own.matches('/').count());
        let list: Vec<[String; 3]> = (languages.iter())
            .map(|l| [l.tag.clone(), l.name.clone(), format!("{up}{}", l.prefix)])
            .collect();
        data["languages"] = serde_json::json!(list);
    }
    files.insert("search/filters.js".into(), script("filters", &data));
}

/// The site's articles as documents, in chunks of runs counted in
/// parallel: the documents of chunk `n` follow those of chunk `n - 1`.
fn chunks(site: &Site, analyzer: &Analyzer) -> Vec<Chunk> {
    let runs = runs(site.articles.len());
    let chunks = (rayon::current_num_threads() * 4).clamp(1, runs);
    (0..chunks)
        .into_par_iter()
        .map(|c| run_documents(site, runs * c / chunks..runs * (c + 1) / chunks, analyzer))
        .collect()
}

/// The documents of the articles of `runs`, numbered from the first
/// run's first, each run from a block's start.
fn run_documents(site: &Site, runs: std::ops::Range<usize>, analyzer: &Analyzer) -> Chunk {
    let mut chunk = Chunk::default();
    for r in runs {
        for i in run_articles(site.articles.len(), r) {
            article_documents(site, i, analyzer, &mut chunk);
        }
        let end = chunk.docs.len().next_multiple_of(DOCS_PER_BLOCK);
        chunk.docs.resize_with(end, || None);
    }
    // The lists grew by doubling: a third of their room would be empty
    // while every run is kept for joining, and in `serve` after it.
    chunk.postings.iter_mut().for_each(Vec::shrink_to_fit);
    chunk.docs.shrink_to_fit();
    chunk
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    block: usize,
    cap: usize,
    prefixes: Vec<&'a str>,
    stopwords: &'a [&'a str],
    /// What the search box says, in the site's language.
    words: BTreeMap<&'a str, &'a Word>,
    hash: String,
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::encode::BASE64;
    use super::*;
    use crate::load::markdown::unspaced;
    use serde_json::Value;

    #[test]
    fn removing_the_index_files_keeps_every_other_file() {
        let paths = [
            "a/index.html",
            "search",
            "search-tips/index.html",
            "search/docs/0.js",
            "search/index.html",
            "search/meta.js",
            "search/terms/co.js",
            "search0/index.html",
            "searching/index.html",
        ];
        let mut files: BTreeMap<String, Arc<Vec<u8>>> = (paths.iter())
            .map(|path| (path.to_string(), Arc::new(Vec::new())))
            .collect();
        remove_index_files(&mut files);
        let left: Vec<&str> = files.keys().map(String::as_str).collect();
        let expected = (paths.iter().copied()).filter(|path| !is_index_file(path));
        assert_eq!(left, expected.collect::<Vec<_>>());
        assert_eq!(left.len(), 6);
    }

    /// A document as a reader finds it: `url` with `#id` for a section.
    struct Doc {
        title: String,
        section: Option<String>,
        url: String,
        text: String,
    }

    /// The documents of the whole site, in index order.
    fn documents(site: &Site) -> Vec<Doc> {
        let analyzer = Analyzer::new(&site.config.language);
        let mut first = 0;
        let mut found = Vec::new();
        for chunk in chunks(site, &analyzer) {
            for doc in chunk.docs.iter().flatten() {
                let shown = doc.shown(site, first + doc.article as usize);
                let url = match shown.section {
                    None => shown.path.clone(),
                    Some(_) => format!("{}#{}", shown.path, shown.id),
                };
                found.push(Doc {
                    title: shown.title.into(),
                    section: shown.section.map(Into::into),
                    url,
                    text: shown.text.into(),
                });
            }
            first += chunk.articles.len();
        }
        found
    }

    /// Builds a site from `(path, text)` files in a temporary folder.
    fn site(files: &[(&str, &str)]) -> std::sync::Arc<Site> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"Test\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        for (path, text) in files {
            let path = dir.path().join("articles").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let options = crate::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        match crate::build(&options) {
            Ok(build) => build.site,
            Err(problems) => panic!("{problems:?}"),
        }
    }

    /// The index of `site` with shards of `shard_bytes` and `cap` postings.
    fn index_sized(site: &Site, shard_bytes: usize, cap: usize) -> BTreeMap<String, Vec<u8>> {
        let mut kept = Analysed::default();
        apply(
            &mut BTreeMap::new(),
            reindex(site, &mut kept, shard_bytes, cap),
        )
    }

    /// `files` with `changes` made to them.
    fn apply(files: &mut BTreeMap<String, Vec<u8>>, changes: Changes) -> BTreeMap<String, Vec<u8>> {
        for (path, bytes) in changes {
            match bytes {
                Some(bytes) => files.insert(path, bytes),
                None => files.remove(&path),
            };
        }
        files.clone()
    }

    /// The paths `changes` writes and removes.
    fn paths(changes: &Changes) -> (Vec<&str>, Vec<&str>) {
        let (mut written, mut removed) = (Vec::new(), Vec::new());
        for (path, bytes) in changes {
            match bytes {
                Some(_) => written.push(path.as_str()),
                None => removed.push(path.as_str()),
            }
        }
        (written, removed)
    }

    #[test]
    fn an_index_reusing_the_last_analysis_is_the_index_made_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir(root.join("articles")).unwrap();
        let write = |i: usize, extra: &str| {
            let text = format!(
                "# Article {i:03}\n\nWords number{i} shared.\n\n## Part\n\nMore {extra}.\n"
            );
            std::fs::write(root.join(format!("articles/a{i:03}.md")), text).unwrap();
        };
        let count = RUN * 2 + RUN / 2;
        for i in 0..count {
            write(i, "");
        }
        let options = crate::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut incremental = crate::Incremental::default();
        let mut analysed = Analysed::default();
        let mut served = BTreeMap::new();
        let first = incremental.rebuild(&options, None).unwrap().site.clone();
        let fresh = index(&first);
        assert_eq!(
            apply(&mut served, index_reusing(&first, &mut analysed)),
            fresh
        );
        let runs: Vec<Arc<Chunk>> = analysed.runs.iter().map(|(_, c)| c.clone()).collect();
        assert_eq!(runs.len(), 3);
        let mut edit = |analysed: &mut Analysed, i: usize, extra: &str| {
            write(i, extra);
            let edited = [format!("articles/a{i:03}.md").into()];
            let site = incremental
                .rebuild(&options, Some(&edited))
                .unwrap()
                .site
                .clone();
            (index_reusing(&site, analysed), index(&site))
        };

        // A new word in one article: its run alone is analysed again, and
        // only the files holding what changed are written: the shard of
        // the word (and of its stem), the block of the article's documents
        // and the meta file, whose hash covers them.
        let (changes, fresh) = edit(&mut analysed, RUN + 1, "zygapophyseal");
        let kept: Vec<bool> = (analysed.runs.iter().zip(&runs))
            .map(|((_, new), old)| Arc::ptr_eq(new, old))
            .collect();
        assert_eq!(kept, [true, false, true]);
        let reused = apply(&mut served, changes.clone());
        assert_eq!(reused, fresh);
        let [held] = docs_of(&reused, "zygapophyseal")[..] else {
            panic!("zygapophyseal is in one document");
        };
        let block = format!("search/docs/{}.js", held as usize / DOCS_PER_BLOCK);
        let expected = [&block, "search/meta.js", "search/terms/zy.js"];
        assert_eq!(paths(&changes), (expected.to_vec(), vec![]));

        // The word gone, so is its shard.
        let (changes, fresh) = edit(&mut analysed, RUN + 1, "");
        assert_eq!(paths(&changes).1, ["search/terms/zy.js"]);
        assert_eq!(apply(&mut served, changes), fresh);

        // A saved article with the same words changes nothing.
        assert!(edit(&mut analysed, RUN + 1, "").0.is_empty());

        // One more section moves the documents after it in its run, and
        // no other run's: the last run's blocks are not written.
        let blocks = |files: &BTreeMap<String, Vec<u8>>| -> BTreeSet<String> {
            (files.keys().filter(|path| path.starts_with("search/docs/")))
                .cloned()
                .collect()
        };
        let before = blocks(&served);
        let (changes, fresh) = edit(&mut analysed, RUN + 1, "\n\n## Aside\n\nQuixotic");
        let updated = apply(&mut served, changes.clone());
        assert_eq!(updated, fresh);
        assert_eq!(blocks(&updated), before);
        let first = run_articles(count, 2).start;
        let last_run = docs_of(&updated, &format!("number{first}"))[0] as usize / DOCS_PER_BLOCK;
        let moved: Vec<&str> = (paths(&changes).0.into_iter())
            .filter(|path| path.starts_with("search/docs/"))
            .collect();
        assert!(moved.len() > 1, "{moved:?}");
        for path in moved {
            let block: usize = path["search/docs/".len()..path.len() - 3].parse().unwrap();
            assert!(block < last_run, "{path} of the last run was written");
        }
        let (changes, fresh) = edit(&mut analysed, RUN + 1, "");
        assert_eq!(apply(&mut served, changes), fresh);

        // Fewer articles move every run's bounds: all are analysed again,
        // and the files no longer there are removed: the last block of
        // documents, and the shard of the numbers 000 to 009, which only
        // the titles removed held.
        for i in 0..13 {
            std::fs::remove_file(root.join(format!("articles/a{i:03}.md"))).unwrap();
        }
        let third = incremental.rebuild(&options, None).unwrap().site.clone();
        let changes = index_reusing(&third, &mut analysed);
        let fresh = index(&third);
        let last: BTreeSet<String> = blocks(&served)
            .difference(&blocks(&fresh))
            .cloned()
            .collect();
        assert!(!last.is_empty());
        let mut removed: Vec<&str> = last.iter().map(String::as_str).collect();
        removed.push("search/terms/00.js");
        assert_eq!(paths(&changes).1, removed);
        assert_eq!(apply(&mut served, changes), fresh);
    }

    #[test]
    fn edits_update_the_index_to_the_one_made_afresh() {
        // Common words, whose lists are cut and whose sets of documents
        // have files (`alpha` and `beta` always together, so they share
        // one until an edit parts them), and rare words, listed in full,
        // packed several to a small shard.
        const COMMON: [&str; 6] = ["alpha beta", "gamma", "bend", "bending", "lift", "lifts"];
        const SYLLABLES: [&str; 8] = ["ka", "lo", "mi", "nu", "pe", "ro", "su", "ti"];
        let (shard_bytes, cap) = (400, 12);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir(root.join("articles")).unwrap();
        let seed = std::cell::Cell::new(7u64);
        let next = |n: usize| {
            let s = seed.get();
            seed.set(
                s.wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407),
            );
            (s >> 33) as usize % n
        };
        let path = |i: usize| root.join(format!("articles/a{i:03}.md"));
        let write = |i: usize, sections: usize| {
            let mut text = format!("# Article {i}\n\n");
            for s in 0..sections {
                if s > 0 {
                    text.push_str(&format!("## Part {s}\n\n"));
                }
                let mut words: Vec<&str> = (0..1 + next(3)).map(|_| COMMON[next(6)]).collect();
                words.push(SYLLABLES[next(8)]);
                words.push(SYLLABLES[next(8)]);
                text.push_str(&format!("{}.\n\n", words.join(" ")));
            }
            std::fs::write(path(i), text).unwrap();
        };
        // Puts `alpha` without `beta` in the intro of article `i`, or
        // takes it out again, changing nothing else.
        let part = |i: usize, parted: bool| {
            let text = std::fs::read_to_string(path(i)).unwrap();
            let text = match parted {
                true => text.replacen("\n\n", "\n\nalpha ", 1),
                false => text.replacen("\n\nalpha ", "\n\n", 1),
            };
            std::fs::write(path(i), text).unwrap();
        };
        let intro_has_alpha = |i: usize| {
            let text = std::fs::read_to_string(path(i)).unwrap();
            text.split("\n\n").nth(1).unwrap().contains("alpha")
        };
        let count = RUN + RUN / 2;
        for i in 0..count {
            write(i, 2);
        }
        let options = crate::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut incremental = crate::Incremental::default();
        let mut analysed = Analysed::default();
        let site = incremental.rebuild(&options, None).unwrap().site.clone();
        let mut served = BTreeMap::new();
        apply(&mut served, reindex(&site, &mut analysed, shard_bytes, cap));
        let shared = |files: &BTreeMap<String, Vec<u8>>| {
            let beta = entry(&data(files, &shard_of(files, "beta"))["beta"]).1;
            beta.as_deref() == Some("alpha")
        };
        assert!(shared(&served));
        let (mut partial, mut parted) = (0, 0);
        let mut alone = None;
        for round in 0..40 {
            // One to three articles rewritten, every fifth round with one
            // more section, which moves the documents after it in its run
            // (and in every run after, when its run needs a block more). Every
            // fourth round, `alpha` is parted from `beta` and nothing else
            // changes, or two rounds later it joins `beta` again.
            let rewritten = if round % 4 == 1 { 0 } else { 1 + round % 3 };
            let mut edited: Vec<usize> = (0..rewritten).map(|_| next(count)).collect();
            for &i in &edited {
                write(i, if round % 5 == 4 { 3 } else { 2 });
            }
            if round % 4 == 1 {
                let i = (0..count)
                    .map(|_| next(count))
                    .find(|&i| !intro_has_alpha(i));
                let i = i.expect("an article without alpha");
                part(i, true);
                alone = Some(i);
                edited.push(i);
            } else if let Some(i) = alone.take().filter(|_| round % 4 == 3) {
                part(i, false);
                edited.push(i);
            }
            edited.sort_unstable();
            edited.dedup();
            let edited: Vec<std::path::PathBuf> = (edited.iter())
                .map(|i| format!("articles/a{i:03}.md").into())
                .collect();
            let site = incremental
                .rebuild(&options, Some(&edited))
                .unwrap()
                .site
                .clone();
            let changes = reindex(&site, &mut analysed, shard_bytes, cap);
            let fresh = index_sized(&site, shard_bytes, cap);
            partial += usize::from(changes.len() < fresh.len() / 2);
            let updated = apply(&mut served, changes);
            let differ: BTreeSet<&String> = (updated.keys().chain(fresh.keys()))
                .filter(|path| updated.get(*path) != fresh.get(*path))
                .collect();
            assert!(differ.is_empty(), "round {round}: {differ:?} differ");
            parted += usize::from(!shared(&served));
        }
        // Most rounds wrote only what changed, and `beta` named its own
        // file while parted.
        assert!(partial >= 20, "{partial} rounds of 40 were partial");
        assert!(parted >= 10, "{parted} rounds of 40 had alpha alone");
    }

    /// The data of one search file.
    fn data(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Value {
        let text = std::str::from_utf8(&files[&format!("search/{name}.js")]).unwrap();
        let head = format!("window.__lecternSearch({},", serde_json::json!(name));
        let json = text
            .strip_prefix(&head)
            .unwrap()
            .strip_suffix(");\n")
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    /// The name of the shard that holds `term`: its longest listed prefix,
    /// as `search.js` finds it.
    fn shard_of(files: &BTreeMap<String, Vec<u8>>, term: &str) -> String {
        let meta = data(files, "meta");
        let prefixes = meta["prefixes"].as_array().unwrap();
        let chars: Vec<char> = term.chars().collect();
        let shortest = if unspaced(chars[0]) { 1 } else { 2 };
        let key = (shortest..=chars.len().min(MAX_PREFIX))
            .rev()
            .map(|n| chars[..n].iter().collect::<String>())
            .chain(unspaced(chars[0]).then(|| encode::block(chars[0])))
            .find(|k| prefixes.iter().any(|p| p == k.as_str()))
            .unwrap_or_default();
        format!("terms/{}", file_name(&key))
    }

    /// The numbers of a postings string, as `search.js` reads them.
    fn numbers(s: &str) -> Vec<u64> {
        let value = |c: char| BASE64.iter().position(|&b| b as char == c).unwrap() as u64;
        let (mut out, mut v, mut shift) = (Vec::new(), 0, 0);
        for c in s.chars() {
            v |= (value(c) & 31) << shift;
            shift += 5;
            if value(c) < 32 {
                out.push(v);
                (v, shift) = (0, 0);
            }
        }
        out
    }

    /// A term's entry in its shard as `(doc, weight)` postings, and the
    /// term whose `all/` file lists its documents when the list is cut.
    fn entry(value: &Value) -> (Vec<(u64, u64)>, Option<String>) {
        let (list, all) = match value {
            Value::Array(a) => (a[0].as_str().unwrap(), a[1].as_str().map(str::to_string)),
            v => (v.as_str().unwrap(), None),
        };
        let mut next = 0;
        let postings = numbers(list)
            .chunks(2)
            .map(|p| {
                let d = next + p[0];
                next = d + 1;
                (d, p[1])
            })
            .collect();
        (postings, all)
    }

    /// A term's `(doc, weight)` postings.
    fn postings_of(files: &BTreeMap<String, Vec<u8>>, term: &str) -> Vec<(u64, u64)> {
        let shard = data(files, &shard_of(files, term));
        shard.get(term).map(|v| entry(v).0).unwrap_or_default()
    }

    /// The doc ids a term's postings name.
    fn docs_of(files: &BTreeMap<String, Vec<u8>>, term: &str) -> Vec<u64> {
        postings_of(files, term).iter().map(|p| p.0).collect()
    }

    /// `[title, section, url, text]` of a document, read from its block as
    /// `search.js` reads it.
    fn doc(files: &BTreeMap<String, Vec<u8>>, id: u64) -> Value {
        let block = id as usize / DOCS_PER_BLOCK;
        let mut docs = Vec::new();
        for page in data(files, &format!("docs/{block}")).as_array().unwrap() {
            let (title, path) = (&page[0], page[1].as_str().unwrap());
            for row in &page.as_array().unwrap()[2..] {
                docs.push(match row {
                    Value::String(_) => serde_json::json!([title, null, path, row]),
                    _ => {
                        let row = row.as_array().unwrap();
                        let id = match row.get(2) {
                            Some(id) => id.as_str().unwrap().to_string(),
                            None => encode::plain_id(row[0].as_str().unwrap()),
                        };
                        serde_json::json!([title, row[0], format!("{path}#{id}"), row[1]])
                    }
                });
            }
        }
        docs[id as usize % DOCS_PER_BLOCK].clone()
    }

    const STRETCHING: &str = "# Stretching\n\nA gentle start for stiff mornings.\n\n\
        ## Knee to chest twist\n\nLie on your back. This stretches the zygapophyseal joints.\n\n\
        ### Variations\n\nHold it longer.\n\n#### Tiny detail\n\nBreathe slowly.\n\n\
        #### How long to hold?\n\nThirty seconds.\n\n\
        ## Is it safe?\n\nYes, when it does not hurt.\n";
    const MOBILITY: &str = "+++\ntitle = \"Mobility\"\n+++\n\
        Daily stretching keeps the hips loose.\n\n## Hips\n\nOpen the hips gently.\n";

    fn fitness() -> std::sync::Arc<Site> {
        site(&[("stretching.md", STRETCHING), ("mobility.md", MOBILITY)])
    }

    #[test]
    fn articles_split_into_sections() {
        let site = fitness();
        let docs = documents(&site);
        let stretching: Vec<_> = docs
            .iter()
            .filter(|d| d.title == "Stretching")
            .map(|d| (d.section.as_deref(), d.url.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            stretching,
            [
                (None, "stretching/", "A gentle start for stiff mornings."),
                (
                    Some("Knee to chest twist"),
                    "stretching/#knee-to-chest-twist",
                    "Lie on your back. This stretches the zygapophyseal joints."
                ),
                (
                    Some("Variations"),
                    "stretching/#variations",
                    "Hold it longer. Tiny detail Breathe slowly."
                ),
                (
                    Some("How long to hold?"),
                    "stretching/#how-long-to-hold",
                    "Thirty seconds."
                ),
                (
                    Some("Is it safe?"),
                    "stretching/#is-it-safe",
                    "Yes, when it does not hurt."
                ),
            ]
        );
    }

    #[test]
    fn a_rare_word_finds_its_section_with_the_heading_id() {
        let files = index(&fitness());
        let ids = docs_of(&files, "zygapophyseal");
        assert_eq!(ids.len(), 1);
        let found = doc(&files, ids[0]);
        assert_eq!(found[0], "Stretching");
        assert_eq!(found[1], "Knee to chest twist");
        assert_eq!(found[2], "stretching/#knee-to-chest-twist");
        assert!(found[3].as_str().unwrap().contains("zygapophyseal"));
        // The intro has no heading, and links to the page itself.
        let intro = doc(&files, docs_of(&files, "mornings")[0]);
        assert_eq!(intro[1], Value::Null);
        assert_eq!(intro[2], "stretching/");
    }

    #[test]
    fn stems_link_word_forms() {
        let files = index(&fitness());
        let stretches = docs_of(&files, "stretches");
        let stretching = docs_of(&files, "stretching");
        let stem = docs_of(&files, "stretch");
        assert_eq!(stretches.len(), 1);
        assert!(stem.contains(&stretches[0]));
        assert!(stretching.iter().all(|d| stem.contains(d)));
        let urls: Vec<Value> = stem.iter().map(|&d| doc(&files, d)[2].clone()).collect();
        assert!(urls.contains(&"stretching/#knee-to-chest-twist".into()));
        assert!(urls.contains(&"mobility/".into()));
    }

    #[test]
    fn titles_and_headings_weigh_more() {
        let files = index(&fitness());
        let weights: BTreeMap<String, u64> = postings_of(&files, "hips")
            .into_iter()
            .map(|(d, w)| (doc(&files, d)[2].as_str().unwrap().to_string(), w))
            .collect();
        assert_eq!(weights["mobility/"], 1);
        assert_eq!(weights["mobility/#hips"], 1 + u64::from(HEADING_BOOST));
    }

    /// The shard prefixes `meta.js` lists.
    fn prefixes(meta: &serde_json::Value) -> Vec<&str> {
        meta["prefixes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect()
    }

    #[test]
    fn shards_split_by_prefix_and_meta_lists_them() {
        let files = index(&fitness());
        let meta = data(&files, "meta");
        assert_eq!(meta["version"], FORMAT);
        assert_eq!(meta["block"], DOCS_PER_BLOCK);
        let prefixes = prefixes(&meta);
        assert!(prefixes.contains(&"zy") && prefixes.contains(&"st"));
        for p in &prefixes {
            let shard = data(&files, &format!("terms/{}", file_name(p)));
            for term in shard.as_object().unwrap().keys() {
                assert!(term.starts_with(p), "{term} in the {p} shard");
            }
        }
        let terms = files.keys().filter(|k| k.starts_with("search/terms/"));
        assert_eq!(terms.count(), prefixes.len());
        assert!(data(&files, "terms/st").get("zygapophyseal").is_none());
        // Stopwords and one-letter words are left out.
        assert!(data(&files, "terms/th").get("the").is_none());
        assert!(!prefixes.iter().any(|p| p.chars().count() < 2));
        // Documents: the count, in blocks.
        let count = documents(&fitness()).len();
        assert_eq!(meta["docs"], count);
        // One block here, a page's title and path once for its documents.
        let pages = data(&files, "docs/0");
        let pages = pages.as_array().unwrap();
        assert_eq!(pages.len(), 2);
        let rows: usize = pages.iter().map(|p| p.as_array().unwrap().len() - 2).sum();
        assert_eq!(rows, count);
        let last = &documents(&fitness())[count - 1];
        assert_eq!(doc(&files, count as u64 - 1)[2], last.url.as_str());
    }

    #[test]
    fn chinese_terms_share_few_shards_and_each_is_found_in_its_own() {
        // 40 articles of text drawn from 400 ideographs: thousands of
        // distinct pairs of characters, the terms of Chinese.
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        let articles: Vec<(String, String)> = (0..40)
            .map(|i| {
                let text: String = (0..600)
                    .map(|_| char::from_u32(0x4E00 + next() % 400).unwrap())
                    .collect();
                (format!("a{i}.md"), format!("# 第{i}篇\n\n{text}\n"))
            })
            .collect();
        let files: Vec<(&str, &str)> = articles
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let index = index(&site(&files));
        let shards: Vec<&String> = index
            .keys()
            .filter(|k| k.starts_with("search/terms/"))
            .collect();
        let terms: usize = shards
            .iter()
            .map(|k| {
                let name = k
                    .strip_prefix("search/")
                    .unwrap()
                    .strip_suffix(".js")
                    .unwrap();
                let shard = data(&index, name);
                for term in shard.as_object().unwrap().keys() {
                    assert_eq!(shard_of(&index, term), name, "{term}");
                }
                shard.as_object().unwrap().len()
            })
            .sum();
        assert!(terms > 10_000, "{terms} terms");
        assert!(
            shards.len() < 40,
            "{} shards for {terms} terms",
            shards.len()
        );
    }

    #[test]
    fn large_shards_split_by_a_further_character() {
        let site = fitness();
        let whole = index(&site);
        let split = index_sized(&site, 40, MAX_POSTINGS);
        let meta = data(&split, "meta");
        let prefixes = prefixes(&meta);
        assert!(prefixes.iter().any(|p| p.chars().count() > 2));
        // Every term is found, once, with the same postings, in the shard
        // of its longest listed prefix.
        let mut seen = 0;
        for p in &prefixes {
            let shard = data(&split, &format!("terms/{}", file_name(p)));
            for (term, postings) in shard.as_object().unwrap() {
                assert_eq!(shard_of(&split, term), format!("terms/{}", file_name(p)));
                assert_eq!(&data(&whole, &shard_of(&whole, term))[term], postings);
                seen += 1;
            }
        }
        let total: usize = whole
            .iter()
            .filter(|(k, _)| k.starts_with("search/terms/"))
            .map(|(k, _)| {
                let name = k
                    .strip_prefix("search/")
                    .unwrap()
                    .strip_suffix(".js")
                    .unwrap();
                data(&whole, name).as_object().unwrap().len()
            })
            .sum();
        assert_eq!(seen, total);
    }

    /// Decodes a membership string as `search.js` does.
    fn members(s: &str) -> Vec<u32> {
        let value = |c: char| BASE64.iter().position(|&b| b as char == c).unwrap() as u32;
        let mut out = Vec::new();
        if let Some(bits) = s.strip_prefix('b') {
            for (i, c) in bits.chars().enumerate() {
                out.extend(
                    (0..6)
                        .filter(|b| value(c) >> b & 1 == 1)
                        .map(|b| i as u32 * 6 + b),
                );
            }
        } else {
            let (mut next, mut v, mut shift) = (0, 0, 0);
            for c in s[1..].chars() {
                v |= (value(c) & 31) << shift;
                shift += 5;
                if value(c) < 32 {
                    out.push(next + v);
                    next += v + 1;
                    (v, shift) = (0, 0);
                }
            }
        }
        out
    }

    #[test]
    fn filters_name_the_documents_of_each_section_category_and_tag() {
        let site = site(&[
            ("legs/squat.md", "+++\ntitle = \"Squat\"\ntags = [\"knees\"]\ncategories = [\"Drills\"]\n+++\nLow.\n\n## Depth\n\nDeep.\n"),
            ("legs/lunge.md", "+++\ntitle = \"Lunge\"\ntags = [\"knees\", \"hips\"]\n+++\nStep.\n"),
            ("back/bridge.md", "+++\ntitle = \"Bridge\"\ntags = [\"hips\"]\n+++\nLift.\n"),
        ]);
        let files = index(&site);
        let filters = data(&files, "filters");
        assert!(filters.get("languages").is_none());
        // Each filter's documents, by the pages they are on.
        let pages = |kind: &str, name: &str| -> BTreeSet<String> {
            let list = filters[kind].as_array().unwrap();
            let entry = list
                .iter()
                .find(|e| e[0] == name)
                .unwrap_or_else(|| panic!("{name}"));
            let set = data(&files, entry[1].as_str().unwrap());
            (members(set.as_str().unwrap()).into_iter())
                .map(|d| doc(&files, d.into())[2].as_str().unwrap().to_string())
                .collect()
        };
        let set =
            |paths: &[&str]| -> BTreeSet<String> { paths.iter().map(|p| p.to_string()).collect() };
        assert_eq!(
            pages("sections", "Legs"),
            set(&["legs/squat/", "legs/squat/#depth", "legs/lunge/"])
        );
        assert_eq!(pages("sections", "Back"), set(&["back/bridge/"]));
        assert_eq!(
            pages("categories", "Drills"),
            set(&["legs/squat/", "legs/squat/#depth"])
        );
        assert_eq!(pages("tags", "hips"), set(&["legs/lunge/", "back/bridge/"]));
        assert_eq!(filters["tags"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_section_keeps_the_passage_of_a_word_it_is_about() {
        let filler = "Rest a little between the sets and keep breathing slowly. ".repeat(4);
        let text = format!(
            "+++\ntitle = \"Hips\"\n+++\n{filler}A tight piriformis presses on the nerve below it. \
             Stretch the piriformis gently and the piriformis relaxes.\n"
        );
        let files = index(&site(&[("hips.md", &text)]));
        let id = docs_of(&files, "piriformis")[0];
        let passages = doc(&files, id)[3].as_str().unwrap().to_string();
        assert!(
            passages
                .lines()
                .any(|p| p.contains("A tight piriformis presses")),
            "{passages}"
        );
    }

    #[test]
    fn membership_round_trips_in_both_forms() {
        let sparse = [0, 5, 31, 32, 33, 1000, 1064, 99_999];
        let encoded = membership(&sparse, 100_000);
        assert!(encoded.starts_with('d'));
        assert_eq!(members(&encoded), sparse);
        let dense: Vec<u32> = (0..600).filter(|d| d % 3 != 1).collect();
        let encoded = membership(&dense, 700);
        assert!(encoded.starts_with('b'));
        assert_eq!(encoded.len(), 1 + 600 / 6);
        assert_eq!(members(&encoded), dense);
        assert!(members(&membership(&[], 10)).is_empty());
    }

    #[test]
    fn common_terms_list_every_document_holding_them() {
        let mut files = vec![];
        for i in 0..5 {
            files.push((
                format!("a{i}.md"),
                format!("# Core {i}\n\nCore text.\n\n## Part\n\nMore core.\n"),
            ));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let site = site(&files);
        let out = index_sized(&site, SHARD_BYTES, 6);
        assert_eq!(data(&out, "meta")["cap"], 6);
        assert_eq!(docs_of(&out, "core").len(), 6);
        let all = data(&out, "all/core");
        assert_eq!(members(all.as_str().unwrap()), (0..10).collect::<Vec<_>>());
        assert_eq!(docs_of(&out, "text").len(), 5);
        assert!(!out.contains_key("search/all/text.js"));
    }

    #[test]
    fn postings_round_trip() {
        let list = [
            (0, 1),
            (1, 10),
            (31, 20),
            (33, 31),
            (32_000, 32),
            (32_001, 1_000_000),
        ];
        let encoded = postings(&list);
        let decoded = entry(&Value::String(encoded.clone())).0;
        let want: Vec<(u64, u64)> = list.iter().map(|&(d, w)| (d.into(), w.into())).collect();
        assert_eq!(decoded, want);
        // Small gaps and weights take a character each.
        assert_eq!(postings(&[(0, 1), (1, 8), (2, 10)]), "ABAIAK");
        assert!(postings(&[]).is_empty());
    }

    #[test]
    fn doc_blocks_name_each_page_once_and_round_trip() {
        let shown = |title, section, path: &str, id, text| Shown {
            title,
            section,
            path: path.into(),
            id,
            text,
        };
        let docs = [
            shown("Rücken \"Basics\"", None, "ruecken/", "", "Intro."),
            shown(
                "Rücken \"Basics\"",
                Some("Why it hurts?"),
                "ruecken/",
                "why-it-hurts",
                "Because.",
            ),
            shown(
                "Rücken \"Basics\"",
                Some("Übungen"),
                "ruecken/",
                "übungen",
                "",
            ),
            shown("Other", Some("Part"), "other/", "part-1", "More."),
        ];
        let json = encode::doc_block(&docs);
        let text = std::str::from_utf8(&json).unwrap();
        assert_eq!(text.matches("ruecken/").count(), 1);
        assert!(!text.contains("why-it-hurts"), "{text}");
        let mut files = BTreeMap::new();
        files.insert(
            "search/docs/0.js".to_string(),
            encode::raw_script("docs/0", &json),
        );
        for (i, d) in docs.iter().enumerate() {
            let found = doc(&files, i as u64);
            let url = match d.section {
                None => d.path.clone(),
                Some(_) => format!("{}#{}", d.path, d.id),
            };
            assert_eq!(found[0], d.title);
            assert_eq!(found[1].as_str(), d.section);
            assert_eq!(found[2], url.as_str());
            assert_eq!(found[3], d.text);
        }
        assert_eq!(
            encode::plain_id("  How long -- to hold? "),
            "how-long-to-hold"
        );
        assert_eq!(encode::plain_id("Übungen"), "bungen");
    }

    #[test]
    fn terms_held_by_the_same_documents_share_one_all_file() {
        let files: Vec<(String, String)> = (0..4)
            .map(|i| {
                (
                    format!("a{i}.md"),
                    format!("# Walk {i}\n\nLong walks build tolerance.\n\n## Part\n\nRest.\n"),
                )
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let out = index_sized(&site(&files), SHARD_BYTES, 4);
        // "tolerance", its stem "toler" and "build" are in the same
        // documents: the first of them names their file.
        let (list, all) = entry(&data(&out, &shard_of(&out, "tolerance"))["tolerance"]);
        assert_eq!(list.len(), 4);
        assert_eq!(all.as_deref(), Some("build"));
        assert_eq!(entry(&data(&out, &shard_of(&out, "toler"))["toler"]).1, all);
        assert!(out.contains_key("search/all/build.js"));
        assert!(!out.contains_key("search/all/toler.js"));
        assert!(!out.contains_key("search/all/tolerance.js"));
        let set = |name: &str| members(data(&out, name).as_str().unwrap());
        assert_eq!(set("all/build"), [0, 2, 4, 6]);
        // "walk" is in every document: its own set.
        assert_eq!(
            entry(&data(&out, &shard_of(&out, "walk"))["walk"])
                .1
                .as_deref(),
            Some("walk")
        );
        assert_eq!(set("all/walk"), (0..8).collect::<Vec<_>>());
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| w.len() <= 5));
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(index(&fitness()), index(&fitness()));
    }

    #[test]
    fn unicode_words_and_other_languages() {
        let a = Analyzer::new("de-CH");
        assert_eq!(
            a.words("Übungen für den Rücken, 2x täglich!"),
            ["übungen", "für", "den", "rücken", "2x", "täglich"]
        );
        assert_eq!(a.stem("übungen").as_deref(), Some("ubung"));
        assert_eq!(file_name("üb"), "_fc_b");
        assert_eq!(file_name("a1"), "a1");
        assert_eq!(file_name("con"), "con_");
        assert_eq!(file_name("com1"), "com1_");
        assert_eq!(file_name("cons"), "cons");
        let en = Analyzer::new("tlh");
        assert_eq!(en.stem("stretches").as_deref(), Some("stretch"));
        assert_eq!(en.words("It is a test of the index"), ["test", "index"]);
    }

    #[test]
    fn a_site_of_one_titled_page_is_searchable() {
        let files = index(&site(&[(
            "only.md",
            "# Only heading\n\n## Part\n\nText.\n",
        )]));
        let only = docs_of(&files, "only");
        let urls: Vec<Value> = only.iter().map(|&d| doc(&files, d)[2].clone()).collect();
        assert_eq!(urls, ["only/#part"]);
    }

    /// Measures the index of a large generated site:
    /// `LECTERN_SEARCH_CORPUS=/dev/shm/corpus10k cargo test --release --lib search::tests::bench -- --ignored --nocapture`
    /// (`LECTERN_SEARCH_OUT=dir` also writes the files there,
    /// `LECTERN_SEARCH_CAP=n` keeps `n` postings per term).
    #[test]
    #[ignore]
    fn bench() {
        let Ok(root) = std::env::var("LECTERN_SEARCH_CORPUS") else {
            return;
        };
        let cap = std::env::var("LECTERN_SEARCH_CAP").map_or(MAX_POSTINGS, |n| n.parse().unwrap());
        let root = std::path::PathBuf::from(root);
        let start = std::time::Instant::now();
        let config = crate::load::config::load(&root).expect("site.toml");
        let mut diagnostics = crate::diagnostics::Diagnostics::default();
        let loaded = crate::load::load(
            &root,
            "articles",
            Default::default(),
            false,
            &Default::default(),
        );
        let site = crate::resolve::resolve(config, loaded, Default::default(), &mut diagnostics);
        let loaded_in = start.elapsed();
        let start = std::time::Instant::now();
        let files = index_sized(&site, SHARD_BYTES, cap);
        let indexed_in = start.elapsed();

        let size = |name: &str| files[&format!("search/{name}.js")].len();
        let sizes = |dir: &str| -> Vec<usize> {
            files
                .iter()
                .filter(|(k, _)| k.starts_with(dir))
                .map(|(_, v)| v.len())
                .collect()
        };
        let (terms, blocks) = (sizes("search/terms/"), sizes("search/docs/"));
        let largest = files
            .iter()
            .filter(|(k, _)| k.starts_with("search/terms/"))
            .max_by_key(|(_, v)| v.len())
            .unwrap();
        println!(
            "{} articles, {} documents, cap {cap}; loaded in {loaded_in:?}, indexed in {indexed_in:?}",
            site.articles.len(),
            data(&files, "meta")["docs"]
        );
        println!(
            "total {} bytes in {} files; meta.js {} bytes; {} term shards, {} bytes, largest {} ({} bytes); {} doc blocks, {} bytes, largest {} bytes",
            files.values().map(Vec::len).sum::<usize>(),
            files.len(),
            size("meta"),
            terms.len(),
            terms.iter().sum::<usize>(),
            largest.0,
            largest.1.len(),
            blocks.len(),
            blocks.iter().sum::<usize>(),
            blocks.iter().max().unwrap(),
        );

        if let Ok(out) = std::env::var("LECTERN_SEARCH_OUT") {
            for (path, bytes) in &files {
                let path = std::path::Path::new(&out).join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
        // The documents holding every word of a query, before capping.
        let analyzer = Analyzer::new("en");
        let mut all_terms: Vec<Vec<(String, u32)>> = Vec::new();
        for chunk in chunks(&site, &analyzer) {
            let mut terms = vec![Vec::new(); chunk.docs.len()];
            for (t, list) in chunk.postings.iter().enumerate() {
                for p in list {
                    let doc = p.doc as usize;
                    terms[doc].push((chunk.vocab.terms[t].clone(), p.weight.into()));
                }
            }
            all_terms.extend(terms);
        }
        for query in [
            "hamstring",
            "deadlift core",
            "stretching hips",
            "lower back pain",
            "kettlebell",
            "sleep posture",
        ] {
            let words = analyzer.words(query);
            let truly = all_terms
                .iter()
                .filter(|t| words.iter().all(|w| t.iter().any(|(term, _)| term == w)))
                .count();
            let (top, shards) = rank(&files, query);
            let mut loaded: BTreeSet<String> = shards.into_iter().collect();
            loaded.insert("meta".into());
            for (d, _) in &top {
                loaded.insert(format!("docs/{}", *d as usize / DOCS_PER_BLOCK));
            }
            let bytes: usize = loaded.iter().map(|n| size(n)).sum();
            let all = top
                .iter()
                .filter(|(_, n)| *n as usize == words.len())
                .count();
            println!(
                "query {query:?}: {} files, {bytes} bytes; top 10 holding every word: {all} (documents holding every word: {truly}); first: {}",
                loaded.len(),
                top.first().map_or(String::new(), |(d, _)| doc(&files, *d)[2].to_string()),
            );
        }
    }

    /// Per query word: each document's best score, and the cut terms met
    /// with their score.
    type Found = (HashMap<u64, f64>, Vec<(String, f64, String)>);

    /// The ranking of `search.js` for whole words (without its prefix
    /// matching): the ten best (doc id, words matched), and the term and
    /// membership files loaded.
    fn rank(files: &BTreeMap<String, Vec<u8>>, query: &str) -> (Vec<(u64, u32)>, Vec<String>) {
        let meta = data(files, "meta");
        let n = meta["docs"].as_f64().unwrap();
        let words = Analyzer::new("en").words(query);
        let mut loaded = Vec::new();
        // Per word: each document's best score, and the cut terms met.
        let mut found: Vec<Found> = Vec::new();
        for w in &words {
            let name = shard_of(files, w);
            let mut shard = Value::Null;
            if files.contains_key(&format!("search/{name}.js")) {
                shard = data(files, &name);
                loaded.push(name);
            }
            let mut candidates = vec![(w.clone(), 1.0)];
            for s in ["ing", "es", "ed", "ly", "s", "e"] {
                if let Some(v) = w.strip_suffix(s).filter(|v| v.len() >= 3) {
                    candidates.push((v.to_string(), 0.8));
                    candidates.push((format!("{v}e"), 0.8));
                }
            }
            let (mut best, mut full) = (HashMap::new(), Vec::new());
            for (term, f) in candidates {
                let Some(value) = shard.get(&term) else {
                    continue;
                };
                let (list, all) = entry(value);
                let s = f * (1.0 + n / list.len() as f64).ln();
                if let Some(all) = all {
                    full.push((term, s, all));
                }
                for (d, w) in list {
                    let e: &mut f64 = best.entry(d).or_default();
                    *e = e.max(w as f64 * s);
                }
            }
            found.push((best, full));
        }
        let rank = |found: &[Found]| {
            let mut scores: HashMap<u64, (u32, f64)> = HashMap::new();
            for (best, _) in found {
                for (&d, &s) in best {
                    let e = scores.entry(d).or_default();
                    e.0 += 1;
                    e.1 += s;
                }
            }
            let mut ranked: Vec<(u64, (u32, f64))> = scores.into_iter().collect();
            ranked.sort_by(|a, b| {
                b.1 .0
                    .cmp(&a.1 .0)
                    .then(b.1 .1.total_cmp(&a.1 .1))
                    .then(a.0.cmp(&b.0))
            });
            let top = ranked.into_iter().take(10).map(|(d, (n, _))| (d, n));
            top.collect::<Vec<_>>()
        };
        let mut top = rank(&found);
        let every = top
            .iter()
            .filter(|(_, n)| *n as usize == words.len())
            .count();
        let some = found.iter().any(|(_, full)| !full.is_empty())
            && found.iter().all(|(best, _)| !best.is_empty());
        if words.len() > 1 && some && every < 10 {
            for (best, full) in &mut found {
                // The shortest term: the stem, which holds the others.
                full.sort_by_key(|(t, ..)| t.len());
                for (_, s, all) in full.iter().take(1) {
                    let name = format!("all/{}", file_name(all));
                    for d in members(data(files, &name).as_str().unwrap()) {
                        best.entry(d.into()).or_insert(*s);
                    }
                    loaded.push(name);
                }
            }
            top = rank(&found);
        }
        (top, loaded)
    }
}
