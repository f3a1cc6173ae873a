//! The one way text and URLs get into HTML: [`escape`] for text and
//! attribute values, [`Url`] for every URL lectern writes (it cannot run a
//! script), [`href`] for the URL of a link's target from a page.

use std::fmt;

use serde::Serialize;

use crate::resolve::urls::{self, relative};
use crate::resolve::{Site, Target};

/// Escapes text for HTML and XML content and attribute values, dropping
/// the characters XML 1.0 forbids (control characters other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF), which are errors in HTML
/// too: the one escaping path of every page, feed and sitemap.
pub(crate) fn escape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The text since the last character replaced, copied in one piece.
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (replacement, width) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => continue,
            0..=0x1f => ("", 1),
            // U+FFFE and U+FFFF.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => continue,
        };
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        run = i + width;
    }
    out.push_str(&text[run..]);
    out
}

/// An element's start tag, built attribute by attribute: names are
/// lectern's own, values always go through [`escape`].
#[derive(Debug)]
pub(crate) struct StartTag(String);

impl StartTag {
    pub(crate) fn new(name: &'static str) -> Self {
        StartTag(format!("<{name}"))
    }

    pub(crate) fn attr(mut self, name: &'static str, value: &str) -> Self {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        self.0.push_str(&escape(value));
        self.0.push('"');
        self
    }

    /// The attribute when there is a value.
    pub(crate) fn attr_some(self, name: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// The attributes alone (` a="1" b="2"`), to add to a tag as written.
    pub(crate) fn attributes(&self) -> &str {
        let name_end = self.0.find(' ').unwrap_or(self.0.len());
        &self.0[name_end..]
    }

    pub(crate) fn finish(mut self) -> String {
        self.0.push('>');
        self.0
    }
}

/// A URL that is safe to write into a page or feed: it went through
/// [`sanitize_url`]. Templates only ever get URLs of this type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct Url(String);

impl Url {
    pub(crate) fn new(url: &str) -> Url {
        Url(sanitize_url(url))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `url` as a browser reads it, or `#` when following it would run a
/// script (`javascript:`, `vbscript:`, `data:` other than raster images).
///
/// Browsers drop leading and trailing C0 controls and spaces, and ASCII
/// tabs and newlines anywhere, before they read the scheme, so
/// `" java\tscript:"` is `javascript:`; the result is the URL after that
/// stripping, with the remaining control characters percent-encoded as a
/// browser would.
pub fn sanitize_url(url: &str) -> String {
    let mut clean = String::with_capacity(url.len());
    for c in url.trim_matches(|c: char| c <= ' ').chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            c if c.is_ascii_control() => clean.push_str(&format!("%{:02X}", c as u8)),
            c => clean.push(c),
        }
    }
    if runs_script(&clean) {
        "#".into()
    } else {
        clean
    }
}

/// Whether a URL, already stripped as a browser strips it, runs code when
/// followed.
fn runs_script(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "javascript" | "vbscript" => true,
        "data" => !is_raster_image(rest),
        _ => false,
    }
}

/// Whether the body of a `data:` URL declares a raster image type (an SVG
/// image may hold scripts).
fn is_raster_image(data: &str) -> bool {
    let media_type = data.split([',', ';']).next().unwrap_or("");
    matches!(
        media_type.trim().to_ascii_lowercase().as_str(),
        "image/png"
            | "image/apng"
            | "image/jpeg"
            | "image/jpg"
            | "image/gif"
            | "image/webp"
            | "image/avif"
            | "image/bmp"
            | "image/x-icon"
            | "image/vnd.microsoft.icon"
    )
}

/// The URL a link's target has from the page at `from`.
pub(super) fn href(site: &Site, from: &str, target: &Target, written: &str) -> Url {
    let style = site.config.links;
    let url = match target {
        Target::External | Target::Broken => written.to_string(),
        Target::Outside { path } => urls::from_root(from, path),
        Target::Local { fragment } => format!("#{fragment}"),
        Target::Page { article, fragment } => {
            let mut url = relative(from, &site.path_of(*article), style);
            if let Some(fragment) = fragment.as_deref().filter(|f| !f.is_empty()) {
                if site.path_of(*article) == from {
                    url.clear();
                }
                url.push('#');
                url.push_str(fragment);
            }
            url
        }
        Target::Section { path } => relative(from, path, style),
        Target::Original { path, fragment } => {
            let mut url = relative(from, &format!("{}{path}", site.up()), style);
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        }
        Target::Asset { path, suffix } => format!(
            "{}{suffix}",
            urls::percent_encode_path(&relative(from, &format!("{}{path}", site.up()), style))
        ),
    };
    Url::new(&url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_become_harmless() {
        for url in [
            "javascript:alert(1)",
            " JaVa\tScript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\nscript:alert(1)\u{0} ",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "DATA: image/svg+xml;base64,AAAA",
            "data:,alert(1)",
        ] {
            assert_eq!(sanitize_url(url), "#", "{url:?}");
        }
    }

    #[test]
    fn other_urls_are_kept_as_a_browser_reads_them() {
        assert_eq!(
            sanitize_url("data:image/png;base64,AAAA"),
            "data:image/png;base64,AAAA"
        );
        assert_eq!(
            sanitize_url(" https://example.org/a\tb "),
            "https://example.org/ab"
        );
        assert_eq!(sanitize_url("a\u{1}b.md#x"), "a%01b.md#x");
        assert_eq!(sanitize_url("../faq/#why"), "../faq/#why");
        assert_eq!(sanitize_url("&#106;avascript:x"), "&#106;avascript:x");
        assert_eq!(sanitize_url("notes/javascript:x"), "notes/javascript:x");
    }

    #[test]
    fn start_tags_escape_every_value() {
        let tag = StartTag::new("img")
            .attr("alt", "a \"quote\" & <b>")
            .attr_some("title", None)
            .attr_some("width", Some("3"));
        assert_eq!(
            tag.attributes(),
            " alt=\"a &quot;quote&quot; &amp; &lt;b&gt;\" width=\"3\""
        );
        assert_eq!(
            tag.finish(),
            "<img alt=\"a &quot;quote&quot; &amp; &lt;b&gt;\" width=\"3\">"
        );
    }

    #[test]
    fn drops_what_xml_forbids() {
        assert_eq!(
            escape("a\u{1}b\u{fffe}\u{ffff}\tc\n<&>\"'"),
            "ab\tc\n&lt;&amp;&gt;&quot;&#39;"
        );
        // Characters that share their first bytes with those stay.
        assert_eq!(
            escape("\u{fffd}\u{fefe}é\u{1f}\u{20}\u{ffff}腰"),
            "\u{fffd}\u{fefe}é 腰"
        );
    }

    #[test]
    fn escapes_attribute_text() {
        assert_eq!(
            escape("a \"b\" <c> & 'd'"),
            "a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;"
        );
    }
}
