//! Which pages an edit can change, so `serve` re-renders only those.

use std::collections::BTreeSet;

use crate::pages::Job;
use crate::resolve::{Site, Target};

/// The pages to re-render when `site` differs from `previous` only in the
/// bodies of some articles; `None` when everything must be rendered again
/// (articles added, removed or reordered, front matter or anything that
/// appears in listings changed, the glossary changed).
pub fn affected(previous: &Site, site: &Site) -> Option<Vec<Job>> {
    if previous.articles.len() != site.articles.len()
        || previous
            .assets
            .iter()
            .map(|a| &a.source)
            .ne(site.assets.iter().map(|a| &a.source))
    {
        return None;
    }
    let mut jobs = BTreeSet::new();
    for (i, (old, new)) in previous.articles.iter().zip(&site.articles).enumerate() {
        if old.source != new.source {
            return None;
        }
        if old.text == new.text && old.committed == new.committed {
            continue;
        }
        // Listings show the title, description, reading time and number of
        // questions; a glossary change touches every article.
        if listed(old) != listed(new) || new.front.glossary {
            return None;
        }
        jobs.insert(i);
        // The pages it links to (before and after) list it in "Referenced in".
        for targets in [&previous.targets[i], &site.targets[i]] {
            for target in targets {
                if let Target::Page { article, .. } = target {
                    jobs.insert(*article);
                }
            }
        }
    }
    let mut jobs: Vec<Job> = jobs.into_iter().map(Job::Article).collect();
    if !jobs.is_empty() {
        jobs.push(Job::Faq);
    }
    Some(jobs)
}

/// What other pages show of an article.
fn listed(
    a: &crate::article::Article,
) -> (
    &crate::frontmatter::FrontMatter,
    &str,
    String,
    usize,
    usize,
    Option<&str>,
) {
    (
        &a.front,
        &a.title,
        a.description(),
        a.reading_minutes(),
        a.questions.len(),
        a.last_changed(),
    )
}
