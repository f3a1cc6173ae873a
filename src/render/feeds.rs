//! Files for machines: `sitemap.xml`, `robots.txt` and the Atom feed.
//! They need absolute URLs, so they are written only when `base_url` is set.

use super::html::{escape, Url};
use crate::load::Date;
use crate::resolve::Site;

/// An absolute URL of the site, sanitized and escaped for XML.
fn url(site: &Site, path: &str) -> String {
    escape(Url::new(&site.config.absolute(path)).as_str())
}

/// `sitemap.xml` listing the home page, the FAQ and every article, each
/// page once (an article introducing the home page or the FAQ is theirs).
pub(super) fn sitemap(site: &Site) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut seen = std::collections::HashSet::new();
    let mut entry = |path: &str, lastmod: Option<Date>| {
        if !seen.insert(path.to_string()) {
            return;
        }
        out.push_str(&format!("  <url><loc>{}</loc>", url(site, path)));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        out.push_str("</url>\n");
    };
    let changed = |path: &str| {
        site.intro(path)
            .and_then(|i| site.articles[i].last_changed())
    };
    entry("", changed(""));
    entry("faq/", changed("faq/"));
    for job in super::Job::faq_pages(site) {
        entry(&job.path(site), None);
    }
    for (i, article) in site.articles.iter().enumerate() {
        entry(&site.path_of(i), article.last_changed());
    }
    out.push_str("</urlset>\n");
    out
}

pub(super) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        Url::new(&site.config.absolute("sitemap.xml"))
    )
}

/// An Atom feed of the articles, newest first.
pub(super) fn atom(site: &Site) -> String {
    let config = &site.config;
    let mut order: Vec<usize> = (0..site.articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&site.articles[a], &site.articles[b]);
        b.last_changed()
            .cmp(&a.last_changed())
            .then(a.title.cmp(&b.title))
    });
    let updated = order
        .first()
        .and_then(|&i| site.articles[i].last_changed())
        .unwrap_or(Date::EPOCH);
    let author = config.author.as_deref().unwrap_or(&config.title);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.description),
        url(site, "atom.xml"),
        url(site, ""),
        url(site, ""),
        updated.rfc3339(),
        escape(author),
    );
    for i in order {
        let article = &site.articles[i];
        let url = url(site, &site.path_of(i));
        let published = article.front.date.map(|d| d.rfc3339());
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{}</updated>\n",
            escape(&article.title),
            article.last_changed().unwrap_or(updated).rfc3339(),
        ));
        if let Some(published) = published {
            out.push_str(&format!("    <published>{published}</published>\n"));
        }
        if let Some(author) = &article.front.author {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n  </entry>\n",
            escape(&article.description())
        ));
    }
    out.push_str("</feed>\n");
    out
}
