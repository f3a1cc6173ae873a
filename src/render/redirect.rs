//! Redirect pages: old paths (`aliases`) and the `page/1/` of each listing
//! split into pages, sending readers on to the page they stand for.

use super::escape;
use super::html::Url;
use crate::resolve::urls::relative;
use crate::resolve::Site;

/// A page written as `file` that sends readers to the site path `to`,
/// titled `title`.
pub(super) fn page(site: &Site, file: &str, to: &str, title: &str) -> String {
    let folder = file
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let target = relative(&folder, to, site.config.links);
    let canonical = if site.config.base_url.is_empty() {
        String::new()
    } else {
        format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape(Url::new(&site.config.absolute(to)).as_str())
        )
    };
    let title = escape(title);
    let target = escape(Url::new(&target).as_str());
    let words = &site.config.words;
    format!(
        "<!doctype html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n{canonical}<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>{} <a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
        escape(&site.config.language),
        words.direction(),
        escape(words.text("moved")),
    )
}
