//! Any text and terms through the glossary linker: it never panics, and
//! each use it finds is a whole word (or its plural) matching its term
//! case-insensitively, in order, without overlaps, each term at most once.
#![no_main]

use lectern::fuzzing::term_uses;
use libfuzzer_sys::fuzz_target;

fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

fuzz_target!(|input: (Vec<&str>, &str)| {
    let (terms, text) = input;
    let uses = term_uses(&terms, text);
    let mut end = 0;
    let mut seen = vec![false; terms.len()];
    for (term, range) in uses {
        assert!(range.start >= end && range.start < range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(!std::mem::replace(&mut seen[term], true), "term {term} linked twice");
        let used = lower(&text[range.clone()]);
        let wanted = lower(terms[term]);
        assert!(
            used == wanted || used == format!("{wanted}s"),
            "{used:?} is not a use of {wanted:?}"
        );
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        assert!(!before.is_some_and(char::is_alphanumeric), "{used:?} starts inside a word");
        assert!(!after.is_some_and(char::is_alphanumeric), "{used:?} ends inside a word");
        end = range.end;
    }
});
