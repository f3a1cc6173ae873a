//! schema.org structured data (JSON-LD) for articles and the FAQ index.

use serde_json::{json, Value};

use super::html::Url;
use crate::load::frontmatter::Source;
use crate::resolve::Site;

/// JSON made safe inside `<script type="application/ld+json">`: `<`, `>`
/// and `&` only occur inside JSON strings, where `\u003c` means the same.
pub(super) fn script_text(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// An `FAQPage` for the given questions: (question, answer text, URL).
pub(super) fn faq_page(questions: &[(String, String, String)]) -> Value {
    let entities: Vec<Value> = questions
        .iter()
        .map(|(question, answer, url)| {
            json!({
                "@type": "Question",
                "name": question,
                "url": Url::new(url),
                "acceptedAnswer": { "@type": "Answer", "text": answer },
            })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities })
}

/// `Article` for one article page.
pub(super) fn article(site: &Site, index: usize) -> Value {
    let article = &site.articles[index];
    let url = Url::new(&site.config.absolute(&site.path_of(index)));
    let author = article
        .front
        .author
        .as_ref()
        .or(site.config.author.as_ref());
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.description(),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": site.config.language,
    });
    if let Some(date) = article.front.date {
        value["datePublished"] = json!(date.iso());
    }
    if let Some(date) = article.last_changed() {
        value["dateModified"] = json!(date.iso());
    }
    if let Some(author) = author {
        value["author"] = json!({ "@type": "Person", "name": author });
    }
    if !article.front.tags.is_empty() {
        value["keywords"] = json!(article.front.tags.join(", "));
    }
    value
}

/// `MedicalWebPage` for an article with review information.
pub(super) fn medical_page(site: &Site, index: usize) -> Value {
    let article = &site.articles[index];
    let url = Url::new(&site.config.absolute(&site.path_of(index)));
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "url": url,
        "inLanguage": site.config.language,
    });
    if let Some(date) = article.front.last_reviewed {
        value["lastReviewed"] = json!(date.iso());
    }
    if let Some(name) = &article.front.reviewed_by {
        value["reviewedBy"] = json!({ "@type": "Person", "name": name });
    }
    let citations: Vec<Value> = article
        .front
        .sources
        .iter()
        .map(|s| match s {
            Source::Text(text) => json!(text),
            Source::Link { title, url } => {
                json!({ "@type": "CreativeWork", "name": title, "url": Url::new(url) })
            }
        })
        .collect();
    if !citations.is_empty() {
        value["citation"] = json!(citations);
    }
    value
}

/// `BreadcrumbList` from (name, absolute URL) pairs.
pub(super) fn breadcrumbs(items: &[(String, String)]) -> Value {
    let elements: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, (name, url))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": Url::new(url) }))
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let value = json!({ "name": "</script><script>alert(1)</script> & more" });
        let text = script_text(&value);
        assert!(!text.contains("</script"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
