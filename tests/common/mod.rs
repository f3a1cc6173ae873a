//! Shared helpers for lectern's integration tests: fixture sites written
//! into temporary folders, the `lectern` binary, an HTML parser and a link
//! crawler for built output.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lectern::diagnostics::{Diagnostic, Diagnostics};
use scraper::{ElementRef, Html, Selector};

/// The `lectern` binary built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_lectern");

/// A minimal `site.toml`, written when a test does not bring its own.
pub const SITE_TOML: &str = "title = \"Test site\"\nbase_url = \"https://example.org/docs/\"\n";

/// A site in a temporary folder, deleted when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Writes `files` (path inside the site, content) into a new temporary
    /// site. A default `site.toml` is added unless `files` has one.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        if !files.iter().any(|(path, _)| *path == "site.toml") {
            site.write("site.toml", SITE_TOML);
        }
        for (path, content) in files {
            site.write(path, content);
        }
        site
    }

    /// Like [`Site::new`], for files whose paths and texts were generated.
    pub fn from_generated(files: &[(String, String)]) -> Site {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Site::new(&files)
    }

    /// A temporary folder with nothing in it.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    /// A copy of `tests/fixtures/<name>`, so the test may change it freely.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixture_path(name), site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// The default output folder, `public/`.
    pub fn out(&self) -> PathBuf {
        self.path("public")
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// `lectern <args> --root <site>` run from the site's folder.
    pub fn lectern(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap();
        all.extend(["--root", root]);
        lectern_in(self.root(), &all)
    }

    /// `lectern build` into `public/`, with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.lectern(&all)
    }

    /// `lectern build` that must succeed; returns the output folder.
    pub fn build_ok(&self, args: &[&str]) -> PathBuf {
        let run = self.build(args);
        run.assert_ok();
        let out = args
            .iter()
            .position(|a| *a == "--out")
            .map(|i| PathBuf::from(args[i + 1]))
            .unwrap_or_else(|| self.out());
        assert!(out.join("index.html").is_file(), "no index.html in {out:?}");
        out
    }

    /// Builds through the library API with default options.
    pub fn lib_build(&self) -> Result<lectern::Build, Diagnostics> {
        lectern::build(&self.options())
    }

    pub fn options(&self) -> lectern::BuildOptions {
        lectern::BuildOptions {
            root: self.root().to_path_buf(),
            ..Default::default()
        }
    }

    /// The library build's errors; panics when the build succeeds.
    pub fn lib_errors(&self) -> Diagnostics {
        match self.lib_build() {
            Ok(_) => panic!("expected the build to fail, but it succeeded"),
            Err(diagnostics) => diagnostics,
        }
    }

    /// A page of the built `public/` folder, parsed.
    pub fn page(&self, rel: &str) -> Page {
        Page::open(&self.out(), rel)
    }
}

/// `tests/fixtures/<name>` in the repository.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {from:?}: {e}")) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert!(
            self.success(),
            "lectern failed (exit {:?})\nstdout:\n{}\nstderr:\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit code 1, the failure of a bad site.
    #[track_caller]
    pub fn assert_fails(&self) -> &Run {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_stderr_has(&self, wanted: &str) -> &Run {
        assert!(
            self.stderr.contains(wanted),
            "stderr lacks {wanted:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs the binary in `cwd`.
pub fn lectern_in(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run lectern");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary, killing it after `limit`; `None` when it had to be killed.
pub fn lectern_with_timeout(cwd: &Path, args: &[&str], limit: Duration) -> Option<Run> {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lectern");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let output = child.wait_with_output().unwrap();
            return Some(Run {
                code: output.status.code(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The diagnostic at `location` (`articles/a.md:3:1`), or a panic listing
/// every diagnostic.
#[track_caller]
pub fn diagnostic_at<'a>(diagnostics: &'a Diagnostics, location: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.location() == location)
        .unwrap_or_else(|| panic!("no diagnostic at {location}; got:\n{diagnostics}"))
}

/// The only error of a failed build.
#[track_caller]
pub fn only_error(diagnostics: &Diagnostics) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "expected one error, got:\n{diagnostics}");
    errors[0]
}

/// A parsed HTML file.
pub struct Page {
    pub html: Html,
    /// The file, relative to the output folder.
    pub file: String,
}

impl Page {
    #[track_caller]
    pub fn open(out: &Path, rel: &str) -> Page {
        let text = fs::read_to_string(out.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel} in {out:?}: {e}"));
        Page {
            html: Html::parse_document(&text),
            file: rel.to_string(),
        }
    }

    pub fn parse(text: &str) -> Page {
        Page {
            html: Html::parse_document(text),
            file: String::new(),
        }
    }

    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.html.select(&selector).collect()
    }

    /// The element matching `css`, which must be exactly one.
    #[track_caller]
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(
            found.len(),
            1,
            "expected one `{css}` in {}, found {}",
            self.file,
            found.len()
        );
        found[0]
    }

    /// Whitespace-collapsed text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).into_iter().map(text).collect()
    }

    /// The `attr` of every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// Every `id` on the page.
    pub fn ids(&self) -> HashSet<String> {
        self.attrs("[id]", "id").into_iter().collect()
    }

    /// The `href` of the first link whose text is `text`.
    #[track_caller]
    pub fn href_of(&self, text_wanted: &str) -> String {
        self.select("a[href]")
            .into_iter()
            .find(|a| text(*a) == text_wanted)
            .and_then(|a| a.value().attr("href").map(str::to_string))
            .unwrap_or_else(|| panic!("no link with text {text_wanted:?} in {}", self.file))
    }

    /// The link whose text is `text`.
    #[track_caller]
    pub fn link(&self, text_wanted: &str) -> ElementRef<'_> {
        self.select("a[href]")
            .into_iter()
            .find(|a| text(*a) == text_wanted)
            .unwrap_or_else(|| panic!("no link with text {text_wanted:?} in {}", self.file))
    }

    /// Every JSON-LD block, parsed; panics on one that is not JSON.
    #[track_caller]
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        self.select("script[type=\"application/ld+json\"]")
            .into_iter()
            .map(|s| {
                let raw: String = s.text().collect();
                serde_json::from_str(&raw).unwrap_or_else(|e| {
                    panic!("JSON-LD in {} does not parse ({e}):\n{raw}", self.file)
                })
            })
            .collect()
    }
}

