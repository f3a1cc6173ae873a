//! Embeds the default theme (`templates/` and `static/`) into the binary, so
//! `lectern` builds a site that has no theme files of its own. The preview's
//! live-reload client, `static/live-reload.js`, is embedded on its own: it is
//! served by `lectern serve` and never published.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The live-reload client, under `static/` but not part of the theme.
const LIVE_RELOAD: &str = "live-reload.js";

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    for (name, dir) in [("TEMPLATES", "templates"), ("STATIC", "static")] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        collect(&dir, &mut files);
        files.retain(|file| *file != root.join("static").join(LIVE_RELOAD));
        files.sort();
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for file in &files {
            let rel = file
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            writeln!(
                code,
                "    ({rel:?}, include_bytes!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let live_reload = root.join("static").join(LIVE_RELOAD);
    writeln!(
        code,
        "pub static LIVE_RELOAD: &str = include_str!({:?});",
        live_reload.display().to_string()
    )
    .unwrap();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("theme.rs");
    fs::write(out, code).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            files.push(path);
        }
    }
}
