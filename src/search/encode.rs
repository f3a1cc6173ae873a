//! The index's files: term shards split by prefix, document sets as compact
//! strings, and the small scripts that carry them to the browser.

use std::ops::Range;

use serde::Serialize;

use super::{Shown, MAX_PREFIX};
use crate::load::markdown::unspaced;

/// Terms in order, each with its value in a shard as JSON.
pub(super) type Entries<'a> = [(&'a str, &'a str)];

/// Groups the (sorted) terms by their first two characters, splitting a
/// group over `limit` bytes by one more character, up to [`MAX_PREFIX`]:
/// each shard's prefix and its range of `terms`, by prefix. Terms of the
/// scripts written without spaces (indexed by pairs of characters, of
/// which Chinese has many thousands) start in one group per [`block`] of
/// 64 code points, split by their first character, then their first two.
pub(super) fn shard(terms: &Entries<'_>, limit: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    // (key, range, characters the key stands for)
    let mut todo: Vec<(String, Range<usize>, usize)> = Vec::new();
    for (key, range) in group(terms, 0..terms.len(), 2) {
        let block = key.chars().next().filter(|&c| unspaced(c)).map(block);
        match (block, todo.last_mut()) {
            (Some(block), Some((last, r, 0))) if *last == block => r.end = range.end,
            (Some(block), _) => todo.push((block, range, 0)),
            (None, _) => todo.push((key, range, 2)),
        }
    }
    while let Some((key, range, n)) = todo.pop() {
        if shard_size(&terms[range.clone()]) <= limit || n >= MAX_PREFIX {
            out.push((key, range));
            continue;
        }
        for (k, g) in group(terms, range, n + 1) {
            // Terms as long as the prefix stay in its shard.
            if k == key {
                out.push((k, g));
            } else {
                todo.push((k, g, n + 1));
            }
        }
    }
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The shard of the terms starting with a character of `c`'s block of 64
/// code points, in a script written without spaces: `~138` for `丁`
/// (U+4E01). No term starts with `~`. The same as `block` in
/// `static/search.js`.
pub(super) fn block(c: char) -> String {
    format!("~{:x}", u32::from(c) >> 6)
}

/// The bytes a shard of `terms` takes, near enough.
pub(super) fn shard_size(terms: &Entries<'_>) -> usize {
    terms.iter().map(|(t, v)| t.len() + v.len() + 4).sum()
}

/// The runs of `range` of the sorted `terms` that share their first `n`
/// characters, with those characters. Sorted terms with a prefix in common
/// are next to each other.
fn group(terms: &Entries<'_>, range: Range<usize>, n: usize) -> Vec<(String, Range<usize>)> {
    let mut groups: Vec<(String, Range<usize>)> = Vec::new();
    for i in range {
        let term = terms[i].0;
        let end = term.char_indices().nth(n).map_or(term.len(), |(at, _)| at);
        match groups.last_mut() {
            Some((key, r)) if key == &term[..end] => r.end = i + 1,
            _ => groups.push((term[..end].to_string(), i..i + 1)),
        }
    }
    groups
}

/// Appends `n` as 5 bits per character, lowest first, with 32 added to
/// every character but the last.
fn push_number(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(BASE64[(n & 31 | 32) as usize] as char);
        n >>= 5;
    }
    out.push(BASE64[n as usize] as char);
}

/// A term's postings, `(doc, weight)` by ascending doc, as characters of
/// [`BASE64`]: per posting, the doc less the previous one less one (the
/// first as it is), then the weight, each a number as in [`membership`].
pub(super) fn postings(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    let mut next = 0;
    for &(d, w) in list {
        push_number(&mut out, d - next);
        push_number(&mut out, w);
        next = d + 1;
    }
    out
}

/// `text` as a JSON string.
pub(super) fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// The name of a section's id as `search.js` makes it from its heading
/// when the block leaves it out: ASCII letters and digits, lowercase, each
/// run of anything else a `-`, none at either end.
pub(super) fn plain_id(heading: &str) -> String {
    let mut id = String::with_capacity(heading.len());
    for c in heading.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// A block of documents as JSON: per run of documents of one page,
/// `[title, site path, doc, ...]`, each doc the excerpt of the intro, or
/// `[section, excerpt]` for a section whose id is its [`plain_id`], or
/// `[section, excerpt, id]`.
pub(super) fn doc_block(docs: &[Shown]) -> Vec<u8> {
    let mut out = String::with_capacity(docs.len() * 256);
    out.push('[');
    let mut page = None;
    for doc in docs {
        if page != Some((doc.title, doc.path.as_str())) {
            if page.is_some() {
                out.push_str("],");
            }
            page = Some((doc.title, doc.path.as_str()));
            out.push('[');
            out.push_str(&json_string(doc.title));
            out.push(',');
            out.push_str(&json_string(&doc.path));
        }
        out.push(',');
        match doc.section {
            None => out.push_str(&json_string(doc.text)),
            Some(section) => {
                out.push('[');
                out.push_str(&json_string(section));
                out.push(',');
                out.push_str(&json_string(doc.text));
                if plain_id(section) != doc.id {
                    out.push(',');
                    out.push_str(&json_string(doc.id));
                }
                out.push(']');
            }
        }
    }
    if page.is_some() {
        out.push(']');
    }
    out.push(']');
    out.into_bytes()
}

/// The 64 characters of the `all/` files, 6 bits each.
pub(super) const BASE64: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The set of `ids` (ascending, each below `docs`) as the shorter of a
/// bitmap (`b`, then 6 documents per character, lowest bit first) and a
/// list of gaps (`d`, then each id less the previous one less one, 5 bits
/// per character, lowest first, with 32 added to every character but a
/// number's last).
pub(super) fn membership(ids: &[u32], docs: usize) -> String {
    let mut bits = vec![0u8; docs.div_ceil(6)];
    for &d in ids {
        bits[d as usize / 6] |= 1 << (d % 6);
    }
    while bits.last() == Some(&0) {
        bits.pop();
    }
    let bitmap: String = std::iter::once('b')
        .chain(bits.iter().map(|&v| BASE64[v as usize] as char))
        .collect();
    let mut gaps = String::from("d");
    let mut next = 0;
    for &d in ids {
        push_number(&mut gaps, d - next);
        next = d + 1;
    }
    if gaps.len() < bitmap.len() {
        gaps
    } else {
        bitmap
    }
}

/// `window.__lecternSearch("name", data);`
pub(super) fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    raw_script(
        name,
        &serde_json::to_vec(data).expect("search data serializes"),
    )
}

/// [`script`] for data already written as JSON.
pub(super) fn raw_script(name: &str, json: &[u8]) -> Vec<u8> {
    let head = format!("window.__lecternSearch({},", json_string(name));
    let mut out = Vec::with_capacity(head.len() + json.len() + 3);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(json);
    out.extend_from_slice(b");\n");
    out
}

/// A term or prefix as a file name that any host and file system takes:
/// ASCII letters and digits as they are, any other character as
/// `_<hex code point>_` (`ül` → `_fc_l`), and `_` after a name Windows
/// reserves (`con` → `con_`). `search.js` does the same.
pub(super) fn file_name(term: &str) -> String {
    let mut name = String::new();
    for c in term.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    let device = matches!(name.as_str(), "con" | "prn" | "aux" | "nul")
        || (name.len() == 4
            && (name.starts_with("com") || name.starts_with("lpt"))
            && name.as_bytes()[3].is_ascii_digit());
    if device {
        name.push('_');
    }
    name
}
