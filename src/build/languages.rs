//! The build of a site in several languages: each language is resolved
//! and rendered as a site of its own (its home, FAQ, tags, feed, sitemap
//! and search index), the others under their prefix (`fr/`), after the
//! pages of every language are known to the others.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Build, BuildOptions, Sink, Timings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Loaded, SiteConfig, Theme};
use crate::render::{self, Job};
use crate::resolve::languages::Translations;
use crate::resolve::{self, ResolveOptions, Site};
use crate::{check, search};

/// Builds every language of the site from the articles of each (its tag
/// and articles, the site's own first); `theme` is the site's own
/// language's.
pub(super) fn build(
    config: SiteConfig,
    theme: &Theme,
    languages: Vec<(String, Loaded)>,
    options: &BuildOptions,
    mut diagnostics: Diagnostics,
    mut timings: Timings,
    sink: &dyn Sink,
) -> Result<Build, Diagnostics> {
    let failed = |mut diagnostics: Diagnostics| {
        diagnostics.sort();
        Err(diagnostics)
    };
    let resolve_options = ResolveOptions {
        warn_links: options.warn_links,
    };
    let mut sites: Vec<Site> = Vec::new();
    timings.record("resolve", || {
        for (tag, loaded) in languages {
            let config = match sites.is_empty() {
                true => config.clone(),
                false => config.for_language(&tag),
            };
            diagnostics.extend(check::site(&config, &loaded.articles));
            // Links from a translation may lead to the site's own language.
            let site = match sites.first() {
                None => resolve::resolve(config, loaded, resolve_options, &mut diagnostics),
                Some(original) => resolve::resolve_translation(
                    config,
                    loaded,
                    resolve_options,
                    original,
                    &mut diagnostics,
                ),
            };
            sites.push(site);
        }
    });
    // The other languages' themes hold their words.
    let themes: Vec<Theme> = (sites.iter().skip(1))
        .filter_map(|site| {
            Theme::in_language(&options.root, &site.config.words)
                .map_err(|problems| diagnostics.extend(problems))
                .ok()
        })
        .collect();
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }
    let pages: Vec<HashSet<String>> = (sites.iter())
        .map(|site| Job::all(site).iter().map(|job| job.path(site)).collect())
        .collect();
    let translations = Arc::new(Translations::new(&sites.iter().collect::<Vec<_>>(), pages));
    for (language, site) in sites.iter_mut().enumerate() {
        site.translations = translations.clone();
        site.language = language;
    }

    // Copies of the images every language shows, published once.
    let copies = timings.record("images", || {
        let put = |path: String, bytes: Vec<u8>| {
            (sink.put(path.clone(), Arc::new(bytes))).map_err(|problem| {
                Diagnostic::error(&path, format!("cannot write this file: {problem}"))
            })
        };
        render::resize::publish(
            &sites.iter().collect::<Vec<_>>(),
            &options.root,
            options.image_work(),
            &put,
        )
    });
    diagnostics.extend(copies.problems.iter().cloned());
    if diagnostics.has_errors() {
        return failed(diagnostics);
    }
    let copies = Arc::new(copies);
    for site in &mut sites {
        site.copies = copies.clone();
    }

    let mut rendered = 0;
    for (site, theme) in sites.iter_mut().zip(std::iter::once(theme).chain(&themes)) {
        let prefix = &translations.languages[site.language].prefix;
        let put = |path: String, bytes: Vec<u8>| {
            let path = format!("{prefix}{path}");
            (sink.put(path.clone(), Arc::new(bytes))).map_err(|problem| {
                Diagnostic::error(&path, format!("cannot write this file: {problem}"))
            })
        };
        let jobs = Job::all(site);
        rendered += jobs.len();
        let pages = timings.record("render", || render::pages(site, theme, &jobs, &put));
        timings.templates.extend(pages.templates);
        diagnostics.extend(pages.problems);
        if diagnostics.has_errors() {
            return failed(diagnostics);
        }
        let mut files = render::generated_files(site, theme, true);
        // Files beside the articles are published once, at the root.
        if site.language == 0 {
            let assets = || render::publish_assets(site, &|path, bytes| put(path, bytes));
            match timings.record("extras", assets) {
                Ok(()) => {}
                Err(problems) => {
                    diagnostics.extend(problems);
                    return failed(diagnostics);
                }
            }
        }
        if options.release_sources {
            super::release_sources(site);
        }
        if !options.defer_search {
            files.extend(timings.record("search", || search::index(site)));
        }
        for (path, bytes) in files {
            if let Err(problem) = put(path, bytes) {
                diagnostics.push(problem);
                return failed(diagnostics);
            }
        }
    }
    // Put in order by `Build::complete_warnings`.
    let mut sites = sites.into_iter().map(Arc::new);
    let site = sites.next().expect("the site's own language");
    Ok(Build {
        rendered,
        deferred: None,
        pending: Vec::new(),
        problems_unlisted: false,
        keeps_previous_files: false,
        site,
        other_languages: sites.collect(),
        files: Default::default(),
        remade: None,
        diagnostics,
        timings,
        lints: Default::default(),
    })
}
