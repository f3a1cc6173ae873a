//! Files for machines: `sitemap.xml`, `robots.txt` and the Atom feed.
//! They need absolute URLs, so they are written only when `base_url` is set.

use crate::html::escape;
use crate::resolve::Site;

/// `sitemap.xml` listing the home page, the FAQ and every article.
pub fn sitemap(site: &Site, extra: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entry = |path: &str, lastmod: Option<&str>| {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&site.config.absolute(path))
        ));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(date)));
        }
        xml.push_str("</url>\n");
    };
    entry("", None);
    for path in extra {
        entry(path, None);
    }
    for (i, article) in site.articles.iter().enumerate() {
        entry(&site.path_of(i), article.last_changed());
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.config.absolute("sitemap.xml")
    )
}

/// An Atom feed of the articles, newest first.
pub fn atom(site: &Site) -> String {
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
        .unwrap_or("1970-01-01");
    let author = config.author.as_deref().unwrap_or(&config.title);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.description),
        escape(&config.absolute("atom.xml")),
        escape(&config.absolute("")),
        escape(&config.absolute("")),
        rfc3339(updated),
        escape(author),
    );
    for i in order {
        let article = &site.articles[i];
        let url = escape(&config.absolute(&site.path_of(i)));
        let published = article.front.date.as_deref().map(rfc3339);
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{}</updated>\n",
            escape(&article.title),
            rfc3339(article.last_changed().unwrap_or(updated)),
        ));
        if let Some(published) = published {
            xml.push_str(&format!("    <published>{published}</published>\n"));
        }
        if let Some(author) = &article.front.author {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        xml.push_str(&format!(
            "    <summary>{}</summary>\n  </entry>\n",
            escape(&article.description())
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// Atom needs full date-times: a bare date becomes midnight UTC.
fn rfc3339(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.to_string()
    }
}
