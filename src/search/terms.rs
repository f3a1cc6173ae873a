//! The index's terms, kept from one index to the next: each term's entry
//! in its shard, the terms sharing an `all/` file and the shards last
//! written. After an edit only the terms whose postings changed are
//! encoded again, and only the files holding them are written.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound::Included;

use rayon::prelude::*;
use rustc_hash::FxHashMap as Map;

use super::encode::{file_name, json_string, raw_script, script, shard, shard_size};

/// A term's postings as written (cut to the cap), and the documents
/// holding it (a [`super::encode::membership`] set) when they were cut.
pub(super) type Encoded = (String, Option<String>);

/// The files an update writes (`Some`) or removes (`None`), by site path.
pub(super) type Changes = BTreeMap<String, Option<Vec<u8>>>;

#[derive(Default)]
pub(super) struct Terms {
    entries: BTreeMap<String, Entry>,
    /// The terms whose lists were cut, by the hash of their set of
    /// documents; the first of them names the set's `all/` file.
    sets: Map<u128, Set>,
    /// The shards last written, by prefix: their first and last terms.
    shards: BTreeMap<String, (String, String)>,
}

struct Entry {
    postings: String,
    set: Option<u128>,
    /// The term's value in its shard, as JSON.
    value: String,
}

struct Set {
    docs: String,
    terms: BTreeSet<String>,
}

impl Terms {
    /// The prefixes of the shards, in order.
    pub(super) fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.shards.keys().map(String::as_str)
    }

    /// Takes each term of `changed` with its new postings (`None` for a
    /// term no document holds any more), and puts in `files` the `all/`
    /// and shard files that differ from the last written.
    pub(super) fn update(
        &mut self,
        changed: Vec<(String, Option<Encoded>)>,
        shard_bytes: usize,
        files: &mut Changes,
    ) {
        // The first term of each set changed, before the change.
        let mut owners: Map<u128, Option<String>> = Map::default();
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        for (term, encoded) in changed {
            if let Some(set) = self.entries.remove(&term).and_then(|e| e.set) {
                self.leave(set, &term, &mut owners);
            }
            if let Some((postings, all)) = encoded {
                let set = all.map(|docs| self.join(docs, &term, &mut owners));
                let value = String::new();
                let entry = Entry {
                    postings,
                    set,
                    value,
                };
                self.entries.insert(term.clone(), entry);
            }
            dirty.insert(term);
        }
        // A set whose first term changed moves to a file named after the
        // new one, and every term of it names that file.
        let mut moved = Vec::new();
        for (id, before) in owners {
            let after = (self.sets.get(&id)).and_then(|s| s.terms.first().cloned());
            if after.is_none() {
                self.sets.remove(&id);
            }
            if before == after {
                continue;
            }
            if let Some(before) = before {
                files.entry(all_file(&before)).or_insert(None);
            }
            if let Some(after) = after {
                dirty.extend(self.sets[&id].terms.iter().cloned());
                moved.push((after, id));
            }
        }
        for (owner, id) in moved {
            let name = format!("all/{}", file_name(&owner));
            files.insert(all_file(&owner), Some(script(&name, &self.sets[&id].docs)));
        }
        for term in &dirty {
            let Some(entry) = self.entries.get(term) else {
                continue;
            };
            let value = match entry.set {
                None => json_string(&entry.postings),
                Some(id) => {
                    let owner = self.sets[&id].terms.first().expect("a set has terms");
                    format!("[{},{}]", json_string(&entry.postings), json_string(owner))
                }
            };
            self.entries.get_mut(term).expect("an entry").value = value;
        }
        self.write_shards(&dirty, shard_bytes, files);
    }

    /// Takes `term` out of the set `id`.
    fn leave(&mut self, id: u128, term: &str, owners: &mut Map<u128, Option<String>>) {
        let set = self.sets.get_mut(&id).expect("an entry's set is kept");
        owners
            .entry(id)
            .or_insert_with(|| set.terms.first().cloned());
        set.terms.remove(term);
    }

    /// Puts `term` in the set of the documents `docs`; the set's id.
    fn join(&mut self, docs: String, term: &str, owners: &mut Map<u128, Option<String>>) -> u128 {
        let id = xxhash_rust::xxh3::xxh3_128(docs.as_bytes());
        let set = self.sets.entry(id).or_insert_with(|| Set {
            docs,
            terms: BTreeSet::new(),
        });
        owners
            .entry(id)
            .or_insert_with(|| set.terms.first().cloned());
        set.terms.insert(term.to_string());
        id
    }

    /// Splits the terms into shards again, and writes those holding a
    /// term of `dirty` or whose bounds moved; removes those gone.
    fn write_shards(&mut self, dirty: &BTreeSet<String>, shard_bytes: usize, files: &mut Changes) {
        let entries: Vec<(&str, &str)> = (self.entries.iter())
            .map(|(term, entry)| (term.as_str(), entry.value.as_str()))
            .collect();
        let shards = shard(&entries, shard_bytes);
        let mut bounds = BTreeMap::new();
        let mut written = Vec::new();
        for (key, range) in shards {
            let first = entries[range.start].0;
            let last = entries[range.end - 1].0;
            let same = (self.shards.get(&key)).is_some_and(|(f, l)| f == first && l == last)
                && (dirty.range::<str, _>((Included(first), Included(last))))
                    .next()
                    .is_none();
            if !same {
                written.push((key.clone(), range));
            }
            bounds.insert(key, (first.to_string(), last.to_string()));
        }
        let written: Vec<(String, Vec<u8>)> = written
            .into_par_iter()
            .map(|(key, range)| {
                let name = format!("terms/{}", file_name(&key));
                let terms = &entries[range];
                let mut data = Vec::with_capacity(shard_size(terms) + 2);
                data.push(b'{');
                for (i, (term, value)) in terms.iter().enumerate() {
                    if i > 0 {
                        data.push(b',');
                    }
                    data.extend_from_slice(json_string(term).as_bytes());
                    data.push(b':');
                    data.extend_from_slice(value.as_bytes());
                }
                data.push(b'}');
                (format!("search/{name}.js"), raw_script(&name, &data))
            })
            .collect();
        for key in self.shards.keys().filter(|k| !bounds.contains_key(*k)) {
            files.insert(format!("search/terms/{}.js", file_name(key)), None);
        }
        files.extend(written.into_iter().map(|(path, bytes)| (path, Some(bytes))));
        self.shards = bounds;
    }
}

/// The site path of the `all/` file named after `term`.
fn all_file(term: &str) -> String {
    format!("search/all/{}.js", file_name(term))
}
