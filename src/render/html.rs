//! The one way text and URLs get into HTML: [`escape`] for text and
//! attribute values, [`href`] for the URL of a link's target from a page.

use crate::resolve::urls::{self, relative};
use crate::resolve::{Site, Target};

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The URL a link's target has from the page at `from`.
pub(super) fn href(site: &Site, from: &str, target: &Target, written: &str) -> String {
    let style = site.config.links;
    match target {
        // With raw HTML disallowed, links cannot run scripts either.
        Target::External if !site.config.allow_html && runs_script(written) => "#".to_string(),
        Target::External | Target::Broken => written.to_string(),
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
        Target::Asset { path, suffix } => format!(
            "{}{suffix}",
            urls::percent_encode_path(&relative(from, path, style))
        ),
    }
}

/// Whether a URL would run code when followed (`javascript:`, `vbscript:`,
/// `data:` other than images).
fn runs_script(url: &str) -> bool {
    let url: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let url = url.to_ascii_lowercase();
    url.starts_with("javascript:")
        || url.starts_with("vbscript:")
        || (url.starts_with("data:") && !url.starts_with("data:image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_recognized() {
        assert!(runs_script("javascript:alert(1)"));
        assert!(runs_script(" JaVa\tScript:alert(1)"));
        assert!(runs_script("data:text/html,<script>"));
        assert!(!runs_script("data:image/png;base64,AAAA"));
        assert!(!runs_script("https://example.org"));
    }

    #[test]
    fn escapes_attribute_text() {
        assert_eq!(
            escape("a \"b\" <c> & 'd'"),
            "a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;"
        );
    }
}