/// An element's text with runs of white space collapsed.
/// The text of every code block of a page, as a reader sees it (the
/// highlighter's spans aside).
pub fn code_text(html: &str) -> String {
    Page::parse(html).texts("pre code").concat()
}

pub fn text(element: ElementRef<'_>) -> String {
    let raw: String = element.text().collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading's text without its `#` self-link.
pub fn heading_text(element: ElementRef<'_>) -> String {
    let anchor = Selector::parse("a.anchor").unwrap();
    let mut full = text(element);
    for a in element.select(&anchor) {
        let t = text(a);
        if let Some(stripped) = full.strip_suffix(&t) {
            full = stripped.trim_end().to_string();
        }
    }
    full
}

/// Every file under `dir`, by path relative to it (with `/`), and its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The `.html` files of a built site, relative to `out`.
pub fn html_files(out: &Path) -> Vec<String> {
    read_tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// Whether a URL leaves the site (and is not the crawler's business).
pub fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
        || lower.starts_with("//")
}

/// Every URL a page points at, as (element description, URL): `a[href]`,
/// `link[href]`, `script[src]`, `img[src]`, the search script a page loads
/// on demand (`form[data-script]`) and the target of a
/// `<meta http-equiv="refresh">`.
pub fn page_urls(page: &Page) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for (css, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("form[data-script]", "data-script"),
    ] {
        for url in page.attrs(css, attr) {
            urls.push((css.to_string(), url));
        }
    }
    for content in page.attrs("meta[http-equiv=\"refresh\"]", "content") {
        if let Some((_, url)) = content.split_once("url=") {
            urls.push(("meta refresh".into(), url.trim().to_string()));
        }
    }
    urls
}

/// The file the redirect page `rel` (a file of the output) sends readers
/// to with its `<meta http-equiv="refresh">`, or `None` when it has none.
pub fn redirect_target(out: &Path, rel: &str) -> Option<String> {
    let page = Page::open(out, rel);
    let url = (page_urls(&page).into_iter())
        .find(|(what, _)| what == "meta refresh")
        .map(|(_, url)| url)?;
    resolve(out, rel, &url).map(|(file, _)| file)
}

/// Decodes `%xx` escapes.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Where a relative `url` on the page `page` (a file path relative to the
/// output) leads, as a file relative to the output: `#fragment` and
/// `?query` stripped, `dir/` mapped to `dir/index.html`. `None` when the URL
/// climbs above the output folder.
pub fn resolve(out: &Path, page: &str, url: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let path = percent_decode(path);
    let mut segments: Vec<String> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<String> = page.split('/').map(str::to_string).collect();
        dir.pop();
        dir
    };
    for component in Path::new(&path).components() {
        match component {
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir => {
                segments.pop()?;
            }
            Component::Normal(s) => segments.push(s.to_string_lossy().into_owned()),
            Component::Prefix(_) => return None,
        }
    }
    let mut file = segments.join("/");
    let is_dir = path.ends_with('/')
        || path.ends_with("/.")
        || path == "."
        || path.ends_with("..")
        || out.join(&file).is_dir();
    if is_dir {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((file, fragment))
}

