#![cfg(feature = "browser")]
//! Browser tests: the repository's own site, served by `lectern serve` and
//! loaded in Debian's Chromium, driven over the DevTools protocol.
//!
//! `cargo test --features browser --test browser`. `CHROME` names another
//! Chromium than `/usr/bin/chromium`. `AXE_CORE_JS` (axe-core's
//! `axe.min.js`) and `VNU_JAR` (the Nu HTML checker) turn on the
//! accessibility audit and the HTML check; `.ci/run` installs both and sets
//! them. Screenshots are written to `target/screenshots/`.

mod common;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use common::Server;

/// Window sizes: a laptop, and a phone.
const WIDE: (u32, u32) = (1280, 900);
const NARROW: (u32, u32) = (390, 844);

/// The live-reload connection, open for as long as a page is.
const EVENTS: &str = "__lectern/events";

/// Without the background-networking flags Chromium calls home, which a
/// closed network refuses (and reports as errors). Scrollbars are hidden,
/// as on phones, so the viewport is the page's full width.
const FLAGS: [&str; 7] = [
    "--hide-scrollbars",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One browser test at a time: two Chromiums on a small machine make
/// timings flaky, and the tests are quick one after another.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every page of the repository's site, as a site path (`""`, `faq/`,
/// `404.html`).
fn pages() -> Vec<String> {
    let options = lectern::BuildOptions {
        root: repo().to_path_buf(),
        ..Default::default()
    };
    let built = lectern::build(&options).unwrap_or_else(|d| panic!("the site builds:\n{d}"));
    let pages: Vec<String> = built
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .map(|k| match k.as_str() {
            "index.html" => String::new(),
            _ => k
                .strip_suffix("/index.html")
                .map_or(k.clone(), |d| format!("{d}/")),
        })
        .collect();
    assert!(pages.len() > 5, "the site has pages: {pages:?}");
    pages
}

/// A headless Chromium with a fresh profile, closed when dropped.
struct Chromium {
    browser: Browser,
    _profile: tempfile::TempDir,
}

impl Chromium {
    fn launch() -> Chromium {
        let profile = tempfile::tempdir().unwrap();
        let path = std::env::var_os("CHROME")
            .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
        let options = LaunchOptions::default_builder()
            .path(Some(path.clone()))
            .headless(true)
            // As root Chromium starts only without its sandbox; the pages
            // are our own.
            .sandbox(false)
            .window_size(Some(WIDE))
            .user_data_dir(Some(profile.path().to_path_buf()))
            .idle_browser_timeout(Duration::from_secs(120))
            .args(FLAGS.iter().map(OsStr::new).collect())
            .build()
            .expect("launch options");
        let browser = Browser::new(options)
            .unwrap_or_else(|e| panic!("Chromium ({}) starts: {e}", path.display()));
        Chromium {
            browser,
            _profile: profile,
        }
    }

    /// A new tab with a viewport of `width` × `height` CSS pixels.
    fn tab(&self, size: (u32, u32)) -> Arc<Tab> {
        self.tab_scaled(size, 1.0)
    }

    /// A new tab with a viewport of `width` × `height` CSS pixels, each
    /// `scale` device pixels wide (3 on many phones).
    fn tab_scaled(&self, (width, height): (u32, u32), scale: f64) -> Arc<Tab> {
        let tab = self.browser.new_tab().expect("a new tab");
        tab.set_default_timeout(Duration::from_secs(15));
        if (width, height) != WIDE || scale != 1.0 {
            // Chromium keeps its windows at least 500 px wide: narrower
            // viewports are emulated.
            tab.call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: scale,
                mobile: false,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .unwrap();
        }
        tab
    }
}

/// Whether a request is one the tests let fail: the live-reload connection,
/// cut whenever a page is left.
fn exempt(url: &str) -> bool {
    url.contains(EVENTS)
}

/// Console errors, uncaught exceptions and failed requests seen in a tab.
#[derive(Default)]
struct Problems(Arc<Mutex<Vec<String>>>);

impl Problems {
    fn watch(tab: &Tab) -> Problems {
        let problems = Problems::default();
        let found = problems.0.clone();
        let urls = Mutex::new(HashMap::<String, String>::new());
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let problem = match event {
                Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                    let entry = &e.params.entry;
                    let url = entry.url.as_deref().unwrap_or_default();
                    (!exempt(url)).then(|| format!("console: {} ({url})", entry.text))
                }
                Event::RuntimeConsoleAPICalled(e)
                    if matches!(
                        e.params.Type,
                        Runtime::ConsoleAPICalledEventTypeOption::Error
                            | Runtime::ConsoleAPICalledEventTypeOption::Assert
                    ) =>
                {
                    let args: Vec<String> = e.params.args.iter().map(describe).collect();
                    Some(format!("console.error: {}", args.join(" ")))
                }
                Event::RuntimeExceptionThrown(e) => Some(format!(
                    "uncaught {}",
                    exception(&e.params.exception_details)
                )),
                Event::NetworkRequestWillBeSent(e) => {
                    let mut urls = urls.lock().unwrap();
                    urls.insert(e.params.request_id.clone(), e.params.request.url.clone());
                    None
                }
                Event::NetworkResponseReceived(e)
                    if e.params.response.status >= 400 && !exempt(&e.params.response.url) =>
                {
                    let r = &e.params.response;
                    Some(format!("HTTP {} for {}", r.status, r.url))
                }
                Event::NetworkLoadingFailed(e) => {
                    let urls = urls.lock().unwrap();
                    let url = urls.get(&e.params.request_id).cloned().unwrap_or_default();
                    (!exempt(&url))
                        .then(|| format!("request failed ({}): {url}", e.params.error_text))
                }
                _ => None,
            };
            if let Some(problem) = problem {
                found.lock().unwrap().push(problem);
            }
        }))
        .unwrap();
        tab.enable_log().unwrap();
        tab.enable_runtime().unwrap();
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .unwrap();
        problems
    }

    /// The problems seen since the last call.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn describe(object: &Runtime::RemoteObject) -> String {
    match (&object.value, &object.description) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(v), _) => v.to_string(),
        (None, Some(d)) => d.clone(),
        (None, None) => format!("{:?}", object.Type),
    }
}

