//! Redirect pages for `aliases`: old paths that send readers on.

use super::escape;
use super::html::Url;
use crate::resolve::urls::relative;
use crate::resolve::Site;

/// A page that sends readers from an old path (`aliases`) to the article.
pub(super) fn page(site: &Site, file: &str, article: usize) -> String {
    let folder = file
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let target = relative(&folder, &site.path_of(article), site.config.links);
    let canonical = if site.config.base_url.is_empty() {
        String::new()
    } else {
        format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape(Url::new(&site.config.absolute(&site.path_of(article))).as_str())
        )
    };
    let title = escape(&site.articles[article].title);
    let target = escape(Url::new(&target).as_str());
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n{canonical}<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
        escape(&site.config.language)
    )
}