/// Crawls every `.html` file of a built site and returns every broken
/// relative link (missing file, or `#fragment` with no such id in the
/// target page). External links are skipped.
pub fn crawl(out: &Path) -> Vec<String> {
    let mut ids: HashMap<String, Option<HashSet<String>>> = HashMap::new();
    let mut ids_of = |file: &str| -> Option<HashSet<String>> {
        ids.entry(file.to_string())
            .or_insert_with(|| {
                let text = fs::read_to_string(out.join(file)).ok()?;
                Some(Page::parse(&text).ids())
            })
            .clone()
    };
    let mut problems = Vec::new();
    for file in html_files(out) {
        let page = Page::open(out, &file);
        // A page with `<base href="https://host/site/">` (lectern's 404 page,
        // served at any depth) resolves its links from the site's root.
        let base = match page.attrs("base[href]", "href").first() {
            Some(href) if is_external(href) => "index.html".to_string(),
            _ => file.clone(),
        };
        for (what, url) in page_urls(&page) {
            if is_external(&url) {
                continue;
            }
            let Some((target, fragment)) = resolve(out, &base, &url) else {
                problems.push(format!("{file}: {what} `{url}` leaves the site"));
                continue;
            };
            if !out.join(&target).is_file() {
                problems.push(format!("{file}: {what} `{url}` → missing `{target}`"));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            if !target.ends_with(".html") {
                continue;
            }
            match ids_of(&target) {
                Some(ids) if ids.contains(&fragment) => {}
                _ => problems.push(format!(
                    "{file}: {what} `{url}` → no id `{fragment}` in `{target}`"
                )),
            }
        }
    }
    problems
}

/// Asserts a built site has no broken link or fragment.
#[track_caller]
pub fn assert_no_broken_links(out: &Path) {
    let problems = crawl(out);
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The `<loc>` of every URL in `sitemap.xml` of the output `out`.
pub fn sitemap_locs(out: &Path) -> Vec<String> {
    let xml = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml is written");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    (doc.descendants())
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

/// Every URL of every page that starts with `/` (and not `//`): a link that
/// breaks when the site is served under a prefix.
pub fn root_absolute_urls(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for file in html_files(out) {
        let page = Page::open(out, &file);
        for (what, url) in page_urls(&page) {
            if url.starts_with('/') && !url.starts_with("//") {
                found.push(format!("{file}: {what} `{url}`"));
            }
        }
    }
    found
}

/// `lectern serve --port 0 ...`, with its stderr collected; stopped when
/// dropped.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// The URL it printed: `http://127.0.0.1:PORT/base/path/`.
    base: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Serves the site at `root` and waits until the URL is printed.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        let root = root.to_str().expect("a UTF-8 path");
        let mut all = vec!["--root", root];
        all.extend_from_slice(args);
        Server::start_in(Path::new("."), &all)
    }

    /// `lectern serve --port 0 <args>` run from the folder `cwd`.
    pub fn start_in(cwd: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(cwd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lectern serve starts");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (pipe, collected) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.contains(" at http://"))
            .expect("lectern serve prints its URL");
        let base = line.split(" at ").nth(1).unwrap().trim().to_string();
        let address = base["http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            address,
            base,
            stderr,
        }
    }

    /// The URL of `path` under the served base path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// (status, body) of a GET of `path` (from the server's root).
    pub fn get(&self, path: &str) -> (u16, String) {
        request(
            &self.address,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends the raw HTTP `request` to `address`; (status, body) of the answer.
pub fn request(address: &str, request: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// What `search/meta.js` of the language at `prefix` (`""`, `fr/`) tells
/// the search box, as JSON.
pub fn search_meta(out: &Path, prefix: &str) -> serde_json::Value {
    let meta = fs::read_to_string(out.join(prefix).join("search/meta.js")).expect("meta.js");
    let json = (meta.split_once(',').expect("a call with the data").1)
        .trim_end()
        .trim_end_matches([')', ';']);
    serde_json::from_str(json).expect("meta.js holds JSON")
}

/// A 2400×1600 photo-like JPEG: smooth light with grain, which compresses
/// as photos do (a flat picture would make every copy tiny).
pub fn photo() -> Vec<u8> {
    let mut seed = 0x9e37_79b9_u32;
    let pixels = image::RgbImage::from_fn(2400, 1600, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 48) as i32 - 24;
        let sky = |base: i32| (base + grain).clamp(0, 255) as u8;
        let hill = y as f32 > 900.0 + 200.0 * (x as f32 / 300.0).sin();
        match hill {
            true => image::Rgb([sky(60), sky(110 + (y / 40) as i32), sky(50)]),
            false => image::Rgb([
                sky(120 + (x / 40) as i32),
                sky(150),
                sky(230 - (y / 10) as i32),
            ]),
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&pixels)
        .unwrap();
    out
}