fn exception(details: &Runtime::ExceptionDetails) -> String {
    let what = details.exception.as_ref().map(describe).unwrap_or_default();
    format!(
        "{} {what} at {}:{}:{}",
        details.text,
        details.url.as_deref().unwrap_or("(inline)"),
        details.line_number + 1,
        details.column_number + 1
    )
}

/// Evaluates `expression` in the page (awaiting a promise) and returns its
/// value as JSON, or what went wrong.
fn try_js(tab: &Tab, expression: &str) -> Result<Value, String> {
    let evaluated = tab
        .call_method(Runtime::Evaluate {
            expression: expression.to_string(),
            object_group: None,
            include_command_line_api: None,
            silent: None,
            context_id: None,
            return_by_value: Some(true),
            generate_preview: None,
            user_gesture: None,
            await_promise: Some(true),
            throw_on_side_effect: None,
            timeout: None,
            disable_breaks: None,
            repl_mode: None,
            allow_unsafe_eval_blocked_by_csp: None,
            unique_context_id: None,
            serialization_options: None,
        })
        .map_err(|e| e.to_string())?;
    match evaluated.exception_details {
        Some(details) => Err(exception(&details)),
        None => Ok(evaluated.result.value.unwrap_or(Value::Null)),
    }
}

fn js(tab: &Tab, expression: &str) -> Value {
    let short: String = expression.chars().take(200).collect();
    try_js(tab, expression).unwrap_or_else(|e| panic!("`{short}` failed: {e}"))
}

/// Polls `condition` (a JavaScript expression) until it is true, or fails
/// after `seconds`, showing `show` (another expression) for the last state.
fn wait_until(tab: &Tab, condition: &str, seconds: u64, what: &str, show: &str) {
    let start = Instant::now();
    loop {
        // A page reloading in between has no context to run in: try again.
        if try_js(tab, condition) == Ok(Value::Bool(true)) {
            return;
        }
        if start.elapsed() > Duration::from_secs(seconds) {
            panic!(
                "timed out after {seconds} s waiting for {what}; {show} = {:?}",
                try_js(tab, show)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Loads `url` and waits until the page is complete.
fn open(tab: &Tab, url: &str) {
    navigate(tab, url, || {
        tab.navigate_to(url)
            .unwrap_or_else(|e| panic!("{url} loads: {e}"));
    });
}

/// Does `action`, which leaves the current page for `url`, and waits until
/// the new page is complete. (The crate's `wait_until_navigated` waits for
/// the network to go quiet, which the live-reload connection makes erratic.)
fn navigate(tab: &Tab, url: &str, action: impl FnOnce()) {
    let _ = try_js(tab, "window.lecternTestLeft = true");
    action();
    wait_until(
        tab,
        &format!(
            "!window.lecternTestLeft && decodeURI(location.href) == decodeURI({url:?}) && document.readyState == 'complete'"
        ),
        15,
        &format!("{url} to load"),
        "[location.href, document.readyState]",
    );
}

/// Makes the page follow a light or dark system setting.
fn prefer(tab: &Tab, scheme: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .unwrap();
}

/// How light the body's background is, from 0 (black) to 1 (white).
fn background_luminance(tab: &Tab) -> f64 {
    let colour = js(tab, "getComputedStyle(document.body).backgroundColor");
    let text = colour.as_str().unwrap_or_default();
    let parts: Vec<f64> = text
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split([',', ' ', ')'])
        .filter_map(|p| p.parse().ok())
        .collect();
    assert!(
        text.starts_with("rgb") && parts.len() >= 3,
        "body background is {colour}"
    );
    (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255.0
}

#[test]
fn every_page_loads_without_errors() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    let mut report = Vec::new();
    for page in pages() {
        open(&tab, &server.url(&page));
        let title = js(&tab, "document.title");
        assert!(
            title.as_str().is_some_and(|t| !t.is_empty()),
            "/{page} has a title"
        );
        report.extend(problems.take().into_iter().map(|p| format!("/{page}: {p}")));
    }
    assert!(report.is_empty(), "problems:\n{}", report.join("\n"));
}

#[test]
fn the_404_page_loads_its_own_styles_in_the_preview() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("404.html"));
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(
        js(&tab, "getComputedStyle(document.body).display"),
        "flex",
        "the theme's stylesheet applies"
    );
}

/// What makes the page wider than the window, if anything: its width and
/// the outermost elements that stick out.
fn sideways(tab: &Tab) -> Option<String> {
    let overflow = js(
        tab,
        "(() => {
            const w = innerWidth, e = document.documentElement;
            if (e.scrollWidth <= w) return null;
            const out = [...document.querySelectorAll('body *')]
                .filter(x => x.getBoundingClientRect().right > w + 1)
                .filter(x => !x.parentElement || x.parentElement.getBoundingClientRect().right <= w + 1)
                .slice(0, 5)
                .map(x => x.tagName.toLowerCase() + (x.className ? '.' + String(x.className).trim().replace(/\\s+/g, '.') : '') + ' (right edge ' + Math.round(x.getBoundingClientRect().right) + ' px)');
            return `scrollWidth ${e.scrollWidth} px: ${out.join(', ')}`;
        })()",
    );
    match overflow {
        Value::String(what) => Some(what),
        _ => None,
    }
}

/// The serious and critical WCAG 2.1 A/AA violations axe-core (its source
/// `axe`) finds on the open page.
fn axe_violations(tab: &Tab, axe: &str) -> Vec<String> {
    js(tab, &format!("{axe}\n;0"));
    let found = js(
        tab,
        "axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        }).then(r => r.violations
            .filter(v => v.impact == 'serious' || v.impact == 'critical')
            .map(v => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))",
    );
    (found.as_array().expect("a list of violations").iter())
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn no_page_scrolls_sideways_at_390_px() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(NARROW);
    let mut wide = Vec::new();
    for page in pages() {
        open(&tab, &server.url(&page));
        assert_eq!(
            js(&tab, "[innerWidth, document.documentElement.clientWidth]"),
            serde_json::json!([NARROW.0, NARROW.0]),
            "the viewport is 390 px wide, all of it for the page"
        );
        if let Some(what) = sideways(&tab) {
            wide.push(format!("/{page}: {what}"));
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than 390 px:\n{}",
        wide.join("\n")
    );
}

