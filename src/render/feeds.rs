//! Files for machines: `sitemap.xml`, `robots.txt` and the Atom feed.
//! They need absolute URLs, so they are written only when `base_url` is set.

use super::html::{escape, Url};
use super::Job;
use crate::load::Date;
use crate::resolve::Site;

/// An absolute URL of the site, sanitized and escaped for XML.
fn url(site: &Site, path: &str) -> String {
    escape(Url::new(&site.config.absolute(path)).as_str())
}

const URLSET: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
/// With the namespace of `<xhtml:link>`, for pages in several languages.
const URLSET_WITH_ALTERNATES: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">";

/// The most URLs one sitemap file may list, by the sitemap protocol.
const SITEMAP_URLS: usize = 50_000;

/// The sitemap files (site path, text) listing every page a reader can
/// land on (all but the search and 404 pages), each page of a listing
/// included: `sitemap.xml` alone, or past 50,000 URLs a sitemap index
/// there and `sitemap-1.xml`, `sitemap-2.xml`, … beside it.
pub(super) fn sitemaps(site: &Site) -> Vec<(String, String)> {
    let urlset = match site.translations.languages.len() > 1 {
        true => URLSET_WITH_ALTERNATES,
        false => URLSET,
    };
    split_sitemap(sitemap_entries(site), SITEMAP_URLS, urlset, |file| {
        url(site, file)
    })
}

/// One `<url>` element for each page the sitemap lists, with the date its
/// article last changed (for a generated page, the article introducing it).
fn sitemap_entries(site: &Site) -> Vec<String> {
    let mut jobs = Job::all(site);
    jobs.retain(|job| !matches!(job, Job::Search | Job::NotFound));
    jobs.sort();
    jobs.iter()
        .map(|job| {
            let article = match job {
                Job::Article(i) => Some(*i),
                _ => job.intro(site),
            };
            let path = job.path(site);
            let mut out = format!("  <url><loc>{}</loc>", url(site, &path));
            if let Some(date) = article.and_then(|i| site.articles[i].last_changed()) {
                out.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
            }
            // Each translation of the page, itself included, as search
            // engines ask.
            if site.translations.languages.len() > 1 {
                let source = article.map(|i| site.articles[i].source.as_str());
                let alternates = site.translations.alternates(site.language, &path, source);
                for link in super::context::hreflang_links(site, &alternates) {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        escape(&link.hreflang),
                        escape(link.href.as_str())
                    ));
                }
            }
            out.push_str("</url>\n");
            out
        })
        .collect()
}

/// `entries` as one `sitemap.xml` when there are at most `max`, else as
/// files of at most `max` each under a sitemap index; `url` gives a file's
/// absolute URL, escaped.
fn split_sitemap(
    entries: Vec<String>,
    max: usize,
    urlset_tag: &str,
    url: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const NAMESPACE: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let urlset =
        |entries: &[String]| format!("{HEAD}{urlset_tag}\n{}</urlset>\n", entries.concat());
    if entries.len() <= max {
        return vec![("sitemap.xml".into(), urlset(&entries))];
    }
    let mut files = Vec::new();
    let mut index = format!("{HEAD}<sitemapindex {NAMESPACE}>\n");
    for (n, chunk) in entries.chunks(max.max(1)).enumerate() {
        let file = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", url(&file)));
        files.push((file, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

pub(super) fn robots(site: &Site) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    // Each language has a sitemap of its own.
    let languages = &site.translations.languages;
    let prefixes =
        (languages.iter().map(|l| l.prefix.as_str())).chain(languages.is_empty().then_some(""));
    for prefix in prefixes {
        let sitemap = site.config.absolute(&format!("{prefix}sitemap.xml"));
        out.push_str(&format!("Sitemap: {}\n", Url::new(&sitemap)));
    }
    out
}

/// An Atom feed of the newest `feed_limit` articles (all for 0), newest
/// first.
pub(super) fn atom(site: &Site) -> String {
    let config = &site.config;
    let mut order: Vec<usize> = (0..site.articles.len()).collect();
    let newest_first = |&a: &usize, &b: &usize| {
        let (a, b) = (&site.articles[a], &site.articles[b]);
        b.last_changed()
            .cmp(&a.last_changed())
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.source.cmp(&b.source))
    };
    // Only the newest are put in order: a feed of 20 out of 10,000.
    if (1..order.len()).contains(&config.feed_limit) {
        order.select_nth_unstable_by(config.feed_limit - 1, newest_first);
        order.truncate(config.feed_limit);
    }
    order.sort_unstable_by(newest_first);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("  <url><loc>https://example.org/page-{i}/</loc></url>\n"))
            .collect()
    }

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .map(|rest| &rest[..rest.find("</loc>").unwrap()])
            .collect()
    }

    fn url(file: &str) -> String {
        format!("https://example.org/{file}")
    }

    #[test]
    fn a_sitemap_up_to_the_limit_is_one_file() {
        let files = split_sitemap(entries(3), 3, URLSET, url);
        assert_eq!(files.len(), 1);
        let (name, xml) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert!(xml.contains("<urlset "), "{xml}");
        assert_eq!(locs(xml).len(), 3);
    }

    #[test]
    fn a_larger_sitemap_is_an_index_of_files_within_the_limit() {
        let files = split_sitemap(entries(7), 3, URLSET, url);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex "), "{index}");
        assert!(!index.contains("<urlset"), "{index}");
        assert_eq!(
            locs(index),
            [
                "https://example.org/sitemap-1.xml",
                "https://example.org/sitemap-2.xml",
                "https://example.org/sitemap-3.xml"
            ]
        );
        let parts: Vec<Vec<&str>> = files[1..].iter().map(|(_, xml)| locs(xml)).collect();
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
        let all: Vec<String> = parts.concat().into_iter().map(String::from).collect();
        let expected: Vec<String> = (0..7)
            .map(|i| format!("https://example.org/page-{i}/"))
            .collect();
        assert_eq!(all, expected, "every page once, in order");
    }
}
