//! A build killed half-way leaves the previous site whole.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_output_whole() {
    let site = Site::new(&[]);
    let body = "Some text for the page. ".repeat(200);
    for i in 0..1500 {
        site.write(
            &format!("articles/a{i}.md"),
            format!("+++\ntitle = \"Article {i}\"\n+++\n{body}\n"),
        );
    }
    site.build_ok(&[]);
    let before = snapshot(&site.out());

    // Change every page, so the next build has much to write, then kill it
    // as soon as its staging folder appears.
    for i in 0..1500 {
        site.write(
            &format!("articles/a{i}.md"),
            format!("+++\ntitle = \"Changed {i}\"\n+++\n{body}\n"),
        );
    }
    let staging = site.path(".public.lectern-staging");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !staging.exists() && start.elapsed() < Duration::from_secs(30) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let killed_mid_way = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();

    assert!(killed_mid_way, "the build was still writing when killed");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the previous output is untouched"
    );
    // Whatever the moment of the kill, the next build completes and cleans up.
    site.build_ok(&[]);
    assert!(!staging.exists(), "no staging folder is left behind");
    let page = site.read("public/a7/index.html");
    assert!(page.contains("Changed 7"));
}

/// A build killed between moving the old output aside and moving the new
/// one in would leave no `public/` at all; the next run puts it back, even
/// when that run fails.
#[test]
fn an_output_moved_aside_by_an_interrupted_swap_is_recovered() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    let before = snapshot(&site.out());
    std::fs::rename(site.out(), site.path(".public.lectern-old")).unwrap();
    site.write("articles/basics.md", "+++\ntitle = \"Broken\n+++\nText\n");
    site.build(&[]).assert_fails();
    assert_eq!(snapshot(&site.out()), before, "the previous output is back");
    assert!(!site.path(".public.lectern-old").exists());
}