#[test]
fn the_theme_toggle_switches_to_dark_and_is_remembered() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    prefer(&tab, "light");
    open(&tab, &server.url(""));
    assert!(background_luminance(&tab) > 0.6, "the page starts light");

    let toggle = tab
        .wait_until_visible(".theme-toggle")
        .expect("the theme toggle shows");
    toggle.click().unwrap();
    wait_until(
        &tab,
        "document.documentElement.dataset.theme == 'dark'",
        5,
        "the theme to switch to dark",
        "document.documentElement.dataset.theme",
    );
    assert_eq!(js(&tab, "localStorage['lectern-theme']"), "dark");
    assert_eq!(
        js(
            &tab,
            "document.querySelector('.theme-toggle').getAttribute('aria-pressed')"
        ),
        "true"
    );

    navigate(&tab, &server.url(""), || {
        tab.reload(false, None).unwrap();
    });
    assert_eq!(js(&tab, "document.documentElement.dataset.theme"), "dark");
    let luminance = background_luminance(&tab);
    assert!(
        luminance < 0.2,
        "the body is dark after a reload (luminance {luminance:.2})"
    );

    tab.wait_until_visible(".theme-toggle")
        .unwrap()
        .click()
        .unwrap();
    wait_until(
        &tab,
        "document.documentElement.dataset.theme == 'light'",
        5,
        "the theme to switch back to light",
        "document.documentElement.dataset.theme",
    );
    assert_eq!(js(&tab, "localStorage['lectern-theme']"), "light");
}

#[test]
fn table_of_contents_links_scroll_to_their_headings() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    open(&tab, &server.url("back-pain-after-deadlifts/"));
    let links = tab
        .find_elements(".toc a[href^='#']")
        .expect("the article has a table of contents");
    assert!(links.len() > 1, "the table of contents has links");
    for (i, link) in links.iter().enumerate() {
        js(&tab, "scrollTo({top: 0, behavior: 'instant'}), 0");
        link.click().unwrap();
        let target = format!(
            "document.getElementById(decodeURIComponent(document.querySelectorAll(\".toc a[href^='#']\")[{i}].hash.slice(1)))"
        );
        // The heading comes to the top, unless the page ends before it can.
        wait_until(
            &tab,
            &format!(
                "(() => {{
                    const a = document.querySelectorAll(\".toc a[href^='#']\")[{i}], h = {target};
                    if (!h || location.hash != a.hash) return false;
                    const top = h.getBoundingClientRect().top;
                    const end = Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1;
                    return (top >= 0 && top <= 150) || (end && top >= 0 && top < innerHeight);
                }})()"
            ),
            5,
            &format!("table of contents link {i} to scroll to its heading"),
            &format!(
                "[location.hash, document.querySelectorAll(\".toc a[href^='#']\")[{i}].hash, {target} && {target}.getBoundingClientRect().top, scrollY]"
            ),
        );
    }
}

#[test]
fn faq_answers_open_when_their_question_is_clicked() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    open(&tab, &server.url("faq/"));
    let visible = "document.querySelector('details.faq-item > :not(summary)').checkVisibility()";
    assert_eq!(
        js(&tab, "document.querySelector('details.faq-item').open"),
        false
    );
    assert_eq!(js(&tab, visible), false, "the answer starts hidden");
    tab.find_element("details.faq-item > summary")
        .expect("the FAQ has questions")
        .click()
        .unwrap();
    wait_until(
        &tab,
        &format!("document.querySelector('details.faq-item').open && {visible}"),
        5,
        "the first answer to open",
        "document.querySelector('details.faq-item').outerHTML",
    );
    let height = js(
        &tab,
        "document.querySelector('details.faq-item > :not(summary)').getBoundingClientRect().height",
    );
    assert!(height.as_f64().unwrap() > 10.0, "the answer has height");
}

#[test]
fn search_finds_an_article_as_you_type() {
    let _serial = serial();
    // "shoulders" appears in one article only.
    let (word, article) = ("shoulders", "stretching/");
    let holding: Vec<_> = walk(&repo().join("articles"))
        .into_iter()
        .filter(|p| p.extension() == Some(OsStr::new("md")))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .to_lowercase()
                .contains(word)
        })
        .collect();
    assert_eq!(holding.len(), 1, "one article holds {word:?}: {holding:?}");

    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("faq/"));
    tab.wait_until_visible("form.search #search-input")
        .expect("the header has a search field")
        .click()
        .unwrap();
    tab.type_str(word).unwrap();
    let target = server.url(article);
    wait_until(
        &tab,
        &format!(
            "[...document.querySelectorAll('#search-results a')].some(a => a.href.split(/[?#]/)[0] == {target:?}) && document.querySelector('#search-results').checkVisibility()"
        ),
        10,
        &format!("a search result linking to /{article}"),
        "document.querySelector('#search-results').innerHTML",
    );
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

/// The files under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A copy of the repository's site (its `site.toml`, articles and theme) to
/// edit.
fn site_copy() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.toml"), site.path().join("site.toml")).unwrap();
    for dir in ["articles", "templates", "static"] {
        let from = repo().join(dir);
        for file in walk(&from) {
            let to = site
                .path()
                .join(dir)
                .join(file.strip_prefix(&from).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&file, &to).unwrap();
        }
    }
    site
}

#[test]
fn open_pages_reload_by_themselves_after_an_edit() {
    let _serial = serial();
    let site = site_copy();
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("deadlift-injury/"));
    js(&tab, "window.beforeTheEdit = true");

    let sentence = "This sentence was added while the page was open.";
    let article = site.path().join("articles/deadlift-injury.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\n{sentence}\n")).unwrap();
    wait_until(
        &tab,
        &format!("document.body.innerText.includes({sentence:?})"),
        10,
        "the edited text to appear",
        "document.body.innerText.slice(-300)",
    );
    assert_eq!(
        js(&tab, "window.beforeTheEdit === undefined"),
        true,
        "the page reloaded"
    );
    assert_eq!(js(&tab, "location.href"), server.url("deadlift-injury/"));
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn open_pages_stay_put_while_nothing_changes() {
    let _serial = serial();
    let site = site_copy();
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("faq/"));
    js(&tab, "window.stillHere = true");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        try_js(&tab, "window.stillHere === true"),
        Ok(Value::Bool(true)),
        "the page was not reloaded while no file changed"
    );
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn screenshots_of_the_home_page_an_article_and_the_faq() {
    let _serial = serial();
    let out = repo().join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let server = Server::start(repo(), &[]);
    let pages = [("home", ""), ("article", "stretching/"), ("faq", "faq/")];
    let chromium = Chromium::launch();
    for (size, modes) in [(WIDE, &["light", "dark"][..]), (NARROW, &["light"][..])] {
        let tab = chromium.tab(size);
        for mode in modes {
            prefer(&tab, mode);
            for (name, page) in pages {
                open(&tab, &server.url(page));
                let luminance = background_luminance(&tab);
                assert_eq!(luminance < 0.5, *mode == "dark", "/{page} is {mode}");
                let png = tab
                    .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                assert!(png.starts_with(b"\x89PNG"), "a PNG");
                let label = if size == NARROW { "narrow" } else { mode };
                std::fs::write(out.join(format!("{name}-{label}.png")), png).unwrap();
            }
        }
    }
}

