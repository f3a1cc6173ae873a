//! Site paths and the relative URLs between them.
//!
//! A site path names a place in the output without a leading slash: `""` is
//! the home page, `stretching/` a page (its `index.html`), `stretching/fig.svg`
//! a file. Every link in the output is relative to the page that holds it, so
//! the site works at a domain root, under any subpath, and from disk.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::load::LinkStyle;

/// The URL that leads from the page at `from` (a folder path such as
/// `a/b/`) to the site path `to`.
pub(crate) fn relative(from: &str, to: &str, style: LinkStyle) -> String {
    let depth = from.split('/').filter(|s| !s.is_empty()).count();
    let from_segments: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_segments: Vec<&str> = to.split('/').collect();
    // Shared leading folders need no `../`; the last segment of `to` is a
    // file name (empty for a folder), never a shared folder.
    let shared = from_segments
        .iter()
        .zip(&to_segments[..to_segments.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(depth - shared);
    url.push_str(&to_segments[shared..].join("/"));
    if style == LinkStyle::Files && (to.is_empty() || to.ends_with('/')) {
        url.push_str("index.html");
    }
    if url.is_empty() {
        url.push_str("./");
    }
    url
}

/// The site path of the page with `slug` (`""` for the home page).
pub(crate) fn page_path(slug: &str) -> String {
    if slug.is_empty() {
        return String::new();
    }
    // Made for every page, several times: without the formatting machinery.
    let mut path = String::with_capacity(slug.len() + 1);
    path.push_str(slug);
    path.push('/');
    path
}

/// Whether `dest` names something outside the site (`https:`, `mailto:`, `//host`).
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// Decodes `%xx` escapes in a link's path (`my%20file.md`).
pub(crate) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// What stays as it is in a URL path: letters, digits, `/` and the
/// characters RFC 3986 allows in a path segment.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes what cannot stand in a URL path as is.
pub(crate) fn percent_encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Joins a relative `path` to the folder `dir` (both inside `articles/`),
/// resolving `.` and `..`; `None` when it climbs out of `articles/`.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let (0, segments) = walk(dir, path) else {
        return None;
    };
    let mut joined = segments.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Joins a relative `path` to the folder `dir` like [`join`], keeping the
/// `..` that climb out of `articles/`: the path from the site's root
/// (`../std/vec.html` from the root, `../../std/` from `a/`).
pub(crate) fn join_outside(dir: &str, path: &str) -> String {
    let (up, segments) = walk(dir, path);
    let mut joined = "../".repeat(up);
    joined.push_str(&segments.join("/"));
    let folder = path.ends_with('/') || path.ends_with("/.") || path.ends_with("..");
    if folder && !segments.is_empty() {
        joined.push('/');
    }
    joined
}

/// Follows `path` from the folder `dir`: how many `..` climb above the
/// root, and the segments reached from it.
fn walk<'a>(dir: &'a str, path: &'a str) -> (usize, Vec<&'a str>) {
    let mut up = 0;
    let mut segments: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    up += 1;
                }
            }
            s => segments.push(s),
        }
    }
    (up, segments)
}

/// Whether the path `path` is `prefix` or inside it, segment by segment
/// (`../std/` holds `../std/vec.html`; `../std` does not hold `../stdx`).
pub(crate) fn under(prefix: &str, path: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => prefix.ends_with('/') || rest.is_empty() || rest.starts_with('/'),
        None => prefix.strip_suffix('/') == Some(path),
    }
}

/// The URL of the path `path`, from the site's root, on the page at `from`.
pub(crate) fn from_root(from: &str, path: &str) -> String {
    let depth = from.split('/').filter(|s| !s.is_empty()).count();
    format!("{}{path}", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        let p = LinkStyle::Pretty;
        assert_eq!(relative("", "", p), "./");
        assert_eq!(relative("", "faq/", p), "faq/");
        assert_eq!(relative("a/", "", p), "../");
        assert_eq!(relative("a/", "b/", p), "../b/");
        assert_eq!(relative("a/", "a/fig.svg", p), "fig.svg");
        assert_eq!(relative("a/b/", "a/c/", p), "../c/");
        assert_eq!(relative("a/", "a/b/", p), "b/");
        assert_eq!(relative("a/b/", "static/s.css", p), "../../static/s.css");
        assert_eq!(relative("a/", "b/", LinkStyle::Files), "../b/index.html");
        assert_eq!(relative("a/", "", LinkStyle::Files), "../index.html");
        assert_eq!(relative("", "", LinkStyle::Files), "index.html");
    }

    #[test]
    fn externals() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x"));
        assert!(!is_external("other.md"));
        assert!(!is_external("a/b:c.md"));
        assert!(!is_external("#x"));
    }

    #[test]
    fn joins_paths() {
        assert_eq!(
            join("stretching", "../glossary.md").as_deref(),
            Some("glossary.md")
        );
        assert_eq!(join("", "sub/./other.md").as_deref(), Some("sub/other.md"));
        assert_eq!(join("a", "/b.md").as_deref(), Some("b.md"));
        assert_eq!(join("", "../x.md"), None);
    }

    #[test]
    fn joins_paths_beside_the_site() {
        assert_eq!(join_outside("", "../std/vec.html"), "../std/vec.html");
        assert_eq!(join_outside("a/b", "../../../std/"), "../std/");
        assert_eq!(join_outside("a", "../x/./y"), "x/y");
        assert_eq!(join_outside("", "../.."), "../../");
        assert!(under("../std/", "../std/vec.html"));
        assert!(under("../std/", "../std"));
        assert!(under("../std", "../std/vec.html"));
        assert!(!under("../std", "../stdx/a.html"));
        assert!(!under("../std/", "../reference/"));
        assert_eq!(from_root("", "../std/"), "../std/");
        assert_eq!(from_root("a/b/", "../std/"), "../../../std/");
    }

    #[test]
    fn percent_coding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_encode_path("a b/c.svg"), "a%20b/c.svg");
        assert_eq!(percent_encode_path("ü/(1)#?.png"), "%C3%BC/(1)%23%3F.png");
    }
}
