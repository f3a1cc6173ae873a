//! `lectern serve`: pages are served, edits show up, errors show as an
//! overlay while the last good site stays up, and nothing outside the built
//! site can be fetched.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{code_text, request, Server};

/// Polls until `check` holds for the page, or fails after ten seconds.
fn wait_for(server: &Server, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = server.get(path);
        if check(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"Served\"\n").unwrap();
    std::fs::write(
        dir.path().join("articles/a.md"),
        "+++\ntitle = \"First\"\n+++\nOriginal text.\n",
    )
    .unwrap();
    dir
}

#[test]
fn edits_are_served_and_errors_overlay_the_last_good_site() {
    let dir = site();
    let server = Server::start(dir.path(), &[]);
    let (status, body) = server.get("/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Original text."));
    assert!(
        body.contains("__lectern/events"),
        "the live-reload script is injected"
    );
    let page = common::Page::parse(&body);
    let script = page.one("script[data-events]");
    assert_eq!(script.attr("data-events"), Some("/__lectern/events"));
    let (status, client) = server.get(script.attr("src").unwrap());
    assert_eq!(status, 200, "the live-reload client is served");
    assert!(client.contains("new EventSource"), "{client}");

    let article = dir.path().join("articles/a.md");
    std::fs::write(&article, "+++\ntitle = \"First\"\n+++\nEdited text.\n").unwrap();
    wait_for(&server, "/a/", "the edit", |b| b.contains("Edited text."));

    std::fs::write(
        &article,
        "+++\ntitle = \"First\"\ncatgory = \"x\"\n+++\nBroken text.\n",
    )
    .unwrap();
    let body = wait_for(&server, "/a/", "the error overlay", |b| {
        b.contains("lectern-errors")
    });
    assert!(
        body.contains("articles/a.md:3:1"),
        "the overlay names file:line:col"
    );
    assert!(
        body.contains("Edited text."),
        "the last good page stays served"
    );

    std::fs::write(&article, "+++\ntitle = \"First\"\n+++\nFixed text.\n").unwrap();
    let body = wait_for(&server, "/a/", "the fix", |b| b.contains("Fixed text."));
    assert!(
        !body.contains("lectern-errors"),
        "fixing the file clears the overlay"
    );
}

#[test]
fn new_and_deleted_articles_are_picked_up() {
    let dir = site();
    let server = Server::start(dir.path(), &[]);
    std::fs::write(
        dir.path().join("articles/b.md"),
        "+++\ntitle = \"Second\"\n+++\nNew page.\n",
    )
    .unwrap();
    wait_for(&server, "/b/", "the new article", |b| {
        b.contains("New page.")
    });
    std::fs::remove_file(dir.path().join("articles/b.md")).unwrap();
    let start = Instant::now();
    while server.get("/b/").0 != 404 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the deleted article is still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_outside_the_site_is_served() {
    let dir = site();
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/a/%2E%2E/%2e%2e/secret.txt",
        "//etc/passwd",
        "/site.toml",
        "/articles/a.md",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 404 || status == 400, "{path} gave {status}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
    let (status, body) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found"),
        "the site's 404 page is used"
    );
}

#[test]
fn base_path_previews_a_subpath_deployment() {
    let dir = site();
    let server = Server::start(dir.path(), &["--base-path", "/some/prefix/"]);
    assert_eq!(server.get("/some/prefix/a/").0, 200);
    assert_eq!(server.get("/a/").0, 404);
    let (status, _) = server.get("/some/prefix/a");
    assert_eq!(status, 301, "a folder without its slash redirects");
}

#[test]
fn polling_sees_edits_where_file_system_events_do_not_arrive() {
    let dir = site();
    let server = Server::start(dir.path(), &["--poll"]);
    // Polling compares modification times, which some file systems keep to
    // the second: edit in a later second than the first scan.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(
        dir.path().join("articles/a.md"),
        "+++\ntitle = \"First\"\n+++\nPolled text.\n",
    )
    .unwrap();
    wait_for(&server, "/a/", "the polled edit", |b| {
        b.contains("Polled text.")
    });
}