#[test]
fn axe_finds_no_serious_accessibility_violations() {
    let Some(axe) = std::env::var_os("AXE_CORE_JS") else {
        eprintln!("note: AXE_CORE_JS is not set (.ci/run sets it): the axe-core audit is skipped");
        return;
    };
    let axe = std::fs::read_to_string(&axe)
        .unwrap_or_else(|e| panic!("AXE_CORE_JS={}: {e}", Path::new(&axe).display()));
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let mut violations = Vec::new();
    for scheme in ["light", "dark"] {
        prefer(&tab, scheme);
        for page in pages() {
            open(&tab, &server.url(&page));
            for violation in axe_violations(&tab, &axe) {
                violations.push(format!("/{page} ({scheme}): {violation}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "axe-core found:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_nu_html_checker_finds_no_errors() {
    let Some(vnu) = std::env::var_os("VNU_JAR") else {
        eprintln!("note: VNU_JAR is not set (.ci/run sets it): the Nu HTML check is skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .arg("build")
        .arg("--root")
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "lectern build succeeds");
    let mut files: Vec<PathBuf> = walk(&out)
        .into_iter()
        .filter(|p| p.extension() == Some(OsStr::new("html")))
        .collect();
    files.sort();
    assert!(files.len() > 5, "the site has pages: {files:?}");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("java runs");
    // The checker writes its report to stderr.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .map(|m| {
            let file = m["url"].as_str().unwrap_or_default();
            let file = file.rsplit_once("/public/").map_or(file, |(_, f)| f);
            format!(
                "{file}:{}:{}: {} {}: {}",
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or_default(),
                m["subType"].as_str().unwrap_or_default(),
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        errors.is_empty() && output.status.success(),
        "the Nu HTML checker found:\n{}",
        errors.join("\n")
    );
}

/// A glossary term's definition shows when the term gets keyboard focus,
/// and Escape hides it again.
#[test]
fn glossary_definitions_show_on_focus_and_hide_on_escape() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    open(&tab, &server.url("back-pain-after-deadlifts/"));
    let tip = "document.querySelector('.glossary-tip')";
    assert_eq!(
        js(&tab, &format!("{tip}.checkVisibility()")),
        false,
        "hidden until asked for"
    );
    js(&tab, "document.querySelector('.glossary-term').focus()");
    wait_until(
        &tab,
        &format!("{tip}.checkVisibility()"),
        5,
        "the definition to show",
        tip,
    );
    let described = js(
        &tab,
        "document.getElementById(document.querySelector('.glossary-term').getAttribute('aria-describedby')) === document.querySelector('.glossary-tip')",
    );
    assert_eq!(described, true, "the term is described by its definition");
    tab.press_key("Escape").unwrap();
    wait_until(
        &tab,
        &format!("!{tip}.checkVisibility()"),
        5,
        "Escape to hide the definition",
        tip,
    );
}

/// An article with code in several languages, for the code tests.
const CODE_ARTICLE: &str = "# Code sample\n\nA few blocks.\n\n\
```rust\n// Adds one.\nfn bump(n: &mut u32) { *n += 1; println!(\"{n}\"); }\n```\n\n\
```console\n$ cargo test --release\nok\n```\n\n\
```toml\n[package]\nname = \"shelf\" # the name\nversion = 2\n```\n\n\
```diff\n-old line\n+new line\n```\n\n\
```python\n@cache\ndef area(r: float) -> float:\n    return 3.14 * r ** 2\n```\n";

/// Highlighted code has its light palette, its dark one when the system is
/// dark or the toggle says so, and axe finds its contrast sufficient in both.
#[test]
fn highlighted_code_follows_the_theme_and_stays_readable() {
    let _serial = serial();
    let site = site_copy();
    std::fs::write(site.path().join("articles/code-sample.md"), CODE_ARTICLE).unwrap();
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let colour = "getComputedStyle(document.querySelector('pre code .hl-kw')).color";
    let mut colours = HashMap::new();
    for scheme in ["light", "dark"] {
        prefer(&tab, scheme);
        open(&tab, &server.url("code-sample/"));
        colours.insert(scheme, js(&tab, colour));
    }
    assert_ne!(colours["light"], colours["dark"], "{colours:?}");
    prefer(&tab, "light");
    open(&tab, &server.url("code-sample/"));
    js(&tab, "document.documentElement.dataset.theme = 'dark'");
    assert_eq!(js(&tab, colour), colours["dark"], "the toggle's dark theme");

    let Some(axe) = std::env::var_os("AXE_CORE_JS") else {
        eprintln!("note: AXE_CORE_JS is not set: the contrast audit of code is skipped");
        return;
    };
    let axe = std::fs::read_to_string(axe).unwrap();
    let mut violations = Vec::new();
    for (scheme, toggle) in [("light", ""), ("dark", ""), ("light", "dark")] {
        prefer(&tab, scheme);
        open(&tab, &server.url("code-sample/"));
        if !toggle.is_empty() {
            js(
                &tab,
                &format!("document.documentElement.dataset.theme = '{toggle}'"),
            );
        }
        js(&tab, &format!("{axe}\n;0"));
        let found = js(
            &tab,
            "axe.run(document.querySelector('main'), {runOnly: ['color-contrast']})
                .then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)))",
        );
        for violation in found.as_array().expect("a list of violations") {
            violations.push(format!(
                "{scheme} {toggle}: {}",
                violation.as_str().unwrap()
            ));
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_section_navigation_works_by_keyboard() {
    let _serial = serial();
    let server = Server::start(repo(), &[]);
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    open(&tab, &server.url("back-pain-after-deadlifts/"));
    let nav = "document.querySelector('details.section-nav')";
    assert_eq!(
        js(&tab, &format!("{nav}.open")),
        true,
        "open on a wide screen"
    );
    assert_eq!(
        js(
            &tab,
            "document.querySelector('.section-nav nav [aria-current=page]').textContent"
        ),
        js(&tab, "document.querySelector('h1').textContent"),
        "the page itself is marked"
    );
    // Tab reaches the navigation's links.
    let mut reached = false;
    for _ in 0..40 {
        tab.press_key("Tab").unwrap();
        if js(
            &tab,
            "!!document.activeElement.closest('.section-nav nav a')",
        ) == true
        {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches a link of the section navigation");
    // Enter on its summary folds it and unfolds it.
    js(
        &tab,
        "document.querySelector('.section-nav > summary').focus()",
    );
    tab.press_key("Enter").unwrap();
    wait_until(
        &tab,
        &format!("!{nav}.open"),
        5,
        "Enter to fold the navigation",
        nav,
    );
    tab.press_key("Enter").unwrap();
    wait_until(
        &tab,
        &format!("{nav}.open"),
        5,
        "Enter to unfold the navigation",
        nav,
    );

    // On a phone it starts folded above the article, and opens by keyboard.
    let phone = chromium.tab(NARROW);
    open(&phone, &server.url("back-pain-after-deadlifts/"));
    assert_eq!(
        js(&phone, &format!("{nav}.open")),
        false,
        "folded on a phone"
    );
    let above = js(
        &phone,
        "document.querySelector('.section-nav').getBoundingClientRect().bottom <= document.querySelector('.article h1').getBoundingClientRect().top",
    );
    assert_eq!(above, true, "the navigation comes before the article");
    js(
        &phone,
        "document.querySelector('.section-nav > summary').focus()",
    );
    phone.press_key("Enter").unwrap();
    wait_until(
        &phone,
        &format!("{nav}.open && document.querySelector('.section-nav nav a').checkVisibility()"),
        5,
        "Enter to open the navigation on a phone",
        nav,
    );
}

/// A site with sections (the repository's has none): a section's pages and
/// an article deep in it, with their navigation, at both widths and in both
/// schemes.
#[test]
fn section_pages_and_their_navigation_fit_a_phone_and_pass_axe() {
    let _serial = serial();
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.toml", "title = \"Drill book\"\n");
    write(
        "articles/drills/index.md",
        "# Drills\n\nEvery drill, one page each.\n",
    );
    for n in 0..60 {
        write(
            &format!("articles/drills/drill-{n:02}.md"),
            &format!("+++\nweight = {n}\n+++\n# Drill {n:02} with a rather long title to wrap\n\nRepeat it slowly.\n"),
        );
    }
    write(
        "articles/drills/advanced/hold.md",
        "# The long hold\n\nHold it.\n",
    );
    write("articles/about.md", "# About\n\nWho we are.\n");
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    let axe = std::env::var_os("AXE_CORE_JS").map(|path| std::fs::read_to_string(path).unwrap());
    let mut problems = Vec::new();
    for size in [WIDE, NARROW] {
        let tab = chromium.tab(size);
        for scheme in ["light", "dark"] {
            prefer(&tab, scheme);
            for page in [
                "drills/",
                "drills/page/2/",
                "drills/advanced/",
                "drills/advanced/hold/",
                "drills/drill-07/",
            ] {
                open(&tab, &server.url(page));
                let at = format!("/{page} at {} px, {scheme}", size.0);
                let marked = js(
                    &tab,
                    "[...document.querySelectorAll('.section-nav [aria-current=page]')].map(a => a.textContent)",
                );
                if marked.as_array().map_or(0, Vec::len) != 1 {
                    problems.push(format!("{at}: the navigation marks {marked}"));
                }
                if let Some(what) = sideways(&tab) {
                    problems.push(format!("{at}: {what}"));
                }
                for violation in axe.iter().flat_map(|axe| axe_violations(&tab, axe)) {
                    problems.push(format!("{at}: {violation}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A site of `articles` (file name, front matter title, body) in
/// `language`, in a temporary folder.
fn site_in(language: &str, articles: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.toml",
        &format!("title = \"{language}\"\nlanguage = \"{language}\"\n"),
    );
    for (file, title, body) in articles {
        write(
            &format!("articles/{file}"),
            &format!("+++\ntitle = \"{title}\"\ntags = [\"{title}\"]\n+++\n{body}\n"),
        );
    }
    site
}

/// Types `query` into the header's search box of `page` and waits for a
/// result linking to `article`; returns the results' status line.
fn search_for(tab: &Tab, server: &Server, page: &str, query: &str, article: &str) -> String {
    open(tab, &server.url(page));
    tab.wait_until_visible("form.search #search-input")
        .expect("the header has a search field")
        .click()
        .unwrap();
    tab.type_str(query).unwrap();
    let target = server.url(article);
    wait_until(
        tab,
        &format!(
            "[...document.querySelectorAll('#search-results a')].some(a => decodeURI(a.href.split(/[?#]/)[0]) == {target:?})"
        ),
        10,
        &format!("a result for {query:?} linking to /{article}"),
        "document.querySelector('#search-results').innerHTML",
    );
    js(
        tab,
        "document.querySelector('#search-results .search-status').textContent",
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn search_finds_inflected_words_and_two_character_japanese_words() {
    let _serial = serial();
    let german = site_in(
        "de",
        &[
            (
                "übung.md",
                "Die Übung",
                "Eine einfache Übung für den unteren Rücken nach dem Heben.",
            ),
            (
                "ruhe.md",
                "Ruhe",
                "Nach einer Zerrung braucht der Muskel ein paar Tage Ruhe.",
            ),
        ],
    );
    let japanese = site_in(
        "ja",
        &[
            (
                "腰痛.md",
                "腰痛について",
                "デッドリフトの後の腰痛は、多くの場合は筋肉の軽い損傷です。",
            ),
            (
                "ストレッチ.md",
                "ストレッチ",
                "運動の後にゆっくり体を伸ばしましょう。",
            ),
        ],
    );
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);

    let server = Server::start(german.path(), &[]);
    // The page speaks of `Übung`; the reader types the plural.
    let status = search_for(&tab, &server, "ruhe/", "Übungen", "übung/");
    assert_eq!(status, "1 Ergebnis");
    drop(server);

    // Endings longer than three letters: the instrumental plural of
    // `упражнение`, a French noun of the verb `étirer`. (language, the
    // page found, the other page, the query)
    let inflected = [
        (
            "ru",
            (
                "uprazhnenie",
                "Упражнение",
                "Простое упражнение для поясницы.",
            ),
            ("otdyh", "Отдых", "После растяжения мышце нужен отдых."),
            "упражнениями",
        ),
        (
            "fr",
            (
                "etirer",
                "Étirer le dos",
                "Il faut étirer le dos doucement.",
            ),
            ("repos", "Repos", "Un muscle froissé a besoin de repos."),
            "étirement",
        ),
    ];
    for (language, (found, title, text), (other, other_title, other_text), query) in inflected {
        let site = site_in(
            language,
            &[
                (&format!("{found}.md"), title, text),
                (&format!("{other}.md"), other_title, other_text),
            ],
        );
        let server = Server::start(site.path(), &[]);
        search_for(
            &tab,
            &server,
            &format!("{other}/"),
            query,
            &format!("{found}/"),
        );
    }

    let server = Server::start(japanese.path(), &[]);
    let status = search_for(&tab, &server, "ストレッチ/", "腰痛", "腰痛/");
    assert_eq!(status, "1件の結果");
    drop(server);

    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn the_french_pages_search_the_french_index() {
    let _serial = serial();
    let site = site_in(
        "en",
        &[
            (
                "stretching.md",
                "Stretching",
                "Gentle stretches after lifting.",
            ),
            (
                "rest.md",
                "Rest",
                "A strained muscle needs a few days of rest.",
            ),
        ],
    );
    let write = |path: &str, text: &str| std::fs::write(site.path().join(path), text).unwrap();
    write(
        "site.toml",
        "title = \"Back Care\"\nlanguage = \"en\"\n\n[languages.fr]\ntitle = \"Soins du dos\"\n",
    );
    write(
        "articles/stretching.fr.md",
        "+++\ntitle = \"Étirements\"\n+++\nDes étirements doux après l’effort.\n",
    );
    let chromium = Chromium::launch();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    let server = Server::start(site.path(), &[]);
    // A French word, inflected as the page does not write it.
    let status = search_for(
        &tab,
        &server,
        "fr/stretching/",
        "étirement",
        "fr/stretching/",
    );
    assert_eq!(status, "1 résultat");
    let found = js(
        &tab,
        "[...document.querySelectorAll('#search-results a')].map(a => new URL(a.href).pathname)",
    );
    assert_eq!(found, serde_json::json!(["/fr/stretching/"]));
    // The English pages search the English index, which has no such word.
    open(&tab, &server.url("rest/"));
    tab.wait_until_visible("#search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("étirement").unwrap();
    wait_until(
        &tab,
        "(document.querySelector('#search-results .search-status') || {}).textContent == 'No results for “étirement”'",
        10,
        "no English result for a French word",
        "document.querySelector('#search-results').innerHTML",
    );
    // The search page's language filter leads to the French search page.
    open(&tab, &server.url("search/?q=%C3%A9tirement"));
    let languages = "[...document.querySelectorAll('.search-filters select[name=language] option')].map(o => [o.value, o.selected])";
    wait_until(
        &tab,
        &format!("{languages}.length == 2"),
        10,
        "a language filter",
        languages,
    );
    assert_eq!(
        js(&tab, languages),
        serde_json::json!([["en", true], ["fr", false]])
    );
    let french = server.url("fr/search/?q=%C3%A9tirement");
    navigate(&tab, &french, || {
        js(
            &tab,
            "(s => { s.value = 'fr'; s.dispatchEvent(new Event('change', {bubbles: true})); })\
             (document.querySelector('.search-filters select[name=language]'))",
        );
    });
    let listed =
        "[...document.querySelectorAll('.search-listing li a')].map(a => new URL(a.href).pathname)";
    wait_until(
        &tab,
        &format!("{listed}.length == 1"),
        10,
        "the French result",
        listed,
    );
    assert_eq!(js(&tab, listed), serde_json::json!(["/fr/stretching/"]));
    drop(server);
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn an_arabic_site_reads_right_to_left_at_1280_and_390_px() {
    let _serial = serial();
    let out = repo().join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let site = site_in(
        "ar",
        &[
            ("tamarin/index.md", "تمارين", "تمارين خفيفة بعد رفع الأثقال."),
            (
                "tamarin/tamdid.md",
                "التمدد بعد الرفعة المميتة",
                "التمدد اللطيف يساعد العضلات على الاسترخاء. انظر [الشد العضلي](shad.md).\n\n> [!NOTE]\n> ابدأ ببطء.\n\n## لماذا أشعر بالألم؟\n\nغالبًا بسبب شد عضلي بسيط.\n\n## كم مرة أتمدد؟\n\nمرة أو مرتين يوميًا.",
            ),
            ("tamarin/shad.md", "الشد العضلي", "الشد يصيب العضلة، والالتواء يصيب الرباط. راجع [التمدد](tamdid.md)."),
        ],
    );
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    let mut problems = Vec::new();
    for size in [WIDE, NARROW] {
        let tab = chromium.tab(size);
        open(&tab, &server.url("tamarin/tamdid/"));
        let at = format!("at {} px", size.0);
        let dir = js(
            &tab,
            "getComputedStyle(document.querySelector('.prose')).direction",
        );
        if dir != "rtl" {
            problems.push(format!("{at}: the text runs {dir}"));
        }
        // The heading's right edge is the content's: text starts on the right.
        let (heading, prose) = (
            js(
                &tab,
                "document.querySelector('.article h1').getBoundingClientRect().right",
            ),
            js(
                &tab,
                "document.querySelector('.prose p').getBoundingClientRect().right",
            ),
        );
        if (heading.as_f64().unwrap() - prose.as_f64().unwrap()).abs() > 2.0 {
            problems.push(format!(
                "{at}: the heading ends at {heading}, the text at {prose}"
            ));
        }
        // The callout's coloured edge is on its right.
        let border = js(
            &tab,
            "getComputedStyle(document.querySelector('.callout')).borderRightWidth",
        );
        if border != "4px" {
            problems.push(format!("{at}: the callout's right border is {border}"));
        }
        if size == WIDE {
            // The section navigation is right of the article, the contents left.
            let edge = |css: &str, side: &str| {
                let rect =
                    format!("document.querySelector('{css}').getBoundingClientRect().{side}");
                js(&tab, &rect).as_f64().unwrap()
            };
            let (nav, toc) = (edge(".section-nav", "left"), edge(".toc", "right"));
            let (start, end) = (edge(".article h1", "right"), edge(".article h1", "left"));
            if nav < start || toc > end {
                problems.push(format!(
                    "{at}: navigation from {nav}, contents to {toc}, the article from {end} to {start}"
                ));
            }
        }
        if let Some(what) = sideways(&tab) {
            problems.push(format!("{at}: {what}"));
        }
        let png = tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        let name = if size == NARROW {
            "arabic-narrow"
        } else {
            "arabic"
        };
        std::fs::write(out.join(format!("{name}.png")), png).unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_phone_downloads_a_small_copy_of_a_large_photo() {
    let _serial = serial();
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, bytes: &[u8]| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("site.toml", b"title = \"Walks\"\n");
    write(
        "articles/hill/index.md",
        b"+++\ntitle = \"The hill\"\n+++\n\nThe walk in one picture.\n\n![The hill at dusk](hill.jpg)\n",
    );
    let photo = common::photo();
    write("articles/hill/hill.jpg", &photo);
    let server = Server::start(site.path(), &[]);
    let chromium = Chromium::launch();
    // (viewport, device pixels per CSS pixel, the copy it should load)
    let cases = [
        (NARROW, 3.0, "hill.jpg.1600w.webp"),
        (NARROW, 2.0, "hill.jpg.960w.webp"),
        (NARROW, 1.0, "hill.jpg.480w.webp"),
        (WIDE, 1.0, "hill.jpg.960w.webp"),
    ];
    let mut problems = Vec::new();
    for (size, scale, wanted) in cases {
        let tab = chromium.tab_scaled(size, scale);
        open(&tab, &server.url("hill/"));
        wait_until(
            &tab,
            "document.querySelector('.prose img').complete",
            15,
            "the photo loads",
            "document.querySelector('.prose img').currentSrc",
        );
        let loaded = js(&tab, "document.querySelector('.prose img').currentSrc");
        let bytes = js(
            &tab,
            "performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).filter(e => !e.name.includes('__lectern')).reduce((n, e) => n + e.encodedBodySize, 0)",
        );
        eprintln!(
            "{} px at {scale}x: {loaded}, {bytes} bytes in all (the photo alone is {} bytes)",
            size.0,
            photo.len()
        );
        if !loaded.as_str().is_some_and(|url| url.ends_with(wanted)) {
            problems.push(format!(
                "{} px at {scale}x loaded {loaded}, not {wanted}",
                size.0
            ));
        }
        if bytes.as_f64().unwrap_or(f64::MAX) >= photo.len() as f64 {
            problems.push(format!(
                "{} px at {scale}x downloaded {bytes} bytes",
                size.0
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A site of 24 articles, each with one section about hamstrings, in two
/// folders with two tags; "piriformis" is only far into one long intro.
fn hamstring_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.toml", "title = \"Legs\"\n");
    for n in 1..=24 {
        let (folder, tag) = if n % 2 == 0 {
            ("upper", "calm")
        } else {
            ("lower", "brisk")
        };
        write(
            &format!("articles/{folder}/drill-{n}.md"),
            &format!(
                "+++\ntitle = \"Drill {n}\"\ntags = [\"{tag}\"]\n+++\n\
                 Warm up gently before drill {n}.\n\n## Care\n\n\
                 Keep the knee soft. The hamstring takes the load slowly.\n"
            ),
        );
    }
    write(
        "articles/lower/deep.md",
        "+++\ntitle = \"Deep muscles\"\n+++\nThis page walks through the muscles that sit \
         deep in the hip and the lower back. Most of them are small and short. They steady \
         the joint while the large muscles move it. Rest between sets, and breathe out as you \
         lift. A tight piriformis can press on the nerve that runs beneath it.\n",
    );
    site
}

/// [`hamstring_site`], served, and a browser to read it.
fn hamstring_site_served() -> (tempfile::TempDir, Server, Chromium) {
    let site = hamstring_site();
    let server = Server::start(site.path(), &[]);
    (site, server, Chromium::launch())
}

/// Puts `query` in the header's search box, as typing would.
fn set_query(tab: &Tab, query: &str) {
    js(
        tab,
        &format!(
            "(i => {{ i.value = {query:?}; i.dispatchEvent(new Event('input')); }})(document.querySelector('#search-input'))"
        ),
    );
}

/// The text of the search results' status line, or "" while there is none.
const STATUS: &str =
    "((document.querySelector('#search-results .search-status') || {}).textContent || '')";

#[test]
fn search_counts_every_match_and_shows_more_on_request() {
    let _serial = serial();
    let (_site, server, chromium) = hamstring_site_served();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("lower/deep/"));
    tab.wait_until_visible("#search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("hamstring").unwrap();
    wait_until(
        &tab,
        &format!("{STATUS} == '24 results'"),
        10,
        "24 results",
        STATUS,
    );
    let links = "document.querySelectorAll('#search-results li a').length";
    assert_eq!(js(&tab, links), 10);
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    let out = repo().join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("search-results.png"), png).unwrap();
    tab.find_element(".search-more").unwrap().click().unwrap();
    wait_until(
        &tab,
        &format!("{links} == 20"),
        10,
        "20 results listed",
        links,
    );
    tab.find_element(".search-more").unwrap().click().unwrap();
    wait_until(
        &tab,
        &format!("{links} == 24"),
        10,
        "24 results listed",
        links,
    );
    assert_eq!(js(&tab, "!!document.querySelector('.search-more')"), false);
    // Every excerpt shows the word, marked.
    let unmarked = "[...document.querySelectorAll('#search-results .search-excerpt')]\
                    .filter(e => !e.querySelector('mark')).length";
    assert_eq!(js(&tab, unmarked), 0);

    // The search page lists them a page at a time.
    open(&tab, &server.url("search/?q=hamstring"));
    let listed = "document.querySelectorAll('.search-listing li a').length";
    wait_until(
        &tab,
        &format!("{listed} == 20"),
        10,
        "20 results on the page",
        listed,
    );
    let next = js(
        &tab,
        "document.querySelector('.search-listing a[rel=next]').href",
    );
    let next = next.as_str().unwrap().to_string();
    navigate(&tab, &next, || {
        tab.find_element(".search-listing a[rel=next]")
            .unwrap()
            .click()
            .unwrap();
    });
    wait_until(
        &tab,
        &format!("{listed} == 4"),
        10,
        "4 results on page 2",
        listed,
    );

    // A tag's filter keeps its articles' sections only.
    open(&tab, &server.url("search/?q=hamstring"));
    wait_until(
        &tab,
        "!!document.querySelector('.search-filters select[name=tag]')",
        10,
        "a tag filter",
        "document.querySelector('.search-filters').outerHTML",
    );
    js(
        &tab,
        "(() => { const s = document.querySelector('.search-filters select[name=tag]');
          s.value = [...s.options].find(o => o.textContent == 'calm').value;
          s.dispatchEvent(new Event('change', {bubbles: true})); })()",
    );
    let page_status =
        "(document.querySelector('.search-listing .search-status') || {}).textContent";
    wait_until(
        &tab,
        &format!("{page_status} == '12 results'"),
        10,
        "12 results tagged calm",
        page_status,
    );
    let paths = js(
        &tab,
        "[...document.querySelectorAll('.search-listing li a')].map(a => new URL(a.href).pathname)",
    );
    let paths = paths.as_array().unwrap();
    assert_eq!(paths.len(), 12);
    assert!(
        paths
            .iter()
            .all(|p| p.as_str().unwrap().starts_with("/upper/")),
        "{paths:?}"
    );
    assert_eq!(
        js(&tab, "new URLSearchParams(location.search).get('tag')"),
        "calm"
    );
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn search_reads_through_typos_and_shows_where_the_words_are() {
    let _serial = serial();
    let (_site, server, chromium) = hamstring_site_served();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("lower/deep/"));
    // Two letters on the way to a word wait quietly.
    tab.wait_until_visible("#search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("pi").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(js(&tab, STATUS), "");
    assert_eq!(
        js(&tab, "document.querySelector('#search-results').hidden"),
        true
    );
    // A misspelt word finds the word it was meant to be: one edit away
    // (two from eight letters on), a whole word rather than its stem; a
    // short word is not guessed at.
    for (typed, status) in [
        ("hamstirng", "Showing results for “hamstring”"),
        ("ahmstring", "Showing results for “hamstring”"),
        ("hmastrign", "Showing results for “hamstring”"),
        ("piriformus", "Showing results for “piriformis”"),
        ("piriforms", "Showing results for “piriformis”"),
        ("warm drlil", "Showing results for “warm drill”"),
        ("drlli", "No results for “drlli”"),
        ("knea", "No results for “knea”"),
    ] {
        set_query(&tab, typed);
        wait_until(
            &tab,
            &format!("{STATUS}.startsWith({status:?})"),
            10,
            &format!("{status} for {typed}"),
            STATUS,
        );
    }
    // The excerpt is the passage that holds the word, far into the intro.
    set_query(&tab, "piriformis");
    wait_until(
        &tab,
        &format!("{STATUS} == '1 result'"),
        10,
        "1 result",
        STATUS,
    );
    let excerpt = js(
        &tab,
        "[...document.querySelectorAll('#search-results a')].find(a => a.href.includes('/deep/'))\
         .querySelector('.search-excerpt mark').textContent",
    );
    assert_eq!(excerpt, "piriformis");
    // No word near any indexed one: no results, said once.
    set_query(&tab, "xylophone");
    wait_until(
        &tab,
        &format!("{STATUS} == 'No results for “xylophone”'"),
        10,
        "no results",
        STATUS,
    );
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn search_works_from_the_keyboard_and_highlights_the_words_it_opens() {
    let _serial = serial();
    let (_site, server, chromium) = hamstring_site_served();
    let tab = chromium.tab(WIDE);
    let problems = Problems::watch(&tab);
    open(&tab, &server.url("lower/deep/"));
    // Count what a screen reader is told while a query is typed.
    js(
        &tab,
        "window.told = []; new MutationObserver(() => told.push(document.querySelector('.search-live').textContent))\
         .observe(document.querySelector('.search-live'), {childList: true, characterData: true, subtree: true}); 0",
    );
    tab.press_key("/").unwrap();
    assert_eq!(js(&tab, "document.activeElement.id"), "search-input");
    tab.type_str("piriformis").unwrap();
    wait_until(
        &tab,
        &format!("{STATUS} == '1 result'"),
        10,
        "1 result",
        STATUS,
    );
    wait_until(&tab, "told.length > 0", 5, "the outcome said", "told");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(js(&tab, "told"), serde_json::json!(["1 result"]));
    if let Some(axe) = std::env::var_os("AXE_CORE_JS") {
        let violations = axe_violations(&tab, &std::fs::read_to_string(axe).unwrap());
        assert!(
            violations.is_empty(),
            "axe-core with the results open:\n{}",
            violations.join("\n")
        );
    }
    // Escape closes the results and stays in the box; ↓ goes to the first.
    tab.press_key("Escape").unwrap();
    assert_eq!(
        js(&tab, "document.querySelector('#search-results').hidden"),
        true
    );
    assert_eq!(js(&tab, "document.activeElement.id"), "search-input");
    tab.type_str(" ").unwrap();
    wait_until(
        &tab,
        "!document.querySelector('#search-results').hidden",
        10,
        "the results again",
        STATUS,
    );
    tab.press_key("ArrowDown").unwrap();
    let focused = js(&tab, "document.activeElement.href");
    let focused = focused.as_str().expect("a result has focus").to_string();
    assert!(
        focused.contains("/lower/deep/?highlight=piriformis"),
        "{focused}"
    );
    navigate(&tab, &focused, || {
        tab.press_key("Enter").unwrap();
    });
    // The page marks the word, until one click removes the marks.
    let marks = "[...document.querySelectorAll('main mark.search-hit')].map(m => m.textContent)";
    wait_until(
        &tab,
        &format!("{marks}.length == 1"),
        10,
        "the word marked",
        marks,
    );
    assert_eq!(js(&tab, marks), serde_json::json!(["piriformis"]));
    tab.find_element(".unhighlight").unwrap().click().unwrap();
    assert_eq!(js(&tab, &format!("{marks}.length")), 0);
    assert_eq!(js(&tab, "location.search"), "");
    assert_eq!(js(&tab, "!!document.querySelector('.unhighlight')"), false);
    let problems = problems.take();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}
