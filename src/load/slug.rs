//! Heading ids and URL slugs.

use std::collections::HashMap;

/// A heading id by GitHub's rules: lowercase, spaces become `-`, punctuation
/// is dropped. A fragment that works on GitHub works on the site.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
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

/// A URL-safe slug for a title or file name: `"Knee-to-chest Twist!"` →
/// `knee-to-chest-twist`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
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
            .find(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(*c)))
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
        assert_eq!(
            heading_id("Why does my back hurt?"),
            "why-does-my-back-hurt"
        );
        assert_eq!(
            heading_id("Strain vs. sprain: what's different"),
            "strain-vs-sprain-whats-different"
        );
        assert_eq!(heading_id("Knee-to-chest  twist"), "knee-to-chest--twist");
        assert_eq!(heading_id("Çekirdek kaslar"), "çekirdek-kaslar");
        assert_eq!(heading_id("`code` and _emph_"), "code-and-_emph_");
    }

    #[test]
    fn duplicate_ids_are_numbered() {
        let mut ids = UniqueIds::default();
        ids.reserve("intro-1");
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique(""), "section");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Knee-to-chest Twist!"), "knee-to-chest-twist");
        assert_eq!(slugify("  What's a strain?  "), "what-s-a-strain");
        assert!(check_slug("guides/stretching").is_ok());
        assert!(check_slug("../etc")
            .unwrap_err()
            .contains("leave the output folder"));
        assert!(check_slug("a b").unwrap_err().contains("not safe in a URL"));
    }
}