#[test]
fn the_search_index_follows_edits() {
    let dir = site();
    std::fs::write(
        dir.path().join("articles/b.md"),
        "+++\ntitle = \"Second\"\n+++\nA heron waits.\n\n## Fish\n\nIt eats fish.\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    wait_for(&server, "/search/meta.js", "the search index", |b| {
        b.contains("__lecternSearch")
    });
    let article = dir.path().join("articles/a.md");
    std::fs::write(
        &article,
        "+++\ntitle = \"First\"\n+++\nA zebrafish swims.\n",
    )
    .unwrap();
    wait_for(
        &server,
        "/search/terms/ze.js",
        "the new word in the index",
        |b| b.contains("zebrafish"),
    );
    // The word gone, its shard goes too, and the index served is the one
    // a build makes, file for file.
    std::fs::write(&article, "+++\ntitle = \"First\"\n+++\nA yak grazes.\n").unwrap();
    wait_for(&server, "/search/terms/ya.js", "the next word", |b| {
        b.contains("yak")
    });
    let out = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let built = out.path().to_str().unwrap();
    common::lectern_in(dir.path(), &["build", "--root", root, "--out", built]).assert_ok();
    let files = common::read_tree(&out.path().join("search"));
    let meta = std::str::from_utf8(&files["meta.js"]).unwrap();
    wait_for(&server, "/search/meta.js", "the index of the edit", |b| {
        b == meta
    });
    for (path, bytes) in files.iter().filter(|(path, _)| path.ends_with(".js")) {
        let (status, body) = server.get(&format!("/search/{path}"));
        assert_eq!(status, 200, "search/{path}");
        assert!(
            body.as_bytes() == bytes,
            "search/{path} differs from the build's"
        );
    }
    assert_eq!(server.get("/search/terms/ze.js").0, 404);
}

/// Sends the server Ctrl-C (SIGINT); its exit status and how long it took
/// to exit, failing after five seconds.
fn interrupt(server: &mut Server) -> (std::process::ExitStatus, Duration) {
    let pid = server.child.id().to_string();
    let start = Instant::now();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            return (exit, start.elapsed());
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the server did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = site();
    let mut server = Server::start(dir.path(), &[]);
    let (exit, _) = interrupt(&mut server);
    assert!(
        exit.success(),
        "it exits with success, not killed: {exit:?}"
    );
    assert!(
        TcpStream::connect(&server.address).is_err(),
        "the port is closed"
    );
}

/// A bug in a rebuild (here the template engine panicking) would stop the
/// rebuilds silently, and with them the preview.
#[test]
fn a_panic_in_a_rebuild_shows_as_an_error_and_the_preview_goes_on() {
    let dir = site();
    let server = Server::start(dir.path(), &[]);
    let huge = format!("17{}.0", "0".repeat(307));
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/article.html"),
        format!("{{% extends \"base.html\" %}}{{% block content %}}{{{{ {huge} + {huge} }}}}{{% endblock content %}}"),
    )
    .unwrap();
    let body = wait_for(&server, "/a/", "the error overlay", |b| {
        b.contains("lectern-errors")
    });
    let page = common::Page::parse(&body);
    let errors = common::text(page.one("#lectern-errors pre"));
    assert!(
        errors.starts_with("error: lectern failed: called `Option::unwrap()` on a `None` value"),
        "{errors}"
    );
    assert!(errors.contains("this is a bug in lectern"), "{errors}");
    assert_eq!(
        common::text(page.one(".prose p")),
        "Original text.",
        "the last good page stays served"
    );

    std::fs::remove_file(dir.path().join("templates/article.html")).unwrap();
    std::fs::write(
        dir.path().join("articles/a.md"),
        "+++\ntitle = \"First\"\n+++\nAfter the fix.\n",
    )
    .unwrap();
    let body = wait_for(&server, "/a/", "a rebuild after the panic", |b| {
        b.contains("After the fix.")
    });
    assert!(common::Page::parse(&body)
        .select("#lectern-errors")
        .is_empty());
}

