//! The index's files: term shards split by prefix, document sets as compact
//! strings, and the small scripts that carry them to the browser.

use std::collections::BTreeMap;

use serde::Serialize;

use super::MAX_PREFIX;

/// Terms and their postings.
pub(super) type Terms = BTreeMap<String, Vec<[u32; 2]>>;

/// Groups terms by their first two characters, splitting a group over
/// `limit` bytes by one more character, up to [`MAX_PREFIX`].
pub(super) fn shard(terms: Terms, limit: usize) -> BTreeMap<String, Terms> {
    let mut out: BTreeMap<String, Terms> = BTreeMap::new();
    let mut todo = group(terms, 2);
    while let Some((key, terms)) = todo.pop_first() {
        let n = key.chars().count();
        let size: usize = terms
            .iter()
            .map(|(t, list)| {
                t.len()
                    + 4
                    + list
                        .iter()
                        .map(|[d, w]| digits(*d) + digits(*w) + 4)
                        .sum::<usize>()
            })
            .sum();
        if size <= limit || n >= MAX_PREFIX {
            out.insert(key, terms);
            continue;
        }
        for (k, g) in group(terms, n + 1) {
            if k == key {
                out.insert(k, g);
            } else {
                todo.insert(k, g);
            }
        }
    }
    out
}

/// Terms by their first `n` characters.
fn group(terms: Terms, n: usize) -> BTreeMap<String, Terms> {
    let mut groups: BTreeMap<String, Terms> = BTreeMap::new();
    for (term, list) in terms {
        let key: String = term.chars().take(n).collect();
        groups.entry(key).or_default().insert(term, list);
    }
    groups
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
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
        let mut gap = d - next;
        next = d + 1;
        while gap >= 32 {
            gaps.push(BASE64[(gap & 31 | 32) as usize] as char);
            gap >>= 5;
        }
        gaps.push(BASE64[gap as usize] as char);
    }
    if gaps.len() < bitmap.len() {
        gaps
    } else {
        bitmap
    }
}

/// `window.__lecternSearch("name", data);`
pub(super) fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    let mut out = format!("window.__lecternSearch({},", serde_json::json!(name)).into_bytes();
    serde_json::to_writer(&mut out, data).expect("search data serializes");
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
