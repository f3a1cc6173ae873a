//! Dates of the last commit of each article, when the site is kept in git,
//! so "Last updated" needs no front matter.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Path inside `articles/` → date (`YYYY-MM-DD`) of the last commit that
/// touched it. Empty when `root` is not in a git work tree or git is missing.
pub fn last_commit_dates(root: &Path) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let Ok(output) = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            "articles",
        ])
        .output()
    else {
        return dates;
    };
    if !output.status.success() {
        return dates;
    }
    // Newest first: the first date seen for a file is its last commit's.
    let text = String::from_utf8_lossy(&output.stdout);
    for commit in text.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = lines.next().map(str::trim) else {
            continue;
        };
        for file in lines.filter(|l| !l.is_empty()) {
            if let Some(source) = file.strip_prefix("articles/") {
                dates
                    .entry(source.to_string())
                    .or_insert_with(|| date.to_string());
            }
        }
    }
    dates
}