/// A GET of `path` naming `host`.
fn get_as(server: &Server, host: &str, path: &str) -> (u16, String) {
    request(
        &server.address,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

/// A web page the author visits could rebind a name of its own to
/// 127.0.0.1 and read the preview.
#[test]
fn only_loopback_host_names_are_answered() {
    let dir = site();
    let server = Server::start(dir.path(), &[]);
    let port = server.address.rsplit(':').next().unwrap();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.localhost:{port}"),
        "localhost".to_string(),
    ] {
        let (status, body) = get_as(&server, &host, "/a/");
        assert_eq!(status, 200, "{host}");
        assert_eq!(
            common::text(common::Page::parse(&body).one(".prose p")),
            "Original text."
        );
    }
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
        format!("192.168.0.10:{port}"),
        format!("localhost.attacker.example:{port}"),
    ] {
        for path in ["/a/", "/__lectern/events", "/__lectern/live-reload.js"] {
            let (status, body) = get_as(&server, &host, path);
            assert_eq!(status, 421, "{host}{path}");
            assert!(!body.contains("Original text."), "{host}{path}: {body}");
            assert!(body.contains("--bind"), "{body}");
        }
    }
    // A request naming another host in its target, or none at all.
    let (status, _) = request(
        &server.address,
        "GET http://attacker.example/a/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 421);
    let (status, _) = request(&server.address, "GET /a/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 421);
}

/// Binding every address gave pages a `base_url` of `http://0.0.0.0:PORT/`,
/// which browsers cannot open.
#[test]
fn an_unspecified_bind_address_is_shown_and_used_as_loopback() {
    let dir = site();
    let server = Server::start(dir.path(), &["--bind", "0.0.0.0"]);
    let port = server
        .address
        .strip_prefix("127.0.0.1:")
        .expect("a loopback URL");
    let (status, body) = server.get("/a/");
    assert_eq!(status, 200);
    let page = common::Page::parse(&body);
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        [format!("http://127.0.0.1:{port}/a/")]
    );
    // Exposed on purpose: any name reaches it.
    let (status, _) = get_as(&server, &format!("laptop.lan:{port}"), "/a/");
    assert_eq!(status, 200);
}

/// Idle and half-open connections were never closed: enough of them stop
/// the preview from answering.
#[test]
fn silent_and_idle_connections_are_closed() {
    let dir = site();
    let server = Server::start(dir.path(), &[]);
    let closed_after = |stream: &mut TcpStream| {
        let start = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        start.elapsed()
    };
    let silent = std::thread::spawn({
        let address = server.address.clone();
        move || closed_after(&mut TcpStream::connect(address).unwrap())
    });
    let half_headers = std::thread::spawn({
        let address = server.address.clone();
        move || {
            let mut stream = TcpStream::connect(address).unwrap();
            stream
                .write_all(b"GET /a/ HTTP/1.1\r\nHost: local")
                .unwrap();
            closed_after(&mut stream)
        }
    });
    // Answered, then kept alive without a next request.
    let mut idle = TcpStream::connect(&server.address).unwrap();
    idle.write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut first = [0; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    for (what, elapsed) in [
        ("a silent connection", silent.join().unwrap()),
        ("half-sent headers", half_headers.join().unwrap()),
        ("an idle connection", closed_after(&mut idle)),
    ] {
        assert!(
            elapsed < Duration::from_secs(8),
            "{what} was closed after {elapsed:?}"
        );
    }
    assert_eq!(server.get("/a/").0, 200, "the preview still answers");
}

/// A browser tab's live-reload stream kept the server running after
/// Ctrl-C, which printed "Stopped." all the same.
#[test]
fn ctrl_c_stops_the_server_with_an_event_stream_open() {
    let dir = site();
    let mut server = Server::start(dir.path(), &[]);
    let mut events = Events::open(&server);
    assert_eq!(events.next()["kind"], "hello");
    let (exit, took) = interrupt(&mut server);
    assert!(took < Duration::from_secs(1), "stopping took {took:?}");
    assert!(exit.success(), "{exit:?}");
}

/// With `--poll` and a relative `--root` (`.`, the default) edits were
/// never seen, and with or without it the warnings of an edited file were
/// hidden as if they were another file's.
#[test]
fn serving_from_the_site_folder_rebuilds_and_shows_the_edited_files_warnings() {
    for args in [&["--poll", "--root", "."][..], &[]] {
        let dir = site();
        let preview = Server::start_in(dir.path(), args);
        assert_eq!(preview.get("/a/").0, 200);
        // Polling compares modification times, which some file systems keep
        // to the second: edit in a later second than the first scan.
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(
            dir.path().join("articles/a.md"),
            "+++\ntitle = \"First\"\n+++\nPolled text.\n\n#### Too deep\n",
        )
        .unwrap();
        let start = Instant::now();
        loop {
            let (_, body) = preview.get("/a/");
            if common::Page::parse(&body).texts(".prose p") == ["Polled text."] {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{args:?}: the edit was not served:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let start = Instant::now();
        while !preview.stderr().contains("heading level skipped") {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{args:?}: the edited file's warning was not printed:\n{}",
                preview.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let stderr = preview.stderr();
        let warning = stderr
            .split("\n\n")
            .find(|w| w.contains("heading level skipped"))
            .unwrap();
        assert!(warning.contains("--> articles/a.md:6:1"), "{warning}");
        assert!(!stderr.contains("warnings in other files"), "{stderr}");
    }
}

/// A listing outside `articles/` is a source too: editing it (or creating
/// it after the page failed for want of it) rebuilds the page, with file
/// system events and with polling.
#[test]
fn editing_an_included_listing_rebuilds_its_page() {
    for args in [&[][..], &["--poll"]] {
        let dir = site();
        std::fs::create_dir_all(dir.path().join("listings")).unwrap();
        std::fs::write(dir.path().join("listings/main.rs"), "fn first() {}\n").unwrap();
        std::fs::write(
            dir.path().join("articles/a.md"),
            "+++\ntitle = \"First\"\n+++\n```rust\n{{#include ../listings/main.rs}}\n```\n",
        )
        .unwrap();
        let server = Server::start(dir.path(), args);
        wait_for(&server, "/a/", "the listing", |b| {
            code_text(b).contains("fn first()")
        });
        // Polling compares modification times, which some file systems keep
        // to the second: edit in a later second than the first scan.
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(dir.path().join("listings/main.rs"), "fn second() {}\n").unwrap();
        wait_for(&server, "/a/", "the edited listing", |b| {
            code_text(b).contains("fn second()")
        });
        std::fs::remove_file(dir.path().join("listings/main.rs")).unwrap();
        let body = wait_for(&server, "/a/", "the missing listing's error", |b| {
            b.contains("lectern-errors")
        });
        assert!(body.contains("articles/a.md:5:1"), "{args:?}: {body}");
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(dir.path().join("listings/main.rs"), "fn third() {}\n").unwrap();
        wait_for(&server, "/a/", "the listing back", |b| {
            code_text(b).contains("fn third()") && !b.contains("lectern-errors")
        });
    }
}

#[test]
fn an_edit_of_the_theme_words_is_served() {
    let dir = site();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Served\"\nlanguage = \"de\"\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    let skip = |body: &str| common::text(common::Page::parse(body).one(".skip-link"));
    let (_, body) = server.get("/a/");
    assert_eq!(skip(&body), "Zum Inhalt springen");
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(
        dir.path().join("i18n/de.toml"),
        "skip_to_content = \"Zum Text\"\n",
    )
    .unwrap();
    wait_for(&server, "/a/", "the site's own words", |b| {
        skip(b) == "Zum Text"
    });
}

#[test]
fn an_edit_of_a_translation_is_served_with_its_search_index() {
    let dir = site();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Served\"\n\n[languages.fr]\ntitle = \"Servi\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("articles/a.fr.md"), "# Alpha en français\n").unwrap();
    let server = Server::start(dir.path(), &[]);
    let heading = |body: &str| common::text(common::Page::parse(body).one("main h1"));
    let (_, body) = server.get("/fr/a/");
    assert_eq!(heading(&body), "Alpha en français");
    wait_for(
        &server,
        "/fr/search/meta.js",
        "the French search index",
        |b| b.contains("Résultats de recherche"),
    );
    std::fs::write(dir.path().join("articles/a.fr.md"), "# Alpha, revu\n").unwrap();
    wait_for(&server, "/fr/a/", "the edited translation", |b| {
        heading(b) == "Alpha, revu"
    });
    // The page in the site's own language leads to it.
    let (_, body) = server.get("/a/");
    let page = common::Page::parse(&body);
    assert_eq!(
        page.one("nav.languages a[lang=fr]").value().attr("href"),
        Some("../fr/a/")
    );
}

/// An edit of the glossary changes every page using its terms: each is
/// served with the new definition, the page looked at first and every
/// other after; a new title shows on the pages linking to its article.
#[test]
fn an_edit_changing_many_pages_serves_each_of_them_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"Served\"\n").unwrap();
    let glossary = |definition: &str| {
        format!(
            "+++\ntitle = \"Glossary\"\nglossary = true\n+++\n## Erector spinae\n\n{definition}\n"
        )
    };
    std::fs::write(root.join("articles/glossary.md"), glossary("Old words.")).unwrap();
    let count = 3 * lectern::RENDERED_AT_ONCE;
    for n in 0..count {
        std::fs::write(
            root.join(format!("articles/a{n:02}.md")),
            format!(
                "+++\ntitle = \"Article {n:02}\"\ntags = [\"t\"]\n+++\nThe erector spinae holds.\n"
            ),
        )
        .unwrap();
    }
    let server = Server::start(root, &[]);
    let tip = |body: &str| {
        let page = common::Page::parse(body);
        page.one(".glossary-tip").text().collect::<String>()
    };
    assert_eq!(tip(&server.get("/a07/").1), "Old words.");

    std::fs::write(root.join("articles/glossary.md"), glossary("New words.")).unwrap();
    wait_for(&server, "/a07/", "the new definition", |b| {
        tip(b) == "New words."
    });
    for n in 0..count {
        let (status, body) = server.get(&format!("/a{n:02}/"));
        assert_eq!(status, 200, "a{n:02}");
        assert_eq!(tip(&body), "New words.", "a{n:02}");
    }

    std::fs::write(
        root.join("articles/a30.md"),
        "+++\ntitle = \"Article 30, renamed\"\ntags = [\"t\"]\n+++\nThe erector spinae holds.\n",
    )
    .unwrap();
    let has_title = |body: &str| {
        let page = common::Page::parse(body);
        let found = page
            .select("main a")
            .iter()
            .any(|a| a.text().collect::<String>().contains("Article 30, renamed"));
        found
    };
    wait_for(&server, "/a30/", "the new title", |b| {
        common::Page::parse(b).one("h1").text().collect::<String>() == "Article 30, renamed"
    });
    // Its neighbours, which link to it as previous and next.
    for listing in ["/a29/", "/a31/"] {
        let (status, body) = server.get(listing);
        assert_eq!(status, 200, "{listing}");
        assert!(
            has_title(&body),
            "{listing} links to the article by its new title"
        );
    }
}

/// The live-reload stream, read one message at a time.
struct Events(TcpStream, String);

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        stream
            .write_all(b"GET /__lectern/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Events(stream, String::new())
    }

    /// The next message's data, parsed.
    fn next(&mut self) -> serde_json::Value {
        loop {
            if let Some(start) = self.1.find("data: ") {
                if let Some(len) = self.1[start..].find("\n\n") {
                    let data = self.1[start + "data: ".len()..start + len].to_string();
                    self.1.drain(..start + len + 2);
                    return serde_json::from_str(&data).unwrap();
                }
            }
            let mut chunk = [0; 4096];
            let read = self
                .0
                .read(&mut chunk)
                .expect("a message within ten seconds");
            assert!(read > 0, "the stream ended early");
            self.1.push_str(&String::from_utf8_lossy(&chunk[..read]));
        }
    }
}

/// An edit of the stylesheet alone swaps it in open pages without a
/// reload, once the search index is served as well as after an article's
/// edit (the index was counted as a change besides the stylesheet).
#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_and_an_article_edit_reloads() {
    let dir = site();
    let stylesheet = dir.path().join("static/style.css");
    std::fs::create_dir_all(stylesheet.parent().unwrap()).unwrap();
    std::fs::write(&stylesheet, "body { color: black; }\n").unwrap();
    let server = Server::start(dir.path(), &[]);
    wait_for(&server, "/search/meta.js", "the search index", |b| {
        b.contains("__lecternSearch")
    });
    let mut events = Events::open(&server);
    assert_eq!(events.next()["kind"], "hello");

    std::fs::write(&stylesheet, "body { color: navy; }\n").unwrap();
    let message = events.next();
    assert_eq!(message["kind"], "css", "{message}");
    // The page names the new stylesheet, which the message offers.
    let page = common::Page::parse(&server.get("/a/").1);
    let link = page.one("link[rel=stylesheet]").attr("href").unwrap();
    let name = link.rsplit('/').next().unwrap();
    let assets = message["assets"].as_object().unwrap();
    assert!(
        assets
            .keys()
            .any(|asset| asset.ends_with(&format!("/{name}"))),
        "{name} is not among {assets:?}"
    );
    assert_eq!(
        server.get(&format!("/static/{name}")).1,
        "body { color: navy; }\n"
    );

    std::fs::write(
        dir.path().join("articles/a.md"),
        "+++\ntitle = \"First\"\n+++\nEdited text.\n",
    )
    .unwrap();
    assert_eq!(events.next()["kind"], "reload");
}
